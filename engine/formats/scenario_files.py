"""Reading scenario folders (scenario.toml, factions, places, the gazetteer and the events
file, of any format) into a Scenario, reporting every problem; events.toml, read and written."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import tomli_w
from attrs import evolve

from engine.collector import collection_paused
from engine.errors import FrontlineError, Problem
from engine.files import regular_file
from engine.formats.contents import Contents, check_contents, check_events, contents_of
from engine.formats.event_tables import (
    EventReader,
    as_date,
    as_strings,
    as_text,
    check_references,
    collect_events,
    event_table,
    no_collection,
    problem_at,
)
from engine.formats.snapshot import Snapshot, files_key, read_snapshot, write_snapshot
from engine.gazetteer.files import (
    ADMIN_SUFFIXES,
    control_character,
    point_of,
    read_line,
    read_lines,
    read_numbered_places,
    read_outlines,
    read_tsv,
    unknown_kind,
)
from engine.model.factions import Faction, Factions
from engine.model.geometry import Line, inside
from engine.model.log import Log
from engine.model.places import Place, PlaceGraph, Region, build_place_graph
from engine.model.scenario import ReadFrom, Scenario, Skipped, Source
from engine.model.world import World

# The events files a scenario folder may have, in the order one is taken when scenario.toml names
# none (and the folder has only one of them).
_EVENTS_FILES = ("events.toml", "events.jsonl", "events.columns")


def default_scenario_path() -> Path:
    """The bundled scenario: the Deir ez-Zor offensive (April–July 2014)."""
    engine = Path(__file__).resolve().parent.parent
    for root in (engine / "data", engine.parent):  # in a wheel; in a clone of the repository
        candidate = root / "scenarios" / "deir_ez_zor_2014"
        if (candidate / "scenario.toml").is_file():
            return candidate
    raise FrontlineError("the bundled scenario is missing from this installation")


class _Where:
    """Finds the line of the n-th [[table]] of a TOML file, so problems can name it."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.headers: dict[str, list[int]] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            match = re.match(r"\s*\[\[\s*([A-Za-z_]+)\s*\]\]", line)
            if match:
                self.headers.setdefault(match.group(1), []).append(number)

    def line(self, table: str, index: int) -> int | None:
        """The line of the n-th [[table]], if it was found."""
        lines = self.headers.get(table, [])
        return lines[index] if index < len(lines) else None

    def __call__(self, table: str, index: int, label: str = "") -> str:
        return problem_at(self.path, self.line(table, index), label)


