"""The fixed world of a scenario: its place graph and its factions."""

from __future__ import annotations

from collections.abc import Mapping

from attrs import frozen

from engine.factions import Factions
from engine.places import PlaceGraph


@frozen
class World:
    """Places and factions: what events refer to, and what never changes during a replay."""

    places: PlaceGraph
    factions: Factions

    def expand(self, targets: tuple[str, ...], excluded: tuple[str, ...] = ()) -> frozenset[str]:
        """The place ids that a list of places and regions stands for, minus the excluded."""
        found: set[str] = set()
        for target in targets:
            found |= self.places.members(target)
        for target in excluded:
            found -= self.places.members(target)
        return frozenset(found)

    def coalition_of(self, faction_id: str, allegiance: Mapping[str, str]) -> str:
        """The top-level coalition a faction fights for, after any change of allegiance."""
        seen: set[str] = set()
        current = faction_id
        while True:
            chain = self.factions.chain(current)
            moved = next((f for f in chain if f in allegiance and f not in seen), None)
            if moved is None:
                return chain[-1]
            seen.add(moved)
            current = allegiance[moved]
