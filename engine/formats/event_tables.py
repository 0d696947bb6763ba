"""Events as tables of keys and values, the shared form of events.toml, events.jsonl and
the other-field sets of events.columns: the one reader of an event's table (what a valid
event is), its one writer, and the check of the names events give."""

from __future__ import annotations

import datetime as dt
import enum
import gc
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import attrs
from attrs import frozen

from engine.errors import Problem
from engine.model.dates import LAST_DAY, Precision, When, check_range
from engine.model.events import (
    CIVILIANS,
    EVENT_KINDS,
    FACTION_FIELDS,
    PLACE_FIELDS,
    Count,
    Event,
    Hedging,
    factions_named,
    kind_fields,
    names_of,
)
from engine.model.log import (
    ACTOR,
    HEDGING_CODES,
    KIND_CODES,
    PRECISION_CODES,
    PRECISIONS,
    EventValues,
    Log,
    LogBuilder,
    Other,
)
from engine.model.rules import changes_control
from engine.model.world import World

T = TypeVar("T")


# Parties of a casualty report that are not factions.
NON_COMBATANTS = frozenset({CIVILIANS})

COMMON_KEYS = {
    "id", "kind", "date", "earliest", "latest", "precision", "date_phrase", "quote", "source",
    "span", "hedging", "attribution", "disputes", "note", "places", "position",
}  # fmt: skip


def problem_at(path: Path, line: int | None, label: str = "") -> str:
    """Where a problem is: the file, its line when known, and what is there."""
    return f"{path}{'' if line is None else f':{line}'}" + (f" ({label})" if label else "")


def as_date(value: object) -> dt.date:
    """A date, from a TOML date or its ISO text, no later than LAST_DAY."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"bad date {value!r}: write it as YYYY-MM-DD") from None
    if not isinstance(value, dt.date):
        raise ValueError(f"bad date {value!r}: write it as YYYY-MM-DD")
    if value > LAST_DAY:
        raise ValueError(f"date {value} is too late: a scenario's days end on {LAST_DAY}")
    return value


def as_strings(value: object, key: str) -> tuple[str, ...]:
    """The strings of the value of `key`: a string or a list of strings."""
    if isinstance(value, list):
        for item in value:  # a loop, not all(): most lists have one item
            if not isinstance(item, str):
                break
        else:
            return tuple(value)
    elif isinstance(value, str):
        return (value,)
    raise ValueError(f"`{key}` must be a string or a list of strings")


def as_text(value: object, key: str) -> str:
    """The value of `key`, which must be a string."""
    if not isinstance(value, str):
        raise ValueError(f"`{key}` must be a string")
    return value


# No report counts more people than this; a bigger number is a typing slip (or an attack on
# the 64-bit columns of events.columns), not a count.
MAX_COUNT = 10**9


def _count(value: object, key: str) -> Count:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_COUNT:
        return Count(value, value)
    if (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        and 0 <= value[0] <= value[1] <= MAX_COUNT
    ):
        return Count(value[0], value[1])
    raise ValueError(f"`{key}` must be a number or [low, high], from 0 to {MAX_COUNT:,}")


def _flag(value: object, key: str) -> bool:
    """A true-or-false field: "no" is not false, so a string is refused, not read as true."""
    if not isinstance(value, bool):
        raise ValueError(f"`{key}` must be true or false; got {value!r}")
    return value


def _choice(choices: Mapping[str, T], value: object, key: str) -> T:
    """What `choices` has for a table's value of `key` (an enum's member, or its number)."""
    found = choices.get(value) if isinstance(value, str) else None
    if found is None:
        as_text(value, key)
        raise ValueError(f"`{key}` must be one of {', '.join(choices)}; got {value!r}")
    return found


def _locate(quote: str, text: str, source: str) -> tuple[int, int]:
    # str.find, not a compiled pattern of the quote: a pattern costs memory many times the
    # quote's length, which a hostile 200 MB quote turns into gigabytes.
    first = text.find(quote)
    if first < 0:
        raise ValueError(f"quote is not verbatim in source {source!r}: {quote[:60]!r}")
    if text.find(quote, first + len(quote)) >= 0:
        raise ValueError(
            f"quote occurs {text.count(quote)} times in source {source!r}; quote more words "
            f"or give its `span`: {quote[:60]!r}"
        )
    return first, first + len(quote)


def _not_text(key: str) -> ValueError:
    return ValueError(f"`{key}` must be a string")


def _unknown_kind(kind: object) -> ValueError:
    return ValueError(f"`kind` must be one of {', '.join(EVENT_KINDS)}; got {kind!r}")


def _wrong_keys(
    kind: str, keys: Iterable[str], required: Iterable[str], allowed: Iterable[str]
) -> ValueError:
    """What is wrong with the keys of a table of a kind of event: some missing, or unknown."""
    missing = sorted(k for k in required if k not in keys)
    if missing:
        return ValueError(f"a {kind} event needs {', '.join(f'`{k}`' for k in missing)}")
    unknown = sorted(k for k in keys if k not in allowed)
    return ValueError(f"unknown keys for a {kind} event: {', '.join(unknown)}")


def _share(value: object, key: str) -> tuple[float, float]:
    if not (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(s, int | float) and not isinstance(s, bool) for s in value)
        and 0 <= value[0] <= value[1] <= 1
    ):
        raise ValueError(f"`{key}` must be [low, high] between 0 and 1")
    return float(value[0]), float(value[1])


def _count_written(count: Count | None) -> int | list[int] | None:
    if count is None:
        return None
    return count.low if count.low == count.high else [count.low, count.high]


def when_json(when: When) -> dict[str, Any]:
    """A date range as JSON."""
    return {
        "earliest": when.earliest.isoformat(),
        "latest": when.latest.isoformat(),
        "precision": when.precision.value,
        "phrase": when.phrase,
    }


def _same(value: Any) -> Any:
    return value


def _listed(value: tuple[Any, ...]) -> list[Any] | None:
    return list(value) or None


@frozen
class Shape:
    """How a field of one type is read from an event table, written to one (None: left out)
    and written as the CLI's JSON."""

    read: Callable[[object, str], Any]
    table: Callable[[Any], Any]
    json: Callable[[Any], Any]


