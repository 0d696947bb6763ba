"""Records: a log folded once into a row per place for every step of the replay that touches it.

A record says who holds one place from that step on, how, since when, because of which event,
and which ranged events may already have changed it; it links to the same place's record before
it, so a step can be undone. Records are numbered in replay order: by day, then log order, a
ranged event touching its places on its first day (they become uncertain) and again on its last
(it takes effect). Most steps act on one named place: one loop over the log's columns folds
those (its rules written out for speed, held to the rule table by a test over every cell);
regions, exclusions and changes of side take the general path, `_Fold._touch`, which reads the
rule table (engine.model.rules). A big log with no step on the general path is folded a column at
a time instead (engine.replay.at_once), into the same records.
"""

from __future__ import annotations

import bisect
import datetime as dt
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import compress, count, islice, repeat
from operator import le, ne, sub
from typing import Any

import attrs
from attrs import frozen

from engine.model.control import UNKNOWN, Control, Status
from engine.model.events import (
    AllegianceChanged,
    Contested,
    ControlChanged,
    SiegeBegan,
    SiegeLifted,
    names_of,
)
from engine.model.frozen import read_only
from engine.model.log import ACTOR_BY_KIND, CHANGES_CONTROL, KIND_CODES, KINDS, NUMPY_FROM, Log
from engine.model.rules import RULES, effect
from engine.model.world import World
from engine.replay.apply import allegiance_after, places_acted_on
from engine.replay.implied import Holding, implied_holding, implying_places

NO_RECORD = -1
CONTROL, ALLEGIANCE = KIND_CODES[ControlChanged], KIND_CODES[AllegianceChanged]
CONTESTED, SIEGE = KIND_CODES[Contested], KIND_CODES[SiegeBegan]
STATUSES = (Status.UNKNOWN, Status.HELD, Status.CONTESTED, Status.BESIEGED)
UNKNOWN_CODE, HELD_CODE, CONTESTED_CODE, BESIEGED_CODE = range(4)
STATUS_CODES = {status: code for code, status in enumerate(STATUSES)}
# The rule table (engine.model.rules) by kind code, status code and controller known (0 or 1):
# (acts on the place, its status code after, the actor takes it).
CELLS = tuple(
    tuple(
        tuple(
            (cell.acts, STATUS_CODES[cell.status], cell.takes)
            for cell in (effect(kind, status, False), effect(kind, status, True))
        )
        for status in STATUSES
    )
    for kind in KINDS
)
# By kind code, the fields of the rule table that name the side a region is taken from, and the
# parties in or around a place.
HELD_BY_FIELD = tuple(RULES[kind].held_by if kind in RULES else None for kind in KINDS)
PARTIES_FIELD = tuple(RULES[kind].parties if kind in RULES else None for kind in KINDS)
HAS_PARTIES = tuple(field is not None for field in PARTIES_FIELD)
PENDING = 4  # added to a record's status when ranged events may already have changed its place
IMPLIED = 8  # added to a record's status when a later event implies its controller (no event says)
STATUS_BITS = 3  # what of a record's status is its number in STATUSES
NO_PENDING: frozenset[int] = frozenset()
NO_PENDING_IDS: frozenset[str] = frozenset()
# How a step is folded, when its event does not simply act on one named place (a place number):
ON_MANY, SIDE, NOTHING = -1, -2, -3  # the general path; a change of side; no change of control
# The kinds whose rules the loop over one named place writes out (held to the rule table by
# tests/test_rules.py); every other kind takes the general path, which reads the table.
WRITTEN_OUT = frozenset(
    KIND_CODES[kind] for kind in (ControlChanged, Contested, SiegeBegan, SiegeLifted)
)
# A table for bytes.translate: 1 for the kind codes of events the loop does not write out
NOT_WRITTEN_OUT = bytes(code not in WRITTEN_OUT for code in range(256))
ROUTE_OF_KIND = tuple(
    ON_MANY if CHANGES_CONTROL[code] else SIDE if code == ALLEGIANCE else NOTHING
    for code in range(len(KINDS))
)
# Records are first written to lists (quicker to append to than arrays) and moved into the columns
# this many at a time, which bounds what the fold holds beyond them.
CHUNK = 1 << 16
# A place's latest record: its number, controller, status, since, event (ints only: the collector
# leaves such tuples alone)
Row = tuple[int, int, int, int, int]
NO_ROW: Row = (NO_RECORD, NO_RECORD, UNKNOWN_CODE, 0, NO_RECORD)


