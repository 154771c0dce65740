"""The article store: one SQLite database in WAL mode (stdlib sqlite3).

    articles    one row per story: everything the list shows, without the body. Rows are
                kept in the order they were written (`seq`, the table's own key), so that
                storing is appending; the story's id read as a number (`key`) finds a row
                through an index, and an index on (sort_time, key) gives the list order. Each knows the
                source it is filed by (`source`), and the one whose text it shows where that is another
                (`text_source`, merge; none in a row kept before format 19: it shows its filing source's)
    bodies      the full text of full articles, by the `seq` of their row, read on demand
    search      FTS5 over title, place, lead and body, by the article's key
                (contentless and without positions: a sixth of the size, three times as fast to build;
                with an index of three-letter prefixes, for the first letters typed in the app's search)
    validators  what each fetched URL answered last (ETag, Last-Modified), by the URL without its password, and with
                a hash of its user name keyed by the library's `account_key` (meta) in place of the name; with the
                source (config.toml's URL, kept as a URL is) it was fetched for, or the sources, a line each, where
                several share it (Writer.note_validators): none in a row kept before format 13 (or, before format 16,
                in one fetched for two sources), until it is fetched again; and the feed a page's answer led to (""
                for none; none in a row of a source's own address kept before format 17, whose page is then fetched
                whole once: Validator.feed, with_feeds_known); and the reading of feeds and pages that read the answer
                (web.http.READING), none in a row kept before format 22, which is then not sent: Validators.headers)
    renamed     articles whose id changed (old → new) while their read and starred marks, kept apart
                (state.py), are still to go with them: moved after the change is committed, again at the
                next opening if a crash came first
    imports     files and folders imported, for re-importing them
    newsboat_read  the items of newsboat's caches whose read mark an import applied, each by a hash of its feed and
                guid (and those whose flags it applied as a star, by a hash of another kind): the next import applies
                it no more, so a mark the reader changed here since stays
    guids       what a source's feed knows each story by besides its link (its entry's guid, where that is not the
                link itself), by a hash of the source and guid, with the key of the story's article: a story seen
                at another link is known by it still (Writer._known_by_guid), as newsboat knows it; and how the
                guid's item last looked (its date and a hash of its title: writer._Look), which a story's stored
                date, the earliest seen, may not be (none in a row kept before format 18, until it is seen again)
    first_links the link each story that moved so was first stored at, by the key of its article (none: its link is
                still its first): what exports and served feeds know it by, as their subscribers do; and the key of
                the address it is at now (`at`, rows.present_key), by which an item there of another source, file or
                copy is found to be it (Writer._at_present_links; none in a row kept before format 22 until the upgrade)
    pruned      ids of pruned articles, so a source that still lists one does not bring it back, and the leads and days of
                those with one (`titled lead DAY KEY`, `untitled lead DAY KEY`: writer._lead_mark), so no other
                rendering of the story does; and each one's title and date (`story ID … title HASH`, `story ID
                published MICROS`: writer._story_marks), so its guid keeps away only the story moved, not another
                story a feed gives that guid later
    source_titles  what each source (as articles name it) calls itself, as last fetched or imported: a feed's
                title, a page's (the app names the source by it where config.toml gives it no title)
    meta        format, version, counters, when the articles last changed (`changed`), the key of the
                hashes of user names (`account_key`), and whether a prune's space is still to be given back
                (SPACE_NOTE: Database.give_back_space)

A library of an older version is brought up to this one when it is first opened:
in place, in one transaction (UPGRADES), so it is all done or not at all.

WAL lets the app read while a fetch writes; neither blocks the other. A write
is one transaction (BEGIN IMMEDIATE … COMMIT), so a whole fetch run or import
is all there or none of it. Writers queue behind each other with a busy timeout
instead of failing with "database is locked".

Each write of a row gives it the next number of a sequence (`seq`): a story
written again is deleted and appended anew. Ids are hashes, so a table kept in
their order takes every new row at a random place, and at 100,000 full
articles a big ingest spent most of its time splitting and rewriting pages all
over the file; appended rows fill pages one after another (a third of the
time at 10,000, a quarter at 100,000, bench/README.md).

Indexing text costs more than storing it, so the search index is brought up to
date lazily (`catch_up_search`): rows above the `indexed` mark of the sequence
are indexed on demand, in batches, by whoever wants to search; a row that is
written again leaves the index until then. The same sequence tells a reader
what changed since it looked. The index knows an article by its key, so a
search answers with ids without a look-up per hit.

Every index costs each stored row a B-tree insertion, so there are three:
key, list order, and lead (to recognise a story seen without its title).
Sections are few: choosing one scans the list order.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

from feeds.clean import clean_line, clean_name, shown_path
from feeds.errors import StorageError, sqlite_code, sqlite_reason, why
from feeds.files import file_identity
from feeds.language import gettext as _
from feeds.language import megabytes
from feeds.model import Article, Entry
from feeds.store.rows import COLUMNS, SUMMARY, Row, decode_text, entry_from_row, key_of, micros, present_key, record, search_text, ticker_key
from feeds.urls import article_id, with_user_keyed, without_credentials, without_password

FORMAT = "nieuws-tui library"
VERSION = 22
# The tables and indexes of articles, by themselves: an upgrade builds them anew.
_ARTICLE_TABLES = (
    """CREATE TABLE articles (
        seq INTEGER PRIMARY KEY,
        key INTEGER NOT NULL,
        id TEXT NOT NULL,
        url TEXT NOT NULL,
        title TEXT NOT NULL,
        section TEXT,
        place TEXT,
        agencies TEXT NOT NULL,
        lead TEXT NOT NULL,
        published TEXT,
        age TEXT,
        kind TEXT NOT NULL,
        rubric TEXT,
        title_from_lead INTEGER NOT NULL,
        first_seen TEXT NOT NULL,
        source TEXT,
        sort_time INTEGER NOT NULL,
        lead_key TEXT,
        author TEXT,
        text_source TEXT
    )""",
    "CREATE TABLE bodies (seq INTEGER PRIMARY KEY, body TEXT NOT NULL)",
)
# The stories at a link with a fragment: items of one link told apart by their guids (urls.item_link), few in any
# library, sought by the link they share (Writer._given_anew). A query finds them by this index only with the
# index's own condition, FRAGMENT_LINK, among its terms. A library made before it has it made where first sought:
# no format step, which an older nieuws-tui (a cron job's install) would refuse the library for, only for an index.
FRAGMENT_LINK = "instr(url, '#') > 0"
FRAGMENT_INDEX = "articles_at_fragments"
FRAGMENT_LINKS = f"CREATE INDEX IF NOT EXISTS {FRAGMENT_INDEX} ON articles (url) WHERE {FRAGMENT_LINK}"
_ARTICLE_INDEXES = (
    "CREATE UNIQUE INDEX articles_by_key ON articles (key)",
    "CREATE INDEX articles_by_time ON articles (sort_time, key)",
    "CREATE INDEX articles_by_lead ON articles (lead_key) WHERE lead_key IS NOT NULL",
    FRAGMENT_LINKS,
)
# The search table: `min*`, the first query a reader's typing makes, takes a quarter of the time with the
# prefixes of three letters indexed too (bench/bench_search_index.py), for 70% more index.
SEARCH_TABLE = "CREATE VIRTUAL TABLE search USING fts5 (title, text, content='', detail=none, prefix='3', tokenize='unicode61 remove_diacritics 2')"
# A row into the search index, by its key, with search_text(); and out of it: a contentless index forgets a row only
# when told the text it was given.
INDEX = "INSERT INTO search (rowid, title, text) VALUES (?, ?, ?)"
UNINDEX = "INSERT INTO search (search, rowid, title, text) VALUES ('delete', ?, ?, ?)"
VALIDATORS_TABLE = "CREATE TABLE validators (url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, source TEXT, feed TEXT, reading INTEGER) WITHOUT ROWID"
RENAMED_TABLE = "CREATE TABLE IF NOT EXISTS renamed (old TEXT PRIMARY KEY, new TEXT NOT NULL) WITHOUT ROWID"
_NEWSBOAT_READ_TABLE = "CREATE TABLE IF NOT EXISTS newsboat_read (item BLOB PRIMARY KEY) WITHOUT ROWID"
# A hash of the source and guid (Writer's guid_key), the key of the article (rows.key_of), and how the guid's item
# last looked: its date (micros), and a hash of its title (writer._Look).
GUIDS_TABLE = "CREATE TABLE IF NOT EXISTS guids (guid INTEGER PRIMARY KEY, article INTEGER NOT NULL, published INTEGER, title TEXT)"
# The key of a story's article (rows.key_of), the link it was first stored at (Article.first_url), and the key of the
# address it is at now (rows.present_key), sought by that key through its index for each item not found by its own.
FIRST_LINKS_TABLE = "CREATE TABLE IF NOT EXISTS first_links (article INTEGER PRIMARY KEY, url TEXT NOT NULL, at INTEGER)"
FIRST_LINKS_AT = "CREATE INDEX IF NOT EXISTS first_links_at ON first_links (at) WHERE at IS NOT NULL"
SOURCE_TITLES_TABLE = "CREATE TABLE IF NOT EXISTS source_titles (source TEXT PRIMARY KEY, title TEXT NOT NULL) WITHOUT ROWID"
_V3_COLUMNS = "key, id, url, title, section, place, agencies, lead, published, age, kind, rubric, title_from_lead, first_seen, source, sort_time, lead_key, author"
Step = str | Callable[[sqlite3.Connection], None]  # a statement, or a function given the connection


def key_without_credentials(connection: sqlite3.Connection) -> None:
    """Give each article the id of its address without a user name and password, in the transaction at hand.

    Until format 8 an article of a page fetched with a password had an id made from its address with it (format 7
    took the password out of the stored link, not out of the id): a changed password made each such article a new
    one, unread, beside the old. The sightings of one story under several passwords, and under none, become one:
    the row written last of those with the most text, first seen when the first was. What they were known by goes
    into `renamed`, for their marks to follow (Library). The search index, which knows an article by its id, is made anew."""
    # A list order that is no number (only damage stores one) is read as one, so that it can be compared.
    select = "SELECT seq, id, url, kind, first_seen, CAST(sort_time AS INTEGER) FROM articles"
    rows: list[tuple[int, str, str, str, str, int]] = connection.execute(select).fetchall()
    renamed = {row[1]: new for row in rows if (new := _id_of(row[2])) is not None and new != row[1]}
    if not renamed:
        return
    sightings: dict[str, list[tuple[int, str, str, int, int]]] = {new: [] for new in renamed.values()}  # seq, kind, first seen, list order, micros
    for row in rows:
        sightings.get(renamed.get(row[1], row[1]), []).append((row[0], row[3], row[4], row[5], _micros_of(row[4]) or row[5]))
    kept, gone = [], []
    for new, seen in sightings.items():
        last = max(seen, key=lambda s: (s[1] == "full", s[0]))
        first = min(seen, key=lambda s: s[4])
        kept.append((new, key_of(new), first[2], min(last[3], first[4]), last[0]))  # listed by when first seen if it has no date of its own
        gone += [(s[0],) for s in seen if s is not last]
    connection.executemany("DELETE FROM articles WHERE seq = ?", gone)
    connection.executemany("DELETE FROM bodies WHERE seq = ?", gone)
    connection.executemany("UPDATE articles SET id = ?, key = ?, first_seen = ?, sort_time = ? WHERE seq = ?", kept)
    connection.executemany("INSERT OR REPLACE INTO renamed (old, new) VALUES (?, ?)", renamed.items())
    connection.execute("DROP TABLE search")
    connection.execute(SEARCH_TABLE)
    connection.execute("UPDATE meta SET value = 0 WHERE key = 'indexed'")


def _id_of(url: object) -> str | None:
    """The id of the article at a stored address; None for one that is no text or that no parser reads (`http://[x`,
    only damage stores one): such an article keeps the id it has, rather than the upgrade failing."""
    try:
        return article_id(url) if isinstance(url, str) else None
    except ValueError:
        return None


def as_text(row: tuple[bytes | None, ...]) -> tuple[str | None, ...] | None:
    """A row of text columns read as blobs (`CAST(… AS BLOB)`), as text; None when a value is damaged into bytes
    that are no UTF-8, which sqlite3 refuses to read as text, failing the whole query and whatever needed it."""
    try:
        return tuple(value.decode("utf-8") if value is not None else None for value in row)
    except UnicodeDecodeError:
        return None


def new_account_key() -> str:
    """The key of the hashes of user names in a library's validators (with_user_keyed), random for each library."""
    return secrets.token_hex(16)


