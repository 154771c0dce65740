"""A fetch ends by its deadlines, and never connects where a page, feed or redirect must not lead it.

Servers here are on 127.0.0.1. The public addresses in the SSRF tests are only
ever resolved by a stand-in resolver and "connected to" through httpcore's mock
backend: no packet leaves the machine, and none goes to a link-local address,
since those are refused before any connection is made.
"""

from __future__ import annotations

import fcntl
import os
import signal
import socket
import sqlite3
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import httpcore
import pytest
from conftest import ROOT, nieuws_tui_command, speaking, web_server
from feedkit import RSS2, run_fetch
from pagekit import ArticlePage, IndexPage, Teaser
from pytest_httpserver import HTTPServer
from werkzeug import Response

from feeds.config import Settings, Source
from feeds.config import save_sources as save
from feeds.language import choose_language
from feeds.library import Library
from feeds.urls import slugify
from feeds.web.fetch import Turns
from feeds.web.network import GuardedBackend, Network, refusal
from feeds.web.workers import NICENESS, Workers

QUICK = dict(connect_timeout=2, read_timeout=5, attempts=2, backoff=0.05, host_delay=0, max_retry_after=300)
# Seconds within which a fetch that a deadline of a second ends is over, however loaded the machine: half of
# what it would take were that deadline not kept (a trickle's 40 s, another deadline of 60 s, a Retry-After).
HANG = 20


@pytest.fixture
def library(tmp_path) -> Library:
    return Library(tmp_path / "library.json")


def fetch(library: Library, *urls: str, network: Network | None = None, **settings: float):
    """A run whose feeds are read in its own threads. A pool's worker processes, started beside the httpserver's
    threads by a fork server, took up to a second of a feed's deadline on a loaded machine before reading a byte."""
    return run_fetch(library, [Source(url) for url in urls], settings=Settings(**{**QUICK, **settings}), network=network, workers=Workers(1))


def trickling(interval: float = 0.2, size: int = 200):
    """A handler that sends a feed one byte at a time, never slow enough for a read timeout: 40 s for the whole of it."""

    def handler(request):
        def body():
            for byte in RSS2[:size]:
                time.sleep(interval)
                yield bytes([byte])

        return Response(body(), content_type="application/rss+xml", headers={"Content-Length": str(size)})

    return handler


# -- deadlines ------------------------------------------------------------------------------------


def test_a_trickling_server_fails_its_source_at_the_deadline_and_the_others_are_kept(httpserver, library):
    httpserver.expect_request("/trickle").respond_with_handler(trickling())
    httpserver.expect_request("/feed").respond_with_data(RSS2, content_type="application/rss+xml")
    started = time.monotonic()
    # Another host name for the same server: requests to one host wait for each other.
    report = fetch(library, httpserver.url_for("/trickle"), httpserver.url_for("/feed").replace("127.0.0.1", "localhost"), deadline=1.0)
    elapsed = time.monotonic() - started
    errors = {r.source.url.rsplit("/", 1)[1]: r.error for r in report.results}
    assert errors == {"trickle": "gave up at the deadline of 1 s per source", "feed": None}
    assert elapsed < HANG  # the deadline, not the 40 s the server would take
    assert len(Library(library.path).entries()) == 2


def test_a_deadline_passed_at_a_pages_feed_or_where_a_redirect_led_names_that_address(httpserver, library):
    """Where an error there (`its feed …: HTTP 404`) names the address, the deadline said only `gave up at the
    deadline`, of the page the user subscribed to, which had answered at once."""
    feed = httpserver.url_for("/trickle")
    page = f'<html><head><link rel="alternate" type="application/rss+xml" href="{feed}"></head><body><p>Geen nieuws.</p></body></html>'
    httpserver.expect_request("/trickle").respond_with_handler(trickling())
    httpserver.expect_request("/page").respond_with_data(page, content_type="text/html")
    httpserver.expect_request("/moved").respond_with_data("", status=302, headers={"Location": feed})
    for source, said in (("/page", f"its feed {feed}: gave up at the deadline of 1 s per source"), ("/moved", f"redirected to {feed}: gave up at the deadline of 1 s per source")):
        [result] = fetch(library, httpserver.url_for(source), deadline=1.0).results
        assert result.error == said


def test_a_source_waiting_for_its_turn_at_a_trickling_host_is_fetched_when_its_turn_comes(httpserver, library):
    """Its deadline counts from its turn: it failed at its deadline without having sent a request."""
    httpserver.expect_request("/trickle").respond_with_handler(trickling())
    httpserver.expect_request("/feed").respond_with_data(RSS2, content_type="application/rss+xml")
    started = time.monotonic()
    report = fetch(library, httpserver.url_for("/trickle"), httpserver.url_for("/feed"), deadline=1.0, in_flight=2)
    assert time.monotonic() - started < HANG  # the trickle's deadline, then the feed's turn
    errors = {r.source.url.rsplit("/", 1)[1]: r.error for r in report.results}
    assert errors == {"trickle": "gave up at the deadline of 1 s per source", "feed": None}
    assert len(Library(library.path).entries()) == 2


def test_waiting_for_a_turn_at_a_host_ends_at_the_runs_deadline(httpserver, library):
    # Both trickle: whichever source has the host's turn first (the threads start together, in either order on a
    # loaded machine) holds it to the run's deadline, and the other one waits for its turn until then.
    httpserver.expect_request("/trickle").respond_with_handler(trickling())
    httpserver.expect_request("/feed").respond_with_handler(trickling())
    started = time.monotonic()
    report = fetch(library, httpserver.url_for("/trickle"), httpserver.url_for("/feed"), deadline=60, run_deadline=1.0, in_flight=2)
    assert time.monotonic() - started < HANG  # 1 s alone; not the source's 60 s
    assert [r.error for r in report.results] == ["gave up at the deadline of 1 s for the whole run"] * 2


def test_the_whole_run_ends_at_its_deadline(httpserver, library):
    httpserver.expect_request("/a").respond_with_handler(trickling())
    httpserver.expect_request("/b").respond_with_handler(trickling())
    started = time.monotonic()
    report = fetch(library, httpserver.url_for("/a"), httpserver.url_for("/b"), deadline=60, run_deadline=1.0)
    assert time.monotonic() - started < HANG  # as above
    assert [r.error for r in report.results] == ["gave up at the deadline of 1 s for the whole run"] * 2


def test_a_slow_host_holds_up_only_its_own_sources_and_not_one_of_another_host(httpserver, servers, library):
    """Ten sources of a host that trickles, then one of another: every thread took one of the slow host's and waited
    there for its turn, and the other host's source was asked minutes into the run, or failed at the run's deadline."""
    for number in range(10):
        httpserver.expect_request(f"/trickle{number}").respond_with_handler(trickling())
    other = servers.enter_context(web_server("127.0.0.2"))
    other.expect_request("/feed").respond_with_data(RSS2, content_type="application/rss+xml")
    healthy = other.url_for("/feed")
    started = time.monotonic()
    report = fetch(library, *(httpserver.url_for(f"/trickle{number}") for number in range(10)), healthy, deadline=0.5, run_deadline=2.0)
    assert time.monotonic() - started < HANG
    errors = {r.source.url: r.error for r in report.results}
    assert errors.pop(healthy) is None and len(errors) == 10 and all(errors.values())
    assert len(Library(library.path).entries()) == 2


