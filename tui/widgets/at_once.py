"""A scroll whose keys scroll at once: the reader's, and the dialogs' that scroll (the keys screen, E)."""

from __future__ import annotations

from textual.containers import VerticalScroll


class ScrollAtOnce(VerticalScroll):
    """Every key's scroll now, as newsboat's: Textual's waits for the next repaint, so that keys typed ahead of it each
    went on from the same place (ten j's scrolled one line, space space paged once), and animates (G took a second
    through 300 paragraphs; j held down lagged behind the key's repeat)."""

    def scroll_lines(self, lines: int) -> None:
        self.scroll_relative(y=lines, animate=False, immediate=True)

    def scroll_pages(self, pages: int) -> None:
        self.scroll_lines(pages * self.scrollable_content_region.height)

    def scroll_to_end(self, bottom: bool) -> None:
        if bottom:
            self.scroll_end(animate=False, immediate=True)
        else:
            self.scroll_home(animate=False, immediate=True)

    def action_scroll_down(self) -> None:
        self.scroll_lines(1)

    def action_scroll_up(self) -> None:
        self.scroll_lines(-1)

    def action_page_down(self) -> None:
        self.scroll_pages(1)

    def action_page_up(self) -> None:
        self.scroll_pages(-1)

    def action_scroll_home(self) -> None:
        self.scroll_to_end(False)

    def action_scroll_end(self) -> None:
        self.scroll_to_end(True)
