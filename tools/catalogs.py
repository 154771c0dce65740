"""The message catalogs: find the messages in the code, keep the .po files in step with it, compile the .mo files.

    .venv/bin/python tools/catalogs.py update   # every .po gets the code's new messages (untranslated) and loses those it no longer has
    .venv/bin/python tools/catalogs.py build    # compile every .po to the .mo beside it (the package data that is shipped)
    .venv/bin/python tools/catalogs.py check    # what is out of step; exits 1 if anything is (tests/test_language.py runs it too)

After changing a message: update, translate it in feeds/locale/nl/LC_MESSAGES/nieuws-tui.po, build.

Messages are the literal arguments of `_`, `N_`, `ngettext` and `pgettext` calls
in feeds/ and tui/, the words of Textual the app shows (TEXTUAL), and the messages of argparse that its users see (argparse
translates through gettext's default domain, which the command line makes ours).
English is the language of the code: its catalog says every message as it is, written by
`update`, so that gettext, which falls back from one catalog to the next in LANGUAGE's list
(`en:nl`), never reaches Dutch for a message English left out.
Needs polib (in the test extra).
"""

from __future__ import annotations

import ast
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("feeds", "tui")
LOCALE = ROOT / "feeds" / "locale"
DOMAIN = "nieuws-tui"
SOURCE_LANGUAGE = "en"
HEADERS = {
    "en": {"Plural-Forms": "nplurals=2; plural=(n != 1);"},
    "nl": {"Plural-Forms": "nplurals=2; plural=(n != 1);"},
}
_MARKERS = {"_": ("msgid",), "N_": ("msgid",), "ngettext": ("msgid", "msgid_plural"), "pgettext": ("msgctxt", "msgid")}

# What argparse says in its usage, its help and its errors (Python 3.11 to 3.13), where a user reads it.
ARGPARSE = (
    "usage: ",
    "positional arguments",
    "options",
    "show this help message and exit",
    "%(prog)s: error: %(message)s\n",
    "argument %(argument_name)s: %(message)s",
    "the following arguments are required: %s",
    "unrecognized arguments: %s",
    "invalid choice: %(value)r (choose from %(choices)s)",
    "invalid %(type)s value: %(value)r",
    "expected one argument",
    "expected at most one argument",
    "expected at least one argument",
    "ambiguous option: %(option)s could match %(matches)s",
    "not allowed with argument %s",
    "ignored explicit argument %r",
    "one of the arguments %s is required",
)
ARGPARSE_PLURAL = (("expected %s argument", "expected %s arguments"),)

# What Textual says where the app's user reads it, which the app translates as it shows it:
# the palette key of the footer (with its tooltip), and Textual's own commands in the palette.
TEXTUAL = (
    "palette",
    "Open the command palette",
    "Theme",
    "Change the current theme",
    "Quit",
    "Quit the application as soon as possible",
    "Minimize",
    "Minimize the widget and restore to normal size",
    "Maximize",
    "Maximize the focused widget",
    "Screenshot",
    "Save an SVG 'screenshot' of the current screen",
)


@dataclass(frozen=True, slots=True)
class Message:
    msgid: str
    msgid_plural: str = ""
    msgctxt: str | None = None
    where: str = ""

    @property
    def key(self) -> tuple[str | None, str]:
        return self.msgctxt, self.msgid


def _python_files() -> list[Path]:
    return sorted(p for top in SOURCES for p in (ROOT / top).rglob("*.py"))


