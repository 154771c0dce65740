"""Hand-written page variants, rendered the ways the site renders them.

A variant is written once as what a reader sees — title, story, teasers; a
ticker and local items — and rendered as the site's text rendering, its compact
rendering and its HTML, so every case is checked in every form against the
same expectations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from pathlib import Path

from feeds.imports import read_page_file
from feeds.model import Article
from feeds.pages.datelines import parse_dateline
from feeds.pages.stories import title_from_lead
from feeds.urls import slugify, url_for_title

BOILERPLATE = "Webmail\n\nKies je webmail\n\nOmdat ZeelandNet ook DELTA webmail aanbiedt, vragen we je eenmalig je voorkeur op te geven.\n\n"


def page_articles(path: Path, captured: datetime | None = None) -> tuple[list[Article], datetime]:
    """The articles of one page or feed file, and the capture time they were read against
    (`captured`, else the file's modification time)."""
    page = read_page_file(path, captured)
    return page.articles, page.captured


@dataclass
class Teaser:
    title: str | None
    lead: str  # with its dateline, as the page shows it
    age: str


@dataclass
class ArticlePage:
    title: str
    story: list[tuple[str, str]]  # ("p" | "h", text); the first paragraph is the lead with its dateline
    section: str | None = "Buitenland"
    teasers: list[Teaser] = field(default_factory=list)

    def text(self) -> str:
        """The usual text rendering: boilerplate, the title twice, blank lines between blocks."""
        parts = [self.title, self.title, *(text for _, text in self.story)]
        if self.section:
            parts.append(f"Meer uit {self.section}")
        out = BOILERPLATE + "\n\n".join(parts) + "\n\n"
        for teaser in self.teasers:
            if teaser.title is not None:
                out += f"{teaser.title}\n\n"
            out += f"{teaser.lead}\n\n{teaser.age}\n"
        return out

    def compact(self) -> str:
        """No boilerplate, the title once, single newlines, ages glued to the next teaser."""
        lines = [self.title, *(text for _, text in self.story)]
        if self.section:
            lines.append(f"Meer uit {self.section}")
        out = "\n".join(lines) + "\n"
        for index, teaser in enumerate(self.teasers):
            if teaser.title is not None and index == 0:
                out += teaser.title + "\n"
            out += teaser.lead + "\n" + teaser.age
            following = self.teasers[index + 1] if index + 1 < len(self.teasers) else None
            if following is not None and following.title is not None:
                out += "\n" + following.title + "\n"
        return out

    def html(self, canonical: str | None = None, published: str | None = None) -> str:
        story = "".join(f"<h2>{escape(t)}</h2>" if kind == "h" else f"<p>{escape(t)}</p>" for kind, t in self.story)
        items = "".join(
            '<li class="teaser">'
            + (f'<a href="{url_for_title(t.title)}"><h3>{escape(t.title)}</h3></a>' if t.title is not None else "")
            + f'<p class="lead">{escape(t.lead)}</p><time datetime="">{escape(t.age)}</time></li>'
            for t in self.teasers
        )
        more = f'<aside class="more-news"><h2>Meer uit {escape(self.section)}</h2><ul>{items}</ul></aside>' if self.section else ""
        head = f'<link rel="canonical" href="{canonical}">' if canonical else ""
        if published:
            head += f'<meta property="article:published_time" content="{published}">'
        return page_html(self.title, head, f'<article class="article"><h1>{escape(self.title)}</h1><div class="article-body">{story}</div></article>{more}')


def page_html(title: str, head: str, main: str) -> str:
    """The site's chrome around `main`: scripts, styles, navigation, the webmail dialog, a cookie banner, ads."""
    return f"""<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>{escape(title)} - ZeelandNet</title>
<meta property="og:title" content="{escape(title)}">{head}
<script>window.dataLayer = window.dataLayer || []; document.write("<p>Meer uit Sport</p>");</script>
<style>.cookie-banner {{ position: fixed; }} p::before {{ content: "Meer uit Politiek"; }}</style>
</head><body class="modal-open">
<header class="site-header"><a href="/">ZeelandNet</a><nav class="main-nav"><ul><li><a href="/nieuws">Nieuws</a></li><li><a href="/nieuws/sport">Sport</a></li></ul></nav>
<p class="edition">Editie: NL &amp; Wereld | Zeeland</p></header>
<div class="webmail-chooser" role="dialog"><h2>Kies je webmail</h2><p>Omdat ZeelandNet ook DELTA webmail aanbiedt, vragen we je eenmalig je voorkeur op te geven.</p><button>ZeelandNet webmail</button></div>
<main>{main}<div class="ad-slot"><p>Advertentie: Zonnepanelen nu met 30% korting, bestel vandaag nog bij ons.</p></div></main>
<div id="cookie-consent"><p>Wij gebruiken cookies om de site goed te laten werken en om advertenties te tonen.</p></div>
<footer><p>© 2026 ZeelandNet. Alle rechten voorbehouden.</p></footer>
<noscript><p>Zet JavaScript aan voor de beste ervaring op deze website.</p></noscript>
</body></html>
"""


@dataclass
class IndexPage:
    section: str
    items: list[Teaser]
    date_line: str | None = "maandag 3 november 2025"

    def text(self) -> str:
        out = BOILERPLATE
        if self.date_line:
            out += f"{self.date_line}\n\nEditie: NL & Wereld | Zeeland\n\n"
        out += f"{self.section}\n\n"
        for item in self.items:
            out += f"ANP {item.title}\n\n{item.lead}\n\n{item.age}\n\n"
        return out

    def html(self, site: str = "https://www.zeelandnet.nl") -> str:
        items = "".join(
            f'<li class="news-item"><a href="{site}/nieuws/{slugify(i.title or "")}"><span class="source">ANP</span> <h3>{escape(i.title or "")}</h3></a>'
            f'<p>{escape(i.lead)}</p><span class="date">{escape(i.age)}</span></li>'
            for i in self.items
        )
        date = f'<p class="date">{escape(self.date_line)}</p>' if self.date_line else ""
        return page_html(self.section, "", f"{date}<h1>{escape(self.section)}</h1><ul class=\"news-list\">{items}</ul>")


def cut_after(text: str, marker: str, keep: int) -> str:
    """The page as saved when it ended `keep` characters into the last `marker`."""
    return text[: text.rindex(marker) + keep]


@dataclass
class TickerLine:
    section: str
    clock: str  # "HH:MM", as the ticker prints it
    title: str
    datetime: str | None = None  # HTML: the <time datetime="..."> value, if the page gives one


@dataclass
class LocalItem:
    lead: str  # `PLACE - lead text`, as the page shows it
    age: str


@dataclass
class RegionalPage:
    """A regional page (`/nieuws/regio/<gemeente>`): the `Net binnen` ticker, then local items."""

    ticker: list[TickerLine] = field(default_factory=list)
    items: list[LocalItem] = field(default_factory=list)
    heading: str | None = None  # above the local items: `Middelburg`, `Nieuws uit Middelburg`
    boilerplate: bool = True

    def text(self) -> str:
        """The text rendering: ticker lines under their heading; each local item's age glued to the next item's place."""
        out = BOILERPLATE if self.boilerplate else ""
        if self.ticker:
            out += "Net binnen\n\n" + "".join(f"- {t.section} {t.clock} {t.title}\n" for t in self.ticker) + "\n"
        if self.heading:
            out += f"{self.heading}\n\n"
        for item in self.items:
            out += f"{item.lead}\n{item.age}"
        return out + "\n" if self.items else out

    def item_path(self, item: LocalItem) -> str:
        dateline = parse_dateline(item.lead)
        region = slugify(self.heading.split()[-1]) if self.heading else "zeeland"
        return f"/nieuws/regio/{region}/{slugify(title_from_lead(dateline.text if dateline else item.lead))}"

    def html(self, canonical: str | None = None, site: str = "https://www.zeelandnet.nl") -> str:
        """Lists with links: the ticker's section, <time> and title in one link; each item's lead in its link, its age a <time>."""
        ticker = "".join(
            f'<li><a href="{site}/nieuws/{slugify(t.title)}"><span class="ticker-section">{escape(t.section)}</span> '
            + (f'<time datetime="{t.datetime}">' if t.datetime else "<time>")
            + f'{escape(t.clock)}</time> <span class="ticker-title">{escape(t.title)}</span></a></li>'
            for t in self.ticker
        )
        items = "".join(
            f'<li class="news-item"><a href="{site}{self.item_path(i)}"><p class="lead">{escape(i.lead)}</p></a>'
            f'<time datetime="">{escape(i.age)}</time></li>'
            for i in self.items
        )
        main = f'<section class="net-binnen"><h2>Net binnen</h2><ul class="ticker">{ticker}</ul></section>' if self.ticker else ""
        heading = f"<h1>{escape(self.heading)}</h1>" if self.heading else ""
        main += f'<section class="regio">{heading}<ul class="news-list">{items}</ul></section>'
        head = f'<link rel="canonical" href="{canonical}">' if canonical else ""
        return page_html(self.heading or "Regio", head, main)
