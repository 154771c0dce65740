"""`nieuws-tui export [--format atom|rss] [--section S]... [--unread] [--starred] [--limit N] [-o FILE|-]`"""

from __future__ import annotations

import argparse

from feeds import FORMATS, ChosenFeed, FeedInfo, chosen_path, grouped, names_standard_output, ngettext, own_files, resolved, shown_path, write_chosen
from feeds import gettext as _

from ..console import note, tell, write_out
from .common import add_filters, add_limit, command, command_library, selection
from .serve import ADDRESS


def register(subparsers: object) -> None:
    parser = command(
        subparsers, "export", run,
        help=_("export articles as an Atom or RSS feed"),
        description=_("Export articles, newest first, as an Atom 1.0 (default) or RSS 2.0 feed, to standard output or, atomically, to a file."),
    )  # fmt: skip
    parser.add_argument("--format", choices=FORMATS, help=_("feed format (default: rss for a FILE named *.rss, else atom)"))
    add_filters(parser)
    add_limit(parser, _("only the newest N articles"))
    parser.add_argument("-o", "--output", default="-", metavar=_("FILE"), help=_("where to write the feed (default: - for standard output)"))


def _warn(message: str) -> None:
    note(_("warning: {message}").format(message=message))


def run(args: argparse.Namespace) -> int:
    library = command_library(args, samples=False, reads=True)
    chosen = selection(library, args, args.limit)
    # A file named for RSS gets RSS: Atom in e.rss is not what its name tells a reader it is given to.
    args.format = args.format or ("rss" if args.output.lower().endswith(".rss") else "atom")
    if args.output == "-":
        write_out(ChosenFeed(library, chosen, args.format, FeedInfo.as_served(library, chosen, args.format, ADDRESS), _warn).pieces())
        return 0
    output = chosen_path(args.output)
    # A feed written to standard output by its name (`-o /dev/stdout`) is the one `-` writes: a pipe's is no address.
    served = names_standard_output(output)
    info = FeedInfo.as_served(library, chosen, args.format, ADDRESS) if served else FeedInfo.for_selection(library, resolved(output, writing=True).as_uri(), chosen, f"{ADDRESS}/")
    feed = ChosenFeed(library, chosen, args.format, info, _warn)
    write_chosen(output, feed.pieces(), own_files(library.path))
    wrote = ngettext("wrote {count} article to {file} ({format})", "wrote {count} articles to {file} ({format})", feed.count)
    tell(wrote.format(count=grouped(feed.count), file=shown_path(output), format=args.format))
    return 0
