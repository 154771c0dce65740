"""The article list: one line per article, newest first, however many there are."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from textual.binding import Binding, BindingType
from textual.content import Content

from feeds import N_, Entry, Listing, terminal_safe
from feeds import gettext as _

from ..formatting import short_when
from .virtual_list import VirtualList, fit

UNREAD_MARK = "●"
STAR_MARK = "★"


PLACE_WIDTH = 16  # longer places are cut
TITLE_ONLY = 40  # below this width a row is the title and its marks: the date and the teaser mark would leave it about 2 cells at 20


@dataclass(frozen=True, slots=True)
class Columns:
    """The optional columns of a list: a column with nothing in it in the whole list takes no space."""

    place: int = PLACE_WIDTH  # cells for the dateline's place
    teasers: bool = True  # room for the teaser mark

    @classmethod
    def of(cls, listing: Listing) -> Columns:
        return cls(min(listing.widest_place, PLACE_WIDTH), listing.teasers)


def _wrapped(line: str, width: int) -> list[str]:
    """`line` in lines of at most `width` cells, broken between words (a word longer than that, within it)."""
    return [part.plain.rstrip() for part in Content(line).wrap(width)]


def _right_aligned(text: str, width: int) -> str:
    """`text` in `width` cells, at their right; too long, cut with an ellipsis as a title is (by cells: a wide character takes two)."""
    return fit(text, width) if cell_len(text) > width else " " * (width - cell_len(text)) + text


def row_parts(entry: Entry, width: int, now: datetime, columns: Columns = Columns()) -> tuple[str, str, str]:
    """(marks, title fitted to its column, the right-hand columns) of an article's row, terminal-safe."""
    article = entry.article
    marks = (UNREAD_MARK if not entry.read else " ") + (STAR_MARK if entry.starred else " ")
    right = f"{short_when(entry, now):>8}"
    if width < TITLE_ONLY:
        right = ""
    elif width < 70:  # narrow: the place gives way to the title, the teaser mark is a letter
        right += (" T" if article.is_teaser else "  ") if columns.teasers else ""
    else:
        place = _right_aligned(terminal_safe(article.place or ""), columns.place) + " " if columns.place else ""
        teaser = " " + _("teaser")
        right = place + right + ((teaser if article.is_teaser else " " * cell_len(teaser)) if columns.teasers else "")
    title_width = width - cell_len(marks) - (cell_len(right) + 4 if right else 3)  # a space around the marks, and around the right-hand columns
    return marks, fit(terminal_safe(article.title), title_width), right


class ArticleList(VirtualList[Entry]):
    DEFAULT_CSS = Path(__file__).with_name("article_list.tcss").read_text(encoding="utf-8")
    BINDINGS: ClassVar[list[BindingType]] = [
        # Beside the reader on a wide screen the list keeps the keys: q there would be the app's, and quit at once where
        # a newsboat user's q goes back from the article first (the app enables it only while one is shown).
        Binding("q", "app.close_article", N_("Back"), tooltip=N_("Close the article beside the list (as in newsboat; then {quit} quits)"), id="list.close_article"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {*VirtualList.COMPONENT_CLASSES, "article-list--unread"}

    def __init__(self, now: Callable[[], datetime], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.now = now
        self.empty_message = _("No articles.")
        self.columns = Columns()

    def render_row(self, entry: Entry, width: int) -> list[Segment]:
        dim, accent = self.style("dim"), self.style("accent")
        marks, title, right = row_parts(entry, width, self.now(), self.columns)
        return [
            Segment(" " + marks[0], accent),
            Segment(marks[1] + " ", accent),
            Segment(title, dim if entry.read else self.get_component_rich_style("article-list--unread")),
            Segment(" " + right + " " if right else " ", dim),
        ]

    def render_empty(self, y: int, width: int) -> list[Segment]:
        # Wrapped at the list's width (less the margin before it), between words: at 50 columns the empty Starred
        # view's message was cut mid-word, in Dutch, its key's whole point left out.
        lines = [part for line in self.empty_message.split("\n") for part in _wrapped(line, max(width - 1, 1))]
        if y < len(lines):
            return [Segment(" " + lines[y], self.style("dim"))]
        return []

    def show(self, listing: Listing, empty_message: str, keep: Entry | None = None, near: bool = False) -> None:
        """Show a view's listing, keeping the cursor on `keep` when it is there; `near`: else on the article after it,
        not near: else at the top (the row it had in another view holds another article)."""
        self.empty_message = empty_message
        self.columns = Columns.of(listing)
        if keep is None:
            cursor = None
        else:
            cursor = listing.place_for(keep) if near else listing.position(keep) or 0
        self.set_items(listing.entries, cursor)

    def refresh_entry(self, entry: Entry) -> None:
        for index in range(max(0, self.scroll_offset.y), min(len(self.items), self.scroll_offset.y + self.size.height)):
            if self.items[index].id == entry.id:
                self.refresh_line(index)
