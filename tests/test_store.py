"""The library's store: a v1 library migrates whole, crashes leave whole batches, damage is named,
old articles are pruned, and fetch settings are settings."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable
from contextlib import closing
from datetime import datetime, timedelta, timezone
from html import escape
from pathlib import Path

import httpx
import pytest
from conftest import CAPTURED, ROOT, nieuws_tui_command
from feedkit import article, run_fetch, running_server
from storekit import damage_index_entry, damage_middle_page, damage_table, pending_search, shard_of
from test_app import shown

from feeds.config import Config, Retention, Settings, Source, load_config, settings_for
from feeds.errors import StorageError
from feeds.imports import import_paths
from feeds.library import Library
from feeds.model import AMSTERDAM, Block, Entry
from feeds.store.database import VERSION
from feeds.store.rows import lead_key, micros, record
from feeds.store.state import Flags
from feeds.web.http import Http
from feeds.web.visits import Deadline
from tui.cli import main

FIXTURE = ROOT / "tests" / "fixtures" / "v1-library"
EXPECTED = json.loads((ROOT / "tests" / "fixtures" / "v1-library.expected.json").read_text(encoding="utf-8"))
V2_FIXTURE = ROOT / "tests" / "fixtures" / "v2-library"
V2_EXPECTED = json.loads((ROOT / "tests" / "fixtures" / "v2-library.expected.json").read_text(encoding="utf-8"))
V3_FIXTURE = ROOT / "tests" / "fixtures" / "v3-library"
V3_EXPECTED = json.loads((ROOT / "tests" / "fixtures" / "v3-library.expected.json").read_text(encoding="utf-8"))
STATE32_FIXTURE = ROOT / "tests" / "fixtures" / "state32-library"
STATE32_MARKS = {i: Flags(**f) for i, f in json.loads((ROOT / "tests" / "fixtures" / "state32-library.expected.json").read_text(encoding="utf-8"))["marks"].items()}
FAST = Settings(connect_timeout=1, read_timeout=2, attempts=1, host_delay=0)


def v1_library(tmp_path: Path) -> Path:
    """A copy of the v1 library made by the v1 code (commit a9ffed1): the seeds, two read, two starred."""
    folder = tmp_path / "data"
    shutil.copytree(FIXTURE, folder)
    return folder / "library.json"


def atom(items: list[tuple[str, str, datetime]], title: str = "Testfeed") -> bytes:
    entries = "".join(
        f"<entry><title>{escape(name)}</title><link href=\"{url}\"/><id>{url}</id><updated>{moment.isoformat()}</updated>"
        f"<content type=\"html\">{escape(f'<p>GOES - Het verhaal van {name}, met een lead die lang genoeg is.</p><p>Tweede alinea.</p>')}</content></entry>"
        for name, url, moment in items
    )
    return f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>{title}</title><id>urn:t</id><updated>2026-03-03T10:00:00Z</updated>{entries}</feed>'.encode()


def v2_library(tmp_path: Path) -> Path:
    """A copy of a version 2 library made by the v2 code (commit 24e7de3): the seeds and an RSS file, two read, two starred."""
    folder = tmp_path / "data"
    shutil.copytree(V2_FIXTURE, folder)
    return folder / "library.sqlite"


def v3_library(tmp_path: Path) -> Path:
    """A copy of a version 3 library made by the v3 code (tests/fixtures/make_v3.py): the seeds and
    an RSS file refiled under 'Regio' as the last write (so its rows wait for the search index), one story pruned,
    a fetch validator, two read, two starred."""
    folder = tmp_path / "data"
    shutil.copytree(V3_FIXTURE, folder)
    return folder / "library.sqlite"


def state32_library(tmp_path: Path) -> Path:
    """A copy of a library made by the code of e4b0a27, its marks in 32 shards (state-00.json … state-1f.json):
    the seeds, marks in twelve of those shards, three of them of articles not in the store."""
    folder = tmp_path / "data"
    shutil.copytree(STATE32_FIXTURE, folder)
    return folder / "library.sqlite"


def marks_of(path: Path) -> dict[str, Flags]:
    return dict(Library(path).state.load().items())


def store_version(path: Path) -> int:
    with sqlite3.connect(path) as database:
        return database.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()[0]


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# -- migration ------------------------------------------------------------------------------------


def test_a_v1_library_is_migrated_field_by_field_and_flag_by_flag(tmp_path):
    catalog = v1_library(tmp_path)
    library = Library(catalog)

    from feeds.out.records import public_json

    migrated = {e["id"]: e for e in (public_json(x) for x in library.full_entries(library.entries()))}
    expected = {e["id"]: e for e in EXPECTED["articles"]}
    assert migrated.keys() == expected.keys()
    for article_id, fields in expected.items():
        assert {k: v for k, v in migrated[article_id].items() if k not in ("source", "text_source", "author", "links", "enclosures")} == fields, article_id
        assert migrated[article_id]["links"] == migrated[article_id]["enclosures"] == []  # v1 kept no links, nor files
        assert migrated[article_id]["source"] is migrated[article_id]["text_source"] is None  # v1 did not know where an article came from
        assert migrated[article_id]["author"] is None  # nor who wrote it
    assert sum(e["read"] for e in migrated.values()) == 2 and sum(e["starred"] for e in migrated.values()) == 2
    assert library.imported_paths() == EXPECTED["imported"]
    [(url, validator)] = library.validators().items()
    assert (url, validator.etag, validator.last_modified) == ("https://www.zeelandnet.nl/nieuws/buitenland", '"v1-etag"', "Tue, 03 Mar 2026 11:00:00 GMT")
    assert store_version(library.files.database) == VERSION  # all the way to this version's store


def test_a_v1_library_says_once_that_it_moves_into_the_new_file_as_a_format_upgrade_does(tmp_path):
    catalog, said = v1_library(tmp_path), []
    library = Library(catalog, announce=said.append)
    Library(catalog, announce=said.append)
    assert said == [f"{catalog}: moving the v1 library into {library.files.database}, once; its files go to {catalog.parent / 'library.v1-backup'}"]


def test_the_old_files_are_moved_aside_not_deleted_and_both_names_open_the_new_library(tmp_path):
    catalog = v1_library(tmp_path)
    Library(catalog)
    folder = catalog.parent
    assert not catalog.exists() and not (folder / "library.json.d").exists()
    backup = folder / "library.v1-backup"
    assert {p.name for p in backup.iterdir()} == {"library.json", "library.json.d", "library.json.fetch.json"}
    assert (folder / "library.sqlite").exists()
    assert len(Library(catalog).entries()) == len(Library(folder / "library.sqlite").entries()) == 16


def test_the_command_line_migrates_the_paths_users_already_have(tmp_path, cli):
    catalog = v1_library(tmp_path)
    listed = cli("list", "--json", env={"NIEUWS_TUI_DB": str(catalog)})
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)) == 16
    again = cli("--db", str(catalog), "list", "--starred")
    assert again.returncode == 0 and len(again.stdout.splitlines()) == 2


def _damaged_article(document: dict) -> None:
    document["articles"] = {"1": {"id": "x"}}


def _article_without_id(document: dict) -> None:
    next(iter(document["articles"].values()))["id"] = None


def _time_without_zone(document: dict) -> None:
    next(iter(document["articles"].values()))["first_seen"] = "2026-03-03T12:00:00"


def _state_not_by_number(document: dict) -> None:
    document["state"] = {"notanint": {"read": True}}


@pytest.mark.parametrize(("shards", "damage"), [("articles", _damaged_article), ("articles", _article_without_id), ("articles", _time_without_zone), ("state", _state_not_by_number)])
def test_a_damaged_v1_library_is_named_and_left_as_it_was(tmp_path, shards, damage):
    catalog = v1_library(tmp_path)
    shard = next((catalog.parent / "library.json.d").glob(f"{shards}-*.json"))
    document = json.loads(shard.read_text(encoding="utf-8"))
    damage(document)
    shard.write_text(json.dumps(document), encoding="utf-8")

    def files() -> dict:  # lock files aside: they hold nothing
        return {p: p.read_bytes() for p in catalog.parent.rglob("*") if p.is_file() and p.suffix != ".lock"}

    before = files()
    with pytest.raises(StorageError, match=shard.name):
        Library(catalog)
    assert files() == before


def _garbage(path: Path) -> None:
    path.write_bytes(b"xx{")


def _emptied(path: Path) -> None:
    path.write_bytes(b"")


V1_DAMAGE = {  # the file damaged, how, and the articles and marks (read, starred) that come through
    "marks shard": ("library.json.d/state-08.json", _garbage, 16, (2, 1)),
    "articles shard": ("library.json.d/articles-08.json", _garbage, 14, (2, 1)),  # its starred one among them
    "empty catalog": ("library.json", _emptied, 16, (2, 2)),
    "catalog gone": ("library.json", Path.unlink, 16, (2, 2)),
}


@pytest.mark.parametrize("damaged", V1_DAMAGE)
def test_check_repair_migrates_a_damaged_v1_library_without_what_cannot_be_read_and_keeps_every_old_file(tmp_path, damaged, capsys):
    """A damaged v1 file stopped every command with no way out named, and `check --repair` then said "no library there"."""
    name, damage, articles, (read, starred) = V1_DAMAGE[damaged]
    catalog = v1_library(tmp_path)
    target = catalog.parent / name
    damage(target)
    before = {p.relative_to(catalog.parent): p.read_bytes() for p in catalog.parent.rglob("*") if p.is_file()}
    code, _out, err = run_cli(capsys, "--db", str(catalog), "list")
    assert code != 0 and err.count("\n") == 1 and str(target) in err and "check --repair" in err, err
    code, out, err = run_cli(capsys, "--db", str(catalog), "check", "--repair")
    assert code == 0, err
    assert f"{target}: {'missing' if damaged == 'catalog gone' else 'damaged'}, not carried over" in out, out
    assert "no library there" not in err and err.splitlines()[-1].endswith("no damage left"), err
    entries = Library(catalog).entries()
    assert (len(entries), sum(e.read for e in entries), sum(e.starred for e in entries)) == (articles, read, starred)
    backup = catalog.parent / "library.v1-backup"
    assert {path: (backup / path).read_bytes() for path in before} == before  # the damaged file too, as it was
    assert run_cli(capsys, "--db", str(catalog), "check")[0] == 0
    left_out = (backup / "not-carried-over.txt").read_text(encoding="utf-8").splitlines()[1:]
    assert left_out and left_out == out.splitlines()[: len(left_out)]  # kept, as said


def _repair_and_die_at_its_commit(catalog: str) -> None:
    from feeds.store import migrate

    def killed(*args: object) -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    migrate._move_aside = killed  # right after the new store took its place: the repair's lines never come
    from feeds.library import repair_v1

    repair_v1(catalog)


def test_what_a_repair_killed_after_its_commit_left_out_is_kept_in_the_backup(tmp_path):
    """Only the repair's own lines said what it left out: killed between its commit and them, nothing did."""
    catalog = v1_library(tmp_path)
    shard = catalog.parent / "library.json.d" / "state-08.json"
    _garbage(shard)
    child = multiprocessing.get_context("fork").Process(target=_repair_and_die_at_its_commit, args=(str(catalog),))
    child.start()
    child.join()
    assert child.exitcode == -signal.SIGKILL and catalog.with_name("library.sqlite").exists()
    backup = catalog.parent / "library.v1-backup"
    assert (backup / "not-carried-over.txt").read_text(encoding="utf-8").splitlines() == [
        f"What `nieuws-tui check --repair` left out as it moved the v1 library {catalog} into {catalog.with_name('library.sqlite')}:",
        f"{shard}: damaged, not carried over: the read and starred marks in it; the file is kept in {backup}",
    ]
    assert len(Library(catalog).entries()) == 16 and (backup / "library.json.d" / "state-08.json").read_bytes() == b"xx{"


def test_a_v1_article_with_soft_hyphens_is_migrated_without_them_and_found_by_its_words(tmp_path):
    catalog = v1_library(tmp_path)
    shard = next((catalog.parent / "library.json.d").glob("articles-*.json"))
    document = json.loads(shard.read_text(encoding="utf-8"))
    summary = next(iter(document["articles"].values()))
    summary["title"], summary["lead"] = "Mi\xadnister opent de sluis", "De mi\xadnister opent vandaag de nieuwe zee\xadsluis van Terneuzen."
    shard.write_text(json.dumps(document), encoding="utf-8")
    library = Library(catalog)
    [entry] = library.find(summary["id"])
    assert (entry.article.title, library.article(entry.id).lead) == ("Minister opent de sluis", "De minister opent vandaag de nieuwe zeesluis van Terneuzen.")
    assert library.search("zeesluis") == {entry.id}


def test_check_repair_moves_no_file_of_another_program_into_a_library(tmp_path, capsys):
    """A JSON file named as the library, with no v1 library's folder beside it, is none to repair."""
    other = tmp_path / "notes.json"
    other.write_text('{"notes": []}', encoding="utf-8")
    code, _out, err = run_cli(capsys, "--db", str(other), "check", "--repair")
    assert code == 1 and "no 'meta' table" in err and "check --repair" not in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.json", "notes.json.lock", "notes.lock"]


def test_a_v1_section_name_with_escape_sequences_is_migrated_clean(tmp_path):
    catalog = v1_library(tmp_path)
    shard = next((catalog.parent / "library.json.d").glob("articles-*.json"))
    document = json.loads(shard.read_text(encoding="utf-8"))
    doc_id, summary = next(iter(document["articles"].items()))
    summary["section"] = "Regio\x1b]0;titel\x07\u202e"
    shard.write_text(json.dumps(document), encoding="utf-8")
    [entry] = Library(catalog).find(summary["id"])
    assert entry.article.section == "Regio"


def _migrate_and_die(catalog: str) -> None:
    Library(Path(catalog))
    os._exit(0)


def test_a_migration_killed_at_any_moment_leaves_a_library_that_opens_whole(tmp_path):
    fork = multiprocessing.get_context("fork")
    for attempt in range(25):
        catalog = v1_library(tmp_path / str(attempt))
        child = fork.Process(target=_migrate_and_die, args=(str(catalog),))
        child.start()
        time.sleep(random.uniform(0, 0.06))
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        library = Library(catalog)
        entries = library.entries()
        assert len(entries) == 16
        assert sum(e.read for e in entries) == 2 and sum(e.starred for e in entries) == 2


def test_a_v2_library_is_brought_up_to_this_version_in_place_with_every_article_and_mark(tmp_path):
    path = v2_library(tmp_path)
    assert store_version(path) == 2
    library = Library(path)
    assert store_version(path) == VERSION
    from feeds.out.records import public_json

    migrated = [public_json(e) for e in library.full_entries(library.entries())]
    assert [{k: v for k, v in a.items() if k not in ("author", "links", "text_source", "enclosures")} for a in migrated] == V2_EXPECTED["articles"]
    assert all(a["author"] is a["text_source"] is None and a["links"] == a["enclosures"] == [] for a in migrated)  # version 2 kept none
    assert library.imported_paths() == V2_EXPECTED["imported"]
    assert library.search("Vlissingen") == {"7bf809cb8efa"}
    assert not list(path.parent.glob("*.v1-backup")) and not path.with_name("library.sqlite.new").exists()


