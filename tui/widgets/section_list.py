"""The sections region: All, Starred, then every section (or every source), each with its unread count."""

from __future__ import annotations

from rich.segment import Segment

from feeds import terminal_safe

from ..library_view import Shelf
from .virtual_list import VirtualList


class SectionList(VirtualList[Shelf]):
    DEFAULT_CSS = """
    SectionList > .virtual-list--dim { color: $text-muted; }
    SectionList > .virtual-list--accent { color: $accent; text-style: bold; }
    SectionList > .virtual-list--cursor { background: $block-cursor-blurred-background; }
    SectionList:focus > .virtual-list--cursor { background: $block-cursor-background; color: $block-cursor-foreground; }
    """

    def render_row(self, shelf: Shelf, width: int) -> list[Segment]:
        count = str(shelf.unread) if shelf.unread else ""
        name_width = max(1, width - len(count) - 2)
        name = terminal_safe(shelf.shown)
        name = name if len(name) <= name_width else name[: name_width - 1] + "…"
        style = self.style("accent") if shelf.unread else self.style("dim")
        return [Segment(" " + name.ljust(name_width), style if shelf.unread else None), Segment(count + " ", style)]

    def select_name(self, name: str) -> None:
        for index, shelf in enumerate(self.items):
            if shelf.name == name:
                self.move_to(index)
                return
