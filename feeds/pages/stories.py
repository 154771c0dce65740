"""Blocks → articles: reading the stories out of a news page.

Three page shapes exist. An article page has a title, the story's paragraphs and
then `Meer uit <Section>` with teasers of that section. A section index page has
a date line, the section's name and a list of teasers. A regional page
(`/nieuws/regio/<gemeente>`) opens with the `Net binnen` ticker (see ticker.py)
and lists local items: a lead that opens with its place and no agency
(`GOES - ...`) and an age (or a date), with no title; a few odd items among
them (a lead without its place) leave it a regional page, known by most of its
items (_regional_items). A teaser is a title, a lead that opens with a
dateline, and an age line (`25 minuten geleden`); the age line ends it, which
is what makes cut-off and compact renderings readable. In a text rendering the
next teaser's lead ends it too: one whose age line is missing or unreadable is
kept, undated, and loses the next one no line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from typing import Literal
from urllib.parse import urlsplit

from feeds.clean import clean_name
from feeds.errors import UnreadableDocument
from feeds.language import gettext as _
from feeds.language import grouped, ngettext
from feeds.model import LINE_BREAK, QUOTE_MARK, Article, Block
from feeds.pages.ages import (
    capture_time,
    is_age,
    is_written_date,
    parse_page_date,
    resolve_age,
    split_glued_age,
)
from feeds.pages.blocks import PageBlock, PageBlocks
from feeds.pages.cuts import shortened
from feeds.pages.datelines import Dateline, parse_dateline
from feeds.pages.gazetteer import gazetteer, spelled
from feeds.pages.ticker import TickerLine, find_ticker, published_at
from feeds.urls import article_id, url_for_title


class NotANewsPage(UnreadableDocument):
    """The page holds no news article this program can read; `feeds` are those it advertises instead."""

    def __init__(self, message: str, feeds: list[str] | None = None) -> None:
        super().__init__(message)
        self.feeds = feeds or []


@dataclass(slots=True)
class Page:
    kind: Literal["article", "index", "regional", "feed"]
    section: str | None
    captured: datetime
    articles: list[Article]
    feeds: list[str] = field(default_factory=list)
    left_out: tuple[str, ...] = ()  # why each feed entry that is no article is none (syndication.FeedArticles)
    broken_off: bool = False  # a feed's end is missing (syndication.Feed.broken_off)
    title: str | None = None  # a feed's own title
    odd_items: int = 0  # a regional page's items that are no story: not stored, and said (odd_items_reason)

    @property
    def label(self) -> str | None:
        """What names the page as a source, a clean line: a feed by its title; an article page by its story, as a
        browser's tab names it; a section or regional page by its section or region."""
        if self.kind == "article":
            return clean_name(next((a.title for a in self.articles if a.kind == "full"), None) or self.section)
        return clean_name(self.title if self.kind == "feed" else self.section)


# Site chrome that text renderings keep: the webmail chooser and friends.
_BOILERPLATE = re.compile(
    r"^(?:webmail|kies je webmail|omdat zeelandnet ook delta webmail aanbiedt.*|zeelandnet webmail|delta webmail"
    r"|onthoud mijn keuze|advertentie|deel dit artikel|laad meer|meer laden|lees meer|"
    r"(?:wij gebruiken|deze website gebruikt|zeelandnet gebruikt) cookies.*|(?:alle )?cookies accepteren|"
    r"accepteer(?: alle)? cookies|cookie-?instellingen)$",
    re.IGNORECASE,
)
_EDITION = re.compile(r"^editie\s*:", re.IGNORECASE)
_MORE_FROM = re.compile(r"^meer uit (?P<section>[A-Z\u00c0-\u00de][^.!?:;]{0,39})$", re.IGNORECASE)
_SECTION_LINE = re.compile(r"^[A-Z\u00c0-\u00de][\w&'’ -]{1,30}$")
_BADGE = re.compile(r"^(?:ANP|AFP|RTR|DPA|Reuters)\s+(?=\S)")
_BADGE_LINE = re.compile(r"^(?:ANP|AFP|RTR|DPA|Reuters)$")
_TERMINAL = ".!?…:;\"'”’»)"
_SITE_SUFFIX = re.compile(r"\s*[|\-–—]\s*ZeelandNet.*$", re.IGNORECASE)
_REGION_PATH = re.compile(r"/regio/(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)/?$")
# The portal's regional edition ("Editie: NL & Wereld | Zeeland"): the section of
# local news when the page names no municipality.
_REGIONAL_EDITION = "Zeeland"