# The shapes of the types event fields have (engine.model.events); enums and dates are below.
SHAPES: dict[object, Shape] = {
    str: Shape(as_text, _same, _same),
    str | None: Shape(as_text, _same, _same),
    tuple[str, ...]: Shape(as_strings, _listed, list),
    bool: Shape(_flag, _same, _same),
    Count | None: Shape(
        _count,
        _count_written,
        lambda c: None if c is None else [c.low, c.high],
    ),
    tuple[float, float]: Shape(_share, list, list),
}
# A date range: its four keys under the field's name; the event's own date has keys of its own.
_DATE_PARTS = ("earliest", "latest", "precision", "phrase")
_DATE_KEYS = ("earliest", "latest", "precision", "date_phrase")


def _enum_shape(kind: type[enum.Enum]) -> Shape:
    choices = {member.value: member for member in kind}
    return Shape(
        lambda value, key: _choice(choices, value, key),
        lambda member: member.value,
        lambda member: member.value,
    )


@frozen
class FieldSpec:
    """One field of a kind of event as event tables hold it: its keys (the first is written, an
    old one still read), whether a table must give it, and its shape (None: a date range)."""

    name: str
    keys: tuple[str, ...]
    required: bool
    shape: Shape | None


def _field_spec(field: attrs.Attribute[Any]) -> FieldSpec:
    kind = field.type
    old = field.metadata.get("old_key")
    keys = (field.name, old) if old else (field.name,)
    required = field.default is attrs.NOTHING
    if kind == When | None:
        dates = tuple(f"{field.name}_{part}" for part in _DATE_PARTS)
        return FieldSpec(field.name, dates, required, None)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return FieldSpec(field.name, keys, required, _enum_shape(kind))
    if kind not in SHAPES:
        raise TypeError(f"no shape in event tables for a field of type {kind}: add it to SHAPES")
    return FieldSpec(field.name, keys, required, SHAPES[kind])


