"""The library: every article seen, with the reader's read/starred state, in TinyDB files.

Layout, for a library at `library.json`:

    library.json          catalog (TinyDB): format version, imported files and folders
    library.json.d/       the articles, sharded by id so a write stays small:
        articles-XX.json  summaries: everything the list shows
        bodies-XX.json    the full text of full articles, read only on demand
        state-XX.json     read/starred flags of articles that have any
    library.json.lock     the lock that serialises writers across processes

Marking an article read rewrites one small state shard, whatever the size of
the library. Every file is replaced atomically (see storage.py), writers take
the lock and re-read what they change, so two processes never lose each
other's changes. Readers take no lock.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from platformdirs import user_data_path
from tinydb import TinyDB
from tinydb.table import Document, Table

from .merge import merge
from .model import AMSTERDAM, Article, Entry
from .records import body_document, entry_from_documents, summary_document
from .storage import AtomicJSONStorage, StorageError, locked, read_json, remove_stale_temps

FORMAT = "nieuws-tui library"
VERSION = 1
SHARDS = 32
ENV_VAR = "NIEUWS_TUI_DB"

ARTICLES, BODIES, STATE = "articles", "bodies", "state"
LEADS = "leads"  # lead → article id, to recognise a story whose title was made up from its lead


def default_library_path() -> Path:
    """`$NIEUWS_TUI_DB`, else the user data dir (XDG: ~/.local/share/nieuws-tui/library.json)."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    return user_data_path("nieuws-tui", appauthor=False) / "library.json"


def _doc_id(article_id: str) -> int:
    return int(article_id, 16)


def _shard(article_id: str) -> int:
    return int(article_id[:2], 16) % SHARDS


def _signature(path: Path) -> tuple[int, int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)


@dataclass(slots=True)
class AddResult:
    new: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True, slots=True)
class SectionCount:
    name: str | None  # None: articles whose page named no section
    total: int
    unread: int