def _ends_sentence(text: str) -> bool:
    return text.endswith(tuple(_TERMINAL))


def _is_prose(text: str) -> bool:
    """A paragraph of running text, not a label, a heading or a fragment."""
    return len(text.split()) >= 6 and _ends_sentence(text)


def _looks_like_subheading(block: PageBlock) -> bool:
    if block.is_heading:
        return True
    if block.text.startswith(QUOTE_MARK):
        return False  # a quotation's short line (`> Kort citaat`) is quoted words, as in a feed entry
    words = block.text.split()
    if len(block.text) > 150 or len(words) > 20:
        return False  # prose that lacks its full stop
    if block.text.endswith("?"):
        return len(words) <= 6
    return not _ends_sentence(block.text)


def _is_section_line(text: str) -> bool:
    return (
        _SECTION_LINE.match(text) is not None
        and len(text.split()) <= 3
        and not _BADGE.match(text)
        and parse_dateline(text) is None
        and not is_age(text)
    )


def _unglue(blocks: list[PageBlock]) -> list[PageBlock]:
    """Split `1 uur geledenAMSTERDAM (ANP) - ...` into the age and the lead it hides."""
    result: list[PageBlock] = []
    for block in blocks:
        glued = split_glued_age(block.text)
        if glued:
            age, rest = glued
            result.append(PageBlock(age, tag=block.tag, href=block.href, time=block.time))
            result.append(PageBlock(rest, tag=block.tag, href=block.href))
        else:
            result.append(block)
    return result


# The marks of the quotations a lead's lines stand in: a title made of a quotation is its words, not `> Zij zei`.
_QUOTE_MARKS = re.compile(f"^(?:{re.escape(QUOTE_MARK)})+", re.MULTILINE)


def title_from_lead(lead: str) -> str:
    """A title for a teaser that shows none: the lead's first sentence, shortened on a word; one line, of a listing's
    or of lines its author broke (LINE_BREAK) too."""
    lead = lead.replace(LINE_BREAK, "\n")
    if lead.startswith(QUOTE_MARK):
        lead = _QUOTE_MARKS.sub("", lead)
    # A listing (clean_lines): a title of its lines, its indentation, spanned three lines in `list` and feeds. A title
    # holds no marks: the no-break space of a `>` or a bar written in the lead (as_written) is a space, as an exported
    # title's is read back.
    if "\n" in lead or "\u00a0" in lead:
        lead = " ".join(lead.split())
    sentence = re.split(r"(?<=[.!?])\s", lead, maxsplit=1)[0].rstrip(".")
    if len(sentence) <= 100:
        return sentence
    cut = sentence[:80].rsplit(" ", 1)[0].rstrip(",;:-–")
    return cut + "…"


@dataclass(slots=True)
class _Group:
    """The blocks of one teaser, ended by its age line (or not: the page was cut, or the line is missing)."""

    blocks: list[PageBlock]
    age: PageBlock | None = None


