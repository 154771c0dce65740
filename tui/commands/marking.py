"""`nieuws-tui mark read|unread|star|unstar ID...`"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from feeds import FOUND_AT_MOST, grouped, ngettext, shown_url
from feeds import gettext as _

from ..console import fail, note
from .common import command, command_library

if TYPE_CHECKING:
    from feeds import Entry

_CHANGES = {
    "read": {"read": True},
    "unread": {"read": False},
    "star": {"starred": True},
    "unstar": {"starred": False},
}


def register(subparsers: object) -> None:
    parser = command(
        subparsers, "mark", run,
        help=_("mark articles read, unread, starred or unstarred"),
        description=_("Change the state of articles. An id may be shortened to a unique prefix."),
    )  # fmt: skip
    parser.add_argument(
        "state", choices=tuple(_CHANGES), metavar="{" + ",".join(_CHANGES) + "}",  # its errors name it so, not `state`
        help=_("what to make of the articles: read, unread, starred (star) or no longer starred (unstar)"),
    )  # fmt: skip
    parser.add_argument("ids", nargs="+", metavar="ID", help=_("an article's id, as `list` shows it, or a start of it that no other id has (repeatable)"))


def run(args: argparse.Namespace) -> int:
    library = command_library(args, samples=False)
    change = _CHANGES[args.state]
    found: dict[str, Entry] = {}  # by id: an article given twice (by two prefixes) is one
    failed = 0
    for wanted in args.ids:
        matches = library.find(wanted)
        if len(matches) == 1:
            found[matches[0].id] = matches[0]
            continue
        failed += 1
        if not wanted.strip():  # said as ": no article has this id", the id itself unseen
            fail(_("an empty id names no article"))
            continue
        if not matches:
            reason = _("no article has this id")
        elif len(matches) >= FOUND_AT_MOST:  # (no more are looked for)
            reason = _("ambiguous: {count} or more articles start with it").format(count=grouped(FOUND_AT_MOST))
        else:
            reason = _("ambiguous: {count} articles start with it").format(count=grouped(len(matches)))
        fail(f"{shown_url(wanted)}: {reason}")
    # Those that are so already are not counted, as the app's M and U count them: counted before the change is made.
    changed = sum(any(getattr(entry, mark) != value for mark, value in change.items()) for entry in found.values())
    library.set_state(list(found), **change)
    if failed and changed:  # exit 1 alone read as if none were marked
        note(_marked_all_the_same(args.state, changed))
    return 1 if failed else 0


def _marked_all_the_same(state: str, count: int) -> str:
    """The marks made beside ids not found, in the interface's language (not the command's English word)."""
    if state == "read":
        done = ngettext("{count} article marked read all the same", "{count} articles marked read all the same", count)
    elif state == "unread":
        done = ngettext("{count} article marked unread all the same", "{count} articles marked unread all the same", count)
    elif state == "star":
        done = ngettext("{count} article starred all the same", "{count} articles starred all the same", count)
    else:
        done = ngettext("{count} article unstarred all the same", "{count} articles unstarred all the same", count)
    return done.format(count=grouped(count))
