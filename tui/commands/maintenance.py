"""`nieuws-tui prune [--older-than DAYS] [--dry-run]` and `nieuws-tui check`: keeping a library in shape."""

from __future__ import annotations

import argparse
import sys

from feeds import config as sources_file
from feeds.config import SourcesError

from ..console import fail
from .fetch import _amount


def register(subparsers, db_option: argparse.ArgumentParser) -> None:
    prune = subparsers.add_parser(
        "prune",
        parents=[db_option],
        help="remove old articles (starred ones never; unread ones only if prune-unread is set)",
        description="Remove articles older than --older-than DAYS, else than keep-days in config.toml (per source "
        "or for all). Starred articles stay; unread ones stay unless config.toml says prune-unread = true. "
        "A pruned article that a source still lists does not come back. `fetch` prunes the same way when keep-days is set.",
    )
    prune.add_argument("--older-than", type=_amount, metavar="DAYS", help="prune what is older than this, whatever keep-days says")
    prune.add_argument("--dry-run", action="store_true", help="only say how many articles would go")
    prune.set_defaults(run=run_prune)

    check = subparsers.add_parser(
        "check",
        parents=[db_option],
        help="verify the library's files",
        description="Verify the article database (SQLite integrity, search index, article text) and the read/starred "
        "state files, and report state kept for articles no longer in the library. Exits 1 when something is damaged.",
    )
    check.set_defaults(run=run_check)


def run_prune(args: argparse.Namespace) -> int:
    from ..cli import open_library

    try:
        retention = sources_file.load_config().retention(args.older_than)
    except SourcesError as error:
        fail(str(error))
        return 2
    if not retention.active:
        fail(f"nothing says what is old: give --older-than DAYS, or set keep-days in {sources_file.config_path()}")
        return 2
    library = open_library(args, samples=False)
    count = library.prune(retention, dry_run=args.dry_run)
    kept = "starred kept" + ("" if retention.prune_unread else ", unread kept")
    print(f"{'would prune' if args.dry_run else 'pruned'} {count} articles ({kept})")
    return 0


def run_check(args: argparse.Namespace) -> int:
    from ..cli import open_library

    library = open_library(args, samples=False)
    report = library.check()
    for note in report.notes:
        print(note)
    for problem in report.problems:
        fail(problem)
    if not report.problems:
        print("no damage found", file=sys.stderr)
    return 1 if report.problems else 0
