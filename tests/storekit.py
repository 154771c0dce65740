"""What tests and benchmarks ask of a library's store that the app never needs to."""

from __future__ import annotations

import random
import sqlite3
from contextlib import closing

from feeds.library import Library
from feeds.store.queries import Queries
from feeds.store.state import _shard


def pending_search(library: Library) -> int:
    """How many stored articles the search index does not have yet."""
    return Queries(library.database).pending_search()


def shard_of(article_id: str) -> int:
    """The number of the state shard that keeps the marks of an article."""
    return _shard(article_id)


def _closed_at_root(library: Library, name: str) -> tuple[int, int]:
    """The library closed, all of it in its main file: the number of the first page of table or index `name`, and the page size."""
    library.close()
    with closing(sqlite3.connect(library.files.database)) as database:
        database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = database.execute("PRAGMA page_size").fetchone()[0]
        [root] = database.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (name,)).fetchone()
    return root, page_size


def damage_table(library: Library, table: str) -> None:
    """Garbage over the first page of `table`, as a disk's damage would leave it, the library closed."""
    root, page_size = _closed_at_root(library, table)
    with library.files.database.open("r+b") as file:
        file.seek((root - 1) * page_size)
        file.write(random.Random(root).randbytes(page_size))


def damage_middle_page(library: Library, table: str) -> None:
    """Garbage over a page in the middle of `table` (a B-tree of rows kept by their key, WITHOUT ROWID, of several
    pages), as a disk's damage would leave it, the library closed: its first page, which leads to the others, intact."""
    root, page_size = _closed_at_root(library, table)
    with library.files.database.open("r+b") as file:
        file.seek((root - 1) * page_size)
        page = file.read(page_size)
        assert page[0] == 2, "the first page leads to others"  # an interior page of a key's B-tree
        count = int.from_bytes(page[3:5], "big")
        cell = int.from_bytes(page[12 + 2 * (count // 2) : 14 + 2 * (count // 2)], "big")  # the middle cell: its page, then its key
        middle = int.from_bytes(page[cell : cell + 4], "big")
        file.seek((middle - 1) * page_size)
        file.write(random.Random(middle).randbytes(page_size))


def damage_index_entry(library: Library, index: str) -> None:
    """One bit of an entry of `index` flipped, as a disk's damage would leave it, the library closed: the entry no
    longer leads to its row, which SQLite's check says as "row N missing from index"."""
    root, page_size = _closed_at_root(library, index)
    with library.files.database.open("r+b") as file:
        file.seek((root - 1) * page_size)
        page = bytearray(file.read(page_size))
        assert page[0] == 10, "an index of one page, a leaf"  # a small library's
        cell = int.from_bytes(page[8:10], "big")  # the first cell: its payload's size (one byte, as small), then the payload
        page[cell + page[cell]] ^= 1  # the last byte of the entry: its row's number
        file.seek((root - 1) * page_size)
        file.write(page)
