"""nieuws-tui beside newsboat, in one run, on the same generated Atom feeds served from 127.0.0.1.

    .venv/bin/python bench/bench_vs_newsboat.py           # 10,000 and 100,000 items
    .venv/bin/python bench/bench_vs_newsboat.py --quick   # 10,000 items only

Every item is a full story (~2 KB of content, as wire feeds carry). Both programs
start from nothing: `newsboat -x reload` into an empty cache (its defaults, an
error log to check it failed nowhere), `nieuws-tui fetch` into an empty library
with no pause between requests (host-delay = 0 in its config, as newsboat pauses
nowhere). Times are whole processes, start to exit; peak memory is the
process's maximum resident set. Ratios are nieuws-tui / newsboat: on this shared
machine absolute times vary by some 20% between runs, ratios much less. The
project's modules are compiled first, as an installed nieuws-tui has them
(bench/installed.py).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent

from installed import compile_project  # noqa: E402
from synthetic import atom_feed  # noqa: E402

NIEUWS_TUI = Path(sys.executable).with_name("nieuws-tui")


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float


def measured(command: list[str], env: dict[str, str], log: Path) -> Run:
    """Run a command to its end; its wall time and peak memory. Fails loudly if it failed."""
    with log.open("wb") as output:
        start = time.perf_counter()
        process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{log.read_text(errors='replace')[-2000:]}")
    return Run(seconds, usage.ru_maxrss / 1024)


class FeedSite:
    """The feed files of one folder, served by bench/feed_server.py in a process of its own."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        port_file = folder / ".port"
        self.process = subprocess.Popen([sys.executable, str(HERE / "feed_server.py"), str(folder), str(port_file)])
        deadline = time.monotonic() + 10
        while not (port_file.exists() and port_file.read_text()):
            if time.monotonic() > deadline:
                raise SystemExit("the feed server did not start")
            time.sleep(0.02)
        self.base = f"http://127.0.0.1:{port_file.read_text()}"

    def publish(self, name: str, feed: int, items: int, first: int = 0) -> str:
        (self.folder / name).write_bytes(atom_feed(feed, items, first))
        return f"{self.base}/{name}"

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()


class Newsboat:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.cache = folder / "cache.db"
        self.errors = folder / "error.log"
        (folder / "config").write_text(f'error-log "{self.errors}"\n')
        self.env = {"HOME": str(folder), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}

    def reload(self, urls: list[str]) -> Run:
        (self.folder / "urls").write_text("\n".join(urls) + "\n")
        command = [shutil.which("newsboat") or "newsboat", "-u", str(self.folder / "urls"), "-c", str(self.cache), "-C", str(self.folder / "config"), "-x", "reload"]
        run = measured(command, self.env, self.folder / "out.log")
        if self.errors.exists() and self.errors.read_text().strip():
            raise SystemExit(f"newsboat reported errors: {self.errors.read_text()[:2000]}")
        return run

    def items(self) -> int:
        with sqlite3.connect(self.cache) as database:
            return database.execute("SELECT count(*) FROM rss_item").fetchone()[0]


class NieuwsTui:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.library = folder / "library.sqlite"
        self.config = folder / "config.toml"
        self.env = {**os.environ, "NIEUWS_TUI_DB": str(self.library), "NIEUWS_TUI_CONFIG": str(self.config), "HOME": str(folder)}

    def fetch(self, urls: list[str], *only: str) -> Run:
        self.config.write_text("host-delay = 0\nmax-size = 64\n\n" + "".join(f'[[source]]\nurl = "{url}"\n\n' for url in urls))
        return measured([str(NIEUWS_TUI), "fetch", *only], self.env, self.folder / "out.log")

    def items(self) -> int:
        with sqlite3.connect(self.library) as database:
            return database.execute("SELECT count(*) FROM articles").fetchone()[0]


def line(label: str, newsboat: Run | None, ours: Run, goal: str) -> None:
    theirs = f"newsboat {newsboat.seconds:6.2f} s" if newsboat else " " * 17
    ratio = f"ratio {ours.seconds / newsboat.seconds:4.2f}" if newsboat else " " * 10
    print(f"{label:<44} {theirs}   nieuws-tui {ours.seconds:6.2f} s {ours.peak_mb:5.0f} MB   {ratio}   (goal {goal})", flush=True)


def ingest(work: Path, site: FeedSite, feeds: int, items: int, label: str) -> tuple[Newsboat, NieuwsTui, list[str]]:
    urls = [site.publish(f"{label}-{feed}.atom", feed, items) for feed in range(feeds)]
    newsboat, ours = Newsboat(work / f"newsboat-{label}"), NieuwsTui(work / f"nieuws-tui-{label}")
    theirs = newsboat.reload(urls)
    mine = ours.fetch(urls)
    assert newsboat.items() == ours.items() == feeds * items, (newsboat.items(), ours.items())
    line(f"ingest {feeds} feed{'s' if feeds > 1 else ''} × {items:,} items, empty cache", theirs, mine, "ratio ≤ 0.20")
    return newsboat, ours, urls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="skip the 100,000-item runs")
    args = parser.parse_args()
    if not shutil.which("newsboat"):
        raise SystemExit("newsboat is not installed (.ci/run installs it; apt-get install newsboat)")
    compile_project()
    version = subprocess.run(["newsboat", "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    print(f"{version}; nieuws-tui from {NIEUWS_TUI}; {os.cpu_count()} cores\n", flush=True)
    with tempfile.TemporaryDirectory(prefix="nieuws-tui-vs-newsboat-") as temp:
        work = Path(temp)
        (work / "feeds").mkdir()
        site = FeedSite(work / "feeds")
        try:
            ingest(work, site, 10, 1000, "a")
            ingest(work, site, 1, 10_000, "b")
            if args.quick:
                return
            newsboat, ours, urls = ingest(work, site, 100, 1000, "c")
            line("all 100 sources again, unchanged (304)", newsboat.reload(urls), ours.fetch(urls), "ratio ≤ 1.00")
            new_url = site.publish("c-new.atom", 100, 100, first=1000)
            empty = NieuwsTui(work / "nieuws-tui-empty").fetch([new_url])
            full = ours.fetch([*urls, new_url], new_url)
            assert ours.items() == 100 * 1000 + 100
            line("100 new items into an empty library", None, empty, "—")
            line("100 new items into a library of 100,000", None, full, "≤ 1.5× the empty one, ≤ 150 MB")
            print(f"{'':44} {'':17}   → {full.seconds / empty.seconds:.2f}× the time into an empty library")
        finally:
            site.stop()


if __name__ == "__main__":
    main()
