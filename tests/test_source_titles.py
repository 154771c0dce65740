"""Sources named as a newsboat user expects: what each feed calls itself is kept in the library when it is
fetched or imported, and the app's sidebar by source (`b`) names each source by its title."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from conftest import CAPTURED
from feedkit import ATOM, RSS2, article, run_fetch
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from storekit import damage_table
from test_app import WIDE, make_app, open_titled, reader_text, refreshed, settle
from test_fetch import FAST, fetch
from test_store import run_cli
from werkzeug import Response

from feeds.clean import terminal_safe
from feeds.config import Source, load_config, source_labels
from feeds.config import save_sources as save
from feeds.imports import import_paths
from feeds.library import Library
from feeds.pages.syndication import NotAFeed, read_feed
from feeds.samples import seed_pages
from feeds.store.database import VERSION
from tui.widgets.virtual_list import fit

HOSTILE_TITLE = b"<title>Omroep\x1b[2J &#x202e;Zeeland&#x9b;31m</title>"


def test_a_fetched_feed_is_known_by_its_own_title_as_last_fetched(httpserver, tmp_path):
    library = Library(tmp_path / "library.sqlite")
    feeds = {"/rss": RSS2, "/atom": ATOM}
    httpserver.expect_request("/rss").respond_with_handler(lambda request: Response(feeds["/rss"], content_type="application/rss+xml"))
    httpserver.expect_request("/atom").respond_with_data(ATOM, content_type="application/atom+xml")
    report = fetch(library, httpserver.url_for("/rss"), httpserver.url_for("/atom"))
    assert not report.failed, report.failed[0].error
    assert Library(library.path).source_titles() == {httpserver.url_for("/rss"): "Omroep Test", httpserver.url_for("/atom"): "Atom Nieuws"}
    feeds["/rss"] = RSS2.replace(b"<title>Omroep Test</title>", b"<title>Omroep Zeeland</title>")  # renamed
    fetch(Library(library.path), httpserver.url_for("/rss"))
    assert Library(library.path).source_titles()[httpserver.url_for("/rss")] == "Omroep Zeeland"
    feeds["/rss"] = RSS2.replace(b"<title>Omroep Test</title>", b"")  # a feed that calls itself nothing any more
    fetch(Library(library.path), httpserver.url_for("/rss"))
    assert httpserver.url_for("/rss") not in Library(library.path).source_titles()


def test_a_feed_title_of_html_is_known_by_its_text_as_the_titles_of_its_entries_are(httpserver, tmp_path):
    """`<title type="html">&lt;b&gt;Nieuws&lt;/b&gt;</title>` named the source `<b>Nieuws</b>`; one of type text is the text it says."""
    library = Library(tmp_path / "library.sqlite")
    for path, title in (("/html", b'<title type="html">&lt;b&gt;Nieuws&lt;/b&gt; &amp;amp; meer</title>'), ("/text", b'<title type="text">Een &lt;kop&gt;</title>')):
        feed = ATOM.replace(b"<title>Atom Nieuws</title>", title).replace(b"http://example.org/brug", b"http://example.org" + path.encode())
        httpserver.expect_request(path).respond_with_data(feed, content_type="application/atom+xml")
    report = fetch(library, httpserver.url_for("/html"), httpserver.url_for("/text"))
    assert not report.failed, report.failed[0].error
    assert Library(library.path).source_titles() == {httpserver.url_for("/html"): "Nieuws & meer", httpserver.url_for("/text"): "Een <kop>"}
    assert sorted(section.name for section in Library(library.path).sections()) == ["Een <kop>", "Nieuws & meer"]  # the feed's title files its entries


def test_a_feed_title_is_kept_as_a_clean_line_by_the_address_without_a_password(httpserver, tmp_path):
    library = Library(tmp_path / "library.sqlite")
    httpserver.expect_request("/rss").respond_with_data(RSS2.replace(b"<title>Omroep Test</title>", HOSTILE_TITLE), content_type="application/rss+xml")
    url = httpserver.url_for("/rss").replace("://", "://anna:geheim@")
    report = run_fetch(library, [Source(url)], settings=FAST)
    assert not report.failed, report.failed[0].error
    [(source, title)] = Library(library.path).source_titles().items()
    assert source == httpserver.url_for("/rss") and terminal_safe(title) == title and "Omroep" in title and "Zeeland" in title


def test_an_unchanged_feed_keeps_its_title_and_a_failed_one_changes_nothing(httpserver, tmp_path):
    library = Library(tmp_path / "library.sqlite")
    answers = iter([Response(RSS2, content_type="application/rss+xml", headers={"ETag": '"v1"'}), Response(status=304), Response(status=404)])
    httpserver.expect_request("/rss").respond_with_handler(lambda request: next(answers))
    for _ in range(3):
        fetch(Library(library.path), httpserver.url_for("/rss"))
    assert Library(library.path).source_titles() == {httpserver.url_for("/rss"): "Omroep Test"}


def test_an_imported_file_is_known_by_the_title_of_what_it_holds(tmp_path):
    feed = tmp_path / "omroep.xml"
    feed.write_bytes(RSS2)
    library = Library(tmp_path / "library.sqlite")
    import_paths(library, [feed, *seed_pages()])
    titles = Library(library.path).source_titles()
    assert titles[str(feed.resolve())] == "Omroep Test"  # a feed by its title
    # A sample page (an article page of ZeelandNet's) by its story, as a browser's tab names it.
    assert [titles[str(page.resolve())] for page in seed_pages()] == [
        "Koreaanse leider Kim al in Rusland voor ontmoeting met Poetin", "Kim Jong-un biedt Rusland zijn 'volledige steun' aan",
    ]  # fmt: skip


def test_a_feed_imported_from_newsboat_s_cache_is_known_by_the_title_newsboat_lists_it_by(tmp_path):
    from test_sources_newsboat import newsboat_cache

    from feeds.imports import import_newsboat_cache

    cache, library = tmp_path / "cache.db", Library(tmp_path / "library.sqlite")
    newsboat_cache(cache, {"https://nos.nl/rss": "NOS \x1b[31mNieuws", "https://a.example/feed": ""}, [
        {"url": "https://nos.nl/dijk", "title": "Dijk versterkt", "feedurl": "https://nos.nl/rss"},
        {"url": "https://a.example/brug", "title": "Brug dicht", "feedurl": "https://a.example/feed"},  # a feed newsboat knows no title of
    ])  # fmt: skip
    import_newsboat_cache(library, cache, lambda url: None)
    assert Library(library.path).source_titles() == {"https://nos.nl/rss": "NOS Nieuws"}  # a clean line


def test_a_library_of_format_10_is_brought_up_to_date_and_keeps_titles_from_the_next_fetch_on(httpserver, tmp_path):
    path = tmp_path / "library.sqlite"
    library = Library(path)
    library.add([(article("Bericht", source="https://nieuws.example/rss"), CAPTURED)])
    with sqlite3.connect(library.files.database) as database:  # as format 10 made it
        database.execute("DROP TABLE source_titles")
        database.execute("UPDATE meta SET value = 10 WHERE key = 'version'")
    database.close()
    library.close()
    assert Library(path).source_titles() == {}
    with sqlite3.connect(path) as database:
        assert database.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()[0] == VERSION
    database.close()
    assert [e.article.title for e in Library(path).entries()] == ["Bericht"]
    httpserver.expect_request("/rss").respond_with_data(RSS2, content_type="application/rss+xml")
    fetch(Library(path), httpserver.url_for("/rss"))
    assert Library(path).source_titles() == {httpserver.url_for("/rss"): "Omroep Test"}


def titled_library(path) -> Library:
    """Two sources with articles and a title each, and the title of a third of which no article is stored."""
    library = Library(path)
    library.add([(article("Dijk", source="https://a.example/rss"), CAPTURED), (article("Brug", source="https://b.example/rss"), CAPTURED)])
    with library.writing() as writer:
        writer.note_source_titles({"https://a.example/rss": "Omroep A", "https://b.example/rss": "Omroep B", "https://c.example/rss": "Omroep C"})
    return library


def test_a_source_s_title_goes_with_its_last_article(tmp_path):
    library = titled_library(tmp_path / "library.sqlite")
    [dijk] = [e.id for e in library.entries() if e.article.title == "Dijk"]
    with library.writing() as writer:
        writer.prune([dijk], listed=())
    assert Library(library.path).source_titles() == {"https://b.example/rss": "Omroep B"}  # the one of an article that is there stays


def test_sources_remove_forgets_the_titles_that_name_no_article_and_keeps_those_that_do(tmp_path, cli):
    library = titled_library(tmp_path / "library.sqlite")
    env = {"NIEUWS_TUI_DB": str(library.path), "NIEUWS_TUI_CONFIG": str(tmp_path / "config.toml")}
    save([Source("https://a.example/rss"), Source("https://c.example/rss")], tmp_path / "config.toml")
    checked = cli("check", env=env)
    assert "1 title of a source that has no article here (unused" in checked.stderr + checked.stdout, checked
    assert cli("sources", "remove", "https://c.example/rss", env=env).returncode == 0
    assert cli("sources", "remove", "https://a.example/rss", env=env).returncode == 0
    # A removed source's articles stay in the library, named by its title as before.
    assert Library(library.path).source_titles() == {"https://a.example/rss": "Omroep A", "https://b.example/rss": "Omroep B"}
    checked = cli("check", env=env)
    assert checked.returncode == 0 and "title" not in checked.stderr + checked.stdout


def test_sources_remove_with_the_validators_damaged_forgets_the_titles_and_says_what_it_could_not_forget(tmp_path, cli):
    """A damaged validators table failed the transaction that forgets a removed source's title and validator: the title
    stayed, and nothing was said of either."""
    from feeds.store.writer import Validator

    library = titled_library(tmp_path / "library.sqlite")
    with library.writing() as writer:
        writer.note_validators({"https://c.example/rss": Validator('"c"', None)})
    damage_table(library, "validators")
    env = {"NIEUWS_TUI_DB": str(library.path), "NIEUWS_TUI_CONFIG": str(tmp_path / "config.toml")}
    save([Source("https://a.example/rss"), Source("https://c.example/rss")], tmp_path / "config.toml")
    removed = cli("sources", "remove", "https://c.example/rss", env=env)
    assert (removed.returncode, removed.stderr.splitlines()) == (0, [
        "nieuws-tui: removed https://c.example/rss",
        f"nieuws-tui: warning: {library.file}: the validators are damaged, and what https://c.example/rss answered stays in them; "
        "`nieuws-tui check --repair` empties them",
    ])  # fmt: skip
    assert "https://c.example/rss" not in Library(library.path).source_titles()
    assert [source.url for source in load_config(tmp_path / "config.toml").sources] == ["https://a.example/rss"]


def test_sources_remove_waits_for_no_fetch_to_forget_titles(tmp_path, cli):
    library = titled_library(tmp_path / "library.sqlite")
    env = {"NIEUWS_TUI_DB": str(library.path), "NIEUWS_TUI_CONFIG": str(tmp_path / "config.toml")}
    save([Source("https://c.example/rss")], tmp_path / "config.toml")
    writer = Library(library.path).begin()  # a fetch run storing
    try:
        removed = cli("sources", "remove", "https://c.example/rss", env=env, timeout=30)
    finally:
        writer.rollback()
    assert removed.returncode == 0 and removed.stderr == "nieuws-tui: removed https://c.example/rss\n", removed
    assert "https://c.example/rss" in Library(library.path).source_titles()  # for a later prune or remove


# -- the labels ----------------------------------------------------------------------------------


def test_a_source_is_named_by_its_title_and_two_of_one_title_also_by_what_tells_their_addresses_apart():
    sources = ["https://nu.nl/rss/economie", "https://nu.nl/rss/sport", "https://nos.nl/rss", "https://omroep.example/rss", "/home/lezer/a.xml"]
    titles = {"https://nu.nl/rss/economie": "NU", "https://nu.nl/rss/sport": "NU", "https://nos.nl/rss": "NU", "https://omroep.example/rss": "Omroep"}
    assert source_labels(sources, titles) == {
        "https://nu.nl/rss/economie": "NU (nu.nl/…/economie)", "https://nu.nl/rss/sport": "NU (nu.nl/…/sport)", "https://nos.nl/rss": "NU (nos.nl)",
        "https://omroep.example/rss": "Omroep", "/home/lezer/a.xml": "a.xml",
    }  # fmt: skip


@given(
    st.dictionaries(
        st.text(alphabet="/:.\\wx1b\x1b\u202e", max_size=10),
        st.none() | st.text(alphabet="( )'\"x\x1b\u202e", min_size=1, max_size=6),
        max_size=6,
    )
)
def test_every_source_gets_a_name_of_its_own_that_is_safe_on_a_terminal_whatever_its_title(titled):
    labels = source_labels(titled, {source: title for source, title in titled.items() if title})
    assert len(set(labels.values())) == len(titled)
    assert all(terminal_safe(label) == label for label in labels.values())


# -- the app ---------------------------------------------------------------------------------------


async def sidebar_by_source(app, pilot) -> dict[str, str]:
    await settle(app, pilot)
    await pilot.press("b")
    await pilot.pause()
    return {s.name: s.shown for s in app.sections.items[2:]}


async def test_b_names_the_sources_by_config_toml_s_title_else_their_own_else_their_address(httpserver, tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    monkeypatch.setenv("NIEUWS_TUI_CONFIG", str(config))
    feed = {path: RSS2.replace(b"Omroep Test", f"Omroep {path[1:]}".encode()).replace(b"example.org/", f"example.org{path}/".encode()) for path in ("/a", "/b", "/c")}
    for path, body in feed.items():
        httpserver.expect_request(path).respond_with_data(body, content_type="application/rss+xml")
    untitled = httpserver.url_for("/d")
    httpserver.expect_request("/d").respond_with_data(RSS2.replace(b"<title>Omroep Test</title>", b"").replace(b"example.org/", b"example.org/d/"), content_type="application/rss+xml")
    sources = [Source(httpserver.url_for("/a"), title="Mijn omroep"), Source(httpserver.url_for("/b")), Source(httpserver.url_for("/c")), Source(untitled)]
    save(sources, config)
    library = Library(tmp_path / "library.sqlite")
    report = run_fetch(library, sources, settings=FAST)
    assert not report.failed, report.failed[0].error
    app = make_app(library.path)
    async with app.run_test(size=(80, 24)) as pilot:
        shown = await sidebar_by_source(app, pilot)
        assert shown == {
            httpserver.url_for("/a"): "Mijn omroep",  # the user's title, as newsboat's "~Title"
            httpserver.url_for("/b"): "Omroep b",  # the feed's own
            httpserver.url_for("/c"): "Omroep c",
            untitled: f"127.0.0.1:{httpserver.port}/d",  # none: as much of its address as tells it from the others of its host
        }
        rows = app.sections.render_lines(app.sections.region)  # and at 80 columns each is told apart on screen
        assert all(any(label in "".join(s.text for s in row) for row in rows) for label in ("Mijn omroep", "Omroep b", "Omroep c"))


async def test_b_names_the_sample_pages_by_their_stories(seeded_library):
    app = make_app(seeded_library.path)
    async with app.run_test(size=WIDE) as pilot:
        shown = await sidebar_by_source(app, pilot)
        assert sorted(shown.values()) == ["Kim Jong-un biedt Rusland zijn 'volledige steun' aan", "Koreaanse leider Kim al in Rusland voor ontmoeting met Poetin"]


async def test_b_names_two_sources_of_one_title_apart(tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    monkeypatch.setenv("NIEUWS_TUI_CONFIG", str(config))
    save([Source("https://nu.nl/rss/economie", title="NU"), Source("https://nu.nl/rss/sport", title="NU")], config)
    library = Library(tmp_path / "library.sqlite")
    library.add([(article(f"Bericht {n}", source=source), CAPTURED) for n, source in enumerate(["https://nu.nl/rss/economie", "https://nu.nl/rss/sport"])])
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        assert sorted((await sidebar_by_source(app, pilot)).values()) == ["NU (nu.nl/…/economie)", "NU (nu.nl/…/sport)"]


async def test_a_long_title_is_cut_before_what_tells_two_sources_of_it_apart(tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    monkeypatch.setenv("NIEUWS_TUI_CONFIG", str(config))
    title = "NU: het laatste nieuws, het eerst op NU.nl"
    sources = ["https://nu.nl/rss/economie", "https://nu.nl/rss/sport", "https://verylonghostname.example.org/nieuws/economie/rss"]
    save([Source(source, title=title) for source in sources[:2]], config)
    library = Library(tmp_path / "library.sqlite")
    library.add([(article(f"Bericht {n}", source=source), CAPTURED) for n, source in enumerate(sources)])
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        await sidebar_by_source(app, pilot)
        rows = ["".join(s.text for s in row).strip() for row in app.sections.render_lines(app.sections.region)]
        economie, sport = (next(row for row in rows if part in row) for part in ("(nu.nl/…/economie)", "(nu.nl/…/sport)"))
        assert economie.startswith("NU: het") and "… (nu.nl/…/economie)" in economie  # the title cut, with an ellipsis
        assert sport.startswith("NU: het") and "… (nu.nl/…/sport)" in sport
        await open_titled(app, pilot, "Bericht 1")
        assert f"From {title} (https://nu.nl/rss/sport)" in reader_text(app)  # whole


def test_a_name_cut_to_fit_keeps_the_end_that_tells_it_apart():
    sources = ["https://verylonghostname.example.org/nieuws/economie/rss", "https://verylonghostname.example.org/nieuws/sport/rss"]
    labels = source_labels(sources)
    assert [fit(label, 20, label.tail) for label in labels.values()] == ["very…/…/economie/rss", "verylon…/…/sport/rss"]
    assert fit("Omroep (verylonghostname.example.org)", 12, " (verylonghostname.example.org)") == "Om… (ve…org)"  # too long for the title to keep a fifth: cut in its middle
    assert fit("日本語の長い題名です (a/…/b)", 12, " (a/…/b)") == "日… (a/…/b) "  # in cells, a wide character whole
    assert fit("Omroep", 10, " (a)") == "Omroep    "


def test_a_name_cut_just_after_a_word_has_its_ellipsis_right_after_the_word():
    """`Omroep …` read as a word left out after `Omroep`; `Zeeland …` the same before the tail that tells it apart."""
    assert fit("Omroep Zeeland", 8) == "Omroep… "
    assert fit("Omroep Zeeland Noord (a/…/b)", 24, " (a/…/b)") == "Omroep Zeeland… (a/…/b) "
    assert fit("Nieuws … en meer", 10) == "Nieuws…   "  # and one ellipsis, where the cut falls after one of the name's own


async def test_at_80_columns_the_sidebar_cuts_titles_of_one_start_where_they_still_differ(tmp_path, monkeypatch):
    """`Testnieuws…` and `Testnieuws…`: cut alike, two sources of a long common start could not be told apart."""
    config = tmp_path / "config.toml"
    monkeypatch.setenv("NIEUWS_TUI_CONFIG", str(config))
    sources = {"https://test.example/binnenland": "Testnieuws Binnenland", "https://test.example/buitenland": "Testnieuws Buitenland"}
    save([Source(source, title=title) for source, title in sources.items()], config)
    library = Library(tmp_path / "library.sqlite")
    library.add([(article(f"Bericht {n}", source=source), CAPTURED) for n, source in enumerate(sources)])
    app = make_app(library.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await sidebar_by_source(app, pilot)
        rows = [row for line in app.sections.render_lines(app.sections.region) if (row := "".join(s.text for s in line).strip()).startswith("Te")][-2:]
        assert "Binnenland" in rows[0] and "Buitenland" in rows[1], rows


def test_a_name_cut_to_fit_keeps_the_end_where_it_parts_from_a_name_of_the_same_start():
    sources = ["https://a.example", "https://b.example", "https://c.example", "https://d.example"]
    titles = dict(zip(sources, ["Testnieuws Binnenland", "Testnieuws Buitenland", "Testnieuws", "Weer"], strict=True))
    labels = source_labels(sources, titles)
    assert [label.tail for label in labels.values()] == [" Binnenland", " Buitenland", "", ""]
    assert [fit(label, 14, label.tail) for label in labels.values()] == ["Te… Binnenland", "Te… Buitenland", "Testnieuws    ", "Weer          "]


def test_a_source_without_a_title_is_told_apart_from_the_other_sources_of_its_host_titled_or_not():
    """A failing feed without a title was `127.0.0.1:8861` beside three titled feeds of that host: which one failed? (r86)"""
    sources = ["http://127.0.0.1:8861/nos.xml", "http://127.0.0.1:8861/sport.xml", "http://127.0.0.1:8861/gone.xml"]
    labels = source_labels(sources, {sources[0]: "NOS", sources[1]: "NOS Sport"})
    assert [str(labels[source]) for source in sources] == ["NOS", "NOS Sport", "127.0.0.1:8861/gone.xml"]


def test_a_name_whose_tail_does_not_fit_is_cut_after_the_word_where_it_parts_not_in_two_places():
    """`NOS… Nieu…emeen` where `NOS Nieuws Alg…` fits and tells it from `NOS Sport` as well (r86)."""
    sources = ["https://feeds.nos.nl/algemeen", "https://feeds.nos.nl/sport"]
    labels = source_labels(sources, dict(zip(sources, ["NOS Nieuws Algemeen", "NOS Sport"], strict=True)))
    assert [fit(label, 15, label.tail) for label in labels.values()] == ["NOS Nieuws Alg…", "NOS Sport      "]


async def test_a_refresh_reads_config_toml_once_however_many_sources_it_stores(httpserver, tmp_path, monkeypatch):
    """Each source's articles are taken into the app as they are stored; read again at each of them, a config.toml of
    1,000 sources (17 ms to read) held the engine thread, and the marks waiting behind it, for a quarter of a minute."""
    import tui.library_view

    config = tmp_path / "config.toml"
    monkeypatch.setenv("NIEUWS_TUI_CONFIG", str(config))
    paths = [f"/{n}" for n in range(5)]
    for path in paths:
        httpserver.expect_request(path).respond_with_data(RSS2.replace(b"example.org/", f"example.org{path}/".encode()), content_type="application/rss+xml")
    save([Source(httpserver.url_for(path), title=f"Omroep {path[1:]}") for path in paths], config)
    app = make_app(tmp_path / "library.sqlite")
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        reads = 0
        load_config = tui.library_view.load_config

        def counted(**how) -> object:
            nonlocal reads
            reads += 1
            return load_config(**how)

        monkeypatch.setattr(tui.library_view, "load_config", counted)
        await pilot.press("r")
        await refreshed(app, pilot)
        assert not app.refresh_errors
        assert reads == 1  # the refresh's plan; the titles it gives are those the sidebar names the sources by
        assert sorted((await sidebar_by_source(app, pilot)).values()) == [f"Omroep {n}" for n in range(5)]


async def test_the_app_reads_the_sources_titles_off_the_ui_thread_and_names_them_by_it_once_read(tmp_path, monkeypatch):
    """The titles were read with a query on the UI thread as the app was made, before its first screen."""
    library = Library(tmp_path / "library.sqlite")
    library.add([(article("Dijk", source="https://a.example/rss"), CAPTURED)])
    with library.writing() as writer:
        writer.note_source_titles({"https://a.example/rss": "Omroep A"})
    readers: list[str] = []
    source_titles = Library.source_titles
    monkeypatch.setattr(Library, "source_titles", lambda self: readers.append(threading.current_thread().name) or source_titles(self))
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        assert list((await sidebar_by_source(app, pilot)).values()) == ["Omroep A"]
    assert readers and threading.main_thread().name not in readers



async def test_a_library_whose_titles_cannot_be_read_opens_its_sources_named_by_their_addresses_and_says_so_once(tmp_path, capsys):
    """A damaged table of the sources' titles, which are a convenience, failed the reading of the whole library:
    "Could not read the whole library", its articles past the first screenful never shown, nor counted."""
    library = Library(tmp_path / "library.sqlite")
    library.add([(article("Dijk", source="https://a.example/rss"), CAPTURED), (article("Brug", source="https://b.example/rss"), CAPTURED)])
    with library.writing() as writer:
        writer.note_source_titles({"https://a.example/rss": "Omroep A", "https://b.example/rss": "Omroep B"})
    damage_table(library, "source_titles")
    app = make_app(library.path)
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        assert await sidebar_by_source(app, pilot) == {"https://a.example/rss": "a.example", "https://b.example/rss": "b.example"}
        assert app.library_view.complete and not app.library_view.unreadable and len(app.articles.items) == 2
        Library(library.path).add([(article("Sluis", source="https://a.example/rss"), CAPTURED)])  # (the titles are read again with it)
        app._look_for_changes()
        await settle(app, pilot)
        assert len(app.articles.items) == 3
        assert [(n.message, n.severity) for n in app._notifications if n.severity != "information"] == [
            (f"Could not read the sources' titles, so the sources go by their addresses: {library.files.database}: damaged "
             "(database disk image is malformed); left untouched — `nieuws-tui check` says which part, and whether "
             "`check --repair` can make it anew; else restore it from a backup", "warning")
        ]  # fmt: skip
    # The command line names no source by its title: its list is whole, and says nothing of them.
    code, out, err = run_cli(capsys, "--db", str(library.path), "list")
    assert (code, len(out.splitlines()), err) == (0, 3, "")

def titles_failing(monkeypatch, code: int, times: int) -> None:
    """The sources' titles, as the library reads them, failing `times` times with SQLite's error `code`, as the engine says it."""
    source_titles, failures = Library.source_titles, iter(range(times))

    def read(self: Library) -> dict[str, str]:
        if next(failures, None) is not None:
            failed = sqlite3.OperationalError("failed")
            failed.sqlite_errorcode = code
            with self.database.errors():
                raise failed
        return source_titles(self)

    monkeypatch.setattr(Library, "source_titles", read)


def library_with_titles(path) -> Library:
    library = Library(path)
    library.add([(article("Dijk", source="https://a.example/rss"), CAPTURED)])
    with library.writing() as writer:
        writer.note_source_titles({"https://a.example/rss": "Omroep A"})
    return library


async def test_a_library_whose_titles_cannot_be_read_for_a_disk_error_says_that_error_not_damage(tmp_path, monkeypatch):
    """Any failure to read the titles was said to be damage, for `nieuws-tui check` to find: a disk's error it does not find."""
    library = library_with_titles(tmp_path / "library.sqlite")
    titles_failing(monkeypatch, sqlite3.SQLITE_IOERR, times=2)  # as the app starts, and as it reads the library whole
    app = make_app(library.path)
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        assert await sidebar_by_source(app, pilot) == {"https://a.example/rss": "a.example"}
        assert [(n.message, n.severity) for n in app._notifications if n.severity != "information"] == [
            (f"Could not read the sources' titles, so the sources go by their addresses: {library.files.database}: disk I/O error", "warning")
        ]


