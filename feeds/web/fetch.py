"""Fetching sources into articles: what each source brings, and a run over all of them.

A run works through the sources with at most four in flight (the HTTP side,
politeness and limits are `http.py`'s). Each source has a deadline, and so has
the whole run: a server that trickles its answer fails its source at the
deadline, and the run ends. A response is read by what `sniff` says it is: a
ZeelandNet section or regional page (whose article pages are fetched for their
full text), an article page, an RSS/Atom feed (read and converted by worker
processes, workers.py), or a page that advertises a feed.

The run only produces articles; the caller stores them, one source at a time,
in its own thread, so the Library is only ever touched by one thread. All
that a run stores, with what each source URL answered (ETag, Last-Modified),
is one transaction of the library: committed when the run finishes, so a run
is all there or none of it; an interrupted run commits the sources done, each
whole. A source that fails changes nothing. That transaction holds the
library's write lock, so the sources done are held (Held) until the run asks
its servers nothing more: another writer waits for the storing, not for the
slowest server.
"""
from __future__ import annotations

import queue
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import datetime

from feeds.clean import shown_path
from feeds.config import Retention, Settings, Source, distinct_sources, raising_the_cap
from feeds.cycles import without_cycle_collection
from feeds.errors import UnreadableDocument
from feeds.language import gettext as _
from feeds.language import grouped, megabytes, ngettext
from feeds.library import Library
from feeds.model import Article
from feeds.pages.bounds import PageTooComplex
from feeds.pages.page import READERS, Page
from feeds.pages.sniff import Kind, declares_feed, sniff
from feeds.pages.stories import NotANewsPage, odd_items_reason
from feeds.pages.syndication import FeedBeyondTheCap, NotAFeed, broken_off_reason, left_out_reason
from feeds.pages.xml_repair import first_element
from feeds.store.database import DamagedDatabase
from feeds.store.rows import Record, records_in_order
from feeds.store.writer import Validator, Writer
from feeds.urls import article_id, shown_url, source_url, web_url, web_url_refusal, with_credentials_of, without_credentials, without_secrets
from feeds.web.http import Fetched, FetchError, Http, LastingFetchError, RobotsUnreachable, Validators, host_of, where_it_failed
from feeds.web.network import Network
from feeds.web.visits import Deadline, DeadlinePassed, Visit, visiting
from feeds.web.workers import Workers

# -- a source ------------------------------------------------------------------------------------


@dataclass(slots=True)
class SourceResult:
    source: Source
    records: list[Record] = field(default_factory=list)
    error: str | None = None
    unchanged: bool = False
    urls: list[str] = field(default_factory=list)  # fetched conditionally (a 304 too), for the validators once stored
    new: int = 0
    updated: int = 0
    left_out: tuple[str, ...] = ()  # why each feed item that is no article is none (syndication.left_out_reason)
    title: str | None = None  # what the feed or page fetched calls itself (Page.label), a clean line
    note: str | None = None  # what a source that did not fail left undone, and why (SourceFetch._article_pages)
    broken_off: bool = False  # its feed's end is missing: the items before it are kept (syndication.broken_off_reason)
    odd_items: int = 0  # its regional page's items that are no story, not stored (stories.odd_items_reason)

    @property
    def summary(self) -> str:
        if self.error:
            return _("failed: {reason}").format(reason=self.error)
        if self.unchanged:
            return _("unchanged")
        return _("{new} new, {updated} updated").format(new=self.new, updated=self.updated)  # (its note is said once, at the end)

    @property
    def notes(self) -> list[str]:
        """What a source that did not fail left unread, or read and lost: said apart from its failures (the app's E)."""
        return [
            *([broken_off_reason()] if self.broken_off else []),
            *([left_out_reason(self.left_out)] if self.left_out else []),
            *([odd_items_reason(self.odd_items)] if self.odd_items else []),
            *([self.note] if self.note else []),
        ]


@dataclass(frozen=True, slots=True)
class Progress:
    source: Source
    text: str
    held: bool = False  # the source is done with its servers, its result held until the run stores it (Held)


