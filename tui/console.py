"""What the command line prints: lines of output, and one-line notes and errors on standard error.

Every line goes through the one terminal sanitiser: titles, URLs, file names and
error messages come from outside, and none of them may drive the user's terminal.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import TextIO

from feeds import gettext as _
from feeds import terminal_safe


def say(text: str, file: TextIO | None = None) -> None:
    """One line (or several, each sanitised) to standard output or `file`, flushed for scripts that follow along."""
    print(terminal_safe(text), file=file or sys.stdout, flush=True)


def say_all(lines: Iterable[str]) -> None:
    """Many lines to standard output (`list` of a big library), written in one go."""
    sys.stdout.writelines(terminal_safe(line) + "\n" for line in lines)


def say_json(data: object) -> None:
    """JSON to standard output: the same data, with JSON escapes for what a terminal would act on."""
    sys.stdout.write(terminal_safe(json.dumps(data, ensure_ascii=False, indent=2), json=True) + "\n")


def note(message: str) -> None:
    say(f"nieuws-tui: {message}", sys.stderr)


def fail(message: str) -> None:
    say("nieuws-tui: " + _("error: {message}").format(message=message), sys.stderr)
