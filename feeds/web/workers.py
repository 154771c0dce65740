"""Worker processes for the part of a fetch that is pure computation: a feed's bytes → records.

Reading a feed and turning its entries into articles (HTML → blocks, datelines,
ids) is most of the work of a fetch, and threads of one interpreter take turns
at it. So a fetch run keeps one worker process per core. A feed's bytes go to a
worker, which reads the feed and hands back records ready for the store: the
run's threads only wait for the network and the workers, and the thread that
stores what they bring is left to the database. A feed big enough to keep one
worker busy long (a wire service's archive of 10,000 stories) is read by every
worker, each making the records of its share of the entries: reading it twice
at once costs less time than one worker reading it and the entries being
handed out from there. Workers run at a lower priority than the process that
stores what they make (and than the app, while it fetches), so that it keeps
up with them and the screen stays quick.

Workers are forked when the pool is made, while the process is single-threaded
(the command line makes it before any fetch thread starts); in a process that
already runs threads, the fork server starts them instead. A machine of one
core, or a system that gives no processes, does the work in the calling thread:
the result is the same, only slower. So does the app (RefreshRun), where a
pool, made in its threads, cost more than it saved.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from datetime import datetime
from multiprocessing.pool import AsyncResult, Pool
from typing import NamedTuple

from feeds.clean import clean_name
from feeds.language import gettext as _
from feeds.model import AMSTERDAM
from feeds.pages.bounds import FEED_BOUNDS_SIZE
from feeds.pages.syndication import entry_articles, feed_shared, read_feed
from feeds.store.rows import Record, records_in_order
from feeds.web.visits import DeadlinePassed, current_visit

SHARED = 4 * 1024 * 1024  # bytes of a feed that every worker reads, for a share of its entries each (some 1,500 full ones)
NICENESS = 5  # how much less than their parent workers ask of the processor
_PR_SET_PDEATHSIG = 1  # prctl's option for the signal a process is sent as its parent ends (linux/prctl.h)


class Share(NamedTuple):
    """What a worker makes of its share of a feed's entries."""

    records: list[Record]
    left_out: tuple[str, ...]  # why each entry that is no article is none (syndication.FeedArticles)
    title: str | None  # the feed's own title, a clean line
    broken_off: bool  # the feed's end is missing (syndication.Feed.broken_off)


