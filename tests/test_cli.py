"""The `frontline` commands as a user drives them, on the tiny fixture scenario."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import TINY, copy_tiny, run, run_json

S = ("--scenario", str(TINY))


def test_at_place_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "at", "2020-03-03", "--place", "Lower Well", *S)
    assert data["place"] == "lower_well"
    assert data["controller"] == "red"
    assert data["status"] == "contested"
    assert data["uncertain"] is False
    assert data["since"] == "2020-02-29"
    assert data["event"] == "t03"
    assert "took parts of Lower Well" in data["quote"]
    assert (data["lat"], data["lon"]) == (35.0, 40.0)  # as tests/fixtures/tiny/places.tsv has it


def test_dates_as_written_and_aliases_any_case(capsys: pytest.CaptureFixture[str]) -> None:
    iso = run_json(capsys, "at", "2020-03-04", "--place", "lower_well", *S)
    written = run_json(capsys, "at", "4 March 2020", "--place", "BIR TAHTANI", *S)
    no_year = run_json(capsys, "at", "4 March", "--place", "lower-well", *S)
    assert iso == written == no_year
    assert iso["controller"] == "blue"


def test_at_all_places(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "at", "2020-03-08", *S)
    assert data["date"] == "2020-03-08"
    by_place = {p["place"]: p for p in data["places"]}
    assert set(by_place) == {"lower_well", "middle_well", "upper_well", "upper_well_fort"}
    # The siege is reported for 7 to 9 March: it takes effect on the 9th, uncertain before.
    assert by_place["middle_well"]["status"] == "held"
    assert by_place["middle_well"]["uncertain"] is True
    assert by_place["upper_well_fort"]["controller"] == "blue"
    assert data["territory"]["factions"] == {"red": 2, "blue": 2}
    assert data["territory"]["places"] == 4


def test_territory_counts_a_defected_unit_for_its_new_side(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = copy_tiny(tmp_path)
    events = folder / "events.toml"
    # Give Green Company a village before it defects on 6 March.
    events.write_text(
        events.read_text(encoding="utf-8").replace(
            'controller = "red"\n',
            'controller = "red"\n\n[[event]]\nid = "t01b"\n'
            'kind = "control"\ndate = "2020-03-01"\nquote = "the whole valley"\n'
            'places = ["upper_well"]\ncontroller = "green"\n',
            1,
        ),
        encoding="utf-8",
    )
    before = run_json(capsys, "at", "2020-03-05", "--scenario", str(folder))["territory"]
    after = run_json(capsys, "at", "2020-03-06", "--scenario", str(folder))["territory"]
    assert before["coalitions"] == {"red": 2, "blue": 2}
    assert after["coalitions"] == {"blue": 3, "red": 1}
    assert after["factions"] == {"blue": 2, "red": 1, "green": 1}


def test_at_region_is_split_when_places_disagree(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "at", "2020-03-05", "--place", "the valley", *S)
    assert data["status"] == "split"
    assert data["controller"] is None
    assert {m["controller"] for m in data["members"]} == {"red", "blue"}


def test_at_human_table(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "at", "2020-03-09", *S)
    assert status == 0
    assert "2020-03-09 (Monday)" in out
    assert "besieged by blue" in out


def test_timeline(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "timeline", "lower well", *S)
    periods = data["periods"]
    assert [(p["from"], p["controller"], p["status"]) for p in periods] == [
        ("2020-01-01", None, "unknown"),
        ("2020-02-29", "red", "held"),
        ("2020-03-03", "red", "contested"),
        ("2020-03-04", "blue", "held"),
    ]
    assert periods[0]["uncertain"] is True
    assert periods[2]["to"] == "2020-03-03"
    assert periods[-1]["to"] is None
    assert periods[-1]["quote"].startswith("The next day")
    assert (data["lat"], data["lon"]) == (35.0, 40.0)  # as tests/fixtures/tiny/places.tsv has it


def test_diff(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "diff", "2020-03-01", "2020-03-10", *S)
    changed = {c["place"]: c for c in data["changes"]}
    assert set(changed) == {"lower_well", "middle_well"}
    assert changed["lower_well"]["before"]["controller"] == "red"
    assert changed["lower_well"]["after"]["controller"] == "blue"
    assert changed["middle_well"]["after"]["status"] == "besieged"


def test_events_filters(capsys: pytest.CaptureFixture[str]) -> None:
    everything = run_json(capsys, "events", *S)
    assert [e["id"] for e in everything][:2] == ["t01", "t02"]
    assert {"id", "kind", "earliest", "latest", "quote"} <= set(everything[0])
    kinds = run_json(capsys, "events", "--kind", "control", *S)
    assert {e["kind"] for e in kinds} == {"control"}
    dated = run_json(capsys, "events", "--from", "2020-03-04", "--to", "6 March", *S)
    assert [e["id"] for e in dated] == ["t04", "t05"]
    placed = run_json(capsys, "events", "--place", "Lower Well", *S)
    assert [e["id"] for e in placed] == ["t01", "t03", "t04"]
    faction = run_json(capsys, "events", "--faction", "Green Company", *S)
    # Green belongs to the Red Brigade: events about the Reds concern it too.
    assert "t05" in [e["id"] for e in faction]
    assert "t07" in [e["id"] for e in faction]


def test_factions_and_places(capsys: pytest.CaptureFixture[str]) -> None:
    factions = run_json(capsys, "factions", *S)
    green = next(f for f in factions if f["id"] == "green")
    assert green == {
        "id": "green",
        "name": "Green Company",
        "aliases": [],
        "coalition": "red",
        "side": "red",
    }
    places = run_json(capsys, "places", "--kind", "village", *S)
    assert [p["id"] for p in places] == ["middle_well", "upper_well"]
    assert "valley" in places[0]["regions"]


def test_check_json(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "check", *S)
    assert data["ok"] is True
    assert data["problems"] == []
    assert data["skipped"][0]["reason"].startswith("a note about the text")
    (claim,) = data["assertions"]
    assert claim["replay"] == 0.5
    assert claim["agrees"] is True


def test_help_of_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("at", "timeline", "diff", "events", "places", "factions", "check"):
        with pytest.raises(SystemExit) as exit_info:
            run(capsys, command, "--help")
        assert exit_info.value.code == 0
        assert "usage: frontline" in capsys.readouterr().out


def test_installed_command_runs_and_fails_cleanly(tmp_path: Path) -> None:
    """One real run of the installed entry point: output, exit status, no traceback."""
    exe = Path(sys.executable).with_name("frontline")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "engine"]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    good = subprocess.run(
        [*command, "at", "2020-03-04", "--place", "Lower Well", "--scenario", str(TINY)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert good.returncode == 0, good.stderr
    assert "Lower Well" in good.stdout
    bad = subprocess.run(
        [*command, "at", "2020-03-04", "--scenario", str(tmp_path / "nowhere")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr
    assert bad.stderr.count("\n") == 1
    assert "nowhere" in bad.stderr


def test_check_reports_uncovered_sentences_and_implied_holders(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = copy_tiny(tmp_path)
    events = folder / "events.toml"
    text = events.read_text(encoding="utf-8")
    # Drop the casualty report (t07): its dated sentence is then neither covered nor skipped.
    start = text.index('[[event]]\nid = "t07"')
    text = text[:start] + text[text.index("[[event]]", start + 1) :]
    # Say the Blue Army took the fort from the Reds, who never held it.
    text = text.replace(
        'places = ["upper_well_fort"]\n', 'places = ["upper_well_fort"]\nprevious = "red"\n'
    )
    events.write_text(text, encoding="utf-8")
    status, out, _ = run(capsys, "check", "--scenario", str(folder), "--json")
    data = json.loads(out)
    assert status == 1
    assert data["ok"] is False
    (problem,) = data["problems"]
    assert "12 Red fighters" in problem["message"]
    assert problem["where"] == "source article, line 9"
    # Nothing gave the fort to the Reds before: the replay has them there, implied, from the
    # first day of the replay until the day before the range of t02 ends, and check lists it.
    (implied,) = data["implied"]
    assert implied["where"] == "event t02"
    assert "red held upper_well_fort from 2020-01-01 to 2020-02-28" in implied["message"]
    assert data["disagreements"] == []
