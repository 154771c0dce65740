"""A library nothing can write (a read-only disk, a folder or file without write permission): read, never changed."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from conftest import CAPTURED, nieuws_tui_command
from test_language_of_errors import as_anyone

from feeds.errors import StorageError
from feeds.imports import import_paths
from feeds.library import Library
from feeds.store import database
from feeds.store.database import Database, sqlite_sidecars

# What the commands that only read print of the library, and the command that lists what `r` imports again.
READING = (("list",), ("list", "--json"), ("sections",), ("export",), ("prune", "--older-than", "1", "--dry-run"), ("sources", "list", "--imported"))


def nieuws_tui(*args: str, preexec_fn=as_anyone, wrapped: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """The command as a user who may not write past permissions (root gives that up, as_anyone)."""
    return subprocess.run([*wrapped, *nieuws_tui_command(), *args], capture_output=True, text=True, timeout=60, preexec_fn=preexec_fn)


def made_unwritable(folder: Path, writable: bool) -> None:
    for path in [folder, *folder.rglob("*")]:
        path.chmod(path.stat().st_mode | 0o200 if writable else path.stat().st_mode & ~0o222)


def left_by_the_last_writer(db: Path) -> None:
    """The library without SQLite's files beside it, as the last connection that writes leaves it when it closes (one
    that only reads leaves them: another SQLite reads the library with them, as it reads any other)."""
    for sidecar in sqlite_sidecars(db):
        sidecar.unlink(missing_ok=True)


@pytest.fixture
def library_folder(tmp_path: Path, seed_paths: list[Path]) -> Iterator[Path]:
    """A library with the seed pages, one article read, in a folder of its own (given its write permission back after)."""
    folder = tmp_path / "bibliotheek"
    folder.mkdir()
    library = Library(folder / "library.sqlite")
    import_paths(library, seed_paths, CAPTURED)
    library.set_state([library.entries()[-1].id], read=True)
    library.close()
    yield folder
    made_unwritable(folder, writable=True)


def test_a_library_in_a_read_only_folder_is_read_by_the_commands_that_only_read_and_refused_by_those_that_write(library_folder, seed_paths):
    """SQLite reads a library with the shared memory (`-shm`) it makes beside it, which it cannot make in a folder the
    user may not write in: even `list` failed ("attempt to write a readonly database"). The commands that only read
    it read it as they did, leaving nothing beside it; those that write still fail at the opening, saying so."""
    db = library_folder / "library.sqlite"
    before = {command: nieuws_tui("--db", str(db), *command) for command in READING}
    assert all(result.returncode == 0 for result in before.values())
    left_by_the_last_writer(db)
    made_unwritable(library_folder, writable=False)
    listed = set(library_folder.iterdir())
    for command in READING:
        result = nieuws_tui("--db", str(db), *command)
        assert (result.returncode, result.stdout, result.stderr) == (0, before[command].stdout, ""), command
    for command in (("mark", "read", before[("list",)].stdout[:12]), ("prune", "--older-than", "1"), ("import", str(seed_paths[0])), ("fetch", "http://127.0.0.1:9/feed")):
        result = nieuws_tui("--db", str(db), *command)
        said = f"nieuws-tui: error: {db}: the library cannot be written (Permission denied); there, only `list`, `sections`, `export`, `check`, `prune --dry-run` and `sources list --imported` read it\n"
        assert (result.returncode, result.stderr) == (2, said), command  # not SQLite's "attempt to write a readonly database"
    assert set(library_folder.iterdir()) == listed


def read_only_mount(folder: Path) -> tuple[str, ...]:
    """What runs a command with `folder` mounted read-only (in a mount namespace of its own, which goes with it)."""
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("no unshare, to mount a folder read-only")
    mounted = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"'
    wrapped = (unshare, "-m" if os.geteuid() == 0 else "-rm", "sh", "-c", mounted, str(folder))
    if subprocess.run([*wrapped, "true"], capture_output=True).returncode != 0:
        pytest.skip("no mount namespace here, to mount a folder read-only")
    return wrapped


def test_a_library_on_a_read_only_file_system_is_read_by_the_commands_that_only_read_and_refused_by_those_that_write(library_folder):
    """As a read-only folder: a backup disk, a library on a medium mounted read-only."""
    db = library_folder / "library.sqlite"
    mounted = read_only_mount(library_folder)
    before = {command: nieuws_tui("--db", str(db), *command, preexec_fn=None) for command in (*READING, ("check",))}
    left_by_the_last_writer(db)
    for command in READING:
        result = nieuws_tui("--db", str(db), *command, preexec_fn=None, wrapped=mounted)
        assert (result.returncode, result.stdout, result.stderr) == (0, before[command].stdout, ""), command
    checked = nieuws_tui("--db", str(db), "check", preexec_fn=None, wrapped=mounted)  # a backup disk's library, verified
    assert (checked.returncode, checked.stdout, checked.stderr) == (0, before[("check",)].stdout, "no damage found\n")
    marked = nieuws_tui("--db", str(db), "mark", "read", before[("list",)].stdout[:12], preexec_fn=None, wrapped=mounted)
    said = f"nieuws-tui: error: {db}: the library cannot be written (Read-only file system); there, only `list`, `sections`, `export`, `check`, `prune --dry-run` and `sources list --imported` read it\n"
    assert (marked.returncode, marked.stderr) == (2, said)
    served = nieuws_tui("--db", str(db), "serve", "--port", "0", preexec_fn=None, wrapped=mounted)
    assert (served.returncode, served.stderr) == (2, said)  # not served with a 503 to every request, for ever


def refused_as_sqlite_refuses(monkeypatch) -> list[str]:
    """Every open but an immutable one fails as SQLite's fails where it cannot make its shared memory beside the
    library (a folder the user may not write in), as it does for a user root is not; the modes asked for."""
    asked: list[str] = []
    connect = Database._connect

    def refused(self: Database, mode: str):
        asked.append(mode)
        if "immutable" not in mode:
            error = sqlite3.OperationalError("attempt to write a readonly database")
            error.sqlite_errorcode = 1544  # SQLITE_READONLY_DIRECTORY
            raise error
        return connect(self, mode)

    monkeypatch.setattr(Database, "_connect", refused)
    return asked


def test_a_library_that_may_be_written_is_never_opened_immutable_though_it_cannot_be_opened_otherwise(library_folder, monkeypatch):
    """An immutable connection reads the file as it stands, without the locks: a write by another process (a user
    who may write a folder this one may not) would be read half done, and a log beside it with writes not yet in the
    file would be passed over. Only a library nothing can write is read so; any other keeps SQLite's refusal."""
    db = library_folder / "library.sqlite"
    asked = refused_as_sqlite_refuses(monkeypatch)
    with pytest.raises(StorageError, match="attempt to write a readonly database"):
        Library(db, unwritable_ok=True)  # its folder and file its owner may write
    made_unwritable(library_folder, writable=False)
    with pytest.raises(StorageError, match="the library cannot be written"):
        Library(db)  # a command that writes, told why
    assert asked == ["rw", "rw"]
    Library(db, unwritable_ok=True).close()
    assert asked[2:] == ["rw", "ro&immutable=1"]


