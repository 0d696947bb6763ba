"""Words of a sentence with their character spans, the unit every recogniser works on."""

from __future__ import annotations

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


def _is_word(token: Token) -> bool:
    return _STARTS_WITH_LETTER.match(token.text.lstrip(_APOSTROPHES)) is not None


def _capitalised(token: Token) -> bool:
    body = token.text.lstrip(_APOSTROPHES)
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
    # after an article such as "al-" or "'".
    lower: str = field(
        init=False, eq=False, repr=False, default=Factory(lambda t: t.text.lower(), takes_self=True)
    )
    is_word: bool = field(
        init=False, eq=False, repr=False, default=Factory(_is_word, takes_self=True)
    )
    capitalised: bool = field(
        init=False, eq=False, repr=False, default=Factory(_capitalised, takes_self=True)
    )


def tokenize(text: str, offset: int = 0) -> tuple[Token, ...]:
    """The tokens of a text, without its citation marks ("Jarajir,[6] Sahel" is read as
    "Jarajir, Sahel"); spans are shifted by `offset` (the text's place in its document)."""
    marks = [m.span() for m in CITATION.finditer(text)]
    return tuple(
        Token(m.start() + offset, m.end() + offset, m.group(0))
        for m in _TOKEN.finditer(text)
        if not marks or not any(start <= m.start() < end for start, end in marks)
    )
