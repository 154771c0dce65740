"""The app's one interface to the engine: what to show, and every change, in order, off the UI thread.

Widgets ask this view for entries, counts and article text; they never see
the Library or its files. Every change is made by the Library on one engine
thread, in the order the keys were pressed, so a mark is on disk a few
milliseconds after the key and two changes never race; the reader's state
lives in the Library alone, and the screen shows it once the change is made.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import operator
import queue
import threading
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import compress, islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, overload

from feeds import (
    AMSTERDAM,
    N_,
    OTHER_SECTION,
    Article,
    Entry,
    Library,
    NieuwsError,
    StorageError,
    count_sections,
    load_config,
    settings_for,
    slugify,
    source_labels,
)
from feeds import gettext as _

if TYPE_CHECKING:
    from feeds import Config, FetchReport, FetchRun, Format, ImportReport, Progress, Retention, Settings, Source, SourceLabel, SourceResult

# Shelves are known by names that do not depend on the language: the app remembers the shelf it was
# on, and must find it again in any language. `Shelf.shown` is what the sidebar says.
ALL = N_("All")
STARRED = N_("Starred")
UNSECTIONED = ""  # articles whose page named no section
NO_SOURCE = ""  # articles stored before sources were recorded
Mark = Literal["read", "starred"]
MARKS: tuple[Mark, ...] = ("read", "starred")  # in the order an entry's flags are taken, (read, starred)
SCREENFUL = 200  # entries read before the first screen: more rows than any terminal shows
SHORT_QUERY = 3  # shorter searches look in titles only: in running text they match nearly everything
LONGEST_STEM = 60  # characters of a shelf's name in the file name offered for its export


@dataclass(frozen=True, slots=True)
class RefreshPlan:
    """What `r` fetches and imports, and how."""

    sources: list[Source]
    paths: list[Path]
    settings: Settings
    retention: Retention


@dataclass(frozen=True, slots=True)
class Shelf:
    """A choice in the sections list: All, Starred, or one section (or source)."""

    name: str
    unread: int
    total: int
    by_source: bool = False  # a source, not a section
    label: str = ""  # a source's name in the sidebar: source_labels tells it apart from the others
    tail: str = ""  # the end of `label` that does (SourceLabel.tail): kept where the sidebar cuts the name to fit
    counted: bool = True  # False: the counts are of the first screenful only, the library's are being counted
    unknown: bool = False  # the library could not be read whole: its counts will not come

    @property
    def shown(self) -> str:
        """How the sidebar names it, in the interface's language."""
        if self.name in (ALL, STARRED):
            return _(self.name)  # the messages "All" and "Starred"
        if self.by_source:
            return self.label if self.name != NO_SOURCE else _("Unknown source")
        return self.name if self.name != UNSECTIONED else _(OTHER_SECTION)


@dataclass(frozen=True, slots=True)
class View:
    """What the article list shows; `by_source`: the shelves are sources, not sections."""

    shelf: str = ALL
    unread_only: bool = False
    query: str = ""
    by_source: bool = False


def section_of(entry: Entry) -> str:
    return entry.article.section or UNSECTIONED


def source_of(entry: Entry) -> str:
    return entry.article.source or NO_SOURCE


class EntriesAt(Sequence[Entry]):
    """The entries at some positions of a list, in their order, read when asked for: a search that finds
    85,000 articles is shown without copying them out (the list reads the few rows on screen)."""

    __slots__ = ("_entries", "_positions")

    def __init__(self, entries: list[Entry], positions: Sequence[int]) -> None:
        self._entries, self._positions = entries, positions

    def __len__(self) -> int:
        return len(self._positions)

    @overload
    def __getitem__(self, at: int) -> Entry: ...
    @overload
    def __getitem__(self, at: slice) -> list[Entry]: ...
    def __getitem__(self, at: int | slice) -> Entry | list[Entry]:
        if isinstance(at, slice):
            return [self._entries[p] for p in self._positions[at]]
        return self._entries[self._positions[at]]

    def __iter__(self) -> Iterator[Entry]:
        return map(self._entries.__getitem__, self._positions)

    def __reversed__(self) -> Iterator[Entry]:
        return map(self._entries.__getitem__, reversed(self._positions))


