"""Fuzzing: hostile variants of real pages and feeds, and what every one of them must come through.

A case is a sample (a seed page, a hand-written variant, a feed fixture) with
a few mutations applied: byte flips and truncation, control and escape
characters (in text and in links), deep nesting and huge lines, entity tricks,
wrong encodings. `check_case` runs a case through import (or the feed reader
fetch uses), then `list`, export, the server's answers and the app's
rendering, and raises AssertionError for anything a hostile page must not
achieve. The fuzz tests draw the choices with hypothesis; bench/fuzz.py draws
100,000 cases with `random`. Both use these same mutations and checks.
"""

from __future__ import annotations

import html
import io
import json
import random
import re
import tempfile
from collections.abc import Callable, Sequence
from contextlib import redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol, TypeVar

from conftest import CAPTURED, SEEDS
from feedkit import ATOM, RSS1, RSS2, feed_articles
from lxml import etree
from pagekit import ArticlePage, IndexPage, Teaser

from feeds.clean import terminal_safe
from feeds.config import MAX_BYTES
from feeds.imports import import_paths
from feeds.library import Library
from feeds.model import LINE_BREAK
from feeds.out.export import FeedInfo, build_feed
from feeds.out.records import public_json
from feeds.out.site import FeedSite
from feeds.pages.syndication import NotAFeed
from feeds.urls import slugify, web_url
from tui.commands.listing import _line
from tui.console import say_all, say_json
from tui.widgets.article_list import row_parts
from tui.widgets.reader import article_content

Kind = Literal["text", "html", "feed"]
T = TypeVar("T")
UNSAFE = ("\x1b", "\x9b", "\x07", "\x00", "\x7f", "\u202e", "\u2028", "\ufeff")


class Chooser(Protocol):
    """Where a fuzzer's choices come from: hypothesis draws, or a seeded random generator."""

    def integer(self, low: int, high: int) -> int: ...

    def pick(self, options: Sequence[T]) -> T: ...


class RandomChooser:
    def __init__(self, generator: random.Random) -> None:
        self.generator = generator

    def integer(self, low: int, high: int) -> int:
        return self.generator.randint(low, high)

    def pick(self, options: Sequence[T]) -> T:
        return options[self.generator.randrange(len(options))]


@dataclass(frozen=True, slots=True)
class Case:
    kind: Kind
    data: bytes
    story: str  # the sample and the mutations, to reproduce and report it

    @property
    def suffix(self) -> str:
        return ".html" if self.kind == "html" else ".txt"


# -- the samples ----------------------------------------------------------------------------------

_TEASERS = [
    Teaser("Kabinet wil snellere asielprocedure", "DEN HAAG (ANP) - Het kabinet wil dat asielaanvragen sneller worden behandeld.", "1 uur geleden"),
    Teaser(None, "MOSKOU (ANP/RTR) - De trein van Kim Jong-un is in Rusland aangekomen, meldt RIA.", "25 minuten geleden"),
    Teaser("Brug bij Zierikzee dicht", "ZIERIKZEE - De brug is de hele week dicht voor onderhoud.", "gisteren"),
]
_STORY = ArticlePage(
    "Eén café in Goes krijgt prijs",
    [("p", "GOES (ANP) - Het café aan de Markt is uitgeroepen tot het beste van Zeeland."), ("h", "Reactie"), ("p", "De eigenaar is „blij” en trakteert.")],
    section="Zeeland",
    teasers=_TEASERS,
)
_INDEX = IndexPage("Politiek", [t for t in _TEASERS if t.title])


def samples() -> list[tuple[Kind, str, bytes]]:
    """(kind, name, bytes) of every page and feed the fuzzer starts from."""
    seeds: list[tuple[Kind, str, bytes]] = [("text", path.name, path.read_bytes()) for path in sorted(SEEDS.glob("*.txt"))]
    variants: list[tuple[Kind, str, bytes]] = [
        ("text", "story.txt", _STORY.text().encode()),
        ("text", "story-compact.txt", _STORY.compact().encode()),
        ("html", "story.html", _STORY.html(canonical="https://www.zeelandnet.nl/nieuws/een-cafe", published="2026-03-03T10:00:00+01:00").encode()),
        ("text", "index.txt", _INDEX.text().encode()),
        ("html", "index.html", _INDEX.html().encode()),
    ]
    feeds: list[tuple[Kind, str, bytes]] = [("feed", "rss2.xml", RSS2), ("feed", "rss1.xml", RSS1), ("feed", "atom.xml", ATOM)]
    return seeds + variants + feeds


