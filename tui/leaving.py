"""How the app ends: q and its protocol (the keys before it act, the marks are written, the place is kept),
the signals that end it as q does, and the gate that lets the other threads' outcomes in until then."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
import os
import signal
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.app import App

from feeds import StorageError, grouped, ngettext, terminal_safe
from feeds import gettext as _

from .preferences import Place, Preferences

if TYPE_CHECKING:
    from types import FrameType

    from .library_view import LibraryView

QUIT_WAIT = 10.0  # seconds q waits for the keys before it that wait for a listing or for the whole library
SAVING_WAIT = 0.5  # seconds q waits for the marks queued before it, after which it says it is writing them


class Leaving(App[int]):
    """The part of NieuwsApp that ends it: its quitting, saving and signals."""

    if TYPE_CHECKING:  # NieuwsApp's, which leaving waits for, writes or keeps
        library_view: LibraryView
        preferences: Preferences
        _marks_waiting: set[Callable[[], None]]

        def _when_listed(self, action: Callable[[], object]) -> None: ...
        def _show_status(self, text: str) -> None: ...
        def _quit_key(self) -> str | None: ...

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._before_hangup: signal.Handlers | Callable[[int, FrameType | None], object] | int | None = None  # SIGHUP's handler before the app's
        self._arriving = threading.Condition()  # guards the two below (_from_thread)
        self._outcomes_arriving = 0  # outcomes of other threads on their way to this one
        # The app is going: no more of them are taken. (Not `_closed`: Textual's message pump ends its loop at that.)
        self._outcomes_closed = False
        self._quitting = False  # q was pressed: no key but q acts any more (action_quit)
        self._leaving = False  # q's turn came, after the keys before it (_leave)
        self._saving = False  # leaving, the app says it waits for the marks to be written (_leave)
        self._signalled = False  # told to end from outside (_ended_from_outside)
        self._going = False  # the place is being kept, and the app exits (_go)

    def _catch_signals(self) -> None:
        """SIGTERM and SIGHUP end the app as q does (_ended_from_outside)."""
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):  # (no signals to be had off the main thread)
            loop = asyncio.get_running_loop()
            loop.add_signal_handler(signal.SIGTERM, self._ended_from_outside)
            # Python's own handler, not the loop's: it runs at once, before Textual's for the SIGCONT that a hangup
            # sends with the SIGHUP (signals are handled in the order of their numbers).
            self._before_hangup = signal.signal(signal.SIGHUP, functools.partial(self._hung_up, loop))

    def _from_thread(self, callback: Callable[..., object], *args: object, **kwargs: object) -> None:
        """Run `callback` on the app's thread and wait until it has run: how the other threads show what they
        did. Once the app is going it is dropped: the event loop may be gone before it would run, which leaves
        a call never made (a RuntimeWarning on the user's terminal) and the thread waiting for it for ever."""
        with self._arriving:
            if self._outcomes_closed:
                return
            self._outcomes_arriving += 1
        try:
            self.call_from_thread(callback, *args, **kwargs)
        finally:
            with self._arriving:
                self._outcomes_arriving -= 1
                self._arriving.notify_all()

    def _close(self) -> None:
        """Take no more outcomes from the other threads, let those on their way arrive, and end the library
        view's threads, which write the changes still queued. Off the app's thread, while its loop runs: what is
        on its way needs it."""
        with self._arriving:
            self._outcomes_closed = True
            # Bounded all the same, as the threads' end is: a screen update that never ends must not keep the user in the app.
            self._arriving.wait_for(lambda: not self._outcomes_arriving, timeout=10)
        self.library_view.stop()

    async def on_unmount(self) -> None:
        """However the app ends (q, the palette, a crash, a test that leaves it), the threads hand it nothing
        after it, and end with it."""
        await asyncio.to_thread(self._close)
        if self._before_hangup is not None:  # (after the marks: a hangup meanwhile ends the app as at q still)
            signal.signal(signal.SIGHUP, self._before_hangup)

    async def action_quit(self) -> None:  # (async as App.action_quit is; it awaits nothing: it holds no key up)
        """Quit once the keys pressed before q have acted: m or s waiting for the listing a key before it asked for,
        M waiting for the whole library at start, or enter, n or p, which open an article and so mark it read, is a
        change the user made, and is written, not dropped.
        A listing that has not come within QUIT_WAIT all the same keeps the app only for such a change, saying so,
        with q again quitting without it. q again while the app says it is writing the marks quits without them.
        The keys after q act no more, as newsboat is gone at its q: the list, the reader and the sidebar take no
        key and no click (they are disabled: dimmed), the app's keys but q are refused (check_action), and the
        status line says why."""
        if self._saving:
            self.library_view.give_up_saving()
            self.call_next(self._leave)  # (at once, if the marks wait for a listing still: nothing else will)
            return
        if not self._quitting:
            self._quitting = True
            while len(self.screen_stack) > 1:  # Q, over the keys screen or a dialog: the list, which says why the app waits
                self.pop_screen()
            self.query_one("#main").disabled = True
            self._show_status(_("Quitting…"))
        self._when_listed(self._leave_soon)
        self.set_timer(QUIT_WAIT, self._quit_waited)

    def _leave_soon(self) -> None:
        """q's turn, after the keys before it have acted."""
        self.call_next(self._leave)

    def _hung_up(self, loop: asyncio.AbstractEventLoop, number: int, frame: object) -> None:
        """The terminal was closed. The SIGCONT that comes with the hangup has Textual take the terminal anew, with a
        writer thread of its own, which its first write on the closed terminal ends; the writes after it would wait
        for room in its queue, and the app, its marks written, would never end (nor at a SIGTERM). So what the app
        writes from now on goes nowhere: nobody is there to see it."""
        if not self.is_headless:  # (a test's app writes nothing to the terminal: the test's output is there)
            with contextlib.suppress(OSError):
                nowhere = os.open(os.devnull, os.O_WRONLY)
                for output in (1, 2):
                    os.dup2(nowhere, output)
                os.close(nowhere)
        loop.call_soon_threadsafe(self._ended_from_outside)

    def _ended_from_outside(self) -> None:
        """The terminal was closed (SIGHUP), or the app told to end (SIGTERM, as at a logout): it goes as at q, its
        marks written and its place remembered, so that the next start is where the reader left off, not where the
        last q was. No one is there to press q again: it goes when a q would have asked for that.
        A signal is no q pressed again, which quits without the marks being written: after a q, or a signal before
        it (a hangup's, and a logout's SIGTERM after it), whose marks wait behind a long job, it waits for them."""
        if self._signalled:
            return
        self._signalled = True
        if not self._saving:
            self.call_next(self.action_quit)
        self.set_timer(QUIT_WAIT + SAVING_WAIT, self._go)

    async def _quit_waited(self) -> None:
        if self._leaving:
            return
        if not self._marks_waiting:
            await self._leave()  # a listing that never comes keeps no one in the app
            return
        self._say_waiting(_("Waiting for the list to make your read and starred marks… {key} quits without them"), _("Waiting for the list to make your read and starred marks…"))
        self._saving = True  # q again quits without them; q's own turn comes after the marks

    def _say_waiting(self, with_key: str, keyless: str) -> None:
        """Say what the app waits for before it goes, and the key that quits without it: none, where config.toml's
        [keys] gave both q and ctrl+q to other bindings (the app was quit from the palette), rather than one that
        does nothing now."""
        key = self._quit_key()
        self._show_status(with_key.format(key=key) if key else keyless)

    async def _leave(self) -> None:
        """End the threads, and go once the reader's changes are written. A job ahead of them may take longer than
        the threads are waited for (a refresh storing a big feed, an export to a slow disk): the changes are then
        waited for all the same, and the app says so, with the app's keys working again for q to quit without
        them. Their loss, if the user will not wait, is said."""
        if self._leaving:
            return
        self._leaving = True
        try:  # (while the keys after q wait: none of them makes a change that would not be written)
            await asyncio.to_thread(self.library_view.wait_saved, SAVING_WAIT)
        except TimeoutError:
            self._say_waiting(_("Writing your read and starred marks… {key} quits without them"), _("Writing your read and starred marks…"))
            self._saving = True  # q again quits without them
            self.run_worker(self._leave_once_saved())  # the app's keys free meanwhile
            return
        await asyncio.to_thread(self._close)  # before saving the place: the changes queued are written first
        await self._go()

    async def _leave_once_saved(self) -> None:
        await asyncio.to_thread(self.library_view.wait_saved)
        await asyncio.to_thread(self._close)  # the rest, as ever; not waited for if the user would not wait for the marks
        await self._go()

    async def _go(self) -> None:
        """Keep the preferences and exit, saying what could not be kept. The save is a TinyDB write with an fsync,
        which a slow disk stretches: it runs off the app's thread, from a copy taken on it, as a listing arriving
        meanwhile may move the place. Once: a signal's last-resort timer may come while q's own _go waits for the save."""
        if self._going:
            return
        self._going = True
        preferences = dataclasses.replace(self.preferences, places=self._places_kept())
        unkept = await asyncio.to_thread(_kept, preferences)
        said = []
        if unsaved := self.library_view.unsaved:  # q while they were being written
            lost = ngettext("nieuws-tui: quit before {count} change of read and starred marks was written", "nieuws-tui: quit before {count} changes of read and starred marks were written", unsaved)
            said.append(lost.format(count=grouped(unsaved)))
        if waiting := len(self._marks_waiting):  # q again while they waited for a listing
            lost = ngettext("nieuws-tui: quit before {count} change of read and starred marks was made: it waited for the list", "nieuws-tui: quit before {count} changes of read and starred marks were made: they waited for the list", waiting)
            said.append(lost.format(count=grouped(waiting)))
        if refresh := self.library_view.refresh_unkept():  # quit during a refresh that could not be kept
            said.append(refresh)
        if unkept:
            said.append(unkept)
        self.exit(0, message="\n".join(map(terminal_safe, said)) if said else None)

    def _places_kept(self) -> dict[str, Place]:
        """The places to keep: this library's without those of shelves no longer in it (a section whose articles were
        all removed, a source removed), which each run kept among the PLACES_KEPT, pushing out those of shelves still
        read. Only once the library is read whole: before, a shelf not read yet is not known to be there."""
        places, view = dict(self.preferences.places), self.library_view
        if view.complete and (place := places.get(view.key)) is not None:
            shelves = {shelf: article for shelf, article in place.shelves.items() if view.has_shelf(*shelf)}
            places[view.key] = dataclasses.replace(place, shelves=shelves)
        return places


def _kept(preferences: Preferences) -> str:
    """Save the preferences; why they could not be, or "": not being able to remember the place is no reason
    to keep the reader open."""
    try:
        preferences.save()
    except StorageError as error:
        return _("nieuws-tui: could not remember where you were: {error}").format(error=error)
    return ""
