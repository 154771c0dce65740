"""Files and folders → the library. The I/O edge of the parser."""

from __future__ import annotations

import codecs
import functools
import hashlib
import itertools
import os
import shlex
import signal
import sqlite3
import stat
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from types import FrameType
from typing import Any, Literal

from feeds.clean import clean_name, marks_unforged, shown_path
from feeds.config import MAX_BYTES, Source, over_the_cap
from feeds.errors import NieuwsError, UnreadableDocument, why
from feeds.files import FileTooLarge, NotAFile, ensure_regular_file, file_identity, read_file
from feeds.language import gettext as _
from feeds.language import grouped, ngettext
from feeds.library import AddResult, Library
from feeds.model import AMSTERDAM, Article, Enclosure
from feeds.newsboat import is_urls_file
from feeds.pages.page import Page, read_document
from feeds.pages.sniff import FEED_SUFFIXES, HTML_SUFFIXES, XML_HEAD, is_newsboat_cache, is_opml
from feeds.pages.stories import odd_items_reason
from feeds.pages.syndication import (
    FeedEntry,
    Shared,
    addressed,
    broken_off_reason,
    entry_article,
    feed_enclosure,
    feed_page,
    html_field,
    left_out_reason,
    shared_addresses,
    shared_guids,
)
from feeds.paths import newsboat_files_in
from feeds.store.database import uri_path
from feeds.store.rows import Record, records_in_order
from feeds.store.writer import Writer
from feeds.urls import web_url
from feeds.web.visits import Deadline

DOCUMENT_SUFFIXES = (".txt", *HTML_SUFFIXES, *FEED_SUFFIXES)  # what a folder is searched for
BATCH_PAGES = 500  # pages handed to the library at a time, so a big import holds few in memory
MAX_LOOKED_AT = 100_000  # files and folders one folder named is searched through: `import /` walked the whole disk
_HEAD_LOOKED_AT = XML_HEAD  # as much as is_opml looks at, more than is_urls_file and is_newsboat_cache do


class PageError(Exception):
    """A page that cannot be imported; the message is one line naming the reason."""


@dataclass(slots=True)
class ImportReport:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    pruned: int = 0  # articles of the files that were pruned, and stay away
    pages: int = 0
    left_out: int = 0  # feed items of the files that are no article (syndication.left_out_reason): not stored, and counted
    failed: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (path, note) of what was imported all the same, but worth saying
    forgotten: list[str] = field(default_factory=list)  # imported paths read again that are gone, and forgotten (import_paths)

    def count(self, result: AddResult) -> None:
        self.new += result.new
        self.updated += result.updated
        self.unchanged += result.unchanged
        self.pruned += result.pruned


def find_pages(path: Path, failed: list[tuple[str, str]], notes: list[tuple[str, str]]) -> Iterator[Path]:
    """The page file named, or those in the folder named (recursively, sorted: _walk)."""
    kind = _kind(path, failed)
    if kind == "folder":
        yield from _walk(path, failed, notes)
    elif kind == "file":
        yield path  # a file named explicitly is read whatever its suffix
    elif kind == "missing":
        failed.append((str(path), _("no such file or folder")))


def _kind(path: Path, failed: list[tuple[str, str]]) -> Literal["folder", "file", "missing"] | None:
    """What is at `path` ("file": anything but a folder); None, with the reason in `failed`, when the folder
    it is in may not be looked into (Path.is_dir and is_file raise for that, and took every other file with it)."""
    try:
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return "missing" if not path.is_symlink() else "file"  # a dangling link: reading it says what is wrong
    except OSError as error:
        failed.append((str(path), _("cannot read ({reason})").format(reason=why(error))))
        return None
    return "folder" if stat.S_ISDIR(mode) else "file"


def _holds_anything(folder: Path) -> bool:
    """Whether `folder` is a folder with anything in it: not the empty mount point of a share or disk not mounted.
    One there that may not be looked into holds what it holds."""
    try:
        with os.scandir(folder) as entries:
            return next(entries, None) is not None
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError:
        return True


