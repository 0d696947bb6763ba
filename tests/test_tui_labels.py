"""The names on the map: whole, apart from each other and from every marker, the selected first."""

from __future__ import annotations

import datetime as dt

import pytest

from engine.model.scenario import Scenario
from tests.tui_support import async_test, settle
from tui.app import FrontlineApp, build_app
from tui.mapview import FRONT_GLYPHS, KIND_GLYPHS, OTHER_GLYPH, POCKET_GLYPHS, MapView
from tui.text import BESIEGED_HATCH, CONTESTED_HATCH, GROUND_PATTERNS

pytestmark = pytest.mark.usefixtures("tui_env")

JULY_3 = dt.date(2014, 7, 3)
BRAILLE = range(0x2800, 0x2900)  # the river and the borders
KIND_MARKS = {*KIND_GLYPHS.values(), OTHER_GLYPH}
# What the ground shows in cells with no place or name: patterns, hatches, the front.
GROUND_MARKS = {*GROUND_PATTERNS, CONTESTED_HATCH, BESIEGED_HATCH, *FRONT_GLYPHS, *POCKET_GLYPHS}


def _app(scenario: Scenario, at: dt.date | None = None) -> FrontlineApp:
    app = build_app(scenario, at)
    app.animation_level = "none"
    return app


def _rows(map_view: MapView) -> list[str]:
    rows = [map_view.render_line(y).text for y in range(map_view.size.height)]
    assert all(len(row) == map_view.size.width for row in rows)  # one character per cell
    return rows


def _markers(map_view: MapView, scenario: Scenario, rows: list[str]) -> set[tuple[int, int]]:
    """The (x, y) cells of every place in view, and the side letter after each kind's glyph."""
    found: set[tuple[int, int]] = set()
    for place in scenario.world.places.places:
        cell = map_view.cell_of(place.id)
        if cell is None:
            continue
        x, y = cell
        found.add((x, y))
        if place.kind != "village" and rows[y][x] in KIND_MARKS:
            found.add((x + 1, y))
    return found


def _check_labels(map_view: MapView, scenario: Scenario) -> int:
    """Assert the rules of names on the map as drawn; return how many names there are."""
    rows = _rows(map_view)
    width = map_view.size.width
    markers = _markers(map_view, scenario, rows)
    labels = map_view.labels()
    spans: dict[str, set[tuple[int, int]]] = {}
    for place_id, (x, y, written) in labels.items():
        name = scenario.world.places.place(place_id).name
        assert written == name, f"{place_id}: {written!r} is not its whole name {name!r}"
        assert rows[y][x : x + len(name)] == name, (place_id, rows[y])
        for gap in (x - 1, x + len(name)):
            if 0 <= gap < width:
                assert rows[y][gap] == " ", f"{name!r} touches {rows[y][gap]!r}: {rows[y]!r}"
        span = {(c, y) for c in range(x - 1, x + len(name) + 1)}  # with the gap either side
        covered = span & markers
        assert not covered, f"{name!r} covers the marker at {covered}: {rows[y]!r}"
        for other, cells in spans.items():
            assert not span & cells, f"{name!r} and {other!r} overlap: {rows[y]!r}"
        spans[name] = span
    # Nothing else is written: every other cell is a marker, a blank, a line or the ground's
    # marks (no cut names).
    text = {cell for span in spans.values() for cell in span}
    for y, row in enumerate(rows):
        for x, char in enumerate(row):
            if (x, y) not in text and (x, y) not in markers:
                assert char == " " or ord(char) in BRAILLE or char in GROUND_MARKS, (x, y, row)
    return len(labels)


@pytest.mark.parametrize("size", [(160, 48), (80, 24)])
@async_test
async def test_names_on_the_map_are_whole_and_cover_no_marker_or_name(
    default_scenario: Scenario, size: tuple[int, int]
) -> None:
    app = _app(default_scenario)
    async with app.run_test(size=size) as pilot:
        screen = await settle(pilot)
        map_view = screen.query_one(MapView)
        replay = screen.replay
        assert replay is not None
        days = [replay.start, *replay.event_days[::5], JULY_3, replay.end]
        named = 0
        for day in days:
            screen.day = day
            await pilot.pause()
            named += _check_labels(map_view, default_scenario)
        await pilot.press("i")  # closer: other places in view, other spots for their names
        named += _check_labels(map_view, default_scenario)
        assert named >= 5 * len(days)


@async_test
async def test_the_selected_place_keeps_its_name_where_the_map_is_crowded(
    default_scenario: Scenario,
) -> None:
    """A place left unnamed because another name took the room right of it is named there once
    selected: the selected place is named first, and the other name goes elsewhere or away."""
    app = _app(default_scenario, JULY_3)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await settle(pilot)
        map_view = screen.query_one(MapView)
        screen.place = None
        await pilot.pause()
        rows = _rows(map_view)
        markers = _markers(map_view, default_scenario, rows)
        labels = map_view.labels()
        written = {
            (c, y) for x, y, name in labels.values() for c in range(x - 1, x + len(name) + 1)
        }
        crowded = []
        for place in default_scenario.world.places.places:
            cell = map_view.cell_of(place.id)
            if cell is None or place.id in labels or map_view.place_at(*cell) != place.id:
                continue
            x, y = cell
            start = x + (3 if (x + 1, y) in markers and rows[y][x] in KIND_MARKS else 2)
            right = {(c, y) for c in range(start - 1, start + len(place.name) + 1)}
            fits = start + len(place.name) <= map_view.size.width and not right & markers
            if fits and right & written:  # only another name is in the way
                crowded.append((place, start, y))
        assert crowded, "no place lost its name to another name"
        place, start, y = crowded[0]
        screen.place = place.id
        await pilot.pause()
        assert map_view.labels()[place.id] == (start, y, place.name)
        _check_labels(map_view, default_scenario)
