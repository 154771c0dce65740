"""The `nieuws-tui` command line, run as the installed entry point."""

from __future__ import annotations

import errno
import io
import json
import os
import re
import signal
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
from conftest import SEEDS
from pagekit import page_articles

from feeds.imports import PageError

PUBLIC_FIELDS = {
    "id", "url", "title", "section", "place", "agencies", "lead", "body", "published", "age", "kind", "rubric", "title_from_lead",
    "first_seen", "read", "starred", "source", "text_source", "author", "links", "enclosures",
}  # fmt: skip  (the fields README.md documents, and no others)

A_PAGE = """Gemeente Goes opent nieuw stadskantoor

GOES - De gemeente Goes heeft maandag haar nieuwe stadskantoor aan de Grote Markt geopend. Burgemeester en wethouders knipten samen het lint door.

Het gebouw kostte ruim twintig miljoen euro.
"""


@pytest.fixture
def db(tmp_path) -> dict:
    """A library of one's own choosing, in a folder that is there; none is in it yet."""
    return {"NIEUWS_TUI_DB": str(tmp_path / "library.json")}


@pytest.fixture
def samples(db) -> dict:
    """`db` holding the bundled sample articles, as the app's first start there leaves it."""
    from feeds import Library, import_samples_if_new

    import_samples_if_new(Library(db["NIEUWS_TUI_DB"]))
    return db


def test_every_command_has_help(cli):
    for command in ("import", "list", "sections", "mark"):
        result = cli(command, "--help")
        assert result.returncode == 0, result.stderr
        assert "--db" in result.stdout
    assert "import" in cli("--help").stdout


def test_every_command_and_argument_of_the_command_line_is_described():
    """`COMMAND --help` says what the command does and what each of its arguments is: one added without is caught here."""
    import argparse

    from tui.cli import _parser

    def undescribed(parser: argparse.ArgumentParser) -> Iterator[str]:
        if not parser.description:
            yield parser.prog
        for action in parser._actions:
            if not action.help:
                yield f"{parser.prog} {'/'.join(action.option_strings) or action.metavar}"
            if isinstance(action, argparse._SubParsersAction):
                listed = {choice.dest for choice in action._choices_actions if choice.help}  # the line in its parent's help
                for name, command in action.choices.items():
                    yield from ([] if name in listed else [f"{command.prog} (in {parser.prog} --help)"])
                    yield from undescribed(command)

    assert list(undescribed(_parser())) == []


def test_a_path_in_the_help_is_never_broken_across_lines_at_its_hyphens(cli, tmp_path):
    config = tmp_path / "een-lange-map" / "nieuws-tui" / "config.toml"
    for columns in range(60, 121, 10):
        shown = cli("sources", "--help", env={"NIEUWS_TUI_CONFIG": str(config), "COLUMNS": str(columns)}).stdout
        assert any(str(config) in line for line in shown.splitlines()), (columns, shown)


def test_version_is_the_installed_packages_own(cli):
    from importlib.metadata import version

    import feeds

    result = cli("--version")
    assert result.returncode == 0 and result.stdout == f"nieuws-tui {version('nieuws-tui')}\n" and version("nieuws-tui") == feeds.__version__


WRITING = [
    ["list"], ["list", "--json"], ["sections"], ["export"], ["sources", "export-opml"], ["sources", "list"], ["import", str(SEEDS)],
    ["prune", "--older-than", "36500"], ["--help"], ["--version"], ["list", "--help"], ["sources", "add", "--help"],
]  # fmt: skip


@pytest.mark.parametrize("command", WRITING)
def test_output_that_cannot_be_written_is_one_line_not_a_traceback(command, samples, tmp_path):
    import subprocess

    from conftest import nieuws_tui_command

    config = tmp_path / "config.toml"
    config.write_text('[[source]]\nurl = "https://nieuws.example/feed"\n', encoding="utf-8")  # something for `sources` to write
    env = {**os.environ, **samples, "NIEUWS_TUI_CONFIG": str(config)}
    with open("/dev/full", "w") as full:  # a full disk
        result = subprocess.run([*nieuws_tui_command(), *command], stdout=full, stderr=subprocess.PIPE, text=True, env=env, timeout=60)
    assert (result.returncode, result.stderr.splitlines()[-1:]) == (2, ["nieuws-tui: error: cannot write to standard output (No space left on device)"])
    assert "Traceback" not in result.stderr
    closed = subprocess.run(["sh", "-c", '"$0" "$@" >&-', *nieuws_tui_command(), *command], stderr=subprocess.PIPE, text=True, env=env, timeout=60)
    assert closed.returncode == 2 and closed.stderr.endswith("error: standard output is closed\n") and "Traceback" not in closed.stderr


class _FullFolder(io.RawIOBase):
    """A file in a temporary folder with no room left: what is written fails once the buffer passes it on."""

    def readable(self) -> bool:
        return True

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def write(self, data) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("full", ["when made", "when written"])
@pytest.mark.parametrize("command", [["list", "--json"], ["export"]])
def test_a_full_temporary_folder_is_named_and_tmpdir_with_it_not_taken_for_standard_output(command, full, samples, tmp_path, monkeypatch, capsys):
    """`list --json | wc -c` with TMPDIR on a full tmpfs said "cannot write to standard output (No space left on
    device)", where standard output was fine and the document, made whole before it goes to a pipe, had no room."""
    from tui.cli import main

    for name, value in samples.items():
        monkeypatch.setenv(name, value)
    folder = tmp_path / "tijdelijk"
    monkeypatch.setattr("tempfile.tempdir", str(folder))

    def temporary_file(*args, **kwargs):
        if full == "when made":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return io.BufferedRandom(_FullFolder())

    monkeypatch.setattr("tempfile.TemporaryFile", temporary_file)
    written = io.BytesIO()
    monkeypatch.setattr("sys.stdout", io.TextIOWrapper(written, encoding="utf-8"))
    assert main(command) == 2
    message = f"nieuws-tui: error: {folder}: cannot write in the temporary folder (No space left on device); TMPDIR can name another\n"
    assert (capsys.readouterr().err, written.getvalue()) == (message, b"")


@pytest.mark.parametrize("command", [["list"], ["--help"], ["list", "--help"]])
def test_a_reader_that_left_ends_the_output_quietly(command, samples):
    """`nieuws-tui list | head`: as other tools, no word about the pipe the reader closed."""
    import subprocess

    from conftest import nieuws_tui_command

    reading, writing = os.pipe()
    os.close(reading)  # the reader is gone before the first line: every write is EPIPE
    try:
        result = subprocess.run([*nieuws_tui_command(), *command], stdout=writing, stderr=subprocess.PIPE, text=True, env={**os.environ, **samples}, timeout=60)
    finally:
        os.close(writing)
    assert (result.returncode, result.stderr) == (0, "")


def test_a_new_library_starts_with_the_sample_articles_and_says_so_once(cli):
    first = cli("list")  # in the user data folder, made on first use
    assert first.returncode == 0, first.stderr
    default = Path(os.environ["XDG_DATA_HOME"]) / "nieuws-tui" / "library.sqlite"
    assert first.stderr == f"nieuws-tui: new library at {default}: imported 16 sample articles from the bundled pages\n"
    assert len(first.stdout.splitlines()) == 16
    assert "Koreaanse leider Kim al in Rusland voor ontmoeting met Poetin" in first.stdout
    second = cli("sections")
    assert second.stderr == ""
    assert second.stdout.split()[:2] == ["Buitenland", "16"]


