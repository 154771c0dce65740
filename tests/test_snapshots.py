"""What the main screens look like, at 80×24, 120×40 and 200×60, in every theme and without colour
(SVG snapshots in tests/__snapshots__)."""

from __future__ import annotations

from html import escape

import pytest
from conftest import CAPTURED
from test_app import feed_items_app, open_titled, settle, shown, until
from textual.theme import BUILTIN_THEMES

from feeds import gettext as _
from feeds.imports import import_paths
from feeds.language import choose_language
from feeds.library import Library
from tui.app import NieuwsApp
from tui.preferences import Preferences

SIZES = {"80x24": (80, 24), "120x40": (120, 40), "200x60": (200, 60)}
LIGHT = "atom-one-light"


@pytest.fixture(autouse=True)
def _dutch():
    """The snapshots show dates and ages in Dutch (`gezien zojuist`): the app as a Dutch locale shows it."""
    choose_language({"LANG": "nl_NL.UTF-8"})


def _app(path, theme: str = "textual-dark") -> NieuwsApp:
    return NieuwsApp(Library(path), now=lambda: CAPTURED, preferences=Preferences(theme=theme))


async def _read_and_star(pilot) -> None:
    """An article opened, one starred and read, the rest unread: every mark the list has."""
    app = pilot.app
    await shown(app, pilot)  # the whole library, read in after the first screen
    await pilot.press("s", "j", "enter")
    await shown(app, pilot)
    await settle(app, pilot)
    await until(pilot, lambda: app._text_pending is None, "the article's text")  # (read on a thread: a loaded machine drew the reader empty)
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_the_library_screen(snap_compare, seeded_library, size):
    assert snap_compare(_app(seeded_library.path), terminal_size=SIZES[size])


@pytest.mark.parametrize("size", SIZES)
def test_an_open_article(snap_compare, seeded_library, size):
    assert snap_compare(_app(seeded_library.path), terminal_size=SIZES[size], run_before=_read_and_star)


@pytest.mark.parametrize("size", SIZES)
def test_the_keys_screen(snap_compare, seeded_library, size):
    assert snap_compare(_app(seeded_library.path), terminal_size=SIZES[size], press=["question_mark"])


@pytest.mark.parametrize("size", SIZES)
def test_no_color(snap_compare, seeded_library, size, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(_app(seeded_library.path), terminal_size=SIZES[size], run_before=_read_and_star)


@pytest.mark.parametrize("size", SIZES)
def test_a_light_theme(snap_compare, seeded_library, size):
    assert snap_compare(_app(seeded_library.path, LIGHT), terminal_size=SIZES[size], run_before=_read_and_star)


@pytest.mark.parametrize("theme", sorted(BUILTIN_THEMES))
def test_every_theme(snap_compare, seeded_library, theme):
    assert snap_compare(_app(seeded_library.path, theme), terminal_size=SIZES["120x40"], run_before=_read_and_star)


def test_an_empty_library(snap_compare, tmp_path):
    path = tmp_path / "library.json"
    Library(path).add([])
    assert snap_compare(_app(path), terminal_size=SIZES["80x24"])


async def _links_under_notifications(pilot) -> None:
    """The link chooser opened as the refresh's notification is still shown, then a digit past its links: a second one."""
    app = pilot.app
    await open_titled(app, pilot, "Ochtend")
    await until(pilot, lambda: app._text_pending is None, "the article's text")
    app.notify(_("Refreshed: {new} new, {updated} updated; {failed} failed, press {show_errors} to see why.").format(new=3, updated=1, failed=1, show_errors="E"), severity="warning", timeout=60)
    await pilot.press("o")
    await until(pilot, lambda: type(app.screen).__name__ == "OpenLinkScreen", "the link chooser")
    await pilot.press("9")
    await pilot.pause()


def test_the_link_choosers_prompt_beside_notifications(snap_compare, library_path, tmp_path):
    """At 80×24 the refresh's notification covered the chooser's prompt ("Open de link: typ 1. Enter (of o) ope▌"),
    and a digit typed added a second over it: the prompt is never under them."""
    assert snap_compare(feed_items_app(library_path, tmp_path), terminal_size=SIZES["80x24"], run_before=_links_under_notifications)


@pytest.mark.parametrize("size", [(60, 20), (80, 24)], ids=["60x20", "80x24"])
def test_the_footer_keeps_the_most_important_keys_at_narrow_widths(snap_compare, seeded_library, size):
    """At 60 columns the footer cut its last keys, and a key remapped in config.toml went last, so it was the one cut."""
    app = NieuwsApp(Library(seeded_library.path), now=lambda: CAPTURED, preferences=Preferences(theme="textual-dark"), keys={"next_unread": "x"})
    assert snap_compare(app, terminal_size=size)


async def _open_lists_and_tables(pilot) -> None:
    app = pilot.app
    await open_titled(app, pilot, "Uitslagen")
    await until(pilot, lambda: app._text_pending is None, "the article's text")
    await pilot.pause()


def test_an_articles_lists_and_tables_line_by_line_the_columns_aligned(snap_compare, library_path, tmp_path):
    """Stored as paragraphs, a list's items and a table's rows each had a blank line after them, the columns unaligned."""
    html = (
        "<p>De uitslagen:</p><ul><li>Ajax wint</li><li>PSV verliest</li></ul>"
        "<table><tr><th>Datum</th><th>Wedstrijd</th><th>Uitslag</th></tr><tr><td>1 dec</td><td>Ajax - PSV</td><td>2-1</td></tr>"
        "<tr><td>2 dec</td><td>Feyenoord - AZ</td><td>0-0</td></tr></table><p>Slot.</p>"
    )
    feed = tmp_path / "uitslagen.rss"
    feed.write_text(
        "<rss version='2.0'><channel><title>Sport</title><item><title>Uitslagen</title><link>https://nieuws.example/u</link>"
        f"<description>{escape(html)}</description></item></channel></rss>"
    )
    import_paths(Library(library_path), [feed], CAPTURED)
    assert snap_compare(_app(library_path), terminal_size=SIZES["80x24"], run_before=_open_lists_and_tables)
