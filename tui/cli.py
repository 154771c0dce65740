"""The `nieuws-tui` command: the app when run bare, scriptable subcommands otherwise."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from feeds.library import Library, default_library_path
from feeds.errors import StorageError

from .commands import COMMANDS
from .console import fail, note


class _Version(argparse.Action):
    """--version, looked up only when asked: reading package metadata costs a tenth of a second."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: object, option_string: str | None = None) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            release = version("nieuws-tui")
        except PackageNotFoundError:
            release = "unknown"
        parser.exit(message=f"{parser.prog} {release}\n")


def _parser() -> argparse.ArgumentParser:
    # --db is accepted before and after the subcommand; SUPPRESS keeps the later
    # one from resetting what the earlier one set.
    db_option = argparse.ArgumentParser(add_help=False)
    db_option.add_argument(
        "--db",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="PATH",
        help="the library (default: $NIEUWS_TUI_DB, else ~/.local/share/nieuws-tui/library.sqlite; a v1 library.json is migrated)",
    )
    parser = argparse.ArgumentParser(
        prog="nieuws-tui",
        parents=[db_option],
        description="A terminal news reader for Dutch news. Without a command it opens the reader app.",
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.register(subparsers, db_option)
    return parser


def open_library(args: argparse.Namespace, *, samples: bool, announce: Callable[[str], None] = note) -> Library:
    """The library the command works on; a new one gets the sample pages when `samples`."""
    library = Library(getattr(args, "db", None) or default_library_path())
    if samples and not library.exists:
        from feeds.samples import import_samples_if_new

        report = import_samples_if_new(library)
        if report is not None:
            announce(f"new library at {library.path}: imported {report.new} sample articles from the bundled pages")
    return library


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command is None:
            from .app import run_app

            greetings: list[str] = []  # said inside the app: its screen would hide standard error
            return run_app(open_library(args, samples=True, announce=greetings.append), greetings)
        return args.run(args)
    except StorageError as error:
        fail(str(error))
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `nieuws-tui list | head`: the reader left; say nothing more.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
