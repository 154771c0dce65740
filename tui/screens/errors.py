"""`E`: what went wrong in the last refresh, one line per source."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from feeds import N_, terminal_safe
from feeds import gettext as _

from ..keys import SpeaksTheLanguage


class ErrorsScreen(SpeaksTheLanguage, ModalScreen[None]):
    CSS_PATH = "errors.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,E", "dismiss", N_("Close"))]

    def __init__(self, errors: list[tuple[str, str]] | None) -> None:
        """`errors`: None when no refresh has run in this session (what went wrong in the last one is not kept)."""
        super().__init__()
        self.errors = errors

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="errors"):
            yield Static(_("Last refresh"), id="errors-title")
            if self.errors is None:
                yield Static(_("No refresh has run yet in this session."), classes="error-none")
            elif not self.errors:
                yield Static(_("Nothing went wrong."), classes="error-none")
            for source, reason in self.errors or ():
                yield Static(Content.assemble((terminal_safe(source), "bold"), "\n", (terminal_safe(reason), "$error")), classes="error")
            yield Static(_("Sources that failed are tried again on the next refresh. Press escape to close."), id="errors-help")
