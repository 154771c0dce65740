"""The command palette's theme picker: Textual's list of themes, with the one in use marked."""

from __future__ import annotations

from textual.command import DiscoveryHit, Hit, Hits
from textual.theme import ThemeProvider

from feeds import N_
from feeds import gettext as _

IN_USE = N_("✓ in use")


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
                yield Hit(match, matcher.highlight(name), choose, text=name, help=self._help(name))
