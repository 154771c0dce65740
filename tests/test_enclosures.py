"""A feed item's enclosures (a podcast's episode): read from RSS and Atom by either parser, cleaned and bounded as
every URL from outside, kept with the story's text, shown by the reader for `o`, and written by `list --json` and
the exports."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from dataclasses import replace

import feedparser
import pytest
from conftest import CAPTURED
from feedkit import article, atom_schema, feed_articles, strict_xml
from test_sources_newsboat import newsboat_cache

from feeds.config import Source
from feeds.library import Library
from feeds.model import MAX_ENCLOSURES, Enclosure, Entry
from feeds.out.export import FeedInfo, build_feed
from feeds.out.records import public_json
from feeds.pages.syndication import _fast, _tolerant, entry_articles
from feeds.store.database import VERSION
from feeds.urls import article_id

MP3 = Enclosure("https://pod.example/afl/1.mp3", "audio/mpeg", 24_536_678)

PODCAST_RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Podcast</title><link>https://pod.example/</link><description>x</description>
<item><title>Aflevering 1</title><link>https://pod.example/afl/1</link><guid>https://pod.example/afl/1</guid><description>De eerste.</description>
<enclosure url="https://pod.example/afl/1.mp3" length="24536678" type="audio/mpeg"/></item>
<item><title>Aflevering 2</title><guid isPermaLink="false">pod-2</guid><description>Alleen een bestand.</description>
<enclosure url="https://pod.example/afl/2.mp3" length="1000" type="audio/mpeg"/></item>
</channel></rss>"""

