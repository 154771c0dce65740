"""Synthetic but realistic news for the benchmarks: pages from the seeds, articles from their text.

Shared by the benchmarks of every area so that they measure the same kind of data.
Regional pages are built with the tests' page kit (tests/pagekit.py), which
every benchmark puts on its path.
"""

from __future__ import annotations

import random
import re
import sys
from datetime import datetime, timedelta
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Every benchmark imports this first: it runs the project's code and uses the tests' page kit.
for folder in (ROOT / "tests", ROOT):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from pagekit import LocalItem, RegionalPage, TickerLine  # noqa: E402

from feeds.model import AMSTERDAM, Article, Block  # noqa: E402
from feeds.urls import article_id, url_for_title  # noqa: E402

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
SECTIONS = ("Binnenland", "Buitenland", "Politiek", "Financieel", "Sport", "Voetbal", "Zeeland", "Tech")
PLACES = ("DEN HAAG", "AMSTERDAM", "MIDDELBURG", "GOES", "BRUSSEL", "WASHINGTON", "MOSKOU", "CAPELLE AAN DEN IJSSEL")
AGENCIES = (("ANP",), ("ANP", "RTR"), ("ANP", "AFP"), ("ANP", "AFP", "DPA"))
_AGE = re.compile(r"^\d+ \w+ geleden$")


def _seed_lines() -> list[list[str]]:
    return [[line for line in path.read_text(encoding="utf-8").split("\n")] for path in SEEDS]


