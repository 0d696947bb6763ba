"""Words of a sentence with their character spans, the unit every recogniser works on."""

from __future__ import annotations

import bisect
import functools
import re

from attrs import Factory, field, frozen

from engine.model.spelling import ARTICLES

# A word keeps its inner hyphens and apostrophes ("ez-Zor", "Ba'athist", "'Umar", "Syria's"),
# a number its separators ("2,000", "3.5"); every other visible character is a token of its own.
_LETTER = r"[^\W\d_]"
_APOSTROPHES = "'’`ʿʾ‘"
_WORD = rf"[{_APOSTROPHES}]?{_LETTER}[\w{_APOSTROPHES}]*(?:[-‐‑][\w{_APOSTROPHES}]+)*"
_NUMBER = r"\d+(?:[.,]\d+)*(?:%|st|nd|rd|th)?(?:-[^\W\d_]+)?"
_TOKEN = re.compile(rf"{_WORD}|{_NUMBER}|\S")
_STARTS_WITH_LETTER = re.compile(_LETTER)  # compiled once: is_word is asked of every token
# A copy of an article keeps its footnote marks: "[6]", "[a]", "[citation needed]", "[note 3]".
CITATION = re.compile(r"\[(?:\d{1,3}|[a-z]|citation needed|note \d{1,3})\]")


def _is_word(text: str) -> bool:
    return _STARTS_WITH_LETTER.match(text.lstrip(_APOSTROPHES)) is not None


def _capitalised(text: str) -> bool:
    body = text.lstrip(_APOSTROPHES)
    if "-" in body and body.split("-", 1)[0].lower() in ARTICLES:
        body = body.split("-", 1)[1]
    return bool(body) and body[0].isupper()


@frozen
class Token:
    """One word, number or punctuation mark, and where it stands in the text."""

    start: int
    end: int
    text: str
    # Read once, as every recogniser asks them of every token: the word in lower case; whether
    # it is a word (letters first), not a number or a mark; whether it starts with a capital,
    # after an article such as "al-" or "'". Read from the text unless given (`tokenize` gives
    # them as read once for every spelling).
    lower: str = field(
        kw_only=True, eq=False, repr=False,
        default=Factory(lambda t: t.text.lower(), takes_self=True),
    )  # fmt: skip
    is_word: bool = field(
        kw_only=True, eq=False, repr=False,
        default=Factory(lambda t: _is_word(t.text), takes_self=True),
    )  # fmt: skip
    capitalised: bool = field(
        kw_only=True, eq=False, repr=False,
        default=Factory(lambda t: _capitalised(t.text), takes_self=True),
    )  # fmt: skip


@functools.lru_cache(maxsize=1 << 16)
def _read(text: str) -> tuple[str, str, bool, bool]:
    """A token's text (one string for every token so written), in lower case, whether it is
    a word and whether capitalised: read once for each spelling, not for each of the million
    tokens of an article of megabytes (and their strings are not kept a million times over)."""
    return text, text.lower(), _is_word(text), _capitalised(text)


def tokenize(text: str, offset: int = 0) -> tuple[Token, ...]:
    """The tokens of a text, without its citation marks ("Jarajir,[6] Sahel" is read as
    "Jarajir, Sahel"); spans are shifted by `offset` (the text's place in its document)."""
    marks = [m.span() for m in CITATION.finditer(text)]
    starts = [start for start, _end in marks]

    def cited(at: int) -> bool:
        # The marks do not overlap: only the last to start at or before `at` may hold it (a
        # whole article has thousands of marks, too many to try each for every word).
        k = bisect.bisect_right(starts, at) - 1
        return k >= 0 and at < marks[k][1]

    tokens = []
    for m in _TOKEN.finditer(text):
        start, end = m.span()
        if marks and cited(start):
            continue
        word, lower, is_word, capitalised = _read(m.group(0))
        tokens.append(
            Token(start + offset, end + offset, word, lower=lower, is_word=is_word,
                  capitalised=capitalised)
        )  # fmt: skip
    return tuple(tokens)
