"""Long work shows how far it has got on a terminal's standard error, and nowhere else."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
from pathlib import Path

from engine.cli.progress import TerminalProgress
from engine.testing.synth import synthesize

ROOT = Path(__file__).resolve().parent.parent


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_on_a_terminal_and_is_cleared() -> None:
    stream = _Terminal()
    progress = TerminalProgress("replaying 10 events", stream)
    progress(0.5)
    progress.clear()
    assert stream.getvalue() == "\rreplaying 10 events:  50%\r\x1b[K"


def test_a_note_shows_what_is_done_without_a_share() -> None:
    stream = _Terminal()
    progress = TerminalProgress("reading war", stream)
    progress.note()
    progress.clear()
    assert stream.getvalue() == "\rreading war…\r\x1b[K"


def test_progress_says_nothing_into_a_pipe() -> None:
    stream = io.StringIO()
    progress = TerminalProgress("replaying 10 events", stream)
    progress.note()
    progress(0.5)
    progress.clear()
    assert stream.getvalue() == ""


def _run(stderr_on_terminal: bool) -> tuple[str, str]:
    """`frontline at` on the default scenario, its standard error a terminal or a pipe."""
    command = [sys.executable, "-m", "engine", "at", "2014-07-03", "--place", "Mayadin"]
    if not stderr_on_terminal:
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=True)
        return done.stdout, done.stderr
    main, other = pty.openpty()
    try:
        done = subprocess.run(
            command, stdout=subprocess.PIPE, stderr=other, text=True, cwd=ROOT, check=True
        )
        os.close(other)
        other = -1
        said = b""
        while True:
            try:
                chunk = os.read(main, 4096)
            except OSError:  # the terminal's other end is closed: all is read
                break
            if not chunk:
                break
            said += chunk
    finally:
        os.close(main)
        if other >= 0:
            os.close(other)
    return done.stdout, said.decode()


def test_the_cli_shows_what_it_reads_on_a_terminal_and_then_clears_it() -> None:
    answer, said = _run(stderr_on_terminal=True)
    assert "reading the default scenario…" in said
    assert said.endswith("\r\x1b[K")  # nothing is left on the line
    assert answer == _run(stderr_on_terminal=False)[0]


def test_the_cli_says_nothing_more_into_a_pipe() -> None:
    answer, said = _run(stderr_on_terminal=False)
    assert said == ""
    assert "Mayadin" in answer


def test_making_a_war_tells_how_far_it_has_got() -> None:
    told: list[float] = []
    synthesize(20, 40_000, 30, 3, progress=told.append)
    assert told[0] == 0.0
    assert told[-1] == 1.0
    assert told == sorted(told)
    assert len(told) > 2  # during the chronicle, not only at its ends


def test_synth_says_only_what_it_wrote_into_a_pipe(tmp_path: Path) -> None:
    folder = tmp_path / "war"
    command = [sys.executable, "-m", "engine", "synth", "--places", "10", "--events", "50"]
    done = subprocess.run(
        [*command, "-o", str(folder)], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert done.stderr == ""
    assert done.stdout.startswith(f"{folder}: Synthetic war (10 places, 50 events")
