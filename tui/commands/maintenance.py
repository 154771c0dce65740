"""`nieuws-tui prune [--older-than DAYS] [--dry-run]` and `nieuws-tui check`: keeping a library in shape."""

from __future__ import annotations

import argparse

from feeds import LibraryBusy, StorageError, UnwritableLibrary, config_path, grouped, ngettext, repair_derived, repair_marks, repair_v1
from feeds import gettext as _

from ..console import fail, note, say, tell
from .common import amount, command, command_library, read_config


def register(subparsers: object) -> None:
    prune = command(
        subparsers, "prune", run_prune,
        help=_("remove old articles (starred ones never; unread ones only if prune-unread is set)"),
        description=_("Remove articles older than --older-than DAYS, else than keep-days in config.toml (per source "
        "or for all). Starred articles stay; unread ones stay unless config.toml says prune-unread = true. "
        "A pruned article that a source still lists does not come back. `fetch` prunes the same way when keep-days is set."),
    )  # fmt: skip
    prune.add_argument("--older-than", type=amount("older-than"), metavar=_("DAYS"), help=_("prune what is older than this, whatever keep-days says"))
    prune.add_argument("--dry-run", action="store_true", help=_("only say how many articles would go"))
    check = command(
        subparsers, "check", run_check,
        help=_("verify the library's files"),
        description=_("Verify the article database (SQLite integrity, search index, article text) and the read/starred "
        "state files, and report state kept for articles no longer in the library. Exits 1 when something is damaged."),
    )  # fmt: skip
    check.add_argument(
        "--repair", action="store_true",
        help=_("first let a library whose read/starred marks files are lost or damaged open again: damaged ones are "
               "moved aside (…damaged) and the marks in them are lost, the articles are not touched; a v1 library with "
               "damaged files is migrated without what they held, its files kept in its backup; a damaged search index "
               "or validators table is made anew"),
    )  # fmt: skip


def run_prune(args: argparse.Namespace) -> int:
    config = read_config(or_empty=args.older_than is not None)  # --older-than given: config.toml's settings only
    retention = config.retention(args.older_than)
    if not retention.active:
        if 0 in (config.keep_days, *(source.keep_days for source in config.sources)):  # as asked: a nightly `prune` succeeds
            note(_("keep-days = 0 in {config} keeps all: nothing pruned (give --older-than DAYS to prune)").format(config=config_path()))
            return 0
        fail(_("nothing says what is old: give --older-than DAYS, or set keep-days in {config}").format(config=config_path()))
        return 2
    library = command_library(args, samples=False, reads=args.dry_run)  # a dry run only counts: read as `list` reads
    space_kept: list[str] = []
    count = library.prune(retention, dry_run=args.dry_run, space_kept=space_kept.append)
    if args.dry_run:
        done = ngettext("would prune {count} article", "would prune {count} articles", count)
    else:
        done = ngettext("pruned {count} article", "pruned {count} articles", count)
    kept = _("starred kept") if retention.prune_unread else _("starred and unread kept")
    say(f"{done.format(count=grouped(count))} ({kept})")
    for line in space_kept:  # after what was pruned, which it is about
        note(_("warning: {message}").format(message=line))
    return 0


def run_check(args: argparse.Namespace) -> int:
    try:
        left_out, repaired, made_anew = [], [], []
        if args.repair:  # each step's lines said as soon as it is done: a later one may fail
            db = getattr(args, "db", None)
            left_out = _said(repair_v1(db, note))
            repaired = _said(repair_marks(db))
            made_anew = _said(repair_derived(db))
        # Without --repair it only reads, once: a backup on a read-only disk is checked as `list` reads it.
        library = command_library(args, samples=False, reads=not args.repair)
    except (LibraryBusy, UnwritableLibrary):
        raise  # another process writing, or a library nothing can write, is no damage: said as every command says it, exit 2
    except StorageError as error:  # damaged past opening: that is all there is to tell, and it is damage
        fail(str(error))
        return 1
    report = library.check()
    for line in report.notes:
        say(line)
    for problem in report.problems:
        fail(problem)
    if repaired and not (left_out or made_anew or report.problems):
        done = ngettext(
            "repaired the read and starred marks ({count} change, said above); no damage left",
            "repaired the read and starred marks ({count} changes, said above); no damage left",
            len(repaired),
        )
        tell(done.format(count=grouped(len(repaired))))
    elif (left_out or repaired or made_anew) and not report.problems:
        changes = len(left_out) + len(repaired) + len(made_anew)
        done = ngettext("repaired the library ({count} change, said above); no damage left", "repaired the library ({count} changes, said above); no damage left", changes)
        tell(done.format(count=grouped(changes)))
    elif not report.problems:
        tell(_("no damage found"))
    return 1 if report.problems else 0


def _said(lines: list[str]) -> list[str]:
    for line in lines:
        say(line)
    return lines