def test_after_the_upgrade_a_feed_read_again_fills_in_the_author_and_links_and_keeps_the_marks(tmp_path):
    path = v2_library(tmp_path)
    Library(path).set_state(["7bf809cb8efa"], starred=True)
    feed = tmp_path / "omroep.rss"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Omroep Test</title>'
        "<item><title>Dijk bij Vlissingen versterkt</title><link>http://example.org/dijk</link><author>redactie@example.org (Jan de Vries)</author>"
        "<description>&lt;p&gt;VLISSINGEN (ANP) - De dijk wordt versterkt, meldt &lt;a href=\"https://example.org/waterschap\"&gt;het waterschap&lt;/a&gt;.&lt;/p&gt;</description>"
        "<pubDate>Tue, 03 Mar 2026 10:00:00 +0100</pubDate></item></channel></rss>",
        encoding="utf-8",
    )
    library = Library(path)
    assert import_paths(library, [feed], CAPTURED).updated == 1
    article = Library(path).article("7bf809cb8efa")
    assert article is not None
    assert article.author == "Jan de Vries"
    assert [(link.url, link.text) for link in article.links] == [("https://example.org/waterschap", "het waterschap")]
    [entry] = Library(path).find("7bf809cb8efa")
    assert entry.starred


def test_an_upgrade_that_cannot_be_done_leaves_the_library_as_it_was(tmp_path):
    path = v2_library(tmp_path)
    with sqlite3.connect(path) as database:  # half of a hand-made change: the column is there already
        database.execute("ALTER TABLE articles ADD COLUMN author TEXT")
    before = path.read_bytes()
    with pytest.raises(StorageError, match=f"cannot bring the library up to format version {VERSION} .*duplicate column.*left as it was"):
        Library(path)
    assert store_version(path) == 2
    assert path.read_bytes() == before


def test_a_v3_library_is_brought_up_to_this_version_with_every_article_mark_and_note(tmp_path):
    path = v3_library(tmp_path)
    assert store_version(path) == 3
    library = Library(path)
    assert store_version(path) == VERSION
    from feeds.out.records import public_json

    migrated = [public_json(e) for e in library.full_entries(library.entries())]
    assert [{k: v for k, v in a.items() if k not in ("links", "text_source", "enclosures")} for a in migrated] == V3_EXPECTED["articles"]  # (made before list --json had links)
    assert all(a["text_source"] is None and a["enclosures"] == [] for a in migrated)
    assert library.imported_paths() == V3_EXPECTED["imported"]
    assert {url: [v.etag, v.last_modified] for url, v in library.validators().items()} == V3_EXPECTED["validators"]
    assert all(v.reading is None for v in library.validators().values())  # (sent no more: each feed is read whole once)
    entries = library.entries()
    assert sum(e.read for e in entries) == 2 and sum(e.starred for e in entries) == 2


def test_a_v4_library_keeps_no_section_name_that_a_terminal_would_take_for_escapes(tmp_path):
    """Until commit e1e508d, `sources add --section` filed a feed's articles under the name as typed."""
    path = v3_library(tmp_path)
    library = Library(path)
    [one, other, *rest] = [entry.id for entry in library.entries()]
    with sqlite3.connect(path) as database:
        database.execute("UPDATE articles SET section = ? WHERE id = ?", ("Regio\x1b[2J\u202e\n  Zeeland\x9b", one))
        database.execute("UPDATE articles SET section = ? WHERE id = ?", ("\x1b\x07", other))
        database.execute("UPDATE articles SET section = '' WHERE id = ?", (rest[0],))
        database.execute("UPDATE meta SET value = 4 WHERE key = 'version'")
    sections = {entry.id: entry.article.section for entry in Library(path).entries()}
    assert store_version(path) == VERSION
    assert (sections[one], sections[other], sections[rest[0]]) == ("Regio Zeeland", None, None)
    assert all(sections[id] == section for id, section in ((e.id, e.article.section) for e in library.entries() if e.id in rest[1:]))


def test_the_v4_upgrade_leaves_a_section_that_is_no_text_to_check(tmp_path):
    """Only damage stores bytes as a section; the upgrade is no place to fail on it."""
    path = v3_library(tmp_path)
    Library(path)
    with sqlite3.connect(path) as database:
        database.execute("UPDATE articles SET section = X'1b5b324a' WHERE rowid = 1")
        database.execute("UPDATE meta SET value = 4 WHERE key = 'version'")
    Library(path).database.check_format()
    assert store_version(path) == VERSION


def test_an_article_a_v5_library_listed_by_a_date_after_it_was_first_seen_is_listed_and_pruned_by_when_first_seen(tmp_path):
    """Until commit 9bffe09 the stored list order was the publication time even after the first sighting: an item
    dated 2099 stayed on top of every list and out of every prune, also once no feed gave it any more."""
    pinned = article("Altijd bovenaan", published=CAPTURED.replace(year=2099))
    older = article("Een uur eerder gezien", published=CAPTURED - timedelta(hours=1))
    library = Library(tmp_path / "library.json")
    library.add([(pinned, CAPTURED - timedelta(days=30)), (older, CAPTURED - timedelta(hours=1))])
    path = library.files.database
    with sqlite3.connect(path) as database:  # as the version before wrote it
        database.execute("UPDATE articles SET sort_time = ? WHERE id = ?", (micros(pinned.published), pinned.id))
        database.execute("UPDATE meta SET value = 5 WHERE key = 'version'")
    reopened = Library(library.path)
    assert store_version(path) == VERSION
    assert [e.article.title for e in reopened.entries()][-1] == "Altijd bovenaan"
    assert reopened.expired(Retention(keep_days=7, prune_unread=True), now=CAPTURED) == [pinned.id]


def _old_lead_key(lead: str) -> str:
    """The lead key a version before commit e9de320 made: of the lead as stored, soft hyphens and all."""
    return hashlib.sha1(lead.casefold().encode("utf-8")).hexdigest()[:12]


def test_a_library_of_format_11_keeps_no_soft_hyphen_and_finds_and_knows_its_stories_as_a_fresh_store_does(tmp_path):
    """Until commit 1061e03 Dutch feeds' `&shy;` was stored: the search index split `mi\\xadnister` into `mi` and `nister`,
    and the lead key was of the lead with it, so that the story seen again was an update, or by its lead another story."""
    feed = tmp_path / "omroep.rss"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Omroep Test</title>'
        "<item><title>Mi&#173;nister opent de sluis</title><link>http://example.org/sluis</link>"
        "<description>&lt;p&gt;TERNEUZEN - De mi&amp;shy;nister opent vandaag de nieuwe zeesluis van Terneuzen.&lt;/p&gt;"
        "&lt;p&gt;Het water&amp;shy;schap is blij.&lt;/p&gt;</description>"
        "<pubDate>Tue, 03 Mar 2026 10:00:00 +0100</pubDate></item></channel></rss>",
        encoding="utf-8",
    )
    path = tmp_path / "library.sqlite"
    library = Library(path)
    assert import_paths(library, [feed], CAPTURED).new == 1
    [entry] = library.entries()
    fresh = library.article(entry.id)
    assert fresh is not None and (fresh.title, fresh.lead) == ("Minister opent de sluis", "De minister opent vandaag de nieuwe zeesluis van Terneuzen.")
    hyphened = fresh.with_changes(
        title="Mi\xadnister opent de sluis", lead="De mi\xadnister opent vandaag de nieuwe zee\xadsluis van Terneuzen.",
        body=(Block("paragraph", "Het water\xadschap is blij."),),
    )  # fmt: skip
    library.add([(hyphened, CAPTURED)])  # stored and indexed as a version before commit 1061e03 did
    library.set_state([entry.id], starred=True)
    assert pending_search(library) == 0 and library.search("minister", catch_up=False) == set()
    with closing(sqlite3.connect(path)) as database, database:
        database.execute("UPDATE articles SET lead_key = ?", (_old_lead_key(hyphened.lead),))
        database.execute("UPDATE meta SET value = 11 WHERE key = 'version'")
    library.close()

    library = Library(path)
    assert store_version(path) == VERSION
    assert library.article(entry.id) == fresh
    assert library.search("minister", catch_up=False) == library.search("zeesluis") == library.search("waterschap") == {entry.id}
    assert library.search("nister") == set() and library.check().problems == []
    with closing(sqlite3.connect(path)) as database:
        assert database.execute("SELECT lead_key FROM articles").fetchall() == [(lead_key(fresh),)]
    report = import_paths(library, [feed], CAPTURED)
    assert (report.new, report.updated, report.unchanged) == (0, 0, 1)
    compact = article(fresh.lead, url="http://example.org/kort/sluis", lead=fresh.lead, body=(), kind="teaser", title_from_lead=True)
    assert Library(path).add([(compact, CAPTURED)]).new == 0  # the story seen without its title, known by its lead
    assert [(e.id, e.starred) for e in Library(path).entries()] == [(entry.id, True)]


@pytest.mark.parametrize("counter", ["lost", "no number"])
def test_the_format_12_upgrade_makes_the_search_index_anew_where_its_counter_is_damaged(tmp_path, counter):
    """The upgrade reads how far the index goes to take changed rows out of it: a counter lost to damage failed every
    command, `check --repair` too, with a traceback."""
    library = Library(tmp_path / "library.sqlite")
    library.add([(article("Mi\xadnister opent de sluis", lead="De mi\xadnister opent de zee\xadsluis."), CAPTURED)])
    assert library.search("sluis") and pending_search(library) == 0
    path = library.files.database
    library.close()
    with closing(sqlite3.connect(path)) as database, database:
        database.execute("UPDATE meta SET value = 11 WHERE key = 'version'")
        if counter == "lost":
            database.execute("DELETE FROM meta WHERE key = 'indexed'")
        else:
            database.execute("UPDATE meta SET value = 'x' WHERE key = 'indexed'")
    library = Library(path)
    [entry] = library.entries()
    assert store_version(path) == VERSION and pending_search(library) == 1
    assert library.search("minister") == library.search("zeesluis") == {entry.id} and library.search("nister") == set()
    assert library.check().problems == []


def test_a_library_that_lost_the_row_of_its_version_is_said_as_damaged_not_as_of_an_unknown_version(seeded_library, capsys):
    seeded_library.close()
    with closing(sqlite3.connect(seeded_library.files.database, isolation_level=None)) as database:
        database.execute("DELETE FROM meta WHERE key = 'version'")
    code, _out, err = run_cli(capsys, "--db", str(seeded_library.path), "check")
    assert (code, err) == (1, f"nieuws-tui: error: {seeded_library.files.database}: the table meta (the library's format and counters) is missing "
                              "from the schema or damaged; `nieuws-tui check --repair` cannot make it anew — restore the library from a backup\n")  # fmt: skip


@pytest.mark.parametrize("kind", ["full", "teaser"])
def test_an_article_seen_again_dated_earlier_only_within_its_second_is_unchanged(tmp_path, kind):
    """A feed's `updated` to the millisecond, edited within its second, made the earlier date the article's: fetch
    counted it updated and wrote it again (serve dated its feeds anew), though every date shown or served is in whole
    seconds. An earlier second is still the article's date."""
    library = Library(tmp_path / "library.sqlite")
    moment = CAPTURED - timedelta(hours=1)
    dated = {fraction: article("Dijk", kind=kind, published=moment.replace(microsecond=fraction)) for fraction in (456000, 123000)}
    assert library.add([(dated[456000], CAPTURED)]).new == 1
    seen_again = library.add([(dated[123000], CAPTURED + timedelta(minutes=5))])
    assert (seen_again.updated, seen_again.unchanged) == (0, 1)
    assert library.entries()[0].article.published == moment.replace(microsecond=456000)
    earlier = library.add([(article("Dijk", kind=kind, published=moment - timedelta(seconds=1)), CAPTURED + timedelta(minutes=10))])
    assert earlier.updated == 1 and library.entries()[0].article.published == moment - timedelta(seconds=1)


def test_the_format_12_upgrade_leaves_a_damaged_article_with_a_soft_hyphen_as_it_is(tmp_path):
    """Only damage stores text that is no UTF-8, or a body that is no JSON; the upgrade is no place to fail on it."""
    library = Library(tmp_path / "library.sqlite")
    library.add([(article(title, lead="Een gewone aanhef."), CAPTURED) for title in ("Eerste", "Tweede", "Derde")])
    path = library.files.database
    library.close()
    damaged = {"Eerste": ("title", b"Mi\xc2\xadnister \xff"), "Tweede": ("body", b'[["p", "water\xc2\xadschap"')}
    with closing(sqlite3.connect(path)) as database, database:
        for title, (column, value) in damaged.items():
            table = "bodies" if column == "body" else "articles"
            database.execute(f"UPDATE {table} SET {column} = CAST(? AS TEXT) WHERE seq = (SELECT seq FROM articles WHERE title = ?)", (value, title))
        database.execute("UPDATE articles SET lead = 'Een ge\xadwone aanhef.' WHERE title = 'Derde'")
        database.execute("UPDATE meta SET value = 11 WHERE key = 'version'")
    Library(path).database.check_format()
    assert store_version(path) == VERSION
    with closing(sqlite3.connect(path)) as database:
        stored = database.execute("SELECT CAST(a.title AS BLOB), CAST(b.body AS BLOB), a.lead FROM articles a JOIN bodies b USING (seq) ORDER BY seq").fetchall()
    assert (stored[0][0], stored[1][1]) == (damaged["Eerste"][1], damaged["Tweede"][1])
    assert stored[2][2] == "Een gewone aanhef."


def test_check_names_the_articles_the_format_12_upgrade_left_with_their_soft_hyphens(tmp_path, capsys):
    """The upgrade leaves a row it cannot read as an article as it is, soft hyphens and all; check said nothing of a
    damaged title, and the library seemed whole."""
    library = Library(tmp_path / "library.sqlite")
    library.add([(article(title, lead="Een gewone aanhef."), CAPTURED) for title in ("Eerste", "Tweede", "Derde")])
    path = library.files.database
    library.close()
    with closing(sqlite3.connect(path)) as database, database:
        database.execute("UPDATE articles SET title = CAST(? AS TEXT) WHERE title = 'Eerste'", (b"Mi\xc2\xadnister \xff",))
        database.execute("UPDATE articles SET lead = 'Een ge\xadwone aanhef.' WHERE title = 'Derde'")  # one the upgrade mends
        database.execute("UPDATE meta SET value = 11 WHERE key = 'version'")
    code, out, err = run_cli(capsys, "--db", str(path), "check")
    assert code == 1 and f"{path}: 3 articles;" in out, (out, err)
    assert err.splitlines()[1] == (f"nieuws-tui: error: {path}: 1 article could not be read as one when the library was brought up "
                                   "to format 12, and keeps its soft hyphens (U+00AD): it is damaged; restore it from a backup")  # fmt: skip


def test_the_command_line_says_it_is_bringing_an_older_library_up_to_date_once(tmp_path, capsys):
    path = v3_library(tmp_path)
    code, out, err = run_cli(capsys, "--db", str(path), "sections")
    assert code == 0 and "Regio" in out
    assert f"{path}: bringing the library up to format version {VERSION}, once" in err
    assert run_cli(capsys, "--db", str(path), "sections")[2] == ""  # done: nothing to say the next time


