"""`nieuws-tui fetch [URL...]`: refresh the library from the web."""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from feeds import (
    Config,
    Settings,
    Source,
    config_path,
    find_source,
    grouped,
    ngettext,
    setting_range,
    settings_for,
    shown_sources,
    shown_url,
    source_url,
    terminal_safe,
    web_url_refusal,
    without_credentials,
)
from feeds import gettext as _

from ..console import OutputError, discard_output, fail, note, say, stderr_is_terminal, tell
from .common import Terminated, amount, command, command_library, read_config, say_if_started

if TYPE_CHECKING:
    from feeds import FetchReport, FetchRun, Progress, SourceResult


def register(subparsers: object) -> None:
    parser = command(
        subparsers, "fetch", run,
        help=_("fetch new articles from your sources (or the URLs given)"),
        description=_("Fetch ZeelandNet section, regional and article pages and RSS/Atom feeds into the library. "
        "Without URLs, every source in the sources list (see `nieuws-tui sources`). On a terminal a progress "
        "bar shows each source; otherwise one line per source on standard output: ok|unchanged|failed URL details. "
        "Exits 1 if any source failed, 2 if standard output could not take the lines (what was fetched is stored all the same)."),
    )  # fmt: skip
    parser.set_defaults(own_signals=True)  # (Interrupts, taken once its workers are forked: terminated_as_interrupted)
    defaults = Settings()
    parser.add_argument("urls", nargs="*", metavar="URL", help=_("a page or feed to fetch instead of the sources (repeatable; default: every source in the sources list)"))
    parser.add_argument("-q", "--quiet", action="store_true", help=_("print only the lines of the sources that failed, and no summary (for cron, which mails what a job prints)"))
    parser.add_argument("--max-size", type=amount("max-size"), metavar="MB", help=_("the largest response to read: {may_be} (default: max-size in config.toml, else 10)").format(may_be=setting_range("max-size")))
    parser.add_argument(
        "--host-delay", type=amount("host-delay"), metavar=_("SECONDS"),
        help=_("pause between two requests to one host (default: host-delay in config.toml, else 0.3; none for this machine)"),
    )  # fmt: skip
    parser.add_argument(
        "--deadline", type=amount("deadline"), metavar=_("SECONDS"),
        help=_("give up on a source after this long, all its requests together, not counting its wait for its turn at a host (default: deadline in config.toml, else {seconds:g})").format(
            seconds=defaults.deadline
        ),
    )  # fmt: skip
    parser.add_argument(
        "--run-deadline", type=amount("run-deadline"), metavar=_("SECONDS"),
        help=_("end the whole run after this long; sources still going fail (default: run-deadline in config.toml, else {seconds:g})").format(
            seconds=defaults.run_deadline
        ),
    )  # fmt: skip


def _chosen(config: Config, urls: list[str]) -> list[Source]:
    if not urls:
        return config.sources
    chosen: list[Source] = []
    for url in urls:  # in any spelling, as `sources` knows them
        if find_source(chosen, url) is None:  # a URL given twice is fetched once
            chosen.append(find_source(config.sources, url) or Source(url))
    return chosen


def run(args: argparse.Namespace) -> int:
    urls = []
    for typed in args.urls:
        url = source_url(typed)  # as `sources add` reads it: white space pasted around it is no part of it
        if url is None:
            fail(_("{url}: {reason}").format(url=shown_url(without_credentials(typed)) or "''", reason=web_url_refusal(typed)))
            return 2
        urls.append(url)
    config = read_config(or_empty=bool(urls))  # URLs given: config.toml's settings only
    sources = _chosen(config, urls)
    settings = settings_for(config, max_size=args.max_size, host_delay=args.host_delay, deadline=args.deadline, run_deadline=args.run_deadline)
    retention = config.retention()
    if not sources:
        fail(_("no sources to fetch: add one with `nieuws-tui sources add URL` (list: {config})").format(config=config_path()))
        return 2
    names = shown_sources([*config.sources, *(s for s in sources if s not in config.sources)])

    def named(source: Source) -> str:  # whole in the lines scripts read; cut short where a person reads it
        return names[source.url]

    def shown(source: Source) -> str:
        return shown_url(names[source.url])

    from feeds import Workers

    workers = Workers()  # first: the worker processes load the feed reader while this one loads the network and the library
    interrupts = Interrupts()  # after the workers are made: they are ended by SIGTERM when the run is done
    run: FetchRun | None = None
    lines = Lines(named, quiet=args.quiet)
    in_order: InOrder | None = None
    existed = True
    try:
        from feeds import FetchRun

        library = command_library(args, samples=False, new=True)
        existed = library.exists
        if args.quiet:  # cron mails what a job prints: waiting behind another run is no news
            library.waiting_said = None
        run = FetchRun(library, sources, settings, retention=retention, workers=workers, listed=config.sources)
        if run.report.damaged:  # before the lines: a run interrupted says it too
            note(_("warning: {message}").format(message=run.report.damaged))
        # The bar only where both outputs are the terminal: output sent to a file or a pipe is for a script.
        if sys.stdout is not None and sys.stdout.isatty() and stderr_is_terminal() and not args.quiet:
            report = _with_progress_bar(run, shown, interrupts)
        else:
            in_order = InOrder(run.sources, lines.say)  # as fetched: each once
            report = run.in_this_thread(in_order.take, interrupts.held)
            in_order.flush(report.results)
        # And the space of an earlier prune's articles, where that prune's own attempt was refused (not this run's,
        # tried as it was committed): `fetch` is what cron runs; the app's refresh leaves it, to keep its library free.
        space_kept = report.space_kept or library.give_back_space()
    except STOPS as stop:
        _end_interrupted(run, in_order, existed)
        return 143 if isinstance(stop, Terminated) else 141 if isinstance(stop, ReaderLeft) else 130
    finally:
        interrupts.close()
        workers.close()
    say_if_started(run.library, existed)  # quiet too: said once, it shows cron's typo of a --db path
    if not args.quiet:
        _summarize(report, shown)
    if space_kept:  # as the damage of the validators is: in a cron job's mail too
        note(_("warning: {message}").format(message=space_kept))
    return 2 if lines.lost is not None else 1 if report.failed else 0  # lines lost: as any error of the command line


