"""Damage in the article database, told by part: the articles and what is kept with them, which only a backup
brings back, or what is made anew from them, losing no article.

Six parts are made anew: the search index (the FTS5 table `search` and SQLite's
tables under it), which is filled again from the articles when next searched; the
validators, which only spare a download: without them each source's next fetch
is whole; the sources' titles, which each source's next fetch or import gives again;
the guids of feeds' items, which each source's next fetch keeps again for the stories
it still carries (until then a story it links elsewhere is known by its link alone);
the first links of stories that moved, which exports know them by (emptied, a moved
story is known by its present link: a feed reader subscribed may show it once more);
and the list of renamed articles, whose read/starred marks are still to move to
their new ids (most often none): the pairs still readable in it are put back in the
new one, the marks of the others stay with the old ids. SQLite's check of the
file says whether it is whole; where it is not, each table is checked by itself to
find what is damaged.

SQLite cannot drop a table whose pages are damaged: it reads them to free them. So
a damaged part is made anew by taking it out of the schema and creating it again, in
one transaction; its pages, then in no table, go with a VACUUM after it.

Pages in no table are what such a repair leaves when it stops before its VACUUM, but
also what damage to the schema (the first page) leaves: a table or index whose entry
is lost. So they are taken for a repair's only while the schema has every table and
index it must have. An index that is missing is made anew from its table; a table
that is missing is made anew only when it is one of the parts above: any other held
what only a backup brings back.

An index whose entries are wrong is rebuilt from its table (REINDEX). SQLite's check says "row N missing from
index X" alike when the index is damaged and when row N is (an indexed value of it changed): the rows it names are
read, and the index is taken for the damaged part only where each of them holds what its own other columns make of
its indexed values (its key is its id's; its time and lead key, its dates' and lead's). The repair checks again
after the rebuild, and keeps it only when the file is then whole.
"""

from __future__ import annotations

import functools
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from feeds.clean import shown_path
from feeds.errors import StorageError, why
from feeds.language import gettext as _
from feeds.language import grouped, ngettext
from feeds.store.database import (
    FIRST_LINKS_AT,
    FIRST_LINKS_TABLE,
    FRAGMENT_INDEX,
    GUIDS_TABLE,
    RENAMED_TABLE,
    SCHEMA,
    SEARCH_TABLE,
    SOURCE_TITLES_TABLE,
    VALIDATORS_TABLE,
    VERSION,
    Database,
)
from feeds.store.rows import COLUMNS, entry_from_row, key_of, record

# Each part that is made anew, with what makes it anew, empty.
DERIVED = {
    "search": (SEARCH_TABLE, "UPDATE meta SET value = 0 WHERE key = 'indexed'"),
    "validators": (VALIDATORS_TABLE,),
    "source_titles": (SOURCE_TITLES_TABLE,),
    "renamed": (RENAMED_TABLE,),  # the marks still to move to renamed articles' ids: most often none
    "guids": (GUIDS_TABLE,),  # what feeds know their stories by besides their links: kept again as each is fetched
    "first_links": (FIRST_LINKS_TABLE, FIRST_LINKS_AT),  # what exports know moved stories by: emptied, their present links
}
_UNUSED = re.compile(r"Page \d+:? (is )?never used")  # a page in no table: what a VACUUM that did not come leaves
_ENTRY_MISSING = re.compile(r"row (\d+) missing from index (\w+)")  # the row's entry is not where its values put it
_ENTRIES_COUNTED = re.compile(r"wrong # of entries in index (\w+)")  # and an entry lost makes the count wrong too


def _part(table: str) -> str:
    """The part a table of the file is: FTS5 keeps the index `search` in tables named after it."""
    return "search" if table.startswith("search_") else table


