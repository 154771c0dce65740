"""`nieuws-tui import PATH... [--captured ISO]`"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from feeds import gettext as _
from feeds import grouped, ngettext, parse_time, setting_range, settings_for, shown_path

from ..console import fail, note, say, stderr_is_terminal
from .common import Terminated, amount, command, command_library, read_config, say_if_started

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

FIRST_CAPTURE, LAST_CAPTURE = 1970, 9998  # years a --captured moment may be in: the library counts time from 1970


def register(subparsers: object) -> None:
    parser = command(
        subparsers, "import", run,
        help=_("import news pages (.txt, .html, .htm), saved feeds (.xml, .rss, .atom, .rdf) and folders of them"),
        description=_("Import ZeelandNet news pages, as text renderings or HTML, and saved RSS/Atom feeds, from files "
        "and folders (recursively). A file is read as what its content is, whatever its name. "
        "Prints one line per file that failed and a summary; exits 1 if any failed."),
    )  # fmt: skip
    parser.add_argument("paths", nargs="+", type=Path, metavar=_("PATH"), help=_("a page, a saved feed, or a folder of them, searched through (repeatable)"))
    parser.add_argument(
        "--captured",
        type=_moment,
        metavar="ISO",
        help=_("when the pages were saved (ISO 8601; Amsterdam time if no zone); "
        "ages on the pages count back from it (default: each file's modification time)"),
    )
    parser.add_argument("--max-size", type=amount("max-size"), metavar="MB", help=_("the largest file to read: {may_be} (default: max-size in config.toml, else 10)").format(may_be=setting_range("max-size")))


def _moment(text: str) -> datetime:
    """A moment pages were saved at: from 1970 on (the library counts time from then), and before the calendar ends."""
    out_of_range = argparse.ArgumentTypeError(_("not a moment from {first} to {last}: {text!r}").format(first=FIRST_CAPTURE, last=LAST_CAPTURE, text=text))
    try:
        moment = parse_time(text)
    except OverflowError:  # a valid moment whose zone moves the year 1 or 9999 off the calendar
        raise out_of_range from None
    except ValueError:
        raise argparse.ArgumentTypeError(_("not an ISO 8601 date and time: {text!r}").format(text=text)) from None
    if not FIRST_CAPTURE <= moment.year <= LAST_CAPTURE:
        raise out_of_range
    return moment


def run(args: argparse.Namespace) -> int:
    from feeds import import_paths

    # The cap fetch reads under: a feed saved from the web is read as it would have been fetched.
    max_bytes = settings_for(read_config(or_empty=True), max_size=args.max_size).max_bytes
    library = command_library(args, samples=False, new=True)
    existed = library.exists
    try:
        with _progress() as progress:
            report = import_paths(library, args.paths, args.captured, progress, max_bytes)
    except (KeyboardInterrupt, Terminated) as stop:  # said as fetch says it: the import is stored whole or not at all
        say_if_started(library, existed)  # (made as it opened: else never said, not by the next run either)
        note(_("interrupted: nothing of this import is stored"))
        return 143 if isinstance(stop, Terminated) else 130
    say_if_started(library, existed)
    for path, reason in report.failed:
        fail(f"{shown_path(path)}: {reason}")
    for path, message in report.notes:
        note(f"{shown_path(path)}: {message}")
    pages = ngettext("{count} file imported", "{count} files imported", report.pages).format(count=grouped(report.pages))  # pages and feeds
    articles = ngettext(
        "{new} new, {updated} updated, {unchanged} unchanged article", "{new} new, {updated} updated, {unchanged} unchanged articles",
        report.new + report.updated + report.unchanged,
    ).format(new=grouped(report.new), updated=grouped(report.updated), unchanged=grouped(report.unchanged))
    if report.left_out:  # beside the articles stored, as many stories as not: the files they were in did not fail
        articles += "; " + ngettext("{count} feed item left out", "{count} feed items left out", report.left_out).format(count=grouped(report.left_out))
    say(_("{pages}: {articles}; {failed} failed").format(pages=pages, articles=articles, failed=len(report.failed)))
    if report.pruned:  # the articles the counts leave out, beside them: pruned here, they are not brought back
        say(ngettext("{count} pruned article stays away", "{count} pruned articles stay away", report.pruned).format(count=grouped(report.pruned)))
    return 1 if report.failed else 0


class _progress:
    """A progress bar on a terminal for long imports; nothing when output goes elsewhere."""

    def __enter__(self) -> _progress:
        self.bar: tuple[Progress, TaskID] | None = None  # the bar and its one task, made together
        return self

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if total < 50 or not stderr_is_terminal():
                return
            from rich.console import Console
            from rich.progress import Progress

            bar = Progress(transient=True, console=Console(stderr=True))
            bar.start()
            self.bar = (bar, bar.add_task(_("importing"), total=total))
        bar, task = self.bar
        bar.update(task, completed=done)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar[0].stop()
