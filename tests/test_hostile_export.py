"""One bad article never breaks an export or a served feed; feed text stays text in every reader."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import feedparser
import pytest
from conftest import CAPTURED
from feedkit import article, request, running_server, shown_text, strict_xml

from feeds.library import Library
from feeds.model import Entry
from feeds.out.export import FeedInfo, build_feed

GOOD = article("Gewoon bericht", lead="Niets bijzonders.")
CONTROL_IN_URL = article("Stuurteken in de link", url="https://www.zeelandnet.nl/nieuws/a\x01b\x1b[2J")
SCRIPT_LINK = article("Scriptlink", url="javascript:alert(1)")
MARKUP_LEAD = "<script>alert(1)</script> & <b>vet</b> ]]> &amp; “quotes”"


def library_with(library_path: Path, *articles) -> Library:
    """Stored without the ingest checks, as a library edited by hand would hold them."""
    library = Library(library_path)
    library.add([(a, CAPTURED) for a in articles])
    return library


def export(library: Library, fmt: str, warnings: list[str] | None = None) -> bytes:
    info = FeedInfo.for_view(library.path, "http://127.0.0.1:8080/feed." + fmt)
    return build_feed(library.full_entries(library.entries()), fmt, info, warn=None if warnings is None else warnings.append)


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_a_control_character_in_a_stored_url_is_written_percent_encoded(library_path, fmt):
    data = export(library_with(library_path, GOOD, CONTROL_IN_URL), fmt)
    strict_xml(data)
    links = {e.title: e.link for e in feedparser.parse(data).entries}
    assert links == {"Gewoon bericht": GOOD.url, "Stuurteken in de link": "https://www.zeelandnet.nl/nieuws/a%01b%1B[2J"}


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_an_article_that_cannot_be_written_is_left_out_with_a_warning(library_path, fmt):
    warnings: list[str] = []
    data = export(library_with(library_path, GOOD, SCRIPT_LINK), fmt, warnings)
    strict_xml(data)
    assert [e.title for e in feedparser.parse(data).entries] == ["Gewoon bericht"]
    assert warnings == [f"article {SCRIPT_LINK.id} left out of the feed: its link is not an http(s) URL: 'javascript:alert(1)'"]


def test_a_time_without_zone_leaves_that_article_out_not_the_feed():
    naive = Entry(article("Zonder zone", published=datetime(2026, 3, 3, 10, 0)), first_seen=CAPTURED)
    warnings: list[str] = []
    data = build_feed([Entry(GOOD, first_seen=CAPTURED), naive], "atom", FeedInfo.for_view(Path("x.json"), "http://x/"), now=CAPTURED, warn=warnings.append)
    assert [e.title for e in feedparser.parse(data).entries] == ["Gewoon bericht"]
    assert warnings == [f"article {naive.id} left out of the feed: a date without time zone"]


def test_export_command_warns_and_still_writes_the_feed(cli, library_path, tmp_path):
    library_with(library_path, GOOD, SCRIPT_LINK, CONTROL_IN_URL)
    out = tmp_path / "feed.rss"
    result = cli("export", "--format", "rss", "-o", str(out), env={"NIEUWS_TUI_DB": str(library_path)})
    assert result.returncode == 0, result.stderr
    assert f"nieuws-tui: warning: article {SCRIPT_LINK.id} left out of the feed" in result.stderr
    strict_xml(out.read_bytes())
    assert len(feedparser.parse(out.read_bytes()).entries) == 2


def test_the_server_keeps_serving_every_feed_with_a_bad_article_stored(library_path):
    library = library_with(library_path, GOOD, SCRIPT_LINK, CONTROL_IN_URL)
    with running_server(library) as server:
        for path in ("/feed.atom", "/feed.rss", "/sections/binnenland.atom", "/sections/binnenland.rss"):
            status, _, body = request(server, "GET", path)
            assert status == 200, path
            strict_xml(body)
            assert len(feedparser.parse(body).entries) == 2


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_markup_in_a_lead_reaches_every_reader_as_the_literal_text(library_path, fmt):
    data = export(library_with(library_path, article("Opmaak", lead=MARKUP_LEAD, place=None, agencies=())), fmt)  # no dateline before it
    [item] = feedparser.parse(data).entries
    assert shown_text(item.summary_detail) == MARKUP_LEAD
    assert shown_text(item.content[0]).startswith(MARKUP_LEAD)
    if item.summary_detail.type == "text/html":  # RSS: markup in the lead must arrive escaped, never as tags
        assert "<script" not in item.summary and "<b>" not in item.summary
    else:
        assert item.summary_detail.type == "text/plain"
    if fmt == "rss":
        description = strict_xml(data).find("channel/item/description").text
        assert description == "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;vet&lt;/b&gt; ]]&gt; &amp;amp; “quotes”"
