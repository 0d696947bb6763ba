"""Hypothesis strategies for Frontline: random worlds, events and logs, to property-test replays.

Hypothesis is a test extra (``pip install frontline[test]``): nothing in the engine imports this
module, so import it only from tests. Every choice is a Hypothesis draw (no ``random``), so runs
are reproducible, shrink well, and follow the derandomized ``ci`` profile.

Dates fall in a short window (``DEFAULT_DAYS`` days from ``DEFAULT_START``) so that events often
share a day, and positions are drawn independently of ids so that the log's ordering is exercised.
Strategies are built once, not once per world drawn: building and validating a strategy costs
more than drawing from it. So those of names draw a rank in the world's sorted ids (the strategies
of a world with 5 places, 2 regions and 3 factions serve every such world) and the rank is then
read as the id.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any, NamedTuple, TypeVar

import attrs
from hypothesis import reject
from hypothesis import strategies as st

from engine.model.control import Control, State, Status
from engine.model.dates import Precision, When
from engine.model.events import (
    CIVILIANS,
    EVENT_KINDS,
    AllegianceChanged,
    Count,
    Event,
    Hedging,
    Names,
    Provenance,
    kind_fields,
)
from engine.model.factions import Faction, Factions
from engine.model.log import Log
from engine.model.places import PLACE_KINDS, Place, PlaceGraph, Region, build_place_graph
from engine.model.rules import changes_control
from engine.model.world import World

__all__ = [
    "CIVILIANS",
    "DEFAULT_DAYS",
    "DEFAULT_START",
    "controls",
    "counts",
    "events",
    "events_of",
    "factions",
    "logs",
    "names",
    "place_graphs",
    "provenances",
    "quotes",
    "scenarios",
    "slugs",
    "states",
    "whens",
    "worlds",
]

_T = TypeVar("_T")

DEFAULT_START = dt.date(2014, 4, 10)
DEFAULT_DAYS = 60

_SLUG_START = "abcdefghijklmnopqrstuvwxyz"
_SLUG_REST = _SLUG_START + "0123456789_"
_PHRASES = ("The next day", "By late May", "On 1 May", "In early June", "A few months later")
# Names as articles and gazetteers write them, and text that breaks markup if not escaped.
_AWKWARD = ("Deir ez-Zor", "al-Mayadin", "‘Ayyash", "[sic]", "a [b [c] d]", "[/", "[bold]x[/bold]")


# ------------------------------------------------------------------------------------- text


def slugs(*, max_size: int = 8) -> st.SearchStrategy[str]:
    """Lowercase ASCII slugs (``abu_kamal``): the form of every id in a scenario."""
    return st.builds(
        str.__add__,
        st.sampled_from(_SLUG_START),
        st.text(alphabet=_SLUG_REST, max_size=max(0, max_size - 1)),
    )


def names(*, max_size: int = 16) -> st.SearchStrategy[str]:
    """Display names, aliases and notes: any non-empty text, markup-like brackets included."""
    return st.text(min_size=1, max_size=max(1, max_size)) | st.sampled_from(_AWKWARD)


def quotes(*, max_size: int = 40) -> st.SearchStrategy[str]:
    """Verbatim quotes: any text with at least one visible character."""
    return _such_that(st.text(min_size=1, max_size=max(1, max_size)), _visible)


@st.composite
def _such_that(
    draw: st.DrawFn, values: st.SearchStrategy[_T], condition: Callable[[_T], bool]
) -> _T:
    """`values.filter(condition)`, but validated once: Hypothesis (6.170) validates a filtered
    strategy again on every draw (its validation makes it anew), a sixth of a scenario's time."""
    for _ in range(3):  # as a filter tries, before it gives the example up
        value = draw(values)
        if condition(value):
            return value
    reject()


def _visible(text: str) -> bool:
    return bool(text.strip())


def _span_of_quote(drawn: tuple[str, int, str]) -> tuple[str, int, int, str]:
    source, start, quote = drawn
    return source, start, start + len(quote), quote


