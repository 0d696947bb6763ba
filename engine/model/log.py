"""The event log: an immutable, ordered collection of events with unique ids.

A log of a million events cannot afford a Python object per event (about 500 bytes each), so
the log keeps its events as columns: small integers in arrays, the ids and quotes each joined
into one string, names and phrases in tables, and the rare fields in a sparse table. An event
object is made again, equal to the one given, whenever it is asked for. Every log is made by a
LogBuilder from the values of its events' columns, so that a reader of files never has to make
event objects, or from the columns themselves (`Log.from_columns`), which events.columns keeps.
"""

from __future__ import annotations

import bisect
import datetime as dt
import operator
from array import array
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from functools import cached_property
from itertools import accumulate, chain, islice
from types import MappingProxyType
from typing import Any

import attrs
from attrs import field, frozen

from engine.errors import FrontlineError, Problem
from engine.model.dates import Precision, When
from engine.model.events import EVENT_KINDS, Event, Hedging, Provenance, actor_field, names_of
from engine.model.frozen import read_only
from engine.model.rules import changes_control

KINDS: tuple[type[Event], ...] = tuple(EVENT_KINDS.values())
KIND_CODES = {kind: code for code, kind in enumerate(KINDS)}
CHANGES_CONTROL = bytes(changes_control(kind) for kind in KINDS)  # by kind code
PRECISIONS = tuple(Precision)
PRECISION_CODES = {precision.value: code for code, precision in enumerate(PRECISIONS)}
HEDGINGS = tuple(Hedging)
HEDGING_CODES = {hedging.value: code for code, hedging in enumerate(HEDGINGS)}
# The one faction-like field of each kind that gets a column of its own (every kind has at most
# one, and most events are of these kinds); every other field goes to the sparse table.
ACTOR_BY_KIND = tuple(actor_field(kind) for kind in KINDS)
ACTOR = {kind.kind: actor for kind, actor in zip(KINDS, ACTOR_BY_KIND, strict=True) if actor}
COLUMNS = {"id", "when", "provenance", "position", "places"}
NO_NAME = -1
# From this many values, numpy does a column's work in less time than its loading takes (70 ms:
# a third of a small command's start); below, loops do.
NUMPY_FROM = 50_000


def _other_fields(kind: type[Event]) -> tuple[attrs.Attribute[Any], ...]:
    actor = ACTOR.get(kind.kind)
    return tuple(f for f in attrs.fields(kind) if f.name not in COLUMNS and f.name != actor)


OTHER_FIELDS = tuple(_other_fields(kind) for kind in KINDS)

Other = tuple[tuple[str, Any], ...]  # (field name, value) pairs
# An event as the values of its columns: its kind (number in KINDS), id, earliest and latest day
# (date ordinals), precision (number in PRECISIONS), date phrase, position, source, start, end,
# quote, hedging (number in HEDGINGS), attribution, places, actor (None for the kinds without
# one), and its other fields (those of OTHER_FIELDS, in any order; those at their default may be
# left out).
EventValues = tuple[
    int, str, int, int, int, str, int, str, int, int, str, int, str | None, tuple[str, ...],
    str | None, Other,
]  # fmt: skip
_WIDTH, _POSITION, _ID = 16, 6, 1  # how many values EventValues has, and where two of them are


def event_values(event: Event) -> EventValues:
    """The values of an event's columns."""
    code = KIND_CODES[type(event)]
    when, prov = event.when, event.provenance
    actor = ACTOR_BY_KIND[code]
    return (
        code,
        event.id,
        when.earliest.toordinal(),
        when.latest.toordinal(),
        PRECISION_CODES[when.precision],
        when.phrase,
        event.position,
        prov.source,
        prov.start,
        prov.end,
        prov.quote,
        HEDGING_CODES[prov.hedging],
        prov.attribution,
        event.places,
        None if actor is None else getattr(event, actor),
        tuple((f.name, getattr(event, f.name)) for f in OTHER_FIELDS[code]),
    )


class _Codes(dict[str, int]):
    """Names numbered in the order first seen: looking up a new name gives it the next number."""

    def __missing__(self, name: str) -> int:
        code = self[name] = len(self)
        return code


