"""The library's feeds over HTTP on localhost, for any RSS reader to subscribe to.

Read-only: the server only ever reads the library, and notices what other
processes stored by looking at the library's files before each answer. A
rendered feed is kept until the library changes, so a conditional request
for an unchanged feed (304) costs a few file stats and a lookup.
"""

from __future__ import annotations

import gzip
import hashlib
import ipaddress
import socket
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime
from html import escape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote, urlsplit

from .clean import terminal_safe
from .export import FeedInfo, Format, build_feed, entry_dates
from .library import Library
from .model import AMSTERDAM
from .opml import Outline, write_opml
from .selection import select
from .urls import slugify

CONTENT_TYPES = {
    "atom": "application/atom+xml; charset=utf-8",
    "rss": "application/rss+xml; charset=utf-8",
    "opml": "text/x-opml; charset=utf-8",
    "html": "text/html; charset=utf-8",
}


@dataclass(frozen=True, slots=True)
class Response:
    body: bytes
    content_type: str
    etag: str
    last_modified: datetime
    gzipped: bytes


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class FeedSite:
    """What each path answers, rendered from the library as it is now, and cached until it changes."""

    def __init__(self, library: Library, base_url: str, warn: Callable[[str], None] | None = None) -> None:
        self.library = library
        self.base_url = base_url.rstrip("/")
        self.warn = warn
        self._lock = threading.Lock()  # the Library is not thread-safe
        self._version = 0
        self._cache: dict[str, tuple[int, Response]] = {}

    def _current_version(self) -> int:
        if self.library.refresh():
            self._version += 1
            self._cache.clear()
        return self._version

    def answer(self, path: str) -> Response | None:
        """The response for a path, or None when there is nothing there."""
        with self._lock:
            if not self._cache:
                self.library.entries()  # first request: load, so later ones can notice changes
            version = self._current_version()
            cached = self._cache.get(path)
            if cached is not None and cached[0] == version:
                return cached[1]
            response = self._render(path)
            if response is not None:
                self._cache[path] = (version, response)
            return response

    def _sections(self) -> dict[str, str]:
        return {slugify(s.name): s.name for s in self.library.sections() if s.name}

    def _render(self, path: str) -> Response | None:
        if path == "/":
            return self._respond(self._index_page(), "html")
        if path == "/opml":
            return self._respond(self._opml(), "opml")
        for fmt in ("atom", "rss"):
            if path == f"/feed.{fmt}":
                return self._feed(fmt, None, path)
            if path.startswith("/sections/") and path.endswith(f".{fmt}"):
                section = self._sections().get(path[len("/sections/"): -len(fmt) - 1])
                return self._feed(fmt, section, path) if section else None
        return None

    def _feed(self, fmt: Format, section: str | None, path: str) -> Response:
        entries = select(self.library.entries(), [section] if section else None)
        info = FeedInfo.for_view(self.library.path, self.base_url + path, section)
        return self._respond(build_feed(self.library.full_entries(entries), fmt, info, warn=self.warn), fmt, entries)

    def _respond(self, body: bytes, kind: str, entries=None) -> Response:
        now = datetime.now(AMSTERDAM)
        changed = max((entry_dates(e, now)[1] for e in entries or self.library.entries()), default=now)
        return Response(
            body=body,
            content_type=CONTENT_TYPES[kind],
            etag='"' + hashlib.sha1(body).hexdigest()[:20] + '"',
            last_modified=changed.astimezone(timezone.utc).replace(microsecond=0),
            gzipped=gzip.compress(body, mtime=0),
        )

    def _feeds(self) -> list[tuple[str, str, str]]:
        """(title, path, section) of every feed, the whole library first."""
        feeds = [("Alle nieuws", "/feed", "")]
        feeds += [(name, f"/sections/{slug}", name) for slug, name in sorted(self._sections().items())]
        return feeds

    def _opml(self) -> bytes:
        outlines = [Outline(f"nieuws-tui — {title}", f"{self.base_url}{path}.atom", self.base_url + "/", section or None) for title, path, section in self._feeds()]
        return write_opml("nieuws-tui", outlines)

    def _index_page(self) -> bytes:
        rows = "\n".join(
            f'<li>{escape(title)}: <a href="{quote(path)}.atom">Atom</a> · <a href="{quote(path)}.rss">RSS</a></li>'
            for title, path, _ in self._feeds()
        )
        return f"""<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>nieuws-tui feeds</title>
<link rel="alternate" type="application/atom+xml" title="nieuws-tui" href="/feed.atom">
<link rel="alternate" type="application/rss+xml" title="nieuws-tui" href="/feed.rss">
</head><body><h1>nieuws-tui feeds</h1>
<p>Subscribe in your RSS reader to any of these, or import <a href="/opml">all of them as OPML</a>.</p>
<ul>
{rows}
</ul></body></html>
""".encode()


class FeedRequestHandler(BaseHTTPRequestHandler):
    server_version = "nieuws-tui"
    protocol_version = "HTTP/1.1"  # keep-alive for readers that poll many feeds
    server: FeedServer

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _answer(self, send_body: bool) -> None:
        path = urlsplit(self.path).path
        response = self.server.site.answer(path) if path.isascii() else None
        if response is None:
            self._send_plain(HTTPStatus.NOT_FOUND, b"Not found. The feeds are listed at /\n", send_body)
            return
        if self._not_modified(response):
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self._common_headers(response)
            self.end_headers()
            return
        use_gzip = "gzip" in (self.headers.get("Accept-Encoding") or "").lower()
        body = response.gzipped if use_gzip else response.body
        self.send_response(HTTPStatus.OK)
        self._common_headers(response)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(body)))
        if use_gzip:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        if send_body:
            self._write(body)

    def _common_headers(self, response: Response) -> None:
        self.send_header("ETag", response.etag)
        self.send_header("Last-Modified", format_datetime(response.last_modified, usegmt=True))
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Vary", "Accept-Encoding")

    def _not_modified(self, response: Response) -> bool:
        tags = self.headers.get("If-None-Match")
        if tags is not None:
            return tags.strip() == "*" or response.etag in [t.strip().removeprefix("W/") for t in tags.split(",")]
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                return response.last_modified <= parsedate_to_datetime(since)
            except (TypeError, ValueError):
                return False
        return False

    def _send_plain(self, status: HTTPStatus, body: bytes, send_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self._write(body)

    def _write(self, body: bytes) -> None:
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client left mid-response; nothing to clean up

    def log_message(self, format: str, *args) -> None:
        # http.server escapes control characters in its log; this override keeps doing so.
        self.server.log(terminal_safe(f"{self.address_string()} {format % args}"))


class FeedServer(ThreadingHTTPServer):
    """A thread per client; the site's lock keeps the library to one thread at a time."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128  # readers refreshing many feeds at once must not be turned away

    def __init__(self, library: Library, host: str = "127.0.0.1", port: int = 8080, log: Callable[[str], None] | None = None) -> None:
        if ":" in host:
            self.address_family = socket.AF_INET6
        super().__init__((host, port), FeedRequestHandler)
        shown_host = f"[{host}]" if ":" in host else host
        self.url = f"http://{shown_host}:{self.server_address[1]}"
        self.log = log or (lambda line: None)
        self.site = FeedSite(library, self.url, warn=lambda message: self.log(terminal_safe(f"warning: {message}")))

    def handle_error(self, request, client_address) -> None:
        # A client that disconnects is normal on the web; anything else goes to the log.
        error = sys.exc_info()[1]
        if not isinstance(error, (BrokenPipeError, ConnectionResetError)):
            self.log(terminal_safe(f"{client_address[0]} error: {error!r}"))
