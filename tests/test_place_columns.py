"""Places kept as columns (what a big scenario's snapshot reads back) are the same places as those
kept as objects, one at a time or all at once; counts made by numpy equal those made by loops."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.gazetteer.files import control_character
from engine.model import log as log_module
from engine.model.log import Log
from engine.model.places import Place, PlaceColumns, PlaceGraph
from engine.testing import strategies as fst

# Places with every field drawn: aliases or none, a precision or none, any kind.
places = st.lists(
    st.builds(
        lambda place_id, name, kind, lat, lon, aliases, text, precision: Place(
            place_id,
            name,
            kind,
            lat,
            lon,
            tuple(aliases),
            text,
            text[::-1],
            "north" if lat > 0 else "",
            text,
            precision,
            text[:2],
        ),
        fst.slugs(),
        fst.names(),
        st.sampled_from(["town", "village", "city", "oilfield"]),
        st.floats(-90, 90),
        st.floats(-180, 180),
        st.lists(fst.names().filter(lambda a: not control_character(a)), max_size=3),
        st.text("abc ", max_size=5),
        st.none() | st.floats(0, 50),
    ),
    max_size=20,
    unique_by=lambda p: p.id,
)


@given(places, st.data())
def test_columns_give_back_the_places_one_at_a_time_or_all(
    given_places: list[Place], data: st.DataObject
) -> None:
    by_id = {p.id: p for p in given_places}
    columns = PlaceColumns.of(given_places)
    assert len(columns) == len(by_id)
    assert list(columns) == list(by_id) == list(columns.keys())
    for place_id in data.draw(st.lists(st.sampled_from(list(by_id)))) if by_id else []:
        assert columns[place_id] == by_id[place_id]  # made on demand
    assert list(columns.values()) == list(by_id.values())  # all made at once
    assert columns == by_id
    assert "no such place" not in columns
    assert columns.get("no such place") is None
    graph = PlaceGraph(columns, {})
    assert list(graph.places) == sorted(by_id.values(), key=lambda p: p.id)
    assert graph.place_ids == tuple(sorted(by_id))


@given(st.sampled_from(["", "a\x1fb"]))
def test_an_alias_columns_cannot_hold_is_refused(alias: str) -> None:
    with pytest.raises(ValueError, match="alias"):
        PlaceColumns.of([Place("a", "A", "town", 1.0, 2.0, aliases=(alias,))])


def test_an_unknown_precision_stays_unknown() -> None:
    place = Place("a", "A", "town", 1.0, 2.0, precision_km=None)
    columns = PlaceColumns.of([place])
    assert math.isnan(columns.numbers["precision_km"][0])
    assert columns["a"].precision_km is None


@given(fst.scenarios())
def test_numpy_counts_the_names_of_events_as_loops_do(scenario: tuple[object, Log]) -> None:
    _world, log = scenario
    by_loops = dict(Log(list(log)).times_named)
    old = log_module.NUMPY_FROM
    log_module.NUMPY_FROM = 0
    try:
        by_numpy = dict(Log(list(log)).times_named)
    finally:
        log_module.NUMPY_FROM = old
    assert by_numpy == by_loops
    assert sum(by_loops.values()) == sum(len(e.places) for e in log)
