"""HTML pages → blocks, with selectolax (lexbor).

The walk keeps what a reader sees as the page's text, one block per block-level
element, and leaves out everything that is never content: scripts, styles,
navigation, forms, ads, cookie and webmail dialogs.
"""

from __future__ import annotations

import json
import re
from collections import deque
from datetime import datetime

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .blocks import HEADINGS, PageBlock, PageBlocks
from .bounds import MAX_JSON_LD_CHARS, check_block, check_blocks, check_markup
from .clean import clean_line
from .model import AMSTERDAM
from .urls import web_url

_NEVER_CONTENT = frozenset(
    {
        "head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object",
        "embed", "canvas", "video", "audio", "nav", "form", "button", "select", "textarea",
        "input", "dialog", "menu", "img", "picture", "map",
    }
)  # fmt: skip
_PAGE_CHROME = frozenset({"header", "footer"})  # skipped unless inside the article itself
_CONTAINERS = frozenset({"article", "main"})
# Frameworks put state classes such as `modal-open` on these; they are never chrome themselves.
_NEVER_CHROME = frozenset({"html", "body", "main", "article"})
_BLOCK = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "dd", "details", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "header", "hr", "li", "main", "ol", "p",
        "pre", "section", "summary", "table", "tbody", "td", "th", "thead", "tr", "ul", "time",
        "br", "html", *HEADINGS,
    }
)  # fmt: skip
# Class/id words that mark chrome: the webmail chooser, cookie walls, ads, sharing.
_CHROME_WORDS = re.compile(
    r"(?:^|[-_ ])(?:cookie|cookies|consent|gdpr|webmail|advert|advertentie|advertisement|ads?|adsense|"
    r"banner|modal|popup|overlay|share|sharing|social|newsletter|nieuwsbrief|navbar|menu|navigation|"
    r"breadcrumbs?|sidebar-ad|sponsored|promo)(?:$|[-_ ])",
    re.IGNORECASE,
)
# Inline elements whose own text is a date or age, shown as a line of its own.
_DATE_CLASS = re.compile(r"date|time|age|ago|datum|tijd|timestamp|meta", re.IGNORECASE)
_STRONG = frozenset({"strong", "b"})
ZEELANDNET = "https://www.zeelandnet.nl/"  # what relative links are read against when a page has no address


def _is_chrome(node: LexborNode) -> bool:
    attrs = node.attributes
    if "hidden" in attrs or attrs.get("aria-hidden") == "true" or attrs.get("role") in ("dialog", "navigation", "banner"):
        return True
    words = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
    return bool(words.strip()) and _CHROME_WORDS.search(words) is not None


def parse_datetime(value: str | None) -> datetime | None:
    """An ISO 8601 date from a page, in Amsterdam time; a date without zone is taken as Amsterdam's."""
    if not value:
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=AMSTERDAM)
    return moment.astimezone(AMSTERDAM)


