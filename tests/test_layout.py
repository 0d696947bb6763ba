"""The layouts of articles as copies of web pages keep them: an infobox rendered as lines, its
keys glued to their values, results in phases, footnote marks in the prose. The articles are
invented for these tests."""

from __future__ import annotations

import datetime as dt

from engine.extraction import extract, load_gazetteer
from engine.extraction.layout import read_article
from engine.extraction.tokens import tokenize
from engine.extraction.writer import control_records

RENDERED = """Hills offensive (2019)

The Hills offensive was an operation of the Syrian Army in the Qalamoun mountains.

Hills offensive (2019)
Part of the Syrian civil war
A map of the hills.svg
Date3 March[1] – 20 April 2019
(1 month and 17 days)
Location
Qalamoun, Syria
Result

Syrian Army victory

  • Syrian Army captures Yabrud,[2] Qarah[3] and Maaloula[4]
  • Rebels withdraw from Rankus
Belligerents

Syrian Arab Republic
Free Syrian Army
Commanders and leaders
Gen. Nobody
Casualties and losses
40 killed

On 5 March 2019, the Syrian Army entered the town of An-Nabk after heavy fighting in the hills.
"""

PHASED = """Valley offensive (2018)

Valley offensive (2018)
Date 1 – 20 May 2018
(20 days) (First phase)

3 – 29 June 2018
(27 days) (Second phase)
Result First phase: Syrian Army victory
  • Syrian Army captures Yabrud
Second phase: Rebel victory
  • Rebels capture Maaloula
Casualties and losses
12 killed

The second phase began in June, when rebels came down from the mountains and attacked the villages.
"""


def test_citation_marks_are_no_words() -> None:
    text = "The army took Yabrud,[2] Qarah[3][a] and Maaloula[citation needed]."
    words = [t.text for t in tokenize(text)]
    assert words == ["The", "army", "took", "Yabrud", ",", "Qarah", "and", "Maaloula", "."]
    # Spans still point into the text as written.
    qarah = next(t for t in tokenize(text, 100) if t.text == "Qarah")
    assert text[qarah.start - 100 : qarah.end - 100] == "Qarah"


def test_a_rendered_infobox_is_read_by_its_shape() -> None:
    article = read_article(RENDERED)
    keys = [(i.key, i.value) for i in article.infobox]
    assert ("Date", "3 March – 20 April 2019 (1 month and 17 days)") in keys
    assert ("Place", "Qalamoun, Syria") in keys
    results = [v for k, v in keys if k == "Result"]
    assert results == [
        "Syrian Army victory",
        "Syrian Army captures Yabrud,[2] Qarah[3] and Maaloula[4]",
        "Rebels withdraw from Rankus",
    ]
    for item in article.infobox:  # each item's span is its value as written
        if item.key == "Result":
            assert RENDERED[item.start : item.end] == item.value
    prose = [RENDERED[p.start : p.end] for p in article.paragraphs if not p.in_infobox]
    assert prose[0].startswith("The Hills offensive was an operation")
    assert prose[-1].startswith("On 5 March 2019, the Syrian Army entered")
    assert not any("Belligerents" in p or "Gen. Nobody" in p for p in prose)


def test_results_of_a_rendered_box_are_dated_by_its_range() -> None:
    source = load_gazetteer()
    draft = extract(RENDERED, source.for_text(RENDERED), store=source.store)
    records = list(control_records(draft))
    boxed = {r["place"]: (r["earliest"], r["latest"]) for r in records if r.get("earliest")}
    for place in ("Yabrud", "Qarah", "Maaloula", "Rankus"):
        assert boxed[place] == ("2019-03-03", "2019-04-20"), place
    assert (draft.start, draft.end) == (dt.date(2019, 3, 3), dt.date(2019, 4, 20))
    entered = next(r for r in records if r["place"] == "An-Nabk")
    assert (entered["kind"], entered["date"]) == ("contested", "2019-03-05")


def test_each_phase_dates_its_own_results() -> None:
    article = read_article(PHASED)
    phases = {i.value: i.phase for i in article.infobox if i.key == "Result"}
    assert phases["Syrian Army captures Yabrud"] == "1 – 20 May 2018"
    assert phases["Rebels capture Maaloula"] == "3 – 29 June 2018"
    source = load_gazetteer()
    draft = extract(PHASED, source.for_text(PHASED), store=source.store)
    dates = {r["place"]: (r["earliest"], r["latest"]) for r in control_records(draft)}
    assert dates["Yabrud"] == ("2018-05-01", "2018-05-20")
    assert dates["Maaloula"] == ("2018-06-03", "2018-06-29")
    assert (draft.start, draft.end) == (dt.date(2018, 5, 1), dt.date(2018, 6, 29))