PODCAST_ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Podcast</title><id>urn:p</id><updated>2025-06-01T10:00:00Z</updated>
<entry><title>Aflevering 1</title><id>urn:1</id><link href="https://pod.example/afl/1"/>
<link rel="enclosure" type="audio/mpeg" length="24536678" href="https://pod.example/afl/1.mp3"/><updated>2025-06-01T10:00:00Z</updated><summary>De eerste.</summary></entry>
</feed>"""

READERS = [pytest.param(lambda data: _fast(data), id="fast"), pytest.param(lambda data: _tolerant(data, None), id="tolerant")]


def articles_of(read, data: bytes, url: str = "https://pod.example/feed") -> dict:
    return {a.title: a for a in entry_articles(read(data).entries, "Podcast", None, url, url).articles}


@pytest.mark.parametrize("read", READERS)
def test_an_rss_items_enclosure_is_kept_with_its_type_and_size_whichever_parser_reads_it(read):
    assert articles_of(read, PODCAST_RSS)["Aflevering 1"].enclosures == (MP3,)


@pytest.mark.parametrize("read", READERS)
def test_an_atom_entrys_enclosure_link_is_kept_whichever_parser_reads_it(read):
    """(fastfeedparser leaves an Atom link's length out: it is read from the feed's markup.)"""
    [enclosure] = articles_of(read, PODCAST_ATOM)["Aflevering 1"].enclosures
    assert enclosure == MP3


@pytest.mark.parametrize("read", READERS)
def test_an_atom_entrys_enclosure_link_written_in_single_quotes_keeps_its_size(read):
    """The fast parser's length, read from the markup, was lost where the link's attributes were in single quotes."""
    data = PODCAST_ATOM.replace(b'<link rel="enclosure" type="audio/mpeg" length="24536678" href="https://pod.example/afl/1.mp3"/>', b"<link rel='enclosure' type='audio/mpeg' length='24536678' href='https://pod.example/afl/1.mp3'/>")
    assert articles_of(read, data)["Aflevering 1"].enclosures == (MP3,)


@pytest.mark.parametrize("read", READERS)
def test_an_item_without_a_link_but_with_an_enclosure_is_kept_and_known_by_the_enclosure(read):
    """`1 feed item left out: it has no link`: newsboat keeps such an item, and podboat downloads its file."""
    feed = read(PODCAST_RSS)
    kept = entry_articles(feed.entries, "Podcast", None, "https://pod.example/feed", None)
    assert kept.left_out == ()
    only_a_file = {a.title: a for a in kept.articles}["Aflevering 2"]
    assert (only_a_file.url, only_a_file.id) == ("https://pod.example/afl/2.mp3", article_id("https://pod.example/afl/2.mp3"))
    assert only_a_file.enclosures == (Enclosure("https://pod.example/afl/2.mp3", "audio/mpeg", 1000),)
    assert only_a_file.guid == "pod-2"  # known by its guid too, as any item


def test_an_item_with_a_link_is_known_by_its_link_as_before_not_by_its_enclosure():
    assert articles_of(_fast, PODCAST_RSS)["Aflevering 1"].id == article_id("https://pod.example/afl/1")


HOSTILE = [
    ('url="javascript:alert(1)" type="audio/mpeg" length="10"', ()),
    ('url="file:///etc/passwd" type="audio/mpeg" length="10"', ()),
    ('url="https://jan:geheim@pod.example/x.mp3" type="audio/mpeg" length="10"', (Enclosure("https://pod.example/x.mp3", "audio/mpeg", 10),)),
    ('url="https://pod.example/x.mp3" type="audio/mpeg" length="-5"', (Enclosure("https://pod.example/x.mp3", "audio/mpeg", None),)),
    ('url="https://pod.example/x.mp3" type="audio/mpeg" length="' + "9" * 5000 + '"', (Enclosure("https://pod.example/x.mp3", "audio/mpeg", None),)),
    ('url="https://pod.example/x.mp3" type="audio/mpeg" length="99999999999999999999"', (Enclosure("https://pod.example/x.mp3", "audio/mpeg", None),)),
    ('url="https://pod.example/x.mp3" type="audio/mpeg&#x202E;gepm" length="0"', (Enclosure("https://pod.example/x.mp3", None, None),)),
    ('url="https://pod.example/x.mp3" type="' + "a" * 10_000 + '/b"', (Enclosure("https://pod.example/x.mp3", None, None),)),
    ('url="/afl/x.mp3"', (Enclosure("https://pod.example/afl/x.mp3", None, None),)),
]


@pytest.mark.parametrize("read", READERS)
@pytest.mark.parametrize(("attributes", "kept"), HOSTILE, ids=range(len(HOSTILE)))
def test_a_hostile_enclosure_is_cleaned_as_any_link_from_outside_or_left_out_and_costs_no_item(read, attributes, kept):
    feed = PODCAST_RSS.replace(b'url="https://pod.example/afl/1.mp3" length="24536678" type="audio/mpeg"', attributes.encode())
    assert articles_of(read, feed)["Aflevering 1"].enclosures == kept


def test_an_enclosure_of_a_100_kb_url_is_left_out_and_costs_no_item():
    feed = PODCAST_RSS.replace(b"https://pod.example/afl/1.mp3", b"https://pod.example/" + b"a" * 100_000 + b".mp3")
    assert {a.title: a.enclosures for a in feed_articles(feed)}["Aflevering 1"] == ()


@pytest.mark.parametrize("read", READERS)
def test_an_item_of_ten_thousand_enclosures_keeps_a_few(read):
    many = "".join(f'<enclosure url="https://pod.example/{n}.mp3" length="{n + 1}" type="audio/mpeg"/>' for n in range(10_000))
    feed = PODCAST_RSS.replace(b'<enclosure url="https://pod.example/afl/1.mp3" length="24536678" type="audio/mpeg"/>', many.encode())
    enclosures = articles_of(read, feed)["Aflevering 1"].enclosures
    assert enclosures == tuple(Enclosure(f"https://pod.example/{n}.mp3", "audio/mpeg", n + 1) for n in range(MAX_ENCLOSURES))


@pytest.mark.parametrize("read", READERS)
def test_enclosures_that_are_no_link_take_no_place_of_a_file_after_them(read):
    """An item's first five enclosures were kept and then cleaned: a `javascript:` one among them lost a sixth file."""
    hostile = ("javascript:alert(1)", "java&#9;script:alert(1)", "file:///etc/passwd", "http://[x/a.mp3", "data:audio/mpeg,x", "ftp://pod.example/b.mp3")
    files = [f"https://pod.example/{n}.mp3" for n in range(MAX_ENCLOSURES + 1)]
    many = "".join(f'<enclosure url="{url}" length="10" type="audio/mpeg"/>' for url in (*hostile, *files))
    feed = PODCAST_RSS.replace(b'<enclosure url="https://pod.example/afl/1.mp3" length="24536678" type="audio/mpeg"/>', many.encode())
    assert [e.url for e in articles_of(read, feed)["Aflevering 1"].enclosures] == files[:MAX_ENCLOSURES]