def _group_items(blocks: list[PageBlock], html: bool) -> tuple[list[_Group], list[PageBlock]]:
    """Complete teasers, and the blocks left over after the last one."""
    groups: list[_Group] = []
    current: list[PageBlock] = []
    # What the current item holds, kept up to date as it grows: a page may have thousands of blocks.
    links: set[str] = set()
    has_lead = False
    dateline_at: int | None = None  # text: where the current item's lead is
    for block in blocks:
        if block.continued and current:
            # A teaser's text too long for a block is its first piece, as a title is cut (shortened): all of a lead of
            # megabytes made an item of many blocks, no item (left out), or paragraphs of a story (the page one).
            continue
        if is_age(block.text):
            if current:
                groups.append(_Group(current, block))
            current, links, has_lead, dateline_at = [], set(), False, None
            continue
        dated = not html and parse_dateline(block.text) is not None
        if html and current and _starts_new_item(block, links, has_lead):
            groups.append(_Group(current))
            current, links, has_lead = [], set(), False
        elif dated and dateline_at is not None:
            # A second lead: the teaser before it lost its age line, and ends where this one's title begins.
            start = _title_at(current, dateline_at)
            groups.append(_Group(current[:start]))
            current, dateline_at = current[start:], None
        current.append(block)
        if block.href:
            links.add(block.href)
        has_lead = has_lead or (html and _is_lead(block))
        if dated and dateline_at is None:
            dateline_at = len(current) - 1
    if html and current and groups and all(g.age is None for g in groups):
        # An HTML list without ages: its items end where their markup ends.
        groups.append(_Group(current))
        current = []
    return groups, current


def _title_at(blocks: list[PageBlock], lead_at: int) -> int:
    """Where the next teaser begins in `blocks`, a teaser with its lead at `lead_at` followed by the next one's start:
    at the line under the lead that is no lead itself (its title), else after them all (a regional item, a lead alone)."""
    last = len(blocks) - 1
    return last if last > lead_at and not _is_lead(blocks[last]) else len(blocks)


def _lead_at(blocks: list[PageBlock]) -> int:
    """Where a story's lead is: its first block with a dateline among the first three that are no age, else the first
    of them; labels before it (a kicker, a section name) are not the story."""
    candidates = list(islice((i for i, b in enumerate(blocks) if not is_age(b.text)), 3))
    return next((i for i in candidates if parse_dateline(blocks[i].text)), candidates[0] if candidates else len(blocks))


def _starts_new_item(block: PageBlock, links: set[str], has_lead: bool) -> bool:
    """HTML: a title heading after a lead, or a link to another story, begins the next teaser."""
    if block.is_heading and has_lead:
        return True
    return bool(block.href and links and block.href not in links)


def _is_lead(block: PageBlock) -> bool:
    return parse_dateline(block.text) is not None or _is_prose(block.text)


def _is_item(group: _Group) -> bool:
    texts = [b for b in group.blocks if not _BADGE_LINE.match(b.text)]
    if len(texts) == 1:
        return _is_lead(texts[0])
    return 2 <= len(texts) <= 4 and any(_is_lead(b) for b in texts[1:])


def _is_local_item(group: _Group) -> bool:
    """A regional item: only a lead that opens with its place and no agency (`GOES - ...`)."""
    dateline = parse_dateline(group.blocks[0].text) if len(group.blocks) == 1 else None
    return dateline is not None and not dateline.agencies


def _is_list_heading(block: PageBlock) -> bool:
    """The heading above a list of local items: `Middelburg`, `Nieuws uit Noord-Beveland`."""
    if parse_dateline(block.text) or is_age(block.text) or _ends_sentence(block.text):
        return False
    return block.is_heading or _is_section_line(block.text) or (
        len(block.text.split()) <= 6 and gazetteer().place_named_by(block.text) is not None
    )


def odd_items_reason(count: int) -> str:
    """What a reader is told of a regional page's items that are no story (Page.odd_items)."""
    text = ngettext(
        "{count} item of the regional page left out: no lead, title or age of a news item to read in it",
        "{count} items of the regional page left out: no lead, title or age of a news item to read in them",
        count,
    )
    return text.format(count=grouped(count))


@dataclass(slots=True)
class _RegionalItems:
    """The items a regional page's list is read as: those kept, how many were left out as no story, and what stands
    above them (_list_start)."""

    groups: list[_Group]
    left_out: int
    above: list[PageBlock]


