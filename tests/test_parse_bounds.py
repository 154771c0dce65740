"""Any page up to the size cap is read within bounds, or refused with a clear reason.

Each class of page that made the parser quadratic or exhaust memory is refused
before parsing (too deep, too many tags, attributes or options, lines or blocks,
an endless paragraph); what stays within the bounds is read without backtracking.
Times are not asserted here (bench/fuzz.py measures them); the few `HANG_GUARD`
checks only catch a regression back to minutes.
"""

from __future__ import annotations

import time
import tracemalloc

import pytest
from conftest import CAPTURED
from feedkit import RSS2, feed_articles
from pagekit import ArticlePage

from feeds.imports import import_paths
from feeds.library import Library
from feeds.pages.blocks import text_blocks
from feeds.pages.bounds import MAX_ATTRIBUTES, MAX_BLOCK_CHARS, MAX_BLOCKS, MAX_DEPTH, MAX_FEED_ENTRIES, MAX_FEED_TAGS, MAX_OPTIONS, MAX_TAGS
from feeds.pages.datelines import parse_dateline
from feeds.pages.html import html_blocks
from feeds.pages.page import PageTooComplex, parse_page
from feeds.pages.syndication import NotAFeed

HANG_GUARD = 10.0  # seconds; the bound is 2 s, quadratic parsing took minutes
STORY = [("p", "GOES (ANP) - De gemeente Goes opent volgend jaar een nieuw zwembad, het grootste van Zeeland.")]


def page_with(inner: str) -> str:
    return ArticlePage("Nieuw zwembad in Goes", STORY, section="Zeeland").html().replace("</main>", inner + "</main>")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("<div>" * 300_000 + "x", f"more than {MAX_TAGS:,} tags"),
        ("<div>" * 20_000 + "x", f"elements nested more than {MAX_DEPTH} deep"),
        ("<span>" * 20_000 + "</div>" * 20_000, f"elements nested more than {MAX_DEPTH} deep"),
        ("<ul><li>" * 20_000, f"elements nested more than {MAX_DEPTH} deep"),
        ("<noscript><p>" + "<ul><li>" * 20_000, f"elements nested more than {MAX_DEPTH} deep"),
        ("<svg>" + "<g>" * 20_000, f"elements nested more than {MAX_DEPTH} deep"),
        ("<select>" + "<option>x" * 20_000, f"more than {MAX_OPTIONS:,} <option> elements"),
        ("<div " + " ".join(f"a{i}" for i in range(10_000)) + ">", f"an element with more than {MAX_ATTRIBUTES} attributes"),
        ("".join(f"<body a{i}=1>" for i in range(1000)), f"an element with more than {MAX_ATTRIBUTES} attributes"),
        ("".join(f"<p>regel {i}</p>" for i in range(20_000)), f"more than {MAX_BLOCKS:,} blocks of text"),
    ],
    ids=["300k-divs", "deep-divs", "spans-closed-as-divs", "nested-lists", "nested-lists-in-noscript", "deep-svg", "options", "attributes",
         "merged-body-attributes", "blocks"],
)  # fmt: skip
def test_html_beyond_the_bounds_of_a_page_is_refused_saying_why(content, reason):
    with pytest.raises(PageTooComplex, match=reason):
        parse_page(page_with(content), CAPTURED, html=True)


def test_a_page_of_one_endless_paragraph_is_read_in_blocks_in_time_not_refused():
    """12 MB of words in one paragraph was refused, `a paragraph or line of more than 50,000 characters`: it is cut into
    blocks at spaces, as long as a block may be, in one pass over it."""
    html = page_with("<p>" + "woord " * 2_000_000 + "</p>")
    started = time.monotonic()
    parse_page(html, CAPTURED, html=True)
    assert time.monotonic() - started < HANG_GUARD
    texts = [block.text for block in html_blocks(html).blocks if "woord" in block.text]
    assert all(len(text) <= MAX_BLOCK_CHARS for text in texts) and sum(text.count("woord") for text in texts) == 2_000_000


def test_tags_inside_comments_scripts_and_text_areas_add_no_depth():
    inner = "<!--" + "<div>" * 5000 + "--><script>" + "<div>" * 5000 + "</script><textarea>" + "<div>" * 5000 + "</textarea>"
    [story] = parse_page(page_with(inner), CAPTURED, html=True).articles
    assert story.title == "Nieuw zwembad in Goes"


