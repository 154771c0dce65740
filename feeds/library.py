"""The library: every article seen, in SQLite, with the reader's read/starred state in TinyDB.

A facade over store/: where its files are and how it comes into being is
layout.py's; what it reads it asks of queries.py; storing is a transaction of
writer.py's, which merges what is known (merge.py), whatever page or feed
brought it. Reading gives entries newest first, with their state.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from feeds.clean import clean_line, shown_path
from feeds.cycles import without_cycle_collection
from feeds.errors import NieuwsError, StorageError, why
from feeds.files import file_identity, locked
from feeds.language import every_translation, grouped, megabytes, ngettext
from feeds.language import gettext as _
from feeds.model import AMSTERDAM, OTHER_SECTION, Article, Entry
from feeds.paths import chosen_library_path, config_path, expanded, library_path, served_records, state_path
from feeds.store.damage import Damage, damaged_articles, find_damage, make_anew
from feeds.store.database import (
    SIDECAR_ENDS,
    DamagedDatabase,
    Database,
    LibraryBusy,
    NotALibrary,
    UnwritableLibrary,
    as_text,
    refuse_no_library,
    sqlite_sidecars,
)
from feeds.store.layout import LibraryFiles, create_store
from feeds.store.migrate import check_v1, migrate_v1
from feeds.store.queries import DATED, HEADLINE, WHOLE, WHOLE_ROWS, Queries, chunks, whole_entry
from feeds.store.rows import (
    LISTED,
    Record,
    Row,
    entry_from_record,
    entry_from_row,
    from_micros,
    key_of,
    micros,
)
from feeds.store.state import Flags, Marks, ShardFlags, StateStore, repair_advice
from feeds.store.writer import AddResult as AddResult  # what Library.add tells, which importing counts with
from feeds.store.writer import Validator, Writer
from feeds.urls import (
    ID_FORMAT,
    ID_LENGTH,
    ZEELANDNET_NEWS,
    is_zeelandnet,
    section_slug,
    section_slugs,
    shown_url,
    site_of,
    web_url,
    with_user_keyed,
    without_password,
)

if TYPE_CHECKING:
    from feeds.config import Retention

@dataclass(frozen=True)
class Removed:
    """What Library.remove_from did: how many articles it removed, how many starred ones it kept, and whether it
    forgot what the feeds answered, for the next fetch to read each whole once."""

    articles: int
    starred: int
    refetch: bool = False


class NoLibrary(NieuwsError):
    """A library the user named (--db, $NIEUWS_TUI_DB) is not there, and nothing may start it there."""


class NotMovedYet(StorageError):
    """A v1 library, read whole and sound, opened by a process that only reads (serve's `read_only`): a process that
    writes moves it."""


def open_library(
    path: Path | str | None = None, announce: Callable[[str], None] | None = None, *, new: bool = False, read_only: bool = False, unwritable_ok: bool = False
) -> Library:
    """The library at `path`, else where `$NIEUWS_TUI_DB` or the platform's data folder says (paths.py).
    `announce` hears of work that opening it takes a while for (bringing an older library up to date). `read_only`:
    for a command that only looks, as Library's; `unwritable_ok`: for one that only reads it once, as Library's.

    A library is made when something is first stored in it. At the platform's data folder it is made
    folders and all; at a path the user named, which may hold a typo, only when the caller may start one
    (`new`: it stores, or fills a new library with the samples), and only in a folder that is there:
    else NoLibrary, rather than a new, empty library.
    """
    library = Library(path if path is not None else library_path(), announce, read_only=read_only, unwritable_ok=unwritable_ok)
    if library.exists or (path is None and chosen_library_path() is None):
        return library
    if not new:
        raise _nothing_at(library.path)
    if not library.path.parent.is_dir():
        raise NoLibrary(_("{path}: no folder {folder} to start the library in; check the path, or make the folder first").format(path=shown_path(library.path), folder=shown_path(library.path.parent)))
    return library


def _made_anew(path: Path, damage: Damage) -> list[str]:
    """What check says of damage that check --repair makes anew (Damage.made_anew)."""
    said = {
        "search": _("{path}: the search index is damaged, the articles are intact; `nieuws-tui check --repair` makes it anew"),
        "validators": _("{path}: the validators (what each source last answered, to fetch only what changed) are damaged, "
                        "the articles are intact; `nieuws-tui check --repair` empties them, and each source's next fetch is whole"),
        "source_titles": _("{path}: the sources' titles (what each feed calls itself) are damaged, the articles are intact; "
                           "`nieuws-tui check --repair` empties them, and each source's next fetch or import names it again"),
        "renamed": _("{path}: the list of renamed articles (whose read/starred marks are still to move to their new ids) is damaged, "
                     "the articles are intact; `nieuws-tui check --repair` makes it anew with what is still readable in it, and the "
                     "marks still to move of the others stay with the old ids"),
        "guids": _("{path}: the guids of the feeds' items (which know a story at another link) are damaged, the articles are intact; "
                   "`nieuws-tui check --repair` empties them, and each source's next fetch keeps them again"),
        "first_links": _("{path}: the first links of moved stories (what exports know them by) are damaged, the articles are intact; "
                         "`nieuws-tui check --repair` empties them, and a feed reader subscribed to an export may show those stories once more"),
    }  # fmt: skip
    missing = _("{path}: the index {index} of the articles is missing from the schema, the articles are intact; "
                "`nieuws-tui check --repair` makes it anew")
    wrong = _("{path}: the index {index} of the articles is damaged, the articles are intact; `nieuws-tui check --repair` rebuilds it")
    lines = [said[part].format(path=shown_path(path)) for part in sorted(damage.renew)] + [missing.format(path=shown_path(path), index=name) for name in damage.missing_indexes]
    lines += [wrong.format(path=shown_path(path), index=name) for name in damage.rebuild]
    if lines:
        return lines
    unused = ngettext("{path}: {count} page is in no table (what a repair left), the articles are intact; `nieuws-tui check --repair` frees it",
                      "{path}: {count} pages are in no table (what a repair left), the articles are intact; `nieuws-tui check --repair` frees them", damage.unused_pages)
    return [unused.format(path=shown_path(path), count=grouped(damage.unused_pages))]


def _nothing_at(path: Path) -> NoLibrary:
    return NoLibrary(_("{path}: no library there; check the path, or start one there with `nieuws-tui import`, `fetch` or the app").format(path=shown_path(path)))


def _a_file(path: Path) -> Path:
    """The library's path, unless it is a folder (SQLite would say "unable to open database file", in English) or
    something else that is no file: a device or a pipe (`--db /dev/null`), which reads as an empty file, and was said
    as a library damaged to the point of holding nothing; or the name of a side file SQLite keeps beside a library
    (`library.sqlite-wal` beside a `library.sqlite`): a library made there was taken by SQLite for that one's log,
    and deleted, at its next write. NotALibrary: no repair makes one of these. A path that cannot even be looked at (a name too long for any
    file, a folder on the way that may not be entered) is said here, where it is first looked at."""
    ends = (end for end in SIDECAR_ENDS if path.name.endswith(end) and path.name != end)
    if (end := next(ends, None)) and (base := path.with_name(path.name.removesuffix(end))).is_file():  # (a library of its own name else)
        raise NotALibrary(_("{path}: is the name of a file SQLite keeps beside a library ({library}); name the library's own file").format(path=shown_path(path), library=shown_path(base)))
    try:
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):  # nothing there: a new library, where its folder is there
        return path
    except OSError as error:
        raise StorageError(_("{path}: cannot read ({reason})").format(path=shown_path(path), reason=why(error))) from None
    if stat.S_ISDIR(mode):
        raise StorageError(_("{path}: is a folder; name the library's file in it, such as {file}").format(path=shown_path(path), file=shown_path(path / "library.sqlite")))
    if not stat.S_ISREG(mode):
        raise NotALibrary(_("{path}: is no file but a device, a pipe or a socket; name the library's file").format(path=shown_path(path)))
    return path


def repair_v1(path: Path | str | None = None, announce: Callable[[str], None] | None = None) -> list[str]:
    """Migrate the v1 library at `path` (as open_library finds it), if one is there, without what is damaged in it,
    said to `announce` as opening it says it; what was left out, a line each. Its files are kept in its backup."""
    return migrate_v1(LibraryFiles.for_path(_named(path)), announce, repair=True)


def repair_derived(path: Path | str | None = None) -> list[str]:
    """Make anew what the library at `path` (as open_library finds it) derives from its articles, where it is damaged:
    the search index, the validators (store/damage.py); what was done, a line each. Its articles are not touched."""
    files = LibraryFiles.for_path(_named(path))
    if not files.database.exists():
        return []
    database = Database(files.database)
    try:
        return make_anew(database)
    finally:
        database.close()


def repair_marks(path: Path | str | None = None) -> list[str]:
    """Let the library at `path` (as open_library finds it) open again after its read and starred marks files
    were lost or damaged; what was done, a line each (StateStore.repair). Its articles are not touched."""
    where = _named(path)
    files = LibraryFiles.for_path(where)
    if not files.database.exists():
        if path is None and chosen_library_path() is None:
            return []  # none at the data folder yet: nothing to repair, as opening it finds
        raise _nothing_at(where)  # a path the user named, as open_library says it: a typo, not damage
    refuse_no_library(files.database)
    database = Database(files.database, read_only=True)
    try:
        database.check_format()  # another program's database (newsboat's cache.db) got a folder of marks made beside it
    except (NotALibrary, UnwritableLibrary):
        raise  # (nor is one that nothing can write repaired: said as every command that writes says it, not by the lock)
    except StorageError:
        pass  # a library's damage, a disk's error, an older format: check says it, after the marks are let open again
    finally:
        database.close()
    return StateStore(files.state).repair()


def _named(path: Path | str | None) -> Path:
    """The library's path, as open_library finds it."""
    return _a_file(expanded(path if path is not None else library_path()))


@dataclass(frozen=True, slots=True)
class SectionCount:
    name: str | None  # None: articles whose page named no section
    total: int
    unread: int


@dataclass(frozen=True, slots=True)
class Selection:
    """Which articles: of these sections (as stored; None is 'no section'), only unread, only starred, the newest `limit`."""

    sections: tuple[str | None, ...] | None = None
    unread: bool = False
    starred: bool = False
    limit: int | None = None


class Headline(NamedTuple):
    """What a line of `nieuws-tui list` shows of an article, read without building the article."""

    id: str
    read: bool
    starred: bool
    kind: str
    moment: datetime  # published, else first seen
    section: str | None
    title: str


class UnknownSection(NieuwsError, ValueError):
    """A section asked for that the library does not have; the message lists those it has."""


@dataclass(slots=True)
class CheckReport:
    problems: list[str] = field(default_factory=list)  # damage: the library needs repair
    notes: list[str] = field(default_factory=list)  # what was checked and found in order


def own_files(path: Path | str | None = None) -> tuple[Path, ...]:
    """nieuws-tui's own files for the library at `path` (the default one when None): the library's, the
    sources list and the app's memory; and the folder of serve's records, of whichever library. An export written
    over one would lose it (a restarted server would date its feeds anew)."""
    files = LibraryFiles.for_path(expanded(path) if path else library_path())
    return (*files.own, config_path(), state_path(), served_records())


TEXTS_AT_ONCE = 50  # articles Library.whole_of reads with their text in one query: few queries, a few hundred kB held


def _dated(row: Row) -> tuple[str, datetime | None, datetime]:
    """(link, publication time, first seen) of a DATED row."""
    _id, url, published, first_seen = row
    return url, datetime.fromisoformat(published) if published else None, datetime.fromisoformat(first_seen)


FOUND_AT_MOST = 50  # the articles Library.find gives of an id's prefix: enough to say it is ambiguous


class Library:
    def __init__(self, path: Path | str, announce: Callable[[str], None] | None = None, *, read_only: bool = False, unwritable_ok: bool = False) -> None:
        """`read_only`: a library only read, and never written, by this process, as serve reads it. It is neither
        migrated nor brought up to date, and its SQLite file is never written: not even when it is closed, when
        SQLite would copy its log into the file, which put the log of a library back into a backup restored over it.
        `unwritable_ok`: one that nothing can write (a read-only file system or folder) is opened to be read
        (Database's), for a command that only reads it, once (`list`, `export`); each write to it fails, as a command
        that writes fails at the opening. Not the app or `serve`, which read it for hours: a writer on another mount of
        it could start meanwhile, whose writes an immutable connection would read torn."""
        self.path = _a_file(expanded(path))
        self.files = LibraryFiles.for_path(self.path)
        self.database = Database(self.files.database, read_only, unwritable_ok=unwritable_ok)
        self.state = StateStore(self.files.state)
        self._queries = Queries(self.database)
        self._flags: Marks | None = None
        self._in_snapshot = False  # (snapshot)
        self._entries: dict[str, Entry] | None = None
        self._ordered: list[Entry] | None = None
        self._seq = 0  # the store's write sequence when the entries were read
        self._writer: Writer | None = None
        self._account_key: str | None = None  # read when first needed (validator_key)
        # Told when a write waits for another process writing the library (a fetch run holds it until it ends): a
        # `sources add --section` or the app's refresh waited for it without a word.
        self.waiting_said: Callable[[str], None] | None = announce
        if not read_only:
            migrate_v1(self.files, announce)
        elif self.files.v1_present and not self.database.exists:
            check_v1(self.files)  # a damaged one is moved by check --repair alone: said so, naming the file
            unmoved = _("{path}: a library of an earlier nieuws-tui, not moved yet; any nieuws-tui command, or serve started again, moves it")
            raise NotMovedYet(unmoved.format(path=shown_path(self.files.v1_catalog)))
        if self.database.exists:
            try:
                refuse_no_library(self.database.path)
                self.database.check_format(announce)
                self._check_state_folder()
                if not (read_only or self.database.unwritable):  # (left to an opening that can write them)
                    self._move_marks()
                self._flags = self.state.load(read_only)  # read now, so a damaged state file is reported by every command
            except BaseException:
                self.database.close()  # not left to the garbage collector: a server opens again at each request
                raise
        elif self.state.exists and not self._creation_interrupted():
            missing = _(
                "{database}: missing, while {state} holds this library's read and starred marks; "
                "restore the database from a backup, or move the state folder aside to start a new library"
            )
            raise StorageError(missing.format(database=shown_path(self.files.database), state=shown_path(self.files.state)))

    @property
    def exists(self) -> bool:
        return self.database.exists

    @property
    def name(self) -> Path:
        return self.files.name

    @property
    def file(self) -> Path:
        """The file the library's articles are in: its database, also where it was named by its v1 name (library.json)."""
        return self.files.database

    @property
    def display_name(self) -> str:
        """What the library is called where it is shown: its database's file name."""
        return self.file.name

    def close(self) -> None:
        self.database.close()

    # -- creating ------------------------------------------------------------------------------

    def _check_state_folder(self) -> None:
        if not self.state.exists:
            missing = _("{path}: missing (read and starred marks of {database}); {advice}")
            raise StorageError(missing.format(path=shown_path(self.files.state), database=shown_path(self.files.database.name), advice=repair_advice()))

    def create(self) -> None:
        """Make the library, empty, where it is not made yet: a library that exists is never filled with the samples."""
        if not self.exists:
            self._create()

    def _create(self) -> None:
        """Make the library: state folder first, then the database, renamed into place."""
        try:
            self.files.database.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StorageError(_("{path}: cannot create the library's folder ({reason})").format(path=shown_path(self.files.database.parent), reason=why(error))) from None
        with locked(self.files.lock):
            if not self.database.exists:
                create_store(self.files, {})

    def _creation_interrupted(self) -> bool:
        """A state folder without its database: left by a creation that stopped before its last step."""
        return self.files.database_temp.exists()

    # -- reading -------------------------------------------------------------------------------

    def _flags_now(self) -> Marks:
        """The marks as last read (kept current by pick_up_changes and by this library's own writes)."""
        if self._flags is None:
            if not self.exists:
                return Marks({})
            self._flags = self.state.load()
        return self._flags

    def _current_flags(self) -> Marks:
        """The marks as they are on disk now: what other processes marked included."""
        marks = self._flags_now()
        if self.exists and not self._in_snapshot and (shards := self.state.changes()):
            self._apply_flags(shards)
        return marks

    def _entry(self, row: Row) -> Entry:
        flags = self._flags_now().get(row[1])
        return entry_from_row(row, flags.read, flags.starred)

    def entries(self) -> list[Entry]:
        """Every article, newest first (by publication, else by when it was first seen)."""
        if self._ordered is None:
            self._load()
        assert self._ordered is not None
        return self._ordered

    def first_entries(self, count: int) -> list[Entry]:
        """The newest `count` articles: enough to fill a screen before the rest is read."""
        if self._ordered is not None:
            return self._ordered[:count]
        return [self._entry(row) for row in self._queries.newest(count)]

    def _load(self) -> None:
        if self.exists:
            self._seq = self._queries.counter("seq")
        self._flags = None
        self._ordered = []
        if self.exists:
            with self.database.errors():
                self._ordered = [self._entry(row) for row in self._queries.listed()]
        self._entries = {e.id: e for e in self._ordered}

    def pick_up_changes(self) -> bool:
        """Pick up what other processes stored or marked since we last looked. True when anything changed."""
        if self._ordered is None or not self.exists:
            return False
        assert self._entries is not None
        changed = False
        seq = self._queries.counter("seq")
        if seq != self._seq:
            rows = self._queries.written_since(self._seq)
            self._seq = seq
            for row in rows:
                entry = self._entry(row)
                self._entries[entry.id] = entry
            if self._queries.article_count() != len(self._entries):  # something was pruned or renamed
                self._load()
            else:
                self._ordered = _newest_first(self._entries.values())
            changed = True
        if self._flags is not None and (shards := self.state.changes()):
            self._apply_flags(shards)
            changed = True
        return changed

    def _apply_flags(self, shards: ShardFlags) -> None:
        """What the state store now says of these shards, into the loaded entries."""
        marks = self._flags_now()
        for article_id in marks.replace(shards):
            entry = self._entries.get(article_id) if self._entries is not None else None
            if entry is not None:
                state = marks.get(article_id)
                entry.read, entry.starred = state.read, state.starred

    def entry(self, article_id: str) -> Entry | None:
        if self._entries is not None:
            return self._entries.get(article_id)
        key = _key(article_id)
        rows = self._queries.by_key(key) if key is not None else []
        return self._entry(rows[0]) if rows else None

    def find(self, id_or_prefix: str) -> list[Entry]:
        """Articles whose id is, or starts with, the given text (ids can be shortened like git's); FOUND_AT_MOST of them
        at most, of a prefix that more start with."""
        text = id_or_prefix.strip().lower()
        if not text or len(text) > ID_LENGTH or _key(text) is None:
            return []
        lowest, highest = int(text.ljust(ID_LENGTH, "0"), 16), int(text.ljust(ID_LENGTH, "f"), 16)
        return [self._entry(row) for row in self._queries.keys_between(lowest, highest, FOUND_AT_MOST)]

    def article(self, article_id: str) -> Article | None:
        """The article with its full text."""
        key = _key(article_id)
        rows = self._queries.whole_by_key(key) if key is not None else []
        if not rows:
            return None
        return whole_entry(self.database.path, rows[0]).article

    def full_entries(self, entries: Iterable[Entry]) -> list[Entry]:
        """The entries with their text (lead, body, links) and author, read in a few queries."""
        entries = list(entries)
        rows = self._queries.whole_by_id([key_of(e.id) for e in entries])
        result = []
        for entry in entries:
            row = rows.get(entry.id)
            if row is not None:  # made whole from its row, not copied and changed: thousands are asked for at once
                entry = whole_entry(self.database.path, row, entry.read, entry.starred)
            result.append(entry)
        return result

    def section_names(self, wanted: Iterable[str]) -> tuple[str | None, ...]:
        """The stored sections these names mean: each by its name as stored, else matched without regard to case or
        accents, as by its slug (where several share one, the one whose feed has it: section_slugs), or by its feed's own slug.

        UnknownSection for a name that matches none, listing the sections there are.
        """
        known = self._queries.sections()
        slugs = self.section_slugs()
        by_key: dict[str, str | None] = {slug: name for name, slug in slugs.items()}
        for name in known:  # those no feed has: no section (None) and an empty one
            by_key.setdefault(section_slug(name or ""), name)
        if None in known:  # by the name lists show it by (OTHER_SECTION), in either language, unless a section has it
            for shown in every_translation(OTHER_SECTION):
                by_key.setdefault(section_slug(shown), None)
        found: list[str | None] = []
        for name in wanted:
            if name in slugs:
                found.append(name)
                continue
            key = section_slug(name)
            if key not in by_key:
                listed = ", ".join(sorted((n or _(OTHER_SECTION) for n in known), key=str.casefold)) or _("none yet")
                raise UnknownSection(_("no section {name} in the library (sections: {known})").format(name=shown_url(repr(name)), known=listed))
            found.append(by_key[key])
        return tuple(found)

    def section_slugs(self) -> dict[str, str]:
        """Each named section's own slug in the paths of its feed (urls.section_slugs)."""
        return section_slugs(self._queries.named_sections())

    def section_home(self, section: str) -> str | None:
        """The web page a section stands for: the web source most of its articles came from
        (a feed's address, a ZeelandNet section page); for articles imported from files,
        ZeelandNet's page of the section if they are ZeelandNet's; else None. None too for a
        section of several sites' articles, which no one site's page stands for."""
        rows = self._queries.sources_of(section)
        if len({site_of(url) for _, url in rows}) > 1:
            return None
        home = next((url for source, _ in rows if source and (url := web_url(source))), None)
        if home is None and any(is_zeelandnet(url) for _, url in rows):
            home = ZEELANDNET_NEWS + section_slug(section)
        return home

    def is_zeelandnets(self) -> bool:
        """Whether the library holds articles, and ZeelandNet's alone: then ZeelandNet's news is the page it stands for."""
        rows = self._queries.sources()
        return bool(rows) and all(is_zeelandnet(url) for _, url in rows)

    def _chosen(self, columns: str, id_at: int, selection: Selection, table: str = "articles") -> Iterator[tuple[Row, Flags]]:
        """Rows of the chosen articles, newest first, with their flags (from `table`: articles, perhaps with their text)."""
        if not self.exists:
            return
        flags = self._current_flags()
        count = 0
        with self.database.errors():
            for row in self._queries.chosen(columns, selection.sections, table):
                state = flags.get(row[id_at])
                if (selection.unread and state.read) or (selection.starred and not state.starred):
                    continue
                if selection.limit is not None and count >= selection.limit:
                    return
                count += 1
                yield row, state

    def select(self, selection: Selection = Selection(), *, text: bool = False) -> list[Entry]:
        """The chosen articles, newest first; with `text`, with their text (lead, body, links) and author too,
        read in the same pass (an export, a served feed, `list --json`); else see full_entries."""
        if not text:
            return [entry_from_row(row, state.read, state.starred) for row, state in self._chosen(LISTED, 1, selection)]
        with without_cycle_collection():
            return list(self.whole(selection))

    def whole(self, selection: Selection = Selection()) -> Iterator[Entry]:
        """The chosen articles with their text, as select(text=True) has them, one at a time as they are read:
        what goes out as it comes (`list --json` of 100,000 articles) holds one article, not all of them."""
        for row, state in self._chosen(WHOLE, 1, selection, WHOLE_ROWS):
            yield whole_entry(self.database.path, row, state.read, state.starred)

    def dates(self, selection: Selection = Selection()) -> Iterator[tuple[str, datetime | None, datetime]]:
        """(link, publication time, first seen) of each chosen article, newest first, as whole() has them: what dates
        its feed entry, read without the rest (a feed's own date, its newest entry's, comes before its entries)."""
        for row, _state in self._chosen(DATED, 0, selection):
            yield _dated(row)

    def dates_of(self, ids: Sequence[str]) -> Iterator[tuple[str, datetime | None, datetime]]:
        """dates() of these articles, in this order, those no longer stored left out: the articles a list shows (the
        app's, its search and a source with it), not a selection's."""
        for chunk in chunks(ids):
            rows = self._queries.dated_by_id([key_of(i) for i in chunk])
            yield from (_dated(row) for i in chunk if (row := rows.get(i)) is not None)

    def whole_of(self, ids: Sequence[str]) -> Iterator[Entry]:
        """whole() of these articles, in this order, those no longer stored left out, read a few at a time
        (TEXTS_AT_ONCE): what goes out as it comes (the app's export of 100,000 articles) holds a few, not all."""
        flags = self._current_flags()
        for chunk in chunks(ids, TEXTS_AT_ONCE):
            rows = self._queries.whole_by_id([key_of(i) for i in chunk])
            for article_id in chunk:
                if (row := rows.get(article_id)) is not None:
                    state = flags.get(article_id)
                    yield whole_entry(self.database.path, row, state.read, state.starred)

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """The reads inside see the library as it was at the first of them, marks included: an export reads the
        chosen articles' dates, then their text, and must find the same articles both times, whatever a fetch stores
        or a reader marks meanwhile."""
        if not self.exists:
            yield
            return
        self._current_flags()
        connection = self.database.connection()
        with self.database.errors():
            connection.execute("BEGIN")  # a read transaction: its snapshot is taken at its first read
        self._in_snapshot = True
        try:
            yield
        finally:
            self._in_snapshot = False
            with self.database.errors():
                connection.execute("COMMIT")

    def headlines(self, selection: Selection = Selection()) -> Iterator[Headline]:
        """The chosen articles as list lines need them: a fraction of the cost of whole entries."""
        for (article_id, kind, moment, section, title), state in self._chosen(HEADLINE, 0, selection):
            yield Headline(article_id, state.read, state.starred, kind, from_micros(moment), section, title)

    def version(self) -> tuple[int, tuple[object, ...]]:
        """Changes whenever articles are stored or removed or marks change, by any process (cheap to ask)."""
        return (self._queries.counter("seq"), tuple(self.state.signatures()))

    def changed(self) -> datetime | None:
        """When its articles last changed, by any process, in a second of that change's own (Database.changed);
        None when there is no library."""
        if not self.exists:
            return None
        return self._queries.changed()

    def with_full_text(self, article_ids: list[str]) -> set[str]:
        """Which of these articles the library has in full, with text after its lead, or pruned (safe to ask from any
        thread): the page of any other is read for it. A feed's content of one paragraph is a full article, and may
        be a short one; but the article page a section page lists it by has what more there is, and is read once for
        it. A pruned one is kept away: what its page holds would not be stored."""
        return self._queries.with_full_text([key_of(i) for i in article_ids]) | self._queries.pruned(article_ids)

    def sections(self) -> list[SectionCount]:
        """Every section with its total and unread count (see count_sections)."""
        flags = self._current_flags()
        return count_sections((section, flags.get(article_id).read) for article_id, section in self._queries.sections_by_id())

    def search(self, query: str, catch_up: bool = True) -> set[str]:
        """Ids of the articles whose title or text has every word of `query` (as the start of a word), and none of
        those it excludes (search_terms).

        With `catch_up`, the index is brought up to date first, so what was just
        stored is found too; without, what is indexed is searched (the app keeps
        the index current in the background).
        """
        return {f"{key:{ID_FORMAT}}" for key in self.search_keys(query, catch_up)}

    def search_keys(self, query: str, catch_up: bool = True) -> set[int]:
        """The same as numbers, int(id, 16): what the app compares, without making 100,000 strings."""
        words, without = search_terms(query)
        if not (words or without) or not self.exists:
            return set()
        if catch_up:
            self.catch_up_search()
        return self._queries.search_keys(words, without)

    def same_search(self, query: str, other: str) -> bool:
        """Whether two searches find the same articles because they stand for the same words of the index:
        the same words, but for the last, which in one is a longer start of the other's, and the index has no
        word that starts with the shorter but not with the longer (`minist`, `ministe`: minister, ministerie).
        As a search is typed, most letters change nothing; this tells so in a look-up in the index's list of
        words, a fraction of the search. Judged for plain last words only (ASCII letters and digits, which
        the index keeps as they are); False for any other."""
        (words, without), (others, others_without) = search_terms(query, str.lower), search_terms(other, str.lower)
        if not words or without != others_without or len(words) != len(others) or words[:-1] != others[:-1]:
            return False
        shorter, longer = sorted((words[-1], others[-1]), key=len)
        if shorter == longer:
            return True
        if not longer.startswith(shorter) or not _PLAIN.fullmatch(longer) or not self.exists:
            return False
        return self._queries.same_words(shorter, longer)

    def catch_up_search(self, batches: int | None = None, batch: int = 1000) -> bool:
        """Index what was stored since the search index last caught up; True while more is left.

        When another process is writing (a fetch run), what is indexed so far is
        searched and the rest is indexed next time.
        """
        try:
            return self.index_search(batches, batch)
        except LibraryBusy:
            return False

    def index_search(self, batches: int | None = None, batch: int = 1000) -> bool:
        """catch_up_search, but LibraryBusy when another process holds the write lock for more than a moment: the app
        tries again at its next look. One batch per transaction, each waiting a moment at most for the lock, so that
        neither another writer nor a mark queued behind a batch on the app's engine thread waits for it long."""
        if not self.exists:
            return False
        done = 0
        while batches is None or done < batches:
            with self.writing(wait=0.2) as writer:
                if writer.index_pending(batch) < batch:
                    return False
            done += 1
        return True

    def only_from(self, sources: Iterable[str]) -> bool:
        """Whether every article came from one of `sources` (as articles name their source); true of an empty library."""
        return not self._queries.from_others(list(sources))

    def imported_paths(self) -> list[str]:
        """Files and folders imported into this library, for re-importing them."""
        return self._queries.imported_paths()

    def forget_imported(self, paths: Iterable[str]) -> list[str]:
        """Forget these of the files and folders imported (imported_paths): `r` imports them again no more, and their
        articles stay. Those that were among them."""
        if not self.exists:
            return []
        known = set(self.imported_paths())
        forgotten = [path for path in dict.fromkeys(paths) if path in known]
        if forgotten:
            with self.writing() as writer:
                writer.forget_imports(forgotten)
        return forgotten

    def article_sources(self) -> list[str]:
        """The sources the articles came from, as they name them (a feed's address, an imported file's path)."""
        return self._queries.article_sources() if self.exists else []

    def remove_from(self, sources: Iterable[str]) -> Removed:
        """Remove for good the articles of these sources, but the starred ones, which are the user's; and forget these
        as files and folders imported, for `r` not to bring them back. Not kept away, as a prune keeps its articles: a
        story of one of these may be one another source lists too (an item of one's own feed at a sample article's
        link is merged into it, filed by the sample page), and that source's next fetch or import brings it again.
        Which removed story another source lists the library cannot tell (one whose text is the sample's names no other
        source), so what every URL answered is forgotten too: else the feed answers 304, the fetch says `unchanged`,
        and the story is gone until the feed changes (for good once its item has left it). Not where the validators
        are damaged (`check --repair` empties them): a write among their pages would fail the removal."""
        wanted = list(dict.fromkeys(sources))
        if not self.exists or not wanted:
            return Removed(0, 0)
        flags = self._current_flags()
        ids = self._queries.ids_from(wanted)
        unstarred = [article_id for article_id in ids if not flags.get(article_id).starred]
        with self.writing() as writer:
            writer.forget_imports(wanted)
            writer.prune(unstarred, listed=(), keep_away=False)
            answered = writer.validator_keys() if unstarred else None
            if answered:
                writer.forget_validators(answered)
        return Removed(len(unstarred), len(ids) - len(unstarred), refetch=bool(answered))

    def source_titles(self) -> dict[str, str]:
        """What each source calls itself, as last fetched or imported (Writer.note_source_titles), by the source as
        articles name it. A row damaged into bytes that are no text is passed over: its source is named by its address."""
        rows = map(as_text, self._queries.source_titles())
        return {source: title for source, title in filter(None, rows) if source is not None and title is not None}

    def validators(self) -> dict[str, Validator]:
        """What each URL fetched into this library answered last, by validator_key. A row damaged into bytes that are
        no text is passed over: its URL is fetched in full once, and its row written anew, where sqlite3's refusal
        to read it failed every fetch."""
        known: dict[str, Validator] = {}
        for *texts, reading in self._queries.validators():
            row = as_text(tuple(texts))
            if row is None:
                continue
            url, etag, modified, feed = row
            if url is not None:
                known[url] = Validator(etag, modified, feed, reading)
        return known

    def database_files(self) -> frozenset[tuple[int, int]]:
        """The device and inode of this library's database file and of SQLite's files beside it, as they are now: a
        file a user names is one of them by any name (a link) where its own are among these (is_among). Such a file is
        not to be read by another way than SQLite's while the library is open here: closing any descriptor of a file
        lets go of every lock the process holds on it (POSIX), and another process's SQLite then deleted the WAL from
        under this one's connection (refuse_no_library)."""
        found = (file_identity(own) for own in (self.files.database, *sqlite_sidecars(self.files.database)))
        return frozenset(identity for identity in found if identity is not None)

    def validator_key(self, url: str) -> str:
        """What the validators of `url` are kept by: the URL without its password, and with a hash of its user name in
        place of the name. Safe to ask from any thread; before the library is made, nothing is kept by any."""
        if self._account_key is None:
            if not self.exists:
                return without_password(url)
            self._account_key = self._queries.account_key()
        return with_user_keyed(url, self._account_key)

    def expired(self, retention: Retention, now: datetime | None = None) -> list[str]:
        """Ids of the articles the retention rules no longer keep: never starred ones, unread ones only if told."""
        shortest = retention.shortest
        if shortest is None or not self.exists:
            return []
        now = now or datetime.now(AMSTERDAM)
        return self._expiring(retention, self._queries.older_than(micros(now - timedelta(days=shortest))), now)

    def kept_of(self, retention: Retention, records: list[Record]) -> list[Record]:
        """The records the retention rules keep: a fetch stores none that its own prune would remove at once (an item
        older than keep-days, as newsboat's keep-articles-days leaves out), which it would count new for nothing."""
        shortest = retention.shortest
        if shortest is None:
            return records
        now = datetime.now(AMSTERDAM)
        oldest_kept = micros(now - timedelta(days=shortest))
        old = [(item.id, item.source, item.sort_time) for item in records if item.sort_time < oldest_kept]
        gone = set(self._expiring(retention, old, now)) if old else set()
        return [item for item in records if item.id not in gone] if gone else records

    def _expiring(self, retention: Retention, aged: Iterable[tuple[str, str | None, int]], now: datetime) -> list[str]:
        """The ids among `aged` (id, source, sort time) that the retention rules no longer keep."""
        flags = self._current_flags()
        gone = []
        for article_id, source, sort_time in aged:
            days = retention.days_for(source)
            state = flags.get(article_id)
            if days is None or sort_time >= micros(now - timedelta(days=days)) or state.starred:
                continue
            if state.read or retention.prune_unread:
                gone.append(article_id)
        return gone

    def refile(self, source: str, section: str) -> int:
        """File every stored article of `source` under `section`; how many were filed elsewhere."""
        if not self.exists:
            return 0
        with self.writing() as writer:
            return writer.refile(source, section)

    def forget_removed(self, url: str, listed: Iterable[str], wait: float | None = None) -> bool:
        """Forget what is kept of the source at `url`, removed from the sources list (`listed`: the URLs still in it), in
        a transaction of its own (`wait`: as begin's): the titles no article names (Writer.forget_unused_titles), and
        what its address answered, unless a source still listed reads it too (as the same account). Nothing where
        there is no library. Whether what its address answered is forgotten: not where the validators are damaged
        (`check --repair` empties them), which leaves the titles to be forgotten all the same."""
        if not self.exists:
            return True
        key = self.validator_key(url)
        with self.writing(wait) as writer:
            writer.forget_unused_titles()
            if key in {self.validator_key(other) for other in listed}:
                return True
            if writer.validator_keys() is None:  # damaged: a write among their pages fails the transaction, titles and all
                return False
            writer.forget_validators([key])
        return True

    def prune(self, retention: Retention, dry_run: bool = False, *, space_kept: Callable[[str], None] | None = None) -> int:
        """Remove what the retention rules no longer keep; how many articles that is. And give the disk back the space
        of those of an earlier prune where that was left to later (give_back_space); `space_kept` is told why, where
        the space of either stays in the file for now."""
        ids = self.expired(retention)
        if dry_run:
            return len(ids)
        kept = None
        if ids:
            with self.writing() as writer:
                writer.prune(ids, retention.sources)
            kept = writer.space_kept
        kept = kept or self.give_back_space()  # (a VACUUM refused just now is not asked for again)
        if kept is not None and space_kept is not None:
            space_kept(kept)
        return len(ids)

    def give_back_space(self) -> str | None:
        """Give the disk back the space of the articles of a prune whose own attempt was refused or cut short (another
        writer held the library, a full disk, the process killed: Database.give_back_space); None, or the line that
        says why it stays for now. Not in a write transaction of this library's, which the VACUUM cannot run in."""
        if not self.exists or self._writer is not None:
            return None
        with self.database.errors():
            connection = self.database.connection()
            return self.database.give_back_space(connection) if self.database.space_to_give_back(connection) else None

    def check(self) -> CheckReport:
        """Verify the store and the state files; report what is damaged and what is merely odd."""
        report = CheckReport()
        if not self.exists:
            report.problems.append(_("{path}: missing").format(path=shown_path(self.files.database)))
            return report
        try:
            with self.database.errors():
                damage = find_damage(self.database)
                if damage.made_anew:
                    report.problems += _made_anew(self.files.database, damage)
                elif damage.lost:
                    lost = ngettext("{path}: the table {tables} is missing from the schema, and what it held with it; `nieuws-tui check --repair` "
                                    "cannot make it anew — restore the library from a backup",
                                    "{path}: the tables {tables} are missing from the schema, and what they held with them; `nieuws-tui check --repair` "
                                    "cannot make them anew — restore the library from a backup", len(damage.lost))  # fmt: skip
                    report.problems.append(lost.format(path=shown_path(self.files.database), tables=", ".join(damage.lost)))
                    return report
                elif not damage.whole:
                    report.problems.append(damaged_articles(self.files.database, damage.said))
                    return report  # the rest of the check reads the damage again: said once
                if "search" not in damage.renew:
                    self._queries.check_search_index()
                damaged = self._queries.damaged_texts()
                if damaged:
                    text = ngettext("{path}: the text of {count} article is damaged ({id})", "{path}: the text of {count} articles is damaged (for example {id})", len(damaged))
                    report.problems.append(text.format(path=shown_path(self.files.database), count=grouped(len(damaged)), id=damaged[0]))
                hyphened = self._queries.soft_hyphened()
                if hyphened:
                    kept = ngettext("{path}: {count} article could not be read as one when the library was brought up to format 12, and keeps "
                                    "its soft hyphens (U+00AD): it is damaged; restore it from a backup",
                                    "{path}: {count} articles could not be read as such when the library was brought up to format 12, and "
                                    "keep their soft hyphens (U+00AD): they are damaged; restore them from a backup", hyphened)  # fmt: skip
                    report.problems.append(kept.format(path=shown_path(self.files.database), count=grouped(hyphened)))
                total = self._queries.article_count()
                pending = self._queries.pending_search()
                ids = self._queries.ids()
                unused_titles = self._queries.unused_titles() if "source_titles" not in damage.renew else 0
                together = self._queries.moved_together() if "first_links" not in damage.renew else []
                space_kept = self._queries.space_kept()
        except StorageError as error:
            report.problems.append(str(error))
            return report
        stored = ngettext("{path}: {total} article; {indexed} indexed for search, {pending} to do when searched",
                          "{path}: {total} articles; {indexed} indexed for search, {pending} to do when searched", total)
        report.notes.append(stored.format(path=shown_path(self.files.database), total=grouped(total), indexed=grouped(total - pending), pending=grouped(pending)))
        if unused_titles:
            unused = ngettext("{path}: {count} title of a source that has no article here (unused; forgotten when articles are next pruned)",
                              "{path}: {count} titles of sources that have no article here (unused; forgotten when articles are next pruned)", unused_titles)
            report.notes.append(unused.format(path=shown_path(self.files.database), count=grouped(unused_titles)))
        if together:
            twice = ngettext("{path}: {count} address is the link of several stories that moved there, each an article of its own ({url})",
                             "{path}: {count} addresses are each the link of several stories that moved there, each an article of its own (for example {url})",
                             len(together))  # fmt: skip
            report.notes.append(twice.format(path=shown_path(self.files.database), count=grouped(len(together)), url=shown_url(together[0])))
        if space_kept is not None:
            kept = _("{path}: {size} MB of pruned articles wait in the file to be given back to the disk (a prune could not then); "
                     "the next `nieuws-tui prune` or `fetch` gives it back")  # fmt: skip
            report.notes.append(kept.format(path=shown_path(self.files.database), size=megabytes(space_kept)))
        try:
            flags = self.state.load()
        except StorageError as error:
            report.problems.append(str(error))
            return report
        orphaned = [i for i, _flags in flags.items() if i not in ids]
        marked = len(flags.items())
        note = ngettext("{path}: {count} article read or starred", "{path}: {count} articles read or starred", marked).format(path=shown_path(self.files.state), count=grouped(marked))
        if orphaned:
            gone = ngettext("{count} of them is not in the library (kept, in case it comes back)", "{count} of them are not in the library (kept, in case they come back)", len(orphaned))
            note += "; " + gone.format(count=grouped(len(orphaned)))
        report.notes.append(note)
        return report

    # -- writing -------------------------------------------------------------------------------

    @contextmanager
    def writing(self, wait: float | None = None) -> Iterator[Writer]:
        """A write transaction; inside one already open, the same one."""
        if self._writer is not None:
            yield self._writer.still_open()
            return
        writer = self.begin(wait)
        try:
            yield writer
        except BaseException:
            writer.rollback()
            raise
        writer.commit()

    def begin(self, wait: float | None = None) -> Writer:
        """Start a write transaction that stays open across calls (a fetch run); end it with commit().

        `wait` shortens how long to wait for another writer (LibraryBusy after it).
        """
        if not self.exists:
            self._create()
        self._writer = Writer(self, self.database.begin(wait, self._say_waiting if self.waiting_said else None))
        return self._writer

    def _say_waiting(self) -> None:
        if self.waiting_said is not None:
            said = _("{path}: another process is writing to the library (a fetch, or the app's refresh); waiting until it is done")
            self.waiting_said(said.format(path=shown_path(self.files.database)))

    def add(self, articles: Iterable[tuple[Article, datetime]], imported_paths: Iterable[str] = ()) -> AddResult:
        """Store articles seen at the given capture times; merge those already known (see Writer.add)."""
        with self.writing() as writer:
            result = writer.add(articles)
            writer.note_imports(imported_paths)
        return result

    def set_state(self, article_ids: Iterable[str], *, read: bool | None = None, starred: bool | None = None) -> None:
        """Mark articles read/unread and/or starred/unstarred, durably, in one write per shard."""
        ids = list(article_ids)
        if not ids:
            return
        if not self.exists:
            self._create()
        shards = self.state.set(ids, read=read, starred=starred)
        if self._flags is not None:
            self._apply_flags(shards)

    def _remember(self, written: Iterable[Entry | Record]) -> None:
        """Bring loaded entries up to date with what this library just wrote (committed or not:
        a rolled back write forgets them all)."""
        if self._entries is None:
            return
        flags = self._flags_now()
        for entry in (e if isinstance(e, Entry) else entry_from_record(e) for e in written):
            state = flags.get(entry.id)
            listed = entry.article.with_changes(lead="", body=(), links=(), enclosures=(), author=None)  # as the list reads them
            self._entries[entry.id] = Entry(listed, state.read, state.starred, entry.first_seen)
        self._ordered = _newest_first(self._entries.values())

    def _move_marks(self) -> None:
        """Move the marks of articles whose id changed (`renamed`, written with the change) to their new ids, then
        forget that they were to move. Until then every opening tries again: moving twice moves nothing twice.
        So the opening of a library does not wait for the write lock that another process holds (a fetch run, for
        minutes): busy, it leaves the forgetting to a later one. Read as bytes: a pair damaged into text that is no
        UTF-8, which sqlite3 refuses to read, failed every opening; it moves nothing, as one stored as bytes. The table
        lost or damaged failed every opening too, `check`'s: nothing moves then, and check says what is lost."""
        try:
            pending = self._queries.renamed()
        except DamagedDatabase:
            return
        if not pending:
            return
        self.state.move({old: new for old, new in filter(None, map(as_text, pending)) if old is not None and new is not None})
        try:
            with self.writing(wait=0.2) as writer:
                writer.forget_renamed(pending)
        except LibraryBusy:
            pass

    def _reload(self) -> None:
        """Read the loaded entries again, if any are (a write renamed or removed some of them)."""
        if self._entries is not None:
            self._load()

    def _after_commit(self, writer: Writer) -> None:
        self._writer = None
        if writer.renamed:
            self._move_marks()
        if writer.pruned:
            self.state.forget(writer.pruned)
        if writer.renamed or writer.pruned or writer.removed:
            self._reload()

    def _after_rollback(self, writer: Writer) -> None:
        self._writer = None
        if writer.wrote:  # the loaded entries took in what it stored or refiled; else (a failed search index batch) they
            self._reload()  # are as on disk, and the app's list keeps showing these very entries


_WORDS = re.compile(r"\w+")  # what the index's tokenizer calls words: anything else only separates them


def search_terms(query: str, case: Callable[[str], str] = str) -> tuple[list[str], list[str]]:
    """The words a search asks for, and what it leaves out: each term typed after a minus (`-economie`, `-Noord-Korea`,
    `-"de brug"`), as web searches take it, its words apart by spaces: an article that has them all (each apart,
    `-e-mail` left out every article with a word starting with e; the index knows no phrases). `AND` in capitals,
    typed by habit, asks for nothing: every word is asked for already. Any other is words (`OR` too: a search finds
    the articles that have them all). Each as `case` writes it."""
    words: list[str] = []
    without: list[str] = []
    for term in _TERMS.findall(clean_line(query)):  # as stored text is: a soft hyphen pasted in splits no word
        found = [case(word) for word in _WORDS.findall(term)]
        if term.startswith("-"):
            without += [" ".join(found)] if found else []
        elif term != "AND":
            words += found
    return words, without


_TERMS = re.compile(r'-?"[^"]*"?|\S+')  # a term: a quoted one may hold spaces


def narrows(query: str, last: str) -> bool:
    """Whether a search finds only articles the `last` one found, as typing on narrows it: it asks for the same words
    or longer ones (`brug` to `brugge`), and maybe more, and leaves out the same (`-t` leaves out more than `-trump`)."""
    (words, without), (last_words, last_without) = search_terms(query, str.casefold), search_terms(last, str.casefold)
    if not (last_words or last_without):  # it asked nothing (`AND`), and found nothing
        return False
    return without == last_without and len(words) >= len(last_words) and all(map(str.startswith, words, last_words))
_PLAIN = re.compile(r"[0-9a-z]+")  # words the index's tokenizer keeps as they are


def count_sections(articles: Iterable[tuple[str | None, bool]]) -> list[SectionCount]:
    """(section, read) of each article → each section's total and unread count, by name, 'no section' last."""
    totals: dict[str | None, list[int]] = {}
    for section, read in articles:
        counts = totals.setdefault(section, [0, 0])
        counts[0] += 1
        counts[1] += not read
    ordered = sorted(totals.items(), key=lambda item: (item[0] is None, (item[0] or "").casefold()))
    return [SectionCount(name, total, unread) for name, (total, unread) in ordered]


def _key(article_id: str) -> int | None:
    """The key of an id as typed by someone: None when it cannot be one."""
    try:
        return key_of(article_id) if len(article_id) <= ID_LENGTH else None
    except ValueError:
        return None


def _newest_first(entries: Iterable[Entry]) -> list[Entry]:
    """In NEWEST_FIRST's order: ties by first seen as the text the store compares (isoformat), then by id, whose hex
    digits of one length order it as the key does. Those only for ties, which are few: writing out every article's
    first-seen moment took three times as long as the sort (100,000 articles)."""
    timed = sorted(((micros(entry.sort_time), entry) for entry in entries), key=itemgetter(0), reverse=True)
    ordered: list[Entry] = []
    for _time, group in groupby(timed, key=itemgetter(0)):
        tied = [entry for _time, entry in group]
        ordered.extend(tied if len(tied) == 1 else sorted(tied, key=lambda entry: (entry.first_seen.isoformat(), entry.id), reverse=True))
    return ordered
