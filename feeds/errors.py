"""The errors nieuws-tui reports to its user: one base class, each message one line that names what it is about."""

from __future__ import annotations


class NieuwsError(Exception):
    """Something the user should be told in one line; the command line exits non-zero with it."""


class StorageError(NieuwsError):
    """A library file that cannot be used as it is. The message names the file."""


class DamagedFile(StorageError):
    """A library file that was read and does not hold what it should (not one that could not be read)."""


class UnreadableDocument(ValueError):
    """A page or feed this program cannot read: not text, not a news page, not a feed, or beyond
    the bounds of one. The message is one line; the caller names the file or URL."""
