"""newsboat's urls file: the subscriptions of a newsboat user, read as sources; and the settings of its
config file that config.toml has too (settings_from_config), and where it keeps its cache (cache_file_from_config).

A feed a line: its address, then its tags, each a word or in double quotes
(`https://nos.nl/rss "Binnenland" "~NOS"`); a `#` that starts a word starts a
comment. A tag `~Name` names the feed and `!` hides it in newsboat's list;
the others group it. A source has one section, so the first grouping tag
becomes its section, as an OPML folder does.

Lines whose address is no feed but something newsboat makes or runs, `query:`
(a view of other feeds' articles), `exec:` and `filter:` (a program's output),
are never run here: they are named, and left out.

The config file is read with the files its `include` lines name (config_with_includes), as newsboat reads them.
"""

from __future__ import annotations

import codecs
import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from feeds.clean import shown_path
from feeds.config import MAX_CONFIG_BYTES, Source
from feeds.errors import NieuwsError, why
from feeds.files import FileTooLarge, file_identity, read_file
from feeds.language import gettext as _
from feeds.language import grouped
from feeds.paths import NoSuchHome, expanded
from feeds.urls import without_secrets

NOT_FEEDS = ("query:", "exec:", "filter:")
_WEB_FEEDS = ("http://", "https://")  # what a line of a feed on the web starts with
# A command line (exec:, filter:) is named by its programs and the web addresses in it, each without its password
# and query, and nothing else: its options may hold a password or a token as they like (`curl -u anna:geheim`, `-H "Authorization: …"`).
_WEB_ADDRESS = re.compile(r"https?://[^\s'\"]+", re.IGNORECASE)
_SETTING = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")
_JOINING = ("|", "|&", "||", "&&", ";", "&")  # the shell's operators between two commands
# A command line's next operator (group 1) or word (group 2, as written: shlex reads its quotes and escapes), as the
# shell reads them: a quoted or escaped operator (`--scheiding '|'`, `\;`) is a word, as it is not to shlex's
# punctuation_chars, which hand `|` on alike for both. No match: where a quote is not closed; at a `#` that starts a
# word, a comment to the end of the line (_shell_tokens); and at a quote as C writes one (`$'…'`, in which `\'` is a
# quote and no end of one, but not to shlex).
_SHELL_TOKEN = re.compile(
    r"""\s*+(?:([()<>|&;]++)|(?!#)((?:[^\s()<>|&;'"\\$]++|\$(?!')|\\.|'[^']*+'|"(?:[^"\\]++|\\.)*+")++))""", re.DOTALL
)
# A quoted word's escapes as newsboat 2.21 reads them: these three are controls, any other character escaped is
# itself (`"\#"` is #, `"\""` a quote, `"\y"` y: its config binds # and " so, where a bare one starts a comment or a word).
_ESCAPED = {"n": "\n", "r": "\r", "t": "\t"}
_BETWEEN = " \t\r"
_LOOKED_AT = 65536  # bytes of a file that is_urls_file reads


def words(line: str) -> list[str]:
    """The words of a line as newsboat reads them: quoted ones with their escapes read, up to a comment."""
    found: list[str] = []
    at, end = 0, len(line)
    while True:
        while at < end and line[at] in _BETWEEN:
            at += 1
        if at >= end or line[at] == "#":
            return found
        if line[at] != '"':
            start = at
            while at < end and line[at] not in _BETWEEN:
                at += 1
            found.append(line[start:at])
            continue
        at += 1
        word: list[str] = []
        while at < end and line[at] != '"':
            if line[at] == "\\" and at + 1 < end:
                at += 1
                word.append(_ESCAPED.get(line[at], line[at]))
            else:
                word.append(line[at])
            at += 1
        found.append("".join(word))
        at += 1  # past the closing quote (or the end of a line that lacks it, which newsboat reads alike)


_UNREADABLE = "\ufffd"  # what newsboat's files are read with for bytes that are no UTF-8 (decode's "replace")


class NotUrlsFile(NieuwsError, ValueError):
    """The file is no newsboat urls file: not text, or none of its lines is a feed's address."""


