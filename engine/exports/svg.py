"""The map of one day as an SVG picture for a report: each side's ground in its colour and its
own texture, contested and besieged ground hatched, the front line, the places and the names of
the main ones, rivers, borders and outlines, a legend, a scale bar and the credits.

Plain SVG 1.1 (paths, circles, text, patterns), so that browsers, Inkscape, LibreOffice and
librsvg draw the same picture. The XML is built with ElementTree: names and titles from files are
text nodes and attribute values, escaped by the writer, never pasted into markup.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Sequence

import numpy as np
import shapely
from attrs import frozen
from numpy.typing import NDArray
from shapely.geometry.base import BaseGeometry

from engine.exports.periods import xml_text
from engine.model.control import Status
from engine.model.places import Place
from engine.model.scenario import Scenario
from engine.replay.replayer import Replayer
from engine.territory.cache import partition_of
from engine.territory.front import front_line
from engine.territory.ground import sides_of, statuses_of
from engine.territory.partition import Partition, Projection, top_outlines
from engine.wording import Side, Sides, safe

# The sides' colours by palette slot (`Side.slot`, the index of the TUI's palette too): the
# Okabe–Ito set, which colour-blind readers tell apart, in the hues of the TUI's slots (error,
# primary, success, warning, secondary, accent).
PALETTE = ("#D55E00", "#0072B2", "#009E73", "#E69F00", "#CC79A7", "#56B4E9")
# Ground is painted see-through over the background, so that the lines and names over it stay
# readable; a marker has its side's full colour.
FILL_OPACITY = 0.55
BACKGROUND = "#FFFFFF"
UNKNOWN_GROUND = "#E2E2E2"
UNKNOWN_PLACE = "#9A9A9A"
INK = "#1A1A1A"
WATER = "#2F7FC1"
FONT = "DejaVu Sans, Verdana, Arial, Helvetica, sans-serif"
SVG_NS = "http://www.w3.org/2000/svg"

# Each slot's texture over its colour, so that the sides differ in greyscale too: what an 8-px
# tile holds, drawn in faint ink. Contested and besieged ground get bolder diagonal hatches.
_TILE = 8
_TEXTURES: tuple[tuple[str, dict[str, str]], ...] = (
    ("path", {"d": "M0 4H8"}),  # horizontal lines
    ("circle", {"cx": "4", "cy": "4", "r": "1.1", "fill": INK, "stroke": "none"}),  # dots
    ("path", {"d": "M4 0V8"}),  # vertical lines
    ("path", {"d": "M0 4H8M4 0V8"}),  # a grid
    ("circle", {"cx": "4", "cy": "4", "r": "2"}),  # rings
    ("path", {"d": "M2 4H6M4 2V6"}),  # plus signs
)
_HATCH = 6
_HATCHES = {
    Status.CONTESTED: "M-1 1L1 -1M0 6L6 0M5 7L7 5",  # "/"
    Status.BESIEGED: "M-1 1L1 -1M0 6L6 0M5 7L7 5M-1 5L1 7M0 0L6 6M5 -1L7 1",  # "X"
}
_LINE_STYLES = {
    "river": {"stroke": WATER, "stroke-width": "1.6"},
    "coast": {"stroke": WATER, "stroke-width": "1"},
    "border": {"stroke": "#555555", "stroke-width": "1.1", "stroke-dasharray": "7 3"},
}

HEADER_PX = 58
MARGIN_PX = 14
CREDITS_FONT = 10
CREDITS_LEADING = 13
LEGEND_FONT = 11
LEGEND_ROW = 18
# Text is measured by estimate: the mean advance of DejaVu Sans (the widest of the fonts asked
# for) in ems, and the ascent and descent of a line; a halo around names keeps them readable.
CHAR_EM = 0.62
BOLD_CHAR_EM = 0.68
ASCENT_EM, DESCENT_EM = 0.8, 0.25
HALO_PX = 1.5

# Names go first to cities, then towns, then the other places that changed that day.
_KIND_RANK = {"city": 0, "town": 1}
_MARKER_RADIUS = {"city": 4.5, "town": 3.5}
_LABEL_SIZE = {"city": 13.0, "town": 11.5}
_SMALL_MARKER, _SMALL_LABEL = 2.2, 10.5
# How much a place hidden under the legend costs, by kind: the legend goes where it hides least.
_HIDING_COST = {"city": 20, "town": 8}

# Who is credited for a scenario's map data, found from the words of its places' `source`
# fields: the bundled gazetteer writes "wof:ID;gn:ID", a GeoNames import the place's address
# (gazetteer/world/ATTRIBUTION.txt and scenarios/*/README.md give these credits). A scenario
# whose places name no gazetteer (an invented war) credits none.
_CREDITS = (
    (
        frozenset({"wof", "whosonfirst", "quattroshapes"}),
        "Who's On First (whosonfirst.org), CC BY 4.0",
    ),
    (frozenset({"gn", "geonames"}), "GeoNames (www.geonames.org), CC BY 4.0"),
    (frozenset({"wikipedia"}), "Wikipedia, CC BY-SA 4.0"),
)
LINES_CREDIT = "rivers, borders and coasts: GSHHG (World Data Bank II), LGPL-3.0-or-later"

Box = tuple[float, float, float, float]  # left, top, right, bottom, in px


class Frame:
    """A projection's kilometres as the pixels of a map area: one scale on both axes, the
    bounds centred in the area."""

    def __init__(self, projection: Projection, bounds_km: Box, area: Box) -> None:
        self.projection = projection
        west, south, east, north = bounds_km
        left, top, right, bottom = area
        self.scale = min((right - left) / (east - west), (bottom - top) / (north - south))
        self.x0 = (left + right) / 2 - self.scale * (west + east) / 2
        self.y0 = (top + bottom) / 2 + self.scale * (south + north) / 2

    def from_km(self, xy: NDArray[np.float64]) -> NDArray[np.float64]:
        """Points in km, an (n, 2) array, as pixels (y down)."""
        return np.column_stack((self.x0 + self.scale * xy[:, 0], self.y0 - self.scale * xy[:, 1]))

    def from_lonlat(self, lonlat: NDArray[np.float64]) -> NDArray[np.float64]:
        """Points in (lon, lat) degrees, an (n, 2) array, as pixels."""
        return self.from_km(self.projection.xy(lonlat[:, 1], lonlat[:, 0]))

    def from_latlon(self, points: Sequence[tuple[float, float]]) -> NDArray[np.float64]:
        """Points in (lat, lon) degrees, as the scenario's lines and outlines hold them."""
        array = np.array(points, dtype=float).reshape(-1, 2)
        return self.from_km(self.projection.xy(array[:, 0], array[:, 1]))


