"""Exported feeds: every field comes back, and they are valid whatever the stored text holds."""

from __future__ import annotations

import calendar
import io
import re
import sqlite3
import sys
import time
from contextlib import closing
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from html import escape
from pathlib import Path

import feedparser
import pytest
from conftest import CAPTURED
from feedkit import HOSTILE, article, atom_schema, authorless_entries, authorless_library, feed_articles, future_limit, hostile_library, shown_text, strict_xml
from lxml import etree
from test_feed_items import description_feed

from feeds.library import Library, Selection, own_files
from feeds.link_places import link_marks
from feeds.model import MAX_LINKS, NOT_IN_TEXT, Article, Block, Entry, Link
from feeds.out.export import DUTCH, FeedInfo, article_html, build_feed, feed_generator, item_of
from feeds.pages.html import fragment_text
from feeds.store.layout import LibraryFiles
from feeds.urls import is_zeelandnet

ATOM = "{http://www.w3.org/2005/Atom}"


def export(library: Library, fmt: str, entries=None) -> bytes:
    entries = library.full_entries(entries if entries is not None else library.entries())
    return build_feed(entries, fmt, FeedInfo.for_view(library.path, f"http://127.0.0.1:8080/feed.{fmt}"))


def _moment(struct) -> datetime:
    return datetime.fromtimestamp(calendar.timegm(struct), timezone.utc)


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_every_field_of_every_article_comes_back_through_feedparser(seeded_library, fmt):
    entries = seeded_library.full_entries(seeded_library.entries())
    parsed = feedparser.parse(export(seeded_library, fmt))
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.feed.title == "nieuws-tui — all news"
    assert parsed.feed.language == "nl"
    assert len(parsed.entries) == len(entries) == 16
    for entry, item in zip(entries, parsed.entries):
        article = entry.article
        assert item.id == article.url
        assert item.link == article.url
        assert item.title == article.title
        published = article.published or entry.first_seen
        assert _moment(item.published_parsed) == published.astimezone(timezone.utc).replace(microsecond=0)
        if fmt == "atom":
            assert _moment(item.updated_parsed) >= _moment(item.published_parsed)
        terms = [tag.term for tag in item.tags]
        assert terms[0] == "Buitenland"
        assert "teaser" not in terms  # (a mark of ours, no tag: its own namespace says it)
        assert item.author == "/".join(article.agencies)
        if article.is_teaser:  # its whole text is a summary, as it came
            assert "content" not in item
            text = item.summary
        else:
            assert shown_text(item.summary_detail) == f"{article.place} ({'/'.join(article.agencies)}) - {article.lead}"
            text = item.content[0].value
        assert f"<p>{escape(article.place, quote=False)} ({'/'.join(article.agencies)}) - {escape(article.lead, quote=False)}</p>" in text  # as the site prints it
        for block in article.body:
            tag = "h3" if block.kind == "subheading" else "p"
            assert f"<{tag}>{escape(block.text, quote=False)}</{tag}>" in text  # quotes need no escaping outside attributes


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_an_exported_teaser_reads_back_as_its_own_text_without_a_note_of_ours(seeded_library, fmt):
    stored = {e.article.url: e.article for e in seeded_library.full_entries(seeded_library.entries())}
    again = {a.url: a for a in feed_articles(export(seeded_library, fmt), url=f"http://127.0.0.1:8080/feed.{fmt}")}
    teasers = [url for url, article in stored.items() if article.is_zeelandnet_teaser]
    assert len(teasers) == 14
    for url in teasers:  # a summary without content: a teaser in any feed reader's terms, and in ours
        assert (again[url].kind, again[url].lead, again[url].body) == ("teaser", stored[url].lead, stored[url].body)


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_a_teaser_without_a_section_reads_back_in_no_section_not_in_one_named_teaser(library_path, fmt):
    """The category that marks a teaser for other readers was read back as the teaser's section; it stays in no
    section, as stored (not under the feed's title, as another feed's item without a category)."""
    library = Library(library_path)
    library.add([(article("Zonder rubriek", section=None, kind="teaser", body=()), CAPTURED)])
    (again,) = feed_articles(export(library, fmt), url=f"http://127.0.0.1:8080/feed.{fmt}")
    assert (again.title, again.kind, again.section) == ("Zonder rubriek", "teaser", None)


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_a_storys_dateline_comes_back_from_its_export_and_opens_its_lead_in_any_feed_reader(library_path, fmt):
    library = Library(library_path)
    stories = [
        article("Duel", place="ALKMAAR", agencies=("ANP", "AFP"), rubric="EREDIVISIE", lead="Het duel eindigde in 2-2."),
        article("Teaser", place="DEN HAAG/BRUSSEL", agencies=("ANP",), kind="teaser", body=()),
        article("Regionaal", place="SINT-MAARTENSDIJK", agencies=(), lead="De molen draait weer."),
        article("Zonder", place=None, agencies=(), lead="PYONGYANG is de hoofdstad."),
    ]
    library.add([(story, CAPTURED) for story in stories])
    data = export(library, fmt)
    again = {a.title: a for a in feed_articles(data, url=f"http://127.0.0.1:8080/feed.{fmt}")}
    for story in stories:
        read = again[story.title]
        assert (read.place, read.agencies, read.rubric, read.lead, read.body) == (story.place, story.agencies, story.rubric, story.lead, story.body)
    summaries = {item.title: shown_text(item.summary_detail) for item in feedparser.parse(data).entries}
    assert summaries["Duel"] == "EREDIVISIEALKMAAR (ANP/AFP) - Het duel eindigde in 2-2."
    assert summaries["Regionaal"] == "SINT-MAARTENSDIJK - De molen draait weer."


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_an_export_read_back_into_the_library_that_made_it_changes_none_of_its_stories(seeded_library, tmp_path, fmt):
    from feeds.imports import import_paths

    def stories(library: Library) -> dict[str, tuple]:
        told = ("title", "section", "place", "agencies", "rubric", "lead", "body", "kind", "author", "title_from_lead")
        return {e.id: tuple(getattr(e.article, name) for name in told) for e in library.full_entries(library.entries())}

    before = stories(seeded_library)
    exported = tmp_path / f"feed.{fmt}"
    exported.write_bytes(export(seeded_library, fmt))
    import_paths(seeded_library, [exported], CAPTURED)
    assert stories(Library(seeded_library.path)) == before


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_ids_are_the_same_in_every_export_and_after_reimport(seeded_library, seed_paths, fmt):
    from feeds.imports import import_paths

    first = [e.id for e in feedparser.parse(export(seeded_library, fmt)).entries]
    import_paths(seeded_library, seed_paths, CAPTURED)
    again = [e.id for e in feedparser.parse(export(Library(seeded_library.path), fmt)).entries]
    assert first == again and len(set(first)) == 16
    feed_ids = {feedparser.parse(export(seeded_library, "atom")).feed.id for _ in range(2)}
    assert len(feed_ids) == 1


def test_atom_passes_the_rfc_4287_relax_ng_schema(seeded_library):
    schema = atom_schema()
    document = strict_xml(export(seeded_library, "atom"))
    assert schema.validate(document), schema.error_log


def test_atom_names_an_author_for_every_entry_as_rfc_4287_requires_the_feed_naming_one_for_those_without(library_path):
    document = strict_xml(export(authorless_library(library_path), "atom"))
    assert len(document.findall(f"{ATOM}entry")) == 2
    assert authorless_entries(document) == []


