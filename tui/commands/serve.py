"""`nieuws-tui serve [--host 127.0.0.1] [--port 8080] [--allow-host NAME] [--limit N]`"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from feeds import SERVED_ARTICLES, Library, NotALibrary, StorageError, UnwritableLibrary, expanded, grouped, is_loopback_host, library_path, shown_path, why
from feeds import gettext as _

from ..console import fail, note, tell
from .common import add_limit, command, command_library, whole

HOST, PORT = "127.0.0.1", 8080  # this machine only: serving others is a choice made with --host
ADDRESS = f"http://{HOST}:{PORT}"  # where serve's feeds are when started as it is by default


def register(subparsers: object) -> None:
    parser = command(
        subparsers, "serve", run,
        help=_("serve the library's feeds over HTTP for RSS readers"),
        description=_("Serve /feed.atom, /feed.rss, /sections/<section>.atom|.rss, /opml and an index page at /. "
        "Always the library as it is now; while it serves it never changes the library (one of an earlier "
        "nieuws-tui is brought up to date once as it starts, as by any command). Ctrl-C stops it."),
    )  # fmt: skip
    parser.add_argument("--host", default=HOST, type=listen_host, metavar=_("HOST"), help=_("address to listen on (default: {host}, this machine only)").format(host=HOST))
    parser.add_argument(
        "--port", type=whole(0, 65535, _("not a port number (0 to 65535): {text!r}")), default=PORT, metavar=_("PORT"),
        help=_("port, 0 for any free one (default: {port})").format(port=PORT),
    )
    parser.add_argument(
        "--allow-host", action="append", default=[], type=host_name, metavar=_("NAME"),
        help=_("also answer requests for this host name (repeatable; .example.org: that name and every name under it)"),
    )  # fmt: skip
    add_limit(parser, _("each feed carries the newest N articles (default: {count})").format(count=grouped(SERVED_ARTICLES)), SERVED_ARTICLES)
    parser.add_argument("--quiet", action="store_true", help=_("do not log requests"))


_HOST_NAME = re.compile(r"\.?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.?")


def host_name(text: str) -> str:
    """A host name for --allow-host, without a port: what a request's Host is compared with."""
    if len(text) > 253 or not _HOST_NAME.fullmatch(text):
        raise argparse.ArgumentTypeError(_("not a host name (such as feeds.example.org, or .example.org): {text!r}").format(text=text))
    return text


def listen_host(text: str) -> str:
    """A host for --host as the system can be asked for it: one that is no IDNA name (a lone surrogate of bytes that
    are no UTF-8, a bidi control, a label of 70 letters é) made socket raise TypeError, as a traceback."""
    try:
        text.encode("idna")
    except UnicodeError:
        raise argparse.ArgumentTypeError(_("not a host name or address (such as 127.0.0.1 or feeds.example.org): {text!r}").format(text=text)) from None
    return text


def run(args: argparse.Namespace) -> int:
    from feeds import FeedServer

    # A server may start before the first fetch (a service at boot, cron later): at a path named in a folder
    # that is there it waits for the library, which it serves from the moment something is stored in it.
    library: Library | Path
    try:
        library = command_library(args, samples=False, new=True)
    except (NotALibrary, UnwritableLibrary):
        # Another program's database, or a --db that names the wrong file: no repair makes it a library to serve. Or
        # one nothing can write: read for hours, a writer on another mount of it would be read torn (`export` reads it).
        raise
    except StorageError as error:
        # Damaged (or busy): served all the same, each request answered 503 with why, so that once the library is
        # repaired (check --repair, a backup put back) its feeds are there without a restart.
        library = where = expanded(args.db) if getattr(args, "db", None) else library_path()
        if where.is_dir():
            raise  # no library but a mistyped path: said and refused, as by every command
        note(_("warning: {reason}; every request is answered 503 until it can be read").format(reason=error))
    else:
        where = library.file  # what is served: the database, where a v1 library.json was named and moved into it
        if not library.exists:  # named as typed: a typo shows
            note(_("warning: {path}: no library there yet; its feeds are empty until `fetch` or `import` stores something there").format(path=shown_path(library.path)))
        library.close()  # opened to bring it up to date; the server reads it with connections of its own, read-only
    try:
        server = FeedServer(library, args.host, args.port, log=None if args.quiet else lambda line: tell(line), allowed_hosts=args.allow_host, limit=args.limit)
    except OSError as error:
        # Without what socket.create_server adds to the system's words (the address again, in English).
        reason = why(error).split(" (while attempting", 1)[0]
        fail(_("cannot listen on {host}:{port}: {reason}").format(host=args.host, port=args.port, reason=reason))
        return 1
    if not is_loopback_host(args.host):  # said once the server listens there: not before a bind that fails
        note(_("warning: serving on {host}, reachable from other machines; use --host 127.0.0.1 to keep it local").format(host=args.host))
    try:  # from the line that says Ctrl-C stops it on, Ctrl-C stops it: even before the server's loop runs
        note(_("serving {library} at {url}/ (feeds: {url}/feed.atom, {url}/feed.rss); Ctrl-C stops").format(library=shown_path(where), url=server.url))
        server.serve_forever()
    except KeyboardInterrupt:
        note(_("stopped"))
    finally:
        server.server_close()
    return 0