def _list_start(content: list[PageBlock], html: bool) -> int:
    """Where the items of a regional page's list start: after its heading (`Nieuws uit Middelburg`), and after a stray
    line above that heading (chrome under the ticker: `Meer nieuws`), known by a first item a block longer than the
    next: the heading was the first item's title, and the region the stray line's or the edition's."""
    start = 1 if content and _is_list_heading(content[0]) else 0
    if len(content) > 2 and _is_list_heading(content[1]) and not (_is_lead(content[0]) or is_age(content[0].text)):
        groups, _rest = _group_items(content[1:], html)
        if len(groups) > 1 and len(groups[0].blocks) > len(groups[1].blocks):
            return 2
    return start


def _holds_a_body(group: _Group) -> bool:
    """Paragraphs of running text after a lead: a story's body, which no item of a list has (a story's own page with
    a list of related items under it)."""
    lead_at = next((i for i, b in enumerate(group.blocks) if _is_lead(b)), len(group.blocks))
    return sum(1 for b in group.blocks[lead_at + 1:] if _is_prose(b.text)) >= 2


def _is_story(group: _Group) -> bool:
    """An odd item that is a story all the same: no more blocks than an item has, and an age or a link to know it by."""
    texts = [b for b in group.blocks if not _BADGE_LINE.match(b.text)]
    return len(texts) <= 4 and (group.age is not None or any(b.href for b in texts))


def _regional_items(content: list[PageBlock], html: bool, says_so: bool) -> _RegionalItems | None:
    """The items of a regional page, or None when `content` is none: items and nothing else but a cut item or a line
    of chrome, most of them local items, or most of them any items (or none at all) on a page that `says_so` (its
    ticker opens it, or its URL is a region's). Most, more than half: one odd item (an age written as a date, a lead
    without its place) made the whole page one bogus story; a list that is half something else is not a regional
    page's, whatever it says. Odd items that are stories are kept as teasers, the others left out and counted."""
    start = _list_start(content, html)
    groups, rest = _group_items(content[start:], html)
    if len(rest) > 3 or any(_is_prose(b.text) and not parse_dateline(b.text) for b in rest):
        return None
    if any(_holds_a_body(g) for g in groups):
        return None
    is_item = _is_item if says_so else _is_local_item
    items = sum(1 for g in groups if is_item(g))
    if not (2 * items > len(groups) or (says_so and not groups)):
        return None
    kept = [g for g in groups if is_item(g) or _is_story(g)]
    return _RegionalItems(kept, len(groups) - len(kept), content[:start])


