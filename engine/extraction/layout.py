"""The layout of an article: title, infobox items, sections, paragraphs and their sentences.

Two layouts are read: the seed's (`= Title =`, an `Infobox` of `- Key: value` lines, `==Section==`
headings, paragraphs) and plain prose (a news report, perhaps under a headline and a dateline).
A text that ends mid-sentence has its cut-off tail left out.
"""

from __future__ import annotations

import re

from attrs import frozen

from engine.dates import MONTHS
from engine.extraction.infobox import read_rendered
from engine.sentences import Sentence, split_paragraph

_HEADING = re.compile(r"^(=+)\s*(.*?)\s*=+\s*$")
_ITEM = re.compile(r"^-\s+([^:]{1,40}?)\s*:\s*(.*?)\s*$")
# Terminal punctuation, possibly inside closing quotes or brackets.
_COMPLETE = re.compile(r"[.!?][\"'”’)\]]*(?:\[\w{1,4}\])*$")


@frozen
class Item:
    """One item of the infobox (a `- Key: value` line, or a line of a rendered box); the span
    is the value's; `phase` is the date range of the phase a result belongs to, if any."""

    key: str
    value: str
    start: int
    end: int
    phase: str = ""


@frozen
class Paragraph:
    """A block of prose (or an infobox value read as text) with its sentences."""

    section: str
    start: int
    end: int
    sentences: tuple[Sentence, ...]
    infobox_key: str = ""
    phase: str = ""  # for an infobox result: the dates of its phase, as written

    @property
    def in_infobox(self) -> bool:
        """True for an infobox value read as statements (Result, Territory)."""
        return bool(self.infobox_key)


@frozen
class Article:
    """An article read into its parts; every span indexes `text`."""

    text: str
    title: str
    infobox: tuple[Item, ...]
    paragraphs: tuple[Paragraph, ...]
    has_sections: bool
    # Where a cut-off tail begins (left out of the paragraphs), if the text ends mid-sentence.
    cut_at: int | None = None

    def item(self, *keys: str) -> Item | None:
        """The first infobox item with one of these keys (any case)."""
        wanted = {k.lower() for k in keys}
        return next((i for i in self.infobox if i.key.lower() in wanted), None)

    def items(self, prefix: str) -> tuple[Item, ...]:
        """Infobox items whose key starts with a prefix ("Combatant" for Combatant1, ...)."""
        return tuple(i for i in self.infobox if i.key.lower().startswith(prefix.lower()))


# How many short lines may open a text before its prose (site name, title, "From Wikipedia").
_HEAD_LINES = 4

# Infobox items whose values are statements of the war, dated by the infobox Date.
STATEMENT_KEYS = ("result", "territory", "territorial changes", "territorial change")


