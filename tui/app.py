"""The reader app: sections, the article list and the reader, driven from the keyboard."""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import os
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from contextlib import ExitStack, suppress
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette, Provider
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import DeliveryComplete, DeliveryFailed, Event, Key, MouseDown, Resize
from textual.message import Message
from textual.notifications import Notification, SeverityLevel
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static
from textual.worker import get_current_worker

from feeds import (
    ALL,
    N_,
    STARRED,
    Article,
    Entry,
    Library,
    Listing,
    Shelf,
    SourcesError,
    StorageError,
    View,
    grouped,
    load_config,
    ngettext,
    page_url,
    shown_path,
    shown_sources,
    terminal_safe,
    unread_position,
    web_url,
    why,
    without_credentials,
)
from feeds import gettext as _

from .browser import BrowserLauncher
from .keys import KeyGroup, SpeaksTheLanguage, check_keymap, drawn, key_groups, keys_in_force, keys_named, named, said, unbind_keyless, with_keys
from .leaving import Leaving
from .library_view import LibraryView, Mark, RefreshPlan
from .palette import AppCommands, Palette, ThemePicker
from .preferences import Place, Preferences
from .screens.errors import ErrorsScreen
from .screens.export import ExportScreen
from .screens.help import HelpScreen
from .screens.links import ARTICLE, CANCEL_KEYS, OpenLinkScreen, confirming_keys, confirms
from .widgets.article_list import STAR_MARK, UNREAD_MARK, ArticleList
from .widgets.footer import KeysFooter
from .widgets.reader import ArticleReader, TextMade, opened_links
from .widgets.search_box import SearchBox
from .widgets.section_list import SectionList
from .widgets.virtual_list import VirtualList, fit, fit_words

if TYPE_CHECKING:

    from feeds import FetchReport, Finishing, Format, ImportReport, Progress, Source, SourceResult

WIDE = 100  # columns from which sections, list and reader all show
SIDEBAR = 60  # columns from which the sidebar shows; below, J, K and the palette choose the section, and the header names it
REFRESH_SECONDS = 2.0  # how often to look for what other processes stored
AGES_SECONDS = 30.0  # how often the list's rows are drawn again, for the ages they show
ECHO_WAIT = 0.03  # seconds a key's repaint waits for the listing it asked for, to be shown with it


# The keys newsboat has for what these bindings do (toggle-article-read, mark-feed-read, mark-all-feeds-read, reload-all,
# hard-quit, open-in-browser-and-mark-read), bound beside the app's own for its users' fingers. A config.toml [keys] that gives one to another binding
# was written before they were bound (next_unread = "n,N", as the README showed): that binding has it, and nothing is said (check_keymap).
NEWSBOAT_KEYS = {"toggle_read": "N", "mark_all_read": "A", "mark_library_read": "C", "refresh": "R", "hard_quit": "Q", "open_in_browser_and_mark_read": "O"}

KeyAction = Callable[["NieuwsApp"], None]
MARK_KEYS: set[KeyAction] = set()


def changes_marks(action: KeyAction) -> KeyAction:
    """The action of m, s, M or C, or of n or p (which open an unread article, marking it read), under on_the_list:
    counted while it waits, for q to wait for it, or to say it was not made."""
    MARK_KEYS.add(action)
    return action


def on_the_list(whole: bool = False) -> Callable[[KeyAction], KeyAction]:
    """The action of a key that acts on the list's articles: with a listing on its way, it waits for it
    (NieuwsApp._when_listed), in the order the keys were pressed. `whole`: a key that acts on the whole list
    (M, e, n, p, space), which at start waits for the library to be read whole too (NieuwsApp._when_whole)."""

    def waits(action: KeyAction) -> KeyAction:
        @functools.wraps(action)
        def when_listed(app: NieuwsApp) -> None:
            (app._when_whole if whole else app._when_listed)(app._pressed(action))

        return when_listed

    return waits


GONE_NOTICE = "article-gone"  # the kind of what is said of an open article another process removed (NieuwsApp.notify)
STEP_NOTICE = "unread-step"  # the kind of what n and p say past the unread articles of a view (NieuwsApp.notify)


@dataclasses.dataclass
class Notice(Notification):
    """A notification, with what it is about: a later one of its kind takes its place (NieuwsApp.notify)."""

    kind: str = ""


class ListingMade(Message):
    """The `number`th listing the app asked for, of `view`, made off the UI thread; or the error that stopped it."""

    def __init__(self, number: int, view: View, listing: Listing | None, keep_id: str | None, error: str = "") -> None:
        super().__init__()
        self.number, self.view, self.listing, self.keep_id, self.error = number, view, listing, keep_id, error


@dataclasses.dataclass(slots=True)
class _LinkChoice:
    """o's chooser to come, and the keys typed for it meanwhile (NieuwsApp.on_key): while o waits for its article's
    text (_when_text_read), and then for the keys typed before it that are on their way up from the list (_KeysUp)."""

    choose: Callable[[list[Key]], None]
    typed: list[Key] = dataclasses.field(default_factory=list)


class _KeysUp(Message):
    """Posted where the keys go, behind those on their way: up at the app, they are all there, unless a key came
    from the terminal meanwhile (`typed`: how many had come when it was posted), which is on its way behind it."""

    def __init__(self, choice: _LinkChoice, typed: int) -> None:
        super().__init__()
        self.choice, self.typed = choice, typed


def _as_typed(key: Key) -> Key:
    """A key to be handled anew, known as typed when it was: one typed before a browser took the terminal, handled
    once it is quit, is no o typed after it (BrowserLauncher.quit_at)."""
    again = Key(key.key, key.character)
    again.time = key.time
    return again