def _walk(top: Path, failed: list[tuple[str, str]], notes: list[tuple[str, str]]) -> Iterator[Path]:
    """The page files in the folder `top` and in the folders in it, each folder's names sorted, a folder's pages
    where its name comes. As `find -xdev` and `du -x` do, no folder on another filesystem than `top`'s is looked
    into: `import /` walked /proc, /sys and every disk and share mounted. At most MAX_LOOKED_AT files and
    folders are looked at; the pages found before the stop are imported, and the stop is said. A stack, not a
    recursion: a tree of folders 1,000 deep was a RecursionError."""
    device: int | None = None
    seen: set[tuple[int, int]] = set()  # a link back to a folder on the way here: walking it again would never end
    elsewhere: list[Path] = []

    def names_in(folder: Path) -> Iterator[str]:
        nonlocal device
        try:
            info = folder.stat()
            if device is None:
                device = info.st_dev
            if info.st_dev != device:
                elsewhere.append(folder)
                return iter(())
            if (info.st_dev, info.st_ino) in seen:
                return iter(())
            names = sorted(os.listdir(folder))
        except OSError as error:
            failed.append((str(folder), _("cannot read folder ({reason})").format(reason=why(error))))
            return iter(())
        seen.add((info.st_dev, info.st_ino))
        return iter(names)

    folders = [(top, names_in(top))]
    looked_at = 0
    while folders:
        folder, names = folders[-1]
        name = next(names, None)
        if name is None:
            folders.pop()
            continue
        looked_at += 1
        if looked_at > MAX_LOOKED_AT:
            stop = _("stopped after looking at {count} files and folders in it; the pages found before are imported: name a smaller folder")
            failed.append((str(top), stop.format(count=grouped(MAX_LOOKED_AT))))
            break
        path = folder / name
        kind = _kind(path, failed)
        if kind == "folder":
            folders.append((path, names_in(path)))
        elif kind in ("file", "missing") and name.lower().endswith(DOCUMENT_SUFFIXES):  # (gone since listed: reading it says so)
            yield path
    if elsewhere:
        left_out = ngettext(
            "left out {count} folder on another filesystem ({first}); name it to import from it",
            "left out {count} folders on other filesystems (the first: {first}); name one to import from it",
            len(elsewhere),
        )
        notes.append((str(top), left_out.format(count=grouped(len(elsewhere)), first=shown_path(elsewhere[0]))))


def is_among(path: Path, files: frozenset[tuple[int, int]]) -> bool:
    """Whether the file at `path` is one of these (device and inode: Library.database_files), by whatever name."""
    return file_identity(path) in files


def read_page_file(path: Path, captured: datetime | None = None, max_bytes: int = MAX_BYTES) -> Page:
    """One page or feed file of at most `max_bytes` (the size cap fetch reads under: a feed saved from
    the web reads as it would have been fetched), read. PageError with the reason when it cannot be."""
    try:
        raw, modified = read_file(path, max_bytes)
    except FileTooLarge as error:  # said as a response over the cap is, with the same remedy
        raise PageError(_imported_otherwise(_head(path), path) or _("too large: {detail}").format(detail=over_the_cap(error.size, error.limit))) from None
    except NotAFile as error:
        raise PageError(str(error)) from None
    except FileNotFoundError:
        raise PageError(_("file vanished before it could be read")) from None
    except IsADirectoryError:
        raise PageError(_("is a folder")) from None
    except OSError as error:
        raise PageError(_("cannot read ({reason})").format(reason=why(error))) from None
    if not raw.strip():
        raise PageError(_("empty file"))
    try:
        page = read_document(raw, captured or datetime.fromtimestamp(modified, AMSTERDAM), name=path.name)
    except UnreadableDocument as error:
        raise PageError(_imported_otherwise(raw, path) or str(error)) from None
    return page


def _head(path: Path) -> bytes:
    """The start of a file too large to read, which is enough to tell another reader's files by: newsboat's cache.db
    of a year is tens of MB, and was called too large, to be read with a higher limit, which only led to the same
    advice as the command that imports it. Empty where it cannot be read (opened without waiting, as read_file)."""
    try:
        with os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as handle:
            return handle.read(_HEAD_LOOKED_AT)
    except OSError:
        return b""


def _nothing_in(folder: Path) -> tuple[str, str]:
    """What is said of a folder without a page or feed file in it: it was passed over without a word (newsboat's own,
    whose files import-newsboat reads, as much as one of other files)."""
    urls = newsboat_files_in(folder).urls
    if _kind(urls, []) == "file":
        command = f"nieuws-tui sources import-newsboat {shlex.quote(str(urls))}"
        return str(folder), _("newsboat's files: import its feeds and articles with `{command}`").format(command=command)
    return str(folder), _("no page or feed in it (files named *{suffixes})").format(suffixes=", *".join(DOCUMENT_SUFFIXES))