@pytest.mark.parametrize("read", READERS)
@pytest.mark.parametrize("written", ["audio/mpeg; charset=x", 'Audio/MPEG ;codecs="mp3"', "audio/mpeg;"])
def test_an_enclosures_type_with_parameters_is_kept_without_them(read, written):
    """`audio/mpeg; charset=x` was no type at all: the file was listed without one."""
    feed = PODCAST_RSS.replace(b'type="audio/mpeg"', f"type='{written}'".encode(), 1)
    assert articles_of(read, feed)["Aflevering 1"].enclosures == (MP3,)


@pytest.mark.parametrize("written", ["audio/mpeg; charset=x", 'Audio/MPEG ;codecs="mp3"'])
def test_an_enclosures_type_with_parameters_in_newsboats_cache_is_kept_without_them(tmp_path, written):
    from feeds import import_newsboat_cache

    feed = "https://pod.example/feed"
    item = {"url": "https://pod.example/afl/1", "title": "Aflevering 1", "feedurl": feed, "enclosure_url": MP3.url, "enclosure_type": written}
    newsboat_cache(tmp_path / "cache.db", {feed: "Podcast"}, [item])
    import_newsboat_cache(Library(tmp_path / "library.sqlite"), tmp_path / "cache.db", lambda address: Source(feed) if address == feed else None)
    library = Library(tmp_path / "library.sqlite")
    [entry] = library.entries()
    assert library.article(entry.id).enclosures == (MP3._replace(length=None),)  # newsboat keeps no size


def stored(tmp_path, data: bytes = PODCAST_RSS) -> Library:
    library = Library(tmp_path / "library.sqlite")
    library.add([(a, CAPTURED) for a in feed_articles(data, url="https://pod.example/feed", source="https://pod.example/feed")])
    return Library(tmp_path / "library.sqlite")


def test_enclosures_are_stored_with_the_text_and_left_out_of_lists(tmp_path):
    library = stored(tmp_path)
    [first] = [e for e in library.entries() if e.article.title == "Aflevering 1"]
    assert first.article.enclosures == ()  # a list stays light
    assert library.article(first.id).enclosures == (MP3,)
    [again] = library.full_entries([first])
    assert again.article.enclosures == (MP3,)
    assert library.check().problems == []


def test_a_library_of_format_20_opens_with_its_stories_and_they_get_their_enclosures_when_seen_again(tmp_path):
    path = tmp_path / "library.sqlite"
    articles = feed_articles(PODCAST_RSS, url="https://pod.example/feed", source="https://pod.example/feed")
    library = Library(path)
    library.add([(a.with_changes(enclosures=()), CAPTURED) for a in articles])  # as format 20 stored them
    before = {e.id: library.article(e.id) for e in library.entries()}
    library.close()
    with closing(sqlite3.connect(path)) as database, database:
        database.execute("UPDATE meta SET value = 20 WHERE key = 'version'")
    reopened = Library(path)
    assert {e.id: reopened.article(e.id) for e in reopened.entries()} == before
    with closing(sqlite3.connect(path)) as database:
        assert int(database.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()[0]) == VERSION
    reopened.add([(a, CAPTURED) for a in articles])  # its feed read again
    assert Library(path).article(article_id("https://pod.example/afl/1")).enclosures == (MP3,)