@frozen
class Records:
    """Every record of a replay as columns, and what else the fold learned on the way."""

    place: array[int]
    previous: array[int]  # the same place's record before this one, or NO_RECORD
    controller: array[int]  # a number in the log's names table, or NO_RECORD when unknown
    status: bytearray  # a number in STATUSES, plus PENDING
    since: array[int]  # date ordinal, 0 when unknown
    event: array[int]  # the event behind the control (its number in the log), or NO_RECORD
    day: array[int]  # the day each record was written: never decreasing
    # The records of places that ranged events may already have changed, in order, and for each
    # that event's number when it is one (most are), else -1 - its set's number in pending_table.
    pending_records: array[int]
    pending_sets: array[int]
    pending_table: tuple[frozenset[int], ...]
    before_effect: array[int]  # per event: how many records were written before it took effect
    effect_days: array[int]  # the day each event takes effect (its last), in effect order
    effect_order: array[int] | None  # event numbers in effect order; None: the log's own order
    allegiance_changes: tuple[tuple[int, int], ...]  # (day, event number) of each one
    allegiances: tuple[Mapping[str, str], ...]  # the allegiance after each of them
    first_day: int  # date ordinal of the first step, 0 for an empty log
    # The implied holders that the log's names table lacks: controller numbers from its length on.
    extra_names: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.place)

    def pending(self, record: int) -> frozenset[int]:
        """The ranged events (numbers) that may already have changed a record's place."""
        position = bisect.bisect_left(self.pending_records, record)
        if position < len(self.pending_records) and self.pending_records[position] == record:
            code = self.pending_sets[position]
            return frozenset((code,)) if code >= 0 else self.pending_table[-1 - code]
        return NO_PENDING


class ControlMaker:
    """Makes the Control that the fields of a record stand for."""

    def __init__(self, log: Log, extra_names: tuple[str, ...] = ()) -> None:
        columns = log.columns()
        self.log = log
        self.names: tuple[str, ...] = columns["names"] + extra_names
        self.ids: str = columns["ids"]
        self.id_end: array[int] = columns["id_end"]
        self.kinds: bytes = columns["kind"]
        self.dates: dict[int, dt.date] = {}  # ordinal -> date: a few thousand days, made once

    def know_days(self, ordinals: Iterable[int]) -> None:
        """Make the dates of these days now, so that no answer later pays for making one."""
        self.dates.update((day, dt.date.fromordinal(day)) for day in ordinals if day)

    def make(
        self, controller: int, status: int, since: int, event: int, pending: frozenset[int]
    ) -> Control:
        """The control of a record with these fields (its status with its flags, if any)."""
        parties: tuple[str, ...] = ()
        if event < 0:
            if controller < 0 and not pending and status == UNKNOWN_CODE and not since:
                return UNKNOWN
            event_id = None
        else:  # log.id_of, written out: this is the one hot caller
            event_id = self.ids[self.id_end[event - 1] if event else 0 : self.id_end[event]]
            if HAS_PARTIES[self.kinds[event]]:  # read without making the event
                parties = self.parties(event)
        day = self.dates.get(since)
        if day is None and since:
            day = self.dates[since] = dt.date.fromordinal(since)
        control = _new(Control)
        _set_controller(control, self.names[controller] if controller >= 0 else None)
        _set_status(control, STATUSES[status & STATUS_BITS])
        _set_since(control, day)
        _set_event(control, event_id)
        _set_parties(control, parties)
        _set_pending(
            control, frozenset(map(self.log.id_of, pending)) if pending else NO_PENDING_IDS
        )
        _set_implied(control, bool(status & IMPLIED))
        return control

    def parties(self, event: int) -> tuple[str, ...]:
        """The parties in or around a place that an event (its number) names, by its rule."""
        code = self.log.kind_code(event)
        key = PARTIES_FIELD[code]
        if key is None:
            return ()
        if key == ACTOR_BY_KIND[code]:
            return names_of(self.log.actor(event))
        return names_of(self.log.other_fields(event)[key])


# Control's fields written straight into its slots: its frozen __init__ writes each through
# object.__setattr__, which made up a third of answering one place on one day. Control has no
# converters or validators to skip; a field added to it must be added here too.
_FIELDS = ("controller", "status", "since", "event", "parties", "pending", "implied")
if tuple(field.name for field in attrs.fields(Control)) != _FIELDS:
    raise TypeError(f"ControlMaker writes the fields {_FIELDS} of Control, and no others")
