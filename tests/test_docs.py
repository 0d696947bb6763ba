"""The CLI reference in docs/cli.md is the real `--help` of every command."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from engine.cli.main import build_parser

REFERENCE = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
COMMANDS = (
    "at", "timeline", "diff", "front", "events", "places", "factions", "check", "export", "tui",
    "extract", "synth", "gazetteer",
)  # fmt: skip
GAZETTEER_ACTIONS = ("find", "index", "import")


def cli_reference() -> str:
    """docs/cli.md as the parser describes itself (at a fixed terminal width)."""
    parser = build_parser()
    parts = [
        "# `frontline` command reference",
        "",
        "Generated from `--help`; `FRONTLINE_UPDATE_DOCS=1 pytest tests/test_docs.py` rewrites it.",
        "",
        "```",
        parser.format_help().rstrip(),
        "```",
    ]
    subparsers = next(a for a in parser._actions if a.dest == "command")
    for name in COMMANDS:
        sub = subparsers.choices[name]  # type: ignore[index]
        parts += ["", f"## frontline {name}", "", "```", sub.format_help().rstrip(), "```"]
    gazetteer = subparsers.choices["gazetteer"]  # type: ignore[index]
    actions = next(a for a in gazetteer._actions if a.dest == "gazetteer_command")
    for name in GAZETTEER_ACTIONS:
        sub = actions.choices[name]  # type: ignore[index]
        help_text = sub.format_help().rstrip()
        parts += ["", f"## frontline gazetteer {name}", "", "```", help_text, "```"]
    return "\n".join(parts) + "\n"


def test_cli_reference_is_current(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    expected = cli_reference()
    if os.environ.get("FRONTLINE_UPDATE_DOCS"):
        REFERENCE.write_text(expected, encoding="utf-8")
    assert REFERENCE.read_text(encoding="utf-8") == expected
