"""Fuzz benchmark: 100,000 hostile cases through every stage, then the worst pages and feeds at the size cap. Prints its figures.

    TMPDIR=/dev/shm .venv/bin/python bench/fuzz.py [--cases 100000] [--workers 2] [--seed 1]
    .venv/bin/python bench/fuzz.py --worst     # only the worst pages and feeds

Each case is a seed page, a hand-written variant or a feed fixture with one to
three mutations (tests/fuzzkit.py), run through import or the feed reader,
then `list`, export, the server's answers and the app's rendering. Prints the
number of failures (goal 0) with the first few, the slowest case, and the peak
memory of any worker. Libraries are written under $TMPDIR; /dev/shm keeps the
disk out of the figures.

Then each page and each feed shaped to be as costly as possible (issue 9: any
page or feed up to the size cap is read in ≤ 2 s and ≤ 200 MB, or refused) is
read in a process of its own, which gives its own peak memory; the CPU time is
shown beside the wall clock, as the machine is shared.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
import traceback
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "tests"))

from conftest import CAPTURED  # noqa: E402
from feedkit import feed_articles  # noqa: E402
from fuzzkit import RandomChooser, check_case, make_case  # noqa: E402

from feeds.config import MAX_BYTES  # noqa: E402
from feeds.pages.encoding import decode_page  # noqa: E402
from feeds.pages.page import NotANewsPage, PageTooComplex, parse_page  # noqa: E402
from feeds.pages.syndication import NotAFeed  # noqa: E402

CHUNK = 500  # cases per task: each has its own seed, so any case can be made again


def peak_mb() -> float:
    """The peak memory of this process, in MB: its high-water mark (VmHWM), not ru_maxrss,
    which carries over through exec the peak of the process it was started from."""
    with open("/proc/self/status", encoding="ascii") as status:
        found = re.search(r"VmHWM:\s*(\d+) kB", status.read())
    return int(found[1]) / 1024 if found else 0.0


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
    tally.peak_mb = peak_mb()
    return tally


_P = "<p>GOES - De gemeente Goes opent een nieuw zwembad, het grootste van Zeeland.</p>"


def _filled(unit: str) -> str:
    """`unit` repeated up to the size cap, in a page."""
    return "<html><body>" + unit * ((MAX_BYTES - 40) // len(unit)) + "</body></html>"


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
    "10 MB on one line": lambda: (False, "x" * MAX_BYTES),
    "10 MB of UTF-8 text, Windows-1252 bytes amid it": lambda: (False, "Titel\n\n" + "café \u2603 " * (MAX_BYTES // 12)),
}
# A snowman in a page or feed made here stands for a lone 0xE9 (é in Windows-1252): a byte that is no UTF-8,
# beside UTF-8 (é), as a CMS pastes them in. Each such run is read apart (feeds/pages/encoding.py).
_STRAY = ("\u2603".encode(), b"\xe9")


Measured = tuple[str, float, float, float, str]  # name, seconds, CPU seconds, peak MB of the process, outcome


def worst_page(name: str) -> tuple[str, bool, bytes]:
    html, page = WORST_PAGES[name]()
    return name, html, page.encode("utf-8").replace(*_STRAY)[:MAX_BYTES]


def parse_worst(name: str, html: bool, raw: bytes) -> Measured:
    started, cpu = time.perf_counter(), time.process_time()
    try:
        outcome = f"{len(parse_page(decode_page(raw), CAPTURED, html=html).articles)} articles"
    except (NotANewsPage, PageTooComplex) as error:
        outcome = f"refused: {error}"
    return name, time.perf_counter() - started, time.process_time() - cpu, peak_mb(), outcome


# Feeds. An Atom feed without its namespace is well-formed XML that only feedparser reads (with its
# strict parser); a bare `&` in its title makes it ill-formed, for feedparser's loose parser. RSS 2.0
# ("fast") and Atom ("atom") are read by the fast parser, and repaired by it with lxml when ill-formed. `body` goes in the feed's one entry (or is its entries);
# `count` None repeats `unit` up to the size cap.
_HEAD = {
    "strict": '<?xml version="1.0" encoding="utf-8"?>\n<feed><title>Atom nieuws</title><id>urn:x</id>\n',
    "loose": '<?xml version="1.0" encoding="utf-8"?>\n<feed><title>Atom & nieuws</title><id>urn:x</id>\n',
    "fast": '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Omroep</title>\n',
}
_HEAD["atom"] = _HEAD["strict"].replace("<feed>", '<feed xmlns="http://www.w3.org/2005/Atom">')
_HEAD["repaired"] = _HEAD["loose"].replace("<feed>", '<feed xmlns="http://www.w3.org/2005/Atom">')  # by the fast parser, with lxml
_TAIL = {"strict": "</feed>\n", "loose": "</feed>\n", "atom": "</feed>\n", "repaired": "</feed>\n", "fast": "</channel></rss>\n"}
_ENTRY = {
    "strict": '<entry><title>Brug</title><id>urn:e</id><link href="http://example.org/brug"/><content type="html">{}</content></entry>\n',
    "fast": "<item><title>Brug</title><link>http://example.org/brug</link><description>{}</description></item>\n",
}
_ENTRY["loose"] = _ENTRY["atom"] = _ENTRY["repaired"] = _ENTRY["strict"]
_OUT_OF_CONTENT = '</content>{}<content type="html">'  # beside the content of an entry
_OUT_OF_DESCRIPTION = "</description>{}<description>"
_ITEM = {
    "strict": '<entry><title>Brug {n}</title><id>urn:e{n}</id><link href="http://example.org/brug/{n}"/><content type="html">&lt;p&gt;ZIERIKZEE - De brug is dicht.&lt;/p&gt;</content></entry>\n',
    "fast": "<item><title>Veerboot {n}</title><link>http://example.org/veer/{n}</link><description>De veerboot vaart weer.</description></item>\n",
}
_ITEM["loose"] = _ITEM["strict"]


def _feed(kind: str, unit: str, count: int | None = None, around: str = "{}", doctype: str = "") -> bytes:
    """A feed of `kind` whose entry holds `unit` repeated (up to the size cap when `count` is None), in `around`."""
    declaration, root = _HEAD[kind].split("\n", 1)
    shell = declaration + "\n" + doctype + root + _ENTRY[kind] + _TAIL[kind]
    if count is None:
        count = (MAX_BYTES - len(shell.format(around.format("")).encode())) // len(unit.encode())
    return shell.format(around.format(unit * count)).encode()


def _items(kind: str, count: int | None = None) -> bytes:
    """A feed of `count` entries (as many as fit under the size cap when None)."""
    if count is None:
        count = (MAX_BYTES - len(_HEAD[kind] + _TAIL[kind])) // len(_ITEM[kind].format(n=999_999).encode())
    return (_HEAD[kind] + "".join(_ITEM[kind].format(n=n) for n in range(count)) + _TAIL[kind]).encode()


_ATTRIBUTES = "<img " + " ".join(f"a{i}='1'" for i in range(120)) + "/>"
_DECLARED = '<!DOCTYPE feed [\n<!ENTITY zee "{}">\n]>\n'
_LINKED = (
    "&lt;p&gt;VLISSINGEN (ANP/RTR) - De &lt;a href=&quot;/veer&quot;&gt;veerboot&lt;/a&gt; vaart &lt;b&gt;weer&lt;/b&gt;, meldt "
    "&lt;a href=&quot;https://pzc.example/nieuws&quot;&gt;de krant&lt;/a&gt;.&lt;/p&gt;&lt;h2&gt;Meer&lt;/h2&gt;&lt;p&gt;Een tweede "
    "&lt;a href=&quot;/alinea&quot;&gt;alinea&lt;/a&gt; met &lt;i&gt;nadruk&lt;/i&gt;.&lt;/p&gt;"
)
_GEORSS = '</content><georss:polygon>{}</georss:polygon><content type="html">'

# Feeds made to cost the most, for each parser: just within a bound, or far beyond one; at most the size cap.
WORST_FEEDS: dict[str, Callable[[], bytes]] = {
    "RSS items up to the cap (fast)": lambda: _items("fast"),
    "items of a link alone up to the cap (fast)": lambda: _feed("fast", "</item><item><link>http://x.nl/nieuws/1</link>"),
    "10,000 RSS items (fast)": lambda: _items("fast", 10_000),
    "6,200 items of 16 tags: links, dateline (fast)": lambda: _items("fast", 6_200).replace(b"De veerboot vaart weer.", _LINKED.encode()),
    "10,000 items of 16 tags: links, dateline (fast)": lambda: _items("fast", 10_000).replace(b"De veerboot vaart weer.", _LINKED.encode()),
    "199,000 elements nested in an item (fast)": lambda: _feed("fast", "<td>", 199_000),
    "elements nested up to the cap (fast)": lambda: _feed("fast", "<td>", 999_000),
    "199,000 links in an entry (fast)": lambda: _feed("atom", '<link href="http://example.org/a"/>', 199_000, around=_OUT_OF_CONTENT),
    "categories up to the cap (fast)": lambda: _feed("fast", "<category>x</category>", around=_OUT_OF_DESCRIPTION),
    "1,650 elements of 120 attributes (repaired)": lambda: _feed("repaired", _ATTRIBUTES, 1_650, around=_OUT_OF_CONTENT),
    "elements of 120 attributes up to the cap (repaired)": lambda: _feed("repaired", _ATTRIBUTES, around=_OUT_OF_CONTENT),
    "199,000 character references (fast)": lambda: _feed("fast", "&#233;", 199_000),
    "character references up to the cap (fast)": lambda: _feed("fast", "&#233;"),
    "199,000 undefined entities (repaired)": lambda: _feed("repaired", "&x;", 199_000),
    "undefined entities up to the cap (repaired)": lambda: _feed("repaired", "&x;"),
    "10 MB of text in one item (fast)": lambda: _feed("fast", "woord "),
    "10 MB of text, one astral character (fast)": lambda: _feed("fast", "woord ", around="\U0001f600{}"),
    "10 MB of escaped markup in an item (fast)": lambda: _feed("fast", "&lt;p&gt;x&lt;/p&gt;"),
    "10 MB of UTF-8 text, Windows-1252 bytes amid it (fast)": lambda: _feed("fast", "café \u2603 ").replace(*_STRAY),
    "10 MB of text in Windows-1252, said to be UTF-8 (fast)": lambda: _feed("fast", "caf\u2603 ").replace(*_STRAY),
    "an entity of 4 kB, used 2 million times (fast)": lambda: _feed("fast", "&zee;", doctype=_DECLARED.format("x" * 4000)),
    "Atom entries up to the cap (strict)": lambda: _items("strict"),
    "1,900 Atom entries (loose)": lambda: _items("loose", 1900),
    "19,500 empty <content/> (loose)": lambda: _feed("loose", "<content/>", 19_500),
    "17,000 nested links (loose)": lambda: _feed("loose", "<a href=x>", 17_000),
    "880 elements of 120 attributes (loose)": lambda: _feed("loose", _ATTRIBUTES, 880),
    "140,000 references (strict)": lambda: _feed("strict", "&amp;", 140_000),
    "140,000 references in escaped markup (loose)": lambda: _feed("loose", "&lt;b&gt;x", 70_000),
    "10 MB of references (strict)": lambda: _feed("strict", "&amp;"),
    "420,000 line ends (strict)": lambda: _feed("strict", "\r", 420_000),
    "10 MB of line ends (strict)": lambda: _feed("strict", "\n"),
    "all of these at once (loose)": lambda: _feed("loose", "<a href=x b=y>&amp;&amp;\n\n\n", 11_500),
    "2 MB of text, one astral character (loose)": lambda: _feed("loose", "woord ", 349_000, around="\U0001f600{}"),
    "2 MB of GeoRSS coordinates (loose)": lambda: _feed("loose", "1 ", 1_040_000, around=_GEORSS),
    "10 MB of text, one astral character (strict)": lambda: _feed("strict", "woord ", around="\U0001f600{}"),
    "a tag of 65,000 characters (loose)": lambda: _feed("loose", "y", 65_000, around="<a {}>"),
    "a 4 MB tag (loose)": lambda: _feed("loose", "y", 4_000_000, around="<a {}>"),
    "an entity of 30 characters, used 50,000 times (strict)": lambda: _feed("strict", "&zee;", 50_000, doctype=_DECLARED.format("x" * 30)),
    "an entity of 4 kB, used 20,000 times (strict)": lambda: _feed("strict", "&zee;", 20_000, doctype=_DECLARED.format("x" * 4000)),
    "tags hidden in UTF-7 (loose)": lambda: _feed("loose", "+ADw-p+AD4-x", 100_000).replace(b"utf-8", b"utf-7", 1),
}


def worst_feed(name: str) -> tuple[str, bytes]:
    data = WORST_FEEDS[name]()
    assert len(data) <= MAX_BYTES, (name, len(data))
    return name, data


def read_worst(name: str, data: bytes) -> Measured:
    started, cpu = time.perf_counter(), time.process_time()
    try:
        outcome = f"{len(feed_articles(data))} articles"
    except NotAFeed as error:
        outcome = f"refused: {error}"
    return name, time.perf_counter() - started, time.process_time() - cpu, peak_mb(), outcome


def print_worst(title: str, measure: Callable[..., Measured], cases: Iterable[tuple[object, ...]]) -> None:
    """Each case measured in a process of its own, made here: its peak memory is that of reading it, not of making it."""
    print(f"\n{title}\n  {'':<50} {'time':>6} {'(CPU)':>7} {'peak':>7}")
    with ProcessPoolExecutor(max_workers=1, max_tasks_per_child=1) as pool:
        for case in cases:
            name, seconds, cpu, peak, outcome = pool.submit(measure, *case).result()
            print(f"  {name:<50} {seconds:5.2f} s ({cpu:4.2f} s) {peak:4.0f} MB   {outcome[:90]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--worst", action="store_true", help="only the tables of the costliest pages and feeds")
    args = parser.parse_args()
    if not args.worst:
        fuzz(args.cases, args.workers, args.seed)
    print_worst("worst pages at the size cap (each parsed in a process of its own)", parse_worst, map(worst_page, WORST_PAGES))
    print_worst("worst feeds at the size cap (each read in a process of its own)", read_worst, map(worst_feed, WORST_FEEDS))


def fuzz(cases: int, workers: int, seed: int) -> None:
    chunks = [(seed * 1_000_003 + n, min(CHUNK, cases - start)) for n, start in enumerate(range(0, cases, CHUNK))]
    total = Tally()
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for tally in pool.map(run_chunk, *zip(*chunks)):
            total.add(tally)
            print(f"  {total.cases:,} cases, {len(total.failures)} failures, {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    print(f"cases            {total.cases:,} in {time.perf_counter() - started:.0f} s ({workers} workers)")
    print(f"failures         {len(total.failures)}   (goal 0)")
    for failure in total.failures[:10]:
        print(f"  {failure}")
    print(f"slowest case     {total.slowest[0]:.2f} s   {total.slowest[1][:160]}")
    print(f"peak memory      {total.peak_mb:.0f} MB (largest worker)")


if __name__ == "__main__":
    main()
