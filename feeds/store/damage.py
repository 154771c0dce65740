"""Damage in the article database, told by part: the articles and what is kept with them, which only a backup
brings back, or what is made anew from them and loses nothing.

Three parts are made anew: the search index (the FTS5 table `search` and SQLite's
tables under it), which is filled again from the articles when next searched; the
validators, which only spare a download: without them each source's next fetch
is whole; and the sources' titles, which each source's next fetch or import gives again. SQLite's check of the file says whether it is whole; where it is not,
each table is checked by itself to find what is damaged.

SQLite cannot drop a table whose pages are damaged: it reads them to free them. So
a damaged part is made anew by taking it out of the schema and creating it again, in
one transaction; its pages, then in no table, go with a VACUUM after it.

Pages in no table are what such a repair leaves when it stops before its VACUUM, but
also what damage to the schema (the first page) leaves: a table or index whose entry
is lost. So they are taken for a repair's only while the schema has every table and
index it must have. An index that is missing is made anew from its table; a table
that is missing is made anew only when it is one of the parts above: any other held
what only a backup brings back.
"""

from __future__ import annotations

import functools
import re
import sqlite3
from dataclasses import dataclass

from feeds.errors import why
from feeds.language import gettext as _
from feeds.language import ngettext
from feeds.store.database import SCHEMA, SEARCH_TABLE, SOURCE_TITLES_TABLE, VALIDATORS_TABLE, VERSION, Database

# Each part that is made anew, with what makes it anew, empty.
DERIVED = {
    "search": (SEARCH_TABLE, "UPDATE meta SET value = 0 WHERE key = 'indexed'"),
    "validators": (VALIDATORS_TABLE,),
    "source_titles": (SOURCE_TITLES_TABLE,),
}
_UNUSED = re.compile(r"Page \d+:? (is )?never used")  # a page in no table: what a VACUUM that did not come leaves


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
        return self.parts <= DERIVED.keys() if self.parts else self.unused_pages == len(self.said)

    @property
    def renew(self) -> frozenset[str]:
        """The parts made anew: the damaged ones, and those missing from the schema."""
        return self.parts | {_part(name) for name in self.missing if _schema()[name][0] == "table"}


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
    return Damage(said, frozenset(_part(table) for table in tables if not _whole(connection, table)), missing)


def _missing(connection: sqlite3.Connection) -> tuple[str, ...]:
    """The tables and indexes of this version not in the file's schema. None are judged missing in a library of an
    older version, which opening it upgrades, adding the tables of later versions."""
    present = {name for (name,) in connection.execute("SELECT name FROM sqlite_master")}
    if "meta" in present:
        version = connection.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        if version is None or version[0] != VERSION:
            return ()
    return tuple(name for name in _schema() if name not in present)


def _lines(rows: list[tuple[str]]) -> tuple[str, ...]:
    """SQLite's check as lines, without the heading it gives them."""
    return tuple(line for (text,) in rows for line in text.splitlines() if not line.startswith("*** in database"))


def _whole(connection: sqlite3.Connection, table: str) -> bool:
    try:
        return connection.execute(f'PRAGMA integrity_check("{table}")').fetchall() == [("ok",)]
    except sqlite3.DatabaseError:
        return False


def make_anew(database: Database) -> list[str]:
    """Make anew the parts of the library that are damaged, when those are all made anew (Damage.made_anew), and free
    the pages they leave; what was done, a line each. Nothing, when nothing is damaged or the articles are."""
    damage = find_damage(database)
    if not damage.made_anew:
        return []
    connection = database.connection()
    with database.errors():
        if damage.renew or damage.missing_indexes:
            connection.execute("BEGIN IMMEDIATE")
            try:
                tables = [name for (name,) in connection.execute("SELECT name FROM sqlite_master") if _part(name) in damage.renew]
                connection.execute("PRAGMA writable_schema = ON")
                connection.executemany("DELETE FROM sqlite_master WHERE name = ?", [(name,) for name in tables])
                connection.execute("PRAGMA writable_schema = RESET")  # off, and the schema read again
                for part in sorted(damage.renew):
                    for statement in DERIVED[part]:
                        connection.execute(statement)
                for index in damage.missing_indexes:
                    connection.execute(_schema()[index][1])
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
    }
    done = [said[part].format(path=database.path) for part in sorted(damage.renew)]
    index = _("{path}: the index {index} of the articles made anew")
    done += [index.format(path=database.path, index=name) for name in damage.missing_indexes]
    if not damage.renew and not damage.missing_indexes:
        freed = ngettext("{path}: {count} page in no table freed", "{path}: {count} pages in no table freed", damage.unused_pages)
        done.append(freed.format(path=database.path, count=damage.unused_pages))
    return done
