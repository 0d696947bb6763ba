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

from engine.model.names import name_key

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
class Frame:
    """A kind of control statement: its phrases and what they mean (the [frames] of
    data/lexicon.toml, whose header says what each field is)."""

    name: str
    pattern: re.Pattern[str]
    reading: str  # the reader of patterns.py: active, expel, expelled, passive, nominal, ...
    kind: str  # the statement it makes: capture, withdrawal, contested, siege, ...
    how: str = ""  # how control passes; "" for a statement of a state
    loser_after: str = ""
    subject_leaves: bool = False
    state: bool = False
    begins: bool = False
    needs_by: bool = False
    after_leaving: bool = False

    def how_of(self, phrase: str, how_words: Mapping[str, str]) -> str:
        """How control passes by a phrase of the frame: its own words may say ("retaken")."""
        if not self.how:
            return ""
        words = re.findall(r"[a-z]+", phrase.lower())
        return next((how_words[w] for w in words if w in how_words), self.how)


_FRAME_FIELDS = ("reading", "kind", "how", "loser_after", "subject_leaves", "state", "begins",
                 "needs_by", "after_leaving")  # fmt: skip


def _frame(name: str, table: Mapping[str, Any]) -> Frame:
    unknown = set(table) - {*_FRAME_FIELDS, "phrases", "example"}
    if unknown:
        raise ValueError(f"lexicon.toml: frame {name!r} has unknown fields {sorted(unknown)}")
    fields = {k: table[k] for k in _FRAME_FIELDS if k in table}
    return Frame(name, phrase_pattern(table["phrases"]), **fields)


@frozen
class Lexicon:
    """The words of control statements, places, hedges and incidents."""

    frames: Mapping[str, Frame]
    how_words: Mapping[str, str]  # a phrase's words that say how control passed
    frame_words: frozenset[str]
    place_nouns: Mapping[str, str]
    buildings: frozenset[str]  # place nouns of sites inside a town
    quantifiers: tuple[str, ...]
    extents: Mapping[str, tuple[str, ...]]
    exceptions: tuple[str, ...]
    landmarks: tuple[str, ...]
    irrealis: re.Pattern[str]
    reporting: tuple[str, ...]  # verbs that report what happened
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
        for table in frames.values()
        for phrase in table["phrases"]
        if re.fullmatch(r"[a-z-]+", phrase.split()[0])
    }
    return Lexicon(
        frames={name: _frame(name, table) for name, table in frames.items()},
        how_words=dict(data["how_words"]),
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
        reporting=tuple(words["reporting"]),
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
