"""Splitting an article into sentences, and finding the ones that carry a date."""

from __future__ import annotations

from engine.model.sentences import date_phrase, sentences, split_paragraph

TEXT = """= A title =

Infobox
- Date: 1 May – 3 June 2014
- Commander: Brig. Gen. A. B. Someone

==Part==
On 1 May, the town fell. The next day, Brig. Gen. Smith's unit withdrew to the 3.5 km line. \
Two days later it returned.
Fighters counted: 1,500. By late May the siege began. It ended"""


def test_sentences_keep_spans_and_skip_headings() -> None:
    found = list(sentences(TEXT))
    for sentence in found:
        assert TEXT[sentence.start : sentence.end] == sentence.text
    texts = [s.text for s in found]
    assert texts == [
        "- Date: 1 May – 3 June 2014",
        "- Commander: Brig. Gen. A. B. Someone",
        "On 1 May, the town fell.",
        "The next day, Brig. Gen. Smith's unit withdrew to the 3.5 km line.",
        "Two days later it returned.",
        "Fighters counted: 1,500.",
        "By late May the siege began.",
        "It ended",
    ]


def test_date_phrases() -> None:
    assert date_phrase("On 1 May, the town fell.") == "1 May"
    assert date_phrase("The next day, they left.") == "The next day"
    assert date_phrase("Two days later it returned.") == "Two days later"
    assert date_phrase("By late May the siege began.") is not None
    assert date_phrase("A few months later, SOHR said so.") == "A few months later"
    assert date_phrase("Fighters counted: 1,500.") is None
    assert date_phrase("ISIS pulled out to the T2 oil station.") is None


def test_splitting_opens_on_quotes_and_keeps_old_splits() -> None:
    text = 'He said it. "We left," they said. (The town fell.) U.S. troops stayed.'
    assert [s.text for s in sentences(text)] == [
        "He said it.",
        '"We left," they said.',
        "(The town fell.)",
        "U.S. troops stayed.",
    ]


def test_a_paragraph_over_several_lines_keeps_its_spans() -> None:
    text = "The Gen. said so. On 1 May the\nrebels left. Brig. Gen. X came."
    found = list(split_paragraph(text, offset=10))
    assert [s.text for s in found] == [
        "The Gen. said so.", "On 1 May the\nrebels left.", "Brig. Gen. X came.",
    ]  # fmt: skip
    assert all(text[s.start - 10 : s.end - 10] == s.text for s in found)
