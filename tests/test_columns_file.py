"""events.columns: logs written as binary columns read back equal, whichever format they came
from; every way a file can be corrupt or hostile is one clear error with exit status 2; and
`frontline synth --format columns` (tests/test_synth.py drives it).

The corruptions are made with a reader and writer of the format written here from
docs/scenario-format.md, not with the engine's."""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
import zlib
from array import array
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.errors import FrontlineError, Problem
from engine.formats import events_columns
from engine.formats.events_columns import dump_log_columns, parse_log_columns
from engine.formats.events_jsonl import dump_log_jsonl, parse_log_jsonl
from engine.formats.scenario_files import load_scenario
from engine.formats.scenario_writer import write_scenario
from engine.model.events import EVENT_KINDS
from engine.model.log import Log
from engine.model.scenario import Scenario
from engine.model.world import World
from engine.testing import strategies as fst
from engine.testing.synth import synthesize
from tests.helpers import run, without_contents
from tests.test_synth import same

pytestmark = pytest.mark.skipif(sys.byteorder != "little", reason="the tests edit the bytes")


def _texts(scenario: Scenario) -> dict[str, str]:
    return {source.id: source.text for source in scenario.sources.values()}


def _columns(log: Log) -> bytes:
    return b"".join(dump_log_columns(log))


# ------------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_columns_and_jsonl_folders_load_back_equal_and_convert(seed: int, tmp_path: Path) -> None:
    war = synthesize(120, 1500, 60, seed)
    write_scenario(war, tmp_path / "columns", "columns")
    write_scenario(war, tmp_path / "jsonl", "jsonl")
    config = (tmp_path / "columns" / "scenario.toml").read_text(encoding="utf-8")
    assert 'events = "events.columns"' in config
    assert not (tmp_path / "columns" / "events.jsonl").exists()
    from_columns, from_jsonl = (
        load_scenario(tmp_path / "columns"),
        load_scenario(tmp_path / "jsonl"),
    )
    assert same(from_columns, war)
    assert same(from_jsonl, war)
    # Each converts into the other: the same log, and the same bytes as written from memory.
    texts = _texts(war)
    written = (tmp_path / "columns" / "events.columns").read_bytes()
    assert _columns(from_jsonl.log) == written
    assert parse_log_columns(written, sources=texts) == from_jsonl.log
    jsonl = "".join(dump_log_jsonl(from_columns.log))
    assert jsonl == (tmp_path / "jsonl" / "events.jsonl").read_text(encoding="utf-8")
    assert parse_log_jsonl(jsonl, sources=texts) == from_columns.log


def test_the_default_scenario_log_reads_back_equal(default_scenario: Scenario) -> None:
    log = default_scenario.log  # notes, disputes, attributions, every kind, ranges, non-ASCII
    back = parse_log_columns(_columns(log), sources=_texts(default_scenario))
    assert back == log
    assert list(back) == list(log)
    assert "".join(dump_log_jsonl(back)) == "".join(dump_log_jsonl(log))


@pytest.mark.parametrize("kinds", [None, *([kind] for kind in EVENT_KINDS)])
@given(data=st.data())
def test_a_log_written_as_columns_reads_back_equal(
    kinds: list[str] | None, data: st.DataObject
) -> None:
    # Every kind of event, with attributions, disputes, notes, ranges and text of any script.
    world = data.draw(st.builds(World, fst.place_graphs(), fst.factions(min_size=2)))
    log = data.draw(fst.logs(world, min_size=1, kinds=kinds))
    back = parse_log_columns(_columns(log))
    assert back == log
    assert list(back) == list(log)
    assert [back.index_of(e.id) for e in log] == list(range(len(log)))
    assert "".join(dump_log_jsonl(back)) == "".join(dump_log_jsonl(log))


@given(st.data())
def test_quotes_are_read_against_their_sources(data: st.DataObject) -> None:
    world = data.draw(fst.worlds())
    text = data.draw(st.text(min_size=1, max_size=200).filter(str.strip))
    sources = {"wikipedia": text, "sohr": text[::-1] + "ß"}
    log = data.draw(fst.logs(world, sources=sources))
    assert parse_log_columns(_columns(log), sources=sources) == log


