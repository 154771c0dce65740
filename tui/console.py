"""What the command line prints: lines of output, and one-line notes and errors on standard error.

Every line goes through the one terminal sanitiser: titles, URLs, file names and
error messages come from outside, and none of them may drive the user's terminal.
"""

from __future__ import annotations

import codecs
import json
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TextIO

from feeds import NieuwsError, terminal_safe, why, write_whole
from feeds import gettext as _


class OutputError(NieuwsError):
    """Standard output cannot take what a command writes: a full disk, a closed stream."""


def _spells_everything(stream: TextIO) -> bool:
    """Whether the stream's encoding spells every character (UTF-8 and its kin), not Latin-1's 256 or ASCII's 128. A
    stream of text in memory (no encoding: a StringIO) takes every character."""
    encoding = getattr(stream, "encoding", None)
    if encoding is None:
        return True
    try:
        return codecs.lookup(encoding).name.startswith("utf")
    except LookupError:
        return False


def escape_what_cannot_be_spelled() -> None:
    """Standard output and error write a character their encoding has no spelling for as an escape (`\\u4e16`):
    in a Latin-1 or ASCII locale (`nl_NL`, `LC_ALL=C` without UTF-8), a title in Chinese, a `€` or a `geïmporteerd`
    ended the command in a traceback, and a fetch stopped at its first such line with nothing stored."""
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and not _spells_everything(stream) and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def as_written(text: str) -> str:
    """The text as standard output writes it: with escapes for what its encoding cannot spell (as the list of a
    command shows a name, which the user types back)."""
    output = sys.stdout
    if output is None or _spells_everything(output):
        return text
    return text.encode(output.encoding, "backslashreplace").decode(output.encoding)


@contextmanager
def _output() -> Iterator[TextIO]:
    """Standard output, flushed when written; its failure one line (OutputError), not a traceback.
    A reader that left (`| head`) is BrokenPipeError, which the command line takes as the end."""
    if sys.stdout is None:
        raise OutputError(_("standard output is closed"))
    try:
        yield sys.stdout
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        raise OutputError(_("cannot write to standard output ({reason})").format(reason=why(error))) from None


def say(text: str) -> None:
    """One line (or several, each sanitised) to standard output, flushed for scripts that follow along."""
    with _output() as output:
        print(terminal_safe(text), file=output)


def tell(text: str) -> None:
    """One line (or several, each sanitised) to standard error, where there is one that takes it: a cron job that
    throws both outputs away (`>&- 2>&-`, a full disk) still has its work done, not ended at its first note."""
    if sys.stderr is None:
        return
    try:
        print(terminal_safe(text), file=sys.stderr, flush=True)
    except OSError:
        pass


def stderr_is_terminal() -> bool:
    return sys.stderr is not None and sys.stderr.isatty()


def say_all(lines: Iterable[str]) -> None:
    """Many lines to standard output (`list` of a big library), written in one go."""
    with _output() as output:
        output.writelines(terminal_safe(line) + "\n" for line in lines)


def say_json(items: Iterable[object]) -> None:
    """A JSON array of `items` to standard output, with JSON escapes for what a terminal would act on.

    Made an item at a time, as `items` come: `list --json` of 100,000 articles is some 260 MB of
    text, which built whole (the array, its text, the text made safe) took 1.6 GB. Handed on as write_out hands
    on a feed: to a pipe once all are made, as a library damaged part-way handed its reader half an array; to a
    file as they come, cut back when that fails. The text
    is the same as json.dumps(list(items), ensure_ascii=False, indent=2): each item's own lines indented once
    more (a line break inside a string is an escape, so every break is one of the layout's). Where standard output's
    encoding does not spell every character, every one beyond ASCII is a JSON escape: still the same data."""
    stream = sys.stdout
    ascii_only = stream is not None and not _spells_everything(stream)
    encoding, errors = getattr(stream, "encoding", None) or "utf-8", getattr(stream, "errors", None) or "strict"
    write_out(piece.encode(encoding, errors) for piece in _json_array(items, ascii_only))


def _json_array(items: Iterable[object], ascii_only: bool) -> Iterator[str]:
    before = "["
    for item in items:
        text = json.dumps(item, ensure_ascii=ascii_only, indent=2).replace("\n", "\n  ")
        yield f"{before}\n  {terminal_safe(text, json=True)}"
        before = ","
    yield "[]\n" if before == "[" else "\n]\n"


def write_out(data: bytes | Iterable[bytes]) -> None:
    """A document to standard output as it is (a feed, OPML), whole or in its pieces as they are made (written once
    all are: write_whole): every text in it was cleaned when it was stored."""
    with _output() as output:
        write_whole(output.buffer, data)


def discard_output() -> None:
    """Standard output from now on to nowhere: what is still buffered for it would fail (or wait) again at exit."""
    if sys.stdout is not None:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def note(message: str) -> None:
    tell(f"nieuws-tui: {message}")


def fail(message: str) -> None:
    tell("nieuws-tui: " + _("error: {message}").format(message=message))
