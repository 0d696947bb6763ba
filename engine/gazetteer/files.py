"""Reading gazetteer files: places from TSV, admin units, district outlines, the river line."""

from __future__ import annotations

import csv
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from engine.errors import FrontlineError, Problem
from engine.files import regular_file
from engine.model.geometry import LINE_LAYERS, Line, Point, Ring
from engine.model.places import PLACE_KINDS, Place, Region

REQUIRED_PLACE_COLUMNS = ("id", "name", "kind", "lat", "lon")


def read_tsv(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a tab-separated file with a header, each with its line number. A file without a
    header, or whose last line lacks its line break, is refused: cut short, it would lose rows or
    a number's last digits (`40.25` read as `40.2`) without a word."""
    try:
        with regular_file(path).open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            header = next(reader, None)
            if not header:
                raise FrontlineError(f"{path}: the file is empty: not even a header line")
            # The columns by header, a cell a column (a short row's last cells empty; a cell
            # beyond the header, or under an empty heading, dropped), rows made by hand: a
            # csv.DictReader took twice as long over 100,000 places.
            columns = [(n, key) for n, key in enumerate(header) if key]
            for row in reader:
                if row:  # a blank line is no row
                    width = len(row)
                    yield (
                        reader.line_num,
                        {key: row[n].strip() if n < width else "" for n, key in columns},
                    )
            size = os.fstat(handle.fileno()).st_size
            if os.pread(handle.fileno(), 1, size - 1) not in (b"\n", b"\r"):
                raise FrontlineError(
                    f"{path}:{reader.line_num}: the file ends in this line, without a line "
                    "break: cut short? If the line is whole, end it with a line break"
                )
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise FrontlineError(f"cannot read {path}: {error}") from None


def unknown_kind(kind: str) -> str:
    """Why a place's kind is refused ("" when it is one of PLACE_KINDS)."""
    if kind in PLACE_KINDS:
        return ""
    return f"unknown kind {kind!r}; one of {', '.join(sorted(PLACE_KINDS))}"


def point_of(row: Mapping[str, str]) -> tuple[float, float]:
    """The (lat, lon) of a row of a gazetteer file; ValueError unless both are numbers in range."""
    try:
        lat, lon = float(row["lat"]), float(row["lon"])
    except (KeyError, ValueError):
        raise ValueError("lat and lon must be numbers") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):  # NaN is in no range
        raise ValueError(f"coordinates out of range: {lat}, {lon}")
    return lat, lon


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def control_character(*texts: str) -> str:
    """Why names are refused for a control character in one (a NUL, a line break, an escape:
    what no name holds, and a terminal would act on), or ""."""
    if not _CONTROL.search("".join(texts)):  # one search for all: most names have none
        return ""
    text = next(t for t in texts if _CONTROL.search(t))
    found = _CONTROL.search(text)
    assert found is not None
    return f"{text!r} holds a control character (U+{ord(found.group()):04X})"


def read_places(path: Path) -> tuple[list[Place], list[Problem]]:
    """The places of one gazetteer file, and the problems of its bad rows."""
    numbered, problems = read_numbered_places(path)
    return [place for _line, place in numbered], problems


def read_numbered_places(path: Path) -> tuple[list[tuple[int, Place]], list[Problem]]:
    """The places of one gazetteer file with the line of each, and the problems of its bad rows
    (an id given twice for two different places among them)."""
    places: list[tuple[int, Place]] = []
    problems = []
    first: dict[str, tuple[int, Place]] = {}  # the line and place of each id
    for line, row in read_tsv(path):
        missing = [c for c in REQUIRED_PLACE_COLUMNS if not row.get(c)]
        if missing:
            problems.append(Problem(f"{path}:{line}", f"missing {', '.join(missing)}"))
            continue
        refused = control_character(row["id"], row["name"], row.get("aliases", ""))
        if refused:
            problems.append(Problem(f"{path}:{line}", refused))
            continue
        try:
            lat, lon = point_of(row)
        except ValueError as error:
            problems.append(Problem(f"{path}:{line}", str(error)))
            continue
        refused = unknown_kind(row["kind"])
        if refused:
            problems.append(Problem(f"{path}:{line}", refused))
            continue
        try:
            precision = float(row["precision_km"]) if row.get("precision_km") else None
        except ValueError:
            problems.append(Problem(f"{path}:{line}", "precision_km must be a number"))
            continue
        place = Place(
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
            precision_km=precision,
            country=row.get("country", ""),
        )
        if place.id in first:
            earlier, known = first[place.id]
            if known != place:
                problems.append(
                    Problem(
                        f"{path}:{line}",
                        f"place id {place.id!r} is given twice, for two different places: "
                        f"first on line {earlier}",
                    )
                )
            continue
        first[place.id] = (line, place)
        places.append((line, place))
    return places, problems


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise ValueError(f"the key {key!r} is given twice in one object")
        found[key] = value
    return found


