"""Name keys: one spelling-insensitive key per name, so every way of writing a place matches."""

from __future__ import annotations

import re
import unicodedata

# Marks used for the Arabic ayn and hamza, and apostrophes of every kind.
_APOSTROPHES = "'`´‘’ʼʻʿʾ"
_SEPARATORS = re.compile(r"[\s\-_‐‑–—.,]+")


def name_key(name: str) -> str:
    """The key under which a name is matched: case, accents, apostrophes and hyphens ignored."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.translate({ord(ch): None for ch in _APOSTROPHES})
    words = _SEPARATORS.sub(" ", stripped).strip()
    if words.startswith("the "):
        words = words[4:]
    return words