# Each kind of event's own fields (all but those every event has), as event tables hold them.
FIELD_SPECS: dict[str, tuple[FieldSpec, ...]] = {
    name: tuple(_field_spec(f) for f in kind_fields(kind))
    for name, kind in EVENT_KINDS.items()
}
# Kinds that change control act on places, and must name at least one.
NEEDS_PLACES = frozenset(name for name, kind in EVENT_KINDS.items() if changes_control(kind))
# The kinds of events, each with its number, its required keys and all the keys it may have.
_KIND_SPECS = {
    kind: (
        KIND_CODES[EVENT_KINDS[kind]],
        frozenset(
            {spec.keys[0] for spec in specs if spec.required and spec.shape is not None}
            | ({"places"} if kind in NEEDS_PLACES else set())
        ),
        frozenset(COMMON_KEYS | {key for spec in specs for key in spec.keys}),
    )
    for kind, specs in FIELD_SPECS.items()
}
# The keys of the other fields of each kind (those without a column of their own in a log: all
# but the common keys and the kind's actor, save disputes and note), as _KIND_SPECS has them.
OTHER_SPECS = {
    kind: (code, need - column_keys, allowed - column_keys)
    for kind, (code, need, allowed) in _KIND_SPECS.items()
    for column_keys in [COMMON_KEYS - {"disputes", "note"} | {ACTOR.get(kind, "")}]
}
# The fields of each kind that the reader reads as other fields (all but the actor).
_OTHER_FIELDS = {
    kind: tuple(spec for spec in specs if spec.name != ACTOR.get(kind))
    for kind, specs in FIELD_SPECS.items()
}
_DAY, _RANGE = PRECISION_CODES[Precision.DAY], PRECISION_CODES[Precision.RANGE]
_STATED = HEDGING_CODES[Hedging.STATED]


