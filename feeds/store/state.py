"""The reader's own state: read and starred flags, in small TinyDB files keyed by article id.

    <library>.state/
        state-00.json … state-1f.json   TinyDB, table "state": doc_id = the article id read as hex
        lock                            serialises writers across processes

Only articles with some state are stored: unread and unstarred is the default.
Marking one article read rewrites one shard, a few hundred kB at most even at
100,000 read articles, atomically (see files.py): a mark is on disk when the
call returns, and a crash leaves the old or the new shard. Writers take the
lock and re-read the shards they change, so two processes never lose each
other's marks. Readers take no lock.

Every shard exists from the library's creation on, so a shard that goes
missing is reported as damage instead of silently resetting read marks. The
state of an article that is not in the article store is kept: it is the
reader's, and the story may come back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document

from feeds.errors import StorageError
from feeds.files import (
    AtomicJSONStorage,
    atomic_write,
    dump_json,
    locked,
    read_json,
    remove_stale_temps,
)
from feeds.language import gettext as _

SHARDS = 32
TABLE = "state"


@dataclass(frozen=True, slots=True)
class Flags:
    read: bool = False
    starred: bool = False


UNREAD = Flags()

ShardFlags = dict[int, dict[str, Flags]]  # shard → the flags of its articles


class Marks:
    """Every article's flags as last read, kept by shard so that one shard can be replaced cheaply."""

    def __init__(self, shards: ShardFlags) -> None:
        self._shards = {shard: shards.get(shard, {}) for shard in range(SHARDS)}
        self._all = {i: f for flags in self._shards.values() for i, f in flags.items()}  # asked once per listed article

    def get(self, article_id: str) -> Flags:
        return self._all.get(article_id, UNREAD)

    def items(self) -> list[tuple[str, Flags]]:
        return list(self._all.items())

    def replace(self, shards: ShardFlags) -> set[str]:
        """Take these shards as they are now; the ids whose flags changed."""
        changed: set[str] = set()
        for shard, flags in shards.items():
            old = self._shards[shard]
            changed.update(i for i in old.keys() | flags.keys() if old.get(i) != flags.get(i))
            self._shards[shard] = flags
            for article_id in old.keys() - flags.keys():
                del self._all[article_id]
            self._all.update(flags)
        return changed


def _doc_id(article_id: str) -> int:
    return int(article_id, 16)


def _article_id(doc_id: str) -> str:
    return f"{int(doc_id):012x}"


def _shard(article_id: str) -> int:
    return int(article_id[:2], 16) % SHARDS


def _signature(path: Path) -> tuple[int, int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)


