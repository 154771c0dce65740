"""Files and folders → the library. The I/O edge of the parser."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

from feeds.config import MAX_BYTES, over_the_cap
from feeds.errors import UnreadableDocument, why
from feeds.files import FileTooLarge, NotAFile, read_file
from feeds.language import gettext as _
from feeds.library import AddResult, Library
from feeds.model import AMSTERDAM, Article
from feeds.pages.page import Page, read_document
from feeds.pages.sniff import FEED_SUFFIXES, HTML_SUFFIXES, is_opml
from feeds.pages.syndication import left_out_note

DOCUMENT_SUFFIXES = (".txt", *HTML_SUFFIXES, *FEED_SUFFIXES)  # what a folder is searched for
BATCH_PAGES = 500  # pages handed to the library at a time, so a big import holds few in memory


class PageError(Exception):
    """A page that cannot be imported; the message is one line naming the reason."""


@dataclass(slots=True)
class ImportReport:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    pages: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # imported all the same, but worth saying

    def count(self, result: AddResult) -> None:
        self.new += result.new
        self.updated += result.updated
        self.unchanged += result.unchanged


def find_pages(path: Path, failed: list[tuple[str, str]]) -> Iterator[Path]:
    """The page file named, or those in the folder named (recursively, sorted)."""
    kind = _kind(path, failed)
    if kind == "folder":
        yield from _walk(path, failed, set())
    elif kind == "file":
        yield path  # a file named explicitly is read whatever its suffix
    elif kind == "missing":
        failed.append((str(path), _("no such file or folder")))


def _kind(path: Path, failed: list[tuple[str, str]]) -> Literal["folder", "file", "missing"] | None:
    """What is at `path` ("file": anything but a folder); None, with the reason in `failed`, when the folder
    it is in may not be looked into (Path.is_dir raises for that, and took every other file with it)."""
    try:
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return "missing" if not path.is_symlink() else "file"  # a dangling link: reading it says what is wrong
    except OSError as error:
        failed.append((str(path), _("cannot read ({reason})").format(reason=why(error))))
        return None
    return "folder" if stat.S_ISDIR(mode) else "file"


def _walk(folder: Path, failed: list[tuple[str, str]], seen: set[tuple[int, int]]) -> Iterator[Path]:
    try:
        info = folder.stat()
        names = sorted(os.listdir(folder))
    except OSError as error:
        failed.append((str(folder), _("cannot read folder ({reason})").format(reason=why(error))))
        return
    if (info.st_dev, info.st_ino) in seen:
        return  # a link back to a folder on the way here: walking it again would never end
    seen.add((info.st_dev, info.st_ino))
    for name in names:
        path = folder / name
        kind = _kind(path, failed)
        if kind == "folder":
            yield from _walk(path, failed, seen)
        elif kind in ("file", "missing") and name.lower().endswith(DOCUMENT_SUFFIXES):  # (gone since listed: reading it says so)
            yield path


def page_articles(path: Path, captured: datetime | None = None) -> tuple[list[Article], datetime]:
    """The articles of one page or feed file, and the capture time they were read against
    (`captured`, else the file's modification time)."""
    page = read_page_file(path, captured)
    return page.articles, page.captured


def read_page_file(path: Path, captured: datetime | None = None, max_bytes: int = MAX_BYTES) -> Page:
    """One page or feed file of at most `max_bytes` (the size cap fetch reads under: a feed saved from
    the web reads as it would have been fetched), read (see page_articles). PageError with the reason when it cannot be."""
    try:
        raw, modified = read_file(path, max_bytes)
    except FileTooLarge as error:  # said as a response over the cap is, with the same remedy
        raise PageError(_("too large: {detail}").format(detail=over_the_cap(error.size, error.limit))) from None
    except NotAFile as error:
        raise PageError(str(error)) from None
    except FileNotFoundError:
        raise PageError(_("file vanished before it could be read")) from None
    except IsADirectoryError:
        raise PageError(_("is a folder")) from None
    except OSError as error:
        raise PageError(_("cannot read ({reason})").format(reason=why(error))) from None
    if not raw.strip():
        raise PageError(_("empty file"))
    try:
        page = read_document(raw, captured or datetime.fromtimestamp(modified, AMSTERDAM), name=path.name)
    except UnreadableDocument as error:
        if is_opml(raw):
            raise PageError(_("a list of feeds (OPML): add them with `nieuws-tui sources import-opml {file}`").format(file=path)) from None
        raise PageError(str(error)) from None
    return page


def _stored_name(path: Path) -> str | None:
    """A file's name as the library can store it (text); None when it is no UTF-8."""
    name = str(path.resolve())
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # bytes that are no UTF-8 in the name: the library stores text only
        return None
    return name


def _remembered_as(path: Path, report: ImportReport) -> str | None:
    """How the library remembers a path for `r` to import again; None for a name it cannot store."""
    name = _stored_name(path)
    if name is None:
        report.notes.append(_("{path}: imported, but not re-imported by r: its name is not UTF-8").format(path=path))
    return name


def import_paths(
    library: Library,
    paths: Iterable[Path],
    captured: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
    max_bytes: int = MAX_BYTES,
) -> ImportReport:
    """Import page files and folders in one transaction; failed files are reported, the good ones stored.

    A path given is remembered for re-importing once a page under it was imported:
    one that failed is not tried again on every refresh.
    """
    report = ImportReport()
    files = [(root, page) for root in map(Path, paths) for page in find_pages(root, report.failed)]
    if not files:
        return report
    remembered: dict[Path, str | None] = {}
    with library.writing() as writer:
        batch: list[tuple[Article, datetime]] = []
        for number, (root, path) in enumerate(files, 1):
            try:
                page = read_page_file(path, captured, max_bytes)
            except PageError as error:
                report.failed.append((str(path), str(error)))
            else:
                report.pages += 1
                source = _stored_name(path)
                batch.extend((article.with_changes(source=source), page.captured) for article in page.articles)
                if page.left_out:
                    report.notes.append(left_out_note(str(path), page.left_out))
                if root not in remembered:
                    remembered[root] = _remembered_as(root, report)
            if progress:
                progress(number, len(files))
            if number % BATCH_PAGES == 0 and batch:
                report.count(writer.add(batch))
                batch = []
        report.count(writer.add(batch))
        writer.note_imports(_names(remembered))
    return report


def _names(remembered: dict[Path, str | None]) -> list[str]:
    return [name for name in remembered.values() if name is not None]
