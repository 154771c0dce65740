"""RSS and Atom entries → articles (feedparser reads every RSS version and Atom)."""

from __future__ import annotations

import calendar
from datetime import datetime, timezone

import feedparser

from .articles import title_from_lead
from .blocks import PageBlock
from .bounds import PageTooComplex, check_block, check_markup
from .clean import UnreadableFeed, clean_line, feed_for_parser
from .dateline import parse_dateline
from .html_page import html_blocks
from .model import AMSTERDAM, Article, Block
from .urls import article_id, normalize_url, web_url


class NotAFeed(ValueError):
    """The document is no RSS or Atom feed with entries."""


def _moment(parsed) -> datetime | None:
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), timezone.utc).astimezone(AMSTERDAM)
    except (OverflowError, ValueError):
        return None


def _blocks(html: str) -> list[PageBlock]:
    """Feed HTML reduced to its paragraphs and headings, through the same walk as pages."""
    return html_blocks(f"<html><body>{html}</body></html>").blocks


def _article(entry, section: str | None) -> Article | None:
    url = web_url(entry.get("link")) or web_url(entry.get("id"))
    if url is None:
        return None
    url = normalize_url(url)
    full = bool(entry.get("content"))
    html = entry["content"][0].get("value", "") if full else entry.get("summary", "")
    blocks = _blocks(html)
    lead_block = next((b for b in blocks if not b.is_heading), None)
    lead = lead_block.text if lead_block else ""
    dateline = parse_dateline(lead) if lead else None
    rest = blocks[blocks.index(lead_block) + 1:] if lead_block else []
    body = tuple(Block("subheading" if b.is_heading else "paragraph", b.text) for b in rest) if full else ()
    title = clean_line(entry.get("title", ""))
    derived = not title
    if derived:
        title = title_from_lead(dateline.text if dateline else lead) or url
    tags = entry.get("tags") or []
    category = clean_line(tags[0].get("term") or "") if tags else ""
    check_block(title + category)  # a title is a line, not a book: the bounds of a page hold for entries too
    return Article(
        id=article_id(url),
        url=url,
        title=title,
        section=section or category or None,
        place=dateline.place if dateline else None,
        agencies=dateline.agencies if dateline else (),
        lead=dateline.text if dateline else lead,
        body=body,
        published=_moment(entry.get("published_parsed") or entry.get("updated_parsed")),
        age=None,
        kind="full" if full and body else "teaser",
        rubric=dateline.rubric if dateline else None,
        title_from_lead=derived,
    )


def feed_articles(data: bytes, section: str | None = None, url: str | None = None) -> list[Article]:
    """The articles of a feed. `section` files them all; else each entry's category, else the feed's title."""
    try:
        check_markup(data.decode("latin-1"))  # the markup's shape, whatever the text's encoding: tags, depth, attributes
        parsed = feedparser.parse(feed_for_parser(data), response_headers={"content-location": url} if url else None)
    except (PageTooComplex, UnreadableFeed) as error:
        raise NotAFeed(str(error)) from None
    except Exception as error:  # feedparser has more ways to fail on hostile bytes than it documents
        raise NotAFeed(f"not a feed that can be read ({type(error).__name__})") from None
    if not parsed.entries:
        problem = f" ({parsed.bozo_exception})" if parsed.get("bozo") else ""
        kind = "a feed without entries" if parsed.get("version") else "not an RSS or Atom feed"
        raise NotAFeed(kind + problem)
    feed_title = clean_line(parsed.feed.get("title", "")) or None
    try:
        check_block(feed_title or "")  # it names a section: a line, not a book
    except PageTooComplex as error:
        raise NotAFeed(f"its title: {error}") from None
    articles = []
    for entry in parsed.entries:
        try:
            article = _article(entry, section)
        except ValueError:  # one entry beyond what can be read (PageTooComplex and the like) costs only itself
            continue
        if article is not None:
            articles.append(article if article.section else article.with_changes(section=feed_title))
    return articles