class StateStore:
    """Read/starred flags of one library, in `folder`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.lock_path = folder / "lock"
        self._signatures: dict[int, tuple[int, int, int] | None] = {}

    def shard_path(self, shard: int) -> Path:
        return self.folder / f"state-{shard:02x}.json"

    @property
    def exists(self) -> bool:
        return self.folder.is_dir()

    def create(self, flags: dict[str, Flags] | None = None) -> None:
        """Write every shard (empty, or with these flags); used when a library is made or migrated."""
        by_shard: dict[int, dict[str, dict[str, Any]]] = {shard: {} for shard in range(SHARDS)}
        for article_id, state in (flags or {}).items():
            if state.read or state.starred:
                by_shard[_shard(article_id)][str(_doc_id(article_id))] = {"read": state.read, "starred": state.starred}
        for shard, documents in by_shard.items():
            atomic_write(self.shard_path(shard), dump_json({TABLE: documents}))

    def check_present(self) -> None:
        """Every shard is there: a missing one would silently reset read marks."""
        for shard in range(SHARDS):
            path = self.shard_path(shard)
            if not path.is_file():
                raise StorageError(_("{path}: missing (read and starred marks of this library); restore it or run `nieuws-tui check`").format(path=path))

    # -- reading -------------------------------------------------------------------------------

    def _read_shard(self, shard: int) -> dict[str, Flags]:
        path = self.shard_path(shard)
        self._signatures[shard] = _signature(path)
        data = read_json(path)
        if data is None:
            self.check_present()
        table = data.get(TABLE) if isinstance(data, dict) else None
        if not isinstance(table, dict):
            raise StorageError(_("{path}: not a state file of nieuws-tui (no '{table}' table); left untouched").format(path=path, table=TABLE))
        flags = {}
        for doc_id, document in table.items():
            if not (doc_id.isdigit() and isinstance(document, dict) and isinstance(document.get("read"), bool) and isinstance(document.get("starred"), bool)):
                raise StorageError(_("{path}: damaged entry {entry!r}; left untouched").format(path=path, entry=doc_id))
            flags[_article_id(doc_id)] = Flags(document["read"], document["starred"])
        return flags

    def load(self) -> Marks:
        """Every article that has some state; the others are unread and not starred."""
        return Marks(self.reload(range(SHARDS)))

    def signatures(self) -> list[tuple[int, int, int] | None]:
        """What each shard looks like on disk now: a change of any is a change of marks."""
        return [_signature(self.shard_path(shard)) for shard in range(SHARDS)]

    def changed_shards(self) -> list[int]:
        """Shards written by anyone since this store last read them."""
        return [shard for shard in range(SHARDS) if _signature(self.shard_path(shard)) != self._signatures.get(shard)]

    def reload(self, shards: Iterable[int]) -> ShardFlags:
        """The flags in these shards as they are now."""
        return {shard: self._read_shard(shard) for shard in set(shards)}

    @staticmethod
    def shard_of(article_id: str) -> int:
        return _shard(article_id)

    # -- writing -------------------------------------------------------------------------------

    def update(self, changes: dict[str, Flags]) -> None:
        """Set the flags of these articles, durably, in one write per shard."""
        with locked(self.lock_path):
            self._write(changes)

    def set(self, article_ids: Iterable[str], *, read: bool | None = None, starred: bool | None = None) -> ShardFlags:
        """Change read and/or starred of these articles.

        The shards are re-read under the lock, so a mark made by another process
        in the meantime is kept: only the flag being changed is set. Returns the
        shards written with every flag they now hold, so the caller's view of
        them is current.
        """
        ids = list(dict.fromkeys(article_ids))
        with locked(self.lock_path):
            shards = self.reload({_shard(i) for i in ids})
            changes = {}
            for article_id in ids:
                old = shards[_shard(article_id)].get(article_id, UNREAD)
                flags = Flags(old.read if read is None else read, old.starred if starred is None else starred)
                changes[article_id] = flags
                if flags.read or flags.starred:
                    shards[_shard(article_id)][article_id] = flags
                else:
                    shards[_shard(article_id)].pop(article_id, None)
            self._write(changes)
        return shards

    def move(self, renamed: dict[str, str]) -> None:
        """Give each new id the flags of its old id (a story found to be one already known)."""
        if not renamed:
            return
        with locked(self.lock_path):
            current = {i: f for flags in self.reload({_shard(i) for i in renamed}).values() for i, f in flags.items()}
            moved = {new: current[old] for old, new in renamed.items() if old in current}
            self._write({**moved, **{old: UNREAD for old in renamed if old in current}})

    def forget(self, article_ids: Iterable[str]) -> None:
        """Drop the flags of these articles (pruned ones)."""
        self.update(dict.fromkeys(article_ids, UNREAD))

    def _write(self, changes: dict[str, Flags]) -> None:
        by_shard: dict[int, dict[str, Flags]] = {}
        for article_id, flags in changes.items():
            by_shard.setdefault(_shard(article_id), {})[article_id] = flags
        remove_stale_temps(self.folder)
        for shard, shard_changes in sorted(by_shard.items()):
            path = self.shard_path(shard)
            if not path.exists():
                self.check_present()
            before = _signature(path)
            database = TinyDB(path, storage=AtomicJSONStorage)
            table = database.table(TABLE)
            touched = [_doc_id(i) for i in shard_changes]
            present = [doc_id for doc_id in touched if table.contains(doc_id=doc_id)]
            if present:
                table.remove(doc_ids=present)
            kept = {_doc_id(i): {"read": f.read, "starred": f.starred} for i, f in shard_changes.items() if f.read or f.starred}
            if kept:
                table.insert_multiple(Document(document, doc_id=doc_id) for doc_id, document in kept.items())
            storage = database.storage
            assert isinstance(storage, AtomicJSONStorage)
            storage.flush()
            # Our own write: if we had seen the shard as it was, what we know of it is current.
            if self._signatures.get(shard, "unknown") == before:
                self._signatures[shard] = _signature(path)
