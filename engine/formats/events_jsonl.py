"""Reading and writing events.jsonl: one event a line, with the keys of events.toml."""

from __future__ import annotations

import io
import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from engine.errors import FrontlineError
from engine.files import regular_file
from engine.formats.event_tables import (
    EventReader,
    collect_events,
    event_table,
    json_date,
    no_collection,
)
from engine.formats.json_text import surrogate_problem
from engine.model.log import Log


def parse_log_jsonl(
    text: str,
    path: str = "events.jsonl",
    sources: Mapping[str, str] | None = None,
    default_source: str = "",
) -> Log:
    """The event log of an events.jsonl text: one event a line, with the keys of events.toml."""
    blocks = _blocks(io.StringIO(text, newline="\n").read)
    log, _lines = parse_jsonl(Path(path), blocks, sources, default_source)
    return log


@no_collection()
def parse_jsonl(
    path: Path, blocks: Iterable[str], sources: Mapping[str, str] | None, default_source: str
) -> tuple[Log, dict[str, int | None]]:
    """The log of the blocks of an events.jsonl file, with the line of each event."""
    builder, lines, problems = collect_events(
        _json_lines(path, blocks), path, EventReader(sources, default_source)
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
    are not all such lines, or one holds half a character (engine.formats.json_text)."""
    # One call of the decoder for thousands of lines: their breaks made `,null,`, they are an
    # array of values with a null between each two, exactly when each line is one value. (A
    # comma alone would let a value broken over two lines make up for two values on one.)
    try:
        values: list[Any] = json.loads(f"[{lines.replace(chr(10), ',null,')}]")
    except (json.JSONDecodeError, RecursionError):  # line by line then names the bad line
        return None
    if len(values) != 2 * count - 1 or values[1::2].count(None) != count - 1:
        return None
    if surrogate_problem(values, lines):
        return None  # line by line then names the line
    return values[0::2]


def _json_line_by_line(path: Path, lines: list[str], first: int) -> Iterator[tuple[int, Any]]:
    """Each line that is not blank, decoded, with its number; the first line is number `first`."""
    for number, line in enumerate(lines, start=first):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            raise FrontlineError(
                f"{path}:{number}: not valid JSON: {error.msg} (column {error.colno})"
            ) from None
        except RecursionError:
            raise FrontlineError(f"{path}:{number}: JSON nested too deep") from None
        problem = surrogate_problem(value, line)
        if problem:
            raise FrontlineError(f"{path}:{number}: {problem}")
        yield number, value


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


def file_blocks(path: Path) -> Iterator[str]:
    """The text of a file in blocks of whole lines, read as they are used."""
    try:
        with regular_file(path).open(encoding="utf-8") as handle:
            yield from _blocks(handle.read)
    except FileNotFoundError:
        raise FrontlineError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise FrontlineError(f"{path}: cannot read: {error}") from None


def dump_log_jsonl(log: Log) -> Iterator[str]:
    """The lines of the events.jsonl of a log (spans and positions written), one event a line,
    which parse_log_jsonl reads back equal."""
    for event in log:
        yield (
            json.dumps(
                event_table(event), ensure_ascii=False, separators=(",", ":"), default=json_date
            )
            + "\n"
        )