READING = [["mark", "read", "5837deb4fb69"], ["export"], ["prune", "--older-than", "30"], ["check"], ["check", "--repair"]]


@pytest.mark.parametrize("command", [["list"], ["sections"]])
def test_a_newcomers_first_list_at_a_library_path_of_their_own_shows_the_sample_articles(cli, tmp_path, command):
    """NIEUWS_TUI_DB named in a folder that is there, nothing in it yet: the samples, and where they went."""
    env = {"NIEUWS_TUI_DB": str(tmp_path / "library.json")}
    first = cli(*command, env=env)
    assert first.returncode == 0 and "Buitenland" in first.stdout
    assert f"new library at {tmp_path / 'library.json'}: imported" in first.stderr
    missing = tmp_path / "nieuwss" / "library.json"
    refused = cli(*command, "--db", str(missing))
    assert refused.returncode == 2 and f"no folder {missing.parent}" in refused.stderr and not missing.parent.exists()


@pytest.mark.parametrize("typed", ["nieuws/libary.json", "nieuwss/library.json"])
def test_a_command_that_only_reads_a_library_that_is_not_there_says_so_and_makes_none(capsys, monkeypatch, tmp_path, typed):
    """`--db ~/nieuws/libary.json`: a typo, not a wish for a new library of sample pages in a new folder."""
    from tui.cli import main

    (tmp_path / "nieuws").mkdir()
    typo = tmp_path / typed
    for command in READING:
        for given in (["--db", str(typo)], []):
            monkeypatch.setenv("NIEUWS_TUI_DB", str(typo if not given else tmp_path / "elsewhere.sqlite"))
            assert (main([*given, *command]), capsys.readouterr().err) == (
                2, f"nieuws-tui: error: {typo}: no library there; check the path, or start one there with `nieuws-tui import`, `fetch` or the app\n"
            ), command  # fmt: skip
    assert [p.name for p in tmp_path.rglob("*")] == ["nieuws"]


def test_serve_waits_for_a_library_not_there_yet_in_a_folder_that_is_and_says_so(capsys, monkeypatch, tmp_path):
    """A server may start before the first fetch (a service at boot); a typo shows in the warning, and in a folder that is not there it is an error."""
    from feeds import FeedServer
    from tui.cli import main

    monkeypatch.setattr(FeedServer, "serve_forever", lambda server: None)
    assert main(["serve", "--port", "0", "--db", str(tmp_path / "libary.json")]) == 0
    assert capsys.readouterr().err.splitlines()[0] == (
        f"nieuws-tui: warning: {tmp_path / 'libary.json'}: no library there yet; its feeds are empty until `fetch` or `import` stores something there"
    )
    assert main(["serve", "--port", "0", "--db", str(tmp_path / "nieuwss" / "library.json")]) == 2
    assert "no folder" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == []


def test_a_command_that_stores_starts_a_library_only_in_a_folder_that_is_there(cli, tmp_path):
    missing = tmp_path / "nieuwss" / "library.json"
    config = tmp_path / "config.toml"
    config.write_text("", encoding="utf-8")
    env = {"NIEUWS_TUI_CONFIG": str(config)}
    add = ["sources", "add", "https://example.org/feed.xml", "--section", "Regio"]  # which files stored articles anew
    for command in (["import", str(SEEDS)], ["fetch", "http://127.0.0.1:9/feed.xml"], add, []):  # [] is the app
        result = cli(*command, "--db", str(missing), env=env, timeout=30)
        said = f"nieuws-tui: error: {missing}: no folder {missing.parent} to start the library in; check the path, or make the folder first\n"
        assert (result.returncode, result.stderr) == (2, said), command
    assert not missing.parent.exists() and config.read_text(encoding="utf-8") == ""
    assert cli(*add, "--db", str(tmp_path / "library.json"), env=env).returncode == 0
    assert not (tmp_path / "library.sqlite").exists()  # nothing to file anew, and no library for it
    started = cli("--db", str(tmp_path / "library.json"), "import", str(SEEDS))
    assert started.returncode == 0 and "16 new" in started.stdout


