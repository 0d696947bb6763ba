"""`frontline` (no command) and `frontline tui`: bad input fails before the screen is taken over."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

import engine.cli.main
from engine.model.scenario import Scenario
from tests.helpers import TINY, run
from tui.app import FrontlineApp


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[FrontlineApp]:
    """A terminal is there, and running an app records it instead of taking over the screen."""
    apps: list[FrontlineApp] = []
    monkeypatch.setattr(engine.cli.main, "is_terminal", lambda: True)
    monkeypatch.setattr(FrontlineApp, "run", lambda app, *a, **k: apps.append(app))
    return apps


def test_no_command_opens_the_ui_on_the_default_scenario(capsys, started):
    status, out, err = run(capsys)
    assert (status, out, err) == (0, "", "")
    (app,) = started
    assert isinstance(app.scenario_source, Scenario)
    assert app.scenario_source.title == "Deir ez-Zor offensive (April–July 2014)"
    assert app.at is None
    assert app.freeze_loaded  # the loaded scenario is kept out of the collector's way


def test_tui_with_a_scenario_and_a_date_as_written(capsys, started):
    status, _out, err = run(capsys, "tui", "--scenario", str(TINY), "--at", "4 March")
    assert (status, err) == (0, "")
    (app,) = started
    assert app.at == dt.date(2020, 3, 4)
    assert app.scenario_source.title == "Battle of the Three Wells (test fixture)"


def test_no_command_without_a_terminal_prints_the_help(capsys):
    status, out, _err = run(capsys)  # pytest captures stdout: no terminal
    assert status == 0
    assert out.startswith("usage: frontline")
    assert "tui" in out


def test_help_still_prints_help(capsys):
    with pytest.raises(SystemExit) as exit_info:
        run(capsys, "--help")
    assert exit_info.value.code == 0
    assert "tui" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["tui", "--at", "31 Juny"], "unknown month"),
        (["tui", "--at", "2015-01-01"], "outside the scenario's period, 2014-04-10 to 2014-07-14"),
        (["tui", "--scenario", "nowhere"], "no such scenario folder"),
    ],
)
def test_bad_input_is_one_line_and_status_2_before_the_ui(capsys, started, argv, says):
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert out == ""
    (line,) = err.splitlines()
    assert line.startswith("frontline: error: ")
    assert says in line
    assert started == []


def test_tui_without_a_terminal_says_so(capsys):
    status, _out, err = run(capsys, "tui")
    assert status == 2
    assert "needs a terminal" in err


def test_installed_command_rejects_a_bad_date_cleanly(tmp_path: Path):
    """A real run of the installed command: no traceback, one line, status 2."""
    exe = Path(sys.executable).with_name("frontline")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "engine"]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        [*command, "tui", "--scenario", str(TINY), "--at", "32 March"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1
    assert "32 March" in result.stderr
