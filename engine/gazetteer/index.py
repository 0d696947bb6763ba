"""Building a gazetteer's index: a folder of TSV and GeoJSON files made into one SQLite file.

A gazetteer folder holds one folder per country (or is one), each with `localities.tsv` and
`admin.tsv`, and optionally the outlines of its admin units (`boundaries.geojson`) and its
rivers, borders and coast; beside them, `facilities.tsv` and `aliases.tsv` may add named sites
and the names reporting uses. The layout is the bundled one (gazetteer/README.md).

The index keeps every place once, and each of its names under three keys (engine/gazetteer/
spelling.py), so that a name is found in a few lookups however it is spelt. It is built when the
package is built (hatch_build.py) and opened read-only (engine/gazetteer/store.py); SQLite, in
the standard library, loads it in a millisecond and answers from disk, where parsing the TSVs
would take seconds on every command.

Bad files give one message naming the file and line, and nothing is written.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import sqlite3
import tempfile
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path
from typing import Any

from engine.errors import FrontlineError, Problem
from engine.model.spelling import loose_key, place_key, skeleton

FORMAT = "1"
# The columns of each file of the layout; the index reads all but the sources' own ids.
LOCALITY_COLUMNS = ("id", "name", "aliases", "kind", "lat", "lon", "country", "governorate",
                    "district", "population", "feature_code", "wof_id", "geonames_id")  # fmt: skip
ADMIN_COLUMNS = ("id", "name", "aliases", "kind", "country", "parent", "lat", "lon", "wof_id")
FACILITY_COLUMNS = ("id", "name", "aliases", "kind", "lat", "lon", "country", "governorate",
                    "precision_km", "source_url")  # fmt: skip
ALIAS_COLUMNS = ("name", "alias", "country")
LOCALITY_KINDS = frozenset({"city", "town", "village", "quarter", "facility"})
ADMIN_KINDS = ("country", "governorate", "district")
# The line files of a country folder, and the layer each one's lines are drawn in.
LINE_FILES = {"rivers": "river", "borders": "border", "coast": "coast"}
# How good a name of a place is, best first: its own name, a name reporting uses (the aliases
# and facilities tables, hand-checked), another spelling from the sources.
NAME, REPORTED, VARIANT = 0, 1, 2
# The keys of a name, exact first.
EXACT, LOOSE, SKELETON = 0, 1, 2
# A precision for points of the sources that give none: a village's point, a town's extent.
_PRECISION_KM = {"city": 5.0, "town": 2.0, "village": 1.0, "quarter": 1.0, "facility": 1.0}
_UNIT_WORDS = {"governorate": ("Governorate", "Province"), "district": ("District",)}
MAX_FILE_BYTES = 200_000_000
# The sources and licences of a gazetteer folder's data, carried into every scenario using it.
ATTRIBUTION_FILE = "ATTRIBUTION.txt"

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE entry (
    num INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    lat REAL,
    lon REAL,
    country TEXT NOT NULL,
    governorate TEXT NOT NULL,
    district TEXT NOT NULL,
    population INTEGER,
    precision_km REAL,
    curated INTEGER NOT NULL,
    source TEXT NOT NULL,
    aliases TEXT NOT NULL,
    seat TEXT NOT NULL
);
CREATE TABLE name (
    tier INTEGER NOT NULL,
    key TEXT NOT NULL,
    num INTEGER NOT NULL,
    quality INTEGER NOT NULL,
    PRIMARY KEY (tier, key, num)
) WITHOUT ROWID;
CREATE TABLE outline (id TEXT PRIMARY KEY, rings TEXT NOT NULL);
CREATE TABLE line (
    num INTEGER PRIMARY KEY,
    layer TEXT NOT NULL,
    south REAL NOT NULL, west REAL NOT NULL, north REAL NOT NULL, east REAL NOT NULL,
    points TEXT NOT NULL
);
"""
INDEXES = """
CREATE INDEX entry_lat ON entry (lat);
CREATE INDEX entry_unit ON entry (governorate, district);
"""


