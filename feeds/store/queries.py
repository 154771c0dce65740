"""What the library asks of its store: the SQL its reading and writing share.

The tables are database.py's; Library (library.py) reads through these, and
Writer (writer.py) writes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sized
from pathlib import Path
from typing import TypeVar

from feeds.errors import StorageError
from feeds.language import gettext as _
from feeds.model import Block, Link
from feeds.store.rows import SUMMARY, decode_text

T = TypeVar("T")
CHUNK = 500  # ids per lookup: under SQLite's limit of bound parameters, large enough to be quick


def _aliased(columns: str) -> str:
    return ", ".join(f"a.{c}" for c in columns.split(", "))


# Articles with their text: the summary columns, then (with `a.seq` between, for a writer) the body.
WHOLE_ROWS = "articles a LEFT JOIN bodies b USING (seq)"
WHOLE = f"{_aliased(SUMMARY)}, b.body"
WHOLE_WITH_SEQ = f"{_aliased(SUMMARY)}, a.seq, b.body"


UNUSED_TITLE = "source NOT IN (SELECT source FROM articles WHERE source IS NOT NULL)"  # a row of source_titles that names no article's source


def placeholders(items: Sized) -> str:
    return ", ".join("?" * len(items))


def chunks(items: list[T]) -> Iterator[list[T]]:
    for start in range(0, len(items), CHUNK):
        yield items[start:start + CHUNK]


def article_text(database: Path, text: str | None, article_id: str) -> tuple[tuple[Block, ...], tuple[Link, ...]]:
    """The body and links of an article as stored in the bodies table of `database`."""
    if text is None:
        return (), ()
    try:
        return decode_text(text)
    except (ValueError, TypeError, KeyError):
        raise StorageError(_("{path}: the text of article {id} is damaged; `nieuws-tui check` tells more").format(path=database, id=article_id)) from None
