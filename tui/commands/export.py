"""`nieuws-tui export [--format atom|rss] [--section S]... [--unread] [--starred] [--limit N] [-o FILE|-]`"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from feeds import FORMATS, FeedInfo, build_feed, feed_path, write_feed

from ..console import note, say
from .common import add_filters, command, open_library, selection, whole

SERVE_URL = "http://127.0.0.1:8080"


def register(subparsers: object) -> None:
    parser = command(
        subparsers, "export", run,
        help="export articles as an Atom or RSS feed",
        description="Export articles, newest first, as an Atom 1.0 (default) or RSS 2.0 feed, to standard output or, atomically, to a file.",
    )  # fmt: skip
    parser.add_argument("--format", choices=FORMATS, default="atom", help="feed format (default: atom)")
    add_filters(parser)
    parser.add_argument("--limit", type=whole(1, what="a positive number"), metavar="N", help="only the newest N articles")
    parser.add_argument("-o", "--output", default="-", metavar="FILE", help="where to write the feed (default: - for standard output)")


def _warn(message: str) -> None:
    note(f"warning: {message}")


def run(args: argparse.Namespace) -> int:
    library = open_library(args, samples=False)
    chosen = selection(library, args, args.limit)
    entries = library.full_entries(library.select(chosen))
    section = chosen.sections[0] if chosen.sections and len(chosen.sections) == 1 else None
    if args.output == "-":
        info = FeedInfo.for_library(library, f"{SERVE_URL}{feed_path(section)}.{args.format}", section)
        sys.stdout.buffer.write(build_feed(entries, args.format, info, warn=_warn))
        sys.stdout.flush()
        return 0
    output = Path(args.output)
    info = FeedInfo.for_library(library, output.resolve().as_uri(), section)
    write_feed(entries, output, args.format, info, warn=_warn)
    say(f"wrote {len(entries)} articles to {output} ({args.format})", sys.stderr)
    return 0
