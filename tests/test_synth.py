"""Synthetic scenarios: made the same from the same seed, sound, written as events.jsonl or
events.toml and read back equal, and `frontline synth` as a user drives it."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.cli.check import check
from engine.errors import FrontlineError, Problem
from engine.formats import events_jsonl
from engine.formats.event_tables import check_references
from engine.formats.events_jsonl import dump_log_jsonl, parse_log_jsonl
from engine.formats.scenario_files import dump_log, load_scenario, parse_log
from engine.formats.scenario_writer import write_scenario
from engine.model.dates import Precision
from engine.model.events import EVENT_KINDS, FACTION_FIELDS, AllegianceChanged, ControlChanged
from engine.model.log import Log
from engine.model.scenario import Scenario
from engine.model.world import World
from engine.replay.replayer import Replayer
from engine.testing import strategies as fst
from engine.testing.synth import DEFAULT_START, synthesize
from tests.helpers import TINY, run, run_json, without_contents

ROOT = Path(__file__).resolve().parent.parent
KINDS = {"control", "contested", "siege", "siege_lifted", "allegiance", "casualties", "incident"}

# The kinds of events, as an error lists them.
KIND_LIST = ", ".join(EVENT_KINDS)


@pytest.fixture(scope="module")
def war() -> Scenario:
    return synthesize(300, 3000, 90, 7)


def same(a: Scenario, b: Scenario) -> bool:
    """Equal scenarios, places and neighbours included (a World compares regions and names only)."""
    edges = [sorted(sorted(edge) for edge in s.world.places.graph.edges) for s in (a, b)]
    places = [list(s.world.places.places) for s in (a, b)]
    return a == b and places[0] == places[1] and edges[0] == edges[1]


# ------------------------------------------------------------------------------- generating


def test_the_same_seed_gives_the_same_scenario(war: Scenario) -> None:
    assert same(synthesize(300, 3000, 90, 7), war)
    other = synthesize(300, 3000, 90, 8)
    assert other.log != war.log
    assert list(other.world.places.places) != list(war.world.places.places)


def test_the_same_seed_gives_the_same_files_in_any_process(tmp_path: Path) -> None:
    written = []
    for hash_seed in ("1", "2"):
        folder = tmp_path / hash_seed
        result = subprocess.run(
            [sys.executable, "-m", "engine", "synth", "--places", "80", "--events", "400",
             "--days", "20", "--seed", "3", "-o", str(folder)],
            capture_output=True, text=True, cwd=ROOT, check=False,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
        written.append({p.name: p.read_bytes() for p in folder.iterdir()})
    assert written[0] == written[1]
    assert "events.jsonl" in written[0]


@pytest.mark.parametrize(
    ("places", "events", "days"), [(1, 0, 1), (1, 5, 1), (2, 40, 3), (50, 500, 10), (300, 3000, 90)]
)
def test_counts_and_period_are_as_asked(places: int, events: int, days: int) -> None:
    scenario = synthesize(places, events, days, 1, dt.date(2021, 2, 3))
    assert len(list(scenario.world.places.places)) == places
    assert len(scenario.log) == events
    assert scenario.start == dt.date(2021, 2, 3)
    assert (scenario.end - scenario.start).days + 1 == days
    for event in scenario.log:
        assert scenario.start <= event.when.earliest <= event.when.latest <= scenario.end


def test_a_war_of_every_kind_of_event(war: Scenario) -> None:
    kinds = Counter(event.kind for event in war.log)
    assert set(kinds) == KINDS
    assert kinds["control"] > len(war.log) / 2
    assert 1 <= kinds["allegiance"] <= 3
    ranged = [e for e in war.log if not e.when.exact]
    assert 0.07 < len(ranged) / len(war.log) < 0.13
    for event in ranged:
        assert event.when.precision is Precision.RANGE
        assert event.when.earliest < event.when.latest
        assert event.provenance.quote.startswith(f"{event.when.phrase}, ")
        assert event.when.phrase.startswith("Between ")


def test_names_are_unique_and_each_names_its_place(war: Scenario) -> None:
    places = war.world.places
    kinds = Counter(p.kind for p in places.places)
    assert kinds["village"] > kinds["town"] > 0
    for place in places.places:
        assert not any(ch.isdigit() for ch in place.name)
        for name in place.names:
            assert places.resolve(name.upper()) == place.id
    regions = places.regions.values()
    (governorate,) = [r for r in regions if r.kind == "governorate"]
    assert governorate.members == frozenset(p.id for p in places.places)
    districts = [r for r in regions if r.kind == "district"]
    assert len(districts) > 1
    assert sorted(m for d in districts for m in d.members) == sorted(governorate.members)


def test_factions_under_three_coalitions(war: Scenario) -> None:
    factions = war.world.factions
    coalitions = [f for f in factions if f.coalition is None]
    assert len(coalitions) == 3
    assert 5 <= len(factions) - 3 <= 8
    assert {factions.side_of(f.id) for f in factions} == {c.id for c in coalitions}
    for faction in factions:
        assert faction.aliases
        for name in faction.names:
            assert factions.resolve(name) == faction.id


def test_the_log_is_sound_and_replays_without_a_problem(war: Scenario) -> None:
    assert check_references(war.log, war.world, lambda e: e.id) == []
    replayer = Replayer(war.world, war.log)
    report = check(war, replayer)
    assert report.problems == ()
    assert report.disagreements == ()
    assert report.dated_sentences == report.covered == len(war.log)
    held = replayer.territory(replayer.at(war.end))
    assert sum(held.values()) > 0.9 * len(list(war.world.places.places))


@given(fst.scenarios(), st.data())
def test_every_unknown_name_an_event_gives_is_a_problem(
    scenario: tuple[World, Log], data: st.DataObject
) -> None:
    world, log = scenario
    assert check_references(log, world, lambda e: e.id) == []
    if not len(log):
        return
    event = data.draw(st.sampled_from(list(log)))
    changes: list[tuple[dict[str, Any], str]] = [
        ({"places": (*event.places, "atlantis")}, "unknown place or region 'atlantis'"),
        ({"disputes": ("e-none",)}, "disputes unknown event 'e-none'"),
    ]
    changes += [
        ({key: "nobody"}, "unknown faction 'nobody'")
        for key in FACTION_FIELDS
        if isinstance(getattr(event, key, None), str)
    ]
    change, message = data.draw(st.sampled_from(changes))
    changed = Log([e if e.id != event.id else attrs.evolve(e, **change) for e in log])
    assert check_references(changed, world, lambda e: e.id) == [Problem(event.id, message)]


def test_fronts_move_from_what_a_side_holds(war: Scenario) -> None:
    # Followed here from the log alone: who holds what, and which side each unit is on.
    world = war.world
    side = {f.id: world.factions.side_of(f.id) for f in world.factions}
    holder: dict[str, str] = {}
    next_to_own = captures = 0
    for event in war.log:
        if isinstance(event, AllegianceChanged):
            side[event.faction] = event.joins
        if not isinstance(event, ControlChanged):
            continue
        (place,) = event.places
        if event.position > len(war.log) // 10:
            captures += 1
            taker = side[event.controller]
            neighbours = world.places.graph.adj[place]
            next_to_own += any(side.get(holder.get(n, ""), "") == taker for n in neighbours)
        holder[place] = event.controller
    assert next_to_own > 0.8 * captures


# ------------------------------------------------------------------------------- files


def test_jsonl_and_toml_folders_load_back_equal(war: Scenario, tmp_path: Path) -> None:
    write_scenario(war, tmp_path / "jsonl")
    write_scenario(war, tmp_path / "toml", "toml")
    assert (tmp_path / "jsonl" / "events.jsonl").is_file()
    assert not (tmp_path / "jsonl" / "events.toml").exists()
    from_jsonl, from_toml = load_scenario(tmp_path / "jsonl"), load_scenario(tmp_path / "toml")
    assert same(from_jsonl, war)
    assert same(from_toml, war)
    assert from_jsonl.lines == war.lines
    assert from_jsonl.outlines == war.outlines


@given(fst.scenarios())
def test_a_log_written_as_json_lines_loads_back_equal(scenario: tuple[World, Log]) -> None:
    _world, log = scenario
    text = "".join(dump_log_jsonl(log))
    assert parse_log_jsonl(text) == log
    assert parse_log_jsonl(text) == parse_log(dump_log(log))
    lines = text.split("\n")[:-1]  # not splitlines(): JSON leaves U+2028 and U+0085 as they are
    assert len(lines) == len(log)
    assert [json.loads(line)["id"] for line in lines] == [e.id for e in log]


@pytest.mark.parametrize("block", [7, 200, 1 << 20])
def test_json_lines_read_in_blocks_give_back_the_log(
    war: Scenario, block: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(events_jsonl, "_BLOCK", block)
    lines = list(dump_log_jsonl(war.log))
    assert parse_log_jsonl("".join(lines)) == war.log
    assert parse_log_jsonl("".join(lines).removesuffix("\n")) == war.log
    # Blank lines, CRLF, and nulls (a block with a null in it is read line by line).
    spaced = "\n \n".join(line.replace("\n", "\r\n") for line in lines)
    assert parse_log_jsonl(spaced) == war.log
    with_nulls = [
        line.replace('"kind":"control",', '"kind":"control","previous":null,', n % 2)
        for n, line in enumerate(lines)
    ]
    assert parse_log_jsonl("".join(with_nulls)) == war.log


def test_a_bad_line_deep_in_a_big_file_is_named_by_its_number(
    war: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(events_jsonl, "_BLOCK", 4096)
    lines = ["\n", *dump_log_jsonl(war.log)]  # a blank line first: lines count from the top
    lines[2345] = lines[2345].replace('"kind":"', '"kind":"x')
    lines[2401] = lines[2401].replace('"position":', '"position":-0.5,"x":')
    with pytest.raises(FrontlineError) as bad:
        parse_log_jsonl("".join(lines), path="war.jsonl")
    assert [str(p) for p in bad.value.problems] == [
        f"war.jsonl:2346 (event {war.log.id_of(2344)}): `kind` must be one of {KIND_LIST}; got "
        f"{'x' + war.log.event(2344).kind!r}",
        f"war.jsonl:2402 (event {war.log.id_of(2400)}): unknown keys for a "
        f"{war.log.event(2400).kind} event: x",
    ]
    table = json.loads(lines[2401])
    del table["x"]
    lines[2401] = json.dumps(table | {"position": "7"}) + "\n"
    with pytest.raises(FrontlineError) as bad:
        parse_log_jsonl("".join(lines[2400:2403]), path="war.jsonl")
    assert str(bad.value) == (
        f"war.jsonl:2 (event {war.log.id_of(2400)}): `position` must be a whole number"
    )
    lines[2500] = lines[2500][:40] + "\n"
    with pytest.raises(FrontlineError) as bad:
        parse_log_jsonl("".join(lines), path="war.jsonl")
    assert str(bad.value).startswith("war.jsonl:2501: not valid JSON: ")


def test_a_line_nested_too_deep_or_a_span_before_the_source_is_named(war: Scenario) -> None:
    lines = list(dump_log_jsonl(Log(war.log.event(n) for n in range(3))))
    deep = [lines[0], "[" * 100_000 + "]" * 100_000 + "\n", *lines[2:]]
    with pytest.raises(FrontlineError) as bad:
        parse_log_jsonl("".join(deep), path="war.jsonl")
    assert str(bad.value) == "war.jsonl:2: JSON nested too deep"
    table = json.loads(lines[1])
    table["span"] = [-5, -5 + len(table["quote"])]
    with pytest.raises(FrontlineError) as bad:
        parse_log_jsonl(lines[0] + json.dumps(table) + "\n", path="war.jsonl")
    assert "starts before the source" in str(bad.value)
    assert str(bad.value).startswith("war.jsonl:2 (event ")


def test_half_a_character_in_a_line_is_refused_where_a_whole_one_is_read(
    war: Scenario, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = list(dump_log_jsonl(Log(war.log.event(n) for n in range(3))))
    table = json.loads(lines[1])
    table["quote"] += " \U0001f600"  # written as the pair of escapes \ud83d\ude00: one character
    table["span"][1] += 2
    lines[1] = json.dumps(table) + "\n"
    assert "\\ud83d\\ude00" in lines[1]
    assert parse_log_jsonl("".join(lines)).event(1).provenance.quote.endswith(" \U0001f600")
    lines[1] = lines[1].replace("\\ude00", "")  # the first half alone
    with pytest.raises(FrontlineError) as bad:
        parse_log_jsonl("".join(lines), path="war.jsonl")
    assert str(bad.value) == (
        "war.jsonl:2: \\ud83d is half of a character (a lone UTF-16 surrogate), not text"
    )
    # From the command line: one line on stderr, exit status 2, and nothing printed half-way.
    folder = tmp_path / "war"
    write_scenario(war, folder)
    without_contents(folder)
    events = folder / "events.jsonl"
    events.write_text("".join(lines), encoding="utf-8")
    status, out, err = run(capsys, "events", "--scenario", str(folder))
    assert (status, out) == (2, "")
    assert err == (
        f"frontline: error: {events}:2: \\ud83d is half of a character (a lone UTF-16"
        " surrogate), not text\n"
    )


def test_a_value_broken_over_lines_is_not_json_even_when_the_lines_add_up(
    war: Scenario,
) -> None:
    four = Log(war.log.event(n) for n in range(4))
    first, second, third, fourth = (line.rstrip("\n") for line in dump_log_jsonl(four))
    # Read as a JSON array with a comma for each line break, these would be four events.
    lines = [first.removesuffix("}"), '"note":"x"}', f"{second},{third}", fourth]
    with pytest.raises(FrontlineError) as bad:
        parse_log_jsonl("\n".join(lines), path="war.jsonl")
    assert str(bad.value).startswith("war.jsonl:1: not valid JSON: ")


def test_a_json_line_has_the_keys_of_a_toml_event(war: Scenario) -> None:
    import tomllib

    tables = tomllib.loads(dump_log(war.log))["event"]
    for line, table in zip(dump_log_jsonl(war.log), tables, strict=True):
        decoded = json.loads(line)
        assert decoded.keys() == table.keys()
        assert decoded == {
            k: v.isoformat() if isinstance(v, dt.date) else v for k, v in table.items()
        }


def test_what_the_files_cannot_hold_is_refused(tmp_path: Path) -> None:
    tiny = load_scenario(TINY)  # a region by filters, and skipped sentences
    with pytest.raises(FrontlineError) as refused:
        write_scenario(tiny, tmp_path / "out")
    messages = [str(p) for p in refused.value.problems]
    assert "skipped sentences can only be written to events.toml" in messages
    assert any(m.startswith("region valley: only a governorate") for m in messages)
    assert not (tmp_path / "out").exists()


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "war"
    write_scenario(synthesize(20, 6, 3, 2), folder)
    without_contents(folder)  # edited by hand below: the reader, not the record, finds what
    return folder


def _edit_line(folder: Path, number: int, change: dict[str, object] | str) -> None:
    path = folder / "events.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    table = json.loads(lines[number - 1])
    if isinstance(change, str):
        lines[number - 1] = change
    else:
        table.update(change)
        lines[number - 1] = json.dumps({k: v for k, v in table.items() if v is not None}) + "\n"
    path.write_text("".join(lines), encoding="utf-8")


def _fails(capsys: pytest.CaptureFixture[str], folder: Path) -> list[str]:
    status, out, err = run(capsys, "check", "--scenario", str(folder))
    assert status == 2
    assert out == ""
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert all(line.startswith("frontline: error: ") for line in lines)
    return [line.removeprefix("frontline: error: ") for line in lines]


def test_a_line_that_is_not_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _folder(tmp_path)
    _edit_line(folder, 3, '{"id": "e3", "kind": "control",\n')
    _edit_line(folder, 5, "[[event]]\n")
    path = folder / "events.jsonl"
    assert _fails(capsys, folder) == [
        f"{path}:3: not valid JSON: Expecting property name enclosed in double quotes (column 32)"
    ]


def test_every_bad_event_names_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _folder(tmp_path)
    _edit_line(folder, 2, {"kind": "battle"})
    _edit_line(folder, 3, '["not", "an", "event"]\n')
    _edit_line(folder, 4, {"kind": "control", "controller": None})
    _edit_line(folder, 6, {"id": "e1"})
    path = folder / "events.jsonl"
    assert _fails(capsys, folder) == [
        f"{path}:2 (event e2): `kind` must be one of {KIND_LIST}; got 'battle'",
        f"{path}:3: an event must be a table of keys and values",
        f"{path}:4 (event e4): a control event needs `controller`",
        f"{path}:6 (event e1): id used twice",
    ]


def test_unknown_names_in_events_name_their_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _folder(tmp_path)
    (folder / "events.jsonl").write_text(
        "\n" + (folder / "events.jsonl").read_text(encoding="utf-8"), encoding="utf-8"
    )  # a blank line is passed over, and lines are still counted from the top of the file
    _edit_line(folder, 5, {"places": ["atlantis"]})
    path = folder / "events.jsonl"
    (line,) = _fails(capsys, folder)
    assert line == f"{path}:5 (event e4): unknown place or region 'atlantis'"


def test_which_events_file_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _folder(tmp_path)
    config = folder / "scenario.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('events = "events.jsonl"\n', ""), encoding="utf-8")
    assert len(load_scenario(folder).log) == 6  # events.jsonl alone: read without being named
    (folder / "events.toml").write_text(dump_log(Log(())), encoding="utf-8")
    assert _fails(capsys, folder) == [
        f"{folder}: has both events.toml and events.jsonl; name the one to read with "
        '`events = "..."` in scenario.toml'
    ]
    config.write_text(text, encoding="utf-8")
    assert len(load_scenario(folder).log) == 6


# ------------------------------------------------------------------------------- the command


@pytest.mark.parametrize("events_format", ["jsonl", "columns"])
def test_synth_then_at_then_check(
    events_format: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "war"
    status, out, err = run(
        capsys, "synth", "--places", "60", "--events", "600", "--days", "30", "--seed", "9",
        "--start", "3 March 2022", "--format", events_format, "-o", str(folder),
    )  # fmt: skip
    assert (status, err) == (0, "")
    assert out == (
        f"{folder}: Synthetic war (60 places, 600 events, seed 9), 2022-03-03 to 2022-04-01\n"
    )
    assert [p.name for p in folder.iterdir() if p.stem == "events"] == [f"events.{events_format}"]
    scenario = load_scenario(folder)
    assert same(scenario, synthesize(60, 600, 30, 9, dt.date(2022, 3, 3)))
    day = run_json(capsys, "at", "2022-04-01", "--scenario", str(folder))
    assert day["territory"]["places"] == 60
    assert sum(day["territory"]["coalitions"].values()) > 50
    place = next(iter(scenario.world.places.places))
    one = run_json(capsys, "at", "1 April", "--place", place.name, "--scenario", str(folder))
    assert one["place"] == place.id
    status, out, _ = run(capsys, "check", "--strict", "--scenario", str(folder))
    assert status == 0
    assert out.startswith("600 events; 600 of 600 dated sentences covered")
    assert out.endswith("\nok\n")


def test_synth_as_toml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "war"
    status, _, err = run(capsys, "synth", "--events", "50", "--format", "toml", "-o", str(folder))
    assert (status, err) == (0, "")
    assert (folder / "events.toml").is_file()
    assert not (folder / "events.jsonl").exists()
    assert same(load_scenario(folder), synthesize(1000, 50, 365, 1))


def test_synth_help_names_the_default_start(capsys: pytest.CaptureFixture[str]) -> None:
    # The parser writes the date out rather than load engine.testing.synth for it.
    with pytest.raises(SystemExit):
        run(capsys, "synth", "--help")
    help_text = " ".join(capsys.readouterr().out.split())
    assert f"--start DATE its first day (default: {DEFAULT_START})" in help_text


def test_synth_keeps_a_folder_that_is_not_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "war"
    folder.mkdir()
    (folder / "mine.txt").write_text("mine", encoding="utf-8")
    argv = ("synth", "--places", "5", "--events", "5", "-o", str(folder))
    for forced in ((), ("--force",)):  # --force replaces a scenario, never a folder of others
        status, out, err = run(capsys, *argv, *forced)
        assert (status, out) == (2, "")
        assert err == (
            f"frontline: error: {folder}: the folder is not empty and holds no scenario (no "
            "scenario.toml), so it is not replaced, even with --force; write to a new or empty "
            "folder\n"
        )
        assert [p.name for p in folder.iterdir()] == ["mine.txt"]
    (folder / "mine.txt").unlink()
    assert run(capsys, *argv)[0] == 0
    status, _, err = run(capsys, *argv)
    assert (status, err) == (
        2,
        f"frontline: error: {folder}: the folder holds a scenario; use --force to replace it\n",
    )
    status, _, _ = run(capsys, *argv, "--force", "--events", "7")
    assert status == 0
    assert len(load_scenario(folder).log) == 7
    target = tmp_path / "taken"
    target.write_text("mine", encoding="utf-8")
    status, _, err = run(capsys, "synth", "-o", str(target))
    assert status == 2
    assert err == f"frontline: error: {target}: exists and is not a folder\n"


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (("--places", "0"), ["places must be at least 1 (got 0)"]),
        (("--places", "0", "--events", "0"), ["places must be at least 1 (got 0)"]),
        (("--places", "-3"), ["places must be at least 1 (got -3)"]),
        (
            ("--events", "-1", "--days", "0"),
            ["events must be 0 or more (got -1)", "days must be at least 1 (got 0)"],
        ),
        (("--days", "3000000"), ["3000000 days from 2020-01-01 would end after 9999-12-30"]),
        (
            ("--start", "2021-02-30"),
            ["impossible date '2021-02-30': day is out of range for month"],
        ),
    ],
)
def test_synth_refuses_bad_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], expected: list[str]
) -> None:
    status, out, err = run(capsys, "synth", *argv, "-o", str(tmp_path / "war"))
    assert (status, out) == (2, "")
    assert err.splitlines() == [f"frontline: error: {line}" for line in expected]
    assert not (tmp_path / "war").exists()
