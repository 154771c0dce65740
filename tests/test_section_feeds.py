"""Section feeds agree with each other (issue 12 §5): one slug names a section in `export`'s
self link, on `serve` and in `--section`; a section that is not ZeelandNet's links to its source."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
from conftest import CAPTURED
from feedkit import request, running_server
from test_feed_items import ITEMS

from feeds.library import Library, UnknownSection
from feeds.out.export import FeedInfo, feed_path
from feeds.pages.syndication import feed_articles
from feeds.urls import section_slug

FEED = "https://nieuws.example/feed.rss"


def feed_library(path: Path, section: str = "Eén Tech") -> Library:
    library = Library(path)
    library.add([(a, CAPTURED) for a in feed_articles(ITEMS, section=section, url=FEED, source=FEED)])
    return library



def test_a_sections_slug_ignores_case_and_accents_and_is_never_empty():
    assert section_slug("Eén Tech") == section_slug("een tech") == section_slug("EEN  TECH!") == "een-tech"
    assert section_slug("日本") and section_slug("日本") != section_slug("中国")
    assert feed_path("Eén Tech") == "/sections/een-tech" and feed_path(None) == "/feed"


def test_sections_are_chosen_by_any_spelling_of_their_slug(tmp_path):
    library = feed_library(tmp_path / "library.sqlite")
    assert library.section_names(["een tech", "EÉN-TECH"]) == ("Eén Tech", "Eén Tech")
    with pytest.raises(UnknownSection, match=r"no section 'Sport' in the library \(sections: Eén Tech\)"):
        library.section_names(["Sport"])


def test_the_self_link_of_an_exported_section_is_what_serve_answers(cli, tmp_path):
    library = feed_library(tmp_path / "library.sqlite")
    exported = cli("export", "--section", "een tech", env={"NIEUWS_TUI_DB": str(library.path)})
    assert exported.returncode == 0, exported.stderr
    feed = feedparser.parse(exported.stdout)
    links = {link.rel: link.href for link in feed.feed.links}
    assert links["self"] == "http://127.0.0.1:8080/sections/een-tech.atom"
    assert links["alternate"] == FEED  # not ZeelandNet's: the section stands for its source
    with running_server(library) as server:
        status, _, body = request(server, "GET", "/sections/een-tech.atom")
        assert status == 200
        served = feedparser.parse(body)
        assert {link.rel: link.href for link in served.feed.links}["alternate"] == FEED
        assert len(served.entries) == 3


def test_a_zeelandnet_section_still_points_to_zeelandnet(seeded_library):
    info = FeedInfo.for_library(seeded_library, "http://x/sections/buitenland.atom", "Buitenland")
    assert info.alternate_url == "https://www.zeelandnet.nl/nieuws/buitenland"


def test_a_section_from_files_of_another_site_points_to_its_own_feed(tmp_path):
    library = Library(tmp_path / "library.sqlite")
    library.add([(a, CAPTURED) for a in feed_articles(ITEMS, section="Lokaal", url=FEED, source=str(tmp_path / "feed.rss"))])
    assert FeedInfo.for_library(library, "http://x/sections/lokaal.atom", "Lokaal").alternate_url == "http://x/sections/lokaal.atom"
