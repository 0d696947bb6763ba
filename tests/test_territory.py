"""Territory: the cells of ground, the front between hostile sides, pockets and areas."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.model.places import Place
from engine.territory.front import (
    components,
    front,
    front_line,
    hostile_pairs,
    pockets,
    shifts,
)
from engine.territory.partition import KM_PER_DEGREE_LAT, Partition

LAT, LON = 35.0, 40.0  # an invented patch of ground
DEG_PER_KM = 1 / KM_PER_DEGREE_LAT


def place(n: int, north_km: float, east_km: float) -> Place:
    """A place some km north and east of the patch's corner."""
    east = east_km / (111.320 * math.cos(math.radians(LAT)))
    return Place(f"p{n}", f"Place {n}", "village", LAT + north_km * DEG_PER_KM, LON + east)


def row(*east_km: float) -> list[Place]:
    """Places along an east-west road."""
    return [place(n, 0.0, km) for n, km in enumerate(east_km)]


def test_a_lone_place_holds_a_disc_of_the_radius() -> None:
    partition = Partition([place(0, 0, 0)], radius_km=10)
    assert partition.areas[0] == pytest.approx(math.pi * 100, rel=0.01)


def test_neighbours_split_the_ground_halfway() -> None:
    partition = Partition(row(0, 10), radius_km=10)
    west, east = partition.cells
    assert shapely.bounds(west)[2] == pytest.approx(shapely.bounds(east)[0])
    assert partition.areas[0] == pytest.approx(partition.areas[1], rel=1e-6)
    (a,), (b,) = partition.neighbours
    (km,) = partition.border_km(np.array([0]))
    # the border is the chord of the two discs at the halfway line: 2·sqrt(10² − 5²)
    assert (a, b) == (0, 1)
    assert km == pytest.approx(2 * math.sqrt(75), rel=0.02)


def test_places_beyond_twice_the_radius_do_not_touch() -> None:
    partition = Partition(row(0, 25), radius_km=10)
    assert len(partition.neighbours[0]) == 0


def test_an_outline_stops_a_cell() -> None:
    # a square outline whose east edge is 3 km east of the first place; the second place is
    # outside it, 10 km east: the first's ground ends at the outline, not halfway
    inside, outside = row(0, 10)
    edge = LON + 3 / (111.320 * math.cos(math.radians(LAT)))
    square = ((LAT - 1, LON - 1), (LAT - 1, edge), (LAT + 1, edge), (LAT + 1, LON - 1))
    partition = Partition([inside, outside], [square], radius_km=10)
    west, east = partition.cells
    assert shapely.bounds(west)[2] == pytest.approx(shapely.bounds(east)[0], abs=1e-6)
    assert partition.areas[1] > partition.areas[0]


def test_places_at_one_point_share_its_cell() -> None:
    places = [place(0, 0, 0), place(1, 0, 0), place(2, 0, 8)]
    partition = Partition(places, radius_km=10)
    assert partition.areas[0] > 0
    assert partition.areas[1] == 0
    assert partition.owners(np.array([places[1].lat]), np.array([places[1].lon]))[0] == 0


def test_the_front_and_the_ground_of_a_road() -> None:
    # a, a, b, unknown, b: one stretch of front between the second and third places
    partition = Partition(row(0, 10, 20, 30, 40), radius_km=10)
    sides = ["a", "a", "b", None, "b"]
    day = front(partition, sides)
    assert [s.places for s in day.segments] == [("p1", "p2")]
    assert day.km == pytest.approx(2 * math.sqrt(75), rel=0.02)
    by_side = {g.side: g.places for g in day.ground}
    assert by_side == {"a": 2, "b": 2, None: 1}
    assert day.encircled == ()
    assert day.pockets == ()  # b's second body touches unknown ground: not cut off


def ring_around(side: str, ring_side: str) -> tuple[Partition, list[str]]:
    """A place with six others around it 10 km away, and a seventh farther out, alone."""
    places = [place(0, 0, 0)]
    for n in range(6):
        angle = math.radians(60 * n)
        places.append(place(n + 1, 10 * math.sin(angle), 10 * math.cos(angle)))
    places.append(place(7, 0, 60))
    return Partition(places, radius_km=10), [side] + [ring_side] * 6 + [side]