def test_a_version_1_file_without_checksums_still_reads_back_equal(small_war: Path) -> None:
    header, columns = _read(small_war / "events.columns")
    header["version"] = 1
    old = _file(header, columns)
    assert b'"version": 1' in old.split(b"\n")[0]
    assert parse_log_columns(old) == load_scenario(small_war).log


def test_numbers_are_little_endian_on_any_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    log = synthesize(20, 50, 10, 4).log
    little = _columns(log)
    monkeypatch.setattr(events_columns, "_SWAP", True)  # as on a big-endian machine
    swapped = _columns(log)
    assert swapped != little
    assert parse_log_columns(swapped) == log
    with pytest.raises(FrontlineError):  # a little-endian file read as if swapped is refused
        parse_log_columns(little)


# ------------------------------------------------------------------------------- bad files

_DAMAGED = synthesize(12, 40, 6, 5)


@given(st.data())
def test_any_damage_is_an_error_of_the_file_or_a_log(data: st.DataObject) -> None:
    raw = bytearray(_columns(_DAMAGED.log))
    for _ in range(data.draw(st.integers(1, 3), label="changes")):
        at = data.draw(st.integers(0, len(raw)), label="at")
        if data.draw(st.booleans(), label="cut") or at == len(raw):
            del raw[at:]
            raw += data.draw(st.binary(max_size=8), label="tail")
        else:
            raw[at] = data.draw(st.integers(0, 255), label="byte")
    problems: tuple[Problem, ...] = ()
    try:  # a log or one problem, never another exception
        parse_log_columns(bytes(raw), sources=_texts(_DAMAGED))
    except FrontlineError as error:
        problems = error.problems
    assert len(problems) <= 1
    assert all(problem.where.startswith("events.columns") for problem in problems)


def test_a_flipped_bit_anywhere_is_refused() -> None:
    # Measured with version 1: "By 10 June" read as "By 1  June" ("0" is 0x30, " " 0x20).
    data = _columns(_DAMAGED.log)
    flipped = bytearray(data)
    flipped[data.index(b"January 2020") + len("January 2")] ^= 0x10  # "January 2 20"
    with pytest.raises(FrontlineError) as refused:
        parse_log_columns(bytes(flipped))
    assert str(refused.value).startswith("events.columns: header damaged: its CRC-32 is ")
    chance = random.Random(15)
    for _ in range(300):  # in the header, its CRC-32's line, each column
        flipped = bytearray(data)
        flipped[chance.randrange(len(data))] ^= 1 << chance.randrange(8)
        with pytest.raises(FrontlineError) as refused:
            parse_log_columns(bytes(flipped), sources=_texts(_DAMAGED))
        assert len(refused.value.problems) == 1


def test_a_header_nested_too_deep_is_not_one(tmp_path: Path) -> None:
    with pytest.raises(FrontlineError) as bad:
        parse_log_columns(b"[" * 100_000 + b"\n")
    assert str(bad.value).startswith("events.columns: not an events.columns file")


