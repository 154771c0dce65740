"""Shared fixtures: the real sample pages, libraries built from them, and the installed command."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

# The suite speaks English whatever the machine's locale: LANGUAGE is read first, here
# (where the language is decided on first use) and in every
# command a test starts. Tests of another language say so (`speaking`, `choose_language`).
os.environ["LANGUAGE"] = "en"
os.environ["TZ"] = "Europe/Amsterdam"  # times are shown in the user's zone (tui.formatting.local_zone): the tests' are Amsterdam's
# And draws in colour whatever the terminal it was started from: a CI runner's TERM=dumb (or NO_COLOR) would take the
# app's colours away. Tests of those say so.
os.environ["TERM"] = "xterm-256color"
os.environ.pop("NO_COLOR", None)

from feeds.imports import import_paths
from feeds.language import choose_language
from feeds.library import Library
from feeds.model import AMSTERDAM

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SCHEMAS = ROOT.parent / "shared" / "schemas"
# A fixed capture time for the seeds, so resolved ages are exact in assertions.
CAPTURED = datetime(2026, 3, 3, 12, 0, tzinfo=AMSTERDAM)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """No test touches the real user's library or config."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.delenv("NIEUWS_TUI_DB", raising=False)
    # An empty sources list: no test may fetch the default sources from the internet.
    config = home / "config" / "nieuws-tui" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("# no sources in tests\n", encoding="utf-8")
    monkeypatch.setenv("NIEUWS_TUI_CONFIG", str(config))


@pytest.fixture(autouse=True)
def _english():
    """Every test starts in English, whatever language the one before it chose."""
    choose_language(os.environ)


def speaking(**variables: str) -> dict[str, str]:
    """An environment for a command that asks for a language only through these locale variables."""
    return {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "", **variables}


@pytest.fixture
def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture
def library_path(tmp_path) -> Path:
    return tmp_path / "library.json"


@pytest.fixture
def seeded_library(library_path, seed_paths) -> Library:
    """A library holding the two seed pages, captured at CAPTURED."""
    library = Library(library_path)
    import_paths(library, seed_paths, CAPTURED)
    return library


def nieuws_tui_command() -> list[str]:
    """The installed `nieuws-tui` entry point (next to this Python), else the module."""
    script = Path(sys.executable).with_name("nieuws-tui")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tui.cli"]


@pytest.fixture
def cli(tmp_path):
    """Run the installed `nieuws-tui` command in a scratch folder; returns CompletedProcess."""

    def run(*args: str, env: dict | None = None, input: str | None = None, timeout: float = 60):
        environment = {**os.environ, **(env or {})}
        return subprocess.run(
            [*nieuws_tui_command(), *args],
            cwd=tmp_path,
            env=environment,
            input=input,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    return run


def cli_into(path: Path, redirect: str, *args: str, env: dict) -> subprocess.CompletedProcess[str]:
    """Run `nieuws-tui ARGS > PATH` (or `>> PATH`) as a shell opens the file: `>>` with O_APPEND and its offset
    left at 0 (Python's own `open(…, "a")` moves it to the end); standard error captured."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if redirect == ">>" else os.O_TRUNC)
    descriptor = os.open(path, flags, 0o644)
    try:
        return subprocess.run(
            [*nieuws_tui_command(), *args], cwd=path.parent, env={**os.environ, **env}, stdout=descriptor, stderr=subprocess.PIPE, text=True, timeout=60
        )
    finally:
        os.close(descriptor)


def require_tool(name: str) -> str:
    """The path of an external tool; skipped when absent, unless CI demands every tool."""
    path = shutil.which(name)
    if path:
        return path
    if os.environ.get("NIEUWS_TUI_REQUIRE_TOOLS") == "1":
        pytest.fail(f"{name} is required here (NIEUWS_TUI_REQUIRE_TOOLS=1) but not installed")
    pytest.skip(f"{name} is not installed")


@contextlib.contextmanager
def web_server(host: str = "127.0.0.1") -> Iterator[HTTPServer]:
    """A local web server on `host`, a loopback address (threaded: a slow answer must not hold up the others); always
    stopped. Each is a host of its own to a fetch, which asks one host one thing at a time."""
    server = HTTPServer(host=host, port=0, threaded=True)
    # A path it was not told of is not there, as on a site: a robots.txt answered 500 (its default) keeps every
    # article page of the site away.
    server.no_handler_status_code = 404
    server.start()
    try:
        yield server
    finally:
        server.clear()
        server.stop()


@pytest.fixture
def httpserver() -> Iterator[HTTPServer]:
    with web_server() as server:
        yield server


@pytest.fixture
def servers() -> Iterator[contextlib.ExitStack]:
    """Where a test enters more web servers (`servers.enter_context(web_server())`), stopped after it."""
    with contextlib.ExitStack() as stack:
        yield stack


class Browser:
    """A web browser as webbrowser.get() gives it: it notes what it opens, and on which thread."""

    def __init__(self, name: str = "firefox", works: bool = True) -> None:
        self.name, self.works = name, works
        self.opened: list[str] = []
        self.threads: list[object] = []

    def open(self, url: str, *args: object, **kwargs: object) -> bool:
        import threading

        self.opened.append(url)
        self.threads.append(threading.current_thread())
        return self.works


@pytest.fixture
def browser(monkeypatch) -> Browser:
    """The user's web browser, one in a window of its own; what the app asked it to open is in `.opened`."""
    import webbrowser

    found = Browser()
    monkeypatch.setattr(webbrowser, "get", lambda *args: found)
    return found


def holding_the_library(path: Path, seconds: float) -> None:
    """Another writer (a fetch run, the app's refresh) that takes the library at `path` now, and holds it for `seconds`."""
    import sqlite3
    import threading
    import time

    writing = threading.Event()

    def hold() -> None:
        with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as other:
            other.execute("BEGIN IMMEDIATE")
            writing.set()
            time.sleep(seconds)
            other.execute("ROLLBACK")

    threading.Thread(target=hold, daemon=True).start()
    assert writing.wait(5)