def test_after_the_v3_upgrade_every_article_is_indexed_again_for_search_when_next_searched(tmp_path):
    library = Library(v3_library(tmp_path))
    assert V3_EXPECTED["pending_search"] == 2  # in v3, the refiled rows
    assert pending_search(library) == len(V3_EXPECTED["articles"])  # the search table is made anew, with prefixes
    assert library.search("Vladivostok", catch_up=False) == set()
    assert library.search("Vladivostok") == {"d7e834d4177e"}  # caught up: what v3 had indexed, and
    assert library.search("Vlissingen") == {"7bf809cb8efa", "cd3f356a826a"}  # what it had not, each row once
    assert library.search("vla") >= library.search("vladivostok") | library.search("vladimir")  # three letters: the prefix index
    assert pending_search(library) == 0


def test_after_the_v3_upgrade_a_story_written_again_replaces_its_row_and_the_pruned_one_stays_away(tmp_path):
    path = v3_library(tmp_path)
    feed = tmp_path / "omroep.rss"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Omroep Test</title>'
        "<item><title>Veerboot vaart weer</title><link>http://example.org/veer</link><author>Piet Jansen</author>"
        "<description>De veerboot tussen Vlissingen en Breskens vaart weer volgens schema.</description>"
        "<pubDate>Tue, 03 Mar 2026 11:00:00 +0100</pubDate></item>"
        "<item><title>Haven Terneuzen groeit</title><link>http://example.org/haven</link>"
        "<description>TERNEUZEN - De haven van Terneuzen groeit sterk dit jaar, zegt het havenbedrijf.</description></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    report = import_paths(Library(path), [feed], CAPTURED)
    assert (report.new, report.updated) == (0, 1)
    library = Library(path)
    assert len(library.entries()) == 18
    assert V3_EXPECTED["pruned"] not in {e.id for e in library.entries()}
    [veer] = library.find("cd3f356a826a")
    assert library.article(veer.id).author == "Piet Jansen"
    assert library.search("Breskens") == {"cd3f356a826a"}
    assert library.check().problems == []


def _report(task: Callable[[Path], object], path: str, results: multiprocessing.Queue) -> None:
    try:
        results.put(task(Path(path)))
    except Exception as error:  # noqa: BLE001 - the parent asserts on it
        results.put(repr(error))


def _at_once(task: Callable[[Path], object], path: Path, processes: int = 4) -> list[object]:
    """What `task(path)` gave in each of several processes started at once (or what it raised)."""
    fork = multiprocessing.get_context("fork")
    results = fork.Queue()
    children = [fork.Process(target=_report, args=(task, str(path), results)) for _ in range(processes)]
    for child in children:
        child.start()
    for child in children:
        child.join(30)
    return [results.get(timeout=5) for _ in children]


def test_processes_opening_a_v2_library_at_once_upgrade_it_once_and_all_open_it(tmp_path):
    path = v2_library(tmp_path)
    assert _at_once(lambda p: len(Library(p).entries()), path) == [18] * 4
    assert store_version(path) == VERSION


def test_marks_kept_in_32_shards_are_regrouped_in_place_on_first_open_every_one_kept(tmp_path):
    from tinydb import TinyDB

    path = state32_library(tmp_path)
    state = path.with_name("library.state")
    assert len(list(state.glob("state-*.json"))) == 32
    library = Library(path)
    entries = {e.id: e for e in library.entries()}
    assert {i: Flags(e.read, e.starred) for i, e in entries.items() if e.read or e.starred} == {i: f for i, f in STATE32_MARKS.items() if i in entries}
    assert marks_of(path) == STATE32_MARKS  # the three of articles not in the store too
    assert list(state.glob("state-*.json")) == []
    # Still small TinyDB documents keyed by article id, now in the shard named after the id's first byte.
    for article_id, flags in STATE32_MARKS.items():
        with TinyDB(state / f"marks-{article_id[:2]}.json", access_mode="r") as database:
            assert database.table("state").get(doc_id=int(article_id, 16)) == {"read": flags.read, "starred": flags.starred}
    library.set_state(["e0cccccccccc"], read=False)
    assert marks_of(path)["e0cccccccccc"] == Flags(read=False, starred=True)


class _Stopped(BaseException):
    """Stands for the process dying right after one step."""


class _StopAfter:
    """Lets `count` steps (file writes, a batch of them written together, and removals) happen, and dies right after the next one."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.steps: list[str] = []

    def __call__(self, function: Callable[..., None]) -> Callable[..., None]:
        def step(target: Path | dict[Path, bytes], *args: object) -> None:
            function(target, *args)
            self.steps.append(" ".join(p.name for p in target) if isinstance(target, dict) else target.name)
            if len(self.steps) > self.count:
                raise _Stopped

        return step


def test_a_regrouping_stopped_after_any_of_its_steps_leaves_every_mark(tmp_path, monkeypatch):
    from feeds.store import state

    count = 0
    while True:
        path = state32_library(tmp_path / str(count))
        stop = _StopAfter(count)
        with monkeypatch.context() as patch:
            patch.setattr(state, "atomic_writes", stop(state.atomic_writes))
            patch.setattr(state, "atomic_write", stop(state.atomic_write))
            patch.setattr(state, "remove_durably", stop(state.remove_durably))
            try:
                Library(path)
            except _Stopped:
                pass
        assert marks_of(path) == STATE32_MARKS, stop.steps
        assert list(path.with_name("library.state").glob("state-*.json")) == [], stop.steps
        if len(stop.steps) <= count:  # it ran to the end
            break
        count += 1
    # The new shards (written together), the list of them and the removal of state-00.json were places to stop.
    assert stop.steps[1:] == ["shards.json", "state-00.json"] and len(stop.steps[0].split()) == 15


def test_a_damaged_old_shard_stops_the_regrouping_before_anything_is_written(tmp_path):
    path = state32_library(tmp_path)
    state = path.with_name("library.state")
    (state / "state-12.json").write_text('{"state": {"1": {"read": "ja"}}}', encoding="utf-8")
    before = {p.name: p.read_bytes() for p in state.iterdir()}
    with pytest.raises(StorageError, match="state-12.json: damaged entry '1'"):
        Library(path)
    assert {p.name: p.read_bytes() for p in state.iterdir()} == before


def test_processes_opening_a_library_of_32_shards_at_once_all_see_every_mark(tmp_path):
    path = state32_library(tmp_path)
    assert _at_once(marks_of, path) == [STATE32_MARKS] * 4


# -- crashes and concurrency ------------------------------------------------------------------------


def test_each_change_of_the_articles_is_dated_by_the_library_in_a_second_of_its_own_and_a_mark_is_none(seeded_library):
    """What `serve` gives as Last-Modified: it must move with every change of what a feed holds, and stay as it is across restarts."""
    goes = seeded_library.entries()[0]
    changes = (
        lambda: seeded_library.add([(article("Nieuw zwembad in Goes", section="Zeeland"), CAPTURED)]).new,
        lambda: seeded_library.refile(goes.article.source or "", "Elders"),
        lambda: seeded_library.prune(Retention(keep_days=0, prune_unread=True)),
    )
    dates = [seeded_library.changed()]
    for change in changes:
        assert change()
        dates.append(Library(seeded_library.path).changed())
    seeded_library.set_state([goes.id], read=True)
    assert Library(seeded_library.path).changed() == dates[-1]
    seconds = [date.replace(microsecond=0) for date in dates if date is not None]
    assert len(seconds) == len(dates) and seconds == sorted(set(seconds))


def test_a_library_last_written_by_an_older_version_is_dated_by_its_files_until_the_next_change(seeded_library):
    """An older version keeps no record of the change (or leaves the one before it, behind the write sequence)."""
    recorded = seeded_library.changed()
    assert recorded is not None
    files = [seeded_library.files.database, seeded_library.files.database.with_name(seeded_library.files.database.name + "-wal")]
    for damage in ("UPDATE meta SET value = value + 1 WHERE key = 'seq'", "DELETE FROM meta WHERE key = 'changed'", "INSERT OR REPLACE INTO meta VALUES ('changed', 'x')"):
        with closing(sqlite3.connect(seeded_library.files.database)) as database, database:
            database.execute(damage)
        written = max(path.stat().st_mtime for path in files if path.exists())
        assert Library(seeded_library.path).changed() == datetime.fromtimestamp(written, timezone.utc) + timedelta(seconds=2), damage
    seeded_library.add([(article("Nieuw zwembad in Goes", section="Zeeland"), CAPTURED)])
    assert Library(seeded_library.path).changed() != datetime.fromtimestamp(written, timezone.utc) + timedelta(seconds=2)


def test_a_record_of_the_last_change_in_another_zone_or_at_the_end_of_time_is_no_error(seeded_library):
    """The record is the library's own, but a library file is from outside all the same."""
    for moment in ("2026-12-03T14:00:00.5+01:00", "9999-12-31T23:59:59.999999+00:00"):
        with closing(sqlite3.connect(seeded_library.files.database)) as database, database:
            database.execute("UPDATE meta SET value = (SELECT value FROM meta WHERE key = 'seq') || ' ' || ? WHERE key = 'changed'", (moment,))
        assert Library(seeded_library.path).changed() == datetime.fromisoformat(moment)
        assert Library(seeded_library.path).changed().tzinfo == timezone.utc  # what an HTTP date is written in
        seeded_library.add([(article(f"Nieuws van {moment}", section="Zeeland"), CAPTURED)])
        assert Library(seeded_library.path).changed() is not None


def test_a_record_of_the_last_change_beyond_the_ends_of_time_once_in_utc_is_taken_for_damage(seeded_library):
    """Within the years a date can have in its own zone, but not in UTC, where an HTTP date is: the library
    is dated by its files, as with any damaged record, and the next change is recorded as usual."""
    files = [seeded_library.files.database, seeded_library.files.database.with_name(seeded_library.files.database.name + "-wal")]
    for moment in ("9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+01:00"):
        with closing(sqlite3.connect(seeded_library.files.database)) as database, database:
            database.execute("UPDATE meta SET value = (SELECT value FROM meta WHERE key = 'seq') || ' ' || ? WHERE key = 'changed'", (moment,))
        written = max(path.stat().st_mtime for path in files if path.exists())
        assert Library(seeded_library.path).changed() == datetime.fromtimestamp(written, timezone.utc) + timedelta(seconds=2), moment
        seeded_library.add([(article(f"Nieuws van {moment}", section="Zeeland"), CAPTURED)])
        assert Library(seeded_library.path).changed() > datetime.fromtimestamp(written, timezone.utc) + timedelta(seconds=2)


def test_a_commit_that_fails_rolls_back_and_later_writes_are_committed(library_path, seed_paths, monkeypatch):
    """A full disk at the end of a fetch run: the run is lost, the library is as it was, and the next import
    is stored, not taken into the failed run's transaction and never committed."""
    from feeds.store.database import Database

    library = Library(library_path)
    import_paths(library, seed_paths[:1], CAPTURED)
    before = [e.id for e in library.entries()]
    writer = library.begin()
    writer.add_records([record(Entry(article("Verloren bij een volle schijf"), first_seen=CAPTURED))])

    def full(self, connection, name, value):
        raise sqlite3.OperationalError("database or disk is full")

    with monkeypatch.context() as patched:
        patched.setattr(Database, "set_counter", full)
        with pytest.raises(StorageError, match="disk is full"):
            writer.commit()
    assert [e.id for e in Library(library_path).entries()] == before
    report = import_paths(library, seed_paths[1:2], CAPTURED)
    assert report.new > 0
    assert len(Library(library_path).entries()) == len(before) + report.new


def test_a_transaction_sqlite_ended_by_itself_takes_no_more_writes(library_path, seed_paths):
    """A full disk in the middle of a statement: SQLite undoes the transaction, and every later statement
    would be committed on its own. The writer refuses them, and the library stays as it was."""
    library = Library(library_path)
    import_paths(library, seed_paths[:1], CAPTURED)
    before = [e.id for e in library.entries()]
    writer = library.begin()
    writer.add_records([record(Entry(article("Voor de volle schijf"), first_seen=CAPTURED))])
    writer.connection.execute("ROLLBACK")  # as SQLite does on SQLITE_FULL
    with pytest.raises(StorageError, match="a write failed and SQLite undid what was written with it"):
        import_paths(library, seed_paths[1:2], CAPTURED)
    with pytest.raises(StorageError, match="a write failed"):
        writer.commit()
    assert [e.id for e in Library(library_path).entries()] == before
    assert import_paths(library, seed_paths[1:2], CAPTURED).new > 0


def test_a_shard_left_by_a_writer_that_died_before_listing_it_is_neither_read_nor_kept(seeded_library, monkeypatch):
    from feeds.store import state

    entry = seeded_library.entries()[0]
    shard = _shard(seeded_library)
    assert not shard.exists()
    with monkeypatch.context() as patch:
        stop = _StopAfter(0)  # the shards are written together, the list of shards after them
        patch.setattr(state, "atomic_writes", stop(state.atomic_writes))
        patch.setattr(state, "atomic_write", stop(state.atomic_write))
        with pytest.raises(_Stopped):
            seeded_library.set_state([entry.id], read=True)
    assert shard.exists()  # written, never listed: the mark was not made
    assert not Library(seeded_library.path).entry(entry.id).read
    Library(seeded_library.path).set_state([entry.id], starred=True)
    again = Library(seeded_library.path).entry(entry.id)
    assert (again.read, again.starred) == (False, True)


def test_marks_in_many_shards_cost_one_fsync_of_their_folder(seeded_library, monkeypatch):
    """`A` over a section of 300 articles took some 2 s under load: each of its 170 shards was written with an fsync
    of the file and one of the folder. Now every new shard is on disk before the first is renamed into place, and the
    folder is fsync'ed once, after the last."""
    from feeds import files

    ids = [e.id for e in seeded_library.entries()]
    seeded_library.set_state(ids, starred=True)  # their shards made and listed
    assert len({shard_of(i) for i in ids}) > 5
    folders: list[Path] = []
    fsync_dir = files._fsync_dir
    monkeypatch.setattr(files, "_fsync_dir", lambda folder: (folders.append(folder), fsync_dir(folder)))
    seeded_library.set_state(ids, read=True)
    assert folders == [seeded_library.files.state]
    assert all(e.read for e in Library(seeded_library.path).entries())


def test_marks_in_many_shards_hold_few_files_open_at_once(tmp_path):
    """Marking 2,000 articles read held a file open for each of their some 250 shards at once: under a limit of 256
    open files (macOS's, some services') `mark read` failed with "Too many open files", and `M` marked nothing."""
    import resource

    path = tmp_path / "library.sqlite"
    articles = [article(f"Bericht {n}", url=f"https://nieuws.example/{n}") for n in range(2000)]
    Library(path).add([(a, CAPTURED) for a in articles])
    assert len({shard_of(a.id) for a in articles}) > 200

    def few_files() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (64, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))

    marked = subprocess.run([*nieuws_tui_command(), "--db", str(path), "mark", "read", *(a.id for a in articles)], capture_output=True, text=True, timeout=120, preexec_fn=few_files)
    assert marked.returncode == 0, marked.stderr
    assert all(e.read for e in Library(path).entries())


