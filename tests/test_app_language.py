"""The app speaks the locale's language, Dutch for nl and English otherwise, and remembers nothing in it."""

from __future__ import annotations

import pytest
from conftest import CAPTURED, speaking
from feedkit import article
from test_app import NARROW, WIDE, make_app, palette_searched, settle, shown, until
from textual.command import CommandList
from textual.widgets._footer import FooterKey

from feeds.language import choose_language
from feeds.library import Library
from tui.app import NieuwsApp
from tui.preferences import Preferences

# What the user sees first, in Dutch and in English: the footer's labels, the sidebar, a notification, the title.
FOOTER = {
    "q": ("Stop", "Quit"),
    "question_mark": ("Toetsen", "Keys"),
    "n": ("Volgende", "Next unread"),
    "m": ("Gelezen", "Read"),
    "s": ("Ster", "Star"),
    "u": ("Ongelezen", "Unread only"),
    "slash": ("Zoeken", "Search"),
    "r": ("Verversen", "Refresh"),
}
SHELVES = (["Alle", "Met ster", "Buitenland"], ["All", "Starred", "Buitenland"])
UNREAD_ONLY = ("Alleen ongelezen artikelen.", "Showing unread articles only.")
TITLE = ("nieuws-tui — 16 ongelezen · alleen ongelezen", "nieuws-tui — 16 unread · showing unread only")
FIRST_KEYS = ("Overal", "Everywhere")  # the first heading of the keys screen's key list
DUTCH, ENGLISH = 0, 1


@pytest.mark.parametrize(("locale", "language"), [("nl_NL.UTF-8", DUTCH), ("nl_BE", DUTCH), ("en_GB.UTF-8", ENGLISH), ("de_DE.UTF-8", ENGLISH), ("C", ENGLISH)])
async def test_the_app_speaks_dutch_under_a_dutch_locale_and_english_otherwise(seeded_library, locale, language):
    choose_language(speaking(LANG=locale))
    app = make_app(seeded_library.path)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        footer = {key.key: key.description for key in app.screen.query(FooterKey)}
        assert {key: footer.get(key) for key in FOOTER} == {key: said[language] for key, said in FOOTER.items()}
        assert [shelf.shown for shelf in app.sections.items] == SHELVES[language]
        await pilot.press("u")
        await shown(app, pilot)
        assert UNREAD_ONLY[language] in [n.message for n in app._notifications]
        assert app.title == TITLE[language]
        await pilot.press("question_mark")
        await pilot.pause()
        assert str(app.screen.query("#help-keys .help-group").first().render()) == FIRST_KEYS[language]  # after how to add feeds


async def test_the_dutch_footer_at_80x24_shows_search_and_refresh(seeded_library):
    choose_language(speaking(LANG="nl_NL.UTF-8"))
    app = make_app(seeded_library.path)
    async with app.run_test(size=NARROW) as pilot:
        for reading in (False, True):  # the reader's q (Terug) takes the place of Stop
            if reading:
                await pilot.press("enter")
            await pilot.pause()
            keys = {key.key: key for key in app.screen.query(FooterKey)}
            assert keys["slash"].description == "Zoeken" and keys["r"].description == "Verversen"
            assert all(key.region.right <= 80 for key in keys.values())


async def test_a_place_chosen_in_dutch_is_found_again_in_english(tmp_path):
    """The saved place names shelves by what they are, not by what the sidebar calls them."""
    path = tmp_path / "library.sqlite"
    Library(path).add([(article("Zonder sectie", section=None), CAPTURED), (article("Met sectie", section="Sport"), CAPTURED)])
    state = tmp_path / "state.json"
    choose_language(speaking(LANG="nl_NL.UTF-8"))
    app = make_app(path, Preferences.load(state))
    async with app.run_test(size=WIDE) as pilot:
        assert [shelf.shown for shelf in app.sections.items] == ["Alle", "Met ster", "Sport", "Overig"]
        await pilot.press("shift+tab", "G")  # Overig: the articles without a section
        await settle(app, pilot)
        assert app.sections.current.shown == "Overig"
        assert [e.article.title for e in app.articles.items] == ["Zonder sectie"]
    app.preferences.save(state)
    saved = state.read_text(encoding="utf-8")
    assert "Overig" not in saved and "Alle" not in saved

    choose_language(speaking(LANG="en_US.UTF-8"))
    again = make_app(path, Preferences.load(state))
    async with again.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert again.sections.current.shown == "Other"
        assert again.screen.query_one("FooterKey.-command-palette").description == "palette"  # nothing Dutch is left from before
        assert {key.key: key.description for key in again.screen.query(FooterKey)}["slash"] == "Search"
        assert [e.article.title for e in again.articles.items] == ["Zonder sectie"]


