"""Factions: the actors of the Syrian and Iraqi wars found in a sentence through an alias table.

"ISIS", "ISIL", "IS", "Islamic State" and "Daesh" are one faction; "the army" and "government
forces" are the state of the article's country. A mention takes in the noun after it ("ISIS
fighters", "Al-Nusra forces"); "rebel-held" marks a holder rather than an actor; "Al-Nusra's" a
possessor. Names the table lacks become new factions (`new_faction`), with the coalition the
infobox gives them when it lists them under another combatant.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType

from attrs import field, frozen

from engine.extraction.layout import Article
from engine.extraction.lexicon import FactionEntry, faction_table
from engine.extraction.tokens import Token
from engine.extraction.toponyms import slug
from engine.names import name_key

# Nouns a faction's name takes after it without becoming another actor.
_MEMBERS = frozenset(
    {"fighters", "forces", "troops", "militants", "members", "units", "gunmen", "jihadists",
     "soldiers", "loyalists", "brigades", "battalions", "groups", "militiamen", "elements",
     "garrison", "unit", "fighter", "militant", "soldier", "commanders", "insurgents"}
)  # fmt: skip
_HOLDING = re.compile(r"^(?P<name>.+?)-(?:held|controlled|occupied|besieged)$", re.IGNORECASE)
_POSSESSIVE = re.compile(r"^(?P<name>.+?)['’]s?$")
_MAX_WORDS = 8


def _is_acronym(alias: str) -> bool:
    return len(alias) <= 5 and alias.isupper() and alias.isalpha()


@frozen
class FactionHit:
    """A faction named in a sentence."""

    first: int
    last: int  # exclusive
    text: str
    faction: str
    held: bool = False  # "rebel-held": who holds a place, not who acts
    possessive: bool = False  # "Al-Nusra's stronghold"


def _frozen(mapping: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(mapping))


def _frozen_entries(mapping: Mapping[str, FactionEntry]) -> Mapping[str, FactionEntry]:
    return MappingProxyType(dict(mapping))


@frozen
class Actors:
    """The factions an article may name, keyed by every spelling of every alias."""

    entries: Mapping[str, FactionEntry] = field(converter=_frozen_entries)
    keys: Mapping[str, str] = field(converter=_frozen)
    acronyms: Mapping[str, str] = field(converter=_frozen)  # exact spelling -> id

    @classmethod
    def for_country(cls, country: str) -> Actors:
        """The alias table with generic names ("the army") given to the country's state."""
        table = faction_table()
        entries = {f.id: f for f in table.factions}
        keys: dict[str, str] = {}
        acronyms: dict[str, str] = {}
        for entry in entries.values():
            for alias in (entry.name, *entry.aliases):
                if _is_acronym(alias):
                    acronyms[alias] = entry.id
                else:
                    keys.setdefault(name_key(alias), entry.id)
        for alias, countries in table.generic.items():
            target = countries.get(country)
            if target is not None:
                keys.setdefault(name_key(alias), target)
        return cls(entries, keys, acronyms)

    def with_new(self, entry: FactionEntry) -> Actors:
        """The table with a faction it lacked (from the infobox or the text)."""
        entries = {**self.entries, entry.id: entry}
        keys = dict(self.keys)
        for alias in (entry.name, *entry.aliases):
            keys.setdefault(name_key(alias), entry.id)
        return Actors(entries, keys, self.acronyms)

    def lookup(self, words: str) -> str | None:
        """The faction id of a name as written, if the table knows it."""
        if words in self.acronyms:
            return self.acronyms[words]
        if _is_acronym(words):
            return None
        return self.keys.get(name_key(words))

    def chain(self, faction_id: str) -> tuple[str, ...]:
        """The faction and its coalitions, innermost first."""
        chain = [faction_id]
        parent = self.entries[faction_id].coalition if faction_id in self.entries else None
        while parent is not None and parent not in chain:
            chain.append(parent)
            parent = self.entries[parent].coalition if parent in self.entries else None
        return tuple(chain)

    def compatible(self, a: str, b: str) -> bool:
        """True when one faction is the other or contains it."""
        return a in self.chain(b) or b in self.chain(a)

    def top(self, faction_id: str) -> str:
        """The top coalition of a faction."""
        return self.chain(faction_id)[-1]


