"""The SVG map of a day: well-formed and of the size asked, names escaped, a legend of the sides
that hold ground, names that do not overlap, a scale bar true to the map, and, drawn by a real
renderer (rsvg-convert), each side's ground in that side's colour."""

from __future__ import annotations

import datetime as dt
import math
import re
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
import zlib
from collections import Counter
from pathlib import Path

import attrs
import numpy as np
import pytest
import shapely

from engine.exports.svg import BACKGROUND, FILL_OPACITY, PALETTE, UNKNOWN_GROUND, svg_map
from engine.model.control import Status
from engine.model.factions import Factions
from engine.model.places import build_place_graph
from engine.model.scenario import Scenario, Source
from engine.replay.replayer import Replayer
from engine.territory.cache import partition_of
from engine.territory.partition import KM_PER_DEGREE_LAT
from engine.testing.synth import synthesize
from engine.wording import Sides

ROOT = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"
JULY_3 = dt.date(2014, 7, 3)

Case = tuple[Scenario, Replayer, dt.date]


# ---------------------------------------------------------------------------- the scenarios


@pytest.fixture(scope="module")
def default_case(default_scenario: Scenario) -> Case:
    return default_scenario, Replayer(default_scenario.world, default_scenario.log), JULY_3


@pytest.fixture(scope="module")
def extracted_case(iraqi_scenario: Scenario) -> Case:
    return iraqi_scenario, Replayer(iraqi_scenario.world, iraqi_scenario.log), iraqi_scenario.end


@pytest.fixture(scope="module")
def synthetic_case() -> Case:
    scenario = synthesize(120, 400, 60, 5, dt.date(2020, 3, 1))
    return scenario, Replayer(scenario.world, scenario.log), scenario.end


@pytest.fixture(params=["default", "extracted", "synthetic"])
def case(request: pytest.FixtureRequest) -> Case:
    found: Case = request.getfixturevalue(f"{request.param}_case")
    return found


# ---------------------------------------------------------------------------- reading the SVG


def parse(text: str) -> ET.Element:
    return ET.fromstring(text.encode())


def group(root: ET.Element, name: str) -> ET.Element:
    found = root.find(f".//{SVG}g[@id='{name}']")
    assert found is not None, f"no group {name!r}"
    return found


def texts(element: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in element.iter(f"{SVG}text")]


def label_boxes(root: ET.Element) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Each name's box from its text element's baseline and size, by a lower estimate of the
    text's extent than the map's own (0.55 em per character; ascent 0.7 em, descent 0.2 em)."""
    boxes = []
    for text in group(root, "labels").iter(f"{SVG}text"):
        x, y, size = (
            float(text.get("x", "")),
            float(text.get("y", "")),
            float(text.get("font-size", "")),
        )
        words = "".join(text.itertext())
        boxes.append((words, (x, y - 0.7 * size, x + 0.55 * size * len(words), y + 0.2 * size)))
    return boxes


def markers(root: ET.Element) -> dict[str, tuple[float, float]]:
    """Each place's dot, by the name its tooltip gives."""
    found = {}
    for dot in group(root, "places").iter(f"{SVG}circle"):
        title = dot.find(f"{SVG}title")
        assert title is not None
        assert title.text is not None
        found[title.text] = (float(dot.get("cx", "")), float(dot.get("cy", "")))
    return found


class Fit:
    """Degrees to the map's pixels, fitted to where the places' dots are: x = a·lon + b and
    y = c·lat + d."""

    def __init__(self, scenario: Scenario, root: ET.Element) -> None:
        dots = markers(root)
        named = Counter(p.name for p in scenario.world.places.places)
        places = [p for p in scenario.world.places.places if named[p.name] == 1 and p.name in dots]
        assert len(places) >= 2
        lons, lats = np.array([p.lon for p in places]), np.array([p.lat for p in places])
        xs, ys = (
            np.array([dots[p.name][0] for p in places]),
            np.array([dots[p.name][1] for p in places]),
        )
        (self.a, self.b), (self.c, self.d) = np.polyfit(lons, xs, 1), np.polyfit(lats, ys, 1)
        self.worst = max(
            float(np.abs(self.a * lons + self.b - xs).max()),
            float(np.abs(self.c * lats + self.d - ys).max()),
        )

    def px(self, lon: float, lat: float) -> tuple[float, float]:
        return self.a * lon + self.b, self.c * lat + self.d


