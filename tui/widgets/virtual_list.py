"""A list that renders only the rows on screen (Textual's line API), however long it is."""

from __future__ import annotations

from typing import ClassVar, Generic, TypeVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.events import Click
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

Item = TypeVar("Item")


class _ListMessage(Message):
    def __init__(self, virtual_list: VirtualList, index: int) -> None:
        super().__init__()
        self.virtual_list = virtual_list
        self.index = index

    @property
    def control(self) -> VirtualList:
        return self.virtual_list


class VirtualList(ScrollView, Generic[Item], can_focus=True):
    """One row per item; subclasses say how a row looks (`render_row`)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="list.up"),
        Binding("g,home", "first", "First", show=False, id="list.first"),
        Binding("G,end", "last", "Last", show=False, id="list.last"),
        Binding("pagedown", "page_down", "Page down", show=False, id="list.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="list.page_up"),
        Binding("enter", "choose", "Open", show=False, id="list.open"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"virtual-list--cursor", "virtual-list--dim", "virtual-list--accent"}

    cursor: reactive[int] = reactive(0, always_update=True)

    class Highlighted(_ListMessage):
        """The cursor moved to another item."""

    class Chosen(_ListMessage):
        """The item under the cursor was chosen (enter or a click)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.items: list[Item] = []

    # -- content -----------------------------------------------------------------------------

    def set_items(self, items: list[Item], cursor: int | None = None) -> None:
        self.items = items
        self.virtual_size = Size(self.size.width, len(items))
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
        width = self.scrollable_content_region.width  # without the scrollbar
        index = self.scroll_offset.y + y
        base = self.rich_style
        if not self.items:
            segments = self.render_empty(y, width)
        elif index >= len(self.items):
            segments = []
        else:
            segments = self.render_row(self.items[index], width)
            if index == self.cursor:
                cursor_style = self.get_component_rich_style("virtual-list--cursor")
                if not self.has_focus:
                    cursor_style = Style(bgcolor=cursor_style.bgcolor, dim=True)
                segments = list(Segment.apply_style(segments, post_style=cursor_style))
                return Strip(segments).adjust_cell_length(width, base + cursor_style)
        return Strip(segments).adjust_cell_length(width, base)

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
        height = max(1, self.size.height)
        if index < top:
            self.scroll_to(y=index, animate=False)
        elif index >= top + height:
            self.scroll_to(y=index - height + 1, animate=False)

    def move_to(self, index: int) -> None:
        if self.items:
            self.cursor = min(max(0, index), len(self.items) - 1)

    def action_cursor_down(self) -> None:
        self.move_to(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_to(self.cursor - 1)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(len(self.items) - 1)

    def action_page_down(self) -> None:
        self.move_to(self.cursor + max(1, self.size.height - 1))

    def action_page_up(self) -> None:
        self.move_to(self.cursor - max(1, self.size.height - 1))

    def action_choose(self) -> None:
        if self.items:
            self.post_message(self.Chosen(self, self.cursor))

    def on_click(self, event: Click) -> None:
        index = self.scroll_offset.y + event.y
        if 0 <= index < len(self.items):
            self.move_to(index)
            self.action_choose()

    def on_focus(self) -> None:
        self.refresh_line(self.cursor)

    def on_blur(self) -> None:
        self.refresh_line(self.cursor)
