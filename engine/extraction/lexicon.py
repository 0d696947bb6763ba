"""The data tables of the extractor (control verbs, place nouns, faction aliases), read once.

They ship inside the package (engine/extraction/data/*.toml), so an installed `frontline` has
them; reading them is the only file access of the extraction stages, and it is cached.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any

from attrs import frozen

from engine.names import name_key

# Adverbs that may stand inside a verb phrase ("was reportedly taken by").
_ADVERB = r"(?:\w+ly|also|then|later|eventually|finally|again|soon|already|briefly|once again)"


def _data(name: str) -> dict[str, Any]:
    text = resources.files("engine.extraction").joinpath("data").joinpath(name).read_text("utf-8")
    return tomllib.loads(text)


def phrase_pattern(phrases: Sequence[str]) -> re.Pattern[str]:
    """One case-insensitive pattern for a list of phrases, longest first, on whole words.

    A space in a phrase also lets an adverb in ("was reportedly taken"), so the tables need not
    list every way a reporter softens a verb.
    """
    ordered = sorted(phrases, key=len, reverse=True)
    body = "|".join(p.strip().replace(" ", rf"\s+(?:{_ADVERB}\s+)?") for p in ordered)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


@frozen
class Lexicon:
    """The words of control statements, places, hedges and incidents."""

    frames: Mapping[str, re.Pattern[str]]
    frame_words: frozenset[str]
    place_nouns: Mapping[str, str]
    buildings: frozenset[str]  # place nouns of sites inside a town
    quantifiers: tuple[str, ...]
    extents: Mapping[str, tuple[str, ...]]
    exceptions: tuple[str, ...]
    landmarks: tuple[str, ...]
    irrealis: re.Pattern[str]
    sources: frozenset[str]
    reporters: Mapping[str, str]
    incidents: tuple[tuple[str, re.Pattern[str]], ...]
    people: Mapping[str, str]
    vague_numbers: Mapping[str, tuple[int, int]]


@functools.cache
def lexicon() -> Lexicon:
    """The lexicon of engine/extraction/data/lexicon.toml."""
    data = _data("lexicon.toml")
    frames = data["frames"]
    words = data["words"]
    # The first words of the phrases, to tell that a faction after one is its object.
    frame_words = {
        phrase.split()[0]
        for phrases in frames.values()
        for phrase in phrases
        if re.fullmatch(r"[a-z-]+", phrase.split()[0])
    }
    return Lexicon(
        frames={name: phrase_pattern(phrases) for name, phrases in frames.items()},
        frame_words=frozenset(frame_words),
        place_nouns=dict(words["place_nouns"]),
        buildings=frozenset(words["buildings"]),
        quantifiers=tuple(sorted(words["quantifiers"], key=len, reverse=True)),
        extents={
            key: tuple(sorted(words[key], key=len, reverse=True))
            for key in ("part", "most", "nearly", "all")
        },
        exceptions=tuple(sorted(words["exceptions"], key=len, reverse=True)),
        landmarks=tuple(sorted(words["landmarks"], key=len, reverse=True)),
        irrealis=phrase_pattern(words["irrealis"]),
        sources=frozenset(words["sources"]),
        reporters=dict(words["reporters"]),
        incidents=tuple(
            (name, phrase_pattern(phrases)) for name, phrases in data["incidents"].items()
        ),
        people=dict(data["casualties"]["people"]),
        vague_numbers={k: (v[0], v[1]) for k, v in data["casualties"]["vague_numbers"].items()},
    )


@frozen
class PlaceWords:
    """Names that look like places but are not."""

    person_titles: frozenset[str]
    not_places: frozenset[str]  # name keys
    organisations: tuple[str, ...]  # names of bodies, with the reporting bodies of the lexicon


@functools.cache
def place_words() -> PlaceWords:
    """The tables of engine/extraction/data/places.toml."""
    data = _data("places.toml")
    return PlaceWords(
        person_titles=frozenset(data["words"]["person_titles"]),
        not_places=frozenset(name_key(n) for n in data["words"]["not_places"]),
        organisations=tuple(
            dict.fromkeys((*data["words"]["organisations"], *lexicon().reporters))
        ),
    )


@frozen
class FactionEntry:
    """A faction of the alias table."""

    id: str
    name: str
    aliases: tuple[str, ...]
    coalition: str | None = None
    country: str = ""


@frozen
class FactionTable:
    """The factions of the Syrian and Iraqi wars, and the generic names of state forces."""

    factions: tuple[FactionEntry, ...]
    # generic name -> country -> faction id ("the army" -> {"syria": "government", ...})
    generic: Mapping[str, Mapping[str, str]]


@functools.cache
def faction_table() -> FactionTable:
    """The alias table of engine/extraction/data/factions.toml."""
    data = _data("factions.toml")
    factions = tuple(
        FactionEntry(
            id=table["id"],
            name=table["name"],
            aliases=tuple(table.get("aliases", ())),
            coalition=table.get("coalition"),
            country=table.get("country", ""),
        )
        for table in data["faction"]
    )
    generic: dict[str, dict[str, str]] = {}
    for table in data.get("generic", []):
        countries = {k: v for k, v in table.items() if k != "aliases"}
        for alias in table["aliases"]:
            generic[alias] = countries
    return FactionTable(factions, generic)
