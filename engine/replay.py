"""Replay: control of every place on any day, folded once from the log into columns of integers.

The fold writes one *record* per place per step that touches it (who holds it, how, since when,
by which event, which ranged events may already have changed it), numbered in replay order and
kept in flat arrays. A state is then one array: for each place, its latest record. Seeking copies
the nearest checkpoint array and replays the records after it; stepping a day applies (or undoes,
through each record's predecessor) only that day's records; one place on one day is a bisection
of its own records. Control objects are made only when asked for.
"""

from __future__ import annotations

import bisect
import datetime as dt
from array import array
from collections import Counter
from collections.abc import Iterator, Mapping
from types import MappingProxyType

from attrs import frozen

from engine.apply import allegiance_after, apply, begin, places_acted_on
from engine.control import UNKNOWN, Control, ControlTable, State, Status
from engine.events import (
    AllegianceChanged,
    Contested,
    ControlChanged,
    Event,
    SiegeBegan,
    SiegeLifted,
)
from engine.log import CHANGES_CONTROL, KIND_CODES, Log
from engine.world import World

NO_RECORD = -1
CONTROL, ALLEGIANCE = KIND_CODES[ControlChanged], KIND_CODES[AllegianceChanged]
CONTESTED, SIEGE, SIEGE_LIFTED = (KIND_CODES[k] for k in (Contested, SiegeBegan, SiegeLifted))
ON_PLACES = frozenset(code for code, changes in enumerate(CHANGES_CONTROL) if changes)
STATUSES = (Status.UNKNOWN, Status.HELD, Status.CONTESTED, Status.BESIEGED)
UNKNOWN_CODE, HELD_CODE, CONTESTED_CODE, BESIEGED_CODE = range(4)
NO_PENDING: frozenset[int] = frozenset()
NO_PENDING_IDS: frozenset[str] = frozenset()
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
        if event.changes_control and not event.when.exact:
            steps.append(Step(event.when.earliest, event, False))
        steps.append(Step(event.when.latest, event, True))
    steps.sort(key=lambda s: s.key)
    return steps


