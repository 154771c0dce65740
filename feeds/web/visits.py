"""A visit: one source's fetch, with whether it may reach local addresses, and its deadline.

It is set for the thread doing the work; every connect, read, write and pause
in it (network.py, http.py), and every wait for a worker process (workers.py),
is bounded by what is left of the deadline, so a server that trickles one byte
every few seconds cannot hold a fetch for ever. The one deadline mechanism of
fetching; it needs nothing of the HTTP stack.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from feeds.language import gettext as _


class DeadlinePassed(Exception):
    """The source's or the run's deadline passed; the message says which. No FetchError: nothing that
    gives up on one request and goes on (a teaser, a robots.txt) may catch it. The source has failed, unless
    it has what its own page answered: then it keeps that, and asks nothing more (SourceFetch._article_pages)."""


@dataclass(frozen=True, slots=True)
class Deadline:
    at: float  # time.monotonic()
    seconds: float
    what: str  # "per source", "for the whole run" (in the interface's language)

    @classmethod
    def after(cls, seconds: float, what: str) -> Deadline:
        return cls(time.monotonic() + seconds, seconds, what)

    def remaining(self) -> float:
        return self.at - time.monotonic()

    def earliest(self, other: Deadline) -> Deadline:
        return self if self.at <= other.at else other

    def later(self, seconds: float) -> Deadline:
        return Deadline(self.at + seconds, self.seconds, self.what)

    def check(self) -> float:
        """What is left, in seconds; DeadlinePassed when nothing is."""
        left = self.remaining()
        if left <= 0:
            raise DeadlinePassed(self.gave_up())
        return left

    def gave_up(self) -> str:
        """What a source that this deadline ended failed with."""
        return _("gave up at the deadline of {seconds:g} s {what}").format(seconds=self.seconds, what=self.what)

    def bound(self, timeout: float | None) -> float:
        """A timeout that ends at the deadline at the latest."""
        left = self.check()
        return left if timeout is None else min(timeout, left)

    def sleep(self, seconds: float, asked: str | None = None) -> None:
        """Pause, unless the pause would outlast the deadline: then give up now, saying the wait a server `asked` for
        (`Retry-After: 31536000`) where it asked for one: the pause is at most what this program waits, which is not
        what the server said."""
        if seconds >= self.check():  # not waited out only to fail afterwards
            if asked is not None:
                gave_up = _("gave up: the server asks for a wait ({asked}) that would pass the deadline of {seconds:g} s {what}")
                raise DeadlinePassed(gave_up.format(asked=asked, seconds=self.seconds, what=self.what))
            gave_up = _("gave up: waiting {wait:g} s more would pass the deadline of {seconds:g} s {what}")
            raise DeadlinePassed(gave_up.format(wait=seconds, seconds=self.seconds, what=self.what))
        time.sleep(max(0.0, seconds))


NO_DEADLINE = Deadline(float("inf"), float("inf"), "")


@dataclass(frozen=True, slots=True)
class Visit:
    """One source being fetched: until when (its own deadline, and the run's), and whether it may reach local addresses."""

    own: Deadline = NO_DEADLINE
    run: Deadline = NO_DEADLINE
    local: bool = False

    @property
    def deadline(self) -> Deadline:
        return self.own.earliest(self.run)


_VISIT: ContextVar[Visit] = ContextVar("nieuws_tui_visit", default=Visit())  # noqa: B039 - Visit is frozen


def current_visit() -> Visit:
    return _VISIT.get()


def waited_for_turn(seconds: float) -> None:
    """The thread's visit waited `seconds` while another source had its turn at a host. That is not
    the source's own time: a source queued behind one that hangs would fail at its deadline without
    having sent a request. Its own deadline moves on by as much; the run's stays where it is."""
    visit = _VISIT.get()
    _VISIT.set(Visit(visit.own.later(seconds), visit.run, visit.local))


@contextmanager
def visiting(visit: Visit) -> Iterator[Visit]:
    """Everything this thread fetches inside is part of `visit`."""
    token = _VISIT.set(visit)
    try:
        yield visit
    finally:
        _VISIT.reset(token)
