"""The sources list: the pages and feeds that fetching refreshes, in the user's config file.

The file is TOML, commented, made on first use with ZeelandNet's main news
sections, and meant to be edited by hand as well as by `nieuws-tui sources`.
"""

from __future__ import annotations

import difflib
import itertools
import os
import re
import shlex
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Literal

from feeds.clean import clean_name, shown_path, terminal_safe
from feeds.errors import NieuwsError, why
from feeds.files import atomic_write, locked, read_file, split_bom
from feeds.language import N_, grouped, megabytes
from feeds.language import gettext as _
from feeds.opml import Outline, read_opml, write_opml
from feeds.pages.cuts import shortened
from feeds.paths import chosen_config_path, config_path, resolved
from feeds.toml_lines import Kind, Statement, line_end, statements
from feeds.urls import WHITE_SPACE, account_name, address_key, shown_url, shown_user, user_name, without_credentials

MAX_BYTES = 10 * 1024 * 1024
# The most characters of a source's section or title: far beyond any real one (a feed's title is a line, a section a
# word or two), and short enough for a line of `list`, the sidebar and serve's /sections/<slug>.atom, which a section
# of 500 KB from an OPML file made longer than any server takes (serve answered its own link with 414).
MAX_NAME = 200
MAX_CONFIG_BYTES = 1024 * 1024  # a list of sources, also OPML files of them
ZEELANDNET_SECTIONS = (
    ("Binnenland", "binnenland"),
    ("Buitenland", "buitenland"),
    ("Politiek", "politiek"),
    ("Financieel", "financieel"),
    ("Sport", "sport"),
    ("Voetbal", "soccer"),
    ("Zeeland", "zeeland"),
)
# What a new config.toml says first, in the interface's language: each line is made a comment (header()), so that a
# translation cannot make one TOML reads as anything else. Its settings' names and values are TOML's, never translated.
_HEADER = N_(
    """\
nieuws-tui sources: the pages and feeds that `nieuws-tui fetch` (and `r` in the
app) refresh. Each [[source]] has a `url` and may have a `section` under which
its articles are filed, a `title`, and `keep-days`. A source can be a ZeelandNet
section or article page, any RSS or Atom feed, or a page that links to a feed.

Edit this file by hand or with: nieuws-tui sources add URL [--section S],
nieuws-tui sources remove URL, nieuws-tui sources import-opml FILE,
nieuws-tui sources import-newsboat (newsboat's urls file).

Settings (put them above the first [[source]]):
  max-size = 10        largest response fetch reads, in MB (fetch --max-size)
  host-delay = 0.3     seconds between two requests to one host (fetch --host-delay)
  deadline = 60        seconds one source may take, all its requests together (fetch --deadline)
  run-deadline = 600   seconds a whole fetch may take (fetch --run-deadline)
  keep-days = 0        prune articles older than this many days after each fetch (starred never; 0: keep all)
  prune-unread = false prune unread articles too
  refresh-minutes = 0  the app refreshes every this many minutes while open (0: only on r)
  refresh-on-start = false  the app refreshes as it starts
  browser = "w3m %u"   what the app's o opens a page with, %u its address (else $BROWSER's);
                       as in newsboat it has the terminal until it ends, unless it ends with &
                       or is a browser with a window of its own (firefox, chromium, ...)

Keys of the app, in a [keys] table (anywhere after the settings): a binding's
name and its keys, e.g. next_unread = "n,ctrl+f" or list.down = "j,down". Press ?
in the app for every name and the keys in force."""
)


def header() -> str:
    """The comment a new config.toml begins with, in the interface's language; in English where the translation would
    not read back as comments alone (a control character, which TOML refuses in a comment)."""
    said = _comment(_(_HEADER))
    try:
        tomllib.loads(said)  # comment lines alone: only a character TOML refuses in a comment fails them
    except tomllib.TOMLDecodeError:
        return _comment(_HEADER)
    return said


def _comment(text: str) -> str:
    """`text` as TOML comment lines, each ended."""
    return "".join(f"# {line}".rstrip(" ") + "\n" for line in text.split("\n"))


class SourcesError(NieuwsError, ValueError):
    """The sources file cannot be read; the message names it."""


@dataclass(frozen=True, slots=True)
class Source:
    url: str
    section: str | None = None
    title: str | None = None
    keep_days: float | None = None  # this source's own retention, instead of the global one

    def __post_init__(self) -> None:
        # Names come from the command line, config.toml and OPML files from anywhere, and go on into feeds,
        # OPML and onto the screen: clean lines, as any page's text (no escape, control or bidi character).
        for name in ("section", "title"):
            value = getattr(self, name)
            object.__setattr__(self, name, clean_name(value))

    @property
    def public_url(self) -> str:
        """The URL as it is stored, shown and exported: its user name and password go only to its server."""
        return without_credentials(self.url)


def raising_the_cap(limit: int) -> str:
    """What to do about a response, a feed or a file beyond the size cap of `limit` bytes: raise the cap; or, when
    it is at its ceiling (MOST) already, where raising it is refused, that it can be raised no further."""
    most = MOST["max-size"]
    if limit < most * 2**20:
        return _("raise the limit with --max-size or max-size in config.toml")
    return _("the limit is at its highest: max-size can be no more than {most} MB").format(most=most)


def over_the_cap(size: int | None, limit: int) -> str:
    """How far a response or a file is over the size cap of `limit` bytes (`size`, or None for one read until it
    passed the cap), and what to do about it: `23 MB, more than 10 MB (raise the limit …)`."""
    how = raising_the_cap(limit)
    if size is None:
        return _("more than {limit} MB ({how})").format(limit=megabytes(limit), how=how)
    return _("{size} MB, more than {limit} MB ({how})").format(size=megabytes(size), limit=megabytes(limit), how=how)


@dataclass(frozen=True, slots=True)
class Settings:
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    attempts: int = 3  # tries for timeouts and server errors
    backoff: float = 1.0  # seconds before the second try; doubles after
    host_delay: float = 0.3  # pause between requests to one host; none for hosts on this machine
    max_retry_after: float = 120.0
    in_flight: int = 4
    max_bytes: int = MAX_BYTES
    deadline: float = 60.0  # seconds for one source, all its requests and pauses together
    run_deadline: float = 600.0  # seconds for the whole run: after it every source still going fails