def test_sloppy_html_that_browsers_read_flat_is_not_mistaken_for_deep():
    inner = "<p>alinea" * 3000 + "<li>punt" * 3000 + "<a href='/x'>link" * 3000 + "<table><tr><td>cel" * 100
    assert parse_page(page_with(inner), CAPTURED, html=True).articles


def test_a_page_just_within_every_bound_is_read_without_hanging():
    deep = ("<div>" * (MAX_DEPTH - 20) + "x" + "</div>" * (MAX_DEPTH - 20)) * 90
    options = "<select>" + "<option>x" * (MAX_OPTIONS - 1) + "</select>"
    attributes = ("<div " + " ".join(f"a{i}=1" for i in range(MAX_ATTRIBUTES)) + ">y</div>") * 1000
    started = time.monotonic()
    [story] = parse_page(page_with(deep + options + attributes), CAPTURED, html=True).articles
    assert story.title == "Nieuw zwembad in Goes"
    assert time.monotonic() - started < HANG_GUARD


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("Titel\n\n" + "25 minuten geleden\n" * 500_000, "more than 200,000 lines"),
        ("Titel\n\n" + "regel\n" * 20_000, f"more than {MAX_BLOCKS:,} blocks of text"),
    ],
    ids=["500k-age-lines", "blocks"],
)
def test_text_renderings_beyond_the_bounds_of_a_page_are_refused_saying_why(content, reason):
    with pytest.raises(PageTooComplex, match=reason):
        parse_page(content, CAPTURED, html=False)


def test_a_text_rendering_of_an_8_mb_dateline_line_is_cut_into_blocks_in_time_not_refused():
    line = "MOSKOU (ANP" + "/ANP" * 2_000_000
    started = time.monotonic()
    texts = [block.text for block in text_blocks("Titel\n\n" + line + "\n").blocks]
    assert time.monotonic() - started < HANG_GUARD
    assert texts[0] == "Titel" and "".join(texts[1:]) == line.replace(" ", "", 1) and all(len(text) <= MAX_BLOCK_CHARS for text in texts)


def test_a_paragraph_shaped_like_an_endless_dateline_costs_no_memory():
    parse_dateline.cache_clear()
    lead = "MOSKOU (ANP" + "/ANP" * 12_000 + ") - Er gebeurde iets."
    tracemalloc.start()
    try:
        assert parse_dateline(lead) is None  # eight agencies at most: this is no dateline
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2_000_000
    assert parse_dateline("MOSKOU (ANP/RTR/AFP) - De trein is aangekomen.").agencies == ("ANP", "RTR", "AFP")


def test_thousands_of_linked_teasers_without_ages_are_grouped_in_one_pass():
    items = "".join(f'<div><a href="/nieuws/{i}"><h3>Bericht {i}</h3></a><p>GOES - Er gebeurde iets in Goes op dag {i}, zegt men.</p></div>' for i in range(4000))
    started = time.monotonic()
    page = parse_page(f"<html><body><h1>Zeeland</h1>{items}</body></html>", CAPTURED, html=True)
    assert len(page.articles) == 4000
    assert time.monotonic() - started < HANG_GUARD


def test_an_endless_json_ld_list_is_skipped_not_walked_item_by_item():
    script = '<script type="application/ld+json">[' + ",".join(["0"] * 400_000) + "]</script>"
    [story] = parse_page(page_with("").replace("</head>", script + "</head>"), CAPTURED, html=True).articles
    assert story.title == "Nieuw zwembad in Goes"


def test_import_names_the_file_and_the_bound_it_passes(tmp_path, library_path):
    page = tmp_path / "diep.html"
    page.write_text(page_with("<div>" * 20_000), encoding="utf-8")
    report = import_paths(Library(library_path), [page], CAPTURED)
    assert report.failed == [(str(page), f"elements nested more than {MAX_DEPTH} deep")]


