"""The shape of the code: the engine core never loads a UI library; lint and types are clean."""

from __future__ import annotations

import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import engine

ROOT = Path(__file__).resolve().parent.parent
ENGINE_MODULES = sorted(
    m.name
    for m in pkgutil.iter_modules(engine.__path__)
    if m.name not in ("__main__", "strategies")
)


@pytest.mark.parametrize("module", ENGINE_MODULES)
def test_engine_module_loads_no_ui(module: str) -> None:
    code = (
        f"import sys, engine.{module}; "
        "bad = [m for m in ('textual', 'rich', 'hypothesis') if m in sys.modules]; "
        "print(','.join(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == ""


# What only some commands use: the others must start without loading it (networkx is loaded by
# the first use of the place graph's adjacency, which no printing command needs).
HEAVY = ("engine.check", "engine.extraction", "engine.synth", "networkx", "textual", "tui")


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["at", "2014-07-03"],
        ["at", "2014-07-03", "--place", "Abu Kamal", "--json"],
        ["timeline", "abriha"],
        ["diff", "2014-05-01", "2014-07-01"],
        ["events", "--place", "abu_kamal"],
        ["places", "--region", "north_bank"],
        ["factions"],
    ],
)
def test_commands_load_only_what_they_need(argv: list[str]) -> None:
    code = (
        "import contextlib, io, sys\n"
        "from engine.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        f"    main({argv!r})\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert (result.stdout.strip(), result.stderr) == ("", "")


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed; it comes with the `test` extra")
    return found


def test_ruff_is_clean() -> None:
    result = subprocess.run(
        [_tool("ruff"), "check", "."], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_is_clean() -> None:
    targets = [t for t in ("engine", "tui") if (ROOT / t).is_dir()]
    result = subprocess.run(
        [_tool("mypy"), "--strict", *targets],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
