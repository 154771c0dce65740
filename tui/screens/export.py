"""`e`: export the current view as a feed file, to a path the reader confirms."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static

from feeds import N_, NoSuchHome, StorageError, chosen_path, grouped, ngettext, terminal_safe, why
from feeds import gettext as _

from ..keys import SpeaksTheLanguage

Write = Callable[[Path, Callable[[], None], Callable[[Exception], None]], None]  # (path, written, failed), called back on the app's thread


class ExportScreen(SpeaksTheLanguage, ModalScreen[None]):
    """Asks where to write, and writes there; the file's extension (.atom or .rss) chooses the format.
    It stays open until the file is written: a path that cannot be written is said here, to be corrected."""

    CSS_PATH = "export.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, default: Path, count: int, write: Write) -> None:
        super().__init__()
        self.default = default
        self.count = count
        self.write = write

    def compose(self) -> ComposeResult:
        with Vertical(id="export"):
            yield Static(ngettext("Export {count} article of this view as a feed", "Export {count} articles of this view as a feed", self.count).format(count=grouped(self.count)), id="export-title")
            # Focused again after an error, it keeps the path with the cursor at its end, to be corrected: selected
            # whole, as an Input is by default, one backspace or letter took it all.
            yield Input(str(self.default), id="export-path", select_on_focus=False)
            yield Static(id="export-error", markup=False)
            yield Static(_("Ending in .rss gives RSS 2.0, anything else Atom 1.0. Enter writes, escape cancels."), id="export-help")
        yield Footer(show_command_palette=False)  # its own keys: the app's footer under it said q quits

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if not value:  # escape is the one way to cancel, as the hint says: an emptied field is asked to be filled
            self._say(_("Type the path of the file to export to, or press escape to cancel."))
            return
        try:
            path = chosen_path(value)
        except (NoSuchHome, StorageError) as error:  # a typo for ~/…, a folder: said, and the dialog stays
            self._failed(error)
            return
        field = self.query_one("#export-path", Input)
        field.disabled = True  # until it is written, or could not be
        self._say("")
        self.write(path, self._written, self._failed)

    def _written(self) -> None:
        if self.is_current:  # (escape may have closed it meanwhile)
            self.dismiss()

    def _failed(self, error: Exception) -> None:
        """Said in the dialog, which keeps the path to be corrected; or, closed meanwhile, as a notification."""
        message = _("Could not export: {error}").format(error=why(error))
        if not self.is_current:
            self.app.notify(message, severity="error", timeout=10)
            return
        self._say(message)
        field = self.query_one("#export-path", Input)
        field.disabled = False
        field.cursor_position = len(field.value)
        field.focus()

    def _say(self, message: str) -> None:
        error = self.query_one("#export-error", Static)
        error.update(terminal_safe(message))
        error.set_class(bool(message), "-active")

    def action_cancel(self) -> None:
        self.dismiss()