def turns_taken(urls: list[str], done_after: int | None = None) -> list[str]:
    """The sources of `urls` as threads take them, none done (or the first taken done once `done_after` are taken)."""
    turns = Turns([Source(url) for url in urls])
    taken: list[str] = []
    while (source := turns.take()) is not None:
        taken.append(source.url)
        if len(taken) == done_after:
            turns.done(Source(taken[0]))
    return taken


def test_the_threads_take_a_source_of_a_host_with_fewer_in_flight_before_the_next_of_a_busy_one():
    assert turns_taken(["https://a.example/1", "https://a.example/2", "https://a.example/3", "https://b.example/1"]) == [
        "https://a.example/1",
        "https://b.example/1",
        "https://a.example/2",
        "https://a.example/3",
    ]


def test_the_sources_of_one_host_are_taken_alongside_when_no_other_host_waits():
    """A feed server's many feeds are read at once (its requests still go one at a time): handing out one source per
    host at a time cost the benchmark's ten feeds of one server 0.6 s."""
    turns = Turns([Source(f"http://127.0.0.1:8080/feed{number}") for number in range(4)])
    assert [turns.take() is not None for _ in range(4)] == [True] * 4


def test_a_source_done_makes_its_host_the_one_with_fewest_in_flight_again():
    urls = ["https://a.example/1", "https://b.example/1", "https://b.example/2", "https://a.example/2"]
    assert turns_taken(urls, done_after=2) == ["https://a.example/1", "https://b.example/1", "https://a.example/2", "https://b.example/2"]


def test_two_spellings_of_a_host_are_one_host_to_the_turns():
    assert turns_taken(["http://h:018341/1", "http://h:18341/2", "http://other:18341/1"]) == ["http://h:018341/1", "http://other:18341/1", "http://h:18341/2"]


def test_an_internationalised_host_and_its_punycode_are_one_host_to_the_turns_and_the_pause():
    """`bücher.example` and `xn--bcher-kva.example` are one server, which httpx asks by its punycode: two threads
    asked it at once, with no pause between them."""
    from feeds.web.http import host_of

    assert host_of("https://bücher.example/a") == host_of("https://xn--bcher-kva.example/b") == "xn--bcher-kva.example"
    assert turns_taken(["https://bücher.example/1", "https://xn--bcher-kva.example/2", "https://other.example/1"]) == [
        "https://bücher.example/1",
        "https://other.example/1",
        "https://xn--bcher-kva.example/2",
    ]


def test_files_among_the_sources_are_taken_as_one_host_of_their_own():
    assert turns_taken(["/srv/a.rss", "/srv/b.rss", "https://a.example/1"]) == ["/srv/a.rss", "https://a.example/1", "/srv/b.rss"]


STORIES = [
    Teaser("Kabinet wil snellere asielprocedure", "DEN HAAG (ANP) - Het kabinet wil dat asielaanvragen sneller worden behandeld.", "1 uur geleden"),
    Teaser("Kamer stemt in met woningwet", "DEN HAAG (ANP) - De Tweede Kamer heeft ingestemd met de nieuwe woningwet.", "2 uur geleden"),
]


def serve_section(httpserver, stalled: str, released: threading.Event) -> str:
    """A section page (with an ETag) whose stories' article pages answer at once, but for the page at `stalled`,
    which answers only once `released`."""
    site = httpserver.url_for("").rstrip("/")
    index = IndexPage("Politiek", STORIES).html(site)
    httpserver.expect_request("/nieuws/politiek").respond_with_data(index, content_type="text/html; charset=utf-8", headers={"ETag": '"1"'})
    httpserver.expect_request(stalled).respond_with_handler(lambda request: released.wait(30) and Response("", status=404))
    for story in STORIES:
        page = ArticlePage(story.title, [("p", story.lead), ("p", "Een tweede alinea met meer uitleg.")], section="Politiek").html()
        httpserver.expect_request(f"/nieuws/{slugify(story.title)}").respond_with_data(page, content_type="text/html; charset=utf-8")
    return httpserver.url_for("/nieuws/politiek")


def test_an_article_page_that_never_answers_costs_its_source_only_that_story_s_full_text(httpserver, library):
    """The section page had answered with its teasers, one story's page had too: the source failed at its deadline,
    every run, with nothing stored, where an article page that fails at once leaves its teaser."""
    released = threading.Event()
    section = serve_section(httpserver, f"/nieuws/{slugify(STORIES[1].title)}", released)
    try:
        [result] = fetch(library, section, deadline=1.0).results
    finally:
        released.set()
    assert result.error is None and result.new == 2
    assert (result.summary, result.note) == ("2 new, 0 updated", "1 article page not fetched, its story kept as a teaser: gave up at the deadline of 1 s per source")
    stored = {e.article.title: e.article.kind for e in Library(library.path).entries()}
    assert stored == {STORIES[0].title: "full", STORIES[1].title: "teaser"}
    assert section not in Library(library.path).validators()  # asked whole next time: the story's page is asked again


def serve_unchanged_section(httpserver, failing: Callable[[], Response | None]) -> tuple[str, list[str]]:
    """A section page with an ETag, answered 304 when asked with it, whose second story's page answers `failing()`
    where that is a response; the section page's address, and what was asked whole, as it is asked."""
    site = httpserver.url_for("").rstrip("/")
    index = IndexPage("Politiek", STORIES).html(site)
    asked: list[str] = []

    def section_page(request) -> Response:
        if request.headers.get("If-None-Match") == '"1"':
            return Response(status=304)
        asked.append(request.path)
        return Response(index, content_type="text/html; charset=utf-8", headers={"ETag": '"1"'})

    httpserver.expect_request("/nieuws/politiek").respond_with_handler(section_page)
    for story in STORIES:
        path = f"/nieuws/{slugify(story.title)}"
        page = ArticlePage(story.title, [("p", story.lead), ("p", "Een tweede alinea met meer uitleg.")], section="Politiek").html()

        def story_page(request, page=page, path=path) -> Response:
            asked.append(path)
            answer = failing() if path == f"/nieuws/{slugify(STORIES[1].title)}" else None
            return answer or Response(page, content_type="text/html; charset=utf-8")

        httpserver.expect_request(path).respond_with_handler(story_page)
    return httpserver.url_for("/nieuws/politiek"), asked


def test_an_article_page_that_fails_at_once_is_asked_again_at_the_next_fetch_though_its_section_page_is_unchanged(httpserver, library):
    """The section page's ETag was kept: the next fetch had a 304 for it and never asked the story's page again, so
    a story whose page failed once (a 503 of a busy site) stayed a teaser for as long as the section page did not change."""
    busy = [True]
    section, _asked = serve_unchanged_section(httpserver, lambda: Response("druk", status=503) if busy[0] else None)
    [first] = fetch(library, section).results
    assert first.error is None and {e.article.title: e.article.kind for e in Library(library.path).entries()}[STORIES[1].title] == "teaser"
    busy[0] = False
    [second] = fetch(library, section).results
    assert second.error is None and second.updated == 1
    assert {e.article.kind for e in Library(library.path).entries()} == {"full"}
    [third] = fetch(library, section).results
    assert (third.new, third.updated) == (0, 0)  # and the section page is asked whether it changed again


def test_a_dead_link_on_a_section_page_has_the_page_asked_only_whether_it_changed(httpserver, library):
    """A story page that is not there (404) had the section page asked whole at every fetch, and the 404 page again."""
    section, asked = serve_unchanged_section(httpserver, lambda: Response("weg", status=404))
    [first] = fetch(library, section).results
    assert first.error is None and sorted(asked) == sorted(["/nieuws/politiek", *(f"/nieuws/{slugify(s.title)}" for s in STORIES)])
    asked.clear()
    [second] = fetch(library, section).results
    assert (second.error, asked) == (None, [])  # a 304


