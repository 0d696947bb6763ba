"""Shared helpers of the tests: running the CLI in-process and the fixture scenario."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from engine.cli.main import main

TINY = Path(__file__).parent / "fixtures" / "tiny"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run `frontline argv...` in-process; return exit status, stdout and stderr."""
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    """Run a command with --json and parse its output."""
    status, out, err = run(capsys, *argv, "--json")
    assert status == 0, err
    return json.loads(out)


def copy_tiny(tmp_path: Path) -> Path:
    """A writable copy of the tiny fixture scenario."""
    target = tmp_path / "tiny"
    shutil.copytree(TINY, target)
    return target


def without_contents(folder: Path) -> None:
    """Delete the [contents] table of a scenario that `write_scenario` wrote, as one does to
    edit its files by hand."""
    path = folder / "scenario.toml"
    config = tomllib.loads(path.read_text(encoding="utf-8"))
    del config["contents"]
    path.write_text(tomli_w.dumps(config), encoding="utf-8")
