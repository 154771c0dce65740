"""What is typed on the command line is from outside too: a refusal of it is one short line, with no traceback,
no escape sequence and nothing of what is stored lost, whatever a script or a file name put there."""

from __future__ import annotations

import contextlib
import io
import operator
import os
import re
import subprocess
import time
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from feeds.clean import TERMINAL_UNSAFE, terminal_safe
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
    assert capsys.readouterr().err == f"nieuws-tui: error: {'x' * 80}…{'x' * 79}: cannot read (File name too long)\n"


@pytest.mark.parametrize(("typed", "start", "end"), [
    ("/tmp/" + "map/" * 1000 + "library.sqlite", "/tmp/map/map/", "/map/map/library.sqlite"),
    ("/tmp/\x1b]0;PWNED\x07/" + "\x1b" * 4000 + "/library.sqlite", "/tmp/\\x1b]0;PWNED\\x07/", "\\x1b/library.sqlite"),
])  # fmt: skip
def test_a_library_path_of_thousands_of_characters_is_named_by_its_start_and_its_file_in_one_short_line(capsys, typed, start, end):
    """`--db` of 4,000 characters: the error line echoed it whole, screens long; escapes spelled ten times as long."""
    assert main(["--db", typed, "list"]) == 2
    line = capsys.readouterr().err.removesuffix("\n")
    named = line.removeprefix("nieuws-tui: error: ").partition(": ")[0]
    assert "\n" not in line and len(named) == 160 and named.startswith(start) and "…" in named and named.endswith(end), line


@pytest.mark.parametrize("command", ["list", "export"])
def test_a_section_typed_in_bytes_that_are_no_utf_8_is_no_section_of_the_library(capsys, tmp_path, monkeypatch, command):
    """`list --section $'\\xff'`: its hash took the lone surrogate os.fsdecode makes of it for UTF-8, and raised."""
    from feeds import Library, import_samples_if_new

    monkeypatch.setenv("NIEUWS_TUI_DB", str(tmp_path / "library.sqlite"))
    import_samples_if_new(Library(tmp_path / "library.sqlite"))
    assert main([command, "--section", os.fsdecode(b"\xff")]) == 2
    assert capsys.readouterr().err == "nieuws-tui: error: no section '\\udcff' in the library (sections: Buitenland)\n"


@pytest.mark.parametrize("argv", [["list", "--section", LONG], ["export", "--section", "\x1b" * 5000], ["mark", "read", LONG], ["mark", "star", "\udcff" * 5000]])
def test_a_section_or_an_id_of_thousands_of_characters_that_is_none_is_echoed_cut_short(capsys, tmp_path, monkeypatch, argv):
    """`list --section 99…9` and `mark read 99…9` echoed what was typed whole, and each escape ten characters of it."""
    from feeds import Library, import_samples_if_new

    monkeypatch.setenv("NIEUWS_TUI_DB", str(tmp_path / "library.sqlite"))
    import_samples_if_new(Library(tmp_path / "library.sqlite"))
    assert main(argv) in (1, 2)
    line = capsys.readouterr().err.removesuffix("\n")
    assert "\n" not in line and "…" in line and len(line) < 2 * SHOWN_URL_LENGTH, line


@pytest.mark.parametrize("option", ["--section", "--title"])
@pytest.mark.parametrize("typed", [b"\xff", b"Binnenland\xe9"])  # the second: Latin-1's é
def test_a_section_or_title_typed_in_bytes_that_are_no_utf_8_is_refused_not_dropped(capsys, option, typed):
    """`sources add URL --section $'\\xff'`: the section was cleaned of what is no text, and the source added without one."""
    from feeds import config_path

    kept = config_path().read_bytes()
    value = os.fsdecode(typed)
    line = refusal(capsys, ["sources", "add", "https://example.org/feed", option, value])
    assert line == f"nieuws-tui sources add: error: argument {option}: no readable text (bytes that are no UTF-8): {terminal_safe(repr(value))}"
    assert config_path().read_bytes() == kept


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


# -- every command, every option, anything typed ---------------------------------------------------------------------

