"""Files: what a user names is read safely, what the program keeps is written durably.

Reading a file a user named (a page, the config) never blocks on a FIFO, never
reads a device and never reads past a size. Writing one of the program's own
files goes to a temporary file in the same folder, is flushed and fsync'ed, and
then renamed over the old file; the folder is fsync'ed too. A crash at any
point leaves either the old or the new file, never a mix. Files written
together (atomic_writes) are all on disk before the first is renamed, and
their folder is fsync'ed once. Writers of a shared
file hold a lock file (flock) while they read and change it.
"""

from __future__ import annotations

import codecs
import errno
import fcntl
import io
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

import orjson
from tinydb.storages import Storage

from feeds.clean import shown_path
from feeds.errors import DamagedFile, StorageError, why
from feeds.language import N_, grouped, megabytes
from feeds.language import gettext as _
from feeds.paths import expanded, resolved

TEMP_PREFIX = ".nieuws-tui-"
TEMP_SUFFIX = ".tmp"
LOCK_TIMEOUT = 30.0  # seconds a writer waits for the lock (locked)
READ_LOCK_WAIT = 2.0  # seconds a reader waits for it before it reads without it


def file_identity(path: Path) -> tuple[int, int] | None:
    """What a file is known by whatever path names it (a link, another spelling): its device and inode, found without
    opening it; None for one that cannot be looked at."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return info.st_dev, info.st_ino


def _file_mode() -> int:
    # mkstemp creates 0600 files; library files get the usual umask-based mode instead.
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


FILE_MODE = _file_mode()


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


def _kept_mode(path: Path) -> int:
    """The permissions of the file `path` replaces, as `sed -i` and editors keep them (a config.toml made 0600
    stays private); a new file's come from the umask."""
    try:
        return stat.S_IMODE(path.stat().st_mode) & 0o777  # not setuid, setgid or sticky: a file of data
    except OSError:
        return FILE_MODE


PIECES_COPIED = 1 << 20  # bytes of a document made whole (write_whole) copied to its stream at a time


def atomic_write(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Replace `path` with `data` (whole, or its pieces as they are made: _write) so that readers and crashes see the
    old or the new file only."""
    atomic_writes({path: data})


def atomic_writes(files: Mapping[Path, bytes | Iterable[bytes]]) -> None:
    """Replace each file with its data so that readers and crashes see the old or the new file only, each whole, at
    the cost of about one durable write: every temporary file is written and fsync'ed (at once, in threads: the
    journal takes concurrent fsyncs in one commit) before any is renamed, and each folder is fsync'ed once, after the
    last rename. Marking 300 articles read rewrites some 170 marks files: an fsync of the file and one of the folder
    for each took seconds. The data is made in the caller's thread: an export's pieces come from its library.

    A file that cannot be written stops the lot before anything is renamed: every file is as it was. One that cannot
    be replaced (a folder in its place) stops the renaming at it, in the order given: those before it are replaced,
    it and those after are as they were. StorageError names the file."""
    temps: dict[Path, str] = {}
    renamed: set[Path] = set()
    try:
        for path, data in files.items():
            temp, handle = _temp_file(path)
            temps[path] = temp
            with _unchanged(path), handle:
                os.fchmod(handle.fileno(), _kept_mode(path))
                _write(handle, data)
        if len(temps) > 1:
            with ThreadPoolExecutor(min(len(temps), FSYNCS_AT_ONCE)) as pool:
                list(pool.map(_synced, temps.items()))
        else:  # a mark of one article, the most common write: a thread would only cost time
            for item in temps.items():
                _synced(item)
        for path, temp in temps.items():
            with _unchanged(path):
                os.replace(temp, path)
            renamed.add(path)
    finally:
        for path, temp in temps.items():
            if path not in renamed:
                _discard(temp)
        for folder in dict.fromkeys(path.parent for path in files if path in renamed):
            _fsync_dir(folder)


FSYNCS_AT_ONCE = 16  # threads that fsync the files of one atomic_writes


def _temp_file(path: Path) -> tuple[str, BinaryIO]:
    """A new temporary file beside `path`, named to be found and removed if its writer dies (remove_stale_temps)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StorageError(_("{path}: cannot write ({reason})").format(path=shown_path(path), reason=why(error))) from None
    try:
        fd, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=path.parent)
    except OSError as error:  # the file is written beside itself, then moved into place: /proc takes no new file
        raise StorageError(
            _("{path}: cannot write: no new file can be made in {folder} ({reason})").format(path=shown_path(path), folder=shown_path(path.parent), reason=why(error))
        ) from None
    return temp, os.fdopen(fd, "wb")