def test_import_and_fetch_say_where_they_started_a_new_library_on_stderr_and_only_then(cli, tmp_path, httpserver):
    from feedkit import RSS2

    httpserver.expect_request("/feed").respond_with_data(RSS2, content_type="application/rss+xml")
    config = tmp_path / "config.toml"
    config.write_text("", encoding="utf-8")
    url = httpserver.url_for("/feed")
    for command, named in ((["import", str(SEEDS)], tmp_path / "gemaakt.sqlite"), (["fetch", url], tmp_path / "opgehaald.sqlite")):
        env = {"NIEUWS_TUI_CONFIG": str(config), "NIEUWS_TUI_DB": str(named)}
        first, again = cli(*command, env=env), cli(*command, env=env)
        assert first.returncode == again.returncode == 0, first.stderr
        assert f"nieuws-tui: new library at {named}\n" in first.stderr and "new library" not in again.stderr, command
        assert "new library" not in first.stdout
    assert first.stdout == f"ok {url} new=2 updated=0\n"  # what a cron job reads of fetch, as it was
    dutch = cli("--db", str(tmp_path / "nl.sqlite"), "import", str(SEEDS), env={"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "nl_NL.UTF-8"})
    assert f"nieuws-tui: nieuwe bibliotheek in {tmp_path / 'nl.sqlite'}\n" in dutch.stderr


def test_import_into_a_new_library_imports_only_what_it_is_given(cli, db, tmp_path):
    page = tmp_path / "goes.txt"
    page.write_text(A_PAGE, encoding="utf-8")
    result = cli("import", str(page), env=db)
    assert result.returncode == 0, result.stderr
    assert "1 new" in result.stdout
    listed = json.loads(cli("list", "--json", env=db).stdout)
    assert [a["title"] for a in listed] == ["Gemeente Goes opent nieuw stadskantoor"]


def test_counts_of_thousands_are_grouped_as_the_language_writes_them(cli, db, tmp_path):
    """`fetch` grouped its counts, while import, export, prune and check wrote `wrote 1200 articles`, and sections `1200 total`."""
    from conftest import speaking
    from feedkit import article

    from feeds.library import Library

    old = datetime(2020, 1, 1, tzinfo=timezone.utc)
    stories = [article(f"Bericht {n}", published=old) for n in range(1200)]
    Library(Path(db["NIEUWS_TUI_DB"])).add((story, old) for story in stories)
    assert cli("mark", "read", *(story.id for story in stories), env=db).returncode == 0
    assert "wrote 1,200 articles" in cli("export", "-o", str(tmp_path / "alles.xml"), env=db).stderr
    dutch = cli("prune", "--older-than", "30", "--dry-run", env={**db, **speaking(LANG="nl_NL.UTF-8")}).stdout
    assert dutch.startswith("zou 1.200 artikelen opruimen")
    assert ": 1,200 articles; 1,200 indexed for search, 0 to do when searched" in cli("check", env=db).stdout
    assert " ".join(cli("sections", env=db).stdout.split()).endswith(" 1,200 total 0 unread")


def test_importing_a_file_again_says_how_many_of_its_articles_stay_away_as_pruned(cli, db, tmp_path):
    """Its counts left the pruned ones out without a word: 5 articles, 3 pruned, imported again "0 new, 0 updated, 2 unchanged"."""
    from datetime import timedelta

    now = datetime.now(timezone.utc)
    items = "".join(
        f"<item><title>Bericht van {days} dagen</title><link>https://nieuws.example/{days}</link><description>Tekst van {days} dagen.</description>"
        f"<pubDate>{(now - timedelta(days=days)).strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate></item>"
        for days in (1, 10, 40, 100, 400)
    )
    feed = tmp_path / "oud.rss"
    feed.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Oud</title><link>https://nieuws.example/</link>{items}</channel></rss>', encoding="utf-8")
    assert cli("import", str(feed), env=db).returncode == 0
    ids = [a["id"] for a in json.loads(cli("list", "--json", env=db).stdout)]
    assert cli("mark", "read", *ids, env=db).returncode == 0
    assert "pruned 3 articles" in cli("prune", "--older-than", "30", env=db).stdout
    again = cli("import", str(feed), env=db)
    # Beside the counts it completes: `import … > log` kept counts that did not add up.
    assert again.stdout == "1 file imported: 0 new, 0 updated, 2 unchanged articles; 0 failed\n3 pruned articles stay away\n"
    assert again.stderr == ""


def test_mark_says_how_many_articles_an_ambiguous_prefix_stands_for_or_that_there_are_more(cli, db):
    """A prefix of 18,818 articles was said to be one of 50: as many as were looked for."""
    from feedkit import article

    from feeds import Library

    Library(db["NIEUWS_TUI_DB"]).add([(article(f"Bericht {number}"), datetime(2026, 3, 3, tzinfo=timezone.utc)) for number in range(1000)])
    ids = [line.split()[0] for line in cli("list", env=db).stdout.splitlines()]
    many = ids[0][0]  # some 60 of 1,000 start with each hexadecimal digit
    few = next(id[:2] for id in ids if 1 < sum(other.startswith(id[:2]) for other in ids) < 50)
    assert cli("mark", "read", many, env=db).stderr == f"nieuws-tui: error: {many}: ambiguous: 50 or more articles start with it\n"
    count = sum(other.startswith(few) for other in ids)
    assert cli("mark", "read", few, env=db).stderr == f"nieuws-tui: error: {few}: ambiguous: {count} articles start with it\n"


@pytest.mark.parametrize(
    "opml",
    ['<?xml version="1.0"?>\n<!-- mijn feeds -->\n<opml version="2.0"><head/><body><outline text="F" xmlUrl="https://nieuws.example/feed"/></body></opml>', "<opml version='1.0'><body/></opml>"],
    ids=["with prologue", "bare"],
)
def test_importing_an_opml_file_says_to_add_its_feeds_as_sources(cli, db, tmp_path, opml):
    """newsboat users export their feeds as OPML; `import` called such a file no ZeelandNet page and stopped there."""
    path = tmp_path / "newsboat.opml"
    path.write_text(opml, encoding="utf-8")
    result = cli("import", "newsboat.opml", env=db)
    assert result.returncode == 1
    assert "nieuws-tui: error: newsboat.opml: a list of feeds (OPML): add them with `nieuws-tui sources import-opml newsboat.opml`" in result.stderr


def test_importing_newsboats_urls_file_or_cache_says_which_command_imports_them(cli, db, tmp_path):
    """A newsboat user's first try is `import ~/.newsboat/urls` or `import cache.db`: each was called no ZeelandNet
    page or binary data, and the command that imports them went unsaid."""
    from test_sources_newsboat import newsboat_cache

    folder = tmp_path / "mijn newsboat"
    folder.mkdir()
    (folder / "urls").write_text('# mijn feeds\nhttps://nos.nl/rss "Binnenland"\n\nquery:Ongelezen:unread = "yes"\nHTTP://nu.nl/rss\n', encoding="utf-8")
    newsboat_cache(folder / "cache.db", {"https://nos.nl/rss": "NOS"}, [{"url": "https://nos.nl/dijk", "title": "Dijk", "feedurl": "https://nos.nl/rss"}])
    urls = cli("import", str(folder / "urls"), env=db)
    assert (urls.returncode, urls.stderr.splitlines()[-1]) == (
        1, f"nieuws-tui: error: {folder}/urls: newsboat's list of feeds: add them with `nieuws-tui sources import-newsboat '{folder}/urls'`"
    )
    cache = cli("import", str(folder / "cache.db"), env=db)
    expected = f"nieuws-tui: error: {folder}/cache.db: newsboat's cache of articles: import them with newsboat's feeds by `nieuws-tui sources import-newsboat '{folder}/urls'`"
    assert (cache.returncode, cache.stderr.splitlines()[-1]) == (1, expected)
    (folder / "urls").unlink()
    assert cli("import", str(folder / "cache.db"), env=db).stderr.endswith("by `nieuws-tui sources import-newsboat`\n")  # newsboat's own


def test_a_newsboat_cache_over_the_size_limit_is_named_too_not_called_too_large(cli, db, tmp_path):
    """newsboat's cache.db of a year is tens of MB, over import's limit: it was called too large, with the advice to
    raise the limit, and only a second try with --max-size named the command that imports it."""
    from test_sources_newsboat import newsboat_cache

    items = [{"url": f"https://nos.nl/{n}", "title": f"Bericht {n}", "feedurl": "https://nos.nl/rss", "content": f"<p>{'tekst ' * 400}</p>"} for n in range(600)]
    newsboat_cache(tmp_path / "cache.db", {"https://nos.nl/rss": "NOS"}, items)
    assert (tmp_path / "cache.db").stat().st_size > 1024 * 1024
    result = cli("import", "--max-size", "1", "cache.db", env=db)
    assert (result.returncode, result.stderr.splitlines()[-1]) == (
        1, "nieuws-tui: error: cache.db: newsboat's cache of articles: import them with newsboat's feeds by `nieuws-tui sources import-newsboat`"
    )


def test_importing_a_folder_without_pages_says_so_and_names_the_command_for_newsboats(cli, db, tmp_path):
    """`import ~/.newsboat/` said \"0 files imported\" and no more: its urls and cache.db are no page files."""
    newsboat, other = tmp_path / "newsboat", tmp_path / "foto's"
    for folder in (newsboat, other):
        folder.mkdir()
    (newsboat / "urls").write_text("https://nos.nl/rss\n", encoding="utf-8")
    (other / "dijk.jpg").write_bytes(b"\xff\xd8")
    result = cli("import", str(newsboat), str(other), env=db)
    assert result.returncode == 0
    assert f"nieuws-tui: {newsboat}: newsboat's files: import its feeds and articles with `nieuws-tui sources import-newsboat {newsboat}/urls`" in result.stderr
    assert f"nieuws-tui: {other}: no page or feed in it (files named *.txt, *.html" in result.stderr


@pytest.mark.parametrize("text", ["https://nos.nl/rss\nDe dijk bij Vlissingen is versterkt.\n", "# alleen commentaar\n", "ftp://nos.nl/rss\n"])
def test_a_text_that_is_no_urls_file_is_not_called_one(cli, db, tmp_path, text):
    (tmp_path / "tekst.txt").write_text(text, encoding="utf-8")
    assert "newsboat" not in cli("import", "tekst.txt", env=db).stderr


def test_the_readme_names_every_option_of_every_command():
    """Users and scripts go by the README's table of commands: an option added to a command and not to it is unknown to them."""
    import argparse

    from tui.cli import _parser

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")

    def options(parser: argparse.ArgumentParser) -> Iterator[list[str]]:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for command in action.choices.values():
                    yield from options(command)
            elif action.option_strings and action.dest != "help":
                yield action.option_strings

    def named(option: str) -> bool:
        return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", readme) is not None

    assert sorted({"/".join(strings) for strings in options(_parser()) if not any(map(named, strings))}) == []


def test_list_json_has_the_public_fields(cli, samples):
    articles = json.loads(cli("list", "--json", env=samples).stdout)
    assert len(articles) == 16
    for article in articles:
        assert set(article) == PUBLIC_FIELDS
        assert isinstance(article["agencies"], list)
        assert article["kind"] in ("full", "teaser")
        assert all(set(block) == {"kind", "text"} for block in article["body"])
    full = next(a for a in articles if a["title"] == "Koreaanse leider Kim al in Rusland voor ontmoeting met Poetin")
    assert full["place"] == "MOSKOU"
    assert full["agencies"] == ["ANP", "RTR"]
    assert full["lead"].startswith("De zwaar gepantserde trein")
    assert full["body"][2] == {"kind": "subheading", "text": "Onderhandelingen"}
    assert full["published"] is None and full["age"] is None
    teaser = next(a for a in articles if a["title"] == "Trump erkent krapte in Amerikaanse munitievoorraden")
    assert teaser["kind"] == "teaser" and teaser["body"] == []
    assert teaser["age"] == "25 minuten geleden"
    assert teaser["published"].endswith(("+01:00", "+02:00"))


def _listed_in_zone(cli, tmp_path, zone: str, published: str) -> tuple[str, dict]:
    """`list`'s line and `list --json`'s article of a story published at `published` (RFC 822), with TZ set to `zone`."""
    feed = tmp_path / "tijd.rss"
    feed.write_text(
        "<rss version='2.0'><channel><title>Tijd</title><item><title>Op tijd</title><link>https://nieuws.example/tijd</link>"
        f"<pubDate>{published}</pubDate><description>Tekst.</description></item></channel></rss>",
        encoding="utf-8",
    )
    env = {"NIEUWS_TUI_DB": str(tmp_path / "library.sqlite"), "NIEUWS_TUI_CONFIG": str(tmp_path / "config.toml"), "TZ": zone}
    assert cli("import", str(feed), env=env).returncode == 0
    [line] = cli("list", env=env).stdout.splitlines()
    [article] = json.loads(cli("list", "--json", env=env).stdout)
    return line, article


@pytest.mark.parametrize(("zone", "shown"), [("Europe/Amsterdam", "22:00"), ("America/New_York", "16:00"), (":Asia/Tokyo", "06:00"), ("UTC", "21:00")])
def test_list_shows_times_in_the_users_time_zone_and_json_in_amsterdams(cli, tmp_path, zone, shown):
    """Times were Amsterdam's whatever TZ said, with nothing to tell: 22:00 in New York for a story of 16:00 there."""
    line, article = _listed_in_zone(cli, tmp_path, zone, "Sat, 05 Dec 2026 21:00:00 GMT")
    assert f" {shown}  " in line
    assert article["published"] == "2026-12-05T22:00:00+01:00"


@pytest.mark.parametrize(("zone", "shown"), [("CET-1CEST,M3.5.0,M10.5.0/3", "14:00"), (":/usr/share/zoneinfo/America/New_York", "08:00"), ("Foo/Bar", "12:00")])
def test_list_shows_a_summer_time_in_a_zone_tz_gives_by_a_rule_or_a_file(cli, tmp_path, zone, shown):
    """A POSIX rule or a file's path fell back to the offset of the day it was read: an hour off all summer. A zone
    nobody knows is UTC, as the C library takes it."""
    line, _article = _listed_in_zone(cli, tmp_path, zone, "Wed, 01 Jul 2026 12:00:00 GMT")
    assert f" {shown}  " in line


def _json_as_it_was(library) -> str:
    """What `list --json` printed before it wrote an article at a time: the whole array dumped, then made safe."""
    from feeds import public_json, terminal_safe

    return terminal_safe(json.dumps([public_json(e) for e in library.select(text=True)], ensure_ascii=False, indent=2), json=True) + "\n"


def test_list_json_written_an_article_at_a_time_is_the_text_it_was(capsys, samples, tmp_path):
    from feedkit import HOSTILE, article

    from feeds import Library
    from tui.cli import main

    terminal = article("Rood \x1b[31m en \u202egnirts\u202c, een gezin 👨\u200d👩\u200d👧 en \u2028 een regel", lead="Tab\there; \"quote\" \\ en \u00ad")
    hostile = Library(tmp_path / "hostile.sqlite")
    hostile.add([(a, datetime(2026, 3, 3, tzinfo=timezone.utc)) for a in [*HOSTILE, terminal]])
    empty = tmp_path / "empty.sqlite"
    Library(empty).add([])
    for path in (samples["NIEUWS_TUI_DB"], hostile.path, empty):
        assert main(["list", "--json", "--db", str(path)]) == 0
        assert capsys.readouterr().out == _json_as_it_was(Library(path))
    assert main(["sections", "--json", "--db", str(hostile.path)]) == 0
    assert sum(section["total"] for section in json.loads(capsys.readouterr().out)) == 7


def test_list_json_of_a_library_damaged_part_way_prints_nothing_but_the_error(cli, db):
    """It printed half a JSON array, the articles before the damaged one and no end, which a script read as
    truncated JSON, not as the damage the error on standard error said."""
    import sqlite3
    from contextlib import closing

    from feedkit import article

    from feeds import Library

    moment = datetime(2026, 3, 3, tzinfo=timezone.utc)
    library = Library(db["NIEUWS_TUI_DB"])
    library.add([(article(f"Bericht {n}", url=f"https://nieuws.example/{n}"), moment) for n in range(200)])
    library.close()
    with closing(sqlite3.connect(library.files.database)) as database, database:
        database.execute("UPDATE bodies SET body = 'kapot' WHERE rowid = (SELECT rowid FROM articles WHERE url = 'https://nieuws.example/100')")
    listed = cli("list", "--json", env=db)
    assert (listed.returncode, listed.stdout) == (2, "")
    assert len(listed.stderr.splitlines()) == 1 and "is damaged" in listed.stderr


@pytest.mark.parametrize(("redirect", "before"), [(">", b""), (">>", b'[\n  "a list of yesterday"\n]\n')])
def test_list_json_into_a_file_from_a_library_damaged_part_way_leaves_the_file_as_it_was(db, tmp_path, redirect, before):
    """`list --json > out.json` left the articles before the damaged one in the file, half an array, which a script
    that only saw the file there (or read it later) took as the list; `>> all.json` left it after yesterday's."""
    import sqlite3
    from contextlib import closing

    from conftest import cli_into
    from feedkit import article

    from feeds import Library

    moment = datetime(2026, 3, 3, tzinfo=timezone.utc)
    library = Library(db["NIEUWS_TUI_DB"])
    library.add([(article(f"Bericht {n}", url=f"https://nieuws.example/{n}", lead="Een alinea. " * 40), moment) for n in range(200)])
    library.close()
    with closing(sqlite3.connect(library.files.database)) as database, database:
        database.execute("UPDATE bodies SET body = 'kapot' WHERE rowid = (SELECT rowid FROM articles WHERE url = 'https://nieuws.example/100')")
    out = tmp_path / "out.json"
    out.write_bytes(before)
    listed = cli_into(out, redirect, "list", "--json", env=db)
    assert listed.returncode == 2
    assert len(listed.stderr.splitlines()) == 1 and "is damaged" in listed.stderr
    assert out.read_bytes() == before


def test_list_json_holds_one_article_at_a_time_not_the_whole_library(monkeypatch, tmp_path):
    """`list --json` of 100,000 articles took 1.6 GB: the array, its text and the text made safe, whole."""
    import tracemalloc

    from feedkit import article

    from feeds import Block, Library
    from tui.cli import main

    def peak(count: int) -> int:
        path = tmp_path / f"{count}.sqlite"
        body = tuple(Block("paragraph", f"Alinea {n} van een bericht dat lang genoeg is om te tellen. " * 8) for n in range(4))
        Library(path).add([(article(f"Bericht {n}", url=f"https://nieuws.example/{n}", body=body), datetime(2026, 3, 3, tzinfo=timezone.utc)) for n in range(count)])
        with open(tmp_path / "out.json", "w", encoding="utf-8") as out:
            monkeypatch.setattr("sys.stdout", out)
            tracemalloc.start()
            try:
                assert main(["list", "--json", "--db", str(path)]) == 0
                return tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()

    few, many = peak(200), peak(2000)
    assert many < 1.5 * few, (few, many)


def test_list_filters_by_section_unread_and_starred(cli, samples):
    ids = [a["id"] for a in json.loads(cli("list", "--json", env=samples).stdout)]
    assert cli("mark", "read", ids[0], ids[1], env=samples).returncode == 0
    assert cli("mark", "star", ids[2][:7], env=samples).returncode == 0
    unread = json.loads(cli("list", "--unread", "--json", env=samples).stdout)
    assert {a["id"] for a in unread} == set(ids[2:])
    starred = json.loads(cli("list", "--starred", "--json", env=samples).stdout)
    assert [a["id"] for a in starred] == [ids[2]]
    assert starred[0]["starred"] is True
    assert cli("list", "--section", "buitenland", env=samples).stdout.count("\n") == 16
    assert "14 unread" in " ".join(cli("sections", env=samples).stdout.split())


def test_mark_reports_unknown_ids_and_still_marks_the_rest(cli, samples):
    ids = [a["id"] for a in json.loads(cli("list", "--json", env=samples).stdout)]
    result = cli("mark", "read", "ffffffffffff", ids[0], env=samples)
    assert result.returncode == 1
    assert result.stderr.splitlines() == ["nieuws-tui: error: ffffffffffff: no article has this id", "nieuws-tui: 1 article marked read all the same"]
    assert json.loads(cli("list", "--json", env=samples).stdout)[0]["read"] is True


def test_mark_says_an_empty_id_is_empty(cli, samples):
    ids = [a["id"] for a in json.loads(cli("list", "--json", env=samples).stdout)]
    result = cli("mark", "read", "", " ", ids[0], env=samples)
    assert (result.returncode, result.stderr.splitlines()) == (
        1, ["nieuws-tui: error: an empty id names no article"] * 2 + ["nieuws-tui: 1 article marked read all the same"]
    )  # fmt: skip


def test_mark_beside_unknown_ids_counts_only_the_articles_it_changed(cli, samples):
    """It said "3 articles marked read all the same" of one article read already and one given twice: one changed."""
    ids = [a["id"] for a in json.loads(cli("list", "--json", env=samples).stdout)]
    assert cli("mark", "read", ids[0], env=samples).returncode == 0
    result = cli("mark", "read", "ffffffffffff", ids[0], ids[1], ids[1][:7], env=samples)
    assert (result.returncode, result.stderr.splitlines()) == (1, ["nieuws-tui: error: ffffffffffff: no article has this id", "nieuws-tui: 1 article marked read all the same"])
    result = cli("mark", "read", "ffffffffffff", ids[0], env=samples)  # nothing changed: nothing marked to say
    assert (result.returncode, result.stderr.splitlines()) == (1, ["nieuws-tui: error: ffffffffffff: no article has this id"])


def test_mark_says_the_marks_made_beside_unknown_ids_in_the_interfaces_language_not_the_commands_word(cli, samples):
    from conftest import speaking

    ids = [a["id"] for a in json.loads(cli("list", "--json", env=samples).stdout)]
    result = cli("mark", "star", "ffffffffffff", ids[0], env={**samples, **speaking(LANG="nl_NL.UTF-8")})
    assert result.stderr.splitlines()[-1] == "nieuws-tui: 1 artikel toch een ster gegeven"
    wrong = cli("mark", "bogus", ids[0], env=samples)
    assert wrong.returncode == 2 and "argument state" not in wrong.stderr and "invalid choice: 'bogus'" in wrong.stderr


@pytest.mark.parametrize("days", ["0", "36501"])
def test_prune_older_than_0_is_refused_as_keep_days_0_keeps_all_in_the_words_of_every_bound(cli, samples, days):
    """0 would prune every read article, where keep-days = 0 keeps all; it was refused after a range `from 0 to 36,500`."""
    everything = cli("list", "--json", env=samples).stdout
    cli("mark", "read", *[a["id"] for a in json.loads(everything)], env=samples)
    result = cli("prune", "--older-than", days, env=samples)
    refused = f"nieuws-tui prune: error: argument --older-than: must be a number of days above 0 and up to 36,500: '{days}'"
    assert (result.returncode, result.stderr.splitlines()[-1]) == (2, refused)
    assert len(json.loads(cli("list", "--json", env=samples).stdout)) == len(json.loads(everything))


@pytest.mark.parametrize("size", ["0", "0.000001"])
@pytest.mark.parametrize("where", ["option", "config"])
def test_a_max_size_under_a_kilobyte_is_refused_not_taken_to_fail_every_source(cli, tmp_path, where, size):
    """0.000001 MB, a cap of 1 byte, was taken, and every source failed as too large."""
    config = tmp_path / "config.toml"
    config.write_text(f"max-size = {size}\n" if where == "config" else "", encoding="utf-8")
    option = ["--max-size", size] if where == "option" else []
    result = cli("fetch", *option, "http://127.0.0.1:9/feed", env={"NIEUWS_TUI_CONFIG": str(config), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")})
    assert (result.returncode, result.stdout) == (2, "")
    assert "max-size must be a number of MB from 0.001 to 1,024" in result.stderr.replace("--max-size: ", "max-size ")
    assert "from 0.001 to 1,024" in " ".join(cli("fetch", "--help").stdout.split())  # as its help says


@pytest.mark.parametrize(("language", "bound", "default"), [("en", "36,500", "1,000"), ("nl", "36.500", "1.000")])
def test_counts_in_bounds_and_defaults_are_grouped_as_the_language_writes_them(cli, samples, language, bound, default):
    """`from 0 to 36500` and `(default: 1000)` were written without the thousands grouped, as other counts are."""
    env = {**samples, "LANGUAGE": language}
    refused = cli("prune", "--older-than", "99999", env=env)
    assert refused.returncode == 2 and f" {bound}" in refused.stderr and "36500" not in refused.stderr, refused.stderr
    assert f"{default})" in " ".join(cli("serve", "--help", env=env).stdout.split())


def test_fetch_help_writes_host_delays_default_with_the_languages_decimal_mark(cli):
    """In Dutch it said "anders 0.3" beside "0,001 tot en met 1.024"."""
    dutch = " ".join(cli("fetch", "--help", env={"LANGUAGE": "nl"}).stdout.split())
    assert "anders 0,3;" in dutch and "0,001 tot en met 1.024" in dutch
    assert "else 0.3;" in " ".join(cli("fetch", "--help", env={"LANGUAGE": "en"}).stdout.split())


def test_prune_with_keep_days_0_prunes_nothing_and_says_why_rather_than_that_nothing_is_set(cli, samples, tmp_path):
    config = tmp_path / "keep.toml"
    config.write_text("keep-days = 0\n", encoding="utf-8")
    result = cli("prune", env={**samples, "NIEUWS_TUI_CONFIG": str(config)})
    assert (result.returncode, result.stderr.strip()) == (0, f"nieuws-tui: keep-days = 0 in {config} keeps all: nothing pruned (give --older-than DAYS to prune)")
    config.write_text('[[source]]\nurl = "https://example.org/feed"\nkeep-days = 0\n', encoding="utf-8")  # a source's own 0 alone
    assert cli("prune", env={**samples, "NIEUWS_TUI_CONFIG": str(config)}).returncode == 0


def test_db_option_works_before_and_after_the_command(cli, tmp_path):
    path = tmp_path / "elsewhere.json"
    assert cli("--db", str(path), "import", str(SEEDS)).returncode == 0
    assert cli("sections", "--db", str(path)).stdout.startswith("Buitenland")


# -- bad input: one clear line each, nothing stored is lost --------------------------------------


def _bad_files(folder: Path) -> None:
    folder.mkdir()
    files = {
        "empty": folder / "empty.txt",
        "binary": folder / "image.html",
        "no article": folder / "nothing.html",
        "too large": folder / "huge.txt",
    }
    files["empty"].write_bytes(b"")
    files["binary"].write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40)
    files["no article"].write_text("<html><head><title>Contact</title></head><body><nav>Home</nav><p>Bel ons.</p></body></html>")
    with files["too large"].open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)


def test_bad_files_get_one_line_each_and_the_good_ones_are_stored(cli, samples, tmp_path):
    _bad_files(tmp_path / "bad")
    good = tmp_path / "bad" / "goes.txt"
    good.write_text(A_PAGE, encoding="utf-8")
    missing = tmp_path / "gone.txt"

    result = cli("import", str(tmp_path / "bad"), str(missing), env=samples)

    assert result.returncode == 1
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 5, result.stderr
    assert "Traceback" not in result.stderr
    assert all(line.startswith("nieuws-tui: error: ") for line in errors)
    by_file = {Path(line.split(": ")[2]).name: line for line in errors}
    assert "empty file" in by_file["empty.txt"]
    assert "binary" in by_file["image.html"]
    assert "no news article" in by_file["nothing.html"]
    assert "too large" in by_file["huge.txt"]
    assert "no such file" in by_file["gone.txt"]
    assert "1 new" in result.stdout and "5 failed" in result.stdout
    titles = [a["title"] for a in json.loads(cli("list", "--json", env=samples).stdout)]
    assert len(titles) == 17 and "Gemeente Goes opent nieuw stadskantoor" in titles


def test_a_file_over_the_highest_size_cap_says_the_cap_can_go_no_higher(cli, db, tmp_path):
    """max-size can be no more than 1024 MB: there, the refusal said to raise it all the same."""
    huge = tmp_path / "enorm.txt"
    with huge.open("wb") as sparse:
        sparse.truncate(1025 * 2**20)  # holds no blocks on disk: refused by its size before a byte is read
    refused = cli("import", "--max-size", "1024", str(huge), env=db)
    assert refused.returncode == 1
    assert refused.stderr.splitlines()[-1] == (
        f"nieuws-tui: error: {huge}: too large: 1025 MB, more than 1024 MB (the limit is at its highest: max-size can be no more than 1024 MB)"
    )


def test_a_file_over_the_size_cap_says_how_to_raise_it_and_is_read_under_a_raised_cap(cli, db, tmp_path):
    items = "".join(f"<item><title>Bericht {n}</title><link>https://example.org/{n}</link><description>{'tekst ' * 120}</description></item>" for n in range(1000))
    feed = tmp_path / "bewaard.xml"
    feed.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Groot</title>{items}</channel></rss>', encoding="utf-8")
    assert 0.5 * 2**20 < feed.stat().st_size < 2**20
    refused = cli("import", "--max-size", "0.5", str(feed), env=db)
    assert refused.returncode == 1
    assert refused.stderr.splitlines()[-1] == f"nieuws-tui: error: {feed}: too large: 0.8 MB, more than 0.5 MB (raise the limit with --max-size or max-size in config.toml)"
    Path(os.environ["NIEUWS_TUI_CONFIG"]).write_text("max-size = 0.5\n", encoding="utf-8")
    assert "raise the limit" in cli("import", str(feed), env=db).stderr  # config.toml's cap, as fetch reads under it
    imported = cli("import", "--max-size", "1", str(feed), env=db)
    assert imported.returncode == 0, imported.stderr
    assert "1,000 new" in imported.stdout


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_pages_in_old_encodings_keep_their_dutch_accents(cli, db, tmp_path, encoding):
    page = tmp_path / "oud.txt"
    text = A_PAGE.replace("Gemeente Goes", "Eén gemeente: Goes").replace("geopend.", "geopend, zegt de café-eigenaar.")
    page.write_bytes(text.encode(encoding))
    assert cli("import", str(page), env=db).returncode == 0
    [article] = json.loads(cli("list", "--json", env=db).stdout)
    assert article["title"] == "Eén gemeente: Goes opent nieuw stadskantoor"
    assert "café-eigenaar" in article["lead"]


def test_escape_sequences_and_control_characters_never_reach_the_library(cli, db, tmp_path):
    page = tmp_path / "evil.txt"
    page.write_text(
        A_PAGE.replace("Gemeente Goes", "Gemeente \x1b[2J\x1b]0;pwned\x07Goes").replace("geopend.", "geopend.\x07\x00\x08\u202e"),
        encoding="utf-8",
    )
    assert cli("import", str(page), env=db).returncode == 0
    output = cli("list", "--json", env=db).stdout
    [article] = json.loads(output)
    assert article["title"] == "Gemeente Goes opent nieuw stadskantoor"
    text = json.dumps(article, ensure_ascii=False)
    assert not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 or c == "\u202e" for c in text)


def test_a_folder_that_cannot_be_read_is_reported(monkeypatch, tmp_path, library_path):
    from feeds import imports as importer
    from feeds.library import Library

    folder = tmp_path / "secret"
    folder.mkdir()
    real_listdir = os.listdir

    def refuse(path):
        if Path(path) == folder:
            raise PermissionError(13, "Permission denied")
        return real_listdir(path)

    monkeypatch.setattr(importer.os, "listdir", refuse)
    report = importer.import_paths(Library(library_path), [folder])
    assert report.failed == [(str(folder), "cannot read folder (Permission denied)")]


def test_what_a_closed_folder_holds_is_reported_and_the_rest_is_imported(monkeypatch, tmp_path, library_path):
    """A folder that may be listed but not looked into (mode 444): what is in it cannot even be looked
    at, the way Path.is_dir asks, which raised and took every other file of the import with it."""
    from feeds import imports as importer
    from feeds.library import Library

    news, closed = tmp_path / "news", tmp_path / "news" / "closed"
    closed.mkdir(parents=True)
    (news / "a.txt").write_text(A_PAGE, encoding="utf-8")
    (closed / "b.txt").write_text(A_PAGE, encoding="utf-8")
    real_stat = Path.stat

    def refuse(path, *args, **kwargs):
        if path.parent == closed:
            raise PermissionError(13, "Permission denied")
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(Path, "stat", refuse)
    listdir = os.listdir
    monkeypatch.setattr(importer.os, "listdir", lambda folder: ["b.txt"] if Path(folder) == closed else listdir(folder))
    report = importer.import_paths(Library(library_path), [news, closed / "b.txt"])
    assert report.pages == 1 and report.new == 1
    assert report.failed == [(str(closed / "b.txt"), "cannot read (Permission denied)")] * 2  # in the folder, and named


def test_a_file_that_vanishes_before_reading_is_reported(tmp_path):
    with pytest.raises(PageError, match="vanished"):
        page_articles(tmp_path / "was-here.txt")


def test_a_broken_library_is_reported_in_one_line_and_kept(cli, tmp_path):
    path = tmp_path / "library.json"
    path.write_text("this is not json", encoding="utf-8")
    result = cli("--db", str(path), "list")
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"nieuws-tui: error: {path}: corrupt library file (") and line.endswith("); left untouched")
    assert path.read_text(encoding="utf-8") == "this is not json"