def _read(path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The header and the columns of a file: arrays of numbers, bytearrays, texts."""
    data = path.read_bytes()
    cut = data.index(b"\n")
    header = json.loads(data[:cut])
    columns: dict[str, Any] = {}
    offset = cut + (10 if header["version"] >= 2 else 1)  # version 2: a line of the CRC-32
    for name, kind, length, *_crc in header["columns"]:
        raw = data[offset : offset + length]
        offset += length
        columns[name] = {"i32": lambda r: array("i", r), "u8": bytearray}.get(
            kind, lambda r: r.decode("utf-8")
        )(raw)
    return header, columns


def _write(path: Path, header: dict[str, Any], columns: dict[str, Any]) -> None:
    path.write_bytes(_file(header, columns))


def _file(
    header: dict[str, Any], columns: dict[str, Any], lengths: list[int] | None = None
) -> bytes:
    """The bytes of a file of these columns, of the header's version, with their lengths (or
    these) and, from version 2, their CRC-32s."""
    pieces = [c.encode() if isinstance(c, str) else bytes(c) for c in columns.values()]
    sizes = lengths or [len(p) for p in pieces]
    header["columns"] = [
        [n, k, size, *([zlib.crc32(p)] if header["version"] >= 2 else [])]
        for (n, k, *_), p, size in zip(header["columns"], pieces, sizes, strict=True)
    ]
    line = json.dumps(header).encode() + b"\n"
    crc = b"%08x\n" % zlib.crc32(line) if header["version"] >= 2 else b""
    return line + crc + b"".join(pieces)


def _pieces(columns: dict[str, Any], text: str) -> list[str]:
    ends = columns[f"{text[:-1] if text == 'ids' else 'quote'}_end"]
    return [columns[text][a:b] for a, b in zip([0, *ends], ends, strict=False)]


def _set_pieces(columns: dict[str, Any], text: str, pieces: list[str]) -> None:
    columns[text] = "".join(pieces)
    ends, total = [], 0
    for piece in pieces:
        total += len(piece)
        ends.append(total)
    columns[f"{text[:-1] if text == 'ids' else 'quote'}_end"] = array("i", ends)


@pytest.fixture(scope="module")
def small_war(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("war") / "war"
    write_scenario(synthesize(30, 80, 10, 2), folder, "columns")
    without_contents(folder)  # the edits below are found by the reader, not by the record
    return folder


Edit = Callable[[dict[str, Any], dict[str, Any], list[str]], str]


def _copy(folder: Path, tmp_path: Path) -> Path:
    """A copy of a scenario folder, to break."""
    copy = tmp_path / folder.name
    copy.mkdir()
    for path in folder.iterdir():
        (copy / path.name).write_bytes(path.read_bytes())
    return copy


def _first(columns: dict[str, Any], kind: int) -> int:
    return int(columns["kind"].index(kind))


def _no_format(h: dict[str, Any], c: dict[str, Any], ids: list[str]) -> str:
    h["format"] = "something else"
    return ': not an events.columns file: its first line must be a JSON header with "format": '


def _version(h: dict[str, Any], c: dict[str, Any], ids: list[str]) -> str:
    h["version"] = 3
    return ": events.columns version 3: this frontline reads versions 1 and 2"


def _big_endian(h: dict[str, Any], c: dict[str, Any], ids: list[str]) -> str:
    h["byteorder"] = "big"
    return ': header: `byteorder` must be "little" (numbers are little-endian)'


def _names_twice(h: dict[str, Any], c: dict[str, Any], ids: list[str]) -> str:
    h["names"].append(h["names"][0])
    return ": header: `names` must be a list of distinct strings"


def _half_a_character(h: dict[str, Any], c: dict[str, Any], ids: list[str]) -> str:
    h["names"][0] += "\ud800"  # json.dumps writes it as the escape \ud800, with no partner
    return ": header: \\ud800 is half of a character (a lone UTF-16 surrogate), not text"


def _columns_renamed(h: dict[str, Any], c: dict[str, Any], ids: list[str]) -> str:
    c["kinds"] = c.pop("kind")
    h["columns"] = [["kinds", *h["columns"][0][1:]], *h["columns"][1:]]
    return (
        ": header: `columns` must give [name, type, bytes, crc32] of each column, in this order: "
        "kind"
    )


def _code(column: str, event: int, value: int | str, high: int | str, low: int = 0) -> Edit:
    """An edit that gives an event a number out of its column's range; `value` and `high` are
    numbers, or the header's table whose size they are."""

    def edit(h: dict[str, Any], c: dict[str, Any], ids: list[str]) -> str:
        sizes = {"names": len(h["names"]), "others": len(h["others"])}
        bad = sizes[value] if isinstance(value, str) else value
        top = sizes[high] - 1 if isinstance(high, str) else high
        c[column][event] = bad
        return f" (event {ids[event]}): `{column}` {bad} is out of range ({low} to {top})"

    edit.__name__ = f"_{column}"
    return edit