def _imported_otherwise(raw: bytes, path: Path) -> str | None:
    """What imports a file that `import` cannot, where it is another reader's sources or articles: the command that does."""
    if is_opml(raw):
        return _("a list of feeds (OPML): add them with `nieuws-tui sources import-opml {file}`").format(file=shlex.quote(str(path)))
    if is_urls_file(raw):
        return _("newsboat's list of feeds: add them with `nieuws-tui sources import-newsboat {file}`").format(file=shlex.quote(str(path)))
    if is_newsboat_cache(raw):
        urls = newsboat_files_in(path.parent).urls
        command = f"nieuws-tui sources import-newsboat {shlex.quote(str(urls))}" if _kind(urls, []) == "file" else "nieuws-tui sources import-newsboat"
        return _("newsboat's cache of articles: import them with newsboat's feeds by `{command}`").format(command=command)
    return None


def _stored_name(path: Path) -> str | None:
    """A file's name as the library can store it (text); None when it is no UTF-8."""
    name = str(path.resolve())
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # bytes that are no UTF-8 in the name: the library stores text only
        return None
    return name


def _remembered_as(path: Path, report: ImportReport) -> str | None:
    """How the library remembers a path for `r` to import again; None for a name it cannot store."""
    name = _stored_name(path)
    if name is None:
        report.notes.append((str(path), _("imported, but not re-imported by r: its name is not UTF-8")))
    return name


def import_paths(
    library: Library,
    paths: Iterable[Path],
    captured: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
    max_bytes: int = MAX_BYTES,
    *,
    again: bool = False,
) -> ImportReport:
    """Import page files and folders in one transaction; failed files are reported, the good ones stored.

    A path given is remembered for re-importing once a page under it was imported:
    one that failed is not tried again on every refresh. `again`: the paths are the library's imports read again (the
    app's refresh); one that is gone (no such file or folder: not one that cannot be read, nor a dangling link) from a
    folder that is still there, and holds anything, is forgotten, in `report.forgotten`, rather than failed at every
    refresh for ever. Its articles stay. One whose folder is gone too, or empty, fails, saying how to forget it: a disk
    unplugged, a share or folder not mounted, takes the folder with it, or leaves its mount point empty, and is back later.
    """
    report = ImportReport()
    if again:
        paths = list(map(Path, paths))
        missing = [root for root in paths if _kind(root, []) == "missing"]
        report.forgotten = [str(root) for root in missing if _holds_anything(root.parent)]
        report.failed += [(str(root), _unreachable(root)) for root in missing if str(root) not in report.forgotten]
        paths = [root for root in paths if root not in missing]
        if report.forgotten:
            with library.writing() as forgetting:
                forgetting.forget_imports(report.forgotten)
    files = [(root, page) for root in map(Path, paths) for page in find_pages(root, report.failed, report.notes)]
    # A folder with a page, or with a part that could not be looked at (said in report.failed: the walk stopped, a folder
    # or link in it unreadable), is not said to hold no page.
    unread = [Path(name) for name, _reason in report.failed]
    said = {root for root, _page in files} | {root for root in map(Path, paths) if any(path.is_relative_to(root) for path in unread)}
    report.notes += [_nothing_in(root) for root in map(Path, paths) if root not in said and _kind(root, []) == "folder"]
    if not files:
        return report
    remembered: dict[Path, str | None] = {}
    titles: dict[str, str | None] = {}  # each file's own title (Page.label), the app's name for it as a source
    with library.writing() as writer:
        batch: list[Record] = []
        own = library.database_files()  # (the WAL there now: the transaction has begun)
        for number, (root, path) in enumerate(files, 1):
            try:
                if is_among(path, own):
                    raise PageError(_("the library's own database, not a page or feed"))
                page = read_page_file(path, captured, max_bytes)
            except PageError as error:
                report.failed.append((str(path), str(error)))
            else:
                report.pages += 1
                source = _stored_name(path)
                batch.extend(records_in_order([article.with_changes(source=source) for article in page.articles], page.captured))
                if source is not None:
                    titles[source] = page.label
                if page.broken_off:
                    report.notes.append((str(path), broken_off_reason(len(page.articles))))
                if page.left_out:
                    report.left_out += len(page.left_out)
                    report.notes.append((str(path), left_out_reason(page.left_out)))
                if page.odd_items:
                    report.notes.append((str(path), odd_items_reason(page.odd_items)))
                if root not in remembered:
                    remembered[root] = _remembered_as(root, report)
            if progress:
                progress(number, len(files))
            if number % BATCH_PAGES == 0 and batch:
                report.count(writer.add_records(batch))
                batch = []
        report.count(writer.add_records(batch))
        writer.note_imports(_names(remembered))
        writer.note_source_titles(titles)
    return report


