"""Reading and writing scenario folders (TOML, JSON lines and gazetteer files), reporting every
problem."""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

import tomli_w

from engine.dates import Precision, When
from engine.errors import FrontlineError, Problem
from engine.events import (
    EVENT_KINDS,
    AllegianceChanged,
    Assertion,
    CasualtyReport,
    Contested,
    ControlChanged,
    Count,
    Event,
    Hedging,
    How,
    Incident,
    IncidentType,
    Provenance,
    SiegeBegan,
)
from engine.factions import Faction, Factions
from engine.gazetteer import inside, read_line, read_outlines, read_places, read_tsv
from engine.log import Log
from engine.places import PLACE_KINDS, Place, Region, build_place_graph
from engine.scenario import Scenario, Skipped, Source
from engine.world import World

S = TypeVar("S", bound=enum.StrEnum)

# Parties of a casualty report that are not factions.
NON_COMBATANTS = frozenset({"civilians"})

COMMON_KEYS = {
    "id", "kind", "date", "earliest", "latest", "precision", "date_phrase", "quote", "source",
    "span", "hedging", "attribution", "disputes", "note", "places", "position",
}  # fmt: skip
KIND_KEYS: dict[str, tuple[set[str], set[str]]] = {
    # kind: (required keys, optional keys)
    "control": ({"places", "controller"}, {"previous", "how", "except"}),
    "contested": ({"places", "parties"}, set()),
    "siege": ({"places", "by"}, set()),
    "siege_lifted": ({"places"}, set()),
    "allegiance": ({"faction", "joins"}, {"previous"}),
    "casualties": (
        {"party"},
        {
            "killed",
            "wounded",
            "period_earliest",
            "period_latest",
            "period_precision",
            "period_phrase",
            "cumulative",
        },
    ),
    "incident": ({"type"}, {"by", "against"}),
    "assertion": ({"faction", "region", "share"}, {"except"}),
}


def default_scenario_path() -> Path:
    """The bundled scenario: the Deir ez-Zor offensive (April–July 2014)."""
    here = Path(__file__).resolve().parent
    for root in (here / "data", here.parent):
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
        return _at(self.path, self.line(table, index), label)


def _at(path: Path, line: int | None, label: str = "") -> str:
    """Where a problem is: the file, its line when known, and what is there."""
    return f"{path}{'' if line is None else f':{line}'}" + (f" ({label})" if label else "")


def _read_toml(path: Path) -> tuple[dict[str, Any], str]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FrontlineError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise FrontlineError(f"{path}: cannot read: {error}") from None
    return _parse_toml(path, text), text


def _parse_toml(path: Path, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = re.search(r"at line (\d+)", message)
        line = int(found.group(1)) if found else text.count("\n") + 1
        message = re.sub(r"\s*\((at line \d+, column \d+|at end of document)\)", "", message)
        raise FrontlineError(f"{path}:{line}: not valid TOML: {message}") from None


def _date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"bad date {value!r}: write it as YYYY-MM-DD") from None
    raise ValueError(f"bad date {value!r}: write it as YYYY-MM-DD")