class NieuwsApp(SpeaksTheLanguage, Leaving):
    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute, so subclasses elsewhere find it
    TITLE = "nieuws-tui"
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {AppCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", N_("Quit"), id="quit"),
        # newsboat's hard-quit, as Textual's ctrl+q: a priority binding, it quits over the keys screen and the dialogs
        # too, where q closes them (a text field, as the search box or the export's path, types the letter)
        Binding("Q,ctrl+q", "quit", N_("Quit"), show=False, tooltip=N_("Quit at once, from any screen"), priority=True, id="hard_quit"),
        Binding("question_mark", "help", N_("Keys"), id="help"),
        Binding("escape", "go_back", N_("Back"), show=False, tooltip=N_("Back: close the article, clear the search, or from the list to the sidebar"), id="back"),
        Binding("space", "page_or_next_unread", N_("Page/next"), show=False, tooltip=N_("Scroll the reader a page; at its end, open the next unread"), id="page_or_next_unread"),
        Binding("n", "next_unread", N_("Next unread"), tooltip=N_("Next unread article, across sections"), id="next_unread"),
        Binding("p", "previous_unread", N_("Previous unread"), show=False, tooltip=N_("Previous unread article, across sections"), id="previous_unread"),
        Binding("J", "next_section", N_("Next section or source"), show=False, tooltip=N_("Go to the next section, or source when the sidebar lists sources"), id="next_section"),
        Binding("K", "previous_section", N_("Previous section or source"), show=False, tooltip=N_("Go to the previous section, or source when the sidebar lists sources"), id="previous_section"),
        Binding("m,N", "toggle_read", N_("Read"), tooltip=N_("Mark the article read / unread"), id="toggle_read"),
        Binding("M,A", "mark_all_read", N_("All read"), show=False, tooltip=N_("Mark everything in this view read"), id="mark_all_read"),
        Binding("C", "mark_library_read", N_("Library read"), show=False, tooltip=N_("Mark every article of the library read"), id="mark_library_read"),
        Binding("U", "undo_mark_all", N_("Undo all read"), show=False, tooltip=N_("Undo the last {mark_all_read} or {mark_library_read}"), id="undo_mark_all"),
        Binding("s", "toggle_star", N_("Star"), tooltip=N_("Star / unstar the article"), id="toggle_star"),
        Binding("u", "toggle_unread_only", N_("Unread only"), tooltip=N_("Show unread articles only / all"), id="unread_only"),
        Binding("b", "group_by_source", N_("By source"), show=False, tooltip=N_("List sources in the sidebar instead of sections, and back"), id="group_by_source"),
        # A priority binding: the app takes `/` before the list does, so that the letters typed right after it
        # (a slow connection delivers them together) reach the search box, not the list's keys (see check_action).
        Binding("slash", "search", N_("Search"), tooltip=N_("Search as you type: titles, and from 3 letters on the text too"), id="search", priority=True),
        Binding("o", "open_in_browser", N_("Open the article in your web browser"), show=False, tooltip=N_("Open the article in your web browser; {open_in_browser} and a number: that link of its text"), id="open_in_browser"),
        Binding("O", "open_in_browser_and_mark_read", N_("Open in your browser, mark read"), show=False, tooltip=N_("As {open_in_browser}, and mark the article read once its page or a link of it is opened"), id="open_in_browser_and_mark_read"),
        Binding("r,R", "refresh_sources", N_("Refresh"), tooltip=N_("Refresh the library from its sources"), id="refresh"),
        Binding("e", "export_view", N_("Export"), show=False, tooltip=N_("Export this view as an Atom or RSS file"), id="export"),
        Binding("E", "show_errors", N_("Refresh errors"), show=False, tooltip=N_("What went wrong in the last refresh"), id="show_errors"),
    ]

    def __init__(
        self,
        library: Library,
        *,
        now: Callable[[], datetime] | None = None,
        preferences: Preferences | None = None,
        keys: dict[str, str] | None = None,
        warnings: Iterable[str] = (),
        refresh_minutes: float | None = None,
        refresh_on_start: bool = False,
        browser: str | None = None,
    ) -> None:
        # NO_COLOR: the terminal's own colours and nothing else. Textual would draw the themes in shades of
        # grey, which still sends colours; with ANSI colours its filter sends none, only bold, reverse and the like.
        if not os.environ.get("NO_COLOR"):  # set but empty is no NO_COLOR (no-color.org), which Textual would read as one
            os.environ.pop("NO_COLOR", None)
        if os.environ.get("TERM") == "dumb":  # (an editor's shell, Emacs' M-x shell) was sent truecolour; what it starts, too, is told
            os.environ["NO_COLOR"] = "1"
        super().__init__(ansi_color=True if "NO_COLOR" in os.environ else None)
        self.keymap, problems = check_keymap(keys or {}, self._key_owners(), self.screen_keys(), NEWSBOAT_KEYS)
        self.warnings = [*warnings, *problems]  # what is wrong in config.toml, said at start
        self._warned: list[str] = []  # what the app said is wrong in config.toml when it last read it (_warn)
        self.set_keymap({name: keys for name, keys in self.keymap.items() if keys})  # (Textual takes "" for no entry)
        unbind_keyless(self._bindings, self.keymap)  # a binding [keys] gives no key (""): Textual's keymap cannot say so
        self.keys_named = keys_named([*self._key_owners(), *self.screen_keys()], self.keymap)  # for a text that names a key
        self.own_sources = False  # config.toml lists a source of the user's own (reader_app, each refresh's plan): no newcomer (newcomer)
        self._confirming = confirming_keys(self.keymap)  # the keys that confirm a link's number in o's chooser
        self.library_view = LibraryView(library, now, outcome_lost=self._outcome_lost, titles_unreadable=self._titles_unreadable, index_failed=self._index_failed)
        library.waiting_said = lambda message: self._from_thread(self._library_busy, message)  # (a refresh under cron's fetch)
        self.preferences = preferences if preferences is not None else Preferences.load()
        place = self.preferences.place(library.name)
        # A source remembered before the library held it without its user name and password (format 7) is found under that name.
        shelf = without_credentials(place.shelf) if place.by_source and web_url(place.shelf) else place.shelf
        self.view = View(shelf=shelf, unread_only=place.unread_only, by_source=place.by_source)
        self.start_article = place.article  # until it is shown: it may be past the first screenful of entries
        self.current: Entry | None = None
        self.fetching = False  # r, refresh-minutes or refresh-on-start: the sources are being fetched
        self._on_schedule = False  # it runs as config.toml's refresh-minutes or refresh-on-start ask
        self._damage_said = False  # a refresh said the validators damaged: a scheduled one says it no more
        self.refresh_errors: list[tuple[str, str]] = []  # (source, reason) of the last refresh
        self._failed_sources: set[str] = set()  # the sources of those errors, by address: the sidebar marks them
        self.refresh_notes: list[tuple[str, str]] = []  # (source, note) of what it read only in part: not failures
        self.refreshed = False  # a refresh has run in this session: E has one to tell of
        self._refresh_progress = (0, 0)
        self._refreshing: dict[str, str] = {}  # the names of the sources of the refresh under way, by URL (_source_names)
        self._waiting: dict[str, tuple[str, str]] = {}  # its sources under way: their names, and what each said last
        self._held: set[str] = set()  # its sources fetched, held until the run stores them (counted done: Progress.held)
        self._library_waits = False  # its store waits for another process that writes the library (_library_busy)
        self._making: View | None = None  # the view whose listing is being made
        self._listings = 0  # listings asked for: only the last one asked for is shown
        self._making_lock = threading.Lock()
        self._when_shown: list[tuple[View, Callable[[], object]]] = []  # keys pressed before a listing was shown, and the view they were meant for
        self._listed_view: View | None = None  # the view whose listing the list shows
        # The article each shelf's cursor was last on, by (by_source, name), the most recently left last; kept between runs.
        self._shelf_places: dict[tuple[bool, str], str] = dict(place.shelves)
        self._pointed: str | None = None  # the article the reader last opened or moved the list's cursor to
        self._gone: str | None = None  # the open article another process removed, said once (_show_after_reload)
        self._text_pending: str | None = None  # the article in the reader whose text is on its way
        self._when_read: list[Callable[[], object]] = []  # keys for that article, waiting for its text (_when_text_read)
        self._choosing: _LinkChoice | None = None  # o's, holding the keys typed until its chooser comes up
        self._keys_come = 0  # keys come from the terminal, to tell whether one is on its way behind a _KeysUp
        self._link_chosen_at: float | None = None  # when a number typed in o's chooser opened a link at once (OpenLinkScreen.chosen_at)
        self._last_press = 0.0  # when the last key or mouse button the app took was pressed (BrowserLauncher.quit_at)
        self._width = 0  # the terminal's width the app is laid out for (_layout)
        self._when_loaded: list[Callable[[], object]] = []  # keys for the whole list pressed before the library was read whole, and those after them
        self._reading_whole = True  # until the rest of the library, after the first screenful, is read
        self._held_repaint: ExitStack | None = None  # the repaint held for a listing (_hold_repaint)
        self._marks_waiting: set[Callable[[], None]] = set()  # keys that change marks, waiting for a listing or for the whole library (_counted)
        self.refresh_minutes, self.refresh_on_start = refresh_minutes, refresh_on_start  # config.toml's, as newsboat's auto-reload
        self.launcher = BrowserLauncher(self, browser, self._from_thread, lambda: self._leaving, lambda: self._last_press)
        if self.preferences.theme in self.available_themes:
            self.theme = self.preferences.theme

    # -- layout ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="▤")
        with Horizontal(id="main"):
            yield SectionList(id="sections")
            with Vertical(id="list-pane"):
                yield SearchBox(placeholder=with_keys(_("Search titles and text, -word leaves out ({search.cancel} clears)"), self.keys_named, _("Search titles and text, -word leaves out")), id="search")
                yield ArticleList(self.library_view.now, id="articles")
                yield ArticleReader(id="reader")
        yield Static(id="status")
        yield KeysFooter()

    @property
    def sections(self) -> SectionList:
        return self.query_one(SectionList)

    @property
    def articles(self) -> ArticleList:
        return self.query_one(ArticleList)

    @property
    def reader(self) -> ArticleReader:
        return self.query_one(ArticleReader)

    def notify(
        self,
        message: str | Sequence[str],
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
        kind: str = "",
    ) -> None:
        """Every notification passes the terminal sanitiser and is plain text: most quote URLs, file names or errors.
        It takes the place of the one of its `kind` still shown (by default, of one that says the same as gravely:
        an error is not taken away by a note of the same words), rather than piling up under it: n pressed again and
        again past the last unread article added a toast each time, until they covered the reader. Shown in turn with
        the app's other messages (Textual's notify posts one too): two of a kind asked for at once still replace each
        other. A sequence of messages is shown a line each (the sanitiser shows a line end within one as `\\x0a`)."""
        message, title = terminal_safe(message) if isinstance(message, str) else "\n".join(map(terminal_safe, message)), terminal_safe(title)
        notice = Notice(message, title, severity, self.NOTIFICATION_TIMEOUT if timeout is None else timeout, markup, kind=kind or f"{severity}\n{title}\n{message}")
        self.call_later(self._show_notice, notice)

    def _show_notice(self, notice: Notice) -> None:
        self._withdraw(notice.kind, refresh=False)
        self._notifications.add(notice)
        self._refresh_notifications()

    def _withdraw(self, kind: str, refresh: bool = True) -> None:
        """Take the notice of `kind` away, if one is shown."""
        for shown in list(self._notifications):
            if isinstance(shown, Notice) and shown.kind == kind:
                self._unnotify(shown, refresh=refresh)

    def deliver_screenshot(self, filename: str | None = None, path: str | None = None, time_format: str | None = None) -> str | None:
        """A screenshot (the palette's, the screenshot action's), saved in the downloads folder where there is one, else
        in the working folder: Textual's downloads folder is missing on servers, over ssh and on a fresh account, and
        every screenshot failed."""
        if path is None:
            from platformdirs import user_downloads_path

            downloads = user_downloads_path()
            path = str(downloads) if os.path.isdir(downloads) or not os.path.isdir(".") else os.path.abspath(".")
        return super().deliver_screenshot(filename, path, time_format)

    # The palette's Screenshot: Textual's own toasts for it are English, its markup would show as it is here
    # (notify is plain text), and a failure gave no reason or path. Ours, and Textual's not after them.
    @on(DeliveryComplete)
    def _screenshot_saved(self, event: DeliveryComplete) -> None:
        if event.name == "screenshot":
            event.prevent_default()
            saved = _("Saved the screenshot to {path}").format(path=shown_path(event.path)) if event.path else _("Saved the screenshot")
            self.notify(saved, title=_("Screenshot"))

    @on(DeliveryFailed)
    def _screenshot_failed(self, event: DeliveryFailed) -> None:
        if event.name == "screenshot":
            event.prevent_default()
            path = getattr(event.exception, "filename", None)
            reason = why(event.exception)
            failed = _("Could not save the screenshot to {path}: {reason}").format(path=shown_path(path), reason=reason) if path else _("Could not save the screenshot: {reason}").format(reason=reason)
            self.notify(failed, title=_("Screenshot"), severity="error", timeout=10)

    def _quit_key(self) -> str | None:
        """The key that quits here, as the footer shows it: q, where it quits, rather than ctrl+q."""
        quitting = [active.binding for active in self.active_bindings.values() if active.binding.action in ("quit", "app.quit")]
        return self.get_key_display(min(quitting, key=lambda binding: len(binding.key))) if quitting else None

    def action_help_quit(self) -> None:
        """ctrl+c, which quits many programs, says which key quits this one (Textual's own note is markup, in English)."""
        if key := self._quit_key():
            self.notify(_("Press {key} to quit the app.").format(key=key), title=_("Do you want to quit?"))

    def _warn(self, warnings: list[str]) -> None:
        """Say what is wrong in config.toml: all of it at start; at a refresh, which reads it again, what was not wrong
        when it was last read (said at start, a warning is not said again at every refresh)."""
        for warning in warnings:
            if warning not in self._warned:
                self.notify(warning, severity="warning", timeout=10)
        self._warned = warnings

    def on_mount(self) -> None:
        self._catch_signals()
        self._warn(self.warnings)
        self.articles.when_current = self._cursor_key  # j, k and the like move the cursor of the list on its way
        self.articles.when_chosen, self.sections.when_chosen = self._article_chosen, self._section_chosen
        self.library_view.read_titles(lambda _none: self._from_thread(self._titles_read))
        self._show_shelves()
        self.sections.select_name(self.view.shelf)
        # At once: the view holds no more than the first screenful yet, and the first paint shows it.
        self._show_listing(self.library_view.select(self.view), self.start_article, self.view)
        self._show_no_article()
        self.articles.focus()
        self._layout(self.size.width)
        self.set_interval(REFRESH_SECONDS, self._look_for_changes)
        self.set_interval(AGES_SECONDS, self.articles.refresh)  # "5 min" goes on to "6 min" with no key pressed
        if self.refresh_minutes:
            self.set_interval(self.refresh_minutes * 60, self._refresh_on_schedule)
        # The first screen shows the newest articles; the rest is read once it is up.
        self.call_after_refresh(self.library_view.load, self._reloaded, self._load_failed)
        if self.refresh_on_start:
            self.call_after_refresh(self._refresh_on_schedule)  # after the library is read: the engine thread takes jobs in turn
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        # As the search text changes, not when its Changed message has made its way up: the list then
        # shows the result in the same repaint as the letter typed, not one frame (1/60 s or more) later.
        self.watch(self.query_one("#search", Input), "value", self._search_changed, init=False)
        # The same for the sidebar's cursor: a key typed right after J (or after j in the sidebar) is for the section it chose.
        self.watch(self.sections, "cursor", self._sidebar_moved, init=False)

    def on_resize(self, event: Resize) -> None:
        self._layout(event.size.width)

    def _layout(self, width: int) -> None:
        # The width laid out for: the app's own size is the terminal's before a resize until Textual's handler of it
        # runs, after this one, and a header cut to it was one resize behind (_header_room).
        self._width = width
        narrow = width < WIDE
        if self.has_class("-narrow") and not narrow and not self.has_class("-reading") and self.current is not None:
            # Narrow, the reader is hidden once its article is closed, but keeps it: widened, it came back beside the
            # list, and q closed it instead of quitting. Shown as a start at this width shows it, with no article.
            self.current = None
            self._show_no_article()
        self.set_class(narrow, "-narrow")
        self.refresh_bindings()  # the list's q goes back from an article beside it only where it is beside it
        sidebar = width >= SIDEBAR
        if sidebar != self.sections.can_focus:
            self.set_class(not sidebar, "-sidebarless")
            self.sections.can_focus = sidebar  # (escape, which goes from the list to the sidebar, leaves the keys where they are)
            if self.focused is self.sections:
                self.articles.focus()
        self._show_title()  # with no sidebar, the header names the shelf, cut to the width
        # Narrow, the footer packs its keys so that all of them fit; ^p is named in the keys screen (?).
        footer = self.query_one(Footer)
        footer.compact = narrow
        if footer.show_command_palette == narrow:
            footer.show_command_palette = not narrow
            footer.refresh(recompose=True)  # the footer makes its keys when composed: the palette's comes and goes with that

    # -- showing ---------------------------------------------------------------------------------

    def _show_shelves(self) -> None:
        shelves = self.library_view.shelves(self.view.by_source, self._failed_sources)
        # The cursor stays on the shelf shown: a section that a refresh brings in before it moves it down a row.
        self.sections.set_items(shelves, next((at for at, shelf in enumerate(shelves) if shelf.name == self.view.shelf), None))
        self._show_title()

    def _show_title(self) -> None:
        # With no sidebar, the shelf it would show, and its count, come first: the header is short there.
        shown = next((shelf for shelf in self.sections.items if shelf.name == self.view.shelf), None) if self.has_class("-sidebarless") else None
        self.sub_title = "" if shown is not None else terminal_safe(self.library_view.name)
        unread = self.library_view.unread
        only = note = _(" · showing unread only") if self.view.unread_only else ""
        if shown is not None:
            counted = ngettext("{shelf} — {count} unread", "{shelf} — {count} unread", shown.unread) if shown.counted else "{shelf}"
            name, count = terminal_safe(shown.shown), grouped(shown.unread)
            # The name is what the header is there for: where the rest leaves it too little room, the unread-only note
            # goes, then the count, before a letter of it does (at 58 columns it read `Binnen… — 3 unread · showing
            # unread only`). Only a name longer than the header is cut; here, not at the header's end: the end of a
            # source's name is what tells it from one of the same title.
            for said, only in ((counted, note), (counted, ""), ("{shelf}", "")):
                room = self._header_room() - cell_len(said.format(shelf="", count=count) + only)
                if room >= cell_len(name):
                    break
            if room < cell_len(name):
                # After a whole word (`Omroep Zeel…` read as a name of its own), but for a source's name the end that
                # tells it apart, which a cut after a word would lose.
                room = max(room, min(2, cell_len(name)))  # at least a letter and its ellipsis
                name = fit(name, room, shown.tail) if shown.tail else fit_words(name, room)
            title = said.format(shelf=name, count=count)
        elif not self.library_view.counted:
            title = _("nieuws-tui — counts unknown") if self.library_view.unreadable else _("nieuws-tui — counting…")
        else:
            title = ngettext("nieuws-tui — {count} unread", "nieuws-tui — {count} unread", unread).format(count=grouped(unread))
        # Cut here, after a whole word: Textual cuts the title and the library's name after it in the middle of one.
        title, room = title + only, self._header_room()
        if cell_len(title) > room:
            title, self.sub_title = fit_words(title, room), ""
        elif self.sub_title and cell_len(f"{title} — {self.sub_title}") > room:  # (Textual's format_title: " — " between them)
            self.sub_title = fit_words(self.sub_title, room - cell_len(title) - 3)
        self.title = title

    def _header_room(self) -> int:
        """The cells of the header's title: the terminal's less those of the icon and of the clock's place (the
        title's width is the rest, in per cent)."""
        beside = sum(width.cells or 0 for child in self.query_one(Header).children if (width := child.styles.width) is not None)
        return self._width - beside

    def _empty_message(self) -> str:
        keys = self.keys_named
        if not self.library_view.entries:
            return with_keys(
                _("The library is empty.\n\nImport pages with:  nieuws-tui import PAGE-OR-FOLDER\nor press {refresh} to refresh your sources."),
                keys,
                _("The library is empty.\n\nImport pages with:  nieuws-tui import PAGE-OR-FOLDER\nor refresh your sources from the command palette (^p)."),
            )
        if self.view.query:
            # The key that clears it where the keys are as it is typed: the search box's; after enter, the list's (back).
            clears = keys.get("search.cancel" if isinstance(self.focused, SearchBox) else "back")
            said = with_keys(_("No articles match “{query}”.\nPress {key} to clear the search."), {"key": clears} if clears else {}, _("No articles match “{query}”."), query=self.view.query)
            return "\n".join((said.partition("\n")[0], scope, *said.split("\n")[1:])) if (scope := self._searched_only()) else said
        shelf = next((shelf for shelf in self.sections.items if shelf.name == self.view.shelf), None)
        if shelf is not None and shelf.empty:  # before unread-only: there is nothing read to show either
            if shelf.failed:
                return with_keys(
                    _("No articles from this source: its last fetch failed, press {show_errors} to see why."), keys, _("No articles from this source: its last fetch failed.")
                )
            return _("No articles from this source.")
        if self.view.unread_only:
            return with_keys(_("Nothing unread here.\nPress {unread_only} to show read articles too."), keys, _("Nothing unread here."))
        if self.view.shelf == STARRED:
            return with_keys(_("No starred articles yet.\nPress {toggle_star} on an article to star it."), keys, _("No starred articles yet."))
        return _("No articles in this section.")

    def _searched_only(self) -> str | None:
        """Where a search that found nothing looked, if not in every article: a search in a section found nothing
        there and said only "No articles match", while other sections held many."""
        shelf = next((shelf.shown for shelf in self.sections.items if shelf.name == self.view.shelf), None) if self.view.shelf != ALL else None
        if shelf is not None:
            return (_("Searched the unread articles of {shelf} only.") if self.view.unread_only else _("Searched in {shelf} only.")).format(shelf=shelf)
        return _("Searched the unread articles only.") if self.view.unread_only else None

    def _show_articles(self, keep_id: str | None = None) -> None:
        """Show the view's articles. Its listing is made off the UI thread (a search, or a section of
        100,000 articles, takes milliseconds that typing should not wait for), and shown when it is
        done, unless a later one has been asked for meanwhile (another view, or the same one after a reload)."""
        self._listings += 1
        self._making = self.view
        self._hold_repaint()
        self._make_listing(self._listings, self.view, keep_id)

    def _pressed(self, action: KeyAction) -> Callable[[], None]:
        """What a key pressed now does, now or once what it waits for is there; m, s, M, n and p counted until then."""
        return self._counted(partial(action, self)) if action in MARK_KEYS else partial(action, self)

    def _counted(self, action: Callable[[], object]) -> Callable[[], None]:
        """A key's action that changes marks (an article opened is marked read), counted until it acts."""

        def act() -> None:
            self._marks_waiting.discard(act)
            action()

        self._marks_waiting.add(act)
        return act

    def _when_whole(self, action: Callable[[], object]) -> None:
        """As _when_listed, for a key that acts on the whole list: at start it waits for the library to be
        read whole, too. Until then the list holds the newest screenful only, and M marked those 200 read
        of 30,000. The keys typed after it wait behind it (_when_listed), so that they act in their order."""
        if self._reading_whole:
            self._when_loaded.append(action)
        else:
            self._when_listed(action)

    def _whole_read(self) -> None:
        """The library was read whole (or could not be): the keys that waited for it act now, in order."""
        self._reading_whole = False
        waiting, self._when_loaded = self._when_loaded, []
        for action in waiting:
            self._when_listed(action)

    def _when_listed(self, action: Callable[[], object]) -> None:
        """Do what a key asks of the list now, or once the listing on its way is shown: until then the
        list holds what was there before it, and the key is meant for the new one. A view changed again
        before that listing is shown (a section chosen right after M) takes the key with it."""
        if self._when_loaded:
            self._when_loaded.append(action)  # behind a key that waits for the whole library
        elif self._making is None:
            action()
        else:
            self._when_shown.append((self._making, action))

    def _hold_repaint(self) -> None:
        """Hold the repaint of the key pressed for its listing, a moment at most: a listing made by
        then shows in the same repaint as the key, as if it had been made there and then."""
        if self._held_repaint is None:
            self._held_repaint = held = ExitStack()
            held.enter_context(self.batch_update())
            self.set_timer(ECHO_WAIT, partial(self._release_repaint, held))

    def _release_repaint(self, held: ExitStack | None = None) -> None:
        """Let the screen be repainted again; `held`: only if it is still held by that hold (its time is up)."""
        if self._held_repaint is not None and held in (None, self._held_repaint):
            self._held_repaint.close()
            self._held_repaint = None

    @work(thread=True, exclusive=True, group="listing")
    def _make_listing(self, number: int, view: View, keep_id: str | None) -> None:
        # One listing at a time (a keystroke waits for the one before, which its own search may build on);
        # one that a later keystroke has replaced meanwhile is not made at all.
        with self._making_lock:
            if get_current_worker().is_cancelled:
                return
            try:
                listing = self.library_view.select(view)
            except StorageError as error:
                self.post_message(ListingMade(number, view, None, keep_id, str(error)))
                return
            self.post_message(ListingMade(number, view, listing, keep_id))

    @on(ListingMade)
    def _listing_made(self, made: ListingMade) -> None:
        if made.number != self._listings:
            return  # a later one is on its way
        if not self.is_running:
            return  # the screen is being taken down (run_test does so while the app still handles its messages)
        self._making = None
        # The keys that waited go with their view, but q: it quits from whatever view is shown. No key acts after
        # q, but a reload may still move the view (the sidebar's cursor, on the row of a section gone, goes to another).
        waiting = [action for view, action in self._when_shown if view == made.view or action == self._leave_soon]
        self._marks_waiting.difference_update(action for view, action in self._when_shown if view != made.view)
        self._when_shown = []
        if made.listing is None:
            failed = _("Could not search: {error}") if made.view.query else _("Could not list the articles: {error}")
            self.notify(failed.format(error=made.error), severity="error", timeout=10)
        else:
            self._show_listing(made.listing, made.keep_id, made.view)
        # A listing that failed lets go of the keys that waited for it, as a library that could not be read
        # whole does (_load_failed): they act on what is shown, and a q among them quits now, not after QUIT_WAIT.
        for at, action in enumerate(waiting):
            if self._making is not None:  # a key before it asked for another listing (n into the next section): the rest follow it
                self._when_shown += [(self._making, later) for later in waiting[at:]]
                break
            action()
        self._release_repaint()

    def _show_listing(self, listing: Listing, keep_id: str | None, view: View) -> None:
        keep = self.articles.current
        listed = self._listed_view
        # The same shelf made anew (a reload, u, a search) may leave out the article the cursor was on: the cursor
        # goes on from there; u after m sent it to the top, as if unread-only were another section.
        near = listed is not None and view.shelf == listed.shelf
        if keep_id is not None:
            keep = self.library_view.entry(keep_id) or keep
        elif listed is not None and not near:
            # Another section comes back where its cursor was left, as newsboat's feeds each keep theirs: J, G, K
            # put the cursor on the section's last row, the row it had in the one left, and enter opened another article.
            # That article, read since in unread-only, is left out: the cursor goes on from it, not from the top.
            own = self._shelf_places.get((view.by_source, view.shelf))
            left = self.library_view.entry(own) if own is not None else None
            keep, near = (left, True) if left is not None else (keep, False)
        # Another shelf, not visited yet, starts where its own cursor finds it, or at its top.
        self.articles.show(listing, self._empty_message(), keep, near=near)
        self._listed_view = view
        if self.start_article is not None and (self.articles.current is None or self.articles.current.id == self.start_article or self.library_view.complete):
            self.start_article = None  # shown, or not there at all: the list starts at the top
        self._show_title()
        self._remember_place()

    def _changed(self, entries: list[Entry]) -> None:
        """From the engine thread: the Library made a change; show it."""
        self._from_thread(self._after_change, entries)

    def _after_change(self, entries: list[Entry]) -> None:
        """Counts and marks everywhere, once a change of state is made."""
        self._show_shelves()
        if len(entries) == 1:
            [entry] = entries
            self.articles.refresh_entry(entry)
            shown = self.reader.article
            if self.current is not None and self.current.id == entry.id and shown is not None and shown.id == entry.id:
                self._read(shown, entry, keep_scroll=True, whole=self._text_pending != shown.id)  # its marks changed, not its text
        else:
            self.articles.refresh()

    def _titles_read(self) -> None:
        """The sources' titles are read: the sidebar by source, and an article already open, name its source by them."""
        self._show_shelves()
        shown = self.reader.article
        if self.current is not None and shown is not None and shown.id == self.current.id:
            self._read(shown, self.current, keep_scroll=True, whole=self._text_pending != shown.id)

    def _show_no_article(self) -> None:
        keys = self.keys_named
        choose = with_keys(_("Choose an article and press {list.open} to read it."), keys, _("Click an article to read it."))
        self.reader.show_message(choose + "\n" + with_keys(_("Press {help} for all keys."), keys, _("The command palette (^p) has every action.")))

    def _show_reader(self, entry: Entry, keep_scroll: bool = False) -> None:
        """Show an article in the reader: at once what the list knows of it, and its text once read.
        With `keep_scroll` (the same article again) the text shown stays until its new one is read."""
        if not keep_scroll:
            self._read(entry.article, entry, whole=False)
            self._text_pending = entry.id
            self._when_read.clear()  # keys meant for the article the reader had before
            self._choosing = None

        def read(article: Article) -> None:
            self._from_thread(self._show_text, article)

        def unreadable(error: Exception) -> None:
            self._from_thread(self._show_unreadable, entry, error)

        self.library_view.read_article(entry, read, unreadable)

    def _read(self, article: Article, entry: Entry, *, whole: bool, keep_scroll: bool = False) -> None:
        """Show an article in the reader, its source named as the sidebar by source names it. Not `whole`: what the
        list knows of it, while its text is being read (which may take a second), said so."""
        now, source_title = self.library_view.now(), self.library_view.source_title(article.source)
        text_source_title = self.library_view.source_title(article.text_source) if article.text_source else None
        self.reader.show(article, entry, now, source_title, keep_scroll=keep_scroll, reading=not whole, text_source_title=text_source_title)

    def _show_text(self, article: Article) -> None:
        """An article's text, read: shown if the reader is still on that article (the user may have moved on)."""
        if self.current is not None and self.current.id == article.id:
            self._read(article, self.current, keep_scroll=True, whole=True)
        self._text_read(article.id)

    def _show_unreadable(self, entry: Entry, error: Exception) -> None:
        if self.current is not None and self.current.id == entry.id:
            self.reader.show_message(_("This article cannot be read: {error}").format(error=error))
        self._text_read(entry.id)

    def _text_read(self, article_id: str) -> None:
        if self._text_pending == article_id:
            self._text_pending = None
            self._text_there()

    @on(TextMade)
    def _text_there(self) -> None:
        """The keys that waited for the article's text, once it is read and, long, made (TextMade)."""
        if self.reader.making:
            return  # once made
        waiting, self._when_read = self._when_read, []
        for action in waiting:
            action()

    def _when_text_read(self, entry: Entry, action: Callable[[], object]) -> None:
        """Do what a key asks of an article now, or, if it is in the reader and its text is on its way, once
        the text is there: until then the reader has only what the list knows of it (no links, no body)."""
        if self._text_pending == entry.id or self.reader.making:
            self._when_read.append(action)
        else:
            action()

    def _cursor_key(self, move: Callable[[], None]) -> None:
        def moved() -> None:
            move()
            self._pointed = self.articles.current.id if self.articles.current else None

        self._when_listed(moved)

    def open_entry(self, entry: Entry) -> None:
        self.current = entry
        self._pointed = entry.id
        self.library_view.set_read([entry], True, self._changed, self._write_failed)
        self._show_reader(entry)
        self.add_class("-reading")
        # The reader has the keys at every width, as newsboat's article view: beside the list too, j scrolls the
        # article and s, m and o act on it (the list kept them there, and they acted on another article than the one read).
        self.reader.focus()
        self.refresh_bindings()  # the list's q goes back from the article now
        self._remember_place()

    # -- events ----------------------------------------------------------------------------------

    def _sidebar_moved(self) -> None:
        shelf = self.sections.current
        if shelf is not None and shelf.name != self.view.shelf:
            self.view = dataclasses.replace(self.view, shelf=shelf.name)
            self._show_articles()

    def _section_chosen(self) -> None:
        # At once, not as focus() does it: a key typed right behind enter (on its way up from the sidebar) acts
        # where the focus is when it reaches the app's bindings.
        self.set_focus(self.articles)

    def _article_chosen(self) -> None:
        self._when_listed(self._counted(self._open_highlighted))

    @on(ArticleList.Highlighted, "#articles")
    def _article_highlighted(self, event: ArticleList.Highlighted) -> None:
        if event.control.is_attached:  # not while the app is being taken down
            self._remember_place()

    def _search_changed(self, query: str) -> None:
        self.view = dataclasses.replace(self.view, query=query)
        self._show_articles()
        if query:  # the first hits are the best: shown from the top, as newsboat's filter does, not scrolled out of sight
            self._when_listed(partial(self.articles.move_to, 0))

    # -- actions -----------------------------------------------------------------------------------

    def action_go_back(self) -> None:
        search = self.query_one("#search", Input)
        if self.focused is search or (self.view.query and not self.has_class("-reading")):
            search.value = ""
            self.remove_class("-searching")
            self.set_focus(self.articles)  # at once, as for q
        elif self.has_class("-reading") or self.focused is self.reader:
            self.action_close_article()
        elif self.focused is self.articles:
            self.set_focus(self.sections)

    async def action_reader_back(self) -> None:
        """The reader's q: back to the list, as newsboat's q from the article, while it shows one (wide, after `/` and
        escape too, which leave it open beside the list). With none, the list's q, which quits: `q q` typed together,
        the second q came to the reader, the list's focus still on its way."""
        if self.has_class("-reading") or (not self.has_class("-narrow") and self.reader.article is not None):
            self.action_close_article()
        else:
            await self.action_quit()

    def action_close_article(self) -> None:
        """Back from the article to the list alone, as newsboat's q: on a wide screen the reader shows what it
        showed at the start, so that the article still there is not taken for one still open (q again quits)."""
        self._leave_reader()
        if not self.has_class("-narrow"):
            self.current = None
            self._show_no_article()
        # At once, not as focus() does it, after the keys already queued: `q j enter` typed together went j and enter
        # to the reader, and opened the same article again.
        self.set_focus(self.articles)
        self.refresh_bindings()

    def _leave_reader(self) -> None:
        """The reader no longer has the user's attention: keys for its article that wait for its text
        (_when_text_read) are let go, as they would act where the user is now (a space opened the next article)."""
        self._when_read.clear()
        self._choosing = None
        self.remove_class("-reading")

    def action_group_by_source(self) -> None:
        """Sidebar by sections ⇄ by sources; the cursor stays on its article, in its own source or section (All and
        Starred stay themselves): thrown back to All, the reader lost the section they were reading."""
        current = self.articles.current
        view = dataclasses.replace(self.view, by_source=not self.view.by_source)
        shelf = view.shelf if view.shelf in (ALL, STARRED) else view.shelf_of(current) if current is not None else ALL
        if shelf not in {other.name for other in self.library_view.shelves(view.by_source)}:
            shelf = ALL
        self.view = dataclasses.replace(view, shelf=shelf)
        self._show_shelves()
        self.sections.select_name(shelf)
        self._show_articles(keep_id=current.id if current is not None else None)
        self.notify(_("The sidebar lists sources.") if view.by_source else _("The sidebar lists sections."), timeout=2)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self._quitting:  # the keys after q are typed into an app that is going, as newsboat's q goes at once
            return action == "quit"
        if action == "search":  # a `/` typed into a text field, or on a screen over the list, is that screen's
            return self.screen is self.screen_stack[0] and not isinstance(self.focused, Input)
        if action == "close_article":  # the list's q, beside an article (narrow, the reader alone has the keys then)
            return self.current is not None and not self.has_class("-narrow")
        return True

    def action_search(self) -> None:
        self._leave_reader()
        self.add_class("-searching")
        # Now, not after the keys already queued (Widget.focus waits for them): letters typed ahead
        # of the search box, as a slow connection delivers them, are the search, not commands.
        self.screen.set_focus(self.query_one("#search", Input))

    def action_submit_search(self) -> None:
        """Enter in the search box: the search stays, and the list has the keys, on its first hit."""
        self._when_listed(partial(self.articles.move_to, 0))  # the best hit is the first
        self.screen.set_focus(self.articles)  # now, as for `/`

    @on_the_list(whole=True)
    def action_page_or_next_unread(self) -> None:
        if self.current is not None and self.has_class("-reading") and (self._text_pending == self.current.id or self.reader.making):
            # What the reader shows until the text is read (and, long, made) ends at once: the text is paged once it
            # is there and laid out.
            self._when_text_read(self.current, partial(self.call_after_refresh, self.action_page_or_next_unread))
        elif self.current is not None and self.has_class("-reading") and not self.reader.at_end:
            self.reader.scroll_pages(1)
        elif self.current is None and self.articles.current is not None and not self.articles.current.read:
            self._open_highlighted()
        else:
            self._step_unread(1)

    def _open_highlighted(self) -> None:
        entry = self.articles.current
        if entry is not None:
            self.open_entry(entry)

    def _step_unread(self, step: int) -> None:
        """Open the next (step 1) or previous (-1) unread article of this view, rounding to its first unread
        (its last, for -1) past its end, as newsboat's next-unread searches the whole list; only with none
        left in the view, go on in the next section that has unread articles, as newsboat goes on to the
        next feed, and say so."""
        # What the last n or p said (no more unread, on to Hulst) goes as the reader moves on: after it, in turn with it.
        self.call_later(self._withdraw, STEP_NOTICE)
        items = self.articles.items
        highlighted = self.articles.current
        opened = highlighted is not None and self.current is not None and highlighted.id == self.current.id
        # The highlighted article counts as "next" until it has been opened; "previous" is before it.
        unread = unread_position(items, self.articles.cursor + (step if opened or step < 0 else 0), step)
        if unread is not None:
            self.articles.move_to(unread)
            self._open_highlighted()
            return
        if self._open_unread_at_end(step):
            if step > 0:
                self.notify(_("No more unread further down in {shelf}: round to its first.").format(shelf=self._shown(self.view.shelf)), timeout=4, kind=STEP_NOTICE)
            else:
                self.notify(_("No more unread further up in {shelf}: round to its last.").format(shelf=self._shown(self.view.shelf)), timeout=4, kind=STEP_NOTICE)
            return
        shelf = self._shelf_with_unread(step)
        if shelf is None:
            self.notify(_("No more unread articles."), timeout=3, kind=STEP_NOTICE)
            return
        left = self._shown(self.view.shelf)
        self.view = dataclasses.replace(self.view, shelf=shelf.name, query="")
        self.query_one("#search", Input).value = ""  # a search is left with the section it was made in
        self.remove_class("-searching")
        self.sections.select_name(shelf.name)
        self._show_articles()
        self._when_listed(self._counted(partial(self._open_unread_at_end, step)))
        self.notify(_("No more unread in {left}: on to {next}.").format(left=left, next=shelf.shown), timeout=4, kind=STEP_NOTICE)

    def _open_unread_at_end(self, step: int) -> bool:
        """Open the list's first unread article (step 1) or its last (-1); whether there was one. Not the one being
        read: marked unread again (N), it is where n and p round from, and they opened it again instead of going on."""
        items = self.articles.items
        first = unread_position(items, 0 if step > 0 else len(items) - 1, step)
        if first is not None and self.current is not None and items[first].id == self.current.id:
            first = unread_position(items, first + step, step)
        if first is None:  # (in a section the counts said had one, a change on its way may have read it since)
            return False
        self.articles.move_to(first)
        self._open_highlighted()
        return True

    def _shown(self, shelf: str) -> str:
        """A shelf as the sidebar names it (All, Starred and the articles without a section in the interface's language)."""
        return next((s.shown for s in self.sections.items if s.name == shelf), shelf)

    def _shelf_with_unread(self, step: int) -> Shelf | None:
        """The first section (or source) after (step 1) or before (-1) this view's, round the list, that has unread articles."""
        shelves = [shelf for shelf in self.library_view.shelves(self.view.by_source) if shelf.name not in (ALL, STARRED)]
        if self.view.shelf == ALL:
            return None  # All holds them all: there is nowhere further to go
        here = next((i for i, shelf in enumerate(shelves) if shelf.name == self.view.shelf), -1 if step > 0 else len(shelves))
        for offset in range(1, len(shelves) + 1):
            shelf = shelves[(here + step * offset) % len(shelves)]
            if shelf.unread and shelf.name != self.view.shelf:
                return shelf
        return None

    @on_the_list(whole=True)
    @changes_marks
    def action_next_unread(self) -> None:
        self._step_unread(1)

    @on_the_list(whole=True)
    @changes_marks
    def action_previous_unread(self) -> None:
        self._step_unread(-1)

    def show_shelf(self, name: str) -> None:
        """Show All, Starred or a section (a palette command, J and K); the reader closes on a narrow screen."""
        if self.has_class("-narrow") and self.has_class("-reading"):
            self.action_go_back()
        self._hold_repaint()  # from now: the sidebar's cursor and the section's list in one repaint
        self.sections.select_name(name)

    def _step_section(self, step: int) -> None:
        # From the sidebar's cursor: where the J before it went (J J typed together go two sections on). Past the
        # sources with no articles, as newsboat's next-unread-feed passes the feeds with nothing to read: sorted by
        # address, the failing ones came first, and every J from All stopped on each of them, an empty list. The
        # sidebar's cursor still reaches them, and the mark there tells why they are empty.
        shelves = self.sections.items
        for offset in range(1, len(shelves) + 1):
            shelf = shelves[(self.sections.cursor + step * offset) % len(shelves)]
            if not shelf.empty:
                self.show_shelf(shelf.name)
                return

    def action_next_section(self) -> None:
        self._step_section(1)

    def action_previous_section(self) -> None:
        self._step_section(-1)

    def _target(self) -> Entry | None:
        """The article a key acts on, one on screen: the one in the reader when the reader has the keys (as it
        has from enter on, and all of them on a narrow screen); the list given them back beside it (shift+tab),
        the one the reader shows while the cursor is on it, else the cursor's: j j s stars the article the cursor
        went to, as in newsboat's list. Not one the cursor landed on because the list was made anew (a fetch by
        cron), which the reader never saw. A narrow screen back from the reader shows the list alone: the keys
        act on its cursor, as newsboat's do."""
        if self.focused is self.reader or (self.has_class("-reading") and self.has_class("-narrow")):
            return self.current or self.articles.current
        if self.current is not None and self._pointed == self.current.id and not self.has_class("-narrow"):
            return self.current
        return self.articles.current or self.current

    @on_the_list()
    @changes_marks
    def action_toggle_read(self) -> None:
        self._toggle("read")

    @on_the_list()
    @changes_marks
    def action_toggle_star(self) -> None:
        self._toggle("starred")

    def _toggle(self, mark: Mark) -> None:
        entry = self._target()
        if entry is not None:
            self.library_view.toggle(entry, mark, self._toggled, self._write_failed)

    def _toggled(self, entries: list[Entry]) -> None:
        """From the engine thread: m or s made its change, or found no article to make it on (one removed by another
        process since it was shown, whose mark would be kept for no article)."""
        if entries:
            self._changed(entries)
        else:
            self._from_thread(self.notify, _("This article is no longer in the library: it has no marks to change."), severity="warning", kind=GONE_NOTICE)

    @on_the_list(whole=True)
    @changes_marks
    def action_mark_all_read(self) -> None:
        self._mark_read(self.articles.items)

    @on_the_list(whole=True)
    @changes_marks
    def action_mark_library_read(self) -> None:
        """newsboat's mark-all-feeds-read: every article of every section, whatever the view shows; U undoes it as it does M."""
        self._mark_read(self.library_view.entries)

    def _mark_read(self, shown: Sequence[Entry]) -> None:
        """Mark these read (M, C), saying how many were unread and which key undoes it."""

        def marked(entries: list[Entry]) -> None:  # on the engine thread
            self._changed(entries)
            if count := len(entries):
                message = ngettext("Marked {count} article read. Press {undo_mark_all} to undo.", "Marked {count} articles read. Press {undo_mark_all} to undo.", count)
                keyless = ngettext("Marked {count} article read. Undo it from the command palette (^p).", "Marked {count} articles read. Undo it from the command palette (^p).", count)
                self._from_thread(self.notify, with_keys(message, self.keys_named, keyless, count=grouped(count)), timeout=4)

        self.library_view.mark_all_read(shown, marked, self._write_failed)

    def action_undo_mark_all(self) -> None:
        def undone(entries: list[Entry]) -> None:  # on the engine thread
            self._changed(entries)
            count = len(entries)
            message = ngettext("{count} article is unread again.", "{count} articles are unread again.", count).format(count=grouped(count)) if count else _("Nothing to undo.")
            self._from_thread(self.notify, message, timeout=3)

        self.library_view.undo_mark_all(undone, self._write_failed)

    def action_toggle_unread_only(self) -> None:
        self.view = dataclasses.replace(self.view, unread_only=not self.view.unread_only)
        self._show_articles()
        self.notify(_("Showing unread articles only.") if self.view.unread_only else _("Showing all articles."), timeout=2)

    @on_the_list()
    def action_open_in_browser(self) -> None:
        self._open_in_browser(then_read=False)

    @on_the_list()
    @changes_marks
    def action_open_in_browser_and_mark_read(self) -> None:
        """newsboat's open-in-browser-and-mark-read: from the list, an article read in the browser is read."""
        self._open_in_browser(then_read=True)

    def _open_in_browser(self, then_read: bool) -> None:
        entry = self._target()
        if entry is not None:
            self._choosing = choice = _LinkChoice(partial(self._open_article_or_link, entry, then_read))
            self._when_text_read(entry, partial(self._when_keys_up, choice))

    def _when_keys_up(self, choice: _LinkChoice) -> None:
        """o's choice, its text there, once the keys typed before now are up at the app: one on its way from the list
        would reach the chooser after those typed to it (`o 1 enter`: enter chose the article before the 1 came)."""
        if self._choosing is choice:  # (not cancelled, nor left behind with the article)
            (self.focused or self.screen).post_message(_KeysUp(choice, self._keys_come))

    @on(_KeysUp)
    def _keys_up(self, message: _KeysUp) -> None:
        if self._choosing is not message.choice:
            return
        if message.typed != self._keys_come:  # one more on its way behind it
            self._when_keys_up(message.choice)
            return
        self._choosing = None
        message.choice.choose(message.choice.typed)

    async def on_event(self, event: Event) -> None:
        if isinstance(event, (Key, MouseDown)) and not event.is_forwarded:  # from the terminal, not up from a widget (_KeysUp)
            self._last_press = event.time
            self._keys_come += isinstance(event, Key)
            chosen_at, self._link_chosen_at = self._link_chosen_at, None
            if isinstance(event, Key) and chosen_at is not None and confirms(event, chosen_at, self._confirming):
                return  # the confirm (enter) typed with the number that opened a link: not the list's (OpenLinkScreen)
            if isinstance(event, Key) and self.focused is not None and self.focused.check_consume_key(event.key, event.character):
                # A letter for a text field (the search box, the export's path) is typed there, before the priority
                # bindings: Textual leaves them the keys a text field takes only for their own keys, not for those
                # config.toml's [keys] gives them (set_keymap), and hard_quit = "Q" quit at the Q of a search.
                self.focused._forward_event(event)
                return
        await super().on_event(event)

    def _open_article_or_link(self, entry: Entry, then_read: bool, typed: list[Key]) -> None:
        """The article's page, or the chooser of its links; then the keys `typed` while o waited for the text (a
        link's number, enter or o for the article, escape) go where they would have gone had it been there.
        `then_read`: the article is marked read as a page of it is handed to the browser (none chosen, or none that may
        be opened, leaves it unread)."""
        # The links of the text are numbered under it in the reader: an article not shown there has its own page opened.
        shown = self.reader.article
        article = shown if shown is not None and shown.id == entry.id else entry.article
        links = opened_links(article)

        def opened(address: str) -> None:
            self._open_url(address, partial(self.library_view.set_read, [entry], True, self._changed, self._write_failed) if then_read else None)

        if links:
            chooser = OpenLinkScreen(links, self._confirming)
            taken = chooser.takes(typed, self.keymap)
            typed, after = typed[:taken], typed[taken:]

            def chosen(number: int | None) -> None:
                self._link_chosen_at = None if chooser.confirmed else chooser.chosen_at
                if number is not None:
                    opened(page_url(article.url) if number == ARTICLE else links[number - 1].url)
                for key in after:  # typed after the key that closed it: to the app, as typed keys come
                    self.post_message(_as_typed(key))

            self.push_screen(chooser, chosen)
        else:
            opened(page_url(article.url))
        # Where the app sends a key that comes (Textual's App.on_event): to the chooser, if one came up (the top screen
        # at once). Now, ahead of the keys not at the app yet, that come after them.
        for key in typed:
            (self.focused or self.screen)._forward_event(key)

    def on_key(self, event: Key) -> None:
        """Every key typed after o, until its chooser comes up, is the chooser's, in its turn: a digit typed with the
        o before it (`o3` in one burst: a slow ssh, tmux send-keys) was on its way to the list as o put up the
        chooser, and reached it after the keys typed to it (`o 1 enter` opened the article), or not at all; while o
        waits for the article's text (`enter o 2`: the text is read after enter), `o o` put up two choosers.
        But escape (or q), which would close the chooser, cancels it then and there, with the keys typed for it: a
        long text takes a second or two to make, and the user waited that long for a chooser to close."""
        if self._choosing is not None:
            event.prevent_default()
            if event.key in CANCEL_KEYS:
                self._choosing = None
            else:
                self._choosing.typed.append(_as_typed(event))

    def _open_url(self, address: str, handed: Callable[[], None] | None = None) -> None:
        """The address in the browser, where it is a web address not refused as a double press; `handed` is called
        once a browser that is there has it (BrowserLauncher.open)."""
        url = web_url(address)
        if url is None:
            self.notify(_("Not opening {address}: only http and https addresses are opened.").format(address=address), severity="warning", timeout=5)
            return
        self.launcher.open(url, handed)

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self._key_groups(), own_feeds=self.newcomer()))

    def newcomer(self) -> bool:
        """Whether the user reads only the samples yet: config.toml lists no source of their own and the library holds
        the samples alone. How to read their own feeds is said then (the start's hint, the keys screen), not after."""
        return not self.own_sources and self.library_view.only_samples

    @on_the_list(whole=True)
    def action_export_view(self) -> None:
        entries = list(self.articles.items)
        view, shown = self.view, self._shown(self.view.shelf)
        default = Path.home() / f"nieuws-tui-{self.library_view.export_stem(view)}.atom"

        def write(path: Path, closed: Callable[[], None], failed: Callable[[Exception], None]) -> None:
            fmt: Format = "rss" if path.suffix.lower() == ".rss" else "atom"

            def written(outcome: tuple[int, list[str]]) -> None:  # on the engine thread
                count, left_out = outcome
                message = ngettext("Wrote {count} article to {path} ({format})", "Wrote {count} articles to {path} ({format})", count).format(count=grouped(count), path=shown_path(path), format=fmt)
                if left_out:
                    message += ngettext("; {count} left out: {first}", "; {count} left out: {first}", len(left_out)).format(count=grouped(len(left_out)), first=left_out[0])
                self._from_thread(closed)
                self._from_thread(self.notify, message + ".", timeout=6)

            self.library_view.export(entries, path, fmt, view, shown, written, partial(self._from_thread, failed))

        self.push_screen(ExportScreen(default, len(entries), write))

    def action_refresh_sources(self) -> None:
        if self.fetching:
            self.notify(_("Already refreshing."), timeout=2)
            return
        self._refresh(on_schedule=False)

    def _refresh(self, on_schedule: bool) -> None:
        self.fetching = True
        self._on_schedule = on_schedule  # a refresh the user did not ask for just then says only what it brought
        self.refresh_errors, self.refresh_notes, self._failed_sources = [], [], set()
        self._refresh_progress = (0, 0)  # until its plan is made
        self.refreshed = True
        self._status(_("Refreshing…"))
        self.library_view.plan_refresh(lambda plan: self._from_thread(self._start_refresh, plan), self._refresh_failed)

    def _refresh_on_schedule(self) -> None:
        """A refresh config.toml asks for (refresh-minutes, refresh-on-start): as `r`, but one running already is enough.
        The app's timers tick on while it shuts down and its widgets go: none is started then."""
        if self.is_running and not self.fetching and not self._leaving:
            self._refresh(on_schedule=True)

    def _start_refresh(self, plan: RefreshPlan) -> None:
        self._warn(list(plan.warnings))
        self.launcher.configured = plan.browser  # read again with the sources: a browser named since start is o's now
        self.own_sources = plan.own_sources  # and a source added since (`sources add URL`): no more newcomer
        if not plan.sources and not plan.paths:
            self._refresh_ended()
            if not self._on_schedule:
                self.notify(_("No sources yet: add one with `nieuws-tui sources add URL`."), timeout=5)
            return
        self._refresh_progress = (0, len(plan.sources))
        self._refreshing = self._source_names(plan.sources)
        self._waiting, self._held = {}, set()
        self._status(ngettext("Refreshing {count} source…", "Refreshing {count} sources…", len(plan.sources)).format(count=grouped(len(plan.sources))))
        self.library_view.fetch_sources(
            plan,
            on_event=lambda event: self._from_thread(self._refresh_event, event),
            done=lambda reports: self._from_thread(self._refreshed, *reports),
            stopped=self._refresh_failed,
        )

    def _refresh_failed(self, error: Exception) -> None:
        """From the engine thread: the refresh stored nothing, for want of its sources (SourcesError names
        config.toml) or because fetching, storing or committing failed."""

        def say() -> None:
            reason = str(error) if isinstance(error, SourcesError) else _("Could not refresh: {error}").format(error=why(error))
            self.refresh_errors.append((_("This refresh"), _("{reason} (nothing of it was stored)").format(reason=reason)))  # for E
            self._refresh_ended()
            self._show_after_reload()  # without the run's articles
            self.notify(reason, severity="error", timeout=10)

        self._from_thread(say)

    def _refresh_ended(self) -> None:
        self.fetching = False
        self._library_waits = False
        self._status("")

    def _library_busy(self, message: str) -> None:
        """A write waits for another process that writes the library (cron's fetch), for minutes maybe: said, and
        during a refresh on its status line until the library's thread moves on, a source stored or the run
        finishing. The status said "storing" for the whole wait, the notice gone in seconds."""
        self.notify(message, severity="warning", timeout=8)
        if self.fetching:
            self._library_waits = True
            waits = _("waiting: another process is writing to {path} (a fetch, or the app's refresh)").format(path=shown_path(self.library_view.library.file))
            self._status(_("Refreshing — {what}").format(what=waits))

    def _refresh_event(self, event: Progress | SourceResult | Finishing) -> None:
        from feeds import Finishing, SourceResult  # loaded by the refresh already; not at start-up

        if not self.fetching:  # said by the run's thread as the refresh failed on the library's: it is over
            return
        if isinstance(event, (SourceResult, Finishing)):  # from the library's thread: no longer waiting for the library
            self._library_waits = False
        if isinstance(event, Finishing):  # every source is done: what the refresh does until it ends is its own
            self._status(_("Refreshing — {what}").format(what=event.text))
            return
        done, total = self._refresh_progress
        source = self._refreshing.get(event.source.url, event.source.public_url)
        self._waiting.pop(event.source.url, None)
        if isinstance(event, SourceResult):
            if event.source.url not in self._held:
                done += 1
                self._refresh_progress = (done, total)
            if event.error:
                self.refresh_errors.append((source, event.error))
                self._failed_sources.add(event.source.public_url)
            self._show_after_reload()
            said = (source, event.summary)
        elif event.held:  # done with its servers: counted, and not named while another holds the refresh up
            self._held.add(event.source.url)
            done += 1
            self._refresh_progress = (done, total)
            said = (source, event.text)
        else:
            self._waiting[event.source.url] = said = (source, event.text)  # the latest last
        if self._library_waits:  # what the other sources do meanwhile is not what holds the refresh up
            return
        # A source done is said until the next event; while others are still under way, the last of them to say
        # something is named, not one that ended long ago (a slow source kept a finished one's failure in sight).
        source, what = next(reversed(self._waiting.values()), said)
        self._status(_("Refreshing {done}/{total}: {source} — {what}").format(done=grouped(done), total=grouped(total), source=source, what=what))

    def _refreshed(self, report: FetchReport, imported: ImportReport | None) -> None:
        # E lists the sources in config.toml's order (the refresh's plan keeps it), not in the order they finished in,
        # which changed from run to run: a source is where it was the time before. Sorted as the refresh ends, not as
        # they fail: the open dialog adds each under those it shows. The files imported, and the refresh's own, after.
        place = {name: number for number, name in enumerate(self._refreshing.values())}
        self.refresh_errors.sort(key=lambda error: place.get(error[0], len(place)))
        if imported is not None:
            self.refresh_errors += imported.failed
        # Kept for E: the note said as the refresh ends may be missed, and a source cut off looked as if all was well.
        self.refresh_notes = [(self._refreshing.get(result.source.url, result.source.public_url), note) for result in report.results for note in result.notes]
        self.refresh_notes.sort(key=lambda note: place.get(note[0], len(place)))
        self.refresh_notes += imported.notes if imported is not None else []
        self._refresh_ended()
        new = sum(r.new for r in report.results) + (imported.new if imported else 0)
        updated = sum(r.updated for r in report.results) + (imported.updated if imported else 0)
        failed = len(self.refresh_errors)
        if failed:
            message = ngettext(
                "Refreshed: {new} new, {updated} updated; {failed} failed, press {show_errors} to see why.",
                "Refreshed: {new} new, {updated} updated; {failed} failed, press {show_errors} to see why.",
                failed,
            )
            keyless = ngettext(
                "Refreshed: {new} new, {updated} updated; {failed} failed, see why in the command palette (^p).",
                "Refreshed: {new} new, {updated} updated; {failed} failed, see why in the command palette (^p).",
                failed,
            )
        else:
            message = keyless = _("Refreshed: {new} new, {updated} updated.")
        pruned = len(report.pruned)  # by keep-days and prune-unread, as `fetch` says it: gone from the list, not without a word
        if new or updated or failed or pruned or not self._on_schedule:
            said = with_keys(message, self.keys_named, keyless, new=grouped(new), updated=grouped(updated), failed=grouped(failed))
            if pruned:
                said += " " + ngettext("{count} old article pruned.", "{count} old articles pruned.", pruned).format(count=grouped(pruned))
            self.notify(said, severity="warning" if failed else "information", timeout=8)
        # Until repaired, every source is fetched whole: said at each refresh asked for, and at the first on schedule,
        # not again every few minutes by those that say only what they brought (again once repaired and damaged anew).
        if report.damaged and not (self._on_schedule and self._damage_said):
            self.notify(report.damaged, severity="warning", timeout=10)
        self._damage_said = report.damaged is not None
        if report.space_kept:  # its prune's, of many articles: the next `prune` or `fetch` gives it back
            self.notify(report.space_kept, severity="warning", timeout=10)
        if imported is not None and imported.forgotten:  # said once, on schedule too: the next refresh reads them no more
            gone = ngettext(
                "{count} imported file or folder is gone ({path}): r no longer imports it again; its articles stay",
                "{count} imported files and folders are gone ({path}, …): r no longer imports them again; their articles stay",
                len(imported.forgotten),
            )
            self.notify(gone.format(count=grouped(len(imported.forgotten)), path=shown_path(imported.forgotten[0])), severity="warning", timeout=10)
        if self.refresh_notes and not self._on_schedule:  # the notes E keeps, each line as `fetch` and `import` say it
            from feeds import shown_url

            self.notify([_("{url}: {reason}").format(url=shown_url(source), reason=note) for source, note in self.refresh_notes], severity="warning", timeout=10)
        self._show_after_reload()

    def _source_names(self, sources: list[Source]) -> dict[str, str]:
        """How the app names each of a refresh's sources, by URL (its status line, E, the notes as it ends): by the
        title the sidebar names it by, where it has one, and its address, as the reader's source line does: the title
        names it, the address (its account, where several read one: shown_sources) tells where to mend it."""
        addresses = shown_sources(sources)
        names = {}
        for source in sources:
            title = source.title or self.library_view.source_title(source.public_url)  # config.toml's first, as the sidebar's
            names[source.url] = _("{title} ({source})").format(title=title, source=addresses[source.url]) if title else addresses[source.url]
        return names

    def action_show_errors(self) -> None:
        self.push_screen(ErrorsScreen(*self._refresh_state()))

    def _refresh_state(self) -> tuple[list[tuple[str, str]] | None, tuple[int, int] | None, list[tuple[str, str]]]:
        """What E tells of the refresh (ErrorsScreen): its errors, if one has run, its progress while it runs, and
        the sources it read only in part."""
        return self.refresh_errors if self.refreshed else None, self._refresh_progress if self.fetching else None, self.refresh_notes

    def _status(self, text: str) -> None:
        """The refresh has moved on: said on the status line, and in the E dialog if it is open, which follows it
        (a source failing while the dialog is up is listed there, and the title says when the refresh is over)."""
        if not self._quitting:  # the note that the app is quitting stays: a refresh going on meanwhile would wipe it
            self._show_status(text)
        for screen in self.screen_stack:
            if isinstance(screen, ErrorsScreen):
                screen.show(*self._refresh_state())

    def _show_status(self, text: str) -> None:
        status = self.query_one("#status", Static)
        status.update(Content(terminal_safe(text)))
        status.set_class(bool(text), "-active")

    # -- other processes, failures, memory ---------------------------------------------------------

    def _look_for_changes(self) -> None:
        if not self.fetching:
            self.library_view.pick_up_changes(self._reloaded, self._look_failed)

    def _look_failed(self, error: Exception) -> None:
        """From the engine thread: what other processes stored could not be read (nothing was being saved). Said once
        for as long as the looks fail for that reason (pick_up_changes); a library busy with another process's
        long write is neither damaged nor failing, and is not said."""
        self._from_thread(self.notify, _("Could not read what other processes stored: {error}").format(error=why(error)), severity="error", timeout=10)

    def _reloaded(self, changed: bool) -> None:
        if changed:
            self._from_thread(self._show_after_reload)

    def _show_after_reload(self) -> None:
        shown = self.reader.article
        stored = self.library_view.entry(self.current.id) if self.current else None
        if self.current is not None and stored is None and shown is not None and shown.id == self.current.id and self.library_view.complete:
            # Another process removed the article being read (cron's prune of keep-days): it stays the reader's to
            # finish, and the one its keys act on. Forgotten, m and s went to the list's cursor, a row the user never
            # chose, and q, with no article open, quit the app. Said once, not at every fetch after.
            if self._gone != shown.id:
                self._gone = shown.id
                self.notify(_("This article is no longer in the library: another process removed it. It stays here until you leave it."), severity="warning", kind=GONE_NOTICE)
        else:
            self.current = stored
            if not self.fetching and stored is not None and shown is not None and shown.id == stored.id:
                # Its text may have changed (a teaser's full story came in), or been stored only now: the
                # text is read as committed, and a refresh commits at its end.
                self._show_reader(stored, keep_scroll=True)
        self._show_shelves()
        # The remembered article, once every entry is read, unless the reader has moved on since the start.
        self._show_articles(keep_id=None if self._moved_since_start() else self.start_article)
        if self.library_view.complete and self._reading_whole:
            self._whole_read()  # the keys wait on for the listing of the whole library, now on its way

    def _moved_since_start(self) -> bool:
        return self.current is not None or self.articles.cursor != 0

    def _outcome_lost(self, error: Exception) -> None:
        """From the engine thread: a job was done (a change saved, entries read), but showing it failed; said,
        rather than the screen going on as before without a word."""
        self._from_thread(self.notify, _("Could not update the screen: {error}").format(error=why(error)), severity="error", timeout=10)

    def _titles_unreadable(self, error: StorageError) -> None:
        """From the engine thread: the sources' titles could not be read; the sidebar by source names them by their
        addresses. Said with the library's own line (it names the file): a disk's error is no damage to check for."""
        said = _("Could not read the sources' titles, so the sources go by their addresses: {error}")
        self._from_thread(self.notify, said.format(error=why(error)), severity="warning", timeout=10)

    def _index_failed(self, error: Exception) -> None:
        """From the engine thread: the search index could not take in new articles (damage, a disk's error); searches
        find what it has, and it tries again at each look for changes. Said once (LibraryView.catch_up_search)."""
        said = _("Could not make the new articles searchable; a search may miss them: {error}")
        self._from_thread(self.notify, said.format(error=why(error)), severity="warning", timeout=10)

    def _load_failed(self, error: Exception) -> None:
        """From the engine thread: the rest of the library could not be read; the keys waiting for it act on what is shown."""

        def said() -> None:
            self.notify(_("Could not read the whole library: {error}").format(error=why(error)), severity="error", timeout=10)
            self.library_view.unreadable = True
            self._show_shelves()
            self._whole_read()

        self._from_thread(said)

    def _write_failed(self, error: Exception) -> None:
        self._from_thread(self.notify, _("Could not save: {error}").format(error=why(error)), severity="error", timeout=10)

    def _remember_place(self) -> None:
        current = self.articles.current
        # The remembered article until it is shown: quitting before the rest of the library is read keeps it.
        article = self.start_article if self.start_article and not self._moved_since_start() else (current.id if current else None)
        if article is not None and self._listed_view is not None:
            shelf = (self._listed_view.by_source, self._listed_view.shelf)
            self._shelf_places.pop(shelf, None)  # to the end: the most recently left are those app.json keeps
            self._shelf_places[shelf] = article
        self.preferences.places[self.library_view.key] = Place(
            shelf=self.view.shelf, article=article, unread_only=self.view.unread_only, by_source=self.view.by_source,
            shelves=dict(self._shelf_places),  # a copy: the quit saves it off the app's thread
        )  # fmt: skip

    def _remember_theme(self, _theme: object) -> None:
        self.preferences.theme = self.theme

    def _key_owners(self) -> list[tuple[str, list[BindingType]]]:
        return self.key_owners(self._textuals_keys())

    @classmethod
    def key_owners(cls, textuals: Iterable[BindingType]) -> list[tuple[str, list[BindingType]]]:
        """The app's bindings by where they work, those that work everywhere first, with the keys Textual gives it
        (`textuals`: _textuals_keys); also for an import of newsboat's keys, without an app."""
        return [
            (_("Everywhere"), [*cls.BINDINGS, *textuals]),
            (_("Lists"), [*VirtualList.BINDINGS, *ArticleList.BINDINGS]),
            (_("Reader"), ArticleReader.BINDINGS),
            (_("Search box"), SearchBox.BINDINGS),
        ]

    def _textuals_keys(self) -> list[BindingType]:
        """The keys Textual gives every app (ctrl+q quits, ctrl+c says how, ctrl+p the palette): they have no name in
        [keys], and a key given to one of ours there takes theirs all the same. Its own bindings, unchanged by the keymap."""
        return [binding for _key, binding in self._bindings if not binding.id]

    @staticmethod
    def screen_keys() -> list[tuple[str, list[BindingType]]]:
        """The keys of the screens over the app, where the app's own keys do not act."""
        return [(_("Keys screen"), HelpScreen.BINDINGS), (_("Refresh errors"), ErrorsScreen.BINDINGS)]

    def _key_groups(self) -> list[KeyGroup]:
        """Every key, grouped by where it works, for the help screen."""
        groups = key_groups([*self._key_owners(), *self.screen_keys()], self.keymap)
        groups[0][1].extend([(f"{drawn('tab')} {drawn('shift+tab')}", _("Next / previous region"), ""), (drawn("ctrl+p"), _("Command palette: every action, every section, themes"), "")])
        # The list's marks, beside its keys: at 80 columns a teaser is a bare T.
        groups[1][1].extend([
            (UNREAD_MARK, _("Unread (a read article has no mark)"), ""),
            (STAR_MARK, _("Starred"), ""),
            ("T", _("Teaser: the full text is not in the library yet (the word “teaser” where the list is wide)"), ""),
        ])  # fmt: skip
        return groups

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        # Textual's own "Keys" opens a panel of the focused widget's keys: a second "Keys" beside ours, which shows them all.
        # Textual's others in the interface's language (tools/catalogs.py puts Textual's words in the catalogs).
        for command in super().get_system_commands(screen):
            if command.title != "Keys":
                yield command._replace(title=_(command.title), help=_(command.help))
        in_force = keys_in_force(self.BINDINGS, self.keymap)
        for binding in named(self.BINDINGS):
            if binding.action not in ("quit", "go_back"):
                keys = in_force[binding.id or ""]
                count = len(keys.split())
                key = ngettext("Key: {keys}", "Keys: {keys}", count).format(keys=keys) if keys else _("No key")
                yield SystemCommand(said(binding, self.keys_named), key, lambda action=binding.action: self.run_action(action))  # the footer's short label would be cryptic here
        for shelf in self.library_view.shelves(self.view.by_source):  # found by typing a section's name; they would crowd the first list
            if shelf.counted:
                counts = ngettext("{unread} unread of {total}", "{unread} unread of {total}", shelf.total).format(unread=grouped(shelf.unread), total=grouped(shelf.total))
            else:
                counts = _("Counts unknown") if shelf.unknown else _("Counting…")
            yield SystemCommand(_("Go to {shelf}").format(shelf=terminal_safe(shelf.shown)), counts, partial(self.show_shelf, shelf.name), discover=False)

    def action_command_palette(self) -> None:
        """Textual's palette, with its placeholder in the interface's language."""
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(Palette(id="--command-palette", placeholder=_("Search for commands…")))

    def search_themes(self) -> None:
        self.push_screen(Palette(providers=[ThemePicker], placeholder=_("Search for themes…")))



