"""Reading and writing events.columns: a log's columns as binary, with a JSON header."""

from __future__ import annotations

import bisect
import datetime as dt
import json
import operator
import re
import sys
import zlib
from array import array
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from functools import partial
from itertools import accumulate, chain, islice, repeat
from pathlib import Path
from types import MappingProxyType
from typing import Any, NoReturn, TypeGuard

from engine.errors import FrontlineError, Problem
from engine.formats.event_tables import (
    NEEDS_PLACES,
    OTHER_SPECS,
    EventReader,
    event_table,
    json_date,
    no_collection,
    problem_at,
)
from engine.formats.json_text import surrogate_problem
from engine.model.dates import When, check_range
from engine.model.events import Provenance
from engine.model.log import (
    ACTOR,
    ACTOR_BY_KIND,
    HEDGINGS,
    KINDS,
    NO_NAME,
    PRECISIONS,
    Log,
    other_table,
)

COLUMNS_FORMAT = "frontline events.columns"
# Version 2 adds a CRC-32 of the header (on a line of its own after it) and of each column (in
# the header): version 1 took a flipped bit ("By 10 June" read "By 1  June") without a word.
COLUMNS_VERSION = 2
READ_VERSIONS = (1, 2)
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
_CHECKSUM_LINE = re.compile(rb"([0-9a-f]{8})\n")
_PER_EVENT = frozenset(COLUMN_TYPES) - {"ids", "quotes", "places", "attributed", "attribution"}
_NOT_IN_LOG = frozenset({"other", "attributed", "attribution"})  # the log keeps these otherwise
_SWAP = sys.byteorder != "little"  # the file's numbers are little-endian, an array's the machine's
_LAST_DAY = dt.date.max.toordinal()
# For bytes.translate: 1 for the code of each kind of event that needs places, else 0.
_PLACES_NEEDED = bytes(k < len(KINDS) and KINDS[k].kind in NEEDS_PLACES for k in range(256))


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
            [name, kind, len(column), zlib.crc32(column)]
            for (name, kind), column in zip(COLUMN_TYPES.items(), data, strict=True)
        ],
    }
    line = json.dumps(header, separators=(",", ":"), default=json_date).encode() + b"\n"
    yield line
    yield b"%08x\n" % zlib.crc32(line)
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
    allowed = OTHER_SPECS[cls.kind][2]
    return {key: value for key, value in event_table(event).items() if key in allowed}


def parse_log_columns(
    data: bytes | memoryview,
    path: str = "events.columns",
    sources: Mapping[str, str] | None = None,
    checked: bool = False,
) -> Log:
    """The event log of an events.columns file; quotes are checked against the sources given.
    A file `checked` already, as it is now (a loaded scenario's snapshot says so), is only
    read: its checks and checksums take seconds at a million events."""
    return _parse_columns(Path(path), data, sources, checked)


@no_collection()
def _parse_columns(
    path: Path, data: bytes | memoryview, sources: Mapping[str, str] | None, checked: bool
) -> Log:
    return _ColumnsFile(path, sources).log(bytes(data), checked)


