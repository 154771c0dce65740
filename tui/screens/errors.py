"""`E`: what went wrong in the last refresh, one line per source."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from feeds import N_, grouped, terminal_safe
from feeds import gettext as _

from ..keys import SpeaksTheLanguage


class ErrorsScreen(SpeaksTheLanguage, ModalScreen[None]):
    CSS_PATH = "errors.tcss"
    COMPONENT_CLASSES: ClassVar[set[str]] = {"errors--source", "errors--reason"}
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,E", "dismiss", N_("Close"))]

    def __init__(self, errors: list[tuple[str, str]] | None, running: tuple[int, int] | None = None) -> None:
        """`errors`: None when no refresh has run in this session (what went wrong in the last one is not kept).
        `running`: the sources done and all of them, while the refresh is still under way: its errors so far."""
        super().__init__()
        self.errors = errors
        self.running = running

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="errors"):
            if self.running is None:
                yield Static(_("Last refresh"), id="errors-title")
            else:
                done, total = self.running
                title = _("Refresh still running: {done} of {total} sources done") if total else _("Refresh still running")
                yield Static(title.format(done=grouped(done), total=grouped(total)), id="errors-title")
            if self.errors is None:
                yield Static(_("No refresh has run yet in this session."), classes="error-none")
            elif not self.errors:
                yield Static(_("Nothing went wrong.") if self.running is None else _("Nothing has gone wrong so far."), classes="error-none")
            for source, reason in self.errors or ():
                yield Static(Content.assemble((terminal_safe(source), ".errors--source"), "\n", (terminal_safe(reason), ".errors--reason")), classes="error")
            yield Static(_("Sources that failed are tried again on the next refresh. Press escape to close."), id="errors-help")
