"""A big scenario as it was loaded, kept in the cache: opening it again reads its places as
columns and takes its events as checked already, rather than parsing and checking a hundred
thousand rows and a million events again (seconds each time).

A snapshot is named by the scenario's files key: a hash of the stamp of every file the scenario
is read from (device, inode, size, modification and change times: any write changes one), of
the folder, and of the code that reads them. A changed file or engine gives another key, so a
snapshot is never stale; its header and each chunk carry a CRC-32, and a damaged one is ignored
and made again. A snapshot that cannot be written is let be: it only ever saves time."""

from __future__ import annotations

import contextlib
import hashlib
import os
from array import array
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from attrs import frozen

from engine.cache import cache_file_bytes, cache_folder, code_digest, read_cache_file
from engine.files import write_atomically
from engine.formats.contents import file_stamp, settled
from engine.model.geometry import Line, Ring
from engine.model.places import PLACE_NUMBERS, PLACE_TEXTS, PlaceColumns, Region
from engine.model.scenario import Scenario

FORMAT = "frontline loaded scenario"
VERSION = 1
# From this many places or events, reading the files takes longer than reading a snapshot.
SNAPSHOT_FROM = 50_000
KEPT = 4  # snapshots kept, the most recently used
# The folders whose code decides what a scenario is, as loaded.
_CODE = tuple(Path(__file__).parent.parent / name for name in ("formats", "model", "gazetteer"))
_SEPARATOR = "\0"  # between the texts of a column: no text of a snapshot holds one


@frozen
class Snapshot:
    """What a loaded scenario is made of beyond its small files: its places and regions, its
    map's lines and outlines, and (when its events file is not events.columns) its log as an
    events.columns file."""

    places: PlaceColumns
    regions: tuple[Region, ...]
    lines: tuple[Line, ...]
    outlines: Mapping[str, Ring]
    log_columns: memoryview | None


def files_key(folder: Path, files: Iterable[Path]) -> str | None:
    """The key of a scenario read from these files of a folder, as they are now; None when one
    changed too lately for its stamp to show the next change, or when there is no cache."""
    if cache_folder() is None:
        return None
    digest = hashlib.sha256(f"{FORMAT} {VERSION}\0{folder.resolve()}\0".encode())
    digest.update(code_digest(_CODE).encode())
    for path in sorted(files):
        try:
            found = path.stat()
        except FileNotFoundError:
            digest.update(f"\0{path}\0none".encode())  # a file made later changes the key
            continue
        if not settled(found):
            return None
        digest.update(f"\0{path}\0{file_stamp(found)}".encode())
    return digest.hexdigest()[:32]


def _path(key: str) -> Path | None:
    folder = cache_folder()
    return None if folder is None else folder / "loaded" / f"{key}.snapshot"


def read_snapshot(key: str | None) -> Snapshot | None:
    """The snapshot kept under a files key; None when there is none, or none whole."""
    path = None if key is None else _path(key)
    if path is None:
        return None
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError, IndexError):
        with path.open("rb") as handle:
            header, chunks = read_cache_file(handle.read(), FORMAT, VERSION)
        with contextlib.suppress(OSError):
            path.touch()  # recently used: kept when older snapshots are cleared
        return _snapshot(header, chunks)
    return None


def _snapshot(header: dict[str, Any], chunks: list[memoryview]) -> Snapshot:
    """A snapshot from the header and chunks of its file."""
    count = header["places"]
    texts: dict[str, list[str]] = {}
    for name, chunk in zip(PLACE_TEXTS, chunks, strict=False):
        texts[name] = str(chunk, "utf-8").split(_SEPARATOR) if count else []
    numbers: dict[str, array[float]] = {}
    for name, chunk in zip(PLACE_NUMBERS, chunks[len(PLACE_TEXTS) :], strict=False):
        numbers[name] = array("d")
        numbers[name].frombytes(chunk)
    if {*map(len, texts.values()), *map(len, numbers.values())} != {count}:
        raise ValueError("columns of other lengths")
    rest = chunks[len(PLACE_TEXTS) + len(PLACE_NUMBERS) :]
    return Snapshot(
        places=PlaceColumns(texts, numbers),
        regions=tuple(
            Region(r[0], r[1], r[2], frozenset(r[3]), tuple(r[4]), r[5], r[6], r[7])
            for r in header["regions"]
        ),
        lines=tuple((layer, tuple(map(tuple, points))) for layer, points in header["lines"]),
        outlines={unit: tuple(map(tuple, ring)) for unit, ring in header["outlines"].items()},
        log_columns=rest[0] if rest else None,
    )


def write_snapshot(scenario: Scenario, keep_log: bool) -> None:
    """Keep a big scenario just loaded, under its files key; with its log as an events.columns
    file when `keep_log` (when its events file is not one)."""
    places = scenario.world.places
    if scenario.files_key is None or scenario.skipped:
        return
    if max(places.place_count, len(scenario.log)) < SNAPSHOT_FROM:
        return
    path = _path(scenario.files_key)
    try:
        columns = PlaceColumns.of(places.by_id.values())
    except ValueError:
        return  # what files cannot hold: made in code, not read
    texts = [_SEPARATOR.join(columns.texts[name]) for name in PLACE_TEXTS]
    if path is None or any(text.count(_SEPARATOR) != len(columns) - 1 for text in texts):
        return  # a text with the separator in it
    chunks: list[bytes | memoryview] = [text.encode() for text in texts]
    chunks += [array("d", columns.numbers[name]).tobytes() for name in PLACE_NUMBERS]
    if keep_log:
        from engine.formats.events_columns import dump_log_columns  # only for such a log

        chunks.append(b"".join(dump_log_columns(scenario.log)))
    header = {
        "format": FORMAT,
        "version": VERSION,
        "places": places.place_count,
        "regions": [
            [r.id, r.name, r.kind, sorted(r.members), list(r.aliases), r.parent, r.lat, r.lon]
            for r in places.regions.values()
        ],
        "lines": [[layer, list(points)] for layer, points in scenario.lines],
        "outlines": dict(scenario.outlines),
    }
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, lambda handle: handle.writelines(cache_file_bytes(header, chunks)))
        kept = sorted(path.parent.glob("*.snapshot"), key=os.path.getmtime, reverse=True)
        for old in kept[KEPT:]:
            with contextlib.suppress(OSError):
                old.unlink()