# ------------------------------------------------------------------------------ reading


def _error(where: str, message: str) -> FrontlineError:
    return FrontlineError([Problem(where, message)])


def read_table(path: Path, columns: Iterable[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of a tab-separated file with a header, each with its line number; a missing
    column, a row of the wrong width (a cut file) or a stray byte is an error naming the line."""
    required = tuple(columns)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise FrontlineError(f"{path}: larger than {MAX_FILE_BYTES // 1_000_000} MB")
        handle = path.open(encoding="utf-8", newline="")
    except OSError as error:
        raise FrontlineError(f"{path}: cannot read: {error.strerror or error}") from None
    with handle:
        try:
            header_line = handle.readline()
            header = header_line.rstrip("\r\n").split("\t")
            missing = [c for c in required if c not in header]
            if missing:
                raise _error(f"{path}:1", f"the header lacks the column(s) {', '.join(missing)}")
            for number, line in enumerate(handle, start=2):
                text = line.rstrip("\r\n")
                if not text.strip():
                    continue
                fields = text.split("\t")
                if len(fields) != len(header) or not line.endswith("\n"):
                    raise _error(
                        f"{path}:{number}",
                        f"{len(fields)} fields where the header has {len(header)}"
                        + ("" if line.endswith("\n") else " (the file is cut off here)"),
                    )
                if "\x00" in text:
                    raise _error(f"{path}:{number}", "a NUL byte in the row")
                yield number, {k: v.strip() for k, v in zip(header, fields, strict=True)}
        except UnicodeDecodeError as error:
            raise FrontlineError(f"{path}: not UTF-8 (byte {error.start})") from None


def _number(row: dict[str, str], column: str, where: str, low: float, high: float,
            required: bool = True) -> float | None:  # fmt: skip
    text = row.get(column, "")
    if not text and not required:
        return None
    try:
        value = float(text)
    except ValueError:
        raise _error(where, f"{column} must be a number, not {text!r}") from None
    if not (low <= value <= high) or math.isnan(value):
        raise _error(where, f"{column} {text} is out of range")
    return value


def _aliases(text: str) -> list[str]:
    return [a.strip() for a in text.split(";") if a.strip()]


def _geojson(path: Path) -> list[dict[str, Any]]:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise FrontlineError(f"{path}: larger than {MAX_FILE_BYTES // 1_000_000} MB")
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise FrontlineError(f"{path}: cannot read: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        raise FrontlineError(f"{path}: not UTF-8 (byte {error.start})") from None
    except RecursionError:
        raise FrontlineError(f"{path}: nested too deeply to be GeoJSON") from None
    except json.JSONDecodeError as error:
        raise _error(f"{path}:{error.lineno}", f"not JSON: {error.msg}") from None
    features = document.get("features") if isinstance(document, dict) else None
    if not isinstance(features, list):
        raise FrontlineError(f"{path}: not a GeoJSON FeatureCollection")
    return features


def _points(coordinates: Any, where: str) -> list[tuple[float, float]]:
    """A GeoJSON list of [lon, lat] positions as (lat, lon) pairs, checked."""
    if not isinstance(coordinates, list) or len(coordinates) < 2:
        raise _error(where, "a line or ring needs at least two positions")
    points = []
    for position in coordinates:
        if (
            not isinstance(position, list)
            or len(position) < 2
            or not all(isinstance(v, int | float) and math.isfinite(v) for v in position[:2])
            or not (-180 <= position[0] <= 180 and -90 <= position[1] <= 90)
        ):
            raise _error(where, f"not a [lon, lat] position: {position!r}"[:120])
        points.append((round(float(position[1]), 5), round(float(position[0]), 5)))
    return points


def _rings(geometry: Any, where: str) -> list[list[tuple[float, float]]]:
    """The outer rings of a Polygon or MultiPolygon."""
    if not isinstance(geometry, dict):
        raise _error(where, "a feature without a geometry")
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    if kind == "Polygon" and isinstance(coordinates, list) and coordinates:
        return [_points(coordinates[0], where)]
    if kind == "MultiPolygon" and isinstance(coordinates, list):
        return [_points(p[0], where) for p in coordinates if isinstance(p, list) and p]
    raise _error(where, f"an outline must be a Polygon or MultiPolygon, not {kind}")


def _lines(geometry: Any, where: str) -> list[list[tuple[float, float]]]:
    """The lines of a LineString or MultiLineString."""
    if not isinstance(geometry, dict):
        raise _error(where, "a feature without a geometry")
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    if kind == "LineString":
        return [_points(coordinates, where)]
    if kind == "MultiLineString" and isinstance(coordinates, list):
        return [_points(line, where) for line in coordinates]
    raise _error(where, f"a line must be a LineString, not {kind}")


# ----------------------------------------------------------------------------- building

# Words of a village's name that reporting often leaves out: "Qaryat" (village of) before it,
# and after it the word that tells twin villages apart (southern, northern, upper, new, ...).
_KINDS_ALONE = frozenset(
    {"air base", "airbase", "airport", "airfield", "air field", "international airport",
     "military airport", "base", "dam", "city", "town", "village", "prison", "stadium",
     "university", "citadel", "castle", "crossing", "border crossing", "mountain", "oil field",
     "oilfield", "refinery", "bridge", "hospital", "camp", "port", "harbour", "harbor"}
)  # fmt: skip
_LEFT_OUT_BEFORE = frozenset({"qaryat", "qaryah", "qariyat"})
_LEFT_OUT_AFTER = frozenset(
    {"qibliyah", "qibli", "shamaliyah", "shamali", "sharqiyah", "sharqi", "gharbiyah", "gharbi",
     "janubiyah", "janubi", "fawqani", "fawqa", "tahtani", "tahta", "kabir", "kabirah", "kubra",
     "saghir", "saghirah", "sughra", "jadid", "jadidah", "qadim", "qadimah", "wusta", "awsat"}
)  # fmt: skip


def shortened(name: str) -> str:
    """A name without the word reporting leaves out ("Qaryat Albu Sayf" is written "Albu
    Sayf", "Ziyadah Qibliyah" "Ziyadah"); "" when it has none."""
    words = place_key(name).split()
    if len(words) >= 2 and words[0] in _LEFT_OUT_BEFORE:
        return " ".join(words[1:])
    if len(words) >= 2 and words[-1] in _LEFT_OUT_AFTER:
        return " ".join(words[:-1])
    return ""



class _Builder:
    """Entries and names collected from a folder, written to a database at the end."""

    def __init__(self) -> None:
        self.entries: list[dict[str, Any]] = []
        self.numbers: dict[str, int] = {}
        self.where: dict[str, str] = {}
        self.names: dict[tuple[int, str, int], int] = {}
        self.keyed: dict[tuple[int, str], set[int]] = {}
        self.unmatched: list[str] = []
        self.seats: dict[str, str] = {}
        self.outlines: dict[str, list[list[tuple[float, float]]]] = {}
        self.lines: dict[tuple[str, str], list[tuple[float, float]]] = {}

    def add(self, entry: dict[str, Any], where: str, reported: Iterable[str] = (),
            variants: Iterable[str] = ()) -> int:  # fmt: skip
        """Add a place or unit under its name and other names; its number.

        A facility with the id of a locality is that place, hand-checked: its row wins. A
        locality with the id of an admin unit takes its source id as a suffix, as same-named
        localities do."""
        known = self.numbers.get(entry["id"])
        if known is not None and entry["curated"] and self.entries[known]["kind"] in LOCALITY_KINDS:
            names = [*_aliases(entry["aliases"]), *_aliases(self.entries[known]["aliases"])]
            entry = {**entry, "aliases": ";".join(dict.fromkeys(names))}
            self.entries[known] = entry
            number = known
        else:
            if known is not None and self.entries[known]["kind"] in ADMIN_KINDS:
                suffix = entry["source"].rsplit(":", 1)[-1] if entry["source"] else ""
                entry = {**entry, "id": f"{entry['id']}_{suffix}" if suffix else entry["id"]}
                known = self.numbers.get(entry["id"])
            if known is not None:
                raise _error(
                    where, f"id {entry['id']!r} is used twice (also {self.where[entry['id']]})"
                )
            number = len(self.entries)
            self.entries.append(entry)
        self.numbers[entry["id"]] = number
        self.where[entry["id"]] = where
        self.name(number, entry["name"], NAME)
        for alias in reported:
            self.name(number, alias, REPORTED)
        for alias in variants:
            self.name(number, alias, VARIANT)
        for name in (entry["name"], *reported, *variants):
            short = shortened(name)
            if short:
                self.name(number, short, VARIANT)
        return number

    def name(self, number: int, name: str, quality: int) -> None:
        """Index one name of an entry under each of its keys (not a bare kind of place, such
        as the "Air Base" a translated label gives Al Asad: it names any of them)."""
        if place_key(name) in _KINDS_ALONE:
            return
        for tier, key in ((EXACT, place_key(name)), (LOOSE, loose_key(name)),
                          (SKELETON, skeleton(name))):  # fmt: skip
            if len(key) < 2 or (tier == LOOSE and len(key) < 3):
                continue
            slot = (tier, key, number)
            if quality < self.names.get(slot, 99):
                self.names[slot] = quality
            self.keyed.setdefault((tier, key), set()).add(number)

    def alias(self, row: dict[str, str], where: str, countries: dict[str, str]) -> None:
        """A name reporting uses, given to the place of that country it names."""
        country = country_of(row, where, countries)
        governorate = row.get("note", "").lower().startswith("governorate")
        found = (
            self._named(row["name"], country, ("governorate",))
            if governorate
            else self._named(row["name"], country, LOCALITY_KINDS)
            or self._named(row["name"], country, ADMIN_KINDS)
        )
        if found is None:
            self.unmatched.append(f"{where}: no place {row['name']!r} in {row['country']}")
            return
        self.name(found, row["alias"], REPORTED)
        entry = self.entries[found]
        entry["aliases"] = ";".join([*_aliases(entry["aliases"]), row["alias"]])

    def _named(self, name: str, country: str, kinds: Collection[str]) -> int | None:
        """The entry of a country of these kinds best known by a name: exact keys before
        loose ones, a unit or a larger place first."""
        order = {"country": 0, "governorate": 1, "city": 2, "town": 3, "district": 4}
        keys = ((EXACT, place_key(name)), (LOOSE, loose_key(name)), (SKELETON, skeleton(name)))
        for tier, key in keys:
            found = [
                n for n in self.keyed.get((tier, key), ())
                if self.entries[n]["country"] == country and self.entries[n]["kind"] in kinds
            ]  # fmt: skip
            if found:
                return min(
                    found,
                    key=lambda n: (
                        order.get(self.entries[n]["kind"], 5),
                        -(self.entries[n]["population"] or 0),
                        self.entries[n]["id"],
                    ),
                )
        return None

    def find_seats(self) -> None:
        """The seat of each governorate and district: the place of its name, else its largest
        city or town (the sources do not say which is the seat)."""
        order = {"city": 0, "town": 1}
        best: dict[str, tuple[tuple[int, int, int, str], str]] = {}
        for entry in self.entries:
            if entry["kind"] not in order:
                continue
            for column in ("governorate", "district"):
                unit = entry[column]
                if not unit:
                    continue
                unit_name = place_key(self.entries[self.numbers[unit]]["name"])
                same = 0 if place_key(entry["name"]) in unit_name else 1
                rank = (same, order[entry["kind"]], -(entry["population"] or 0), entry["id"])
                if unit not in best or rank < best[unit][0]:
                    best[unit] = (rank, entry["id"])
        self.seats = {unit: seat for unit, (_rank, seat) in best.items()}

    def write(self, db: sqlite3.Connection, meta: dict[str, str]) -> None:
        """Write everything into an empty database."""
        db.executescript(SCHEMA)
        db.executemany(
            "INSERT INTO entry VALUES (:num, :id, :name, :kind, :lat, :lon, :country, "
            ":governorate, :district, :population, :precision_km, :curated, :source, :aliases, "
            ":seat)",
            (
                {**entry, "num": number, "seat": self.seats.get(entry["id"], "")}
                for number, entry in enumerate(self.entries)
            ),
        )
        db.executemany(
            "INSERT INTO name VALUES (?, ?, ?, ?)",
            (
                (tier, key, number, quality)
                for (tier, key, number), quality in sorted(self.names.items())
            ),
        )
        db.executemany(
            "INSERT INTO outline VALUES (?, ?)",
            ((unit, json.dumps(rings)) for unit, rings in sorted(self.outlines.items())),
        )
        db.executemany(
            "INSERT INTO line (layer, south, west, north, east, points) VALUES (?, ?, ?, ?, ?, ?)",
            (
                (
                    layer,
                    min(p[0] for p in points),
                    min(p[1] for p in points),
                    max(p[0] for p in points),
                    max(p[1] for p in points),
                    json.dumps(points),
                )
                for (layer, _digest), points in self.lines.items()
            ),
        )
        db.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
        db.executescript(INDEXES)
        db.commit()


def country_folders(folder: Path) -> list[Path]:
    """The country folders of a gazetteer folder (the folder itself when it is one)."""
    if (folder / "localities.tsv").is_file():
        return [folder]
    found = sorted(p for p in folder.iterdir() if (p / "localities.tsv").is_file())
    if not found:
        raise FrontlineError(
            f"{folder}: not a gazetteer folder (no localities.tsv in it or in a folder of it)"
        )
    return found


def source_files(folder: Path) -> list[Path]:
    """Every file of a gazetteer folder that goes into its index."""
    files = [
        p for p in (folder / "facilities.tsv", folder / "aliases.tsv", folder / ATTRIBUTION_FILE)
        if p.is_file()
    ]  # fmt: skip
    for country in country_folders(folder):
        for name in ("localities.tsv", "admin.tsv", "boundaries.geojson",
                     *(f"{name}.geojson" for name in LINE_FILES)):  # fmt: skip
            if (country / name).is_file():
                files.append(country / name)
    return files


def _admin(builder: _Builder, path: Path, countries: dict[str, str]) -> None:
    for line, row in read_table(path, ADMIN_COLUMNS[:8]):
        where = f"{path}:{line}"
        if row["kind"] not in ADMIN_KINDS:
            raise _error(where, f"unknown kind {row['kind']!r}; one of {', '.join(ADMIN_KINDS)}")
        if not row["id"] or not row["name"]:
            raise _error(where, "a unit needs an id and a name")
        if row["kind"] == "country":
            countries[place_key(row["name"])] = row["id"]
            for alias in _aliases(row["aliases"]):
                countries.setdefault(place_key(alias), row["id"])
        country = (
            row["id"] if row["kind"] == "country" else countries.get(place_key(row["country"]))
        )
        if country is None:
            raise _error(where, f"country {row['country']!r} has no row of kind country above it")
        parent = row["parent"]
        if parent and parent not in builder.numbers:
            raise _error(where, f"unknown parent {parent!r}")
        governorate = parent if row["kind"] == "district" else ""
        number = builder.add(
            {
                "id": row["id"],
                "name": row["name"],
                "kind": row["kind"],
                "lat": _number(row, "lat", where, -90, 90, required=False),
                "lon": _number(row, "lon", where, -180, 180, required=False),
                "country": country,
                "governorate": governorate,
                "district": "",
                "population": None,
                "precision_km": None,
                "curated": 0,
                "source": f"wof:{row['wof_id']}" if row.get("wof_id") else "",
                "aliases": row["aliases"],
            },
            where,
            variants=_aliases(row["aliases"]),
        )
        for word in _UNIT_WORDS.get(row["kind"], ()):
            builder.name(number, f"{row['name']} {word}", REPORTED)


def _localities(builder: _Builder, path: Path, countries: dict[str, str]) -> None:
    for line, row in read_table(path, LOCALITY_COLUMNS[:10]):
        where = f"{path}:{line}"
        if row["kind"] not in LOCALITY_KINDS:
            raise _error(
                where, f"unknown kind {row['kind']!r}; one of {', '.join(sorted(LOCALITY_KINDS))}"
            )
        if not row["id"] or not row["name"]:
            raise _error(where, "a place needs an id and a name")
        for column in ("governorate", "district"):
            unit = row[column]
            if unit and (
                unit not in builder.numbers
                or builder.entries[builder.numbers[unit]]["kind"] != column
            ):
                raise _error(where, f"unknown {column} {unit!r}")
        population = _number(row, "population", where, 0, 1e9, required=False)
        source = ";".join(
            f"{label}:{row[column]}"
            for label, column in (("wof", "wof_id"), ("gn", "geonames_id"))
            if row.get(column)
        )
        builder.add(
            {
                **_place_fields(row, where, countries),
                "governorate": row["governorate"],
                "district": row["district"],
                "population": int(population) if population is not None else None,
                "precision_km": _PRECISION_KM[row["kind"]],
                "curated": 0,
                "source": source,
                "aliases": row["aliases"],
            },
            where,
            variants=_aliases(row["aliases"]),
        )


def country_of(row: dict[str, str], where: str, countries: dict[str, str]) -> str:
    """The id of the country a row names."""
    country = countries.get(place_key(row["country"]))
    if country is None:
        raise _error(where, f"unknown country {row['country']!r}")
    return country


def _place_fields(row: dict[str, str], where: str, countries: dict[str, str]) -> dict[str, Any]:
    """What every place row gives: id, name, kind, point and country."""
    return {
        "id": row["id"],
        "name": row["name"],
        "kind": row["kind"],
        "lat": _number(row, "lat", where, -90, 90),
        "lon": _number(row, "lon", where, -180, 180),
        "country": country_of(row, where, countries),
    }


def _facilities(builder: _Builder, path: Path, countries: dict[str, str]) -> None:
    for line, row in read_table(path, FACILITY_COLUMNS):
        where = f"{path}:{line}"
        if not row["id"] or not row["name"] or not re.fullmatch(r"[a-z_]+", row["kind"]):
            raise _error(where, "a facility needs an id, a name and a kind")
        fields = _place_fields(row, where, countries)
        governorate = builder._named(row["governorate"], fields["country"], ("governorate",))
        if row["governorate"] and governorate is None:
            raise _error(where, f"unknown governorate {row['governorate']!r}")
        builder.add(
            {
                **fields,
                "governorate": builder.entries[governorate]["id"]
                if governorate is not None
                else "",
                "district": "",
                "population": None,
                "precision_km": _number(row, "precision_km", where, 0, 1000, required=False),
                "curated": 1,
                "source": row["source_url"],
                "aliases": row["aliases"],
            },
            where,
            reported=_aliases(row["aliases"]),
        )


def _geometry(builder: _Builder, country: Path) -> None:
    path = country / "boundaries.geojson"
    if path.is_file():
        for number, feature in enumerate(_geojson(path), start=1):
            where = f"{path}: feature {number}"
            properties = feature.get("properties") if isinstance(feature, dict) else None
            unit = properties.get("id") if isinstance(properties, dict) else None
            if unit not in builder.numbers:
                raise _error(where, f"the outline of an unknown unit {unit!r}")
            builder.outlines[str(unit)] = _rings(feature.get("geometry"), where)
    for name, layer in LINE_FILES.items():
        path = country / f"{name}.geojson"
        if not path.is_file():
            continue
        for number, feature in enumerate(_geojson(path), start=1):
            where = f"{path}: feature {number}"
            if not isinstance(feature, dict):
                raise _error(where, "not a GeoJSON feature")
            for points in _lines(feature.get("geometry"), where):
                # A river in two countries' files is one line.
                digest = hashlib.sha1(json.dumps(points).encode()).hexdigest()
                builder.lines[(layer, digest)] = points


def digest(files: Iterable[Path], root: Path, contents: bool = False) -> str:
    """A digest of files by path relative to root, and size and modification time (quick to
    take on every command) or their contents (what a checkout that touched them still has)."""
    hasher = hashlib.sha256()
    for path in sorted(files):
        hasher.update(f"{path.relative_to(root)}\0".encode())
        if contents:
            hasher.update(hashlib.sha256(path.read_bytes()).digest())
        else:
            status = path.stat()
            hasher.update(f"{status.st_size}\0{status.st_mtime_ns}\n".encode())
    return hasher.hexdigest()


def code_digest() -> str:
    """A digest of the code that makes an index: a change to it makes every index stale."""
    here = Path(__file__).resolve().parent
    hasher = hashlib.sha256(FORMAT.encode())
    model = here.parent / "model"
    for path in (here / "index.py", model / "spelling.py", model / "names.py"):
        hasher.update(path.read_bytes())
    return hasher.hexdigest()


def build(folder: Path, target: Path | None = None) -> sqlite3.Connection:
    """The index of a gazetteer folder: written to `target` atomically, or kept in memory."""
    if not folder.is_dir():
        raise FrontlineError(f"{folder}: no such gazetteer folder")
    builder = _Builder()
    countries: dict[str, str] = {}
    folders = country_folders(folder)
    for country in folders:
        if not (country / "admin.tsv").is_file():
            raise FrontlineError(
                f"{country}: a country folder needs admin.tsv beside localities.tsv"
            )
        _admin(builder, country / "admin.tsv", countries)
    for country in folders:
        _localities(builder, country / "localities.tsv", countries)
        _geometry(builder, country)
    if (folder / "facilities.tsv").is_file():
        _facilities(builder, folder / "facilities.tsv", countries)
    if (folder / "aliases.tsv").is_file():
        path = folder / "aliases.tsv"
        for line, row in read_table(path, ALIAS_COLUMNS):
            builder.alias(row, f"{path}:{line}", countries)
    builder.find_seats()
    attribution = folder / ATTRIBUTION_FILE
    meta = {
        "attribution": attribution.read_text(encoding="utf-8") if attribution.is_file() else "",
        "format": FORMAT,
        "code": code_digest(),
        "sources": digest(source_files(folder), folder),
        "contents": digest(source_files(folder), folder, contents=True),
        "countries": json.dumps(sorted(set(countries.values()))),
        "entries": str(len(builder.entries)),
        "unmatched": json.dumps(builder.unmatched),
    }
    if target is None:
        db = sqlite3.connect(":memory:")
        builder.write(db, meta)
        return db
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    os.close(handle)
    try:
        db = sqlite3.connect(temporary)
        builder.write(db, meta)
        db.execute("VACUUM")
        db.close()
        os.chmod(temporary, 0o644)  # mkstemp makes it private; an index is for every reader
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return sqlite3.connect(f"file:{target}?mode=ro", uri=True)


def stale(path: Path, sources: Path) -> str:
    """Why an index does not belong to its sources and this code ("" when it does)."""
    if not path.is_file():
        return "no index has been built"
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        finally:
            db.close()
    except sqlite3.DatabaseError:
        return "the index is damaged"
    if meta.get("code") != code_digest():
        return "the index was built by another version of the code"
    files = source_files(sources)
    if meta.get("sources") != digest(files, sources) and meta.get("contents") != digest(
        files, sources, contents=True
    ):
        return f"the index is older than the files of {sources}"
    return ""
