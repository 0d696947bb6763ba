"""A big replay's index kept on disk between runs: folded once (seconds at a million events), then
read back by every later command and TUI on the same scenario in a fraction of that.

The file is named by a hash of everything the replay is made from: the log (all but its quotes
and where they end, which the replay never reads), the places in order, the regions, the
factions, and the source of the code that folds them. A changed scenario, or a changed engine,
gets a new index, never a stale one. The file holds plain arrays under a header (no pickled
objects); the header and every array carry a CRC-32, and the arrays' lengths are checked against
each other and the scenario, so a file cut short or damaged is made again rather than trusted. A
file that cannot be written is let be: the cache only ever saves time."""

from __future__ import annotations

import contextlib
import hashlib
import re
import sys
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from engine.cache import cache_file_bytes, cache_folder, code_digest, read_cache_file
from engine.files import write_atomically
from engine.model.scenario import Scenario
from engine.replay.index import Progress, ReplayIndex
from engine.replay.records import Records
from engine.replay.replayer import Replayer

FORMAT = "frontline replay index"
VERSION = 2  # 2: implied holdings (their holders' names, the status flag)
# Below this many events the fold takes less time than the file takes to read.
CACHED_FROM = 50_000
_HASH = re.compile(r"[0-9a-f]{64}")
KEPT = 8  # indexes kept in the cache, the most recently used: each can be a hundred megabytes
# The folders whose code decides what a replay's records are.
_CODE = (Path(__file__).parent, Path(__file__).parent.parent / "model")
# The arrays of a saved index, in file order, with their array typecodes.
_ARRAYS = {
    "place": "i", "previous": "i", "controller": "i", "status": "B", "since": "i", "event": "i",
    "day": "i", "pending_records": "i", "pending_sets": "i", "pending_table_end": "i",
    "pending_table": "i", "before_effect": "i", "effect_days": "i", "effect_order": "i",
    "allegiance_days": "i", "allegiance_events": "i", "history": "i", "history_day": "i",
    "history_start": "i", "history_fields": "i", "checkpoints": "i",
}  # fmt: skip


def replayer_of(scenario: Scenario, progress: Progress | None = None) -> Replayer:
    """The replayer of a scenario (as `Replayer`), from a saved index when the cache holds one
    for it, else folded (telling `progress` how far it has got) and saved."""
    world, log = scenario.world, scenario.log
    folder = cache_folder()
    if folder is None or len(log) < CACHED_FROM:
        return Replayer(world, log, progress=progress)
    path = folder / f"replay-{_key(scenario, folder)}.index"
    places = world.places.place_count
    index = None
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError, OverflowError):
        index = read_index(path, places, len(log))
        with contextlib.suppress(OSError):
            path.touch()  # recently used: kept when older indexes are cleared
    if index is not None:
        return Replayer(world, log, index=index)
    replayer = Replayer(world, log, progress=progress)
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, lambda handle: handle.writelines(index_bytes(replayer.index)))
        _clear_old(folder)
    return replayer


def _key(scenario: Scenario, folder: Path) -> str:
    """A hash of what a scenario's replay is made from (and of the code that makes it)."""
    digest = hashlib.sha256(f"{FORMAT} {VERSION}\0".encode())
    digest.update(code_digest(_CODE).encode())
    digest.update(_made_from(scenario, folder).encode())
    return digest.hexdigest()[:32]


def _made_from(scenario: Scenario, folder: Path) -> str:
    """A hash of what a scenario's replay is made from, kept in the cache under its files key:
    hashing a million events takes longer than reading the index."""
    kept = folder / "replay-keys" / scenario.files_key if scenario.files_key else None
    with contextlib.suppress(OSError, UnicodeDecodeError):
        found = kept.read_text(encoding="ascii") if kept else ""
        if _HASH.fullmatch(found):
            return found
    digest = hashlib.sha256()
    places = scenario.world.places
    digest.update("\0".join(places.place_ids).encode())
    for region in sorted(places.regions.values(), key=lambda r: r.id):
        given = (region.id, region.kind, region.parent, sorted(region.members))
        digest.update(repr(given).encode())
    digest.update(repr(tuple(scenario.world.factions.by_id.values())).encode())
    for name, column in sorted(scenario.log.columns().items()):
        if name in ("quotes", "quote_end"):
            continue
        digest.update(f"\0{name}\0".encode())
        if isinstance(column, array | bytes | bytearray):
            digest.update(memoryview(column).cast("B"))
        elif isinstance(column, str):
            digest.update(column.encode("utf-8", "surrogatepass"))
        else:  # the tables: tuples of names, of mappings of fields; a mapping of attributions
            digest.update(repr(column).encode("utf-8", "surrogatepass"))
    made_from = digest.hexdigest()
    if kept is not None:
        with contextlib.suppress(OSError):
            kept.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(kept, lambda handle: handle.writelines([made_from.encode()]))
    return made_from


