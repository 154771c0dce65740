"""Shared by the feed tests: hostile articles, a server on a free loopback port, strict parsers."""

from __future__ import annotations

import html
import http.client
import os
import re
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import CAPTURED, SCHEMAS
from lxml import etree

from feeds.config import Retention, Source
from feeds.library import Library
from feeds.model import AMSTERDAM, Article, Block
from feeds.out.http_server import FeedServer
from feeds.pages.bounds import FEED_BOUNDS_SIZE
from feeds.pages.syndication import entry_articles, read_feed
from feeds.urls import article_id, url_for_title
from feeds.web.fetch import FetchReport, FetchRun, Progress, SourceResult

# Feeds as sites publish them: RSS 2.0 with HTML in its descriptions, RSS 1.0 (RDF), Atom with HTML content.
RSS2 = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Omroep Test</title><link>http://example.org/</link><description>x</description>
<item><title>Dijk bij Vlissingen versterkt</title><link>http://example.org/dijk</link>
<description>&lt;p&gt;VLISSINGEN (ANP) - De dijk wordt versterkt.&lt;/p&gt;</description><category>Zeeland</category>
<pubDate>Tue, 03 Mar 2026 10:00:00 +0100</pubDate></item>
<item><title>Veerboot vaart weer</title><link>http://example.org/veer</link><description>De veerboot vaart weer volgens schema.</description></item>
</channel></rss>"""

RSS1 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://example.org/"><title>RDF Nieuws</title><link>http://example.org/</link><description>x</description>
<items><rdf:Seq><rdf:li resource="http://example.org/rdf1"/></rdf:Seq></items></channel>
<item rdf:about="http://example.org/rdf1"><title>Haven Terneuzen groeit</title><link>http://example.org/rdf1</link>
<description>TERNEUZEN - De haven van Terneuzen groeit sterk dit jaar.</description><dc:date>2026-03-03T09:00:00+01:00</dc:date></item>
</rdf:RDF>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Nieuws</title><id>urn:x</id><updated>2026-03-03T10:00:00Z</updated>
<entry><title>Brug bij Zierikzee dicht</title><id>urn:e1</id><link href="http://example.org/brug"/><updated>2026-03-03T09:30:00Z</updated>
<content type="html">&lt;p&gt;ZIERIKZEE (ANP) - De brug is dicht voor onderhoud.&lt;/p&gt;&lt;h2&gt;Omleiding&lt;/h2&gt;&lt;p&gt;Verkeer wordt omgeleid via Goes.&lt;/p&gt;</content></entry>
</feed>"""


def feed_articles(data: bytes, section: str | None = None, url: str | None = None, source: str | None = None, cap: int = FEED_BOUNDS_SIZE) -> list[Article]:
    """The articles of a feed document, fetched under a size cap of `cap` bytes (see read_feed, entry_articles)."""
    feed = read_feed(data, url, cap)
    return entry_articles(feed.entries, feed.title, section, url, source, home=feed.link).articles


def run_fetch(library: Library, sources: list[Source], on_event: Callable[[Progress | SourceResult], None] | None = None, **options: Any) -> FetchReport:
    """A run of the sources, all in this thread; `options` as FetchRun takes them."""
    return FetchRun(library, sources, **options).in_this_thread(on_event)


def article(title: str, **fields) -> Article:
    url = fields.pop("url", None) or url_for_title(title or "leeg")
    values = dict(
        id=article_id(url), url=url, title=title, section="Binnenland", place="GOES", agencies=("ANP",),
        lead="Een gewone aanhef.", body=(Block("paragraph", "Een alinea."),), published=CAPTURED, age="1 uur geleden", kind="full",
    )  # fmt: skip
    values.update(fields)
    return Article(**values)


HOSTILE = [
    article("Tekens die XML niet kent: \x00\x01\x0b\x1f\ufffe einde", lead="Ook hier \x07 en \uffff."),
    article("CDATA-einde ]]> en & en <script>alert(1)</script>", lead="<b>vet</b> & ]]> <![CDATA[ x ]]>",
            body=(Block("subheading", "<h1>kop</h1>"), Block("paragraph", "a ]]> b & c <script>x</script>"))),
    article("Lang " + "woord " * 2000),
    article("", lead="", body=(), agencies=(), section=None, place=None, age=None, published=None, url="https://www.zeelandnet.nl/nieuws/leeg-artikel"),
    article("Uit de toekomst", published=CAPTURED + timedelta(days=400)),
    article("Een teaser", kind="teaser", body=(), section="Sport"),
]  # fmt: skip


