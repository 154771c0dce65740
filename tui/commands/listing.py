"""`nieuws-tui list` and `nieuws-tui sections`: the library as lines or as JSON."""

from __future__ import annotations

import argparse

from feeds.library import Headline, Library, Selection, UnknownSection
from feeds.out.records import public_json

from ..console import fail

from ..console import say_all, say_json

NO_SECTION = "(geen sectie)"


def register(subparsers, db_option: argparse.ArgumentParser) -> None:
    listing = subparsers.add_parser(
        "list",
        parents=[db_option],
        help="list articles, newest first",
        description="List articles, newest first. Each line: id, state (U unread, * starred, "
        "T teaser), time, section, title. --json prints every field, full text included.",
    )
    add_filters(listing)
    listing.add_argument("--json", action="store_true", help="a JSON array of articles with all their fields")
    listing.set_defaults(run=run_list)

    sections = subparsers.add_parser(
        "sections",
        parents=[db_option],
        help="sections with total and unread counts",
        description="Sections of the library with their total and unread article counts.",
    )
    sections.add_argument("--json", action="store_true", help="a JSON array of {name, total, unread}")
    sections.set_defaults(run=run_sections)


def add_filters(parser: argparse.ArgumentParser) -> None:
    """The options that choose articles, the same for every command that takes them."""
    parser.add_argument("--section", action="append", metavar="S", help="only this section (repeatable)")
    parser.add_argument("--unread", action="store_true", help="only unread articles")
    parser.add_argument("--starred", action="store_true", help="only starred articles")


def selection(library: Library, args: argparse.Namespace, limit: int | None = None) -> Selection:
    """What the filter options chose; UnknownSection for a section the library does not have."""
    sections = library.section_names(args.section) if args.section else None
    return Selection(sections, args.unread, args.starred, limit)


def _line(headline: Headline) -> str:
    flags = ("-" if headline.read else "U") + ("*" if headline.starred else "-") + ("T" if headline.kind == "teaser" else "F")
    moment = headline.moment
    when = f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d} {moment.hour:02d}:{moment.minute:02d}"
    return f"{headline.id}  {flags}  {when}  {(headline.section or NO_SECTION):<12}  {headline.title}\n"


def run_list(args: argparse.Namespace) -> int:
    from ..cli import open_library

    library = open_library(args, samples=True)
    try:
        chosen = selection(library, args)
    except UnknownSection as error:
        fail(str(error))
        return 2
    if args.json:
        say_json([public_json(e) for e in library.full_entries(library.select(chosen))])
    else:
        say_all(_line(h) for h in library.headlines(chosen))
    return 0


def run_sections(args: argparse.Namespace) -> int:
    from ..cli import open_library

    library = open_library(args, samples=True)
    counts = library.sections()
    if args.json:
        say_json([{"name": c.name, "total": c.total, "unread": c.unread} for c in counts])
    else:
        width = max((len(c.name or NO_SECTION) for c in counts), default=0)
        say_all(f"{(c.name or NO_SECTION):<{width}}  {c.total:>6} total  {c.unread:>6} unread" for c in counts)
    return 0