def test_list_json_has_the_enclosures_of_each_item(cli, tmp_path):
    feed = tmp_path / "podcast.rss"
    feed.write_bytes(PODCAST_RSS)
    env = {"NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")}
    imported = cli("import", str(feed), env=env)
    assert imported.returncode == 0 and "left out" not in imported.stderr
    listed = {a["title"]: a for a in json.loads(cli("list", "--json", env=env).stdout)}
    assert listed["Aflevering 1"]["enclosures"] == [{"url": MP3.url, "type": "audio/mpeg", "length": 24_536_678}]
    assert listed["Aflevering 2"]["enclosures"] == [{"url": "https://pod.example/afl/2.mp3", "type": "audio/mpeg", "length": 1000}]
    assert public_json(Entry(feed_articles(PODCAST_RSS.replace(b"<enclosure", b"<x"))[0]))["enclosures"] == []


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_exports_write_the_enclosures_and_read_back_with_them(tmp_path, fmt):
    library = stored(tmp_path)
    two = Enclosure("https://pod.example/afl/1.ogg", None, None)
    first = library.article(article_id("https://pod.example/afl/1"))
    library.add([(first.with_changes(enclosures=(MP3, two)), CAPTURED)])
    data = build_feed(library.full_entries(library.entries()), fmt, FeedInfo.for_view(library.path, f"http://127.0.0.1:8080/feed.{fmt}"))
    if fmt == "atom":
        assert atom_schema().validate(strict_xml(data)), atom_schema().error_log
    parsed = {item.title: item for item in feedparser.parse(data).entries}
    assert {(e.href, e.get("type"), e.get("length")) for e in parsed["Aflevering 1"].enclosures} >= {(MP3.url, "audio/mpeg", "24536678")}
    again = {a.title: a for a in feed_articles(data, url="http://127.0.0.1:8080/feed")}
    expected = (MP3, two) if fmt == "atom" else (MP3,)  # RSS has room for one enclosure an item
    assert again["Aflevering 1"].enclosures == expected
    assert again["Aflevering 2"].enclosures == (Enclosure("https://pod.example/afl/2.mp3", "audio/mpeg", 1000),)


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_entries_with_enclosures_of_every_shape_are_byte_for_byte_what_feedgen_writes(tmp_path, fmt):
    """An export writes each entry from a template of its shape (feeds/out/entries.py): one of files known in part
    followed one of files known in whole."""
    from test_export import feedgen_entry_by_entry

    library = stored(tmp_path)
    shapes = [(), (MP3,), (Enclosure("https://pod.example/a?x=1&y=\"2\"", None, None),), (Enclosure("https://pod.example/b", "video/mp4", None), MP3)]
    entry = library.full_entries(library.entries())[0]
    entries = [replace(entry, article=entry.article.with_changes(url=f"https://pod.example/{n}", id=article_id(f"https://pod.example/{n}"), enclosures=shape)) for n, shape in enumerate(shapes)]
    info = FeedInfo.for_view(library.path, f"http://127.0.0.1:8080/feed.{fmt}")
    data = build_feed(entries, fmt, info, now=CAPTURED)
    assert data == feedgen_entry_by_entry(entries, fmt, info)
    assert data.count(b'rel="enclosure"' if fmt == "atom" else b"<enclosure ") == (4 if fmt == "atom" else 3)  # RSS: an item's first
    assert (b'length="0"' in data) == (fmt == "rss") and (b"application/octet-stream" in data) == (fmt == "rss")  # as RSS requires them