_new = object.__new__
_set_controller, _set_status, _set_since, _set_event, _set_parties, _set_pending, _set_implied = (
    getattr(Control, name).__set__ for name in _FIELDS
)


def fold_records(
    world: World,
    log: Log,
    place_index: Mapping[str, int],
    progress: Callable[[float], None] | None = None,
    holdings: Sequence[Holding] = (),
) -> Records:
    """Every record of a log's replay over the places numbered 0, 1, ... in `place_index`, with
    these implied holdings; `progress` is told now and then what share of the replay's days is
    done."""
    return _Fold(world, log, place_index, progress, holdings).run()


class _Fold:
    """The state of one fold: each place's latest record, and records not yet in the columns."""

    def __init__(
        self,
        world: World,
        log: Log,
        place_index: Mapping[str, int],
        progress: Callable[[float], None] | None = None,
        holdings: Sequence[Holding] = (),
    ) -> None:
        self.world, self.log, self.place_index = world, log, place_index
        self.progress = progress
        self.columns: dict[str, Any] = log.columns()
        self.holdings, self.extra_names = self._holding_steps(holdings)
        self.make_control = ControlMaker(log, self.extra_names).make
        self.latest: list[Row] = [NO_ROW] * len(place_index)
        # The records of this chunk: place, previous, controller, status, since, event.
        self.chunk: tuple[list[int], ...] = tuple([] for _ in range(6))
        self.place, self.previous = array("i"), array("i")
        self.controller, self.status, self.since = array("i"), bytearray(), array("i")
        self.event = array("i")
        # Records are written day by day: the days, and the number of each day's first record.
        self.today = 0
        self.days: list[int] = []
        self.day_starts: list[int] = []
        self.pending_records, self.pending_sets = array("i"), array("i")
        self.pending_table: dict[frozenset[int], int] = {}
        self.pending_of: dict[int, frozenset[int]] = {}  # by place: its latest record's pending
        self.allegiance: Mapping[str, str] = {}
        self.allegiance_changes: list[tuple[int, int]] = []
        self.allegiances: list[Mapping[str, str]] = []

    def _holding_steps(
        self, holdings: Sequence[Holding]
    ) -> tuple[list[tuple[int, int, int, int]], tuple[str, ...]]:
        """The implied holdings as steps (first day, place number, holder number, event number)
        in the order they begin, and the holders the log's names table lacks."""
        if not holdings:
            return [], ()
        names = self.columns["names"]
        codes = {name: code for code, name in enumerate(names)}
        extra: dict[str, int] = {}
        steps = []
        for holding in holdings:
            holder = codes.get(holding.holder)
            if holder is None:
                holder = extra.setdefault(holding.holder, len(names) + len(extra))
            event = self.log.index_of(holding.event)
            if event is None:
                raise KeyError(holding.event)
            place = self.place_index[holding.place]
            steps.append((holding.start.toordinal(), place, holder, event))
        steps.sort()
        return steps, tuple(extra)

    def routes(self) -> list[int]:
        """Per event: the place it acts on alone, or how else it is folded (ROUTE_OF_KIND)."""
        c = self.columns
        kind, place_end, places, other = c["kind"], c["place_end"], c["places"], c["other"]
        # A name that is no place (a region) takes the general path, as does naming none.
        number = [self.place_index.get(name, ON_MANY) for name in c["names"]]
        number.append(ON_MANY)  # what an event naming no place reads past the end
        padded = array("i", places)
        padded.append(len(number) - 1)
        firsts = array("i", [0]) + place_end[:-1]  # where each event's places begin
        routes = list(map(number.__getitem__, map(padded.__getitem__, firsts[: len(kind)])))
        # Whole columns at a time: the few events that do not act on one place alone.
        counts = map(sub, place_end, firsts)
        general = set(compress(range(len(kind)), map(ne, counts, repeat(1))))
        general.update(compress(range(len(kind)), kind.translate(NOT_WRITTEN_OUT)))
        excluding = {n for n, fields in enumerate(c["others"]) if "excluded" in fields}
        if excluding:
            general.update(compress(range(len(kind)), map(excluding.__contains__, other)))
        for index in general:
            routes[index] = ROUTE_OF_KIND[kind[index]]
        return routes

    def run(self) -> Records:
        """Fold every step, in replay order."""
        c = self.columns
        kind, earliest, latest, actor = c["kind"], c["earliest"], c["latest"], c["actor"]
        if len(kind) >= NUMPY_FROM and not self.holdings:
            from engine.replay.at_once import fold_at_once  # numpy's, for big logs only

            at_once = fold_at_once(self.log, self.place_index, self.progress)
            if at_once is not None:
                return Records(**at_once)
        routes = self.routes()
        order: array[int] | None = None
        if not all(map(le, latest, islice(latest, 1, None))):
            order = array("i", sorted(range(len(kind)), key=latest.__getitem__))

        def in_order(column: Iterable[int]) -> Iterator[int]:
            return iter(column) if order is None else map(column.__getitem__, order)  # type: ignore[index]

        # Ranged events begin on their first day: merged into the loop by (day, event number).
        ranged = compress(range(len(kind)), map(ne, earliest, latest))
        begins = sorted((i for i in ranged if CHANGES_CONTROL[kind[i]]), key=earliest.__getitem__)
        begins.append(-1)
        earliest_end = array("i", earliest)
        earliest_end.append(1 << 30)  # the next begin's day once they are all done
        # Implied holdings begin first on their day, before the day's begins and effects.
        holding_days = [step[0] for step in self.holdings]
        holding_days.append(1 << 30)
        implied = 0
        next_begin, begun = min(earliest_end[begins[0]], holding_days[0]), 0
        first_day = min(next_begin, latest[order[0] if order else 0]) if len(kind) else 0
        last_day = (latest[order[-1]] if order is not None else latest[-1]) if len(kind) else 0
        span = max(1, last_day - first_day)  # days, for the progress told
        before_effect = array("i", [0]) * len(kind)
        latest_row, pending_of = self.latest, self.pending_of
        places, previous, controllers, statuses, sinces, events = self.chunk
        record, full, today = 0, CHUNK, 0
        numbers: Iterable[int] = count() if order is None else order
        # The common step is written out below: a method call per step would cost as much.
        for index, day, place, what, by in zip(
            numbers,
            in_order(latest),
            in_order(routes),
            in_order(kind),
            in_order(actor),
            strict=False,  # the numbers may count on for ever
        ):
            if day >= next_begin:
                while True:
                    ranged_event = begins[begun]
                    first = earliest_end[ranged_event]
                    if holding_days[implied] <= min(day, first):
                        record = self._imply(self.holdings[implied], record)
                        implied += 1
                        continue
                    if first > day or (first == day and ranged_event > index):
                        break
                    record = self._begin(ranged_event, first, routes[ranged_event], record)
                    begun += 1
                next_begin = min(earliest_end[ranged_event], holding_days[implied])
            if day != today:
                today = day
                if day != self.today:  # (the begins may have started the day)
                    self._new_day(day, record)
            before_effect[index] = record
            if place >= 0:
                last, controller, status, since, event = latest_row[place]
                if what == CONTROL:
                    if by != controller:
                        controller, since = by, day
                    status, event = HELD_CODE, index
                elif what == CONTESTED:
                    status, event = CONTESTED_CODE, index
                elif what == SIEGE:
                    status, event = BESIEGED_CODE, index
                elif status == BESIEGED_CODE:  # lifted (a lifting without a siege changes nothing)
                    status, event = HELD_CODE if controller >= 0 else UNKNOWN_CODE, index
                latest_row[place] = (record, controller, status, since, event)
                places.append(place)
                previous.append(last)
                controllers.append(controller)
                statuses.append(status)
                sinces.append(since)
                events.append(event)
                if place in pending_of:
                    self._settle(place, index, record)
                record += 1
            elif place == ON_MANY:
                record = self._touch(index, day, record)
            elif place == SIDE:
                self._change_side(index, day)
            if record >= full:
                self._move_chunk()
                full = record + CHUNK
                if self.progress is not None:
                    self.progress((day - first_day) / span)
        self._move_chunk()
        effect_days = latest if order is None else array("i", map(latest.__getitem__, order))
        return Records(
            self.place,
            self.previous,
            self.controller,
            self.status,
            self.since,
            self.event,
            self._record_days(record),
            self.pending_records,
            self.pending_sets,
            tuple(self.pending_table),
            before_effect,
            effect_days,
            order,
            tuple(self.allegiance_changes),
            tuple(self.allegiances),
            first_day,
            self.extra_names,
        )

    def _move_chunk(self) -> None:
        """Move the records of this chunk into the columns."""
        place, previous, controller, status, since, event = self.chunk
        self.place.fromlist(place)
        self.previous.fromlist(previous)
        self.controller.fromlist(controller)
        self.status.extend(status)
        self.since.fromlist(since)
        self.event.fromlist(event)
        for column in self.chunk:
            column.clear()

    def _new_day(self, day: int, record: int) -> None:
        """Note that records from this one on are written on a later day."""
        self.today = day
        self.days.append(day)
        self.day_starts.append(record)

    def _record_days(self, records: int) -> array[int]:
        """The day of every record, from the first record of each day."""
        days = array("i")
        stops = [*self.day_starts[1:], records] if self.days else []
        for day, first, stop in zip(self.days, self.day_starts, stops, strict=True):
            days.extend(array("i", [day]) * (stop - first))
        return days

    def _write(self, record: int, place: int, row: Row, day: int, pending: frozenset[int]) -> int:
        """Write a place's next record, with its fields from `row`; the next record's number."""
        if day != self.today:
            self._new_day(day, record)
        _, controller, status, since, event = row
        flagged = status | PENDING if pending else status
        for column, value in zip(
            self.chunk,
            (place, self.latest[place][0], controller, flagged, since, event),
            strict=True,
        ):
            column.append(value)
        self.latest[place] = (record, controller, status, since, event)
        if pending:
            self.pending_of[place] = pending
            self._note_pending(record, pending)
        else:
            self.pending_of.pop(place, None)
        return record + 1

    def _note_pending(self, record: int, pending: frozenset[int]) -> None:
        """Keep the pending of a record (written in order)."""
        self.pending_records.append(record)
        if len(pending) == 1:
            (code,) = pending
        else:
            code = -1 - self.pending_table.setdefault(pending, len(self.pending_table))
        self.pending_sets.append(code)

    def _settle(self, place: int, index: int, record: int) -> None:
        """Carry a place's pending over to its new record, less the event taking effect."""
        pending = self.pending_of[place]
        if index in pending:
            pending = pending - {index}
        if pending:
            self.pending_of[place] = pending
            self._note_pending(record, pending)
            self.chunk[3][-1] |= PENDING  # the status of the record just written
        else:
            del self.pending_of[place]

    def _control(self, place: str) -> Control:
        """The control of a place now."""
        number = self.place_index[place]
        _, controller, status, since, event = self.latest[number]
        pending = self.pending_of.get(number, NO_PENDING)
        return self.make_control(controller, status, since, event, pending)

    def _targets(self, index: int) -> tuple[list[int], list[int]]:
        """(places an event acts on, places it names), as place numbers in order."""
        log, numbers = self.log, self.place_index
        other = log.other_fields(index)
        excluded: tuple[str, ...] = other.get("excluded", ())
        places = log.place_names(index)
        held_by = HELD_BY_FIELD[log.kind_code(index)]
        previous = None if held_by is None else other.get(held_by)
        affected = places_acted_on(
            places, excluded, previous, self.world, self._control, self.allegiance
        )
        earliest, latest = log.days(index)
        named = affected if earliest == latest else self.world.expand(places, excluded)
        return sorted(numbers[p] for p in affected), sorted(numbers[p] for p in named)

    def _begin(self, index: int, day: int, route: int, record: int) -> int:
        """Write the records of a ranged event's first day: its places become uncertain."""
        places = [route] if route >= 0 else self._targets(index)[0]
        for place in places:
            pending = self.pending_of.get(place, NO_PENDING) | {index}
            record = self._write(record, place, self.latest[place], day, pending)
        return record

    def _touch(self, index: int, day: int, record: int) -> int:
        """Write the records of an event acting on regions or several places, taking effect."""
        affected, named = self._targets(index)
        what, by = self.log.kind_code(index), self.columns["actor"][index]
        acted = set(affected) if len(affected) != len(named) else None
        cells = CELLS[what]
        for place in named:
            _, controller, status, since, event = self.latest[place]
            pending = self.pending_of.get(place, NO_PENDING)
            was_pending = index in pending
            if was_pending:
                pending = pending - {index}
            if acted is not None and place not in acted:
                # Flagged uncertain when the range began, but left alone by the `from` filter.
                if was_pending:
                    row = (record, controller, status, since, event)
                    record = self._write(record, place, row, day, pending)
                continue
            acts, after, takes = cells[status & STATUS_BITS][controller >= 0]
            if acts:
                if takes and by != controller:
                    controller, since = by, day
                status, event = after, index
            row = (record, controller, status, since, event)
            record = self._write(record, place, row, day, pending)
        return record

    def _change_side(self, index: int, day: int) -> None:
        """Note a unit's change of side."""
        moved = allegiance_after(self.log.event(index), self.allegiance)
        if moved is not None:
            self.allegiance = read_only(moved)
            self.allegiance_changes.append((day, index))
            self.allegiances.append(self.allegiance)

    def _imply(self, step: tuple[int, int, int, int], record: int) -> int:
        """Write the record of an implied holding's first day: its holder holds the place."""
        day, place, holder, event = step
        row = (record, holder, HELD_CODE | IMPLIED, day, event)
        return self._write(record, place, row, day, self.pending_of.get(place, NO_PENDING))


