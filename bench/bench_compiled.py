"""A worker's part of a fetch as the interpreter runs it, and compiled to C by mypyc. Prints ms per 1,000 entries.

    .venv/bin/python bench/bench_compiled.py

Most of the processor time of an ingest is the Python of the workers that turn a
feed's entries into records (bench/README.md). mypyc, part of mypy (in the test
extra), compiles type-annotated modules into C extensions, taking the interpreter
out of their own code. This compiles the modules a worker runs into a copy of
the engine (it needs a C compiler and Python's headers; some 30 s), then times
a worker's whole task (`share_records`: the feed read, its entries made articles
and records) on the same generated feed of 1,000 full stories, in fresh
processes that take turns, so that the machine's drift falls on both alike.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from synthetic import atom_feed

PROJECT = Path(__file__).resolve().parent.parent
# The modules of a worker's task; the rest of the engine is imported as it is.
COMPILED = (
    "feeds/clean.py",
    "feeds/model.py",
    "feeds/urls.py",
    "feeds/pages/bounds.py",
    "feeds/pages/datelines.py",
    "feeds/pages/encoding.py",
    "feeds/pages/gazetteer.py",
    "feeds/pages/html.py",
    "feeds/pages/stories.py",
    "feeds/pages/syndication.py",
    "feeds/store/rows.py",
    "feeds/web/workers.py",
)
ROUNDS = 5
# Run in a fresh process: the engine at sys.argv[1], the feed at sys.argv[2]. Prints the first
# (cold) task's seconds and the best of the next five, after checking which engine it ran.
TASK = """
import gc, sys, time
sys.path.insert(0, sys.argv[1])
gc.disable()  # as in a worker (workers.py)
from datetime import datetime
from feeds.model import AMSTERDAM
import feeds.pages.syndication, feeds.web.workers
compiled = feeds.pages.syndication.__file__.endswith(".so")
assert compiled == (sys.argv[3] == "compiled"), feeds.pages.syndication.__file__
data = open(sys.argv[2], "rb").read()
times = []
for _ in range(6):
    start = time.perf_counter()
    records = feeds.web.workers.share_records(data, 0, 1, None, "https://nieuws.example/", "bench", datetime.now(AMSTERDAM)).records
    times.append(time.perf_counter() - start)
    assert len(records) == 1000
print(times[0], min(times[1:]))
"""


def compile_engine(into: Path) -> None:
    shutil.copytree(PROJECT / "feeds", into / "feeds", ignore=shutil.ignore_patterns("__pycache__", "*.so"))
    config = into / "mypy.ini"  # the project's pyproject.toml stays behind: setuptools would read it as the package to build
    config.write_text("[mypy]\nignore_missing_imports = True\n")
    done = subprocess.run([sys.executable, "-m", "mypyc", "--config-file", str(config), *COMPILED], cwd=into, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"mypyc failed:\n{(done.stdout + done.stderr)[-3000:]}")


def task(engine: Path, feed: Path, kind: str) -> tuple[float, float]:
    done = subprocess.run([sys.executable, "-c", TASK, str(engine), str(feed), kind], capture_output=True, text=True, cwd=engine)
    if done.returncode != 0:
        raise SystemExit(f"the {kind} task failed:\n{done.stderr[-3000:]}")
    cold, warm = done.stdout.split()
    return float(cold), float(warm)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        feed = work / "feed.atom"
        data = atom_feed(1, 1000)
        feed.write_bytes(data)
        compiled = work / "compiled"
        compile_engine(compiled)
        runs: dict[str, list[tuple[float, float]]] = {"interpreted": [], "compiled": []}
        for _ in range(ROUNDS):
            runs["interpreted"].append(task(PROJECT, feed, "interpreted"))
            runs["compiled"].append(task(compiled, feed, "compiled"))
    print(f"a worker's task on a feed of 1,000 full entries ({len(data) / 1e6:.1f} MB); {ROUNDS} fresh processes each, in turns\n")
    medians = {}
    for kind, results in runs.items():
        cold = statistics.median(first for first, _ in results)
        warm = medians[kind] = statistics.median(best for _, best in results)
        print(f"{kind:<12} first task {cold * 1000:6.1f} ms   later tasks (best of 5, median) {warm * 1000:6.1f} ms per 1,000 entries")
    print(f"\ncompiled by mypyc, a worker's task takes {medians['compiled'] / medians['interpreted']:.2f}× the interpreter's time")


if __name__ == "__main__":
    main()
