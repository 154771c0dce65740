"""What the commands share: adding a command with its --db option, opening its library, options that take numbers."""

from __future__ import annotations

import argparse
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from feeds import Config, Library, Selection, checked_setting, grouped, load_config, open_library, shown_path
from feeds import gettext as _

from ..console import note

Run = Callable[[argparse.Namespace], int]


class Terminated(BaseException):
    """SIGTERM (a cron job's timeout, `kill`): the command ends as at Ctrl-C."""


def _terminated(number: int, frame: object) -> None:
    raise Terminated


@contextmanager
def terminated_as_interrupted(args: argparse.Namespace) -> Iterator[None]:
    """SIGTERM raised as Terminated while a command runs, so that it ends as at Ctrl-C, what it was writing undone: a
    killed `export -o` left its temporary file of megabytes beside the user's feed for good. Where the command is run
    from another thread (a program of the user's), signals are that program's; a command that takes them itself
    (`own_signals`: fetch, whose worker processes must be forked before any handler, else one ended as it started
    raised it and could leave the pool to hang) takes them as it does."""
    if threading.current_thread() is not threading.main_thread() or getattr(args, "own_signals", False):
        yield
        return
    before = signal.signal(signal.SIGTERM, _terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)


def db_option() -> argparse.ArgumentParser:
    """--db, accepted before and after the command; SUPPRESS keeps a later default from undoing an earlier value."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--db",
        type=Path,
        default=argparse.SUPPRESS,
        metavar=_("PATH"),
        help=_("the library (default: $NIEUWS_TUI_DB, else ~/.local/share/nieuws-tui/library.sqlite; a v1 library.json is migrated)"),
    )
    return parent


def command(subparsers: Any, name: str, run: Run, help: str, description: str, library: bool = True) -> argparse.ArgumentParser:
    """A subcommand that runs `run(args)`; with `library`, it takes --db."""
    parser: argparse.ArgumentParser = subparsers.add_parser(name, parents=[db_option()] if library else [], help=help, description=description)
    parser.set_defaults(run=run)
    return parser


def command_library(args: argparse.Namespace, *, samples: bool, new: bool = False, reads: bool = False, announce: Callable[[str], None] = note) -> Library:
    """The library the command works on; a new one gets the bundled sample pages when `samples`.
    At a path the user named, only a command that stores (`new`) or shows the samples may start one, in a
    folder that is there (feeds.open_library): the samples are what a newcomer's first `list` shows, and
    their announcement names the path, which shows a typo. `reads`: the command reads the library, once: one that
    nothing can write, as on a read-only disk, is read too, each write to it refused (Library's `unwritable_ok`). A
    command that writes, and the app, fail there at the opening, before they fetch or read anything to store."""
    library = open_library(getattr(args, "db", None), announce, new=new or samples, unwritable_ok=reads)
    if samples and not library.exists:
        from feeds import import_samples_if_new

        report = import_samples_if_new(library)
        if report is not None:
            announce(_("new library at {path}: imported {count} sample articles from the bundled pages").format(path=shown_path(library.path), count=grouped(report.new)))
    return library


def say_if_started(library: Library, existed: bool) -> None:
    """A command that stores says so when it started the library (as the app and `list` do), on stderr: a cron
    job's output of `fetch` stays as it was."""
    if library.exists and not existed:
        note(_("new library at {path}").format(path=shown_path(library.path)))


def add_filters(parser: argparse.ArgumentParser) -> None:
    """The options that choose articles, the same for every command that takes them."""
    parser.add_argument("--section", action="append", metavar="S", help=_("only this section (repeatable; any case and accents)"))
    parser.add_argument("--unread", action="store_true", help=_("only unread articles"))
    parser.add_argument("--starred", action="store_true", help=_("only starred articles"))


def add_limit(parser: argparse.ArgumentParser, meaning: str, default: int | None = None) -> None:
    """--limit N: the newest N articles, the same for every command that takes it."""
    parser.add_argument("--limit", type=whole(1, None, _("not a positive number: {text!r}")), default=default, metavar="N", help=meaning)


def selection(library: Library, args: argparse.Namespace, limit: int | None = None) -> Selection:
    """What the filter options chose; UnknownSection for a section the library does not have."""
    sections = library.section_names(args.section) if args.section else None
    return Selection(sections, args.unread, args.starred, limit)


def amount(setting: str) -> Callable[[str], float]:
    """A number (megabytes, seconds, days) as the setting of that name may be in config.toml (`older-than`: prune's
    keep-days for once, which may not be 0)."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = float("nan")  # refused as any other number out of bounds
        try:
            return checked_setting(setting, value)
        except ValueError as refused:
            raise argparse.ArgumentTypeError(_("must be {may_be}: {text!r}").format(may_be=refused, text=text)) from None

    return parse


def whole(lowest: int, highest: int | None, refusal: str) -> Callable[[str], int]:
    """Whole numbers from `lowest` (to `highest`); `refusal` says why another `{text!r}` is not one of them."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = lowest - 1
        if value < lowest or (highest is not None and value > highest):
            raise argparse.ArgumentTypeError(refusal.format(text=text))
        return value

    return parse


def readable(text: str) -> str:
    """Text typed as a name (a section, a title), refused where it holds bytes that are no UTF-8, which os.fsdecode
    gives as lone surrogates: no name can be stored with them, and cleaning them out dropped the name without a word."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise argparse.ArgumentTypeError(_("no readable text (bytes that are no UTF-8): {text!r}").format(text=text)) from None
    return text


def read_config(*, or_empty: bool = False) -> Config:
    """config.toml, after a warning for each key in it that nothing reads (a typo, `keep_days = 3`), and for each
    wrong value of a setting only the app reads. `or_empty`: one not there has no sources (feeds.load_config)."""
    config = load_config(reader="command", or_empty=or_empty)
    for warning in config.warnings:
        note(_("warning: {message}").format(message=warning))
    return config
