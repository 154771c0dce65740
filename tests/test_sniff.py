"""What a document is: decided once, by `sniff`, for imported files and fetched responses alike."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

import pytest
from feedkit import ATOM, RSS1, RSS2
from hypothesis import given
from hypothesis import strategies as st

from feeds import Library, import_paths
from feeds.model import AMSTERDAM
from feeds.newsboat import is_urls_file
from feeds.pages.page import read_document
from feeds.pages.sniff import declares_feed, is_newsboat_cache, is_opml, sniff
from feeds.pages.stories import NotANewsPage

SEEDS = sorted((Path(__file__).parents[1] / "seeds").iterdir())
PAGES = sorted((Path(__file__).parent / "pages").iterdir())


@pytest.mark.parametrize("path", SEEDS + PAGES, ids=lambda p: p.name)
def test_every_sample_page_is_read_as_what_its_name_says(path):
    expected = "html" if path.suffix == ".html" else "text"
    assert sniff(path.read_bytes()) == expected  # by content alone, without the name


@pytest.mark.parametrize("feed", [RSS2, RSS1, ATOM], ids=["rss2", "rss1", "atom"])
def test_a_feed_is_a_feed_whatever_its_name_or_content_type(feed):
    assert sniff(feed) == "feed"
    assert sniff(feed, "text/plain", "saved.txt") == "feed"
    assert sniff(feed, "text/html", "https://example.org/nieuws.html") == "feed"


def test_a_feed_behind_comments_and_a_stylesheet_is_a_feed():
    feed = b'\xef\xbb\xbf\n<?xml version="1.0"?>\n<!-- made by a CMS -->\n<?xml-stylesheet href="rss.xsl"?>\n<rss version="2.0"><channel/></rss>'
    assert sniff(feed) == "feed"


def test_a_feed_whose_declaration_lacks_its_question_mark_is_a_feed_as_the_reader_reads_it():
    """`<?xml … >` is no XML, but the reader reads the feed after it; sniffing passed it until it learnt the reader's
    prologue, and a feed served as text/html was then a page no article was read from."""
    feed = b'<?xml version="1.0" encoding="UTF-8" >\n<rss version="2.0"><channel><title>T</title><item><title>a</title></item></channel></rss>'
    assert sniff(feed, "text/html", "https://example.org/nieuws.html") == "feed"


_PHP_WARNINGS = [
    b"<br />\n<b>Warning</b>:  Cannot modify header information - headers already sent by (output started at"
    b" <b>/var/www/feed.php:3</b>) in <b>/var/www/feed.php</b> on line <b>12</b><br />\n",
    b"\nWarning: Cannot modify header information - headers already sent in /var/www/feed.php on line 12\n",
    b"<br />\n<font size='1'><table class='xdebug-error xe-warning' dir='ltr' border='1' cellspacing='0' cellpadding='1'>\n"
    b"<tr><th align='left' bgcolor='#f57900' colspan=\"5\"><span style='background-color: #cc0000; color: #fce94f;"
    b" font-size: x-large;'>( ! )</span> Warning: Undefined variable $titel in /var/www/feed.php on line <i>12</i></th></tr>\n"
    b"<tr><th align='left' bgcolor='#e9b96e' colspan='5'>Call Stack</th></tr>\n<tr><th align='center' bgcolor='#eeeeec'>#</th>"
    b"<th align='left' bgcolor='#eeeeec'>Time</th></tr>\n<tr><td bgcolor='#eeeeec' align='center'>1</td><td bgcolor='#eeeeec'"
    b" align='center'>0.0002</td><td title='/var/www/feed.php' bgcolor='#eeeeec'>.../feed.php<b>:</b>0</td></tr>\n</table></font>\n",
    b"<br />\n<b>Notice</b>:  Function _load_textdomain_just_in_time was called <strong>incorrectly</strong>. Translation loading"
    b" for the <code>wordpress-seo</code> domain was triggered too early. in <b>/var/www/wp-includes/functions.php</b> on line"
    b" <b>6114</b><br />\n",
    b'<div id="error"><p class="wpdberror"><strong>WordPress database error:</strong> [Table &#039;wp.wp_posts&#039; is marked'
    b" as crashed]<br /><code>SELECT * FROM wp_posts</code></p></div>",
    b"\nWarning: simplexml_load_string(): Entity: line 1: parser error : Start tag expected, '<' not found in"
    b" /var/www/feed.php on line 7\n",
]
_PHP_WARNING_IDS = ["in-html", "in-text", "by-xdebug", "by-wordpress", "by-wordpress-database", "in-text-with-a-less-than"]


@pytest.mark.parametrize("warning", _PHP_WARNINGS, ids=_PHP_WARNING_IDS)
def test_a_feed_behind_a_php_warning_is_a_feed_though_served_as_html(warning):
    """A warning PHP prints before its script sets the content type leaves the feed text/html; the reader reads it from
    its XML declaration on, but sniffing stopped at the warning, and the feed was read as a page without articles."""
    document = warning + RSS2
    assert sniff(document, "text/html", "https://example.org/feed.php") == "feed"
    page = read_document(document, datetime(2026, 3, 3, tzinfo=AMSTERDAM), content_type="text/html", url="https://example.org/feed.php")
    assert [article.title for article in page.articles] == ["Dijk bij Vlissingen versterkt", "Veerboot vaart weer"]


@pytest.mark.parametrize("warning", _PHP_WARNINGS, ids=_PHP_WARNING_IDS)
@pytest.mark.parametrize(
    "page",
    [b"<!DOCTYPE html><html><body><p>Nieuws</p></body></html>", b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>'],
    ids=["html", "xhtml"],
)
def test_a_page_behind_a_php_warning_is_still_a_page(warning, page):
    assert sniff(warning + page, "application/rss+xml") == "html"


# A page that shows a feed as a sample, not at its start: the declaration in it is no feed's, whatever comes before it
# (its own comment, or a fragment of a page starting with a `<div>`).
_SAMPLE = (
    b'<script type="text/plain"><?xml version="1.0"?><rss version="2.0"><channel><title>Voorbeeld</title><item>'
    b"<title>Hallo</title><link>https://example.org/1</link></item></channel></rss></script>"
)
_PAGES_WITH_A_SAMPLE_FEED = [
    b"<!-- Page generated by CMS -->\n<!DOCTYPE html><html><head><link rel=\"alternate\" type=\"application/rss+xml\""
    b' href="http://127.0.0.1:8765/feed.xml"></head><body>' + _SAMPLE + b"</body></html>",
    b"<div><p>Zo ziet een feed eruit:</p>" + _SAMPLE + b"</div>",
    b"<div class=\"demo\" data-feed='" + _SAMPLE.removeprefix(b'<script type="text/plain">').removesuffix(b"</script>") + b"'></div>",
    b"<p/><pre title=\"a/>\">" + _SAMPLE.removeprefix(b'<script type="text/plain">').removesuffix(b"</script>") + b"</pre>",
]


@pytest.mark.parametrize("page", _PAGES_WITH_A_SAMPLE_FEED, ids=["after-a-comment", "a-fragment", "in-an-attribute", "in-elements-closed-as-xml"])
def test_a_page_that_quotes_a_feed_is_a_page_not_the_feed_it_quotes(page, tmp_path):
    """Only what PHP prints ahead of a feed is passed over to its XML declaration: every tag was, and a page with a
    sample feed in a script was read as that feed, its made-up item stored as an article."""
    assert sniff(page, "text/html", "https://example.org/over-feeds") == "html"
    with pytest.raises(NotANewsPage):
        read_document(page, datetime(2026, 3, 3, tzinfo=AMSTERDAM), content_type="text/html", url="https://example.org/over-feeds")
    saved = tmp_path / "over-feeds.html"
    saved.write_bytes(page)
    library = Library(tmp_path / "library.sqlite")
    assert import_paths(library, [saved]).new == 0
    assert list(library.entries()) == []


_ENTITIES = "".join(f'<!ENTITY e{n:03d} "&#{160 + n};"> <!-- {n}: een teken -->\n' for n in range(250))  # some 15 kB
_LICENCE = "<!--\n" + "Deze feed valt onder de licentie CC BY 4.0; zie de voorwaarden op de site.\n" * 120 + "-->\n"


@pytest.mark.parametrize(
    "prologue",
    [
        '<!DOCTYPE rss [ <!ENTITY copy "&#169;"> ]>\n',
        f"<!DOCTYPE rss [\n{_ENTITIES}]>\n",
        _LICENCE,
        f"{_LICENCE}<!doctype rss>\n",
    ],
    ids=["a-document-type-with-an-internal-subset", "html-entities-declared", "a-licence-in-a-comment", "a-doctype-in-lower-case"],
)
@pytest.mark.parametrize(("content_type", "name"), [("text/html", "https://example.org/nieuws.html"), ("", "https://example.org/nieuws")])
def test_a_feed_the_reader_reads_is_a_feed_however_long_its_prologue(prologue, content_type, name):
    """A document type with an internal subset was no prologue to sniff, and it looked at the first 4 kB only: a feed
    the reader reads, with HTML's entities declared or a licence in a comment, served as text/html or without a type,
    was read as a page or as text."""
    document = RSS2.replace(b"?>", b"?>\n" + prologue.encode(), 1)
    assert sniff(document, content_type, name) == "feed"
    page = read_document(document, datetime(2026, 3, 3, tzinfo=AMSTERDAM), content_type=content_type, url=name)
    assert [article.title for article in page.articles] == ["Dijk bij Vlissingen versterkt", "Veerboot vaart weer"]


def test_a_feed_in_utf16_behind_a_long_prologue_is_a_feed():
    document = RSS2.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"').replace("?>", "?>\n" + _LICENCE, 1)
    assert sniff(document.encode("utf-16"), "text/html") == "feed"
    assert sniff(document) == "feed"  # as text


def test_a_list_of_feeds_behind_a_long_prologue_is_told_as_one():
    assert is_opml(f'<?xml version="1.0"?>\n{_LICENCE}<opml version="2.0"><body/></opml>'.encode())


@pytest.mark.parametrize(
    "prologue",
    [b"\n" * 1_000_000, b"<!--" + b"-x" * 500_000 + b"-->", b"<?a?>" * 200_000, b"<!DOCTYPE rss [" + b"<!" * 500_000 + b"]>", b"<!-- -->\n" * 110_000],
    ids=["blank-lines", "a-comment", "instructions", "an-internal-subset", "comments"],
)
def test_a_megabyte_of_prologue_is_sniffed_in_a_moment_and_left_to_its_type(prologue):
    """No feed reader reads a prologue of more than 256 kB: the content type decides, at once. (Sniff's own prologue
    pattern backtracked over short comments: twenty of them, with no feed's root after them, took a second, and each
    one more twice as long.)"""
    document = prologue + RSS2
    started = time.process_time()
    assert (sniff(document, "text/html"), is_opml(document)) == ("html", False)
    assert time.process_time() - started < 0.5


def test_an_html_error_page_is_html_even_when_its_server_calls_it_a_feed():
    page = b"<!DOCTYPE html><html><body><h1>503 Service Unavailable</h1></body></html>"
    assert sniff(page, "application/rss+xml") == "html"
    assert declares_feed("application/rss+xml; charset=utf-8")


def test_xhtml_is_a_page_not_a_feed_that_went_wrong():
    assert not declares_feed("application/xhtml+xml")
    assert sniff(b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>', "application/xhtml+xml") == "html"


def test_html_saved_as_utf16_is_recognised():
    page = "<html><body><p>Middelburg</p></body></html>"
    assert sniff(page.encode("utf-16")) == "html"
    assert sniff(page.encode("utf-16-le")) == "html"  # no byte order mark


def test_content_that_says_nothing_clear_is_what_its_name_or_type_says():
    text = b"Vlissingen\n\nDe veerboot vaart weer.\n"
    assert sniff(text) == "text"
    assert sniff(text, name="saved.txt") == "text"
    assert sniff(text, name="saved.HTML") == "html"
    assert sniff(text, "text/html; charset=utf-8") == "html"
    assert sniff(text, name="https://example.org/rss.xml?x=1") == "feed"
    assert sniff(text, "application/atom+xml") == "feed"


@given(st.binary(max_size=600), st.text(max_size=40), st.text(max_size=40))
def test_any_bytes_get_a_kind_and_never_an_error(data, content_type, name):
    assert sniff(data, content_type, name) in ("feed", "html", "text")


@given(st.binary(max_size=600))
def test_any_bytes_are_told_a_newsboat_cache_or_urls_file_or_not_without_an_error(data):
    assert is_newsboat_cache(data) in (True, False) and is_urls_file(data) in (True, False)


def test_a_urls_file_is_told_by_its_first_64_kB_in_a_moment_however_long_its_lines():
    line = b"https://nos.nl/rss " + b'"' + b"x" * 10_000_000 + b'"\n'
    started = time.process_time()
    assert is_urls_file(line) is False  # (its one line cut short)
    assert is_urls_file(b"https://nos.nl/rss\n" * 1_000_000) is True
    assert time.process_time() - started < 1


def test_a_feed_file_is_imported_with_its_articles_from_that_file(tmp_path):
    feed = tmp_path / "omroep.rss"
    feed.write_bytes(RSS2)
    folder = tmp_path / "bewaard"
    folder.mkdir()
    (folder / "atom.xml").write_bytes(ATOM)
    library = Library(tmp_path / "library.sqlite")
    report = import_paths(library, [feed, folder])
    assert (report.new, report.failed) == (3, [])
    sources = {entry.article.title: entry.article.source for entry in library.entries()}
    assert sources == {
        "Dijk bij Vlissingen versterkt": str(feed.resolve()),
        "Veerboot vaart weer": str(feed.resolve()),
        "Brug bij Zierikzee dicht": str((folder / "atom.xml").resolve()),
    }


def test_an_xml_file_that_is_no_feed_is_reported_by_name(tmp_path):
    sitemap = tmp_path / "sitemap.xml"
    sitemap.write_bytes(b'<?xml version="1.0"?><urlset><url><loc>https://example.org/</loc></url></urlset>')
    report = import_paths(Library(tmp_path / "library.sqlite"), [sitemap])
    assert report.new == 0
    assert report.failed == [(str(sitemap), "not an RSS or Atom feed")]