_READ = operator.attrgetter("read")


def unread_position(entries: Sequence[Entry], start: int, step: int) -> int | None:
    """Where the first unread entry is from `start` on, forwards (step 1) or backwards (-1). At C speed:
    `n` and `p` pass over tens of thousands of read articles, on the UI thread."""
    if not 0 <= start < len(entries):
        return None
    if step > 0:
        order, walk = range(start, len(entries)), islice(iter(entries), start, None)
    else:
        order, walk = range(start, -1, -1), islice(reversed(entries), len(entries) - 1 - start, None)
    return next(compress(order, map(operator.not_, map(_READ, walk))), None)


@dataclass(frozen=True, slots=True)
class Listing:
    """What the article list shows of a view: its entries, and what the list's columns need to know of them."""

    entries: Sequence[Entry]
    widest_place: int  # characters of the longest dateline place among them
    teasers: bool  # any of them is a teaser
    index: _Index  # where they come from
    positions: Sequence[int]  # where they are in it, in ascending order

    def position(self, entry: Entry) -> int | None:
        """Where an article is in the listing, if it is there; found by its key at C speed, without reading any entry."""
        key, keys, positions = int(entry.id, 16), self.index.keys, self.positions
        try:
            if 3 * len(positions) < len(keys):  # a few: their own keys, looked through
                return operator.indexOf(map(keys.__getitem__, positions), key)
            at = keys.index(key)  # many: its place among all the keys, then among theirs
        except ValueError:
            return None
        found = bisect_left(positions, at)
        return found if found < len(positions) and positions[found] == at else None

    def place_for(self, entry: Entry) -> int | None:
        """Where the cursor that was on `entry` goes: to it, or, when this listing leaves it out (read, in
        unread-only), to the article after it, as it was the next one down; None when the library no
        longer has it."""
        found = self.position(entry)
        if found is not None or not self.positions:
            return found
        try:
            at = self.index.keys.index(int(entry.id, 16))
        except ValueError:
            return None
        return min(bisect_left(self.positions, at), len(self.positions) - 1)


class _Index:
    """What views and searches read of every entry, in list order; made once per list of entries, on the
    engine thread. A view is a list of positions in it: a keystroke that finds 40,000 articles then never
    reads them one by one (touching that many entries costs more than the search itself)."""

    __slots__ = ("entries", "keys", "titles", "places", "teasers", "_shelves")

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self.keys = [int(e.id, 16) for e in entries]  # the search index's form of the ids
        self.titles = [e.article.title.casefold() for e in entries]  # what a short search looks in
        self.places = bytes(min(len(e.article.place or ""), 255) for e in entries)
        self.teasers = bytes(e.article.is_teaser for e in entries)
        self._shelves: dict[tuple[bool, str], list[int]] = {}  # (by source, name) → positions

    def shelf(self, name: str, by_source: bool) -> list[int]:
        """The positions of a section's (or a source's) entries: looked for once, when first shown
        (20 ms at 100,000), so that going back to a section takes no time."""
        found = self._shelves.get((by_source, name))
        if found is None:
            shelf_of = source_of if by_source else section_of
            found = self._shelves[(by_source, name)] = [p for p, entry in enumerate(self.entries) if shelf_of(entry) == name]
        return found

    def listing(self, positions: Sequence[int]) -> Listing:
        """The entries at these positions (in ascending order), and their columns at C speed: one getter of
        them all, applied to each column (half the time of a map; it matters at a keystroke that finds 85,000)."""
        if len(positions) == len(self.entries):  # all of them
            return Listing(self.entries, max(self.places, default=0), any(self.teasers), self, positions)
        entries = EntriesAt(self.entries, positions)
        if len(positions) < 2:  # a getter of one item gives that item, not a tuple of it
            return Listing(entries, max((self.places[p] for p in positions), default=0), any(self.teasers[p] for p in positions), self, positions)
        at = operator.itemgetter(*positions)
        return Listing(entries, max(at(self.places)), any(at(self.teasers)), self, positions)


