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
    "open-in-browser-and-mark-read": ("open_in_browser_and_mark_read",),
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
# that works everywhere in the app takes the key everywhere: [keys] cannot bind it in one part, and the import says so.
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
    given_way: list[tuple[KeyBinding, KeyBinding]] = field(default_factory=list)  # each line whose key a later one binds again, and that one (there alone, where it names a dialog)
    everywhere: list[KeyBinding] = field(default_factory=list)  # each line taken for one dialog whose binding acts everywhere: it does
    lost: list[tuple[KeyBinding, list[str], bool]] = field(default_factory=list)  # each line that took its key from bindings no line names, those, and whether it was their only key


Weighed = list[tuple[KeyBinding, list[str]]]  # bind-key lines, each with the bindings it gives its key


def taken_keys(lines: list[KeyBinding], chosen: Mapping[str, str]) -> TakenKeys:
    """newsboat's bind-key `lines` as [keys] entries of the bindings that do their operations (OPERATIONS) where they
    bind them (DIALOGS): each binding with its own keys and newsboat's beside them, as newsboat binds a key beside an
    operation's own. The lines are weighed as a whole, as newsboat reads them, so that their order counts only where
    two bind one key: the later takes it (_later_wins). Only for a binding config.toml's [keys] (`chosen`) has no
    entry for, or an import's of these lines (_imported), which is completed: the user's own stays. And only where the app has no other use for the key there, as check_keymap weighs
    it, once the bindings the lines move off a key have given way (_moved), and those no line names have lost it to
    a line that binds it wherever they act (_lost), as newsboat's bind-key takes a key from its operation. An entry that would give a binding only
    the keys it has is none, and a line whose key every binding it names has already is passed over."""
    owners, screens = NieuwsApp.key_owners(_TEXTUALS), NieuwsApp.screen_keys()
    defaults = {binding.id: binding.key for _title, bindings in [*owners, *screens] for binding in named(bindings) if binding.id}
    said = set(weigh_keymap(dict(chosen), owners, screens, NEWSBOAT_KEYS)[2])
    found = TakenKeys()
    weighed: Weighed = []
    read = [(line, *_bindings(line, number)) for number, line in enumerate(lines)]
    # An entry of [keys] as an import of these lines writes it (an older one, which took fewer of them) is the import's:
    # completed, from its keys, not left as the user's own.
    imported = _imported(read, chosen, defaults)
    start = {**defaults, **{name: chosen[name] for name in imported}}
    for line, names, why_not in read:
        # A binding config.toml's [keys] gives the key already (an import of these lines before) takes nothing from it,
        # and a line that gives every binding it names nothing so is passed over in silence.
        given = [name for name in names if name in chosen and key_set(line.ours or "") <= key_set(chosen[name])]
        if given and given == names:
            continue
        names = [name for name in names if name not in given]
        # One binding [keys] gives keys of its own, and the line is left out: its key would act for some of them and not
        # for others (newsboat's `bind-key h quit` with the reader's back of config.toml: h quit from the reader).
        own = [name for name in names if name in chosen and name not in imported]
        if own and not why_not:
            why_not = _("config.toml's [keys] has {names} already").format(names=", ".join(own))
        if why_not:
            found.left_out.append((line, why_not))
        else:
            weighed.append((line, names))
    weighed = _later_wins(weighed, found)
    # Each round weighs the lines left from the start, and leaves out those of a clash that remains: which lines go
    # depends on the bindings that clash, never on the order of the lines.
    while True:
        keys: dict[str, str] = {}
        for line, names in weighed:
            keys.update({name: _with(keys.get(name, start[name]), line.ours or "") for name in names})
        lost: list[Lost] = []
        clashes = _clashes(chosen, keys, said, owners, screens, lost)
        while clashes:
            if moved := _moved(clashes, keys, weighed):
                name, taken = moved
            elif loss := _lost(clashes, keys, weighed, chosen, defaults):
                name, taken, _line = loss
                lost.append(loss)
            else:
                break
            keys[name] = ",".join(each for each in keys.get(name, defaults[name]).split(",") if key_name(each) not in taken)
            clashes = _clashes(chosen, keys, said, owners, screens, lost)
        if not clashes:
            break
        clash = clashes[0]
        refused = [(line, names) for line, names in weighed if {clash.name, clash.other} & set(names) and clash.keys & key_set(line.ours or "")]
        refused = refused or [(line, names) for line, names in weighed if {clash.name, clash.other} & set(names)]
        if not refused:  # (a clash no line makes: none, as config.toml's own are not said)
            break
        for line, _names in refused:
            keys_said = shown_url(line.key, LONGEST) if clash.keys == key_set(line.ours or "") else " ".join(sorted(clash.keys))
            found.left_out.append((line, _("{keys} would be both {name} and {other} in nieuws-tui").format(keys=keys_said, name=clash.name, other=clash.other)))
        weighed = [each for each in weighed if each not in refused]
    found.left_out.sort(key=lambda left: left[0].at)
    # A binding left without a key has none on purpose (""): the app says nothing at start of the key it lost.
    found.keys = {name: value for name, value in keys.items() if not value or key_set(value) != key_set(start[name])}
    for line in sorted({line for _name, _taken, line in lost}, key=lambda line: line.at):
        for only in (False, True):
            if names := list(dict.fromkeys(name for name, _taken, by in lost if by is line and (not keys[name]) == only)):
                found.lost.append((line, names, only))
    # Those whose bindings have the key already, as the app has it, take nothing, and are not said.
    found.taken = [(line, names) for line, names in weighed if any(not key_set(line.ours or "") <= key_set(defaults[name]) for name in names)]
    found.everywhere = [line for line, names in found.taken if line.dialog is not None and any(_part(name) is None for name in names)]
    return found


