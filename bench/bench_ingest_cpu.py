"""Ingest's processor time in one process, the fetch's own steps without its network, threads or workers. Prints its figures.

    .venv/bin/python bench/bench_ingest_cpu.py                 # this checkout's code
    .venv/bin/python bench/bench_ingest_cpu.py /path/to/other  # another checkout's (a worktree of an older commit)

(a) parsing 3 × 1,000 full Atom items (share_records, as a fetch's worker reads a feed); (b) storing 10 × 1,000
such records into an empty library, one add_records a feed in one transaction, as a fetch stores them; (c) storing
a feed of 100 new items into a library of those 10,000. Each is the minimum of several runs' processor time
(time.process_time): on this shared, often loaded machine a whole fetch's wall time (bench_vs_newsboat.py) varies by
some 20%, which hid an ingest made 15–19% slower. Run it in turns with the other checkout's code.
"""

from __future__ import annotations

import argparse
import gc
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("root", nargs="?", type=Path, default=Path(__file__).resolve().parent.parent, help="the checkout whose code is measured")
parser.add_argument("--repeats", type=int, default=5, help="runs of each, the fastest kept (default 5)")
args = parser.parse_args()
ROOT = args.root.resolve()
sys.path.insert(0, str(ROOT / "bench"))  # its synthetic.py puts that checkout's code first on the path

from synthetic import FEED_TIME, atom_feed  # noqa: E402

import feeds  # noqa: E402
from feeds.library import Library  # noqa: E402
from feeds.store.rows import Record  # noqa: E402
from feeds.web.workers import share_records  # noqa: E402


def parsed(data: bytes, feed: int) -> list[Record]:
    url = f"https://nieuws.example/feed-{feed}.atom"
    return share_records(data, 0, 1, None, url, url, FEED_TIME).records


def stored(library: Library, feeds: list[list[Record]]) -> None:
    writer = library.begin()
    for records in feeds:
        writer.add_records(records)
    writer.commit()


def fastest(work: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        gc.collect()
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    print(f"code of {Path(feeds.__file__).parent.parent}, fastest of {args.repeats} runs")
    three = [atom_feed(feed, 1000) for feed in range(3)]
    parsed(three[0], 0)  # (the parser's first parse is slower: a fetch's worker makes it before its first feed)
    parse = fastest(lambda: [parsed(data, feed) for feed, data in enumerate(three)], args.repeats)
    print(f"(a) parse 3 × 1,000 items                  {parse * 1000:7.1f} ms")
    ten = [parsed(atom_feed(feed, 1000), feed) for feed in range(10)]
    new = [parsed(atom_feed(10, 100, first=1000), 10)]
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        times = []
        for run in range(args.repeats):
            (folder / f"empty-{run}").mkdir()
            library = Library(folder / f"empty-{run}" / "library.sqlite")
            times.append(fastest(lambda library=library: stored(library, ten), 1))
        print(f"(b) store 10 × 1,000 into an empty library {min(times) * 1000:7.1f} ms")
        (folder / "full").mkdir()
        stored(Library(folder / "full" / "library.sqlite"), ten)
        times = []
        for run in range(args.repeats):
            shutil.copytree(folder / "full", folder / f"copy-{run}")
            library = Library(folder / f"copy-{run}" / "library.sqlite")
            times.append(fastest(lambda library=library: stored(library, new), 1))
        print(f"(c) store 100 new into 10,000              {min(times) * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
