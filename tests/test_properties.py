"""Properties of the replay on random worlds and logs, against the naive fold and brute force.

Expected values come from `engine.replay.replayer.fold` (the reference replay: every step from the
start) or from definitions written out here from the scenario format, never from the fast engine.
"""

from __future__ import annotations

import datetime as dt
import math
import signal
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import pairwise
from types import FrameType

import attrs
import pytest
from attrs import AttrsInstance
from hypothesis import example, given
from hypothesis import strategies as st

from engine.errors import FrontlineError, Problem
from engine.model.control import Control, State, Status
from engine.model.dates import When
from engine.model.events import (
    EVENT_KINDS,
    Contested,
    ControlChanged,
    Event,
    Provenance,
    SiegeBegan,
    SiegeLifted,
)
from engine.model.factions import Faction, Factions
from engine.model.log import Log, LogBuilder, event_values
from engine.model.places import Place, PlaceGraph, Region, build_place_graph
from engine.model.rules import changes_control
from engine.model.world import World
from engine.replay.apply import affected_places, apply
from engine.replay.records import NO_RECORD, PENDING, fold_records
from engine.replay.replayer import Replayer, fold
from engine.testing import strategies as fst

ONE_DAY = dt.timedelta(days=1)
CHECKPOINTS = st.sampled_from([1, 2, 3, 7, 2048])
START = fst.DEFAULT_START
# Any day of the strategies' window, and the days just outside it.
DAYS = st.integers(-1, fst.DEFAULT_DAYS).map(lambda n: START + dt.timedelta(days=n))

# The smallest world, and the smallest logs that showed engine bugs (explicit examples, so that
# the tests fail at once and say how, until the engine is fixed).
ONE_PLACE = World(
    build_place_graph([Place("a", "A", "town", 35.0, 40.0)], []), Factions.of([Faction("a", "A")])
)
QUOTE = Provenance("wikipedia", 0, 1, "0")
# A place nobody was known to hold is taken on the first day.
TAKEN = Log(
    [
        ControlChanged(
            id="taken", when=When.day(START), provenance=QUOTE, places=["a"], controller="a"
        )
    ]
)
# A place nobody is known to hold is besieged, and the siege is lifted the next day.
SIEGE_LIFTED = Log(
    [
        SiegeBegan(id="siege", when=When.day(START), provenance=QUOTE, places=["a"], by="a"),
        SiegeLifted(
            id="lifted", when=When.day(START + ONE_DAY), provenance=QUOTE, position=1, places=["a"]
        ),
    ]
)


# ----------------------------------------------------------------------- independent helpers


def window(log: Log) -> list[dt.date]:
    """Every day from the day before the log's first date to the day after its last."""
    if not len(log):
        return [fst.DEFAULT_START - ONE_DAY, fst.DEFAULT_START]
    first = min(e.when.earliest for e in log) - ONE_DAY
    last = max(e.when.latest for e in log) + ONE_DAY
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def reference(world: World, log: Log) -> dict[dt.date, State]:
    """The naive replay's state at the end of every day of the window."""
    return {day: fold(world, log, day) for day in window(log)}


def place_ids(world: World) -> list[str]:
    return sorted(world.places.graph)


def chain(world: World, faction: str) -> list[str]:
    """A faction and the coalitions above it, read from the faction records."""
    found: list[str] = []
    current: str | None = faction
    while current is not None:
        found.append(current)
        current = world.factions[current].coalition
    return found


def compatible(world: World, a: str, b: str) -> bool:
    """A statement about `a` agrees with one about `b`: one is the other or contains it."""
    return a in chain(world, b) or b in chain(world, a)


def members(world: World, target: str) -> set[str]:
    """The places a place or region id stands for, read from the region records."""
    if target in world.places.graph:
        return {target}
    return set(world.places.regions[target].members)


def brute_affected(world: World, event: Event, state: State) -> set[str]:
    """The places an event acts on, written out from the scenario format."""
    excluded: set[str] = set()
    previous = None
    if isinstance(event, ControlChanged):
        previous = event.previous
        for target in event.excluded:
            excluded |= members(world, target)
    found: set[str] = set()
    for target in event.places:
        for place in members(world, target) - excluded:
            if previous is not None and target in world.places.regions:
                # A region "taken from X": only its places that X (or its side) holds or fights
                # inside; a besieger outside the walls holds nothing.
                control = state.control.get(place, Control())
                fighting = control.parties if control.status is Status.CONTESTED else ()
                holders = [h for h in (control.controller, *fighting) if h is not None]
                if not any(compatible(world, h, previous) for h in holders):
                    continue
            found.add(place)
    return found


