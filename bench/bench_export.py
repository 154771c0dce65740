"""Export and serve benchmark. Prints its figures.

    .venv/bin/python bench/bench_export.py

Targets: export of 10,000 full articles ≤ 1 s (issue 8), also with six links each (written where their words
stand, as feeds' articles carry them); a 304 answer ≤ 5 ms;
200 concurrent feed requests served without error by a server that takes them
all at once, and at the default cap on connections every one answered, 200 or 503.
"""

from __future__ import annotations

import http.client
import statistics
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent

from synthetic import articles  # noqa: E402

from feeds.library import Library  # noqa: E402
from feeds.model import Article, Link  # noqa: E402
from feeds.out.export import FeedInfo, build_feed  # noqa: E402
from feeds.out.http_server import MAX_CONNECTIONS, FeedServer  # noqa: E402


def report(name: str, value: str, target: str) -> None:
    print(f"{name:<48} {value:>14}   (target {target})")


def get(address, path: str, headers: dict | None = None) -> tuple[int, dict, int]:
    connection = http.client.HTTPConnection(*address, timeout=60)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), len(response.read())
    finally:
        connection.close()


def linked(article: Article) -> Article:
    """The article with six links: three where they were read in its body, one known by its words, one of an image
    (no words), one whose words its text lacks."""
    first, second = article.body[0].text, article.body[1].text
    words = first.split()
    links = (
        Link("https://bron.example/1", words[0], (1, len(words[0]))),
        Link("https://bron.example/2", words[2], (1, len(" ".join(words[:3])))),
        Link("https://bron.example/3", second.split()[0], (2, len(second.split()[0]))),
        Link("https://bron.example/4", words[-1].rstrip(".")),
        Link("https://bron.example/foto.jpg", ""),
        Link("https://bron.example/6", "een kop die er niet meer staat"),
    )
    return article.with_changes(links=links)


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "library.json"
        made = articles(10_000)
        Library(path).add(made)
        linked_path = Path(scratch) / "linked.json"
        Library(linked_path).add([(linked(article), seen) for article, seen in made])
        for name, at in (("articles", path), ("articles with 6 links", linked_path)):
            library = Library(at)
            for fmt in ("atom", "rss"):
                start = time.perf_counter()
                entries = library.select(text=True)  # as `nieuws-tui export` and the server read them
                read = time.perf_counter() - start
                data = build_feed(entries, fmt, FeedInfo.for_view(at, "http://127.0.0.1:8080/feed." + fmt))
                elapsed = time.perf_counter() - start
                report(f"export 10,000 {name} as {fmt} ({len(data) / 1e6:.0f} MB)", f"{elapsed:.2f} s", "≤ 1 s")
                report("  of which the library reading them", f"{read:.2f} s", "—")

        server = FeedServer(Library(path), "127.0.0.1", 0, max_connections=256)  # room for the 200 clients at once
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        address = server.server_address[:2]
        try:
            start = time.perf_counter()
            status, headers, size = get(address, "/feed.atom")
            report("first GET /feed.atom (renders 10,000)", f"{time.perf_counter() - start:.2f} s", "—")
            times = []
            for _ in range(200):
                start = time.perf_counter()
                status, _, _ = get(address, "/feed.atom", {"If-None-Match": headers["ETag"]})
                times.append((time.perf_counter() - start) * 1000)
                assert status == 304, status
            report("304 answer (median / worst of 200)", f"{statistics.median(times):.2f} / {max(times):.1f} ms", "≤ 5 ms")

            for cap in (server.max_connections, MAX_CONNECTIONS):
                server.max_connections = cap
                start = time.perf_counter()
                with ThreadPoolExecutor(max_workers=200) as pool:
                    results = list(pool.map(lambda n: get(address, ("/feed.atom", "/feed.rss")[n % 2], {"Accept-Encoding": "gzip"}), range(200)))
                elapsed = time.perf_counter() - start
                statuses = Counter(status for status, _, _ in results)
                failures = sum(count for status, count in statuses.items() if status != 200)
                if cap >= 200:
                    report("200 concurrent feed requests", f"{failures} errors, {elapsed:.1f} s", "0 errors")
                else:
                    turned_away = f"{statuses[503]} of 200 503, {failures - statuses[503]} errors"
                    report(f"  the same at the cap of {cap} connections", f"{turned_away}, {elapsed:.1f} s", "0 errors")
        finally:
            server.shutdown()
            server.server_close()


if __name__ == "__main__":
    main()
