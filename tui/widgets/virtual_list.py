"""A list that renders only the rows on screen (Textual's line API), however long it is."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ClassVar, Generic, TypeVar

from rich.cells import cell_len, get_character_cell_size, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.events import Click
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from feeds import N_

from ..keys import SpeaksTheLanguage

Item = TypeVar("Item")


MARKS = 3  # combining marks kept on a character: Dutch needs one, Vietnamese two


def fit(text: str, width: int, tail: str = "", middle: bool = False) -> str:
    """`text` in exactly `width` cells: padded, or cut with an ellipsis (in one step, however long it is). A `tail`
    it ends with stays whole where the cut can fall before it leaving the rest a fifth of the cells (or all it
    needs): enough to know it by. A tail too long for that is cut in its middle too, its start and its end kept.
    `middle`: a text with no such tail is cut in its middle too (a source's name: `nieuws.example.org:18080` and
    `…:18081`, cut from the end, were both `nieuws.example…`)."""
    if width <= 0:
        return ""
    text, tail = few_marks(text), few_marks(tail)
    head = _start(text, width)
    if len(head) == len(text) and cell_len(text) <= width:
        return set_cell_size(text, width)
    if not tail or not text.endswith(tail):
        return set_cell_size(_middle(text, width) if middle and width >= 5 else _cut(text, width), width)
    rest = text[: -len(tail)]
    share = min(cell_len(_start(rest, width)), max(1, width // 5))
    if (room := width - cell_len(tail) - 1) >= share:
        return set_cell_size(_cut(rest, room + 1) + tail, width)
    # Where the start shows the tail's first word, it shows where the name parts: cut once, after it (`NOS Nieuws Alg…`,
    # not `NOS… Nieu…emeen`).
    parting = len(tail) - len(tail.lstrip()) + len(tail.split()[0]) if tail.strip() else len(tail)
    if cell_len(text[: len(rest) + parting]) < width:
        return set_cell_size(_cut(text, width), width)
    if width - share - 1 < 5:  # no room for a tail cut in its middle to tell anything: the start alone
        return set_cell_size(_cut(text, width), width)
    start = _cut(rest, share + 1)
    return set_cell_size(start + _middle(tail, width - cell_len(start)), width)


def _middle(text: str, width: int) -> str:
    """The start of `text`, an ellipsis and its end, in no more than `width` cells."""
    start = _cut(text, width - (width - 1) // 2)
    return start + _end(text, width - cell_len(start))  # a cell an ellipsis less gives the end


def fit_words(text: str, width: int) -> str:
    """`text` in no more than `width` cells: whole, else up to the last of its words that fits, and an ellipsis
    (`… · alleen…`, where Textual's own cut read `… · alleen ongele…`); cut in a word only where its first does not fit."""
    if cell_len(text) <= width:
        return text
    if width <= 0:
        return ""
    head = set_cell_size(_start(text, width - 1), width - 1).rstrip()  # (a wide character that does not fit is a space)
    whole = head if text[len(head) : len(head) + 1].isspace() else head.rpartition(" ")[0]
    words = whole.rstrip(" ·—–-,;:")  # a separator with nothing after it
    return words + "…" if words else _cut(text, width)


def _cut(text: str, width: int) -> str:
    """The start of `text` and an ellipsis, in no more than `width` cells: one ellipsis where the cut falls just
    after one of the text's own (`nikkei.com/……` told no more), right after the last word where it falls after a
    space (`Omroep …` read as a word left out)."""
    return set_cell_size(_start(text, width), width - 1).rstrip().rstrip("…").rstrip() + "…"


def _end(text: str, width: int) -> str:
    """As much of the end of `text` as fits `width` cells; a wide character that would not fit whole goes."""
    end = _start(text[::-1], width)[::-1]
    while cell_len(end) > width:
        end = end[1:]
    return end


def few_marks(text: str) -> str:
    """`text` with no more than MARKS marks that take no cell of their own in a row: a terminal stacks only so many on
    a character (tmux about ten) and draws the rest in cells of their own, so that a title of stacked marks ("zalgo")
    pushed the columns after it out of line."""
    if text.isascii():
        return text
    kept: list[str] = []
    marks = 0
    for character in text:
        marks = marks + 1 if get_character_cell_size(character) == 0 else 0
        if marks <= MARKS:
            kept.append(character)
    return "".join(kept)


def _start(text: str, width: int) -> str:
    """As much of the start of `text` as can fill `width` cells, and more: what set_cell_size need look at."""
    head = text[: 2 * width + 1]  # no character takes more than two cells
    if len(head) < len(text) and cell_len(head) <= width:
        head = text[: 16 * width + 1]  # combining marks take none: a short title may have many of them
    return head


class _ListMessage(Message):
    def __init__(self, virtual_list: VirtualList[Any], index: int) -> None:
        super().__init__()
        self.virtual_list = virtual_list
        self.index = index

    @property
    def control(self) -> VirtualList[Any]:
        return self.virtual_list


class VirtualList(SpeaksTheLanguage, ScrollView, Generic[Item], can_focus=True):
    """One row per item; subclasses say how a row looks (`render_row`)."""

    DEFAULT_CSS = Path(__file__).with_name("virtual_list.tcss").read_text(encoding="utf-8")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", N_("Down"), show=False, id="list.down"),
        Binding("k,up", "cursor_up", N_("Up"), show=False, id="list.up"),
        Binding("g,home", "first", N_("First"), show=False, id="list.first"),
        Binding("G,end", "last", N_("Last"), show=False, id="list.last"),
        Binding("pagedown", "page_down", N_("Page down"), show=False, id="list.page_down"),
        Binding("pageup", "page_up", N_("Page up"), show=False, id="list.page_up"),
        Binding("enter", "choose", N_("Open"), show=False, id="list.open"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"virtual-list--cursor", "virtual-list--dim", "virtual-list--accent"}

    cursor: reactive[int] = reactive(0, always_update=True)

    class Highlighted(_ListMessage):
        """The cursor moved to another item."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.items: Sequence[Item] = []
        # How the cursor keys move it: now, unless the owner makes the items anew and holds them until
        # the new ones are in place (a key meant for the list on its way would move the one before it).
        self.when_current: Callable[[Callable[[], None]], None] = lambda move: move()
        # What choosing the item under the cursor (enter, a click) does: the owner's, at once. A message would reach
        # the owner after the keys typed right behind enter (`enter o` in one burst: a slow ssh, tmux send-keys),
        # which acted on what was there before the choice: o opened the list's article page, not the reader's links.
        self.when_chosen: Callable[[], None] = lambda: None

    # -- content -----------------------------------------------------------------------------

    def set_items(self, items: Sequence[Item], cursor: int | None = None) -> None:
        self.items = items
        self.virtual_size = Size(0, len(items))  # rows are cut to the width: the list never scrolls sideways
        self.cursor = min(max(0, self.cursor if cursor is None else cursor), max(0, len(items) - 1))
        self.refresh()

    @property
    def current(self) -> Item | None:
        return self.items[self.cursor] if 0 <= self.cursor < len(self.items) else None

    def render_row(self, item: Item, width: int) -> list[Segment]:
        raise NotImplementedError

    def render_empty(self, y: int, width: int) -> list[Segment]:
        """What an empty list shows on its lines (a helpful message rather than nothing)."""
        return []

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = self.scroll_offset.y + y
        base = self.rich_style
        if not self.items:
            segments = self.render_empty(y, width)
        elif index >= len(self.items):
            segments = []
        else:
            segments = self.render_row(self.items[index], width)
            if index == self.cursor:
                cursor_style = self._cursor_style()
                segments = list(Segment.apply_style(segments, base, cursor_style))
                return Strip(segments).adjust_cell_length(width, base + cursor_style)
        # Every cell carries the widget's colours: a bare segment would show the terminal's own (and NO_COLOR's filter needs a style).
        return Strip(Segment.apply_style(segments, base)).adjust_cell_length(width, base)

    def _cursor_style(self) -> Style:
        """Only what the cursor rule sets (a background, reverse without colour), to lay over the row's own
        styles; its background blended as the full style blends it (the blurred one is translucent)."""
        cursor = self.get_component_rich_style("virtual-list--cursor", partial=True)
        if cursor.bgcolor is None:
            return cursor
        return cursor + Style(bgcolor=self.get_component_rich_style("virtual-list--cursor").bgcolor)

    def style(self, component: str) -> Style:
        return self.get_component_rich_style(f"virtual-list--{component}")

    # -- the cursor --------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line(old)
        self.refresh_line(new)
        self.scroll_to_region_of(new)
        if self.items:
            self.post_message(self.Highlighted(self, new))

    def scroll_to_region_of(self, index: int) -> None:
        top = self.scroll_offset.y
        height = max(1, self.scrollable_content_region.height)
        # Forced: Textual scrolls only a widget that shows its scroll bar, which items set just now (a remembered
        # article's section, longer than the screenful before it) have not had laid out yet; the scroll was dropped,
        # and at 80×24 the highlighted row came back below the list's last one.
        if top - height <= index < top:  # a step up: the row comes in at the top
            self.scroll_to(y=index, animate=False, force=True)
        elif top + height <= index < top + 2 * height:  # a step down: at the bottom
            self.scroll_to(y=index - height + 1, animate=False, force=True)
        elif not top <= index < top + height:  # a jump: in the middle, with what is around it
            self.scroll_to(y=index - height // 2, animate=False, force=True)

    def move_to(self, index: int) -> None:
        if self.items:
            self.cursor = min(max(0, index), len(self.items) - 1)

    def action_cursor_down(self) -> None:
        self.when_current(lambda: self.move_to(self.cursor + 1))

    def action_cursor_up(self) -> None:
        self.when_current(lambda: self.move_to(self.cursor - 1))

    def action_first(self) -> None:
        self.when_current(lambda: self.move_to(0))

    def action_last(self) -> None:
        self.when_current(lambda: self.move_to(len(self.items) - 1))

    def action_page_down(self) -> None:
        self.when_current(lambda: self.move_to(self.cursor + max(1, self.size.height - 1)))

    def action_page_up(self) -> None:
        self.when_current(lambda: self.move_to(self.cursor - max(1, self.size.height - 1)))

    def action_choose(self) -> None:
        if self.items:
            self.when_chosen()

    def on_click(self, event: Click) -> None:
        index = self.scroll_offset.y + event.y
        if 0 <= index < len(self.items):
            self.move_to(index)
            self.action_choose()

    def on_resize(self) -> None:
        # The cursor may have been placed before the list had a size (a remembered article):
        # now that it has one, the highlighted row is on screen.
        self.scroll_to_region_of(self.cursor)

    def on_focus(self) -> None:
        self.refresh_line(self.cursor)

    def on_blur(self) -> None:
        self.refresh_line(self.cursor)