def test_a_place_with_hostile_ground_all_around_is_a_pocket_and_encircled() -> None:
    partition, sides = ring_around("a", "b")
    day = front(partition, sides)
    assert [(p.side, p.places, p.surrounded_by) for p in day.pockets] == [("a", ("p0",), ("b",))]
    assert day.encircled == ("p0",)
    # a's other place touches no one: alone, but not cut off by anyone
    assert len(day.segments) == 1
    assert set(day.segments[0].places) == {f"p{n}" for n in range(7)}


def test_the_end_of_a_road_next_to_the_enemy_is_not_a_pocket() -> None:
    # a b a a: the first place has one hostile neighbour and empty ground on every other side;
    # the second has hostile ground both ways along the road
    partition = Partition(row(0, 10, 20, 30), radius_km=10)
    day = front(partition, ["a", "b", "a", "a"])
    assert [p.places for p in day.pockets] == [("p1",)]
    assert set(day.encircled) == {"p0", "p1"}  # every neighbour hostile, all the same


def test_unknown_ground_is_a_way_out() -> None:
    partition, sides = ring_around("a", "b")
    sides[1] = None
    assert front(partition, sides).pockets == ()


def test_gains_and_losses_between_two_days() -> None:
    partition = Partition(row(0, 10, 20), radius_km=10)
    moved = shifts(partition, ["a", "a", "b"], ["a", "b", "b"])
    assert [(s.side, s.gained, s.lost) for s in moved] == [("b", ("p1",), ()), ("a", (), ("p1",))]
    assert moved[0].gained_km2 == pytest.approx(partition.areas[1])
    assert moved[1].net_km2 == pytest.approx(-partition.areas[1])


# Property tests over random places on a 60 km square, with random sides.
SIDES = st.sampled_from([None, "a", "b", "c"])
PLACES = st.lists(
    st.tuples(st.floats(0, 60), st.floats(0, 60)), min_size=1, max_size=40, unique=True
).map(lambda points: [place(n, y, x) for n, (y, x) in enumerate(points)])


War = tuple[Partition, list[str | None]]


@st.composite
def _wars(draw: st.DrawFn) -> War:
    places = draw(PLACES)
    sides = draw(st.lists(SIDES, min_size=len(places), max_size=len(places)))
    return Partition(places, radius_km=8), sides


WARS = _wars()  # random places, each held by a random side
# At least 60 examples whatever the profile (the cells are quick to make); thorough asks for more.
EXAMPLES = max(60, settings().max_examples)


@settings(max_examples=EXAMPLES, deadline=None)
@given(PLACES)
def test_cells_never_overlap(places: list[Place]) -> None:
    partition = Partition(places, radius_km=8)
    union = shapely.area(shapely.union_all(partition.cells))
    assert union == pytest.approx(float(partition.areas.sum()), rel=1e-6, abs=1e-6)
    # and a point of the map lies in one cell at most (not on a border: the grid is offset)
    grid = np.linspace(0.0137, 59.9, 25)
    north, east = np.meshgrid(grid, grid)
    corner = partition.projection.xy(np.array([LAT]), np.array([LON]))[0]
    points = shapely.points(np.column_stack((east.ravel(), north.ravel())) + corner)
    holders = shapely.contains(partition.cells[:, None], points[None, :]).sum(axis=0)
    assert holders.max() <= 1


@settings(max_examples=EXAMPLES, deadline=None)
@given(PLACES)
def test_a_place_stands_in_its_own_cell(places: list[Place]) -> None:
    partition = Partition(places, radius_km=8)
    lats = np.array([p.lat for p in places])
    lons = np.array([p.lon for p in places])
    first_at: dict[tuple[float, float], int] = {}
    for n, point in enumerate(map(tuple, partition.points.tolist())):
        first_at.setdefault(point, n)
    # its own cell, or that of the first place at the same point (to the metre)
    expected = [first_at[tuple(point)] for point in partition.points.tolist()]
    assert partition.owners(lats, lons).tolist() == expected


