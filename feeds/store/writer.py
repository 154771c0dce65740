"""Writing to the library: one transaction of SQLite (database.py) that stores, merges, renames, refiles and prunes
articles, keeps the search index, and keeps what fetches and imports learn (validators, source titles, read marks
newsboat's caches gave).

Library (library.py) opens one (Library.writing, Library.begin) and hears from it what it wrote, so that the
entries it has loaded stay current.
"""

from __future__ import annotations

import hashlib
import math
import sqlite3
from collections import Counter
from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Protocol

from feeds import urls
from feeds.clean import shown_path
from feeds.errors import StorageError
from feeds.language import gettext as _
from feeds.model import AMSTERDAM, Article, Entry
from feeds.pages.ages import resolve_age
from feeds.store.database import FRAGMENT_LINK, FRAGMENT_LINKS, INDEX, MANY_REMOVED, SHARED, SPACE_NOTE, UNINDEX, Database, account_key, as_text
from feeds.store.merge import merge
from feeds.store.queries import CHUNK, UNUSED_TITLE, WHOLE_ROWS, WHOLE_WITH_SEQ, Queries, article_text, chunks, placeholders, pruned_among, whole_entry
from feeds.store.rows import (
    COLUMNS,
    PLACEHOLDERS,
    TICKER_KEY,
    Record,
    article_row,
    entry_from_record,
    entry_from_row,
    from_micros,
    key_of,
    lead_key,
    micros,
    present_key,
    record,
    search_text,
)
from feeds.urls import ID_FORMAT, web_url, with_user_keyed, without_credentials

# Indexing text for search costs more than storing it. A commit that leaves at most this many
# articles unindexed indexes them at once (a cron fetch, an import); a big ingest leaves them
# to be indexed when someone searches, so that it stays fast.
INDEX_WITH_COMMIT = 2000


@dataclass(slots=True)
class AddResult:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    pruned: int = 0  # stories seen again that were pruned, kept away: said, or an import's counts leave them out

    def count(self, other: AddResult) -> None:
        self.new += other.new
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.pruned += other.pruned


@dataclass(slots=True)
class _KeptAway:
    """The pruned stories a transaction saw again, each once. A story is kept away by its id, or, seen under
    another id (a page's rendering as text, or the page of a rendering stored), by its lead: such a sighting is another
    of a story seen by its id when they share their lead (a story's sightings by id may have other leads: a feed's
    summary, its page's first paragraph)."""

    ids: set[str] = field(default_factory=set)
    their_leads: set[str] = field(default_factory=set)  # the leads of the sightings by id
    leads: set[str] = field(default_factory=set)  # the leads of the sightings by lead

    def by_id(self, item: Record) -> None:
        self.ids.add(item.id)
        if item.lead_key:
            self.their_leads.add(item.lead_key)

    def by_lead(self, item: Record) -> None:
        self.leads.add(item.lead_key or item.id)

    @property
    def count(self) -> int:
        return len(self.ids) + len(self.leads - self.their_leads)


@dataclass(frozen=True, slots=True)
class Validator:
    etag: str | None
    last_modified: str | None
    # The feed a source's page led to at its last full answer (its `<link rel=alternate>`), asked when the page answers
    # 304; "" where it led to none (a feed, a news page); None where that is not known (a row of a source's own address
    # kept before format 17: database.with_feeds_known).
    feed: str | None = ""
    # The reading of feeds and pages that read the answer these validators name (web.http.READING): sent only by the
    # same reading. None where that is not known (a row kept before format 22), which is never sent.
    reading: int | None = None


class Owner(Protocol):
    """The library a writer writes for: told what it wrote, and how its transaction ended."""

    database: Database

    def _remember(self, written: Iterable[Entry | Record]) -> None: ...

    def _reload(self) -> None: ...

    def _after_commit(self, writer: Writer) -> None: ...

    def _after_rollback(self, writer: Writer) -> None: ...


class _Leads:
    """Stories by lead, to recognise one seen with and without its title.

    Two sightings are joined by their lead only when one of them had no title;
    two titled stories that share a lead are two stories. So the first titled
    and the first untitled story of each lead is all there is to remember.
    """

    def __init__(self) -> None:
        self._titled: dict[str, str] = {}
        self._untitled: dict[str, str] = {}

    def note(self, key: str, article_id: str, untitled: bool) -> None:
        (self._untitled if untitled else self._titled).setdefault(key, article_id)

    def forget(self, article_id: str) -> None:
        for known in (self._titled, self._untitled):
            for key in [k for k, v in known.items() if v == article_id]:
                del known[key]

    def match(self, key: str | None, untitled: bool, article_id: str) -> str | None:
        """Another story this one may be, by its lead. Two ticker lines (rows.ticker_key) have titles both: one that
        shares a ticker key with any other may be it, and _identify tells whether one of them yields (_yields)."""
        if key is None:
            return None
        either = untitled or key.startswith(TICKER_KEY)
        for other in (self._titled.get(key), self._untitled.get(key)) if either else (self._untitled.get(key),):
            if other is not None and other != article_id:
                return other
        return None


@dataclass(slots=True)
class _Stored:
    seq: int  # when it was last written
    entry: Entry  # with its body


@dataclass(frozen=True, slots=True)
class _Look:
    """What tells a story moved from another story its guid names later (_story_marks): a hash of its title, and its
    date in micros() (None: it has none). A `guids` row keeps its item's last one."""

    title: str
    published: int | None


# Stories at a link that look alike but for their dates (Writer._given_anew): each one's link by its date (None: it
# has none) and its id.
_Stories = dict[int | None, dict[str, str]]


@dataclass(frozen=True, slots=True)
class _GuidRow:
    article: str  # the id of the story the guid knows
    look: _Look | None  # how its item last looked; None: not known (a row kept before format 18, or damaged)


@dataclass(frozen=True, slots=True)
class _Guided:
    """A record with a guid, as _known_by_guid found it."""

    key: int  # its guid's (guid_key)
    id: str  # the id it goes under
    row: _GuidRow | None  # its guid's row, as it was
    look: _Look  # how the record looks (its row's next look)


def _back_at_first_link(item: Record, before: dict[str, _Stored | None], guided: list[_Guided]) -> bool:
    """Whether `item`, found by its id, is a story that moved (Article.first_url) seen back at its first link by its
    feed: its guid's row knows it, or its own source lists it (there with the guid that is the link). Moved again
    (merge's `moved`). Another source's item at its first link, without the guid, leaves it where its guid put it."""
    old = before.get(item.id)
    if old is None or old.entry.article.first_url is None:
        return False
    return old.entry.article.source == item.source or any(g.row is not None and g.id == g.row.article == item.id for g in guided)


