"""The search box (`/`): what is typed in it searches as it is typed; its keys keep the search or cancel it."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Input

from feeds import N_

from ..keys import SpeaksTheLanguage


class SearchBox(SpeaksTheLanguage, Input):
    """Every letter is the search's, so the footer shows these two keys only while it has the keys."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # A priority binding: taken when the app reads the key, not when the box does after the letters typed
        # before it. Then an enter typed ahead after this one (a slow connection delivers them together)
        # finds the list focused already, and opens the first hit.
        Binding("enter", "app.submit_search", N_("Keep search"), tooltip=N_("Keep the search and go to its first hit in the list"), priority=True, id="search.keep"),
        Binding("escape", "app.go_back", N_("Cancel search"), tooltip=N_("Clear the search and go back to the list"), id="search.cancel"),
    ]

    def __init__(self, placeholder: str, *, id: str) -> None:
        # `/` again on a kept search refines it: selected whole on focus, as an Input is by default, a letter replaced it.
        # (Escape clears it for a new one.)
        super().__init__(placeholder=placeholder, id=id, select_on_focus=False)
