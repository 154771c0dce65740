"""The article list: one line per article, newest first, however many there are."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment

from feeds import Entry, terminal_safe

from ..formatting import short_when
from .virtual_list import VirtualList

UNREAD_MARK = "●"
STAR_MARK = "★"


def _fit(text: str, width: int) -> str:
    """`text` in exactly `width` cells: padded, or cut with an ellipsis (in one step, however long it is)."""
    if width <= 0:
        return ""
    head = text[: 2 * width + 1]  # no character takes more than two cells
    if len(head) == len(text) and cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(set_cell_size(head, width - 1) + "…", width)


def row_parts(entry: Entry, width: int, now: datetime) -> tuple[str, str, str]:
    """(marks, title fitted to its column, the right-hand columns) of an article's row, terminal-safe."""
    article = entry.article
    marks = (UNREAD_MARK if not entry.read else " ") + (STAR_MARK if entry.starred else " ")
    kind = "teaser" if article.is_teaser else ""
    right = f"{terminal_safe(article.place or '')[:16]:>16} {short_when(entry, now):>8} {kind:<6}"
    if width < 70:  # narrow: the place gives way to the title
        right = f"{short_when(entry, now):>8} {'T' if article.is_teaser else ' '}"
    title_width = width - cell_len(marks) - cell_len(right) - 4
    return marks, _fit(terminal_safe(article.title), title_width), right


class ArticleList(VirtualList[Entry]):
    DEFAULT_CSS = """
    ArticleList > .virtual-list--dim { color: $text-muted; }
    ArticleList > .virtual-list--accent { color: $accent; }
    ArticleList > .virtual-list--cursor { background: $block-cursor-blurred-background; }
    ArticleList:focus > .virtual-list--cursor { background: $block-cursor-background; color: $block-cursor-foreground; }
    """

    def __init__(self, now: Callable[[], datetime], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.now = now
        self.empty_message = "No articles."

    def render_row(self, entry: Entry, width: int) -> list[Segment]:
        dim, accent = self.style("dim"), self.style("accent")
        marks, title, right = row_parts(entry, width, self.now())
        return [
            Segment(" " + marks[0], accent),
            Segment(marks[1] + " ", accent),
            Segment(title, None if not entry.read else dim),
            Segment(" " + right + " ", dim),
        ]

    def render_empty(self, y: int, width: int) -> list[Segment]:
        lines = self.empty_message.split("\n")
        if y < len(lines):
            return [Segment(" " + lines[y], self.style("dim"))]
        return []

    def show(self, entries: list[Entry], empty_message: str, keep: Entry | None = None) -> None:
        """Show these entries, keeping the cursor on `keep` (or near where it was) when it is still there."""
        self.empty_message = empty_message
        cursor = None
        if keep is not None:
            cursor = next((i for i, e in enumerate(entries) if e.id == keep.id), None)
        self.set_items(entries, cursor)

    def refresh_entry(self, entry: Entry) -> None:
        for index in range(max(0, self.scroll_offset.y), min(len(self.items), self.scroll_offset.y + self.size.height)):
            if self.items[index].id == entry.id:
                self.refresh_line(index)
