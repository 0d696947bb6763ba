"""`frontline export`: formats, dates and files from the command line.

The first tests call the command's own parser and handler (engine.cli.export), as `frontline`
does; the last run `frontline export` itself, through engine.cli.main."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import shutil
import stat
import subprocess
import sys
import types
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from engine.cli.export import FORMATS, add_parser
from engine.cli.main import Session, main
from engine.errors import FrontlineError
from engine.formats.scenario_files import load_scenario
from engine.model.scenario import Scenario
from engine.replay.replayer import Replayer

DAY = "2014-07-03"


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    """The bundled scenario."""
    return load_scenario(None)


def export(*argv: str) -> int:
    """`frontline export argv...` through the command's own parser and handler; what `main` adds
    (one line on stderr for a FrontlineError, exit status 2) is left to the wired tests."""
    parser = argparse.ArgumentParser(prog="frontline")
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--scenario", metavar="PATH", default=None)
    add_parser(parser.add_subparsers(dest="command"), parent)
    args = parser.parse_args(["export", *argv])
    args.json = False
    status: int = args.handler(Session(args), args)
    return status


def problems(*argv: str) -> list[str]:
    """The problems an export reports."""
    with pytest.raises(FrontlineError) as raised:
        export(*argv)
    return [str(p) for p in raised.value.problems]


# ------------------------------------------------------------------ through the handler


@pytest.mark.parametrize("name", [f for f in FORMATS if f != "svg"])
def test_every_format_to_stdout_and_to_a_file_alike(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert export(name, "--at", DAY) == 0
    printed = capsys.readouterr().out
    target = tmp_path / f"export.{name}"
    assert export(name, "--at", DAY, "-o", str(target)) == 0
    assert capsys.readouterr().out == ""
    assert target.read_bytes().decode("utf-8") == printed  # as written: CSV keeps its \r\n
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left


def test_each_file_reads_back(tmp_path: Path, scenario: Scenario) -> None:
    replayer = Replayer(scenario.world, scenario.log)
    files = {name: tmp_path / f"out.{name}" for name in FORMATS if name != "svg"}
    for name, path in files.items():
        assert export(name, "-o", str(path)) == 0
    periods = sum(len(replayer.timeline(p.id)) for p in scenario.world.places.places)
    geojson = json.loads(files["geojson"].read_text())
    assert len(geojson["features"]) == periods  # no --at: the periods, no ground
    with files["csv"].open(newline="") as table:
        assert len(list(csv.DictReader(table))) == periods
    with files["events-csv"].open(newline="") as table:
        assert len(list(csv.DictReader(table))) == len(scenario.log)
    kml = ET.parse(files["kml"]).getroot()
    assert len(kml.findall(".//{http://www.opengis.net/kml/2.2}Placemark")) == periods
    graph = nx.read_graphml(files["graphml"])
    assert graph.graph["date"] == scenario.end.isoformat()  # one day: the last, by default
    assert len(json.loads(files["timelinejs"].read_text())["events"]) == len(scenario.log)


def test_a_range_narrows_what_is_written(
    capsys: pytest.CaptureFixture[str], scenario: Scenario
) -> None:
    export("events-csv")
    every = list(csv.DictReader(io.StringIO(capsys.readouterr().out, newline="")))
    export("events-csv", "--from", "1 June", "--to", "2014-06-30")
    some = list(csv.DictReader(io.StringIO(capsys.readouterr().out, newline="")))
    expected = [
        e.id
        for e in scenario.log
        if e.when.latest.isoformat() >= "2014-06-01" and e.when.earliest.isoformat() <= "2014-06-30"
    ]
    assert [r["event_id_cnty"] for r in some] == expected
    assert 0 < len(some) < len(every)


def test_geojson_at_a_day_has_its_ground(capsys: pytest.CaptureFixture[str]) -> None:
    export("geojson", "--at", "3 July")
    kinds = {f["properties"]["kind"] for f in json.loads(capsys.readouterr().out)["features"]}
    assert {"period", "territory", "front"} <= kinds


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["csv", "--at", "2099-01-01"], "outside the scenario's period"),
        (["kml", "--from", "1 January 2000"], "outside the scenario's period"),
        (["csv", "--at", "31 February 2014"], "impossible date"),
        (["geojson", "--at", DAY, "--from", DAY], "one or the other"),
        (["csv", "--from", "2014-07-01", "--to", "2014-06-01"], "after --to"),
        (["graphml", "--from", "2014-06-01"], "one day"),
        (["shapefile"], "unknown format"),
        (["csv", "--width", "100"], "svg only"),
    ],
)
def test_bad_input_is_one_problem(argv: list[str], words: str) -> None:
    found = problems(*argv)
    assert len(found) == 1
    assert words in found[0]


def test_a_missing_folder_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "out.geojson"
    assert "no folder" in problems("geojson", "-o", str(target))[0]
    assert list(tmp_path.iterdir()) == []


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    assert "a folder" in problems("csv", "-o", str(tmp_path))[0]


def test_a_failure_leaves_the_old_file_and_no_half_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "periods.csv"
    target.write_text("the old file\n")
    import engine.exports.csv_tables as tables

    def half(stream: io.StringIO, *args: object) -> None:
        stream.write("place,name\nhalf")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tables, "write_periods_csv", half)
    assert "No space left" in problems("csv", "-o", str(target))[0]
    assert target.read_text() == "the old file\n"
    assert [p.name for p in tmp_path.iterdir()] == ["periods.csv"]


def test_an_interrupt_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import engine.exports.kml as kml

    def interrupted(stream: io.StringIO, *args: object) -> None:
        stream.write("<kml>")
        raise KeyboardInterrupt

    monkeypatch.setattr(kml, "write_kml", interrupted)
    with pytest.raises(KeyboardInterrupt):
        export("kml", "-o", str(tmp_path / "out.kml"))
    assert list(tmp_path.iterdir()) == []


def test_a_new_file_is_not_private(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    export("timelinejs", "-o", str(target))
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


def test_svg_is_the_map_of_the_day_at_the_size_asked(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], scenario: Scenario
) -> None:
    # the SVG map is another module's: here only what the command hands it is checked
    asked: list[tuple[dt.date, dict[str, int]]] = []

    def svg_map(scenario: Scenario, replayer: Replayer, day: dt.date, **size: int) -> str:
        asked.append((day, size))
        return "<svg/>"

    monkeypatch.setitem(sys.modules, "engine.exports.svg", types.SimpleNamespace(svg_map=svg_map))
    export("svg", "--at", DAY, "--width", "640", "--height", "480")
    export("svg")
    assert capsys.readouterr().out == "<svg/><svg/>"
    assert asked == [
        (dt.date.fromisoformat(DAY), {"width": 640, "height": 480}),
        (scenario.end, {}),
    ]
    assert "at least 1 pixel" in problems("svg", "--width", "0")[0]


def test_svg_for_real(tmp_path: Path) -> None:
    pytest.importorskip("engine.exports.svg")
    target = tmp_path / "map.svg"
    assert export("svg", "--at", DAY, "--width", "400", "--height", "300", "-o", str(target)) == 0
    root = ET.parse(target).getroot()
    assert root.tag.endswith("svg")


# ------------------------------------------------------------------ through `frontline`


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """`frontline argv...` in-process: exit status, stdout, stderr."""
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_wired_export_prints_geojson(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "export", "geojson", "--at", DAY)
    assert (status, err) == (0, "")
    assert json.loads(out)["type"] == "FeatureCollection"


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "csv", "--at", "2099-01-01"],
        ["export", "kml", "--at", DAY, "--to", DAY],
        ["export", "shapefile"],
    ],
)
def test_wired_bad_input_is_one_line_and_status_2(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert out == ""
    assert len(err.splitlines()) == 1
    assert err.startswith("frontline: error: ")


def test_wired_missing_folder_is_status_2_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, _out, err = run(capsys, "export", "geojson", "-o", str(tmp_path / "no" / "x.json"))
    assert status == 2
    assert err.startswith("frontline: error: -o ")
    assert list(tmp_path.iterdir()) == []


def test_wired_help_lists_the_formats(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    out = capsys.readouterr().out
    assert all(name in out for name in FORMATS)


def test_the_installed_command(tmp_path: Path) -> None:
    frontline = shutil.which("frontline", path=str(Path(sys.executable).parent))
    if frontline is None:
        pytest.skip("the frontline command is not installed")
    good = subprocess.run(
        [frontline, "export", "events-csv", "-o", str(tmp_path / "events.csv")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (good.returncode, good.stderr) == (0, "")
    bad = subprocess.run(
        [frontline, "export", "csv", "--at", "2099-01-01"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr
    assert bad.stderr.startswith("frontline: error: ")
