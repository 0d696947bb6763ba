"""The event log: an immutable, ordered collection of events with unique ids.

A log of a million events cannot afford a Python object per event (about 500 bytes each), so
the log keeps its events as columns: small integers in arrays, the ids and quotes each joined
into one string, names and phrases in tables, and the rare fields in a sparse table. An event
object is made again, equal to the one given, whenever it is asked for.
"""

from __future__ import annotations

import bisect
import datetime as dt
from array import array
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any

import attrs
from attrs import field, frozen

from engine.dates import Precision, When
from engine.errors import FrontlineError, Problem
from engine.events import EVENT_KINDS, Event, Hedging, Provenance

KINDS: tuple[type[Event], ...] = tuple(EVENT_KINDS.values())
KIND_CODES = {kind: code for code, kind in enumerate(KINDS)}
CHANGES_CONTROL = bytes(kind.changes_control for kind in KINDS)  # by kind code
PRECISIONS = tuple(Precision)
HEDGINGS = tuple(Hedging)
# The one faction-like field of each kind that gets a column of its own (every kind has at most
# one, and most events are of these kinds); every other field goes to the sparse table.
ACTOR = {"control": "controller", "siege": "by", "allegiance": "faction", "casualties": "party"}
ACTOR_BY_KIND = tuple(ACTOR.get(kind.kind) for kind in KINDS)
COLUMNS = {"id", "when", "provenance", "position", "places"}
NO_NAME = -1


def _other_fields(kind: type[Event]) -> tuple[attrs.Attribute[Any], ...]:
    actor = ACTOR.get(kind.kind)
    return tuple(f for f in attrs.fields(kind) if f.name not in COLUMNS and f.name != actor)


OTHER_FIELDS = tuple(_other_fields(kind) for kind in KINDS)


class _Table:
    """Strings numbered in the order first seen: a column holds the numbers."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.codes: dict[str, int] = {}

    def code(self, name: str) -> int:
        found = self.codes.get(name)
        if found is None:
            found = self.codes[name] = len(self.names)
            self.names.append(name)
        return found


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
        ordered = sorted(events, key=lambda e: (e.position, e.id))
        self.__attrs_init__(**_columns(ordered))
        problems = [
            Problem(f"event {self._id(b)}", "id used twice")
            for a, b in zip(self._id_order, self._id_order[1:], strict=False)
            if self._id(a) == self._id(b)
        ]
        if problems:
            raise FrontlineError(problems)

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
        found = bisect.bisect_left(order, event_id, key=self._id)
        if found < len(order) and self._id(order[found]) == event_id:
            return order[found]
        return None

    # ------------------------------------------------------------------ one event

    def _id(self, index: int) -> str:
        return self._ids[self._id_end[index - 1] if index else 0 : self._id_end[index]]

    def event(self, index: int) -> Event:
        """The event at a number in log order, made again from its columns."""
        code = self._kind[index]
        names = self._names
        start = self._quote_end[index - 1] if index else 0
        first = self._place_end[index - 1] if index else 0
        fields: dict[str, Any] = {
            "id": self._id(index),
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
        """True when the event's kind changes who controls places."""
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
        return self._id(index)

    def other_fields(self, index: int) -> Mapping[str, Any]:
        """The fields of an event that have no column of their own and are not their default."""
        return self._others[self._other[index]]


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


def _columns(events: list[Event]) -> dict[str, Any]:
    """The columns of events given in log order."""
    names = _Table()
    kind, precision, hedging = bytearray(), bytearray(), bytearray()
    id_end, quote_end, place_end = array("i"), array("i"), array("i")
    earliest, latest, phrase = array("i"), array("i"), array("i")
    position, source, start, end = array("i"), array("i"), array("i"), array("i")
    places, actor, other = array("i"), array("i"), array("i")
    ids: list[str] = []
    quotes: list[str] = []
    others: dict[tuple[tuple[str, Any], ...], int] = {(): 0}
    attribution: dict[int, str] = {}
    id_length = quote_length = 0
    for index, event in enumerate(events):
        code = KIND_CODES[type(event)]
        when, prov = event.when, event.provenance
        try:
            position.append(event.position)
            start.append(prov.start)
            end.append(prov.end)
        except OverflowError:
            raise FrontlineError(
                [Problem(f"event {event.id}", "position or span beyond 2,147,483,647")]
            ) from None
        kind.append(code)
        ids.append(event.id)
        id_length += len(event.id)
        id_end.append(id_length)
        earliest.append(when.earliest.toordinal())
        latest.append(when.latest.toordinal())
        precision.append(PRECISIONS.index(when.precision))
        phrase.append(names.code(when.phrase))
        source.append(names.code(prov.source))
        quotes.append(prov.quote)
        quote_length += len(prov.quote)
        quote_end.append(quote_length)
        hedging.append(HEDGINGS.index(prov.hedging))
        if prov.attribution is not None:
            attribution[index] = prov.attribution
        places.extend(names.code(p) for p in event.places)
        place_end.append(len(places))
        name = ACTOR_BY_KIND[code]
        actor.append(names.code(getattr(event, name)) if name is not None else NO_NAME)
        rest = tuple(
            (f.name, getattr(event, f.name))
            for f in OTHER_FIELDS[code]
            if f.default is attrs.NOTHING or getattr(event, f.name) != f.default
        )
        found = others.get(rest)
        if found is None:
            found = others[rest] = len(others)
        other.append(found)
    id_order = array("i", sorted(range(len(ids)), key=ids.__getitem__))
    return {
        "kind": bytes(kind),
        "ids": "".join(ids),
        "id_end": id_end,
        "earliest": earliest,
        "latest": latest,
        "precision": bytes(precision),
        "phrase": phrase,
        "position": position,
        "source": source,
        "start": start,
        "end": end,
        "quotes": "".join(quotes),
        "quote_end": quote_end,
        "hedging": bytes(hedging),
        "place_end": place_end,
        "places": places,
        "actor": actor,
        "names": tuple(names.names),
        "other": other,
        "others": tuple(MappingProxyType(dict(fields)) for fields in others),
        "attribution": MappingProxyType(attribution),
        "id_order": id_order,
    }