def ranged_events_naming(
    events: Iterable[Event], place: str, day: dt.date, world: World
) -> set[str]:
    """Ids of control events whose date range covers the day without having ended, naming place."""
    found = set()
    for event in events:
        if not changes_control(type(event)) or event.when.earliest == event.when.latest:
            continue
        if not event.when.earliest <= day < event.when.latest:
            continue
        excluded = event.excluded if isinstance(event, ControlChanged) else ()
        named = set().union(*(members(world, t) for t in event.places))
        named -= set().union(*(members(world, t) for t in excluded))
        if place in named:
            found.add(event.id)
    return found


def check_control(
    control: Control, place: str, day: dt.date, world: World, log: Log, events: Sequence[Event]
) -> None:
    """What must hold of one place's control on a day, whatever the log says (`events`: the
    log's, listed once by the caller, since a Log makes its events afresh on every pass)."""
    factions = {f.id for f in world.factions}
    assert isinstance(control, Control)
    assert control.controller is None or control.controller in factions
    assert set(control.parties) <= factions
    if control.status is Status.UNKNOWN:
        assert control.controller is None
        assert control.parties == ()
        assert control.since is None
    if control.controller is not None:
        assert control.status is not Status.UNKNOWN
        assert control.since is not None
        assert control.since <= day
    # Fought over: by whom; held: by nobody else.
    assert bool(control.parties) == (control.status in (Status.CONTESTED, Status.BESIEGED))
    if control.status is Status.BESIEGED:
        assert len(control.parties) == 1
    if control.event is not None:
        assert control.event in log
        event = log[control.event]
        if control.implied:  # implied by a later event, which takes the place from its holder
            assert day < event.when.latest
            assert place in event.places
            assert getattr(event, "previous", None) == control.controller
        else:
            assert event.when.latest <= day
            assert place in set().union(*(members(world, t) for t in event.places))
    assert not control.implied or control.controller is not None
    # Uncertain only while a date range that names the place is still open.
    assert control.pending <= ranged_events_naming(events, place, day, world)


