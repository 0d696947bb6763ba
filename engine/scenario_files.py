"""Reading and writing scenario folders (TOML, JSON lines and gazetteer files), reporting every
problem."""

from __future__ import annotations

import bisect
import datetime as dt
import gc
import io
import itertools
import json
import operator
import re
import sys
import tomllib
from array import array
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import partial
from itertools import accumulate, chain, islice, repeat
from pathlib import Path
from types import MappingProxyType
from typing import Any, NoReturn, TypeGuard, TypeVar

import tomli_w

from engine.dates import Precision, When, check_range
from engine.errors import FrontlineError, Problem
from engine.events import (
    EVENT_KINDS,
    FACTION_FIELDS,
    PLACE_FIELDS,
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
    factions_named,
    names_of,
)
from engine.factions import Faction, Factions
from engine.gazetteer import inside, read_line, read_outlines, read_places, read_tsv
from engine.log import (
    ACTOR,
    ACTOR_BY_KIND,
    HEDGING_CODES,
    HEDGINGS,
    KIND_CODES,
    KINDS,
    NO_NAME,
    PRECISION_CODES,
    PRECISIONS,
    EventValues,
    Log,
    LogBuilder,
    Other,
    other_table,
)
from engine.places import PLACE_KINDS, Place, Region, build_place_graph
from engine.scenario import Scenario, Skipped, Source
from engine.world import World

T = TypeVar("T")

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


# The events files a scenario folder may have, in the order one is taken when scenario.toml names
# none (and the folder has only one of them).
_EVENTS_FILES = ("events.toml", "events.jsonl", "events.columns")
EVENTS_FORMATS = ("jsonl", "toml", "columns")  # what write_scenario writes: events.<format>


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


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FrontlineError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise FrontlineError(f"{path}: cannot read: {error}") from None


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise FrontlineError(f"{path}: file not found") from None
    except OSError as error:
        raise FrontlineError(f"{path}: cannot read: {error}") from None


def _read_toml(path: Path) -> tuple[dict[str, Any], str]:
    text = _read_text(path)
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
    if isinstance(value, list):
        for item in value:  # a loop, not all(): most lists have one item
            if not isinstance(item, str):
                break
        else:
            return tuple(value)
    elif isinstance(value, str):
        return (value,)
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


def _choice(choices: Mapping[str, T], value: object, key: str) -> T:
    """What `choices` has for a table's value of `key` (an enum's member, or its number)."""
    found = choices.get(value) if isinstance(value, str) else None
    if found is None:
        _text(value, key)
        raise ValueError(f"`{key}` must be one of {', '.join(choices)}; got {value!r}")
    return found


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


def _not_text(key: str) -> ValueError:
    return ValueError(f"`{key}` must be a string")


def _unknown_kind(kind: object) -> ValueError:
    return ValueError(f"`kind` must be one of {', '.join(KIND_KEYS)}; got {kind!r}")


def _wrong_keys(
    kind: str, keys: Iterable[str], required: Iterable[str], allowed: Iterable[str]
) -> ValueError:
    """What is wrong with the keys of a table of a kind of event: some missing, or unknown."""
    missing = sorted(k for k in required if k not in keys)
    if missing:
        return ValueError(f"a {kind} event needs {', '.join(f'`{k}`' for k in missing)}")
    unknown = sorted(k for k in keys if k not in allowed)
    return ValueError(f"unknown keys for a {kind} event: {', '.join(unknown)}")


def _optional_texts(table: Mapping[str, Any], *keys: str) -> Other:
    """(key, value) of each of these keys whose value is not missing or null."""
    found: Other = ()
    for key in keys:
        value = table.get(key)
        if value is not None:
            found += ((key, _text(value, key)),)
    return found


HOWS = {how.value: how for how in How}
INCIDENT_TYPES = {kind.value: kind for kind in IncidentType}
# The keys of a date, and of a casualty report's period.
_WHEN_KEYS = {
    "": ("earliest", "latest", "precision", "date_phrase"),
    "period": ("period_earliest", "period_latest", "period_precision", "period_phrase"),
}
# The kinds of events, each with its number, its required keys and all the keys it may have.
_KIND_SPECS = {
    kind: (KIND_CODES[EVENT_KINDS[kind]], frozenset(need), frozenset(COMMON_KEYS | need | may))
    for kind, (need, may) in KIND_KEYS.items()
}
# The keys of the other fields of each kind (those without a column of their own in a log: all
# but the common keys and the kind's actor, save disputes and note), as _KIND_SPECS has them.
_OTHER_SPECS = {
    kind: (code, need - column_keys, allowed - column_keys)
    for kind, (code, need, allowed) in _KIND_SPECS.items()
    for column_keys in [COMMON_KEYS - {"disputes", "note"} | {ACTOR.get(kind, "")}]
}
_NEEDS_PLACES = frozenset({"control", "contested", "siege", "siege_lifted"})
_DAY, _RANGE = PRECISION_CODES[Precision.DAY], PRECISION_CODES[Precision.RANGE]
_STATED = HEDGING_CODES[Hedging.STATED]