def _read_text(path: Path) -> str:
    try:
        return regular_file(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FrontlineError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise FrontlineError(f"{path}: cannot read: {error}") from None


def _read_bytes(path: Path) -> bytes:
    try:
        return regular_file(path).read_bytes()
    except FileNotFoundError:
        raise FrontlineError(f"{path}: file not found") from None
    except OSError as error:
        raise FrontlineError(f"{path}: cannot read: {error}") from None


def toml_tables(document: Mapping[str, Any], key: str, path: Path) -> list[dict[str, Any]]:
    """The [[key]] tables of a TOML document (none when it has no `key`)."""
    found = document.get(key, [])
    if not isinstance(found, list) or not all(isinstance(t, dict) for t in found):
        raise FrontlineError(f"{path}: `{key}` must be tables, each under a [[{key}]] header")
    return found


def toml_table(document: Mapping[str, Any], key: str, path: Path) -> dict[str, Any]:
    """The [key] table of a TOML document (empty when it has no `key`)."""
    found = document.get(key, {})
    if not isinstance(found, dict):
        raise FrontlineError(f"{path}: `{key}` must be a table, under a [{key}] header")
    return found


def _read_toml(path: Path) -> tuple[dict[str, Any], str]:
    text = _read_text(path)
    return _parse_toml(path, text), text


def _parse_toml(path: Path, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise FrontlineError(f"{path}: not valid TOML: nested too deeply to read") from None
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = re.search(r"at line (\d+)", message)
        line = int(found.group(1)) if found else text.count("\n") + 1
        message = re.sub(r"\s*\((at line \d+, column \d+|at end of document)\)", "", message)
        raise FrontlineError(f"{path}:{line}: not valid TOML: {message}") from None


def parse_log(
    text: str,
    path: str = "events.toml",
    sources: Mapping[str, str] | None = None,
    default_source: str = "",
) -> Log:
    """The event log of an events file; spans are found from the sources when not written."""
    log, _skipped, _lines = _parse_events(Path(path), text, sources, default_source)
    return log


@no_collection()
def _parse_events(
    path: Path, text: str, sources: Mapping[str, str] | None, default_source: str
) -> tuple[Log, tuple[Skipped, ...], dict[str, int | None]]:
    document = _parse_toml(path, text)
    where = _Where(path, text)
    tables = toml_tables(document, "event", path)
    reader = EventReader(sources, default_source)
    builder, lines, problems = collect_events(
        ((where.line("event", index), table) for index, table in enumerate(tables)),
        path,
        reader,
    )
    skipped = []
    for index, table in enumerate(toml_tables(document, "skipped", path)):
        try:
            source, start, end, quote, _hedging, _attribution = reader.provenance(table)
            reason = as_text(table.get("reason", ""), "reason")
            if not reason.strip():
                raise ValueError("needs a `reason`")
        except (ValueError, TypeError) as error:
            problems.append(Problem(where("skipped", index, "skipped"), str(error)))
            continue
        skipped.append(Skipped(quote, reason, source, start, end))
    if problems:
        raise FrontlineError(problems)
    return builder.build(), tuple(skipped), lines


def dump_log(log: Log, skipped: Iterable[Skipped] = ()) -> str:
    """The events file of a log (with spans and positions), which parse_log reads back equal."""
    document: dict[str, Any] = {"event": [event_table(event) for event in log]}
    skipped_tables = [
        {"quote": s.quote, "reason": s.reason, "source": s.source, "span": [s.start, s.end]}
        for s in skipped
    ]
    if skipped_tables:
        document["skipped"] = skipped_tables
    return tomli_w.dumps(document)


# ---------------------------------------------------------------------------- scenario folders


def _factions(path: Path) -> Factions:
    document, text = _read_toml(path)
    where = _Where(path, text)
    problems, factions = [], []
    for index, table in enumerate(toml_tables(document, "faction", path)):
        try:
            factions.append(
                Faction(
                    id=as_text(table["id"], "id"),
                    name=as_text(table["name"], "name"),
                    aliases=as_strings(table.get("aliases", []), "aliases"),
                    coalition=None
                    if table.get("coalition") is None
                    else as_text(table["coalition"], "coalition"),
                )
            )
        except KeyError as error:
            problems.append(Problem(where("faction", index), f"needs `{error.args[0]}`"))
        except ValueError as error:
            problems.append(Problem(where("faction", index), str(error)))
    if problems:
        raise FrontlineError(problems)
    try:
        return Factions.of(factions)
    except FrontlineError as error:
        raise FrontlineError(Problem(f"{path}", str(p)) for p in error.problems) from None


REGION_FILTERS = ("governorate", "district", "bank", "west_of", "east_of", "north_of", "south_of")


def _matches(place: Place, table: Mapping[str, Any]) -> bool:
    tests = {
        "governorate": lambda v: place.governorate == v,
        "district": lambda v: place.district == v,
        "bank": lambda v: place.bank == v,
        "west_of": lambda v: place.lon < v,
        "east_of": lambda v: place.lon > v,
        "north_of": lambda v: place.lat > v,
        "south_of": lambda v: place.lat < v,
    }
    return all(tests[key](table[key]) for key in REGION_FILTERS if key in table)


GAZETTEER_FILES = ("admin", "boundaries", "river", "lines")  # each the name of one file


def _gazetteer_files(config: Mapping[str, Any], path: Path) -> dict[str, Any]:
    """The [gazetteer] table of a scenario.toml, its file names checked to be names."""
    gazetteer = toml_table(config, "gazetteer", path)
    try:
        as_strings(gazetteer.get("places", []), "gazetteer.places")
        for key in GAZETTEER_FILES:
            if key in gazetteer:
                as_text(gazetteer[key], f"gazetteer.{key}")
        as_text(config.get("places", "places.toml"), "places")
    except ValueError as error:
        raise FrontlineError(f"{path}: {error}") from None
    return gazetteer


def _world(
    folder: Path, config: Mapping[str, Any], where: _Where
) -> tuple[World, tuple[Line, ...], dict[str, Any]]:
    gazetteer = _gazetteer_files(config, where.path)
    problems: list[Problem] = []
    places: dict[str, Place] = {}
    # Where each place is given: its file and line (said only of a place given twice).
    origin: dict[str, tuple[Path, int | None]] = {}
    for name in as_strings(gazetteer.get("places", []), "gazetteer.places"):
        path = folder / name
        file_places, file_problems = read_numbered_places(path)
        problems += file_problems
        for line, place in file_places:
            # The first file that names a place wins: a curated file before a bulk one.
            if place.id not in places:
                places[place.id] = place
                origin[place.id] = (path, line)
    outlines = {}
    if "boundaries" in gazetteer:
        for unit, (_name, _type, ring) in read_outlines(folder / gazetteer["boundaries"]).items():
            outlines[unit] = ring
    regions: dict[str, Region] = {}
    admin_rows = []
    if "admin" in gazetteer:
        admin_path = folder / gazetteer["admin"]
        for line, row in read_tsv(admin_path):
            if row.get("placetype") in ("governorate", "district"):
                try:
                    row["lat"], row["lon"] = map(str, point_of(row))
                except ValueError as error:
                    problems.append(Problem(f"{admin_path}:{line}", str(error)))
                    continue
            refused = control_character(row.get("name", ""), row.get("aliases", ""))
            if refused:
                problems.append(Problem(f"{admin_path}:{line}", refused))
                continue
            admin_rows.append(row)
    districts = {r["name"]: r["id"] for r in admin_rows if r.get("placetype") == "district"}
    # Places without a district get the district whose outline holds their point.
    governorates = {r["name"] for r in admin_rows if r.get("placetype") == "governorate"}
    for place_id, place in list(places.items()):
        if place.district or place.governorate not in governorates:
            continue
        for district_name, district_id in districts.items():
            if district_id in outlines and inside((place.lat, place.lon), outlines[district_id]):
                places[place_id] = evolve(place, district=district_name)
                break
    extra_path = folder / config.get("places", "places.toml")
    extra: dict[str, Any] = {}
    extra_where = where
    if extra_path.is_file():
        extra, extra_text = _read_toml(extra_path)
        extra_where = _Where(extra_path, extra_text)
        for index, table in enumerate(toml_tables(extra, "place", extra_path)):
            try:
                lat, lon = point_of(table)
                place = Place(
                    id=as_text(table["id"], "id"),
                    name=as_text(table["name"], "name"),
                    kind=as_text(table["kind"], "kind"),
                    lat=lat,
                    lon=lon,
                    aliases=as_strings(table.get("aliases", []), "aliases"),
                    governorate=as_text(table.get("governorate", ""), "governorate"),
                    district=as_text(table.get("district", ""), "district"),
                    bank=as_text(table.get("bank", ""), "bank"),
                    source=as_text(table.get("source", ""), "source"),
                    precision_km=(
                        float(table["precision_km"]) if "precision_km" in table else None
                    ),
                    country=as_text(table.get("country", ""), "country"),
                )
            except KeyError as error:
                problems.append(Problem(extra_where("place", index), f"needs `{error.args[0]}`"))
                continue
            except (ValueError, TypeError) as error:
                problems.append(Problem(extra_where("place", index), str(error)))
                continue
            refused = unknown_kind(place.kind) or control_character(
                place.id, place.name, *place.aliases
            )
            if not refused and place.id in places and places[place.id] != place:
                refused = (
                    f"place id {place.id!r} is given twice, for two different places: also at "
                    f"{problem_at(*origin[place.id])}"
                )
            if refused:
                problems.append(Problem(extra_where("place", index, place.id), refused))
                continue
            places[place.id] = place
            origin[place.id] = (extra_path, extra_where.line("place", index))
    # Admin units: the governorate and its districts, with the places that name them (grouped
    # in one pass: a scan of every place per unit took seconds at 100,000 places).
    in_governorate: dict[str, list[str]] = {}
    in_district: dict[tuple[str | None, str], list[str]] = {}
    for p in places.values():
        in_governorate.setdefault(p.governorate, []).append(p.id)
        in_district.setdefault((p.governorate, p.district), []).append(p.id)
    for row in admin_rows:
        if row.get("placetype") not in ("governorate", "district"):
            continue  # the gazetteer does not say which places lie in which subdistrict
        column = row["placetype"]
        parent = row.get("parent_id") or None
        members = frozenset(
            in_governorate.get(row["name"], ())
            if column == "governorate"
            else in_district.get((_name_of(admin_rows, parent), row["name"]), ())
        )
        regions[row["id"]] = Region(
            id=row["id"],
            name=row["name"] + ADMIN_SUFFIXES[column],
            kind=column,
            members=members,
            aliases=tuple(a for a in row.get("aliases", "").split(";") if a),
            parent=parent,
            lat=float(row["lat"]),
            lon=float(row["lon"]),
        )
    for index, table in enumerate(toml_tables(extra, "region", extra_path)):
        try:
            region_id = as_text(table["id"], "id")
            explicit = set(as_strings(table.get("places", []), "places"))
            unknown = sorted(p for p in explicit if p not in places)
            if unknown:
                raise ValueError(f"unknown places {unknown}")
            base = places.pop(region_id) if table.get("place") else None
            if table.get("place") and base is None:
                raise ValueError(f"`place = true` but no place {region_id!r} in the gazetteer")
            filtered = (
                {p.id for p in places.values() if _matches(p, table)}
                if any(k in table for k in REGION_FILTERS)
                else set()
            )
            key = "except" if "except" in table else "excluded"  # `except`: its old name
            if "except" in table and "excluded" in table:
                raise ValueError("give `excluded` or its old name `except`, not both")
            excluded = set(as_strings(table.get(key, []), key))
            refused = control_character(
                region_id,
                str(table.get("name", "")),
                *as_strings(table.get("aliases", []), "aliases"),
            )
            if refused:
                raise ValueError(refused)
            regions[region_id] = Region(
                id=region_id,
                name=as_text(table.get("name", base.name if base else region_id), "name"),
                kind=as_text(table.get("kind", "region"), "kind"),
                members=frozenset((filtered | explicit) - excluded),
                aliases=(
                    *(base.aliases if base else ()),
                    *as_strings(table.get("aliases", []), "aliases"),
                ),
                parent=None if table.get("parent") is None else as_text(table["parent"], "parent"),
                lat=base.lat if base else None,
                lon=base.lon if base else None,
            )
        except KeyError as error:
            problems.append(Problem(extra_where("region", index), f"needs `{error.args[0]}`"))
        except (ValueError, TypeError) as error:
            problems.append(Problem(extra_where("region", index), str(error)))
    # Regions made from places (a city of quarters) leave other regions naming the old place.
    for region_id, region in list(regions.items()):
        promoted = {m for m in region.members if m in regions}
        if promoted:
            members = (region.members - promoted) | {
                p for r in promoted for p in regions[r].members
            }
            regions[region_id] = evolve(region, members=frozenset(members))
    if problems:
        raise FrontlineError(problems)
    factions = _factions(folder / config.get("factions", "factions.toml"))
    lines: tuple[Line, ...] = ()
    if "river" in gazetteer:
        lines += (("river", read_line(folder / gazetteer["river"])),)
    if "lines" in gazetteer:
        lines += read_lines(folder / gazetteer["lines"])
    try:
        graph = build_place_graph(places.values(), regions.values())
    except FrontlineError as error:
        raise FrontlineError(Problem(str(folder), str(p)) for p in error.problems) from None
    return World(graph, factions), lines, outlines


def _name_of(rows: list[dict[str, str]], unit_id: str | None) -> str | None:
    return next((r["name"] for r in rows if r["id"] == unit_id), None)


def _events_path(folder: Path, config: Mapping[str, Any], config_path: Path) -> Path:
    """The events file: the one scenario.toml names, else the one of events.toml, events.jsonl
    and events.columns that the folder has."""
    if "events" in config:
        try:
            return folder / as_text(config["events"], "events")
        except ValueError as error:
            raise FrontlineError(f"{config_path}: {error}") from None
    found = [name for name in _EVENTS_FILES if (folder / name).is_file()]
    if len(found) > 1:
        listed = f"{', '.join(found[:-1])} and {found[-1]}"
        raise FrontlineError(
            f"{folder}: has {'both ' if len(found) == 2 else ''}{listed}; name the one to read "
            'with `events = "..."` in scenario.toml'
        )
    return folder / (found[0] if found else _EVENTS_FILES[0])


def _named_files(folder: Path, config: Mapping[str, Any], config_path: Path) -> set[Path]:
    """The files a scenario.toml names (resolved), as far as its values are names: those its
    [contents] may list."""
    gazetteer = _gazetteer_files(config, config_path)
    names = [
        *gazetteer.get("places", []),
        *(gazetteer[key] for key in GAZETTEER_FILES if key in gazetteer),
        config.get("factions", "factions.toml"),
        config.get("places", "places.toml"),
        *(table.get("path") for table in toml_tables(config, "source", config_path)),
    ]
    named = {(folder / name).resolve() for name in names if isinstance(name, str)}
    return named | {_events_path(folder, config, config_path).resolve()}


def _check_empty(path: Path, contents: Contents | None, text: str | None) -> None:
    """Refuse an events file without events that holds nothing at all (no byte, or blank lines):
    what a write cut short leaves. One meant to have no events yet says so: in events.toml, a
    comment or `event = []`; in any format, `events = 0` under [contents] in scenario.toml (and
    the header of events.columns gives its count)."""
    if contents is not None or path.suffix == ".columns" or (text is not None and text.strip()):
        return
    meant = (
        "a comment or `event = []` in it"
        if text is not None
        else "`events = 0` under [contents] in scenario.toml"
    )
    raise FrontlineError(
        f"{path}: holds nothing, not even a comment: cut short? A scenario without events yet "
        f"says so with {meant}"
    )


@collection_paused()  # a big scenario is a million objects made at once, none in a cycle
def load_scenario(path: Path | str | None = None) -> Scenario:
    """Read a scenario folder (or its scenario.toml); every problem is reported at once."""
    folder = default_scenario_path() if path is None else Path(path)
    if folder.is_file():
        folder = folder.parent
    config_path = folder / "scenario.toml"
    if not folder.exists():
        raise FrontlineError(f"{folder}: no such scenario folder")
    config, config_text = _read_toml(config_path)
    contents = contents_of(config, config_path)
    if contents is not None:  # before any file is read: a file cut short is named as such
        check_contents(folder, contents, _named_files(folder, config, config_path))
    where = _Where(config_path, config_text)
    problems = []
    for key in ("title", "start", "end"):
        if key not in config:
            problems.append(Problem(str(config_path), f"needs `{key}`"))
    if "title" in config and not isinstance(config["title"], str):
        problems.append(Problem(str(config_path), "`title` must be a string"))
    try:
        start, end = as_date(config.get("start")), as_date(config.get("end"))
        if end < start:
            problems.append(Problem(str(config_path), f"`end` {end} is before `start` {start}"))
    except ValueError as error:
        problems.append(Problem(str(config_path), str(error)))
        start = end = dt.date.min
    sources: dict[str, Source] = {}
    for index, table in enumerate(toml_tables(config, "source", config_path)):
        try:
            source_path = (folder / as_text(table["path"], "path")).resolve()
            sources[as_text(table["id"], "id")] = Source(
                id=table["id"],
                title=as_text(table.get("title", table["id"]), "title"),
                licence=as_text(table.get("licence", ""), "licence"),
                text=regular_file(source_path).read_text(encoding="utf-8"),
            )
        except KeyError as error:
            problems.append(Problem(where("source", index), f"needs `{error.args[0]}`"))
        except (OSError, UnicodeDecodeError) as error:
            problems.append(Problem(where("source", index), f"cannot read the source: {error}"))
        except ValueError as error:
            problems.append(Problem(where("source", index), str(error)))
    if not sources and not problems:
        problems.append(Problem(str(config_path), "needs at least one [[source]]"))
    if problems:
        raise FrontlineError(problems)
    events_path = _events_path(folder, config, config_path)
    read_as = files_key(folder, {config_path.resolve(), *_named_files(folder, config, config_path)})
    snapshot = read_snapshot(read_as)
    if snapshot is not None:  # read and checked as it is now: taken as it was
        return _from_snapshot(snapshot, folder, config, events_path, contents, sources, read_as)
    world, map_lines, outlines = _world(folder, config, where)
    texts, default_source = {s.id: s.text for s in sources.values()}, next(iter(sources))
    skipped: tuple[Skipped, ...] = ()
    lines: Mapping[str, int | None] = {}  # events.columns has no lines
    text = None  # of events.toml
    if events_path.suffix == ".jsonl":
        from engine.formats.events_jsonl import (  # only when that format is read
            file_blocks,
            parse_jsonl,
        )

        log, lines = parse_jsonl(events_path, file_blocks(events_path), texts, default_source)
    elif events_path.suffix == ".columns":
        from engine.formats.events_columns import parse_log_columns

        log = parse_log_columns(_read_bytes(events_path), str(events_path), texts)
    else:
        text = _read_text(events_path)
        log, skipped, lines = _parse_events(events_path, text, texts, default_source)
    check_events(contents, len(log), events_path)
    if not log:
        _check_empty(events_path, contents, text)
    reference_problems = check_references(
        log, world, lambda e: problem_at(events_path, lines.get(e.id), f"event {e.id}")
    )
    if reference_problems:
        raise FrontlineError(reference_problems)
    scenario = Scenario(
        title=as_text(config["title"], "title"),
        start=start,
        end=end,
        world=world,
        log=log,
        sources=sources,
        skipped=skipped,
        lines=map_lines,
        outlines=outlines,
        read_from=None if read_as is None else ReadFrom(read_as, world, log),
    )
    write_snapshot(scenario, keep_log=events_path.suffix != ".columns")
    return scenario


def _from_snapshot(
    snapshot: Snapshot,
    folder: Path,
    config: Mapping[str, Any],
    events_path: Path,
    contents: Contents | None,
    sources: Mapping[str, Source],
    key: str | None,
) -> Scenario:
    """A scenario from the snapshot of it as loaded before, its small files read again."""
    from engine.formats.events_columns import parse_log_columns

    texts = {s.id: s.text for s in sources.values()}
    data = _read_bytes(events_path) if snapshot.log_columns is None else snapshot.log_columns
    log = parse_log_columns(data, str(events_path), texts, checked=True)
    check_events(contents, len(log), events_path)
    graph = PlaceGraph(snapshot.places, {region.id: region for region in snapshot.regions})
    world = World(graph, _factions(folder / config.get("factions", "factions.toml")))
    return Scenario(
        title=config["title"],
        start=as_date(config["start"]),
        end=as_date(config["end"]),
        world=world,
        log=log,
        sources=sources,
        lines=snapshot.lines,
        outlines=snapshot.outlines,
        read_from=None if key is None else ReadFrom(key, world, log),
    )
