"""Feed items of no link of their own (a status feed's notices): articles at the feed's page, each known by its guid."""

from __future__ import annotations

from html import escape

import pytest
from conftest import CAPTURED
from feedkit import atom_schema, feed_articles, run_fetch
from lxml import etree
from werkzeug import Response

from feeds.config import Settings, Source
from feeds.imports import import_paths
from feeds.library import Library
from feeds.model import Entry
from feeds.out.export import FeedInfo, build_feed
from feeds.pages.syndication import entry_articles, read_feed
from feeds.urls import article_id, page_url

FEED_URL = "https://status.example/feed"
HOME = "https://status.example/"


def rss(*items: tuple[str | None, str, str | None], home: str | None = HOME) -> bytes:
    """A status feed of items given as (guid, title, pubDate), none with a link; a guid or date of None is left out."""
    entries = "".join(
        f"<item><title>{escape(title)}</title><description>{escape(title)}: de dienst is even weg.</description>"
        + (f"<guid isPermaLink='false'>{escape(guid)}</guid>" if guid is not None else "")
        + (f"<pubDate>{date}</pubDate>" if date is not None else "")
        + "</item>"
        for guid, title, date in items
    )
    link = f"<link>{home}</link>" if home is not None else ""
    return f"<rss version='2.0'><channel><title>Status</title>{link}{entries}</channel></rss>".encode()


def atom(*items: tuple[str, str]) -> bytes:
    """An Atom status feed of entries given as (id, title), none with a link."""
    entries = "".join(
        f"<entry><title>{escape(title)}</title><id>{escape(id_)}</id><updated>2026-12-01T08:00:00Z</updated><content>{escape(title)}.</content></entry>"
        for id_, title in items
    )
    return (
        f"<feed xmlns='http://www.w3.org/2005/Atom'><title>Status</title><link rel='alternate' href='{HOME}'/><id>urn:status</id>"
        f"<updated>2026-12-01T08:00:00Z</updated>{entries}</feed>"
    ).encode()


def read(data: bytes, url: str | None = FEED_URL):
    feed = read_feed(data, url)
    return entry_articles(feed.entries, feed.title, None, url, "status", home=feed.link)


@pytest.mark.parametrize("data", [rss(("1234", "Storing", None), ("1235", "Onderhoud", None)), atom(("urn:uuid:1234", "Storing"), ("urn:uuid:1235", "Onderhoud"))], ids=["rss", "atom"])
def test_items_without_a_link_are_articles_at_the_feeds_page_told_apart_by_their_guids(data):
    """newsboat shows them; they were left out (`2 feed items left out: they have no link`), and the feed showed nothing."""
    articles = read(data)
    assert articles.left_out == ()
    assert [(a.title, page_url(a.url).partition("#")[0], a.guid is not None) for a in articles.articles] == [("Storing", HOME, True), ("Onderhoud", HOME, True)]
    assert len({a.id for a in articles.articles}) == 2 and len({a.url for a in articles.articles}) == 2
    assert [a.id for a in read(data).articles] == [a.id for a in articles.articles]  # the same articles at each reading


def test_an_item_without_a_link_keeps_its_id_whatever_items_come_beside_it():
    """Known by its guid at the feed's page even alone: an id of the page itself would change as a second came."""
    [alone] = read(rss(("1234", "Storing", None))).articles
    later = read(rss(("1240", "Nieuwe storing", None), ("1234", "Storing", None))).articles
    assert [a.title for a in later] == ["Nieuwe storing", "Storing"] and later[1].id == alone.id != later[0].id


def test_items_without_a_link_in_a_feed_without_a_page_are_at_the_feeds_own_address():
    articles = read(rss(("1234", "Storing", None), home=None)).articles
    assert [page_url(a.url).partition("#")[0] for a in articles] == [FEED_URL]