class _Reader:
    """Reads the event tables of one file into the values of their columns, checking each one:
    what a valid event is, for events.toml and events.jsonl alike. It is called once for every
    event of a log of millions, so it looks values up rather than calling helpers, where it can."""

    def __init__(self, sources: Mapping[str, str] | None, default_source: str) -> None:
        self.sources = sources
        self.default_source = default_source
        self.days: dict[object, int] = {}  # a log names a few thousand days a million times

    def day(self, value: object) -> int:
        """The date ordinal of a date, or of its ISO text."""
        day = self.days.get(value) if isinstance(value, str | dt.date) else None
        if day is None:
            day = self.days[value] = _date(value).toordinal()
        return day

    def when(self, table: Mapping[str, Any], prefix: str = "") -> tuple[int, int, int, str]:
        """(earliest, latest, precision, phrase) of a table's date, or of its period."""
        earliest_key, latest_key, precision_key, phrase_key = _WHEN_KEYS[prefix]
        if not prefix and "date" in table:
            if earliest_key in table or latest_key in table:
                raise ValueError("give either `date` or `earliest` and `latest`, not both")
            value = table["date"]
            earliest = self.days.get(value) if isinstance(value, str) else None
            latest = earliest = earliest or self.day(value)  # no day is numbered 0
        elif earliest_key in table and latest_key in table:
            earliest, latest = self.day(table[earliest_key]), self.day(table[latest_key])
        else:
            raise ValueError(
                f"needs `{earliest_key}` and `{latest_key}`"
                if prefix
                else "needs `date`, or `earliest` and `latest`"
            )
        if precision_key in table:
            precision = _choice(PRECISION_CODES, table[precision_key], precision_key)
        else:
            precision = _DAY if earliest == latest else _RANGE
        phrase = table.get(phrase_key, "")
        if not isinstance(phrase, str):
            raise _not_text(phrase_key)
        if earliest != latest:
            check_range(
                dt.date.fromordinal(earliest), dt.date.fromordinal(latest), PRECISIONS[precision]
            )
        return earliest, latest, precision, phrase

    def provenance(self, table: Mapping[str, Any]) -> tuple[str, int, int, str, int, str | None]:
        """(source, start, end, quote, hedging, attribution) of a table; spans are found in the
        sources when not written."""
        get = table.get
        quote = get("quote", "")
        if not isinstance(quote, str):
            raise _not_text("quote")
        if not quote or quote.isspace():
            raise ValueError("needs a `quote`: the words of the source that state it")
        source = get("source", self.default_source)
        if not isinstance(source, str):
            raise _not_text("source")
        sources = self.sources
        text = None if sources is None else sources.get(source)
        if sources is not None and text is None:
            raise ValueError(f"unknown source {source!r}")
        if "span" in table:
            span = table["span"]
            if not (
                isinstance(span, list)
                and len(span) == 2
                and isinstance(span[0], int)
                and isinstance(span[1], int)
            ):
                raise ValueError("`span` must be [start, end]")
            start, end = span
            if start < 0:
                raise ValueError(f"`span` {span} starts before the source")
            if text is not None and text[start:end] != quote:
                raise ValueError(f"`span` {span} does not hold the quote in source {source!r}")
            if end - start != len(quote):
                raise ValueError(f"`span` {span} is not as long as the quote")
        elif text is not None:
            start, end = _locate(quote, text, source)
        else:
            raise ValueError("needs a `span` when the source text is not at hand")
        hedging = (
            _choice(HEDGING_CODES, table["hedging"], "hedging") if "hedging" in table else _STATED
        )
        attribution = get("attribution")
        if attribution is not None and not isinstance(attribution, str):
            raise _not_text("attribution")
        return source, start, end, quote, hedging, attribution

    def values(self, table: Mapping[str, Any], position: int) -> EventValues:
        """The values of the columns of an event table, whose position defaults to `position`;
        ValueError or TypeError says what is wrong with it."""
        kind = table.get("kind")
        if not isinstance(kind, str) or kind not in _KIND_SPECS:
            raise _unknown_kind(kind)
        code, required, allowed = _KIND_SPECS[kind]
        keys = table.keys()
        if not (keys >= required and keys <= allowed):
            raise _wrong_keys(kind, keys, required, allowed)
        get = table.get
        event_id = get("id", "")
        if not isinstance(event_id, str):
            raise _not_text("id")
        if not event_id:
            raise ValueError("needs an `id`")
        earliest, latest, precision, phrase = self.when(table)
        source, start, end, quote, hedging, attribution = self.provenance(table)
        position = get("position", position)
        if type(position) is not int:  # nor a bool
            raise ValueError("`position` must be a whole number")
        places = _strings(table["places"], "places") if "places" in table else ()
        if not places and kind in _NEEDS_PLACES:
            raise ValueError(f"a {kind} event needs at least one place in `places`")
        actor_key = ACTOR.get(kind)
        actor = None if actor_key is None else _text(get(actor_key), actor_key)
        return (
            code, event_id, earliest, latest, precision, phrase, position, source, start, end,
            quote, hedging, attribution, places, actor, self.other(kind, table),
        )  # fmt: skip

    def other(self, kind: str, table: Mapping[str, Any]) -> Other:
        """The other fields of an event table of a kind (those without a column of their own in a
        log), only those the table gives: the builder fills in the defaults."""
        get = table.get
        other: Other = ()
        if "disputes" in table:
            other += (("disputes", _strings(table["disputes"], "disputes")),)
        if "note" in table:
            other += (("note", _text(table["note"], "note")),)
        match kind:
            case "control":
                other += _optional_texts(table, "previous")
                if "how" in table:
                    other += (("how", _choice(HOWS, table["how"], "how")),)
                if "except" in table:
                    other += (("excluded", _strings(table["except"], "except")),)
            case "contested":
                other += (("parties", _strings(get("parties"), "parties")),)
            case "allegiance":
                other += _optional_texts(table, "previous")
                other += (("joins", _text(get("joins"), "joins")),)
            case "casualties":
                for key in ("killed", "wounded"):
                    if get(key) is not None:
                        other += ((key, _count(get(key), key)),)
                if "period_earliest" in table or "period_latest" in table:
                    other += (("period", self.period(table)),)
                if "cumulative" in table:
                    other += (("cumulative", bool(table["cumulative"])),)
            case "incident":
                other += (("type", _choice(INCIDENT_TYPES, get("type"), "type")),)
                other += _optional_texts(table, "by", "against")
            case "assertion":
                share = get("share")
                if not (
                    isinstance(share, list)
                    and len(share) == 2
                    and all(isinstance(s, int | float) and not isinstance(s, bool) for s in share)
                    and 0 <= share[0] <= share[1] <= 1
                ):
                    raise ValueError("`share` must be [low, high] between 0 and 1")
                other += (
                    ("faction", _text(get("faction"), "faction")),
                    ("region", _text(get("region"), "region")),
                    ("share", (float(share[0]), float(share[1]))),
                )
                if "except" in table:
                    other += (("excluded", _strings(table["except"], "except")),)
        return other

    def other_set(self, kind: object, table: object) -> tuple[int, Other]:
        """The kind (its number) and other fields of an other-field set of events.columns: an
        events.jsonl table of those fields alone; ValueError or TypeError says what is wrong."""
        if not isinstance(kind, str) or kind not in _OTHER_SPECS:
            raise _unknown_kind(kind)
        if not isinstance(table, dict):
            raise ValueError("must be a table of keys and values")
        code, required, allowed = _OTHER_SPECS[kind]
        keys = table.keys()
        if not (keys >= required and keys <= allowed):
            raise _wrong_keys(kind, keys, required, allowed)
        return code, self.other(kind, table)

    def period(self, table: Mapping[str, Any]) -> When:
        """The period a casualty report counts over."""
        earliest, latest, precision, phrase = self.when(table, "period")
        days = dt.date.fromordinal(earliest), dt.date.fromordinal(latest)
        return When(*days, PRECISIONS[precision], phrase)


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
    blocks = _blocks(io.StringIO(text, newline="\n").read)
    log, _lines = _parse_jsonl(Path(path), blocks, sources, default_source)
    return log


