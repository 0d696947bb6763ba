"""Events and control put into words for people: the one wording the CLI and the TUI share."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence


def safe(text: str) -> str:
    """Text from files with control characters made visible, so it cannot drive the terminal."""
    return "".join(
        ch if unicodedata.category(ch) not in ("Cc", "Cf") or ch == "\t" else f"\\x{ord(ch):02x}"
        for ch in text
    ).replace("\t", " ")


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A plain left-aligned table; cells are made safe and long ones cut."""
    cells = [[safe("" if c is None else str(c)) for c in row] for row in rows]
    cells = [[c if len(c) <= 90 else c[:89] + "…" for c in row] for row in cells]
    widths = [len(h) for h in headers]
    for row in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    lines = [
        "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    return "\n".join(lines)