def settings_for(
    config: Config, *, max_size: float | None = None, host_delay: float | None = None, deadline: float | None = None, run_deadline: float | None = None
) -> Settings:
    """The settings of a fetch run: the defaults, then config.toml, then the command line."""

    def first(*values: float | None, otherwise: float) -> float:
        return next((v for v in values if v is not None), otherwise)

    default = Settings()
    return replace(
        default,
        max_bytes=int(first(max_size, config.max_size, otherwise=default.max_bytes / 2**20) * 2**20),
        host_delay=first(host_delay, config.host_delay, otherwise=default.host_delay),
        deadline=first(deadline, config.deadline, otherwise=default.deadline),
        run_deadline=first(run_deadline, config.run_deadline, otherwise=default.run_deadline),
    )


@dataclass(frozen=True, slots=True)
class Retention:
    """How long articles are kept: newsboat's keep-articles-days, per library and per source."""

    keep_days: float | None = None
    by_source: dict[str, float | None] = field(default_factory=dict)  # source URL → days (None: all), instead of keep_days
    prune_unread: bool = False
    # The URLs of the sources listed: what their addresses answered stays, an article's page pruned though one is (Writer.prune).
    sources: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return self.shortest is not None

    @property
    def shortest(self) -> float | None:
        """The fewest days any rule keeps articles; None: every article is kept."""
        return min([d for d in (self.keep_days, *self.by_source.values()) if d is not None], default=None)

    def days_for(self, source: str | None) -> float | None:
        return self.by_source.get(source, self.keep_days) if source else self.keep_days


# Who reads config.toml, which decides what a wrong value of a setting only the app reads is. "check": a SourcesError,
# the first of them. "app": a warning, each of them, and left out: a typo in a key binding must not stop the app's
# refresh, nor keep it from saying the others. "command": the same, saying that only the app reads it (the command
# does nothing with it), and a typo there must not stop every fetch of a cron job.
Reader = Literal["check", "app", "command"]


@dataclass(frozen=True, slots=True)
class Config:
    """What config.toml says: the sources and the settings of fetching and keeping."""

    sources: list[Source]
    max_size: float | None = None  # MB
    host_delay: float | None = None  # seconds
    deadline: float | None = None  # seconds per source
    run_deadline: float | None = None  # seconds per run
    keep_days: float | None = None
    prune_unread: bool = False
    refresh_minutes: float | None = None  # the app refreshes this often while open (newsboat's reload-time)
    refresh_on_start: bool = False  # and as it starts (newsboat's refresh-on-startup)
    browser: str | None = None  # the command `o` opens a page with, `%u` for its address (newsboat's browser)
    keys: dict[str, str] = field(default_factory=dict)  # a binding's name → its keys, comma-separated
    warnings: tuple[str, ...] = ()  # one line each, naming the file: what it says that nothing reads

    def retention(self, keep_days: float | None = None) -> Retention:
        """How long articles are kept; `keep_days` (prune --older-than) overrides every rule. A keep-days of 0
        keeps all, as newsboat's keep-articles-days 0 does: a source's own 0 keeps its articles whatever the
        library's keep-days is."""
        listed = tuple(s.url for s in self.sources)
        if keep_days is not None:
            return Retention(keep_days, {}, self.prune_unread, listed)
        # A source listed again is the first (distinct_sources), as fetch has it: the repeat's keep-days would prune it.
        by_source = {s.public_url: s.keep_days or None for s in distinct_sources(self.sources) if s.keep_days is not None}
        return Retention(self.keep_days or None, by_source, self.prune_unread, listed)

    def lists_own_sources(self) -> bool:
        """Whether the user listed a source beyond those the first run lists: the newcomer's hint is then done with."""
        defaults = {source.url for source in default_sources()}
        return any(source.url not in defaults for source in self.sources)


def default_sources() -> list[Source]:
    return [Source(f"https://www.zeelandnet.nl/nieuws/{slug}", name, f"ZeelandNet {name}") for name, slug in ZEELANDNET_SECTIONS]


def sample_sources(sources: list[Source]) -> tuple[list[Source], list[Source]]:
    """The sources of `sources` that a first start listed for the samples: those still as it wrote them, which go with
    the samples; and those changed since (a section, title or keep-days of the user's own), which are the user's now."""
    defaults = default_sources()
    urls = {source.url for source in defaults}
    return [s for s in sources if s in defaults], [s for s in sources if s.url in urls and s not in defaults]


# What a TOML basic string may not hold as it is: the quote, the backslash, and every control character but
# tab, DEL included (a JSON string, as these were written before, leaves DEL as it is: the file did not read back).
_TOML_ESCAPES = {ord('"'): '\\"', ord("\\"): "\\\\"} | {code: f"\\u{code:04X}" for code in (*range(0x09), *range(0x0A, 0x20), 0x7F)}


def _toml_string(text: str) -> str:
    return '"' + text.translate(_TOML_ESCAPES) + '"'


