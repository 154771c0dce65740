"""serve's record, for each library and address, of how it last served the library and of the date it gave out with
each answer: what lets a restarted server date an unchanged feed as the one before did (see feeds.out.site)."""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from feeds.errors import StorageError
from feeds.files import atomic_write, dump_json, read_json
from feeds.language import gettext as _
from feeds.paths import former_served_path, served_path

MAX_GIVEN = 1000  # paths whose dates a served record keeps, given out last: a library of tens of sections has a few feeds each
MAX_PATH = 1024  # characters of a path whose date is kept (a feed's path is ASCII: the server answers no other)
MAX_ADDRESSES = 8  # addresses of a library whose records are kept, served at last: `serve --port 0` takes a new one each time
MAX_RECORD = 2 * 1024 * 1024  # bytes of a served record that are read: one of MAX_GIVEN paths of MAX_PATH characters fits
_ETAG = re.compile(r'"[0-9a-f]{20}"')  # as FeedSite._respond makes them


@dataclass(slots=True)
class Served:
    """serve's record of how it last served a library at an address (paths.served_path): in which context (language,
    address, version, limit), answering from which second on (`since`), and the ETag and Last-Modified each path was last
    given out with (`given`).

    `since` is a later second than any date given out before, in another context, whose bodies were other ones: a
    client that asks by date alone gets the answers anew. Each address has a record of its own, for its clients ask
    it alone: two servers of one library at two addresses at once each keep theirs, and only a record lost (one of
    more than MAX_ADDRESSES) makes the next server at its address date its answers anew: more answers sent, never a
    304 for a body the client does not have. The record is read as hostile: what is damaged in it, or dated in the
    future, is taken for no record (`since`) or left out (a path's date)."""

    path: Path
    library: Path
    context: dict[str, str]
    since: datetime
    given: dict[str, tuple[str, datetime]]

    @classmethod
    def of(cls, library: Path, context: dict[str, str], warn: Callable[[str], None] | None = None) -> Served:
        """The record of the library whose database is at `library` served in `context`, else a new one, dated from the
        second after now, written for the next server."""
        path = served_path(library, context["address"])
        _carry_former(library, former_served_path(library))
        now = datetime.now(timezone.utc)
        record = _record_of(path)
        since = _moment(record.get("since"), now + timedelta(seconds=1)) if record.get("context") == context else None
        if since is not None:
            return cls(path, library, context, since, _given(record.get("given"), since, now))
        served = cls(path, library, context, now.replace(microsecond=0) + timedelta(seconds=1), {})
        try:
            served.write()
        except StorageError as error:
            if warn is not None:
                warn(_("{reason}: a client that asks by date alone may keep a feed served otherwise before").format(reason=error))
        _forget_the_oldest(path)
        return served

    def write(self) -> None:
        """Write the record over the one before, in one step (StorageError when it cannot be)."""
        given = [(path, kept) for path, kept in self.given.items() if len(path) <= MAX_PATH][-MAX_GIVEN:]
        # The library's name for whoever reads the record: a byte of it that is no UTF-8 (a lone surrogate, which
        # JSON text cannot hold) as the `\xff` its `ls` shows.
        library = os.fsencode(self.library).decode("utf-8", "backslashreplace")
        record = {"library": library, "context": self.context, "since": self.since.isoformat(), "given": {p: [etag, date.isoformat()] for p, (etag, date) in given}}
        atomic_write(self.path, dump_json(record))


def _carry_former(library: Path, former: Path) -> None:
    """Move the record of the library whose database is at `library` kept before one was kept for each address (one
    file beside the folder of its records now) to the place of the address it names: its clients were given dates by
    it, and get 304s for them still. One there already is the newer; damage, or no address, leaves nothing to move."""
    if not former.exists():
        return
    context = _record_of(former).get("context")
    address = context.get("address") if isinstance(context, dict) else None
    with contextlib.suppress(OSError):
        if isinstance(address, str) and not (moved := served_path(library, address)).exists():
            moved.parent.mkdir(parents=True, exist_ok=True)
            former.replace(moved)
        former.unlink(missing_ok=True)


def _forget_the_oldest(kept: Path) -> None:
    """Remove the records beside `kept` (its library's, at other addresses) but the MAX_ADDRESSES - 1 written last. One
    that cannot be removed stays; the server of one removed writes it anew with its next date given out, and a new
    one at its address dates its answers anew."""
    records = []
    for record in kept.parent.glob("*.json"):
        if record != kept:
            with contextlib.suppress(OSError):
                records.append((record.stat().st_mtime_ns, record))
    for _written, record in sorted(records, reverse=True)[MAX_ADDRESSES - 1 :]:
        with contextlib.suppress(OSError):
            record.unlink()


def _record_of(path: Path) -> dict[str, Any]:
    """The served record at `path` as JSON; empty when there is none, or it is no record (damage, another kind of file)."""
    try:
        record = read_json(path, MAX_RECORD)
    except StorageError:
        return {}
    return record if isinstance(record, dict) else {}


def _moment(value: object, latest: datetime) -> datetime | None:
    """A moment of a served record, at the latest `latest`; None for one that is not, or later: only damage made it."""
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
        moment = moment.astimezone(timezone.utc) if moment is not None and moment.tzinfo is not None else None
    except (ValueError, OverflowError):
        return None
    return moment if moment is not None and moment <= latest else None


def _given(value: object, since: datetime, now: datetime) -> dict[str, tuple[str, datetime]]:
    """The dates of a served record's paths that can have been given out: from `since` to now, with an ETag as FeedSite._respond makes them."""
    given: dict[str, tuple[str, datetime]] = {}
    for path, kept in list(value.items())[-MAX_GIVEN:] if isinstance(value, dict) else ():
        if isinstance(path, str) and len(path) <= MAX_PATH and isinstance(kept, list) and len(kept) == 2 and isinstance(kept[0], str) and _ETAG.fullmatch(kept[0]):
            date = _moment(kept[1], now)
            if date is not None and date >= since and date == date.replace(microsecond=0):
                given[path] = (kept[0], date)
    return given
