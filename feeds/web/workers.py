"""Worker processes for the part of a fetch that is pure computation: feed entries → records.

Turning a feed's entries into articles (HTML → blocks, datelines, ids) is most
of the work of a fetch, and threads of one interpreter take turns at it. So a
fetch run keeps one worker process per core and hands them entries in chunks;
the run's threads wait for the network and for the workers at the same time.

Workers are forked when the pool is made, while the process is single-threaded
(the command line makes it before any fetch thread starts); in a process that
already runs threads (the app), the fork server starts them instead. A feed of
a few entries, a machine of one core, or a pool that broke does the work in
the calling thread: the result is the same, only slower.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Iterator
from datetime import datetime
from multiprocessing.pool import Pool

from feeds.model import AMSTERDAM, Entry
from feeds.pages.syndication import Feed, FeedEntry, entry_articles
from feeds.store.rows import Record, record

CHUNK = 500  # entries per task: large enough to pay for the hand-over, small enough to spread a big feed
ALONE = 200  # a feed with fewer entries is converted where it was read


def entry_records(entries: list[FeedEntry], feed_title: str | None, section: str | None, url: str, source: str, captured: datetime) -> list[Record]:
    """A chunk of a feed's entries as records for the store: what a worker process hands back."""
    seen = min(captured, datetime.now(AMSTERDAM))
    return [record(Entry(article, first_seen=seen)) for article in entry_articles(entries, feed_title, section, url, source)]


class Workers:
    def __init__(self, processes: int | None = None) -> None:
        count = processes if processes is not None else (os.cpu_count() or 1)
        self._pool: Pool | None = None
        if count > 1:
            method = "fork" if threading.active_count() == 1 else "forkserver"
            try:
                self._pool = multiprocessing.get_context(method).Pool(count)
            except (OSError, ValueError):
                self._pool = None  # no processes to be had: the work is done here

    def feed_records(self, feed: Feed, section: str | None, url: str, source: str, captured: datetime) -> Iterator[list[Record]]:
        """The records of a feed's entries, a chunk at a time, in the feed's order."""
        chunks = [feed.entries[start:start + CHUNK] for start in range(0, len(feed.entries), CHUNK)]
        pool = self._pool
        if pool is None or len(feed.entries) < ALONE:
            for chunk in chunks:
                yield entry_records(chunk, feed.title, section, url, source, captured)
            return
        pending = [pool.apply_async(entry_records, (chunk, feed.title, section, url, source, captured)) for chunk in chunks]
        for chunk, result in zip(chunks, pending):
            try:
                yield result.get()
            except Exception:  # noqa: BLE001 - a worker that died or failed: do its chunk here
                yield entry_records(chunk, feed.title, section, url, source, captured)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

