"""Reading gazetteer files: places from TSV, admin units, district outlines, the river line."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Sequence
from pathlib import Path

from engine.errors import FrontlineError, Problem
from engine.places import Place

Point = tuple[float, float]  # (lat, lon)
Ring = tuple[Point, ...]

REQUIRED_PLACE_COLUMNS = ("id", "name", "kind", "lat", "lon")


def read_tsv(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a tab-separated file with a header, each with its line number."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            for row in reader:
                yield reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise FrontlineError(f"cannot read {path}: {error}") from None


def read_places(path: Path) -> tuple[list[Place], list[Problem]]:
    """The places of one gazetteer file, and the problems of its bad rows."""
    places, problems = [], []
    for line, row in read_tsv(path):
        missing = [c for c in REQUIRED_PLACE_COLUMNS if not row.get(c)]
        if missing:
            problems.append(Problem(f"{path}:{line}", f"missing {', '.join(missing)}"))
            continue
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except ValueError:
            problems.append(Problem(f"{path}:{line}", "lat and lon must be numbers"))
            continue
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            problems.append(Problem(f"{path}:{line}", f"coordinates out of range: {lat}, {lon}"))
            continue
        places.append(
            Place(
                id=row["id"],
                name=row["name"],
                kind=row["kind"],
                lat=lat,
                lon=lon,
                aliases=tuple(a.strip() for a in row.get("aliases", "").split(";") if a.strip()),
                governorate=row.get("governorate", ""),
                district=row.get("district", ""),
                bank=row.get("bank", "") if row.get("bank") in ("north", "south") else "",
                source=row.get("source", ""),
            )
        )
    return places, problems


def read_outlines(path: Path) -> dict[str, tuple[str, str, Ring]]:
    """Polygons of a GeoJSON file by feature id: (name, placetype, outer ring as lat/lon)."""
    try:
        collection = json.loads(path.read_text(encoding="utf-8"))
        outlines = {}
        for feature in collection["features"]:
            props = feature["properties"]
            ring = feature["geometry"]["coordinates"][0]
            outlines[props["id"]] = (
                props["name"],
                props["placetype"],
                tuple((float(lat), float(lon)) for lon, lat in ring),
            )
        return outlines
    except (OSError, ValueError, KeyError, TypeError, IndexError) as error:
        raise FrontlineError(f"cannot read outlines from {path}: {error}") from None


def read_line(path: Path) -> tuple[Point, ...]:
    """A polyline (such as a river) from a TSV with `lat` and `lon` columns, in file order."""
    points = []
    for line, row in read_tsv(path):
        try:
            points.append((float(row["lat"]), float(row["lon"])))
        except (KeyError, ValueError):
            raise FrontlineError(f"{path}:{line}: lat and lon must be numbers") from None
    return tuple(points)


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
