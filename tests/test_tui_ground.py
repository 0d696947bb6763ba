"""The map as a war map: each side's ground shaded, its pattern where colour cannot tell, the
front between hostile ground and the pockets, km² in the chart, and the day's exports. What is
expected comes from the engine (its partition, its replay of the day), never from the map."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from rich.color import Color
from rich.segment import Segment

from engine.model.control import Status
from engine.model.scenario import Scenario
from engine.territory.cache import partition_of
from engine.territory.front import front
from engine.territory.ground import ground, sides_of
from tests.tui_support import async_test, fill, lines, settle, text
from tui.app import FrontlineApp, build_app
from tui.chart import TerritoryChart, compact
from tui.mapview import FRONT_GLYPHS, POCKET_GLYPHS, MapView
from tui.panels import Legend
from tui.text import GROUND_PATTERNS

pytestmark = pytest.mark.usefixtures("tui_env")

JULY_1, JULY_3 = dt.date(2014, 7, 1), dt.date(2014, 7, 3)
Cell = tuple[int, int]  # (x, y) on the map


def _app(scenario: Scenario, at: dt.date, **options: object) -> FrontlineApp:
    app = build_app(scenario, at, **options)  # type: ignore[arg-type]
    app.animation_level = "none"
    return app


def _cell(map_view: MapView, x: int, y: int) -> Segment:
    (segment,) = [s for s in map_view.render_line(y).crop(x, x + 1) if s.text]
    return segment


def _rows(map_view: MapView) -> list[str]:
    return [map_view.render_line(y).text for y in range(map_view.size.height)]


class EngineGround:
    """The engine's answer for the map's cells on a day: the place whose ground holds each
    cell's centre, and each place's side."""

    def __init__(self, scenario: Scenario, map_view: MapView, day: dt.date) -> None:
        view = map_view.view
        assert view is not None
        assert map_view.replay is not None
        self.partition = partition_of(scenario)
        replayer = map_view.replay.replayer
        self.state = replayer.at(day)
        self.sides = sides_of(self.partition, replayer, self.state)
        cells = [(x, y) for y in range(view.height) for x in range(view.width)]
        points = [view.point(x + 0.5, y + 0.5) for x, y in cells]
        lats = np.array([lat for lat, _lon in points])
        lons = np.array([lon for _lat, lon in points])
        self.owner: dict[Cell, int] = dict(
            zip(cells, self.partition.owners(lats, lons).tolist(), strict=True)
        )

    def side(self, cell: Cell) -> str | None:
        """The side of the place whose ground holds the cell (None: unknown or no place)."""
        n = self.owner.get(cell, -1)
        return None if n < 0 else self.sides[n]


def _neighbours(cell: Cell) -> list[Cell]:
    x, y = cell
    return [(x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1)]


def _shade(map_view: MapView, name: str) -> Color | None:
    return map_view.get_component_rich_style(name).bgcolor


@async_test
async def test_each_cell_has_the_shade_of_the_side_holding_its_ground(default_scenario):
    app = _app(default_scenario, JULY_3)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await settle(pilot)
        map_view = screen.query_one(MapView)
        replay = screen.replay
        assert replay is not None
        assert screen.day_view is not None
        engine = EngineGround(default_scenario, map_view, JULY_3)
        water = _shade(map_view, "map--water")

        def shade_of(n: int) -> Color | None:
            if n < 0:
                return map_view.rich_style.bgcolor  # no place's ground: the map's background
            side = engine.sides[n]
            if side is None:
                return _shade(map_view, "map--ground-unknown")
            return _shade(map_view, f"map--ground-{replay.sides[side].slot}")

        # The cell of a place held by a side, where its own ground holds the cell's centre.
        plain = screen.day_view.changed | {screen.place}  # these have a background of their own
        held = 0
        for n, place in enumerate(replay.places):
            cell = map_view.cell_of(place.id)
            if cell is None or engine.owner[cell] != n or place.id in plain:
                continue
            if map_view.place_at(*cell) != place.id:
                continue  # another place is drawn in its cell
            colour = _cell(map_view, *cell).style.bgcolor
            if colour == water or engine.sides[n] is None:
                continue  # a village on the river shows the river's tint instead
            assert colour == shade_of(n), place.id
            held += 1
        assert held >= 10
        # Every blank cell: its side's shade, the neutral one, or none beyond every place's reach.
        named = {
            (c, y) for x, y, name in map_view.labels().values() for c in range(x, x + len(name))
        }
        seen = set()
        for cell, n in engine.owner.items():
            segment = _cell(map_view, *cell)
            if segment.text == " " and cell not in named:
                assert segment.style.bgcolor == shade_of(n), cell
                seen.add(shade_of(n))
        assert len(seen) == 5  # three sides, unknown control, and no ground


@async_test
async def test_the_front_lies_between_hostile_ground_and_f_turns_it_off_and_on(default_scenario):
    app = _app(default_scenario, JULY_1)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await settle(pilot)
        map_view = screen.query_one(MapView)
        engine = EngineGround(default_scenario, map_view, JULY_1)

        def marks() -> tuple[set[Cell], set[Cell]]:
            rows = _rows(map_view)
            at = [(x, y, ch) for y, row in enumerate(rows) for x, ch in enumerate(row)]
            return (
                {(x, y) for x, y, ch in at if ch in FRONT_GLYPHS},
                {(x, y) for x, y, ch in at if ch in POCKET_GLYPHS},
            )

        front_cells, pocket_cells = marks()
        assert len(front_cells) >= 5
        assert len(pocket_cells) >= 5
        for cell in front_cells:  # its ground meets a hostile side's next to it
            own = engine.side(cell)
            assert own is not None, cell
            assert any(engine.side(n) not in (None, own) for n in _neighbours(cell)), cell
        pockets = front(engine.partition, engine.sides).pockets
        pocketed = {engine.partition.index[p] for pocket in pockets for p in pocket.places}
        for cell in pocket_cells:  # on a pocket's edge: in it, or next to it
            around = [cell, *_neighbours(cell)]
            assert any(engine.owner.get(c) in pocketed for c in around), cell
        # Never over a place or its name.
        places = {map_view.cell_of(p.id) for p in default_scenario.world.places.places}
        named = {
            (c, y) for x, y, name in map_view.labels().values() for c in range(x, x + len(name))
        }
        assert not (front_cells | pocket_cells) & (places | named)
        assert "━ front ═ pocket" in text(screen.query_one(Legend))

        await pilot.press("f")
        assert marks() == (set(), set())
        assert "front" not in text(screen.query_one(Legend))
        await pilot.press("f")
        assert marks() == (front_cells, pocket_cells)


@async_test
async def test_in_c_mode_each_sides_ground_has_its_own_pattern_and_the_legend_names_it(
    default_scenario,
):
    app = _app(default_scenario, JULY_3)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await settle(pilot)
        map_view = screen.query_one(MapView)
        replay = screen.replay
        assert replay is not None
        rows = _rows(map_view)
        assert not any(ch in GROUND_PATTERNS for row in rows for ch in row)  # colour tells it
        await pilot.press("c")
        engine = EngineGround(default_scenario, map_view, JULY_3)
        rows = _rows(map_view)
        named = {
            (c, y) for x, y, name in map_view.labels().values() for c in range(x, x + len(name))
        }
        found: dict[str, set[str]] = {}
        for cell, n in engine.owner.items():
            x, y = cell
            if n < 0 or cell in named or rows[y][x] not in GROUND_PATTERNS:
                continue
            place = engine.partition.place_ids[n]
            assert engine.state.of(place).status is not Status.UNKNOWN, cell
            side = engine.sides[n]
            assert side is not None, cell  # ground of unknown control has no pattern
            found.setdefault(side, set()).add(rows[y][x])
        legend = text(screen.query_one(Legend))
        patterns = {}
        for side_id, shown in found.items():
            side = replay.sides[side_id]
            assert shown == {GROUND_PATTERNS[side.slot]}, side_id  # its own, and only it
            patterns[side_id] = GROUND_PATTERNS[side.slot]
        assert set(patterns) >= {"isis", "opposition"}  # the government's ground is all places
        assert len(set(patterns.values())) == len(patterns)
        for side in replay.sides:  # the legend names every side's pattern, all of them distinct
            assert f"■ {side.letter} {GROUND_PATTERNS[side.slot]} {side.name}" in legend
        assert len({GROUND_PATTERNS[s.slot] for s in replay.sides}) == len(replay.sides)
        # An ANSI theme cannot tint: the patterns show without c too, and the legend says so.
        await pilot.press("c")
        app.theme = "ansi-dark"
        await pilot.pause()
        rows = _rows(map_view)
        assert {ch for row in rows for ch in row} >= set(patterns.values())
        isis = replay.sides["isis"]
        assert f"■ I {GROUND_PATTERNS[isis.slot]} ISIS" in text(screen.query_one(Legend))


@async_test
async def test_a_toggles_the_chart_between_places_and_km2(default_scenario):
    app = _app(default_scenario, JULY_3)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await settle(pilot)
        chart = screen.query_one(TerritoryChart)
        isis_row = next(line for line in lines(chart) if line.startswith("I ISIS"))
        assert isis_row.split()[-1] == "304"
        assert "in places" in text(chart)
        await pilot.press("a")
        assert "in km²" in text(chart)
        map_view = screen.query_one(MapView)
        engine = EngineGround(default_scenario, map_view, JULY_3)
        km2 = {g.side: g.km2 for g in ground(engine.partition, engine.sides)}
        isis_row = next(line for line in lines(chart) if line.startswith("I ISIS"))
        assert isis_row.split()[-1] == compact(km2["isis"])
        await pilot.press("a")
        assert "in places" in text(chart)


@async_test
async def test_the_palette_exports_the_day_as_svg_and_geojson(default_scenario, tmp_path: Path):
    app = _app(default_scenario, JULY_3, screenshot_dir=tmp_path)
    said: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(pilot)
        app.notify = lambda message, **how: said.append(message)  # type: ignore[method-assign]
        await pilot.press("ctrl+p")
        await fill(pilot, "Export this day as SVG")
        await app.workers.wait_for_complete()  # the palette's search
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        await app.workers.wait_for_complete()  # the export
        await pilot.pause()
        (svg_file,) = tmp_path.glob("*.svg")
        assert svg_file.name.startswith("frontline-map-2014-07-03-")
        root = ET.parse(svg_file).getroot()
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert "Abu Kamal" in svg_file.read_text(encoding="utf-8")
        assert said == [f"Saved {svg_file}"]
        commands = {c.title: c for c in app.get_system_commands(screen)}
        app.call_later(commands["Export this day as GeoJSON"].callback)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        (geojson_file,) = tmp_path.glob("*.geojson")
        collection = json.loads(geojson_file.read_text(encoding="utf-8"))
        assert collection["type"] == "FeatureCollection"
        kinds = {f["properties"]["kind"] for f in collection["features"]}
        assert {"period", "territory", "front"} <= kinds
        territory = {
            f["properties"]["side"]: f["properties"]["places"]
            for f in collection["features"]
            if f["properties"]["kind"] == "territory"
        }
        assert territory == {"isis": 304, "opposition": 4, "government": 4}
        assert said[-1] == f"Saved {geojson_file}"
        assert not list(tmp_path.glob(".*"))  # nothing half-written left behind
