"""`nieuws-tui list` and `nieuws-tui sections`: the library as lines or as JSON."""

from __future__ import annotations

import argparse

from feeds.model import AMSTERDAM, Entry
from feeds.records import public_json
from feeds.selection import select

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


def _line(entry: Entry) -> str:
    article = entry.article
    flags = ("U" if not entry.read else "-") + ("*" if entry.starred else "-") + ("T" if article.is_teaser else "F")
    when = entry.sort_time.astimezone(AMSTERDAM).strftime("%Y-%m-%d %H:%M")
    return f"{article.id}  {flags}  {when}  {(article.section or NO_SECTION):<12}  {article.title}"


def run_list(args: argparse.Namespace) -> int:
    from ..cli import open_library

    library = open_library(args, samples=True)
    entries = select(library.entries(), args.section, args.unread, args.starred)
    if args.json:
        say_json([public_json(e) for e in library.full_entries(entries)])
    else:
        say_all(_line(e) for e in entries)
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
