"""Files written whole or not at all (an export, a screenshot, the cells of a big scenario), and
files safe to read."""

from __future__ import annotations

import contextlib
import io
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, TextIO


def regular_file(path: Path) -> Path:
    """A path to read, refused (OSError) when it names something other than a regular file: a
    FIFO would block for ever, and /dev/zero would fill the memory."""
    if path.exists() and not path.is_file():
        raise OSError(f"not a regular file: {path}")
    return path


def _new_file_mode(path: Path) -> int:
    """The permissions the file gets: those of the file it replaces, else what the umask leaves
    (a temporary file is made private, which a plain export should not be)."""
    with contextlib.suppress(FileNotFoundError):
        return stat.S_IMODE(path.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomically(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write a file through a temporary file beside it, put in its place only once whole: a
    failure, or Ctrl-C, leaves the old file (or none), never half a file. Raises OSError."""
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".part"
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, _new_file_mode(path))
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def write_text_atomically(path: Path, write: Callable[[TextIO], None]) -> None:
    """`write_atomically` for text, in UTF-8 and with the newlines the writer writes (CSV's
    \\r\\n included)."""

    def encoded(handle: BinaryIO) -> None:
        text = io.TextIOWrapper(handle, encoding="utf-8", newline="", write_through=True)
        write(text)
        text.flush()
        text.detach()  # the binary file is closed by its owner, not by the wrapper

    write_atomically(path, encoded)


def write_new_file(folder: Path, name: str, text: str) -> Path:
    """Write text to a new file in a folder, as `name` or, if that is taken, `name-2`, `-3`...,
    whole or not at all. Raises OSError."""
    target = folder / name
    number = 2
    while target.exists():
        target = folder / f"{Path(name).stem}-{number}{Path(name).suffix}"
        number += 1

    def write(handle: TextIO) -> None:
        handle.write(text)

    write_text_atomically(target, write)
    return target