def test_items_without_a_link_or_guid_are_told_apart_by_their_title_and_by_their_date_where_titles_repeat():
    """A status feed's `Storing` comes back each week: by its title alone, the second was the first again."""
    first = ("Storing", "Mon, 30 Nov 2026 08:00:00 +0100")
    items = [(None, *first), (None, "Storing", "Tue, 01 Dec 2026 08:00:00 +0100"), (None, "Onderhoud", None)]
    articles = read(rss(*items)).articles
    assert [a.title for a in articles] == ["Storing", "Storing", "Onderhoud"] and len({a.id for a in articles}) == 3
    assert [a.id for a in read(rss(*items)).articles] == [a.id for a in articles]
    assert read(rss((None, *first), (None, "Onderhoud", None))).articles[1].id == articles[2].id


def test_an_item_without_a_link_and_a_guid_several_items_share_is_known_by_its_title():
    articles = read(rss(("status", "Storing", None), ("status", "Onderhoud", None))).articles
    assert [a.title for a in articles] == ["Storing", "Onderhoud"] and len({a.id for a in articles}) == 2


def test_the_test_helper_reads_items_without_a_link_as_a_fetch_does():
    assert [a.title for a in feed_articles(rss(("1234", "Storing", None)), url=FEED_URL)] == ["Storing"]


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_items_without_a_link_are_exported_with_ids_of_their_own_and_read_back_as_the_same_articles(fmt, tmp_path):
    stories = read(rss(("1234", "Storing", None), ("1235", "Onderhoud", None), (None, "Gepland onderhoud", None))).articles
    exported = build_feed([Entry(story, first_seen=CAPTURED) for story in stories], fmt, FeedInfo.for_view(tmp_path / "library.sqlite", "http://127.0.0.1:8080/feed"))
    document = etree.fromstring(exported)
    if fmt == "atom":
        schema = atom_schema()
        assert schema.validate(document), schema.error_log
        ids = [e.text for e in document.iter("{http://www.w3.org/2005/Atom}id")][1:]
    else:
        ids = [e.text for e in document.iter("guid")]
    assert len(ids) == 3 and len(set(ids)) == 3
    again = read(exported, "http://127.0.0.1:8080/feed").articles
    assert sorted((a.title, a.id) for a in again) == sorted((a.title, a.id) for a in stories)


@pytest.mark.parametrize("fmt", ["atom", "rss"])
@pytest.mark.parametrize("count", [1, 2])
def test_the_same_notice_of_two_sources_exported_is_read_back_into_a_new_library_as_the_stories_it_was(fmt, count, tmp_path):
    """Each at its feed's page, with the same title, date and text, two sources' notices were taken for one story's
    builds and merged into one, at the page's own id; one alone went to that id too."""
    notice = read_feed(rss((None, "Gepland onderhoud", "Mon, 30 Nov 2026 08:00:00 +0100")), FEED_URL)
    sources = [f"https://status.example/{name}.rss" for name in ("a", "b")[:count]]
    stories = [story for source in sources for story in entry_articles(notice.entries, notice.title, None, source, source, home=notice.link).articles]
    assert len({story.id for story in stories}) == count
    exported = tmp_path / f"export.{fmt}"
    exported.write_bytes(build_feed([Entry(story, first_seen=CAPTURED) for story in stories], fmt, FeedInfo.for_view(tmp_path / "library.sqlite", "http://127.0.0.1:8080/feed")))
    library = Library(tmp_path / "new" / "library.sqlite")
    import_paths(library, [exported], CAPTURED)
    assert sorted(entry.id for entry in Library(library.path).entries()) == sorted(story.id for story in stories)


def test_a_notice_alone_in_an_export_fetched_before_at_its_pages_own_id_is_not_stored_again(tmp_path, httpserver):
    """Another library's served feed, fetched: its notice alone at its page was stored at the page's own id, and is
    known there still by its guid, read where it was read."""
    notice = read(rss(("1234", "Storing", None))).articles
    served = build_feed([Entry(story, first_seen=CAPTURED) for story in notice], "atom", FeedInfo.for_view(tmp_path / "other.sqlite", "http://127.0.0.1:8080/feed"))
    httpserver.expect_request("/feed").respond_with_data(served, content_type="application/atom+xml")
    url = httpserver.url_for("/feed")
    feed = read_feed(served, url)
    [now] = entry_articles(feed.entries, feed.title, None, url, url, home=feed.link).articles
    before = now.with_changes(id=article_id(HOME), url=HOME)  # as it was read before
    library = Library(tmp_path / "library.sqlite")
    library.add([(before, CAPTURED)])
    Library(library.path).set_state([before.id], read=True)
    [result] = run_fetch(Library(library.path), [Source(url)], settings=SETTINGS).results
    assert (result.error, result.new) == (None, 0)
    assert [(entry.id, entry.read) for entry in Library(library.path).entries()] == [(before.id, True)]