@contextmanager
def _no_collection() -> Iterator[None]:
    """Pause the cyclic garbage collector, then put it back as it was."""
    # Reading a log makes millions of dicts, lists and tuples, none of them in a cycle, and each
    # allocation counts towards a collection that walks every object still alive: measured, a
    # quarter of the time of loading a big log. As a decorator, it lets the collector run again
    # only once the function's own objects are gone, so that it has next to nothing to walk.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _collect(
    tables: Iterable[tuple[int | None, Any]], path: Path, reader: _Reader
) -> tuple[LogBuilder, dict[str, int | None], list[Problem]]:
    """The events of decoded tables, each with the line it starts on, and the problems of the
    bad ones; an event's position defaults to its rank in the file."""
    problems: list[Problem] = []
    builder = LogBuilder()
    add, values = builder.add, reader.values
    lines: dict[str, int | None] = {}
    for index, (line, table) in enumerate(tables):
        if not isinstance(table, dict):
            problems.append(Problem(_at(path, line), "an event must be a table of keys and values"))
            continue
        try:
            event = values(table, index)
        except (ValueError, TypeError) as error:
            label = f"event {table.get('id', '#' + str(index + 1))}"
            problems.append(Problem(_at(path, line, label), str(error)))
            continue
        event_id = event[1]
        if event_id in lines:
            problems.append(Problem(_at(path, line, f"event {event_id}"), "id used twice"))
            continue
        lines[event_id] = line
        add(event)
    return builder, lines, problems


@_no_collection()
def _parse_events(
    path: Path, text: str, sources: Mapping[str, str] | None, default_source: str
) -> tuple[Log, tuple[Skipped, ...], dict[str, int | None]]:
    document = _parse_toml(path, text)
    where = _Where(path, text)
    tables = document.get("event", [])
    if not isinstance(tables, list):
        raise FrontlineError(f"{path}: `event` must be an array of tables ([[event]])")
    reader = _Reader(sources, default_source)
    builder, lines, problems = _collect(
        ((where.line("event", index), table) for index, table in enumerate(tables)),
        path,
        reader,
    )
    skipped = []
    for index, table in enumerate(document.get("skipped", [])):
        try:
            source, start, end, quote, _hedging, _attribution = reader.provenance(table)
            reason = _text(table.get("reason", ""), "reason")
            if not reason.strip():
                raise ValueError("needs a `reason`")
        except (ValueError, TypeError) as error:
            problems.append(Problem(where("skipped", index, "skipped"), str(error)))
            continue
        skipped.append(Skipped(quote, reason, source, start, end))
    if problems:
        raise FrontlineError(problems)
    return builder.build(), tuple(skipped), lines


@_no_collection()
def _parse_jsonl(
    path: Path, blocks: Iterable[str], sources: Mapping[str, str] | None, default_source: str
) -> tuple[Log, dict[str, int | None]]:
    builder, lines, problems = _collect(
        _json_lines(path, blocks), path, _Reader(sources, default_source)
    )
    if problems:
        raise FrontlineError(problems)
    return builder.build(), lines


_BLOCK = 1 << 20  # characters of JSON Lines decoded at once: many lines, a bounded memory


def _json_lines(path: Path, blocks: Iterable[str]) -> Iterator[tuple[int | None, Any]]:
    """Each line that is not blank, decoded, with its number, from blocks of whole lines; a line
    that is not JSON stops the reading, as a TOML syntax error does."""
    number = 1
    for block in blocks:
        lines = block.removesuffix("\n")
        count = lines.count("\n") + 1
        values = None if "null" in lines else _decode_lines(lines, count)
        if values is None:
            yield from _json_line_by_line(path, lines.split("\n"), number)
        else:
            yield from zip(itertools.count(number), values)
        number += count