def sources_from_urls_file(data: bytes) -> tuple[list[Source], list[str], list[str], list[str]]:
    """The sources a urls file lists, the addresses of its lines that are no feed (NOT_FEEDS), those of the
    sources newsboat hides (a tag `!`), which a source has no way to be, and those of the sources with a tag of bytes
    that are no UTF-8, left out (read as U+FFFD, `"\\xff\\xfe"` became a section named by two of them): the import
    says them. Each in its order.
    NotUrlsFile where it is none: a file given by mistake (pyproject.toml, a picture) was read as hundreds of
    addresses left out, and the import said it imported none, as if that went well. A file without a line that says
    anything (empty, or comments only) is a urls file that lists no feed yet."""
    if b"\0" in data:
        raise NotUrlsFile(_("not text, so no newsboat urls file"))
    text = data.removeprefix(codecs.BOM_UTF8).decode("utf-8", errors="replace")
    sources: list[Source] = []
    not_feeds: list[str] = []
    hidden: list[str] = []
    unreadable: list[str] = []
    for line in text.split("\n"):  # newsboat's lines: a U+2028 in a title is no line break
        match words(line):
            case []:
                continue
            case [address, *_] if address.startswith("filter:"):  # filter:PROGRAM:URL, where PROGRAM may hold a colon of a password
                program = address.removeprefix("filter:").partition(":")[0]
                not_feeds.append(f"filter:{_named_command(program)}:" + " ".join(_web_addresses(address)))
            case [address, *_] if address.startswith("exec:"):
                not_feeds.append(f"exec:{_named_command(address.removeprefix('exec:'))}")
            case [address, *_] if address.startswith(NOT_FEEDS):
                not_feeds.append(address)
            case [address, *tags]:
                if any(_UNREADABLE in tag for tag in tags):
                    unreadable.append(address)
                # In newsboat a tag that starts with `~` is the feed's title, and one that starts with `!` hides it:
                # neither is one of its tags, which files it here.
                title = next((tag[1:] for tag in tags if tag.startswith("~") and _UNREADABLE not in tag), None) or None
                section = next((tag for tag in tags if tag and not tag.startswith(("~", "!")) and _UNREADABLE not in tag), None)
                sources.append(Source(address, section, title))
                if any(tag.startswith("!") for tag in tags):
                    hidden.append(address)
    if sources and not not_feeds and not any(_is_feed(source.url) for source in sources):
        raise NotUrlsFile(_("no newsboat urls file: none of its lines is a feed's address (http:// or https://), query:, exec: or filter:"))
    return sources, not_feeds, hidden, unreadable


def _is_feed(address: str) -> bool:
    return address.lower().startswith(_WEB_FEEDS)


def is_urls_file(data: bytes) -> bool:
    """Whether the bytes read as a urls file: each line that says anything starts with a feed's address (one on the
    web, or one of NOT_FEEDS), and one line at least. Its first 64 kB decide: a line's words are read a character at
    a time, and a file that is none fails at its first lines."""
    text = data[:_LOOKED_AT].removeprefix(codecs.BOM_UTF8).decode("utf-8", errors="replace")
    lines = text.split("\n")
    if len(data) > _LOOKED_AT:
        lines.pop()  # cut short
    firsts = [found[0].lower() for line in lines if (found := words(line))]
    return bool(firsts) and all(first.startswith((*_WEB_FEEDS, *NOT_FEEDS)) for first in firsts)


NEWSBOAT_RELOAD_TIME = 60  # minutes: newsboat's reload-time where its config sets none


def settings_from_config(data: bytes) -> tuple[dict[str, Any], dict[str, str], dict[str, int]]:
    """The settings of newsboat's config file that config.toml has too, as config.toml's keys and values
    (unchecked): browser; refresh-minutes from reload-time, where auto-reload is on; refresh-on-start from
    refresh-on-startup, and from auto-reload (which reloads at start up too); keep-days from keep-articles-days
    (0 there keeps all), with prune-unread. And by each key the setting of newsboat's it was read from, to name it by: the line
    the user finds in that file; and the number of that line in `data`, from 0 (config_with_includes says where
    in which file it is)."""
    said = _said(data)
    values = {name: value for name, (value, _at) in said.items()}
    settings: dict[str, Any] = {}
    names: dict[str, str] = {}
    if "browser" in values:
        settings["browser"], names["browser"] = values["browser"], "browser"
    if _yes(values.get("auto-reload")):
        settings["refresh-minutes"] = _whole(values.get("reload-time", str(NEWSBOAT_RELOAD_TIME)))
        names["refresh-minutes"] = "reload-time" if "reload-time" in values else "auto-reload"
    if _yes(values.get("refresh-on-startup")) or _yes(values.get("auto-reload")):
        settings["refresh-on-start"] = True
        names["refresh-on-start"] = "refresh-on-startup" if _yes(values.get("refresh-on-startup")) else "auto-reload"
    if (days := _whole(values.get("keep-articles-days", "0"))) != 0:  # which newsboat drops, read or not, and never fetches again
        settings["keep-days"], names["keep-days"] = days, "keep-articles-days"
        settings["prune-unread"], names["prune-unread"] = True, "keep-articles-days"
    return settings, names, {key: said[name][1] for key, name in names.items()}