def test_marks_in_many_shards_that_cannot_all_be_written_change_none_and_name_the_shard(seeded_library, monkeypatch):
    """A disk that fills up as the third of many shards is written: the two before it were replaced, and the marks of
    one call (M over a view) were half made. Now none is, and the error names the shard in one line."""
    import errno

    from feeds import files
    from feeds.clean import shown_path

    ids = [e.id for e in seeded_library.entries()]
    seeded_library.set_state(ids, starred=True)
    shards = sorted({seeded_library.state.shard_path(shard_of(i)) for i in ids})
    before = {p.name: p.read_bytes() for p in seeded_library.files.state.iterdir()}
    write, written = files._write, []

    def until_the_disk_is_full(handle, data) -> None:
        written.append(data)
        if len(written) == 3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        write(handle, data)

    monkeypatch.setattr(files, "_write", until_the_disk_is_full)
    with pytest.raises(StorageError) as raised:
        seeded_library.set_state(ids, read=True)
    monkeypatch.undo()
    message = str(raised.value)
    assert "\n" not in message and message.startswith(f"{shown_path(shards[2])}: cannot write (") and "the old file is unchanged" in message
    assert {p.name: p.read_bytes() for p in seeded_library.files.state.iterdir()} == before  # no shard changed, no temp left
    assert not any(e.read for e in Library(seeded_library.path).entries())


def _write_batches(path: str, report: multiprocessing.connection.Connection) -> None:
    library = Library(Path(path))
    batch = 0
    while True:
        batch += 1
        records = [record(Entry(article(f"Partij {batch} verhaal {n}", section=f"batch-{batch}"), first_seen=CAPTURED)) for n in range(40)]
        writer = library.begin()
        writer.add_records(records)
        writer.commit()
        library.set_state([records[0].id], read=True)
        report.send(batch)  # the batch and its mark are both on disk now


def test_killing_a_fetch_run_during_its_commit_keeps_each_batch_whole_and_every_mark(tmp_path):
    path = tmp_path / "library.sqlite"
    Library(path).add([])  # made before the first writer, so no kill lands in its creation
    fork = multiprocessing.get_context("fork")
    acknowledged: set[int] = set()
    for attempt in range(100):
        receive, send = fork.Pipe(duplex=False)
        child = fork.Process(target=_write_batches, args=(str(path), send))
        child.start()
        if attempt % 10 == 0:  # on a busy machine a child may commit nothing in 40 ms: now and then, once it has
            receive.poll(10)
        time.sleep(random.uniform(0.005, 0.04))
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        while receive.poll():
            acknowledged.add(receive.recv())
        library = Library(path)
        sizes: dict[str, int] = {}
        for entry in library.entries():
            sizes[entry.article.section] = sizes.get(entry.article.section, 0) + 1
        assert set(sizes.values()) <= {40}, sizes  # each batch all there or none of it
        read = {e.article.section for e in library.entries() if e.read}
        assert {f"batch-{b}" for b in acknowledged} <= read  # every acknowledged mark is kept
        library.close()
    assert acknowledged, "no batch was ever committed: the test did not test"


def test_a_library_opened_again_in_a_process_that_reads_it_keeps_seeing_what_other_processes_store(tmp_path):
    """Opening a library read its first bytes with a file of its own (is it a database at all?), and closing that file
    let go of every lock the process held on the library (POSIX): another process's SQLite, closing, took itself for
    the last one, and deleted the WAL from under the first connection, which then read an old snapshot for good,
    while new connections read the file as damaged. The app opens the library more than once."""
    path = tmp_path / "library.sqlite"
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    import_paths(Library(path), seeds[:1], CAPTURED)
    reading = Library(path)
    before = len(reading.entries())
    Library(path).close()  # opened again, in the same process, while the first reads
    env = {**os.environ, "NIEUWS_TUI_DB": str(path)}
    # The first to close took itself for the last, and deleted the WAL the library reads by; what the next one stored went unseen.
    marked = subprocess.run([*nieuws_tui_command(), "mark", "read", reading.entries()[0].id], env=env, capture_output=True, text=True, timeout=60)
    imported = subprocess.run([*nieuws_tui_command(), "import", str(seeds[1])], env=env, capture_output=True, text=True, timeout=60)
    assert (marked.returncode, imported.returncode) == (0, 0), marked.stderr + imported.stderr
    assert reading.pick_up_changes() and len(reading.entries()) > before
    assert len(Library(path).entries()) == len(reading.entries())


def test_the_app_reads_while_a_fetch_writes_and_the_command_line_marks(tmp_path, httpserver):
    from tui.app import NieuwsApp
    from tui.preferences import Preferences

    path = tmp_path / "library.sqlite"
    import_paths(Library(path), sorted((ROOT / "seeds").glob("*.txt")), CAPTURED)
    ids = [e.id for e in Library(path).entries()]
    items = [(f"Bericht {n}", f"https://nieuws.example/{n}", CAPTURED - timedelta(minutes=n)) for n in range(3000)]
    httpserver.expect_request("/feed").respond_with_data(atom(items), content_type="application/atom+xml")
    env = {**os.environ, "NIEUWS_TUI_DB": str(path)}

    async def scenario() -> None:
        app = NieuwsApp(Library(path), now=lambda: CAPTURED, preferences=Preferences())
        async with app.run_test(size=(120, 40)) as pilot:
            started = time.monotonic()  # how long a mark takes on this machine now, with no fetch beside it
            unmarked = subprocess.run([*nieuws_tui_command(), "mark", "unread", ids[-1]], env=env, capture_output=True, text=True, timeout=30)
            alone = time.monotonic() - started
            assert unmarked.returncode == 0, unmarked.stderr
            fetch = subprocess.Popen([*nieuws_tui_command(), "fetch", httpserver.url_for("/feed")], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            slowest = 0.0
            for article_id in ids[:6]:
                started = time.monotonic()
                marked = subprocess.run([*nieuws_tui_command(), "mark", "read", article_id], env=env, capture_output=True, text=True, timeout=30)
                slowest = max(slowest, time.monotonic() - started)
                assert marked.returncode == 0 and marked.stderr == "", marked.stderr
                await pilot.press("j")  # the app keeps answering
            _, errors = fetch.communicate(timeout=60)
            assert fetch.returncode == 0 and "locked" not in errors, errors
            assert slowest < max(5, 3 * alone), f"a mark took {slowest:.1f} s beside a fetch, {alone:.1f} s alone"

            def seen() -> bool:  # everything the other processes wrote
                entries = app.library_view.entries
                return len(entries) == 16 + 3000 and {e.id for e in entries if e.read} >= set(ids[:6])

            deadline = time.monotonic() + 20
            while not seen() and time.monotonic() < deadline:
                app._look_for_changes()
                await pilot.pause(0.2)
                await asyncio.to_thread(app.library_view.drain)
            assert seen()

    import asyncio

    asyncio.run(scenario())
    assert sum(e.read for e in Library(path).entries()) == 6


# -- damage ---------------------------------------------------------------------------------------


def _database(library: Library) -> Path:
    return library.files.database


def _shard(library: Library) -> Path:
    """The shard holding the marks of the newest article (the `damaged` fixture marks it)."""
    return library.state.shard_path(shard_of(library.entries()[0].id))


DAMAGE = {
    "database-garbage": (_database, lambda p: p.write_bytes(b"garbage " * 4000)),
    "database-cut": (_database, lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2])),
    "database-empty": (_database, lambda p: p.write_bytes(b"")),
    "database-deleted": (_database, lambda p: p.unlink()),
    "state-garbage": (_shard, lambda p: p.write_bytes(b"\x00\xff garbage")),
    "state-cut": (_shard, lambda p: p.write_bytes(p.read_bytes()[:-3])),
    "state-wrong-shape": (_shard, lambda p: p.write_text('{"state": {"1": {"read": "yes"}}}')),
    "state-deleted": (_shard, lambda p: p.unlink()),
    "state-list-deleted": (lambda library: library.state.index_path, lambda p: p.unlink()),
    "state-list-wrong-shape": (lambda library: library.state.index_path, lambda p: p.write_text('["../library.sqlite"]')),
    "state-folder-deleted": (lambda library: library.files.state, lambda p: shutil.rmtree(p)),
}
COMMANDS = {
    "app": [],
    "list": ["list"],
    "sections": ["sections"],
    "mark": ["mark", "read", "abc"],
    "import": ["import", str(ROOT / "seeds")],
    "export": ["export"],
    "prune": ["prune", "--older-than", "30"],
    "check": ["check"],
    "fetch": ["fetch", "http://127.0.0.1:9/feed"],
}


@pytest.fixture
def damaged(request, seeded_library) -> tuple[Library, Path]:
    seeded_library.set_state([seeded_library.entries()[0].id], read=True, starred=True)
    locate, damage = DAMAGE[request.param]
    target = locate(seeded_library)
    seeded_library.close()
    damage(target)
    return seeded_library, target


@pytest.mark.parametrize("damaged", DAMAGE, indirect=True)
@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_names_a_damaged_or_missing_file_in_one_line(damaged, command, capsys, monkeypatch):
    library, target = damaged
    monkeypatch.setattr("tui.app.run_app", lambda *a, **k: pytest.fail("the app started on a damaged library"))
    code, out, err = run_cli(capsys, "--db", str(library.path), *COMMANDS[command])
    assert code != 0
    lines = err.strip().splitlines()
    assert len(lines) == 1 and target.name in lines[0], err
    assert "Traceback" not in err + out
    if command == "check":  # damage, as its help says, and no pointing back at itself
        assert code == 1 and "tells more" not in err, err


@pytest.mark.parametrize("damaged", [name for name in DAMAGE if name.startswith("state")], indirect=True)
def test_check_repair_lets_a_library_with_lost_or_damaged_marks_open_again_keeping_the_rest(damaged, capsys):
    library, target = damaged
    first = library.entries()[0].id  # read and starred, its marks in the damaged shard
    others = [e.id for e in library.entries()[1:] if shard_of(e.id) != shard_of(first)][:3]
    if target.name.startswith("marks-"):
        library.set_state(others, read=True)  # marks in other shards, which the repair keeps
    code, _out, err = run_cli(capsys, "--db", str(library.path), "list")
    assert code == 2 and "check --repair" in err, err
    code, out, err = run_cli(capsys, "--db", str(library.path), "check", "--repair")
    assert code == 0, err
    assert target.name in out and ("lost" in out or "anew" in out), out
    if target.exists() and target.is_file():
        assert target.with_name(target.name + ".damaged").exists() or target.name == "shards.json"
    reopened = Library(library.path)
    assert len(reopened.entries()) == 16
    if target.name.startswith("marks-"):
        assert all(reopened.entry(i).read for i in others) and not reopened.entry(first).read
    # A lost list of the marks files is made anew from them: no mark is lost.
    assert reopened.entry(first).starred == (target.name == "shards.json")
    code, out, err = run_cli(capsys, "--db", str(library.path), "check")
    assert code == 0 and "no damage found" in err, err


def test_check_repair_ends_saying_it_repaired_not_that_it_found_no_damage(seeded_library, capsys):
    """After moving a damaged shards.json aside and making it anew, check --repair ended "no damage found"."""
    index = seeded_library.state.index_path
    seeded_library.close()
    index.write_bytes(b"{kapot")
    code, out, err = run_cli(capsys, "--db", str(seeded_library.path), "check", "--repair")
    assert code == 0, err
    assert out.splitlines()[:2] == [f"{index}: damaged, moved to shards.json.damaged", f"{index}: made anew from the marks files there are"]
    assert err.splitlines()[-1] == "repaired the read and starred marks (2 changes, said above); no damage left"
    code, _out, err = run_cli(capsys, "--db", str(seeded_library.path), "check", "--repair")
    assert (code, err.splitlines()[-1]) == (0, "no damage found")


def test_check_says_a_busy_library_is_busy_not_damaged(seeded_library, capsys, monkeypatch):
    from feeds.store.database import Database, LibraryBusy

    def busy(self, announce=None):
        raise LibraryBusy(f"{self.path}: busy: another nieuws-tui process has been writing for over 300 s")

    monkeypatch.setattr(Database, "check_format", busy)
    code, _out, err = run_cli(capsys, "--db", str(seeded_library.path), "check")
    assert code == 2 and "busy" in err  # exit 1 is for damage


@pytest.mark.parametrize("damaged", ["state-garbage", "state-list-wrong-shape"], indirect=True)
def test_check_repair_keeps_every_file_it_moved_aside_and_moves_none_it_could_not_read(damaged, capsys):
    library, target = damaged
    first = library.entries()[0].id  # its marks are in the damaged shard
    for garbage in (b"eerste", b"tweede"):
        target.write_bytes(garbage)
        assert run_cli(capsys, "--db", str(library.path), "check", "--repair")[0] == 0
        Library(library.path).set_state([first], read=True)  # marked again: its shard is back
    assert (target.with_name(target.name + ".damaged").read_bytes(), target.with_name(target.name + ".damaged-2").read_bytes()) == (b"eerste", b"tweede")
    target.unlink()
    target.mkdir()  # a marks file that cannot be read (as one of another user's, or on a failing disk) is no damage
    code, out, err = run_cli(capsys, "--db", str(library.path), "check", "--repair")
    assert code == 1 and "is a folder" in err and target.is_dir() and not target.with_name(target.name + ".damaged-3").exists()


def test_check_repair_moves_nothing_when_one_marks_file_cannot_be_read(seeded_library, capsys):
    ids = [e.id for e in seeded_library.entries()]
    by_shard = {shard_of(i): i for i in ids}
    (one, unreadable), (other, damaged) = list(by_shard.items())[:2]
    seeded_library.set_state([unreadable, damaged], read=True)
    state = seeded_library.state
    state.shard_path(other).write_bytes(b"garbage")
    state.shard_path(one).unlink()
    state.shard_path(one).mkdir()
    code, out, err = run_cli(capsys, "--db", str(seeded_library.path), "check", "--repair")
    assert code == 1 and "is a folder" in err and out == ""
    assert state.shard_path(other).read_bytes() == b"garbage" and not list(state.folder.glob("*.damaged*"))


def test_a_library_given_as_a_folder_is_refused_by_check_repair_too(tmp_path, capsys):
    folder = tmp_path / "bieb"
    folder.mkdir()
    code, _out, err = run_cli(capsys, "--db", str(folder), "check", "--repair")
    assert code == 1 and "is a folder" in err and sorted(tmp_path.iterdir()) == [folder]


def test_a_library_of_32_shards_without_its_first_keeps_the_others_and_the_repair_regroups_them(tmp_path, capsys):
    path = state32_library(tmp_path)
    first = path.parent / "library.state" / "state-00.json"
    lost = {f"{int(doc_id):012x}" for doc_id in json.loads(first.read_text(encoding="utf-8"))["state"]}
    first.unlink()
    code, _out, err = run_cli(capsys, "--db", str(path), "list")
    assert code == 2 and "state-00.json: missing" in err  # not taken for a regrouping that was done
    assert len(list((path.parent / "library.state").glob("state-*.json"))) == 31
    code, out, _err = run_cli(capsys, "--db", str(path), "check", "--repair")
    assert code == 0 and "state-00.json: missing; the marks in it are lost" in out
    assert marks_of(path) == {i: f for i, f in STATE32_MARKS.items() if i not in lost}


def test_check_repair_lets_a_library_in_the_layout_of_32_shards_regroup_without_its_damaged_one(tmp_path, capsys):
    path = state32_library(tmp_path)
    damaged = path.parent / "library.state" / "state-12.json"
    lost = {f"{int(doc_id):012x}" for doc_id in json.loads(damaged.read_text(encoding="utf-8"))["state"]}
    damaged.write_text('{"state": {"1": {"read": "ja"}}}', encoding="utf-8")
    assert run_cli(capsys, "--db", str(path), "list")[0] == 2
    code, out, _err = run_cli(capsys, "--db", str(path), "check", "--repair")
    assert code == 0 and "state-12.json: damaged, moved to state-12.json.damaged" in out
    assert marks_of(path) == {i: f for i, f in STATE32_MARKS.items() if i not in lost}


