"""Fetching from a local HTTP server on 127.0.0.1 that plays every part of the web."""

from __future__ import annotations

import contextlib
import dataclasses
import io
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

import pytest
from conftest import CAPTURED, nieuws_tui_command
from feedkit import ATOM, RSS1, RSS2, run_fetch
from hypothesis import given, settings
from hypothesis import strategies as st
from pagekit import ArticlePage, IndexPage, LocalItem, RegionalPage, Teaser, TickerLine
from werkzeug import Response

from feeds.clean import terminal_safe
from feeds.config import Settings, Source
from feeds.config import save_sources as save
from feeds.imports import import_paths
from feeds.library import Library
from feeds.model import Article
from feeds.store.writer import Validator
from feeds.urls import shown_url, slugify, without_secrets
from feeds.web.fetch import SourceResult
from feeds.web.http import READING, Validators

FAST = Settings(connect_timeout=1, read_timeout=0.5, attempts=3, backoff=0.05, host_delay=0, max_retry_after=3)

ITEMS = [
    Teaser("Kabinet wil snellere asielprocedure", "DEN HAAG (ANP) - Het kabinet wil dat asielaanvragen sneller worden behandeld.", "1 uur geleden"),
    Teaser("Kamer stemt in met woningwet", "DEN HAAG (ANP) - De Tweede Kamer heeft ingestemd met de nieuwe woningwet.", "2 uur geleden"),
]

@pytest.fixture
def library(tmp_path) -> Library:
    return Library(tmp_path / "library.json")


def fetch(library: Library, *urls: str, section: str | None = None, settings: Settings = FAST):
    return run_fetch(library, [Source(url, section) for url in urls], settings=settings)


def article_page(title: str, lead: str, section: str = "Politiek") -> str:
    return ArticlePage(title, [("p", lead), ("p", "Een tweede alinea met meer uitleg over het besluit."), ("h", "Reactie"), ("p", "De oppositie is kritisch over het plan.")], section=section).html()


def serve_section(httpserver, items=ITEMS) -> str:
    site = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/nieuws/politiek").respond_with_data(IndexPage("Politiek", items).html(site), content_type="text/html; charset=utf-8")
    for item in items:
        httpserver.expect_request(f"/nieuws/{slugify(item.title)}").respond_with_data(article_page(item.title, item.lead), content_type="text/html; charset=utf-8")
    return httpserver.url_for("/nieuws/politiek")


def requests_to(httpserver, path: str) -> list:
    return [(request, response) for request, response in httpserver.log if request.path == path]


# -- kinds of source ----------------------------------------------------------------------------


def test_a_section_page_brings_its_items_and_their_full_text(httpserver, library):
    url = serve_section(httpserver)
    report = fetch(library, url)
    assert not report.failed
    entries = {e.article.title: e for e in Library(library.path).entries()}
    assert set(entries) == {t.title for t in ITEMS}
    for item in ITEMS:
        article = Library(library.path).article(entries[item.title].id)
        assert article.kind == "full" and article.section == "Politiek"
        assert [b.text for b in article.body] == ["Een tweede alinea met meer uitleg over het besluit.", "Reactie", "De oppositie is kritisch over het plan."]
        assert article.published is not None  # from the section page's age
    assert report.results[0].new == 2


def test_article_pages_already_in_full_are_not_fetched_again(httpserver, library):
    url = serve_section(httpserver)
    fetch(library, url)
    article_path = f"/nieuws/{slugify(ITEMS[0].title)}"
    assert len(requests_to(httpserver, article_path)) == 1
    httpserver.clear_log()
    fetch(library, url)
    assert requests_to(httpserver, article_path) == []


REGIONAL = RegionalPage(
    ticker=[TickerLine("Binnenland", "11:30", ITEMS[0].title)],
    items=[
        LocalItem("GOES - De weekmarkt verhuist tijdelijk naar de Singelstraat, meldt de gemeente.", "2 dagen geleden"),
        LocalItem("KLOETINGE - Het dorpshuis van Kloetinge krijgt zonnepanelen op het dak.", "1 week geleden"),
    ],
)


def serve_region(httpserver) -> str:
    site = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/nieuws/regio/goes").respond_with_data(REGIONAL.html(site=site), content_type="text/html; charset=utf-8")
    line = REGIONAL.ticker[0]
    httpserver.expect_request(f"/nieuws/{slugify(line.title)}").respond_with_data(article_page(line.title, ITEMS[0].lead), content_type="text/html")
    for item in REGIONAL.items:
        story = article_page("Bericht uit de gemeente", item.lead, section="Zeeland")
        httpserver.expect_request(REGIONAL.item_path(item)).respond_with_data(story, content_type="text/html; charset=utf-8")
    return httpserver.url_for("/nieuws/regio/goes")


def test_a_regional_page_brings_its_items_and_their_full_text_under_the_region(httpserver, library):
    report = fetch(library, serve_region(httpserver))
    assert not report.failed and report.results[0].new == 3
    stored = Library(library.path)
    articles = {e.article.place: stored.article(e.id) for e in stored.entries()}
    assert set(articles) == {"DEN HAAG", "GOES", "KLOETINGE"}  # the ticker line's place comes with its full text
    assert all(a.kind == "full" for a in articles.values())  # every item's link was followed
    assert articles["GOES"].section == articles["KLOETINGE"].section == "Goes"  # the region, not the story page's `Meer uit Zeeland`
    assert articles["DEN HAAG"].section == "Binnenland"  # the ticker line's own section
    assert articles["KLOETINGE"].published is not None and articles["KLOETINGE"].agencies == ()


@pytest.mark.parametrize(
    ("body", "content_type", "titles", "sections"),
    [
        (RSS2, "application/rss+xml", ["Dijk bij Vlissingen versterkt", "Veerboot vaart weer"], ["Zeeland", "Omroep Test"]),
        (RSS1, "application/rdf+xml", ["Haven Terneuzen groeit"], ["RDF Nieuws"]),
        (ATOM, "application/atom+xml", ["Brug bij Zierikzee dicht"], ["Atom Nieuws"]),
    ],
    ids=["rss2", "rss1", "atom"],
)
def test_feeds_become_articles(httpserver, library, body, content_type, titles, sections):
    httpserver.expect_request("/feed").respond_with_data(body, content_type=content_type)
    report = fetch(library, httpserver.url_for("/feed"))
    assert not report.failed, report.failed[0].error
    entries = Library(library.path).entries()
    assert sorted(e.article.title for e in entries) == sorted(titles)
    assert sorted(e.article.section for e in entries) == sorted(sections)


def test_feed_html_is_reduced_to_paragraphs_and_subheadings(httpserver, library):
    httpserver.expect_request("/atom").respond_with_data(ATOM, content_type="application/atom+xml")
    fetch(library, httpserver.url_for("/atom"), section="Zeeland")
    [entry] = Library(library.path).entries()
    article = Library(library.path).article(entry.id)
    assert (article.place, article.agencies, article.lead) == ("ZIERIKZEE", ("ANP",), "De brug is dicht voor onderhoud.")
    assert [(b.kind, b.text) for b in article.body] == [("subheading", "Omleiding"), ("paragraph", "Verkeer wordt omgeleid via Goes.")]
    assert article.section == "Zeeland"  # the source's own section wins


def test_a_big_feed_is_read_by_every_worker_and_each_entry_is_stored_once(httpserver, library):
    from feeds.model import AMSTERDAM
    from feeds.web.workers import SHARED, Workers, share_records

    feed = _archive_feed(2500)
    assert len(feed) > SHARED
    now = datetime.now(AMSTERDAM)
    for small in (RSS1, RSS2):
        whole = [r.id for r in share_records(small, 0, 1, None, "https://nieuws.example/", "s", now)[0]]
        assert [r.id for share in range(3) for r in share_records(small, share, 3, None, "https://nieuws.example/", "s", now)[0]] == whole  # in order, each once
    httpserver.expect_request("/archief").respond_with_data(feed, content_type="application/atom+xml")
    report = run_fetch(library, [Source(httpserver.url_for("/archief"))], settings=dataclasses.replace(FAST, max_bytes=2 * len(feed)), workers=Workers(2))
    assert not report.failed, report.failed[0].error
    assert report.results[0].new == 2500
    titles = [e.article.title for e in Library(library.path).entries()]
    assert sorted(titles) == sorted(f"Bericht {n}" for n in range(2500))


def test_the_feed_a_worker_reads_as_it_starts_takes_every_step_of_a_real_one():
    # The first use of the fast parser, the gazetteer and the rest is paid for before the first feed comes in.
    from feeds.model import AMSTERDAM
    from feeds.web.workers import _FIRST_FEED, share_records

    (record,), left_out, _title, broken_off = share_records(_FIRST_FEED, 0, 1, None, "https://nieuws.example/", "", datetime.now(AMSTERDAM))
    assert left_out == () and not broken_off
    assert (record.place, record.agencies, record.kind, record.author) == ("AMSTERDAM", '["ANP"]', "full", "Jan Jansen")
    assert record.published is not None and record.body is not None


def test_a_page_that_advertises_a_feed_is_read_through_its_feed(httpserver, library):
    httpserver.expect_request("/home").respond_with_data(
        '<html><head><link rel="alternate" type="application/rss+xml" href="/rss"></head><body><p>Welkom</p></body></html>', content_type="text/html"
    )
    httpserver.expect_request("/rss").respond_with_data(RSS2, content_type="application/rss+xml")
    report = fetch(library, httpserver.url_for("/home"))
    assert not report.failed
    assert len(Library(library.path).entries()) == 2


def test_a_failure_of_the_feed_a_page_advertises_names_that_feed_not_the_page(httpserver, library):
    """The page answered 200 and its feed 404, and the line said `failed …/home HTTP 404`: the user opened
    the page, saw it work, and could not tell what was wrong."""
    httpserver.expect_request("/home").respond_with_data(
        '<html><head><link rel="alternate" type="application/rss+xml" href="/rss"></head><body><p>Welkom</p></body></html>', content_type="text/html"
    )
    httpserver.expect_request("/rss").respond_with_data("weg", status=404)
    report = fetch(library, httpserver.url_for("/home"))
    assert [result.error for result in report.failed] == [f"its feed {httpserver.url_for('/rss')}: HTTP 404"]


def test_the_feed_a_page_advertises_is_named_without_the_credentials_and_token_in_its_address(httpserver, library):
    """A token in the query of the page's `<link rel=alternate>` was printed, in the progress line and the failure."""
    feed = httpserver.url_for("/rss").replace("http://", "http://anna:geheim@") + "?token=8f3a&x=1#access_token=9e"
    httpserver.expect_request("/home").respond_with_data(
        f'<html><head><link rel="alternate" type="application/rss+xml" href="{feed}"></head><body><p>Welkom</p></body></html>', content_type="text/html"
    )
    httpserver.expect_request("/rss").respond_with_data("weg", status=404)
    progress: list[str] = []
    report = run_fetch(library, [Source(httpserver.url_for("/home"))], lambda event: progress.append(getattr(event, "text", "")), settings=FAST)
    assert [result.error for result in report.failed] == [f"its feed {httpserver.url_for('/rss')}?…: HTTP 404"]
    assert f"using its feed {httpserver.url_for('/rss')}?…" in progress
    assert not any(secret in line for line in [*progress, report.failed[0].error] for secret in ("anna", "geheim", "8f3a", "9e"))


def test_a_windows_1252_page_without_charset_keeps_its_accents(httpserver, library):
    page = article_page("Eén café in Goes krijgt prijs", "GOES - Het café aan de Markt is uitgeroepen tot het beste van Zeeland.")
    page = page.replace('<meta charset="utf-8">', "")
    httpserver.expect_request("/cafe").respond_with_data(page.encode("cp1252"), content_type="text/html")
    fetch(library, httpserver.url_for("/cafe"))
    assert "Eén café in Goes krijgt prijs" in [e.article.title for e in Library(library.path).entries()]


# -- HTTP behaviour -----------------------------------------------------------------------------


def test_a_second_fetch_of_unchanged_sources_transfers_no_bodies(httpserver, library):
    def conditional(request):
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304, headers={"ETag": '"v1"'})
        return Response(RSS2, content_type="application/rss+xml", headers={"ETag": '"v1"', "Last-Modified": "Tue, 03 Mar 2026 09:00:00 GMT"})

    httpserver.expect_request("/feed").respond_with_handler(conditional)
    fetch(library, httpserver.url_for("/feed"))
    httpserver.clear_log()
    report = fetch(Library(library.path), httpserver.url_for("/feed"))
    assert report.results[0].unchanged
    [(request, response)] = requests_to(httpserver, "/feed")
    assert request.headers["If-None-Match"] == '"v1"' and request.headers["If-Modified-Since"]
    assert response.status_code == 304 and response.get_data() == b""
    assert "nieuws-tui/" in request.headers["User-Agent"]


def test_the_user_agent_names_the_program_and_its_version_and_no_page_of_a_news_site():
    """It named zeelandnet.nl as the program's page, to every site fetched: the project names none of its own."""
    from feeds import __version__
    from feeds.web.http import USER_AGENT

    assert USER_AGENT == f"nieuws-tui/{__version__}"


def test_a_last_modified_in_the_future_is_not_sent_back(httpserver, library):
    """A server that answers 304 to any date not before its file's, which it dates in 2100, kept the source unchanged
    for good: its Last-Modified was kept and sent back at every fetch."""
    def conditional(request):
        asked = request.headers.get("If-Modified-Since")
        if asked and parsedate_to_datetime(asked).year >= 2100:
            return Response(status=304)
        return Response(RSS2, content_type="application/rss+xml", headers={"Last-Modified": "Fri, 01 Jan 2100 00:00:00 GMT"})

    httpserver.expect_request("/feed").respond_with_handler(conditional)
    fetch(library, httpserver.url_for("/feed"))
    httpserver.clear_log()
    report = fetch(Library(library.path), httpserver.url_for("/feed"))
    assert not report.results[0].unchanged and not report.failed
    [(request, _response)] = requests_to(httpserver, "/feed")
    assert "If-Modified-Since" not in request.headers


def test_a_last_modified_in_the_future_kept_before_is_not_sent_but_one_within_a_day_is():
    """Kept by an earlier nieuws-tui, it made every fetch a 304 of a server that compares dates so."""
    soon = format_datetime(datetime.now(timezone.utc) + timedelta(hours=2), usegmt=True)
    known = {"later": Validator('"v1"', "Fri, 01 Jan 2100 00:00:00 GMT", reading=READING), "soon": Validator(None, soon, reading=READING)}
    validators = Validators(known, key=lambda url: url)
    assert validators.headers("later") == {"If-None-Match": '"v1"'}
    assert validators.headers("soon") == {"If-Modified-Since": soon}  # a clock a little behind the server's


LANDING_PAGE = b'<html><head><link rel="alternate" type="application/rss+xml" href="/rss"></head><body><p>Welkom</p></body></html>'


