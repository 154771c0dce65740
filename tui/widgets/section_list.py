"""The sections region: All, Starred, then every section (or every source), each with its unread count."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.cells import cell_len
from rich.segment import Segment
from textual.geometry import Size

from feeds import STARRED, Shelf, grouped, terminal_safe

from .virtual_list import VirtualList, fit


def count_of(shelf: Shelf) -> str:
    """What a row counts: unread articles; for Starred, the starred ones (mostly read, and still wanted);
    an ellipsis while they are being counted, a question mark when they cannot be. A source with no articles
    says 0 (newsboat's (0/0)): without a count it read as one whose articles are all read. A `!` after a source that
    failed at the last refresh (E says why): a mark, not a word, reads the same in both languages and without colour."""
    if not shelf.counted:
        count = "?" if shelf.unknown else "…"
    else:
        number = shelf.total if shelf.name == STARRED else shelf.unread
        count = grouped(number) if number or shelf.empty else ""
    return f"{count} !".lstrip() if shelf.failed else count


class SectionList(VirtualList[Shelf]):
    DEFAULT_CSS = Path(__file__).with_name("section_list.tcss").read_text(encoding="utf-8")

    def render_row(self, shelf: Shelf, width: int) -> list[Segment]:
        count = count_of(shelf)
        name = fit(terminal_safe(shelf.shown), width - cell_len(count) - (3 if count else 2), shelf.tail, middle=shelf.by_source)  # a space each side, and one before the count
        style = self.style("accent") if shelf.unread else self.style("dim") if shelf.empty else None
        return [Segment(" " + name + (" " if count else ""), style), Segment(count + " ", style)]

    def set_items(self, items: Sequence[Shelf], cursor: int | None = None) -> None:
        super().set_items(items, cursor)
        self.refresh(layout=True)  # its width follows the names and counts (`width: auto` in app.tcss)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        """As wide as the longest name with its count; app.tcss sets the limits. Room for as many
        digits as the shelf has articles, unread or not: marking them read (M) or unread (U) leaves it as wide."""
        widest = max((cell_len(terminal_safe(s.shown)) + max(len(count_of(s)), len(grouped(s.total))) + 1 for s in self.items), default=0)
        return widest + 3 + self.scrollbar_size_vertical  # a space each side, and a wider gap for the longest name

    def select_name(self, name: str) -> None:
        for index, shelf in enumerate(self.items):
            if shelf.name == name:
                self.move_to(index)
                return