def test_the_reader_shows_the_enclosures_as_links_o_opens(tmp_path):
    from tui.widgets.reader import article_content, opened_links

    library = stored(tmp_path)
    article = library.article(article_id("https://pod.example/afl/1"))
    shown = article_content(article, Entry(article), CAPTURED).plain
    assert "[1] Attachment: audio/mpeg, 23.4 MB: https://pod.example/afl/1.mp3\n" in shown
    assert [link.url for link in opened_links(article)] == [MP3.url]
    nameless = article.with_changes(enclosures=(Enclosure("https://pod.example/x", None, None), Enclosure("https://pod.example/y", "video/mp4", 500)))
    shown = article_content(nameless, Entry(nameless), CAPTURED).plain
    assert "[1] Attachment: https://pod.example/x\n" in shown and "[2] Attachment: video/mp4, 500 bytes: https://pod.example/y\n" in shown


def test_the_reader_names_an_enclosure_in_dutch_with_the_size_written_as_dutch_writes_it(tmp_path):
    from conftest import speaking

    from feeds.language import choose_language
    from tui.widgets.reader import article_content

    choose_language(speaking(LANG="nl_NL.UTF-8"))
    article = stored(tmp_path).article(article_id("https://pod.example/afl/1"))
    assert "[1] Bijlage: audio/mpeg, 23,4 MB: https://pod.example/afl/1.mp3\n" in article_content(article, Entry(article), CAPTURED).plain


PODCAST_WITH_BASES = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://pod.example/shows/"><title>Podcast</title><id>urn:p</id><updated>2025-06-01T10:00:00Z</updated>
<entry><title>Aflevering 1</title><id>urn:1</id><link href="afl/1"/><link rel="enclosure" type="audio/mpeg" length="1000" href="afl/1.mp3"/><updated>2025-06-01T10:00:00Z</updated><summary>E.</summary></entry>
<entry xml:base="https://cdn.example/pod/"><title>Aflevering 2</title><id>urn:2</id><link href="https://pod.example/afl/2"/><link rel="enclosure" type="audio/mpeg" href="2.mp3"/><updated>2025-06-01T11:00:00Z</updated><summary>T.</summary></entry>
<entry><title>Aflevering 3</title><id>urn:3</id><link rel="enclosure" type="audio/mpeg" href="/afl/3.mp3"/><updated>2025-06-01T12:00:00Z</updated><summary>D.</summary></entry>
</feed>"""


@pytest.mark.parametrize("read", READERS)
def test_relative_enclosures_are_read_against_the_xml_base_as_the_items_links_are(read):
    """They were read against the feed's address: files that do not exist, and an episode of a file alone at the wrong one."""
    found = {a.title: (a.url, [e.url for e in a.enclosures]) for a in articles_of(read, PODCAST_WITH_BASES, "https://feeds.example/pod.atom").values()}
    assert found == {
        "Aflevering 1": ("https://pod.example/shows/afl/1", ["https://pod.example/shows/afl/1.mp3"]),
        "Aflevering 2": ("https://pod.example/afl/2", ["https://cdn.example/pod/2.mp3"]),
        "Aflevering 3": ("https://pod.example/afl/3.mp3", ["https://pod.example/afl/3.mp3"]),
    }
    assert articles_of(read, PODCAST_WITH_BASES)["Aflevering 1"].enclosures == (Enclosure("https://pod.example/shows/afl/1.mp3", "audio/mpeg", 1000),)


def test_a_damaged_podcast_feed_of_files_alone_loses_only_the_broken_item():
    """The fast parser's recovery took the rest for the broken item; the tolerant parser's reading, which kept the others,
    was passed over, as it counted only items with a link, and none of these has one."""
    items = "".join(
        f'<item><title>Aflevering {n}{"<%/title>" if n == 5 else "</title>"}<enclosure url="https://pod.example/{n}.mp3" length="10" type="audio/mpeg"/>'
        f"<description>&lt;p&gt;Aflevering {n}.&lt;/p&gt;</description></item>"
        for n in range(10)
    )
    feed = f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Podcast</title>{items}</channel></rss>'.encode()
    assert [a.url for a in feed_articles(feed, url="https://pod.example/feed")] == [f"https://pod.example/{n}.mp3" for n in range(10) if n != 5]