def test_items_without_a_link_are_stored_once_and_keep_their_read_mark_at_each_fetch(tmp_path, httpserver):
    served = {"feed": rss(("1234", "Storing", None), ("1235", "Onderhoud", None))}
    httpserver.expect_request("/status.rss").respond_with_handler(lambda request: Response(served["feed"], content_type="application/rss+xml"))
    url = httpserver.url_for("/status.rss")
    library = Library(tmp_path / "library.sqlite")
    settings = Settings(connect_timeout=1, read_timeout=0.5, attempts=1, host_delay=0)
    [first] = run_fetch(library, [Source(url)], settings=settings).results
    assert (first.error, first.new, first.left_out) == (None, 2, ())
    read_one = next(entry.id for entry in Library(library.path).entries() if entry.article.title == "Storing")
    Library(library.path).set_state([read_one], read=True)
    served["feed"] = rss(("1236", "Storing", None), ("1234", "Storing", None), ("1235", "Onderhoud", None))
    [second] = run_fetch(Library(library.path), [Source(url)], settings=settings).results
    assert (second.error, second.new) == (None, 1)
    stored = Library(library.path).entries()
    assert sorted((entry.article.title, entry.read, entry.id == read_one) for entry in stored) == [("Onderhoud", False, False), ("Storing", False, False), ("Storing", True, True)]


@pytest.mark.parametrize("page", ["javascript:alert(1)", "file:///etc/passwd", "https://jan:geheim@status.example/"])
def test_items_without_a_link_are_never_at_a_hostile_page_nor_one_with_a_password(page):
    [article] = read(rss(("1234", "Storing", None), home=page)).articles
    assert page_url(article.url).partition("#")[0] in (FEED_URL, HOME) and "geheim" not in article.url


SETTINGS = Settings(connect_timeout=1, read_timeout=0.5, attempts=1, host_delay=0)


def test_items_without_a_link_of_two_feeds_of_one_page_are_each_their_own_story(tmp_path, httpserver):
    """Two status feeds of one site give one page: the second's item `1` was taken for the first's (`new=0`), and its
    `Gepland onderhoud` merged into the first's, mixing their dates and texts."""
    httpserver.expect_request("/a.rss").respond_with_data(rss(("1", "Storing bij de veerdienst", None), (None, "Gepland onderhoud", None)), content_type="application/rss+xml")
    httpserver.expect_request("/b.rss").respond_with_data(rss(("1", "Wegwerkzaamheden N57", None), (None, "Gepland onderhoud", None)), content_type="application/rss+xml")
    library = Library(tmp_path / "library.sqlite")
    first, second = run_fetch(library, [Source(httpserver.url_for("/a.rss")), Source(httpserver.url_for("/b.rss"))], settings=SETTINGS).results
    assert (first.new, second.new) == (2, 2)
    stored = Library(library.path).entries()
    assert sorted((entry.article.title, entry.article.source) for entry in stored) == sorted(
        (title, httpserver.url_for(f"/{feed}.rss")) for feed, title in (("a", "Storing bij de veerdienst"), ("a", "Gepland onderhoud"), ("b", "Wegwerkzaamheden N57"), ("b", "Gepland onderhoud"))
    )
    assert all(page_url(entry.article.url) == HOME for entry in stored)  # `o` opens the page, of either feed


def test_items_without_a_link_of_a_feed_without_a_page_keep_no_token_of_the_feeds_address(tmp_path, httpserver):
    """Their link was `…/f.rss?private_token=s3cr3t#1234`, shown, exported and served."""
    httpserver.expect_request("/f.rss").respond_with_data(rss(("1234", "Storing", None), home=None), content_type="application/rss+xml")
    url = httpserver.url_for("/f.rss") + "?private_token=s3cr3t"
    library = Library(tmp_path / "library.sqlite")
    [result] = run_fetch(library, [Source(url)], settings=SETTINGS).results
    assert (result.error, result.new) == (None, 1)
    [entry] = Library(library.path).entries()
    assert page_url(entry.article.url) == httpserver.url_for("/f.rss") and "s3cr3t" not in entry.article.url