def test_rss_has_what_rss_2_requires(seeded_library):
    channel = strict_xml(export(seeded_library, "rss")).find("channel")
    for required in ("title", "link", "description"):
        assert channel.findtext(required)
    self_links = [link for link in channel.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert [link.get("href") for link in self_links] == ["http://127.0.0.1:8080/feed.rss"]
    assert parsedate_to_datetime(channel.findtext("lastBuildDate"))
    guids = [item.find("guid") for item in channel.findall("item")]
    assert all(g.get("isPermaLink") == "true" for g in guids)
    assert len({g.text for g in guids}) == len(guids) == 16
    for item in channel.findall("item"):
        assert parsedate_to_datetime(item.findtext("pubDate")).tzinfo is not None


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_hostile_text_still_gives_a_valid_feed(library_path, fmt):
    library = hostile_library(library_path)
    data = export(library, fmt)
    document = strict_xml(data)
    if fmt == "atom":
        schema = atom_schema()
        assert schema.validate(document), schema.error_log
    parsed = feedparser.parse(data)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert len(parsed.entries) == len(HOSTILE)
    titles = {e.title for e in parsed.entries}
    assert "CDATA-einde ]]> en & en <script>alert(1)</script>" in titles
    assert "Tekens die XML niet kent:  einde" in titles
    tricky = next(e for e in parsed.entries if e.title.startswith("CDATA-einde"))
    assert "<script>" not in tricky.content[0].value  # escaped, never markup
    assert "&lt;script&gt;" in tricky.content[0].value


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_no_entry_is_dated_in_the_future(library_path, fmt):
    library = hostile_library(library_path)
    parsed = feedparser.parse(export(library, fmt))
    limit = future_limit()
    assert len(parsed.entries) == len(library.entries())
    for item in parsed.entries:
        assert _moment(item.published_parsed) <= limit


@pytest.mark.parametrize("command", [("export",), ("sources", "export-opml")])
def test_a_path_ending_in_a_slash_names_a_folder_and_is_not_written_as_a_file(cli, seeded_library, tmp_path, command):
    """`export -o nieuws.atom/` wrote the file nieuws.atom (a Path drops the slash), where the shell's `>` refuses."""
    (tmp_path / "config.toml").write_text('[[source]]\nurl = "https://nieuws.example/feed"\n')
    db = {"NIEUWS_TUI_DB": str(seeded_library.path), "NIEUWS_TUI_CONFIG": str(tmp_path / "config.toml")}
    missing = cli(*command, "-o", f"{tmp_path}/nieuws.atom/", env=db)
    assert (missing.returncode, missing.stderr) == (2, f"nieuws-tui: error: {tmp_path}/nieuws.atom/: there is no folder {tmp_path}/nieuws.atom\n")
    assert not (tmp_path / "nieuws.atom").exists()
    folder = cli(*command, "-o", f"{tmp_path}/", env=db)
    assert (folder.returncode, folder.stderr) == (2, f"nieuws-tui: error: {tmp_path}/: is a folder; name a file\n")
    (tmp_path / "bestand").write_text("")
    a_file = cli(*command, "-o", f"{tmp_path}/bestand/", env=db)
    assert (a_file.returncode, a_file.stderr) == (2, f"nieuws-tui: error: {tmp_path}/bestand/: cannot write (Not a directory)\n")
    too_long = cli(*command, "-o", f"{tmp_path}/{'a' * 300}/", env=db)  # a traceback: the look at it failed
    assert too_long.returncode == 2 and too_long.stderr.endswith(": cannot write (File name too long)\n"), too_long.stderr


@pytest.mark.parametrize("named", ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"])
@pytest.mark.parametrize("command", [("export",), ("sources", "export-opml")])
def test_an_output_named_as_standard_output_is_written_as_standard_output_is(cli, seeded_library, tmp_path, command, named):
    """`export -o /dev/stdout >> all.xml` replaced all.xml whole (the name resolved to the file, written atomically),
    what it held lost; `| cat` got nothing and an error (a pipe has no folder to write a file in)."""
    from conftest import cli_into

    (tmp_path / "config.toml").write_text('[[source]]\nurl = "https://nieuws.example/feed"\n')
    db = {"NIEUWS_TUI_DB": str(seeded_library.path), "NIEUWS_TUI_CONFIG": str(tmp_path / "config.toml")}
    kept = tmp_path / "all.xml"
    kept.write_bytes(b"gisteren\n")
    appended = cli_into(kept, ">>", *command, "-o", named, env=db)
    assert appended.returncode == 0, appended.stderr
    assert kept.read_bytes().startswith(b"gisteren\n<?xml")
    piped = cli(*command, "-o", named, env=db)
    assert piped.returncode == 0 and piped.stdout.startswith("<?xml"), piped.stderr
    if command == ("export",):  # (an OPML document is dated to the second it was made)
        assert piped.stdout == cli(*command, env=db).stdout  # the feed `-` gives: its self link is no pipe's file:// name


def test_an_export_named_as_standard_output_ends_quietly_when_its_reader_leaves(tmp_path):
    """`export -o /dev/stdout | head` said "/dev/stdout: cannot write (Broken pipe)" and exited 2, where `export | head`
    ends quietly."""
    import subprocess

    from conftest import nieuws_tui_command

    path = tmp_path / "library.sqlite"
    Library(path).add([(article(f"Bericht {n}", url=f"https://nieuws.example/{n}", body=(Block("paragraph", "Een alinea. " * 50),)), CAPTURED) for n in range(200)])
    export = subprocess.Popen([*nieuws_tui_command(), "--db", str(path), "export", "-o", "/dev/stdout"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert export.stdout is not None and export.stdout.read(10) == b"<?xml vers"
    export.stdout.close()  # the reader leaves, the pipe full of the rest
    _, said = export.communicate(timeout=60)
    assert (export.returncode, said) == (0, b"")


def test_export_command_writes_newest_first_limited_and_atomically(cli, seeded_library, tmp_path):
    db = {"NIEUWS_TUI_DB": str(seeded_library.path)}
    default = cli("export", env=db)
    assert default.returncode == 0 and default.stdout.startswith("<?xml")
    assert "<feed" in default.stdout  # Atom unless told otherwise
    target = tmp_path / "out" / "nieuws.rss"
    missing = cli("export", "-o", str(target), env=db)
    assert missing.returncode == 2 and missing.stderr == f"nieuws-tui: error: {target}: there is no folder {target.parent}\n" and not target.parent.exists()
    target.parent.mkdir()
    result = cli("export", "--format", "rss", "--limit", "3", "--section", "Buitenland", "-o", str(target), env=db)
    assert result.returncode == 0, result.stderr
    parsed = feedparser.parse(target.read_bytes())
    assert [e.title for e in parsed.entries] == [e.article.title for e in seeded_library.entries()[:3]]
    assert parsed.feed.title == "nieuws-tui — Buitenland"
    assert [p.name for p in target.parent.iterdir()] == ["nieuws.rss"]
    seeded_library.set_state([seeded_library.entries()[0].id], starred=True)
    starred = feedparser.parse(cli("export", "--starred", env=db).stdout)
    assert [e.title for e in starred.entries] == [seeded_library.entries()[0].article.title]
    assert cli("export", "--limit", "0", env=db).returncode == 2


def test_an_export_is_never_written_over_the_library_the_sources_or_a_folder(cli, seeded_library, tmp_path):
    db = {"NIEUWS_TUI_DB": str(seeded_library.path), "NIEUWS_TUI_CONFIG": str(tmp_path / "config.toml")}
    (tmp_path / "config.toml").write_text("host-delay = 1\n")
    shards = next(seeded_library.files.state.iterdir())
    for own in (seeded_library.files.database, shards, tmp_path / "config.toml"):
        before = own.read_bytes()
        result = cli("export", "-o", str(own), env=db)
        assert result.returncode == 2 and result.stderr.count("\n") == 1 and "nieuws-tui's own" in result.stderr and str(own) in result.stderr
        assert own == seeded_library.files.database or own.read_bytes() == before  # (the database's own writes may change its bytes)
    opml = cli("sources", "export-opml", "-o", str(tmp_path / "config.toml"), env=db)
    assert opml.returncode == 2 and "nieuws-tui's own" in opml.stderr and (tmp_path / "config.toml").read_text() == "host-delay = 1\n"
    folder = cli("export", "-o", str(tmp_path), env=db)
    assert folder.returncode == 2 and "is a folder" in folder.stderr
    assert [e.id for e in Library(seeded_library.path).entries()] == [e.id for e in seeded_library.entries()]


def test_every_file_of_a_v1_library_not_yet_moved_is_the_librarys_own(tmp_path):
    files = LibraryFiles.for_path(tmp_path / "library.json")
    assert {*files.v1_files, files.v1_lock, files.v1_backup} <= set(own_files(files.database))


def test_an_export_to_a_link_writes_the_file_it_points_to_and_one_to_a_pipe_writes_into_it(cli, seeded_library, tmp_path):
    import os
    import threading

    db = {"NIEUWS_TUI_DB": str(seeded_library.path)}
    real, link = tmp_path / "real.atom", tmp_path / "link.atom"
    real.write_text("old")
    link.symlink_to(real)
    assert cli("export", "-o", str(link), env=db).returncode == 0
    assert link.is_symlink() and real.read_bytes().startswith(b"<?xml")
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    assert cli("export", "-o", str(pipe), env=db).returncode == 0
    reader.join(10)
    assert received and received[0].startswith(b"<?xml") and pipe.is_fifo()


# Beside the hostile articles: what only some entries have, and text that attributes and
# CDATA treat otherwise than element text.
ODD = [
    article("Regeleinde\r en tab\t", author='Jan "de" Vries & co', section='Zee & "land"\t\n<3', kind="teaser", url="https://www.zeelandnet.nl/nieuws/a?b=1&c=<2>"),
    article("Alleen stuurtekens als aanhef", lead="\x01\x02", agencies=("ANP", "RTR")),
    article("Met links", links=(Link("https://example.org/x?a=1&b=2", 'de "bron" <hier>'), Link("javascript:alert(1)", "nee"))),
    article("Haakjes {0} {} }{", lead="{title} {{", body=(Block("paragraph", "{content}"),)),
]


def feedgen_entry_by_entry(entries: list[Entry], fmt: str, info: FeedInfo) -> bytes:
    """The feed as feedgen writes it when it is handed every entry itself."""
    from feeds.out.entries import add_entry

    items = []
    for entry in entries:
        try:
            items.append(item_of(entry, fmt, CAPTURED))
        except ValueError:
            continue
    generator = feed_generator(fmt, info, DUTCH if all(is_zeelandnet(item.url) for item in items) else None)
    for item in items:
        add_entry(generator, item, fmt)
    generator.updated(max(i.updated for i in items))
    generator.lastBuildDate(max(i.updated for i in items))
    return generator.atom_str(pretty=True) if fmt == "atom" else generator.rss_str(pretty=True)


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_the_feed_is_byte_for_byte_what_feedgen_writes_when_handed_every_entry(seeded_library, library_path, fmt):
    library = Library(library_path.with_name("odd.json"))
    library.add([(a, CAPTURED) for a in [*HOSTILE, *ODD]])
    for source in (seeded_library, library):
        entries = source.full_entries(source.entries())
        # every third as a story that moved: its first link is its id
        entries = [replace(e, article=e.article.with_changes(first_url=f"http://eerder.example/{e.id}?a=1&b=2")) if n % 3 == 0 else e for n, e in enumerate(entries)]
        info = FeedInfo.for_view(source.path, f"http://127.0.0.1:8080/feed.{fmt}")
        assert build_feed(entries, fmt, info, now=CAPTURED) == feedgen_entry_by_entry(entries, fmt, info)
        assert b"eerder.example" in build_feed(entries, fmt, info, now=CAPTURED)


def _library_of_every_kind(path: Path) -> Library:
    """Stories of every shape an export writes (hostile and odd text, links in and out of the text, teasers), over
    days; the one updated last, first seen long after it was published, stands far down the feed: its date is the
    feed's own all the same."""
    library = Library(path)
    earlier = CAPTURED - timedelta(days=3)
    odd = [story.with_changes(published=story.published and earlier) for story in [*HOSTILE, *ODD, _linked_story()] if story.title != "Uit de toekomst"]
    series = [
        article(f"Bericht {n}", section=("Binnenland", "Buitenland")[n % 2], kind="teaser" if n % 5 == 0 else "full", body=() if n % 5 == 0 else (Block("paragraph", f"Alinea {n} & meer."),), published=CAPTURED - timedelta(hours=n))
        for n in range(1, 300)
    ]
    library.add([(story, earlier) for story in odd] + [(story, story.published) for story in series])
    library.add([(article("Laat gezien", published=CAPTURED - timedelta(days=20)), CAPTURED - timedelta(minutes=1))])
    return library


@pytest.mark.parametrize("options", [(), ("--format", "rss"), ("--format", "rss", "--section", "Buitenland", "--limit", "50")], ids=["atom", "rss", "rss-limited"])
def test_an_export_written_as_it_is_made_is_byte_for_byte_the_feed_feedgen_writes_of_the_same_articles(seeded_library, library_path, tmp_path, options):
    from tui.cli import main

    every_kind = _library_of_every_kind(library_path.with_name("every-kind.sqlite"))
    fmt = "rss" if "rss" in options else "atom"
    chosen = Selection(("Buitenland",), limit=50) if "--limit" in options else Selection()
    for library in (seeded_library, every_kind):
        output = tmp_path / f"{library.path.stem}.{fmt}"
        assert main(["export", "--db", str(library.path), *options, "-o", str(output)]) == 0
        entries = library.select(chosen, text=True)
        assert len(entries) == (16 if library is seeded_library else 50 if chosen.limit else 309)
        expected = feedgen_entry_by_entry(entries, fmt, FeedInfo.for_selection(library, output.resolve().as_uri(), chosen, "http://127.0.0.1:8080/"))
        assert output.read_bytes() == expected
        if library is every_kind and not chosen.limit:
            assert ("<updated>2026-03-03T11:59:00+01:00</updated>" if fmt == "atom" else "<lastBuildDate>Tue, 03 Mar 2026 11:59:00 +0100</lastBuildDate>") in expected.decode()


def test_an_export_holds_some_articles_at_a_time_not_the_library_and_its_feed(monkeypatch, tmp_path):
    """`export -o FILE` of 100,000 articles took 1.4 GB: every article with its text, and the feed whole, twice. To a
    file or to standard output, the feed is written as it is made."""
    import tracemalloc

    from tui.cli import main

    def peak(count: int, *output: str) -> int:
        path = tmp_path / f"{count}.sqlite"
        if not path.exists():
            body = tuple(Block("paragraph", f"Alinea {n} van een bericht dat lang genoeg is om te tellen. " * 8) for n in range(4))
            Library(path).add([(article(f"Bericht {n}", url=f"https://nieuws.example/{n}", body=body), CAPTURED) for n in range(count)])
        with open(tmp_path / "out.xml", "w", encoding="utf-8") as out:
            monkeypatch.setattr("sys.stdout", out)
            tracemalloc.start()
            try:
                assert main(["export", "--db", str(path), *output]) == 0
                return tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()

    peak(10)  # feedgen and lxml loaded
    for output in (("-o", str(tmp_path / "feed.atom")), ()):
        few, many = peak(200, *output), peak(2000, *output)
        assert many < 1.5 * few, (output, few, many)


@pytest.mark.parametrize("meanwhile", ["a fetch", "a mark"])
def test_an_export_writes_the_articles_whose_dates_it_read_first_whatever_is_stored_meanwhile(seeded_library, tmp_path, monkeypatch, meanwhile):
    """The feed's own date, its newest entry's, is read before its entries: an article stored, or marked read, between
    the two reads made the feed's entries others than those that dated it."""
    from tui.cli import main

    newest = seeded_library.entries()[:3]
    dates = Library.dates

    def dates_then(self, selection):
        yield from dates(self, selection)
        other = Library(self.path)
        if meanwhile == "a fetch":
            other.add([(article("Net binnen", published=CAPTURED + timedelta(hours=1)), CAPTURED + timedelta(hours=1))])
        else:
            other.set_state([newest[0].id], read=True)

    monkeypatch.setattr(Library, "dates", dates_then)
    output = tmp_path / "feed.atom"
    assert main(["export", "--db", str(seeded_library.path), "--unread", "--limit", "3", "-o", str(output)]) == 0
    assert Library(seeded_library.path).select(Selection(unread=True), text=False)[0].id != newest[0].id  # (it happened)
    parsed = feedparser.parse(output.read_bytes())
    assert [entry.title for entry in parsed.entries] == [entry.article.title for entry in newest]
    assert parsed.feed.updated == max(entry.updated for entry in parsed.entries)


def test_values_are_escaped_as_lxml_escapes_them():
    from lxml import etree

    from feeds.out.entries import escape_attribute, escape_text

    every = "".join(chr(c) for c in range(0x20, 0x250)) + "\t\n\r\u2028\ufffd\U0001f600 &amp; ]]> {x}"
    element = etree.Element("e", a=every)
    element.text = every
    assert etree.tostring(element, encoding="unicode") == f'<e a="{escape_attribute(every)}">{escape_text(every)}</e>'


def test_xml_text_keeps_exactly_the_characters_of_xml_1_0():
    from feeds.clean import xml_text

    def allowed(code: int) -> bool:  # the Char production of XML 1.0
        return code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF

    for code in [*range(0x10000), 0x10000, 0x1F600, 0x10FFFF]:
        assert xml_text(f"één {chr(code)} twee") == (f"één {chr(code)} twee" if allowed(code) else "één  twee"), hex(code)


def test_an_export_is_never_written_over_a_record_of_how_serve_served_a_library(cli, seeded_library):
    """Its record was written over with the feed, and the next server dated every feed anew."""
    from feeds.out.site import FeedSite
    from feeds.paths import served_path

    FeedSite(seeded_library, "http://127.0.0.1:8080")
    record = served_path(seeded_library.files.database, "http://127.0.0.1:8080")
    before = record.read_bytes()
    for command in (("export",), ("sources", "export-opml")):
        result = cli(*command, "-o", str(record), env={"NIEUWS_TUI_DB": str(seeded_library.path)})
        assert result.returncode == 2 and result.stderr.count("\n") == 1 and "nieuws-tui's own" in result.stderr, command
        assert record.read_bytes() == before


def test_an_export_over_the_library_is_refused_however_its_path_is_written(cli, seeded_library):
    """--db '~/…' (quoted, so the shell leaves the ~): the library is found at home, and so are its own files."""
    written = f"~/{seeded_library.path.name}"
    for command in (("export",), ("sources", "export-opml")):
        result = cli("--db", written, *command, "-o", str(seeded_library.files.database), env={"HOME": str(seeded_library.path.parent)})
        assert result.returncode == 2 and "nieuws-tui's own" in result.stderr, command


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_dates_are_written_in_whole_seconds_at_offsets_of_whole_minutes(library_path, fmt):
    """newsboat read `02:02:41.703103+01:00` an hour off, and Amsterdam's offset before 1937 (`+00:19:32`)
    made the Atom feed invalid and RSS's date no RFC 822 date."""
    from feeds.model import AMSTERDAM

    library = Library(library_path)
    library.add([(article("Oud", published=datetime(1900, 1, 1, 12, 0, 30, tzinfo=AMSTERDAM)), CAPTURED.replace(microsecond=703103))])
    library.add([(article("Nieuw", url="https://www.zeelandnet.nl/nieuws/nieuw", published=None), CAPTURED.replace(microsecond=703103))])
    data = export(library, fmt)
    document = strict_xml(data)
    if fmt == "atom":
        schema = atom_schema()
        assert schema.validate(document), schema.error_log
        dates = [element.text for element in document.iter(f"{ATOM}published", f"{ATOM}updated")]
        assert "1900-01-01T11:40:58+00:00" in dates
        assert all("." not in date for date in dates)
    else:
        dates = [element.text for element in document.iter("pubDate", "lastBuildDate")]
        assert "Mon, 01 Jan 1900 11:40:58 +0000" in dates
        assert all(parsedate_to_datetime(date).microsecond == 0 for date in dates)


def _linked_story() -> Article:
    """A story with links in its lead (after its dateline), its body and a sub-heading, hostile words and addresses,
    and links that stand nowhere in its text: one without words (an image's), one whose words it lacks."""
    lead = 'Lees het rapport en "<b>&amp;</b>" over de brug.'
    body = (Block("paragraph", "Het besluit & de bron staan online."), Block("subheading", "Meer van de bron"), Block("paragraph", "Zie ook hier."))
    links = (
        Link("https://nieuws.example/rapport.pdf", "het rapport", (0, len("Lees het rapport"))),
        Link('https://x.example/?a=1&b="2"<i>', '"<b>&amp;</b>"', (0, len('Lees het rapport en "<b>&amp;</b>"'))),
        Link("https://gemeente.example/besluit", "Het besluit", (1, len("Het besluit"))),
        Link("https://bron.example/", "de bron", (2, len("Meer van de bron"))),  # the words stand in the body before, too
        Link("https://elders.example/hier", "hier", (3, len("Zie ook hier"))),
        Link("https://beeld.example/foto.jpg", "", None),
        Link("https://weg.example/", "een kop die er niet meer staat", None),
    )
    return article("Met links", place="GOES", agencies=("ANP",), lead=lead, body=body, links=links)


def _read_back(story: Article, fmt: str, tmp_path: Path) -> Article:
    """The story exported (Atom's validated) and read back from the export, as a nieuws-tui subscribed to another's `serve`."""
    data = build_feed([Entry(story, first_seen=CAPTURED)], fmt, FeedInfo.for_view(tmp_path / "library.sqlite", f"http://127.0.0.1:8080/feed.{fmt}"))
    if fmt == "atom":
        atom_schema().assertValid(strict_xml(data).getroottree())
    [read] = feed_articles(data, url=f"http://127.0.0.1:8080/feed.{fmt}")
    return read


def _written_and_read_back_as_it_was(html: str, written: str, fmt: str, tmp_path: Path) -> None:
    """The story of a feed item whose HTML is `html` is exported with `written` in its HTML, and read back from the
    export, twice, with the same text and links."""
    feed = f"<rss version='2.0'><channel><title>T</title><item><title>Titel</title><link>https://nieuws.example/a</link><description><![CDATA[{html}]]></description></item></channel></rss>"
    [story] = feed_articles(feed.encode())
    assert written in article_html(story)
    read = story
    for _trip in range(2):
        read = _read_back(read, fmt, tmp_path)
        assert (read.lead, read.body, read.links) == (story.lead, story.body, story.links)


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_an_export_read_back_has_the_same_text_and_links_and_round_trips_do_not_grow_it(tmp_path, fmt):
    """Each round trip (a nieuws-tui subscribed to another's `serve`) added the exported list of links to the body
    as paragraphs: ['Lees het rapport.', 'het rapport', 'het rapport', 'het rapport'] after three."""
    story = _linked_story()
    read = story
    for _trip in range(3):
        read = _read_back(read, fmt, tmp_path)
        assert (read.place, read.agencies, read.lead, read.body) == (story.place, story.agencies, story.lead, story.body)
        # Those that stand nowhere in the text come back known to stand nowhere in it.
        assert read.links == tuple(link._replace(end=NOT_IN_TEXT) if link.end is None else link for link in story.links)


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_a_link_whose_words_another_link_holds_is_marked_again_after_a_round_trip(tmp_path, fmt):
    """`rapport`, without a place, inside the `het rapport` of a link placed where it was read, cannot be written
    around its words: listed after the text, it came back as standing nowhere in it, and lost its [2]."""
    story = article("Rapport", lead="Lees het rapport van de raad.", links=(Link("https://a.example/", "het rapport", (0, 16)), Link("https://b.example/", "rapport")))
    data = build_feed([Entry(story, first_seen=CAPTURED)], fmt, FeedInfo.for_view(tmp_path / "library.sqlite", f"http://127.0.0.1:8080/feed.{fmt}"))
    [read] = feed_articles(data, url=f"http://127.0.0.1:8080/feed.{fmt}")
    assert link_marks([read.lead], read.links) == link_marks([story.lead], story.links) == [[(16, 1), (16, 2)]]


_LINKS_OUT_OF_THE_TEXTS_ORDER = {
    # An image's link, first on its page, and a dateline's stand nowhere in the text: listed after it.
    "image-first": article(
        "Foto",
        place="GOES",
        agencies=("ANP",),
        lead="Lees het rapport en de brief.",
        links=(
            Link("https://beeld.example/foto.jpg", ""),
            Link("https://a.example/", "het rapport", (0, 16)),
            Link("https://anp.example/", "ANP", NOT_IN_TEXT),
            Link("https://b.example/", "de brief", (0, 28)),
        ),
    ),
    # A link without a place (an older library) whose words stand before those of the link before it.
    "words-found-earlier": article(
        "Y", lead="Meer hier en daar.", links=(Link("https://beeld.example/x.jpg", ""), Link("https://d.example/", "daar"), Link("https://h.example/", "hier"))
    ),
    # Placed links whose places are not in the order of their numbers.
    "placed-out-of-order": article(
        "X",
        lead="Lees de brief.",
        body=(Block("paragraph", "Zie het rapport."),),
        links=(Link("https://a.example/", "het rapport", (1, 15)), Link("https://b.example/", "de brief", (0, 13))),
    ),
}


@pytest.mark.parametrize("fmt", ["atom", "rss"])
@pytest.mark.parametrize("story", _LINKS_OUT_OF_THE_TEXTS_ORDER.values(), ids=_LINKS_OUT_OF_THE_TEXTS_ORDER.keys())
def test_a_round_trip_keeps_every_link_at_its_number(tmp_path, fmt, story):
    """Read back in the order the export writes them (those of the text in its order, then the list), links whose
    order was another came back renumbered, and `o 1` opened another link."""
    data = build_feed([Entry(story, first_seen=CAPTURED)], fmt, FeedInfo.for_view(tmp_path / "library.sqlite", f"http://127.0.0.1:8080/feed.{fmt}"))
    [read] = feed_articles(data, url=f"http://127.0.0.1:8080/feed.{fmt}")
    assert [link.url for link in read.links] == [link.url for link in story.links]
    texts = [read.lead, *(block.text for block in read.body)]
    assert link_marks(texts, read.links) == link_marks([story.lead, *(block.text for block in story.body)], story.links)


def test_links_in_the_order_of_the_text_are_written_without_numbers():
    html = article_html(_linked_story())
    assert "data-nieuws-tui-link" not in html
    assert 'data-nieuws-tui-link="2"' in article_html(_LINKS_OUT_OF_THE_TEXTS_ORDER["placed-out-of-order"])


def test_the_first_link_of_an_address_in_the_text_is_its_link_whatever_the_numbers_say():
    html = '<p>Lees <a href="https://a.example/">het rapport</a>.</p><ol class="nieuws-tui-links"><li value="1"><a href="https://a.example/">foto</a></li></ol>'
    [_block], links = fragment_text(html, "https://nieuws.example/a")
    assert links == (Link("https://a.example/", "het rapport", (0, 16)),)


@pytest.mark.parametrize(
    ("items", "urls"),
    [
        # Numbers out of range, taken twice, or no number HTML reads place nothing: those links follow the others.
        ('<li value="9">x</li><li value="1">y</li>', ["y", "t", "x"]),
        ('<li value="1">x</li><li value="1">y</li>', ["x", "t", "y"]),
        ('<li value="-1">x</li><li value="0">y</li>', ["t", "x", "y"]),
        ('<li value="２">x</li><li value="99999999999999999999">y</li>', ["t", "x", "y"]),
        ('<li value="3">x</li><li value="2">y</li>', ["t", "y", "x"]),
    ],
)
def test_hostile_numbers_of_listed_links_only_order_them(items, urls):
    items = re.sub(r">(\w)</li>", lambda m: f'><a href="https://{m.group(1)}.example/">{m.group(1)}</a></li>', items)
    [_block], links = fragment_text(f'<p>Zie <a href="https://t.example/">t</a>.</p><ol class="nieuws-tui-links">{items}</ol>', "https://nieuws.example/a")
    assert [link.url.split("//")[1].split(".")[0] for link in links] == urls


def test_a_listed_link_of_words_too_long_to_keep_whole_still_stands_nowhere_in_the_text():
    words = "lang " * 120
    [], links = fragment_text(f'<ol class="nieuws-tui-links"><li><a href="https://a.example/">{words}</a></li></ol>', "https://nieuws.example/a")
    assert [link.end for link in links] == [NOT_IN_TEXT]


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_a_link_that_stood_outside_the_text_marks_no_words_of_it_after_a_round_trip(tmp_path, fmt):
    """The dateline's linked `ANP` went to the list after the text, and came back without a place: the reader looked
    for its words and marked `Het ANP[1] meldt iets.`, where the story has no link."""
    story = article("ANP", place="AMSTERDAM", agencies=("ANP",), lead="Het ANP meldt iets.", links=(Link("https://anp.example/", "ANP", NOT_IN_TEXT),))
    data = build_feed([Entry(story, first_seen=CAPTURED)], fmt, FeedInfo.for_view(tmp_path / "library.sqlite", f"http://127.0.0.1:8080/feed.{fmt}"))
    [read] = feed_articles(data, url=f"http://127.0.0.1:8080/feed.{fmt}")
    assert read.links == story.links
    assert link_marks([read.lead], read.links) == [[]]


def test_links_are_written_where_they_stand_escaped_and_the_rest_in_a_list_nieuws_tui_reads_as_links_only():
    html = article_html(_linked_story())
    assert html.startswith('<p>GOES (ANP) - Lees <a href="https://nieuws.example/rapport.pdf">het rapport</a> en ')
    assert '<a href="https://x.example/?a=1&amp;b=&quot;2&quot;&lt;i&gt;">"&lt;b&gt;&amp;amp;&lt;/b&gt;"</a> over' in html
    assert '<h3>Meer van <a href="https://bron.example/">de bron</a></h3>' in html  # where it was read, not its words' first place
    assert html.endswith('<ol class="nieuws-tui-links"><li value="6"><a href="https://beeld.example/foto.jpg">https://beeld.example/foto.jpg</a></li>'
                         '<li value="7"><a href="https://weg.example/">een kop die er niet meer staat</a></li></ol>')  # fmt: skip
    stored = _linked_story().with_changes(links=(Link("javascript:alert(1)", "Lees"), Link("https://a.example/", "Lees")))
    assert "javascript" not in article_html(stored) and '<a href="https://a.example/">Lees</a>' in article_html(stored)


@pytest.mark.parametrize(
    ("html", "text", "links"),
    [
        # Any element with the class hid its text, which other readers show.
        ('<div class="nieuws-tui-links"><p>Verborgen tekst.</p><a href="https://kwaad.example/">klik</a></div>',
         ["Verborgen tekst.", "klik"], [("https://kwaad.example/", "klik")]),
        ('<p>Lees <a class="nieuws-tui-links" href="https://x.example/">dit stuk</a> nu.</p>',
         ["Lees dit stuk nu."], [("https://x.example/", "dit stuk")]),
        # Not right in the body, or words besides the links: text as well, a numbered list as other readers show it.
        ('<div><ol class="nieuws-tui-links"><li><a href="https://x.example/">dit stuk</a></li></ol></div>',
         ["1. dit stuk"], [("https://x.example/", "dit stuk")]),
        ('<ol class="nieuws-tui-links"><li>Zie <a href="https://x.example/">dit stuk</a></li></ol>',
         ["1. Zie dit stuk"], [("https://x.example/", "dit stuk")]),
        ('<ol class="nieuws-tui-links"><li><a href="https://x.example/"><b>dit</b> stuk</a></li></ol>',
         ["1. dit stuk"], [("https://x.example/", "dit stuk")]),
        # The list as the export writes it: links only, but not those hidden, as everywhere.
        ('<p>Tekst.</p>\n<ol class="nieuws-tui-links"><li><a href="https://a.example/">een</a></li>'
         '<li hidden><a href="https://verborgen.example/">twee</a></li>'
         '<li><a aria-hidden="true" href="https://verborgen.example/2">drie</a></li>'
         '<li><a class="share" href="https://deel.example/">vier</a></li></ol>',
         ["Tekst."], [("https://a.example/", "een")]),
        ('<p>Tekst.</p><ol hidden class="nieuws-tui-links"><li><a href="https://a.example/">een</a></li></ol>', ["Tekst."], []),
    ],
    ids=["div-with-the-class", "link-with-the-class", "list-not-in-the-body", "words-beside-the-link", "markup-in-the-link",
         "hidden-links", "hidden-list"],
)  # fmt: skip
def test_only_a_list_of_links_right_in_the_text_as_the_export_writes_it_is_read_as_links_only(html, text, links):
    blocks, found = fragment_text(html, "https://site.example/stuk")
    assert [block.text for block in blocks] == text
    assert [(link.url, link.text) for link in found] == links


def test_an_article_of_many_links_with_words_in_every_paragraph_exports_at_once():
    body = tuple(Block("paragraph", f"Alinea {n} met hier en daar een link, hier.") for n in range(2000))
    links = tuple(Link(f"https://nieuws.example/{n}", "hier" if n % 2 else "een kop die er niet staat") for n in range(MAX_LINKS))
    start = time.perf_counter()
    html = article_html(article("Veel", body=body, links=links))
    assert time.perf_counter() - start < 0.5
    assert html.count("<a ") == MAX_LINKS and html.count("<li value=") == MAX_LINKS // 2


def test_a_story_whose_link_moved_keeps_its_id_and_guid_in_exports_at_its_new_link(tmp_path, httpserver):
    """A feed reader subscribed to an export knows an entry by its id (RSS: guid): a story a fetch moved to another
    link (its feed's guid knows it) is the entry it was, at its new link, not a second one."""
    from test_guids import MOVED, OLD, Feeds, fetch, rss

    feeds = Feeds(httpserver)
    url = feeds.serve("/feed", rss(("tag:nieuws.example,2026:dijk", OLD, "Dijk versterkt"), (None, "https://nieuws.example/veer", "Veer")))
    fetch(Library(tmp_path / "library.sqlite"), url)

    def exported(fmt: str) -> list[tuple[str, str]]:
        document = strict_xml(export(Library(tmp_path / "library.sqlite"), fmt))
        if fmt == "atom":
            atom_schema().assertValid(document.getroottree())
            return sorted((entry.findtext(f"{ATOM}id"), entry.find(f"{ATOM}link").get("href")) for entry in document.iter(f"{ATOM}entry"))
        return sorted((item.findtext("guid") + " " + item.find("guid").get("isPermaLink"), item.findtext("link")) for item in document.iter("item"))

    assert exported("atom") == [(OLD, OLD), ("https://nieuws.example/veer", "https://nieuws.example/veer")]
    assert exported("rss") == [(f"{OLD} true", OLD), ("https://nieuws.example/veer true", "https://nieuws.example/veer")]
    feeds.serve("/feed", rss(("tag:nieuws.example,2026:dijk", MOVED, "Dijk versterkt"), (None, "https://nieuws.example/veer", "Veer")))
    fetch(Library(tmp_path / "library.sqlite"), url)
    assert exported("atom") == [(OLD, MOVED), ("https://nieuws.example/veer", "https://nieuws.example/veer")]
    assert exported("rss") == [(f"{OLD} false", MOVED), ("https://nieuws.example/veer true", "https://nieuws.example/veer")]


def test_a_story_that_moved_before_library_format_16_keeps_the_id_its_exports_gave_it(tmp_path, httpserver):
    """A library of format 15 kept no first link: a story that moved before is known to feed readers by the link it
    was at when exported, its link then, and keeps that id when it moves again."""
    import sqlite3
    from contextlib import closing

    from test_guids import MOVED, OLD, Feeds, fetch, rss

    from feeds.store.database import VERSION

    feeds = Feeds(httpserver)
    url = feeds.serve("/feed", rss(("tag:dijk", OLD, "Dijk versterkt")))
    fetch(Library(tmp_path / "library.sqlite"), url)
    feeds.serve("/feed", rss(("tag:dijk", MOVED, "Dijk versterkt")))
    fetch(Library(tmp_path / "library.sqlite"), url)
    with closing(sqlite3.connect(tmp_path / "library.sqlite")) as database, database:  # as format 15 made it
        database.execute("DROP TABLE first_links")
        database.execute("UPDATE meta SET value = 15 WHERE key = 'version'")
    again = "https://nieuws.example/dijk"
    feeds.serve("/feed", rss(("tag:dijk", again, "Dijk versterkt")))
    fetch(Library(tmp_path / "library.sqlite"), url)
    with closing(sqlite3.connect(tmp_path / "library.sqlite")) as database:
        assert database.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()[0] == VERSION
    [entry] = strict_xml(export(Library(tmp_path / "library.sqlite"), "atom")).iter(f"{ATOM}entry")
    assert (entry.findtext(f"{ATOM}id"), entry.find(f"{ATOM}link").get("href")) == (MOVED, again)


class _Reader(io.BytesIO):
    """Standard output's reader (a pipe, `| less`), which looks at the library as each piece of the feed comes."""

    def __init__(self, library: Path) -> None:
        super().__init__()
        self.library = library
        self.held: list[int] = []

    def write(self, data) -> int:  # whether the export still holds a reading open, which keeps the log from being cut
        with closing(sqlite3.connect(self.library, timeout=0.1)) as other:
            self.held.append(other.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0])
        return super().write(data)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)


def _standard_output(monkeypatch, library: Path) -> _Reader:
    reader = _Reader(library)
    monkeypatch.setattr("sys.stdout", io.TextIOWrapper(reader, encoding="utf-8"))
    return reader


def test_an_export_to_standard_output_hands_its_reader_the_feed_once_made_not_the_library_held_open(monkeypatch, tmp_path):
    """Written as it was made, an export to a reader that stalled (`| less` left open) kept the library's reading
    open: its log grew under every fetch, and a prune could not give space back, for as long as the pager was open."""
    from tui.cli import main

    path = tmp_path / "library.sqlite"
    Library(path).add([(article(f"Bericht {n}", url=f"https://nieuws.example/{n}", body=(Block("paragraph", "Een alinea. " * 500),)), CAPTURED) for n in range(300)])
    reader = _standard_output(monkeypatch, path)
    assert main(["export", "--db", str(path)]) == 0
    sys.stdout.flush()
    assert reader.held and set(reader.held) == {0}, reader.held
    assert reader.getvalue().count(b"<entry>") == 300


def test_an_export_to_standard_output_that_meets_a_damaged_article_hands_its_reader_nothing(monkeypatch, tmp_path, capsys):
    """It handed the reader (`| upload`) half a feed, the entries before the damaged one, with no end."""
    from tui.cli import main

    path = tmp_path / "library.sqlite"
    Library(path).add([(article(f"Bericht {n}", url=f"https://nieuws.example/{n}", published=CAPTURED - timedelta(hours=n)), CAPTURED) for n in range(200)])
    with closing(sqlite3.connect(path)) as database, database:
        database.execute("UPDATE bodies SET body = 'kapot' WHERE rowid = (SELECT rowid FROM articles WHERE url = 'https://nieuws.example/199')")
    reader = _standard_output(monkeypatch, path)
    assert main(["export", "--db", str(path)]) == 2
    sys.stdout.flush()
    assert reader.getvalue() == b""
    assert "is damaged" in capsys.readouterr().err


@pytest.mark.parametrize("form", ["atom", "rss"])
@pytest.mark.parametrize(("redirect", "before"), [(">", b""), (">>", b"<feed>gisteren</feed>\n")])
def test_an_export_into_a_file_that_meets_a_damaged_article_leaves_the_file_as_it_was(tmp_path, form, redirect, before):
    """`export > feed.xml` left the entries before the damaged one in the file, half a feed with no end, which a
    cron job that only saw the file there uploaded; `>> feeds.xml` left it after what the file held."""
    from conftest import cli_into

    path = tmp_path / "library.sqlite"
    Library(path).add([(article(f"Bericht {n}", url=f"https://nieuws.example/{n}", published=CAPTURED - timedelta(hours=n)), CAPTURED) for n in range(200)])
    with closing(sqlite3.connect(path)) as database, database:
        database.execute("UPDATE bodies SET body = 'kapot' WHERE rowid = (SELECT rowid FROM articles WHERE url = 'https://nieuws.example/199')")
    feed = tmp_path / "feed.xml"
    feed.write_bytes(before)
    exported = cli_into(feed, redirect, "export", "--format", form, env={"NIEUWS_TUI_DB": str(path)})
    assert exported.returncode == 2
    assert len(exported.stderr.splitlines()) == 1 and "is damaged" in exported.stderr
    assert feed.read_bytes() == before


def test_a_document_into_a_file_stopped_part_way_by_ctrl_c_leaves_the_file_as_it_was(tmp_path):
    """Ctrl-C during `export >> feeds.xml` left half a feed after what the file held; what went to the file before
    it (still in the stream's buffer) is the file's, and stays."""
    from feeds.files import write_whole

    def pieces():
        for n in range(1000):
            yield f"<entry>{n}</entry>\n".encode()
        raise KeyboardInterrupt

    out = tmp_path / "feeds.xml"
    out.write_bytes(b"gisteren\n")
    with open(out, "ab") as handle:
        handle.write(b"vandaag\n")
        with pytest.raises(KeyboardInterrupt):
            write_whole(handle, pieces())
        handle.write(b"daarna\n")
    assert out.read_bytes() == b"gisteren\nvandaag\ndaarna\n"


@pytest.mark.parametrize("output", ["-o", "standard output"])
def test_an_export_ended_by_sigterm_leaves_no_temporary_file_behind(monkeypatch, tmp_path, output):
    """A cron job's `timeout` or a `kill` ended `export -o` with its temporary file of megabytes left beside the
    user's feed for good (Ctrl-C took it away)."""
    import os
    import signal

    import feeds.out.export
    from tui.cli import main

    path = tmp_path / "library.sqlite"
    Library(path).add([(article(f"Bericht {n}", url=f"https://nieuws.example/{n}"), CAPTURED) for n in range(100)])
    made = feeds.out.export.item_of
    count = 0

    def item_then_killed(*args):
        nonlocal count
        count += 1
        if count == 50:
            os.kill(os.getpid(), signal.SIGTERM)
        return made(*args)

    monkeypatch.setattr(feeds.out.export, "item_of", item_then_killed)
    folder = tmp_path / "feeds"
    folder.mkdir()
    (folder / "feed.xml").write_bytes(b"oud")
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr("tempfile.tempdir", None)
    reader = _standard_output(monkeypatch, path)
    assert main(["export", "--db", str(path), *(["-o", str(folder / "feed.xml")] if output == "-o" else [])]) == 143
    assert sorted(p.name for p in folder.iterdir()) == ["feed.xml"] and (folder / "feed.xml").read_bytes() == b"oud"
    assert reader.getvalue() == b""
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # the command's own, given back


def test_an_export_to_standard_output_that_is_a_file_needs_no_room_in_the_temporary_folder(monkeypatch, tmp_path):
    """`export > feed.xml` made the feed whole in TMPDIR first: a small tmpfs could not hold it, and the export failed."""
    from tui.cli import main

    path = tmp_path / "library.sqlite"
    Library(path).add([(article(f"Bericht {n}", url=f"https://nieuws.example/{n}"), CAPTURED) for n in range(20)])
    import errno

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("tempfile.TemporaryFile", full)
    with open(tmp_path / "feed.xml", "w", encoding="utf-8") as out:
        monkeypatch.setattr("sys.stdout", out)
        assert main(["export", "--db", str(path)]) == 0
    assert (tmp_path / "feed.xml").read_bytes().count(b"<entry>") == 20


def _entry_story(html: str) -> Article:
    """A story of a feed entry whose content is `html`, as the library stores it."""
    from xml.sax.saxutils import escape as xml_escape

    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Blog</title><link>https://blog.example/</link><description>x</description>'
        f"<item><title>Q</title><link>https://blog.example/q/</link><description>{xml_escape(html)}</description></item></channel></rss>"
    )
    [story] = feed_articles(feed.encode(), url="https://blog.example/feed")
    return story


def _exported_and_read_back(story: Article, fmt: str, tmp_path: Path) -> tuple[str, Article]:
    """The story's exported content (Atom's validated), and the story read back from the export, twice over: each round
    trip must give the text stored, or its story reads as updated."""
    read = story
    for _trip in range(2):
        read = _read_back(read, fmt, tmp_path)
        assert (read.lead, read.body, read.links) == (story.lead, story.body, story.links)
    return article_html(story), read


_LISTS = (
    "<p>Eerste alinea van het verhaal, lang genoeg om mee te tellen als tekst van het stuk.</p>"
    "<ul><li>punt een</li><li>punt twee<ul><li>sub a</li><li><a href='https://x.example/b'>sub b</a></li></ul></li><li>drie</li></ul>"
    "<ol><li><p>Stap</p><ol><li>a</li><li>b</li></ol></li><li>Twee</li></ol><p>Tussendoor.</p>"
    "<ul><li><ul><li>diep</li></ul></li></ul><ol start='3'><li>drie</li><li>vier</li></ol><p>Tussendoor.</p>"
    "<ol reversed><li>twee</li><li>een</li></ol><p>1. Eerst dit, schreef de auteur.</p><p>01. Geen lijst.</p>"
)


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_nested_list_items_are_exported_as_nested_lists_without_their_parents_markers_and_read_back_the_same(tmp_path, fmt):
    """Served content held `<p>1. 2. b</p>` and `<p>• • sub a</p>`: a feed reader subscribed to `serve` showed the
    parents' markers before each nested item, and a list as paragraphs."""
    story = _entry_story(_LISTS)
    assert "• • sub a" in [block.text for block in story.body] and "1. 2. b" in [block.text for block in story.body]
    content, _read = _exported_and_read_back(story, fmt, tmp_path)
    assert '<ul><li>punt een</li><li>punt twee<ul><li>sub a</li><li><a href="https://x.example/b">sub b</a></li></ul></li><li>drie</li></ul>' in content
    assert "<ol><li>Stap<ol><li>a</li><li>b</li></ol></li><li>Twee</li></ol>" in content
    assert "<ul><li><ul><li>diep</li></ul></li></ul>" in content
    assert '<ol><li value="3">drie</li><li>vier</li></ol>' in content
    assert '<ol><li value="2">twee</li><li value="1">een</li></ol>' in content
    # A numbered paragraph alone is written as it reads (prose as often as a list), and one the walk never writes as it is.
    assert "<p>1. Eerst dit, schreef de auteur.</p>" in content and "<p>01. Geen lijst.</p>" in content
    assert "• " not in content and "1. 2." not in content


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_list_items_of_several_paragraphs_are_exported_as_one_list_and_read_back_the_same(tmp_path, fmt):
    """An item's second paragraph was stored as a paragraph of its own, and exported after its list, ending it there: a
    list of three such items was written as three lists."""
    items = "".join(f"<li><p>Punt {n}, de eerste alinea.</p><p>De tweede alinea van punt {n}, langer.</p></li>" for n in range(1, 4))
    story = _entry_story(f"<p>De gemeente noemt drie redenen voor het sluiten van de brug:</p><ol>{items}</ol><p>Slot.</p>")
    assert [block.text for block in story.body][:1] == ["1. Punt 1, de eerste alinea.\u2028\u2028De tweede alinea van punt 1, langer."]
    content, _read = _exported_and_read_back(story, fmt, tmp_path)
    assert content.count("<ol>") == 1
    assert "<li>Punt 2, de eerste alinea.<br><br>De tweede alinea van punt 2, langer.</li>" in content


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_the_rows_of_one_table_are_exported_as_one_table_and_read_back_the_same(tmp_path, fmt):
    """Each row was a <table> of its own, and a row with an empty last cell (`Vlissingen |`) a paragraph, read back
    with its bar as the text's own: the story read as updated."""
    rows = "<tr><th></th><th>2025</th></tr><tr><td>Goes</td><td>38.000</td></tr><tr><td>Vlissingen</td><td></td></tr><tr><td>Veere</td><td>22.100</td></tr>"
    story = _entry_story(f"<p>Inwoners per gemeente, geteld door het CBS in het afgelopen jaar.</p><table>{rows}</table><p>Slot.</p>")
    assert [block.text for block in story.body] == ["| 2025", "Goes | 38.000", "Vlissingen |", "Veere | 22.100", "Slot."]
    content, _read = _exported_and_read_back(story, fmt, tmp_path)
    assert content.count("<table>") == 1
    assert "<table><tr><td></td><td>2025</td></tr><tr><td>Goes</td><td>38.000</td></tr><tr><td>Vlissingen</td><td></td></tr>" in content


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_the_paragraphs_of_one_quotation_are_exported_as_one_blockquote_and_read_back_the_same(tmp_path, fmt):
    """Each paragraph of a quotation was a <blockquote> of its own: feed readers showed one quotation as many."""
    html = (
        "<p>Hij schreef in zijn brief aan de gemeenteraad het volgende over de brug:</p><blockquote><p>Een</p><p>Twee</p>"
        "<ul><li>punt</li><li>punt twee</li></ul><blockquote><p>Diep</p><p>Dieper nog</p></blockquote><p>Drie</p></blockquote><p>Eigen.</p>"
    )
    story = _entry_story(html)
    content, _read = _exported_and_read_back(story, fmt, tmp_path)
    assert content.count("<blockquote>") == 2
    quotation = "<blockquote><p>Een</p><p>Twee</p><ul><li>punt</li><li>punt twee</li></ul><blockquote><p>Diep</p><p>Dieper nog</p></blockquote><p>Drie</p></blockquote><p>Eigen.</p>"
    assert quotation in content.replace("\n", "")


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_a_quotation_of_an_html_page_is_exported_as_one_blockquote_and_read_back_the_same(tmp_path, fmt):
    """A page's quotation was stored as plain paragraphs, and exported as the story's own words."""
    from test_parse_variants import quotation_page

    from feeds.pages.page import parse_page

    [story] = parse_page(quotation_page(), CAPTURED, html=True).articles
    content, _read = _exported_and_read_back(story, fmt, tmp_path)
    assert content.count("<blockquote>") == 2
    assert "<blockquote><p>Het wordt een volwaardig bezoek.</p><p>Er zullen onderhandelingen plaatsvinden.</p><blockquote><p>Kort citaat</p></blockquote></blockquote>" in content.replace("\n", "")


def test_a_row_alone_is_exported_as_the_paragraph_the_reader_draws_and_reads_back_as_the_same_words(tmp_path):
    """A library stored before a written bar was told from a cell's (as_written) holds photo credits and signatures
    spelled as rows (`Foto: ANP | Tekst: redactie`): an export made a one-row table of each, 2,235 in an upgraded
    library (r68). A row alone is a paragraph, as the reader draws it; a run of rows is a table."""
    from feeds.model import Block
    from feeds.pages.html import fragment_text

    story = article("Dijk", url="https://example.org/a", body=(Block("paragraph", "Foto: ANP | Tekst: redactie"), Block("paragraph", "Inwoners:"), Block("paragraph", "Goes | 38.000"), Block("paragraph", "Veere | 22.100")))
    html = article_html(story)
    assert "<p>Foto: ANP | Tekst: redactie</p>" in html
    assert "<table><tr><td>Goes</td><td>38.000</td></tr><tr><td>Veere</td><td>22.100</td></tr></table>" in html
    blocks, _links = fragment_text(html, story.url)
    assert [block.text.split() for block in blocks[1:]] == [block.text.split() for block in story.body]


@pytest.mark.parametrize("html", ["<ol><li><p>een</p><p>twee</p></li></ol>", "<ol start='5'><li>een<br><br>twee</li></ol>"])
def test_a_numbered_item_alone_of_several_paragraphs_is_exported_as_a_list_and_read_back_the_same(html, tmp_path):
    """Written as a paragraph (a numbered item alone is prose as often as a list's), its paragraphs apart by <br><br>
    were read back as two blocks (r71)."""
    [story] = feed_articles(description_feed("<p>Intro.</p>" + html))
    assert len(story.body) == 1
    for fmt in ("atom", "rss"):
        _content, read = _exported_and_read_back(story, fmt, tmp_path)
        assert read.body == story.body


def _mixed_library(path: Path, page: Path) -> Library:
    """A library as one grows: the undated samples, a page of the user's (in no section, from its file), a feed's
    stories in a section of their own, one of them dated ahead of the clock."""
    from conftest import SEEDS
    from test_feed_items import ITEMS

    from feeds.imports import import_paths

    library = Library(path)
    import_paths(library, sorted(SEEDS.glob("*.txt")), CAPTURED)
    page.write_text(
        "<html><head><title>Een pagina</title></head><body><article><h1>De brug gaat dicht</h1>"
        "<p>De gemeente sluit de brug over het kanaal voor drie weken, om het wegdek te vervangen, zegt de wethouder.</p>"
        "<p>Fietsers kunnen omrijden via de sluis, een omweg van twee kilometer, schrijft de gemeente aan de bewoners.</p>"
        "</article></body></html>"
    )
    import_paths(library, [page], CAPTURED)
    feed = "https://nieuws.example/feed.rss"
    stories = [*feed_articles(ITEMS, section="Tech", url=feed, source=feed)]
    stories.append(article("Vooruit gedateerd", section="Tech", source=feed, url="https://nieuws.example/later", published=datetime.now(timezone.utc) + timedelta(days=30)))
    library.add([(story, CAPTURED) for story in stories])
    return library


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_an_export_imported_into_its_library_updates_nothing_and_keeps_sections_sources_and_dates(tmp_path, fmt):
    """Re-importing one's own export counted stories updated: the page in no section moved to a section named after the
    export's title, its source became the export file, and the dates the export made up (the export's time for an
    undated story, for one dated ahead of it) were stored over the stored ones."""
    from feeds.imports import import_paths

    library = _mixed_library(tmp_path / "library.sqlite", tmp_path / "pagina.html")

    def stored(library: Library) -> dict[str, tuple]:
        return {e.id: (e.article.section, e.article.source, e.article.text_source, e.article.published) for e in library.full_entries(library.entries())}

    before = stored(library)
    assert any(section is None for section, *_rest in before.values()) and any(published is None for *_rest, published in before.values())
    exported = tmp_path / f"e.{fmt}"
    exported.write_bytes(export(library, fmt))
    report = import_paths(library, [exported])
    assert (report.new, report.updated, report.unchanged) == (0, 0, len(before))
    assert stored(Library(library.path)) == before


def test_an_export_to_a_file_named_rss_is_rss_unless_a_format_is_asked(cli, seeded_library, tmp_path):
    """`export -o e.rss` wrote Atom into e.rss: a reader given the file by its name got another format than it says."""
    db = {"NIEUWS_TUI_DB": str(seeded_library.path)}
    for args, name, root in ((), "e.rss", "rss"), ((), "e.atom", "feed"), (("--format", "atom"), "f.rss", "feed"), ((), "e.xml", "feed"):
        done = cli("export", *args, "-o", str(tmp_path / name), env=db)
        assert done.returncode == 0, done.stderr
        assert etree.QName(strict_xml((tmp_path / name).read_bytes())).localname == root


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_an_export_says_what_it_stores_in_its_own_namespace_not_in_categories_other_readers_show_as_tags(tmp_path, fmt):
    """Other feed readers showed our marks, written as categories, as tags on every item: `none`, `teaser`, a date."""
    library = _mixed_library(tmp_path / "library.sqlite", tmp_path / "pagina.html")
    library.add([(article("Alleen een aanhef", section=None, kind="teaser", body=()), CAPTURED)])
    data = export(library, fmt)
    root = strict_xml(data)
    categories = root.iter(f"{ATOM}category" if fmt == "atom" else "category")
    assert not [c for c in categories if "nieuws-tui" in (c.get("scheme") or c.get("domain") or "")]
    terms = {tag.term for item in feedparser.parse(data).entries for tag in item.get("tags", [])}
    assert "none" not in terms and "teaser" not in terms
    marks = {etree.QName(element).localname for element in root.iter("{urn:nieuws-tui:marks}*")}
    assert marks == {"kind", "section", "stored-date"}
    if fmt == "atom":
        atom_schema().assertValid(root.getroottree())


OLD_MARKS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>nieuws-tui \xe2\x80\x94 all news</title><link>http://127.0.0.1:8080/</link><description>d</description>
<generator>GENERATOR</generator>
<item><title>Zonder datum</title><link>https://nieuws.example/a</link><pubDate>Mon, 01 Jun 2026 12:00:00 +0200</pubDate>
<category domain="urn:nieuws-tui:section">none</category><category domain="urn:nieuws-tui:published">none</category>
<category domain="urn:nieuws-tui:kind">teaser</category><description>Een aanhef.</description></item>
</channel></rss>"""


def test_an_export_of_an_older_version_that_marks_with_categories_still_reads_back_as_stored():
    (again,) = feed_articles(OLD_MARKS.replace(b"GENERATOR", b"nieuws-tui 0.9"), url="http://127.0.0.1:8080/feed.rss")
    assert (again.section, again.published, again.kind) == (None, None, "teaser")


def test_a_feed_not_of_nieuws_tui_cannot_undate_or_unfile_its_items_with_our_marks():
    """Any feed could write our marks: they are ours to honour only in a feed nieuws-tui wrote."""
    (again,) = feed_articles(OLD_MARKS.replace(b"GENERATOR", b"WordPress 6.5"), url="https://nieuws.example/feed")
    assert again.section == "nieuws-tui — all news"  # filed under its feed's title, as any item without a category
    assert again.published == datetime(2026, 6, 1, 10, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("options", [(), ("--section", "Gemengd"), ("--starred",)], ids=["all", "section", "shelf"])
def test_an_export_to_a_file_names_a_web_page_as_its_channels_link_never_the_file(tmp_path, options):
    """`export -o /tmp/x.rss` wrote `<channel><link>file:///tmp/x.rss</link>`: a file on the exporting machine as the
    feed's web site, which a reader given the file opens as one."""
    from tui.cli import main

    library = _mixed_library(tmp_path / "library.sqlite", tmp_path / "pagina.html")
    # (a section of no web source's, nor of ZeelandNet's: no web page stands for it, Library.section_home)
    library.add([(article("Elders", section="Gemengd", url="https://ander.example/elders"), CAPTURED)])
    if "--starred" in options:
        library.set_state([library.entries()[0].id], starred=True)
    for fmt in ("rss", "atom"):
        output = tmp_path / f"e.{fmt}"
        assert main(["export", "--db", str(library.path), *options, "-o", str(output)]) == 0
        root = strict_xml(output.read_bytes())
        pages = [link.text for link in root.iter("link")] if fmt == "rss" else [link.get("href") for link in root.iter(f"{ATOM}link") if link.get("rel") == "alternate"]
        assert pages and all(page.startswith("http") for page in pages), pages
        self_links = [link.get("href") for link in root.iter("{http://www.w3.org/2005/Atom}link") if link.get("rel") == "self"]
        assert self_links == [output.resolve().as_uri()]  # the file is the feed's own address still


def test_a_stored_date_mark_before_any_feeds_dates_leaves_the_entry_dated_as_written():
    """A feed that names nieuws-tui its generator may be anyone's: its marks' dates are bounded as any feed's."""
    feed = OLD_MARKS.replace(b"GENERATOR", b"nieuws-tui 0.9").replace(b'<rss version="2.0">', b'<rss version="2.0" xmlns:x="urn:nieuws-tui:marks">')
    feed = re.sub(rb"<category domain=[^>]*>[^<]*</category>", b"", feed).replace(b"</item>", b"<x:stored-date>0001-01-01T00:00:00+00:00</x:stored-date></item>")
    (again,) = feed_articles(feed, url="http://127.0.0.1:8080/feed.rss")
    assert again.published == datetime(2026, 6, 1, 10, 0, tzinfo=timezone.utc)
    (undated,) = feed_articles(feed.replace(b"0001-01-01T00:00:00+00:00", b"none"), url="http://127.0.0.1:8080/feed.rss")
    assert undated.published is None  # (any prefix the feed binds to our namespace)


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_an_image_without_words_is_written_where_it_stood_and_read_back_there(tmp_path, fmt):
    """Marked in the text where it stood (`Tekst [afbeelding 1] meer`), it is written there as the image it is, and
    comes back with its place and number: not listed after the text, marked nowhere."""
    story = article(
        "Foto",
        lead="Lees het rapport.",
        body=(Block("paragraph", "Tekst meer."),),
        links=(Link("https://weg.example/", "een kop die er niet meer staat"), Link("https://a.example/", "het rapport", (0, 16)), Link("https://beeld.example/a.jpg", "", (1, 5))),
    )
    html = article_html(story)
    assert '<p>Tekst<img src="https://beeld.example/a.jpg" alt="" data-nieuws-tui-link="3"> meer.</p>' in html
    read = story
    for _trip in range(2):
        read = _read_back(read, fmt, tmp_path)
        assert (read.lead, read.body) == (story.lead, story.body)
        assert read.links == (story.links[0]._replace(end=NOT_IN_TEXT), *story.links[1:])


@pytest.mark.parametrize(
    ("html", "written"),
    [
        ("<img src='https://x.example/img/0.jpg' alt='Foto 0'/>De gemeenteraad besloot.", '<p><img src="https://x.example/img/0.jpg" alt="Foto 0"> De gemeenteraad besloot.</p>'),
        ("<p>Tekst <img src='https://x.example/a.jpg' alt='De &quot;dijk&quot;'>, meer.</p>", '<p>Tekst <img src="https://x.example/a.jpg" alt="De &quot;dijk&quot;">, meer.</p>'),
        ("<p>Het weer.</p><figure><img src='https://x.example/a.jpg' alt='De dijk'></figure><p>Meer.</p>", '<p><img src="https://x.example/a.jpg" alt="De dijk"></p>\n<p>Meer.</p>'),
        (
            "<p>Het weer.</p><figure><img src='https://x.example/a.jpg' alt='Dijk'><figcaption>De dijk</figcaption></figure><p>Meer.</p>",
            '<p><img src="https://x.example/a.jpg" alt="Dijk"></p>\n<p>De dijk</p>\n<p>Meer.</p>',
        ),
        ("<figure><img src='https://x.example/a.jpg' alt='De dijk'></figure><p>GOES - Het weer.</p>", '<p><img src="https://x.example/a.jpg" alt="De dijk"></p>\n<p>GOES - Het weer.</p>'),
    ],
    ids=["before-the-words-of-a-feed-item", "before-a-comma", "a-figure", "a-figure-with-a-caption", "a-figure-before-a-dateline"],
)
@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_an_image_with_alt_text_is_written_as_the_image_it_is_and_read_back_as_it_was(tmp_path, fmt, html, written):
    """It was written as a link of its words, `<a href="…/0.jpg">[Foto 0]</a>`: a feed reader subscribed to `serve`
    showed a text link where the picture stood. A figure stays a block of its own, not the next paragraph's start."""
    _written_and_read_back_as_it_was(html, written, fmt, tmp_path)


@pytest.mark.parametrize(
    ("html", "written"),
    [
        ("<p>Zo staat het in de wet<a href='https://wetten.example/art1'>[1]</a>.</p>", '<p>Zo staat het in de wet<a href="https://wetten.example/art1">[1]</a>.</p>'),
        ("<p>Lees het rapport <a href='https://x.example/rapport.pdf'>[PDF]</a> hier.</p>", '<p>Lees het rapport <a href="https://x.example/rapport.pdf">[PDF]</a> hier.</p>'),
    ],
    ids=["a-footnote", "a-file"],
)
@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_a_link_of_words_in_brackets_at_no_image_file_is_written_as_a_link(tmp_path, fmt, html, written):
    """Words in brackets are an image's alt text as the reader shows it, but also a footnote's or a file's: written as
    an <img> of an article's or a PDF's address, a feed reader showed a broken picture."""
    _written_and_read_back_as_it_was(html, written, fmt, tmp_path)


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_a_figure_of_an_image_with_a_caption_is_read_back_a_block_of_its_own_its_caption_marking_it(tmp_path, fmt):
    html = "<p>Het weer.</p><figure><img src='https://x.example/a.jpg'><figcaption>De dijk</figcaption></figure><p>Meer.</p>"
    feed = f"<rss version='2.0'><channel><title>T</title><item><title>Titel</title><link>https://nieuws.example/a</link><description><![CDATA[{html}]]></description></item></channel></rss>"
    [story] = feed_articles(feed.encode())
    texts = [story.lead, *(block.text for block in story.body)]
    assert texts == ["Het weer.", "De dijk", "Meer."]
    read = _read_back(_read_back(story, fmt, tmp_path), fmt, tmp_path)
    assert [read.lead, *(block.text for block in read.body)] == texts
    assert link_marks(texts, read.links) == link_marks(texts, story.links) == [[], [(7, 1)], []]


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_an_image_without_words_that_starts_a_tables_row_comes_back_there(tmp_path, fmt):
    """A mark is after its words, never at a cell's start: the image there was left out of the row, and listed after it."""
    story = article("Tabel", lead="Het weer.", body=(Block("paragraph", "a | b"), Block("paragraph", "c | d")), links=(Link("https://beeld.example/a.jpg", "", (1, 0)),))
    data = build_feed([Entry(story, first_seen=CAPTURED)], fmt, FeedInfo.for_view(tmp_path / "library.sqlite", f"http://127.0.0.1:8080/feed.{fmt}"))
    [read] = feed_articles(data, url=f"http://127.0.0.1:8080/feed.{fmt}")
    assert (read.body, read.links) == (story.body, story.links)


@pytest.mark.parametrize(
    ("html", "written"),
    [
        ("<ul><li><img src='https://x.example/a.jpg'> een</li><li>twee</li></ul>", '<li><img src="https://x.example/a.jpg" alt="">een</li>'),
        ("<table><tr><td>a</td><td><img src='https://x.example/a.jpg'> b</td></tr><tr><td>c</td><td>d</td></tr></table>", '<td><img src="https://x.example/a.jpg" alt="">b</td>'),
        (
            "<p>\n<img src='https://x.example/a.jpg'>\n Lees hier de uitleg en <a href='https://y.example/'>hier</a> het rapport.</p>",
            '<p><img src="https://x.example/a.jpg" alt="">Lees hier de uitleg en <a href="https://y.example/">hier</a> het rapport.</p>',
        ),
        ("<table><tr><td><img src='https://x.example/a.jpg'></td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>", '<tr><td><img src="https://x.example/a.jpg" alt=""></td><td>b</td></tr>'),
    ],
    ids=["list-item", "table-cell", "paragraph-before-white-space", "alone-in-a-first-cell"],
)
@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_an_image_without_words_first_in_a_paragraph_item_or_cell_is_written_there_and_read_back_there(tmp_path, fmt, html, written):
    """The reader showed `• [image 1] een`, but its place was inside the bullet (`a |` for a cell): the export could not
    write it there, listed it after the text, and read back it stood nowhere."""
    feed = f"<rss version='2.0'><channel><title>T</title><item><title>Titel</title><link>https://nieuws.example/a</link><description><![CDATA[<p>Het weer.</p>{html}]]></description></item></channel></rss>"
    [story] = feed_articles(feed.encode())
    assert written in article_html(story)
    read = story
    for _trip in range(2):
        data = build_feed([Entry(read, first_seen=CAPTURED)], fmt, FeedInfo.for_view(tmp_path / "library.sqlite", f"http://127.0.0.1:8080/feed.{fmt}"))
        if fmt == "atom":
            atom_schema().assertValid(strict_xml(data).getroottree())
        [read] = feed_articles(data, url=f"http://127.0.0.1:8080/feed.{fmt}")
        assert (read.lead, read.body, read.links) == (story.lead, story.body, story.links)


_LINKS_OF_WORDS_AS_THE_TEXT_SPACES_THEM = {
    # Across two paragraphs (`<a>de<br><br>kaart</a>`, `<a><b>Kop</b><br>tekst</a>`): no one element can be written
    # around them, and they are listed after the text, as standing in it.
    "across-two-paragraphs": article(
        "Kaart",
        lead="Intro.",
        body=(Block("paragraph", "Zie de"), Block("paragraph", "kaart hier en nog.")),
        links=(Link("https://a.example/", "de kaart", (2, 5)), Link("https://b.example/", "nog", (2, 17))),
    ),
    "across-two-quoted-paragraphs": article(
        "Kaart",
        lead="Intro.",
        body=(Block("paragraph", "> Zie de"), Block("paragraph", "> kaart hier en nog.")),
        links=(Link("https://a.example/", "de kaart", (2, 7)), Link("https://b.example/", "nog", (2, 19))),
    ),
    "a-listings-run-of-spaces": article(
        "Listing",
        lead="Intro.",
        body=(Block("paragraph", "zie de  kaart hier\nen nog"),),
        links=(Link("https://a.example/", "de kaart", (1, 13)), Link("https://b.example/", "nog", (1, 25))),
    ),
}


@pytest.mark.parametrize("fmt", ["atom", "rss"])
@pytest.mark.parametrize("story", _LINKS_OF_WORDS_AS_THE_TEXT_SPACES_THEM.values(), ids=_LINKS_OF_WORDS_AS_THE_TEXT_SPACES_THEM.keys())
def test_a_link_whose_words_the_text_spaces_otherwise_keeps_its_mark_after_a_round_trip(tmp_path, fmt, story):
    """Marked where they end, across two paragraphs or a listing's run of spaces, they keep that mark read back from an export."""
    texts = [story.lead, *(block.text for block in story.body)]
    marks = link_marks(texts, story.links)
    assert sum(map(len, marks)) == 2
    read = _read_back(story, fmt, tmp_path)
    assert [read.lead, *(block.text for block in read.body)] == texts
    assert link_marks(texts, read.links) == marks


@pytest.mark.parametrize(
    ("html", "written"),
    [
        ("<p>Het weer.</p>\n<figure>\n  <img src='https://x.example/a.jpg'>\n</figure>\n<p>Meer.</p>", '<p><img src="https://x.example/a.jpg" alt="">Meer.</p>'),
        ("<p>Het weer.</p>\n<figure>\n  <img src='https://x.example/a.jpg'>\n</figure>\n", '<p>Het weer.<img src="https://x.example/a.jpg" alt=""></p>'),
        ("<p>Het weer.</p><p><img src='https://x.example/a.jpg'></p><ul><li>een</li><li>twee</li></ul>", '<ul><li><img src="https://x.example/a.jpg" alt="">een</li>'),
        ("<figure> <img src='https://x.example/a.jpg'> </figure><p>GOES - Het weer.</p>", '<p>GOES - <img src="https://x.example/a.jpg" alt="">Het weer.</p>'),
    ],
    ids=["before-a-paragraph", "last", "before-a-list", "before-a-dateline"],
)
@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_an_image_without_words_alone_in_its_block_is_written_where_it_is_marked_and_read_back_there(tmp_path, fmt, html, written):
    """A figure of nothing but the image was listed after the text, read back it stood nowhere (before a list: in the
    bullet, where the export had no place to write it)."""
    _written_and_read_back_as_it_was(html, written, fmt, tmp_path)


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_an_article_dated_after_it_was_first_stored_is_dated_when_first_stored_in_every_export(library_path, fmt):
    """A site that writes its CET times as UTC dates every new story up to an hour ahead: its entry was dated at the
    moment of each export instead (the feed's time), so a served feed changed, body and date, with any change of the
    library. It is dated as `list` orders it, when first stored, and reads back with its own date."""
    library = Library(library_path)
    ahead = CAPTURED + timedelta(hours=2)
    library.add([(article("Vooruit gedateerd", published=ahead), CAPTURED)])
    entries = library.full_entries(library.entries())
    info = FeedInfo.for_view(library.path, f"http://127.0.0.1:8080/feed.{fmt}")
    feeds = {build_feed(entries, fmt, info, now=CAPTURED + timedelta(minutes=minutes)) for minutes in (1, 30, 90, 300)}
    assert len(feeds) == 1
    (item,) = feedparser.parse(feeds.pop()).entries
    assert _moment(item.published_parsed) == CAPTURED == entries[0].sort_time
    if fmt == "atom":
        assert _moment(item.updated_parsed) == CAPTURED
