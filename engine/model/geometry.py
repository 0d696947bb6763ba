"""Points, outlines and lines on the map, in degrees of latitude and longitude."""

from __future__ import annotations

from collections.abc import Sequence

Point = tuple[float, float]  # (lat, lon)
Ring = tuple[Point, ...]
# A river, a national border or a coastline: (layer, points), layer "river", "border" or "coast".
Line = tuple[str, tuple[Point, ...]]
LINE_LAYERS = ("river", "border", "coast")


def inside(point: Point, ring: Sequence[Point]) -> bool:
    """True when a point lies inside a polygon ring (even-odd rule)."""
    lat, lon = point
    result = False
    for (lat1, lon1), (lat2, lon2) in zip(ring, [*ring[1:], ring[0]], strict=True):
        if (lat1 > lat) != (lat2 > lat):
            crossing = lon1 + (lat - lat1) * (lon2 - lon1) / (lat2 - lat1)
            if lon < crossing:
                result = not result
    return result
