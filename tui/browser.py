"""Which kind of web browser `o` starts: one in a window of its own, or one in this terminal.

Python's webbrowser picks it: $BROWSER, else the desktop's, else (over ssh, on
a console, where newsboat users often are) one that runs in the terminal it is
started from: www-browser, links, elinks, lynx, w3m. A browser in a window runs
beside the app. One in the terminal must have the terminal to itself until it
is quit, as newsboat gives it: both drawing on it at once leave neither usable.
config.toml's browser is newsboat's setting, and is placed as newsboat places
it: a program not known to open a window (a user's wrapper script running w3m)
has the terminal, unless its command ends with `&`.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import signal
import subprocess
import sys
import termios
import threading
import time
import webbrowser
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from textual.app import App, SuspendNotSupported

from feeds import NoSuchHome, browser_words, expanded, ngettext
from feeds import gettext as _

from .screens.links import PRESSED_AGAIN_WITHIN

TERMINAL_BROWSERS = frozenset({"www-browser", "links", "links2", "elinks", "lynx", "w3m", "browsh", "carbonyl"})
# What starts the desktop's browser, and without a desktop (over ssh) one in the terminal.
WRAPPERS = frozenset({"sensible-browser", "xdg-open"})
# Browsers known to open a window of their own: those webbrowser knows (register_X_browsers, and macOS's `open`),
# and others as common. config.toml's browser is given the terminal unless it is one of these.
WINDOW_BROWSERS = frozenset({
    "x-www-browser", "gio", "gvfs-open", "gnome-open", "kde-open", "kfmclient", "open",
    "firefox", "firefox-esr", "iceweasel", "iceape", "seamonkey", "mozilla-firefox", "mozilla-firebird", "firebird",
    "mozilla", "netscape", "librewolf", "waterfox", "kfm", "konqueror", "falkon", "galeon", "epiphany", "midori",
    "skipstone", "google-chrome", "google-chrome-stable", "chrome", "chromium", "chromium-browser", "brave",
    "brave-browser", "vivaldi", "microsoft-edge", "opera", "mosaic", "grail", "qutebrowser", "surf", "luakit",
})
# Seconds after which a browser in a window that the app waits for has shown the page: one that ends badly later
# (closed an hour on, or crashed) did open it, and the next browser $BROWSER names taking the terminal then would be no help.
OPENED_AFTER = 5.0


def browsers(configured: str | None = None) -> Iterator[tuple[webbrowser.BaseBrowser, bool]]:
    """The browsers `o` tries in turn, as webbrowser.open does: config.toml's browser (a command line, `configured`),
    then each that $BROWSER names (a list, separated by colons); else the one webbrowser finds itself, and after
    those named, that one too. Each with whether it runs in this terminal."""
    newsboats = with_address(configured) if configured else ""
    for name in browser_names(configured):
        # (webbrowser reads a command line in $BROWSER as the shell would: an unclosed quote raises ValueError, and a
        # blank entry IndexError. Either would end the thread without a word, and o would do nothing.)
        with contextlib.suppress(webbrowser.Error, ValueError, IndexError):
            browser = webbrowser.get(name)
            yield browser, in_this_terminal(browser, as_newsboat=name == newsboats)


def browser_names(configured: str | None = None) -> Iterator[str | None]:
    listed = [name for name in os.environ.get("BROWSER", "").split(os.pathsep) if name]
    # A name with options but no %s (`lynx -accept_all_cookies`) webbrowser takes for the program's name, found nowhere.
    named: list[str | None] = [with_address(configured)] if configured else []
    named += [with_address(name) if len(name.split()) > 1 else name for name in listed]
    yield from named or [None]
    # Where a browser is named, webbrowser.get() gives what it names: the desktop's browser is asked of a Python
    # without $BROWSER, and found here by the name it gives. Only once all named failed: it takes a moment.
    if named and (found := desktops_browser()) not in (None, *named):
        yield found


def with_address(command: str) -> str:
    """A command line as webbrowser.get takes one, `%s` for the page's address: newsboat's `%u` is that too, and a
    command that names no place for it gets it at the end (before a closing `&`), as newsboat gives it. A program in
    the home folder (`~/bin/newsboat-browser.sh`, as newsboat's FAQ has it) is found there, as newsboat's shell finds it."""
    try:
        words = browser_words(command.replace("%u", "%s"))
    except ValueError:
        return command  # (webbrowser refuses it, and the next is tried)
    if not words:
        return command
    if words[0].startswith("~"):  # (only then: a Path would make `./w3m` a `w3m` looked for in $PATH)
        try:
            words[0] = str(expanded(words[0]))
        except NoSuchHome:
            return command  # (webbrowser finds no such program, and the next is tried)
    if not any("%s" in word for word in words):
        words = [*words[:-1], "%s", "&"] if words[-1] == "&" else [*words, "%s"]
    return shlex.join(words)


def desktops_browser() -> str | None:
    """The name of the browser webbrowser picks where $BROWSER names none; None when it finds none."""
    without = {name: value for name, value in os.environ.items() if name != "BROWSER"}
    ask = "import webbrowser\ntry:\n    print(webbrowser.get().name)\nexcept webbrowser.Error:\n    pass"
    try:
        found = subprocess.run([sys.executable, "-I", "-c", ask], env=without, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return found.stdout.strip() or None


def in_this_terminal(browser: webbrowser.BaseBrowser, as_newsboat: bool = False) -> bool:
    """Whether the browser draws in the terminal it is started from: its command is one of TERMINAL_BROWSERS
    ($BROWSER may name it by its path), or a wrapper where there is no desktop. `as_newsboat`: newsboat gives its
    browser the terminal and waits for it, whatever it is, unless its command ends with `&`; so does the app with
    config.toml's, unless it is known to open a window. Sent away from the terminal, a user's wrapper script that
    runs w3m (newsboat's FAQ has one) would leave w3m without a terminal to draw on or keys to read."""
    command = Path(browser.name or "").name  # (a program's path, which may have spaces in it: a word of its own)
    if command in WRAPPERS:
        return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if command in TERMINAL_BROWSERS:
        return True
    return as_newsboat and command not in WINDOW_BROWSERS and not isinstance(browser, webbrowser.BackgroundBrowser)


def terminal_command(browser: webbrowser.BaseBrowser, url: str) -> list[str] | None:
    """The command that runs `browser` on `url` in this terminal, as webbrowser would; None when its program is not
    there. In the foreground even where $BROWSER ends it with `&`: webbrowser would start it in the background,
    where it fought the app for the terminal."""
    if shutil.which(browser.name) is None:
        return None
    return command_line(browser, url)


def command_line(browser: webbrowser.BaseBrowser, url: str) -> list[str]:
    return [browser.name, *(argument.replace("%s", url) for argument in browser.args)]


def open_in_a_window(browser: webbrowser.BaseBrowser, url: str) -> bool:
    """Open `url` in a browser with a window of its own, as webbrowser would, but away from this terminal. webbrowser
    runs a command $BROWSER names (and xdg-open) with the app's terminal as its stdin, stdout and stderr: what the
    browser says there (Gtk warnings, `Opening in existing browser session.`, even a `\\e[2J`) would be written over
    the app's screen, and one that reads its stdin would take the app's keys. In a session of its own, the one waited
    for too: in the app's, the terminal's hangup (its window closed) and a ctrl+c typed into a lynx opened later
    would end the browser's window with the app. The kinds webbrowser has for browsers it knows are left to it."""
    if type(browser) not in (webbrowser.GenericBrowser, webbrowser.BackgroundBrowser):
        return browser.open(url)
    away = subprocess.DEVNULL
    started = time.monotonic()
    try:
        process = subprocess.Popen(command_line(browser, url), stdin=away, stdout=away, stderr=away, start_new_session=True)
    except OSError:
        return False
    # One started in the background (config.toml's command ends with `&`) may be a wrapper that hands the page to a
    # browser and returns at once: ended well, it did its job, as a browser still running after a while shows the
    # page. Ended badly before then, it did not, and the next one is tried. One in the foreground is waited for.
    background = isinstance(browser, webbrowser.BackgroundBrowser)
    try:
        status = process.wait(timeout=OPENED_AFTER if background else None)
    except subprocess.TimeoutExpired:
        return True
    return status == 0 or time.monotonic() - started >= OPENED_AFTER


def run_in_this_terminal(command: list[str]) -> int | None:
    """Run a browser in this terminal until it is quit: its exit status, or None when it could not be started.
    Not webbrowser's open, which says False for either: the next browser would come up as the user quits lynx. Any
    status is the browser's own, 126 and 127 too: started without a shell, a program that cannot be run raises
    OSError here, and a wrapper script that ends with them has run, and may have shown the page before its last
    command failed."""
    with terminal_mode_kept():
        try:
            return subprocess.call(command)
        except OSError:
            return None


@contextlib.contextmanager
def terminal_mode_kept() -> Iterator[None]:
    """The terminal's mode as it was before the browser, however the browser ends. One that crashes or is killed
    leaves it raw and without echo, which the app, come back, would take for the mode to give the shell at its end."""
    try:
        terminal = sys.__stdin__.fileno() if sys.__stdin__ is not None else -1
        mode = termios.tcgetattr(terminal)
    except (OSError, ValueError, termios.error):  # no terminal (a test, a pipe): nothing to keep
        yield
        return
    try:
        yield
    finally:
        with contextlib.suppress(termios.error):
            termios.tcsetattr(terminal, termios.TCSANOW, mode)


@contextlib.contextmanager
def keys_to_the_browser() -> Iterator[None]:
    """While a browser in this terminal runs: ctrl+c and ctrl+\\ typed into it are the browser's. The terminal
    sends them to every process in its foreground, the app waiting for the browser too, which they would end at
    once, with nothing said and the marks still queued. As system(3) does, the app lets them pass meanwhile, with a
    handler of its own rather than SIG_IGN, which the browser would inherit."""
    if threading.current_thread() is not threading.main_thread():
        yield  # (signals are the main thread's: an app run on another cannot catch them)
        return
    before = {number: signal.signal(number, _let_pass) for number in (signal.SIGINT, signal.SIGQUIT)}
    try:
        yield
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)


def _let_pass(number: int, frame: object) -> None:
    pass


class BrowserLauncher:
    """`o`: a page in the user's browser, one at a time. Finding the browser may ask the desktop (xdg-settings),
    and one in a window may be waited for until it exits ($BROWSER): that runs on a daemon thread of its own,
    never on the app's. (A Textual thread worker runs in asyncio's default executor, which the app waits for as
    it ends: a browser window still open would keep the app from ending.)"""

    def __init__(
        self, app: App[int], configured: str | None, from_thread: Callable[..., None], leaving: Callable[[], bool], pressed: Callable[[], float]
    ) -> None:
        """`configured`: config.toml's browser, tried before $BROWSER's (newsboat's browser). `from_thread`: how the
        thread has the app's thread run something and waits for it. `leaving`: whether q's turn has come. `pressed`:
        when (time.monotonic) the last key or mouse button the app took was pressed."""
        self.app = app
        self.configured = configured
        self.from_thread = from_thread
        self.leaving = leaving
        self.pressed = pressed
        self.busy = False  # a browser is being found, or runs in this terminal: o waits
        self.opening = ""  # the page it is for
        # Other pages asked for meanwhile (`o 1 enter o 2 enter` typed together): opened in turn once a browser in a
        # window has the page; refused once one in this terminal takes it, as o typed while it runs would be.
        self.asked: list[str] = []
        self.opened = 0  # how many times o asked for a browser: the last may have the terminal (_open_in_this_terminal)
        # When the last browser in this terminal was quit: an o typed before it took the terminal (o o typed together)
        # may reach the app only after it is quit (the app waits for it), and would start a second one.
        self.quit_at: float | None = None
        # When each page was handed to a browser in a window, which frees o at once: the same page asked for by a key
        # pressed before or soon after (o o, typed 100 ms apart) is a double press. Another page may have been handed
        # over meanwhile (`o 1 enter o 2 enter o 1 enter` typed together). Only those a key could still be a double
        # press of: one for each page opened, kept for the session, was a page's address more at every o.
        self.handed_at: dict[str, float] = {}
        self.when_handed: dict[str, Callable[[], None]] = {}  # what is done once a page is handed to a browser (open)

    def open(self, url: str, handed: Callable[[], None] | None = None) -> bool:
        """Whether the page is to be opened: not refused as a double press. `handed`: called on the app's thread once
        a browser that is there has the page (in a window, or run in this terminal); not where none is found or none
        named is installed (`O` marked the article read though no browser opened it)."""
        # Keys are pressed one after another: one pressed this long after a hand-over, every key after it is too.
        self.handed_at = {page: at for page, at in self.handed_at.items() if self.pressed() < at + PRESSED_AGAIN_WITHIN}
        again = url in self.handed_at and self.pressed() < self.handed_at[url] + PRESSED_AGAIN_WITHIN
        if (self.quit_at is not None and self.pressed() < self.quit_at) or (self.busy and url in (self.opening, *self.asked)) or again:
            self._refuse()
            return False
        if handed is not None:
            self.when_handed[url] = handed
        else:
            self.when_handed.pop(url, None)  # (an O of it before that no browser had)
        if self.busy:
            self.asked.append(url)
            return True
        self.busy = True
        self.opening = url
        self.opened += 1
        threading.Thread(target=self._open_in_browser, args=(url, self.opened), daemon=True).start()
        return True

    def _open_in_browser(self, url: str, number: int) -> None:
        """On the thread: `url` in the user's browser. The next one is tried when one cannot be started, or, in a
        window, does not open it; one that ran in this terminal opened it, however it ended. That one is started
        from the app's thread. o waits meanwhile (busy), until a browser in a window has the page (it may be waited
        for until it is closed) or the one in this terminal is quit."""
        found = handed_over = tried = False  # `tried`: a browser that is there was tried, and failed
        missing: list[str] = []  # the programs named that are not there (newsboat's `browser "w3m %u"` on a machine without it)
        try:
            for browser, in_the_terminal in browsers(self.configured):
                found = True
                if shutil.which(browser.name) is None and type(browser) in (webbrowser.GenericBrowser, webbrowser.BackgroundBrowser):
                    missing.append(browser.name)
                else:
                    tried = True
                if in_the_terminal:
                    started: list[bool] = []
                    self.from_thread(self._open_in_this_terminal, browser, url, started, number)
                    if started != [False]:  # it ran, or the app is going
                        return
                    continue
                if self.leaving():  # q after o: no browser comes up as the app goes
                    return
                if not handed_over:
                    handed_over = True
                    self.from_thread(self._handing_over, url)
                if open_in_a_window(browser, url):
                    return
            if found:
                self.from_thread(self._failed, url, [] if tried else list(dict.fromkeys(missing)))
            else:
                self.when_handed.pop(url, None)
                self.from_thread(self.app.notify, _("No web browser found to open {url}: name one as browser in config.toml, or in $BROWSER.").format(url=url), severity="warning", timeout=8)
        finally:
            if not handed_over:
                # After the keys typed before the browser took the terminal, still to be handled: an o among them is refused too.
                self.from_thread(self.app.call_later, self._done)

    def _handing_over(self, url: str) -> None:
        self.app.notify(_("Opening {url}").format(url=url), timeout=3)
        self.handed_at[url] = time.monotonic()
        self._handed(url)
        self._done()

    def _handed(self, url: str) -> None:
        if (handed := self.when_handed.pop(url, None)) is not None:
            handed()

    def _done(self) -> None:
        self.busy = False
        if self.asked:
            self.open(self.asked.pop(0))

    def _refuse(self) -> None:
        self.app.notify(_("Already opening a web browser."), timeout=2)

    def _open_in_this_terminal(self, browser: webbrowser.BaseBrowser, url: str, started: list[bool], number: int) -> None:
        """lynx, w3m and the like, and a program config.toml's browser names, have the terminal to themselves until
        they are quit, as in newsboat. Whether it could be started goes in `started`; nothing, when the app is going
        or o was pressed again since."""
        if self.leaving():
            return  # q after o: no browser takes the terminal as the app goes
        if number != self.opened:
            # An o pressed while a browser in a window failed (o is free once one is handed the page) would bring up
            # this one as the user quits the terminal browser of the last o, which has the terminal: this one's page,
            # said to be opening, is said not to be.
            self._failed(url)
            return
        command = terminal_command(browser, url)
        status = None
        if command is not None:  # (one that is not there is not waited for with the screen gone)
            if self.asked:
                for page in self.asked:
                    self.when_handed.pop(page, None)
                self.asked.clear()
                self._refuse()
            try:
                with self.app.suspend(), keys_to_the_browser():
                    status = run_in_this_terminal(command)
            except SuspendNotSupported:
                pass
            self.quit_at = time.monotonic()
        started.append(status is not None)
        if status is not None:
            self._handed(url)
        if status:  # lynx that could not reach the page says so on the terminal, which the app then covers again
            ended = _("The web browser {browser} ended with status {status}.") if status > 0 else _("The web browser {browser} was ended by signal {status}.")
            self.app.notify(ended.format(browser=browser.name, status=abs(status)), severity="warning", timeout=8)  # (subprocess's -9: signal 9)

    def _failed(self, url: str, missing: Sequence[str] = ()) -> None:
        self.when_handed.pop(url, None)
        if missing:
            said = ngettext(
                "The web browser did not open {url}: {programs} is not installed; name another as browser in config.toml, or in $BROWSER.",
                "The web browser did not open {url}: {programs} are not installed; name another as browser in config.toml, or in $BROWSER.",
                len(missing),
            )
            self.app.notify(said.format(url=url, programs=", ".join(missing)), severity="warning", timeout=10)
            return
        self.app.notify(_("The web browser did not open {url}.").format(url=url), severity="warning", timeout=8)