@pytest.mark.parametrize(
    ("table", "damaged", "repaired"),
    [
        ("search_data", "the search index is damaged", "the search index made anew"),
        ("search_idx", "the search index is damaged", "the search index made anew"),
        ("validators", "the validators (what each source last answered, to fetch only what changed) are damaged", "the validators emptied"),
        ("source_titles", "the sources' titles (what each feed calls itself) are damaged", "the sources' titles emptied"),
        ("guids", "the guids of the feeds' items (which know a story at another link) are damaged", "the guids of the feeds' items emptied"),
        ("first_links", "the first links of moved stories (what exports know them by) are damaged", "the first links of moved stories emptied"),
    ],
)
def test_check_names_damaged_derived_data_and_the_repair_makes_it_anew_keeping_every_article(seeded_library, capsys, table, damaged, repaired):
    """A damaged search index, validators table or table of the sources' titles, which loses nothing, was said as a
    damaged library to restore from a backup, and check --repair could not mend it."""
    from feeds.store.writer import Validator

    seeded_library.set_state([seeded_library.entries()[0].id], starred=True)
    with seeded_library.writing() as writer:
        writer.note_validators({"https://nieuws.example/feed": Validator('"v1"', None)})
        writer.note_source_titles({seeded_library.entries()[0].article.source: "Nieuws"})
    titles = seeded_library.source_titles()
    found = seeded_library.search("Poetin")
    ids = {e.id for e in seeded_library.entries()}
    assert found and len(ids) == 16
    damage_table(seeded_library, table)
    path = str(seeded_library.path)
    code, _out, err = run_cli(capsys, "--db", path, "check")
    assert code == 1 and err.strip().splitlines() == [f"nieuws-tui: error: {seeded_library.files.database}: {damaged}, the articles are intact; "
                                                      + {"search_data": "`nieuws-tui check --repair` makes it anew", "search_idx": "`nieuws-tui check --repair` makes it anew",
                                                         "validators": "`nieuws-tui check --repair` empties them, and each source's next fetch is whole",
                                                         "source_titles": "`nieuws-tui check --repair` empties them, and each source's next fetch or import names it again",
                                                         "guids": "`nieuws-tui check --repair` empties them, and each source's next fetch keeps them again",
                                                         "first_links": "`nieuws-tui check --repair` empties them, and a feed reader subscribed to an export may show those stories once more"}[table]], err  # fmt: skip
    code, out, err = run_cli(capsys, "--db", path, "check", "--repair")
    assert code == 0 and out.startswith(f"{seeded_library.files.database}: {repaired}"), (out, err)
    assert err.splitlines()[-1] == "repaired the library (1 change, said above); no damage left"
    library = Library(path)
    assert {e.id for e in library.entries()} == ids and library.entries()[0].starred
    assert library.search("Poetin") == found
    assert library.validators() == ({} if table == "validators" else {"https://nieuws.example/feed": Validator('"v1"', None)})
    assert library.source_titles() == ({} if table == "source_titles" else titles)
    with closing(sqlite3.connect(library.files.database)) as database:
        assert database.execute("PRAGMA integrity_check").fetchall() == [("ok",)]  # no page of the damaged table left over
    assert run_cli(capsys, "--db", path, "check")[0] == 0


def test_a_damaged_page_of_the_renamed_articles_loses_only_the_marks_to_move_it_held(seeded_library, capsys):
    """check --repair made a damaged list of renamed articles anew, empty: one damaged page among many lost the move
    of every mark still to move, those the other pages still held too. Those stayed with the old ids."""
    renamed = {f"{i:012x}": f"{i + 10**6:012x}" for i in range(2000)}  # pages of 16 KiB: a list of several
    seeded_library.state.update({old: Flags(read=True) for old in renamed})
    with closing(sqlite3.connect(seeded_library.files.database)) as database:
        database.executemany("INSERT INTO renamed (old, new) VALUES (?, ?)", renamed.items())
        database.commit()
    damage_middle_page(seeded_library, "renamed")
    path = str(seeded_library.path)
    code, out, err = run_cli(capsys, "--db", path, "check", "--repair")
    assert code == 0 and err.splitlines()[-1] == "repaired the library (1 change, said above); no damage left", (out, err)
    said = re.fullmatch(rf"{re.escape(str(seeded_library.files.database))}: the list of renamed articles made anew with the ([\d,]+) articles "
                        r"still readable in it; the marks of any others stay with their old ids", out.splitlines()[0])  # fmt: skip
    assert said, out
    marks = Library(path).state.load()
    moved = {old for old, new in renamed.items() if marks.get(new) == Flags(read=True) and marks.get(old) == Flags()}
    stayed = {old for old, new in renamed.items() if marks.get(old) == Flags(read=True) and marks.get(new) == Flags()}
    assert len(moved) == int(said[1].replace(",", "")) and len(renamed) / 2 < len(moved) < len(renamed)
    assert moved | stayed == renamed.keys()
    assert run_cli(capsys, "--db", path, "check")[0] == 0


def test_the_repair_of_the_renamed_articles_counts_the_pairs_it_kept_not_those_it_read(seeded_library, capsys):
    """A damaged list can hold a pair without its new id, which the list made anew refuses: it was counted all the same."""
    renamed = {f"{i:012x}": None if i % 4 == 0 else f"{i + 10**6:012x}" for i in range(2000)}
    seeded_library.state.update({old: Flags(read=True) for old in renamed})
    with closing(sqlite3.connect(seeded_library.files.database)) as database:  # a schema damaged into one that lets a pair lack its new id
        database.execute("PRAGMA writable_schema = ON")
        database.execute("UPDATE sqlite_master SET sql = 'CREATE TABLE renamed (old TEXT PRIMARY KEY, new TEXT) WITHOUT ROWID' WHERE name = 'renamed'")
        database.commit()
    with closing(sqlite3.connect(seeded_library.files.database)) as database:
        database.executemany("INSERT INTO renamed (old, new) VALUES (?, ?)", renamed.items())
        database.commit()
    damage_middle_page(seeded_library, "renamed")
    code, out, err = run_cli(capsys, "--db", str(seeded_library.path), "check", "--repair")
    assert code == 0, (out, err)
    said = re.match(rf"{re.escape(str(seeded_library.files.database))}: the list of renamed articles made anew with the ([\d,]+) articles ", out)
    marks = Library(seeded_library.path).state.load()
    moved = [old for old, new in renamed.items() if new is not None and marks.get(new) == Flags(read=True)]
    assert said and int(said[1].replace(",", "")) == len(moved) > 0


def test_pages_a_repair_left_in_no_table_are_said_and_freed_by_the_next(seeded_library, capsys):
    """A repair takes the damaged table out of the file's schema, then frees its pages: stopped between the two, it
    leaves pages in no table, which SQLite's check reports."""
    seeded_library.close()
    with closing(sqlite3.connect(seeded_library.files.database, isolation_level=None)) as database:
        database.execute("CREATE TABLE left_over (x)")
        database.execute("INSERT INTO left_over VALUES (?)", ("x" * 40000,))  # a page of its own and two of overflow
        database.execute("PRAGMA writable_schema = ON")
        database.execute("DELETE FROM sqlite_master WHERE name = 'left_over'")
    path = str(seeded_library.path)
    code, _out, err = run_cli(capsys, "--db", path, "check")
    assert code == 1 and "pages are in no table (what a repair left), the articles are intact" in err, err
    code, out, _err = run_cli(capsys, "--db", path, "check", "--repair")
    assert code == 0 and out.startswith(f"{seeded_library.files.database}: 3 pages in no table freed"), out
    assert len(Library(path).entries()) == 16 and run_cli(capsys, "--db", path, "check")[0] == 0


def _lose_from_schema(library: Library, name: str) -> None:
    """Take the table or index `name` out of the file's schema, as damage to its first page would: its pages stay, in no table."""
    library.close()
    with closing(sqlite3.connect(library.files.database, isolation_level=None)) as database:
        database.execute("PRAGMA writable_schema = ON")
        database.execute("DELETE FROM sqlite_master WHERE name = ?", (name,))


def test_a_table_lost_from_the_schema_is_said_and_the_repair_leaves_it_for_a_backup(seeded_library, capsys):
    """Its pages, in no table, were taken for what a repair left: --repair freed them for good, the rows with them,
    and said "no damage left"."""
    seeded_library.close()
    with closing(sqlite3.connect(seeded_library.files.database)) as database:  # an article pruned, not to come back
        database.execute("INSERT INTO pruned VALUES ('abc', '2026-01-01T00:00:00+01:00')")
        database.commit()
    _lose_from_schema(seeded_library, "pruned")
    before = seeded_library.files.database.read_bytes()
    path, database = str(seeded_library.path), seeded_library.files.database
    said = (f"nieuws-tui: error: {database}: the table pruned is missing from the schema, and what it held with it; "
            "`nieuws-tui check --repair` cannot make it anew — restore the library from a backup")  # fmt: skip
    assert run_cli(capsys, "--db", path, "check") == (1, "", said + "\n")
    code, out, err = run_cli(capsys, "--db", path, "check", "--repair")
    assert (code, out, err) == (1, "", said + "\n")
    assert database.read_bytes() == before


@pytest.mark.parametrize("lose", ["the table", "its rows"])
def test_a_lost_meta_table_is_said_as_damage_not_as_another_programs_file(seeded_library, capsys, lose):
    """Damage to the first page that took `meta` (the format, the counters) away said "not a nieuws-tui library",
    as for newsboat's cache.db: the user was sent to look for the right file, not for a backup."""
    if lose == "the table":
        _lose_from_schema(seeded_library, "meta")
    else:
        seeded_library.close()
        with closing(sqlite3.connect(seeded_library.files.database, isolation_level=None)) as database:
            database.execute("DELETE FROM meta")
    path, database = str(seeded_library.path), seeded_library.files.database
    said = (f"nieuws-tui: error: {database}: the table meta (the library's format and counters) is missing from the schema or damaged; "
            "`nieuws-tui check --repair` cannot make it anew — restore the library from a backup\n")  # fmt: skip
    for command in (["list"], ["check"], ["check", "--repair"]):
        assert run_cli(capsys, "--db", path, *command)[2] == said, command


def test_another_programs_database_is_still_no_library(tmp_path, capsys):
    other = tmp_path / "cache.db"
    with closing(sqlite3.connect(other)) as database:
        database.execute("CREATE TABLE rss_item (id INTEGER PRIMARY KEY, title TEXT)")
    code, _out, err = run_cli(capsys, "--db", str(other), "list")
    assert (code, err) == (2, f"nieuws-tui: error: {other}: not a nieuws-tui library; left untouched\n")


def test_an_index_lost_from_the_schema_is_said_and_the_repair_makes_it_anew(seeded_library, capsys):
    ids = [e.id for e in seeded_library.entries()]
    _lose_from_schema(seeded_library, "articles_by_time")
    path, database = str(seeded_library.path), seeded_library.files.database
    code, _out, err = run_cli(capsys, "--db", path, "check")
    assert code == 1 and err == (f"nieuws-tui: error: {database}: the index articles_by_time of the articles is missing from the schema, "
                                 "the articles are intact; `nieuws-tui check --repair` makes it anew\n"), err  # fmt: skip
    code, out, err = run_cli(capsys, "--db", path, "check", "--repair")
    assert code == 0 and out.startswith(f"{database}: the index articles_by_time of the articles made anew\n"), (out, err)
    assert err.splitlines()[-1] == "repaired the library (1 change, said above); no damage left"
    with closing(sqlite3.connect(database)) as connection:
        assert connection.execute("SELECT count(*) FROM sqlite_master WHERE name = 'articles_by_time'").fetchone() == (1,)
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert [e.id for e in Library(path).entries()] == ids and run_cli(capsys, "--db", path, "check")[0] == 0


