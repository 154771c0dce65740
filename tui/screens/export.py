"""`e`: export the current view as a feed file, to a path the reader confirms."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from feeds import N_, NoSuchHome, expanded, ngettext
from feeds import gettext as _

from ..keys import SpeaksTheLanguage


class ExportScreen(SpeaksTheLanguage, ModalScreen[Path | None]):
    """Asks where to write; the file's extension (.atom or .rss) chooses the format."""

    CSS_PATH = "export.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, default: Path, count: int) -> None:
        super().__init__()
        self.default = default
        self.count = count

    def compose(self) -> ComposeResult:
        with Vertical(id="export"):
            yield Static(ngettext("Export {count} article of this view as a feed", "Export {count} articles of this view as a feed", self.count).format(count=self.count), id="export-title")
            yield Input(str(self.default), id="export-path")
            yield Static(_("Ending in .rss gives RSS 2.0, anything else Atom 1.0. Enter writes, escape cancels."), id="export-help")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        try:
            path = expanded(value) if value else None
        except NoSuchHome as error:  # a typo for ~/…: said, and the dialog stays
            self.app.notify(str(error), severity="error", timeout=8)
            return
        self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)
