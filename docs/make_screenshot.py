"""Render real `frontline` output to docs/screenshot.svg for the README (run from the repo root)."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

from rich.console import Console
from rich.text import Text

from engine.cli.main import main

COMMANDS = [
    ["at", "3 July 2014", "--place", "Albu Kamal"],
    ["timeline", "Al-Shulah"],
]


def render() -> None:
    """Run each command and save what a terminal shows as SVG."""
    console = Console(
        record=True, width=104, force_terminal=True, color_system="truecolor", file=io.StringIO()
    )
    for argv in COMMANDS:
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            main(argv)
        console.print(Text("$ frontline " + " ".join(_shell(a) for a in argv), style="bold green"))
        console.print(Text(buffer.getvalue().rstrip()))  # Text, not markup: quotes are untrusted
        console.print()
    target = Path(__file__).parent / "screenshot.svg"
    target.write_text(console.export_svg(title="frontline"), encoding="utf-8")


def _shell(arg: str) -> str:
    return f"'{arg}'" if " " in arg else arg


if __name__ == "__main__":
    render()