@frozen
class Label:
    """A place's name on the map: where its baseline starts, its size and weight."""

    place: Place
    text: str
    letter: str  # its side's letter, empty when its control is unknown
    x: float
    y: float
    size: float
    bold: bool


def _n(value: float) -> str:
    """A coordinate to 0.1 px, without a trailing ".0"."""
    text = f"{round(value, 1) + 0.0:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _text(text: str) -> str:
    """Untrusted text as one line fit for XML: control characters shown, not obeyed."""
    return xml_text(safe(text))


def _sub(parent: ET.Element, tag: str, **attributes: str) -> ET.Element:
    """A child element; `stroke_width=` is written stroke-width."""
    names = {k.replace("_", "-"): v for k, v in attributes.items()}
    return ET.SubElement(parent, tag, names)


def _points(coords: NDArray[np.float64]) -> str:
    """Pixels as path coordinates to 0.1 px, points that rounding made repeats dropped."""
    rounded = np.round(coords, 1)
    keep = np.ones(len(rounded), dtype=bool)
    keep[1:] = np.any(rounded[1:] != rounded[:-1], axis=1)
    return " ".join(f"{_n(x)} {_n(y)}" for x, y in rounded[keep].tolist())


def path_data(geometry: BaseGeometry) -> str:
    """A geometry in pixels as SVG path data: polygons as closed rings (holes too, for the
    even-odd rule), lines as open ones; points are left out."""
    parts = []
    for part in shapely.get_parts(geometry).tolist():
        if isinstance(part, shapely.Polygon):
            for ring in shapely.get_rings(part).tolist():
                coords = shapely.get_coordinates(ring)[:-1]
                if len(coords) >= 3:
                    parts.append(f"M{_points(coords)}Z")
        elif isinstance(part, shapely.LineString):
            coords = shapely.get_coordinates(part)
            if len(coords) >= 2:
                parts.append(f"M{_points(coords)}")
        elif isinstance(part, shapely.GeometryCollection):
            parts.append(path_data(part))
    return "".join(parts)


