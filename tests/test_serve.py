"""The feed server, spoken to over real HTTP on 127.0.0.1."""

from __future__ import annotations

import contextlib
import gc
import gzip
import http.client
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

import feedparser
import pytest
from conftest import CAPTURED, ROOT, nieuws_tui_command
from feedkit import add_an_old_article, article, authorless_entries, authorless_library, request, running_server, settled_date
from lxml import etree
from pagekit import ArticlePage

from feeds import opml
from feeds.imports import import_paths
from feeds.language import choose_language
from feeds.library import Library
from feeds.out import served as served_record
from feeds.out import site as feed_site
from feeds.out.http_server import _not_modified
from feeds.out.served import MAX_ADDRESSES, MAX_RECORD
from feeds.out.site import FeedSite, Response
from feeds.store import database
from feeds.store.database import sqlite_sidecars


def test_opml_names_each_feed_as_the_feed_names_itself(seeded_library):
    """/opml named the whole library's feed "nieuws-tui — All news", where the feed says "nieuws-tui — all news"."""
    from lxml import etree

    with running_server(seeded_library) as server:
        outlines = etree.fromstring(request(server, "GET", "/opml")[2]).iter("outline")
        named = {outline.get("xmlUrl").removeprefix(server.url): outline.get("text") for outline in outlines}
        assert named.keys() == {"/feed.atom", "/sections/buitenland.atom"}
        for path, title in named.items():
            assert feedparser.parse(request(server, "GET", path)[2]).feed.title == title


def test_feeds_opml_and_index_are_served_with_their_types(seeded_library):
    with running_server(seeded_library) as server:
        for path, kind in (("/feed.atom", "application/atom+xml"), ("/feed.rss", "application/rss+xml"),
                           ("/sections/buitenland.atom", "application/atom+xml"), ("/sections/buitenland.rss", "application/rss+xml"),
                           ("/opml", "text/x-opml"), ("/", "text/html")):  # fmt: skip
            status, headers, body = request(server, "GET", path)
            assert status == 200, path
            assert headers["content-type"] == f"{kind}; charset=utf-8"
            assert headers["etag"] and headers["last-modified"]
            assert int(headers["content-length"]) == len(body)
        _, _, index = request(server, "GET", "/")
        assert b'href="/sections/buitenland.atom"' in index and b'href="/opml"' in index
        _, _, opml = request(server, "GET", "/opml")
        assert f"{server.url}/sections/buitenland.atom".encode() in opml
        parsed = feedparser.parse(request(server, "GET", "/sections/buitenland.rss")[2])
        assert parsed.bozo == 0 and len(parsed.entries) == 16
        assert parsed.feed.title == "nieuws-tui — Buitenland"


def test_the_served_atom_feed_names_an_author_for_every_entry_as_rfc_4287_requires(library_path):
    with running_server(authorless_library(library_path)) as server:
        status, _, body = request(server, "GET", "/feed.atom")
    feed = etree.fromstring(body)
    assert status == 200 and len(feed.findall("{http://www.w3.org/2005/Atom}entry")) == 2
    assert authorless_entries(feed) == []