def _synced(item: tuple[Path, str]) -> None:
    """The temporary file of `path` on disk: opened anew, as each was closed once written, so that a write of some 250
    marks files holds no more open at once than there are threads (256 is macOS's limit, and some services')."""
    path, temp = item
    with _unchanged(path):
        descriptor = os.open(temp, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


@contextmanager
def _unchanged(path: Path) -> Iterator[None]:
    """An OSError in writing the new `path` said as a StorageError naming it."""
    try:
        yield
    except OSError as error:
        raise StorageError(_("{path}: cannot write ({reason}); the old file is unchanged").format(path=shown_path(path), reason=why(error))) from None


def _discard(temp: str) -> None:
    try:
        os.unlink(temp)
    except OSError:
        pass


def write_whole(handle: BinaryIO, data: bytes | Iterable[bytes]) -> None:
    """`data` to a stream read as it comes (standard output, a pipe, a device), its pieces made whole first in a file
    of their own in the temporary folder (unnamed: gone with the process, however it ends), then written. Written as
    they were made, an article that failed half-way left its reader half a feed, and a reader that stalled (`| less`)
    kept the library's reading open, its log growing under every fetch, for as long. A file (`> feed.xml`,
    `>> all.json`) takes them as they come, as the shell's `>` would, with no room in the temporary folder: one that
    fails part-way is cut back to where it began (_into_file)."""
    if _a_file(handle):
        _into_file(handle, data)
        return
    if isinstance(data, bytes):
        _write(handle, data)
        return
    with _spooled(data) as spool:
        shutil.copyfileobj(spool, handle, PIECES_COPIED)


def _spooled(data: Iterable[bytes]) -> BinaryIO:
    """`data` whole in an unnamed file of the temporary folder, to be read from its start. Its failure names the
    folder, not the stream the document was for: a full TMPDIR was told as a standard output that could not be
    written, where a pipe was fine."""
    try:
        spool = tempfile.TemporaryFile()
    except OSError as error:
        raise _temporary_folder_failed(error) from None
    try:
        _write(spool, data)
        spool.seek(0)
    except BaseException as error:
        try:
            spool.close()
        except OSError:
            pass  # a full folder fails again as what was not written is flushed at closing: dropped with the file
        if isinstance(error, OSError):
            raise _temporary_folder_failed(error) from None
        raise
    return spool


def _temporary_folder_failed(error: OSError) -> StorageError:
    message = _("{path}: cannot write in the temporary folder ({reason}); TMPDIR can name another")
    return StorageError(message.format(path=shown_path(tempfile.gettempdir()), reason=why(error)))


def _into_file(handle: BinaryIO, data: bytes | Iterable[bytes]) -> None:
    """`data` into the regular file `handle` writes to, cut back to where it began when writing fails part-way (a
    damaged article, a full disk, Ctrl-C): a script that found the file there, or read it later, took half a JSON
    array or half a feed for the whole. What the file held before (`>>`) stays; where it cannot be cut (a file
    that only grows: `chattr +a`), what was written stays, as the shell's `>` would leave it."""
    handle.flush()  # what went before is the file's, not this document's
    descriptor = handle.fileno()
    start = _where_written(descriptor)
    # A buffer of the document's own, dropped with it when writing fails: one left in `handle` would be written
    # after the cut, at exit.
    own = open(descriptor, "wb", closefd=False)
    try:
        _write(own, data)
        own.close()  # flushed: a full disk fails here too, still to be cut back
    except BaseException:
        try:
            own.close()
        except OSError:
            pass  # what it held is dropped with it
        if start is not None:
            _cut_back(descriptor, start)
        raise


def _where_written(descriptor: int) -> int | None:
    """Where the next byte written goes: the end of a file opened to append (`>>`), whose offset says nothing until it
    is written to (0 after the shell opens it), else the offset. None where neither can be asked."""
    try:
        if fcntl.fcntl(descriptor, fcntl.F_GETFL) & os.O_APPEND:
            return os.fstat(descriptor).st_size
        return os.lseek(descriptor, 0, os.SEEK_CUR)
    except OSError:
        return None


def _cut_back(descriptor: int, start: int) -> None:
    try:
        os.ftruncate(descriptor, start)
        os.lseek(descriptor, start, os.SEEK_SET)  # what is written after (`> out 2>&1`: the error) follows what stays
    except OSError:
        pass


def _a_file(handle: BinaryIO) -> bool:
    try:
        return stat.S_ISREG(os.fstat(handle.fileno()).st_mode)
    except (OSError, ValueError, io.UnsupportedOperation):  # a stream of no file (a test's, a program's)
        return False


def _write(handle: BinaryIO, data: bytes | Iterable[bytes]) -> None:
    """`data` whole, or its pieces as they are made: an export of 100,000 articles is written as it is made, not held
    whole (1.4 GB)."""
    handle.writelines([data] if isinstance(data, bytes) else data)


def chosen_path(typed: str) -> Path:
    """The file a user named to write to (an export, the sources as OPML), `~` read as a home folder. Text that ends
    in a slash names a folder, as the shell's `>` reads it: said so, not written as a file of that name (a Path
    drops the slash). NoSuchHome, StorageError."""
    path = expanded(typed)
    if typed.endswith(("/", os.sep)):
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            raise StorageError(_("{path}: there is no folder {folder}").format(path=shown_path(typed), folder=shown_path(path))) from None
        except OSError as error:  # a name too long, a folder not to be looked into
            raise StorageError(_("{path}: cannot write ({reason})").format(path=shown_path(typed), reason=why(error))) from None
        if stat.S_ISDIR(mode):
            raise StorageError(_("{path}: is a folder; name a file").format(path=shown_path(typed)))
        not_a_folder = OSError(errno.ENOTDIR, os.strerror(errno.ENOTDIR))  # a file, followed by a slash: as the shell says it
        raise StorageError(_("{path}: cannot write ({reason})").format(path=shown_path(typed), reason=why(not_a_folder)))
    return path


def write_chosen(path: Path, data: bytes | Iterable[bytes], own: Iterable[Path]) -> None:
    """Write `data` (whole, or its pieces as they are made) where the user asked (an export, the sources as OPML): into the file a link points to
    (the link stays), straight into a device or a pipe (a FIFO), atomically into a file, and as standard output is
    written to (write_whole) where it is standard output (/dev/stdout).
    Never over one of nieuws-tui's `own` files (library.own_files), or into one of its own folders: that would lose
    what is kept there."""
    target = resolved(path, writing=True)
    for kept in own:
        kept = resolved(kept)
        if target.is_relative_to(kept):  # the file or in the folder: one pass (`in target.parents` took seconds for a deep path)
            raise StorageError(_("{path}: that is nieuws-tui's own {file}; choose another file").format(path=shown_path(path), file=shown_path(kept)))
    standard_output = names_standard_output(path)
    if not standard_output:
        try:
            mode: int | None = target.stat().st_mode
        except FileNotFoundError:
            mode = None
        except OSError as error:
            raise StorageError(_("{path}: cannot write ({reason})").format(path=shown_path(path), reason=why(error))) from None
        if mode is not None and stat.S_ISDIR(mode):
            raise StorageError(_("{path}: is a folder; name a file").format(path=shown_path(path)))
        if mode is None and not target.parent.is_dir():  # a mistyped folder is not made: the shell's `>` would not either
            raise StorageError(_("{path}: there is no folder {folder}").format(path=shown_path(path), folder=shown_path(target.parent)))
        if mode is None or stat.S_ISREG(mode):
            atomic_write(target, data)
            return
    try:
        with open(STANDARD_OUTPUT, "wb", closefd=False) if standard_output else open(target, "wb") as handle:
            write_whole(handle, data)
    except OSError as error:
        if standard_output and isinstance(error, BrokenPipeError):
            raise  # a reader that left (`-o /dev/stdout | head`): the end, as of `-`
        raise StorageError(_("{path}: cannot write ({reason})").format(path=shown_path(path), reason=why(error))) from None


STANDARD_OUTPUT = 1  # its descriptor


def names_standard_output(path: Path) -> bool:
    """Whether `path` is this process's standard output (/dev/stdout, /dev/fd/1, the file `>>` opened, by any name):
    resolved, /dev/stdout names the file behind it, which written atomically replaced what `>>` was to keep, and
    a pipe, which has no folder to write a file in."""
    try:
        return os.path.samestat(os.stat(path), os.fstat(STANDARD_OUTPUT))
    except (OSError, ValueError):  # no standard output, or nothing at `path`
        return False


def remove_durably(path: Path) -> None:
    """Remove `path` (if there) so that a crash cannot bring it back: the folder is fsync'ed too."""
    try:
        path.unlink(missing_ok=True)
    except OSError as error:
        raise StorageError(_("{path}: cannot remove ({reason})").format(path=shown_path(path), reason=why(error))) from None
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


BOM = codecs.BOM_UTF8  # Windows Notepad begins the UTF-8 files it saves with one; neither TOML nor JSON allows one


def split_bom(data: bytes) -> tuple[bytes, bytes]:
    """The byte-order mark a UTF-8 file's bytes begin with (b"" for none), and the bytes after it: a file the
    user may have edited is read with one, as editors read it."""
    return (BOM, data[len(BOM) :]) if data.startswith(BOM) else (b"", data)


def read_json(path: Path, limit: int | None = None) -> Any:
    """The JSON in `path`, with a byte-order mark or without; None when the file does not exist. With a `limit`, only
    a regular file of at most that many bytes is read (read_file): StorageError, naming it, for another."""
    try:
        raw = path.read_bytes() if limit is None else read_file(path, limit)[0]
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise StorageError(_("{path}: is a folder, not a library file").format(path=shown_path(path))) from None
    except OSError as error:
        raise StorageError(_("{path}: cannot read ({reason})").format(path=shown_path(path), reason=why(error))) from None
    try:
        return orjson.loads(split_bom(raw)[1])
    except orjson.JSONDecodeError as error:
        raise DamagedFile(_("{path}: corrupt library file ({reason}); left untouched").format(path=shown_path(path), reason=why(error))) from None


def dump_json(data: Any) -> bytes:
    return orjson.dumps(data)


class AtomicJSONStorage(Storage):
    """TinyDB storage: one JSON file, read once per use, written atomically on `flush`.

    TinyDB rewrites its whole table on every operation; collecting those
    writes in memory and flushing once makes a batch cost one file write.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._data: dict[str, Any] | None = None
        self._loaded = False
        self._dirty = False

    def read(self) -> dict[str, Any] | None:
        if not self._loaded:
            data = read_json(self.path)
            if data is not None and not (isinstance(data, dict) and all(isinstance(t, dict) for t in data.values())):
                raise StorageError(_("{path}: not a TinyDB file; left untouched").format(path=shown_path(self.path)))
            self._data, self._loaded = data, True
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        self._data, self._loaded, self._dirty = data, True, True

    def flush(self) -> None:
        if self._dirty and self._data is not None:
            atomic_write(self.path, dump_json(self._data))
        self._dirty = False

    def close(self) -> None:
        self._data, self._loaded, self._dirty = None, False, False


DOCUMENT = "document"  # the table of a one-document TinyDB file


def load_document(path: Path) -> dict[str, Any]:
    """The document kept in `path` ({} when there is none yet). StorageError, naming it, when it is damaged.

    A small TinyDB file holding one document (the app's preferences). A plain JSON
    object, as written before, counts as the document too.
    """
    data = read_json(path)
    if not isinstance(data, dict):
        return {}
    table = data.get(DOCUMENT)
    if isinstance(table, dict):
        document = table.get("1")
        return document if isinstance(document, dict) else {}
    return data


def save_document(path: Path, document: dict[str, Any]) -> None:
    """Keep `document` as the one document in `path`, atomically."""
    from tinydb import TinyDB
    from tinydb.table import Document

    try:
        dump_json(document)
    except TypeError as error:  # orjson: text it cannot write, such as a name that is no UTF-8
        raise StorageError(_("{path}: cannot write ({reason})").format(path=shown_path(path), reason=why(error))) from None
    storage = AtomicJSONStorage(path)
    storage.write({})  # a fresh file: the document is all there is to keep
    TinyDB(storage=lambda: storage).table(DOCUMENT).insert(Document(document, doc_id=1))
    storage.flush()


def update_document(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Change the document in `path` as it is now: read under its lock, changed in place by `change`, written
    atomically. Two processes each keeping what they changed of one file do not write back each other's old values.
    A damaged document counts as none, as load_document's callers take it for none."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)  # for the lock file: the first save makes the folder
    except OSError as error:
        raise StorageError(_("{path}: cannot write ({reason})").format(path=shown_path(path), reason=why(error))) from None
    with locked(path.with_name(path.name + ".lock")):
        try:
            document = load_document(path)
        except DamagedFile:
            document = {}
        change(document)
        save_document(path, document)


@contextmanager
def locked(lock_path: Path, shared: bool = False) -> Iterator[None]:
    """Hold a lock file: one writer at a time, across processes (flock; released by the kernel
    when the holder exits, however it exits). `shared`: a reader's hold, beside other readers' and never
    during a writer's, so that what a writer changes in several files is read all or none. It writes
    nothing (a read-only server takes it too): where the lock file cannot be opened (no writer has made
    it yet, or it is not this user's to read) or is no regular file, the reader reads without it.

    A writer holds the lock for milliseconds (a big mark: about a second), so a reader waits for one a
    moment only (READ_LOCK_WAIT), then reads without it: all or none is best effort for a reader, which a
    stuck process must not hold up. A writer waits LOCK_TIMEOUT, then says so. Opened without waiting: a
    FIFO named lock would block a plain open for ever."""
    fd = _lock_file(lock_path, shared)
    if fd is None:  # a reader, without it
        yield
        return
    try:
        deadline = time.monotonic() + (READ_LOCK_WAIT if shared else LOCK_TIMEOUT)
        while True:
            try:
                fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    if shared:
                        break  # read without it
                    message = _("{path}: another nieuws-tui process has held this lock for {seconds:.0f} s")
                    raise StorageError(message.format(path=shown_path(lock_path), seconds=LOCK_TIMEOUT)) from None
                time.sleep(0.002)
        yield
    finally:
        os.close(fd)


def _lock_file(lock_path: Path, shared: bool) -> int | None:
    """The lock file, opened for `locked` (None: a reader reads without it). StorageError where a writer cannot have it."""
    try:
        if shared:
            fd = os.open(lock_path, os.O_RDONLY | os.O_NONBLOCK)
        else:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_NONBLOCK, FILE_MODE)
        try:
            _regular(fd)
        except NotAFile:
            os.close(fd)
            raise
    except OSError as error:
        if shared:
            return None
        raise StorageError(_("{path}: cannot take the lock ({reason})").format(path=shown_path(lock_path), reason=why(error))) from None
    return fd


# -- files a user names --------------------------------------------------------------------------

_KINDS = {stat.S_IFIFO: N_("a FIFO"), stat.S_IFCHR: N_("a device"), stat.S_IFBLK: N_("a device"), stat.S_IFSOCK: N_("a socket"), stat.S_IFDIR: N_("a folder")}


class NotAFile(OSError):
    """The path is no regular file, or one too large; the message says which."""


class LinkToNothing(NotAFile, FileNotFoundError):
    """The path is a link to a file that does not exist: a file not there to those that take it as one (read_json's
    None), and said for what it is to the others, where "vanished before it could be read" misled."""


class FileTooLarge(NotAFile):
    """The file is larger than the `limit` it was read under: `size` bytes, or None when it grew while it was read."""

    def __init__(self, message: str, size: int | None, limit: int) -> None:
        super().__init__(message)
        self.size, self.limit = size, limit


def ensure_regular_file(path: Path) -> None:
    """NotAFile unless `path` is a regular file, for what another program opens (SQLite): looked at as read_file looks,
    opened without waiting, where a plain open of a FIFO blocks for ever. OSError as opening raises it."""
    with _opened(path) as handle:
        _regular(handle.fileno())


def _opened(path: Path) -> BinaryIO:
    """`path` opened to be read, without waiting: a FIFO named page.txt would block a plain open for ever. What opens
    not is said for what it is, where the reason of the open misled: a link to nothing (LinkToNothing) and a socket,
    whose open fails with "No such device or address" (NotAFile)."""
    try:
        return os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb")
    except FileNotFoundError:
        if not path.is_symlink():
            raise
        target = shown_path(Path(os.readlink(path)))
        raise LinkToNothing(_("a link to a file that does not exist ({target})").format(target=target)) from None
    except OSError as error:
        if error.errno == errno.ENXIO:
            _refuse_unless_regular(os.stat(path).st_mode)
        raise


def _regular(descriptor: int) -> os.stat_result:
    info = os.fstat(descriptor)
    _refuse_unless_regular(info.st_mode)
    return info


def _refuse_unless_regular(mode: int) -> None:
    if not stat.S_ISREG(mode):
        kind = _KINDS.get(stat.S_IFMT(mode), N_("a special file"))
        raise NotAFile(_("not a regular file ({kind})").format(kind=_(kind)))


Signature = tuple[int, int, int] | None


def file_signature(path: Path) -> Signature:
    """What the file at `path` looks like on disk now, to tell that it was written since (None: not there, or not to
    be looked at): any write, however it was made, changes its modification time or size, a file put in its place its inode."""
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_ino, info.st_mtime_ns, info.st_size)


def read_file(path: Path, limit: int) -> tuple[bytes, float]:
    """The bytes of the regular file at `path` and its modification time.

    The file is opened without waiting and only then looked at: a FIFO named
    page.txt would block a plain open for ever. NotAFile for anything but a
    regular file of at most `limit` bytes; OSError as opening raises it.
    """
    with _opened(path) as handle:
        info = _regular(handle.fileno())
        if info.st_size > limit:
            size, most = megabytes(info.st_size), megabytes(limit)
            if size == most:  # just over: "1 MB; at most 1 MB" said no difference
                raise FileTooLarge(_("too large ({size} bytes; at most {limit} bytes)").format(size=grouped(info.st_size), limit=grouped(limit)), info.st_size, limit)
            raise FileTooLarge(_("too large ({size} MB; at most {limit} MB)").format(size=size, limit=most), info.st_size, limit)
        data = handle.read(limit + 1)
    if len(data) > limit:  # grew while it was read
        raise FileTooLarge(_("too large (over {limit} MB)").format(limit=megabytes(limit)), None, limit)
    return data, info.st_mtime
