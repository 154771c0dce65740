"""A story is known by its source and its feed's guid as well as by its link, as newsboat knows it: a story whose link
changed (http to https, another tracking parameter, an xml:base) is the same story, not a new one, unread."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import datetime, timezone
from email.utils import format_datetime
from html import escape

import pytest
from feedkit import run_fetch
from test_sources_newsboat import newsboat_cache
from test_store import store_version
from werkzeug import Response

from feeds.config import Settings, Source
from feeds.library import Library
from feeds.store.database import VERSION
from feeds.urls import article_id

FAST = Settings(connect_timeout=1, read_timeout=0.5, attempts=1, host_delay=0)
OLD, MOVED = "http://nieuws.example/dijk", "https://nieuws.example/dijk?utm_source=rss"


def rss(*items: tuple[str | None, str, str], category: str = "Zeeland", dates: dict[str, str] | None = None) -> bytes:
    """A feed of items given as (guid, link, title); a guid of None is left out. `dates`: the pubDate of each link
    that has one."""
    entries = "".join(
        f"<item><title>{escape(title)}</title><link>{escape(link)}</link>"
        + (f"<guid isPermaLink='false'>{escape(guid)}</guid>" if guid is not None else "")
        + (f"<pubDate>{dates[link]}</pubDate>" if dates and link in dates else "")
        + f"<category>{category}</category><description>{escape(title)}: het nieuws van vandaag.</description></item>"
        for guid, link, title in items
    )
    return f"<rss version='2.0'><channel><title>Omroep</title>{entries}</channel></rss>".encode()


class Feeds:
    """Feeds served at paths of a local server, each as last set."""

    def __init__(self, httpserver) -> None:
        self.server = httpserver
        self.served: dict[str, bytes] = {}

    def serve(self, path: str, data: bytes) -> str:
        if path not in self.served:
            self.server.expect_request(path).respond_with_handler(lambda request: Response(self.served[path], content_type="application/rss+xml"))
        self.served[path] = data
        return self.server.url_for(path)


@pytest.fixture
def feeds(httpserver) -> Feeds:
    return Feeds(httpserver)


def fetch(library: Library, *urls: str):
    report = run_fetch(library, [Source(url) for url in urls], settings=FAST)
    assert all(result.error is None for result in report.results), [result.error for result in report.results]
    return report


@pytest.mark.parametrize("guid", ["tag:nieuws.example,2026:dijk", OLD], ids=["its own guid", "its first link as guid"])
def test_a_story_whose_link_changed_is_updated_in_place_read_starred_and_filed_as_it_was(tmp_path, feeds, guid):
    library = Library(tmp_path / "library.sqlite")
    url = feeds.serve("/feed", rss((guid, OLD, "Dijk versterkt")))
    fetch(library, url)
    [stored] = Library(library.path).entries()
    Library(library.path).set_state([stored.id], read=True, starred=True)
    feeds.serve("/feed", rss((guid, MOVED, "Dijk versterkt"), category="Binnenland"))
    [result] = fetch(Library(library.path), url).results
    assert (result.new, result.updated) == (0, 1)
    [entry] = Library(library.path).entries()
    assert (entry.id, entry.article.url, entry.read, entry.starred, entry.article.section) == (stored.id, MOVED, True, True, "Zeeland")
    [again] = fetch(Library(library.path), url).results
    assert (again.new, again.updated) == (0, 0)


def test_the_first_fetch_after_import_newsboat_brings_no_story_again_under_another_link(tmp_path, feeds):
    """newsboat stored the item under the link it read (it ignores an entry's xml:base; the site went https since):
    the fetch brought it under another, a second copy, unread, beside the one read in newsboat."""
    from feeds import import_newsboat_cache

    url = feeds.serve(
        "/feed", rss(("tag:nieuws.example,2026:dijk", MOVED, "Dijk versterkt"), ("http://nieuws.example/veer", "https://nieuws.example/veer", "Veer"))
    )
    cache = tmp_path / "cache.db"
    items = [
        {"guid": "tag:nieuws.example,2026:dijk", "url": OLD, "title": "Dijk versterkt", "feedurl": url, "unread": 0},
        {"guid": "http://nieuws.example/veer", "url": "http://nieuws.example/veer", "title": "Veer", "feedurl": url, "unread": 0},
    ]
    newsboat_cache(cache, {url: "Omroep"}, items)
    import_newsboat_cache(Library(tmp_path / "library.sqlite"), cache, lambda address: Source(url) if address == url else None)
    [result] = fetch(Library(tmp_path / "library.sqlite"), url).results
    assert result.new == 0
    entries = Library(tmp_path / "library.sqlite").entries()
    assert sorted((entry.article.url, entry.read) for entry in entries) == [(MOVED, True), ("https://nieuws.example/veer", True)]


@pytest.mark.parametrize("guid", ["tag:nieuws.example,2026:dijk", OLD], ids=["its own guid", "its first link as guid"])
def test_a_story_its_feed_lists_at_its_first_link_again_goes_back_there(tmp_path, feeds, guid):
    """It stayed at the link it had left, which o opens and exports link to, counted unchanged."""
    library = Library(tmp_path / "library.sqlite")
    url = feeds.serve("/feed", rss((guid, OLD, "Dijk versterkt")))
    for link in (OLD, MOVED, OLD):
        feeds.serve("/feed", rss((guid, link, "Dijk versterkt")))
        [result] = fetch(Library(library.path), url).results
    assert (result.new, result.updated) == (0, 1)
    [entry] = Library(library.path).entries()
    assert (entry.id, entry.article.url) == (article_id(OLD), OLD)
    with closing(sqlite3.connect(library.files.database)) as database:
        assert database.execute("SELECT count(*) FROM first_links").fetchone() == (0,)  # its exports know it by its link again


def test_a_second_source_at_the_old_link_without_guids_moves_no_story_back(tmp_path, feeds):
    """Source A's guid moved the story to https; source B lists it at its first link, without a guid. B's item is the
    story by its id (its first link's) and leaves it at its new link: else B moved it back at every fetch and A
    forward again, counted updated by both."""
    library = Library(tmp_path / "library.sqlite")
    first = feeds.serve("/a", rss(("tag:dijk", OLD, "Dijk versterkt")))
    second = feeds.serve("/b", rss((None, OLD, "Dijk versterkt")))
    fetch(library, first, second)
    feeds.serve("/a", rss(("tag:dijk", MOVED, "Dijk versterkt")))
    updated = [{result.source.url: result.updated for result in fetch(Library(library.path), first, second).results} for _ in range(3)]
    assert updated == [{first: 1, second: 0}, {first: 0, second: 0}, {first: 0, second: 0}]
    assert [entry.article.url for entry in Library(library.path).entries()] == [MOVED]


@pytest.mark.parametrize("guid", ["1", "https://nieuws.example/"], ids=["a number", "an address"])
def test_one_guid_of_two_sources_is_two_stories(tmp_path, feeds, guid):
    library = Library(tmp_path / "library.sqlite")
    first = feeds.serve("/a", rss((guid, "https://a.example/dijk", "Dijk versterkt")))
    second = feeds.serve("/b", rss((guid, "https://b.example/veer", "Veerboot vaart weer")))
    fetch(library, first, second)
    feeds.serve("/a", rss((guid, "https://a.example/dijk?utm=x", "Dijk versterkt")))
    fetch(Library(library.path), first, second)
    entries = Library(library.path).entries()
    assert sorted((entry.article.url, entry.article.title) for entry in entries) == [
        ("https://a.example/dijk?utm=x", "Dijk versterkt"),
        ("https://b.example/veer", "Veerboot vaart weer"),
    ]


@pytest.mark.parametrize("guid", ["https://nieuws.example/", "", "   "], ids=["one for all", "empty", "blank"])
def test_entries_that_share_a_guid_or_have_an_empty_one_stay_stories_of_their_own(tmp_path, feeds, guid):
    library = Library(tmp_path / "library.sqlite")
    url = feeds.serve("/feed", rss((guid, "https://nieuws.example/1", "Een"), (guid, "https://nieuws.example/2", "Twee")))
    fetch(library, url)
    feeds.serve("/feed", rss((guid, "https://nieuws.example/3", "Drie"), (guid, "https://nieuws.example/4", "Vier")))
    fetch(Library(library.path), url)
    assert sorted(entry.article.title for entry in Library(library.path).entries()) == ["Drie", "Een", "Twee", "Vier"]


def test_a_guid_that_one_entry_gave_before_and_several_give_now_knows_none_of_them(tmp_path, feeds):
    """A feed that gave its one entry its site's address as guid, and now gives it to each."""
    library = Library(tmp_path / "library.sqlite")
    url = feeds.serve("/feed", rss(("site", "https://nieuws.example/1", "Een")))
    fetch(library, url)
    feeds.serve("/feed", rss(("site", "https://nieuws.example/2", "Twee"), ("site", "https://nieuws.example/3", "Drie")))
    fetch(Library(library.path), url)
    assert sorted(entry.article.title for entry in Library(library.path).entries()) == ["Drie", "Een", "Twee"]


def test_a_pruned_story_seen_again_under_another_link_stays_away(tmp_path, feeds):
    library = Library(tmp_path / "library.sqlite")
    url = feeds.serve("/feed", rss(("tag:dijk", OLD, "Dijk versterkt"), (OLD, OLD.replace("dijk", "veer"), "Veer")))
    fetch(library, url)
    with Library(library.path).writing() as writer:
        writer.prune([entry.id for entry in Library(library.path).entries()], ())
    feeds.serve("/feed", rss(("tag:dijk", MOVED, "Dijk versterkt"), (OLD, MOVED.replace("dijk", "veer"), "Veer")))
    [result] = fetch(Library(library.path), url).results
    assert result.new == 0
    assert Library(library.path).entries() == []


def test_a_library_of_format_13_knows_its_stories_by_their_guids_once_brought_up_to_date(tmp_path, feeds):
    """A library made before the guids were kept opens and fetches; a story it had is known by its guid once seen again."""
    library = Library(tmp_path / "library.sqlite")
    url = feeds.serve("/feed", rss(("tag:dijk", OLD, "Dijk versterkt")))
    fetch(library, url)
    library.close()
    with closing(sqlite3.connect(tmp_path / "library.sqlite")) as database, database:  # as format 13 made it
        database.execute("DROP TABLE guids")
        database.execute("UPDATE meta SET value = 13 WHERE key = 'version'")
    fetch(Library(library.path), url)  # the story seen again, at its link
    with closing(sqlite3.connect(tmp_path / "library.sqlite")) as database:
        assert database.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()[0] == VERSION
    feeds.serve("/feed", rss(("tag:dijk", MOVED, "Dijk versterkt")))
    fetch(Library(library.path), url)
    assert [entry.article.url for entry in Library(library.path).entries()] == [MOVED]


def test_items_of_newsboats_cache_that_share_a_guid_are_no_story_the_library_knows_by_it(tmp_path, feeds):
    """A cache made by hand (newsboat keeps one item of a guid): its items of one guid would all be the story a fetch
    stored under it."""
    from feeds import import_newsboat_cache

    url = feeds.serve("/feed", rss(("site", "https://nieuws.example/1", "Een")))
    fetch(Library(tmp_path / "library.sqlite"), url)
    cache = tmp_path / "cache.db"
    items = [{"guid": "site", "url": f"https://nieuws.example/{n}", "title": title, "feedurl": url} for n, title in ((2, "Twee"), (3, "Drie"))]
    newsboat_cache(cache, {url: "Omroep"}, items)
    import_newsboat_cache(Library(tmp_path / "library.sqlite"), cache, lambda address: Source(url) if address == url else None)
    assert sorted(entry.article.title for entry in Library(tmp_path / "library.sqlite").entries()) == ["Drie", "Een", "Twee"]


def test_a_guid_is_told_shared_by_the_whole_feed_whichever_share_of_it_a_worker_reads():
    """A big feed is read in shares, a worker's each: two entries of one guid in two shares were each the only one."""
    from datetime import datetime

    from feeds.model import AMSTERDAM
    from feeds.web.workers import share_records

    data = rss(
        ("a", "https://nieuws.example/1", "Een"),
        ("b", "https://nieuws.example/2", "Twee"),
        ("c", "https://nieuws.example/3", "Drie"),
        ("a", "https://nieuws.example/4", "Vier"),
    )
    shares = [share_records(data, share, 2, None, "https://nieuws.example/rss", "https://nieuws.example/rss", datetime.now(AMSTERDAM)) for share in (0, 1)]
    assert [record.guid for share in shares for record in share.records] == [None, "b", "c", None]


@pytest.mark.parametrize("guid", ["tag:nieuws.example,2026:dijk", OLD], ids=["its own guid", "its link as guid"])
def test_an_item_deleted_in_newsboat_stays_away_when_its_feed_links_it_elsewhere(tmp_path, feeds, guid):
    from feeds import import_newsboat_cache

    url = feeds.serve("/feed", rss((guid, MOVED, "Dijk versterkt")))
    cache = tmp_path / "cache.db"
    newsboat_cache(cache, {url: "Omroep"}, [{"guid": guid, "url": OLD, "title": "Dijk versterkt", "feedurl": url, "deleted": 1}])
    import_newsboat_cache(Library(tmp_path / "library.sqlite"), cache, lambda address: Source(url) if address == url else None)
    [result] = fetch(Library(tmp_path / "library.sqlite"), url).results
    assert result.new == 0
    assert Library(tmp_path / "library.sqlite").entries() == []


def day(n: int) -> str:
    return f"{n + 1:02d} Dec 2026 08:00:00 +0100"


def new_counts(library: Library, url: str, feeds: Feeds, *served: bytes) -> list[int]:
    """How many stories are new at a fetch of each feed served in turn at `url`. (Not how many are updated: a story
    further down the feed than in a fetch of the same second was seen a microsecond earlier, and is.)"""
    counts = []
    for data in served:
        feeds.serve("/feed", data)
        [result] = fetch(Library(library.path), url).results
        counts.append(result.new)
    return counts


def stored(library: Library) -> list[tuple[str, str, bool]]:
    """(url, title, starred) of each stored story, by url."""
    return sorted((entry.article.url, entry.article.title, entry.starred) for entry in Library(library.path).entries())


def test_a_feed_that_numbers_its_items_by_position_brings_each_new_story_and_keeps_the_old(tmp_path, feeds):
    """Its guids 1, 2, 3 name other stories at each fetch: a new story took the place of the one its guid named,
    and the newest was not stored at all."""
    library = Library(tmp_path / "library.sqlite")
    base = "https://nieuws.example/b"
    dates = {f"{base}{n}": day(n) for n in range(8)}

    def feed(*numbers: int) -> bytes:
        return rss(*((str(place), f"{base}{n}", f"Bericht {n}") for place, n in enumerate(numbers, 1)), dates=dates)

    url = feeds.serve("/feed", feed(2, 1, 0))
    assert new_counts(library, url, feeds, feed(2, 1, 0), feed(3, 2, 1), feed(7, 6, 5)) == [3, 1, 3]
    assert stored(library) == [(f"{base}{n}", f"Bericht {n}", False) for n in (0, 1, 2, 3, 5, 6, 7)]
    assert {entry.id for entry in Library(library.path).entries()} == {article_id(f"{base}{n}") for n in (0, 1, 2, 3, 5, 6, 7)}


def test_a_feed_that_numbers_its_items_by_position_and_titles_them_alike_brings_each_new_story(tmp_path, feeds):
    """The story a guid named before is in the feed still, under another guid: that entry is that story."""
    library = Library(tmp_path / "library.sqlite")
    base = "https://weer.example/"

    def feed(*numbers: int) -> bytes:
        return rss(*((str(place), f"{base}{n}", "Het weer") for place, n in enumerate(numbers, 1)))

    url = feeds.serve("/feed", feed(1, 0))
    assert new_counts(library, url, feeds, feed(1, 0), feed(2, 1)) == [2, 1]
    assert [entry.article.url for entry in sorted(Library(library.path).entries(), key=lambda e: e.article.url)] == [f"{base}{n}" for n in range(3)]


def test_a_one_item_feed_with_a_fixed_guid_brings_each_new_story_and_keeps_the_starred_one(tmp_path, feeds):
    library = Library(tmp_path / "library.sqlite")
    base = "https://nieuws.example/laatste/"
    url = feeds.serve("/feed", rss(("laatste", f"{base}0", "verhaal 0")))
    fetch(library, url)
    [first] = Library(library.path).entries()
    Library(library.path).set_state([first.id], starred=True)
    assert new_counts(library, url, feeds, rss(("laatste", f"{base}1", "verhaal 1"))) == [1]
    assert stored(library) == [(f"{base}0", "verhaal 0", True), (f"{base}1", "verhaal 1", False)]
    assert [entry.article.title for entry in Library(library.path).entries() if entry.id == first.id] == ["verhaal 0"]


def test_a_pruned_story_keeps_away_no_later_story_its_guid_names(tmp_path, feeds):
    library = Library(tmp_path / "library.sqlite")
    base = "https://nieuws.example/laatste/"
    url = feeds.serve("/feed", rss(("laatste", f"{base}0", "verhaal 0")))
    fetch(library, url)
    with Library(library.path).writing() as writer:
        writer.prune([entry.id for entry in Library(library.path).entries()], ())
    assert new_counts(library, url, feeds, rss(("laatste", f"{base}1", "verhaal 1")), rss(("laatste", f"{base}2", "verhaal 2"))) == [1, 1]
    assert [title for _url, title, _starred in stored(library)] == ["verhaal 1", "verhaal 2"]


def test_a_story_that_moved_and_was_retitled_is_known_by_its_guid_and_date(tmp_path, feeds):
    """A moved story keeps its title or its date; a feed that reuses a guid brings another story, with other ones."""
    library = Library(tmp_path / "library.sqlite")
    dates = {OLD: day(3), MOVED: day(3)}
    url = feeds.serve("/feed", rss(("tag:dijk", OLD, "Dijk versterkt"), dates=dates))
    fetch(library, url)
    [first] = Library(library.path).entries()
    Library(library.path).set_state([first.id], starred=True)
    feeds.serve("/feed", rss(("tag:dijk", MOVED, "Dijk bij Vlissingen versterkt"), dates=dates))
    [result] = fetch(Library(library.path), url).results
    assert (result.new, result.updated) == (0, 1)
    assert stored(library) == [(MOVED, "Dijk bij Vlissingen versterkt", True)]


def test_a_fixed_guid_brings_a_story_of_another_date_under_the_same_title_as_a_new_one(tmp_path, feeds):
    """A daily item of one title (`Het weer`) that a one-item feed gives one guid: a moved story keeps its date."""
    library = Library(tmp_path / "library.sqlite")
    base = "https://weer.example/vandaag/"
    dates = {f"{base}{n}": day(n) for n in range(2)}
    url = feeds.serve("/feed", rss(("weer", f"{base}0", "Het weer"), dates=dates))
    assert new_counts(library, url, feeds, rss(("weer", f"{base}0", "Het weer"), dates=dates), rss(("weer", f"{base}1", "Het weer"), dates=dates)) == [1, 1]
    assert [url for url, _title, _starred in stored(library)] == [f"{base}0", f"{base}1"]


def test_a_pruned_story_stays_away_moved_and_retitled_and_a_story_of_another_date_its_guid_brings_comes(tmp_path, feeds):
    library = Library(tmp_path / "library.sqlite")
    dates = {OLD: day(3), MOVED: day(3), f"{MOVED}&n=2": day(4)}
    url = feeds.serve("/feed", rss(("tag:dijk", OLD, "Dijk versterkt"), dates=dates))
    fetch(library, url)
    with Library(library.path).writing() as writer:
        writer.prune([entry.id for entry in Library(library.path).entries()], ())
    moved = rss(("tag:dijk", MOVED, "Dijk bij Vlissingen versterkt"), dates=dates)
    assert new_counts(library, url, feeds, moved, rss(("tag:dijk", f"{MOVED}&n=2", "Dijk versterkt"), dates=dates)) == [0, 1]
    assert stored(library) == [(f"{MOVED}&n=2", "Dijk versterkt", False)]


def atom(guid: str, link: str, title: str, updated: str) -> bytes:
    """A feed of one entry that dates it by its `<updated>` alone, as many Atom feeds do: each edit dates it anew."""
    entry = (
        f"<entry><id>{escape(guid)}</id><title>{escape(title)}</title><link href='{escape(link)}'/><updated>{updated}</updated>"
        f"<category term='Zeeland'/><summary>{escape(title)}: het nieuws van vandaag.</summary></entry>"
    )
    return f"<feed xmlns='http://www.w3.org/2005/Atom'><title>Omroep</title><id>tag:omroep</id><updated>{updated}</updated>{entry}</feed>".encode()


def moved_story(tmp_path, feeds, path: str = "/a") -> tuple[Library, str, str]:
    """A library whose story, read and starred, its feed (at `path`) moved by its guid from OLD to MOVED: the library,
    the feed's address and the story's id."""
    library = Library(tmp_path / "library.sqlite")
    url = feeds.serve(path, rss(("tag:dijk", OLD, "Dijk versterkt")))
    fetch(library, url)
    story = read_and_starred(library)
    feeds.serve(path, rss(("tag:dijk", MOVED, "Dijk versterkt")))
    fetch(Library(library.path), url)
    return library, url, story


def read_and_starred(library: Library) -> str:
    [entry] = Library(library.path).entries()
    Library(library.path).set_state([entry.id], read=True, starred=True)
    return entry.id


def moved_once(library: Library, url: str, story: str) -> None:
    """The story at its new link, counted updated, read and starred as it was; and so at the next fetch, unchanged."""
    [result] = fetch(Library(library.path), url).results
    assert (result.new, result.updated) == (0, 1)
    [entry] = Library(library.path).entries()
    assert (entry.id, entry.article.url, entry.read, entry.starred, entry.article.section) == (story, MOVED, True, True, "Zeeland")
    [again] = fetch(Library(library.path), url).results
    assert (again.new, again.updated) == (0, 0)


def test_a_story_its_feed_dated_anew_at_its_link_is_known_by_its_guid_once_it_moves(tmp_path, feeds):
    """An edited item, dated anew, and later linked with a tracking parameter: the library keeps the earliest date it
    saw, which the moved item no longer has; it came again, unread, beside the one read."""
    library = Library(tmp_path / "library.sqlite")
    url = feeds.serve("/feed", rss(("tag:dijk", OLD, "Dijk versterkt"), dates={OLD: day(3)}))
    fetch(library, url)
    story = read_and_starred(library)
    feeds.serve("/feed", rss(("tag:dijk", OLD, "Dijk versterkt"), dates={OLD: day(4)}))
    fetch(Library(library.path), url)
    feeds.serve("/feed", rss(("tag:dijk", MOVED, "Dijk versterkt"), dates={MOVED: day(4)}))
    moved_once(library, url, story)


def test_an_atom_entry_updated_at_its_link_is_known_by_its_id_once_it_moves(tmp_path, feeds):
    library = Library(tmp_path / "library.sqlite")
    guid = "tag:nieuws.example,2026:dijk"
    url = feeds.serve("/feed", atom(guid, OLD, "Dijk versterkt", "2026-12-04T08:00:00+01:00"))
    fetch(library, url)
    story = read_and_starred(library)
    for updated in ("2026-12-04T09:30:00+01:00", "2026-12-04T11:15:00+01:00"):
        feeds.serve("/feed", atom(guid, OLD, "Dijk versterkt", updated))
        fetch(Library(library.path), url)
    feeds.serve("/feed", atom(guid, MOVED, "Dijk versterkt", "2026-12-04T11:15:00+01:00"))
    moved_once(library, url, story)


def test_a_story_a_second_source_dates_earlier_is_known_by_the_guid_of_the_first_once_it_moves(tmp_path, feeds):
    """The second source's date, the earliest, is the story's; the first source's item keeps its own."""
    library = Library(tmp_path / "library.sqlite")
    first = feeds.serve("/a", rss(("tag:dijk", OLD, "Dijk versterkt"), dates={OLD: day(3)}))
    second = feeds.serve("/b", rss((None, OLD, "Dijk versterkt"), dates={OLD: day(2)}))
    fetch(library, first, second)
    story = read_and_starred(library)
    feeds.serve("/a", rss(("tag:dijk", MOVED, "Dijk versterkt"), dates={MOVED: day(3)}))
    counts = {result.source.url: (result.new, result.updated) for result in fetch(Library(library.path), first, second).results}
    assert counts == {first: (0, 1), second: (0, 0)}
    [entry] = Library(library.path).entries()
    assert (entry.id, entry.article.url, entry.read, entry.starred) == (story, MOVED, True, True)


def test_a_pruned_story_its_feed_dated_anew_stays_away_once_it_moves(tmp_path, feeds):
    library = Library(tmp_path / "library.sqlite")
    url = feeds.serve("/feed", rss(("tag:dijk", OLD, "Dijk versterkt"), dates={OLD: day(3)}))
    fetch(library, url)
    feeds.serve("/feed", rss(("tag:dijk", OLD, "Dijk versterkt"), dates={OLD: day(4)}))
    fetch(Library(library.path), url)
    with Library(library.path).writing() as writer:
        writer.prune([entry.id for entry in Library(library.path).entries()], ())
    feeds.serve("/feed", rss(("tag:dijk", MOVED, "Dijk versterkt"), dates={MOVED: day(4)}))
    [result] = fetch(Library(library.path), url).results
    assert result.new == 0
    assert Library(library.path).entries() == []


def test_a_pruned_story_its_feed_dated_anew_after_the_prune_stays_away_once_it_moves(tmp_path, feeds):
    library = Library(tmp_path / "library.sqlite")
    url = feeds.serve("/feed", rss(("tag:dijk", OLD, "Dijk versterkt"), dates={OLD: day(3)}))
    fetch(library, url)
    with Library(library.path).writing() as writer:
        writer.prune([entry.id for entry in Library(library.path).entries()], ())
    for served in (rss(("tag:dijk", OLD, "Dijk versterkt"), dates={OLD: day(4)}), rss(("tag:dijk", MOVED, "Dijk versterkt"), dates={MOVED: day(4)})):
        feeds.serve("/feed", served)
        [result] = fetch(Library(library.path), url).results
        assert result.new == 0
    assert Library(library.path).entries() == []


def as_format_17(path) -> None:
    """The library as format 17 made it: its guids without their item's date and title."""
    with closing(sqlite3.connect(path)) as database, database:
        database.execute("ALTER TABLE guids DROP COLUMN published")
        database.execute("ALTER TABLE guids DROP COLUMN title")
        database.execute("UPDATE meta SET value = 17 WHERE key = 'version'")


def test_a_library_of_format_17_knows_its_stories_by_their_guids_and_learns_how_their_items_look(tmp_path, feeds):
    """Its guids knew no item's date nor title: a story is known as before (by its stored date) until its item is
    seen again, and from then on by the item's own."""
    library = Library(tmp_path / "library.sqlite")
    url = feeds.serve("/feed", rss(("tag:dijk", OLD, "Dijk versterkt"), dates={OLD: day(3)}, category="Zeeland"))
    fetch(library, url)
    story = read_and_starred(library)
    library.close()
    as_format_17(tmp_path / "library.sqlite")
    feeds.serve("/feed", rss(("tag:dijk", OLD, "Dijk versterkt"), dates={OLD: day(4)}))
    fetch(Library(library.path), url)
    with closing(sqlite3.connect(tmp_path / "library.sqlite")) as database:
        assert database.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()[0] == VERSION
    feeds.serve("/feed", rss(("tag:dijk", MOVED, "Dijk versterkt"), dates={MOVED: day(4)}))
    moved_once(library, url, story)


def test_a_library_of_format_17_knows_a_story_moved_by_its_guid_before_its_item_is_seen_again(tmp_path, feeds):
    library = Library(tmp_path / "library.sqlite")
    url = feeds.serve("/feed", rss(("tag:dijk", OLD, "Dijk versterkt"), dates={OLD: day(3)}))
    fetch(library, url)
    story = read_and_starred(library)
    library.close()
    as_format_17(tmp_path / "library.sqlite")
    feeds.serve("/feed", rss(("tag:dijk", MOVED, "Dijk versterkt"), dates={MOVED: day(3)}))
    moved_once(library, url, story)


def as_format_18(path) -> None:
    """The library as format 18 made it: its articles without the source whose text each shows."""
    with closing(sqlite3.connect(path)) as database, database:
        database.execute("ALTER TABLE articles DROP COLUMN text_source")
        database.execute("UPDATE meta SET value = 18 WHERE key = 'version'")


def test_a_story_stored_by_format_18_shows_the_text_of_the_source_it_is_filed_by_and_another_s_shorter_one_leaves_it(tmp_path, feeds):
    def summarised(guid: str, summary: str) -> bytes:
        return rss((guid, OLD, "Dijk versterkt")).replace(b"Dijk versterkt: het nieuws van vandaag.", summary.encode())

    summary = "Het waterschap versterkt de dijk bij Vlissingen over een lengte van twee kilometer, tot het eind van het jaar."
    first = feeds.serve("/omroep.rss", summarised("omroep-1", summary))
    second = feeds.serve("/krant.rss", summarised("krant-9", "Dijk versterkt."))
    library = Library(tmp_path / "library.sqlite")
    fetch(library, first)
    library.close()
    as_format_18(tmp_path / "library.sqlite")
    for _fetch in range(2):
        counts = {result.source.url: (result.new, result.updated) for result in fetch(Library(library.path), first, second).results}
        assert counts == {first: (0, 0), second: (0, 0)}
        assert (Library(library.path).article(article_id(OLD)).lead, store_version(tmp_path / "library.sqlite")) == (summary, VERSION)
    feeds.serve("/omroep.rss", summarised("omroep-1", "De dijk bij Vlissingen wordt versterkt."))
    fetch(Library(library.path), first, second)
    assert Library(library.path).article(article_id(OLD)).lead == "De dijk bij Vlissingen wordt versterkt."


HOME = "http://example.org/"


def at_home(*guids: str, dated: bool = False) -> bytes:
    """A status feed's: every item links to the site's home page, each of its own guid; `dated`: all of one date."""
    titles = {"a1": "Een", "a2": "Twee", "a3": "Drie"}
    return rss(*((guid, HOME, titles[guid]) for guid in guids), dates={HOME: day(3)} if dated else None)


def test_items_of_other_guids_that_all_link_to_one_page_are_stories_of_their_own(tmp_path, feeds):
    """A status feed whose items all link to the site's home page was stored as one story: new=1 for 3 items, the
    other two lost without a word (newsboat, which knows items by their guid, shows all three)."""
    url = feeds.serve("/feed", at_home("a1", "a2", "a3"))
    [result] = fetch(Library(tmp_path / "library.sqlite"), url).results
    assert result.new == 3
    stories = {entry.article.title: entry.article.url for entry in Library(tmp_path / "library.sqlite").entries()}
    assert stories == {"Een": "http://example.org/#a1", "Twee": "http://example.org/#a2", "Drie": "http://example.org/#a3"}


def test_an_item_left_alone_at_a_shared_link_stays_its_story_read_and_goes_back_at_its_link_shared_again(tmp_path, feeds):
    library = Library(tmp_path / "library.sqlite")
    url = feeds.serve("/feed", at_home("a1", "a2", "a3"))
    fetch(library, url)
    [een] = [entry for entry in Library(library.path).entries() if entry.article.title == "Een"]
    Library(library.path).set_state([een.id], read=True)
    feeds.serve("/feed", at_home("a1"))
    [alone] = fetch(Library(library.path), url).results
    assert alone.new == 0
    entries = {entry.article.title: entry for entry in Library(library.path).entries()}
    assert (len(entries), entries["Een"].id, entries["Een"].article.url, entries["Een"].read) == (3, een.id, HOME, True)
    feeds.serve("/feed", at_home("a1", "a2", "a3"))
    [shared_again] = fetch(Library(library.path), url).results
    assert shared_again.new == 0
    entries = {entry.article.title: entry for entry in Library(library.path).entries()}
    assert (len(entries), entries["Een"].id, entries["Een"].article.url, entries["Een"].read) == (3, een.id, "http://example.org/#a1", True)


def test_a_link_is_told_shared_by_the_whole_feed_whichever_share_of_it_a_worker_reads():
    from datetime import datetime

    from feeds.model import AMSTERDAM
    from feeds.web.workers import share_records

    data = at_home("a1", "a2")
    shares = [share_records(data, share, 2, None, "https://nieuws.example/rss", "https://nieuws.example/rss", datetime.now(AMSTERDAM)) for share in (0, 1)]
    assert [record.url for share in shares for record in share.records] == ["http://example.org/#a1", "http://example.org/#a2"]


@pytest.mark.parametrize("dated", [False, True], ids=["undated", "all-of-one-date"])
def test_a_story_an_earlier_version_made_of_items_at_one_link_is_one_of_them_and_the_others_come(tmp_path, feeds, dated):
    """Stored as one story, each item's guid knew it, with how that item looked: all three were known by their guids
    as that story again, and it stayed one."""
    from datetime import datetime

    from feeds.model import AMSTERDAM
    from feeds.pages.syndication import Shared, entry_articles, read_feed

    url = feeds.serve("/feed", at_home("a1", "a2", "a3", dated=dated))
    feed = read_feed(at_home("a1", "a2", "a3", dated=dated), url)
    as_before = entry_articles(feed.entries, feed.title, None, url, url, Shared(set(), {})).articles
    Library(tmp_path / "library.sqlite").add([(article, datetime.now(AMSTERDAM)) for article in as_before])
    [story] = Library(tmp_path / "library.sqlite").entries()
    Library(tmp_path / "library.sqlite").set_state([story.id], read=True)
    [result] = fetch(Library(tmp_path / "library.sqlite"), url).results
    assert result.new == 2
    entries = Library(tmp_path / "library.sqlite").entries()
    assert sorted(entry.article.title for entry in entries) == ["Drie", "Een", "Twee"]
    # The read mark stays with the item whose title the story showed (with one date for all, the first item took it).
    assert [(entry.id, entry.article.title) for entry in entries if entry.read] == [(story.id, story.article.title)]


def episode(guid: str, file: str, published: str) -> bytes:
    """A podcast of one episode known by its file alone (no link), as many are."""
    item = (
        f"<item><title>Aflevering 2</title><guid isPermaLink='false'>{escape(guid)}</guid><pubDate>{published}</pubDate>"
        f"<description>Aflevering 2: het nieuws van vandaag.</description><enclosure url='{escape(file)}' length='1000' type='audio/mpeg'/></item>"
    )
    return f"<rss version='2.0'><channel><title>Podcast</title>{item}</channel></rss>".encode()


REDATED = "02 Dec 2026 08:05:00 +0100"  # five minutes after day(1)
RENAMED, FILE = "https://nieuws.example/nieuw/dijk", "https://cdn.pod.example/v2/afl-2.mp3"
MOVES = {
    "a story": (rss(("tag:dijk", OLD, "Dijk versterkt"), dates={OLD: day(1)}), rss(("tag:dijk", RENAMED, "Dijk versterkt"), dates={RENAMED: REDATED}), RENAMED),
    "an episode": (episode("pod-2", "https://pod.example/afl/2.mp3", day(1)), episode("pod-2", FILE, REDATED), FILE),
}


@pytest.mark.parametrize("before,after,link", list(MOVES.values()), ids=list(MOVES))
def test_a_story_its_feed_moves_and_dates_anew_at_once_is_known_by_its_guid_read_and_starred(tmp_path, feeds, before, after, link):
    """A CMS renamed the slug (a podcast host its files) and dated the item anew a few minutes later, under the same
    guid: it came again, unread, beside the story read and starred; newsboat shows one."""
    library = Library(tmp_path / "library.sqlite")
    url = feeds.serve("/feed", before)
    fetch(library, url)
    story = read_and_starred(library)
    feeds.serve("/feed", after)
    [result] = fetch(Library(library.path), url).results
    assert (result.new, result.updated) == (0, 1)
    [entry] = Library(library.path).entries()
    assert (entry.id, entry.article.url, entry.read, entry.starred) == (story, link, True, True)
    [again] = fetch(Library(library.path), url).results
    assert (again.new, again.updated) == (0, 0)


def counts(library: Library, url: str) -> tuple[int, int]:
    [result] = fetch(Library(library.path), url).results
    return result.new, result.updated


def titles_read(library: Library) -> list[tuple[str, bool]]:
    return sorted((entry.article.title, entry.read) for entry in Library(library.path).entries())


@pytest.mark.parametrize("dated", [False, True], ids=["undated", "all-of-one-date"])
def test_an_item_left_alone_at_a_link_where_the_story_of_another_guid_is_stays_its_own_story(tmp_path, feeds, dated):
    """A status feed's first item was stored at the bare link, and read; once a second item came, and the first fell
    out of the feed, the second was alone at the link, and taken for the first: the read story showed the second's
    title and text, the first was gone, and the second was listed twice, read and unread."""
    library = Library(tmp_path / "library.sqlite")
    url = feeds.serve("/feed", at_home("a1", dated=dated))
    fetch(library, url)
    read_and_starred(library)
    feeds.serve("/feed", at_home("a1", "a2", dated=dated))
    assert counts(library, url) == (1, 0)
    feeds.serve("/feed", at_home("a2", dated=dated))
    assert counts(library, url) == (0, 0)
    assert titles_read(library) == [("Een", True), ("Twee", False)]


def test_an_unseen_item_alone_at_a_link_where_the_story_of_another_guid_is_comes_beside_it(tmp_path, feeds):
    library = Library(tmp_path / "library.sqlite")
    url = feeds.serve("/feed", at_home("a1"))
    fetch(library, url)
    read_and_starred(library)
    feeds.serve("/feed", at_home("a2"))
    assert counts(library, url) == (1, 0)
    assert titles_read(library) == [("Een", True), ("Twee", False)]


def built(build: int, dated: bool) -> bytes:
    """A status feed that gives its items at one link guids anew at each build (`1001-a`, then `1002-a`)."""
    return rss((f"{build}-a", HOME, "Een"), (f"{build}-b", HOME, "Twee"), dates={HOME: day(3)} if dated else None)


@pytest.mark.parametrize("dated", [False, True], ids=["undated", "all-of-one-date"])
def test_items_at_one_link_whose_guids_change_at_every_build_stay_their_stories_read(tmp_path, feeds, dated):
    """Every fetch added every item again, unread: six stories after three fetches of two items."""
    library = Library(tmp_path / "library.sqlite")
    url = feeds.serve("/feed", built(1001, dated))
    fetch(library, url)
    [een] = [entry.id for entry in Library(library.path).entries() if entry.article.title == "Een"]
    Library(library.path).set_state([een], read=True)
    for build in (1002, 1003):
        feeds.serve("/feed", built(build, dated))
        assert counts(library, url) == (0, 0)
    assert titles_read(library) == [("Een", True), ("Twee", False)]


def builds_beside(build: int, dated: bool) -> bytes:
    """A status feed that gives its items at one link guids anew at each build, and still gives the story's build
    before: two builds of `Storing in Goes` (same title, date and text) beside `Onderhoud`."""
    return rss(
        (f"{build - 1}-a", HOME, "Storing in Goes"), (f"{build}-a", HOME, "Storing in Goes"), (f"{build}-b", HOME, "Onderhoud"), dates={HOME: day(3)} if dated else None
    )


@pytest.mark.parametrize("dated", [False, True], ids=["undated", "all-of-one-date"])
def test_two_builds_of_one_story_at_a_link_beside_another_story_are_one_story_read(tmp_path, feeds, dated):
    """Two builds of one story and another story at one link: every guid there became a story of its own, builds
    included, and the list showed `Storing in Goes` twice (new=3 for two stories)."""
    library = Library(tmp_path / "library.sqlite")
    url = feeds.serve("/feed", builds_beside(1002, dated))
    assert counts(library, url)[0] == 2
    [storing] = [entry.id for entry in Library(library.path).entries() if entry.article.title == "Storing in Goes"]
    Library(library.path).set_state([storing], read=True)
    for build in (1003, 1004):
        feeds.serve("/feed", builds_beside(build, dated))
        assert counts(library, url) == (0, 0)
    assert titles_read(library) == [("Onderhoud", False), ("Storing in Goes", True)]


def test_builds_of_one_story_stored_twice_before_are_stored_no_more_times(tmp_path, feeds):
    """Two builds of one story stored as two stories (the second build's text other then, as each build was a story
    of its own before): the library keeps those two, and no fetch adds a third."""
    library = Library(tmp_path / "library.sqlite")
    other_text = builds_beside(1002, True).replace(b"Storing in Goes: het nieuws van vandaag.", b"Storing in Goes: het nieuws van nu.", 1)
    url = feeds.serve("/feed", other_text)
    assert counts(library, url)[0] == 3
    for build in (1002, 1003, 1004):
        feeds.serve("/feed", builds_beside(build, True))
        assert counts(library, url)[0] == 0
    assert titles_read(library) == [("Onderhoud", False), ("Storing in Goes", False), ("Storing in Goes", False)]


def test_a_library_made_before_the_index_of_links_with_a_fragment_is_whole_and_gets_it_where_first_sought(tmp_path, feeds):
    """The index that finds the stories of guids given anew (articles_at_fragments) came without a format step, which an
    older nieuws-tui would refuse the library for: a library without it is whole to `check`, keeps its version, and
    has it made by the first fetch that seeks those stories."""
    library = Library(tmp_path / "library.sqlite")
    url = feeds.serve("/feed", built(1001, True))
    fetch(library, url)
    with closing(sqlite3.connect(library.path)) as database:
        database.execute("DROP INDEX articles_at_fragments")
    assert Library(library.path).check().problems == []
    feeds.serve("/feed", built(1002, True))
    assert counts(library, url) == (0, 0)
    with closing(sqlite3.connect(library.path)) as database:
        assert database.execute("SELECT count(*) FROM sqlite_master WHERE name = 'articles_at_fragments'").fetchone() == (1,)
    assert store_version(library.path) == VERSION


TOWN_HALL = "https://gemeente.example/nieuws"


def town_hall(*items: tuple[str, int] | tuple[str, int, str], ordinary: bool = False) -> bytes:
    """A town hall's news feed: every item (title, day, and its text where it has one of its own) has its news page as
    link and as guid. `ordinary`: with an item of a page of its own."""
    entries = "".join(
        f"<item><title>{escape(item[0])}</title><link>{TOWN_HALL}</link><guid>{TOWN_HALL}</guid><pubDate>{day(item[1])}</pubDate>"
        f"<description>{escape(item[2] if len(item) > 2 else f'{item[0]}: bericht van de gemeente.')}</description></item>"
        for item in items
    )
    if ordinary:
        entries += f"<item><title>Afval</title><link>https://gemeente.example/afval</link><pubDate>{day(0)}</pubDate><description>Afval: ophaaldagen.</description></item>"
    return f"<rss version='2.0'><channel><title>Gemeente</title>{entries}</channel></rss>".encode()


def test_items_that_share_their_link_and_guid_are_stories_of_their_own_by_their_titles(tmp_path, feeds):
    """A town hall's feed gives every item its news page as link and guid: one story was kept (new=1 for three), and
    a new item at the top later said new=0 updated=0 and never appeared."""
    library = Library(tmp_path / "library.sqlite")
    url = feeds.serve("/feed", town_hall(("Raad vergadert", 3), ("Brug dicht", 2), ("Markt verplaatst", 1), ordinary=True))
    assert counts(library, url) == (4, 0)
    [afval] = [entry for entry in Library(library.path).entries() if entry.article.title == "Afval"]
    assert afval.id == article_id("https://gemeente.example/afval")  # an item alone at its link keeps its id
    [brug] = [entry.id for entry in Library(library.path).entries() if entry.article.title == "Brug dicht"]
    Library(library.path).set_state([brug], read=True)
    assert counts(library, url) == (0, 0)
    feeds.serve("/feed", town_hall(("Nieuwe burgemeester", 4), ("Raad vergadert", 3), ("Brug dicht", 2), ("Markt verplaatst", 1), ordinary=True))
    assert counts(library, url) == (1, 0)
    assert titles_read(library) == [("Afval", False), ("Brug dicht", True), ("Markt verplaatst", False), ("Nieuwe burgemeester", False), ("Raad vergadert", False)]


def test_items_that_share_their_link_guid_and_title_are_told_apart_by_their_dates(tmp_path, feeds):
    library = Library(tmp_path / "library.sqlite")
    url = feeds.serve("/feed", town_hall(("Nieuwsbrief", 3), ("Nieuwsbrief", 2), ("Brug dicht", 1)))
    assert counts(library, url) == (3, 0)
    assert counts(library, url) == (0, 0)
    assert sorted((entry.article.title, entry.article.published.day) for entry in Library(library.path).entries()) == [
        ("Brug dicht", 2),
        ("Nieuwsbrief", 3),
        ("Nieuwsbrief", 4),
    ]


def test_an_item_alone_at_its_link_keeps_its_story_read_once_another_item_shares_link_and_guid(tmp_path, feeds):
    library = Library(tmp_path / "library.sqlite")
    url = feeds.serve("/feed", town_hall(("Brug dicht", 1)))
    fetch(library, url)
    story = read_and_starred(library)
    assert story == article_id(TOWN_HALL)
    feeds.serve("/feed", town_hall(("Raad vergadert", 2), ("Brug dicht", 1)))
    assert counts(library, url) == (1, 0)
    assert counts(library, url) == (0, 0)
    assert titles_read(library) == [("Brug dicht", True), ("Raad vergadert", False)]
    assert [entry.id for entry in Library(library.path).entries() if entry.starred] == [story]


def test_a_story_an_earlier_version_made_of_items_that_share_link_and_guid_is_one_of_them_and_the_others_come(tmp_path, feeds):
    """Stored as one story, read: the story keeps its read mark as the item whose title it shows, the others come."""
    from datetime import datetime

    from feeds.model import AMSTERDAM
    from feeds.pages.syndication import Shared, entry_articles, read_feed

    served = town_hall(("Raad vergadert", 3), ("Brug dicht", 2), ("Markt verplaatst", 1))
    url = feeds.serve("/feed", served)
    feed = read_feed(served, url)
    as_before = entry_articles(feed.entries, feed.title, None, url, url, Shared(set(), {})).articles
    Library(tmp_path / "library.sqlite").add([(article, datetime.now(AMSTERDAM)) for article in as_before])
    [story] = Library(tmp_path / "library.sqlite").entries()
    Library(tmp_path / "library.sqlite").set_state([story.id], read=True)
    library = Library(tmp_path / "library.sqlite")
    assert counts(library, url)[0] == 2
    assert counts(library, url) == (0, 0)
    entries = Library(library.path).entries()
    assert sorted(entry.article.title for entry in entries) == ["Brug dicht", "Markt verplaatst", "Raad vergadert"]
    assert [(entry.id, entry.article.title) for entry in entries if entry.read] == [(story.id, story.article.title)]


def test_an_item_left_alone_at_a_link_where_items_told_apart_by_title_were_is_its_story_read(tmp_path, feeds):
    """Two items of a town hall at its news page, one read; once the other fell out of the feed, the one left alone
    there took the page's own id: new=1, a second copy of it, unread, beside the one read."""
    library = Library(tmp_path / "library.sqlite")
    url = feeds.serve("/feed", town_hall(("Raadsvergadering", 2), ("Afvalkalender", 1)))
    assert counts(library, url) == (2, 0)
    [raad] = [entry.id for entry in Library(library.path).entries() if entry.article.title == "Raadsvergadering"]
    Library(library.path).set_state([raad], read=True)
    feeds.serve("/feed", town_hall(("Raadsvergadering", 2)))
    assert counts(library, url)[0] == 0
    assert counts(library, url) == (0, 0)
    feeds.serve("/feed", town_hall(("Raadsvergadering", 2), ("Afvalkalender", 1)))
    assert counts(library, url) == (0, 0)
    assert titles_read(library) == [("Afvalkalender", False), ("Raadsvergadering", True)]


def test_items_that_share_their_link_guid_title_and_date_are_told_apart_by_their_texts(tmp_path, feeds):
    """Two press releases of one day, both `Persbericht`, at the town hall's news page: one id, and one of them
    was lost without a word."""
    items = "".join(
        f"<item><title>Persbericht</title><link>{TOWN_HALL}</link><pubDate>{day(1)}</pubDate><description>{text}</description></item>"
        for text in ("Wegafsluiting Stationsweg maandag.", "Nieuwe burgemeester benoemd.")
    )
    url = feeds.serve("/feed", f"<rss version='2.0'><channel><title>Gemeente</title>{items}</channel></rss>".encode())
    library = Library(tmp_path / "library.sqlite")
    assert counts(library, url) == (2, 0)
    assert counts(library, url) == (0, 0)
    leads = sorted(Library(library.path).article(entry.id).lead for entry in Library(library.path).entries())
    assert leads == ["Nieuwe burgemeester benoemd.", "Wegafsluiting Stationsweg maandag."]


OPENING = "Het stadhuis is vanaf maandag ook op vrijdagavond open."


def test_an_item_at_a_link_shared_by_title_retitled_is_its_story_read_updated_in_place(tmp_path, feeds):
    """A typo fixed in the title of a town hall's item (`stadhuis` → `gemeentehuis`) made a second story: new=1, the
    old title stayed beside it, read, and a reader of `serve` got both."""
    library = Library(tmp_path / "library.sqlite")
    url = feeds.serve("/feed", town_hall(("Openingstijden stadhuis", 2, OPENING), ("Brug dicht", 1)))
    assert counts(library, url) == (2, 0)
    Library(library.path).set_state([entry.id for entry in Library(library.path).entries() if entry.article.title == "Openingstijden stadhuis"], read=True)
    feeds.serve("/feed", town_hall(("Openingstijden gemeentehuis", 2, OPENING), ("Brug dicht", 1)))
    assert counts(library, url) == (0, 1)
    assert counts(library, url) == (0, 0)
    assert titles_read(library) == [("Brug dicht", False), ("Openingstijden gemeentehuis", True)]


def test_an_item_at_a_link_shared_by_title_and_date_with_its_lead_edited_is_its_story_read_updated_in_place(tmp_path, feeds):
    """Two press releases of one day, both `Persbericht`, told apart by their texts: an edit of one's first paragraph
    made a second story of it."""
    library = Library(tmp_path / "library.sqlite")
    other = "Wegafsluiting Stationsweg maandag."
    url = feeds.serve("/feed", town_hall(("Persbericht", 2, OPENING), ("Persbericht", 2, other)))
    assert counts(library, url) == (2, 0)
    [story] = [entry.id for entry in Library(library.path).entries() if Library(library.path).article(entry.id).lead == OPENING]
    Library(library.path).set_state([story], read=True)
    edited = OPENING.replace("vrijdagavond", "donderdagavond")
    feeds.serve("/feed", town_hall(("Persbericht", 2, edited), ("Persbericht", 2, other)))
    assert counts(library, url) == (0, 1)
    assert counts(library, url) == (0, 0)
    leads = sorted((Library(library.path).article(entry.id).lead, entry.read) for entry in Library(library.path).entries())
    assert leads == [(edited, True), (other, False)]


def test_items_at_a_link_shared_by_title_take_a_story_they_are_edited_from_once_and_none_another_item_is(tmp_path, feeds):
    """Of two items retitled from one story, one is it and the other is new; a story the feed still lists, of the same
    date and lead, is neither."""
    library = Library(tmp_path / "library.sqlite")
    url = feeds.serve("/feed", town_hall(("Openingstijden", 2, OPENING), ("Avondopenstelling", 2, OPENING), ("Brug dicht", 1)))
    assert counts(library, url) == (3, 0)
    Library(library.path).set_state([entry.id for entry in Library(library.path).entries() if entry.article.title == "Openingstijden"], read=True)
    retitled = town_hall(("Openingstijden stadhuis", 2, OPENING), ("Openingstijden gemeentehuis", 2, OPENING), ("Avondopenstelling", 2, OPENING), ("Brug dicht", 1))
    feeds.serve("/feed", retitled)
    assert counts(library, url) == (1, 1)
    assert counts(library, url) == (0, 0)
    assert titles_read(library) == [("Avondopenstelling", False), ("Brug dicht", False), ("Openingstijden gemeentehuis", False), ("Openingstijden stadhuis", True)]


def notices(generation: str, count: int) -> bytes:
    """A town hall's feed of `count` notices of one day, all at its news page, titled by their `generation`."""
    return town_hall(*((f"Melding {n} ({generation})", 1) for n in range(count)))


def test_thousands_of_new_items_at_one_link_are_stored_in_a_time_that_grows_with_their_number(tmp_path):
    """Each new item at a link was compared with every story stored there (Writer._given_anew): 4,000 new items at a
    town hall's news page took 13 s to fetch, 8,000 took 42 s."""
    import time
    from datetime import datetime

    from feeds.model import AMSTERDAM
    from feeds.pages.syndication import entry_articles, read_feed

    def store(generation: str) -> float:
        feed = read_feed(notices(generation, 4000), "https://gemeente.example/rss")
        articles = entry_articles(feed.entries, feed.title, None, "https://gemeente.example/rss", "https://gemeente.example/rss").articles
        started = time.process_time()  # (the machine's other work not counted)
        assert Library(tmp_path / "library.sqlite").add([(article, datetime.now(AMSTERDAM)) for article in articles]).new == 4000
        return time.process_time() - started

    store("a")
    assert store("b") < 2  # 4.4 s when each was compared with every story there


def test_items_at_one_link_are_each_the_story_they_look_as_among_many_stored_there(tmp_path, feeds):
    """Among stories of one title at a link (a weekly `Nieuwsbrief`), an item told apart anew is the one of its own
    date, each story taken once."""
    library = Library(tmp_path / "library.sqlite")
    weeks = [("Nieuwsbrief", n) for n in range(6, 0, -1)]
    url = feeds.serve("/feed", town_hall(*weeks, ("Brug dicht", 0)))
    assert counts(library, url) == (7, 0)
    read = {entry.id: entry.article.published for entry in Library(library.path).entries() if entry.article.published.day in (3, 5)}
    Library(library.path).set_state(list(read), read=True)
    feeds.serve("/feed", town_hall(*weeks))  # the titles no longer repeat alone: each is known by its date anew
    assert counts(library, url) == (0, 0)
    feeds.serve("/feed", town_hall(("Nieuwsbrief", 4), ("Brug dicht", 0)))
    assert counts(library, url) == (0, 0)
    entries = Library(library.path).entries()
    assert len(entries) == 7
    assert sorted(entry.article.published.day for entry in entries if entry.read) == [3, 5]


def at_profile(feeds: Feeds, *guids: str) -> tuple[str, str]:
    """A feed whose items all link to a profile whose address ends in '/', each of its own guid: its address and the profile's."""
    profile = feeds.server.url_for("/profiel/")
    titles = {"g1": "Een", "g2": "Twee", "1001-a": "Drie", "1002-a": "Drie"}
    return feeds.serve("/feed", rss(*((guid, profile, titles[guid]) for guid in guids))), profile


def stories_at(library: Library) -> dict[str, tuple[str, str, bool]]:
    return {entry.article.title: (entry.article.url, entry.id, entry.read) for entry in Library(library.path).entries()}


def test_items_told_apart_by_guid_at_a_link_ending_in_a_slash_keep_it_and_the_ids_they_had(tmp_path, feeds):
    """Items at `/profiel/` told apart by their guids were stored at `/profiel#g2`: `o` opened the address without
    its '/', which a server that does not redirect answers 404."""
    import hashlib

    from feeds.urls import ID_LENGTH

    url, profile = at_profile(feeds, "g1", "g2")
    library = Library(tmp_path / "library.sqlite")
    fetch(library, url)
    # Their ids as they were when their links lost the '/': stories stored since keep them, and their read marks.
    ids = {guid: hashlib.sha1(f"{profile.rstrip('/')}#{guid}".encode()).hexdigest()[:ID_LENGTH] for guid in ("g1", "g2")}
    assert stories_at(library) == {"Een": (f"{profile}#g1", ids["g1"], False), "Twee": (f"{profile}#g2", ids["g2"], False)}


def test_a_story_stored_at_a_link_told_apart_by_guid_without_its_slash_takes_it_read_and_counted_unchanged(tmp_path, feeds):
    """Stories stored at `/profiel#g1` by an earlier version are the items at `/profiel/#g1`: their ids, read marks
    and exports' ids stay, their links take the '/'."""
    url, profile = at_profile(feeds, "g1", "g2")
    library = Library(tmp_path / "library.sqlite")
    fetch(library, url)
    with closing(sqlite3.connect(library.path)) as database, database:  # as an earlier version stored them
        database.execute("UPDATE articles SET url = replace(url, '/profiel/#', '/profiel#')")
    before = stories_at(library)
    assert before["Een"][0] == f"{profile.rstrip('/')}#g1"
    Library(library.path).set_state([before["Een"][1]], read=True)
    assert counts(library, url) == (0, 0)
    assert stories_at(library) == {"Een": (f"{profile}#g1", before["Een"][1], True), "Twee": (f"{profile}#g2", before["Twee"][1], False)}
    # Exports know each by the link it was stored at: no new item to their readers.
    assert {title: Library(library.path).article(i).first_url for title, (_url, i, _read) in before.items()} == {"Een": before["Een"][0], "Twee": before["Twee"][0]}


def test_a_build_given_a_guid_anew_at_a_link_ending_in_a_slash_is_the_story_stored_there_without_it(tmp_path, feeds):
    """A feed that gives its items their guids anew at each build: the story stored at `/profiel#1001-a` by an
    earlier version came again as a new one at `/profiel/#1002-a`."""
    url, profile = at_profile(feeds, "g1", "1001-a")
    library = Library(tmp_path / "library.sqlite")
    fetch(library, url)
    with closing(sqlite3.connect(library.path)) as database, database:  # as an earlier version stored them
        database.execute("UPDATE articles SET url = replace(url, '/profiel/#', '/profiel#')")
    feeds.serve("/feed", rss(("g1", profile, "Een"), ("1002-a", profile, "Drie")))
    assert counts(library, url)[0] == 0
    assert {title: link for title, (link, _id, _read) in stories_at(library).items()} == {"Een": f"{profile}#g1", "Drie": f"{profile}#1002-a"}


def test_two_posts_of_the_same_words_at_one_link_on_two_days_are_two_stories(tmp_path, feeds):
    """Two `Goedemorgen!` toots of two days were taken for builds of one story, given a guid anew: new=1, the newer
    one never shown."""
    dates = {"toot-2": day(2), "toot-3": day(1)}
    items = "".join(
        f"<item><title>Goedemorgen!</title><link>{HOME}</link><guid isPermaLink='false'>{guid}</guid><pubDate>{date}</pubDate>"
        "<description>Goedemorgen!</description></item>"
        for guid, date in dates.items()
    )
    url = feeds.serve("/feed", f"<rss version='2.0'><channel><title>Piet</title>{items}</channel></rss>".encode())
    library = Library(tmp_path / "library.sqlite")
    assert counts(library, url) == (2, 0)
    assert sorted(entry.article.url for entry in Library(library.path).entries()) == [f"{HOME}#toot-2", f"{HOME}#toot-3"]


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_ones_own_export_of_posts_at_a_link_ending_in_a_slash_read_again_is_the_same_stories(tmp_path, feeds, fmt):
    """Links keep their '/' (…/@piet/#toot-4), but an export's guid was known as ours only without it: reading one's
    own export again made a copy of every post, at a link of the whole guid encoded again."""
    from datetime import datetime

    from test_export import export

    from feeds.imports import import_paths
    from feeds.model import AMSTERDAM

    profile = "https://social.example/@piet/"
    url = feeds.serve("/feed", rss(("toot-1", profile, "Een"), ("toot-2", profile, "Twee")))
    library = Library(tmp_path / "library.sqlite")
    fetch(library, url)
    stories = sorted((entry.id, entry.article.url) for entry in Library(library.path).entries())
    assert [link for _id, link in stories] == [f"{profile}#toot-1", f"{profile}#toot-2"]
    exported = tmp_path / f"feed.{fmt}"
    exported.write_bytes(export(Library(library.path), fmt))
    import_paths(Library(library.path), [exported], datetime.now(AMSTERDAM))
    assert sorted((entry.id, entry.article.url) for entry in Library(library.path).entries()) == stories


def test_thousands_of_items_of_one_title_and_lead_at_one_link_given_guids_anew_are_stored_in_a_time_that_grows_with_their_number(tmp_path):
    """Items of one title and lead (a town hall's 4,000 `Persbericht`s, `Zie de site.`) fell in one group of
    Writer._given_anew, each compared with every story of it: a fetch of an 835 KB feed took 27 s holding the library,
    and each build given guids anew 36 s. Each is now the story of its date, found at once; the same stories still."""
    import time
    from datetime import datetime, timedelta

    from feeds.model import AMSTERDAM
    from feeds.pages.syndication import entry_articles, read_feed

    def feed(build: int) -> bytes:
        items = "".join(
            f"<item><title>Persbericht</title><link>https://gemeente.example/nieuws</link><guid isPermaLink='false'>{build}-{n}</guid>"
            f"<description>Zie de site.</description><pubDate>{format_datetime(datetime(2026, 3, 1, tzinfo=AMSTERDAM) - timedelta(minutes=n))}</pubDate></item>"
            for n in range(4000)
        )
        return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Gemeente</title><link>https://gemeente.example/</link><description>x</description>{items}</channel></rss>'.encode()

    library = Library(tmp_path / "library.sqlite")
    for build, counted in ((1001, (4000, 0)), (1002, (0, 0))):
        parsed = read_feed(feed(build), "https://gemeente.example/rss", 10**8)
        articles = entry_articles(parsed.entries, parsed.title, None, "https://gemeente.example/rss", "https://gemeente.example/rss").articles
        started = time.process_time()  # (the machine's other work not counted)
        result = library.add([(article, datetime.now(AMSTERDAM)) for article in articles])
        assert ((result.new, result.updated), time.process_time() - started < 3) == (counted, True)


@pytest.mark.parametrize("guid", ["b-1", OLD], ids=["a guid of its own", "the story's first link as guid"])
def test_another_sources_item_at_the_new_link_of_a_story_that_moved_is_that_story(tmp_path, feeds, guid):
    """r72: source A's guid moved the story from its first link to a new one; source B lists it at the new link. B's
    item was looked for under the id of the new link, which the story (known by its first link's) is not: a second
    article at the same address, unread beside the one read."""
    library, first, story = moved_story(tmp_path, feeds)
    second = feeds.serve("/b", rss((guid, MOVED, "Dijk versterkt")))
    [result] = fetch(Library(library.path), second).results
    assert result.new == 0
    [entry] = Library(library.path).entries()
    assert (entry.id, entry.article.url, entry.read, entry.starred) == (story, MOVED, True, True)


def test_an_export_of_a_story_that_moved_read_back_is_that_story(tmp_path, feeds):
    """r72: `export` then `import` of the export after a move counted the story new, and listed it twice."""
    from feeds.imports import import_paths
    from feeds.out.export import FeedInfo, build_feed

    library, url, story = moved_story(tmp_path, feeds, "/feed")
    exported = tmp_path / "s.atom"
    entries = Library(library.path).full_entries(Library(library.path).entries())
    exported.write_bytes(build_feed(entries, "atom", FeedInfo.for_view(library.path, "http://127.0.0.1:8080/feed.atom")))
    report = import_paths(Library(library.path), [exported], datetime(2026, 12, 5, 21, 0, tzinfo=timezone.utc))
    assert (report.new, report.failed) == (0, [])
    [entry] = Library(library.path).entries()
    assert (entry.id, entry.article.url, entry.read, entry.starred) == (story, MOVED, True, True)


def test_a_newsboat_cache_that_holds_a_story_that_moved_at_its_new_link_brings_no_second_one(tmp_path, feeds):
    """r72: newsboat read the story at its new link from another feed: its import stored it again beside the one read."""
    from feeds import import_newsboat_cache

    library, url, story = moved_story(tmp_path, feeds, "/feed")
    other = "https://ander.example/rss"
    cache = tmp_path / "cache.db"
    newsboat_cache(cache, {other: "Ander"}, [{"guid": "ander-1", "url": MOVED, "title": "Dijk versterkt", "feedurl": other, "unread": 1}])
    imported = import_newsboat_cache(Library(library.path), cache, lambda address: Source(other) if address == other else None)
    assert imported.added.new == 0
    [entry] = Library(library.path).entries()
    assert (entry.id, entry.article.url, entry.read, entry.starred) == (story, MOVED, True, True)


def test_a_story_that_moved_in_a_library_of_format_21_is_found_at_its_new_link_once_brought_up_to_date(tmp_path, feeds):
    """Format 21 kept no present link of a story that moved: the upgrade finds it for each story that moved before."""
    library, url, story = moved_story(tmp_path, feeds)
    library.close()
    with closing(sqlite3.connect(tmp_path / "library.sqlite")) as database, database:  # as format 21 made it
        database.execute("DROP INDEX IF EXISTS first_links_at")
        database.execute("CREATE TABLE first_links_21 (article INTEGER PRIMARY KEY, url TEXT NOT NULL)")
        database.execute("INSERT INTO first_links_21 SELECT article, url FROM first_links")
        database.execute("DROP TABLE first_links")
        database.execute("ALTER TABLE first_links_21 RENAME TO first_links")
        database.execute("UPDATE meta SET value = 21 WHERE key = 'version'")
    second = feeds.serve("/b", rss(("b-1", MOVED, "Dijk versterkt")))
    [result] = fetch(Library(library.path), second).results
    assert result.new == 0
    assert store_version(tmp_path / "library.sqlite") == VERSION
    [entry] = Library(library.path).entries()
    assert (entry.id, entry.article.url, entry.read, entry.starred) == (story, MOVED, True, True)


def test_a_story_moved_on_stays_at_its_new_link_though_another_source_still_lists_the_one_before(tmp_path, feeds):
    """r76: source A's guid moved the story to a second link, where source B lists it (filed under the story), then on to
    a third. B's guid knew the story, and moved it back to the second link at each of B's fetches, A's guid on again
    at each of A's: both counted it updated every time, and it was at the link of whichever came last. The story's
    own feed's guid says where it is: B's item, found at its address alone, is a story of its own once it is gone
    from there (counted new once), and the story keeps its link and marks."""
    library, first, story = moved_story(tmp_path, feeds)
    second = feeds.serve("/b", rss(("b-1", MOVED, "Dijk versterkt")))
    fetch(Library(library.path), second)
    on = "https://nieuws.example/dijk-versterkt"
    feeds.serve("/a", rss(("tag:dijk", on, "Dijk versterkt")))
    fetch(Library(library.path), first)
    counted = [(r.new, r.updated) for _ in range(2) for url in (second, first) for r in fetch(Library(library.path), url).results]
    assert counted == [(1, 0)] + [(0, 0)] * 3
    stories = {e.article.url: (e.id, e.read, e.starred) for e in Library(library.path).entries()}
    assert (len(stories), stories[on], stories[MOVED][1:]) == (2, (story, True, True), (False, False))


BRUG = "https://nieuws.example/brug"


@pytest.mark.parametrize("other", ["another source", "its source's, whose guid is its link"])
def test_a_story_moved_onto_the_address_of_another_story_leaves_that_story_its_text_and_both_their_marks(tmp_path, feeds, other):
    """Source A's guid moved its story to the address where another story is stored (another source's, or one of A's
    own that A lists no more, known by its link alone): A's item was taken for that story, its title and text written over the
    other's, its guid knew that one from then on, and the story itself, read and starred, stayed at its old link for
    good. Two articles: the moved one at the address told apart by its guid (urls.item_link), each text and mark kept."""
    library = Library(tmp_path / "library.sqlite")
    brug = (BRUG if other != "another source" else "tag:brug", BRUG, "Brug weer open")
    first = feeds.serve("/a", rss(("tag:dijk", OLD, "Dijk versterkt"), *([brug] if other != "another source" else [])))
    sources = [first] + ([feeds.serve("/b", rss(brug))] if other == "another source" else [])
    fetch(library, *sources)
    by_title = {entry.article.title: entry.id for entry in Library(library.path).entries()}
    Library(library.path).set_state([by_title["Dijk versterkt"]], read=True, starred=True)
    Library(library.path).set_state([by_title["Brug weer open"]], read=True)
    feeds.serve("/a", rss(("tag:dijk", BRUG, "Dijk versterkt")))
    counted = [[(r.new, r.updated) for r in fetch(Library(library.path), *sources).results] for _ in range(2)]
    assert counted[1] == [(0, 0)] * len(sources)
    stories = {e.id: (e.article.title, e.article.lead, e.read, e.starred) for e in Library(library.path).full_entries(Library(library.path).entries())}
    assert stories == {
        by_title["Dijk versterkt"]: ("Dijk versterkt", "Dijk versterkt: het nieuws van vandaag.", True, True),
        by_title["Brug weer open"]: ("Brug weer open", "Brug weer open: het nieuws van vandaag.", True, False),
    }
    moved = next(e for e in Library(library.path).entries() if e.id == by_title["Dijk versterkt"])
    assert moved.article.url.startswith(f"{BRUG}#")


def test_check_names_an_address_two_sources_stories_both_moved_to(tmp_path, feeds):
    """Source A's guid moved its story to a new link, and source B's guid its own story of another first link to the
    same one: the library holds the page twice, as two articles each read or not, and an item there of a third source,
    file or copy is the first of them (Writer._at_present_links). `check` said nothing; it names the address once."""
    library = Library(tmp_path / "library.sqlite")
    first = feeds.serve("/a", rss(("tag:dijk", OLD, "Dijk versterkt")))
    second = feeds.serve("/b", rss(("b-1", "http://nieuws.example/dijk-b", "Dijk versterkt")))
    fetch(library, first, second)
    assert not [note for note in Library(library.path).check().notes if "moved" in note]
    feeds.serve("/a", rss(("tag:dijk", MOVED, "Dijk versterkt")))
    feeds.serve("/b", rss(("b-1", MOVED, "Dijk versterkt")))
    fetch(Library(library.path), first, second)
    assert [entry.article.url for entry in Library(library.path).entries()] == [MOVED, MOVED]
    report = Library(library.path).check()
    assert report.problems == []
    [note] = [note for note in report.notes if "moved" in note]
    assert note == f"{library.path}: 1 address is the link of several stories that moved there, each an article of its own ({MOVED})"