@pytest.mark.parametrize("shelf", ["Starred", "All"])
async def test_all_and_starred_chosen_in_dutch_are_found_again_in_english(seeded_library, tmp_path, shelf):
    state = tmp_path / "state.json"
    choose_language(speaking(LANG="nl_NL.UTF-8"))
    app = make_app(seeded_library.path, Preferences.load(state))
    async with app.run_test(size=WIDE) as pilot:
        app.show_shelf(shelf)
        await settle(app, pilot)
        assert app.sections.current.shown == {"Starred": "Met ster", "All": "Alle"}[shelf]
    app.preferences.save(state)

    choose_language(speaking(LANG="en_US.UTF-8"))
    again = make_app(seeded_library.path, Preferences.load(state))
    async with again.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert again.view.shelf == shelf and again.sections.current.shown == shelf


async def _export_shelf(path, keys: list[str], target) -> None:
    app = make_app(path, Preferences())
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press(*keys, "tab", "e")
        await pilot.pause()
        app.screen.query_one("#export-path").value = str(target)
        await pilot.press("enter")
        await settle(app, pilot)


async def test_a_feed_of_the_articles_without_a_section_keeps_its_id_in_either_language_and_is_titled_in_the_readers(tmp_path):
    import feedparser

    path = tmp_path / "library.sqlite"
    Library(path).add([(article("Zonder sectie", section=None), CAPTURED), (article("Met sectie", section="Sport"), CAPTURED)])
    feeds = {}
    for locale in ("nl_NL.UTF-8", "en_GB.UTF-8"):
        choose_language(speaking(LANG=locale))
        target = tmp_path / f"{locale}.atom"
        await _export_shelf(path, ["shift+tab", "G"], target)  # the last shelf: the articles without a section
        feeds[locale] = feedparser.parse(target.read_bytes()).feed
    dutch, english = feeds["nl_NL.UTF-8"], feeds["en_GB.UTF-8"]
    assert (dutch.title, english.title) == ("nieuws-tui — Overig", "nieuws-tui — Other")
    assert dutch.id == english.id


async def test_a_feed_of_the_starred_articles_is_no_feed_of_all_news(seeded_library, tmp_path):
    import feedparser

    choose_language(speaking(LANG="en_GB.UTF-8"))
    starred, everything = tmp_path / "starred.atom", tmp_path / "all.atom"
    await _export_shelf(seeded_library.path, ["s", "shift+tab", "j"], starred)
    await _export_shelf(seeded_library.path, [], everything)
    starred_feed, all_feed = feedparser.parse(starred.read_bytes()).feed, feedparser.parse(everything.read_bytes()).feed
    assert starred_feed.title == "nieuws-tui — Starred" and all_feed.title == "nieuws-tui — all news"
    assert starred_feed.id != all_feed.id


@pytest.mark.parametrize(("locale", "header", "row"), [("nl_NL.UTF-8", "nieuws-tui — 1.200 ongelezen", "1.200"), ("C.UTF-8", "nieuws-tui — 1,200 unread", "1,200")])
async def test_counts_are_written_with_the_thousands_separator_of_the_language(library_path, locale, header, row):
    """The header said 100000 unread, where Dutch writes 100.000 and English 100,000."""
    from tui.widgets.section_list import count_of

    choose_language(speaking(LANG=locale))
    Library(library_path).add([(article(f"Bericht {n}"), CAPTURED) for n in range(1200)])
    app = make_app(library_path)
    async with app.run_test(size=WIDE) as pilot:
        await shown(app, pilot)
        await settle(app, pilot)
        await shown(app, pilot)
        assert app.title == header
        assert count_of(app.sections.items[0]) == row