def _decode_lines(lines: str, count: int) -> list[Any] | None:
    """The values of `count` lines with no null in them, each of one JSON value; None when they
    are not all such lines."""
    # One call of the decoder for thousands of lines: their breaks made `,null,`, they are an
    # array of values with a null between each two, exactly when each line is one value. (A
    # comma alone would let a value broken over two lines make up for two values on one.)
    try:
        values: list[Any] = json.loads(f"[{lines.replace(chr(10), ',null,')}]")
    except (json.JSONDecodeError, RecursionError):  # line by line then names the bad line
        return None
    if len(values) != 2 * count - 1 or values[1::2].count(None) != count - 1:
        return None
    return values[0::2]


def _json_line_by_line(path: Path, lines: list[str], first: int) -> Iterator[tuple[int, Any]]:
    """Each line that is not blank, decoded, with its number; the first line is number `first`."""
    for number, line in enumerate(lines, start=first):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as error:
            raise FrontlineError(
                f"{path}:{number}: not valid JSON: {error.msg} (column {error.colno})"
            ) from None
        except RecursionError:
            raise FrontlineError(f"{path}:{number}: JSON nested too deep") from None


def _blocks(read: Callable[[int], str]) -> Iterator[str]:
    """The text `read` gives, in blocks of whole lines (the last may lack its line break)."""
    rest = ""
    while block := read(_BLOCK):
        block = rest + block
        cut = block.rfind("\n") + 1
        rest = block[cut:]
        if cut:
            yield block[:cut]
    if rest:
        yield rest


def _file_blocks(path: Path) -> Iterator[str]:
    """The text of a file in blocks of whole lines, read as they are used."""
    try:
        with path.open(encoding="utf-8") as handle:
            yield from _blocks(handle.read)
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


# ---------------------------------------------------------------------------- events.columns

COLUMNS_FORMAT = "frontline events.columns"
COLUMNS_VERSION = 1
# The columns of events.columns in file order, with their types: u8 a byte a value, i32 a 32-bit
# signed integer (little-endian), utf8 text. Each has a value an event, but `ids` and `quotes`
# (cut at the ends `id_end` and `quote_end` give), `places` (as many as the last `place_end`
# says) and `attributed` and `attribution` (one each an event with an attribution).
COLUMN_TYPES = {
    "kind": "u8", "id_end": "i32", "ids": "utf8", "id_order": "i32", "earliest": "i32",
    "latest": "i32", "precision": "u8", "phrase": "i32", "position": "i32", "source": "i32",
    "start": "i32", "end": "i32", "quote_end": "i32", "quotes": "utf8", "hedging": "u8",
    "place_end": "i32", "places": "i32", "actor": "i32", "other": "i32", "attributed": "i32",
    "attribution": "i32",
}  # fmt: skip
_SIZES = {"u8": 1, "i32": 4}
_PER_EVENT = frozenset(COLUMN_TYPES) - {"ids", "quotes", "places", "attributed", "attribution"}
_NOT_IN_LOG = frozenset({"other", "attributed", "attribution"})  # the log keeps these otherwise
_SWAP = sys.byteorder != "little"  # the file's numbers are little-endian, an array's the machine's
_LAST_DAY = dt.date.max.toordinal()
# For bytes.translate: 1 for the code of each kind of event that needs places, else 0.
_PLACES_NEEDED = bytes(k < len(KINDS) and KINDS[k].kind in _NEEDS_PLACES for k in range(256))


def dump_log_columns(log: Log) -> Iterator[bytes]:
    """The events.columns file of a log, a JSON header line then the bytes of each column, which
    parse_log_columns reads back equal."""
    columns = log.columns()
    kinds, attribution = columns["kind"], columns["attribution"]
    # The (kind, other-field set) pairs of the events, numbered in the order they are first used:
    # a set is checked for its kind once, and the log's table comes out in the same order.
    given = list(zip(kinds, columns["other"], strict=True))
    pairs = {pair: n for n, pair in enumerate(dict.fromkeys(given))}
    attributed = sorted(attribution)
    texts = {t: n for n, t in enumerate(dict.fromkeys(map(attribution.__getitem__, attributed)))}
    columns |= {
        "other": array("i", map(pairs.__getitem__, given)),
        "attributed": array("i", attributed),
        "attribution": array("i", map(texts.__getitem__, map(attribution.__getitem__, attributed))),
    }
    data = [_column_bytes(columns[name]) for name in COLUMN_TYPES]
    others = columns["others"]
    header = {
        "format": COLUMNS_FORMAT,
        "version": COLUMNS_VERSION,
        "byteorder": "little",
        "events": len(log),
        "names": columns["names"],
        "others": [[KINDS[kind].kind, _other_table(kind, others[other])] for kind, other in pairs],
        "attributions": list(texts),
        "columns": [
            [name, kind, len(column)]
            for (name, kind), column in zip(COLUMN_TYPES.items(), data, strict=True)
        ],
    }
    yield json.dumps(header, separators=(",", ":"), default=_json_date).encode() + b"\n"
    yield from data


def _column_bytes(column: bytes | str | array[int]) -> bytes:
    """The bytes of a column as events.columns has them."""
    if isinstance(column, str):
        return column.encode()
    if isinstance(column, bytes):
        return column
    if _SWAP:
        column = array("i", column)
        column.byteswap()
    return column.tobytes()


