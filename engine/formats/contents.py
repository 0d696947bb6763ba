"""The [contents] table of a machine-written scenario.toml: the number of events, and each file's
size and SHA-256, so that a file cut short, damaged or swapped for another is refused on load,
naming the file, rather than read as if whole.

Sizes are compared on every load (a stat each); hashes too, but a file whose hash matched once
is not hashed again while it stays the same file, unchanged: the stat that says so (inode, size,
modification and change times) is kept in the cache folder (engine.cache). Hashing every open
would cost 0.17 s for the 144 MB events.columns of a million events, a third of the time a
second open of that scenario is meant to take."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import time
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from attrs import frozen

from engine.cache import cache_folder
from engine.errors import FrontlineError, Problem
from engine.files import sha256_of, write_text_atomically

CHANGED_ON_PURPOSE = "if it was changed on purpose, delete the [contents] table of scenario.toml"
_SHA256 = re.compile(r"[0-9a-f]{64}")
# A file changed this recently could change again within the same tick of the clock that stamps
# it, unseen by its stat: such a file is hashed again on the next load, not taken as verified.
SETTLED_NS = 2_000_000_000


@frozen
class Listed:
    """A file of a scenario folder as it was written: its name in the folder, size and hash."""

    name: str
    size: int
    sha256: str


@frozen
class Contents:
    """What a scenario folder held when it was written."""

    events: int
    files: tuple[Listed, ...]


def contents_of(config: Mapping[str, Any], config_path: Path) -> Contents | None:
    """The [contents] of a scenario.toml (None without one), its shape checked."""
    if "contents" not in config:
        return None
    table = config["contents"]
    entries = table.get("file", []) if isinstance(table, dict) else None
    try:
        if not (
            isinstance(table, dict)
            and _count(table.get("events"))
            and isinstance(entries, list)
            and all(isinstance(entry, dict) for entry in entries)
        ):
            raise ValueError
        files = tuple(
            Listed(entry["name"], entry["bytes"], entry["sha256"])
            for entry in entries
            if isinstance(entry["name"], str)
            and _count(entry["bytes"])
            and _SHA256.fullmatch(str(entry["sha256"]))
        )
        if len(files) != len(entries):
            raise ValueError
    except (ValueError, KeyError):
        raise FrontlineError(
            f"{config_path}: [contents] must give `events` (a count) and, in a [[contents.file]] "
            "for each file, its `name`, `bytes` and `sha256`"
        ) from None
    return Contents(table["events"], files)


def _count(value: object) -> bool:
    return type(value) is int and value >= 0


def check_contents(folder: Path, contents: Contents, named: Collection[Path]) -> None:
    """Check the files of a folder against its [contents]: each one the scenario reads, there,
    of its size, then of its hash; every problem at once."""
    config_path = folder / "scenario.toml"
    problems = []
    for listed in contents.files:
        path = folder / listed.name
        if path.resolve() not in named:
            problems.append(
                Problem(
                    str(config_path),
                    f"[contents] lists {listed.name}, which scenario.toml does not name: cut "
                    f"short? ({CHANGED_ON_PURPOSE})",
                )
            )
            continue
        try:
            found = path.stat()
        except FileNotFoundError:
            problems.append(Problem(str(path), f"file not found; {CHANGED_ON_PURPOSE}"))
            continue
        except OSError as error:
            problems.append(Problem(str(path), f"cannot read: {error.strerror or error}"))
            continue
        if found.st_size != listed.size:
            problems.append(
                Problem(
                    str(path),
                    f"{found.st_size:,} bytes, where scenario.toml's [contents] records "
                    f"{listed.size:,}: cut short or replaced since it was written; "
                    f"{CHANGED_ON_PURPOSE}",
                )
            )
    if problems:
        raise FrontlineError(problems)
    _check_hashes(folder, contents.files)


def _check_hashes(folder: Path, files: tuple[Listed, ...]) -> None:
    """Hash each file not already verified as it is now (its stat kept in the cache)."""
    stamps_path = _stamps_path(folder)
    stamps = _read_stamps(stamps_path)
    kept = dict(stamps)
    problems = []
    for listed in files:
        path = folder / listed.name
        try:
            found_stat = path.stat()
            stamp = _stamp(found_stat, listed.sha256)
            if stamps.get(listed.name) == stamp:
                continue
            found = sha256_of(path)
        except OSError as error:
            problems.append(Problem(str(path), f"cannot read: {error.strerror or error}"))
            continue
        if found != listed.sha256:
            problems.append(
                Problem(
                    str(path),
                    f"not the file that was written: its SHA-256 is {found[:16]}…, where "
                    f"scenario.toml's [contents] records {listed.sha256[:16]}…; "
                    f"{CHANGED_ON_PURPOSE}",
                )
            )
        elif settled(found_stat):
            kept[listed.name] = stamp
    if problems:
        raise FrontlineError(problems)
    if kept != stamps and stamps_path is not None:
        with contextlib.suppress(OSError):  # the stamps only ever save time
            stamps_path.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomically(stamps_path, lambda handle: json.dump(kept, handle))


def file_stamp(found: os.stat_result) -> list[int]:
    """What says a file is the one it was when last read: any change to it changes its change
    time (which no program can set), and a file put in its place has another inode."""
    return [found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns]


def settled(found: os.stat_result) -> bool:
    """True when a file last changed long enough ago that its stamp will show its next change
    (SETTLED_NS)."""
    return time.time_ns() - found.st_ctime_ns >= SETTLED_NS


def _stamp(found: os.stat_result, sha256: str) -> list[Any]:
    """What says a file is the one whose hash was checked."""
    return [*file_stamp(found), sha256]


def _stamps_path(folder: Path) -> Path | None:
    """Where the stamps of a folder's verified files are kept (None with no cache)."""
    cache = cache_folder()
    if cache is None:
        return None
    name = hashlib.sha256(os.fsencode(folder.resolve())).hexdigest()[:32]
    return cache / "verified" / f"{name}.json"


def _read_stamps(path: Path | None) -> dict[str, Any]:
    """The stamps kept for a folder; none when there are none, or they cannot be read."""
    if path is None:
        return {}
    with contextlib.suppress(OSError, ValueError):
        found = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(found, dict):
            return found
    return {}


def check_events(contents: Contents | None, events: int, path: Path) -> None:
    """Refuse a log of another number of events than the [contents] records."""
    if contents is not None and contents.events != events:
        raise FrontlineError(
            f"{path}: {events:,} events, where scenario.toml's [contents] records "
            f"{contents.events:,}; {CHANGED_ON_PURPOSE}"
        )