def account_key(connection: sqlite3.Connection) -> str:
    """The library's key of the hashes of user names (meta `account_key`); the empty key where damage lost it, which
    only makes each account's next fetch a whole one."""
    row = connection.execute("SELECT value FROM meta WHERE key = 'account_key'").fetchone()
    return str(row[0]) if row else ""


def key_user_names(connection: sqlite3.Connection) -> None:
    """Keep each account's validators by a keyed hash of its user name, in the transaction at hand: until format 9 they
    were kept by the user name in clear, which is often a secret token (`https://TOKEN@host/feed`). Every validator
    stays, each still its account's own."""
    connection.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('account_key', ?)", (new_account_key(),))
    key = account_key(connection)
    # Read as bytes, and only the addresses: a value stored as text that is no UTF-8 (only damage makes one) made
    # the upgrade fail, and every opening after it. Such an address is left as it is, as _on_text leaves one.
    rows: list[tuple[bytes]] = connection.execute("SELECT CAST(url AS BLOB) FROM validators WHERE typeof(url) = 'text'").fetchall()
    urls = [url for (url,) in filter(None, map(as_text, rows)) if url is not None]
    named = [(keyed, url) for url in urls if (keyed := with_user_keyed(url, key)) != url]
    # A deleted row's bytes stay in its page where SQLite is built as its makers ship it (secure_delete off): the
    # names would stay in the file, in clear. Zeroed for this step only, which rewrites a few pages.
    kept = connection.execute("PRAGMA secure_delete").fetchone()[0]
    connection.execute("PRAGMA secure_delete = ON")
    try:
        connection.executemany("UPDATE OR REPLACE validators SET url = ? WHERE url = ?", named)
    finally:
        connection.execute(f"PRAGMA secure_delete = {int(kept)}")


# An article's row as the steps before format 19 read it (SUMMARY, COLUMNS): none has a text source yet, nor the column.
_BEFORE_TEXT_SOURCES = "NULL AS text_source"

# The columns of an article in which a version before commit 1061e03 stored soft hyphens (and its body, in bodies).
_HYPHENED = ("title", "section", "place", "agencies", "lead", "age", "rubric", "author")
# An article row (of `articles`) that holds a soft hyphen where a fresh store leaves none; its body apart.
SOFT_HYPHENED = " OR ".join(f"instr({column}, char(173))" for column in _HYPHENED)
# An article's row as without_soft_hyphens reads it: its text as bytes (as_text), so that damage fails no query.
_WHOLE_AS_BYTES = ", ".join(
    f"a.{column}" if column in ("key", "title_from_lead") else _BEFORE_TEXT_SOURCES if column == "text_source" else f"CAST(a.{column} AS BLOB)"
    for column in SUMMARY.split(", ")
)
_WHOLE_AS_BYTES += ", CAST(a.lead_key AS BLOB), CAST(b.body AS BLOB)"


# Between the sources a validator was fetched for, where there are several (Writer.note_validators): no URL has a line break.
SHARED = "\n"


def _table_with(table: str, column: str, kind: str = "TEXT") -> Callable[[sqlite3.Connection], None]:
    """The step that gives a table a column, in the transaction at hand. Not where it has it already: as the tables
    added since format 8, which are made only where they are not (an upgrade from before the table makes it as this
    format has it); nor where the table is lost from the schema, which `check --repair` makes anew as this format has it."""

    def step(connection: sqlite3.Connection) -> None:
        columns = {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}
        if columns and column not in columns:
            connection.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")

    return step