class _ColumnsFile:
    """Reads an events.columns file into a log's columns and checks them as events.jsonl's events
    are checked, a column at a time in C (array, bytes and str methods, min and max, map over
    operator functions): never event by event in Python, but to say what is wrong with the one
    event at fault, which the reader of events.jsonl is asked."""

    def __init__(self, path: Path, sources: Mapping[str, str] | None) -> None:
        self.path = path
        self.sources = sources
        self.reader = EventReader(sources, "")
        self.columns: dict[str, Any] = {}
        self.ids: list[str] = []
        self.names: list[str] = []
        self.entries: list[Any] = []  # the header's other-field sets: [kind, fields]
        self.attribution: dict[int, str] = {}
        self.kinds = b""  # the kind of each of the header's other-field sets
        self.sources_used: set[int] = set()  # the codes of the names of the events' sources
        self.checksums: list[int | None] = []  # each column's CRC-32 (from version 2)

    def fail(self, message: str, index: int | None = None) -> NoReturn:
        """Stop at a problem of the file, or of the event at an index in log order."""
        label = ""
        if index is not None:
            found = self.ids[index] if index < len(self.ids) else ""
            label = f"event {found}" if found else f"event #{index + 1}"
        raise FrontlineError([Problem(problem_at(self.path, None, label), message)])

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

    def log(self, data: bytes, checked: bool = False) -> Log:
        """The log of the file's events, every column checked unless `checked` already."""
        header, body = self.header(data)
        self.columns = c = self.decode(header["columns"], body, checked)
        self.names, self.entries = header["names"], header["others"]
        at_fault = [] if checked else self.check_readable(header)
        texts = map(header["attributions"].__getitem__, c["attribution"])
        self.attribution = dict(zip(c["attributed"], texts, strict=True))
        codes, others = self.other_fields()
        if not checked:
            self.check_events(at_fault)
        return Log.from_columns(
            {
                **{name: c[name] for name in COLUMN_TYPES if name not in _NOT_IN_LOG},
                "names": tuple(self.names),
                "other": array("i", map(codes.__getitem__, c["other"])),
                "others": others,
                "attribution": MappingProxyType(self.attribution),
            }
        )

    def check_readable(self, header: Mapping[str, Any]) -> list[int]:
        """Check what makes the columns readable (offsets, codes, days), stopping at the first
        problem; the indexes of the first events found at fault otherwise, which check_events
        says what is wrong with."""
        c = self.columns
        at_fault = [self.ends("id_end", len(c["ids"]), strict=True)]
        self.ids = _cut(c["ids"], c["id_end"])
        self.ends("place_end", len(c["places"]))
        at_fault.append(self.check_spans())
        self.check_codes(header["events"], len(header["attributions"]))
        at_fault.append(self.check_days())
        return at_fault

    def check_events(self, at_fault: list[int]) -> None:
        """Check the events themselves; what is wrong with one is said by the reader of
        events.jsonl, which is given the event as read from the columns."""
        at_fault = [*at_fault, self.check_kinds()]
        for index in sorted(at_fault):
            if index >= 0:  # the reader of events.jsonl sees all but other fields (empty ones)
                self.fault(index, "`other` gives it the other fields of another kind of event")
        self.check_quotes()
        self.check_places()
        self.check_ids()

    def header(self, data: bytes) -> tuple[dict[str, Any], memoryview]:
        """The file's header, checked, and the bytes of its columns."""
        cut = data.find(b"\n")
        first_line = data[:cut] if cut > 0 else b""
        # Version 2: a line of the header's CRC-32 follows it, checked before it is read.
        checksum = _CHECKSUM_LINE.fullmatch(data[cut + 1 : cut + 10]) if cut > 0 else None
        if checksum and int(checksum.group(1), 16) != zlib.crc32(data[: cut + 1]):
            self.fail(
                f"header damaged: its CRC-32 is {zlib.crc32(data[: cut + 1]):08x}, where the "
                f"line after it gives {checksum.group(1).decode()}"
            )
        try:
            header = json.loads(first_line) if first_line else None
        except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested too deep
            header = None
        problem = surrogate_problem(header, first_line)
        if problem:
            self.fail(f"header: {problem}")
        if not isinstance(header, dict) or header.get("format") != COLUMNS_FORMAT:
            self.fail(
                "not an events.columns file: its first line must be a JSON header with "
                f'"format": "{COLUMNS_FORMAT}"'
            )
        version = header.get("version")
        if type(version) is not int or version not in READ_VERSIONS:
            self.fail(
                f"events.columns version {version!r:.20}: this frontline reads versions "
                f"{' and '.join(map(str, READ_VERSIONS))}"
            )
        if (version >= 2) != bool(checksum):
            self.fail(
                f"header damaged: a version {version} header must be followed by "
                + ("a line of its CRC-32 (8 hex digits)" if version >= 2 else "the columns")
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
        numbers = 1 if version == 1 else 2  # bytes, and from version 2 the CRC-32
        if not (
            isinstance(columns, list)
            and len(columns) == len(expected)
            and all(
                isinstance(column, list)
                and len(column) == 2 + numbers
                and (column[0], column[1]) == name_type
                and all(type(n) is int and 0 <= n < 1 << 32 for n in column[2:])
                for column, name_type in zip(columns, expected, strict=True)
            )
        ):
            self.fail(
                f"header: `columns` must give [name, type, bytes{', crc32' * (numbers - 1)}] "
                "of each column, in this order: "
                + ", ".join(f"{name} {kind}" for name, kind in expected)
            )
        self.checksums = [column[3] if version >= 2 else None for column in columns]
        body = memoryview(data)[cut + (10 if checksum else 1) :]
        total = sum(column[2] for column in columns)
        if total > len(body):
            self.fail(
                f"truncated: its header gives its columns {total:,} bytes, but {len(body):,} "
                "follow it"
            )
        if total < len(body):
            self.fail(f"{len(body) - total:,} bytes more than the {total:,} of its columns")
        for name, kind, length, *_checksum in columns:
            size = _SIZES.get(kind, 0)
            if name in _PER_EVENT and length != count * size:
                self.fail(f"column `{name}` has {length:,} bytes, not {size} for each event")
            if size and length % size:
                self.fail(f"column `{name}` has {length:,} bytes, not {size} for each value")
        return header, body

    def decode(
        self, columns: list[list[Any]], body: memoryview, checked: bool = False
    ) -> dict[str, Any]:
        """Each column as bytes, an array of numbers or a text (its CRC-32 compared, unless the
        file is `checked` already)."""
        found: dict[str, Any] = {}
        offset = 0
        for (name, kind, length, *_checksum), checksum in zip(columns, self.checksums, strict=True):
            view = body[offset : offset + length]
            offset += length
            if not checked and checksum is not None and zlib.crc32(view) != checksum:
                self.fail(
                    f"column `{name}` damaged: its CRC-32 is {zlib.crc32(view):08x}, where the "
                    f"header gives {checksum:08x}"
                )
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