@pytest.mark.parametrize(
    ("made", "unwritable"),
    [
        ("folder", True),
        ("file", True),
        ("neither", False),  # another user may write it, who owns it
        ("log", False),  # a log with writes beside it, which an immutable connection passes over
        ("empty log", False),  # a connection open on it, or a writer's on another mount of it
        ("shared memory", True),  # alone: copied without its log, which a connection makes first and removes last
        ("log and shared memory", False),
    ],
)
def test_only_a_library_that_no_one_may_write_counts_as_unwritable(library_folder, made, unwritable):
    db = library_folder / "library.sqlite"
    if made in ("log", "empty log", "shared memory", "log and shared memory"):
        if "shared memory" in made:
            (library_folder / "library.sqlite-shm").write_bytes(b"")
        if "log" in made:
            (library_folder / "library.sqlite-wal").write_bytes(b"\0" * 32 if made == "log" else b"")
        library_folder.chmod(0o555)
    elif made == "folder":
        library_folder.chmod(0o555)
    elif made == "file":
        db.chmod(0o444)
    assert database._unwritable(db) is unwritable


def test_a_library_nothing_can_write_is_read_past_shared_memory_copied_without_its_log(library_folder):
    """A backup copied with the `-shm` SQLite left beside the library but not its `-wal`: was refused in SQLite's words
    ("attempt to write a readonly database"). With no log, every committed write is in the file: it is read."""
    db = library_folder / "library.sqlite"
    before = {command: nieuws_tui("--db", str(db), *command) for command in READING}
    left_by_the_last_writer(db)
    (library_folder / "library.sqlite-shm").write_bytes(b"\0" * 32768)
    made_unwritable(library_folder, writable=False)
    listed = set(library_folder.iterdir())
    for command in READING:
        result = nieuws_tui("--db", str(db), *command)
        assert (result.returncode, result.stdout, result.stderr) == (0, before[command].stdout, ""), command
    assert set(library_folder.iterdir()) == listed


