"""`?`: every key of the app on one screen."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid
from textual.widgets import Footer, Static

from feeds import N_
from feeds import gettext as _

from ..keys import KeyGroup, SpeaksTheLanguage
from ..widgets.at_once import DialogScroll, ScrollingDialog, scroll_bindings

# Where a newcomer looks first, reading only the samples: how to read the feeds they came for.
OWN_FEEDS = N_(
    "Add a feed or news page with `nieuws-tui sources add URL` (--section S files it), or as a [[source]] in config.toml; "
    "bring your list along with `nieuws-tui sources import-opml FILE`, or newsboat's with `nieuws-tui sources import-newsboat`. "
    "A refresh then fetches them."
)
FOOTER = N_('The mouse works too: click to choose, scroll to move. Rebind a key by its [name] in the [keys] table of config.toml, e.g. next_unread = "n,ctrl+f". Press escape to close.')


class HelpScreen(SpeaksTheLanguage, ScrollingDialog):
    CSS_PATH = "help.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,question_mark", "dismiss", N_("Close")), *scroll_bindings("help")]

    def __init__(self, groups: list[KeyGroup], *, own_feeds: bool) -> None:
        super().__init__()
        self.groups = groups
        self.own_feeds = own_feeds  # how to read one's own feeds, shown first: only to a newcomer (NieuwsApp.newcomer)

    def compose(self) -> ComposeResult:
        # Two columns: the keys, and what they do, which wraps in its own column. How to read one's own feeds
        # first: after the keys, a newcomer at 80×24 had to scroll the whole reference to find it.
        with DialogScroll(id="help"):
            if self.own_feeds:
                yield Static(_("Your own feeds"), classes="help-group")
                yield Static(_(OWN_FEEDS), id="help-feeds", markup=False)
            with Grid(id="help-keys"):
                for title, bindings in self.groups:
                    yield Static(title, classes="help-group")
                    for keys, text, name in bindings:
                        yield Static(keys, classes="help-key", markup=False)
                        yield Static(text + (f"  [{name}]" if name else ""), classes="help-text", markup=False)
                yield Static(_(FOOTER), id="help-footer", markup=False)
        yield Footer(show_command_palette=False)  # its own keys: the app's footer under it said q quits, m reads, …
