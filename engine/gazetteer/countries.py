"""The words that name a country in a text: its demonyms, the names of its forces, and the
dateline cities of reports about it (engine/gazetteer/data/countries.toml)."""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterable, Mapping
from importlib import resources

from attrs import field, frozen

from engine.model.frozen import read_only
from engine.model.names import name_key


@frozen
class CountryWords:
    """Words that say which country a text is about."""

    words: Mapping[str, tuple[str, ...]] = field(converter=read_only)  # id -> demonyms
    datelines: Mapping[str, tuple[str, ...]] = field(converter=read_only)  # city key -> ids

    def of(self, country: str) -> tuple[str, ...]:
        """A country's name (its id, capitalised) and its other words."""
        return (country.title(), *self.words.get(country, ()))


@functools.cache
def country_words() -> CountryWords:
    """The table of engine/gazetteer/data/countries.toml."""
    text = resources.files("engine.gazetteer").joinpath("data", "countries.toml").read_text("utf-8")
    data = tomllib.loads(text)
    return CountryWords(
        {k: tuple(v) for k, v in data["country_words"].items()},
        {name_key(k): tuple(v) for k, v in data["datelines"].items()},
    )


def count_words(words: Iterable[str], text: str) -> int:
    """How often any of the words stands in a text as a whole word."""
    ordered = sorted(words, key=len, reverse=True)
    pattern = "|".join(re.escape(w) for w in ordered)
    return len(re.findall(rf"(?<![\w-])(?:{pattern})(?![\w-])", text)) if pattern else 0