def read_article(text: str) -> Article:
    """Read an article's layout: title, infobox, sections and paragraphs of sentences."""
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    box = None if any(line.strip() == "Infobox" for line in lines) else read_rendered(
        list(zip(offsets, lines, strict=False))
    )
    title = ""
    section = ""
    has_sections = False
    items: list[Item] = [
        Item(i.key, i.value, i.start, i.end, i.phase) for i in (box.items if box else ())
    ]
    blocks: list[tuple[str, int, int]] = []  # (section, start, end) of prose blocks
    in_infobox = False
    block_start: int | None = None
    block_end = 0
    offset = 0
    for number, line in enumerate(lines):
        body = line.rstrip("\r\n")
        stripped = body.strip()
        if box is not None and box.first_line <= number <= box.last_line:
            stripped = ""  # the rendered box: its items are read below, the rest left out
        line_start = offset + (len(body) - len(body.lstrip()))
        offset += len(line)
        heading = _HEADING.match(stripped)
        item = _ITEM.match(stripped) if in_infobox else None
        # A line break after a whole sentence ends a paragraph too: some copies of articles
        # keep one line per paragraph and no blank lines between them.
        follows_sentence = block_start is not None and _COMPLETE.search(text[block_start:block_end])
        ends_block = not stripped or heading or stripped == "Infobox" or item or follows_sentence
        if ends_block and block_start is not None:
            blocks.append((section, block_start, block_end))
            block_start = None
        if not stripped:
            in_infobox = False
            continue
        if heading:
            if len(heading.group(1)) == 1 and not title and not blocks and not items:
                title = heading.group(2)
            else:
                section, has_sections = heading.group(2), True
            in_infobox = False
            continue
        if stripped == "Infobox":
            in_infobox = True
            continue
        if item:
            value_start = line_start + item.start(2)
            items.append(
                Item(item.group(1), item.group(2), value_start, value_start + len(item[2]))
            )
            continue
        in_infobox = False
        if block_start is None:
            block_start = line_start
        block_end = line_start + len(stripped)
    if block_start is not None:
        blocks.append((section, block_start, block_end))
    if not title:
        title, blocks = _title(text, blocks)
    paragraphs = [
        Paragraph(section, start, end, tuple(split_paragraph(text[start:end], start)))
        for section, start, end in blocks
    ]
    cut_at = None
    if paragraphs and paragraphs[-1].sentences:
        last = paragraphs[-1]
        tail = last.sentences[-1]
        if not _COMPLETE.search(tail.text):
            # The text stops mid-sentence: its last words are no statement to extract.
            cut_at = tail.start
            kept = last.sentences[:-1]
            if kept:
                paragraphs[-1] = Paragraph(last.section, last.start, kept[-1].end, kept)
            else:
                paragraphs.pop()
    statements = [
        Paragraph(
            "Infobox",
            item.start,
            item.end,
            tuple(split_paragraph(text[item.start : item.end], item.start)),
            infobox_key=item.key,
            phase=item.phase,
        )
        for item in items
        if item.key.lower() in STATEMENT_KEYS and item.value
    ]
    return Article(
        text=text,
        title=title,
        infobox=tuple(items),
        paragraphs=(*statements, *paragraphs),
        has_sections=has_sections,
        cut_at=cut_at,
    )


def _title(text: str, blocks: list[tuple[str, int, int]]) -> tuple[str, list[tuple[str, int, int]]]:
    """The title among the short unpunctuated lines that open a text (a news report's
    headline; a copy's site name, "From Wikipedia", the article's title), and the blocks left.

    Of several, the title is the one whose words open the first paragraph of prose, as a
    Wikipedia lead repeats its title; else the first. All of them are left out of the prose."""
    heads = 0
    while (
        heads < min(len(blocks) - 1, _HEAD_LINES)
        and _is_headline(text, *blocks[heads][1:])
        and not _is_date_line(text[blocks[heads][1] : blocks[heads][2]])
    ):
        heads += 1
    if not heads:
        return "", blocks
    lead = _words(text[blocks[heads][1] : blocks[heads][2]])[:12]

    def overlap(block: tuple[str, int, int]) -> int:
        words = _words(re.sub(r"\(.*?\)", " ", text[block[1] : block[2]]))
        return sum(1 for w in words if w in lead) if words and words[0] in lead[:3] else 0

    best = max(range(heads), key=lambda n: (overlap(blocks[n]), -n))
    return text[blocks[best][1] : blocks[best][2]], blocks[heads:]


# The words of a line that only says when a report was written ("23 Aug, 2016 10:32 GMT").
_DATE_WORDS = set(MONTHS) | {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "updated", "published", "posted", "on", "at", "am", "pm", "gmt", "utc",
}


def _is_date_line(line: str) -> bool:
    """Whether a line is only a date (and time): the report's own date, not a headline."""
    words = re.findall(r"[^\W\d_]+", line.lower())
    return bool(re.search(r"\d", line)) and all(w.rstrip(".") in _DATE_WORDS for w in words)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z]+", text.lower())


def _is_headline(text: str, start: int, end: int) -> bool:
    line = text[start:end]
    return "\n" not in line and len(line) <= 150 and not _COMPLETE.search(line)
