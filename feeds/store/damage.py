"""Damage in the article database, told by part: the articles and what is kept with them, which only a backup
brings back, or what is made anew from them and loses nothing.

Two parts are made anew: the search index (the FTS5 table `search` and SQLite's
tables under it), which is filled again from the articles when next searched, and
the validators, which only spare a download: without them each source's next fetch
is whole. SQLite's check of the file says whether it is whole; where it is not,
each table is checked by itself to find what is damaged.

SQLite cannot drop a table whose pages are damaged: it reads them to free them. So
a damaged part is made anew by taking it out of the schema and creating it again, in
one transaction; its pages, then in no table, go with a VACUUM after it.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from feeds.errors import why
from feeds.language import gettext as _
from feeds.language import ngettext
from feeds.store.database import SEARCH_TABLE, VALIDATORS_TABLE, Database

# Each part that is made anew, with what makes it anew, empty.
DERIVED = {
    "search": (SEARCH_TABLE, "UPDATE meta SET value = 0 WHERE key = 'indexed'"),
    "validators": (VALIDATORS_TABLE,),
}
_UNUSED = re.compile(r"Page \d+:? (is )?never used")  # a page in no table: what a VACUUM that did not come leaves


def _part(table: str) -> str:
    """The part a table of the file is: FTS5 keeps the index `search` in tables named after it."""
    return "search" if table.startswith("search_") else table


@dataclass(frozen=True, slots=True)
class Damage:
    said: tuple[str, ...]  # SQLite's check, its lines; none when the file is whole
    parts: frozenset[str]  # the parts whose tables it finds damaged, each table checked by itself

    @property
    def whole(self) -> bool:
        return not self.said

    @property
    def unused_pages(self) -> int:
        return sum(1 for line in self.said if _UNUSED.fullmatch(line))

    @property
    def made_anew(self) -> bool:
        """All that is damaged is made anew: the articles, and all that is kept with them, are intact."""
        if self.whole:
            return False
        return self.parts <= DERIVED.keys() if self.parts else self.unused_pages == len(self.said)


def find_damage(database: Database) -> Damage:
    """What SQLite's check finds in the file. StorageError where it cannot look (the file's schema is damaged)."""
    connection = database.connection()
    with database.errors():
        try:
            said = _lines(connection.execute("PRAGMA integrity_check").fetchall())
        except sqlite3.DatabaseError as error:  # a page so damaged that the check stops at it
            said = (why(error),)
        if said == ("ok",):
            return Damage((), frozenset())
        tables = [name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND rootpage > 0")]
    return Damage(said, frozenset(_part(table) for table in tables if not _whole(connection, table)))


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
        if damage.parts:
            connection.execute("BEGIN IMMEDIATE")
            try:
                tables = [name for (name,) in connection.execute("SELECT name FROM sqlite_master") if _part(name) in damage.parts]
                connection.execute("PRAGMA writable_schema = ON")
                connection.executemany("DELETE FROM sqlite_master WHERE name = ?", [(name,) for name in tables])
                connection.execute("PRAGMA writable_schema = RESET")  # off, and the schema read again
                for part in sorted(damage.parts):
                    for statement in DERIVED[part]:
                        connection.execute(statement)
                connection.execute("COMMIT")
            except BaseException:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise
        connection.execute("VACUUM")
    said = {
        "search": _("{path}: the search index made anew; each article is indexed again when next searched"),
        "validators": _("{path}: the validators emptied; each source's next fetch is whole"),
    }
    done = [said[part].format(path=database.path) for part in sorted(damage.parts)]
    if not damage.parts:
        freed = ngettext("{path}: {count} page in no table freed", "{path}: {count} pages in no table freed", damage.unused_pages)
        done.append(freed.format(path=database.path, count=damage.unused_pages))
    return done