def _place(h: dict[str, Any], c: dict[str, Any], ids: list[str]) -> str:
    first = c["place_end"][8]  # the first place after those of event 8
    c["places"][first] = -2
    owner = next(n for n, end in enumerate(c["place_end"]) if end > first)
    return f" (event {ids[owner]}): `places` -2 is out of range (0 to {len(h['names']) - 1})"


def _day(h: dict[str, Any], c: dict[str, Any], ids: list[str]) -> str:
    c["earliest"][11] = 0
    return f" (event {ids[11]}): `earliest` 0 is out of range (1 to {dt.date.max.toordinal()}: "


def _late(h: dict[str, Any], c: dict[str, Any], ids: list[str]) -> str:
    c["earliest"][12] = c["latest"][12] + 1
    day = dt.date.fromordinal(c["latest"][12])
    return f" (event {ids[12]}): date range ends ({day}) before it starts ({day + dt.timedelta(1)})"


def _day_with_range(h: dict[str, Any], c: dict[str, Any], ids: list[str]) -> str:
    index = c["precision"].index(0)
    c["latest"][index] += 1
    return f" (event {ids[index]}): a date of precision 'day' must have earliest == latest"


def _id_end_back(h: dict[str, Any], c: dict[str, Any], ids: list[str]) -> str:
    c["id_end"][3] = c["id_end"][1]
    return f" (event #4): `id_end` goes back to {c['id_end'][1]}"  # the ids are not read yet


def _quote_end(h: dict[str, Any], c: dict[str, Any], ids: list[str]) -> str:
    c["quote_end"][-1] -= 1
    return (
        f": `quote_end` ends at {c['quote_end'][-1]:,}, but what it cuts has {len(c['quotes']):,}"
    )


def _attributed(h: dict[str, Any], c: dict[str, Any], ids: list[str]) -> str:
    assert len(c["attributed"]) >= 2
    c["attributed"][1] = c["attributed"][0]
    return (
        f" (event {ids[c['attributed'][0]]}): `attributed` must give events in log order, each once"
    )


def _empty_id(h: dict[str, Any], c: dict[str, Any], ids: list[str]) -> str:
    _set_pieces(c, "ids", [*ids[:4], "", *ids[5:]])
    return " (event #5): needs an `id`"


def _id_twice(h: dict[str, Any], c: dict[str, Any], ids: list[str]) -> str:
    _set_pieces(c, "ids", [*ids[:14], ids[13], *ids[15:]])
    return f" (event {ids[13]}): id used twice"


def _id_order(h: dict[str, Any], c: dict[str, Any], ids: list[str]) -> str:
    order = c["id_order"]
    order[2], order[3] = order[3], order[2]
    return ": `id_order` must list every event once, in the order of their ids"


def _log_order(h: dict[str, Any], c: dict[str, Any], ids: list[str]) -> str:
    position = c["position"]
    position[15], position[16] = position[16], position[15]
    return f" (event {ids[16]}): not in log order (by position, then id): after event {ids[15]}"


def _quote_changed(h: dict[str, Any], c: dict[str, Any], ids: list[str]) -> str:
    quotes = _pieces(c, "quotes")
    quotes[17] = "X" + quotes[17][1:]
    _set_pieces(c, "quotes", quotes)
    span = [c["start"][17], c["end"][17]]
    return f" (event {ids[17]}): `span` {span} does not hold the quote in source 'synthetic'"


def _span_longer(h: dict[str, Any], c: dict[str, Any], ids: list[str]) -> str:
    c["end"][18] += 1
    span = [c["start"][18], c["end"][18]]
    return f" (event {ids[18]}): `span` {span} does not hold the quote in source 'synthetic'"


def _blank_quote(h: dict[str, Any], c: dict[str, Any], ids: list[str]) -> str:
    quotes = _pieces(c, "quotes")
    quotes[19] = " " * len(quotes[19])
    _set_pieces(c, "quotes", quotes)
    return f" (event {ids[19]}): needs a `quote`: the words of the source that state it"


