"""Opening one of an article's links by its number."""

from __future__ import annotations

from tui.screens.links import choice


def test_a_typed_number_opens_its_link_as_soon_as_no_other_can_be_meant():
    assert choice("2", 5) == 2 and choice("1", 9) == 1
    assert choice("1", 12) is None and choice("12", 12) == 12 and choice("2", 12) == 2


def test_among_ten_links_a_1_waits_for_a_0_and_the_tenth_can_be_opened():
    assert choice("1", 10) is None and choice("10", 10) == 10 and choice("2", 10) == 2



def test_a_links_mark_follows_its_words_after_the_link_before_whole_words_only_and_none_where_they_are_not():
    from feeds.model import Link
    from tui.widgets.reader import link_marks, marked

    texts = ["Lees hierover hier het rapport.", "Nogmaals het rapport, en hier."]
    links = [Link("https://a.example/", "hier"), Link("https://b.example/", "het rapport"), Link("https://c.example/", "hier"), Link("https://d.example/", "weg"), Link("https://e.example/", "Lees")]
    shown = ["".join(part if isinstance(part, str) else part[0] for part in marked(text, marks, None, "note")) for text, marks in zip(texts, link_marks(texts, links), strict=True)]
    # `Lees` came before the link before it: its first occurrence; `hierover` is no `hier`; `weg` is nowhere: no mark.
    assert shown == ["Lees[5] hierover hier[1] het rapport[2].", "Nogmaals het rapport, en hier[3]."]