def test_one_feed_entry_beyond_the_bounds_costs_only_that_entry():
    deep = "&lt;div&gt;" * 20_000
    feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
    <item><title>Diep</title><link>https://example.org/diep</link><description>{deep}</description></item>
    <item><title>Gewoon</title><link>https://example.org/gewoon</link><description>GOES - Niets aan de hand.</description></item>
    </channel></rss>""".encode()
    assert [a.title for a in feed_articles(feed)] == ["Gewoon"]


@pytest.mark.parametrize("start", [b"", b"\xef\xbb\xbf", b"\n  "])
def test_a_json_feed_is_said_to_be_one_not_a_feed_without_an_element(start):
    """A JSON Feed served where a feed was listed was "invalid feed: no element in the first 8 kB", which told a newsboat
    user nothing (r72): it is named as the JSON it is, which nieuws-tui does not read."""
    json_feed = start + b'{"version": "https://jsonfeed.org/version/1.1", "title": "Blog", "items": []}'
    with pytest.raises(NotAFeed, match="^JSON, not RSS or Atom: nieuws-tui reads no JSON Feed$"):
        feed_articles(json_feed)


def test_a_feed_that_opens_with_a_megabyte_of_blank_lines_is_refused_at_once():
    with pytest.raises(NotAFeed, match="no element in the first 8 kB"):
        feed_articles(b'<?xml version="1.0"?>' + b"\n" * 1_000_000 + RSS2.split(b"?>", 1)[1])


def test_a_feed_with_more_tags_than_any_feed_has_is_refused_before_parsing():
    with pytest.raises(NotAFeed, match=f"more than {MAX_FEED_TAGS:,} tags"):
        feed_articles(RSS2.replace(b"<title>Omroep Test</title>", b"<title>Omroep Test</title>" + b"<x/>" * MAX_FEED_TAGS))


def test_a_feed_of_many_entries_has_room_for_all_their_tags():
    item = b"<item><title>Bericht %d</title><link>https://example.org/%d</link><category>Zeeland</category><description>GOES - Nieuws.</description></item>"
    feed = RSS2.replace(b"</channel>", b"".join(item % (i, i) for i in range(MAX_FEED_ENTRIES - 2)) + b"</channel>")
    assert feed.count(b"<") > MAX_TAGS  # more than a page may have
    assert len(feed_articles(feed)) == MAX_FEED_ENTRIES


def test_a_feed_with_more_entries_than_a_page_has_blocks_is_refused_before_parsing():
    items = b"".join(b"<item><link>https://example.org/%d</link></item>" % i for i in range(MAX_FEED_ENTRIES))
    with pytest.raises(NotAFeed, match=f"^more than {MAX_FEED_ENTRIES:,} entries$"):
        feed_articles(RSS2.replace(b"</channel>", items + b"</channel>"))


def test_a_minified_feed_with_many_encodings_on_its_one_line_is_read_without_hanging():
    minified = RSS2.replace(b"\n", b"").replace(b"<description>x</description>", b"<description>" + b"encoding='x' " * 20_000 + b"</description>")
    started = time.monotonic()
    assert len(feed_articles(minified)) == 2
    assert time.monotonic() - started < HANG_GUARD


def test_a_feed_or_page_whose_title_or_section_is_a_book_is_read_with_it_shortened_at_a_word():
    """A feed's title (its stories' section) or a page's section of 60,000 characters refused the feed or page whole."""
    stories = feed_articles(RSS2.replace(b"<title>Omroep Test</title>", b"<title>" + b"ANP Titel " * 10_000 + b"</title>"))
    assert stories and all(story.section and len(story.section) <= MAX_BLOCK_CHARS for story in stories)  # (its items' own categories)
    page = page_with("").replace("<head>", '<head><meta property="article:section" content="' + "Sport " * 10_000 + '">')
    [story] = parse_page(page, CAPTURED, html=True).articles
    assert story.title == "Nieuw zwembad in Goes" and story.section in ("Zeeland", ("Sport " * 10_000)[: MAX_BLOCK_CHARS - 2] + "…")


def test_a_feed_tag_with_endless_attributes_is_refused_before_the_feed_parser_sees_it():
    with pytest.raises(NotAFeed, match=f"an element with more than {MAX_ATTRIBUTES} attributes"):
        feed_articles(RSS2.replace(b"<channel>", b"<channel " + b"a " * 300_000 + b">"))


def test_a_feed_whose_title_is_markup_nested_thousands_deep_is_read_without_a_traceback():
    """Found by the fuzz test: the feed's own title is read as HTML, and HTML nested beyond the bounds was a traceback.
    Refused as such, or read as the text it is, shortened to a line."""
    nested = b"&lt;div&gt;" * 40_000 + b"Omroep Test"
    try:
        stories = feed_articles(RSS2.replace(b"<title>Omroep Test</title>", b"<title>" + nested + b"</title>"))
    except NotAFeed as error:
        assert str(error).startswith("its title: ")
    else:
        assert all(story.section is None or len(story.section) <= MAX_BLOCK_CHARS for story in stories)