def test_an_enclosure_or_link_that_is_no_url_in_a_feed_with_an_xml_base_costs_only_itself():
    """`http://[x` is no URL: reading it against the xml:base failed the fast parser's whole reading (the tolerant one,
    bounded, is no match for a big feed)."""
    feed = PODCAST_WITH_BASES.replace(b'href="2.mp3"', b'href="http://[x/2.mp3"').replace(b'href="https://pod.example/afl/2"', b'href="http://[x/afl/2"')
    read = _fast(feed)
    # (an enclosure that no base makes a link is left out as it is read, and takes no file's place: _enclosures)
    assert [[e.url for e in entry.enclosures] for entry in read.entries] == [["https://pod.example/shows/afl/1.mp3"], [], ["https://pod.example/afl/3.mp3"]]
    assert read.entries[1].link == "http://[x/afl/2"


@pytest.mark.parametrize("read", READERS)
def test_one_file_written_with_and_without_credentials_takes_one_place_of_five(read):
    """Enclosures were told apart by their URL as written: one file twice, once with a password, lost the fifth file."""
    files = [f"https://pod.example/{n}.mp3" for n in range(MAX_ENCLOSURES)]
    written = ["https://jan:geheim@pod.example/0.mp3", " https://pod.example/0.mp3 ", *files]
    many = "".join(f'<enclosure url="{url}" length="10" type="audio/mpeg"/>' for url in written)
    feed = PODCAST_RSS.replace(b'<enclosure url="https://pod.example/afl/1.mp3" length="24536678" type="audio/mpeg"/>', many.encode())
    assert [e.url for e in articles_of(read, feed)["Aflevering 1"].enclosures] == files


@pytest.mark.parametrize("base", ["file:///tmp/", "ftp://pod.example/shows/", "javascript:alert(1)", "data:text/html,x"])
def test_an_items_xml_base_that_is_no_web_address_is_passed_over_and_voids_none_of_its_files(base):
    """`xml:base="file:///tmp/"` on an item made its relative enclosures `file:` URLs, which are refused: the episode was lost."""
    feed = PODCAST_WITH_BASES.replace(b'<entry xml:base="https://cdn.example/pod/">', f'<entry xml:base="{base}">'.encode())
    found = {a.title: [e.url for e in a.enclosures] for a in articles_of(_fast, feed, "https://feeds.example/pod.atom").values()}
    assert found["Aflevering 2"] == ["https://pod.example/shows/2.mp3"]  # against the feed's own base


def test_a_newsboat_episode_without_a_link_is_known_by_its_file_not_by_its_guid_read_as_an_address(tmp_path):
    """newsboat stores the guid as the url of an item without a link (`pod-12`): it was read against the feed's address,
    `https://pod.example/pod-12` (a page that does not exist) was the episode's, and the feed's next reading added it again."""
    from feeds import import_newsboat_cache

    feed = "https://pod.example/feed"
    item = {"url": "pod-2", "guid": "pod-2", "title": "Aflevering 2", "feedurl": feed, "enclosure_url": "https://pod.example/afl/2.mp3", "enclosure_type": "audio/mpeg"}
    newsboat_cache(tmp_path / "cache.db", {feed: "Podcast"}, [item])
    import_newsboat_cache(Library(tmp_path / "library.sqlite"), tmp_path / "cache.db", lambda address: Source(feed) if address == feed else None)
    library = Library(tmp_path / "library.sqlite")
    assert [e.article.url for e in library.entries()] == ["https://pod.example/afl/2.mp3"]
    library.add([(a, CAPTURED) for a in feed_articles(PODCAST_RSS, url=feed, source=feed) if a.title == "Aflevering 2"])
    assert [e.article.url for e in Library(tmp_path / "library.sqlite").entries()] == ["https://pod.example/afl/2.mp3"]