def test_captured_sets_the_time_ages_count_back_from(cli, db):
    result = cli("import", "--captured", "2026-03-03T12:00", str(SEEDS), env=db)
    assert result.returncode == 0, result.stderr
    articles = json.loads(cli("list", "--json", env=db).stdout)
    teaser = next(a for a in articles if a["age"] == "25 minuten geleden")
    assert teaser["published"] == "2026-03-03T11:35:00+01:00"
    bad = cli("import", "--captured", "gisteren", str(SEEDS), env=db)
    assert bad.returncode == 2 and "not an ISO 8601" in bad.stderr


@pytest.mark.parametrize(("stop", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_an_interrupted_import_says_nothing_is_stored_and_the_library_it_started(capsys, monkeypatch, tmp_path, stop, status):
    """Ctrl-C or SIGTERM during `import big/` ended it without a word, where fetch says it was interrupted; and the
    library file a first run made was never said, not by the next run either."""
    import feeds
    from feeds import import_paths
    from tui.cli import main

    def interrupted(library, paths, captured, progress, max_bytes):
        def stopping(done: int, total: int) -> None:
            if done == 2:
                os.kill(os.getpid(), stop)

        return import_paths(library, paths, captured, stopping, max_bytes)

    db = tmp_path / "library.sqlite"
    monkeypatch.setattr(feeds, "import_paths", interrupted)
    monkeypatch.setenv("NIEUWS_TUI_DB", str(db))
    monkeypatch.setenv("NIEUWS_TUI_CONFIG", str(tmp_path / "config.toml"))
    assert main(["import", str(SEEDS)]) == status
    assert capsys.readouterr().err.splitlines() == [f"nieuws-tui: new library at {db}", "nieuws-tui: interrupted: nothing of this import is stored"]
    assert main(["list", "--json"]) == 0 and json.loads(capsys.readouterr().out) == []


@pytest.mark.parametrize("moment", ["0001-01-01", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00", "1969-12-31"])
def test_a_captured_moment_off_the_library_s_calendar_is_refused_and_the_library_stays_readable(cli, samples, moment):
    result = cli("import", "--captured", moment, str(SEEDS), env=samples)
    assert result.returncode == 2 and "Traceback" not in result.stderr and "--captured" in result.stderr.splitlines()[-1]
    assert result.stderr.splitlines()[-1].endswith(f"not a moment from 1970 to 9998: '{moment}'")  # (valid ISO: not "not an ISO 8601 date")
    assert len(json.loads(cli("list", "--json", env=samples).stdout)) == 16


def test_a_stored_moment_at_an_end_of_the_calendar_reads_as_that_end():
    from feeds.store.rows import from_micros, micros

    assert from_micros(micros(datetime(1, 1, 1, tzinfo=timezone.utc)) - 10**9).year == 1
    assert from_micros(10**20).year == 9999


def test_a_place_that_cannot_be_written_is_one_clear_line(cli, samples, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = cli("export", "-o", str(blocker / "feed.atom"), env=samples)
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"nieuws-tui: error: {blocker / 'feed.atom'}: cannot write (")
    library = cli("--db", str(blocker / "library.json"), "import", str(SEEDS))
    assert library.returncode == 2 and "Traceback" not in library.stderr
    assert library.stderr.startswith("nieuws-tui: error: ")


def _commands(parser, words=()):
    """Every command and action of the command line, as the words that name it (`sources add`)."""
    import argparse

    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, subparser in action.choices.items():
                yield (*words, name)
                yield from _commands(subparser, (*words, name))


def test_a_mistyped_option_is_said_with_the_usage_of_its_own_command(capsys):
    """`list --unred`: the usage of `list`, where the options that were meant are, not that of nieuws-tui."""
    from tui.cli import _parser, main

    commands = list(_commands(_parser()))
    assert ("list",) in commands and ("sources", "add") in commands and len(commands) == 16
    required = {("import",): ["page.txt"], ("mark",): ["read", "5837deb4fb69"], ("sources", "import-opml"): ["feeds.opml"]}
    for words in [(), *commands]:
        name = " ".join(("nieuws-tui", *words))
        with pytest.raises(SystemExit) as stop:
            main([*words, *required.get(words, ["https://example.org/feed.xml"] if words[-1:] in (("add",), ("remove",)) else []), "--unred"])
        usage, error = capsys.readouterr().err.replace("\n ", " ").splitlines()
        assert (stop.value.code, error) == (2, f"{name}: error: unrecognized arguments: --unred"), words
        assert usage.startswith(f"usage: {name} [-h]"), words


def test_list_help_explains_every_state_flag(cli):
    help_text = " ".join(cli("list", "--help").stdout.split())
    assert "U unread, * starred, F full text or T teaser" in help_text


def test_an_unknown_section_is_an_error_that_lists_the_known_ones(cli, samples, tmp_path):
    for command in (["list"], ["list", "--json"], ["export"], ["export", "-o", str(tmp_path / "x.atom")]):
        result = cli(*command, "--section", "Nope", env=samples)
        assert result.returncode == 2, command
        assert result.stdout == ""
        assert result.stderr == "nieuws-tui: error: no section 'Nope' in the library (sections: Buitenland)\n"
    assert not (tmp_path / "x.atom").exists()


def test_sections_are_found_without_regard_to_case_or_accents(cli, samples, tmp_path):
    page = tmp_path / "een.txt"
    page.write_text(A_PAGE.replace("GOES - ", "GOES (ANP) - "), encoding="utf-8")
    assert cli("import", str(page), env=samples).returncode == 0
    [goes] = [a for a in json.loads(cli("list", "--json", env=samples).stdout) if a["title"].startswith("Gemeente Goes")]
    from feeds.library import Library

    Library(samples["NIEUWS_TUI_DB"]).refile(goes["source"], "Eén")  # what `sources add --section` does
    for spelling in ("een", "EEN", "één", "Eén"):
        listed = cli("list", "--section", spelling, "--json", env=samples)
        assert listed.returncode == 0, listed.stderr
        assert [a["id"] for a in json.loads(listed.stdout)] == [goes["id"]], spelling


def test_a_library_path_with_a_tilde_typo_is_one_line(cli):
    """`~Documents/x` for `~/Documents/x`: no such user, said as such, not a RuntimeError traceback."""
    for result in (cli("list", env={"NIEUWS_TUI_DB": "~geen-gebruiker-hier/library.sqlite"}), cli("--db", "~geen-gebruiker-hier/library.sqlite", "list")):
        assert result.returncode == 2
        assert result.stderr == "nieuws-tui: error: ~geen-gebruiker-hier/library.sqlite: there is no user geen-gebruiker-hier whose home folder ~ could name\n"


def test_a_tilde_where_no_home_folder_is_known_says_so_not_that_a_user_of_no_name_is_missing(monkeypatch):
    import pwd

    from feeds.paths import NoSuchHome, expanded

    monkeypatch.delenv("HOME", raising=False)
    monkeypatch.setattr(pwd, "getpwuid", lambda uid: (_ for _ in ()).throw(KeyError(uid)))
    with pytest.raises(NoSuchHome) as refused:
        expanded("~/nieuws/library.sqlite")
    assert str(refused.value) == "~/nieuws/library.sqlite: no home folder is known for ~ (HOME is not set); write the path in full"


def test_a_file_written_over_keeps_its_permissions(cli, samples, tmp_path):
    """As `sed -i` and editors keep them: a config.toml made private stays private."""
    exported, config = tmp_path / "all.atom", tmp_path / "config.toml"
    env = {**samples, "NIEUWS_TUI_CONFIG": str(config)}
    assert cli("sources", "add", "https://nieuws.example/feed.rss", env=env).returncode == 0
    assert cli("export", "-o", str(exported), env=env).returncode == 0
    for path, mode in ((exported, 0o640), (config, 0o600)):
        path.chmod(mode)
    assert cli("export", "--limit", "2", "-o", str(exported), env=env).returncode == 0
    assert cli("sources", "remove", "https://nieuws.example/feed.rss", env=env).returncode == 0
    assert (exported.stat().st_mode & 0o777, config.stat().st_mode & 0o777) == (0o640, 0o600)


def test_a_folder_given_as_the_library_is_said_to_be_one(cli, tmp_path):
    folder = tmp_path / "bieb"
    folder.mkdir()
    result = cli("--db", str(folder), "list")
    assert (result.returncode, result.stderr) == (2, f"nieuws-tui: error: {folder}: is a folder; name the library's file in it, such as {folder}/library.sqlite\n")


@pytest.mark.parametrize("kind", ["device", "pipe"])
def test_a_device_or_a_pipe_given_as_the_library_is_said_to_be_no_file_not_a_damaged_library(cli, tmp_path, kind):
    """/dev/null (or a FIFO) reads as an empty file: it was said as a library damaged, to restore from a backup."""
    path = Path("/dev/null") if kind == "device" else tmp_path / "pijp"
    if kind == "pipe":
        os.mkfifo(path)
    for command in (("list",), ("check",), ("import", str(tmp_path))):
        result = cli("--db", str(path), *command)
        status = 1 if command == ("check",) else 2  # check's status for a library it finds wrong
        assert (result.returncode, result.stderr) == (status, f"nieuws-tui: error: {path}: is no file but a device, a pipe or a socket; name the library's file\n"), command


@pytest.mark.parametrize("side", ["-wal", "-shm", "-journal"])
def test_the_name_of_a_file_sqlite_keeps_beside_a_library_is_refused_as_the_library(cli, tmp_path, side):
    """--db library.sqlite-wal made a library there, which SQLite took for library.sqlite's log, and deleted, at its next
    write. Where no library has the name before it, it is a library's name like any."""
    library_path = tmp_path / "library.sqlite"
    own = tmp_path / f"nieuws{side}"
    assert cli("--db", str(own), "import", str(SEEDS)).returncode == 0
    assert cli("--db", str(library_path), "import", str(SEEDS)).returncode == 0
    side_file = library_path.with_name(library_path.name + side)
    for command in (("list",), ("import", str(SEEDS))):
        result = cli("--db", str(side_file), *command)
        assert (result.returncode, result.stderr) == (
            2, f"nieuws-tui: error: {side_file}: is the name of a file SQLite keeps beside a library ({library_path}); name the library's own file\n"
        ), command
    assert not side_file.exists() or side_file.stat().st_size == 0
    assert cli("--db", str(own), "list").stdout.count("\n") == 16


def test_refresh_on_start_goes_with_the_app_not_with_a_command(cli):
    result = cli("-r", "list")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == "nieuws-tui: error: --refresh-on-start opens the app: give it without a command (fetch refreshes from the command line)"


def test_list_and_sections_keep_their_columns_with_sections_of_wide_characters(cli, tmp_path):
    """Padded by characters, the columns after a section `国际新闻` (each character two columns wide) stood four
    columns right of the others'."""
    from rich.cells import cell_len

    items = "".join(
        f"<item><title>Titel {n}</title><link>https://nieuws.example/{n}</link><category>{section}</category></item>"
        for n, section in enumerate(["国际新闻", "Sport", "Économie", "a\u202eb"])
    )
    feed = tmp_path / "wereld.rss"
    feed.write_text(f"<rss version='2.0'><channel><title>Wereld</title>{items}</channel></rss>", encoding="utf-8")
    env = {"NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")}
    assert cli("import", str(feed), env=env).returncode == 0
    # As the terminal shows them, escapes too (list's column of 12 is overflowed by a section shown longer, as always).
    for command, column, encodings in (("list", "Titel", ("utf-8",)), ("sections", "1", ("utf-8", "ascii"))):
        for encoding in encodings:
            lines = cli(command, env={**env, "PYTHONIOENCODING": encoding}).stdout.splitlines()
            assert len(lines) == 4 and len({cell_len(line[: line.index(column)]) for line in lines}) == 1, lines