def cache_file_from_config(data: bytes) -> str | None:
    """The cache file newsboat's config names (`cache-file`), as it names it (`~` for the home folder); None where
    it names none, and newsboat keeps its cache where it always does."""
    return _said(data).get("cache-file", ("", 0))[0] or None


MAX_INCLUDE_DEPTH = 8  # files included by included files: a config split up by theme needs two or three
MAX_INCLUDES = 64  # include lines followed in all (a file included again is read again, as newsboat reads it)


class NewsboatRefuses(NieuwsError):
    """newsboat's config is one newsboat refuses to start with; the message says where, and why."""


def config_with_includes(file: Path, data: bytes) -> tuple[bytes, list[str], list[str]]:
    """newsboat's config `file`, which holds `data`, with each `include PATH` line replaced by the lines of the file it
    names, as newsboat reads them in turn (a setting after the line holds over the file's, and the file's over one
    before): PATH with `~` for the home folder, relative to the folder of the file whose line it is. And where each of
    its lines is (`FILE:NUMBER`), to name a setting by. And, each in a line, the includes left out: a file that is no
    regular file, or more than MAX_CONFIG_BYTES in all; one that includes itself, by way of others or not, which
    newsboat reads until the path grows too long; one more than MAX_INCLUDE_DEPTH deep; and those beyond the first
    MAX_INCLUDES, said once. NewsboatRefuses an include of a file that is not there (a path through a file too), or
    cannot be opened, or is in the home folder of no user: newsboat refuses to start with it."""
    including = _Including()
    lines = including.lines(file, data, [file_identity(file)])
    return "\n".join(line for _where, line in lines).encode(), [where for where, _line in lines], including.left_out


class _Including:
    """A reading of a config with its includes: what it may still read, and what it left out."""

    def __init__(self) -> None:
        self.room = MAX_CONFIG_BYTES  # bytes of included files it may still read
        self.includes = MAX_INCLUDES  # include lines it may still follow
        self.left_out: list[str] = []

    def lines(self, file: Path, data: bytes, chain: list[tuple[int, int] | None]) -> list[tuple[str, str]]:
        """The lines of `file` (which holds `data`), each with where it is, those of the files it includes in place of
        its include lines; `chain` the files that include it, it too."""
        lines: list[tuple[str, str]] = []
        for number, line in enumerate(data.removeprefix(codecs.BOM_UTF8).decode("utf-8", errors="replace").split("\n"), 1):
            match words(line):
                case ["include", named, *_]:
                    try:
                        included = file.parent / expanded(named)
                    except NoSuchHome as error:  # newsboat cannot open it either, and stops
                        refused = _("{file}:{number}: include {reason}; newsboat does not start with this config either, and nothing was imported")
                        raise NewsboatRefuses(refused.format(file=shown_path(file), number=number, reason=error)) from None
                    lines += self._included(included, chain, f"{shown_path(file)}:{number}")
                case _:
                    lines.append((f"{shown_path(file)}:{number}", line))
        return lines

    def _included(self, file: Path, chain: list[tuple[int, int] | None], where: str) -> list[tuple[str, str]]:
        """The lines of the file an include line at `where` names; none, and why said, where it is left out."""
        self.includes -= 1
        if self.includes < -1:
            return []  # (said once)
        if self.includes == -1:
            reason = _("only the first {most} includes are followed; it and those after it are left out").format(most=MAX_INCLUDES)
        elif len(chain) > MAX_INCLUDE_DEPTH:
            reason = _("includes go {most} files deep at most").format(most=MAX_INCLUDE_DEPTH)
        elif (identity := file_identity(file)) is not None and identity in chain:
            reason = _("it includes itself, by way of the include at this line")
        else:
            try:
                data = read_file(file, self.room)[0]
            except (FileNotFoundError, NotADirectoryError, PermissionError) as error:  # newsboat: "file couldn't be opened", and it stops
                refused = _("{where}: include {file}: cannot read ({reason}); newsboat does not start with this config either, and nothing was imported")
                raise NewsboatRefuses(refused.format(where=where, file=shown_path(file), reason=why(error))) from None
            except FileTooLarge as error:
                reason = _("the files included may hold {most} bytes in all, {left} of them left; this one has {size}").format(
                    most=grouped(MAX_CONFIG_BYTES), left=grouped(max(self.room, 0)), size=grouped(error.size) if error.size is not None else _("more")
                )
            except OSError as error:
                reason = _("cannot read ({reason})").format(reason=why(error))
            except ValueError:  # a NUL in the name
                reason = _("no file can have that name")
            else:
                self.room -= len(data)
                return self.lines(file, data, [*chain, identity])
        self.left_out.append(_("{where}: include {file} left out: {reason}").format(where=where, file=shown_path(file), reason=reason))
        return []


