"""An infobox as a web page renders it, found by its shape: a "Date" line near the top, then the
lines of its other keys ("Location", "Result", "Territorial changes", "Belligerents", ...).

Copies of Wikipedia articles keep the infobox as plain lines, its keys often glued to their
values ("Date25 June – 30 July 2016"), its Result and Territorial changes as bullets, and, for
an offensive in phases, one date range per phase ("10 February – 16 March 2014 ... (Second
phase)") with a "Second phase:" heading above that phase's results. Those become the items the
flattened layout gives (`- Date: ...`), each result with the dates of its phase; the rest of the
box (belligerents, commanders, strength, casualties) is left out of the prose.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from attrs import frozen

from engine.extraction.tokens import CITATION

# A key of the box at the start of its line, and the item it becomes.
_KEYS = (
    ("Territorial changes", "Territory"), ("Territorial", "Territory"),
    ("Casualties and losses", "Casualties"), ("Commanders and leaders", "Commanders"),
    ("Units involved", "Units"), ("Belligerents", "Belligerents"), ("Strength", "Strength"),
    ("Location", "Place"), ("Result", "Result"), ("Date", "Date"),
)  # fmt: skip
_KEY_LINE = re.compile(r"^(?P<key>" + "|".join(re.escape(k) for k, _i in _KEYS) + r")(?![a-z])")
# The Date line of a rendered box: the key, then (glued or not) a day, a month or a year.
_DATE_LINE = re.compile(r"^Date\s*(?:\d|[A-Z][a-z]+ \d|\()")
_BULLET = re.compile(r"^[•*·\-–]\s*")
_PHASE = re.compile(r"\((?P<ordinal>[A-Z]?[a-z]+) phase\)")
_PHASE_HEADING = re.compile(r"^(?P<ordinal>[A-Z][a-z]+) phase\s*:", re.IGNORECASE)
_STATEMENT_KEYS = ("Result", "Territory")
_SEARCH_LINES = 150  # the box stands near the top
_PROSE = 100  # a line this long with a full stop inside is prose again
_PROSE_WORDS = 8  # and so is a line of this many words that ends a sentence


@frozen
class Item:
    """One item of an infobox (a `- Key: value` line, or an item of a rendered box, its key
    as the flattened layout names it and its value read with citation marks out and lines
    joined); the span is the value's; `phase` is the date range of the phase a result belongs
    to, if any."""

    key: str
    value: str
    start: int
    end: int
    phase: str = ""


@frozen
class RenderedBox:
    """The items of a rendered box, and the lines (numbers) it covers."""

    items: tuple[Item, ...]
    first_line: int
    last_line: int  # inclusive


def _clean(text: str) -> str:
    return " ".join(CITATION.sub("", text).split())


def _is_prose(line: str) -> bool:
    """True for a line of sentences, which ends the box: eight words or more that end a
    sentence, or a long line with a full stop inside."""
    stripped = line.strip()
    if _BULLET.match(stripped):
        return False  # a bullet of the box, however long
    ends = re.search(r"[.!?][\"'”’)\]]*$", stripped) is not None
    inner = len(stripped) >= _PROSE and re.search(r"\.\s+[A-Z]", stripped) is not None
    return (ends and len(stripped.split()) >= _PROSE_WORDS) or inner


def _phases(date_value: str) -> dict[str, str]:
    """The date range of each phase a Date value names ("... (Second phase)")."""
    phases: dict[str, str] = {}
    position = 0
    for found in _PHASE.finditer(date_value):
        before = date_value[position : found.start()]
        before = re.sub(r"\([^)]*\)", " ", before)  # "(1 month and 6 days)"
        phases[found.group("ordinal").lower()] = " ".join(before.split())
        position = found.end()
    return phases


def read_rendered(lines: Sequence[tuple[int, str]]) -> RenderedBox | None:
    """The rendered box among an article's lines ((offset, line) each), if it has one."""
    date_at = next(
        (n for n, (_o, line) in enumerate(lines[:_SEARCH_LINES]) if _DATE_LINE.match(line.strip())),
        None,
    )
    if date_at is None:
        return None
    first = date_at
    while first > 0:  # the captions and "Part of" lines just above the Date line
        line = lines[first - 1][1].strip()
        if not line or _is_prose(line) or re.search(r"[.!?]$", line):
            break
        first -= 1
    # The keys and their lines, to the first line of prose after them.
    keyed: list[tuple[str, list[int]]] = []
    last = date_at
    for number in range(date_at, len(lines)):
        line = lines[number][1].strip()
        key = _KEY_LINE.match(line)
        if key is not None and (number == date_at or key.group("key") != "Date"):
            name = dict(_KEYS)[key.group("key")]
            if keyed and keyed[-1][0] == "Territory" and name == "Territory":
                continue  # "Territorial" then "changes"
            keyed.append((name, [number]))
            last = number
            continue
        if line == "changes" and keyed and keyed[-1][0] == "Territory":
            continue
        if _is_prose(line) or re.match(r"^=+.*=+$", line):
            break
        if keyed and line:
            keyed[-1][1].append(number)
        last = number
    items = _items(lines, keyed)
    return RenderedBox(tuple(items), first, last)


def _items(lines: Sequence[tuple[int, str]], keyed: list[tuple[str, list[int]]]) -> list[Item]:
    items: list[Item] = []
    phases: dict[str, str] = {}
    for name, numbers in keyed:
        parts = []
        for number in numbers:
            offset, line = lines[number]
            text = line.rstrip("\r\n")
            if number == numbers[0]:
                key = _KEY_LINE.match(text.strip())
                assert key is not None
                start = offset + len(text) - len(text.lstrip()) + key.end()
                text = text.strip()[key.end() :]
                if name == "Territory" and not text.strip():
                    continue
            else:
                start = offset + len(text) - len(text.lstrip())
                text = text.strip()
            lead = len(text) - len(text.lstrip())
            text = text.strip()
            if text:
                parts.append((start + lead, text))
        if not parts:
            continue
        if name not in _STATEMENT_KEYS:
            value = _clean(" ".join(t for _s, t in parts))
            end = parts[-1][0] + len(parts[-1][1])
            items.append(Item(name, value, parts[0][0], end))
            if name == "Date":
                phases = _phases(value)
            continue
        phase = ""
        for start, text in parts:  # each line of a result is a statement of its own
            heading = _PHASE_HEADING.match(text)
            if heading is not None:
                phase = phases.get(heading.group("ordinal").lower(), "")
                rest = text[heading.end() :]
                start += heading.end() + len(rest) - len(rest.lstrip())
                text = rest.strip()
            bullet = _BULLET.match(text)
            if bullet is not None:
                start, text = start + bullet.end(), text[bullet.end() :]
            if text.strip():
                items.append(Item(name, text, start, start + len(text), phase))
    return items
