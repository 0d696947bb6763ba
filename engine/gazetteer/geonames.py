"""Importing a GeoNames country dump as a gazetteer folder, for a country the bundled one lacks.

GeoNames (www.geonames.org, CC BY 4.0) publishes one file per country (`YE.txt` in `YE.zip`,
https://download.geonames.org/export/dump/): tab-separated, no header, 19 columns a line. Its
admin units (feature class A: ADM1 a governorate, ADM2 a district), populated places (class P)
and a few kinds of site (classes S, T and H) become a folder in the layout of
gazetteer/README.md: `<country>/admin.tsv`, `<country>/localities.tsv`, `facilities.tsv` and
`ATTRIBUTION.txt`. The optional `admin1CodesASCII.txt` of the same page names the
governorates, including those the dump has no row for.

The dump is read a line at a time and only the rows kept are held. Bad input is one message
naming the file and line. The folder is written beside its target, checked by building its
index, and only then moved into place: a failed import leaves the target as it was.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO, TypeVar

from attrs import frozen

from engine.errors import FrontlineError, Problem
from engine.gazetteer.index import (
    ADMIN_COLUMNS,
    ATTRIBUTION_FILE,
    FACILITY_COLUMNS,
    LOCALITY_COLUMNS,
    build,
)

MAX_INPUT_BYTES = 2_000_000_000
# The longest line read: a city's row with every spelling of its name is some tens of kB.
MAX_LINE_BYTES = 1_000_000
DUMP_COLUMNS = 19
ADMIN1_COLUMNS = 4


# Places that are no longer there: abandoned, historical, destroyed.
SKIPPED_PLACES = frozenset({"PPLQ", "PPLH", "PPLW"})
CITY_CODES = frozenset({"PPLC", "PPLA"})
TOWN_CODES = frozenset({"PPLA2", "PPLA3", "PPLA4"})
CITY_POPULATION = 100_000
TOWN_POPULATION = 10_000
FACILITY_CLASSES = frozenset({"S", "T", "H"})
FACILITY_KINDS = {
    "AIRP": "airport", "AIRB": "airbase", "AIRF": "airbase", "DAM": "dam", "PRN": "prison",
    "CSTL": "citadel", "MLTB": "base", "INSM": "base", "STDM": "stadium", "UNIV": "university",
    "MT": "mountain", "HLL": "mountain", "MTS": "mountain", "BDG": "other", "OILF": "oilfield",
}  # fmt: skip
# A mountain or an oilfield is kilometres across; a building, a dam or a runway is not.
WIDE_FACILITIES = frozenset({"MT", "HLL", "MTS", "OILF"})
WIDE_PRECISION_KM = "5"
NARROW_PRECISION_KM = "0.5"
SOURCE_URL = "https://www.geonames.org/{}"

_Key = TypeVar("_Key", str, tuple[str, str])

_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_WHOLE = re.compile(r"[0-9]+")
# Characters that would end a row or a field of a TSV file, or that no name holds.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_APOSTROPHES = re.compile("['`´‘’ʹʻʼʽʾʿˈ′]")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
# Letters that NFKD does not split into a base letter and an accent, spelt as English does.
_WHOLE_LETTERS = str.maketrans({
    "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "ħ": "h",
    "Ħ": "H", "ı": "i", "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th",
    "Þ": "Th",
})  # fmt: skip


@frozen
class Imported:
    """What an import wrote."""

    folder: Path  # the gazetteer folder (the `out` of the import)
    country: str  # the country id, the name of its folder in `folder`
    localities: int
    governorates: int
    districts: int
    facilities: int


@frozen
class _Feature:
    """The columns of a dump row that an import uses."""

    geonameid: str
    name: str
    asciiname: str
    alternatenames: str
    lat: float
    lon: float
    feature_class: str
    feature_code: str
    country_code: str
    admin1: str
    admin2: str
    population: int

    def names(self) -> list[str]:
        """Its name, its ASCII name and its other names, in the dump's order."""
        others = (_clean(n) for n in self.alternatenames.split(","))
        return [self.name, self.asciiname, *(n for n in others if n)]


@frozen
class _Listed:
    """A governorate's row in admin1CodesASCII.txt."""

    name: str
    asciiname: str
    geonameid: str