@settings(max_examples=EXAMPLES, deadline=None)
@given(WARS)
def test_the_front_runs_between_exactly_the_hostile_neighbours(war: War) -> None:
    partition, sides = war
    day = front(partition, sides)
    a, b = partition.neighbours
    hostile = {
        (partition.place_ids[i], partition.place_ids[j])
        for i, j in zip(a.tolist(), b.tolist(), strict=True)
        if sides[i] is not None and sides[j] is not None and sides[i] != sides[j]
    }
    on_front = {p for s in day.segments for p in s.places}
    assert on_front == {p for pair in hostile for p in pair}
    # each hostile pair lies within one segment; no segment holds a place without a foe
    segment_of = {p: n for n, s in enumerate(day.segments) for p in s.places}
    assert all(segment_of[x] == segment_of[y] for x, y in hostile)
    assert int(hostile_pairs(partition, sides).sum()) == len(hostile)
    # the line drawn on a map is there exactly when there is a front
    assert shapely.is_empty(front_line(partition, sides)) == (not day.segments)


@settings(max_examples=EXAMPLES, deadline=None)
@given(WARS)
def test_pockets_are_cut_off_from_their_sides_main_body(war: War) -> None:
    partition, sides = war
    day = front(partition, sides)
    a, b = partition.neighbours
    index = partition.index
    for pocket in day.pockets:
        members = {index[p] for p in pocket.places}
        for i, j in zip(a.tolist(), b.tolist(), strict=True):
            if (i in members) != (j in members):
                other = j if i in members else i
                # around a pocket: hostile ground only, never its own side or the unknown
                assert sides[other] is not None
                assert sides[other] != pocket.side
    assert pockets(partition, sides) == day.pockets  # the pockets alone, as the TUI asks
    # every place is counted once in the ground
    assert sum(g.places for g in day.ground) == len(partition.place_ids)


@settings(max_examples=max(100, EXAMPLES), deadline=None)
@given(
    st.integers(1, 40).flatmap(
        lambda n: st.tuples(
            st.just(n), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)))
        )
    )
)
def test_components_are_networkx_connected_components(
    graph: tuple[int, list[tuple[int, int]]],
) -> None:
    count, edges = graph
    a = np.array([e[0] for e in edges], dtype=np.intp)
    b = np.array([e[1] for e in edges], dtype=np.intp)
    labels = components(count, a, b).tolist()
    reference = nx.Graph()
    reference.add_nodes_from(range(count))
    reference.add_edges_from(edges)
    for component in nx.connected_components(reference):
        assert {labels[n] for n in component} == {min(component)}


@settings(max_examples=EXAMPLES, deadline=None)
@given(
    st.lists(st.tuples(st.floats(0, 20), st.floats(0, 20)), min_size=2, max_size=40, unique=True),
    st.booleans(),
)
def test_neighbours_are_the_cells_that_share_a_border(
    points: list[tuple[float, float]], outlined: bool
) -> None:
    # dense ground, so that most cells are whole Voronoi cells; and sometimes an outline
    # through the middle, so that some are cut by it
    places = [place(n, y, x) for n, (y, x) in enumerate(points)]
    edge = LON + 10 / (111.320 * math.cos(math.radians(LAT)))
    half = ((LAT - 1, LON - 1), (LAT - 1, edge), (LAT + 1, edge), (LAT + 1, LON - 1))
    partition = Partition(places, [half] if outlined else [], radius_km=8)
    a, b = partition.neighbours
    cells = partition.cells
    expected = {
        (i, j)
        for i in range(len(cells))
        for j in range(i + 1, len(cells))
        if shapely.relate_pattern(cells[i], cells[j], "****1****")
    }
    assert set(zip(a.tolist(), b.tolist(), strict=True)) == expected
    km = partition.border_km(np.arange(len(a)))
    for i, j, length in zip(a.tolist(), b.tolist(), km.tolist(), strict=True):
        shared = shapely.intersection(shapely.boundary(cells[i]), cells[j])
        assert length == pytest.approx(shapely.length(shared), rel=1e-6, abs=1e-9)
