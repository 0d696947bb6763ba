"""A gazetteer's index opened for reading: places by name, by id and around a point, admin
units with their outlines, and the rivers, borders and coast of an area.

The bundled one covers Syria, Iraq, Ukraine and Libya (gazetteer/README.md); `Store.of_folder`
opens any folder in the same layout, such as one made by `frontline gazetteer import`.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path

from attrs import frozen

from engine.errors import FrontlineError
from engine.gazetteer import index

ADMIN_KINDS = index.ADMIN_KINDS
INDEX_FILE = "index.sqlite"
_HERE = Path(__file__).resolve().parent
BUNDLED_INDEX = _HERE / "world.sqlite"
BUNDLED_SOURCES = _HERE.parent.parent / "gazetteer" / "world"
_COLUMNS = (
    "num, id, name, kind, lat, lon, country, governorate, district, population, precision_km, "
    "curated, source, aliases, seat"
)
KM_PER_DEGREE = 111.2


@frozen
class Entry:
    """A place, facility or admin unit of a gazetteer."""

    num: int
    id: str
    name: str
    kind: str  # city, town, village, quarter, a facility's kind; country, governorate, district
    lat: float | None
    lon: float | None
    country: str  # the id of its country
    governorate: str  # the id of its governorate ("" when unknown)
    district: str
    population: int | None
    precision_km: float | None
    curated: bool  # hand-checked (a facility), not only from the sources
    source: str
    aliases: tuple[str, ...]
    seat: str = ""  # of a governorate or district: the id of its main town

    @property
    def unit(self) -> bool:
        """True for a country, governorate or district."""
        return self.kind in ADMIN_KINDS

    @property
    def point(self) -> tuple[float, float] | None:
        """(lat, lon), where it has one."""
        return None if self.lat is None or self.lon is None else (self.lat, self.lon)


def _entry(row: tuple[object, ...]) -> Entry:
    (num, id_, name, kind, lat, lon, country, gov, district, pop, precision, curated, source,
     aliases, seat) = row  # fmt: skip
    return Entry(
        int(num), str(id_), str(name), str(kind),  # type: ignore[call-overload]
        None if lat is None else float(lat),  # type: ignore[arg-type]
        None if lon is None else float(lon),  # type: ignore[arg-type]
        str(country), str(gov), str(district),
        None if pop is None else int(pop),  # type: ignore[call-overload]
        None if precision is None else float(precision),  # type: ignore[arg-type]
        bool(curated), str(source), tuple(a for a in str(aliases).split(";") if a), str(seat),
    )  # fmt: skip


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


class Store:
    """A gazetteer index, read-only; every damaged read is one FrontlineError naming the file."""

    def __init__(self, db: sqlite3.Connection, label: str) -> None:
        self._db = db
        self.label = label
        self._entries: dict[int, Entry] = {}
        rows = self._rows("SELECT key, value FROM meta")
        self.meta: dict[str, str] = {str(k): str(v) for k, v in rows}
        if self.meta.get("format") != index.FORMAT:
            raise FrontlineError(f"{label}: not a gazetteer index of this version of Frontline")
        self.countries: tuple[str, ...] = tuple(json.loads(self.meta.get("countries", "[]")))

    # ------------------------------------------------------------------ opening

    @classmethod
    def bundled(cls) -> Store:
        """The gazetteer that ships with Frontline: Syria, Iraq, Ukraine and Libya."""
        if BUNDLED_SOURCES.is_dir():  # a checkout: the index must be the sources' own
            stale = index.stale(BUNDLED_INDEX, BUNDLED_SOURCES)
            if stale:
                raise FrontlineError(
                    f"{BUNDLED_INDEX}: {stale}; rebuild it with `frontline gazetteer index`"
                )
        elif not BUNDLED_INDEX.is_file():
            raise FrontlineError(f"{BUNDLED_INDEX}: the bundled gazetteer is missing")
        return cls.open_index(BUNDLED_INDEX)

    @classmethod
    def open_index(cls, path: Path) -> Store:
        """An index file, opened read-only."""
        try:
            with path.open("rb") as handle:
                header = handle.read(100)
            size = path.stat().st_size
        except OSError as error:
            raise FrontlineError(f"{path}: cannot read: {error.strerror or error}") from None
        page_size = int.from_bytes(header[16:18], "big") if len(header) == 100 else 0
        page_size = 65536 if page_size == 1 else page_size
        pages = int.from_bytes(header[28:32], "big") if len(header) == 100 else 0
        if not header.startswith(b"SQLite format 3\x00") or pages * page_size != size:
            raise FrontlineError(f"{path}: not a whole gazetteer index (damaged or cut short)")
        try:
            db = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
            return cls(db, str(path))
        except sqlite3.DatabaseError as error:
            raise FrontlineError(f"{path}: not a gazetteer index ({error})") from None

    @classmethod
    def of_folder(cls, folder: Path) -> Store:
        """A folder of gazetteer files: its own index when it is up to date, else one built in
        memory (a few seconds for a large country)."""
        if not folder.is_dir():
            raise FrontlineError(f"{folder}: no such gazetteer folder")
        own = folder / INDEX_FILE
        if own.is_file() and not index.stale(own, folder):
            return cls.open_index(own)
        return cls(index.build(folder), str(folder))

    # ------------------------------------------------------------------ reading

    def _rows(self, sql: str, parameters: Iterable[object] = ()) -> list[tuple[object, ...]]:
        try:
            return self._db.execute(sql, tuple(parameters)).fetchall()
        except sqlite3.DatabaseError as error:
            raise FrontlineError(
                f"{self.label}: the gazetteer index is damaged ({error})"
            ) from None

    def keyed(self, tier: int, keys: Collection[str]) -> dict[str, list[tuple[int, int]]]:
        """For each key of a tier (exact, loose, skeleton), the entries named so and how well
        (0 its name, 1 a name reporting uses, 2 another spelling)."""
        found: dict[str, list[tuple[int, int]]] = {}
        if not keys:
            return found
        rows = self._rows(
            "SELECT key, num, quality FROM name WHERE tier = ? AND key IN "
            "(SELECT value FROM json_each(?))",
            (tier, json.dumps(sorted(keys))),
        )
        for key, num, quality in rows:
            found.setdefault(str(key), []).append((int(num), int(quality)))  # type: ignore[call-overload]
        return found

    def entries(self, nums: Iterable[int]) -> dict[int, Entry]:
        """Entries by number (cached: an article asks for the same ones again and again)."""
        nums = list(nums)
        wanted = sorted({n for n in nums if n not in self._entries})
        if wanted:
            rows = self._rows(
                f"SELECT {_COLUMNS} FROM entry WHERE num IN (SELECT value FROM json_each(?))",
                (json.dumps(wanted),),
            )
            for row in rows:
                entry = _entry(row)
                self._entries[entry.num] = entry
        return {n: self._entries[n] for n in nums if n in self._entries}

    def by_ids(self, entry_ids: Collection[str]) -> list[Entry]:
        """The entries with these ids (those that exist), in one query."""
        if not entry_ids:
            return []
        rows = self._rows(
            f"SELECT {_COLUMNS} FROM entry WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(entry_ids)),),
        )
        return [_entry(row) for row in rows]

    def get(self, entry_id: str) -> Entry | None:
        """The entry with this id."""
        rows = self._rows(f"SELECT {_COLUMNS} FROM entry WHERE id = ?", (entry_id,))
        return _entry(rows[0]) if rows else None

    def around(self, point: tuple[float, float], km: float, kinds: Collection[str] = (),
               curated: bool = False) -> list[tuple[float, Entry]]:  # fmt: skip
        """The places within `km` of a point (only the hand-checked ones with `curated`),
        nearest first, with their distance."""
        lat, lon = point
        dlat = km / KM_PER_DEGREE
        dlon = km / (KM_PER_DEGREE * max(math.cos(math.radians(lat)), 0.01))
        rows = self._rows(
            f"SELECT {_COLUMNS} FROM entry WHERE lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?"
            + (" AND curated = 1" if curated else ""),
            (lat - dlat, lat + dlat, lon - dlon, lon + dlon),
        )
        near = []
        for row in rows:
            entry = _entry(row)
            if entry.unit or (kinds and entry.kind not in kinds) or entry.point is None:
                continue
            away = distance_km(point, entry.point)
            if away <= km:
                near.append((away, entry))
        near.sort(key=lambda pair: (pair[0], pair[1].id))
        return near

    def members(self, unit: Entry) -> Iterator[Entry]:
        """The places of an admin unit."""
        column = {"country": "country", "governorate": "governorate", "district": "district"}
        for row in self._rows(
            f"SELECT {_COLUMNS} FROM entry WHERE {column[unit.kind]} = ?", (unit.id,)
        ):
            entry = _entry(row)
            if not entry.unit:
                yield entry

    def outline(self, unit_id: str) -> list[list[tuple[float, float]]]:
        """The outer rings of an admin unit, as (lat, lon) points ([] when it has none)."""
        rows = self._rows("SELECT rings FROM outline WHERE id = ?", (unit_id,))
        if not rows:
            return []
        rings = json.loads(str(rows[0][0]))
        return [[(float(lat), float(lon)) for lat, lon in ring] for ring in rings]

    def lines(self, south: float, west: float, north: float,
              east: float) -> list[tuple[str, list[tuple[float, float]]]]:  # fmt: skip
        """The rivers, borders and coast lines that cross a box, each with its layer."""
        rows = self._rows(
            "SELECT layer, points FROM line WHERE north >= ? AND south <= ? AND east >= ? "
            "AND west <= ? ORDER BY num",
            (south, north, west, east),
        )
        return [
            (str(layer), [(float(lat), float(lon)) for lat, lon in json.loads(str(points))])
            for layer, points in rows
        ]
