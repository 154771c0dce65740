"""The installed program in a real terminal: tmux runs it, sends keys and reads the screen."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest
from conftest import SEEDS, nieuws_tui_command, require_tool

KIM = "Koreaanse leider Kim al in Rusland voor ontmoeting met Poetin"
KIM_IN_LIST = KIM[:40]  # the list shortens long titles to fit its columns


class Terminal:
    """A tmux session of its own (private socket), always killed at the end."""

    def __init__(self, tmux: str, env: dict[str, str], size: tuple[int, int] = (120, 40)) -> None:
        self.tmux, self.env, self.size = tmux, env, size
        self.socket = f"nieuws-tui-test-{uuid.uuid4().hex[:8]}"

    def _run(self, *args: str) -> str:
        return subprocess.run([self.tmux, "-L", self.socket, *args], capture_output=True, text=True, check=True).stdout

    def start(self, *command: str) -> None:
        assignments = " ".join(f"{key}={shlex.quote(value)}" for key, value in self.env.items())
        line = f"exec env -i {assignments} {shlex.join(command)}"
        width, height = self.size
        # Without a client, tmux sizes new windows by default-size; set it before the window exists.
        self._run("-f", "/dev/null", "start-server", ";", "set-option", "-g", "default-size", f"{width}x{height}", ";",
                  "new-session", "-d", "-x", str(width), "-y", str(height), line)

    def screen(self, styles: bool = False) -> str:
        """The screen's text; with `styles`, with the escape sequences of its colours and text styles."""
        return self._run("capture-pane", "-p", *(["-e"] if styles else []))

    def keys(self, *keys: str) -> None:
        self._run("send-keys", *keys)

    def wait_for(self, text: str, timeout: float = 15) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never showed; the screen was:\n{self.screen()}")

    def wait_until_still(self, seconds: float = 0.5, timeout: float = 15) -> str:
        """The screen once it has stopped changing (start-up paints, resizes)."""
        deadline = time.monotonic() + timeout
        last, since = self.screen(), time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.1)
            screen = self.screen()
            if screen != last:
                last, since = screen, time.monotonic()
            elif time.monotonic() - since >= seconds:
                return screen
        return last

    def pid(self) -> int:
        return int(self._run("list-panes", "-F", "#{pane_pid}").split()[0])

    def closes(self, timeout: float = 10) -> bool:
        """Whether the program ends (and its session with it) within the timeout."""
        deadline = time.monotonic() + timeout
        while self.alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        return not self.alive()

    def alive(self) -> bool:
        return subprocess.run([self.tmux, "-L", self.socket, "has-session"], capture_output=True).returncode == 0

    def close(self) -> None:
        subprocess.run([self.tmux, "-L", self.socket, "kill-server"], capture_output=True)


@pytest.fixture
def terminal(tmp_path):
    tmux = require_tool("tmux")
    env = {
        "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite"),
        "NIEUWS_TUI_STATE": str(tmp_path / "app.json"),
        "HOME": os.environ["HOME"],
        "XDG_CONFIG_HOME": os.environ["XDG_CONFIG_HOME"],
        "XDG_DATA_HOME": os.environ["XDG_DATA_HOME"],
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    }
    subprocess.run(
        [*nieuws_tui_command(), "import", "--captured", "2026-03-03T12:00", str(SEEDS)],
        env={**os.environ, **env},
        check=True,
        capture_output=True,
    )
    session = Terminal(tmux, env)
    yield session
    session.close()


