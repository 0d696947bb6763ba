"""How far long work has got, shown on a terminal's standard error and nowhere else: a pipe or
a log file gets the answer alone."""

from __future__ import annotations

import sys
import time
from typing import TextIO

# Redrawn at most this often (seconds): a redraw per chunk of work would slow the work down.
EVERY = 0.1


class TerminalProgress:
    """A line on the terminal saying what is being done and how far it has got, cleared once
    done; does nothing when standard error is not a terminal."""

    def __init__(self, what: str, stream: TextIO | None = None) -> None:
        self.what = what
        self.stream = stream if stream is not None else sys.stderr
        self.shown = False
        self._last = 0.0

    @property
    def on_terminal(self) -> bool:
        """True when there is a terminal to show it on."""
        return self.stream.isatty()

    def note(self) -> None:
        """Show what is being done, with no share (work that cannot say how far it has got)."""
        if self.on_terminal:
            self.stream.write(f"\r{self.what}…")
            self.stream.flush()
            self.shown = True

    def __call__(self, done: float) -> None:
        """Show that a share (0 to 1) of the work is done."""
        now = time.monotonic()
        if not self.on_terminal or now - self._last < EVERY:
            return
        self._last = now
        self.stream.write(f"\r{self.what}: {min(max(done, 0.0), 1.0):4.0%}")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        """Take the line away (the answer is printed where it stood)."""
        if self.shown:
            self.stream.write("\r\x1b[K")  # back to the line's start, and the line erased
            self.stream.flush()
            self.shown = False
