"""`nieuws-tui list` and `nieuws-tui sections`: the library as lines or as JSON."""

from __future__ import annotations

import argparse
import functools
import sys
from datetime import tzinfo

from rich.cells import cell_len

from feeds import OTHER_SECTION, Headline, grouped, public_json, terminal_safe
from feeds import gettext as _

from ..console import as_written, say_all, say_json
from ..formatting import local_zone, shown_time
from .common import add_filters, command, command_library, selection


def register(subparsers: object) -> None:
    listing = command(
        subparsers, "list", run_list,
        help=_("list articles, newest first"),
        description=_("List articles, newest first. Each line: id, state (U unread, * starred, F full text or T teaser), "
        "time, section, title. --json prints every field, full text included."),
    )  # fmt: skip
    add_filters(listing)
    listing.add_argument("--json", action="store_true", help=_("a JSON array of articles with all their fields"))
    sections = command(
        subparsers, "sections", run_sections,
        help=_("sections with total and unread counts"),
        description=_("Sections of the library with their total and unread article counts."),
    )  # fmt: skip
    sections.add_argument("--json", action="store_true", help=_("a JSON array of {name, total, unread}"))


def _shown(text: str) -> str:
    """The text as the terminal is shown it: escaped where it would drive the terminal (`\\u202e`) or where standard
    output cannot spell it (`\\u56fd` in a Latin-1 locale)."""
    return as_written(terminal_safe(text))


def _padded(text: str, width: int) -> str:
    """The text as shown, and the spaces that fill it out to `width` columns of a terminal, where a Chinese character
    takes two: padded by characters, a column after a section `国际新闻` stood four columns right of the others."""
    shown = _shown(text)
    return shown + " " * (width - cell_len(shown))


def _section_column(section: str) -> str:
    return _padded_column(section, getattr(sys.stdout, "encoding", None))


@functools.cache
def _padded_column(section: str, encoding: str | None) -> str:
    """(A library has a few sections, `list` 100,000 lines; the padded form is the encoding's: a program that calls the
    command line with another standard output got the first one's escapes.)"""
    return _padded(section, 12)


def _line(headline: Headline, zone: tzinfo | None = None) -> str:
    """`zone`: the user's (local_zone), looked up once for a list of many."""
    flags = ("-" if headline.read else "U") + ("*" if headline.starred else "-") + ("T" if headline.kind == "teaser" else "F")
    # (In the library's own zone, Amsterdam's, a moment is shown as it is: a conversion of each took 0.1 s of 100,000.)
    moment = headline.moment if headline.moment.tzinfo is (zone or local_zone()) else shown_time(headline.moment)
    when = f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d} {moment.hour:02d}:{moment.minute:02d}"
    return f"{headline.id}  {flags}  {when}  {_section_column(headline.section or _(OTHER_SECTION))}  {headline.title}"


def run_list(args: argparse.Namespace) -> int:
    library = command_library(args, samples=True, reads=True)
    chosen = selection(library, args)
    if args.json:
        say_json(public_json(e) for e in library.whole(chosen))
    else:
        zone = local_zone()
        say_all(_line(h, zone) for h in library.headlines(chosen))
    return 0


def run_sections(args: argparse.Namespace) -> int:
    library = command_library(args, samples=True, reads=True)
    counts = library.sections()
    if args.json:
        say_json({"name": c.name, "total": c.total, "unread": c.unread} for c in counts)
    else:
        other = _(OTHER_SECTION)
        width = max((cell_len(_shown(c.name or other)) for c in counts), default=0)
        counted = _("{total} total  {unread} unread")
        digits = max([6, *(len(grouped(count)) for c in counts for count in (c.total, c.unread))])  # the counts in columns
        say_all(f"{_padded(c.name or other, width)}  " + counted.format(total=f"{grouped(c.total):>{digits}}", unread=f"{grouped(c.unread):>{digits}}") for c in counts)
    return 0