def _count(low: int, extra: int) -> Count:
    return Count(low, low + extra)


def _ordered(pair: tuple[float, float]) -> tuple[float, float]:
    return min(pair), max(pair)


def _days_before(day: dt.date, back: int) -> dt.date:
    return day - dt.timedelta(days=back)


def _not_civilians(faction_id: str) -> bool:
    return faction_id != CIVILIANS


_IDS = slugs()
_FACTION_IDS = _such_that(_IDS, _not_civilians)
_NAMES = names()
_QUOTES = quotes()
_ALIASES = st.lists(_NAMES, max_size=2).map(tuple)
_NOTES = st.just("") | _NAMES


# ------------------------------------------------------------------------------------ world

_PLACE_FIELDS = {
    "name": _NAMES,
    "kind": st.sampled_from(sorted(PLACE_KINDS)),
    "aliases": _ALIASES,
    "governorate": st.sampled_from(["", "Deir ez-Zor", "Raqqa"]),
    "district": st.sampled_from(["", "Deir ez-Zor", "Al-Mayadin", "Abu Kamal"]),
    "bank": st.sampled_from(["", "north", "south"]),
    "source": st.sampled_from(["", "estimate", "geonames"]),
}
_PLACES = st.builds(Place, id=st.just("place"), lat=st.just(0.0), lon=st.just(0.0), **_PLACE_FIELDS)
# Points of a grid over a small area (about 70 by 80 km, 0.05 degrees or about 5 km apart), so
# that places have neighbours in the graph; several places may share a point, as a quarter placed
# at its city's point does in a gazetteer.
_GRID = st.tuples(st.integers(0, 12), st.integers(0, 16))
_REGION_KINDS = st.sampled_from(["countryside", "district", "governorate", "city"])


@functools.lru_cache(maxsize=256)
def _rank(count: int) -> st.SearchStrategy[int]:
    """A rank in a list of `count` ids (nothing to draw from none)."""
    return st.integers(0, count - 1) if count > 0 else st.nothing()


@functools.lru_cache(maxsize=256)
def _rank_or_none(count: int) -> st.SearchStrategy[int | None]:
    return st.none() | _rank(count)


@functools.lru_cache(maxsize=256)
def _some_ranks(count: int) -> st.SearchStrategy[frozenset[int]]:
    return st.frozensets(_rank(count), max_size=count)


@functools.lru_cache(maxsize=256)
def _orders(count: int) -> st.SearchStrategy[list[int]]:
    return st.permutations(range(count))


@st.composite
def place_graphs(
    draw: st.DrawFn,
    *,
    min_places: int = 1,
    max_places: int = 8,
    min_regions: int = 1,
    max_regions: int = 3,
) -> PlaceGraph:
    """Places with coordinates and regions of random members (possibly none), built and checked."""
    n_places = draw(st.integers(max(1, min_places), max(1, min_places, max_places)))
    n_regions = draw(st.integers(max(0, min_regions), max(0, min_regions, max_regions)))
    size = n_places + n_regions
    ids = draw(st.lists(_IDS, min_size=size, max_size=size, unique=True))
    place_ids, region_ids = ids[:n_places], ids[n_places:]
    points = draw(st.lists(_GRID, min_size=n_places, max_size=n_places))
    places = [
        attrs.evolve(draw(_PLACES), id=place_id, lat=35.0 + 0.05 * row, lon=39.8 + 0.05 * col)
        for place_id, (row, col) in zip(place_ids, points, strict=True)
    ]
    regions = []
    for index, region_id in enumerate(region_ids):
        # Parents come earlier in the list, so that regions nest as a forest.
        parent = draw(_rank_or_none(index)) if index else None
        point = draw(_rank_or_none(n_places))
        regions.append(
            Region(
                id=region_id,
                name=draw(_NAMES),
                kind=draw(_REGION_KINDS),
                members=frozenset(place_ids[n] for n in draw(_some_ranks(n_places))),
                aliases=draw(_ALIASES),
                parent=None if parent is None else region_ids[parent],
                lat=None if point is None else places[point].lat,
                lon=None if point is None else places[point].lon,
            )
        )
    return build_place_graph(places, regions)