def with_feeds_known(connection: sqlite3.Connection) -> None:
    """Say of each validator that is no source's own address that it leads to no feed (Validator.feed ""), in the
    transaction at hand: one kept before format 17 knows none, and is asked whole once (Validators.headers), which
    was every article's page and every feed a page led to. Only a
    source's own address is read for a feed it leads to; a row fetched for other sources than its own address (which
    it knows since format 13: Writer.note_validators) is an article's page, or a feed a page led to, which a fetch now
    keeps alike. A source's own address stays not known: the store cannot tell a feed from a page that led to one (the
    articles of both are the feed's items, their row is alike), and one taken for a feed would keep its page's feed from
    being asked while the page answers 304, the failure format 17 ends; nor a row that knows no source (kept before
    format 13, or before format 16 for two sources). A row damaged into no text is left as it is (as key_user_names);
    so are they all where a page of theirs is damaged, which must not fail the upgrade, and every opening with it: a
    fetch goes on without them, until `check --repair` empties them."""
    columns = {row[1] for row in connection.execute("PRAGMA table_info(validators)")}
    if "feed" not in columns:  # (the table lost: `check --repair` makes it anew)
        return
    # Read on a connection of its own, as last committed (no row has a feed yet): one that comes upon a damaged page
    # answers each later write that the file is malformed, the upgrade's COMMIT too (as Writer.validator_keys reads).
    # Rows of a library of a format before 13 know no source, a column this upgrade has only just made.
    file = next(row[2] for row in connection.execute("PRAGMA database_list") if row[1] == "main")
    select = "SELECT CAST(url AS BLOB), CAST(source AS BLOB) FROM validators WHERE typeof(url) = 'text' AND source IS NOT NULL"
    apart = sqlite3.connect(f"file:{uri_path(Path(file))}?mode=ro", uri=True, timeout=BUSY_TIMEOUT)
    try:
        if "source" not in {row[1] for row in apart.execute("PRAGMA table_info(validators)")}:
            return
        rows = apart.execute(select).fetchall()
    except sqlite3.DatabaseError as error:
        if sqlite_code(error) != sqlite3.SQLITE_CORRUPT:
            raise
        return
    finally:
        apart.close()
    led_nowhere = [(url,) for url, source in filter(None, map(as_text, rows)) if url is not None and source is not None and url not in source.split(SHARED)]
    connection.executemany("UPDATE validators SET feed = '' WHERE url = ?", led_nowhere)


def without_soft_hyphens(connection: sqlite3.Connection) -> None:
    """Leave the soft hyphens (U+00AD) out of stored articles, as a fresh store of each leaves them out since commit
    1061e03, in the transaction at hand: until then the search index split a word at one (`mi\\xadnister` was no
    `minister`), and a story seen again, without it, was another lead (a duplicate, once) or an update.

    Only the rows that hold one are read and written, in place: their ids (and so their marks), seq and list order
    stay; the lead key is made anew of a lead that changed. A row the index has is taken out of it with the text it
    was given and put back with the new one. A row that is damaged (text no UTF-8, a body that is no JSON, a value
    that cannot be read as an article's) is left as it is: the upgrade must not fail on it."""
    seqs = {seq for (seq,) in connection.execute(f"SELECT seq FROM articles WHERE {SOFT_HYPHENED}")}
    seqs |= {seq for (seq,) in connection.execute("SELECT seq FROM bodies WHERE instr(body, char(173))")}
    counter = connection.execute("SELECT value FROM meta WHERE key = 'indexed'").fetchone()
    try:
        indexed = int(counter[0])
    except (TypeError, ValueError):  # the counter lost to damage: what the index holds is not known, so it is made anew
        connection.execute("DROP TABLE search")
        connection.execute(SEARCH_TABLE)
        connection.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('indexed', 0)")
        indexed = 0
    select = f"SELECT {_WHOLE_AS_BYTES} FROM articles a LEFT JOIN bodies b USING (seq) WHERE a.seq = ?"
    for seq in sorted(seqs):
        found = _hyphenless_of(connection.execute(select, (seq,)).fetchone())
        if found is None or found[2] == found[1].article:
            continue
        row, stored, new = found
        old = stored.article
        written = record(Entry(new, first_seen=stored.first_seen))
        key = written.lead_key if new.lead != old.lead else row[-2]
        connection.execute(
            f"UPDATE articles SET {', '.join(f'{column} = ?' for column in _HYPHENED)}, lead_key = ? WHERE seq = ?",
            (*(getattr(written, column) for column in _HYPHENED), key, seq),
        )
        if written.body is not None:
            connection.execute("UPDATE bodies SET body = ? WHERE seq = ?", (written.body, seq))
        else:  # each block of it was a soft hyphen, which a fresh store keeps no block of
            connection.execute("DELETE FROM bodies WHERE seq = ?", (seq,))
        if seq <= indexed:
            connection.execute(UNINDEX, (row[0], *search_text(old)))
            connection.execute(INDEX, (row[0], *search_text(new)))


def with_present_links(connection: sqlite3.Connection) -> None:
    """Give each story that moved the key of the address it is at now (rows.present_key), in the transaction at hand:
    until format 22 an item at that address of another source (or an export read back, a newsboat cache) was not found
    to be the story, which its first link's id knows, and was stored beside it, unread. A row damaged into no text is
    left without one, as key_user_names leaves one."""
    if "at" not in {row[1] for row in connection.execute("PRAGMA table_info(first_links)")}:
        return  # (the table lost: `check --repair` makes it anew)
    connection.execute(FIRST_LINKS_AT)
    rows = connection.execute("SELECT f.article, CAST(a.id AS BLOB), CAST(a.url AS BLOB) FROM first_links f JOIN articles a ON a.key = f.article").fetchall()
    presents = []
    for article, *texts in rows:
        read = as_text(tuple(texts))
        if read is not None and read[0] is not None and read[1] is not None and (at := present_key(read[0], read[1])) is not None:
            presents.append((at, article))
    connection.executemany("UPDATE first_links SET at = ? WHERE article = ?", presents)


def with_ticker_keys(connection: sqlite3.Connection) -> None:
    """Give each ticker line stored before format 15 its key (rows.ticker_key), in the transaction at hand: without it
    the line and its text rendering stayed two stories, and `check` took the row for damaged (its key is not the one
    its fields make). A row that damage left unreadable keeps none."""
    lines = connection.execute(
        f"SELECT {COLUMNS.replace('text_source', _BEFORE_TEXT_SOURCES)} FROM articles WHERE kind = 'teaser' AND lead = '' AND lead_key IS NULL AND section IS NOT NULL AND published IS NOT NULL"
    ).fetchall()
    for row in lines:
        try:
            key = ticker_key(entry_from_row(row).article)
        except (ValueError, TypeError, KeyError, AttributeError):
            continue
        if key is not None:
            connection.execute("UPDATE articles SET lead_key = ? WHERE seq = ?", (key, row[-1]))


def _hyphenless_of(read: Row | None) -> tuple[Row, Entry, Article] | None:
    """A row as without_soft_hyphens reads it, with its text as text; the stored article, with its body; and the
    article without soft hyphens (_hyphenless). None for no row (a body without one), or a damaged one."""
    texts = as_text(tuple(value if isinstance(value, bytes) else None for value in read)) if read is not None else None
    if read is None or texts is None:
        return None
    row = tuple(text if isinstance(value, bytes) else value for text, value in zip(texts, read, strict=True))
    try:
        body, links, enclosures = decode_text(row[-1]) if row[-1] is not None else ((), (), ())
        stored = entry_from_row(row, body=body, links=links, enclosures=enclosures)
        return row, stored, _hyphenless(stored.article)
    except (ValueError, TypeError, KeyError):
        return None


def _hyphenless(article: Article) -> Article:
    """The article as a fresh store of it keeps it: what held a soft hyphen is a clean line, as a page's text is
    made one (a section a clean name, no block that is empty)."""

    def line(text: str) -> str:
        return clean_line(text) if "\xad" in text else text

    def optional(text: str | None) -> str | None:
        return line(text) if text is not None else None

    return article.with_changes(
        title=line(article.title),
        section=clean_name(article.section) if article.section is not None and "\xad" in article.section else article.section,
        place=optional(article.place),
        agencies=tuple(line(agency) for agency in article.agencies),
        lead=line(article.lead),
        age=optional(article.age),
        rubric=optional(article.rubric),
        author=optional(article.author),
        body=tuple(block._replace(text=line(block.text)) for block in article.body if line(block.text)),
        links=tuple(link._replace(text=line(link.text)) for link in article.links),
    )


