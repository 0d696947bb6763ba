"""Where Frontline keeps what it can always make again (the cells of a big scenario, the index of
a big replay, a big scenario as loaded), so that a later run reads it instead of making it; and
the one layout of its binary files, which damage never gets past."""

from __future__ import annotations

import hashlib
import json
import os
import zlib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

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


def code_digest(folders: Iterable[Path]) -> str:
    """A hash of the Python source of some folders: what is kept of code's work is named by it,
    so a changed engine never reads what another made."""
    digest = hashlib.sha256()
    for code in sorted(p for folder in folders for p in folder.glob("*.py")):
        digest.update(code.read_bytes())
    return digest.hexdigest()


def cache_file_bytes(
    header: dict[str, Any], chunks: Sequence[bytes | memoryview]
) -> Iterator[bytes | memoryview]:
    """A cache file: the CRC-32 of its header, the header (JSON, given the length and CRC-32 of
    each chunk as `chunks`), then the chunks; what read_cache_file reads back."""
    text = json.dumps(
        {**header, "chunks": [[len(c), zlib.crc32(c)] for c in chunks]}, separators=(",", ":")
    ).encode()
    yield b"%08x\n" % zlib.crc32(text) + text + b"\n"
    yield from chunks


def read_cache_file(
    data: bytes, form: str, version: int
) -> tuple[dict[str, Any], list[memoryview]]:
    """The header and chunks of a cache file of a format and version; ValueError when the file is
    of another, cut short or damaged (it is then made again, never trusted)."""
    first = data.index(b"\n")
    end = data.index(b"\n", first + 1)
    text = data[first + 1 : end]
    # The checksum's text exactly as written: int(..., 16) would also take "0A1B" for "0a1b"
    if data[:first] != b"%08x" % zlib.crc32(text):
        raise ValueError("damaged header")
    header = json.loads(text)
    given = (header.get("format"), header.get("version")) if isinstance(header, dict) else None
    if given != (form, version):
        raise ValueError("another format")
    view, at = memoryview(data), end + 1
    chunks: list[memoryview] = []
    for size, crc in header["chunks"]:
        chunk = view[at : at + size]
        if len(chunk) != size or zlib.crc32(chunk) != crc:
            raise ValueError(f"damaged chunk {len(chunks)}")
        chunks.append(chunk)
        at += size
    if at != len(data):
        raise ValueError("trailing bytes")
    return header, chunks
