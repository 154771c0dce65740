"""Feed parsers on the same feed: feedparser, feedparser-rs and fastfeedparser. Prints seconds per 1,000 entries.

    .venv/bin/python bench/bench_feed_parsers.py

The feed is a generated Atom feed of 1,000 full stories (about 2.4 MB), as the
ingest benchmark serves them; then nieuws-tui's own reading of one of 9,200
(23 MB), of the part of it that readies the bytes for both parsers, and of the look in that part for bytes
that are no UTF-8. Only the parse itself is timed (best of five
runs). nieuws-tui reads feeds with fastfeedparser and hands what it refuses to
feedparser (feeds/feed_articles.py); feedparser-rs is measured when it is
installed (`pip install feedparser-rs`), for comparison only.
"""

from __future__ import annotations

import importlib
import statistics
import time

from synthetic import atom_feed

from feeds.pages.encoding import utf8_readable
from feeds.pages.syndication import _for_parser, read_feed

PARSERS = (("feedparser", "feedparser"), ("feedparser-rs", "feedparser_rs"), ("fastfeedparser", "fastfeedparser"))


def best_of(runs: int, parse, data: bytes) -> tuple[float, int]:
    best, count = float("inf"), 0
    for _ in range(runs):
        start = time.perf_counter()
        parsed = parse(data)
        best = min(best, time.perf_counter() - start)
        count = len(parsed.entries)
    return best, count


def main() -> None:
    data = atom_feed(1, 1000)
    print(f"one Atom feed of 1,000 full entries, {len(data) / 1e6:.1f} MB; best of five runs\n")
    times = {}
    for name, module in PARSERS:
        try:
            parse = importlib.import_module(module).parse
        except ImportError:
            print(f"{name:<16} not installed")
            continue
        seconds, count = best_of(5, parse, data)
        assert count == 1000, (name, count)
        times[name] = seconds
        print(f"{name:<16} {seconds:7.3f} s per 1,000 entries")
    if "feedparser" in times and "fastfeedparser" in times:
        print(f"\nfastfeedparser parses {times['feedparser'] / times['fastfeedparser']:.0f}× as fast as feedparser")
    big = atom_feed(1, 9200)
    reads, readies, checks = [], [], []
    for _ in range(7):
        start = time.perf_counter()
        read_feed(big)
        reads.append(time.perf_counter() - start)
        start = time.perf_counter()
        _for_parser(big)
        readies.append(time.perf_counter() - start)
        start = time.perf_counter()
        utf8_readable(big)
        checks.append(time.perf_counter() - start)
    print(f"\nread_feed on a feed of 9,200 entries, {len(big) / 1e6:.0f} MB, seven runs: median {statistics.median(reads):.3f} s, worst {max(reads):.3f} s")
    print(f"  of which the bytes readied for the parsers (_for_parser): median {statistics.median(readies) * 1e3:.0f} ms, worst {max(readies) * 1e3:.0f} ms")
    print(f"  of which the look for bytes that are no UTF-8 (utf8_readable): median {statistics.median(checks) * 1e3:.1f} ms, worst {max(checks) * 1e3:.1f} ms")


if __name__ == "__main__":
    main()