def reader_app(
    library: Library, *, now: Callable[[], datetime] | None = None, preferences: Preferences | None = None, refresh_on_start: bool = False,
    greetings: Iterable[str] = (),
) -> NieuwsApp:
    """The app as `nieuws-tui` opens it: with config.toml's keys, and its warnings (an unknown key, `keep_days`)
    to say at start. config.toml is read before the app starts, for keys typed at once to be the user's; that
    takes half a millisecond, and the warnings come with it: nothing more to read before or after the first screen.
    `refresh_on_start` (-r) refreshes as it opens, whatever config.toml says. `greetings`: what opening the library
    said (a new one's samples), said first; while the samples are all it holds, how to add one's own feeds after them,
    in the same notice."""
    try:
        # A wrong setting of the app's a warning, as a refresh says it: all of them at once, and the right ones kept.
        config = load_config(reader="app")
    except SourcesError as error:  # the reader opens all the same, with its own keys
        app = NieuwsApp(library, now=now, preferences=preferences, warnings=[str(error)], refresh_on_start=refresh_on_start)
    else:
        app = NieuwsApp(
            library, now=now, preferences=preferences, keys=config.keys, warnings=config.warnings,
            refresh_minutes=config.refresh_minutes, refresh_on_start=config.refresh_on_start or refresh_on_start, browser=config.browser,
        )  # fmt: skip
        app.own_sources = config.lists_own_sources()
    said = [greeting[:1].upper() + greeting[1:] + "." for greeting in greetings]
    if said and app.own_sources and app.library_view.only_samples:
        # A new library's samples among sources of one's own (`sources import-newsboat` before the first start): the
        # hint that would name the command is not said to one who has sources, and they stayed with no word of how they go.
        said[-1] += " " + _("`nieuws-tui sources remove --samples` removes them.")
    # A newcomer's first question: how to read their own feeds. Said until it was seen once, not at every start.
    if not app.preferences.samples_hint_seen and app.newcomer():
        app.call_later(_say_samples_hint, app, said)
    else:
        for greeting in said:
            app.call_later(_notify_folded, app, greeting, 8)
    return app