def test_items_without_a_link_in_newsboats_cache_are_imported_as_fetch_stores_them_read_where_they_were_read(tmp_path, httpserver):
    """import-newsboat left them out: newsboat's read marks were lost, and the first fetch brought them all unread."""
    import sqlite3
    from contextlib import closing

    from test_sources_newsboat import NEWSBOAT_SCHEMA

    from feeds import import_newsboat_cache

    httpserver.expect_request("/status.rss").respond_with_data(rss(("1234", "Storing", None), ("1235", "Onderhoud", None)), content_type="application/rss+xml")
    url = httpserver.url_for("/status.rss")
    cache = tmp_path / "cache.db"
    with closing(sqlite3.connect(cache)) as db, db:
        for statement in NEWSBOAT_SCHEMA:
            db.execute(statement)
        db.execute("INSERT INTO rss_feed (rssurl, url, title) VALUES (?, ?, 'Status')", (url, HOME))
        db.executemany(
            "INSERT INTO rss_item (guid, title, author, url, feedurl, pubDate, content, unread) VALUES (?, ?, '', '', ?, 1772528400, ?, ?)",
            [("1234", "Storing", url, "<p>Storing: de dienst is even weg.</p>", 0), ("1235", "Onderhoud", url, "<p>Onderhoud: de dienst is even weg.</p>", 1)],
        )
    library = Library(tmp_path / "library.sqlite")
    imported = import_newsboat_cache(library, cache, lambda address: Source(url) if address == url else None)
    assert imported.left_out == 0
    [result] = run_fetch(Library(library.path), [Source(url)], settings=SETTINGS).results
    assert (result.error, result.new) == (None, 0)
    assert sorted((entry.article.title, entry.read) for entry in Library(library.path).entries()) == [("Onderhoud", False), ("Storing", True)]


def test_items_without_a_link_of_a_feed_file_without_a_page_are_left_out_saying_why():
    """They were said unreadable, or without anything to know them by: they had a guid and a text."""
    from feeds.pages.syndication import left_out_reason

    articles = read(rss(("1234", "Storing", None), ("1235", "Onderhoud", None), home=None), url=None)
    assert articles.articles == [] and left_out_reason(articles.left_out) == "2 feed items left out: they have no link, and their feed no page to file them at"


@pytest.mark.parametrize("moved", ["https://www.status.example/feed", "http://status.example/feed", "https://STATUS.example:443/feed"])
def test_a_source_moved_to_https_or_www_keeps_the_ids_of_its_items_without_a_link(moved):
    """Keyed by the source's address as written, a source given anew at https came with every notice again, unread (r87)."""
    data = rss(("1234", "Storing", None), (None, "Onderhoud", None))
    feed = read_feed(data, FEED_URL)
    before = entry_articles(feed.entries, feed.title, None, FEED_URL, FEED_URL, home=feed.link).articles
    after = entry_articles(feed.entries, feed.title, None, moved, moved, home=feed.link).articles
    assert [a.id for a in after] == [a.id for a in before]


def test_two_feeds_that_give_one_atom_id_keep_each_their_own_items_without_a_link(tmp_path, httpserver):
    """Feeds made from one template give one id (RFC 4287's own example): known by it, the second feed's notices were
    taken for the first's, and its text lost without a word."""
    for name in ("a", "b"):
        httpserver.expect_request(f"/{name}.xml").respond_with_data(atom(("1", f"Storing {name}"), ("2", f"Onderhoud {name}")), content_type="application/atom+xml")
    library = Library(tmp_path / "library.sqlite")
    report = run_fetch(library, [Source(httpserver.url_for(f"/{name}.xml")) for name in ("a", "b")], settings=SETTINGS)
    assert [(result.error, result.new) for result in report.results] == [(None, 2), (None, 2)]
    assert sorted(entry.article.title for entry in Library(library.path).entries()) == ["Onderhoud a", "Onderhoud b", "Storing a", "Storing b"]