def test_fetch_says_in_the_user_s_language_which_source_kept_stories_as_teasers_at_the_deadline(httpserver, tmp_path):
    released = threading.Event()
    section = serve_section(httpserver, f"/nieuws/{slugify(STORIES[1].title)}", released)
    save([], tmp_path / "config.toml")
    env = {**os.environ, **speaking(LANG="nl_NL.UTF-8"), "NIEUWS_TUI_CONFIG": str(tmp_path / "config.toml")}
    try:
        command = [*nieuws_tui_command(), "--db", str(tmp_path / "library.json"), "fetch", "--deadline", "1", section]
        result = subprocess.run(command, capture_output=True, text=True, timeout=30, env=env)
    finally:
        released.set()
    assert (result.returncode, result.stdout) == (0, f"ok {section} new=2 updated=0\n")  # the line scripts read, as ever
    assert f"{section}: 1 artikelpagina niet opgehaald, het bericht blijft een teaser: opgegeven bij de termijn van 1 s per bron" in result.stderr


def test_a_robots_txt_that_never_answers_costs_a_section_page_only_its_stories_full_text(httpserver, library):
    released = threading.Event()
    section = serve_section(httpserver, "/robots.txt", released)
    try:
        [result] = fetch(library, section, deadline=1.0).results
    finally:
        released.set()
    assert result.error is None and result.new == 2
    robots = httpserver.url_for("/robots.txt")
    said = f"2 article pages not fetched, their stories kept as teasers: asking {robots}: gave up at the deadline of 1 s per source"
    assert (result.summary, result.note) == ("2 new, 0 updated", said)
    assert {e.article.kind for e in Library(library.path).entries()} == {"teaser"}


def test_a_robots_txt_that_never_answered_is_not_waited_for_again_by_the_sites_next_source(httpserver, library):
    """Every source of the site asked it again, and waited for it until its own deadline."""
    released = threading.Event()
    section = serve_section(httpserver, "/robots.txt", released)
    httpserver.expect_request("/feed").respond_with_data(RSS2, content_type="application/rss+xml")
    try:
        first, second = fetch(library, section, httpserver.url_for("/feed"), deadline=1.0, in_flight=1).results
    finally:
        released.set()
    assert first.note is not None and "robots.txt" in first.note
    assert (second.error, second.new) == (None, 2)


def test_a_robots_txt_that_never_answered_keeps_the_article_pages_of_the_sites_next_section_page_away_this_run(httpserver, library):
    """Taken as none once it had not answered, it let the site's next section page fetch the story pages it may
    disallow (RFC 9309 2.3.1.4: a robots.txt that cannot be reached disallows all)."""
    released = threading.Event()
    politics = serve_section(httpserver, "/robots.txt", released)
    site = httpserver.url_for("").rstrip("/")
    economy = [Teaser("Haven Vlissingen groeit", "VLISSINGEN - De haven sloeg meer goederen over dan ooit.", "3 uur geleden")]
    index = IndexPage("Economie", economy).html(site)
    httpserver.expect_request("/nieuws/economie").respond_with_data(index, content_type="text/html; charset=utf-8", headers={"ETag": '"1"'})
    story_page = f"/nieuws/{slugify(economy[0].title)}"
    page = ArticlePage(economy[0].title, [("p", economy[0].lead), ("p", "Een tweede alinea met meer uitleg.")], section="Economie").html()
    httpserver.expect_request(story_page).respond_with_data(page, content_type="text/html; charset=utf-8")
    try:
        first, second = fetch(library, politics, httpserver.url_for("/nieuws/economie"), deadline=1.0, in_flight=1).results
    finally:
        released.set()
    robots = httpserver.url_for("/robots.txt")
    assert first.note is not None and robots in first.note
    said = f"1 article page not fetched, its story kept as a teaser: {robots} could not be read (gave up at the deadline of 1 s per source)"
    assert (second.error, second.new, second.note) == (None, 1, said)
    assert [request.path for request, _ in httpserver.log].count(story_page) == 0
    assert {e.article.kind for e in Library(library.path).entries()} == {"teaser"}
    assert Library(library.path).validators() == {}  # both section pages asked whole next time, and their stories with them
    assert not fetch(Library(library.path), politics, httpserver.url_for("/nieuws/economie")).failed
    assert {e.article.kind for e in Library(library.path).entries()} == {"full"}


def serve_site_sections(httpserver, robots_txt: Callable[[object], Response], slow: float = 0.0) -> list[str]:
    """Three section pages of one site, the first taking `slow` seconds to answer, with their stories' article pages,
    and the site's robots.txt answering what `robots_txt` makes of the request; the sections' addresses."""
    site = httpserver.url_for("").rstrip("/")
    sections = {
        "politiek": STORIES,
        "economie": [Teaser("Haven Vlissingen groeit", "VLISSINGEN - De haven sloeg meer goederen over dan ooit.", "3 uur geleden")],
        "sport": [Teaser("Zeeuwse zwemmer wint brons", "VLISSINGEN - Een zwemmer uit Vlissingen won brons op het EK.", "4 uur geleden")],
    }
    for name, stories in sections.items():
        index = IndexPage(name.title(), stories).html(site)
        wait = slow if name == "politiek" else 0.0
        httpserver.expect_request(f"/nieuws/{name}").respond_with_handler(
            lambda request, index=index, wait=wait: (time.sleep(wait), Response(index, content_type="text/html; charset=utf-8"))[1]
        )
        for story in stories:
            page = ArticlePage(story.title, [("p", story.lead), ("p", "Een tweede alinea met meer uitleg.")], section=name.title()).html()
            httpserver.expect_request(f"/nieuws/{slugify(story.title)}").respond_with_data(page, content_type="text/html; charset=utf-8")
    httpserver.expect_request("/robots.txt").respond_with_handler(robots_txt)
    return [httpserver.url_for(f"/nieuws/{name}") for name in sections]


def test_a_source_that_spent_its_deadline_before_asking_robots_txt_leaves_it_to_the_sites_next_sources(httpserver, library):
    """A section page that took most of its source's deadline left robots.txt the rest: it was recorded as one that
    could not be read for the whole run, though it answered in a third of a second, and every other section page of
    the site had its stories kept as teasers."""
    def robots_txt(request: object) -> Response:
        time.sleep(0.3)
        return Response("User-agent: *\nDisallow:\n", content_type="text/plain")

    politics, economy, sport = serve_site_sections(httpserver, robots_txt, slow=0.9)
    first, second, third = fetch(library, politics, economy, sport, deadline=1.0, in_flight=1).results
    robots = httpserver.url_for("/robots.txt")
    assert first.note == f"2 article pages not fetched, their stories kept as teasers: asking {robots}: gave up at the deadline of 1 s per source"
    assert [(result.error, result.note, result.new) for result in (second, third)] == [(None, None, 1), (None, None, 1)]
    assert [request.path for request, _ in httpserver.log].count("/robots.txt") == 1
    kinds = {e.article.title: e.article.kind for e in Library(library.path).entries()}
    assert [kind for title, kind in kinds.items() if title not in {story.title for story in STORIES}] == ["full", "full"]