def _unreachable(path: Path) -> str:
    return _(
        "no such file or folder, and the folder it was in is gone or empty (a disk or share not there?): r tries it again; `nieuws-tui sources remove {path}` forgets it"
    ).format(path=shlex.quote(str(path)))


def _names(remembered: dict[Path, str | None]) -> list[str]:
    return [name for name in remembered.values() if name is not None]


class UnreadableCache(NieuwsError):
    """newsboat's cache cannot be read; the message is one line naming it."""


@dataclass(slots=True)
class CacheImport:
    added: AddResult = field(default_factory=AddResult)
    read: int = 0  # read marks of newsboat's applied: those an import before applied are not again
    starred: int = 0  # articles starred for their flags in newsboat, as its read marks are applied: once
    deleted: int = 0  # items deleted in newsboat, kept away as pruned ones are
    left_out: int = 0  # items of no web feed (exec:, filter:, query:), or that are no article


CACHE_BATCH = 100  # items read and stored at a time: a cache of years holds a few hundred thousand
# Items of a cache imported at most, ten times what years of newsboat keep: a hostile cache of billions of rows would
# hold the import, and SQLite's temporary files of its sorts, without end.
MAX_CACHE_ITEMS = 1_000_000
# Seconds the cache may take to be read and stored at most, whatever its queries do in SQLite's C code, where no
# Python runs: a cache of years takes a minute or two.
CACHE_DEADLINE = 1800.0
_PROGRESS_STEPS = 10_000  # SQLite's steps between two looks at the deadline and the signals: well under a millisecond
# Bytes of an item's text, and of each of its other fields, read at most: newsboat's own schema has room for 64 kB
# of text; a cache made to hold gigabytes in one item is read a bounded part of it at a time, its batch 50 MB at most.
MAX_CACHE_TEXT, MAX_CACHE_FIELD = 512 * 1024, 16 * 1024


def _part(column: str, most: int = MAX_CACHE_FIELD) -> str:
    """The start of a column of text as bytes (_text reads them): SQLite's substr of text ends it at a NUL, and a
    title `T<NUL>evil` lost all after it, where the feed reader's clean leaves the NUL out and keeps the rest."""
    return f"substr(CAST({column} AS BLOB), 1, {most})"


# newsboat's items as they are in its cache (version 2.x), each with the title of its feed; the columns newsboat's
# forerunner newsbeuter added to its items over the years as _LATER_COLUMNS fill them in (_cache_items).
_CACHE_ITEMS = (
    f"SELECT {_part('i.guid')}, {_part('i.title')}, {_part('i.author')}, {_part('i.url')}, {_part('i.feedurl')}, i.pubDate,"
    f" {_part('i.content', MAX_CACHE_TEXT)}, i.unread, {{deleted}}, {_part('{base}')}, {_part('f.title')}, {_part('f.url')},"
    " i.id,"  # the order newsboat stored its items in (_cache_articles)
    f" {_part('{flags}')}, {_part('{enclosure_url}')}, {_part('{enclosure_type}')}"
    # The items newsboat deleted after the others: a past build of a story still listed is at the story's link, and
    # kept away before it was stored, it kept the story away (Writer.keep_away leaves a stored one). Each part in the
    # order of the table (its rowid, which newsboat's id is), which takes no sort: a sort of every item with its feed's
    # title, which a hostile cache makes 16 kB, filled gigabytes of SQLite's temporary files.
    " FROM rss_item i LEFT JOIN rss_feed f ON f.rssurl = i.feedurl WHERE (coalesce({deleted}, 0) <> 0) = ? ORDER BY i.rowid"
)
# What tells a feed's items apart, read as _CACHE_ITEMS reads it, a feed's items together (_cache_shared). Not of the
# items newsboat deleted: past builds of a story still listed, which told apart from it would split it off its link.
_CACHE_LINKS = (
    f"SELECT {_part('i.feedurl')}, {_part('i.guid')}, {_part('i.url')}, {_part('{base}')}, {_part('{enclosure_url}')},"
    f" {_part('i.title')}, {_part('i.content', MAX_CACHE_TEXT)}, i.pubDate, {{deleted}} FROM rss_item i ORDER BY 1"
)
# The columns of an item that a cache made before them lacks (newsbeuter's, which newsboat has not opened since to add
# them, or one trimmed by hand), and what an item without them is read as: no flag, not deleted, no base address, no file.
_LATER_COLUMNS = {"deleted": "0", "base": "NULL", "flags": "NULL", "enclosure_url": "NULL", "enclosure_type": "NULL"}


