"""Python's cycle collector paused while a big structure is built whole: each object made counts
towards the next collection, and each collection walks every object alive, so building a
hundred thousand places or geometries into a heap that already holds a big war would start
collection after collection over objects that hold no cycles to collect."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collection_paused() -> Iterator[None]:
    """Pause the cycle collector for the block, then set it going again (if it was going)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