def _other_table(kind: int, fields: Mapping[str, Any]) -> dict[str, Any]:
    """The keys of events.jsonl that give an event's other fields (those without a column)."""
    # Written by the one writer of event tables, from an event of the kind with these fields and
    # nothing else to say.
    cls = KINDS[kind]
    given: dict[str, Any] = {**fields, "id": "", "when": When(dt.date.min, dt.date.min)}
    given["provenance"] = Provenance("", 0, 0, "")
    actor = ACTOR.get(cls.kind)
    if actor is not None:
        given[actor] = ""
    event = cls(**given)
    allowed = _OTHER_SPECS[cls.kind][2]
    return {key: value for key, value in _event_table(event).items() if key in allowed}


def parse_log_columns(
    data: bytes, path: str = "events.columns", sources: Mapping[str, str] | None = None
) -> Log:
    """The event log of an events.columns file; quotes are checked against the sources given."""
    return _parse_columns(Path(path), data, sources)


@_no_collection()
def _parse_columns(path: Path, data: bytes, sources: Mapping[str, str] | None) -> Log:
    return _ColumnsFile(path, sources).log(data)


class _ColumnsFile:
    """Reads an events.columns file into a log's columns and checks them as events.jsonl's events
    are checked, a column at a time in C (array, bytes and str methods, min and max, map over
    operator functions): never event by event in Python, but to say what is wrong with the one
    event at fault, which the reader of events.jsonl is asked."""

    def __init__(self, path: Path, sources: Mapping[str, str] | None) -> None:
        self.path = path
        self.sources = sources
        self.reader = _Reader(sources, "")
        self.columns: dict[str, Any] = {}
        self.ids: list[str] = []
        self.names: list[str] = []
        self.entries: list[Any] = []  # the header's other-field sets: [kind, fields]
        self.attribution: dict[int, str] = {}
        self.kinds = b""  # the kind of each of the header's other-field sets
        self.sources_used: set[int] = set()  # the codes of the names of the events' sources

    def fail(self, message: str, index: int | None = None) -> NoReturn:
        """Stop at a problem of the file, or of the event at an index in log order."""
        label = ""
        if index is not None:
            found = self.ids[index] if index < len(self.ids) else ""
            label = f"event {found}" if found else f"event #{index + 1}"
        raise FrontlineError([Problem(_at(self.path, None, label), message)])

    def fault(self, index: int, otherwise: str = "not a valid event") -> NoReturn:
        """Stop at what the reader of events.jsonl finds wrong with an event; `otherwise` when it
        finds nothing (a rule of the columns alone)."""
        try:
            self.reader.values(self.table(index), index)
        except (ValueError, TypeError) as error:
            self.fail(str(error), index)
        self.fail(otherwise, index)

    def table(self, index: int) -> dict[str, Any]:
        """An event as a table of events.jsonl, from its columns (whose codes are checked)."""
        c, names = self.columns, self.names
        kind, other = KINDS[c["kind"][index]].kind, self.entries[c["other"][index]][1]
        first, last = (c["quote_end"][index - 1] if index else 0), c["quote_end"][index]
        place_first = c["place_end"][index - 1] if index else 0
        table = {
            **other,
            "id": self.ids[index],
            "kind": kind,
            "earliest": dt.date.fromordinal(c["earliest"][index]),
            "latest": dt.date.fromordinal(c["latest"][index]),
            "precision": PRECISIONS[c["precision"][index]].value,
            "date_phrase": names[c["phrase"][index]],
            "quote": c["quotes"][first:last],
            "source": names[c["source"][index]],
            "span": [c["start"][index], c["end"][index]],
            "hedging": HEDGINGS[c["hedging"][index]].value,
            "position": c["position"][index],
            "places": [names[p] for p in c["places"][place_first : c["place_end"][index]]],
        }
        actor = ACTOR.get(kind)
        if actor is not None and c["actor"][index] != NO_NAME:
            table[actor] = names[c["actor"][index]]
        if index in self.attribution:
            table["attribution"] = self.attribution[index]
        return table

    def log(self, data: bytes) -> Log:
        """The log of the file's events, every column checked."""
        header, body = self.header(data)
        self.columns = c = self.decode(header["columns"], body)
        self.names, self.entries = header["names"], header["others"]
        # First what makes the columns readable (offsets, codes, days), stopping at the first
        # problem; what is wrong with an event itself only then, and said by the reader of
        # events.jsonl, which is given the event as read from the columns.
        at_fault = [self.ends("id_end", len(c["ids"]), strict=True)]
        self.ids = _cut(c["ids"], c["id_end"])
        self.ends("place_end", len(c["places"]))
        at_fault.append(self.check_spans())
        self.check_codes(header["events"], len(header["attributions"]))
        at_fault.append(self.check_days())
        texts = map(header["attributions"].__getitem__, c["attribution"])
        self.attribution = dict(zip(c["attributed"], texts, strict=True))
        codes, others = self.other_fields()
        at_fault.append(self.check_kinds())
        for index in sorted(at_fault):
            if index >= 0:  # the reader of events.jsonl sees all but other fields (empty ones)
                self.fault(index, "`other` gives it the other fields of another kind of event")
        self.check_quotes()
        self.check_places()
        self.check_ids()
        return Log.from_columns(
            {
                **{name: c[name] for name in COLUMN_TYPES if name not in _NOT_IN_LOG},
                "names": tuple(self.names),
                "other": array("i", map(codes.__getitem__, c["other"])),
                "others": others,
                "attribution": MappingProxyType(self.attribution),
            }
        )

    def header(self, data: bytes) -> tuple[dict[str, Any], memoryview]:
        """The file's header, checked, and the bytes of its columns."""
        cut = data.find(b"\n")
        try:
            header = json.loads(data[:cut]) if cut > 0 else None
        except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested too deep
            header = None
        if not isinstance(header, dict) or header.get("format") != COLUMNS_FORMAT:
            self.fail(
                "not an events.columns file: its first line must be a JSON header with "
                f'"format": "{COLUMNS_FORMAT}"'
            )
        version = header.get("version")
        if type(version) is not int or version != COLUMNS_VERSION:
            self.fail(
                f"events.columns version {version!r:.20}: this frontline reads version "
                f"{COLUMNS_VERSION}"
            )
        if header.get("byteorder") != "little":
            self.fail('header: `byteorder` must be "little" (numbers are little-endian)')
        count, names = header.get("events"), header.get("names")
        if type(count) is not int or count < 0:
            self.fail("header: `events` must be the number of events")
        if not (_texts(names) and len(set(names)) == len(names)):
            self.fail("header: `names` must be a list of distinct strings")
        if not _texts(header.get("attributions")):
            self.fail("header: `attributions` must be a list of strings")
        if not isinstance(header.get("others"), list):
            self.fail("header: `others` must be a list of [kind, fields]")
        columns = header.get("columns")
        expected = list(COLUMN_TYPES.items())
        if not (
            isinstance(columns, list)
            and len(columns) == len(expected)
            and all(
                isinstance(column, list)
                and len(column) == 3
                and (column[0], column[1]) == name_type
                and type(column[2]) is int
                and column[2] >= 0
                for column, name_type in zip(columns, expected, strict=True)
            )
        ):
            self.fail(
                "header: `columns` must give [name, type, bytes] of each column, in this order: "
                + ", ".join(f"{name} {kind}" for name, kind in expected)
            )
        body = memoryview(data)[cut + 1 :]
        total = sum(length for _name, _kind, length in columns)
        if total > len(body):
            self.fail(
                f"truncated: its header gives its columns {total:,} bytes, but {len(body):,} "
                "follow it"
            )
        if total < len(body):
            self.fail(f"{len(body) - total:,} bytes more than the {total:,} of its columns")
        for name, kind, length in columns:
            size = _SIZES.get(kind, 0)
            if name in _PER_EVENT and length != count * size:
                self.fail(f"column `{name}` has {length:,} bytes, not {size} for each event")
            if size and length % size:
                self.fail(f"column `{name}` has {length:,} bytes, not {size} for each value")
        return header, body

    def decode(self, columns: list[list[Any]], body: memoryview) -> dict[str, Any]:
        """Each column as bytes, an array of numbers or a text."""
        found: dict[str, Any] = {}
        offset = 0
        for name, kind, length in columns:
            view = body[offset : offset + length]
            offset += length
            if kind == "u8":
                found[name] = bytes(view)
            elif kind == "i32":
                found[name] = numbers = array("i")
                numbers.frombytes(view)
                if _SWAP:
                    numbers.byteswap()
            else:
                try:
                    found[name] = str(view, "utf-8")
                except UnicodeDecodeError as error:
                    where = f"byte {error.start:,} of it"
                    self.fail(f"column `{name}` is not UTF-8: {error.reason} at {where}")
        return found

    def ends(self, name: str, total: int, strict: bool = False) -> int:
        """Check a column of end offsets: from 0, never going back, the last at the end of what
        they cut. With `strict`, the index of the first empty piece (-1 when there is none)."""
        ends = self.columns[name]
        step = operator.lt if strict else operator.le
        first = bytes(map(step, chain((0,), ends), ends)).find(0)
        back = first
        if strict and first >= 0:
            back = bytes(map(operator.le, chain((0,), ends), ends)).find(0)
        if back >= 0:
            self.fail(f"`{name}` goes back to {ends[back]:,}", back)
        last = ends[-1] if ends else 0
        if last != total:
            self.fail(f"`{name}` ends at {last:,}, but what it cuts has {total:,}")
        return first

    def check_spans(self) -> int:
        """Check `quote_end`; the index of the first event whose quote is empty or not as long as
        its span, or -1."""
        c = self.columns
        quote_end, quotes = c["quote_end"], c["quotes"]
        spans = list(map(operator.sub, c["end"], c["start"]))
        # When the spans, none empty, add up to the ends of the quotes, those ends are right and
        # each quote is as long as its span: all at once, and piece by piece only when not.
        if (
            min(spans, default=1) > 0
            and list(accumulate(spans)) == quote_end.tolist()
            and (quote_end[-1] if quote_end else 0) == len(quotes)
        ):
            return -1
        empty = self.ends("quote_end", len(quotes), strict=True)
        lengths = map(operator.sub, quote_end, chain((0,), quote_end))
        wrong = bytes(map(operator.eq, spans, lengths)).find(0)
        return min((index for index in (empty, wrong) if index >= 0), default=-1)

    def within(
        self,
        name: str,
        low: int,
        high: int,
        event: Callable[[int], int | None] | None = None,
        distinct: Collection[int] | None = None,
    ) -> None:
        """Check that every number of a column is from low to high; `event` gives the event of a
        value's index, when that is not the index; `distinct`, the column's values, if known."""
        column = self.columns[name]
        if not column:
            return
        if isinstance(column, bytes):  # codes of a few values: the others deleted, in C
            out = column.translate(None, bytes(range(low, high + 1)))
            bad = out[0] if out else None
        else:
            values = column if distinct is None else distinct
            least, most = min(values), max(values)
            bad = least if least < low else most if most > high else None
        if bad is not None:
            index = column.index(bad)
            self.fail(
                f"`{name}` {bad} is out of range ({low} to {high})",
                index if event is None else event(index),
            )

    def check_codes(self, count: int, attributions: int) -> None:
        """Check that each number that stands for something in a table, or for an event, is one
        of its column's (the kinds and actors, the days and precisions: in their own checks)."""
        c, last_name = self.columns, len(self.names) - 1
        self.within("kind", 0, len(KINDS) - 1)
        self.within("hedging", 0, len(HEDGINGS) - 1)
        self.within("phrase", 0, last_name)
        self.sources_used = set(c["source"])  # a few, which the quotes are checked against
        self.within("source", 0, last_name, distinct=self.sources_used)
        self.within("places", 0, last_name, partial(bisect.bisect_right, c["place_end"]))
        attributed = c["attributed"]
        if len(attributed) != len(c["attribution"]):
            self.fail("`attributed` and `attribution` must have as many values as each other")
        self.within("attributed", 0, count - 1, lambda _index: None)
        again = bytes(map(operator.lt, attributed, islice(attributed, 1, None))).find(0)
        if again >= 0:
            self.fail("`attributed` must give events in log order, each once", attributed[again])
        self.within("attribution", 0, attributions - 1, attributed.__getitem__)

    def index(self, names: tuple[str, ...], values: tuple[int, ...]) -> int:
        """The first event whose columns of these names have these values."""
        columns = zip(*(self.columns[name] for name in names), strict=True)
        return next(index for index, found in enumerate(columns) if found == values)

    def check_days(self) -> int:
        """Check each distinct date (earliest, latest, precision) once: days that are dates and a
        precision; the index of the first event whose date check_range refuses, or -1."""
        names = ("earliest", "latest", "precision")
        refused = []
        for date in set(zip(*(self.columns[name] for name in names), strict=True)):
            earliest, latest, precision = date
            for name, day in zip(names, date[:2], strict=False):
                if not 1 <= day <= _LAST_DAY:
                    self.fail(
                        f"`{name}` {day} is out of range (1 to {_LAST_DAY}: 0001-01-01 to "
                        "9999-12-31)",
                        self.index(names, date),
                    )
            if precision >= len(PRECISIONS):
                self.fail(
                    f"`precision` {precision} is out of range (0 to {len(PRECISIONS) - 1})",
                    self.index(names, date),
                )
            try:
                check_range(
                    dt.date.fromordinal(earliest),
                    dt.date.fromordinal(latest),
                    PRECISIONS[precision],
                )
            except ValueError:
                refused.append(date)
        return min((self.index(names, date) for date in refused), default=-1)

    def other_fields(self) -> tuple[list[int], tuple[Mapping[str, Any], ...]]:
        """The numbers of the header's other-field sets in the log's table of them, and that
        table: each set checked once for its kind, as the fields of events.jsonl are."""
        pairs = []
        for number, entry in enumerate(self.entries):
            try:
                if not (isinstance(entry, list) and len(entry) == 2):
                    raise ValueError("must be [kind, fields]")
                pairs.append(self.reader.other_set(*entry))
            except (ValueError, TypeError) as error:
                used = self.columns["other"]
                self.fail(
                    f"other-field set {number} of the header (`others`): {error}",
                    used.index(number) if number in used else None,
                )
        self.kinds = bytes(kind for kind, _fields in pairs)
        return other_table(pairs)

    def check_kinds(self) -> int:
        """Check each distinct (kind, actor, other-field set) of the events once: an actor and a
        set of the tables, an actor for the kinds that have one, -1 for the others; the index of
        the first event that lacks its actor or has the other fields of another kind, or -1."""
        names = ("kind", "actor", "other")
        last_name, faulty = len(self.names) - 1, []
        for found in set(zip(*(self.columns[name] for name in names), strict=True)):
            kind, actor, other = found
            if not NO_NAME <= actor <= last_name:
                self.fail(
                    f"`actor` {actor} is out of range ({NO_NAME} to {last_name})",
                    self.index(names, found),
                )
            if not 0 <= other < len(self.entries):
                self.fail(
                    f"`other` {other} is out of range (0 to {len(self.entries) - 1})",
                    self.index(names, found),
                )
            if ACTOR_BY_KIND[kind] is None and actor != NO_NAME:
                self.fail(
                    f"a {KINDS[kind].kind} event has no actor: `actor` must be {NO_NAME}",
                    self.index(names, found),
                )
            if (actor == NO_NAME and ACTOR_BY_KIND[kind] is not None) or self.kinds[other] != kind:
                faulty.append(found)
        return min((self.index(names, found) for found in faulty), default=-1)

    def first(self, flags: bytes, bad: int = 0) -> None:
        """Stop at the first event whose flag is `bad`, if any."""
        index = flags.find(bad)
        if index >= 0:
            self.fault(index)

    def check_quotes(self) -> None:
        """Check each quote: not blank and, with the sources, the words of its source at its
        span (spans are as long as their quotes already)."""
        c = self.columns
        quotes, quote_end, start = c["quotes"], c["quote_end"], c["start"]
        if self.sources is None:
            parts = _cut(quotes, quote_end)
        else:
            source = c["source"]
            texts: dict[int, str] = {}
            for code in self.sources_used:
                text = self.sources.get(self.names[code])
                if text is None:
                    self.fault(source.index(code))
                texts[code] = text
            cuts = map(slice, start, c["end"])
            if len(texts) == 1:
                (text,) = texts.values()
                parts = list(map(text.__getitem__, cuts))
            else:
                parts = list(map(operator.getitem, map(texts.__getitem__, source), cuts))
            # From 0 on, no slice is longer than its span: when the slices add up to the quotes,
            # each is its quote.
            if min(start, default=0) < 0 or "".join(parts) != quotes:
                self.first(bytes(map(operator.eq, parts, _cut(quotes, quote_end))))
        self.first(bytes(map(str.isspace, parts)), 1)

    def check_places(self) -> None:
        """Check that each event of a kind that needs places has some."""
        place_end = self.columns["place_end"]
        empty = bytes(map(operator.eq, chain((0,), place_end), place_end))
        needed = self.columns["kind"].translate(_PLACES_NEEDED)
        if _any_both(empty, needed):
            self.first(bytes(map(operator.and_, empty, needed)), 1)

    def check_ids(self) -> None:
        """Check that no id is used twice, that `id_order` lists the events by id, and that the
        events are in log order: by position, then id."""
        ids, order, position = self.ids, self.columns["id_order"], self.columns["position"]
        if _increasing(ids):  # as often as not, ids are in log order too: then so is id_order
            by_id = order == array("i", range(len(ids)))
        else:
            self.within("id_order", 0, len(ids) - 1)
            by_id = _increasing(list(map(ids.__getitem__, order)))
        if not by_id:
            seen: set[str] = set()
            for index, event_id in enumerate(ids):
                if event_id in seen:
                    self.fail("id used twice", index)
                seen.add(event_id)
            self.fail("`id_order` must list every event once, in the order of their ids")
        if not _increasing(position):
            keys = list(zip(position, ids, strict=True))
            back = bytes(map(operator.lt, keys, islice(keys, 1, None))).find(0)
            if back >= 0:
                self.fail(
                    f"not in log order (by position, then id): after event {ids[back]}",
                    back + 1,
                )


