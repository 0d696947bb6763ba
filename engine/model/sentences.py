"""Sentences of an article, and which of them carry a date."""

from __future__ import annotations

import re
from collections.abc import Iterator

from attrs import frozen

from engine.model.dates import MONTHS


@frozen
class Sentence:
    """A sentence (or an infobox line) of a document, with its character span."""

    start: int
    end: int
    text: str


# Words after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    {"gen", "brig", "col", "lt", "maj", "capt", "sgt", "dr", "mr", "mrs", "ms", "st", "no", "vs",
     "etc", "approx", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
     "nov", "dec", "u.s", "e.g", "i.e", "a.m", "p.m", "gov", "sen", "rep", "pres", "prof", "cpl",
     "pvt", "adm", "jr", "sr", "mt", "nos", "u.n", "u.k"}
)  # fmt: skip
# Marks that may open a sentence before its first letter ("“We", "(The").
_OPENERS = "\"'“‘(["
# A full stop, its closing quotes or brackets, and the reference marks after it ("[95]").
_END = re.compile(r"[.!?][\"'”’)]*(?:\[\w{1,4}\])*(?=\s+|$)")


def sentences(text: str) -> Iterator[Sentence]:
    """The sentences of a plain-text article; headings and titles are left out, list lines kept."""
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\n")
        stripped = body.strip()
        if stripped and not stripped.startswith("=") and stripped != "Infobox":
            if stripped.startswith("- "):
                start = offset + body.index(stripped)
                yield Sentence(start, start + len(stripped), stripped)
            else:
                yield from split_paragraph(body, offset)
        offset += len(line)


def split_paragraph(paragraph: str, offset: int = 0) -> Iterator[Sentence]:
    """The sentences of one paragraph (which may span lines); spans are shifted by `offset`."""
    start = len(paragraph) - len(paragraph.lstrip())
    for match in _END.finditer(paragraph):
        end = match.end()
        before = paragraph[start : match.start()].split()
        last_word = before[-1].lower().rstrip(".") if before else ""
        following = paragraph[end:].lstrip()
        if last_word in _ABBREVIATIONS or (len(last_word) == 1 and last_word.isalpha()):
            continue
        opening = following.lstrip(_OPENERS)
        if following and not (opening[:1].isupper() or opening[:1].isdigit()):
            continue
        piece = paragraph[start:end].strip()
        if piece:
            yield Sentence(offset + start, offset + start + len(piece), piece)
        start = end + (len(paragraph[end:]) - len(following))
    tail = paragraph[start:].strip()
    if tail:
        yield Sentence(offset + start, offset + start + len(tail), tail)


_MONTH_NAMES = "|".join(sorted((m for m in MONTHS if len(m) > 3 or m == "may"), key=len))
_NUMBER_WORDS = "a few|few|several|one|two|three|four|five|six|seven|eight|nine|ten|\\d+"
DATE_PATTERNS = (
    rf"\b\d{{1,2}}\s*(?:–|-)?\s*(?:\d{{1,2}}\s+)?(?:{_MONTH_NAMES})\b",
    rf"\b(?:{_MONTH_NAMES})\s+\d{{1,2}}\b",
    rf"\b(?:early|mid|late)[- ](?:{_MONTH_NAMES}|\d{{4}})\b",
    rf"\b(?:in|since|by|until|from)\s+(?:{_MONTH_NAMES})\b",
    r"\b(?:19|20)\d\d\b",
    r"\b(?:the\s+)?(?:next|following|previous|same)\s+day\b",
    rf"\b(?:{_NUMBER_WORDS})\s+(?:days?|weeks?|months?|years?)\s+(?:later|earlier|before|after)\b",
    r"\bthat\s+day\b",
    r"\b(?:first|second|third|fourth)\s+day\b",
    r"\bby\s+this\s+(?:point|stage|time)\b",
    r"\bfollowing\s+this\b",
    r"\bsince\s+the\s+(?:start|beginning)\b",
    r"\b(?:meanwhile|afterwards|later that day)\b",
)
_DATED = re.compile("|".join(f"(?:{p})" for p in DATE_PATTERNS), re.IGNORECASE)


def date_phrase(sentence: str) -> str | None:
    """The first expression of time in a sentence ("On 3 July", "The next day"), if any."""
    match = _DATED.search(sentence)
    return match.group(0) if match else None
