"""The fixed world of a scenario: its place graph and its factions."""

from __future__ import annotations

from collections.abc import Mapping

from attrs import frozen

from engine.model.factions import Factions
from engine.model.places import PlaceGraph


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

    def agree(self, holder: str, faction: str, allegiance: Mapping[str, str]) -> bool:
        """True when a statement about `faction` fits a place held by `holder` ("rebels" fits
        "Al-Nusra" and the other way round; a unit that changed sides fits its new side)."""
        chain = self.factions.chain
        return faction in chain(holder, allegiance) or holder in chain(faction)
