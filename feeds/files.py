"""Reading a file a user named: never blocking on a FIFO, never reading a device, never past a size."""

from __future__ import annotations

import os
import stat
from pathlib import Path

_KINDS = {stat.S_IFIFO: "a FIFO", stat.S_IFCHR: "a device", stat.S_IFBLK: "a device", stat.S_IFSOCK: "a socket", stat.S_IFDIR: "a folder"}


class NotAFile(OSError):
    """The path is no regular file, or one too large; the message says which."""


def read_file(path: Path, limit: int) -> tuple[bytes, float]:
    """The bytes of the regular file at `path` and its modification time.

    The file is opened without waiting and only then looked at: a FIFO named
    page.txt would block a plain open for ever. NotAFile for anything but a
    regular file of at most `limit` bytes; OSError as opening raises it.
    """
    with os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise NotAFile(f"not a regular file ({_KINDS.get(stat.S_IFMT(info.st_mode), 'a special file')})")
        if info.st_size > limit:
            raise NotAFile(f"too large ({info.st_size / 1e6:.1f} MB; at most {limit / 2**20:g} MB)")
        data = handle.read(limit + 1)
    if len(data) > limit:  # grew while it was read
        raise NotAFile(f"too large (over {limit / 2**20:g} MB)")
    return data, info.st_mtime
