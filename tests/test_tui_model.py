"""What the terminal UI shows, computed without Textual: checked against a naive full replay."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.formats.scenario_files import load_scenario
from engine.model.control import Status
from engine.model.dates import When
from engine.model.events import ControlChanged, Provenance
from engine.model.factions import Faction, Factions
from engine.model.log import Log
from engine.model.places import Place, Region, build_place_graph
from engine.model.scenario import Scenario
from engine.model.world import World
from engine.replay.replayer import fold
from engine.territory.cache import partition_of
from engine.territory.ground import ground, sides_of
from engine.territory.partition import Partition
from engine.testing import strategies
from engine.wording import Sides
from tui.geo import ASPECT, Bounds, Viewport, braille, braille_lines
from tui.model import (
    GroundCursor,
    PlaceIndex,
    ReplayCursor,
    excerpt,
    territory_series,
    unlocated,
)

ONE_DAY = dt.timedelta(days=1)
JULY_3 = dt.date(2014, 7, 3)


@pytest.fixture(scope="module")
def default() -> Scenario:
    return load_scenario()


def _scenario(world: World, log: Log) -> Scenario:
    days = [d for e in log for d in (e.when.earliest, e.when.latest)] or [dt.date(2020, 1, 1)]
    return Scenario(
        title="generated",
        start=min(days) - ONE_DAY,
        end=max(days) + ONE_DAY,
        world=world,
        log=log,
        sources={},
    )


@given(strategies.scenarios(), st.lists(st.integers(0, 70), min_size=1, max_size=12))
def test_moving_day_by_day_or_by_jumps_equals_a_full_replay(world_and_log, offsets):
    world, log = world_and_log
    scenario = _scenario(world, log)
    replay = ReplayCursor(scenario)
    for offset in offsets:
        day = replay.clamp(scenario.start + dt.timedelta(days=offset))
        view = replay.view(day)
        assert view.day == day
        assert view.state == fold(world, log, until=day)
        before, after = fold(world, log, until=day - ONE_DAY), fold(world, log, until=day)
        changed = sorted(
            p for p in {*before.control, *after.control} if before.of(p) != after.of(p)
        )
        assert [c.place for c in view.changes] == changed
        assert [e.id for e in view.events] == [e.id for e in log if e.when.latest == day]


@given(strategies.scenarios())
def test_territory_series_equals_counting_a_full_replay_each_day(world_and_log):
    world, log = world_and_log
    scenario = _scenario(world, log)
    replay = ReplayCursor(scenario)
    area = {p.id: float(n + 1) for n, p in enumerate(world.places.places)}  # all different
    series = territory_series(replay, list(area.values()))
    day = scenario.start
    while day <= scenario.end:
        state = fold(world, log, until=day)
        factions = Counter(c.controller for c in state.control.values() if c.controller)
        sides = Counter()
        km2 = Counter()
        for place, control in state.control.items():
            if control.controller:
                km2[world.factions.side_of(control.controller, state.allegiance)] += area[place]
        for faction, n in factions.items():
            sides[world.factions.side_of(faction, state.allegiance)] += n
        assert series.on(day) == (dict(factions), dict(sides))
        assert series.km2_on(day) == pytest.approx(dict(km2))
        day += ONE_DAY


def test_default_scenario_territory_on_3_july_is_the_readmes(default: Scenario) -> None:
    # The figures of `frontline at 2014-07-03` in the README: 304 ISIS, 4 rebels, 4 government.
    replay = ReplayCursor(default)
    partition = partition_of(default)
    series = territory_series(replay, partition.areas.tolist())
    _factions, sides = series.on(dt.date(2014, 7, 3))
    assert sides == {"isis": 304, "opposition": 4, "government": 4}
    # The ground of `frontline front 2014-07-03`, from the engine's own replay of that day.
    replayer = replay.replayer
    engine_ground = ground(partition, sides_of(partition, replayer, replayer.at(JULY_3)))
    expected = {g.side: g.km2 for g in engine_ground if g.side is not None}
    assert series.km2_on(JULY_3) == pytest.approx(expected)


def test_abu_kamal_over_the_days_of_the_issue(default: Scenario) -> None:
    replay = ReplayCursor(default)
    on_10 = replay.view(dt.date(2014, 4, 10)).state.of("abu_kamal")
    assert (on_10.controller, on_10.status) == ("opposition", Status.CONTESTED)
    on_12 = replay.view(dt.date(2014, 4, 12))
    assert on_12.state.of("abu_kamal").status is Status.HELD
    assert on_12.side_of(on_12.state.of("abu_kamal").controller) == "opposition"
    on_1_july = replay.view(dt.date(2014, 7, 1))
    assert on_1_july.side_of(on_1_july.state.of("abu_kamal").controller) == "isis"
    assert "abu_kamal" in on_1_july.changed_hands


def test_event_days_and_clamping(default: Scenario) -> None:
    replay = ReplayCursor(default)
    assert replay.length == 96
    assert replay.number(dt.date(2014, 7, 3)) == 85
    assert replay.clamp(dt.date(2000, 1, 1)) == replay.start
    assert replay.clamp(dt.date(2030, 1, 1)) == replay.end
    assert replay.previous_event_day(replay.start) is None
    assert replay.next_event_day(dt.date(2014, 4, 10)) == dt.date(2014, 4, 11)
    assert all(list(replay.replayer.events_on(d)) for d in replay.event_days)


def test_excerpt_holds_the_quote_its_date_phrase_and_place_names(default: Scenario) -> None:
    event = default.log["e091"]  # "On 1 July, ISIS, bolstered by reinforcements from Iraq, ..."
    found = excerpt(event, default)
    start, end = found.quote
    assert found.text[start:end] == event.provenance.quote
    assert found.date is not None
    assert found.text[slice(*found.date)] == "On 1 July"
    named = {found.text[a:b] for a, b in found.names}
    assert "Abu Kamal" in named


def test_excerpt_of_a_long_paragraph_is_cut_around_the_quote(default: Scenario) -> None:
    event = default.log["e015"]
    found = excerpt(event, default, room=120)
    assert found.text[slice(*found.quote)] == event.provenance.quote
    assert len(found.text) <= 120 + 40
    assert found.cut_before or found.cut_after


def test_find_by_alias_prefix_and_fuzzy(default: Scenario) -> None:
    index = PlaceIndex(default.world.places)
    assert index.search("Albu Kamal")[0].id == "abu_kamal"
    assert index.search("AL-BUKAMAL")[0].id == "abu_kamal"
    assert "mayadin" in [f.id for f in index.search("Mayad")]
    assert "abu_kamal" in [f.id for f in index.search("kamal")]
    city = index.search("Deir ez-Zor")[0]
    assert (city.id, city.is_region) == ("deir_ez_zor", True)
    assert index.search("") == []
    assert index.search("qqqqqqq") == []


def test_every_side_has_its_own_letter(default: Scenario) -> None:
    sides = Sides(default.world.factions)
    letters = [s.letter for s in sides]
    assert len(set(letters)) == len(letters) == 3
    assert sides["isis"].letter == "I"
    assert {s.slot for s in sides} == {0, 1, 2}


def test_fit_keeps_the_aspect_of_the_ground() -> None:
    # A box 1° of latitude tall and 1/cos(35°) of longitude wide is square on the ground; on a
    # terminal whose cells are twice as tall as wide it must be twice as many columns as rows.
    lat0 = 35.0
    bounds = Bounds(34.5, 40.0, 35.5, 40.0 + 1 / math.cos(math.radians(lat0)))
    view = Viewport.fit(bounds, 200, 50, margin=0)
    (left, top), (right, bottom) = view.cell(35.5, bounds.west), view.cell(34.5, bounds.east)
    assert math.isclose((right - left) / (bottom - top), ASPECT, rel_tol=1e-6)
    assert bottom - top == pytest.approx(50)


def test_zoom_keeps_the_point_under_the_pointer() -> None:
    view = Viewport.fit(Bounds(34.0, 39.0, 36.0, 41.0), 100, 40)
    lat, lon = view.point(70, 10)
    zoomed = view.zoomed(2.0, 70, 10)
    assert zoomed.scale == pytest.approx(view.scale * 2)
    assert zoomed.cell(lat, lon) == pytest.approx((70, 10))
    panned = view.panned(10, 0)
    assert panned.cell(lat, lon) == pytest.approx((60, 10))


def test_braille_line_across_one_row() -> None:
    view = Viewport(lat0=0.0, x=0.0, y=0.0, scale=10.0, width=10, height=4)
    # A horizontal line through the middle of the view, from edge to edge.
    dots = braille_lines(view, [((0.0, -1.0), (0.0, 1.0))])
    rows = {row for row, _ in dots}
    assert len(rows) == 1
    assert sorted(column for _, column in dots) == list(range(10))
    assert all(braille(bits) != " " for bits in dots.values())


def test_cell_centres_are_the_points_of_the_middle_of_each_cell() -> None:
    view = Viewport(lat0=35.0, x=33.0, y=35.0, scale=40.0, width=7, height=3)
    lats, lons = view.cell_centres()
    expected = [view.point(column + 0.5, row + 0.5) for row in range(3) for column in range(7)]
    assert list(zip(lats.tolist(), lons.tolist(), strict=True)) == pytest.approx(expected)


@given(strategies.scenarios(), st.integers(0, 70))
def test_the_day_ground_is_each_places_side_and_status(world_and_log, offset):
    world, log = world_and_log
    scenario = _scenario(world, log)
    replay = ReplayCursor(scenario)
    partition = Partition(list(world.places.places))
    cursor = GroundCursor(replay, partition)
    view = replay.view(replay.clamp(scenario.start + dt.timedelta(days=offset)))
    state = fold(world, log, until=view.day)  # a naive replay, not the replayer's
    day = cursor.on(view)
    sides = Sides(world.factions)
    numbers: dict[str, int] = {}
    for n, place in enumerate(world.places.places):
        control = state.of(place.id)
        controller = control.controller
        side = world.factions.side_of(controller, state.allegiance) if controller else None
        assert (day.slot[n] == -1) == (side is None or side not in sides.by_id)
        if side is not None and side in sides.by_id:
            assert day.slot[n] == sides[side].slot
        # One number per side: the same side the same number, another side another one.
        if side is None:
            assert day.side[n] == -1
        else:
            assert numbers.setdefault(side, int(day.side[n])) == day.side[n]
        status = {Status.CONTESTED: 1, Status.BESIEGED: 2}.get(control.status, 0)
        assert day.status[n] == status
    assert len(set(numbers.values())) == len(numbers)
    assert (day.side[-1], day.slot[-1], day.status[-1]) == (-2, -2, 0)  # no place's ground
    assert replay.replayer.statuses(view.state) == [
        state.of(p.id).status for p in world.places.places
    ]


def test_unlocated_lists_the_memberless_places_events_name_most_named_first() -> None:
    places = [Place("a", "A", "town", 35.0, 40.0)]
    regions = [
        Region("gov", "Gov", "governorate", frozenset({"a"})),  # on the map: has a place
        Region("hill", "Hill", "site", frozenset()),
        Region("farm", "Farm", "site", frozenset()),
        Region("north", "The north", "area", frozenset()),  # vague: not a place at all
    ]
    world = World(build_place_graph(places, regions), Factions.of([Faction("x", "X")]))
    day = dt.date(2020, 1, 1)

    def taken(n: int, *named: str) -> ControlChanged:
        quote = f"sentence {n}"
        return ControlChanged(
            id=f"e{n}",
            when=When(day, day),
            provenance=Provenance("s", 0, len(quote), quote),
            position=n,
            places=named,
            controller="x",
        )

    log = Log(
        [
            taken(1, "farm"),
            taken(2, "hill", "gov"),
            taken(3, "hill", "north"),
            taken(4, "a", "farm", "hill"),
        ]
    )
    assert unlocated(_scenario(world, log)) == ("hill", "farm")


@given(strategies.scenarios())
def test_times_named_counts_every_place_each_event_names(world_and_log) -> None:
    _world, log = world_and_log
    assert log.times_named == Counter(place for event in log for place in event.places)
