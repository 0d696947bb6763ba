"""Where Frontline keeps what it can always make again (the cells of a big scenario, the index of
a big replay), so that a later run reads it instead of making it."""

from __future__ import annotations

import os
from pathlib import Path

CACHE_VARIABLE = "FRONTLINE_CACHE"  # the folder to keep them in, or "off"


def cache_folder() -> Path | None:
    """The cache: $FRONTLINE_CACHE, else $XDG_CACHE_HOME/frontline or ~/.cache/frontline; None
    when $FRONTLINE_CACHE is "off"."""
    chosen = os.environ.get(CACHE_VARIABLE, "")
    if chosen.lower() == "off":
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "frontline"
