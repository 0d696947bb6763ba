"""Replay: control of every place on any day, from the log's records (engine.replay.records).

The fold writes one *record* per place per step that touches it, numbered in replay order and
kept in flat arrays. A state is then one array: for each place, its latest record. Seeking copies
the nearest checkpoint array and replays the records after it; stepping a day applies (or undoes,
through each record's predecessor) only that day's records; one place on one day is a bisection
of its own records. Control objects are made only when asked for."""

from __future__ import annotations

import bisect
import datetime as dt
from array import array
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from typing import overload

from attrs import frozen

from engine.model.control import UNKNOWN, Control, ControlTable, State, Status
from engine.model.events import ControlChanged, Event
from engine.model.factions import NO_ALLEGIANCE
from engine.model.log import Log
from engine.model.rules import changes_control
from engine.model.world import World
from engine.replay.apply import apply, begin
from engine.replay.implied import Holding, implied_holding, imply, implying_places
from engine.replay.index import Progress, ReplayIndex, build_index
from engine.replay.records import (
    NO_PENDING,
    NO_RECORD,
    PENDING,
    STATUS_BITS,
    STATUSES,
    UNKNOWN_CODE,
    ControlMaker,
)

# Materialised controls kept for reuse; beyond this many the cache starts again (memory stays flat).
CONTROL_CACHE = 200_000


@frozen
class Step:
    """One moment of the replay: an event beginning its date range, or taking effect."""

    day: dt.date
    event: Event
    takes_effect: bool

    @property
    def key(self) -> tuple[dt.date, int, str, bool]:
        """Replay order: by day, then log position (same-day events in the order written)."""
        return (self.day, self.event.position, self.event.id, self.takes_effect)


def schedule(log: Log) -> list[Step]:
    """Every step of a log in replay order: ranges begin on their first day, apply on their last."""
    steps = []
    for event in log:
        if changes_control(type(event)) and not event.when.exact:
            steps.append(Step(event.when.earliest, event, False))
        steps.append(Step(event.when.latest, event, True))
    steps.sort(key=lambda s: s.key)
    return steps


def fold(world: World, log: Log, until: dt.date | None = None) -> State:
    """The state at the end of a day, by folding every step from the start, with the holdings
    the log implies (engine.replay.implied): the reference replay."""
    return _fold(world, schedule(log), implied_holdings(world, log), until)


def fold_stated(world: World, log: Log, until: dt.date | None = None) -> State:
    """The state at the end of a day from the stated events alone, without implied holdings."""
    return _fold(world, schedule(log), (), until)


def _fold(
    world: World, steps: Sequence[Step], holdings: Sequence[Holding], until: dt.date | None
) -> State:
    """Fold the steps, each holding beginning on its first day before that day's steps."""
    waiting = sorted(holdings, key=lambda h: (h.start, h.place))
    state, begun = State(), 0
    for step in steps:
        limit = step.day if until is None else min(step.day, until)
        while begun < len(waiting) and waiting[begun].start <= limit:
            state = imply(state, waiting[begun])
            begun += 1
        if until is not None and step.day > until:
            break
        act = apply if step.takes_effect else begin
        state = act(state, step.event, world)
    return state


def implied_holdings(world: World, log: Log) -> list[Holding]:
    """Every holding the log implies, found by folding its stated events step by step: the
    reference for the records fold's own finding of them."""
    steps = schedule(log)
    state, holdings = State(), []
    for step in steps:
        event = step.event
        if step.takes_effect:
            for place in implying_places(event, world):
                before = state.of(place)
                known = log[before.event].when.latest if before.event else None
                assert isinstance(event, ControlChanged)  # implying_places names none else
                found = implied_holding(
                    event, place, before, world, state.allegiance, steps[0].day, known
                )
                if found is not None:
                    holdings.append(found)
        state = (apply if step.takes_effect else begin)(state, event, world)
    return holdings


@frozen
class Period:
    """A stretch of days over which one place's control did not change."""

    start: dt.date | None  # None: since before the log begins
    end: dt.date | None  # the day before the next change; None: still so at the end of the log
    control: Control