def _imported(read: list[tuple[KeyBinding, list[str], str]], chosen: Mapping[str, str], defaults: Mapping[str, str]) -> set[str]:
    """The bindings whose [keys] entry (`chosen`) an import of these lines (`read`: each with its bindings) writes: its
    keys the binding's own (`defaults`) and those the lines give it, one of the lines' among them. An import writes
    no entry of the app's keys alone, nor one without any (a binding no line names): those are the user's."""
    given: dict[str, set[str]] = {}
    for line, names, why_not in read:
        for name in [] if why_not else names:
            given.setdefault(name, set()).update(key_set(line.ours or ""))
    return {
        name
        for name, keys in given.items()
        if name in chosen and (entry := key_set(chosen[name])) <= keys | key_set(defaults[name]) and entry & (keys - key_set(defaults[name]))
    }


def _later_wins(weighed: Weighed, found: TakenKeys) -> Weighed:
    """The lines as newsboat binds their keys: a later line that binds a line's key again takes it in the dialogs both
    bind it in (_dialogs), and the earlier keeps it in the others, by the bindings it has there. Each line given way is
    said, by the line it gave way to (`found`), but one that line does again (`bind-key N prev-unread` twice). Where a
    binding acts everywhere, it cannot have a key in some dialogs and not in others: the later line is left out, and
    the earlier keeps its key (a line for the article must not take a key from the list)."""
    kept: list[tuple[KeyBinding, list[str], set[str]]] = []
    ousted: list[tuple[KeyBinding, set[str], set[str], KeyBinding]] = []  # a line, the bindings it lost and where, to which
    for line, names in weighed:
        parts = _dialogs(line, names)
        earlier = [each for each in kept if key_set(each[0].ours or "") == key_set(line.ours or "") and each[2] & parts]
        if any(set(names) <= set(their) for _other, their, _where in earlier):  # (it binds the key again as it is there)
            continue
        why_not = next((why for other, their, where in earlier if (why := _unsplit(other, their, where, line, names, parts))), "")
        if why_not:
            found.left_out.append((line, why_not))
            continue
        for other, their, where in earlier:
            if not (lost := {name for name in their if _part(name) in parts | {None}}) <= set(names):
                ousted.append((other, lost, where & parts, line))
            kept.remove((other, their, where))
            if where - parts:
                kept.append((other, [name for name in their if _part(name) in where - parts], where - parts))
        kept.append((line, names, parts))
    # A line gave way to the one whose bindings have its key there in the end, unless those are its own: a later line
    # gave it back (`bind-key x up`, `x pagedown article`, `x up article`: line 2 gave way, and line 1 did not).
    for other, lost, where, line in ousted:
        now = [(each, their) for each, their, parts in kept if key_set(each.ours or "") == key_set(other.ours or "") and parts & where]
        if not lost <= {name for _each, their in now for name in their} and (gave_way := (other, now[-1][0] if now else line)) not in found.given_way:
            found.given_way.append(gave_way)
    return [(line, names) for line, names, _parts in sorted(kept, key=lambda each: each[0].at)]


def _dialogs(line: KeyBinding, names: list[str]) -> set[str]:
    """The parts of the app (DIALOGS) a line binds its key in, as newsboat reads it: its dialog's, else every part
    its bindings act in."""
    if line.dialog is not None:
        return {DIALOGS[line.dialog]}
    return set(DIALOGS.values()) if any(_part(name) is None for name in names) else {part for name in names if (part := _part(name))}