@st.composite
def factions(draw: st.DrawFn, *, min_size: int = 1, max_size: int = 5) -> Factions:
    """Factions whose coalitions form random trees (a faction's coalition is another faction)."""
    ids = draw(
        st.lists(
            _FACTION_IDS,
            min_size=max(1, min_size),
            max_size=max(1, min_size, max_size),
            unique=True,
        )
    )
    members = []
    for index, faction_id in enumerate(ids):
        # Coalitions come earlier in the list: no cycles.
        coalition = draw(_rank_or_none(index)) if index else None
        members.append(
            Faction(
                id=faction_id,
                name=draw(_NAMES),
                aliases=draw(_ALIASES),
                coalition=None if coalition is None else ids[coalition],
            )
        )
    # Factions.of must accept them in any order.
    return Factions.of([members[n] for n in draw(_orders(len(members)))])


@st.composite
def worlds(
    draw: st.DrawFn,
    *,
    max_places: int = 8,
    max_regions: int = 3,
    max_factions: int = 5,
) -> World:
    """A world: a place graph and factions."""
    return World(
        draw(place_graphs(max_places=max_places, max_regions=max_regions)),
        draw(factions(max_size=max_factions)),
    )


# ------------------------------------------------------------------------------------ dates


@st.composite
def _when(
    draw: st.DrawFn,
    start: dt.date,
    precisions: st.SearchStrategy[Precision],
    offsets: st.SearchStrategy[int],
    phrases: st.SearchStrategy[str],
) -> When:
    precision = draw(precisions)
    first = draw(offsets)
    # Other precisions than `day` may still be exact; or a range between two offsets.
    last = first if precision is Precision.DAY or draw(st.booleans()) else draw(offsets)
    low, high = sorted((first, last))
    return When(
        start + dt.timedelta(days=low), start + dt.timedelta(days=high), precision, draw(phrases)
    )


def whens(
    *,
    start: dt.date = DEFAULT_START,
    days: int = DEFAULT_DAYS,
    precisions: Sequence[Precision] = tuple(Precision),
) -> st.SearchStrategy[When]:
    """Exact days and date ranges of every precision, within `days` days from `start`."""
    return _whens(start, days, tuple(precisions))


@functools.lru_cache(maxsize=64)
def _whens(start: dt.date, days: int, precisions: tuple[Precision, ...]) -> st.SearchStrategy[When]:
    precision_of = st.sampled_from(precisions)
    offsets = st.integers(0, max(0, days - 1))
    phrases = st.just("") | st.sampled_from(_PHRASES) | st.text(max_size=12)
    return _when(start, precision_of, offsets, phrases)


# ------------------------------------------------------------------------------- provenance

_HEDGINGS = st.sampled_from(Hedging)
_ATTRIBUTIONS = st.none() | st.sampled_from(["SOHR", "an opposition source"]) | _NAMES


@st.composite
def _quote_in(
    draw: st.DrawFn, sources: Mapping[str, str], usable: Sequence[str]
) -> tuple[str, int, int, str]:
    source = draw(st.sampled_from(usable))
    text = sources[source]
    anchor = draw(st.sampled_from([i for i, ch in enumerate(text) if not ch.isspace()]))
    start = draw(st.integers(max(0, anchor - 40), anchor))
    end = draw(st.integers(anchor + 1, min(len(text), anchor + 40)))
    return source, start, end, text[start:end]


@st.composite
def _provenance(
    draw: st.DrawFn, located: st.SearchStrategy[tuple[str, int, int, str]]
) -> Provenance:
    source, start, end, quote = draw(located)
    return Provenance(source, start, end, quote, draw(_HEDGINGS), draw(_ATTRIBUTIONS))