def _listed(terminal: Terminal) -> list[dict]:
    result = subprocess.run([*nieuws_tui_command(), "list", "--json"], env={**os.environ, **terminal.env}, capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_reading_an_article_in_a_real_terminal_marks_it_read(terminal):
    terminal.start(*nieuws_tui_command())
    terminal.wait_for(KIM_IN_LIST)
    screen = terminal.wait_until_still()
    assert "16 unread" in screen
    assert "All" in screen and "Starred" in screen and "Buitenland" in screen

    terminal.keys("Enter")
    screen = terminal.wait_for("De zwaar gepantserde trein")
    assert "MOSKOU · ANP/RTR" in screen
    terminal.wait_for("15 unread")

    terminal.keys("q")  # back from the article beside the list, as in newsboat
    terminal.wait_for("Choose an article")
    terminal.keys("q")
    assert terminal.closes(), "the app did not quit on q"
    [kim] = [a for a in _listed(terminal) if a["title"] == KIM]
    assert kim["read"] is True


def test_a_search_typed_ahead_in_a_real_terminal_finds_its_article_and_enter_opens_it(terminal):
    terminal.start(*nieuws_tui_command())
    terminal.wait_for(KIM_IN_LIST)
    terminal.wait_until_still()
    # In one write, as a slow connection delivers keys typed ahead: none of the letters may act on the list.
    terminal.keys("/satelliettechnologie")  # a word of Kim's body only: the search index answers
    terminal.wait_for("satelliettechnologie")
    screen = terminal.wait_until_still()
    assert KIM_IN_LIST in screen and "Maduro" not in screen and "16 unread" in screen
    terminal.keys("Enter")
    terminal.wait_until_still()
    terminal.keys("Enter")
    terminal.wait_for("De zwaar gepantserde trein")
    terminal.keys("q", "q")
    assert terminal.closes(), "the app did not quit"


def test_a_change_survives_kill_9_right_after_the_keypress(terminal):
    terminal.start(*nieuws_tui_command())
    terminal.wait_for(KIM_IN_LIST)
    terminal.wait_until_still()
    terminal.keys("s", "j", "m")
    terminal.wait_for("15 unread")
    time.sleep(0.3)  # the keypress is on screen; the write is off the UI thread, milliseconds behind
    os.kill(terminal.pid(), signal.SIGKILL)
    articles = _listed(terminal)
    assert [a["title"] for a in articles if a["starred"]] == [KIM]
    assert sum(a["read"] for a in articles) == 1
    assert Path(terminal.env["NIEUWS_TUI_DB"]).exists()


def _text_styles(screen: str) -> set[int]:
    """Every SGR parameter the screen uses (1 bold, 4 underline, 7 reverse, 38 a colour…)."""
    return {int(p) for params in re.findall(r"\x1b\[([0-9;]*)m", screen) for p in params.split(";") if p}


COLOURS = set(range(30, 38)) | {38} | set(range(40, 48)) | {48} | set(range(90, 98)) | set(range(100, 108))  # 39/49: the terminal's own


def test_no_color_gives_a_screen_without_colours_where_unread_starred_and_focus_show(terminal):
    terminal.env["NO_COLOR"] = "1"
    terminal.start(*nieuws_tui_command())
    terminal.wait_for(KIM_IN_LIST)
    terminal.wait_until_still()
    terminal.keys("s", "m", "j")
    screen = terminal.wait_for("15 unread")
    assert "★" in screen and "●" in screen and "Starred" in screen
    styled = terminal.wait_until_still() and terminal.screen(styles=True)
    assert not _text_styles(styled) & COLOURS, "NO_COLOR, yet the screen has colours"
    assert {1, 4, 7} <= _text_styles(styled)  # bold unread titles, the other list's cursor underlined, the focused one reversed
    terminal.keys("Enter")
    terminal.wait_for("PYONGYANG · ANP/AFP")
    terminal.keys("q", "q")
    assert terminal.closes(), "the app did not quit on q q"


def o_gives_the_terminal_to_the_browser(terminal: Terminal, shows: str) -> None:
    """The app started, o pressed on the first article: the browser must have the terminal, showing `shows`."""
    terminal.start(*nieuws_tui_command())
    terminal.wait_for(KIM_IN_LIST)
    terminal.wait_until_still()
    terminal.keys("o")
    terminal.wait_for(shows)
    screen = terminal.wait_until_still()  # with what the app would draw over it, had it come back
    assert shows in screen and KIM_IN_LIST not in screen


def test_a_browser_in_the_terminal_has_it_until_it_is_quit_even_one_started_with_an_ampersand(terminal, tmp_path):
    """BROWSER="lynx %s &": lynx ran in the background while the app came back at once, both drawing on the
    terminal; and lynx that ended with a status other than 0 brought up the next browser BROWSER names."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for name, says in (("lynx", "lynx shows"), ("second-browser", "a second browser shows")):
        script = folder / name
        script.write_text(f'#!/bin/sh\necho "{says} $1"\nread answer\nexit 1\n')  # until a key is typed into it
        script.chmod(0o755)
    terminal.env["PATH"] = f"{folder}{os.pathsep}{terminal.env['PATH']}"
    terminal.env["BROWSER"] = "lynx %s &:second-browser"
    o_gives_the_terminal_to_the_browser(terminal, "lynx shows https://")
    terminal.keys("Enter")
    terminal.wait_for("The web browser lynx ended with status 1.")
    screen = terminal.wait_for(KIM_IN_LIST)
    assert "a second browser shows" not in screen
    terminal.keys("q")
    assert terminal.closes(), "the app did not quit on q"


def test_config_tomls_browser_that_runs_w3m_in_a_script_has_the_terminal_as_in_newsboat(terminal, tmp_path):
    """browser = "~/bin/newsboat-browser.sh %u", as newsboat's FAQ has it: the app took the script for a browser in a
    window and started it away from the terminal, where the w3m it runs could neither draw nor read a key."""
    script = Path(terminal.env["HOME"]) / "bin" / "newsboat-browser.sh"
    script.parent.mkdir()
    answered = tmp_path / "answered.txt"
    script.write_text(f'#!/bin/sh\necho "w3m shows $1"\nread answer\necho "$answer" > {answered}\n')  # until a key is typed into it
    script.chmod(0o755)
    terminal.env["NIEUWS_TUI_CONFIG"] = os.environ["NIEUWS_TUI_CONFIG"]
    Path(terminal.env["NIEUWS_TUI_CONFIG"]).write_text('browser = "~/bin/newsboat-browser.sh %u"\n', encoding="utf-8")
    o_gives_the_terminal_to_the_browser(terminal, "w3m shows https://")
    terminal.keys("y", "Enter")
    terminal.wait_for(KIM_IN_LIST)
    assert answered.read_text() == "y\n"
    terminal.keys("q")
    assert terminal.closes(), "the app did not quit on q"


def test_a_closed_terminal_ends_the_app_with_its_marks_and_place_and_the_process_goes(terminal):
    """Closing the terminal ended the app as q does, marks and place kept, but the process stayed for ever: what
    it wrote as it went (the terminal's modes given back) failed on the closed terminal, which ended Textual's
    writer thread, and the next writes waited for room in its queue. A SIGTERM no longer ended it either."""
    terminal.env |= {"PYTHONUNBUFFERED": "1", "PYTHONDONTWRITEBYTECODE": "1"}  # as many a container sets them
    terminal.start(*nieuws_tui_command())
    terminal.wait_for(KIM_IN_LIST)
    terminal.wait_until_still()
    app = terminal.pid()
    terminal.keys("s", "Enter")  # on the first article, Kim's, which the reader shows
    terminal.wait_for("Starred      1")
    terminal.wait_for("MOSKOU · ANP/RTR")
    terminal.close()  # as a terminal's window is closed: a hangup
    deadline = time.monotonic() + 20
    while _running(app) and time.monotonic() < deadline:
        time.sleep(0.1)
    gone = not _running(app)
    if not gone:
        os.kill(app, signal.SIGKILL)
    assert gone, "the app's process stayed after its terminal was closed"
    [kim] = [a for a in _listed(terminal) if a["title"] == KIM]
    assert kim["starred"]
    assert f'"article":"{kim["id"]}"' in Path(terminal.env["NIEUWS_TUI_STATE"]).read_text().replace(" ", "")  # its place


def _running(pid: int) -> bool:
    """Whether the process is there and no zombie (one ended, not yet reaped by the init that took it over)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


def test_a_first_starts_notices_with_a_warning_show_whole_at_80_by_24(tmp_path):
    """At the first start the new library's notice, the samples' hint and a warning of config.toml's were stacked
    taller than 80×24 has room for above the footer: one was cut off, the warning's start or the hint's last line,
    the `?` that shows the other ways. The library and config.toml in a folder of one's own, their paths of a fixed
    length (each said in its notice)."""
    tmux = require_tool("tmux")
    own = Path(tempfile.mkdtemp(prefix="nieuws-tui-", dir="/tmp"))  # /tmp/nieuws-tui-XXXXXXXX
    try:
        folder = own / "Documenten" / "nieuws" / "bibliotheken" / "zeeland" / "nieuws-tui" / "sinds-2026" / "eigen-bronnen"
        folder = folder / "nieuwsbibliotheek-van-thuis" / "gedeeld-met-de-rest-van-het-gezin"
        folder.mkdir(parents=True)
        library, config = folder / "library.sqlite", folder / "config.toml"
        config.write_text("refresh_minuts = 30\n", encoding="utf-8")  # a typo: a warning
        env = {
            "NIEUWS_TUI_DB": str(library),  # not there yet: the first start
            "NIEUWS_TUI_CONFIG": str(config),
            "NIEUWS_TUI_STATE": str(tmp_path / "app.json"),  # written as the app ends, maybe after the folder is gone
            "HOME": os.environ["HOME"],
            "TERM": "xterm-256color",
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        }
        terminal = Terminal(tmux, env, size=(80, 24))
        try:
            terminal.start(*nieuws_tui_command())
            terminal.wait_for("shows the other")
            screen = terminal.wait_until_still()
            # The notices stand at the right, over the list: each line a ▌ and 38 columns (their words cut anywhere: paths).
            said = "".join("".join(line.partition("▌")[2][:38].split()) for line in screen.splitlines() if "▌" in line)
            assert said.startswith(f"{own}/Documenten/"), f"the first notice's start is cut off:\n{screen}"
            assert said.endswith("".join("To read your own feeds: `nieuws-tui sources add URL`; ? shows the other ways.".split())), screen
            terminal.keys("q")
            assert terminal.closes(), "the app did not quit on q"
        finally:
            terminal.close()
    finally:
        shutil.rmtree(own)