@frozen
class _Unit:
    """A governorate or district, before its id is known."""

    slug: str
    name: str
    aliases: str
    geonameid: str
    lat: float | None
    lon: float | None
    admin1: str


@frozen
class _Tables:
    """The rows of the files of an import, each table in its order."""

    country_id: str
    admin: list[list[str]]
    localities: list[list[str]]
    facilities: list[list[str]]
    governorates: int
    districts: int


# ------------------------------------------------------------------------------ reading


def _error(where: str, message: str) -> FrontlineError:
    return FrontlineError([Problem(where, message)])


def _open(path: Path) -> BinaryIO:
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise FrontlineError(
                f"{size / 1e9:.1f} GB, more than the {MAX_INPUT_BYTES // 10**9} GB an import reads",
                str(path),
            )
        return path.open("rb")
    except OSError as error:
        raise FrontlineError(f"cannot read: {error.strerror or error}", str(path)) from None


def _lines(path: Path) -> Iterator[tuple[str, list[str]]]:
    """The tab-separated fields of each non-empty line of a file without a header, each with
    its "file:line"."""
    with _open(path) as handle:
        for number in itertools.count(1):
            where = f"{path}:{number}"
            try:
                raw = handle.readline(MAX_LINE_BYTES + 1)
            except OSError as error:
                raise _error(where, f"cannot read: {error.strerror or error}") from None
            if not raw:
                return
            if len(raw) > MAX_LINE_BYTES:
                raise _error(where, f"a line longer than {MAX_LINE_BYTES:,} bytes")
            try:
                text = raw.decode("utf-8").rstrip("\r\n")
            except UnicodeDecodeError as error:
                raise _error(where, f"not UTF-8 (byte {error.start + 1} of the line)") from None
            if number == 1:
                text = text.removeprefix("\ufeff")
            if text:
                yield where, text.split("\t")


def _clean(text: str) -> str:
    return _CONTROL.sub(" ", text).strip()


def _name(name: str, asciiname: str, where: str) -> str:
    found = _clean(name) or _clean(asciiname)
    if not found:
        raise _error(where, "a row without a name")
    return found


def _geonameid(text: str, where: str) -> str:
    if not _WHOLE.fullmatch(text.strip()):
        raise _error(where, f"geonameid {text!r} is not a number")
    return text.strip()


def _coordinate(text: str, label: str, limit: int, where: str) -> float:
    if not _DECIMAL.fullmatch(text.strip()):
        raise _error(where, f"{label} {text!r} is not a number")
    value = float(text)
    if abs(value) > limit:
        raise _error(where, f"{label} {text} is out of range (-{limit} to {limit})")
    return value


def _population(text: str, where: str) -> int:
    text = text.strip()
    if not text:  # GeoNames writes 0 for an unknown population; an empty column means the same
        return 0
    if not _WHOLE.fullmatch(text):
        raise _error(where, f"population {text!r} is not a whole number")
    return int(text)


def _feature(fields: list[str], where: str) -> _Feature:
    if len(fields) != DUMP_COLUMNS:
        raise _error(where, f"{len(fields)} columns, a GeoNames dump has {DUMP_COLUMNS}")
    (geonameid, name, asciiname, alternatenames, lat, lon, feature_class, feature_code,
     country_code, _cc2, admin1, admin2, _admin3, _admin4, population, *_rest) = fields  # fmt: skip
    return _Feature(
        geonameid=_geonameid(geonameid, where),
        name=_name(name, asciiname, where),
        asciiname=_clean(asciiname),
        alternatenames=alternatenames,
        lat=_coordinate(lat, "latitude", 90, where),
        lon=_coordinate(lon, "longitude", 180, where),
        feature_class=feature_class.strip(),
        feature_code=feature_code.strip(),
        country_code=country_code.strip(),
        admin1=admin1.strip(),
        admin2=admin2.strip(),
        population=_population(population, where),
    )