class Writer:
    """One open write transaction of a library."""

    def __init__(self, library: Owner, connection: sqlite3.Connection) -> None:
        self.library = library
        self.connection = connection
        self.database = library.database
        self.seq = self.database.counter(connection, "seq")
        self.indexed = self.database.counter(connection, "indexed")
        self.renamed: dict[str, str] = {}
        self.merged: dict[str, str] = {}  # a story seen under an id of its own → the stored story's it was merged with, by its lead or guid
        self.pruned: list[str] = []  # their marks go after commit
        self.removed: list[str] = []  # not kept away: their marks stay, as any absent article's, for a source may bring them again
        self._noted: dict[str, str | None] = {}  # the keys of the validators this transaction wrote, with their sources' (validator_keys)
        self.wrote = False  # articles were stored or removed
        self.committed = False
        self.freed = False  # a prune removed many articles, whose space goes back after commit
        self.space_kept: str | None = None  # (freed) why that space stays in the file for now (Database.give_back_space)
        # Where each source stands in filing a story two sources carry (merge's `outranks`): the first files it. A
        # source not in it (a file imported, a URL fetched that config.toml does not list) stands after all.
        self.filing: dict[str, int] = {}
        self._stored_new: set[str] = set()  # the stories this transaction stored new: counted new once, not updated after
        self._kept_away = _KeptAway()  # the pruned stories this transaction saw again: each counted once

    def still_open(self) -> Writer:
        """This writer, its transaction still open. SQLite ends a transaction by itself when a statement
        fails for want of disk or memory; what is written after that would be committed statement by
        statement, half a batch, so it is refused."""
        if not self.connection.in_transaction:
            raise StorageError(_("{path}: a write failed and SQLite undid what was written with it; nothing of it is stored").format(path=shown_path(self.database.path)))
        return self

    def commit(self) -> None:
        """Commit, or else roll back (a full disk): a transaction left open would take in every later
        write of the library and never commit it. `committed` says which, also when an interrupt
        (Ctrl-C, SIGTERM) ends it: Python raises one where it next looks, which may be the moment
        after COMMIT returned, and what COMMIT stored is stored."""
        committing = False
        try:
            self.still_open()
            if self.seq - self.indexed <= INDEX_WITH_COMMIT:
                self.index_pending(INDEX_WITH_COMMIT)
            with self.database.errors():
                if self.wrote:  # before seq is set: the date it moves on from is the library's as it was
                    self.database.note_change(self.connection, self.seq)
                for name in ("seq", "indexed"):  # readers look at seq to know whether to read again
                    self.database.set_counter(self.connection, name, getattr(self, name))
                committing = True
                self.connection.execute("COMMIT")
        except BaseException as error:
            # A failed COMMIT is an error (SQLite may have undone the transaction itself); an interrupt
            # before it leaves the transaction open.
            self.committed = committing and not isinstance(error, Exception) and not self.connection.in_transaction
            if not self.committed:
                self.rollback()
                raise
            self.library._after_commit(self)
            raise
        self.committed = True
        self.library._after_commit(self)
        if self.freed:
            self.space_kept = self.database.give_back_space(self.connection)

    def rollback(self) -> None:
        try:
            self.connection.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # the transaction is gone already (the connection failed)
        self.library._after_rollback(self)

    # -- articles -----------------------------------------------------------------------------

    def _stored(self, ids: list[str]) -> dict[str, _Stored]:
        stored = {}
        for chunk in chunks([key_of(i) for i in ids]):
            sql = f"SELECT {WHOLE_WITH_SEQ} FROM {WHOLE_ROWS} WHERE a.key IN ({placeholders(chunk)})"
            for row in self.connection.execute(sql, chunk):
                stored[row[1]] = _Stored(row[-2], whole_entry(self.database.path, row))
        return stored

    def stored_ids(self, ids: list[str]) -> set[str]:
        """Those of these ids whose article is stored (by this transaction too)."""
        found: set[str] = set()
        for chunk in chunks([key_of(i) for i in ids]):
            found.update(row[0] for row in self.connection.execute(f"SELECT id FROM articles WHERE key IN ({placeholders(chunk)})", chunk))
        return found

    def _by_lead(self, keys: list[str]) -> _Leads:
        leads = _Leads()
        for chunk in chunks(keys):
            sql = f"SELECT lead_key, min(id), title_from_lead FROM articles WHERE lead_key IN ({placeholders(chunk)}) GROUP BY lead_key, title_from_lead"
            for key, article_id, derived in self.connection.execute(sql, chunk):
                leads.note(key, article_id, bool(derived))
        return leads

    def carry_pruned(self, former: dict[str, str]) -> None:
        """Keep away each article (by the id it has now) whose former id (a value) was pruned, as if it had been pruned
        under the id it has now: the `pruned` table keeps ids alone, which a change of how ids are made cannot follow.
        Not one that is stored, which was seen again under another id and kept."""
        with self.database.errors():
            self.connection.executemany(
                "INSERT OR IGNORE INTO pruned (id, pruned_at) SELECT ?, pruned_at FROM pruned WHERE id = ? AND NOT EXISTS (SELECT 1 FROM articles WHERE key = ?)",
                [(now, before, key_of(now)) for now, before in former.items()],
            )

    def add(self, articles: Iterable[tuple[Article, datetime]], *, only_new: bool = False) -> AddResult:
        """Store articles seen at the given capture times; merge those already known (see add_records)."""
        now = datetime.now(AMSTERDAM)
        return self.add_records((record(Entry(article, first_seen=min(captured, now))) for article, captured in articles), only_new=only_new)

    def add_records(self, records: Iterable[Record], *, only_new: bool = False) -> AddResult:
        """Store articles; merge those already known.

        A story is known by its id, or else by its lead when one of the two
        sightings had no title (compact renderings): then the site's own title
        and URL win, and the read/starred state moves along. Pruned stories
        stay away. A story never seen before is written as it came.
        `only_new`: a story the library had before this transaction (by its id, guid or lead) is left as it is,
        counted unchanged; a mark of it still lands on it (stored_as). An old copy of a reader's (newsboat's cache)
        would take a story back to where a fetch has since moved it, and every fetch after it forward again.
        """
        result = AddResult()
        counted = self._kept_away.count
        batch: list[Record] = []
        with self.database.errors():
            for item in records:
                batch.append(item)
                if len(batch) == 4 * CHUNK:
                    result.count(self._add(batch, only_new))
                    batch = []
            if batch:
                result.count(self._add(batch, only_new))
        result.pruned = self._kept_away.count - counted  # (those seen again by an earlier call counted there)
        return result

    def _add(self, records: list[Record], only_new: bool = False) -> AddResult:
        records, moved, guided = self._known_by_guid(records)
        records, at_present = self._at_present_links(records)
        ids = list(dict.fromkeys(r.id for r in records))
        gone = pruned_among(self.connection, ids)
        before: dict[str, _Stored | None] = dict(self._stored(ids))
        leads = self._by_lead(list(dict.fromkeys(r.lead_key for r in records if r.lead_key and r.id not in before)))
        marks = {r.id: _sighting_marks(r) for r in records if r.id not in before} if _keeps_lead_marks(self.connection) else {}
        gone_leads = pruned_among(self.connection, list(dict.fromkeys(m for found in marks.values() for m in found)))
        after: dict[str, Entry | Record] = {}
        renamed: dict[str, str] = {}  # made-up id → the id from the site's own title
        kept: set[str] = set()  # (only_new) the stories the library had, left as they are
        for item in records:
            if item.id in gone:
                self._kept_away.by_id(item)
                continue
            if only_new and (known_as := self._had(item, before, after, renamed, leads)) is not None:
                if known_as != item.id:
                    self.merged[item.id] = known_as
                kept.add(known_as)
                continue
            if item.id in before or item.id in after or item.id in renamed or leads.match(item.lead_key, bool(item.title_from_lead), item.id):
                self._merge(entry_from_record(item), before, after, renamed, leads, item.id in moved or _back_at_first_link(item, before, guided))
                continue
            if not gone_leads.isdisjoint(marks.get(item.id, ())):
                self._kept_away.by_lead(item)
                continue  # a pruned story, seen under another id than it was stored by (seen with or without its title)
            after[item.id] = item
            if item.lead_key:
                leads.note(item.lead_key, item.id, bool(item.title_from_lead))
        changed = {i: e for i, e in after.items() if isinstance(e, Record) or not _same(before.get(i), e)}
        self._write(changed, before, renamed)
        # Each guid knows the story its record is stored in now, or kept away as pruned by its id, where it knew another
        # or none; and how its item looks now, where that changed. Not the look of an old copy (only_new: `kept`). Not
        # one found at a story's address alone (_at_present_links): its guid would move the story back there once the
        # story's own feed moved it on, and its own move it on again, at every fetch of each.
        known = [
            (g.key, key_of(now), g.look)
            for g in guided
            if g.id not in at_present
            and ((now := self.stored_as(g.id)) in after or now in kept or now in gone)
            and (g.row is None or g.row.article != now or (g.row.look != g.look and now not in kept))
        ]
        self._know_guids(known)
        # A story renamed by its page (its untitled rendering came first) is new where that rendering was stored
        # nowhere yet, not even earlier in this transaction.
        renamed_from = {to: from_ for from_, to in renamed.items()}
        new = {
            i
            for i in changed
            if before.get(i) is None and (i not in renamed_from or (before.get(renamed_from[i]) is None and renamed_from[i] not in self._stored_new))
        }
        # A story stored new earlier in this transaction and changed again (a second source of one fetch refiles it,
        # or brings its fuller text; its untitled rendering, stored first, renamed by its page) is no update to what
        # the library had: counted new once, and unchanged here.
        again = {i for i in changed if i not in new and (i in self._stored_new or renamed_from.get(i) in self._stored_new)}
        self._stored_new |= new | again
        # A story whose item only told more of its files (of one stored before they were kept, or of a reader's copy
        # that keeps no size) is stored so, but no update the user reads: every episode was counted one at a fetch.
        told = {
            i
            for i in changed
            if i not in new
            and i not in again
            and (_only_files_told(before.get(i), changed[i]) or _only_fragment_told(before.get(i), changed[i]) or _only_spelled_anew(before.get(i), changed[i]))
        }
        return AddResult(
            new=len(new), updated=len(changed) - len(new) - len(again) - len(told), unchanged=len(after) - len(changed) + len(again) + len(told) + len(kept)
        )

    def _had(self, item: Record, before: dict[str, _Stored | None], after: dict[str, Entry | Record], renamed: dict[str, str], leads: _Leads) -> str | None:
        """The id of the story the library had before this transaction that `item` is (by its id, its guid: _known_by_guid,
        or its lead: _identify), if any. One stored in this transaction, or seen earlier in this batch, is merged as always."""
        if item.id in after or item.id in renamed:
            return None
        _article, had = self._identify(entry_from_record(item).article, before, after, renamed, leads)
        return had if had not in after and before.get(had) is not None and had not in self._stored_new else None

    def _know_guids(self, known: list[tuple[int, int, _Look]]) -> None:
        """Keep what each guid (guid_key) knows: the key of its story, and how its item looks."""
        rows = [(key, article, look.published, look.title) for key, article, look in known]
        self.connection.executemany("INSERT OR REPLACE INTO guids (guid, article, published, title) VALUES (?, ?, ?, ?)", rows)

    def _known_by_guid(self, records: list[Record]) -> tuple[list[Record], set[str], list[_Guided]]:
        """The records, each of a story the library has at another link than the record's, known by its feed's guid
        (Record.guid), under that story's id: the story moved (http to https, another tracking parameter, another
        xml:base), and is updated in place, its marks and filing kept, rather than added again, unread. Or kept away,
        as the pruned story it is. A record whose own link the library has is that story.

        Only a record that is plausibly the story moved: one that keeps its date, or its title where either has no
        date (_story_marks), or that keeps its title and lead, dated anew near the story (_redated: a CMS renamed its
        slug and dated it again), where the story's own link is in no other record of the batch. A feed may give its guids
        anew at each fetch (1, 2, 3 by position; one item's fixed `latest`): the guid then names another story, new.
        Its date or title as the story has it, or as the guid's item last had it (its row's look): the story keeps
        the earliest date seen, which its item no longer has once its feed dated it anew (an edit, an Atom entry's
        `updated`), nor where another source dated it earlier. A pruned story alike: by its marks, or by its row's look.

        The guid knows the story by the `guids` row of the record's source and guid; where there is none, by the link
        the guid is (a guid that was the story's link then keeps no row: most feeds' are). That one only where the
        story is the same source's: two sources that give one guid give two stories.

        A record without a guid, told apart by its title at a link other such items are at (syndication.untold_addresses),
        is the story of its source stored there that it looks as, as a record of a guid given anew is (_given_anew): the
        one story those items were stored as before, or the item alone at the link before the others came.

        With the ids of the stories moved (merge's `moved`), and each record with a guid as the guid's key (guid_key),
        the id it goes under, its guid's row and the record's look, for the rows to follow (_add)."""
        guided = [(guid_key(r.source, r.guid), r) for r in records if r.guid is not None]
        untold = [r for r in records if r.guid is None and "#" in r.url and r.id != urls.article_id(r.url)]
        alone = self._alone_where_told_apart(records)
        if not guided and not untold and not alone:  # (most feeds: their guids are their links)
            return records, set(), []
        rows: dict[int, _GuidRow] = {}
        for chunk in chunks(list({key for key, _r in guided})):
            found = self.connection.execute(f"SELECT guid, article, published, title FROM guids WHERE guid IN ({placeholders(chunk)})", chunk)
            rows.update((key, _GuidRow(format(article, ID_FORMAT), _row_look(title, published))) for key, article, published, title in found if isinstance(article, int))
        records = self._told_apart(records, rows)
        guided = [(guid_key(r.source, r.guid), r) for r in records if r.guid is not None]
        # A story whose own link this batch brings is that entry: the record its guid names it for is another story.
        here = {r.id for r in records}
        named = ((rows.get(key), r) for key, r in guided)
        elsewhere = {r.id: (other, row, r) for row, r in named if (other := row.article if row else _link_id(r.guid)) is not None and other != r.id and other not in here}
        moved: dict[str, str] = {}
        apart: dict[str, str] = {}  # the link each record that moved onto another story's address is told apart at
        if elsewhere:
            wanted = list({*elsewhere, *(other for other, _row, _r in elsewhere.values())})
            stored: dict[str, tuple[str | None, set[str]]] = {}
            looks: dict[str, tuple[_Look, object]] = {}  # each stored story's look and lead (_redated)
            titles: dict[str, str] = {}
            shown: dict[str, tuple[object, object, object]] = {}  # each stored story's title, date and lead (_alike)
            for chunk in chunks([key_of(i) for i in wanted]):
                found = self.connection.execute(f"SELECT id, source, title, published, lead FROM articles WHERE key IN ({placeholders(chunk)})", chunk)
                for i, source, title, published, lead in found:
                    titles[i] = title
                    shown[i] = (title, published, lead)
                    looks[i] = (_look(title, published), lead)
                    stored[i] = (source, _story_marks(i, looks[i][0]))
            seen = {article_id: _story_marks(other, _look(r.title, r.published), seen=True) for article_id, (other, _row, r) in elsewhere.items()}
            # A pruned story's marks (_remove), and its id, for its row's look.
            gone = pruned_among(self.connection, [mark for i, (other, _row, _r) in elsewhere.items() if other not in stored for mark in (*seen[i], other)])
            # A story the guids of several records name is items of one link, stored as one before each was a story of
            # its own (syndication.shared_addresses): each guid's row knows it, with how its own item looked. It is the
            # one record that looks as the story does, at most, the one of its title first (their dates may all be the
            # story's: the read mark went to another item than the one read); the others are new.
            naming = Counter(other for other, _row, _r in elsewhere.values())
            taken: set[str] = set()
            # A record at the address of a stored story it does not look as (_alike) is not that story: where its guid
            # knows the story it is, that one moved onto another's address, and goes there told apart by its guid
            # (urls.item_link). Taken for the story there, it wrote its title and text over that one's.
            onto = {i for i, (_other, _row, r) in elsewhere.items() if i in stored and not _alike(*shown[i], r)}
            by_title = sorted(elsewhere.items(), key=lambda item: titles.get(item[1][0]) != item[1][2].title)
            for article_id, (other, row, r) in by_title:
                source, known = stored.get(other, (r.source, gone))
                if row is not None and row.look is not None and (other in stored or other in gone) and naming[other] == 1:
                    known = known | _story_marks(other, row.look)
                if (
                    other not in taken
                    and (article_id not in stored or article_id in onto)
                    and (row is not None or source == r.source)
                    and (not known.isdisjoint(seen[article_id]) or (other in looks and _redated(*looks[other], row, r)))
                ):
                    moved[article_id] = self.merged[article_id] = other  # (a mark of the record's id belongs there: stored_as)
                    taken.add(other)
                    if article_id in onto and r.guid is not None:
                        apart[article_id] = urls.item_link(r.url, r.guid)[0]
        unseen = [r for key, r in guided if rows.get(key) is None and _link_id(r.guid) is None and r.id not in moved and r.id != urls.article_id(r.url)]
        given = self._given_anew(unseen + untold + alone, here, {row.article for row in rows.values()} | set(moved.values()), {r.id for r in untold})
        given_anew = {record_id: article_id for record_id, (article_id, _url) in given.items()}
        moved |= given_anew
        self.merged |= given_anew
        # An item alone at the link keeps the link it was told apart by, which opens the same page: at the bare link,
        # its story was found there no more, and came again, unread, once it was alone there at the next fetch.
        links = {r.id: given[r.id][1] for r in alone if r.id in given} | apart
        if moved:
            records = [r._replace(id=moved[r.id], url=links.get(r.id, r.url)) if r.id in moved else r for r in records]
        return records, set(moved.values()), [_Guided(key, moved.get(r.id, r.id), rows.get(key), _look(r.title, r.published)) for key, r in guided]

    def _at_present_links(self, records: list[Record]) -> tuple[list[Record], set[str]]:
        """The records, each at the address a story that moved is at now (first_links `at`), under that story's id, where
        no story is stored by the address's own: an item there of another source, of an export read back (its id the
        story's first link, of another source: the file), or of a newsboat cache, is that story, not a second one at the
        same address, unread. (A record its guid knows as the story has its id already: _known_by_guid.) With the ids
        the records so filed had."""
        # Most libraries hold no story that moved (found at once by the index): then no record is sought.
        if self.connection.execute("SELECT 1 FROM first_links WHERE at IS NOT NULL LIMIT 1").fetchone() is None:
            return records, set()
        found: dict[int, str] = {}
        for chunk in chunks(list({key_of(r.id) for r in records})):
            sql = (
                f"SELECT f.at, a.id FROM first_links f JOIN articles a ON a.key = f.article WHERE f.at IN ({placeholders(chunk)})"
                " AND NOT EXISTS (SELECT 1 FROM articles WHERE key = f.at) ORDER BY a.id"
            )
            for at, story in self.connection.execute(sql, chunk):
                found.setdefault(at, story)  # (two stories that moved to one address: the first, as each time)
        if not found:
            return records, set()
        moved = {r.id: found[key_of(r.id)] for r in records if key_of(r.id) in found}
        self.merged |= moved  # (a mark of the record's id belongs there: stored_as)
        return [r._replace(id=moved[r.id]) if r.id in moved else r for r in records], set(moved)

    def _told_apart(self, records: list[Record], rows: dict[int, _GuidRow]) -> list[Record]:
        """The records, each at a link where the library has the story of another guid of its source, there with its
        guid (urls.item_link): an item alone at a status feed's home page, where another item was stored when it was
        alone there. Known by the link alone, it was that story: the story, read, showed its title and text, and was
        gone. Not a record that is plausibly the story (_alike), unless its guid knows another story at that address:
        a feed that numbers its items by position, or gives its guids anew, gives the story another guid."""
        alone: dict[str, list[Record]] = {}
        for r in records:
            row = rows.get(guid_key(r.source, r.guid)) if r.guid is not None else None
            if r.guid is not None and (row is None or row.article != r.id) and r.id == urls.article_id(r.url):
                alone.setdefault(r.id, []).append(r)
        if not alone:
            return records
        named = {row.article for rs in alone.values() for r in rs if r.guid is not None and (row := rows.get(guid_key(r.source, r.guid))) is not None}
        stored: dict[str, tuple[str | None, str, object, object, object]] = {}
        for chunk in chunks([key_of(i) for i in {*alone, *named}]):
            found = self.connection.execute(f"SELECT id, url, source, title, published, lead FROM articles WHERE key IN ({placeholders(chunk)})", chunk)
            stored.update((i, (source, url, title, published, lead)) for i, url, source, title, published, lead in found)
        # The stories other guids know (seldom sought: a record's own guid knows its story at its link, else is new).
        other_guids: set[int] = set()
        for chunk in chunks([key_of(i) for i in alone if i in stored]):
            other_guids.update(article for (article,) in self.connection.execute(f"SELECT article FROM guids WHERE article IN ({placeholders(chunk)})", chunk))

        def apart(r: Record) -> Record:
            story = stored.get(r.id)
            if r.id not in alone or r.guid is None or story is None or story[0] != r.source or key_of(r.id) not in other_guids:
                return r
            row = rows.get(guid_key(r.source, r.guid))
            known = stored.get(row.article) if row is not None else None
            if (known is None or not isinstance(known[1], str) or urls.article_id(known[1]) != r.id) and _alike(*story[2:], r):
                return r
            url, id_ = urls.item_link(r.url, r.guid)
            return r._replace(url=url, id=id_)

        return [apart(r) for r in records]

    def _alone_where_told_apart(self, records: list[Record]) -> list[Record]:
        """The records without a guid, each alone at its link (by the link's own id), that no story is stored as, at a
        link where stories of items told apart there are (urls.item_link): a town hall's item left alone at its news
        page, whose story was stored told apart by its title (_known_by_guid). One lookup for many: most feeds' items
        are such records: a query each for 10,000 new items took 60 ms, this one 15."""
        self.connection.execute(FRAGMENT_LINKS)  # (made once, in a library made before it)
        # Most libraries hold no story at a link with a fragment (found at once by that index): then no record is sought,
        # as each of 10,000 new items was, some 10% of storing them.
        if self.connection.execute(f"SELECT 1 FROM articles WHERE {FRAGMENT_LINK} LIMIT 1").fetchone() is None:
            return []
        wanted = list({r.id: r for r in records if r.guid is None and "#" not in r.url}.values())
        if not wanted:
            return []
        # Either spelling of the link, as _given_anew seeks it: as stored, and normalized.
        found: set[int] = set()
        for chunk in chunks(wanted, CHUNK // 3):
            values = ", ".join("(?, ?, ?)" for _r in chunk)
            at = [f"EXISTS (SELECT 1 FROM articles WHERE url > v.{link} || '#' AND url < v.{link} || '$' AND {FRAGMENT_LINK})" for link in ("column2", "column3")]
            sql = f"SELECT v.column1 FROM (VALUES {values}) AS v WHERE NOT EXISTS (SELECT 1 FROM articles WHERE key = v.column1) AND ({at[0]} OR {at[1]})"
            found.update(key for (key,) in self.connection.execute(sql, [part for r in chunk for part in (key_of(r.id), r.url, urls.normalize_url(r.url))]))
        return [r for r in wanted if key_of(r.id) in found]

    def _given_anew(self, unseen: list[Record], here: set[str], known: set[str], by_title: Set[str] = frozenset()) -> dict[str, tuple[str, str]]:
        """Each record of a guid the library has not seen, at a link items of other guids are at too (urls.item_link),
        where the library has a story of its source that it looks as (of its title and lead, and of its date where both
        have one: _story_marks), with that story's id and link: a feed that gives such items their guids anew at each
        build (`1001-a`, then `1002-a`) added every one again, unread, at every fetch. So too a record without a guid
        told apart there by its title, or alone there (_known_by_guid). Not a story whose item is in the batch (`here`),
        nor one another guid knows (`known`), nor one another record is.

        A record told apart by its title (of `by_title`) that looks as none of them is the story there it was edited
        from, which its feed no longer lists: of its date and lead (retitled: a typo fixed in `Openingstijden stadhuis`),
        or of its title and date (its lead edited, where its title and date repeat). Its id is of its title, and of its
        story there: each edit made a second story, the old one left beside it, read, and a reader of `serve` got both."""
        stored = self.stored_ids([r.id for r in unseen]) if unseen else set()
        wanted = [r for r in unseen if r.id not in stored]
        if not wanted:
            return {}
        # Those stories are at the address (found by its id's key), or at it with a fragment (ids drop it; found by
        # the index of links with one, FRAGMENT_LINKS: a scan of every story took 80 ms at 100,000, at each new post).
        self.connection.execute(FRAGMENT_LINKS)  # (made once, in a library made before it)
        # Either spelling of the address: with the '/' its path ends in, as links are stored (urls.item_link), and
        # without, as they were before (a build given a guid anew there was a new story, unread).
        # Each story by its address, source, title and lead, then by its date (None: it has none): compared with every
        # story there, a feed of 4,000 new items at one link took 13 s to store, and one of 4,000 of one title and lead
        # over a minute. So too, for an edited record, by its address, source and lead, and by its address, source and title.
        at: dict[tuple[str, object, object, object], _Stories] = {}
        of_lead: dict[tuple[str, object, object], _Stories] = {}
        of_title: dict[tuple[str, object, object], _Stories] = {}
        edited = any(r.id in by_title for r in wanted)
        spelled: dict[str, str] = {}  # each link's address normalized, once (a link's fragment is no part of it)

        def address_of(url: str) -> str:
            address = url.partition("#")[0]
            if address not in spelled:
                spelled[address] = urls.normalize_url(address)
            return spelled[address]

        for address in {r.url.partition("#")[0] for r in wanted}:
            at_fragments = f"(url > ? AND url < ? AND {FRAGMENT_LINK})"
            sql = f"SELECT id, url, source, title, published, lead FROM articles WHERE key = ? OR {at_fragments} OR {at_fragments}"
            bare = urls.normalize_url(address)
            for i, url, source, title, published, lead in self.connection.execute(sql, (key_of(urls.article_id(address)), f"{address}#", f"{address}$", f"{bare}#", f"{bare}$")):
                if isinstance(url, str) and isinstance(title, str) and i not in here and i not in known:
                    when = _look(title, published if isinstance(published, str) else None).published
                    at.setdefault((address_of(url), source, title, lead), {}).setdefault(when, {})[i] = url
                    if edited:
                        if lead:
                            of_lead.setdefault((address_of(url), source, lead), {}).setdefault(when, {})[i] = url
                        of_title.setdefault((address_of(url), source, title), {}).setdefault(when, {})[i] = url
        taken: set[str] = set()

        def take(dated: _Stories | None, when: int | None) -> tuple[str, str] | None:
            """The first story not yet taken of a record's date, else of none; of any where the record has none
            (_story_marks). Taken: each story is one record's. (Popped, with a date left without stories: one look at each.)"""
            while dated:
                day = (when if when in dated else None) if when is not None else next(iter(dated))
                stories = dated.get(day)
                if not stories:
                    return None
                found = next(iter(stories))
                url = stories.pop(found)
                if not stories:
                    del dated[day]
                if found not in taken:
                    taken.add(found)
                    return found, url
            return None

        moved: dict[str, tuple[str, str]] = {}
        dates = {r.id: _look(r.title, r.published).published for r in wanted}
        for r in wanted:
            if (found := take(at.get((address_of(r.url), r.source, r.title, r.lead)), dates[r.id])) is not None:
                moved[r.id] = found
        # Edited records only once every record that looks as a story took it: no story another item of the batch is.
        for r in wanted:
            if r.id in by_title and r.id not in moved:
                address = address_of(r.url)
                found = take(of_lead.get((address, r.source, r.lead)), dates[r.id]) if r.lead else None
                if (found := found or take(of_title.get((address, r.source, r.title)), dates[r.id])) is not None:
                    moved[r.id] = found
        return moved

    def _merge(
        self, seen: Entry, before: dict[str, _Stored | None], after: dict[str, Entry | Record], renamed: dict[str, str], leads: _Leads, moved: bool = False
    ) -> None:
        """One more sighting of a story that is stored, or already in this batch; `moved`: at another link (merge)."""
        article, old_id = self._identify(seen.article, before, after, renamed, leads)
        if seen.id != article.id:
            self.merged[seen.id] = article.id
        if old_id != article.id:
            leads.forget(old_id)  # it goes by the other id now
            renamed[old_id] = article.id
            before.setdefault(article.id, None)
        old_entry = _as_entry(after.pop(old_id, None))
        if old_entry is None:
            old = before.get(old_id)
            old_entry = old.entry if old else None
        first_seen = min(old_entry.first_seen, seen.first_seen) if old_entry else seen.first_seen
        old_article = old_entry.article if old_entry else None
        rank = self._filing_rank(article.source)
        outranks = old_article is not None and rank < self._filing_rank(old_article.source)
        outranks_text = old_article is not None and rank < self._filing_rank(old_article.text_source or old_article.source)
        gone = old_article is not None and self._text_source_gone(old_article.text_source, article.source)
        entry = Entry(merge(old_article, article, outranks, moved, gone, outranks_text), first_seen=first_seen)
        after[article.id] = entry
        if (key := lead_key(entry.article)) is not None:
            leads.note(key, entry.id, entry.article.title_from_lead)

    def _text_source_gone(self, text_source: str | None, seen_by: str | None) -> bool:
        """Whether a story's text is of a feed or page no longer among the sources of this fetch (removed from
        config.toml, or respelled there), which will not correct it again: not where this sighting is of it (a URL
        fetched that config.toml does not list), nor of a file imported (never a source of a fetch)."""
        return text_source is not None and bool(self.filing) and text_source not in self.filing and text_source != seen_by and web_url(text_source) is not None

    def _filing_rank(self, source: str | None) -> float:
        return self.filing.get(source, math.inf) if source is not None else math.inf

    def stored_as(self, article_id: str) -> str:
        """The id under which the story seen under `article_id` in this transaction is stored: the id of the stored story
        it was merged with by its lead, or the one it took when a titled sighting came after it; else its own. A mark
        of it belongs there."""
        followed = {article_id}
        while (later := self.merged.get(article_id) or self.renamed.get(article_id)) is not None and later not in followed:
            followed.add(later)
            article_id = later
        return article_id

    def _identify(
        self, article: Article, before: dict[str, _Stored | None], after: dict[str, Entry | Record], renamed: dict[str, str], leads: _Leads
    ) -> tuple[Article, str]:
        """The article as it will be stored, and the id it is stored under now."""
        if article.id in renamed:  # made-up id already replaced in this batch
            titled = _as_entry(after[renamed[article.id]])
            assert titled is not None
            return _titled_as(article, titled.article), titled.id
        if article.id in after or before.get(article.id) is not None:
            return article, article.id
        key = lead_key(article)
        other_id = leads.match(key, article.title_from_lead, article.id)
        if other_id is not None:
            if other_id not in before and other_id not in after:
                before.update(self._stored([other_id]))
            other_entry = _as_entry(after.get(other_id))
            if other_entry is None:
                stored = before.get(other_id)
                other_entry = stored.entry if stored else None
            if other_entry is not None:
                if _yields(article):
                    return _titled_as(article, other_entry.article), other_id
                if not key or not key.startswith(TICKER_KEY) or _yields(other_entry.article):
                    return article, other_id
        return article, article.id  # (two ticker lines of one key, each with a link of its own: two stories)

    def _write(self, changed: dict[str, Entry | Record], before: dict[str, _Stored | None], renamed: dict[str, str]) -> None:
        """Append each changed story as a new row, with its text; the rows they replace go. And the first link of each
        that moved (Article.first_url), kept by its key, which its rows do not change; none of one that goes by
        another id now, nor of one back at its first link."""
        rows, bodies, gone = [], [], set()
        firsts, unmoved = [], [(key_of(old),) for old in renamed]
        source_of = {new: old for old, new in renamed.items()}
        for article_id, value in changed.items():
            self.seq += 1
            if isinstance(value, Record):
                written = value
            else:
                written = record(value)
                old = before.get(article_id) or before.get(source_of.get(article_id, ""))
                if old is not None:
                    if old.seq <= self.indexed:
                        self._unindex(old.entry.article)  # indexed again with the next catch-up
                    gone.add((old.seq,))  # the story's row as it was, or the row of the id it was known by
                if value.article.first_url is not None:
                    firsts.append((key_of(article_id), value.article.first_url, present_key(article_id, value.article.url)))
                elif old is not None and old.entry.article.first_url is not None:
                    unmoved.append((key_of(article_id),))
            rows.append(article_row(written, self.seq))
            if written.body is not None:
                bodies.append((self.seq, written.body))
        self.connection.executemany("DELETE FROM articles WHERE seq = ?", gone)
        self.connection.executemany("DELETE FROM bodies WHERE seq = ?", gone)
        self.connection.executemany(f"INSERT INTO articles ({COLUMNS}) VALUES ({PLACEHOLDERS})", rows)
        self.connection.executemany("INSERT INTO bodies (seq, body) VALUES (?, ?)", bodies)
        self.connection.executemany("INSERT OR REPLACE INTO renamed (old, new) VALUES (?, ?)", renamed.items())
        self.connection.executemany("DELETE FROM first_links WHERE article = ?", unmoved)
        self.connection.executemany("INSERT OR REPLACE INTO first_links (article, url, at) VALUES (?, ?, ?)", firsts)
        self.renamed.update(renamed)
        self.wrote = self.wrote or bool(rows)
        self.library._remember(changed.values())

    def _unindex(self, article: Article) -> None:
        self.connection.execute(UNINDEX, (key_of(article.id), *search_text(article)))

    def index_pending(self, batch: int) -> int:
        """Index up to `batch` stored articles the search index does not have yet."""
        with self.database.errors():
            sql = f"SELECT {WHOLE_WITH_SEQ} FROM {WHOLE_ROWS} WHERE a.seq > ? ORDER BY a.seq LIMIT ?"
            rows = self.connection.execute(sql, (self.indexed, batch)).fetchall()
            texts = [(row[0], *search_text(entry_from_row(row, body=article_text(self.database.path, row[-1], row[1])[0]).article)) for row in rows]
            self.connection.executemany(INDEX, texts)
            if rows:
                self.indexed = rows[-1][-2]
        return len(rows)

    def note_imports(self, paths: Iterable[str]) -> None:
        with self.database.errors():
            self.connection.executemany("INSERT OR IGNORE INTO imports (path) VALUES (?)", [(p,) for p in paths])

    def forget_imports(self, paths: Iterable[str]) -> None:
        """Forget that these files and folders were imported: `r` imports them again no more. Their articles stay."""
        with self.database.errors():
            self.connection.executemany("DELETE FROM imports WHERE path = ?", [(p,) for p in paths])

    def applied_read_marks(self, items: list[bytes]) -> set[bytes]:
        """Those of these newsboat items (by the key the import makes of one) whose read mark an import applied already."""
        applied: set[bytes] = set()
        with self.database.errors():
            for chunk in chunks(items):
                applied.update(row[0] for row in self.connection.execute(f"SELECT item FROM newsboat_read WHERE item IN ({placeholders(chunk)})", chunk))
        return applied

    def note_read_marks(self, applied: Iterable[bytes], unread: Iterable[bytes]) -> None:
        """Remember that the read mark of the newsboat items `applied` is applied; forget it of those that are `unread` in
        newsboat now, whose next read mark is one newsboat's reader made anew."""
        with self.database.errors():
            self.connection.executemany("INSERT OR IGNORE INTO newsboat_read (item) VALUES (?)", [(item,) for item in applied])
            self.connection.executemany("DELETE FROM newsboat_read WHERE item = ?", [(item,) for item in unread])

    def forget_renamed(self, pairs: list[tuple[bytes, bytes]]) -> None:
        """Forget that the marks of these articles (old and new id, as bytes: Queries.renamed) are still to move."""
        with self.database.errors():
            self.connection.executemany("DELETE FROM renamed WHERE CAST(old AS BLOB) = ? AND CAST(new AS BLOB) = ?", pairs)

    def note_source_titles(self, titles: Mapping[str, str | None]) -> None:
        """Keep what these sources call themselves now (clean lines); None: a source that calls itself nothing any more."""
        with self.database.errors():
            self.connection.executemany("INSERT OR REPLACE INTO source_titles (source, title) VALUES (?, ?)", [(s, t) for s, t in titles.items() if t])
            self.connection.executemany("DELETE FROM source_titles WHERE source = ?", [(s,) for s, t in titles.items() if not t])

    def forget_unused_titles(self) -> None:
        """Forget the titles of the sources that no stored article names (a source whose last article went, or one
        removed with none): the sidebar names sources by their articles, and such a title names nothing. One of a
        removed source whose articles stay is kept: it names them as before. A title comes again with the feed."""
        with self.database.errors():
            self.connection.execute(f"DELETE FROM source_titles WHERE {UNUSED_TITLE}")

    def note_validators(self, validators: dict[str, Validator], source: str | None = None) -> None:
        """Keep what these URLs answered, each by Library.validator_key, with the source (config.toml's URL, kept
        alike) they were fetched for: a prune forgets them once it is listed no more (forget_pruned_pages). A URL
        fetched for another source than its row knows (two sources that share a feed, a page two lead to) is kept for
        both (_fetched_for): the source left would take it from the one that stays, and once both are left it goes.
        Until format 16 such a row was kept for no source, as one kept before format 13 is, and stayed so for good:
        each knows the source it is fetched for next."""
        if not validators:  # (a fetch of sources all unchanged: every one answered 304)
            return
        with self.database.errors():
            key = account_key(self.connection)
            fetched_for = with_user_keyed(source, key) if source is not None else None
            keys = [with_user_keyed(url, key) for url in validators]
            kept: dict[str, str | None] = {}
            for chunk in chunks(keys):
                found = self.connection.execute(f"SELECT CAST(url AS BLOB), CAST(source AS BLOB) FROM validators WHERE url IN ({placeholders(chunk)})", chunk)
                kept.update((row[0], row[1]) for row in map(as_text, found) if row is not None and row[0] is not None)  # (damaged: as unknown)
            noted = {url: _fetched_for(kept[url], fetched_for) if url in kept else fetched_for for url in keys}
            rows = [(url, v.etag, v.last_modified, noted[url], v.feed, v.reading) for url, v in zip(keys, validators.values(), strict=True)]
            self.connection.executemany("INSERT OR REPLACE INTO validators (url, etag, last_modified, source, feed, reading) VALUES (?, ?, ?, ?, ?, ?)", rows)
            self._noted.update(noted)

    def forget_validators(self, keys: Iterable[str]) -> None:
        """Forget what these URLs answered, each by Library.validator_key: their next fetch is whole."""
        with self.database.errors():
            self.connection.executemany("DELETE FROM validators WHERE url = ?", [(key,) for key in keys])

    def forget_pruned_pages(self, ids: list[str], listed: Iterable[str], fetched: Iterable[str] = ()) -> None:
        """Forget what the pages of these articles, pruned now, answered: the validators of the page of a story of one
        paragraph, asked at each fetch whether it grew, were kept for good, a row for every such story ever seen. A
        pruned article is kept away, and its page is read no more (Library.with_full_text). Known by the article's id,
        which is that of its address: of the URL the validators are kept by, without the hash of a user name.

        And what was fetched for a source that is in `listed` (URLs) no more, taken out of config.toml by hand (`sources
        remove` forgets what its address answered itself), kept for good else: by the source each validator knows,
        whatever host the feed its page leads to is on; one fetched for several sources once none of them is listed. Not what a row kept before format 13 answered, which knows no
        source; and not where no source is listed, which is rather a config.toml not found than every source removed.
        `fetched`: the URLs of a fetch run's own sources, which config.toml may not list (`fetch URL`): what they
        answered stays as a listed source's does, but they list nothing (each `fetch URL` where config.toml lists no
        source forgot what every other such URL answered).

        What the address of a source in `listed` answered stays, though it is an article's page too (a feed whose
        items link to its section page): forgotten, the source would be fetched whole. Validators that cannot be
        read (damaged; `check --repair` empties them) are left as they are: they never stop a prune."""
        pages = self.validator_keys()
        if pages is None:
            return
        gone = set(ids)
        with self.database.errors():
            key = account_key(self.connection)
            named = {with_user_keyed(url, key) for url in listed}
            kept = named | {with_user_keyed(url, key) for url in fetched}

        def removed(source: str | None) -> bool:  # every source it was fetched for (SHARED) is left
            return bool(named) and source is not None and kept.isdisjoint(source.split(SHARED))

        self.forget_validators(url for url, source in pages.items() if url not in kept and (urls.article_id(without_credentials(url)) in gone or removed(source)))

    def validator_keys(self) -> dict[str, str | None] | None:
        """The keys (Library.validator_key) of the validators the library keeps, each with that of the source it was
        fetched for (those of several, SHARED between them; None: not known, kept before format 13), as this transaction has them; None
        where they cannot be read (damaged). Read on a connection of its own, since this transaction can write nothing
        more once it came upon a damaged page (SQLite answers each later write, COMMIT too, that the file is
        malformed): that one reads them as last committed (no other process commits while this transaction writes),
        and those this transaction noted since are added. Those it forgot since are in it still, and forgetting them
        again costs nothing. A row damaged into no text is left out, as Library.validators leaves it."""
        apart = Database(self.database.path, read_only=True)
        try:
            rows = Queries(apart).validator_sources()
        except StorageError:
            return None
        finally:
            apart.close()
        return {row[0]: row[1] for row in map(as_text, rows) if row is not None and row[0] is not None} | self._noted

    def refile(self, source: str, section: str) -> int:
        with self.database.errors():
            ids = [row[0] for row in self.connection.execute("SELECT id FROM articles WHERE source = ? AND section IS NOT ?", (source, section))]
            for chunk in chunks(ids):
                moves = []
                for stored in self._stored(chunk).values():
                    if stored.seq <= self.indexed:
                        self._unindex(stored.entry.article)  # a row written again leaves the index until the catch-up
                    self.seq += 1  # appended anew, so that readers pick the change up like any other
                    moves.append((self.seq, stored.seq))
                self.connection.executemany("UPDATE articles SET section = ?, seq = ? WHERE seq = ?", [(section, *move) for move in moves])
                self.connection.executemany("UPDATE bodies SET seq = ? WHERE seq = ?", moves)
        self.wrote = self.wrote or bool(ids)
        if ids:
            self.library._reload()
        return len(ids)

    # -- retention ------------------------------------------------------------------------------

    def keep_away(self, articles: list[Article]) -> int:
        """Keep these articles from coming, as pruned ones are, at another link too where their guid knows them
        (_known_by_guid); those stored stay (they are the user's, perhaps starred). How many are kept away."""
        stored = self._stored([article.id for article in articles])
        away = [article for article in articles if article.id not in stored]
        looks = {article.id: _look(article.title, article.published) for article in away}
        marks = [mark for article in away for mark in _story_marks(article.id, looks[article.id])]
        self._remove([article.id for article in away], marks)  # (no page of an article never stored was read for it: no validators go)
        with self.database.errors():
            known = [(guid_key(article.source, article.guid), key_of(article.id), looks[article.id]) for article in away if article.guid is not None]
            self._know_guids(known)
        return len(away)

    def prune(self, ids: list[str], listed: Iterable[str], fetched: Iterable[str] = (), *, keep_away: bool = True) -> None:
        """Remove these articles for good (_remove), and what their pages answered, not what the address of a source
        in `listed` (URLs) or `fetched` did, and what was fetched for a source not listed (forget_pruned_pages).
        Not `keep_away`: a source that lists one brings it again (_remove)."""
        removed = self._remove(ids, keep_away=keep_away)
        if ids:
            self.forget_pruned_pages(ids, listed, fetched)
        with self.database.errors():
            if removed and removed * MANY_REMOVED >= self.connection.execute("SELECT count(*) FROM articles").fetchone()[0]:
                # A removed row leaves the search index only as a note of its own, which cancels the row's entries
                # when the segments that hold them are merged: after 92,692 of 123,000 articles were pruned the
                # index took 325 MB, merged 41 MB. Merged in the prune's transaction, in a few seconds at 100,000.
                self.connection.execute("INSERT INTO search (search) VALUES ('optimize')")
                # Noted with the removal: a VACUUM after the commit that is refused, or killed, is done by a later one.
                self.connection.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, 1)", (SPACE_NOTE,))
                self.freed = True

    def _remove(self, ids: list[str], marks_of_unstored: list[str] | None = None, *, keep_away: bool = True) -> int:
        """Remove these articles for good, and keep them away: their rows, text, index entries and (after commit)
        state; and the titles of the sources that have no article left (forget_unused_titles). With the marks of each
        stored one's lead (_lead_mark) and title and date (_story_marks), and `marks_of_unstored`: those of articles
        kept away that were never stored (keep_away). Not `keep_away`: no marks, and a source that lists one of these
        stories stores it anew, as it did before it came (the sample pages', which another source's item may be merged
        into: Library.remove_from), read or starred as it was. How many were stored."""
        now = datetime.now(AMSTERDAM).isoformat()
        removed = 0
        with self.database.errors():
            self.connection.executemany("INSERT OR REPLACE INTO pruned (id, pruned_at) VALUES (?, ?)", [(mark, now) for mark in marks_of_unstored or ()])
            for chunk in chunks(ids):
                rows, marks, moved = [], list(chunk), []
                for stored in self._stored(chunk).values():
                    marks += _story_marks(stored.entry.id, _look(stored.entry.article.title, stored.entry.article.published))
                    if stored.seq <= self.indexed:
                        self._unindex(stored.entry.article)
                    rows.append((stored.seq,))
                    if stored.entry.article.first_url is not None:
                        moved.append((key_of(stored.entry.id),))
                    if (key := lead_key(stored.entry.article)) is not None:
                        day = _day(micros(stored.entry.sort_time))
                        days = {day, _age_day(stored.entry.article.age, stored.entry.first_seen) or day}
                        marks += [_lead_mark(key, _yields(stored.entry.article), one) for one in days]
                self.connection.executemany("DELETE FROM bodies WHERE seq = ?", rows)
                self.connection.executemany("DELETE FROM articles WHERE seq = ?", rows)
                self.connection.executemany("DELETE FROM first_links WHERE article = ?", moved)
                if keep_away:
                    self.connection.executemany("INSERT OR REPLACE INTO pruned (id, pruned_at) VALUES (?, ?)", [(mark, now) for mark in marks])
                removed += len(rows)
        if removed:  # (articles kept away before they came take no title with them)
            self.forget_unused_titles()
        if ids:
            self.seq += 1  # a number no row takes: readers, who look at seq, know to read again (Library.version, refresh)
        (self.pruned if keep_away else self.removed).extend(ids)
        self.wrote = self.wrote or bool(ids)
        return removed


