"""The command palette in the interface's language, and its providers: the app's commands, and Textual's list of
themes with the one in use marked."""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Matcher
from textual.content import Content
from textual.system_commands import SystemCommandsProvider
from textual.theme import ThemeProvider
from textual.widgets.option_list import Option

from feeds import N_
from feeds import gettext as _

IN_USE = N_("✓ in use")
NOTHING_FOUND = N_("No matches found")


class Palette(CommandPalette):
    """Textual's palette, which says in English that nothing matched: here in the interface's language."""

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show_nothing_found() -> None:
            # As Textual's own: a list that shows nothing found only for a search, not for nothing to discover.
            if search_value:
                nothing = Option(Align.center(Text(_(NOTHING_FOUND), style="not bold")), disabled=True, id=self._NO_MATCHES)
                self.query_one(CommandList).add_option(nothing)
            self._list_visible = bool(search_value)

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_nothing_found)


def highlighted(matcher: Matcher, text: str) -> Content:
    """`text` with the letters the query matched marked, taken as the text it is. (Textual's own
    highlight reads it as markup: a section named `[@click=app.quit]Sport[/]` by a feed would run that.)"""
    content = Content(text)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class AppCommands(SystemCommandsProvider):
    """The app's commands, "Go to" every section among them (get_system_commands)."""

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback, *_discover in self.app.get_system_commands(self.screen):
            if (score := matcher.match(name)) > 0:
                yield Hit(score, highlighted(matcher, name), callback, text=name, help=help_text)


class ThemePicker(ThemeProvider):
    def _help(self, name: str) -> str | None:
        return _(IN_USE) if name == self.app.theme else None

    async def discover(self) -> Hits:
        for name, choose in self.commands:
            yield DiscoveryHit(name, choose, help=self._help(name))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, choose in self.commands:
            if (match := matcher.match(name)) > 0:
                yield Hit(match, highlighted(matcher, name), choose, text=name, help=self._help(name))
