"""One-line messages for the command line: notes and errors go to standard error."""

from __future__ import annotations

import sys


def note(message: str) -> None:
    print(f"nieuws-tui: {message}", file=sys.stderr)


def fail(message: str) -> None:
    print(f"nieuws-tui: error: {message}", file=sys.stderr)