# The stories a newsboat import before format 20 stored, which took newsboat's copy of an item (its feed's summary as
# often as not) for a full text, as a fetch of a summary never does. An import knows them by the moment it has them
# first seen: their date, which newsboat keeps in whole seconds, and as many microseconds after it as the item's place
# in newsboat's cache, a million at most in any cache but a hostile one (import_newsboat_cache); a fetch sees a story
# that close after its date almost never, and one it takes for a summary so is corrected by the next fetch of it.
# Each such story shows its filing source's text (none was another's yet), and was never seen earlier since, and is of
# a web feed: a file imported is first seen at its moment to the microsecond, and one dated as written looks alike.
IMPORTED_AS_FULL = (
    "UPDATE articles SET kind = 'teaser' WHERE kind = 'full' AND text_source IS NULL AND published IS NOT NULL"
    " AND (source LIKE 'http://%' OR source LIKE 'https://%')"
    " AND sort_time % 1000000 = 0 AND micros_of(first_seen) - sort_time BETWEEN 1 AND 999999"
)


# What brings a store of each older version to the next one: steps taken in order, in one transaction.
UPGRADES: dict[int, tuple[Step, ...]] = {
    # 3: a feed item's author; the links of an article's text are stored with its body.
    2: ("ALTER TABLE articles ADD COLUMN author TEXT",),
    # 4: rows in the order they were written, found by key through an index (version 3 gave a
    # refiled batch one seq; numbering the rows in (seq, key) order gives each its own); the search
    # table with prefixes, which is made anew: every article is indexed again when next searched.
    3: (
        "ALTER TABLE articles RENAME TO articles_v3",
        "ALTER TABLE bodies RENAME TO bodies_v3",
        "DROP INDEX articles_by_time",
        "DROP INDEX articles_by_lead",
        "DROP INDEX articles_by_seq",
        *_ARTICLE_TABLES,
        f"INSERT INTO articles (seq, {_V3_COLUMNS}) SELECT row_number() OVER (ORDER BY seq, key), {_V3_COLUMNS} FROM articles_v3",
        "INSERT INTO bodies (seq, body) SELECT a.seq, b.body FROM bodies_v3 b JOIN articles a USING (key)",
        "UPDATE meta SET value = 0 WHERE key = 'indexed'",
        "UPDATE meta SET value = (SELECT count(*) FROM articles) WHERE key = 'seq'",
        "DROP TABLE search",
        SEARCH_TABLE,
        "DROP TABLE articles_v3",
        "DROP TABLE bodies_v3",
        *_ARTICLE_INDEXES,
    ),
    # 5: section names as clean as a source's section now is (commit e1e508d): until then a source added with
    # `--section` could file its articles under escape sequences, bidi overrides and line breaks.
    4: ("UPDATE articles SET section = clean_name(section) WHERE section IS NOT clean_name(section)",),
    # 6: the list order of an article dated after it was first seen is when it was first seen (commit 9bffe09): until
    # then an item a feed dated 2099 stayed on top of every list and out of every prune, also once no feed gave it.
    5: ("UPDATE articles SET sort_time = micros_of(first_seen) WHERE sort_time > micros_of(first_seen)",),
    # 7: no user name or password of a source in the library: until then a source configured as
    # `https://user:secret@host/feed` was stored so in its articles' source (and a page's link), shown by
    # `list --json`, the app and exported feeds, and in the URL its ETag was kept by (which keeps the user name, so
    # that two accounts on one address have an ETag each; a record of format 7 is the one of the address without one).
    # The ids stayed, until 8.
    6: (
        "UPDATE articles SET source = without_credentials(source) WHERE source IS NOT without_credentials(source)",
        "UPDATE articles SET url = without_credentials(url) WHERE url IS NOT without_credentials(url)",
        "UPDATE OR REPLACE validators SET url = without_password(url) WHERE url IS NOT without_password(url)",
    ),
    # 8: an article known by its address without a user name and password, its id too (key_without_credentials).
    7: (RENAMED_TABLE, key_without_credentials),
    # 9: no user name in clear in the validators (key_user_names).
    8: (key_user_names,),
    # 10: the newsboat items whose read mark an import applied: until then each import applied every read mark of
    # newsboat's again, also to an article the reader had marked unread here since.
    9: (_NEWSBOAT_READ_TABLE,),
    # 11: the titles sources give themselves, for the app to name them by; known from the next fetch or import on.
    10: (SOURCE_TITLES_TABLE,),
    # 12: no soft hyphen in stored text (without_soft_hyphens).
    11: (without_soft_hyphens,),
    # 13: each validator knows the source it was fetched for, for a prune to forget those of a source taken out of
    # config.toml by hand (Writer.forget_pruned_pages): until then they were kept for good. A row kept before knows
    # none, and stays as it did.
    12: (_table_with("validators", "source"),),
    # 14: stories known by their feed's guid too (`guids`): until then a story whose link changed (http to https, a
    # tracking parameter) came again as a new one, unread. A story stored before is known by it once seen again.
    13: (GUIDS_TABLE,),
    # 15: a ticker line's key, which finds its text rendering (with_ticker_keys).
    14: (with_ticker_keys,),
    # 16: the link a story that moved was first stored at (`first_links`): until then an export or served feed gave
    # it its new link as id, and a feed reader showed it twice. A story that moved before keeps its link as it is.
    15: (FIRST_LINKS_TABLE,),
    # 17: the feed a page led to, asked when the page answers 304 (Validator.feed): until then a page that answered 304
    # made its source unchanged, its feed not asked, and a static page kept its feed's new items away for good. A row
    # kept before knows no feed: a source's own page is fetched whole once, and knows its feed from then on; an address
    # fetched for a source that is not its own leads to none (with_feeds_known).
    16: (_table_with("validators", "feed"), with_feeds_known),
    # 18: how each guid's item last looked (its date and title), which tells it moved: until then it was told by the
    # story's stored date, the earliest seen, and a story its feed dated anew (an edit, an Atom entry's `updated`), or
    # another source dated earlier, came again unread once it moved. A row kept before knows none until its item is
    # seen again, and is told by the stored story as before.
    17: (_table_with("guids", "published", "INTEGER"), _table_with("guids", "title")),
    # 19: whose text each story shows, where that is another source's than the one it is filed by (Article.text_source):
    # until then a second feed's shorter summary of a story was its text at every fetch of that feed, and the first
    # feed's at every fetch of the first, counted updated each time. A row kept before shows its filing source's.
    18: (_table_with("articles", "text_source"),),
    # 20: the stories a newsboat import stored as full texts taken for the summaries they are (IMPORTED_AS_FULL): until
    # then no summary of their feed replaced them, and the feed's edits of their title and text were never seen.
    19: (IMPORTED_AS_FULL, with_ticker_keys),
    # 21: the files a feed item brings along (Article.enclosures), kept with its text: until then a podcast's episode
    # lost its mp3, and an item of a file alone was left out. Nothing stored changes; code of format 20 would raise on
    # such a text (rows.decode_text), and refuses the library by its version. A story kept before has its files once
    # its item is seen again.
    20: (),
    # 22: the address each story that moved is at now (first_links `at`: with_present_links): until then an item at it of
    # another source, an export read back or a newsboat cache was stored as a second story at that address, unread.
    # And the reading of feeds and pages that read the answer each validator names (Validator.reading): until then an
    # answer an older reading left stories out of (a paragraph over 50,000 characters) was kept as read, and its 304
    # kept those stories away from this reading until the feed changed, for good once their items had left it. A row
    # kept before knows no reading, and is not sent: each source is fetched whole once.
    21: (_table_with("first_links", "at", "INTEGER"), with_present_links, _table_with("validators", "reading", "INTEGER")),
}