def _cut(geometry: BaseGeometry, area: Box) -> BaseGeometry:
    """A geometry in pixels cut to the map area and simplified to what a pixel shows."""
    return shapely.simplify(shapely.clip_by_rect(geometry, *area), 0.3, preserve_topology=True)


def _definitions(defs: ET.Element) -> None:
    """A pattern per palette slot (its texture) and one per hatch."""
    for slot, (tag, drawing) in enumerate(_TEXTURES):
        tile = str(_TILE)
        pattern = _sub(
            defs,
            "pattern",
            id=f"texture-{slot}",
            patternUnits="userSpaceOnUse",
            width=tile,
            height=tile,
        )
        ink = {"fill": "none", "stroke": INK, "stroke-width": "0.8", "opacity": "0.35"}
        ET.SubElement(pattern, tag, {**ink, **drawing})
    for status, d in _HATCHES.items():
        tile = str(_HATCH)
        pattern = _sub(
            defs, "pattern", id=status.value, patternUnits="userSpaceOnUse", width=tile, height=tile
        )
        _sub(pattern, "path", d=d, fill="none", stroke=INK, stroke_width="1.3")


def side_colour(side: Side | None) -> str:
    """The colour of a side's places and ground (unknown control: grey)."""
    return UNKNOWN_PLACE if side is None else PALETTE[side.slot % len(PALETTE)]


def _texture(side: Side) -> str:
    return f"url(#texture-{side.slot % len(_TEXTURES)})"


def _width(text: str, size: float, bold: bool = False) -> float:
    return len(text) * size * (BOLD_CHAR_EM if bold else CHAR_EM)


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _inside(box: Box, area: Box) -> bool:
    return box[0] >= area[0] and box[1] >= area[1] and box[2] <= area[2] and box[3] <= area[3]


class _Boxes:
    """Boxes filed under the squares of a grid that they cover, each with a number: a new box is
    checked against its neighbours only, not against every name and marker of a big map."""

    SQUARE_PX = 48.0

    def __init__(self) -> None:
        self._grid: dict[tuple[int, int], list[tuple[Box, int]]] = {}

    def _squares(self, box: Box) -> list[tuple[int, int]]:
        left, top, right, bottom = (math.floor(v / self.SQUARE_PX) for v in box)
        return [(i, j) for i in range(left, right + 1) for j in range(top, bottom + 1)]

    def add(self, box: Box, number: int = -1) -> None:
        """File a box under a number."""
        for square in self._squares(box):
            self._grid.setdefault(square, []).append((box, number))

    def hit(self, box: Box, below: int | None = None, besides: int = -2) -> bool:
        """True when the box overlaps one filed (only those numbered below `below`, if given;
        never the one numbered `besides`)."""
        return any(
            number != besides and (below is None or number < below) and _overlaps(box, other)
            for square in self._squares(box)
            for other, number in self._grid.get(square, ())
        )


def place_labels(
    candidates: Sequence[tuple[Place, str, bool]],
    xy: dict[str, tuple[float, float]],
    area: Box,
    obstacles: Sequence[Box] = (),
) -> list[Label]:
    """Names for (place, side letter, bold) in the order given, greedily: each where it first
    fits (right of its marker, left, above, below, then the four corners), within the area and
    off the obstacles and the names placed before it. A name keeps off the markers of the
    other candidates too; where that leaves no room, off those before it in the order only (a
    city's name may hide a village's dot). A name that fits nowhere is left out."""
    taken, dots = _Boxes(), _Boxes()
    for box in obstacles:
        taken.add(box)
    for number, (place, _letter, _bold) in enumerate(candidates):
        x, y = xy[place.id]
        r = _MARKER_RADIUS.get(place.kind, _SMALL_MARKER)
        dots.add((x - r, y - r, x + r, y + r), number)
    labels = []
    for number, (place, letter, bold) in enumerate(candidates):
        x, y = xy[place.id]
        size = _LABEL_SIZE.get(place.kind, _SMALL_LABEL)
        text = _text(place.name)
        w = _width(f"{text} ({letter})" if letter else text, size, bold)
        gap = _MARKER_RADIUS.get(place.kind, _SMALL_MARKER) + 2.5
        up, down = ASCENT_EM * size, DESCENT_EM * size
        middle, over, under = y + (up - down) / 2, y - gap - down, y + gap + up
        spots = (
            (x + gap, middle),  # right of the marker, centred on it
            (x - gap - w, middle),  # left
            (x - w / 2, over),  # above
            (x - w / 2, under),  # below
            (x + gap * 0.7, over + gap * 0.3),  # above right, and the other corners
            (x + gap * 0.7, under - gap * 0.3),
            (x - gap * 0.7 - w, over + gap * 0.3),
            (x - gap * 0.7 - w, under - gap * 0.3),
        )
        boxes = [
            (left, baseline, (left - HALO_PX, baseline - up - HALO_PX, left + w + HALO_PX,
                              baseline + down + HALO_PX))
            for left, baseline in spots
        ]  # fmt: skip
        free = [(left, baseline, box) for left, baseline, box in boxes
                if _inside(box, area) and not taken.hit(box)]  # fmt: skip
        fits = [spot for spot in free if not dots.hit(spot[2], besides=number)] or [
            spot for spot in free if not dots.hit(spot[2], below=number, besides=number)
        ]
        if fits:
            left, baseline, box = fits[0]
            taken.add(box)
            labels.append(Label(place, text, letter, left, baseline, size, bold))
    return labels


