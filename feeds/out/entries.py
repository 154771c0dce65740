"""feedgen's entries, written in bulk: feedgen writes one entry of each shape, the others follow its text.

feedgen builds an entry's elements in some 30 Python calls (its checks and
its extensions included), and lxml then validates every text once more and
serialises it; with the element work that was most of an export of 10,000
articles. Here feedgen builds one entry of each shape (which of the optional
elements it has, and which are empty), with a mark in place of each value,
and lxml writes it inside feedgen's feed. That text is the template of every
entry of that shape: an article's entry is the template with the article's
values, escaped as lxml escapes them. The feed around the entries is
feedgen's, written first, and they stand where feedgen's own would.
Every value has been through `xml_text`, so no value holds a character XML
refuses; the result is byte for byte what feedgen writes entry by entry
(tests/test_export.py holds them side by side).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator
from feedgen.util import formatRFC2822, xml_fromstring
from lxml import etree

from feeds.language import gettext as _
from feeds.model import KIND_MARK, MARKS_NAMESPACE, NO_SECTION, SECTION_MARK, STORED_DATE_MARK, TEASER
from feeds.out.export import Format, Item, Shape, WrittenEnclosure

CREATORS = ("creator0", "creator1")  # the writer, the agencies
# A value's place in a template: a mark, as the whole text of an element, the whole value of an
# attribute, or the whole of a CDATA section.
_MARK = re.compile('(="|<!\\[CDATA\\[)?\ue000([a-z0-9]+)\ue001')


def _mark(field: str) -> str:
    return f"\ue000{field}\ue001"


def escape_text(value: str) -> str:
    """A value as lxml (libxml2) writes it as the text of an element."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def escape_attribute(value: str) -> str:
    """A value as lxml (libxml2) writes it in an attribute."""
    return escape_text(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def cdata(value: str) -> str:
    if "]]>" in value:
        raise ValueError(_("']]>' not allowed inside CDATA"))  # as lxml says it, in the user's language
    return value


def content_type(fmt: Format) -> str:
    return "CDATA" if fmt == "rss" else "html"


def add_entry(generator: FeedGenerator, item: Item, fmt: Format) -> FeedEntry:
    """Hand one entry to feedgen."""
    entry = generator.add_entry(order="append")
    entry.id(item.first_url or item.url)
    entry.guid(item.first_url or item.url, permalink=item.first_url is None)
    entry.title(item.title)
    entry.link(href=item.url, rel="alternate")
    entry.published(item.published)
    entry.updated(item.updated)
    marks: list[tuple[str, str]] = []
    if item.section is not None:
        entry.category(term=item.section, label=item.section)
    else:  # (said, or nieuws-tui reading it back files the story under the feed's title)
        marks.append((SECTION_MARK, NO_SECTION))
    if item.stored_date is not None:
        marks.append((STORED_DATE_MARK, item.stored_date))
    if item.teaser:
        marks.append((KIND_MARK, TEASER))
    entry.marks.marks = marks
    # RSS's own <author> must be an e-mail address, so there the creators are dc:creator.
    for creator in item.creators:
        if fmt == "rss":
            entry.dc.dc_creator(creator)
        else:
            entry.author(name=creator)
    if item.lead is not None and fmt == "rss":
        entry.description(item.lead)
    elif item.lead is not None:
        entry.summary(item.lead, type="html" if item.teaser else None)  # Atom: a lead is a text construct, shown as it is
    if item.content is not None:
        entry.content(item.content, type=content_type(fmt))
    if fmt == "rss":
        for enclosure in item.enclosures:  # (RSS's one: feedgen writes the last it is given)
            entry.enclosure(enclosure.url, enclosure.length, enclosure.type)
    elif item.enclosures:
        entry.register_extension("enclosures", _AtomEnclosures, atom=True, rss=False)
        entry.enclosures.files = item.enclosures
    return entry


class _AtomEnclosures:
    """An entry's rel="enclosure" links, as a feedgen extension of it: feedgen writes an Atom entry's links with their
    href alone (it reads their rel, type and length back from the element it has just made), and an enclosure so
    would be one more alternate link, to the file."""

    def __init__(self) -> None:
        self.files: tuple[WrittenEnclosure, ...] = ()

    def extend_atom(self, entry: etree._Element) -> etree._Element:
        for enclosure in self.files:
            known = {name: value for name, value in (("type", enclosure.type), ("length", enclosure.length)) if value is not None}
            etree.SubElement(entry, "link", href=enclosure.url, rel="enclosure", **known)
        return entry

    def extend_ns(self) -> dict[str, str]:
        return {}


class MarksNamespace:
    """The feed's side of our marks (Marks): their namespace, declared once at its root, not in every entry."""

    def extend_ns(self) -> dict[str, str]:
        return {"nt": MARKS_NAMESPACE}

    def extend_atom(self, feed: etree._Element) -> etree._Element:
        return feed

    def extend_rss(self, feed: etree._Element) -> etree._Element:
        return feed


class Marks:
    """What the library stores of an entry's story that the feed cannot say (feeds.model.MARKS_NAMESPACE), as a feedgen
    extension of it: elements other readers leave alone, where they showed categories as tags."""

    def __init__(self) -> None:
        self.marks: list[tuple[str, str]] = []  # (the element's name, its text)

    def extend_atom(self, entry: etree._Element) -> etree._Element:
        for name, text in self.marks:
            etree.SubElement(entry, f"{{{MARKS_NAMESPACE}}}{name}").text = text
        return entry

    def extend_rss(self, entry: etree._Element) -> etree._Element:
        return self.extend_atom(entry)

    def extend_ns(self) -> dict[str, str]:
        return {}


def _enclosure_values(number: int, enclosure: WrittenEnclosure) -> dict[str, str]:
    """The values of an entry's `number`th enclosure, by the fields of their marks (_template): those it has."""
    values = {f"file{number}url": enclosure.url, f"file{number}type": enclosure.type, f"file{number}length": enclosure.length}
    return {field: value for field, value in values.items() if value is not None}


def _serialised(feed: etree._Element) -> str:
    text: bytes = etree.tostring(feed.getroottree(), pretty_print=True, encoding="UTF-8", xml_declaration=True)
    return text.decode()


def _entries_at(head: str, fmt: Format) -> int:
    """Where entries go in feedgen's text of a feed: the line that closes the feed (Atom) or its channel (RSS)."""
    return head.rindex("\n", 0, head.rindex("</feed>" if fmt == "atom" else "</channel>")) + 1


@dataclass(frozen=True, slots=True)
class _Template:
    text: str  # for str.format: a {} at each place of a value
    places: list[tuple[str, Callable[[str], str]]]  # the field of each place, and its escaping there
    dates: tuple[str, ...]  # the times the entry shows (RSS shows no updated)


class Templates:
    """The text of an entry of each shape, with the places of an article's values in it."""

    _DATES = {"published": datetime(1901, 2, 3, 4, 5, 6, tzinfo=timezone.utc), "updated": datetime(1902, 3, 4, 5, 6, 7, tzinfo=timezone.utc)}

    def __init__(self, generator: FeedGenerator, fmt: Format) -> None:
        self.generator = generator
        self.fmt = fmt
        self._shapes: dict[Shape, _Template] = {}

    def date(self, moment: datetime) -> str:
        """A time as feedgen writes it in this format."""
        return formatRFC2822(moment) if self.fmt == "rss" else moment.isoformat()

    def entry(self, item: Item) -> str:
        """The text of this article's entry. ValueError when a value cannot be written."""
        shape = item.shape
        if shape not in self._shapes:
            self._shapes[shape] = self._template(item)
        template = self._shapes[shape]
        values = {
            "url": item.url, "first": item.first_url or "", "title": item.title, "section": item.section or "", "lead": item.lead or "",
            "content": item.content or "", "stored": item.stored_date or "",
        }  # fmt: skip
        values.update(zip(CREATORS, item.creators))
        for number, enclosure in enumerate(item.enclosures):
            values.update(_enclosure_values(number, enclosure))
        for field in template.dates:
            values[field] = self.date(item.published if field == "published" else item.updated)
        return template.text.format(*[escape(values[field]) for field, escape in template.places])

    def _template(self, like: Item) -> _Template:
        """feedgen's entry of this shape as lxml writes it in the feed, its values' places marked."""

        def marked(field: str, text: str | None) -> str | None:
            return _mark(field) if text else text  # an empty text stays empty: feedgen leaves some elements out for it

        marked_item = Item(
            url=_mark("url"),
            first_url=_mark("first") if like.first_url is not None else None,
            title=_mark("title"),
            published=self._DATES["published"],
            updated=self._DATES["updated"],
            section=marked("section", like.section),
            teaser=like.teaser,
            creators=tuple(_mark(creator) for creator in CREATORS[: len(like.creators)]),
            lead=marked("lead", like.lead),
            content=marked("content", like.content),
            enclosures=tuple(
                WrittenEnclosure(_mark(f"file{number}url"), enclosure.type and _mark(f"file{number}type"), enclosure.length and _mark(f"file{number}length"))
                for number, enclosure in enumerate(like.enclosures)
            ),
            stored_date=like.stored_date and _mark("stored"),
        )
        entry = add_entry(self.generator, marked_item, self.fmt)
        self.generator.remove_entry(entry)
        feed = xml_fromstring(self.generator.atom_str() if self.fmt == "atom" else self.generator.rss_str())
        head = _serialised(feed)
        (feed if self.fmt == "atom" else feed[0]).append(entry.atom_entry() if self.fmt == "atom" else entry.rss_entry())
        whole = _serialised(feed)
        at = _entries_at(head, self.fmt)
        if not (whole.startswith(head[:at]) and whole.endswith(head[at:])):
            raise RuntimeError("lxml wrote feedgen's feed around an entry otherwise than without one")
        text = whole[at : len(whole) - (len(head) - at)]
        dates = tuple(name for name, moment in self._DATES.items() if self.date(moment) in text)
        for name in dates:
            text = text.replace(self.date(self._DATES[name]), _mark(name))
        pieces: list[str] = []
        places: list[tuple[str, Callable[[str], str]]] = []
        start = 0
        for found in _MARK.finditer(text):
            context, field = found.group(1), found.group(2)
            pieces.append(text[start : found.start()].replace("{", "{{").replace("}", "}}") + (context or "") + "{}")
            places.append((field, escape_attribute if context == '="' else cdata if context else escape_text))
            start = found.end()
        pieces.append(text[start:].replace("{", "{{").replace("}", "}}"))
        return _Template("".join(pieces), places, dates)


def feed_ends(generator: FeedGenerator, fmt: Format) -> tuple[str, str]:
    """feedgen's text of the feed without entries, before the place of its entries and after it."""
    whole = (generator.atom_str(pretty=True) if fmt == "atom" else generator.rss_str(pretty=True)).decode()
    at = _entries_at(whole, fmt)
    return whole[:at], whole[at:]