def same_control(a: State, b: State, world: World) -> bool:
    """Two states give every place of the world the same control and units the same sides."""
    return all(a.of(p) == b.of(p) for p in place_ids(world)) and dict(a.allegiance) == dict(
        b.allegiance
    )


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Fail (raise TimeoutError) when the block runs longer than `seconds`."""

    def expire(_signum: int, _frame: FrameType | None) -> None:
        raise TimeoutError(f"took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# ------------------------------------------------------------------ (a) one control per place


@given(fst.scenarios(), CHECKPOINTS)
def test_every_place_has_one_control_on_every_day(scenario: tuple[World, Log], every: int) -> None:
    world, log = scenario
    replayer = Replayer(world, log, checkpoint_every=every)
    events = list(log)
    for day, expected in reference(world, log).items():
        for state in (replayer.at(day), expected):
            assert set(state.control) <= set(place_ids(world)), "a place outside the world"
            assert set(state.allegiance) <= {f.id for f in world.factions}
            for place in place_ids(world):
                check_control(state.of(place), place, day, world, log, events)


@example((ONE_PLACE, SIEGE_LIFTED))
@given(fst.scenarios())
def test_a_place_held_has_a_known_controller(scenario: tuple[World, Log]) -> None:
    """`held` means held by someone: lifting the siege of a place of unknown control keeps it so."""
    world, log = scenario
    for day, state in reference(world, log).items():
        for place in place_ids(world):
            control = state.of(place)
            if control.status is Status.HELD:
                assert control.controller is not None, (day, place, control)


# ----------------------------------------------------------------------- (b) determinism


@given(fst.scenarios(), CHECKPOINTS)
def test_replay_is_deterministic(scenario: tuple[World, Log], every: int) -> None:
    world, log = scenario
    first, second = Replayer(world, log, every), Replayer(world, log, every)
    for day in window(log):
        assert first.at(day) == second.at(day) == first.at(day)
        assert fold(world, log, day) == fold(world, log, day)
    for place in place_ids(world):
        assert first.timeline(place) == second.timeline(place)


# -------------------------------------------------------------- (c) fast replay == naive fold


@given(fst.scenarios(), CHECKPOINTS)
def test_seeking_any_day_equals_the_naive_fold(scenario: tuple[World, Log], every: int) -> None:
    world, log = scenario
    replayer = Replayer(world, log, checkpoint_every=every)
    states = reference(world, log)
    for day, expected in states.items():
        assert replayer.at(day) == expected
        for place in place_ids(world):
            assert replayer.control_at(place, day) == expected.of(place)
    assert fold(world, log) == states[window(log)[-1]]


@given(fst.scenarios())
def test_records_link_each_place_to_its_record_before_in_replay_order(
    scenario: tuple[World, Log],
) -> None:
    world, log = scenario
    records = fold_records(world, log, {p: n for n, p in enumerate(place_ids(world))})
    assert list(records.day) == sorted(records.day), "records out of day order"
    latest: dict[int, int] = {}
    for record, place in enumerate(records.place):
        assert records.previous[record] == latest.get(place, NO_RECORD)
        latest[place] = record
        flagged = bool(records.status[record] & PENDING)
        pending = records.pending(record)
        assert flagged == bool(pending)
        assert all(0 <= e < len(log) and log.days(e)[0] < log.days(e)[1] for e in pending)
    effect = [records.before_effect[e] for e in (records.effect_order or range(len(log)))]
    assert effect == sorted(effect), "an event took effect before one replayed earlier"


# ------------------------------------------------------------------ (d) stepping and seeking


@given(fst.scenarios(), CHECKPOINTS, DAYS, DAYS)
def test_advance_gives_every_place_its_control_on_the_new_day(
    scenario: tuple[World, Log], every: int, d1: dt.date, d2: dt.date
) -> None:
    world, log = scenario
    replayer = Replayer(world, log, checkpoint_every=every)
    moved = replayer.advance(replayer.at(d1), d1, d2)
    assert same_control(moved, fold(world, log, d2), world)
    assert set(moved.control) <= set(place_ids(world))
    back = replayer.advance(moved, d2, d1)
    assert same_control(back, fold(world, log, d1), world)


@example((ONE_PLACE, TAKEN), 2048, START - ONE_DAY, START)
@given(fst.scenarios(), CHECKPOINTS, DAYS, DAYS)
def test_advance_then_back_restores_the_state(
    scenario: tuple[World, Log], every: int, d1: dt.date, d2: dt.date
) -> None:
    """States are values: the state reached by stepping equals the state seeked to."""
    world, log = scenario
    replayer = Replayer(world, log, checkpoint_every=every)
    start = replayer.at(d1)
    moved = replayer.advance(start, d1, d2)
    assert moved == fold(world, log, d2)
    assert replayer.advance(moved, d2, d1) == start == fold(world, log, d1)


# ------------------------------------------------------------------ (e) and (f) log building


@given(fst.scenarios(), st.data())
def test_a_log_appended_in_two_parts_replays_like_the_whole(
    scenario: tuple[World, Log], data: st.DataObject
) -> None:
    world, log = scenario
    in_first = data.draw(st.lists(st.booleans(), min_size=len(log), max_size=len(log)))
    first = [e for e, chosen in zip(log, in_first, strict=True) if chosen]
    second = [e for e, chosen in zip(log, in_first, strict=True) if not chosen]
    joined = Log(first).append(second)
    assert joined == log
    assert list(joined) == list(log)
    replayer = Replayer(world, joined, checkpoint_every=data.draw(CHECKPOINTS))
    for day, expected in reference(world, log).items():
        assert fold(world, joined, day) == expected
        assert replayer.at(day) == expected


def distinct_events(world: World, data: st.DataObject) -> list[Event]:
    """Events of every kind the world allows, no two with the same id."""
    kinds = [k for k in EVENT_KINDS if k != "allegiance" or len(world.factions) > 1]
    events = data.draw(st.lists(st.one_of([fst.events(world, kinds=[k]) for k in kinds])))
    return list({e.id: e for e in events}.values())


@given(fst.worlds(), st.data())
def test_a_log_gives_back_every_event_exactly_in_log_order(
    world: World, data: st.DataObject
) -> None:
    """The log keeps events as columns: each event made again equals the one given."""
    unique = distinct_events(world, data)
    log = Log(unique)
    expected = sorted(unique, key=lambda e: (e.position, e.id))
    assert list(log) == expected
    assert [type(e) for e in log] == [type(e) for e in expected]
    assert len(log) == len(expected)
    for index, event in enumerate(expected):
        assert log[event.id] == event
        assert event.id in log
        assert log.index_of(event.id) == index
    assert "no such id" not in log
    assert log.index_of("no such id") is None


@given(fst.worlds(), st.data())
def test_a_builder_given_events_in_any_order_makes_their_log(
    world: World, data: st.DataObject
) -> None:
    unique = distinct_events(world, data)
    builder = LogBuilder()
    for event in data.draw(st.permutations(unique)):
        builder.add(event_values(event))
    built = builder.build()
    assert list(built) == sorted(unique, key=lambda e: (e.position, e.id))
    assert built == Log(unique)
    assert [built.index_of(e.id) for e in built] == list(range(len(built)))


def test_a_builder_puts_events_in_log_order_and_refuses_an_id_twice() -> None:
    made = [
        SiegeBegan(id=i, when=When.day(START), provenance=QUOTE, position=p, places=["a"], by="a")
        for i, p in (("c", 2), ("b", 0), ("a", 2), ("d", 1))
    ]
    builder = LogBuilder()
    for event in made:
        builder.add(event_values(event))
    assert [e.id for e in builder.build()] == ["b", "d", "a", "c"]
    builder.add(event_values(attrs.evolve(made[0], position=7)))
    with pytest.raises(FrontlineError) as twice:
        builder.build()
    assert twice.value.problems == (Problem("event c", "id used twice"),)


def test_other_fields_given_in_any_order_with_their_defaults_make_one_event() -> None:
    event = ControlChanged(
        id="x", when=When.day(START), provenance=QUOTE, places=["a"], controller="a", previous="a"
    )
    values = event_values(event)
    logs = []
    for other in (
        (("previous", "a"),),
        (("how", "captured"), ("excluded", ()), ("previous", "a"), ("note", "")),
        values[-1],
    ):
        builder = LogBuilder()
        builder.add((*values[:-1], other))
        logs.append(builder.build())
    assert logs[0] == logs[1] == logs[2] == Log([event])
    assert list(logs[1]) == [event]
    assert logs[1].other_fields(0) == {"previous": "a"}


@given(fst.scenarios(), st.data())
def test_the_order_events_are_given_in_changes_nothing(
    scenario: tuple[World, Log], data: st.DataObject
) -> None:
    world, log = scenario
    shuffled = Log(data.draw(st.permutations(list(log))))
    assert shuffled == log
    assert list(shuffled) == list(log)
    assert [e.position for e in shuffled] == sorted(e.position for e in log)
    replayer = Replayer(world, shuffled, checkpoint_every=data.draw(CHECKPOINTS))
    for day, expected in reference(world, log).items():
        assert fold(world, shuffled, day) == expected
        assert replayer.at(day) == expected


# -------------------------------------------------------------------------- (g) immutability


def _assert_frozen(value: AttrsInstance) -> None:
    assert attrs.has(type(value))
    for field in attrs.fields(type(value)):
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(value, field.name, getattr(value, field.name))
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            delattr(value, field.name)


@given(fst.worlds(), st.data())
def test_nothing_can_be_changed_in_place(world: World, data: st.DataObject) -> None:
    # Allegiance changes need two factions; worlds may have one.
    kinds = [k for k in EVENT_KINDS if k != "allegiance" or len(world.factions) > 1]
    for kind in kinds:
        event = data.draw(fst.events(world, kinds=[kind]), label=kind)
        _assert_frozen(event)
        _assert_frozen(event.when)
        _assert_frozen(event.provenance)
        assert isinstance(event.places, tuple)
        assert isinstance(event.disputes, tuple)
    state = data.draw(fst.states(world))
    _assert_frozen(state)
    for control in state.control.values():
        _assert_frozen(control)
    with pytest.raises(TypeError):
        state.control["anywhere"] = Control()  # type: ignore[index]
    with pytest.raises(TypeError):
        del state.control["anywhere"]  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        state.allegiance["anyone"] = "anyone"  # type: ignore[index]
    log = data.draw(fst.logs(world, max_size=3))
    _assert_frozen(log)
    with pytest.raises(TypeError):
        log.by_id["anything"] = next(iter(log), None)  # type: ignore[index]


@given(fst.scenarios(max_events=6))
def test_states_of_the_replay_are_frozen(scenario: tuple[World, Log]) -> None:
    world, log = scenario
    replayer = Replayer(world, log, checkpoint_every=1)
    for day in window(log):
        state = replayer.at(day)
        _assert_frozen(state)
        with pytest.raises(TypeError):
            state.control["anywhere"] = Control()  # type: ignore[index]
        # Changing a state from the replay must not change the replay: there is no way to.
        assert replayer.at(day) == state == fold(world, log, day)


# ----------------------------------------------------------------------------- (h) timeline


@given(fst.scenarios(), CHECKPOINTS)
def test_timeline_periods_are_contiguous_and_agree_with_the_replay(
    scenario: tuple[World, Log], every: int
) -> None:
    world, log = scenario
    replayer = Replayer(world, log, checkpoint_every=every)
    states = reference(world, log)
    for place in place_ids(world):
        periods = replayer.timeline(place)
        for period in periods:
            assert period.start is not None
            assert period.end is None or period.start <= period.end
        for before, after in pairwise(periods):
            assert before.end is not None
            assert after.start is not None
            assert before.end + ONE_DAY == after.start, "a gap or an overlap"
        if periods:
            assert periods[-1].end is None
        for day, state in states.items():
            expected = state.of(place)
            assert replayer.control_at(place, day) == expected
            covering = [
                p
                for p in periods
                if (p.start is None or p.start <= day) and (p.end is None or day <= p.end)
            ]
            if covering:
                assert len(covering) == 1
                assert covering[0].control == expected
            else:
                assert expected == Control(), "no period, yet something is known"


# -------------------------------------------------------------------- (i) changes between


@given(fst.scenarios(), CHECKPOINTS, DAYS, DAYS)
def test_changes_between_lists_exactly_the_places_that_differ(
    scenario: tuple[World, Log], every: int, d1: dt.date, d2: dt.date
) -> None:
    world, log = scenario
    replayer = Replayer(world, log, checkpoint_every=every)
    before, after = fold(world, log, d1), fold(world, log, d2)
    expected = {
        place: (before.of(place), after.of(place))
        for place in place_ids(world)
        if before.of(place) != after.of(place)
    }
    changes = replayer.changes_between(d1, d2)
    assert [c.place for c in changes] == sorted(expected)
    for change in changes:
        assert (change.before, change.after) == expected[change.place]
        assert change.before == replayer.control_at(change.place, d1)
        assert change.after == replayer.control_at(change.place, d2)
    assert replayer.changes_between(d1, d1) == []


# --------------------------------------------------------- (j) which places an event acts on


@given(fst.worlds(), st.data())
def test_a_region_event_with_previous_changes_only_places_held_by_its_side(
    world: World, data: st.DataObject
) -> None:
    state = data.draw(fst.states(world), label="state")
    event = data.draw(fst.events_of(ControlChanged, world), label="event")
    if data.draw(st.booleans(), label="with previous"):
        factions = sorted(f.id for f in world.factions)
        event = attrs.evolve(event, previous=data.draw(st.sampled_from(factions)))
    expected = brute_affected(world, event, state)
    assert affected_places(event, world, state.of) == expected
    after = apply(state, event, world)
    for place in place_ids(world):
        if place in expected:
            assert after.of(place).controller == event.controller
            assert after.of(place).status is Status.HELD
            assert after.of(place).event == event.id
        else:
            assert after.of(place) == state.of(place)


@given(fst.worlds(), st.data())
def test_other_events_act_on_every_place_they_name(world: World, data: st.DataObject) -> None:
    state = data.draw(fst.states(world), label="state")
    event = data.draw(fst.events(world, kinds=[k for k in EVENT_KINDS if k != "control"]))
    expected = brute_affected(world, event, state)
    assert affected_places(event, world, state.of) == expected
    after = apply(state, event, world)
    for place in place_ids(world):
        if place not in expected or not changes_control(type(event)):
            assert after.of(place) == state.of(place)
        elif isinstance(event, Contested):
            assert after.of(place).parties == event.parties
            assert after.of(place).controller == state.of(place).controller


# ------------------------------------------------------------------- events of a day, totals


@given(fst.scenarios(), CHECKPOINTS)
def test_events_on_a_day_are_those_taking_effect_that_day_in_log_order(
    scenario: tuple[World, Log], every: int
) -> None:
    world, log = scenario
    replayer = Replayer(world, log, checkpoint_every=every)
    for day in window(log):
        expected = [e for e in sorted(log, key=lambda e: e.position) if e.when.latest == day]
        events = replayer.events_on(day)
        assert list(events) == expected
        # Read by id, by position from either end, or a slice, without making the rest.
        assert events.ids == tuple(e.id for e in expected)
        if expected:
            assert (events[0], events[-1]) == (expected[0], expected[-1])
        assert list(events[1::2]) == expected[1::2]
        assert events == replayer.events_on(day)
    assert replayer.event_days == sorted({e.when.latest for e in log})


@given(fst.scenarios())
def test_territory_counts_the_places_each_faction_holds(scenario: tuple[World, Log]) -> None:
    world, log = scenario
    replayer = Replayer(world, log)
    for day, state in reference(world, log).items():
        held = Counter(
            state.of(p).controller for p in place_ids(world) if state.of(p).controller is not None
        )
        assert replayer.territory(replayer.at(day)) == held
        by_side = replayer.territory(replayer.at(day), by_side=True)
        assert sum(by_side.values()) == sum(held.values())
        assert set(by_side) <= {f.id for f in world.factions}


# -------------------------------------------------------------------------------- the world


@given(fst.worlds())
def test_worlds_are_valid_and_regions_hold_known_places(world: World) -> None:
    for region in world.places.regions.values():
        assert region.members <= set(world.places.graph)
        assert region.parent is None or region.parent in world.places.regions
    for faction in world.factions:
        assert chain(world, faction.id)[-1] == world.factions.side_of(faction.id)
    for a in world.factions:
        for b in world.factions:
            assert world.factions.compatible(a.id, b.id) == compatible(world, a.id, b.id)


# Places at one point are common in a gazetteer (a quarter placed at its city's point), and a
# hand-made place at the same point as a village of the gazetteer.
@pytest.mark.parametrize("count", [2, 3, 4])
def test_place_graph_of_places_at_one_point_is_quick(count: int) -> None:
    places = [Place(f"p{n}", f"P{n}", "quarter", 35.33, 40.14) for n in range(count)]
    started = time.perf_counter()
    with time_limit(1.0):
        graph = build_place_graph(places, [Region("city", "City", "city", frozenset({"p0"}))])
        edges = graph.graph.number_of_edges()  # the neighbours are searched on first use
    assert time.perf_counter() - started < 1.0
    # Places at one point are each other's nearest neighbours.
    assert edges == count * (count - 1) // 2


def haversine_km(a: Place, b: Place) -> float:
    """Great-circle distance on a sphere of the Earth's mean radius."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


@given(fst.place_graphs(max_places=12, max_regions=0))
def test_places_are_joined_to_their_nearest_neighbours(places: PlaceGraph) -> None:
    """Each place is joined to its k = 4 nearest within 30 km (ties and rounding allowed for)."""
    k, max_km, slack = 4, 30.0, 1.01
    everything = list(places.places)
    for a, b, data in places.graph.edges(data=True):
        km = haversine_km(places.place(a), places.place(b))
        assert km <= max_km + 1e-6
        assert data["km"] == pytest.approx(round(km, 2), abs=0.011)
    for place in everything:
        distance = {q.id: haversine_km(place, q) for q in everything if q.id != place.id}
        for other, km in distance.items():
            nearer_or_as_near = sum(1 for d in distance.values() if d <= km * slack + 1e-9)
            if nearer_or_as_near <= k and km * slack <= max_km:
                assert places.graph.has_edge(place.id, other), (place.id, other, km)