async def test_a_library_busy_as_its_titles_are_read_keeps_them_unsaid_and_reads_them_again_at_the_next_look_for_changes(tmp_path, monkeypatch):
    """A library busy (another process writing for minutes) was said to have damaged titles, and its sources went by
    their addresses until something new was stored."""
    library = library_with_titles(tmp_path / "library.sqlite")
    titles_failing(monkeypatch, sqlite3.SQLITE_BUSY, times=2)
    app = make_app(library.path)
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        assert await sidebar_by_source(app, pilot) == {"https://a.example/rss": "a.example"}  # none read yet
        app._look_for_changes()  # nothing new stored: the titles are read all the same
        await settle(app, pilot)
        await pilot.pause()
        assert {s.name: s.shown for s in app.sections.items[2:]} == {"https://a.example/rss": "Omroep A"}
        assert [n.message for n in app._notifications if n.severity != "information"] == []


async def test_the_reader_names_the_source_as_the_sidebar_does_whole_and_with_its_address(tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    monkeypatch.setenv("NIEUWS_TUI_CONFIG", str(config))
    long_title = "Omroep Zeeland: het nieuws uit de provincie, elke dag opnieuw bijgewerkt"
    save([Source("https://a.example/rss", title="Mijn omroep")], config)
    library = Library(tmp_path / "library.sqlite")
    sources = {"Dijk": "https://a.example/rss", "Brug": "https://b.example/rss", "Sluis": "https://c.example/rss"}
    library.add([(article(title, source=source), CAPTURED) for title, source in sources.items()])
    with library.writing() as writer:
        writer.note_source_titles({"https://a.example/rss": "Omroep A", "https://b.example/rss": long_title})
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await open_titled(app, pilot, "Dijk")
        assert "From Mijn omroep (https://a.example/rss)" in reader_text(app)  # config.toml's title, as the sidebar's
        await open_titled(app, pilot, "Brug")
        assert f"From {long_title} (https://b.example/rss)" in reader_text(app)  # its own, whole however long
        await open_titled(app, pilot, "Sluis")
        assert "From https://c.example/rss" in reader_text(app)  # none: its address


EMPTY_RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Nieuwe podcast</title><link>http://example.org/</link>
<description>Nog niets</description></channel></rss>"""


def test_a_feed_without_items_is_fetched_with_no_new_articles_and_known_by_its_title(httpserver, tmp_path, cli):
    """A new feed, or one whose items have all expired, is a feed as newsboat shows it: with 0 articles, no error."""
    httpserver.expect_request("/leeg.rss").respond_with_data(EMPTY_RSS, content_type="application/rss+xml")
    httpserver.expect_request("/leeg.atom").respond_with_data(ATOM.split(b"<entry>")[0] + b"</feed>", content_type="application/atom+xml")
    env = {"NIEUWS_TUI_DB": str(tmp_path / "library.sqlite"), "NIEUWS_TUI_CONFIG": str(tmp_path / "config.toml")}
    rss, atom = httpserver.url_for("/leeg.rss"), httpserver.url_for("/leeg.atom")
    fetched = cli("fetch", rss, atom, env=env)
    assert (fetched.returncode, sorted(fetched.stdout.splitlines())) == (0, sorted([f"ok {rss} new=0 updated=0", f"ok {atom} new=0 updated=0"]))
    assert "2 sources: 0 new, 0 updated articles; 0 failed; 2 requests" in fetched.stderr.splitlines()
    assert Library(tmp_path / "library.sqlite").source_titles() == {rss: "Nieuwe podcast", atom: "Atom Nieuws"}


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        (b'<?xml version="1.0"?><urlset><url><loc>http://example.org/</loc></url></urlset>', "geen RSS- of Atom-feed"),
        (
            EMPTY_RSS.replace(b"</channel></rss>", b"<it"),
            "geen goed gevormde XML, en zonder een item dat te lezen is; hij eindigt bij zijn opgegeven lengte (Content-Length: 150) voordat zijn hoofdelement sluit",
        ),
    ],
    ids=["a-sitemap", "a-feed-broken-off-before-its-first-item"],
)
def test_a_document_that_is_no_feed_fails_saying_why_in_the_readers_language(httpserver, tmp_path, cli, document, reason):
    httpserver.expect_request("/kaart.xml").respond_with_data(document, content_type="text/xml")
    env = {"NIEUWS_TUI_DB": str(tmp_path / "library.sqlite"), "NIEUWS_TUI_CONFIG": str(tmp_path / "config.toml"), "LANG": "nl_NL.UTF-8", "LANGUAGE": "nl"}
    fetched = cli("fetch", httpserver.url_for("/kaart.xml"), env=env)
    assert fetched.returncode == 1 and fetched.stdout == f"failed {httpserver.url_for('/kaart.xml')} ongeldige feed: {reason}\n"


@pytest.mark.parametrize(
    "document",
    [
        b'<?xml version="1.0"?><feed><error>rate limit exceeded</error></feed>',
        b'<feed xmlns="urn:x-api"><status>403</status><message>Forbidden</message></feed>',
        b'<rss version="2.0"><error>Not found</error></rss>',
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><error>Not found</error></rdf:RDF>',
    ],
    ids=["feed-in-no-namespace", "feed-in-another-namespace", "rss-without-a-channel", "rdf-without-a-channel"],
)
def test_an_answer_in_a_feeds_form_without_entries_is_no_empty_feed(document):
    """An API's error answer with a root named `feed` or `rss` is no feed that has no entries at the time."""
    with pytest.raises(NotAFeed, match="^not an RSS or Atom feed$"):
        read_feed(document, "http://example.org/feed")


@pytest.mark.parametrize(
    "document",
    [
        EMPTY_RSS,
        EMPTY_RSS.replace(b' version="2.0"', b' version="0.91"'),
        ATOM.split(b"<entry>")[0] + b"</feed>",
        b'<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Oud Atom</title></feed>',
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">'
        b'<channel rdf:about="http://example.org/"><title>RSS 1.0</title></channel></rdf:RDF>',
    ],
    ids=["rss-2.0", "rss-0.91", "atom-1.0", "atom-0.3", "rss-1.0"],
)
def test_a_feed_of_each_kind_without_entries_is_read_with_none(document):
    feed = read_feed(document, "http://example.org/feed")
    assert feed.entries == [] and feed.title


def test_a_feed_without_entries_or_title_leaves_the_sources_stored_title(httpserver, tmp_path):
    """An empty feed that calls itself nothing (a placeholder) does not unname the source, as one with entries does."""
    library = Library(tmp_path / "library.sqlite")
    feeds = {"/rss": RSS2}
    httpserver.expect_request("/rss").respond_with_handler(lambda request: Response(feeds["/rss"], content_type="application/rss+xml"))
    fetch(library, httpserver.url_for("/rss"))
    feeds["/rss"] = b'<?xml version="1.0"?><rss version="2.0"><channel><link>http://example.org/</link></channel></rss>'
    report = fetch(Library(library.path), httpserver.url_for("/rss"))
    assert not report.failed, report.failed[0].error
    assert Library(library.path).source_titles() == {httpserver.url_for("/rss"): "Omroep Test"}


# An Atom feed whose names carry a prefix, damaged by a `<br>` that takes its root's end tag for its own; not closed.
PREFIXED_ATOM = (
    b'<?xml version="1.0" encoding="utf-8"?><atom:feed xmlns:atom="http://www.w3.org/2005/Atom">'
    b"<atom:title>Nieuwe podcast</atom:title><atom:subtitle>Nog<br>niets</atom:subtitle>"
)


@pytest.mark.parametrize(
    "document",
    [
        EMPTY_RSS.replace(b"</channel>", b'<atom:link href="http://example.org/feed" rel="self"/></channel>'),
        EMPTY_RSS.replace(b"Nog niets", b"Nog<br>niets"),
        EMPTY_RSS + b"\n<!-- cache: 0.2 s --> x",
        b"\n<br />\n<b>Warning</b>: date(): it is not safe to rely on the system's timezone settings<br />\n" + EMPTY_RSS,
        PREFIXED_ATOM + b"</atom:feed>",
    ],
    ids=["an-undeclared-prefix", "a-br-in-the-description", "bytes-after-its-end", "php-warnings-before-it", "a-prefixed-root"],
)
def test_a_whole_feed_without_entries_with_small_damage_is_read_with_none(document):
    """The damage the repairs are for, in a new or expired feed: as the same feed with an item is read, it is read."""
    feed = read_feed(document, "http://example.org/feed")
    assert (feed.entries, feed.title) == ([], "Nieuwe podcast")



@pytest.mark.parametrize("declared", [True, False], ids=["after-its-declaration", "without-one"])
def test_a_feed_without_entries_that_quotes_an_xml_declaration_is_read_with_none(declared):
    """Its outline was read from the first `<?xml ` past its first byte, wherever that was: a description that quoted
    one in a CDATA section made a new feed about XML "not well-formed"."""
    document = EMPTY_RSS.replace(b"Nog niets", b"<![CDATA[Een feed begint met <?xml version='1.0'?> en dan <rss>.]]>")
    feed = read_feed(document if declared else document.replace(b'<?xml version="1.0"?>', b""), "http://example.org/feed")
    assert (feed.entries, feed.title) == ([], "Nieuwe podcast")


@pytest.mark.parametrize(
    "document",
    [
        EMPTY_RSS.replace(b"</channel></rss>", b"<it"),
        EMPTY_RSS.replace(b"</channel></rss>", b"<description>Nog<br>niets"),
        EMPTY_RSS.replace(b"</channel></rss>", b"<!-- </rss>"),
        EMPTY_RSS.replace(b"</channel></rss>", b"<description><![CDATA[</rss>"),
        ATOM.split(b"<entry>")[0],
    ],
    ids=["at-a-tag", "after-damage", "in-a-comment", "in-a-cdata-section", "atom"],
)
def test_a_feed_broken_off_before_its_first_entry_is_refused(document):
    with pytest.raises(NotAFeed, match="^not well-formed, and without an entry that can be read$"):
        read_feed(document, "http://example.org/feed")


@pytest.mark.parametrize(
    "document",
    [
        EMPTY_RSS.replace(b"</channel></rss>", b'<x:feed xmlns:x="urn:x">catalogus</x:feed><description>Nog<br>niets'),
        PREFIXED_ATOM + b'<x:feed xmlns:x="urn:x">catalogus</x:feed><atom:updated>2026',
        EMPTY_RSS.replace(b"<rss ", b'<rss xmlns:x="urn:x" ').replace(b"</channel></rss>", b"<description>Nog<br>niets</x:rss>"),
    ],
    ids=["an-element-named-feed-in-rss", "one-in-atom", "the-roots-name-with-another-prefix"],
)
def test_an_end_tag_of_the_roots_name_but_not_the_root_leaves_a_broken_off_feed_refused(document):
    """Any end tag named rss, feed or RDF, whatever its prefix, passed for the root's: a feed cut short after an
    extension's `<x:feed>` was read as a whole one without entries."""
    with pytest.raises(NotAFeed, match="^not well-formed, and without an entry that can be read$"):
        read_feed(document, "http://example.org/feed")


_ENTITIES = "".join(f'<!ENTITY e{n:03d} "&#{160 + n};"> <!-- {n}: een teken -->\n' for n in range(250))
_LICENCE = "<!--\n" + "Deze feed valt onder de licentie CC BY 4.0; zie de voorwaarden op de site.\n" * 120 + "-->\n"


@pytest.mark.parametrize(
    "prologue",
    [
        f"<!DOCTYPE rss [\n{_ENTITIES}]>\n",
        f"<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\" \"http://my.netscape.com/publish/formats/rss-0.91.dtd\" [\n{_ENTITIES}]>\n",
        _LICENCE,
        f"{_LICENCE}<?xml-stylesheet href=\"feed.xsl\" type=\"text/xsl\"?>\n<!DOCTYPE rss [\n{_ENTITIES}]>\n",
    ],
    ids=["a-document-type-of-entities", "with-an-external-id", "a-licence-in-a-comment", "all-of-them"],
)
@pytest.mark.parametrize("item", [True, False], ids=["with-an-item", "without"])
def test_a_feed_whose_prologue_is_longer_than_8_kb_is_read(prologue, item):
    """A document type with HTML's entities, or a licence in a comment, put a real feed's first element after 8 kB, and
    it was refused as "no element in the first 8 kB"."""
    assert len(prologue) > 8192
    e_acute = "&e073;" if "ENTITY" in prologue else "&#233;"
    entry = f"<item><title>Caf{e_acute} &amp; zo</title><link>http://example.org/a</link><description>x</description></item>" if item else ""
    document = EMPTY_RSS.replace(b"?>", b"?>\n" + prologue.encode(), 1).replace(b"</channel>", entry.encode() + b"</channel>")
    feed = read_feed(document, "http://example.org/feed")
    assert feed.title == "Nieuwe podcast" and [entry.title for entry in feed.entries] == (["Café & zo"] if item else [])


KIM_TITLE = "Koreaanse leider Kim al in Rusland voor ontmoeting met Poetin"
KIM_SOURCES = ["https://example.org/a/000_a5cab632ecde00b7.txt", "https://example.org/b/127.0.0.1_37601.txt"]


def two_sources_of_kim(tmp_path, monkeypatch) -> Library:
    config = tmp_path / "config.toml"
    monkeypatch.setenv("NIEUWS_TUI_CONFIG", str(config))
    save([Source(source, title=KIM_TITLE) for source in KIM_SOURCES], config)
    library = Library(tmp_path / "library.sqlite")
    library.add([(article(f"Bericht {n}", source=source), CAPTURED) for n, source in enumerate(KIM_SOURCES)])
    return library


async def test_a_sidebar_too_narrow_for_what_tells_two_sources_apart_keeps_its_ends_and_the_titles_start(tmp_path, monkeypatch):
    """`…(000_a5cab632ecde00b7.txt)` with no title left, in the sidebar of a 120-column terminal."""
    app = make_app(two_sources_of_kim(tmp_path, monkeypatch).path)
    async with app.run_test(size=WIDE) as pilot:
        await sidebar_by_source(app, pilot)
        rows = ["".join(s.text for s in row).strip() for row in app.sections.render_lines(app.sections.region)]
        a, b = (next(row for row in rows if end in row) for end in ("00b7.txt)", "37601.txt)"))
        assert a.startswith("Korea") and b.startswith("Korea")
        assert "(example." in a and "(example." in b  # the start of what tells them apart too


async def test_with_no_sidebar_the_header_cuts_a_sources_title_not_what_tells_it_apart(tmp_path, monkeypatch):
    app = make_app(two_sources_of_kim(tmp_path, monkeypatch).path)
    async with app.run_test(size=(59, 24)) as pilot:
        await sidebar_by_source(app, pilot)
        for source, end in zip(KIM_SOURCES, ("00b7.txt)", "37601.txt)"), strict=True):
            app.show_shelf(source)
            await settle(app, pilot)
            header = "".join(s.text for s in app.query_one("HeaderTitle").render_lines(app.query_one("HeaderTitle").region.reset_offset)[0])
            assert app.title.startswith("Korea") and app.title.endswith(end)  # the count gone first: the title is longer than the header
            assert app.title.strip() in header


@pytest.mark.parametrize("width", [20, 30, 52, 59])
async def test_a_narrow_header_leaves_out_the_unread_only_note_then_the_count_before_it_cuts_the_name(tmp_path, monkeypatch, width):
    """At 30 columns the header said `… — 1 unread`, at 52 with `u` `… — 1 unread · showing unread only`, and at 20 the
    whole name, past the header's end. The name is what the header is there for: it is cut only where it alone is
    longer than the header, which it fills."""
    app = make_app(two_sources_of_kim(tmp_path, monkeypatch).path)
    async with app.run_test(size=(width, 24)) as pilot:
        await sidebar_by_source(app, pilot)
        app.show_shelf(KIM_SOURCES[0])
        await pilot.press("u")
        await settle(app, pilot)
        room = app._header_room()
        assert app.title.startswith("K") and " — " not in app.title  # a source's title longer than the header: neither count nor note
        assert cell_len(app.title) == max(room, 2)


def test_a_cut_next_to_an_ellipsis_of_the_name_makes_one_ellipsis():
    assert fit("nikkei.com/…/a/経済/rss", 13) == "nikkei.com/… "
    assert fit("nikkei.com/…/a/経済/rss", 7, "/…/a/経済/rss") == "n…/…rss"
