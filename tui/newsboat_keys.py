"""newsboat's key bindings (the `bind-key` lines of its config) as the app's: the [keys] entries of config.toml that
give the same keys to the bindings that do what newsboat's operations do."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from textual.app import App
from textual.binding import Binding, BindingType

from feeds import KeyBinding, shown_url
from feeds import gettext as _

from .app import NEWSBOAT_KEYS, NieuwsApp
from .keys import Clash, key_name, key_set, known_key, named, weigh_keymap

# newsboat's operations that the app has, each by the bindings that do it: one that works in several places (newsboat's
# down, in its lists and its article view) by the binding of each. quit goes back from the article and quits from the
# list, as newsboat's and the app's q (which the three share): bound in one dialog, only back from the article.
OPERATIONS: dict[str, tuple[str, ...]] = {
    "quit": ("quit", "list.close_article", "reader.back"),
    "hard-quit": ("hard_quit",),
    "open": ("list.open",),
    "toggle-article-read": ("toggle_read",),
    "mark-feed-read": ("mark_all_read",),
    "mark-all-feeds-read": ("mark_library_read",),
    "reload-all": ("refresh",),
    "next-unread": ("next_unread",),
    "prev-unread": ("previous_unread",),
    "next-feed": ("next_section",),
    "prev-feed": ("previous_section",),
    "open-in-browser": ("open_in_browser",),
    "open-search": ("search",),
    "help": ("help",),
    "up": ("list.up", "reader.up", "help.up"),
    "down": ("list.down", "reader.down", "help.down"),
    "pageup": ("list.page_up", "reader.page_up", "help.page_up"),
    "pagedown": ("list.page_down", "reader.page_down", "help.page_down"),
    "home": ("list.first", "reader.top", "help.top"),
    "end": ("list.last", "reader.bottom", "help.bottom"),
}
# newsboat's dialogs that a key may be bound in (bind-key's third word), by the part of the app that is like each: its
# lists (the sidebar's sections, as newsboat's feeds and tags; the articles), its reader, its keys screen. A binding
# that works everywhere in the app takes the key everywhere.
DIALOGS = {"feedlist": "list", "tagselection": "list", "articlelist": "list", "searchresultslist": "list", "article": "reader", "help": "help"}
MOST_KEY_BINDINGS = 200  # bind-key lines weighed: a real config has a few dozen, and each is weighed against every binding

# The keys Textual gives every app: its own (ctrl+q, ctrl+c) and its palette's (ctrl+p). An app that runs has those its
# own bindings leave them (NieuwsApp._textuals_keys: ctrl+q is hard_quit's there), which weighs no key otherwise.
_TEXTUALS = [*App.BINDINGS, Binding(App.COMMAND_PALETTE_BINDING, "command_palette", priority=True)]


@dataclass(slots=True)
class TakenKeys:
    keys: dict[str, str] = field(default_factory=dict)  # the [keys] entries to add: a binding's name, and its keys
    taken: list[tuple[KeyBinding, list[str]]] = field(default_factory=list)  # each line taken, and the bindings its key does now
    left_out: list[tuple[KeyBinding, str]] = field(default_factory=list)  # each line not taken, and why


def taken_keys(lines: list[KeyBinding], chosen: Mapping[str, str]) -> TakenKeys:
    """newsboat's bind-key `lines`, in their order, as [keys] entries of the bindings that do their operations (OPERATIONS)
    where they bind them (DIALOGS): each binding with its own keys and newsboat's beside them, as newsboat binds a key
    beside an operation's own. Only for a binding config.toml's [keys] (`chosen`) has no entry for: the user's own
    stays. And only where the app has no other use for the key there, as check_keymap weighs it (a key of newsboat's
    that the app has beside its own, NEWSBOAT_KEYS, it gives way). An entry that would give a binding only the keys
    it has is none, and a line whose key every binding it names has already is passed over."""
    owners, screens = NieuwsApp.key_owners(_TEXTUALS), NieuwsApp.screen_keys()
    defaults = {binding.id: binding.key for _title, bindings in [*owners, *screens] for binding in named(bindings) if binding.id}
    said = set(weigh_keymap(dict(chosen), owners, screens, NEWSBOAT_KEYS)[2])
    found = TakenKeys()
    for number, line in enumerate(lines):
        names, why_not = _bindings(line, number)
        key = key_set(line.ours or "")
        # Those that give the key already (config.toml's [keys], an import of these lines before, the app itself) take
        # nothing, and are not said: a line that would give every binding it names nothing is passed over in silence.
        given = {**chosen, **found.keys}
        names = [name for name in names if not key <= _kept(name, chosen.get(name) or found.keys.get(name) or defaults[name], given)]
        if not names and not why_not:
            continue
        # One binding [keys] gives keys of its own, and the line is left out: its key would act for some of them and not
        # for others (newsboat's `bind-key h quit` with the reader's back of config.toml: h quit from the reader).
        own = [name for name in names if name in chosen]
        if own:
            why_not = _("config.toml's [keys] has {names} already").format(names=", ".join(own))
        if why_not:
            found.left_out.append((line, why_not))
            continue
        keys = {**found.keys, **{name: _with(found.keys.get(name, defaults[name]), line.ours or "") for name in names}}
        clashes = _clashes(chosen, keys, said, owners, screens)
        # A key of newsboat's the app has beside a binding's own (NEWSBOAT_KEYS) gives way to the binding a line gives
        # it, whichever line comes first: newsboat's config moved it (`bind-key N prev-unread`, N no longer toggle_read).
        while clashes and (moved := _moved(clashes, keys, names, key)):
            name, taken = moved
            keys[name] = ",".join(each for each in keys[name].split(",") if key_name(each) not in taken)
            clashes = _clashes(chosen, keys, said, owners, screens)
        if clashes:
            clash = clashes[0]
            keys_said = shown_url(line.key, LONGEST) if clash.keys == key else " ".join(sorted(clash.keys))
            found.left_out.append((line, _("{keys} would be both {name} and {other} in nieuws-tui").format(keys=keys_said, name=clash.name, other=clash.other)))
            continue
        found.keys = {name: value for name, value in keys.items() if value != defaults[name]}
        found.taken.append((line, names))
    return found


def _clashes(chosen: Mapping[str, str], keys: Mapping[str, str], said: set[Clash], owners: Owners, screens: Owners) -> list[Clash]:
    """The clashes of `keys` (beside config.toml's `chosen`) that config.toml's own keys have not (`said`)."""
    return [clash for clash in weigh_keymap({**chosen, **keys}, owners, screens, NEWSBOAT_KEYS)[2] if clash not in said]


def _moved(clashes: list[Clash], keys: Mapping[str, str], names: list[str], key: set[str]) -> tuple[str, frozenset[str]] | None:
    """A binding of `keys` and the keys of newsboat's it has (NEWSBOAT_KEYS) that it clashes with another on, which
    it gives way with: never the line's own key, for the bindings the line gives it (`names`), nor its last key."""
    for clash in clashes:
        for name in (clash.name, clash.other):
            spare = key_set(NEWSBOAT_KEYS.get(name) or "")
            kept = key_set(keys.get(name) or "") - clash.keys
            if name in keys and clash.keys <= spare and kept and not (name in names and clash.keys & key):
                return name, clash.keys
    return None


def _kept(name: str, keys: str, given: Mapping[str, str]) -> set[str]:
    """A binding's keys (comma-separated) but those of newsboat's it has (NEWSBOAT_KEYS) that another binding is
    `given`: a line of newsboat's config moved them."""
    elsewhere = {each for other, keys_given in given.items() if other != name for each in key_set(keys_given)}
    return key_set(keys) - (key_set(NEWSBOAT_KEYS.get(name) or "") & elsewhere)


Owners = list[tuple[str, list[BindingType]]]  # the app's bindings, by where they work (NieuwsApp.key_owners)
LONGEST = 40  # characters of a word of newsboat's config said


def _bindings(line: KeyBinding, number: int) -> tuple[list[str], str]:
    """The bindings of the app that do what a bind-key line binds its key to, where it binds it; none, and why."""
    operation = line.operation or ""
    if number >= MOST_KEY_BINDINGS:
        return [], _("only the first {most} bind-key lines are read").format(most=MOST_KEY_BINDINGS)
    if line.operation is None:
        return [], _("not bind-key KEY OPERATION [DIALOG]")
    if operation not in OPERATIONS:
        return [], _("nieuws-tui has no {operation}").format(operation=shown_url(operation, LONGEST))
    if line.dialog is not None and line.dialog not in DIALOGS:
        return [], _("nieuws-tui has no {dialog}").format(dialog=shown_url(line.dialog, LONGEST))
    if line.sent_as is not None:
        return [], _("a terminal sends {key} as {name}: newsboat never ran this binding").format(key=line.key, name=line.sent_as)
    if line.ours is None or not known_key(line.ours):
        return [], _("nieuws-tui has no key {key}").format(key=shown_url(line.key, LONGEST))
    names = list(OPERATIONS[operation])
    if line.dialog is not None and any(_part(name) for name in names):  # (one that works everywhere takes the key everywhere)
        names = [name for name in names if _part(name) == DIALOGS[line.dialog]]
    if not names:
        return [], _("nieuws-tui has no {operation} in its {dialog}").format(operation=operation, dialog=line.dialog)
    return names, ""


def _part(name: str) -> str | None:
    """The part of the app whose binding a name names (`list.down`: list); None for one that works everywhere."""
    return name.partition(".")[0] if "." in name else None


def _with(keys: str, key: str) -> str:
    """A binding's keys (comma-separated) with `key` beside them."""
    return keys if key in keys.split(",") else f"{keys},{key}"