def _clear_old(folder: Path) -> None:
    """Remove all but the KEPT most recently used indexes, and the hashes of old files."""
    for pattern, kept in (("replay-*.index", KEPT), ("replay-keys/*", 8 * KEPT)):
        saved = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in saved[kept:]:
            with contextlib.suppress(OSError):
                old.unlink()


def index_bytes(index: ReplayIndex) -> Iterator[bytes | memoryview]:
    """A replay index as the bytes of its file: the CRC-32 of the header, the header, the
    arrays."""
    r = index.records
    pending_end = array("i", [0])
    pending = array("i")
    for numbers in r.pending_table:
        pending.extend(sorted(numbers))
        pending_end.append(len(pending))
    columns: dict[str, array[int] | bytearray] = {
        "place": r.place, "previous": r.previous, "controller": r.controller,
        "status": r.status, "since": r.since, "event": r.event, "day": r.day,
        "pending_records": r.pending_records, "pending_sets": r.pending_sets,
        "pending_table_end": pending_end, "pending_table": pending,
        "before_effect": r.before_effect, "effect_days": r.effect_days,
        "effect_order": array("i") if r.effect_order is None else r.effect_order,
        "allegiance_days": array("i", (day for day, _ in r.allegiance_changes)),
        "allegiance_events": array("i", (event for _, event in r.allegiance_changes)),
        "history": index.history, "history_day": index.history_day,
        "history_start": index.history_start, "history_fields": index.history_fields,
        "checkpoints": array("i", b"".join(c.tobytes() for c in index.checkpoints)),
    }  # fmt: skip
    data = [memoryview(columns[name]).cast("B") for name in _ARRAYS]
    header = {
        "format": FORMAT,
        "version": VERSION,
        "byteorder": sys.byteorder,
        "itemsize": array("i").itemsize,
        "first_day": r.first_day,
        "checkpoint_every": index.checkpoint_every,
        "log_order": r.effect_order is None,
        "allegiances": [dict(a) for a in r.allegiances],
        "extra_names": list(r.extra_names),
    }
    return cache_file_bytes(header, data)


def read_index(path: Path, places: int, events: int) -> ReplayIndex:
    """The replay index saved in a file for a scenario of so many places and events; raises
    OSError or ValueError when it is not a whole, undamaged index of such a scenario."""
    with path.open("rb") as handle:
        header, chunks = read_cache_file(handle.read(), FORMAT, VERSION)
    if (header["byteorder"], header["itemsize"]) != (sys.byteorder, array("i").itemsize):
        raise ValueError("another machine's numbers")
    arrays: dict[str, Any] = {}
    for (name, typecode), chunk in zip(_ARRAYS.items(), chunks, strict=True):
        if typecode == "B":
            arrays[name] = bytearray(chunk)
        else:
            arrays[name] = array(typecode)
            arrays[name].frombytes(chunk)
    return _index(arrays, header, places, events)


def _index(arrays: dict[str, Any], header: dict[str, Any], places: int, events: int) -> ReplayIndex:
    """The index the arrays of a file make, once their lengths agree with each other and with
    the scenario (a CRC catches damage, not a file made for other places)."""
    a = arrays
    count, every = len(a["place"]), header["checkpoint_every"]
    lengths = {
        len(a[name]) for name in ("previous", "controller", "status", "since", "event", "day")
    }
    checkpoints = a["checkpoints"]
    if (
        lengths != {count}
        or len(a["history"]) != count
        or len(a["history_day"]) != count
        or len(a["history_fields"]) != 4 * count
        or len(a["history_start"]) != places + 1
        or (places and a["history_start"][-1] != count)
        or not isinstance(every, int)
        or every < 1
        or len(checkpoints) != places * (count // every + 1)
        or len(a["before_effect"]) != events
        or len(a["effect_days"]) != events
        or len(a["effect_order"]) != (0 if header["log_order"] else events)
        or len(a["pending_records"]) != len(a["pending_sets"])
        or len(a["allegiance_days"]) != len(header["allegiances"])
        or len(a["allegiance_events"]) != len(header["allegiances"])
    ):
        raise ValueError("lengths that do not agree")
    ends, pending = a["pending_table_end"], a["pending_table"]
    records = Records(
        a["place"],
        a["previous"],
        a["controller"],
        a["status"],
        a["since"],
        a["event"],
        a["day"],
        a["pending_records"],
        a["pending_sets"],
        tuple(frozenset(pending[ends[n] : ends[n + 1]]) for n in range(len(ends) - 1)),
        a["before_effect"],
        a["effect_days"],
        None if header["log_order"] else a["effect_order"],
        tuple(zip(a["allegiance_days"], a["allegiance_events"], strict=True)),
        tuple(dict(given) for given in header["allegiances"]),
        header["first_day"],
        tuple(str(name) for name in header["extra_names"]),
    )
    return ReplayIndex(
        records,
        a["history"],
        a["history_day"],
        a["history_start"],
        a["history_fields"],
        tuple(checkpoints[n * places : (n + 1) * places] for n in range(count // every + 1)),
        every,
    )