@functools.cache
def _schema() -> dict[str, tuple[str, str]]:
    """The tables and indexes a library of this version has, each by name with its type and what creates it."""
    with sqlite3.connect(":memory:") as connection:
        connection.executescript(SCHEMA)
        return {name: (kind, sql) for kind, name, sql in connection.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL")}


@dataclass(frozen=True, slots=True)
class Damage:
    said: tuple[str, ...]  # SQLite's check, its lines; none when the file is whole
    parts: frozenset[str]  # the parts whose tables it finds damaged, each table checked by itself
    missing: tuple[str, ...] = ()  # the tables and indexes of this version the file's schema has not
    rebuild: tuple[str, ...] = ()  # the indexes whose entries alone are wrong: the rows they miss hold what they should

    @property
    def whole(self) -> bool:
        return not self.said and not self.missing

    @property
    def missing_indexes(self) -> tuple[str, ...]:
        return tuple(name for name in self.missing if _schema()[name][0] == "index")

    @property
    def lost(self) -> tuple[str, ...]:
        """The tables missing from the schema that hold what no repair makes anew."""
        return tuple(name for name in self.missing if _schema()[name][0] == "table" and _part(name) not in DERIVED)

    @property
    def unused_pages(self) -> int:
        return sum(1 for line in self.said if _UNUSED.fullmatch(line))

    @property
    def made_anew(self) -> bool:
        """All that is damaged is made anew: the articles, and all that is kept with them, are intact."""
        if self.whole or self.lost:
            return False
        if self.parts:
            return self.parts <= DERIVED.keys()
        return all(_UNUSED.fullmatch(line) or _index_of(line) in self.rebuild for line in self.said)

    @property
    def renew(self) -> frozenset[str]:
        """The parts made anew: the damaged ones, and those missing from the schema."""
        return self.parts | {_part(name) for name in self.missing if _schema()[name][0] == "table"}


def damaged_articles(path: Path, said: tuple[str, ...]) -> str:
    """What damage to the articles, or what is kept with them, is: SQLite's own lines, in English, after what they
    mean, for whoever mends the file."""
    damaged = _("{path}: the article database is damaged, articles in it may be lost or wrong; restore it from a "
                "backup (`nieuws-tui check --repair` mends only the read/starred marks, the indexes (search, list "
                "order), the fetch validators, the sources' titles, the guids of the feeds' items, the first links of moved stories and the list of renamed articles). "
                "SQLite's check says: {reason}")  # fmt: skip
    return damaged.format(path=shown_path(path), reason="; ".join(said[:5]))


def find_damage(database: Database) -> Damage:
    """What SQLite's check finds in the file. StorageError where it cannot look (the file's schema is damaged)."""
    connection = database.connection()
    with database.errors():
        missing = _missing(connection)
        try:
            said = _lines(connection.execute("PRAGMA integrity_check").fetchall())
        except sqlite3.DatabaseError as error:  # a page so damaged that the check stops at it
            said = (why(error),)
        if said == ("ok",):
            return Damage((), frozenset(), missing)
        tables = [name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND rootpage > 0")]
        rebuild = _rebuildable(connection, said)
        parts = frozenset(_part(table) for table in tables if not _whole(connection, table, rebuild))
    return Damage(said, parts, missing, rebuild)


def _missing(connection: sqlite3.Connection) -> tuple[str, ...]:
    """The tables and indexes of this version not in the file's schema. None are judged missing in a library of an
    older version, which opening it upgrades, adding the tables of later versions."""
    present = {name for (name,) in connection.execute("SELECT name FROM sqlite_master")}
    if "meta" in present:
        version = connection.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        if version is None or version[0] != VERSION:
            return ()
    return tuple(name for name in _schema() if name not in present and name != FRAGMENT_INDEX)  # (made where first sought)


def _lines(rows: list[tuple[str]]) -> tuple[str, ...]:
    """SQLite's check as lines, without the heading it gives them."""
    return tuple(line for (text,) in rows for line in text.splitlines() if not line.startswith("*** in database"))


def _whole(connection: sqlite3.Connection, table: str, rebuild: tuple[str, ...] = ()) -> bool:
    """The table is whole, but for the entries of the indexes in `rebuild`, which are made anew from it."""
    try:
        said = _lines(connection.execute(f'PRAGMA integrity_check("{table}")').fetchall())
    except sqlite3.DatabaseError:
        return False
    return said == ("ok",) or all(_index_of(line) in rebuild for line in said)


def _index_of(line: str) -> str | None:
    """The index a line of SQLite's check finds entries of wrong, if that is what it says."""
    found = _ENTRY_MISSING.fullmatch(line) or _ENTRIES_COUNTED.fullmatch(line)
    return found[found.lastindex or 0] if found else None


def _rebuildable(connection: sqlite3.Connection, said: tuple[str, ...]) -> tuple[str, ...]:
    """The indexes that SQLite's check finds entries of wrong, when that is all it finds and each row it says an index
    misses holds what its other columns make of its indexed values: then the index is damaged, not the row. None
    else, and none for an index that misses no row (a wrong count alone is what a row lost from the table leaves)."""
    missing = [_ENTRY_MISSING.fullmatch(line) for line in said]
    indexes = {_index_of(line) for line in said}
    if None in indexes or indexes != {found[2] for found in missing if found}:
        return ()
    # Only the indexes of the articles, as this version makes them: one whose definition damage changed is no index of
    # a library that a rebuild mends.
    defined = dict(connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'").fetchall())
    if any(name not in _schema() or defined.get(name) != _schema()[name][1] for name in indexes):
        return ()
    rows = {int(found[1]) for found in missing if found}
    return tuple(sorted(name for name in indexes if name)) if all(_holds_its_own(connection, seq) for seq in rows) else ()


def _holds_its_own(connection: sqlite3.Connection, seq: int) -> bool:
    """The article row `seq` has the key its id is, and the list time and lead key its dates and lead make."""
    row = connection.execute(f"SELECT {COLUMNS} FROM articles WHERE seq = ?", (seq,)).fetchone()
    if row is None:
        return False
    try:
        made = record(entry_from_row(row))
        return (key_of(row[1]), made.sort_time, made.lead_key) == (row[0], row[17], row[18])
    except (ValueError, TypeError, KeyError, AttributeError):  # a value that damage made unreadable
        return False


def _readable_renamed(path: Path) -> dict[bytes, bytes | None]:
    """The pairs (old and new id, as bytes: Queries.renamed) of the list of renamed articles of the library at `path`
    that its pages still give: read in the order of its key from its first, then from its last, each way until a
    damaged page stops it. So the pairs of one damaged page are lost, not those of every page (of those between the
    first and last damaged, when there are several). Read on a connection of its own, as last committed: a transaction
    that came upon a damaged page fails each later statement (Writer.validator_keys)."""
    kept: dict[bytes, bytes | None] = {}
    apart = Database(path, read_only=True)
    try:
        for order in ("ASC", "DESC"):  # the order of the key: the table's own, which SQLite reads page after page, unsorted
            try:
                for old, new in apart.connection().execute(f"SELECT CAST(old AS BLOB), CAST(new AS BLOB) FROM renamed ORDER BY old {order}"):
                    kept[old] = new
            except sqlite3.DatabaseError:  # a damaged page, or the table lost from the schema
                pass
    finally:
        apart.close()
    return kept


def make_anew(database: Database) -> list[str]:
    """Make anew the parts of the library that are damaged, when those are all made anew (Damage.made_anew), and free
    the pages they leave; what was done, a line each. Nothing, when nothing is damaged or the articles are."""
    damage = find_damage(database)
    if not damage.made_anew:
        return []
    connection = database.connection()
    with database.errors():
        kept = 0  # the pairs of the damaged list of renamed articles made anew with it
        if damage.renew or damage.missing_indexes or damage.rebuild:
            connection.execute("BEGIN IMMEDIATE")
            try:
                readable = _readable_renamed(database.path) if "renamed" in damage.renew else {}  # (the marks still to move)
                # With their indexes (first_links_at), which would name a table no longer there.
                tables = [name for name, table in connection.execute("SELECT name, tbl_name FROM sqlite_master") if _part(table) in damage.renew]
                connection.execute("PRAGMA writable_schema = ON")
                connection.executemany("DELETE FROM sqlite_master WHERE name = ?", [(name,) for name in tables])
                connection.execute("PRAGMA writable_schema = RESET")  # off, and the schema read again
                for part in sorted(damage.renew):
                    for statement in DERIVED[part]:
                        connection.execute(statement)
                # Counted as inserted: a damaged page may give a pair without its new id, which the list refuses.
                kept = connection.executemany("INSERT OR IGNORE INTO renamed (old, new) VALUES (CAST(? AS TEXT), CAST(? AS TEXT))", readable.items()).rowcount
                for index in damage.missing_indexes:
                    connection.execute(_schema()[index][1])
                for index in damage.rebuild:
                    connection.execute(f'REINDEX "{index}"')
                still = _lines(connection.execute("PRAGMA integrity_check").fetchall()) if damage.rebuild else ("ok",)
                if still != ("ok",):  # rebuilt, an index is still not what its table makes: the table is damaged
                    raise StorageError(damaged_articles(database.path, still))  # and the rebuild undone
                connection.execute("COMMIT")
            except BaseException:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise
        connection.execute("VACUUM")
    said = {
        "search": _("{path}: the search index made anew; each article is indexed again when next searched"),
        "validators": _("{path}: the validators emptied; each source's next fetch is whole"),
        "source_titles": _("{path}: the sources' titles emptied; each source's next fetch or import names it again"),
        "renamed": _("{path}: the list of renamed articles made anew, empty"),
        "guids": _("{path}: the guids of the feeds' items emptied; each source's next fetch keeps them again"),
        "first_links": _("{path}: the first links of moved stories emptied; exports know those stories by their present links, and a feed reader subscribed may show them once more"),
    }
    if kept:
        said["renamed"] = ngettext("{path}: the list of renamed articles made anew with the {count} article still readable in it; the marks of any others stay with their old ids",
                                   "{path}: the list of renamed articles made anew with the {count} articles still readable in it; the marks of any others stay with their old ids", kept)
    done = [said[part].format(path=shown_path(database.path), count=grouped(kept)) for part in sorted(damage.renew)]
    index = _("{path}: the index {index} of the articles made anew")
    done += [index.format(path=shown_path(database.path), index=name) for name in damage.missing_indexes]
    rebuilt = _("{path}: the index {index} of the articles rebuilt from them; the articles are intact")
    done += [rebuilt.format(path=shown_path(database.path), index=name) for name in damage.rebuild]
    if not damage.renew and not damage.missing_indexes and not damage.rebuild:
        freed = ngettext("{path}: {count} page in no table freed", "{path}: {count} pages in no table freed", damage.unused_pages)
        done.append(freed.format(path=shown_path(database.path), count=grouped(damage.unused_pages)))
    return done
