"""Spelling keys of place names: the ways one name is written, folded to one key.

Three keys, each looser than the one before, so that a name is matched as closely as it can be:

- `place_key`: case, accents, apostrophes and ayn marks, hyphens and the Arabic article ignored
  ("Ash-Shuhayl", "al-Shuhayl" and "Shuhayl" are one key);
- `loose_key`: also how vowels are spelt (a run of vowels, y and w is one vowel: Deir/Dayr,
  Zezoun/Zayzun, Tell/Tall/Tal, -iyah/-iyeh/-iya), doubled letters, the digraphs of
  transliteration (kh/k, gh/g, q/k), a final vowel or -ah/-eh, and Albu/Abu;
- `skeleton`: only the consonants, for near misses where a vowel is written or left out
  ("Nabek" and "Nabk").

The stdlib only: the gazetteer's index is built with these keys where nothing else is installed.
"""

from __future__ import annotations

import functools
import re

from engine.model.names import name_key

# Arabic article forms written before a name ("al-", "As-", "ash-", "ez-").
ARTICLES = frozenset(
    {"al", "el", "as", "ash", "at", "ad", "ar", "az", "an", "ath", "adh", "ez", "es", "ed", "et",
     "en", "er", "aj", "ul", "il"}
)  # fmt: skip

# Whole words that are one word spelt several ways, beyond what the letter rules fold.
_WORDS = {"albu": "abu", "bu": "abu", "abou": "abu"}
_DIGRAPHS = (
    (re.compile(r"tch|ch"), "sh"),  # French and German transliterations of the same sound
    (re.compile(r"kh"), "k"),
    (re.compile(r"gh"), "g"),
    (re.compile(r"dh"), "d"),
    (re.compile(r"th"), "t"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"dj"), "j"),
    (re.compile(r"ck|q|c(?![eiy])"), "k"),
)
_DOUBLED = re.compile(r"(zh|sh|ts|.)\1+")
_FINAL_H = re.compile(r"(?<=[aeiouyw])h$")
# A word-initial y or w is a consonant ("Yabrud", "Wadi"); elsewhere they belong to the vowel.
_VOWELS = re.compile(r"^[aeiou][aeiouyw]*|(?<=.)[aeiouyw]+")
_FINAL_VOWEL = re.compile(r"(?<=..)a$")
_LATIN = re.compile(r"^[a-z0-9 ]*$")


@functools.lru_cache(maxsize=1 << 16)  # an article asks for the same words again and again
def place_key(name: str) -> str:
    """The key under which place names match: `name_key` without the Arabic article."""
    return " ".join(w for w in name_key(name).split() if w not in ARTICLES)


def _loose_word(word: str) -> str:
    word = _WORDS.get(word, word)
    for pattern, replacement in _DIGRAPHS:
        word = pattern.sub(replacement, word)
    word = _FINAL_H.sub("", word)
    word = _DOUBLED.sub(r"\1", word)
    word = _VOWELS.sub("a", word)
    return _FINAL_VOWEL.sub("", word)


@functools.lru_cache(maxsize=1 << 16)
def loose_key(name: str) -> str:
    """A looser key for transliterations; "" for a name that is not in Latin letters."""
    key = place_key(name)
    if not _LATIN.match(key):
        return ""
    return "".join(_loose_word(word) for word in key.split())


def skeleton(name: str) -> str:
    """The consonants of a name's loose key, for near misses; "" when fewer than three."""
    consonants = _DOUBLED.sub(r"\1", loose_key(name).replace("a", "").replace("h", ""))
    return consonants if len(consonants) >= 3 else ""
