"""Factions, their aliases, and the coalitions they belong to."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from difflib import SequenceMatcher
from types import MappingProxyType

from attrs import field, frozen

from engine.errors import FrontlineError, Problem
from engine.model.frozen import read_only
from engine.model.names import name_key

# No unit has changed sides (an allegiance table: unit -> the faction it joined).
NO_ALLEGIANCE: Mapping[str, str] = MappingProxyType({})


@frozen
class Faction:
    """A party to the war, known by several names, and the faction it belongs to (if any)."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    coalition: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """Its id, name and aliases."""
        return (self.id, self.name, *self.aliases)



@frozen
class Factions:
    """Every faction of a scenario, looked up by id or any of its names."""

    by_id: Mapping[str, Faction] = field(converter=read_only)

    @classmethod
    def of(cls, factions: Iterable[Faction]) -> Factions:
        """Validate a list of factions: unique ids, known coalitions, no cycles."""
        by_id: dict[str, Faction] = {}
        problems = []
        for faction in factions:
            if faction.id in by_id:
                problems.append(Problem(f"faction {faction.id}", "id used twice"))
            by_id[faction.id] = faction
        for faction in by_id.values():
            if faction.coalition is not None and faction.coalition not in by_id:
                problems.append(
                    Problem(f"faction {faction.id}", f"unknown coalition {faction.coalition!r}")
                )
        if not problems:
            for faction in by_id.values():
                seen = {faction.id}
                parent = faction.coalition
                while parent is not None:
                    if parent in seen:
                        problems.append(Problem(f"faction {faction.id}", "coalition cycle"))
                        break
                    seen.add(parent)
                    parent = by_id[parent].coalition
        if problems:
            raise FrontlineError(problems)
        return cls(by_id)

    def __contains__(self, faction_id: object) -> bool:
        return faction_id in self.by_id

    def __iter__(self) -> Iterator[Faction]:
        return iter(self.by_id.values())

    def __len__(self) -> int:
        return len(self.by_id)

    def __getitem__(self, faction_id: str) -> Faction:
        return self.by_id[faction_id]

    def chain(
        self, faction_id: str, allegiance: Mapping[str, str] = NO_ALLEGIANCE
    ) -> tuple[str, ...]:
        """The faction and every coalition above it, innermost first, after any changes of
        allegiance (a unit that changed sides continues up its new side's chain)."""
        chain: list[str] = []
        current: str | None = faction_id
        while current is not None and current not in chain:
            chain.append(current)
            moved = allegiance.get(current)
            current = moved if moved is not None else self.by_id[current].coalition
        return tuple(chain)

    def side_of(self, faction_id: str, allegiance: Mapping[str, str] = NO_ALLEGIANCE) -> str:
        """A faction's side: the top of its chain (itself if it belongs to no coalition)."""
        return self.chain(faction_id, allegiance)[-1]

    def compatible(self, a: str, b: str) -> bool:
        """True when one faction is the other or contains it: "rebels" agrees with "Al-Nusra"."""
        return a in self.chain(b) or b in self.chain(a)

    def resolve(self, name: str) -> str:
        """The id of the faction known by this name (id, name or alias; any case or spelling)."""
        key = name_key(name)
        found = {f.id for f in self.by_id.values() if key in {name_key(n) for n in f.names}}
        if len(found) == 1:
            return found.pop()
        if found:
            raise FrontlineError(f"faction name {name!r} is ambiguous: {', '.join(sorted(found))}")
        suggested = self.suggest(name)
        hint = f"did you mean {' or '.join(suggested)}? " if suggested else ""
        raise FrontlineError(f"unknown faction {name!r}; {hint}`frontline factions` lists them")

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        """The names of the factions spelt most like a name none has ("Nusrah": "Al-Nusra
        Front"), a name's words each weighed alone too."""
        key = name_key(name)

        def likeness(faction: Faction) -> float:
            keys = {name_key(n) for n in faction.names}
            words = {w for k in keys for w in k.split() if len(w) >= 3}
            return max(SequenceMatcher(None, key, k).ratio() for k in keys | words)

        # The likest first; of those alike, the shortest name (a faction before its units).
        scored = sorted(
            ((likeness(f), f.name) for f in self.by_id.values()),
            key=lambda pair: (-pair[0], len(pair[1]), pair[1]),
        )
        return [faction for score, faction in scored[:limit] if score >= 0.75]
