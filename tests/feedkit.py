"""Shared by the feed tests: hostile articles, a server on a free loopback port, strict parsers."""

from __future__ import annotations

import html
import http.client
import os
import re
import threading
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from lxml import etree

from conftest import CAPTURED, SCHEMAS
from feeds.library import Library
from feeds.model import Article, Block
from feeds.serve import FeedServer
from feeds.urls import article_id, url_for_title


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
def running_server(library: Library):
    """A feed server on a free port of 127.0.0.1, stopped at the end whatever happens."""
    server = FeedServer(library, "127.0.0.1", 0)
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
