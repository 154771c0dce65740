"""A scroll whose keys scroll at once: the reader's, and the dialogs' that scroll (the keys screen, E)."""

from __future__ import annotations

from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.events import Resize
from textual.screen import ModalScreen

from feeds import N_
from feeds import gettext as _


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


class DialogScroll(ScrollAtOnce):
    """A dialog's scroll, which says on its lower border that more follows: its scrollbar, dark blue on the dialog's
    grey, went unseen, and E at 60×20 looked whole with its last lines out of sight."""

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._say_more()

    def on_resize(self, _event: Resize) -> None:  # (also as what it holds grows: E's errors come as the refresh runs)
        self._say_more()

    def _say_more(self) -> None:
        self.border_subtitle = _("more below ↓") if self.scroll_y < self.max_scroll_y else ""


class ScrollingDialog(ModalScreen[None]):
    """A dialog over the app whose keys scroll its DialogScroll: the keys screen, E."""

    # At the top, and ending above the notes Textual shows bottom right (a refresh's as it ends, b's, the first start's):
    # they are drawn over whatever is there, and covered the dialog's border and last lines (E's, and the keys screen's
    # at 80×24 and 60×20, under the first start's 9-line note). In the dialog's layer, their rack takes its room from the
    # dialog as long as they are shown, and no longer: a fixed room for them was too small for a long note, and empty
    # the rest of the time. Below 20 lines that left too little of the dialog: there a note covers it for the seconds
    # it is shown.
    DEFAULT_CSS = """
    ScrollingDialog {
        align: center top;
    }
    ScrollingDialog > ScrollAtOnce {
        margin-top: 1;
        max-height: 100%;
    }
    ScrollingDialog.-tall > ToastRack {
        layer: default;
    }
    """
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]  # (Textual gives every height one of the classes: -tall is the rest)

    def action_scroll_lines(self, lines: int) -> None:
        self.query_one(ScrollAtOnce).scroll_lines(lines)

    def action_scroll_pages(self, pages: int) -> None:
        self.query_one(ScrollAtOnce).scroll_pages(pages)

    def action_scroll_to_end(self, bottom: bool) -> None:
        self.query_one(ScrollAtOnce).scroll_to_end(bottom)


def scroll_bindings(owner: str) -> list[BindingType]:
    """A ScrollingDialog's keys, named `owner.down` and so on for [keys]: newsboat's and less's, space and b paging as
    in the reader (where b is the app's by source, and shift+space alone pages up). The app's keys do not act over a
    dialog: its space and b are free there."""
    return [
        Binding("j,down", "scroll_lines(1)", N_("Scroll down"), show=False, id=f"{owner}.down"),
        Binding("k,up", "scroll_lines(-1)", N_("Scroll up"), show=False, id=f"{owner}.up"),
        Binding("space,pagedown", "scroll_pages(1)", N_("Page down"), show=False, id=f"{owner}.page_down"),
        Binding("b,shift+space,pageup", "scroll_pages(-1)", N_("Page up"), show=False, id=f"{owner}.page_up"),
        Binding("g,home", "scroll_to_end(False)", N_("Top"), show=False, id=f"{owner}.top"),
        Binding("G,end", "scroll_to_end(True)", N_("Bottom"), show=False, id=f"{owner}.bottom"),
    ]