def test_a_date_line_under_a_headline_is_the_reports_date_not_a_second_title() -> None:
    text = (
        "Army pushes into border villages\n\n"
        "12 Mar, 2019\n\n"
        "Government forces captured the village of Qarah on Monday, a monitor said.\n"
    )
    article = read_article(text)
    assert article.title == "Army pushes into border villages"
    assert article.dated is not None
    assert text[slice(*article.dated)] == "12 Mar, 2019"
    prose = [text[p.start : p.end] for p in article.paragraphs]
    assert prose == ["Government forces captured the village of Qarah on Monday, a monitor said."]
    source = load_gazetteer()
    draft = extract(text, source.for_text(text), store=source.store)
    (qarah,) = [r for r in control_records(draft) if r["place"] == "Qarah"]
    # Monday before Tuesday 12 March 2019
    assert qarah["date"] == "2019-03-11"


def test_the_title_is_the_opening_line_the_lead_repeats() -> None:
    text = (
        "Encyclopaedia of the Wars\n\n"
        "From the free encyclopaedia\n\n"
        "Battle of the Hills (2019)\n\n"
        "The Battle of the Hills was fought in the Qalamoun mountains in 2019.\n"
    )
    article = read_article(text)
    assert article.title == "Battle of the Hills (2019)"
    prose = [text[p.start : p.end] for p in article.paragraphs]
    assert prose == ["The Battle of the Hills was fought in the Qalamoun mountains in 2019."]


def test_a_title_with_a_year_dates_the_undated_statements() -> None:
    text = (
        "Battle of the Hills (2019)\n\n"
        "The Battle of the Hills was fought in the Qalamoun mountains.\n\n"
        "The Syrian Army captured Qarah after a long siege.\n"
    )
    source = load_gazetteer()
    draft = extract(text, source.for_text(text), store=source.store)
    (qarah,) = [r for r in control_records(draft) if r["place"] == "Qarah"]
    assert (qarah["earliest"], qarah["latest"]) == ("2019-01-01", "2019-12-31")


def test_an_article_naming_only_a_year_in_its_prose_is_dated_within_that_year() -> None:
    text = (
        "The fighting in the hills began in 2016.\n\n"
        "The Syrian Army captured Qarah after a long siege.\n"
    )
    source = load_gazetteer()
    draft = extract(text, source.for_text(text), store=source.store)
    (qarah,) = [r for r in control_records(draft) if r["place"] == "Qarah"]
    assert (qarah["earliest"], qarah["latest"]) == ("2016-01-01", "2016-12-31")


def test_a_copys_source_line_and_date_header_are_no_title_and_no_prose() -> None:
    text = (
        "# source: https://news.example.org/2019/03/army-border\n\n"
        " date 2019-03-12 Army pushes into border villages\n"
        "Wire Service\n"
        "QARAH, Syria\n"
        "Government forces captured the village of Qarah on Monday, a monitor said.\n"
        "Rebels were seen leaving the hills.\n"
    )
    article = read_article(text)
    assert article.title == "Army pushes into border villages"
    assert article.dated is not None
    assert text[slice(*article.dated)] == "date 2019-03-12"
    sentences = [s.text for p in article.paragraphs for s in p.sentences]
    assert sentences == [
        "Government forces captured the village of Qarah on Monday, a monitor said.",
        "Rebels were seen leaving the hills.",
    ]
    source = load_gazetteer()
    draft = extract(text, source.for_text(text), store=source.store)
    (qarah,) = [r for r in control_records(draft) if r["place"] == "Qarah"]
    assert qarah["date"] == "2019-03-11"


def test_a_title_that_opens_with_a_month_and_year_is_a_title() -> None:
    text = "August 2014 Hills offensive\n\nThe August 2014 Hills offensive was fought in Qarah.\n"
    article = read_article(text)
    assert (article.title, article.dated) == ("August 2014 Hills offensive", None)