def _unsplit(earlier: KeyBinding, theirs: list[str], where: set[str], line: KeyBinding, names: list[str], parts: set[str]) -> str:
    """Why `line` cannot take its key from the `earlier` line where it binds it alone: a binding that acts everywhere
    would have the key where the other should keep it; none, where it can."""
    if not where - parts:
        return ""
    key, dialog = shown_url(line.key, LONGEST), line.dialog
    if everywhere := [name for name in names if _part(name) is None]:
        return _("{key} stays {operation} outside {dialog}: nieuws-tui's {name} acts everywhere").format(key=key, operation=earlier.operation, dialog=dialog, name=everywhere[0])
    if (everywhere := [name for name in theirs if _part(name) is None]) and line.dialog is None:  # (newsboat's open, the lists' alone)
        return _("{key} stays {operation}: nieuws-tui's {name} acts everywhere, {names} only in part of it").format(key=key, operation=earlier.operation, name=everywhere[0], names=", ".join(names))
    if everywhere:
        return _("{key} stays {operation} in {dialog} too: nieuws-tui's {name} acts everywhere").format(key=key, operation=earlier.operation, dialog=dialog, name=everywhere[0])
    return ""


def _clashes(chosen: Mapping[str, str], keys: Mapping[str, str], said: set[Clash], owners: Owners, screens: Owners, lost: list[Lost]) -> list[Clash]:
    """The clashes of `keys` (beside config.toml's `chosen`) that config.toml's own keys have not (`said`), but over
    a key a binding left without any lost to a line (`lost`): it has none, where the keymap cannot say so."""
    keyless: dict[str, frozenset[str]] = {}
    for name, taken, _line in lost:
        keyless[name] = keyless.get(name, frozenset()) | taken if not keys[name] else frozenset()
    weighed = weigh_keymap({**chosen, **{name: value for name, value in keys.items() if value}}, owners, screens, NEWSBOAT_KEYS)[2]
    return [clash for clash in weighed if clash not in said and not any(clash.keys <= keyless.get(name, frozenset()) for name in (clash.name, clash.other))]


Lost = tuple[str, frozenset[str], KeyBinding]  # a binding no line names, the keys it lost, and the line that took them


def _lost(clashes: list[Clash], keys: Mapping[str, str], weighed: Weighed, chosen: Mapping[str, str], defaults: Mapping[str, str]) -> Lost | None:
    """A binding that no line names and config.toml's [keys] leaves as it is, and the keys of a clash it loses to
    the last line that binds them, as newsboat's bind-key takes a key from the operation that had it: only where
    that line binds it wherever the binding acts (`bind-key j open-in-browser article` leaves the lists' down its j)."""
    given = {name for _line, names in weighed for name in names}
    for clash in clashes:
        for name, other in ((clash.name, clash.other), (clash.other, clash.name)):
            if other not in defaults or other in chosen or other in given:
                continue
            lines = [(line, names) for line, names in weighed if name in names and clash.keys & key_set(line.ours or "")]
            if not lines:
                continue
            line, names = lines[-1]
            parts, part = _dialogs(line, names), _part(other)
            # (a clash with one of Textual's own, which is named by its action, is with a binding of that name only where it has the key)
            taken = clash.keys & key_set(keys.get(other, defaults[other]))
            if taken and (parts == set(DIALOGS.values()) if part is None else part in parts):
                return other, frozenset(taken), line
    return None


def _moved(clashes: list[Clash], keys: Mapping[str, str], weighed: Weighed) -> tuple[str, frozenset[str]] | None:
    """A binding of `keys` and the keys it clashes with another on that it gives way with: never one the lines
    (`weighed`) give it, nor its last key. Those of newsboat's it has (NEWSBOAT_KEYS) it gives to any line; its own,
    where the lines give it a key of theirs: they moved it (`bind-key Q quit` with `bind-key q hard-quit`)."""
    given: dict[str, set[str]] = {}
    for line, names in weighed:
        for name in names:
            given.setdefault(name, set()).update(key_set(line.ours or ""))
    for clash in clashes:
        for name in (clash.name, clash.other):
            has = key_set(keys.get(name) or "")
            movable = has if name in given else key_set(NEWSBOAT_KEYS.get(name) or "")
            taken = (clash.keys & has & movable) - given.get(name, set())
            if name in keys and taken and has - taken:
                return name, frozenset(taken)
    return None


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
    if line.unreadable:
        return [], _("its key is bytes that are no UTF-8")
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
    return keys if key_set(key) <= key_set(keys) else f"{keys},{key}"
