"""Fetching sources from the web, politely and robustly, into articles.

A fetch run works through the sources with at most four requests in flight,
one at a time per host with a pause between them, honouring robots.txt and
Retry-After. Each source has a deadline, and so has the whole run: a server
that trickles its answer fails its source at the deadline, and the run ends.
Connections go through `network.py`, which refuses link-local addresses, and
private ones to a source that is not itself local, hop by hop. Every response
is capped in size, decoded by its declared or
detected charset, and recognised by its content: a ZeelandNet section page
(whose article pages are fetched for their full text), a ZeelandNet article
page, an RSS/Atom feed, or a page that advertises a feed.

The run only produces articles; the caller stores them, one source at a time,
in its own thread, so the Library is only ever touched by one thread. All
that a run stores, with what each source URL answered (ETag, Last-Modified),
is one transaction of the library: committed when the run finishes, so a run
is all there or none of it. A source that fails changes nothing.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from feeds.pages.encoding import NotText, decode_page
from feeds.pages.syndication import NotAFeed, read_feed
from feeds.pages.html import html_blocks
from feeds.library import Library, Retention, Validator, Writer
from feeds.model import AMSTERDAM, Article, Entry
from feeds.web.network import AddressRefused, Deadline, DeadlinePassed, Network, Visit, current_visit, visiting
from feeds.pages.page import NotANewsPage, PageTooComplex, looks_like_html, parse_page
from feeds.config import Settings, Source
from feeds.store.rows import Record, record
from feeds.urls import is_loopback_host
from feeds.web.workers import Workers



def _user_agent() -> str:
    try:
        release = version("nieuws-tui")
    except PackageNotFoundError:
        release = "dev"
    return f"nieuws-tui/{release} (+https://www.zeelandnet.nl/; terminal news reader)"


USER_AGENT = _user_agent()


class FetchError(Exception):
    """One line saying why a URL could not be fetched or read."""


class RetryableFetchError(FetchError):
    """A failure worth another try (a timeout)."""


class PastDeadline(FetchError):
    """The source's or the run's deadline passed: nothing more is tried for the source."""


@dataclass(slots=True)
class Fetched:
    url: str  # after redirects
    status: int
    body: bytes
    content_type: str
    charset: str | None
    date: datetime
    etag: str | None
    last_modified: str | None
    retry_after: str | None = None


# -- what each URL answered last ---------------------------------------------------------------


class Validators:
    """ETag/Last-Modified per source URL, so that an unchanged source costs a 304 and no body.

    Starts from what the library stored; what a run learns is stored with the
    source's articles, in the same transaction, and only if the source succeeded.
    """

    def __init__(self, known: dict[str, Validator]) -> None:
        self._known = known
        self._learned: dict[str, Validator] = {}
        self._lock = threading.Lock()

    def headers(self, url: str) -> dict[str, str]:
        with self._lock:
            known = self._known.get(url)
        headers = {}
        if known and known.etag:
            headers["If-None-Match"] = known.etag
        if known and known.last_modified:
            headers["If-Modified-Since"] = known.last_modified
        return headers

    def remember(self, fetched: Fetched, requested_url: str) -> None:
        with self._lock:
            self._learned[requested_url] = Validator(fetched.etag, fetched.last_modified)

    def take(self, urls: list[str]) -> dict[str, Validator]:
        """What was learned of these URLs, to be stored now; forgotten here either way."""
        with self._lock:
            taken = {url: self._learned.pop(url) for url in urls if url in self._learned}
            self._known.update(taken)
        return taken


# -- HTTP ----------------------------------------------------------------------------------------


class Http:
    """A polite client: a request at a time per host, a pause between them, retries, a size cap."""

    def __init__(self, settings: Settings, network: Network | None = None) -> None:
        self.settings = settings
        self.network = network or Network()
        # One client for sources on public addresses and one for local sources: a pooled
        # connection is only ever reused under the rules it was opened under.
        self.clients = {local: self._client(local) for local in (False, True)}
        self._hosts: dict[str, threading.Lock] = {}
        self._last: dict[str, float] = {}
        self._hosts_lock = threading.Lock()
        self._robots: dict[str, RobotFileParser | None] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self.requests = 0

    def _client(self, local: bool) -> httpx.Client:
        return httpx.Client(
            headers={"User-Agent": USER_AGENT, "Accept": "text/html, application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"},
            timeout=httpx.Timeout(self.settings.read_timeout, connect=self.settings.connect_timeout),
            follow_redirects=True,
            max_redirects=10,
            transport=self.network.transport(local),
        )

    def close(self) -> None:
        for client in self.clients.values():
            client.close()

    def _lock_of(self, locks: dict[str, threading.Lock], key: str) -> threading.Lock:
        with self._hosts_lock:
            return locks.setdefault(key, threading.Lock())

    @contextmanager
    def _holding(self, lock: threading.Lock) -> Iterator[None]:
        """Hold `lock`, waiting for it no longer than the visit's deadline allows."""
        if not lock.acquire(timeout=current_visit().deadline.bound(None)):
            current_visit().deadline.check()
        try:
            yield
        finally:
            lock.release()

    def get(self, url: str, headers: dict[str, str] | None = None, check_robots: bool = True, attempts: int | None = None) -> Fetched:
        """The answer for `url`, within the current visit's deadline and address rules."""
        try:
            return self._get(url, headers or {}, check_robots, attempts or self.settings.attempts)
        except DeadlinePassed as error:
            raise PastDeadline(str(error)) from None

    def _get(self, url: str, headers: dict[str, str], check_robots: bool, attempts: int) -> Fetched:
        if check_robots and not self._allowed(url):
            raise FetchError("disallowed by the site's robots.txt")
        deadline = current_visit().deadline
        host = urlsplit(url).netloc
        attempt = 0
        while True:
            attempt += 1
            with self._holding(self._lock_of(self._hosts, host)):
                delay = 0.0 if is_loopback_host(urlsplit(url).hostname or "") else self.settings.host_delay
                deadline.sleep(self._last.get(host, 0) + delay - time.monotonic())
                try:
                    result = self._get_once(url, headers)
                finally:
                    self._last[host] = time.monotonic()
            wait = self._retry_wait(result, attempt, attempts)
            if wait is None:
                if isinstance(result, Exception):
                    raise result
                return result
            deadline.sleep(wait)

    def _retry_wait(self, result: Fetched | FetchError, attempt: int, attempts: int) -> float | None:
        """How long to wait before trying again; None when this answer is final."""
        if attempt >= attempts:
            return None
        backoff = self.settings.backoff * 2 ** (attempt - 1)
        if isinstance(result, FetchError):
            return backoff if isinstance(result, RetryableFetchError) else None
        if result.status >= 500 or result.status == 429:
            return min(self._retry_after(result) or backoff, self.settings.max_retry_after)
        return None

    @staticmethod
    def _retry_after(fetched: Fetched) -> float | None:
        value = fetched.retry_after
        if not value:
            return None
        if value.strip().isdigit():
            return float(value)
        try:
            return max(0.0, (parsedate_to_datetime(value) - datetime.now(timezone.utc)).total_seconds())
        except (TypeError, ValueError):
            return None

    def _get_once(self, url: str, headers: dict[str, str]) -> Fetched | FetchError:
        self.requests += 1
        visit = current_visit()
        try:
            with self.clients[visit.local].stream("GET", url, headers=headers) as response:
                declared = response.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > self.settings.max_bytes:
                    return FetchError(f"response too large ({int(declared) / 2**20:.1f} MB; {self._cap()})")
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > self.settings.max_bytes:
                        return FetchError(f"response too large (over {self._cap()})")
                    chunks.append(chunk)
                fetched = Fetched(
                    url=str(response.url),
                    status=response.status_code,
                    body=b"".join(chunks),
                    content_type=response.headers.get("Content-Type", "").split(";")[0].strip().lower(),
                    charset=response.charset_encoding,
                    date=_http_date(response.headers.get("Date")),
                    etag=response.headers.get("ETag"),
                    last_modified=response.headers.get("Last-Modified"),
                    retry_after=response.headers.get("Retry-After"),
                )
                return fetched
        except AddressRefused as error:
            return FetchError(str(error))
        except DeadlinePassed as error:
            return PastDeadline(str(error))
        except httpx.TooManyRedirects:
            return FetchError("too many redirects (a redirect loop?)")
        except httpx.TimeoutException:
            if visit.deadline.remaining() <= 0:  # the deadline, not the server's pace, cut the wait short
                return PastDeadline(f"gave up at the deadline of {visit.deadline.seconds:g} s {visit.deadline.what}")
            return RetryableFetchError("timed out")
        except httpx.ConnectError as error:
            text = str(error)
            if "Name or service not known" in text or "nodename nor servname" in text or "Temporary failure in name resolution" in text:
                return FetchError("host not found (DNS)")
            if "refused" in text.lower():
                return FetchError("connection refused")
            return FetchError(f"cannot connect ({text or type(error).__name__})")
        except httpx.HTTPError as error:
            return FetchError(f"HTTP error ({error or type(error).__name__})")
        except ValueError as error:  # an invalid URL
            return FetchError(f"invalid URL ({error})")

    def _cap(self) -> str:
        return f"the limit is {self.settings.max_bytes / 2**20:g} MB: raise it with --max-size or max-size in config.toml"

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        # One robots.txt request per site, however many workers ask; a slow site holds up only its own.
        with self._holding(self._lock_of(self._robots_locks, origin)):
            if origin not in self._robots:
                self._robots[origin] = self._robots_txt(origin)
            rules = self._robots[origin]
        return rules is None or rules.can_fetch(USER_AGENT, url)

    def _robots_txt(self, origin: str) -> RobotFileParser | None:
        try:
            # One try: a site without a working robots.txt has nothing to say about this fetch.
            fetched = self.get(origin + "/robots.txt", check_robots=False, attempts=1)
        except PastDeadline:
            raise
        except FetchError:
            return None
        if fetched.status != 200:
            return None
        rules = RobotFileParser()
        rules.parse(fetched.body.decode("utf-8", "replace").splitlines())
        return rules