def serve_landing_page(httpserver, feeds: list[bytes]) -> None:
    """/pa.html, a static page that leads to /rss, which serves the last of `feeds`; each with an ETag of its own."""

    def conditional(etag: str, bodies: list[bytes], content_type: str):
        def answer(request):
            tag = f'"{etag}{len(bodies)}"'
            if request.headers.get("If-None-Match") == tag:
                return Response(status=304, headers={"ETag": tag})
            return Response(bodies[-1], content_type=content_type, headers={"ETag": tag})

        return answer

    httpserver.expect_request("/pa.html").respond_with_handler(conditional("page", [LANDING_PAGE], "text/html"))
    httpserver.expect_request("/rss").respond_with_handler(conditional("rss", feeds, "application/rss+xml"))


def fetch_logged(httpserver, library: Library, url: str) -> tuple[list[tuple[str, int]], SourceResult]:
    """A run of the source at `url`: the path and status of each request it made, and its result."""
    httpserver.clear_log()
    [result] = fetch(Library(library.path), url).results
    return [(request.path, response.status_code) for request, response in httpserver.log], result


def test_a_page_that_answers_304_still_asks_the_feed_it_led_to_whether_that_changed(httpserver, library):
    """A landing page that answers 304 (a static page with an ETag, as most are) made its source `unchanged` without its
    feed being asked: the feed's new items never came. Its feed is asked, with its own validators: unchanged where it
    is unchanged too, its new items stored where it changed."""
    feeds = [RSS2]
    serve_landing_page(httpserver, feeds)
    page = httpserver.url_for("/pa.html")
    assert fetch_logged(httpserver, library, page)[1].new == 2
    log, result = fetch_logged(httpserver, library, page)
    assert log == [("/pa.html", 304), ("/rss", 304)] and result.unchanged and result.error is None
    feeds.append(RSS2.replace(b"<item>", b"<item><title>Sluis bij Terneuzen open</title><link>http://example.org/sluis</link></item><item>", 1))
    log, result = fetch_logged(httpserver, library, page)
    assert log == [("/pa.html", 304), ("/rss", 200)] and (result.new, result.unchanged) == (1, False)
    assert "Sluis bij Terneuzen open" in [entry.article.title for entry in Library(library.path).entries()]
    assert fetch_logged(httpserver, library, page)[0] == [("/pa.html", 304), ("/rss", 304)]


def test_a_page_whose_validators_were_kept_before_format_17_is_asked_whole_once_to_learn_its_feed_and_its_feed_is_not(httpserver, library):
    """A row kept before says not whether its page leads to a feed: sent, it would make the page 304 and its feed
    never asked. It is not sent once, and the page knows its feed from then on. The feed it led to is no source's own
    address, whose feed is never asked: it was asked whole too, as was every address kept before (an article's page)."""
    import sqlite3
    from contextlib import closing

    serve_landing_page(httpserver, [RSS2])
    page = httpserver.url_for("/pa.html")
    fetch(library, page)
    with closing(sqlite3.connect(library.files.database)) as database, database:  # as format 16 left it
        database.execute("ALTER TABLE validators DROP COLUMN feed")
        database.execute("UPDATE meta SET value = 16 WHERE key = 'version'")
    log, _result = fetch_logged(httpserver, library, page)
    assert log == [("/pa.html", 200), ("/rss", 304)]
    assert ["If-None-Match" in request.headers for request, _response in httpserver.log] == [False, True]
    assert fetch_logged(httpserver, library, page)[0] == [("/pa.html", 304), ("/rss", 304)]


def serve_a_story_of_one_long_paragraph(httpserver) -> str:
    """A feed with an ETag, of a story of one paragraph over 50,000 characters, which a nieuws-tui before format 22 left
    out; and an item of markup nested beyond any page's, which every reading leaves out."""
    paragraph = "&lt;p&gt;" + "Een wettekst zonder regeleinden. " * 2_000 + "&lt;/p&gt;"  # 66,000 characters
    items = (
        f"<item><title>Wet in een alinea</title><link>https://nieuws.example/wet</link><description>{paragraph}</description></item>"
        f"<item><title>Diep</title><link>https://nieuws.example/diep</link><description>{'&lt;div&gt;' * 4_000}Kort.</description></item>"
    )
    feed = f"<rss version='2.0'><channel><title>Staatscourant</title>{items}</channel></rss>"

    def answer(request):
        if request.headers.get("If-None-Match") == '"w1"':
            return Response(status=304, headers={"ETag": '"w1"'})
        return Response(feed, content_type="application/rss+xml", headers={"ETag": '"w1"'})

    httpserver.expect_request("/wet.rss").respond_with_handler(answer)
    return httpserver.url_for("/wet.rss")


def test_validators_kept_by_an_older_reading_are_not_sent_and_the_story_it_left_out_comes(httpserver, library):
    """An older nieuws-tui left a story out and kept its feed's ETag: sent, the server's 304 kept the story this one
    reads away until the feed changed (for good once its item left it). What an older reading kept is not sent: the
    feed is read whole once, and what it answered is kept by this reading and sent from then on, with an item that
    every reading leaves out in it."""
    url = serve_a_story_of_one_long_paragraph(httpserver)
    with library.writing() as writer:  # as the older reading left it: the feed's ETag kept, its story not
        writer.note_validators({url: Validator('"w1"', None, reading=READING - 1)}, source=url)
    log, result = fetch_logged(httpserver, library, url)
    assert log == [("/wet.rss", 200)] and "If-None-Match" not in httpserver.log[0][0].headers
    assert result.new == 1 and len(result.left_out) == 1
    assert [entry.article.title for entry in Library(library.path).entries()] == ["Wet in een alinea"]
    log, result = fetch_logged(httpserver, library, url)
    assert log == [("/wet.rss", 304)] and result.unchanged


def test_validators_kept_before_format_22_are_not_sent_once_and_the_story_left_out_comes(httpserver, library):
    """A row kept before format 22 says not which reading kept it: the feed is read whole once after the upgrade."""
    import sqlite3
    from contextlib import closing

    url = serve_a_story_of_one_long_paragraph(httpserver)
    with library.writing() as writer:
        writer.note_validators({url: Validator('"w1"', None)}, source=url)
    library.close()
    with closing(sqlite3.connect(library.files.database)) as database, database:  # as format 21 left it
        if "reading" in {row[1] for row in database.execute("PRAGMA table_info(validators)")}:
            database.execute("ALTER TABLE validators DROP COLUMN reading")
        database.execute("UPDATE meta SET value = 21 WHERE key = 'version'")
    log, result = fetch_logged(httpserver, library, url)
    assert log == [("/wet.rss", 200)] and result.new == 1
    assert fetch_logged(httpserver, library, url)[0] == [("/wet.rss", 304)]


def test_a_page_whose_feed_link_carries_a_user_name_is_asked_whole_each_time_and_the_name_is_not_kept(httpserver, library):
    """The library keeps no user name in clear (it is often a token), nor can it fetch the feed again without it: such a
    page's row knows no feed, and is not sent, so that the page's answer leads to its feed each time."""
    feed = httpserver.url_for("/rss").replace("http://", "http://anna:geheim@")
    page = LANDING_PAGE.replace(b'href="/rss"', f'href="{feed}"'.encode())
    httpserver.expect_request("/pa.html").respond_with_data(page, content_type="text/html", headers={"ETag": '"p"'})
    httpserver.expect_request("/rss").respond_with_data(RSS2, content_type="application/rss+xml", headers={"ETag": '"r"'})
    for _run in range(2):
        log, result = fetch_logged(httpserver, library, httpserver.url_for("/pa.html"))
        assert log == [("/pa.html", 200), ("/rss", 200)] and result.error is None
        assert "If-None-Match" not in httpserver.log[0][0].headers
    assert not any(secret in str(row) for row in Library(library.path).validators().items() for secret in ("anna", "geheim"))

def test_a_304_to_a_request_that_named_no_version_is_a_failure_not_unchanged(httpserver, library):
    """A server answering every request `304 Not Modified` made its source look healthy for ever, while nothing came."""
    httpserver.expect_request("/feed").respond_with_data("", status=304)
    [result] = fetch(library, httpserver.url_for("/feed")).results
    assert not result.unchanged and result.error == "HTTP 304 (not modified) to a request that named no version to compare"


def test_a_server_error_is_tried_again_and_a_4xx_is_not(httpserver, library):
    httpserver.expect_oneshot_request("/flaky").respond_with_data("oops", status=500)
    httpserver.expect_request("/flaky").respond_with_data(RSS2, content_type="application/rss+xml")
    httpserver.expect_request("/gone").respond_with_data("not here", status=404)
    report = fetch(library, httpserver.url_for("/flaky"), httpserver.url_for("/gone"))
    results = {r.source.url.rsplit("/", 1)[1]: r for r in report.results}
    assert results["flaky"].error is None and results["flaky"].new == 2
    assert results["gone"].error == "HTTP 404"
    assert len(requests_to(httpserver, "/gone")) == 1


def test_retry_after_is_honoured(httpserver, library):
    httpserver.expect_oneshot_request("/busy").respond_with_data("later", status=503, headers={"Retry-After": "1"})
    httpserver.expect_request("/busy").respond_with_data(RSS2, content_type="application/rss+xml")
    started = time.monotonic()
    report = fetch(library, httpserver.url_for("/busy"))
    assert not report.failed and time.monotonic() - started >= 1.0


def test_a_slow_server_times_out_without_stopping_the_others(httpserver, library):
    def slow(request):
        time.sleep(1.5)
        return Response(RSS2, content_type="application/rss+xml")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    httpserver.expect_request("/fine").respond_with_data(ATOM, content_type="application/atom+xml")
    report = fetch(library, httpserver.url_for("/slow"), httpserver.url_for("/fine"), settings=Settings(read_timeout=0.3, attempts=2, backoff=0.05, host_delay=0))
    results = {r.source.url.rsplit("/", 1)[1]: r for r in report.results}
    assert results["slow"].error == "timed out"
    assert results["fine"].error is None
    assert [e.article.title for e in Library(library.path).entries()] == ["Brug bij Zierikzee dicht"]


def test_redirect_chains_are_followed_and_loops_stopped(httpserver, library):
    for hop in range(3):
        httpserver.expect_request(f"/hop{hop}").respond_with_data("", status=301, headers={"Location": f"/hop{hop + 1}"})
    httpserver.expect_request("/hop3").respond_with_data(RSS2, content_type="application/rss+xml")
    httpserver.expect_request("/loop-a").respond_with_data("", status=302, headers={"Location": "/loop-b"})
    httpserver.expect_request("/loop-b").respond_with_data("", status=302, headers={"Location": "/loop-a"})
    report = fetch(library, httpserver.url_for("/hop0"), httpserver.url_for("/loop-a"))
    results = {r.source.url.rsplit("/", 1)[1]: r for r in report.results}
    assert results["hop0"].error is None and results["hop0"].new == 2
    assert "redirect" in results["loop-a"].error


def test_odd_headers_and_redirects_cost_a_source_at_most_that_fetch(httpserver, library):
    """An ETag beyond ASCII (RFC 9110 allows it) was stored and could not be sent back: the source failed
    at every later fetch. A date past what a clock holds, a Retry-After of '²' and a redirect to javascript:
    gave 'unexpected error'."""
    odd = {"ETag": 'W/"caf\xe9"', "Last-Modified": "Tue, 03 Mar 2026 10:00:00 GMT\x07", "Date": "Fri, 31 Dec 9999 23:59:59 -2359"}
    httpserver.expect_request("/odd").respond_with_data(RSS2, content_type="application/rss+xml", headers=odd)
    httpserver.expect_oneshot_request("/busy").respond_with_data("later", status=503, headers={"Retry-After": "\xb2"})
    httpserver.expect_request("/busy").respond_with_data(RSS2.replace(b"example.org", b"example.net"), content_type="application/rss+xml")
    httpserver.expect_request("/away").respond_with_data("", status=302, headers={"Location": "javascript:alert(1)"})
    for _ in range(2):
        report = fetch(library, httpserver.url_for("/odd"), httpserver.url_for("/busy"), httpserver.url_for("/away"))
        results = {r.source.url.rsplit("/", 1)[1]: r for r in report.results}
        assert results["odd"].error is None and results["busy"].error is None
        assert results["away"].error == "redirected to javascript:alert(1), which is not an http(s) URL: not followed"
    last, _response = requests_to(httpserver, "/odd")[-1]
    assert "If-None-Match" not in last.headers and "If-Modified-Since" not in last.headers


def test_a_redirect_away_from_the_web_is_said_of_where_it_leads_not_of_the_source(httpserver, library):
    """A redirect to ftp: was said as "not an http(s) URL", which reads as the source's own address being wrong."""
    httpserver.expect_request("/away").respond_with_data("", status=301, headers={"Location": "ftp://anna:geheim@elders.example/feed.xml"})
    httpserver.expect_request("/far").respond_with_data("", status=301, headers={"Location": "ftp://elders.example/" + "a" * 9000})
    report = fetch(library, httpserver.url_for("/away"), httpserver.url_for("/far"))
    errors = {r.source.url.rsplit("/", 1)[1]: r.error for r in report.results}  # (results come as the fetches end)
    assert errors["away"] == "redirected to ftp://elders.example/feed.xml, which is not an http(s) URL: not followed"
    assert errors["far"] == f"redirected to {shown_url('ftp://elders.example/' + 'a' * 9000)}, which is not an http(s) URL: not followed"
    assert len(errors["far"]) < 200  # (a URL of 9,000 characters, cut short)