def test_the_reader_points_an_episode_of_a_summary_alone_to_its_file_not_to_the_browser(tmp_path):
    """`Summary only: … press o to read it in your browser` showed for an episode whose story is its audio."""
    from tui.widgets.reader import article_content

    article = stored(tmp_path).article(article_id("https://pod.example/afl/2.mp3"))
    assert article.is_teaser
    shown = article_content(article, Entry(article), CAPTURED, keys={"open_in_browser": "o"}).plain
    assert "read it in your browser" not in shown
    assert "Press o 1 to open it." in shown
    assert "[1] under Links" in article_content(article, Entry(article), CAPTURED).plain  # no key for it


def test_the_reader_points_a_news_summary_with_a_picture_attached_to_its_page_not_to_the_picture(tmp_path):
    """Feeds that attach a thumbnail to every item (NOS) had each summary say "the feed brings this item as its
    attachment. Press o 1", which opened the JPEG: the story is its page."""
    from tui.widgets.reader import article_content

    news = article("Brug dicht", lead="De brug is dicht.", kind="teaser", body=()).with_changes(
        url="https://nos.example/artikel/1", enclosures=(Enclosure("https://nos.example/img/1.jpg", "image/jpeg", 2048),)
    )
    shown = article_content(news, Entry(news), CAPTURED, keys={"open_in_browser": "o"}).plain
    assert "as its attachment" not in shown and "Press o to read it in your browser." in shown


@pytest.mark.parametrize("stored_files", [(), (MP3._replace(type=None, length=None),)], ids=["of-before-enclosures", "newsboats-without-size"])
def test_a_story_that_gains_only_its_files_or_their_size_is_stored_so_but_not_counted_updated(tmp_path, stored_files):
    """Each story stored before enclosures, and each episode of a newsboat import (which keeps no size), was counted
    updated at the next fetch of its feed: `2 updated` where nothing the user reads had changed."""
    path = tmp_path / "library.sqlite"
    [first] = [a for a in feed_articles(PODCAST_RSS, url="https://pod.example/feed", source="https://pod.example/feed") if a.title == "Aflevering 1"]
    Library(path).add([(first.with_changes(enclosures=stored_files), CAPTURED)])
    added = Library(path).add([(first, CAPTURED)])
    assert (added.new, added.updated, added.unchanged) == (0, 0, 1)
    assert Library(path).article(first.id).enclosures == (MP3,)
    retitled = Library(path).add([(first.with_changes(title="Aflevering 1, herzien"), CAPTURED)])
    assert retitled.updated == 1  # a change the user reads is one still


@pytest.mark.parametrize("read", READERS)
def test_episodes_of_other_guids_known_by_one_shared_file_are_each_kept_known_by_their_guid(read):
    """Two items of one feed whose only address is the same `trailer.mp3`, of different guids, became one story: a
    fetch said new=3 for 4 items, and the other episode was gone without a word; then it was left out, said so."""
    trailer = '<enclosure url="https://pod.example/trailer.mp3" length="10" type="audio/mpeg"/>'
    items = "".join(f"<item><title>Aflevering {n}</title><guid isPermaLink=\"false\">pod-{n}</guid><description>D.</description>{trailer}</item>" for n in (3, 4))
    feed = PODCAST_RSS.replace(b"</channel>", items.encode() + b"</channel>")
    kept = entry_articles(read(feed).entries, "Podcast", None, "https://pod.example/feed", None)
    assert kept.left_out == ()
    episodes = {a.title: a for a in kept.articles}
    assert [(episodes[t].url, episodes[t].guid) for t in ("Aflevering 3", "Aflevering 4")] == [
        ("https://pod.example/trailer.mp3#pod-3", "pod-3"),
        ("https://pod.example/trailer.mp3#pod-4", "pod-4"),
    ]
    assert len({a.id for a in kept.articles}) == 4
    assert episodes["Aflevering 4"].enclosures[0].url == "https://pod.example/trailer.mp3"