@dataclass(frozen=True, slots=True)
class Asked:
    """A source asks its servers nothing more: what it still does is reading what they answered (a feed, in the workers)."""

    source: Source


class SourceFetch:
    """Everything one source brings: its own page or feed, and the article pages it lists."""

    def __init__(
        self,
        http: Http,
        validators: Validators,
        has_full_text: Callable[[list[str]], set[str]],
        report: Callable[[Progress | Asked], None],
        workers: Workers,
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
        if source_url(source.url) is None:  # a config.toml edited by hand: said as `sources add` says it, and never requested
            self._failed(result, FetchError(web_url_refusal(source.url)))
            return result
        own = Deadline.after(self.http.settings.deadline, _("per source"))
        try:
            with visiting(Visit(own, run_deadline, local=self.http.network.is_local(source.url))) as visit:
                visit.deadline.check()  # a source whose turn comes after the run's deadline is not started
                self._fetch(source, source.url, result, follow_feed_links=True)
        except (DeadlinePassed, FetchError) as error:
            self._failed(result, error)
        return result

    def _failed(self, result: SourceResult, error: DeadlinePassed | FetchError) -> None:
        """A source that fails changes nothing: none of its articles, none of its validators."""
        result.error = str(error)
        result.records, result.left_out, result.title, result.note, result.broken_off, result.odd_items = [], (), None, None, False, 0
        self.validators.forget(result.urls)

    def _get(self, url: str, result: SourceResult, conditional: bool = True, crawled: bool = False) -> Fetched:
        """The answer for `url`; robots.txt is asked only for pages the program finds by itself (`crawled`).

        A source, and the feed its page names, are fetched because the user subscribed to them, as a
        browser or newsboat fetches them: robots.txt is for crawlers, and many sites disallow `/feed`
        to search engines while they publish it for readers.
        """
        asked = self.validators.headers(url) if conditional else {}
        fetched = self.http.get(url, asked, check_robots=crawled)
        if fetched.status == 304:
            if not asked:  # "not modified" since no version named: a broken server, which would look unchanged for ever
                raise FetchError(_("HTTP 304 (not modified) to a request that named no version to compare"))
            result.urls.append(url)  # (to what another source learned in this run, perhaps: Validators.take)
            return fetched
        if fetched.status >= 400:  # named where a redirect led: the source's own address answered with that redirect
            lasting = fetched.status < 500 and fetched.status not in (408, 429)
            raise where_it_failed(LastingFetchError if lasting else FetchError, f"HTTP {fetched.status}")
        if fetched.status >= 300:  # one httpx would follow is followed, or refused (http._refuse_unfollowable)
            raise where_it_failed(FetchError, _("HTTP {status}: a redirect without an address to go to (no Location)").format(status=fetched.status))
        if conditional:
            result.urls.append(url)
            self.validators.remember(fetched, url)
        return fetched

    def _fetch(self, source: Source, url: str, result: SourceResult, follow_feed_links: bool) -> None:
        fetched = self._get(url, result)
        if fetched.status == 304:
            feed = self.validators.feed(url) if follow_feed_links else None
            if feed is None:
                result.unchanged = True
            else:  # a page unchanged says nothing of its feed, which a static landing page leads to
                self._follow(source, feed, result)
            return
        if not fetched.body or fetched.body.isspace():  # (not strip: a copy of all of a big feed)
            raise FetchError(_("the answer is empty"))
        kind = sniff(fetched.body, fetched.content_type, fetched.url)
        if kind == "feed":
            self._feed(source, fetched, result)
            if result.broken_off:  # its validators kept, the next run's 304 would keep the rest of it away for good
                self.validators.forget([url])
            return
        if kind == "html" and declares_feed(fetched.content_type):
            raise FetchError(_("a feed that is an HTML page (an error page?)"))
        try:
            page = self._read(fetched, kind)
        except NotANewsPage as error:
            if follow_feed_links and error.feeds:
                self.validators.lead(url, error.feeds[0])
                self._follow(source, error.feeds[0], result)
                return
            raise FetchError(_ending_at_stated_length(fetched, _("not a news page or feed this program can read"))) from None
        articles = [self._filed(a, source) for a in page.articles]
        result.records.extend(_records(articles, page.captured))
        result.title = page.label
        result.odd_items += page.odd_items
        if page.kind in ("index", "regional"):
            self._article_pages(source, url, [a for a in articles if a.kind == "teaser"], result)

    def _follow(self, source: Source, feed: str, result: SourceResult) -> None:
        """Fetch the feed the source's page leads to, as the source."""
        shown = shown_url(without_secrets(feed))  # an address from the page: its query may be a token
        self.report(Progress(source, _("using its feed {url}").format(url=shown)))
        try:
            self._fetch(source, with_credentials_of(source.url, feed), result, follow_feed_links=False)
        except (FetchError, DeadlinePassed) as failure:  # said of the page, it sent the user to a page that works
            failed = DeadlinePassed if isinstance(failure, DeadlinePassed) else FetchError
            raise failed(_("its feed {url}: {reason}").format(url=shown, reason=failure)) from None

    def _article_pages(self, source: Source, page_url: str, teasers: list[Article], result: SourceResult) -> None:
        """The full text of a section or regional page's items, unless the library has it already. A page read
        before and found to hold no more than a lead (a story of one paragraph, which the library does not count as
        had whole) is kept with the validators, and asked again only whether it changed: a breaking story grows.

        Once the source's deadline (or the run's) passes, the stories not yet fetched stay teasers, as those whose
        page fails at once do, and the result says how many: one page that never answered (or its site's robots.txt)
        failed the whole source, every run, with nothing stored. Where a story's page was not fetched, or failed in a
        way that may pass (a 503, a timeout), what the page at `page_url` answered is not kept, so that the next fetch
        asks it whole and asks those pages again (its 304 left the story a teaser for as long as the page did not
        change). One that is not there (a 404) is asked again only once the page changes: a dead link on it would
        have the page asked whole at every fetch."""
        known = self.has_full_text([t.id for t in teasers]) | self.fetched_in_full
        wanted = [t for t in teasers if t.id not in known]
        failed = False
        unreachable: list[str] = []  # why each page its site's robots.txt kept away was not asked (RobotsUnreachable)
        for number, teaser in enumerate(wanted, 1):
            self.report(Progress(source, _("article {number}/{count}").format(number=number, count=len(wanted))))
            address = with_credentials_of(source.url, teaser.url)
            asked_before = self.validators.knows(address)
            try:
                fetched = self._get(address, result, conditional=asked_before, crawled=True)
                if fetched.status == 304:
                    continue
                page = self._read(fetched, sniff(fetched.body, fetched.content_type, fetched.url))
            except (LastingFetchError, UnreadableDocument):
                continue  # the teaser is stored all the same
            except RobotsUnreachable as unread:  # said, as the deadline is: it keeps the site's every story a teaser
                failed = True
                unreachable.append(str(unread))
                continue
            except FetchError:
                failed = True  # the teaser is stored all the same; the next fetch tries again
                continue
            except DeadlinePassed as passed:
                result.note = _not_fetched(len(wanted) - number + 1, str(passed))
                self.validators.forget([page_url])
                return
            story = next((a for a in page.articles if a.kind == "full"), None)
            if story is not None:
                # The page's own URL may differ from the link; keep the id the teaser had, and
                # the section the listing filed it under (a region, not the page's `Meer uit Zeeland`).
                story = self._filed(story, source).with_changes(id=teaser.id, url=teaser.url, section=teaser.section or story.section)
                result.records.extend(_records([story], page.captured))
                self.fetched_in_full.add(story.id)
                if not story.body and not asked_before:  # (asked before, _get kept its new validators)
                    result.urls.append(address)
                    self.validators.remember(fetched, address)
        if unreachable:
            result.note = _not_fetched(len(unreachable), "; ".join(dict.fromkeys(unreachable)))  # each site's once
        if failed:
            self.validators.forget([page_url])

    @staticmethod
    def _read(fetched: Fetched, kind: Kind) -> Page:
        """A page (not a feed: those go to the workers) as its reader reads it; NotANewsPage passes through.
        Read at its address without a user name and password, so that the links found on it, and the ids of its
        articles, are the same whatever password it was fetched with: they are put back for fetching (_fetch)."""
        try:
            return READERS[kind](fetched.body, fetched.date, without_credentials(fetched.url), fetched.charset)
        except NotANewsPage:
            raise
        except PageTooComplex as error:
            raise FetchError(_("refused: {reason}").format(reason=error)) from None
        except UnreadableDocument as error:
            raise FetchError(str(error)) from None

    def _feed(self, source: Source, fetched: Fetched, result: SourceResult) -> None:
        self.report(Asked(source))  # (a feed is its source's last answer: reading it may take seconds)
        try:
            for share in self.workers.feed_records(fetched.body, source.section, fetched.url, source.public_url, fetched.date, self.http.settings.max_bytes, source.title):
                result.records.extend(share.records)
                result.left_out += share.left_out
                result.title = share.title
                result.broken_off = share.broken_off  # every share reads the whole feed
        except FeedBeyondTheCap as error:
            limit = self.http.settings.max_bytes
            # Said with the limit: a feed well under it was refused, and "raise the limit" alone read as a mistake.
            refused = _("refused: {reason}, the most for a feed under a size limit of {limit} MB ({how})")
            raise FetchError(refused.format(reason=error, limit=megabytes(limit), how=raising_the_cap(limit))) from None
        except NotAFeed as error:
            raise FetchError(_ending_at_stated_length(fetched, _("invalid feed: {reason}").format(reason=error))) from None

    @staticmethod
    def _filed(article: Article, source: Source) -> Article:
        """Under the source's own section, if it has one; and known to come from it."""
        return article.with_changes(section=source.section or article.section, source=source.public_url)


def _ending_at_stated_length(fetched: Fetched, reason: str) -> str:
    """Why an answer cannot be read (`reason`), with where it ends, when it was read to the length its server stated
    and is markup begun and not ended: no element in it (cut short there: the rest came after those bytes, unread, as
    httpx reads no further), or a feed's root not closed (cut there, or written broken off: which, httpx tells not)."""
    body = fetched.body.lstrip(b"\xef\xbb\xbf \t\r\n")
    if fetched.stated_length is None or body[:1] != b"<":
        return reason
    length = grouped(fetched.stated_length)
    start = first_element(body)
    if start is None:
        return _("invalid feed: cut short at its stated length (Content-Length: {length}), before its first element").format(length=length)
    # A feed's root only: a page left unclosed (`<html>…<p>Hallo`, as browsers take it) or another document is
    # whole as often as not; the closing tag anywhere near the end (a comment may follow).
    name = _ELEMENT_NAME.match(body, start)
    if name is None or name[1].rpartition(b":")[2].lower() not in _FEED_ROOTS or re.search(rb"</%s\s*>" % re.escape(name[1]), body[-_CLOSING_TAG_MOST:]):
        return reason
    return _("{reason}; it ends at its stated length (Content-Length: {length}) before its root is closed").format(reason=reason, length=length)


_ELEMENT_NAME = re.compile(rb"<([^\s/>]{1,100})")
_FEED_ROOTS = frozenset({b"rss", b"feed", b"rdf"})  # RSS, Atom, RSS 1.0's rdf:RDF
_CLOSING_TAG_MOST = 1024  # what the end of a document is looked at for its first element's closing tag


def _not_fetched(count: int, reason: str) -> str:
    """The note of a source whose `count` article pages were not fetched, for `reason` (SourceFetch._article_pages)."""
    not_fetched = ngettext(
        "{count} article page not fetched, its story kept as a teaser: {reason}",
        "{count} article pages not fetched, their stories kept as teasers: {reason}",
        count,
    )
    return not_fetched.format(count=grouped(count), reason=reason)


def _records(articles: list[Article], captured: datetime) -> list[Record]:
    """The articles of a page as stored: each known by its address without a user name and password (a page may
    link with them), link and id alike, so that a changed password does not make every article a new one."""
    return records_in_order([_without_credentials(article) for article in articles], captured)


def _without_credentials(article: Article) -> Article:
    url = without_credentials(article.url)
    return article if url == article.url else article.with_changes(id=article_id(url), url=url)


def _former_ids(source: Source, records: list[Record]) -> dict[str, str]:
    """The id each article of a source behind a password may have had until format 8, by the id it has now: made from
    its address with the source's user name and password, as a page read at its address with them resolved its links.
    The format-8 upgrade made them anew from the article's address, but could not do so for those pruned, whose
    address is gone; these ids let an article pruned under one stay away (Writer.carry_pruned). The password is the
    source's now: an article pruned under another was new again at the next fetch in format 7 already. None of an item
    known by its guid at an address other items are at too (item_link): that address's id is every such item's, and kept
    each new post of a status feed away for its profile pruned."""
    if without_credentials(source.url) == source.url:
        return {}
    former = ((r.id, article_id(with_credentials_of(source.url, r.url))) for r in records if r.id == article_id(r.url))
    return {now: before for now, before in former if before != now}


# -- a run ---------------------------------------------------------------------------------------


@dataclass(slots=True)
class FetchReport:
    results: list[SourceResult] = field(default_factory=list)
    requests: int = 0
    pruned: list[str] = field(default_factory=list)  # ids the retention rules removed
    damaged: str | None = None  # why the run fetched each source whole and kept nothing of what they answered
    space_kept: str | None = None  # why the space of the articles its prune removed stays in the file for now (Writer.space_kept)

    @property
    def failed(self) -> list[SourceResult]:
        return [r for r in self.results if r.error]


def filing_order(listed: list[Source]) -> dict[str, int]:
    """Where each source stands in filing a story two of them carry (Writer.filing): one the user gave a section of its
    own (`sources add --section`) before one without, then in the order config.toml lists them. Known as the
    stories know their source, by its address without a password."""
    ranked = sorted(range(len(listed)), key=lambda at: (not listed[at].section, at))
    ranks: dict[str, int] = {}
    for rank, at in enumerate(ranked):
        # Two accounts of one address store their stories as one source: the first one's rank. (Their stories are
        # each's own source's, and each refiles them where the two file them otherwise.)
        ranks.setdefault(listed[at].public_url, rank)
    return ranks


# How long past the run's deadline the run still waits for a source stuck where no deadline
# reaches (a DNS lookup, a page being parsed) before it reports that source failed and ends.
RUN_GRACE = 5.0


class Turns:
    """The sources of a run as its threads take them: each the first one still waiting of a host with the fewest
    sources in flight, so that a host that answers slowly, or never, holds up only its own sources. (Handed out in
    order, they had every thread wait at one slow host for its turn, and a source of another host listed after them
    was asked minutes into the run, or never.) Sources of one host go alongside when no other host's source waits
    (a feed server's many feeds, read at once); its requests still go one at a time, with its pause between them
    (Http). Two accounts of one host are one host."""

    def __init__(self, sources: list[Source]) -> None:
        self._waiting = [(source, _host(source)) for source in sources]
        self._in_flight: Counter[str | None] = Counter()
        self._lock = threading.Lock()
        self._closed = False

    def take(self) -> Source | None:
        """The next source to fetch, in flight until `done`; None once every source is taken, or the run closed."""
        with self._lock:
            if self._closed or not self._waiting:
                return None
            at = min(range(len(self._waiting)), key=lambda at: self._in_flight[self._waiting[at][1]])  # (the first of the fewest)
            source, host = self._waiting.pop(at)
            self._in_flight[host] += 1
            return source

    def done(self, source: Source) -> None:
        with self._lock:
            self._in_flight[_host(source)] -= 1

    def close(self) -> None:
        """The run ended (an error, Ctrl-C, the app going): no source is started after this. Its threads took the
        sources still waiting, each failing at once on the run's closed client, for nobody."""
        with self._lock:
            self._closed = True


# The text of the records a run holds (Held) before it stores them all the same: some three feeds at the
# size limit (10 MB), or thirty of a megabyte, read whole; some 100 MB of memory as Python holds them.
HELD_TEXT = 32 * 1024 * 1024


class Held:
    """The results of the sources done while the run still asks servers for others, held back from the caller,
    which would store them in the run's transaction and so hold the library's write lock across every later
    source's requests (up to a minute each): a cron fetch, `sources add` or the app's refresh waited that long.
    Past HELD_TEXT characters of their records' text (counted cheaply, their titles, leads and bodies), they are
    stored from then on as they come, and the lock is held for the rest of the run as it was before holding.
    Taken from the thread that reads the run's events, or from the one that keeps the run as it ends (FetchRun.keep,
    the app's library thread), each result by one of them."""

    def __init__(self) -> None:
        self._results: list[SourceResult] = []
        self._text = 0
        self._holding = True
        self._lock = threading.Lock()

    def hold(self, result: SourceResult) -> bool:
        """Whether `result` is held; not once the results held, with it, pass HELD_TEXT: holding then ends (`released`)."""
        text = sum(len(r.title) + len(r.lead) + len(r.body or "") for r in result.records)
        with self._lock:
            self._text += text
            self._holding = self._holding and self._text <= HELD_TEXT
            if self._holding:
                self._results.append(result)
            return self._holding

    @property
    def empty(self) -> bool:
        with self._lock:
            return not self._results

    def released(self) -> Iterator[SourceResult]:
        """The results held, in the order they came; none is held after this. Each is taken as it is passed on, so
        that one an interrupt comes after is still held for whoever keeps the run."""
        with self._lock:
            self._holding = False
        while True:
            with self._lock:
                if not self._results:
                    return
                result = self._results.pop(0)
            yield result


def _host(source: Source) -> str | None:
    """The host a source is fetched from; None for one never requested (an address no web URL: SourceFetch.run)."""
    return host_of(source.url) if web_url(source.url) is not None else None


def fetch_sources(
    sources: list[Source],
    http: Http,
    has_full_text: Callable[[list[str]], set[str]],
    validators: Validators,
    workers: Workers | None = None,
    turns: Turns | None = None,
    events: queue.Queue[Progress | SourceResult | Asked | None] | None = None,
    held: Held | None = None,
) -> Iterator[Progress | SourceResult]:
    """Fetch every source; yields progress and each source's result, in the caller's thread.

    A source's result that has articles to store, or validators, comes only once no source asks a server for
    anything any more (none waits for its turn, and those in flight are reading what they were answered): till
    then it is `held`, and a progress says it is. One that failed comes at once. Ends by the run's deadline: a
    source still going then is reported failed; or at once at a None in `events` (FetchRun.close), the sources not
    done reported no more, those held left for the caller (FetchRun.keep). Feeds are read by `workers` (made
    here if not given: see FetchRun), which the run closes when it ends.
    """
    run_deadline = Deadline.after(http.settings.run_deadline, _("for the whole run"))
    events = events or queue.Queue()
    turns = turns or Turns(sources)
    held = held or Held()
    workers = workers or Workers()  # before the threads below: its processes are forked from this one
    worker = SourceFetch(http, validators, has_full_text, events.put, workers)

    def work() -> None:
        while (source := turns.take()) is not None:
            try:
                events.put(Progress(source, _("fetching")))
                try:
                    events.put(worker.run(source, run_deadline))
                except Exception as error:  # noqa: BLE001 - a bug must not stop the other sources; it is reported like a failure
                    events.put(SourceResult(source, error=_("unexpected error: {error!r}").format(error=error)))
            finally:
                turns.done(source)

    try:
        for _thread in range(min(http.settings.in_flight, len(sources))):
            # Daemon threads: a worker stuck past every deadline must not keep the process alive.
            threading.Thread(target=work, name="nieuws-tui-fetch", daemon=True).start()
        waiting, asking = list(sources), list(sources)
        while waiting:
            try:
                event = events.get(timeout=max(0.0, run_deadline.remaining()) + RUN_GRACE)
            except queue.Empty:
                yield from held.released()
                for source in waiting:
                    yield SourceResult(source, error=run_deadline.gave_up())
                return
            if event is None:  # closed
                return
            if isinstance(event, (Asked, SourceResult)) and event.source in asking:
                asking.remove(event.source)
            if isinstance(event, SourceResult):
                waiting.remove(event.source)
                if asking and event.error is None and held.hold(event):
                    yield Progress(event.source, _("fetched, waiting to be stored"), held=True)
                    continue
            if not asking or isinstance(event, SourceResult) and event.error is None:  # (held past its bound: stored as they come)
                yield from held.released()
            if not isinstance(event, Asked):
                yield event
    finally:
        turns.close()
        workers.close()


class FetchRun:
    """One fetch of some sources into a library.

    `events` does the network work and touches nothing but the web; `store` and
    `finish` touch the library and belong in the thread that owns it. The
    command line calls all three in one thread (`in_this_thread`); the app's
    RefreshRun runs `events` on a thread of its own and hands `store` to the
    thread that owns the library (the app's engine thread).
    Everything stored goes into one transaction, committed by `finish` (or by
    `keep`, for a run that ends by an interrupt); `stored` says whether it was.
    It is opened once the run asks its servers nothing more (Held), so that no
    other writer waits for a server meanwhile; or once what the run holds passes
    HELD_TEXT, when it holds the write lock from then on, across the later
    sources' requests, to keep its memory bounded.

    `workers` may be made before the run (the command line makes them before it
    loads the rest, so that they start meanwhile); the run closes them.
    `listed`: config.toml's sources, in its order (default: `sources`), which file a story two of them carry
    (filing_order).
    """

    def __init__(
        self,
        library: Library,
        sources: list[Source],
        settings: Settings = Settings(),
        network: Network | None = None,
        retention: Retention | None = None,
        workers: Workers | None = None,
        listed: list[Source] | None = None,
    ) -> None:
        self.library = library
        self.workers = workers
        self.sources = distinct_sources(sources)
        self.filing = filing_order(self.sources if listed is None else distinct_sources(listed))  # as the app's refresh fetches them
        self._turns = Turns(self.sources)
        self._events: queue.Queue[Progress | SourceResult | Asked | None] = queue.Queue()  # None: closed (close)
        self._held = Held()
        self.retention = retention if retention is not None and retention.active else None  # None: `finish` prunes nothing
        self.report = FetchReport()
        self.validators = Validators(self._known_validators(), library.validator_key)
        self.http = Http(settings, network)
        self._writer: Writer | None = None
        self._committing: Writer | None = None

    def _known_validators(self) -> dict[str, Validator]:
        """What the library keeps of what each URL answered; none where its validators are damaged, which failed
        every fetch: the run goes on, asking each source whole, and says so once (`report.damaged`). It keeps
        nothing of what they answer then: a write among damaged pages would fail the run's transaction, and its
        articles with it."""
        try:
            return self.library.validators()
        except DamagedDatabase:
            damaged = _("{path}: the validators (what each source last answered, to fetch only what changed) are damaged, the articles "
                        "are intact; each source is fetched whole, and what it answers not kept, until `nieuws-tui check --repair` empties them")  # fmt: skip
            self.report.damaged = damaged.format(path=shown_path(self.library.file))
            return {}

    def events(self) -> Iterator[Progress | SourceResult]:
        try:
            yield from fetch_sources(self.sources, self.http, self.library.with_full_text, self.validators, self.workers, self._turns, self._events, self._held)
        finally:
            self.http.close()
            self.report.requests = self.http.requests

    def close(self) -> None:
        """End the run from another thread than the one reading its `events` (the app's, as its store fails or it
        goes), at once: no source is started after this, and `events` ends without waiting for those in flight, whose
        requests and workers end with it. Waiting for them, a run given up held its threads and the slowest server's
        connection up to a minute."""
        self._turns.close()
        self._events.put(None)

    def begin(self) -> Writer:
        """The run's transaction, opened when first needed. Whatever else the library stores until
        `finish` (a re-import, in the app) is part of it, committed or abandoned with it.

        While another process writes, it is waited for a second at a time (Database.begin), and said."""
        if self._writer is None:
            self._writer = self.library.begin()
            self._writer.filing = self.filing
        return self._writer.still_open()

    def store(self, result: SourceResult) -> None:
        if result.error is None:
            writer = self.begin()
            # A feed with no entries and no title (a placeholder, an answer in a feed's form) says nothing of what the
            # source calls itself: its stored title stays. One with entries and no title calls itself nothing any more.
            titled = result.title is not None or bool(result.records)
            if result.records and self.retention is not None:
                result.records = self.library.kept_of(self.retention, result.records)
            if result.records:
                writer.carry_pruned(_former_ids(result.source, result.records))
                added = writer.add_records(result.records)
                result.new, result.updated = added.new, added.updated
                result.records = []  # stored: the report keeps the counts, not a run's worth of articles in memory
            if not result.unchanged and titled:  # (a 304 says nothing of the title)
                writer.note_source_titles({result.source.public_url: result.title})
            learned = self.validators.take(result.urls)
            if self.report.damaged is None:
                writer.note_validators(learned, result.source.url)
        self.report.results.append(result)

    def finish(self) -> FetchReport:
        """Commit what the run stored, after pruning what the retention rules no longer keep."""
        if self.retention is not None:
            self.report.pruned = self.library.expired(self.retention)
            fetched = (source.url for source in self.sources)  # (`fetch URL` of one config.toml does not list: what it answered kept)
            self.begin().prune(self.report.pruned, self.retention.sources, fetched)
        self.keep()
        if self._committing is not None:
            self.report.space_kept = self._committing.space_kept
        return self.report

    def keep(self) -> None:
        """Commit what the run stored so far: at its end, or when it is interrupted before, the sources done,
        those it held (fetch_sources) stored first."""
        for result in self._held.released():
            self.store(result)
        if self._writer is not None:
            self._committing, self._writer = self._writer, None
            self._committing.commit()

    @property
    def stored(self) -> bool:
        """What the run brought is in the library: its transaction was committed (an interrupt may have come after)."""
        return self._committing is not None and self._committing.committed

    def abandon(self) -> None:
        """Store nothing of this run (it was interrupted)."""
        if self._writer is not None:
            writer, self._writer = self._writer, None
            writer.rollback()

    def in_this_thread(
        self, on_event: Callable[[Progress | SourceResult], None] | None = None, storing: Callable[[], AbstractContextManager[object]] = nullcontext
    ) -> FetchReport:
        """Fetch the sources and store what each brings as soon as `events` passes it on (once the run's requests are
        done: Held), all in this thread.

        An interrupt (Ctrl-C; any BaseException that is no error, as a SIGTERM raised by the caller) ends the
        fetching and keeps what the sources done brought, then goes on; an error stores nothing of the run. So
        that each source is kept whole, the caller holds its interrupts back in `storing`, which each source is
        stored in and the run's commit done in (the interrupted run's too): an interrupt that came then is raised
        at its end, before the source is passed on (it is in `report.results`). Passing an event on is not held:
        it may write to a reader that stalls, and an interrupt must end that.

        Reference cycles are not collected meanwhile (without_cycle_collection): a run's records live until they
        are stored and hold none.
        """
        with without_cycle_collection():
            try:
                for event in self.events():
                    if isinstance(event, SourceResult):
                        if event.error is None:
                            self.begin()  # not held: an interrupt ends the wait for another process that writes
                        with storing():
                            self.store(event)
                    if on_event:
                        on_event(event)
                if self.retention is not None:  # the prune writes, even when no source brought anything
                    self.begin()  # not held either: an interrupt ends the wait for another process that writes
                with storing():
                    return self.finish()
            except Exception:
                self.abandon()
                raise
            except BaseException:
                if not self._held.empty:
                    self.begin()  # not held, as above
                with storing():  # held: each source passed on, and each held, is stored; a second interrupt is raised once it is
                    self.keep()
                raise