def holdings_found(
    records: Records, world: World, log: Log, place_index: Mapping[str, int]
) -> list[Holding]:
    """The holdings a log implies (engine.replay.implied), read from the records of its stated
    events: those engine.replay.replayer.implied_holdings finds by folding step by step."""
    columns = log.columns()
    others = columns["others"]
    losers = [fields.get("previous") for fields in others]
    if not any(losers):
        return []
    maker = ControlMaker(log)
    first_day = dt.date.fromordinal(records.first_day)
    holdings = []
    for index in _maybe_implying(records, log, losers):
        event = log.event(index)
        for place in implying_places(event, world):
            prior = _record_before(records, index, log.days(index)[1], place_index[place])
            before, known = UNKNOWN, None
            if prior >= 0:
                r = records
                before = maker.make(
                    r.controller[prior], r.status[prior] & ~PENDING, r.since[prior],
                    r.event[prior], NO_PENDING,
                )  # fmt: skip
                if r.event[prior] >= 0:
                    known = dt.date.fromordinal(log.days(r.event[prior])[1])
            key = (log.days(index)[1], index)
            changed = bisect.bisect_left(records.allegiance_changes, key)
            allegiance = records.allegiances[changed - 1] if changed else {}
            assert isinstance(event, ControlChanged)  # implying_places names none else
            found = implied_holding(event, place, before, world, allegiance, first_day, known)
            if found is not None:
                holdings.append(found)
    return holdings


