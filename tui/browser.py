"""Which kind of web browser `o` starts: one in a window of its own, or one in this terminal.

Python's webbrowser picks it: $BROWSER, else the desktop's, else (over ssh, on
a console, where newsboat users often are) one that runs in the terminal it is
started from: www-browser, links, elinks, lynx, w3m. A browser in a window runs
beside the app. One in the terminal must have the terminal to itself until it
is quit, as newsboat gives it: both drawing on it at once left neither usable.
"""

from __future__ import annotations

import webbrowser
from pathlib import Path

TERMINAL_BROWSERS = frozenset({"www-browser", "links", "links2", "elinks", "lynx", "w3m", "browsh", "carbonyl"})


def in_this_terminal(browser: webbrowser.BaseBrowser) -> bool:
    """Whether the browser draws in the terminal it is started from: its command is one of TERMINAL_BROWSERS
    ($BROWSER may name it by its path, and with options)."""
    words = (browser.name or "").split()
    return bool(words) and Path(words[0]).name in TERMINAL_BROWSERS