def _increasing(values: Sequence[Any]) -> bool:
    """True when each value is less than the next."""
    return all(map(operator.lt, values, islice(values, 1, None)))


def _texts(value: object) -> TypeGuard[list[str]]:
    """True for a list of strings."""
    return isinstance(value, list) and all(map(isinstance, value, repeat(str)))


def _cut(text: str, ends: array[int]) -> list[str]:
    """The pieces of a text that end at these offsets (in characters), one after another."""
    return list(map(text.__getitem__, map(slice, chain((0,), ends), ends)))


def _any_both(first: bytes, second: bytes) -> bool:
    """True when some flag is in both (as fast as two numbers are and-ed)."""
    return bool(int.from_bytes(first, "little") & int.from_bytes(second, "little"))


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
    # Each name is looked up once for the whole log; the events are read one by one (slowly) only
    # to say which of them name one that is missing.
    if (
        all(target in world.places for target in log.names_in(PLACE_FIELDS))
        and all(
            faction in world.factions or faction in NON_COMBATANTS
            for faction in log.names_in(FACTION_FIELDS)
        )
        and all(other in log for other in log.names_in(("disputes",)))
    ):
        return []
    problems = []
    for event in log:
        for key in PLACE_FIELDS:
            for target in names_of(getattr(event, key, None)):
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
    """The events file: the one scenario.toml names, else the one of events.toml, events.jsonl
    and events.columns that the folder has."""
    if "events" in config:
        try:
            return folder / _text(config["events"], "events")
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
    lines: Mapping[str, int | None] = {}  # events.columns has no lines
    if events_path.suffix == ".jsonl":
        log, lines = _parse_jsonl(events_path, _file_blocks(events_path), texts, default_source)
    elif events_path.suffix == ".columns":
        log = _parse_columns(events_path, _read_bytes(events_path), texts)
    else:
        log, skipped, lines = _parse_events(
            events_path, _read_text(events_path), texts, default_source
        )
    reference_problems = check_references(
        log, world, lambda e: _at(events_path, lines.get(e.id), f"event {e.id}")
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
    """Write a scenario like those `synthesize` makes to a folder, its events as
    events.<events_format> (one of EVENTS_FORMATS); load_scenario reads it back."""
    check_output_folder(folder, force)
    files = _files(scenario, events_format)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, chunks in files.items():
            with (folder / name).open("wb") as handle:
                handle.writelines(chunks)
    except OSError as error:
        raise FrontlineError(f"{folder}: cannot write: {error.strerror or error}") from None


def _files(scenario: Scenario, events_format: str = "jsonl") -> dict[str, Iterable[bytes]]:
    """The files of a scenario folder by name, each as its bytes in pieces (text files a line a
    piece); the events are made as they are written. Places go to places.tsv and regions to
    admin.tsv, so only a governorate and its districts, made of the places that name them, can be
    written (what `synthesize` makes)."""
    if events_format not in EVENTS_FORMATS:
        raise FrontlineError(
            f"unknown events format {events_format!r}: {', '.join(EVENTS_FORMATS)}"
        )
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
    written: dict[str, Iterable[bytes]] = {
        name: map(str.encode, lines) for name, lines in files.items()
    }
    if events_format == "columns":
        written[events_name] = dump_log_columns(scenario.log)
    elif events_format == "jsonl":
        written[events_name] = map(str.encode, dump_log_jsonl(scenario.log))
    else:
        written[events_name] = map(str.encode, [dump_log(scenario.log, scenario.skipped)])
    return written


def _unwritable(scenario: Scenario, events_format: str) -> list[Problem]:
    """What the files could not hold as it is: a region that is not an admin unit of the places
    that name it, a value that breaks a TSV row, skipped sentences in JSON lines."""
    regions = scenario.world.places.regions
    problems = []
    if scenario.skipped and events_format != "toml":
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
