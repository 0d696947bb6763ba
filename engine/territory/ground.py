"""Each side's ground on a day: its places and the area of their cells."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from attrs import frozen

from engine.model.control import State
from engine.model.factions import Factions
from engine.territory.partition import Partition

Sides = Sequence[str | None]  # each place's side, in the partition's order; None: unknown


def sides_of(partition: Partition, state: State, factions: Factions) -> list[str | None]:
    """Each place's side in a state (None where its control is unknown)."""
    sides: list[str | None] = []
    side_of: dict[str, str] = {}
    for place in partition.place_ids:
        controller = state.of(place).controller
        if controller is None:
            sides.append(None)
            continue
        if controller not in side_of:
            side_of[controller] = factions.side_of(controller, state.allegiance)
        sides.append(side_of[controller])
    return sides


@frozen
class Ground:
    """A side's territory: its places and their cells' area."""

    side: str | None  # None: ground whose control is unknown
    places: int
    km2: float


def ground(partition: Partition, sides: Sides) -> tuple[Ground, ...]:
    """Each side's places and area, the largest first, then the unknown ground."""
    places: Counter[str | None] = Counter()
    km2: defaultdict[str | None, float] = defaultdict(float)
    for side, area in zip(sides, partition.areas.tolist(), strict=True):
        places[side] += 1
        km2[side] += area
    known = sorted((s for s in places if s is not None), key=lambda s: (-km2[s], s))
    rows = [Ground(s, places[s], km2[s]) for s in known]
    if None in places:
        rows.append(Ground(None, places[None], km2[None]))
    return tuple(rows)