def test_conditional_requests_get_304_without_a_body(seeded_library):
    with running_server(seeded_library) as server:
        _, headers, _ = request(server, "GET", "/feed.atom")
        status, again, body = request(server, "GET", "/feed.atom", {"If-None-Match": headers["etag"]})
        assert (status, body) == (304, b"")
        assert again["etag"] == headers["etag"]
        status, _, body = request(server, "GET", "/feed.atom", {"If-Modified-Since": settled_date(server, "/feed.atom")})
        assert (status, body) == (304, b"")
        status, _, _ = request(server, "GET", "/feed.atom", {"If-None-Match": '"something-else"'})
        assert status == 200
        status, _, _ = request(server, "GET", "/feed.atom", {"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})
        assert status == 200


def test_head_gives_the_headers_only_and_gzip_is_used_when_asked(seeded_library):
    with running_server(seeded_library) as server:
        _, plain_headers, plain = request(server, "GET", "/feed.rss")
        status, headers, body = request(server, "HEAD", "/feed.rss")
        assert (status, body) == (200, b"")
        assert headers["content-length"] == plain_headers["content-length"]
        status, headers, body = request(server, "GET", "/feed.rss", {"Accept-Encoding": "gzip, deflate"})
        assert headers["content-encoding"] == "gzip" and "accept-encoding" in headers["vary"].lower()
        assert gzip.decompress(body) == plain


def test_anything_unknown_is_404_and_paths_never_reach_the_disk(seeded_library):
    with running_server(seeded_library) as server:
        for path in ("/nope", "/feed.json", "/sections/sport.atom", "/../../etc/passwd", "/sections/../feed.atom",
                     "/sections/..%2f..%2fetc%2fpasswd.atom", "/%2e%2e/%2e%2e/etc/passwd", "//etc/passwd", "/seeds/",
                     "/sections/", "/feed.atom/", "/caf%C3%A9"):  # fmt: skip
            status, _, body = request(server, "GET", path)
            assert status == 404, path
            assert b"root:" not in body


def test_many_clients_at_once_and_one_that_leaves_mid_response(seeded_library):
    with running_server(seeded_library) as server:
        host, port = server.server_address[:2]
        quitter = socket.create_connection((host, port))
        quitter.sendall(b"GET /feed.atom HTTP/1.1\r\nHost: localhost\r\n\r\n")
        quitter.recv(10)
        quitter.close()
        settled_date(server, "/feed.atom")  # (a body made before the server's first second has passed is dated otherwise)
        with ThreadPoolExecutor(max_workers=50) as pool:
            results = list(pool.map(lambda n: request(server, "GET", ("/feed.atom", "/feed.rss", "/opml")[n % 3]), range(150)))
        assert {status for status, _, _ in results} == {200}
        assert len({body for status, _, body in results}) == 3


def test_what_another_process_imports_shows_up_in_the_next_response_and_nothing_is_written(seeded_library, tmp_path):
    def files() -> dict:
        # The database and the state; SQLite's -wal/-shm files are its readers' business.
        paths = [seeded_library.files.database, *seeded_library.files.state.iterdir()]
        return {p: (p.stat().st_mtime_ns, p.stat().st_size) for p in paths}

    with running_server(Library(seeded_library.path)) as server:
        first = feedparser.parse(request(server, "GET", "/feed.atom")[2])
        page = tmp_path / "goes.txt"
        page.write_text(ArticlePage("Nieuw zwembad in Goes", [("p", "GOES - De gemeente Goes opent een nieuw zwembad, het grootste van Zeeland.")], section="Zeeland").text())
        import_paths(Library(seeded_library.path), [page], CAPTURED)
        before = files()
        second = feedparser.parse(request(server, "GET", "/feed.atom")[2])
        assert len(second.entries) == len(first.entries) + 1
        assert request(server, "GET", "/sections/zeeland.rss")[0] == 200
        assert files() == before


def test_an_article_pruned_by_another_process_leaves_the_served_feeds_at_once(seeded_library):
    old, retention = add_an_old_article(seeded_library)
    with running_server(Library(seeded_library.path)) as server:
        before = feedparser.parse(request(server, "GET", "/feed.atom")[2])
        assert "Oud nieuws uit Goes" in [e.title for e in before.entries]
        assert Library(seeded_library.path).prune(retention) == 1
        after = feedparser.parse(request(server, "GET", "/feed.atom")[2])
        assert "Oud nieuws uit Goes" not in [e.title for e in after.entries] and len(after.entries) == len(before.entries) - 1


def test_the_validators_change_with_the_feed_when_an_article_is_pruned_too(seeded_library):
    # Pruning leaves the newest article's date as it was: the feed's Last-Modified cannot be that date.
    _old, retention = add_an_old_article(seeded_library)
    with running_server(Library(seeded_library.path)) as server:
        _, first, _ = request(server, "GET", "/feed.atom")
        assert Library(seeded_library.path).prune(retention) == 1
        for validator in ({"If-None-Match": first["etag"]}, {"If-Modified-Since": first["last-modified"]}):
            status, headers, body = request(server, "GET", "/feed.atom", validator)
            assert status == 200 and b"Oud nieuws uit Goes" not in body, validator
        assert headers["etag"] != first["etag"]
        assert parsedate_to_datetime(headers["last-modified"]) >= parsedate_to_datetime(first["last-modified"])
        assert request(server, "GET", "/feed.atom", {"If-None-Match": headers["etag"]})[0] == 304


@pytest.fixture
def clock(monkeypatch) -> list[datetime]:
    """The clock of the library's record of its changes, of the server and of the OPML it writes, as a list of the one
    time it says: set it to move it."""
    now = [datetime.now(timezone.utc)]

    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):
            return now[0].astimezone(tz)

    monkeypatch.setattr(feed_site, "datetime", Clock)
    monkeypatch.setattr(served_record, "datetime", Clock)
    monkeypatch.setattr(database, "datetime", Clock)
    monkeypatch.setattr(opml, "datetime", Clock)
    return now


def test_a_change_in_the_second_of_the_one_before_is_dated_in_a_later_second_given_out_once_it_has_come(seeded_library, clock, tmp_path):
    start = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(seconds=10)  # after the seeding, by the real clock
    clock[0] = start - timedelta(hours=1)  # the server starts: its answers are dated from the second after
    started = contextlib.ExitStack()
    server = started.enter_context(running_server(Library(seeded_library.path)))
    clock[0] = start + timedelta(seconds=0.1)  # HTTP dates are whole seconds
    _old, retention = add_an_old_article(seeded_library)

    def second(offset: int) -> str:
        return format_datetime(start + timedelta(seconds=offset), usegmt=True)

    def answer(since: str) -> tuple[int, str]:
        status, headers, _body = request(server, "GET", "/feed.atom", {"If-Modified-Since": since})
        return status, headers["last-modified"]

    with started:
        assert answer(second(0)) == (304, second(0))
        Library(seeded_library.path).prune(retention)
        clock[0] += timedelta(seconds=0.5)
        # Dated a second on, which has not come: until then dated now, and no date is taken for this body.
        assert answer(second(0)) == (200, second(0)) and answer(second(0)) == (200, second(0))
        clock[0] += timedelta(seconds=1)
        assert answer(second(0)) == (200, second(1))
        assert answer(second(1)) == (304, second(1))
        assert answer(second(2)) == (200, second(1))  # only the very date: a later one may be a client's own clock
        clock[0] += timedelta(minutes=5)
        seeded_library.set_state([seeded_library.entries()[0].id], read=True)  # a change of the library, not of the feed
        assert answer(second(1)) == (304, second(1))
        clock[0] = start - timedelta(hours=1)  # the clock set back: a change is still dated after the one before
        import_paths(Library(seeded_library.path), [seed_page(tmp_path, "Nieuw zwembad in Goes", "Zeeland")], CAPTURED)
        assert answer(second(1)) == (200, format_datetime(clock[0].replace(microsecond=0), usegmt=True))
        clock[0] = start + timedelta(seconds=2)
        assert answer(second(2)) == (304, second(2))


def test_a_restarted_server_answers_if_modified_since_for_an_unchanged_library_with_304(seeded_library, tmp_path):
    _old, retention = add_an_old_article(seeded_library)
    port = [0]  # a restarted server is at the address of the one before: its feeds are the same

    def first_run() -> str:
        """The Last-Modified of /feed.atom, once a 304 is given for it (a change is dated in a second of its own, given out once it has come)."""
        with running_server(Library(seeded_library.path), port=port[0]) as server:
            port[0] = server.server_address[1]
            date = settled_date(server, "/feed.atom")
        while datetime.now(timezone.utc) < parsedate_to_datetime(date) + timedelta(seconds=1):  # a later second than the date
            time.sleep(0.05)
        return date

    def second_run(date: str) -> tuple[int, bytes]:
        with running_server(Library(seeded_library.path), port=port[0]) as server:
            status, headers, body = request(server, "GET", "/feed.atom", {"If-Modified-Since": date})
            assert headers["last-modified"] == date or status == 200
            return status, body

    assert second_run(first_run()) == (304, b"")
    date = first_run()
    import_paths(Library(seeded_library.path), [seed_page(tmp_path, "Nieuw zwembad in Goes", "Zeeland")], CAPTURED)
    status, body = second_run(date)
    assert status == 200 and b"Nieuw zwembad in Goes" in body
    date = first_run()
    assert Library(seeded_library.path).prune(retention) == 1
    status, body = second_run(date)
    assert status == 200 and b"Oud nieuws uit Goes" not in body


@pytest.mark.parametrize(
    "older_version",
    [
        "UPDATE meta SET value = value + 1 WHERE key = 'seq'",  # stored an article, and left the record of the change before
        "DELETE FROM meta WHERE key = 'changed'",  # made the library, or wrote it before there was a record
    ],
)
def test_a_change_in_the_second_a_library_written_by_an_older_version_was_dated_by_its_files_is_dated_after_it(seeded_library, clock, tmp_path, older_version):
    with closing(sqlite3.connect(seeded_library.files.database)) as connection, connection:
        connection.execute(older_version)
    files_date = Library(seeded_library.path).changed().replace(microsecond=0)
    clock[0] = files_date - timedelta(hours=1)  # the server starts: its answers are dated from the second after
    with running_server(Library(seeded_library.path)) as server:
        clock[0] = files_date + timedelta(seconds=0.5)
        given = format_datetime(files_date, usegmt=True)
        assert request(server, "GET", "/feed.atom", {"If-Modified-Since": given})[0] == 304
        import_paths(Library(seeded_library.path), [seed_page(tmp_path, "Nieuw zwembad in Goes", "Zeeland")], CAPTURED)
        status, headers, body = request(server, "GET", "/feed.atom", {"If-Modified-Since": given})
        assert status == 200 and b"Nieuw zwembad in Goes" in body
        clock[0] += timedelta(seconds=1)
        status, headers, _body = request(server, "GET", "/feed.atom", {"If-Modified-Since": given})
        assert status == 200 and parsedate_to_datetime(headers["last-modified"]) > files_date


def test_the_first_change_of_a_new_library_is_dated_after_the_date_given_to_the_empty_library(library_path, clock, tmp_path):
    Library(library_path).begin().commit()  # made, with nothing in it
    empty_date = Library(library_path).changed().replace(microsecond=0)
    clock[0] = empty_date - timedelta(hours=1)  # the server starts: its answers are dated from the second after
    with running_server(Library(library_path)) as server:
        clock[0] = empty_date + timedelta(seconds=0.5)
        given = format_datetime(empty_date, usegmt=True)
        assert request(server, "GET", "/feed.atom", {"If-Modified-Since": given})[0] == 304
        import_paths(Library(library_path), [seed_page(tmp_path, "Nieuw zwembad in Goes", "Zeeland")], CAPTURED)
        status, _headers, body = request(server, "GET", "/feed.atom", {"If-Modified-Since": given})
        assert status == 200 and b"Nieuw zwembad in Goes" in body


def test_each_feed_is_dated_by_the_last_change_of_what_it_holds(seeded_library, clock, tmp_path):
    start = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(seconds=10)  # after the seeding, by the real clock
    clock[0] = start - timedelta(hours=1)  # the server starts an hour before the changes it dates

    def second(offset: int) -> str:
        return format_datetime(start + timedelta(seconds=offset), usegmt=True)

    def dates() -> dict[str, str]:
        return {path: request(server, "GET", path)[1]["last-modified"] for path in PATHS}

    def since(path: str, date: str) -> int:
        return request(server, "GET", path, {"If-Modified-Since": date})[0]

    PATHS = ["/feed.atom", "/feed.rss", "/sections/buitenland.atom", "/sections/zeeland.rss", "/opml", "/"]
    for folder in "123":
        (tmp_path / folder).mkdir()
    with running_server(Library(seeded_library.path)) as server:
        clock[0] = start + timedelta(seconds=0.1)
        import_paths(Library(seeded_library.path), [seed_page(tmp_path / "1", "Nieuw zwembad in Goes", "Zeeland")], CAPTURED)
        assert dates() == dict.fromkeys(PATHS, second(0))
        tags = {path: request(server, "GET", path)[1]["etag"] for path in PATHS}
        clock[0] += timedelta(seconds=5)
        import_paths(Library(seeded_library.path), [seed_page(tmp_path / "2", "Brug in Goes dicht", "Zeeland")], CAPTURED)
        changed = {"/feed.atom": second(5), "/feed.rss": second(5), "/sections/zeeland.rss": second(5)}
        assert dates() == {**dict.fromkeys(PATHS, second(0)), **changed}  # Buitenland, the OPML and the index are as they were
        assert {path: since(path, second(0)) for path in PATHS} == {**dict.fromkeys(PATHS, 304), **dict.fromkeys(changed, 200)}
        assert all((request(server, "GET", path)[1]["etag"] == tags[path]) == (path not in changed) for path in PATHS)
        clock[0] += timedelta(seconds=5)
        import_paths(Library(seeded_library.path), [seed_page(tmp_path / "3", "Uitslag in Goes", "Sport")], CAPTURED)
        assert dates() == {**dict.fromkeys(PATHS, second(10)), "/sections/buitenland.atom": second(0), "/sections/zeeland.rss": second(5)}
        assert since("/sections/zeeland.rss", second(5)) == since("/sections/buitenland.atom", second(0)) == 304


def test_a_change_of_language_address_or_version_dates_every_answer_anew(seeded_library, clock, monkeypatch):
    """What the library does not hold changes the bodies too: a client that asks by date alone must get them."""
    moment = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(seconds=10)  # after the seeding, by the real clock

    def served(address: str = "http://127.0.0.1:8080") -> dict[str, Response]:
        """Each path as a server started now at `address` answers it a minute later."""
        clock[0] += timedelta(minutes=1)
        site = FeedSite(Library(seeded_library.path), address)
        clock[0] += timedelta(minutes=1)
        return {path: site.answer(path) for path in ("/feed.atom", "/sections/buitenland.rss", "/opml", "/")}

    def by_date(before: dict[str, Response], after: dict[str, Response]) -> dict[str, bool]:
        """By path, whether a client that has `before` gets a 304 for it from `after`, asking by date alone; asking by
        ETag, it gets one when the body is the same (the index holds no address)."""
        assert all(_not_modified({"if-none-match": before[p].etag}, after[p]) == (before[p].body == after[p].body) for p in before)
        return {path: _not_modified({"if-modified-since": format_datetime(before[path].last_modified, usegmt=True)}, after[path]) for path in before}

    clock[0] = moment
    first = served()
    assert by_date(first, served()) == dict.fromkeys(first, True)  # served as before: the same dates, a restart or not
    choose_language({"LANG": "nl_NL.UTF-8"})
    dutch = served()
    assert by_date(first, dutch) == dict.fromkeys(first, False) and b"Al het nieuws" in dutch["/"].body
    elsewhere = served("http://192.0.2.7:8080")
    assert by_date(dutch, elsewhere) == dict.fromkeys(first, False) and b"http://192.0.2.7:8080/feed.atom" in elsewhere["/feed.atom"].body
    version = feed_site.__version__
    monkeypatch.setattr(feed_site, "__version__", "99.0")
    moved = served("http://192.0.2.7:8080")
    assert by_date(elsewhere, moved) == dict.fromkeys(first, False)
    assert by_date(moved, served("http://192.0.2.7:8080")) == dict.fromkeys(first, True)
    monkeypatch.setattr(feed_site, "__version__", version)
    choose_language({"LANG": "en_GB.UTF-8"})
    back = served()  # as the first time, but after others: a client may hold any of theirs
    assert all(b.last_modified > m.last_modified for b, m in zip(back.values(), moved.values(), strict=True))


def test_a_damaged_or_unwritable_record_of_how_a_library_was_served_dates_the_answers_anew(seeded_library, clock):
    from feeds.paths import served_path

    clock[0] = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(seconds=10)
    record = served_path(seeded_library.files.database, ADDRESS)
    record.parent.mkdir(parents=True)
    record.write_text('{"context": {"language": "en"', encoding="utf-8")
    warnings: list[str] = []
    site = FeedSite(Library(seeded_library.path), "http://127.0.0.1:8080", warn=warnings.append)
    assert site.answer("/feed.atom").last_modified == clock[0] and not site.answer("/feed.atom").settled  # from the next second
    assert warnings == [] and json.loads(record.read_text(encoding="utf-8"))["since"] == (clock[0] + timedelta(seconds=1)).isoformat()
    record.unlink()
    record.parent.rmdir()
    record.parent.write_text("a file where the folder of records was", encoding="utf-8")
    clock[0] += timedelta(minutes=1)
    unwritable = FeedSite(Library(seeded_library.path), "http://127.0.0.1:9090", warn=warnings.append)
    elsewhere = served_path(seeded_library.files.database, "http://127.0.0.1:9090")
    assert len(warnings) == 1 and warnings[0].startswith(f"{elsewhere}: cannot write") and "asks by date alone" in warnings[0]
    clock[0] += timedelta(seconds=2)
    assert all(unwritable.answer(path).settled for path in ("/feed.atom", "/opml"))  # dates given out, none recorded: said once
    assert len(warnings) == 2 and warnings[1].startswith(f"{elsewhere}: cannot write") and "restarted server" in warnings[1]


def test_an_answer_made_while_another_process_stores_an_article_is_no_304_for_the_feed_before_it(seeded_library, clock, tmp_path, monkeypatch):
    """The cache is emptied when the library changes (a mark will do), and the date of the library read before the
    answer is made anew. An article stored by another process while it is made is in the new body, which was dated
    as the library was before it and kept: a client that has the feed without the article got a 304 for it,
    and kept getting one while the article's feed stayed as it was."""
    start = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(seconds=10)  # after the seeding, by the real clock
    clock[0] = start - timedelta(hours=1)
    site = FeedSite(Library(seeded_library.path), "http://127.0.0.1:8080")
    clock[0] = start
    before = site.answer("/feed.atom")
    assert before.settled
    client_has = {"if-modified-since": format_datetime(before.last_modified, usegmt=True)}
    assert _not_modified(client_has, before)
    seeded_library.set_state([seeded_library.entries()[0].id], read=True)  # a change of the library, not of its feeds
    select = site.open_library().select

    def select_while_another_process_stores(*args, **kwargs):
        monkeypatch.setattr(site.open_library(), "select", select)
        clock[0] += timedelta(seconds=5)
        storing = threading.Thread(target=import_paths, args=(Library(seeded_library.path), [seed_page(tmp_path, "Nieuw zwembad in Goes", "Zeeland")], CAPTURED))
        storing.start()
        storing.join()
        return select(*args, **kwargs)

    monkeypatch.setattr(site.open_library(), "select", select_while_another_process_stores)
    during = site.answer("/feed.atom")
    assert b"Nieuw zwembad in Goes" in during.body and not _not_modified(client_has, during)
    clock[0] += timedelta(seconds=5)
    after = site.answer("/feed.atom")
    assert after.body == during.body and not _not_modified(client_has, after)
    assert _not_modified({"if-modified-since": format_datetime(after.last_modified, usegmt=True)}, after)


def test_the_date_of_an_answer_made_while_another_process_stores_an_article_is_no_304_for_the_feed_with_it(seeded_library, clock, tmp_path, monkeypatch):
    """The article is stored after the answer read the articles: its body is the one before, given out with a date.
    The change is dated in the same second: that date must not get the client a 304 for the body with the article."""
    start = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(seconds=10)  # after the seeding, by the real clock
    clock[0] = start - timedelta(hours=1)
    site = FeedSite(Library(seeded_library.path), "http://127.0.0.1:8080")
    clock[0] = start + timedelta(seconds=0.1)
    select = site.open_library().select

    def select_then_another_process_stores(*args, **kwargs):
        monkeypatch.setattr(site.open_library(), "select", select)
        selected = select(*args, **kwargs)
        storing = threading.Thread(target=import_paths, args=(Library(seeded_library.path), [seed_page(tmp_path, "Nieuw zwembad in Goes", "Zeeland")], CAPTURED))
        storing.start()
        storing.join()
        return selected

    monkeypatch.setattr(site.open_library(), "select", select_then_another_process_stores)
    during = site.answer("/feed.atom")
    assert b"Nieuw zwembad in Goes" not in during.body
    after = site.answer("/feed.atom")
    assert b"Nieuw zwembad in Goes" in after.body
    assert not _not_modified({"if-modified-since": format_datetime(during.last_modified, usegmt=True)}, after)


def test_a_change_in_the_second_a_new_server_dates_its_first_answers_by_is_no_304_for_the_answers_before_it(seeded_library, clock, tmp_path):
    start = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(seconds=10)  # after the seeding, by the real clock
    clock[0] = start - timedelta(seconds=0.9)  # the server starts: its answers are dated from `start`
    site = FeedSite(Library(seeded_library.path), "http://127.0.0.1:8080")
    clock[0] = start + timedelta(seconds=0.1)
    before = site.answer("/feed.atom")
    assert before.settled and before.last_modified == start
    clock[0] = start + timedelta(seconds=0.5)
    import_paths(Library(seeded_library.path), [seed_page(tmp_path, "Nieuw zwembad in Goes", "Zeeland")], CAPTURED)
    for moment in (0.6, 1.1):
        clock[0] = start + timedelta(seconds=moment)
        after = site.answer("/feed.atom")
        assert b"Nieuw zwembad in Goes" in after.body
        assert not _not_modified({"if-modified-since": format_datetime(before.last_modified, usegmt=True)}, after)


def seed_page(folder: Path, title: str, section: str) -> Path:
    """A page of one article, written in `folder`."""
    page = folder / "page.txt"
    page.write_text(ArticlePage(title, [("p", f"GOES - {title}: een bericht uit {section}.")], section=section).text())
    return page


def _serve(db, *args) -> subprocess.Popen:
    return subprocess.Popen(
        [*nieuws_tui_command(), "--db", str(db), "serve", "--port", "0", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _refused(process: subprocess.Popen, timeout: float = 30) -> str:
    """What a serve that is to end by itself said on standard error; killed if it runs on, not left serving."""
    try:
        return process.communicate(timeout=timeout)[1]
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


def _wait_for_line(stream, text: str, timeout: float = 15) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = stream.readline()
        if text in line:
            return line
    raise AssertionError(f"{text!r} never printed")


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_ctrl_c_and_sigterm_stop_the_server_cleanly(seeded_library, stop):
    """SIGTERM (systemd's stop, `kill`) ended the server as it stood, with no word; it stops as at Ctrl-C."""
    process = _serve(seeded_library.path)
    try:
        line = _wait_for_line(process.stderr, "serving")
        url = line.split(" at ")[1].split("/ ")[0]
        host, port = url.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        connection.request("GET", "/feed.atom")
        response = connection.getresponse()
        assert response.status == 200
        response.read()  # the connection stays open, idle: Ctrl-C ends it without an error said
        process.send_signal(stop)
        assert process.wait(timeout=10) == 0
        rest = process.stderr.read()
        assert "stopped" in rest and "Traceback" not in rest and "error" not in rest
    finally:
        if process.poll() is None:
            process.kill()


def test_a_damaged_library_is_served_with_a_503_that_says_why_until_it_is_repaired(seeded_library):
    """serve refused to start on it: a service started at boot stayed down after the library was repaired."""
    seeded_library.close()  # its articles written into the file itself, as a library at rest holds them
    database = seeded_library.files.database
    whole = database.read_bytes()
    database.write_bytes(whole[:16] + b"\xff" * 84 + whole[100:])  # past "SQLite format 3\0": a database still, its header damaged
    process = _serve(seeded_library.path)
    try:
        warning = _wait_for_line(process.stderr, "warning")
        assert str(database) in warning and "503" in warning
        host, port = _wait_for_line(process.stderr, "serving").split(" at http://")[1].split("/ ")[0].split(":")

        def get(path: str) -> tuple[int, bytes]:
            with closing(http.client.HTTPConnection(host, int(port), timeout=10)) as connection:
                connection.request("GET", path)
                response = connection.getresponse()
                return response.status, response.read()

        for path in ("/feed.atom", "/opml", "/feed.atom"):
            status, body = get(path)
            assert status == 503 and str(database).encode() in body and body.count(b"\n") == 1, body
        database.write_bytes(whole)  # put back from a backup
        assert get("/feed.atom")[0] == 200
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0
        rest = process.stderr.read()
        assert "stopped" in rest and "warning" not in rest  # the problem said as it starts; the log has each request's 503
    finally:
        if process.poll() is None:
            process.kill()


def test_a_backup_put_back_while_serving_is_served_as_it_is_and_never_written_over(seeded_library, tmp_path):
    """serve closed its connections to read a file put back, and SQLite, closing the last one, copied the log of
    what was stored since (still in serve's hands) into the backup: the articles the user restored away came back."""
    seeded_library.close()
    database = seeded_library.files.database
    backup = database.read_bytes()
    with running_server(seeded_library.path) as server:
        assert request(server, "GET", "/feed.atom")[0] == 200
        stored = subprocess.run(
            [*nieuws_tui_command(), "--db", str(database), "import", str(seed_page(tmp_path, "Nieuw zwembad in Goes", "Zeeland"))],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert stored.returncode == 0, stored.stderr
        assert sqlite_sidecars(database)[0].stat().st_size > 0  # still in the log: serve's connection kept it there
        assert b"Nieuw zwembad in Goes" in request(server, "GET", "/feed.atom")[2]
        database.write_bytes(backup)  # put back in place, as cp does, and the log that went with the other removed
        for sidecar in sqlite_sidecars(database):
            sidecar.unlink(missing_ok=True)
        status, _headers, body = request(server, "GET", "/feed.atom")
        assert status == 200 and b"Nieuw zwembad in Goes" not in body
    assert database.read_bytes() == backup


def test_an_older_library_put_back_while_serving_is_answered_503_until_a_command_brings_it_up_to_date(seeded_library, tmp_path):
    """The file put back was only read again, not opened again: an older one was served unchecked, as it was (a
    library of before passwords were taken out of addresses with them), or answered with SQLite's own words."""
    from test_store import v3_library

    from feeds.errors import StorageError

    seeded_library.close()
    database = seeded_library.files.database
    site = feed_site.FeedSite(database, "http://127.0.0.1:8080")
    assert site.answer("/feed.atom").body.count(b"<entry>") == 16
    database.write_bytes(v3_library(tmp_path).read_bytes())  # put back in place, as cp does
    for sidecar in sqlite_sidecars(database):
        sidecar.unlink(missing_ok=True)
    for _ in range(2):
        with pytest.raises(StorageError, match="made by an older nieuws-tui .*any nieuws-tui command, or serve started again, brings it up to date"):
            site.answer("/feed.atom")
    Library(database).close()  # any command: brought up to date
    assert site.answer("/feed.atom").body.count(b"<entry>") > 0


def test_a_library_read_only_writes_nothing_and_says_what_brings_it_up_to_date(tmp_path):
    """serve reads the library read-only: marks of the layout before were regrouped by it all the same, and a v1
    library not moved yet was served as an empty one."""
    import shutil

    from test_store import state32_library, v1_library

    from feeds.errors import StorageError

    path = state32_library(tmp_path / "a")
    marks = path.with_name("library.state")
    shutil.copytree(marks, tmp_path / "old-marks")
    Library(path).close()  # the database brought up to date, and then marks put back from before
    shutil.rmtree(marks)
    shutil.copytree(tmp_path / "old-marks", marks)
    before = sorted(file.name for file in marks.iterdir())
    with pytest.raises(StorageError, match="kept by an older nieuws-tui; any nieuws-tui command, or serve started again, brings them up to date"):
        Library(path, read_only=True)
    assert sorted(file.name for file in marks.iterdir()) == before
    v1 = v1_library(tmp_path / "b")
    with pytest.raises(StorageError, match="not moved yet; any nieuws-tui command, or serve started again, moves it"):
        Library(v1, read_only=True)
    assert sorted(file.name for file in v1.parent.iterdir()) == sorted(file.name for file in (ROOT / "tests" / "fixtures" / "v1-library").iterdir())


def test_a_damaged_v1_library_served_is_answered_503_naming_the_damage_and_check_repair(tmp_path):
    """Each answer said "any nieuws-tui command, or serve started again, moves it": each stops at the damage."""
    from test_store import v1_library

    from feeds.errors import StorageError

    catalog = v1_library(tmp_path)
    shard = catalog.with_name("library.json.d") / "state-08.json"
    shard.write_bytes(b"garbage")
    site = FeedSite(catalog.with_name("library.sqlite"), "http://127.0.0.1:1")
    with pytest.raises(StorageError) as refused:
        site.answer("/feed.atom")
    assert str(refused.value).startswith(f"{shard}: ") and "or run `nieuws-tui check --repair` to migrate what can be read" in str(refused.value)
    assert "moves it" not in str(refused.value) and shard.read_bytes() == b"garbage"


def test_a_damaged_v1_library_served_is_read_again_only_once_its_files_change(tmp_path, monkeypatch):
    """Each answer read the whole v1 library again, only to answer the same 503: a client polling every few seconds
    cost a full read of it each time."""
    from test_store import FIXTURE, v1_library

    from feeds.errors import StorageError
    from feeds.store import migrate

    catalog = v1_library(tmp_path)
    shard = catalog.with_name("library.json.d") / "articles-08.json"
    shard.write_bytes(b"garbage")
    reads: list[Path] = []
    read_json = migrate.read_json
    monkeypatch.setattr(migrate, "read_json", lambda path, *args: reads.append(path) or read_json(path, *args))
    site = FeedSite(catalog.with_name("library.sqlite"), "http://127.0.0.1:1")
    said = []
    for _answer in range(3):
        with pytest.raises(StorageError) as refused:
            site.answer("/feed.atom")
        said.append(str(refused.value))
        if _answer == 0:
            once = len(reads)
    assert once > 1 and len(reads) == once, reads  # the files as they were: not read again
    assert said[0].startswith(f"{shard}: ") and said.count(said[0]) == 3
    shutil.copy(FIXTURE / "library.json.d" / "articles-08.json", shard)  # put back: read again, and said as it is now
    with pytest.raises(StorageError, match="a library of an earlier nieuws-tui, not moved yet"):
        site.answer("/feed.atom")
    assert len(reads) > once


def test_a_v1_library_served_whose_file_could_not_be_read_is_read_again_at_the_next_answer(tmp_path, monkeypatch):
    """A refusal was kept until the v1 files changed, that of a file that could not be read (permissions, the disk)
    too, which is no damage: a chmod that lets it be read changes no file's inode, time of change or size, and
    serve answered 503 until it was restarted. What the files hold (not moved yet) is still said without a read."""
    import errno

    from test_store import v1_library

    from feeds.errors import StorageError

    catalog = v1_library(tmp_path)
    shard = catalog.with_name("library.json.d") / "articles-08.json"
    denied: list[Path] = []
    reads: list[Path] = []
    read_bytes = Path.read_bytes

    def denied_once(path: Path) -> bytes:
        reads.append(path)
        if path == shard and not denied:
            denied.append(path)
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", denied_once)
    site = FeedSite(catalog.with_name("library.sqlite"), "http://127.0.0.1:1")
    with pytest.raises(StorageError, match=f"^{shard}: cannot read "):
        site.answer("/feed.atom")
    for _answer in range(2):
        with pytest.raises(StorageError, match="a library of an earlier nieuws-tui, not moved yet"):
            site.answer("/feed.atom")
        if _answer == 0:
            once = len(reads)
    assert len(reads) == once  # what the files hold: said again without reading them


def test_serve_says_it_moves_a_v1_library_once_as_it_starts_and_names_the_file_it_serves(tmp_path, monkeypatch, capsys):
    """serve named the library.json it had just moved aside as what it served."""
    from test_store import v1_library

    from feeds import FeedServer
    from tui.cli import main

    catalog = v1_library(tmp_path)
    database = catalog.with_name("library.sqlite")
    monkeypatch.setattr(FeedServer, "serve_forever", lambda server: _raise(KeyboardInterrupt()))
    assert main(["serve", "--db", str(catalog), "--port", "0"]) == 0
    moved, serving, stopped = capsys.readouterr().err.splitlines()
    assert moved == f"nieuws-tui: {catalog}: moving the v1 library into {database}, once; its files go to {tmp_path / 'data' / 'library.v1-backup'}"
    assert serving.startswith(f"nieuws-tui: serving {database} at http://127.0.0.1:") and stopped == "nieuws-tui: stopped"
    assert len(Library(database, read_only=True).entries()) == 16


def test_serve_refuses_a_database_of_another_program_as_every_command_does(tmp_path):
    """A damaged library is served 503 until it is repaired; newsboat's cache.db, named by mistake, never becomes one."""
    cache = tmp_path / "cache.db"
    with closing(sqlite3.connect(cache)) as newsboat, newsboat:
        newsboat.execute("CREATE TABLE rss_feed (rssurl TEXT)")
    process = _serve(cache)
    stderr = _refused(process)
    assert (process.returncode, stderr) == (2, f"nieuws-tui: error: {cache}: not a nieuws-tui library; left untouched\n")


@pytest.mark.parametrize("text", ['max-size = 5\n\n[sources]\nbron = "https://nos.nl/rss"\n', "https://nos.nl/rss\n" * 5000], ids=["a-config-toml", "a-long-list-of-addresses"])
def test_serve_refuses_a_file_that_is_no_database_at_all_with_the_line_every_command_says(cli, tmp_path, text):
    """`serve --db config.toml` started and answered every request 503, waiting for a library no repair would make
    of it, where every other command refused the file in one line. (A library whose first page is damaged is served
    503 until it is restored: test_a_damaged_library_is_served_with_a_503_that_says_why_until_it_is_repaired.)"""
    named = tmp_path / "config.toml"
    named.write_text(text, encoding="utf-8")
    listed = cli("--db", str(named), "list")
    process = _serve(named)
    stderr = _refused(process)
    assert (process.returncode, stderr) == (listed.returncode, listed.stderr) == (
        2,
        f"nieuws-tui: error: {named}: not a library database, or damaged from its first page on (file is not a database); "
        "left untouched — restore it from a backup, or move it aside to start a new library\n",
    )
    assert named.read_text(encoding="utf-8") == text


PNG = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89" * 40


@pytest.mark.parametrize("content", [PNG, "max-size = 5\n".encode("utf-16"), b"\x89P", b"max-size = 5\n"], ids=["a-picture", "a-utf-16-text", "a-few-bytes", "a-config-toml"])
def test_every_command_and_serve_refuse_a_file_that_does_not_begin_as_a_database_in_the_line_a_text_file_gets(cli, tmp_path, content):
    """`--db` naming a picture or a text in UTF-16 (NUL bytes in both): serve started and answered every request 503,
    waiting for a library no repair would make of it, as for a damaged one; a file of a few bytes, which SQLite takes
    for an empty database, was said as "not a nieuws-tui library". Only a file that begins as a database is one."""
    named = tmp_path / "library.sqlite"
    named.write_bytes(content)
    said = (f"nieuws-tui: error: {named}: not a library database, or damaged from its first page on (file is not a database); "
            "left untouched — restore it from a backup, or move it aside to start a new library\n")  # fmt: skip
    process = _serve(named)
    assert (_refused(process), process.returncode) == (said, 2)
    for command in (["list"], ["export"], ["mark", "read", "abc"], ["check"], ["check", "--repair"]):
        result = cli("--db", str(named), *command)
        assert (result.returncode, result.stdout, result.stderr) == (1 if command[0] == "check" else 2, "", said), command
    assert named.read_bytes() == content and sorted(path.name for path in tmp_path.iterdir()) == ["library.sqlite"]


@pytest.mark.parametrize("name", ["leeg.sqlite", "library.lock"])
def test_an_empty_file_named_as_the_library_is_said_to_be_none_not_a_damaged_one_by_every_command(cli, tmp_path, name):
    """`--db library.lock` (the library's own lock file) or another empty file named by mistake was "empty file; the
    library is damaged — restore it from a backup", which alarmed a user who had only named the wrong file; serve
    waited for it, answering 503. check --repair made a folder of marks beside it, "made anew; no article is read or
    starred any more", before the error that it is empty."""
    named = tmp_path / name
    named.touch()
    said = f"nieuws-tui: error: {named}: an empty file, not a nieuws-tui library (or one emptied: restore it from a backup); left untouched — name the library's file, or move this one aside to start a new library\n"
    assert (_refused(_serve(named)), named.read_bytes()) == (said, b"")
    for command in (["list"], ["export"], ["check"], ["check", "--repair"]):
        result = cli("--db", str(named), *command)
        assert (result.returncode, result.stdout, result.stderr) == (1 if command[0] == "check" else 2, "", said), command
    assert sorted(path.name for path in tmp_path.iterdir()) == [name] and named.read_bytes() == b""


def test_check_repair_of_another_programs_database_makes_no_marks_folder_beside_it(cli, tmp_path):
    """newsboat's cache.db named as the library: check --repair made `cache.db.state` beside it, "made anew; no article
    is read or starred any more", and then said it was no nieuws-tui library."""
    named = tmp_path / "cache.db"
    with closing(sqlite3.connect(named)) as database:
        database.execute("CREATE TABLE rss_feed (rssurl VARCHAR(1024) PRIMARY KEY NOT NULL)")
        database.commit()
    result = cli("--db", str(named), "check", "--repair")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f"nieuws-tui: error: {named}: not a nieuws-tui library; left untouched\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["cache.db"]


def test_a_port_in_use_is_said_in_one_plain_line(seeded_library):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process = _serve(seeded_library.path, "--port", str(port))
        stderr = _refused(process)
    assert process.returncode == 1
    assert stderr.strip().splitlines()[-1] == f"nieuws-tui: error: cannot listen on 127.0.0.1:{port}: Address already in use"


def test_listening_beyond_loopback_warns_once_it_listens(seeded_library, monkeypatch, capsys):
    import tui.commands.serve as serve_command
    from feeds import FeedServer
    from tui.cli import main

    # Tests listen on 127.0.0.1 only: here it stands for an address beyond loopback.
    monkeypatch.setattr(serve_command, "is_loopback_host", lambda host: False)
    listening = []
    monkeypatch.setattr(FeedServer, "serve_forever", lambda server: listening.append(server.server_address) or _raise(KeyboardInterrupt()))
    assert main(["serve", "--db", str(seeded_library.path), "--port", "0"]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert listening and "serving on 127.0.0.1, reachable from other machines" in lines[0] and lines[1].startswith("nieuws-tui: serving ")


def _raise(error: BaseException) -> None:
    raise error


def test_a_bind_that_fails_beyond_loopback_says_only_that(seeded_library):
    # 192.0.2.1 is a documentation address no machine has: the bind fails, and nothing listens beyond 127.0.0.1.
    process = _serve(seeded_library.path, "--host", "192.0.2.1")
    stderr = _refused(process)
    assert process.returncode == 1
    [line] = stderr.strip().splitlines()  # no warning of a server reachable from other machines: there is none
    assert line.startswith("nieuws-tui: error: cannot listen on 192.0.2.1:0: ")


@pytest.mark.parametrize("moment", ["right after the line", "before the server's loop runs"])
def test_a_ctrl_c_right_after_the_serving_line_stops_the_server_as_one_later_does(seeded_library, capsys, monkeypatch, moment):
    import tui.commands.serve
    from feeds.out.http_server import FeedServer
    from tui.cli import main

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    if moment == "right after the line":
        said = tui.commands.serve.note
        monkeypatch.setattr(tui.commands.serve, "note", lambda message: said(message) or ("serving" in message and interrupt()))
    else:  # as the loop is about to take Ctrl-C over
        import asyncio.unix_events

        monkeypatch.setattr(asyncio.unix_events._UnixSelectorEventLoop, "add_signal_handler", interrupt)
    monkeypatch.setattr(FeedServer, "server_close", lambda server, close=FeedServer.server_close: (close(server), gc.collect()))  # a task left pending says so
    assert main(["--db", str(seeded_library.path), "serve", "--port", "0"]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(" ")[1] for line in lines] == ["serving", "stopped"], lines


def test_the_record_of_how_a_library_was_served_is_kept_beside_the_apps_state_where_nieuws_tui_state_puts_it(seeded_library, monkeypatch, tmp_path):
    from feeds.paths import served_path

    monkeypatch.setenv("NIEUWS_TUI_STATE", str(tmp_path / "elders" / "app.json"))
    FeedSite(Library(seeded_library.path), "http://127.0.0.1:8080")
    assert served_path(seeded_library.files.database, ADDRESS).parent.parent == tmp_path / "elders" / "served"
    assert list((tmp_path / "elders").rglob("*.json")) == [served_path(seeded_library.files.database, ADDRESS)]


# -- the record of how a library was served, across restarts ----------------------------------------

ADDRESS = "http://127.0.0.1:8080"


def _answers(library_path: Path, paths: list[str], clock: list[datetime]) -> dict[str, Response]:
    """Each path as a server started now answers it a second later (the first server's answers are dated from the second after it starts)."""
    site = FeedSite(Library(library_path), ADDRESS)
    clock[0] += timedelta(seconds=1)
    return {path: site.answer(path) for path in paths}


def test_a_restarted_server_dates_each_feed_by_the_date_it_was_given_out_with_not_by_the_last_change(seeded_library, clock, tmp_path):
    """Else every restart dates every feed anew, and each client that asks by date downloads them all again."""
    start = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(seconds=10)  # after the seeding, by the real clock
    clock[0] = start - timedelta(hours=1)
    FeedSite(Library(seeded_library.path), ADDRESS)  # the first server: answers dated from the second after
    for minutes, folder in enumerate("12"):
        (tmp_path / folder).mkdir()
        clock[0] = start + timedelta(minutes=minutes)
        import_paths(Library(seeded_library.path), [seed_page(tmp_path / folder, f"Nieuw zwembad in Goes {folder}", "Zeeland")], CAPTURED)
        clock[0] += timedelta(seconds=1)
        given = _answers(seeded_library.path, ["/feed.atom", "/sections/buitenland.atom", "/opml"], clock)  # a restart after each change
        assert all(response.settled for response in given.values())
    assert {path: response.last_modified for path, response in given.items()} == {
        "/feed.atom": start + timedelta(minutes=1),
        "/sections/buitenland.atom": start,  # given out with this body after the first change, as the OPML
        "/opml": start,
    }
    by_date = {path: {"if-modified-since": format_datetime(response.last_modified, usegmt=True)} for path, response in given.items()}
    clock[0] += timedelta(minutes=5)
    assert all(_not_modified(by_date[path], response) for path, response in _answers(seeded_library.path, list(given), clock).items())


def test_a_record_of_how_a_library_was_served_dated_in_the_future_is_taken_for_damage(seeded_library, clock):
    """By it, no answer would be dated by a second that has come: no client would get a 304 by date."""
    from feeds.paths import served_path

    clock[0] = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(seconds=10)
    FeedSite(Library(seeded_library.path), ADDRESS)
    record = served_path(seeded_library.files.database, ADDRESS)
    damaged = json.loads(record.read_text(encoding="utf-8"))
    damaged["since"] = (clock[0] + timedelta(days=365)).isoformat()
    record.write_text(json.dumps(damaged), encoding="utf-8")
    site = FeedSite(Library(seeded_library.path), ADDRESS)
    clock[0] += timedelta(seconds=2)
    answer = site.answer("/feed.atom")
    assert answer.settled and _not_modified({"if-modified-since": format_datetime(answer.last_modified, usegmt=True)}, answer)
    assert json.loads(record.read_text(encoding="utf-8"))["since"] != damaged["since"]  # written anew


def test_two_servers_of_one_library_at_two_addresses_at_once_each_keep_the_record_of_their_own(seeded_library, clock):
    """Each wrote its record over the other's: a restart of the one whose record was lost dated every feed anew,
    and each of its clients that asks by date downloaded them all again."""
    clock[0] = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(seconds=10)
    addresses = (ADDRESS, "http://127.0.0.1:9090")
    sites = [FeedSite(Library(seeded_library.path), address) for address in addresses]
    clock[0] += timedelta(seconds=2)
    given = [site.answer("/feed.atom") for site in sites]
    clock[0] += timedelta(minutes=1)
    for address, answer in zip(addresses, given, strict=True):
        again = FeedSite(Library(seeded_library.path), address).answer("/feed.atom")  # a restart at the same address
        assert answer.settled and _not_modified({"if-modified-since": format_datetime(answer.last_modified, usegmt=True)}, again)


def test_the_records_of_a_library_are_kept_for_the_addresses_served_at_last_only(seeded_library, clock):
    """`serve --port 0` serves at another address each time: a record for every one would pile up for ever."""
    from feeds.paths import served_path

    clock[0] = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(seconds=10)
    addresses = [f"http://127.0.0.1:{port}" for port in range(9000, 9000 + MAX_ADDRESSES + 3)]
    for at, address in enumerate(addresses):
        FeedSite(Library(seeded_library.path), address)
        written = time.time() - 3600 + at  # a second apart: the file system's clock may say one moment for all
        os.utime(served_path(seeded_library.files.database, address), (written, written))
    kept = [address for address in addresses if served_path(seeded_library.files.database, address).exists()]
    assert kept == addresses[-MAX_ADDRESSES :]


DAMAGED_DATES = {
    "dated in the future": lambda given, future: {**given, "/feed.atom": [given["/feed.atom"][0], future]},
    "no date": lambda given, future: {**given, "/feed.atom": [given["/feed.atom"][0], "gisteren"]},
    "a date without its zone": lambda given, future: {**given, "/feed.atom": [given["/feed.atom"][0], "2026-01-01T10:00:00"]},
    "no pair": lambda given, future: {**given, "/feed.atom": {"etag": given["/feed.atom"][0]}},
    "an ETag that no answer has": lambda given, future: {**given, "/feed.atom": ['"\x1b[2J"', given["/feed.atom"][1]]},
    "no table of paths": lambda given, future: [given],
    "a path too long to be a feed's": lambda given, future: {**given, "/" * 5000: given["/feed.atom"]},
    "a record of megabytes": lambda given, future: {**given, "/" * 3_000_000: given["/feed.atom"]},
}


@pytest.mark.parametrize("damage", DAMAGED_DATES)
def test_a_date_of_a_path_damaged_in_the_record_is_left_out_and_the_rest_kept(seeded_library, clock, damage):
    from feeds.paths import served_path

    clock[0] = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(seconds=10)
    first = _answers(seeded_library.path, ["/feed.atom", "/opml"], clock)
    clock[0] += timedelta(minutes=1)
    record = served_path(seeded_library.files.database, ADDRESS)
    kept = json.loads(record.read_text(encoding="utf-8"))
    kept["given"] = DAMAGED_DATES[damage](kept["given"], (clock[0] + timedelta(days=1)).isoformat())
    record.write_text(json.dumps(kept), encoding="utf-8")
    again = _answers(seeded_library.path, ["/feed.atom", "/opml"], clock)
    assert again["/feed.atom"].settled and again["/feed.atom"].last_modified <= clock[0]  # dated by a second that has come
    assert record.stat().st_size < MAX_RECORD  # and bounded, as it is written anew
    if damage not in ("no table of paths", "a record of megabytes"):
        assert again["/opml"].last_modified == first["/opml"].last_modified  # the rest as it was given out


def test_a_record_kept_before_one_was_kept_for_each_address_is_carried_to_its_address(seeded_library, clock):
    """Records were one file for each library (served/<library>.json) until each address got its own: a server of
    the new layout did not read it, dated its answers anew, and its clients downloaded every feed again. The file
    stayed, read by nothing."""
    from feeds.paths import served_path

    first = FeedSite(Library(seeded_library.path), ADDRESS)
    record = served_path(seeded_library.files.database, ADDRESS)
    former = record.parent.with_suffix(".json")
    record.replace(former)  # as the layout before had it
    record.parent.rmdir()
    clock[0] += timedelta(minutes=1)
    again = FeedSite(Library(seeded_library.path), ADDRESS)
    assert again._since == first._since
    assert record.exists() and not former.exists()


def test_a_served_feed_carries_only_the_newest_articles_up_to_its_limit(seeded_library):
    """A feed reader downloads the whole feed on every change: a library of tens of thousands must not make one of tens of MB."""
    site = FeedSite(Library(seeded_library.path), ADDRESS, limit=3)
    newest = [e.article.url for e in seeded_library.select()]
    in_buitenland = [e.article.url for e in seeded_library.select() if e.article.section == "Buitenland"]
    for path, expected in (("/feed.atom", newest[:3]), ("/feed.rss", newest[:3]), ("/sections/buitenland.atom", in_buitenland[:3])):
        assert [entry.link for entry in feedparser.parse(site.answer(path).body).entries] == expected, path
    assert len(feedparser.parse(FeedSite(Library(seeded_library.path), ADDRESS).answer("/feed.atom").body).entries) == len(newest)


def test_serve_takes_a_limit_and_carries_1000_articles_without_one(seeded_library, monkeypatch, capsys):
    from feeds import FeedServer
    from tui.cli import main

    limits = []
    monkeypatch.setattr(FeedServer, "serve_forever", lambda server: limits.append(server.site.limit) or _raise(KeyboardInterrupt()))
    assert main(["serve", "--db", str(seeded_library.path), "--port", "0", "--limit", "20"]) == 0
    assert main(["serve", "--db", str(seeded_library.path), "--port", "0"]) == 0
    assert limits == [20, 1000]
    with pytest.raises(SystemExit) as refused:
        main(["serve", "--db", str(seeded_library.path), "--port", "0", "--limit", "0"])
    assert refused.value.code == 2 and "--limit: not a positive number: '0'" in capsys.readouterr().err


def test_a_server_with_another_limit_dates_every_answer_anew(seeded_library, clock):
    """Another limit makes other bodies of an unchanged library: a client that asks by date alone must get them."""
    clock[0] = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(seconds=10)
    answers = []
    for limit in (3, 5, 5):
        site = FeedSite(Library(seeded_library.path), ADDRESS, limit=limit)
        clock[0] += timedelta(minutes=1)
        answers.append(site.answer("/feed.atom"))
    three, five, five_again = answers
    assert not _not_modified({"if-modified-since": format_datetime(three.last_modified, usegmt=True)}, five)
    assert _not_modified({"if-modified-since": format_datetime(five.last_modified, usegmt=True)}, five_again)


def test_a_library_in_a_folder_whose_name_is_no_utf_8_is_served_and_its_record_written(tmp_path, monkeypatch, capsys):
    """`--db nu/\\xff\\xfe/lib.sqlite serve`: the record of how it was served named the library in text orjson cannot
    write (a lone surrogate), and serve ended in a TypeError traceback; list, import and export took that path."""
    from feeds import FeedServer
    from feeds.paths import served_path
    from tui.cli import main

    folder = tmp_path / os.fsdecode(b"\xff\xfe")
    folder.mkdir()
    path = folder / "lib.sqlite"
    monkeypatch.setattr(FeedServer, "serve_forever", lambda server: _raise(KeyboardInterrupt()))
    assert main(["--db", str(path), "serve", "--port", "0"]) == 0
    assert "Traceback" not in capsys.readouterr().err
    [record] = served_path(path, "http://127.0.0.1:0").parent.glob("*.json")
    assert json.loads(record.read_bytes())["library"] == f"{tmp_path}/\\xff\\xfe/lib.sqlite"


def test_a_sections_feed_with_an_article_dated_ahead_keeps_its_date_and_tag_while_another_section_changes(seeded_library, clock, tmp_path):
    """An article dated two hours ahead (a site's CET written as UTC) was dated by the time of each change of the
    library in its section's feed: the feed changed, Last-Modified and ETag, with a fetch of any other source."""
    start = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(seconds=10)  # after the seeding, by the real clock
    clock[0] = start
    Library(seeded_library.path).add([(article("Vooruit in het buitenland", section="Buitenland", published=start + timedelta(hours=2)), CAPTURED)])
    for folder in "12":
        (tmp_path / folder).mkdir()
    with running_server(Library(seeded_library.path)) as server:
        clock[0] = start + timedelta(seconds=5)
        path = "/sections/buitenland.atom"
        date, tag = settled_date(server, path), request(server, "GET", path)[1]["etag"]
        for offset, folder in ((10, "1"), (20, "2")):
            clock[0] = start + timedelta(seconds=offset)
            import_paths(Library(seeded_library.path), [seed_page(tmp_path / folder, f"Brug {folder} in Goes dicht", "Zeeland")], CAPTURED)
            headers = request(server, "GET", path)[1]
            assert (headers["last-modified"], headers["etag"]) == (date, tag)
