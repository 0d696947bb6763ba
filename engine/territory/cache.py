"""A big scenario's cells kept on disk between runs: made once (1.2 s at 100,000 places), then
read back for every later `front`, export or map of the same places in a fraction of that.

The file is named by a hash of everything the cells are made from (the places' ids and points,
the outlines, the radius, this format's version): a changed scenario gets new cells, never stale
ones. It holds plain arrays only (no pickled objects), and a file that cannot be read is made
again, as is one that cannot be written: the cache only ever saves time."""

from __future__ import annotations

import contextlib
import hashlib
import zipfile
from typing import Any

import numpy as np
import shapely

from engine.cache import cache_folder
from engine.files import write_atomically
from engine.model.scenario import Scenario
from engine.territory.partition import DISC_SEGMENTS, RADIUS_KM, Partition, top_outlines

VERSION = 1  # of the saved arrays and of the way cells are made: a change makes new files
# Below this many places the cells take less time to make than a file takes to read.
CACHED_FROM = 5000


def partition_of(scenario: Scenario) -> Partition:
    """The partition of a scenario's places (as `Partition.of`), from the cache when it holds
    them, else made and put there."""
    places = list(scenario.world.places.places)
    zones = top_outlines(scenario.outlines, scenario.world.places.regions)
    folder = cache_folder()
    if folder is None or len(places) < CACHED_FROM:
        return Partition(places, zones)
    digest = hashlib.sha256(f"{VERSION} {RADIUS_KM} {DISC_SEGMENTS}".encode())
    digest.update("\0".join(p.id for p in places).encode())
    digest.update(np.array([(p.lat, p.lon) for p in places], dtype=float).tobytes())
    for ring in zones:
        digest.update(np.array(ring, dtype=float).tobytes() + b"|")
    path = folder / f"cells-{digest.hexdigest()[:32]}.npz"
    unreadable = (
        OSError,
        EOFError,
        ValueError,
        KeyError,
        zipfile.BadZipFile,
        shapely.errors.GEOSException,
    )
    with contextlib.suppress(*unreadable), np.load(path, allow_pickle=False) as saved:
        return Partition(places, zones, saved=dict(saved))
    partition = Partition(places, zones)
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, Any] = partition.saved()
        write_atomically(path, lambda handle: np.savez(handle, **arrays))
    return partition