def _http_date(value: str | None) -> datetime:
    try:
        moment = parsedate_to_datetime(value) if value else None
    except (TypeError, ValueError):
        moment = None
    now = datetime.now(AMSTERDAM)
    return min(moment.astimezone(AMSTERDAM), now) if moment else now


# -- a source ------------------------------------------------------------------------------------


@dataclass(slots=True)
class SourceResult:
    source: Source
    records: list[Record] = field(default_factory=list)
    error: str | None = None
    unchanged: bool = False
    urls: list[str] = field(default_factory=list)  # fetched conditionally, for the validators once stored
    new: int = 0
    updated: int = 0

    @property
    def summary(self) -> str:
        if self.error:
            return f"failed: {self.error}"
        if self.unchanged:
            return "unchanged"
        return f"{self.new} new, {self.updated} updated"


@dataclass(frozen=True, slots=True)
class Progress:
    source: Source
    text: str


def _is_feed(fetched: Fetched) -> bool:
    head = fetched.body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return False
    if any(kind in fetched.content_type for kind in ("rss", "atom", "rdf")):
        return True
    return head.startswith(b"<?xml") and any(tag in head for tag in (b"<rss", b"<feed", b"<rdf:rdf"))


class SourceFetch:
    """Everything one source brings: its own page or feed, and the article pages it lists."""

    def __init__(
        self, http: Http, validators: Validators, has_full_text: Callable[[list[str]], set[str]], report: Callable[[Progress], None], workers: Workers
    ) -> None:
        self.http = http
        self.validators = validators
        self.has_full_text = has_full_text
        self.fetched_in_full: set[str] = set()  # in this run, by any source
        self.report = report
        self.workers = workers

    def run(self, source: Source, run_deadline: Deadline) -> SourceResult:
        """Everything the source brings, or the one reason it failed; never past its deadline or the run's."""
        result = SourceResult(source)
        deadline = Deadline.after(self.http.settings.deadline, "per source").earliest(run_deadline)
        try:
            with visiting(Visit(deadline, local=self.http.network.is_local(source.url))):
                deadline.check()  # a source whose turn comes after the run's deadline is not started
                self._fetch(source, source.url, result, follow_feed_links=True)
        except DeadlinePassed as error:
            self._failed(result, PastDeadline(str(error)))
        except FetchError as error:
            self._failed(result, error)
        return result

    def _failed(self, result: SourceResult, error: FetchError) -> None:
        """A source that fails changes nothing: none of its articles, none of its validators."""
        result.error = str(error)
        result.records = []
        self.validators.take(result.urls)

    def _get(self, url: str, result: SourceResult, conditional: bool = True) -> Fetched:
        fetched = self.http.get(url, self.validators.headers(url) if conditional else None)
        if fetched.status == 304:
            return fetched
        if fetched.status >= 400:
            raise FetchError(f"HTTP {fetched.status}")
        if conditional:
            result.urls.append(url)
            self.validators.remember(fetched, url)
        return fetched

    def _fetch(self, source: Source, url: str, result: SourceResult, follow_feed_links: bool) -> None:
        fetched = self._get(url, result)
        if fetched.status == 304:
            result.unchanged = True
            return
        if _is_feed(fetched):
            self._feed(source, fetched, result)
            return
        try:
            text = decode_page(fetched.body, fetched.charset)
        except NotText as error:
            raise FetchError(str(error)) from None
        if any(kind in fetched.content_type for kind in ("rss", "atom", "xml")) and looks_like_html(text):
            raise FetchError("a feed that is an HTML page (an error page?)")
        try:
            page = parse_page(text, fetched.date, html=None, url=fetched.url)
        except PageTooComplex as error:
            raise FetchError(f"refused: {error}") from None
        except NotANewsPage:
            feeds = html_blocks(text, fetched.url).feeds if looks_like_html(text) else []
            if follow_feed_links and feeds:
                self.report(Progress(source, f"using its feed {feeds[0]}"))
                self._fetch(source, feeds[0], result, follow_feed_links=False)
                return
            raise FetchError("not a news page or feed this program can read") from None
        articles = [self._filed(a, source) for a in page.articles]
        result.records.extend(_records(articles, page.captured))
        if page.kind in ("index", "regional"):
            self._article_pages(source, [a for a in articles if a.kind == "teaser"], result)

    def _article_pages(self, source: Source, teasers: list[Article], result: SourceResult) -> None:
        """The full text of a section or regional page's items, unless the library has it already."""
        known = self.has_full_text([t.id for t in teasers]) | self.fetched_in_full
        wanted = [t for t in teasers if t.id not in known]
        for number, teaser in enumerate(wanted, 1):
            self.report(Progress(source, f"article {number}/{len(wanted)}"))
            try:
                fetched = self._get(teaser.url, result, conditional=False)
                page = parse_page(decode_page(fetched.body, fetched.charset), fetched.date, url=fetched.url)
            except PastDeadline:
                raise
            except (FetchError, NotText, NotANewsPage, PageTooComplex):
                continue  # the teaser is stored all the same; the next fetch tries again
            story = next((a for a in page.articles if a.kind == "full"), None)
            if story is not None:
                # The page's own URL may differ from the link; keep the id the teaser had, and
                # the section the listing filed it under (a region, not the page's `Meer uit Zeeland`).
                story = self._filed(story, source).with_changes(id=teaser.id, url=teaser.url, section=teaser.section or story.section)
                result.records.extend(_records([story], page.captured))
                self.fetched_in_full.add(story.id)

    def _feed(self, source: Source, fetched: Fetched, result: SourceResult) -> None:
        try:
            feed = read_feed(fetched.body, fetched.url)
        except NotAFeed as error:
            raise FetchError(f"invalid feed: {error}") from None
        for records in self.workers.feed_records(feed, source.section, fetched.url, source.url, fetched.date):
            result.records.extend(records)

    @staticmethod
    def _filed(article: Article, source: Source) -> Article:
        """Under the source's own section, if it has one; and known to come from it."""
        return article.with_changes(section=source.section or article.section, source=source.url)


