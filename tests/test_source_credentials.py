"""A source's user name and password (`https://lezer:secret@host/feed`) go to its server and nowhere else:
not into the library, not onto the screen, not into `list --json`, exported or served feeds, OPML or error messages."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import sqlite3
import threading
import time
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from conftest import CAPTURED, speaking
from feedkit import RSS2, article, run_fetch, running_server
from pagekit import ArticlePage, IndexPage, Teaser
from test_app import WIDE, make_app, refreshed, settle
from test_fetch import FAST
from werkzeug import Request, Response

from feeds.config import Source, save_sources, with_imported
from feeds.library import Library
from feeds.store.database import VERSION
from feeds.urls import article_id, slugify, without_credentials

SECRET = "secret"
ETAG = '"versie-1"'


def with_password(url: str) -> str:
    return url.replace("http://", f"http://lezer:{SECRET}@", 1)


def guarded(body: bytes, content_type: str = "application/rss+xml"):
    """A feed only for lezer:secret, with an ETag, as a site behind a password serves it."""

    def answer(request: Request) -> Response:
        auth = request.authorization
        if auth is None or (auth.username, auth.password) != ("lezer", SECRET):
            return Response("wie ben je?", status=401)
        if request.headers.get("If-None-Match") == ETAG:
            return Response(status=304)
        return Response(body, content_type=content_type, headers={"ETag": ETAG})

    return answer


@pytest.fixture
def feed(httpserver) -> str:
    """The address of a feed behind a password, as it is shown: without the password."""
    httpserver.expect_request("/feed").respond_with_handler(guarded(RSS2))
    return httpserver.url_for("/feed")


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    return {"NIEUWS_TUI_DB": str(tmp_path / "library.sqlite"), "NIEUWS_TUI_CONFIG": str(tmp_path / "config.toml")}


@pytest.fixture
def fetched(cli, env, feed, tmp_path):
    """The feed behind a password listed in config.toml, under Regio, and fetched once by `nieuws-tui fetch`."""
    save_sources([Source(with_password(feed), "Regio")], tmp_path / "config.toml")
    return cli("fetch", env=env)


def test_fetch_sends_the_password_to_the_source_and_names_it_without_it(fetched, feed):
    assert fetched.returncode == 0
    assert fetched.stdout.splitlines() == [f"ok {feed} new=2 updated=0"]
    assert SECRET not in fetched.stdout + fetched.stderr


def test_list_json_names_the_source_without_its_password(cli, env, fetched, feed):
    listed = json.loads(cli("list", "--json", env=env).stdout)
    assert [article["source"] for article in listed] == [feed, feed]


def test_the_library_never_holds_the_password_and_the_next_fetch_is_still_a_304(cli, env, fetched, feed, tmp_path):
    with sqlite3.connect(tmp_path / "library.sqlite") as database:
        stored = "\n".join(database.iterdump())
        assert database.execute("SELECT url, etag FROM validators").fetchall() == [(Library(tmp_path / "library.sqlite").validator_key(feed.replace("//", "//lezer@")), ETAG)]  # the account's
    assert "Dijk bij Vlissingen" in stored and SECRET not in stored and "lezer" not in stored
    again = cli("fetch", env=env)
    assert again.stdout.splitlines() == [f"unchanged {feed}"]


def test_sources_list_and_opml_show_the_source_without_its_password(cli, env, fetched, feed):
    assert cli("sources", "list", env=env).stdout == f"{feed}  [Regio]\n"
    opml = cli("sources", "export-opml", env=env).stdout
    assert f'xmlUrl="{feed}"' in opml and SECRET not in opml


def test_the_source_as_shown_names_it_to_fetch_and_to_sources_remove(cli, env, fetched, feed, tmp_path):
    assert cli("fetch", feed, env=env).stdout.splitlines() == [f"unchanged {feed}"]  # with the password listed
    removed = cli("sources", "remove", feed, env=env)
    assert removed.returncode == 0 and removed.stderr == f"nieuws-tui: removed {feed.replace('//', '//lezer@')}\n"  # the account removed
    assert cli("sources", "list", env=env).stdout == ""


def test_exported_and_served_feeds_carry_no_password(cli, env, fetched):
    for section in ([], ["--section", "Regio"]):
        for format in ("atom", "rss"):
            exported = cli("export", "--format", format, *section, env=env)
            assert exported.returncode == 0 and "Dijk bij Vlissingen" in exported.stdout
            assert SECRET not in exported.stdout
    with running_server(Library(Path(env["NIEUWS_TUI_DB"]))) as server:
        for path in ("/feed.atom", "/feed.rss", "/sections/regio.atom", "/sections/regio.rss", "/opml", "/"):
            served = httpx.get(server.url + path)
            assert served.status_code == 200 and SECRET not in served.text


def test_a_failure_names_the_source_without_its_password(cli, env, httpserver, tmp_path):
    httpserver.expect_request("/kwijt").respond_with_data("weg", status=404)
    missing = httpserver.url_for("/kwijt")
    save_sources([Source(with_password(missing))], tmp_path / "config.toml")
    result = cli("fetch", env=env)
    assert result.returncode == 1 and result.stdout.splitlines() == [f"failed {missing} HTTP 404"]
    assert SECRET not in result.stdout + result.stderr


def test_the_articles_of_a_page_behind_a_password_link_to_it_without_the_password(httpserver, tmp_path):
    page = ArticlePage("Veerboot vaart weer", [("p", "VLISSINGEN (ANP) - De veerboot naar Breskens vaart weer.")]).html()
    httpserver.expect_request("/nieuws/veerboot-vaart-weer").respond_with_handler(guarded(page.encode(), "text/html; charset=utf-8"))
    url = httpserver.url_for("/nieuws/veerboot-vaart-weer")
    library = Library(tmp_path / "library.sqlite")
    assert not run_fetch(library, [Source(with_password(url))], settings=FAST).failed
    [entry] = Library(library.path).entries()
    assert (entry.article.url, entry.article.source) == (url, url)


async def test_the_app_names_the_source_without_its_password_in_the_sidebar_and_in_what_a_refresh_says(httpserver, feed, tmp_path, monkeypatch):
    httpserver.expect_request("/kwijt").respond_with_data("weg", status=404)
    missing = httpserver.url_for("/kwijt")
    monkeypatch.setenv("NIEUWS_TUI_CONFIG", str(tmp_path / "config.toml"))
    save_sources([Source(with_password(feed), "Regio"), Source(with_password(missing))], tmp_path / "config.toml")
    app = make_app(tmp_path / "library.sqlite")
    said: list[str] = []
    async with app.run_test(size=WIDE) as pilot:
        status = app._status
        monkeypatch.setattr(app, "_status", lambda text: said.append(text) or status(text))
        await pilot.press("r")
        await refreshed(app, pilot)
        assert app.refresh_errors == [(missing, "HTTP 404")]
        await pilot.press("E")
        await pilot.pause()
        said += [str(widget.render()) for widget in app.screen.query("Static")]
        await pilot.press("escape", "b")
        await settle(app, pilot)
        said += [shelf.shown for shelf in app.sections.items]
    assert any(feed in line for line in said) and any(missing in line for line in said)
    assert said[-1] == "Omroep Test"  # the source by the title its feed gave itself, kept by its address without the password
    assert not [line for line in said if SECRET in line]


def test_a_library_stored_with_passwords_keeps_its_articles_marks_and_etags_without_them(tmp_path):
    """Until format version 7, a source's password was stored in its articles' source (and a page's link)
    and in the URL its ETag was kept by; until 8, in the id of a page's article."""
    feed, page = "http://lezer:secret@nieuws.example/feed", "http://lezer:secret@nieuws.example/nieuws/veerboot"
    library = Library(tmp_path / "library.sqlite")
    stored = [article("Veerboot vaart weer", url=page, source=page), article("Dijk versterkt", source=feed)]
    library.add([(a, CAPTURED) for a in stored])
    library.set_state([stored[0].id], read=True, starred=True)
    path = library.files.database
    with sqlite3.connect(path) as database:  # as version 6 stored them
        database.execute("UPDATE articles SET url = ? WHERE id = ?", (page, stored[0].id))
        database.execute("INSERT INTO validators (url, etag, last_modified) VALUES (?, ?, ?)", (feed, ETAG, None))
        database.execute("UPDATE meta SET value = 6 WHERE key = 'version'")
    reopened = Library(library.path)
    entries = {e.id: e for e in reopened.entries()}
    ids = [article_id("http://nieuws.example/nieuws/veerboot"), stored[1].id]
    assert entries[ids[0]].article.url == "http://nieuws.example/nieuws/veerboot"
    assert [entries[i].article.source for i in ids] == ["http://nieuws.example/nieuws/veerboot", "http://nieuws.example/feed"]
    assert (entries[ids[0]].read, entries[ids[0]].starred) == (True, True)
    assert reopened.validators()[reopened.validator_key("http://lezer@nieuws.example/feed")].etag == ETAG
    with sqlite3.connect(path) as database:
        assert database.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()[0] == VERSION
        assert SECRET not in "\n".join(database.iterdump())


def test_sources_add_with_the_url_as_shown_files_the_stored_articles_and_keeps_the_password(cli, env, fetched, feed, tmp_path):
    moved = cli("sources", "add", feed, "--section", "Elders", env=env)
    account = feed.replace("://", "://lezer@")  # named as the account, as `sources remove` names it
    assert moved.stderr == f"nieuws-tui: filed 2 stored articles of {feed} under Elders\nnieuws-tui: changed {account}\n"
    assert cli("sources", "list", env=env).stdout == f"{feed}  [Elders]\n"
    assert f'url = "{with_password(feed)}"' in (tmp_path / "config.toml").read_text(encoding="utf-8")


def test_sources_add_with_a_new_password_changes_the_password_of_the_source(cli, env, fetched, feed, tmp_path):
    changed = cli("sources", "add", with_password(feed).replace(SECRET, "nieuw"), env=env)
    assert changed.stderr == f"nieuws-tui: changed {feed.replace('://', '://lezer@')}\n"
    config = (tmp_path / "config.toml").read_text(encoding="utf-8")
    assert config.count("\nurl = ") == 1 and "lezer:nieuw@" in config and SECRET not in config


def test_the_keep_days_of_a_source_with_a_password_apply_to_its_articles(tmp_path):
    from feeds.config import Config

    feed = "http://nieuws.example/feed"
    library = Library(tmp_path / "library.sqlite")
    old = article("Oud bericht", source=feed)
    library.add([(old, CAPTURED)])
    retention = Config([Source(with_password(feed), keep_days=1)], prune_unread=True).retention()
    assert library.expired(retention, now=CAPTURED + timedelta(days=2)) == [old.id]


def test_a_v1_library_fetched_with_a_password_is_migrated_without_it(tmp_path):
    from test_store import v1_library

    catalog = v1_library(tmp_path)
    shard = next((catalog.parent / "library.json.d").glob("articles-*.json"))
    document = json.loads(shard.read_text(encoding="utf-8"))
    doc_id, summary = next(iter(document["articles"].items()))
    summary["url"] = with_password(summary["url"].replace("https://", "http://"))
    shard.write_text(json.dumps(document), encoding="utf-8")
    fetched = catalog.with_name("library.json.fetch.json")
    fetched.write_text(json.dumps({"http://lezer:secret@nieuws.example/feed": {"etag": ETAG, "last_modified": None}}), encoding="utf-8")
    library = Library(catalog)
    [entry] = library.find(article_id(without_credentials(summary["url"])))  # not by the id it had, made with the password
    assert SECRET not in entry.article.url and list(library.validators()) == [library.validator_key("http://lezer@nieuws.example/feed")]
    assert "lezer" not in "\n".join(sqlite3.connect(library.files.database).iterdump())


async def test_the_app_finds_a_source_it_remembered_with_its_password_and_remembers_it_without(tmp_path):
    from tui.preferences import Place, Preferences

    feed = "http://nieuws.example/feed"
    library = Library(tmp_path / "library.sqlite")
    library.add([(article("Dijk versterkt", source=feed), CAPTURED), (article("Elders", source="http://elders.example/feed"), CAPTURED)])
    remembered = Preferences(places={str(library.name): Place(shelf=with_password(feed), by_source=True)})
    app = make_app(library.path, remembered)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        assert app.view.shelf == feed and [e.article.title for e in app.articles.items] == ["Dijk versterkt"]
        await pilot.press("q")
    assert Preferences.load().places[str(library.name)].shelf == feed


def test_a_source_whose_address_cannot_be_read_is_listed_fetched_and_pruned_without_its_password_or_a_traceback(cli, env, tmp_path):
    """A config.toml edited by hand may hold an address no URL parser reads (`[oops` is no IPv6 address):
    `sources list`, `fetch` and `prune` said so, or listed it, before they hid passwords; they must not
    end in a traceback now that they do."""
    (tmp_path / "config.toml").write_text(f'[[source]]\nurl = "http://lezer:{SECRET}@[oops/feed"\nkeep-days = 3\n', encoding="utf-8")
    listed = cli("sources", "list", env=env)
    assert (listed.returncode, listed.stdout, listed.stderr) == (0, "http://[oops/feed\n", "")
    fetched = cli("fetch", env=env)
    assert fetched.returncode == 1 and fetched.stdout.splitlines() == ["failed http://[oops/feed not an http(s) URL"]
    assert "Traceback" not in fetched.stderr and SECRET not in fetched.stdout + fetched.stderr
    pruned = cli("prune", env=env)
    assert pruned.returncode == 0 and "Traceback" not in pruned.stderr


def test_a_source_whose_address_cannot_be_read_leaves_the_other_sources_to_be_fetched_added_and_removed(cli, env, tmp_path):
    """Looking another address up among the sources read each source's address: one no parser reads ended
    `fetch URL`, `sources add` and `sources remove` in a traceback."""
    config = tmp_path / "config.toml"
    config.write_text('[[source]]\nurl = "http://lezer:geheim@[oops/feed"\n', encoding="utf-8")
    fetched = cli("fetch", "http://127.0.0.1:9/feed", env=env)
    assert (fetched.returncode, fetched.stdout.split(" ")[:2]) == (1, ["failed", "http://127.0.0.1:9/feed"])
    for command in (["sources", "add", "http://127.0.0.1:9/feed"], ["sources", "remove", "http://127.0.0.1:9/feed"]):
        done = cli(*command, env=env)
        assert (done.returncode, "Traceback" in done.stderr) == (0, False)
    assert config.read_text(encoding="utf-8") == '[[source]]\nurl = "http://lezer:geheim@[oops/feed"\n'


def test_two_sources_of_one_address_with_another_user_each_both_stay_when_another_is_added(cli, env, tmp_path):
    """Two accounts on one site read one feed address, each with its own password. Matched without their
    passwords, the two were one source to the editing of config.toml: adding any other source wrote the
    second one's password into the first one's table and took the second table out."""
    feed = "http://nieuws.example/feed"
    config = tmp_path / "config.toml"
    text = f'[[source]]\nurl = "{feed.replace("//", "//anna:een@")}"\ntitle = "Anna"\n\n[[source]]\nurl = "{feed.replace("//", "//bert:twee@")}"\ntitle = "Bert"\n'
    config.write_text(text, encoding="utf-8")
    assert cli("sources", "add", "http://elders.example/feed", env=env).returncode == 0
    assert config.read_text(encoding="utf-8") == text + '\n[[source]]\nurl = "http://elders.example/feed"\n'


def test_an_address_refused_as_no_web_address_is_named_without_its_password(cli, env, tmp_path):
    typed = f"ftp://lezer:{SECRET}@example.org/feed"
    for command in (["sources", "add", typed], ["fetch", typed]):
        refused = cli(*command, env=env)
        assert refused.returncode == 2 and "ftp://example.org/feed: not an http(s) URL" in refused.stderr
        assert SECRET not in refused.stderr + refused.stdout
    opml = tmp_path / "feeds.opml"
    opml.write_text(f'<opml version="2.0"><body><outline text="Oud" xmlUrl="{typed}"/></body></opml>', encoding="utf-8")
    imported = cli("sources", "import-opml", str(opml), env=env)
    assert "ftp://example.org/feed" in imported.stderr and SECRET not in imported.stderr + imported.stdout


# -- a page behind a password: its articles are known by their addresses without it --------------

POLITIEK = [
    Teaser("Kabinet wil snellere asielprocedure", "DEN HAAG (ANP) - Het kabinet wil dat asielaanvragen sneller worden behandeld.", "1 uur geleden"),
    Teaser("Kamer stemt in met woningwet", "DEN HAAG (ANP) - De Tweede Kamer heeft ingestemd met de nieuwe woningwet.", "2 uur geleden"),
]


def behind_passwords(body: str, passwords: set[str], content_type: str = "text/html; charset=utf-8"):
    """A page only for lezer, with any of these passwords (a changed one works at once)."""

    def answer(request: Request) -> Response:
        auth = request.authorization
        if auth is None or auth.username != "lezer" or auth.password not in passwords:
            return Response("wie ben je?", status=401)
        return Response(body, content_type=content_type)

    return answer


def serve_section_behind_passwords(httpserver, passwords: set[str], site: str = "") -> str:
    """A section page for lezer, linking to its article pages (relative links, or absolute ones on `site`), which are for lezer too."""
    httpserver.expect_request("/nieuws/politiek").respond_with_handler(behind_passwords(IndexPage("Politiek", POLITIEK).html(site), passwords))
    for item in POLITIEK:
        page = ArticlePage(item.title, [("p", item.lead), ("p", "Een tweede alinea.")], section="Politiek").html()
        httpserver.expect_request(f"/nieuws/{slugify(item.title)}").respond_with_handler(behind_passwords(page, passwords))
    return httpserver.url_for("/nieuws/politiek")


def test_the_articles_of_a_page_behind_a_password_stay_the_same_articles_when_the_password_changes(httpserver, tmp_path):
    section = serve_section_behind_passwords(httpserver, {SECRET, "nieuw"})
    library = Library(tmp_path / "library.sqlite")
    assert not run_fetch(library, [Source(with_password(section))], settings=FAST).failed
    first = {e.article.title: e for e in Library(library.path).entries()}
    assert set(first) == {t.title for t in POLITIEK} and {e.article.kind for e in first.values()} == {"full"}
    library.set_state([first[POLITIEK[0].title].id], read=True)
    report = run_fetch(library, [Source(with_password(section).replace(SECRET, "nieuw"))], settings=FAST)
    assert (report.results[0].new, report.failed) == (0, [])
    again = Library(library.path).entries()
    assert {e.article.title: e.id for e in again} == {title: e.id for title, e in first.items()}
    assert [e.article.title for e in again if e.read] == [POLITIEK[0].title]
    assert {e.article.url for e in again} == {httpserver.url_for(f"/nieuws/{slugify(t.title)}") for t in POLITIEK}


def test_an_article_pruned_under_the_id_format_7_made_with_the_password_stays_away_when_its_page_still_lists_it(httpserver, tmp_path):
    """The `pruned` table keeps ids alone: the format-8 upgrade could not make those ids anew without the password."""
    section = serve_section_behind_passwords(httpserver, {SECRET})
    pruned = httpserver.url_for(f"/nieuws/{slugify(POLITIEK[0].title)}")
    library = Library(tmp_path / "library.sqlite")
    library.add([])
    with sqlite3.connect(library.files.database) as database:  # as format 7 pruned it, under the id of its address with the password
        database.execute("INSERT INTO pruned (id, pruned_at) VALUES (?, '2026-01-01T00:00:00+01:00')", (article_id(with_password(pruned)),))
    for _fetch in range(2):  # and once it is known to be pruned by the id it has now
        report = run_fetch(Library(library.path), [Source(with_password(section))], settings=FAST)
        assert not report.failed
        assert {e.article.title for e in Library(library.path).entries()} == {t.title for t in POLITIEK[1:]}


def test_the_items_of_a_feed_behind_a_password_were_and_stay_the_same_articles_when_the_password_changes(httpserver, tmp_path):
    """An item's id was made from its link without a user name and password already: a feed needs no fix, only this check
    (with links relative to the feed's address, which carries the password)."""
    feed = RSS2.replace(b"http://example.org/", b"/nieuws/")
    httpserver.expect_request("/feed").respond_with_handler(behind_passwords(feed.decode(), {SECRET, "nieuw"}, "application/rss+xml"))
    url = httpserver.url_for("/feed")
    library = Library(tmp_path / "library.sqlite")
    first = run_fetch(library, [Source(with_password(url))], settings=FAST)
    again = run_fetch(library, [Source(with_password(url).replace(SECRET, "nieuw"))], settings=FAST)
    assert (first.results[0].new, again.results[0].new, again.failed) == (2, 0, [])
    assert {e.article.url for e in Library(library.path).entries()} == {httpserver.url_for("/nieuws/dijk"), httpserver.url_for("/nieuws/veer")}


def test_article_pages_on_the_site_of_a_page_behind_a_password_are_fetched_with_it(httpserver, tmp_path):
    section = serve_section_behind_passwords(httpserver, {SECRET}, site=httpserver.url_for("").rstrip("/"))
    library = Library(tmp_path / "library.sqlite")
    assert not run_fetch(library, [Source(with_password(section))], settings=FAST).failed
    assert {e.article.kind for e in Library(library.path).entries()} == {"full"}


def test_article_pages_on_another_site_never_get_the_password_of_the_page_that_links_to_them(httpserver, tmp_path):
    elsewhere = httpserver.url_for("").rstrip("/").replace("127.0.0.1", "localhost")  # the same server, by another name
    section = serve_section_behind_passwords(httpserver, {SECRET}, site=elsewhere)
    library = Library(tmp_path / "library.sqlite")
    assert not run_fetch(library, [Source(with_password(section))], settings=FAST).failed
    asked = [request for request, _response in httpserver.log if request.path != "/nieuws/politiek"]
    assert {request.host.split(":")[0] for request in asked} == {"localhost"}
    assert [request.authorization for request in asked if request.path.startswith("/nieuws/")] == [None, None]
    assert {e.article.kind for e in Library(library.path).entries()} == {"teaser"}


# -- a library of format 7 knew those articles by ids made with the password ----------------------

PAGE = "http://nieuws.example/nieuws/veerboot"
FEED = "http://nieuws.example/feed"


def format_7_library(path: Path) -> list[str]:
    """A library as format 7 left it: a page's article fetched as anna:een and again, after a change of password, as
    anna:twee: two articles, the first in full and read, the second a teaser and starred, each known by an id made
    of its address with the password (its link without); and an article of a feed. Their ids."""
    library = Library(path)
    seen = [
        article("Veerboot vaart weer", url=PAGE.replace("//", "//anna:een@"), source=PAGE),
        article("Veerboot vaart weer", url=PAGE.replace("//", "//anna:twee@"), source=PAGE, kind="teaser", body=()),
        article("Dijk versterkt", source=FEED),
    ]
    library.add([(seen[0], CAPTURED), (seen[1], CAPTURED + timedelta(days=1)), (seen[2], CAPTURED)])
    library.set_state([seen[0].id], read=True)
    library.set_state([seen[1].id], starred=True)
    library.close()
    with sqlite3.connect(path) as database:
        database.execute("UPDATE articles SET url = ? WHERE url LIKE '%@%'", (PAGE,))
        database.execute("DROP TABLE renamed")
        database.execute("UPDATE meta SET value = 7 WHERE key = 'version'")
    return [a.id for a in seen]


def assert_known_without_the_password(path: Path, ids: list[str]) -> None:
    """One article of the page, by the id of its address without a password, in full, read and starred, first seen when
    first fetched; the feed's article as it was; no mark left under an id that is gone, none left to move."""
    library = Library(path)
    entries = {e.id: e for e in library.entries()}
    assert set(entries) == {article_id(PAGE), ids[2]}
    page = entries[article_id(PAGE)]
    assert (page.article.url, page.article.kind, page.read, page.starred, page.first_seen) == (PAGE, "full", True, True, CAPTURED)
    assert library.search("Veerboot") == {article_id(PAGE)}
    assert {i for i, _flags in library.state.load().items()} == {article_id(PAGE)}
    with sqlite3.connect(path) as database:
        assert database.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()[0] == VERSION
        assert database.execute("SELECT count(*) FROM renamed").fetchone()[0] == 0
    library.close()


def test_the_articles_of_a_page_behind_a_password_are_known_by_their_address_without_it_once_the_library_is_opened(tmp_path):
    path = tmp_path / "library.sqlite"
    ids = format_7_library(path)
    assert_known_without_the_password(path, ids)


KILLED = ["in the transaction of the upgrade", "between the marks under the new ids and those under the old", "after the marks moved, before that is noted"]


def _upgrade_and_be_killed(path: str, moment: str) -> None:
    from feeds.store import database
    from feeds.store.state import StateStore

    def killed(*_args: object) -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    if moment == KILLED[0]:
        database.UPGRADES[7] = (*database.UPGRADES[7], killed)
    elif moment == KILLED[1]:
        write, writes = StateStore._write, []

        def write_then_be_killed(self, *args):
            writes.append(args)
            if len(writes) == 2:
                killed()
            return write(self, *args)

        StateStore._write = write_then_be_killed
    else:
        move = StateStore.move

        def move_then_be_killed(self, renamed):
            move(self, renamed)
            killed()

        StateStore.move = move_then_be_killed
    Library(Path(path))
    os._exit(0)


@pytest.mark.parametrize("moment", KILLED)
def test_a_kill_during_the_upgrade_loses_no_article_and_no_mark(tmp_path, moment):
    path = tmp_path / "library.sqlite"
    ids = format_7_library(path)
    child = multiprocessing.get_context("fork").Process(target=_upgrade_and_be_killed, args=(str(path), moment))
    child.start()
    child.join(60)
    assert child.exitcode == -signal.SIGKILL
    with sqlite3.connect(path) as database:  # the old library, or the new one
        version, keys = database.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()[0], {row[0] for row in database.execute("SELECT id FROM articles")}
    assert (version, keys) == ((7, set(ids)) if moment == KILLED[0] else (VERSION, {article_id(PAGE), ids[2]}))
    assert_known_without_the_password(path, ids)


def test_a_library_with_marks_still_to_move_opens_at_once_while_another_process_writes(tmp_path):
    """A kill after the change left a mark to move; a fetch run holds the write lock for minutes: `list` does not
    wait for it. The mark is moved, and that it was is noted by an opening when no one writes."""
    path = tmp_path / "library.sqlite"
    ids = format_7_library(path)
    Library(path).close()
    with sqlite3.connect(path) as database:
        database.execute("INSERT INTO renamed (old, new) VALUES (?, ?)", (ids[0], article_id(PAGE)))
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    opened = threading.Event()
    threading.Thread(target=lambda: (Library(path).close(), opened.set()), daemon=True).start()
    try:
        assert opened.wait(10)  # not the 5 minutes a writer waits for another
    finally:
        writer.execute("ROLLBACK")
    assert_known_without_the_password(path, ids)


# -- two accounts on one address: each has its own ETag --------------------------------------------

ACCOUNTS = {"anna": "geheim-van-anna", "bert": "geheim-van-bert"}


def per_account(request: Request) -> Response:
    """A feed that each account reads as its own: another ETag for each, a 304 only for the account's own ETag."""
    auth = request.authorization
    if auth is None or ACCOUNTS.get(auth.username) != auth.password:
        return Response("wie ben je?", status=401)
    etag = f'"{auth.username}-1"'
    if request.headers.get("If-None-Match") == etag:
        return Response(status=304)
    return Response(RSS2, content_type="application/rss+xml", headers={"ETag": etag})


def test_two_accounts_on_one_address_each_keep_their_own_etag_and_no_password(httpserver, tmp_path):
    httpserver.expect_request("/feed").respond_with_handler(per_account)
    feed = httpserver.url_for("/feed")
    sources = [Source(feed.replace("//", f"//{user}:{password}@")) for user, password in ACCOUNTS.items()]
    library = Library(tmp_path / "library.sqlite")
    assert not run_fetch(library, sources, settings=FAST).failed
    again = run_fetch(library, sources, settings=FAST)
    assert [result.unchanged for result in again.results] == [True, True]
    with sqlite3.connect(library.files.database) as database:
        assert dict(database.execute("SELECT url, etag FROM validators")) == {library.validator_key(feed.replace("//", f"//{user}@")): f'"{user}-1"' for user in ACCOUNTS}
        assert not [secret for user, password in ACCOUNTS.items() for secret in (f"{user}@", password) if secret in "\n".join(database.iterdump())]


def test_fetch_and_sources_list_name_each_account_of_an_address_by_its_user_name(cli, env, httpserver, tmp_path):
    """Both accounts' lines said `ok http://127.0.0.1:…/feed`: nothing told which account had failed, or come in."""
    httpserver.expect_request("/feed").respond_with_handler(per_account)
    feed = httpserver.url_for("/feed")
    accounts = {**ACCOUNTS, "carl": "verkeerd"}
    save_sources([Source(feed.replace("//", f"//{user}:{password}@"), "Regio") for user, password in accounts.items()], tmp_path / "config.toml")
    named = {user: feed.replace("//", f"//{user}@") for user in accounts}
    fetched = cli("fetch", env=env)
    assert sorted(line.split(" new=")[0] for line in fetched.stdout.splitlines()) == [f"failed {named['carl']} HTTP 401", f"ok {named['anna']}", f"ok {named['bert']}"]
    assert sorted(cli("fetch", "--quiet", named["anna"], named["carl"], env=env).stdout.splitlines()) == [f"failed {named['carl']} HTTP 401"]
    assert cli("sources", "list", env=env).stdout == "".join(f"{named[user]}  [Regio]\n" for user in accounts)
    assert not [secret for secret in accounts.values() if secret in fetched.stdout + fetched.stderr]


def test_thousands_of_sources_are_named_apart_in_a_moment():
    """Named one at a time among all the others, 1,000 sources took 0.7 s of the app's refresh, on its screen's thread."""
    from feeds.config import shown_sources

    sources = [Source(f"https://{user}:pw@nieuws.example/{n}") for n in range(1_000) for user in ("anna", "bert")] + [Source(f"https://alleen.example/{n}") for n in range(1_000)]
    started = time.process_time()
    names = shown_sources(sources)
    assert time.process_time() - started < 0.5
    assert (names[sources[0].url], names[sources[1].url], names[sources[-1].url]) == ("https://anna@nieuws.example/0", "https://bert@nieuws.example/0", "https://alleen.example/999")


async def test_the_app_names_each_account_of_an_address_by_its_user_name_in_what_a_refresh_says(httpserver, tmp_path, monkeypatch):
    httpserver.expect_request("/feed").respond_with_handler(per_account)
    feed = httpserver.url_for("/feed")
    monkeypatch.setenv("NIEUWS_TUI_CONFIG", str(tmp_path / "config.toml"))
    save_sources([Source(feed.replace("//", "//anna:geheim-van-anna@")), Source(feed.replace("//", "//bert:verkeerd@"))], tmp_path / "config.toml")
    app = make_app(tmp_path / "library.sqlite")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("r")
        await refreshed(app, pilot)
        assert app.refresh_errors == [(feed.replace("//", "//bert@"), "HTTP 401")]


def test_a_library_that_kept_the_etags_of_two_accounts_by_their_passwords_keeps_one_for_each_without_them(tmp_path):
    library = Library(tmp_path / "library.sqlite")
    library.add([])
    with sqlite3.connect(library.files.database) as database:  # as version 6 stored them
        database.executemany("INSERT INTO validators (url, etag, last_modified) VALUES (?, ?, NULL)", [(FEED.replace("//", f"//{user}:{password}@"), f'"{user}-1"') for user, password in ACCOUNTS.items()])
        database.execute("UPDATE meta SET value = 6 WHERE key = 'version'")
    reopened = Library(library.path)
    assert {url: v.etag for url, v in reopened.validators().items()} == {reopened.validator_key(FEED.replace("//", f"//{user}@")): f'"{user}-1"' for user in ACCOUNTS}


def format_8_library(path: Path, feed: str) -> dict[str, str]:
    """A library as format 8 left it: the ETags of anna and bert on `feed` kept by their user names in clear, and
    one of an address read without a user name. The ETags, by what they were kept by."""
    library = Library(path)
    library.add([])
    kept = {**{feed.replace("//", f"//{user}@"): f'"{user}-1"' for user in ACCOUNTS}, "http://elders.example/feed": '"elders"'}
    with sqlite3.connect(library.files.database) as database:
        database.execute("DELETE FROM meta WHERE key = 'account_key'")
        database.executemany("INSERT INTO validators (url, etag, last_modified) VALUES (?, ?, NULL)", kept.items())
        database.execute("UPDATE meta SET value = 8 WHERE key = 'version'")
    library.close()
    return kept


def test_a_library_that_kept_the_etags_of_accounts_by_their_user_names_keeps_each_without_the_name(httpserver, tmp_path):
    """A user name is often a secret token (`https://TOKEN@host/feed`): format 8 kept it in clear."""
    httpserver.expect_request("/feed").respond_with_handler(per_account)
    feed = httpserver.url_for("/feed")
    kept = format_8_library(tmp_path / "library.sqlite", feed)
    library = Library(tmp_path / "library.sqlite")
    assert {url: v.etag for url, v in library.validators().items()} == {library.validator_key(url): etag for url, etag in kept.items()}
    with sqlite3.connect(library.files.database) as database:
        assert not [user for user in ACCOUNTS if f"{user}@" in "\n".join(database.iterdump())]
    accounts = [Source(feed.replace("//", f"//{user}:{password}@")) for user, password in ACCOUNTS.items()]
    run_fetch(library, accounts, settings=FAST)  # (whole once: a row kept before format 17 knows not whether it leads to a feed)
    again = run_fetch(library, accounts, settings=FAST)
    assert [result.unchanged for result in again.results] == [True, True]  # each account's own ETag, sent as before


def test_each_library_hashes_user_names_with_a_key_of_its_own(tmp_path):
    """Else the hash of a short user name could be looked up in one list of the hashes of likely names."""
    keys = []
    for name in ("een.sqlite", "twee.sqlite"):
        library = Library(tmp_path / name)
        library.add([])
        keys.append(library.validator_key("https://anna@nieuws.example/feed"))
    assert "anna" not in keys[0] and keys[0] != keys[1]


def _upgrade_to_9_and_be_killed(path: str) -> None:
    from feeds.store import database

    database.UPGRADES[8] = (*database.UPGRADES[8], lambda _connection: os.kill(os.getpid(), signal.SIGKILL))
    Library(Path(path))
    os._exit(0)


def test_a_kill_while_the_user_names_are_hashed_leaves_them_as_they_were_and_the_next_opening_hashes_them(tmp_path):
    path = tmp_path / "library.sqlite"
    kept = format_8_library(path, FEED)
    child = multiprocessing.get_context("fork").Process(target=_upgrade_to_9_and_be_killed, args=(str(path),))
    child.start()
    child.join(60)
    assert child.exitcode == -signal.SIGKILL
    with sqlite3.connect(path) as database:
        assert database.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()[0] == 8
        assert dict(database.execute("SELECT url, etag FROM validators")) == kept
    library = Library(path)
    assert {url: v.etag for url, v in library.validators().items()} == {library.validator_key(url): etag for url, etag in kept.items()}


def test_validators_damaged_into_no_text_do_not_stop_the_upgrade_to_9_and_every_opening(tmp_path):
    """Only damage stores bytes that are no UTF-8 as text; read whole, one such ETag made the upgrade fail, and so
    every opening of the library. The user names are hashed all the same; what is no text is left as it was."""
    path = tmp_path / "library.sqlite"
    kept = format_8_library(path, FEED)
    damaged = {"CAST(x'22ff22' AS TEXT)": "'https://carla@elders.example/feed'", "'\"carla\"'": "CAST(x'68747470733a2f2f6361726c6140ff2f66656564' AS TEXT)"}
    with sqlite3.connect(path) as database:
        for etag, url in damaged.items():
            database.execute(f"INSERT INTO validators (url, etag, last_modified) VALUES ({url}, {etag}, NULL)")
    library = Library(path)
    with sqlite3.connect(path) as database:
        urls = [bytes(row[0]).decode("utf-8", "replace") for row in database.execute("SELECT CAST(url AS BLOB) FROM validators")]
        assert database.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()[0] == VERSION
    assert sorted(urls) == sorted([*(library.validator_key(url) for url in [*kept, "https://carla@elders.example/feed"]), "https://carla@\ufffd/feed"])


def test_a_validator_damaged_into_no_text_is_passed_over_and_the_others_are_read(tmp_path):
    """sqlite3 refuses to read text that is no UTF-8: one such row failed every fetch into the library."""
    path = tmp_path / "library.sqlite"
    format_8_library(path, FEED)
    library = Library(path)
    before = library.validators()
    with sqlite3.connect(path) as database:
        database.execute("INSERT INTO validators (url, etag, last_modified) VALUES ('https://elders.example/feed', CAST(x'22ff22' AS TEXT), NULL)")
        database.execute("INSERT INTO validators (url, etag, last_modified) VALUES (CAST(x'68747470733a2f2fff' AS TEXT), '\"e\"', NULL)")
    assert Library(path).validators() == before


def test_the_user_names_format_8_kept_are_not_left_in_the_file_by_a_sqlite_that_keeps_deleted_bytes(tmp_path, monkeypatch):
    """SQLite as built by its makers leaves the bytes of a deleted row in its page (secure_delete off; Debian's turns
    it on): the tokens the upgrade to format 9 hashes stayed in the library file, for anyone who reads it."""
    from feeds.store.database import Database

    connection = Database.connection

    def keeping_deleted_bytes(self: Database) -> sqlite3.Connection:
        opened = connection(self)
        opened.execute("PRAGMA secure_delete = OFF")
        return opened

    monkeypatch.setattr(Database, "connection", keeping_deleted_bytes)
    token = "ghp_" + "0123456789abcdef" * 3
    path = tmp_path / "library.sqlite"
    format_8_library(path, FEED)
    with sqlite3.connect(path) as database:
        database.executemany("INSERT INTO validators (url, etag, last_modified) VALUES (?, '\"e\"', NULL)", [(f"https://{token}{n}@nieuws.example/{n}",) for n in range(3)])
    with sqlite3.connect(path) as database:
        database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert token.encode() in path.read_bytes()
    Library(path).close()
    with sqlite3.connect(path) as database:
        database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert not [file.name for file in tmp_path.iterdir() if file.is_file() and token.encode() in file.read_bytes()]


# -- `sources add` and `sources remove` act on the account their address names ----------------------

TWO_ACCOUNTS = '[[source]]\nurl = "http://anna:een@127.0.0.1:9/feed"\ntitle = "Anna"\n\n[[source]]\nurl = "http://bert:twee@127.0.0.1:9/feed"\ntitle = "Bert"\n'


@pytest.fixture
def two_accounts(env, tmp_path) -> Path:
    """anna and bert read one feed address, each with their own password (on this machine: no test reaches the internet)."""
    config = tmp_path / "config.toml"
    config.write_text(TWO_ACCOUNTS, encoding="utf-8")
    return config


def test_sources_add_with_a_new_password_changes_only_the_account_its_user_name_names_and_names_it(cli, env, two_accounts):
    changed = cli("sources", "add", "http://anna:nieuw@127.0.0.1:9/feed", env=env)
    assert (changed.returncode, changed.stderr) == (0, "nieuws-tui: changed http://anna@127.0.0.1:9/feed\n")
    assert two_accounts.read_text(encoding="utf-8") == TWO_ACCOUNTS.replace("anna:een@", "anna:nieuw@")


def test_sources_add_for_another_user_adds_an_account_and_with_a_user_name_alone_keeps_the_password(cli, env, two_accounts):
    assert cli("sources", "add", "http://carl:drie@127.0.0.1:9/feed", env=env).stderr == "nieuws-tui: added http://carl@127.0.0.1:9/feed\n"
    assert cli("sources", "add", "http://bert@127.0.0.1:9/feed", "--title", "Bert B.", env=env).returncode == 0
    assert two_accounts.read_text(encoding="utf-8") == TWO_ACCOUNTS.replace('"Bert"', '"Bert B."') + '\n[[source]]\nurl = "http://carl:drie@127.0.0.1:9/feed"\n'


@pytest.mark.parametrize("named", ["http://bert@127.0.0.1:9/feed", "http://bert:twee@127.0.0.1:9/feed", "http://bert:vergeten@127.0.0.1:9/feed/"])
def test_sources_remove_removes_only_the_account_its_user_name_names(cli, env, two_accounts, named):
    removed = cli("sources", "remove", named, env=env)
    assert (removed.returncode, removed.stderr) == (0, "nieuws-tui: removed http://bert@127.0.0.1:9/feed\n")  # bert's, not anna's
    assert two_accounts.read_text(encoding="utf-8") == TWO_ACCOUNTS.split("\n\n")[0] + "\n"


@pytest.mark.parametrize("command", [["sources", "remove"], ["sources", "add"], ["fetch"]])
def test_an_address_without_user_name_that_two_accounts_read_is_refused_naming_the_accounts_without_passwords(cli, env, two_accounts, command):
    refused = cli(*command, "http://127.0.0.1:9/feed", env=env)
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr == (
        "nieuws-tui: error: http://127.0.0.1:9/feed: listed for 2 accounts (anna, bert); "
        "name the one meant by its user name, as in http://anna@127.0.0.1:9/feed\n"
    )
    assert two_accounts.read_text(encoding="utf-8") == TWO_ACCOUNTS


TOKENS = ("ghp7Zq3kR9vX2mW8nB4tY6uJ", "ghp1Lc5dF0sA7hK3pQ9wE2rT")


@pytest.mark.parametrize("command", [["sources", "remove"], ["fetch"]])
def test_accounts_whose_user_names_are_tokens_are_named_by_their_first_letters_only(cli, env, tmp_path, command):
    """A long user name is mostly a secret token: the whole of it is not shown, in the refusal nor when it is removed."""
    config = tmp_path / "config.toml"
    config.write_text("".join(f'[[source]]\nurl = "http://{token}@127.0.0.1:9/feed"\n\n' for token in TOKENS), encoding="utf-8")
    refused = cli(*command, "http://127.0.0.1:9/feed", env=env)
    assert refused.stderr == (
        "nieuws-tui: error: http://127.0.0.1:9/feed: listed for 2 accounts (ghp7…, ghp1…); "
        "name the one meant by its user name, as in http://ghp7…@127.0.0.1:9/feed\n"
    )
    if command[0] == "sources":
        removed = cli("sources", "remove", f"http://{TOKENS[1]}@127.0.0.1:9/feed", env=env)
        assert (removed.returncode, removed.stderr) == (0, "nieuws-tui: removed http://ghp1…@127.0.0.1:9/feed\n")


NO_USER_NAME = '[[source]]\nurl = "http://:geheim@127.0.0.1:9/feed"\n\n[[source]]\nurl = "http://bert:twee@127.0.0.1:9/feed"\n'


def test_an_account_with_a_password_and_no_user_name_is_named_so_and_never_by_its_password(cli, env, tmp_path):
    """`http://:geheim@host/feed` was named `http://@host/feed`, and an empty name among the accounts of its address."""
    config = tmp_path / "config.toml"
    config.write_text(NO_USER_NAME, encoding="utf-8")
    refused = cli("sources", "remove", "http://127.0.0.1:9/feed", env=env)
    assert refused.stderr == (
        "nieuws-tui: error: http://127.0.0.1:9/feed: listed for 2 accounts (empty user name, bert); "
        "name the one meant by its user name, as in http://bert@127.0.0.1:9/feed\n"
    )
    dutch = cli("sources", "add", "http://:nieuw@127.0.0.1:9/feed", env={**env, **speaking(LANG="nl_NL.UTF-8")})
    assert dutch.stderr == "nieuws-tui: http://127.0.0.1:9/feed (lege gebruikersnaam) veranderd\n"
    removed = cli("sources", "remove", "http://:nieuw@127.0.0.1:9/feed", env=env)
    assert (removed.returncode, removed.stderr) == (0, "nieuws-tui: removed http://127.0.0.1:9/feed (empty user name)\n")
    assert config.read_text(encoding="utf-8") == NO_USER_NAME.split("\n\n")[1]


ALIKE = ("ghp_Zq3kR9vX2mW8nB4tY6uJ", "ghp_Lc5dF0sA7hK3pQ9wE2rT")


def test_accounts_whose_tokens_begin_alike_are_numbered_in_their_order_and_show_no_more_of_them(cli, env, tmp_path):
    """Two tokens with the same first four letters were both named `ghp_…`: the refusal named two accounts alike."""
    config = tmp_path / "config.toml"
    config.write_text("".join(f'[[source]]\nurl = "http://{token}@127.0.0.1:9/feed"\n\n' for token in ("anna", *ALIKE)), encoding="utf-8")
    refused = cli("sources", "remove", "http://127.0.0.1:9/feed", env=env)
    assert refused.stderr == (
        "nieuws-tui: error: http://127.0.0.1:9/feed: listed for 3 accounts (anna, ghp_…#1, ghp_…#2); "
        "name the one meant by its user name, as in http://anna@127.0.0.1:9/feed\n"
    )
    removed = cli("sources", "remove", f"http://{ALIKE[1]}@127.0.0.1:9/feed", env=env)
    assert (removed.returncode, removed.stderr) == (0, "nieuws-tui: removed http://ghp_…#2@127.0.0.1:9/feed\n")
    added = cli("sources", "add", f"http://{ALIKE[1]}@127.0.0.1:9/feed", env=env)
    assert (added.returncode, added.stderr) == (0, "nieuws-tui: added http://ghp_…#2@127.0.0.1:9/feed\n")
    alone = cli("sources", "remove", f"http://{ALIKE[0]}@127.0.0.1:9/feed", env=env)
    assert alone.stderr == "nieuws-tui: removed http://ghp_…#1@127.0.0.1:9/feed\n"
    assert cli("sources", "remove", f"http://{ALIKE[1]}@127.0.0.1:9/feed", env=env).stderr == "nieuws-tui: removed http://ghp_…@127.0.0.1:9/feed\n"


def test_an_address_without_user_name_names_the_source_without_one_beside_an_account(cli, env, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[[source]]\nurl = "http://127.0.0.1:9/feed"\n\n' + TWO_ACCOUNTS, encoding="utf-8")
    assert cli("sources", "remove", "http://127.0.0.1:9/feed", env=env).returncode == 0
    assert config.read_text(encoding="utf-8") == TWO_ACCOUNTS


@pytest.mark.parametrize("command", ["import-newsboat", "import-opml"])
def test_an_import_adds_another_account_of_an_address_listed_and_leaves_those_listed_as_they_are(cli, env, two_accounts, tmp_path, command):
    """Imports matched sources by address alone: carl's account was left out as "already present"."""
    urls = ["http://carl:drie@127.0.0.1:9/feed", "http://anna:nieuw@127.0.0.1:9/feed", "http://127.0.0.1:9/feed"]
    if command == "import-newsboat":
        data = "".join(f"{url}\n" for url in urls)
    else:
        data = '<opml version="2.0"><body>' + "".join(f'<outline xmlUrl="{url}"/>' for url in urls) + "</body></opml>"
    file = tmp_path / "imported"
    file.write_text(data, encoding="utf-8")
    imported = cli("sources", command, str(file), env=env)
    assert imported.stderr == f"nieuws-tui: imported 1 source from {file}; 2 already present\n"
    assert two_accounts.read_text(encoding="utf-8") == TWO_ACCOUNTS + f'\n[[source]]\nurl = "{urls[0]}"\n'


def test_an_import_adds_an_account_on_an_address_another_account_reads_and_keeps_the_one_listed():
    anna, bert = Source("https://anna:een@nieuws.example/feed"), Source("https://bert:twee@nieuws.example/feed")
    assert with_imported([anna], [bert, bert]) == ([anna, bert], 0, 1)
    assert with_imported([anna], [Source("https://anna:nieuw@nieuws.example/feed")]) == ([anna], 1, 0)


def test_an_address_without_a_user_after_its_account_in_the_same_import_is_a_repeat_as_after_one_listed():
    """Imported after anna's feed, the same address without a user name was added as a source of its own, fetched
    without her password at every refresh, where imported once her feed was listed it counts as present."""
    anna, plain = Source("https://anna:een@nieuws.example/feed"), Source("https://nieuws.example/feed")
    assert with_imported([anna], [plain]) == ([anna], 1, 0)
    assert with_imported([], [anna, plain]) == ([anna], 0, 1)


# Damage the upgrade meets: each article keeps what it can, none stops the library from opening.
DAMAGE = {
    "a list order that is no number, on an article to be known without the password": ("sort_time = 'kapot'", 0),
    "an address that no parser reads, which keeps its id": ("url = 'http://[kapot/dijk'", 2),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_article_gets_through_the_upgrade_without_a_traceback(tmp_path, damage):
    path = tmp_path / "library.sqlite"
    ids = format_7_library(path)
    change, damaged = DAMAGE[damage]
    with sqlite3.connect(path) as database:
        database.execute(f"UPDATE articles SET {change} WHERE id = ?", (ids[damaged],))
    entries = Library(path).entries()
    assert {e.id for e in entries} == {article_id(PAGE), ids[2]}


def test_the_posts_of_a_status_feed_behind_a_password_are_not_kept_away_for_the_profile_format_7_pruned(httpserver, tmp_path):
    """Items at one link (a status feed's posts, each linking to the profile) are each known by their guid there: the
    id format 7 made of the profile's address with the password is none of theirs, and kept every post away for ever."""
    profile = httpserver.url_for("/@anna")
    posts = "".join(f"<item><title>Bericht {n}</title><link>/@anna</link><guid isPermaLink='false'>post-{n}</guid></item>" for n in (1, 2))
    feed = f"<rss version='2.0'><channel><title>Anna</title><link>{profile}</link>{posts}</channel></rss>"
    httpserver.expect_request("/feed").respond_with_handler(behind_passwords(feed, {SECRET}, "application/rss+xml"))
    library = Library(tmp_path / "library.sqlite")
    library.add([])
    with sqlite3.connect(library.files.database) as database:  # the profile as format 7 pruned it, under the id of its address with the password
        database.execute("INSERT INTO pruned (id, pruned_at) VALUES (?, '2026-01-01T00:00:00+01:00')", (article_id(with_password(profile)),))
    report = run_fetch(Library(library.path), [Source(with_password(httpserver.url_for("/feed")))], settings=FAST)
    assert not report.failed
    assert sorted(e.article.title for e in Library(library.path).entries()) == ["Bericht 1", "Bericht 2"]
