"""Each side's ground on a day: its places and the area of their cells."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import TypeVar

from attrs import frozen

from engine.model.control import State, Status
from engine.replay.replayer import Replayer
from engine.territory.partition import Partition

Sides = Sequence[str | None]  # each place's side, in the partition's order; None: unknown
T = TypeVar("T")


def _in_order(partition: Partition, replayer: Replayer, values: list[T]) -> list[T]:
    """Values given in the order of the replayer's places, in the partition's order."""
    if list(partition.place_ids) == replayer.place_ids:  # the same world's places, in its order
        return values
    index = replayer.place_index
    return [values[index[p]] for p in partition.place_ids]


def sides_of(partition: Partition, replayer: Replayer, state: State) -> list[str | None]:
    """Each place's side in a replayed state (None where its control is unknown)."""
    factions = replayer.world.factions
    controllers = _in_order(partition, replayer, replayer.controllers(state))
    side_of = {c: factions.side_of(c, state.allegiance) for c in set(controllers) if c is not None}
    return [None if c is None else side_of[c] for c in controllers]


def statuses_of(partition: Partition, replayer: Replayer, state: State) -> list[Status]:
    """Each place's status in a replayed state: held, contested, besieged or unknown."""
    return _in_order(partition, replayer, replayer.statuses(state))


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