@dataclass(frozen=True, slots=True)
class _Search:
    """The last search, for the next keystroke to look among its result."""

    among: tuple[_Index, int, str, bool, bool, bool]  # what it searched: entries, index state, shelf, unread only, by source, short
    query: str
    positions: list[int]  # what it found, in the index
    listing: Listing


class InFlight:
    """How many jobs are submitted and not yet done, their outcomes shown, on one or more threads. A job's
    outcome is shown on the app's thread, which may submit another job there (a text read, once an engine
    result is shown): counted before the job that led to it ends, so that the count is 0 only when all are done."""

    def __init__(self) -> None:
        self._count = 0
        self._changed = threading.Condition()
        self.released = False  # every wait ends, done or not (release)

    @property
    def count(self) -> int:
        return self._count

    def started(self) -> None:
        with self._changed:
            self._count += 1

    def ended(self) -> None:
        with self._changed:
            self._count -= 1
            if not self._count:
                self._changed.notify_all()

    def wait(self, timeout: float | None = 60) -> None:
        """Until none is in flight, or they are let go of; TimeoutError after `timeout` seconds (None: no end),
        so that a test that goes wrong fails, rather than hanging the suite."""
        with self._changed:
            if not self._changed.wait_for(lambda: not self._count or self.released, timeout):
                raise TimeoutError(f"{self._count} jobs still in flight after {timeout} s")

    def release(self) -> None:
        """End every wait now, and every one after, however many are still in flight."""
        with self._changed:
            self.released = True
            self._changed.notify_all()


class EngineThread:
    """Runs library calls one after another on a thread of their own.

    `done` and `failed` show a job's outcome on screen. Once the app is closing they are
    skipped: the screen they would update is going away, and the jobs still queued are
    changes the reader made, which must be written whatever became of the screen. Jobs
    submitted after that are not taken: nothing would run them, and counted in flight they
    would leave `drain` waiting for ever; a change among them stays `unsaved`, for its loss to
    be said. An outcome that cannot be shown otherwise goes to
    `outcome_lost`, so that the screen does not go on showing what was before without a word.

    The reader's changes are counted apart (`unsaved`): `stop` waits a bounded time for the
    thread, and one job ahead of them may take longer (a refresh storing a big feed, an export
    to a slow disk), while the changes must be written or their loss said (`wait_saved`)."""

    def __init__(self, outcome_lost: Callable[[Exception], None] | None = None, name: str = "nieuws-tui-engine", in_flight: InFlight | None = None) -> None:
        self._outcome_lost = outcome_lost
        self._in_flight = in_flight or InFlight()
        self._jobs: queue.SimpleQueue[tuple[Callable[[], Any], Callable[[Any], None] | None, Callable[[Exception], None] | None, bool] | None] = queue.SimpleQueue()
        self.unsaved = InFlight()  # the reader's changes submitted and not yet written
        self._closing = threading.Event()
        self._taking = threading.Lock()  # a job is either queued before the end of the queue, or not taken at all
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def submit(
        self, job: Callable[[], Any], done: Callable[[Any], None] | None = None, failed: Callable[[Exception], None] | None = None, *, change: bool = False
    ) -> None:
        """Queue `job`; `change`: it writes the reader's change (a mark), which is counted until written."""
        with self._taking:
            if self._closing.is_set():
                if change:  # a key that waited for a listing, acting as the app goes: never written, and said so
                    self.unsaved.started()
                return
            self._in_flight.started()
            if change:
                self.unsaved.started()
            self._jobs.put((job, done, failed, change))

    def _run(self) -> None:
        while (item := self._jobs.get()) is not None:
            job, done, failed, change = item
            try:
                try:
                    result = job()
                except Exception as error:  # noqa: BLE001 - reported to the app, which shows it; the thread lives on
                    if failed and not self._closing.is_set():
                        failed(error)
                else:
                    if done and not self._closing.is_set():
                        done(result)
            except Exception as error:  # noqa: BLE001 - showing an outcome failed: the changes queued after it still count
                if self._outcome_lost is not None and not self._closing.is_set():
                    try:
                        self._outcome_lost(error)
                    except Exception:  # noqa: BLE001 - the screen was torn down meanwhile
                        pass
            finally:
                if change:
                    self.unsaved.ended()
                self._in_flight.ended()

    def drain(self) -> None:
        """Wait until every submitted job is done (in tests)."""
        self._in_flight.wait()

    def stop(self, timeout: float = 10) -> None:
        """Finish the jobs submitted so far, without showing their outcome, and end the thread, waiting for it
        `timeout` seconds at most: the changes still unsaved after that are `unsaved`'s to wait for. Not at all
        once `unsaved` is released: the user will not wait for the changes, nor for the rest.
        Called off the app's thread: a job's outcome on its way to the screen needs that thread to arrive."""
        with self._taking:
            if self._closing.is_set():
                return  # stopped before, and waited for then: q stops it, and the app's end again
            self._closing.set()
            self._jobs.put(None)
        if not self.unsaved.released:
            self._thread.join(timeout)