def _cache_items(cache: sqlite3.Connection, query: str = _CACHE_ITEMS) -> str:
    """The query of the items of `cache` (_CACHE_ITEMS, _CACHE_LINKS), each of _LATER_COLUMNS read where its items have it."""
    columns = {str(name).lower() for (name,) in cache.execute("SELECT name FROM pragma_table_info('rss_item')")}
    return query.format_map({column: f"i.{column}" if column in columns else absent for column, absent in _LATER_COLUMNS.items()})


# An item's place in newsboat's cache as microseconds after its date, at most an hour's: however large a hostile
# cache's ids are, the moment stays one a datetime holds (a real cache's ids come nowhere near 3.6 billion).
_LAST_PLACE = 3600 * 1_000_000


def import_newsboat_cache(library: Library, path: Path, source_of: Callable[[str], Source | None]) -> CacheImport:
    """The articles of newsboat's cache (cache.db), stored as a fetch of their feeds stores them, and marked read where
    they were read in newsboat: a newsboat user keeps what they have, and the next fetch brings nothing back unread.
    A read mark of newsboat's is applied once (the library remembers which were): importing again leaves an article
    the reader marked unread here since as it is, and marks read what newsboat's reader read since. An item with a flag
    in newsboat (what its user kept) is starred so, once: a star taken off here stays off.
    An item deleted in newsboat (which its cache keeps for that) is kept away as a pruned article is, unless the
    library has it already: what the user keeps here stays.

    `source_of` gives the source listed for a feed's address, which files its items as fetch would: under its
    section. Those of a feed without one (listed nowhere, or for several accounts, or without a tag) newsboat's cache
    keeps without their categories, and their source's title (the urls file's `"~Title"`) files them, else their
    feed's, as a fetch files an item without a category. Only the stories new to the library are stored: one it has
    (by its id, its feed's guid or its lead) stays as it is, at the link and under the section a fetch gave it. An item is dated as its feed dated it,
    and first seen then (or a second before the import, if that is later), those of one date in newsboat's order (_cache_articles). Only items of web feeds are taken: a feed that is a command
    (exec:, filter:) would be named by its command line, options and all.
    The cache is read as it is (read-only, its schema not trusted), in batches; UnreadableCache, naming it, when it
    is no newsboat cache or cannot be read, holds more than MAX_CACHE_ITEMS, or takes longer than CACHE_DEADLINE.
    Ctrl-C and SIGTERM stop it at once, nothing of it stored (_CacheSignals)."""
    report = CacheImport()
    now = datetime.now(AMSTERDAM)
    if is_among(path, library.database_files()):
        raise UnreadableCache(_("{path}: the library's own database, not newsboat's cache").format(path=shown_path(path)))
    try:
        ensure_regular_file(path)  # a FIFO named cache.db: SQLite's open waited for a writer for ever
        cache = sqlite3.connect(f"file:{uri_path(path)}?mode=ro", uri=True)
    except (OSError, sqlite3.Error) as error:
        raise UnreadableCache(_("{path}: cannot read newsboat's cache ({reason})").format(path=shown_path(path), reason=why(error))) from None
    deadline = Deadline.after(CACHE_DEADLINE, _("for reading newsboat's cache"))
    try:
        cache.execute("PRAGMA trusted_schema = OFF")  # a cache from elsewhere: what its schema names runs no functions
        _check_cache_tables(cache, path)
        read: list[tuple[str, bytes]] = []  # the read marks to apply: the article's id, and the item's key
        starred: list[tuple[str, bytes]] = []  # the stars to apply (flagged in newsboat), as read marks: the article's id, the key of its flags
        sources = functools.cache(source_of)  # a few feeds, each of thousands of items
        with _CacheSignals(cache, deadline) as signals:
            shared = _cache_shared(cache)
            with library.writing() as writer:
                for gone in (False, True):
                    rows = cache.execute(_cache_items(cache), (gone,))
                    while batch := rows.fetchmany(CACHE_BATCH):
                        items = _cache_articles(batch, sources, shared, now, report)
                        # A story the library has stays as it is: the cache is an old copy of it, which would take it back to
                        # newsboat's link and filing (the feed's title, for want of its category) where a fetch has since moved
                        # it, and every fetch after it forward again.
                        report.added.count(writer.add(items.articles, only_new=True))
                        writer.note_source_titles(items.titles)
                        report.deleted += writer.keep_away(items.deleted)
                        applied = writer.applied_read_marks([item for _id, item in items.read + items.starred])
                        read += [(article_id, item) for article_id, item in items.read if item not in applied]
                        starred += [(article_id, item) for article_id, item in items.starred if item not in applied]
                        writer.note_read_marks((), items.unread + items.unstarred)
                read, starred = _stored_marks(writer, read), _stored_marks(writer, starred)
                signals.stop_if_any()  # (one since the last query: raised before the commit, not after it)
    except sqlite3.Error as error:
        if deadline.remaining() <= 0:
            raise UnreadableCache(_("{path}: {gave_up}; none of its articles is stored").format(path=shown_path(path), gave_up=deadline.gave_up())) from None
        raise UnreadableCache(_("{path}: not newsboat's cache, or damaged ({reason})").format(path=shown_path(path), reason=why(error))) from None
    finally:
        cache.close()
    # Once they are stored: a cache that failed half-way leaves no marks behind.
    library.set_state([article_id for article_id, _item in read], read=True)
    library.set_state([article_id for article_id, _item in starred], starred=True)
    if read or starred:  # remembered once they are applied: a crash in between applies them again the next time, rather than never
        with library.writing() as noting:
            noting.note_read_marks([item for _id, item in read + starred], ())
    report.read, report.starred = len(read), len(starred)
    return report


