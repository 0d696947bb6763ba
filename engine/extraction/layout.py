"""The layout of an article: title, infobox items, sections, paragraphs and their sentences.

Two layouts are read: the seed's (`= Title =`, an `Infobox` of `- Key: value` lines, `==Section==`
headings, paragraphs) and plain prose (a news report, perhaps under a headline and a dateline).
A text that ends mid-sentence has its cut-off tail left out.
"""

from __future__ import annotations

import re

from attrs import frozen

from engine.extraction.infobox import Item, read_rendered
from engine.model.dates import MONTHS
from engine.model.sentences import Sentence, split_paragraph

_HEADING = re.compile(r"^(=+)\s*(.*?)\s*=+\s*$")
_ITEM = re.compile(r"^-\s+([^:]{1,40}?)\s*:\s*(.*?)\s*$")
# Terminal punctuation, possibly inside closing quotes or brackets.
_COMPLETE = re.compile(r"[.!?][\"'”’)\]]*(?:\[\w{1,4}\])*$")


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
    # Where the text says when it was written, on a line of its own above the prose.
    dated: tuple[int, int] | None = None
    # Lines that are not the article's prose, and why: (start, end, reason).
    set_aside: tuple[tuple[int, int, str], ...] = ()

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
    items: list[Item] = list(box.items if box else ())
    blocks: list[tuple[str, int, int]] = []  # (section, start, end) of prose blocks
    in_infobox = False
    block_start: int | None = None
    block_end = previous_start = 0
    wrapped = _wrapped(lines)
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
        # And in a text not wrapped to a width, so is one after a headline, a byline or a
        # dateline ("Associated Press", "BEIRUT, Lebanon") when a new line begins.
        follows_line = (
            block_start is not None
            and not wrapped
            and (stripped[:1].isupper() or stripped[:1].isdigit())  # "13 January 2023 14:35"
            and _is_headline(text, previous_start, block_end)
        )
        ends_block = (
            not stripped or heading or stripped == "Infobox" or item or follows_sentence
            or follows_line
        )  # fmt: skip
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
        previous_start = line_start
        block_end = line_start + len(stripped)
    if block_start is not None:
        blocks.append((section, block_start, block_end))
    dated = None
    set_aside: list[tuple[int, int, str]] = []
    if not title:
        title, dated, blocks, set_aside = _head(text, blocks)
    blocks, after = _tail(text, blocks)
    set_aside += after
    blocks = _bare_headings(text, blocks)
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
        dated=dated,
        set_aside=tuple(set_aside),
    )


_Blocks = list[tuple[str, int, int]]
_SetAside = list[tuple[int, int, str]]


def _head(text: str, blocks: _Blocks
          ) -> tuple[str, tuple[int, int] | None, _Blocks, _SetAside]:  # fmt: skip
    """The title among the short unpunctuated lines that open a text (a news report's
    headline; a copy's site name, "From Wikipedia", the article's title), where the text says
    when it was written (a date line, "date 2016-08-23 Headline"), the blocks left, and the
    lines set aside with why.

    Of several lines, the title is the one whose words open the first paragraph of prose, as a
    Wikipedia lead repeats its title; else the first. All of them are left out of the prose."""
    heads = 0
    while heads < min(len(blocks) - 1, _HEAD_LINES) and _is_headline(text, *blocks[heads][1:]):
        heads += 1
    dated: tuple[int, int] | None = None
    candidates: list[tuple[int, int]] = []  # (start, end) of lines that may be the title
    set_aside: _SetAside = []
    for _section, start, end in blocks[:heads]:
        line = text[start:end]
        if _URL.search(line) and len(_URL.sub(" ", line).split()) <= 3:
            set_aside.append((start, end, "where the copy was made, not the article"))
            continue
        prefix = _date_prefix(line)
        if prefix and dated is None:
            dated = (start, start + prefix)
            set_aside.append((start, start + prefix, "the date the report was written"))
            start += prefix + len(line[prefix:]) - len(line[prefix:].lstrip(" ,:-–—|"))
        if start < end:
            candidates.append((start, end))
    if not candidates:
        return "", dated, blocks[heads:], set_aside
    lead = _words(text[blocks[heads][1] : blocks[heads][2]])[:12]

    def overlap(span: tuple[int, int]) -> int:
        words = _words(re.sub(r"\(.*?\)", " ", text[span[0] : span[1]]))
        return sum(1 for w in words if w in lead) if words and words[0] in lead[:3] else 0

    best = max(range(len(candidates)), key=lambda n: (overlap(candidates[n]), -n))
    for n, (start, end) in enumerate(candidates):
        why = "the title: a headline restates the report" if n == best else (
            "a line above the article (a site's name, a byline, a place)"
        )  # fmt: skip
        set_aside.append((start, end, why))
    return text[slice(*candidates[best])], dated, blocks[heads:], sorted(set_aside)


