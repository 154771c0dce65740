"""A fetch run that an app drives while it goes on answering keys: the network work on a thread of its own,
everything that touches the library handed, in order, to the thread that owns it."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from feeds.config import Retention, Settings, Source
from feeds.imports import ImportReport, import_paths
from feeds.language import gettext as _
from feeds.language import grouped, ngettext
from feeds.library import Library
from feeds.web.fetch import FetchReport, FetchRun, Progress, SourceResult
from feeds.web.workers import Workers

# How the thread that owns the library takes a job: `submit(job, done, failed)` runs `job` there after the jobs
# submitted before it, then `done(result)`, or `failed(error)` if it raised (either may be None).
Submit = Callable[[Callable[[], Any], Callable[[Any], None] | None, Callable[[Exception], None] | None], None]


@dataclass(frozen=True, slots=True)
class Finishing:
    """What a refresh does once its last source is stored, before it ends: re-importing files, pruning, committing
    take seconds at 100,000 articles, which the app would otherwise show as the last source's own."""

    text: str


class RefreshRun:
    """Fetch the sources and re-import the paths (the files the library was imported from). Each source's
    articles are stored on the library's thread as they come, between the jobs the app submits there (the
    reader's marks). As with `nieuws-tui fetch`, the run is stored whole or not at all: at the first thing
    that fails (fetching, storing, importing, committing) it is abandoned and closed (FetchRun.close): the
    sources not yet fetched are not, those being fetched end, and it ends with `stopped` instead of `done`
    then and there."""

    def __init__(self, library: Library, sources: list[Source], paths: list[Path], settings: Settings, retention: Retention) -> None:
        self.library, self.sources, self.paths, self.settings, self.retention = library, sources, paths, settings, retention
        self._cancel = threading.Event()
        self._began: list[FetchRun] = []  # the run, once begun on the library's thread (start)
        self._keep: Callable[[], None] | None = None  # submits the commit of what is stored so far (start)
        self._over = False  # the run was committed or given up (on the library's thread); else what it stored may still be kept
        self._keeping = threading.Lock()  # a commit of the run, and the app's going without waiting for it (too_late), one at a time
        self._late = False  # the app went without waiting for the library's thread: nothing of the run is committed after (too_late)
        self.unkept: Exception | None = None  # why the sources stored were not kept as the app went (stop): their commit failed

    def stop(self) -> None:
        """The app is going: fetch no further source, and end those in flight (the thread of the run does not keep the
        library's busy), and keep the sources stored so far, each whole, as an interrupted `nieuws-tui fetch` does
        (FetchRun.keep): their articles were shown. Committed on the library's thread after the sources handed to it
        before, so the app is to stop that thread after this; nothing of the run is stored after. A commit that fails
        is `unkept`."""
        self._cancel.set()  # (before the run is looked for: one begun after sees it, and closes itself)
        if self._keep is not None:
            self._keep()  # (before the run is closed: its end would queue the run's finishing ahead of this)
        for run in self._began:
            run.close()

    def too_late(self) -> bool:
        """The app goes without waiting any longer for the library's thread, still busy after `stop`: no commit of the
        run comes after this (one under way is waited for), so that what the app says of it holds. Whether the run
        is lost by it: neither committed nor given up (which was said then), nothing of it is stored."""
        with self._keeping:
            self._late = True
            return not self._over

    def start(
        self,
        submit: Submit,
        on_event: Callable[[Progress | SourceResult | Finishing], None],
        changed: Callable[[], object],
        done: Callable[[tuple[FetchReport, ImportReport | None]], None],
        stopped: Callable[[Exception], None],
    ) -> None:
        """Start the run. `on_event`: a source's progress (on the run's thread; `storing` as it is handed to the
        library's thread, fetched) or its result, once stored (on the library's), then what the run does before it
        ends (Finishing, on the library's); `changed`: on the library's
        thread, what it holds changed (a source's articles stored, the run abandoned or committed);
        `done((report, imported))` or `stopped(error)` at its end."""
        began = self._began  # the run that began; once it is over (_over), it stores nothing more

        def give_up(run: FetchRun, error: Exception) -> None:
            if not self._over:
                self._over = True
                self._cancel.set()
                run.close()  # its sources in flight end now, not at their deadline: nothing of them is taken
                try:
                    run.abandon()
                    changed()  # the run's articles were taken in: no longer
                finally:
                    # Said whatever became of the library's reading after it (a failing disk fails that too: the run
                    # went unsaid, and the app refreshing for good); and now, not when the slowest source answers.
                    stopped(error)

        def store(run: FetchRun, result: SourceResult) -> SourceResult | None:
            if self._over:
                return None
            try:
                run.store(result)
            except Exception as error:  # noqa: BLE001 - said by `stopped` at once
                give_up(run, error)
                return None
            changed()
            return result

        def fetch(run: FetchRun) -> None:
            try:
                for event in run.events():
                    if isinstance(event, SourceResult):
                        if event.error is None and not self._cancel.is_set():
                            # Said before its store is queued: behind others', or a big feed's own, it takes seconds.
                            on_event(Progress(event.source, _("storing")))
                        submit(functools.partial(store, run, event), unless_given_up(on_event), None)
                    elif not self._cancel.is_set():  # a run given up says no more of its sources
                        on_event(event)
            except Exception as error:  # noqa: BLE001 - the run's own failures are per source; this is anything else
                submit(functools.partial(give_up, run, error), None, None)
            submit(functools.partial(finish, run), unless_given_up(done), None)

        def unless_given_up(then: Callable[[Any], None]) -> Callable[[Any], None]:
            return lambda outcome: None if outcome is None else then(outcome)

        def finish(run: FetchRun) -> tuple[FetchReport, ImportReport | None] | None:
            if not self._over:
                try:
                    if self.paths:
                        again = ngettext("importing {count} file or folder again", "importing {count} files and folders again", len(self.paths))
                        on_event(Finishing(again.format(count=grouped(len(self.paths)))))
                    run.begin()  # the re-import is part of the run
                    imported = import_paths(self.library, self.paths, max_bytes=self.settings.max_bytes, again=True) if self.paths else None
                    on_event(Finishing(_("pruning old articles and finishing") if self.retention.active else _("finishing")))
                    with self._keeping:
                        if self._late:  # the app went, saying nothing of the run was stored
                            return None  # (the process ends with its transaction; keep, after this, rolls it back)
                        report = run.finish()
                        self._over = True
                except Exception as error:  # noqa: BLE001 - said by `stopped`
                    give_up(run, error)
                else:
                    changed()
                    return report, imported
            return None  # given up, and said so then; or kept as the app went

        def begin() -> None:
            # Feeds read in the run's thread (Workers(1)): 4 feeds of 1,000 items took 0.3-0.6 s so, against 0.4-0.8 s in a
            # pool kept for the app's life and 1.5-2.4 s in one made for the run (the fork server's, the app running threads).
            run = FetchRun(self.library, self.sources, self.settings, retention=self.retention, workers=Workers(1))
            began.append(run)
            if self._cancel.is_set():  # the app went as the run began (stop)
                run.close()
            threading.Thread(target=fetch, args=(run,), name="nieuws-tui-fetch", daemon=True).start()

        def keep() -> None:
            with self._keeping:
                if began and not self._over:
                    self._over = True
                    if self._late:  # the app went saying nothing of the run was stored: it is not
                        began[0].abandon()
                        return
                    try:
                        began[0].keep()
                    except Exception as error:  # noqa: BLE001 - the app says it as it exits
                        self.unkept = error

        self._keep = functools.partial(submit, keep, None, None)
        submit(begin, None, stopped)
