"""Fetching sources from the web, politely and robustly, into articles.

A fetch run works through the sources with at most four requests in flight,
one at a time per host with a pause between them, honouring robots.txt and
Retry-After. Each source has a deadline, and so has the whole run: a server
that trickles its answer fails its source at the deadline, and the run ends.
Connections go through `network.py`, which refuses link-local addresses, and
private ones to a source that is not itself local, hop by hop. Every response
is capped in size, decoded by its declared or detected charset, and
recognised by its content: a ZeelandNet section page
(whose article pages are fetched for their full text), a ZeelandNet article
page, an RSS/Atom feed, or a page that advertises a feed.

The run only produces articles; the caller stores them, one source at a time,
in its own thread, so the Library is only ever touched by one thread. What
each URL answered last (ETag, Last-Modified) is kept in a file next to the
library (`<library>.fetch.json`): it describes what that library has seen,
and travels and is deleted with it. A source that fails changes nothing.
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
from pathlib import Path
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from .encoding import NotText, decode_page
from .feed_articles import NotAFeed, feed_articles
from .html_page import html_blocks
from .library import Library
from .model import AMSTERDAM, Article
from .network import AddressRefused, Deadline, DeadlinePassed, Network, Visit, current_visit, visiting
from .parse import NotANewsPage, PageTooComplex, looks_like_html, parse_page
from .sources import Source
from .storage import StorageError, atomic_write, dump_json, locked, read_json

MAX_BYTES = 10 * 1024 * 1024


def _user_agent() -> str:
    try:
        release = version("nieuws-tui")
    except PackageNotFoundError:
        release = "dev"
    return f"nieuws-tui/{release} (+https://www.zeelandnet.nl/; terminal news reader)"


USER_AGENT = _user_agent()


@dataclass(frozen=True, slots=True)
class Settings:
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    attempts: int = 3  # tries for timeouts and server errors
    backoff: float = 1.0  # seconds before the second try; doubles after
    host_delay: float = 0.3  # pause between requests to one host
    max_retry_after: float = 120.0
    in_flight: int = 4
    max_bytes: int = MAX_BYTES
    deadline: float = 60.0  # seconds for one source, all its requests and pauses together
    run_deadline: float = 600.0  # seconds for the whole run: after it every source still going fails


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
    """ETag/Last-Modified per URL, so that an unchanged page costs a 304 and no body."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        try:
            data = read_json(path) or {}
        except StorageError:
            data = {}  # a damaged cache only costs full downloads; it is rewritten on save
        self._data: dict[str, dict] = data if isinstance(data, dict) else {}
        self._changed: dict[str, dict] = {}

    @classmethod
    def for_library(cls, library: Library) -> Validators:
        return cls(library.path.with_name(library.path.name + ".fetch.json"))

    def headers(self, url: str) -> dict[str, str]:
        with self._lock:
            known = self._data.get(url, {})
        headers = {}
        if known.get("etag"):
            headers["If-None-Match"] = known["etag"]
        if known.get("last_modified"):
            headers["If-Modified-Since"] = known["last_modified"]
        return headers

    def remember(self, fetched: Fetched, requested_url: str) -> None:
        """Noted now; written by `save` once what the URL gave is stored."""
        with self._lock:
            self._changed[requested_url] = {"etag": fetched.etag, "last_modified": fetched.last_modified}

    def forget(self, url: str) -> None:
        with self._lock:
            self._changed.pop(url, None)

    def commit(self, urls: list[str]) -> None:
        with self._lock:
            for url in urls:
                if url in self._changed:
                    self._data[url] = self._changed.pop(url)

    def save(self, lock_path: Path) -> None:
        with self._lock, locked(lock_path):
            atomic_write(self.path, dump_json(self._data))


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
        while not lock.acquire(timeout=min(current_visit().deadline.bound(None), threading.TIMEOUT_MAX)):
            pass  # bound() raises DeadlinePassed once the deadline is reached
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
                deadline.sleep(self._last.get(host, 0) + self.settings.host_delay - time.monotonic())
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
                    return FetchError(f"response too large ({int(declared) / 1e6:.0f} MB; at most {self.settings.max_bytes // 2**20} MB)")
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > self.settings.max_bytes:
                        return FetchError(f"response too large (over {self.settings.max_bytes // 2**20} MB)")
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
    articles: list[tuple[Article, datetime]] = field(default_factory=list)
    error: str | None = None
    unchanged: bool = False
    urls: list[str] = field(default_factory=list)  # fetched, for the validators once stored
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

    def __init__(self, http: Http, validators: Validators, full_text: set[str], report: Callable[[Progress], None]) -> None:
        self.http = http
        self.validators = validators
        self.full_text = full_text
        self.report = report

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
        result.articles = []
        for url in result.urls:
            self.validators.forget(url)

    def _get(self, url: str, result: SourceResult, conditional: bool = True) -> Fetched:
        fetched = self.http.get(url, self.validators.headers(url) if conditional else None)
        if fetched.status == 304:
            return fetched
        if fetched.status >= 400:
            raise FetchError(f"HTTP {fetched.status}")
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
        result.articles.extend((a, page.captured) for a in articles)
        if page.kind == "index":
            self._article_pages(source, [a for a in articles if a.kind == "teaser"], result)

    def _article_pages(self, source: Source, teasers: list[Article], result: SourceResult) -> None:
        """The full text of a section page's items, unless the library has it already."""
        wanted = [t for t in teasers if t.id not in self.full_text]
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
                # The page's own URL may differ from the link; keep the id the teaser had.
                story = self._filed(story, source).with_changes(id=teaser.id, url=teaser.url)
                result.articles.append((story, page.captured))
                self.full_text.add(story.id)

    def _feed(self, source: Source, fetched: Fetched, result: SourceResult) -> None:
        try:
            articles = feed_articles(fetched.body, source.section, fetched.url)
        except NotAFeed as error:
            raise FetchError(f"invalid feed: {error}") from None
        result.articles.extend((a, fetched.date) for a in articles)

    @staticmethod
    def _filed(article: Article, source: Source) -> Article:
        return article.with_changes(section=source.section) if source.section else article


