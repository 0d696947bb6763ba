"""Files and folders written whole or not at all (an export, a screenshot, the cells of a big
scenario, a scenario folder), and files safe to read."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import hashlib
import io
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, NamedTuple, TextIO


def regular_file(path: Path) -> Path:
    """A path to read, refused (OSError) when it names something other than a regular file: a
    FIFO would block for ever, and /dev/zero would fill the memory."""
    if path.exists() and not path.is_file():
        raise OSError(f"not a regular file: {path}")
    return path


def _new_file_mode(path: Path, default: int = 0o666) -> int:
    """The permissions the file (or folder) gets: those of the one it replaces, else what the
    umask leaves of `default` (a temporary file or folder is made private, which a plain export
    should not be)."""
    with contextlib.suppress(FileNotFoundError):
        return stat.S_IMODE(path.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return default & ~umask


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


class Written(NamedTuple):
    """What `write_file` wrote: its size and the SHA-256 of its bytes (hex)."""

    size: int
    sha256: str


_BLOCK = 1 << 20  # bytes written, hashed or copied at once


def write_file(path: Path, chunks: Iterable[bytes]) -> Written:
    """Write a new file of these bytes, hashed as they go and on disk (fsync) before it returns:
    for a file of a folder that `write_folder_atomically` puts in place. Raises OSError."""
    digest, size = hashlib.sha256(), 0
    with path.open("xb") as handle:
        for block in _joined(chunks):
            digest.update(block)
            handle.write(block)
            size += len(block)
        handle.flush()
        os.fsync(handle.fileno())
    return Written(size, digest.hexdigest())


def _joined(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Chunks (a line each, say) joined into blocks of about _BLOCK bytes: a million small
    writes and hash updates cost more than the bytes they carry."""
    pending: list[bytes] = []
    size = 0
    for chunk in chunks:
        pending.append(chunk)
        size += len(chunk)
        if size >= _BLOCK:
            yield b"".join(pending)
            pending, size = [], 0
    if pending:
        yield b"".join(pending)


def file_blocks_of(path: Path) -> Iterator[bytes]:
    """The bytes of a regular file, a block at a time. Raises OSError."""
    with regular_file(path).open("rb") as handle:
        while block := handle.read(_BLOCK):
            yield block


def sha256_of(path: Path) -> str:
    """The SHA-256 (hex) of a regular file's bytes, read a block at a time. Raises OSError."""
    digest = hashlib.sha256()
    for block in file_blocks_of(path):
        digest.update(block)
    return digest.hexdigest()


def write_folder_atomically(
    folder: Path, write: Callable[[Path], None], check: Callable[[Path], None]
) -> None:
    """Write a folder whole or not at all: `write` fills a new temporary folder beside it, which
    then takes its place in one rename; a folder already there is exchanged for it (one rename
    too) and then removed, so nothing of it is left. Only one writer at a time: a second is
    refused (FrontlineError) while the first holds the lock, which dies with its process.
    `check` may refuse the folder (raising), called once the lock is held, before anything is
    written. A failure, Ctrl-C or kill -9 leaves the folder as it was (where the system cannot
    swap two folders, it may leave none instead); the temporary folder of a killed writer is
    removed by the next writer. Raises OSError, FolderLocked."""
    target = folder.resolve()  # a symbolic link's folder is written, not the link replaced
    target.parent.mkdir(parents=True, exist_ok=True)
    with _locked(target):
        check(folder)
        _remove_leftovers(target)
        temporary = Path(
            tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
        )
        try:
            os.chmod(temporary, _new_file_mode(target, 0o777))
            write(temporary)
            for written, _folders, _files in os.walk(temporary):
                _fsync_folder(Path(written))
            if target.is_dir() and any(target.iterdir()):
                _exchange(temporary, target)  # the old folder is now at `temporary`
                _fsync_folder(target.parent)
                shutil.rmtree(temporary)
            else:
                os.replace(temporary, target)  # an empty folder is replaced in one rename
                _fsync_folder(target.parent)
        except BaseException:
            shutil.rmtree(temporary, ignore_errors=True)
            raise


def lock_path(folder: Path) -> Path:
    """The lock file of a folder that `write_folder_atomically` writes: beside it, hidden."""
    target = folder.resolve()
    return target.parent / f".{target.name}.lock"


class FolderLocked(Exception):
    """Another process is writing the folder (it holds the folder's lock)."""


@contextlib.contextmanager
def _locked(target: Path) -> Iterator[None]:
    """Hold the lock of a folder (flock, released by the kernel when the process ends, however
    it ends); FolderLocked at once when another process holds it."""
    path = lock_path(target)
    while True:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            raise FolderLocked(str(target)) from None
        # The lock file is removed by the writer that held it: locked after that, this one is
        # no longer the folder's lock, so the lock is taken again on the file now there.
        with contextlib.suppress(FileNotFoundError):
            if os.stat(path).st_ino == os.fstat(descriptor).st_ino:
                break
        os.close(descriptor)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
        os.close(descriptor)


def _remove_leftovers(target: Path) -> None:
    """Remove the temporary folders that killed writers of this folder left beside it (with the
    lock held, no live writer has one)."""
    leftover = re.compile(rf"\.{re.escape(target.name)}\.[A-Za-z0-9_]{{8}}\.part")
    for entry in target.parent.iterdir():
        if leftover.fullmatch(entry.name) and entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)


_RENAME_EXCHANGE = 2  # renameat2's flag (linux/fs.h): swap two paths in one step
_AT_FDCWD = -100


def _exchange(new: Path, old: Path) -> None:
    """Swap two folders in one step (renameat2 on Linux), or, where the system cannot, move the
    old one aside onto `new`'s name as the new one takes its place (two renames: for a moment
    the folder is missing, never half written)."""
    if sys.platform == "linux":
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = getattr(libc, "renameat2", None)
        if renameat2 is not None:
            if renameat2(_AT_FDCWD, os.fsencode(new), _AT_FDCWD, os.fsencode(old),
                         _RENAME_EXCHANGE) == 0:  # fmt: skip
                return
            error = ctypes.get_errno()
            if error not in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
                raise OSError(error, os.strerror(error), str(old))
    aside = Path(tempfile.mkdtemp(dir=old.parent, prefix=f".{old.name}.", suffix=".part"))
    os.replace(old, aside)  # onto an empty folder, which a rename may replace
    os.replace(new, old)
    os.replace(aside, new)


def _fsync_folder(folder: Path) -> None:
    """Put a folder's entries on disk (its files are each synced as written)."""
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
