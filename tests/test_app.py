"""The reader app, driven key by key with Textual's pilot on a library of the seed pages."""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import dataclasses
import gc
import json
import os
import shlex
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import time
import warnings
import webbrowser
from collections.abc import Callable
from datetime import datetime, timedelta
from html import escape
from pathlib import Path

import pytest
from conftest import CAPTURED, Browser, web_server
from feedkit import article
from hypothesis import given, settings
from hypothesis import strategies as st
from pagekit import ArticlePage, Teaser
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets._footer import FooterKey
from werkzeug import Response

import tui.browser as browser_module
from feeds.config import Retention
from feeds.errors import StorageError
from feeds.imports import import_paths
from feeds.library import Library
from feeds.listing import ALL, STARRED, EntriesAt, unread_position
from feeds.model import AMSTERDAM, Article, Block, Entry
from feeds.paths import state_path
from feeds.web.fetch import FetchRun
from tui.app import SIDEBAR, NieuwsApp, reader_app
from tui.keys import named, said
from tui.library_view import InFlight, LibraryView
from tui.preferences import Place, Preferences
from tui.widgets.article_list import PLACE_WIDTH, ArticleList, Columns
from tui.widgets.reader import ArticleReader
from tui.widgets.section_list import count_of

WIDE, NARROW = (120, 40), (80, 24)
KIM = "Koreaanse leider Kim al in Rusland voor ontmoeting met Poetin"
KIM_SUPPORT = "Kim Jong-un biedt Rusland zijn 'volledige steun' aan"


def make_app(library_path: Path, preferences: Preferences | None = None) -> NieuwsApp:
    return NieuwsApp(Library(library_path), now=lambda: CAPTURED, preferences=preferences or Preferences())


def on_disk(library_path: Path, title: str):
    [entry] = [e for e in Library(library_path).entries() if e.article.title == title]
    return entry


def reader_text(app: NieuwsApp) -> str:
    return str(app.query_one("#reader-text").render())


async def open_titled(app: NieuwsApp, pilot, title: str, key: str = "enter") -> None:
    """Open the article `title` from the list with `key` (the list's open key, as [keys] maps it): the list given the
    keys first, as shift+tab gives them back from the reader an article opened before has them in."""
    await shown(app, pilot)  # the list it is looked for in
    app.articles.focus()
    app.articles.move_to(next(i for i, e in enumerate(app.articles.items) if e.article.title == title))
    await pilot.press(key)
    await settle(app, pilot)  # its text is read off the app's thread


async def open_the_first(app: NieuwsApp, pilot) -> None:
    """Open the article at the top of the list, and wait for its whole text."""
    await shown(app, pilot)
    await pilot.press("enter")
    await settle(app, pilot)
    await until(pilot, lambda: app._text_pending is None, "the article's text")
    await until(pilot, lambda: app.reader.query_one("#reader-text")._coming is None, "the article's text made")  # a long one, off the app's thread


def typed_together(app: NieuwsApp, *keys: str) -> None:
    """Keys as a slow connection delivers what was typed ahead: all at once, before the app has acted on any."""
    from textual import events

    characters = {"slash": "/", "enter": "\r"}
    for key in keys:
        app.post_message(events.Key(key, characters.get(key, key)))


async def shown(app: NieuwsApp, pilot) -> None:
    """Let the listing made off the UI thread (a section, a search) be shown, and any it leads to."""
    deadline = time.monotonic() + 10
    await pilot.pause()
    while app._making is not None or any(worker.is_running for worker in app.workers):
        assert time.monotonic() < deadline, "a listing never came"
        await pilot.pause(0.01)
    await pilot.pause()


async def until(pilot, condition, what: str, seconds: float = 40) -> None:
    """Let the app run until `condition()` holds; fail, naming `what`, if it does not within `seconds`: as long as a
    suite run beside other work needs (a 5 MB text made twice takes 4 s alone, over 10 s on a loaded machine)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"{what} never came"
        await pilot.pause(0.01)


def notices_said(app: NieuwsApp) -> list[str]:
    """What the app says from now on, each time it says it: one said again takes the place of the same one still
    shown, which the app's notifications then hold once."""
    said: list[str] = []
    notify = app.notify

    def saying(message: str, **options) -> None:
        said.append(message)
        notify(message, **options)

    app.notify = saying
    return said


def palette_searched(app: NieuwsApp) -> bool:
    """The palette is up and lists what it found for the text typed: its search (a worker of the palette's) is over."""
    from textual.command import CommandList, CommandPalette

    palette = app.screen
    if not isinstance(palette, CommandPalette):
        return False
    searching = any(not worker.is_finished for worker in app.workers if worker.group == palette._GATHER_COMMANDS_GROUP)
    return not searching and palette.query_one(CommandList).option_count > 0


async def settle(app: NieuwsApp, pilot) -> None:
    """Wait until what the keys set going on the engine's and the texts' threads is done and shown."""
    await pilot.pause()  # the keys' messages are handled: what they set going is under way
    # Every job in flight, its outcome shown, and the jobs that outcome submitted (a text read, once a
    # change is shown). Off the app's thread: a job's outcome needs it to arrive.
    await asyncio.to_thread(app.library_view.drain)


def politics_page(tmp_path: Path) -> Path:
    page = ArticlePage(
        "Kabinet presenteert nieuwe woningwet",
        [("p", "DEN HAAG (ANP) - Het kabinet heeft dinsdag een nieuwe woningwet gepresenteerd. De wet moet bouwen versnellen.")],
        section="Politiek",
        teasers=[Teaser("Kamer debatteert over asiel", "DEN HAAG (ANP) - De Tweede Kamer debatteert woensdag over het asielbeleid.", "10 minuten geleden")],
    )
    path = tmp_path / "politiek.txt"
    path.write_text(page.text(), encoding="utf-8")
    return path


@pytest.fixture
def two_sections(seeded_library, tmp_path) -> Path:
    import_paths(seeded_library, [politics_page(tmp_path)], CAPTURED)
    return seeded_library.path


# -- the screen -------------------------------------------------------------------------------


async def test_sections_show_all_starred_and_each_section_with_unread_counts(two_sections):
    app = make_app(two_sections)
    async with app.run_test(size=WIDE):
        shelves = [(s.name, s.unread) for s in app.sections.items]
        assert shelves == [("All", 18), ("Starred", 0), ("Buitenland", 16), ("Politiek", 2)]
        assert "18 unread" in app.title
        assert len(app.articles.items) == 18


async def test_the_list_is_newest_first_with_teasers_marked(seeded_library):
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        # The list of the library read whole, not of its first screenful: the reading in is submitted after
        # the first repaint, which a loaded machine may bring after the test's first look.
        deadline = time.monotonic() + 10
        while not app.library_view.complete:
            assert time.monotonic() < deadline, "the library was never read whole"
            await pilot.pause(0.01)
        await settle(app, pilot)  # its outcome shown: the list of it asked for
        await shown(app, pilot)
        items = app.articles.items
        times = [e.sort_time for e in items]
        assert times == sorted(times, reverse=True)
        row = "".join(segment.text for segment in app.articles.render_row(items[2], 100))
        assert "●" in row and "teaser" in row and "WASHINGTON" in row


async def test_enter_opens_the_article_marks_it_read_and_counts_drop(seeded_library):
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await open_titled(app, pilot, KIM)
        await settle(app, pilot)
        text = reader_text(app)
        assert KIM in text
        assert "MOSKOU · ANP/RTR · seen" in text and "Buitenland" in text
        assert "De zwaar gepantserde trein" in text
        assert "Onderhandelingen" in text
        assert "15 unread" in app.title
        assert [s.unread for s in app.sections.items if s.name == "Buitenland"] == [15]
        assert on_disk(seeded_library.path, KIM).read


async def test_an_opened_articles_text_is_read_once_and_its_marks_change_on_screen_without_reading_it_again(seeded_library, monkeypatch, browser):
    reads, opened = [], browser.opened
    monkeypatch.setattr(LibraryView, "read_article", lambda view, entry, *then, read=LibraryView.read_article: (reads.append(entry.id), read(view, entry, *then))[1])
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await open_titled(app, pilot, KIM)
        await settle(app, pilot)  # opening marks it read, and the reader shows the mark
        await pilot.press("s")
        await settle(app, pilot)
        text = reader_text(app)
        assert "★" in text and "De zwaar gepantserde trein" in text
        await pilot.press("o")  # it has no links of its own: its page in the browser, known from what is on screen
        deadline = time.monotonic() + 5
        while not opened:  # (the browser is started on a thread of its own)
            assert time.monotonic() < deadline, "no browser was started"
            await pilot.pause(0.01)
        assert len(reads) == 1 and opened == [app.current.article.url]


async def test_an_articles_text_is_read_off_the_apps_thread_and_does_not_wait_for_the_engine(seeded_library, monkeypatch):
    """The engine may be busy long (reading in a big library, catching up the search index):
    the text of the article opened meanwhile is read beside it, not on the app's thread."""
    threads = []
    read = Library.article
    monkeypatch.setattr(Library, "article", lambda library, article_id: threads.append(threading.current_thread()) or read(library, article_id))
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await shown(app, pilot)
        busy = threading.Event()
        app.library_view.engine.submit(busy.wait)  # the engine on a long job
        try:
            app.articles.move_to(next(i for i, e in enumerate(app.articles.items) if e.article.title == KIM))
            await pilot.press("enter")
            deadline = time.monotonic() + 5
            while "De zwaar gepantserde trein" not in reader_text(app):
                assert time.monotonic() < deadline, "the text waited for the engine"
                await pilot.pause(0.02)
        finally:
            busy.set()
        await settle(app, pilot)
        assert threads and threading.main_thread() not in threads


async def test_a_teaser_says_its_full_text_is_not_in_the_library_yet(seeded_library):
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        teaser = next(i for i, e in enumerate(app.articles.items) if e.article.is_teaser)
        app.articles.move_to(teaser)
        await pilot.press("enter")
        await pilot.pause()
        assert "full text is not in the library yet" in reader_text(app)
        assert " ago" in reader_text(app)


async def test_j_k_g_and_G_move_through_the_list(seeded_library):
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("j", "j", "down")
        assert app.articles.cursor == 3
        await pilot.press("k", "up")
        assert app.articles.cursor == 1
        await pilot.press("G")
        assert app.articles.cursor == 15
        await pilot.press("g")
        assert app.articles.cursor == 0


async def test_tab_and_shift_tab_go_from_region_to_region(seeded_library):
    """The reader among them while it shows an article: with none, it has no keys to take."""
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        assert app.focused is app.articles
        await pilot.press("tab")
        assert app.focused is app.sections
        await pilot.press("tab", "enter", "shift+tab")
        await settle(app, pilot)
        assert app.focused is app.articles
        await pilot.press("tab")
        assert isinstance(app.focused, ArticleReader)
        await pilot.press("shift+tab", "shift+tab")
        assert app.focused is app.sections


async def test_choosing_a_section_shows_only_its_articles(two_sections):
    app = make_app(two_sections)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("shift+tab", "G")
        assert app.view.shelf == "Politiek"
        assert {e.article.section for e in app.articles.items} == {"Politiek"}
        await pilot.press("enter")
        assert app.focused is app.articles


async def test_narrow_terminals_show_the_list_and_the_reader_in_turn(seeded_library):
    app = make_app(seeded_library.path)
    async with app.run_test(size=NARROW) as pilot:
        assert app.has_class("-narrow")
        assert not app.reader.display or app.reader.region.height == 0
        await pilot.press("enter")
        await pilot.pause()
        assert app.reader.region.width >= 70
        assert app.articles.region.height == 0
        await pilot.press("escape")
        await pilot.pause()
        assert app.articles.region.height > 0


async def test_below_60_columns_the_sidebar_gives_way_to_the_list_and_the_header_names_the_section(two_sections):
    app = make_app(two_sections)
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(app, pilot)
        assert not app.sections.display and app.articles.region.width == 40
        assert app.title == "All — 18 unread" and app.sub_title == ""
        await pilot.press("shift+tab", "shift+tab", "tab", "tab")  # the hidden sidebar never has the keys
        assert app.focused is not app.sections
        await pilot.press("J", "J")
        await shown(app, pilot)
        assert app.view.shelf == "Buitenland" and app.title == "Buitenland — 16 unread"
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        assert app.sections.display and app.sections.region.width > 0 and app.sub_title and app.title.startswith("nieuws-tui")
        app.sections.focus()
        await pilot.pause()
        await pilot.resize_terminal(40, 12)  # the sidebar had the keys: the list has them now
        await pilot.pause()
        assert app.focused is app.articles
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.reader.region.width == 40 and reader_text(app).startswith(app.current.article.title.split()[0])


async def test_a_terminal_of_20_by_8_shows_the_list_and_the_reader(seeded_library):
    app = make_app(seeded_library.path)
    async with app.run_test(size=(20, 8)) as pilot:
        await settle(app, pilot)
        assert app.articles.region.width == 20 and app.articles.region.height >= 4
        await pilot.press("j", "enter")
        await settle(app, pilot)
        assert app.current.id == app.articles.items[1].id and app.reader.region.height >= 4 and reader_text(app)


def test_below_40_columns_a_row_is_its_title_and_marks_the_date_and_the_teaser_mark_give_way(seeded_library):
    """At 20 columns the date and the teaser mark left a title about 2 cells."""
    from rich.cells import cell_len

    from tui.widgets.article_list import row_parts

    [entry] = [e for e in Library(seeded_library.path).entries() if e.article.title == KIM]
    marks, title, right = row_parts(entry, 20, CAPTURED)
    assert right == "" and cell_len(marks + title) == 17 and title == KIM[:14] + "…"
    assert row_parts(entry, 40, CAPTURED)[2].strip()  # from 40 columns on the date is there


def test_a_title_of_stacked_combining_marks_keeps_the_rows_columns_in_line(seeded_library):
    """A title with some 80 marks on a character (zalgo) pushed its row's date 8 cells right in tmux, which stacks only
    about ten on a character and gives the others cells of their own; each character keeps a few, as languages need."""
    import unicodedata

    from tui.widgets.article_list import row_parts

    [entry] = [e for e in Library(seeded_library.path).entries() if e.article.title == KIM]
    marks = "".join(chr(code) for code in range(0x300, 0x350) if code != 0x34F)
    zalgo = dataclasses.replace(entry, article=entry.article.with_changes(title=f"Kim\u0301 a{marks} zalgo e\u0301\u0302 einde"))
    title = row_parts(zalgo, 100, CAPTURED)[1]
    stacked = max(len(run) for run in "".join("m" if unicodedata.combining(c) else " " for c in title).split())
    assert stacked == 3 and "Kim\u0301 a" in title and "e\u0301\u0302 einde" in title


def test_a_place_too_long_for_its_column_is_cut_by_cells_with_an_ellipsis(seeded_library):
    """`CAPELLE AAN DEN` for `CAPELLE AAN DEN IJSSEL` read as a whole place; a place of wide characters took twice its column."""
    from rich.cells import cell_len

    from tui.widgets.article_list import row_parts

    [entry] = [e for e in Library(seeded_library.path).entries() if e.article.title == KIM]
    columns = Columns(PLACE_WIDTH, teasers=False)
    for place, shown in [("CAPELLE AAN DEN IJSSEL", "CAPELLE AAN DEN…"), ("東京都東京都東京都東京都", "東京都東京都東… "), ("東京", " " * 12 + "東京")]:
        right = row_parts(dataclasses.replace(entry, article=entry.article.with_changes(place=place)), 120, CAPTURED, columns)[2]
        assert right.startswith(shown + " ") and cell_len(right) == PLACE_WIDTH + 1 + 8, right  # the place's column, a space, the date's


async def test_the_sidebar_keeps_its_width_as_M_and_U_change_its_counts(two_sections):
    app = make_app(two_sections)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        width = app.sections.region.width
        for key in ("M", "U"):
            await pilot.press(key)
            await settle(app, pilot)
            await pilot.pause()
            assert app.sections.region.width == width, key
        assert app.library_view.unread == 18


async def test_space_pages_the_reader_then_opens_the_next_unread(seeded_library):
    app = make_app(seeded_library.path)
    async with app.run_test(size=NARROW) as pilot:
        await open_titled(app, pilot, KIM)
        await pilot.press("space")
        await pilot.pause()
        assert app.reader.scroll_y > 0
        assert app.current.article.title == KIM
        for _ in range(10):
            await pilot.press("space")
            await pilot.pause()
            if app.current.article.title != KIM:
                break
        assert app.current.article.title != KIM
        assert app.current.read


async def test_p_goes_back_to_the_previous_unread(seeded_library):
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("j", "j", "j", "m", "j")  # the fourth is read, the fifth highlighted
        await pilot.press("p")
        assert app.current.id == app.articles.items[2].id
        await pilot.press("p", "p")
        assert app.current.id == app.articles.items[0].id


@settings(max_examples=200, deadline=None)
@given(reads=st.lists(st.booleans(), max_size=12), picked=st.lists(st.integers(0, 11), max_size=12), start=st.integers(-2, 13), step=st.sampled_from([1, -1]))
def test_the_unread_article_n_and_p_go_to_is_the_first_unread_one_way_from_the_cursor_in_any_listing(reads, picked, start, step):
    entries = [Entry(article(f"Bericht {number}"), read=read) for number, read in enumerate(reads)]
    for items in (entries, EntriesAt(entries, sorted({p for p in picked if p < len(entries)}))):
        walked = start
        while 0 <= walked < len(items) and items[walked].read:
            walked += step
        assert unread_position(items, start, step) == (walked if 0 <= walked < len(items) else None)


async def test_m_toggles_read_and_s_toggles_the_star_on_disk(seeded_library):
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        title = app.articles.current.article.title
        await pilot.press("m", "s")
        await settle(app, pilot)
        entry = on_disk(seeded_library.path, title)
        assert entry.read and entry.starred
        assert [s.total for s in app.sections.items if s.name == "Starred"] == [1]
        await pilot.press("m", "s")
        await settle(app, pilot)
        entry = on_disk(seeded_library.path, title)
        assert not entry.read and not entry.starred


async def test_M_marks_the_whole_view_read_and_U_undoes_it(two_sections):
    app = make_app(two_sections)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("shift+tab", "G", "tab")  # Politiek
        await pilot.press("M")
        await settle(app, pilot)
        assert "16 unread" in app.title
        assert all(e.read for e in Library(two_sections).entries() if e.article.section == "Politiek")
        await pilot.press("M")  # again: nothing left to mark, and the first M can still be undone
        await settle(app, pilot)
        await pilot.press("U")
        await settle(app, pilot)
        assert "18 unread" in app.title
        assert not any(e.read for e in Library(two_sections).entries())


def reading_slowly(monkeypatch) -> threading.Event:
    """The rest of the library, after the first screenful, is read once the event is set."""
    reading = threading.Event()
    load = LibraryView.load
    monkeypatch.setattr(LibraryView, "load", lambda view, done, failed: view.engine.submit(reading.wait) or load(view, done, failed))
    return reading


async def test_keys_typed_before_the_library_is_read_whole_act_in_their_order_M_on_all_of_it(library_path, monkeypatch):
    """The first screen shows the newest SCREENFUL while the rest is read: M marked only those. Waiting for
    the rest, it must not let the keys typed after it overtake it (m j m j, s j marked and starred others)."""
    from tui.library_view import SCREENFUL

    Library(library_path).add([(article(f"Bericht {n}"), CAPTURED) for n in range(SCREENFUL + 50)])
    reading = reading_slowly(monkeypatch)
    app = make_app(library_path)
    async with app.run_test(size=WIDE) as pilot:
        first, second, third = (e.article.title for e in app.articles.items[:3])
        await pilot.press("m", "j", "s", "n", "j", "m", "M")  # n and all after it wait
        # (not settle: the engine thread is held until the library is read)
        await until(pilot, lambda: len(app._when_loaded) == 4, "n j m M waiting for the library")
        assert app.current is None and app.articles.cursor == 1  # m j s done; n and what follows wait
        reading.set()
        await settle(app, pilot)
        await shown(app, pilot)
        await settle(app, pilot)
        stored = {e.article.title: e for e in Library(library_path).entries()}
        assert [t for t, e in stored.items() if e.starred] == [second]
        assert app.current.article.title == second and app.articles.cursor == 2  # n opened the highlighted unread; j m the third
        assert all(e.read for e in stored.values())
        # All but the three marked just before it (m, n, m), whatever their marks on screen said when M was typed.
        assert f"Marked {SCREENFUL + 50 - 3} articles read. Press U to undo." in [n.message for n in app._notifications]


async def test_until_a_big_library_is_read_whole_its_counts_are_said_to_be_counting_not_those_of_the_first_screenful(library_path, monkeypatch):
    from tui.library_view import SCREENFUL

    Library(library_path).add([(article(f"Bericht {n}", section=("Sport", "Politiek")[n % 2]), CAPTURED) for n in range(SCREENFUL + 50)])
    reading = reading_slowly(monkeypatch)
    app = make_app(library_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert app.title == "nieuws-tui — counting…"
        sidebar = [line.text.split() for line in shown_lines(app.sections, 4)]
        assert sidebar == [["All", "…"], ["Starred", "…"], ["Politiek", "…"], ["Sport", "…"]]
        reading.set()
        await settle(app, pilot)
        assert app.title == "nieuws-tui — 250 unread"
        sidebar = [line.text.split() for line in shown_lines(app.sections, 4)]
        assert sidebar == [["All", "250"], ["Starred"], ["Politiek", "125"], ["Sport", "125"]]


async def test_keys_typed_before_a_library_that_could_not_be_read_whole_act_on_what_is_shown(library_path, monkeypatch):
    Library(library_path).add([(article(f"Bericht {n}"), CAPTURED) for n in range(250)])

    def failing(view, done, failed):
        view.engine.submit(lambda: (_ for _ in ()).throw(StorageError("library.sqlite: disk I/O error")), done, failed)

    monkeypatch.setattr(LibraryView, "load", failing)
    app = make_app(library_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("M", "m")
        await settle(app, pilot)
        assert "Could not read the whole library: library.sqlite: disk I/O error" in [n.message for n in app._notifications]
        assert any("Marked 200 articles read" in n.message for n in app._notifications)
        # Nothing is being counted any more: the counts are said to be unknown, not to be on their way.
        assert "counting" not in app.title and "counts unknown" in app.title
        assert {count_of(shelf) for shelf in app.library_view.shelves()} == {"?"}


async def test_the_ages_in_the_list_go_on_with_the_clock_while_no_key_is_pressed(library_path, monkeypatch):
    import tui.app

    monkeypatch.setattr(tui.app, "AGES_SECONDS", 0.05, raising=False)
    Library(library_path).add([(article("Net binnen", published=CAPTURED), CAPTURED)])
    clock = [CAPTURED]
    app = NieuwsApp(Library(library_path), now=lambda: clock[0], preferences=Preferences())
    async with app.run_test(size=WIDE) as pilot:
        await shown(app, pilot)
        assert "0 min" in "".join(segment.text for segment in shown_lines(app.articles, 1)[0])
        clock[0] = CAPTURED + timedelta(minutes=90)
        await until(pilot, lambda: "1 h" in "".join(segment.text for segment in shown_lines(app.articles, 1)[0]), "the age drawn anew")


async def test_the_dialogs_fit_a_narrow_terminal(seeded_library):
    app = make_app(seeded_library.path)
    async with app.run_test(size=(40, 15)) as pilot:
        for key, dialog in (("e", "#export"), ("E", "#errors")):
            await pilot.press(key)
            await pilot.pause()
            assert app.screen.query_one(dialog).region.right <= 40
            await pilot.press("escape")
            await pilot.pause()


def feed_items_app(library_path: Path, tmp_path: Path, keys: dict[str, str] | None = None) -> NieuwsApp:
    """The app over a library of test_feed_items' feed of items with links in their text (Ochtend's among them), its
    keys as config.toml's [keys] maps them."""
    from test_feed_items import ITEMS

    feed = tmp_path / "items.rss"
    feed.write_bytes(ITEMS)
    import_paths(Library(library_path), [feed], CAPTURED)
    return NieuwsApp(Library(library_path), now=lambda: CAPTURED, preferences=Preferences(), keys=keys)


async def test_q_closes_the_link_chooser_as_it_closes_every_other_screen(library_path, tmp_path):
    from tui.screens.links import OpenLinkScreen

    app = feed_items_app(library_path, tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await open_titled(app, pilot, "Ochtend")
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, OpenLinkScreen)
        await pilot.press("q")
        await pilot.pause()
        assert not isinstance(app.screen, OpenLinkScreen) and app.is_running


async def test_o_and_a_digit_typed_in_one_burst_open_that_link(library_path, tmp_path, browser):
    """`o2` in one burst (tmux send-keys, a slow ssh): the 2 was on its way to the reader as o put up the link
    chooser, and was lost; the chooser stayed open with an empty field, and nothing opened."""
    app = feed_items_app(library_path, tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await open_titled(app, pilot, "Ochtend")
        typed_together(app, "o", "2")
        await until(pilot, lambda: browser.opened, "the browser")  # (started on a thread of its own)
        assert browser.opened == ["https://gemeente.example/besluit"]


async def test_o_and_the_number_after_the_texts_links_opens_the_items_enclosure(library_path, tmp_path, browser):
    """A podcast's episode: its mp3 was in no list, and `o` opened its page only."""
    feed = tmp_path / "podcast.rss"
    feed.write_text(
        "<rss version='2.0'><channel><title>P</title><item><title>Aflevering</title><link>https://pod.example/1</link>"
        "<description><![CDATA[<p>Met <a href='https://elders.example/1'>een bron</a>.</p>]]></description>"
        "<enclosure url='https://pod.example/1.mp3' length='24536678' type='audio/mpeg'/></item></channel></rss>"
    )
    import_paths(Library(library_path), [feed], CAPTURED)
    app = make_app(library_path)
    async with app.run_test(size=WIDE) as pilot:
        await open_titled(app, pilot, "Aflevering")
        typed_together(app, "o", "2")
        await until(pilot, lambda: browser.opened, "the browser")
        assert browser.opened == ["https://pod.example/1.mp3"]


async def test_o_opens_an_items_link_that_ends_in_a_slash_with_its_slash(library_path, tmp_path, browser):
    """A blog's post at `/2026/12/post/`: `o` opened `/2026/12/post`, which a server that does not redirect it answers 404."""
    feed = tmp_path / "blog.rss"
    feed.write_text(
        "<rss version='2.0'><channel><title>B</title><item><title>Bericht</title><link>https://blog.example/2026/12/post/</link>"
        "<description>Een bericht van de blog.</description></item></channel></rss>"
    )
    import_paths(Library(library_path), [feed], CAPTURED)
    app = make_app(library_path)
    async with app.run_test(size=WIDE) as pilot:
        await open_titled(app, pilot, "Bericht")
        await pilot.press("o")
        await until(pilot, lambda: browser.opened, "the browser")
        assert browser.opened == ["https://blog.example/2026/12/post/"]


def an_article_of_twelve_links(library_path: Path, tmp_path: Path) -> Path:
    """The library with an article "Twaalf links" whose text links to https://elders.example/1 to 12."""
    links = " ".join(f"<a href='https://elders.example/{n}'>link {n}</a>" for n in range(1, 13))
    feed = tmp_path / "links.rss"
    feed.write_text(f"<rss version='2.0'><channel><title>T</title><item><title>Twaalf links</title><link>https://nieuws.example/a</link><description><![CDATA[<p>{links}</p>]]></description></item></channel></rss>")
    import_paths(Library(library_path), [feed], CAPTURED)
    return library_path


@pytest.mark.parametrize("turns", [0, 2, 3, 4, 6, 9])
async def test_o_a_digit_and_enter_typed_in_one_burst_open_that_link_not_the_article(library_path, tmp_path, browser, turns):
    """`o 1 enter` in one burst, the text there: the 1 came up from the list behind o and reached the chooser after
    the enter, which the chooser took at once: the article's page opened, not link 1."""
    import asyncio

    from tui.screens.links import OpenLinkScreen

    app = make_app(an_article_of_twelve_links(library_path, tmp_path))
    async with app.run_test(size=WIDE) as pilot:
        await open_titled(app, pilot, "Twaalf links")
        typed_together(app, "o", "1")  # (1 of 12 waits for a second digit, or enter)
        for _ in range(turns):  # the enter right behind them, or a moment after
            await asyncio.sleep(0)
        typed_together(app, "enter")
        await until(pilot, lambda: browser.opened, "the browser")  # (started on a thread of its own)
        await pilot.pause()
        assert browser.opened == ["https://elders.example/1"]
        assert not any(isinstance(screen, OpenLinkScreen) for screen in app.screen_stack)


async def test_two_link_choices_typed_in_one_burst_open_the_two_links(library_path, tmp_path, browser):
    """`o 1 enter o 2 enter` typed together: every key was handed to the first chooser, which takes digits at once and
    enter only once up at the app; it read 12, opened link 12, and the second o the article."""
    app = make_app(an_article_of_twelve_links(library_path, tmp_path))
    async with app.run_test(size=WIDE) as pilot:
        await open_titled(app, pilot, "Twaalf links")
        typed_together(app, "o", "1", "enter", "o", "2", "enter")
        await until(pilot, lambda: len(browser.opened) == 2, "two pages opened")
        assert browser.opened == ["https://elders.example/1", "https://elders.example/2"]


async def test_a_link_chosen_while_the_browser_for_the_last_is_still_being_found_is_opened_after_it(library_path, tmp_path, monkeypatch, browser):
    """Finding the browser may take a while (the desktop is asked): `o 2` typed meanwhile was refused, "Already
    opening a web browser.", and the user's second link never opened."""
    found = webbrowser.get

    def slowly(*args):
        time.sleep(0.5)
        return found(*args)

    monkeypatch.setattr(webbrowser, "get", slowly)
    app = make_app(an_article_of_twelve_links(library_path, tmp_path))
    async with app.run_test(size=WIDE) as pilot:
        await open_titled(app, pilot, "Twaalf links")
        said = notices_said(app)
        typed_together(app, "o", "1", "enter", "o", "2", "enter", "o", "1", "enter")
        await until(pilot, lambda: len(browser.opened) == 2, "two pages opened")
        await until(pilot, lambda: not app.launcher.busy, "the browser found")
        assert browser.opened == ["https://elders.example/1", "https://elders.example/2"]
        assert "Already opening a web browser." in said  # the first link, asked again while it was


@pytest.mark.parametrize("typed", ["together", "one-by-one", "together-and-confirm-again"])
@pytest.mark.parametrize("confirm", ["enter", "l"])
async def test_the_lists_open_key_after_a_number_that_opened_a_link_confirms_it(library_path, tmp_path, monkeypatch, browser, typed, confirm):
    """`o 1 enter`, as a newsboat user types a number: of fewer than ten links the 1 opens the link at once, and the
    enter went on to the list, which opened the article in the reader, marked read. With [keys] list.open = "l",
    `o 1 l`: only enter confirmed the number, and the l went on to the list likewise."""
    from tui.screens.links import OpenLinkScreen

    app = feed_items_app(library_path, tmp_path, {} if confirm == "enter" else {"list.open": confirm})
    async with app.run_test(size=WIDE) as pilot:
        await open_titled(app, pilot, "Ochtend", confirm)
        app.articles.focus()  # beside it, on it
        await settle(app, pilot)
        chosen: list[str] = []
        monkeypatch.setattr(app.articles, "action_choose", lambda: chosen.append(app.articles.current.article.title))
        if typed.startswith("together"):
            typed_together(app, "o", "1", confirm, *([confirm] if typed.endswith("again") else []))
        else:
            await pilot.press("o")
            await until(pilot, lambda: isinstance(app.screen, OpenLinkScreen), "the link chooser")
            await pilot.press("1", confirm)
        await until(pilot, lambda: browser.opened, "the browser")
        await settle(app, pilot)
        assert browser.opened == ["https://nieuws.example/rapport.pdf"]
        assert chosen == (["Ochtend"] if typed.endswith("again") else [])  # the confirming key did not open the list's article


async def test_the_key_keys_gives_the_lists_open_confirms_a_number_the_chooser_waits_for(library_path, tmp_path, browser):
    """[keys] list.open = "l": of twelve links `o 1` waits for a second digit or the confirm, which only enter was."""
    from tui.screens.links import OpenLinkScreen

    app = NieuwsApp(Library(an_article_of_twelve_links(library_path, tmp_path)), now=lambda: CAPTURED, preferences=Preferences(), keys={"list.open": "l"})
    async with app.run_test(size=WIDE) as pilot:
        await open_titled(app, pilot, "Twaalf links", "l")
        await pilot.press("o")
        await until(pilot, lambda: isinstance(app.screen, OpenLinkScreen), "the link chooser")
        await pilot.press("1", "l")
        await until(pilot, lambda: browser.opened, "the browser")
        assert browser.opened == ["https://elders.example/1"]


async def test_enter_right_after_a_number_that_opened_a_link_is_the_key_keys_gives_it(library_path, tmp_path, browser):
    """[keys] open_in_browser = "enter", list.open = "l": `enter 1 enter` is o, link 1, and o again. The second enter
    was taken for the 1's confirm, and dropped: no chooser came up."""
    from tui.screens.links import OpenLinkScreen

    app = feed_items_app(library_path, tmp_path, {"open_in_browser": "enter", "list.open": "l"})
    async with app.run_test(size=WIDE) as pilot:
        await open_titled(app, pilot, "Ochtend", "l")
        app.articles.focus()
        await settle(app, pilot)
        typed_together(app, "enter", "1", "enter")
        await until(pilot, lambda: browser.opened, "the browser")
        await until(pilot, lambda: isinstance(app.screen, OpenLinkScreen), "the second link chooser")
        assert browser.opened == ["https://nieuws.example/rapport.pdf"]


async def test_the_reader_marks_each_links_words_with_its_number_in_the_chooser_styled_as_a_note(library_path, tmp_path, browser):
    """As newsboat does: `het rapport[1]` in the text, `[1]` the number that `o 1` opens; an article keeps one
    link per address, with the words of its first link, so the second `het rapport` has no mark."""
    app = feed_items_app(library_path, tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await open_titled(app, pilot, "Ochtend")
        assert "Lees het rapport[1], het besluit[2] en dit of mail of dat. Nogmaals het rapport, en dit artikel." in reader_text(app)
        assert "[1] het rapport: https://nieuws.example/rapport.pdf" in reader_text(app)
        line = next(line for line in shown_lines(app.reader.query_one("#reader-text")) if "rapport[1]" in line.text)
        assert segment_with(line, "[1]").style.color == app.reader.get_component_rich_style("reader--note").color != segment_with(line, "Lees").style.color
        await pilot.press("o", "1")
        await until(pilot, lambda: browser.opened, "the browser")  # (started on a thread of its own)
        assert browser.opened == ["https://nieuws.example/rapport.pdf"]


async def test_the_reader_marks_an_image_without_words_where_it_stood_with_its_number_in_no_color_too(library_path, tmp_path, browser, monkeypatch):
    """Listed as [1] under Links but marked nowhere in the text: `…bekijk de video[2].`, and where was [1]?"""
    monkeypatch.setenv("NO_COLOR", "1")
    feed = tmp_path / "foto.rss"
    html = "<p>Tekst <img src='https://beeld.example/a.jpg'> meer, bekijk <a href='https://nieuws.example/video'>de video</a>.</p>"
    feed.write_text(f"<rss version='2.0'><channel><title>T</title><item><title>Foto</title><link>https://nieuws.example/a</link><description><![CDATA[{html}]]></description></item></channel></rss>")
    import_paths(Library(library_path), [feed], CAPTURED)
    app = make_app(library_path)
    async with app.run_test(size=WIDE) as pilot:
        await open_titled(app, pilot, "Foto")
        line = next(line for line in shown_lines(app.reader.query_one("#reader-text")) if "Tekst" in line.text)
        assert "Tekst [image 1] meer, bekijk de video[2]." in line.text
        await pilot.press("o", "1")
        await until(pilot, lambda: browser.opened, "the browser")
        assert browser.opened == ["https://beeld.example/a.jpg"]


async def test_the_link_chooser_offers_the_links_the_reader_numbers_not_the_one_more_that_tells_of_a_cut(library_path, tmp_path, browser):
    from feeds.model import MAX_LINKS
    from tui.screens.links import OpenLinkScreen

    links = " ".join(f"<a href='https://elders.example/{n}'>link {n}</a>" for n in range(1, MAX_LINKS + 2))
    feed = tmp_path / "links.rss"
    feed.write_text(f"<rss version='2.0'><channel><title>T</title><item><title>Veel links</title><link>https://nieuws.example/a</link><description><![CDATA[<p>{links}</p>]]></description></item></channel></rss>")
    import_paths(Library(library_path), [feed], CAPTURED)
    app = make_app(library_path)
    async with app.run_test(size=WIDE) as pilot:
        await open_titled(app, pilot, "Veel links")
        assert f"link {MAX_LINKS}[{MAX_LINKS}] link {MAX_LINKS + 1}\n" in reader_text(app)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, OpenLinkScreen) and len(app.screen.links) == MAX_LINKS
        await pilot.press(*str(MAX_LINKS + 1))
        await pilot.pause()
        assert not browser.opened


async def test_the_link_chooser_of_an_article_with_one_link_speaks_of_one_link(library_path, tmp_path, browser):
    """It said "Open link 1–1" and, for a 2 typed, "There are links 1 to 1 only"."""
    from tui.screens.links import OpenLinkScreen

    feed = tmp_path / "link.rss"
    feed.write_text("<rss version='2.0'><channel><title>T</title><item><title>Een link</title><link>https://nieuws.example/a</link><description><![CDATA[<p>Lees <a href='https://elders.example/1'>het rapport</a>.</p>]]></description></item></channel></rss>")
    import_paths(Library(library_path), [feed], CAPTURED)
    app = make_app(library_path)
    async with app.run_test(size=WIDE) as pilot:
        await open_titled(app, pilot, "Een link")
        await pilot.press("o")
        await until(pilot, lambda: isinstance(app.screen, OpenLinkScreen), "the link chooser")
        assert str(app.screen.query_one("#links-title").render()) == "Open the link: type 1; enter (or o) opens the article, escape cancels."
        said = notices_said(app)
        await pilot.press("2")
        await pilot.pause()
        assert said == ["No link 2: type 1."] and not browser.opened


def an_article_of_two_links(library_path: Path, tmp_path: Path) -> Path:
    """The library with an article "Twee links" whose text links to https://elders.example/1 and 2."""
    feed = tmp_path / "two.rss"
    feed.write_text("<rss version='2.0'><channel><title>T</title><item><title>Twee links</title><link>https://nieuws.example/a</link><description><![CDATA[<p><a href='https://elders.example/1'>een</a> en <a href='https://elders.example/2'>twee</a>.</p>]]></description></item></channel></rss>")
    import_paths(Library(library_path), [feed], CAPTURED)
    return library_path


@pytest.mark.parametrize("burst", [False, True])
async def test_a_number_beyond_the_links_says_which_numbers_there_are_and_opens_nothing(library_path, tmp_path, browser, burst):
    """`o 3` on an article of two links opened nothing and said nothing (typed together with o) or nothing of the 3."""
    from tui.screens.links import OpenLinkScreen

    app = make_app(an_article_of_two_links(library_path, tmp_path))
    async with app.run_test(size=WIDE) as pilot:
        await open_titled(app, pilot, "Twee links")
        said = notices_said(app)
        if burst:
            typed_together(app, "o", "3")
        else:
            await pilot.press("o")
            await until(pilot, lambda: isinstance(app.screen, OpenLinkScreen), "the link chooser")
            await pilot.press("3")
        await until(pilot, lambda: said, "a notice")
        await pilot.pause()
        assert said == ["No link 3: type 1–2."] and not browser.opened
        assert isinstance(app.screen, OpenLinkScreen)


async def test_o_typed_before_the_articles_text_is_read_waits_for_its_links(library_path, tmp_path):
    """Until its text is read, the reader has what the list knows of the article, without its links:
    an o typed at once opened the article's own page instead of offering its links."""
    from tui.screens.links import OpenLinkScreen

    app = feed_items_app(library_path, tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await shown(app, pilot)
        app.articles.move_to(next(i for i, e in enumerate(app.articles.items) if e.article.title == "Ochtend"))
        disk = threading.Event()
        app.library_view._texts.submit(lambda: disk.wait(10))  # a slow disk: the text comes after the keys
        await pilot.press("enter", "o")
        disk.set()
        await settle(app, pilot)
        assert isinstance(app.screen, OpenLinkScreen)


async def test_in_unread_only_the_cursor_goes_on_from_the_article_just_read_when_new_ones_arrive(seeded_library, tmp_path):
    """The reload leaves the article just read out of the list: the cursor kept its row number, on
    another article, and n went back up the list."""
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("u")
        await shown(app, pilot)
        await pilot.press("j", "j")
        following = app.articles.items[3].article.title
        await pilot.press("enter")
        await settle(app, pilot)
        import_paths(Library(seeded_library.path), [politics_page(tmp_path)], CAPTURED + timedelta(hours=1))
        app._look_for_changes()
        await settle(app, pilot)
        await shown(app, pilot)
        assert "Kabinet presenteert nieuwe woningwet" in [e.article.title for e in app.articles.items]
        assert app.articles.current.article.title == following
        await pilot.press("n")
        await settle(app, pilot)
        assert app.current.article.title == following


@pytest.mark.parametrize("size", [WIDE, NARROW])
async def test_enter_gives_the_reader_the_keys_at_every_width_and_they_act_on_the_article_it_shows(seeded_library, size):
    """Wide, the list kept the keys after enter: j j moved its cursor while the reader still showed the first article,
    and s and m starred and marked the cursor's, not the one read; narrow, the same j j scrolled the article."""
    app = make_app(seeded_library.path)
    async with app.run_test(size=size) as pilot:
        await shown(app, pilot)
        read = app.articles.items[0]
        await pilot.press("enter", "j", "j", "s", "m")
        await settle(app, pilot)
        assert app.focused is app.reader and app.current.id == read.id and app.articles.cursor == 0
        assert [(e.article.title, e.read) for e in Library(seeded_library.path).entries() if e.starred] == [(read.article.title, False)]


async def test_o_and_a_number_beside_the_list_opens_that_link_of_the_text_the_reader_shows(library_path, tmp_path, browser):
    """Wide, `k k o 1` after enter opened the page of the article the cursor had gone to, with no chooser: the
    1 was meant for link [1] of the text on screen."""
    app = feed_items_app(library_path, tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await open_titled(app, pilot, "Ochtend")
        await pilot.press("k", "k", "o", "1")  # (Ochtend is the oldest: the last in the list)
        await until(pilot, lambda: browser.opened, "the browser")
        assert browser.opened == ["https://nieuws.example/rapport.pdf"] and app.current.article.title == "Ochtend"


async def test_O_on_the_list_opens_the_articles_page_and_marks_it_read(library_path, tmp_path, browser):
    """newsboat's open-in-browser-and-mark-read (its `O`): nieuws-tui had none, and its import dropped the binding."""
    app = feed_items_app(library_path, tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await shown(app, pilot)
        app.articles.focus()
        app.articles.move_to(next(i for i, e in enumerate(app.articles.items) if e.article.title == "Ochtend"))
        await pilot.press("O")
        await until(pilot, lambda: browser.opened, "the browser")
        assert browser.opened == ["https://nieuws.example/ochtend"]
        await until(pilot, lambda: on_disk(library_path, "Ochtend").read, "the article marked read")
        assert app.current is None  # read in the browser, not opened in the reader too


async def O_on_an_unread_article_in_the_reader(app: NieuwsApp, pilot, title: str) -> None:
    """O pressed on the article `title`, open in the reader, which has the keys, and marked unread again there: o's
    link chooser up."""
    from tui.screens.links import OpenLinkScreen

    await open_titled(app, pilot, title)
    await pilot.press("m")
    await until(pilot, lambda: not on_disk(app.library_view.library.path, title).read, "the article unread")
    await pilot.press("O")
    await until(pilot, lambda: isinstance(app.screen, OpenLinkScreen), "o's link chooser")


async def test_O_in_the_reader_opens_the_link_chosen_in_os_chooser_and_marks_the_article_read(library_path, tmp_path, browser):
    app = feed_items_app(library_path, tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await O_on_an_unread_article_in_the_reader(app, pilot, "Ochtend")
        await pilot.press("2")
        await until(pilot, lambda: browser.opened, "the browser")
        assert browser.opened == ["https://gemeente.example/besluit"]
        await until(pilot, lambda: on_disk(library_path, "Ochtend").read, "the article marked read")


async def test_O_cancelled_in_the_chooser_opens_nothing_and_leaves_the_article_unread(library_path, tmp_path, browser):
    from tui.screens.links import OpenLinkScreen

    app = feed_items_app(library_path, tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await O_on_an_unread_article_in_the_reader(app, pilot, "Ochtend")
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, OpenLinkScreen)
        assert browser.opened == [] and not on_disk(library_path, "Ochtend").read and not app.current.read


@pytest.fixture
def three_hundred_paragraphs(library_path) -> Path:
    """A library of one article of 300 paragraphs: pages of it to scroll."""
    body = tuple(Block("paragraph", f"Alinea {number}: " + "De dijk bij Vlissingen wordt versterkt. " * 4) for number in range(300))
    Library(library_path).add([(article("Lang artikel", body=body, published=CAPTURED), CAPTURED)])
    return library_path


@pytest.mark.parametrize(("key", "top"), [("G", False), ("end", False), ("g", True), ("home", True)])
async def test_g_and_G_in_the_reader_jump_at_once_to_the_top_and_the_end(three_hundred_paragraphs, key, top):
    """G in an article of 300 paragraphs took a second to get to its end: it was animated, as newsboat's is not."""
    app = make_app(three_hundred_paragraphs)
    async with app.run_test(size=WIDE) as pilot:
        await open_the_first(app, pilot)
        app.reader.focus()
        if top:
            app.reader.scroll_end(animate=False)
            await pilot.pause()
        typed_together(app, key)  # (pilot.press waits for every animation to end)
        await pilot.pause()
        assert app.reader.scroll_y == (0 if top else app.reader.max_scroll_y) and app.reader.max_scroll_y > 100


@pytest.mark.parametrize(("key", "down"), [("j", True), ("down", True), ("k", False), ("up", False)])
async def test_j_and_k_in_the_reader_scroll_a_line_at_once(three_hundred_paragraphs, key, down):
    """Held down, j scrolled behind the key's repeat: each line was animated, as newsboat's is not (nor g/G since 71e1388)."""
    app = make_app(three_hundred_paragraphs)
    async with app.run_test(size=WIDE) as pilot:
        await open_the_first(app, pilot)
        app.reader.focus()
        app.reader.scroll_to(y=50, animate=False)
        await pilot.pause()
        typed_together(app, *[key] * 10)  # held down (pilot.press waits for every animation to end)
        await pilot.pause()
        assert app.reader.scroll_y == (60 if down else 40)


def long_article_app(library_path: Path, paragraphs: int = 300, *more: Article) -> NieuwsApp:
    body = tuple(Block("paragraph", f"Alinea {number}: " + "De dijk bij Vlissingen wordt versterkt. " * 4) for number in range(paragraphs))
    Library(library_path).add([(article("Lang artikel", body=body, published=CAPTURED), CAPTURED), *[(other, CAPTURED) for other in more]])
    return make_app(library_path)


@pytest.mark.parametrize(
    ("keys", "start", "pages"),
    [(("g", "space", "space"), "top", 2), (("pagedown",) * 3, "here", 3), (("G", "pageup", "pageup"), "end", -2), (("G", "shift+space", "shift+space"), "end", -2)],
)
async def test_space_and_the_page_keys_in_the_reader_page_as_many_times_as_typed(library_path, keys, start, pages):
    """g then space space typed quickly paged once: each page went on from where the reader was at the last repaint."""
    app = long_article_app(library_path)
    async with app.run_test(size=WIDE) as pilot:
        await open_the_first(app, pilot)
        app.reader.focus()
        app.reader.scroll_to(y=10, animate=False)  # not the top: g has to go there before the spaces page on
        await pilot.pause()
        typed_together(app, *keys)
        await pilot.pause()
        page = app.reader.scrollable_content_region.height
        assert app.reader.scroll_y == {"top": 0, "here": 10, "end": app.reader.max_scroll_y}[start] + pages * page


async def test_a_quick_second_space_at_the_end_of_a_short_article_opens_the_next_unread(library_path):
    """At the end of an article a page and a bit long, a space typed quickly after the one that got there paged
    (nowhere) again, as the reader was not at its end yet at the last repaint; a slow one opened the next unread."""
    older = article("Ouder bericht", published=CAPTURED - timedelta(hours=1))
    app = long_article_app(library_path, 8, older)
    async with app.run_test(size=WIDE) as pilot:
        await open_the_first(app, pilot)
        page = app.reader.scrollable_content_region.height
        assert app.current.article.title == "Lang artikel" and 0 < app.reader.max_scroll_y < page  # a page and a bit
        app.reader.focus()
        typed_together(app, "space", "space")
        await settle(app, pilot)
        assert app.current.article.title == "Ouder bericht"


async def test_beside_the_reader_the_lists_keys_act_on_the_highlighted_article(seeded_library):
    """Given the keys again beside the reader (shift+tab), the list's act on its cursor: j j s stars the article the
    cursor went to, there to be seen under it, not the one read."""
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("enter", "shift+tab", "j", "j", "s")
        await settle(app, pilot)
        read, _skipped, highlighted = app.articles.items[:3]
        assert app.current.id == read.id and app.focused is app.articles
        assert on_disk(seeded_library.path, highlighted.article.title).starred
        assert not on_disk(seeded_library.path, read.article.title).starred


async def test_beside_the_reader_a_cursor_moved_by_a_reload_leaves_the_keys_on_the_article_read(seeded_library, tmp_path):
    """In unread-only a reload leaves the open article out, and the cursor lands on the next: s starred
    that one, which the reader never saw."""
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("u")
        await shown(app, pilot)
        await pilot.press("j", "enter")
        await settle(app, pilot)
        reading = app.current.article.title
        import_paths(Library(seeded_library.path), [politics_page(tmp_path)], CAPTURED + timedelta(hours=1))
        app._look_for_changes()
        await settle(app, pilot)
        await shown(app, pilot)
        assert app.articles.current.article.title != reading
        await pilot.press("s")
        await settle(app, pilot)
    assert [e.article.title for e in Library(seeded_library.path).entries() if e.starred] == [reading]


async def test_back_from_the_reader_the_keys_act_on_the_row_the_cursor_is_on_in_another_section(seeded_library, tmp_path):
    """q closed the article and J went on to the next section: s starred (and o opened) the article closed,
    which was nowhere on the screen, not the one the cursor was on."""
    import_paths(seeded_library, [politics_page(tmp_path)], CAPTURED)
    app = make_app(seeded_library.path)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.press("J", "J")  # Starred, Buitenland
        await shown(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("q", "J")  # back to the list, and on to Politiek
        await shown(app, pilot)
        assert app.view.shelf == "Politiek" and not app.has_class("-reading")
        pointed = app.articles.current.article.title
        await pilot.press("s")
        await settle(app, pilot)
    assert [e.article.title for e in Library(seeded_library.path).entries() if e.starred] == [pointed]


async def test_another_section_starts_at_its_top_when_the_article_the_cursor_was_on_is_not_in_it(library_path):
    sport = [(article(f"Sport {n}", section="Sport", published=CAPTURED - timedelta(hours=n)), CAPTURED) for n in range(30)]
    politics = [(article(f"Politiek {n}", section="Politiek", published=CAPTURED - timedelta(hours=20 + n)), CAPTURED) for n in range(30)]
    Library(library_path).add(sport + politics)
    app = make_app(library_path)
    async with app.run_test(size=WIDE) as pilot:
        await shown(app, pilot)
        app.show_shelf("Politiek")
        await shown(app, pilot)
        app.show_shelf("Sport")
        await shown(app, pilot)
        assert app.articles.cursor == 0 and app.articles.current.article.title == "Sport 0"


async def test_the_app_exports_to_files_only_and_a_pipe_holds_none_of_its_marks(seeded_library, tmp_path):
    """A FIFO that nothing read held the engine thread: no mark made after it was written, and quit lost them."""
    import os

    pipe = tmp_path / "pipe.atom"
    os.mkfifo(pipe)
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        title = app.articles.current.article.title
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#export-path").value = str(pipe)
        await pilot.press("enter")
        await settle(app, pilot)
        assert "not a file; the app exports to files" in str(app.screen.query_one("#export-error").render())
        await pilot.press("escape", "s")
        await settle(app, pilot)
    assert on_disk(seeded_library.path, title).starred


async def test_ctrl_c_says_in_plain_words_which_key_quits(seeded_library):
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+c")
        await pilot.pause()
        [note] = app._notifications
        assert (note.title, note.message) == ("Do you want to quit?", "Press q to quit the app.")


async def test_u_shows_unread_only_and_back(seeded_library):
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("m", "j", "m")
        await pilot.press("u")
        await shown(app, pilot)
        assert len(app.articles.items) == 14
        await pilot.press("u")
        await shown(app, pilot)
        assert len(app.articles.items) == 16


async def test_slash_searches_titles_and_text_as_you_type_and_escape_clears(seeded_library):
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash", *"maduro")
        await shown(app, pilot)
        titles = [e.article.title for e in app.articles.items]
        assert "Ook zoon Maduro aangeklaagd in New York" in titles
        assert "Trump deelt foto van Maduro aan boord van oorlogsschip" in titles
        assert KIM not in titles
        await pilot.press("escape")
        assert len(app.articles.items) == 16 and app.view.query == ""


async def test_a_search_typed_letter_by_letter_finds_at_each_letter_what_that_search_finds(seeded_library):
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash")
        typed = ""
        for letter in "trump maduro":  # from the third letter on the search index answers; each letter narrows the last result
            typed += letter
            await pilot.press("space" if letter == " " else letter)
            await shown(app, pilot)
            ids = seeded_library.search(typed) if len(typed.strip()) >= 3 else {e.id for e in seeded_library.entries() if typed.strip() in e.article.title.casefold()}
            assert [e.id for e in app.articles.items] == [e.id for e in seeded_library.entries() if e.id in ids], typed
        assert "Trump deelt foto van Maduro aan boord van oorlogsschip" in [e.article.title for e in app.articles.items]


@pytest.mark.parametrize("query", ["maduro -trump", "trump -m maduro", "maduro AND trump", "maduro an trump"])
async def test_a_search_with_a_minus_or_an_and_typed_letter_by_letter_finds_at_each_letter_what_that_search_finds(seeded_library, query):
    """Each letter looked among the last letter's result: `maduro -trump` typed on from `maduro -t` found fewer than it
    should (`-t` leaves out more than `-trump`), and so did `maduro AND` typed on from `maduro AN`."""
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash")
        typed = ""
        for letter in query:
            typed += letter
            await pilot.press("space" if letter == " " else letter)
            await shown(app, pilot)
            if len(typed.strip()) >= 3:
                ids = seeded_library.search(typed)
                assert [e.id for e in app.articles.items] == [e.id for e in seeded_library.entries() if e.id in ids], typed


@pytest.mark.parametrize(("shelf", "unread_only"), [("Politiek", False), ("Buitenland", False), ("Buitenland", True), ("Starred", False), ("All", True)])
async def test_a_search_in_a_view_finds_at_each_letter_what_that_search_finds_among_the_views_articles(two_sections, shelf, unread_only):
    library = Library(two_sections)
    entries = library.entries()
    library.set_state([e.id for e in entries[::3]], read=True)
    library.set_state([e.id for e in entries[1::4]], starred=True)
    app = make_app(two_sections)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        app.show_shelf(shelf)
        if unread_only:
            await pilot.press("u")
        await shown(app, pilot)
        in_view = [e for e in library.entries() if shelf in ("All", e.article.section) or (shelf == "Starred" and e.starred)]
        in_view = [e for e in in_view if not (unread_only and e.read)]
        await pilot.press("slash")
        typed = ""
        for letter in "nieuwe":  # a word of both sections: the view's articles only, at every letter
            typed += letter
            await pilot.press(letter)
            await shown(app, pilot)
            ids = library.search(typed) if len(typed) >= 3 else {e.id for e in in_view if typed in e.article.title.casefold()}
            expected = [e.id for e in in_view if e.id in ids]
            assert [e.id for e in app.articles.items] == expected, typed
        assert expected, "the search finds something in the view"


async def test_each_letter_typed_shows_the_searchs_first_hits_from_the_top_and_escape_goes_back_to_the_hit(long_library):
    app = make_app(long_library)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        app.articles.move_to(350)  # far down, on an article each letter below still finds
        await pilot.press("slash")
        for letter in "35":  # as newsboat's filter: not where the cursor was, with the best hits scrolled out of sight
            await pilot.press(letter)
            await shown(app, pilot)
            assert app.articles.cursor == 0 and app.articles.scroll_offset.y == 0
            assert "3" in app.articles.current.article.title
        app.articles.move_to(4)
        chosen = app.articles.current
        await pilot.press("escape")  # the whole list again, on the hit the cursor was on
        await shown(app, pilot)
        assert app.articles.current == chosen and len(app.articles.items) == 400


async def test_search_finds_words_in_the_body(seeded_library):
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash", *"satelliettechnologie")
        await shown(app, pilot)
        assert [e.article.title for e in app.articles.items] == [KIM]


async def test_search_finds_the_body_of_an_article_that_came_in_while_the_app_was_open(seeded_library, tmp_path):
    app = make_app(seeded_library.path)
    page = tmp_path / "dijk.txt"
    page.write_text(ArticlePage("Dijk bij Vlissingen versterkt", [
        ("p", "VLISSINGEN (ANP) - Het waterschap versterkt de dijk bij Vlissingen. Het werk duurt een jaar."),
        ("p", "Tijdens het werk blijft het fietspad langs de basaltglooiing open."),
    ], section="Zeeland").text(), encoding="utf-8")  # fmt: skip
    async with app.run_test(size=WIDE) as pilot:
        import_paths(Library(seeded_library.path), [page], CAPTURED)
        app._look_for_changes()
        await settle(app, pilot)
        await pilot.press("slash", *"basaltglooiing")
        await shown(app, pilot)
        assert [e.article.title for e in app.articles.items] == ["Dijk bij Vlissingen versterkt"]
        await pilot.press("escape")
        await pilot.press("slash", *"satelliettechnologie")  # bodies read before the reload still count
        await shown(app, pilot)
        assert [e.article.title for e in app.articles.items] == [KIM]


async def test_the_mouse_wheel_scrolls_the_list(seeded_library):
    from textual import events

    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        articles = app.articles
        assert articles.max_scroll_y > 0
        for _ in range(3):
            articles.post_message(events.MouseScrollDown(articles, 5, 2, 0, 1, 0, False, False, False))
            await pilot.pause()
        assert articles.scroll_y > 0


async def test_a_search_that_finds_nothing_in_a_section_says_it_searched_only_there(two_sections):
    """A search within a section found nothing there and said "No articles match", while other sections held many."""
    app = make_app(two_sections)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("shift+tab", "G", "tab")  # Politiek
        await shown(app, pilot)
        await pilot.press("slash", *"zzzz", "enter")
        await shown(app, pilot)
        assert app.articles.empty_message.split("\n")[1] == "Searched in Politiek only."
        await pilot.press("u")
        await shown(app, pilot)
        assert app.articles.empty_message.split("\n")[1] == "Searched the unread articles of Politiek only."
        await pilot.press("escape", "shift+tab", "g", "tab", "slash", *"zzzz")  # All, unread only
        await shown(app, pilot)
        assert app.articles.empty_message.split("\n")[1] == "Searched the unread articles only."


async def test_empty_states_say_what_to_do(seeded_library, library_path, tmp_path):
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash", *"zzzz")
        await shown(app, pilot)
        assert list(app.articles.items) == [] and "No articles match" in app.articles.empty_message
        await pilot.press("escape", "shift+tab", "j")  # Starred
        await shown(app, pilot)
        assert "No starred articles yet" in app.articles.empty_message
    empty = tmp_path / "empty" / "library.json"
    Library(empty).add([])
    app = make_app(empty)
    async with app.run_test(size=WIDE) as pilot:
        assert "The library is empty" in app.articles.empty_message
        assert app.sections.items[0].total == 0
        await pilot.press("enter", "n", "m", "s", "M", "U", "o", "space")  # nothing to act on: no crash


async def test_o_opens_the_article_in_the_browser_without_blocking(seeded_library, tmp_path, monkeypatch):
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\nsleep 2\necho "$1" > {opened}\n')
    browser.chmod(browser.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("BROWSER", str(browser))
    import webbrowser

    monkeypatch.setattr(webbrowser, "_tryorder", None)  # let webbrowser read $BROWSER again
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        url = app.articles.current.article.url
        await pilot.press("o")
        await pilot.press("j")  # the app answers while the browser is still starting
        assert app.articles.cursor == 1
        for _ in range(60):
            if opened.exists():
                break
            await pilot.pause(0.1)
        assert opened.read_text().strip() == url


@pytest.mark.parametrize("ampersand", ["", " &"], ids=["waited-for", "in-the-background"])
async def test_a_browser_in_a_window_says_nothing_on_the_apps_terminal(seeded_library, tmp_path, monkeypatch, capfd, ampersand):
    """firefox over ssh says `Error: no DISPLAY environment variable specified`, chromium `Opening in existing
    browser session.`, Gtk its warnings: webbrowser gave a command of $BROWSER the app's terminal, and that went
    over the app's screen (a `\\e[2J` wiped it), or, read from stdin, took the app's keys."""
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "firefox"
    browser.write_text(f'#!/bin/sh\necho "Opening in existing browser session."\nprintf "\\033[2JGtk-WARNING" >&2\nread key\necho "$1" > {opened}\n')
    browser.chmod(browser.stat().st_mode | stat.S_IEXEC)
    browser_named(monkeypatch, f"{browser} %s{ampersand}")
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("o")
        await until(pilot, opened.exists, "the browser")
        assert opened.read_text().strip() == app.articles.current.article.url
    said = capfd.readouterr()
    assert "Opening in existing" not in said.out + said.err and "Gtk-WARNING" not in said.out + said.err


@pytest.mark.parametrize("ampersand", ["", " &"], ids=["waited-for", "in-the-background"])
async def test_a_browser_in_a_window_outlives_the_apps_terminal(seeded_library, tmp_path, monkeypatch, ampersand):
    """A command $BROWSER names (a script, qutebrowser) was waited for in the app's session and process group: the
    terminal's hangup (its window closed with the app in it) ended the browser's window too, with the user's pages
    in it, and ctrl+c typed into a lynx opened after it ended it as well."""
    session = tmp_path / "session.txt"
    browser = tmp_path / "browser"
    browser.write_text(f"#!{sys.executable}\nimport os\nopen({str(session)!r}, 'w').write(str(os.getsid(0)))\n")
    browser.chmod(0o755)
    browser_named(monkeypatch, f"{browser} %s{ampersand}")
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("o")
        await until(pilot, lambda: session.exists() and session.read_text() != "", "the browser")
    assert int(session.read_text()) != os.getsid(0)


def terminal_browser(tmp_path: Path, monkeypatch, name: str = "lynx", status: int = 0, first: str = "") -> Path:
    """A browser that runs in the terminal, on the PATH as `name`: it runs a moment, runs `first` (a shell command),
    writes the arguments it was given to the file returned and ends with `status`."""
    folder = tmp_path / "bin"
    folder.mkdir(exist_ok=True)
    log = tmp_path / f"{name}.log"
    script = folder / name
    script.write_text(f'#!/bin/sh\nsleep 0.2\n{first}\necho "$@" >> {log}\nexit {status}\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return log


def browser_named(monkeypatch, name: str) -> None:
    """$BROWSER names `name`, read by webbrowser anew."""
    monkeypatch.setenv("BROWSER", name)
    monkeypatch.setattr(webbrowser, "_tryorder", None)
    monkeypatch.setattr(webbrowser, "_browsers", {})
    monkeypatch.delenv("DISPLAY", raising=False)  # (no desktop's browser before it)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)


def suspended_while(app: NieuwsApp, monkeypatch, running: Callable[[], bool]) -> list[tuple[str, bool]]:
    """The app's suspensions, as they begin and end, each with whether `running()` held then."""
    suspended: list[tuple[str, bool]] = []

    @contextlib.contextmanager
    def suspend():
        suspended.append(("begun", running()))
        yield
        suspended.append(("ended", running()))

    monkeypatch.setattr(app, "suspend", suspend)
    return suspended


@pytest.mark.parametrize("name", ["lynx", "w3m -o confirm_qq=false %s", "www-browser", "lynx %s &", "lynx -accept_all_cookies"])
async def test_a_browser_that_runs_in_the_terminal_has_it_to_itself_until_it_is_quit(seeded_library, tmp_path, monkeypatch, name):
    """Even one $BROWSER starts with `&` (lynx %s &), which webbrowser starts in the background: the app came
    back at once, lynx and the app drawing on the terminal together."""
    log = terminal_browser(tmp_path, monkeypatch, name.split()[0])
    browser_named(monkeypatch, name)
    app = make_app(seeded_library.path)
    suspended = suspended_while(app, monkeypatch, log.exists)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("o")
        await until(pilot, lambda: len(suspended) == 2, "the browser in the terminal")
        assert suspended == [("begun", False), ("ended", True)]
        assert log.read_text().split()[-1] == app.articles.current.article.url


@pytest.mark.parametrize("key", [signal.SIGINT, signal.SIGQUIT], ids=["ctrl+c", "ctrl+backslash"])
async def test_ctrl_c_typed_into_a_browser_in_the_terminal_is_the_browsers_not_the_apps(seeded_library, tmp_path, monkeypatch, key):
    """The terminal sends ctrl+c (ctrl+\\) to every process in its foreground, the app waiting for lynx as well:
    the app went at once, without a word, with the marks still queued."""
    reached_the_app: list[int] = []
    before = signal.signal(key, lambda number, frame: reached_the_app.append(number))
    log = terminal_browser(tmp_path, monkeypatch, first=f"kill -s {key.name[3:]} $PPID")  # as the terminal sends it, to the app too
    browser_named(monkeypatch, "lynx")
    app = make_app(seeded_library.path)
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    try:
        async with app.run_test(size=WIDE) as pilot:
            await pilot.press("o")
            await until(pilot, log.exists, "the browser in the terminal")
            await until(pilot, lambda: not app.launcher.busy, "the browser's end")
            assert reached_the_app == []
            assert app.is_running
        os.kill(os.getpid(), key)  # the browser gone, they go where they went before
        deadline = time.monotonic() + 10
        while not reached_the_app:
            assert time.monotonic() < deadline, "the handler in place before the browser was not put back"
            time.sleep(0.01)
    finally:
        signal.signal(key, before)


@pytest.mark.parametrize(
    ("status", "next_tried"),
    [(1, False), (127, False), ("no-interpreter", True), (None, True)],
    ids=["ran-and-failed", "ran-and-its-last-command-was-not-found", "could-not-start-it", "not-there"],
)
async def test_o_tries_the_next_browser_only_when_one_in_the_terminal_could_not_be_started(seeded_library, tmp_path, monkeypatch, status, next_tried):
    """lynx that ran and ended with a status other than 0 (a page it could not reach) made the next browser
    BROWSER names come up once the user had quit it; so did a wrapper that ended with 127, a shell's status for a
    command not found, though it had run and may have shown the page before its last command failed. The app
    starts it without a shell: one it cannot start at all (not there, or its interpreter not there) it knows so."""
    if status == "no-interpreter":
        script = tmp_path / "bin" / "sensible-browser"
        script.parent.mkdir()
        script.write_text("#!/nowhere/sh\n")
        script.chmod(0o755)
        monkeypatch.setenv("PATH", str(script.parent))
    elif status is not None:
        terminal_browser(tmp_path, monkeypatch, "sensible-browser", status)
    else:
        monkeypatch.setenv("PATH", str(tmp_path))  # no sensible-browser at all
    firefox = Browser("firefox")
    monkeypatch.setenv("BROWSER", "sensible-browser:firefox")
    monkeypatch.setattr(webbrowser, "get", lambda name=None: {"sensible-browser": webbrowser.GenericBrowser("sensible-browser"), "firefox": firefox}[name])
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    app = make_app(seeded_library.path)
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("o")
        if next_tried:
            await until(pilot, lambda: firefox.opened, "firefox")
        else:
            said = f"The web browser sensible-browser ended with status {status}."
            await until(pilot, lambda: any(n.message == said for n in app._notifications), said)
            await until(pilot, lambda: not app.launcher.busy, "the browser's end")
            assert firefox.opened == []
        assert not any(n.message.startswith("The web browser did not open") for n in app._notifications)


async def test_a_browser_in_the_terminal_ended_by_a_signal_is_said_to_be_so(seeded_library, tmp_path, monkeypatch):
    """A w3m that crashed or was killed was said to have ended with status -9 (subprocess's way of naming signal 9):
    no program ends with a negative status."""
    terminal_browser(tmp_path, monkeypatch, first="kill -s KILL $$")
    browser_named(monkeypatch, "lynx")
    app = make_app(seeded_library.path)
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("o")
        said = "The web browser lynx was ended by signal 9."
        await until(pilot, lambda: any(n.message == said for n in app._notifications), said)


@pytest.mark.parametrize(("found", "said"), [(None, "No web browser found to open"), (Browser(works=False), "The web browser did not open")])
async def test_o_says_so_when_there_is_no_browser_or_it_fails(seeded_library, monkeypatch, found, said):
    import webbrowser

    def get(*args):
        if found is None:
            raise webbrowser.Error("could not locate runnable browser")
        return found

    monkeypatch.setattr(webbrowser, "get", get)
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("o")
        await until(pilot, lambda: any(n.message.startswith(said) for n in app._notifications), said)


async def test_r_fetches_the_sources_and_reimports_folders_while_the_app_stays_responsive(library_path, tmp_path, httpserver, monkeypatch):
    from test_fetch import RSS2

    from feeds.config import Source
    from feeds.config import save_sources as save

    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "one.txt").write_text((Path(__file__).parent.parent / "seeds" / "000_a5cab632ecde00b7.txt").read_text(encoding="utf-8"))
    import_paths(Library(library_path), [folder], CAPTURED)

    answering = threading.Event()  # the feed is answered once the test has pressed its key: the refresh is still running then

    def slow_feed(request):
        answering.wait(timeout=30)
        return Response(RSS2, content_type="application/rss+xml")

    httpserver.expect_request("/feed").respond_with_handler(slow_feed)
    httpserver.expect_request("/broken").respond_with_data("nee", status=404)
    save([Source(httpserver.url_for("/feed"), "Regio"), Source(httpserver.url_for("/broken"))])
    app = make_app(library_path)
    async with app.run_test(size=WIDE) as pilot:
        assert len(app.articles.items) == 8
        politics_page(folder)
        try:
            await pilot.press("r")
            assert app.fetching
            await pilot.press("j")
            assert app.fetching and app.articles.cursor == 1  # answered while the refresh runs
        finally:
            answering.set()
        await refreshed(app, pilot)
        titles = {e.article.title for e in app.articles.items}
        assert len(titles) == 8 + 2 + 2
        assert {"Dijk bij Vlissingen versterkt", "Kabinet presenteert nieuwe woningwet"} <= titles
        assert "Regio" in [s.name for s in app.sections.items]
        assert app.refresh_errors == [(httpserver.url_for("/broken"), "HTTP 404")]
        await pilot.press("E")
        await pilot.pause()
        said = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "HTTP 404" in said and httpserver.url_for("/broken") in said


async def test_r_imports_files_again_under_the_size_cap_of_config_toml(library_path, tmp_path):
    import os

    folder = tmp_path / "pages"
    folder.mkdir()
    page = folder / "politiek.txt"
    story = [("p", "DEN HAAG (ANP) - Het kabinet heeft dinsdag een nieuwe woningwet gepresenteerd."), *[("p", "De wet moet bouwen versnellen. " * 10)] * 8]
    page.write_text(ArticlePage("Kabinet presenteert nieuwe woningwet", story, section="Politiek").text(), encoding="utf-8")
    import_paths(Library(library_path), [folder], CAPTURED)
    assert page.stat().st_size / 2 / 2**20 >= 0.001  # half of it is no less than max-size may be
    Path(os.environ["NIEUWS_TUI_CONFIG"]).write_text(f"max-size = {page.stat().st_size / 2 / 2**20}\n", encoding="utf-8")
    app = make_app(library_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("r")
        await refreshed(app, pilot)
        [(path, reason)] = app.refresh_errors
        assert path == str(page) and reason.startswith("too large: ") and "raise the limit with --max-size" in reason


async def test_r_says_that_it_waits_while_another_process_writes_the_library(library_path, tmp_path):
    """Under cron's fetch, which holds the library until it ends, the refresh said "storing" for the whole wait."""
    from conftest import holding_the_library

    page = tmp_path / "politiek.txt"
    page.write_text(ArticlePage("Kabinet presenteert nieuwe woningwet", [("p", "DEN HAAG (ANP) - Het kabinet heeft een woningwet.")], section="Politiek").text(), encoding="utf-8")
    import_paths(Library(library_path), [page], CAPTURED)
    app = make_app(library_path)
    async with app.run_test(size=WIDE) as pilot:
        await shown(app, pilot)
        holding_the_library(Library(library_path).file, 2)
        await pilot.press("r")
        await refreshed(app, pilot)
        waiting = f"{Library(library_path).file}: another process is writing to the library (a fetch, or the app's refresh); waiting until it is done"
        assert (waiting, "warning") in [(n.message, n.severity) for n in app._notifications]


async def test_r_says_on_its_status_line_while_it_waits_for_another_process_writing_the_library(seeded_library, httpserver, servers, monkeypatch):
    """Under cron's fetch the status line said "Refreshing 1/2: Regio — storing" for the whole wait (minutes), its
    notice gone after seconds; the other source's progress meanwhile does not take the wait's place."""
    from conftest import holding_the_library

    answering = fast_and_slow_sources(httpserver, servers)
    monkeypatch.setattr("feeds.web.fetch.HELD_TEXT", 0)  # the fast source stored as it comes, as sources past the bound of those held are
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await shown(app, pilot)
        file = seeded_library.file
        holding_the_library(file, 3)
        await pilot.press("r")
        waits = f"Refreshing — waiting: another process is writing to {file} (a fetch, or the app's refresh)"
        status = app.query_one("#status")
        await until(pilot, lambda: str(status.render()) == waits, "the wait on the status line")
        await until(pilot, lambda: app._refresh_progress[0] == 1, "the fast source stored, once the library is free")
        assert str(status.render()).startswith("Refreshing 1/2: ")
        answering.set()
        await refreshed(app, pilot)


async def test_r_says_how_many_old_articles_keep_days_pruned_as_fetch_does(library_path, seed_paths, tmp_path):
    """r prunes by config.toml's keep-days and prune-unread; it said only "Refreshed: 0 new, 0 updated." as they went."""
    import os

    pages = []
    for number, page in enumerate(seed_paths):  # one's own pages (the samples' r leaves), months old
        pages.append(tmp_path / f"pagina-{number}.txt")
        pages[-1].write_bytes(page.read_bytes())
    seeded_library = Library(library_path)
    import_paths(seeded_library, pages, CAPTURED)
    stored = len(seeded_library.entries())
    Path(os.environ["NIEUWS_TUI_CONFIG"]).write_text("keep-days = 30\nprune-unread = true\n", encoding="utf-8")
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("r")
        await refreshed(app, pilot)
        assert not Library(seeded_library.path).entries()
        assert f"Refreshed: 0 new, 0 updated. {stored} old articles pruned." in [n.message for n in app._notifications]


async def test_r_forgets_imported_files_removed_from_a_folder_still_there_and_says_so_once_keeping_their_articles(library_path, tmp_path, monkeypatch):
    """An imported file that was gone (a venv moved away from the sample pages it was made with) failed every refresh
    for ever, "no such file or folder", and nothing cleared it. One that cannot be read is not gone: it is tried again.
    Nor is one whose folder is gone too, or empty: an unplugged disk takes the folder with it, an unmounted share leaves
    its mount point empty, and they come back; it fails, naming the command that forgets it."""
    names = ("kept", "gone", "moved", "unplugged", "unmounted", "closed")
    kept, gone, moved, unplugged, unmounted, closed = (tmp_path / name for name in names)
    for folder in (kept, gone, moved, unplugged, unmounted, closed):
        folder.mkdir()
    politics_page(kept)
    import_paths(Library(library_path), [kept, *(politics_page(folder) for folder in (gone, moved, unplugged, unmounted, closed))], CAPTURED)
    articles = len(Library(library_path).entries())
    (gone / "politiek.txt").unlink()
    (gone / "notities.md").write_text("what else the folder holds\n", encoding="utf-8")
    (unmounted / "politiek.txt").unlink()  # (the share's mount point, empty while it is not mounted)
    (unplugged / "politiek.txt").unlink()
    unplugged.rmdir()
    (moved / "politiek.txt").unlink()
    moved.rmdir()
    moved.write_text("a file where its folder was\n", encoding="utf-8")  # (NotADirectoryError)
    real_stat = Path.stat
    monkeypatch.setattr(Path, "stat", lambda path, *args, **kwargs: _refused() if path.parent == closed else real_stat(path, *args, **kwargs))
    app = make_app(library_path)
    said = f"1 imported file or folder is gone ({gone / 'politiek.txt'}): r no longer imports it again; its articles stay"
    away = [str(folder / "politiek.txt") for folder in (moved, unmounted, unplugged)]
    failed = [(str(closed / "politiek.txt"), "cannot read (Permission denied)")] + [
        (path, f"no such file or folder, and the folder it was in is gone or empty (a disk or share not there?): r tries it again; `nieuws-tui sources remove {shlex.quote(path)}` forgets it")
        for path in away
    ]
    async with app.run_test(size=WIDE) as pilot:
        for _refresh in range(2):
            await pilot.press("r")
            await refreshed(app, pilot)
            assert sorted(app.refresh_errors) == failed
        assert [n.message for n in app._notifications].count(said) == 1
    monkeypatch.undo()
    assert Library(library_path).imported_paths() == [str(closed / "politiek.txt"), str(kept), *away]
    assert len(Library(library_path).entries()) == articles


def _refused() -> os.stat_result:
    raise PermissionError(13, "Permission denied")


async def test_E_before_any_refresh_of_this_session_says_none_has_run_and_after_one_that_went_well_that_nothing_went_wrong(library_path, tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    politics_page(folder)
    import_paths(Library(library_path), [folder], CAPTURED)
    app = make_app(library_path)
    async with app.run_test(size=WIDE) as pilot:

        async def errors_said() -> str:
            await pilot.press("E")
            await pilot.pause()
            said = " ".join(str(w.render()) for w in app.screen.query("Static"))
            await pilot.press("escape")
            return said

        said = await errors_said()
        assert "No refresh has run yet in this session." in said and "Nothing went wrong." not in said
        await pilot.press("r")
        await refreshed(app, pilot)
        assert "Nothing went wrong." in await errors_said()


async def test_E_lists_a_feed_that_broke_off_in_the_last_refresh_as_a_note_and_after_one_that_went_well_nothing(library_path, httpserver):
    """A feed cut off was said once, in a notification: E then said nothing went wrong, and a user who missed the
    notification could not find out that its later items were missing."""
    from feedkit import RSS2

    from feeds.config import Source
    from feeds.config import save_sources as save

    answers = iter([RSS2[: RSS2.rindex(b"</item>") + len(b"</item>")], RSS2])
    httpserver.expect_request("/feed").respond_with_handler(lambda request: Response(next(answers), content_type="application/rss+xml"))
    url = httpserver.url_for("/feed")
    save([Source(url)])
    app = make_app(library_path)
    async with app.run_test(size=WIDE) as pilot:

        async def dialog() -> tuple[list[str], str]:
            await pilot.press("r")
            await refreshed(app, pilot)
            await pilot.press("E")
            await until(pilot, lambda: type(app.screen).__name__ == "ErrorsScreen", "the E dialog")
            await pilot.pause()
            notes = [str(w.render()) for w in app.screen.query(".note")]
            said = " ".join(str(w.render()) for w in app.screen.query("Static"))
            await pilot.press("escape")
            return notes, said

        notes, said = await dialog()
        assert notes == [f"{url}\nthe feed breaks off: its end is missing (the server may have cut it short); the items before are kept"]
        assert "Nothing went wrong." not in said and "Nothing failed." in said and "Read only in part (what came is stored):" in said
        notes, said = await dialog()
        assert notes == [] and "Nothing went wrong." in said


async def e_rows(app: NieuwsApp, pilot) -> tuple[list[str], list[str]]:
    """The errors and the notes E lists of the last refresh, each as its rows say it; the dialog closed again."""
    await pilot.press("E")
    await until(pilot, lambda: type(app.screen).__name__ == "ErrorsScreen", "the E dialog")
    await pilot.pause()
    errors = [str(w.render()) for w in app.screen.query(".error")]
    notes = [str(w.render()) for w in app.screen.query(".note")]
    await pilot.press("escape")
    return errors, notes


async def test_E_and_the_refreshs_notice_name_a_source_by_its_title_with_its_address(library_path, httpserver):
    """E named a source by its address (`http://…/nope.xml / HTTP 404`) though it had a title, which the sidebar
    names it by: the title names it, the address beside it tells where to mend it."""
    from feedkit import RSS2

    from feeds.config import Source
    from feeds.config import save_sources as save

    httpserver.expect_request("/nope.xml").respond_with_data("nee", status=404)
    httpserver.expect_request("/feed").respond_with_data(RSS2[: RSS2.rindex(b"</item>") + len(b"</item>")], content_type="application/rss+xml")
    nope, cut = httpserver.url_for("/nope.xml"), httpserver.url_for("/feed")
    save([Source(nope, title="Kapot"), Source(cut, title="Afgekapt")])
    app = make_app(library_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("r")
        await refreshed(app, pilot)
        breaks_off = "the feed breaks off: its end is missing (the server may have cut it short); the items before are kept"
        assert f"Afgekapt ({cut}): {breaks_off}" in [n.message for n in app._notifications]
        assert await e_rows(app, pilot) == ([f"Kapot ({nope})\nHTTP 404"], [f"Afgekapt ({cut})\n{breaks_off}"])


async def test_the_sidebar_by_source_lists_a_source_of_config_toml_that_has_no_articles_with_0(library_path, httpserver):
    """A source whose feed 404s, with no articles, was only under E: newsboat lists every feed, with (0/0)."""
    from feedkit import RSS2

    from feeds.config import Source
    from feeds.config import save_sources as save

    httpserver.expect_request("/nope.xml").respond_with_data("nee", status=404)
    httpserver.expect_request("/feed").respond_with_data(RSS2, content_type="application/rss+xml")
    nope = httpserver.url_for("/nope.xml")
    save([Source(nope, title="Kapot"), Source(httpserver.url_for("/feed"))])
    app = make_app(library_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("r")
        await refreshed(app, pilot)
        await pilot.press("b")
        await shown(app, pilot)
        shelves = {shelf.name: shelf for shelf in app.sections.items}
        assert (shelves[nope].shown, shelves[nope].unread, shelves[nope].total) == ("Kapot", 0, 0)


async def test_the_sidebar_by_source_cuts_a_long_name_in_its_middle_keeping_what_tells_sources_of_one_host_apart(library_path):
    """At 80 columns two sources of one host, on two ports, were both `127.0.0.1:18… 0 !` (`nieuws.example.o… 0`): cut
    from the end, the part that tells them apart went. Cut in the middle, each keeps its host's start and its end."""
    from feeds.config import Source
    from feeds.config import save_sources as save

    save([Source("http://nieuws.example.org:18080/rss.xml"), Source("http://nieuws.example.org:18081/rss.xml")])
    app = make_app(library_path)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.press("b")
        await shown(app, pilot)
        rows = [strip.text.strip() for strip in shown_lines(app.sections)[2:4]]
        assert rows[0] != rows[1] and all(row.startswith("nieuws.") and "…" in row for row in rows), rows
        assert rows[0].endswith("18080 0") and rows[1].endswith("18081 0"), rows


async def _by_source_with_one_failing(httpserver, pilot, app) -> str:
    """The sidebar by source after a refresh in which one source of two, one with no articles, failed; its address."""
    await pilot.press("r")
    await refreshed(app, pilot)
    await pilot.press("b")
    await shown(app, pilot)
    return httpserver.url_for("/nope.xml")


def _one_source_failing(httpserver) -> None:
    from feedkit import RSS2

    from feeds.config import Source
    from feeds.config import save_sources as save

    httpserver.expect_request("/nope.xml").respond_with_data("nee", status=404)
    httpserver.expect_request("/leeg.xml").respond_with_data(RSS2[: RSS2.index(b"<item>")] + b"</channel></rss>", content_type="application/rss+xml")
    httpserver.expect_request("/feed").respond_with_data(RSS2, content_type="application/rss+xml")
    save([Source(httpserver.url_for("/nope.xml"), title="Kapot"), Source(httpserver.url_for("/leeg.xml"), title="Leeg"), Source(httpserver.url_for("/feed"), title="Werkt")])


def sidebar_row(app: NieuwsApp, name: str) -> str:
    shelf = next(shelf for shelf in app.sections.items if shelf.name == name)
    return "".join(segment.text for segment in app.sections.render_row(shelf, 30))


async def test_the_sidebar_tells_a_source_with_no_articles_and_one_that_failed_from_a_source_read_out(library_path, httpserver):
    """A source with no articles showed no count, as one whose articles are all read: it shows 0, and one that
    failed at the last refresh a mark (as E lists it)."""
    _one_source_failing(httpserver)
    app = make_app(library_path)
    async with app.run_test(size=WIDE) as pilot:
        nope = await _by_source_with_one_failing(httpserver, pilot, app)
        assert sidebar_row(app, nope).split()[-2:] == ["0", "!"]
        assert sidebar_row(app, httpserver.url_for("/leeg.xml")).split()[-2:] == ["Leeg", "0"]
        feed = httpserver.url_for("/feed")
        app.sections.select_name(feed)
        await shown(app, pilot)
        await pilot.press("M")  # every article of the source read: no count, as before
        await settle(app, pilot)
        assert sidebar_row(app, feed).split()[-1] == "Werkt"


async def test_J_and_K_skip_the_sources_with_no_articles_which_the_cursor_still_reaches(library_path, httpserver):
    """Sorted by address, the failing sources came first: every J from All stopped on each, an empty list."""
    _one_source_failing(httpserver)
    app = make_app(library_path)
    async with app.run_test(size=WIDE) as pilot:
        nope = await _by_source_with_one_failing(httpserver, pilot, app)
        feed = httpserver.url_for("/feed")
        visited = []
        for key in "JJJJ":
            await pilot.press(key)
            await shown(app, pilot)
            visited.append(app.view.shelf)
        assert visited == ["Starred", feed, "All", "Starred"]
        await pilot.press("K", "K")
        await shown(app, pilot)
        assert app.view.shelf == feed
        app.sections.select_name(nope)
        await shown(app, pilot)
        assert app.view.shelf == nope


async def test_the_empty_list_of_a_source_says_it_has_no_articles_and_that_its_last_fetch_failed(library_path, httpserver):
    """The list of a source said "No articles in this section.", and with u on "Nothing unread here.", even of a
    source that failed at the last refresh."""
    _one_source_failing(httpserver)
    app = make_app(library_path)
    async with app.run_test(size=WIDE) as pilot:
        nope = await _by_source_with_one_failing(httpserver, pilot, app)
        app.sections.select_name(nope)
        await shown(app, pilot)
        assert app.articles.empty_message == "No articles from this source: its last fetch failed, press E to see why."
        app.sections.select_name(httpserver.url_for("/leeg.xml"))
        await shown(app, pilot)
        assert app.articles.empty_message == "No articles from this source."
        await pilot.press("u")
        await shown(app, pilot)
        assert app.articles.empty_message == "No articles from this source."


async def test_the_keys_screen_says_J_and_K_go_to_the_next_section_or_source(seeded_library):
    """It said "next section" also with the sidebar by source, where J goes to the next source."""
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("question_mark")
        await until(pilot, lambda: app.screen.query("#help"), "the keys screen")
        rows = help_rows(app)
        assert ("J", "Go to the next section, or source when the sidebar lists sources  [next_section]") in rows
        assert ("K", "Go to the previous section, or source when the sidebar lists sources  [previous_section]") in rows


async def test_E_and_the_refreshs_notice_say_an_imported_feed_that_r_read_again_broke_off(library_path, tmp_path):
    """r imports files again; what such an import left unread (a feed file that breaks off) was said in neither,
    and E said nothing went wrong."""
    from feedkit import RSS2

    feed = tmp_path / "regio.rss"
    feed.write_bytes(RSS2)
    import_paths(Library(library_path), [feed], CAPTURED)
    feed.write_bytes(RSS2[: RSS2.rindex(b"</item>") + len(b"</item>")])
    app = make_app(library_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("r")
        await refreshed(app, pilot)
        breaks_off = "the feed breaks off: its end is missing (the server may have cut it short); the 2 items before it are kept"
        assert f"{feed}: {breaks_off}" in [n.message for n in app._notifications]
        assert await e_rows(app, pilot) == ([], [f"{feed}\n{breaks_off}"])


async def test_E_during_a_refresh_says_it_is_still_running_with_what_went_wrong_so_far(library_path, httpserver, servers):
    """E during the session's first refresh showed the errors so far as if the refresh were over."""
    from test_fetch import RSS2

    from feeds.config import Source
    from feeds.config import save_sources as save

    answering = threading.Event()

    def slow_feed(request):
        answering.wait(timeout=30)
        return Response(RSS2, content_type="application/rss+xml")

    # on a host of its own: a fetch asks one host one thing at a time, and the slow answer first held up the other
    slow_server = servers.enter_context(web_server())
    slow_server.expect_request("/slow").respond_with_handler(slow_feed)
    httpserver.expect_request("/gone").respond_with_data("", status=404)
    save([Source(httpserver.url_for("/gone")), Source(slow_server.url_for("/slow"))])
    app = make_app(library_path)
    async with app.run_test(size=WIDE) as pilot:
        try:
            await pilot.press("r")
            await until(pilot, lambda: app.refresh_errors, "the error of the source that is gone")
            await pilot.press("E")
            await pilot.pause()
            said = [str(w.render()) for w in app.screen.query("Static")]
            assert said[0] == "Refresh still running: 1 of 2 sources done" and "/gone" in said[1] and "404" in said[1]
        finally:
            answering.set()
        await pilot.press("escape")
        await refreshed(app, pilot)


async def test_the_E_dialog_opened_during_a_refresh_follows_it_to_its_end(library_path, httpserver, servers):
    """E during a refresh showed what had gone wrong by then and stayed so: a source that failed after it was not
    listed, and the dialog went on saying the refresh was running once it was over."""
    from test_fetch import RSS2

    from feeds.config import Source
    from feeds.config import save_sources as save

    failing, answering = threading.Event(), threading.Event()

    def late_failure(request):
        failing.wait(timeout=30)
        return Response("", status=404)

    def slow_feed(request):
        answering.wait(timeout=30)
        return Response(RSS2, content_type="application/rss+xml")

    # each on a host of its own: a fetch asks one host one thing at a time, so a late answer would hold up the others
    late_server, slow_server = servers.enter_context(web_server()), servers.enter_context(web_server())
    httpserver.expect_request("/gone").respond_with_data("", status=404)
    late_server.expect_request("/late").respond_with_handler(late_failure)
    slow_server.expect_request("/slow").respond_with_handler(slow_feed)
    save([Source(httpserver.url_for("/gone")), Source(late_server.url_for("/late")), Source(slow_server.url_for("/slow"))])
    app = make_app(library_path)

    def said() -> list[str]:
        return [str(w.render()) for w in app.screen.query("Static")]

    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("r")
        with contextlib.ExitStack() as answered:
            answered.callback(answering.set)
            answered.callback(failing.set)
            await until(pilot, lambda: len(app.refresh_errors) == 1, "the first source's error")
            await pilot.press("E")
            await until(pilot, lambda: said()[0] == "Refresh still running: 1 of 3 sources done", "the dialog")
            failing.set()
            await until(pilot, lambda: len(app.screen.query(".error")) == 2, "the second error in the dialog")
            assert said()[0] == "Refresh still running: 2 of 3 sources done"
            assert "/gone" in said()[1] and "/late" in said()[2] and "404" in said()[2]
        await refreshed(app, pilot)
        await until(pilot, lambda: said()[0] == "Last refresh", "the end of the refresh in the dialog")
        assert len(app.screen.query(".error")) == 2 and not app.screen.query(".error-none")


async def test_a_note_shown_over_the_E_dialog_leaves_its_border_and_text_uncovered(seeded_library):
    """The refresh's note, shown bottom right, was drawn over the border and last lines of a long E dialog."""
    from textual.widgets._toast import Toast

    app = make_app(seeded_library.path)
    async with app.run_test(size=NARROW, notifications=True) as pilot:
        app.refreshed = True
        app.refresh_errors = [(f"https://example.org/feed{n}", "HTTP 404 Not Found") for n in range(12)]
        await pilot.press("E")
        app.notify("Refreshed: 3 new, 0 updated; 12 failed, press E to see why.", severity="warning", timeout=30)
        await until(pilot, lambda: app.screen.query(Toast), "the note")
        await pilot.pause()
        dialog, [note] = app.screen.query_one("#errors").region, app.screen.query(Toast)
        assert not dialog.overlaps(note.region)


async def test_a_note_shown_over_the_keys_screen_leaves_its_border_and_text_uncovered(seeded_library):
    """At 80×24 "The sidebar shows sections." was drawn over the bottom border of the keys screen (?)."""
    from textual.widgets._toast import Toast

    app = make_app(seeded_library.path)
    async with app.run_test(size=NARROW, notifications=True) as pilot:
        await pilot.press("question_mark")
        app.notify("The sidebar shows sections.", timeout=30)  # b's, for longer than a slow machine takes to show it
        await until(pilot, lambda: app.screen.query(Toast), "the note")
        await pilot.pause()
        dialog, [note] = app.screen.query_one("#help").region, app.screen.query(Toast)
        assert not dialog.overlaps(note.region)


@pytest.mark.parametrize("size", [NARROW, (60, 20)])
async def test_the_first_starts_long_note_leaves_the_keys_screen_whole(tmp_path, size):
    """The note of a new library and how to add one's own feeds, 9 lines at 80×24 and 11 at 60×20, was drawn over
    the keys screen's lower border and last lines: the dialog now ends above the notes shown."""
    from textual.widgets._toast import Toast

    from feeds.samples import import_samples_if_new

    library = Library(tmp_path / "samples.sqlite")
    import_samples_if_new(library)
    greeting = "new library at ~/.local/share/nieuws-tui/library.sqlite: imported 16 sample articles from the bundled pages"
    app = reader_app(library, now=lambda: CAPTURED, preferences=Preferences(), greetings=[greeting])
    async with app.run_test(size=size, notifications=True) as pilot:
        await until(pilot, lambda: any(toast.size.height for toast in app.screen.query(Toast)), "the note")
        await pilot.press("question_mark")
        await until(pilot, lambda: any(toast.size.height for toast in app.screen.query(Toast)), "the note over the keys screen")
        await pilot.pause()
        dialog, [note] = app.screen.query_one("#help").region, app.screen.query(Toast)
        assert not dialog.overlaps(note.region)
        assert dialog.height >= 5  # its border and some of its text


async def test_the_E_dialog_on_a_short_terminal_uses_its_height_to_show_the_errors(seeded_library):
    """At 40×15 it took 65% of the height, for the notes shown under it: the first source's reason was a scroll away,
    with half the screen empty."""
    app = make_app(seeded_library.path)
    async with app.run_test(size=(40, 15)) as pilot:
        app.refreshed = True
        app.refresh_errors = [(f"https://example.org/feed{n}", "HTTP 404 Not Found") for n in range(2)]
        await pilot.press("E")
        await until(pilot, lambda: type(app.screen).__name__ == "ErrorsScreen", "the E dialog")
        await pilot.pause()
        dialog = app.screen.query_one("#errors")
        assert all(dialog.content_region.contains_region(error.region) for error in app.screen.query(".error"))
        assert dialog.region.bottom <= 15 - 1  # above its footer


async def test_the_E_dialog_says_on_its_lower_border_that_more_follows_until_scrolled_to_the_end(seeded_library):
    """At 60×20 its last lines were out of sight with no sign of them: the scrollbar, dark blue on grey, went unseen."""
    app = make_app(seeded_library.path)
    async with app.run_test(size=(60, 20)) as pilot:
        app.refreshed = True
        app.refresh_errors = [(f"http://127.0.0.1:18{n}/feed", "HTTP 404 Not Found") for n in range(8)]
        await pilot.press("E")
        await until(pilot, lambda: type(app.screen).__name__ == "ErrorsScreen", "the E dialog")
        await pilot.pause()
        dialog = app.screen.query_one("#errors")

        def lower_border() -> str:
            return dialog.render_lines(Region(0, dialog.outer_size.height - 1, dialog.outer_size.width, 1))[0].text

        assert "more below" in lower_border()
        await pilot.press("G")
        await pilot.pause()
        assert "more below" not in lower_border()
        assert dialog.content_region.contains_region(app.screen.query_one("#errors-help").region)  # its last line in sight


async def test_r_reads_the_sources_off_the_ui_thread_and_says_when_there_are_none_or_config_toml_is_damaged(library_path, monkeypatch):
    import os

    import tui.library_view

    readers: list[str] = []
    load = tui.library_view.load_config
    monkeypatch.setattr(tui.library_view, "load_config", lambda **how: readers.append(threading.current_thread().name) or load(**how))
    config = Path(os.environ["NIEUWS_TUI_CONFIG"])
    app = make_app(library_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("r")
        await settle(app, pilot)
        assert not app.fetching and "No sources yet: add one with `nieuws-tui sources add URL`." in [n.message for n in app._notifications]
        config.write_text("[[source]\n")
        await pilot.press("r")
        await settle(app, pilot)
        assert not app.fetching and any(str(config) in n.message and n.severity == "error" for n in app._notifications)
        assert str(app.query_one("#status").render()) == ""
    assert len(readers) >= 2 and set(readers) == {"nieuws-tui-engine"}  # at each r (and to name the sources)


async def refreshed(app: NieuwsApp, pilot) -> None:
    """Wait for the refresh under way to end."""
    deadline = time.monotonic() + 10
    while app.fetching:
        assert time.monotonic() < deadline, "the refresh never ended"
        await settle(app, pilot)
        await pilot.pause(0.02)
    await settle(app, pilot)


def two_feeds(httpserver) -> None:
    """Two sources in config.toml, their feeds served, filed under Regio."""
    from test_fetch import RSS2

    from feeds.config import Source
    from feeds.config import save_sources as save

    httpserver.expect_request("/one").respond_with_data(RSS2, content_type="application/rss+xml")
    httpserver.expect_request("/two").respond_with_data(RSS2.replace(b"example.org", b"example.net"), content_type="application/rss+xml")
    save([Source(httpserver.url_for("/one"), "Regio"), Source(httpserver.url_for("/two"), "Regio")])


def fail_at_the_second_store(monkeypatch) -> None:
    store = FetchRun.store

    def store_once(run, result):
        if run.report.results:
            raise StorageError("library.sqlite: database or disk is full")
        store(run, result)

    monkeypatch.setattr(FetchRun, "store", store_once)


def fail_at_the_commit(monkeypatch) -> None:
    from feeds.store.database import Database

    def full(self, connection, name, value):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Database, "set_counter", full)


def fail_in_the_fetch(monkeypatch) -> None:
    from feeds import SourceResult

    events = FetchRun.events

    def break_after_the_first(run):
        for event in events(run):
            yield event
            if isinstance(event, SourceResult):
                raise RuntimeError("database or disk is full")

    monkeypatch.setattr(FetchRun, "events", break_after_the_first)


@pytest.mark.parametrize("failure", [fail_at_the_second_store, fail_at_the_commit, fail_in_the_fetch])
async def test_a_refresh_that_fails_anywhere_stores_none_of_the_run_and_says_why(library_path, tmp_path, httpserver, monkeypatch, failure):
    """As `nieuws-tui fetch` does: a run, the folders it imports again included, is stored whole or not at all."""
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "one.txt").write_text((Path(__file__).parent.parent / "seeds" / "000_a5cab632ecde00b7.txt").read_text(encoding="utf-8"))
    import_paths(Library(library_path), [folder], CAPTURED)
    two_feeds(httpserver)
    app = make_app(library_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        politics_page(folder)  # what the run would import again
        failure(monkeypatch)
        await pilot.press("r")
        await refreshed(app, pilot)
        assert any(n.message.startswith("Could not refresh: ") and "disk is full" in n.message for n in app._notifications)
        assert len(app.articles.items) == 8 and [s.name for s in app.sections.items if s.name in ("Regio", "Politiek")] == []
        assert str(app.query_one("#status").render()) == ""
        await pilot.press("E")  # it said "Nothing went wrong."
        await until(pilot, lambda: type(app.screen).__name__ == "ErrorsScreen", "the E dialog")
        await pilot.pause()
        said = [str(w.render()) for w in app.screen.query(".error")]
        assert len(said) == 1 and said[0].startswith("This refresh\n") and "disk is full" in said[0] and "nothing of it was stored" in said[0]
    assert len(Library(library_path).entries()) == 8


async def test_a_refresh_reads_its_feeds_in_its_own_thread_starting_no_worker_process(library_path, httpserver, monkeypatch):
    """A pool of worker processes made for each refresh cost more than it saved: 4 feeds of 1,000 items took 1.5-2.4 s
    on a loaded machine of two cores, against 0.3-0.6 s read in the run's thread (a pool kept for the app's life, 0.4-0.8
    s). So the app reads its feeds in the run's thread, and has no processes to end or start again."""
    from feeds.web.workers import Workers

    made = Workers.__init__
    pools: list[object] = []

    def noting(workers: Workers, *args, **options) -> None:
        made(workers, *args, **options)
        pools.append(workers._pool)

    monkeypatch.setattr(Workers, "__init__", noting)
    two_feeds(httpserver)
    app = make_app(library_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        await refreshed(app, pilot)
        assert len(app.articles.items) == 4
    assert pools == [None]


async def test_E_lists_the_failed_sources_in_the_order_of_the_sources_list_not_the_order_they_failed_in(library_path, httpserver, servers):
    """E listed the sources that failed as they finished: a slow one that failed came last one run and first the
    next, and a user comparing two runs could not find a source where it was the time before."""
    from feeds.config import Source
    from feeds.config import save_sources as save

    fast_failed = threading.Event()

    def slow_failure(request):
        fast_failed.wait(timeout=30)
        time.sleep(0.3)  # (the fast one's failure told the app first)
        return Response("weg", status=404)

    slow_server = servers.enter_context(web_server())
    servers.callback(fast_failed.set)  # before the server stops: it waits for its handlers

    def fast_failure(request):
        fast_failed.set()
        return Response("weg", status=404)

    slow_server.expect_request("/traag").respond_with_handler(slow_failure)
    httpserver.expect_request("/snel").respond_with_handler(fast_failure)
    slow, fast = slow_server.url_for("/traag"), httpserver.url_for("/snel")
    save([Source(slow), Source(fast)])
    app = make_app(library_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("r")
        await refreshed(app, pilot)
        errors, _notes = await e_rows(app, pilot)
        assert [row.partition("\n")[0] for row in errors] == [slow, fast]


def fast_and_slow_sources(httpserver, servers, twice: bool = False) -> threading.Event:
    """Two sources in config.toml: /fast answers at once, /slow (on a host of its own, so as not to hold up
    /fast) once the event returned is set, or after 30 s. `twice`: /fast is listed again, in a section of its own."""
    from test_fetch import RSS2

    from feeds.config import Source
    from feeds.config import save_sources as save

    answering = threading.Event()

    def slow_feed(request):
        answering.wait(timeout=30)
        return Response(RSS2.replace(b"example.org", b"example.net"), content_type="application/rss+xml")

    slow_server = servers.enter_context(web_server())
    servers.callback(answering.set)  # before the server stops: it waits for its handlers
    httpserver.expect_request("/fast").respond_with_data(RSS2, content_type="application/rss+xml")
    slow_server.expect_request("/slow").respond_with_handler(slow_feed)
    fast = [Source(httpserver.url_for("/fast"), section) for section in ("Regio", "Sport")[: 2 if twice else 1]]
    save([*fast, Source(slow_server.url_for("/slow"), "Regio")])
    return answering


def fetch_threads() -> set[threading.Thread]:
    """The threads of the fetch runs going in this process: those of the tests before may still be going (a `fetch`
    run's source waiting on a server its end did not wake), so a test waits only for those that were not there before
    its own run."""
    return {thread for thread in threading.enumerate() if thread.name == "nieuws-tui-fetch"}


async def test_a_refresh_whose_store_fails_ends_at_once_not_when_the_slowest_source_answers(library_path, httpserver, servers, monkeypatch):
    """It went on "Refreshing 1/2: …/slow — fetching", and r said "Already refreshing.", until the slow source
    answered (up to a minute), though nothing of the run could be stored by then."""

    def full(run, result):
        raise StorageError("library.sqlite: database or disk is full")

    answering = fast_and_slow_sources(httpserver, servers)
    monkeypatch.setattr("feeds.web.fetch.HELD_TEXT", 0)  # the fast source stored as it comes, as sources past the bound of those held are
    app = make_app(library_path)
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await settle(app, pilot)
        monkeypatch.setattr(FetchRun, "store", full)
        before = fetch_threads()
        await pilot.press("r")
        said = lambda: any(n.message.startswith("Could not refresh: ") and "disk is full" in n.message for n in app._notifications)  # noqa: E731
        await until(pilot, said, "the refresh's failure said")  # (a notice is shown after the message that ends the refresh)
        assert not app.fetching and not answering.is_set()
        assert str(app.query_one("#status").render()) == ""
        answering.set()  # what the slow source brings after is not taken, nor said
        await until(pilot, lambda: not fetch_threads() - before, "the run's threads to end")
        await settle(app, pilot)
        assert str(app.query_one("#status").render()) == "" and app._refresh_progress[0] == 0
    assert Library(library_path).entries() == []


async def test_a_refresh_whose_store_fails_ends_its_sources_at_once_and_says_why_naming_the_library(library_path, httpserver, servers, monkeypatch):
    """Given up at a store that failed, the refresh went on reading its run, whose threads waited on the slowest server
    up to a minute; and the disk failing, the library read again as the run was given up failed too, and the store's
    failure was never said: r answered "Already refreshing." for good. The run ends at once, and says why."""
    from feeds.clean import shown_path
    from feeds.store.writer import Writer

    failing = threading.Event()

    def full(writer, records, only_new=False):
        failing.set()
        raise sqlite3.OperationalError("database or disk is full")

    entries = Library.entries

    def unreadable(library, *args, **options):
        if failing.is_set():
            raise StorageError(f"{library.files.database}: disk I/O error")
        return entries(library, *args, **options)

    answering = fast_and_slow_sources(httpserver, servers)
    monkeypatch.setattr("feeds.web.fetch.HELD_TEXT", 0)  # the fast source stored as it comes, as sources past the bound of those held are
    app = make_app(library_path)
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await settle(app, pilot)
        monkeypatch.setattr(Writer, "_add", full)
        monkeypatch.setattr(Library, "entries", unreadable)
        before = fetch_threads()
        await pilot.press("r")
        named = f"Could not refresh: {shown_path(app.library_view.library.files.database)}: "
        said = lambda: any(n.message.startswith(named) and "full" in n.message for n in app._notifications)  # noqa: E731
        await until(pilot, said, "the refresh's failure said")
        await until(pilot, lambda: not fetch_threads() - before, "the run's threads to end")
        assert not app.fetching and not answering.is_set()
    failing.clear()  # the disk mended
    assert Library(library_path).entries() == []


async def test_a_source_said_stored_after_its_refresh_failed_leaves_the_status_line_empty(library_path, httpserver):
    """The run's thread says a source is being stored as the library's thread fails the refresh: said after the end,
    "Refreshing 0/2: …/b — storing" stayed on the status line."""
    from feeds import Progress
    from feeds.config import Source

    app = make_app(library_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        app._refresh_event(Progress(Source(httpserver.url_for("/b")), "storing"))
        await settle(app, pilot)
        assert str(app.query_one("#status").render()) == ""


@pytest.mark.parametrize("quit", ["q", signal.SIGTERM, signal.SIGHUP], ids=["q", "told to end", "terminal closed"])
async def test_quitting_during_a_refresh_keeps_the_sources_it_stored_and_is_prompt(library_path, httpserver, servers, monkeypatch, quit):
    """As an interrupted `nieuws-tui fetch` does: the app's quit threw away the sources done (their articles in
    the list, when the run stored each as it came; now held until no source waits for a server)."""
    answering = fast_and_slow_sources(httpserver, servers)
    previous = {number: signal.signal(number, lambda *_: None) for number in (signal.SIGTERM, signal.SIGHUP)}  # (else a signal ends the tests)
    try:
        app = make_app(library_path)
        said = exit_messages(app, monkeypatch)
        async with app.run_test(size=WIDE) as pilot:
            await until_the_fast_source_is_held(app, pilot)
            quitting = time.monotonic()
            if quit == "q":
                await pilot.press("q")
            else:
                os.kill(os.getpid(), quit)
            await until(pilot, lambda: not app.is_running, "the app's end")
        assert time.monotonic() - quitting < 5 and not answering.is_set()
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    stored = Library(library_path).entries()
    assert len(stored) == 2 and all("example.org" in entry.article.url for entry in stored)
    assert said == [None]  # nothing to say: the sources done are kept


async def until_the_fast_source_is_held(app: NieuwsApp, pilot) -> None:
    """A refresh of fast_and_slow_sources under way, the fast source fetched and held (fetch_sources), said so, and
    nothing of it stored or in the list yet: no other writer of the library waits for the slow source."""
    await settle(app, pilot)
    await pilot.press("r")
    await until(pilot, lambda: app._held, "the fast source held")
    assert not app.articles.items
    Library(app.library_view.library.path).begin(wait=1).rollback()


async def test_a_refresh_holding_a_source_done_names_the_one_still_under_way_and_counts_the_held_one(library_path, httpserver, servers):
    """The status line named the fast source, fetched long ago ("0/2: …/fast — fetched, waiting to be stored"), while
    the slow one held up the refresh, and counted none done."""
    fast_and_slow_sources(httpserver, servers)
    app = make_app(library_path)
    async with app.run_test(size=WIDE) as pilot:
        await until_the_fast_source_is_held(app, pilot)
        await pilot.pause()
        status = str(app.query_one("#status").render())
        assert status.startswith("Refreshing 1/2: ") and "/slow" in status and "/fast" not in status, status


async def test_a_refresh_counts_a_source_listed_in_two_sections_once_as_it_fetches_it_once(library_path, httpserver, servers):
    """config.toml's second listing of a source is fetched once, as the first says; the count had it as a source of
    its own, which never came: "1/3" with the fast source held, "2/3" until the refresh ended."""
    fast_and_slow_sources(httpserver, servers, twice=True)
    app = make_app(library_path)
    async with app.run_test(size=WIDE) as pilot:
        await until_the_fast_source_is_held(app, pilot)
        await pilot.pause()
        status = str(app.query_one("#status").render())
        assert app._refresh_progress == (1, 2) and status.startswith("Refreshing 1/2: ") and "/slow" in status, status


async def test_quitting_during_a_refresh_whose_sources_cannot_be_kept_says_so_on_leaving(library_path, httpserver, servers, monkeypatch):
    """The commit of the sources done, as the app went, failed (a full disk) and was undone without a word."""
    fast_and_slow_sources(httpserver, servers)
    app = make_app(library_path)
    said = exit_messages(app, monkeypatch)
    async with app.run_test(size=WIDE) as pilot:
        await until_the_fast_source_is_held(app, pilot)
        fail_at_the_commit(monkeypatch)
        await pilot.press("q")
        await until(pilot, lambda: not app.is_running, "the app's end")
    database = Library(library_path).files.database
    assert said == [f"nieuws-tui: quit during a refresh, and the sources it stored could not be kept: {database}: database or disk is full"]
    assert Library(library_path).entries() == []


async def test_quitting_during_a_refresh_behind_a_job_longer_than_the_app_waits_says_the_refresh_was_not_stored(library_path, httpserver, servers, monkeypatch):
    """The app waits for its engine thread 10 s at most, then ends, the refresh's commit still queued behind a job that
    took longer (a big feed being stored): its sources were lost without a word, though the app promises to keep them.
    What it says then holds: the commit does not come after it, however long the process takes to end."""
    from tui.library_view import EngineThread

    stop = EngineThread.stop
    monkeypatch.setattr(EngineThread, "stop", lambda engine, timeout=10: stop(engine, 0.05))  # the wait, shorter than the job
    fast_and_slow_sources(httpserver, servers)
    longer = threading.Event()
    app = make_app(library_path)
    said = exit_messages(app, monkeypatch)
    try:
        async with app.run_test(size=WIDE) as pilot:
            await until_the_fast_source_is_held(app, pilot)
            app.library_view.engine.submit(longer.wait)
            await pilot.press("q")
            await until(pilot, lambda: not app.is_running, "the app's end")
        database = Library(library_path).files.database
        assert said == [f"nieuws-tui: quit before the refresh under way was stored in {database}, the library still busy; the next refresh brings it again"]
    finally:
        longer.set()
    app.library_view.engine._thread.join(5)
    assert not app.library_view.engine.running and Library(library_path).entries() == []


async def test_a_refresh_reads_the_open_article_again_once_at_its_end_and_keeps_its_place(seeded_library, httpserver, monkeypatch):
    """Until the run commits, the reader's text is what was there before: reading it at every source
    scrolled it to the top at every source."""
    two_feeds(httpserver)
    app = make_app(seeded_library.path)
    async with app.run_test(size=NARROW) as pilot:
        await open_titled(app, pilot, KIM)
        await pilot.press("space")
        await settle(app, pilot)
        place = app.reader.scroll_y
        assert place > 0
        reads: list[str] = []
        read_article = app.library_view.read_article
        monkeypatch.setattr(app.library_view, "read_article", lambda entry, *then: reads.append(entry.id) or read_article(entry, *then))
        await pilot.press("r")
        await refreshed(app, pilot)
        assert "Refreshed: 4 new, 0 updated." in [n.message for n in app._notifications]
        assert reads == [app.current.id] and app.reader.scroll_y == place


async def test_the_open_teaser_shows_its_full_story_once_another_process_brings_it(seeded_library, tmp_path):
    from test_library import FULL_PAGE, TEASER_TITLE

    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await open_titled(app, pilot, TEASER_TITLE)
        await settle(app, pilot)
        assert app.reader.article.kind == "teaser"
        page = tmp_path / "full.txt"
        page.write_text(FULL_PAGE, encoding="utf-8")
        import_paths(Library(seeded_library.path), [page], CAPTURED + timedelta(hours=2))
        app._look_for_changes()
        await settle(app, pilot)
        assert app.reader.article.kind == "full" and app.reader.article.title == TEASER_TITLE
        assert "De legerleiding heeft gewaarschuwd" in reader_text(app)


@pytest.mark.parametrize("size", [WIDE, NARROW])
async def test_the_open_article_another_process_prunes_stays_the_readers_and_its_keys_act_on_it(seeded_library, tmp_path, size):
    """cron's prune of keep-days took the open article away: s starred the row the list's cursor moved to, which the
    user never chose, and q, with no article open any more, quit the app."""
    app = make_app(seeded_library.path)
    async with app.run_test(size=size) as pilot:
        await open_titled(app, pilot, KIM)
        Library(seeded_library.path).prune(Retention(keep_days=0.01, prune_unread=True))
        app._look_for_changes()
        await settle(app, pilot)
        assert app.reader.article.title == KIM and KIM in reader_text(app)
        assert "This article is no longer in the library: another process removed it. It stays here until you leave it." in [n.message for n in app._notifications]
        app.clear_notifications()
        import_paths(Library(seeded_library.path), [politics_page(tmp_path)], CAPTURED)  # the next fetch: said once
        app._look_for_changes()
        await settle(app, pilot)
        assert not app._notifications and app.reader.article.title == KIM
        await pilot.press("s")
        await settle(app, pilot)
        assert not [e for e in Library(seeded_library.path).entries() if e.starred]
        assert "This article is no longer in the library: it has no marks to change." in [n.message for n in app._notifications]
        await pilot.press("q")
        await settle(app, pilot)
        assert app.is_running and not app.has_class("-reading")


async def test_articles_imported_by_another_process_appear_and_own_changes_stay(seeded_library, tmp_path):
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("s")
        await settle(app, pilot)
        import_paths(Library(seeded_library.path), [politics_page(tmp_path)], CAPTURED)
        app._look_for_changes()
        await settle(app, pilot)
        assert len(app.articles.items) == 18
        assert [s.name for s in app.sections.items][-1] == "Politiek"
        assert sum(e.starred for e in app.library_view.entries) == 1


async def test_looks_for_changes_behind_a_long_job_queue_one_pick_up_not_one_per_look(seeded_library, tmp_path, monkeypatch):
    """Every look (each REFRESH_SECONDS) queued a pick-up: behind a job of minutes (a library busy with another
    process's write) they piled up, to be run one by one ahead of the keys pressed meanwhile."""
    picked_up, pick_up_changes = [], Library.pick_up_changes

    def counted(self: Library) -> bool:
        picked_up.append(True)
        return pick_up_changes(self)

    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        monkeypatch.setattr(Library, "pick_up_changes", counted)
        going_on = threading.Event()
        app.library_view.engine.submit(lambda: going_on.wait(10))  # the long job
        for _look in range(5):
            app._look_for_changes()
        import_paths(Library(seeded_library.path), [politics_page(tmp_path)], CAPTURED)  # stored while the look waits
        going_on.set()
        await settle(app, pilot)
        assert len(picked_up) == 1
        assert len(app.articles.items) == 18  # the one queued found what was stored before it began
        app._look_for_changes()  # and the next look is queued again
        await settle(app, pilot)
        assert len(picked_up) == 2


def pick_ups_that(outcomes: list[str], database: Path) -> Callable[[Library], bool]:
    """A Library.pick_up_changes that fails at each look as `outcomes` say, in turn (a disk's error, damage, another
    process's long write), and works at "works" and past the last."""
    from feeds.store.database import LibraryBusy

    pick_up_changes, failures = Library.pick_up_changes, iter(outcomes)
    errors: dict[str, tuple[type[StorageError], str]] = {
        "disk": (StorageError, f"{database}: disk I/O error"),
        "damaged": (StorageError, f"{database}: damaged (database disk image is malformed)"),
        "busy": (LibraryBusy, f"{database}: busy: another nieuws-tui process has been writing for over 300 s"),
    }

    def pick_up(self: Library) -> bool:
        if (outcome := next(failures, "works")) in errors:
            kind, message = errors[outcome]
            raise kind(message)
        return pick_up_changes(self)

    return pick_up


async def test_a_library_busy_as_the_app_looks_for_changes_is_no_failed_save_and_is_looked_at_again(seeded_library, tmp_path, monkeypatch):
    """A look for changes that found the library busy (another process writing for minutes) said "Could not save: …",
    though nothing was being saved."""
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await settle(app, pilot)
        monkeypatch.setattr(Library, "pick_up_changes", pick_ups_that(["busy"], seeded_library.files.database))
        import_paths(Library(seeded_library.path), [politics_page(tmp_path)], CAPTURED)
        app._look_for_changes()
        await settle(app, pilot)
        assert [n.message for n in app._notifications if n.severity != "information"] == []
        app._look_for_changes()
        await settle(app, pilot)
        assert len(app.articles.items) == 18


async def test_a_look_for_changes_that_fails_says_what_it_could_not_read_not_what_it_could_not_save(seeded_library, monkeypatch):
    def unreadable(self: Library) -> bool:
        raise StorageError(f"{self.files.database}: disk I/O error")

    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await settle(app, pilot)
        monkeypatch.setattr(Library, "pick_up_changes", unreadable)
        app._look_for_changes()
        await settle(app, pilot)
        assert [n.message for n in app._notifications if n.severity == "error"] == [
            f"Could not read what other processes stored: {seeded_library.files.database}: disk I/O error"
        ]


async def test_a_look_for_changes_that_keeps_failing_says_so_once_until_the_reason_changes_or_it_worked(seeded_library, monkeypatch):
    """A look that failed for a reason other than busy (damage, a disk's error) said so at every look: a toast every 2 s."""
    database = seeded_library.files.database
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await settle(app, pilot)
        outcomes = ["disk", "disk", "busy", "disk", "damaged", "damaged", "works", "damaged"]
        monkeypatch.setattr(Library, "pick_up_changes", pick_ups_that(outcomes, database))
        said = notices_said(app)
        for _look in range(8):
            app._look_for_changes()
            await settle(app, pilot)
        assert [message.removeprefix("Could not read what other processes stored: ") for message in said] == [
            f"{database}: disk I/O error",
            f"{database}: damaged (database disk image is malformed)",
            f"{database}: damaged (database disk image is malformed)",  # again, once it had worked in between
        ]


async def test_a_search_index_that_cannot_take_in_new_articles_is_said_once_in_the_app(seeded_library, monkeypatch):
    from feeds.store.writer import Writer

    without_search_index(seeded_library)

    def failing(self: Writer, batch: int) -> int:
        raise StorageError(f"{seeded_library.files.database}: disk I/O error")

    monkeypatch.setattr(Writer, "index_pending", failing)
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await settle(app, pilot)
        for _look in range(3):
            app._look_for_changes()
            await settle(app, pilot)
        assert [n.message for n in app._notifications if n.severity == "warning"] == [
            f"Could not make the new articles searchable; a search may miss them: {seeded_library.files.database}: disk I/O error"
        ]


async def test_a_damaged_search_index_retried_at_each_look_leaves_the_listed_articles_as_they_are(seeded_library, monkeypatch):
    """A failed index batch is rolled back; that rollback read every article again, as new entries, at each look
    (every 2 s), and the list kept the old ones: a mark then went to the new ones, and the list showed it unmarked."""
    from storekit import damage_table

    without_search_index(seeded_library)
    damage_table(seeded_library, "search_data")
    loads = []
    load = Library._load

    def counted(self: Library) -> None:
        loads.append(self)
        load(self)

    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        monkeypatch.setattr(Library, "_load", counted)
        for _look in range(5):  # nothing new stored
            app._look_for_changes()
            await settle(app, pilot)
        assert loads == []
        listed = app.articles.items[0]
        assert app.library_view.library.entry(listed.article.id) is listed
        await pilot.press("m")
        await settle(app, pilot)
        assert [e.article.id for e in app.articles.items if e.read] == [listed.article.id]
    assert Library(seeded_library.path).entry(listed.article.id).read


async def test_a_section_shown_again_after_another_process_added_to_it_lists_the_new_articles(seeded_library, tmp_path):
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        app.show_shelf("Buitenland")
        await shown(app, pilot)
        assert len(app.articles.items) == 16
        app.show_shelf(ALL)
        await shown(app, pilot)
        page = ArticlePage("Nieuwe sancties tegen Rusland", [("p", "BRUSSEL (ANP) - De EU kondigt nieuwe sancties aan.")], section="Buitenland")
        (tmp_path / "buitenland.txt").write_text(page.text(), encoding="utf-8")
        import_paths(Library(seeded_library.path), [tmp_path / "buitenland.txt"], CAPTURED)
        app._look_for_changes()
        await settle(app, pilot)
        app.show_shelf("Buitenland")
        await shown(app, pilot)
        assert len(app.articles.items) == 17 and "Nieuwe sancties tegen Rusland" in {e.article.title for e in app.articles.items}


async def test_a_listing_made_before_a_reload_gives_way_to_the_one_made_after_it(seeded_library, tmp_path, monkeypatch):
    from tui.library_view import LibraryView

    made, reloaded, select = threading.Event(), threading.Event(), LibraryView.select

    def first_listing_late(self, view):
        listing = select(self, view)
        if view.shelf == "Buitenland" and not made.is_set():
            made.set()
            reloaded.wait(10)  # made from the entries of before the reload, and handed over after it
        return listing

    monkeypatch.setattr(LibraryView, "select", first_listing_late)
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        app.show_shelf("Buitenland")
        await asyncio.to_thread(made.wait, 5)
        page = ArticlePage("Nieuwe sancties tegen Rusland", [("p", "BRUSSEL (ANP) - De EU kondigt nieuwe sancties aan.")], section="Buitenland")
        (tmp_path / "buitenland.txt").write_text(page.text(), encoding="utf-8")
        import_paths(Library(seeded_library.path), [tmp_path / "buitenland.txt"], CAPTURED)
        app._look_for_changes()
        await settle(app, pilot)
        reloaded.set()
        await shown(app, pilot)
        assert len(app.articles.items) == 17


async def test_a_click_opens_an_article(seeded_library):
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.click("#articles", offset=(10, 1))
        await pilot.pause()
        assert app.current is not None and app.current.id == app.articles.items[1].id


async def test_every_action_is_in_the_command_palette(seeded_library):
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE):
        titles = {command.title for command in app.get_system_commands(app.screen)}
        for binding in named(NieuwsApp.BINDINGS):
            if binding.id not in ("quit", "hard_quit", "back"):  # Textual's Quit, below, and escape
                assert said(binding, app.keys_named) in titles
        assert "Quit" in titles and "Keys" in titles
        assert any("theme" in t.lower() for t in titles)


async def test_question_mark_shows_every_key(seeded_library):
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        text = " ".join(str(w.render()) for w in app.screen.query("Static"))
        for key in ("space", "Next unread", "Undo the last M", "Search as you type", "tab shift+tab", "Open the article in your web browser", "Keep the search"):
            assert key in text
        await pilot.press("escape")
        assert app.screen is app.screen_stack[0]


@pytest.mark.parametrize(("keys", "lines"), [(("j",) * 10, 10), (("down",) * 10, 10), (("G", "k", "k", "k"), -3), (("pagedown", "pagedown"), None)])
async def test_the_keys_screen_scrolls_as_many_times_as_typed(seeded_library, keys, lines):
    """Ten j's typed quickly on the keys screen scrolled one line: each went on from where it was at the last repaint."""
    app = make_app(seeded_library.path)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        scroll = app.screen.query_one("#help")
        typed_together(app, *keys)
        await pilot.pause()
        if lines is None:  # two pages
            lines = 2 * scroll.scrollable_content_region.height
        assert scroll.scroll_y == (lines if lines > 0 else scroll.max_scroll_y + lines) and scroll.max_scroll_y > 2 * 20


@pytest.mark.parametrize(("keys", "lines"), [(("down",) * 10, 10), (("end", "up", "up"), -2), (("pagedown", "pagedown"), None)])
async def test_the_E_dialog_scrolls_as_many_times_as_typed(seeded_library, keys, lines):
    """Ten downs typed quickly in a long list of refresh errors scrolled one line, as on the keys screen."""
    app = make_app(seeded_library.path)
    async with app.run_test(size=NARROW) as pilot:
        app.refreshed = True
        app.refresh_errors = [(f"https://example.org/feed{n}", "HTTP 404 Not Found") for n in range(60)]
        await pilot.press("E")
        await until(pilot, lambda: type(app.screen).__name__ == "ErrorsScreen", "the E dialog")
        await pilot.pause()
        scroll = app.screen.query_one("#errors")
        typed_together(app, *keys)
        await pilot.pause()
        if lines is None:
            lines = 2 * scroll.scrollable_content_region.height
        assert scroll.scroll_y == (lines if lines > 0 else scroll.max_scroll_y + lines) and scroll.max_scroll_y > 2 * 20


async def open_scrolling_dialog(app: NieuwsApp, pilot, dialog: str):
    """The keys screen, or the E dialog with a long list of refresh errors, and its scroll."""
    if dialog == "errors":
        app.refreshed = True
        app.refresh_errors = [(f"https://example.org/feed{n}", "HTTP 404 Not Found") for n in range(60)]
    await pilot.press({"keys": "question_mark", "errors": "E"}[dialog])
    await until(pilot, lambda: type(app.screen).__name__ == {"keys": "HelpScreen", "errors": "ErrorsScreen"}[dialog], dialog)
    await pilot.pause()
    return app.screen.query_one({"keys": "#help", "errors": "#errors"}[dialog])


@pytest.mark.parametrize(
    ("dialog", "keys", "start", "lines", "pages"),
    [
        ("errors", ("j",) * 10, "top", 10, 0),
        ("errors", ("G", "k", "k", "k"), "end", -3, 0),
        ("errors", ("end", "g"), "top", 0, 0),
        ("errors", ("G",), "end", 0, 0),
        *[
            (dialog, *case)
            for dialog in ("keys", "errors")
            for case in [(("space", "space"), "top", 0, 2), (("pagedown", "space"), "top", 0, 2), (("G", "b", "b"), "end", 0, -2), (("G", "shift+space", "pageup"), "end", 0, -2)]
        ],
    ],
)
async def test_the_keys_screen_and_the_E_dialog_scroll_by_newsboats_and_lesss_keys_as_many_times_as_typed(seeded_library, dialog, keys, start, lines, pages):
    """The E dialog had only the arrows and the page keys to scroll a long list of errors (no j, k, g, G), and neither
    it nor the keys screen paged by space or b, as the reader and less do."""
    app = make_app(seeded_library.path)
    async with app.run_test(size=NARROW) as pilot:
        scroll = await open_scrolling_dialog(app, pilot, dialog)
        typed_together(app, *keys)
        await pilot.pause()
        page = scroll.scrollable_content_region.height
        assert scroll.scroll_y == {"top": 0, "end": scroll.max_scroll_y}[start] + lines + pages * page and scroll.max_scroll_y > 2 * 20


async def test_the_keys_screen_lists_the_page_keys_of_the_reader_and_the_dialogs(seeded_library):
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await open_scrolling_dialog(app, pilot, "keys")
        rows = help_rows(app)
        for row in [
            ("pgdn", "Page down  [reader.page_down]"),
            ("shift+space pgup", "Page up  [reader.page_up]"),
            ("space pgdn", "Page down  [help.page_down]"),
            ("b shift+space pgup", "Page up  [help.page_up]"),
            ("j ↓", "Scroll down  [errors.down]"),
            ("G end", "Bottom  [errors.bottom]"),
            ("b shift+space pgup", "Page up  [errors.page_up]"),
        ]:
            assert row in rows


async def test_the_page_keys_of_the_reader_and_the_E_dialog_are_rebound_by_their_names_in_config_toml(three_hundred_paragraphs):
    keys = {"reader.page_up": "y", "errors.page_down": "n", "errors.bottom": "e"}
    app = NieuwsApp(Library(three_hundred_paragraphs), now=lambda: CAPTURED, preferences=Preferences(), keys=keys)
    async with app.run_test(size=WIDE) as pilot:
        assert not [warning for warning in app.warnings if "config.toml" in warning]
        await open_the_first(app, pilot)
        app.reader.focus()
        app.reader.scroll_end(animate=False)
        await pilot.pause()
        typed_together(app, "shift+space", "y")
        await pilot.pause()
        assert app.reader.scroll_y == app.reader.max_scroll_y - app.reader.scrollable_content_region.height
        scroll = await open_scrolling_dialog(app, pilot, "errors")
        typed_together(app, "space", "n")
        await pilot.pause()
        assert scroll.scroll_y == scroll.scrollable_content_region.height
        typed_together(app, "G", "e")
        await pilot.pause()
        assert scroll.scroll_y == scroll.max_scroll_y


# -- keys the user rebinds ------------------------------------------------------------------------


async def test_keys_rebound_in_config_work_and_the_old_ones_no_longer_do(seeded_library):
    app = NieuwsApp(Library(seeded_library.path), now=lambda: CAPTURED, preferences=Preferences(), keys={"toggle_star": "S", "list.down": "ctrl+n"})
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("s")
        await settle(app, pilot)
        assert not app.articles.current.starred
        await pilot.press("S")
        await settle(app, pilot)
        assert app.articles.current.starred
        await pilot.press("ctrl+n")
        assert app.articles.cursor == 1


async def test_help_and_the_palette_show_the_keys_in_force_and_their_names(seeded_library):
    app = NieuwsApp(Library(seeded_library.path), now=lambda: CAPTURED, preferences=Preferences(), keys={"next_unread": "n,N"})
    async with app.run_test(size=WIDE) as pilot:
        hints = {command.title: command.help for command in app.get_system_commands(app.screen)}
        assert hints["Next unread article, across sections"] == "Keys: n N"
        assert hints["Keys"] == "Key: ?"
        await pilot.press("question_mark")
        await pilot.pause()
        rows = list(zip((str(key.render()) for key in app.screen.query(".help-key")), (str(text.render()) for text in app.screen.query(".help-text"))))
        assert ("n N", "Next unread article, across sections  [next_unread]") in rows
        text = " ".join(text for _, text in rows)
        assert "[list.down]" in text and "[reader.down]" in text


def help_rows(app: NieuwsApp) -> list[tuple[str, str]]:
    return list(zip((str(key.render()) for key in app.screen.query(".help-key")), (str(text.render()) for text in app.screen.query(".help-text"))))


@pytest.mark.parametrize(
    ("keys", "n_does", "without_a_key"),
    [({"next_unread": "n", "toggle_star": "n"}, "next_unread", "toggle_star"), ({"toggle_star": "n"}, "toggle_star", "next_unread")],
)
async def test_help_and_the_palette_show_what_a_key_given_twice_in_config_toml_does_and_which_binding_is_left_without_one(seeded_library, keys, n_does, without_a_key):
    app = NieuwsApp(Library(seeded_library.path), now=lambda: CAPTURED, preferences=Preferences(), keys=keys)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        assert any("config.toml [keys]: n " in n.message for n in app._notifications)  # said at start, as before
        hints = {command.title: command.help for command in app.get_system_commands(app.screen)}
        said = {"next_unread": "Next unread article, across sections", "toggle_star": "Star / unstar the article"}
        assert hints[said[n_does]] == "Key: n" and hints[said[without_a_key]] == "No key"
        await pilot.press("question_mark")
        await pilot.pause()
        rows = help_rows(app)
        assert ("n", f"{said[n_does]}  [{n_does}]") in rows and ("no key", f"{said[without_a_key]}  [{without_a_key}]") in rows
        await pilot.press("escape", "n")  # and n does what they say
        await settle(app, pilot)
        assert (app.current is not None) == (n_does == "next_unread") and app.articles.items[0].starred == (n_does == "toggle_star")


async def test_the_palette_and_the_keys_screen_say_what_open_in_browser_does_when_keys_takes_its_key_away(seeded_library):
    """They said "Browser", the short label it had for the footer, where every other binding without a key says what
    it does: its tooltip names its own key, and a text naming a key nobody can press is said without it."""
    app = NieuwsApp(Library(seeded_library.path), now=lambda: CAPTURED, preferences=Preferences(), keys={"refresh": "o"})
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        hints = {command.title: command.help for command in app.get_system_commands(app.screen)}
        assert hints["Open the article in your web browser"] == "No key" and "Browser" not in hints
        await pilot.press("question_mark")
        await pilot.pause()
        assert ("no key", "Open the article in your web browser  [open_in_browser]") in help_rows(app)


async def test_g_G_home_and_end_scroll_the_keys_screen_to_its_top_and_bottom_and_are_listed_in_it(seeded_library):
    app = make_app(seeded_library.path)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.press("question_mark")
        await until(pilot, lambda: app.screen.query("#help"), "the keys screen")
        scroll = app.screen.query_one("#help")
        assert scroll.max_scroll_y > 0
        for bottom, top in (("G", "g"), ("end", "home")):
            await pilot.press(bottom)
            await pilot.pause()
            assert scroll.scroll_y == scroll.max_scroll_y
            await pilot.press(top)
            await pilot.pause()
            assert scroll.scroll_y == 0
        rows = help_rows(app)
        assert ("g home", "Top  [help.top]") in rows and ("G end", "Bottom  [help.bottom]") in rows


async def test_the_search_boxs_keys_are_on_the_keys_screen_and_rebound_like_the_others(seeded_library):
    app = NieuwsApp(Library(seeded_library.path), now=lambda: CAPTURED, preferences=Preferences(), keys={"search.keep": "ctrl+s", "search.cancel": "ctrl+g"})
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        rows = list(zip((str(key.render()) for key in app.screen.query(".help-key")), (str(text.render()) for text in app.screen.query(".help-text"))))
        assert ("^s", "Keep the search and go to its first hit in the list  [search.keep]") in rows
        assert ("^g", "Clear the search and go back to the list  [search.cancel]") in rows
        assert "Search box" in [str(group.render()) for group in app.screen.query(".help-group")]
        await pilot.press("escape")
        await pilot.press("slash", *"maduro")
        await pilot.pause()
        assert {key.key: key.description for key in app.screen.query(FooterKey)} == {"ctrl+s": "Keep search", "ctrl+g": "Cancel search", "ctrl+p": "palette"}
        await pilot.press("enter")  # no longer the key that keeps the search
        await shown(app, pilot)
        assert app.focused is app.query_one("#search")
        await pilot.press("ctrl+s")
        await shown(app, pilot)
        assert app.view.query == "maduro" and app.focused is app.articles and app.articles.cursor == 0
        await pilot.press("slash", "ctrl+g")
        await shown(app, pilot)
        assert app.view.query == "" and app.focused is app.articles
        assert not [n.message for n in app._notifications if "config.toml" in n.message]  # both names are known


async def test_a_key_name_that_names_no_binding_is_reported_and_the_rest_apply(seeded_library):
    app = NieuwsApp(Library(seeded_library.path), now=lambda: CAPTURED, preferences=Preferences(), keys={"nxet_unread": "J", "toggle_star": "S"})
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("“nxet_unread”" in m and "config.toml [keys]" in m for m in messages)
        assert app.keymap == {"toggle_star": "S"}


async def test_a_key_taken_from_another_binding_is_said_at_start(seeded_library):
    app = NieuwsApp(Library(seeded_library.path), now=lambda: CAPTURED, preferences=Preferences(), keys={"toggle_star": "m"})
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("m")
        await settle(app, pilot)
        await pilot.press("m")
        await settle(app, pilot)
        assert not app.articles.current.starred  # starred, then unstarred: m is the star key now
        assert not app.articles.current.read
        told = [n.message for n in app._notifications if "lost it" in n.message]
        assert told == ["config.toml [keys]: m is now “toggle_star”, so “toggle_read” lost it; give that one a key of its own"]


async def test_a_binding_config_toml_gives_no_key_on_purpose_has_none_and_nothing_is_said_at_start(seeded_library):
    """After an import of `bind-key SPACE next-unread`, every start said "space is now next_unread, so
    page_or_next_unread lost it": what the user asked for. [keys]' "" says a binding has no key, on purpose."""
    import os

    config = Path(os.environ["NIEUWS_TUI_CONFIG"])
    config.write_text('[keys]\npage_or_next_unread = ""\nnext_unread = "n,space"\ntoggle_star = ""\n', encoding="utf-8")
    app = reader_app(Library(seeded_library.path), now=lambda: CAPTURED, preferences=Preferences())
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        assert not [n.message for n in app._notifications if n.severity != "information"]
        assert "s" not in {key.key for key in app.screen.query(FooterKey)}  # the footer shows no key for the star
        await pilot.press("s")
        await settle(app, pilot)
        assert not app.articles.current.starred
        hints = {command.title: command.help for command in app.get_system_commands(app.screen)}
        assert hints["Star / unstar the article"] == "No key" and hints["Next unread article, across sections"] == "Keys: n space"
        await pilot.press("question_mark")
        await pilot.pause()
        rows = help_rows(app)
        assert ("no key", "Scroll the reader a page; at its end, open the next unread  [page_or_next_unread]") in rows
        assert ("no key", "Star / unstar the article  [toggle_star]") in rows
        await pilot.press("escape", "space")  # space is the next unread's
        await settle(app, pilot)
        assert app.current is not None and app.current.read


async def test_while_the_library_holds_only_the_samples_the_app_says_once_how_to_add_feeds(library_path, tmp_path):
    """A first run said only "imported 16 sample articles": nothing of how to read one's own feeds."""
    from feeds.samples import import_samples_if_new

    library = Library(tmp_path / "samples.sqlite")
    import_samples_if_new(library)
    app = reader_app(library, now=lambda: CAPTURED, preferences=Preferences(), greetings=["new library: imported 16 sample articles"])
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        said = [n.message for n in app._notifications]
        assert said[0].startswith("New library: imported 16 sample articles. To read your own feeds:")
        assert [message for message in said if "nieuws-tui sources add URL" in message] == [said[0]]
    own = reader_app(Library(an_article_of_two_links(library_path, tmp_path)), now=lambda: CAPTURED, preferences=Preferences())
    async with own.run_test(size=WIDE) as pilot:
        await settle(own, pilot)
        assert not [n for n in own._notifications if "sources add" in n.message]


async def test_the_first_start_notice_at_80_columns_breaks_a_long_librarys_path_only_between_its_folders(tmp_path):
    """At 80×24 the notice of a new library's samples broke its path mid-name (`nieuws-t` / `ui`): a path the user reads
    to find their library. A long one is folded after a `/`, each folder's name whole on a line."""
    from textual.widgets._toast import Toast

    from feeds.clean import SHOWN_PATH_LENGTH, shown_path
    from feeds.samples import import_samples_if_new

    home = tmp_path / "home-of-a-user-with-a-long-name"
    library = Library(home / ".local" / "share" / "nieuws-tui" / "library.sqlite")
    assert len(str(library.path)) <= SHOWN_PATH_LENGTH  # said whole, not cut short in its middle
    library.path.parent.mkdir(parents=True)
    import_samples_if_new(library)
    greeting = f"new library at {shown_path(library.path)}: imported 16 sample articles from the bundled pages"
    app = reader_app(library, now=lambda: CAPTURED, preferences=Preferences(), greetings=[greeting])
    async with app.run_test(size=NARROW, notifications=True) as pilot:
        await until(pilot, lambda: any(toast.size.height for toast in app.screen.query(Toast)), "the notice")
        [toast] = app.screen.query(Toast)
        drawn = " ".join(strip.text.strip(" ▌") for strip in toast.render_lines(Region(0, 0, *toast.outer_size)))
        for name in library.path.parts[1:]:
            assert f"{name}/" in drawn or f"{name}:" in drawn, name


def _samples_hints(app: NieuwsApp) -> list[str]:
    return [n.message for n in app._notifications if "nieuws-tui sources add URL" in n.message]


async def test_the_samples_hint_once_seen_is_not_said_again_at_the_next_start(tmp_path):
    """The hint of how to add one's own feeds came at every start while the samples were all there: nagging."""
    from feeds.samples import import_samples_if_new

    library = Library(tmp_path / "samples.sqlite")
    import_samples_if_new(library)
    first = reader_app(library, now=lambda: CAPTURED, preferences=Preferences.load())
    async with first.run_test(size=WIDE) as pilot:
        await settle(first, pilot)
        assert len(_samples_hints(first)) == 1
        await pilot.press("q")
    again = reader_app(Library(library.path), now=lambda: CAPTURED, preferences=Preferences.load())
    async with again.run_test(size=WIDE) as pilot:
        await settle(again, pilot)
        assert _samples_hints(again) == []


async def test_the_samples_hint_counts_as_seen_once_shown_though_the_app_is_killed_before_it_quits(tmp_path):
    """It was kept only as the app quit: killed, or crashed, it came again at the next start."""
    from feeds.samples import import_samples_if_new

    library = Library(tmp_path / "samples.sqlite")
    import_samples_if_new(library)
    app = reader_app(library, now=lambda: CAPTURED, preferences=Preferences.load())
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        assert len(_samples_hints(app)) == 1
        await until(pilot, lambda: Preferences.load().samples_hint_seen, "the hint kept as seen", seconds=10)  # before any quit


async def test_the_samples_hint_is_said_for_samples_installed_elsewhere(tmp_path, seed_paths):
    """The samples were known by their pages' paths in this install: imported from another prefix (a wheel's
    site-packages), the newcomer never heard how to add feeds."""
    import shutil

    elsewhere = tmp_path / "lib" / "python3.12" / "site-packages" / "feeds" / "seeds"
    elsewhere.mkdir(parents=True)
    library = Library(tmp_path / "samples.sqlite")
    import_paths(library, [Path(shutil.copy(page, elsewhere)) for page in seed_paths], CAPTURED)
    app = reader_app(library, now=lambda: CAPTURED, preferences=Preferences())
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        assert len(_samples_hints(app)) == 1


async def test_r_does_not_import_again_the_samples_of_an_install_since_moved(tmp_path, seed_paths):
    """The samples are among the imported files r imports again: once nieuws-tui was installed anew elsewhere (a new
    venv, a Python upgrade), every r said that each sample page was gone, and to `sources remove` it. They never
    change: r leaves them, wherever they were."""
    import shutil

    elsewhere = tmp_path / "venv-gone" / "feeds" / "seeds"
    elsewhere.mkdir(parents=True)
    library = Library(tmp_path / "samples.sqlite")
    import_paths(library, [Path(shutil.copy(page, elsewhere)) for page in seed_paths], CAPTURED)
    shutil.rmtree(tmp_path / "venv-gone")
    app = reader_app(library, now=lambda: CAPTURED, preferences=Preferences())
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        said = notices_said(app)
        await pilot.press("r")
        await refreshed(app, pilot)
        assert not [message for message in said if "failed" in message], said
        assert len(Library(library.path).entries()) == 16  # (their articles stay)


def _samples_app_with_a_source_of_ones_own(tmp_path: Path) -> NieuwsApp:
    """The app on a library of the samples alone, config.toml listing a source of one's own (`sources add URL` done,
    not yet fetched)."""
    from feeds.samples import import_samples_if_new

    Path(os.environ["NIEUWS_TUI_CONFIG"]).write_text('[[source]]\nurl = "https://nieuws.example/rss"\n', encoding="utf-8")
    library = Library(tmp_path / "samples.sqlite")
    import_samples_if_new(library)
    return reader_app(library, now=lambda: CAPTURED, preferences=Preferences())


async def test_the_samples_hint_is_not_said_once_config_toml_lists_a_source_of_ones_own(tmp_path):
    """`nieuws-tui sources add URL` done, not yet fetched: the hint went on telling to do it."""
    app = _samples_app_with_a_source_of_ones_own(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        assert _samples_hints(app) == []


async def test_the_first_start_after_an_import_of_ones_own_sources_says_how_the_samples_go(tmp_path):
    """`sources import-newsboat` before the first start: the samples came among one's own news, and nothing said how
    they go (an import into a library there named `sources remove --samples`)."""
    from feeds.clean import shown_path
    from feeds.samples import import_samples_if_new

    Path(os.environ["NIEUWS_TUI_CONFIG"]).write_text('[[source]]\nurl = "https://nieuws.example/rss"\n', encoding="utf-8")
    library = Library(tmp_path / "samples.sqlite")
    import_samples_if_new(library)
    greeting = f"new library at {shown_path(library.path)}: imported 16 sample articles from the bundled pages"
    app = reader_app(library, now=lambda: CAPTURED, preferences=Preferences(), greetings=[greeting])
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        [said] = [n.message for n in app._notifications if "sample articles" in n.message]
        assert "nieuws-tui sources remove --samples" in said


async def test_help_explains_the_lists_marks_and_how_to_add_ones_own_feeds(seeded_library):
    """At 80 columns the list marks a teaser with a bare T, explained nowhere; nor did ? say how to add a feed."""
    from tui.widgets.article_list import STAR_MARK, UNREAD_MARK

    app = make_app(seeded_library.path)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        rows = dict(zip((str(key.render()) for key in app.screen.query(".help-key")), (str(text.render()) for text in app.screen.query(".help-text"))))
        assert rows["T"].startswith("Teaser") and rows[UNREAD_MARK].startswith("Unread") and rows[STAR_MARK].startswith("Starred")
        feeds = str(app.screen.query_one("#help-feeds").render())
        for way in ("nieuws-tui sources add URL", "[[source]]", "config.toml", "nieuws-tui sources import-opml", "nieuws-tui sources import-newsboat"):
            assert way in feeds


async def test_help_at_80_by_24_shows_how_to_add_ones_own_feeds_without_scrolling(seeded_library):
    """The keys screen said how to read one's own feeds after the whole key reference: at 80×24 a newcomer had to
    scroll to its end to find it."""
    app = make_app(seeded_library.path)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        shown_part = app.screen.query_one("#help").content_region
        feeds = app.screen.query_one("#help-feeds").region
        assert feeds.height and shown_part.contains_region(feeds)
        assert len(app.screen.query(".help-key")) == sum(len(bindings) for _title, bindings in app._key_groups())  # the reference whole


async def test_help_leaves_out_how_to_add_ones_own_feeds_once_the_library_holds_them(library_path, tmp_path):
    """The newcomer's "Your own feeds" block stayed on the keys screen above the keys of a user reading their own."""
    app = reader_app(Library(an_article_of_two_links(library_path, tmp_path)), now=lambda: CAPTURED, preferences=Preferences())
    async with app.run_test(size=NARROW) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert not app.screen.query("#help-feeds") and app.screen.query(".help-key")


async def test_help_leaves_out_how_to_add_ones_own_feeds_once_config_toml_lists_a_source_of_ones_own(tmp_path):
    """As the start's hint: `nieuws-tui sources add URL` done, not yet fetched, and ? went on telling to do it."""
    app = _samples_app_with_a_source_of_ones_own(tmp_path)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert not app.screen.query("#help-feeds") and app.screen.query(".help-key")


async def test_the_keys_screen_leaves_out_the_newcomers_block_once_a_source_of_ones_own_is_added_and_refreshed(tmp_path, httpserver):
    """config.toml was read for the user's own sources once, at start: `nieuws-tui sources add URL` and r (its feed not
    there yet), and ? went on telling to add one."""
    from feeds.samples import import_samples_if_new

    library = Library(tmp_path / "samples.sqlite")
    import_samples_if_new(library)
    app = reader_app(library, now=lambda: CAPTURED, preferences=Preferences())
    async with app.run_test(size=NARROW) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen.query("#help-feeds")
        await pilot.press("escape")
        httpserver.expect_request("/rss").respond_with_data("not yet", status=404)
        Path(os.environ["NIEUWS_TUI_CONFIG"]).write_text(f'[[source]]\nurl = "{httpserver.url_for("/rss")}"\n', encoding="utf-8")
        await pilot.press("r")
        await refreshed(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert not app.screen.query("#help-feeds") and app.screen.query(".help-key")


async def test_the_keys_screen_knows_a_newcomer_without_asking_the_library_on_the_apps_thread(tmp_path, monkeypatch):
    """Each ? asked the library whether it holds only the samples, on the app's thread: behind a long write of
    another process (a fetch from cron) the keys screen, and every key after it, waited for the library. Known off
    that thread, it is kept as other processes change the library (`sources remove` of the user's own)."""
    from feeds.samples import import_samples_if_new

    library = Library(tmp_path / "samples.sqlite")
    import_samples_if_new(library)
    page = politics_page(tmp_path)
    import_paths(library, [page], CAPTURED)
    app = reader_app(Library(library.path), now=lambda: CAPTURED, preferences=Preferences())
    asked_on: list[str] = []
    for query in ("imported_paths", "only_from"):
        original = getattr(Library, query)

        def asking(self, *args, original=original):
            if self is app.library_view.library:  # (not the other process's)
                asked_on.append(threading.current_thread().name)
            return original(self, *args)

        monkeypatch.setattr(Library, query, asking)
    async with app.run_test(size=NARROW) as pilot:
        await settle(app, pilot)
        asked_on.clear()
        await pilot.press("question_mark")
        await pilot.pause()
        assert not app.screen.query("#help-feeds")
        await pilot.press("escape")
        other = Library(library.path)
        other.remove_from([str(page)])
        other.forget_imported([str(page)])
        app._look_for_changes()
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen.query("#help-feeds")
        assert threading.main_thread().name not in asked_on


async def test_what_config_toml_says_that_nothing_reads_is_a_warning_once_when_the_app_starts(seeded_library):
    """`fetch`, `prune` and `sources` warn of an unknown key such as keep_days; the app said nothing of it."""
    import os

    config = Path(os.environ["NIEUWS_TUI_CONFIG"])
    config.write_text('keep_days = 3\n\n[keys]\nnxet_unread = "J"\n', encoding="utf-8")
    app = reader_app(Library(seeded_library.path), now=lambda: CAPTURED, preferences=Preferences())
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        warned = [
            (f"{config}: unknown key 'keep_days', ignored; did you mean 'keep-days'?", "warning"),
            ("config.toml [keys]: there is no key binding called “nxet_unread”; press ? for their names", "warning"),
        ]
        assert [(n.message, n.severity) for n in app._notifications if n.severity == "warning"] == warned  # (the samples' hint besides)
        await pilot.press("r")  # a refresh reads config.toml again: nothing is said twice
        await refreshed(app, pilot)
        assert [(n.message, n.severity) for n in app._notifications if n.severity == "warning"] == warned


async def test_a_refresh_says_every_wrong_setting_of_the_apps_written_since_start_and_goes_on(library_path):
    """r stopped at the first wrong setting only the app reads, said it alone, and refreshed nothing; start says them all."""
    import os

    config = Path(os.environ["NIEUWS_TUI_CONFIG"])
    app = reader_app(Library(library_path), now=lambda: CAPTURED, preferences=Preferences())
    async with app.run_test(size=WIDE) as pilot:
        await shown(app, pilot)
        config.write_text('refresh-minutes = -5\nbrowser = 5\n\n[keys]\ntoggle_star = 5\n', encoding="utf-8")
        await pilot.press("r")
        await refreshed(app, pilot)
        said = [(n.message, n.severity) for n in app._notifications]
        assert [message for message, severity in said if severity == "warning"] == [
            f"{config}: keys.toggle_star must be keys separated by commas, like \"n\" or \"ctrl+n,down\", or \"\" for no key; not 5",
            f"{config}: refresh-minutes must be a number from 0 to 10,080, not -5",
            f"{config}: browser must be text in quotes, not 5",
        ]
        assert ("No sources yet: add one with `nieuws-tui sources add URL`.", "information") in said  # the refresh went on
        assert not [message for message, severity in said if severity == "error"]


def test_a_control_character_named_as_a_key_is_no_key(seeded_library):
    """"Escape" and "esc" were taken for keys (Unicode names the character), but the terminal sends escape by its
    key name: star and read were left without a working key, and nothing was said."""
    from tui.keys import check_keymap

    owners = make_app(seeded_library.path)._key_owners()
    assert check_keymap({"toggle_star": "BEL", "toggle_read": "esc"}, owners)[1] == [
        "config.toml [keys]: toggle_star = “BEL”: no key is called BEL; it keeps its own key (toggle_star = \"\" gives it none)",
        "config.toml [keys]: toggle_read = “esc”: no key is called esc; it keeps its own key (toggle_read = \"\" gives it none)",
    ]
    assert check_keymap({"toggle_read": "é"}, owners)[1] == []  # a letter is a key, whatever its alphabet
    assert check_keymap({"toggle_star": "Escape"}, owners)[0] == {"toggle_star": "escape"}  # the named key, in capitals


async def test_an_unknown_key_in_a_keys_line_is_said_and_the_lines_other_keys_work(seeded_library):
    """help = "h,F1,hulp" lost h too: one key no terminal sends threw the whole line away. F1 was one, as Textual
    names it f1."""
    app = NieuwsApp(seeded_library, now=lambda: CAPTURED, preferences=Preferences(), keys={"help": "h,F1,hulp"})
    assert app.warnings == ["config.toml [keys]: help = “h,F1,hulp”: no key is called hulp; it has the others"]
    async with app.run_test(size=WIDE) as pilot:
        await shown(app, pilot)
        for key in ("h", "f1"):
            await pilot.press(key)
            await until(pilot, lambda: type(app.screen).__name__ == "HelpScreen", f"the keys screen by {key}")
            await pilot.press("escape")
            await until(pilot, lambda: app.screen is app.screen_stack[0], "the keys screen closed")


def test_a_named_key_is_known_whatever_its_capitals_and_a_letters_are_its_own(seeded_library):
    """F2 and Insert were no keys (Textual's names are in small letters); X stays X, another key than x."""
    from tui.keys import check_keymap

    owners = make_app(seeded_library.path)._key_owners()
    assert check_keymap({"toggle_star": "F2,Insert", "toggle_read": "ctrl+F3"}, owners) == ({"toggle_star": "f2,insert", "toggle_read": "ctrl+f3"}, [])
    assert check_keymap({"toggle_star": "X"}, owners) == ({"toggle_star": "X"}, [])


def test_a_key_given_twice_or_that_a_list_keeps_is_said_as_it_works(seeded_library):
    """Both names rebound to x: x did one, the other had no key, and nothing was said. An app-wide name
    rebound to j: the list keeps j (the focused widget's binding comes first), yet list.down was said to lose it."""
    from tui.keys import check_keymap

    app = make_app(seeded_library.path)
    owners = app._key_owners()
    assert check_keymap({"toggle_star": "x", "toggle_read": "x"}, owners)[1] == [
        "config.toml [keys]: x is given to both “toggle_read” and “toggle_star”; give each a key of its own"
    ]
    assert check_keymap({"search": "j"}, owners)[1][0] == (  # search comes first everywhere (a priority binding)
        "config.toml [keys]: j is now “search”, so “list.down” lost it; give that one a key of its own"
    )
    assert check_keymap({"list.down": "slash"}, owners)[1] == ["config.toml [keys]: / stays “search”, which comes first everywhere; give “list.down” another key"]
    assert check_keymap({"mark_all_read": "G"}, owners)[1] == [
        "config.toml [keys]: G stays “list.last” in lists; “mark_all_read” has it only elsewhere; give it another key",
        "config.toml [keys]: G stays “reader.bottom” in reader; “mark_all_read” has it only elsewhere; give it another key",
    ]


async def test_a_key_taken_from_one_of_textuals_own_keys_is_said_as_a_key_another_binding_loses(seeded_library):
    """ctrl+c given to toggle_star took Textual's own ctrl+c, which says how to quit, and nothing was said: that binding
    has no name, and only named ones were checked. One that comes first everywhere (ctrl+p) keeps its key from a list's.
    (ctrl+q is hard_quit's, a named binding: said as any.)"""
    from tui.keys import check_keymap

    app = NieuwsApp(seeded_library, now=lambda: CAPTURED, preferences=Preferences(), keys={"toggle_star": "ctrl+c"})
    assert app.warnings == [
        "config.toml [keys]: ctrl+c is now “toggle_star”, so the app's own “help_quit” lost it, which [keys] cannot give another key; "
        "give “toggle_star” another key"
    ]
    async with app.run_test(size=WIDE) as pilot:  # as it was said
        await pilot.press("ctrl+c")
        await settle(app, pilot)
        assert app.is_running and on_disk(seeded_library.path, app.articles.items[0].article.title).starred
    owners = app._key_owners()
    assert check_keymap({"list.down": "ctrl+p"}, owners)[1] == [
        "config.toml [keys]: ctrl+p stays “command_palette”, which comes first everywhere; give “list.down” another key"
    ]
    assert check_keymap({"mark_all_read": "ctrl+c,ctrl+q"}, owners)[1] == [
        "config.toml [keys]: ctrl+q is now “mark_all_read”, so “hard_quit” lost it; give that one a key of its own",
        "config.toml [keys]: ctrl+c is now “mark_all_read”, so the app's own “help_quit” lost it, which [keys] cannot give another key; "
        "give “mark_all_read” another key",
    ]


def test_the_keys_screens_own_keys_clash_only_with_each_other(seeded_library):
    """The app's keys do not act over the keys screen: G given to M was said to stay the keys screen's help.bottom."""
    from tui.keys import check_keymap

    app = make_app(seeded_library.path)
    owners, screens = app._key_owners(), app.screen_keys()
    assert not any("help." in problem for problem in check_keymap({"mark_all_read": "g,G,home,end"}, owners, screens)[1])
    assert check_keymap({"help.bottom": "n"}, owners, screens)[1] == []
    assert check_keymap({"help.bottom": "j"}, owners, screens)[1] == ["config.toml [keys]: j is now “help.bottom”, so “help.down” lost it; give that one a key of its own"]


# -- newsboat's keys ------------------------------------------------------------------------------


async def test_newsboats_N_A_and_R_do_what_m_M_and_r_do(two_sections):
    app = make_app(two_sections)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        title = app.articles.current.article.title
        await pilot.press("N")  # toggle-article-read
        await settle(app, pilot)
        assert on_disk(two_sections, title).read
        await pilot.press("N")
        await settle(app, pilot)
        assert not on_disk(two_sections, title).read
        await pilot.press("shift+tab", "G", "tab", "A")  # mark-feed-read: Politiek's two
        await settle(app, pilot)
        assert "16 unread" in app.title and "Marked 2 articles read. Press U to undo." in [n.message for n in app._notifications]
        await pilot.press("R")  # reload-all: the page imported, read again
        await refreshed(app, pilot)
        assert "Refreshed: 0 new, 0 updated." in [n.message for n in app._notifications]


async def test_newsboats_C_marks_every_article_of_the_library_read_whatever_the_view_and_U_undoes_it(two_sections):
    app = make_app(two_sections)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("shift+tab", "G", "tab", "u")  # Politiek, unread only
        await shown(app, pilot)
        await pilot.press("m")  # one read before C: not C's to undo
        await settle(app, pilot)
        await pilot.press("C")
        await settle(app, pilot)
        assert all(e.read for e in Library(two_sections).entries())
        assert "0 unread" in app.title and [s.unread for s in app.sections.items] == [0, 0, 0, 0]
        assert "Marked 17 articles read. Press U to undo." in [n.message for n in app._notifications]
        await pilot.press("U")
        await settle(app, pilot)
        assert "17 unread" in app.title
        assert [e.article.section for e in Library(two_sections).entries() if e.read] == ["Politiek"]


async def open_each_screen(app: NieuwsApp, pilot, screen: str) -> None:
    """Bring up `screen`: the reader on its own (narrow), or the keys screen, the E dialog or the link chooser over the list."""
    await shown(app, pilot)
    if screen == "list":
        return
    if screen == "reader":
        await pilot.press("n")
        await until(pilot, lambda: app.reader.has_focus, "the reader")
        return
    if screen == "links":
        await open_titled(app, pilot, "Ochtend")
    await pilot.press({"keys": "question_mark", "errors": "E", "links": "o"}[screen])
    await until(pilot, lambda: type(app.screen).__name__ == {"keys": "HelpScreen", "errors": "ErrorsScreen", "links": "OpenLinkScreen"}[screen], screen)


@pytest.mark.parametrize("screen", ["list", "reader", "keys", "errors", "links"])
async def test_Q_quits_at_once_from_every_screen_as_newsboats_hard_quit(library_path, tmp_path, screen):
    """q goes back from the reader and closes the keys screen and the dialogs; Q quits from all of them, where the app's keys did not reach."""
    app = feed_items_app(library_path, tmp_path)
    async with app.run_test(size=NARROW) as pilot:
        await open_each_screen(app, pilot, screen)
        await pilot.press("Q")
        await until(pilot, lambda: not app.is_running, "the app's end")
    assert app.return_code == 0


async def test_Q_in_a_text_field_is_a_letter_the_search_or_the_export_path_and_after_escape_it_quits(seeded_library):
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await shown(app, pilot)
        await pilot.press("slash", "Q")
        await shown(app, pilot)
        assert app.is_running and app.view.query == "Q"
        await pilot.press("escape", "e")
        await until(pilot, lambda: type(app.screen).__name__ == "ExportScreen", "the export dialog")
        await pilot.press("Q")
        await pilot.pause()
        assert app.is_running and app.screen.query_one("#export-path").value.endswith("Q")
        await pilot.press("escape", "Q")
        await until(pilot, lambda: not app.is_running, "the app's end")


@pytest.mark.parametrize("hard_quit", ["Q,ctrl+q", "Q,ctrl+q,q"])  # the second as `sources import-newsboat` writes it
async def test_the_keys_config_toml_gives_hard_quit_are_letters_in_a_text_field_and_ctrl_q_still_quits(seeded_library, hard_quit):
    app = NieuwsApp(Library(seeded_library.path), now=lambda: CAPTURED, preferences=Preferences(), keys={"hard_quit": hard_quit})
    async with app.run_test(size=WIDE) as pilot:
        await shown(app, pilot)
        await pilot.press("slash", *"Qatar quiz")
        await shown(app, pilot)
        assert app.is_running and app.view.query == "Qatar quiz"
        await pilot.press("escape", "e")
        await until(pilot, lambda: type(app.screen).__name__ == "ExportScreen", "the export dialog")
        await pilot.press("Q", "q")
        await pilot.pause()
        assert app.is_running and app.screen.query_one("#export-path").value.endswith("Qq")
        await pilot.press("ctrl+q")
        await until(pilot, lambda: not app.is_running, "the app's end")


async def test_Q_over_the_keys_screen_while_the_marks_are_written_shows_the_list_saying_so_and_Q_again_quits_without_them(seeded_library, monkeypatch):
    async with marks_held_up(seeded_library, monkeypatch) as (app, pilot, said):
        await pilot.press("s", "m", "question_mark")
        await until(pilot, lambda: type(app.screen).__name__ == "HelpScreen", "the keys screen")
        await pilot.press("Q")
        await until(pilot, lambda: "Writing your read and starred marks" in status_text(app), "the note that the marks are being written")
        assert app.screen is app.screen_stack[0] and status_text(app) == "Writing your read and starred marks… q quits without them"
        await pilot.press("Q")
        await until(pilot, lambda: not app.is_running, "the app's end")
    assert said == ["nieuws-tui: quit before 2 changes of read and starred marks were written"]


async def test_the_keys_screen_lists_newsboats_keys_beside_the_apps_own(seeded_library):
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("question_mark")
        await until(pilot, lambda: type(app.screen).__name__ == "HelpScreen", "the keys screen")
        rows = help_rows(app)
        for row in [
            ("m N", "Mark the article read / unread  [toggle_read]"),
            ("M A", "Mark everything in this view read  [mark_all_read]"),
            ("C", "Mark every article of the library read  [mark_library_read]"),
            ("U", "Undo the last M or C  [undo_mark_all]"),
            ("r R", "Refresh the library from its sources  [refresh]"),
            ("Q ^q", "Quit at once, from any screen  [hard_quit]"),
        ]:
            assert row in rows
        hints = {command.title: command.help for command in app.get_system_commands(app.screen)}
        assert hints["Mark every article of the library read"] == "Key: C" and hints["Mark the article read / unread"] == "Keys: m N"


async def test_a_config_toml_that_gives_newsboats_keys_to_other_bindings_has_them_and_nothing_is_said(seeded_library):
    """A [keys] written before N, A, C, R and Q were bound (as the README's next_unread = "n,N") was told its key took one away."""
    keys = {"next_unread": "n,N", "toggle_star": "A", "list.last": "G,C", "reader.back": "Q", "help.bottom": "G,end,R"}
    app = NieuwsApp(Library(seeded_library.path), now=lambda: CAPTURED, preferences=Preferences(), keys=keys)
    async with app.run_test(size=NARROW) as pilot:
        await shown(app, pilot)
        await settle(app, pilot)
        assert not [n.message for n in app._notifications if "config.toml" in n.message]
        await pilot.press("A", "C")
        await settle(app, pilot)
        assert app.articles.items[0].starred and app.articles.cursor == len(app.articles.items) - 1 and "16 unread" in app.title
        await pilot.press("N")
        await until(pilot, lambda: app.reader.has_focus, "the reader")
        await pilot.press("Q")  # the reader's, given it: back to the list
        await pilot.pause()
        assert app.is_running and app.articles.has_focus
        await pilot.press("Q")  # newsboat's hard-quit gave it up everywhere: Q quits nowhere, as it would have taken it from the reader
        await pilot.pause()
        assert app.is_running
        await pilot.press("question_mark")
        await until(pilot, lambda: type(app.screen).__name__ == "HelpScreen", "the keys screen")
        rows = help_rows(app)
        for row in [("m", "Mark the article read / unread  [toggle_read]"), ("n N", "Next unread article, across sections  [next_unread]"), ("^q", "Quit at once, from any screen  [hard_quit]")]:
            assert row in rows
        await pilot.press("R")  # the keys screen's, given it
        await pilot.pause()
        scroll = app.screen.query_one("#help")
        assert scroll.scroll_y == scroll.max_scroll_y > 0 and not app.fetching
        await pilot.press("ctrl+q")
        await until(pilot, lambda: not app.is_running, "the app's end")


def test_only_newsboats_keys_give_way_without_a_word(seeded_library):
    from tui.app import NEWSBOAT_KEYS
    from tui.keys import check_keymap

    app = make_app(seeded_library.path)
    owners, screens = app._key_owners(), app.screen_keys()
    keymap, problems = check_keymap({"next_unread": "n,N", "reader.back": "Q", "help.bottom": "R"}, owners, screens, NEWSBOAT_KEYS)
    assert problems == []
    assert keymap == {"next_unread": "n,N", "reader.back": "Q", "help.bottom": "R", "hard_quit": "ctrl+q"}  # it would come first in the reader too
    assert check_keymap({"toggle_star": "m"}, owners, screens, NEWSBOAT_KEYS)[1] == [  # the app's own key: said, as ever
        "config.toml [keys]: m is now “toggle_star”, so “toggle_read” lost it; give that one a key of its own"
    ]
    assert check_keymap({"toggle_star": "m,N"}, owners, screens, NEWSBOAT_KEYS)[1] == [
        "config.toml [keys]: N m is now “toggle_star”, so “toggle_read” lost it; give that one a key of its own"
    ]
    # Q given away, hard_quit keeps no key [keys] gives another: ctrl+q given too is that one's; left with no key, each is said as lost
    keymap, problems = check_keymap({"next_unread": "Q", "toggle_read": "ctrl+q"}, owners, screens, NEWSBOAT_KEYS)
    assert keymap == {"next_unread": "Q", "toggle_read": "ctrl+q"}
    assert problems == [
        "config.toml [keys]: Q is now “next_unread”, so “hard_quit” lost it; give that one a key of its own",
        "config.toml [keys]: ctrl+q is now “toggle_read”, so “hard_quit” lost it; give that one a key of its own",
    ]
    # one that would keep no key gives none way: Q, given a widget's binding too, stays hard_quit's, over the reader's
    keymap, problems = check_keymap({"reader.back": "Q", "toggle_star": "ctrl+q"}, owners, screens, NEWSBOAT_KEYS)
    assert keymap == {"reader.back": "Q", "toggle_star": "ctrl+q"}
    assert problems == [
        "config.toml [keys]: ctrl+q is now “toggle_star”, so “hard_quit” lost it; give that one a key of its own",
        "config.toml [keys]: Q stays “hard_quit”, which comes first everywhere; give “reader.back” another key",
    ]
    for name, key in NEWSBOAT_KEYS.items():  # each beside (or as) its binding's keys
        assert key in next(binding.key for binding in named(NieuwsApp.BINDINGS) if binding.id == name).split(",")


def test_a_key_a_widget_is_given_leaves_the_apps_binding_that_key_elsewhere_and_one_both_had_is_nothing_to_say(seeded_library):
    """reader.back = "q,Q" was said to take q from quit, which the reader's q always stood over (the list's q quits
    still); list.down = "n" said next_unread lost n, which it keeps outside the lists."""
    from tui.app import NEWSBOAT_KEYS
    from tui.keys import check_keymap

    app = make_app(seeded_library.path)
    owners, screens = app._key_owners(), app.screen_keys()
    assert check_keymap({"reader.back": "q,Q"}, owners, screens, NEWSBOAT_KEYS)[1] == []
    assert check_keymap({"list.down": "j,down,n"}, owners, screens, NEWSBOAT_KEYS)[1] == [
        "config.toml [keys]: n is now “list.down” in lists, so “next_unread” has it only elsewhere; give one of them another key"
    ]


async def test_ctrl_q_given_to_another_binding_with_Q_given_too_is_that_bindings_not_a_quit(seeded_library):
    """hard_quit, giving Q way, was bound again to ctrl+q, and won over the binding [keys] gave ctrl+q."""
    app = NieuwsApp(Library(seeded_library.path), now=lambda: CAPTURED, preferences=Preferences(), keys={"next_unread": "Q", "toggle_read": "ctrl+q"})
    async with app.run_test(size=NARROW) as pilot:
        await shown(app, pilot)
        await settle(app, pilot)
        unread = app.title
        await pilot.press("ctrl+q")
        await settle(app, pilot)
        assert app.is_running and app.title != unread


async def test_the_last_section_position_and_theme_are_remembered(two_sections):
    app = make_app(two_sections, Preferences.load())
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("shift+tab", "G", "tab", "j")
        chosen = app.articles.current
        app.theme = "nord"
        await pilot.pause()
        await pilot.press("q")
    again = make_app(two_sections, Preferences.load())
    async with again.run_test(size=WIDE):
        assert again.view.shelf == "Politiek"
        assert again.articles.current.id == chosen.id
        assert again.theme == "nord"


def test_of_two_preferences_on_one_file_each_save_keeps_what_the_other_changed(tmp_path):
    """Two apps open at once: the one quit last wrote back the whole file as it had read it at its start, over
    the theme the other had just chosen."""
    path = tmp_path / "app.json"
    Preferences(places={"/nieuws/a.sqlite": Place(shelf="Politiek")}).save(path)
    first, second = Preferences.load(path), Preferences.load(path)
    first.theme = "nord"
    first.save(path)
    second.places["/nieuws/b.sqlite"] = Place(unread_only=True)
    second.save(path)
    assert Preferences.load(path) == Preferences(theme="nord", places={"/nieuws/a.sqlite": Place(shelf="Politiek"), "/nieuws/b.sqlite": Place(unread_only=True)})


async def test_an_app_quit_after_another_chose_a_theme_keeps_that_theme(seeded_library):
    app = make_app(seeded_library.path, Preferences.load())
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        other = Preferences.load()
        other.theme = "nord"
        other.save()
        await pilot.press("q")
    assert Preferences.load().theme == "nord"


def test_preferences_edited_into_a_file_with_a_byte_order_mark_are_read_as_written(tmp_path):
    """Notepad begins the UTF-8 it saves with a BOM: app.json was taken for damaged, and the theme and places lost."""
    path = tmp_path / "app.json"
    remembered = Preferences(theme="nord", places={"/nieuws/library.sqlite": Place(shelf="Politiek", unread_only=True)})
    remembered.save(path)
    path.write_bytes(codecs.BOM_UTF8 + path.read_bytes())
    assert Preferences.load(path) == remembered


async def test_e_exports_the_current_view_to_a_file_it_asks_for(two_sections, tmp_path):
    import feedparser

    target = tmp_path / "politiek.rss"
    app = make_app(two_sections)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("shift+tab", "G", "tab", "e")
        await pilot.pause()
        field = app.screen.query_one("#export-path")
        assert field.value.endswith("nieuws-tui-politiek.atom")
        field.value = "~geen-gebruiker-van-dit-systeem/politiek.rss"  # a typo for ~/…: said, and the dialog stays
        await pilot.press("enter")
        await pilot.pause()
        assert "there is no user geen-gebruiker-van-dit-systeem" in str(app.screen.query_one("#export-error").render())
        field.value = str(target)
        await pilot.press("enter")
        await settle(app, pilot)
        await until(pilot, lambda: not app.screen.query("#export-path"), "the dialog closing once the file is written")
    parsed = feedparser.parse(target.read_bytes())
    assert parsed.bozo == 0
    assert parsed.feed.title == "nieuws-tui — Politiek"
    assert sorted(e.title for e in parsed.entries) == ["Kabinet presenteert nieuwe woningwet", "Kamer debatteert over asiel"]


@pytest.mark.parametrize(("shelf", "options"), [("Starred", ["--starred"]), ("All", ["--unread"]), ("Politiek", ["--section", "politiek"])])
async def test_the_app_and_the_command_line_export_a_selection_as_the_same_feed(two_sections, tmp_path, cli, shelf, options):
    """`export --starred` wrote the whole library's id and title: a feed reader given both saw one feed with two contents."""
    import feedparser

    library = Library(two_sections)
    library.set_state([library.entries()[0].id], starred=True)
    target = tmp_path / "app.atom"
    app = make_app(two_sections)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        app.show_shelf(shelf)
        await shown(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#export-path").value = str(target)
        await pilot.press("enter")
        await settle(app, pilot)
        await until(pilot, lambda: not app.screen.query("#export-path"), "the dialog closing once the file is written")
    from_app = target.read_bytes()
    exported = cli("export", *options, "-o", str(target), env={"NIEUWS_TUI_DB": str(two_sections)})  # to the same file: its address is the feed's link
    assert exported.returncode == 0, exported.stderr
    assert target.read_bytes() == from_app
    assert feedparser.parse(from_app).entries


def test_an_article_pruned_after_the_list_was_shown_is_left_out_of_the_apps_export_and_its_count(seeded_library, tmp_path):
    """The list shown, a prune by another process took most of its articles: the export wrote them all the same,
    made of what the list had of them (no text), and said it wrote them."""
    import feedparser

    from feeds.listing import View

    now = datetime.now(AMSTERDAM)
    seeded_library.add([(article("Net binnen", published=now), now)])
    view = LibraryView(Library(seeded_library.path))
    view.load(lambda _loaded: None, lambda error: pytest.fail(str(error)))
    view.drain()
    entries, written = list(view.entries), []
    Library(seeded_library.path).prune(Retention(keep_days=1, prune_unread=True))
    view.export(entries, tmp_path / "feed.atom", "atom", View(), "Alles", written.append, lambda error: pytest.fail(str(error)))
    view.drain()
    view.stop()
    assert len(entries) == 17
    assert [e.title for e in feedparser.parse((tmp_path / "feed.atom").read_bytes()).entries] == ["Net binnen"]
    assert written == [(1, [])]


def test_the_apps_export_holds_some_articles_at_a_time_not_the_view_and_its_feed(tmp_path):
    """e on a view of 100,000 articles read every one with its text into a list before it wrote a byte: gigabytes.
    The app writes its feed as it is made, as `export` writes it."""
    import tracemalloc

    from feeds.listing import View

    def peak(count: int) -> int:
        path = tmp_path / f"{count}.sqlite"
        body = tuple(Block("paragraph", f"Alinea {n} van een bericht dat lang genoeg is om te tellen. " * 8) for n in range(4))
        Library(path).add([(article(f"Bericht {n}", url=f"https://nieuws.example/{n}", body=body), CAPTURED) for n in range(count)])
        view = LibraryView(Library(path))
        view.load(lambda _loaded: None, lambda error: pytest.fail(str(error)))
        view.drain()
        entries, written = list(view.entries), []
        tracemalloc.start()
        try:
            view.export(entries, tmp_path / "feed.atom", "atom", View(), "Alles", written.append, lambda error: pytest.fail(str(error)))
            view.drain()
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
            view.stop()
            assert len(written) == 1 and len(entries) == count

    peak(10)  # feedgen and lxml loaded
    few, many = peak(200), peak(2000)
    assert many < 1.5 * few, (few, many)


async def test_an_export_that_cannot_be_written_keeps_the_dialog_open_with_the_path_to_correct(seeded_library, tmp_path):
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        field = app.screen.query_one("#export-path")
        field.value = str(tmp_path / "geen-map" / "alles.atom")
        await pilot.press("enter")
        await settle(app, pilot)
        error = app.screen.query_one("#export-error")
        assert error.display and str(error.render()).startswith("Could not export: ")
        assert field.value == str(tmp_path / "geen-map" / "alles.atom") and app.focused is field and not field.disabled
        field.value = str(tmp_path / "alles.atom")  # corrected, not typed again
        await pilot.press("enter")
        await settle(app, pilot)
        await until(pilot, lambda: not app.screen.query("#export-path"), "the dialog closing once the file is written")
        assert (tmp_path / "alles.atom").is_file()
        assert any(n.message.startswith("Wrote 16 articles to ") for n in app._notifications)


async def test_a_path_said_wrong_is_kept_to_correct_one_backspace_takes_one_letter(seeded_library, tmp_path):
    """Focused again after the error, the field selected its whole text: one backspace emptied it, a letter replaced it."""
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        await until(pilot, lambda: type(app.screen).__name__ == "ExportScreen", "the export dialog")
        field = app.screen.query_one("#export-path")
        wrong = str(tmp_path / "x" / "nöt" / "x.rss")
        field.value = wrong
        await pilot.press("enter")
        await settle(app, pilot)
        await until(pilot, lambda: app.screen.query_one("#export-error").display, "the error said")
        assert app.focused is field and field.value == wrong
        await pilot.press("backspace", "backspace", "backspace", "a", "t", "o", "m")
        assert field.value == wrong[: -len("rss")] + "atom" and field.cursor_position == len(field.value)


async def test_enter_on_an_empty_export_path_asks_for_one_and_only_escape_cancels(seeded_library):
    """Enter on an emptied field closed the dialog and wrote nothing, without a word; the hint says escape cancels."""
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        await until(pilot, lambda: type(app.screen).__name__ == "ExportScreen", "the export dialog")
        app.screen.query_one("#export-path").value = "  "
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "ExportScreen"
        assert str(app.screen.query_one("#export-error").render()) == "Type the path of the file to export to, or press escape to cancel."
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is app.screen_stack[0], "the list again")


# -- colours: NO_COLOR, unread, light themes ----------------------------------------------------


@pytest.mark.parametrize("size", [WIDE, (SIDEBAR - 10, 24)])
async def test_a_row_marked_is_drawn_again_on_the_terminal_with_or_without_the_sidebar(seeded_library, monkeypatch, size):
    """The tests that read rows render them afresh; the terminal shows a row anew only when it is drawn again,
    and nothing else (not the sidebar's counts) redraws the list."""
    drawn: list[int] = []
    draw = ArticleList.render_line
    monkeypatch.setattr(ArticleList, "render_line", lambda widget, y: drawn.append(y) or draw(widget, y))
    app = make_app(seeded_library.path)
    async with app.run_test(size=size) as pilot:
        await shown(app, pilot)
        await pilot.press("j")
        await settle(app, pilot)
        drawn.clear()
        await pilot.press("m")
        await settle(app, pilot)
        assert 1 in drawn


def shown_lines(widget, height: int | None = None) -> list[Strip]:
    """The widget's lines as they go to the terminal, after the app's colour filters."""
    return widget.render_lines(Region(0, 0, widget.size.width, height or widget.size.height))


def segment_with(line: Strip, text: str):
    return next(segment for segment in line if text in segment.text)


async def test_no_color_draws_no_colours_and_unread_starred_and_focus_stay_visible(seeded_library, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("s", "m", "j")  # the first article starred and read, the cursor on the second
        await settle(app, pilot)
        first, second, third = [app.articles.items[i].article.title[:20] for i in range(3)]
        rows = shown_lines(app.articles, 3)
        sections = shown_lines(app.sections, 3)
        for line in rows + sections:
            for segment in line:
                assert segment.style is None or ((segment.style.color is None or segment.style.color.is_default) and (segment.style.bgcolor is None or segment.style.bgcolor.is_default)), segment
        assert "★" in rows[0].text and "●" not in rows[0].text and "●" in rows[2].text
        assert not segment_with(rows[0], first).style.bold  # read
        assert segment_with(rows[2], third).style.bold  # unread
        assert all(segment.style.reverse for segment in rows[1] if segment.text.strip())  # the cursor of the focused list
        assert segment_with(sections[0], "All").style.underline  # the cursor of the other list
        assert "Starred" in sections[1].text and "1" in sections[1].text
        await pilot.press("enter")
        assert app.reader.has_focus
        assert app.reader.styles.border_left[0] != "blank"  # a bar beside the reader: focus without colour


@pytest.mark.parametrize(("value", "colourless"), [("1", True), ("", False)])
def test_no_color_set_but_empty_leaves_the_colours_on_as_no_color_org_says(seeded_library, monkeypatch, value, colourless):
    monkeypatch.setenv("NO_COLOR", value)
    assert make_app(seeded_library.path).no_color is colourless


async def test_no_color_shows_which_command_of_the_palette_enter_runs(seeded_library, monkeypatch):
    from textual.command import CommandList

    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+p")  # nothing typed: no letters underlined as matches
        await until(pilot, lambda: palette_searched(app), "the palette's commands")
        await pilot.press("down")
        await pilot.pause()
        commands = app.screen.query_one(CommandList)
        chosen = str(commands.get_option_at_index(commands.highlighted).prompt).splitlines()[0]
        marked = [line.text.strip() for line in shown_lines(commands) if any(s.style and (s.style.underline or s.style.reverse) for s in line if s.text.strip())]
        assert len(marked) == 2 and marked[0].startswith(chosen)  # the command's two lines, its title and its key


async def test_unread_titles_have_a_style_of_their_own_and_every_cell_has_the_themes_colours(seeded_library):
    app = make_app(seeded_library.path, Preferences(theme="atom-one-light"))
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("m", "s", "j", "shift+tab")
        await settle(app, pilot)
        assert app.theme == "atom-one-light"
        read, unread = app.articles.items[0].article.title[:20], app.articles.items[2].article.title[:20]
        rows = shown_lines(app.articles, 3)
        unread_style, read_style = segment_with(rows[2], unread).style, segment_with(rows[0], read).style
        assert unread_style.bold and not read_style.bold and unread_style.color != read_style.color
        for line in rows + shown_lines(app.sections, 4):
            for segment in line:  # no text left to the terminal's own colours, which a light theme cannot count on
                if segment.text.strip():
                    assert segment.style is not None and segment.style.color is not None and segment.style.bgcolor is not None, segment
                    assert not segment.style.color.is_default and not segment.style.bgcolor.is_default, segment


async def test_the_cursor_is_bright_in_the_focused_list_and_a_quiet_band_in_the_other(seeded_library):
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE):
        focused = segment_with(shown_lines(app.articles, 1)[0], app.articles.current.article.title[:20]).style.bgcolor
        other = segment_with(shown_lines(app.sections, 1)[0], "All").style.bgcolor
        background = app.sections.rich_style.bgcolor
        assert len({focused, other, background}) == 3, (focused, other, background)


# -- where am I: the remembered place, sections, q, modes ---------------------------------------


@pytest.fixture
def long_library(tmp_path) -> Path:
    """More articles than the first screenful the app reads before the rest, in three sections."""
    path = tmp_path / "long" / "library.json"
    Library(path).add(
        (article(f"Bericht {number}", place=None, section=("Binnenland", "Economie", "Sport")[number % 3], published=CAPTURED - timedelta(minutes=number)), CAPTURED)
        for number in range(400)
    )
    return path


async def read_article_350_and_quit(long_library: Path) -> None:
    app = make_app(long_library, Preferences.load())
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        app.articles.move_to(350)  # past the first screenful
        await pilot.press("enter", "q", "q")  # back from the article beside the list, and quit


async def test_the_remembered_article_is_highlighted_on_screen_after_a_restart_however_far_down(long_library):
    await read_article_350_and_quit(long_library)
    again = make_app(long_library, Preferences.load())
    async with again.run_test(size=WIDE) as pilot:
        await settle(again, pilot)
        await pilot.pause()
        articles = again.articles
        assert articles.current.article.title == "Bericht 350"
        assert articles.scroll_offset.y <= articles.cursor < articles.scroll_offset.y + articles.size.height
        row = shown_lines(articles)[articles.cursor - articles.scroll_offset.y]
        assert "Bericht 350" in row.text
        assert segment_with(row, "Bericht 350").style.bgcolor == articles.get_component_rich_style("virtual-list--cursor").bgcolor
        await pilot.press("j")
        assert articles.current.article.title == "Bericht 351"


async def test_the_remembered_article_of_a_section_is_highlighted_on_screen_after_a_restart_at_80x24(tmp_path):
    """At 80×24 the article remembered near the end of a section of some 30 articles came back below the list's last row."""
    long_library = tmp_path / "library.json"
    Library(long_library).add(
        (article(f"Bericht {number}", place=None, section="Sport" if number % 10 == 0 else "Binnenland", published=CAPTURED - timedelta(minutes=number)), CAPTURED)
        for number in range(300)
    )
    app = make_app(long_library, Preferences.load())
    async with app.run_test(size=NARROW) as pilot:
        await settle(app, pilot)
        while app.view.shelf != "Sport":
            await pilot.press("J")
            await shown(app, pilot)
        await pilot.press("G", "k", "k")
        await shown(app, pilot)
        remembered = app.articles.current.article.title
        await pilot.press("q")
    again = make_app(long_library, Preferences.load())
    async with again.run_test(size=NARROW) as pilot:
        await settle(again, pilot)
        await pilot.pause()
        articles = again.articles
        assert articles.current.article.title == remembered
        assert articles.scroll_offset.y <= articles.cursor < articles.scroll_offset.y + articles.size.height
        row = shown_lines(articles)[articles.cursor - articles.scroll_offset.y]
        assert segment_with(row, remembered).style.bgcolor == articles.get_component_rich_style("virtual-list--cursor").bgcolor


async def test_an_article_closed_at_80_columns_is_not_shown_again_when_the_terminal_is_widened(seeded_library):
    """Closed with q at 80×24, the article came back beside the list at 120×35, and the footer's q closed it
    instead of quitting: the reader shows no article, as a fresh start at that width does."""
    app = make_app(seeded_library.path)
    async with app.run_test(size=NARROW) as pilot:
        await open_titled(app, pilot, KIM)
        await pilot.press("q")
        await settle(app, pilot)
        await pilot.resize_terminal(120, 35)
        await settle(app, pilot)
        assert app.reader.region.width > 0 and app.reader.article is None and KIM not in reader_text(app)
        assert app.current is None and not app.check_action("close_article", ())


@pytest.mark.parametrize("number", [signal.SIGHUP, signal.SIGTERM], ids=["terminal closed", "told to end"])
async def test_a_closed_terminal_ends_the_app_as_q_does_with_its_marks_and_its_place(seeded_library, number):
    """The signal ended the app at once: the next start was back where the last q had left it."""
    previous = signal.signal(number, lambda *_: None)  # (without the app's own handler, the signal would end the tests)
    try:
        app = make_app(seeded_library.path, Preferences.load())
        async with app.run_test(size=WIDE) as pilot:
            await settle(app, pilot)
            await pilot.press("J", "J", "j", "s")
            await settle(app, pilot)
            starred = app.articles.current.id
            os.kill(os.getpid(), number)
            await until(pilot, lambda: not app.is_running, "the app's end")
    finally:
        signal.signal(number, previous)
    [place] = Preferences.load().places.values()
    assert (place.shelf, place.article) == ("Buitenland", starred)
    assert Library(seeded_library.path).entry(starred).starred


async def test_quitting_before_the_library_is_read_keeps_the_remembered_article(long_library):
    await read_article_350_and_quit(long_library)
    remembered = Preferences.load().places
    again = make_app(long_library, Preferences.load())
    reading = threading.Event()
    again.library_view.engine.submit(reading.wait)  # the rest of the library is not read yet
    async with again.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert not again.library_view.complete
        reading.set()
        await pilot.press("q")
    assert Preferences.load().places == remembered


async def test_n_past_the_last_unread_of_a_section_goes_on_to_the_next_section_with_unread_and_says_so(two_sections):
    app = make_app(two_sections)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("shift+tab", "G", "tab")  # the Politiek section, the last
        await shown(app, pilot)
        assert app.view.shelf == "Politiek"
        await pilot.press("n")
        first = app.current
        await pilot.press("n")
        second = app.current
        assert first.id != second.id
        assert first.article.section == second.article.section == "Politiek"
        await pilot.press("n")  # no unread left in Politiek: round to the first section with unread
        await shown(app, pilot)
        assert app.view.shelf == "Buitenland" and app.sections.current.name == "Buitenland"
        assert app.current.article.section == "Buitenland"
        assert app.current.id == app.articles.items[0].id
        assert all(e.read for e in (first, second, app.current))
        assert "No more unread in Politiek: on to Buitenland." in [n.message for n in app._notifications]


@pytest.mark.parametrize("key", ["n", "space"])
async def test_n_pressed_again_past_the_last_unread_article_shows_its_notice_once(seeded_library, key):
    """Each n past the last unread added another "No more unread articles." toast: at 58 columns four covered the reader."""
    from textual.widgets._toast import Toast

    seeded_library.set_state([e.id for e in seeded_library.entries()], read=True)
    app = make_app(seeded_library.path)
    async with app.run_test(size=(58, 20), notifications=True) as pilot:
        await shown(app, pilot)
        for _press in range(4):
            await pilot.press(key)
            await settle(app, pilot)
        assert [n.message for n in app._notifications].count("No more unread articles.") == 1
        await until(pilot, lambda: app.screen.query(Toast), "the toast")
        assert len(app.screen.query(Toast)) == 1


async def test_the_notice_that_n_went_on_to_the_next_section_goes_as_n_moves_on_in_it(two_sections):
    """During a long run of n, "No more unread in Goes: on to Hulst." was still shown while the reader was in Zeeland."""
    app = make_app(two_sections)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("shift+tab", "G", "tab")  # the Politiek section, the last
        await shown(app, pilot)
        await pilot.press("n", "n", "n")  # its two unread articles, then on to Buitenland
        await shown(app, pilot)
        await settle(app, pilot)
        assert app.view.shelf == "Buitenland"
        assert "No more unread in Politiek: on to Buitenland." in [n.message for n in app._notifications]
        await pilot.press("n")  # Buitenland's next unread article
        await settle(app, pilot)
        assert app.current.id == app.articles.items[1].id
        assert not [n.message for n in app._notifications if "No more unread" in n.message]


async def test_p_with_no_unread_left_in_a_section_goes_back_to_the_last_unread_of_the_section_before(two_sections):
    app = make_app(two_sections)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("shift+tab", "G", "tab", "n", "n")  # Politiek: both its unread articles read
        await shown(app, pilot)
        assert app.view.shelf == "Politiek"
        await pilot.press("p")
        await shown(app, pilot)
        assert app.view.shelf == "Buitenland"
        assert app.current.id == app.articles.items[-1].id and app.current.read
        assert "No more unread in Politiek: on to Buitenland." in [n.message for n in app._notifications]


@pytest.mark.parametrize("key", ["n", "space"])
async def test_n_rounds_to_an_unread_article_above_the_cursor_before_going_on_to_the_next_section(two_sections, key):
    """As newsboat's next-unread searches the whole list before its goto-next-feed: the section is not left
    while it still has an unread article, above the cursor."""
    app = make_app(two_sections)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        app.show_shelf("Politiek")
        await shown(app, pilot)
        await pilot.press("j", "m")  # the second read, the first unread above the cursor
        await settle(app, pilot)
        await pilot.press(key)
        await shown(app, pilot)
        assert app.view.shelf == "Politiek"
        assert app.current.id == app.articles.items[0].id
        assert "No more unread further down in Politiek: round to its first." in [n.message for n in app._notifications]


@pytest.mark.parametrize("keys", [("n", "n", "N", "n"), ("n", "n", "N", "p")], ids=["n", "p"])
async def test_n_and_p_do_not_round_to_the_article_being_read_marked_unread_again(two_sections, keys):
    """`n n N n` in Politiek opened the article being read again, saying it rounded to the section's first unread."""
    app = make_app(two_sections)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        app.show_shelf("Politiek")
        await shown(app, pilot)
        for key in keys:
            await pilot.press(key)
            await shown(app, pilot)
        assert app.view.shelf != "Politiek"
        assert not any("in Politiek: round to" in n.message for n in app._notifications)


async def test_p_rounds_to_an_unread_article_below_the_cursor_before_going_back_to_the_section_before(two_sections):
    app = make_app(two_sections)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        app.show_shelf("Politiek")
        await shown(app, pilot)
        await pilot.press("m")  # the first read, the second unread below the cursor
        await settle(app, pilot)
        await pilot.press("p")
        await shown(app, pilot)
        assert app.view.shelf == "Politiek"
        assert app.current.id == app.articles.items[1].id
        assert "No more unread further up in Politiek: round to its last." in [n.message for n in app._notifications]


async def test_n_and_p_round_the_list_of_all_to_the_unread_articles_on_the_other_side_of_the_cursor(seeded_library):
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("G", "n")  # the last article, unread: n opens it
        last = app.articles.items[-1]
        assert app.current.id == last.id
        await pilot.press("n")  # none after it in All: round to the first unread, at the top
        assert app.current.id == app.articles.items[0].id
        assert "No more unread further down in All: round to its first." in [n.message for n in app._notifications]
        await pilot.press("p")  # none before the first: round to the last unread, from the bottom
        assert app.current.id == app.articles.items[-2].id  # the last one is read now
        assert "No more unread further up in All: round to its last." in [n.message for n in app._notifications]
        await settle(app, pilot)
        await pilot.press("M")
        await settle(app, pilot)
        await pilot.press("n")
        assert app._notifications and list(app._notifications)[-1].message == "No more unread articles."


async def test_n_in_a_section_rounds_to_its_own_first_unread_when_no_other_section_has_unread(two_sections):
    Library(two_sections).set_state([e.id for e in Library(two_sections).entries() if e.article.section == "Buitenland"], read=True)
    app = make_app(two_sections)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        app.show_shelf("Politiek")
        await shown(app, pilot)
        await pilot.press("G", "n", "n")  # the last of Politiek, then round to its first
        assert app.view.shelf == "Politiek"
        assert app.current.id == app.articles.items[0].id
        assert all(e.read for e in (on_disk(two_sections, e.article.title) for e in app.articles.items))


async def test_J_and_K_go_to_the_next_and_previous_section_round_the_list(two_sections):
    app = make_app(two_sections)
    async with app.run_test(size=WIDE) as pilot:
        shelves = []
        for _ in range(4):
            await pilot.press("J")
            shelves.append(app.view.shelf)
        assert shelves == ["Starred", "Buitenland", "Politiek", "All"]
        await pilot.press("K")
        await shown(app, pilot)
        assert app.view.shelf == "Politiek" and app.sections.current.name == "Politiek"
        assert {e.article.section for e in app.articles.items} == {"Politiek"}
        assert app.focused is app.articles


async def test_J_and_K_bring_each_section_back_at_its_own_place_not_at_the_row_the_cursor_had(two_sections):
    app = make_app(two_sections)
    async with app.run_test(size=NARROW) as pilot:
        await settle(app, pilot)
        app.show_shelf("Buitenland")
        await shown(app, pilot)
        await pilot.press("j", "j", "j")
        await shown(app, pilot)
        left_on = app.articles.current.id
        await pilot.press("J")  # Politiek, never visited: at its top, as newsboat opens a feed
        await shown(app, pilot)
        assert app.view.shelf == "Politiek" and app.articles.cursor == 0
        await pilot.press("G", "K")  # its last row, then back
        await shown(app, pilot)
        assert app.view.shelf == "Buitenland" and app.articles.current.id == left_on
        await pilot.press("enter")
        await shown(app, pilot)
        assert app.current.id == left_on


async def test_a_restart_brings_each_section_back_at_its_own_place_not_only_the_last_one_read(two_sections):
    """After a restart only the section last read came back where it was left: every other one started at its top."""
    app = make_app(two_sections, Preferences.load())
    async with app.run_test(size=NARROW) as pilot:
        await settle(app, pilot)
        app.show_shelf("Buitenland")
        await shown(app, pilot)
        await pilot.press("j", "j", "j")
        await shown(app, pilot)
        left_on = app.articles.current.id
        await pilot.press("J", "j")  # Politiek, its second row
        await shown(app, pilot)
        await pilot.press("q")
    again = make_app(two_sections, Preferences.load())
    async with again.run_test(size=NARROW) as pilot:
        await settle(again, pilot)
        assert again.view.shelf == "Politiek" and again.articles.cursor == 1
        await pilot.press("K")
        await shown(again, pilot)
        assert again.view.shelf == "Buitenland" and again.articles.current.id == left_on


async def test_the_places_of_shelves_no_longer_in_the_library_are_dropped_as_the_app_quits(two_sections):
    """app.json kept the places of sections whose articles were all removed and of sources removed, each run adding
    more, until they pushed out of its PLACES_KEPT the places of shelves still read."""
    library = Library(two_sections)
    entry = next(e for e in library.entries() if e.article.section == "Buitenland")
    kept = {(False, "Buitenland"): entry.id, (True, entry.article.source): entry.id, (True, STARRED): entry.id}
    gone = {(False, "Sport"): entry.id, (True, "https://weg.example/rss"): entry.id, (True, "Buitenland"): entry.id}
    Preferences(places={str(library.name): Place(shelves={**gone, **kept})}).save()
    app = make_app(two_sections, Preferences.load())
    async with app.run_test(size=NARROW) as pilot:
        await settle(app, pilot)
        await pilot.press("q")
    shelves = Preferences.load().place(library.name).shelves
    assert shelves.keys() == {*kept, (False, ALL)} and shelves.items() >= kept.items()  # All: where the app started


def test_preferences_keep_the_places_of_the_shelves_last_visited_by_section_and_by_source_and_no_more(tmp_path):
    """Each shelf's place is kept, a section's apart from a source's of the same name; the file keeps the most recent only."""
    from tui.preferences import PLACES_KEPT  # (kept by this change)

    path = tmp_path / "app.json"
    shelves = {(number % 2 == 0, f"Sectie {number // 2}"): f"artikel-{number}" for number in range(PLACES_KEPT + 50)}
    Preferences(places={"/nieuws/library.sqlite": Place(shelf="Sectie 3", shelves=shelves)}).save(path)
    kept = Preferences.load(path).place(Path("/nieuws/library.sqlite"))
    assert kept.shelf == "Sectie 3" and kept.shelves == dict(list(shelves.items())[-PLACES_KEPT:])


@pytest.mark.parametrize("shelves", ["Politiek", [["Politiek"]], [[1, "Politiek", "x"], [False, "Sport", None], "rommel"], {"a": 1}])
def test_hostile_shelf_places_in_app_json_are_passed_over_not_a_traceback(tmp_path, shelves):
    path = tmp_path / "app.json"
    path.write_text(json.dumps({"places": {"/nieuws/library.sqlite": {"shelf": "Politiek", "article": "x", "shelves": shelves}}}), encoding="utf-8")
    assert Preferences.load(path).place(Path("/nieuws/library.sqlite")) == Place(shelf="Politiek", article="x")


async def test_an_app_json_of_one_place_per_library_still_brings_the_reader_back_to_it(two_sections):
    """app.json as written before each shelf kept its place: one shelf and article per library."""
    politiek = [e.id for e in Library(two_sections).entries() if e.article.section == "Politiek"]
    old = {"places": {str(Library(two_sections).name): {"shelf": "Politiek", "article": politiek[-1], "unread_only": False, "by_source": False}}}
    path = state_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"document": {"1": old}}), encoding="utf-8")
    app = make_app(two_sections, Preferences.load())
    async with app.run_test(size=NARROW) as pilot:
        await settle(app, pilot)
        assert app.view.shelf == "Politiek" and app.articles.current.id == politiek[-1]


async def test_b_keeps_the_shelf_of_the_article_under_the_cursor_in_the_other_mode_not_all(two_sections):
    """b threw the reader back to All, a list of every article, from the section they were reading."""
    app = make_app(two_sections)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        app.show_shelf("Politiek")
        await shown(app, pilot)
        await pilot.press("j")
        await shown(app, pilot)
        on = app.articles.current
        await pilot.press("b")
        await shown(app, pilot)
        assert app.view.by_source and app.view.shelf == on.article.source and app.sections.current.name == on.article.source
        assert app.articles.current.id == on.id
        await pilot.press("b")
        await shown(app, pilot)
        assert not app.view.by_source and app.view.shelf == "Politiek" and app.sections.current.name == "Politiek"
        assert app.articles.current.id == on.id
        app.show_shelf(STARRED)
        await shown(app, pilot)
        await pilot.press("b")
        await shown(app, pilot)
        assert app.view.by_source and app.view.shelf == STARRED


async def test_u_after_marking_the_cursor_row_read_goes_on_at_the_next_unread_not_at_the_top(seeded_library):
    """Cursor on row 5, m, then u: the cursor jumped to row 0, as if unread-only were another section."""
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("j", "j", "j", "j", "j")
        await shown(app, pilot)
        await pilot.press("m")
        await settle(app, pilot)
        after = [e.id for e in app.articles.items[6:] if not e.read]
        await pilot.press("u")
        await shown(app, pilot)
        assert app.view.unread_only and app.articles.cursor > 0 and app.articles.current.id == after[0]


async def test_a_section_left_on_an_article_read_in_unread_only_comes_back_at_the_next_unread(two_sections):
    """With u on, reading row 3 hides it; J then K brought the section back at row 0, not at the next unread."""
    app = make_app(two_sections)
    async with app.run_test(size=NARROW) as pilot:
        await settle(app, pilot)
        app.show_shelf("Buitenland")
        await shown(app, pilot)
        await pilot.press("u")
        await shown(app, pilot)
        await pilot.press("j", "j", "j")
        await shown(app, pilot)
        after = app.articles.items[4].id
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("q")
        await settle(app, pilot)
        await pilot.press("J")
        await shown(app, pilot)
        await pilot.press("K")
        await shown(app, pilot)
        assert app.view.shelf == "Buitenland" and app.articles.current.id == after


async def test_J_typed_twice_in_one_burst_goes_two_sections_on(two_sections):
    app = make_app(two_sections)
    async with app.run_test(size=WIDE) as pilot:
        typed_together(app, "J", "J")
        await shown(app, pilot)
        assert app.view.shelf == "Buitenland" and app.sections.current.name == "Buitenland"


async def test_n_typed_right_after_J_in_one_burst_opens_the_first_unread_of_the_section_J_chose(two_sections):
    app = make_app(two_sections)
    async with app.run_test(size=WIDE) as pilot:
        await shown(app, pilot)
        typed_together(app, "J", "J", "J", "n")  # Starred, Buitenland, Politiek, and its first unread
        await shown(app, pilot)
        assert app.view.shelf == "Politiek" and app.current.article.section == "Politiek"


async def test_a_section_that_comes_in_before_the_one_shown_leaves_the_view_where_it_is(two_sections, tmp_path):
    app = make_app(two_sections)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        app.show_shelf("Politiek")
        await shown(app, pilot)
        page = ArticlePage("Nieuw binnenlands bericht", [("p", "UTRECHT (ANP) - Het kabinet maakt iets binnenlands bekend.")], section="Binnenland")
        (tmp_path / "binnenland.txt").write_text(page.text(), encoding="utf-8")
        import_paths(Library(two_sections), [tmp_path / "binnenland.txt"], CAPTURED)
        app._look_for_changes()
        await settle(app, pilot)
        await shown(app, pilot)
        assert [s.name for s in app.sections.items][2] == "Binnenland"
        assert app.view.shelf == "Politiek" and app.sections.current.name == "Politiek"
        assert {e.article.section for e in app.articles.items} == {"Politiek"}


async def test_the_palette_has_a_command_for_each_section(two_sections):
    app = make_app(two_sections)
    async with app.run_test(size=WIDE) as pilot:
        commands = {command.title: command for command in app.get_system_commands(app.screen)}
        assert {"Go to All", "Go to Starred", "Go to Buitenland", "Go to Politiek"} <= set(commands)
        assert commands["Go to Politiek"].help == "2 unread of 2"
        commands["Go to Politiek"].callback()
        await shown(app, pilot)
        assert app.view.shelf == "Politiek"


async def test_q_in_the_full_screen_reader_goes_back_to_the_list_and_q_in_the_list_quits(seeded_library):
    app = make_app(seeded_library.path)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.press("n")  # opened by n, not enter: the reader has the keys all the same
        await pilot.pause()
        assert app.has_class("-reading") and app.reader.has_focus
        assert "Back" in {key.description for key in app.screen.query(FooterKey) if key.key == "q"}  # the footer says so
        await pilot.press("q")
        await pilot.pause()
        assert not app.has_class("-reading") and app.articles.has_focus and app.articles.region.height > 0
        assert app.is_running
        await pilot.press("q")  # no question asked
        await pilot.pause()
        assert not app.is_running


async def test_q_in_a_focused_reader_beside_the_list_goes_back_to_the_list(seeded_library):
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("enter")
        assert app.reader.has_focus
        await pilot.press("q")
        assert app.articles.has_focus and app.is_running


@pytest.mark.parametrize("size", [WIDE, NARROW])
async def test_q_q_typed_together_in_the_reader_goes_back_and_quits(seeded_library, size):
    """A newsboat user's `q q` from an article, typed together: the second q came to the reader, the list's focus
    still on its way, and went back again: the app stayed."""
    app = make_app(seeded_library.path)
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.reader.has_focus
        typed_together(app, "q", "q")
        await until(pilot, lambda: not app.is_running, "the app quitting")


@pytest.mark.parametrize("size", [WIDE, NARROW])
async def test_keys_typed_together_with_q_in_the_reader_act_in_the_list(seeded_library, size):
    """`q j enter` typed together from an article (a fast typist, a key macro): the list's focus came after the
    queued keys, so j went to the reader and enter opened the same article again."""
    app = make_app(seeded_library.path)
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter")
        await settle(app, pilot)
        first = app.current
        typed_together(app, "q", "j", "enter")
        await until(pilot, lambda: app.current is not None and app.current != first, "the second article open")
        assert app.articles.cursor == 1


async def test_q_in_the_reader_after_a_search_left_its_article_open_beside_the_list_goes_back_not_quits(seeded_library):
    """`/` and escape leave the article open beside the list; in the reader given the keys again (a click), q quit."""
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("slash", "escape")
        await settle(app, pilot)
        assert app.reader.article is not None
        app.reader.focus()
        await pilot.pause()
        await pilot.press("q")
        await settle(app, pilot)
        assert app.is_running and app.reader.article is None and app.articles.has_focus


@pytest.mark.parametrize("give_it_the_keys", ["tab", "click"])
async def test_the_reader_with_no_article_takes_no_keys_so_s_and_q_are_not_its(seeded_library, give_it_the_keys):
    """Wide, enter and q leave the reader showing no article; tab (or a click) gave it the keys all the same, and its
    s starred the list's cursor article, unseen, and its q quit the app."""
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("q")
        await settle(app, pilot)
        assert app.reader.article is None and app.articles.has_focus
        if give_it_the_keys == "tab":
            await pilot.press("tab")
        else:
            await pilot.click("#reader")
        await pilot.pause()
        assert not app.reader.has_focus


async def test_q_beside_the_list_closes_the_article_first_and_q_again_quits_as_in_newsboat(seeded_library):
    """enter and q, a newsboat user's read and back, quit the app at once: q in the list, given back the keys beside
    the reader (shift+tab), went back from the article too."""
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        assert "Quit" in {key.description for key in app.screen.query(FooterKey) if key.key == "q"}
        await pilot.press("enter", "shift+tab")
        await pilot.pause()
        assert app.articles.has_focus and app.reader.article is not None
        assert "Back" in {key.description for key in app.screen.query(FooterKey) if key.key == "q"}  # the footer says so
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running and app.articles.has_focus
        assert app.reader.article is None and app.current is None  # not taken for an article still open
        assert "Quit" in {key.description for key in app.screen.query(FooterKey) if key.key == "q"}
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_escape_beside_the_list_closes_the_article_and_the_keys_act_on_the_lists_cursor(seeded_library):
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter", "shift+tab", "j", "escape")
        await pilot.pause()
        assert app.reader.article is None and app.articles.has_focus
        await pilot.press("s")
        await settle(app, pilot)
        assert [entry.starred for entry in app.library_view.entries[:2]] == [False, True]


@pytest.mark.parametrize(("width", "title"), [(58, "Buitenland — 16 unread"), (34, "Buitenland"), (26, "Buitenl…")])
async def test_a_narrow_header_drops_the_unread_only_note_then_the_count_before_a_letter_of_the_sections_name(seeded_library, width, title):
    """At 58 columns with u on the header read `Binnen… — 3 unread · showing unread only`: the name, which is what
    the header is there for, was cut to make room for the rest."""
    app = make_app(seeded_library.path)
    async with app.run_test(size=(width, 20)) as pilot:
        app.show_shelf("Buitenland")
        await shown(app, pilot)
        await pilot.press("u")
        await shown(app, pilot)
        assert app.view.unread_only and app.title == title


@pytest.mark.parametrize(("width", "title"), [(45, "Omroep Zeeland Binnenland"), (40, "Omroep Zeeland…"), (30, "Omroep…"), (22, "Omr…")])
async def test_a_narrow_header_cuts_the_sections_name_after_a_whole_word(tmp_path, library_path, width, title):
    """At 30 columns the header read `Omroep Zeel…`, at 34 `Omroep Zeeland …`: cut in a word, or with a space before
    its ellipsis. A name whose first word does not fit is cut in it: a letter or two tell more than nothing."""
    page = ArticlePage("Brug bij Zierikzee dicht", [("p", "ZIERIKZEE - De brug gaat dicht.")], section="Omroep Zeeland Binnenland")
    (tmp_path / "zeeland.txt").write_text(page.text(), encoding="utf-8")
    import_paths(Library(library_path), [tmp_path / "zeeland.txt"], CAPTURED)
    app = make_app(library_path)
    async with app.run_test(size=(width, 20)) as pilot:
        app.show_shelf("Omroep Zeeland Binnenland")
        await shown(app, pilot)
        assert app.title == title


async def test_the_header_is_cut_for_the_width_a_resize_brings_not_the_one_before(seeded_library):
    """The app's size is the terminal's before a resize until Textual's own handler of it runs, after the app's: the
    header was cut for the width before, one resize behind (26 columns showed `Buitenland — 16 unread`, cut at its
    end by Textual, and back at 45 `Buitenl…`)."""
    app = make_app(seeded_library.path)
    async with app.run_test(size=(58, 20)) as pilot:
        app.show_shelf("Buitenland")
        await shown(app, pilot)
        await pilot.press("u")
        await shown(app, pilot)
        for width, title in [(40, "Buitenland — 16 unread"), (26, "Buitenl…"), (45, "Buitenland — 16 unread"), (58, "Buitenland — 16 unread")]:
            await pilot.resize_terminal(width, 20)
            await pilot.pause()
            assert app.title == title, width


async def test_a_note_does_not_take_the_place_of_an_error_of_the_same_words(seeded_library):
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        app.notify("Could not save: disk full", severity="error", timeout=30)
        app.notify("Could not save: disk full", timeout=30)
        app.notify("Could not save: disk full", timeout=30)
        await pilot.pause()
        assert sorted(notice.severity for notice in app._notifications) == ["error", "information"]


async def test_unread_only_mode_is_shown_in_the_header(seeded_library):
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        assert "unread only" not in app.title
        await pilot.press("u")
        await shown(app, pilot)
        assert app.title == "nieuws-tui — 16 unread · showing unread only"
        await pilot.press("m")
        await settle(app, pilot)
        assert app.title == "nieuws-tui — 15 unread · showing unread only"
        await pilot.press("u")
        await shown(app, pilot)
        assert "unread only" not in app.title


async def test_the_starred_row_counts_the_starred_articles(seeded_library):
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("s", "m", "j", "s")  # two starred, one of them read
        await settle(app, pilot)
        starred = next(i for i, shelf in enumerate(app.sections.items) if shelf.name == "Starred")
        assert shown_lines(app.sections)[starred].text.split() == ["Starred", "2"]


# -- layout at every size ---------------------------------------------------------------------


async def test_columns_with_nothing_in_them_take_no_space(long_library, seeded_library):
    app = make_app(long_library)  # no places, no teasers
    async with app.run_test(size=WIDE):
        line = shown_lines(app.articles, 1)[0].text
        assert "Bericht 0" in line and "   " not in line.split("Bericht 0")[1].strip()
    app = make_app(seeded_library.path)  # places and teasers: both columns
    async with app.run_test(size=WIDE):
        line = shown_lines(app.articles, 3)[2].text
        assert "WASHINGTON" in line and "teaser" in line


async def test_the_columns_are_those_of_the_articles_shown_in_every_view_and_search(seeded_library):
    def wanted(entries) -> Columns:
        return Columns(min(max((len(e.article.place or "") for e in entries), default=0), PLACE_WIDTH), any(e.article.is_teaser for e in entries))

    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        seen = set()
        for keys in (["u"], ["u"], ["slash", *"maduro"], ["escape", "slash", *"kim"], ["escape", "slash", *"de"], ["escape", "shift+tab", "j", "j"]):
            await pilot.press(*keys)
            await shown(app, pilot)
            assert app.articles.columns == wanted(app.articles.items), keys
            seen.add(app.articles.columns)
        assert len(seen) > 1  # views with different columns were among them


async def test_the_reader_keeps_a_readable_measure_centred_on_a_wide_screen(seeded_library):
    app = make_app(seeded_library.path)
    async with app.run_test(size=(200, 60)) as pilot:
        await open_titled(app, pilot, KIM)
        text, reader = app.query_one("#reader-text").region, app.reader.content_region
        assert text.width == 80
        assert abs((text.x - reader.x) - (reader.right - text.right)) <= 2


async def test_the_sidebar_is_as_wide_as_its_names_within_limits_with_a_gap_before_the_counts(seeded_library, tmp_path):
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE):
        assert app.sections.outer_size.width < 20  # "Buitenland 16" needs no more
        assert shown_lines(app.sections)[2].text.split() == ["Buitenland", "16"]
    path = tmp_path / "long-names" / "library.json"
    Library(path).add([(article("Een", section="Testnieuws – binnenland en buitenland 1996"), CAPTURED)])
    for size, widest in ((WIDE, 32), (NARROW, 20)):
        app = make_app(path)
        async with app.run_test(size=size):
            assert app.sections.outer_size.width <= widest
            row = shown_lines(app.sections)[2].text
            assert row.rstrip().endswith("… 1") and row.startswith(" Testnieuws")


async def test_the_footer_at_80x24_shows_every_key_and_nothing_scrolls_sideways(seeded_library):
    app = make_app(seeded_library.path)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        keys = {key.key: key for key in app.screen.query(FooterKey)}
        assert {"q", "question_mark", "n", "m", "s", "u", "slash", "r"} <= set(keys)
        assert all(key.region.right <= 80 for key in keys.values())
        assert not app.articles.show_horizontal_scrollbar and not app.sections.show_horizontal_scrollbar


async def test_the_footer_at_60_columns_keeps_the_most_important_keys_whatever_config_toml_remaps(seeded_library):
    """At 60 columns the footer's last keys were cut, and a key remapped in config.toml's [keys] went last: next
    unread, given x, was the one cut."""
    app = NieuwsApp(Library(seeded_library.path), now=lambda: CAPTURED, preferences=Preferences(), keys={"next_unread": "x"})
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        keys = list(app.screen.query(FooterKey))
        assert [key.key for key in keys] == ["q", "question_mark", "x", "m", "s", "slash", "r", "u"]  # the least needed last: the header says unread only too
        assert [key.key for key in keys if key.visible] == ["q", "question_mark", "x", "m", "s", "slash", "r"]  # u not cut to `u Unr`: left out
        assert all(key.region.right <= 60 for key in keys if key.visible)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert all(key.visible and key.region.right <= 80 for key in app.screen.query(FooterKey))


async def test_while_searching_the_footer_shows_the_keys_that_keep_or_cancel_the_search(seeded_library):
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash", *"maduro")
        await pilot.pause()
        footer = {key.key: key.description for key in app.screen.query(FooterKey)}
        assert footer == {"enter": "Keep search", "escape": "Cancel search", "ctrl+p": "palette"}  # the letters are the search's
        await pilot.press("enter")  # the search stays, the list has the keys and the footer shows them
        await shown(app, pilot)
        footer = {key.key: key.description for key in app.screen.query(FooterKey)}
        assert app.view.query == "maduro" and app.focused is app.articles and {"m", "n", "slash"} <= set(footer) and "enter" not in footer
        await pilot.press("slash", "escape")
        await shown(app, pilot)
        assert app.view.query == "" and app.focused is app.articles and "escape" not in {key.key for key in app.screen.query(FooterKey)}


async def test_a_kept_search_opened_again_with_slash_is_refined_not_replaced(seeded_library):
    """`/` again selected the kept search whole, as the export field did its path: a letter typed replaced it."""
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await shown(app, pilot)
        await pilot.press("slash", *"madur", "enter")
        await shown(app, pilot)
        await pilot.press("slash", "o")
        await shown(app, pilot)
        search = app.query_one("#search")
        assert search.value == "maduro" and search.cursor_position == len("maduro")


async def test_a_section_name_from_a_feed_is_text_in_the_palette_never_markup(library_path, tmp_path):
    """Textual reads a command's title as markup: a feed's category could plant links and actions in it."""
    from textual.command import CommandList

    name = "Nieuws [link='https://evil.example/x']klik[/link] [@click=app.mark_all_read]Sport[/] [Video]"
    feed = tmp_path / "feed.rss"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>Een bericht</title>'
        f"<link>https://example.org/a</link><category>{escape(name)}</category><description>Tekst.</description></item></channel></rss>",
        encoding="utf-8",
    )
    import_paths(Library(library_path), [feed], CAPTURED)
    app = make_app(library_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+p", *"Sport")
        await until(pilot, lambda: palette_searched(app), "the palette's hits")
        prompts = [option.prompt for option in app.screen.query_one(CommandList)._options]
        [hit] = [prompt for prompt in prompts if "Sport" in str(prompt)]
        assert str(hit).startswith(f"Go to {name}")
        assert not any(span.style.link or span.style.meta for span in hit.spans if not isinstance(span.style, str))


async def test_the_palette_key_leaves_the_footer_when_the_terminal_narrows_and_comes_back_when_it_widens(seeded_library):
    app = make_app(seeded_library.path)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        assert not app.screen.query("FooterKey.-command-palette")
        await pilot.resize_terminal(*WIDE)
        await pilot.pause()
        assert app.screen.query_one("FooterKey.-command-palette").region.right <= WIDE[0]
        await pilot.resize_terminal(*NARROW)
        await pilot.pause()
        assert not app.screen.query("FooterKey.-command-palette")


async def test_help_has_two_columns_and_j_and_k_scroll_it(seeded_library):
    app = make_app(seeded_library.path)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        keys, texts = app.screen.query(".help-key"), app.screen.query(".help-text")
        column = max(key.region.right for key in keys)
        assert all(text.region.x > column for text in texts)  # descriptions wrap within their own column
        space = next(text for text, key in zip(texts, keys) if str(key.render()) == "space")
        assert space.region.height == 2
        scroll = app.screen.query_one("#help")
        await pilot.press("j", "j", "j")
        assert scroll.scroll_y == 3
        await pilot.press("k")
        assert scroll.scroll_y == 2


async def test_the_palette_has_one_keys_entry_and_shows_keys_as_they_are_typed(seeded_library):
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE):
        commands = list(app.get_system_commands(app.screen))
        assert [c.help for c in commands if c.title == "Keys"] == ["Key: ?"]
        hints = " ".join(c.help for c in commands)
        for name in ("question_mark", "slash", "shift+"):
            assert name not in hints
        assert "Key: /" in hints


async def test_the_theme_picker_marks_the_theme_in_use(seeded_library):
    from tui.palette import IN_USE, ThemePicker

    app = make_app(seeded_library.path, Preferences(theme="nord"))
    async with app.run_test(size=WIDE):
        picker = ThemePicker(app.screen)
        hits = [hit async for hit in picker.discover()]
        assert [hit.text for hit in hits if hit.help == IN_USE] == ["nord"]
        found = [hit async for hit in picker.search("nord")]
        assert [hit.help for hit in found] == [IN_USE]


async def test_enter_after_a_search_lands_on_the_first_hit(seeded_library):
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("G", "slash", *"trump", "enter")
        await shown(app, pilot)
        assert app.articles.cursor == 0 and "Trump" in app.articles.current.article.title
        assert app.articles.has_focus


def held_listings(monkeypatch, held) -> threading.Event:
    """Listings of the views that `held` picks wait until the event returned is set."""
    from tui.library_view import LibraryView

    go = threading.Event()
    select = LibraryView.select

    def waiting_select(self, view):
        if held(view):
            go.wait(10)
        return select(self, view)

    monkeypatch.setattr(LibraryView, "select", waiting_select)
    return go


@pytest.fixture
def slow_search(monkeypatch):
    """Searches wait for the test's word, as a search of a big library takes its time."""
    go = held_listings(monkeypatch, lambda view: bool(view.query))
    yield go
    go.set()


async def test_typing_never_waits_for_the_search_and_the_list_shows_the_last_letters_result(seeded_library, slow_search):
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        before = list(app.articles.items)
        await pilot.press("slash", *"maduro")
        assert app.query_one("#search").value == "maduro" and list(app.articles.items) == before  # typed, and the search still on its way
        painted = []
        app._display = lambda screen, update, display=app._display: (painted.append(update), display(screen, update))
        await pilot.press("s")
        # The letter waits for its search a moment only: it is painted while the search is still held.
        await until(pilot, lambda: any(update is not None for update in painted), "the letter's repaint")
        slow_search.set()
        await shown(app, pilot)
        assert {e.id for e in app.articles.items} == seeded_library.search("maduros") == set()


async def test_enter_before_the_search_is_shown_lands_on_its_first_hit(seeded_library, slow_search):
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("G", "slash", *"trump", "enter")
        slow_search.set()
        await shown(app, pilot)
        assert app.articles.cursor == 0 and "Trump" in app.articles.current.article.title


async def test_j_pressed_after_enter_before_the_search_is_shown_moves_from_its_first_hit(seeded_library, slow_search):
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("G", "slash", *"trump", "enter", "j")
        slow_search.set()
        await shown(app, pilot)
        assert len(app.articles.items) > 2 and app.articles.cursor == 1


async def test_a_search_cleared_before_it_is_shown_leaves_the_list_as_it_is(seeded_library, slow_search):
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash", *"trump", "escape")
        slow_search.set()
        await shown(app, pilot)
        assert len(app.articles.items) == 16 and app.view.query == ""


async def test_quitting_while_the_screen_is_being_updated_writes_every_mark_and_does_not_wait(seeded_library):
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        ids = [e.id for e in app.library_view.entries[:3]]
        # A reload's outcome on its way to the screen, then marks queued behind it.
        app.library_view.engine.submit(lambda: True, app._reloaded)
        await pilot.press("m", "j", "m", "j", "m")
        started = time.perf_counter()
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running and time.perf_counter() - started < 5
    assert all(Library(seeded_library.path).entry(i).read for i in ids)


async def test_M_pressed_at_start_and_then_q_marks_the_whole_library_read_before_the_app_goes(library_path, monkeypatch):
    """M waits for the library to be read whole; q right after it went first, and M was never written."""
    from tui.library_view import SCREENFUL

    Library(library_path).add([(article(f"Bericht {n}"), CAPTURED) for n in range(SCREENFUL + 50)])
    reading = reading_slowly(monkeypatch)
    app = make_app(library_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("M", "q")
        await until(pilot, lambda: len(app._when_loaded) == 2, "M and q waiting for the library")
        assert app.is_running
        reading.set()
        await until(pilot, lambda: not app.is_running, "the app's end")
    assert all(entry.read for entry in Library(library_path).entries())


async def test_a_star_waiting_for_its_listing_is_written_when_q_follows_it(seeded_library, monkeypatch):
    """s acts on the list the key before it (u) asks for, once that is made; q right after it went first."""
    listed, select = threading.Event(), LibraryView.select

    def slow_listing(self, view):
        listing = select(self, view)
        if view.unread_only:
            listed.wait(10)
        return listing

    monkeypatch.setattr(LibraryView, "select", slow_listing)
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        title = app.articles.current.article.title
        await pilot.press("u", "s", "q")
        assert app.is_running
        listed.set()
        await until(pilot, lambda: not app.is_running, "the app's end")
    assert on_disk(seeded_library.path, title).starred


@contextlib.asynccontextmanager
async def engine_held(app: NieuwsApp, pilot):
    """The engine thread busy with a long job (a refresh storing a big feed) until the block ends: the marks made meanwhile wait behind it."""
    await shown(app, pilot)
    await settle(app, pilot)
    longer = threading.Event()
    app.library_view.engine.submit(longer.wait)
    try:
        yield longer
    finally:
        longer.set()  # (before the app is taken down, which waits for the marks)


def status_text(app: NieuwsApp) -> str:
    return str(app.query_one("#status").render())


async def behind_a_long_job(app: NieuwsApp, pilot, longer: threading.Event) -> str:
    """The app's list shown, and a job on its engine thread until `longer` is set: the title of the first article."""
    await shown(app, pilot)
    await settle(app, pilot)
    app.library_view.engine.submit(longer.wait)
    return app.articles.current.article.title


async def test_marks_queued_behind_a_job_longer_than_the_app_waits_are_written_before_it_goes_and_it_says_so(seeded_library, monkeypatch):
    """The engine thread was waited for 10 s at quit: the marks behind a job that took longer were lost, unsaid."""
    from tui.library_view import EngineThread

    stop = EngineThread.stop
    monkeypatch.setattr(EngineThread, "stop", lambda engine, timeout=10: stop(engine, 0.05))  # the wait, shorter than the job
    longer = threading.Event()  # a job that outlasts the wait: a refresh storing a big feed, an export to a slow disk
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        title = await behind_a_long_job(app, pilot, longer)
        try:
            second = app.articles.items[1].article.title
            await pilot.press("s", "j", "m", "q")
            await until(pilot, lambda: status_text(app) == "Writing your read and starred marks… q quits without them", "the note that the marks are being written")
            assert app.library_view.unsaved == 2
        finally:
            longer.set()  # (before the app is taken down, which waits for the marks)
        await until(pilot, lambda: not app.is_running, "the app's end")
    assert on_disk(seeded_library.path, title).starred
    assert on_disk(seeded_library.path, second).read


async def test_quitting_with_no_key_left_that_quits_says_the_marks_are_written_naming_no_key(seeded_library, monkeypatch):
    """With [keys] giving q, ctrl+q and Q to other bindings (the app quit from the palette), the note said "q quits
    without them": q stars now, and once the app is quitting no key but quit's acts."""
    from tui.library_view import EngineThread

    stop = EngineThread.stop
    monkeypatch.setattr(EngineThread, "stop", lambda engine, timeout=10: stop(engine, 0.05))
    longer = threading.Event()
    app = NieuwsApp(Library(seeded_library.path), now=lambda: CAPTURED, preferences=Preferences(), keys={"toggle_star": "q", "toggle_read": "ctrl+q", "next_unread": "Q"})
    async with app.run_test(size=WIDE) as pilot:
        title = await behind_a_long_job(app, pilot, longer)
        try:
            await pilot.press("q")  # a star
            await app.run_action("quit")  # as the palette's Quit does
            await until(pilot, lambda: "Writing your read and starred marks" in status_text(app), "the note that the marks are being written")
            assert status_text(app) == "Writing your read and starred marks…"
        finally:
            longer.set()
        await until(pilot, lambda: not app.is_running, "the app's end")
    assert on_disk(seeded_library.path, title).starred


@pytest.mark.parametrize("number", [signal.SIGHUP, signal.SIGTERM], ids=["terminal closed", "told to end"])
async def test_a_signal_while_the_marks_are_written_waits_for_them_as_q_did_not_gives_them_up(seeded_library, monkeypatch, number):
    """A signal was taken for q pressed again: after a q (or a first signal, a hangup's, with a logout's SIGTERM after
    it) whose marks waited behind a long job, it quit at once without them."""
    from tui.library_view import EngineThread

    stop = EngineThread.stop
    monkeypatch.setattr(EngineThread, "stop", lambda engine, timeout=10: stop(engine, 0.05))
    ended, signalled = NieuwsApp._ended_from_outside, []
    monkeypatch.setattr(NieuwsApp, "_ended_from_outside", lambda app: (signalled.append(True), ended(app))[-1])
    longer = threading.Event()
    previous = signal.signal(number, lambda *_: None)  # (without the app's own handler, the signal would end the tests)
    try:
        app = make_app(seeded_library.path)
        async with app.run_test(size=WIDE) as pilot:
            title = await behind_a_long_job(app, pilot, longer)
            try:
                await pilot.press("s", "q")
                await until(pilot, lambda: "Writing your read and starred marks" in status_text(app), "the note that the marks are being written")
                os.kill(os.getpid(), number)
                await until(pilot, lambda: signalled, "the signal")
                for _ in range(5):
                    await pilot.pause()
                assert app.is_running and app.library_view.unsaved == 1
            finally:
                longer.set()
            await until(pilot, lambda: not app.is_running, "the app's end")
    finally:
        signal.signal(number, previous)
    assert on_disk(seeded_library.path, title).starred


async def test_a_signal_whose_place_is_slow_to_keep_exits_once_and_says_so_once(seeded_library, monkeypatch):
    """A signal's last-resort timer came while the app was keeping its place on a slow disk: the place was saved twice
    at once, and the app exited twice, saying each of its messages twice."""
    from tui.preferences import Preferences

    monkeypatch.setattr("tui.leaving.QUIT_WAIT", 0.2)

    def slow(preferences, path=None):
        time.sleep(1.5)
        raise StorageError("de schijf weigert")

    monkeypatch.setattr(Preferences, "save", slow)
    previous = signal.signal(signal.SIGTERM, lambda *_: None)  # (without the app's own handler, the signal would end the tests)
    try:
        app = make_app(seeded_library.path)
        exits = []
        exit_ = app.exit
        monkeypatch.setattr(app, "exit", lambda *args, **kwargs: (exits.append(kwargs.get("message")), exit_(*args, **kwargs))[-1])
        async with app.run_test(size=WIDE) as pilot:
            await settle(app, pilot)
            os.kill(os.getpid(), signal.SIGTERM)
            await until(pilot, lambda: not app.is_running, "the app's end", 10)
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert exits == ["nieuws-tui: could not remember where you were: de schijf weigert"]


async def test_q_while_a_long_job_runs_waits_for_the_engine_once_not_again_as_the_app_is_taken_down(seeded_library, monkeypatch):
    """With no mark to wait for, q waited for the engine thread (10 s), and the app's end waited as long again."""
    from tui.library_view import EngineThread

    stop, waited = EngineThread.stop, []

    def timed(engine, timeout=10):
        started = time.monotonic()
        stop(engine, 0.2)
        if engine._thread.is_alive():
            waited.append(time.monotonic() - started)

    monkeypatch.setattr(EngineThread, "stop", timed)
    longer = threading.Event()  # a refresh storing a big feed
    app = make_app(seeded_library.path)
    try:
        async with app.run_test(size=WIDE) as pilot:
            await shown(app, pilot)
            await settle(app, pilot)
            app.library_view.engine.submit(longer.wait)
            await pilot.press("q")
            await until(pilot, lambda: not app.is_running, "the app's end")
    finally:
        longer.set()
    assert len([seconds for seconds in waited if seconds >= 0.2]) == 1


async def test_the_note_that_q_quits_without_the_marks_stays_while_a_refresh_goes_on(seeded_library):
    """The job the marks wait behind is most often a refresh's: its progress, and its end, wiped the note."""
    from feeds.config import Source
    from feeds.web.fetch import Progress

    longer = threading.Event()
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await shown(app, pilot)
        await settle(app, pilot)
        app.library_view.engine.submit(longer.wait)
        try:
            await pilot.press("m", "q")
            await until(pilot, lambda: "Writing your read and starred marks" in status_text(app), "the note that the marks are being written")
            note = status_text(app)
            app._refresh_event(Progress(Source("https://example.org/feed"), "fetching"))  # as the refresh's thread hands them over
            assert status_text(app) == note
            app._refresh_ended()
            assert status_text(app) == note
        finally:
            longer.set()
        await until(pilot, lambda: not app.is_running, "the app's end")


def exit_messages(app: NieuwsApp, monkeypatch) -> list[str | None]:
    """What the app leaves said on the terminal as it exits."""
    said: list[str | None] = []
    exit_app = app.exit
    monkeypatch.setattr(app, "exit", lambda *args, **kwargs: (said.append(kwargs.get("message")), exit_app(*args, **kwargs)))
    return said


@contextlib.asynccontextmanager
async def marks_held_up(seeded_library, monkeypatch):
    """The app shown, its engine busy with a job that does not end while the user waits (the marks made meanwhile wait
    behind it), and what the app says as it exits."""
    never = threading.Event()
    app = make_app(seeded_library.path)
    said = exit_messages(app, monkeypatch)
    async with app.run_test(size=WIDE) as pilot:
        await shown(app, pilot)
        await settle(app, pilot)
        app.library_view.engine.submit(never.wait)
        try:
            yield app, pilot, said
        finally:
            never.set()


async def test_q_while_the_marks_are_being_written_quits_without_them_and_says_so(seeded_library, monkeypatch):
    async with marks_held_up(seeded_library, monkeypatch) as (app, pilot, said):
        await pilot.press("s", "m", "q")
        await until(pilot, lambda: "Writing your read and starred marks" in status_text(app), "the note that the marks are being written")
        await pilot.press("q")
        await until(pilot, lambda: not app.is_running, "the app's end")
    assert app.return_code == 0
    assert said == ["nieuws-tui: quit before 2 changes of read and starred marks were written"]


@contextlib.asynccontextmanager
async def slow_unread_listing(app: NieuwsApp, pilot, monkeypatch):
    """q waits but a moment (QUIT_WAIT) for a listing, and the listing of unread articles only (u) comes at the end of the block."""
    monkeypatch.setattr("tui.leaving.QUIT_WAIT", 0.2)
    go = held_listings(monkeypatch, lambda view: view.unread_only)
    await shown(app, pilot)
    try:
        yield
    finally:
        go.set()


async def test_a_mark_waiting_for_a_listing_slower_than_q_waits_is_written_before_the_app_goes_and_it_says_so(seeded_library, monkeypatch):
    """u s q, u's listing slower than QUIT_WAIT: the app went at QUIT_WAIT without the star, without a word."""
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        async with slow_unread_listing(app, pilot, monkeypatch):
            title = app.articles.current.article.title
            await pilot.press("u", "s", "q")
            note = "Waiting for the list to make your read and starred marks… q quits without them"
            await until(pilot, lambda: status_text(app) == note, "the note that the marks wait for the list")
            assert app.is_running
        await until(pilot, lambda: not app.is_running, "the app's end")
    assert on_disk(seeded_library.path, title).starred


@pytest.mark.parametrize("key", ["enter", "n"])
async def test_an_article_opened_by_a_key_waiting_for_a_listing_slower_than_q_waits_is_marked_read_before_the_app_goes(seeded_library, monkeypatch, key):
    """u enter q, u's listing slower than QUIT_WAIT: opening the article marks it read, but enter was no mark
    waiting, and the app went at QUIT_WAIT without opening it, without a word."""
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        async with slow_unread_listing(app, pilot, monkeypatch):
            title = app.articles.current.article.title  # unread: the first of the unread listing too
            await pilot.press("u", key, "q")
            note = "Waiting for the list to make your read and starred marks… q quits without them"
            await until(pilot, lambda: status_text(app) == note, "the note that the marks wait for the list")
            assert app.is_running
        await until(pilot, lambda: not app.is_running, "the app's end")
    assert on_disk(seeded_library.path, title).read


async def test_q_with_no_mark_waiting_for_a_listing_that_does_not_come_quits_after_q_waits(seeded_library, monkeypatch):
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        async with slow_unread_listing(app, pilot, monkeypatch):
            await pilot.press("u", "j", "q")
            await until(pilot, lambda: not app.is_running, "the app's end")


@pytest.mark.parametrize(
    ("keys", "lost"),
    [(("s", "m"), "2 changes of read and starred marks were made: they waited"), (("enter",), "1 change of read and starred marks was made: it waited")],
    ids=["marks", "an-article-to-open"],
)
async def test_q_again_while_marks_wait_for_a_listing_quits_without_them_and_says_how_many(seeded_library, monkeypatch, keys, lost):
    app = make_app(seeded_library.path)
    said = exit_messages(app, monkeypatch)
    async with app.run_test(size=WIDE) as pilot:
        async with slow_unread_listing(app, pilot, monkeypatch):
            title = app.articles.current.article.title
            await pilot.press("u", *keys, "q")
            await until(pilot, lambda: "Waiting for the list" in status_text(app), "the note that the marks wait for the list")
            await pilot.press("q")
            await until(pilot, lambda: not app.is_running, "the app's end")
    assert app.return_code == 0
    assert said == [f"nieuws-tui: quit before {lost} for the list"]
    entry = on_disk(seeded_library.path, title)
    assert not entry.starred and not entry.read


async def test_q_is_not_lost_with_the_view_it_was_pressed_in_and_the_app_quits_once_the_list_is_shown(seeded_library, monkeypatch):
    """u q u: q waited for the unread listing and went with it when the second u left that view; the app quit
    only when QUIT_WAIT ran out (10 s)."""
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await shown(app, pilot)
        go = held_listings(monkeypatch, lambda view: True)
        typed_together(app, "u", "q", "u")
        await until(pilot, lambda: app._when_shown, "the keys handled")
        go.set()
        started = time.monotonic()
        await until(pilot, lambda: not app.is_running, "the app's end")
        assert time.monotonic() - started < 5


async def test_q_waiting_for_a_listing_quits_once_it_is_shown_though_a_reload_moved_the_view_meanwhile(library_path, monkeypatch):
    """No key acts after q, but a reload still may change the view: u q, and before u's listing came another
    process filed the last section's articles under another (`sources set`); the sidebar's cursor, on a row no
    longer there, went to the section before it, whose listing the app showed. q waited for the view it was
    pressed in, which never came, and the app quit only when QUIT_WAIT ran out (10 s)."""
    zulu = "https://zulu.example/feed"
    Library(library_path).add([(article("Alfa", section="Alpha"), CAPTURED), (article("Zoeloe", section="Zulu", source=zulu), CAPTURED)])
    app = make_app(library_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        app.show_shelf("Zulu")
        await shown(app, pilot)
        go = held_listings(monkeypatch, lambda view: view.unread_only)
        await pilot.press("u", "q")
        Library(library_path).refile(zulu, "Alpha")
        app._look_for_changes()
        await until(pilot, lambda: app.view.shelf == "Alpha", "the move to the section left")
        assert app.is_running
        go.set()
        started = time.monotonic()
        await until(pilot, lambda: not app.is_running, "the app's end")
        assert time.monotonic() - started < 5


async def test_the_keys_after_q_act_no_more_and_the_app_says_it_is_quitting(seeded_library, monkeypatch):
    """newsboat is gone at its q. Here the keys typed after q, while it waited for a listing, acted once it came:
    the article enter opened was marked read and s starred it, as the app went."""
    app = make_app(seeded_library.path)
    said = exit_messages(app, monkeypatch)
    async with app.run_test(size=WIDE) as pilot:
        await shown(app, pilot)
        go = held_listings(monkeypatch, lambda view: view.unread_only)
        title = app.articles.current.article.title
        await pilot.press("u", "q", "enter", "s", "j", "u")
        assert status_text(app) == "Quitting…" and app.view.unread_only and len(app._when_shown) == 1
        await pilot.click("#articles")
        assert app.current is None
        go.set()
        await until(pilot, lambda: not app.is_running, "the app's end")
    assert said == [None]
    entry = on_disk(seeded_library.path, title)
    assert not entry.read and not entry.starred


async def test_enter_while_the_marks_are_being_written_opens_nothing(seeded_library):
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        async with engine_held(app, pilot):
            await pilot.press("s", "q")
            await until(pilot, lambda: "Writing your read and starred marks" in status_text(app), "the note that the marks are being written")
            await pilot.press("enter")
            assert app.current is None and not app._marks_waiting
        await until(pilot, lambda: not app.is_running, "the app's end")


@pytest.mark.parametrize("key", ["m", "s"])
async def test_m_m_typed_behind_a_long_job_turns_the_mark_over_and_back_each_a_change(seeded_library, key):
    """Each m (or s) was decided on the list's flags, which change once the mark is written: m m set the article
    read twice, and q then counted the second m, which changed nothing, as a change not yet written."""
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        async with engine_held(app, pilot):
            entry = app.articles.current
            read, starred = entry.read, entry.starred
            await pilot.press(key, key)
            assert app.library_view.unsaved == 2
        await settle(app, pilot)
    after = on_disk(seeded_library.path, entry.article.title)
    assert (after.read, after.starred) == (read, starred)  # over, and back


async def test_a_mark_that_went_with_a_view_left_before_its_listing_came_is_not_said_lost_at_q(seeded_library, monkeypatch):
    """u s u: s waited for the unread listing and went with it when u left that view; it was still counted as
    waiting, so q, quitting at once, said on the terminal that a change was not made because it waited for the list
    (and a q while a slow list came would have waited for it)."""
    app = make_app(seeded_library.path)
    said = exit_messages(app, monkeypatch)
    go = held_listings(monkeypatch, lambda view: view.unread_only)
    async with app.run_test(size=WIDE) as pilot:
        await shown(app, pilot)
        await pilot.press("u", "s", "u")
        go.set()
        await shown(app, pilot)
        await pilot.press("q")
        await until(pilot, lambda: not app.is_running, "the app's end")
    assert said == [None]


@pytest.mark.parametrize("told", [True, False], ids=["told", "no-one-to-tell"])
def test_an_outcome_that_cannot_be_shown_is_said_and_the_changes_after_it_are_written(told):
    from tui.library_view import EngineThread

    said, written = [], []
    engine = EngineThread(outcome_lost=said.append if told else None)

    def broken_screen(_result) -> None:
        raise KeyError("the list has no such row")

    engine.submit(lambda: None, broken_screen)
    engine.submit(lambda: written.append("mark"))
    engine.drain()
    engine.stop(timeout=5)
    assert written == ["mark"] and [type(error) for error in said] == ([KeyError] if told else [])


def failing_listings(monkeypatch, fails) -> None:
    """Listings of the views that `fails` picks fail, as a damaged store makes them fail."""
    from tui.library_view import LibraryView

    select = LibraryView.select

    def failing_select(self, view):
        if fails(view):
            raise StorageError(f"{self.library.files.database}: database disk image is malformed")
        return select(self, view)

    monkeypatch.setattr(LibraryView, "select", failing_select)


async def test_a_search_the_library_cannot_answer_says_so_and_the_app_goes_on(seeded_library, monkeypatch):
    failing_listings(monkeypatch, lambda view: bool(view.query))
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash", *"trump")
        await shown(app, pilot)
        assert any("Could not search" in str(n.message) and "malformed" in str(n.message) for n in app._notifications)
        await pilot.press("escape")
        assert len(app.articles.items) == 16


async def test_a_listing_the_library_cannot_make_says_so_and_the_app_goes_on(seeded_library, monkeypatch):
    failing_listings(monkeypatch, lambda view: view.unread_only)
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await shown(app, pilot)
        await pilot.press("u")
        await shown(app, pilot)
        messages = [str(n.message) for n in app._notifications]
        assert any(m.startswith("Could not list the articles") and "malformed" in m for m in messages)
        assert not any("Could not search" in m for m in messages)  # no search was typed
        assert len(app.articles.items) == 16  # what was shown before stays


async def test_keys_waiting_for_a_listing_that_fails_act_on_what_is_shown_and_q_quits_at_once(seeded_library, monkeypatch):
    """A listing that failed dropped the keys that waited for it: q among them waited QUIT_WAIT (10 s) to quit."""
    from tui.leaving import QUIT_WAIT

    failing_listings(monkeypatch, lambda view: view.unread_only)
    go = held_listings(monkeypatch, lambda view: view.unread_only)  # the keys after u wait for its listing
    app = make_app(seeded_library.path)
    errors: list[str] = []
    notify = app.notify
    monkeypatch.setattr(app, "notify", lambda message, **kwargs: (kwargs.get("severity") == "error" and errors.append(message), notify(message, **kwargs)))
    async with app.run_test(size=WIDE) as pilot:
        await shown(app, pilot)
        title = app.articles.current.article.title
        await pilot.press("u", "s", "q")
        assert app.is_running and len(app._when_shown) == 2
        go.set()
        await until(pilot, lambda: not app.is_running, "the app's end", seconds=QUIT_WAIT / 2)
    assert len(errors) == 1 and errors[0].startswith("Could not list the articles: ") and "\n" not in errors[0]
    assert on_disk(seeded_library.path, title).starred  # s starred the article the list showed under the cursor


async def test_letters_typed_in_one_burst_after_slash_go_to_the_search(seeded_library):
    """Over a slow connection the keys typed ahead arrive together: none of them may act on the list
    (`m` marking read, `r` refreshing, `e` exporting) while the search box is on its way."""
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        unread = app.library_view.unread
        typed_together(app, "slash", *"maduro")
        await pilot.pause()
        await shown(app, pilot)
        assert app.query_one("#search").value == "maduro"
        assert isinstance(app.screen, type(app.get_default_screen())) and app.library_view.unread == unread and not app.view.unread_only
        await pilot.press("slash", "x")  # in the search box a slash is a letter like any other
        assert app.query_one("#search").value == "maduro/x"


async def test_a_search_and_two_enters_typed_in_one_burst_open_its_first_hit(seeded_library, slow_search):
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("G")
        typed_together(app, "slash", *"trump", "enter", "enter")
        await pilot.pause()
        assert app.current is None  # the list of before the search opens nothing
        slow_search.set()
        await shown(app, pilot)
        assert app.current is not None and app.current.id == app.articles.items[0].id and "Trump" in app.current.article.title
        assert app.query_one("#search").value == "trump"


async def test_a_slash_typed_on_a_screen_over_the_list_is_that_screens(seeded_library):
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("e")
        await pilot.pause()
        field = app.screen.query_one("#export-path")
        field.value = ""
        await pilot.press("slash", *"tmp", "slash", "x")
        assert field.value == "/tmp/x" and not app.has_class("-searching")


async def test_M_pressed_while_a_search_is_on_its_way_marks_its_hits_and_nothing_of_the_list_before_it(seeded_library, slow_search):
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash", *"trump", "enter", "M")
        await settle(app, pilot)
        assert app.library_view.unread == 16  # the list still shows what was there before the search
        slow_search.set()
        await shown(app, pilot)
        await settle(app, pilot)
        hits = app.articles.items
        assert 0 < len(hits) < 16 and all(e.read for e in hits) and app.library_view.unread == 16 - len(hits)


async def test_M_pressed_while_a_search_is_on_its_way_is_dropped_when_another_view_is_chosen_before_it_lands(seeded_library, slow_search):
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash", *"trump", "enter", "M", "J", "J")  # M, then another section before the search is shown
        slow_search.set()
        await shown(app, pilot)
        await settle(app, pilot)
        assert app.view.shelf == "Buitenland" and app.view.query == "trump" and app.articles.items
        assert app.library_view.unread == 16


async def test_two_n_pressed_while_a_section_is_listed_follow_each_other_into_the_next_section(two_sections, slow_sections):
    app = make_app(two_sections)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        app.library_view.set_read([e for e in app.library_view.entries if e.article.section == "Politiek"], True, app._changed, app._write_failed)
        await settle(app, pilot)
        await pilot.press("shift+tab", "G", "tab", "n", "n")  # Politiek, read already: on to Buitenland, its first unread, then its second
        slow_sections.set()
        await shown(app, pilot)
        assert app.view.shelf == "Buitenland" and app.current.id == app.articles.items[1].id
        assert "No more unread articles." not in [n.message for n in app._notifications]


async def test_m_after_j_pressed_while_a_section_is_listed_marks_the_article_the_j_reached(two_sections, slow_sections):
    app = make_app(two_sections)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("shift+tab", "G", "tab", "j", "m")  # Politiek: its second article, marked read
        slow_sections.set()
        await shown(app, pilot)
        await settle(app, pilot)
        first, second = app.articles.items
        assert app.articles.cursor == 1 and second.read and not first.read and app.library_view.unread == 17


async def test_space_pressed_while_a_section_is_listed_opens_an_article_of_that_section(two_sections, slow_sections):
    app = make_app(two_sections)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("shift+tab", "G", "tab", "space")
        assert app.current is None
        slow_sections.set()
        await shown(app, pilot)
        assert app.current.article.section == "Politiek" and app.current.id == app.articles.items[0].id


async def test_exporting_while_a_search_is_on_its_way_offers_its_hits(seeded_library, slow_search):
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash", *"trump", "enter", "e")
        await pilot.pause()
        assert not app.screen.query("#export-path")
        slow_search.set()
        await shown(app, pilot)
        hits = len(app.articles.items)
        assert 0 < hits < 16 and app.screen.count == hits


@pytest.fixture
def slow_sections(monkeypatch):
    """The listing of a section waits for the test's word, as one of a big library takes its time."""
    go = held_listings(monkeypatch, lambda view: view.shelf != ALL)
    yield go
    go.set()


async def test_a_section_is_listed_off_the_ui_thread_and_n_pressed_meanwhile_acts_on_it(two_sections, slow_sections):
    app = make_app(two_sections)
    async with app.run_test(size=WIDE) as pilot:
        everything = list(app.articles.items)
        await pilot.press("shift+tab", "G", "tab", "n")  # Politiek, and its first unread
        assert app.view.shelf == "Politiek" and list(app.articles.items) == everything and app.current is None
        slow_sections.set()
        await shown(app, pilot)
        assert {e.article.section for e in app.articles.items} == {"Politiek"}
        assert app.current.id == app.articles.items[0].id and app.current.read


async def test_a_refresh_says_how_many_feed_items_a_source_left_out(library_path, httpserver):
    from feedkit import RSS2

    from feeds.config import Source
    from feeds.config import save_sources as save

    httpserver.expect_request("/feed").respond_with_data(RSS2.replace(b"<link>http://example.org/dijk</link>", b"").replace(b"<description>&lt;p&gt;VLISSINGEN (ANP) - De dijk wordt versterkt.&lt;/p&gt;</description>", b""), content_type="application/rss+xml")
    url = httpserver.url_for("/feed")
    save([Source(url)])
    app = make_app(library_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("r")
        await refreshed(app, pilot)
        assert f"{url}: 1 feed item left out: it cannot be read, or has no link and nothing else to know it by" in [n.message for n in app._notifications]


async def test_a_refresh_says_which_feed_breaks_off(library_path, httpserver):
    from feedkit import RSS2


    httpserver.expect_request("/feed").respond_with_data(RSS2[: RSS2.rindex(b"</item>") + len(b"</item>")], content_type="application/rss+xml")
    url = httpserver.url_for("/feed")
    said = f"{url}: the feed breaks off: its end is missing (the server may have cut it short); the items before are kept"
    assert said in await notices_of_a_refresh(library_path, url)


async def test_the_notes_of_two_sources_stand_on_two_lines_of_one_notice(library_path, httpserver):
    """Each source's note on a line of its own: the sanitiser showed the line end between them as a literal `\\x0a`."""
    from feedkit import RSS2

    from feeds.config import Source
    from feeds.config import save_sources as save

    broken = RSS2[: RSS2.rindex(b"</item>") + len(b"</item>")]
    for path in ("/een", "/twee"):
        httpserver.expect_request(path).respond_with_data(broken, content_type="application/rss+xml")
    urls = [httpserver.url_for(path) for path in ("/een", "/twee")]
    save([Source(url) for url in urls])
    app = make_app(library_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("r")
        await refreshed(app, pilot)
        [notes] = [n.message for n in app._notifications if "breaks off" in n.message]
    said = "the feed breaks off: its end is missing (the server may have cut it short); the items before are kept"
    assert sorted(notes.split("\n")) == [f"{url}: {said}" for url in urls]


async def test_a_refresh_says_what_a_source_left_undone_in_a_notice_that_stays(library_path, httpserver, monkeypatch):
    """Article pages given up at the deadline, their stories kept as teasers, were said only on the status line, which
    the next source's progress took the place of."""
    from feedkit import RSS2

    from feeds.web.fetch import SourceFetch

    note = "1 article page not fetched, its story kept as a teaser: gave up at the deadline of 10 s per source"
    read = SourceFetch._feed

    def read_then_noted(self, source, fetched, result) -> None:
        read(self, source, fetched, result)
        result.note = note

    monkeypatch.setattr(SourceFetch, "_feed", read_then_noted)
    httpserver.expect_request("/feed").respond_with_data(RSS2, content_type="application/rss+xml")
    url = httpserver.url_for("/feed")
    assert f"{url}: {note}" in await notices_of_a_refresh(library_path, url)


async def notices_of_a_refresh(library_path, url: str) -> list[str]:
    """What the app says of a refresh of the one source at `url`."""
    from feeds.config import Source
    from feeds.config import save_sources as save

    save([Source(url)])
    app = make_app(library_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("r")
        await refreshed(app, pilot)
        return [n.message for n in app._notifications]


async def test_a_refresh_with_the_validators_damaged_stores_what_came_and_says_they_are(library_path, httpserver):
    """Damaged validators, which check says leave the articles intact, stopped every refresh, storing nothing. Said at
    each refresh asked for, once by those on schedule (refresh-minutes), which say only what they brought."""
    from feedkit import RSS2
    from storekit import damage_table

    from feeds.config import Source
    from feeds.config import save_sources as save

    httpserver.expect_request("/feed").respond_with_data(RSS2, content_type="application/rss+xml")
    save([Source(httpserver.url_for("/feed"))])
    library = Library(library_path)
    library.add([(article("Oud nieuws uit Goes"), CAPTURED)])
    damage_table(library, "validators")
    app = make_app(library_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("r")
        await refreshed(app, pilot)
        said = [n.message for n in app._notifications]
        damaged = f"{library.file}: the validators (what each source last answered, to fetch only what changed) are damaged, the articles " \
                  "are intact; each source is fetched whole, and what it answers not kept, until `nieuws-tui check --repair` empties them"  # fmt: skip
        assert damaged in said, said
        said = notices_said(app)
        for _scheduled in range(2):
            app._refresh_on_schedule()
            await refreshed(app, pilot)
        assert damaged not in said
        await pilot.press("r")
        await refreshed(app, pilot)
        assert said.count(damaged) == 1
    assert len(Library(library_path).entries()) == 3


async def test_damaged_validators_are_said_again_on_schedule_once_a_refresh_found_them_whole_in_between(library_path):
    from feeds import FetchReport

    app = make_app(library_path)
    async with app.run_test(size=WIDE) as pilot:
        await shown(app, pilot)
        said = notices_said(app)
        for damaged in ("kapot", "kapot", None, "kapot"):  # repaired, and damaged anew
            app._refresh(on_schedule=True)
            app._refreshed(FetchReport(damaged=damaged), None)
        await pilot.pause()
        assert said.count("kapot") == 2


@pytest.mark.parametrize("asked_by", ["config.toml", "-r"])
async def test_refresh_on_start_in_config_toml_or_r_refreshes_as_the_app_opens(library_path, httpserver, asked_by):
    """`nieuws-tui -r`, as `newsboat -r`, refreshes at start whatever config.toml says."""
    from feedkit import RSS2

    from feeds.config import Source
    from feeds.config import save_sources as save

    httpserver.expect_request("/feed").respond_with_data(RSS2, content_type="application/rss+xml")
    save([Source(httpserver.url_for("/feed"), "Regio")])
    if asked_by == "config.toml":
        Path(os.environ["NIEUWS_TUI_CONFIG"]).write_text("refresh-on-start = true\n" + Path(os.environ["NIEUWS_TUI_CONFIG"]).read_text())
    app = reader_app(Library(library_path), now=lambda: CAPTURED, preferences=Preferences(), refresh_on_start=asked_by == "-r")
    async with app.run_test(size=WIDE) as pilot:
        await until(pilot, lambda: len(httpserver.log) == 1 and not app.fetching, "the refresh at start")
        await shown(app, pilot)
        assert "Regio" in [shelf.name for shelf in app.sections.items]


async def test_refresh_minutes_in_config_toml_refreshes_again_and_again_while_the_app_is_open(library_path, httpserver):
    from feedkit import RSS2

    from feeds.config import Source
    from feeds.config import save_sources as save

    httpserver.expect_request("/feed").respond_with_data(RSS2, content_type="application/rss+xml")
    save([Source(httpserver.url_for("/feed"))])
    app = NieuwsApp(Library(library_path), now=lambda: CAPTURED, preferences=Preferences(), refresh_minutes=0.002)  # every 0.12 s
    async with app.run_test(size=WIDE) as pilot:
        await until(pilot, lambda: len(httpserver.log) >= 3, "three refreshes")
        await until(pilot, lambda: any(n.message.startswith("Refreshed") for n in app._notifications), "the first refresh's note")
        # What a refresh the user did not ask for just then brought, only when it brought something.
        assert [n.message for n in app._notifications if n.message.startswith("Refreshed")] == ["Refreshed: 2 new, 0 updated."]


async def quit_with_q(app: NieuwsApp, pilot) -> None:
    await pilot.press("q")


async def quit_with_ctrl_q(app: NieuwsApp, pilot) -> None:
    await pilot.press("ctrl+q")


async def quit_from_the_palette(app: NieuwsApp, pilot) -> None:
    from textual.command import CommandList

    await pilot.press("ctrl+p", *"Quit")
    await until(pilot, lambda: palette_searched(app), "the palette's Quit")
    assert str(app.screen.query_one(CommandList).get_option_at_index(0).prompt).startswith("Quit")
    await pilot.press("enter")


async def crash(app: NieuwsApp, pilot) -> None:
    def broken() -> None:
        raise ValueError("a bug in a key's action")

    app.action_help = broken  # type: ignore[method-assign]
    await pilot.press("question_mark")


async def end_the_test(app: NieuwsApp, pilot) -> None:
    """run_test ends, as every test of the app does, without a key that quits."""


WAYS_OUT = [quit_with_q, quit_with_ctrl_q, quit_from_the_palette, crash, end_the_test]


def leave(app: NieuwsApp, way_out, before=None) -> None:
    """Run the app in an event loop of its own, `before` the user leaves it `way_out`; the loop is closed once
    the app has gone, as `nieuws-tui` closes it. What a thread hands the app after that leaves a coroutine never
    awaited: a RuntimeWarning on the user's terminal."""

    async def run() -> None:
        async with app.run_test(size=WIDE) as pilot:
            if before is not None:
                await before(app, pilot)
            await way_out(app, pilot)

    async def in_time() -> None:
        await asyncio.wait_for(run(), 30)  # a way out that never ends fails the test, rather than hanging the suite

    if way_out is crash:
        with pytest.raises(ValueError, match="a bug in a key's action"):
            asyncio.run(in_time())
    else:
        asyncio.run(in_time())


def runtime_warnings(caught) -> list[str]:
    gc.collect()  # a coroutine never awaited says so when it is collected
    return [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)]


@pytest.mark.parametrize("way_out", WAYS_OUT)
def test_leaving_the_app_while_the_library_is_read_in_hands_it_nothing_and_leaves_no_job_counted(seeded_library, monkeypatch, way_out):
    """However the user leaves the app, the engine may be reading the library in: it finishes as the app stops
    it, or after the app has gone. What it read then goes to no screen (not to an event loop that is closed),
    the job it submits next (the search index's catching up) is not left counted for ever, and the app's threads end."""
    reading = reading_slowly(monkeypatch)
    stop = LibraryView.stop
    monkeypatch.setattr(LibraryView, "stop", lambda view: (reading.set(), stop(view)))  # the library read in just as the app stops its threads
    app = make_app(seeded_library.path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        leave(app, way_out)
        reading.set()  # (if the app never stopped them)
        app.library_view.drain(timeout=5)
        assert runtime_warnings(caught) == []
    threads = (app.library_view.engine, app.library_view._texts)
    for thread in threads:
        thread._thread.join(5)
    assert not any(thread._thread.is_alive() for thread in threads)


@pytest.mark.parametrize("way_out", [quit_with_q, end_the_test])
def test_leaving_the_app_during_a_refresh_hands_it_nothing_of_the_sources_still_coming(library_path, httpserver, way_out):
    """The user presses r and quits at once, while a source has not answered yet: its answer, and the sources
    after it, reach no screen, and leave no job counted."""
    from test_fetch import RSS2

    from feeds.config import Source
    from feeds.config import save_sources as save

    asked, answering = threading.Event(), threading.Event()

    def slow_feed(request):
        asked.set()
        answering.wait(timeout=30)
        return Response(RSS2, content_type="application/rss+xml")

    httpserver.expect_request("/slow").respond_with_handler(slow_feed)
    httpserver.expect_request("/next").respond_with_data(RSS2, content_type="application/rss+xml")
    save([Source(httpserver.url_for("/slow")), Source(httpserver.url_for("/next"))])
    app = make_app(library_path)

    async def refreshing(app: NieuwsApp, pilot) -> None:
        await pilot.press("r")
        await until(pilot, asked.is_set, "the request for the slow source")

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        before = fetch_threads()
        try:
            leave(app, way_out, before=refreshing)
        finally:
            answering.set()
        for thread in fetch_threads() - before:
            thread.join(10)
            assert not thread.is_alive(), "the refresh never ended"
        app.library_view.drain(timeout=5)
        assert runtime_warnings(caught) == []


def test_a_listing_that_arrives_as_run_test_takes_the_screen_down_is_not_shown(seeded_library, monkeypatch):
    """run_test takes the screen down while the app still handles its messages: a listing made off the app's
    thread that arrives then has no list to go to (NoMatches, which failed a test of the app now and then)."""
    from tui.app import ListingMade
    from tui.widgets.article_list import ArticleList

    app = make_app(seeded_library.path)

    def made_just_then(article_list: ArticleList) -> None:
        app.post_message(ListingMade(app._listings, app.view, app.library_view.select(app.view), None))

    monkeypatch.setattr(ArticleList, "on_unmount", made_just_then, raising=False)
    leave(app, end_the_test)


def test_a_job_submitted_once_the_engine_thread_stops_is_not_taken_nor_left_counted(seeded_library):
    """Nothing would run it: counted, it would leave drain waiting for ever (as it hung the whole suite once)."""
    view = LibraryView(seeded_library)
    view.stop()
    ran = threading.Event()
    view.engine.submit(ran.set)
    view.drain(timeout=1)
    assert not ran.is_set()


def test_a_change_submitted_once_the_engine_thread_stops_is_counted_unsaved(seeded_library):
    """A key that waited for a listing acts as the app goes: its change is not written, and must be said lost."""
    view = LibraryView(seeded_library)
    view.stop()
    view.engine.submit(lambda: None, change=True)
    view.drain(timeout=1)
    assert view.unsaved == 1


def test_a_drain_that_never_ends_fails_the_test_instead_of_hanging_the_suite():
    in_flight = InFlight()
    in_flight.started()  # a job whose end never comes
    with pytest.raises(TimeoutError):
        in_flight.wait(timeout=0.05)


def without_search_index(library: Library) -> str:
    """Leave every article of `library` to be indexed, as a big fetch by another process leaves them; a word of a title to search for."""
    from feeds.store.database import SEARCH_TABLE

    with contextlib.closing(sqlite3.connect(library.files.database)) as database, database:
        database.execute("DROP TABLE search")
        database.execute(SEARCH_TABLE)
        database.execute("UPDATE meta SET value = 0 WHERE key = 'indexed'")
    return max(library.entries()[0].article.title.split(), key=len)


def test_a_search_index_batch_that_finds_the_library_busy_holds_no_mark_up_and_is_tried_again_at_the_next_look(seeded_library):
    """A batch that found another process writing stopped the indexing: the articles left were not found by any
    search until something else came in."""
    from storekit import pending_search

    word = without_search_index(seeded_library)
    view = LibraryView(seeded_library)
    writer = sqlite3.connect(seeded_library.files.database, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another process's long write
    try:
        view.catch_up_search()
        marked = threading.Event()
        started = time.monotonic()
        view.toggle(view.entries[0], "starred", lambda _entries: marked.set(), lambda _error: None)
        assert marked.wait(10) and time.monotonic() - started < 5  # not the 300 s a writer waits for another
        view.pick_up_changes(lambda _changed: None, lambda _error: None)  # a look while still busy
        view.drain()
    finally:
        writer.execute("ROLLBACK")
    assert pending_search(seeded_library) > 0
    view.pick_up_changes(lambda _changed: None, lambda _error: None)  # the next look, nothing new stored
    view.drain()
    assert pending_search(seeded_library) == 0 and seeded_library.search(word, catch_up=False)
    view.stop()


def test_a_search_index_that_cannot_catch_up_says_why_once_and_tries_again_at_each_look(seeded_library, monkeypatch):
    """A batch that failed (damage, a disk's error) stopped the indexing without a word."""
    from feeds.store.writer import Writer

    word, said = without_search_index(seeded_library), []
    index_pending = Writer.index_pending

    def failing(self: Writer, batch: int) -> int:
        raise StorageError(f"{seeded_library.files.database}: disk I/O error")

    monkeypatch.setattr(Writer, "index_pending", failing)
    view = LibraryView(seeded_library, index_failed=said.append)
    view.catch_up_search()
    for _look in range(3):
        view.pick_up_changes(lambda _changed: None, lambda _error: None)
        view.drain()
    assert [str(error) for error in said] == [f"{seeded_library.files.database}: disk I/O error"]
    monkeypatch.setattr(Writer, "index_pending", index_pending)  # the disk mended
    view.pick_up_changes(lambda _changed: None, lambda _error: None)
    view.drain()
    assert seeded_library.search(word, catch_up=False)
    view.stop()


@pytest.mark.parametrize("first", ["engine", "texts"])
def test_drain_waits_for_the_jobs_an_outcome_submits_to_the_other_thread(seeded_library, first):
    """A change shown makes the reader read its text again; a text read lets a key waiting for it act, which
    may change the library: the job that outcome submits, on the other thread, is waited for too."""
    view = LibraryView(seeded_library)
    threads = {"engine": view.engine, "texts": view._texts}
    second = threads["texts" if first == "engine" else "engine"]
    done = threading.Event()

    def slow() -> None:
        time.sleep(0.2)  # a slow disk: the drain comes before it is done
        done.set()

    threads[first].submit(lambda: None, lambda _: second.submit(slow))
    view.drain()
    assert done.is_set()
    view.stop()


async def test_o_opens_the_systems_own_browser_when_none_that_browser_names_can_be_started(seeded_library, tmp_path, monkeypatch):
    """BROWSER names a w3m no longer there, over ssh with www-browser there: webbrowser.open would have
    tried it after w3m, the app said the browser did not open."""
    log = terminal_browser(tmp_path, monkeypatch, "www-browser")
    monkeypatch.setenv("TERM", "xterm")  # (where webbrowser looks for one that runs in the terminal)
    browser_named(monkeypatch, str(tmp_path / "gone" / "w3m"))
    said = await o_opens_the_article_in(log, seeded_library, monkeypatch)
    assert not any(message.startswith("The web browser did not open") for message in said)


async def test_o_says_which_browser_named_is_not_installed(seeded_library, tmp_path, monkeypatch):
    """newsboat's `browser "w3m %u"`, carried over by import-newsboat, on a machine without w3m: "The web browser did
    not open …", and not why."""
    import tui.browser

    w3m = str(tmp_path / "gone" / "w3m")
    named = [(webbrowser.GenericBrowser([w3m, "%s"]), True)] * 2  # config.toml's and $BROWSER's
    monkeypatch.setattr(tui.browser, "browsers", lambda configured=None: iter(named))
    app = make_app(seeded_library.path)
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    async with app.run_test(size=WIDE) as pilot:
        url = app.articles.current.article.url
        await pilot.press("o")
        said = f"The web browser did not open {url}: {w3m} is not installed; name another as browser in config.toml, or in $BROWSER."
        await until(pilot, lambda: said in [n.message for n in app._notifications], "why the browser did not open")


async def test_O_with_no_browser_installed_leaves_the_article_unread(library_path, tmp_path, monkeypatch):
    """O marked the article read as the page went to the launcher, before any browser was tried: none named was
    installed, the app said so, and the article was read all the same (r96)."""
    import tui.browser

    w3m = str(tmp_path / "gone" / "w3m")
    monkeypatch.setattr(tui.browser, "browsers", lambda configured=None: iter([(webbrowser.GenericBrowser([w3m, "%s"]), True)]))
    app = feed_items_app(library_path, tmp_path)
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    async with app.run_test(size=WIDE) as pilot:
        await shown(app, pilot)
        app.articles.focus()
        app.articles.move_to(next(i for i, e in enumerate(app.articles.items) if e.article.title == "Ochtend"))
        await pilot.press("O")
        await until(pilot, lambda: any("is not installed" in n.message for n in app._notifications), "why the browser did not open")
        await settle(app, pilot)
        assert not on_disk(library_path, "Ochtend").read


async def o_opens_the_article_in(log: Path, seeded_library, monkeypatch) -> list[str]:
    """o pressed on the first article must run the browser in the terminal that writes `log`, on its address; the
    app's notes by then."""
    app = make_app(seeded_library.path)
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("o")
        await until(pilot, log.exists, "the browser in the terminal")
        assert log.read_text().split() == [app.articles.current.article.url]
        return [str(n.message) for n in app._notifications]


@pytest.mark.parametrize(
    ("command", "name", "args", "background"),
    [
        ("w3m %u", "w3m", ["%s"], False),  # newsboat's %u
        ("lynx -accept_all_cookies", "lynx", ["-accept_all_cookies", "%s"], False),  # no place for it: at the end, as in newsboat
        ("firefox --new-tab %u &", "firefox", ["--new-tab", "%s"], True),
        ("firefox &", "firefox", ["%s"], True),
        ('"/opt/my browser/w3m" "%u"', "/opt/my browser/w3m", ["%s"], False),  # quoted as for a shell
    ],
)
def test_a_browsers_command_line_gets_the_address_where_u_says_else_at_the_end(command, name, args, background):
    found = webbrowser.get(browser_module.with_address(command))
    assert (found.name, found.args, isinstance(found, webbrowser.BackgroundBrowser)) == (name, args, background)


@pytest.mark.parametrize("command", ["xdg-open %u >/dev/null 2>&1 &", "xdg-open %u &>/dev/null &", "xdg-open %u 2>/dev/null >>/dev/null &"])
def test_a_browsers_output_sent_nowhere_is_left_out_of_its_command_line(command):
    """`xdg-open %u >/dev/null 2>&1 &` is a common line of newsboat's config: the app, which keeps a browser's output
    off the terminal itself, refused it, and newsboat's import left the user's browser out."""
    from feeds.config import load_config

    Path(os.environ["NIEUWS_TUI_CONFIG"]).write_text(f'browser = "{command}"\n', encoding="utf-8")
    found = webbrowser.get(browser_module.with_address(load_config().browser))
    assert (found.name, found.args, isinstance(found, webbrowser.BackgroundBrowser)) == ("xdg-open", ["%s"], True)


def test_a_browser_in_the_home_folder_is_found_there_as_newsboats_shell_finds_it(monkeypatch, tmp_path):
    """newsboat's FAQ has its users wrap a browser in ~/bin/newsboat-browser.sh: the app looked for a folder named `~`."""
    monkeypatch.setenv("HOME", str(tmp_path))
    found = webbrowser.get(browser_module.with_address("~/bin/newsboat-browser.sh"))
    assert (found.name, found.args) == (f"{tmp_path}/bin/newsboat-browser.sh", ["%s"])


def test_a_browser_in_the_home_folder_of_no_user_is_passed_over_for_the_next(monkeypatch, tmp_path):
    """`~typo/bin/browser` was read as a folder named `~typo` in the folder the app was started in, and what was
    there run."""
    terminal_browser(tmp_path, monkeypatch, "lynx")
    browser_named(monkeypatch, "lynx")
    monkeypatch.chdir(tmp_path)
    typo = tmp_path / "~geen-gebruiker-hier" / "bin" / "browser"
    typo.parent.mkdir(parents=True)
    typo.write_text("#!/bin/sh\n")
    typo.chmod(typo.stat().st_mode | stat.S_IEXEC)
    first, _in_the_terminal = next(browser_module.browsers("~geen-gebruiker-hier/bin/browser %u"))
    assert first.name == "lynx"


@pytest.mark.parametrize("installed", [True, False], ids=["installed", "not-installed"])
async def test_o_opens_config_tomls_browser_before_the_one_browser_names(seeded_library, tmp_path, monkeypatch, installed):
    """newsboat's `browser "w3m %u"` line, in config.toml: a newsboat user's browser without setting $BROWSER.
    One that is not there leaves the page to $BROWSER's."""
    w3m, lynx = terminal_browser(tmp_path, monkeypatch, "w3m"), terminal_browser(tmp_path, monkeypatch, "lynx")
    browser_named(monkeypatch, "lynx")
    program = "w3m" if installed else tmp_path / "gone" / "w3m"
    Path(os.environ["NIEUWS_TUI_CONFIG"]).write_text(f'browser = "{program} -o confirm_qq=false %u"\n', encoding="utf-8")
    app = reader_app(Library(seeded_library.path), now=lambda: CAPTURED, preferences=Preferences())
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("o")
        opened = w3m if installed else lynx
        await until(pilot, opened.exists, "the browser in the terminal")
        url = app.articles.current.article.url
        assert opened.read_text().split() == (["-o", "confirm_qq=false", url] if installed else [url])
        await until(pilot, lambda: not app.launcher.busy, "the browser's end")
    if installed:
        assert not lynx.exists()


async def test_o_opens_the_browser_config_toml_names_since_the_app_started_once_r_has_read_it_again(seeded_library, tmp_path, monkeypatch):
    """r reads config.toml again for its sources, but o kept the browser it named at start: one named since (after
    o said none was found) went unused until the app was started again."""
    w3m, lynx = terminal_browser(tmp_path, monkeypatch, "w3m"), terminal_browser(tmp_path, monkeypatch, "lynx")
    browser_named(monkeypatch, "lynx")
    app = reader_app(Library(seeded_library.path), now=lambda: CAPTURED, preferences=Preferences())
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    async with app.run_test(size=WIDE) as pilot:
        Path(os.environ["NIEUWS_TUI_CONFIG"]).write_text('browser = "w3m %u"\n', encoding="utf-8")
        await pilot.press("r")
        await refreshed(app, pilot)
        await pilot.press("o")
        await until(pilot, w3m.exists, "config.toml's browser")
        await until(pilot, lambda: not app.launcher.busy, "the browser's end")
    assert not lynx.exists()


@pytest.mark.parametrize(
    ("command", "in_the_terminal"),
    [
        ("~/bin/newsboat-browser.sh %u", True),  # newsboat's FAQ: a script that runs w3m, or mpv for a video
        ("~/bin/newsboat-browser.sh", True),
        ("~/bin/newsboat-browser.sh %u &", False),  # newsboat too starts it in the background
        ("~/bin/firefox --new-tab %u", False),  # a browser known to open a window
        ('"~/my browsers/firefox" %u', False),
    ],
)
async def test_config_tomls_browser_has_the_terminal_as_newsboat_gives_it_unless_it_opens_a_window(seeded_library, tmp_path, monkeypatch, command, in_the_terminal):
    """newsboat runs its browser in the terminal and waits for it, unless its command ends with `&`. The app took a
    program it did not know by name for a browser in a window and started it away from the terminal: w3m run by a
    newsboat user's script could neither draw nor read a key, and o seemed to do nothing."""
    monkeypatch.setenv("HOME", str(tmp_path))
    browser_named(monkeypatch, "")
    opened = tmp_path / "opened.json"
    program = tmp_path / shlex.split(command)[0].removeprefix("~/")
    program.parent.mkdir(parents=True, exist_ok=True)
    program.write_text(f"#!{sys.executable}\nimport json, os, sys, time\ntime.sleep(0.3)\nopen({str(opened)!r}, 'w').write(json.dumps([os.getsid(0), sys.argv[1:]]))\n")
    program.chmod(0o755)
    Path(os.environ["NIEUWS_TUI_CONFIG"]).write_text(f"browser = {json.dumps(command)}\n", encoding="utf-8")
    app = reader_app(Library(seeded_library.path), now=lambda: CAPTURED, preferences=Preferences())
    suspended = suspended_while(app, monkeypatch, opened.exists)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("o")
        await until(pilot, lambda: opened.exists() and opened.read_text() != "", "the browser")
        await until(pilot, lambda: not app.launcher.busy, "the browser's end")
        session, arguments = json.loads(opened.read_text())
        assert arguments[-1] == app.articles.current.article.url
    assert (session == os.getsid(0), suspended) == ((True, [("begun", False), ("ended", True)]) if in_the_terminal else (False, []))


@pytest.mark.parametrize("unreadable", ["w3m '%s", "  "], ids=["unclosed-quote", "blank"])
async def test_o_goes_past_a_browser_entry_webbrowser_cannot_read_to_the_next(seeded_library, tmp_path, monkeypatch, unreadable):
    """webbrowser.get raised ValueError (IndexError) for such an entry of $BROWSER: o ended its thread without a
    word, and did nothing, however often pressed."""
    log = terminal_browser(tmp_path, monkeypatch)
    browser_named(monkeypatch, f"{unreadable}:lynx")
    await o_opens_the_article_in(log, seeded_library, monkeypatch)


def pressed_at(app: NieuwsApp, key: str, at: float) -> None:
    """`key`, as pressed at `at` (time.monotonic), reaching the app now."""
    from textual import events

    event = events.Key(key, key)
    event.time = at
    app.post_message(event)


async def test_o_pressed_again_just_after_a_browser_in_a_window_had_the_page_does_not_open_it_twice(seeded_library, browser):
    """o o, 100 ms apart: the first o's page was handed to the browser in a window within milliseconds, o was free
    again, and the second o opened the page a second time. Another page asked for as soon opens, as does the same
    page asked for by a key pressed a while after."""
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await shown(app, pilot)
        first = time.monotonic()
        pressed_at(app, "o", first)
        await until(pilot, lambda: browser.opened and not app.launcher.busy, "the page handed to the browser")
        said = notices_said(app)
        pressed_at(app, "o", first + 0.1)
        await until(pilot, lambda: "Already opening a web browser." in said, "the refusal")
        pressed_at(app, "j", first + 0.15)
        pressed_at(app, "o", first + 0.2)
        await until(pilot, lambda: len(browser.opened) == 2 and not app.launcher.busy, "the next article's page")
        await asyncio.sleep(0.6)
        await pilot.press("o")
        await until(pilot, lambda: len(browser.opened) == 3, "that page opened again")
        assert browser.opened[0] != browser.opened[1] == browser.opened[2]
        assert said.count("Already opening a web browser.") == 1


async def test_the_pages_opened_in_a_session_are_kept_only_while_a_double_press_could_ask_for_them(seeded_library, browser):
    """The double press's guard kept when every page was handed to the browser, one more for each page opened."""
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await shown(app, pilot)
        first = time.monotonic()
        for number in range(3):  # a second apart: no double press
            pressed_at(app, "o", first + number)
            await until(pilot, lambda number=number: len(browser.opened) == number + 1 and not app.launcher.busy, "the page handed to the browser")
            pressed_at(app, "j", first + number + 0.5)
        assert len(set(browser.opened)) == 3
        assert list(app.launcher.handed_at) == browser.opened[-1:]


def with_lynx(seeded_library, tmp_path: Path, monkeypatch) -> tuple[NieuwsApp, Path]:
    """The app over the seeded library, with $BROWSER's lynx (a stand-in, run in place) and the file it logs to."""
    log = terminal_browser(tmp_path, monkeypatch)
    browser_named(monkeypatch, "lynx")
    app = make_app(seeded_library.path)
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    return app, log


async def test_o_pressed_again_while_a_browser_in_the_terminal_starts_opens_no_second_one(seeded_library, tmp_path, monkeypatch):
    """o o typed together: the second lynx came up once the user had quit the first."""
    app, log = with_lynx(seeded_library, tmp_path, monkeypatch)
    async with app.run_test(size=WIDE) as pilot:
        await shown(app, pilot)
        typed_together(app, "o", "o")
        said = "Already opening a web browser."
        await until(pilot, lambda: any(n.message == said for n in app._notifications), said)
        await until(pilot, lambda: not app.launcher.busy, "the browser's end")
        await pilot.pause()
        assert len(log.read_text().splitlines()) == 1


async def test_an_o_typed_before_a_browser_in_the_terminal_took_it_reaching_the_app_after_it_was_quit_opens_no_second_one(seeded_library, tmp_path, monkeypatch):
    """The second o of `o o` may reach the app only after the first's lynx was quit (o waits for the article's text;
    a key read from the terminal as the app let it go waits for the app's return): it started a second lynx. An o
    typed after it was quit opens the page again."""
    from textual import events

    app, log = with_lynx(seeded_library, tmp_path, monkeypatch)
    async with app.run_test(size=WIDE) as pilot:
        await shown(app, pilot)
        typed_ahead = events.Key("o", "o")  # typed now, handled once the browser is quit
        await pilot.press("o")
        await until(pilot, lambda: log.exists() and not app.launcher.busy, "the browser's end")
        said = notices_said(app)
        app.post_message(typed_ahead)
        await until(pilot, lambda: said == ["Already opening a web browser."], "the refusal")
        await shown(app, pilot)
        await pilot.press("o")
        await until(pilot, lambda: len(log.read_text().splitlines()) == 2, "the browser again")
        assert not app.launcher.busy


@pytest.mark.parametrize("second", ["fails", "opens"])
async def test_o_pressed_again_while_a_browser_in_a_window_fails_leaves_the_terminal_to_the_last_o(seeded_library, tmp_path, monkeypatch, second):
    """BROWSER="firefox:w3m" over ssh, firefox slow to fail: o is free once firefox is handed the page, so o pressed
    again meanwhile was taken, and as each o went on to w3m, a second w3m came up as the user quit the first. The
    last o has the terminal; the first one's page, said to be opening, is said not to be: where firefox opened the
    second, nothing was said, and the user waited for a page that never came."""
    log = terminal_browser(tmp_path, monkeypatch)
    monkeypatch.setattr(browser_module, "OPENED_AFTER", 600.0)  # firefox fails however long the test waits
    go = tmp_path / "go"
    first = tmp_path / "first.txt"
    firefox = tmp_path / "bin" / "firefox"
    opens = "" if second == "fails" else f'[ "$1" = "$(cat {first})" ] || exit 0\n'
    firefox.write_text(f"#!/bin/sh\n{opens}for _ in $(seq 1000); do [ -e {go} ] && break; sleep 0.01; done\nexit 1\n")  # fails when the test says
    firefox.chmod(0o755)
    browser_named(monkeypatch, f"{firefox}:lynx")
    app = make_app(seeded_library.path)
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)

    def handed() -> int:
        return sum(n.message.startswith("Opening") for n in app._notifications)

    async with app.run_test(size=WIDE) as pilot:
        url = app.articles.current.article.url
        first.write_text(url)
        await pilot.press("o")
        await until(pilot, lambda: handed() == 1, "firefox handed the page")
        await pilot.press("j", "o")
        await until(pilot, lambda: handed() == 2, "firefox handed the page again")
        go.touch()
        await until(pilot, lambda: not any(t.name.endswith("(_open_in_browser)") for t in threading.enumerate()), "the browsers' end")
        assert (log.read_text().splitlines() if log.exists() else []) == ([app.articles.current.article.url] if second == "fails" else [])  # the last o's
        assert f"The web browser did not open {url}." in [n.message for n in app._notifications]


@pytest.mark.parametrize("ran", [0.0, 0.5], ids=["failed-at-once", "ended-badly-after-showing-the-page"])
async def test_a_browser_in_a_window_that_ends_badly_after_a_while_opened_the_page(seeded_library, tmp_path, monkeypatch, ran):
    """BROWSER="firefox:lynx": firefox, waited for, is closed or crashes an hour after it showed the page, with a status
    other than 0; lynx then took the terminal, over whatever the user was reading, for a page read long ago."""
    log = terminal_browser(tmp_path, monkeypatch)
    monkeypatch.setattr(browser_module, "OPENED_AFTER", 0.3)
    firefox = tmp_path / "bin" / "firefox"
    firefox.write_text(f"#!/bin/sh\nsleep {ran}\nexit 1\n")
    firefox.chmod(0o755)
    browser_named(monkeypatch, f"{firefox} %s:lynx")
    app = make_app(seeded_library.path)
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("o")
        await until(pilot, lambda: any(n.message.startswith("Opening") for n in app._notifications), "firefox handed the page")
        await until(pilot, lambda: not any(t.name.endswith("(_open_in_browser)") for t in threading.enumerate()), "the browsers' end")
        assert log.exists() == (ran == 0.0)


@pytest.mark.parametrize(
    ("script", "opened"),
    [
        ("exit 0", True),  # handed the page to a browser already running, or started one in the background
        ("exit 1", False),
        ("sleep 0.1\nexit 1", False),  # failed before a browser could show the page
        ("sleep 2\nexit 1", True),  # ran as long as a browser takes to show the page: ended badly afterwards
    ],
    ids=["returns-at-once", "fails-at-once", "fails-soon", "ends-badly-later"],
)
async def test_a_browser_started_in_the_background_that_returns_at_once_opened_the_page(seeded_library, tmp_path, monkeypatch, script, opened):
    """`browser = "~/bin/b.sh %u &"`, a newsboat user's wrapper that starts the browser and returns at once: the app
    said the browser did not open the page and had $BROWSER's lynx open it a second time."""
    log = terminal_browser(tmp_path, monkeypatch)
    browser_named(monkeypatch, "lynx")
    monkeypatch.setattr(browser_module, "OPENED_AFTER", 1.0)

    class Busy(subprocess.Popen):
        """On a machine busy elsewhere, the wrapper has returned by the time the app looks: then it was said to fail."""

        def __init__(self, *args, **options) -> None:
            super().__init__(*args, **options)
            time.sleep(0.3)

    monkeypatch.setattr(subprocess, "Popen", Busy)
    ran = tmp_path / "ran.log"
    wrapper = tmp_path / "b.sh"
    wrapper.write_text(f'#!/bin/sh\necho "$@" >> {ran}\n{script}\n')
    wrapper.chmod(0o755)
    Path(os.environ["NIEUWS_TUI_CONFIG"]).write_text(f'browser = "{wrapper} %u &"\n', encoding="utf-8")
    app = reader_app(Library(seeded_library.path), now=lambda: CAPTURED, preferences=Preferences())
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    async with app.run_test(size=WIDE) as pilot:
        url = app.articles.current.article.url
        await pilot.press("o")
        await until(pilot, lambda: any(n.message.startswith("Opening") for n in app._notifications), "the wrapper handed the page")
        await until(pilot, lambda: not any(t.name.endswith("(_open_in_browser)") for t in threading.enumerate()), "the browsers' end")
        await until(pilot, lambda: not app.launcher.busy, "the browser's end")
        assert ran.read_text().split() == [url]
        assert (log.exists(), any(n.message.startswith("The web browser did not open") for n in app._notifications)) == (not opened, False)


async def test_q_after_o_quits_without_starting_the_browser(seeded_library, tmp_path, monkeypatch):
    """o q: lynx took the terminal while the app was going, writing the marks made before q."""
    log = terminal_browser(tmp_path, monkeypatch)
    browser_named(monkeypatch, "lynx")
    app = make_app(seeded_library.path)
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    found, looked_for = webbrowser.get, threading.Event()

    def found_once_quitting(name=None):  # (the browser is found on a thread of its own, while q acts)
        deadline = time.monotonic() + 10
        while not app._leaving and time.monotonic() < deadline:
            time.sleep(0.01)
        looked_for.set()
        return found(name)

    monkeypatch.setattr(webbrowser, "get", found_once_quitting)
    async with app.run_test(size=WIDE) as pilot:
        async with engine_held(app, pilot):  # the marks wait behind it: the app is still there as the browser is found
            await pilot.press("m", "o", "q")
            await until(pilot, lambda: looked_for.is_set() and not any(t.name.endswith("(_open_in_browser)") for t in threading.enumerate()), "the browser's turn")
        await until(pilot, lambda: not app.is_running, "the app's end")
    assert not log.exists()


async def test_o_says_it_opens_the_page_once_whichever_browser_in_a_window_opens_it(seeded_library, monkeypatch):
    chromium, firefox = Browser("chromium", works=False), Browser("firefox")
    monkeypatch.setenv("BROWSER", "chromium:firefox")
    monkeypatch.setattr(webbrowser, "get", lambda name=None: {"chromium": chromium, "firefox": firefox}[name])
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("o")
        await until(pilot, lambda: firefox.opened, "firefox")
        await pilot.pause()
        assert chromium.opened == firefox.opened
        assert [n.message for n in app._notifications if n.message.startswith("Opening")] == [f"Opening {firefox.opened[0]}"]


@pytest.mark.parametrize(("display", "in_the_terminal"), [(None, True), (":0", False)])
def test_a_wrapper_starts_a_browser_in_the_terminal_only_where_there_is_no_desktop(monkeypatch, display, in_the_terminal):
    from tui.browser import in_this_terminal

    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    if display:
        monkeypatch.setenv("DISPLAY", display)
    else:
        monkeypatch.delenv("DISPLAY", raising=False)
    assert in_this_terminal(Browser("sensible-browser")) is in_the_terminal
    assert in_this_terminal(Browser("/usr/bin/xdg-open")) is in_the_terminal
    assert in_this_terminal(Browser("lynx")) and not in_this_terminal(Browser("firefox"))


def test_a_browser_that_dies_leaving_the_terminal_raw_gives_it_back_as_it_was(monkeypatch):
    """A w3m killed mid-page leaves the terminal raw and without echo: the app, come back, took that for the mode
    to give the shell at its end, whose prompt then showed no typing and its lines in a staircase."""
    import sys
    import termios

    from tui.browser import run_in_this_terminal

    leader, follower = os.openpty()
    terminal = os.fdopen(follower, "r")
    try:
        monkeypatch.setattr(sys, "__stdin__", terminal)
        before = termios.tcgetattr(follower)
        assert before[3] & termios.ECHO
        status = run_in_this_terminal(["sh", "-c", f'stty raw -echo < "{os.ttyname(follower)}"; kill -9 $$'])
        assert status == -signal.SIGKILL
        assert termios.tcgetattr(follower) == before
    finally:
        terminal.close()
        os.close(leader)


async def test_a_scheduled_refresh_that_comes_as_the_app_shuts_down_starts_nothing(library_path):
    """The refresh-minutes timer ticked while the app closed, and the refresh looked for a status line already gone."""
    app = NieuwsApp(Library(library_path), now=lambda: CAPTURED, preferences=Preferences(), refresh_minutes=60)
    async with app.run_test(size=WIDE):
        pass
    app._refresh_on_schedule()
    assert not app.fetching


async def test_the_readers_meta_line_is_muted_as_read_rows_are_and_follows_a_theme_chosen_while_shown(seeded_library):
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await open_the_first(app, pilot)
        for theme in ("textual-dark", "textual-light"):
            app.theme = theme
            await settle(app, pilot)
            title, meta = [next(s.style.color for s in line if s.text.strip()) for line in shown_lines(app.reader.query_one("#reader-text"), 2)]
            assert meta == app.articles.style("dim").color and title != meta, theme


async def test_the_readers_text_is_made_once_per_article_not_again_at_each_focus_or_resize(seeded_library, monkeypatch):
    """An article of thousands of paragraphs takes seconds to make; the reader made it anew at every drawing, so
    that tab between the list and the reader, or a resize, took seconds more. A theme still makes it anew."""
    import tui.widgets.reader as reader

    made = []

    def made_anew(article, entry, now, source_title=None, style=reader.unstyled, reading=False, keys=None, text_source_title=None, width=0):
        made.append(article.title)
        return reader.Content.assemble((article.title, style("title")))

    monkeypatch.setattr(reader, "article_content", made_anew)
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await open_the_first(app, pilot)
        opened = len(made)
        assert opened >= 1
        await pilot.press("tab")
        await settle(app, pilot)
        await pilot.resize_terminal(WIDE[0] - 10, WIDE[1])
        await settle(app, pilot)
        assert len(made) == opened
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await settle(app, pilot)
        assert len(made) > opened


async def test_a_resize_draws_only_the_lines_of_a_long_article_on_screen(library_path, monkeypatch):
    """The reader drew all of an article at every drawing: with 10,000 paragraphs open, six resizes in a row, as
    dragging a window's edge makes, froze the app for seconds. It draws the lines on screen, and cuts the text
    into lines once per width."""
    from textual.content import Content

    body = tuple(Block("paragraph", f"Alinea {number}: " + "De dijk bij Vlissingen wordt versterkt. " * 4) for number in range(2_000))
    Library(library_path).add([(article("Heel lang artikel", body=body), CAPTURED)])
    drawn = []
    render = Content.render

    def counted(self, *args, **kwargs):
        drawn.append(self)
        return render(self, *args, **kwargs)

    app = make_app(library_path)
    async with app.run_test(size=WIDE) as pilot:
        await open_the_first(app, pilot)
        await pilot.press("tab")
        monkeypatch.setattr(Content, "render", counted)
        for size in (NARROW, (60, 20), WIDE):
            await pilot.resize_terminal(*size)
        await settle(app, pilot)
        assert 0 < len(drawn) < 20 * sum(height for _, height in (NARROW, (60, 20), WIDE))
        assert "Alinea 0:" in "".join(strip.text for strip in app.reader.query_one("#reader-text").render_lines(Region(0, 0, 80, 40)))


async def test_a_long_article_is_cut_into_lines_at_a_new_width_off_the_apps_thread_showing_the_last_width_meanwhile(library_path, monkeypatch):
    """Each width a long article had not been shown at before cut all of its text into lines on the app's thread: with
    10,000 paragraphs open, most of a second of keys held up at every step of a resize."""
    from tui.widgets import reader

    body = tuple(Block("paragraph", f"Alinea {number}: " + "De dijk bij Vlissingen wordt versterkt. " * 4) for number in range(2_000))
    Library(library_path).add([(article("Heel lang artikel", body=body), CAPTURED)])
    cut_on, slow, cutting, divide_line = set(), threading.Event(), threading.Event(), reader.divide_line
    cut_on_the_apps_thread = []  # the characters of each line cut there

    def divided(text: str, width: int, fold: bool) -> list[int]:
        if slow.is_set() and threading.current_thread() is not threading.main_thread():
            cutting.wait(10)  # a cut that takes its time
        cut_on.add((width, threading.current_thread()))
        if threading.current_thread() is threading.main_thread():
            cut_on_the_apps_thread.append(len(text))
        return divide_line(text, width, fold=fold)

    monkeypatch.setattr(reader, "divide_line", divided)
    app = make_app(library_path)
    async with app.run_test(size=WIDE) as pilot:
        await open_the_first(app, pilot)
        text = app.reader.query_one("#reader-text", reader.ArticleText)
        first = text.size.width
        # Cut at its first width as it was made, off the app's thread; there, only what the list knew, shown meanwhile.
        assert any(width == first and thread is not threading.main_thread() for width, thread in cut_on)
        assert sum(cut_on_the_apps_thread) < 1_000
        before, shown_before = reader_text(app), text.lines(first)
        cut_on.clear()
        slow.set()
        await pilot.resize_terminal(70, WIDE[1])
        await pilot.pause()
        narrower = text.size.width
        assert narrower < first and text.lines(narrower) == shown_before and not cut_on  # meanwhile: the lines of the width before
        assert all(strip.cell_length <= narrower for strip in text.render_lines(Region(0, 0, narrower, 10)))  # cut off at the edge
        cutting.set()
        await shown(app, pilot)  # (the cutting's worker)
        [(width, thread)] = cut_on
        assert width == narrower and thread is not threading.main_thread()
        assert text.lines(narrower) == reader.cut(text._wrapped[1], narrower) and text.virtual_size.height == len(text.lines(narrower))
        assert reader_text(app) == before  # the same text, in lines of the new width


def long_article_with_links(title: str, **fields) -> Article:
    """A feed item of 5 MB (within max-size) whose text has its 200 links' words all through it."""
    from feeds.model import Link

    body = tuple(Block("paragraph", f"Alinea {number}: " + "De dijk bij Vlissingen wordt versterkt. " * 25) for number in range(5_000))
    links = tuple(Link(f"https://e.example/{number}", "Vlissingen") for number in range(200))
    return article(title, body=body, links=links, **fields)


def making_held(monkeypatch) -> tuple[threading.Event, threading.Event]:
    """The links' marks of a text made off the app's thread wait for the second event; the first says they do."""
    from tui.widgets import reader

    started, go_on, link_marks = threading.Event(), threading.Event(), reader.link_marks

    def held(texts, links):
        if threading.current_thread() is not threading.main_thread():
            started.set()
            go_on.wait(10)
        return link_marks(texts, links)

    monkeypatch.setattr(reader, "link_marks", held)
    return started, go_on


async def test_a_long_article_is_made_off_the_apps_thread_the_keys_answered_meanwhile_and_shown_whole_once_made(library_path, monkeypatch):
    """An article's links' marks and styled parts were made on the app's thread: a feed item of 10 MB held every key
    up for a second or two. Meanwhile the reader shows what the list knows of it, never half of it."""
    from tui.widgets import reader

    Library(library_path).add([(long_article_with_links("Heel lang artikel"), CAPTURED)])
    started, go_on = making_held(monkeypatch)
    app = make_app(library_path)
    async with app.run_test(size=WIDE) as pilot:
        await shown(app, pilot)
        await pilot.press("enter")
        await until(pilot, started.is_set, "the making of the text off the app's thread")
        focused = app.focused
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is not focused  # the key answered while the text is being made
        assert reader_text(app).startswith("Heel lang artikel") and "Reading the article's text" in reader_text(app) and "Alinea" not in reader_text(app)
        go_on.set()
        await until(pilot, lambda: app.reader.query_one("#reader-text")._coming is None, "the article's text made")
        text = app.reader.query_one("#reader-text", reader.ArticleText)
        shown_content = text.render()
        monkeypatch.undo()
        made_at_once = reader.made_with(text.text, text.part_style)[1]  # as it was made on the app's thread
        assert shown_content.plain == made_at_once.plain and shown_content.spans == made_at_once.spans
        assert "Alinea 4999:" in shown_content.plain and "Vlissingen[200]" in shown_content.plain and "Reading" not in shown_content.plain


def a_long_article_and_a_short_one(library_path: Path) -> Path:
    """The library with a long article (made off the app's thread) and a short one after it."""
    Library(library_path).add([
        (long_article_with_links("Heel lang artikel", published=CAPTURED), CAPTURED),
        (article("Kort artikel", lead="Een korte aanhef.", published=CAPTURED - timedelta(hours=1)), CAPTURED),
    ])  # fmt: skip
    return library_path


async def opening_the_long_one(app: NieuwsApp, pilot, started: threading.Event) -> None:
    """The long article opened, its text being made (and held there: making_held)."""
    await shown(app, pilot)
    await pilot.press("enter")
    await until(pilot, started.is_set, "the making of the text off the app's thread")


async def test_an_article_moved_on_from_while_its_long_text_is_being_made_is_not_shown_when_it_is_made(library_path, monkeypatch):
    """n (or j and enter) through long articles: each is made off the app's thread, and one made after the reader
    moved on to another is not shown in its place."""
    started, go_on = making_held(monkeypatch)
    app = make_app(a_long_article_and_a_short_one(library_path))
    async with app.run_test(size=WIDE) as pilot:
        await opening_the_long_one(app, pilot, started)
        await pilot.press("n")
        await until(pilot, lambda: "Een korte aanhef." in reader_text(app), "the next article's text")
        go_on.set()
        await until(pilot, lambda: not any(worker.is_running for worker in app.workers), "the long text made")
        await pilot.pause()
        assert reader_text(app).startswith("Kort artikel") and "Alinea" not in reader_text(app)


async def test_space_while_a_long_text_is_being_made_pages_it_once_made_not_the_next_article(library_path, monkeypatch):
    """What the reader shows while a long text is made is short, and space at its end opened the next unread
    article: the user, paging through, skipped the one just opened. It waits for the text, as for one being read."""
    started, go_on = making_held(monkeypatch)
    app = make_app(a_long_article_and_a_short_one(library_path))
    async with app.run_test(size=WIDE) as pilot:
        await opening_the_long_one(app, pilot, started)
        await pilot.press("space")
        await pilot.pause()
        assert app.current is not None and app.current.article.title == "Heel lang artikel" and app.reader.scroll_y == 0
        go_on.set()
        await until(pilot, lambda: "Alinea 4999" in reader_text(app) and app.reader.scroll_y > 0, "a page of the long text, once made")
        assert app.current.article.title == "Heel lang artikel"


async def test_space_while_a_long_articles_text_is_read_pages_it_once_read_and_made(library_path, monkeypatch):
    """Read from the library, a long text is made off the app's thread: the space that waited for the reading ran
    while it was made, and was dropped."""
    app = make_app(a_long_article_and_a_short_one(library_path))
    async with app.run_test(size=WIDE) as pilot:
        await shown(app, pilot)
        read = await opening_with_its_text_held(app, pilot, monkeypatch)
        await pilot.press("space")
        await pilot.pause()
        read()
        await until(pilot, lambda: "Alinea 4999" in reader_text(app) and app.reader.scroll_y > 0, "a page of the long text, once read and made")
        assert app.current.article.title == "Heel lang artikel"


async def opening_with_its_text_held(app: NieuwsApp, pilot, monkeypatch) -> Callable[[], None]:
    """The highlighted article opened, its text asked of the library and held there; what lets it be read."""
    held = []
    read_article = app.library_view.read_article
    monkeypatch.setattr(app.library_view, "read_article", lambda entry, *then: held.append((entry, then)))
    await pilot.press("enter")
    await until(pilot, lambda: held, "the article's text asked for")

    def read() -> None:
        monkeypatch.undo()
        [(entry, then)] = held
        read_article(entry, *then)

    return read


async def test_space_while_an_articles_text_is_read_pages_through_it_once_read(library_path, monkeypatch):
    """What the list knows of an article ends at once, and space at its end, while the text was read, opened the
    next unread article: the one just opened was skipped. Space waits for the text, as `o` does."""
    body = tuple(Block("paragraph", f"Alinea {number}: " + "De dijk bij Vlissingen wordt versterkt. " * 4) for number in range(100))
    Library(library_path).add([
        (article("Lang artikel", body=body, published=CAPTURED), CAPTURED),
        (article("Kort artikel", lead="Een korte aanhef.", published=CAPTURED - timedelta(hours=1)), CAPTURED),
    ])  # fmt: skip
    app = make_app(library_path)
    async with app.run_test(size=WIDE) as pilot:
        await shown(app, pilot)
        read = await opening_with_its_text_held(app, pilot, monkeypatch)
        await pilot.press("space")
        await pilot.pause()
        assert app.current.article.title == "Lang artikel"
        read()
        await until(pilot, lambda: app._text_pending is None and app.reader.scroll_y > 0, "a page of the text, once read")
        assert app.current.article.title == "Lang artikel"


@pytest.mark.parametrize(("size", "back"), [(WIDE, "q"), (NARROW, "escape"), (WIDE, "slash"), (NARROW, "slash")])
async def test_space_while_an_articles_text_is_read_and_then_back_to_the_list_opens_nothing(library_path, monkeypatch, size, back):
    """The space waited for the text, and ran when it came with the user back in the list: it opened the next
    unread article, and marked it read."""
    Library(library_path).add([
        (article("Eerste artikel", lead="Een aanhef.", published=CAPTURED), CAPTURED),
        (article("Tweede artikel", lead="Nog een aanhef.", published=CAPTURED - timedelta(hours=1)), CAPTURED),
    ])  # fmt: skip
    app = make_app(library_path)
    async with app.run_test(size=size) as pilot:
        await shown(app, pilot)
        read = await opening_with_its_text_held(app, pilot, monkeypatch)
        await pilot.press("space", back)
        await pilot.pause()
        read()
        await until(pilot, lambda: app._text_pending is None, "the text read")
        await pilot.pause()
        assert not app.has_class("-reading")
        assert [e.read for e in Library(library_path).entries()] == [True, False]


async def test_a_long_article_shown_anew_shows_what_the_list_knows_of_it_while_made_not_the_article_before(monkeypatch):
    """The reader given a long article whole at once (not after what the list knows of it, as the app gives it):
    the article before stayed on screen while the new one was made."""
    from textual.app import App

    from tui.widgets import reader

    started, go_on = making_held(monkeypatch)

    class Reading(App[None]):
        def compose(self):
            yield reader.ArticleReader()

    async with Reading().run_test() as pilot:
        shown_reader = pilot.app.query_one(reader.ArticleReader)
        short = article("Kort artikel", lead="Een korte aanhef.")
        shown_reader.show(short, Entry(short), CAPTURED)
        await pilot.pause()
        long = long_article_with_links("Heel lang artikel")
        shown_reader.show(long, Entry(long), CAPTURED)
        await until(pilot, started.is_set, "the making of the text off the app's thread")
        text = str(shown_reader.query_one(reader.ArticleText).render())
        assert text.startswith("Heel lang artikel") and "Reading the article's text" in text and "Kort" not in text and "Alinea" not in text
        go_on.set()
        await until(pilot, lambda: "Alinea 4999:" in str(shown_reader.query_one(reader.ArticleText).render()), "the article's text made")


async def test_a_theme_chosen_with_a_long_article_open_styles_it_anew_off_the_apps_thread(library_path, monkeypatch):
    """Its styles as they were until it is made in the new ones."""
    from tui.widgets import reader

    Library(library_path).add([(long_article_with_links("Heel lang artikel"), CAPTURED)])
    app = make_app(library_path)
    async with app.run_test(size=WIDE) as pilot:
        await open_the_first(app, pilot)
        text = app.reader.query_one("#reader-text", reader.ArticleText)
        before = text.render()
        started, go_on = making_held(monkeypatch)
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await until(pilot, started.is_set, "the making of the text off the app's thread")
        assert text.render() is before
        go_on.set()
        await until(pilot, lambda: text._coming is None, "the article's text made")
        after = text.render()
        assert after.plain == before.plain and after.spans != before.spans
        assert text._made is not None and all(text.part_style(part) == style for part, style in text._made[1].items())


async def test_a_theme_chosen_while_a_long_articles_new_marks_are_being_made_shows_them_once_made(monkeypatch):
    """The theme made the text shown before anew, in place of the one on its way: the star just given was not shown."""
    from textual.app import App

    from tui.widgets import reader

    class Reading(App[None]):
        def compose(self):
            yield reader.ArticleReader()

    async with Reading().run_test() as pilot:
        shown_reader = pilot.app.query_one(reader.ArticleReader)
        text = shown_reader.query_one(reader.ArticleText)
        long = long_article_with_links("Heel lang artikel")
        shown_reader.show(long, Entry(long), CAPTURED)
        await until(pilot, lambda: text._coming is None, "the article's text made")
        started, go_on = making_held(monkeypatch)
        shown_reader.show(long, Entry(long, starred=True), CAPTURED, keep_scroll=True)
        await until(pilot, started.is_set, "the making of the text off the app's thread")
        pilot.app.theme = "textual-light" if pilot.app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        text.render()
        go_on.set()
        await until(pilot, lambda: text._coming is None and not any(worker.is_running for worker in pilot.app.workers), "the article's text made")
        assert reader.STAR_MARK in text.render().plain.splitlines()[1]


async def test_a_cut_of_a_long_text_made_after_another_text_came_leaves_the_widths_being_cut_of_the_new_one_alone(monkeypatch):
    """The cut of the text before, at a width the new text was being cut at too, took that width off the new text's
    widths being cut: the new text was cut at it a second time."""
    from textual.app import App
    from textual.content import Content, Style

    from tui.widgets import reader

    asked: list[tuple[str, int]] = []  # the cuts set going off the app's thread: the text's first word, the width
    monkeypatch.setattr(reader.ArticleText, "_cut_aside", lambda self, content, text_lines, width: asked.append((content.plain.split()[0], width)))

    class Reading(App[None]):
        def compose(self):
            yield reader.ArticleText(lambda part: Style())

    def long_text(word: str) -> Callable[[object], Content]:
        text = Content("\n".join(f"{word} {number}: " + "De dijk bij Vlissingen wordt versterkt. " * 4 for number in range(1_000)))
        assert len(text) > reader.CUT_ASIDE
        return lambda style: text

    async with Reading().run_test() as pilot:
        text = pilot.app.query_one(reader.ArticleText)
        text.show(long_text("Oud"))
        text.lines(100)  # its first width, cut at once
        text.lines(80)  # a new one, cut aside
        old_content, old_lines = text._wrapped[:2]
        text.show(long_text("Nieuw"))
        text.lines(100)
        text.lines(80)
        text._lines_cut(reader.LinesCut(old_content, 80, reader.cut(old_lines, 80)))  # the text before's cut, come late
        text.lines(80)
        assert asked == [("Oud", 80), ("Nieuw", 80)]  # the new text's cut at 80 is on its way still
        new_content, new_lines = text._wrapped[:2]
        text._lines_cut(reader.LinesCut(new_content, 80, reader.cut(new_lines, 80)))
        assert text.lines(80) == reader.cut(new_lines, 80)


async def test_a_reader_squeezed_to_nothing_draws_nothing_and_keeps_a_few_widths_of_its_lines(seeded_library):
    """Cutting the text into lines at width 0 raised ValueError (the app ended with a traceback at 4 columns), and
    every width of a drag was kept, each with a copy of every line: hundreds of MB for a long article."""
    from tui.widgets.reader import WIDTHS_KEPT, ArticleText

    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await open_the_first(app, pilot)
        await pilot.resize_terminal(4, 3)
        await settle(app, pilot)
        await pilot.resize_terminal(*WIDE)
        await settle(app, pilot)
        text = app.reader.query_one("#reader-text", ArticleText)
        by_width = {width: text.lines(width) for width in range(40)}
        assert text._wrapped is not None and len(text._wrapped[2]) == WIDTHS_KEPT
        assert all(line is text._wrapped[1][number] for lines in by_width.values() for number, line, _, _, _ in lines)  # one copy


async def test_the_reader_draws_a_wrapped_quotations_marks_and_a_wrapped_items_indent_on_each_of_its_lines(library_path):
    """At 80x24 line 2 of a long quotation started at column 0, read as the writer's own words; a nested item showed its
    parent's bullet again."""
    from tui.widgets import reader

    quote = "> " + "Dit is een heel lange quote die over meer dan een regel loopt. " * 3
    body = (Block("paragraph", quote), Block("paragraph", "> Nog een alinea van de quote."), Block("paragraph", "• Fruit"), Block("paragraph", "• • " + "appel " * 30))
    Library(library_path).add([(article("Citaat", body=body), CAPTURED)])
    app = make_app(library_path)
    async with app.run_test(size=NARROW) as pilot:
        await open_the_first(app, pilot)
        text = app.reader.query_one("#reader-text", reader.ArticleText)
        drawn = [strip.text.rstrip() for strip in text.render_lines(Region(0, 0, text.size.width, len(text.lines(text.size.width))))]
    start = next(at for at, line in enumerate(drawn) if line.startswith("> Dit"))
    quoted = drawn[start : drawn.index("> Nog een alinea van de quote.") + 1]
    assert len(quoted) > 4 and all(line.startswith(">") for line in quoted) and ">" in quoted
    fruit = drawn.index("• Fruit")
    assert drawn[fruit + 1].startswith("  • appel") and drawn[fruit + 2].startswith("    appel")


async def test_U_counts_only_the_articles_it_made_unread_again_not_one_made_unread_since_M(seeded_library):
    """M, then m on an article (unread again), then U said "16 articles are unread again": 15 were."""
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await shown(app, pilot)
        for key in ("M", "m", "U"):
            await pilot.press(key)
            await settle(app, pilot)
        assert [n.message for n in app._notifications][-2:] == ["Marked 16 articles read. Press U to undo.", "15 articles are unread again."]
        assert app.library_view.unread == 16


async def test_the_errors_export_and_keys_screens_footer_shows_their_own_keys_not_the_apps(seeded_library):
    """Under the E and e dialogs the app's footer said "q Quit", where q closes the one and is typed into the other;
    under the keys screen it said "m Read s Star u Unread only r Refresh" too, keys that do nothing there."""
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await shown(app, pilot)
        for key, dialog, own_keys in (("E", "ErrorsScreen", {"escape": "Close"}), ("e", "ExportScreen", {"escape": "Cancel"}), ("question_mark", "HelpScreen", {"escape": "Close"})):
            await pilot.press(key)
            await until(pilot, lambda dialog=dialog: type(app.screen).__name__ == dialog, dialog)
            await pilot.pause()
            shown_keys = {footer_key.key: footer_key.description for footer_key in app.screen.query(FooterKey) if footer_key.region.bottom == WIDE[1]}
            assert shown_keys == own_keys, dialog
            await pilot.press("escape")
            await until(pilot, lambda: app.screen is app.screen_stack[0], "the list again")


async def test_every_wrong_keys_entry_is_said_at_start_and_the_good_remaps_are_kept(seeded_library):
    """A key no terminal sends (ctrl+shift+nonsense) was taken silently and the binding had no key left; and one
    wrong setting made the app drop every [keys] remap and say that one only, one problem per start."""
    import os

    config = Path(os.environ["NIEUWS_TUI_CONFIG"])
    config.write_text('refresh-minutes = -5\n\n[keys]\nhelp = "ctrl+shift+nonsense"\ntoggle_star = 5\nsearch = ""\nnext_unread = "n,N"\n', encoding="utf-8")
    app = reader_app(Library(seeded_library.path), now=lambda: CAPTURED, preferences=Preferences())
    async with app.run_test(size=WIDE) as pilot:
        await shown(app, pilot)
        said = [n.message for n in app._notifications if n.severity == "warning"]
        assert any("keys.toggle_star" in m for m in said) and any("refresh-minutes" in m for m in said)
        assert "config.toml [keys]: help = “ctrl+shift+nonsense”: no key is called ctrl+shift+nonsense; it keeps its own key (help = \"\" gives it none)" in said
        assert not any("only the app reads" in m for m in said)  # as fetch says them, which ignores them
        assert len(said) == 3  # search = "": no key, on purpose
        assert app.keymap == {"next_unread": "n,N", "search": ""}
        await pilot.press("question_mark")  # help kept its own key
        await until(pilot, lambda: type(app.screen).__name__ == "HelpScreen", "the keys screen")


async def test_help_and_the_palette_name_another_bindings_key_as_config_toml_maps_it(seeded_library):
    """With mark_all_read on "m" they still said "Undo the last M", where M did nothing."""
    app = NieuwsApp(Library(seeded_library.path), now=lambda: CAPTURED, preferences=Preferences(), keys={"mark_all_read": "m", "toggle_read": "x"})
    async with app.run_test(size=WIDE) as pilot:
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert "Undo the last m or C" in titles and not any("Undo the last M" in title for title in titles)
        await pilot.press("question_mark")
        await until(pilot, lambda: type(app.screen).__name__ == "HelpScreen", "the keys screen")
        assert ("U", "Undo the last m or C  [undo_mark_all]") in help_rows(app)


async def test_the_refresh_status_names_a_source_still_under_way_not_one_done_long_ago(seeded_library):
    """With a slow source among others, the status line said for 40 s how a source that had ended long before went."""
    from feeds.config import Source
    from feeds.web.fetch import Progress, SourceResult

    slow, quick = Source("http://127.0.0.1:9/slow.xml"), Source("http://127.0.0.1:9/quick.xml")
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await shown(app, pilot)
        app.fetching, app._refresh_progress = True, (0, 2)
        for event in (Progress(slow, "fetching"), Progress(quick, "fetching"), SourceResult(quick, error="host not found (DNS)")):
            app._refresh_event(event)  # as the refresh's thread hands them over
        assert status_text(app) == "Refreshing 1/2: http://127.0.0.1:9/slow.xml — fetching"
        app._refresh_event(SourceResult(slow, new=3))
        assert status_text(app) == "Refreshing 2/2: http://127.0.0.1:9/slow.xml — 3 new, 0 updated"


@pytest.mark.parametrize(
    ("held", "said"),
    [("store", "Refreshing 0/1: {url} — storing"), ("finish", "Refreshing — finishing")],
    ids=["a source fetched is being stored, not fetched", "the refresh is finishing once its last source is stored"],
)
async def test_the_refresh_status_says_what_the_refresh_does_while_it_stores(library_path, httpserver, monkeypatch, held, said):
    """A big feed fetched, its thousands of articles being stored for seconds, the status line still said "— fetching";
    the last source stored, it went on saying it ("— 2 new, 0 updated") for the seconds the refresh took to prune and
    commit 100,000 articles, as though that source were still being fetched."""
    from feedkit import RSS2

    from feeds.config import Source
    from feeds.config import save_sources as save

    reached, may_go_on = threading.Event(), threading.Event()
    step = getattr(FetchRun, held)

    def slow(run, *args):
        reached.set()
        may_go_on.wait(timeout=30)
        return step(run, *args)

    httpserver.expect_request("/feed").respond_with_data(RSS2, content_type="application/rss+xml")
    save([Source(httpserver.url_for("/feed"))])
    monkeypatch.setattr(FetchRun, held, slow)
    app = make_app(library_path)
    async with app.run_test(size=WIDE) as pilot:
        try:
            await pilot.press("r")
            await until(pilot, reached.is_set, f"the refresh's {held}")
            await pilot.pause()
            assert status_text(app) == said.format(url=httpserver.url_for("/feed"))
        finally:
            may_go_on.set()
        await refreshed(app, pilot)
        assert status_text(app) == ""


async def test_while_a_teasers_text_is_read_the_reader_says_so_not_that_there_is_no_more(library_path, monkeypatch):
    """A feed item of 10,000 paragraphs showed "Summary only: the feed carries no more" for a second, then its text."""
    from tui.widgets.reader import READING_NOTE, SUMMARY_NOTE

    Library(library_path).add([(article("Lang feeditem", kind="teaser", url="https://example.org/lang", body=(Block("paragraph", "De eerste alinea."),)), CAPTURED)])
    reading = threading.Event()
    read = Library.article
    monkeypatch.setattr(Library, "article", lambda library, article_id: reading.wait(10) and read(library, article_id))
    app = make_app(library_path)
    async with app.run_test(size=WIDE) as pilot:
        await shown(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert READING_NOTE in reader_text(app) and SUMMARY_NOTE[0].split(":")[0] not in reader_text(app)
        reading.set()
        await settle(app, pilot)
        assert "De eerste alinea." in reader_text(app) and READING_NOTE not in reader_text(app)


async def test_the_toast_after_M_names_the_undo_key_as_config_toml_maps_it(seeded_library):
    """It said "Press U to undo" with undo_mark_all remapped, where U did nothing."""
    app = NieuwsApp(Library(seeded_library.path), now=lambda: CAPTURED, preferences=Preferences(), keys={"undo_mark_all": "z"})
    async with app.run_test(size=WIDE) as pilot:
        await shown(app, pilot)
        await pilot.press("M")
        await until(pilot, lambda: any("to undo" in n.message for n in app._notifications), "the toast after M")
        [toast] = [n.message for n in app._notifications if "to undo" in n.message]
        assert toast.endswith("Press z to undo.")


def tooltip_of(widget, name: str) -> str:
    return next(binding.tooltip for bindings in widget._bindings.key_to_bindings.values() for binding in bindings if binding.id == name)


async def test_every_note_placeholder_and_tooltip_names_a_key_as_config_toml_maps_it(library_path):
    """They said "Press r", "press enter", "Press ?", "escape clears", "q again quits" and the like whatever [keys] said."""
    teaser = article("Een teaser", kind="teaser", url="https://www.zeelandnet.nl/nieuws/een-teaser", body=())
    summary = article("Een samenvatting", kind="teaser", url="https://example.org/samenvatting", body=())
    keys = {"refresh": "R", "open_in_browser": "w", "unread_only": "v", "toggle_star": "x", "back": "ctrl+b", "search.cancel": "ctrl+g", "list.open": "l", "help": "h", "quit": "Q"}
    empty = NieuwsApp(Library(library_path), now=lambda: CAPTURED, preferences=Preferences(), keys={**keys, "nxet_unread": "J"})
    async with empty.run_test(size=WIDE) as pilot:
        await shown(empty, pilot)
        assert empty.articles.empty_message.endswith("\nor press R to refresh your sources.")
        assert "config.toml [keys]: there is no key binding called “nxet_unread”; press h for their names" in [n.message for n in empty._notifications]
    Library(library_path).add([(teaser, CAPTURED), (summary, CAPTURED)])
    app = NieuwsApp(Library(library_path), now=lambda: CAPTURED, preferences=Preferences(), keys=keys)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await shown(app, pilot)
        assert reader_text(app) == "Choose an article and press l to read it.\nPress h for all keys."
        assert app.query_one("#search").placeholder == "Search titles and text, -word leaves out (ctrl+g clears)"
        assert tooltip_of(app.articles, "list.close_article") == "Close the article beside the list (as in newsboat; then Q quits)"
        assert tooltip_of(app.reader, "reader.back") == "Back to the list (as in newsboat; Q in the list quits)"
        for title, note in (("Een teaser", "Press R to fetch your sources"), ("Een samenvatting", "Press w to read it in your browser.")):
            app.set_focus(app.articles)  # (back from the reader the first one opened gave the keys)
            app.articles.move_to(next(i for i, e in enumerate(app.articles.items) if e.article.title == title))
            await pilot.press("l")
            await settle(app, pilot)
            assert note in reader_text(app), title
        await pilot.press("slash", *"zzz")
        await shown(app, pilot)
        assert app.articles.empty_message == "No articles match “zzz”.\nPress ctrl+g to clear the search."
        await pilot.press("ctrl+g", "v")
        await shown(app, pilot)
        assert app.articles.empty_message == "Nothing unread here.\nPress v to show read articles too."
        await pilot.press("v")
        app.show_shelf(STARRED)
        await shown(app, pilot)
        assert app.articles.empty_message == "No starred articles yet.\nPress x on an article to star it."


async def test_a_text_naming_a_key_config_toml_took_away_says_it_without_the_key_never_the_bindings_name(seeded_library):
    """With undo_mark_all's U given to another binding, the toast after M said "Press [undo_mark_all] to undo."."""
    config = Path(os.environ["NIEUWS_TUI_CONFIG"])
    config.write_text('[[source]]\nurl = "http://127.0.0.1:9/feed.xml"\n', encoding="utf-8")  # refused at once: no one listens there
    keys = {"toggle_star": "U", "export": "E", "toggle_read": "M,A", "refresh": "o", "list.first": "enter", "unread_only": "question_mark", "nxet_unread": "J"}
    app = NieuwsApp(Library(seeded_library.path), now=lambda: CAPTURED, preferences=Preferences(), keys=keys)
    async with app.run_test(size=WIDE) as pilot:
        await shown(app, pilot)
        no_name = "config.toml [keys]: there is no key binding called “nxet_unread”; “Keys” in the command palette (^p) lists their names"
        assert no_name in [n.message for n in app._notifications]
        assert reader_text(app) == "Click an article to read it.\nThe command palette (^p) has every action."
        app.action_mark_all_read()
        await until(pilot, lambda: any("read." in n.message for n in app._notifications), "the toast after mark_all_read")
        await pilot.press("o")
        await refreshed(app, pilot)
        said = [n.message for n in app._notifications if n.severity != "warning" or "failed" in n.message]  # not the [keys] warnings
        assert "Marked 16 articles read. Undo it from the command palette (^p)." in said
        assert "Refreshed: 0 new, 0 updated; 1 failed, see why in the command palette (^p)." in said
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert "Undo all read" in titles  # "Undo the last {mark_all_read} or …", whose M and A went to toggle_read
        assert not any("[" in text for text in [*said, *titles, reader_text(app)])


async def test_o_typed_right_after_enter_waits_for_the_reader_and_offers_the_articles_links(library_path, tmp_path, browser):
    """`enter o` in one burst: o came before the list's choice reached the app, and opened the article's page, as o
    does in the list, where the reader's o offers the links of its text."""
    from tui.screens.links import OpenLinkScreen

    app = feed_items_app(library_path, tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await shown(app, pilot)
        app.articles.move_to(next(i for i, e in enumerate(app.articles.items) if e.article.title == "Ochtend"))
        typed_together(app, "enter", "o")
        await until(pilot, lambda: isinstance(app.screen, OpenLinkScreen), "the link chooser")
        assert browser.opened == [] and app.reader.article is not None and app.reader.article.title == "Ochtend"


@pytest.mark.parametrize(
    ("then", "opened"),
    [(("2",), "https://gemeente.example/besluit"), (("1", "enter"), "https://nieuws.example/rapport.pdf"),
     (("enter",), "https://nieuws.example/ochtend"), (("o",), "https://nieuws.example/ochtend")],
    ids=["o 2", "o 1 enter", "o enter", "o o"],
)  # fmt: skip
async def test_keys_typed_while_o_waits_for_the_articles_text_are_its_choosers_in_their_turn(library_path, tmp_path, browser, then, opened):
    """`enter o 2` in one burst: o waited for the text, read after enter, and the 2 typed meanwhile was lost (the
    chooser came up empty); enter opened the article again and o was lost, and a second o put up two choosers.
    A number opens that link; enter, or o again, the article's page."""
    from tui.screens.links import OpenLinkScreen

    app = feed_items_app(library_path, tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await shown(app, pilot)
        app.articles.move_to(next(i for i, e in enumerate(app.articles.items) if e.article.title == "Ochtend"))
        with pytest.MonkeyPatch.context() as holding:  # its own: undone, it leaves the browser's stand-in be
            read = await opening_with_its_text_held(app, pilot, holding)
        typed_together(app, "o", *then)
        await pilot.pause()
        read()
        await until(pilot, lambda: browser.opened, "the browser")  # (started on a thread of its own)
        assert browser.opened == [opened]
        assert not any(isinstance(screen, OpenLinkScreen) for screen in app.screen_stack)


@pytest.mark.parametrize("cancel", ["escape", "q"])
async def test_escape_typed_while_o_waits_for_a_long_text_to_be_made_cancels_the_choice_at_once(library_path, monkeypatch, browser, cancel):
    """While o waited for a long text to be made (a second or two), escape and q were held for the chooser with
    every other key: the user could not cancel, and the chooser came up to be closed. They cancel at once, as they
    close the chooser: none comes up, the keys typed for it are dropped, the reader stays with the keys."""
    from tui.screens.links import OpenLinkScreen

    Library(library_path).add([(long_article_with_links("Heel lang artikel"), CAPTURED)])
    started, go_on = making_held(monkeypatch)
    app = make_app(library_path)
    async with app.run_test(size=WIDE) as pilot:
        await opening_the_long_one(app, pilot, started)
        focused = app.focused
        await pilot.press("o", "1", cancel)
        await pilot.pause()
        assert app._choosing is None and app.focused is focused and app.has_class("-reading") and app.is_running
        go_on.set()
        await until(pilot, lambda: app.reader.query_one("#reader-text")._coming is None, "the article's text made")
        await pilot.pause()
        assert not any(isinstance(screen, OpenLinkScreen) for screen in app.screen_stack) and browser.opened == []
        assert app.focused is focused and app.has_class("-reading")


async def test_keys_typed_right_after_enter_in_the_sidebar_go_to_the_article_list(two_sections):
    """`enter j` in the sidebar, in one burst: j moved the sidebar's cursor, where enter had put the keys on the list."""
    app = make_app(two_sections)
    async with app.run_test(size=WIDE) as pilot:
        await shown(app, pilot)
        app.sections.focus()
        await pilot.pause()
        shelf = app.sections.cursor
        typed_together(app, "enter", "j")
        await until(pilot, lambda: app.articles.cursor == 1, "the list's cursor on the second article")
        assert app.sections.cursor == shelf and app.focused is app.articles


@pytest.mark.parametrize("turns", [0, 3, 6, 9])
async def test_keys_typed_after_enter_act_in_the_order_they_were_typed(two_sections, turns):
    """Keys typed after enter were held until the list's choice reached the app, and one on its way meanwhile acted
    before them: enter j, then k, left the cursor on the second article."""
    import asyncio

    app = make_app(two_sections)
    async with app.run_test(size=WIDE) as pilot:
        await shown(app, pilot)
        app.sections.focus()
        await pilot.pause()
        typed_together(app, "enter", "j")
        for _ in range(turns):
            await asyncio.sleep(0)
        typed_together(app, "k")
        await pilot.pause()
        await until(pilot, lambda: app.focused is app.articles, "the list")
        await pilot.pause()
        assert app.articles.cursor == 0


async def test_a_second_key_for_q_goes_back_from_the_article_and_quits_from_the_list_as_q_does(seeded_library):
    """newsboat's `bind-key h quit`, as the import takes it: h quit the app from the reader."""
    q_and_h = {"quit": "q,h", "list.close_article": "q,h", "reader.back": "q,h"}
    app = NieuwsApp(Library(seeded_library.path), now=lambda: CAPTURED, preferences=Preferences(), keys=q_and_h)
    async with app.run_test(size=WIDE) as pilot:
        await open_the_first(app, pilot)
        app.reader.focus()
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        assert app.is_running and not app.has_class("-reading") and app.current is None
        assert not [n.message for n in app._notifications if "config.toml" in n.message]
        await pilot.press("enter")  # the article again, read beside the list, which has the keys
        await settle(app, pilot)
        await pilot.press("h")
        await pilot.pause()
        assert app.is_running and app.current is None
        await pilot.press("h")
        await until(pilot, lambda: not app.is_running, "the app's end")


def test_a_dumb_terminal_is_sent_no_colours(seeded_library, monkeypatch):
    for term, colourless in (("dumb", True), ("xterm-256color", False)):
        monkeypatch.setenv("NO_COLOR", "")  # (set, so that the NO_COLOR the app sets goes with the test: delenv of none keeps nothing)
        monkeypatch.setenv("TERM", term)
        assert make_app(seeded_library.path).no_color is colourless


async def test_the_reader_aligns_a_tables_columns_where_they_fit_and_again_as_its_width_changes(library_path, tmp_path):
    """A table is stored as a paragraph a row (`a | b`): the reader spread its rows over twice the lines, unaligned."""
    long = "GroenLinks-PvdA, met een naam van zo'n vijftig tekens"
    rows = "".join(f"&lt;tr&gt;&lt;td&gt;{party}&lt;/td&gt;&lt;td&gt;{seats}&lt;/td&gt;&lt;/tr&gt;" for party, seats in [("Partij", "Zetels"), ("VVD", "24"), (long, "25")])
    feed = tmp_path / "zetels.rss"
    feed.write_text(
        "<rss version='2.0'><channel><title>T</title><item><title>Zetels</title><link>https://nieuws.example/z</link>"
        f"<description>&lt;p&gt;De zetels:&lt;/p&gt;&lt;table&gt;{rows}&lt;/table&gt;</description></item></channel></rss>"
    )
    import_paths(Library(library_path), [feed], CAPTURED)
    app = make_app(library_path)
    async with app.run_test(size=(200, 40)) as pilot:
        await open_titled(app, pilot, "Zetels")
        assert f"De zetels:\n\nPartij{' ' * (len(long) - 6)} | Zetels\nVVD{' ' * (len(long) - 3)} | 24\n{long} | 25\n\n" in reader_text(app)
        await pilot.resize_terminal(50, 24)  # narrower than the long row: as stored
        await settle(app, pilot)
        assert f"De zetels:\n\nPartij | Zetels\nVVD | 24\n{long} | 25\n\n" in reader_text(app)


@pytest.mark.parametrize(
    "guids",
    [
        ("tag:gemeente.example,2026:raad", "tag:gemeente.example,2026:markt"),  # quoted into the fragment
        ("", ""),  # none: told apart by a digest of their titles
        ("x" * 9000, "y" * 9000),  # too long to quote: a digest of the guid
    ],
)
async def test_an_item_at_a_link_other_items_share_shows_and_opens_the_link_without_the_fragment_made_for_it(library_path, tmp_path, browser, guids):
    """A town hall's feed whose items all link to its news page: the reader's header showed, and `o` opened, the page's
    address with the fragment the library tells the items apart by (`…/nieuws/#tag%3Agemeente…`), which no page has."""
    items = "".join(
        f"<item><title>{title}</title><link>https://gemeente.example/nieuws/</link>"
        + (f"<guid isPermaLink='false'>{guid}</guid>" if guid else "")
        + "<description>Nieuws van de gemeente.</description></item>"
        for title, guid in zip(("Raadsvergadering", "Weekmarkt"), guids, strict=True)
    )
    feed = tmp_path / "gemeente.rss"
    feed.write_text(f"<rss version='2.0'><channel><title>Gemeente</title>{items}</channel></rss>")
    import_paths(Library(library_path), [feed], CAPTURED)
    assert "#" in on_disk(library_path, "Weekmarkt").article.url  # (stored with it: the story's id is made of it)
    app = make_app(library_path)
    async with app.run_test(size=WIDE) as pilot:
        await open_titled(app, pilot, "Weekmarkt")
        assert "https://gemeente.example/nieuws/\n" in reader_text(app) + "\n" and "#" not in reader_text(app)
        await pilot.press("o")
        await until(pilot, lambda: browser.opened, "the browser")
        assert browser.opened == ["https://gemeente.example/nieuws/"]


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://gemeente.example/nieuws/#tag%3Agemeente.example%2C2026%3Araad", "https://gemeente.example/nieuws/"),
        ("https://gemeente.example/nieuws/#" + "3311ff" * 6 + "3311", "https://gemeente.example/nieuws/"),
        ("https://nieuws.example/verhaal#reacties", "https://nieuws.example/verhaal#reacties"),  # a page's own section
        ("https://nieuws.example/verhaal#deel-2", "https://nieuws.example/verhaal#deel-2"),
        ("https://nieuws.example/verhaal#/route/a?b=c", "https://nieuws.example/verhaal#/route/a?b=c"),  # a web app's route
        ("https://nieuws.example/verhaal", "https://nieuws.example/verhaal"),
    ],
)
def test_a_page_url_drops_only_the_fragment_the_library_made_to_tell_items_apart(url, shown):
    from feeds import page_url

    assert page_url(url) == shown


async def test_the_keys_screen_spells_every_control_key_as_the_footer_draws_it(seeded_library):
    """It showed `^p` beside `ctrl+q` and `ctrl+f`: one screen, two spellings of the same modifier."""
    app = NieuwsApp(Library(seeded_library.path), now=lambda: CAPTURED, preferences=Preferences(), keys={"next_unread": "n,ctrl+f"})
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        keys = " ".join(key for key, _text in help_rows(app))
        assert "ctrl+" not in keys and {"^p", "^q", "^f"} <= set(keys.split())
