"""The HTTP side of fetching: a polite client with retries, pacing, robots.txt and a size cap.

One request at a time per host, with a pause between them (none for this
machine); 5xx and 429 answers and timeouts are tried again, honouring
Retry-After. Every request runs within the current visit's deadline and
address rules (`network.py`); the body is read up to the size cap. What each
URL answered last (ETag, Last-Modified) makes an unchanged source cost a 304.
"""

from __future__ import annotations

import dataclasses
import io
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import TypeVar
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from feeds import __version__
from feeds.config import Settings, over_the_cap
from feeds.errors import why
from feeds.language import gettext as _
from feeds.model import AMSTERDAM
from feeds.store.writer import Validator
from feeds.urls import address_key, is_loopback_host, shown_url, web_url, web_url_refusal, without_credentials, without_password, without_secrets
from feeds.web.network import AddressRefused, Network
from feeds.web.visits import Deadline, DeadlinePassed, Visit, current_visit, visiting, waited_for_turn

USER_AGENT = f"nieuws-tui/{__version__}"  # no page: the project has none of its own (pyproject.toml names none) to give sites
# Bytes of a robots.txt read and followed, whatever the size cap: RFC 9309 2.5 asks a crawler to read at least this
# much, and a rule past a lower cap would go unheeded (the cap guards memory, which this does not threaten).
ROBOTS_SIZE = 500 * 1024
ACCEPT = "text/html, application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"
# The content codings asked for, each as zlib reads it (its wbits; deflate is tried as zlib's first, then raw).
INFLATED = {"gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}
PIECE = 64 * 1024  # bytes inflated at a time: a gzip bomb's 64 kB on the wire are 64 MB, more than the cap it passes
ROBOTS_LEFT_AFTER = 0.5  # seconds a run's end waits for a robots.txt thread its closing woke (a daemon thread: no longer)


class FetchError(Exception):
    """One line saying why a URL could not be fetched or read."""


class RetryableFetchError(FetchError):
    """A failure worth another try (a timeout)."""


class TooManyRedirects(FetchError):
    """Redirects that did not end within the limit (a loop, most often)."""


class LastingFetchError(FetchError):
    """A failure the next fetch would meet again: the page is not there (HTTP 4xx but for 408 and 429), or the site's
    robots.txt disallows it."""


class RedirectRefused(FetchError):
    """A redirect not followed: to where no fetch goes (not http(s), a forbidden address), or to more than one address."""


class RobotsUnreachable(FetchError):
    """A page not asked because its site's robots.txt could not be read (a 5xx or 429 answer, a network error, a
    timeout, the deadline): RFC 9309 2.3.1.4 takes that as disallowing every page. A failure that may pass: the next
    run asks robots.txt again."""


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
    # The Content-Length of a body read to it, uncompressed: all that is read of an answer longer than its server
    # states (httpx stops there), which a reading that fails is said to be cut short at.
    stated_length: int | None = None


# -- what each URL answered last ---------------------------------------------------------------

SHOWN_HEADER = 60  # characters of a header's value a message says (a hostile one may be kilobytes)
# The reading of feeds and pages, kept with the validators of each answer it read: validators say "this answer was
# read", which only the reading that read it has; another, after an upgrade, asks whole once. Bump it when a change in
# reading would store something else from the same answer (a new element understood, a bound relaxed, a bug fixed).
# 1: a paragraph over 50,000 characters is cut into blocks, not its story left out; a page keeps its blockquotes.
# 2: an item without a link kept at its feed's page; a title or line over 50,000 characters kept; UTF-8 named Latin-1
#    read as UTF-8; escape sequences in attributes and dates, and control strings, removed whole; format characters
#    deleted; a regional page with odd items read as one; an image without words marked where it stood.
# 3: ages written as dates; a teaser without its age kept; a link's words across paragraphs or runs of spaces placed;
#    an image alone in its block marked, one's alt text apart from the words around it; VT, FF and NEL a space; a
#    year with a minus no date; a terminal hyperlink's hidden address no link.
READING = 3
MAX_VALIDATOR = 1024  # characters of an ETag or Last-Modified kept; real ones are a few dozen


def validator(value: str | None) -> str | None:
    """An ETag or Last-Modified as it can be sent back: printable ASCII, of a sane length. Anything else
    is dropped (the next fetch is then a whole one): httpx cannot send text beyond ASCII, and a source
    whose stored ETag it could not send failed at every fetch."""
    return value if value and len(value) <= MAX_VALIDATOR and value.isascii() and value.isprintable() else None


# How far ahead of this machine's clock a server's may be: a Last-Modified later than that is no date the file had.
CLOCK_SKEW = timedelta(days=1)


def kept_last_modified(value: str | None) -> str | None:
    """A Last-Modified as it can be sent back (validator), and not later than now (and CLOCK_SKEW): a server that
    answers 304 when the date asked is not before its file's (dated in 2100) kept a source unchanged for good. One
    that is no date is the server's to compare, and stays."""
    value = validator(value)
    try:
        moment = parsedate_to_datetime(value) if value else None
    except (TypeError, ValueError, OverflowError):
        return value
    if moment is not None and moment.tzinfo is None:  # `-0000`: a time in UTC, its zone said to be unknown
        moment = moment.replace(tzinfo=timezone.utc)
    return None if moment is not None and moment > datetime.now(timezone.utc) + CLOCK_SKEW else value


class Validators:
    """ETag/Last-Modified per source URL, so that an unchanged source costs a 304 and no body.

    Starts from what the library stored; what a run learns is stored with the
    source's articles, in the same transaction, and only if the source succeeded.
    A URL is known by its user name, without its password, which the library never holds: two accounts
    on one address are each answered as themselves, and one's ETag is not the other's. The library keeps
    them by a hash of the user name (`key`, Library.validator_key); what is learned is handed over by the
    user name, which the library hashes as it stores them.
    """

    def __init__(self, known: dict[str, Validator], key: Callable[[str], str]) -> None:
        self._known = known
        self._key = key
        self._learned: dict[str, Validator] = {}
        self._taken: dict[str, Validator] = {}  # what was learned and stored in this run (take)
        self._lock = threading.Lock()

    def headers(self, url: str) -> dict[str, str]:
        """What to send for only a changed answer. Nothing for a URL whose row does not know whether it leads to a feed
        (kept before format 17): it is asked whole once, and knows from then on (a page's 304 asks its feed, `feed`).
        Nor for one whose answer another reading read (an older nieuws-tui's, or a row kept before format 22): its
        304 would keep away what this reading reads in it, the stories that one left out."""
        with self._lock:
            known = self._known.get(self._key(url))
        if known is not None and (known.feed is None or known.reading != READING):
            return {}
        headers = {}
        if known and (etag := validator(known.etag)):  # (kept by an older nieuws-tui, that kept any)
            headers["If-None-Match"] = etag
        if known and (modified := kept_last_modified(known.last_modified)):  # (kept by an older nieuws-tui: any date)
            headers["If-Modified-Since"] = modified
        return headers

    def knows(self, url: str) -> bool:
        """Whether the library keeps what `url` answered last."""
        with self._lock:
            return self._key(url) in self._known

    def feed(self, url: str) -> str | None:
        """The feed the page at `url` led to when it last answered whole, if it is one that led to a feed."""
        with self._lock:
            known = self._known.get(self._key(url))
        return (known.feed or None) if known is not None else None

    def remember(self, fetched: Fetched, requested_url: str) -> None:
        with self._lock:
            self._learned[without_password(requested_url)] = Validator(fetched.etag, fetched.last_modified, reading=READING)

    def lead(self, page_url: str, feed: str) -> None:
        """The page just fetched at `page_url` leads to `feed`, which is kept with what it answered. Not a feed
        whose link carries a user name or password of its own, which the library does not keep: such a page's
        row knows no feed, and the page is asked whole each time (`headers`)."""
        with self._lock:
            key = without_password(page_url)
            if key in self._learned:
                led_to = feed if without_credentials(feed) == feed else None
                self._learned[key] = dataclasses.replace(self._learned[key], feed=led_to)

    def take(self, urls: list[str]) -> dict[str, Validator]:
        """What was learned of these URLs, to be stored now with a source that fetched them; and what another source
        stored of them earlier in this run (two pages that lead to one feed: the second's answer was taken with the
        first's, or was a 304 to what the first learned), so that every source that fetched one is stored with it."""
        with self._lock:
            keys = {without_password(url) for url in urls}
            learned = {key: self._learned.pop(key) for key in keys & self._learned.keys()}
            self._known.update((self._key(url), validator) for url, validator in learned.items())
            self._taken.update(learned)
            return {key: self._taken[key] for key in keys & self._taken.keys()}

    def forget(self, urls: list[str]) -> None:
        """Forget what was learned of these URLs, by a source that failed: it is neither stored nor sent."""
        with self._lock:
            for url in urls:
                self._learned.pop(without_password(url), None)


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
        # Per site, for the run: its robots.txt's rules; why it could not be read (every page refused); None: it has none.
        self._robots: dict[str, RobotFileParser | str | None] = {}
        # Per site, the thread asking its robots.txt (_robots_of), joined as the run closes.
        self._asking: dict[str, threading.Thread] = {}
        self.requests = 0

    def _client(self, local: bool) -> httpx.Client:
        return httpx.Client(
            timeout=httpx.Timeout(self.settings.read_timeout, connect=self.settings.connect_timeout),
            # Only what _inflated reads within the size cap: httpx would ask for br and zstd too, where installed,
            # and inflate each of those whole.
            headers={"User-Agent": USER_AGENT, "Accept": ACCEPT, "Accept-Encoding": ", ".join(INFLATED)},
            follow_redirects=True,
            max_redirects=10,
            transport=self.network.transport(local),
            event_hooks={"response": [_refuse_unfollowable]},
        )

    def close(self) -> None:
        """Ends the run's requests, a robots.txt still being asked too: closing its client wakes its read
        (network.py), and no source is left to need its answer. Waited for, it held the run's end, and Ctrl-C, up to a
        source's whole deadline; a connection still being made is not woken, and is left to end by its timeout."""
        for client in self.clients.values():
            client.close()
        with self._hosts_lock:
            asking = list(self._asking.values())
        for thread in asking:
            thread.join(ROBOTS_LEFT_AFTER)

    def _host_lock(self, host: str) -> threading.Lock:
        """The lock `host` is asked under, one request at a time (robots.txt has its own thread: _robots_of)."""
        with self._hosts_lock:
            return self._hosts.setdefault(host, threading.Lock())

    @contextmanager
    def _holding(self, lock: threading.Lock) -> Iterator[None]:
        """Hold `lock`, waiting for it no longer than the run's deadline allows; the wait is not the source's time."""
        run = current_visit().run
        started = time.monotonic()
        while not lock.acquire(timeout=min(run.bound(None), threading.TIMEOUT_MAX)):
            pass  # bound() raises DeadlinePassed once the deadline is reached
        waited_for_turn(time.monotonic() - started)
        try:
            yield
        finally:
            lock.release()

    def get(
        self, url: str, headers: dict[str, str] | None = None, check_robots: bool = True, attempts: int | None = None, first: int | None = None
    ) -> Fetched:
        """The answer for `url`, within the current visit's deadline and address rules. With `first`, only that many
        bytes of its body are read, whatever its size: none is too large."""
        return self._get(url, headers or {}, check_robots, attempts or self.settings.attempts, first)

    def _get(self, url: str, headers: dict[str, str], check_robots: bool, attempts: int, first: int | None) -> Fetched:
        if check_robots:
            self._follow_robots(url)
        parts = urlsplit(url)
        host = host_of(url)
        attempt = 0
        while True:
            attempt += 1
            with self._holding(self._host_lock(host)):
                delay = 0.0 if is_loopback_host(parts.hostname or "") else self.settings.host_delay
                current_visit().deadline.sleep(self._last.get(host, 0) + delay - time.monotonic())
                try:
                    result = self._get_once(url, headers, first)
                finally:
                    self._last[host] = time.monotonic()
            wait = self._retry_wait(result, attempt, attempts)
            if wait is None:
                if isinstance(result, Exception):
                    raise result
                return result
            current_visit().deadline.sleep(wait, self._asked(result))

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
        if value.strip().isascii() and value.strip().isdigit():  # not "²", a digit to str.isdigit but not to float
            return float(value)
        try:
            return max(0.0, (parsedate_to_datetime(value) - datetime.now(timezone.utc)).total_seconds())
        except (TypeError, ValueError, OverflowError):
            return None

    def _asked(self, result: Fetched | FetchError) -> str | None:
        """The wait the server asked for before the next try (its Retry-After, as it wrote it), if it asked for one."""
        if isinstance(result, FetchError) or not self._retry_after(result):  # (0: the wait is our backoff)
            return None
        return f"Retry-After: {shown_url(str(result.retry_after).strip(), SHOWN_HEADER)}"

    @staticmethod
    def _fetched(response: httpx.Response, body: bytes, stated_length: int | None = None) -> Fetched:
        return Fetched(
            url=str(response.url),
            status=response.status_code,
            body=body,
            content_type=response.headers.get("Content-Type", "").split(";")[0].strip().lower(),
            charset=response.charset_encoding,
            date=_http_date(response.headers.get("Date")),
            etag=validator(response.headers.get("ETag")),
            last_modified=kept_last_modified(response.headers.get("Last-Modified")),
            retry_after=response.headers.get("Retry-After"),
            stated_length=stated_length,
        )

    def _get_once(self, url: str, headers: dict[str, str], first: int | None) -> Fetched | FetchError:
        self.requests += 1
        visit = current_visit()
        _REDIRECTED_TO.set(None)
        try:
            with self.clients[visit.local].stream("GET", url, headers=headers) as response:
                if not response.is_success:  # its status is all that is read of it (a 304 has no body, an error's is not read)
                    return self._fetched(response, b"")
                codings = [c for c in response.headers.get("Content-Encoding", "").lower().split(",") if c.strip() not in ("", "identity")]
                if [c.strip() for c in codings] == ["x-gzip"]:
                    # gzip's old name, to be read as gzip (RFC 9110 8.4.1.3); httpx's decoder knows it only by the new one
                    response.headers["Content-Encoding"] = codings[0] = "gzip"
                if len(codings) > 1:  # gzip of gzip: a few kB that httpx inflates to gigabytes before the cap is looked at
                    return where_it_failed(FetchError, _("compressed more than once ({codings}); refused").format(codings=", ".join(c.strip() for c in codings)))
                if codings and codings[0].strip() not in self._asked_codings(visit.local):
                    # httpx reads a coding it has no decoder for as no coding: brotli was "no element in the first 8 kB",
                    # an unknown one stored as it came.
                    refused = _("compressed as {coding}, which was not asked for and cannot be read; refused")
                    return where_it_failed(FetchError, refused.format(coding=shown_url(codings[0].strip(), SHOWN_HEADER)))
                declared = response.headers.get("Content-Length", "")
                if first is None and declared.isdigit() and int(declared) > self.settings.max_bytes:
                    return self._too_large(int(declared))
                # One byte past the cap is enough to refuse it; a BytesIO hands its bytes over without a copy of them.
                most = first if first is not None else self.settings.max_bytes + 1
                body = io.BytesIO()
                for piece in _inflated(response, codings[0].strip() if codings else "identity", most):
                    body.write(piece)
                if first is None and body.tell() > self.settings.max_bytes:
                    return self._too_large(None)
                stated = int(declared) if declared.isdigit() and not codings and int(declared) == body.tell() else None
                return self._fetched(response, body.getvalue(), stated)
        except FetchError as error:  # a redirect refused (_refuse_unfollowable)
            return error
        except AddressRefused as error:
            if _REDIRECTED_TO.get() is not None:  # the request that brought the redirect was sent
                return where_it_failed(RedirectRefused, str(error))
            self.requests -= 1  # refused before a byte was sent: a source never asked is no request
            return where_it_failed(FetchError, str(error))
        except httpx.TooManyRedirects:
            return TooManyRedirects(_("too many redirects (a redirect loop?)"))
        except httpx.TimeoutException:
            if visit.deadline.remaining() <= 0:  # the deadline, not the server's pace, cut the wait short
                raise where_it_failed(DeadlinePassed, visit.deadline.gave_up()) from None
            return where_it_failed(RetryableFetchError, _("timed out"))
        except DeadlinePassed as passed:  # (a read or a pause bounded by the deadline)
            raise where_it_failed(DeadlinePassed, str(passed)) from None
        except httpx.HTTPError as error:  # the network's reason, said as errors.why says it: refused, DNS, TLS, a reset
            return where_it_failed(FetchError, why(error))
        except (ValueError, httpx.InvalidURL) as error:
            return FetchError(_("invalid URL ({reason})").format(reason=why(error)))

    def _asked_codings(self, local: bool) -> set[str]:
        """The content codings the client asks for (its Accept-Encoding): those it can read."""
        return {coding.strip() for coding in self.clients[local].headers.get("Accept-Encoding", "").lower().split(",")}

    def _too_large(self, size: int | None) -> FetchError:
        """A response over the cap, of the size its server declared, or of one that kept coming (None); named where a
        redirect led, as every failure there is (where_it_failed)."""
        return where_it_failed(FetchError, _("response too large: {detail}").format(detail=over_the_cap(size, self.settings.max_bytes)))

    def _follow_robots(self, url: str) -> None:
        """Raises unless the site's robots.txt lets `url` be fetched: LastingFetchError where its rules disallow it,
        RobotsUnreachable where it could not be read. One that is not there (a 4xx) allows every page (RFC 9309)."""
        parts = urlsplit(url)
        site = f"{parts.scheme}://{urlsplit(without_credentials(url)).netloc}"
        try:
            rules = self._robots_of(site, f"{parts.scheme}://{parts.netloc}")
        except DeadlinePassed as passed:
            raise DeadlinePassed(_("asking {url}: {reason}").format(url=_robots_shown(site), reason=passed)) from None
        if isinstance(rules, str):
            raise RobotsUnreachable(_("{url} could not be read ({reason})").format(url=_robots_shown(site), reason=rules))
        if rules is not None and not rules.can_fetch(USER_AGENT, url):
            raise LastingFetchError(_("disallowed by the site's robots.txt"))

    def _robots_of(self, site: str, origin: str) -> RobotFileParser | str | None:
        """What the site's robots.txt says (_robots_txt), asked once per run, however many workers (and accounts) ask.

        It is the site's request, not the source's that asks first: it runs in a thread of its own, within a deadline
        of its own, as long as a source's from when it is first asked, and the run's. A source waits for it until its
        own deadline at the most (DeadlinePassed), while it goes on for the site's later sources. (Bounded by the time
        the first one had left, a slow section page had it taken as unreadable, and every other source of the site
        lost its article pages.) One that does not answer by its deadline could not be read: a later source is
        refused at once, and does not wait its own deadline again.
        """
        with self._hosts_lock:
            if site in self._robots:
                return self._robots[site]
            asking = self._asking.get(site)
            if asking is None:
                visit = current_visit()
                own = Visit(Deadline.after(self.settings.deadline, _("per source")), visit.run, visit.local)
                asking = self._asking[site] = threading.Thread(target=self._ask_robots, args=(site, origin, own), name="nieuws-tui-robots", daemon=True)
                asking.start()
        deadline = current_visit().deadline
        while asking.is_alive():
            asking.join(min(deadline.bound(None), threading.TIMEOUT_MAX))  # bound() raises DeadlinePassed once it is reached
        with self._hosts_lock:
            return self._robots[site]

    def _ask_robots(self, site: str, origin: str, visit: Visit) -> None:
        rules: RobotFileParser | str | None
        with visiting(visit):
            try:
                rules = self._robots_txt(origin)
            except DeadlinePassed as passed:
                rules = str(passed)
            except Exception as error:  # noqa: BLE001 - a bug: said as the site's pages are refused, as a source's is said
                rules = _("unexpected error: {error!r}").format(error=error)
        with self._hosts_lock:
            self._robots[site] = rules

    def _robots_txt(self, origin: str) -> RobotFileParser | str | None:
        """The site's rules, of its first ROBOTS_SIZE bytes; None where
        it has none (a 4xx but 429) or is unavailable (redirects without end, or to where no fetch goes: RFC 9309
        2.3.1.2); why it could not be read (a 5xx or 429, a network error, a timeout)."""
        try:
            # One try: one that fails refuses the site's pages for this run only (the next asks again).
            fetched = self.get(origin + "/robots.txt", check_robots=False, attempts=1, first=ROBOTS_SIZE)
        except (TooManyRedirects, RedirectRefused):
            return None
        except FetchError as error:
            return str(error)
        if fetched.status >= 500 or fetched.status == 429:  # (429: as Google takes it)
            return str(where_it_failed(FetchError, f"HTTP {fetched.status}"))
        if fetched.status != 200:
            return None
        rules = RobotFileParser()
        rules.parse(fetched.body.decode("utf-8-sig", "replace").splitlines())
        return rules


def _robots_shown(site: str) -> str:
    """The site's robots.txt as a message names it (made only where one says it, not at every page asked)."""
    return shown_url(without_secrets(f"{site}/robots.txt"))


def host_of(url: str) -> str:
    """The host (and port) that `url` is asked of one request at a time, with a pause between them: whichever account
    of it asks, however it spells the host and port (`h`, `H:80`, `h:080`: address_key). A run hands out the sources
    of the host with the fewest in flight first by it too (Turns)."""
    return urlsplit(address_key(url)).netloc


# Where the redirects of the request this thread is making led it last (_refuse_unfollowable); None before any.
_REDIRECTED_TO: ContextVar[str | None] = ContextVar("nieuws_tui_redirected_to", default=None)
Failure = TypeVar("Failure", FetchError, DeadlinePassed)


def where_it_failed(kind: type[Failure], reason: str) -> Failure:
    """A request's failure to reach or read an address (DNS, a refused connection, TLS, a timeout, a refused address,
    the deadline), an answer refused there (too large, compressed twice) or an error status there, naming the address a redirect led
    it to, where it followed one, as a refused redirect is named: httpx says none, and the line of a fetch names its
    source, which was reached. (In the thread of the request, after it: each request forgets the last one's redirect
    as it starts.)"""
    target = _REDIRECTED_TO.get()
    if target is None:
        return kind(reason)
    return kind(_("redirected to {url}: {reason}").format(url=shown_url(without_secrets(target)), reason=reason))


def _refuse_unfollowable(response: httpx.Response) -> None:
    """Refuses a redirect that leads where no fetch goes, named by its Location as the server sent it, without what may
    be a secret in it (urls.without_secrets): what is refused is where the source sent it, not the source's own
    address. httpx gives a Location without a host (`file:///x`, `http:\\\\elders.example\\feed`) the source's host,
    follows several joined by ", " as one, and says one it cannot follow (`javascript:…`, `http://xn--/`) without
    naming it. (The message is made safe for the terminal where it is shown, as every message is.) Where a redirect
    that is followed leads is kept for a failure there to name (where_it_failed)."""
    if not response.has_redirect_location:
        return
    locations = response.headers.get_list("Location")
    target = shown_url(without_secrets(locations[0]))
    if len(locations) > 1:
        raise RedirectRefused(_("redirected to more than one address ({url}, …): not followed").format(url=target))
    location = locations[0]
    try:
        url = httpx.URL(location)
        host = url.host  # an IDNA host that is none (`http://xn--/`) raises only when it is read, as following it does
    except (ValueError, httpx.InvalidURL) as error:
        raise RedirectRefused(_("redirected to {url}, an invalid URL ({reason}): not followed").format(url=target, reason=why(error))) from None
    if url.scheme not in ("http", "https", ""):  # none: an address relative to the source's
        raise RedirectRefused(_("redirected to {url}, which is not an http(s) URL: not followed").format(url=target))
    if url.scheme and not host:  # `http:\\\\elders.example\\feed`: a browser goes to elders.example, httpx to the source's host
        raise RedirectRefused(_("redirected to {url}, an address without a host: not followed").format(url=target))
    # Refused as `sources add` refuses a source's own address: one too long, and one with a port past 65535 (which httpx
    # takes, and the resolver connects to modulo 65536).
    if web_url(address := urljoin(str(response.request.url), location)) is None:
        raise RedirectRefused(_("redirected to {url}, {reason}: not followed").format(url=target, reason=web_url_refusal(address)))
    _REDIRECTED_TO.set(address)


def _inflated(response: httpx.Response, coding: str, most: int) -> Iterator[bytes]:
    """The body of `response`, decoded from its content coding, up to `most` bytes: inflated a PIECE at a time, never
    beyond `most` (httpx inflates each read whole, and a read of a gzip bomb is 64 MB of zeros). Damage is said as
    httpx says its own (httpx.DecodingError)."""
    inflater = zlib.decompressobj(INFLATED[coding]) if coding in INFLATED else None
    first = True
    for raw in response.iter_raw():
        while raw and most > 0:
            if inflater is None:
                piece, raw = raw[:most], b""
            else:
                try:
                    piece = inflater.decompress(raw, min(PIECE, most))
                except zlib.error as error:
                    if not (first and coding == "deflate"):
                        raise httpx.DecodingError(str(error)) from None
                    inflater = zlib.decompressobj(-zlib.MAX_WBITS)  # deflate as many servers send it: without zlib's header
                    first = False
                    continue
                raw = inflater.unconsumed_tail
            first = False
            most -= len(piece)
            yield piece
        if most <= 0:
            return  # the rest is left unread
    if inflater is not None:
        try:
            yield inflater.flush()[:most]
        except zlib.error as error:
            raise httpx.DecodingError(str(error)) from None


def _http_date(value: str | None) -> datetime:
    now = datetime.now(AMSTERDAM)
    try:
        moment = parsedate_to_datetime(value).astimezone(AMSTERDAM) if value else None
    except (TypeError, ValueError, OverflowError):  # OverflowError: 31 Dec 9999 in a zone west of Amsterdam
        moment = None
    return min(moment, now) if moment else now