@contextlib.contextmanager
def redirecting(answers: list[list[str]]) -> Iterator[list[str]]:
    """A server whose `/awayN` redirects with the Location headers `answers[N]`, each as it is given (a WSGI server
    would make a URI of it first, and join two); yields the addresses of those redirects."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Redirecting(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if not self.path.startswith("/away"):  # (robots.txt)
                self.send_response(404)
            else:
                self.send_response(302)
                for location in answers[int(self.path.removeprefix("/away"))]:
                    self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Redirecting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield [f"http://127.0.0.1:{server.server_address[1]}/away{n}" for n in range(len(answers))]
    finally:
        server.shutdown()
        server.server_close()


def redirect_errors(library: Library, answers: list[list[str]]) -> list[str | None]:
    """The error of a source redirected with each of `answers`, in their order."""
    with redirecting(answers) as sources:
        report = fetch(library, *sources)
    return [error for _n, error in sorted((int(r.source.url.rsplit("/away", 1)[1]), r.error) for r in report.results)]


def test_a_redirect_that_cannot_be_followed_is_named_as_its_server_sent_it(library):
    """httpx gave a Location without a host the source's (`file:///etc/passwd` was said as `file://127.0.0.1/etc/passwd`),
    and said one it could not follow (`javascript:`, a port that is none, `http://xn--/`) without naming it."""
    refusals = {
        "file:///etc/passwd": "redirected to file:///etc/passwd, which is not an http(s) URL: not followed",
        "javascript:alert(document.cookie)": "redirected to javascript:alert(document.cookie), which is not an http(s) URL: not followed",
        "JavaScript:" + "a" * 9000: f"redirected to {shown_url('JavaScript:' + 'a' * 9000)}, which is not an http(s) URL: not followed",
        "http://anna:geheim@elders.example:xx/feed": "redirected to http://elders.example:xx/feed, an invalid URL (it holds a character or a part that no URL may hold): not followed",
        # httpx took a port past 65535, and the resolver connected to it modulo 65536 (`:99999` to 34463); `:-1` was "DNS".
        "http://127.0.0.1:99999/feed": "redirected to http://127.0.0.1:99999/feed, its port is no number from 0 to 65535: not followed",
        "//127.0.0.1:99999/feed": "redirected to //127.0.0.1:99999/feed, its port is no number from 0 to 65535: not followed",
        "http://127.0.0.1:-1/feed": "redirected to http://127.0.0.1:-1/feed, its port is no number from 0 to 65535: not followed",
        # An A-label that is none failed where httpx read the host, as "invalid URL (Malformed A-label, …)".
        "http://xn--/feed": "redirected to http://xn--/feed, an invalid URL (its host is no valid international domain name): not followed",
        "http://xn--a.example/feed": "redirected to http://xn--a.example/feed, an invalid URL (its host is no valid international domain name): not followed",
        "http://bücher.example:99999/feed": "redirected to http://bücher.example:99999/feed, its port is no number from 0 to 65535: not followed",
        # A browser reads it as http://elders.example/feed; httpx sent it to the source's own host, and failed unnamed.
        "http:\\\\elders.example\\feed": "redirected to http:\\\\elders.example\\feed, an address without a host: not followed",
    }
    assert redirect_errors(library, [[location] for location in refusals]) == list(refusals.values())


def test_a_redirect_to_an_address_too_long_for_sources_add_is_refused_as_sources_add_refuses_it(cli, library, tmp_path):
    """`sources add` refused an address of 10,000 characters, but a source's redirect to one was followed."""
    long = "http://127.0.0.1:1/" + "a" * 10_000
    env = {"NIEUWS_TUI_CONFIG": str(tmp_path / "config.toml")}
    save([], tmp_path / "config.toml")
    added = cli("sources", "add", long, env=env)
    reason = added.stderr.removeprefix(f"nieuws-tui: error: {shown_url(long)}: ").removesuffix("\n")
    assert added.returncode == 2 and reason == "longer than 8,192 characters"
    assert redirect_errors(library, [[long]]) == [f"redirected to {shown_url(long)}, {reason}: not followed"]


def test_a_redirect_with_more_than_one_location_is_refused_naming_the_first(library):
    """httpx joined them with ", " and followed that, an address no server gave, which failed as "host not found"."""
    assert redirect_errors(library, [["http://127.0.0.1:1/a", "http://127.0.0.1:1/b"], ["ftp://elders.example/x", "/feed"]]) == [
        "redirected to more than one address (http://127.0.0.1:1/a, …): not followed",
        "redirected to more than one address (ftp://elders.example/x, …): not followed",
    ]


def test_a_redirect_is_named_without_the_credentials_and_tokens_in_it(library):
    """A password in an ftp: or mailto: Location, and a token in its query, were printed as the server sent them."""
    refusals = {
        "ftp://anna:geheim@elders.example/feed.xml?token=8f3a": "redirected to ftp://elders.example/feed.xml?…, which is not an http(s) URL: not followed",
        "mailto:anna:geheim@elders.example?subject=x": "redirected to mailto:…@elders.example?…, which is not an http(s) URL: not followed",
        "http://127.0.0.1:99999/feed?api_key=8f3a&access_token=9e": "redirected to http://127.0.0.1:99999/feed?…, its port is no number from 0 to 65535: not followed",
        "http://anna:geheim@xn--/feed#access_token=8f3a": "redirected to http://xn--/feed?…, an invalid URL (its host is no valid international domain name): not followed",
        "http:\\\\anna:geheim@elders.example\\feed": "redirected to http:…@elders.example\\feed, an address without a host: not followed",
    }
    errors = redirect_errors(library, [[location] for location in refusals])
    assert errors == list(refusals.values())
    assert not any(secret in error for error in errors for secret in ("geheim", "8f3a", "9e", "anna"))


_SECRET = "Geheim8f3a"


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["http://", "https://", "ftp://", "mailto:", "http:\\\\", "HTTPS://", "//", "x-y+z:"]),
    st.text(st.characters(blacklist_characters="@/?#\\"), max_size=8),
    st.text(st.characters(blacklist_characters="@?#"), max_size=20),
    st.sampled_from(["?token=", "?key=", "?api_key=", "?access_token=", "#access_token=", "?a=1&b=", "?"]),
)
def test_no_password_or_query_of_an_address_is_in_how_a_message_names_it(start, user, rest, query):
    named = without_secrets(f"{start}{user}:{_SECRET}@elders.example{rest}{query}{_SECRET}")
    assert _SECRET not in named


def test_a_redirect_is_made_safe_for_the_terminal_once_where_it_is_shown(library, cli, tmp_path):
    """It was escaped in the message and again where it was shown: JSON and the cut to 120 characters saw escapes, not
    the Location, and a Location of escapes was cut after a few dozen of them."""
    hostile = "javascript:\x9b31mrood" + "\x1b" * 200
    (error,) = redirect_errors(library, [[hostile]])
    assert error == f"redirected to {shown_url(hostile)}, an invalid URL (it holds a character or a part that no URL may hold): not followed"
    with redirecting([[hostile]]) as (source,):
        printed = cli("fetch", source, env={"NIEUWS_TUI_DB": str(tmp_path / "cli.sqlite"), "NIEUWS_TUI_CONFIG": str(tmp_path / "config.toml")})
    assert printed.stdout == f"failed {source} {terminal_safe(error)}\n"
    assert "\x1b" not in printed.stdout and "\x9b" not in printed.stdout and "\\x9b31mrood" in printed.stdout


def test_a_response_compressed_twice_is_refused_before_it_is_inflated(httpserver, library):
    """gzip of gzip: 2 kB on the wire that httpx inflated to 2 GB in memory before the cap was looked at."""
    import gzip

    twice = gzip.compress(gzip.compress(b"\0" * (64 * 1024 * 1024)))
    httpserver.expect_request("/bomb").respond_with_data(twice, content_type="application/rss+xml", headers={"Content-Encoding": "gzip, gzip"})
    report = fetch(library, httpserver.url_for("/bomb"))
    assert report.results[0].error == "compressed more than once (gzip, gzip); refused"


@pytest.mark.parametrize(("coding", "said"), [("br", "br"), ("snappy", "snappy"), ("x\x1b[31mrood", "x\\x1b[31mrood")])
def test_a_response_compressed_in_a_way_not_asked_for_is_refused_naming_it(httpserver, library, coding, said):
    """br, never asked for, was read as it came: "invalid feed: no element in the first 8 kB"; an unknown coding was
    read as uncompressed, and stored."""
    httpserver.expect_request("/feed").respond_with_data(RSS2, content_type="application/rss+xml", headers={"Content-Encoding": coding})
    report = fetch(library, httpserver.url_for("/feed"))
    assert report.results[0].error == f"compressed as {said}, which was not asked for and cannot be read; refused"
    assert not list(Library(library.path).entries())


def test_an_answer_without_a_body_to_read_is_taken_by_its_status_whatever_compression_it_names(httpserver, library):
    """A 304 naming `Content-Encoding: br` failed as "compressed as br" where it was unchanged, a 404 so named was
    said as a compression, not as HTTP 404."""
    from werkzeug import Response

    served = {"n": 0}

    def feed(request):
        served["n"] += 1
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304, headers={"Content-Encoding": "br", "ETag": '"v1"'})
        return Response(RSS2, content_type="application/rss+xml", headers={"ETag": '"v1"'})

    httpserver.expect_request("/feed").respond_with_handler(feed)
    httpserver.expect_request("/gone").respond_with_data(b"\x8b\x00 not brotli", status=404, headers={"Content-Encoding": "br"})
    assert fetch(library, httpserver.url_for("/feed")).results[0].error is None
    (again,) = fetch(Library(library.path), httpserver.url_for("/feed")).results
    assert (again.error, again.unchanged, served["n"]) == (None, True, 2)
    assert fetch(Library(library.path), httpserver.url_for("/gone")).results[0].error == "HTTP 404"


