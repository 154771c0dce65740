"""What tests and benchmarks ask of a library's store that the app never needs to."""

from __future__ import annotations

from feeds.library import Library
from feeds.store.queries import Queries
from feeds.store.state import _shard


def pending_search(library: Library) -> int:
    """How many stored articles the search index does not have yet."""
    return Queries(library.database).pending_search()


def shard_of(article_id: str) -> int:
    """The number of the state shard that keeps the marks of an article."""
    return _shard(article_id)
