"""The footer, its keys by importance, those it has no room for left out whole."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.events import Resize
from textual.widget import Widget
from textual.widgets import Footer

# The keys the footer shows, by their actions, most needed first: narrow, its end has no room, and what goes is then
# what a reader misses least (unread only: the header says it too). Textual lists a key remapped in config.toml's
# [keys] last, so it was the one that went.
IMPORTANCE = ("quit", "close_article", "reader_back", "help", "next_unread", "toggle_read", "toggle_star", "search", "refresh_sources", "toggle_unread_only")


class KeysFooter(Footer):
    def compose(self) -> ComposeResult:
        self.call_after_refresh(self._hide_cut)
        yield from sorted(super().compose(), key=_rank)  # stable: the others (the search box's, the palette's) keep their order, after these

    def on_resize(self, _event: Resize) -> None:
        # Every key shown first, for a wider footer to lay out those hidden before; then those it has no room for hidden.
        for key in self.children:
            key.visible = True
        self.call_after_refresh(self._hide_cut)

    def _hide_cut(self) -> None:
        """A key that does not fit whole is not drawn: `r Verv` said nothing, and looked like all there was. Hidden,
        not taken out, for the keys before it to stay where they are."""
        right = self.content_region.right
        for key in self.children:
            key.visible = key.region.right <= right


def _rank(widget: Widget) -> int:
    action = getattr(widget, "action", None)  # a FooterKey's (Textual keeps that class private)
    action = action.removeprefix("app.") if isinstance(action, str) else None
    return IMPORTANCE.index(action) if action in IMPORTANCE else len(IMPORTANCE)