def test_a_text_wrapped_to_a_width_keeps_its_sentences_across_line_breaks() -> None:
    text = (
        "On 5 March 2019, after a week of shelling from the hills, the Syrian\n"
        "Army captured the town of Qarah, and rebels withdrew to the north in\n"
        "small groups. Two days later the army entered the nearby town of\n"
        "Yabrud after heavy fighting around its eastern approaches, a monitor\n"
        "said.\n"
    )
    sentences = [s.text for p in read_article(text).paragraphs for s in p.sentences]
    assert len(sentences) == 2
    assert "Syrian\nArmy captured" in sentences[0]


def test_the_lines_set_aside_are_listed_with_why() -> None:
    text = (
        "# source: https://news.example.org/2019/03/army-border\n\n"
        " date 2019-03-12 Army pushes into border villages\n"
        "Wire Service\n"
        "Government forces captured the village of Qarah on Monday, a monitor said.\n"
        "Rebels were seen leaving the hills.\n\n"
        "More stories from the wire\n\n"
        "Rebels abandon hill town\n\n"
        "Sign up for our letter\n"
    )
    article = read_article(text)
    aside = {text[start:end]: why for start, end, why in article.set_aside}
    assert set(aside) == {
        "# source: https://news.example.org/2019/03/army-border",
        "date 2019-03-12",
        "Army pushes into border villages",
        "Wire Service",
        "More stories from the wire",
        "Rebels abandon hill town",
        "Sign up for our letter",
    }
    assert "title" in aside["Army pushes into border villages"]
    assert "date" in aside["date 2019-03-12"]
    assert "links" in aside["Rebels abandon hill town"]
    sentences = [s.text for p in article.paragraphs for s in p.sentences]
    assert sentences[-1] == "Rebels were seen leaving the hills."
    # The draft lists them as left out, each with its reason; the link is no event.
    source = load_gazetteer()
    draft = extract(text, source.for_text(text), store=source.store)
    skipped = {s.quote: s.reason for s in draft.skipped}
    assert set(aside) <= set(skipped)
    assert all(skipped[line].startswith(why) for line, why in aside.items())
    assert [r["place"] for r in control_records(draft)] == ["Qarah"]


def test_a_text_cut_off_mid_sentence_keeps_its_last_lines_as_prose() -> None:
    text = "On 5 March 2019, the army took Qarah.\n\nOn 6 March 2019, rebels took Yabrud. The army"
    article = read_article(text)
    assert article.set_aside == ()
    assert article.cut_at == text.index("The army")


def test_a_heading_without_its_marks_is_the_section_of_the_prose_below() -> None:
    text = (
        "Hills offensive (2019)\n"
        "The Hills offensive was an operation of the Syrian Army in the Qalamoun mountains.\n"
        "Background\n"
        "Rebels had held the town of Qarah since 2012.\n"
        "Second phase – the push on Yabrud[edit]\n"
        "\n"
        "On 5 March 2019, the army entered Yabrud.\n"
        "The town fell two days later.\n"
    )
    article = read_article(text)
    sections = {s.text: p.section for p in article.paragraphs for s in p.sentences}
    assert sections == {
        "The Hills offensive was an operation of the Syrian Army in the Qalamoun mountains.": "",
        "Rebels had held the town of Qarah since 2012.": "Background",
        "On 5 March 2019, the army entered Yabrud.": "Second phase – the push on Yabrud",
        "The town fell two days later.": "Second phase – the push on Yabrud",
    }


def test_a_short_line_inside_a_paragraph_is_no_heading() -> None:
    # A line that does not follow a finished sentence goes on the paragraph it continues.
    text = "Hills offensive (2019)\n\nOn 5 March 2019, the army entered\nYabrud\nafter a fight.\n"
    article = read_article(text)
    assert {p.section for p in article.paragraphs} == {""}


def test_a_publication_line_with_a_clock_time_and_zone_dates_the_report() -> None:
    for line in (
        "Published 2:35 PM EST, January 13, 2023",
        "Updated 10:02 a.m. EDT, Jan. 13, 2023",
        "13 January 2023 14:35 CET",
    ):
        text = (
            f"Army pushes into border villages\n{line}\n\n"
            "KYIV, Ukraine (AP) — Ukrainian troops captured the village of Krasna Hora on Friday."
        )
        article = read_article(text)
        assert article.dated is not None, line
        source = load_gazetteer()
        draft = extract(text, source.for_text(text), store=source.store)
        (record,) = control_records(draft)
        assert record["date"] == "2023-01-13", line  # the Friday of the report's date