@pytest.mark.parametrize("log", [b"\0" * 32, b""], ids=["log", "empty log"])
def test_a_library_nothing_can_write_with_its_log_but_not_its_shared_memory_is_refused_in_one_line_saying_what_to_do(library_folder, log):
    """The log (`-wal`) may hold writes committed since they were last copied into the file, which SQLite reads only
    through the shared memory (`-shm`) it cannot make there: read without them the library could be read torn. It was
    refused in SQLite's words ("Permission denied"), which said neither which file nor what to do."""
    db = library_folder / "library.sqlite"
    left_by_the_last_writer(db)
    (library_folder / "library.sqlite-wal").write_bytes(log)
    made_unwritable(library_folder, writable=False)
    said = (f"nieuws-tui: error: {db}: cannot be read here: its log library.sqlite-wal beside it may hold its latest changes, which SQLite "
            "reads only with the shared memory file (library.sqlite-shm) it cannot make where nothing can be written; copy the library "
            "with its log to a folder that can be written, and read it there\n")  # fmt: skip
    for command in (*READING, ("check",), ("mark", "read", "0"), ("serve", "--port", "0")):
        result = nieuws_tui("--db", str(db), *command)
        assert (result.returncode, result.stdout, result.stderr) == (2, "", said), command


def crashed_in_rollback_mode(db: Path) -> None:
    """A writer in rollback-journal mode (the sqlite3 shell, say) that stopped in the middle of a change, some of it
    written into the file: its hot journal (`-journal`) is left beside the library, with what the pages were before."""
    crash = (
        "import os, sqlite3, sys\n"
        "connection = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "connection.execute('PRAGMA journal_mode = DELETE')\n"
        "connection.execute('PRAGMA cache_size = 1')\n"  # the change spills into the file before the commit
        "connection.execute('BEGIN')\n"
        "connection.execute('DELETE FROM articles')\n"
        "connection.execute('CREATE TABLE filler (x)')\n"
        "connection.execute('WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) INSERT INTO filler SELECT randomblob(1000) FROM n')\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", crash, str(db)], check=True)
    assert sqlite_sidecars(db)[2].stat().st_size > 0 and not sqlite_sidecars(db)[0].exists()


@pytest.mark.parametrize("journal", ["hot", "empty"])
def test_a_library_nothing_can_write_with_a_rollback_journal_beside_it_is_refused_in_one_line_saying_what_to_do(library_folder, tmp_path, journal):
    """The journal a writer in rollback mode left holds what the pages were before its change, which SQLite must put back
    before it reads the file, and cannot where nothing can be written: read past it, the change would be read half
    made. It was refused in SQLite's words ("attempt to write a readonly database"), which said neither which file nor
    what to do. Copied with its journal where it can be written, it reads as it did before the change."""
    db = library_folder / "library.sqlite"
    before = nieuws_tui("--db", str(db), "list").stdout
    left_by_the_last_writer(db)
    if journal == "hot":
        crashed_in_rollback_mode(db)
    else:  # (SQLite's own, or a writer's on another mount of it, just begun)
        sqlite_sidecars(db)[2].write_bytes(b"")
    made_unwritable(library_folder, writable=False)
    said = (f"nieuws-tui: error: {db}: cannot be read here: its journal library.sqlite-journal beside it may hold a change a writer "
            "left half made, which SQLite must undo from it before it reads, and cannot where nothing can be written; copy the "
            "library with its journal to a folder that can be written, and read it there\n")  # fmt: skip
    for command in (*READING, ("check",), ("mark", "read", "0"), ("serve", "--port", "0")):
        result = nieuws_tui("--db", str(db), *command)
        assert (result.returncode, result.stdout, result.stderr) == (2, "", said), command
    copy = tmp_path / "kopie"
    shutil.copytree(library_folder, copy)
    made_unwritable(copy, writable=True)
    assert nieuws_tui("--db", str(copy / "library.sqlite"), "list").stdout == before