def _notify_folded(app: NieuwsApp, message: str, timeout: float) -> None:
    """A notice that names a path (a new library's) folded after a `/` where the path is wider than the notice: at
    80 columns Textual broke it mid-name, and the user could not read where their library is. Folded as it is said,
    for the screen's width then, by a space where Textual wraps the line (notify shows a line end as its escape)."""
    # Textual's toast: 60 columns, at most half the screen, less its padding and its edge on the left.
    width = min(60, app.size.width // 2) - 3
    words = []
    for word in message.split(" "):
        lines = [""]
        for part in re.split(r"(?<=/)", word) if len(word) > width else [word]:
            if lines[-1] and len(lines[-1]) + len(part) > width:
                lines.append("")
            lines[-1] += part
        words.extend(lines)
    app.notify(" ".join(words), timeout=timeout)


async def _say_samples_hint(app: NieuwsApp, greetings: list[str]) -> None:
    """The hint, after what opening the library said (`greetings`: a new one's samples, which says what they are) in
    the same notice: as notices of their own, with a warning of config.toml's, they were taller than 80×24 has room
    for, and one was cut off, the warning's start or the hint's last line, its `?`."""
    hint = with_keys(
        _("To read your own feeds: `nieuws-tui sources add URL`; {help} shows the other ways."), app.keys_named,
        _("To read your own feeds: `nieuws-tui sources add URL`, or a [[source]] in config.toml."),
    )  # fmt: skip
    _notify_folded(app, " ".join([*(greetings or [_("These are sample articles.")]), hint]), timeout=20)
    app.preferences.samples_hint_seen = True
    # Kept as it is said, not only as the app quits: killed or crashed before, it came again at the next start. Alone,
    # and off the app's thread (a TinyDB write with an fsync), as the quit keeps the rest.
    with suppress(StorageError):  # the quit says why the preferences could not be kept
        await asyncio.to_thread(Preferences(samples_hint_seen=True).save)


def run_app(library: Library, greetings: list[str] | None = None, refresh_on_start: bool = False) -> int:
    app = reader_app(library, refresh_on_start=refresh_on_start, greetings=greetings or ())
    app.run()
    return app.return_code or 0  # 1 after a crash, which Textual has shown; the reader's own exits are 0
