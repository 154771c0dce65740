"""Feeds as first-class sources in the app (issue 12 §3): where each article came from, its author
and time of day, the links of its text numbered for `o N`, and a sidebar by source."""

from __future__ import annotations

import json

import pytest
from conftest import CAPTURED
from feedkit import article, feed_articles
from hypothesis import given
from hypothesis import strategies as st
from test_app import WIDE, make_app, open_titled, reader_text, settle
from test_feed_items import ITEMS
from test_section_feeds import FEED, feed_library

from feeds.clean import terminal_safe
from feeds.config import source_labels
from feeds.library import Library
from feeds.listing import View
from feeds.out.records import public_json
from tui.library_view import LibraryView


async def test_the_reader_shows_source_author_time_and_numbered_links(tmp_path):
    library = feed_library(tmp_path / "library.sqlite")
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        await open_titled(app, pilot, "Ochtend")
        text = reader_text(app)
        assert "Jan Jansen" in text
        assert "Jan Jansen · 1 Jun 2025 06:10 ·" in text  # the time of day, not the date alone, and said once
        assert "[1] het rapport: https://nieuws.example/rapport.pdf" in text
        assert "[2] het besluit: https://gemeente.example/besluit" in text
        assert f"From {FEED}" in text


async def test_the_reader_names_the_source_whose_text_it_shows_where_that_is_not_the_one_it_is_filed_by(tmp_path):
    """A second feed's fuller text (merge) was shown under "From" the first feed alone, which never wrote it."""
    path = tmp_path / "library.sqlite"
    filed = article("Zeelandbrug dicht", source="https://omroep.example/zeeland.rss", text_source="https://pzc.example/nieuws.rss")
    imported = article("Brug weer open", source="https://omroep.example/zeeland.rss", text_source="/home/anna/brug.html")
    Library(path).add([(filed, CAPTURED), (imported, CAPTURED)])
    app = make_app(path)
    async with app.run_test(size=WIDE) as pilot:
        await open_titled(app, pilot, "Zeelandbrug dicht")
        assert "From https://omroep.example/zeeland.rss\nText from https://pzc.example/nieuws.rss" in reader_text(app)
        await open_titled(app, pilot, "Brug weer open")
        assert "Text imported from brug.html" in reader_text(app)
    listed = {e.article.title: public_json(e) for e in Library(path).full_entries(Library(path).entries())}
    assert (listed["Zeelandbrug dicht"]["source"], listed["Zeelandbrug dicht"]["text_source"]) == (filed.source, filed.text_source)  # list --json


def test_list_json_gives_the_links_the_reader_numbers(tmp_path, cli):
    library = feed_library(tmp_path / "library.sqlite")
    listed = json.loads(cli("list", "--json", env={"NIEUWS_TUI_DB": str(library.path)}).stdout)
    [morning] = [a for a in listed if "Ochtend" in a["title"]]
    assert morning["links"] == [
        {"url": "https://nieuws.example/rapport.pdf", "text": "het rapport"},
        {"url": "https://gemeente.example/besluit", "text": "het besluit"},
    ]


async def test_a_feed_summary_says_so_and_offers_o_while_a_zeelandnet_teaser_offers_an_import(tmp_path, seeded_library):
    app = make_app(feed_library(tmp_path / "feed.sqlite").path)
    async with app.run_test(size=WIDE) as pilot:
        await open_titled(app, pilot, "Avond")
        text = reader_text(app)
        assert "Summary only" in text and "Press o" in text
        assert "nieuws-tui import" not in text
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        teaser = next(e for e in app.articles.items if e.article.is_teaser)
        await open_titled(app, pilot, teaser.article.title)
        assert "nieuws-tui import PAGE" in reader_text(app) and "Summary only" not in reader_text(app)
        assert f"({teaser.article.source.rsplit('/', 1)[-1]})" in reader_text(app).partition("Imported from ")[2]  # a file by its name, after its title


@pytest.fixture
def opened(browser) -> list[str]:
    return browser.opened


async def wait_for(pilot, urls: list[str], count: int) -> None:
    for _ in range(50):
        if len(urls) >= count:
            return
        await pilot.pause(0.05)


async def test_o_and_a_number_opens_that_link_and_o_enter_the_article(tmp_path, opened):
    app = make_app(feed_library(tmp_path / "library.sqlite").path)
    async with app.run_test(size=WIDE) as pilot:
        await open_titled(app, pilot, "Ochtend")
        await pilot.press("o", "2")
        await wait_for(pilot, opened, 1)
        assert opened == ["https://gemeente.example/besluit"]
        await pilot.press("o", "enter")
        await wait_for(pilot, opened, 2)
        assert opened[1] == "https://nieuws.example/ochtend"
        await pilot.press("o", "7")  # no such link: it says so and waits
        await pilot.press("escape")
        await pilot.pause()
        assert len(opened) == 2 and len(app.screen_stack) == 1
        await open_titled(app, pilot, "Avond")  # no links: o opens the article at once
        await pilot.press("o")
        await wait_for(pilot, opened, 3)
        assert opened[2] == "https://nieuws.example/avond"


