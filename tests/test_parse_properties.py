"""Properties that hold for any input: the parser never crashes nor invents, slugs are clean and stable."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta

import pytest
from conftest import CAPTURED
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pagekit import LocalItem, RegionalPage, TickerLine

from feeds.clean import clean_text, terminal_safe
from feeds.model import AMSTERDAM, Article
from feeds.pages.ages import resolve_age
from feeds.pages.blocks import PageBlock, text_blocks
from feeds.pages.encoding import NotText, decode_page
from feeds.pages.html import fragment_blocks, html_blocks
from feeds.pages.page import NotANewsPage, PageTooComplex, parse_page
from feeds.urls import slugify

SLUG = re.compile(r"^(?:[a-z0-9]+(?:-[a-z0-9]+)*)?$")
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text made of the pieces pages are made of, so the parser's paths are all taken.
_PIECES = st.sampled_from([
    "Webmail", "Meer uit Buitenland", "Meer uit ", "25 minuten geleden", "1 uur ge", "gisteren", "maandag 3 november 2025",
    "Editie: NL & Wereld | Zeeland", "ANP Kabinet valt", "MOSKOU (ANP/RTR) - De trein is aangekomen.", "GOES - ",
    "Onderhandelingen", "Een lange zin met een punt aan het eind, zoals een alinea.", "(", " - ", "\u202e", "\x1b[2J", "",
    "Net binnen", "- Binnenland 11:52 Kabinet valt", "- Show & Media 23:59 Late show", "- Goes 25:61 Markt", "- Tholen 11:40", "- ",
    "1 week geledenVLISSINGEN - De gemeente bouwt een zwembad aan de rand van de stad.", "MIDDELBURG - Het college wil een nieuwe brug.",
    "KORFBALAMSTERDAM (ANP) - Het duel eindigde in 20-18.", "OOSTKAPELLE - ", "Nieuws uit Middelburg", "11:52",
])  # fmt: skip
_PAGE_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=80)), max_size=40).map(
    lambda parts: "\n".join(parts)
)
_TAGS = st.sampled_from([
    "p", "div", "h1", "h2", "h3", "li", "ul", "a", "span", "time", "article", "main", "aside", "script", "nav", "b",
    'time datetime="2026-03-03T11:52:00+01:00"', 'a href="/nieuws/regio/goes/markt"', "section",
])  # fmt: skip


@st.composite
def _html(draw) -> str:
    out = []
    for _ in range(draw(st.integers(0, 30))):
        tag = draw(_TAGS)
        out.append(f"<{tag}>{draw(st.one_of(_PIECES, st.text(max_size=40)))}")
        if draw(st.booleans()):
            out.append(f"</{tag.split()[0]}>")
    return "<html><body>" + "".join(out)


def _parses_or_says_why(content: str, html: bool) -> None:
    try:
        page = parse_page(content, CAPTURED, html=html)
    except (NotANewsPage, PageTooComplex):
        return
    blocks = html_blocks(content) if html else text_blocks(content)
    for article in page.articles:
        assert article.title and article.id and article.url.startswith("http")
        for text in (article.title, article.lead, *(b.text for b in article.body)):
            assert "\x1b" not in text and "\u202e" not in text
        _invents_nothing(article, "\n".join(b.text for b in blocks.blocks), {b.time for b in blocks.blocks if b.time}, page.captured)


def _invents_nothing(article: Article, seen: str, times: set[datetime], captured: datetime) -> None:
    """Every field is on the page: its text as shown, or a time the page gives (an age, a clock, a <time>)."""
    for text in (article.lead, *(b.text for b in article.body)):
        assert text in seen
    if article.title_from_lead:
        assert article.title.removesuffix("…") in article.lead
    else:
        assert article.title in seen
    for field in (article.place, article.rubric, article.age):
        assert field is None or field in seen
    assert all(agency.casefold() in seen.casefold() for agency in article.agencies)
    assert article.section is None or article.section.casefold() in seen.casefold() or article.section == "Zeeland"
    if article.published is not None:
        by_age = article.age is not None and article.published == resolve_age(article.age, captured)
        by_clock = article.age is None and f"{article.published:%H:%M}" in seen
        assert by_age or by_clock or article.published in times


@FAST
@given(_PAGE_TEXT)
def test_the_parser_never_raises_on_arbitrary_text(content):
    _parses_or_says_why(content, html=False)


@FAST
@given(_html())
def test_the_parser_never_raises_on_arbitrary_html(content):
    _parses_or_says_why(content, html=True)


def test_the_parser_survives_html_nested_far_deeper_than_recursion_allows():
    _parses_or_says_why("<div>" * 20_000 + "<h1>Titel</h1><p>GOES - Er is iets gebeurd in Goes vandaag, zegt de gemeente.</p>", html=True)


@FAST
@given(st.binary(max_size=2000))
def test_decoding_never_raises_anything_but_not_text(raw):
    try:
        text = decode_page(raw)
    except NotText:
        return
    assert isinstance(text, str)


@FAST
@given(st.text())
def test_slugs_are_url_safe(title):
    assert SLUG.match(slugify(title))


@FAST
@given(st.text())
def test_slugs_are_stable(title):
    slug = slugify(title)
    assert slugify(title) == slug
    assert slugify(slug) == slug


def test_slugs_fold_accents_and_follow_the_site():
    assert slugify("Eén op de vijf Zeeuwen: ‘geen’ café!") == "een-op-de-vijf-zeeuwen-geen-cafe"
    assert slugify("Burgemeester Apeldoorn over explosie: had anders kunnen aflopen") == (
        "burgemeester-apeldoorn-over-explosie-had-anders-kunnen-aflopen"
    )
    assert slugify("NOC*NSF -- 51e persconferentie  ") == "noc-nsf-51e-persconferentie"


@FAST
@given(st.lists(st.one_of(st.characters(), st.characters(categories=["Cs"]))).map("".join))  # lone surrogates too, which st.text leaves out
def test_cleaning_removes_every_control_character_but_newlines_and_every_lone_surrogate(text):
    cleaned = clean_text(text)
    assert not any((ord(c) < 32 and c != "\n") or 0x7F <= ord(c) < 0xA0 or 0xD800 <= ord(c) < 0xE000 for c in cleaned)
    assert clean_text(cleaned) == cleaned
    cleaned.encode("utf-8")  # storable


ZWNJ, ZWJ = "\u200c", "\u200d"
# Bidi controls and marks, and the invisible format characters: each makes a text look like another.
SPOOFING = "\u061c\u180e\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
_LETTERS_AND_EMOJI = st.sampled_from(["a", "é", "ש", "م", "ی", "क", "्", "ष", "👩", "💻", "🏽", "🏳", "\ufe0f", "🌈", "❤", "🔥"])
_ANY_PIECE = st.one_of(_LETTERS_AND_EMOJI, st.sampled_from([ZWNJ, ZWJ, *SPOOFING, " ", "\n", "1", ".", "\x1b[2J", "\x9b"]), st.characters())


def joined_both_sides(text: str, index: int) -> bool:
    def joinable(char: str) -> bool:
        return unicodedata.category(char)[0] in "LM" or unicodedata.category(char) == "So" or 0x1F3FB <= ord(char) <= 0x1F3FF

    return 0 < index < len(text) - 1 and joinable(text[index - 1]) and joinable(text[index + 1])


@FAST
@given(st.lists(_ANY_PIECE, max_size=30).map("".join))
def test_cleaning_keeps_a_joiner_only_between_two_letters_or_emoji_and_no_bidi_or_invisible_format_character(text):
    cleaned = clean_text(text)
    assert not any(c in SPOOFING for c in cleaned)
    assert all(joined_both_sides(cleaned, i) for i, c in enumerate(cleaned) if c in (ZWNJ, ZWJ))
    assert clean_text(cleaned) == cleaned


@FAST
@given(st.lists(st.tuples(_LETTERS_AND_EMOJI, st.sampled_from(["", ZWNJ, ZWJ])), min_size=1, max_size=12), _LETTERS_AND_EMOJI)
def test_cleaning_leaves_letters_and_emoji_joined_as_they_were(pieces, last):
    text = unicodedata.normalize("NFC", "".join(char + joiner for char, joiner in pieces) + last)
    assert clean_text(text) == text


def test_emoji_sequences_and_words_spelled_with_joiners_are_stored_as_written():
    for text in ["👩\u200d💻 programmeert", "🏳️\u200d🌈 vlag", "👩🏽\u200d💻", "क्\u200dष", "می\u200cخواهم", "Auf\u200clage"]:
        assert clean_text(text) == text
    assert clean_text("\u200dbegin \u200c eind\u200d") == "begin eind"
    assert clean_text("Goes\u200e\u202e\u2066 nieuws\u200b") == "Goes nieuws"


# Every format character the installed Python knows. Kept: a joiner between two characters it joins, and the tags of
# a subdivision flag; the rest only hides text, or shapes it as no terminal does (feeds/clean.py, _DELETED).
FORMAT_CHARACTERS = [chr(code) for code in range(0x110000) if unicodedata.category(chr(code)) == "Cf"]
SCOTLAND = "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
FLAG = re.compile("\U0001f3f4[\U000e0030-\U000e0039\U000e0061-\U000e007a]{3,7}\U000e007f")
_TAG_PIECES = st.sampled_from(["\U0001f3f4", "\U000e0067", "\U000e0062", "\U000e0073", "\U000e0030", "\U000e0041", "\U000e007f", SCOTLAND])


def test_no_format_character_but_a_joiner_is_kept_between_two_letters_nor_shown_as_it_is():
    for char in FORMAT_CHARACTERS:
        kept = f"a{char}b" if char in (ZWNJ, ZWJ) else "ab"
        assert clean_text(f"a{char}b") == kept, f"U+{ord(char):04X}"
        assert char not in terminal_safe(f"1{char}2"), f"U+{ord(char):04X}"


@FAST
@given(st.lists(st.one_of(_LETTERS_AND_EMOJI, _TAG_PIECES, st.characters(categories=["Cf"]), st.characters()), max_size=30).map("".join))
def test_no_format_character_survives_cleaning_or_reaches_the_terminal_but_joiners_and_the_tags_of_a_flag(text):
    cleaned = clean_text(text)
    assert clean_text(cleaned) == cleaned
    for kept in (FLAG.sub("", cleaned), FLAG.sub("", terminal_safe(text)), FLAG.sub("", terminal_safe(text, json=True))):
        assert not [char for char in kept if unicodedata.category(char) == "Cf" and char not in (ZWNJ, ZWJ)]


@pytest.mark.parametrize(("text", "cleaned"), [("\U000e0041", ""), (SCOTLAND, SCOTLAND), ("\U0001f3f4" + "\U000e0067" * 8 + "\U000e007f", "\U0001f3f4")])
def test_megabytes_of_tag_characters_take_no_seconds_to_clean_or_to_show(text, cleaned):
    """A flag's tags only are kept and shown as they are: a code of eight is no flag's."""
    import time

    count = 10_000_000 // len(text.encode())
    started = time.process_time()
    assert clean_text(text * count) == cleaned * count
    assert terminal_safe(text * count).count("\\U000e") == count * (len(text) - len(cleaned))
    assert time.process_time() - started < 3


@pytest.mark.parametrize("joined", ["a", "中", "👩", "\U0001d7ce", "\U00030000", ZWJ])
def test_megabytes_of_joiners_take_no_seconds_to_clean_or_to_show(joined):
    import time

    text = (joined + ZWJ) * (10_000_000 // len((joined + ZWJ).encode()))  # a 10 MB feed's worth
    started = time.process_time()
    cleaned = clean_text(text)
    terminal_safe(cleaned)
    assert time.process_time() - started < 3  # under 1 s; a call of a function for each joiner took 10-30 s


@pytest.mark.parametrize("separator", ["\u2028", "\u2029"])
def test_a_line_or_paragraph_separator_of_unicode_parts_words_as_a_line_end_does(separator):
    """Deleted like a control, it ran the words on either side into one ("eentwee")."""
    html = f"<p>Het kabinet{separator}presenteert dinsdag{separator}</p>"
    assert [b.text for b in fragment_blocks(html, "https://example.org/")] == ["Het kabinet presenteert dinsdag"]
    assert clean_text(f"een{separator}twee") == "een\ntwee"
    assert text_blocks(f"Het kabinet{separator}presenteert dinsdag.\n\nTweede alinea.") == text_blocks("Het kabinet\npresenteert dinsdag.\n\nTweede alinea.")


# -- regional pages, generated -------------------------------------------------------------------

_WORDS = st.sampled_from(["brug", "markt", "Goes", "zwembad", "nieuwe", "dicht", "open", "gemeente", "raad", "haven", "'s", "café", "12"])
_TITLES = st.lists(_WORDS, min_size=1, max_size=7).map(lambda words: " ".join(words).capitalize())
_TICKER_LINES = st.builds(
    TickerLine,
    section=st.sampled_from(["Binnenland", "Buitenland", "Show & Media", "Tholen", "Noord-Beveland", "Schouwen-Duiveland", "Goes"]),
    clock=st.tuples(st.integers(0, 23), st.integers(0, 59)).map(lambda hm: f"{hm[0]:02d}:{hm[1]:02d}"),
    title=_TITLES,
)
_LOCAL_ITEMS = st.builds(
    LocalItem,
    lead=st.tuples(st.sampled_from(["GOES", "MIDDELBURG", "SINT-MAARTENSDIJK", "'S-HEERENHOEK", "KAMPERLAND", "NIEUW-NAMEN"]), _TITLES).map(
        lambda pair: f"{pair[0]} - {pair[1]} volgens de gemeente."
    ),
    age=st.sampled_from(["1 minuut geleden", "3 uur geleden", "1 dag geleden", "12 dagen geleden", "1 week geleden", "2 maanden geleden"]),
)
_REGIONAL_PAGES = st.builds(
    RegionalPage,
    ticker=st.lists(_TICKER_LINES, max_size=6),
    items=st.lists(_LOCAL_ITEMS, max_size=6),
    heading=st.sampled_from([None, "Middelburg", "Nieuws uit Goes"]),
    boilerplate=st.booleans(),
).filter(lambda page: page.ticker or page.items)


def _ticker_time(clock: str) -> datetime:
    hour, minute = map(int, clock.split(":"))
    moment = CAPTURED.replace(hour=hour, minute=minute)
    return moment - timedelta(days=1) if moment > CAPTURED else moment


@FAST
@given(_REGIONAL_PAGES, st.booleans())
def test_a_regional_page_gives_exactly_its_ticker_lines_and_local_items(page, html):
    result = parse_page(page.html() if html else page.text(), CAPTURED, html=html)
    region = "Goes" if page.heading == "Nieuws uit Goes" else page.heading or "Zeeland"
    assert (result.kind, result.section) == ("regional", region)
    ticker, items = result.articles[: len(page.ticker)], result.articles[len(page.ticker):]
    assert [(a.section, a.title, a.published, a.lead, a.place) for a in ticker] == [
        (line.section, line.title, _ticker_time(line.clock), "", None) for line in page.ticker
    ]
    assert [(a.place, a.agencies, a.lead, a.age, a.published, a.section) for a in items] == [
        (item.lead.split(" - ")[0], (), item.lead.split(" - ", 1)[1], item.age, resolve_age(item.age, CAPTURED), region)
        for item in page.items
    ]
    assert all(a.published is not None and a.published.tzinfo is AMSTERDAM or a.published.utcoffset() is not None for a in result.articles)


@FAST
@given(_REGIONAL_PAGES, st.data())
def test_a_regional_page_cut_anywhere_keeps_only_what_the_whole_page_has(page, data):
    html = data.draw(st.booleans())
    content = page.html() if html else page.text()
    whole = parse_page(content, CAPTURED, html=html).articles
    cut = content[: data.draw(st.integers(0, len(content)))]
    try:
        result = parse_page(cut, CAPTURED, html=html)
    except NotANewsPage:
        return
    if result.kind != "regional":
        # Cut before its first age, a page without a ticker is a line and a lead: no shape of its own.
        assert not page.ticker
        return
    for article in result.articles:
        if article.lead:  # a local item is whole or gone
            assert article in whole
        else:  # a ticker line may show part of its title, and nothing of markup the cut left unfinished
            assert any(w.section == article.section and w.published == article.published and w.title.startswith(article.title) for w in whole)


@FAST
@given(_REGIONAL_PAGES.filter(lambda page: len(page.items) > 1), st.data())
def test_a_local_item_without_a_readable_age_is_kept_undated_and_loses_no_other(page, data):
    whole = parse_page(page.text(), CAPTURED).articles
    # (the last item's age line is the page's end: without it the item is one cut in its age, and dropped)
    index = data.draw(st.integers(0, len(page.items) - 2))
    line = data.draw(st.sampled_from(["", "12345 minuten geleden", "99999 jaar geleden"]))
    items = [LocalItem(item.lead, line) if i == index else item for i, item in enumerate(page.items)]
    read = parse_page(RegionalPage(page.ticker, items, page.heading, page.boilerplate).text(), CAPTURED).articles
    undated = len(page.ticker) + index
    assert read == [a.with_changes(age=None, published=None) if i == undated else a for i, a in enumerate(whole)]


# -- feed entries: a plain run of blocks is read without the walk, with the walk's answer ----------

_TEXT = st.lists(
    st.sampled_from(
        ["ab", " ", "é", "\n", "\r\n", "\r", "\t", "\x00", "\x0c", "\x85", "\u2028", "\x1b[2J", ">", "&", "&amp;", "&amp", "&notit;", "&not",
         "&lt;b&gt;", "&#0;", "&#13;", "&#x80;", "&#xD800;", "&#x1b;[2J", "&nbsp;", "\u200b", "  ", ";", "#"]
    ),
    max_size=8,
).map("".join)  # fmt: skip
_PART = st.one_of(
    _TEXT,
    st.tuples(
        st.sampled_from(["p", "h2", "h6", "li", "ul", "dd", "dt", "div", "blockquote", "pre", "section", "aside", "figcaption", "span", "header",
                         "time", "b", "br", "hr", "td", "tr", "table", "textarea", "script", "P"]),
        _TEXT,
    ).map(lambda t: f"<{t[0]}>{t[1]}</{t[0]}>"),  # fmt: skip
    st.sampled_from(["<!-- opmerking -->", '<p class="x">met attribuut</p>', "<p>een <em>genest</em> woord</p>", "<p>", "</p>", "<p >x</p>", "<br>"]),
)


@FAST
@given(st.lists(_PART, max_size=8).map("".join))
def test_feed_content_gives_the_blocks_the_page_walk_gives(html):
    # A feed entry's walk reads lists and tables as feed readers show them (_Walk.structured), a page's as lines each;
    # and keeps the lines a `<br>` breaks one paragraph's (LINE_BREAK). Both mark the paragraphs of a quotation (QUOTE_MARK).
    page = html_blocks(f"<html><body>{html}</body></html>", "https://x.example/").blocks
    if not re.search(r"<(?:li|td|th|br)\b", html):
        assert fragment_blocks(html, "https://x.example/") == page
    assert fragment_blocks(html, "https://x.example/") == _walked(f"<html><body>{html}</body></html>")


_REFERENCE_TEXT = st.lists(
    st.one_of(
        st.sampled_from([*"&#;xX0123456789abcdef ", "amp", "lt", "not", "nbsp", "&#", "&#x", "&amp", "\x00", "\x1b", "\r", "\x85", "\ufdd0", "\U0001fffe"]),
        st.characters(blacklist_categories=("Cs",), blacklist_characters="<"),
    ),
    max_size=20,
).map("".join)


def _walked(html: str) -> list[PageBlock]:
    """What the parser and the walk read of a fragment: what a plain run must read too."""
    from selectolax.lexbor import LexborHTMLParser

    from feeds.pages.html import _Walk

    body = LexborHTMLParser(html).body
    return _Walk("https://x.example/", [], structured=True).run(body) if body is not None else []


@FAST
@given(st.lists(st.tuples(st.sampled_from(["p", "h2", "div", ""]), _REFERENCE_TEXT), max_size=4))
def test_a_plain_run_reads_character_references_as_the_walk_does(parts):
    html = "".join(f"<{tag}>{text}</{tag}>" if tag else text for tag, text in parts)
    assert fragment_blocks(html, "https://x.example/") == _walked(html)


@pytest.mark.parametrize("code", [0, 1, 8, 9, 0xB, 0xD, 0x1B, 0x1F, 0x20, 0x7F, 0x80, 0x81, 0x9F, 0xE9, 0xD800, 0xFDD0, 0xFFFE, 0x1FFFF, 0x10FFFF, 0x110000, 10**30])
@pytest.mark.parametrize("form", ["&#{code};", "&#x{code:X}", "&#X{code:x};", "&#0000000000{code};"])
def test_a_plain_run_reads_numeric_references_as_the_walk_does(code, form):
    # html.unescape, which a plain run reads references with, drops some that a parser keeps
    html = f"<p>a {form.format(code=code)}[2J b</p><h2>{form.format(code=code)}</h2>"
    assert fragment_blocks(html, "https://x.example/") == _walked(html)


@pytest.mark.parametrize("number", ["0" * 5000 + "65", "9" * 5000, "x" + "0" * 5000 + "41"])
def test_a_numeric_reference_of_thousands_of_digits_is_read_as_a_parser_reads_it(number):
    # html.unescape raises ValueError on a decimal number of more than 4,300 digits
    html = f"<p>a &#{number}; b</p>"
    assert fragment_blocks(html, "https://x.example/") == _walked(html)


@pytest.mark.parametrize(
    "html",
    [
        "<p>\x1b\x00[2J x</p>",  # a parser drops the NUL, and the escape sequence is one again
        "<p>\x9b\x00&Bx</p>",
        "<p>\x1b\x00]0;t\x07x</p>",
        "<p>a\udfffb</p>",  # a lone surrogate, dropped too
        "<p>a" + "\r\n" * 25_000 + "b</p>",  # 50,000 characters as sent, 25,000 as read
        "<p>" + "\r\n".join(["Een regel van een lang bericht, afgebroken zoals e-mail dat doet, op 79 tekens."] * 620) + "</p>",
        "<pre>\n" + "x" * 50_000 + "</pre>",  # the line end after <pre> is no text
        "<p>" + "x" * 49_999 + "\x00\x00</p>",
    ],
    ids=["nul-csi", "nul-8-bit-csi", "nul-osc", "surrogate", "crlf", "crlf-lines", "pre", "nul-long"],
)
def test_a_plain_run_reads_what_a_parser_reads_not_what_was_sent(html):
    assert fragment_blocks(html, "https://x.example/") == _walked(html)


def test_a_fragment_thick_with_references_is_left_to_the_parser_which_reads_them_in_c():
    from feeds.pages.html import _plain_run

    html = "<p>" + "&amp;" * 20_000 + "</p>"  # a hostile feed's entry: html.unescape would make 20,000 Python calls
    assert _plain_run(html) is None
    assert fragment_blocks(html, "https://x.example/") == [PageBlock("&" * 20_000, "p")]
    assert _plain_run("<p>" + ("&" + "a" * 31 + " ") * 1400 + "</p>") is None  # 3 µs each: unescape tries every start of the word
    assert _plain_run("<p>Jan &amp; Piet &quot;gaan&quot; naar zee.</p>") == [PageBlock('Jan & Piet "gaan" naar zee.', "p")]


def test_a_long_text_without_tags_is_read_in_one_pass():
    import time

    started = time.process_time()
    assert fragment_blocks("TERNEUZEN - De haven" + "\n" * 40_000 + "groeit.", "https://x.example/")[0].text == "TERNEUZEN - De haven groeit."
    # Longer than a block: cut at its white space, its words kept (it was refused, a paragraph, not a book).
    longer = fragment_blocks("TERNEUZEN - De haven" + "\n" * 300_000 + "groeit.", "https://x.example/")
    assert " ".join(block.text for block in longer) == "TERNEUZEN - De haven groeit."
    assert time.process_time() - started < 2  # ~10 ms; searched for blocks from every character, 40 s


# -- the lead key: stored keys are compared with new ones, so its definition never changes ------------


@FAST
@given(st.text(st.sampled_from([*"aBcßİﬃ  \t\n\u00a0\u2028.é", "ǅ", "Σ"]), max_size=60), st.booleans())
def test_the_lead_key_is_the_hash_of_the_case_folded_lead_with_its_whitespace_runs_one_space(lead, long):
    import hashlib

    from feeds.store.rows import lead_key

    lead = lead * 3 if long else lead
    text = " ".join(lead.casefold().split())
    expected = hashlib.sha1(text.encode("utf-8")).hexdigest()[:12] if len(text) >= 40 else None
    assert lead_key(Article("0" * 12, "https://x.example/", "t", None, None, (), lead, (), None, None, "teaser")) == expected


def test_a_lead_with_soft_hyphens_has_the_key_of_the_lead_without_them():
    """Text loses its soft hyphens as it is read now; a lead stored before that holds them, and its row written again
    (refiled, merged) got a key no story seen now has: the story was stored twice."""
    from feeds.store.rows import lead_key

    def key(lead: str) -> str | None:
        return lead_key(Article("0" * 12, "https://x.example/", "t", None, None, (), lead, (), None, None, "teaser"))

    lead = "De Zeeland\xadbrug is vanaf maandag twee weken dicht voor onderhoud aan het weg\xaddek."
    assert key(lead) == key(lead.replace("\xad", "")) is not None