def _check_cache_tables(cache: sqlite3.Connection, path: Path) -> None:
    """UnreadableCache unless newsboat's items and feeds are tables of the cache, of at most MAX_CACHE_ITEMS items.
    A view (or virtual table) of the same name and columns ran any query its maker wrote: one of endless rows held
    the import for ever, with its temporary file growing by gigabytes."""
    tables = {str(name).lower() for (name,) in cache.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND rootpage > 0")}
    for table in ("rss_item", "rss_feed"):
        if table not in tables:
            refused = _("{path}: not newsboat's cache: its {table} is no table (a view or virtual table is not read)")
            raise UnreadableCache(refused.format(path=shown_path(path), table=table))
    # Counted up to one past the bound: a count of them all would read every one of billions.
    (count,) = cache.execute("SELECT count(*) FROM (SELECT 1 FROM rss_item LIMIT ?)", (MAX_CACHE_ITEMS + 1,)).fetchone()
    if count > MAX_CACHE_ITEMS:
        refused = _("{path}: holds more than {count} items, more than any newsboat keeps; none of them is imported")
        raise UnreadableCache(refused.format(path=shown_path(path), count=grouped(MAX_CACHE_ITEMS)))


class _CacheSignals:
    """The cache's queries stopped at its deadline, and at Ctrl-C or SIGTERM. A query runs in SQLite's C code, where
    Python's handlers never run: a cache that kept it there for ever could only be ended by kill -9. A signal is noted
    while the cache is read, and stops the query at SQLite's next look (its progress handler); the handler the program
    set for it then runs where Python can raise what it raises: raised inside SQLite's callback, it was swallowed
    there. Signals are the main thread's: in another, only the deadline stops a query."""

    def __init__(self, cache: sqlite3.Connection, deadline: Deadline) -> None:
        self._cache, self._deadline = cache, deadline
        self._noted: list[int] = []
        self._handlers: dict[int, Callable[[int, FrameType | None], Any]] = {}

    def __enter__(self) -> _CacheSignals:
        if threading.current_thread() is threading.main_thread():
            for number in (signal.SIGINT, signal.SIGTERM):
                handler = signal.getsignal(number)
                if callable(handler):  # (the default of SIGTERM ends the process in C already; an ignored one stays so)
                    self._handlers[number] = handler
                    signal.signal(number, self._note)
        self._cache.set_progress_handler(self._stop, _PROGRESS_STEPS)
        return self

    def _note(self, number: int, frame: FrameType | None) -> None:
        self._noted.append(number)

    def _stop(self) -> bool:
        return bool(self._noted) or self._deadline.remaining() <= 0

    def stop_if_any(self) -> None:
        """The handler of a signal noted, run now: what it raises (KeyboardInterrupt, the command's SIGTERM) ends the import."""
        if self._noted:
            self._handlers[self._noted[0]](self._noted[0], None)

    def __exit__(self, *exception: object) -> None:
        self._cache.set_progress_handler(None, 0)
        for number, handler in self._handlers.items():
            signal.signal(number, handler)
        self.stop_if_any()


def _stored_marks(writer: Writer, marks: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """Marks to apply (an article's id, an item's key), each on the article its story is stored as by now; one the
    import kept away (pruned here) takes no mark, and is not applied."""
    marks = [(writer.stored_as(article_id), item) for article_id, item in marks]
    stored = writer.stored_ids([article_id for article_id, _item in marks])
    return [(article_id, item) for article_id, item in marks if article_id in stored]


@dataclass(slots=True)
class _CacheItems:
    """What a batch of the cache's items brings (_cache_articles)."""

    articles: list[tuple[Article, datetime]] = field(default_factory=list)  # each with when it was first seen
    read: list[tuple[str, bytes]] = field(default_factory=list)  # read in newsboat: the article's id, the item's key (_item_key)
    unread: list[bytes] = field(default_factory=list)  # the keys of the items unread in newsboat
    starred: list[tuple[str, bytes]] = field(default_factory=list)  # flagged in newsboat: the article's id, the key of its flags
    unstarred: list[bytes] = field(default_factory=list)  # the keys of the flags of the items without any in newsboat
    deleted: list[Article] = field(default_factory=list)  # the articles deleted in newsboat
    titles: dict[str, str] = field(default_factory=dict)  # the title newsboat's cache has of each item's feed, by its source


def _item_key(feed: str, guid: str | None, mark: bytes = b"") -> bytes:
    """What the library knows a newsboat item by: a hash of its feed's address and its guid (as newsboat knows it),
    of a bounded size whatever their length. With `mark` (b"flags"), the key of that mark of the item, a hash of
    another kind, remembered where the read marks' keys are (newsboat_read)."""
    return hashlib.blake2b(f"{feed}\n{guid or ''}".encode(), digest_size=16, person=mark).digest()


_NOTHING_SHARED = Shared(set(), {})


def _cache_shared(cache: sqlite3.Connection) -> dict[str, Shared]:
    """What the items of each feed of `cache` share (feed_shared), by the feed's address as the cache writes it: the
    guids that know no story, and the addresses items of several guids are at (a status feed's profile), each of those
    items known by its guid there (a build of a story by its first build's), as a fetch knows it. Of the whole feed
    before its items are read, in batches that hold a share of it. Only the feeds that share any are kept: most share
    nothing."""
    shared: dict[str, Shared] = {}
    for feed, rows in itertools.groupby(cache.execute(_cache_items(cache, _CACHE_LINKS)), key=lambda row: row[0]):
        text = _text(feed)
        address = web_url(text)
        if text is None or address is None:
            continue
        # Each item's text as a digest: a feed's items are held together, and a text may be half a megabyte.
        entries = [
            (FeedEntry(_cache_link(url, guid), _text(guid), _text(title) or "", None, _digest(content), _cache_moment(published), None, None, _cache_enclosures(file, None)), _cache_base(base, address))
            for _feed, guid, url, base, file, title, content, published, gone in rows
            if not gone
        ]
        guids = shared_guids([entry for entry, _base in entries])
        addresses = shared_addresses(addressed(entries), guids)
        if guids or addresses:
            shared[text] = Shared(guids, addresses)
    return shared


def _cache_link(url: object, guid: object) -> str | None:
    """An item's link: newsboat stores an item without one with its guid as its url (`pod-12`): no address, which read
    against the feed's would be a page that does not exist; the item is known by its file (entry_article), as its feed's is."""
    return None if _text(url) == _text(guid) and web_url(_text(url)) is None else _text(url)


def _cache_enclosures(file: object, file_type: object) -> tuple[Enclosure, ...]:
    """The one file of the item newsboat keeps (podboat's to download), without its size."""
    return (feed_enclosure(text, _text(file_type)),) if (text := _text(file)) else ()


def _cache_base(base: object, feed: str) -> str:
    """The address an item's links are read against: the base newsboat kept of it, else its feed's."""
    return web_url(_text(base), feed) or feed


def _cache_articles(
    rows: list[tuple[object, ...]], source_of: Callable[[str], Source | None], shared: dict[str, Shared], now: datetime, report: CacheImport
) -> _CacheItems:
    """The articles of a batch of the cache's items, which of them are read and unread in newsboat, and deleted.
    `shared`: what each feed's items share (_cache_shared)."""
    items = _CacheItems()
    for guid, title, author, url, feed, published, content, unread, gone, base, feed_title, feed_link, stored, flags, file, file_type in rows:
        address = web_url(_text(feed))
        if address is None:
            report.left_out += 1
            continue
        feed_shared = shared.get(_text(feed) or "", _NOTHING_SHARED)
        source = source_of(address) or Source(address)
        moment = _cache_moment(published)
        # newsboat keeps a field of plain text as it came, beside HTML, and says not which it is: the text tells.
        # Nor does it say whether it kept the feed's summary or its full text: the copy is taken for a summary, which
        # the feed's own next reading replaces (merge), its title too; a whole article only where a feed's summary
        # would be one (a description of many paragraphs), which the feed's reading of it as such replaces too. Taken
        # for a full text, however short, no summary of the feed replaced it, and its edits of the item were never seen.
        text = _text(content)
        enclosures = _cache_enclosures(file, file_type)
        entry = FeedEntry(_cache_link(url, guid), _text(guid), html_field(_text(title) or "", title=True), None, text and html_field(text), moment, _text(author), None, enclosures)
        by_guid = _text(guid) not in feed_shared.guids  # a guid no other item of its feed gives: the article is known by it too (Article.guid)
        try:
            # An item without a link at its feed's page, as fetch files it (entry_articles): newsboat's read mark is kept.
            article = entry_article(
                entry, source.section, _cache_base(base, address), source.public_url, source.title or _text(feed_title), by_guid, feed_shared.addresses,
                home=feed_page(_text(feed_link), address),
            )
        except (ValueError, UnicodeError):
            article = None  # one unreadable item does not cost the cache its others
        if article is None:
            report.left_out += 1
            continue
        if title := clean_name(_text(feed_title)):  # the feed's name in newsboat's list, once newsboat reloaded it
            items.titles[source.public_url] = title
        if gone:
            items.deleted.append(article)
            continue
        # Items of one date in newsboat's order, the one it stored last (it stores a feed's items last to first) at the
        # top, rather than in the order of the hashes of their ids: each first seen as many microseconds after its
        # date as its id in newsboat's cache (within a second of it below a million ids, as nearly all are). Its id
        # itself, which no import changes: counted from anything newsboat forgets (the first of its date, or whole
        # millions past it) an import again moved an item earlier, counted it updated, and listed one past a
        # million below one short of it. Not by how many of its date came before it: that shrinks as newsboat
        # forgets older items, and an import again would move it back. After its date, not before: a moment before
        # it would list it by that moment, a minute early where its date is a whole minute; and a fetch of its feed
        # in a later second sees it later still, which leaves it as imported, not updated.
        # But from a second before the import, which lists one of a date still to come (this second's, or one ahead
        # of the clock) by that moment: seen at the import's moment, as it was, those were all seen at one moment
        # whatever their places. An import again finds a later moment, and leaves each as first imported.
        later = min(max(stored, 0), _LAST_PLACE) if isinstance(stored, int) else 0
        items.articles.append((article, min(moment or now, now - timedelta(seconds=1)) + timedelta(microseconds=later)))
        if unread == 0:
            items.read.append((article.id, _item_key(address, _text(guid))))
        else:
            items.unread.append(_item_key(address, _text(guid)))
        # Any flag of newsboat's (its user's marks, `s` for saved and the like) stars it: what they kept.
        if _text(flags):
            items.starred.append((article.id, _item_key(address, _text(guid), b"flags")))
        else:
            items.unstarred.append(_item_key(address, _text(guid), b"flags"))
    return items


def _text(value: object) -> str | None:
    """A field of the cache as text, read as _part reads it (bytes): its last character, cut in two, left out, and
    what is no UTF-8 read as U+FFFD, as a page's text is. A NUL stays in, for the clean of the field to leave out; the
    marks of an ESC and a BEL that the text writes itself do not (marks_unforged: a feed's repair deletes them, which
    the cache's text never passes)."""
    if isinstance(value, bytes):
        value = codecs.getincrementaldecoder("utf-8")("replace").decode(value)
    return marks_unforged(value) if isinstance(value, str) and value else None


def _cache_moment(published: object) -> datetime | None:
    """An item's date as the cache keeps it (seconds since 1970), where it is one."""
    return datetime.fromtimestamp(published, AMSTERDAM) if isinstance(published, int) and 0 < published < 2**37 else None


def _digest(value: object) -> str | None:
    """A text of the cache's as a digest of a bounded size, which tells it from another as the text itself does."""
    text = _text(value)
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest() if text else None