def provenances(*, sources: Mapping[str, str] | None = None) -> st.SearchStrategy[Provenance]:
    """Where a statement comes from, with a span exactly as long as its quote.

    Given `sources` (source id -> text), the quote is the slice of one of them at its span.
    """
    if not sources:
        return _ANY_PROVENANCE
    usable = sorted(k for k, text in sources.items() if text.strip())
    if not usable:
        raise ValueError("every source text is blank: no quote can be taken from it")
    return _provenance(_quote_in(sources, usable))


_ANY_PROVENANCE = _provenance(
    st.tuples(
        st.sampled_from(["wikipedia", "sohr", "reuters"]) | _IDS,
        st.integers(0, 100_000),
        _QUOTES,
    ).map(_span_of_quote)
)


@functools.cache
def counts() -> st.SearchStrategy[Count]:
    """Numbers of killed or wounded: exact (low == high) or a range."""
    return st.builds(_count, st.integers(0, 500), st.integers(0, 50))


# ----------------------------------------------------------------------------------- events


def _place_ids(world: World) -> list[str]:
    return sorted(p.id for p in world.places.places)


def _faction(world: World) -> st.SearchStrategy[str]:
    return st.sampled_from(sorted(f.id for f in world.factions))


class _Ids(NamedTuple):
    """The ids an event may name, each list sorted: its strategies draw ranks in them."""

    targets: tuple[str, ...]  # places, then regions
    regions: tuple[str, ...]
    factions: tuple[str, ...]

    @classmethod
    def of(cls, world: World) -> _Ids:
        regions = tuple(sorted(world.places.regions))
        factions = tuple(sorted(f.id for f in world.factions))
        return cls((*_place_ids(world), *regions), regions, factions)


# Which list of _Ids (by its place in them) a field's ranks are read in, from what it names.
_LIST_OF = {Names.PLACE: 0, Names.REGION: 1, Names.FACTION: 2}


def _field_strategy(
    field: attrs.Attribute[Any], shape: tuple[int, int, int], start: dt.date, days: int
) -> st.SearchStrategy[Any]:
    """Values of one field of an event, from its type and what it names (engine.model.events):
    a place, region or faction as its rank in the _Ids of a world of this shape (their lengths)."""
    kind, names = field.type, field.metadata.get("names")
    required = field.default is attrs.NOTHING
    one: st.SearchStrategy[Any]
    if names in _LIST_OF:
        one = _rank(shape[_LIST_OF[names]])
        if names is Names.FACTION and field.metadata.get("or_civilians"):
            one = one | st.just(CIVILIANS)  # a name, not a rank: _named keeps it
    elif isinstance(kind, type) and issubclass(kind, enum.Enum):
        return st.sampled_from(kind)
    elif kind == Count | None:
        return st.none() | counts()
    elif kind == When | None:
        return st.none() | whens(start=start, days=days)
    elif kind is bool:
        return st.booleans()
    elif kind == tuple[float, float]:
        share = st.floats(0.0, 1.0)
        return st.tuples(share, share).map(_ordered)
    else:
        raise TypeError(f"no strategy for the field {field.name} of type {kind}")
    if kind == tuple[str, ...]:
        return st.lists(one, min_size=int(required), max_size=3, unique=True).map(tuple)
    return one if required else st.none() | one


# A dict, not functools.cache: mypy takes the classes of events for unhashable.
_RANKED: dict[tuple[type[Event], tuple[int, int, int], dt.date, int], st.SearchStrategy[Any]] = {}


def _ranked_fields(
    kind: type[Event], shape: tuple[int, int, int], start: dt.date, days: int
) -> st.SearchStrategy[dict[str, Any]]:
    """The fields of an event of this kind but its provenance, with ranks for names, in any
    world of this shape (how many targets, regions and factions): built once for them all."""
    key = (kind, shape, start, days)
    if key not in _RANKED:
        _RANKED[key] = _fields_of(kind, shape, start, days)
    return _RANKED[key]