class _Collected:
    """The rows of a dump that an import keeps, gathered a line at a time."""

    def __init__(self) -> None:
        self.country_code = ""
        self.first_line = ""
        self.country: _Feature | None = None
        self.governorates: dict[str, _Feature] = {}
        self.districts: dict[tuple[str, str], _Feature] = {}
        self.places: list[_Feature] = []
        self.facilities: list[_Feature] = []

    def check_country(self, feature: _Feature, where: str) -> None:
        """Refuse a row of another country than the first row's."""
        if not feature.country_code:
            raise _error(where, "a row without a country code")
        if not self.country_code:
            self.country_code, self.first_line = feature.country_code, where
        elif feature.country_code != self.country_code:
            raise _error(
                where,
                f"country code {feature.country_code!r}, where {self.first_line} has "
                f"{self.country_code!r}: import the dump of one country (XX.txt)",
            )

    def add(self, feature: _Feature) -> None:
        """Keep a row if it is the country, an admin unit, a place or a facility."""
        kind = (feature.feature_class, feature.feature_code)
        if kind == ("A", "PCLI"):
            if self.country is None:
                self.country = feature
        elif kind == ("A", "ADM1"):
            if feature.admin1:
                self.governorates.setdefault(feature.admin1, feature)
        elif kind == ("A", "ADM2"):
            if feature.admin2:
                self.districts.setdefault((feature.admin1, feature.admin2), feature)
        elif feature.feature_class == "P":
            if feature.feature_code not in SKIPPED_PLACES:
                self.places.append(feature)
        elif feature.feature_class in FACILITY_CLASSES and feature.feature_code in FACILITY_KINDS:
            self.facilities.append(feature)


def _read_dump(path: Path) -> _Collected:
    collected = _Collected()
    for where, fields in _lines(path):
        feature = _feature(fields, where)
        collected.check_country(feature, where)
        collected.add(feature)
    if not collected.places:
        raise FrontlineError(
            "no populated place (feature class P) in it: is it a GeoNames country dump?",
            str(path),
        )
    return collected


def _read_admin1(path: Path, country_code: str) -> dict[str, _Listed]:
    prefix = f"{country_code}."
    listed: dict[str, _Listed] = {}
    for where, fields in _lines(path):
        if len(fields) != ADMIN1_COLUMNS:
            raise _error(where, f"{len(fields)} columns, admin1CodesASCII.txt has {ADMIN1_COLUMNS}")
        code, name, asciiname, geonameid = (field.strip() for field in fields)
        if "." not in code:
            raise _error(where, f"{code!r} is not an admin1 code (CC.ADMIN1, as YE.15)")
        if code.startswith(prefix) and code != prefix:
            entry = _Listed(
                _name(name, asciiname, where), _clean(asciiname), _geonameid(geonameid, where)
            )
            listed.setdefault(code.removeprefix(prefix), entry)
    return listed


# ------------------------------------------------------------------------------ naming


def _slug(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.translate(_WHOLE_LETTERS))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _NOT_SLUG.sub("_", _APOSTROPHES.sub("", text).lower()).strip("_")


def _base_slug(names: Iterable[str], geonameid: str) -> str:
    """The slug of the first name that has one (a name in Arabic script has none)."""
    for name in names:
        slug = _slug(name)
        if slug:
            return slug
    return f"geonames_{geonameid}"


def _unique_ids(slugs: Sequence[tuple[str, str]], taken: Iterable[str]) -> list[str]:
    """Ids for (slug, geonameid) pairs, in their order: a slug shared by several pairs, or
    already taken, is the id of none of them; each takes its geonameid as a suffix."""
    used = set(taken)
    counts = Counter(slug for slug, _geonameid in slugs)
    plain = {slug for slug, count in counts.items() if count == 1 and slug not in used}
    used |= plain
    ids = []
    for slug, geonameid in slugs:
        if slug in plain:
            ids.append(slug)
            continue
        candidate = f"{slug}_{geonameid}"
        while candidate in used:  # only when a name ends in another place's geonameid
            candidate = f"{candidate}_{geonameid}"
        used.add(candidate)
        ids.append(candidate)
    return ids


def _is_latin(name: str) -> bool:
    if name.isascii():
        return True
    return all(
        unicodedata.category(c) == "Lm" or unicodedata.name(c, "").startswith("LATIN")
        for c in name
        if c.isalpha()
    )


def _aliases(name: str, others: Iterable[str]) -> str:
    """The other names of a place, once each, Latin-script ones first."""
    kept = dict.fromkeys(n for n in others if n and n != name and ";" not in n)
    return ";".join(sorted(kept, key=lambda n: not _is_latin(n)))


def _number(value: float | None) -> str:
    if value is None:
        return ""
    text = f"{value:.5f}".rstrip("0").rstrip(".")  # GeoNames gives five decimals, a metre
    return "0" if text == "-0" else text