class _OtherCodes(dict[tuple[int, Other], int]):
    """The number in the table of distinct other-field sets of a kind and its other fields as
    given; each new way of giving them is put in the canonical form once: the kind's field order,
    defaults left out."""

    def __init__(self) -> None:
        super().__init__()
        self.sets: dict[Other, int] = {(): 0}

    def __missing__(self, key: tuple[int, Other]) -> int:
        kind, given = key
        values = dict(given)
        fields = OTHER_FIELDS[kind]
        unknown = values.keys() - {f.name for f in fields}
        if unknown:
            raise TypeError(f"{KINDS[kind].__name__} has no fields {sorted(unknown)}")
        canonical = tuple(
            (f.name, values[f.name])
            for f in fields
            if f.name in values and (f.default is attrs.NOTHING or values[f.name] != f.default)
        )
        code = self[key] = self.sets.setdefault(canonical, len(self.sets))
        return code


class LogBuilder:
    """Events added one at a time as the values of their columns, made into a Log at the end."""

    def __init__(self) -> None:
        self._rows: list[EventValues] = []

    def add(self, values: EventValues) -> None:
        """Add an event, as the values of its columns (checked already), in any order."""
        self._rows.append(values)

    def build(self) -> Log:
        """The log of the events added, in log order."""
        return Log.from_columns(self._columns())

    def _columns(self) -> dict[str, Any]:
        """The columns of the events added, in log order: (position, id)."""
        rows = self._rows
        columns = list(zip(*rows, strict=True)) if rows else [()] * _WIDTH
        positions = columns[_POSITION]
        # Writers write in log order: only events given out of it are reordered.
        if not _increasing(positions):
            keys = list(zip(positions, columns[_ID], strict=True))
            if not _increasing(keys):
                order = sorted(range(len(keys)), key=keys.__getitem__)
                columns = list(zip(*map(rows.__getitem__, order), strict=True))
        return _columns(columns)


def _increasing(values: Sequence[Any]) -> bool:
    """True when each value is less than the next."""
    return all(map(operator.lt, values, islice(values, 1, None)))


def _columns(columns: Sequence[Sequence[Any]]) -> dict[str, Any]:
    """The attributes of a Log from its values column by column (those of EventValues), in log
    order."""
    (
        kind, ids, earliest, latest, precision, phrase, position, source, start, end, quotes,
        hedging, attribution, places, actor, other,
    ) = columns  # fmt: skip
    if _increasing(ids):  # as often as not, ids are in log order too, and then none is twice
        order: Sequence[int] = range(len(ids))
    else:
        order = sorted(range(len(ids)), key=ids.__getitem__)
        if len(set(ids)) < len(ids):
            raise FrontlineError(
                Problem(f"event {ids[b]}", "id used twice")
                for a, b in zip(order, islice(order, 1, None), strict=False)
                if ids[a] == ids[b]
            )
    codes = _Codes()
    other_codes = _OtherCodes()
    return {
        "kind": bytes(kind),
        "ids": "".join(ids),
        "id_end": array("i", accumulate(map(len, ids))),
        "earliest": array("i", earliest),
        "latest": array("i", latest),
        "precision": bytes(precision),
        "phrase": array("i", map(codes.__getitem__, phrase)),
        "position": _int_column(position, ids),
        "source": array("i", map(codes.__getitem__, source)),
        "start": _int_column(start, ids),
        "end": _int_column(end, ids),
        "quotes": "".join(quotes),
        "quote_end": array("i", accumulate(map(len, quotes))),
        "hedging": bytes(hedging),
        "place_end": array("i", accumulate(map(len, places))),
        "places": array("i", map(codes.__getitem__, chain.from_iterable(places))),
        "actor": array("i", [NO_NAME if name is None else codes[name] for name in actor]),
        "names": tuple(codes),
        "other": array("i", map(other_codes.__getitem__, zip(kind, other, strict=True))),
        "others": _other_sets(other_codes),
        "attribution": MappingProxyType(
            {index: name for index, name in enumerate(attribution) if name is not None}
        ),
        "id_order": array("i", order),
    }


