"""Durable files: atomic replacement, a TinyDB storage built on it, and a lock between processes.

A write goes to a temporary file in the same folder, is flushed and fsync'ed,
and then renamed over the old file; the folder is fsync'ed too. A crash at
any point leaves either the old or the new file, never a mix.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

TEMP_PREFIX = ".nieuws-tui-"
TEMP_SUFFIX = ".tmp"
LOCK_TIMEOUT = 30.0


def _file_mode() -> int:
    # mkstemp creates 0600 files; library files get the usual umask-based mode instead.
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


FILE_MODE = _file_mode()


class StorageError(Exception):
    """A library file that cannot be used as it is. The message names the file."""


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # platforms without directory handles
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that readers and crashes see the old or the new file only."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=path.parent)
    except OSError as error:
        raise StorageError(f"{path}: cannot write ({error.strerror or error})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), FILE_MODE)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException as error:
        try:
            os.unlink(temp)
        except OSError:
            pass
        if isinstance(error, OSError):
            raise StorageError(f"{path}: cannot write ({error.strerror or error}); the old file is unchanged") from None
        raise
    _fsync_dir(path.parent)


def remove_stale_temps(folder: Path) -> None:
    """Temp files left by a writer that was killed. Only call this while holding the lock."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX):
            try:
                os.unlink(folder / name)
            except OSError:
                pass


def read_json(path: Path) -> Any:
    """The JSON in `path`; None when the file does not exist."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise StorageError(f"{path}: is a folder, not a library file") from None
    except OSError as error:
        raise StorageError(f"{path}: cannot read ({error.strerror or error})") from None
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise StorageError(f"{path}: corrupt library file ({error}); left untouched") from None


def dump_json(data: Any) -> bytes:
    return orjson.dumps(data)


class AtomicJSONStorage(Storage):
    """TinyDB storage: one JSON file, read once per use, written atomically on `flush`.

    TinyDB rewrites its whole table on every operation; collecting those
    writes in memory and flushing once makes a batch cost one file write.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._data: dict | None = None
        self._loaded = False
        self._dirty = False

    def read(self) -> dict | None:
        if not self._loaded:
            data = read_json(self.path)
            if data is not None and not (isinstance(data, dict) and all(isinstance(t, dict) for t in data.values())):
                raise StorageError(f"{self.path}: not a TinyDB file; left untouched")
            self._data, self._loaded = data, True
        return self._data

    def write(self, data: dict) -> None:
        self._data, self._loaded, self._dirty = data, True, True

    def flush(self) -> None:
        if self._dirty and self._data is not None:
            atomic_write(self.path, dump_json(self._data))
        self._dirty = False

    def close(self) -> None:
        self._data, self._loaded, self._dirty = None, False, False


@contextmanager
def locked(lock_path: Path) -> Iterator[None]:
    """Hold a lock file: one writer at a time, across processes (flock; released by the kernel
    when the holder exits, however it exits)."""
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, FILE_MODE)
    except OSError as error:
        raise StorageError(f"{lock_path}: cannot lock the library ({error.strerror or error})") from None
    try:
        deadline = time.monotonic() + LOCK_TIMEOUT
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise StorageError(f"{lock_path}: another nieuws-tui process has held the library lock for {LOCK_TIMEOUT:.0f} s") from None
                time.sleep(0.002)
        yield
    finally:
        os.close(fd)
