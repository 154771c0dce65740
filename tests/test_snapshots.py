"""What the main screens look like, at 80×24 and 120×40 (SVG snapshots in tests/__snapshots__)."""

from __future__ import annotations

import pytest
from conftest import CAPTURED

from feeds.language import choose_language
from feeds.library import Library
from tui.app import NieuwsApp
from tui.preferences import Preferences

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}


@pytest.fixture(autouse=True)
def _dutch():
    """The snapshots show dates and ages in Dutch (`gezien zojuist`): the app as a Dutch locale shows it."""
    choose_language({"LANG": "nl_NL.UTF-8"})


def _app(path) -> NieuwsApp:
    app = NieuwsApp(Library(path), now=lambda: CAPTURED, preferences=Preferences(theme="textual-dark"))
    return app


@pytest.mark.parametrize("size", SIZES)
def test_the_library_screen(snap_compare, seeded_library, size):
    assert snap_compare(_app(seeded_library.path), terminal_size=SIZES[size])


@pytest.mark.parametrize("size", SIZES)
def test_an_open_article(snap_compare, seeded_library, size):
    assert snap_compare(_app(seeded_library.path), terminal_size=SIZES[size], press=["j", "enter"])


@pytest.mark.parametrize("size", SIZES)
def test_the_keys_screen(snap_compare, seeded_library, size):
    assert snap_compare(_app(seeded_library.path), terminal_size=SIZES[size], press=["question_mark"])


def test_an_empty_library(snap_compare, tmp_path):
    path = tmp_path / "library.json"
    Library(path).add([])
    assert snap_compare(_app(path), terminal_size=SIZES["80x24"])
