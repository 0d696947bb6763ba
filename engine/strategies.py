"""Hypothesis strategies for Frontline: random worlds, events and logs, to property-test replays.

Hypothesis is a test extra (``pip install frontline[test]``): nothing in the engine imports this
module, so import it only from tests. Every choice is a Hypothesis draw (no ``random``), so runs
are reproducible, shrink well, and follow the derandomized ``ci`` profile.

Dates fall in a short window (``DEFAULT_DAYS`` days from ``DEFAULT_START``) so that events often
share a day, and positions are drawn independently of ids so the log's order is exercised.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from typing import Any

import attrs
from hypothesis import strategies as st

from engine.control import Control, State, Status
from engine.dates import Precision, When
from engine.events import (
    EVENT_KINDS,
    AllegianceChanged,
    Assertion,
    CasualtyReport,
    Contested,
    ControlChanged,
    Count,
    Event,
    Hedging,
    How,
    Incident,
    IncidentType,
    Provenance,
    SiegeBegan,
    SiegeLifted,
)
from engine.factions import Faction, Factions
from engine.log import Log
from engine.places import PLACE_KINDS, Place, PlaceGraph, Region, build_place_graph
from engine.world import World

__all__ = [
    "DEFAULT_DAYS",
    "DEFAULT_START",
    "allegiance_events",
    "assertion_events",
    "casualty_events",
    "contested_events",
    "control_events",
    "controls",
    "counts",
    "event_ids",
    "events",
    "factions",
    "incident_events",
    "logs",
    "names",
    "place_graphs",
    "provenances",
    "quotes",
    "scenarios",
    "siege_events",
    "siege_lifted_events",
    "states",
    "whens",
    "worlds",
]

DEFAULT_START = dt.date(2014, 4, 10)
DEFAULT_DAYS = 60
# Party of a casualty report that is not a faction.
CIVILIANS = "civilians"

_SLUG_START = "abcdefghijklmnopqrstuvwxyz"
_SLUG_REST = _SLUG_START + "0123456789_"
_PHRASES = ("The next day", "By late May", "On 1 May", "In early June", "A few months later")


# ------------------------------------------------------------------------------------- text


@st.composite
def event_ids(draw: st.DrawFn, *, max_size: int = 8) -> str:
    """Lowercase ASCII slugs (``abu_kamal``): the form of every id in a scenario."""
    first = draw(st.sampled_from(_SLUG_START))
    rest = draw(st.text(alphabet=_SLUG_REST, max_size=max(0, max_size - 1)))
    return first + rest


def names(*, min_size: int = 1, max_size: int = 16) -> st.SearchStrategy[str]:
    """Display names, aliases and notes: any text, markup-like brackets included."""
    return st.one_of(
        st.text(min_size=min_size, max_size=max_size),
        st.sampled_from(["Deir ez-Zor", "al-Mayadin", "[sic]", "a [b [c] d]", "[/", "‘Ayyash"]),
    ).filter(lambda s: min_size <= len(s) <= max_size)


def quotes(*, max_size: int = 40) -> st.SearchStrategy[str]:
    """Verbatim quotes: any text with at least one visible character."""
    return st.text(min_size=1, max_size=max_size).filter(lambda s: bool(s.strip()))


# ------------------------------------------------------------------------------------ world


def _place(place_id: str) -> st.SearchStrategy[Place]:
    return st.builds(
        Place,
        id=st.just(place_id),
        name=names(),
        kind=st.sampled_from(sorted(PLACE_KINDS)),
        # A small area (about 70 by 80 km), so that places have neighbours in the graph.
        lat=st.floats(35.0, 35.6, allow_nan=False, allow_infinity=False),
        lon=st.floats(39.8, 40.6, allow_nan=False, allow_infinity=False),
        aliases=st.lists(names(), max_size=2).map(tuple),
        governorate=st.sampled_from(["", "Deir ez-Zor", "Raqqa"]),
        district=st.sampled_from(["", "Deir ez-Zor", "Al-Mayadin", "Abu Kamal"]),
        bank=st.sampled_from(["", "north", "south"]),
        source=st.sampled_from(["", "estimate", "geonames"]),
    )


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
    n_regions = draw(st.integers(min_regions, max(min_regions, max_regions)))
    ids = draw(
        st.lists(
            event_ids(), min_size=n_places + n_regions, max_size=n_places + n_regions, unique=True
        )
    )
    place_ids, region_ids = ids[:n_places], ids[n_places:]
    places = [draw(_place(place_id)) for place_id in place_ids]
    regions = []
    for index, region_id in enumerate(region_ids):
        coordinates = draw(st.booleans())
        regions.append(
            Region(
                id=region_id,
                name=draw(names()),
                kind=draw(st.sampled_from(["countryside", "district", "governorate", "city"])),
                members=frozenset(draw(st.sets(st.sampled_from(place_ids), max_size=n_places))),
                aliases=tuple(draw(st.lists(names(), max_size=2))),
                # Parents come earlier in the list, so the containment forms a forest.
                parent=draw(st.none() | st.sampled_from(region_ids[:index])) if index else None,
                lat=places[0].lat if coordinates else None,
                lon=places[0].lon if coordinates else None,
            )
        )
    return build_place_graph(places, regions)


@st.composite
def factions(draw: st.DrawFn, *, min_size: int = 1, max_size: int = 5) -> Factions:
    """Factions whose coalitions form random trees (a faction's coalition is another faction)."""
    ids = draw(
        st.lists(
            event_ids().filter(lambda i: i != CIVILIANS),
            min_size=max(1, min_size),
            max_size=max(1, min_size, max_size),
            unique=True,
        )
    )
    members = [
        Faction(
            id=faction_id,
            name=draw(names()),
            aliases=tuple(draw(st.lists(names(), max_size=2))),
            # Coalitions come earlier in the list: no cycles.
            coalition=draw(st.none() | st.sampled_from(ids[:index])) if index else None,
        )
        for index, faction_id in enumerate(ids)
    ]
    # Factions.of must accept them in any order.
    return Factions.of(draw(st.permutations(members)))


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
def whens(
    draw: st.DrawFn,
    *,
    start: dt.date = DEFAULT_START,
    days: int = DEFAULT_DAYS,
    precisions: Sequence[Precision] = tuple(Precision),
) -> When:
    """Exact days and date ranges of every precision, within `days` days from `start`."""
    precision = draw(st.sampled_from(precisions))
    first = draw(st.integers(0, max(0, days - 1)))
    length = 0 if precision is Precision.DAY else draw(st.integers(0, max(0, days - 1 - first)))
    phrase = draw(st.just("") | st.sampled_from(_PHRASES) | st.text(max_size=12))
    earliest = start + dt.timedelta(days=first)
    return When(earliest, earliest + dt.timedelta(days=length), precision, phrase)


# ------------------------------------------------------------------------------- provenance


@st.composite
def provenances(draw: st.DrawFn, *, sources: Mapping[str, str] | None = None) -> Provenance:
    """Where a statement comes from, with a span as long as its quote.

    Given `sources` (source id -> text), the quote is a slice of one of them at its span.
    """
    if sources:
        usable = sorted(k for k, text in sources.items() if text.strip())
        if not usable:
            raise ValueError("every source text is blank: no quote can be taken from it")
        source = draw(st.sampled_from(usable))
        text = sources[source]
        anchor = draw(st.sampled_from([i for i, ch in enumerate(text) if not ch.isspace()]))
        start = draw(st.integers(max(0, anchor - 40), anchor))
        end = draw(st.integers(anchor + 1, min(len(text), anchor + 40)))
        quote = text[start:end]
    else:
        source = draw(st.sampled_from(["wikipedia", "sohr", "reuters"]) | event_ids())
        quote = draw(quotes())
        start = draw(st.integers(0, 100_000))
        end = start + len(quote)
    return Provenance(
        source=source,
        start=start,
        end=end,
        quote=quote,
        hedging=draw(st.sampled_from(Hedging)),
        attribution=draw(st.none() | st.sampled_from(["SOHR", "an opposition source"]) | names()),
    )


def counts() -> st.SearchStrategy[Count]:
    """Numbers of killed or wounded: exact (low == high) or a range."""
    return st.tuples(st.integers(0, 500), st.integers(0, 50)).map(
        lambda pair: Count(pair[0], pair[0] + pair[1])
    )


# ----------------------------------------------------------------------------------- events


def _place_ids(world: World) -> list[str]:
    return sorted(world.places.graph)


def _targets(world: World) -> list[str]:
    return [*_place_ids(world), *sorted(world.places.regions)]


def _faction_ids(world: World) -> list[str]:
    return sorted(f.id for f in world.factions)


@st.composite
def _common(
    draw: st.DrawFn,
    world: World,
    *,
    places_required: bool,
    start: dt.date,
    days: int,
    sources: Mapping[str, str] | None,
) -> dict[str, Any]:
    targets = st.lists(
        st.sampled_from(_targets(world)), min_size=1 if places_required else 0, max_size=3
    )
    return {
        "id": draw(event_ids()),
        "when": draw(whens(start=start, days=days)),
        "provenance": draw(provenances(sources=sources)),
        "position": draw(st.integers(0, 10_000)),
        "places": tuple(draw(targets)),
        "note": draw(st.just("") | names()),
    }


def _faction(world: World) -> st.SearchStrategy[str]:
    return st.sampled_from(_faction_ids(world))


@st.composite
def control_events(
    draw: st.DrawFn,
    world: World,
    *,
    start: dt.date = DEFAULT_START,
    days: int = DEFAULT_DAYS,
    sources: Mapping[str, str] | None = None,
) -> ControlChanged:
    """A change of control of places or regions, with an optional previous holder and excepts."""
    common = draw(_common(world, places_required=True, start=start, days=days, sources=sources))
    return ControlChanged(
        **common,
        controller=draw(_faction(world)),
        previous=draw(st.none() | _faction(world)),
        how=draw(st.sampled_from(How)),
        excluded=tuple(draw(st.lists(st.sampled_from(_targets(world)), max_size=2))),
    )


@st.composite
def contested_events(
    draw: st.DrawFn,
    world: World,
    *,
    start: dt.date = DEFAULT_START,
    days: int = DEFAULT_DAYS,
    sources: Mapping[str, str] | None = None,
) -> Contested:
    """Fighting in places between one or more factions."""
    common = draw(_common(world, places_required=True, start=start, days=days, sources=sources))
    parties = draw(st.lists(_faction(world), min_size=1, max_size=3, unique=True))
    return Contested(**common, parties=tuple(parties))


@st.composite
def siege_events(
    draw: st.DrawFn,
    world: World,
    *,
    start: dt.date = DEFAULT_START,
    days: int = DEFAULT_DAYS,
    sources: Mapping[str, str] | None = None,
) -> SiegeBegan:
    """A faction lays siege to places."""
    common = draw(_common(world, places_required=True, start=start, days=days, sources=sources))
    return SiegeBegan(**common, by=draw(_faction(world)))


@st.composite
def siege_lifted_events(
    draw: st.DrawFn,
    world: World,
    *,
    start: dt.date = DEFAULT_START,
    days: int = DEFAULT_DAYS,
    sources: Mapping[str, str] | None = None,
) -> SiegeLifted:
    """A siege of places ends."""
    common = draw(_common(world, places_required=True, start=start, days=days, sources=sources))
    return SiegeLifted(**common)


@st.composite
def allegiance_events(
    draw: st.DrawFn,
    world: World,
    *,
    start: dt.date = DEFAULT_START,
    days: int = DEFAULT_DAYS,
    sources: Mapping[str, str] | None = None,
) -> AllegianceChanged:
    """A unit leaves one faction for another (needs a world with two factions or more)."""
    ids = _faction_ids(world)
    if len(ids) < 2:
        raise ValueError("an allegiance change needs at least two factions")
    common = draw(_common(world, places_required=False, start=start, days=days, sources=sources))
    unit = draw(st.sampled_from(ids))
    return AllegianceChanged(
        **common,
        faction=unit,
        previous=draw(st.none() | st.sampled_from(ids)),
        joins=draw(st.sampled_from([f for f in ids if f != unit])),
    )


@st.composite
def casualty_events(
    draw: st.DrawFn,
    world: World,
    *,
    start: dt.date = DEFAULT_START,
    days: int = DEFAULT_DAYS,
    sources: Mapping[str, str] | None = None,
) -> CasualtyReport:
    """Killed and wounded of a faction or of civilians, over an optional period."""
    common = draw(_common(world, places_required=False, start=start, days=days, sources=sources))
    return CasualtyReport(
        **common,
        party=draw(_faction(world) | st.just(CIVILIANS)),
        killed=draw(st.none() | counts()),
        wounded=draw(st.none() | counts()),
        period=draw(st.none() | whens(start=start, days=days)),
        cumulative=draw(st.booleans()),
    )


@st.composite
def incident_events(
    draw: st.DrawFn,
    world: World,
    *,
    start: dt.date = DEFAULT_START,
    days: int = DEFAULT_DAYS,
    sources: Mapping[str, str] | None = None,
) -> Incident:
    """An incident that changes no control: an airstrike, an execution, a convoy."""
    common = draw(_common(world, places_required=False, start=start, days=days, sources=sources))
    return Incident(
        **common,
        type=draw(st.sampled_from(IncidentType)),
        by=draw(st.none() | _faction(world)),
        against=draw(st.none() | _faction(world)),
    )


@st.composite
def assertion_events(
    draw: st.DrawFn,
    world: World,
    *,
    start: dt.date = DEFAULT_START,
    days: int = DEFAULT_DAYS,
    sources: Mapping[str, str] | None = None,
) -> Assertion:
    """A claimed share of a region held by a faction (needs a world with a region)."""
    regions = sorted(world.places.regions)
    if not regions:
        raise ValueError("an assertion needs a region")
    common = draw(_common(world, places_required=False, start=start, days=days, sources=sources))
    low, high = sorted(draw(st.lists(st.floats(0.0, 1.0), min_size=2, max_size=2)))
    return Assertion(
        **common,
        faction=draw(_faction(world)),
        region=draw(st.sampled_from(regions)),
        share=(low, high),
        excluded=tuple(draw(st.lists(st.sampled_from(_place_ids(world)), max_size=2))),
    )


_KIND_STRATEGIES = {
    ControlChanged.kind: control_events,
    Contested.kind: contested_events,
    SiegeBegan.kind: siege_events,
    SiegeLifted.kind: siege_lifted_events,
    AllegianceChanged.kind: allegiance_events,
    CasualtyReport.kind: casualty_events,
    Incident.kind: incident_events,
    Assertion.kind: assertion_events,
}
if set(_KIND_STRATEGIES) != set(EVENT_KINDS):  # pragma: no cover - a new kind of event
    raise RuntimeError("a kind of event has no strategy in engine.strategies")


def events(
    world: World,
    *,
    kinds: Collection[str] | None = None,
    start: dt.date = DEFAULT_START,
    days: int = DEFAULT_DAYS,
    sources: Mapping[str, str] | None = None,
) -> st.SearchStrategy[Event]:
    """Events of the given kinds (default: every kind the world allows) naming its places."""
    wanted = list(_KIND_STRATEGIES) if kinds is None else list(kinds)
    unknown = sorted(set(wanted) - set(_KIND_STRATEGIES))
    if unknown:
        raise ValueError(f"unknown kinds of event {unknown}; one of {sorted(_KIND_STRATEGIES)}")
    if len(world.factions) < 2 and AllegianceChanged.kind in wanted:
        wanted.remove(AllegianceChanged.kind)
    if not world.places.regions and Assertion.kind in wanted:
        wanted.remove(Assertion.kind)
    if not wanted:
        raise ValueError("this world allows none of the kinds of event asked for")
    return st.one_of(
        [_KIND_STRATEGIES[k](world, start=start, days=days, sources=sources) for k in wanted]
    )


# ------------------------------------------------------------------------------------- logs


@st.composite
def logs(
    draw: st.DrawFn,
    world: World,
    *,
    min_size: int = 0,
    max_size: int = 12,
    kinds: Collection[str] | None = None,
    start: dt.date = DEFAULT_START,
    days: int = DEFAULT_DAYS,
    sources: Mapping[str, str] | None = None,
) -> Log:
    """A log of events with unique ids and positions, some disputing others."""
    drawn = draw(
        st.lists(
            events(world, kinds=kinds, start=start, days=days, sources=sources),
            min_size=min_size,
            max_size=max_size,
        )
    )
    size = len(drawn)
    ids = draw(st.lists(event_ids(), min_size=size, max_size=size, unique=True))
    # Positions independent of the list order: Log must sort them.
    positions = draw(st.lists(st.integers(0, 10_000), min_size=size, max_size=size, unique=True))
    others = st.lists(st.sampled_from(ids), max_size=2, unique=True) if size > 1 else st.just([])
    built = []
    for event, event_id, position in zip(drawn, ids, positions, strict=True):
        disputes = tuple(d for d in draw(others) if d != event_id)
        built.append(attrs.evolve(event, id=event_id, position=position, disputes=disputes))
    return Log(built)


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


@st.composite
def controls(draw: st.DrawFn, world: World, *, day: dt.date = DEFAULT_START) -> Control:
    """One place's control as a replay could leave it on `day` (or unknown)."""
    faction = _faction(world)
    status = draw(st.sampled_from(Status))
    if status is Status.UNKNOWN:
        return Control()
    controller = draw(faction) if status is Status.HELD else draw(st.none() | faction)
    if status is Status.CONTESTED:
        parties = tuple(draw(st.lists(faction, min_size=1, max_size=3, unique=True)))
    elif status is Status.BESIEGED:
        parties = (draw(faction),)
    else:
        parties = ()
    since = day - dt.timedelta(days=draw(st.integers(0, 30))) if controller else None
    return Control(controller, status, since, draw(st.none() | event_ids()), parties)


@st.composite
def states(draw: st.DrawFn, world: World, *, day: dt.date = DEFAULT_START) -> State:
    """The control of some of the world's places (the others unknown)."""
    places = draw(st.sets(st.sampled_from(_place_ids(world))))
    return State({place: draw(controls(world, day=day)) for place in sorted(places)})