class LibraryView:
    """What the app shows of a library. Starts from a screenful of the newest articles;
    `load` brings in the rest on the engine thread while the reader looks at the first."""

    def __init__(self, library: Library, now: Callable[[], datetime] | None = None, outcome_lost: Callable[[Exception], None] | None = None) -> None:
        self.library = library
        self.now = now or (lambda: datetime.now(AMSTERDAM))
        self._in_flight = InFlight()  # one count for both threads: the outcome of a job on one may submit a job to the other
        self.engine = EngineThread(outcome_lost, in_flight=self._in_flight)
        # Texts are read on a thread of their own: behind the engine's queue, opening an article
        # would wait for the rest of the library to be read in, or for a search index to catch up.
        self._texts = EngineThread(outcome_lost, name="nieuws-tui-texts", in_flight=self._in_flight)
        self._cancel_refresh = threading.Event()  # the refresh under way's, if any
        self.entries: list[Entry] = library.first_entries(SCREENFUL)
        self._index = _Index(self.entries)
        self.complete = False  # every entry is in `entries`, and counted
        self.unreadable = False  # the rest of the library could not be read: it will not be counted either
        self._count()
        self._indexed = 0  # batches the search index has caught up
        self._last_search: _Search | None = None
        self._undo: list[str] = []
        self._labels: dict[str, SourceLabel] = {}  # source → its name in the sidebar, for the sources in _source_totals
        self._titles: dict[str, str] = library.source_titles()  # source → its title (_source_titles), read with the entries
        self._given_titles: dict[str, str] = {}  # source → the title config.toml gives it, as last read (_note_given_titles)
        self._labelled_with: dict[str, str] | None = None  # the titles _labels were made with

    @property
    def name(self) -> str:
        return self.library.display_name

    @property
    def key(self) -> str:
        """What the app remembers its place in this library by: the same across format versions."""
        return str(self.library.name)

    def entry(self, article_id: str) -> Entry | None:
        """The entry of an article in view, found without going through them all (a reload replaces them)."""
        if self.complete:
            return self.library.entry(article_id)
        return next((e for e in self.entries if e.id == article_id), None)  # a screenful

    def stop(self) -> None:
        """Finish the changes made so far and end the engine thread (as the app goes, however it goes). A refresh
        under way fetches no further source, so that its thread does not keep the engine busy."""
        self._cancel_refresh.set()
        self._texts.stop()
        self.engine.stop()

    def drain(self, timeout: float = 60) -> None:
        """Wait until every job submitted is done and its outcome shown, those that outcomes submitted too (in tests)."""
        self._in_flight.wait(timeout)

    @property
    def unsaved(self) -> int:
        """How many of the reader's changes (a mark, M, U) are submitted and not yet written: queued, or made once
        the engine thread took no more jobs."""
        return self.engine.unsaved.count

    def wait_saved(self, timeout: float | None = None) -> None:
        """Wait until the reader's changes are written, however long the jobs ahead of them take, or until
        `give_up_saving`; TimeoutError after `timeout` seconds. Off the app's thread."""
        self.engine.unsaved.wait(timeout)

    def give_up_saving(self) -> None:
        """Let `wait_saved` end with the changes unsaved: the user will not wait for them."""
        self.engine.unsaved.release()

    def load(self, done: Callable[[bool], None], failed: Callable[[Exception], None]) -> None:
        """Read every entry on the engine thread; `done(True)` once they are in place."""

        def read_whole() -> bool:
            try:
                self._note_given_titles(load_config())
            except NieuwsError:
                pass  # the app says what is wrong with config.toml at start and at `r`: its sources go by their own titles
            return self._take_new_entries(force=True)

        self.engine.submit(read_whole, done, failed)

    # -- what to show --------------------------------------------------------------------

    def _count(self) -> None:
        """Totals per section (the engine's count_sections), kept up to date by every change so no keypress recounts them."""
        counted = count_sections((e.article.section, e.read) for e in self.entries)
        self._totals = {c.name or UNSECTIONED: [c.unread, c.total] for c in counted}  # section → [unread, total]
        by_source = count_sections((e.article.source, e.read) for e in self.entries)
        self._source_totals = {c.name or NO_SOURCE: [c.unread, c.total] for c in by_source}  # source → [unread, total]
        starred = [e for e in self.entries if e.starred]
        self._starred = [sum(not e.read for e in starred), len(starred)]  # [unread, total]

    def _recount(self, entry: Entry, was_read: bool, was_starred: bool) -> None:
        """One entry's flags changed from (was_read, was_starred): the counts follow."""
        unread_now, unread_before = not entry.read, not was_read
        self._totals.setdefault(section_of(entry), [0, 0])[0] += unread_now - unread_before
        self._source_totals.setdefault(source_of(entry), [0, 0])[0] += unread_now - unread_before
        self._starred[0] += (entry.starred and unread_now) - (was_starred and unread_before)
        self._starred[1] += entry.starred - was_starred

    def shelves(self, by_source: bool = False) -> list[Shelf]:
        """All, Starred, then each section (or each source, by its label), 'none' last."""
        starred_unread, starred_total = self._starred
        counted, unknown = self.counted, self.unreadable and not self.counted
        fixed = [Shelf(ALL, self.unread, len(self.entries), counted=counted, unknown=unknown), Shelf(STARRED, starred_unread, starred_total, counted=counted, unknown=unknown)]
        if by_source:
            titles = self._titles  # once: the engine thread may put new ones in place meanwhile
            if self._labels.keys() != self._source_totals.keys() or self._labelled_with is not titles:  # the sources came or went, or were named anew
                self._labels, self._labelled_with = source_labels(self._source_totals, titles), titles
            labels = self._labels
            sources = sorted(self._source_totals.items(), key=lambda i: (i[0] == NO_SOURCE, labels[i[0]].casefold()))
            return fixed + [Shelf(name, unread, total, by_source=True, label=labels[name], tail=labels[name].tail, counted=counted, unknown=unknown) for name, (unread, total) in sources]
        named = sorted(self._totals.items(), key=lambda i: (i[0] == UNSECTIONED, i[0].lower()))
        return fixed + [Shelf(name, unread, total, counted=counted, unknown=unknown) for name, (unread, total) in named]

    @property
    def counted(self) -> bool:
        """The counts are the library's: it was read whole, or its first screenful is all there is. Until then
        they are the first screenful's (200 unread of 30,000), and the app says they are being counted: the
        store's own count takes a tenth of a second at 100,000 articles, which the first screen does not wait for."""
        return self.complete or len(self.entries) < SCREENFUL

    def export_stem(self, view: View) -> str:
        """The file name, without its extension, offered for exporting a view: its shelf as the sidebar names it, as
        a slug. Where that slug is empty, or another shelf's too (`a/feed.xml`, `a-feed.xml`), a short hash of the
        shelf follows it, so that exporting one shelf after another offers a file of its own for each."""
        slugs = {shelf.name: slugify(shelf.shown)[:LONGEST_STEM].strip("-") for shelf in self.shelves(view.by_source)}
        slug = slugs.pop(view.shelf, None)
        if slug is None:  # (a shelf no longer there: a section remembered from last time)
            slug = slugify(view.shelf)[:LONGEST_STEM].strip("-")
        if slug and slug not in slugs.values():
            return slug
        digest = hashlib.sha1(view.shelf.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        return f"{slug}-{digest}" if slug else digest

    @property
    def unread(self) -> int:
        return sum(unread for unread, _ in self._totals.values())

    def select(self, view: View) -> Listing:
        """What the list shows of a view, newest first.

        Short searches look in titles; from SHORT_QUERY letters on, the library's search index
        finds every word (as the start of a word) in titles and text. A search that extends the
        last one (as typing does) looks among its result only.
        """
        index = self._index  # once: the engine thread may put a new one in place meanwhile
        everything = range(len(index.entries))
        query = view.query.casefold().strip()
        if not query:
            return index.listing(self._shelf(view, index, everything))
        short = len(query) < SHORT_QUERY
        among = (index, self._indexed, view.shelf, view.unread_only, view.by_source, short)
        last = self._last_search
        if last is None or last.among != among or not query.startswith(last.query):
            last = None
        if short:  # (a comprehension's `in`: half the time of mapping str.__contains__ over them)
            positions = last.positions if last is not None else self._shelf(view, index, everything)
            titles = index.titles
            if positions is everything:
                found = [p for p, title in enumerate(titles) if query in title]
            else:
                found = [p for p in positions if query in titles[p]]
        elif last is not None and self.library.same_search(query, last.query):
            return last.listing  # the letter typed leaves the search standing for the same words of the index
        else:
            hits = self.library.search_keys(query, catch_up=False)
            if last is None and view.shelf in (ALL, STARRED):  # the hits out of every entry at C speed, then the shelf among the hits only
                found = list(self._shelf(view, index, list(compress(everything, map(hits.__contains__, index.keys)))))
            else:  # among fewer: the last result, or a section's entries, known once it has been shown
                positions = last.positions if last is not None else self._shelf(view, index, everything)
                found = list(compress(positions, map(hits.__contains__, map(index.keys.__getitem__, positions))))
        listing = index.listing(found)
        self._last_search = _Search(among, query, found, listing)
        return listing

    def _shelf(self, view: View, index: _Index, positions: Sequence[int]) -> Sequence[int]:
        """Those of these positions in `index` that the view's shelf holds."""
        entries = index.entries
        if view.shelf == STARRED:
            positions = [p for p in positions if entries[p].starred]
        elif view.shelf != ALL and len(positions) == len(entries):  # all of them: the shelf's own
            positions = index.shelf(view.shelf, view.by_source)
        elif view.shelf != ALL:
            shelf_of = source_of if view.by_source else section_of
            positions = [p for p in positions if shelf_of(entries[p]) == view.shelf]
        return [p for p in positions if not entries[p].read] if view.unread_only else positions

    def catch_up_search(self) -> None:
        """Index what the search index lacks, a batch per engine job, so marks are never held up."""

        def batch() -> None:
            more = self.library.catch_up_search(batches=1)
            self._indexed += 1  # a search that extends the last one may find more now: it searches anew
            if more:
                self.engine.submit(batch)

        self.engine.submit(batch)

    def read_article(self, entry: Entry, done: Callable[[Article], None], failed: Callable[[Exception], None]) -> None:
        """Read the article with its full text off the app's thread; `done(article)` once read."""
        self._texts.submit(lambda: self.library.article(entry.id) or entry.article, done, failed)

    # -- changes ---------------------------------------------------------------------------

    def _change(
        self, chosen: Callable[[], list[str]], done: Callable[[list[Entry]], None], failed: Callable[[Exception], None], mark: Mark, value: bool | None = None
    ) -> None:
        """Have the Library set the `mark` of the articles `chosen` (called on the engine thread) names to `value`; `done(entries)`
        once it has. `value` None: the mark of the one article chosen turned over, as it stands once the changes before are written."""

        def job() -> list[Entry]:
            ids = chosen()
            before = {e.id: (e.read, e.starred) for e in (self.library.entry(i) for i in ids) if e is not None}
            if not before:
                return []
            now = value if value is not None else not next(iter(before.values()))[MARKS.index(mark)]
            self.library.set_state(list(before), **{mark: now})
            changed = [e for e in (self.library.entry(i) for i in before) if e is not None]
            for entry in changed:
                self._recount(entry, *before[entry.id])
            return changed

        self.engine.submit(job, done, failed, change=True)

    def set_read(self, entries: list[Entry], read: bool, done: Callable[[list[Entry]], None], failed: Callable[[Exception], None]) -> None:
        if ids := [e.id for e in entries if e.read != read]:
            self._change(lambda: ids, done, failed, "read", read)

    def toggle(self, entry: Entry, mark: Mark, done: Callable[[list[Entry]], None], failed: Callable[[Exception], None]) -> None:
        """Turn the article's read or starred mark over (m, s) as it stands when the change is written, not as the list
        shows it now: m m typed behind a long job set it read twice, the second m a change counted that made none."""
        self._change(lambda: [entry.id], done, failed, mark)

    def mark_all_read(self, entries: Sequence[Entry], done: Callable[[list[Entry]], None], failed: Callable[[Exception], None]) -> None:
        """Mark these read; `done(entries)` with those that were unread. Which were is asked of the library on the
        engine thread, after the keys before M: an article marked read just before is no more M's to undo
        than it is to count. `undo_mark_all` brings them back, until the next M that marks any."""
        ids = [e.id for e in entries]

        def unread_now() -> list[str]:
            unread = [i for i in ids if (entry := self.library.entry(i)) is not None and not entry.read]
            if unread:  # an M that finds all read already leaves the last one to undo
                self._undo = unread
            return unread

        self._change(unread_now, done, failed, "read", True)

    def undo_mark_all(self, done: Callable[[list[Entry]], None], failed: Callable[[Exception], None]) -> None:
        """Mark unread again what the last M marked read; `done(entries)` with them (none: nothing to undo)."""

        def marked_by_the_last_m() -> list[str]:
            ids, self._undo = self._undo, []
            return ids

        self._change(marked_by_the_last_m, done, failed, "read", False)

    def export(self, entries: list[Entry], path: Path, fmt: Format, view: View, shown: str, done: Callable[[list[str]], None], failed: Callable[[Exception], None]) -> None:
        """Write these entries of a view as a feed file on the engine thread; `done(left_out)` names what could not be written.
        `shown`: the view's shelf as the sidebar names it."""
        from feeds import FeedInfo, Selection, own_files, write_feed  # the feed writer is loaded when first used, not at start-up

        def job() -> list[str]:
            if path.is_fifo() or path.is_char_device() or path.is_block_device() or path.is_socket():
                # The command line writes into pipes and devices; here a pipe no one reads would hold the engine thread, marks and all.
                raise StorageError(_("{path}: not a file; the app exports to files (the command line also to pipes and devices)").format(path=path))
            left_out: list[str] = []
            url = path.resolve().as_uri()
            source = view.shelf if view.by_source and view.shelf not in (ALL, STARRED) else None
            section = None if view.shelf == UNSECTIONED else view.shelf
            sections = None if view.shelf in (ALL, STARRED) or source is not None else (section,)
            chosen = Selection(sections, view.unread_only, view.shelf == STARRED)
            info = FeedInfo.for_selection(self.library, url, chosen, source, shown)
            write_feed(self.library.full_entries(entries), path, fmt, info, own_files(self.library.path), warn=left_out.append)
            return left_out

        self.engine.submit(job, done, failed)

    def _take_new_entries(self, force: bool = False) -> bool:
        """Pick up what was stored since the entries were read (engine thread only)."""
        changed = self.library.refresh() or force
        if changed:
            entries = self.library.entries()
            if entries is not self._index.entries:
                self._index = _Index(entries)  # here, rather than at a keystroke
            self.entries = entries
            self.complete = True
            self._count()
            if (titles := self._source_titles()) != self._titles:
                self._titles = titles
            self._last_search = None
            # The entries live as long as the app; a full garbage collection walking all of
            # them would stall a keypress for a tenth of a second at 100,000 articles.
            gc.freeze()
            self.catch_up_search()  # what came in becomes searchable
        return changed

    def source_title(self, source: str | None) -> str | None:
        """The title the sidebar by source names a source by, where it has one (_source_titles)."""
        return self._titles.get(source) if source else None

    def _source_titles(self) -> dict[str, str]:
        """What the sidebar names sources by (engine thread only): the title config.toml gives a source, else the one
        it gave itself when last fetched or imported."""
        return self.library.source_titles() | self._given_titles

    def _note_given_titles(self, config: Config) -> None:
        """Keep the titles config.toml gives sources (the first given, where several accounts read one address), read
        at start and by each refresh's plan (engine thread only). Not read with each change taken in: a refresh takes
        in each source's articles as they are stored, and 1,000 sources read config.toml of 1,000 sources 1,000 times."""
        self._given_titles = {source.public_url: source.title for source in reversed(config.sources) if source.title}

    def reload(self, done: Callable[[bool], None], failed: Callable[[Exception], None]) -> None:
        """Pick up what other processes stored; `done(changed)` runs after the new entries are in place."""
        self.engine.submit(self._take_new_entries, done, failed)

    def plan_refresh(self, done: Callable[[RefreshPlan], None], failed: Callable[[Exception], None]) -> None:
        """What a refresh is to fetch and import, read off the UI thread: config.toml can be slow to read, and
        the library's imported paths wait for the engine thread. SourcesError (to `failed`) when config.toml is bad."""

        def plan() -> RefreshPlan:
            config = load_config()
            self._note_given_titles(config)
            return RefreshPlan(config.sources, [Path(p) for p in self.library.imported_paths()], settings_for(config), config.retention())

        self.engine.submit(plan, done, failed)

    def refresh(
        self,
        plan: RefreshPlan,
        on_event: Callable[[Progress | SourceResult], None],
        done: Callable[[tuple[FetchReport, ImportReport | None]], None],
        stopped: Callable[[Exception], None],
    ) -> None:
        """Fetch the sources and re-import the paths. The network work runs on a thread of its own;
        each source's articles are stored on the engine thread as they come, between state changes.
        As with `nieuws-tui fetch`, the run is stored whole or not at all: at the first thing that
        fails (fetching, storing, importing, committing) it is abandoned, the sources not yet
        fetched are not, and it ends with `stopped` instead of `done`."""
        # Loaded when first used: the fetch machinery (HTTP client, page and feed readers) would add
        # a sixth to the app's start-up.
        from feeds import FetchRun, SourceResult, import_paths

        cancel = self._cancel_refresh = threading.Event()
        lost: list[Exception] = []  # what made the run give up (engine thread only)

        def give_up(run: FetchRun, error: Exception) -> None:
            if not lost:
                lost.append(error)
                cancel.set()
                run.abandon()
                self._take_new_entries(True)  # the run's articles were in the entries: no longer

        def store(run: FetchRun, result: SourceResult) -> SourceResult:
            if not lost:
                try:
                    run.store(result)
                except Exception as error:  # noqa: BLE001 - said by `stopped` when the run ends
                    give_up(run, error)
                else:
                    self._take_new_entries(True)
            return result

        def fetch(run: FetchRun) -> None:
            try:
                for event in run.events():
                    if isinstance(event, SourceResult):
                        self.engine.submit(functools.partial(store, run, event), on_event)
                    else:
                        on_event(event)
            except Exception as error:  # noqa: BLE001 - the run's own failures are per source; this is anything else
                self.engine.submit(functools.partial(give_up, run, error))
            self.engine.submit(functools.partial(finish, run), done, stopped)

        def finish(run: FetchRun) -> tuple[FetchReport, ImportReport | None]:
            if not lost:
                try:
                    run.begin()  # the re-import is part of the run
                    imported = import_paths(self.library, plan.paths, max_bytes=plan.settings.max_bytes) if plan.paths else None
                    report = run.finish()
                except Exception as error:  # noqa: BLE001 - said by `stopped`
                    give_up(run, error)
                else:
                    self._take_new_entries(True)
                    return report, imported
            raise lost[0]

        def start() -> None:
            run = FetchRun(self.library, plan.sources, plan.settings, cancel=cancel, retention=plan.retention)
            threading.Thread(target=fetch, args=(run,), name="nieuws-tui-fetch", daemon=True).start()

        self.engine.submit(start, failed=stopped)
