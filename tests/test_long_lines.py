"""A line, title or name longer than its bound is cut, at a sentence's end or a word, not its story left out.

Text renderings cut a long line as HTML cuts a long paragraph (feeds/pages/cuts.py); a story's title, section or
author is shortened with `…`; no block starts with a combining mark or grows past its bound once normalised.
"""

from __future__ import annotations

import json
import time
import unicodedata

from feedkit import feed_articles
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from feeds.clean import clean_text
from feeds.pages.blocks import text_blocks
from feeds.pages.bounds import MAX_BLOCK_CHARS
from feeds.pages.html import fragment_blocks

_SENTENCES = " ".join(f"Zin {n} van de wet, artikel {n} lid {n % 7}." for n in range(4_000))  # some 120,000 characters
_TITLE = " ".join(f"woord{n}" for n in range(10_000))  # some 78,000 characters
_PAGE = "Gemeente Goes opent nieuw stadskantoor\n\nGOES - De gemeente Goes heeft maandag haar nieuwe stadskantoor geopend.\n\n{line}\n"


def _feed(title: str = "Brug dicht", category: str = "Regio", author: str = "Jan Jansen", channel: str = "Regio") -> bytes:
    from xml.sax.saxutils import escape

    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{escape(channel)}</title><link>https://nieuws.example/</link>'
        f"<description>x</description><item><title>{escape(title)}</title><link>https://nieuws.example/brug</link>"
        f"<category>{escape(category)}</category><author>{escape(author)}</author>"
        "<description>VLISSINGEN - De brug is dicht.</description></item></channel></rss>"
    ).encode()


def _is_mark(character: str) -> bool:
    return unicodedata.category(character)[0] == "M"


def test_a_text_renderings_line_longer_than_a_block_is_cut_at_sentence_ends_not_refused():
    blocks = [block.text for block in text_blocks(_PAGE.format(line=_SENTENCES)).blocks]
    cut = blocks[2:]
    assert len(cut) > 2 and all(len(text) <= MAX_BLOCK_CHARS for text in cut)
    assert " ".join(cut) == _SENTENCES and all(text.endswith(".") for text in cut)


def test_importing_a_text_file_with_a_line_longer_than_a_block_keeps_its_story_whole(cli, tmp_path):
    page = tmp_path / "goes.txt"
    page.write_text(_PAGE.format(line=_SENTENCES), encoding="utf-8")
    env = {"NIEUWS_TUI_DB": str(tmp_path / "library.json")}
    result = cli("import", str(page), env=env)
    assert result.returncode == 0 and "left out" not in result.stdout + result.stderr, result.stdout + result.stderr
    [story] = json.loads(cli("list", "--json", env=env).stdout)
    assert story["title"] == "Gemeente Goes opent nieuw stadskantoor"


def test_a_text_renderings_line_of_one_word_longer_than_a_block_is_cut_outside_its_characters():
    word = "q\u0301" * 40_000
    cut = [block.text for block in text_blocks(_PAGE.format(line=word)).blocks][2:]
    assert "".join(cut) == unicodedata.normalize("NFC", word) and all(len(text) <= MAX_BLOCK_CHARS for text in cut)
    assert not any(_is_mark(text[0]) for text in cut)


def test_a_feed_items_title_category_and_author_longer_than_their_bound_are_shortened_at_a_word_and_the_story_kept():
    [story] = feed_articles(_feed(title=_TITLE, category=_TITLE, author=_TITLE))
    for name in (story.title, story.section, story.author):
        assert name is not None and len(name) <= MAX_BLOCK_CHARS and name.endswith("…")
        assert _TITLE.startswith(name.removesuffix("…")) and _TITLE[len(name) - 1] == " "


def test_a_feed_whose_title_is_longer_than_its_bound_is_read_its_section_shortened():
    [story] = feed_articles(_feed(category="", channel=_TITLE))
    assert story.section is not None and story.section.endswith("…") and len(story.section) <= MAX_BLOCK_CHARS


def test_a_cut_before_white_space_carrying_a_combining_mark_starts_no_block_with_the_mark():
    paragraph = "x" * 49_990 + "   \u0301" + "y" * 20_000
    texts = [block.text for block in fragment_blocks(f"<p>Voor.</p><p>{paragraph}</p>", "https://x.example/s")[1:]]
    assert len(texts) > 1 and all(len(text) <= MAX_BLOCK_CHARS for text in texts)
    assert not any(_is_mark(text[0]) for text in texts)
    cut = [block.text for block in text_blocks(_PAGE.format(line=paragraph)).blocks][2:]
    assert len(cut) > 1 and not any(_is_mark(text[0]) for text in cut)


def test_a_paragraph_that_grows_past_a_block_once_normalised_is_cut_to_blocks_within_the_bound():
    """U+FB2C is three characters in NFC: 48,000 of them and spaces, under the bound as read, were a block of 128,000."""
    paragraph = ("\ufb2c" * 5 + " ") * 8_000
    texts = [block.text for block in fragment_blocks(f"<p>Voor.</p><p>{paragraph}</p>", "https://x.example/s")[1:]]
    assert len(texts) > 1 and all(len(text) <= MAX_BLOCK_CHARS for text in texts)
    assert " ".join(texts) == unicodedata.normalize("NFC", paragraph).strip()


_GRAPHEMES = st.sampled_from(["a", "é", "e\u0301", " ", " \u0301", "\U0001f1f3\U0001f1f1", "\u1100\u1161", "👍🏽", ". ", "\u200d"])


@settings(max_examples=25, deadline=None)
@given(st.lists(_GRAPHEMES, min_size=1, max_size=40), st.integers(30_000, 60_000))
@example([" \u0301", "a"], 49_998)
@example(["a", " \u0301", " \u0301", " "], 55_000)
@example(["\u200d", "\U0001f1f3\U0001f1f1", " \u0301", " \u0301", " \u0301", "a"], 49_995)
def test_a_long_line_is_cut_never_inside_a_character_and_its_pieces_rejoin_to_it(pieces, size):
    # (Of spaces that carry marks, and flags or emoji, alone, with no word to cut before, a block may start with a mark.)
    assume(any(piece[0].isalpha() for piece in pieces))
    unit = "".join(pieces)
    line = "Begin " + unit * (size // len(unit) + 1)
    cleaned = [block.text for block in text_blocks(line).blocks]
    whole = " ".join(clean_text(line).split())
    assert all(len(text) <= MAX_BLOCK_CHARS for text in cleaned) and not any(_is_mark(text[0]) for text in cleaned)
    assert " ".join(cleaned).replace(" ", "") == whole.replace(" ", "")


def test_cutting_long_lines_takes_time_in_proportion_to_their_length():
    def seconds(times: int) -> float:
        line = "woord " * (30_000 * times)
        started = time.process_time()
        text_blocks(line)
        return time.process_time() - started

    seconds(1)
    assert seconds(4) < 8 * max(seconds(1), 0.01)


def test_a_title_of_megabytes_is_shortened_in_the_time_of_its_bound_not_of_its_length():
    """Every cut of the whole title was looked for, the first one used: a title of 3 MB of accented spaces took 6 s."""
    from feeds.pages.cuts import shortened

    def seconds(times: int) -> float:
        title = " \u0301" * (MAX_BLOCK_CHARS * times)
        started = time.process_time()
        assert len(shortened(title)) <= MAX_BLOCK_CHARS
        return time.process_time() - started

    seconds(1)
    assert seconds(16) < 4 * max(seconds(1), 0.01)
