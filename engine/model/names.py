"""Name keys: one spelling-insensitive key per name, so every way of writing a place matches."""

from __future__ import annotations

import re
import unicodedata

# Marks used for the Arabic ayn and hamza, and apostrophes of every kind.
_APOSTROPHES = "'`´‘’ʼʻʿʾ"
_DROP_APOSTROPHES = str.maketrans("", "", _APOSTROPHES)
_SEPARATORS = re.compile(r"[\s\-_‐‑–—.,]+")


def name_key(name: str) -> str:
    """The key under which a name is matched: case, accents, apostrophes and hyphens ignored."""
    folded = name.casefold()
    if not folded.isascii():  # ASCII has no accents to strip: skip the slow part
        decomposed = unicodedata.normalize("NFKD", folded)
        folded = "".join([ch for ch in decomposed if not unicodedata.combining(ch)])
    words = _SEPARATORS.sub(" ", folded.translate(_DROP_APOSTROPHES)).strip()
    if words.startswith("the "):
        words = words[4:]
    return words