def hostile_library(path: Path) -> Library:
    library = Library(path)
    library.add([(a, CAPTURED) for a in HOSTILE])
    return library


def add_an_old_article(library: Library) -> tuple[str, Retention]:
    """An article ten years older than CAPTURED, unread and unmarked, added to `library`: its id, and the retention that prunes it alone."""
    old = article("Oud nieuws uit Goes", published=CAPTURED - timedelta(days=3650))
    library.add([(old, CAPTURED)])
    return old.id, Retention(keep_days=(datetime.now(AMSTERDAM) - CAPTURED).days + 365, prune_unread=True)


def shown_text(detail: dict) -> str:
    """What a feed reader shows of a feedparser text construct: HTML rendered to its text, plain text as it is."""
    value = detail["value"]
    return html.unescape(re.sub(r"<[^>]*>", "", value)) if detail["type"] in ("text/html", "application/xhtml+xml") else value


def strict_xml(data: bytes) -> etree._Element:
    """Parse without recovery: any malformed byte fails."""
    return etree.fromstring(data, etree.XMLParser(recover=False, resolve_entities=False))


def atom_schema() -> etree.RelaxNG:
    """The RFC 4287 schema, used where the project keeps it (../shared/schemas), never copied."""
    path = Path(os.environ.get("NIEUWS_TUI_ATOM_RNG", SCHEMAS / "atom.rng"))
    if not path.exists():
        message = f"the Atom RELAX NG schema is not at {path} (set NIEUWS_TUI_ATOM_RNG)"
        if os.environ.get("NIEUWS_TUI_REQUIRE_TOOLS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return etree.RelaxNG(etree.parse(str(path)))


def authorless_entries(feed: etree._Element) -> list[str]:
    """The ids of a feed's entries that break RFC 4287's author rule (4.1.1, atom.rnc's Schematron rule, which lxml's
    RELAX NG check leaves out): an entry without an atom:author of its own or its atom:source's, in a feed without one."""
    atom = {"atom": "http://www.w3.org/2005/Atom"}
    if feed.xpath("atom:author", namespaces=atom):
        return []
    return [entry.findtext("{http://www.w3.org/2005/Atom}id") for entry in feed.xpath("atom:entry[not(atom:author) and not(atom:source/atom:author)]", namespaces=atom)]


def authorless_library(path: Path) -> Library:
    """An article without an author or a news agency beside one with both: an Atom entry of its own names nobody."""
    library = Library(path)
    library.add([(article("Zonder maker", agencies=()), CAPTURED), (article("Met maker", author="Jan Jansen"), CAPTURED)])
    return library


def request(server: FeedServer, method: str, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    """One request on a connection of its own: (status, headers in lower case, body)."""
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=10)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


@contextmanager
def running_server(library: Library, log: Callable[[str], None] | None = None, host: str = "127.0.0.1", port: int = 0, **options: Any):
    """A feed server on `port` of `host` (a free one of 127.0.0.1), with FeedServer's `options`, stopped at the end whatever happens."""
    server = FeedServer(library, host, port, log=log, **options)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def future_limit() -> datetime:
    return datetime.now().astimezone() + timedelta(minutes=1)


def settled_date(server: FeedServer, path: str, timeout: float = 10) -> str:
    """The Last-Modified of `path`, once an If-Modified-Since of it gets a 304: a date is given out with its body
    alone once it has come (a change dated in a second of its own, a server that serves a library otherwise than
    the one before dating its answers from the second after it starts)."""
    deadline = time.monotonic() + timeout
    while True:
        date = request(server, "GET", path)[1]["last-modified"]
        if request(server, "GET", path, {"If-Modified-Since": date})[0] == 304:
            return date
        assert time.monotonic() < deadline, f"{path} never got a 304 for its date"
        time.sleep(0.05)
