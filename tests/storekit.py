"""What tests and benchmarks ask of a library's store that the app never needs to."""

from __future__ import annotations

from feeds.library import Library
from feeds.store.state import _shard


def pending_search(library: Library) -> int:
    """How many stored articles the search index does not have yet."""
    with library.database.errors():
        sql = "SELECT count(*) FROM articles WHERE seq > (SELECT value FROM meta WHERE key = 'indexed')"
        return int(library.database.connection().execute(sql).fetchone()[0])


def shard_of(article_id: str) -> int:
    """The number of the state shard that keeps the marks of an article."""
    return _shard(article_id)