def _micros_of(value: str | bytes | int | float | None) -> int | None:
    """micros() of a stored ISO 8601 moment for SQL; None for what only damage stores, which the upgrade leaves."""
    try:
        return micros(datetime.fromisoformat(value)) if isinstance(value, str) else None
    except (ValueError, TypeError, OverflowError):  # TypeError: a moment without its zone
        return None


SqlValue = str | bytes | int | float | None


def _on_text(function: Callable[[str], str | None]) -> Callable[[SqlValue], SqlValue]:
    """`function` for SQL: a value that is no text (only damage makes one) is left as it is."""

    def on_text(value: SqlValue) -> SqlValue:
        return function(value) if isinstance(value, str) else value

    return on_text


# Stories of a few kB each: in 16 kB pages a big fetch writes its WAL and checkpoints it in a quarter of
# the system calls of SQLite's 4 kB, and its commit takes about half the time (bench/README.md).
PAGE_SIZE = 16384
BUSY_TIMEOUT = 300.0  # a writer waits this long for another one (a fetch run) to finish
WAIT_SAID = 1.0  # a writer that waits longer for another one says so, and waits a step at a time (Database.begin)
# What a write-ahead log is cut back to each time it starts over (journal_size_limit): a prune of 90,000 articles, or a
# big fetch, left it at hundreds of MB for good, as long as any process (the app, cron) had the library open.
WAL_KEPT = 32 * 1024 * 1024
# A prune that removes at least a tenth as many articles as it leaves is one of many (Writer.prune).
MANY_REMOVED = 10
# Free pages of fewer than a twentieth of the file are not worth making it anew for (a prune of many leaves a tenth or more).
LITTLE_FREE = 20
# How long giving back space after a prune waits for readers of the log (the app) before it leaves that to later.
READERS_WAIT = 2.0
# The row of `meta` that says a prune's space is still to be given back (Database.give_back_space).
SPACE_NOTE = "space to give back"

@contextmanager
def waiting(connection: sqlite3.Connection, seconds: float) -> Iterator[None]:
    """What is done on the connection waits this long for another writer (or the log's readers), not BUSY_TIMEOUT."""
    connection.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")
    try:
        yield
    finally:
        connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")


SCHEMA = ";\n".join(
    (
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID",
        *_ARTICLE_TABLES,
        *_ARTICLE_INDEXES,
        SEARCH_TABLE,
        VALIDATORS_TABLE,
        "CREATE TABLE imports (path TEXT PRIMARY KEY) WITHOUT ROWID",
        "CREATE TABLE pruned (id TEXT PRIMARY KEY, pruned_at TEXT NOT NULL) WITHOUT ROWID",
        RENAMED_TABLE,
        _NEWSBOAT_READ_TABLE,
        SOURCE_TITLES_TABLE,
        GUIDS_TABLE,
        FIRST_LINKS_TABLE,
        FIRST_LINKS_AT,
    )
) + ";"
COUNTERS = ("seq", "indexed")


# How SQLite names the files it keeps beside a database, after the database's own name.
SIDECAR_ENDS = ("-wal", "-shm", "-journal")


def sqlite_sidecars(path: Path) -> tuple[Path, ...]:
    """The files SQLite keeps beside the database at `path` while it is open, or leaves after a crash: its
    write-ahead log first, then the log's index and the rollback journal."""
    return tuple(path.with_name(path.name + end) for end in SIDECAR_ENDS)


class LibraryBusy(StorageError):
    """Another process holds the write lock for longer than this writer would wait."""


class DamagedDatabase(StorageError):
    """A page SQLite found damaged (SQLITE_CORRUPT) where it read: of the table the statement read, as `check` finds."""


class UnwritableLibrary(StorageError):
    """A library nothing can write (_unwritable), opened by what would write it or read it for long (the app, serve, a
    fetch): only the commands that read it once read it there (Database's unwritable_ok). And one nothing can write
    that nothing can read there either (_log_it_cannot_read): no damage, nor anything to wait for."""


class NotALibrary(StorageError):
    """A database that is whole, but no nieuws-tui library this version reads: another program's (newsboat's
    cache.db), or one of a format version this nieuws-tui does not know; or a file that is no database at all (a
    config.toml or a picture named as the library, _foreign). No repair makes it one."""


# How every SQLite database file begins: what tells a library damaged past it, to restore, from no database at all.
SQLITE_HEADER = b"SQLite format 3\0"


# The files (device and inode) connections of this process are open on, with how many: in WAL mode each that read
# the file holds a lock on it for as long as it is open, which any descriptor of it this process closes lets go of.
_held: Counter[tuple[int, int]] = Counter()
_held_lock = threading.Lock()


def _hold(identity: tuple[int, int] | None, count: int) -> None:
    """Count a connection on the file `identity` as open (1) or closed (-1)."""
    if identity is not None:
        with _held_lock:
            _held[identity] += count
            if _held[identity] <= 0:
                del _held[identity]


def _foreign(path: Path) -> bool:
    """The file is not empty, and does not begin as every SQLite database does (a config.toml, a picture, a text in
    UTF-16, which reads as text with NUL bytes): no library, which no repair makes one. A library damaged past those
    16 bytes, even in the rest of its header, is one still: damaged, to restore from a backup. Read only where it
    cannot be a database in use (refuse_no_library): where SQLite read no database in it, or shorter than a page.
    And never where a connection of this process is open on it (a library whose first page was damaged or written
    over while this process has it open, which another of its connections then reads no database in): closing the
    descriptor would let go of the locks that connection holds."""
    with _held_lock:  # (held while it reads: a connection counted from then on reads the file after)
        if file_identity(path) in _held:
            return False
        try:
            with path.open("rb") as file:
                start = file.read(len(SQLITE_HEADER))
        except OSError:
            return False
    return bool(start) and start != SQLITE_HEADER


# The smallest page a database has, and so the shortest file that can be a database in use: one shorter is read here.
SMALLEST_PAGE = 512