def test_a_robots_txt_that_never_answers_keeps_the_sites_later_sources_waiting_no_longer_than_its_own_deadline(httpserver, library):
    """The first source that asks it waits until its deadline; robots.txt's own ends at about the same time, and the
    site's later sources are refused at once, not each after a deadline of waiting."""
    released = threading.Event()
    politics, economy, sport = serve_site_sections(httpserver, lambda request: released.wait(30) and Response("", status=404))
    started = time.monotonic()
    try:
        first, second, third = fetch(library, politics, economy, sport, deadline=1.0, in_flight=1).results
    finally:
        released.set()
    took = time.monotonic() - started
    robots = httpserver.url_for("/robots.txt")
    said = f"1 article page not fetched, its story kept as a teaser: {robots} could not be read (gave up at the deadline of 1 s per source)"
    assert first.note is not None and robots in first.note
    assert (second.note, third.note) == (said, said)
    assert took < 2.5  # each waiting its own deadline: 3 s


def test_a_robots_txt_still_being_asked_as_the_run_ends_leaves_no_thread_behind(httpserver, library):
    released = threading.Event()
    politics, _economy, _sport = serve_site_sections(httpserver, lambda request: released.wait(30) and Response("", status=404), slow=0.5)
    try:
        [result] = fetch(library, politics, deadline=1.0).results  # over at 1 s; robots.txt's deadline at 1.5 s
    finally:
        released.set()
    assert result.note is not None and "robots.txt" in result.note
    assert [thread.name for thread in threading.enumerate() if thread.name == "nieuws-tui-robots"] == []


def test_a_run_ends_at_its_sources_deadline_not_when_a_robots_txt_still_being_asked_would_have_given_up(httpserver, library):
    """The run waited for a robots.txt still being asked as it ended, until its own deadline, a source's whole deadline
    after it was first asked: a minute after the last source gave up, or after Ctrl-C. Ending the run ends it."""
    released = threading.Event()
    politics, _economy, _sport = serve_site_sections(httpserver, lambda request: released.wait(30) and Response("", status=404), slow=1.5)
    started = time.monotonic()
    try:
        [result] = fetch(library, politics, deadline=2.0).results  # over at 2 s; robots.txt's deadline at 3.5 s
        ended = time.monotonic() - started
    finally:
        released.set()
    assert result.note is not None and "robots.txt" in result.note
    assert ended < 3.0
    assert [thread.name for thread in threading.enumerate() if thread.name == "nieuws-tui-robots"] == []


def test_a_run_ends_though_a_robots_txt_thread_its_closing_cannot_wake_goes_on(httpserver, library, monkeypatch):
    """A robots.txt whose connection was still being made as the run ended (not in the client's pool, which its
    closing wakes) held the run's end, and Ctrl-C, until its connect timeout: 7.5 s."""
    from feeds.web.http import Http

    monkeypatch.setattr(Http, "_robots_txt", lambda self, origin: time.sleep(4))  # as a connection that never comes
    politics, _economy, _sport = serve_site_sections(httpserver, lambda request: Response("", status=404))
    started = time.monotonic()
    [result] = fetch(library, politics, deadline=1.0).results
    assert time.monotonic() - started < 2.5
    assert result.note is not None and "robots.txt" in result.note


def test_a_retry_after_longer_than_the_deadline_fails_at_once(httpserver, library):
    httpserver.expect_request("/busy").respond_with_data("later", status=503, headers={"Retry-After": "120"})
    started = time.monotonic()
    [result] = fetch(library, httpserver.url_for("/busy"), deadline=60).results
    assert time.monotonic() - started < HANG  # not waited out to the deadline only to fail then
    assert result.error == "gave up: the server asks for a wait (Retry-After: 120) that would pass the deadline of 60 s per source"


def test_a_retry_after_of_a_year_is_said_as_the_server_asked_it_not_as_the_longest_wait_taken(httpserver, library):
    """It said "waiting 120 s more would pass the deadline": 120 s is max_retry_after, the most this program waits."""
    httpserver.expect_request("/busy").respond_with_data("later", status=503, headers={"Retry-After": "31536000"})
    [result] = fetch(library, httpserver.url_for("/busy"), deadline=60, max_retry_after=120).results
    assert result.error == "gave up: the server asks for a wait (Retry-After: 31536000) that would pass the deadline of 60 s per source"


def test_fetch_command_takes_deadlines_and_names_the_source_that_passed_it(httpserver, tmp_path):
    httpserver.expect_request("/trickle").respond_with_handler(trickling())
    save([], tmp_path / "config.toml")
    url = httpserver.url_for("/trickle")
    started = time.monotonic()
    result = subprocess.run(
        [*nieuws_tui_command(), "--db", str(tmp_path / "library.json"), "fetch", "--deadline", "1", "--run-deadline", "30", url],
        capture_output=True, text=True, timeout=30, env={**os.environ, "NIEUWS_TUI_CONFIG": str(tmp_path / "config.toml")},
    )  # fmt: skip
    assert time.monotonic() - started < HANG  # the source's deadline, not the run's 30 s
    assert result.returncode == 1
    assert f"failed {url} gave up at the deadline of 1 s per source" in result.stdout.splitlines()
    bad = subprocess.run([*nieuws_tui_command(), "fetch", "--deadline", "0", url], capture_output=True, text=True, timeout=30)
    assert bad.returncode == 2 and "must be a number of seconds above 0" in bad.stderr


def niceness(pid: int | str) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[16])
    except (FileNotFoundError, IndexError, ValueError):
        return None  # gone meanwhile