# Each command line with one place (V) for what is typed. Not fuzzed: `serve --host`, where a name that happens to
# resolve would be looked up (the refusal of names that cannot be is tested above); the app, which a command line
# without a command opens (`--`, `-r`), and which is stood in for here.
COMMAND_LINES = [
    ["V"], ["--db", "V", "list"], ["import", "V"], ["import", "--captured", "V", "page.txt"], ["import", "--max-size", "V", "page.txt"],
    ["list", "--section", "V"], ["list", "V"], ["sections", "V"], ["mark", "V", "5837deb4fb69"], ["mark", "read", "V"],
    ["fetch", "V"], ["fetch", "--max-size", "V"], ["fetch", "--host-delay", "V"], ["fetch", "--deadline", "V"], ["fetch", "--run-deadline", "V"],
    ["sources", "V"], ["sources", "add", "V"], ["sources", "add", "https://example.org/feed", "--section", "V"],
    ["sources", "add", "https://example.org/feed", "--title", "V"], ["sources", "remove", "V"], ["sources", "import-opml", "V"],
    ["sources", "import-newsboat", "V"], ["sources", "export-opml", "-o", "V"], ["export", "--format", "V"], ["export", "--section", "V"],
    ["export", "--limit", "V"], ["export", "-o", "V"], ["serve", "--port", "V"], ["serve", "--port", "0", "--allow-host", "V"],
    ["serve", "--port", "0", "--limit", "V"], ["prune", "--older-than", "V", "--dry-run"], ["check", "V"], ["check", "--db", "V"],
]  # fmt: skip
# What a terminal acts on, and what argparse and the commands read as syntax.
_PIECES = st.sampled_from([
    "\x1b]0;PWNED\x07", "\x1b[2J", "\x9b2J", "\x85", "\x7f", "\u202e", "\u200f", "\u2028", "\ufeff", "\t", "\n", "\r",
    "'", '"', "\\", "=", "-", "--", " ", "é", "https://", "5837",
])  # fmt: skip
_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=6), st.binary(max_size=4).map(os.fsdecode)), max_size=6).map("".join)
# Up to 20,000 characters: a single argument may be 128 kB (Linux's MAX_ARG_STRLEN).
_LONG = st.builds(operator.mul, st.sampled_from(["9", "a b ", "\x1b", "\udcff", "é", "/x"]), st.integers(200, 20_000))
_PATHS = st.sampled_from(["a folder", "a fifo", "/dev/zero", "no/such/file", "unreadable.txt", "."])
VALUES = st.one_of(_TEXT, _LONG, _PATHS).filter(lambda value: "\x00" not in value)  # no argument holds a NUL
UNSAFE = re.compile(f"[{TERMINAL_UNSAFE}]")


def run_in_process(argv: list[str]) -> tuple[int, str, str]:
    """`main(argv)` as the command runs it: standard output as strict as a UTF-8 terminal's (a lone surrogate written
    to it fails), standard error as Python's own (backslashreplace). A traceback is an exception out of main."""
    written, noted = io.BytesIO(), io.BytesIO()
    stdout = io.TextIOWrapper(written, encoding="utf-8", newline="\n")
    stderr = io.TextIOWrapper(noted, encoding="utf-8", errors="backslashreplace", newline="\n")
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            code = main(argv)
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
    stdout.flush()
    stderr.flush()
    return code, written.getvalue().decode(), noted.getvalue().decode()


@pytest.fixture
def scene(tmp_path, monkeypatch):
    """A library with the sample articles, the sources list of the tests (none), and the files a path may name."""
    from feeds import FeedServer, Library, import_samples_if_new

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NIEUWS_TUI_DB", str(tmp_path / "library.sqlite"))
    monkeypatch.setattr(FeedServer, "serve_forever", lambda server: None)
    monkeypatch.setattr("tui.app.run_app", lambda *args, **kwargs: 0)
    import_samples_if_new(Library(tmp_path / "library.sqlite"))
    (tmp_path / "a folder").mkdir()
    os.mkfifo(tmp_path / "a fifo")
    (tmp_path / "unreadable.txt").write_text("GOES - De brug is dicht.\n")
    (tmp_path / "unreadable.txt").chmod(0)
    return tmp_path


def _stored(folder) -> tuple[int, list[str]]:
    """What must never be lost: the articles, and the sources, whose list must still read."""
    from feeds import Library, load_config

    return len(Library(folder / "library.sqlite").entries()), [source.url for source in load_config(reader="command").sources]


