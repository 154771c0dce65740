"""What the library asks of its store: the SQL it reads with (Queries), and what its reading and writing share.

The tables are database.py's; Library (library.py) reads through Queries, and
Writer (writer.py) writes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence, Sized
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import orjson

from feeds.clean import shown_path
from feeds.errors import StorageError
from feeds.language import gettext as _
from feeds.model import Entry
from feeds.store.database import SEARCH_TABLE, SOFT_HYPHENED, Database, account_key
from feeds.store.rows import LISTED, NEWEST_FIRST, SUMMARY, Row, StoredText, decode_text, entry_from_row

T = TypeVar("T")
CHUNK = 500  # ids per lookup: under SQLite's limit of bound parameters, large enough to be quick


def _aliased(columns: str) -> str:
    return ", ".join(f"a.{c}" for c in columns.split(", "))


# Articles with their text: the summary columns, the first link (whole_entry), then (with `a.seq` between, for a
# writer) the body.
WHOLE_ROWS = "articles a LEFT JOIN bodies b USING (seq) LEFT JOIN first_links f ON f.article = a.key"
WHOLE = f"{_aliased(SUMMARY)}, f.url, b.body"
WHOLE_WITH_SEQ = f"{_aliased(SUMMARY)}, f.url, a.seq, b.body"


HEADLINE = "id, kind, sort_time, section, title"  # what a line of `nieuws-tui list` shows of an article
DATED = "id, url, published, first_seen"  # what an article's feed entry is dated by, and whether it can be written

UNUSED_TITLE = "source NOT IN (SELECT source FROM articles WHERE source IS NOT NULL)"  # a row of source_titles that names no article's source


def placeholders(items: Sized) -> str:
    return ", ".join("?" * len(items))


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield list(items[start:start + size])


def pruned_among(connection: sqlite3.Connection, ids: list[str]) -> set[str]:
    """Those of these ids that were pruned (kept away since), as `connection` sees the library."""
    gone: set[str] = set()
    for chunk in chunks(ids):
        gone.update(row[0] for row in connection.execute(f"SELECT id FROM pruned WHERE id IN ({placeholders(chunk)})", chunk))
    return gone


def article_text(database: Path, text: str | None, article_id: str) -> StoredText:
    """The body, links and enclosures of an article as stored in the bodies table of `database`."""
    if text is None:
        return StoredText((), (), ())
    try:
        return decode_text(text)
    except (ValueError, TypeError, KeyError):
        raise StorageError(_("{path}: the text of article {id} is damaged; `nieuws-tui check` tells more").format(path=shown_path(database), id=article_id)) from None


def whole_entry(database: Path, row: Row, read: bool = False, starred: bool = False) -> Entry:
    """The article of a row of WHOLE (or WHOLE_WITH_SEQ) with its text and first link, and these marks. A first link
    that damage made no text is none: the story is known by its link."""
    first_url = row[17] if isinstance(row[17], str) else None
    return entry_from_row(row, read, starred, *article_text(database, row[-1], row[1]), first_url=first_url)


def _decodes(text: str) -> bool:
    try:
        decode_text(text)
    except (ValueError, TypeError, KeyError):
        return False
    return True


_LAST = "\U0010ffff"  # after every word that starts with the same letters


class Queries:
    """What the library reads from its store (database.py), as rows; nothing where there is no store yet.

    The methods that give a cursor give it to be read row by row, by a caller inside the database's `errors()`.
    """

    def __init__(self, database: Database) -> None:
        self.database = database

    def _rows(self, sql: str, parameters: Iterable[object] = ()) -> list[Row]:
        if not self.database.exists:
            return []
        with self.database.errors():
            return self.database.connection().execute(sql, tuple(parameters)).fetchall()

    def _one(self, sql: str, parameters: Iterable[object] = ()) -> Any:
        """The one value the query answers with."""
        with self.database.errors():
            return self.database.connection().execute(sql, tuple(parameters)).fetchone()[0]

    # -- articles as the list shows them (LISTED) -------------------------------------------------------

    def newest(self, count: int) -> list[Row]:
        return self._rows(f"SELECT {LISTED} FROM articles {NEWEST_FIRST} LIMIT ?", (count,))

    def listed(self) -> sqlite3.Cursor:
        """Every article, newest first, as a cursor: the rows of 100,000 articles at once would double the peak."""
        return self.database.connection().execute(f"SELECT {LISTED} FROM articles {NEWEST_FIRST}")

    def written_since(self, seq: int) -> list[Row]:
        return self._rows(f"SELECT {LISTED} FROM articles WHERE seq > ?", (seq,))

    def by_key(self, key: int) -> list[Row]:
        return self._rows(f"SELECT {LISTED} FROM articles WHERE key = ?", (key,))

    def keys_between(self, lowest: int, highest: int, limit: int) -> list[Row]:
        return self._rows(f"SELECT {LISTED} FROM articles WHERE key BETWEEN ? AND ? LIMIT ?", (lowest, highest, limit))

    def chosen(self, columns: str, sections: tuple[str | None, ...] | None, table: str = "articles") -> sqlite3.Cursor:
        """`columns` of the articles of these sections (as stored; None is 'no section'; all when None), newest first,
        from `table` (articles, or WHOLE_ROWS: with their text), as a cursor."""
        where, parameters = "", []
        if sections is not None:
            named = [s for s in sections if s is not None]
            terms = [f"section IN ({placeholders(named)})"] if named else []
            if None in sections:
                terms.append("section IS NULL")
            where = "WHERE " + " OR ".join(terms) if terms else "WHERE 0"
            parameters = named
        return self.database.connection().execute(f"SELECT {columns} FROM {table} {where} {NEWEST_FIRST}", parameters)

    # -- articles with their text (WHOLE) ------------------------------------------------------------

    def whole_by_key(self, key: int) -> list[Row]:
        return self._rows(f"SELECT {WHOLE} FROM {WHOLE_ROWS} WHERE a.key = ?", (key,))

    def whole_by_id(self, keys: list[int]) -> dict[str, Row]:
        """The articles of these keys with their text, by id."""
        return self._by_id(f"SELECT {WHOLE} FROM {WHOLE_ROWS} WHERE a.key", 1, keys)

    def dated_by_id(self, keys: list[int]) -> dict[str, Row]:
        """The DATED columns of the articles of these keys, by id."""
        return self._by_id(f"SELECT {DATED} FROM articles WHERE key", 0, keys)

    def _by_id(self, select: str, id_at: int, keys: list[int]) -> dict[str, Row]:
        """The rows `select` (up to its WHERE's key) reads of the articles of these keys, by the id at `id_at`."""
        rows: dict[str, Row] = {}
        for chunk in chunks(keys):
            rows.update((row[id_at], row) for row in self._rows(f"{select} IN ({placeholders(chunk)})", chunk))
        return rows

    def pruned(self, ids: list[str]) -> set[str]:
        if not self.database.exists:
            return set()
        with self.database.errors():
            return pruned_among(self.database.connection(), ids)

    def with_full_text(self, keys: list[int]) -> set[str]:
        """The ids of those of these articles that are full ones, with a body."""
        found: set[str] = set()
        for chunk in chunks(keys):
            query = f"SELECT id FROM articles WHERE kind = 'full' AND key IN ({placeholders(chunk)}) AND seq IN (SELECT seq FROM bodies)"
            found.update(row[0] for row in self._rows(query, chunk))
        return found

    # -- sections, sources, retention --------------------------------------------------------------

    def sections(self) -> list[str | None]:
        return [row[0] for row in self._rows("SELECT DISTINCT section FROM articles")]

    def named_sections(self) -> list[str]:
        return [row[0] for row in self._rows("SELECT DISTINCT section FROM articles WHERE section IS NOT NULL AND section != ''")]

    def sources_of(self, section: str) -> list[Row]:
        """(source, url) of an article of each source of `section`, the source with the most articles first."""
        return self._rows("SELECT source, url FROM articles WHERE section = ? GROUP BY source ORDER BY count(*) DESC", (section,))

    def sources(self) -> list[Row]:
        """(source, url) of an article of each source."""
        return self._rows("SELECT source, url FROM articles GROUP BY source")

    def sections_by_id(self) -> list[Row]:
        """(id, section) of every article."""
        return self._rows("SELECT id, section FROM articles")

    def article_sources(self) -> list[str]:
        """The source of some article, each once."""
        return [row[0] for row in self._rows("SELECT DISTINCT source FROM articles WHERE source IS NOT NULL")]

    def ids_from(self, sources: list[str]) -> list[str]:
        """The ids of the articles of these sources."""
        found: list[str] = []
        for chunk in chunks(sources):
            found += [row[0] for row in self._rows(f"SELECT id FROM articles WHERE source IN ({placeholders(chunk)})", chunk)]
        return found

    def older_than(self, moment: int) -> list[Row]:
        """(id, source, sort_time) of the articles dated before `moment` (micros)."""
        return self._rows("SELECT id, source, sort_time FROM articles WHERE sort_time < ?", (moment,))

    # -- the search index ----------------------------------------------------------------------------

    def search_keys(self, words: list[str], without: Sequence[str] = ()) -> set[int]:
        """The keys of the articles that have every one of these words, as the start of a word, and none of `without`
        (each the words of one term, apart by spaces: one that has them all): of the articles at all, where no word is
        asked for."""
        left_out = " OR ".join("(" + " AND ".join(f'"{word}"*' for word in term.split()) + ")" for term in without)
        if words:
            expression = " AND ".join(f'"{word}"*' for word in words) + (f" NOT ({left_out})" if without else "")
            query = "SELECT json_group_array(rowid) FROM search WHERE search MATCH ?"
        else:
            expression = left_out
            query = "SELECT json_group_array(key) FROM articles WHERE key NOT IN (SELECT rowid FROM search WHERE search MATCH ?)"
        # One JSON array: tens of thousands of hits read as one value, and parsed in C.
        [(found,)] = self._rows(query, (expression,))
        return set(orjson.loads(found))

    def same_words(self, shorter: str, longer: str) -> bool:
        """Whether the index has as many words that start with `shorter` as with `longer`."""
        with self.database.errors():
            connection = self.database.connection()
            connection.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_words USING fts5vocab(main, search, row)")  # this connection's own
            count = "SELECT count(*) FROM temp.search_words WHERE term >= ? AND term < ?"
            return bool(connection.execute(count, (shorter, shorter + _LAST)).fetchone() == connection.execute(count, (longer, longer + _LAST)).fetchone())

    # -- what the store keeps besides articles ----------------------------------------------------------

    def counter(self, name: str) -> int:
        rows = self._rows("SELECT value FROM meta WHERE key = ?", (name,))
        return int(rows[0][0]) if rows else 0

    def changed(self) -> datetime:
        """When the articles last changed (Database.changed)."""
        with self.database.errors():
            return self.database.changed(self.database.connection())

    def account_key(self) -> str:
        """The key of the hashes of user names in the validators' URLs."""
        with self.database.errors():
            return account_key(self.database.connection())

    def article_count(self) -> int:
        return int(self._rows("SELECT count(*) FROM articles")[0][0])

    def space_kept(self) -> int | None:
        """The bytes of free pages a prune left in the file to be given back (Database.give_back_space), where it
        could not give them back then; None where none wait."""
        with self.database.errors():
            connection = self.database.connection()
            if not self.database.space_to_give_back(connection):
                return None
            return int(connection.execute("PRAGMA freelist_count").fetchone()[0]) * int(connection.execute("PRAGMA page_size").fetchone()[0])

    def from_others(self, sources: list[str]) -> bool:
        """Whether an article came from none of `sources`: the first such answers, not a count of them all."""
        return bool(self._rows(f"SELECT 1 FROM articles WHERE source IS NULL OR source NOT IN ({placeholders(sources)}) LIMIT 1", sources))

    def imported_paths(self) -> list[str]:
        return [row[0] for row in self._rows("SELECT path FROM imports ORDER BY path")]

    def source_titles(self) -> list[Row]:
        """(source, title) of each source, as bytes: a row damaged into bytes that are no text can be passed over (as_text)."""
        return self._rows("SELECT CAST(source AS BLOB), CAST(title AS BLOB) FROM source_titles")

    def validators(self) -> list[Row]:
        """(url, etag, last_modified, feed) of each URL, as bytes (see source_titles), and the reading that kept them: a
        number, or None (a row kept before format 22, or one damaged into another kind of value)."""
        reading = "CASE typeof(reading) WHEN 'integer' THEN reading END"
        return self._rows(f"SELECT CAST(url AS BLOB), CAST(etag AS BLOB), CAST(last_modified AS BLOB), CAST(feed AS BLOB), {reading} FROM validators")

    def validator_sources(self) -> list[Row]:
        """(url, source) of each URL's validators, as bytes (see source_titles); source None where it is not known."""
        return self._rows("SELECT CAST(url AS BLOB), CAST(source AS BLOB) FROM validators")

    def renamed(self) -> list[tuple[bytes, bytes]]:
        """(old, new) of each article whose marks are still to move, as bytes (see source_titles)."""
        return self._rows("SELECT CAST(old AS BLOB), CAST(new AS BLOB) FROM renamed")

    # -- checking ---------------------------------------------------------------------------------------

    def integrity(self) -> list[str]:
        """SQLite's own check of the file: ["ok"], or its lines on the damage."""
        with self.database.errors():
            return [row[0] for row in self.database.connection().execute("PRAGMA integrity_check")]

    def check_search_index(self) -> None:
        """StorageError when the search index is damaged."""
        with self.database.errors():
            connection = self.database.connection()
            if not self.database.unwritable:
                connection.execute("INSERT INTO search (search) VALUES ('integrity-check')")
                return
            # FTS5 checks its index by an INSERT, which a library nothing can write refuses though it writes nothing:
            # the index is checked as a copy of its tables, in this connection's temporary database.
            shadows = [name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB 'search_*'")]
            connection.execute(SEARCH_TABLE.replace("TABLE search ", "TABLE temp.search_copy "))
            try:
                for shadow in shadows:
                    copy = shadow.replace("search_", "search_copy_", 1)
                    connection.execute(f"DELETE FROM temp.{copy}")
                    connection.execute(f"INSERT INTO temp.{copy} SELECT * FROM main.{shadow}")
                connection.execute("INSERT INTO temp.search_copy (search_copy) VALUES ('integrity-check')")
            finally:
                connection.execute("DROP TABLE temp.search_copy")

    def damaged_texts(self) -> list[str]:
        """The ids of the articles whose stored text cannot be read."""
        with self.database.errors():
            return [article_id for article_id, body in self.database.connection().execute("SELECT a.id, b.body FROM articles a JOIN bodies b USING (seq)") if not _decodes(body)]

    def soft_hyphened(self) -> int:
        """How many articles hold a soft hyphen, which no article stored since format 12 does: those the upgrade to it
        could not read as articles (damaged), which it left as they were."""
        return int(self._one(f"SELECT count(*) FROM articles LEFT JOIN bodies USING (seq) WHERE {SOFT_HYPHENED} OR instr(body, char(173))"))

    def pending_search(self) -> int:
        """How many stored articles the search index does not have yet."""
        return int(self._one("SELECT count(*) FROM articles WHERE seq > (SELECT value FROM meta WHERE key = 'indexed')"))

    def ids(self) -> set[str]:
        with self.database.errors():
            return {row[0] for row in self.database.connection().execute("SELECT id FROM articles")}

    def moved_together(self) -> list[str]:
        """A link of each address several stories that moved are at now (first_links `at`): the page held twice, by
        stories of two sources whose guids moved them there from links of their own. An item there of another source,
        file or copy is the first of them (Writer._at_present_links)."""
        sql = "SELECT min(a.url) FROM first_links f JOIN articles a ON a.key = f.article WHERE f.at IS NOT NULL GROUP BY f.at HAVING count(*) > 1"
        return [url for (url,) in self._rows(sql) if isinstance(url, str)]

    def unused_titles(self) -> int:
        """How many rows of source_titles name no article's source."""
        return int(self._one(f"SELECT count(*) FROM source_titles WHERE {UNUSED_TITLE}"))
