"""Fuzz benchmark: 100,000 hostile cases through every stage, then the worst pages at the size cap. Prints its figures.

    TMPDIR=/dev/shm .venv/bin/python bench/fuzz.py [--cases 100000] [--workers 2] [--seed 1]

Each case is a seed page, a hand-written variant or a feed fixture with one to
three mutations (tests/fuzzkit.py), run through import or the feed reader,
then `list`, export, the server's answers and the app's rendering. Prints the
number of failures (goal 0) with the first few, the slowest case, and the peak
memory of any worker. Libraries are written under $TMPDIR; /dev/shm keeps the
disk out of the figures.

Then each page shaped to be as costly as possible (issue 9: any page up to
the size cap is parsed in ≤ 2 s and ≤ 200 MB, or refused) is parsed in a
process of its own, which gives its own peak memory.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
import traceback
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "tests"))

from conftest import CAPTURED  # noqa: E402
from fuzzkit import RandomChooser, check_case, make_case  # noqa: E402

from feeds.imports import MAX_PAGE_BYTES  # noqa: E402
from feeds.pages.encoding import decode_page  # noqa: E402
from feeds.pages.page import NotANewsPage, PageTooComplex, parse_page  # noqa: E402

CHUNK = 500  # cases per task: each has its own seed, so any case can be made again


@dataclass
class Tally:
    cases: int = 0
    failures: list[str] = field(default_factory=list)
    slowest: tuple[float, str] = (0.0, "")
    peak_mb: float = 0.0

    def add(self, other: Tally) -> None:
        self.cases += other.cases
        self.failures += other.failures
        self.slowest = max(self.slowest, other.slowest)
        self.peak_mb = max(self.peak_mb, other.peak_mb)


def run_chunk(seed: int, count: int) -> Tally:
    tally = Tally()
    generator = random.Random(seed)
    for number in range(count):
        case = make_case(RandomChooser(generator))
        started = time.perf_counter()
        try:
            check_case(case)
        except Exception as error:  # noqa: BLE001 - every kind of failure is counted and shown, not only assertions
            where = traceback.extract_tb(error.__traceback__)[-1]
            tally.failures.append(f"seed {seed} case {number} [{case.story}]: {type(error).__name__}: {str(error)[:300]} ({where.filename}:{where.lineno})")
        elapsed = time.perf_counter() - started
        tally.slowest = max(tally.slowest, (elapsed, f"seed {seed} case {number} ({len(case.data):,} bytes): {case.story}"))
        tally.cases += 1
    tally.peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return tally


_P = "<p>GOES - De gemeente Goes opent een nieuw zwembad, het grootste van Zeeland.</p>"


def _filled(unit: str) -> str:
    """`unit` repeated up to the size cap, in a page."""
    return "<html><body>" + unit * ((MAX_PAGE_BYTES - 40) // len(unit)) + "</body></html>"


# Pages made to cost the most: just within a bound, or far beyond one. (html, page)
WORST_PAGES: dict[str, Callable[[], tuple[bool, str]]] = {
    "300,000 nested <div> (3.3 MB)": lambda: (True, "<html><body>" + "<div>" * 300_000 + "x"),
    "20,000 nested <div>": lambda: (True, "<html><body>" + "<div>" * 20_000 + _P),
    "490-deep <div> blocks, 99,000 tags": lambda: (True, "<html><body>" + ("<div>" * 490 + "x" + "</div>" * 490) * 101),
    "spans closed as divs, 490 deep": lambda: (True, "<html><body>" + ("<span>" * 490 + "</div>" * 490 + "</span>" * 490) * 67),
    "127-deep tables": lambda: (True, "<html><body>" + ("<table><tr><td>" * 127 + "x" + "</td></tr></table>" * 127) * 130),
    "1,999 options in a select": lambda: (True, "<html><body><select>" + "<option>x" * 1999 + "</select>" + _P),
    "1,500 elements of 128 attributes": lambda: (True, "<html><body>" + ("<div " + " ".join(f"a{i}=1" for i in range(128)) + ">x</div>") * 1500),
    "9,999 linked items without ages": lambda: (True, "<html><body>" + "".join(f'<div><a href="/n/{i}">Titel {i}</a></div>' for i in range(9999))),
    "4,999 teasers with headings": lambda: (True, "<html><body>" + "".join(f"<h3>Kop {i}</h3><p>GOES - Er gebeurde iets op dag {i}, zegt men.</p>" for i in range(4999))),
    "10 MB text node": lambda: (True, _filled("woord ")),
    "10 MB of <p>x</p>": lambda: (True, _filled("<p>x</p>")),
    "1 MB JSON-LD list": lambda: (True, '<html><head><script type="application/ld+json">[' + ",".join(["0"] * 490_000) + "]</script></head><body>" + _P),
    "8 MB dateline-shaped lead": lambda: (False, "Titel\n\nMOSKOU (ANP" + "/ANP" * 2_000_000 + "\n"),
    "200 leads of 49,000 characters": lambda: (False, "Titel\n\n" + ("MOSKOU (ANP" + "/ANP" * 12_000 + "\n\n") * 200),
    "500,000 age lines": lambda: (False, "Buitenland\n\n" + "25 minuten geleden\n" * 500_000),
    "3,333 teasers (9,999 lines)": lambda: (False, "Buitenland\n\n" + "ANP Titel\nMOSKOU (ANP) - Er is iets gebeurd vandaag in de stad.\n25 minuten geleden\n" * 3333),
    "9,999 datelines of 1 kB": lambda: (False, "Titel\n\n" + ("MOSKOU (ANP/RTR) - " + "woord " * 160 + ".\n") * 9999),
    "10 MB on one line": lambda: (False, "x" * MAX_PAGE_BYTES),
}


def parse_worst(name: str) -> tuple[str, float, float, str]:
    html, page = WORST_PAGES[name]()
    raw = page.encode("utf-8")[:MAX_PAGE_BYTES]
    started = time.perf_counter()
    try:
        outcome = f"{len(parse_page(decode_page(raw), CAPTURED, html=html).articles)} articles"
    except (NotANewsPage, PageTooComplex) as error:
        outcome = f"refused: {error}"
    return name, time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    chunks = [(args.seed * 1_000_003 + n, min(CHUNK, args.cases - start)) for n, start in enumerate(range(0, args.cases, CHUNK))]
    total = Tally()
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        for tally in pool.map(run_chunk, *zip(*chunks)):
            total.add(tally)
            print(f"  {total.cases:,} cases, {len(total.failures)} failures, {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    print(f"cases            {total.cases:,} in {time.perf_counter() - started:.0f} s ({args.workers} workers)")
    print(f"failures         {len(total.failures)}   (goal 0)")
    for failure in total.failures[:10]:
        print(f"  {failure}")
    print(f"slowest case     {total.slowest[0]:.2f} s   {total.slowest[1][:160]}")
    print(f"peak memory      {total.peak_mb:.0f} MB (largest worker)")
    print("\nworst pages at the size cap (each parsed in a process of its own)")
    with ProcessPoolExecutor(max_workers=1, max_tasks_per_child=1) as pool:
        for name, seconds, peak_mb, outcome in pool.map(parse_worst, WORST_PAGES):
            print(f"  {name:<36} {seconds:5.2f} s {peak_mb:5.0f} MB   {outcome[:70]}")


if __name__ == "__main__":
    main()