def _tail(text: str, blocks: _Blocks) -> tuple[_Blocks, _SetAside]:
    """The blocks of prose without the short unpunctuated lines after its last sentence (a
    page's links to other stories, its sign-up box), and those lines, set aside."""
    end = len(blocks)
    while end > 1 and _is_headline(text, *blocks[end - 1][1:]) and not _SENTENCE_END.search(
        text[blocks[end - 1][1] : blocks[end - 1][2]]
    ):
        end -= 1
    if end == len(blocks) or not _COMPLETE.search(text[blocks[end - 1][1] : blocks[end - 1][2]]):
        return blocks, []  # a text cut off mid-sentence ends in prose, not in links
    why = "after the report's last sentence: the page's links and boxes, not the report"
    return blocks[:end], [(start, stop, why) for _section, start, stop in blocks[end:]]


def _bare_headings(text: str, blocks: _Blocks) -> _Blocks:
    """The blocks with the headings of a copy that lost its "==" marks taken out and made the
    section of the prose below them: a short unpunctuated line of its own between two
    paragraphs ("Background", "Aftermath[edit]")."""
    kept: _Blocks = []
    section = marked = ""
    for index, (own, start, end) in enumerate(blocks):
        if own != marked:  # a "==" heading after a bare one: the later heading holds
            section, marked = "", own
        line = text[start:end]
        if (
            0 < index < len(blocks) - 1
            and _is_headline(text, start, end)
            and line[:1].isupper()
            and len(line.split()) <= 12
            and _COMPLETE.search(text[kept[-1][1] : kept[-1][2]] if kept else "")
        ):
            section = _EDIT_MARK.sub("", line).strip(" –—-:")
            continue
        kept.append((section or own, start, end))
    return kept


_EDIT_MARK = re.compile(r"\s*\[edit\]\s*$")
# A sentence that ends inside a line: the line is prose, cut off or not.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+[A-Z]")
_URL = re.compile(r"https?://\S+|www\.\S+")
# The words of a line that says when a report was written ("23 Aug, 2016 10:32 GMT").
_DATE_WORDS = set(MONTHS) | {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "date", "updated", "published", "posted", "on", "at", "am", "pm", "a", "p", "m", "gmt",
    "utc", "est", "edt", "cst", "cdt", "pst", "pdt", "bst", "cet", "cest", "eet", "eest", "msk",
    "ast", "st", "nd", "rd", "th",
}
_DATE_TOKEN = re.compile(r"[^\W\d_]+\.?|\d+|[\s,:/.\-|]+")


def _date_prefix(line: str) -> int:
    """How long the date a line opens with is ("23 Aug, 2016", "date 2016-08-23",
    "Published: Monday 12 March 2018 10:32 GMT"), if it is a date with its year; else 0."""
    end = 0
    for token in _DATE_TOKEN.finditer(line):
        if token.start() != end:
            break
        word = token.group(0)
        if word[0].isalpha() and word.rstrip(".").lower() not in _DATE_WORDS:
            break
        end = token.end()
    found = line[:end].rstrip(" ,:-|/.")
    # A day and a year: "August 2014 offensive" opens with no report's date.
    dated = len(re.findall(r"\d+", found)) >= 2 and re.search(r"\b(?:19|20)\d\d\b", found)
    return len(found) if dated else 0


def _wrapped(lines: list[str]) -> bool:
    """Whether a text is wrapped to a width: most of its lines break mid-sentence, near one
    length (a text with one line per paragraph breaks lines only where sentences end)."""
    widths = [len(s) for line in lines if (s := line.strip())]
    widest = max(widths, default=0)  # once: a text of megabytes has a hundred thousand lines
    broken = sum(1 for line in lines if (s := line.strip()) and not _COMPLETE.search(s)
                 and len(s) >= 0.8 * widest)  # fmt: skip
    return len(widths) >= 4 and widest <= 100 and broken >= len(widths) / 2


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z]+", text.lower())


def _is_headline(text: str, start: int, end: int) -> bool:
    line = text[start:end]
    return "\n" not in line and len(line) <= 150 and not _COMPLETE.search(line)
