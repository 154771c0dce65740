"""The library as RSS 2.0 and Atom 1.0 feeds (feedgen), valid whatever the stored text holds."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from feeds.files import atomic_write
from feeds.language import gettext as _
from feeds.model import AMSTERDAM, Article, Entry
from feeds.urls import section_slug, web_url

if TYPE_CHECKING:
    from feedgen.feed import FeedGenerator

    from feeds.library import Library

Format = Literal["atom", "rss"]
FORMATS: tuple[Format, ...] = ("atom", "rss")
GENERATOR = "nieuws-tui"
HOME_PAGE = "https://www.zeelandnet.nl/nieuws"
# Characters XML 1.0 does not allow, even escaped; lxml refuses them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
TEASER = "teaser"


def xml_text(text: str | None) -> str:
    return _NOT_XML.sub("", text or "")


@dataclass(frozen=True, slots=True)
class FeedInfo:
    """What a feed says about itself."""

    title: str
    subtitle: str
    self_url: str
    alternate_url: str
    feed_id: str

    @classmethod
    def for_view(cls, library_name: Path, self_url: str, section: str | None = None, home: str | None = None) -> FeedInfo:
        """A feed of the whole library or of one section; its id stays the same across exports.

        `home`: the web page the section stands for (Library.section_home); without one,
        the feed's own address is the best page there is to point to.
        """
        scope = f"section:{section_slug(section)}" if section else "all"
        feed_id = uuid.uuid5(uuid.NAMESPACE_URL, f"nieuws-tui:{library_name.resolve()}:{scope}").urn
        if section:
            return cls(f"nieuws-tui — {section}", _("News of the section {section}, from the nieuws-tui library").format(section=section), self_url, home or self_url, feed_id)
        return cls(_("nieuws-tui — all news"), _("All articles of the nieuws-tui library"), self_url, HOME_PAGE, feed_id)

    @classmethod
    def for_library(cls, library: Library, self_url: str, section: str | None = None) -> FeedInfo:
        return cls.for_view(library.name, self_url, section, library.section_home(section) if section else None)


def feed_path(section: str | None) -> str:
    """Where `serve` answers the feed of a section (or of everything), without the format's suffix;
    exported feeds name the same address as their own."""
    return f"/sections/{section_slug(section)}" if section else "/feed"


def article_html(article: Article) -> str:
    """The article as HTML built from escaped text: no markup from any source passes through."""
    parts = [f"<p>{escape(xml_text(article.lead))}</p>"] if article.lead else []
    for block in article.body:
        tag = "h3" if block.kind == "subheading" else "p"
        parts.append(f"<{tag}>{escape(xml_text(block.text))}</{tag}>")
    links = [(url, link.text) for link in article.links if (url := web_url(link.url))]
    if links:
        items = "".join(f'<li><a href="{escape(xml_text(url))}">{escape(xml_text(text or url))}</a></li>' for url, text in links)
        parts.append(f"<ol>{items}</ol>")
    if article.is_zeelandnet_teaser:
        parts.append(f"<p><em>{escape(_('Teaser: the full text is not in the library yet.'))}</em></p>")
    return "\n".join(parts)


def entry_dates(entry: Entry, now: datetime) -> tuple[datetime, datetime]:
    """(published, updated): the publication time, else when the library first saw it; never in the future."""
    published = min(entry.article.published or entry.first_seen, now)
    updated = min(max(published, entry.first_seen), now)
    return published, updated


def _add_item(generator: FeedGenerator, entry: Entry, fmt: Format, now: datetime) -> datetime:
    """Add one article; its `updated` time. ValueError when the article cannot be written."""
    article = entry.article
    url = web_url(article.url)
    if url is None:
        raise ValueError(_("its link is not an http(s) URL: {url!r}").format(url=article.url[:100]))
    url = xml_text(url)
    try:
        published, updated = entry_dates(entry, now)
    except TypeError:  # a hand-edited library: a time without zone cannot be compared
        raise ValueError(_("a date without time zone")) from None
    item = generator.add_entry(order="append")
    try:
        item.id(url)
        item.guid(url, permalink=True)
        item.title(xml_text(article.title) or _("(untitled)"))
        item.link(href=url, rel="alternate")
        item.published(published)
        item.updated(updated)
        if article.section:
            item.category(term=xml_text(article.section), label=xml_text(article.section))
        if article.is_teaser:
            item.category(term=TEASER)
        # The writer as the feed named them, and the agencies of the dateline. RSS's own
        # <author> must be an e-mail address, so there both are a dc:creator.
        for creator in (xml_text(article.author), xml_text("/".join(article.agencies))):
            if creator and fmt == "rss":
                item.dc.dc_creator(creator)
            elif creator:
                item.author(name=creator)
        if article.lead and fmt == "rss":
            # RSS readers read <description> as HTML: escaped, the lead shows as the text it is.
            item.description(escape(xml_text(article.lead)))
        elif article.lead:
            item.summary(xml_text(article.lead))  # Atom: a text construct, shown as it is
        item.content(article_html(article), type="CDATA" if fmt == "rss" else "html")
    except ValueError:
        generator.remove_entry(item)
        raise
    return updated


def build_feed(
    entries: list[Entry], fmt: Format, info: FeedInfo, now: datetime | None = None, warn: Callable[[str], None] | None = None
) -> bytes:
    """A feed of these entries (newest first; bodies loaded for full content).

    Every string passes `xml_text` on its way in, links `web_url` too. An article
    that still cannot be written is left out and `warn` says which and why: one
    article never takes the feed down with it.
    """
    from feedgen.feed import (
        FeedGenerator,  # lxml and feedgen load only when a feed is made
    )

    now = (now or datetime.now(AMSTERDAM)).astimezone(AMSTERDAM)
    generator = FeedGenerator()
    if fmt == "rss":
        generator.load_extension("dc")  # only RSS needs it (dc:creator); each entry pays for every extension
    generator.id(xml_text(info.feed_id))
    generator.title(xml_text(info.title))
    generator.subtitle(xml_text(info.subtitle))
    generator.link(href=xml_text(info.self_url), rel="self")
    generator.link(href=xml_text(info.alternate_url), rel="alternate")
    generator.language("nl")
    generator.generator(GENERATOR, uri="https://www.zeelandnet.nl/")
    newest: datetime | None = None
    for entry in entries:
        try:
            updated = _add_item(generator, entry, fmt, now)
        except ValueError as error:
            if warn:
                warn(_("article {id} left out of the feed: {reason}").format(id=entry.id, reason=error))
            continue
        newest = max(newest, updated) if newest else updated
    generator.updated(newest or now)
    generator.lastBuildDate(newest or now)
    document: bytes = generator.atom_str(pretty=True) if fmt == "atom" else generator.rss_str(pretty=True)
    return document


def write_feed(entries: list[Entry], path: Path, fmt: Format, info: FeedInfo, warn: Callable[[str], None] | None = None) -> None:
    """Write a feed file atomically: an interrupted export leaves the old file, never half a feed."""
    atomic_write(path, build_feed(entries, fmt, info, warn=warn))
