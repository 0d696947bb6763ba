"""The shape of the code: imports run down the layers, the engine core never loads a UI library,
and lint and types are clean."""

from __future__ import annotations

import ast
import importlib
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# The layers of the code, lowest first. A module may import from its own unit and from the units
# of lower layers, never from a higher layer or from another unit of its own layer; imports made
# inside functions (loaded when a command runs) count the same.
LAYERS: tuple[tuple[str, ...], ...] = (
    # problems a user can fix; files written whole; the cache; the collector paused
    ("engine.errors", "engine.files", "engine.cache", "engine.collector"),
    ("engine.model",),  # places, factions, events, control, dates, the log, the scenario
    ("engine.replay", "engine.wording"),  # the rules and the fold; events and control in words
    ("engine.territory",),  # the ground each place holds, the front line, pockets and areas
    ("engine.gazetteer",),  # gazetteer files and their index
    ("engine.formats", "engine.exports"),  # scenario folders and events; maps and data to take away
    ("engine.extraction", "engine.testing"),  # article to draft; strategies and synthetic wars
    ("tui",),  # the terminal UI
    ("engine.cli",),  # the application: the command line (`python -m engine`), which opens the TUI
)
UNITS = {unit: rank for rank, layer in enumerate(LAYERS) for unit in layer}
# What each unit may import from outside the project, beyond the standard library.
THIRD_PARTY = {
    "engine.testing": {"attrs", "hypothesis", "networkx", "numpy", "shapely", "tomli_w"},
    "tui": {"attrs", "networkx", "numpy", "rich", "shapely", "textual", "tomli_w"},
    "engine.cli": {"attrs", "networkx", "numpy", "shapely", "tomli_w"},
}
RUNTIME_THIRD_PARTY = {"attrs", "networkx", "numpy", "shapely", "tomli_w"}


def _unit(module: str) -> str | None:
    """The unit a project module belongs to (None for a module outside the project)."""
    if module == "engine.__main__":
        return "engine.cli"
    found = [u for u in UNITS if module == u or module.startswith(u + ".")]
    return max(found, key=len) if found else ("engine" if module == "engine" else None)


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every module a file imports, anywhere in it, with its line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append((node.lineno, node.module))
            # `from engine import strategies`: the names may be modules themselves
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


SOURCES = sorted(p for folder in ("engine", "tui") for p in (ROOT / folder).rglob("*.py"))


def test_every_module_belongs_to_a_layer() -> None:
    assert [_module_name(p) for p in SOURCES if _unit(_module_name(p)) in (None, "engine")] == [
        "engine"
    ]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_run_down_the_layers(path: Path) -> None:
    module = _module_name(path)
    unit = _unit(module)
    assert unit is not None
    bad = []
    for line, name in _imports(path):
        target = _unit(name)
        top = name.split(".")[0]
        if target == "engine":  # the package itself: its version
            continue
        if target is None:
            if top in sys.stdlib_module_names or top == "__future__" or top in ("engine", "tui"):
                continue
            if top not in THIRD_PARTY.get(unit, RUNTIME_THIRD_PARTY):
                bad.append(f"{line}: {name} (a library this layer does not use)")
            continue
        if target != unit and UNITS[target] >= UNITS[unit]:
            bad.append(f"{line}: {name}")
    assert bad == [], f"{module} imports against the layers"


def test_the_wheel_depends_on_what_it_imports() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]

    def names(requirements: list[str]) -> set[str]:
        return {re.split(r"[<>=\[ ;]", r, maxsplit=1)[0].replace("-", "_") for r in requirements}

    runtime = names(project["dependencies"])
    assert set().union(*THIRD_PARTY.values()) - {"hypothesis"} | RUNTIME_THIRD_PARTY == runtime
    # engine.testing needs Hypothesis, which the `testing` extra brings (and the `test` one)
    assert "hypothesis" in names(project["optional-dependencies"]["testing"])
    assert "hypothesis" in names(project["optional-dependencies"]["test"])


# Each unit's modules imported in a fresh interpreter: no library beyond its own loads with them.
@pytest.mark.parametrize("unit", [u for u in UNITS if u not in ("tui", "engine.cli")])
def test_engine_units_load_no_ui(unit: str) -> None:
    modules = [_module_name(p) for p in SOURCES if _unit(_module_name(p)) == unit]
    allowed = {"hypothesis"} if unit == "engine.testing" else set()
    code = (
        f"import sys, importlib; [importlib.import_module(m) for m in {modules!r}]; "
        f"bad = [m for m in ('textual', 'rich', 'hypothesis', 'tui') if m in sys.modules "
        f"and m not in {allowed!r}]; "
        "print(','.join(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == ""


# What only some commands use: the others must start without loading it (networkx is loaded by
# the first use of the place graph's adjacency, which no printing command needs).
HEAVY = (
    "engine.cli.check",
    "engine.extraction",
    "engine.testing.synth",
    "networkx",
    "textual",
    "tui",
)


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
        "from engine.cli.main import main\n"
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


SCRIPTS = [
    *sorted(p for folder in ("benchmarks", "docs") for p in (ROOT / folder).glob("*.py")),
    ROOT / "hatch_build.py",
]


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_scripts_import_what_the_project_has(path: Path) -> None:
    # Benchmarks and the docs' scripts are not run by the suite: their imports are checked here.
    missing = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in (
            "engine",
            "tui",
        ):
            module = importlib.import_module(node.module)
            missing += [
                f"{node.module}.{a.name}" for a in node.names if not hasattr(module, a.name)
            ]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in ("engine", "tui"):
                    importlib.import_module(alias.name)
    assert missing == []
