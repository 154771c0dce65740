"""Opening one of an article's links by its number."""

from __future__ import annotations

import time

import pytest

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


@pytest.mark.parametrize(
    ("text", "words"),
    [("banaan " * 300_000, ["a"] * 200), (("a" * 300 + "b ") * 7_000, ["a" * length for length in range(1, 201)])],
    ids=["the-same-words", "each-its-own-words"],
)
def test_links_whose_words_stand_only_inside_longer_words_are_marked_in_a_moment_however_long_the_text(text, words):
    """Each such link was looked for by a regex all through the text, twice: 200 of them in a feed item of 10 MB froze
    the app for 10 s. Words not found are not looked for again, and the text is looked through a few times at most."""
    from feeds.model import Link
    from tui.widgets.reader import link_marks

    links = [Link(f"https://e.example/{number}", link_words) for number, link_words in enumerate(words)]
    started = time.process_time()
    assert link_marks([text], links) == [[]]
    assert time.process_time() - started < 1  # some 0.3 s; as it was, 2.5 and 4 s for these 2 MB


def test_every_link_of_a_long_article_is_marked_though_each_comes_before_the_one_before_it():
    """Each is looked for all through the text, after the one before and then before it: the bound on looking is
    no bound on a news article's links."""
    from feeds.model import Link
    from tui.widgets.reader import link_marks

    texts = [" ".join(f"woord{paragraph}x{word}" for word in range(100)) for paragraph in range(40)]  # some 40 kB
    links = [Link(f"https://e.example/{number}", f"woord{number // 5}x{number % 5 * 20}") for number in reversed(range(200))]
    marks = link_marks(texts, links)
    assert sum(len(text_marks) for text_marks in marks) == 200