# -- a run ---------------------------------------------------------------------------------------


@dataclass(slots=True)
class FetchReport:
    results: list[SourceResult] = field(default_factory=list)
    requests: int = 0

    @property
    def failed(self) -> list[SourceResult]:
        return [r for r in self.results if r.error]


# How long past the run's deadline the run still waits for a source stuck where no deadline
# reaches (a DNS lookup, a page being parsed) before it reports that source failed and ends.
RUN_GRACE = 5.0


def fetch_sources(
    sources: list[Source],
    http: Http,
    full_text: set[str],
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
    worker = SourceFetch(http, validators, full_text, events.put)

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


class FetchRun:
    """One fetch of some sources into a library.

    `events` does the network work and touches nothing but the web; `store` and
    `finish` touch the library and belong in the thread that owns it. The
    command line calls all three in one thread (`run_fetch`); the app runs
    `events` on a thread of its own and hands `store` to its engine thread.
    """

    def __init__(
        self,
        library: Library,
        sources: list[Source],
        settings: Settings = Settings(),
        cancel: threading.Event | None = None,
        network: Network | None = None,
    ) -> None:
        self.library = library
        self.sources = sources
        self.cancel = cancel
        self.validators = Validators.for_library(library)
        self.full_text = {e.id for e in library.entries() if e.article.kind == "full"}
        self.http = Http(settings, network)
        self.report = FetchReport()

    def events(self) -> Iterator[Progress | SourceResult]:
        try:
            yield from fetch_sources(self.sources, self.http, self.full_text, self.validators, self.cancel)
        finally:
            self.http.close()
            self.report.requests = self.http.requests

    def store(self, result: SourceResult) -> None:
        if result.error is None and result.articles:
            added = self.library.add(result.articles)
            result.new, result.updated = added.new, added.updated
        if result.error is None:
            self.validators.commit(result.urls)
        self.report.results.append(result)

    def finish(self) -> FetchReport:
        self.validators.save(self.library.lock_path)
        return self.report


def run_fetch(
    library: Library,
    sources: list[Source],
    on_event: Callable[[Progress | SourceResult], None] | None = None,
    settings: Settings = Settings(),
    cancel: threading.Event | None = None,
    network: Network | None = None,
) -> FetchReport:
    """Fetch the sources and store what each brings as soon as it is in, all in this thread."""
    run = FetchRun(library, sources, settings, cancel, network)
    for event in run.events():
        if isinstance(event, SourceResult):
            run.store(event)
        if on_event:
            on_event(event)
    return run.finish()
