"""`o` on an article with links in its text: `o` then a number opens that link, enter (or `o` again) the article itself.

The numbers are those of the reader's list of links, as in newsboat. Digits are
taken as they are typed; as soon as they can only mean one link, it opens, so
`o 2` is two keys when an article has fewer than ten links. An enter right after
such a number confirms it, as it does a number of ten links or more, where the
number waits for it (a newsboat user types `o 2 enter`). `o` is whatever key
config.toml's [keys] gives open_in_browser, here as in the list; enter, whatever
key it gives list.open, the list's key that opens an article.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from feeds import N_, Link, terminal_safe
from feeds import gettext as _

from ..keys import SpeaksTheLanguage, keys_in_force, with_keys
from ..widgets.virtual_list import VirtualList

ARTICLE = 0  # what the screen answers for the article's own page
# The keys that close the chooser, opening nothing: q, as every other screen of the app closes. Typed while o waits
# for the article's text, they cancel it as well (NieuwsApp.on_key).
CANCEL_KEYS = ("escape", "q")
# Seconds after a number that opened a link at once within which an enter confirms it: typed with it, not meant for
# the list (where it would open the article in the reader, marked read).
CONFIRMS_WITHIN = 1.0
# Seconds after a page was handed to a browser in a window within which a key that asks for it again is a double
# press (`o o`, a finger's bounce or a second press as nothing seemed to happen), refused: a person presses a key
# twice on purpose more slowly than that, and a page opened twice is a second tab to close.
PRESSED_AGAIN_WITHIN = 0.5


def choice(typed: str, count: int) -> int | None:
    """The link `typed` can only mean among `count` links, or None while more digits could follow."""
    number = int(typed)
    return number if number * 10 > count else None


def confirming_keys(keymap: dict[str, str]) -> frozenset[str]:
    """The keys that confirm a link's number, as config.toml's [keys] maps them: those that open the article in the
    list (list.open, enter unless [keys] says otherwise), the chooser's own confirm too. One typed right after a
    number that opened a link at once would go on to the list and open its article; any other key is the list's."""
    return frozenset(keys_in_force(VirtualList.BINDINGS, keymap, str)["list.open"].split())


def confirms(key: events.Key, chosen_at: float, keys: Collection[str]) -> bool:
    """Whether `key` is the confirm (one of `keys`: confirming_keys) of the number typed at `chosen_at`, which opened a
    link at once."""
    return key.key in keys and key.time - chosen_at < CONFIRMS_WITHIN


def link_digit(event: events.Key) -> str | None:
    """The digit of a link's number the key types, which the chooser takes: 0 to 9, not another script's digits."""
    typed = event.character
    return typed if typed is not None and typed.isdigit() and typed.isascii() else None


class OpenLinkScreen(SpeaksTheLanguage, ModalScreen[int | None]):
    """Answers the number of the link to open, ARTICLE for the article, None when cancelled."""

    CSS_PATH = "links.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(",".join(CANCEL_KEYS), "cancel", N_("Cancel")),
        # By the name of the list's key that opens an article, so that [keys] maps it here too (confirming_keys).
        Binding("enter", "open_typed", N_("Open"), id="list.open"),
        # The key that opened the chooser, pressed again, opens the article: by its binding's name, so that [keys] maps it here too.
        Binding("o", "open_typed", N_("Open"), show=False, id="open_in_browser"),
    ]

    def __init__(self, links: tuple[Link, ...], confirming: frozenset[str]) -> None:
        """`confirming`: confirming_keys."""
        super().__init__()
        self.links = links
        self.confirming = confirming
        self.typed = ""
        self.chosen_at: float | None = None  # when the number that chose a link at once was typed (its last digit's time)
        self.confirmed = False  # and the confirm (enter) came with it, to the chooser: no other is taken for it
        self._confirm_taken = False

    def compose(self) -> ComposeResult:
        with Vertical(id="links"):
            # One link is said as one, not as the range "1–1". (Not ngettext: its forms follow a language's grammar, and
            # the singular may serve 21 too; here exactly one is meant.)
            title = with_keys(
                _("Open link 1–{last}: type its number; {list.open} (or {open_in_browser}) opens the article, escape cancels.")
                if len(self.links) > 1
                else _("Open the link: type 1; {list.open} (or {open_in_browser}) opens the article, escape cancels."),
                self.keys_named,
                _("Open link 1–{last}: type its number, escape cancels.") if len(self.links) > 1 else _("Open the link: type 1, escape cancels."),
                last=len(self.links),
            )
            yield Static(title, id="links-title", markup=False)
            yield Static(self._prompt(), id="links-typed", markup=False)

    def _prompt(self) -> str:
        return terminal_safe(f"› {self.typed}" + (f"  {self.links[int(self.typed) - 1].url}" if self._valid() else ""))

    def _valid(self) -> bool:
        return bool(self.typed) and 1 <= int(self.typed) <= len(self.links)

    def on_key(self, event: events.Key) -> None:
        if self.chosen_at is not None:  # keys on their way as it closes: its confirming enter is its own
            if not self._confirm_taken and confirms(event, self.chosen_at, self.confirming):
                self._confirm_taken = self.confirmed = True
                event.stop()
                event.prevent_default()
            return
        digit = link_digit(event)
        if digit is None:
            return
        event.stop()
        wanted = self.typed + digit  # the number named, as a wrong one starts the typing again
        self.typed, number, wrong = self._with_digit(self.typed, digit)
        if number is not None:
            self.chosen_at = event.time
            self.dismiss(number)
            return
        if wrong:
            there = _("No link {number}: type 1–{last}.") if len(self.links) > 1 else _("No link {number}: type 1.")
            self.notify(there.format(number=int(wanted), last=len(self.links)), severity="warning", timeout=3)
        self.query_one("#links-typed", Static).update(self._prompt())

    def _with_digit(self, typed: str, digit: str) -> tuple[str, int | None, bool]:
        """What is typed once `digit` is, the link it can only mean then (if any), and whether the digit made no
        link's number (it starts again). A 0 first is passed over: links count from 1."""
        if not typed and digit == "0":
            return typed, None, False
        typed += digit
        if not 1 <= int(typed) <= len(self.links):
            return "", None, True
        return typed, choice(typed, len(self.links)), False

    def takes(self, keys: Sequence[events.Key], keymap: dict[str, str]) -> int:
        """How many of `keys`, typed before the chooser came up (NieuwsApp hands them to it), are its own: up to the one
        that opens a page (a digit that names a link, enter, the open key; escape and q cancelled the choice as they
        were typed). Those after it are typed after it closed: handed to the chooser with the rest, `o 1 enter o 2
        enter` opened link 12 (digits it takes at once, enter only once up at the app) and then the article."""
        in_force = keys_in_force(self.BINDINGS, keymap, str)
        closing = {*in_force["list.open"].split(), *in_force["open_in_browser"].split()}
        typed = ""
        for taken, key in enumerate(keys, 1):
            digit = link_digit(key)
            if digit is not None:
                typed, number, _wrong = self._with_digit(typed, digit)
                if number is not None:
                    self.confirmed = taken < len(keys) and confirms(keys[taken], key.time, self.confirming)
                    return taken + self.confirmed
            elif key.key in closing:
                return taken
        return len(keys)

    def action_open_typed(self) -> None:
        self.dismiss(int(self.typed) if self._valid() else ARTICLE)

    def action_cancel(self) -> None:
        self.dismiss(None)
