"""Opening one of an article's links by its number."""

from __future__ import annotations

from tui.screens.links import choice


def test_a_typed_number_opens_its_link_as_soon_as_no_other_can_be_meant():
    assert choice("2", 5) == 2 and choice("1", 9) == 1
    assert choice("1", 12) is None and choice("12", 12) == 12 and choice("2", 12) == 2


def test_among_ten_links_a_1_waits_for_a_0_and_the_tenth_can_be_opened():
    assert choice("1", 10) is None and choice("10", 10) == 10 and choice("2", 10) == 2