async def test_the_link_chooser_opens_the_article_by_the_key_keys_gives_open_in_browser_and_names_that_key(tmp_path, opened):
    """`o o` opens the article, as `o enter` does: with open_in_browser = "w", `w w` left the chooser waiting for a
    number, and its title said "Enter (or o)", a key that opened the article there only."""
    from tui.app import NieuwsApp
    from tui.preferences import Preferences
    from tui.screens.links import OpenLinkScreen

    app = NieuwsApp(Library(feed_library(tmp_path / "library.sqlite").path), now=lambda: CAPTURED, preferences=Preferences(), keys={"open_in_browser": "w"})
    async with app.run_test(size=WIDE) as pilot:
        await open_titled(app, pilot, "Ochtend")
        await pilot.press("w", "o")  # o is no key of the chooser's now: it waits for a number still
        await pilot.pause()
        assert isinstance(app.screen, OpenLinkScreen) and not opened
        title = str(app.screen.query_one("#links-title").render())
        assert title == "Open link 1–2: type its number; enter (or w) opens the article, escape cancels."
        await pilot.press("w")
        await wait_for(pilot, opened, 1)
        assert opened == ["https://nieuws.example/ochtend"] and len(app.screen_stack) == 1


async def test_o_on_an_article_not_shown_in_the_reader_opens_its_page_as_its_numbered_links_are_not_on_screen(tmp_path, opened):
    app = make_app(feed_library(tmp_path / "library.sqlite").path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        app.articles.move_to(next(i for i, e in enumerate(app.articles.items) if e.article.title == "Ochtend"))
        await pilot.press("o")
        await wait_for(pilot, opened, 1)
        assert opened == ["https://nieuws.example/ochtend"] and len(app.screen_stack) == 1


# -- the sidebar by source ----------------------------------------------------------------------


async def test_b_lists_sources_in_the_sidebar_and_back(tmp_path, seeded_library):
    library = Library(seeded_library.path)
    library.add([(a, CAPTURED) for a in feed_articles(ITEMS, section="Buitenland", url=FEED, source=FEED)])  # one section, two sources
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        assert [s.name for s in app.sections.items][2:] == ["Buitenland"]
        await pilot.press("b")
        await pilot.pause()
        shelves = {s.shown: s.total for s in app.sections.items[2:]}
        assert shelves["nieuws.example"] == 3 and sum(shelves.values()) == 19  # the only feed from its host
        app.sections.move_to(next(i for i, s in enumerate(app.sections.items) if s.name == FEED))
        await pilot.pause()
        assert {e.article.title for e in app.articles.items} == {"Ochtend", "Middag", "Avond"}
        await pilot.press("b")
        await pilot.pause()
        assert [s.name for s in app.sections.items][2:] == ["Buitenland"] and len(app.articles.items) == 19


SAME_ENDS = [
    "/home/lezer/zeeland/feed.xml", "/home/lezer/goes/feed.xml",  # files of one name in two folders
    "https://nu.nl/rss/economie/feed", "https://nu.nl/atom/sport/feed",  # feeds whose addresses end the same
    "https://omroep.example/rss", "http://omroep.example/rss",  # told apart by their scheme alone
]  # fmt: skip


async def test_sources_whose_names_end_the_same_are_told_apart_in_the_sidebar_and_in_the_file_offered_for_export(library_path):
    library = Library(library_path)
    library.add([(article(f"Bericht {n}", source=source), CAPTURED) for n, source in enumerate(SAME_ENDS)])
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("b")
        await pilot.pause()
        labels = {s.name: s.shown for s in app.sections.items[2:]}
        assert [labels[source] for source in SAME_ENDS] == [
            "zeeland/feed.xml", "goes/feed.xml", "nu.nl/…/economie/feed", "nu.nl/…/sport/feed", "https://omroep.example/rss", "http://omroep.example/rss",
        ]  # fmt: skip
        offered = []
        for source in SAME_ENDS:
            app.sections.move_to(next(i for i, s in enumerate(app.sections.items) if s.name == source))
            await pilot.press("tab", "e")
            await settle(app, pilot)
            offered.append(app.screen.query_one("#export-path").value.rsplit("/", 1)[1])
            await pilot.press("escape", "shift+tab")
        assert offered[:2] == ["nieuws-tui-zeeland-feed-xml.atom", "nieuws-tui-goes-feed-xml.atom"]
        assert len(set(offered)) == len(SAME_ENDS)


def test_shelves_whose_names_make_one_slug_or_none_are_offered_files_of_their_own(library_path):
    """`a/feed.xml` and `a-feed.xml` make the same slug, and a name without Latin letters makes none."""
    sources = ["/x/a/feed.xml", "/x/b/feed.xml", "/y/a-feed.xml"]
    sections = ["新闻", "ニュース"]
    library = Library(library_path)
    library.add([(article(f"Bericht {n}", source=source), CAPTURED) for n, source in enumerate(sources)])
    library.add([(article(f"Nieuws {n}", section=section), CAPTURED) for n, section in enumerate(sections)])
    view = LibraryView(library)
    try:
        stems = [view.export_stem(View(source, by_source=True)) for source in sources] + [view.export_stem(View(section)) for section in sections]
    finally:
        view.stop()
    assert stems[1] == "b-feed-xml"
    assert all(stems) and len(set(stems)) == len(stems), stems


@given(st.sets(st.sampled_from(SAME_ENDS) | st.text(alphabet="/:.\\wx1b\x1b\u202e", max_size=12), max_size=6))
def test_every_source_gets_a_name_of_its_own_that_is_safe_on_a_terminal(sources):
    labels = source_labels(sources)
    assert len(set(labels.values())) == len(sources)
    assert all(terminal_safe(label) == label for label in labels.values())


def test_rows_of_older_items_tell_their_time_of_day_apart(tmp_path):
    from tui.widgets.article_list import row_parts

    library = feed_library(tmp_path / "library.sqlite")
    right = {e.article.title: row_parts(e, 120, CAPTURED)[2] for e in library.entries()}
    assert "1 Jun 2025 06:10" in right["Ochtend"] and "1 Jun 2025 23:10" in right["Avond"]