def _unknown_source(h: dict[str, Any], c: dict[str, Any], ids: list[str]) -> str:
    c["source"][20] = c["places"][0]
    return f" (event {ids[20]}): unknown source {h['names'][c['places'][0]]!r}"


def _no_places(h: dict[str, Any], c: dict[str, Any], ids: list[str]) -> str:
    index = _first(c, 0)
    ends = c["place_end"]
    count = ends[index] - (ends[index - 1] if index else 0)
    del c["places"][ends[index] - count : ends[index]]
    c["place_end"] = array("i", [e - count if n >= index else e for n, e in enumerate(ends)])
    return f" (event {ids[index]}): a control event needs at least one place in `places`"


def _no_controller(h: dict[str, Any], c: dict[str, Any], ids: list[str]) -> str:
    index = _first(c, 0)
    c["actor"][index] = -1
    return f" (event {ids[index]}): a control event needs `controller`"


def _actor_of_contested(h: dict[str, Any], c: dict[str, Any], ids: list[str]) -> str:
    index = _first(c, 1)
    c["actor"][index] = 0
    return f" (event {ids[index]}): a contested event has no actor: `actor` must be -1"


def _bad_other_fields(h: dict[str, Any], c: dict[str, Any], ids: list[str]) -> str:
    number = next(n for n, (kind, _) in enumerate(h["others"]) if kind == "control")
    h["others"][number][1]["how"] = "bombed"
    user = ids[list(c["other"]).index(number)]
    return (
        f" (event {user}): other-field set {number} of the header (`others`): `how` must be one "
        "of captured, recaptured, withdrew, expelled, defected, surrendered; got 'bombed'"
    )


def _fields_of_another_kind(h: dict[str, Any], c: dict[str, Any], ids: list[str]) -> str:
    index = _first(c, 0)
    c["other"][index] = next(n for n, (kind, _) in enumerate(h["others"]) if kind == "contested")
    return f" (event {ids[index]}): unknown keys for a control event: parties"


def _not_utf8(h: dict[str, Any], c: dict[str, Any], ids: list[str]) -> str:
    c["quotes"] = c["quotes"].encode()[:-1] + b"\xff"
    return ": column `quotes` is not UTF-8: invalid start byte at byte "


EDITS: dict[str, Edit] = {
    f.__name__.removeprefix("_"): f
    for f in (
        _no_format, _version, _big_endian, _names_twice, _half_a_character, _columns_renamed,
        _code("kind", 5, 9, len(EVENT_KINDS) - 1), _code("precision", 6, 5, 4),
        _code("hedging", 7, 4, 3),
        _code("phrase", 8, "names", "names"), _code("actor", 9, -5, "names", low=-1),
        _code("other", 10, "others", "others"), _place,
        _day, _late, _day_with_range, _id_end_back,
        _quote_end, _attributed, _empty_id, _id_twice, _id_order, _log_order, _quote_changed,
        _span_longer, _blank_quote, _unknown_source, _no_places, _no_controller,
        _actor_of_contested, _bad_other_fields, _fields_of_another_kind, _not_utf8,
    )
}  # fmt: skip


def _fails(capsys: pytest.CaptureFixture[str], folder: Path) -> str:
    status, out, err = run(capsys, "check", "--scenario", str(folder))
    assert (status, out) == (2, "")
    assert "Traceback" not in err
    (line,) = err.splitlines()
    assert line.startswith("frontline: error: ")
    return line.removeprefix("frontline: error: ")


