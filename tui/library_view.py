"""The app's one interface to the engine: what to show, and every change, in order, off the UI thread.

Widgets ask this view for entries, counts and article text; they never see
the Library or its files. The listings and counts are the engine's (Listings):
this view keeps them up to date on its threads. Every change is made by the Library on one engine
thread, in the order the keys were pressed, so a mark is on disk a few
milliseconds after the key and two changes never race; the reader's state
lives in the Library alone, and the screen shows it once the change is made.
"""

from __future__ import annotations

import gc
import queue
import threading
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from feeds import (
    AMSTERDAM,
    Article,
    Entry,
    Library,
    LibraryBusy,
    Listing,
    Listings,
    NieuwsError,
    Shelf,
    StorageError,
    View,
    distinct_sources,
    holds_only_samples,
    imported_again,
    load_config,
    settings_for,
    shown_path,
    why,
)
from feeds import gettext as _

if TYPE_CHECKING:
    from feeds import Config, FetchReport, Finishing, Format, ImportReport, Progress, RefreshRun, Retention, Settings, Source, SourceResult

Mark = Literal["read", "starred"]
MARKS: tuple[Mark, ...] = ("read", "starred")  # in the order an entry's flags are taken, (read, starred)
SCREENFUL = 200  # entries read before the first screen: more rows than any terminal shows


@dataclass(frozen=True, slots=True)
class RefreshPlan:
    """What `r` fetches and imports, and how."""

    sources: list[Source]
    paths: list[Path]
    settings: Settings
    retention: Retention
    warnings: tuple[str, ...]  # what is wrong in config.toml: the refresh goes on without it (each wrong setting of the app's)
    browser: str | None  # config.toml's browser as it is now: o opens pages with it from here on
    own_sources: bool  # config.toml lists a source of the user's own as it is now (Config.lists_own_sources)


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

    @property
    def running(self) -> bool:
        """Whether the thread goes on: once stopped, it was busy still when `stop` waited no longer, or was not waited for."""
        return self._thread.is_alive()


class SaidOnce:
    """A failure that comes back at every look for changes (every few seconds: a damaged table, a disk's error),
    to be said once rather than in a toast at each look: again only when its reason changes, or after it worked
    in between. A library busy (another process writing for minutes) is no failure: never said, and the next look
    tries again. Used on the engine thread only."""

    def __init__(self) -> None:
        self._said: str | None = None  # the reason said last, until it worked again

    def new(self, error: Exception) -> bool:
        """Whether this failure is to be said (and is now the one said)."""
        if isinstance(error, LibraryBusy) or why(error) == self._said:
            return False
        self._said = why(error)
        return True

    def worked(self) -> None:
        self._said = None


