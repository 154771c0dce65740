"""The app's lists, made in memory from the library's entries (feeds.listing), agree with the library itself."""

from __future__ import annotations

import pytest
from conftest import CAPTURED
from feedkit import article

from feeds.library import Library
from feeds.listing import ALL, STARRED, UNSECTIONED, Listings, View


@pytest.fixture
def library(library_path) -> Library:
    """Articles of three sections (one of them none) from three sources; some read, some starred, some both."""
    library = Library(library_path)
    sections = ["Politiek", "Sport", None]
    sources = ["https://nu.nl/rss", "https://nos.nl/feed", "/home/a/zeeland.html"]
    library.add([(article(f"Bericht {n}", section=sections[n % 3], source=sources[n % 4 % 3]), CAPTURED) for n in range(24)])
    ids = [entry.id for entry in library.entries()]
    library.set_state(ids[::2], read=True)
    library.set_state(ids[::3], starred=True)
    return library


def test_a_views_listing_holds_what_the_library_selects_for_its_shelf(library):
    listings = Listings(library, library.entries())
    sections = {entry.article.section or UNSECTIONED for entry in library.entries()}
    assert UNSECTIONED in sections and len(sections) == 3
    for shelf in (ALL, STARRED, *sections):
        for unread_only in (False, True):
            view = View(shelf, unread_only)
            assert [e.id for e in listings.select(view).entries] == [e.id for e in library.select(view.selection())], view


def test_a_sources_listing_holds_what_the_library_selects_of_that_source(library):
    listings = Listings(library, library.entries())
    for source in {entry.article.source for entry in library.entries() if entry.article.source}:
        view = View(source, unread_only=True, by_source=True)
        chosen = [e.id for e in library.select(view.selection()) if e.article.source == view.source]
        assert chosen and [e.id for e in listings.select(view).entries] == chosen


def test_the_shelves_count_what_the_library_counts_and_follow_a_change(library):
    listings = Listings(library, library.entries())

    def counts() -> dict[str, tuple[int, int]]:
        return {shelf.name: (shelf.unread, shelf.total) for shelf in listings.shelves(False, {}) if shelf.name not in (ALL, STARRED)}

    def library_counts() -> dict[str, tuple[int, int]]:
        return {counted.name or UNSECTIONED: (counted.unread, counted.total) for counted in library.sections()}

    def shelves() -> dict[str, tuple[int, int]]:
        return {shelf.name: (shelf.unread, shelf.total) for shelf in listings.shelves(False, {}) if shelf.name in (ALL, STARRED)}

    def library_shelves() -> dict[str, tuple[int, int]]:
        entries = library.entries()
        starred = [e for e in entries if e.starred]
        return {ALL: (sum(not e.read for e in entries), len(entries)), STARRED: (sum(not e.read for e in starred), len(starred))}

    assert counts() == library_counts() and shelves() == library_shelves()
    entry = next(e for e in library.entries() if not e.read and e.starred)
    library.set_state([entry.id], read=True)
    changed = library.entry(entry.id)
    assert changed is not None
    listings.recount(changed, False, True)
    assert counts() == library_counts() and shelves() == library_shelves()
    assert listings.unread == sum(unread for unread, _ in library_counts().values())


@pytest.mark.parametrize("query", ["[/]", "...", "%%%", "€ $"])
def test_a_search_of_no_word_the_index_knows_looks_in_titles_as_a_short_one_does(library_path, query):
    """`[/]` found nothing, though a title held it, where `:` and `%` did: from three letters on a search goes to the
    index, which has only words (letters and digits), and a search of none found nothing at all."""
    library = Library(library_path)
    library.add([(article(f"Stemwijzer {query} uitleg"), CAPTURED), (article("Stemwijzer zonder tekens"), CAPTURED)])
    listings = Listings(library, library.entries())
    assert [e.article.title for e in listings.select(View(query=query)).entries] == [f"Stemwijzer {query} uitleg"]


@pytest.mark.parametrize("query", ["AND brug", "-- brug", "-\"\" brug"])
def test_a_search_typed_on_from_one_that_asks_nothing_finds_what_it_asks(library_path, query):
    """`AND` asks for nothing, and found nothing: typed on to `AND brug`, each letter looked among that nothing (r96)."""
    library = Library(library_path)
    library.add([(article(title), CAPTURED) for title in ("De brug is dicht", "Brugwachter staakt", "Het weer")])
    listings = Listings(library, library.entries())
    for end in range(1, len(query) + 1):
        listings.select(View(query=query[:end]))
    assert sorted(e.article.title for e in listings.select(View(query=query)).entries) == ["Brugwachter staakt", "De brug is dicht"]


@pytest.mark.parametrize(("query", "left"), [("-brug-xyz", 3), ("-\"de brug\"", 2), ("-Brug-wachter", 3), ("-brug", 1)])
def test_a_term_after_a_minus_leaves_out_the_articles_with_all_its_words_not_with_each(library_path, query, left):
    """`-Noord-Korea` left out every article with a word starting with "noord", `-e-mail` nearly all; `-"de brug"`
    became `brug` without `de` (r96)."""
    library = Library(library_path)
    library.add([(article(title), CAPTURED) for title in ("De brug is dicht", "Brugwachter staakt", "Het weer")])
    assert len(library.search(query)) == left