@pytest.mark.parametrize("edit", list(EDITS))
def test_each_corruption_is_one_clear_error(
    edit: str, small_war: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _copy(small_war, tmp_path)
    path = folder / "events.columns"
    header, columns = _read(path)
    expected = EDITS[edit](header, columns, _pieces(columns, "ids"))
    _write(path, header, columns)
    assert _fails(capsys, folder).startswith(f"{path}{expected}")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda data: data[:-7], "truncated: its header gives its columns {total:,} bytes, but "),
        (lambda data: data + b"\0\0", "2 bytes more than the {total:,} of its columns"),
        (lambda data: b"", "not an events.columns file"),
        (lambda data: b"\x89PNG\r\n\x1a\n" + data, "not an events.columns file"),
    ],
)
def test_a_file_cut_short_or_too_long_or_not_columns(
    change: Callable[[bytes], bytes],
    expected: str,
    small_war: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = _copy(small_war, tmp_path)
    path = folder / "events.columns"
    data = path.read_bytes()
    header, _columns = _read(path)
    total = sum(length for _name, _kind, length, _crc in header["columns"])
    path.write_bytes(change(data))
    assert _fails(capsys, folder).startswith(f"{path}: {expected.format(total=total)}")


def test_unknown_names_are_reported_for_every_event_that_gives_them(
    small_war: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _copy(small_war, tmp_path)
    path = folder / "events.columns"
    header, columns = _read(path)
    place = columns["places"][0]
    header["names"][place] = "atlantis"
    _write(path, header, columns)
    ids = _pieces(columns, "ids")
    naming = [
        ids[n]
        for n, (a, b) in enumerate(
            zip([0, *columns["place_end"]], columns["place_end"], strict=False)
        )
        if place in columns["places"][a:b]
    ]
    status, out, err = run(capsys, "check", "--scenario", str(folder))
    assert (status, out) == (2, "")
    assert err.splitlines() == [
        f"frontline: error: {path} (event {event_id}): unknown place or region 'atlantis'"
        for event_id in naming
    ]


def test_a_span_not_as_long_as_its_quote_without_the_sources(small_war: Path) -> None:
    header, columns = _read(small_war / "events.columns")
    columns["start"][3] -= 2
    path = small_war.parent / "short.columns"
    _write(path, header, columns)
    span = [columns["start"][3], columns["end"][3]]
    with pytest.raises(FrontlineError) as bad:
        parse_log_columns(path.read_bytes(), path="war.columns")
    event_id = _pieces(columns, "ids")[3]
    assert (
        str(bad.value)
        == f"war.columns (event {event_id}): `span` {span} is not as long as the quote"
    )


def test_lengths_that_do_not_add_up(small_war: Path, tmp_path: Path) -> None:
    header, columns = _read(small_war / "events.columns")
    pieces = [c.encode() if isinstance(c, str) else bytes(c) for c in columns.values()]
    lengths = [len(p) for p in pieces]
    lengths[0] -= 1  # a byte of `kind` counted in `id_end`
    lengths[1] += 1
    data = _file(header, columns, lengths)
    with pytest.raises(FrontlineError) as bad:
        parse_log_columns(data, path="war.columns")
    assert str(bad.value) == "war.columns: column `kind` has 79 bytes, not 1 for each event"


def test_which_events_file_is_read(
    small_war: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _copy(small_war, tmp_path)
    config = folder / "scenario.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace('events = "events.columns"\n', ""),
        encoding="utf-8",
    )
    assert len(load_scenario(folder).log) == 80  # events.columns alone: read without being named
    (folder / "events.jsonl").write_text("", encoding="utf-8")
    assert _fails(capsys, folder) == (
        f"{folder}: has both events.jsonl and events.columns; name the one to read with "
        '`events = "..."` in scenario.toml'
    )
    (folder / "events.toml").write_text("", encoding="utf-8")
    assert _fails(capsys, folder) == (
        f"{folder}: has events.toml, events.jsonl and events.columns; name the one to read "
        'with `events = "..."` in scenario.toml'
    )


def test_the_kinds_keep_the_numbers_files_were_written_with() -> None:
    # events.columns stores a kind by its number: a kind added anywhere but at the end would
    # make every file written before read its events as other kinds.
    written_before_truces = [
        "control", "contested", "siege", "siege_lifted", "allegiance", "casualties", "incident",
        "assertion",
    ]  # fmt: skip
    assert list(EVENT_KINDS)[: len(written_before_truces)] == written_before_truces