@frozen
class Change:
    """How one place's control differs between two days."""

    place: str
    before: Control
    after: Control


class Replayer:
    """Answers "who held what on a day, since when, and why" without refolding from the start."""

    def __init__(
        self,
        world: World,
        log: Log,
        checkpoint_every: int | None = None,
        index: ReplayIndex | None = None,
        progress: Progress | None = None,
    ) -> None:
        """A replayer of a log over a world, from its index when given (one made for this very
        world and log), else by folding the log (telling `progress` how far it has got)."""
        self.world = world
        self.log = log
        self.place_ids: Sequence[str] = world.places.place_ids
        self.place_index: dict[str, int] = {p: n for n, p in enumerate(self.place_ids)}
        if index is None:
            index = build_index(world, log, self.place_index, checkpoint_every, progress)
        self.index = index
        self.records = index.records
        self.checkpoint_every = index.checkpoint_every
        # controller number -> faction id
        self.names: tuple[str, ...] = log.columns()["names"] + self.records.extra_names
        self._history, self._history_day = index.history, index.history_day
        self._history_start, self._history_fields = index.history_start, index.history_fields
        self._checkpoints = index.checkpoints
        self._controls: dict[int, Control] = {}
        maker = ControlMaker(log, self.records.extra_names)
        maker.know_days(set(self.records.day))  # every `since` is the day of some record
        self._make = maker.make
        self._event_days: list[dt.date] | None = None

    # ------------------------------------------------------------------ records to controls

    def _control(self, record: int) -> Control:
        """The control a record stands for, made once and reused (a state is read many times)."""
        found = self._controls.get(record)
        if found is None:
            if record < 0:
                return UNKNOWN
            r = self.records
            status = r.status[record]
            pending = r.pending(record) if status & PENDING else NO_PENDING
            found = self._make(
                r.controller[record], status & ~PENDING, r.since[record], r.event[record], pending
            )
            if len(self._controls) >= CONTROL_CACHE:
                self._controls.clear()
            self._controls[record] = found
        return found

    def _known(self, record: int) -> bool:
        """False for no record, or a record that says no more than "unknown"."""
        r = self.records
        return record >= 0 and (
            r.controller[record] >= 0
            or r.event[record] >= 0
            or r.status[record] != UNKNOWN_CODE  # PENDING included
            or r.since[record] != 0
        )

    # ------------------------------------------------------------------ queries

    @property
    def first_day(self) -> dt.date | None:
        """The first day anything happens."""
        return dt.date.fromordinal(self.records.first_day) if self.records.first_day else None

    @property
    def last_day(self) -> dt.date | None:
        """The last day anything happens."""
        days = self.records.effect_days
        return dt.date.fromordinal(days[-1]) if days else None

    @property
    def event_days(self) -> list[dt.date]:
        """The days on which at least one event takes effect, in order."""
        if self._event_days is None:
            days = sorted(set(self.records.effect_days))
            self._event_days = [dt.date.fromordinal(day) for day in days]
        return self._event_days

    def records_through(self, day: dt.date) -> int:
        """How many records (changes to one place's entry) the replay writes on or before a day."""
        return bisect.bisect_right(self.records.day, day.toordinal())

    def _touched(self, first: int, stop: int) -> set[str]:
        """The places of the records numbered from `first` up to `stop`."""
        return {self.place_ids[place] for place in self.records.place[first:stop]}

    def _number(self, event_id: str) -> int:
        """An event's number in the log."""
        index = self.log.index_of(event_id)
        if index is None:
            raise KeyError(event_id)
        return index

    def at(self, day: dt.date) -> State:
        """The state at the end of a day: the nearest checkpoint, then the records after it."""
        count = self.records_through(day)
        checkpoint = min(count // self.checkpoint_every, len(self._checkpoints) - 1)
        current = array("i", self._checkpoints[checkpoint])
        first = checkpoint * self.checkpoint_every
        for record, place in enumerate(self.records.place[first:count], first):
            current[place] = record
        return State(ReplayedControl(self, current), self.allegiance_on(day))

    def allegiance_before(self, event_id: str) -> Mapping[str, str]:
        """Which units had changed sides just before an event took effect."""
        index = self._number(event_id)
        key = (self.log.days(index)[1], index)
        position = bisect.bisect_left(self.records.allegiance_changes, key)
        return self.records.allegiances[position - 1] if position else NO_ALLEGIANCE

    def allegiance_on(self, day: dt.date) -> Mapping[str, str]:
        """Which units had changed sides by the end of a day."""
        position = bisect.bisect_right(self.records.allegiance_changes, (day.toordinal(), 1 << 31))
        return self.records.allegiances[position - 1] if position else NO_ALLEGIANCE

    def control_at(self, place: str, day: dt.date) -> Control:
        """One place's control at the end of a day."""
        number = self.place_index.get(place)
        if number is None:
            return UNKNOWN
        first, last = self._history_start[number], self._history_start[number + 1]
        position = bisect.bisect_right(self._history_day, day.toordinal(), first, last) - 1
        if position < first:
            return UNKNOWN
        # The entry's fields side by side (ReplayIndex.history_fields), not four columns.
        fields, at = self._history_fields, 4 * position
        status = fields[at + 1]
        pending = NO_PENDING
        if status & PENDING:
            pending = self.records.pending(self._history[position])
        return self._make(fields[at], status & ~PENDING, fields[at + 2], fields[at + 3], pending)

    def control_before(self, place: str, event_id: str) -> Control:
        """One place's control just before an event took effect, after earlier same-day events."""
        number = self.place_index.get(place)
        if number is None:
            return UNKNOWN
        before = self.records.before_effect[self._number(event_id)]
        first, last = self._history_start[number], self._history_start[number + 1]
        position = bisect.bisect_left(self._history, before, first, last)
        return self._control(self._history[position - 1]) if position > first else UNKNOWN

    def advance(self, state: State, from_day: dt.date, to_day: dt.date) -> State:
        """The state on to_day from the state on from_day, touching only the places that changed."""
        if to_day == from_day:
            return state
        start, stop = self.records_through(from_day), self.records_through(to_day)
        table = state.control
        if isinstance(table, ReplayedControl) and table.replayer is self:
            current = array("i", table.current)
            if stop >= start:
                for record, place in enumerate(self.records.place[start:stop], start):
                    current[place] = record
            else:
                places, previous = self.records.place, self.records.previous
                for record in range(start - 1, stop - 1, -1):
                    current[places[record]] = previous[record]
            return State(ReplayedControl(self, current), self.allegiance_on(to_day))
        low, high = sorted((start, stop))
        changes = {place: self.control_at(place, to_day) for place in self._touched(low, high)}
        return state.evolve(changes, self.allegiance_on(to_day))

    def changes_between(self, before: dt.date, after: dt.date) -> list[Change]:
        """Places whose control differs between two days, in id order."""
        first, second = sorted(self.records_through(day) for day in (before, after))
        changes = []
        for place in sorted(self._touched(first, second)):
            old, new = self.control_at(place, before), self.control_at(place, after)
            if old != new:
                changes.append(Change(place, old, new))
        return changes

    def timeline(self, place: str) -> list[Period]:
        """The periods of one place's control, each with the event behind it."""
        number = self.place_index.get(place)
        if number is None:
            return []
        last_of_day: dict[int, int] = {}
        for position in range(self._history_start[number], self._history_start[number + 1]):
            # several steps on one day: keep the last
            last_of_day[self._history_day[position]] = self._history[position]
        starts: list[tuple[dt.date, Control]] = []
        for day, record in last_of_day.items():
            control = self._control(record)
            if not starts or starts[-1][1] != control:  # a step that changed nothing seen here
                starts.append((dt.date.fromordinal(day), control))
        return [
            Period(
                day,
                starts[n + 1][0] - dt.timedelta(days=1) if n + 1 < len(starts) else None,
                control,
            )
            for n, (day, control) in enumerate(starts)
        ]

    def events_that_changed(self, place: str) -> set[str]:
        """Ids of the events that changed one place's control (directly or through a region)."""
        number = self.place_index.get(place)
        if number is None:
            return set()
        first, last = self._history_start[number], self._history_start[number + 1]
        behind = (self.records.event[r] for r in self._history[first:last])
        return {self.log.id_of(e) for e in behind if e >= 0}

    def events_on(self, day: dt.date) -> DayEvents:
        """The events that take effect on a day, in log order."""
        days, order = self.records.effect_days, self.records.effect_order
        first = bisect.bisect_left(days, day.toordinal())
        stop = bisect.bisect_right(days, day.toordinal(), first)
        return DayEvents(self.log, range(first, stop) if order is None else order[first:stop])

    def controllers(self, state: State) -> list[str | None]:
        """Each place's controller in a state, in the order of place_ids (None: unknown)."""
        table = state.control
        if isinstance(table, ReplayedControl) and table.replayer is self:
            controller, names = self.records.controller, self.names
            codes = [controller[r] if r >= 0 else -1 for r in table.current]
            return [names[c] if c >= 0 else None for c in codes]
        return [state.of(p).controller for p in self.place_ids]

    def statuses(self, state: State) -> list[Status]:
        """Each place's status in a state, in the order of place_ids (a map of the day's ground
        reads every place: making each one's Control would cost ~17 ms at 10,000 places)."""
        table = state.control
        if isinstance(table, ReplayedControl) and table.replayer is self:
            status = self.records.status
            return [
                STATUSES[status[r] & STATUS_BITS] if r >= 0 else Status.UNKNOWN
                for r in table.current
            ]
        return [state.of(p).status for p in self.place_ids]

    def territory(self, state: State, by_side: bool = False) -> Counter[str]:
        """How many places each faction (or coalition) holds in a state."""
        table = state.control
        if isinstance(table, ReplayedControl) and table.replayer is self:
            controller = self.records.controller
            codes = Counter(controller[r] for r in table.current if r >= 0)
            held = Counter({self.names[c]: n for c, n in codes.items() if c >= 0})
        else:
            held = Counter(c.controller for c in table.values() if c.controller is not None)
        if not by_side:
            return held
        counts: Counter[str] = Counter()
        for faction, n in held.items():
            counts[self.world.factions.side_of(faction, state.allegiance)] += n
        return counts


class DayEvents(Sequence[Event]):
    """Events of a log by number, each made when it is read: a day of a big log holds thousands,
    and a screen shows a few of them."""

    def __init__(self, log: Log, numbers: Sequence[int]) -> None:
        self.log = log
        self.numbers = numbers

    @overload
    def __getitem__(self, index: int) -> Event: ...

    @overload
    def __getitem__(self, index: slice) -> DayEvents: ...

    def __getitem__(self, index: int | slice) -> Event | DayEvents:
        if isinstance(index, slice):
            return DayEvents(self.log, self.numbers[index])
        return self.log.event(self.numbers[index])

    def __len__(self) -> int:
        return len(self.numbers)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DayEvents):
            return NotImplemented
        return self.log is other.log and list(self.numbers) == list(other.numbers)

    __hash__ = None  # type: ignore[assignment]  # equal by contents, which are not hashed

    @property
    def ids(self) -> tuple[str, ...]:
        """The events' ids, without making the events."""
        return tuple(map(self.log.id_of, self.numbers))


class ReplayedControl(ControlTable):
    """The control of every place in one replayed state: a record number per place."""

    def __init__(self, replayer: Replayer, current: array[int]) -> None:
        self.replayer = replayer
        self.current = current

    def __getitem__(self, place: str) -> Control:
        number = self.replayer.place_index.get(place)
        record = NO_RECORD if number is None else self.current[number]
        if not self.replayer._known(record):
            raise KeyError(place)
        return self.replayer._control(record)

    def __iter__(self) -> Iterator[str]:
        known = self.replayer._known
        ids = self.replayer.place_ids
        return (ids[n] for n, record in enumerate(self.current) if known(record))

    def __len__(self) -> int:
        known = self.replayer._known
        return sum(1 for record in self.current if known(record))