def guid_key(source: str | None, guid: str) -> int:
    """What the `guids` table knows a story by: its source and its feed's guid, as newsboat knows an item by its feed
    and guid, hashed into one number of SQLite's (8 bytes a row, however long the guid)."""
    digest = hashlib.blake2b(f"{source or ''}\n{guid}".encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _fetched_for(kept: str | None, source: str | None) -> str | None:
    """The sources a validator that its row kept for `kept` is kept for once fetched for `source`: both, SHARED,
    where they are not one. None (not known: a row kept before format 13) takes the source it is fetched for now;
    a validator noted for none is for none known."""
    if source is None or kept is None:
        return source
    return kept if source in kept.split(SHARED) else f"{kept}{SHARED}{source}"


def _look(title: str, published: datetime | str | None) -> _Look:
    digest = hashlib.blake2b(title.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
    try:
        moment = datetime.fromisoformat(published) if isinstance(published, str) else published
    except ValueError:  # (a damaged row's: no date)
        moment = None
    return _Look(digest, micros(moment) if isinstance(moment, datetime) and moment.tzinfo is not None else None)


def _row_look(title: object, published: object) -> _Look | None:
    """A `guids` row's look; None where it has none (kept before format 18) or damage made it no look."""
    if not isinstance(title, str) or not (published is None or isinstance(published, int)):
        return None
    return _Look(title, published)


def _story_marks(article_id: str, look: _Look, *, seen: bool = False) -> set[str]:
    """What tells whether a record whose guid names the story of this id is that story (_known_by_guid): a moved
    story keeps its date, and its title; a guid given anew (by position, a fixed `latest`) brings another story, of
    another date, under a title that may be the same (`Het weer`). So the dates agree where both have one; the titles,
    where either has none. The story's marks (the `pruned` table keeps them beside a pruned one's id: _remove) meet
    those of a record `seen` so: a dated story's title meets only an undated record's, and the other way round.
    Texts that are no id (ids are hexadecimal digits alone), sorted before the lead marks (_keeps_lead_marks)."""
    if look.published is None:
        return {f"story {article_id} {kind} title {look.title}" for kind in (("dated", "undated") if seen else ("undated",))}
    return {f"story {article_id} published {look.published}", f"story {article_id} {'undated' if seen else 'dated'} title {look.title}"}


# How far apart the dates of a stored story and of a record its guid names may be for the record to be the story dated
# anew (_redated): a CMS that renames a slug or a podcast host that moves its files dates the item minutes or hours
# later; a feed that gives its daily item of one title and text one guid dates it a day later.
REDATED_HOURS = 12


def _redated(story: _Look, lead: object, row: _GuidRow | None, record: Record) -> bool:
    """Whether a record whose guid names a stored story is that story moved and dated anew at once (_known_by_guid):
    its title and lead are the story's, and its date is near the story's or its item's last (its row's look). A
    reused guid brings another story's lead, or comes a day later."""
    seen = _look(record.title, record.published)
    if not record.lead or record.lead != lead or seen.published is None:
        return False
    near = timedelta(hours=REDATED_HOURS) // timedelta(microseconds=1)
    looks = (story, row.look) if row is not None and row.look is not None else (story,)
    return any(look.title == seen.title and look.published is not None and abs(look.published - seen.published) < near for look in looks)


def _alike(title: object, published: object, lead: object, record: Record) -> bool:
    """Whether a record at the link of a stored story (its title, date and lead), under another guid, is plausibly it: of
    its title or its lead (an edit changes one), and of its date where both have one."""
    story, seen = _look(record.title, published if isinstance(published, str) else None).published, _look(record.title, record.published).published
    return (record.title == title or record.lead == lead) and (story is None or seen is None or story == seen)


def _link_id(guid: str | None) -> str | None:
    """The id of the story at the link a guid is, if it is one (urls.guid_link)."""
    linked = urls.guid_link(guid) if guid is not None else None
    return urls.article_id(linked) if linked is not None else None


# How many days apart the dates of a pruned story and of a sighting with its lead may be for the sighting to be
# the story's other rendering: the two renderings of one story carry its date (one as "25 minuten geleden"; one that
# gives its date only as a coarser age carries the day that age gives: _age_day).
SAME_STORY_DAYS = 2


def _lead_mark(key: str, untitled: bool, day: date) -> str:
    """What the `pruned` table keeps of a pruned story's lead (its lead_key) and of each of its days (its publication,
    else when first seen, and the day its age gives: _age_day), beside its id: its other rendering, seen under
    another id and merged with it by its lead (_Leads) were it stored, stays away as one under its id does
    (_sighting_marks). Not a story that only repeats the lead, at a new URL or years later: the day holds the mark to
    the story's own days. A text that is no id (ids are hexadecimal digits alone), which no id asked for finds."""
    return f"{'untitled' if untitled else 'titled'} lead {day.isoformat()} {key}"


def _keeps_lead_marks(connection: sqlite3.Connection) -> bool:
    """Whether the `pruned` table keeps any lead mark (_lead_mark): a library that no prune has kept one in needs no
    sighting's marks, which were half of storing a fetch of 10,000 new stories (a tenth of the whole fetch). One look
    along its key: ids are hexadecimal digits, which sort before the first letter of every mark (`titled`, `untitled`)."""
    return bool(connection.execute("SELECT EXISTS (SELECT 1 FROM pruned WHERE id >= 'titled lead ')").fetchone()[0])


def _sighting_marks(item: Record) -> list[str]:
    """The marks (_lead_mark) of the pruned stories this sighting would have been merged with by its lead (as
    _Leads.match joins them: an untitled story, or either when the sighting has no title) on the days around its own,
    and around the day its age gives (_age_day)."""
    if item.lead_key is None:
        return []
    day = _day(item.sort_time)
    around = _days_around(day)
    by_age = _age_day(item.age, item.first_seen) if item.age else None  # (a feed item has no age)
    if by_age is not None and by_age != day:
        around += _days_around(by_age)
    kinds = (True, False) if _yields(item) else (True,)
    return [_lead_mark(item.lead_key, untitled, other) for untitled in kinds for other in around]


def _days_around(day: date) -> list[date]:
    ordinal = day.toordinal()
    return [date.fromordinal(n) for n in range(ordinal - SAME_STORY_DAYS, ordinal + SAME_STORY_DAYS + 1) if 1 <= n <= date.max.toordinal()]


def _age_day(age: str | None, first_seen: datetime | str) -> date | None:
    """The day a story's age (`2 weken geleden`) gives from when it was first seen: the day of a rendering of it that
    gives its date only as that age (a page's text rendering, seen with the page), beside the day of its publication.
    Weeks or months from the date the page's markup gives (`<time datetime=…>`), or any distance from it where the page
    was saved long after (a file's capture is when it was last changed)."""
    resolved = resolve_age(age, datetime.fromisoformat(first_seen) if isinstance(first_seen, str) else first_seen) if age else None
    return resolved.date() if resolved else None


def _yields(article: Article | Record) -> bool:
    """Whether this sighting takes the id and title of another of its story that it shares its key with (_Leads): its
    title was made from its lead, or, a ticker line of a text rendering, it has no link, and its URL was made from its
    title (urls.url_for_title). A story's own link and id win over them."""
    return bool(article.title_from_lead) or (not article.lead and article.url == urls.url_for_title(article.title))


def _day(moment: int) -> date:
    """The day in Amsterdam of a moment in micros()."""
    return from_micros(moment).date()


def _as_entry(value: Entry | Record | None) -> Entry | None:
    return entry_from_record(value) if isinstance(value, Record) else value


def _titled_as(untitled: Article, titled: Article) -> Article:
    """An untitled sighting of a story, under the title and URL the library knows it by."""
    return untitled.with_changes(id=titled.id, url=titled.url, title=titled.title, title_from_lead=titled.title_from_lead)


def _same(old: _Stored | None, new: Entry) -> bool:
    return old is not None and old.entry.article == new.article and old.entry.first_seen == new.first_seen


def _only_files_told(old: _Stored | None, new: Entry | Record) -> bool:
    """Whether a story is as stored but for its item's files, which it has now where it had none, or which are the same
    files with a type or size it lacked."""
    if old is None or not isinstance(new, Entry) or old.entry.first_seen != new.first_seen:
        return False
    had, has = old.entry.article.enclosures, new.article.enclosures
    filled = len(had) == len(has) and all(
        a.url == b.url and a.type in (None, b.type) and a.length in (None, b.length) for a, b in zip(had, has, strict=True)
    )
    return (not had or filled) and old.entry.article.with_changes(enclosures=()) == new.article.with_changes(enclosures=())


def _only_spelled_anew(old: _Stored | None, new: Entry | Record) -> bool:
    """Whether a story is as stored but for how its text spells what it is made of: the same words in the same order,
    and links of the same addresses and words, its marks written anew by a newer reading of the same item (the lines of
    a paragraph broken by `<br>` one paragraph, model.LINE_BREAK; a `>` or a bar the author wrote told from a mark,
    model.as_written). No update the user reads: the first fetch after an upgrade counted 1,760 of 2,300 stories of
    unchanged feeds updated, saying no why. Stored so all the same: the reader draws it as the newer reading does."""
    if old is None or not isinstance(new, Entry) or old.entry.first_seen != new.first_seen:
        return False
    had, has = old.entry.article, new.article
    return (
        _words(had) == _words(has)
        and _headings(had) == _headings(has)  # (a heading that became a paragraph's first line is the reader's loss)
        and [(link.url, link.text.split()) for link in had.links] == [(link.url, link.text.split()) for link in has.links]
        and had.with_changes(lead="", body=(), links=()) == has.with_changes(lead="", body=(), links=())
    )


def _words(article: Article) -> list[str]:
    """An article's text as words, whatever marks its blocks and lines are spelled with (str.split takes a no-break space
    and a line separator for the spaces they stand in)."""
    return " ".join((article.lead, *(block.text for block in article.body))).split()


def _headings(article: Article) -> list[list[str]]:
    return [block.text.split() for block in article.body if block.kind == "subheading"]


def _only_fragment_told(old: _Stored | None, new: Entry | Record) -> bool:
    """Whether a story is as stored but for its link's fragment: an item at a link items of other guids are at too, at
    the link with its guid (urls.item_link) or without it, as it shares the link or is alone there in turn, or under a
    guid given anew. No update the user reads: the link opens the same page; nor its first sighting a microsecond
    earlier, as a fetch in the second of the one that stored it dates its items (counted updated then, by the clock)."""
    if old is None or not isinstance(new, Entry):
        return False
    had, has = old.entry.article, new.article
    return urls.article_id(had.url) == urls.article_id(has.url) and had.with_changes(url=has.url, first_url=has.first_url) == has