SAMPLES = samples()

# -- the mutations ---------------------------------------------------------------------------------

_ESCAPES = [
    b"\x1b]0;PWNED\x07", b"\x1b]52;c;cm0gLXJmIH4vKgo=\x07", b"\x1b[2J", b"\x1b[5m", b"\xc2\x9b2J", b"\x9b", b"\x07", b"\x00", b"\r",
    b"\x7f", "\u202e".encode(), "\u2028".encode(), "\ufeff".encode(), b"\t", b"\x0b\x0c",
]  # fmt: skip
_REFERENCES = [
    b"&#x1b;]0;PWNED&#x07;", b"&#x9b;", b"&#xD800;", b"&#55296;", b"&#xDFFF", b"&#x110000;", b"&#99999999999;", b"&#0;",
    b"&amp;#x1b;", b"&lt;script&gt;alert(1)&lt;/script&gt;", b"<script>alert(1)</script>", b"]]>", b"<![CDATA[x]]>",
    b"&nbsp;&shy;&#8238;", b"&bogus;", b"&", b"<", b"<!--", b"-->",
]  # fmt: skip
_LINKS = [b"javascript:alert(1)", b"file:///etc/passwd", b"data:text/html,x", b"http://169.254.169.254/", b" java\nscript:x", b"https://x.nl/\x1b[2J", b"//", b"http://[::1"]
_LINK_PLACES = re.compile(rb'href="|<link>|<guid>|<id>')
_DTD = b'<!DOCTYPE x [<!-- <!ENTITY c "\x1b]2;x"> --><!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
_LICENCE = b"<!-- " + b"Deze feed valt onder CC BY 4.0.\n" * 300 + b"-->\n"
_NESTS = [b"<div>", b"<span>", b"<ul><li>", b"<table><tr><td>", b"<b><i>", b"<svg><g>", b"<select><option>", b"<p>", b"<a href=x>", b"(", b"<![CDATA["]
_LINES = [b"x", b"woord ", b"MOSKOU (ANP", b"/ANP", b"25 minuten geleden\n", b"A", b" ", b"\n", b"ANP Titel\n", b"Meer uit Sport\n"]
# What a feed entry's HTML may hold to make reading it slow or wrong, written into the HTML of an
# entry (escaped, as feeds carry it): runs of plain blocks, references, line ends, NULs.
_ENTRY_MARKUP = [
    "<p>x</p>", "<p>", "<pre>\n", "&amp;", "&" + "a" * 31 + " ", "&#" + "9" * 5000 + ";", "&#x1b;[2J", "\r\n", "\x00\x1b[2J", "<h2>x</h3>",
    "<p>MOSKOU (ANP) - x</p>", "<li>x</li>", "<p>a\nb</p>",
]  # fmt: skip
_ENTRY_HTML = re.compile(rb'<content type="html">|<description>|<summary>')
_ENCODINGS = ["cp1252", "latin-1", "utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "shift_jis", "koi8-r"]
_CHARSETS = [b"utf-16", b"shift_jis", b"x-unknown", b"utf-7", b"latin-1", b'"><script>']


def _insert(data: bytes, chooser: Chooser, piece: bytes) -> bytes:
    at = chooser.integer(0, len(data))
    return data[:at] + piece + data[at:]


def flip_bytes(data: bytes, chooser: Chooser) -> tuple[bytes, str]:
    if not data:
        return data, "flip (empty)"
    changed = bytearray(data)
    count = chooser.integer(1, 16)
    for _ in range(count):
        changed[chooser.integer(0, len(changed) - 1)] ^= chooser.integer(1, 255)
    return bytes(changed), f"flip {count} bytes"


def truncate(data: bytes, chooser: Chooser) -> tuple[bytes, str]:
    at = chooser.integer(0, len(data))
    return data[:at], f"truncate at {at}"


def escapes(data: bytes, chooser: Chooser) -> tuple[bytes, str]:
    count = chooser.integer(1, 6)
    for _ in range(count):
        data = _insert(data, chooser, chooser.pick(_ESCAPES))
    return data, f"{count} escapes"


def hostile_links(data: bytes, chooser: Chooser) -> tuple[bytes, str]:
    """Controls and other schemes where links are: href, canonical, <link>, <guid>."""
    link = chooser.pick(_LINKS) + chooser.pick(_ESCAPES)
    places = [match.end() for match in _LINK_PLACES.finditer(data)]
    at = chooser.pick(places) if places else chooser.integer(0, len(data))
    return data[:at] + link + data[at:], f"link {link!r}"


def references(data: bytes, chooser: Chooser) -> tuple[bytes, str]:
    count = chooser.integer(1, 6)
    for _ in range(count):
        data = _insert(data, chooser, chooser.pick(_REFERENCES))
    if chooser.integer(0, 5) == 0 and data.startswith(b"<?xml"):
        # (after a licence in a comment, at times: a prologue of more than 8 kB, which the parsers get without it)
        data = data.replace(b"?>", b"?>" + chooser.pick([b"", _LICENCE]) + _DTD, 1).replace(b"<title>", b"<title>&c;&xxe;", 1)
    return data, f"{count} references"


def deep_nesting(data: bytes, chooser: Chooser) -> tuple[bytes, str]:
    piece, depth = chooser.pick(_NESTS), chooser.pick([10, 100, 600, 5_000, 40_000])
    return _insert(data, chooser, piece * depth), f"nest {piece!r} x{depth}"


def entry_markup(data: bytes, chooser: Chooser) -> tuple[bytes, str]:
    """Hostile HTML in the HTML of a feed entry, where the feed reader reads it as a fragment."""
    piece = chooser.pick(_ENTRY_MARKUP)
    times = min(chooser.pick([1, 100, 10_000, 60_000]), 2_000_000 // len(piece))  # up to 2 MB, some 30,000 tags
    places = [match.end() for match in _ENTRY_HTML.finditer(data)]
    at = chooser.pick(places) if places else chooser.integer(0, len(data))
    return data[:at] + html.escape(piece * times, quote=False).encode() + data[at:], f"entry markup {piece[:12]!r} x{times}"


def huge_line(data: bytes, chooser: Chooser) -> tuple[bytes, str]:
    piece, length = chooser.pick(_LINES), chooser.pick([100, 10_000, 60_000, 300_000])
    return _insert(data, chooser, piece * length), f"line {piece!r} x{length}"


def wrong_encoding(data: bytes, chooser: Chooser) -> tuple[bytes, str]:
    if chooser.integer(0, 1):
        charset = chooser.pick(_CHARSETS)
        return data.replace(b"utf-8", charset).replace(b"UTF-8", charset), f"declared {charset!r}"
    encoding = chooser.pick(_ENCODINGS)
    return data.decode("utf-8", "replace").encode(encoding, "replace"), f"encoded {encoding}"


def repeat(data: bytes, chooser: Chooser) -> tuple[bytes, str]:
    start = chooser.integer(0, len(data))
    part = data[start : start + chooser.integer(1, 2000)]
    times = chooser.pick([2, 50, 1000])
    return _insert(data, chooser, part * times), f"repeat {len(part)} bytes x{times}"


MUTATIONS: list[Callable[[bytes, Chooser], tuple[bytes, str]]] = [
    flip_bytes, truncate, escapes, hostile_links, references, deep_nesting, huge_line, entry_markup, wrong_encoding, repeat,
]  # fmt: skip


def make_case(chooser: Chooser, kinds: Sequence[Kind] = ("text", "html", "feed")) -> Case:
    """A sample of one of `kinds` with one to three mutations."""
    kind, name, data = chooser.pick([sample for sample in SAMPLES if sample[0] in kinds])
    steps = [name]
    for _ in range(chooser.integer(1, 3)):
        data, step = chooser.pick(MUTATIONS)(data, chooser)
        steps.append(step)
    return Case(kind, data[:MAX_BYTES], " · ".join(steps))


# -- the checks ------------------------------------------------------------------------------------


def _harmless(where: str, text: str) -> None:
    bad = [char for char in UNSAFE if char in text]
    assert not bad, f"{where}: {bad!r} in {text[:120]!r}"


def _well_formed(where: str, data: bytes) -> None:
    try:
        etree.fromstring(data, etree.XMLParser(recover=False, resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as error:
        raise AssertionError(f"{where} is not well-formed XML: {error}") from None


def ingest(case: Case, library: Library, folder: Path) -> None:
    """Import the page as `import` does, or read the feed as `fetch` does; every refusal is one clear line."""
    if case.kind == "feed":
        try:
            articles = feed_articles(case.data)
        except NotAFeed as error:
            assert "\n" not in str(error), "a refusal of more than one line"
            return
        library.add([(article, CAPTURED) for article in articles])
        return
    page = folder / f"page{case.suffix}"
    page.write_bytes(case.data)
    report = import_paths(library, [page], CAPTURED)
    for _, reason in report.failed:
        assert "\n" not in reason and len(reason) < 300, f"refusal not one clear line: {reason[:300]!r}"


def check_case(case: Case) -> None:
    """Run one case through every stage; AssertionError for what must not happen, and anything raised is a failure too."""
    with tempfile.TemporaryDirectory(prefix="nieuws-tui-fuzz-") as scratch:
        folder = Path(scratch)
        ingest(case, Library(folder / "library.json"), folder)
        library = Library(folder / "library.json")
        entries = library.full_entries(library.entries())
        for entry in entries:  # what ingest let in
            article = entry.article
            assert web_url(article.url) == article.url, f"stored link that is no clean web link: {article.url[:120]!r}"
            for text in (article.title, article.place or "", article.section or ""):
                _harmless("stored text", text)
            for text in (article.lead, *(b.text for b in article.body)):  # (a line broken by <br>: the store's LINE_BREAK, as_read outside)
                _harmless("stored text", text.replace(LINE_BREAK, ""))
        json_bytes = io.BytesIO()  # (JSON is written as bytes, as a feed is)
        listed, as_json = io.StringIO(), io.TextIOWrapper(json_bytes, encoding="utf-8")
        with redirect_stdout(listed):
            say_all(_line(h) for h in library.headlines())
        with redirect_stdout(as_json):
            say_json([public_json(e) for e in entries])
        as_json.flush()
        json_text = json_bytes.getvalue().decode("utf-8")
        _harmless("list", listed.getvalue() + json_text)
        assert [a["url"] for a in json.loads(json_text)] == [e.article.url for e in entries]
        warnings: list[str] = []
        for fmt in ("atom", "rss"):
            _well_formed(f"export ({fmt})", build_feed(entries, fmt, FeedInfo.for_view(library.path, "http://127.0.0.1:8080/feed." + fmt), CAPTURED, warnings.append))
        assert not warnings, f"export left out: {warnings}"
        site = FeedSite(library, "http://127.0.0.1:8080")
        sections = [slugify(s.name) for s in library.sections() if s.name and slugify(s.name)]
        for path in ["/feed.atom", "/feed.rss", "/opml", *(f"/sections/{slug}.{fmt}" for slug in sections for fmt in ("atom", "rss"))]:
            response = site.answer(path)
            assert response is not None, f"serve: nothing at {path}"
            _well_formed(f"serve {path}", response.body)
        assert site.answer("/") is not None
        for entry in entries:
            full = library.article(entry.id)
            assert full is not None
            _harmless("reader", article_content(full, entry, CAPTURED).plain)
            for width in (40, 120):
                _harmless("list row", "".join(row_parts(entry, width, CAPTURED)))
        _harmless("terminal_safe", terminal_safe(case.data[:65536].decode("utf-8", "replace")))