def nice_km(most: float) -> float:
    """The longest round length (1, 2 or 5 times a power of ten) of at most `most` km."""
    power = 10.0 ** math.floor(math.log10(most))
    return max(step * power for step in (1, 2, 5) if step * power <= most * (1 + 1e-9))


def credits_line(scenario: Scenario) -> str:
    """The sources of the scenario's text and of its map data, with their licences."""
    sources = [
        f"{source.title} ({source.licence})" if source.licence else source.title
        for source in scenario.sources.values()
    ]
    words: set[str] = set()
    for place in scenario.world.places.places:
        words.update(re.split(r"[^a-z]+", place.source.lower()))
    data = [credit for keys, credit in _CREDITS if keys & words]
    if scenario.lines and data:  # lines beside a gazetteer's places are that gazetteer's lines
        data.append(LINES_CREDIT)
    text = f"Sources: {'; '.join(sources)}." if sources else ""
    if data:
        text += f" Map data: {'; '.join(data)}."
    return _text(text.strip())


def _bounds_km(partition: Partition) -> Box:
    """The places' bounds in km with the reach of their ground around them (so that one place
    alone still makes a map)."""
    if not len(partition.points):
        return (-10.0, -10.0, 10.0, 10.0)
    low = partition.points.min(axis=0) - partition.radius_km
    high = partition.points.max(axis=0) + partition.radius_km
    return (float(low[0]), float(low[1]), float(high[0]), float(high[1]))


def _date_line(scenario: Scenario, day: dt.date) -> str:
    words = f"{day:%A} {day.day} {day:%B %Y}"
    if scenario.start <= day <= scenario.end:
        number, days = (day - scenario.start).days + 1, (scenario.end - scenario.start).days + 1
        words += f" · day {number} of {days}"
    return words


def _cut_to(text: str, room: float, size: float, bold: bool = False) -> str:
    """Text shortened with an ellipsis to fit a width (by estimate)."""
    most = max(1, int(room / (size * (BOLD_CHAR_EM if bold else CHAR_EM))))
    return text if len(text) <= most else text[: most - 1] + "…"


def _panel(
    group: ET.Element, box: tuple[float, float, float, float], opacity: str, **style: str
) -> None:
    """A pale box behind a legend or a scale bar, so that it reads over the map."""
    x0, y0, w, h = box
    size = {"x": _n(x0), "y": _n(y0), "width": _n(w), "height": _n(h)}
    _sub(group, "rect", **size, fill=BACKGROUND, fill_opacity=opacity, **style)