@settings(max_examples=120, deadline=timedelta(seconds=5), suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(line=st.sampled_from(COMMAND_LINES), value=VALUES)
def test_anything_typed_as_any_argument_is_refused_in_one_safe_line_or_done(scene, line, value):
    """Whatever is typed where: a status, no traceback, nothing a terminal acts on, a refusal in lines of a few hundred
    characters at most (each value it echoes cut short), in a few seconds, and nothing stored lost."""
    from feeds import config_path, web_url

    if line == ["fetch", "V"]:
        assume(web_url(value) is None)  # tests never reach the internet: an address that is one would be fetched
    if "-o" in line:
        assume(value != "a fifo")  # a FIFO named as the output waits for its reader, as `cat > fifo` does
    config = config_path()
    kept = config.read_bytes()
    before = _stored(scene)
    started = time.monotonic()
    code, out, err = run_in_process([value if word == "V" else word for word in line])
    assert time.monotonic() - started < 5
    assert code in (0, 1, 2)
    assert not any(UNSAFE.search(said) for said in (out + err).split("\n")), (out + err)[:300]
    assert max(map(len, err.splitlines()), default=0) < 500, max(err.splitlines(), key=len)  # each value echoed cut short
    if err.startswith("usage: "):
        assert len(err.splitlines()[-1]) < 400 and code == 2, err[-400:]
    articles, sources = _stored(scene)
    assert articles == before[0] and set(before[1]) <= set(sources)
    config.write_bytes(kept)  # the next example starts from the sources list of the tests again


@pytest.mark.parametrize("argv", [[b"list", b"\xff\x1b[2J"], [b"fetch", b"--max-size", b"\x9b" * 5000], [b"mark", b"\xc2\x9b\xff" * 100, b"x"]])
def test_bytes_of_a_real_command_line_are_refused_in_one_short_line_of_escapes(tmp_path, argv):
    """As a shell starts it: the arguments bytes, no UTF-8 some of them, and standard error a pipe."""
    from conftest import nieuws_tui_command

    result = subprocess.run([*map(os.fsencode, nieuws_tui_command()), *argv], capture_output=True, cwd=tmp_path, timeout=60)
    assert result.returncode == 2 and result.stderr.startswith(b"usage: ") and b"Traceback" not in result.stderr
    assert not re.search(rb"[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]", result.stderr), result.stderr
    assert len(result.stderr.splitlines()[-1]) < 400


@pytest.mark.parametrize(
    ("argv", "config", "said"),
    [
        (["export", "-o", "loop"], False, "loop: cannot write (Too many levels of symbolic links)"),
        (["sources", "export-opml", "-o", "loop"], False, "loop: cannot write (Too many levels of symbolic links)"),
        (["--db", "loop", "serve", "--port", "0"], False, "loop: cannot read (Too many levels of symbolic links)"),
        (["sources", "add", "https://example.org/feed"], True, "cannot write (Too many levels of symbolic links)"),
        (["sources", "import-opml", "feeds.opml"], True, "cannot write (Too many levels of symbolic links)"),
        (["sources", "import-newsboat", "urls"], True, "cannot write (Too many levels of symbolic links)"),
    ],
)
def test_a_link_that_points_at_itself_is_one_line_naming_it_not_a_traceback(scene, monkeypatch, argv, config, said):
    """`ln -s loop loop; export -o loop`: Python 3.11's resolve() raised "Symlink loop from …" as a traceback, in six
    commands, where `--db loop list` said it in one line."""
    (scene / "loop").symlink_to("loop")
    (scene / "feeds.opml").write_text('<opml version="2.0"><body><outline type="rss" xmlUrl="https://example.org/a.xml"/></body></opml>\n')
    (scene / "urls").write_text("https://example.org/a.xml\n")
    if config:
        monkeypatch.setenv("NIEUWS_TUI_CONFIG", str(scene / "loop"))
    code, _, err = run_in_process(argv)
    line = err.splitlines()[-1]
    assert code != 0 and line.startswith("nieuws-tui: error: ") and said in line and "loop" in line, err


proc_file = pytest.mark.skipif(not os.path.exists("/proc/version"), reason="a file of Linux's /proc")


@proc_file
def test_a_file_that_says_it_is_empty_but_is_not_is_no_library_with_nothing_to_restore(capsys):
    """`--db /proc/version` was said to be an empty file, maybe emptied: restore it from a backup."""
    assert main(["--db", "/proc/version", "list"]) == 2
    said = capsys.readouterr().err
    assert said.startswith("nieuws-tui: error: /proc/version: not a library database") and "empty" not in said


@proc_file
def test_an_export_where_no_new_file_can_be_made_says_so_naming_the_folder(capsys, tmp_path):
    """`export -o /proc/version` said "cannot write (No such file or directory)": the file is there; the new one that
    replaces it, made beside it, cannot be."""
    library = str(tmp_path / "library.sqlite")
    assert main(["--db", library, "list"]) == 0  # (with the samples)
    assert main(["--db", library, "export", "-o", "/proc/version"]) == 2
    said = capsys.readouterr().err.splitlines()[-1]
    assert said.startswith("nieuws-tui: error: /proc/version: cannot write: no new file can be made in /proc (")