def test_a_library_on_a_disk_mounted_read_only_counts_as_unwritable_whatever_its_permissions(library_folder, monkeypatch):
    read_only = os.statvfs_result((4096,) * 8 + (os.ST_RDONLY, 255))
    monkeypatch.setattr(os, "statvfs", lambda path: read_only)
    assert database._unwritable(library_folder / "library.sqlite")


def test_the_app_is_refused_an_unwritable_library_at_the_start_in_one_line(library_folder):
    """The app reads a library for hours: an immutable connection would read torn the writes of a writer that starts
    meanwhile on another mount of it (a container's read-only view of its host's library). It starts as a command
    that writes does: refused, naming the library, before anything is shown."""
    db = library_folder / "library.sqlite"
    made_unwritable(library_folder, writable=False)
    result = nieuws_tui("--db", str(db))
    said = f"nieuws-tui: error: {db}: the library cannot be written (Permission denied); there, only `list`, `sections`, `export`, `check`, `prune --dry-run` and `sources list --imported` read it\n"
    assert (result.returncode, result.stdout, result.stderr) == (2, "", said)
    served = nieuws_tui("--db", str(db), "serve", "--port", "0")
    assert (served.returncode, served.stderr) == (2, said)  # not served with a 503 to every request, for ever


def test_check_verifies_a_library_nothing_can_write_as_it_verifies_any_other_and_repair_is_refused_in_one_line(library_folder):
    """Checking a backup on a read-only disk, or in a folder no one may write, is what `check` is for: it reads, as
    `list` does, and says what it says of the library where it can be written. `--repair` writes: refused, naming why."""
    db = library_folder / "library.sqlite"
    before = nieuws_tui("--db", str(db), "check")
    assert (before.returncode, before.stderr) == (0, "no damage found\n")
    left_by_the_last_writer(db)
    made_unwritable(library_folder, writable=False)
    listed = set(library_folder.iterdir())
    checked = nieuws_tui("--db", str(db), "check")
    assert (checked.returncode, checked.stdout, checked.stderr) == (0, before.stdout, before.stderr)
    repaired = nieuws_tui("--db", str(db), "check", "--repair")
    said = f"nieuws-tui: error: {db}: the library cannot be written (Permission denied); there, only `list`, `sections`, `export`, `check`, `prune --dry-run` and `sources list --imported` read it\n"
    assert (repaired.returncode, repaired.stdout, repaired.stderr) == (2, "", said)
    assert set(library_folder.iterdir()) == listed


def test_check_finds_a_damaged_search_index_in_a_library_nothing_can_write_as_it_finds_it_in_any_other(library_folder, monkeypatch):
    """FTS5 checks its index by an INSERT, which a library nothing can write refuses: its index is checked all the same
    (as a copy), and damage that only that check sees (a segment of the index lost, its pages whole) is said alike."""
    db = library_folder / "library.sqlite"
    library = Library(db)
    assert library.search("de")  # the index filled
    library.close()
    with closing(sqlite3.connect(db)) as connection:
        connection.execute("DELETE FROM search_data WHERE id = (SELECT max(id) FROM search_data)")
        connection.commit()
    library = Library(db)
    where_writable = library.check()
    library.close()
    assert len(where_writable.problems) == 1 and "damaged" in where_writable.problems[0]
    left_by_the_last_writer(db)
    made_unwritable(library_folder, writable=False)
    asked = refused_as_sqlite_refuses(monkeypatch)
    library = Library(db, unwritable_ok=True)
    assert library.check() == where_writable
    library.close()
    assert asked == ["rw", "ro&immutable=1"]


def test_a_dry_run_of_prune_reads_a_library_nothing_can_write_and_leaves_it_as_it_was(library_folder):
    """`prune --older-than 1 --dry-run` on a read-only library said "the library cannot be written", though a dry run
    writes nothing: it only counts, as `list` reads."""
    db = library_folder / "library.sqlite"
    left_by_the_last_writer(db)
    made_unwritable(library_folder, writable=False)
    listed = set(library_folder.iterdir())
    result = nieuws_tui("--db", str(db), "prune", "--older-than", "1", "--dry-run")
    assert (result.returncode, result.stderr) == (0, "") and result.stdout.startswith("would prune "), result
    assert set(library_folder.iterdir()) == listed
