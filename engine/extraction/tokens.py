"""Words of a sentence with their character spans, the unit every recogniser works on."""

from __future__ import annotations

import re

from attrs import frozen

from engine.gazetteer.spelling import ARTICLES

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


@frozen
class Token:
    """One word, number or punctuation mark, and where it stands in the text."""

    start: int
    end: int
    text: str

    @property
    def lower(self) -> str:
        """The word in lower case."""
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        """True for words (letters first), not numbers or punctuation."""
        return _STARTS_WITH_LETTER.match(self.text.lstrip(_APOSTROPHES)) is not None

    @property
    def capitalised(self) -> bool:
        """True when the word starts with a capital, after an article such as "al-" or "'"."""
        body = self.text.lstrip(_APOSTROPHES)
        if "-" in body and body.split("-", 1)[0].lower() in ARTICLES:
            body = body.split("-", 1)[1]
        return bool(body) and body[0].isupper()




def tokenize(text: str, offset: int = 0) -> tuple[Token, ...]:
    """The tokens of a text, without its citation marks ("Jarajir,[6] Sahel" is read as
    "Jarajir, Sahel"); spans are shifted by `offset` (the text's place in its document)."""
    marks = [m.span() for m in CITATION.finditer(text)]
    return tuple(
        Token(m.start() + offset, m.end() + offset, m.group(0))
        for m in _TOKEN.finditer(text)
        if not any(start <= m.start() < end for start, end in marks)
    )