def _records(articles: list[Article], captured: datetime) -> list[Record]:
    seen = min(captured, datetime.now(AMSTERDAM))
    return [record(Entry(article, first_seen=seen)) for article in articles]


# -- a run ---------------------------------------------------------------------------------------


@dataclass(slots=True)
class FetchReport:
    results: list[SourceResult] = field(default_factory=list)
    requests: int = 0
    pruned: list[str] = field(default_factory=list)  # ids the retention rules removed

    @property
    def failed(self) -> list[SourceResult]:
        return [r for r in self.results if r.error]


# How long past the run's deadline the run still waits for a source stuck where no deadline
# reaches (a DNS lookup, a page being parsed) before it reports that source failed and ends.
RUN_GRACE = 5.0


def fetch_sources(
    sources: list[Source],
    http: Http,
    has_full_text: Callable[[list[str]], set[str]],
    validators: Validators,
    cancel: threading.Event | None = None,
) -> Iterator[Progress | SourceResult]:
    """Fetch every source; yields progress and each source's result, in the caller's thread.

    Ends by the run's deadline: a source still going then is reported failed.
    """
    run_deadline = Deadline.after(http.settings.run_deadline, "for the whole run")
    events: queue.Queue[Progress | SourceResult] = queue.Queue()
    todo: queue.SimpleQueue[Source] = queue.SimpleQueue()
    for source in sources:
        todo.put(source)
    workers = Workers()  # before the threads below: its processes are forked from this one
    worker = SourceFetch(http, validators, has_full_text, events.put, workers)

    def work() -> None:
        while True:
            try:
                source = todo.get_nowait()
            except queue.Empty:
                return
            if cancel is not None and cancel.is_set():
                events.put(SourceResult(source, error="cancelled"))
                continue
            events.put(Progress(source, "fetching"))
            try:
                events.put(worker.run(source, run_deadline))
            except Exception as error:  # a bug must not stop the other sources; it is reported like a failure
                events.put(SourceResult(source, error=f"unexpected error: {error!r}"))

    try:
        for _ in range(min(http.settings.in_flight, len(sources))):
            # Daemon threads: a worker stuck past every deadline must not keep the process alive.
            threading.Thread(target=work, name="nieuws-tui-fetch", daemon=True).start()
        waiting = list(sources)
        while waiting:
            try:
                event = events.get(timeout=max(0.0, run_deadline.remaining()) + RUN_GRACE)
            except queue.Empty:
                for source in waiting:
                    yield SourceResult(source, error=f"gave up at the deadline of {run_deadline.seconds:g} s for the whole run")
                return
            if isinstance(event, SourceResult):
                waiting.remove(event.source)
            yield event
    finally:
        workers.close()


