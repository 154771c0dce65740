"""A page in, its articles out: the parser's front door, for text renderings and HTML alike."""

from __future__ import annotations

import re
from datetime import datetime

from feeds.pages.stories import NotANewsPage, Page, read_articles
from feeds.pages.blocks import text_blocks
from feeds.pages.bounds import PageTooComplex
from feeds.pages.html import html_blocks

__all__ = ["NotANewsPage", "Page", "PageTooComplex", "looks_like_html", "parse_page"]

_HTML_START = re.compile(r"^\s*(?:<!doctype html|<html|<head|<body|<!--|<meta|<div|<article|<main)", re.IGNORECASE)


def looks_like_html(content: str) -> bool:
    return _HTML_START.match(content[:1024]) is not None or "<html" in content[:4096].lower()


def parse_page(content: str, captured: datetime, *, html: bool | None = None, url: str | None = None) -> Page:
    """Parse one news page. `html=None` decides by the content itself.

    NotANewsPage when it holds no article; PageTooComplex when it is beyond the bounds of a page.
    """
    if html is None:
        html = looks_like_html(content)
    blocks = html_blocks(content, url) if html else text_blocks(content)
    return read_articles(blocks, captured, url)