def refuse_no_library(path: Path) -> None:
    """StorageError where the file at `path` cannot be a library at all, said before anything is made or moved for it
    (check --repair's marks: a config.toml or an empty file named by mistake got a folder of marks made beside it):
    one that cannot be read; NotALibrary for an empty one (a library is made whole, then moved into place: none is
    empty), and where it is no database at all (_foreign), said as SQLite says it of one it reads.

    A file shorter than a page (which SQLite takes for an empty database) is read here; a longer one only by SQLite
    (Database.check_format). Any descriptor of a file this process closes lets go of every lock the process holds
    on it (POSIX), and reading the first bytes of a library the app had open let another process's SQLite take the
    app's locks for gone: it deleted the WAL from under the app's connection, which then read an old snapshot for
    good, and new connections read the file as damaged."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise StorageError(_("{path}: cannot read ({reason})").format(path=shown_path(path), reason=why(error))) from None
    # A file named by mistake (the library's lock file), far likelier than a library cut to nothing; but not one that
    # only says it is empty (/proc/version): it is no library, with nothing to restore.
    if size == 0 and not _foreign(path):
        raise NotALibrary(_("{path}: an empty file, not a nieuws-tui library (or one emptied: restore it from a backup); left "
                            "untouched — name the library's file, or move this one aside to start a new library").format(path=shown_path(path)))  # fmt: skip
    if size < SMALLEST_PAGE and _foreign(path):
        raise NotALibrary(f"{shown_path(path)}: {_no_database(sqlite_reason(sqlite3.SQLITE_NOTADB))}")


def _no_database(reason: str) -> str:
    """What a file SQLite reads no database in is, after its name."""
    return _("not a library database, or damaged from its first page on ({reason}); left untouched — restore it from a backup, "
             "or move it aside to start a new library").format(reason=reason)  # fmt: skip


def _busy(error: sqlite3.Error) -> bool:
    return sqlite_code(error) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def _kind(error: sqlite3.Error, path: Path) -> type[StorageError]:
    """The StorageError a failure of the database at `path` is: a file SQLite reads no database in that does not begin
    as a database does is none to repair or wait for (NotALibrary), as serve, which waits for a damaged or busy
    library, must know; a damaged page (DamagedDatabase) is the damage of what was read, which a fetch goes on
    without where that is the validators. So is a table lost from the schema (`check` says it damaged alike)."""
    if _busy(error):
        return LibraryBusy
    if sqlite_code(error) == sqlite3.SQLITE_CORRUPT or (sqlite_code(error) == sqlite3.SQLITE_ERROR and str(error).startswith("no such table")):
        return DamagedDatabase
    if sqlite_code(error) == sqlite3.SQLITE_NOTADB and _foreign(path):
        return NotALibrary
    return StorageError


def describe(error: sqlite3.Error, path: Path, opening: bool = False) -> str:
    """What a damaged or unusable database file at `path` means to the reader of an error line; `opening`: the error
    came while a connection was made, which reads no page but the first, where the schema is."""
    code = sqlite_code(error)
    if code == sqlite3.SQLITE_NOTADB:  # nothing in it can be read, by check neither
        return _no_database(why(error))
    if code == sqlite3.SQLITE_CORRUPT and opening:  # check could only say the same: no table can be found without it
        return _("its schema (the first page, which says where each table is) is damaged ({reason}); left untouched — "
                 "`nieuws-tui check --repair` cannot mend it: restore the library from a backup").format(reason=why(error))
    if code == sqlite3.SQLITE_CORRUPT:
        return _("damaged ({reason}); left untouched — `nieuws-tui check` says which part, and whether `check --repair` can "
                 "make it anew; else restore it from a backup").format(reason=why(error))
    if _busy(error):
        return _("busy: another nieuws-tui process has been writing for over {seconds:.0f} s").format(seconds=BUSY_TIMEOUT)
    if code == sqlite3.SQLITE_CANTOPEN:  # SQLite does not say why; the system does, when asked about the file
        try:
            if not os.path.isfile(path):
                os.close(os.open(path, os.O_RDWR | os.O_NONBLOCK))  # (none there, a folder: no database's locks to lose)
            elif not os.access(path, os.R_OK | os.W_OK):  # not opened: its closing would let go of this process's locks on it
                raise _refusal(path)
        except OSError as refused:
            return why(refused)
    return why(error)


def _refusal(path: Path) -> OSError:
    """Why a file that is there is not written: its disk is mounted read-only (or remounted so), else permissions.
    OSError where even that cannot be asked."""
    refused = errno.EROFS if os.statvfs(path).f_flag & os.ST_RDONLY else errno.EACCES
    return OSError(refused, os.strerror(refused))


def _unwritable(path: Path) -> bool:
    """No process can write the library at `path`, nor start to while it is read: its file system is mounted
    read-only, or the file itself, or its folder, has no write permission for anyone (no writer can open the file
    for writing then, nor make the log it writes into first); and no log is beside it.

    Only such a library is opened `immutable`: SQLite then reads it without the locks and the shared memory (`-shm`)
    it would have to make beside it, and sees no write by any other process. One that another user or process may
    write (a folder only this user may not write in) would be read as it stands, half-written pages included; and a
    log left beside it (by a crash, or one being written) would be passed over, and its writes with it. Such a
    library keeps SQLite's own refusal. (root writes past permissions, and a chmod can give them back: neither is a
    process that shares a library it cannot write.) Nor one with a log (`-wal`, `-journal`) beside it, empty or not:
    SQLite leaves one while a connection is open, and a read-only mount shows it of a writer on another mount (a
    container's view of a library its host's cron fetches into), whose writes would be read torn. Shared memory
    alone is no such sign (one copied without its log): a connection makes the log before it, and removes it before
    the log; and with no log, every write committed is in the file."""
    wal, _shm, journal = sqlite_sidecars(path)
    try:
        return not (wal.exists() or journal.exists()) and _no_one_writes_in(path)
    except OSError:
        return False


def _no_one_writes_in(path: Path) -> bool:
    """The file at `path` is on a file system mounted read-only, or it or its folder has no write permission for
    anyone. OSError where that cannot be asked."""
    if os.statvfs(path).f_flag & os.ST_RDONLY:
        return True
    return any(not os.stat(place).st_mode & 0o222 for place in (path, path.parent))


def _log_it_cannot_read(path: Path) -> UnwritableLibrary | None:
    """What a library nothing can write, with a log beside it that SQLite must read first and cannot there, is told.

    Its write-ahead log (`-wal`) without the log's shared memory (`-shm`): one copied without it (a backup that left
    out `*-shm`). The log may hold writes committed since they were last copied into the file, which SQLite reads
    only through the shared memory it makes, and cannot there; read without them (immutable), the library could be
    read as a checkpoint left it half-copied.

    Its rollback journal (`-journal`, with no `-wal`): a writer in rollback mode (the sqlite3 shell, a crash of one)
    stopped in the middle of a change; the journal holds what the pages were before it, which a writer must put back
    before anything reads the file, and none can there. Read without it (immutable), the change would be read half
    made. None for any other."""
    wal, shm, journal = sqlite_sidecars(path)
    try:
        log = wal if wal.exists() else journal if journal.exists() else None
        if log is None or (log == wal and shm.exists()) or not _no_one_writes_in(path):
            return None
    except OSError:
        return None
    if log == wal:
        said = _("{path}: cannot be read here: its log {log} beside it may hold its latest changes, which SQLite reads only with "
                 "the shared memory file ({shared}) it cannot make where nothing can be written; copy the library with its log "
                 "to a folder that can be written, and read it there")  # fmt: skip
    else:
        said = _("{path}: cannot be read here: its journal {log} beside it may hold a change a writer left half made, which "
                 "SQLite must undo from it before it reads, and cannot where nothing can be written; copy the library with "
                 "its journal to a folder that can be written, and read it there")  # fmt: skip
    return UnwritableLibrary(said.format(path=shown_path(path), log=log.name, shared=shm.name))


class Database:
    """Connections to one SQLite file: one per thread, the way sqlite3 wants them.

    A thread that ends leaves its connection behind; it is closed when the next
    thread connects, so a server answering each client on a new thread keeps
    as many connections as it has threads alive.
    """

    def __init__(self, path: Path, read_only: bool = False, *, unwritable_ok: bool = False) -> None:
        """`read_only`: connections that never write the file, not even on closing, when the last connection to a
        database copies its log into it (see Library's `read_only`). `unwritable_ok`: a library no process can write
        (_unwritable), which SQLite cannot open as it opens others, is opened to be read all the same, by a command
        that reads it once (see Library's)."""
        self.path = path
        self.read_only = read_only
        self.unwritable_ok = unwritable_ok
        self.unwritable = False  # opened so, to be read: each write is refused (cannot_write)
        self._local = threading.local()
        self._all: dict[threading.Thread, sqlite3.Connection] = {}
        self._files: dict[sqlite3.Connection, tuple[int, int] | None] = {}  # the file each read a database in (_held)
        self._all_lock = threading.Lock()

    @property
    def exists(self) -> bool:
        return self.path.exists()

    @property
    def wal(self) -> Path:
        return sqlite_sidecars(self.path)[0]

    @contextmanager
    def errors(self, opening: bool = False) -> Iterator[None]:
        """Any SQLite failure inside becomes one StorageError line that names the file (`opening`: see describe)."""
        try:
            yield
        except sqlite3.Error as error:
            raise _kind(error, self.path)(f"{shown_path(self.path)}: {describe(error, self.path, opening)}") from None

    def connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            with self.errors(opening=True):
                # mode=rw: reading a library never creates one; `create` does that on purpose.
                try:
                    connection, identity = self._connect("ro" if self.read_only else "rw")
                except sqlite3.Error as error:
                    # SQLite reads a library in WAL mode with its shared memory beside it (`-shm`), which it cannot make
                    # in a read-only folder (SQLITE_READONLY) or file system (SQLITE_CANTOPEN): even `list` failed.
                    if sqlite_code(error) not in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN):
                        raise
                    if (unreadable := _log_it_cannot_read(self.path)) is not None:
                        raise unreadable from None
                    if not _unwritable(self.path):
                        raise
                    if not self.unwritable_ok:
                        raise self.cannot_write(opening=True) from None
                    connection, identity = self._connect("ro&immutable=1")
                    self.unwritable = True
            self._local.connection = connection
            with self._all_lock:
                for thread in [t for t in self._all if not t.is_alive()]:
                    self._release(self._all.pop(thread))
                self._all[threading.current_thread()] = connection
                self._files[connection] = identity
        return connection

    def _connect(self, mode: str) -> tuple[sqlite3.Connection, tuple[int, int] | None]:
        """A connection to the file in `mode` (of SQLite's URI), its first page read; and the file it is open on."""
        connection = sqlite3.connect(f"file:{uri_path(self.path)}?mode={mode}", uri=True, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False)
        identity = file_identity(self.path)
        _hold(identity, 1)  # before its first read, which may leave it holding locks on the file (_foreign)
        try:
            # The first page read, here: PRAGMA synchronous reads it (and the schema), so a file that holds no
            # database is said as the connection is made, by one that holds no lock on it then, and is let go of
            # first (_foreign).
            connection.execute("PRAGMA synchronous = NORMAL")  # WAL: a commit survives a crash of the process
            connection.execute("PRAGMA cache_size = -16000")
            connection.execute(f"PRAGMA journal_size_limit = {WAL_KEPT}")
        except BaseException:
            connection.close()
            _hold(identity, -1)
            raise
        return connection, identity

    def _release(self, connection: sqlite3.Connection) -> None:
        connection.close()
        _hold(self._files.pop(connection, None), -1)

    def begin(self, wait: float | None = None, waits: Callable[[], None] | None = None) -> sqlite3.Connection:
        """This thread's connection, in a write transaction (BEGIN IMMEDIATE); `wait` shortens how long to wait
        for another writer (BUSY_TIMEOUT; LibraryBusy after it). `waits` is told once the wait is a long one (past
        WAIT_SAID). Waited for a second at a time: SQLite's wait holds Python's signals back until it returns, and
        Ctrl-C or a SIGTERM did nothing for minutes."""
        connection = self.connection()
        if self.unwritable:
            raise self.cannot_write()
        given_up = time.monotonic() + (BUSY_TIMEOUT if wait is None else wait)
        told = False
        with self.errors():
            while True:
                try:
                    with waiting(connection, max(0.0, min(WAIT_SAID, given_up - time.monotonic()))):
                        connection.execute("BEGIN IMMEDIATE")
                    return connection
                except sqlite3.OperationalError as error:
                    if not _busy(error) or time.monotonic() >= given_up:
                        raise
                if waits is not None and not told:
                    told = True
                    waits()

    def cannot_write(self, opening: bool = False) -> UnwritableLibrary:
        """What a write to a library opened `unwritable` is told, rather than SQLite's "attempt to write a readonly
        database", which said nothing of why; `opening`: what the opening of one that nothing can write is told by
        what would write it, or read it for long."""
        try:
            reason = why(_refusal(self.path))
        except OSError as error:
            reason = why(error)
        if opening:
            said = _("{path}: the library cannot be written ({reason}); there, only `list`, `sections`, `export`, `check`, `prune --dry-run` and `sources list --imported` read it")
        else:
            said = _("{path}: the library cannot be written ({reason}); it can only be read here")
        return UnwritableLibrary(said.format(path=shown_path(self.path), reason=reason))

    def close(self) -> None:
        with self._all_lock:
            for connection in self._all.values():
                self._release(connection)
            self._all.clear()
        self._local = threading.local()

    @classmethod
    def create(cls, path: Path) -> None:
        """A new, empty store at `path` (which must not exist yet, or be empty)."""
        connection = sqlite3.connect(path, isolation_level=None)
        try:
            connection.execute(f"PRAGMA page_size = {PAGE_SIZE}")  # only a new file takes it: before WAL and the tables
            connection.execute("PRAGMA journal_mode = WAL")
            connection.executescript("BEGIN;" + SCHEMA)  # left open: the counters go in with the tables
            connection.executemany(
                "INSERT INTO meta VALUES (?, ?)",
                # Dated a second before it is made: the empty library has a second of its own, and its first change,
                # often made in the same second, need not be dated ahead of the clock (note_change).
                [("format", FORMAT), ("version", VERSION), ("account_key", new_account_key()), *((name, 0) for name in COUNTERS), ("changed", _record(0, datetime.now(timezone.utc) - timedelta(seconds=1)))],
            )
            connection.execute("COMMIT")
        finally:
            connection.close()

    def check_format(self, announce: Callable[[str], None] | None = None) -> None:
        """Refuse a file that is not a nieuws-tui store of this version, or that was cut short;
        bring one of an older version up to this one (`announce` is told first: it takes a while).
        The file refused first where it cannot be a library at all: refuse_no_library, which each caller calls
        (check --repair before anything is made for it)."""
        with self.errors():
            try:
                rows = dict(self.connection().execute("SELECT key, value FROM meta WHERE key IN ('format', 'version')").fetchall())
            except sqlite3.OperationalError as error:
                if "no such table" not in str(error):
                    raise
                rows = {}
        if (rows.get("format") is None or rows.get("version") is None) and self._has_articles():
            # The articles are there, their table `meta` (or its rows) lost to damage: no other program's file.
            lost = _("{path}: the table meta (the library's format and counters) is missing from the schema or damaged; "
                     "`nieuws-tui check --repair` cannot make it anew — restore the library from a backup")  # fmt: skip
            raise StorageError(lost.format(path=shown_path(self.path)))
        if rows.get("format") != FORMAT:
            raise NotALibrary(_("{path}: not a nieuws-tui library; left untouched").format(path=shown_path(self.path)))
        version = rows.get("version")
        if version != VERSION and version not in UPGRADES:
            unknown = _("{path}: library format version {version!r} is unknown to this nieuws-tui (it reads version {known}); left untouched")
            raise NotALibrary(unknown.format(path=shown_path(self.path), version=version, known=VERSION))
        self._check_length()
        if version != VERSION:
            if self.read_only:
                older = _("{path}: made by an older nieuws-tui (format version {version}); any nieuws-tui command, or serve started again, brings it up to date")
                raise StorageError(older.format(path=shown_path(self.path), version=version))
            if announce is not None:
                announce(_("{path}: bringing the library up to format version {version}, once; a big library takes a minute").format(path=shown_path(self.path), version=VERSION))
            self._upgrade()

    def _has_articles(self) -> bool:
        """The file's schema has a library's tables of articles, every version's (`articles`, `bodies`, `pruned`)."""
        with self.errors():
            names = {name for (name,) in self.connection().execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return {"articles", "bodies", "pruned"} <= names

    def _check_length(self) -> None:
        """Refuse a file shorter than its own header says. Measured inside one read transaction:
        its snapshot keeps another process's checkpoint from moving pages out of the WAL into
        the file between the measurements (which made a healthy library look cut short)."""
        connection = self.connection()
        with self.errors():
            connection.execute("BEGIN")
            try:
                connection.execute("SELECT 1 FROM meta LIMIT 1").fetchone()  # the snapshot starts at the first read
                if _size(self.wal):
                    return  # with a WAL, the file may lag behind on purpose
                pages, page_size = (connection.execute(f"PRAGMA {p}").fetchone()[0] for p in ("page_count", "page_size"))
                size = _size(self.path)
            finally:
                connection.execute("COMMIT")
        if size < pages * page_size:
            short = _("{path}: cut short ({size} of {expected} bytes); the library is damaged — restore it from a backup")
            raise StorageError(short.format(path=shown_path(self.path), size=size, expected=pages * page_size))

    def _upgrade(self) -> None:
        """Bring the store up to VERSION in one transaction; another process may have done so first."""
        connection = self.connection()
        try:
            connection.execute("BEGIN IMMEDIATE")
            connection.create_function("micros_of", 1, _micros_of, deterministic=True)
            for function in (clean_name, without_credentials, without_password):
                connection.create_function(function.__name__, 1, _on_text(function), deterministic=True)
            try:
                version = connection.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()[0]
                while version != VERSION:
                    for step in UPGRADES[version]:
                        if isinstance(step, str):
                            connection.execute(step)
                        else:
                            step(connection)
                    version += 1
                # An upgrade may rewrite articles without a change recorded: their date is the files' (changed) until the next one.
                connection.execute("DELETE FROM meta WHERE key = 'changed'")
                connection.execute("UPDATE meta SET value = ? WHERE key = 'version'", (VERSION,))
                connection.execute("COMMIT")
            except BaseException:
                if connection.in_transaction:  # SQLite may have undone it itself (a full disk): its error is the one to tell
                    connection.execute("ROLLBACK")
                raise
        except sqlite3.Error as error:
            failed = _("{path}: cannot bring the library up to format version {version} ({reason}); left as it was")
            raise StorageError(failed.format(path=shown_path(self.path), version=VERSION, reason=describe(error, self.path))) from None

    def give_back_space(self, connection: sqlite3.Connection) -> str | None:
        """Give the disk back the pages of many articles removed (a prune), after their removal is committed with the
        note that they are to be (SPACE_NOTE, Writer.prune); the note goes once they are. None, or the line that tells
        why they are kept for now.

        SQLite keeps the pages of removed rows in the file, for rows to come: 92,692 of 123,000 articles pruned
        left a file of 532 MB (and a log of 375 MB) for 30,325 articles, which made anew take 114 MB. So the file
        is made anew (VACUUM: a second or two for 30,000 articles; readers read on meanwhile, each its own
        snapshot). SQLite's auto_vacuum, which would cut free pages off the file as they come, is not used: its
        check of a file stops at the first damaged page it meets ("database disk image is malformed"), where
        `check` needs it to name each damaged part. Then the log, which all of that went through, is copied into
        the file and cut to nothing; unless a reader (the app) is still reading it after READERS_WAIT, and then it
        is cut to WAL_KEPT when it next starts over. A failure (a disk too full to make the library anew) leaves it
        as it was: the prune is done, the space kept for later articles. So does another writer (a fetch run, the
        app's refresh) that holds the library after READERS_WAIT: the VACUUM waited for it as a write does, minutes,
        the prune done and the command not ending. The note stays then (and where the process was killed in the
        middle): the next prune or fetch gives the space back (Library.give_back_space); until then it was kept
        until a prune removed a tenth of what was left again, without a word.

        Free pages fewer than a twentieth of the file (LITTLE_FREE) are not worth a VACUUM: given back already (by a
        VACUUM whose note another writer kept from going, or `check --repair`'s), or taken by articles stored since.
        Nor is a VACUUM tried where the disk has not room for the library twice over (its copy, and the log the copy
        goes through): on a nearly full disk it filled the disk with its log at every fetch, the app's marks then
        unwritable; the log is cut back after a VACUUM that failed."""
        pages, free, page_size = (int(connection.execute(f"PRAGMA {name}").fetchone()[0]) for name in ("page_count", "freelist_count", "page_size"))
        if free * LITTLE_FREE < pages:
            self._space_given_back(connection, wait=0.0)  # (not worth waiting for a writer: the next one takes the note)
            return None
        needed = 2 * (pages - free) * page_size + WAL_KEPT
        with contextlib.suppress(OSError):
            if shutil.disk_usage(self.path.parent).free < needed:
                kept = _("{path}: the space of the pruned articles stays in the file for now (the disk has not the {size} MB free it takes to "
                         "give it back); the next `nieuws-tui prune` or `fetch` with that room gives it back")  # fmt: skip
                return kept.format(path=shown_path(self.path), size=megabytes(needed))
        try:
            with waiting(connection, READERS_WAIT):
                connection.execute("VACUUM")
        except sqlite3.Error as error:
            if sqlite_code(error) == sqlite3.SQLITE_CORRUPT:  # (a damaged table the prune did without: the validators)
                kept = _("{path}: the space of the pruned articles stays in the file: the library is damaged ({reason}); `nieuws-tui check` "
                         "says which part, and after its repair the next `nieuws-tui prune` or `fetch` gives the space back")  # fmt: skip
            else:
                kept = _("{path}: the space of the pruned articles stays in the file for now ({reason}); the next `nieuws-tui prune` or `fetch` gives it back")
            reason = _("another process was writing to it") if _busy(error) else why(error)
            with contextlib.suppress(sqlite3.Error), waiting(connection, 0.0):  # what the VACUUM wrote to the log before it failed
                connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            return kept.format(path=shown_path(self.path), reason=reason)
        self._space_given_back(connection, READERS_WAIT)
        return None

    def _space_given_back(self, connection: sqlite3.Connection, wait: float) -> None:
        """The note goes, and the log is cut to nothing. A writer that takes the library in between leaves the note:
        the next prune or fetch finds no space to give back (give_back_space), and it goes then."""
        with contextlib.suppress(sqlite3.Error), waiting(connection, wait):
            connection.execute("DELETE FROM meta WHERE key = ?", (SPACE_NOTE,))
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    def space_to_give_back(self, connection: sqlite3.Connection) -> bool:
        """Whether a prune left the space of its articles in the file (give_back_space)."""
        return connection.execute("SELECT 1 FROM meta WHERE key = ?", (SPACE_NOTE,)).fetchone() is not None

    def counter(self, connection: sqlite3.Connection, name: str) -> int:
        return int(connection.execute("SELECT value FROM meta WHERE key = ?", (name,)).fetchone()[0])

    def set_counter(self, connection: sqlite3.Connection, name: str, value: int) -> None:
        connection.execute("UPDATE meta SET value = ? WHERE key = ?", (value, name))

    def note_change(self, connection: sqlite3.Connection, seq: int) -> None:
        """Record, in the transaction that makes it, that the articles changed and now stand at `seq`;
        before the transaction sets the write sequence to `seq`, so that `changed` still says the
        library's date as it was.

        Dated now, but in a later second than that date, should it have had this second already, or
        the clock been set back since: a change dated in the second of the one before could be taken
        for it by a client that was given that second (`serve`'s Last-Modified), while one in a second
        of its own never is. That date is the files' one when there is no record to go by (a new
        library, or one an older version wrote last): it was given out all the same."""
        now = datetime.now(timezone.utc)
        with contextlib.suppress(OverflowError):  # a date at the end of time, which only damage makes
            now = max(now, self.changed(connection).replace(microsecond=0) + timedelta(seconds=1))
        connection.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('changed', ?)", (_record(seq, now),))

    def changed(self, connection: sqlite3.Connection) -> datetime:
        """When the articles last changed: stored, written again, refiled or pruned; never in a second of an
        earlier change (note_change).

        A library last written by a version that kept no record (or one whose record is behind its write
        sequence: an older version wrote after it) says when its files were last written instead, two
        seconds on: a file's time may lag the clock by a tick, and any write after a second given out
        must be dated in a later one. Its files are written by more than changes of the articles, so
        this date moves more often than it needs to, never less."""
        rows = dict(connection.execute("SELECT key, value FROM meta WHERE key IN ('seq', 'changed')").fetchall())  # one snapshot
        last = _change(rows.get("changed"))
        if last is not None and last[0] == rows.get("seq"):
            return last[1]
        written = max(_mtime(self.path), _mtime(self.wal))
        return datetime.fromtimestamp(written, timezone.utc) + timedelta(seconds=2)



def uri_path(path: Path) -> str:
    # A path in a URI: '?' and '#' would start the query or fragment, '%' an escape.
    return str(path.resolve()).replace("%", "%25").replace("?", "%3f").replace("#", "%23")


def _record(seq: int, moment: datetime) -> str:
    """The record of a change of the articles that brought them to `seq`, at `moment` (read by _change)."""
    return f"{seq} {moment.isoformat()}"


def _change(value: object) -> tuple[int, datetime] | None:
    """The write sequence and time of a change as _record has them; None for no record, or a damaged one."""
    seq, _blank, moment = str(value).partition(" ")
    try:
        changed = int(seq), datetime.fromisoformat(moment)
        # An HTTP date is in GMT: a date at an end of the years in a zone of its own may have none there.
        return (changed[0], changed[1].astimezone(timezone.utc)) if changed[1].tzinfo is not None else None
    except (ValueError, OverflowError):
        return None


def _mtime(path: Path) -> float:
    """When a file was last written, 0 if it is gone (the last connection to close removes the WAL)."""
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return 0


def _size(path: Path) -> int:
    """The length of a file, 0 if it is gone (the last connection to close removes the WAL)."""
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0