def settings_not_read(data: bytes) -> list[tuple[str, int]]:
    """The lines of newsboat's config whose settings are not read here (its colours, formats, macros, …; its key
    bindings are read by key_bindings), each by the setting's name and the number of its line in `data`, from 0, in their order: a newsboat user
    learns which of theirs did not come along."""
    return [(found[0], at) for at, found in enumerate(_lines(data)) if found and not _read(found) and found[0] != "bind-key"]  # (key_bindings)


@dataclass(frozen=True, slots=True)
class KeyBinding:
    """A `bind-key KEY OPERATION [DIALOG]` line of newsboat's config: its key as newsboat names it (`^N`, `ENTER`)
    and as config.toml's [keys] does (`ctrl+n`, `enter`; None for one it cannot name), its operation, the dialog it
    is bound in (None: all of them), and the number of its line (from 0). A line of other words has no operation."""

    key: str
    ours: str | None
    operation: str | None
    dialog: str | None
    at: int
    sent_as: str | None = None  # the key newsboat receives for KEY where a terminal sends it as another (^M: ENTER)

    @property
    def unreadable(self) -> bool:
        """Whether its key is of bytes that are no UTF-8, which no one can press (and config.toml cannot name)."""
        return _UNREADABLE in self.key


# newsboat's names of keys that are no character, as config.toml's [keys] spells them; a character is itself, and
# `^X` is ctrl+x. A comma and a plus by their names too: in [keys] a comma separates a binding's keys, and a plus a
# key's modifiers from it (Textual's names: the other characters newsboat binds are keys there as they are).
_KEY_NAMES = {
    ",": "comma", "+": "plus",
    "ENTER": "enter", "SPACE": "space", "TAB": "tab", "ESC": "escape", "BACKSPACE": "backspace",
    "UP": "up", "DOWN": "down", "LEFT": "left", "RIGHT": "right", "PPAGE": "pageup", "NPAGE": "pagedown", "HOME": "home", "END": "end",
    **{f"F{number}": f"f{number}" for number in range(1, 13)},
    # ctrl+h sends ^H, which newsboat binds as ^H and Textual receives as backspace (newsboat's BACKSPACE is the key
    # that sends ^?; a terminal that speaks kitty's keyboard protocol sends Textual ctrl+h apart, which this misses)
    "^H": "backspace",
}  # fmt: skip
# The controls a terminal sends as keys that newsboat names otherwise: ^M and ^J come to it as ENTER, ^I as TAB (and
# to Textual as enter, ctrl+j and tab), and `^n` as ^N. A line binding one never acted in newsboat, and takes no key here.
_SENT_AS = {"^M": "ENTER", "^J": "ENTER", "^I": "TAB"}


def key_bindings(data: bytes) -> list[KeyBinding]:
    """The `bind-key` lines of newsboat's config, in their order."""
    found = []
    for at, line in enumerate(_lines(data)):
        match line:
            case ["bind-key", key, operation, *dialog] if len(dialog) <= 1:
                sent_as = _sent_as(key)
                found.append(KeyBinding(key, None if sent_as else _our_key(key), operation, dialog[0] if dialog else None, at, sent_as))
            case ["bind-key", *other]:
                found.append(KeyBinding(" ".join(other), None, None, None, at))
    return found


def _sent_as(key: str) -> str | None:
    """The key newsboat receives for `key` where a terminal sends it as another (_SENT_AS); None where it does not."""
    if len(key) == 2 and key[0] == "^" and key[1].isascii() and key[1].islower():
        return _SENT_AS.get(key.upper(), key.upper())
    return _SENT_AS.get(key)