def _summarize(report: FetchReport, named: Callable[[Source], str]) -> None:
    for result in report.results:
        for said in result.notes:  # said here, not in the `ok URL …` line, whose form scripts read
            note(_("{url}: {reason}").format(url=named(result.source), reason=said))
    new = sum(r.new for r in report.results)
    updated = sum(r.updated for r in report.results)
    sources_done = ngettext("{count} source", "{count} sources", len(report.results)).format(count=grouped(len(report.results)))
    requests = ngettext("{count} request", "{count} requests", report.requests).format(count=grouped(report.requests))
    summary = _("{sources}: {new} new, {updated} updated articles; {failed} failed; {requests}").format(
        sources=sources_done, new=grouped(new), updated=grouped(updated), failed=grouped(len(report.failed)), requests=requests
    )
    if report.pruned:
        summary += "; " + ngettext("{count} old article pruned", "{count} old articles pruned", len(report.pruned)).format(count=grouped(len(report.pruned)))
    tell(summary)


def _end_interrupted(run: FetchRun | None, in_order: InOrder | None, existed: bool) -> None:
    """Say the lines still held and what the run stored. What the stop kept is committed by now, and saying it
    may wait on a reader that stalls: a second Ctrl-C or SIGTERM ends what is being said, at once; so does a
    reader that left."""
    try:
        if in_order is not None and run is not None:
            in_order.flush(run.report.results)  # the sources done behind one still going: a cron job's `failed` lines among them
        if sys.stdout is not None:
            sys.stdout.flush()  # the rest of a line the stop cut short: here, not at the exit, which no stop ends
    except (*STOPS, OSError):  # a reader that left, output that cannot be written
        discard_output()  # no more lines; the note on standard error still says what is stored
    try:
        _say_interrupted(run, existed)
    except STOPS:
        pass


def _say_interrupted(run: FetchRun | None, existed: bool) -> None:
    """What an interrupted run kept: the sources done (each of their lines said `ok` when it was stored in the
    run's transaction), unless its commit did not come about."""
    if run is None or not run.stored:
        note(_("interrupted: nothing of this run is stored; the next fetch brings it again"))
        return
    say_if_started(run.library, existed)
    left = len(run.sources) - len(run.report.results)
    if not left:  # it was all stored in the moment before the interrupt came
        note(_("interrupted after this run was stored"))
        return
    done = len(run.report.results) - len(run.report.failed)
    stored = ngettext("{count} source", "{count} sources", done).format(count=grouped(done))
    not_done = ngettext("{count} source", "{count} sources", left).format(count=grouped(left))
    note(_("interrupted: what {stored} brought is stored; {left} not done, which the next fetch brings").format(stored=stored, left=not_done))


class ReaderLeft(BaseException):
    """Standard output's reader left (`fetch | head -1`): the run ends as at Ctrl-C, keeping the sources done. As an
    error it threw them away, and the command line says nothing of a reader that left, exiting 0."""


STOPS = (KeyboardInterrupt, Terminated, ReaderLeft)