@pytest.mark.parametrize("index", ["articles_by_time", "articles_by_key", "articles_by_lead"])
def test_a_damaged_index_is_said_as_such_and_the_repair_rebuilds_it_keeping_every_article(seeded_library, capsys, index):
    """SQLite's check says "row N missing from index X" of a damaged index as of a damaged row: check said the
    article database was damaged, to restore from a backup, and check --repair did not rebuild the index."""
    seeded_library.set_state([seeded_library.entries()[0].id], starred=True)
    ids = [e.id for e in seeded_library.entries()]
    damage_index_entry(seeded_library, index)
    path, database = str(seeded_library.path), seeded_library.files.database
    code, _out, err = run_cli(capsys, "--db", path, "check")
    assert code == 1 and err == (f"nieuws-tui: error: {database}: the index {index} of the articles is damaged, the articles are intact; "
                                 "`nieuws-tui check --repair` rebuilds it\n"), err  # fmt: skip
    code, out, err = run_cli(capsys, "--db", path, "check", "--repair")
    assert code == 0 and out.startswith(f"{database}: the index {index} of the articles rebuilt from them; the articles are intact\n"), (out, err)
    assert err.splitlines()[-1] == "repaired the library (1 change, said above); no damage left"
    with closing(sqlite3.connect(database)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    library = Library(path)
    assert [e.id for e in library.entries()] == ids and library.entries()[0].starred
    assert run_cli(capsys, "--db", path, "check")[0] == 0


def test_a_row_damaged_in_what_an_index_holds_of_it_is_still_said_as_damaged_articles_and_left_for_a_backup(seeded_library, capsys):
    """The check says the same "row N missing from index" as of a damaged index; a rebuilt index would hide it."""
    seeded_library.close()
    with closing(sqlite3.connect(seeded_library.files.database, isolation_level=None)) as connection:
        [(sql, root)] = connection.execute("SELECT sql, rootpage FROM sqlite_master WHERE name = 'articles_by_key'").fetchall()
        connection.execute("PRAGMA writable_schema = ON")  # the row changed under the index, as damage to its page would
        connection.execute("DELETE FROM sqlite_master WHERE name = 'articles_by_key'")
        connection.execute("PRAGMA writable_schema = RESET")  # the schema read again: without the index
        connection.execute("UPDATE articles SET key = key + 1 WHERE seq = 3")
        connection.execute("PRAGMA writable_schema = ON")
        connection.execute("INSERT INTO sqlite_master VALUES ('index', 'articles_by_key', 'articles', ?, ?)", (root, sql))
    before = seeded_library.files.database.read_bytes()
    path, database = str(seeded_library.path), seeded_library.files.database
    for command in (["check"], ["check", "--repair"]):
        code, out, err = run_cli(capsys, "--db", path, *command)
        assert code == 1 and out == "" and err.startswith(f"nieuws-tui: error: {database}: the article database is damaged"), (command, out, err)
        assert "SQLite's check says: row 3 missing from index articles_by_key" in err
    assert database.read_bytes() == before


def test_damage_to_the_schema_is_said_as_such_not_as_one_check_would_tell_more_of(seeded_library, capsys):
    """Every command, check itself, said "`nieuws-tui check` says which part": check could only say the same."""
    seeded_library.close()
    with closing(sqlite3.connect(seeded_library.files.database)) as database:
        database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with seeded_library.files.database.open("r+b") as file:
        file.seek(100)  # the file's header stays: it is a database, its schema after the header garbage
        file.write(random.Random(1).randbytes(800))
    before = seeded_library.files.database.read_bytes()
    said = (f"nieuws-tui: error: {seeded_library.files.database}: its schema (the first page, which says where each table is) is "
            "damaged (database disk image is malformed); left untouched — `nieuws-tui check --repair` cannot mend it: restore the "
            "library from a backup\n")  # fmt: skip
    path = str(seeded_library.path)
    for command in (["list"], ["check"], ["check", "--repair"]):
        code, out, err = run_cli(capsys, "--db", path, *command)
        assert code in (1, 2) and err == said and out == "", (command, out, err)
    assert seeded_library.files.database.read_bytes() == before


def test_check_repair_leaves_a_damaged_articles_table_as_it_is_for_a_backup_to_mend(seeded_library, capsys):
    damage_table(seeded_library, "articles")
    before = seeded_library.files.database.read_bytes()
    code, out, err = run_cli(capsys, "--db", str(seeded_library.path), "check", "--repair")
    assert code == 1 and "restore it from a backup" in err and out == "", (out, err)
    assert seeded_library.files.database.read_bytes() == before


def test_serve_answers_503_with_the_reason_when_the_library_is_damaged(seeded_library):
    seeded_library.set_state([seeded_library.entries()[0].id], read=True)
    shard = _shard(seeded_library)
    with running_server(Library(seeded_library.path)) as server:
        assert httpx.get(server.url + "/feed.atom").status_code == 200
        shard.write_text("{broken")
        os.utime(shard, (time.time() + 5, time.time() + 5))
        for path in ("/feed.atom", "/feed.atom", "/feed.rss", "/feed.atom"):  # each request, not only the first after the damage
            answer = httpx.get(server.url + path)
            assert answer.status_code == 503
            assert shard.name in answer.text and answer.text.endswith(" in it\n")


async def test_the_app_says_an_article_is_damaged_instead_of_crashing(seeded_library):
    from tui.app import NieuwsApp
    from tui.preferences import Preferences

    full = next(e for e in seeded_library.entries() if e.article.kind == "full")
    with sqlite3.connect(seeded_library.files.database) as database:
        database.execute("UPDATE bodies SET body = '[[\"p\", ' WHERE rowid = (SELECT rowid FROM articles WHERE id = ?)", (full.id,))
    app = NieuwsApp(Library(seeded_library.path), now=lambda: CAPTURED, preferences=Preferences())
    async with app.run_test(size=(120, 40)) as pilot:
        await shown(app, pilot)
        app.articles.move_to(next(i for i, e in enumerate(app.articles.items) if e.id == full.id))
        await pilot.press("enter")
        await pilot.pause()
        assert "cannot be read" in str(app.query_one("#reader-text").render())
        assert app.is_running


def test_check_reports_state_kept_for_articles_not_in_the_library_and_fails_on_damage(seeded_library, capsys):
    seeded_library.state.update({"0123456789ab": Flags(read=True, starred=False)})
    code, out, err = run_cli(capsys, "--db", str(seeded_library.path), "check")
    assert code == 0, err
    assert "16 articles" in out and "1 of them is not in the library" in out
    with sqlite3.connect(seeded_library.files.database) as database:
        database.execute("UPDATE bodies SET body = 'kapot' WHERE rowid = (SELECT min(rowid) FROM bodies)")
    code, out, err = run_cli(capsys, "--db", str(seeded_library.path), "check")
    assert code == 1 and "damaged" in err


def test_the_state_of_an_article_not_in_the_store_is_kept(seeded_library):
    seeded_library.state.update({"0123456789ab": Flags(read=True, starred=True)})
    seeded_library.set_state([seeded_library.entries()[0].id], read=True)
    seeded_library.prune(Retention(keep_days=10_000))
    assert Library(seeded_library.path).state.load().get("0123456789ab") == Flags(True, True)


# Marks still to move along ids renamed twice, as only damage (or a crash between two renamings) leaves them:
# old → new, and the marks after the move, of a read, b starred.
A, B, C = "aaaaaaaaaaaa", "bbbbbbbbbbbb", "cccccccccccc"
CHAINS = {
    "a chain": ({A: B, B: C}, {C: Flags(read=True, starred=True)}),
    "a circle": ({A: B, B: C, C: B}, {B: Flags(read=True, starred=True)}),
    "an id renamed to itself": ({A: C, B: B}, {B: Flags(starred=True), C: Flags(read=True)}),
    "a pair that is no two ids": ({A: C, "kapot": "zz", B: "kapot"}, {B: Flags(starred=True), C: Flags(read=True)}),
    "a pair that is no text but bytes": ({A: C, b"kapot": B.encode(), B: b"kapot"}, {B: Flags(starred=True), C: Flags(read=True)}),
}


@pytest.mark.parametrize("chain", CHAINS)
def test_marks_to_move_along_ids_renamed_twice_are_none_of_them_lost_and_the_library_opens(seeded_library, chain):
    renamed, after = CHAINS[chain]
    seeded_library.state.update({A: Flags(read=True), B: Flags(starred=True)})
    with sqlite3.connect(seeded_library.files.database) as database:
        database.executemany("INSERT INTO renamed (old, new) VALUES (?, ?)", renamed.items())
    reopened = Library(seeded_library.path)
    assert {i: f for i, f in reopened.state.load().items() if i in (A, B, C)} == after
    with sqlite3.connect(seeded_library.files.database) as database:
        assert database.execute("SELECT count(*) FROM renamed").fetchone()[0] == 0


def test_a_renamed_pair_damaged_into_text_that_is_no_utf8_moves_nothing_and_the_library_opens(seeded_library):
    """sqlite3 refuses to read text that is no UTF-8: one such pair failed every opening of the library, `check`'s
    too, where one stored as bytes moves nothing. The other pairs move, and the damaged one is let go of."""
    seeded_library.state.update({A: Flags(read=True)})
    with sqlite3.connect(seeded_library.files.database) as database:
        database.execute("INSERT INTO renamed (old, new) VALUES (?, ?)", (A, C))
        database.execute("INSERT INTO renamed (old, new) VALUES (CAST(x'6262ff' AS TEXT), ?)", (B,))
    assert Library(seeded_library.path).state.load().get(C) == Flags(read=True)
    with sqlite3.connect(seeded_library.files.database) as database:
        assert database.execute("SELECT count(*) FROM renamed").fetchone()[0] == 0


def test_marks_moved_along_a_chain_and_stopped_after_any_write_are_all_at_its_end_at_the_next_opening(tmp_path, monkeypatch):
    from feeds.store import state

    count = 0
    while True:
        library = Library(tmp_path / str(count) / "library.sqlite")
        library.add([])
        library.state.update({A: Flags(read=True), B: Flags(starred=True)})
        with sqlite3.connect(library.files.database) as database:
            database.executemany("INSERT INTO renamed (old, new) VALUES (?, ?)", CHAINS["a chain"][0].items())
        stop = _StopAfter(count)
        with monkeypatch.context() as patch:
            patch.setattr(state, "atomic_writes", stop(state.atomic_writes))
            patch.setattr(state, "atomic_write", stop(state.atomic_write))
            try:
                Library(library.path)
            except _Stopped:
                pass
        assert {i: f for i, f in Library(library.path).state.load().items() if i in (A, B, C)} == CHAINS["a chain"][1], stop.steps
        if len(stop.steps) <= count:  # it ran to the end
            break
        count += 1
    assert stop.steps == ["marks-cc.json", "shards.json", "marks-aa.json marks-bb.json"]  # the end's marks first


# -- retention --------------------------------------------------------------------------------------


def _dated_feed(httpserver, days_old: list[int]) -> str:
    now = datetime.now(AMSTERDAM)
    items = [(f"Verhaal van {d} dagen", f"https://nieuws.example/{d}", now - timedelta(days=d)) for d in days_old]
    httpserver.expect_request("/feed").respond_with_data(atom(items), content_type="application/atom+xml")
    return httpserver.url_for("/feed")


def test_prune_keeps_starred_always_and_unread_unless_told(tmp_path, httpserver, capsys):
    path = tmp_path / "library.sqlite"
    url = _dated_feed(httpserver, [1, 40, 50, 60])
    run_fetch(Library(path), [Source(url)], settings=FAST)
    library = Library(path)
    by_title = {e.article.title: e for e in library.entries()}
    library.set_state([by_title["Verhaal van 40 dagen"].id, by_title["Verhaal van 50 dagen"].id], read=True)
    library.set_state([by_title["Verhaal van 50 dagen"].id], starred=True)

    code, out, _ = run_cli(capsys, "--db", str(path), "prune", "--older-than", "30", "--dry-run")
    assert (code, out.strip()) == (0, "would prune 1 article (starred and unread kept)")
    assert len(Library(path).entries()) == 4
    code, out, _ = run_cli(capsys, "--db", str(path), "prune", "--older-than", "30")
    assert out.strip() == "pruned 1 article (starred and unread kept)"
    titles = {e.article.title for e in Library(path).entries()}
    assert titles == {"Verhaal van 1 dagen", "Verhaal van 50 dagen", "Verhaal van 60 dagen"}

    load_config()  # makes the config file
    config = Path(os.environ["NIEUWS_TUI_CONFIG"])
    config.write_text("prune-unread = true\n" + config.read_text())
    code, out, _ = run_cli(capsys, "--db", str(path), "prune", "--older-than", "30")
    assert out.strip() == "pruned 1 article (starred kept)"
    assert {e.article.title for e in Library(path).entries()} == {"Verhaal van 1 dagen", "Verhaal van 50 dagen"}


def test_a_pruned_article_that_the_source_still_lists_stays_away(tmp_path, httpserver):
    path = tmp_path / "library.sqlite"
    url = _dated_feed(httpserver, [1, 40])
    run_fetch(Library(path), [Source(url)], settings=FAST)
    Library(path).prune(Retention(keep_days=30, prune_unread=True))
    report = run_fetch(Library(path), [Source(url)], settings=FAST)
    assert [e.article.title for e in Library(path).entries()] == ["Verhaal van 1 dagen"]
    assert report.results[0].new == 0
    assert all(Library(path).state.load().get(e.id) == Flags() for e in Library(path).entries())


def test_prune_prunes_with_the_validators_damaged_and_leaves_them_to_check(tmp_path, capsys):
    """A damaged validators table, which check says leaves the articles intact, stopped every prune (fetch's too)
    with a traceback: pruning read it to forget the validators of the pruned articles' pages."""
    from feeds.store.writer import Validator

    library = Library(tmp_path / "library.sqlite")
    old = article("Oud nieuws uit Goes", published=CAPTURED - timedelta(days=3650), body=(Block("paragraph", "Een lange alinea. " * 20_000),))
    library.add([(old, CAPTURED - timedelta(days=3650)), (article("Vers nieuws uit Middelburg", published=datetime.now(AMSTERDAM)), datetime.now(AMSTERDAM))])
    with library.writing() as writer:
        writer.note_validators({old.url: Validator('"oud"', None)})
    damage_table(library, "validators")
    path = str(library.path)
    assert run_cli(capsys, "--db", path, "mark", "read", old.id)[0] == 0
    code, out, err = run_cli(capsys, "--db", path, "prune", "--older-than", "7")
    kept = f"nieuws-tui: warning: {path}: the space of the pruned articles stays in the file: the library is damaged (database disk image is malformed); "
    kept += "`nieuws-tui check` says which part, and after its repair the next `nieuws-tui prune` or `fetch` gives the space back\n"
    assert (code, out.strip(), err) == (0, "pruned 1 article (starred and unread kept)", kept)
    assert [e.article.title for e in Library(path).entries()] == ["Vers nieuws uit Middelburg"]
    code, _out, err = run_cli(capsys, "--db", path, "check")
    assert code == 1 and "the validators (what each source last answered, to fetch only what changed) are damaged" in err


def test_a_prune_reads_the_validators_once_and_forgets_those_its_own_transaction_noted_too(tmp_path, monkeypatch):
    """A prune read the validators twice: apart, to learn that they are not damaged (a read that meets the damage in
    the write transaction fails it), and again in the transaction. The read apart is all it needs, with the
    validators the transaction noted itself, as a fetch run notes those of a page it prunes as it ends."""
    from feeds.store.queries import Queries
    from feeds.store.writer import Validator

    feed, old = "https://nieuws.example/feed", CAPTURED - timedelta(days=3650)
    earlier, now = article("Ouder nieuws uit Goes", published=old), article("Oud nieuws uit Vlissingen", published=old)
    library = Library(tmp_path / "library.sqlite")
    library.add([(earlier, old), (now, old)])
    with library.writing() as writer:
        writer.note_validators({earlier.url: Validator('"e"', None), feed: Validator('"f"', None)})
    reads: list[None] = []
    read = Queries.validator_sources
    monkeypatch.setattr(Queries, "validator_sources", lambda queries: reads.append(None) or read(queries))
    writer, statements = library.begin(), []
    writer.note_validators({now.url: Validator('"n"', None)})
    writer.connection.set_trace_callback(statements.append)
    writer.prune([earlier.id, now.id], listed=[feed])
    writer.connection.set_trace_callback(None)
    writer.commit()
    assert len(reads) == 1 and not [sql for sql in statements if sql.lstrip().upper().startswith("SELECT") and "validators" in sql], statements
    monkeypatch.undo()
    assert Library(library.path).validators() == {feed: Validator('"f"', None)}


def test_a_prune_keeps_what_the_feed_a_listed_sources_page_leads_to_answered_wherever_it_is(tmp_path):
    """A source's page leads to its feed, often on another host (`nos.example` → `feeds.nos.example`, http → https):
    what that feed answered is the source's, though no source names it. A prune that forgot it (as an address of a
    source taken out of config.toml by hand) made that feed's every fetch whole, as nearly every fetch prunes."""
    from feeds.store.writer import Validator

    listed, followed = "http://nos.example/nieuws", "https://feeds.nos.example/rss"
    old = CAPTURED - timedelta(days=3650)
    library = Library(tmp_path / "library.sqlite")
    library.add([(article("Oudste nieuws", published=old), old)])
    with library.writing() as writer:
        writer.note_validators({url: Validator(f'"{url}"', None) for url in (listed, followed)})
    assert library.prune(Config([Source(listed)], prune_unread=True).retention(keep_days=7)) == 1
    assert Library(library.path).validators().keys() == {library.validator_key(url) for url in (listed, followed)}


def test_a_prune_forgets_what_was_fetched_for_a_source_taken_out_of_config_toml_by_hand(tmp_path):
    """`sources remove` forgets what a source's address answered; a source taken out of config.toml by hand kept what
    was fetched for it for good, a row for every source ever fetched. A prune forgets it, by the source each row knows,
    and keeps what was fetched for a listed source (an account of one too) on whatever host (the feed its page leads
    to), and what a row of a library of format 12 answered, which knows no source. With no source listed (no
    config.toml, a typo in NIEUWS_TUI_CONFIG), nothing is taken for removed."""
    from feeds.store.writer import Validator

    listed, followed, account = "http://nos.example/nieuws", "https://feeds.nos.example/rss", "https://lezer:geheim@nu.example/rss"
    removed, removed_feed, unknown = "https://weg.example/nieuws", "https://feeds.weg.example/rss", "https://oud.example/rss"
    oldest, older = CAPTURED - timedelta(days=3650), CAPTURED - timedelta(days=100)
    library = Library(tmp_path / "library.sqlite")
    library.add([(article("Oudste nieuws", published=oldest), oldest), (article("Ouder nieuws", published=older), older)])
    with library.writing() as writer:
        writer.note_validators({listed: Validator('"l"', None), followed: Validator('"f"', None)}, source=listed)
        writer.note_validators({account: Validator('"a"', None)}, source=account)
        writer.note_validators({removed: Validator('"r"', None), removed_feed: Validator('"rf"', None)}, source=removed)
        writer.note_validators({unknown: Validator('"o"', None)})
    everything = {library.validator_key(url) for url in (listed, followed, account, removed, removed_feed, unknown)}
    assert library.prune(Retention(keep_days=1000, prune_unread=True)) == 1  # no source listed
    assert Library(library.path).validators().keys() == everything
    assert library.prune(Config([Source(listed), Source(account)], prune_unread=True).retention(keep_days=7)) == 1
    assert Library(library.path).validators().keys() == {library.validator_key(url) for url in (listed, followed, account, unknown)}


def test_what_a_fetch_learned_goes_at_the_first_prune_after_its_source_left_config_toml(tmp_path, httpserver):
    from feedkit import RSS2
    from werkzeug import Response

    httpserver.expect_request("/feed").respond_with_handler(lambda request: Response(RSS2, content_type="application/rss+xml", headers={"ETag": '"v1"'}))
    url, oldest, older = httpserver.url_for("/feed"), CAPTURED - timedelta(days=3650), CAPTURED - timedelta(days=3000)
    library = Library(tmp_path / "library.sqlite")
    library.add([(article("Oudste nieuws", published=oldest), oldest), (article("Ouder nieuws", published=older), older)])
    run_fetch(library, [Source(url)], settings=Settings(host_delay=0))
    assert list(Library(library.path).validators()) == [url]
    assert library.prune(Config([Source(url)], prune_unread=True).retention(keep_days=3300)) == 1
    assert list(Library(library.path).validators()) == [url]
    assert library.prune(Config([Source("https://nos.example/rss")], prune_unread=True).retention(keep_days=2000)) >= 1
    assert Library(library.path).validators() == {}


def test_what_two_sources_fetched_is_kept_while_either_is_listed_and_goes_once_neither_is(tmp_path, httpserver):
    """Two sources whose pages lead to one feed: what the feed answered was kept for no source once the second fetched
    it, as a row of before format 13, and so for good, after both left config.toml. Each is known now: a prune keeps
    it while either is listed (its next fetch is answered 304), and forgets it once neither is. A row left so knows
    the source it is fetched for next."""
    from feedkit import RSS2
    from werkzeug import Response

    etag = ['"v1"']

    def feed(request):
        if request.headers.get("If-None-Match") == etag[0]:
            return Response(status=304, headers={"ETag": etag[0]})
        return Response(RSS2, content_type="application/rss+xml", headers={"ETag": etag[0]})

    page = '<html><head><link rel="alternate" type="application/rss+xml" href="/rss"></head><body><p>Welkom</p></body></html>'
    for path in ("/a", "/b"):
        httpserver.expect_request(path).respond_with_data(page, content_type="text/html")
    httpserver.expect_request("/rss").respond_with_handler(feed)
    first, second, rss = (httpserver.url_for(path) for path in ("/a", "/b", "/rss"))
    library = Library(tmp_path / "library.sqlite")
    library.add([(article(f"Oud nieuws {days}", published=CAPTURED - timedelta(days=days)), CAPTURED - timedelta(days=days)) for days in (4000, 3000, 2000, 1000)])

    def fetch(source: str) -> list[int]:
        httpserver.clear_log()
        assert not run_fetch(Library(library.path), [Source(source)], settings=Settings(host_delay=0)).failed
        return [response.status_code for request, response in httpserver.log if request.path == "/rss"]

    def prune(listed: str, keep_days: int) -> set[str]:
        assert Library(library.path).prune(Config([Source(listed)], prune_unread=True).retention(keep_days=keep_days)) == 1
        return set(Library(library.path).validators())

    assert fetch(first) == [200]
    etag[0] = '"v2"'
    assert fetch(second) == [200]
    assert prune(first, keep_days=3500) == {first, rss}  # (the second taken out of config.toml by hand)
    assert fetch(first) == [304]
    assert prune("https://nos.example/rss", keep_days=2500) == set()
    with closing(sqlite3.connect(library.files.database)) as database, database:  # a row as format 15 left one fetched for two sources
        database.execute("INSERT INTO validators (url, etag, last_modified, source) VALUES (?, '\"v2\"', NULL, NULL)", (rss,))
    etag[0] = '"v3"'
    assert fetch(first) == [200]
    assert prune("https://nos.example/rss", keep_days=1500) == set()


@pytest.mark.parametrize("second_asks", ["before the first is stored", "after the first is stored"])
def test_what_two_sources_fetched_in_one_run_knows_both(tmp_path, httpserver, monkeypatch, second_asks):
    """Two pages that lead to one feed, fetched in one run (the usual cron `fetch`): the feed's validators knew only the
    source stored first, the other's fetch of it found nothing left to note (its answer taken with the first's, or a
    304 to what the first learned); taken out of config.toml, the first took the row the other still uses. Each
    source that fetched the feed in the run is noted with it."""
    import threading
    from contextlib import contextmanager

    from feedkit import RSS2
    from werkzeug import Response

    from feeds.web.fetch import FetchRun

    feed_asked, first_stored = threading.Semaphore(0), threading.Event()

    def feed(request):
        feed_asked.release()
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304, headers={"ETag": '"v1"'})
        return Response(RSS2, content_type="application/rss+xml", headers={"ETag": '"v1"'})

    def second_page(request):  # asked once the first source's feed is stored, where that is the order
        assert second_asks == "before the first is stored" or first_stored.wait(10)
        return Response(page, content_type="text/html")

    @contextmanager
    def storing():  # the first source stored once the second asked the feed, where that is the order
        if not first_stored.is_set() and second_asks == "before the first is stored":
            assert feed_asked.acquire(timeout=10) and feed_asked.acquire(timeout=10)
            time.sleep(0.5)  # (what the second learned from its answer is remembered as soon as it is read)
        yield
        first_stored.set()

    page = '<html><head><link rel="alternate" type="application/rss+xml" href="/rss"></head><body><p>Welkom</p></body></html>'
    httpserver.expect_request("/a").respond_with_data(page, content_type="text/html")
    httpserver.expect_request("/b").respond_with_handler(second_page)
    httpserver.expect_request("/rss").respond_with_handler(feed)
    first, second, rss = (httpserver.url_for(path) for path in ("/a", "/b", "/rss"))
    library = Library(tmp_path / "library.sqlite")
    in_flight = 2 if second_asks == "before the first is stored" else 1
    # (Stored before the second asks: as a run stores its sources done once it holds more than it may, fetch.Held.)
    monkeypatch.setattr("feeds.web.fetch.HELD_TEXT", 0)
    report = FetchRun(library, [Source(first), Source(second)], settings=Settings(host_delay=0, in_flight=in_flight)).in_this_thread(storing=storing)
    assert not report.failed
    with closing(sqlite3.connect(library.files.database)) as database:
        [(sources,)] = database.execute("SELECT source FROM validators WHERE url = ?", (rss,)).fetchall()
    assert set(sources.split("\n")) == {first, second}