def _our_key(key: str) -> str | None:
    """A key as newsboat names it, as config.toml's [keys] does; None for one it cannot name, as one of bytes that are
    no UTF-8 (read as U+FFFD, which was bound as a key no one can press)."""
    if _UNREADABLE in key:
        return None
    if key in _KEY_NAMES:
        return _KEY_NAMES[key]
    if len(key) == 2 and key[0] == "^" and key[1].isascii() and key[1].isupper():
        return f"ctrl+{key[1].lower()}"
    if len(key) == 1 and key.isprintable() and not key.isspace():
        return key
    return None


_READ = ("browser", "reload-time", "auto-reload", "refresh-on-startup", "keep-articles-days", "cache-file")  # (_said)


def _read(found: list[str]) -> bool:
    """Whether a line's words are a setting read here: one of _READ with its value. Its first word is its value, as
    newsboat 2.21 takes it, whose config says nothing of the words after it: an unquoted `browser firefox %u` runs
    `firefox`, with the page's address at the end."""
    return len(found) >= 2 and found[0] in _READ


def _said(data: bytes) -> dict[str, tuple[str, int]]:
    """The settings of newsboat's config that are read here (_READ), each with its value and the number of its line
    (from 0): its last line holds, as in newsboat."""
    said: dict[str, tuple[str, int]] = {}
    for at, found in enumerate(_lines(data)):
        if _read(found):
            said[found[0]] = (found[1], at)
    return said


def _lines(data: bytes) -> list[list[str]]:
    """The words of each line of newsboat's config (words)."""
    return [words(line) for line in data.removeprefix(codecs.BOM_UTF8).decode("utf-8", errors="replace").split("\n")]


def _yes(value: str | None) -> bool:
    return value in ("yes", "true")


def _whole(value: str) -> int | str:
    """A whole number as newsboat reads one; else the text, which config.toml's reading refuses, naming it."""
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 12 else value


def _named_command(command: str) -> str:
    """A command line as it is named: each of its commands (of a pipeline `curl … | xsltproc …`, of a list `a; b`,
    `a && b`) by its program, its first word after the variables set for it (`TOKEN=8f3a ~/bin/feed.sh`), whose
    values are as secret as the options, and by the web addresses in it, with the operators that join them. Its
    words as the shell newsboat runs it with reads them (_shell_tokens): a quoted value (`AUTH='Bearer 8f3a'`) is one
    word, a quoted operator (`--scheiding '|'`) is none, and the file of a redirection (`2>/dev/null`) is none. One
    whose quote is not closed, that quotes as C does (`$'…'`), or that substitutes a command (`TOKEN=$(cat ~/.t)
    curl …`, whose `$(` reads as a setting and a parenthesis, naming `cat` the program), names no program. Its
    comment (`# oud token: 8f3a`) names nothing."""
    if "$(" in command or "`" in command or (tokens := _shell_tokens(command)) is None:
        return " ".join(_web_addresses(command))
    named: list[str] = []
    program_next, redirected = True, False
    for operator, word in tokens:
        if operator in _JOINING:
            named.append(operator)
            program_next = True
        elif operator:  # a redirection, or a parenthesis
            redirected = operator.strip("()") != ""
        elif redirected:
            redirected = False
        else:
            if program_next and not _SETTING.match(word):
                named.append(word)
                program_next = False
            named.extend(_web_addresses(word))
    return " ".join(named)


def _shell_tokens(command: str) -> list[tuple[str, str]] | None:
    """The operators and words of a command line (_SHELL_TOKEN) in their order, each as (operator, "") or ("", word),
    the word with its quotes and escapes read, up to a comment; None when a quote is not closed or is C's."""
    tokens: list[tuple[str, str]] = []
    at = 0
    while (token := _SHELL_TOKEN.match(command, at)) is not None:
        tokens.append((token[1] or "", shlex.split(token[2])[0] if token[2] else ""))
        at = token.end()
    rest = command[at:].lstrip()
    return None if rest and not rest.startswith("#") else tokens


def _web_addresses(command: str) -> list[str]:
    """The web addresses in a command line, each without its password and its query (`?t=8f3a`: a token as often as
    an option is), whose place `?…` shows."""
    return [without_secrets(address) for address in _WEB_ADDRESS.findall(command)]
