"""`?`: every key of the app on one screen."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..keys import KeyGroup


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close"),
    ]

    def __init__(self, groups: list[KeyGroup]) -> None:
        super().__init__()
        self.groups = groups

    def compose(self) -> ComposeResult:
        width = max(len(keys) for _, bindings in self.groups for keys, _, _ in bindings)
        with VerticalScroll(id="help"):
            for title, bindings in self.groups:
                yield Static(title, classes="help-group")
                yield Static("\n".join(f"{keys:>{width}}  {text}" + (f"  [{name}]" if name else "") for keys, text, name in bindings), markup=False)
            yield Static(
                "The mouse works too: click to choose, scroll to move. Rebind a key by its [name] in the [keys] table "
                "of config.toml, e.g. next_unread = \"n,J\". Press escape to close.",
                id="help-footer",
            )