class FetchRun:
    """One fetch of some sources into a library.

    `events` does the network work and touches nothing but the web; `store` and
    `finish` touch the library and belong in the thread that owns it. The
    command line calls all three in one thread (`run_fetch`); the app runs
    `events` on a thread of its own and hands `store` to its engine thread.
    Everything stored goes into one transaction, committed by `finish`.
    """

    def __init__(
        self,
        library: Library,
        sources: list[Source],
        settings: Settings = Settings(),
        cancel: threading.Event | None = None,
        network: Network | None = None,
        retention: Retention | None = None,
    ) -> None:
        self.library = library
        self.sources = sources
        self.cancel = cancel
        self.retention = retention
        self.validators = Validators(library.validators())
        self.http = Http(settings, network)
        self.report = FetchReport()
        self._writer: Writer | None = None

    def events(self) -> Iterator[Progress | SourceResult]:
        try:
            yield from fetch_sources(self.sources, self.http, self.library.with_full_text, self.validators, self.cancel)
        finally:
            self.http.close()
            self.report.requests = self.http.requests

    def store(self, result: SourceResult) -> None:
        if result.error is None:
            if self._writer is None:
                self._writer = self.library.begin()
            if result.records:
                added = self._writer.add_records(result.records)
                result.new, result.updated = added.new, added.updated
            self._writer.note_validators(self.validators.take(result.urls))
        self.report.results.append(result)

    def finish(self) -> FetchReport:
        """Commit what the run stored, after pruning what the retention rules no longer keep."""
        if self.retention is not None and self.retention.active:
            if self._writer is None:
                self._writer = self.library.begin()
            self.report.pruned = self.library.expired(self.retention)
            self._writer.prune(self.report.pruned)
        if self._writer is not None:
            writer, self._writer = self._writer, None
            writer.commit()
        return self.report

    def abandon(self) -> None:
        """Store nothing of this run (it was interrupted)."""
        if self._writer is not None:
            writer, self._writer = self._writer, None
            writer.rollback()


def run_fetch(
    library: Library,
    sources: list[Source],
    on_event: Callable[[Progress | SourceResult], None] | None = None,
    settings: Settings = Settings(),
    cancel: threading.Event | None = None,
    network: Network | None = None,
    retention: Retention | None = None,
) -> FetchReport:
    """Fetch the sources and store what each brings as soon as it is in, all in this thread."""
    run = FetchRun(library, sources, settings, cancel, network, retention)
    try:
        for event in run.events():
            if isinstance(event, SourceResult):
                run.store(event)
            if on_event:
                on_event(event)
    except BaseException:
        run.abandon()
        raise
    return run.finish()