def read_json(path: Path) -> Any:
    """A JSON file, whose objects may not give a key twice (JSON would keep the last silently);
    ValueError, OSError or RecursionError say what is wrong."""
    text = regular_file(path).read_text(encoding="utf-8")
    return json.loads(text, object_pairs_hook=_unique_keys)


def read_outlines(path: Path) -> dict[str, tuple[str, str, Ring]]:
    """Polygons of a GeoJSON file by feature id: (name, placetype, outer ring as lat/lon)."""
    try:
        collection = read_json(path)
        outlines = {}
        for feature in collection["features"]:
            props = feature["properties"]
            ring = tuple(
                (float(lat), float(lon)) for lon, lat in feature["geometry"]["coordinates"][0]
            )
            if len(set(ring)) < 3:  # fewer corners than a triangle's: no ground inside
                raise ValueError(f"outline {props['id']!r} has fewer than three points")
            outlines[props["id"]] = (props["name"], props["placetype"], ring)
        return outlines
    except (OSError, ValueError, KeyError, TypeError, IndexError, RecursionError) as error:
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


def read_lines(path: Path) -> tuple[Line, ...]:
    """The lines of a GeoJSON file of LineStrings, each with its layer (property `kind`)."""
    try:
        collection = read_json(path)
        lines = []
        for number, feature in enumerate(collection["features"], start=1):
            layer = feature["properties"]["kind"]
            if layer not in LINE_LAYERS:
                raise FrontlineError(
                    f"{path}: feature {number}: kind {layer!r} is not one of "
                    f"{', '.join(LINE_LAYERS)}"
                )
            coordinates = feature["geometry"]["coordinates"]
            points = tuple((float(lat), float(lon)) for lon, lat in coordinates)
            if len(points) < 2:
                raise FrontlineError(f"{path}: feature {number}: a line needs two points")
            lines.append((layer, points))
        return tuple(lines)
    except (OSError, ValueError, KeyError, TypeError, RecursionError) as error:
        raise FrontlineError(f"cannot read lines from {path}: {error}") from None


# ------------------------------------------------------------------ writing the same files

PLACE_COLUMNS = (
    "id", "name", "kind", "lat", "lon", "aliases", "governorate", "district", "bank", "source",
    "precision_km", "country",
)  # fmt: skip
ADMIN_COLUMNS = ("id", "name", "placetype", "parent_id", "lat", "lon", "aliases")
ADMIN_SUFFIXES = {"governorate": " Governorate", "district": " District"}


def _tsv(header: Iterable[str], rows: Iterable[Sequence[str]]) -> Iterator[str]:
    yield "\t".join(header) + "\n"
    for row in rows:
        yield "\t".join(row) + "\n"


def places_tsv(places: Iterable[Place]) -> Iterator[str]:
    """The lines of a places TSV that `read_places` reads back."""
    rows = (
        [
            p.id, p.name, p.kind, str(p.lat), str(p.lon), ";".join(p.aliases), p.governorate,
            p.district, p.bank, p.source, "" if p.precision_km is None else str(p.precision_km),
            p.country,
        ]
        for p in places
    )  # fmt: skip
    return _tsv(PLACE_COLUMNS, rows)


def admin_tsv(regions: Iterable[Region]) -> Iterator[str]:
    """The lines of an admin TSV of governorates and districts."""
    rows = (
        [
            r.id, r.name.removesuffix(ADMIN_SUFFIXES[r.kind]), r.kind, r.parent or "",
            str(r.lat), str(r.lon), ";".join(r.aliases),
        ]
        for r in regions
    )  # fmt: skip
    return _tsv(ADMIN_COLUMNS, rows)


def outlines_geojson(outlines: Mapping[str, Ring], regions: Mapping[str, Region]) -> str:
    """A GeoJSON FeatureCollection of outlines that `read_outlines` reads back."""
    features = [
        {
            "type": "Feature",
            "properties": {
                "id": unit,
                "name": regions[unit].name if unit in regions else unit,
                "placetype": regions[unit].kind if unit in regions else "",
            },
            "geometry": {"type": "Polygon", "coordinates": [[[lon, lat] for lat, lon in ring]]},
        }
        for unit, ring in outlines.items()
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)


def lines_geojson(lines: Iterable[Line]) -> str:
    """A GeoJSON FeatureCollection of lines that `read_lines` reads back."""
    features = [
        {
            "type": "Feature",
            "properties": {"kind": layer},
            "geometry": {"type": "LineString", "coordinates": [[lon, lat] for lat, lon in points]},
        }
        for layer, points in lines
    ]
    return json.dumps({"type": "FeatureCollection", "features": features})