def _toml_number(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else repr(float(number))  # 7, not 7.0; every digit of 7.25


def _values(source: Source) -> dict[str, str | None]:
    """The keys of a source's table, in the order a new table lists them, each with its value as TOML text (None: not there)."""
    return {
        "url": _toml_string(source.url),
        "section": _toml_string(source.section) if source.section else None,
        "title": _toml_string(source.title) if source.title else None,
        "keep-days": _toml_number(source.keep_days) if source.keep_days is not None else None,
    }


# The most each setting may be, in config.toml and on the command line: beyond any real use, and
# within what clocks and dates can count (a deadline of 1e10 s is past the end of time_t, a
# keep-days of 10 million before the year 1). Every number is finite: TOML has inf and nan.
MOST = {"max-size": 1024, "host-delay": 3600, "deadline": 86_400, "run-deadline": 86_400, "keep-days": 36_500, "refresh-minutes": 10_080}
# prune --older-than is keep-days for once, on the command line only.
BOUNDS = {**MOST, "older-than": MOST["keep-days"]}
# The settings 0 is no value of, by what it would do: a deadline of 0 fail every source before it starts (fetch
# --deadline 0 too), an --older-than of 0 prune every read article (where keep-days = 0 keeps all). Each says what
# it may be in its unit.
ABOVE_ZERO = {
    "deadline": N_("a number of seconds above 0 and up to {most}"),
    "run-deadline": N_("a number of seconds above 0 and up to {most}"),
    "older-than": N_("a number of days above 0 and up to {most}"),
}
# The least a size may be, in MB, and how that is said: a max-size under a kilobyte fails every response, as 0 would.
LEAST_MB = {"max-size": (0.001, N_("a number of MB from {least} to {most}"))}
# The least a setting that 0 turns off may be otherwise: a refresh every few seconds would keep the app fetching
# and the sources' servers busy (newsboat counts whole minutes too).
LEAST_BUT_OFF = {"refresh-minutes": 1}


def setting_range(key: str) -> str:
    """What the setting `key` may be, as a refusal of another value says it, and an option's help may too."""
    least, may_be = LEAST_MB.get(key, (0.0, ABOVE_ZERO.get(key, N_("a number from 0 to {most}"))))
    return _(may_be).format(least=megabytes(least * 2**20), most=grouped(BOUNDS[key]))


def checked_setting(key: str, value: float) -> float:
    """`value` as the setting `key` may be, in config.toml and on the command line alike; else ValueError
    saying what it may be ("a number from 0 to 1024"), for the caller to put beside where it was written."""
    least = LEAST_MB[key][0] if key in LEAST_MB else 0
    if not (0 < value if key in ABOVE_ZERO else least <= value) or not value <= BOUNDS[key]:
        raise ValueError(setting_range(key))
    if 0 < value < LEAST_BUT_OFF.get(key, 0):
        raise ValueError(_("0 (off) or from {least} to {most}").format(least=grouped(LEAST_BUT_OFF[key]), most=grouped(BOUNDS[key])))
    return float(value)


def _echoed(value: object) -> str:
    """A value of config.toml as an error or warning echoes it: as TOML writes it, as it was written in the file
    (Python's spelling, `True` or `{'a': 1}`, is no config.toml's), its controls as escapes (where terminal_safe shows the
    line), cut short as a long address is (shown_url): a value of thousands of characters, or an array of thousands of
    numbers, filled the screen."""
    return shown_url(_toml_value(value))


def _number(path: Path, where: str, value: object, key: str) -> float | None:
    if value is None:
        return None
    number = float("nan") if isinstance(value, bool) or not isinstance(value, (int, float)) else value  # refused as any number out of bounds
    try:
        return checked_setting(key, number)
    except ValueError as refused:
        wrong = _("{path}: {where}{key} must be {may_be}, not {value}")
        raise SourcesError(wrong.format(path=shown_path(path), where=where, key=key, may_be=refused, value=_echoed(value))) from None


MAX_KEY_NAME = 40  # characters in one key's name ("ctrl+shift+pagedown" is 19)


def _keys(path: Path, table: object, wrong: list[SourcesError], prefix: str = "") -> dict[str, str]:
    """The [keys] table, flattened: `list.down = "j"` and `[keys.list] down = "j"` both name `list.down`.
    A wrong value goes to `wrong`, and the others are kept: one typo must not undo every other key chosen."""
    if not isinstance(table, dict):
        raise SourcesError(_('{path}: keys must be a table of names and keys, like [keys] next_unread = "n"').format(path=shown_path(path)))
    keys: dict[str, str] = {}
    for name, value in table.items():
        if isinstance(value, dict):
            keys.update(_keys(path, value, wrong, f"{prefix}{name}."))
            continue
        if isinstance(value, str) and not value.strip():  # "": the binding has no key, on purpose
            keys[prefix + name] = ""
            continue
        chosen = [key.strip() for key in value.split(",")] if isinstance(value, str) else []
        if not chosen or not all(0 < len(key) <= MAX_KEY_NAME and key.isprintable() and " " not in key for key in chosen):
            said = _('{path}: keys.{name} must be keys separated by commas, like "n" or "ctrl+n,down", or "" for no key; not {value}')
            wrong.append(SourcesError(said.format(path=shown_path(path), name=shown_url(prefix + name), value=_echoed(value))))
            continue
        keys[prefix + name] = ",".join(chosen)
    return keys


def load_config(path: Path | None = None, *, reader: Reader = "check", or_empty: bool = False) -> Config:
    """The config. One not there is made with the default sources at the default path (the first run), and is a
    SourcesError at a path the user named, where nothing is made: a typo in a cron job's NIEUWS_TUI_CONFIG must not
    fetch the sample sources instead of the user's. `or_empty` (a command that adds sources of its own, which are then
    the only ones, or that reads only the settings), one not there is a config without sources, and nothing is made.
    `reader`: who reads it, which decides what a wrong value of a setting only the app reads is (Reader)."""
    named = path or chosen_config_path()
    path = named or config_path()
    if not path.exists():
        if or_empty:
            return Config([])
        if named:
            raise SourcesError(_("{path}: no config there; check NIEUWS_TUI_CONFIG, or start one with `nieuws-tui sources add URL`").format(path=shown_path(path)))
        save_sources(default_sources(), path)
    try:
        return _config(path, tomllib.loads(_text(path)[1]), reader)
    except tomllib.TOMLDecodeError as error:
        raise SourcesError(_("{path}: not valid TOML ({reason}); fix or remove it").format(path=shown_path(path), reason=why(error))) from None
    except RecursionError:  # arrays or tables thousands deep: no config of ours nests more than two
        raise SourcesError(_("{path}: nested thousands deep; fix or remove it").format(path=shown_path(path))) from None


def _text(path: Path) -> tuple[str, str]:
    """The byte-order mark the file begins with ("" for none), kept to write it back; then its text, TOML."""
    try:
        mark, data = split_bom(read_file(path, MAX_CONFIG_BYTES)[0])
        return mark.decode("utf-8"), data.decode("utf-8")
    except OSError as error:
        raise SourcesError(_("{path}: cannot read ({reason})").format(path=shown_path(path), reason=why(error))) from None
    except UnicodeDecodeError as error:
        raise SourcesError(_("{path}: cannot read ({reason})").format(path=shown_path(path), reason=why(error))) from None


SETTINGS = ("max-size", "host-delay", "deadline", "run-deadline", "keep-days", "prune-unread", "refresh-minutes", "refresh-on-start", "browser", "keys", "source")
SOURCE_KEYS = ("url", "section", "title", "keep-days")  # in the order a new [[source]] table lists them


def _unknown(path: Path, where: str, table: dict[str, Any], known: tuple[str, ...]) -> list[str]:
    """A warning for each key nothing reads (a typo, `keep_days = 3`, would otherwise go unnoticed)."""
    warnings = []
    for key in table:
        if key in known:
            continue
        if known is SOURCE_KEYS and key in SETTINGS and key != "source":  # TOML files a line after a header under it
            said = _("{path}: {where}{key} is a setting of the whole file, ignored here: move it above the first [[source]]")
            warnings.append(said.format(path=shown_path(path), where=where, key=key))
        else:
            close = difflib.get_close_matches(key, known, n=1)
            message = _("{path}: {where}unknown key {key}, ignored; did you mean {close!r}?") if close else _("{path}: {where}unknown key {key}, ignored")
            warnings.append(message.format(path=shown_path(path), where=where, key=shown_url(repr(key)), close=close[0] if close else None))
    return warnings


def _text_value(path: Path, where: str, table: dict[str, Any], key: str) -> str | None:
    value = table.get(key)
    if value is not None and not isinstance(value, str):
        raise SourcesError(_("{path}: {where}{key} must be text in quotes, not {value}").format(path=shown_path(path), where=where, key=key, value=_echoed(value)))
    return value or None


def _flag(path: Path, data: dict[str, Any], key: str) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise SourcesError(_("{path}: {key} must be true or false, not {value}").format(path=shown_path(path), key=key, value=_echoed(value)))
    return value


MAX_COMMAND = 1000  # characters of the browser's command line
# What only a shell reads: newsboat runs its browser with one; the app starts it itself, which handed those words
# to the browser as pages to open.
_SHELL_ONLY = frozenset("<>|;`$&")
# Output sent nowhere (`xdg-open %u >/dev/null 2>&1 &`, a common newsboat line): the app keeps a browser's output
# off the terminal itself, so these words are left out, not refused.
_QUIETING = re.compile(r"(?:[12&]?>>?|>&)/dev/null|[12]>&[12]")


def browser_words(command: str) -> list[str]:
    """The words of a browser's command line as a shell reads them, without those that send its output nowhere.
    ValueError for a quote left open."""
    return [word for word in shlex.split(command) if not _QUIETING.fullmatch(word)]


def _browser(path: Path, data: dict[str, Any]) -> str | None:
    """config.toml's browser: a command line, as newsboat's (`w3m %u`), which the app reads (tui/browser.py)."""
    command = _text_value(path, "", data, "browser")
    if command is None:
        return None
    try:
        words = browser_words(command) if len(command) <= MAX_COMMAND and command.isprintable() else []
    except ValueError:  # an unclosed quote
        words = []
    if not words or words == ["&"]:
        wrong = _('{path}: browser must be a command line, like "w3m %u" or "firefox %u", of at most {most} characters; not {value}')
        raise SourcesError(wrong.format(path=shown_path(path), most=MAX_COMMAND, value=_echoed(command)))
    if any(_SHELL_ONLY & set(word) for word in (words[:-1] if words[-1] == "&" else words)):
        wrong = _('{path}: browser is started without a shell: leave out what only a shell reads (>, <, |, ;, &&, $, `), as in "firefox %u &"; not {value}')
        raise SourcesError(wrong.format(path=shown_path(path), value=_echoed(command)))
    return command


def _config(path: Path, data: dict[str, Any], reader: Reader = "check") -> Config:
    listed = data.get("source", [])
    if not isinstance(listed, list) or not all(isinstance(item, dict) for item in listed):
        raise SourcesError(_("{path}: each source must be a table headed [[source]], with two brackets, and a url in it").format(path=shown_path(path)))
    sources = []
    warnings = _unknown(path, "", data, SETTINGS)
    first: dict[tuple[str, str | None], int] = {}  # each account's first source's number
    for number, item in enumerate(listed, 1):
        where = _("source {number}: ").format(number=number)
        url = _text_value(path, where, item, "url")
        if url is None or not url.strip(WHITE_SPACE):
            raise SourcesError(_("{path}: source {number} has no url").format(path=shown_path(path), number=number))
        warnings += _unknown(path, where, item, SOURCE_KEYS)
        keep_days = _number(path, where, item.get("keep-days"), "keep-days")
        # As `sources add` reads an address: white space around it is no part of it, and a control character at an end
        # fails the source at each fetch, said as `sources add` says it (SourceFetch.run), not trimmed away unseen.
        source, cut = _bounded(path, Source(url.strip(WHITE_SPACE), _text_value(path, where, item, "section"), _text_value(path, where, item, "title"), keep_days))
        sources.append(source)
        warnings += cut
        if (earlier := first.setdefault(_account(url), number)) != number:  # kept in the list: saving edits tables by their place
            repeat = _("{path}: source {number} is source {first} again ({url}): fetched once, as source {first} says")
            warnings.append(repeat.format(path=shown_path(path), number=number, first=earlier, url=shown_url(sources[-1].public_url)))
    wrong: list[SourcesError] = []
    app = _app_settings(path, data, wrong)
    if wrong and reader == "check":
        raise wrong[0]
    warnings += [str(error) if reader == "app" else _("{error} (only the app reads this setting)").format(error=error) for error in wrong]
    return Config(
        sources=sources,
        max_size=_number(path, "", data.get("max-size"), "max-size"),
        host_delay=_number(path, "", data.get("host-delay"), "host-delay"),
        deadline=_number(path, "", data.get("deadline"), "deadline"),
        run_deadline=_number(path, "", data.get("run-deadline"), "run-deadline"),
        keep_days=_number(path, "", data.get("keep-days"), "keep-days"),
        prune_unread=_flag(path, data, "prune-unread"),
        warnings=tuple(warnings),
        **app,
    )


def _app_settings(path: Path, data: dict[str, Any], wrong: list[SourcesError]) -> dict[str, Any]:
    """The settings only the app reads, as Config's fields; each wrong one goes to `wrong`, all of them, and is
    left out (a [keys] entry alone, not the table)."""
    readers: dict[str, Callable[[], Any]] = {
        "keys": lambda: _keys(path, data.get("keys", {}), wrong),
        "refresh_minutes": lambda: _number(path, "", data.get("refresh-minutes"), "refresh-minutes") or None,
        "refresh_on_start": lambda: _flag(path, data, "refresh-on-start"),
        "browser": lambda: _browser(path, data),
    }
    settings = {}
    for name, read in readers.items():
        try:
            settings[name] = read()
        except SourcesError as error:
            wrong.append(error)
    return settings


def _bounded(path: Path, source: Source) -> tuple[Source, list[str]]:
    """`source` with its section and title each of at most MAX_NAME characters, cut at a word; and where one was cut, a
    warning naming the file and the source. Config.toml is read and written through here: what an OPML file, newsboat's
    tags or the command line give is cut as it is written, what the file holds as it is read, alike."""
    cut = [key for key in ("section", "title") if len(getattr(source, key) or "") > MAX_NAME]
    if not cut:
        return source, []
    section, title = (shortened(name, MAX_NAME) if name else name for name in (source.section, source.title))
    bounded = replace(source, section=section, title=title)
    keys = _("section and title") if len(cut) == 2 else cut[0]  # config.toml's keys, as the file spells them
    said = _("{path}: source {url}: {keys} longer than {most} characters, cut at a word")
    return bounded, [said.format(path=shown_path(path), url=shown_url(source.public_url), keys=keys, most=MAX_NAME)]


def save_sources(sources: list[Source], path: Path | None = None) -> list[str]:
    """Write the sources list, changing only what changed: the file is the user's too. A warning for each source
    whose section or title was too long to write whole (_bounded).

    The file's text is edited where it stands; nothing else is written anew. A source that stays
    keeps its table, the spelling of its header, its comments, unknown keys and spelling of values
    included, and only a value that changed is written. One that goes is taken out with the comment
    lines directly above its header, which say what it is; a comment after a blank line is about
    more, and stays. A new one comes after the last, after one blank line. Every other table stays
    where it stands.

    A table that goes takes the blank lines above it along and leaves those below it in their place,
    and a new one comes before the blank lines below the last: taking out the table just added gives
    the file back as it was, byte for byte.
    """
    path = path or config_path()
    bounded = [_bounded(path, source) for source in sources]
    sources, warnings = [source for source, _cut in bounded], [line for _source, cut in bounded for line in cut]
    exists = path.exists()
    mark, text = _text(path) if exists else ("", header())
    try:
        listed = _config(path, tomllib.loads(text), "command").sources
    except tomllib.TOMLDecodeError as error:
        raise SourcesError(_("{path}: cannot update ({reason}); fix or remove it").format(path=shown_path(path), reason=why(error))) from None
    newline, unended = _line_ends(text)
    try:
        edited, meant = _edited(path, text + newline if unended else text, listed, sources, newline)
        edited = edited.removesuffix(newline) if unended else edited
        as_meant = _config(path, tomllib.loads(edited), "command").sources == meant
    except (IndexError, tomllib.TOMLDecodeError):  # a line this reading of TOML does not know where it ends
        as_meant = False
    if not as_meant:  # a spelling this editing does not know: the file stays as it is
        raise _not_editable(path)
    if edited != text or not exists:
        atomic_write(resolved(path, writing=True), (mark + edited).encode("utf-8"))  # a link (a dotfiles folder) stays one
    return warnings


def _line_ends(text: str) -> tuple[str, bool]:
    """The line end new lines of the file get, and whether its last line goes without one: it is edited as if it had
    one, which it goes without again after."""
    newline = "\r\n" if "\r\n" in text and text.count("\r\n") == text.count("\n") else "\n"  # a file of CRLF lines: the new ones too
    return newline, bool(text) and not text.endswith("\n")


# A setting taken only with another: newsboat's keep-articles-days is keep-days with prune-unread (it drops unread
# articles too); prune-unread alone would change what a keep-days config.toml has already means.
_ONLY_WITH = {"prune-unread": "keep-days"}


def add_settings(settings: dict[str, Any], origins: Mapping[str, str], path: Path | None = None) -> tuple[list[str], dict[str, str]]:
    """Add to config.toml the settings it does not have yet, from another program's config (newsboat's: `origins`
    says by each key where it is there, as `FILE:LINE`), below the settings it has, above its first table; the file
    is edited as save_sources edits it. The keys added, and the key of each setting left out as no value config.toml
    takes, with a line saying why (naming its origin). Held by editing_sources."""
    path = path or config_path()
    exists = path.exists()
    mark, text = _text(path) if exists else ("", header())
    try:
        had = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SourcesError(_("{path}: cannot update ({reason}); fix or remove it").format(path=shown_path(path), reason=why(error))) from None
    new, refused = {}, {}
    for key, value in settings.items():
        if key in had or (key in _ONLY_WITH and _ONLY_WITH[key] not in new):
            continue
        try:
            _config(Path(origins[key]), {key: value})
        except SourcesError as error:
            refused[key] = str(error)
            continue
        new[key] = value
    if not new:
        return [], refused
    newline, unended = _line_ends(text)
    text = text + newline if unended else text
    top = _tables(text)[0]
    keys = [line.end for line in top.lines if line.kind is Kind.KEY]
    at = max(keys) if keys else top.filled_end
    lines = "".join(f"{key} = {_toml_value(value)}{newline}" for key, value in new.items())
    if not keys:  # apart from the comments above them, and from a table right below them
        lines = (newline if at else "") + lines + (newline if at == top.end < len(text) else "")
    edited = _apply(text, [(at, at, lines)])
    edited = edited.removesuffix(newline) if unended else edited
    try:
        now = tomllib.loads(edited)
        as_meant = now == {**had, **new}
    except tomllib.TOMLDecodeError:
        as_meant = False
    if not as_meant:
        raise SourcesError(_("{path}: cannot update: write the settings above the first table").format(path=shown_path(path)))
    atomic_write(resolved(path, writing=True), (mark + edited).encode("utf-8"))
    return list(new), refused


def add_keys(keys: Mapping[str, str], path: Path | None = None) -> None:
    """Add to config.toml's [keys] table the bindings `keys` names (by their names) with their keys (another program's:
    newsboat's bind-key lines), after its last; one it has a line for already (an older import's) gets its keys there.
    A config without the table gets one, above its first [[source]]. The file is edited as save_sources edits it; SourcesError where it keeps its keys
    otherwise than this editing can add to ([keys.list] tables, `keys = {…}`). Held by editing_sources."""
    path = path or config_path()
    mark, text = _text(path) if path.exists() else ("", header())
    try:
        had = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SourcesError(_("{path}: cannot update ({reason}); fix or remove it").format(path=shown_path(path), reason=why(error))) from None
    newline, unended = _line_ends(text)
    text = text + newline if unended else text
    tables = _tables(text)
    table = next((table for table in tables if table.header is not None and table.header.name == ("keys",) and not table.header.array), None)
    had_lines = {".".join(line.name): line for line in table.lines if line.kind is Kind.KEY} if table is not None else {}
    edits: list[Edit] = [(*had_lines[name].value, _toml_string(value)) for name, value in keys.items() if name in had_lines]
    lines = "".join(f"{name} = {_toml_string(value)}{newline}" for name, value in keys.items() if name not in had_lines)  # (names of bindings: bare TOML keys)
    if table is not None and table.header is not None:
        at = max([line.end for line in table.lines if line.kind is Kind.KEY], default=table.header.end)
    else:
        at = next((table.start for table in tables if table.source), len(text))
        lines = f"[keys]{newline}{lines}{newline}" if at < len(text) else f"{newline if text else ''}[keys]{newline}{lines}"
    edited = _apply(text, [*edits, (at, at, lines)] if lines else edits)
    edited = edited.removesuffix(newline) if unended else edited
    try:
        now = tomllib.loads(edited)
        before = _keys(path, had.pop("keys", {}), [])
        as_meant = _keys(path, now.pop("keys", {}), []) == {**before, **keys} and now == had
    except (tomllib.TOMLDecodeError, SourcesError):
        as_meant = False
    if not as_meant:
        raise SourcesError(_("{path}: cannot update: write the keys in one [keys] table, a line each").format(path=shown_path(path)))
    atomic_write(resolved(path, writing=True), (mark + edited).encode("utf-8"))


def _toml_value(value: object) -> str:
    """A value as TOML writes it: one of those it reads (tomllib), a setting written to config.toml among them."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, (int, float)):
        return _toml_number(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        pairs = ", ".join(f"{_toml_key(key)} = {_toml_value(item)}" for key, item in value.items())
        return "{" + pairs + "}" if pairs else "{}"
    return value.isoformat() if isinstance(value, (datetime, date, time)) else repr(value)


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _toml_string(key)


def _not_editable(path: Path) -> SourcesError:
    return SourcesError(_("{path}: cannot update: write each source as a [[source]] table").format(path=shown_path(path)))


@dataclass(frozen=True, slots=True)
class _Table:
    """A table's stretch of a TOML text, the top of the file (before the first header) being one too.

    Its own lines are the comment lines directly above its header (they say what it is), the header,
    its statements, and comment lines directly after those. Then come blank lines, and comments after
    a blank line, which stand apart: they are about more than it, and stay when it goes.
    """

    lines: list[Statement]
    start: int
    own_end: int  # after its own lines
    below: int  # after the blank lines directly below its own lines
    filled_end: int  # after its last line that is not blank
    end: int
    ends_in_comment: bool  # its last line that is not blank is a comment

    @property
    def header(self) -> Statement | None:
        return next((line for line in self.lines if line.kind is Kind.TABLE), None)

    @property
    def source(self) -> bool:
        return self.header is not None and self.header.array and self.header.name == ("source",)


def _tables(text: str) -> list[_Table]:
    """The top of the file, then each table; a [source.x] table is part of the [[source]] above it."""
    lines = statements(text)
    starts = [0]
    for number, line in enumerate(lines):
        if line.kind is Kind.TABLE and not (line.name[:1] == ("source",) and len(line.name) > 1):
            first = number
            while first > starts[-1] and lines[first - 1].kind is Kind.COMMENT:
                first -= 1
            starts.append(first)
    tables = []
    for number, (begin, finish) in enumerate(zip(starts, [*starts[1:], len(lines)], strict=True)):
        own = lines[begin:finish]
        start = lines[begin].start if begin < len(lines) else len(text)
        end = lines[finish].start if finish < len(lines) else len(text)
        filled = [n for n, line in enumerate(own) if line.kind is not Kind.BLANK]
        last = filled[-1] if number == 0 and filled else max((n for n, line in enumerate(own) if line.kind in (Kind.KEY, Kind.TABLE)), default=-1)
        while 0 <= last < len(own) - 1 and own[last + 1].kind is Kind.COMMENT:
            last += 1
        own_end = own[last].end if last >= 0 else start
        below = next((line.start for line in own[last + 1 :] if line.kind is not Kind.BLANK), end)
        filled_end = own[filled[-1]].end if filled else start
        tables.append(_Table(own, start, own_end, below, filled_end, end, bool(filled) and own[filled[-1]].kind is Kind.COMMENT))
    return tables


Edit = tuple[int, int, str]  # the text from one place to another in a text, and what takes its place


def _edited(path: Path, text: str, listed: list[Source], sources: list[Source], newline: str) -> tuple[str, list[Source]]:
    """`text`, whose sources are `listed`, with `sources` in their place; and the sources it then lists."""
    tables = _tables(text)
    numbered = [table for table in tables if table.source]
    edits: list[Edit] = []
    if not listed and not numbered and sources:  # `source = []`: the tables to come would be a second `source`
        edits += [(line.start, line.end, "") for line in tables[0].lines if line.kind is Kind.KEY and line.name == ("source",)]
    if len(numbered) != len(listed):  # `source = [{url = ...}]`: no table to edit
        raise _not_editable(path)
    # A source's account (address and user) → the sources of it, in their order: a table keeps its account's source,
    # whatever its password now is, and another account's table stays where it is.
    wanted: dict[tuple[str, str | None], list[int]] = {}
    for at, source in enumerate(sources):
        wanted.setdefault(_account(source.url), []).append(at)
    taken: dict[int, int] = {}  # a table → the source it holds from now on: the next of its account's, in order
    for number, old in enumerate(listed):
        if same := wanted.get(_account(old.url)):
            taken[number] = same.pop(0)
    places = {number: sources[at] for number, at in taken.items()}
    above = tables[0]  # the table before the one at hand
    anything_above = above.filled_end > 0  # a line that stays above the one at hand, not a blank one
    last_source = None  # where the own lines of the last source that stays end
    numbers = iter(range(len(listed)))
    for table in tables[1:]:
        which = next(numbers) if table.source else None
        stays = which is None or which in places
        if which is not None and stays:
            last_source = table.own_end
            edits += _changed(table, listed[which], places[which], newline)
        elif not stays:  # taken out with the blank lines above it, leaving those below it in their place
            start, end, last = above.filled_end, table.own_end, table is tables[-1]
            if not anything_above and not last:  # at the top of the file, its blank lines have nothing to keep apart
                end = table.below
            elif end == table.end and not last and above.ends_in_comment and start < table.start:
                start = line_end(text, start)  # one blank line stays: the comment above is not the next table's
            edits.append((start, end, ""))
        anything_above = anything_above or stays or table.filled_end > table.own_end  # a comment standing apart stays
        above = table
    placed = set(taken.values())
    added = [source for at, source in enumerate(sources) if at not in placed]
    if added:
        at = last_source if last_source is not None else tables[-1].filled_end
        new = "".join(newline + _new_table(source, newline) for source in added)
        edits.append((at, at, new if at else new.removeprefix(newline)))  # one blank line above, when there is something above
    return _apply(text, edits), [places[number] for number in sorted(places)] + added


def _new_table(source: Source, newline: str) -> str:
    values = _values(source)
    return newline.join(["[[source]]", *(f"{key} = {value}" for key, value in values.items() if value is not None)]) + newline


def _changed(table: _Table, old: Source, new: Source, newline: str) -> list[Edit]:
    """The edits that give a source's table the values in which `new` differs from `old`, and touch nothing else."""
    header = table.header
    assert header is not None
    own = table.lines[table.lines.index(header) + 1 :]
    own = own[: next((n for n, line in enumerate(own) if line.kind is Kind.TABLE), len(own))]  # not those of a [source.x] in it
    lines = {line.name[0]: line for line in own if line.kind is Kind.KEY and len(line.name) == 1}
    edits: list[Edit] = []
    before, after = _values(old), _values(new)
    for number, key in enumerate(after):
        if after[key] == before[key]:
            continue
        line, value = lines.get(key), after[key]
        if line is None:  # a new key: after the one that comes before it in a new table
            earlier = next((lines[k] for k in reversed(list(after)[:number]) if k in lines), header)
            edits.append((earlier.end, earlier.end, f"{key} = {value}{newline}"))
        elif value is None:
            edits.append((line.start, line.end, ""))
        else:
            edits.append((*line.value, value))
    return edits


def _apply(text: str, edits: list[Edit]) -> str:
    parts, done = [], 0
    for start, end, replacement in sorted(edits, key=lambda edit: edit[:2]):  # an insertion before what is taken out at its place
        if start < done:  # two stretches taken out that overlap: the second goes on from the first
            assert not replacement, "edits overlap"
            start = min(done, end)
        parts += [text[done:start], replacement]
        done = max(done, end)
    return "".join([*parts, text[done:]])


@contextmanager
def editing_sources(path: Path | None = None) -> Iterator[None]:
    """Hold the sources list while it is read, changed and written: of two commands changing it at once
    (a script adding twenty), each would write back a list without what the other added."""
    named = path or chosen_config_path()
    path = named or config_path()
    if path.exists():
        _text(path)  # a folder or an unreadable file is said before a lock file is left beside it
    if named and not path.parent.is_dir():  # a typo: the folders of a path the user named are not made for it
        raise SourcesError(_("{path}: cannot write (no folder {folder})").format(path=shown_path(path), folder=shown_path(path.parent)))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise SourcesError(_("{path}: cannot write ({reason})").format(path=shown_path(path), reason=why(error))) from None
    with locked(path.with_name(path.name + ".lock")):
        yield


def _key(url: str) -> str:
    """The address of a source in any spelling, without its user name and password, which are not shown (`sources list`).
    One no parser reads (`http://[oops/feed`, in a config.toml edited by hand) is its own only spelling."""
    try:
        return address_key(url)
    except ValueError:
        return without_credentials(url)


def _account(url: str) -> tuple[str, str | None]:
    """What tells one source from another: its address, and the user name it is read as; not its password, which changes."""
    return _key(url), user_name(url)


def distinct_sources(sources: list[Source]) -> list[Source]:
    """The first source of each account (address and user name): a config.toml edited by hand may list one again."""
    first: dict[tuple[str, str | None], Source] = {}
    for source in sources:
        first.setdefault(_account(source.url), source)
    return list(first.values())


def find_source(sources: list[Source], url: str) -> Source | None:
    """The source this URL names (in any spelling of it), if it is in the list: the one of the account its user name
    names. An address without one names the source without one, or else the one source of that address, as `sources
    list` shows it; when several accounts read that address, SourcesError names them as shown_account does."""
    if exact := [s for s in sources if s.url == url.strip(WHITE_SPACE)]:  # as listed, where a config.toml holds two spellings of one address
        return exact[0]
    address, user = _account(url)
    listed = [s for s in sources if _key(s.url) == address]
    users = _users(listed)
    if user is None and len(listed) > 1 and len(users) == len(listed):
        named = ", ".join(shown_user(name, users) for name in users)
        example = next((s.url for s in listed if user_name(s.url)), listed[0].url)  # one that a user name names
        several = _("{url}: listed for {count} accounts ({users}); name the one meant by its user name, as in {example}")
        raise SourcesError(several.format(url=without_credentials(url), count=len(listed), users=named, example=account_name(example, users)))
    return next((s for s in listed if user_name(s.url) == user), listed[0] if user is None and listed else None)


def shown_account(sources: list[Source], url: str) -> str:
    """The account of the source at `url` as it is named to its user (account_name), told from the other accounts of
    its address in `sources`."""
    address = _key(url)
    return account_name(url, _users([s for s in sources if _key(s.url) == address]))


def shown_sources(sources: list[Source]) -> dict[str, str]:
    """How a list of several names each source (fetch's lines, `sources list`, the app's refresh), by its URL: by its
    address without user name or password; where several accounts in `sources` read that address, by its account as
    shown_account names it, since lines that said one address twice said nothing of which account was which."""
    by_address: dict[str, list[Source]] = {}
    for source in sources:
        by_address.setdefault(_key(source.url), []).append(source)
    names: dict[str, str] = {}
    for listed in by_address.values():
        several = len({user_name(s.url) for s in listed}) > 1
        users = _users(listed)
        names.update((s.url, account_name(s.url, users) if several else s.public_url) for s in listed)
    return names


def _users(sources: list[Source]) -> list[str]:
    """The user names of those of `sources` that have one, in their order."""
    return [name for s in sources if (name := user_name(s.url)) is not None]


class SourceLabel(str):
    """A source's name in the app's sidebar (source_labels), with the end of it that tells it apart from sources of
    the same title or host (`tail`: ` (nu.nl/…/sport)` of `NU (nu.nl/…/sport)`, `/…/sport` of `nu.nl/…/sport`), which a name cut to fit keeps."""

    tail: str

    def __new__(cls, text: str, tail: str = "") -> SourceLabel:
        label = super().__new__(cls, text)
        label.tail = tail
        return label


def _source_names(source: str, title: str | None = None) -> Iterator[SourceLabel]:
    """A source's names, each longer than the one before, terminal-safe, made as they are asked for: a feed by its
    host, then with more and more of its path's end; an imported file by its name, then with more and more of its
    folders (the start tells those apart, as a cut end leaves it); then the source as it is, and last as ascii() spells
    it, which no other source's spelling can look like. A source with a title is named by it first, then by it and
    each of those names in turn."""
    if title:
        yield SourceLabel(terminal_safe(title))
        yield from (SourceLabel(f"{terminal_safe(title)} ({name})", f" ({name})") for name in _source_names(source))
        return
    if "://" in source:
        host, *path = source.split("://", 1)[1].rstrip("/").split("/")
        host = terminal_safe(host.removeprefix("www."))
        yield SourceLabel(host)
        for k in range(1, len(path) + 1):
            tail = terminal_safe(f"/{'' if k == len(path) else '…/'}{'/'.join(path[-k:])}")
            yield SourceLabel(host + tail, tail)
    else:
        parts = Path(source).parts
        for k in range(1, len(parts) + 1):
            yield SourceLabel(terminal_safe(str(Path(*parts[-k:]))))
    yield SourceLabel(terminal_safe(source))
    yield SourceLabel(ascii(source))


def source_labels(sources: Iterable[str], titles: Mapping[str, str] | None = None) -> dict[str, SourceLabel]:
    """Each source's shortest name that no other source's name shares, as editors name same-named files in
    their tabs: `zeeland/feed.xml` and `goes/feed.xml`, `nu.nl/…/economie/rss` and `nu.nl/…/sport/rss`.
    A source with a title (`titles`, by source) is named by it, as newsboat names feeds; two of one title
    by it and what tells their addresses apart: `Nieuws (nu.nl)`, `Nieuws (nos.nl)`.
    These name the sources of a library's articles, each by its address without user name, short enough for the
    sidebar; a list of the sources list's own names them by shown_sources, account by account, in full."""
    titles = titles or {}
    sources = list(sources)
    # A source without a title by as much of its address as tells it from every other source's address, titled or not:
    # told apart from the titles only, a failing feed beside titled ones of its host was that host alone.
    addresses = {source: _source_names(source) for source in sources}
    by_address = _told_apart(addresses, {source: next(more) for source, more in addresses.items()})
    names = {source: _source_names(source, title) if (title := titles.get(source)) else addresses[source] for source in sources}
    first = {source: next(names[source]) if titles.get(source) else by_address[source] for source in sources}
    return _with_parting_tails(_told_apart(names, first))


def _told_apart(names: dict[str, Iterator[SourceLabel]], labels: dict[str, SourceLabel]) -> dict[str, SourceLabel]:
    """Each source's first name from `labels` on (then of `names`, each longer than the one before) that no other's shares."""
    while True:
        sharing: dict[str, list[str]] = {}
        for source, label in labels.items():
            sharing.setdefault(label, []).append(source)
        # Those that share a name take their next one; their last names differ, as the sources do.
        told_apart = True
        for source in (source for group in sharing.values() if len(group) > 1 for source in group):
            longer = next(names[source], None)
            if longer is not None:
                labels[source], told_apart = longer, False
        if told_apart:
            return labels


def _with_parting_tails(labels: dict[str, SourceLabel]) -> dict[str, SourceLabel]:
    """The labels with no tail of their own given the end where they part from the label that shares the longest start
    with them, from the word it parts in: `Testnieuws Binnenland` and `Testnieuws Buitenland`, cut to fit from their
    end, were both `Testnieuws…`; as tails they are `Te… Binnenland` and `Te… Buitenland`. Labels sharing the longest
    start sort next to each other."""
    ordered = sorted(set(labels.values()))
    shared: dict[str, int] = {}  # label → the length of the longest start it shares with another
    for before, after in itertools.pairwise(ordered):
        common = len(os.path.commonprefix([before, after]))
        shared[before], shared[after] = max(shared.get(before, 0), common), max(shared.get(after, 0), common)
    parted = {}
    for source, label in labels.items():
        common = shared.get(label, 0)
        word = label.rfind(" ", 0, common + 1)  # the space before the word it parts in, kept with it as the tails' " ("
        # Sharing no whole word (`NOS`, `NU.nl`), the start that a cut keeps tells them apart.
        parted[source] = label if label.tail or word <= 0 or common == len(label) else SourceLabel(label, label[word:])
    return parted


def with_imported(sources: list[Source], imported: list[Source]) -> tuple[list[Source], int, int]:
    """The list with the imported sources it lacks added after it, each once; how many of the imported it had
    already: those stay as they are (see `sources import-opml`); and how many the import lists again after their
    first line (an OPML file may file a feed in two folders, a urls file list it twice with other tags): the first
    is taken. As for `find_source`, an address with a user name is that account's source, and one without any
    source of the address."""
    listed = {_account(source.url) for source in sources}
    addresses = {address for address, _user in listed}
    seen: set[tuple[str, str | None]] = set()
    seen_addresses: set[str] = set()
    added = []
    present = repeated = 0
    for source in imported:
        account = _account(source.url)
        if account in seen:
            repeated += 1
        elif account in listed or (account[1] is None and account[0] in addresses):
            present += 1
        elif account[1] is None and account[0] in seen_addresses:  # as one listed would be: a source of the address
            repeated += 1
        else:
            added.append(source)
        seen.add(account)
        seen_addresses.add(account[0])
    return [*sources, *added], present, repeated


def add_source(sources: list[Source], source: Source) -> list[Source]:
    """The list with `source` added, or in the place of the source of its account (its address and user name)."""
    at = next((i for i, s in enumerate(sources) if _account(s.url) == _account(source.url)), None)
    return [*sources, source] if at is None else [*sources[:at], source, *sources[at + 1 :]]


def remove_source(sources: list[Source], url: str) -> list[Source]:
    """The list without the source this URL names (find_source)."""
    gone = find_source(sources, url)
    return [s for s in sources if s is not gone]


def sources_to_opml(sources: list[Source], titles: Mapping[str, str] | None = None) -> bytes:
    """The sources as OPML, each named as the app's sidebar names it: by its title in config.toml, else by the one it
    gave itself (`titles`, by the source as articles name it: Library.source_titles), else by as much of its address
    as tells it apart from the others listed (source_labels: `nu.nl/…/sport`). A title from the library is a feed's
    text: made one clean line, as the sidebar shows it."""
    titles = titles or {}
    named = {s.public_url: title for s in reversed(sources) if (title := s.title or clean_name(titles.get(s.public_url)))}  # the first given, as the sidebar takes it
    labels = source_labels([s.public_url for s in sources], named)
    outlines = [Outline(s.title or clean_name(titles.get(s.public_url)) or labels[s.public_url], s.public_url, None, s.section) for s in sources]
    return write_opml(_("nieuws-tui sources"), outlines)


def sources_from_opml(data: bytes) -> tuple[list[Source], list[str]]:
    """The sources an OPML document lists, and the names of its outlines that are no feed (no xmlUrl). An outline
    named by its address, whole (newsboat's `-e`) or as the sidebar names it (sources_to_opml's `nu.nl/…/sport`),
    gives no title: one that config.toml kept would stay when the sidebar's name of it changed."""
    outlines, without_url = read_opml(data)
    return [Source(o.xml_url, o.category, None if _names_its_address(o.title, o.xml_url) else o.title) for o in outlines], without_url


def _names_its_address(title: str, url: str) -> bool:
    """Whether `title` is the address `url` whole or one of the names the sidebar makes of it (_source_names). Those
    are compared up to MAX_NAME characters, as long as a title config.toml keeps: each name is longer than the one
    before, and all the names of an address of 500,000 slashes would keep an import busy for most of an hour."""
    names = itertools.takewhile(lambda name: len(name) <= MAX_NAME, _source_names(url))
    return title == url or any(title == name for name in names)
