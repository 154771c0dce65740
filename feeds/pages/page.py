"""A document in, its articles out: the parser's front door, for text renderings, HTML pages and feeds alike."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from feeds.clean import marks_unforged
from feeds.pages.blocks import text_blocks
from feeds.pages.bounds import PageTooComplex
from feeds.pages.encoding import decode_page
from feeds.pages.html import html_blocks
from feeds.pages.sniff import Kind, sniff
from feeds.pages.stories import NotANewsPage, Page, read_articles
from feeds.pages.syndication import entry_articles, read_feed

__all__ = ["READERS", "NotANewsPage", "Page", "PageTooComplex", "parse_page", "read_document"]


def parse_page(content: str, captured: datetime, *, html: bool | None = None, url: str | None = None) -> Page:
    """Parse one news page, already text. `html=None` lets the content decide.

    NotANewsPage when it holds no article; PageTooComplex when it is beyond the bounds of a page.
    """
    content = marks_unforged(content)  # the cleaner reads them as a feed's ESC and BEL
    if html is None:
        html = sniff(content) == "html"
    blocks = html_blocks(content, url) if html else text_blocks(content)
    return read_articles(blocks, captured, url)


def _read_html(raw: bytes, captured: datetime, url: str | None, charset: str | None) -> Page:
    return parse_page(decode_page(raw, charset), captured, html=True, url=url)


def _read_text(raw: bytes, captured: datetime, url: str | None, charset: str | None) -> Page:
    return parse_page(decode_page(raw, charset), captured, html=False, url=url)


def _read_feed(raw: bytes, captured: datetime, url: str | None, charset: str | None) -> Page:
    feed = read_feed(raw, url)  # XML says its own encoding
    articles, left_out = entry_articles(feed.entries, feed.title, None, url, None, home=feed.link)
    return Page("feed", None, captured, articles, left_out=left_out, title=feed.title, broken_off=feed.broken_off)


READERS: dict[Kind, Callable[[bytes, datetime, str | None, str | None], Page]] = {
    "feed": _read_feed,
    "html": _read_html,
    "text": _read_text,
}


def read_document(raw: bytes, captured: datetime, *, content_type: str = "", name: str = "", url: str | None = None, charset: str | None = None) -> Page:
    """Any document, read by the reader of the kind `sniff` finds. `name` is its file name or URL.

    Raises an UnreadableDocument (NotText, NotAFeed, NotANewsPage, PageTooComplex) with a one-line reason.
    """
    kind = sniff(raw, content_type, name or url or "")
    return READERS[kind](raw, captured, url, charset)
