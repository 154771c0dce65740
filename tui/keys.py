"""The app's keys: every binding has a name, and config.toml's [keys] table rebinds them by name.

Textual applies the keymap to the bindings of each widget; this module checks
the names the user wrote and says which keys are in force, so that the help
screen and the command palette never show a key that no longer does the job.
"""

from __future__ import annotations

import dataclasses
import string
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, cast

from textual.app import App
from textual.binding import Binding, BindingsMap, BindingType
from textual.keys import REPLACED_KEYS, Keys, format_key, key_to_character
from textual.message_pump import MessagePump

from feeds import gettext as _

KeyGroup = tuple[str, list[tuple[str, str, str]]]  # a title, and (keys, what they do, the binding's name)


def said(binding: Binding, keys: Mapping[str, str]) -> str:
    """What a binding does, in words, for the help screen, the palette and the footer's tooltips: its tooltip, else its
    footer label. A key of a binding that it names, by that binding's name ("Undo the last {mark_all_read}"), as
    config.toml maps it (`keys`: first_keys); its footer label, where that binding has no key."""
    description = _(binding.description) if binding.description else ""
    return with_keys(_(binding.tooltip), keys, description) if binding.tooltip else description


def first_keys(in_force: Mapping[str, str]) -> dict[str, str]:
    """The key a text names for each binding that has one (`in_force`: its keys, keys_in_force)."""
    return {name: keys.split(" ")[0] for name, keys in in_force.items() if keys}


def with_keys(text: str, keys: Mapping[str, str], without: str, **values: object) -> str:
    """`text`, naming the key of each binding it names by the binding's name ("press {show_errors}") as config.toml
    maps it (`keys`: first_keys), and its other fields `values`. `without`, where one of those bindings has no key:
    a text that names a key nobody can press says what it has to say without it, never the binding's name."""
    fields = {field for _text, field, _spec, _conversion in _BY_NAME.parse(text) if field}
    return _BY_NAME.vformat(text, (), {**keys, **values}) if fields - values.keys() <= keys.keys() else without.format_map(values)