# ---------------------------------------------------------------------------- the PNG of it


def _unfilter(kind: int, line: bytes, previous: bytearray, step: int) -> bytearray:
    """One scanline of a PNG undone from its filter (step: bytes per pixel)."""
    if kind == 0:
        return bytearray(line)
    if kind == 2:
        return bytearray((a + b) & 0xFF for a, b in zip(line, previous, strict=True))
    row = bytearray(len(line))
    for i, value in enumerate(line):
        left = row[i - step] if i >= step else 0
        up = previous[i]
        if kind == 1:
            guess = left
        elif kind == 3:
            guess = (left + up) >> 1
        else:  # Paeth
            corner = previous[i - step] if i >= step else 0
            p = left + up - corner
            pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
            guess = left if pa <= pb and pa <= pc else up if pb <= pc else corner
        row[i] = (value + guess) & 0xFF
    return row


def decode_png(data: bytes) -> np.ndarray:
    """An 8-bit RGB or RGBA, non-interlaced PNG (what rsvg-convert writes) as an array of RGB."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks = 8, []
    header = b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind, body = data[position + 4 : position + 8], data[position + 8 : position + 8 + length]
        position += 12 + length
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
    width, height, depth, colour, _method, _filter, interlace = struct.unpack(">IIBBBBB", header)
    assert (depth, interlace) == (8, 0)
    assert colour in (2, 6)
    step = 4 if colour == 6 else 3
    raw = zlib.decompress(b"".join(chunks))
    stride = width * step
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        previous = _unfilter(raw[start], raw[start + 1 : start + 1 + stride], previous, step)
        rows.append(bytes(previous))
    pixels = np.frombuffer(b"".join(rows), dtype=np.uint8).reshape(height, width, step)
    return pixels[:, :, :3].astype(int)


Window = tuple[int, int, int, int]  # left, top, width, height in px


def render(
    svg: str, width: int, height: int, folder: Path, window: Window | None = None
) -> np.ndarray:
    """The picture as rsvg-convert draws it at width × height, in pixels: the whole page, or a
    window of it (skipped when rsvg-convert is not installed)."""
    tool = shutil.which("rsvg-convert")
    if tool is None:
        pytest.skip("rsvg-convert is not installed (Debian: apt-get install librsvg2-bin)")
    source, target = folder / "map.svg", folder / "map.png"
    source.write_text(svg, encoding="utf-8")
    left, top, page_width, page_height = window or (0, 0, width, height)
    command = [tool, f"--width={width}", f"--height={height}", f"--left={-left}",
               f"--top={-top}", f"--page-width={page_width}", f"--page-height={page_height}",
               "-o", str(target), str(source)]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True)
    pixels = decode_png(target.read_bytes())
    assert pixels.shape == (page_height, page_width, 3)
    return pixels


def rgb(colour: str) -> np.ndarray:
    return np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)], dtype=float)


def painted(colour: str) -> np.ndarray:
    """A ground colour as it shows, laid see-through over the background."""
    return FILL_OPACITY * rgb(colour) + (1 - FILL_OPACITY) * rgb(BACKGROUND)


# ---------------------------------------------------------------------------- the tests


def test_the_size_asked_for_is_the_size_drawn(case: Case) -> None:
    scenario, replayer, day = case
    for width, height in ((1200, 800), (640, 900)):
        root = parse(svg_map(scenario, replayer, day, width, height))
        assert root.tag == f"{SVG}svg"
        assert (root.get("width"), root.get("height")) == (str(width), str(height))
        assert root.get("viewBox") == f"0 0 {width} {height}"
        dots = markers(root).values()
        assert all(8 <= x <= width - 8 and 8 <= y <= height - 8 for x, y in dots)


def test_coordinates_are_rounded_to_a_tenth_of_a_pixel(default_case: Case) -> None:
    root = parse(svg_map(*default_case))
    numbers = []
    for element in root.iter():
        for key in ("d", "x", "y", "cx", "cy", "r", "width", "height"):
            numbers += re.findall(r"[-\d.]+", element.get(key, ""))
    assert numbers
    assert [n for n in numbers if re.fullmatch(r"-?\d+(\.\d)?", n) is None] == []


def test_the_map_keeps_the_ground_in_proportion(case: Case) -> None:
    # east-west and north-south km are drawn at the same scale: the projection of the partition
    scenario, replayer, day = case
    fit = Fit(scenario, parse(svg_map(scenario, replayer, day)))
    assert fit.worst < 0.2  # every dot where one linear map of lon and lat puts it
    x_scale = partition_of(scenario).projection.x_scale
    assert fit.a / x_scale == pytest.approx(-fit.c / KM_PER_DEGREE_LAT, rel=1e-3)


def test_the_legend_names_every_side_that_holds_ground(case: Case) -> None:
    scenario, replayer, day = case
    state, factions = replayer.at(day), scenario.world.factions
    holding = {
        factions.side_of(state.of(p.id).controller or "", state.allegiance)
        for p in scenario.world.places.places
        if state.of(p.id).controller is not None
    }
    assert holding, "the day chosen must have ground held"
    legend = texts(group(parse(svg_map(scenario, replayer, day)), "legend"))
    sides = Sides(factions)
    for side in holding:
        assert any(row.startswith(sides[side].name) for row in legend), side
    # and no more sides than those: the other rows are the hatches, unknown and the front
    assert len(legend) == len(holding) + 4


def test_contested_and_besieged_ground_is_hatched(default_case: Case) -> None:
    scenario, replayer, day = default_case
    state = replayer.at(day)
    statuses = {state.of(p.id).status for p in scenario.world.places.places}
    assert {Status.CONTESTED, Status.BESIEGED} <= statuses  # 3 July 2014 has both
    root = parse(svg_map(scenario, replayer, day))
    fills = [path.get("fill") for path in group(root, "ground").iter(f"{SVG}path")]
    assert "url(#contested)" in fills
    assert "url(#besieged)" in fills
    ids = {p.get("id") for p in root.iter(f"{SVG}pattern")}
    assert {"contested", "besieged"} <= ids


def test_names_do_not_overlap(case: Case) -> None:
    scenario, replayer, day = case
    boxes = label_boxes(parse(svg_map(scenario, replayer, day)))
    assert boxes
    for n, (name, (l1, t1, r1, b1)) in enumerate(boxes):
        for other, (l2, t2, r2, b2) in boxes[n + 1 :]:
            assert not (l1 < r2 and l2 < r1 and t1 < b2 and t2 < b1), (name, other)


def test_every_city_is_named(default_case: Case) -> None:
    scenario, replayer, day = default_case
    named = {t.text for t in group(parse(svg_map(scenario, replayer, day)), "labels")}
    cities = {p.name for p in scenario.world.places.places if p.kind == "city"}
    assert cities
    assert cities <= named


def test_the_places_that_changed_that_day_are_named_in_bold(default_case: Case) -> None:
    scenario, replayer, day = default_case
    changed = replayer.changes_between(day - dt.timedelta(days=1), day)
    names = {scenario.world.places.place(c.place).name for c in changed}
    assert names
    labels = group(parse(svg_map(scenario, replayer, day)), "labels")
    bold = {t.text for t in labels if t.get("font-weight") == "bold"}
    assert bold
    assert bold <= names


def test_the_scale_bar_is_a_round_length_true_to_the_map(default_case: Case) -> None:
    scenario, replayer, day = default_case
    root = parse(svg_map(scenario, replayer, day))
    scale = group(root, "scale")
    (words,) = [t for t in texts(scale) if t.endswith("km")]
    km = float(words.removesuffix(" km"))
    assert km / 10 ** math.floor(math.log10(km)) in (1, 2, 5)
    halves = list(scale.iter(f"{SVG}rect"))[1:]  # after the white ground under the bar
    bar = sum(float(r.get("width", "")) for r in halves)
    px_per_km = Fit(scenario, root).a / partition_of(scenario).projection.x_scale
    assert bar == pytest.approx(km * px_per_km, rel=0.01)


def test_title_date_and_credits(default_case: Case) -> None:
    scenario, replayer, day = default_case
    root = parse(svg_map(scenario, replayer, day))
    every = texts(root)
    assert scenario.title in every
    assert any("3 July 2014" in t for t in every)
    credits = " ".join(texts(group(root, "credits")))
    for source in scenario.sources.values():
        assert source.title in credits
        assert source.licence in credits
    assert "GeoNames" in credits  # the gazetteer's places
    assert "GSHHG" in credits  # its river


def _untrusted() -> tuple[Scenario, str]:
    """A small invented war whose names and titles are markup and control characters."""
    scenario = synthesize(6, 12, 10, 3, dt.date(2020, 1, 1))
    name = '<b>&"x'
    places = list(scenario.world.places.places)
    places[0] = attrs.evolve(places[0], name=name, kind="city")
    places[1] = attrs.evolve(places[1], name="bell\x07</text>", kind="town")
    factions = [
        attrs.evolve(f, name="<i>&amp;") if f.coalition is None else f
        for f in scenario.world.factions
    ]
    world = attrs.evolve(
        scenario.world,
        places=build_place_graph(places, scenario.world.places.regions.values()),
        factions=Factions.of(factions),
    )
    source = Source("s", "Report ]]> & <x>", "CC0 <y>", "")
    evolved = attrs.evolve(scenario, title='War <script>"&', world=world, sources={"s": source})
    return evolved, name


def test_untrusted_names_are_text_not_markup() -> None:
    scenario, name = _untrusted()
    replayer = Replayer(scenario.world, scenario.log)
    text = svg_map(scenario, replayer, scenario.end, 600, 400)
    for markup in ("<b>", "<i>", "<script>", "<x>", "<y>"):
        assert markup not in text
    assert "\x07" not in text
    root = parse(text)
    assert name in markers(root)
    assert name in [t.text for t in group(root, "labels")]
    every = texts(root)
    assert 'War <script>"&' in every
    assert any(t.startswith("<i>&amp;") for t in texts(group(root, "legend")))
    assert any("Report ]]> & <x> (CC0 <y>)" in t for t in texts(group(root, "credits")))
    assert "bell\\x07</text>" in markers(root)  # the control character shown, not obeyed


def test_an_invented_war_credits_its_reports_and_no_gazetteer(synthetic_case: Case) -> None:
    scenario, replayer, day = synthetic_case
    credits = " ".join(texts(group(parse(svg_map(scenario, replayer, day)), "credits")))
    (source,) = scenario.sources.values()
    assert f"{source.title} ({source.licence})" in credits
    assert "Map data" not in credits


def test_a_war_of_one_place_on_a_small_picture() -> None:
    scenario = synthesize(1, 0, 1, 1)
    replayer = Replayer(scenario.world, scenario.log)
    root = parse(svg_map(scenario, replayer, scenario.start, 300, 200))
    assert (root.get("width"), root.get("height")) == ("300", "200")
    assert len(markers(root)) == 1


def _samples(
    scenario: Scenario, replayer: Replayer, day: dt.date, root: ET.Element
) -> list[tuple[str, float, float]]:
    """Points deep in the ground of places a side holds (held, not contested or besieged), away
    from every dot, name, the legend and the scale bar: (side, x, y), a few per side."""
    partition = partition_of(scenario)
    state, factions = replayer.at(day), scenario.world.factions
    fit = Fit(scenario, root)
    km_per_px = partition.projection.x_scale / fit.a
    keep_off = [box for _name, box in label_boxes(root)]
    for name in ("legend", "scale"):
        first = group(root, name).find(f"{SVG}rect")
        assert first is not None
        x, y = float(first.get("x", "")), float(first.get("y", ""))
        keep_off.append(
            (x, y, x + float(first.get("width", "")), y + float(first.get("height", "")))
        )
    dots = np.array(list(markers(root).values()))
    found: list[tuple[str, float, float]] = []
    per_side: Counter[str] = Counter()
    for n in np.argsort(-partition.areas).tolist():
        control = state.of(partition.place_ids[n])
        if control.controller is None or control.status is not Status.HELD:
            continue
        side = factions.side_of(control.controller, state.allegiance)
        if per_side[side] >= 3:
            continue
        # 8 px inside the cell's edge and 9 px from its own dot
        site = shapely.Point(partition.points[n]).buffer(9 * km_per_px)
        inner = shapely.difference(shapely.buffer(partition.cells[n], -8 * km_per_px), site)
        if inner.is_empty:
            continue
        spot = shapely.get_coordinates(shapely.point_on_surface(inner))
        lon, lat = partition.projection.lonlat(spot)[0]
        x, y = fit.px(lon, lat)
        if any(x0 - 6 <= x <= x1 + 6 and y0 - 6 <= y <= y1 + 6 for x0, y0, x1, y1 in keep_off):
            continue
        if len(dots) and float(np.hypot(*(dots - (x, y)).T).min()) < 8:
            continue
        found.append((side, x, y))
        per_side[side] += 1
    return found


def test_a_renderer_draws_the_whole_picture(case: Case, tmp_path: Path) -> None:
    scenario, replayer, day = case
    pixels = render(svg_map(scenario, replayer, day, 1000, 700), 1000, 700, tmp_path)
    assert tuple(pixels[0, 0]) == tuple(rgb(BACKGROUND))
    state, factions = replayer.at(day), scenario.world.factions
    sides = Sides(factions)
    holding = {
        sides[factions.side_of(state.of(p.id).controller or "", state.allegiance)]
        for p in scenario.world.places.places
        if state.of(p.id).controller is not None
    }
    flat = pixels.reshape(-1, 3)
    for side in holding:  # some of its ground shows, in its colour
        close = np.abs(flat - painted(PALETTE[side.slot % len(PALETTE)])).max(axis=1) <= 6
        assert close.sum() > 0, side.name


# The sizes at which each scenario's ground is looked at closely: the extracted scenario's
# places are packed so tightly that their cells are a few pixels across at a report's size.
SIZES = {
    "default": [(1200, 800), (900, 900)],
    "synthetic": [(1200, 800)],
    "extracted": [(3600, 2400)],
}


@pytest.mark.parametrize("name", SIZES)
def test_a_renderer_paints_each_sides_ground_in_its_colour(
    name: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    scenario, replayer, day = request.getfixturevalue(f"{name}_case")
    sides = Sides(scenario.world.factions)
    shades = {side.id: painted(PALETTE[side.slot % len(PALETTE)]) for side in sides}
    shades["unknown"] = rgb(UNKNOWN_GROUND)
    for width, height in SIZES[name]:
        text = svg_map(scenario, replayer, day, width, height)
        samples = _samples(scenario, replayer, day, parse(text))
        assert samples, f"no place with room around it to look at, at {width}×{height}"
        for side, x, y in samples:
            col, row = round(x), round(y)
            window = render(text, width, height, tmp_path, (col - 4, row - 4, 9, 9))
            # the commonest colour of the 9×9 pixels around: the ground, not a texture's stroke
            ((common, _count),) = Counter(map(tuple, window.reshape(-1, 3).tolist())).most_common(1)
            seen = np.array(common, dtype=float)
            assert np.abs(seen - shades[side]).max() <= 12, (side, x, y, common)
            nearest = min(shades, key=lambda s: float(np.abs(seen - shades[s]).sum()))
            assert np.allclose(shades[nearest], shades[side]), (side, nearest)


def test_the_default_map_shows_several_sides_in_colour(default_case: Case) -> None:
    scenario, replayer, day = default_case
    samples = _samples(scenario, replayer, day, parse(svg_map(scenario, replayer, day)))
    assert len(samples) >= 3
    assert len({side for side, _x, _y in samples}) >= 2