# ------------------------------------------------------------------------------ tables


@frozen
class _Admin:
    """The country and its units, with the ids the rows of the other files refer to."""

    country: str
    country_id: str
    country_row: list[str]
    governorates: dict[str, _Unit]
    governorate_ids: dict[str, str]
    districts: dict[tuple[str, str], _Unit]
    district_ids: dict[tuple[str, str], str]

    def ids(self) -> list[str]:
        """Every id of admin.tsv."""
        return [self.country_id, *self.governorate_ids.values(), *self.district_ids.values()]

    def rows(self) -> list[list[str]]:
        """The rows of admin.tsv: the country, then its governorates, then their districts."""
        # A unit's parent comes before it: the index reads admin.tsv from the top.
        governorates = [
            self._row(self.governorate_ids[code], unit, "governorate", self.country_id)
            for code, unit in self.governorates.items()
        ]
        districts = [
            self._row(self.district_ids[key], unit, "district", self.governorate_id(unit.admin1))
            for key, unit in self.districts.items()
        ]
        return [self.country_row, *sorted(governorates), *sorted(districts)]

    def _row(self, unit_id: str, unit: _Unit, kind: str, parent: str) -> list[str]:
        lat, lon = _number(unit.lat), _number(unit.lon)
        return [unit_id, unit.name, unit.aliases, kind, self.country, parent, lat, lon, ""]

    def governorate_id(self, admin1: str) -> str:
        """The id of the governorate of an admin1 code ("" for none)."""
        return self.governorate_ids.get(admin1, "") if admin1 else ""

    def governorate_name(self, admin1: str) -> str:
        """The name of the governorate of an admin1 code ("" for none)."""
        unit = self.governorates.get(admin1) if admin1 else None
        return unit.name if unit is not None else ""

    def district_id(self, admin1: str, admin2: str) -> str:
        """The id of the district of an admin1 and admin2 code ("" for none)."""
        return self.district_ids.get((admin1, admin2), "") if admin2 else ""


def _country(collected: _Collected) -> tuple[str, str, list[str]]:
    """The country's name and id, and its row of admin.tsv."""
    feature = collected.country
    code = collected.country_code
    if feature is None:
        return code, code.lower(), [code.lower(), code, "", "country", code, "", "", "", ""]
    name = feature.name
    country_id = _slug(name) or _slug(feature.asciiname) or code.lower()
    aliases = _aliases(name, feature.names())
    lat, lon = _number(feature.lat), _number(feature.lon)
    return name, country_id, [country_id, name, aliases, "country", name, "", lat, lon, ""]


def _governorates(found: dict[str, _Feature], listed: dict[str, _Listed]) -> dict[str, _Unit]:
    """The governorates by admin1 code: the dump's and the admin1 file's, named as the admin1
    file names them."""
    units = {}
    for code in sorted(found.keys() | listed.keys()):
        feature, entry = found.get(code), listed.get(code)
        names = [entry.name, entry.asciiname] if entry is not None else []
        if feature is not None:
            names += feature.names()
        geonameid = feature.geonameid if feature is not None else listed[code].geonameid
        units[code] = _Unit(
            slug=f"{_base_slug(names, geonameid)}_governorate",
            name=names[0],
            aliases=_aliases(names[0], names),
            geonameid=geonameid,
            lat=feature.lat if feature is not None else None,
            lon=feature.lon if feature is not None else None,
            admin1=code,
        )
    return units


def _districts(found: dict[tuple[str, str], _Feature]) -> dict[tuple[str, str], _Unit]:
    """The districts by admin1 and admin2 code."""
    return {
        key: _Unit(
            slug=f"{_base_slug(feature.names(), feature.geonameid)}_district",
            name=feature.name,
            aliases=_aliases(feature.name, feature.names()),
            geonameid=feature.geonameid,
            lat=feature.lat,
            lon=feature.lon,
            admin1=key[0],
        )
        for key, feature in sorted(found.items())
    }


def _unit_ids(units: dict[_Key, _Unit], taken: Iterable[str]) -> dict[_Key, str]:
    ids = _unique_ids([(unit.slug, unit.geonameid) for unit in units.values()], taken)
    return dict(zip(units, ids, strict=True))


