"""Where the files of a library live, and how a new library comes into being.

For a library named `library.sqlite` (`--db`, `$NIEUWS_TUI_DB`; the v1 name
`library.json` means the same library):

    library.sqlite      the articles, their text, search index, fetch validators (database.py)
    library.state/      read and starred flags, TinyDB shards (state.py)
    library.lock        held while a library is created or migrated
    library.v1-backup/  the files of a v1 library, moved aside once it was migrated (migrate.py)

A library is made in one step that either happens or not: the state folder
first, then the database, renamed into place last. The database's presence is
what makes a library exist.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from feeds.files import Signature, file_signature
from feeds.store.database import Database, sqlite_sidecars
from feeds.store.state import Flags, StateStore


@dataclass(frozen=True, slots=True)
class LibraryFiles:
    """Where each part of the library named by `path` lives."""

    database: Path
    state: Path
    lock: Path
    # a v1 library (migrate.py): its catalog, the folder of its articles, their text and marks, the ETag and
    # Last-Modified of each URL it fetched, the lock a v1 nieuws-tui held while it wrote; and its files moved aside
    v1_catalog: Path
    v1_shards: Path
    v1_validators: Path
    v1_lock: Path
    v1_backup: Path

    @classmethod
    def for_path(cls, path: Path) -> LibraryFiles:
        database = path.with_suffix(".sqlite") if path.suffix == ".json" else path
        base = database.with_suffix("") if database.suffix == ".sqlite" else database

        def beside(suffix: str) -> Path:
            return base.with_name(base.name + suffix)

        return cls(
            database, beside(".state"), beside(".lock"),
            beside(".json"), beside(".json.d"), beside(".json.fetch.json"), beside(".json.lock"), beside(".v1-backup"),
        )  # fmt: skip

    @property
    def own(self) -> tuple[Path, ...]:
        """Every file and folder of the library, and of its making: nothing else may be written over one."""
        return (
            self.database, *sqlite_sidecars(self.database), self.database_temp,
            self.state, self.state_temp, self.lock,
            *self.v1_files, self.v1_lock, self.v1_backup,
        )  # fmt: skip

    @property
    def v1_files(self) -> tuple[Path, ...]:
        """The files of a v1 library, catalog first, as they are moved aside once it was migrated; not its lock."""
        return (self.v1_catalog, self.v1_shards, self.v1_validators)

    @property
    def v1_present(self) -> bool:
        """Whether a v1 library is here: its catalog, or the folder of its articles (its catalog lost or moved)."""
        return self.v1_catalog.exists() or self.v1_shards.is_dir()

    def v1_signature(self) -> tuple[tuple[Path, Signature], ...]:
        """What the files of a v1 library look like on disk now (file_signature), each file of the folder of its
        articles too: a few stats, where reading them is reading the whole library."""
        try:
            shards = sorted(self.v1_shards.iterdir()) if self.v1_shards.is_dir() else []
        except OSError:
            shards = []  # the folder as it is: its own signature says so
        return tuple((path, file_signature(path)) for path in (*self.v1_files, *shards))

    @property
    def database_temp(self) -> Path:
        """The database while create_store makes it: there from its first step to its last."""
        return self.database.with_name(self.database.name + ".new")

    @property
    def state_temp(self) -> Path:
        """The state folder while create_store makes it."""
        return self.state.with_name(self.state.name + ".new")

    @property
    def name(self) -> Path:
        """The library without a file suffix: the same across format versions (feed ids, the app's place)."""
        return self.v1_catalog.with_suffix("")


def create_store(files: LibraryFiles, flags: dict[str, Flags], fill: Callable[[Path], None] | None = None) -> None:
    """Make the state folder and the database; `fill(path)` may write the database before it takes its place."""
    state_temp, database_temp = files.state_temp, files.database_temp
    for leftover in (state_temp, *sqlite_sidecars(database_temp)):
        _remove(leftover)
    # The database's temp file exists from first to last step: it tells an interrupted creation
    # (whose state folder may be replaced) from a library whose database went missing.
    database_temp.write_bytes(b"")  # SQLite takes an empty file for a new database
    Database.create(database_temp)
    StateStore(state_temp).create(flags)
    _remove(files.state)
    os.replace(state_temp, files.state)
    if fill is not None:
        fill(database_temp)
    os.replace(database_temp, files.database)


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