class _Reader:
    def __init__(self, page: PageBlocks, captured: datetime, url: str | None) -> None:
        self.page = page
        self.captured = captured
        self.url = url

    # -- shared pieces -----------------------------------------------------------

    def _published(self, age: PageBlock | None) -> datetime | None:
        if age is None:
            return None
        return age.time or resolve_age(age.text, self.captured)

    def _article(
        self, *, title: str, lead_block: PageBlock | None, body: tuple[Block, ...], url: str | None,
        section: str | None, published: datetime | None, age: str | None, kind: str, derived_title: bool = False,
    ) -> Article:  # fmt: skip
        dateline: Dateline | None = parse_dateline(lead_block.text) if lead_block else None
        lead = dateline.text if dateline else (lead_block.text if lead_block else "")
        url = url or url_for_title(title)
        return Article(
            id=article_id(url),
            url=url,
            title=shortened(title),  # a line, not a book, as a feed item's (entry_article)
            section=shortened(section) if section else section,
            place=dateline.place if dateline else None,
            agencies=dateline.agencies if dateline else (),
            lead=lead,
            body=body,
            published=published,
            age=age,
            kind=kind,  # type: ignore[arg-type]
            rubric=dateline.rubric if dateline else None,
            title_from_lead=derived_title,
        )

    def _teaser(self, group: _Group, section: str | None, badge: bool) -> Article | None:
        blocks = [b for b in group.blocks if not _BADGE_LINE.match(b.text)]
        lead_at = next((i for i, b in enumerate(blocks) if parse_dateline(b.text)), None)
        if lead_at is None:
            if len(blocks) == 1:
                lead_at = 0 if _is_prose(blocks[0].text) else None
            else:
                lead_at = 1
        title_block = blocks[lead_at - 1] if lead_at else (blocks[0] if lead_at is None else None)
        lead_block = blocks[lead_at] if lead_at is not None else None
        if title_block is None and lead_block is None:
            return None
        if title_block is not None:
            title = _BADGE.sub("", title_block.text) if badge else title_block.text
            derived = False
        else:
            assert lead_block is not None
            dateline = parse_dateline(lead_block.text)
            title = title_from_lead(dateline.text if dateline else lead_block.text)
            derived = True
        href = next((b.href for b in blocks if b.href), None)
        published = self._published(group.age)
        return self._article(
            title=title,
            lead_block=lead_block,
            body=(),
            url=href,
            section=section,
            published=published,
            age=group.age.text if group.age and published else None,  # an age it cannot read is none
            kind="teaser",
            derived_title=derived,
        )

    def _teasers(self, blocks: list[PageBlock], section: str | None, badge: bool) -> list[Article]:
        groups, _cut = _group_items(blocks, self.page.is_html)
        teasers = (self._teaser(group, section, badge) for group in groups)
        return [t for t in teasers if t is not None]

    # -- the two page shapes ----------------------------------------------------------

    def _main_story(self, blocks: list[PageBlock], section: str | None, page_ends_here: bool) -> Article | None:
        blocks = list(blocks)
        heading = next((i for i, b in enumerate(blocks) if b.tag == "h1"), None)
        if heading is not None:
            title = blocks[heading].text
            blocks = blocks[heading + 1:]
        elif self.page.title:
            title = _SITE_SUFFIX.sub("", self.page.title)
        elif blocks:
            title = blocks.pop(0).text
        else:
            return None
        while blocks and blocks[0].text == title:
            blocks.pop(0)
        # An age dates the story where the page puts one, on a line of its own above the lead; further down a line
        # that reads like one (`Gisteren`, `1 uur geleden`) is the story's, a subheading.
        above = _lead_at(blocks)
        ages = [b for b in blocks[:above] if is_age(b.text)]
        blocks = [b for b in blocks[:above] if not is_age(b.text)] + blocks[above:]
        if not blocks:
            return None
        lead_at = above - len(ages)
        lead_block, rest = blocks[lead_at], blocks[lead_at + 1:]
        if not _is_lead(lead_block):
            return None
        if page_ends_here and not rest and not _ends_sentence(lead_block.text):
            return None  # cut off inside the lead
        cut = page_ends_here and bool(rest) and not _ends_sentence(rest[-1].text)
        if cut:
            # The page ends inside its last block, whatever that block was; every
            # line before it is whole, a sub-heading right above it included.
            rest = rest[:-1]
        body = [Block("subheading" if _looks_like_subheading(b) else "paragraph", b.text) for b in rest]
        while not cut and body and body[-1].kind == "subheading":
            body.pop()  # a heading with nothing under it on a page that ends whole: no heading of the story
        age = ages[0] if ages else None
        return self._article(
            title=title,
            lead_block=lead_block,
            body=tuple(body),
            url=self.page.url or self.url,
            section=section,
            published=self.page.published or self._published(age),
            age=age.text if age else None,
            kind="full",
        )

    def article_page(self, content: list[PageBlock], marker: int | None) -> Page:
        if marker is None:
            section = self.page.section
            main, more = content, []
        else:
            match = _MORE_FROM.match(content[marker].text)
            assert match
            section = match["section"].strip()
            main, more = content[:marker], content[marker + 1:]
        story = self._main_story(main, section, page_ends_here=marker is None)
        teasers = self._teasers(more, section, badge=False)
        articles = ([story] if story else []) + teasers
        return Page("article", section, self.captured, articles, self.page.feeds)

    def index_page(self, content: list[PageBlock]) -> Page:
        section = self.page.section
        if content and _is_section_line(content[0].text):
            section = content[0].text
            content = content[1:]
        articles = self._teasers(content, section, badge=True)
        return Page("index", section, self.captured, articles, self.page.feeds)

    def region_in_url(self) -> str | None:
        """The region a regional page's URL names (`regio/noord-beveland` → Noord-Beveland)."""
        for url in (self.page.url, self.url):
            match = _REGION_PATH.search(urlsplit(url).path.lower()) if url else None
            if match:
                return gazetteer().region(match["slug"])
        return None

    def regional_page(self, ticker: list[TickerLine], above: list[PageBlock], items: _RegionalItems) -> Page:
        """`above`: what stands above a ticker that opens the page (a title, chrome); a heading there may name the region.
        `items`: the list below it (_regional_items)."""
        headings = [b for b in [*above, *items.above] if _is_list_heading(b)]
        named = next((name for b in reversed(headings) if (name := gazetteer().place_named_by(b.text))), None)
        region = self.region_in_url() or (spelled(named) if named else _REGIONAL_EDITION)
        teasers = (self._teaser(group, region, badge=True) for group in items.groups)
        articles = self.ticker_teasers(ticker) + [t for t in teasers if t is not None]
        return Page("regional", region, self.captured, articles, self.page.feeds, odd_items=items.left_out)

    def ticker_teasers(self, lines: list[TickerLine]) -> list[Article]:
        """A ticker line is a teaser with its section and title as printed, no lead, published at its time."""
        return [
            self._article(
                title=line.title, lead_block=None, body=(), url=line.href, section=line.section,
                published=line.moment or published_at(line.clock, self.captured), age=None, kind="teaser",
            )  # fmt: skip
            for line in lines
        ]


