"""`E`: what went wrong in the last refresh, one line per source; then the sources it read only in part."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Footer, Static

from feeds import N_, grouped, terminal_safe
from feeds import gettext as _

from ..keys import SpeaksTheLanguage
from ..widgets.at_once import DialogScroll, ScrollingDialog, scroll_bindings


class ErrorsScreen(SpeaksTheLanguage, ScrollingDialog):
    CSS_PATH = "errors.tcss"
    COMPONENT_CLASSES: ClassVar[set[str]] = {"errors--source", "errors--reason", "errors--note"}
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,E", "dismiss", N_("Close")), *scroll_bindings("errors")]

    def __init__(self, errors: list[tuple[str, str]] | None, running: tuple[int, int] | None = None, notes: list[tuple[str, str]] | None = None) -> None:
        """`errors`: None when no refresh has run in this session (what went wrong in the last one is not kept).
        `running`: the sources done and all of them, while the refresh is still under way: its errors so far.
        `notes`: (source, note) of the sources that did not fail but were read only in part (a feed cut off)."""
        super().__init__()
        self.errors = errors
        self.running = running
        self.notes = notes or []
        self._listed: list[tuple[str, str]] = []  # the errors shown, one Static each
        self._noted: list[tuple[str, str]] = []  # the notes shown, one Static each

    def compose(self) -> ComposeResult:
        with DialogScroll(id="errors"):
            yield Static(id="errors-title")
            yield Static(_("Read only in part (what came is stored):"), id="notes-title")
            yield Static(_("Sources that failed are tried again on the next refresh. Press escape to close."), id="errors-help")
        yield Footer(show_command_palette=False)  # its own keys: the app's footer under it said q quits

    def on_mount(self) -> None:
        self._show()

    def show(self, errors: list[tuple[str, str]] | None, running: tuple[int, int] | None, notes: list[tuple[str, str]] | None = None) -> None:
        """The refresh as it stands now (as __init__ takes it): the dialog follows it while it is open."""
        self.errors, self.running, self.notes = errors, running, notes or []
        if self.is_mounted:
            self._show()

    def _show(self) -> None:
        """Title, errors and the note that there are none, brought up to date. The errors of a refresh only grow: those
        shown stay where they are (and the dialog where it was scrolled to), the new ones are added under them."""
        if self.running is None:
            title = _("Last refresh")
        else:
            done, total = self.running
            title = (_("Refresh still running: {done} of {total} sources done") if total else _("Refresh still running")).format(done=grouped(done), total=grouped(total))
        self.query_one("#errors-title", Static).update(title)
        errors = self.errors or []
        if errors[: len(self._listed)] != self._listed:  # another refresh began: its errors are all new
            self.query(".error").remove()
            self._listed = []
        if self.errors is None:
            none = _("No refresh has run yet in this session.")
        elif not self.errors and self.notes:  # not "nothing went wrong": a source cut off lost its later items
            none = _("Nothing failed.")
        elif not self.errors:
            none = _("Nothing went wrong.") if self.running is None else _("Nothing has gone wrong so far.")
        else:
            none = ""
        said = self.query(".error-none")
        if not none:
            said.remove()
        elif said:
            said.first(Static).update(none)
        else:
            self.query_one("#errors").mount(Static(none, classes="error-none"), before="#notes-title")
        new = errors[len(self._listed) :]
        if new:
            rows = [Static(Content.assemble((terminal_safe(source), ".errors--source"), "\n", (terminal_safe(reason), ".errors--reason")), classes="error") for source, reason in new]
            self.query_one("#errors").mount_all(rows, before="#notes-title")
            self._listed = list(errors)
        self._show_notes()

    def _show_notes(self) -> None:
        """The notes come all at once, as the refresh ends (and go as the next begins): shown anew when they change."""
        if self.notes == self._noted:
            return
        self.query(".note").remove()
        self.query_one("#notes-title").display = bool(self.notes)
        rows = [Static(Content.assemble((terminal_safe(source), ".errors--source"), "\n", (terminal_safe(note), ".errors--note")), classes="note") for source, note in self.notes]
        self.query_one("#errors").mount_all(rows, before="#errors-help")
        self._noted = list(self.notes)