def _other_sets(codes: _OtherCodes) -> tuple[Mapping[str, Any], ...]:
    """A log's table of distinct other-field sets, from the sets numbered."""
    return tuple(read_only(dict(fields)) for fields in codes.sets)


def other_table(
    given: Iterable[tuple[int, Other]],
) -> tuple[list[int], tuple[Mapping[str, Any], ...]]:
    """The numbers that a log gives these (kind, other fields) pairs in its table of distinct
    other-field sets, and that table (the fields in canonical form: defaults left out)."""
    codes = _OtherCodes()
    return [codes[pair] for pair in given], _other_sets(codes)


def _int_column(values: Sequence[int], ids: Sequence[str]) -> array[int]:
    """A column of numbers; one too big for it is a problem of its event."""
    try:
        return array("i", values)
    except OverflowError:
        probe = array("i", [0])
        for value, event_id in zip(values, ids, strict=True):
            try:
                probe[0] = value
            except OverflowError:
                raise FrontlineError(
                    [Problem(f"event {event_id}", "position or span beyond 2,147,483,647")]
                ) from None
        raise


@frozen(init=False)
class Log:
    """Events in log order; appending gives a new log, nothing is ever changed in place."""

    _kind: bytes
    _ids: str  # every id, joined
    _id_end: array[int]
    _earliest: array[int]  # date ordinals
    _latest: array[int]
    _precision: bytes
    _phrase: array[int]
    _position: array[int]
    _source: array[int]
    _start: array[int]
    _end: array[int]
    _quotes: str  # every quote, joined
    _quote_end: array[int]
    _hedging: bytes
    _place_end: array[int]  # the places of event i are _places[_place_end[i-1]:_place_end[i]]
    _places: array[int]
    _actor: array[int]
    _names: tuple[str, ...]  # factions, places and regions, sources, phrases: one table
    # The fields of an event without a column of their own, as a number into a table of the
    # distinct sets of such fields ("previous": "isis", "how": "withdrew"): they repeat a lot.
    _other: array[int]
    _others: tuple[Mapping[str, Any], ...]
    _attribution: Mapping[int, str]
    _id_order: array[int] = field(eq=False)  # event indices sorted by id, to find an id

    def __init__(self, events: Iterable[Event] = ()) -> None:
        # Position then id: the order in which the log was written, whatever order it was given in.
        builder = LogBuilder()
        for event in events:
            builder.add(event_values(event))
        self.__attrs_init__(**builder._columns())

    @classmethod
    def from_columns(cls, columns: Mapping[str, Any]) -> Log:
        """A log made of its columns as they are: the attributes by name (without the
        underscore), checked already, in log order (what `columns` gives)."""
        log = cls.__new__(cls)
        log.__attrs_init__(**columns)
        return log

    def columns(self) -> dict[str, Any]:
        """The log's columns by name, as `from_columns` takes them (the arrays themselves: never
        change them)."""
        return {a.name.removeprefix("_"): getattr(self, a.name) for a in attrs.fields(Log)}

    # ------------------------------------------------------------------ as a collection

    def append(self, events: Iterable[Event]) -> Log:
        """A new log with more events."""
        return Log((*self, *events))

    def __iter__(self) -> Iterator[Event]:
        return (self.event(index) for index in range(len(self._kind)))

    def __len__(self) -> int:
        return len(self._kind)

    def __getitem__(self, event_id: str) -> Event:
        index = self.index_of(event_id)
        if index is None:
            raise KeyError(event_id)
        return self.event(index)

    def __contains__(self, event_id: object) -> bool:
        return isinstance(event_id, str) and self.index_of(event_id) is not None

    @property
    def by_id(self) -> Mapping[str, Event]:
        """The events by id (read-only)."""
        return _ById(self)

    def index_of(self, event_id: str) -> int | None:
        """The number of an event in log order, or None if no event has that id."""
        order = self._id_order
        found = bisect.bisect_left(order, event_id, key=self.id_of)
        if found < len(order) and self.id_of(order[found]) == event_id:
            return order[found]
        return None

    # ------------------------------------------------------------------ one event

    def event(self, index: int) -> Event:
        """The event at a number in log order, made again from its columns."""
        code = self._kind[index]
        names = self._names
        start = self._quote_end[index - 1] if index else 0
        first = self._place_end[index - 1] if index else 0
        fields: dict[str, Any] = {
            "id": self.id_of(index),
            "when": When(
                dt.date.fromordinal(self._earliest[index]),
                dt.date.fromordinal(self._latest[index]),
                PRECISIONS[self._precision[index]],
                names[self._phrase[index]],
            ),
            "provenance": Provenance(
                names[self._source[index]],
                self._start[index],
                self._end[index],
                self._quotes[start : self._quote_end[index]],
                HEDGINGS[self._hedging[index]],
                self._attribution.get(index),
            ),
            "position": self._position[index],
            "places": tuple(names[p] for p in self._places[first : self._place_end[index]]),
        }
        actor = ACTOR_BY_KIND[code]
        if actor is not None:
            fields[actor] = names[self._actor[index]]
        fields.update(self._others[self._other[index]])
        return KINDS[code](**fields)

    # ------------------------------------------------------------------ what a replay reads

    def kind_code(self, index: int) -> int:
        """The kind of an event, as its number in KINDS."""
        return self._kind[index]

    def changes_control(self, index: int) -> bool:
        """True when the event's kind changes the control of places (engine.model.rules)."""
        return bool(CHANGES_CONTROL[self._kind[index]])

    def days(self, index: int) -> tuple[int, int]:
        """(earliest, latest) day of an event, as date ordinals."""
        return self._earliest[index], self._latest[index]

    def place_names(self, index: int) -> tuple[str, ...]:
        """The place and region ids an event names."""
        first = self._place_end[index - 1] if index else 0
        return tuple(self._names[p] for p in self._places[first : self._place_end[index]])

    def actor(self, index: int) -> str | None:
        """The controller, besieger, faction or party of an event (None for other kinds)."""
        code = self._actor[index]
        return None if code == NO_NAME else self._names[code]

    def id_of(self, index: int) -> str:
        """The id of the event at a number in log order."""
        return self._ids[self._id_end[index - 1] if index else 0 : self._id_end[index]]

    def other_fields(self, index: int) -> Mapping[str, Any]:
        """The fields of an event that have no column of their own and are not their default."""
        return self._others[self._other[index]]

    # ------------------------------------------------------------------ the whole log at once

    @cached_property
    def times_named(self) -> Mapping[str, int]:
        """How many times the events name each place or region (in their places); counted once
        (the map, the first place shown and namesakes on the command line each ask)."""
        if len(self._places) < NUMPY_FROM:
            counted: Iterable[tuple[int, int]] = Counter(self._places).items()
        else:
            import numpy as np  # a twentieth of the time, at a million events

            counts = np.bincount(np.frombuffer(self._places, dtype=np.intc)).tolist()
            counted = ((code, n) for code, n in enumerate(counts) if n)
        return read_only({self._names[code]: n for code, n in counted})

    def names_in(self, fields: Collection[str]) -> set[str]:
        """Every name that an event gives in one of these fields (each name of a tuple)."""
        codes = set(self._places) if "places" in fields else set()
        kinds = {code for code, name in enumerate(ACTOR_BY_KIND) if name in fields}
        if len(kinds) == len(ACTOR):  # every actor: no need to pair them with their kinds
            codes.update(set(self._actor) - {NO_NAME})
        elif kinds:
            codes.update(a for k, a in set(zip(self._kind, self._actor, strict=True)) if k in kinds)
        found = {self._names[code] for code in codes}
        for others in self._others:
            for name in fields:
                found.update(names_of(others.get(name)))
        return found


class _ById(Mapping[str, Event]):
    """A log's events by id, found by bisection (no dict of a million ids)."""

    def __init__(self, log: Log) -> None:
        self.log = log

    def __getitem__(self, event_id: str) -> Event:
        return self.log[event_id]

    def __iter__(self) -> Iterator[str]:
        return (self.log.id_of(n) for n in range(len(self.log)))

    def __len__(self) -> int:
        return len(self.log)
