"""The reader's own state: read and starred flags, in small TinyDB files keyed by article id.

    <library>.state/
        marks-00.json … marks-ff.json   TinyDB, table "state": doc_id = the article id read as hex;
                                        marks-XX.json holds the articles whose id starts with XX
        shards.json                     which of those files there are
        lock                            serialises writers across processes; readers hold it shared

Only articles with some state are stored: unread and unstarred is the default.
Marking one article read rewrites one shard atomically (see files.py), some
20 kB even at 100,000 read articles: a mark is on disk when the call returns,
and a crash leaves the old or the new shard. Marks in many shards (M over a
section) cost one durable write (files.atomic_writes), not two fsyncs a
shard. Writers take the lock and read the shards they change under it, once,
so two processes never lose each other's marks. Readers take it shared while
they read shards: the marks one call sets in several shards (M marks a whole
view read) are read all or none, never the half written so far.

A shard is made when its first article is marked, and shards.json lists it
once it is written: a listed shard that goes missing, or a missing
shards.json, is reported as damage instead of silently resetting read marks.
A shard written by a writer that died before listing it is not read, and is
written over when that shard is next made. The state of an article that is
not in the article store is kept: it is the reader's, and the story may come
back.

Libraries made before kept the marks in 32 shards, state-00.json … state-1f.json
(an article in shard (first byte of its id) mod 32): 150 kB each at 100,000
read articles, which made a mark cost 30 ms and more. Such a folder is
regrouped in place the first time it is used (`_regroup`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from feeds.clean import shown_path
from feeds.errors import DamagedFile, StorageError, why
from feeds.files import Signature, atomic_write, atomic_writes, dump_json, file_signature, locked, read_json, remove_durably, remove_stale_temps
from feeds.language import gettext as _
from feeds.urls import ID_FORMAT, ID_LENGTH

SHARDS = 256
TABLE = "state"
INDEX = "shards.json"
OLD_SHARDS = 32
_ID = re.compile(f"[0-9a-f]{{{ID_LENGTH}}}")  # an article id, as every id a mark is kept by is


@dataclass(frozen=True, slots=True)
class Flags:
    read: bool = False
    starred: bool = False


UNREAD = Flags()
# The four there are: 100,000 marks read in are four objects, not 100,000 for the garbage collector.
_FLAGS = {(read, starred): Flags(read, starred) for read in (False, True) for starred in (False, True)}

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


def _joined(one: Flags, other: Flags) -> Flags:
    return _FLAGS[one.read or other.read, one.starred or other.starred]


def _is_id(value: object) -> bool:
    """Whether `value`, read from the library, is an article id: damage may have stored bytes (a blob), not text."""
    return isinstance(value, str) and _ID.fullmatch(value) is not None


def _ends(renamed: dict[str, str]) -> dict[str, str]:
    """The id each old id's marks go to: the end of its chain of renamings (a→b, b→c: c, for a as for b). A chain that
    comes round to an id it passed (a→b, b→a: only damage makes one) ends at the least id on that circle, for every id
    on it, so that the marks of all of them meet under one."""
    ends: dict[str, str] = {}
    for first in renamed:
        chain = [first]
        at = renamed[first]
        while at in renamed and at not in ends and at not in chain:
            chain.append(at)
            at = renamed[at]
        if at in ends:
            at = ends[at]
        elif at in chain:
            at = min(chain[chain.index(at):])
        ends.update(dict.fromkeys(chain, at))
    return ends


def _doc_id(article_id: str) -> int:
    return int(article_id, 16)


def _shard(article_id: str) -> int:
    return int(article_id[:2], 16)


def _shard_name(shard: int) -> str:
    return f"marks-{shard:02x}.json"


_SHARD_NAMES = {_shard_name(shard): shard for shard in range(SHARDS)}


def _document(flags: Flags) -> dict[str, bool]:
    return {"read": flags.read, "starred": flags.starred}


def repair_advice() -> str:
    return _("restore it from a backup, or run `nieuws-tui check --repair` to go on without the marks in it")


def _missing(path: Path) -> StorageError:
    return StorageError(_("{path}: missing (read and starred marks of this library); {advice}").format(path=shown_path(path), advice=repair_advice()))


def _marks_json(path: Path) -> Any:
    """The JSON of a marks file (a shard, or the list of them); damage comes with what to do about it."""
    try:
        return read_json(path)
    except DamagedFile as error:
        raise DamagedFile(f"{error} — {repair_advice()}") from None


def _read(path: Path) -> tuple[dict[str, Any], dict[str, Flags]]:
    """A shard as TinyDB data, and the flags in it. StorageError, naming the file, when it is missing or damaged."""
    data = _marks_json(path)
    if data is None:
        raise _missing(path)
    table = data.get(TABLE) if isinstance(data, dict) else None
    if not isinstance(table, dict):
        raise DamagedFile(_("{path}: not a state file of nieuws-tui (no '{table}' table); left untouched — {advice}").format(path=shown_path(path), table=TABLE, advice=repair_advice()))
    flags = {}
    for doc_id, document in table.items():
        read, starred = (document.get("read"), document.get("starred")) if isinstance(document, dict) else (None, None)
        if not (doc_id.isdecimal() and isinstance(read, bool) and isinstance(starred, bool)):
            raise DamagedFile(_("{path}: damaged entry {entry!r}; left untouched — {advice}").format(path=shown_path(path), entry=doc_id, advice=repair_advice()))
        flags[f"{int(doc_id):{ID_FORMAT}}"] = _FLAGS[read, starred]
    return data, flags


def _changed_documents(data: dict[str, Any], touched: list[int], kept: dict[int, dict[str, bool]]) -> bytes:
    """A shard's TinyDB data with its documents changed, to be written: those of `touched` go, those of `kept` come
    back as they are now. TinyDB works on the shard as it was just read under the lock, not on a second read of it."""
    from tinydb import TinyDB
    from tinydb.storages import MemoryStorage
    from tinydb.table import Document

    database = TinyDB(storage=MemoryStorage)
    database.storage.write(data)
    table = database.table(TABLE)
    table.remove(doc_ids=touched)
    table.insert_multiple(Document(document, doc_id=doc_id) for doc_id, document in kept.items())
    return dump_json(database.storage.read())


class StateStore:
    """Read/starred flags of one library, in `folder`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.lock_path = folder / "lock"
        self.index_path = folder / INDEX
        self._signatures: dict[int, Signature] = {}  # of each shard as this store last read it; None: not listed
        self._index: tuple[Signature, frozenset[int]] = (None, frozenset())
        self._regrouped = False

    def shard_path(self, shard: int) -> Path:
        return self.folder / _shard_name(shard)

    @property
    def exists(self) -> bool:
        return self.folder.is_dir()

    def create(self, flags: dict[str, Flags] | None = None) -> None:
        """Write the shards of these flags and the list of them; used when a library is made or migrated. The lock
        file is made with them: readers hold it only where it is there (files.locked), and until the first mark made
        it, another process's M over shards a migration carried over was read half written."""
        self._make_folder()
        with locked(self.lock_path):
            self._write_all(flags or {})

    def _make_folder(self) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StorageError(_("{path}: cannot create the folder ({reason})").format(path=shown_path(self.folder), reason=why(error))) from None

    def _write_all(self, flags: dict[str, Flags]) -> None:
        """Write the shards of these flags and the list of them; hold the lock."""
        tables: dict[int, dict[str, dict[str, bool]]] = {}
        for article_id, state in flags.items():
            if state.read or state.starred:
                tables.setdefault(_shard(article_id), {})[str(_doc_id(article_id))] = _document(state)
        atomic_writes({self.shard_path(shard): dump_json({TABLE: documents}) for shard, documents in sorted(tables.items())})
        self._write_index(set(tables))

    # -- the list of shards --------------------------------------------------------------------

    def _read_index(self) -> frozenset[int]:
        """The shards there are, as shards.json lists them. StorageError when it is missing or damaged."""
        names = _marks_json(self.index_path)
        if names is None:
            raise _missing(self.index_path)
        if not (isinstance(names, list) and all(isinstance(n, str) and n in _SHARD_NAMES for n in names)):
            raise DamagedFile(_("{path}: damaged (not the list of the shards of read and starred marks); left untouched — {advice}").format(path=shown_path(self.index_path), advice=repair_advice()))
        return frozenset(_SHARD_NAMES[name] for name in names)

    def _write_index(self, shards: set[int] | frozenset[int]) -> None:
        atomic_write(self.index_path, dump_json(sorted(_shard_name(shard) for shard in shards)))

    def _listed(self) -> frozenset[int]:
        """The shards listed now, read again only when shards.json changed (it only grows).

        Nothing while there is no list: no library yet, or damage that reading the marks reports.
        """
        signature = file_signature(self.index_path)
        if signature is None:
            return frozenset()
        if signature != self._index[0]:
            self._index = (signature, self._read_index())
        return self._index[1]

    def repair(self) -> list[str]:
        """Let the library open again after marks files were lost or damaged, saying what goes.

        Opening refuses a missing or damaged marks file rather than show its articles
        unread (a silent loss). Repairing accepts the loss: a damaged file is moved aside
        (`….damaged`, never deleted nor written over) and left out, a missing one is left out,
        and a missing or damaged list of them is made anew from the files there are. In the
        layout before (32 shards), a damaged or missing shard is replaced by an empty one,
        so that the library's next opening regroups the others. A file that cannot be read
        (permissions, the disk) is no damage: that is said, and nothing is moved.
        """
        said: list[str] = []
        if not self.exists:
            self._make_folder()
            said.append(_("{path}: made anew; no article is read or starred any more").format(path=shown_path(self.folder)))
        with locked(self.lock_path):
            old = [self._old_shard_path(shard) for shard in range(OLD_SHARDS)]
            if not self.index_path.exists() and any(path.exists() for path in old):  # not regrouped yet
                for path in self._unreadable(old, said):
                    atomic_write(path, dump_json({TABLE: {}}))  # the next opening regroups the others
                return said
            try:
                listed: frozenset[int] | None = self._read_index()
            except DamagedFile:
                listed = None
            except StorageError:
                if self.index_path.exists():
                    raise  # it could not be read: no damage to repair
                listed = None
            candidates = listed if listed is not None else frozenset(s for s in range(SHARDS) if self.shard_path(s).exists())
            lost = self._unreadable([self.shard_path(shard) for shard in sorted(candidates)], said)  # raises before moving anything
            if listed is None:
                if self.index_path.exists():  # it only lists the marks files: no mark is lost with it
                    said.append(_("{path}: damaged, moved to {aside}").format(path=shown_path(self.index_path), aside=shown_path(self._moved_aside(self.index_path))))
                said.append(_("{path}: made anew from the marks files there are").format(path=shown_path(self.index_path)))
            kept = {shard for shard in candidates if self.shard_path(shard) not in lost}
            if listed is None or kept != set(listed):
                self._write_index(kept)
        self._index = (None, frozenset())
        return said

    def _unreadable(self, paths: list[Path], said: list[str]) -> list[Path]:
        """The marks files among `paths` that are missing or damaged, the damaged ones moved aside, what is lost said.

        Every file is read before any is moved: one that cannot be read for another reason (permissions, the
        disk) is no damage, and its StorageError is raised with nothing changed."""
        damaged, missing = [], []
        for path in paths:
            if not path.exists():
                missing.append(path)
                continue
            try:
                _read(path)
            except DamagedFile:
                damaged.append(path)
        said += [_("{path}: missing; the marks in it are lost").format(path=shown_path(path)) for path in missing]
        said += [_("{path}: damaged, moved to {aside}; the marks in it are lost").format(path=shown_path(path), aside=shown_path(self._moved_aside(path))) for path in damaged]
        return missing + damaged

    @staticmethod
    def _moved_aside(path: Path) -> str:
        """The name of the file the damaged one at `path` is moved to."""
        aside = path.with_name(path.name + ".damaged")
        copies = 1
        while aside.exists():  # a file moved aside by an earlier repair is kept too
            copies += 1
            aside = path.with_name(f"{path.name}.damaged-{copies}")
        try:
            path.replace(aside)
        except OSError as error:
            raise StorageError(_("{path}: cannot move it aside ({reason})").format(path=shown_path(path), reason=why(error))) from None
        return aside.name

    # -- the layout before: 32 shards ----------------------------------------------------------

    def _old_shard_path(self, shard: int) -> Path:
        return self.folder / f"state-{shard:02x}.json"

    def _regroup_once(self) -> None:
        """Bring a folder of 32 shards to this layout, the first time this store touches it.

        Call it before taking the lock: it takes the lock itself when there is anything to do.
        """
        if self._regrouped:
            return
        if any(self._old_shard_path(shard).exists() for shard in range(OLD_SHARDS)):
            with locked(self.lock_path):
                self._regroup()
        self._regrouped = True

    def _regroup(self) -> None:
        """Write the marks of the 32 old shards into new ones, then remove the old ones; hold the lock.

        The old shards are the marks until the new ones and their list are on
        disk: removing state-00.json is the step that hands over. A crash before
        it leaves the old shards whole, and the regrouping starts over; one after
        it leaves old shards that are only removed. A damaged or missing old
        shard stops it before anything is written.
        """
        first = self._old_shard_path(0)
        if not first.exists() and not self.index_path.exists():  # no hand-over happened: the first old shard is lost
            raise _missing(first)
        if first.exists():
            flags: dict[str, Flags] = {}
            for shard in range(OLD_SHARDS):
                flags.update(_read(self._old_shard_path(shard))[1])
            remove_stale_temps(self.folder)
            self._write_all(flags)
            remove_durably(first)
        for shard in range(1, OLD_SHARDS):
            self._old_shard_path(shard).unlink(missing_ok=True)

    # -- reading -------------------------------------------------------------------------------

    def load(self, read_only: bool = False) -> Marks:
        """Every article that has some state; the others are unread and not starred. `read_only`: the folder is not
        written, not even to bring marks of the layout before up to date (StorageError, said, when they are)."""
        if read_only and not self._regrouped and any(self._old_shard_path(shard).exists() for shard in range(OLD_SHARDS)):
            older = _("{path}: read and starred marks kept by an older nieuws-tui; any nieuws-tui command, or serve started again, brings them up to date")
            raise StorageError(older.format(path=shown_path(self.folder)))
        self._regroup_once()
        with locked(self.lock_path, shared=True):
            return Marks(self._reload(range(SHARDS)))

    def signatures(self) -> list[Signature]:
        """What each shard looks like on disk now (None: not made yet): a change of any is a change of marks."""
        listed = self._listed()
        return [file_signature(self.shard_path(shard)) if shard in listed else None for shard in range(SHARDS)]

    def changes(self) -> ShardFlags:
        """The shards written by anyone since this store last read them, with their flags as they are now."""
        with locked(self.lock_path, shared=True):
            return self._reload(shard for shard, signature in enumerate(self.signatures()) if signature != self._signatures.get(shard))

    def _reload(self, shards: Iterable[int]) -> ShardFlags:
        """The flags in these shards as they are now; hold the lock, shared at least."""
        listed = self._read_index()
        flags: ShardFlags = {}
        for shard in set(shards):
            path = self.shard_path(shard)
            signature = file_signature(path) if shard in listed else None  # before the read: a write during it is a change still to read
            flags[shard] = _read(path)[1] if shard in listed else {}
            # Only once read: a damaged shard stays changed, to be read (and said) again at each ask, not taken for read.
            self._signatures[shard] = signature
        return flags

    # -- writing -------------------------------------------------------------------------------

    def update(self, changes: dict[str, Flags]) -> None:
        """Set the flags of these articles, durably, each shard written once."""
        self._regroup_once()
        with locked(self.lock_path):
            self._write(changes, lambda article_id, _old: changes[article_id])

    def set(self, article_ids: Iterable[str], *, read: bool | None = None, starred: bool | None = None) -> ShardFlags:
        """Change read and/or starred of these articles.

        The shards are read under the lock, so a mark made by another process
        in the meantime is kept: only the flag being changed is set. Returns the
        shards written with every flag they now hold, so the caller's view of
        them is current.
        """
        self._regroup_once()
        with locked(self.lock_path):
            shards = self._write(article_ids, lambda _id, old: Flags(old.read if read is None else read, old.starred if starred is None else starred))
            for shard in shards:
                self._signatures[shard] = file_signature(self.shard_path(shard))
        return shards

    def move(self, renamed: dict[str, str]) -> None:
        """Give each new id the marks of its old ids, on top of its own: a story read or starred under any of its ids is
        read or starred under the one it goes by now (one seen again under a title, an id made anew). An id renamed
        again (a→b, b→c: only damage or a crash between two renamings leaves both) hands its marks on to the end of the
        chain (_ends). The new ids' marks are written before the old ones go: a crash in between leaves both, and
        moving again finishes it. A pair that is no two article ids (damage) moves nothing."""
        ends = _ends({old: new for old, new in renamed.items() if _is_id(old) and _is_id(new)})
        if not ends:
            return
        self._regroup_once()
        with locked(self.lock_path):
            listed = self._read_index()
            shards = {_shard(i) for i in ends} & listed
            current = {i: f for shard in shards for i, f in _read(self.shard_path(shard))[1].items()}
            moved: dict[str, Flags] = {}
            for old, end in ends.items():
                if old in current and old != end:
                    moved[end] = _joined(moved.get(end, UNREAD), current[old])
            self._write(moved, lambda article_id, own: _joined(own, moved[article_id]))
            kept = set(ends.values())
            self._write([old for old in ends if old in current and old not in kept], lambda _id, _old: UNREAD)

    def forget(self, article_ids: Iterable[str]) -> None:
        """Drop the flags of these articles (pruned ones)."""
        self.update(dict.fromkeys(article_ids, UNREAD))

    def _write(self, article_ids: Iterable[str], flags_for: Callable[[str, Flags], Flags]) -> ShardFlags:
        """Give each article the flags `flags_for(id, its flags now)`, writing each shard once; hold the lock.

        Only the changed TinyDB documents are touched. A shard not made yet is
        written first and listed after. Returns the shards written, with every
        flag they hold.
        """
        by_shard: dict[int, list[str]] = {}
        for article_id in dict.fromkeys(article_ids):
            by_shard.setdefault(_shard(article_id), []).append(article_id)
        if not by_shard:
            return {}
        remove_stale_temps(self.folder)
        listed = self._read_index()  # read afresh: a shard made by another writer must not be made again
        written: ShardFlags = {}
        files: dict[Path, bytes] = {}
        for shard, ids in sorted(by_shard.items()):
            path = self.shard_path(shard)
            data, flags = _read(path) if shard in listed else ({TABLE: {}}, {})
            kept: dict[int, dict[str, bool]] = {}
            for article_id in ids:
                new = flags_for(article_id, flags.get(article_id, UNREAD))
                if new.read or new.starred:
                    flags[article_id] = _FLAGS[new.read, new.starred]
                    kept[_doc_id(article_id)] = _document(new)
                else:
                    flags.pop(article_id, None)
            if not (flags or shard in listed):
                continue  # a shard is made for a mark, not for taking one away
            files[path] = _changed_documents(data, [_doc_id(i) for i in ids], kept)
            written[shard] = flags
        atomic_writes(files)  # one durable write for them all: marking 300 articles read touches some 170 shards
        made = set(written) - listed
        if made:
            self._write_index(listed | made)
        return written