def _fields_of(
    kind: type[Event], shape: tuple[int, int, int], start: dt.date, days: int
) -> st.SearchStrategy[dict[str, Any]]:
    required = int(changes_control(kind))  # a kind that changes control names a place
    return st.fixed_dictionaries(
        {
            "id": _IDS,
            "when": whens(start=start, days=days),
            "position": st.integers(0, 10_000),
            "places": st.lists(_rank(shape[0]), min_size=required, max_size=3).map(tuple),
            "note": _NOTES,
        }
        | {f.name: _field_strategy(f, shape, start, days) for f in kind_fields(kind)}
    )


def _naming(kind: type[Event]) -> list[tuple[str, int]]:
    """The fields of a kind that name something, each with the list of _Ids it names from."""
    named = [
        (f.name, _LIST_OF[f.metadata["names"]])
        for f in kind_fields(kind)
        if f.metadata.get("names") in _LIST_OF
    ]
    return [("places", _LIST_OF[Names.PLACE]), *named]


def _name(value: Any, names: tuple[str, ...]) -> Any:
    """A rank read as its id (a tuple of them, each): None and names (civilians) as they are."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, tuple):
        return tuple(_name(v, names) for v in value)
    return names[value]


def _named(
    kind: type[Event],
    naming: list[tuple[str, int]],
    ids: _Ids,
    drawn: tuple[dict[str, Any], Provenance],
) -> Event:
    fields, provenance = drawn
    for field, which in naming:
        fields[field] = _name(fields[field], ids[which])
    return kind(provenance=provenance, **fields)


def _events_of(
    kind: type[Event],
    ids: _Ids,
    start: dt.date,
    days: int,
    provenance: st.SearchStrategy[Provenance],
) -> st.SearchStrategy[Event]:
    ranked = _ranked_fields(kind, (len(ids[0]), len(ids[1]), len(ids[2])), start, days)
    built = st.tuples(ranked, provenance).map(functools.partial(_named, kind, _naming(kind), ids))
    sensible = _SENSIBLE.get(kind)
    return built if sensible is None else _such_that(built, sensible)


def _needs(kind: type[Event], world: World) -> str | None:
    """Why a world cannot have events of this kind (None: it can)."""
    fields = kind_fields(kind)
    named = [f for f in fields if f.default is attrs.NOTHING and f.type is str]
    two = sum(1 for f in named if f.metadata.get("names") is Names.FACTION) >= 2
    if two and len(world.factions) < 2:
        return f"a {kind.kind} event needs at least two factions"
    if any(f.metadata.get("names") is Names.REGION for f in named) and not world.places.regions:
        return f"a {kind.kind} event needs a region"
    return None


# Events the field strategies could draw that make no sense: a unit joining itself.
_SENSIBLE: Mapping[type[Event], Callable[[Any], bool]] = {
    AllegianceChanged: lambda event: event.faction != event.joins,
}


def events_of(
    kind: type[Event],
    world: World,
    *,
    start: dt.date = DEFAULT_START,
    days: int = DEFAULT_DAYS,
    sources: Mapping[str, str] | None = None,
) -> st.SearchStrategy[Event]:
    """Events of one kind naming the world's places and factions, each field drawn as its type
    and what it names say (a kind that changes control names at least one place)."""
    problem = _needs(kind, world)
    if problem:
        raise ValueError(problem)
    return _events_of(kind, _Ids.of(world), start, days, provenances(sources=sources))


def events(
    world: World,
    *,
    kinds: Collection[str] | None = None,
    start: dt.date = DEFAULT_START,
    days: int = DEFAULT_DAYS,
    sources: Mapping[str, str] | None = None,
) -> st.SearchStrategy[Event]:
    """Events of the given kinds (default: every kind the world allows) naming its places."""
    wanted = list(EVENT_KINDS) if kinds is None else list(dict.fromkeys(kinds))
    unknown = sorted(set(wanted) - set(EVENT_KINDS))
    if unknown:
        raise ValueError(f"unknown kinds of event {unknown}; one of {sorted(EVENT_KINDS)}")
    wanted = [k for k in wanted if _needs(EVENT_KINDS[k], world) is None]
    if not wanted:
        raise ValueError("this world allows none of the kinds of event asked for")
    ids, provenance = _Ids.of(world), provenances(sources=sources)  # the same for every kind
    return st.one_of([_events_of(EVENT_KINDS[k], ids, start, days, provenance) for k in wanted])


# ------------------------------------------------------------------------------------- logs


@st.composite
def _log(draw: st.DrawFn, drawn_events: st.SearchStrategy[list[Event]]) -> Log:
    drawn = draw(drawn_events)
    size = len(drawn)
    ids = draw(st.lists(_IDS, min_size=size, max_size=size, unique=True))
    # Positions independent of the list order: Log must sort them.
    positions = draw(st.lists(st.integers(0, 10_000), min_size=size, max_size=size, unique=True))
    others = st.lists(_rank(size), max_size=2, unique=True) if size > 1 else None
    built = []
    for event, event_id, position in zip(drawn, ids, positions, strict=True):
        disputed = () if others is None else (ids[n] for n in draw(others))
        disputes = tuple(d for d in disputed if d != event_id)
        built.append(attrs.evolve(event, id=event_id, position=position, disputes=disputes))
    return Log(built)


def logs(
    world: World,
    *,
    min_size: int = 0,
    max_size: int = 12,
    kinds: Collection[str] | None = None,
    start: dt.date = DEFAULT_START,
    days: int = DEFAULT_DAYS,
    sources: Mapping[str, str] | None = None,
) -> st.SearchStrategy[Log]:
    """A log of events with unique ids and positions, some disputing others."""
    drawn_events = st.lists(
        events(world, kinds=kinds, start=start, days=days, sources=sources),
        min_size=min_size,
        max_size=max_size,
    )

    return _log(drawn_events)


@st.composite
def scenarios(
    draw: st.DrawFn,
    *,
    max_places: int = 8,
    max_regions: int = 3,
    max_factions: int = 5,
    max_events: int = 12,
    kinds: Collection[str] | None = None,
    days: int = DEFAULT_DAYS,
) -> tuple[World, Log]:
    """A world and a log of events that refer to it."""
    world = draw(worlds(max_places=max_places, max_regions=max_regions, max_factions=max_factions))
    return world, draw(logs(world, max_size=max_events, kinds=kinds, days=days))


# ----------------------------------------------------------------------------------- states


_STATUSES = st.sampled_from(Status)


@st.composite
def _control(
    draw: st.DrawFn,
    faction: st.SearchStrategy[str],
    parties_of: Mapping[Status, st.SearchStrategy[tuple[str, ...]]],
    since: st.SearchStrategy[dt.date],
) -> Control:
    status = draw(_STATUSES)
    if status is Status.UNKNOWN:
        return Control()
    controller = draw(faction if status is Status.HELD else st.none() | faction)
    parties = draw(parties_of[status]) if status in parties_of else ()
    return Control(
        controller,
        status,
        None if controller is None else draw(since),
        draw(st.none() | _IDS),
        parties,
    )


def controls(world: World, *, day: dt.date = DEFAULT_START) -> st.SearchStrategy[Control]:
    """One place's control as a replay could leave it on `day`: held, fought over, or unknown."""
    faction = _faction(world)
    parties_of = {
        Status.CONTESTED: st.lists(faction, min_size=1, max_size=3, unique=True).map(tuple),
        Status.BESIEGED: st.tuples(faction),
    }
    since = st.integers(0, 30).map(functools.partial(_days_before, day))

    return _control(faction, parties_of, since)


def states(world: World, *, day: dt.date = DEFAULT_START) -> st.SearchStrategy[State]:
    """The control of some of the world's places (the others unknown)."""
    return st.dictionaries(st.sampled_from(_place_ids(world)), controls(world, day=day)).map(State)