def messages() -> tuple[list[Message], list[str]]:
    """Every message of the code in the order it appears, and the calls that are no messages (an f-string in `_`)."""
    found: dict[tuple[str | None, str], Message] = {}
    problems: list[str] = []
    for path in _python_files():
        where = path.relative_to(ROOT).as_posix()
        calls = [n for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"), where)) if isinstance(n, ast.Call)]
        for node in sorted(calls, key=lambda n: (n.lineno, n.col_offset)):
            if not (isinstance(node.func, ast.Name) and node.func.id in _MARKERS):
                continue
            fields = _MARKERS[node.func.id]
            values = node.args[: len(fields)]
            if len(values) < len(fields) or not all(isinstance(v, ast.Constant) and isinstance(v.value, str) for v in values):
                if node.func.id != "_" or not node.args or isinstance(node.args[0], ast.JoinedStr | ast.BinOp | ast.Call):
                    problems.append(f"{where}:{node.lineno}: {node.func.id}() of something other than a literal message")
                continue  # `_(name)`: a message marked with N_ where it was defined
            message = Message(**{f: v.value for f, v in zip(fields, values) if isinstance(v, ast.Constant)}, where=where)
            found.setdefault(message.key, message)
    for msgid in ARGPARSE:
        found.setdefault((None, msgid), Message(msgid, where="argparse"))
    for msgid in TEXTUAL:
        found.setdefault((None, msgid), Message(msgid, where="textual"))
    for singular, plural in ARGPARSE_PLURAL:
        found.setdefault((None, singular), Message(singular, plural, where="argparse"))
    return list(found.values()), problems


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def languages() -> list[str]:
    return sorted(p.name for p in LOCALE.iterdir() if p.is_dir())


def _load(language: str) -> polib.POFile:
    path = po_path(language)
    return polib.pofile(str(path), wrapwidth=0) if path.exists() else polib.POFile(wrapwidth=0)


def update() -> None:
    """Every catalog holds exactly the code's messages, in the code's order; translations are kept, English says each as it is."""
    wanted, problems = messages()
    if problems:
        raise SystemExit("\n".join(problems))
    for language in languages():
        old = _load(language)
        fresh = polib.POFile(wrapwidth=0)
        fresh.header = (
            "The messages of nieuws-tui as written, made by tools/catalogs.py update: not to be edited."
            if language == SOURCE_LANGUAGE
            else f"The messages of nieuws-tui in {language!r}. Translate here; tools/catalogs.py keeps the messages in step with the code."
        )
        fresh.metadata = {
            "Project-Id-Version": DOMAIN,
            "Language": language,
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
            **HEADERS[language],
        }
        for message in wanted:
            known = _as_written(message) if language == SOURCE_LANGUAGE else old.find(message.msgid, msgctxt=message.msgctxt)
            entry = polib.POEntry(msgid=message.msgid, msgctxt=message.msgctxt, occurrences=[(message.where, "")])
            if message.msgid_plural:
                entry.msgid_plural = message.msgid_plural
                entry.msgstr_plural = dict(known.msgstr_plural) if known and known.msgid_plural == message.msgid_plural else {0: "", 1: ""}
            else:
                entry.msgstr = known.msgstr if known else ""
            if "%" in message.msgid and message.where == "argparse":
                entry.flags.append("python-format")
            elif "{" in message.msgid:
                entry.flags.append("python-brace-format")
            fresh.append(entry)
        fresh.save(str(po_path(language)))


def _as_written(message: Message) -> polib.POEntry:
    """The message in the code's own language: itself."""
    if message.msgid_plural:
        return polib.POEntry(msgid=message.msgid, msgid_plural=message.msgid_plural, msgstr_plural={0: message.msgid, 1: message.msgid_plural})
    return polib.POEntry(msgid=message.msgid, msgstr=message.msgid)


def build() -> None:
    for language in languages():
        _load(language).save_as_mofile(str(po_path(language).with_suffix(".mo")))


_BRACES = re.compile(r"\{([^{}]*)\}")
_PERCENT = re.compile(r"%(?:\([a-z_]+\))?[a-z]")


def _placeholders(text: str) -> list[str]:
    return sorted(_BRACES.findall(text) + _PERCENT.findall(text))


def _compiled(catalog: polib.POFile | polib.MOFile) -> dict[str, object]:
    """What a catalog says, as gettext reads it from a .mo: its header and its translated messages."""
    said: dict[str, object] = {"": catalog.metadata}
    for entry in catalog.translated_entries():
        said[entry.msgid_with_context] = (entry.msgid_plural, entry.msgstr, sorted(entry.msgstr_plural.items()))
    return said


def _shown(path: Path) -> str:
    """A catalog's path from the project's root (the folder that holds feeds/locale)."""
    return path.relative_to(LOCALE.parent.parent).as_posix()


def check() -> list[str]:
    """Everything out of step: messages the catalogs miss or no longer need or hold out of the code's order, missing or broken
    translations, stale .mo files."""
    wanted, problems = messages()
    keys = {m.key for m in wanted}
    for language in languages():
        po = _load(language)
        name = _shown(po_path(language))
        entries = [e for e in po if not e.obsolete]
        present = {(e.msgctxt, e.msgid) for e in entries}
        problems += [f"{name}: {m.msgid!r} ({m.where}) is missing: run tools/catalogs.py update" for m in wanted if m.key not in present]
        problems += [f"{name}: {msgid!r} is no longer in the code: run tools/catalogs.py update" for context, msgid in present - keys]
        if present == keys and [(e.msgctxt, e.msgid) for e in entries] != [m.key for m in wanted]:
            problems.append(f"{name}: its messages are not in the code's order: run tools/catalogs.py update")
        for entry in entries:
            if language == SOURCE_LANGUAGE:
                written = _as_written(Message(entry.msgid, entry.msgid_plural or ""))
                if (entry.msgstr, entry.msgstr_plural) != (written.msgstr, written.msgstr_plural):
                    problems.append(f"{name}: {entry.msgid!r} must be said as it is written: run tools/catalogs.py update")
                continue
            if not entry.translated():
                problems.append(f"{name}: {entry.msgid!r} is not translated" + (" (fuzzy)" if entry.fuzzy else ""))
                continue
            for text in [entry.msgstr] if not entry.msgid_plural else entry.msgstr_plural.values():
                if _placeholders(text) != _placeholders(entry.msgid_plural or entry.msgid):
                    problems.append(f"{name}: {entry.msgid!r}: the translation {text!r} has other placeholders")
        mo = po_path(language).with_suffix(".mo")
        if not mo.exists() or _compiled(polib.mofile(str(mo))) != _compiled(po):
            problems.append(f"{_shown(mo)}: out of date with its .po: run tools/catalogs.py build")
    return problems


def main(argv: list[str]) -> int:
    action = argv[0] if argv else ""
    if action == "update":
        update()
    elif action == "build":
        build()
    elif action == "check":
        problems = check()
        print("\n".join(problems) or "the catalogs are in step with the code")
        return 1 if problems else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