@pytest.mark.parametrize("palette", ["ctrl+p", "themes"])
async def test_the_palette_says_in_dutch_that_nothing_matched(seeded_library, palette):
    """Beside its Dutch placeholder, Textual's palette said "No matches found" in English."""
    choose_language(speaking(LANG="nl_NL.UTF-8"))
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await shown(app, pilot)
        if palette == "themes":
            app.search_themes()
            await pilot.pause()
        else:
            await pilot.press("ctrl+p")
        await pilot.press(*"qxzqxz")
        await until(pilot, lambda: palette_searched(app), "the palette's answer")
        [nothing] = app.screen.query_one(CommandList)._options
        assert nothing.disabled and nothing.prompt.renderable.plain == "Niets gevonden"


async def test_the_palettes_screenshot_says_in_dutch_where_it_saved_or_why_it_could_not(seeded_library, tmp_path):
    """Textual's own toasts were English, showed its markup as text ([$text-success]), and a failure (no
    ~/Downloads) said neither why nor where."""
    choose_language(speaking(LANG="nl_NL.UTF-8"))
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await shown(app, pilot)
        for folder in (tmp_path / "Downloads", tmp_path):
            app.action_screenshot(path=str(folder))
            await until(pilot, lambda: len(app._notifications) and list(app._notifications)[-1].title == "Schermafdruk", "the screenshot's toast")
            [toast] = [n for n in app._notifications if n.title == "Schermafdruk"]
            app.clear_notifications()
            if folder == tmp_path:
                [saved] = tmp_path.glob("*.svg")
                assert toast.message == f"Schermafdruk bewaard als {saved}" and toast.severity == "information"
            else:
                assert toast.message.startswith(f"Kon de schermafdruk niet bewaren als {folder}/") and toast.message.endswith(".svg: bestand of map bestaat niet")
                assert toast.severity == "error"


async def test_the_palettes_screenshot_is_saved_in_the_working_folder_where_there_is_no_downloads_folder(seeded_library, tmp_path, monkeypatch):
    """Textual saves it in ~/Downloads, missing on servers, over ssh and on a fresh account: every screenshot failed.
    (The palette's Screenshot calls deliver_screenshot; the screenshot action does too.)"""
    import platformdirs

    monkeypatch.setattr(platformdirs, "user_downloads_path", lambda: tmp_path / "Downloads")
    monkeypatch.chdir(tmp_path)
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await shown(app, pilot)
        app.deliver_screenshot()
        await until(pilot, lambda: list(tmp_path.glob("*.svg")), "the screenshot saved")
        (tmp_path / "Downloads").mkdir()
        app.action_screenshot()
        await until(pilot, lambda: list((tmp_path / "Downloads").glob("*.svg")), "the screenshot saved in the downloads folder")


async def test_the_dutch_keys_screen_says_how_to_give_an_action_other_keys(seeded_library):
    """It read "Geef een toets een andere knop met zijn [naam]": a key given another key."""
    choose_language(speaking(LANG="nl_NL.UTF-8"))
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        said = {str(text.render()) for text in app.screen.query(".help-text")}
        footer = str(app.screen.query_one("#help-footer").render())
        assert "Geef een actie andere toetsen met haar [naam] in de tabel [keys] van config.toml" in footer
        assert "Behoud de zoekopdracht en ga naar de eerste treffer in de lijst  [search.keep]" in said
        assert "Terug naar de lijst (zoals in newsboat; q in de lijst stopt de app)  [reader.back]" in said