def _zeros_gzipped(size: int) -> bytes:
    """`size` bytes of zeros as gzip, made in a blink: one compressed megabyte repeated (a full flush makes each alike)."""
    import struct
    import zlib

    megabyte = b"\0" * 2**20
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = packer.compress(megabyte) + packer.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(size // 2**20):
        crc = zlib.crc32(megabyte, crc)
    body = block * (size // 2**20) + packer.flush()
    return b"\x1f\x8b\x08\0\0\0\0\0\0\xff" + body + struct.pack("<II", crc, size % 2**32)


@pytest.mark.parametrize("max_size", [10, 100])
def test_a_gzip_bomb_is_refused_without_inflating_more_than_the_cap(httpserver, library, max_size):
    """1.5 GB of zeros in 1.5 MB of gzip: each 64 kB read inflated to 64 MB before the cap was looked at, and what was
    read was copied whole once more; a fetch under a 10 MB cap peaked at 171 MB, under 100 MB at 237 MB."""
    import tracemalloc

    httpserver.expect_request("/bomb").respond_with_data(_zeros_gzipped(1536 * 2**20), content_type="application/rss+xml", headers={"Content-Encoding": "gzip"})
    tracemalloc.start()
    try:
        report = fetch(library, httpserver.url_for("/bomb"), settings=dataclasses.replace(FAST, max_bytes=max_size * 2**20))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report.results[0].error == f"response too large: more than {max_size} MB (raise the limit with --max-size or max-size in config.toml)"
    assert peak < (max_size + 20) * 2**20


@pytest.mark.parametrize("coding", ["gzip", "deflate", "raw deflate"])
def test_a_compressed_feed_near_the_cap_is_read_whole(httpserver, library, coding):
    """The bounded inflating reads a feed of every coding asked for, zlib's deflate and the raw one servers send too."""
    import zlib

    feed = RSS2.replace(b"</channel>", b"<!--" + b"x" * (2**20 - len(RSS2) - 64) + b"--></channel>")
    wbits = {"gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS, "raw deflate": -zlib.MAX_WBITS}[coding]
    packer = zlib.compressobj(6, zlib.DEFLATED, wbits)
    httpserver.expect_request("/feed").respond_with_data(packer.compress(feed) + packer.flush(), content_type="application/rss+xml", headers={"Content-Encoding": coding.split()[-1]})
    report = fetch(library, httpserver.url_for("/feed"), settings=dataclasses.replace(FAST, max_bytes=2**20))
    assert report.results[0].error is None
    assert Library(library.path).entries()


@pytest.mark.parametrize("coding", ["gzip", "deflate"])
def test_a_damaged_compression_is_said_as_such(httpserver, library, coding):
    """As httpx said it before the body was inflated by nieuws-tui's own reader, which raises its error."""
    httpserver.expect_request("/feed").respond_with_data(b"\x1f\x8b\x08\0 not compressed", content_type="application/rss+xml", headers={"Content-Encoding": coding})
    assert fetch(library, httpserver.url_for("/feed")).results[0].error == "the answer's compression is damaged"

def test_a_huge_response_is_cut_off_at_the_cap(httpserver, library):
    def endless(request):
        chunk = b"<p>" + b"x" * (1024 * 1024) + b"</p>"
        return Response((chunk for _ in range(50)), content_type="text/html")

    httpserver.expect_request("/huge").respond_with_handler(endless)
    report = fetch(library, httpserver.url_for("/huge"))
    assert report.results[0].error == "response too large: more than 10 MB (raise the limit with --max-size or max-size in config.toml)"


def test_an_answer_refused_where_a_redirect_led_names_that_address_without_its_query(httpserver, library):
    """"failed http://…/r1 response too large: …" read as if the source had been too large, where it had redirected
    to an address that was, as other failures after a redirect are said (of its declared size, or of one that kept
    coming, and of one compressed twice)."""
    import gzip

    def endless(request):
        return Response((b"x" * 4096 for _ in range(4)), content_type="application/rss+xml")

    httpserver.expect_request("/declared").respond_with_data("x" * (2**20 // 50), content_type="application/rss+xml")
    httpserver.expect_request("/endless").respond_with_handler(endless)
    httpserver.expect_request("/bomb").respond_with_data(gzip.compress(gzip.compress(b"x")), headers={"Content-Encoding": "gzip, gzip"})
    for n, target in enumerate(["declared", "endless", "bomb"]):
        httpserver.expect_request(f"/r{n}").respond_with_data("", status=302, headers={"Location": f"/{target}?token=S8"})
    sources = [httpserver.url_for(f"/r{n}") for n in range(3)] + [httpserver.url_for("/declared")]
    report = fetch(library, *sources, settings=dataclasses.replace(FAST, max_bytes=2**20 // 100))
    remedy = "(raise the limit with --max-size or max-size in config.toml)"
    assert {result.source.url: result.error for result in report.results} == {
        sources[0]: f"redirected to {httpserver.url_for('/declared')}?…: response too large: 0.02 MB, more than 0.01 MB {remedy}",
        sources[1]: f"redirected to {httpserver.url_for('/endless')}?…: response too large: more than 0.01 MB {remedy}",
        sources[2]: f"redirected to {httpserver.url_for('/bomb')}?…: compressed more than once (gzip, gzip); refused",
        sources[3]: f"response too large: 0.02 MB, more than 0.01 MB {remedy}",
    }


def test_a_feed_beyond_the_bounds_of_the_cap_is_refused_naming_the_remedy_and_read_under_a_cap_raised_for_it(httpserver, library):
    """8,000 items of 26 tags in 1.5 MB: short, but more tags than the bounds of the default cap allow (200,000)."""
    items = b"".join(b"<item><title>%d</title><link>http://example.org/%d</link>%s</item>" % (n, n, b"<category>c</category>" * 10) for n in range(8_000))
    httpserver.expect_request("/many.rss").respond_with_data(RSS2.replace(b"</channel>", items + b"</channel>"), content_type="application/rss+xml")
    refused = fetch(library, httpserver.url_for("/many.rss")).results[0]
    assert refused.error == "refused: more than 200,000 tags, the most for a feed under a size limit of 10 MB (raise the limit with --max-size or max-size in config.toml)"
    read = fetch(library, httpserver.url_for("/many.rss"), settings=dataclasses.replace(FAST, max_bytes=20 * 2**20)).results[0]
    assert read.error is None and read.new == 8_002


def test_a_feed_beyond_the_bounds_of_the_highest_cap_is_refused_without_saying_to_raise_it(httpserver, library, monkeypatch):
    """max-size can be no more than 1024 MB: there, the refusal said to raise it all the same."""
    from feeds.config import MOST
    from feeds.pages import bounds
    from feeds.web.workers import Workers

    monkeypatch.setattr(bounds, "MAX_FEED_TAGS", 10)  # 1,024 at the highest cap: a short feed passes them (read here, by Workers(1))
    items = b"<item><title>Bericht</title><link>http://example.org/</link></item>" * 400
    httpserver.expect_request("/many.rss").respond_with_data(RSS2.replace(b"</channel>", items + b"</channel>"), content_type="application/rss+xml")
    highest = dataclasses.replace(FAST, max_bytes=MOST["max-size"] * 2**20)
    refused = run_fetch(library, [Source(httpserver.url_for("/many.rss"))], settings=highest, workers=Workers(1)).results[0]
    assert refused.error == "refused: more than 1,024 tags, the most for a feed under a size limit of 1024 MB (the limit is at its highest: max-size can be no more than 1024 MB)"


def test_a_section_page_brings_the_full_text_of_an_article_a_feed_gave_one_paragraph_of(httpserver, library):
    """Stored full from a feed's one paragraph of content, the article was taken for one the library had whole:
    the section page that lists it never had its article page read for the rest."""
    section = serve_section(httpserver)
    page = f"/nieuws/{slugify(ITEMS[0].title)}"
    rss = f"""<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Omroep</title>
<item><title>{ITEMS[0].title}</title><link>{httpserver.url_for(page)}</link><content:encoded><![CDATA[<p>{ITEMS[0].lead}</p>]]></content:encoded></item></channel></rss>"""
    httpserver.expect_request("/rss").respond_with_data(rss, content_type="application/rss+xml")
    assert not fetch(library, httpserver.url_for("/rss")).failed
    assert not fetch(Library(library.path), section).failed
    [entry] = [e for e in Library(library.path).entries() if e.article.title == ITEMS[0].title]
    assert Library(library.path).article(entry.id).body and len(requests_to(httpserver, page)) == 1
    assert not fetch(Library(library.path), section).failed
    assert len(requests_to(httpserver, page)) == 1  # whole now: not read again


def test_an_article_page_of_one_paragraph_is_asked_only_whether_it_changed_and_read_again_when_it_grew(httpserver, library):
    """A feed gave the story's one paragraph; its article page had no more. Counted as not had whole (no text after its
    lead), the page was downloaded again at every fetch of the section page that lists it; and a page not asked again
    at all kept a breaking story at its first paragraph for good."""
    site = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/nieuws/politiek").respond_with_data(IndexPage("Politiek", ITEMS).html(site), content_type="text/html; charset=utf-8")
    path = f"/nieuws/{slugify(ITEMS[0].title)}"
    paragraphs = [("p", ITEMS[0].lead)]

    def article_page(request):
        etag = f'"{len(paragraphs)}"'
        if request.headers.get("If-None-Match") == etag:
            return Response(status=304, headers={"ETag": etag})
        return Response(ArticlePage(ITEMS[0].title, paragraphs, section="Politiek").html(), content_type="text/html; charset=utf-8", headers={"ETag": etag})

    httpserver.expect_request(path).respond_with_handler(article_page)
    for item in ITEMS[1:]:
        page = ArticlePage(item.title, [("p", item.lead)], section="Politiek").html()
        httpserver.expect_request(f"/nieuws/{slugify(item.title)}").respond_with_data(page, content_type="text/html; charset=utf-8")
    rss = f"""<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Omroep</title>
<item><title>{ITEMS[0].title}</title><link>{httpserver.url_for(path)}</link><content:encoded><![CDATA[<p>{ITEMS[0].lead}</p>]]></content:encoded></item></channel></rss>"""
    httpserver.expect_request("/rss").respond_with_data(rss, content_type="application/rss+xml")
    section = httpserver.url_for("/nieuws/politiek")
    assert not fetch(library, httpserver.url_for("/rss")).failed
    for _run in range(3):
        assert not fetch(Library(library.path), section).failed
    assert [response.status_code for _request, response in requests_to(httpserver, path)] == [200, 304, 304]
    assert {e.article.kind for e in Library(library.path).entries()} == {"full"}
    paragraphs.append(("p", "Later meer: de Kamer stemt dinsdag."))
    assert not fetch(Library(library.path), section).failed
    story = Library(library.path).article(next(e.id for e in Library(library.path).entries() if e.article.title == ITEMS[0].title))
    assert [block.text for block in story.body] == ["Later meer: de Kamer stemt dinsdag."]


def test_a_pruned_article_takes_what_its_page_answered_with_it_and_its_page_is_not_read_again(httpserver, library):
    """What the article page of a story of one paragraph answered was kept for good, for every such story ever seen: the
    validators grew with each. Pruned, the story is kept away, so its page, still listed, was read again only for
    what it held to be dropped."""
    from feeds.config import Retention

    site = httpserver.url_for("").rstrip("/")
    section = httpserver.url_for("/nieuws/politiek")
    httpserver.expect_request("/nieuws/politiek").respond_with_data(IndexPage("Politiek", ITEMS).html(site), content_type="text/html; charset=utf-8")
    pages = {f"/nieuws/{slugify(item.title)}": ArticlePage(item.title, [("p", item.lead)], section="Politiek").html() for item in ITEMS}
    for path, page in pages.items():
        httpserver.expect_request(path).respond_with_data(page, content_type="text/html; charset=utf-8", headers={"ETag": '"1"'})
    assert not fetch(library, section).failed
    assert set(Library(library.path).validators()) == {section, *(httpserver.url_for(path) for path in pages)}
    assert Library(library.path).prune(Retention(keep_days=0.01, prune_unread=True)) == 2
    assert set(Library(library.path).validators()) == {section}
    assert not fetch(Library(library.path), section).failed
    assert [len(requests_to(httpserver, path)) for path in pages] == [1, 1]
    assert set(Library(library.path).validators()) == {section} and Library(library.path).entries() == []


def test_a_feed_that_is_an_html_error_page_fails_plainly(httpserver, library):
    httpserver.expect_request("/feed.rss").respond_with_data(
        "<!DOCTYPE html><html><body><h1>Service Unavailable</h1></body></html>", content_type="application/rss+xml"
    )
    report = fetch(library, httpserver.url_for("/feed.rss"))
    assert report.results[0].error and "HTML" in report.results[0].error


def test_a_subscribed_feed_is_fetched_as_a_browser_would_whatever_robots_txt_says(httpserver, library):
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /\n", content_type="text/plain")
    httpserver.expect_request("/feed").respond_with_data(RSS2, content_type="application/rss+xml")
    report = fetch(library, httpserver.url_for("/feed"))
    assert not report.failed and report.results[0].new
    assert requests_to(httpserver, "/robots.txt") == []


def test_article_pages_the_program_finds_itself_follow_robots_txt(httpserver, library):
    url = serve_section(httpserver)
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /nieuws/kamer\n", content_type="text/plain")
    report = fetch(library, url)
    assert not report.failed
    assert requests_to(httpserver, f"/nieuws/{slugify(ITEMS[1].title)}") == []
    kinds = {e.article.title: e.article.kind for e in Library(library.path).entries()}
    assert kinds == {ITEMS[0].title: "full", ITEMS[1].title: "teaser"}  # the disallowed one is kept as its teaser


def serve_section_and_robots(httpserver, robots: list[Callable[[], Response]]) -> tuple[str, str]:
    """A section page with an ETag (a 304 when asked with it) and a robots.txt that answers what `robots[0]` makes, as
    it is when asked; the section page's address and robots.txt's."""
    site = httpserver.url_for("").rstrip("/")
    index = IndexPage("Politiek", ITEMS).html(site)

    def section(request) -> Response:
        if request.headers.get("If-None-Match") == '"1"':
            return Response(status=304)
        return Response(index, content_type="text/html; charset=utf-8", headers={"ETag": '"1"'})

    httpserver.expect_request("/nieuws/politiek").respond_with_handler(section)
    httpserver.expect_request("/robots.txt").respond_with_handler(lambda request: robots[0]())
    for item in ITEMS:
        httpserver.expect_request(f"/nieuws/{slugify(item.title)}").respond_with_data(article_page(item.title, item.lead), content_type="text/html; charset=utf-8")
    return httpserver.url_for("/nieuws/politiek"), httpserver.url_for("/robots.txt")


def slow_robots_txt() -> Response:
    time.sleep(FAST.read_timeout * 3)
    return Response("User-agent: *\nDisallow:\n", content_type="text/plain")


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (lambda: Response("druk", status=503), "HTTP 503"),
        (lambda: Response("kapot", status=500), "HTTP 500"),
        (lambda: Response("rustig aan", status=429), "HTTP 429"),
        (slow_robots_txt, "timed out"),
    ],
    ids=["503", "500", "429", "timeout"],
)
def test_article_pages_of_a_site_whose_robots_txt_cannot_be_read_are_not_fetched_and_are_asked_again_next_fetch(httpserver, library, answer, reason):
    """An unreachable robots.txt (RFC 9309 2.3.1.4) was taken as none: a site that disallowed its story pages and
    answered robots.txt with a 503 had them fetched all the same."""
    robots = [answer]
    section, robots_txt = serve_section_and_robots(httpserver, robots)
    [first] = fetch(library, section).results
    assert first.error is None and first.new == 2
    assert first.note == f"2 article pages not fetched, their stories kept as teasers: {robots_txt} could not be read ({reason})"
    assert [requests_to(httpserver, f"/nieuws/{slugify(item.title)}") for item in ITEMS] == [[], []]
    assert {e.article.kind for e in Library(library.path).entries()} == {"teaser"}
    assert section not in Library(library.path).validators()  # asked whole next time, and its stories' pages with it
    robots[0] = lambda: Response("", status=404)
    [second] = fetch(Library(library.path), section).results
    assert (second.error, second.note, second.updated) == (None, None, 2)
    assert {e.article.kind for e in Library(library.path).entries()} == {"full"}


def test_article_pages_of_a_site_whose_robots_txt_redirects_in_a_loop_are_fetched(httpserver, library):
    """A robots.txt whose redirects never end is unavailable (RFC 9309 2.3.1.2), as one that is not there: it was
    taken as one that could not be read, and every article page of the site was refused."""
    section, _robots_txt = serve_section_and_robots(httpserver, [lambda: Response("", status=302, headers={"Location": "/robots.txt"})])
    [result] = fetch(library, section).results
    assert (result.error, result.note, result.new) == (None, None, 2)
    assert {e.article.kind for e in Library(library.path).entries()} == {"full"}


@pytest.mark.parametrize(
    "robots_txt",
    [
        f"User-agent: *\nDisallow: /nieuws/{slugify(ITEMS[1].title)}\n" + "# opvulling\n" * 60_000,  # some 660 kB
        "# opvulling\n" * 20_000 + f"User-agent: *\nDisallow: /nieuws/{slugify(ITEMS[1].title)}\n",  # its rule past 200 kB
    ],
    ids=["over-500-kib", "rule-past-the-cap"],
)
def test_a_robots_txt_is_followed_by_its_first_500_kib_whatever_the_size_cap_says(httpserver, library, robots_txt):
    """A robots.txt over --max-size refused the site's every article page, its note saying to raise the limit; and
    RFC 9309 2.5 asks a crawler to read at least 500 KiB of it: a rule past a lower --max-size is heeded."""
    section, _robots_txt = serve_section_and_robots(httpserver, [lambda: Response(robots_txt, content_type="text/plain")])
    [result] = fetch(library, section, settings=dataclasses.replace(FAST, max_bytes=100_000)).results
    assert (result.error, result.note, result.new) == (None, None, 2)
    assert requests_to(httpserver, f"/nieuws/{slugify(ITEMS[1].title)}") == []
    kinds = {e.article.title: e.article.kind for e in Library(library.path).entries()}
    assert kinds == {ITEMS[0].title: "full", ITEMS[1].title: "teaser"}


@pytest.mark.parametrize("location", ["file:///etc/robots.txt", "http://169.254.169.254/robots.txt"], ids=["file", "link-local"])
def test_article_pages_of_a_site_whose_robots_txt_redirects_where_no_fetch_goes_are_fetched(httpserver, library, location):
    """A redirect that cannot be followed makes robots.txt unavailable (RFC 9309 2.3.1.2), as one that is not there: it
    was taken as one that could not be read, and every article page of the site was refused."""
    section, _robots_txt = serve_section_and_robots(httpserver, [lambda: Response("", status=302, headers={"Location": location})])
    [result] = fetch(library, section).results
    assert (result.error, result.note, result.new) == (None, None, 2)
    assert {e.article.kind for e in Library(library.path).entries()} == {"full"}


def test_a_robots_txt_saved_with_a_byte_order_mark_is_followed(httpserver, library):
    """Its first line read as "\ufeffUser-agent", the whole group was dropped, and the pages it disallows fetched."""
    disallowing = f"\ufeffUser-agent: *\nDisallow: /nieuws/{slugify(ITEMS[1].title)}\n".encode()
    section, _robots_txt = serve_section_and_robots(httpserver, [lambda: Response(disallowing, content_type="text/plain")])
    [result] = fetch(library, section).results
    assert (result.error, result.new) == (None, 2)
    assert requests_to(httpserver, f"/nieuws/{slugify(ITEMS[1].title)}") == []


def test_the_note_of_stories_of_two_sites_whose_robots_txt_cannot_be_read_names_each(httpserver, library):
    """A section page linking to stories on two sites whose robots.txt answered 503 named only the first."""
    section, robots_txt = serve_section_and_robots(httpserver, [lambda: Response("druk", status=503)])
    site = httpserver.url_for("").rstrip("/")
    other = site.replace("127.0.0.1", "localhost")
    index = IndexPage("Politiek", ITEMS).html(site).replace(f"{site}/nieuws/{slugify(ITEMS[1].title)}", f"{other}/nieuws/{slugify(ITEMS[1].title)}")
    httpserver.clear_all_handlers()
    httpserver.expect_request("/nieuws/politiek").respond_with_data(index, content_type="text/html; charset=utf-8")
    httpserver.expect_request("/robots.txt").respond_with_data("druk", status=503)
    [result] = fetch(library, section).results
    assert result.note == f"2 article pages not fetched, their stories kept as teasers: {robots_txt} could not be read (HTTP 503); {other}/robots.txt could not be read (HTTP 503)"


@pytest.mark.parametrize("status", [404, 403, 410])
def test_article_pages_of_a_site_without_a_robots_txt_are_fetched(httpserver, library, status):
    section, _robots_txt = serve_section_and_robots(httpserver, [lambda: Response("", status=status)])
    [result] = fetch(library, section).results
    assert (result.error, result.note, result.new) == (None, None, 2)
    assert {e.article.kind for e in Library(library.path).entries()} == {"full"}


def test_a_refused_connection_is_one_failure_and_changes_nothing(httpserver, seeded_library):
    before = [(e.article, e.read, e.starred) for e in seeded_library.entries()]
    httpserver.expect_request("/invalid").respond_with_data("<html><body><p>Geen nieuws</p></body></html>", content_type="text/html")
    report = fetch(seeded_library, "http://127.0.0.1:9/feed", httpserver.url_for("/invalid"))
    errors = sorted(r.error for r in report.results)
    assert errors == ["connection refused", "not a news page or feed this program can read"]
    assert [(e.article, e.read, e.starred) for e in Library(seeded_library.path).entries()] == before


@pytest.mark.parametrize(("path", "content_type"), [("/feed.json", "application/json"), ("/feed", "application/feed+json"), ("/feed", "text/plain")])
def test_a_json_feed_is_said_to_be_one_as_a_server_serves_it(httpserver, library, path, content_type):
    """A JSON Feed served as application/json was "not a news page or feed this program can read" (r79): sniff took
    it for a text rendering, and the reader that says what it is never saw it."""
    body = '{"version": "https://jsonfeed.org/version/1.1", "title": "Blog", "items": []}'
    httpserver.expect_request(path).respond_with_data(body, content_type=content_type)
    [result] = fetch(library, httpserver.url_for(path)).results
    assert result.error == "invalid feed: JSON, not RSS or Atom: nieuws-tui reads no JSON Feed"


def test_a_redirect_to_a_refused_connection_names_where_it_led_once_without_its_secrets(httpserver, library):
    """The failure was said of the source, which answered: "failed http://127.0.0.1:…/moved connection refused"."""
    httpserver.expect_request("/moved").respond_with_data("", status=301, headers={"Location": "http://anna:geheim@127.0.0.1:9/feed?token=8f3a"})
    httpserver.expect_request("/hop").respond_with_data("", status=302, headers={"Location": "/moved"})
    report = fetch(library, httpserver.url_for("/moved"), httpserver.url_for("/hop"))
    assert [result.error for result in report.results] == ["redirected to http://127.0.0.1:9/feed?…: connection refused"] * 2


def test_a_redirect_to_an_error_names_where_it_led_and_an_error_of_the_source_its_own(httpserver, library):
    """"failed http://…/r8 HTTP 500" read as if the source had answered 500, where it had redirected to an address
    that did."""
    httpserver.expect_request("/r8").respond_with_data("", status=302, headers={"Location": "/r9?token=S8"})
    httpserver.expect_request("/r9").respond_with_data("kapot", status=500)
    httpserver.expect_request("/gone").respond_with_data("", status=404)
    report = fetch(library, httpserver.url_for("/r8"), httpserver.url_for("/gone"))
    assert {result.source.url: result.error for result in report.results} == {
        httpserver.url_for("/r8"): f"redirected to {httpserver.url_for('/r9')}?…: HTTP 500",
        httpserver.url_for("/gone"): "HTTP 404",
    }


def test_an_empty_answer_is_said_to_be_empty(httpserver, seeded_library):
    httpserver.expect_request("/empty").respond_with_data("", content_type="application/rss+xml")
    httpserver.expect_request("/blank").respond_with_data(" \r\n", content_type="text/html")
    report = fetch(seeded_library, httpserver.url_for("/empty"), httpserver.url_for("/blank"))
    assert [r.error for r in report.results] == ["the answer is empty"] * 2


# -- the command --------------------------------------------------------------------------------


def test_fetch_command_prints_a_line_per_source_and_fails_when_one_did(cli, httpserver, tmp_path):
    httpserver.expect_request("/feed").respond_with_data(RSS2, content_type="application/rss+xml")
    httpserver.expect_request("/missing").respond_with_data("no such feed", status=404)
    env = {"NIEUWS_TUI_DB": str(tmp_path / "library.json"), "NIEUWS_TUI_CONFIG": str(tmp_path / "config.toml")}
    good, bad = httpserver.url_for("/feed"), httpserver.url_for("/missing")
    save([], tmp_path / "config.toml")  # no default sources: this test stays off the internet
    assert cli("sources", "add", good, "--section", "Regio", env=env).returncode == 0
    result = cli("fetch", good, bad, env=env)
    assert result.returncode == 1
    assert f"ok {good} new=2 updated=0" in result.stdout.splitlines()
    assert f"failed {bad} HTTP 404" in result.stdout.splitlines()
    assert bad not in result.stderr  # each failure is said once, on its line
    assert "1 failed" in result.stderr
    listed = cli("list", "--section", "Regio", env=env)
    assert listed.stdout.count("\n") == 2
    again = cli("fetch", env=env)  # every configured source: only the good one
    assert again.returncode == 0 and again.stdout.startswith(("ok ", "unchanged "))


@contextlib.contextmanager
def another_writer(database: Path) -> Iterator[None]:
    """Another process's write transaction (a fetch run, the app's refresh), held all through the block."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(database, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            other.execute("ROLLBACK")


@pytest.mark.parametrize(("language", "said"), [
    ("en", "the space of the pruned articles stays in the file for now (another process was writing to it); the next `nieuws-tui prune` or `fetch` gives it back"),
    ("nl", "de ruimte van de opgeruimde artikelen blijft voorlopig in het bestand (een ander proces schreef erin); de volgende `nieuws-tui prune` of `fetch` geeft die terug"),
])  # fmt: skip
def test_the_space_a_prune_could_not_give_back_is_said_kept_and_the_next_fetch_gives_it_back(cli, httpserver, tmp_path, language, said):
    """The VACUUM after a big prune, refused by another writer (or a full disk, or a kill in the middle), was tried again
    only by a prune that removed a tenth of what was left, and nothing said the space was kept."""
    import sqlite3

    from conftest import CAPTURED
    from feedkit import article

    from feeds.config import Retention
    from feeds.model import AMSTERDAM, Block
    from feeds.store.database import Database

    library = Library(tmp_path / "library.sqlite")
    body = (Block("paragraph", "Een alinea die ruimte inneemt. " * 100),)
    library.add([(article(f"Bericht {n}", url=f"https://nieuws.example/{n}", published=CAPTURED - timedelta(days=n), body=body), CAPTURED) for n in range(200)])
    with pytest.MonkeyPatch.context() as patch:  # as a prune whose process was killed in the middle of its VACUUM leaves it
        patch.setattr(Database, "give_back_space", lambda self, connection: "killed")
        assert library.prune(Retention(keep_days=(datetime.now(AMSTERDAM) - CAPTURED).days + 100, prune_unread=True)) == 100
    library.close()

    def free_pages() -> int:
        with contextlib.closing(sqlite3.connect(library.file)) as database:
            return int(database.execute("PRAGMA freelist_count").fetchone()[0])

    assert free_pages() > 0
    env = {"NIEUWS_TUI_DB": str(library.file), "NIEUWS_TUI_CONFIG": str(tmp_path / "config.toml"), "LANGUAGE": language}
    with another_writer(library.file):
        pruned = cli("prune", "--older-than", "36500", env=env)
    assert pruned.returncode == 0 and pruned.stderr.splitlines() == [f"nieuws-tui: {'waarschuwing' if language == 'nl' else 'warning'}: {library.file}: {said}"]
    assert free_pages() > 0
    httpserver.expect_request("/feed").respond_with_data(RSS2, content_type="application/rss+xml")
    fetched = cli("fetch", httpserver.url_for("/feed"), env=env)
    assert fetched.returncode == 0 and said not in fetched.stderr and free_pages() == 0
    assert cli("prune", "--older-than", "36500", env=env).stderr == ""


def test_fetch_writes_its_lines_to_standard_output_when_that_is_no_terminal_though_standard_error_is(httpserver, tmp_path):
    """`nieuws-tui fetch > out.txt` or `| grep ^failed` at a terminal: the bar drew on standard error, and the lines
    a script reads never reached its output."""
    httpserver.expect_request("/feed").respond_with_data(RSS2, content_type="application/rss+xml")
    env = {**os.environ, "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite"), "NIEUWS_TUI_CONFIG": str(tmp_path / "config.toml")}
    save([], tmp_path / "config.toml")
    leader, follower = os.openpty()
    try:
        result = subprocess.run(
            [*nieuws_tui_command(), "fetch", httpserver.url_for("/feed")], cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=follower, text=True, timeout=60
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert (result.returncode, result.stdout) == (0, f"ok {httpserver.url_for('/feed')} new=2 updated=0\n")


def test_fetch_prints_the_lines_of_the_sources_in_the_order_they_were_given(cli, httpserver, tmp_path):
    """The first source answers only past its deadline, long after the second (of another host) is done: its line came last."""
    import threading

    released = threading.Event()

    def never_in_time(request):
        released.wait(30)
        return Response(RSS2, content_type="application/rss+xml")

    httpserver.expect_request("/slow").respond_with_handler(never_in_time)
    httpserver.expect_request("/feed").respond_with_data(RSS2, content_type="application/rss+xml")
    env = {"NIEUWS_TUI_DB": str(tmp_path / "library.sqlite"), "NIEUWS_TUI_CONFIG": str(tmp_path / "config.toml")}
    save([], tmp_path / "config.toml")
    slow, fast = httpserver.url_for("/slow"), httpserver.url_for("/feed").replace("127.0.0.1", "localhost")  # two hosts: fetched side by side
    try:
        result = cli("fetch", "--deadline", "4", slow, fast, env=env)
    finally:
        released.set()
    assert [line.split()[:2] for line in result.stdout.splitlines()] == [["failed", slow], ["ok", fast]]


def test_the_lines_scripts_read_name_a_long_source_whole(capsys, monkeypatch, tmp_path):
    """Messages cut a long address short for a person; the `ok|unchanged|failed URL` lines are for scripts, and two
    long addresses alike in their first 120 characters read as one source there."""
    from feeds import FetchRun
    from feeds.web.fetch import FetchReport, SourceResult
    from tui.cli import main

    long = "https://kapot.example/" + "x" * 200 + "/feed"

    def failed(run, on_event=None, storing=None):
        result = SourceResult(Source(long), error="HTTP 500")
        on_event(result)
        return FetchReport([result])

    monkeypatch.setattr(FetchRun, "in_this_thread", failed)
    monkeypatch.setenv("NIEUWS_TUI_DB", str(tmp_path / "library.sqlite"))
    monkeypatch.setenv("NIEUWS_TUI_CONFIG", str(tmp_path / "config.toml"))
    save([], tmp_path / "config.toml")
    assert main(["fetch", "--quiet", long]) == 1
    assert capsys.readouterr().out == f"failed {long} HTTP 500\n"


def test_an_interrupted_fetch_still_prints_the_lines_of_the_sources_done_behind_one_still_going(capsys, monkeypatch, tmp_path):
    """Ctrl-C, or a cron job's timeout, while the first source hung: the lines of those done after it were held
    for their turn, and went unprinted, the `failed` ones a cron job mails among them."""
    from feeds import FetchRun
    from feeds.web.fetch import SourceResult
    from tui.cli import main

    slow, failing = "https://traag.example/feed", "https://kapot.example/feed"

    def interrupted(run, on_event=None, storing=None):
        on_event(SourceResult(Source(failing), error="HTTP 500"))
        raise KeyboardInterrupt

    monkeypatch.setattr(FetchRun, "in_this_thread", interrupted)
    monkeypatch.setenv("NIEUWS_TUI_DB", str(tmp_path / "library.sqlite"))
    monkeypatch.setenv("NIEUWS_TUI_CONFIG", str(tmp_path / "config.toml"))
    save([], tmp_path / "config.toml")
    assert main(["fetch", "--quiet", slow, failing]) == 130
    assert capsys.readouterr().out == f"failed {failing} HTTP 500\n"


@pytest.mark.parametrize(("stop", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_second_stop_while_an_interrupted_fetch_says_its_held_lines_ends_it_with_its_note(capsys, monkeypatch, tmp_path, stop, status):
    """Those lines go to a reader that may stall (a full pipe): a second Ctrl-C or SIGTERM while they were said gave
    a traceback and exit 1, and never the note of what the run stored."""
    from feeds import FetchRun
    from feeds.web.fetch import SourceResult
    from tui.cli import main
    from tui.commands import fetch

    slow, failing = "https://traag.example/feed", "https://kapot.example/feed"

    def interrupted(run, on_event=None, storing=None):
        on_event(SourceResult(Source(failing), error="HTTP 500"))
        os.kill(os.getpid(), stop)

    class Stalling(io.StringIO):
        def write(self, text: str) -> int:
            os.kill(os.getpid(), stop)  # the second stop, as the line waits for room in the pipe
            return super().write(text)

    discarded = []
    monkeypatch.setattr(FetchRun, "in_this_thread", interrupted)
    monkeypatch.setattr(fetch, "discard_output", lambda: discarded.append(True))
    monkeypatch.setattr(sys, "stdout", Stalling())
    monkeypatch.setenv("NIEUWS_TUI_DB", str(tmp_path / "library.sqlite"))
    monkeypatch.setenv("NIEUWS_TUI_CONFIG", str(tmp_path / "config.toml"))
    save([], tmp_path / "config.toml")
    assert main(["fetch", "--quiet", slow, failing]) == status
    assert capsys.readouterr().err.splitlines() == ["nieuws-tui: interrupted: nothing of this run is stored; the next fetch brings it again"]
    assert discarded  # what was left unsaid is not said at the exit either, which no stop ends


def test_an_interrupted_fetch_on_a_terminal_names_the_sources_stored_behind_one_still_going(capsys, monkeypatch, tmp_path):
    """The bar, erased at the end, showed them done; their lines, held for their turn, were never said."""
    from feeds import FetchRun
    from feeds.web.fetch import SourceResult
    from tui.cli import main

    slow, done = "https://traag.example/feed", "https://klaar.example/feed"

    def interrupted(run, on_event=None, storing=None):
        result = SourceResult(Source(done), new=20)
        run.report.results.append(result)  # stored
        on_event(result)
        raise KeyboardInterrupt

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(FetchRun, "in_this_thread", interrupted)
    monkeypatch.setattr(sys, "stdout", Terminal())
    monkeypatch.setattr(sys, "stderr", Terminal())
    monkeypatch.setenv("NIEUWS_TUI_DB", str(tmp_path / "library.sqlite"))
    monkeypatch.setenv("NIEUWS_TUI_CONFIG", str(tmp_path / "config.toml"))
    save([], tmp_path / "config.toml")
    assert main(["fetch", slow, done]) == 130
    # Said as a line of its own, not the bar's indented description of it, which is erased.
    assert re.search(rf"(?<! ){re.escape(done)}: 20 new", sys.stderr.getvalue())


def test_a_source_s_line_waits_only_for_the_sources_given_before_it():
    from feeds.web.fetch import SourceResult
    from tui.commands.fetch import InOrder

    sources = [Source(f"https://nieuws.example/{n}") for n in range(4)]
    said: list[str] = []
    in_order = InOrder(sources, lambda result: said.append(result.source.url[-1]))
    for finished, expected in ((1, []), (0, ["0", "1"]), (3, ["0", "1"])):
        in_order.take(SourceResult(sources[finished]))
        assert said == expected
    in_order.flush()  # the run is over: what is held goes, in order
    assert said == ["0", "1", "3"]


def _workers_of(pid: int) -> list[int]:
    """The processes forked from `pid` as it is (its workers): children running the same command."""
    command = Path(f"/proc/{pid}/cmdline").read_bytes()
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            if parent == pid and (stat.parent / "cmdline").read_bytes() == command:
                children.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue  # a process that ended meanwhile
    return children


def test_a_fetch_that_waits_for_another_process_writing_the_library_says_so(cli, httpserver, tmp_path):
    """A fetch, or the app's refresh, under another fetch run waited for it without a word."""
    httpserver.expect_request("/feed.xml").respond_with_data(RSS2, content_type="application/rss+xml")
    from conftest import CAPTURED, holding_the_library
    from feedkit import article

    path = tmp_path / "library.sqlite"
    Library(path).add([(article("Eerst"), CAPTURED)])
    holding_the_library(path, 3)  # another fetch run
    fetched = cli("fetch", httpserver.url_for("/feed.xml"), env={"NIEUWS_TUI_DB": str(path)})
    assert fetched.returncode == 0, fetched.stderr
    assert f"nieuws-tui: {path}: another process is writing to the library (a fetch, or the app's refresh); waiting until it is done\n" in fetched.stderr


def test_a_quiet_fetch_waits_for_another_writer_without_a_word(cli, httpserver, tmp_path):
    """cron mails whatever a job prints: a quiet fetch overlapping another run mailed its wait every time."""
    httpserver.expect_request("/feed.xml").respond_with_data(RSS2, content_type="application/rss+xml")
    from conftest import CAPTURED, holding_the_library
    from feedkit import article

    path = tmp_path / "library.sqlite"
    Library(path).add([(article("Eerst"), CAPTURED)])
    holding_the_library(path, 3)  # another fetch run
    fetched = cli("fetch", "--quiet", httpserver.url_for("/feed.xml"), env={"NIEUWS_TUI_DB": str(path)})
    assert fetched.returncode == 0, fetched.stderr
    assert fetched.stdout == fetched.stderr == ""


def serve_fast_and_slow(httpserver) -> tuple[str, str, threading.Event, threading.Event]:
    """A feed that answers at once and, on another host, one that answers once `released`: their URLs, the event set as
    the first was served and the slow one asked, and `released`."""
    served, asked, released = threading.Event(), threading.Event(), threading.Event()

    def fast(request):
        served.set()
        return Response(RSS2, content_type="application/rss+xml")

    def slow(request):
        asked.set()
        released.wait(30)
        return Response(ATOM, content_type="application/atom+xml")

    both = threading.Event()
    threading.Thread(target=lambda: served.wait(30) and asked.wait(30) and both.set(), daemon=True).start()
    httpserver.expect_request("/feed").respond_with_handler(fast)
    httpserver.expect_request("/slow").respond_with_handler(slow)
    return httpserver.url_for("/feed").replace("127.0.0.1", "localhost"), httpserver.url_for("/slow"), both, released


def another_writer_gets_the_library(path: Path) -> None:
    """Another writer (`sources add --section`, a cron fetch) takes the library at `path` within a moment, as a run
    waits for a slow server (after the time its first source took to be stored, were it stored at once)."""
    time.sleep(1)
    Library(path).begin(wait=1.5).rollback()  # LibraryBusy if the run holds it


def test_a_fetch_run_holds_the_library_for_no_other_writer_while_a_slow_server_keeps_it_waiting(httpserver, tmp_path):
    """A run took the library's write lock as it stored its first source and kept it until its last came in: every
    other writer (a cron fetch, `sources add`, a second app's refresh) waited as long as the slowest server, minutes."""
    from conftest import CAPTURED
    from feedkit import article

    fast, slow, both, released = serve_fast_and_slow(httpserver)
    path = tmp_path / "library.sqlite"
    Library(path).add([(article("Eerst"), CAPTURED)])
    reports: list = []
    run = threading.Thread(target=lambda: reports.append(fetch(Library(path), fast, slow, settings=dataclasses.replace(FAST, read_timeout=30))))
    run.start()
    try:
        assert both.wait(30)
        another_writer_gets_the_library(path)
    finally:
        released.set()
        run.join(30)
    assert {result.source.url: (result.error, result.new) for result in reports[0].results} == {fast: (None, 2), slow: (None, 1)}
    assert len(Library(path).entries()) == 4


def test_a_fetch_interrupted_as_a_slow_server_keeps_it_waiting_keeps_the_sources_fetched_before(httpserver, tmp_path):
    """Those held until the run's requests are done (so that no other writer waits for a server) are still kept by
    Ctrl-C, each whole, as the sources stored were."""
    from conftest import CAPTURED
    from feedkit import article

    fast, slow, both, released = serve_fast_and_slow(httpserver)
    path = tmp_path / "library.sqlite"
    Library(path).add([(article("Eerst"), CAPTURED)])
    env = {**os.environ, "NIEUWS_TUI_DB": str(path), "NIEUWS_TUI_CONFIG": str(tmp_path / "config.toml")}
    save([], tmp_path / "config.toml")
    fetch = subprocess.Popen([*nieuws_tui_command(), "fetch", fast, slow], cwd=tmp_path, env=env, start_new_session=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert both.wait(30)
        another_writer_gets_the_library(path)
        fetch.send_signal(signal.SIGINT)
        out, err = fetch.communicate(timeout=30)
    finally:
        released.set()
        if fetch.poll() is None:
            fetch.kill()
            fetch.communicate()
    assert (fetch.returncode, out) == (130, f"ok {fast} new=2 updated=0\n"), err
    assert "interrupted: what 1 source brought is stored; 1 source not done, which the next fetch brings" in err
    assert len(Library(path).entries()) == 3


def test_the_workers_a_fetch_ends_end_without_a_word(cli, httpserver, tmp_path):
    """The command line raises SIGTERM as an exception, so that a killed command leaves nothing half written; its
    workers, forked with that handler, raised it as the fetch ended them, each printing a traceback."""
    httpserver.expect_request("/feed.xml").respond_with_data(RSS2, content_type="application/rss+xml")
    for run in range(3):
        path = tmp_path / f"{run}.sqlite"
        fetched = cli("fetch", "-q", httpserver.url_for("/feed.xml"), env={"NIEUWS_TUI_DB": str(path)})
        assert fetched.returncode == 0 and fetched.stderr == f"nieuws-tui: new library at {path}\n", fetched.stderr


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the processes from /proc")
def test_a_sigterm_to_the_whole_process_group_ends_fetch_and_passes_its_workers_by(httpserver, tmp_path):
    """`timeout`'s SIGTERM goes to the command's whole group: a worker it killed as it waited for work held the
    pool's queue lock for good, and fetch, closing the pool, waited on it for ever (3 runs in 11)."""
    import threading

    asked, released = threading.Event(), threading.Event()

    def slow(request):
        asked.set()
        released.wait(30)
        return Response(RSS2, content_type="application/rss+xml")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    env = {**os.environ, "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite"), "NIEUWS_TUI_CONFIG": str(tmp_path / "config.toml")}
    save([], tmp_path / "config.toml")
    fetch = subprocess.Popen([*nieuws_tui_command(), "fetch", httpserver.url_for("/slow")], cwd=tmp_path, env=env, start_new_session=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    try:
        assert asked.wait(30)  # the workers were made before the request
        workers = _workers_of(fetch.pid)
        assert workers and all(os.getpgid(worker) != fetch.pid for worker in workers)
        os.killpg(fetch.pid, signal.SIGTERM)
        fetch.communicate(timeout=30)
        assert fetch.returncode == 143
    finally:
        released.set()
        if fetch.poll() is None:
            fetch.kill()
            fetch.communicate()


def test_fetch_quiet_prints_only_the_sources_that_failed_so_cron_mails_only_then(cli, httpserver, tmp_path):
    httpserver.expect_request("/feed").respond_with_data(RSS2, content_type="application/rss+xml")
    httpserver.expect_request("/missing").respond_with_data("no such feed", status=404)
    env = {"NIEUWS_TUI_DB": str(tmp_path / "library.sqlite"), "NIEUWS_TUI_CONFIG": str(tmp_path / "config.toml")}
    good, bad = httpserver.url_for("/feed"), httpserver.url_for("/missing")
    save([Source(good), Source(bad)], tmp_path / "config.toml")
    failing = cli("fetch", "--quiet", env=env)
    # No summary; the new library said once, quiet too: a typo in cron's --db filled a new library without a word
    new = f"nieuws-tui: new library at {tmp_path / 'library.sqlite'}\n"
    assert (failing.returncode, failing.stdout, failing.stderr) == (1, f"failed {bad} HTTP 404\n", new)
    assert cli("list", env=env).stdout.count("\n") == 2
    save([Source(good)], tmp_path / "config.toml")
    quiet = cli("fetch", "-q", env=env)
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")


def test_a_fetch_with_the_validators_damaged_fetches_every_source_whole_and_says_so_once(capsys, monkeypatch, httpserver, tmp_path):
    """A damaged validators table, which check says leaves the articles intact, failed every fetch in one line: no
    source came until check --repair. The fetch goes on without them, asking each source whole, and keeps nothing of
    what they answer (a write among damaged pages would fail the run's transaction, and its articles with it)."""
    from conftest import CAPTURED
    from feedkit import article
    from storekit import damage_table

    from feeds.store.writer import Validator
    from tui.cli import main

    def conditional(request):
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304, headers={"ETag": '"v1"'})
        return Response(RSS2, content_type="application/rss+xml", headers={"ETag": '"v1"'})

    httpserver.expect_request("/feed").respond_with_handler(conditional)
    url, path = httpserver.url_for("/feed"), tmp_path / "library.sqlite"
    library = Library(path)
    library.add([(article("Oud nieuws uit Goes"), CAPTURED)])
    with library.writing() as writer:
        writer.note_validators({url: Validator('"v1"', None)})
    damage_table(library, "validators")
    monkeypatch.setenv("NIEUWS_TUI_CONFIG", str(tmp_path / "config.toml"))
    save([Source(url)], tmp_path / "config.toml")
    for new in (2, 0):  # the second as whole as the first: nothing was written among the damaged pages
        assert main(["--db", str(path), "fetch"]) == 0
        out, err = capsys.readouterr()
        assert out.splitlines() == [f"ok {url} new={new} updated=0"]
        damaged = [line for line in err.splitlines() if "validators" in line]
        assert damaged == [f"nieuws-tui: warning: {library.file}: the validators (what each source last answered, to fetch only what changed) are "
                           "damaged, the articles are intact; each source is fetched whole, and what it answers not kept, until "
                           "`nieuws-tui check --repair` empties them"]  # fmt: skip
    asked = [request for request, _response in requests_to(httpserver, "/feed")]
    assert len(asked) == 2 and not any("If-None-Match" in request.headers for request in asked)
    assert sorted(e.article.title for e in Library(path).entries()) == ["Dijk bij Vlissingen versterkt", "Oud nieuws uit Goes", "Veerboot vaart weer"]
    assert main(["--db", str(path), "check", "--repair"]) == 0
    assert main(["--db", str(path), "fetch"]) == 0 and "validators" not in capsys.readouterr().err  # kept again once repaired
    assert main(["--db", str(path), "fetch"]) == 0 and capsys.readouterr().out == f"unchanged {url}\n"


def test_the_summary_of_a_fetch_counts_in_words_that_fit_the_number(cli, httpserver, tmp_path):
    httpserver.expect_request("/feed").respond_with_data(RSS2, content_type="application/rss+xml")
    env = {"NIEUWS_TUI_DB": str(tmp_path / "library.sqlite"), "NIEUWS_TUI_CONFIG": str(tmp_path / "config.toml")}
    save([], tmp_path / "config.toml")
    result = cli("fetch", httpserver.url_for("/feed"), env=env)
    assert result.stderr.splitlines()[-1] == "1 source: 2 new, 0 updated articles; 0 failed; 1 request"


@pytest.mark.parametrize("typed", [" {url}", "{url}\n", "{url}\t"], ids=["space before", "newline after", "tab after"])
def test_fetch_reads_a_url_typed_or_pasted_with_white_space_as_sources_add_does(cli, httpserver, tmp_path, typed):
    """`sources add` took such a URL as the URL in it, `fetch` as it was: it failed, saying in English
    that it was no URL (or that httpx found a character it did not want), and matched no source listed."""
    httpserver.expect_request("/feed").respond_with_data(RSS2, content_type="application/rss+xml")
    url = httpserver.url_for("/feed")
    env = {"NIEUWS_TUI_DB": str(tmp_path / "library.sqlite"), "NIEUWS_TUI_CONFIG": str(tmp_path / "config.toml"), "LANGUAGE": "nl"}
    save([], tmp_path / "config.toml")
    assert cli("sources", "add", typed.format(url=url), "--section", "Regio", env=env).returncode == 0
    result = cli("fetch", typed.format(url=url), env=env)
    assert result.returncode == 0 and result.stdout.splitlines() == [f"ok {url} new=2 updated=0"]
    assert cli("list", "--section", "Regio", env=env).stdout.count("\n") == 2  # filed as the source listed says


def test_a_url_given_twice_to_fetch_is_fetched_once(cli, httpserver, tmp_path):
    httpserver.expect_request("/feed").respond_with_data(RSS2, content_type="application/rss+xml")
    url = httpserver.url_for("/feed")
    env = {"NIEUWS_TUI_DB": str(tmp_path / "library.sqlite"), "NIEUWS_TUI_CONFIG": str(tmp_path / "config.toml")}
    save([], tmp_path / "config.toml")
    result = cli("fetch", url, f" {url}\n", env=env)
    assert result.returncode == 0 and result.stdout.splitlines() == [f"ok {url} new=2 updated=0"]
    assert [request.path for request, _ in httpserver.log].count("/feed") == 1


def test_a_url_given_to_fetch_in_another_spelling_is_the_source_listed_and_fetched_once(cli, httpserver, tmp_path):
    # `sources add` and `sources remove` know a source in any spelling of its URL: fetch does too.
    httpserver.expect_request("/feed").respond_with_data(RSS2, content_type="application/rss+xml")
    url = httpserver.url_for("/feed")
    env = {"NIEUWS_TUI_DB": str(tmp_path / "library.sqlite"), "NIEUWS_TUI_CONFIG": str(tmp_path / "config.toml")}
    save([Source(url, section="Regio")], tmp_path / "config.toml")
    result = cli("fetch", url + "/", url.replace("http://", "HTTP://") + "#boven", env=env)
    assert result.returncode == 0 and result.stdout.splitlines() == [f"ok {url} new=2 updated=0"]
    assert [request.path for request, _ in httpserver.log].count("/feed") == 1
    assert cli("list", "--section", "Regio", env=env).stdout.count("\n") == 2  # filed as the source listed says


def test_a_regional_page_added_as_a_source_shows_its_region_as_a_section(cli, httpserver, tmp_path):
    url = serve_region(httpserver)
    env = {"NIEUWS_TUI_DB": str(tmp_path / "library.json"), "NIEUWS_TUI_CONFIG": str(tmp_path / "config.toml")}
    save([], tmp_path / "config.toml")
    assert cli("sources", "add", url, env=env).returncode == 0
    fetched = cli("fetch", env=env)
    assert fetched.returncode == 0 and fetched.stdout.splitlines() == [f"ok {url} new=3 updated=0"]
    sections = cli("sections", "--json", env=env)
    assert {s["name"]: s["total"] for s in json.loads(sections.stdout)} == {"Binnenland": 1, "Goes": 2}


def test_gzip_responses_are_decoded(httpserver, library):
    import gzip

    httpserver.expect_request("/feed").respond_with_data(
        gzip.compress(RSS2), content_type="application/rss+xml", headers={"Content-Encoding": "gzip"}
    )
    report = fetch(library, httpserver.url_for("/feed"))
    assert not report.failed and report.results[0].new == 2
    [(request, _)] = requests_to(httpserver, "/feed")
    assert "gzip" in request.headers["Accept-Encoding"]


def test_a_response_compressed_as_x_gzip_is_read_as_gzip_and_x_compress_stays_refused(httpserver, library):
    """x-gzip, gzip's old name that HTTP says to read as gzip (RFC 9110 8.4.1.3), was refused as "compressed as
    x-gzip, which was not asked for"; x-compress is a compression not asked for."""
    import gzip

    httpserver.expect_request("/feed").respond_with_data(gzip.compress(RSS2), content_type="application/rss+xml", headers={"Content-Encoding": "X-Gzip"})
    httpserver.expect_request("/old").respond_with_data(RSS2, content_type="application/rss+xml", headers={"Content-Encoding": "x-compress"})
    report = fetch(library, httpserver.url_for("/feed"), httpserver.url_for("/old"))
    assert {result.source.url.rsplit("/", 1)[1]: (result.error, result.new) for result in report.results} == {
        "feed": (None, 2),
        "old": ("compressed as x-compress, which was not asked for and cannot be read; refused", 0),
    }


def test_a_feed_the_server_cuts_off_keeps_the_items_that_came_and_says_its_end_is_missing(cli, tmp_path):
    """6,000 items without a Content-Length, the connection closed after the 5,000th: `ok … new=5000`, and not a word."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    items = b"".join(b"<item><title>Bericht %d</title><link>http://example.org/%d</link><description>Tekst %d.</description></item>\n" % (n, n, n) for n in range(6000))
    cut = items[: items.index(b"<item><title>Bericht 5000<")]

    asked: list[str | None] = []

    class Closing(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.headers.get("If-None-Match"))
            if self.headers.get("If-None-Match") == '"v1"':
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("ETag", '"v1"')
            self.end_headers()
            self.wfile.write(b'<?xml version="1.0"?>\n<rss version="2.0"><channel><title>t</title>\n' + cut)
            self.close_connection = True

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Closing)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/feed"
    env = {"NIEUWS_TUI_DB": str(tmp_path / "library.sqlite"), "NIEUWS_TUI_CONFIG": str(tmp_path / "config.toml")}
    try:
        save([], tmp_path / "config.toml")
        result = cli("fetch", url, env=env)
        again = cli("fetch", url, env=env)  # its ETag not kept: a 304 to it would keep the rest away for good
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode == 0 and result.stdout.splitlines() == [f"ok {url} new=5000 updated=0"]
    assert f"nieuws-tui: {url}: the feed breaks off: its end is missing (the server may have cut it short); the items before are kept\n" in result.stderr
    assert again.returncode == 0 and again.stdout.splitlines() == [f"ok {url} new=0 updated=0"] and asked == [None, None]


@pytest.mark.parametrize(("one", "other"), [("http://127.0.0.1:18341/a", "http://127.0.0.1:018341/b"), ("http://nieuws.example/a", "HTTP://Nieuws.Example:80/b"),
                                             ("https://nieuws.example/a", "https://jan:geheim@nieuws.example:443/b")])  # fmt: skip
def test_a_host_spelled_two_ways_is_one_host_to_ask_one_request_at_a_time(one, other):
    """`h:18341` and `h:018341` are one server, which sources now know (address_key), but two hosts to its queue: asked
    at once, with no pause between."""
    from feeds.web.http import host_of

    assert host_of(one) == host_of(other)


def test_one_request_at_a_time_per_host_and_four_at_most_overall(library):
    """Six sites, two sources each: never two requests to one site at once, never more than four in all."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    lock = threading.Lock()
    in_flight: dict[int, int] = {}
    worst = {"per_host": 0, "overall": 0}

    class Slow(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            port = self.server.server_address[1]
            with lock:
                in_flight[port] = in_flight.get(port, 0) + 1
                worst["per_host"] = max(worst["per_host"], in_flight[port])
                worst["overall"] = max(worst["overall"], sum(in_flight.values()))
            time.sleep(0.05)
            with lock:
                in_flight[port] -= 1
            body = RSS2.replace(b"http://example.org/", f"http://example.org{self.path}/".encode())
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    servers = [ThreadingHTTPServer(("127.0.0.1", 0), Slow) for _ in range(6)]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        urls = [f"http://127.0.0.1:{s.server_address[1]}/feed{n}" for s in servers for n in range(2)]
        report = fetch(library, *urls)
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
    assert not report.failed
    assert worst["per_host"] == 1
    assert 2 <= worst["overall"] <= 4


def driven_run(library: Library, sources: list[Source], on_event=lambda event: None, paths=(), retention=None) -> tuple[list[str], object]:
    """A RefreshRun driven as the app drives it, the test's thread owning the library: the threads `changed`
    was called on, and what the run ended with (done's report and import, or stopped's error)."""
    import queue

    from feeds import RefreshRun
    from feeds.config import Retention

    jobs: queue.SimpleQueue = queue.SimpleQueue()
    changed_on: list[str] = []
    ended: list[object] = []
    run = RefreshRun(library, sources, list(paths), FAST, retention or Retention())
    run.start(lambda job, done, failed: jobs.put((job, done, failed)), on_event, lambda: changed_on.append(threading.current_thread().name), ended.append, ended.append)
    while not ended:
        job, done, failed = jobs.get(timeout=30)
        try:
            result = job()
        except Exception as error:  # noqa: BLE001 - handed to `failed`, as the app's engine thread does
            if failed:
                failed(error)
        else:
            if done:
                done(result)
    return changed_on, ended[0]


def test_a_refresh_run_touches_the_library_only_on_the_thread_that_owns_it(httpserver, library):
    httpserver.expect_request("/feed").respond_with_data(RSS2, content_type="application/rss+xml")
    changed_on, (report, imported) = driven_run(library, [Source(httpserver.url_for("/feed"), "Regio")])
    assert [result.new for result in report.results] == [2] and imported is None
    assert set(changed_on) == {threading.current_thread().name} and len(changed_on) == 2  # the source stored, the run committed
    assert len(Library(library.path).entries()) == 2


def test_a_refresh_run_says_a_source_fetched_is_being_stored_until_its_result_comes(httpserver, library):
    """The app said a big feed was being fetched while its articles were stored, for seconds: the run said nothing
    of the store."""
    from feeds.web.fetch import Progress

    said: list[str] = []
    httpserver.expect_request("/feed").respond_with_data(RSS2, content_type="application/rss+xml")
    driven_run(library, [Source(httpserver.url_for("/feed"), "Regio")], lambda event: said.append(event.text if isinstance(event, Progress) else "result"))
    assert said[:3] == ["fetching", "storing", "result"]  # (then what the run does once its sources are stored)


@pytest.mark.parametrize("options", ["none", "paths and keep-days"])
def test_a_refresh_run_says_what_it_does_once_its_last_source_is_stored(httpserver, library, tmp_path, options):
    """The app said the last source stored until "Refreshed", while the run re-imported files, pruned and committed:
    seconds, at 100,000 articles. It says each, on the library's thread, before it does it."""
    from feeds.config import Retention
    from feeds.web.fetch import SourceResult

    said: list[tuple[str, str]] = []

    def on_event(event):
        said.append((threading.current_thread().name, "result" if isinstance(event, SourceResult) else event.text))

    page = tmp_path / "pagina.html"
    page.write_text("<html><head><title>Een pagina</title></head><body><h1>Een pagina</h1><p>Tekst van de pagina.</p></body></html>")
    paths, retention = ([page], Retention(keep_days=30)) if options != "none" else ((), None)
    httpserver.expect_request("/feed").respond_with_data(RSS2, content_type="application/rss+xml")
    _changed_on, ended = driven_run(library, [Source(httpserver.url_for("/feed"), "Regio")], on_event, paths, retention)
    assert isinstance(ended, tuple)
    here = threading.current_thread().name
    expected = [(here, "importing 1 file or folder again"), (here, "pruning old articles and finishing")] if paths else [(here, "finishing")]
    assert said[3:] == expected and said[2] == (here, "result")


def test_a_refresh_run_whose_store_fails_stores_nothing_and_ends_with_the_error(httpserver, library, monkeypatch):
    from feeds.errors import StorageError
    from feeds.web.fetch import FetchRun

    def full(run, result):
        raise StorageError("library.sqlite: database or disk is full")

    monkeypatch.setattr(FetchRun, "store", full)
    httpserver.expect_request("/feed").respond_with_data(RSS2, content_type="application/rss+xml")
    _changed_on, error = driven_run(library, [Source(httpserver.url_for("/feed"), "Regio")])
    assert isinstance(error, StorageError) and "disk is full" in str(error)
    assert Library(library.path).entries() == []


def test_the_summary_of_a_big_fetch_groups_its_numbers(capsys):
    """An ingest of 10,000 articles was summed up as "10000 new": every other number the command line says is grouped."""
    from feeds.web.fetch import FetchReport, SourceResult
    from tui.commands.fetch import _summarize

    report = FetchReport([SourceResult(Source("https://nieuws.example/feed"), new=10_000, updated=1_500)], requests=1_200, pruned=["id"] * 2_000)
    _summarize(report, lambda source: source.url)
    assert capsys.readouterr().err == "1 source: 10,000 new, 1,500 updated articles; 0 failed; 1,200 requests; 2,000 old articles pruned\n"


def test_a_fetch_with_the_validators_table_lost_from_the_schema_goes_on_as_with_it_damaged(capsys, monkeypatch, httpserver, tmp_path):
    """check says a validators table missing from the schema damaged, as one whose pages are; a fetch failed on it
    every time in SQLite's words (`no such table: validators`), where it goes on without a damaged one."""
    import sqlite3

    from conftest import CAPTURED
    from feedkit import article

    from tui.cli import main

    httpserver.expect_request("/feed").respond_with_data(RSS2, content_type="application/rss+xml")
    url, path = httpserver.url_for("/feed"), tmp_path / "library.sqlite"
    library = Library(path)
    library.add([(article("Oud nieuws uit Goes"), CAPTURED)])
    with sqlite3.connect(path) as connection:
        connection.execute("DROP TABLE validators")
    connection.close()
    monkeypatch.setenv("NIEUWS_TUI_CONFIG", str(tmp_path / "config.toml"))
    save([Source(url)], tmp_path / "config.toml")
    assert main(["--db", str(path), "fetch"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [f"ok {url} new=2 updated=0"]
    assert len([line for line in err.splitlines() if "validators" in line and "damaged" in line and str(library.file) in line]) == 1
    assert len(Library(path).entries()) == 3


def _archive_feed(count: int) -> bytes:
    """An Atom feed of `count` long entries, as a wire service's archive is."""
    from html import escape

    paragraph = "Een alinea die lang genoeg is om van deze feed een grote te maken, zoals een archief. " * 20
    entries = "".join(
        f"<entry><title>Bericht {n}</title><link href=\"https://nieuws.example/{n}\"/><id>urn:{n}</id><updated>2026-03-03T10:00:00Z</updated>"
        f"<content type=\"html\">{escape(f'<p>GOES - Bericht {n}.</p><p>{paragraph}</p>')}</content></entry>"
        for n in range(count)
    )
    return f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Archief</title><id>urn:a</id><updated>2026-03-03T10:00:00Z</updated>{entries}</feed>'.encode()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the processes from /proc")
def test_the_workers_of_a_fetch_killed_with_sigkill_end_without_a_word(httpserver, tmp_path):
    """A fetch killed outright (`kill -9`, the OOM killer) as its workers read a feed left them to hand what they made
    to a queue nobody reads: each printed two BrokenPipeError tracebacks, which cron mailed. They end quietly."""
    feed, answered = _archive_feed(5000), threading.Event()

    def archive(request):
        answered.set()  # the workers were made before the request
        return Response(feed, content_type="application/atom+xml")

    httpserver.expect_request("/archief").respond_with_handler(archive)
    env = {**os.environ, "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite"), "NIEUWS_TUI_CONFIG": str(tmp_path / "config.toml")}
    save([], tmp_path / "config.toml")
    fetch = subprocess.Popen([*nieuws_tui_command(), "fetch", httpserver.url_for("/archief")], cwd=tmp_path, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    try:
        assert answered.wait(30)
        workers = _workers_of(fetch.pid)
        deadline = time.monotonic() + 30
        while not any(_busy(worker) for worker in workers) and time.monotonic() < deadline:
            time.sleep(0.002)
        assert any(_busy(worker) for worker in workers), "no worker was seen reading the feed"
        fetch.kill()
        _out, err = fetch.communicate(timeout=30)  # the workers hold standard error until they end
        assert err == b""
    finally:
        if fetch.poll() is None:
            fetch.kill()
            fetch.communicate()


def _busy(pid: int) -> bool:
    """Whether the worker `pid` is running, a tenth of a second of the processor into its work: past its start (a few
    hundredths), reading the feed."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] == "R" and int(fields[11]) + int(fields[12]) >= os.sysconf("SC_CLK_TCK") // 10


def test_a_story_two_feeds_carry_shows_the_text_of_the_one_it_is_filed_by_until_that_one_corrects_it(httpserver, library):
    """A second feed's shorter description of the story (another guid, the same link) became its lead at every fetch of
    that feed, and the first's summary at every fetch of the first: each counted updated=1 at every fetch of both."""
    summary = (
        "De Zeelandbrug is sinds vanochtend dicht voor al het verkeer. Bij een inspectie bleken scheuren in een van de"
        " pijlers; het verkeer wordt omgeleid via Goes en de Westerscheldetunnel."
    )
    served = {"/zeeland.rss": ("zeeland-17", summary), "/pzc.rss": ("pzc-4711", "Zeelandbrug dicht.")}
    built = iter(range(100))

    def feed(request) -> Response:
        guid, description = served[request.path]
        return Response(
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>{guid}</title><link>https://www.example.com/</link>'
            f"<lastBuildDate>Tue, 03 Mar 2026 10:{next(built):02d}:00 +0100</lastBuildDate><item><title>Zeelandbrug dicht</title>"
            f"<link>https://www.example.com/nieuws/zeelandbrug-dicht</link><guid>{guid}</guid><description>{description}</description>"
            "<pubDate>Tue, 03 Mar 2026 09:00:00 +0100</pubDate></item></channel></rss>",
            content_type="application/rss+xml",
        )

    httpserver.expect_request(re.compile(r"/(zeeland|pzc)\.rss")).respond_with_handler(feed)
    zeeland, pzc = Source(httpserver.url_for("/zeeland.rss"), "Zeeland"), Source(httpserver.url_for("/pzc.rss"))

    def fetched() -> tuple[list[tuple[int, int]], tuple[str, str | None, str | None]]:
        report = run_fetch(library, [zeeland, pzc], settings=FAST)
        assert not report.failed, report.failed[0].error
        stored = Library(library.path)
        [entry] = stored.full_entries(stored.entries())
        return sorted((r.new, r.updated) for r in report.results), (entry.article.lead, entry.article.section, entry.article.source)

    assert fetched() == ([(0, 0), (1, 0)], (summary, "Zeeland", zeeland.url))
    for _again in range(2):
        assert fetched() == ([(0, 0), (0, 0)], (summary, "Zeeland", zeeland.url))
    served["/zeeland.rss"] = ("zeeland-17", "Zeelandbrug dicht na scheuren in een pijler.")
    assert fetched() == ([(0, 0), (0, 1)], ("Zeelandbrug dicht na scheuren in een pijler.", "Zeeland", zeeland.url))


@pytest.mark.parametrize("first", ["filing-feed-first", "fuller-feed-first"])
def test_a_story_showing_the_text_of_a_source_since_removed_takes_its_own_sources_corrections_again(httpserver, library, first):
    """The second feed's fuller text, taken, stayed for good once the user dropped that feed: the first feed's
    corrections (shorter) were never taken again, each fetch counted updated=0. Which text a fetch of both left hung
    on which feed answered first."""
    served = {"/zeeland.rss": ("zeeland-17", "De Zeelandbrug is dicht voor al het verkeer."), "/pzc.rss": ("pzc-4711", "&lt;p&gt;Zeelandbrug dicht.&lt;/p&gt;&lt;p&gt;Scheuren in een pijler.&lt;/p&gt;")}

    def feed(request) -> Response:
        guid, description = served[request.path]
        return Response(
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>{guid}</title><link>https://www.example.com/</link><item><title>Zeelandbrug dicht</title>'
            f"<link>https://www.example.com/nieuws/zeelandbrug-dicht</link><guid>{guid}</guid><description>{description}</description></item></channel></rss>",
            content_type="application/rss+xml",
        )

    httpserver.expect_request(re.compile(r"/(zeeland|pzc)\.rss")).respond_with_handler(feed)
    zeeland, pzc = Source(httpserver.url_for("/zeeland.rss"), "Zeeland"), Source(httpserver.url_for("/pzc.rss"))

    def lead_after(*sources: Source) -> str:
        in_turn = dataclasses.replace(FAST, in_flight=1)  # (stored in the order given)
        assert not run_fetch(library, list(sources), settings=in_turn, listed=[s for s in (zeeland, pzc) if s in sources]).failed
        stored = Library(library.path)
        [entry] = stored.full_entries(stored.entries())
        return entry.article.lead

    both = (zeeland, pzc) if first == "filing-feed-first" else (pzc, zeeland)
    assert lead_after(*both) == "Zeelandbrug dicht."  # the fuller text, of paragraphs
    served["/zeeland.rss"] = ("zeeland-17", "CORRECTIE: de Zeelandbrug is weer open.")
    assert lead_after(*both) == "Zeelandbrug dicht."  # not the one it shows
    assert lead_after(zeeland) == "CORRECTIE: de Zeelandbrug is weer open."  # (config.toml lists only zeeland now)


def test_a_story_showing_the_text_of_a_file_imported_or_of_a_url_fetched_by_hand_keeps_it_at_every_fetch(httpserver, library, tmp_path):
    """Neither is a source of config.toml: each fetch took the file's text for a removed source's, and gave the story
    the feed's shorter summary, counted updated, and the next refresh's import gave it back, counted updated again; a
    URL fetched again by hand lost the credit for its own text, counted updated."""
    item = "<item><title>Zeelandbrug dicht</title><link>https://www.example.com/nieuws/zeelandbrug-dicht</link><guid>{guid}</guid><description>{text}</description></item>"
    paragraphs = "&lt;p&gt;Zeelandbrug dicht.&lt;/p&gt;&lt;p&gt;Scheuren in een pijler.&lt;/p&gt;"
    served = {"/zeeland.rss": item.format(guid="zeeland-17", text="De Zeelandbrug is dicht."), "/pzc.rss": item.format(guid="pzc-4711", text=paragraphs)}
    httpserver.expect_request(re.compile(r"/(zeeland|pzc)\.rss")).respond_with_handler(
        lambda request: Response(f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{served[request.path]}</channel></rss>', content_type="application/rss+xml")
    )
    zeeland, pzc = Source(httpserver.url_for("/zeeland.rss"), "Zeeland"), Source(httpserver.url_for("/pzc.rss"))
    saved = tmp_path / "brug.xml"
    saved.write_text(f'<rss version="2.0"><channel><title>Bewaard</title>{item.format(guid="bewaard-1", text=paragraphs)}</channel></rss>', encoding="utf-8")

    def fetched(*sources: Source) -> tuple[int, str | None]:
        report = run_fetch(library, list(sources), settings=FAST, listed=[zeeland])
        assert not report.failed
        stored = Library(library.path)
        [entry] = stored.entries()
        return sum(r.updated for r in report.results), entry.article.text_source

    assert fetched(zeeland) == (0, None)
    import_paths(Library(library.path), [saved], CAPTURED)
    served["/zeeland.rss"] = item.format(guid="zeeland-17", text="De Zeelandbrug is sinds vanochtend dicht.")
    assert fetched(zeeland) == (0, str(saved))
    assert fetched(pzc) == (0, str(saved))  # a text as full as the file's
    saved.unlink()
    served["/pzc.rss"] = item.format(guid="pzc-4711", text=paragraphs + "&lt;p&gt;Omleiding via Goes.&lt;/p&gt;")
    assert fetched(pzc) == (1, pzc.url)  # fuller: the text of the URL fetched by hand
    assert fetched(pzc) == (0, pzc.url)


def test_a_feeds_whole_article_then_cut_to_a_line_of_excerpt_keeps_its_stored_text_starred_or_not(httpserver, library):
    """A feed gave its stories whole in `<description>`, the last paragraph a tag line or `[...]`, then cut each item to
    a line of excerpt: the next fetch took the stored text of 20 paragraphs down to that line, of a starred story too."""
    from xml.sax.saxutils import escape

    story = "".join(f"<p>Alinea {n} over de Zeelandbrug, die de hele week dicht blijft voor al het verkeer naar Zierikzee.</p>" for n in range(1, 20))
    ends = {"tags": "<p>Lees meer over: <a href='/tag/zeeland'>Zeeland</a>, <a href='/tag/verkeer'>Verkeer</a></p>", "cut": "<p>Slot van het verhaal [...]</p>"}

    def serve(texts: dict[str, tuple[str, str]]) -> None:
        items = "".join(
            f"<item><title>{title}</title><link>{httpserver.url_for('/' + name)}</link><description>{escape(text)}</description></item>"
            for name, (title, text) in texts.items()
        )
        httpserver.clear_all_handlers()
        httpserver.expect_request("/feed").respond_with_data(f"<rss version='2.0'><channel><title>Regio</title>{items}</channel></rss>", content_type="application/rss+xml")

    serve({name: (f"Brug dicht ({name})", story + end) for name, end in ends.items()})
    assert not fetch(library, httpserver.url_for("/feed")).failed
    reopened = Library(library.path)
    stored = {entry.article.title: entry.article for entry in reopened.full_entries(reopened.entries())}
    assert {title: (a.kind, len(a.body)) for title, a in stored.items()} == {"Brug dicht (tags)": ("full", 19), "Brug dicht (cut)": ("teaser", 19)}
    library.set_state([stored["Brug dicht (cut)"].id], starred=True)
    serve({name: (f"Brug nog weken dicht ({name})", "Alinea 1 over de Zeelandbrug [...]") for name in ends})
    assert not fetch(library, httpserver.url_for("/feed")).failed
    reopened = Library(library.path)
    after = {entry.article.url.rsplit("/", 1)[1]: entry for entry in reopened.full_entries(reopened.entries())}
    for name in ends:
        kept = after[name].article
        assert (kept.lead, kept.body) == (stored[f"Brug dicht ({name})"].lead, stored[f"Brug dicht ({name})"].body)
    assert (after["cut"].article.title, after["cut"].starred) == ("Brug nog weken dicht (cut)", True)  # the summary's new title is taken


SLASHED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Blog</title><link>https://blog.example/</link>
<item><title>Bericht</title><link>https://blog.example/2026/12/post/</link><description>Een bericht van de blog.</description></item>
</channel></rss>"""


def test_a_feed_served_only_at_its_address_with_a_slash_is_fetched_and_its_items_exported_at_theirs(cli, httpserver, tmp_path):
    """A blog at `/blog/feed/` whose server does not redirect `/feed` to it (nor `/post` to `/post/`): the link of each
    of its posts was stored, opened and exported without its slash, an address the server answers 404."""
    httpserver.expect_request("/blog/feed/").respond_with_data(SLASHED, content_type="application/rss+xml")
    url = httpserver.url_for("/blog/feed/")
    env = {"NIEUWS_TUI_DB": str(tmp_path / "library.sqlite"), "NIEUWS_TUI_CONFIG": str(tmp_path / "config.toml")}
    save([], tmp_path / "config.toml")
    assert cli("sources", "add", url, env=env).returncode == 0
    assert cli("fetch", env=env).stdout.splitlines() == [f"ok {url} new=1 updated=0"]
    assert [request.path for request, _ in httpserver.log] == ["/blog/feed/"]
    assert '<link href="https://blog.example/2026/12/post/"/>' in cli("export", env=env).stdout


def _stored_without_its_slash() -> Article:
    """The story SLASHED gives, as stored before links kept their '/': its id a hash of that spelling."""
    return Article(
        id="b702042b4c03", url="https://blog.example/2026/12/post", title="Bericht", section=None, place=None, agencies=(),
        lead="Een bericht van de blog.", body=(), published=None, age=None, kind="full",
    )  # fmt: skip


def test_a_story_stored_at_its_link_without_the_slash_keeps_its_id_and_marks_and_takes_the_slash(httpserver, library):
    """Stories were stored at their link without its slash: one fetched again is the same story (its id a hash of that
    spelling still, its read and star marks kept), now at the link its feed gives."""
    httpserver.expect_request("/feed").respond_with_data(SLASHED, content_type="application/rss+xml")
    stored = _stored_without_its_slash()
    library.add([(stored, CAPTURED)])
    library.set_state([stored.id], read=True, starred=True)
    run_fetch(library, [Source(httpserver.url_for("/feed"))], settings=FAST)
    [entry] = Library(library.path).entries()
    assert (entry.id, entry.read, entry.starred, entry.article.url) == ("b702042b4c03", True, True, "https://blog.example/2026/12/post/")


def test_a_story_that_took_the_slash_of_its_link_is_exported_under_the_id_it_had(cli, httpserver, library):
    """An export's (and serve's) id of a story is its link: one that took its slash came back as a new item, twice in
    the feed reader of whoever reads the library's feeds."""
    httpserver.expect_request("/feed").respond_with_data(SLASHED, content_type="application/rss+xml")
    stored = _stored_without_its_slash()
    library.add([(stored, CAPTURED)])
    run_fetch(library, [Source(httpserver.url_for("/feed"))], settings=FAST)
    exported = cli("--db", str(library.path), "export").stdout
    assert "<id>https://blog.example/2026/12/post</id>" in exported and '<link href="https://blog.example/2026/12/post/"/>' in exported


def test_an_item_of_a_regional_page_that_is_no_story_is_said_left_out_by_fetch_and_import(cli, httpserver, tmp_path):
    """One odd item made a regional page one bogus story and `ok … new=` said nothing of it; now the page stays a
    regional page, and the item that is no story is not stored, and said."""
    site = httpserver.url_for("").rstrip("/")
    chrome = "".join(f"<p>{line}</p>" for line in ["Lees ook", "Bekijk de foto's", "Deel op Facebook", "Deel op X", "Mail dit bericht"])
    second = '<li class="news-item"><a href="' + site + REGIONAL.item_path(REGIONAL.items[1])
    html = REGIONAL.html(site=site).replace(second, f'<li class="news-item">{chrome}<time>4 dagen geleden</time></li>' + second, 1)
    serve_region(httpserver)
    httpserver.expect_request("/nieuws/regio/middelburg").respond_with_data(html, content_type="text/html; charset=utf-8")
    url = httpserver.url_for("/nieuws/regio/middelburg")
    page = tmp_path / "middelburg.html"
    page.write_text(html, encoding="utf-8")
    env = {"NIEUWS_TUI_DB": str(tmp_path / "library.sqlite"), "NIEUWS_TUI_CONFIG": str(tmp_path / "config.toml")}
    said = "1 item of the regional page left out: no lead, title or age of a news item to read in it"
    fetched = cli("fetch", url, env=env)
    assert fetched.returncode == 0 and fetched.stdout == f"ok {url} new=3 updated=0\n"
    assert f"nieuws-tui: {url}: {said}" in fetched.stderr.splitlines()
    imported = cli("import", str(page), env=env)
    assert imported.returncode == 0
    assert f"nieuws-tui: {page}: {said}" in imported.stderr.splitlines()


def _raw_answer_fetched(library: Library, answer: bytes) -> SourceResult:
    """The result of fetching from a server that sends `answer` as it is, whatever its headers say (werkzeug sends no
    more than the length it states, and a Location with every redirect)."""
    import socket

    listening = socket.create_server(("127.0.0.1", 0))

    def answering() -> None:
        with contextlib.suppress(OSError):
            while True:
                client, _address = listening.accept()
                with client:
                    client.recv(65536)
                    client.sendall(answer)

    threading.Thread(target=answering, daemon=True).start()
    try:
        [result] = fetch(library, f"http://127.0.0.1:{listening.getsockname()[1]}/feed.xml").results
    finally:
        listening.close()
    return result


@pytest.mark.parametrize(
    ("length", "content_type", "said"),
    [
        (5, "application/rss+xml", "invalid feed: cut short at its stated length (Content-Length: 5), before its first element"),
        (60, "application/rss+xml", "invalid feed: not well-formed, and without an entry that can be read; it ends at its stated length (Content-Length: 60) before its root is closed"),
        (60, None, "invalid feed: not well-formed, and without an entry that can be read; it ends at its stated length (Content-Length: 60) before its root is closed"),
    ],
)
def test_a_feed_longer_than_its_stated_length_is_said_to_be_cut_short_there(library, length, content_type, said):
    """A server answering `Content-Length: 5` with a whole feed: only 5 bytes are read, and the fetch said "invalid
    feed: no element in the first 8 kB", as if the feed were not one; cut after `<rss>` opened, "not well-formed, and
    without an entry that can be read", or without a Content-Type "not a news page or feed this program can read"."""
    typed = f"Content-Type: {content_type}\r\n".encode() if content_type else b""
    answer = b"HTTP/1.1 200 OK\r\n" + typed + b"Content-Length: %d\r\nConnection: close\r\n\r\n" % length + RSS2
    assert _raw_answer_fetched(library, answer).error == said


@pytest.mark.parametrize(
    ("body", "content_type", "said"),
    [
        (b"<html><head><title>x</title></head><body><p>Hallo", "text/html", "not a news page or feed this program can read"),
        (b"<html><body><p>Hallo</p></body></html>\n<!-- generated in 0.2 s -->\n", "text/html", "not a news page or feed this program can read"),
        (b"<foo>bar", "application/xml", "invalid feed: not an RSS or Atom feed"),
        (RSS2 + b"\n<!-- generated in 0.2 s -->\n", "application/rss+xml", None),
    ],
    ids=["a-page-left-unclosed", "a-page-with-a-comment-after-it", "another-document", "a-feed-with-a-comment-after-it"],
)
def test_a_whole_answer_of_its_stated_length_is_not_said_to_be_cut_short(library, body, content_type, said):
    """Read to its Content-Length, any answer whose first element was not closed at its very end was said to be a feed
    cut short there: a page browsers show whole, a document of another kind, a feed with a comment after it (r96)."""
    answer = b"HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n" % (content_type.encode(), len(body)) + body
    assert _raw_answer_fetched(library, answer).error == said


def test_a_redirect_without_a_location_says_it_gives_no_address(library):
    """It said "the answer is empty", as if the server had answered 200 with nothing."""
    answer = b"HTTP/1.1 302 Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    assert _raw_answer_fetched(library, answer).error == "HTTP 302: a redirect without an address to go to (no Location)"
