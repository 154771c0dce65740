"""The footer, its keys by importance, those it has no room for left out whole."""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.events import Resize
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # (Textual keeps that class private)

# The keys the footer shows, by their actions, most needed first: narrow, its end has no room, and what goes is then
# what a reader misses least (unread only: the header says it too). Textual lists a key remapped in config.toml's
# [keys] last, so it was the one that went.
IMPORTANCE = ("quit", "close_article", "reader_back", "help", "next_unread", "toggle_read", "toggle_star", "search", "refresh_sources", "toggle_unread_only")


class KeysFooter(Footer):
    def compose(self) -> ComposeResult:
        keys = sorted(super().compose(), key=_rank)  # stable: the others (the search box's, the palette's) keep their order, after these
        self._hide_cut(keys)
        yield from keys

    def on_resize(self, _event: Resize) -> None:
        self._hide_cut(self.children)

    def watch_compact(self) -> None:
        self._hide_cut(self.children)

    def _hide_cut(self, keys: Iterable[Widget]) -> None:
        """A key that does not fit whole is not drawn: `r Verv` said nothing, and looked like all there was. Which
        fit is told by the cells their labels take, not by where they were laid out: hidden after a layout, a key
        stayed cut until the next (a focus change), for the layout that placed it was not the last (the keys of a
        recompose, of a resize, come in after it)."""
        keys = list(keys)
        margin = 1 if self.compact else 0  # the last key's, which may fall past the edge
        room = self.size.width + margin - sum(_cells(key, self.compact) for key in keys if key.has_class("-command-palette"))
        for key in keys:
            if not key.has_class("-command-palette"):
                room -= _cells(key, self.compact)
                key.visible = room >= 0  # those after one that did not fit neither: the most needed go last
                room = room if key.visible else -1


def _cells(key: Widget, compact: bool) -> int:
    """The cells `key` takes in the footer, by Textual's styles for it (padding, margins, the palette's border)."""
    if not isinstance(key, FooterKey):
        return 0
    label = cell_len(key.key_display) + (cell_len(key.description) + 1 if key.description else 0)
    if key.has_class("-command-palette"):
        return label + 2  # its border and padding
    return label + (1 if compact else 2)  # a margin after it, or padding on both sides of the key


def _rank(widget: Widget) -> int:
    action = getattr(widget, "action", None)  # a FooterKey's (Textual keeps that class private)
    action = action.removeprefix("app.") if isinstance(action, str) else None
    return IMPORTANCE.index(action) if action in IMPORTANCE else len(IMPORTANCE)