def _record_before(records: Records, index: int, day: int, place: int) -> int:
    """The record of a place before the one an event (its number) wrote when it took effect on
    `day` (NO_RECORD when it had none); the event's records follow one another from
    before_effect."""
    record = records.before_effect[index]
    while record < len(records) and records.day[record] == day:
        if records.place[record] == place and records.event[record] == index:
            return records.previous[record]
        record += 1
    raise ValueError(f"event {index} wrote no record of place {place}")


def _maybe_implying(records: Records, log: Log, losers: Sequence[str | None]) -> Iterable[int]:
    """The numbers of the control changes that name a loser, less those of one place whose
    record before already has that loser as its controller (at a million events, most)."""
    columns = log.columns()
    kind, other = columns["kind"], columns["other"]
    with_loser = {n for n, loser in enumerate(losers) if loser is not None}
    if len(kind) < NUMPY_FROM:
        return [n for n in range(len(kind)) if kind[n] == CONTROL and other[n] in with_loser]
    import numpy as np  # a column at a time: a loop over a million events takes a second

    codes = {name: code for code, name in enumerate(columns["names"])}
    loser_code = np.array([codes.get(loser, -2) if loser else -2 for loser in losers])
    kinds, sets = np.frombuffer(kind, dtype=np.uint8), np.frombuffer(other, dtype=np.intc)
    numbers = np.nonzero((kinds == CONTROL) & np.isin(sets, list(with_loser)))[0]
    place_end = np.frombuffer(columns["place_end"], dtype=np.intc)
    one_place = np.diff(place_end, prepend=0)[numbers] == 1
    first = np.frombuffer(records.before_effect, dtype=np.intc)[numbers]
    count = len(records)
    written = np.minimum(first, count - 1)
    own = (first < count) & (np.frombuffer(records.event, dtype=np.intc)[written] == numbers)
    prior = np.frombuffer(records.previous, dtype=np.intc)[written]
    controller = np.frombuffer(records.controller, dtype=np.intc)[np.maximum(prior, 0)]
    held = one_place & own & (prior >= 0) & (controller == loser_code[sets[numbers]])
    maybe: list[int] = numbers[~held].tolist()
    return maybe