async def test_the_empty_starred_views_message_is_wrapped_between_words_on_a_narrow_screen(seeded_library):
    """At 50 columns, in Dutch, it was cut mid-word: "…om het een ster te geve"."""
    from feeds.listing import STARRED

    choose_language(speaking(LANG="nl_NL.UTF-8"))
    app = make_app(seeded_library.path)
    async with app.run_test(size=(50, 20)) as pilot:
        app.show_shelf(STARRED)
        await shown(app, pilot)
        assert not app.articles.items
        lines = [app.articles.render_line(y).text.strip() for y in range(6)]
        assert [line for line in lines if line] == ["Nog geen artikelen met ster.", "Druk op s bij een artikel om het een ster te", "geven."]


async def test_an_export_to_a_link_that_points_at_itself_is_refused_in_dutch_naming_it(seeded_library, tmp_path):
    """The export dialog of a Dutch run said Python's own English text: "Could not export: Symlink loop from '…'"."""
    (tmp_path / "rond").symlink_to("rond")
    choose_language(speaking(LANG="nl_NL.UTF-8"))
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        await until(pilot, lambda: type(app.screen).__name__ == "ExportScreen", "the export dialog")
        app.screen.query_one("#export-path").value = str(tmp_path / "rond")
        await pilot.press("enter")
        await settle(app, pilot)
        error = app.screen.query_one("#export-error")
        await until(pilot, lambda: error.display, "the error said")
        said = str(error.render())
        assert said.startswith("Kon niet exporteren: ") and said.endswith("rond: kan niet schrijven (te veel symbolische koppelingen na elkaar)"), said


async def test_a_header_too_long_for_its_room_is_cut_after_a_whole_word(seeded_library):
    """At 60 columns in Dutch, with u on, Textual cut the header mid-word (`… · alleen ongele…`)."""
    choose_language(speaking(LANG="nl_NL.UTF-8"))
    app = make_app(seeded_library.path)
    async with app.run_test(size=(60, 24)) as pilot:
        await pilot.press("u")
        await shown(app, pilot)
        assert app.title == "nieuws-tui — 16 ongelezen · alleen…" and app.sub_title == ""
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert app.title == TITLE[DUTCH]


def footer_line(app) -> str:
    return app.screen._compositor.render_strips()[-1].text


@pytest.mark.parametrize("keys", [{}, {"refresh": "r,R,ctrl+r"}], ids=["own keys", "refresh remapped"])
@pytest.mark.parametrize("width", [60, 56])
async def test_the_dutch_footer_never_shows_a_key_with_its_label_cut(seeded_library, keys, width):
    """At 60 columns the footer ended in `/ Zoeken r Verv` for as long as the app ran when [keys] remapped refresh (as
    `sources import-newsboat` does), at 56 in a bare `r`; with its own keys `r Verv` showed for a second at the start.
    Every frame's last line is whole keys only, each with its whole label."""
    choose_language(speaking(LANG="nl_NL.UTF-8"))
    app = NieuwsApp(Library(seeded_library.path), now=lambda: CAPTURED, preferences=Preferences(), keys=keys)
    async with app.run_test(size=(width, 20)) as pilot:
        for _ in range(20):
            await pilot.pause(0.05)
            line = footer_line(app).rstrip()
            shown = [f"{key.key_display} {key.description}" for key in app.screen.query(FooterKey) if key.visible]
            assert line in ("", " ".join(shown))  # (nothing before the first layout)
        assert "/ Zoeken" in line and "Stop" in line


def test_a_keys_line_of_no_known_key_says_in_dutch_that_an_empty_one_gives_the_binding_no_key(seeded_library):
    """It said the binding keeps its own key, and not how to give it none: `""`, which a user could not guess."""
    from tui.keys import check_keymap

    choose_language(speaking(LANG="nl_NL.UTF-8"))
    owners = make_app(seeded_library.path)._key_owners()
    assert check_keymap({"toggle_star": "BEL"}, owners)[1] == [
        "config.toml [keys]: toggle_star = “BEL”: er is geen toets die BEL heet; de eigen toets blijft (toggle_star = \"\" geeft er geen)"
    ]
