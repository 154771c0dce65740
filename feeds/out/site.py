"""What the server answers at each path: the library's feeds, rendered, dated and cached until it changes.

Read-only: the server only ever reads the library, and notices what other
processes stored by looking at the library's files before each answer. A
rendered feed is kept until the library changes, so a conditional request
for an unchanged feed (304) costs a few file stats and a lookup.

The validators of an answer follow its body: the ETag is its hash, and its
Last-Modified the second its body was first given out, as the library dates
its changes (Library.changed): when the articles change, an answer whose body
comes out the same keeps its date, and one that changed (a feed with a new,
rewritten, refiled or pruned article, the OPML with a new section) is dated
the library's change. The dates in a feed cannot say when it last changed,
since a pruned article, one filed under another section or one written again
leaves its newest date as it was. A feed is made as of the library's date too
(what it says of an empty library, or of an article dated in the future), so
that the same library gives the same body; the OPML is not dated at all.

What the library does not hold changes a body too: the language, the address
the server is at, this program's version, how many articles a feed carries. The first answers of a server that
serves a library otherwise than the one before at its address did are dated
from the second after it starts (Served, recorded in the user state folder for
each address), later than any date given out before; a server that serves it
as the one before did dates an unchanged library as that one did, and each path
by the date it was last given out with, recorded with its ETag as it is given
out: a restart downloads no feed anew. A record dated in the future is damage,
and is taken for none: by it, no answer would be dated by a second that has
come, and none get a 304 by its date.

A date is given out only once it has come: a change dated ahead of the clock
(changes one on the other in a second, a clock set back, a server just
started) is dated now until then, and an If-Modified-Since gets a 304 only for
the very date of the answer as it is. The library dates each change in a
second of its own, so that date was never given out with another body; a
change in the second the answers of a new server are dated by is dated by
the second after it (_dated). An answer made while another process changed
the library may hold either: it keeps the date it was made as of, which the
change is dated after, gets no 304 by it and is not kept.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from html import escape
from pathlib import Path
from urllib.parse import quote

from feeds import __version__
from feeds.clean import shown_path
from feeds.errors import DamagedFile, StorageError
from feeds.files import Signature, file_signature
from feeds.language import gettext as _
from feeds.language import language
from feeds.library import Library, NotMovedYet, Selection
from feeds.opml import Outline, write_opml
from feeds.out.export import SERVED_ARTICLES, FeedInfo, Format, build_feed, feed_path, feed_title
from feeds.out.served import Served
from feeds.store.layout import LibraryFiles

# zlib's default, as web servers use: on a 10 MB feed 30% quicker than gzip's 9 for 4% more bytes,
# and the first request after a change waits for it.
GZIP_LEVEL = 6
CONTENT_TYPES = {
    "atom": "application/atom+xml; charset=utf-8",
    "rss": "application/rss+xml; charset=utf-8",
    "opml": "text/x-opml; charset=utf-8",
    "html": "text/html; charset=utf-8",
}

# The library as an answer was made from: its version (Library.version), and its database file as it was on disk.
Version = tuple[tuple[int, tuple[object, ...]], Signature]


@dataclass(frozen=True, slots=True)
class Response:
    body: bytes
    content_type: str
    etag: str
    last_modified: datetime  # to the second, as HTTP says it
    gzipped: bytes
    # Whether last_modified is a date given out with this body alone; not while the date of the library's
    # change is still to come, nor when the library changed while the body was made: then it is the moment
    # the body was made, and says nothing of which body a client has.
    settled: bool


class FeedSite:
    """What each path answers, rendered from the library as it is now, and cached until it changes."""

    def __init__(self, library: Library | Path, base_url: str, warn: Callable[[str], None] | None = None, limit: int = SERVED_ARTICLES) -> None:
        """`library`: the library served, or the path of one that cannot be opened now (damaged, busy): it is opened
        by the first answer that can, and each answer before it is the StorageError that says why not. The site
        reads it with a library of its own, opened read-only (Library's `read_only`)."""
        self._library: Library | None = None
        self.files = LibraryFiles.for_path(library.path if isinstance(library, Library) else library)
        self.base_url = base_url.rstrip("/")
        self.warn = warn
        self.limit = limit  # articles in a feed, the newest
        self._lock = threading.Lock()  # the Library is not thread-safe
        self._version: Version | None = None
        self._read: Signature = None  # the database file as the library's connections last read it, whole
        self._changed: datetime | None = None  # of the library at _version
        self._settled: bool | None = None  # whether the answers in the cache are dated _changed
        self._cache: dict[str, Response] = {}
        self._existed = self.files.database.exists()
        context = {"language": language(), "address": self.base_url, "version": __version__, "limit": str(limit)}
        self._served = Served.of(self.files.database, context, warn)
        self._since = self._served.since
        # The ETag and Last-Modified each path was last given out with, settled: a body that comes out the same keeps its date.
        self._given = self._served.given
        self._warned = False  # that the record of the dates given cannot be written
        self._unmoved: tuple[tuple[tuple[Path, Signature], ...], StorageError] | None = None  # a v1 library's files, why not opened

    def open_library(self) -> Library:
        """The library served; opened now when it is not open (StorageError while it cannot be), and the file's
        signature recorded as it is opened.

        A v1 library not moved yet is read whole to say why it cannot be opened (its damage, or that serve started
        again moves it): that is said again, without reading it, until its files change."""
        if self._library is None:
            self._read = file_signature(self.files.database)  # as opened: what a change of the file is a change from
            v1 = self.files.v1_signature() if self._read is None and self.files.v1_present else None
            if v1 is not None and self._unmoved is not None and self._unmoved[0] == v1:
                raise self._unmoved[1].with_traceback(None)  # not the tracebacks of every answer before, added up
            try:
                self._library = Library(self.files.database, read_only=True)
            except StorageError as error:
                # Only what the files hold is kept: a file that could not be read (permissions, the disk) is no damage
                # (migrate), and may read at the next answer, its signature the same (a chmod changes none of it).
                self._unmoved = (v1, error) if v1 is not None and isinstance(error, (DamagedFile, NotMovedYet)) else None
                raise
        return self._library

    def answer(self, path: str) -> Response | None:
        """The response for a path, or None when there is nothing there. StorageError when the library
        cannot be read, or is gone: a library that is no longer there reads as one without articles."""
        with self._lock:
            if self.files.database.exists():
                self._existed = True  # from then on, as when it was there at the start: one deleted is missing
            elif self._existed:
                raise StorageError(_("{path}: missing: deleted or moved while it was served").format(path=shown_path(self.files.database)))
            on_disk = file_signature(self.files.database)  # before the reads: a write during them is one still to read
            if on_disk != self._read and self._library is not None:
                # SQLite keeps the pages a connection read for as long as the library's log says nothing was written:
                # a file written otherwise (damaged, put back from a backup) would be answered from them, not read.
                # Opened again, not only read again: a file put back is checked as every opening checks one (its format).
                self._library.close()
                self._library = None
            library = self.open_library()
            version = (library.version(), on_disk)  # anything another process stored or marked counts
            if version != self._version:
                self._version = version
                # Read before the answers are made: a change that comes in between is in the one answer made
                # then, which is seen and gets no 304 by its date (_kept), and the next answer sees another version.
                self._changed = library.changed()
                self._cache.clear()
            now = datetime.now(timezone.utc)
            dated = _dated(self._changed, self._since) if self._changed else None
            settled = dated is not None and dated.replace(microsecond=0) <= now
            if settled != self._settled:
                self._settled = settled
                self._cache.clear()
            response = self._cache.get(path)
            if response is None:
                as_of = (dated if settled and dated else now).replace(microsecond=0)
                response = self._render(path, as_of, settled)
                if response is not None:
                    response = self._kept(path, response, version)
            # Only once read: a damaged file stays written since, to be read (and said) again at each answer, as marks are.
            self._read = on_disk
            return response

    def _kept(self, path: str, response: Response, version: Version) -> Response:
        """`response`, just made at `path` from the library at `version`, as it is given out: with the date its body
        was first given out with; kept in the cache, unless a change came in while it was made."""
        if (self.open_library().version(), file_signature(self.files.database)) != version:
            # Its body may be of the library after the change, and the date of the one before could then come
            # with two bodies: that of this answer, and that of one made before the change. It keeps the date it
            # was made as of, which the change is dated after (note_change), and gets no 304 by it; not the
            # moment it was made, which may be the second the change is dated by, later given with the body after it.
            return dataclasses.replace(response, settled=False)
        if response.settled:
            given = self._given.pop(path, None)  # put back last: the record keeps the paths given out last
            etag, date = given or (response.etag, response.last_modified)
            if etag == response.etag and date != response.last_modified:
                response = dataclasses.replace(response, last_modified=date)
            self._given[path] = (response.etag, response.last_modified)
            if self._given[path] != given:
                self._record_given()
        self._cache[path] = response
        return response

    def _record_given(self) -> None:
        try:
            self._served.write()
        except StorageError as error:
            if self.warn is not None and not self._warned:
                self._warned = True
                self.warn(_("{reason}: a restarted server may date feeds anew, and clients download them again").format(reason=error))

    def _sections(self) -> dict[str, tuple[str, str]]:
        """Each section, and its slug, by the path of its feed."""
        return {feed_path(slug): (name, slug) for name, slug in self.open_library().section_slugs().items()}

    def _render(self, path: str, as_of: datetime, settled: bool) -> Response | None:
        """The answer at `path`, made and dated `as_of` (`settled`: the library's date)."""
        if path == "/":
            return self._respond(self._index_page(), "html", as_of, settled)
        if path == "/opml":
            return self._respond(self._opml(), "opml", as_of, settled)
        for fmt in ("atom", "rss"):
            if path == f"/feed.{fmt}":
                return self._feed(fmt, None, path, as_of, settled)
            if path.startswith("/sections/") and path.endswith(f".{fmt}"):
                section = self._sections().get(path[: -len(fmt) - 1])
                return self._feed(fmt, section, path, as_of, settled) if section else None
        return None

    def _feed(self, fmt: Format, section: tuple[str, str] | None, path: str, as_of: datetime, settled: bool) -> Response:
        """The feed of the whole library, or of a `section` (its name and slug, found once for the answer)."""
        name, slug = section or (None, None)
        library = self.open_library()
        entries = library.select(Selection((name,) if name else None, limit=self.limit), text=True)
        info = FeedInfo.for_library(library, self.base_url + path, name, slug, self.base_url + "/")
        return self._respond(build_feed(entries, fmt, info, now=as_of, warn=self.warn), fmt, as_of, settled)

    def _respond(self, body: bytes, kind: str, as_of: datetime, settled: bool) -> Response:
        return Response(
            body=body,
            content_type=CONTENT_TYPES[kind],
            etag='"' + hashlib.sha1(body).hexdigest()[:20] + '"',
            last_modified=as_of,
            gzipped=gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0),
            settled=settled,
        )

    def _feeds(self) -> list[tuple[str, str, str]]:
        """(title, path, section) of every feed, the whole library first."""
        feeds = [(_("All news"), "/feed", "")]
        feeds += [(name, path, name) for path, (name, _slug) in sorted(self._sections().items())]
        return feeds

    def _opml(self) -> bytes:
        outlines = [Outline(feed_title(section or None), f"{self.base_url}{path}.atom", self.base_url + "/", section or None) for _title, path, section in self._feeds()]
        return write_opml("nieuws-tui", outlines, dated=False)

    def _index_page(self) -> bytes:
        rows = "\n".join(
            f'<li>{escape(title)}: <a href="{quote(path)}.atom">Atom</a> · <a href="{quote(path)}.rss">RSS</a></li>'
            for title, path, _section in self._feeds()
        )
        heading = escape(_("nieuws-tui feeds"))
        # Our own catalog's markup: the link to /opml sits inside the sentence in either language.
        invitation = _('Subscribe in your RSS reader to any of these, or import <a href="/opml">all of them as OPML</a>.')
        return f"""<!DOCTYPE html>
<html lang="{language()}"><head><meta charset="utf-8"><title>{heading}</title>
<link rel="alternate" type="application/atom+xml" title="nieuws-tui" href="/feed.atom">
<link rel="alternate" type="application/rss+xml" title="nieuws-tui" href="/feed.rss">
</head><body><h1>{heading}</h1>
<p>{invitation}</p>
<ul>
{rows}
</ul></body></html>
""".encode()


def _dated(changed: datetime, since: datetime) -> datetime:
    """The date of the answers about a library last changed at `changed`, served from the second `since` on: the later
    of the two; but a change in that very second, made after answers dated by it may have been given out, is dated by
    the second after it, as the library dates a change after one in the second of the one before (note_change)."""
    return since + timedelta(seconds=1) if changed.replace(microsecond=0) == since else max(changed, since)