class _ByName(string.Formatter):
    """Fields by their whole names: a binding's name may have a dot in it (search.cancel), which str.format reads as
    an attribute."""

    def get_field(self, field_name: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> tuple[Any, str]:
        return kwargs[field_name], field_name


_BY_NAME = _ByName()


def translated(binding: Binding, keys: Mapping[str, str]) -> Binding:
    """The binding with its footer label and tooltip in the interface's language, naming keys as `keys` has them (said)."""
    return dataclasses.replace(binding, description=_(binding.description) if binding.description else "", tooltip=said(binding, keys) if binding.tooltip else "")


class SpeaksTheLanguage:
    """Mixed into every app, screen and widget with BINDINGS, first among its bases.

    Labels and tooltips are written in English and marked with N_ where the class is
    made, before the interface's language is known; each instance shows them translated.
    """

    _bindings: BindingsMap
    keys_named: Mapping[str, str]  # the key its texts name for each binding that has one, as the app maps them (first_keys)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A widget is made in the app whose keys it names. (The app's own tooltips are translated as it is made, before
        # it has read its keys: none of them is shown with its tooltip.)
        try:
            app = cast(MessagePump, self).app
        except RuntimeError:  # (Textual's NoActiveAppError) a widget made outside an app, as a test may make one
            app = None
        self.keys_named = getattr(app, "keys_named", {})
        # New lists: the instance's map shares those of its class, made once for every language.
        keys = self._bindings.key_to_bindings
        self._bindings.key_to_bindings = {key: [translated(binding, self.keys_named) for binding in bindings] for key, bindings in keys.items()}
        if not isinstance(self, App):  # (an app being made is not yet the active one: NieuwsApp takes out its own)
            unbind_keyless(self._bindings, getattr(app, "keymap", {}))


def unbind_keyless(bindings: BindingsMap, keymap: Mapping[str, str]) -> None:
    """Takes out of `bindings` those config.toml's [keys] gives no key, on purpose (""): Textual reads an empty entry
    of its keymap as none, and leaves the binding its own key."""
    bindings.key_to_bindings = {
        key: kept for key, found in bindings.key_to_bindings.items() if (kept := [binding for binding in found if not binding.id or keymap.get(binding.id) != ""])
    }


def named(bindings: Iterable[BindingType]) -> list[Binding]:
    return [binding for binding in bindings if isinstance(binding, Binding) and binding.id]


def key_set(keys: str) -> set[str]:
    """A binding's keys (comma-separated) as Textual names them, whatever the spaces and spelling (`?`, `j, down`)."""
    return {key_name(key) for key in keys.split(",")}


def key_name(key: str) -> str:
    """A key as Textual names it (`?`: question_mark), in its small letters where it is a named key (F1, ctrl+PageDown):
    Textual's names are, and a capital letter is a key of its own (G)."""
    *modifiers, name = _KEY_NAMES.get(key.strip(), key.strip()).split("+")
    if len(name) > 1 and name.lower() in _NAMED_KEYS:
        name = name.lower()
    return "+".join([*(modifier.lower() for modifier in modifiers), name])


_KEY_NAMES = {"?": "question_mark", "/": "slash", " ": "space"}  # what users write for the names Textual uses
_SPOKEN = {name: key for key, name in _KEY_NAMES.items() if key.strip()}  # (slash, which Textual gives no character)
_MODIFIERS = {"ctrl", "shift", "alt", "meta", "super", "hyper"}
_NAMED_KEYS = {key.value.rpartition("+")[2] for key in Keys if not key.value.startswith("<")}  # escape, pagedown, f5, …


def known_key(key: str) -> bool:
    """A key Textual can be sent: modifiers, then a character (`n`, `?`, `question_mark`) or a named key (`pagedown`).
    Textual takes any name, and a binding to one that no terminal sends is a key that no longer works."""
    *modifiers, name = _KEY_NAMES.get(key, key).split("+")
    character = key_to_character(REPLACED_KEYS.get(name, name))
    # a control character by its Unicode name ("Escape", "esc") is no key either: the terminal sends it as a named key
    return all(modifier in _MODIFIERS for modifier in modifiers) and (name in _NAMED_KEYS or (character is not None and character.isprintable()))


@dataclasses.dataclass(frozen=True, slots=True)
class Clash:
    """A key [keys] gives `name` that `other` (its name, or its action where it has none) has too, where both act."""

    keys: frozenset[str]
    name: str
    other: str


def check_keymap(
    chosen: dict[str, str],
    owners: list[tuple[str, list[BindingType]]],
    screens: Sequence[tuple[str, list[BindingType]]] = (),
    spare: Mapping[str, str] | None = None,
) -> tuple[dict[str, str], list[str]]:
    """weigh_keymap's keymap, and its problems: what the app applies, and says at start."""
    keymap, problems, _clashes = weigh_keymap(chosen, owners, screens, spare)
    return keymap, problems


def weigh_keymap(
    chosen: dict[str, str],
    owners: list[tuple[str, list[BindingType]]],
    screens: Sequence[tuple[str, list[BindingType]]] = (),
    spare: Mapping[str, str] | None = None,
) -> tuple[dict[str, str], list[str], list[Clash]]:
    """The rebindings that name a binding, a line for each problem, and each clash among them as a Clash (an import
    of newsboat's keys weighs those, and names both bindings). The problems: a name that names none, a key given to two names, or a key another binding loses. `owners[0]` holds the
    bindings that work everywhere; a key clashes with those and with the bindings of its own
    widget. Where both have it, the widget's binding wins while the widget has the keys.
    `screens`: the bindings of screens over the app (the keys screen), where the app's keys do not act:
    a key clashes there only with the screen's own. A binding without a name (Textual's ctrl+q) can lose
    its key too, and no [keys] line gives it another: it is called by its action. A name given "" has no key, on
    purpose: the keys it lost are not said (unbind_keyless takes it out where Textual would leave it its own).
    `spare`: keys that a binding (by its name) has beside its own and gives way with (newsboat's, for its users'
    fingers): the binding [keys] gives one of them to has it, and nothing is said, as the config.toml was written
    before they were bound. A binding that comes first everywhere (priority) gives way everywhere: the keymap
    returned takes from it every key [keys] gives another (a key of its own, so taken, is said as lost above; bound
    again to it, it would win over the binding given it). One that would keep no key gives none way: each of its
    keys given to another is said."""
    owners = [*owners, *screens]
    apart = range(len(owners) - len(screens), len(owners))
    scopes = [(index, binding) for index, (_, bindings) in enumerate(owners) for binding in bindings if isinstance(binding, Binding)]
    names = {binding.id for _, binding in scopes if binding.id}
    # A key no terminal sends is said, and the line's other keys work: one wrong name lost them all (help = "h,F1").
    unknown = {name: [key.strip() for key in keys.split(",") if not known_key(key_name(key))] for name, keys in chosen.items() if name in names and keys}
    known = {name: [key_name(key) for key in keys.split(",") if known_key(key_name(key))] for name, keys in chosen.items() if name in names}
    keymap = {name: ",".join(keys) for name, keys in known.items() if keys or not chosen[name]}  # "": no key, on purpose
    no_name = _("config.toml [keys]: there is no key binding called “{name}”; press {help} for their names")
    no_help = _("config.toml [keys]: there is no key binding called “{name}”; “Keys” in the command palette (^p) lists their names")
    problems = [with_keys(no_name, keys_named(owners, keymap), no_help, name=name) for name in sorted(set(chosen) - names)]
    problems += [
        (_("config.toml [keys]: {name} = “{keys}”: no key is called {unknown}; it has the others") if name in keymap else
         _("config.toml [keys]: {name} = “{keys}”: no key is called {unknown}; it keeps its own key ({name} = \"\" gives it none)")).format(name=name, keys=chosen[name], unknown=", ".join(wrong))
        for name, wrong in unknown.items()
        if wrong
    ]  # fmt: skip

    def keys_of(binding: Binding) -> set[str]:
        keys = keymap.get(binding.id or "", binding.key)
        return key_set(keys) if keys else set()

    def spares(binding: Binding) -> set[str]:
        """The keys `binding` gives way with, unless [keys] binds it itself."""
        keys = (spare or {}).get(binding.id or "")
        return key_set(keys) if keys and binding.id not in keymap else set()

    given = {key for keys in keymap.values() if keys for key in key_set(keys)}

    def gives_way(binding: Binding) -> str:
        """The keys a binding that comes first everywhere keeps when it gives way (none: it cannot, below)."""
        return ",".join(key for key in binding.key.split(",") if not key_set(key) & given)

    reported: set[tuple[Binding, Binding]] = set()
    clashes: list[Clash] = []
    for scope, binding in scopes:
        if binding.id not in keymap:
            continue
        for other_scope, other in scopes:
            everywhere = 0 in (scope, other_scope) and scope not in apart and other_scope not in apart
            if other is binding or (other, binding) in reported or not (scope == other_scope or everywhere):
                continue
            taken = keys_of(binding) & keys_of(other)
            shared = key_set(binding.key) & key_set(other.key)
            if shared:  # bindings that share a key by design (the reader's q over quit's): that key is no clash, nor is
                # one [keys] gives them both, which they share as they share q (newsboat's `bind-key h quit`)
                taken = taken - shared if other.id not in keymap else set()
            # A spare key is given without a word, but by a binding that comes first everywhere only while it keeps
            # a key of its own: one left without any keeps them all (Textual has no binding without a key).
            if not taken or (taken <= spares(other) and (not other.priority or gives_way(other))):
                continue
            reported.add((binding, other))
            clashes.append(Clash(frozenset(taken), binding.id or "", other.id or other.action))
            if other.id in keymap:
                message = _("config.toml [keys]: {keys} is given to both “{name}” and “{other}”; give each a key of its own")
            elif scope == 0 and other_scope != 0 and not binding.priority:  # the widget's binding comes first while it has the keys
                message = _("config.toml [keys]: {keys} stays “{other}” in {where}; “{name}” has it only elsewhere; give it another key")
            elif other_scope == 0 and scope != 0 and other.priority:  # a priority binding comes first everywhere
                message = _("config.toml [keys]: {keys} stays “{other}”, which comes first everywhere; give “{name}” another key")
            elif other_scope == 0 and scope != 0 and other.id:  # the widget's binding comes first while it has the keys, the app's elsewhere
                message = _("config.toml [keys]: {keys} is now “{name}” in {here}, so “{other}” has it only elsewhere; give one of them another key")
            elif other.id:
                message = _("config.toml [keys]: {keys} is now “{name}”, so “{other}” lost it; give that one a key of its own")
            else:
                message = _("config.toml [keys]: {keys} is now “{name}”, so the app's own “{other}” lost it, which [keys] cannot give another key; give “{name}” another key")
            keys = " ".join(format_key(key) for key in sorted(taken))
            problems.append(message.format(keys=keys, name=binding.id, other=other.id or other.action, where=owners[other_scope][0].lower(), here=owners[scope][0].lower()))
    given_way = {
        binding.id: kept for _scope, binding in scopes if binding.id and binding.priority and spares(binding) & given and (kept := gives_way(binding))
    }
    return {**keymap, **given_way}, problems, clashes


def drawn(key: str) -> str:
    """A key as the footer draws it (Textual's App.get_key_display): `^p`, `esc`, `⏎`, `?`. The keys screen draws every
    key so, or it showed `^p` beside `ctrl+q`."""
    modifiers, name = Binding(key, "").parse_key()
    return "+".join([modifier for modifier in modifiers if modifier != "ctrl"] + [f"^{format_key(name)}" if "ctrl" in modifiers else format_key(name)])


def keys_in_force(bindings: Iterable[BindingType], keymap: dict[str, str], shown: Callable[[str], str] = drawn) -> dict[str, str]:
    """The keys of each named binding of one widget (or screen, or the app) as the user sees them (`j ↓`, `?`, `^f`; or
    as `shown` has them), as Textual applies the keymap to them: a key config.toml gives to two of them acts for the
    first it finds only, and one that loses its key to another has none (""). check_keymap says so at start."""
    applied = BindingsMap(bindings)
    applied.apply_keymap(App._normalize_keymap(keymap))  # ("?" as Textual names it, question_mark, as App.set_keymap does)
    unbind_keyless(applied, keymap)
    keys: dict[str, list[str]] = {}
    for key, found in applied.key_to_bindings.items():
        if found and found[0].id:  # the one Textual runs: the first of them
            keys.setdefault(found[0].id, []).append(shown(key))
    return {binding.id: " ".join(keys.get(binding.id, [])) for binding in named(bindings) if binding.id}


def keys_named(owners: Iterable[tuple[str, Iterable[BindingType]]], keymap: dict[str, str]) -> dict[str, str]:
    """The key a text names for each named binding of `owners` that has one (first_keys), wherever it works."""
    return first_keys({name: keys for _title, bindings in owners for name, keys in keys_in_force(bindings, keymap, spoken).items()})


def spoken(key: str) -> str:
    """A key as a sentence names it: a character as itself (?, /, é), any other key as config.toml spells it (enter,
    escape, space, ctrl+g), not as the footer draws it (⏎, esc, ^g)."""
    character = key_to_character(key)
    if character is not None and character.isprintable() and not character.isspace():
        return character
    return _SPOKEN.get(key, key)


def key_groups(owners: Iterable[tuple[str, Iterable[BindingType]]], keymap: dict[str, str]) -> list[KeyGroup]:
    """Every named binding, grouped by where it works, with the keys in force."""
    owners = list(owners)
    everywhere = keys_named(owners, keymap)
    return [
        (title, [(group[binding.id] or _("no key"), said(binding, everywhere), binding.id) for binding in named(bindings) if binding.id])
        for title, bindings in owners
        for group in [keys_in_force(bindings, keymap)]
    ]
