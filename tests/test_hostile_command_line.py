"""What is typed on the command line is from outside too: a refusal of it is one short line, with no traceback,
no escape sequence and nothing of what is stored lost, whatever a script or a file name put there."""

from __future__ import annotations

import os
import time

import pytest

from feeds.clean import terminal_safe
from feeds.urls import SHOWN_URL_LENGTH
from tui.cli import main

LONG = "9" * 5000
ESCAPES = "\x1b]0;PWNED\x07\x1b[2J"


def refusal(capsys, argv: list[str]) -> str:
    """The error line argparse ends with, after the usage; it exits 2."""
    with pytest.raises(SystemExit) as stop:
        main(argv)
    err = capsys.readouterr().err
    assert stop.value.code == 2 and err.startswith("usage: nieuws-tui"), err[:200]
    return err.splitlines()[-1]


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["fetch", "--max-size", LONG], "nieuws-tui fetch: error: argument --max-size: must be a number of MB from 0.001 to 1,024: '999"),
        (["serve", "--port", LONG], "nieuws-tui serve: error: argument --port: not a port number (0 to 65535): '999"),
        (["mark", LONG, "5837deb4fb69"], "nieuws-tui mark: error: argument {read,unread,star,unstar}: invalid choice: '999"),
        (["export", f"--format={LONG}"], "nieuws-tui export: error: argument --format: invalid choice: '999"),
        (["fetch", f"-q{LONG}"], "nieuws-tui fetch: error: argument -q/--quiet: ignored explicit argument '999"),
        ([LONG], "nieuws-tui: error: argument COMMAND: invalid choice: '999"),
    ],
)
def test_a_long_value_an_option_refuses_is_echoed_cut_short_as_config_tomls_are(capsys, argv, said):
    """`fetch --max-size 99…9` of 5,000 characters filled the screen with one line; its choices, after it, still show."""
    line = refusal(capsys, argv)
    assert line.startswith(said) and f"'{'9' * (SHOWN_URL_LENGTH - 2)}…" in line and "9" * SHOWN_URL_LENGTH not in line
    assert len(line) < 2 * SHOWN_URL_LENGTH + 150
    assert ("invalid choice" not in line) or line.endswith("')")


@pytest.mark.parametrize("argv", [["list", LONG], ["list", *["--unred"] * 2000], ["list", f"--s={LONG}"]])
def test_what_argparse_echoes_as_it_was_given_is_cut_short_too(capsys, argv):
    """`unrecognized arguments: …` and `ambiguous option: …` echo what was given unquoted: the line is cut short."""
    line = refusal(capsys, argv)
    assert line.startswith("nieuws-tui list: error: ") and line.endswith("…") and len(line) < 3 * SHOWN_URL_LENGTH + 30


@pytest.mark.parametrize(
    "argv",
    [
        ["list", ESCAPES],
        ["list", f"--s={ESCAPES}"],
        ["list", "a\u2028b\u202ec\x9b2J"],
        ["list", "\udcff\x1b"],
        ["mark", ESCAPES, "x"],
        ["fetch", "--deadline", ESCAPES],
    ],
)
def test_escape_sequences_in_a_refused_argument_are_shown_not_sent_to_the_terminal(capsys, argv):
    """`list $'\\e]0;PWNED\\a'`: argparse wrote what it does not know as it was, escape sequences and all."""
    line = refusal(capsys, argv)
    assert not any(char in line for char in "\x1b\x07\x9b\u2028\u202e\udcff"), line
    assert "\\x1b" in line or "\\u2028" in line


def test_a_library_path_too_long_for_any_file_is_one_line_naming_it(capsys):
    """`--db` of 300 characters: is_dir raised "File name too long" as a traceback, before any library was looked for."""
    long = "x" * 300
    assert main(["--db", long, "list"]) == 2
    assert capsys.readouterr().err == f"nieuws-tui: error: {long}: cannot read (File name too long)\n"


@pytest.mark.parametrize("command", ["list", "export"])
def test_a_section_typed_in_bytes_that_are_no_utf_8_is_no_section_of_the_library(capsys, tmp_path, monkeypatch, command):
    """`list --section $'\\xff'`: its hash took the lone surrogate os.fsdecode makes of it for UTF-8, and raised."""
    from feeds import Library, import_samples_if_new

    monkeypatch.setenv("NIEUWS_TUI_DB", str(tmp_path / "library.sqlite"))
    import_samples_if_new(Library(tmp_path / "library.sqlite"))
    assert main([command, "--section", os.fsdecode(b"\xff")]) == 2
    assert capsys.readouterr().err == "nieuws-tui: error: no section '\\udcff' in the library (sections: Buitenland)\n"


@pytest.mark.parametrize("host", [os.fsdecode(b"\xff"), "\u202efeeds.example", "feeds\u2028example", "é" * 70])
def test_a_host_to_listen_on_that_no_name_can_be_is_refused_in_one_line(capsys, host):
    """`serve --host` of what IDNA has no name for: socket raised TypeError ("encoding of hostname failed"), a traceback.
    None of these is looked up: they are refused before the server is made."""
    line = refusal(capsys, ["serve", "--port", "0", "--host", host])
    assert line == f"nieuws-tui serve: error: argument --host: not a host name or address (such as 127.0.0.1 or feeds.example.org): {terminal_safe(repr(host))}"


def test_an_output_path_thousands_of_folders_deep_is_refused_in_a_moment(capsys, tmp_path, monkeypatch):
    """`export -o /x/x/…/x` of 20,000 folders: the check that it is none of nieuws-tui's own files went through the
    path's parents one by one, each made anew, and took seconds (minutes for the 128 kB an argument may be)."""
    from feeds import Library, import_samples_if_new

    monkeypatch.setenv("NIEUWS_TUI_DB", str(tmp_path / "library.sqlite"))
    import_samples_if_new(Library(tmp_path / "library.sqlite"))
    started = time.monotonic()
    assert main(["export", "-o", "/x" * 20_000]) == 2
    assert time.monotonic() - started < 2 and capsys.readouterr().err.endswith(": cannot write (File name too long)\n")
