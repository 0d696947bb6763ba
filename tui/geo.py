"""Where things go on the map: an equirectangular projection onto cells, and lines in braille.

No UI library here: the map widget asks this module which cell each place and line falls in.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from attrs import evolve, frozen
from numpy.typing import NDArray

Point = tuple[float, float]  # (lat, lon)

# A terminal cell is about twice as tall as it is wide: one row covers two columns' distance.
ASPECT = 2.0
MIN_SCALE, MAX_SCALE = 0.5, 4000.0  # columns per projected degree: the whole world to a street
# Braille dots per cell: 2 across, 4 down; the bit of each dot in the character's code point.
BRAILLE_BITS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))


@frozen
class Bounds:
    """A box of latitudes and longitudes."""

    south: float
    west: float
    north: float
    east: float

    @classmethod
    def of(cls, points: Iterable[Point]) -> Bounds | None:
        """The smallest box holding the points (None when there are none)."""
        lats, lons = [], []
        for lat, lon in points:
            lats.append(lat)
            lons.append(lon)
        if not lats:
            return None
        return cls(min(lats), min(lons), max(lats), max(lons))

    @classmethod
    def of_arrays(cls, lats: NDArray[np.float64], lons: NDArray[np.float64]) -> Bounds | None:
        """The smallest box holding the points of these coordinates (None when there are none):
        `of` a column at a time."""
        if not len(lats):
            return None
        return cls(float(lats.min()), float(lons.min()), float(lats.max()), float(lons.max()))

    def union(self, other: Bounds | None) -> Bounds:
        """The box holding both."""
        if other is None:
            return self
        return Bounds(
            min(self.south, other.south),
            min(self.west, other.west),
            max(self.north, other.north),
            max(self.east, other.east),
        )

    def grown(self, fraction: float) -> Bounds:
        """The box widened by a fraction of its size on every side."""
        dlat = (self.north - self.south) * fraction
        dlon = (self.east - self.west) * fraction
        return Bounds(self.south - dlat, self.west - dlon, self.north + dlat, self.east + dlon)

    def contains(self, point: Point) -> bool:
        """True when the point lies in the box."""
        lat, lon = point
        return self.south <= lat <= self.north and self.west <= lon <= self.east

    @property
    def middle_latitude(self) -> float:
        """The latitude halfway between south and north."""
        return (self.south + self.north) / 2


@frozen
class Viewport:
    """A window onto the map: the projected centre, the scale, and the size in cells.

    The projection is equirectangular, x = lon·cos(lat0) and y = lat, so that distances near
    the reference latitude lat0 keep their proportions; rows are ASPECT times taller than columns.
    """

    lat0: float
    x: float
    y: float
    scale: float  # columns per projected degree
    width: int
    height: int

    @classmethod
    def fit(cls, bounds: Bounds, width: int, height: int, margin: int = 1) -> Viewport:
        """The view that shows the whole box, as large as the cells allow, aspect kept."""
        lat0 = bounds.middle_latitude
        k = math.cos(math.radians(lat0))
        span_x = max((bounds.east - bounds.west) * k, 1e-6)
        span_y = max(bounds.north - bounds.south, 1e-6)
        usable_w = max(width - 2 * margin, 1)
        usable_h = max(height - 2 * margin, 1)
        scale = min(usable_w / span_x, usable_h * ASPECT / span_y)
        return cls(
            lat0=lat0,
            x=(bounds.west + bounds.east) / 2 * k,
            y=bounds.middle_latitude,
            scale=min(max(scale, MIN_SCALE), MAX_SCALE),
            width=max(width, 1),
            height=max(height, 1),
        )

    @property
    def _k(self) -> float:
        return math.cos(math.radians(self.lat0))

    def cell(self, lat: float, lon: float) -> tuple[float, float]:
        """The (column, row) of a point, in fractional cells from the top left."""
        return self._cell(lat, lon)

    def cells(
        self, lats: NDArray[np.float64], lons: NDArray[np.float64]
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """The (column, row) of many points at once (a map of 100,000 places is laid out in
        milliseconds, where a point at a time took a second)."""
        return self._cell(lats, lons)

    def _cell(self, lat: Any, lon: Any) -> tuple[Any, Any]:
        """The one formula of `cell` and `cells`, for a number or an array."""
        column = (lon * self._k - self.x) * self.scale + self.width / 2
        row = (self.y - lat) * self.scale / ASPECT + self.height / 2
        return column, row

    def point(self, column: float, row: float) -> Point:
        """The (lat, lon) at a fractional cell position."""
        lon = ((column - self.width / 2) / self.scale + self.x) / self._k
        lat = self.y - (row - self.height / 2) * ASPECT / self.scale
        return lat, lon

    def cell_centres(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """The (lat, lon) of the centre of every cell, row by row, as two flat arrays."""
        columns = np.tile(np.arange(self.width, dtype=float) + 0.5, self.height)
        rows = np.repeat(np.arange(self.height, dtype=float) + 0.5, self.width)
        lons = ((columns - self.width / 2) / self.scale + self.x) / self._k
        lats = self.y - (rows - self.height / 2) * ASPECT / self.scale
        return lats, lons

    def zoomed(
        self, factor: float, column: float | None = None, row: float | None = None
    ) -> Viewport:
        """Zoomed by a factor, keeping the point under (column, row) in place (default: centre)."""
        column = self.width / 2 if column is None else column
        row = self.height / 2 if row is None else row
        scale = min(max(self.scale * factor, MIN_SCALE), MAX_SCALE)
        ratio = self.scale / scale
        # The point under the cursor must stay under it: move the centre towards it.
        dx = (column - self.width / 2) / self.scale
        dy = (row - self.height / 2) * ASPECT / self.scale
        return evolve(
            self,
            x=self.x + dx * (1 - ratio),
            y=self.y - dy * (1 - ratio),
            scale=scale,
        )

    def panned(self, columns: float, rows: float) -> Viewport:
        """Moved so that the map slides by this many cells (positive: the view moves right/down)."""
        return evolve(
            self,
            x=self.x + columns / self.scale,
            y=self.y - rows * ASPECT / self.scale,
        )

    def resized(self, width: int, height: int) -> Viewport:
        """The same centre and scale on a panel of another size."""
        return evolve(self, width=max(width, 1), height=max(height, 1))


def braille_lines(
    view: Viewport, lines: Iterable[Sequence[Point]], closed: bool = False
) -> dict[tuple[int, int], int]:
    """The braille dots of polylines, as {(row, column): bits}, clipped to the view."""
    dots: dict[tuple[int, int], int] = {}
    max_x, max_y = view.width * 2, view.height * 4
    for line in lines:
        points = [view.cell(lat, lon) for lat, lon in line]
        if closed and len(points) > 2:
            points.append(points[0])
        projected = [(c * 2, r * 4) for c, r in points]
        for (x0, y0), (x1, y1) in itertools.pairwise(projected):
            clipped = _clip(x0, y0, x1, y1, max_x, max_y)
            if clipped is None:
                continue
            x0, y0, x1, y1 = clipped
            steps = max(int(max(abs(x1 - x0), abs(y1 - y0)) * 1.5), 1)
            for i in range(steps + 1):
                t = i / steps
                x = int(x0 + (x1 - x0) * t)
                y = int(y0 + (y1 - y0) * t)
                if 0 <= x < max_x and 0 <= y < max_y:
                    key = (y // 4, x // 2)
                    dots[key] = dots.get(key, 0) | BRAILLE_BITS[y % 4][x % 2]
    return dots


def braille(bits: int) -> str:
    """The braille character with these dots."""
    return chr(0x2800 + bits)


def _clip(
    x0: float, y0: float, x1: float, y1: float, width: float, height: float
) -> tuple[float, float, float, float] | None:
    """A segment cut to the box [0, width) × [0, height) (Liang–Barsky), or None if outside."""
    dx, dy = x1 - x0, y1 - y0
    low, high = 0.0, 1.0
    for p, q in ((-dx, x0), (dx, width - 1e-6 - x0), (-dy, y0), (dy, height - 1e-6 - y0)):
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return None
    return x0 + dx * low, y0 + dy * low, x0 + dx * high, y0 + dy * high
