"""Engine benchmark: parsing, importing, marking and listing. Prints its figures.

    .venv/bin/python bench/bench_engine.py          # 10,000 and 100,000 articles
    .venv/bin/python bench/bench_engine.py --quick  # 10,000 only
    .venv/bin/python bench/bench_engine.py --parse  # the parse rates only

Targets: parse ≥ 2,000 text pages/s and ≥ 500 HTML pages/s (150 KB), article
pages and regional pages alike; import 1,000 pages ≤ 3 s, re-import ≤ 2 s;
`nieuws-tui list` of 100,000 ≤ 1.0 s; mark one article read, durable, ≤ 20 ms
whatever the size, also when every other article is read. The libraries hold
full articles only (~2 KB of text each).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from synthetic import articles, html_page, padded, regional_pages, text_pages

from feeds.imports import import_paths
from feeds.library import Library
from feeds.model import AMSTERDAM
from feeds.pages.page import parse_page

CAPTURED = datetime(2026, 11, 24, 12, 0, tzinfo=AMSTERDAM)


def report(name: str, value: str, target: str) -> None:
    print(f"{name:<48} {value:>14}   (target {target})")


def parse_rate(name: str, pages: list[str], html: bool, target: str) -> None:
    articles = 0
    start = time.perf_counter()
    for page in pages:
        articles += len(parse_page(page, CAPTURED, html=html).articles)
    elapsed = time.perf_counter() - start
    size = sum(len(p.encode()) for p in pages) / len(pages) / 1000
    report(f"{name} ({size:.0f} KB, {articles // len(pages)} articles)", f"{len(pages) / elapsed:,.0f} pages/s", target)
    report("  the same, per article", f"{articles / elapsed:,.0f} art./s", "—")


def bench_parse() -> None:
    pages = text_pages(2000)
    parse_rate("parse text pages", pages, html=False, target="≥ 2,000 pages/s")
    parse_rate("parse HTML pages", [html_page(page) for page in pages[:300]], html=True, target="≥ 500 pages/s")
    # Regional pages: a 20-line ticker and 20 local items, five times the articles of an article page.
    regional = regional_pages(2000)
    parse_rate("parse regional text pages", [page.text() for page in regional], html=False, target="—")
    parse_rate("parse regional HTML pages", [padded(page.html(), 150_000) for page in regional[:300]], html=True, target="—")


def bench_import(folder: Path) -> None:
    pages_dir = folder / "pages"
    pages_dir.mkdir()
    for number, page in enumerate(text_pages(1000)):
        (pages_dir / f"page-{number:04d}.txt").write_text(page, encoding="utf-8")
    library = Library(folder / "import" / "library.sqlite")
    start = time.perf_counter()
    first = import_paths(library, [pages_dir], CAPTURED)
    elapsed = time.perf_counter() - start
    report(f"import 1,000 pages ({first.new:,} articles)", f"{elapsed:.2f} s", "≤ 3 s")
    start = time.perf_counter()
    again = import_paths(Library(library.path), [pages_dir], CAPTURED)
    elapsed = time.perf_counter() - start
    assert again.new == 0 and again.updated == 0, again
    report("re-import the same 1,000 pages", f"{elapsed:.2f} s", "≤ 2 s")


def build_library(folder: Path, count: int) -> Path:
    path = folder / f"lib-{count}" / "library.sqlite"
    start = time.perf_counter()
    Library(path).add(articles(count))
    print(f"  (built a {count:,}-article library in {time.perf_counter() - start:.1f} s)")
    return path


def bench_mark(path: Path, count: int, target: str) -> None:
    library = Library(path)
    entries = library.entries()
    library.set_state([e.id for e in entries], read=True)  # the worst case: every shard full
    ids = [entry.id for entry in entries[:: max(1, count // 25)]][:25]
    times = []
    for article_id in ids:
        start = time.perf_counter()
        library.set_state([article_id], read=False)
        times.append(time.perf_counter() - start)
    report(f"mark one article unread at {count:,}, all others read (median)", f"{statistics.median(times) * 1000:.1f} ms", target)
    report(f"mark one article unread at {count:,}, all others read (worst)", f"{max(times) * 1000:.1f} ms", target)


# Peak memory from VmHWM: ru_maxrss would include this parent's peak, kept across exec.
_OPEN_AND_LIST = """
import re, sys, time
start = time.perf_counter()
from feeds.library import Library
from tui.commands.listing import _line
library = Library(sys.argv[1])
lines = [_line(h) for h in library.headlines()]
elapsed = time.perf_counter() - start
peak_kb = int(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1))
print(f"{elapsed:.3f} {peak_kb / 1024:.0f} {len(lines)}")
"""


def bench_open_and_list(path: Path, count: int, time_target: str, memory_target: str) -> None:
    root = Path(__file__).resolve().parent.parent
    output = subprocess.run([sys.executable, "-c", _OPEN_AND_LIST, str(path)], capture_output=True, text=True, cwd=root, check=True)
    seconds, megabytes, lines = output.stdout.split()
    assert int(lines) == count, (lines, count)
    report(f"open and list {count:,} articles", f"{float(seconds):.2f} s", time_target)
    report(f"peak memory, open and list {count:,}", f"{megabytes} MB", memory_target)
    start = time.perf_counter()
    subprocess.run([str(Path(sys.executable).with_name("nieuws-tui")), "--db", str(path), "list"], stdout=subprocess.DEVNULL, check=True)
    report(f"`nieuws-tui list` of {count:,}, whole process", f"{time.perf_counter() - start:.2f} s", time_target)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="skip the 100,000-article library")
    parser.add_argument("--parse", action="store_true", help="measure the parse rates only")
    args = parser.parse_args()
    bench_parse()
    if args.parse:
        return
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        bench_import(folder)
        sizes = [(10_000, "≤ 20 ms", "≤ 0.5 s", "—")]
        if not args.quick:
            sizes.append((100_000, "≤ 20 ms", "≤ 1.0 s", "—"))
        for count, mark_target, list_target, memory_target in sizes:
            path = build_library(folder, count)
            bench_open_and_list(path, count, list_target, memory_target)
            bench_mark(path, count, mark_target)


if __name__ == "__main__":
    main()