class _Transaction:
    """The shards one write touches, each read fresh from disk once and written once."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.databases: dict[Path, TinyDB] = {}
        self.read_signatures: dict[Path, tuple | None] = {}

    def table(self, path: Path, name: str) -> Table:
        if path not in self.databases:
            self.read_signatures[path] = _signature(path)
            self.databases[path] = TinyDB(path, storage=AtomicJSONStorage)
        return self.databases[path].table(name)

    def commit(self) -> None:
        # Bodies before summaries: a crash in between leaves an unused body, never a
        # full article without its text.
        order = {BODIES: 0, ARTICLES: 1, STATE: 2}
        paths = sorted(self.databases, key=lambda p: order.get(p.name.split("-")[0], 3))
        for path in paths:
            storage = self.databases[path].storage
            assert isinstance(storage, AtomicJSONStorage)
            storage.flush()
            self.library._written(path, self.read_signatures[path])


class Library:
    def __init__(self, path: Path | str) -> None:
        self.path = Path(path).expanduser()
        self.shard_dir = self.path.with_name(self.path.name + ".d")
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self._entries: dict[str, Entry] | None = None
        self._ordered: list[Entry] | None = None
        self._signatures: dict[Path, tuple | None] = {}
        self._check_catalog(read_json(self.path))

    # -- files ---------------------------------------------------------------------------

    @property
    def exists(self) -> bool:
        return self.path.exists()

    def _shard_path(self, kind: str, shard: int) -> Path:
        return self.shard_dir / f"{kind}-{shard:02x}.json"

    def _check_catalog(self, catalog: object) -> None:
        if catalog is None:
            return
        meta = catalog.get("meta", {}).get("1") if isinstance(catalog, dict) and isinstance(catalog.get("meta"), dict) else None
        if not isinstance(meta, dict) or meta.get("format") != FORMAT:
            raise StorageError(f"{self.path}: not a nieuws-tui library; left untouched")
        if meta.get("version") != VERSION:
            raise StorageError(
                f"{self.path}: library format version {meta.get('version')!r} is unknown "
                f"to this nieuws-tui (it reads version {VERSION}); left untouched"
            )

    @contextmanager
    def _transaction(self) -> Iterator[_Transaction]:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StorageError(f"{self.path.parent}: cannot create the library's folder ({error.strerror or error})") from None
        with locked(self.lock_path):
            remove_stale_temps(self.path.parent)
            remove_stale_temps(self.shard_dir)
            transaction = _Transaction(self)
            catalog = transaction.table(self.path, "meta")
            self._check_catalog(transaction.databases[self.path].storage.read())
            if not catalog.contains(doc_id=1):
                catalog.insert(Document({"format": FORMAT, "version": VERSION, "shards": SHARDS}, doc_id=1))
            yield transaction
            transaction.commit()

    def _written(self, path: Path, signature_before: tuple | None) -> None:
        """After our own write: if we had seen the file as it was, our memory is current."""
        if self._signatures.get(path, "unknown") == signature_before:
            self._signatures[path] = _signature(path)

    def _read_table(self, path: Path, name: str) -> dict[str, dict]:
        data = AtomicJSONStorage(path).read() or {}
        return data.get(name, {})

    # -- reading -----------------------------------------------------------------------------

    def _load_shard(self, shard: int) -> None:
        assert self._entries is not None
        articles_path, state_path = self._shard_path(ARTICLES, shard), self._shard_path(STATE, shard)
        # Signatures first: a change racing with this read is picked up by the next refresh.
        self._signatures[articles_path] = _signature(articles_path)
        self._signatures[state_path] = _signature(state_path)
        states = self._read_table(state_path, STATE)
        for doc_id, summary in self._read_table(articles_path, ARTICLES).items():
            entry = entry_from_documents(summary, states.get(doc_id))
            self._entries[entry.id] = entry
        self._ordered = None

    def _all(self) -> dict[str, Entry]:
        if self._entries is None:
            self._entries = {}
            for shard in range(SHARDS):
                self._load_shard(shard)
        return self._entries

    def refresh(self) -> bool:
        """Pick up what other processes wrote since we last looked. True when anything changed."""
        if self._entries is None:
            return False
        changed = False
        for shard in range(SHARDS):
            paths = (self._shard_path(ARTICLES, shard), self._shard_path(STATE, shard))
            if any(_signature(p) != self._signatures.get(p) for p in paths):
                self._load_shard(shard)
                changed = True
        return changed

    def entries(self) -> list[Entry]:
        """Every article, newest first (by publication, else by when it was first seen)."""
        if self._ordered is None:
            self._ordered = sorted(self._all().values(), key=lambda e: (e.sort_time.timestamp(), e.id), reverse=True)
        return self._ordered

    def entry(self, article_id: str) -> Entry | None:
        if self._entries is not None:
            return self._entries.get(article_id)
        shard = _shard(article_id) if _is_id(article_id) else None
        if shard is None:
            return None
        summary = self._read_table(self._shard_path(ARTICLES, shard), ARTICLES).get(str(_doc_id(article_id)))
        if summary is None:
            return None
        state = self._read_table(self._shard_path(STATE, shard), STATE).get(str(_doc_id(article_id)))
        return entry_from_documents(summary, state)

    def find(self, id_or_prefix: str) -> list[Entry]:
        """Articles whose id is, or starts with, the given text (ids can be shortened like git's)."""
        text = id_or_prefix.strip().lower()
        exact = self.entry(text) if len(text) == 12 else None
        if exact is not None:
            return [exact]
        return [e for e in self.entries() if e.id.startswith(text)] if text else []

    def article(self, article_id: str) -> Article | None:
        """The article with its full text."""
        entry = self.entry(article_id)
        if entry is None:
            return None
        if entry.article.kind != "full":
            return entry.article
        shard = _shard(article_id)
        body = self._read_table(self._shard_path(BODIES, shard), BODIES).get(str(_doc_id(article_id)))
        return entry_from_documents(summary_document(entry), None, body).article

    def full_entries(self, entries: Iterable[Entry]) -> list[Entry]:
        """The entries with their full text, reading each bodies shard once."""
        bodies: dict[int, dict[str, dict]] = {}
        result = []
        for entry in entries:
            if entry.article.kind == "full":
                shard = _shard(entry.id)
                if shard not in bodies:
                    bodies[shard] = self._read_table(self._shard_path(BODIES, shard), BODIES)
                body = bodies[shard].get(str(_doc_id(entry.id)))
                article = entry_from_documents(summary_document(entry), None, body).article
                entry = Entry(article, read=entry.read, starred=entry.starred, first_seen=entry.first_seen)
            result.append(entry)
        return result

    def sections(self) -> list[SectionCount]:
        totals: dict[str | None, list[int]] = {}
        for entry in self._all().values():
            counts = totals.setdefault(entry.article.section, [0, 0])
            counts[0] += 1
            counts[1] += not entry.read
        return [SectionCount(name, total, unread) for name, (total, unread) in sorted(totals.items(), key=lambda i: (i[0] is None, (i[0] or "").lower()))]

    def imported_paths(self) -> list[str]:
        """Files and folders imported into this library, for re-importing them."""
        return [doc["path"] for doc in self._read_table(self.path, "imports").values() if "path" in doc]

    # -- writing ---------------------------------------------------------------------------

    def add(self, articles: Iterable[tuple[Article, datetime]], imported_paths: Iterable[str] = ()) -> AddResult:
        """Store articles seen at the given capture times; merge those already known.

        A story is known by its id, or else by its lead when one of the two
        sightings had no title (compact renderings): then the site's own title
        and URL win, and the read/starred state moves along.
        """
        before: dict[str, Entry | None] = {}  # as stored when the batch began
        after: dict[str, Entry] = {}
        renamed: dict[str, str] = {}  # made-up id → the id from the site's own title
        now = datetime.now(AMSTERDAM)
        with self._transaction() as transaction:
            leads = transaction.table(self.shard_dir / "leads.json", LEADS)
            for article, captured in articles:
                article, old_id = self._identify(transaction, leads, article, before, after, renamed)
                if old_id != article.id:
                    renamed[old_id] = article.id
                    before.setdefault(article.id, None)
                old = after.pop(old_id, None) or before[old_id]
                seen = min(captured, now)
                first_seen = min(old.first_seen, seen) if old else seen
                after[article.id] = Entry(merge(old.article if old else None, article), first_seen=first_seen)
            changed = {i: e for i, e in after.items() if not _same(before.get(i), e)}
            self._write_entries(transaction, changed.values(), renamed)
            _upsert(leads, {_doc_id(key): {"id": e.id} for e in changed.values() if (key := _lead_key(e.article))})
            imports = transaction.table(self.path, "imports")
            known = {doc.get("path") for doc in imports.all()}
            new_paths = [{"path": p} for p in dict.fromkeys(imported_paths) if p not in known]
            if new_paths:
                imports.insert_multiple(new_paths)
        self._remember(changed.values(), renamed)
        new = sum(1 for i in changed if before.get(i) is None and i not in renamed.values())
        return AddResult(new=new, updated=len(changed) - new, unchanged=len(after) - len(changed))

    def _identify(
        self,
        transaction: _Transaction,
        leads: Table,
        article: Article,
        before: dict[str, Entry | None],
        after: dict[str, Entry],
        renamed: dict[str, str],
    ) -> tuple[Article, str]:
        """The article as it will be stored, and the id it is stored under now."""
        if article.id in renamed:  # made-up id already replaced in this batch
            titled = after[renamed[article.id]].article
            return _titled_as(article, titled), titled.id
        if article.id not in before:
            before[article.id] = self._stored_entry(transaction, article.id)
        if article.id in after or before[article.id] is not None:
            return article, article.id
        key = _lead_key(article)
        known = leads.get(doc_id=_doc_id(key)) if key else None
        other_id = known["id"] if known else None
        if other_id is None or other_id == article.id:
            return article, article.id
        if other_id not in before:
            before[other_id] = self._stored_entry(transaction, other_id)
        other = after.get(other_id) or before[other_id]
        if other is None or not (other.article.title_from_lead or article.title_from_lead):
            return article, article.id  # two stories that share a lead, both titled: keep both
        if article.title_from_lead:
            return _titled_as(article, other.article), other_id
        return article, other_id

    def _stored_entry(self, transaction: _Transaction, article_id: str) -> Entry | None:
        shard, doc_id = _shard(article_id), _doc_id(article_id)
        summary = transaction.table(self._shard_path(ARTICLES, shard), ARTICLES).get(doc_id=doc_id)
        if summary is None:
            return None
        body = transaction.table(self._shard_path(BODIES, shard), BODIES).get(doc_id=doc_id)
        return entry_from_documents(dict(summary), None, body)

    def _write_entries(self, transaction: _Transaction, entries: Iterable[Entry], renamed: dict[str, str]) -> None:
        summaries: dict[int, dict[int, dict]] = {}
        bodies: dict[int, dict[int, dict]] = {}
        for entry in entries:
            shard, doc_id = _shard(entry.id), _doc_id(entry.id)
            summaries.setdefault(shard, {})[doc_id] = summary_document(entry)
            if entry.article.body:
                bodies.setdefault(shard, {})[doc_id] = body_document(entry.article)
        for shard, documents in bodies.items():
            _upsert(transaction.table(self._shard_path(BODIES, shard), BODIES), documents)
        for shard, documents in summaries.items():
            _upsert(transaction.table(self._shard_path(ARTICLES, shard), ARTICLES), documents)
        for old_id, new_id in renamed.items():
            old_state = transaction.table(self._shard_path(STATE, _shard(old_id)), STATE)
            state = old_state.get(doc_id=_doc_id(old_id))
            if state is not None:
                _upsert(transaction.table(self._shard_path(STATE, _shard(new_id)), STATE), {_doc_id(new_id): dict(state)})
            for kind, table in ((STATE, STATE), (ARTICLES, ARTICLES), (BODIES, BODIES)):
                old_table = transaction.table(self._shard_path(kind, _shard(old_id)), table)
                if old_table.contains(doc_id=_doc_id(old_id)):
                    old_table.remove(doc_ids=[_doc_id(old_id)])

    def _remember(self, entries: Iterable[Entry], renamed: dict[str, str]) -> None:
        """Bring the loaded entries up to date with what was just written (never before it was)."""
        if self._entries is None:
            return
        for old_id, new_id in renamed.items():
            if old_id in self._entries:
                self._entries[new_id] = self._entries.pop(old_id)
        for entry in entries:
            current = self._entries.get(entry.id)
            read, starred = (current.read, current.starred) if current else (False, False)
            self._entries[entry.id] = Entry(entry.article.with_changes(body=()), read, starred, entry.first_seen)
        self._ordered = None

    def set_state(self, article_ids: Iterable[str], *, read: bool | None = None, starred: bool | None = None) -> None:
        """Mark articles read/unread and/or starred/unstarred, durably, in one write per shard."""
        by_shard: dict[int, list[str]] = {}
        for article_id in dict.fromkeys(article_ids):
            by_shard.setdefault(_shard(article_id), []).append(article_id)
        if not by_shard:
            return
        states: dict[str, dict] = {}
        with self._transaction() as transaction:
            for shard, ids in by_shard.items():
                table = transaction.table(self._shard_path(STATE, shard), STATE)
                changed: dict[int, dict] = {}
                for article_id in ids:
                    doc_id = _doc_id(article_id)
                    state = dict(table.get(doc_id=doc_id) or {"read": False, "starred": False})
                    if read is not None:
                        state["read"] = read
                    if starred is not None:
                        state["starred"] = starred
                    changed[doc_id] = states[article_id] = state
                # Only articles with some state are stored: unread and unstarred is the default.
                _upsert(table, {i: s for i, s in changed.items() if s["read"] or s["starred"]})
                cleared = [i for i, s in changed.items() if not (s["read"] or s["starred"]) and table.contains(doc_id=i)]
                if cleared:
                    table.remove(doc_ids=cleared)
        for article_id, state in states.items():
            entry = self._entries.get(article_id) if self._entries is not None else None
            if entry is not None:
                entry.read, entry.starred = state["read"], state["starred"]


def _titled_as(untitled: Article, titled: Article) -> Article:
    """An untitled sighting of a story, under the title and URL the library knows it by."""
    return untitled.with_changes(id=titled.id, url=titled.url, title=titled.title, title_from_lead=titled.title_from_lead)


def _lead_key(article: Article) -> str | None:
    text = " ".join(article.lead.casefold().split())
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12] if len(text) >= 40 else None


def _same(old: Entry | None, new: Entry) -> bool:
    return old is not None and old.article == new.article and old.first_seen == new.first_seen


def _upsert(table: Table, documents: dict[int, dict]) -> None:
    """Insert or replace many documents in two passes over the table, not two per document."""
    present = [doc_id for doc_id in documents if table.contains(doc_id=doc_id)]
    if present:
        table.remove(doc_ids=present)
    if documents:
        table.insert_multiple(Document(doc, doc_id=doc_id) for doc_id, doc in documents.items())


def _is_id(text: str) -> bool:
    return len(text) == 12 and all(c in "0123456789abcdef" for c in text)