def text_pages(count: int) -> list[str]:
    """Article pages shaped like the seeds, with titles unique per page.

    Teasers repeat across groups of five pages, as "Meer uit" lists do on the site.
    """
    seeds = _seed_lines()
    pages = []
    for number in range(count):
        lines = seeds[number % len(seeds)]
        section = SECTIONS[number // 5 % len(SECTIONS)]  # pages sharing teasers share the section
        main_title = lines[6]
        out = []
        in_teasers = False
        for line in lines:
            if line.startswith("Meer uit "):
                in_teasers = True
                out.append(f"Meer uit {section}")
            elif line == main_title:
                out.append(f"{line} ({number})")
            elif in_teasers and line and not _AGE.match(line) and " (ANP" not in line:
                out.append(f"{line} ({number // 5})")
            else:
                out.append(line)
        pages.append("\n".join(out))
    return pages


_CHROME_SCRIPT = "window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}" * 20
_CHROME_STYLE = ".nav a{color:#036;padding:4px 8px}.teaser h3{font-size:1.1em}.cookie{position:fixed}" * 30


def html_page(text_page: str, size: int = 150_000) -> str:
    """A text page dressed as the site's HTML: head metadata, chrome, the article, its teaser list."""
    lines = [line for line in text_page.split("\n") if line]
    title = lines[3]
    marker = next(i for i, line in enumerate(lines) if line.startswith("Meer uit "))
    story = lines[5:marker]
    teasers = lines[marker + 1:]
    body = "".join(
        f"<h2>{escape(line)}</h2>" if len(line) < 40 and not line.endswith(".") else f"<p>{escape(line)}</p>" for line in story
    )
    items = []
    for index in range(0, len(teasers) - 2, 3):
        teaser_title, lead, age = teasers[index:index + 3]
        href = url_for_title(teaser_title)
        items.append(f'<li class="teaser"><a href="{href}"><h3>{escape(teaser_title)}</h3><p>{escape(lead)}</p></a><span class="date">{escape(age)}</span></li>')
    nav = "".join(f'<li><a href="/nieuws/rubriek-{n}">Rubriek {n}</a></li>' for n in range(150))
    page = (
        f'<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>{escape(title)} - ZeelandNet</title>'
        f'<link rel="canonical" href="{url_for_title(title)}"><meta property="og:title" content="{escape(title)}">'
        f"<script>{_CHROME_SCRIPT}</script><style>{_CHROME_STYLE}</style></head><body>"
        f'<header class="site-header"><nav class="main-nav"><ul>{nav}</ul></nav></header>'
        '<div class="webmail-modal" role="dialog"><h2>Kies je webmail</h2><p>Omdat ZeelandNet ook DELTA webmail aanbiedt, '
        "vragen we je eenmalig je voorkeur op te geven.</p></div>"
        f'<main><article class="article"><h1>{escape(title)}</h1><div class="article-body">{body}</div></article>'
        f'<aside class="more-news"><h2>{escape(lines[marker])}</h2><ul>{"".join(items)}</ul></aside></main>'
        '<div class="cookie-banner"><p>Wij gebruiken cookies om de site te verbeteren.</p></div>'
        "<footer><p>© ZeelandNet</p></footer>"
    )
    return padded(page, size)


def padded(page: str, size: int) -> str:
    """The page grown to `size` with a comment before `</body>`, as real pages carry kilobytes of markup."""
    padding = "<!-- " + "x" * max(0, size - len(page) - 20) + " -->"
    return page.replace("</body>", padding + "</body>") + "</body></html>" if "</body>" in page else page + padding + "</body></html>"


REGIONS = ("Middelburg", "Vlissingen", "Goes", "Terneuzen", "Noord-Beveland", "Schouwen-Duiveland", "Tholen", "Veere")
LOCAL_PLACES = ("MIDDELBURG", "ARNEMUIDEN", "VLISSINGEN", "GOES", "KLOETINGE", "TERNEUZEN", "AXEL", "KAMPERLAND", "ZIERIKZEE", "SINT-MAARTENSDIJK")
LOCAL_AGES = ("3 uur geleden", "1 dag geleden", "2 dagen geleden", "5 dagen geleden", "1 week geleden", "2 weken geleden", "1 maand geleden")


def regional_pages(count: int, lines: int = 20, items: int = 20) -> list[RegionalPage]:
    """Regional pages: a ticker of `lines` lines and `items` local items each, in the seeds' words."""
    sentences = [
        s for page in _seed_lines() for line in page[6:] for s in re.split(r"(?<=\.) ", line) if 60 < len(s) < 300  # page[6:]: no webmail chooser
    ]
    pages = []
    for number in range(count):
        ticker = [
            TickerLine((*SECTIONS, *REGIONS)[(number + n) % 16], f"{11 - n // 6:02d}:{59 - n * 7 % 60:02d}", f"{sentences[(number + n) % len(sentences)][:70].rstrip(' ,.')} {number}")
            for n in range(lines)
        ]
        local = [
            LocalItem(f"{LOCAL_PLACES[(number + n) % len(LOCAL_PLACES)]} - {sentences[(number * 7 + n) % len(sentences)]}", LOCAL_AGES[n % len(LOCAL_AGES)])
            for n in range(items)
        ]
        pages.append(RegionalPage(ticker, local, heading=f"Nieuws uit {REGIONS[number % len(REGIONS)]}"))
    return pages


def articles(count: int, seed: int = 1) -> list[tuple[Article, datetime]]:
    """`count` full articles with the seeds' sentences (about 2 KB of text each, as feeds carry)."""
    rng = random.Random(seed)
    sentences = [s for page in _seed_lines() for line in page for s in re.split(r"(?<=\.) ", line) if len(s) > 60]
    now = datetime(2026, 11, 24, 12, 0, tzinfo=AMSTERDAM)
    result = []
    for number in range(count):
        title = f"{rng.choice(sentences)[:70].rstrip(' ,.')} {number}"
        url = url_for_title(title)
        body = tuple(
            Block("subheading" if i == 3 else "paragraph", "Tussenkop" if i == 3 else " ".join(rng.sample(sentences, 2)))
            for i in range(7)
        )
        published = now - timedelta(minutes=number)
        article = Article(
            id=article_id(url),
            url=url,
            title=title,
            section=SECTIONS[number % len(SECTIONS)],
            place=PLACES[number % len(PLACES)],
            agencies=AGENCIES[number % len(AGENCIES)],
            lead=" ".join(rng.sample(sentences, 2)),
            body=body,
            published=published,
            age=f"{number} minuten geleden",
            kind="full",
        )
        result.append((article, now - timedelta(minutes=number)))
    return result


FEED_TIME = datetime(2026, 11, 24, 12, 0, tzinfo=AMSTERDAM)


def atom_feed(feed: int, items: int, first: int = 0, seed: int = 7) -> bytes:
    """An Atom feed of `items` full stories (content of ~2 KB each, as wire feeds carry), unique by feed and number.

    Numbers start at `first`, so a later version of the same feed can bring new items on top of old ones.
    """
    rng = random.Random(seed * 100_003 + feed)
    sentences = [s for page in _seed_lines() for line in page for s in re.split(r"(?<=\.) ", line) if len(s) > 60]
    entries = []
    for number in range(first + items - 1, first - 1, -1):
        title = f"{rng.choice(sentences)[:70].rstrip(' ,.')} ({feed}-{number})"
        url = f"https://nieuws.example/feed-{feed}/artikel-{number}"
        place = PLACES[number % len(PLACES)]
        paragraphs = [f"{place} (ANP) - Bericht {feed}-{number}: " + " ".join(rng.sample(sentences, 2))]
        paragraphs += [" ".join(rng.sample(sentences, 2)) for _ in range(5)]
        content = "".join(f"<p>{escape(p)}</p>" for p in paragraphs[:4]) + "<h2>Reactie</h2>" + "".join(f"<p>{escape(p)}</p>" for p in paragraphs[4:])
        moment = (FEED_TIME - timedelta(minutes=number)).isoformat()
        entries.append(
            f"<entry><title>{escape(title)}</title><link rel=\"alternate\" href=\"{url}\"/><id>{url}</id>"
            f"<published>{moment}</published><updated>{moment}</updated><author><name>ANP</name></author>"
            f"<category term=\"{SECTIONS[feed % len(SECTIONS)]}\"/>"
            f"<summary>{escape(paragraphs[0])}</summary><content type=\"html\">{escape(content)}</content></entry>"
        )
    head = (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Testnieuws {feed}</title><id>https://nieuws.example/feed-{feed}</id>"
        f'<link rel="self" href="https://nieuws.example/feed-{feed}.atom"/><updated>{FEED_TIME.isoformat()}</updated>'
    )
    return (head + "".join(entries) + "</feed>\n").encode("utf-8")
