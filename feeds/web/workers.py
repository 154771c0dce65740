"""Worker processes for the part of a fetch that is pure computation: a feed's bytes → records.

Reading a feed and turning its entries into articles (HTML → blocks, datelines,
ids) is most of the work of a fetch, and threads of one interpreter take turns
at it. So a fetch run keeps one worker process per core. A feed's bytes go to a
worker, which reads the feed and hands back records ready for the store: the
run's threads only wait for the network and the workers, and the thread that
stores what they bring is left to the database. A feed too big for one worker
comes back after its first entries, and the rest are spread over the workers
in chunks. Workers run at a lower priority than the process that stores what
they make (and than the app, while it fetches), so that it keeps up with them
and the screen stays quick.

Workers are forked when the pool is made, while the process is single-threaded
(the command line makes it before any fetch thread starts); in a process that
already runs threads (the app), the fork server starts them instead. A machine
of one core, or a system that gives no processes, does the work in the calling
thread: the result is the same, only slower.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Iterator
from datetime import datetime
from multiprocessing.pool import AsyncResult, Pool
from typing import TypeVar

from feeds.model import AMSTERDAM, Entry
from feeds.pages.syndication import Feed, FeedEntry, entry_articles, read_feed
from feeds.store.rows import Record, record
from feeds.web.visits import DeadlinePassed, current_visit

CHUNK = 500  # entries per task: large enough to pay for the hand-over, small enough to spread a big feed
SPREAD = 2000  # a feed with more entries has all but its first CHUNK spread over the workers
NICENESS = 5  # how much less than their parent workers ask of the processor
T = TypeVar("T")


def entry_records(entries: list[FeedEntry], feed_title: str | None, section: str | None, url: str, source: str, captured: datetime) -> list[Record]:
    """Some of a feed's entries as records for the store."""
    seen = min(captured, datetime.now(AMSTERDAM))
    return [record(Entry(article, first_seen=seen)) for article in entry_articles(entries, feed_title, section, url, source)]


def feed_records(data: bytes, section: str | None, url: str, source: str, captured: datetime) -> tuple[list[Record], Feed]:
    """A feed's entries as records, and the feed with the entries left to do: none, unless it has more than
    SPREAD entries, which are left but for the first CHUNK. NotAFeed passes through."""
    feed = read_feed(data, url)
    done = len(feed.entries) if len(feed.entries) <= SPREAD else CHUNK
    return entry_records(feed.entries[:done], feed.title, section, url, source, captured), Feed(feed.title, feed.entries[done:])


def _start_worker() -> None:
    """A new worker steps back for its parent, and loads the feed parser now, while the first feed is still on its way.

    It collects no reference cycles: what it makes (entries, articles, records) has none and is
    freed as it is handed back, and a run's worker lives as long as the run. Collecting them
    cost a worker some 6% of its time, walking the feed it holds again and again.
    """
    os.nice(NICENESS)
    gc.disable()
    import fastfeedparser  # noqa: F401


class Workers:
    def __init__(self, processes: int | None = None) -> None:
        count = processes if processes is not None else (os.cpu_count() or 1)
        self._pool: Pool | None = None
        if count > 1:
            method = "fork" if threading.active_count() == 1 else "forkserver"
            try:
                self._pool = multiprocessing.get_context(method).Pool(count, initializer=_start_worker)
            except (OSError, ValueError):
                self._pool = None  # no processes to be had: the work is done here

    def feed_records(self, data: bytes, section: str | None, url: str, source: str, captured: datetime) -> Iterator[list[Record]]:
        """The records of a feed's entries, a chunk at a time, in the feed's order. NotAFeed when it is none."""
        pool = self._pool
        if pool is None:
            first, rest = feed_records(data, section, url, source, captured)
        else:
            first, rest = _within_deadline(pool.apply_async(feed_records, (data, section, url, source, captured)))
        yield first
        chunks = [rest.entries[start:start + CHUNK] for start in range(0, len(rest.entries), CHUNK)]
        if pool is None:
            for chunk in chunks:
                yield entry_records(chunk, rest.title, section, url, source, captured)
            return
        pending = [pool.apply_async(entry_records, (chunk, rest.title, section, url, source, captured)) for chunk in chunks]
        for result in pending:
            yield _within_deadline(result)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None


def _within_deadline(result: AsyncResult[T]) -> T:
    """What a worker hands back, waited for no longer than the source's deadline (a worker that died never answers)."""
    deadline = current_visit().deadline
    left = deadline.check()
    try:
        return result.get(left if left != float("inf") else None)
    except multiprocessing.TimeoutError:
        raise DeadlinePassed(deadline.gave_up()) from None