def _admin(collected: _Collected, listed: dict[str, _Listed]) -> _Admin:
    country, country_id, country_row = _country(collected)
    governorates = _governorates(collected.governorates, listed)
    governorate_ids = _unit_ids(governorates, [country_id])
    districts = _districts(collected.districts)
    district_ids = _unit_ids(districts, [country_id, *governorate_ids.values()])
    return _Admin(
        country, country_id, country_row, governorates, governorate_ids, districts, district_ids
    )


def _place_slugs(features: list[_Feature]) -> list[tuple[str, str]]:
    return [(_base_slug(f.names(), f.geonameid), f.geonameid) for f in features]


def _place_kind(feature: _Feature) -> str:
    if feature.feature_code in CITY_CODES or feature.population >= CITY_POPULATION:
        return "city"
    if feature.feature_code in TOWN_CODES or feature.population >= TOWN_POPULATION:
        return "town"
    return "quarter" if feature.feature_code == "PPLX" else "village"


def _locality_row(place_id: str, feature: _Feature, admin: _Admin) -> list[str]:
    return [
        place_id,
        feature.name,
        _aliases(feature.name, feature.names()),
        _place_kind(feature),
        _number(feature.lat),
        _number(feature.lon),
        admin.country,
        admin.governorate_id(feature.admin1),
        admin.district_id(feature.admin1, feature.admin2),
        str(feature.population) if feature.population else "",
        feature.feature_code,
        "",
        feature.geonameid,
    ]


def _facility_row(facility_id: str, feature: _Feature, admin: _Admin) -> list[str]:
    wide = feature.feature_code in WIDE_FACILITIES
    return [
        facility_id,
        feature.name,
        _aliases(feature.name, feature.names()),
        FACILITY_KINDS[feature.feature_code],
        _number(feature.lat),
        _number(feature.lon),
        admin.country,
        admin.governorate_name(feature.admin1),
        WIDE_PRECISION_KM if wide else NARROW_PRECISION_KM,
        SOURCE_URL.format(feature.geonameid),
    ]


def _tables(collected: _Collected, listed: dict[str, _Listed]) -> _Tables:
    admin = _admin(collected, listed)
    place_slugs = _place_slugs(collected.places)
    place_ids = _unique_ids(place_slugs, admin.ids())
    # A site named as places are is none of them: it takes a suffix even when they did.
    taken = [*admin.ids(), *place_ids, *(slug for slug, _geonameid in place_slugs)]
    facility_ids = _unique_ids(_place_slugs(collected.facilities), taken)
    localities = [
        _locality_row(place_id, feature, admin)
        for place_id, feature in zip(place_ids, collected.places, strict=True)
    ]
    facilities = [
        _facility_row(facility_id, feature, admin)
        for facility_id, feature in zip(facility_ids, collected.facilities, strict=True)
    ]
    return _Tables(
        country_id=admin.country_id,
        admin=admin.rows(),
        localities=sorted(localities),
        facilities=sorted(facilities),
        governorates=len(admin.governorates),
        districts=len(admin.districts),
    )


# ------------------------------------------------------------------------------ writing


def _check_target(out: Path, force: bool) -> None:
    try:
        if out.exists() and not out.is_dir():
            raise FrontlineError("not a folder", str(out))
        if out.is_dir() and not force and any(out.iterdir()):
            raise FrontlineError(
                "the folder is not empty: import into a new folder, or force the import to "
                "replace the files it writes",
                str(out),
            )
    except OSError as error:
        raise FrontlineError(f"cannot read: {error.strerror or error}", str(out)) from None


def _attribution(sources: Sequence[str]) -> str:
    return (
        "Contains data from GeoNames (www.geonames.org), CC BY 4.0\n"
        "(https://creativecommons.org/licenses/by/4.0/): the localities, the admin units and\n"
        "the facilities of this folder.\n"
        f"Imported from {' and '.join(sources)}.\n"
    )


def _write_tsv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write("\t".join(header) + "\n")
        for row in rows:
            handle.write("\t".join(row) + "\n")


