"""What a document is, decided in one place for files and web responses alike.

The content decides when it can: a document that opens like HTML is HTML even
when its server calls it a feed (an error page, most often), and an RSS or Atom
root is a feed whatever it is called. Only content that says nothing clear is
taken for what its content type or name says; plain text is a text rendering.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Literal
from urllib.parse import urlsplit

from feeds.pages.encoding import ascii_compatible, head_text, xml_encoding
from feeds.pages.xml_repair import MAX_PROLOGUE_READ, declaration_start, first_element

Kind = Literal["feed", "html", "text"]

HEAD = 4096  # what is looked at for HTML: its markers are at the start
_SCHEMA = 65536  # bytes of an SQLite database that hold its schema (its first page, of 4 kB by default)
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
FEED_SUFFIXES = (".xml", ".rss", ".atom", ".rdf")

_HTML_DOCUMENT = re.compile(r"<!doctype\s+html|<html[\s>]")
_HTML_START = re.compile(r"<(?:!--|head|body|meta|div|article|main|title|p|h[1-6])[\s>/]")
# The root of an XML document, where its prologue ends (_root), that makes it a feed, or a list of feeds.
_ROOT = re.compile(rb"<(rss|feed|rdf:rdf|opml)[\s>]", re.IGNORECASE)
# An XML declaration without its `?` (`<?xml version="1.0" >`): no XML, but the feed reader reads what follows it.
_UNCLOSED_DECLARATION = re.compile(rb"(?:\xef\xbb\xbf)?\s*<\?xml\s[^>?]*>")
_FEED_ROOTS = (b"rss", b"feed", b"rdf:rdf")
_JSON_OBJECT = re.compile(r'\{\s*"')
XML_HEAD = MAX_PROLOGUE_READ + 16  # a prologue as long as the feed reader reads, and a root's name after it


def declares_feed(content_type: str) -> bool:
    """A content type that says RSS, Atom or XML data (XHTML is a page)."""
    mime = content_type.split(";")[0].strip().lower()
    return "xhtml" not in mime and any(word in mime for word in ("rss", "atom", "rdf", "xml"))


def sniff(data: bytes | str, content_type: str = "", name: str = "") -> Kind:
    """`data` is the document (its start is enough); `content_type` what its server said, `name` its file name or URL."""
    head = _head(data)
    if _HTML_DOCUMENT.match(head):
        return "html"
    if _root(data) in _FEED_ROOTS:
        return "feed"
    if _HTML_START.match(head) or "<html" in head:
        return "html"
    mime = content_type.split(";")[0].strip().lower()
    suffix = _suffix(name)
    if mime in ("text/html", "application/xhtml+xml") or suffix in HTML_SUFFIXES:
        return "html"
    if _JSON_OBJECT.match(head) or mime.endswith(("/json", "+json")) or suffix == ".json":
        return "feed"  # a JSON Feed where a feed was listed: the feed reader says it reads none
    if declares_feed(mime) or suffix in FEED_SUFFIXES:
        return "feed"  # the feed reader says what is wrong with it
    return "text"


def is_opml(data: bytes | str) -> bool:
    """A list of feeds (OPML, as RSS readers export their subscriptions): no page or feed, but sources."""
    return _root(data) == b"opml"


def is_newsboat_cache(data: bytes) -> bool:
    """newsboat's cache of articles: an SQLite database whose schema, which SQLite keeps at its start, has newsboat's
    table of items."""
    return data.startswith(b"SQLite format 3\x00") and b"CREATE TABLE rss_item " in data[:_SCHEMA]


def _head(data: bytes | str) -> str:
    """The start of the document as text in lower case, from its first character that is no white space or byte order mark."""
    return (data[:HEAD] if isinstance(data, str) else head_text(data, HEAD)).lstrip("\ufeff\u00ef\u00bb\u00bf \t\r\n").lower()


def _root(data: bytes | str) -> bytes | None:
    """The name of the document's root in lower case where it is a feed's or OPML's, found past its prologue as the
    feed reader passes it (xml_repair.first_element): a licence in a comment, or a document type declaring HTML's
    entities, puts a feed's root kilobytes in; and past what a server's script printed ahead of its XML declaration
    (xml_repair.declaration_start), as the reader reads it from there: a warning of PHP printed before its script
    sets the content type leaves it text/html. None for any other document."""
    if isinstance(data, str):
        head = data[:XML_HEAD].encode("utf-8", "replace")
    else:
        head = data[:XML_HEAD]
        if not ascii_compatible(xml_encoding(head)):
            head = head_text(head, XML_HEAD).encode("utf-8", "replace")  # UTF-16: its markup in ASCII
    start = first_element(head)
    if start is None and (declaration := _UNCLOSED_DECLARATION.match(head)):
        rest = first_element(head[declaration.end() :])
        start = None if rest is None else declaration.end() + rest
    root = None if start is None else _ROOT.match(head, start)
    if root is None and (ahead := declaration_start(head)):
        return _root(head[ahead:])
    return None if root is None else root[1].lower()


def _suffix(name: str) -> str:
    path = urlsplit(name).path if "://" in name else name
    return PurePosixPath(path).suffix.lower()