def share_records(
    data: bytes, share: int, shares: int, section: str | None, url: str, source: str, captured: datetime, cap: int = FEED_BOUNDS_SIZE, title: str | None = None
) -> Share:
    """The records of the `share`th of `shares` equal runs of the entries of a feed fetched under a size cap
    of `cap` bytes, how many of those entries are no article, and the feed's title. An entry without a category
    is filed under the source's `title` (the name the user gave it), else the feed's. NotAFeed passes through."""
    feed = read_feed(data, url, cap)
    count = len(feed.entries)
    first = count * share // shares
    shared = feed_shared(feed.entries, url)  # of the whole feed, which every worker reads
    articles, left_out = entry_articles(feed.entries[first : count * (share + 1) // shares], title or feed.title, section, url, source, shared, feed.link)
    return Share(records_in_order(articles, captured, first), left_out, clean_name(feed.title), feed.broken_off)


# A feed of one entry that takes every step a feed's entries take (read_feed, a dateline, a date, HTML blocks).
_FIRST_FEED = (
    b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><title>t</title><link href="https://nieuws.example/a"/>'
    b"<published>2026-01-01T12:00:00+01:00</published><author><name>Jan Jansen</name></author><category term=\"s\"/>"
    b'<content type="html">&lt;p&gt;AMSTERDAM (ANP) - Tekst.&lt;/p&gt;&lt;h2&gt;Kop&lt;/h2&gt;&lt;p&gt;Meer.&lt;/p&gt;</content></entry></feed>'
)


def _start_worker() -> None:
    """A new worker steps back for its parent, and reads a feed of one entry now, while the first feed is still on its way.

    A worker's first feed took some 40 ms more than the next: the fast parser's first parse
    (34 ms) and the gazetteer that datelines are read with (6 ms) are made on first use.

    It leaves Ctrl-C to its parent: a terminal sends it to every process of the command, and a
    worker that ended on it printed a traceback, and could leave the pool's queue to hang the
    parent as it closed the pool. The parent ends its workers itself, whatever ends the run. So it
    leaves its parent's process group too, for the signals sent to a whole group (`timeout`'s
    SIGTERM): one killed by it as it waited for work held the pool's queue lock for good, and the
    parent, closing the pool, waited on that lock for ever. (A worker whose parent is gone ends as
    its queue closes, or with it: see _end_with_parent.) It ends on SIGTERM as the system ends a process:
    the command line's handler, forked with it, raised an exception, and a worker the pool ended so printed a
    traceback, and could hang the run.

    It collects no reference cycles: what it makes (entries, articles, records) has none and is
    freed as it is handed back, and a run's worker lives as long as the run. Collecting them
    cost a worker some 6% of its time, walking the feed it holds again and again.

    It writes nowhere: its standard output and error are the terminal's, where the app draws (Textual replaces
    sys.stderr, not the descriptor), and a warning a library printed there would cut through the screen. What it has
    to say, it hands back.
    """
    _silenced()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the parent's may raise (the command line's): a worker ends on it, silent
    _end_with_parent()
    os.setpgid(0, 0)
    os.nice(NICENESS)
    gc.disable()
    try:
        share_records(_FIRST_FEED, 0, 1, None, "https://nieuws.example/", "", datetime.now(AMSTERDAM))
    except Exception:  # noqa: BLE001 - a worker whose start fails is started again, and again: the run would hang
        pass


def _silenced() -> None:
    """A terminal as standard output or error to nowhere. Only a terminal: one a command was started without (`>&-`)
    is a descriptor the pool's own pipes may have taken since, and the worker writing them to nowhere hung the run."""
    terminals = [descriptor for descriptor in (1, 2) if os.isatty(descriptor)]
    if not terminals:
        return
    try:
        nowhere = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        return  # no /dev/null to be had: left as it was
    for descriptor in terminals:
        os.dup2(nowhere, descriptor)
    os.close(nowhere)


def _end_with_parent() -> None:
    """The worker is killed as its parent dies, where the system offers that (Linux's PR_SET_PDEATHSIG).

    A fetch killed outright (`kill -9`, the OOM killer) left its workers reading a feed for nobody,
    then handing what they made to a queue nobody reads: each printed two BrokenPipeError
    tracebacks, which cron mailed. Ended by the kernel, a worker says nothing; and all of them end
    at once, so none waits for ever on a queue lock that another held as it ended."""
    if sys.platform != "linux":
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass  # no C library to ask: the worker ends as its queue closes, as elsewhere


class Workers:
    def __init__(self, processes: int | None = None) -> None:
        count = processes if processes is not None else (os.cpu_count() or 1)
        self._processes = count
        self._pool: Pool | None = None
        # What a thread waiting for a worker's answer waits to change: the answer came, or the pool was closed.
        self._change = threading.Condition()
        self._closed = False
        if count > 1:
            method = "fork" if threading.active_count() == 1 else "forkserver"
            try:
                self._pool = multiprocessing.get_context(method).Pool(count, initializer=_start_worker)
            except (OSError, ValueError):
                self._pool = None  # no processes to be had: the work is done here

    def feed_records(self, data: bytes, section: str | None, url: str, source: str, captured: datetime, cap: int, title: str | None) -> Iterator[Share]:
        """The records of a feed's entries, a share at a time, in the feed's order, each with the number of its
        entries left out and the feed's title (share_records; `title`, the source's). NotAFeed when it is none."""
        if self._closed:
            raise _run_ended()
        pool = self._pool
        if pool is None:
            yield share_records(data, 0, 1, section, url, source, captured, cap, title)
            return
        shares = self._processes if len(data) >= SHARED else 1
        pending = [self._ask(pool, (data, share, shares, section, url, source, captured, cap, title)) for share in range(shares)]
        for answer in pending:
            yield answer()

    def _ask(self, pool: Pool, args: tuple[object, ...]) -> Callable[[], Share]:
        """Hands a share to the pool; what it returns waits for the worker's answer, no longer than the source's
        deadline (a worker that died never answers), nor than the pool is open: a run that ended at an error closed
        it while its sources' threads waited for answers that would never come, until their deadline (a minute)."""
        answered = threading.Event()

        def arrived(_outcome: object) -> None:  # (on the pool's thread, just before the answer can be had)
            answered.set()
            with self._change:
                self._change.notify_all()

        result: AsyncResult[Share] = pool.apply_async(share_records, args, callback=arrived, error_callback=arrived)

        def answer() -> Share:
            deadline = current_visit().deadline
            left = deadline.check()
            with self._change:
                self._change.wait_for(lambda: answered.is_set() or self._closed, min(left, threading.TIMEOUT_MAX))
            if not answered.is_set():
                raise _run_ended() if self._closed else DeadlinePassed(deadline.gave_up())
            return result.get()

        return answer

    def close(self) -> None:
        with self._change:
            self._closed = True
            self._change.notify_all()
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None


def _run_ended() -> DeadlinePassed:
    """What a source still reading a feed fails with once its run closed the workers: the run ended early, before its
    deadline, and nothing reads what the source brings any more."""
    return DeadlinePassed(_("cancelled"))
