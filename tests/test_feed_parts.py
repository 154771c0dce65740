"""A big feed is cut at its entries, so that each worker of a fetch reads a part of it: the parts
give the whole feed's entries, in order, each once; a feed that cannot be cut surely is read whole."""

from __future__ import annotations

from datetime import datetime
from html import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from feeds.model import AMSTERDAM
from feeds.pages.syndication import feed_parts, read_feed
from feeds.web.workers import part_records, share_records

ATOM_HEAD = b'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>Archief</title><id>urn:a</id>\n'
RSS_HEAD = b'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Archief</title><link>https://nieuws.example/</link><description>x</description>\n'


def atom_entry(n: int, content: str = "") -> bytes:
    text = escape(f"<p>GOES - Bericht {n}.</p>{content}")
    return (
        f'<entry><title>Bericht {n}</title><link href="https://nieuws.example/{n}"/><id>urn:{n}</id>'
        f'<updated>2026-03-03T10:00:00Z</updated><content type="html">{text}</content></entry>\n'
    ).encode()


def rss_item(n: int, content: str = "") -> bytes:
    return f"<item><title>Bericht {n}</title><link>https://nieuws.example/{n}</link><description><![CDATA[<p>GOES - Bericht {n}.</p>{content}]]></description></item>\n".encode()


def atom(*entries: bytes) -> bytes:
    return ATOM_HEAD + b"".join(entries) + b"</feed>\n"


def rss(*items: bytes) -> bytes:
    return RSS_HEAD + b"".join(items) + b"</channel></rss>\n"


def links_of_parts(data: bytes, count: int) -> list[str | None]:
    parts = feed_parts(data, count)
    assert parts is not None
    assert len(parts) == count
    read = [read_feed(part.of(data), tolerant=False) for part in parts]
    assert [len(feed.entries) for feed in read] == [part.entries for part in parts]
    assert {feed.title for feed in read} == {"Archief"}
    return [entry.link for feed in read for entry in feed.entries]


@pytest.mark.parametrize("count", [2, 3, 7])
def test_the_parts_of_a_feed_give_its_entries_in_order_each_once(count):
    for feed in (atom(*(atom_entry(n) for n in range(50))), rss(*(rss_item(n) for n in range(50)))):
        assert links_of_parts(feed, count) == [entry.link for entry in read_feed(feed).entries]


def test_entry_tags_in_cdata_comments_and_instructions_are_no_entries():
    items = [
        rss_item(0, "<item>in de tekst</item> en </item>"),
        b"<!-- <item><title>Oud</title></item> -->\n",
        rss_item(1),
        b"<?verwerk <item> ?>\n",
        rss_item(2, "<entry/>"),
        rss_item(3),
    ]
    feed = rss(*items)
    assert links_of_parts(feed, 2) == [f"https://nieuws.example/{n}" for n in range(4)]


@pytest.mark.parametrize(
    "feed",
    [
        rss(rss_item(0), b"<item><title>Leeg</title>", rss_item(1)),  # an entry inside an entry
        rss(rss_item(0), b"<item/>", rss_item(1), rss_item(2)),  # an entry without content
        rss(rss_item(0), b"</item>", rss_item(1), rss_item(2)),  # an end without a start
        rss(rss_item(0), rss_item(1), b"<![CDATA[ nooit gesloten", rss_item(2)),
        rss(rss_item(0), rss_item(1), b"<!-- nooit gesloten", rss_item(2)),
        rss(rss_item(0)),  # fewer entries than parts
        RSS_HEAD.replace(b"<rss", b'<!DOCTYPE rss [<!ENTITY x "<item>">]><rss') + rss_item(0) + rss_item(1) + b"</channel></rss>",
        rss(rss_item(0), b"<!---->" * 200_000, rss_item(1)),  # more tags than a feed may have: cutting would take a step each
    ],
    ids=["nested", "empty", "end-without-start", "open-cdata", "open-comment", "too-few", "entities", "too-many-tags"],
)
def test_a_feed_that_cannot_be_cut_surely_is_not_cut(feed):
    assert feed_parts(feed, 2) is None


def test_a_part_whose_entries_the_parser_does_not_find_is_refused_and_the_feed_is_read_whole():
    # an item of another vocabulary between the entries: cut as one, but no entry of the feed
    feed = rss(rss_item(0), rss_item(1), b'<media:item xmlns:media="urn:m"><title>Geen bericht</title></media:item>\n', rss_item(2), rss_item(3))
    now = datetime.now(AMSTERDAM)
    parts = feed_parts(feed, 2)
    assert parts is not None and sum(part.entries for part in parts) == 5
    assert None in [part_records(feed, part, None, "https://nieuws.example/", "s", now) for part in parts]
    whole = share_records(feed, 0, 1, None, "https://nieuws.example/", "s", now)
    assert [record.url for record in whole] == [f"https://nieuws.example/{n}" for n in range(4)]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.integers(0, 10**6).map(lambda n: ("entry", n)),
            st.sampled_from([b"<!-- <entry> -->\n", b"<?x <entry>?>\n", b"\n", b"<ander>tekst</ander>\n", b"<entry/>", b"<entry>", b"</entry>"]),
        ),
        max_size=30,
    ),
    st.integers(2, 4),
)
def test_parts_give_the_entries_of_the_whole_feed_or_it_is_not_cut(pieces, count):
    feed = atom(*(atom_entry(piece[1], "<p>x</p>") if isinstance(piece, tuple) else piece for piece in pieces))
    parts = feed_parts(feed, count)
    if parts is None:
        return
    try:
        whole = [entry.link for entry in read_feed(feed).entries]
    except ValueError:  # no feed that can be read: nothing to compare with
        return
    read = []
    for part in parts:
        try:
            entries = read_feed(part.of(feed), tolerant=False).entries
        except ValueError:
            return  # a part the fast parser cannot read: the feed is read whole
        if len(entries) != part.entries:
            return  # the same
        read += [entry.link for entry in entries]
    assert read == whole
