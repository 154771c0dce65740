"""What one page or feed may ask of the parsers: any up to the default size cap is read in ≤ 2 s and ≤ 200 MB, or refused.

HTML parsers are quadratic in places: lexbor walks the stack of open elements
for many tags (so 300,000 nested `<div>` never finish), checks every attribute
of an element against the others, and re-walks a `<select>` for each option.
A page is therefore measured before it is parsed, in one linear pass over its
tags that keeps a stack the way a browser's parser would; what is far beyond
any real news page is refused with a one-line reason. The text of a page
(text renderings, and the blocks an HTML page yields) has bounds of its own.

A feed is measured at C speed before the fast parser reads it (its tags,
attributes and entries), and its entries' HTML all together holds no more tags
than a page. Those bounds grow with the size cap the user chose (fetch
--max-size): raised, it lets a big feed of many small entries through, and a
hostile feed may cost as much more as the cap is bigger, no more. feedparser,
for the feeds the fast parser cannot read, is pure Python and costs per tag,
attribute, reference, line and byte: it is given what it reads in 0.75 s and
in 2 MB, measured in the text as it will read it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sized

from feeds.errors import UnreadableDocument
from feeds.language import gettext as _
from feeds.language import grouped, megabytes

MAX_TAGS = 100_000  # a big news page has a few thousand
# The bounds of a feed's markup are for the default size cap (config.MAX_BYTES): under a cap raised
# with fetch --max-size, a feed may hold as much more as the cap is bigger, whatever its own size.
FEED_BOUNDS_SIZE = 10 * 1024 * 1024
MAX_FEED_TAGS = 200_000  # as many as a feed of 10,000 entries has; the fast parser keeps 300–600 bytes for some
MAX_FEED_ENTRIES = 10_000  # as many as a page has blocks; each costs the fast parser and its article some 30 µs and 2 kB
MAX_FEED_REFERENCES = 200_000  # to characters and entities but XML's five: our check of one or lxml's of another, ~200 bytes
# Entities a feed declares in its document type, read (xml_repair.xml_references): a feed declares a few (`&nbsp;`),
# and its references to them all together come to no more text than this. (A hostile one names one entity of a
# kilobyte a million times.)
MAX_DECLARED_ENTITIES = 256
MAX_ENTITY_TEXT = 2 * 1024 * 1024
MAX_DEPTH = 512  # elements open at once; real pages stay below 50, browsers flatten at 512
MAX_ATTRIBUTES = 128  # on one element (and on <html>/<body>, which merge those of every copy)
MAX_ALL_ATTRIBUTES = 200_000  # in the whole page or feed; each costs the parser memory
MAX_OPTIONS = 2_000  # <option> elements in a page
MAX_LINES = 200_000  # lines of a text rendering, blank ones included
MAX_BLOCKS = 10_000  # blocks of text (paragraphs, headings, teaser lines) in a page
MAX_BLOCK_CHARS = 50_000  # characters in one block: a paragraph, not a book
MAX_JSON_LD_CHARS = 1_000_000  # one JSON-LD script; real ones are a few kB
# feedparser, the parser of the feeds the fast one cannot read, is pure Python. What it costs at
# most (µs on the bench machine, bench/fuzz.py --worst): a tag 35 (the handlers of an entry's
# elements), an attribute or an entity or character reference 4, a line 1.5 (its XML parser hands
# text over line by line), a byte of text 0.25 (GeoRSS coordinates become lists of floats), and
# some 40 bytes of memory a byte of text. A feed may ask 0.75 s of that, in at most 2 MB: the
# worst then takes about a second (1.1–1.7 s with the machine busy); room for a feed of 500 full
# entries (1.3 MB, 10,000 tags, 16,000 references).
TOLERANT_SECONDS = 0.75
TOLERANT_MICROSECONDS = {"tag": 35, "attribute": 4, "reference": 4, "line": 1.5, "byte": 0.25}
MAX_TOLERANT_TAGS = 21_000  # about all of that on their own
MAX_TOLERANT_BYTES = 2 * 1024 * 1024  # the text, entities expanded
MAX_TAG_CHARS = 65_536  # one tag, attributes and all: feedparser's pattern for a tag keeps ~150 bytes a character


class PageTooComplex(UnreadableDocument):
    """The page is beyond what this program reads; the message says which bound it passes."""


class BeyondTheCap(PageTooComplex):
    """The feed is beyond a bound that grows with the size cap (feed_bound): a bigger cap reads it."""


_VOID = frozenset(
    {"area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img", "input", "keygen",
     "link", "meta", "param", "source", "track", "wbr"}
)  # fmt: skip
# Elements a parser never nests: the next one closes the one before (<p>, <li>, table
# parts, <a>, <form>), or there is only ever one (<html>, <head>, <body>).
_UNNESTED = frozenset(
    {"a", "body", "button", "caption", "colgroup", "dd", "dt", "form", "head", "html", "li", "nobr", "optgroup",
     "option", "p", "rb", "rp", "rt", "rtc", "tbody", "td", "tfoot", "th", "thead", "tr"}
)  # fmt: skip
_MERGED = frozenset({"html", "body"})  # a second <body> adds its attributes to the first
_FOREIGN = ("svg", "math")  # inside them `<x/>` closes itself
# Elements whose content is text up to their end tag, never markup.
# Elements whose content the parser reads as text. Not <noscript>: a parser without scripting
# (lexbor's) reads its content as markup, so its tags count like any others.
_RAW_TEXT = {name: re.compile(f"</{name}", re.IGNORECASE) for name in ("script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes")}
# A comment, or a start or end tag with everything up to its `>`. `[^>]*` never backtracks,
# and the next search starts where this match ended, so the pass is linear.
_MARKUP = re.compile(r"<(?:(!--)|(/?)([A-Za-z][^\t\n\f\r />]*)([^>]*))")
# One attribute, for counting: a name, perhaps `= value`.
_ATTRIBUTE = re.compile(r"""[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?""")


def _attributes(text: str) -> int:
    """How many attributes a tag has, counted up to one more than an element may have."""
    count = 0
    for count, _match in enumerate(_ATTRIBUTE.finditer(text), 1):
        if count > MAX_ATTRIBUTES:
            break
    return count


# A tag long enough to hold more attributes than an element may have; `[^<>]` stops at the
# next tag, so looking for them is one linear pass.
_LONG_TAG = re.compile(rb"<[A-Za-z][^<>]{%d,}" % (MAX_ATTRIBUTES * 2))
# A reference to a character or entity but XML's five escapes: escaped text costs nothing.
_REFERENCE = re.compile(rb"&(?!(?:amp|lt|gt|quot|apos);)")
# The start tag of an RSS item or an Atom entry, perhaps with a prefix, in any case (the fast parser
# reads a damaged feed as HTML too). `<items>` of RSS 1.0 is not one.
_ENTRY_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:item|entry)[\s/>]", re.IGNORECASE)


def feed_bound(limit: int, size: int) -> int:
    """A bound of a feed's markup under a size cap of `size` bytes: as set up to FEED_BOUNDS_SIZE, in proportion beyond."""
    return limit if size <= FEED_BOUNDS_SIZE else limit * size // FEED_BOUNDS_SIZE


def check_feed_markup(xml: bytes, size: int) -> None:
    """Refuse XML that the feed reader's C parser would take too long or too much memory to read.

    That parser is linear in the tags, but checks each attribute of an element against the
    others, keeps some 300 bytes for each element it collects (a link, a category) and each
    element open (its native core, unlike libxml2, caps no nesting: the bound on tags is
    one on depth too), and 240 for each attribute and 200 for each reference to an entity
    XML does not define when it repairs a feed with lxml; each reference to a character
    costs `xml_references` a call; each entry costs the Python around it. The checks run at C
    speed: this is on the path of every feed, where the page check would cost as much as
    the parse. `size` is the size cap it was read under (feed_bound), or its own size if that is more.
    """
    if xml.count(b"<") > (tags := feed_bound(MAX_FEED_TAGS, size)):
        raise BeyondTheCap(_("more than {count} tags").format(count=grouped(tags)))
    if xml.count(b"=") > (attributes := feed_bound(MAX_ALL_ATTRIBUTES, size)):  # each attribute has one before its value (and some text has them too)
        raise BeyondTheCap(_("more than {count} attributes").format(count=grouped(attributes)))
    for tag in _LONG_TAG.finditer(xml):
        if _attributes(tag[0][1:].decode("latin-1")) > MAX_ATTRIBUTES:
            raise PageTooComplex(_("an element with more than {count} attributes").format(count=MAX_ATTRIBUTES))
    if b"\x00" in xml:  # UTF-16 or UTF-32 (perhaps after a declaration in ASCII): without the NULs, its tags read as ASCII
        xml = xml.replace(b"\x00", b"")
    references = feed_bound(MAX_FEED_REFERENCES, size)
    if xml.count(b"&") > references:  # at most that many: then they need no counting one by one
        for count, _reference in enumerate(_REFERENCE.finditer(xml), 1):
            if count > references:
                raise BeyondTheCap(_("more than {count} character or entity references").format(count=grouped(references)))
    most = feed_bound(MAX_FEED_ENTRIES, size)
    for entries, _entry in enumerate(_ENTRY_TAG.finditer(xml), 1):
        if entries > most:
            raise BeyondTheCap(_("more than {count} entries").format(count=grouped(most)))


# A start or end tag as feedparser's loose parser reads one: up to the first `<` or `>` outside
# quotes. Possessive, so that reading a long one keeps no state per character.
_TOLERANT_TAG = re.compile(rb"""</?[A-Za-z](?:[^'"<>]++|"[^"]*+"|'[^']*+')*+""")
_FIRST_ELEMENT = re.compile(rb"<\w")  # what comes before it may declare entities, as feedparser reads them
_QUOTED = re.compile(rb'"[^"]*+"')


def _too_much_text() -> PageTooComplex:
    return PageTooComplex(_("more than {size} MB of text, entities expanded").format(size=megabytes(MAX_TOLERANT_BYTES)))


def check_tolerant_size(raw: bytes) -> None:
    """Refuse a feed that is more than feedparser reads in any encoding, before it is converted
    to UTF-8 to be measured (UTF-32 has 4 bytes a character)."""
    if len(raw) > 4 * MAX_TOLERANT_BYTES:
        raise _too_much_text()


def check_tolerant_feed(xml: bytes) -> None:
    """Refuse a feed that feedparser would take more than TOLERANT_SECONDS or too much memory to read.

    `xml` is the text as feedparser reads it, in UTF-8 (its own conversion): counted in the
    bytes as they came, an encoding such as UTF-7 would hide every `<`. Everything is counted
    at C speed but the attributes, which are counted in at most MAX_TOLERANT_TAGS tags.
    """
    references = xml.count(b"&")
    first = _FIRST_ELEMENT.search(xml)
    declared = max((len(value[0]) for value in _QUOTED.finditer(xml, 0, first.start() if first else len(xml))), default=0)
    text = len(xml) + references * declared  # at most: each reference to the longest entity the feed declares
    if text > MAX_TOLERANT_BYTES:
        raise _too_much_text()
    tags = xml.count(b"<")
    if tags > MAX_TOLERANT_TAGS:
        raise PageTooComplex(_("more than {count} tags").format(count=grouped(MAX_TOLERANT_TAGS)))
    attributes = 0
    for tag in _TOLERANT_TAG.finditer(xml):
        if tag.end() - tag.start() > MAX_TAG_CHARS:
            raise PageTooComplex(_("a tag of more than {count} characters").format(count=grouped(MAX_TAG_CHARS)))
        attributes += len(_ATTRIBUTE.findall(tag[0].decode("latin-1"), 1)) - 1  # the first is the tag's name
    lines = xml.count(b"\n") + xml.count(b"\r")
    cost = TOLERANT_MICROSECONDS
    work = tags * cost["tag"] + attributes * cost["attribute"] + references * cost["reference"] + lines * cost["line"] + text * cost["byte"]
    if work > TOLERANT_SECONDS * 1e6:
        raise PageTooComplex(
            _("{tags} tags, {attributes} attributes, {references} references and {lines} lines in {size} MB: more than {seconds:g} s of work").format(
                tags=grouped(tags), attributes=grouped(attributes), references=grouped(references), lines=grouped(lines), size=megabytes(text), seconds=TOLERANT_SECONDS
            )
        )


def check_markup(html: str) -> None:
    """Refuse HTML that a parser would take too long or too much memory to read (the pure-Python
    feed parser reads feeds the same way)."""
    if html.count("<") > MAX_TAGS:  # an upper bound on the tags, counted at C speed
        raise PageTooComplex(_("more than {count} tags").format(count=grouped(MAX_TAGS)))
    stack: list[str] = []
    open_count: dict[str, int] = {}
    options = merged = total = 0
    position = 0
    while (match := _MARKUP.search(html, position)) is not None:
        position = match.end()
        if match[1]:  # a comment: tags inside are no tags
            position = html.find("-->", position)
            if position < 0:
                return
            continue
        name, attributes = match[3].lower(), match[4]
        if match[2]:  # an end tag closes the elements up to the one it names, if that one is open
            if open_count.get(name):
                while (top := stack.pop()) != name:
                    open_count[top] -= 1
                open_count[name] -= 1
            continue
        count = _attributes(attributes) if attributes else 0
        total += count
        if name in _MERGED:
            merged += count
        if count > MAX_ATTRIBUTES or merged > MAX_ATTRIBUTES:
            raise PageTooComplex(_("an element with more than {count} attributes").format(count=MAX_ATTRIBUTES))
        if total > MAX_ALL_ATTRIBUTES:
            raise PageTooComplex(_("more than {count} attributes").format(count=grouped(MAX_ALL_ATTRIBUTES)))
        if name == "option":
            options += 1
            if options > MAX_OPTIONS:
                raise PageTooComplex(_("more than {count} <option> elements").format(count=grouped(MAX_OPTIONS)))
        if name == "plaintext":  # the rest of the page is text
            return
        if name in _RAW_TEXT:
            end = _RAW_TEXT[name].search(html, position)
            if end is None:
                return
            position = end.start()
            continue
        if name in _VOID or name in _UNNESTED:
            continue
        if attributes.endswith("/") and any(open_count.get(f) for f in _FOREIGN):
            continue
        stack.append(name)
        open_count[name] = open_count.get(name, 0) + 1
        if len(stack) > MAX_DEPTH:
            raise PageTooComplex(_("elements nested more than {count} deep").format(count=MAX_DEPTH))


def check_entries_markup(texts: Iterable[str], size: int) -> None:
    """Refuse the entries of a feed whose HTML holds more tags all together than a page may under a
    size cap of `size` (feed_bound): each entry's is measured before it is parsed, but a feed has
    thousands of them. (A text beyond the bound on its own costs only its entry, at the price of
    counting: it is not counted.)"""
    counts = (text.count("<") for text in texts)
    if sum(count for count in counts if count <= MAX_TAGS) > (tags := feed_bound(MAX_TAGS, size)):
        raise BeyondTheCap(_("more than {count} tags in the text of its entries").format(count=grouped(tags)))


def check_lines(text: str) -> None:
    """Refuse a text rendering with more lines than any page has, before it is split into them."""
    if text.count("\n") > MAX_LINES:
        raise PageTooComplex(_("more than {count} lines").format(count=grouped(MAX_LINES)))


def check_block(text: str) -> None:
    if len(text) > MAX_BLOCK_CHARS:
        raise PageTooComplex(_("a paragraph or line of more than {count} characters").format(count=grouped(MAX_BLOCK_CHARS)))


def check_blocks(blocks: Sized) -> None:
    if len(blocks) > MAX_BLOCKS:
        raise PageTooComplex(_("more than {count} blocks of text").format(count=grouped(MAX_BLOCKS)))