def test_a_library_of_format_12_is_brought_up_to_date_and_keeps_its_validators_through_prunes(tmp_path):
    """Its validators know no source: each stays as it did, also where no listed source fetched it; what is fetched
    from then on knows its source."""
    from feeds.store.writer import Validator

    feed, removed, old = "https://nieuws.example/feed", "https://weg.example/rss", CAPTURED - timedelta(days=3650)
    library = Library(tmp_path / "library.sqlite")
    library.add([(article("Oudste nieuws", published=old), old), (article("Oud nieuws", published=old + timedelta(days=1)), old)])
    with library.writing() as writer:
        writer.note_validators({feed: Validator('"v"', "Tue, 03 Mar 2026 10:00:00 GMT")})
    library.close()
    with closing(sqlite3.connect(library.files.database)) as database:  # as format 12 made it
        database.execute("ALTER TABLE validators DROP COLUMN source")
        database.execute("UPDATE meta SET value = 12 WHERE key = 'version'")
        database.commit()
    reopened = Library(library.path)
    assert reopened.validators() == {feed: Validator('"v"', "Tue, 03 Mar 2026 10:00:00 GMT")}
    assert store_version(library.files.database) == VERSION
    with reopened.writing() as writer:
        writer.note_validators({removed: Validator('"r"', None)}, source=removed)
    assert reopened.prune(Config([Source("https://nos.example/rss")], prune_unread=True).retention(keep_days=7)) == 2
    assert Library(library.path).validators() == {feed: Validator('"v"', "Tue, 03 Mar 2026 10:00:00 GMT")}


def test_the_format_17_upgrade_knows_the_rows_of_no_sources_own_address_lead_to_no_feed(tmp_path):
    """Every row kept before format 17 was taken for a page that may lead to a feed, and asked whole once: the pages of
    articles and the feeds that pages led to too. Only a source's own address is read for a feed it leads to; which
    of those is a feed the library cannot tell (a landing page's articles are its feed's items, as a feed's are), nor
    anything of a row that knows no source (kept before format 13)."""
    from feeds.store.writer import Validator

    feed, landing, followed, index, page, account = (
        "https://nos.example/rss", "https://regio.example/", "https://regio.example/rss", "https://omroep.example/", "https://omroep.example/artikel",
        "https://anna:geheim@abo.example/rss",
    )  # fmt: skip
    old = "https://oud.example/rss"
    library = Library(tmp_path / "library.sqlite")
    library.add([(article("Nieuws"), CAPTURED)])
    with library.writing() as writer:
        writer.note_validators({feed: Validator('"f"', None)}, source=feed)
        writer.note_validators({landing: Validator('"l"', None), followed: Validator('"v"', None)}, source=landing)
        writer.note_validators({index: Validator('"i"', None), page: Validator('"p"', None)}, source=index)
        writer.note_validators({account: Validator('"a"', None)}, source=account)
        writer.note_validators({old: Validator('"o"', None)})  # (as a row kept before format 13: for no source known)
    library.close()
    with closing(sqlite3.connect(library.files.database)) as database, database:  # as format 16 left it
        database.execute("ALTER TABLE validators DROP COLUMN feed")
        database.execute("UPDATE meta SET value = 16 WHERE key = 'version'")
    reopened = Library(library.path)
    feeds = {url: reopened.validators()[reopened.validator_key(url)].feed for url in (feed, landing, followed, index, page, account, old)}
    assert feeds == {feed: None, landing: None, followed: "", index: None, page: "", account: None, old: None}
    assert store_version(library.files.database) == VERSION

def test_the_format_22_upgrade_keeps_the_validators_each_by_no_known_reading(tmp_path):
    """A row kept before format 22 says not which reading of its answer kept it, and is sent no more (a whole fetch
    once): its ETag and date and the source and feed it knows stay; a row kept from then on knows its reading."""
    from feeds.store.writer import Validator
    from feeds.web.http import READING

    feed, page = "https://nos.example/rss", "https://regio.example/"
    library = Library(tmp_path / "library.sqlite")
    library.add([(article("Nieuws"), CAPTURED)])
    with library.writing() as writer:
        writer.note_validators({feed: Validator('"f"', "Tue, 03 Mar 2026 10:00:00 GMT", reading=READING)}, source=feed)
        writer.note_validators({page: Validator('"p"', None, feed="https://regio.example/rss", reading=READING)}, source=page)
    library.close()
    with closing(sqlite3.connect(library.files.database)) as database, database:  # as format 21 left it
        database.execute("ALTER TABLE validators DROP COLUMN reading")
        database.execute("UPDATE meta SET value = 21 WHERE key = 'version'")
    reopened = Library(library.path)
    assert reopened.validators() == {
        feed: Validator('"f"', "Tue, 03 Mar 2026 10:00:00 GMT", reading=None),
        page: Validator('"p"', None, feed="https://regio.example/rss", reading=None),
    }
    assert store_version(library.files.database) == VERSION
    with reopened.writing() as writer:
        writer.note_validators({feed: Validator('"g"', None, reading=READING)}, source=feed)
    assert Library(library.path).validators()[feed] == Validator('"g"', None, reading=READING)
    assert Library(library.path).validators()[page].reading is None


def test_the_format_17_upgrade_of_a_library_whose_validators_are_damaged_leaves_them_to_check(tmp_path):
    """Reading them to learn which lead to no feed must not fail the upgrade, and with it every opening."""
    from feeds.store.writer import Validator

    library = Library(tmp_path / "library.sqlite")
    library.add([(article("Nieuws"), CAPTURED)])
    with library.writing() as writer:
        writer.note_validators({f"https://nos.example/{n}": Validator(f'"{n}"' * 20, None) for n in range(500)}, source="https://nos.example/")
    library.close()
    with closing(sqlite3.connect(library.files.database)) as database, database:  # as format 16 left it
        database.execute("ALTER TABLE validators DROP COLUMN feed")
        database.execute("UPDATE meta SET value = 16 WHERE key = 'version'")
    damage_middle_page(library, "validators")
    assert [entry.article.title for entry in Library(library.path).entries()] == ["Nieuws"]
    assert store_version(library.files.database) == VERSION

def test_the_prune_a_fetch_of_a_url_config_toml_does_not_list_ends_with_keeps_what_that_url_answered(tmp_path, httpserver):
    """`fetch URL` of an address config.toml does not list: what it answered is kept by the prune at the fetch's end,
    and its next fetch asks only for what changed."""
    from feedkit import RSS2
    from werkzeug import Response

    httpserver.expect_request("/feed").respond_with_handler(lambda request: Response(RSS2, content_type="application/rss+xml", headers={"ETag": '"v1"'}))
    url, old = httpserver.url_for("/feed"), CAPTURED - timedelta(days=3650)
    library = Library(tmp_path / "library.sqlite")
    library.add([(article("Oud nieuws uit Goes", published=old), old)])
    retention = Retention(keep_days=1000, prune_unread=True, sources=("https://nos.example/rss",))
    report = run_fetch(library, [Source(url)], settings=Settings(host_delay=0), retention=retention)
    assert len(report.pruned) == 1 and report.results[0].new == 2
    assert list(Library(library.path).validators()) == [url]


@pytest.mark.parametrize("one_transaction", [False, True])
def test_a_url_two_sources_fetched_stays_when_one_of_them_leaves_config_toml(tmp_path, one_transaction):
    """A validator kept only the last source that fetched its URL: of two sources that share a feed (or lead to one
    article page), the one taken out by hand took the row the other still uses at the next prune."""
    from feeds.store.writer import Validator

    shared, left, stays, old = "https://feeds.example/rss", "https://een.example/nieuws", "https://twee.example/nieuws", CAPTURED - timedelta(days=3650)
    library = Library(tmp_path / "library.sqlite")
    library.add([(article("Oud nieuws", published=old), old)])
    if one_transaction:
        with library.writing() as writer:
            writer.note_validators({shared: Validator('"s"', None)}, source=stays)
            writer.note_validators({shared: Validator('"s"', None)}, source=left)
    else:
        for source in (stays, left):
            with library.writing() as writer:
                writer.note_validators({shared: Validator('"s"', None)}, source=source)
    assert library.prune(Config([Source(stays)], prune_unread=True).retention(keep_days=7)) == 1
    assert Library(library.path).validators().keys() == {library.validator_key(shared)}


