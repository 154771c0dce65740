"""Reader app benchmark: start-up, keypress to repaint, opening, searching, memory. Prints its figures.

    .venv/bin/python bench/bench_app.py          # 100, 10,000 and 100,000 full articles
    .venv/bin/python bench/bench_app.py --quick  # 100 and 10,000 only

Targets: first full screen ≤ 0.6 s at 100,000 and ≤ 0.1 s more than at 100;
`j` to repaint ≤ 30 ms; opening an article ≤ 50 ms; a search keystroke
≤ 50 ms (until the list shows its result; the search is made off the app's
thread, and the letter typed waits up to 30 ms for it, to be shown in the same
repaint), in All and in a section; memory ≤ 250 MB at 100,000 full articles.

The first screen comes from the newest rows of the store; the rest is read while
the reader looks at it, and what a big fetch left unindexed is indexed for
search in the background. The keys are measured once both are done.

Each size runs in a fresh process. Times are measured inside the app: from the
key event to the moment the repainted screen is handed to the terminal driver
(the app runs headless at 120×40, so everything but the terminal write counts).
Start-up is measured from just before the process is started, in STARTS
processes (the first of them also measures the keys): on the shared machine
single starts vary by a factor of two, so the median counts. The
project's modules are compiled first, as an installed nieuws-tui has them
(bench/installed.py).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

from installed import compile_project  # noqa: E402
from synthetic import articles  # noqa: E402

from feeds.library import Library  # noqa: E402

_CHILD = r"""
import asyncio, json, re, sys, time
started = float(sys.argv[2])
from textual import events
from feeds.library import Library
from tui.app import NieuwsApp
from feeds import ALL
from tui.preferences import Preferences

class TimedApp(NieuwsApp):
    key_at = None
    first_screen = None
    latencies = []
    echoes = []  # search: from the key to the first repaint, which shows the letter typed
    wait_for_list = False  # search: the keystroke is done when the list shows the new result
    echoed = False
    list_shown = 0.0

    def _show_listing(self, *args):  # whatever the app passes it: the time it shows a listing is what counts
        super()._show_listing(*args)
        self.list_shown = time.perf_counter()

    async def on_event(self, event):
        if isinstance(event, events.Key):
            self.key_at = time.perf_counter()
            self.echoed = False
        await super().on_event(event)

    def _display(self, screen, renderable):
        super()._display(screen, renderable)
        if renderable is None:
            return
        if self.first_screen is None and self.articles.items:
            self.first_screen = time.time() - started
        if self.key_at is not None and self.wait_for_list and not self.echoed:
            self.echoes.append((time.perf_counter() - self.key_at) * 1000)
            self.echoed = True
        if self.key_at is not None and not (self.wait_for_list and self.list_shown < self.key_at):
            self.latencies.append((time.perf_counter() - self.key_at) * 1000)
            self.key_at = None

def peak_mb():
    return int(re.search(r"VmHWM:\s+(\d+)", open("/proc/self/status").read()).group(1)) / 1024

async def main():
    app = TimedApp(Library(sys.argv[1]), preferences=Preferences())
    figures = {}
    async with app.run_test(size=(120, 40)) as pilot:
        while app.first_screen is None:
            await pilot.pause(0.01)
        figures["start"] = app.first_screen
        if sys.argv[3] == "start":
            print(json.dumps(figures))
            return
        while not app.library_view.complete:
            await pilot.pause(0.01)
        figures["loaded"] = time.time() - started
        sys.path.insert(0, "tests")  # after the start, which the test kit is no part of
        from storekit import pending_search
        while pending_search(app.library_view.library):
            await pilot.pause(0.05)
        await asyncio.to_thread(app.library_view.drain)  # off the app's thread: a job's outcome needs it to arrive
        figures["indexed"] = time.time() - started

        async def timed(*keys):
            app.latencies.clear()
            for key in keys:
                await pilot.press(key)
                await pilot.pause(0.05)
            return list(app.latencies)

        figures["j"] = await timed(*["j"] * 30)
        figures["open"] = await timed(*["j", "enter"] * 10)
        figures["open"] = figures["open"][1::2]
        await pilot.press("escape")
        app.wait_for_list = True
        figures["section"] = await timed(*["J"] * 8)
        app.show_shelf(ALL)
        await pilot.press("slash")
        await pilot.pause(0.2)
        app.echoes.clear()
        figures["search"] = await timed(*"minister")
        figures["echo"] = list(app.echoes)
        figures["found"] = len(app.articles.items)
        await pilot.press("escape")
        app.show_shelf("Politiek")  # a section: an eighth of the articles
        await pilot.pause(0.2)
        await pilot.press("slash")
        await pilot.pause(0.2)
        figures["section_search"] = await timed(*"minister")
        figures["section_found"] = len(app.articles.items)
        figures["memory"] = peak_mb()
    print(json.dumps(figures))

asyncio.run(main())
"""


def report(name: str, value: str, target: str) -> None:
    print(f"{name:<48} {value:>14}   (target {target})")


STARTS = 5  # processes started per size to measure the start-up


def run_child(path: Path, what: str) -> dict:
    """Start the app in a process of its own; `what`: "start" (to the first screen) or "all"."""
    started = time.time()
    output = subprocess.run([sys.executable, "-c", _CHILD, str(path), repr(started), what], capture_output=True, text=True, cwd=HERE.parent)
    if output.returncode:
        raise SystemExit(f"the measured app failed:\n{output.stderr}")
    return json.loads(output.stdout.strip().splitlines()[-1])


def measure(count: int, start_target: str, memory_target: str, folder: Path) -> None:
    path = folder / f"lib-{count}" / "library.sqlite"
    Library(path).add(articles(count))
    figures = run_child(path, "all")
    starts = [figures["start"]] + [run_child(path, "start")["start"] for _ in range(STARTS - 1)]
    report(f"start to first screen, {count:,} (median / worst)", f"{statistics.median(starts):.2f} / {max(starts):.2f} s", start_target)
    report(f"  every article read in, {count:,}", f"{figures['loaded']:.2f} s", "—")
    report(f"  search index caught up, {count:,}", f"{figures['indexed']:.2f} s", "—")
    rows = (
        ("j", "`j` to repaint", "≤ 30 ms"),
        ("open", "open an article", "≤ 50 ms"),
        ("section", "`J` to the next section shown", "—"),
        ("echo", "search keystroke, letter shown", "—"),
        ("search", "search keystroke, result shown", "≤ 50 ms"),
        ("section_search", "search keystroke in a section, result shown", "≤ 50 ms"),
    )
    for key, label, target in rows:
        values = figures[key]
        report(f"{label}, {count:,} (median / worst)", f"{statistics.median(values):.1f} / {max(values):.1f} ms", target)
    report(f"peak memory, {count:,}", f"{figures['memory']:.0f} MB", memory_target)
    print(f"  (the search found {figures['found']:,} articles for 'minister'; the keystrokes m i n i s t e r took {' '.join(f'{t:.0f}' for t in figures['search'])} ms)")
    print(f"  (in Politiek it found {figures['section_found']:,}; the keystrokes took {' '.join(f'{t:.0f}' for t in figures['section_search'])} ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="skip the 100,000-article library")
    args = parser.parse_args()
    compile_project()
    with tempfile.TemporaryDirectory() as scratch:
        measure(100, "—", "—", Path(scratch))
        measure(10_000, "—", "—", Path(scratch))
        if not args.quick:
            measure(100_000, "≤ 0.6 s, ≤ 100 + 0.1 s", "≤ 250 MB", Path(scratch))


if __name__ == "__main__":
    main()