def workers_ready(pid: int) -> bool:
    """Whether the process has its worker processes, each past _start_worker (which ends by stepping back NICENESS)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    stepped_back = [child for child in children if niceness(child) == (niceness(pid) or 0) + NICENESS]
    return len(stepped_back) == (os.cpu_count() or 1)


def test_ctrl_c_during_a_fetch_ends_it_at_once_without_a_traceback_from_any_process(httpserver, tmp_path):
    """A terminal's Ctrl-C goes to every process of the command, the worker processes too."""
    import signal

    reading = threading.Event()
    trickle = trickling(interval=0.1, size=100)
    httpserver.expect_request("/trickle").respond_with_handler(lambda request: reading.set() or trickle(request))
    save([], tmp_path / "config.toml")
    fetching = subprocess.Popen(
        [*nieuws_tui_command(), "--db", str(tmp_path / "library.json"), "fetch", httpserver.url_for("/trickle")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        env={**os.environ, "NIEUWS_TUI_CONFIG": str(tmp_path / "config.toml")},
    )  # fmt: skip
    try:
        # Started, reading the trickle, and its workers past their start, where they leave Ctrl-C to it:
        # a fixed two seconds were not always that much on a loaded machine.
        assert reading.wait(timeout=30), "the fetch never asked for the trickle"
        deadline = time.monotonic() + 30
        while not workers_ready(fetching.pid):
            assert time.monotonic() < deadline, "the workers never started"
            time.sleep(0.01)
        os.killpg(fetching.pid, signal.SIGINT)
        _, errors = fetching.communicate(timeout=15)
    finally:
        if fetching.poll() is None:
            os.killpg(fetching.pid, signal.SIGKILL)
    assert fetching.returncode == 130 and "Traceback" not in errors and "KeyboardInterrupt" not in errors, errors


# -- a run that ends early ----------------------------------------------------------------------


def run_threads() -> set[threading.Thread]:
    return {thread for thread in threading.enumerate() if thread.name == "nieuws-tui-fetch"}


def test_a_run_that_ends_at_an_error_leaves_no_thread_waiting_on_a_stalled_server(httpserver, servers, library, monkeypatch):
    """A store that failed ended the run, but a source's thread went on waiting for a server that had not answered, on a
    socket the run had closed, until its read timeout (20 s): a refresh every few minutes piled such threads up."""
    from feeds.errors import StorageError
    from feeds.web.fetch import FetchRun

    released = threading.Event()
    stalled = servers.enter_context(web_server("127.0.0.2"))
    servers.callback(released.set)  # before the server stops: it waits for its handlers
    stalled.expect_request("/stalled").respond_with_handler(lambda request: released.wait(30) and Response(RSS2, content_type="application/rss+xml"))
    httpserver.expect_request("/feed").respond_with_data(RSS2, content_type="application/rss+xml")

    def full(run, result):
        raise StorageError("library.sqlite: database or disk is full")

    monkeypatch.setattr(FetchRun, "store", full)
    before = run_threads()
    with pytest.raises(StorageError):
        fetch(library, stalled.url_for("/stalled"), httpserver.url_for("/feed"), read_timeout=20)
    ended = time.monotonic() + 1
    while run_threads() - before and time.monotonic() < ended:
        time.sleep(0.01)
    assert not run_threads() - before and not released.is_set()


def test_a_run_closed_early_starts_none_of_the_sources_it_had_not_started(httpserver, library, monkeypatch):
    """A run ended by an error or Ctrl-C (its events closed) had its threads go on taking the sources not yet started,
    each failing at once on the closed client: they are not started at all."""
    from feeds.web.fetch import FetchRun, Progress, SourceFetch

    started: list[str] = []
    run_source = SourceFetch.run

    def noting(fetch, source, deadline):
        started.append(source.url)
        return run_source(fetch, source, deadline)

    monkeypatch.setattr(SourceFetch, "run", noting)
    released = threading.Event()
    httpserver.expect_request("/slow").respond_with_handler(lambda request: released.wait(10) and Response(RSS2, content_type="application/rss+xml"))
    httpserver.expect_request("/feed").respond_with_data(RSS2, content_type="application/rss+xml")
    urls = [httpserver.url_for("/slow"), *(httpserver.url_for(f"/feed?{number}") for number in range(3))]
    before = run_threads()
    run = FetchRun(library, [Source(url) for url in urls], Settings(**{**QUICK, "in_flight": 1}), workers=Workers(1))
    events = run.events()
    assert next(events) == Progress(Source(urls[0]), "fetching")
    events.close()
    released.set()
    ended = time.monotonic() + HANG
    while run_threads() - before and time.monotonic() < ended:
        time.sleep(0.01)
    assert not run_threads() - before and started == urls[:1]


def test_closing_the_workers_ends_the_wait_for_their_answers_at_once():
    """A run that ended at an error closed its workers while a source's thread waited for their answer: it waited on,
    for an answer that never came, until the source's deadline (60 s)."""
    from feeds.model import AMSTERDAM
    from feeds.web.visits import Deadline, DeadlinePassed, Visit, visiting

    workers = Workers(2)
    busy = [workers._pool.apply_async(time.sleep, (30,)) for _ in range(2)]  # the feed's share waits behind these
    failed: list[BaseException] = []

    def read() -> None:
        with visiting(Visit(Deadline.after(60, "per source"))):
            try:
                list(workers.feed_records(RSS2, None, "http://example.org/", "http://example.org/", datetime.now(AMSTERDAM), 1_000_000, None))
            except DeadlinePassed as error:
                failed.append(error)

    reading = threading.Thread(target=read)
    reading.start()
    reading.join(0.5)
    assert reading.is_alive() and not any(b.ready() for b in busy)
    workers.close()
    reading.join(1)
    assert not reading.is_alive() and len(failed) == 1


def _on_a_terminal(code: str, tmp_path: Path) -> list[str]:
    """The lines `code` writes to the file named `told`, run in a process whose standard output and error are a
    terminal's, as the app's are."""
    import pty

    told = tmp_path / "told"
    main, terminal = pty.openpty()
    try:
        ran = subprocess.run([sys.executable, "-c", f"told = {str(told)!r}\n{code}"], stdout=terminal, stderr=terminal, timeout=60)
    finally:
        os.close(terminal)
        os.close(main)
    assert ran.returncode == 0
    return told.read_text().splitlines()


def test_a_worker_writes_nothing_on_the_terminal_the_app_draws_on(tmp_path):
    """A worker's standard output and error were the terminal's, where the app draws: a warning a library printed in
    one cut through the screen."""
    code = (
        "import os\nfrom feeds.web.workers import Workers\nworkers = Workers(2)\n"
        "with open(told, 'w') as out:\n"
        "    for fd in (1, 2):\n"
        "        s = workers._pool.apply(os.fstat, (fd,))\n"
        "        print(s.st_dev, s.st_ino, file=out)\n"
        "workers.close()\n"
    )
    nowhere = os.stat(os.devnull)
    assert _on_a_terminal(code, tmp_path) == [f"{nowhere.st_dev} {nowhere.st_ino}"] * 2


# -- addresses ------------------------------------------------------------------------------------


@pytest.mark.parametrize("address", ["169.254.169.254", "169.254.0.1", "fe80::1", "fe80::1%eth0", "::ffff:169.254.169.254"])
def test_link_local_addresses_are_refused_even_to_local_sources(address):
    assert "link-local" in refusal(address, local_allowed=True)


@pytest.mark.parametrize("address", ["127.0.0.1", "::1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "100.64.0.1", "0.0.0.0", "::ffff:10.0.0.1", "fc00::1"])
def test_local_addresses_are_for_local_sources_only(address):
    assert refusal(address, local_allowed=True) is None
    assert "private or loopback" in refusal(address, local_allowed=False)


def test_public_addresses_are_allowed():
    assert refusal("93.184.216.34", local_allowed=False) is None
    assert refusal("2606:2800:220:1:248:1893:25c8:1946", local_allowed=False) is None


def test_a_redirect_to_a_link_local_address_is_refused_at_once_naming_it(httpserver, library):
    httpserver.expect_request("/feed").respond_with_data("", status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    [result] = fetch(library, httpserver.url_for("/feed")).results
    refused = "refused to connect to 169.254.169.254: a link-local address (where cloud metadata lives), never fetched"
    assert result.error == f"redirected to http://169.254.169.254/latest/meta-data/: {refused}"
    assert len(httpserver.log) == 1  # at once: not tried again, as a source that may answer another time is


def test_a_source_refused_before_it_is_asked_is_no_request(httpserver, library):
    httpserver.expect_request("/feed").respond_with_data(RSS2, content_type="application/rss+xml")
    report = fetch(library, httpserver.url_for("/feed"), "http://169.254.1.1/f")
    errors = {result.source.url: result.error for result in report.results}
    assert errors == {httpserver.url_for("/feed"): None, "http://169.254.1.1/f": "refused to connect to 169.254.1.1: a link-local address (where cloud metadata lives), never fetched"}
    assert report.requests == 1 == len(httpserver.log)


def test_a_redirect_refused_is_the_request_that_brought_it(httpserver, library):
    httpserver.expect_request("/feed").respond_with_data("", status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    assert fetch(library, httpserver.url_for("/feed")).requests == 1 == len(httpserver.log)


def test_a_local_source_may_redirect_locally(httpserver, library):
    httpserver.expect_request("/old").respond_with_data("", status=301, headers={"Location": httpserver.url_for("/feed").replace("127.0.0.1", "localhost")})
    httpserver.expect_request("/feed").respond_with_data(RSS2, content_type="application/rss+xml")
    [result] = fetch(library, httpserver.url_for("/old")).results
    assert result.error is None and result.new == 2


class _Recording(httpcore.MockBackend):
    """Answers every connection with the same canned response, and remembers where each went."""

    def __init__(self, response: bytes) -> None:
        super().__init__([response])
        self.connected: list[str] = []

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):  # type: ignore[no-untyped-def]
        self.connected.append(host)
        return super().connect_tcp(host, port, timeout, local_address, socket_options)


def redirect_to(location: str) -> bytes:
    return f"HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".encode()


NAMES = {"news.example": ["93.184.216.34"], "intranet.example": ["10.0.0.5"], "both.example": ["10.0.0.6", "93.184.216.35"]}


def resolve(host: str, port: int) -> list[str]:
    return NAMES.get(host, [host])


@pytest.mark.parametrize(
    ("location", "refused"),
    [("http://10.1.2.3/admin", "10.1.2.3"), ("http://127.0.0.1:8080/", "127.0.0.1"), ("http://intranet.example/", "10.0.0.5"), ("http://[::1]/", "::1")],
)
def test_a_public_source_may_not_redirect_to_a_private_or_loopback_address(library, location, refused):
    backend = _Recording(redirect_to(location))
    [result] = fetch(library, "http://news.example/feed", network=Network(backend, resolve)).results
    assert result.error == f"redirected to {location}: refused to connect to {refused}: a private or loopback address, reached from a source on a public address"
    assert set(backend.connected) == {"93.184.216.34"}  # the resolved address, never the refused one


def test_a_redirect_that_leads_to_a_host_not_found_names_where_it_led(library):
    """The failure was said of the source, which answered: "failed http://news.example/feed host not found (DNS)"."""

    def resolve_or_not(host: str, port: int) -> list[str]:
        if host == "elders.example":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return resolve(host, port)

    backend = _Recording(redirect_to("http://anna:geheim@elders.example/feed?token=8f3a#x"))
    [result] = fetch(library, "http://news.example/feed", network=Network(backend, resolve_or_not)).results
    assert result.error == "redirected to http://elders.example/feed?…: host not found (DNS)"


def test_only_checked_addresses_are_connected_to_whatever_dns_answers():
    backend = _Recording(b"")
    guarded = GuardedBackend(local_allowed=False, backend=backend, resolve=resolve)
    guarded.connect_tcp("both.example", 80)
    assert backend.connected == ["93.184.216.35"]


# -- TLS ------------------------------------------------------------------------------------------

CERTIFICATE = ROOT / "tests" / "fixtures" / "tls-localhost.pem"  # self-signed for 127.0.0.1, valid until 2126


@pytest.fixture
def tls_server():
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(CERTIFICATE, CERTIFICATE.with_suffix(".key"))
    server = HTTPServer(host="127.0.0.1", port=0, ssl_context=context)
    server.start()
    server.expect_request("/feed").respond_with_data(RSS2, content_type="application/rss+xml")
    yield server
    server.clear()
    server.stop()


def test_an_https_source_whose_certificate_is_not_trusted_fails_naming_the_reason(tls_server, library):
    [result] = fetch(library, tls_server.url_for("/feed"), attempts=1).results
    assert result.error == "the site's certificate is self-signed"
    assert Library(library.path).entries() == []
    choose_language(speaking(LANG="nl_NL.UTF-8"))
    [result] = fetch(library, tls_server.url_for("/feed"), attempts=1).results
    assert result.summary == "mislukt: het certificaat van de site is door zichzelf ondertekend"


def test_a_redirect_to_an_https_address_whose_certificate_fails_names_that_address(tls_server, httpserver, library):
    """Said as the source's own certificate would be, of a source served over plain http."""
    target = tls_server.url_for("/feed")
    httpserver.expect_request("/feed").respond_with_data("", status=301, headers={"Location": target + "?key=8f3a"})
    [result] = fetch(library, httpserver.url_for("/feed"), attempts=1).results
    assert result.error == f"redirected to {target}?…: the site's certificate is self-signed"
    choose_language(speaking(LANG="nl_NL.UTF-8"))
    [result] = fetch(library, httpserver.url_for("/feed"), attempts=1).results
    assert result.summary == f"mislukt: doorgestuurd naar {target}?…: het certificaat van de site is door zichzelf ondertekend"


def test_an_https_source_is_read_over_tls_with_the_certificates_the_system_trusts(tls_server, library, monkeypatch):
    monkeypatch.setenv("SSL_CERT_FILE", str(CERTIFICATE))  # as on a machine whose trust store holds it
    [result] = fetch(library, tls_server.url_for("/feed")).results
    assert result.error is None and result.new == 2


@pytest.mark.parametrize(("stop", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_fetch_stopped_midway_stores_the_sources_done_and_says_so(httpserver, tmp_path, stop, status):
    """A source already said `ok`, and then nothing of the run was stored: a cron job whose `timeout` ended a run
    that one hanging source held up lost every healthy source's articles, each time. (Its `ok` line comes as it is
    stored: once no source waits for a server, or at the stop.)"""
    served, asked = threading.Event(), threading.Event()
    trickle = trickling()

    def feed(request):
        served.set()
        return Response(RSS2, content_type="application/rss+xml")

    httpserver.expect_request("/feed").respond_with_handler(feed)
    httpserver.expect_request("/trickle").respond_with_handler(lambda request: asked.set() or trickle(request))
    save([], tmp_path / "config.toml")
    env = {**os.environ, "NIEUWS_TUI_CONFIG": str(tmp_path / "config.toml")}
    db = ["--db", str(tmp_path / "library.sqlite")]
    fast, slow = httpserver.url_for("/feed"), httpserver.url_for("/trickle").replace("127.0.0.1", "localhost")
    process = subprocess.Popen([*nieuws_tui_command(), *db, "fetch", fast, slow], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert served.wait(HANG) and asked.wait(HANG)
        time.sleep(1)  # for the feed to be read
        process.send_signal(stop)
        stdout, stderr = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == status and stdout.startswith(f"ok {fast} new=2 ")
    assert stderr.strip().splitlines() == [
        f"nieuws-tui: new library at {tmp_path / 'library.sqlite'}",
        "nieuws-tui: interrupted: what 1 source brought is stored; 1 source not done, which the next fetch brings",
    ]
    listed = subprocess.run([*nieuws_tui_command(), *db, "list"], capture_output=True, text=True, timeout=30, env=env)
    assert listed.returncode == 0 and len(listed.stdout.splitlines()) == 2


def _until(condition, what: str, seconds: float = HANG) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"not within {seconds} s: {what}"
        time.sleep(0.05)


def _wchan(pid: int) -> Path:
    return Path(f"/proc/{pid}/task/{pid}/wchan")


# The tests that wait for a fetch to stall somewhere see where by Linux's /proc, which other systems lack.
seeing_where_it_sleeps = pytest.mark.skipif(not _wchan(os.getpid()).exists(), reason="needs /proc/PID/wchan (Linux) to see where a process waits")


def _where_it_sleeps(process: subprocess.Popen) -> str:
    """Where in the kernel the process's main thread waits."""
    return _wchan(process.pid).read_text()


def _waiting_on_its_reader(process: subprocess.Popen) -> bool:
    """The process's main thread waits in a write to a full pipe."""
    return "pipe_write" in _where_it_sleeps(process)


def _articles_stored(path: Path) -> int:
    """Read without a Library, which could wait on the fetch's write lock."""
    if not path.exists():
        return 0
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1) as connection:
        try:
            return int(connection.execute("SELECT count(*) FROM articles").fetchone()[0])
        except sqlite3.OperationalError:  # not made yet
            return 0


@contextmanager
def _last_source(httpserver: HTTPServer, before: int) -> Iterator[str]:
    """The URL of a source on another host than the httpserver's other sources (`localhost`), fetched beside them,
    that fails only once `before` of theirs (/feed) were answered, and read: the sources done are held until then
    (fetch_sources), and are stored and said as its result comes, which an interrupt meanwhile leaves not done."""
    answered = threading.Semaphore(0)

    def feed(request):
        answered.release()
        return Response(RSS2, content_type="application/rss+xml")

    def last(request):
        for _answer in range(before):
            answered.acquire(timeout=HANG)
        time.sleep(1)  # for the feeds answered to be read
        return Response("gone", status=404)

    httpserver.expect_request("/feed").respond_with_handler(feed)
    httpserver.expect_request("/last").respond_with_handler(last)
    yield httpserver.url_for("/last").replace("127.0.0.1", "localhost")


@contextmanager
def _fetch_to_a_reader_that_stalls(httpserver: HTTPServer, tmp_path: Path) -> Iterator[subprocess.Popen]:
    """A fetch of three sources whose lines (of 1.5 kB) are more than its standard output, a pipe no one reads, takes;
    and of one, given last, whose result comes after theirs (_last_source)."""
    save([], tmp_path / "config.toml")
    read, write = os.pipe()
    fcntl.fcntl(write, fcntl.F_SETPIPE_SZ, 4096)  # two lines
    env = {**os.environ, "NIEUWS_TUI_CONFIG": str(tmp_path / "config.toml")}
    with _last_source(httpserver, 3) as last:
        urls = [*(httpserver.url_for("/feed") + f"?{n}=" + "x" * 1500 for n in range(3)), last]
        command = [*nieuws_tui_command(), "--db", str(tmp_path / "library.sqlite"), "fetch", *urls]
        process = subprocess.Popen(command, stdout=write, stderr=subprocess.PIPE, text=True, env=env)
        os.close(write)
        try:
            yield process
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
            os.close(read)


@seeing_where_it_sleeps
@pytest.mark.parametrize(("stop", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_fetch_whose_reader_stalls_ends_at_a_stop_and_stores_the_sources_done(httpserver, tmp_path, stop, status):
    """Each line was said with the stops held back: a reader that stalled (a full pipe) kept Ctrl-C and SIGTERM from
    ending the fetch, however many, until `timeout -k`'s SIGKILL, which stored nothing."""
    with _fetch_to_a_reader_that_stalls(httpserver, tmp_path) as process:
        _until(lambda: _waiting_on_its_reader(process), "the fetch waits on its reader")
        process.send_signal(stop)
        _, stderr = process.communicate(timeout=HANG)
        assert process.returncode == status
        assert stderr.splitlines() == [
            f"nieuws-tui: new library at {tmp_path / 'library.sqlite'}",
            "nieuws-tui: interrupted: what 3 sources brought is stored; 1 source not done, which the next fetch brings",
        ]
        assert _articles_stored(tmp_path / "library.sqlite") == 2


def test_a_fetch_whose_reader_left_stores_the_sources_done_and_says_so(httpserver, tmp_path):
    """`nieuws-tui fetch | head -1`: the broken pipe threw the sources done away as an error would, and the fetch
    exited 0 without a word."""
    save([], tmp_path / "config.toml")
    path = tmp_path / "library.sqlite"
    read, write = os.pipe()
    os.close(read)  # the reader left before the first line
    env = {**os.environ, "NIEUWS_TUI_CONFIG": str(tmp_path / "config.toml")}
    try:
        with _last_source(httpserver, 1) as last:
            command = [*nieuws_tui_command(), "--db", str(path), "fetch", httpserver.url_for("/feed"), last]
            result = subprocess.run(command, stdout=write, stderr=subprocess.PIPE, text=True, env=env, timeout=HANG)
    finally:
        os.close(write)
    assert result.returncode == 141  # as a process that SIGPIPE ended
    assert result.stderr.splitlines() == [
        f"nieuws-tui: new library at {path}",
        "nieuws-tui: interrupted: what 1 source brought is stored; 1 source not done, which the next fetch brings",
    ]
    assert _articles_stored(path) == 2


@pytest.mark.parametrize(
    ("output", "why"), [(">/dev/full", "cannot write to standard output (No space left on device)"), (">&-", "standard output is closed")]
)
def test_a_fetch_whose_output_cannot_be_written_stores_what_it_fetches_and_says_why_once(httpserver, tmp_path, output, why):
    """A cron job's output thrown away (`>&-`, a full disk): the fetch ended at its first line, storing nothing."""
    httpserver.expect_request("/feed").respond_with_data(RSS2, content_type="application/rss+xml")
    httpserver.expect_request("/gone").respond_with_data("", status=404)
    save([], tmp_path / "config.toml")
    path = tmp_path / "library.sqlite"
    env = {**os.environ, "NIEUWS_TUI_CONFIG": str(tmp_path / "config.toml")}
    urls = [httpserver.url_for("/feed"), httpserver.url_for("/gone")]  # two lines, the second a failure's
    command = ["sh", "-c", f'"$0" "$@" {output}', *nieuws_tui_command(), "--db", str(path), "fetch", *urls]
    result = subprocess.run(command, stderr=subprocess.PIPE, text=True, env=env, timeout=HANG)
    assert result.returncode == 2  # an error of the command line, not "a source failed"
    assert result.stderr.splitlines() == [
        f"nieuws-tui: error: {why}; the fetch goes on without its lines, storing what it brings",
        f"nieuws-tui: new library at {path}",
        "2 sources: 2 new, 0 updated articles; 1 failed; 2 requests",
    ]
    assert _articles_stored(path) == 2



@pytest.mark.parametrize("outputs", [">&- 2>&-", ">&- 2>/dev/full", ">/dev/full 2>/dev/full", ">/dev/full 2>&-"])
def test_a_fetch_with_both_outputs_thrown_away_stores_what_it_fetches(httpserver, tmp_path, outputs):
    """Its note that the output could not be written went to standard error, which failed too: the fetch ended with
    a traceback nobody saw, storing nothing."""
    httpserver.expect_request("/feed").respond_with_data(RSS2, content_type="application/rss+xml")
    httpserver.expect_request("/gone").respond_with_data("", status=404)
    save([], tmp_path / "config.toml")
    path = tmp_path / "library.sqlite"
    env = {**os.environ, "NIEUWS_TUI_CONFIG": str(tmp_path / "config.toml")}
    command = ["sh", "-c", f'"$0" "$@" {outputs}', *nieuws_tui_command(), "--db", str(path), "fetch", httpserver.url_for("/feed"), httpserver.url_for("/gone")]
    assert subprocess.run(command, env=env, timeout=HANG).returncode == 2
    assert _articles_stored(path) == 2

def _stopped_waiting_for_another(
    path: Path, urls: list[str], env: dict[str, str], stop: signal.Signals, started: Callable[[subprocess.Popen[str]], object]
) -> tuple[int, str]:
    """A fetch of `urls` into `path` while another process writes there (a transaction held open), sent `stop` once it
    has `started` and waits for the write lock: its exit status and standard error."""
    other = Library(path).begin()
    process = subprocess.Popen([*nieuws_tui_command(), "--db", str(path), "fetch", *urls], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        started(process)
        # SQLite sleeps between its tries for the lock; the run waits for its sources on a futex.
        _until(lambda: "nanosleep" in _where_it_sleeps(process), "the fetch waits for the other to end")
        process.send_signal(stop)
        _, stderr = process.communicate(timeout=HANG)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        other.rollback()
    return process.returncode, stderr


@seeing_where_it_sleeps
@pytest.mark.parametrize(("stop", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_fetch_waiting_for_another_that_writes_ends_at_a_stop_storing_nothing(httpserver, tmp_path, stop, status):
    """SQLite's wait for another writer is deaf to signals: a fetch waited up to 300 s, and when the other was done
    it stored its source, and only then said it was interrupted."""
    httpserver.expect_request("/feed").respond_with_data(RSS2, content_type="application/rss+xml")
    save([], tmp_path / "config.toml")
    path = tmp_path / "library.sqlite"
    env = {**os.environ, "NIEUWS_TUI_CONFIG": str(tmp_path / "config.toml")}
    asked = lambda process: _until(lambda: httpserver.log, "the fetch asks for its source")  # noqa: E731
    code, stderr = _stopped_waiting_for_another(path, [httpserver.url_for("/feed")], env, stop, asked)
    assert code == status
    assert stderr.splitlines() == ["nieuws-tui: interrupted: nothing of this run is stored; the next fetch brings it again"]
    assert Library(path).entries() == []


@seeing_where_it_sleeps
@pytest.mark.parametrize(("stop", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_fetch_that_only_prunes_ends_at_a_stop_while_it_waits_for_another_that_writes(httpserver, tmp_path, stop, status):
    """Its sources failed, and the prune (keep-days) waited for the write lock with the stops held back: up to 300 s,
    deaf to Ctrl-C and SIGTERM, as the wait of a run that stores sources is not."""
    httpserver.expect_request("/gone").respond_with_data("", status=404)
    (tmp_path / "config.toml").write_text("keep-days = 30\n", encoding="utf-8")
    path = tmp_path / "library.sqlite"
    env = {**os.environ, "NIEUWS_TUI_CONFIG": str(tmp_path / "config.toml")}

    def failed(process: subprocess.Popen[str]) -> None:  # its one source done, first
        assert process.stdout is not None and process.stdout.readline().startswith("failed ")

    code, stderr = _stopped_waiting_for_another(path, [httpserver.url_for("/gone")], env, stop, failed)
    assert code == status
    assert stderr.splitlines() == ["nieuws-tui: interrupted: nothing of this run is stored; the next fetch brings it again"]


class _StopAtCommit:
    """A library's connection that raises a stop at its COMMIT: before COMMIT runs, or where Python raises
    a Ctrl-C or SIGTERM that came while it ran, the moment it returned."""

    def __init__(self, connection, stop: type[BaseException], after: bool) -> None:
        self._connection, self._stop, self._after = connection, stop, after

    def execute(self, sql, *parameters):
        if sql == "COMMIT" and not self._after:
            raise self._stop
        cursor = self._connection.execute(sql, *parameters)
        if sql == "COMMIT":
            raise self._stop
        return cursor

    def __getattr__(self, name):
        return getattr(self._connection, name)


@pytest.mark.parametrize(("stop", "status"), [(KeyboardInterrupt, 130), ("Terminated", 143)])
@pytest.mark.parametrize(
    ("after", "said"), [(True, "interrupted after this run was stored"), (False, "interrupted: nothing of this run is stored; the next fetch brings it again")]
)
def test_a_fetch_stopped_at_its_commit_says_whether_it_was_stored(httpserver, tmp_path, monkeypatch, capsys, stop, status, after, said):
    from feeds.store.writer import Writer
    from tui.cli import main
    from tui.commands.fetch import Terminated

    httpserver.expect_request("/feed").respond_with_data(RSS2, content_type="application/rss+xml")
    stop = Terminated if stop == "Terminated" else stop
    made = Writer.__init__
    monkeypatch.setattr(Writer, "__init__", lambda writer, library, connection: made(writer, library, _StopAtCommit(connection, stop, after)))
    path = tmp_path / "library.sqlite"
    assert main(["--db", str(path), "fetch", httpserver.url_for("/feed")]) == status
    started = [f"nieuws-tui: new library at {path}"] if after else []  # stored: the library it started is there
    assert capsys.readouterr().err.splitlines() == [*started, f"nieuws-tui: {said}"]
    monkeypatch.undo()
    assert len(Library(path).entries()) == (2 if after else 0)


@pytest.mark.parametrize(("stop", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_stop_while_a_source_is_stored_keeps_that_source_whole_and_says_its_line(httpserver, tmp_path, monkeypatch, capsys, stop, status):
    """The stop comes amid the source's writes: it waits until the source is stored and its line said, then ends the run."""
    from feeds.store.writer import Writer
    from tui.cli import main

    httpserver.expect_request("/feed").respond_with_data(RSS2, content_type="application/rss+xml")
    add_records = Writer.add_records

    def interrupted(writer, records):
        records = list(records)
        added = add_records(writer, records[:1])
        os.kill(os.getpid(), stop)  # Python raises it the moment it can: between the source's first article and the rest
        added.count(add_records(writer, records[1:]))
        return added

    monkeypatch.setattr(Writer, "add_records", interrupted)
    path, url = tmp_path / "library.sqlite", httpserver.url_for("/feed")
    assert main(["--db", str(path), "fetch", url]) == status
    captured = capsys.readouterr()
    assert captured.out == f"ok {url} new=2 updated=0\n"
    assert captured.err.splitlines() == [f"nieuws-tui: new library at {path}", "nieuws-tui: interrupted after this run was stored"]
    monkeypatch.undo()
    assert len(Library(path).entries()) == 2


def test_a_second_stop_while_the_sources_done_are_committed_ends_the_fetch_once_they_are_stored(httpserver, tmp_path, monkeypatch, capsys):
    """Ctrl-C twice: the second, as the sources done were committed, undid them all, though their `ok` lines were said."""
    from feeds.store.writer import Writer
    from tui.cli import main

    httpserver.expect_request("/feed").respond_with_data(RSS2, content_type="application/rss+xml")
    add_records, commit = Writer.add_records, Writer.commit

    def stopped(writer, records):
        os.kill(os.getpid(), signal.SIGINT)  # the first stop: the source is stored, then the run ends
        return add_records(writer, records)

    def stopped_again(writer):
        os.kill(os.getpid(), signal.SIGTERM)  # the second, as the run's transaction is committed
        return commit(writer)

    monkeypatch.setattr(Writer, "add_records", stopped)
    monkeypatch.setattr(Writer, "commit", stopped_again)
    path, url = tmp_path / "library.sqlite", httpserver.url_for("/feed")
    assert main(["--db", str(path), "fetch", url]) == 143
    captured = capsys.readouterr()
    assert captured.out == f"ok {url} new=2 updated=0\n"
    assert captured.err.splitlines() == [f"nieuws-tui: new library at {path}", "nieuws-tui: interrupted after this run was stored"]
    monkeypatch.undo()
    assert len(Library(path).entries()) == 2


@pytest.mark.parametrize("url", ["ftp://nieuws.example/feed", "geen adres", "", "http://[::1"])
def test_a_url_that_is_no_web_address_is_refused_as_sources_add_refuses_it(url, tmp_path, library):
    save([], tmp_path / "config.toml")
    env = {**os.environ, "NIEUWS_TUI_CONFIG": str(tmp_path / "config.toml")}
    given = subprocess.run([*nieuws_tui_command(), "--db", str(tmp_path / "library.sqlite"), "fetch", url], capture_output=True, text=True, timeout=30, env=env)
    assert (given.returncode, given.stderr) == (2, f"nieuws-tui: error: {url or repr('')}: not an http(s) URL\n")
    # One written into config.toml by hand fails its source, said the same way, and is never requested.
    report = fetch(library, url)
    assert [r.error for r in report.results] == ["not an http(s) URL"] and report.requests == 0
