"""Fuzz benchmark: 100,000 hostile cases through every stage. Prints its figures.

    TMPDIR=/dev/shm .venv/bin/python bench/fuzz.py [--cases 100000] [--workers 2] [--seed 1]

Each case is a seed page, a hand-written variant or a feed fixture with one to
three mutations (tests/fuzzkit.py), run through import or the feed reader,
then `list`, export, the server's answers and the app's rendering. Prints the
number of failures (goal 0) with the first few, the slowest case, and the peak
memory of any worker. Libraries are written under $TMPDIR; /dev/shm keeps the
disk out of the figures.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
import traceback
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "tests"))

from fuzzkit import RandomChooser, check_case, make_case  # noqa: E402

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
        except Exception as error:  # every kind of failure is counted and shown, not only assertions
            where = traceback.extract_tb(error.__traceback__)[-1]
            tally.failures.append(f"seed {seed} case {number} [{case.story}]: {type(error).__name__}: {str(error)[:300]} ({where.filename}:{where.lineno})")
        elapsed = time.perf_counter() - started
        tally.slowest = max(tally.slowest, (elapsed, f"seed {seed} case {number} ({len(case.data):,} bytes): {case.story}"))
        tally.cases += 1
    tally.peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return tally


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
        for done, tally in enumerate(pool.map(run_chunk, *zip(*chunks)), 1):
            total.add(tally)
            print(f"  {total.cases:,} cases, {len(total.failures)} failures, {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    print(f"cases            {total.cases:,} in {time.perf_counter() - started:.0f} s ({args.workers} workers)")
    print(f"failures         {len(total.failures)}   (goal 0)")
    for failure in total.failures[:10]:
        print(f"  {failure}")
    print(f"slowest case     {total.slowest[0]:.2f} s   {total.slowest[1][:160]}")
    print(f"peak memory      {total.peak_mb:.0f} MB (largest worker)")


if __name__ == "__main__":
    main()