def test_a_fetch_of_a_url_config_toml_does_not_list_forgets_nothing_of_other_such_urls_where_none_is_listed(tmp_path, httpserver):
    """The run's own URLs were counted as listed: with no source in config.toml, each `fetch URL` with keep-days set
    forgot what every other URL fetched so answered."""
    from feedkit import RSS2
    from werkzeug import Response

    for path in ("/een", "/twee"):
        httpserver.expect_request(path).respond_with_handler(lambda request: Response(RSS2, content_type="application/rss+xml", headers={"ETag": '"v1"'}))
    first, second, old = httpserver.url_for("/een"), httpserver.url_for("/twee"), CAPTURED - timedelta(days=3650)
    library = Library(tmp_path / "library.sqlite")
    library.add([(article("Oud nieuws uit Goes", published=old), old)])
    run_fetch(library, [Source(first)], settings=Settings(host_delay=0))
    report = run_fetch(library, [Source(second)], settings=Settings(host_delay=0), retention=Retention(keep_days=1000, prune_unread=True))
    assert len(report.pruned) == 1
    assert Library(library.path).validators().keys() == {first, second}


def test_pruning_an_article_that_links_to_a_listed_source_keeps_what_that_source_answered(tmp_path):
    """A feed whose items link to its section page (or the site's home): once such an item was pruned, each later prune,
    as each fetch ends, forgot what that source had answered, as the page of a pruned article, and the next fetch
    of it was whole every time."""
    from feeds.store.writer import Validator

    section, feed, old = "https://nos.example/nieuws/binnenland", "https://nos.example/rss", CAPTURED - timedelta(days=3650)
    linked, story = article("Binnenland", url=section, published=old), article("Dijk versterkt", published=old)
    library = Library(tmp_path / "library.sqlite")
    library.add([(linked, old), (story, old)])
    with library.writing() as writer:
        writer.note_validators({section: Validator('"s"', None), feed: Validator('"f"', None), story.url: Validator('"d"', None)})
    config = Config([Source(section), Source(feed)], prune_unread=True)
    assert library.prune(config.retention(keep_days=7)) == 2
    assert set(Library(library.path).validators()) == {section, feed}  # the page of the story goes with it


def test_a_prune_forgets_what_the_pages_it_prunes_answered_not_those_pruned_before(tmp_path):
    """Each prune forgot the validators of the page of every article ever pruned: an address fetched since (a source
    given to fetch, listed nowhere) lost what it answered at every prune, and was fetched whole each time."""
    from feeds.store.writer import Validator

    ancient, old = CAPTURED - timedelta(days=3650), CAPTURED - timedelta(days=400)
    first, later = article("Oud nieuws", url="https://nos.example/nieuws", published=ancient), article("Minder oud nieuws", published=old)
    library = Library(tmp_path / "library.sqlite")
    library.add([(first, ancient), (later, old)])
    assert library.prune(Retention(keep_days=(datetime.now(AMSTERDAM) - ancient).days - 30, prune_unread=True)) == 1
    with library.writing() as writer:  # `fetch https://nos.example/nieuws`, since
        writer.note_validators({first.url: Validator('"n"', None)})
    assert Library(library.path).prune(Retention(keep_days=(datetime.now(AMSTERDAM) - old).days - 30, prune_unread=True)) == 1
    assert set(Library(library.path).validators()) == {first.url}


def test_fetch_prunes_each_source_by_its_own_keep_days(tmp_path, httpserver):
    path = tmp_path / "library.sqlite"
    now = datetime.now(AMSTERDAM)
    httpserver.expect_request("/kort").respond_with_data(atom([("Kort oud", "https://k.example/1", now - timedelta(days=5))]), content_type="application/atom+xml")
    httpserver.expect_request("/lang").respond_with_data(atom([("Lang oud", "https://l.example/1", now - timedelta(days=5))]), content_type="application/atom+xml")
    short, long = httpserver.url_for("/kort"), httpserver.url_for("/lang")
    config = Config([Source(short, keep_days=2), Source(long)], keep_days=30, prune_unread=True)
    report = run_fetch(Library(path), config.sources, settings=FAST, retention=config.retention())
    assert [e.article.title for e in Library(path).entries()] == ["Lang oud"]
    assert {r.source.url: r.new for r in report.results} == {short: 0, long: 1} and report.pruned == []


def test_a_fetch_leaves_out_an_item_older_than_keep_days_and_counts_it_neither_new_nor_pruned(tmp_path, httpserver):
    """An item older than keep-days was stored and pruned by the same fetch: `1 new …; 1 old article pruned`, and the
    list as it was. A stored article that old is pruned as before, a starred one kept and brought up to date."""
    path, now = tmp_path / "library.sqlite", datetime.now(AMSTERDAM)
    stored, starred = article("Al gelezen", published=now - timedelta(days=40)), article("Bewaard", published=now - timedelta(days=40))
    library = Library(path)
    library.add([(stored, now), (starred, now)])
    library.set_state([stored.id], read=True)
    library.set_state([starred.id], starred=True)
    items = [("Te oud", "https://o.example/1", now - timedelta(days=40)), ("Vers", "https://o.example/2", now - timedelta(days=1)),
             ("Bewaard, herzien", starred.url, now - timedelta(days=40))]  # fmt: skip
    httpserver.expect_request("/feed").respond_with_data(atom(items), content_type="application/atom+xml")
    config = Config([Source(httpserver.url_for("/feed"))], keep_days=30, prune_unread=True)
    report = run_fetch(Library(path), config.sources, settings=FAST, retention=config.retention())
    assert (report.results[0].new, report.results[0].updated, report.pruned) == (1, 1, [stored.id])
    assert sorted(e.article.title for e in Library(path).entries()) == ["Bewaard, herzien", "Vers"]


# -- fetch settings ----------------------------------------------------------------------------------


def test_the_size_cap_is_a_setting_of_the_command_and_the_config(tmp_path, httpserver, cli):
    items = [(f"Groot {n}", f"https://g.example/{n}", CAPTURED) for n in range(4000)]
    body = atom(items)
    assert len(body) > 1024 * 1024
    httpserver.expect_request("/groot").respond_with_data(body, content_type="application/atom+xml")
    env = {"NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")}
    refused = cli("fetch", "--max-size", "1", httpserver.url_for("/groot"), env=env)
    assert refused.returncode == 1 and "--max-size" in refused.stdout  # the failed source's line says how to raise the cap
    taken = cli("fetch", "--max-size", "2.5", httpserver.url_for("/groot"), env=env)
    assert taken.returncode == 0, taken.stderr
    config = tmp_path / "config.toml"
    config.write_text("max-size = 0.5\n")
    assert "more than 0.5 MB" in cli("fetch", httpserver.url_for("/groot"), env={**env, "NIEUWS_TUI_CONFIG": str(config)}).stdout


def test_settings_come_from_the_config_unless_the_command_line_says_otherwise():
    config = Config([], max_size=25, host_delay=1.5)
    assert (settings_for(config).max_bytes, settings_for(config).host_delay) == (25 * 2**20, 1.5)
    chosen = settings_for(config, max_size=3, host_delay=0)
    assert (chosen.max_bytes, chosen.host_delay) == (3 * 2**20, 0)
    assert settings_for(Config([])) == Settings()


def test_the_pause_between_requests_spares_this_machine_and_keeps_to_remote_hosts(httpserver, monkeypatch):
    from feeds.web.network import Network
    from feeds.web.visits import Visit, visiting

    httpserver.expect_request("/x").respond_with_data("ok")
    port = httpserver.port
    # nieuws.example stands for a remote site: its name leads to the test server all the same.
    network = Network(resolve=lambda host, number: ["127.0.0.1"])
    settings = Settings(host_delay=0.25, attempts=1)
    # What each pause was to be: the time three requests take is no measure of "none" on a loaded machine.
    pauses: list[float] = []
    pause = Deadline.sleep
    monkeypatch.setattr(Deadline, "sleep", lambda deadline, seconds: pauses.append(seconds) or pause(deadline, seconds))
    asked = {}
    for host, least, most in (("127.0.0.1", 0, 5), ("nieuws.example", 0.5, 5)):
        pauses.clear()
        http = Http(settings, network)
        started = time.monotonic()
        with visiting(Visit(Deadline.after(10, "per source"), local=True)):
            for _ in range(3):
                http.get(f"http://{host}:{port}/x", check_robots=False)
        assert least <= time.monotonic() - started <= most, host
        asked[host] = list(pauses)
    assert max(asked["127.0.0.1"]) <= 0, asked  # this machine: none at all


def test_two_accounts_on_one_host_share_its_pause_and_its_robots_txt(httpserver):
    from feeds.web.network import Network
    from feeds.web.visits import Visit, visiting

    httpserver.expect_request("/x").respond_with_data("ok")
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow:\n")
    network = Network(resolve=lambda host, number: ["127.0.0.1"])  # a remote site, as above
    with visiting(Visit(Deadline.after(10, "per source"), local=True)):
        paced = Http(Settings(host_delay=0.25, attempts=1), network)
        started = time.monotonic()
        for user in ("anna", "bert", "anna", "bert"):
            paced.get(f"http://{user}:geheim@nieuws.example:{httpserver.port}/x", check_robots=False)
        assert time.monotonic() - started >= 0.7  # three pauses: the host's, not each account's
        asking = Http(Settings(host_delay=0, attempts=1), network)
        for user in ("anna", "bert"):
            asking.get(f"http://{user}:geheim@nieuws.example:{httpserver.port}/x")
    assert [request.path for request, _ in httpserver.log].count("/robots.txt") == 1


@pytest.mark.parametrize(("stop", "kept"), [(KeyboardInterrupt, True), (RuntimeError, False)], ids=["interrupt", "error"])
def test_an_interrupted_fetch_run_keeps_the_sources_done_and_a_failed_one_stores_nothing(tmp_path, httpserver, stop, kept):
    """An interrupt (Ctrl-C; the command line's SIGTERM) threw away the sources done with the rest of the run."""
    path = tmp_path / "library.sqlite"
    first = _dated_feed(httpserver, [1, 2])
    httpserver.expect_request("/other").respond_with_data(atom([("Ander verhaal", "https://nieuws.example/ander", datetime.now(AMSTERDAM))]), content_type="application/atom+xml")
    stored = []

    def stop_at_the_first(event) -> None:
        if getattr(event, "new", 0):
            stored.append(event)  # stored in the run's transaction by now; the stop comes after
            raise stop

    with pytest.raises(stop):
        run_fetch(Library(path), [Source(first), Source(httpserver.url_for("/other"))], on_event=stop_at_the_first, settings=FAST)
    [done] = stored
    expected = {"Verhaal van 1 dagen", "Verhaal van 2 dagen"} if done.source.url == first else {"Ander verhaal"}
    assert {e.article.title for e in Library(path).entries()} == (expected if kept else set())


# -- search ------------------------------------------------------------------------------------------


def test_search_finds_words_from_their_start_in_titles_and_text_accents_ignored(seeded_library):
    assert {e.article.title for e in seeded_library.entries() if e.id in seeded_library.search("satelliettech")} == {"Koreaanse leider Kim al in Rusland voor ontmoeting met Poetin"}
    assert seeded_library.search("kim poetin") <= seeded_library.search("kim")
    assert seeded_library.search("Oekraine") == seeded_library.search("Oekraïne") != set()
    assert seeded_library.search('"; DROP TABLE articles; --') == set()


def test_a_search_with_a_soft_hyphen_finds_what_the_word_without_it_finds(seeded_library):
    """A search pasted from a browser (which copies `&shy;` as U+00AD) was split at it: `satelliet\\xadtech` looked for
    `satelliet` and `tech`, and found nothing. It is dropped from the search as from stored text."""
    assert seeded_library.search("satelliet\xadtech") == seeded_library.search("satelliettech") != set()
    assert seeded_library.same_search("satelliet\xadtech", "satelliettech")


def test_searches_that_stand_for_the_same_words_of_the_index_are_the_same_search(seeded_library):
    assert seeded_library.same_search("madu", "mad")  # maduro is the only word of the index that starts with either
    assert seeded_library.same_search("kim madu", "Kim mad") and seeded_library.same_search("kim", "kim ")
    assert not seeded_library.same_search("kims", "kim")  # kim starts with kim, not with kims
    assert not seeded_library.same_search("poetin madu", "kim mad")  # another word
    assert not seeded_library.same_search("oekraï", "oekra")  # not plain: the index's tokenizer changes such words
    for word in ("maduro", "kims", "satelliettechnologie", "trump", "rusland"):
        for length in range(3, len(word)):
            shorter, longer = word[:length], word[: length + 1]
            if seeded_library.same_search(longer, shorter):
                assert seeded_library.search(longer) == seeded_library.search(shorter), longer


def test_a_big_ingest_is_indexed_when_someone_first_searches(tmp_path):
    library = Library(tmp_path / "library.sqlite")
    library.add([(article(f"Waterschap bericht {n}", lead=f"Het waterschap meldt nummer {n} aan de kust van Zeeland."), CAPTURED) for n in range(2500)])
    with sqlite3.connect(library.files.database) as database:
        indexed = database.execute("SELECT value FROM meta WHERE key = 'indexed'").fetchone()[0]
    assert indexed == 0  # too many to index with the commit
    assert len(library.search("waterschap")) == 2500



def test_a_checkpoint_while_a_library_opens_is_no_damage(tmp_path, monkeypatch):
    path = tmp_path / "library.sqlite"
    library = Library(path)
    library.add([(article(f"Bericht {n}"), CAPTURED) for n in range(200)])  # in the WAL: the file lags behind
    wal = path.with_name(path.name + "-wal")
    with closing(sqlite3.connect(path)) as reader:  # which sees the pages in the WAL too
        pages, page_size = (reader.execute(f"PRAGMA {p}").fetchone()[0] for p in ("page_count", "page_size"))
    assert wal.stat().st_size > 0 and path.stat().st_size < pages * page_size
    checkpointed, stat = [], Path.stat

    def checkpoint_first(self, *args, **kwargs):
        """Another process's checkpoint, between the moment the opening library measures the file and the WAL."""
        if self == wal and not checkpointed:
            checkpointed.append(sqlite3.connect(path, timeout=0).execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone())
        return stat(self, *args, **kwargs)

    monkeypatch.setattr(Path, "stat", checkpoint_first)
    Library(path).close()  # said "cut short" when the WAL was emptied into the file between the two
    assert checkpointed


# SQL that SQLite has only since 3.32 (a distribution's Python links the system's: Ubuntu 20.04 has 3.31):
# RETURNING and DROP COLUMN (3.35), iif() (3.32), MATERIALIZED (3.35), STRICT tables (3.37), ->> and unixepoch() (3.38).
_NEWER_SQL = re.compile(r"\bRETURNING\b|\bDROP COLUMN\b|\biif\(|\bMATERIALIZED\b|\)\s*STRICT\b|->>|\bunixepoch\(", re.IGNORECASE)


def test_the_library_asks_sqlite_for_nothing_a_python_of_an_older_distribution_lacks():
    """Every fetch that kept validators used RETURNING: with a Python linked to an older system SQLite, each failed."""
    import ast

    found = [
        f"{path.relative_to(ROOT)}:{node.lineno}: {node.value[:80]!r}"
        for path in sorted((ROOT / "feeds").rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and _NEWER_SQL.search(node.value)
    ]
    assert found == []
