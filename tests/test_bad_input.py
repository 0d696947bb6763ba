"""Bad input gets one clear message per problem, naming file, line or event, and exit status 2."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import copy_tiny, run


def _break(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture no longer has {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _fails(capsys: pytest.CaptureFixture[str], *argv: str) -> list[str]:
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert out == ""
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert lines
    assert all(line.startswith("frontline: error: ") for line in lines)
    return lines


def test_truncated_events_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = copy_tiny(tmp_path)
    events = folder / "events.toml"
    text = events.read_text(encoding="utf-8")
    events.write_text(text[: text.index('quote = "The next day') + 20], encoding="utf-8")
    (line,) = _fails(capsys, "at", "2020-03-04", "--scenario", str(folder))
    assert "events.toml" in line
    assert "not valid TOML" in line
    assert re.search(r"events\.toml:\d+: ", line)


def test_every_problem_of_a_file_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = copy_tiny(tmp_path)
    _break(folder, "events.toml", 'date = "2020-03-03"', 'date = "2020-02-30"')
    _break(
        folder, "events.toml", 'quote = "The next day, the Blue', 'quote = "The day after, the Blue'
    )
    _break(folder, "events.toml", 'kind = "siege"', 'kind = "sieje"')
    lines = _fails(capsys, "check", "--scenario", str(folder))
    assert len(lines) == 3
    assert "event t03" in lines[0]
    assert "2020-02-30" in lines[0]
    assert "event t04" in lines[1]
    assert "not verbatim" in lines[1]
    assert "event t06" in lines[2]
    assert "sieje" in lines[2]
    # Each names the line of its [[event]] table in the file.
    text = (folder / "events.toml").read_text(encoding="utf-8").splitlines()
    for message in lines:
        number = int(re.search(r"events\.toml:(\d+)", message).group(1))  # type: ignore[union-attr]
        assert text[number - 1].strip() == "[[event]]"


def test_unknown_place_and_faction_in_events(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = copy_tiny(tmp_path)
    _break(
        folder,
        "events.toml",
        'places = ["lower_well"]\ncontroller',
        'places = ["atlantis"]\ncontroller',
    )
    _break(folder, "events.toml", 'by = "blue"', 'by = "purple"')
    lines = _fails(capsys, "events", "--scenario", str(folder))
    assert any("event t04" in line and "atlantis" in line for line in lines)
    assert any("event t06" in line and "purple" in line for line in lines)


def test_malformed_gazetteer_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = copy_tiny(tmp_path)
    _break(folder, "places.tsv", "35.05\t40.05", "north\t40.05")
    (line,) = _fails(capsys, "places", "--scenario", str(folder))
    assert "places.tsv:3" in line
    assert "numbers" in line


def test_unknown_coalition(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = copy_tiny(tmp_path)
    _break(folder, "factions.toml", 'coalition = "red"', 'coalition = "reds"')
    (line,) = _fails(capsys, "factions", "--scenario", str(folder))
    assert "factions.toml" in line
    assert "green" in line
    assert "reds" in line


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (("at", "2020-02-30"), "impossible date"),
        (("at", "30 Febtober 2020"), "unknown month"),
        (("at", "someday"), "cannot read date"),
        (("at", "2020-03-04", "--place", "Atlantis"), "unknown place 'Atlantis'"),
        (("timeline", "Atlantis"), "unknown place"),
        (("events", "--faction", "Purple"), "unknown faction 'Purple'"),
    ],
)
def test_bad_arguments(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], expected: str
) -> None:
    (line,) = _fails(capsys, *argv, "--scenario", "tests/fixtures/tiny")
    assert expected in line


def test_missing_scenario_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (line,) = _fails(capsys, "check", "--scenario", str(tmp_path / "missing"))
    assert "missing" in line
    assert "no such scenario" in line


def test_missing_source_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = copy_tiny(tmp_path)
    (folder / "article.txt").unlink()
    (line,) = _fails(capsys, "check", "--scenario", str(folder))
    assert "scenario.toml" in line
    assert "cannot read the source" in line


def test_nothing_stored_is_changed_by_a_failing_load(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = copy_tiny(tmp_path)
    _break(folder, "events.toml", 'by = "blue"', 'by = "purple"')
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    _fails(capsys, "check", "--scenario", str(folder))
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_hostile_text_cannot_drive_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = copy_tiny(tmp_path)
    _break(folder, "places.tsv", "Lower Well\t", "Lower Well [bold]x[/]\t")
    argv = ("at", "2020-03-04", "--place", "lower_well", "--scenario", str(folder))
    status, out, _ = run(capsys, *argv)
    assert status == 0
    assert "Lower Well [bold]x[/]" in out  # markup shown, not obeyed
    # A control character in a name is refused, and the message shows it escaped.
    _break(folder, "places.tsv", "Lower Well [bold]x[/]\t", "Lower \x1b[31mWell\t")
    (line,) = _fails(capsys, *argv)
    assert line == (
        f"frontline: error: {folder / 'places.tsv'}:2: 'Lower \\x1b[31mWell' holds a control "
        "character (U+001B)"
    )
