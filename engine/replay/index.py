"""A replay's index: its records (engine.replay.records), each place's records in order, and
checkpoints of the whole state; made by folding the log once, and held as flat arrays, so that
it can be saved (engine.replay.saved) and read back instead of folded again."""

from __future__ import annotations

from array import array
from collections.abc import Callable, Mapping
from typing import Any

from attrs import frozen

from engine.model.log import NUMPY_FROM, Log
from engine.model.world import World
from engine.replay.records import NO_RECORD, Records, fold_records, holdings_found

# Told how far the making of an index has got, from 0 to 1.
Progress = Callable[[float], None]
# What of making an index the fold is (the rest: grouping the records by place, checkpoints).
FOLD_SHARE = 0.85


@frozen
class ReplayIndex:
    """Everything a Replayer answers from: the records, and the indexes made from them."""

    records: Records
    # Per place, its records in order: those of place p are history[history_start[p]:
    # history_start[p + 1]], with their days alongside in history_day.
    history: array[int]
    history_day: array[int]
    history_start: array[int]
    # Each history entry's controller, status, since and event, side by side: one place on one
    # day then reads one stretch of memory, not four columns a million entries long.
    history_fields: array[int]
    # Each place's latest record after every `checkpoint_every` records (and before any).
    checkpoints: tuple[array[int], ...]
    checkpoint_every: int


def checkpoint_spacing(places: int, every: int | None = None) -> int:
    """How many records lie between two checkpoints: one every places/4 records keeps them at
    16 bytes a record, and a seek replays at most that many records (~1 ms) after the nearest."""
    return max(1, every or max(2048, places // 4))


def build_index(
    world: World,
    log: Log,
    place_index: Mapping[str, int],
    checkpoint_every: int | None = None,
    progress: Progress | None = None,
) -> ReplayIndex:
    """The index of a log's replay over the places numbered in `place_index`."""
    fold_progress = None if progress is None else (lambda done: progress(done * FOLD_SHARE))
    records = fold_records(world, log, place_index, fold_progress)
    holdings = holdings_found(records, world, log, place_index)
    if holdings:  # folded again with them (rare: most logs name the loser the replay has)
        records = fold_records(world, log, place_index, fold_progress, holdings)
    every = checkpoint_spacing(len(place_index), checkpoint_every)
    made = _columns_at_once if len(records) >= NUMPY_FROM else _record_by_record
    index = made(records, len(place_index), every)
    if progress is not None:
        progress(1.0)
    return index


def _record_by_record(records: Records, places: int, every: int) -> ReplayIndex:
    """Group the records by place (a counting sort: records stay in replay order) and take the
    checkpoints, in loops over the records."""
    start = array("i", [0]) * (places + 1)
    for place in records.place:
        start[place + 1] += 1
    for place in range(places):
        start[place + 1] += start[place]
    free = array("i", start)
    history = array("i", [0]) * len(records)
    days = array("i", [0]) * len(records)
    for record, (place, day) in enumerate(zip(records.place, records.day, strict=True)):
        history[free[place]] = record
        days[free[place]] = day
        free[place] += 1
    fields = array("i", [0]) * (4 * len(history))
    for offset, column in enumerate(
        (records.controller, records.status, records.since, records.event)
    ):
        fields[offset::4] = array("i", map(column.__getitem__, history))
    current = array("i", [NO_RECORD]) * places
    checkpoints = [array("i", current)]
    for first in range(0, len(records) - every + 1, every):
        for record, place in enumerate(records.place[first : first + every], first):
            current[place] = record
        checkpoints.append(array("i", current))
    return ReplayIndex(records, history, days, start, fields, tuple(checkpoints), every)


def _columns_at_once(records: Records, places: int, every: int) -> ReplayIndex:
    """The index `_record_by_record` makes, a column at a time (numpy does in 0.2 s what the
    loops do in 2 s at a million records)."""
    import numpy as np  # only to make an index: reading one back needs no numpy

    place = np.frombuffer(records.place, dtype=np.intc)
    history = np.argsort(place, kind="stable").astype(np.intc)  # replay order within a place
    start = np.zeros(places + 1, dtype=np.intc)
    np.cumsum(np.bincount(place, minlength=places), out=start[1:])
    fields = np.empty((len(history), 4), dtype=np.intc)
    for offset, column in ((0, records.controller), (2, records.since), (3, records.event)):
        fields[:, offset] = np.frombuffer(column, dtype=np.intc)[history]
    fields[:, 1] = np.frombuffer(records.status, dtype=np.uint8)[history]
    current = np.full(places, NO_RECORD, dtype=np.intc)
    checkpoints = [_ints(current)]
    numbers = np.arange(len(place), dtype=np.intc)
    for first in range(0, len(place) - every + 1, every):
        # A place may have several records in a chunk; its latest is the greatest number (a
        # plain assignment with repeated indexes does not promise which value stays).
        chunk = slice(first, first + every)
        np.maximum.at(current, place[chunk], numbers[chunk])
        checkpoints.append(_ints(current))
    return ReplayIndex(
        records,
        _ints(history),
        _ints(np.frombuffer(records.day, dtype=np.intc)[history]),
        _ints(start),
        _ints(fields.ravel()),
        tuple(checkpoints),
        every,
    )


def _ints(values: Any) -> array[int]:
    """A numpy array of C ints as an array.array (what the replayer indexes, a value at a time,
    several times faster than a numpy array)."""
    ints = array("i")
    ints.frombytes(memoryview(values).cast("B"))  # each is C-contiguous
    return ints