class _Walk:
    """Collects blocks in document order with an explicit stack (pages can nest deeply)."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.blocks: list[PageBlock] = []
        self.parts: list[str] = []
        self.strong_parts: list[str] = []

    def flush(self, tag: str | None, href: str | None, moment: datetime | None) -> None:
        raw = "".join(self.parts)
        check_block(raw)
        text = clean_line(raw)
        if text:
            check_blocks(self.blocks)
            strong = clean_line("".join(self.strong_parts)) == text
            self.blocks.append(PageBlock(text, tag=tag, href=href, time=moment, strong=strong))
        self.parts.clear()
        self.strong_parts.clear()

    def run(self, root: LexborNode) -> list[PageBlock]:
        # Stack items: (node, context) to enter, or (None, context) to leave a block.
        # context = (block tag, href, time, inside article, inside strong)
        stack: list[tuple[LexborNode | None, tuple]] = [(root, ("body", None, None, False, False))]
        while stack:
            node, context = stack.pop()
            tag, href, moment, in_article, in_strong = context
            if node is None:
                self.flush(tag, href, moment)
                continue
            if node.is_text_node:
                text = node.text_content or ""
                self.parts.append(text)
                if in_strong:
                    self.strong_parts.append(text)
                continue
            name = node.tag
            if not node.is_element_node or name in _NEVER_CONTENT:
                continue
            if (name in _PAGE_CHROME and not in_article) or (name not in _NEVER_CHROME and _is_chrome(node)):
                continue
            child_href = href
            if name == "a" and node.attributes.get("href"):
                child_href = web_url(node.attributes["href"], self.base_url)
            child_tag, child_moment = tag, moment
            is_block = name in _BLOCK or (
                name in ("span", "small", "em", "div", "p") and _DATE_CLASS.search(node.attributes.get("class") or "")
            )
            if name == "time":
                child_moment = parse_datetime(node.attributes.get("datetime")) or moment
            if is_block:
                self.flush(tag, href, moment)
                child_tag = name
            child_context = (child_tag, child_href, child_moment, in_article or name in _CONTAINERS, in_strong or name in _STRONG)
            if is_block:
                stack.append((None, child_context))
            children = list(node.iter(include_text=True))
            stack.extend((child, child_context) for child in reversed(children))
        self.flush(None, None, None)
        return self.blocks


def _meta(tree: LexborHTMLParser, *selectors: str) -> str | None:
    for selector in selectors:
        node = tree.css_first(selector)
        if node is not None:
            value = node.attributes.get("content") or node.attributes.get("href")
            if value and value.strip():
                return value.strip()
    return None


def _json_ld(tree: LexborHTMLParser) -> dict:
    """The first Article-like object of the page's JSON-LD, if any."""
    for script in tree.css('script[type="application/ld+json"]'):
        text = script.text(deep=True) or ""
        if len(text) > MAX_JSON_LD_CHARS:
            continue
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            continue
        pending = deque([data])
        while pending:
            item = pending.popleft()
            if isinstance(item, list):
                pending.extend(item)
            elif isinstance(item, dict):
                kinds = item.get("@type")
                kinds = kinds if isinstance(kinds, list) else [kinds]
                if any(isinstance(k, str) and k.endswith("Article") for k in kinds):
                    return item
                pending.extend(v for k, v in item.items() if k == "@graph")
    return {}


def _text(value: object) -> str | None:
    """A line the page says about itself (title, section), within the bound of a block."""
    if not isinstance(value, str):
        return None
    check_block(value)
    return clean_line(value) or None


def html_blocks(html: str, url: str | None = None) -> PageBlocks:
    """The blocks of an HTML page. PageTooComplex, before parsing, for a page beyond the bounds of one."""
    check_markup(html)
    tree = LexborHTMLParser(html)
    ld = _json_ld(tree)
    page_url = web_url(url)
    canonical = web_url(_meta(tree, 'link[rel="canonical"]', 'meta[property="og:url"]') or _text(ld.get("url")), page_url or ZEELANDNET)
    base_url = canonical or page_url or ZEELANDNET
    title = _text(_meta(tree, 'meta[property="og:title"]', 'meta[name="twitter:title"]')) or _text(ld.get("headline"))
    published = parse_datetime(
        _meta(tree, 'meta[property="article:published_time"]', 'meta[itemprop="datePublished"]', 'meta[name="date"]')
    ) or parse_datetime(ld.get("datePublished") if isinstance(ld.get("datePublished"), str) else None)
    section = _text(_meta(tree, 'meta[property="article:section"]')) or _text(ld.get("articleSection"))
    feeds = [
        feed
        for node in tree.css('link[rel="alternate"]')
        if (node.attributes.get("type") or "").lower() in ("application/rss+xml", "application/atom+xml")
        and (feed := web_url(node.attributes.get("href"), base_url))
    ]
    body = tree.body
    blocks = _Walk(base_url).run(body) if body is not None else []
    return PageBlocks(
        blocks=blocks,
        url=canonical or page_url,
        title=title,
        published=published,
        section=section,
        is_html=True,
        feeds=feeds,
    )