def _stage(folder: Path, tables: _Tables, attribution: str) -> list[Path]:
    """Write the files of an import into a folder; their paths relative to it."""
    country = Path(tables.country_id)
    tables_by_path: list[tuple[Path, Sequence[str], list[list[str]]]] = [
        (country / "admin.tsv", ADMIN_COLUMNS, tables.admin),
        (country / "localities.tsv", LOCALITY_COLUMNS, tables.localities),
    ]
    if tables.facilities:
        tables_by_path.append((Path("facilities.tsv"), FACILITY_COLUMNS, tables.facilities))
    for relative, header, rows in tables_by_path:
        _write_tsv(folder / relative, header, rows)
    (folder / ATTRIBUTION_FILE).write_text(attribution, encoding="utf-8", newline="\n")
    return [relative for relative, _header, _rows in tables_by_path] + [Path(ATTRIBUTION_FILE)]


def _check_index(staged: Path, out: Path) -> None:
    """Refuse a folder the index would refuse, naming the files as they would be in `out`."""
    # Imported here, not at the top: only this check needs the index and its name keys.

    try:
        build(staged).close()
    except FrontlineError as error:
        raise FrontlineError(
            Problem(
                problem.where.replace(str(staged), str(out)),
                "the gazetteer index refuses the imported folder: "
                + problem.message.replace(str(staged), str(out)),
            )
            for problem in error.problems
        ) from None


def _undo(moved: list[tuple[Path, Path | None]], made: list[Path]) -> None:
    """Put back what a failed move replaced, and take away what it added."""
    for target, backup in reversed(moved):
        if backup is not None:
            os.replace(backup, target)
        else:
            target.unlink(missing_ok=True)
    for folder in reversed(made):
        folder.rmdir()


def _move_into(staged: Path, out: Path, files: list[Path], stale: list[Path]) -> None:
    """Move staged files into an existing folder; the files they replace, and the stale ones,
    are kept in the staging folder until every move has been made."""
    replaced = staged / ".replaced"
    moved: list[tuple[Path, Path | None]] = []
    made: list[Path] = []
    try:
        for relative in [*files, *stale]:
            target = out / relative
            if not target.parent.exists():
                target.parent.mkdir()
                made.append(target.parent)
            backup = None
            if target.exists() or target.is_symlink():
                backup = replaced / relative
                backup.parent.mkdir(parents=True, exist_ok=True)
                os.replace(target, backup)
            moved.append((target, backup))
            if relative in files:
                os.replace(staged / relative, target)
    except BaseException:
        _undo(moved, made)
        raise


def _write(out: Path, tables: _Tables, attribution: str) -> None:
    """Write the folder of an import at `out`, all of it or (on any failure) none of it."""
    home = out.absolute()  # `out` may be "." or "..", whose name and parent say nothing
    try:
        home.parent.mkdir(parents=True, exist_ok=True)
        staged = Path(tempfile.mkdtemp(dir=home.parent, prefix=f".{home.name}.import-"))
    except OSError as error:
        raise FrontlineError(f"cannot write: {error.strerror or error}", str(out)) from None
    try:
        os.chmod(staged, 0o755)  # mkdtemp makes it private; it may become the folder itself
        files = _stage(staged, tables, attribution)
        _check_index(staged, out)
        if not out.exists():
            os.rename(staged, out)
            return
        # Without facilities, an earlier import's facilities.tsv would outlive it.
        stale = [] if tables.facilities else [Path("facilities.tsv")]
        _move_into(staged, out, files, [p for p in stale if (out / p).exists()])
    except OSError as error:
        where = str(error.filename).replace(str(staged), str(out)) if error.filename else str(out)
        raise FrontlineError(f"cannot write: {error.strerror or error}", where) from None
    finally:
        shutil.rmtree(staged, ignore_errors=True)


# ------------------------------------------------------------------------------ importing


def import_geonames(dump: Path, out: Path, admin1: Path | None = None,
                    force: bool = False) -> Imported:  # fmt: skip
    """Import a GeoNames country dump (and its admin1 names) as the gazetteer folder `out`."""
    _check_target(out, force)
    collected = _read_dump(dump)
    listed = _read_admin1(admin1, collected.country_code) if admin1 is not None else {}
    tables = _tables(collected, listed)
    sources = [dump.name] if admin1 is None else [dump.name, admin1.name]
    _write(out, tables, _attribution(sources))
    return Imported(
        folder=out,
        country=tables.country_id,
        localities=len(tables.localities),
        governorates=tables.governorates,
        districts=tables.districts,
        facilities=len(tables.facilities),
    )