def find_factions(tokens: Sequence[Token], text: str, offset: int, actors: Actors
                  ) -> tuple[FactionHit, ...]:  # fmt: skip
    """The factions named in a sentence's tokens, longest name first."""
    hits: list[FactionHit] = []
    index = 0
    while index < len(tokens):
        hit = _hit_at(tokens, text, offset, actors, index)
        if hit is None:
            index += 1
            continue
        last = hit.last
        # "ISIS fighters", "Jabhat Al-Nusra forces": the noun belongs to the mention.
        while last < len(tokens) and tokens[last].lower in _MEMBERS and not hit.held:
            last += 1
        if last != hit.last:
            words = text[tokens[hit.first].start - offset : tokens[last - 1].end - offset]
            hit = FactionHit(hit.first, last, words, hit.faction, hit.held, hit.possessive)
        hits.append(hit)
        index = hit.last
    return tuple(_merged(hits, tokens))


def _hit_at(tokens: Sequence[Token], text: str, offset: int, actors: Actors, index: int
            ) -> FactionHit | None:  # fmt: skip
    token = tokens[index]
    if not token.is_word:
        return None
    for length in range(min(_MAX_WORDS, len(tokens) - index), 0, -1):
        last = tokens[index + length - 1]
        if not last.is_word:
            continue
        words = text[token.start - offset : last.end - offset]
        held = _HOLDING.match(last.text)
        possessive = _POSSESSIVE.match(last.text) if "'" in last.text or "’" in last.text else None
        for candidate, is_held, is_possessive in (
            (words, False, False),
            (words[: len(words) - len(last.text)] + held.group("name"), True, False)
            if held
            else (None, False, False),
            (words[: len(words) - len(last.text)] + possessive.group("name"), False, True)
            if possessive
            else (None, False, False),
        ):
            if candidate is None:
                continue
            faction = actors.lookup(candidate)
            if faction is not None:
                return FactionHit(index, index + length, words, faction, is_held, is_possessive)
    return None


def _merged(hits: list[FactionHit], tokens: Sequence[Token]) -> Iterable[FactionHit]:
    """Adjacent mentions of one faction are one ("Syrian Arab Republic government troops")."""
    merged: list[FactionHit] = []
    for hit in hits:
        if merged and merged[-1].last == hit.first and merged[-1].faction == hit.faction:
            previous = merged.pop()
            hit = FactionHit(
                previous.first, hit.last, f"{previous.text} {hit.text}", hit.faction,
                hit.held, hit.possessive,
            )  # fmt: skip
        merged.append(hit)
    return merged


def article_country(article: Article) -> str:
    """The country an article is about ("syria" or "iraq"), for generic names of state forces."""
    place = article.item("Place", "Location")
    for text in (place.value if place else "", article.title):
        lowered = text.lower()
        if "iraq" in lowered and "syria" not in lowered:
            return "iraq"
        if "syria" in lowered and "iraq" not in lowered:
            return "syria"
    body = article.text.lower()
    syria = len(re.findall(r"\bsyria", body))
    iraq = len(re.findall(r"\biraq", body))
    return "iraq" if iraq > syria else "syria"


def new_faction(name: str, actors: Actors, coalition: str | None = None) -> FactionEntry:
    """A faction for a name the table lacks, with an id no other faction has."""
    base = slug(name)
    faction_id, number = base, 2
    while faction_id in actors.entries:
        faction_id, number = f"{base}_{number}", number + 1
    return FactionEntry(faction_id, name, (), coalition)


def combatants(article: Article, actors: Actors) -> tuple[Actors, tuple[str, ...]]:
    """Learn the factions of the infobox Combatant lists, and their coalitions.

    A list such as "Syrian Opposition, * Al-Nusra Front, ** Liwa X" nests by its stars: each
    name belongs to the nearest name before it with one star fewer. Names the table lacks become
    new factions. Returns the table and every faction the lists name.
    """
    named: list[str] = []
    for item in article.items("Combatant"):
        stack: list[tuple[int, str]] = []
        for raw in re.split(r",\s*(?=\*|[A-Z])", item.value):
            depth = len(raw) - len(raw.lstrip("*"))
            name = re.sub(r"\(.*?\)|\[.*?\]", "", raw.lstrip("* ")).strip(" ,;")
            if not name or len(name) > 60:
                continue
            while stack and stack[-1][0] >= depth:
                stack.pop()
            parent = stack[-1][1] if stack else None
            faction = actors.lookup(name)
            if faction is None:
                entry = new_faction(name, actors, parent)
                actors = actors.with_new(entry)
                faction = entry.id
            named.append(faction)
            stack.append((depth, faction))
    return actors, tuple(named)