def _looks_like_index(content: list[PageBlock], html: bool) -> bool:
    start = 1 if content and _is_section_line(content[0].text) else 0
    groups, rest = _group_items(content[start:], html)
    # Ages all written as dates head a timeline's parts (`10 maart`, `12 maart`) as well: a list of older items, which
    # the site dates so, opens each with a dateline, a story's parts do not.
    ages = [g.age.text for g in groups if g.age is not None]
    if ages and all(map(is_written_date, ages)) and not all(any(parse_dateline(b.text) for b in g.blocks) for g in groups):
        return False
    return bool(groups) and all(_is_item(g) and not _holds_a_body(g) for g in groups) and len(rest) <= 3


def read_articles(page: PageBlocks, captured: datetime, url: str | None = None) -> Page:
    """The articles of a page; `captured` is when it was saved (the page's own date line wins).

    Raises NotANewsPage when the page holds no article of a known shape.
    """
    content: list[PageBlock] = []
    page_date = None
    for block in _unglue(page.blocks):
        if _BOILERPLATE.match(block.text) or _EDITION.match(block.text):
            continue
        if page_date is None and len(content) <= 1 and (day := parse_page_date(block.text)):
            page_date = day
            continue
        content.append(block)
    reader = _Reader(page, capture_time(page_date, captured), url)
    ticker = find_ticker(content, page.is_html)
    lines = ticker.lines if ticker else []
    if ticker:
        content = ticker.before + ticker.after
    # A ticker with no story above it opens the page; on a regional page what stands above it is chrome.
    opens_page = ticker is not None and not any(_is_lead(b) for b in ticker.before)
    above, below = (ticker.before, ticker.after) if ticker and opens_page else ([], content)
    marker = next((i for i, b in enumerate(content) if _MORE_FROM.match(b.text)), None)
    says_regional = opens_page or reader.region_in_url() is not None
    regional = _regional_items(below, page.is_html, says_regional) if marker is None else None
    if regional is not None:
        result = reader.regional_page(lines, above, regional)
    else:
        is_index = marker is None and _looks_like_index(content, page.is_html)
        result = reader.index_page(content) if is_index else reader.article_page(content, marker)
        result.articles += reader.ticker_teasers(lines)  # a ticker beside another page's content
    if not result.articles:
        raise NotANewsPage(_("no news article found (not a ZeelandNet article, section or regional page)"), page.feeds)
    return result