class Interrupts:
    """Ctrl-C and SIGTERM during a run, raised as KeyboardInterrupt and Terminated; but not while the run stores a
    source or commits (`held`), which would leave half a source's articles among those kept: raised when it is done.
    Never held while a line is said: a write to a reader that stalls would hold every signal back for as long."""

    def __init__(self) -> None:
        self._holding = False
        self._stop: KeyboardInterrupt | Terminated | None = None
        self._before = {number: signal.signal(number, self._interrupted) for number in (signal.SIGINT, signal.SIGTERM)}

    def _interrupted(self, number: int, frame: object) -> None:
        stop = Terminated() if number == signal.SIGTERM else KeyboardInterrupt()
        if not self._holding:
            raise stop
        self._stop = self._stop or stop

    @contextmanager
    def held(self) -> Iterator[None]:
        self._holding = True
        try:
            yield
        finally:
            self._holding = False
        if self._stop is not None:
            stop, self._stop = self._stop, None
            raise stop

    def close(self) -> None:
        """Ctrl-C and SIGTERM as they were before the run."""
        for number, handler in self._before.items():
            signal.signal(number, handler)


class InOrder:
    """The results of a run's sources passed on (to `say`) in the order the sources were given, whatever order they
    finish in: each as soon as those before it are, so that a line waits only for the sources above it, and the
    first comes as soon as its source is done. A script that reads the lines finds them as it gave the URLs."""

    def __init__(self, sources: list[Source], say: Callable[[SourceResult], None]) -> None:
        self._at: dict[str, list[int]] = {}  # (a source listed twice by hand is fetched twice)
        for number, source in enumerate(sources):
            self._at.setdefault(source.url, []).append(number)
        self._say = say
        self._done: dict[int, SourceResult] = {}
        self._next = 0
        self._heard = 0

    def take(self, event: Progress | SourceResult) -> None:
        """Hear of a run's event (FetchRun.in_this_thread): a source's result, or its progress, which says nothing."""
        from feeds import SourceResult

        if isinstance(event, SourceResult):
            # Counted, and each line counted as said, before it is: an interrupt in the middle loses a line, never says one twice.
            self._heard += 1
            self._done[self._at[event.source.url].pop(0)] = event
            while self._next in self._done:
                self._next += 1
                self._say(self._done.pop(self._next - 1))

    def flush(self, stored: Sequence[SourceResult] = ()) -> None:
        """Pass on, in order, the results still held: those after a source that gave none, and those of the run's
        results `stored` not heard of, as the one an interrupt that came while it was stored ended the run at."""
        for result in stored[self._heard :]:
            self.take(result)
        for at in sorted(self._done):
            self._say(self._done.pop(at))


class Lines:
    """The lines a run says on standard output, one per source, for cron and scripts; `quiet`: only for those that
    failed. Output that cannot take them (closed, a full disk: a cron job's output thrown away) ends no run, which
    would store nothing: said once on standard error, and the run goes on storing what it fetches without them
    (`lost`: why, for its exit status). A reader that left ends it (ReaderLeft)."""

    def __init__(self, named: Callable[[Source], str], quiet: bool) -> None:
        self._named = named
        self._quiet = quiet
        self.lost: str | None = None

    def say(self, event: SourceResult) -> None:
        if (self._quiet and not event.error) or self.lost is not None:
            return
        source = self._named(event.source)
        if event.error:
            line = f"failed {source} {event.error}"
        elif event.unchanged:
            line = f"unchanged {source}"
        else:
            line = f"ok {source} new={event.new} updated={event.updated}"
        try:
            say(line)
        except BrokenPipeError:
            raise ReaderLeft from None
        except OutputError as error:
            self.lost = str(error)
            discard_output()  # what is still buffered for it would fail again at exit
            fail(_("{reason}; the fetch goes on without its lines, storing what it brings").format(reason=error))


def _with_progress_bar(run: FetchRun, named: Callable[[Source], str], interrupts: Interrupts) -> FetchReport:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn
    from rich.progress import Progress as Bar

    from feeds import SourceResult

    console = Console(stderr=True)
    with Bar(TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(), console=console, transient=True) as bar:
        overall = bar.add_task(_("fetching"), total=len(run.sources))
        tasks = {s.url: bar.add_task(f"  {terminal_safe(named(s))}", total=None, visible=False) for s in run.sources}

        def said(result: SourceResult) -> None:
            bar.update(tasks[result.source.url], visible=False)
            console.print(terminal_safe(f"{named(result.source)}: {result.summary}"), highlight=False, markup=False)

        in_order = InOrder(run.sources, said)
        held: set[str] = set()  # done with their servers, counted done: the bar sat at 0/N until the run stored them

        def show(event: Progress | SourceResult) -> None:
            task = tasks[event.source.url]
            if isinstance(event, SourceResult):  # its line waits for those above it: meanwhile the bar shows it done
                bar.update(task, description=terminal_safe(f"  {named(event.source)}: {event.summary}"), visible=True)
                if event.source.url not in held:
                    bar.advance(overall)
                in_order.take(event)
            else:
                bar.update(task, description=terminal_safe(f"  {named(event.source)}: {event.text}"), visible=True)
                if event.held:
                    held.add(event.source.url)
                    bar.advance(overall)

        try:
            report = run.in_this_thread(show, interrupts.held)
        except STOPS:
            in_order.flush(run.report.results)  # the sources stored behind one still going: the bar that showed them goes
            raise
        in_order.flush(report.results)
        return report
