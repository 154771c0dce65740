"""`?`: every key of the app on one screen."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close"),
    ]

    def __init__(self, groups: list[tuple[str, list[tuple[str, str]]]]) -> None:
        super().__init__()
        self.groups = groups

    def compose(self) -> ComposeResult:
        width = max(len(key) for _, keys in self.groups for key, _ in keys)
        with VerticalScroll(id="help"):
            for title, keys in self.groups:
                yield Static(title, classes="help-group")
                yield Static("\n".join(f"{key:>{width}}  {text}" for key, text in keys), markup=False)
            yield Static("The mouse works too: click to choose, scroll to move. Press escape to close.", id="help-footer")
