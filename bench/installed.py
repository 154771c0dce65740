"""The project as an installed nieuws-tui runs it: with its modules compiled.

pip compiles a package's modules when it installs it. This machine sets
PYTHONDONTWRITEBYTECODE, so an editable install would compile every module
again at every start (80–140 ms), which no user's nieuws-tui does.
"""

from __future__ import annotations

import compileall
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def compile_project() -> None:
    for package in ("feeds", "tui"):
        compileall.compile_dir(PROJECT / package, quiet=1)