def _strings(value: object, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ValueError(f"`{key}` must be a string or a list of strings")


def _text(value: object, key: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"`{key}` must be a string")
    return value


def _count(value: object, key: str) -> Count:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return Count(value, value)
    if (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        and 0 <= value[0] <= value[1]
    ):
        return Count(value[0], value[1])
    raise ValueError(f"`{key}` must be a number or [low, high]")


def _enum(kind: type[S], value: object, key: str) -> S:
    try:
        return kind(_text(value, key))
    except ValueError:
        choices = ", ".join(member.value for member in kind)
        raise ValueError(f"`{key}` must be one of {choices}; got {value!r}") from None


def _when(table: Mapping[str, Any], prefix: str = "") -> When:
    keys = ("period_earliest", "period_latest") if prefix else ("earliest", "latest")
    precision_key, phrase_key = (
        ("period_precision", "period_phrase") if prefix else ("precision", "date_phrase")
    )
    if not prefix and "date" in table:
        if keys[0] in table or keys[1] in table:
            raise ValueError("give either `date` or `earliest` and `latest`, not both")
        earliest = latest = _date(table["date"])
    elif keys[0] in table and keys[1] in table:
        earliest, latest = _date(table[keys[0]]), _date(table[keys[1]])
    else:
        raise ValueError(
            f"needs `{keys[0]}` and `{keys[1]}`"
            if prefix
            else "needs `date`, or `earliest` and `latest`"
        )
    default = Precision.DAY if earliest == latest else Precision.RANGE
    precision = _enum(Precision, table.get(precision_key, default.value), precision_key)
    return When(earliest, latest, precision, _text(table.get(phrase_key, ""), phrase_key))


def _locate(quote: str, text: str, source: str) -> tuple[int, int]:
    found = [m.start() for m in re.finditer(re.escape(quote), text)]
    if not found:
        raise ValueError(f"quote is not verbatim in source {source!r}: {quote[:60]!r}")
    if len(found) > 1:
        raise ValueError(
            f"quote occurs {len(found)} times in source {source!r}; quote more words "
            f"or give its `span`: {quote[:60]!r}"
        )
    return found[0], found[0] + len(quote)


def _provenance(
    table: Mapping[str, Any], sources: Mapping[str, str] | None, default_source: str
) -> Provenance:
    quote = _text(table.get("quote", ""), "quote")
    if not quote.strip():
        raise ValueError("needs a `quote`: the words of the source that state it")
    source = _text(table.get("source", default_source), "source")
    text = None if sources is None else sources.get(source)
    if sources is not None and text is None:
        raise ValueError(f"unknown source {source!r}")
    if "span" in table:
        span = table["span"]
        if not (
            isinstance(span, list) and len(span) == 2 and all(isinstance(s, int) for s in span)
        ):
            raise ValueError("`span` must be [start, end]")
        start, end = span
        if text is not None and text[start:end] != quote:
            raise ValueError(f"`span` {span} does not hold the quote in source {source!r}")
        if end - start != len(quote):
            raise ValueError(f"`span` {span} is not as long as the quote")
    elif text is not None:
        start, end = _locate(quote, text, source)
    else:
        raise ValueError("needs a `span` when the source text is not at hand")
    hedging = _enum(Hedging, table.get("hedging", "stated"), "hedging")
    attribution = table.get("attribution")
    return Provenance(
        source,
        start,
        end,
        quote,
        hedging,
        None if attribution is None else _text(attribution, "attribution"),
    )


def _event(
    table: Mapping[str, Any], position: int, sources: Mapping[str, str] | None, default_source: str
) -> Event:
    kind = table.get("kind")
    if kind not in KIND_KEYS:
        raise ValueError(f"`kind` must be one of {', '.join(KIND_KEYS)}; got {kind!r}")
    required, optional = KIND_KEYS[kind]
    missing = sorted(k for k in required if k not in table)
    if missing:
        raise ValueError(f"a {kind} event needs {', '.join(f'`{k}`' for k in missing)}")
    unknown = sorted(set(table) - COMMON_KEYS - required - optional)
    if unknown:
        raise ValueError(f"unknown keys for a {kind} event: {', '.join(unknown)}")
    event_id = _text(table.get("id", ""), "id")
    if not event_id:
        raise ValueError("needs an `id`")
    common: dict[str, Any] = {
        "id": event_id,
        "when": _when(table),
        "provenance": _provenance(table, sources, default_source),
        "position": table.get("position", position),
        "places": _strings(table.get("places", []), "places"),
        "disputes": _strings(table.get("disputes", []), "disputes"),
        "note": _text(table.get("note", ""), "note"),
    }
    if kind in ("control", "contested", "siege", "siege_lifted") and not common["places"]:
        raise ValueError(f"a {kind} event needs at least one place in `places`")
    get = table.get
    match kind:
        case "control":
            how = _enum(How, get("how", "captured"), "how")
            return ControlChanged(
                **common,
                controller=_text(get("controller"), "controller"),
                previous=None if get("previous") is None else _text(get("previous"), "previous"),
                how=how,
                excluded=_strings(get("except", []), "except"),
            )
        case "contested":
            return Contested(**common, parties=_strings(get("parties"), "parties"))
        case "siege":
            return SiegeBegan(**common, by=_text(get("by"), "by"))
        case "allegiance":
            return AllegianceChanged(
                **common,
                faction=_text(get("faction"), "faction"),
                previous=None if get("previous") is None else _text(get("previous"), "previous"),
                joins=_text(get("joins"), "joins"),
            )
        case "casualties":
            has_period = "period_earliest" in table or "period_latest" in table
            return CasualtyReport(
                **common,
                party=_text(get("party"), "party"),
                killed=None if get("killed") is None else _count(get("killed"), "killed"),
                wounded=None if get("wounded") is None else _count(get("wounded"), "wounded"),
                period=_when(table, prefix="period") if has_period else None,
                cumulative=bool(get("cumulative", False)),
            )
        case "incident":
            return Incident(
                **common,
                type=_enum(IncidentType, get("type"), "type"),
                by=None if get("by") is None else _text(get("by"), "by"),
                against=None if get("against") is None else _text(get("against"), "against"),
            )
        case "assertion":
            share = get("share")
            if not (
                isinstance(share, list)
                and len(share) == 2
                and all(isinstance(s, int | float) and not isinstance(s, bool) for s in share)
                and 0 <= share[0] <= share[1] <= 1
            ):
                raise ValueError("`share` must be [low, high] between 0 and 1")
            return Assertion(
                **common,
                faction=_text(get("faction"), "faction"),
                region=_text(get("region"), "region"),
                share=(float(share[0]), float(share[1])),
                excluded=_strings(get("except", []), "except"),
            )
    return EVENT_KINDS[kind](**common)


def parse_log(
    text: str,
    path: str = "events.toml",
    sources: Mapping[str, str] | None = None,
    default_source: str = "",
) -> Log:
    """The event log of an events file; spans are found from the sources when not written."""
    log, _skipped, _lines = _parse_events(Path(path), text, sources, default_source)
    return log


def parse_log_jsonl(
    text: str,
    path: str = "events.jsonl",
    sources: Mapping[str, str] | None = None,
    default_source: str = "",
) -> Log:
    """The event log of an events.jsonl text: one event a line, with the keys of events.toml."""
    log, _lines = _parse_jsonl(Path(path), text.split("\n"), sources, default_source)
    return log


def _collect(
    tables: Iterable[tuple[int | None, Any]],
    path: Path,
    sources: Mapping[str, str] | None,
    default_source: str,
) -> tuple[list[Event], dict[str, int | None], list[Problem]]:
    """The events of decoded tables, each with the line it starts on, and the problems of the
    bad ones; an event's position defaults to its rank in the file."""
    problems: list[Problem] = []
    events: list[Event] = []
    lines: dict[str, int | None] = {}
    for index, (line, table) in enumerate(tables):
        if not isinstance(table, dict):
            problems.append(Problem(_at(path, line), "an event must be a table of keys and values"))
            continue
        label = f"event {table.get('id', '#' + str(index + 1))}"
        try:
            event = _event(table, index, sources, default_source)
        except (ValueError, TypeError) as error:
            problems.append(Problem(_at(path, line, label), str(error)))
            continue
        if event.id in lines:
            problems.append(Problem(_at(path, line, label), "id used twice"))
            continue
        lines[event.id] = line
        events.append(event)
    return events, lines, problems


def _parse_events(
    path: Path, text: str, sources: Mapping[str, str] | None, default_source: str
) -> tuple[Log, tuple[Skipped, ...], dict[str, int | None]]:
    document = _parse_toml(path, text)
    where = _Where(path, text)
    tables = document.get("event", [])
    if not isinstance(tables, list):
        raise FrontlineError(f"{path}: `event` must be an array of tables ([[event]])")
    events, lines, problems = _collect(
        ((where.line("event", index), table) for index, table in enumerate(tables)),
        path,
        sources,
        default_source,
    )
    skipped = []
    for index, table in enumerate(document.get("skipped", [])):
        try:
            provenance = _provenance(table, sources, default_source)
            reason = _text(table.get("reason", ""), "reason")
            if not reason.strip():
                raise ValueError("needs a `reason`")
        except (ValueError, TypeError) as error:
            problems.append(Problem(where("skipped", index, "skipped"), str(error)))
            continue
        skipped.append(
            Skipped(provenance.quote, reason, provenance.source, provenance.start, provenance.end)
        )
    if problems:
        raise FrontlineError(problems)
    return Log(events), tuple(skipped), lines


def _parse_jsonl(
    path: Path, lines: Iterable[str], sources: Mapping[str, str] | None, default_source: str
) -> tuple[Log, dict[str, int | None]]:
    events, where, problems = _collect(_json_lines(path, lines), path, sources, default_source)
    if problems:
        raise FrontlineError(problems)
    return Log(events), where


def _json_lines(path: Path, lines: Iterable[str]) -> Iterator[tuple[int | None, Any]]:
    """Each line that is not blank, decoded, with its number; a line that is not JSON stops the
    reading, as a TOML syntax error does."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line.rstrip("\n"))  # so that a column is of this line
        except json.JSONDecodeError as error:
            raise FrontlineError(
                f"{path}:{number}: not valid JSON: {error.msg} (column {error.colno})"
            ) from None


def _read_lines(path: Path) -> Iterator[str]:
    """The lines of a text file, read as they are used."""
    try:
        with path.open(encoding="utf-8") as handle:
            yield from handle
    except FileNotFoundError:
        raise FrontlineError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise FrontlineError(f"{path}: cannot read: {error}") from None


def _event_table(event: Event) -> dict[str, Any]:
    table: dict[str, Any] = {"id": event.id, "kind": event.kind}
    when = event.when
    if when.precision is Precision.DAY:
        table["date"] = when.earliest
    else:
        table.update(earliest=when.earliest, latest=when.latest, precision=when.precision.value)
    if when.phrase:
        table["date_phrase"] = when.phrase
    prov = event.provenance
    table.update(quote=prov.quote, source=prov.source, span=[prov.start, prov.end])
    if prov.hedging is not Hedging.STATED:
        table["hedging"] = prov.hedging.value
    if prov.attribution is not None:
        table["attribution"] = prov.attribution
    table["position"] = event.position
    if event.places:
        table["places"] = list(event.places)
    if event.disputes:
        table["disputes"] = list(event.disputes)
    if event.note:
        table["note"] = event.note
    match event:
        case ControlChanged():
            table.update(controller=event.controller, how=event.how.value)
            if event.previous is not None:
                table["previous"] = event.previous
            if event.excluded:
                table["except"] = list(event.excluded)
        case Contested():
            table["parties"] = list(event.parties)
        case SiegeBegan():
            table["by"] = event.by
        case AllegianceChanged():
            table.update(faction=event.faction, joins=event.joins)
            if event.previous is not None:
                table["previous"] = event.previous
        case CasualtyReport():
            table.update(party=event.party, cumulative=event.cumulative)
            for key, count in (("killed", event.killed), ("wounded", event.wounded)):
                if count is not None:
                    table[key] = count.low if count.low == count.high else [count.low, count.high]
            if event.period is not None:
                table.update(
                    period_earliest=event.period.earliest,
                    period_latest=event.period.latest,
                    period_precision=event.period.precision.value,
                )
                if event.period.phrase:
                    table["period_phrase"] = event.period.phrase
        case Incident():
            table["type"] = event.type.value
            for key, value in (("by", event.by), ("against", event.against)):
                if value is not None:
                    table[key] = value
        case Assertion():
            table.update(faction=event.faction, region=event.region, share=list(event.share))
            if event.excluded:
                table["except"] = list(event.excluded)
    return table


def dump_log(log: Log, skipped: Iterable[Skipped] = ()) -> str:
    """The events file of a log (with spans and positions), which parse_log reads back equal."""
    document: dict[str, Any] = {"event": [_event_table(event) for event in log]}
    skipped_tables = [
        {"quote": s.quote, "reason": s.reason, "source": s.source, "span": [s.start, s.end]}
        for s in skipped
    ]
    if skipped_tables:
        document["skipped"] = skipped_tables
    return tomli_w.dumps(document)


def dump_log_jsonl(log: Log) -> Iterator[str]:
    """The lines of the events.jsonl of a log (spans and positions written), one event a line,
    which parse_log_jsonl reads back equal."""
    for event in log:
        yield (
            json.dumps(
                _event_table(event), ensure_ascii=False, separators=(",", ":"), default=_json_date
            )
            + "\n"
        )


def _json_date(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {value!r} as JSON")


# ---------------------------------------------------------------------------- scenario folders


def _factions(path: Path) -> Factions:
    document, text = _read_toml(path)
    where = _Where(path, text)
    problems, factions = [], []
    for index, table in enumerate(document.get("faction", [])):
        try:
            factions.append(
                Faction(
                    id=_text(table["id"], "id"),
                    name=_text(table["name"], "name"),
                    aliases=_strings(table.get("aliases", []), "aliases"),
                    coalition=None
                    if table.get("coalition") is None
                    else _text(table["coalition"], "coalition"),
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


def _world(
    folder: Path, config: Mapping[str, Any], where: _Where
) -> tuple[World, tuple[tuple[float, float], ...], dict[str, Any]]:
    gazetteer = config.get("gazetteer", {})
    problems: list[Problem] = []
    places: dict[str, Place] = {}
    for name in _strings(gazetteer.get("places", []), "gazetteer.places"):
        file_places, file_problems = read_places(folder / name)
        problems += file_problems
        for place in file_places:
            places.setdefault(place.id, place)  # the first file that names a place wins
    outlines = {}
    if "boundaries" in gazetteer:
        for unit, (_name, _type, ring) in read_outlines(folder / gazetteer["boundaries"]).items():
            outlines[unit] = ring
    regions: dict[str, Region] = {}
    admin_rows = []
    if "admin" in gazetteer:
        admin_rows = [row for _line, row in read_tsv(folder / gazetteer["admin"])]
    districts = {r["name"]: r["id"] for r in admin_rows if r.get("placetype") == "district"}
    # Places without a district get the district whose outline holds their point.
    for place_id, place in list(places.items()):
        if place.district or place.governorate not in {
            r["name"] for r in admin_rows if r.get("placetype") == "governorate"
        }:
            continue
        for district_name, district_id in districts.items():
            if district_id in outlines and inside((place.lat, place.lon), outlines[district_id]):
                places[place_id] = Place(**{**_place_fields(place), "district": district_name})
                break
    extra_path = folder / config.get("places", "places.toml")
    extra: dict[str, Any] = {}
    extra_where = where
    if extra_path.is_file():
        extra, extra_text = _read_toml(extra_path)
        extra_where = _Where(extra_path, extra_text)
        for index, table in enumerate(extra.get("place", [])):
            try:
                place = Place(
                    id=_text(table["id"], "id"),
                    name=_text(table["name"], "name"),
                    kind=_text(table["kind"], "kind"),
                    lat=float(table["lat"]),
                    lon=float(table["lon"]),
                    aliases=_strings(table.get("aliases", []), "aliases"),
                    governorate=_text(table.get("governorate", ""), "governorate"),
                    district=_text(table.get("district", ""), "district"),
                    bank=_text(table.get("bank", ""), "bank"),
                    source=_text(table.get("source", ""), "source"),
                )
            except KeyError as error:
                problems.append(Problem(extra_where("place", index), f"needs `{error.args[0]}`"))
                continue
            except (ValueError, TypeError) as error:
                problems.append(Problem(extra_where("place", index), str(error)))
                continue
            if place.kind not in PLACE_KINDS:
                problems.append(
                    Problem(
                        extra_where("place", index, place.id),
                        f"unknown kind {place.kind!r}; one of {', '.join(sorted(PLACE_KINDS))}",
                    )
                )
            places[place.id] = place
    # Admin units: the governorate and its districts, with the places that name them.
    for row in admin_rows:
        if row.get("placetype") not in ("governorate", "district"):
            continue  # the gazetteer does not say which places lie in which subdistrict
        column = row["placetype"]
        parent = row.get("parent_id") or None
        members = frozenset(
            p.id
            for p in places.values()
            if getattr(p, column) == row["name"]
            and (column == "governorate" or p.governorate == _name_of(admin_rows, parent))
        )
        regions[row["id"]] = Region(
            id=row["id"],
            name=f"{row['name']} {'Governorate' if column == 'governorate' else 'District'}",
            kind=column,
            members=members,
            aliases=tuple(a for a in row.get("aliases", "").split(";") if a),
            parent=parent,
            lat=float(row["lat"]),
            lon=float(row["lon"]),
        )
    for index, table in enumerate(extra.get("region", [])):
        try:
            region_id = _text(table["id"], "id")
            explicit = set(_strings(table.get("places", []), "places"))
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
            excluded = set(_strings(table.get("except", []), "except"))
            regions[region_id] = Region(
                id=region_id,
                name=_text(table.get("name", base.name if base else region_id), "name"),
                kind=_text(table.get("kind", "region"), "kind"),
                members=frozenset((filtered | explicit) - excluded),
                aliases=(
                    *(base.aliases if base else ()),
                    *_strings(table.get("aliases", []), "aliases"),
                ),
                parent=None if table.get("parent") is None else _text(table["parent"], "parent"),
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
            regions[region_id] = Region(**{**_region_fields(region), "members": frozenset(members)})
    if problems:
        raise FrontlineError(problems)
    factions = _factions(folder / config.get("factions", "factions.toml"))
    river = read_line(folder / gazetteer["river"]) if "river" in gazetteer else ()
    try:
        graph = build_place_graph(places.values(), regions.values())
    except FrontlineError as error:
        raise FrontlineError(Problem(str(folder), str(p)) for p in error.problems) from None
    return World(graph, factions), river, outlines


def _name_of(rows: list[dict[str, str]], unit_id: str | None) -> str | None:
    return next((r["name"] for r in rows if r["id"] == unit_id), None)


def _place_fields(place: Place) -> dict[str, Any]:
    return {
        "id": place.id, "name": place.name, "kind": place.kind, "lat": place.lat,
        "lon": place.lon, "aliases": place.aliases, "governorate": place.governorate,
        "district": place.district, "bank": place.bank, "source": place.source,
    }  # fmt: skip


def _region_fields(region: Region) -> dict[str, Any]:
    return {
        "id": region.id, "name": region.name, "kind": region.kind, "members": region.members,
        "aliases": region.aliases, "parent": region.parent, "lat": region.lat, "lon": region.lon,
    }  # fmt: skip


def check_references(log: Log, world: World, where: Callable[[Event], str]) -> list[Problem]:
    """Problems of events that name places, regions, factions or events the scenario lacks."""
    from engine.events import factions_named

    problems = []
    for event in log:
        named_places = [*event.places]
        if isinstance(event, ControlChanged | Assertion):
            named_places += event.excluded
        if isinstance(event, Assertion):
            named_places.append(event.region)
        for target in named_places:
            if target not in world.places:
                problems.append(Problem(where(event), f"unknown place or region {target!r}"))
        for faction in factions_named(event):
            if faction not in world.factions and faction not in NON_COMBATANTS:
                problems.append(Problem(where(event), f"unknown faction {faction!r}"))
        for other in event.disputes:
            if other not in log:
                problems.append(Problem(where(event), f"disputes unknown event {other!r}"))
    return problems


def _events_path(folder: Path, config: Mapping[str, Any], config_path: Path) -> Path:
    """The events file: the one scenario.toml names, else events.toml or events.jsonl."""
    if "events" in config:
        try:
            return folder / _text(config["events"], "events")
        except ValueError as error:
            raise FrontlineError(f"{config_path}: {error}") from None
    toml_path, jsonl_path = folder / "events.toml", folder / "events.jsonl"
    if toml_path.is_file() and jsonl_path.is_file():
        raise FrontlineError(
            f"{folder}: has both events.toml and events.jsonl; name the one to read with "
            '`events = "..."` in scenario.toml'
        )
    return jsonl_path if jsonl_path.is_file() else toml_path


def load_scenario(path: Path | str | None = None) -> Scenario:
    """Read a scenario folder (or its scenario.toml); every problem is reported at once."""
    folder = default_scenario_path() if path is None else Path(path)
    if folder.is_file():
        folder = folder.parent
    config_path = folder / "scenario.toml"
    if not folder.exists():
        raise FrontlineError(f"{folder}: no such scenario folder")
    config, config_text = _read_toml(config_path)
    where = _Where(config_path, config_text)
    problems = []
    for key in ("title", "start", "end"):
        if key not in config:
            problems.append(Problem(str(config_path), f"needs `{key}`"))
    try:
        start, end = _date(config.get("start")), _date(config.get("end"))
        if end < start:
            problems.append(Problem(str(config_path), f"`end` {end} is before `start` {start}"))
    except ValueError as error:
        problems.append(Problem(str(config_path), str(error)))
        start = end = dt.date.min
    sources: dict[str, Source] = {}
    for index, table in enumerate(config.get("source", [])):
        try:
            source_path = (folder / _text(table["path"], "path")).resolve()
            sources[_text(table["id"], "id")] = Source(
                id=table["id"],
                title=_text(table.get("title", table["id"]), "title"),
                licence=_text(table.get("licence", ""), "licence"),
                text=source_path.read_text(encoding="utf-8"),
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
    world, river, outlines = _world(folder, config, where)
    events_path = _events_path(folder, config, config_path)
    texts, default_source = {s.id: s.text for s in sources.values()}, next(iter(sources))
    skipped: tuple[Skipped, ...] = ()
    if events_path.suffix == ".jsonl":
        log, lines = _parse_jsonl(events_path, _read_lines(events_path), texts, default_source)
    else:
        _document, events_text = _read_toml(events_path)
        log, skipped, lines = _parse_events(events_path, events_text, texts, default_source)
    reference_problems = check_references(
        log, world, lambda e: _at(events_path, lines[e.id], f"event {e.id}")
    )
    if reference_problems:
        raise FrontlineError(reference_problems)
    return Scenario(
        title=_text(config["title"], "title"),
        start=start,
        end=end,
        world=world,
        log=log,
        sources=sources,
        skipped=skipped,
        river=river,
        outlines=outlines,
    )


# ---------------------------------------------------------------------------- writing folders

_PLACE_COLUMNS = (
    "id", "name", "kind", "lat", "lon", "aliases", "governorate", "district", "bank", "source",
)  # fmt: skip
_ADMIN_COLUMNS = ("id", "name", "placetype", "parent_id", "lat", "lon", "aliases")
_ADMIN_SUFFIXES = {"governorate": " Governorate", "district": " District"}


def check_output_folder(folder: Path, force: bool = False) -> None:
    """Refuse to write a scenario over a file, or into a folder that is not empty unless forced."""
    if folder.exists() and not folder.is_dir():
        raise FrontlineError(f"{folder}: exists and is not a folder")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise FrontlineError(f"{folder}: the folder is not empty; use --force to write into it")


def write_scenario(
    scenario: Scenario, folder: Path, events_format: str = "jsonl", force: bool = False
) -> None:
    """Write a scenario like those `synthesize` makes to a folder; load_scenario reads it back."""
    check_output_folder(folder, force)
    files = _files(scenario, events_format)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, lines in files.items():
            with (folder / name).open("w", encoding="utf-8", newline="\n") as handle:
                handle.writelines(lines)
    except OSError as error:
        raise FrontlineError(f"{folder}: cannot write: {error.strerror or error}") from None


def _files(scenario: Scenario, events_format: str = "jsonl") -> dict[str, Iterable[str]]:
    """The files of a scenario folder by name, each as its lines; the event lines are made as they
    are written. Places go to places.tsv and regions to admin.tsv, so only a governorate and its
    districts, made of the places that name them, can be written (what `synthesize` makes)."""
    if events_format not in ("jsonl", "toml"):
        raise FrontlineError(f"unknown events format {events_format!r}: jsonl or toml")
    problems = _unwritable(scenario, events_format)
    if problems:
        raise FrontlineError(problems)
    world = scenario.world
    events_name = f"events.{events_format}"
    sources = {f"{source.id}.txt": source for source in scenario.sources.values()}
    gazetteer: dict[str, Any] = {"places": ["places.tsv"]}
    if world.places.regions:
        gazetteer["admin"] = "admin.tsv"
    if scenario.outlines:
        gazetteer["boundaries"] = "boundaries.geojson"
    if scenario.river:
        gazetteer["river"] = "river.tsv"
    config = {
        "title": scenario.title,
        "start": scenario.start.isoformat(),
        "end": scenario.end.isoformat(),
        "events": events_name,
        "source": [
            {"id": s.id, "path": name, "title": s.title, "licence": s.licence}
            for name, s in sources.items()
        ],
        "gazetteer": gazetteer,
    }
    factions = [
        {"id": f.id, "name": f.name, "aliases": list(f.aliases)}
        | ({} if f.coalition is None else {"coalition": f.coalition})
        for f in world.factions
    ]
    files: dict[str, Iterable[str]] = {
        "scenario.toml": [tomli_w.dumps(config)],
        "factions.toml": [tomli_w.dumps({"faction": factions})],
        "places.tsv": _tsv_lines(_PLACE_COLUMNS, (_place_row(p) for p in world.places.places)),
    }
    if world.places.regions:
        rows = (_admin_row(r) for r in world.places.regions.values())
        files["admin.tsv"] = _tsv_lines(_ADMIN_COLUMNS, rows)
    if scenario.outlines:
        files["boundaries.geojson"] = [_geojson(scenario)]
    if scenario.river:
        rows = ([str(lat), str(lon)] for lat, lon in scenario.river)
        files["river.tsv"] = _tsv_lines(("lat", "lon"), rows)
    for name, source in sources.items():
        files[name] = [source.text]
    files[events_name] = (
        dump_log_jsonl(scenario.log)
        if events_format == "jsonl"
        else [dump_log(scenario.log, scenario.skipped)]
    )
    return files


def _unwritable(scenario: Scenario, events_format: str) -> list[Problem]:
    """What the files could not hold as it is: a region that is not an admin unit of the places
    that name it, a value that breaks a TSV row, skipped sentences in JSON lines."""
    regions = scenario.world.places.regions
    problems = []
    if scenario.skipped and events_format == "jsonl":
        problems.append(Problem("", "skipped sentences can only be written to events.toml"))
    by_unit: dict[tuple[str, str], set[str]] = {}
    for place in scenario.world.places.places:
        by_unit.setdefault((place.governorate, ""), set()).add(place.id)
        by_unit.setdefault((place.governorate, place.district), set()).add(place.id)
        values = (place.id, place.name, place.kind, place.governorate, place.district, place.source)
        if not _tsv_safe(values, place.aliases):
            problems.append(Problem(f"place {place.id}", _TSV_UNSAFE))
        if place.bank not in ("", "north", "south"):
            problems.append(Problem(f"place {place.id}", f"bank {place.bank!r}: north or south"))
    for region in regions.values():
        suffix = _ADMIN_SUFFIXES.get(region.kind, "")
        unit = region.name.removesuffix(suffix)
        parent = regions.get(region.parent) if region.parent else None
        expected: frozenset[str] | None = None
        if region.kind == "governorate" and region.parent is None:
            expected = frozenset(by_unit.get((unit, ""), ()))
        elif region.kind == "district" and parent is not None and parent.kind == "governorate":
            governorate = parent.name.removesuffix(_ADMIN_SUFFIXES["governorate"])
            expected = frozenset(by_unit.get((governorate, unit), ()))
        if not _tsv_safe((region.id, region.name), region.aliases):
            problems.append(Problem(f"region {region.id}", _TSV_UNSAFE))
        if (
            not (suffix and region.name.endswith(suffix))
            or region.lat is None
            or region.lon is None
            or expected != region.members
        ):
            problems.append(
                Problem(
                    f"region {region.id}",
                    "only a governorate, or a district of one, with a point and made of the "
                    "places that name it can be written",
                )
            )
    return problems


_TSV_UNSAFE = "a tab, a line break or spaces at an end of a name, or a `;` in an alias"


def _tsv_safe(values: Iterable[str], aliases: Iterable[str]) -> bool:
    """True when the values survive a TSV row as the gazetteer reads it (aliases `;`-joined)."""
    return all(
        v == v.strip() and not any(c in v for c in "\t\n\r") for v in (*values, *aliases)
    ) and not any(";" in a for a in aliases)


def _tsv_lines(header: Iterable[str], rows: Iterable[list[str]]) -> Iterator[str]:
    yield "\t".join(header) + "\n"
    for row in rows:
        yield "\t".join(row) + "\n"


def _place_row(place: Place) -> list[str]:
    return [
        place.id, place.name, place.kind, str(place.lat), str(place.lon), ";".join(place.aliases),
        place.governorate, place.district, place.bank, place.source,
    ]  # fmt: skip


def _admin_row(region: Region) -> list[str]:
    return [
        region.id,
        region.name.removesuffix(_ADMIN_SUFFIXES[region.kind]),
        region.kind,
        region.parent or "",
        str(region.lat),
        str(region.lon),
        ";".join(region.aliases),
    ]


def _geojson(scenario: Scenario) -> str:
    regions = scenario.world.places.regions
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
        for unit, ring in scenario.outlines.items()
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
