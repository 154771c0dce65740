"""`nieuws-tui serve [--host 127.0.0.1] [--port 8080]`"""

from __future__ import annotations

import argparse
import sys

from feeds.urls import is_loopback_host

from ..console import fail, note, say


def register(subparsers, db_option: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "serve",
        parents=[db_option],
        help="serve the library's feeds over HTTP for RSS readers",
        description="Serve /feed.atom, /feed.rss, /sections/<section>.atom|.rss, /opml and an index page at /. "
        "Always the library as it is now; it never changes the library. Ctrl-C stops it.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    parser.add_argument("--port", type=_port, default=8080, help="port, 0 for any free one (default: 8080)")
    parser.add_argument("--quiet", action="store_true", help="do not log requests")
    parser.set_defaults(run=run)


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"not a port number (0 to 65535): {text!r}")
    return value


def run(args: argparse.Namespace) -> int:
    from feeds.out.serve import FeedServer

    from ..cli import open_library

    library = open_library(args, samples=False)
    if not is_loopback_host(args.host):
        note(f"warning: serving on {args.host}, reachable from other machines; use --host 127.0.0.1 to keep it local")
    try:
        server = FeedServer(library, args.host, args.port, log=None if args.quiet else lambda line: say(line, sys.stderr))
    except OSError as error:
        fail(f"cannot listen on {args.host}:{args.port}: {error.strerror or error}")
        return 1
    note(f"serving {library.path} at {server.url}/ (feeds: {server.url}/feed.atom, {server.url}/feed.rss); Ctrl-C stops")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        note("stopped")
    finally:
        server.server_close()
    return 0