def fold(world: World, log: Log, until: dt.date | None = None) -> State:
    """The state at the end of a day, by folding every step from the start: the reference replay."""
    state = State()
    for step in schedule(log):
        if until is not None and step.day > until:
            break
        act = apply if step.takes_effect else begin
        state = act(state, step.event, world)
    return state


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

    def __init__(self, world: World, log: Log, checkpoint_every: int | None = None) -> None:
        self.world = world
        self.log = log
        self.place_ids: list[str] = [p.id for p in world.places.places]
        self.place_index: dict[str, int] = {p: n for n, p in enumerate(self.place_ids)}
        places = len(self.place_ids)
        # A checkpoint is one int per place: one every places/4 records keeps them at 16 bytes
        # per record, and a seek replays at most that many records (~1 ms) after the nearest.
        self.checkpoint_every = max(1, checkpoint_every or max(2048, places // 4))
        self.names: list[str] = []  # faction code -> faction id
        self._codes: dict[str, int] = {}
        # Steps in replay order: event index * 2 + 1 when it takes effect, + 0 when a range begins.
        self._step_code = array("i")
        self._step_day = array("i")  # date ordinals
        self._step_records = array("i", [0])  # records before each step (one more than steps)
        self._effect_step = array("i", [0]) * len(log)
        # Records, one per place a step touched, in replay order.
        self._place = array("i")
        self._previous = array("i")  # the place's record before this one
        self._controller = array("i")  # faction code, or NO_RECORD when unknown
        self._status = bytearray()
        self._since = array("i")  # date ordinal, 0 when unknown
        self._event = array("i")  # event index behind it, or NO_RECORD
        # Ranged events that may already have changed a place but have not yet taken effect: per
        # record, how many (capped at 255: only "none" matters for speed) and the one it adds
        # (event + 1) or takes away (-(event + 1)); the set is read back along the predecessors.
        self._pending_count = bytearray()
        self._pending_change = array("i")
        self._day = array("i")  # the day of each record, until the histories are built
        # Per place, its records in order: those of place p are _history[_history_start[p]:
        # _history_start[p + 1]], with their days alongside in _history_day.
        self._history = array("i")
        self._history_day = array("i")
        self._history_start = array("i")
        self._checkpoints: list[array[int]] = []
        # (step index, allegiance from that step on): changes of side are few
        self.allegiances: list[tuple[int, Mapping[str, str]]] = []
        self._controls: dict[int, Control] = {}
        self._dates: dict[int, dt.date] = {}  # ordinal -> date: a few thousand days, made once
        self._event_days: list[dt.date] | None = None
        self._fold_once(self._schedule())
        self._index_histories()
        self._controls.clear()  # made during the fold for region filters: not worth keeping

    # ------------------------------------------------------------------ building

    def _code(self, faction: str | None) -> int:
        if faction is None:
            return NO_RECORD
        code = self._codes.get(faction)
        if code is None:
            code = self._codes[faction] = len(self.names)
            self.names.append(faction)
        return code

    def _schedule(self) -> list[int]:
        """Step codes in replay order: by day, then log order (the log is sorted by position)."""
        columns = self.log.columns()
        earliest, latest, kind = columns["earliest"], columns["latest"], columns["kind"]
        # A step's key is day * span + code: one sort of plain ints orders by day, then by event
        # number (log order), then a range's beginning before its taking effect.
        span = 2 * len(kind) + 2
        keys = [day * span + 2 * n + 1 for n, day in enumerate(latest)]
        keys += [
            first * span + 2 * n
            for n, (first, last, code) in enumerate(zip(earliest, latest, kind, strict=True))
            if first != last and CHANGES_CONTROL[code]
        ]
        keys.sort()
        self._step_day = array("i", [key // span for key in keys])
        return [key % span for key in keys]

    def _fold_once(self, codes: list[int]) -> None:
        columns = self.log.columns()
        kind, earliest, latest = columns["kind"], columns["earliest"], columns["latest"]
        place_end, places, actor = columns["place_end"], columns["places"], columns["actor"]
        other, others = columns["other"], columns["others"]
        names: tuple[str, ...] = columns["names"]
        place_of_name = array("i", [self.place_index.get(n, NO_RECORD) for n in names])
        excluding = bytes("excluded" in fields for fields in others)
        faction_of_name: dict[int, int] = {}
        current = array("i", [NO_RECORD]) * len(self.place_ids)
        allegiance: dict[str, str] = {}
        self._checkpoints.append(array("i", current))
        step_days, effect_step, every = self._step_day, self._effect_step, self.checkpoint_every
        step_records = self._step_records
        record_places, controllers, since_days = self._place, self._controller, self._since
        pending_count = self._pending_count
        # The common step, written out below (a method call per record costs as much as the
        # rest): one event on one place on one day, with no range pending on it.
        add_place, add_previous = record_places.append, self._previous.append
        add_controller, add_status = controllers.append, self._status.append
        add_since, add_event = since_days.append, self._event.append
        add_change, add_count = self._pending_change.append, pending_count.append
        add_day = self._day.append
        statuses, events = self._status, self._event
        for step, code in enumerate(codes):
            index = code >> 1
            what = kind[index]
            if not code & 1:
                self._touch(step, index, False, current, allegiance)
            elif what in ON_PLACES:
                effect_step[index] = step
                first = place_end[index - 1] if index else 0
                place = place_of_name[places[first]] if place_end[index] - first == 1 else -1
                now = current[place] if place >= 0 else NO_RECORD
                if (
                    place >= 0
                    and earliest[index] == latest[index]
                    and not excluding[other[index]]
                    and (now < 0 or not pending_count[now])
                ):
                    day = step_days[step]
                    if now >= 0:
                        controller, status = controllers[now], statuses[now]
                        since, behind = since_days[now], events[now]
                    else:
                        controller, status, since, behind = NO_RECORD, UNKNOWN_CODE, 0, NO_RECORD
                    if what == CONTROL:
                        faction = faction_of_name.get(actor[index])
                        if faction is None:
                            faction = self._code(names[actor[index]])
                            faction_of_name[actor[index]] = faction
                        if faction != controller:
                            controller, since = faction, day
                        status, behind = HELD_CODE, index
                    elif what == CONTESTED:
                        status, behind = CONTESTED_CODE, index
                    elif what == SIEGE:
                        status, behind = BESIEGED_CODE, index
                    elif status == BESIEGED_CODE:  # lifted
                        status = HELD_CODE if controller >= 0 else UNKNOWN_CODE
                        behind = index
                    record = len(record_places)
                    add_place(place)
                    add_previous(now)
                    add_controller(controller)
                    add_status(status)
                    add_since(since)
                    add_event(behind)
                    add_change(0)
                    add_count(0)
                    add_day(day)
                    current[place] = record
                    if (record + 1) % every == 0:
                        self._checkpoints.append(array("i", current))
                else:
                    self._touch(step, index, True, current, allegiance)
            else:
                effect_step[index] = step
                if what == ALLEGIANCE:
                    moved = allegiance_after(self.log.event(index), allegiance)
                    if moved is not None:
                        allegiance = dict(moved)
                        self.allegiances.append((step, MappingProxyType(dict(moved))))
            step_records.append(len(record_places))
        self._step_code = array("i", codes)

    def _targets(
        self, index: int, current: array[int], allegiance: Mapping[str, str]
    ) -> tuple[list[int], list[int]]:
        """(places an event acts on, places it names), as place numbers in order."""
        log, numbers = self.log, self.place_index
        places = log.place_names(index)
        other = log.other_fields(index)
        excluded: tuple[str, ...] = other.get("excluded", ())
        if len(places) == 1 and not excluded and places[0] in numbers:
            one = [numbers[places[0]]]  # the common case: one place, no region to expand
            return one, one

        def control_of(place: str) -> Control:
            return self._control(current[numbers[place]])

        previous = other.get("previous") if log.kind_code(index) == CONTROL else None
        affected = places_acted_on(places, excluded, previous, self.world, control_of, allegiance)
        earliest, latest = log.days(index)
        named = affected if earliest == latest else self.world.expand(places, excluded)
        return sorted(numbers[p] for p in affected), sorted(numbers[p] for p in named)

    def _touch(
        self,
        step: int,
        index: int,
        takes_effect: bool,
        current: array[int],
        allegiance: Mapping[str, str],
    ) -> None:
        """Write the records of one step that changes control."""
        affected, named = self._targets(index, current, allegiance)
        day = self._step_day[step]
        if not takes_effect:
            for place in affected:
                now = current[place]
                count = len(self._pending_events(now)) + 1
                self._record(step, place, current, *self._fields(now), index + 1, count)
            return
        kind = self.log.kind_code(index)
        acted = set(affected) if len(affected) != len(named) else None
        for place in named:
            now = current[place]
            controller, status, since, behind = self._fields(now)
            was_pending = self._pending_events(now)
            change, count = 0, len(was_pending)
            if index in was_pending:
                change, count = -(index + 1), count - 1
            if acted is not None and place not in acted:
                # Flagged uncertain when the range began, but left alone by the `from` filter.
                if change:
                    self._record(
                        step, place, current, controller, status, since, behind, change, count
                    )
                continue
            if kind == CONTROL:
                code = self._code(self.log.actor(index))
                since = since if code == controller else day
                status, behind, controller = HELD_CODE, index, code
            elif kind == CONTESTED:
                status, behind = CONTESTED_CODE, index
            elif kind == SIEGE:
                status, behind = BESIEGED_CODE, index
            elif kind == SIEGE_LIFTED and status == BESIEGED_CODE:
                status = HELD_CODE if controller >= 0 else UNKNOWN_CODE
                behind = index
            self._record(step, place, current, controller, status, since, behind, change, count)

    def _pending_events(self, record: int) -> frozenset[int]:
        """The ranged events (by number) that may already have changed a record's place."""
        if record < 0 or not self._pending_count[record]:
            return NO_PENDING
        added: list[int] = []
        taken: set[int] = set()
        while record >= 0 and self._pending_count[record]:
            change = self._pending_change[record]
            if change > 0 and change - 1 not in taken:
                added.append(change - 1)
            elif change < 0:
                taken.add(-change - 1)
            record = self._previous[record]
        return frozenset(added)

    def _fields(self, record: int) -> tuple[int, int, int, int]:
        """(controller, status, since, event) of a record; unknown for no record."""
        if record < 0:
            return NO_RECORD, UNKNOWN_CODE, 0, NO_RECORD
        return (
            self._controller[record],
            self._status[record],
            self._since[record],
            self._event[record],
        )

    def _record(
        self,
        step: int,
        place: int,
        current: array[int],
        controller: int,
        status: int,
        since: int,
        event: int,
        pending_change: int = 0,
        pending_count: int = 0,
    ) -> None:
        record = len(self._place)
        self._place.append(place)
        self._previous.append(current[place])
        self._controller.append(controller)
        self._status.append(status)
        self._since.append(since)
        self._event.append(event)
        self._pending_change.append(pending_change)
        self._pending_count.append(min(pending_count, 255))
        self._day.append(self._step_day[step])
        current[place] = record
        if (record + 1) % self.checkpoint_every == 0:
            self._checkpoints.append(array("i", current))

    def _index_histories(self) -> None:
        """Group the records by place (a counting sort: records stay in replay order)."""
        start = array("i", [0]) * (len(self.place_ids) + 1)
        for place in self._place:
            start[place + 1] += 1
        for place in range(len(self.place_ids)):
            start[place + 1] += start[place]
        free = array("i", start)
        history = array("i", [0]) * len(self._place)
        days = array("i", [0]) * len(self._place)
        for record, (place, day) in enumerate(zip(self._place, self._day, strict=True)):
            history[free[place]] = record
            days[free[place]] = day
            free[place] += 1
        self._history, self._history_day, self._history_start = history, days, start
        self._day = array("i")

    # ------------------------------------------------------------------ records to controls

    def _control(self, record: int) -> Control:
        """The control a record stands for (made once, then reused)."""
        if record < 0:
            return UNKNOWN
        found = self._controls.get(record)
        if found is not None:
            return found
        controller, status, since, event = self._fields(record)
        parties: tuple[str, ...] = ()
        if status == CONTESTED_CODE:  # the fighting parties, without making the whole event
            parties = self.log.other_fields(event)["parties"]
        elif status == BESIEGED_CODE:
            parties = (self.log.actor(event) or "",)  # the besieger
        pending = NO_PENDING_IDS
        if self._pending_count[record]:
            pending = frozenset(self.log.id_of(e) for e in self._pending_events(record))
        day = self._dates.get(since)
        if day is None and since:
            day = self._dates[since] = dt.date.fromordinal(since)
        control = Control(
            self.names[controller] if controller >= 0 else None,
            STATUSES[status],
            day,
            self.log.id_of(event) if event >= 0 else None,
            parties,
            pending,
        )
        if len(self._controls) >= CONTROL_CACHE:
            self._controls.clear()
        self._controls[record] = control
        return control

    def _known(self, record: int) -> bool:
        """False for no record, or a record that says no more than "unknown"."""
        return record >= 0 and (
            self._controller[record] >= 0
            or self._event[record] >= 0
            or self._status[record] != UNKNOWN_CODE
            or self._since[record] != 0
            or self._pending_count[record] != 0
        )

    # ------------------------------------------------------------------ queries

    @property
    def first_day(self) -> dt.date | None:
        """The first day anything happens."""
        return dt.date.fromordinal(self._step_day[0]) if self._step_day else None

    @property
    def last_day(self) -> dt.date | None:
        """The last day anything happens."""
        return dt.date.fromordinal(self._step_day[-1]) if self._step_day else None

    @property
    def event_days(self) -> list[dt.date]:
        """The days on which at least one event takes effect, in order."""
        if self._event_days is None:
            days = sorted(set(self.log.columns()["latest"]))  # an event takes effect on its last
            self._event_days = [dt.date.fromordinal(day) for day in days]
        return self._event_days

    def steps_through(self, day: dt.date) -> int:
        """How many steps of the replay happen on or before a day."""
        return bisect.bisect_right(self._step_day, day.toordinal())

    def _records_through(self, day: dt.date) -> int:
        """How many records the steps on or before a day wrote."""
        return self._step_records[self.steps_through(day)]

    def _touched(self, first: int, stop: int) -> set[str]:
        """The places of the records numbered from `first` up to `stop`."""
        return {self.place_ids[self._place[r]] for r in range(first, stop)}

    def effect_step(self, event_id: str) -> int:
        """The number of the step at which an event takes effect."""
        index = self.log.index_of(event_id)
        if index is None:
            raise KeyError(event_id)
        return self._effect_step[index]

    def at(self, day: dt.date) -> State:
        """The state at the end of a day: the nearest checkpoint, then the records after it."""
        count = self._records_through(day)
        checkpoint = min(count // self.checkpoint_every, len(self._checkpoints) - 1)
        current = array("i", self._checkpoints[checkpoint])
        place = self._place
        for record in range(checkpoint * self.checkpoint_every, count):
            current[place[record]] = record
        return State(ReplayedControl(self, current), self.allegiance_on(day))

    def allegiance_before(self, step_count: int) -> Mapping[str, str]:
        """Which units had changed sides after the first `step_count` steps."""
        position = bisect.bisect_left(self.allegiances, step_count, key=lambda a: a[0])
        return self.allegiances[position - 1][1] if position else MappingProxyType({})

    def allegiance_on(self, day: dt.date) -> Mapping[str, str]:
        """Which units had changed sides by the end of a day."""
        return self.allegiance_before(self.steps_through(day))

    def control_at(self, place: str, day: dt.date) -> Control:
        """One place's control at the end of a day."""
        number = self.place_index.get(place)
        if number is None:
            return UNKNOWN
        first, last = self._history_start[number], self._history_start[number + 1]
        position = bisect.bisect_right(self._history_day, day.toordinal(), first, last)
        return self._control(self._history[position - 1]) if position > first else UNKNOWN

    def control_before(self, place: str, event_id: str) -> Control:
        """One place's control just before an event took effect, after earlier same-day events."""
        number = self.place_index.get(place)
        if number is None:
            return UNKNOWN
        before = self._step_records[self.effect_step(event_id)]
        first, last = self._history_start[number], self._history_start[number + 1]
        position = bisect.bisect_left(self._history, before, first, last)
        return self._control(self._history[position - 1]) if position > first else UNKNOWN

    def advance(self, state: State, from_day: dt.date, to_day: dt.date) -> State:
        """The state on to_day from the state on from_day, touching only the places that changed."""
        if to_day == from_day:
            return state
        start, stop = self._records_through(from_day), self._records_through(to_day)
        table = state.control
        if isinstance(table, ReplayedControl) and table.replayer is self:
            current = array("i", table.current)
            place = self._place
            if stop >= start:
                for record in range(start, stop):
                    current[place[record]] = record
            else:
                previous = self._previous
                for record in range(start - 1, stop - 1, -1):
                    current[place[record]] = previous[record]
            return State(ReplayedControl(self, current), self.allegiance_on(to_day))
        low, high = sorted((start, stop))
        changes = {place: self.control_at(place, to_day) for place in self._touched(low, high)}
        return state.evolve(changes, self.allegiance_on(to_day))

    def changes_between(self, before: dt.date, after: dt.date) -> list[Change]:
        """Places whose control differs between two days, in id order."""
        first, second = sorted(self._records_through(day) for day in (before, after))
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
        behind = (self._event[r] for r in self._history[first:last])
        return {self.log.id_of(e) for e in behind if e >= 0}

    def events_on(self, day: dt.date) -> Iterator[Event]:
        """The events that take effect on a day, in log order."""
        start = bisect.bisect_left(self._step_day, day.toordinal())
        for code in self._step_code[start : self.steps_through(day)]:
            if code % 2:
                yield self.log.event(code // 2)

    def territory(self, state: State, by_coalition: bool = False) -> Counter[str]:
        """How many places each faction (or coalition) holds in a state."""
        table = state.control
        if isinstance(table, ReplayedControl) and table.replayer is self:
            codes = Counter(self._controller[r] for r in table.current if r >= 0)
            held = Counter({self.names[c]: n for c, n in codes.items() if c >= 0})
        else:
            held = Counter(c.controller for c in table.values() if c.controller is not None)
        if not by_coalition:
            return held
        counts: Counter[str] = Counter()
        for faction, n in held.items():
            counts[self.world.coalition_of(faction, state.allegiance)] += n
        return counts


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
