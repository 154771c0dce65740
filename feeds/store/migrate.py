"""Version 1 libraries (TinyDB JSON shards) → the SQLite store (+ TinyDB state), on first open.

A v1 library named `library.json`:

    library.json            catalog: format, version, imported files and folders
    library.json.d/         articles-XX.json, bodies-XX.json, state-XX.json, leads.json
    library.json.fetch.json ETag/Last-Modified per fetched URL
    library.json.lock

Every article, read and starred mark, imported path and fetch validator is
carried over. The new store is built beside the old files and renamed into
place in one step; only then are the old files moved into `library.v1-backup/`,
never deleted. A crash at any moment leaves a library that opens, old or new:
before the rename the old files are untouched and the migration starts over;
after it, the move aside is finished on the next open.

A damaged file stops the migration, named with the way out: `check --repair`
migrates the rest without what the file held (the marks of a marks shard, the
articles of an articles shard), says what it left out, and keeps the file in the
backup with the others. What it left out is written into the backup as well
(`not-carried-over.txt`), before the new store takes its place: a repair killed
after that leaves it said there, not only on a terminal that is gone.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from feeds.clean import clean_name, shown_path
from feeds.errors import DamagedFile, StorageError, why
from feeds.files import atomic_write, locked, read_json
from feeds.language import gettext as _
from feeds.language import grouped, ngettext
from feeds.model import Article, Block, Entry
from feeds.store.database import Database, account_key, key_without_credentials, without_soft_hyphens
from feeds.store.layout import LibraryFiles, create_store
from feeds.store.rows import COLUMNS, PLACEHOLDERS, Record, article_row, key_of, record
from feeds.store.state import Flags
from feeds.urls import ID_FORMAT, with_user_keyed, without_credentials

V1_FORMAT = "nieuws-tui library"
MIGRATED = "migrated_from"
NOT_CARRIED_OVER = "not-carried-over.txt"  # in the backup: what a repair left out


def migrate_v1(files: LibraryFiles, announce: Callable[[str], None] | None = None, *, repair: bool = False) -> list[str]:
    """Migrate the v1 library of `files` if there is one and it is not migrated yet, said to `announce` as an upgrade
    of the format is: the library moves to another file, and the old one aside. A damaged v1 file stops it, named
    with the way out; a `repair` leaves out what such a file held instead, and says so: those lines are returned."""
    if not files.v1_present:
        return []
    if files.database.exists():
        if _migrated(files.database):
            _move_aside(files)  # a migration that stopped between its commit and the move
        return []
    with locked(files.lock), locked(files.v1_lock):
        if files.database.exists():
            return []
        losses = _Losses(files.v1_backup, repair)
        records, flags, imports, validators = _read_v1(files, losses)
        if losses.said:
            heading = _("What `nieuws-tui check --repair` left out as it moved the v1 library {path} into {database}:")
            note = "\n".join((heading.format(path=shown_path(files.v1_catalog), database=shown_path(files.database)), *losses.said, ""))
            atomic_write(files.v1_backup / NOT_CARRIED_OVER, note.encode("utf-8"))
        if announce is not None:  # once it reads: a damaged one is said as damaged, and stays where it is
            moving = _("{path}: moving the v1 library into {database}, once; its files go to {backup}")
            announce(moving.format(path=shown_path(files.v1_catalog), database=shown_path(files.database), backup=shown_path(files.v1_backup)))

        def fill(path: Path) -> None:
            _write_store(path, records, imports, validators)

        create_store(files, flags, fill)
        _move_aside(files)
        return losses.said


def check_v1(files: LibraryFiles) -> None:
    """DamagedFile, naming the file and the way out (`check --repair`), where a file of the v1 library of `files` is
    damaged: what migrating it would stop at. It is read, and nothing is written."""
    _read_v1(files, _Losses(files.v1_backup, repair=False))


class _Losses:
    """What reading a v1 library does with a damaged file: stop, naming it and the way out; or, in a repair, go on
    without what the file held, and say so. Either way the file itself is kept: untouched, or in the backup."""

    def __init__(self, backup: Path, repair: bool) -> None:
        self.backup = backup
        self.repair = repair
        self.said: list[str] = []

    def damaged(self, error: DamagedFile, path: Path, lost: str) -> None:
        """`error` found in the file at `path`, which held `lost` (said as what is not carried over)."""
        if not self.repair:
            advice = _("restore it from a backup, or run `nieuws-tui check --repair` to migrate what can be read")
            raise DamagedFile(f"{error} — {advice}") from None
        if path.exists():
            said = _("{path}: damaged, not carried over: {lost}; the file is kept in {backup}")
        else:
            said = _("{path}: missing, not carried over: {lost}")
        self.said.append(said.format(path=shown_path(path), lost=lost, backup=shown_path(self.backup)))


def _migrated(path: Path) -> bool:
    database = Database(path)
    try:
        return database.connection().execute("SELECT 1 FROM meta WHERE key = ?", (MIGRATED,)).fetchone() is not None
    except (sqlite3.Error, StorageError):
        return False  # not ours to judge here: opening the library reports a damaged database
    finally:
        database.close()


def _move_aside(files: LibraryFiles) -> None:
    backup = files.v1_backup
    try:
        backup.mkdir(exist_ok=True)
        for path in files.v1_files:
            if path.exists():
                os.replace(path, backup / path.name)
    except OSError as error:
        raise StorageError(_("{path}: cannot move the migrated v1 library there ({reason})").format(path=shown_path(backup), reason=why(error))) from None


def _table(path: Path, name: str) -> dict[str, dict[str, Any]]:
    data = read_json(path)
    if data is None:
        return {}
    table = data.get(name) if isinstance(data, dict) else None
    if not isinstance(table, dict) or not all(isinstance(d, dict) for d in table.values()):
        raise DamagedFile(_("{path}: not a file of a nieuws-tui library (no '{table}' table); migration stopped, nothing changed").format(path=shown_path(path), table=name))
    return table


def _read_v1(files: LibraryFiles, losses: _Losses) -> tuple[list[Record], dict[str, Flags], list[str], dict[str, dict[str, Any]]]:
    """Everything of a v1 library, as the store writes it; what `losses` says of a damaged file: it is all read and
    made into records before anything is written. A file that cannot be read (permissions, the disk) is no damage:
    its StorageError stops the migration, in a repair too."""
    imports = _read_catalog(files, losses)
    records: list[Record] = []
    flags: dict[str, Flags] = {}
    for path in sorted(files.v1_shards.glob("state-*.json")):
        try:
            flags.update(_read_marks(path))
        except DamagedFile as error:
            losses.damaged(error, path, _("the read and starred marks in it"))
    for path in sorted(files.v1_shards.glob("articles-*.json")):
        try:
            summaries = _table(path, "articles")
        except DamagedFile as error:
            losses.damaged(error, path, _("the articles in it"))
            continue
        bodies_path = path.with_name(path.name.replace("articles-", "bodies-"))
        try:
            bodies = _table(bodies_path, "bodies")
        except DamagedFile as error:
            losses.damaged(error, bodies_path, _("the text of the articles in it (their titles and leads are carried over)"))
            bodies = {}
        damaged: list[tuple[str, Exception]] = []
        for doc_id, summary in summaries.items():
            try:
                records.append(record(_entry(summary, bodies.get(doc_id))))
            except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as error:
                damaged.append((doc_id, error))
        if damaged:
            (first, reason), count = damaged[0], len(damaged)
            stopped = _("{path}: article {id} is damaged ({reason}); migration stopped, nothing changed")
            lost = ngettext("{count} article in it, number {id}", "{count} articles in it, the first number {id}", count)
            losses.damaged(DamagedFile(stopped.format(path=shown_path(path), id=first, reason=repr(reason))), path, lost.format(count=grouped(count), id=first))
    try:
        fetched = read_json(files.v1_validators)
    except DamagedFile as error:
        losses.damaged(error, files.v1_validators, _("the ETag and date each source last answered with (each is fetched in full once)"))
        fetched = None
    validators = fetched if isinstance(fetched, dict) else {}
    return records, flags, imports, validators


def _read_catalog(files: LibraryFiles, losses: _Losses) -> list[str]:
    """The files and folders the v1 library imported, once its catalog says it is one. Its catalog damaged or gone
    loses only that list, where the folder of its articles is there to show that it was one."""
    catalog = files.v1_catalog
    lost = _("the list of imported files and folders")
    try:
        if not catalog.exists():
            raise DamagedFile(_("{path}: missing, beside the v1 library in {shards}").format(path=shown_path(catalog), shards=shown_path(files.v1_shards)))
        meta = _table(catalog, "meta").get("1", {})
        if meta.get("format") != V1_FORMAT:
            raise StorageError(_("{path}: not a nieuws-tui library; left untouched").format(path=shown_path(catalog)))
        if meta.get("version") != 1:
            raise StorageError(_("{path}: library format version {version!r} is unknown to this nieuws-tui; left untouched").format(path=shown_path(catalog), version=meta.get("version")))
        return [doc["path"] for doc in _table(catalog, "imports").values() if isinstance(doc.get("path"), str)]
    except DamagedFile as error:
        if not files.v1_shards.is_dir():
            raise  # nothing shows that it is a library: a file of another program's is no library to repair
        losses.damaged(error, catalog, lost)
        return []


def _read_marks(path: Path) -> dict[str, Flags]:
    """The read and starred marks of a v1 shard; DamagedFile for one damaged entry: as the shards of the marks of
    this version, a shard is whole or lost."""
    flags = {}
    for doc_id, state in _table(path, "state").items():
        try:
            flags[f"{int(doc_id):{ID_FORMAT}}"] = Flags(bool(state.get("read")), bool(state.get("starred")))
        except ValueError as error:
            raise DamagedFile(_("{path}: article {id} is damaged ({reason}); migration stopped, nothing changed").format(path=shown_path(path), id=doc_id, reason=repr(error))) from None
    return flags


def _moment(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:  # v1 wrote every moment with its zone: one without is damage, and cannot be compared
        raise ValueError(f"{text!r} has no time zone")
    return moment


def _entry(summary: dict[str, Any], body: dict[str, Any] | None) -> Entry:
    published = summary["published"]
    key_of(summary["id"])  # an id is hexadecimal digits: the store keeps it as that number
    article = Article(
        id=summary["id"],
        url=without_credentials(summary["url"]),  # as format 7 has them, and the id as format 8 (_write_store)
        title=summary["title"],
        section=clean_name(summary["section"]),  # as format 5 has them
        place=summary["place"],
        agencies=tuple(summary["agencies"]),
        lead=summary["lead"],
        body=tuple(Block(b["kind"], b["text"]) for b in body["body"]) if body else (),
        published=_moment(published) if published else None,
        age=summary["age"],
        kind=summary["kind"],
        rubric=summary.get("rubric"),
        title_from_lead=bool(summary.get("title_from_lead")),
    )
    return Entry(article, first_seen=_moment(summary["first_seen"]))


def _write_store(path: Path, records: list[Record], imports: list[str], validators: dict[str, dict[str, Any]]) -> None:
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("BEGIN")
        connection.executemany(f"INSERT INTO articles ({COLUMNS}) VALUES ({PLACEHOLDERS})", [article_row(r, seq) for seq, r in enumerate(records, 1)])
        connection.executemany("INSERT INTO bodies (seq, body) VALUES (?, ?)", [(seq, r.body) for seq, r in enumerate(records, 1) if r.body is not None])
        connection.executemany("INSERT OR IGNORE INTO imports (path) VALUES (?)", [(p,) for p in imports])
        key = account_key(connection)  # as format 9 keeps them
        connection.executemany(
            "INSERT OR REPLACE INTO validators (url, etag, last_modified) VALUES (?, ?, ?)",
            [(with_user_keyed(url, key), v.get("etag"), v.get("last_modified")) for url, v in validators.items() if isinstance(v, dict)],
        )
        connection.execute("UPDATE meta SET value = ? WHERE key = 'seq'", (len(records),))
        key_without_credentials(connection)
        without_soft_hyphens(connection)  # as format 12 has them
        connection.execute("INSERT INTO meta VALUES (?, ?)", (MIGRATED, "v1"))
        connection.execute("COMMIT")
    finally:
        connection.close()
