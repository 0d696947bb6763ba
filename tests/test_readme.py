"""The README's example output is what the commands really print."""

from __future__ import annotations

import contextlib
import io
import re
import shlex
from pathlib import Path

import pytest

from engine.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def examples() -> list[tuple[str, list[str]]]:
    """(command line, shown output) for every `$ frontline ...` in the README's code blocks."""
    found: list[tuple[str, list[str]]] = []
    fenced = in_example = False
    for line in README.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fenced, in_example = not fenced, False
        elif fenced and line.startswith("$ frontline"):
            found.append((line[2:].split("  #")[0].strip(), []))
            in_example = True
        elif in_example:
            found[-1][1].append(line)
    return found


def matches(shown: list[str], real: list[str]) -> bool:
    """True when shown output is real output, where "…" stands for cut lines or a cut line's end."""
    while shown and not shown[-1].strip():
        shown = shown[:-1]
    position = 0
    skipping = False
    for line in shown:
        if line == "…":
            skipping = True
            continue
        while position < len(real):
            candidate = real[position]
            position += 1
            ok = candidate.startswith(line[:-1]) if line.endswith("…") else candidate == line
            if ok:
                break
            if not skipping:
                return False
        else:
            return False
        skipping = False
    return skipping or position == len(real)


@pytest.mark.parametrize(("command", "shown"), examples(), ids=lambda v: str(v)[:40])
def test_readme_example(command: str, shown: list[str]) -> None:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        status = main(shlex.split(command)[1:])
    assert status == 0
    if shown:
        real = buffer.getvalue().rstrip("\n").splitlines()
        assert matches(shown, real), "\n".join(real)


def test_readme_has_examples() -> None:
    commands = {c.split()[1] for c, _ in examples()}
    assert {"at", "timeline", "diff", "events", "factions", "places", "check"} <= commands


def test_the_layout_names_every_part_of_the_engine_and_nothing_else() -> None:
    layout = README.read_text().split("## Layout", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"^\| `(engine/[^`]*)` \|", layout, re.MULTILINE))
    engine = ROOT / "engine"
    parts = {f"engine/{p.name}/" for p in engine.iterdir() if (p / "__init__.py").is_file()}
    modules = {f"engine/{p.name}" for p in engine.glob("*.py") if not p.name.startswith("__")}
    assert named == parts | modules