class EventReader:
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
            day = self.days[value] = as_date(value).toordinal()
        return day

    def when(
        self, table: Mapping[str, Any], keys: tuple[str, ...] = _DATE_KEYS
    ) -> tuple[int, int, int, str]:
        """(earliest, latest, precision, phrase) of a table's date, or of a date range field
        with these keys."""
        earliest_key, latest_key, precision_key, phrase_key = keys
        own = keys is _DATE_KEYS
        if own and "date" in table:
            if earliest_key in table or latest_key in table:
                raise ValueError("give either `date` or `earliest` and `latest`, not both")
            value = table["date"]
            earliest = self.days.get(value) if isinstance(value, str) else None
            latest = earliest = earliest or self.day(value)  # no day is numbered 0
        elif earliest_key in table and latest_key in table:
            earliest, latest = self.day(table[earliest_key]), self.day(table[latest_key])
        else:
            raise ValueError(
                "needs `date`, or `earliest` and `latest`"
                if own
                else f"needs `{earliest_key}` and `{latest_key}`"
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
        places = as_strings(table["places"], "places") if "places" in table else ()
        if not places and kind in NEEDS_PLACES:
            raise ValueError(f"a {kind} event needs at least one place in `places`")
        actor_key = ACTOR.get(kind)
        actor = None if actor_key is None else as_text(get(actor_key), actor_key)
        return (
            code, event_id, earliest, latest, precision, phrase, position, source, start, end,
            quote, hedging, attribution, places, actor, self.other(kind, table),
        )  # fmt: skip

    def other(self, kind: str, table: Mapping[str, Any]) -> Other:
        """The other fields of an event table of a kind (those without a column of their own in a
        log), only those the table gives: the builder fills in the defaults."""
        other: Other = ()
        if "disputes" in table:
            other += (("disputes", as_strings(table["disputes"], "disputes")),)
        if "note" in table:
            other += (("note", as_text(table["note"], "note")),)
        for spec in _OTHER_FIELDS[kind]:
            if spec.shape is None:  # a date range, given by its earliest and latest day
                if spec.keys[0] in table or spec.keys[1] in table:
                    other += ((spec.name, self.period(table, spec.keys)),)
                continue
            given = [key for key in spec.keys if key in table]
            if not given:
                continue
            if len(given) > 1:
                raise ValueError(f"give `{given[0]}` or its old name `{given[1]}`, not both")
            value = table[given[0]]
            if value is not None or spec.required:  # null: not given (JSON writes it so)
                other += ((spec.name, spec.shape.read(value, given[0])),)
        return other

    def other_set(self, kind: object, table: object) -> tuple[int, Other]:
        """The kind (its number) and other fields of an other-field set of events.columns: an
        events.jsonl table of those fields alone; ValueError or TypeError says what is wrong."""
        if not isinstance(kind, str) or kind not in OTHER_SPECS:
            raise _unknown_kind(kind)
        if not isinstance(table, dict):
            raise ValueError("must be a table of keys and values")
        code, required, allowed = OTHER_SPECS[kind]
        keys = table.keys()
        if not (keys >= required and keys <= allowed):
            raise _wrong_keys(kind, keys, required, allowed)
        return code, self.other(kind, table)

    def period(self, table: Mapping[str, Any], keys: tuple[str, ...]) -> When:
        """The date range of a field of an event (a casualty report's period), by its keys."""
        earliest, latest, precision, phrase = self.when(table, keys)
        days = dt.date.fromordinal(earliest), dt.date.fromordinal(latest)
        return When(*days, PRECISIONS[precision], phrase)


@contextmanager
def no_collection() -> Iterator[None]:
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


def collect_events(
    tables: Iterable[tuple[int | None, Any]], path: Path, reader: EventReader
) -> tuple[LogBuilder, dict[str, int | None], list[Problem]]:
    """The events of decoded tables, each with the line it starts on, and the problems of the
    bad ones; an event's position defaults to its rank in the file."""
    problems: list[Problem] = []
    builder = LogBuilder()
    add, values = builder.add, reader.values
    lines: dict[str, int | None] = {}
    for index, (line, table) in enumerate(tables):
        if not isinstance(table, dict):
            problems.append(
                Problem(problem_at(path, line), "an event must be a table of keys and values")
            )
            continue
        try:
            event = values(table, index)
        except (ValueError, TypeError) as error:
            label = f"event {table.get('id', '#' + str(index + 1))}"
            problems.append(Problem(problem_at(path, line, label), str(error)))
            continue
        event_id = event[1]
        if event_id in lines:
            problems.append(Problem(problem_at(path, line, f"event {event_id}"), "id used twice"))
            continue
        lines[event_id] = line
        add(event)
    return builder, lines, problems


def event_table(event: Event) -> dict[str, Any]:
    """An event as a table of events.toml and events.jsonl, with its span and position: the one
    writer of event tables, which EventReader reads back equal."""
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
    for spec in FIELD_SPECS[event.kind]:
        value = getattr(event, spec.name)
        if spec.shape is None:
            if value is not None:
                earliest, latest, precision, phrase = spec.keys
                table.update(
                    {earliest: value.earliest, latest: value.latest},
                    **{precision: value.precision.value},
                )
                if value.phrase:
                    table[phrase] = value.phrase
            continue
        written = spec.shape.table(value)
        if written is not None:
            table[spec.keys[0]] = written
    return table


def fields_json(event: Event) -> dict[str, Any]:
    """The fields of an event's kind as the CLI's JSON: every one, null when not given."""
    data: dict[str, Any] = {}
    for spec in FIELD_SPECS[event.kind]:
        value = getattr(event, spec.name)
        if spec.shape is None:
            data[spec.name] = None if value is None else when_json(value)
        else:
            data[spec.name] = spec.shape.json(value)
    return data


def json_date(value: object) -> str:
    """A date as JSON writes it: its ISO text (json.dumps' `default`)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {value!r} as JSON")


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