class LibraryView:
    """The app's gateway to a library: its listings (Listings) and every change, fetch and export, run on the
    engine's threads and handed back to the UI. Starts from a screenful of the newest articles; `load` brings in
    the rest on the engine thread while the reader looks at the first."""

    def __init__(
        self,
        library: Library,
        now: Callable[[], datetime] | None = None,
        outcome_lost: Callable[[Exception], None] | None = None,
        titles_unreadable: Callable[[StorageError], None] | None = None,
        index_failed: Callable[[Exception], None] | None = None,
    ) -> None:
        self.library = library
        self.now = now or (lambda: datetime.now(AMSTERDAM))
        self._in_flight = InFlight()  # one count for both threads: the outcome of a job on one may submit a job to the other
        self.engine = EngineThread(outcome_lost, in_flight=self._in_flight)
        # Texts are read on a thread of their own: behind the engine's queue, opening an article
        # would wait for the rest of the library to be read in, or for a search index to catch up.
        self._texts = EngineThread(outcome_lost, name="nieuws-tui-texts", in_flight=self._in_flight)
        self._fetch: RefreshRun | None = None  # the last refresh started, under way or not
        self._fetch_late = False  # the app went without waiting for the refresh under way to be kept (stop)
        self.listings = Listings(library, library.first_entries(SCREENFUL))
        self.complete = False  # every entry is in `entries`, and counted
        self.unreadable = False  # the rest of the library could not be read: it will not be counted either
        # Read with the first screenful, then on the engine thread with each change taken in: the keys screen asks it
        # at every ?, and a query there waited behind another process's write.
        self.only_samples = self._only_samples()
        self._undo: list[str] = []
        self._titles: dict[str, str] = {}  # source → its title (_read_titles): read first thing (read_titles), and with the entries
        self._given_titles: dict[str, str] = {}  # source → the title config.toml gives it, as last read (_note_given_titles)
        self._listed: tuple[str, ...] = ()  # the sources config.toml lists, as last read (_note_given_titles)
        self._titles_unreadable = titles_unreadable  # told, once, why the library's titles of the sources cannot be read
        self._titles_due = False  # the titles could not be read, the library busy: read them at the next look for changes
        self._look_queued = False  # a pick_up_changes waits in the engine's queue
        self._look_failure = SaidOnce()  # why the last looks for changes failed, said once
        self._index_failed = index_failed  # told why the search index could not catch up, once (SaidOnce)
        self._index_failure = SaidOnce()
        self._index_due = False  # the search index could not catch up (busy, failing): try again at the next look

    @property
    def entries(self) -> list[Entry]:
        return self.listings.entries

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
        under way fetches no further source, so that its thread does not keep the engine busy, and keeps the sources
        it stored (their articles were shown), committed on the engine thread before it ends. When that thread is
        not waited for to its end (a job ahead took longer), the refresh is not kept: the process ends before it would be."""
        if self._fetch is not None:
            self._fetch.stop()
        self._texts.stop()
        self.engine.stop()
        if self._fetch is not None and self.engine.running and self._fetch.too_late():
            self._fetch_late = True

    def refresh_unkept(self) -> str | None:
        """Once `stop` is done: why the refresh under way as the app went was not kept, one line naming the library
        file; None when it was kept, or none was under way."""
        if self._fetch_late:
            said = _("nieuws-tui: quit before the refresh under way was stored in {path}, the library still busy; the next refresh brings it again")
            return said.format(path=shown_path(self.library.files.database))
        if self._fetch is not None and self._fetch.unkept is not None:
            return _("nieuws-tui: quit during a refresh, and the sources it stored could not be kept: {error}").format(error=why(self._fetch.unkept))
        return None

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

    def read_titles(self, done: Callable[[None], None]) -> None:
        """Read what the sidebar by source names the sources by on the engine thread, as its first job: the first
        screen does not wait for it. One that cannot be read is said by `load`, which reads them again."""

        def read() -> None:
            self._read_titles()

        self.engine.submit(read, done)

    def load(self, done: Callable[[bool], None], failed: Callable[[Exception], None]) -> None:
        """Read every entry on the engine thread; `done(True)` once they are in place."""

        def read_whole() -> bool:
            try:
                self._note_given_titles(load_config(reader="app"))
            except NieuwsError:
                pass  # the app says what is wrong with config.toml at start and at `r`: its sources go by their own titles
            return self._take_new_entries(force=True)

        self.engine.submit(read_whole, done, failed)

    # -- what to show --------------------------------------------------------------------

    def shelves(self, by_source: bool = False, failed: Collection[str] = ()) -> list[Shelf]:
        """All, Starred, then each section (or each source, by its label), 'none' last; `failed`: the sources
        that failed at the last refresh."""
        return self.listings.shelves(by_source, self._titles, self.counted, self.unreadable and not self.counted, self._listed, failed)

    def has_shelf(self, by_source: bool, shelf: str) -> bool:
        """`shelf` is in the sidebar by source (`by_source`) or by section: among those of the library read so far."""
        return self.listings.has_shelf(by_source, shelf, self._listed)

    @property
    def counted(self) -> bool:
        """The counts are the library's: it was read whole, or its first screenful is all there is. Until then
        they are the first screenful's (200 unread of 30,000), and the app says they are being counted: the
        store's own count takes a tenth of a second at 100,000 articles, which the first screen does not wait for."""
        return self.complete or len(self.entries) < SCREENFUL

    def export_stem(self, view: View) -> str:
        """The file name, without its extension, offered for exporting a view (Listings.export_stem)."""
        return self.listings.export_stem(view, self._titles)

    @property
    def unread(self) -> int:
        return self.listings.unread

    def select(self, view: View) -> Listing:
        """What the list shows of a view, newest first (Listings.select)."""
        return self.listings.select(view)

    def catch_up_search(self) -> None:
        """Index what the search index lacks, a batch per engine job, so marks are never held up: a batch waits a
        moment at most for the write lock (Library.index_search). One that finds the library busy (another process's
        long write), or that fails, leaves the rest to the next look for changes; a failure is said once (SaidOnce)."""
        self._index_due = False

        def batch() -> None:
            more = self.library.index_search(batches=1)
            self._index_failure.worked()
            self.listings.search_caught_up()
            if more:
                self.engine.submit(batch, None, not_indexed)

        def not_indexed(error: Exception) -> None:
            self._index_due = True
            if self._index_failure.new(error) and self._index_failed is not None:
                self._index_failed(error)

        self.engine.submit(batch, None, not_indexed)

    def read_article(self, entry: Entry, done: Callable[[Article], None], failed: Callable[[Exception], None]) -> None:
        """Read the article with its full text off the app's thread; `done(article)` once read."""
        self._texts.submit(lambda: self.library.article(entry.id) or entry.article, done, failed)

    # -- changes ---------------------------------------------------------------------------

    def _change(
        self, chosen: Callable[[], list[str]], done: Callable[[list[Entry]], None], failed: Callable[[Exception], None], mark: Mark, value: bool | None = None
    ) -> None:
        """Have the Library set the `mark` of the articles `chosen` (called on the engine thread) names to `value`; `done(entries)`
        once it has, with those whose mark it changed, not one that was so already (U after M and an m counted the one m
        made unread among those "unread again"). `value` None: the mark of the one article chosen turned over, as it stands once the changes before are written."""

        def job() -> list[Entry]:
            ids = chosen()
            before = {e.id: (e.read, e.starred) for e in (self.library.entry(i) for i in ids) if e is not None}
            if not before:
                return []
            now = value if value is not None else not next(iter(before.values()))[MARKS.index(mark)]
            self.library.set_state(list(before), **{mark: now})
            changed = [e for e in (self.library.entry(i) for i in before) if e is not None and (e.read, e.starred) != before[e.id]]
            for entry in changed:
                self.listings.recount(entry, *before[entry.id])
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

    def export(
        self, entries: Sequence[Entry], path: Path, fmt: Format, view: View, shown: str, done: Callable[[tuple[int, list[str]]], None], failed: Callable[[Exception], None]
    ) -> None:
        """Write these entries of a view as a feed file on the engine thread, as it is made (ChosenFeed);
        `done((written, left_out))`: how many articles are in it, and what could not be written.
        `shown`: the view's shelf as the sidebar names it."""
        from feeds import ChosenFeed, FeedInfo, own_files, resolved, write_chosen  # the feed writer is loaded when first used, not at start-up

        from .commands.serve import ADDRESS  # (the page of a feed that stands for no web page: as the command line's)

        def job() -> tuple[int, list[str]]:
            if path.is_fifo() or path.is_char_device() or path.is_block_device() or path.is_socket():
                # The command line writes into pipes and devices; here a pipe no one reads would hold the engine thread, marks and all.
                raise StorageError(_("{path}: not a file; the app exports to files (the command line also to pipes and devices)").format(path=shown_path(path)))
            left_out: list[str] = []
            info = FeedInfo.for_selection(self.library, resolved(path, writing=True).as_uri(), view.selection(), f"{ADDRESS}/", view.source, shown)
            feed = ChosenFeed(self.library, view.selection(), fmt, info, left_out.append, ids=[e.id for e in entries])
            write_chosen(path, feed.pieces(), own_files(self.library.path))
            return feed.count - len(left_out), left_out

        self.engine.submit(job, done, failed)

    def _take_new_entries(self, force: bool = False) -> bool:
        """Pick up what was stored since the entries were read (engine thread only)."""
        changed = self.library.pick_up_changes() or force
        if changed:
            self.listings.take(self.library.entries())
            self.complete = True
            # The entries live as long as the app; a full garbage collection walking all of
            # them would stall a keypress for a tenth of a second at 100,000 articles.
            gc.freeze()
        if changed or self._index_due:
            self.catch_up_search()  # what came in becomes searchable, and what a busy or failing index left
        if changed or self._titles_due:
            changed = self._read_titles() or changed
        if changed:
            self.only_samples = self._only_samples()
        return changed

    def _only_samples(self) -> bool:
        """Whether the library holds the samples alone (holds_only_samples)."""
        try:
            return holds_only_samples(self.library)
        except StorageError:  # a damaged library: the app says so as it reads it, not a hint's look at it
            return False

    def source_title(self, source: str | None) -> str | None:
        """The title the sidebar by source names a source by, where it has one (_read_titles)."""
        return self._titles.get(source) if source else None

    def _read_titles(self) -> bool:
        """Read what the sidebar names sources by (engine thread only): the title config.toml gives a source, else the one
        it gave itself when last fetched or imported; True when they changed. Those are a convenience: when they cannot
        be read (their table damaged, a disk's error), the sources go by their addresses, and why is said once, rather
        than the library not being read at all. A library busy (another process writing for minutes) is neither damaged
        nor failing: the titles read before stay, unsaid, and are read again at the next look for changes."""
        try:
            own = self.library.source_titles()
        except LibraryBusy:
            self._titles_due = True
            return False
        except StorageError as error:
            if self._titles_unreadable is not None:
                said, self._titles_unreadable = self._titles_unreadable, None
                said(error)
            own = {}
        self._titles_due = False
        before, self._titles = self._titles, own | self._given_titles
        return self._titles != before

    def _note_given_titles(self, config: Config) -> None:
        """Keep the sources config.toml lists and the titles it gives them (the first given, where several accounts read one address), read
        at start and by each refresh's plan (engine thread only). Not read with each change taken in: a refresh takes
        in each source's articles as they are stored, and 1,000 sources read config.toml of 1,000 sources 1,000 times."""
        self._given_titles = {source.public_url: source.title for source in reversed(config.sources) if source.title}
        self._listed = tuple(dict.fromkeys(source.public_url for source in config.sources))

    def pick_up_changes(self, done: Callable[[bool], None], failed: Callable[[Exception], None]) -> None:
        """Pick up what other processes stored; `done(changed)` runs after the new entries are in place. Not queued
        while one is queued and not yet begun: that one, once begun, finds all there is. The app asks every few
        seconds, and behind a long job (a library busy with another process's write waits minutes) each ask queued
        another pick-up, which the engine thread then ran one by one ahead of the keys pressed meanwhile.
        `failed(error)` hears of a failure once, not at every look (SaidOnce); of a library busy, never."""
        if self._look_queued:
            return
        self._look_queued = True

        def look() -> bool:
            self._look_queued = False  # begun: what is stored from now on is for the next one
            changed = self._take_new_entries()
            self._look_failure.worked()
            return changed

        def not_read(error: Exception) -> None:
            if self._look_failure.new(error):
                failed(error)

        self.engine.submit(look, done, not_read)

    def plan_refresh(self, done: Callable[[RefreshPlan], None], failed: Callable[[Exception], None]) -> None:
        """What a refresh is to fetch and import, read off the UI thread: config.toml can be slow to read, and
        the library's imported paths wait for the engine thread. SourcesError (to `failed`) when config.toml is bad."""

        def plan() -> RefreshPlan:
            config = load_config(reader="app")
            self._note_given_titles(config)
            # Each source once, as the run fetches it (config.toml's warning says so): the refresh's count had the
            # repeat too, which never came, and ended short.
            sources = distinct_sources(config.sources)
            return RefreshPlan(
                sources, imported_again(self.library), settings_for(config), config.retention(), config.warnings, config.browser, config.lists_own_sources()
            )

        self.engine.submit(plan, done, failed)

    def fetch_sources(
        self,
        plan: RefreshPlan,
        on_event: Callable[[Progress | SourceResult | Finishing], None],
        done: Callable[[tuple[FetchReport, ImportReport | None]], None],
        stopped: Callable[[Exception], None],
    ) -> None:
        """Fetch the sources and re-import the paths (RefreshRun): each source's articles are stored on the engine
        thread as they come, between the reader's changes, and taken into the listings once stored."""
        # Loaded when first used: the fetch machinery (HTTP client, page and feed readers) would add
        # a sixth to the app's start-up.
        from feeds import RefreshRun

        self._fetch = RefreshRun(self.library, plan.sources, plan.paths, plan.settings, plan.retention)
        self._fetch.start(self.engine.submit, on_event, lambda: self._take_new_entries(True), done, stopped)