class _Map:
    """One day's map being drawn: the frame, the sides, and the SVG tree."""

    def __init__(
        self, scenario: Scenario, replayer: Replayer, day: dt.date, width: int, height: int
    ) -> None:
        self.scenario, self.day, self.width, self.height = scenario, day, width, height
        self.partition = partition_of(scenario)
        factions = scenario.world.factions
        self.sides = Sides(factions)
        self.state = replayer.at(day)
        self.place_sides = sides_of(self.partition, replayer, self.state)
        self.place_statuses = statuses_of(self.partition, replayer, self.state)
        before = day - dt.timedelta(days=1) if day > dt.date.min else day
        self.changed = {c.place for c in replayer.changes_between(before, day)}
        self.places = [scenario.world.places.place(p) for p in self.partition.place_ids]
        room = (width - 2 * MARGIN_PX) / (CREDITS_FONT * CHAR_EM)
        self.credits = textwrap.wrap(credits_line(scenario), max(20, int(room)))
        footer = 10 + CREDITS_LEADING * len(self.credits)
        bottom = max(HEADER_PX + 10, height - footer)
        self.area: Box = (MARGIN_PX, HEADER_PX, max(MARGIN_PX + 10, width - MARGIN_PX), bottom)
        self.frame = Frame(self.partition.projection, _bounds_km(self.partition), self.area)
        points = self.frame.from_km(self.partition.points) if self.places else np.zeros((0, 2))
        self.xy = {
            p.id: (float(x), float(y))
            for p, (x, y) in zip(self.places, points.tolist(), strict=True)
        }
        self.root = ET.Element(
            "svg",
            {
                "xmlns": SVG_NS,
                "version": "1.1",
                "width": str(width),
                "height": str(height),
                "viewBox": f"0 0 {width} {height}",
                "font-family": FONT,
            },
        )

    def side(self, n: int) -> Side | None:
        """The side of the place of partition index n (None: unknown)."""
        side = self.place_sides[n]
        return None if side is None else self.sides[side]

    def ground_data(self, members: Sequence[int]) -> str:
        """The union of some places' cells as path data."""
        if not members:
            return ""
        union = shapely.union_all(self.partition.cells[list(members)])
        return path_data(_cut(shapely.transform(union, self.frame.from_km), self.area))

    def draw(self) -> str:
        """The whole picture as an SVG document."""
        root = self.root
        _sub(root, "title").text = _text(f"{self.scenario.title}, {self.day.isoformat()}")
        _definitions(_sub(root, "defs"))
        _sub(
            root,
            "rect",
            x="0",
            y="0",
            width=str(self.width),
            height=str(self.height),
            fill=BACKGROUND,
        )
        shown = self.draw_ground()
        self.draw_lines()
        self.draw_front()
        self.draw_markers()
        legend = self.draw_legend(shown)
        scale = self.draw_scale(legend)
        self.draw_labels([legend, scale])
        self.draw_header_and_credits()
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")

    def draw_ground(self) -> list[Side]:
        """Unknown ground, each side's (its colour, then its texture), then the hatches over
        contested and besieged ground; the sides that hold ground, in their order."""
        group = _sub(self.root, "g", id="ground")
        members: dict[str | None, list[int]] = {}
        for n, side_id in enumerate(self.place_sides):
            members.setdefault(side_id, []).append(n)
        layers: list[tuple[Sequence[int], list[dict[str, str]]]] = [
            (members.get(None, []), [{"fill": UNKNOWN_GROUND}])
        ]
        shown = [side for side in self.sides if side.id in members]
        for side in shown:
            colour = {"fill": side_colour(side), "fill-opacity": str(FILL_OPACITY)}
            layers.append((members[side.id], [colour, {"fill": _texture(side)}]))
        for status in _HATCHES:
            held = [n for n, held_as in enumerate(self.place_statuses) if held_as is status]
            layers.append((held, [{"fill": f"url(#{status.value})"}]))
        for cells, styles in layers:
            d = self.ground_data(cells)
            for style in styles if d else ():
                ET.SubElement(group, "path", {"d": d, "fill-rule": "evenodd", **style})
        return shown

    def draw_lines(self) -> None:
        """The top outlines faintly, then the rivers, coasts and borders."""
        group = _sub(self.root, "g", id="lines", fill="none", stroke_linejoin="round")
        regions = self.scenario.world.places.regions
        rings = [
            shapely.LineString(self.frame.from_latlon(ring))
            for ring in top_outlines(self.scenario.outlines, regions)
            if len(ring) >= 2
        ]
        d = path_data(_cut(shapely.MultiLineString(rings), self.area)) if rings else ""
        if d:
            _sub(group, "path", d=d, stroke="#777777", stroke_width="0.9", stroke_opacity="0.7")
        for layer, style in _LINE_STYLES.items():
            lines = [
                shapely.LineString(self.frame.from_latlon(points))
                for kind, points in self.scenario.lines
                if kind == layer and len(points) >= 2
            ]
            d = path_data(_cut(shapely.MultiLineString(lines), self.area)) if lines else ""
            if d:
                ET.SubElement(group, "path", {"d": d, **style})

    def draw_front(self) -> None:
        """The front line: bold and dark, on a white casing that lifts it off the ground."""
        line = front_line(self.partition, self.place_sides)
        d = path_data(_cut(shapely.transform(line, self.frame.from_lonlat), self.area))
        if d:
            group = _sub(
                self.root,
                "g",
                id="front",
                fill="none",
                stroke_linecap="round",
                stroke_linejoin="round",
            )
            _sub(group, "path", d=d, stroke=BACKGROUND, stroke_width="5", stroke_opacity="0.8")
            _sub(group, "path", d=d, stroke=INK, stroke_width="2.4")

    def draw_markers(self) -> None:
        """A dot per place in its side's colour, the villages first and the cities on top."""
        group = _sub(self.root, "g", id="places", stroke=INK, stroke_width="0.6")
        order = sorted(
            range(len(self.places)), key=lambda n: -_KIND_RANK.get(self.places[n].kind, 2)
        )
        for n in order:
            place = self.places[n]
            x, y = self.xy[place.id]
            r = _MARKER_RADIUS.get(place.kind, _SMALL_MARKER)
            dot = _sub(group, "circle", cx=_n(x), cy=_n(y), r=_n(r), fill=side_colour(self.side(n)))
            _sub(dot, "title").text = _text(place.name)

    def draw_legend(self, shown: Sequence[Side]) -> Box:
        """Each side that holds ground (its colour, texture, name and letter), the hatches,
        unknown control and the front line, in the corner of the map where it hides least."""
        rows = [f"{_text(side.name)} ({side.letter})" for side in shown]
        rows += ["contested", "besieged", "control unknown", "front line"]
        swatch_w, swatch_h, pad = 24.0, 12.0, 8.0
        w = pad * 3 + swatch_w + max(_width(row, LEGEND_FONT) for row in rows)
        h = pad * 2 + LEGEND_ROW * len(rows) - (LEGEND_ROW - swatch_h)
        left, top, right, bottom = self.area
        corners = [
            (right - 6 - w, top + 6),
            (left + 6, top + 6),
            (right - 6 - w, bottom - 6 - h),
            (left + 6, bottom - 6 - h),
        ]

        def hides(corner: tuple[float, float]) -> int:
            x0, y0 = corner
            return sum(
                _HIDING_COST.get(p.kind, 1)
                for p in self.places
                if x0 <= self.xy[p.id][0] <= x0 + w and y0 <= self.xy[p.id][1] <= y0 + h
            )

        x0, y0 = min(corners, key=hides)
        group = _sub(self.root, "g", id="legend", font_size=_n(LEGEND_FONT))
        _panel(group, (x0, y0, w, h), "0.92", stroke="#888888", stroke_width="0.8")
        for number, row in enumerate(rows):
            sx, sy = x0 + pad, y0 + pad + number * LEGEND_ROW
            box = {"x": _n(sx), "y": _n(sy), "width": _n(swatch_w), "height": _n(swatch_h)}
            if number < len(shown):
                side = shown[number]
                ET.SubElement(
                    group,
                    "rect",
                    {**box, "fill": side_colour(side), "fill-opacity": str(FILL_OPACITY)},
                )
                ET.SubElement(group, "rect", {**box, "fill": _texture(side)})
            elif row == "front line":
                mid = _n(sy + swatch_h / 2)
                line = {"x1": _n(sx), "x2": _n(sx + swatch_w), "y1": mid, "y2": mid}
                ET.SubElement(group, "line", {**line, "stroke": INK, "stroke-width": "2.4"})
            elif row == "control unknown":
                ET.SubElement(group, "rect", {**box, "fill": UNKNOWN_GROUND})
                _sub(
                    group,
                    "circle",
                    cx=_n(sx + swatch_w / 2),
                    cy=_n(sy + swatch_h / 2),
                    r=_n(_SMALL_MARKER),
                    fill=UNKNOWN_PLACE,
                    stroke=INK,
                    stroke_width="0.6",
                )
            else:
                status = Status.CONTESTED if row == "contested" else Status.BESIEGED
                ET.SubElement(
                    group,
                    "rect",
                    {
                        **box,
                        "fill": f"url(#{status.value})",
                        "stroke": "#888888",
                        "stroke-width": "0.5",
                    },
                )
            text = _sub(group, "text", x=_n(sx + swatch_w + pad), y=_n(sy + swatch_h - 2))
            text.text = row
        return (x0, y0, x0 + w, y0 + h)

    def draw_scale(self, legend: Box) -> Box:
        """A bar of a round number of km in a bottom corner the legend leaves free."""
        left, _top, right, bottom = self.area
        km = nice_km(min(160.0, (right - left) / 4) / self.frame.scale)
        length = km * self.frame.scale
        w, h = length + 40, 30.0
        on_left = not (legend[0] <= left + 6 and legend[3] >= bottom - 6)
        x0 = left + 6 if on_left else right - 6 - w
        y0 = bottom - 6 - h
        group = _sub(self.root, "g", id="scale", font_size="10")
        _panel(group, (x0, y0, w, h), "0.8")
        bx, by = x0 + 8, y0 + h - 10
        for half in range(2):
            _sub(
                group,
                "rect",
                x=_n(bx + half * length / 2),
                y=_n(by),
                width=_n(length / 2),
                height="5",
                fill=INK if half == 0 else BACKGROUND,
                stroke=INK,
                stroke_width="0.8",
            )
        _sub(group, "text", x=_n(bx), y=_n(by - 4), text_anchor="middle").text = "0"
        label = f"{km:g} km"
        _sub(group, "text", x=_n(bx + length), y=_n(by - 4), text_anchor="middle").text = label
        return (x0, y0, x0 + w, y0 + h)

    def draw_labels(self, obstacles: Sequence[Box]) -> None:
        """The names of the cities, the towns and the places that changed that day, none over
        another, each with its side's letter; the changed in bold."""
        candidates = []
        for n, place in enumerate(self.places):
            rank = _KIND_RANK.get(place.kind, 2)
            if rank < 2 or place.id in self.changed:
                side, changed = self.side(n), place.id in self.changed
                letter = side.letter if side else ""
                candidates.append(((rank, not changed, n), (place, letter, changed)))
        candidates.sort(key=lambda c: c[0])
        labels = place_labels([c for _, c in candidates], self.xy, self.area, obstacles)
        halos = _sub(
            self.root,
            "g",
            id="label-halos",
            fill=BACKGROUND,
            stroke=BACKGROUND,
            stroke_width="3",
            stroke_linejoin="round",
            stroke_opacity="0.85",
        )
        names = _sub(self.root, "g", id="labels", fill=INK)
        for label in labels:
            where = {"x": _n(label.x), "y": _n(label.y), "font-size": _n(label.size)}
            if label.bold:
                where["font-weight"] = "bold"
            # a no-break space: renderers drop a tspan's leading space
            tail = f"\u00a0({label.letter})" if label.letter else ""
            ET.SubElement(halos, "text", where).text = label.text + tail
            text = ET.SubElement(names, "text", where)
            text.text = label.text
            if label.letter:
                _sub(text, "tspan", fill="#555555").text = tail

    def draw_header_and_credits(self) -> None:
        """The scenario's title and the date above the map, the credits below it."""
        room = self.width - 2 * MARGIN_PX
        title = _cut_to(_text(self.scenario.title), room, 18, bold=True)
        _sub(
            self.root,
            "text",
            x=_n(MARGIN_PX),
            y="27",
            font_size="18",
            font_weight="bold",
            fill=INK,
            id="title",
        ).text = title
        _sub(
            self.root, "text", x=_n(MARGIN_PX), y="47", font_size="13", fill=INK, id="date"
        ).text = _cut_to(_date_line(self.scenario, self.day), room, 13)
        group = _sub(self.root, "g", id="credits", font_size=str(CREDITS_FONT), fill="#444444")
        first = self.height - 8 - CREDITS_LEADING * (len(self.credits) - 1)
        for number, line in enumerate(self.credits):
            _sub(group, "text", x=_n(MARGIN_PX), y=_n(first + number * CREDITS_LEADING)).text = line


def svg_map(
    scenario: Scenario, replayer: Replayer, day: dt.date, width: int = 1200, height: int = 800
) -> str:
    """The map of a day as an SVG document of exactly `width` × `height` pixels."""
    return _Map(scenario, replayer, day, width, height).draw()
