"""Fetch benchmark: 50 ZeelandNet-shaped section pages × 20 articles from a local server. Prints its figures.

    .venv/bin/python bench/bench_fetch.py                   # no pause between requests to a host
    .venv/bin/python bench/bench_fetch.py --host-delay 0.3  # the polite default pause

All sources live on one local server (one host), so requests go one at a
time with the chosen pause between them, as they would to the real site.
The second run finds every section page unchanged (ETag → 304) and fetches
nothing else.
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent

import synthetic  # noqa: E402,F401 - puts the project and its test kit on the path
from pagekit import ArticlePage, IndexPage, Teaser  # noqa: E402

from feeds.config import Settings, Source  # noqa: E402
from feeds.library import Library  # noqa: E402
from feeds.urls import slugify  # noqa: E402
from feeds.web.fetch import FetchRun  # noqa: E402

SOURCES, ARTICLES = 50, 20
LEAD = "DEN HAAG (ANP) - Het kabinet heeft dinsdag een besluit genomen over {topic}. De Tweede Kamer debatteert er volgende week over."


def site_pages(base: str) -> dict[str, bytes]:
    pages = {}
    for source in range(SOURCES):
        items = [Teaser(f"Besluit over onderwerp {source}-{n} genomen", LEAD.format(topic=f"onderwerp {source}-{n}"), f"{n + 1} uur geleden") for n in range(ARTICLES)]
        pages[f"/nieuws/sectie-{source}"] = IndexPage(f"Sectie {source}", items).html(base).encode()
        for item in items:
            story = ArticlePage(item.title, [("p", item.lead), ("p", "Een tweede alinea met uitleg."), ("h", "Reactie"), ("p", "De oppositie reageert kritisch.")], section=f"Sectie {source}")
            pages[f"/nieuws/{slugify(item.title)}"] = story.html().encode()
    return pages


class Site(BaseHTTPRequestHandler):
    pages: dict[str, bytes] = {}
    requests = 0

    def do_GET(self) -> None:
        type(self).requests += 1
        body = self.pages.get(self.path)
        if body is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host-delay", type=float, default=0.0, help="pause between requests to the host (default 0)")
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    Site.pages = site_pages(base)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings = Settings(host_delay=args.host_delay)
    sources = [Source(f"{base}/nieuws/sectie-{n}") for n in range(SOURCES)]
    print(f"{SOURCES} sources × {ARTICLES} articles on one local host, {args.host_delay:g} s between requests")
    try:
        with tempfile.TemporaryDirectory() as scratch:
            library = Library(Path(scratch) / "library.json")
            for run in ("first run", "second run (unchanged)"):
                Site.requests = 0
                start = time.perf_counter()
                report = FetchRun(library, sources, settings).in_this_thread()
                elapsed = time.perf_counter() - start
                new = sum(r.new for r in report.results)
                print(f"{run:<26} {elapsed:6.1f} s  {Site.requests:5d} requests  {new:5d} new articles  {len(report.failed)} failed")
    finally:
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    main()
