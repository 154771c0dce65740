"""The library keeps every article once, keeps the reader's state, and never loses a write."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from conftest import CAPTURED, ROOT, holding_the_library
from feedkit import add_an_old_article, article
from storekit import shard_of

from feeds.config import Config, Retention, Source
from feeds.errors import StorageError
from feeds.imports import import_paths
from feeds.language import megabytes
from feeds.library import Library, UnknownSection
from feeds.model import AMSTERDAM, Block
from feeds.store.database import Database
from feeds.urls import article_id
from feeds.web.workers import share_records

TEASER_TITLE = "Trump erkent krapte in Amerikaanse munitievoorraden"
# The full page of a story that the first seed shows as a teaser.
FULL_PAGE = f"""Webmail

{TEASER_TITLE}

{TEASER_TITLE}

WASHINGTON (ANP) - De voorraden van de hoogwaardigste Amerikaanse munitie zijn niet op peil, erkent de Amerikaanse president Donald Trump.

De legerleiding heeft gewaarschuwd dat de strijd met Iran bemoeilijkt kan worden.

Tekorten

Het gaat onder meer om luchtverdedigingsraketten en precisiemunitie.
"""


def _by_title(library: Library, title: str):
    matches = [e for e in library.entries() if e.article.title == title]
    assert len(matches) == 1, f"{len(matches)} articles titled {title!r}"
    return matches[0]


def _import_text(library: Library, tmp_path: Path, text: str, name: str, captured=CAPTURED):
    page = tmp_path / name
    page.write_text(text, encoding="utf-8")
    return import_paths(library, [page], captured)


def test_importing_the_same_pages_again_changes_nothing(seeded_library, seed_paths):
    before = [(e.article, e.first_seen) for e in seeded_library.entries()]
    report = import_paths(Library(seeded_library.path), seed_paths, CAPTURED)
    assert (report.new, report.updated, report.unchanged) == (0, 0, len(before))
    assert [(e.article, e.first_seen) for e in Library(seeded_library.path).entries()] == before


def test_the_seed_pages_give_sixteen_articles_each_stored_once(seeded_library):
    entries = seeded_library.entries()
    assert len(entries) == 16
    assert len({e.id for e in entries}) == 16
    assert sum(e.article.kind == "full" for e in entries) == 2


def test_full_page_replaces_its_teaser_and_keeps_read_and_starred(seeded_library, tmp_path):
    teaser = _by_title(seeded_library, TEASER_TITLE)
    assert teaser.article.kind == "teaser"
    seeded_library.set_state([teaser.id], read=True, starred=True)

    report = _import_text(Library(seeded_library.path), tmp_path, FULL_PAGE, "full.txt", CAPTURED + timedelta(hours=2))

    assert (report.new, report.updated) == (0, 1)
    library = Library(seeded_library.path)
    entry = _by_title(library, TEASER_TITLE)
    assert entry.id == teaser.id
    assert (entry.read, entry.starred) == (True, True)
    article = library.article(entry.id)
    assert article.kind == "full"
    assert [b.text for b in article.body] == [
        "De legerleiding heeft gewaarschuwd dat de strijd met Iran bemoeilijkt kan worden.",
        "Tekorten",
        "Het gaat onder meer om luchtverdedigingsraketten en precisiemunitie.",
    ]
    # The full page shows no age; the teaser's date and section are kept.
    assert article.published == teaser.article.published
    assert article.age == "25 minuten geleden"
    assert article.section == "Buitenland"
    assert len(library.entries()) == 16


def test_a_teaser_seen_after_its_full_page_does_not_replace_the_text(library_path, tmp_path, seed_paths):
    library = Library(library_path)
    _import_text(library, tmp_path, FULL_PAGE, "full.txt")
    import_paths(library, seed_paths, CAPTURED)
    article = Library(library_path).article(_by_title(library, TEASER_TITLE).id)
    assert article.kind == "full"
    assert len(article.body) == 3
    assert article.published is not None  # learned from the teaser


def test_the_earliest_resolved_date_wins_because_ages_are_rounded_down(library_path, tmp_path, seed_paths):
    library = Library(library_path)
    import_paths(library, seed_paths, CAPTURED)
    # The same pages seen two hours later say the same ages: those dates are later, so they lose.
    import_paths(library, seed_paths, CAPTURED + timedelta(hours=2))
    entry = _by_title(Library(library_path), TEASER_TITLE)
    assert entry.article.published == CAPTURED - timedelta(minutes=25)


def test_state_survives_reopening(seeded_library):
    first, second = seeded_library.entries()[:2]
    seeded_library.set_state([first.id], read=True)
    seeded_library.set_state([second.id], starred=True)
    reopened = {e.id: e for e in Library(seeded_library.path).entries()}
    assert (reopened[first.id].read, reopened[first.id].starred) == (True, False)
    assert (reopened[second.id].read, reopened[second.id].starred) == (False, True)
    seeded_library.set_state([first.id], read=False)
    assert not Library(seeded_library.path).entry(first.id).read


def test_ids_can_be_shortened_to_a_unique_prefix(seeded_library):
    entry = seeded_library.entries()[0]
    assert [e.id for e in seeded_library.find(entry.id[:6])] == [entry.id]
    assert seeded_library.find("zzz") == []


def test_sections_count_total_and_unread(seeded_library):
    entry = seeded_library.entries()[0]
    seeded_library.set_state([entry.id], read=True)
    [section] = seeded_library.sections()
    assert (section.name, section.total, section.unread) == ("Buitenland", 16, 15)


def test_refresh_picks_up_what_another_library_object_wrote(seeded_library, tmp_path):
    entries = seeded_library.entries()
    other = Library(seeded_library.path)
    other.set_state([entries[3].id], starred=True)
    _import_text(other, tmp_path, FULL_PAGE.replace(TEASER_TITLE, "Nieuw verhaal over munitie"), "new.txt")
    assert seeded_library.pick_up_changes() is True
    assert seeded_library.entry(entries[3].id).starred
    assert len(seeded_library.entries()) == 17
    assert seeded_library.pick_up_changes() is False


def test_an_article_dated_in_the_future_is_listed_by_when_it_was_first_seen_and_pruned_by_age(library_path):
    # A feed that dates an item 2099 would otherwise pin it to the top of every list, and keep it from every prune.
    pinned = article("Altijd bovenaan", published=CAPTURED.replace(year=2099))
    older = article("Een uur eerder gezien", published=CAPTURED - timedelta(hours=1))
    library = Library(library_path)
    library.add([(pinned, CAPTURED - timedelta(days=30)), (older, CAPTURED - timedelta(hours=1))])
    assert [e.article.title for e in Library(library.path).entries()] == ["Een uur eerder gezien", "Altijd bovenaan"]
    assert Library(library.path).entry(pinned.id).article.published == pinned.published  # the date is kept as the feed gave it
    assert Library(library.path).expired(Retention(keep_days=7, prune_unread=True), now=CAPTURED) == [pinned.id]


def test_refresh_and_the_version_pick_up_what_another_library_object_pruned(seeded_library):
    old, retention = add_an_old_article(seeded_library)
    assert old in {e.id for e in seeded_library.entries()}
    version = seeded_library.version()
    assert Library(seeded_library.path).prune(retention) == 1  # unmarked: the read and starred marks stay as they were
    assert seeded_library.version() != version
    assert seeded_library.pick_up_changes() is True
    assert seeded_library.entry(old) is None and len(seeded_library.entries()) == 16



def _on_disk(path: Path) -> int:
    """The bytes of a library's file and its write-ahead log."""
    return sum(file.stat().st_size for file in (path, path.with_name(path.name + "-wal")) if file.exists())


def test_a_big_prune_does_not_wait_for_a_writer_to_give_its_space_back(library_path):
    """The VACUUM after the prune's commit waited for another writer (a fetch run: one transaction, minutes) as long
    as a write does: the prune done, the command did not end."""
    library = Library(library_path)
    library.add([(article(f"Bericht {n}", url=f"https://nieuws.example/{n}", published=CAPTURED - timedelta(days=n)), CAPTURED) for n in range(200)])
    library.close()
    writing = threading.Event()

    def fetch_run() -> None:
        with closing(sqlite3.connect(Library(library_path).file, isolation_level=None)) as other:
            other.execute("BEGIN IMMEDIATE")
            writing.set()
            time.sleep(8)
            other.execute("ROLLBACK")

    give_back_space = Database.give_back_space

    def after_a_fetch_run_began(self: Database, connection: sqlite3.Connection) -> str | None:  # after the prune's commit
        threading.Thread(target=fetch_run, daemon=True).start()
        assert writing.wait(5)
        return give_back_space(self, connection)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Database, "give_back_space", after_a_fetch_run_began)
        started = time.monotonic()
        assert Library(library_path).prune(Retention(keep_days=(datetime.now(AMSTERDAM) - CAPTURED).days + 100, prune_unread=True)) == 100
        assert time.monotonic() - started < 6
    assert len(Library(library_path).entries()) == 100


def test_a_write_that_waits_for_another_process_writing_the_library_says_so(library_path):
    """A fetch run holds the library until it ends: `sources add --section`, or the app's refresh, waited for it up to
    minutes without a word. A write that does not wait says nothing."""
    library = Library(library_path)
    library.add([(article("Eerst"), CAPTURED)])
    said: list[str] = []
    library.waiting_said = said.append
    library.add([(article("Zonder wachten"), CAPTURED)])
    assert said == []
    holding_the_library(Library(library_path).file, 2)
    library.add([(article("Na het wachten"), CAPTURED)])
    assert said == [f"{library.file}: another process is writing to the library (a fetch, or the app's refresh); waiting until it is done"]
    assert len(Library(library_path).entries()) == 3


def test_a_write_that_waits_for_another_writer_hears_ctrl_c_at_once(library_path):
    """SQLite's wait for another writer (up to 300 s) held Python's signals back: Ctrl-C, or a SIGTERM, did nothing
    until the other process was done, right after the message that said the command was waiting."""
    import signal

    def interrupted(number: int, frame: object) -> None:
        raise KeyboardInterrupt

    Library(library_path).add([(article("Eerst"), CAPTURED)])
    holding_the_library(Library(library_path).file, 5)
    before = signal.signal(signal.SIGALRM, interrupted)
    signal.setitimer(signal.ITIMER_REAL, 1.5)
    started = time.monotonic()
    try:
        with pytest.raises(KeyboardInterrupt):
            Library(library_path).add([(article("Te laat"), CAPTURED)])
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, before)
    assert time.monotonic() - started < 3


def _space_to_give_back(library_path: Path) -> list[tuple[str]]:
    with closing(sqlite3.connect(Library(library_path).file)) as database:
        return database.execute("SELECT key FROM meta WHERE key = 'space to give back'").fetchall()


def test_a_prune_whose_space_another_writer_kept_says_so_and_the_next_prune_gives_it_back(library_path):
    """The VACUUM after a big prune, refused (another writer held the library past its wait, a full disk, a kill in
    the middle), was not tried again until another prune removed a tenth of what was left, and said nothing."""
    library = Library(library_path)
    body = (Block("paragraph", "Een alinea die ruimte inneemt. " * 100),)
    library.add([(article(f"Bericht {n}", url=f"https://nieuws.example/{n}", published=CAPTURED - timedelta(days=n), body=body), CAPTURED) for n in range(200)])
    library.close()
    give_back_space = Database.give_back_space

    def while_a_fetch_run_writes(self: Database, connection: sqlite3.Connection) -> str | None:  # after the prune's commit
        holding_the_library(Library(library_path).file, 4)
        return give_back_space(self, connection)

    kept: list[str] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Database, "give_back_space", while_a_fetch_run_writes)
        assert Library(library_path).prune(Retention(keep_days=(datetime.now(AMSTERDAM) - CAPTURED).days + 100, prune_unread=True), space_kept=kept.append) == 100
    assert kept == [f"{Library(library_path).file}: the space of the pruned articles stays in the file for now (another process was "
                    "writing to it); the next `nieuws-tui prune` or `fetch` gives it back"]  # fmt: skip
    assert _space_to_give_back(library_path) == [("space to give back",)]
    free = _free_pages(library_path)
    assert free > 0
    waiting = [note for note in Library(library_path).check().notes if "wait in the file" in note]
    assert waiting == [f"{Library(library_path).file}: {megabytes(free * _page_size(library_path))} MB of pruned articles wait in the file to be given back to the disk "
                       "(a prune could not then); the next `nieuws-tui prune` or `fetch` gives it back"]  # fmt: skip
    time.sleep(4)  # the other writer done
    told: list[str] = []
    assert Library(library_path).prune(Retention(keep_days=36500), space_kept=told.append) == 0
    assert told == [] and _space_to_give_back(library_path) == [] and _free_pages(library_path) == 0
    assert len(Library(library_path).entries()) == 100
    assert not any("wait in the file" in note for note in Library(library_path).check().notes)


def _vacuums(library: Library) -> list[str]:
    """The VACUUMs the library's connection runs from now on."""
    run: list[str] = []
    library.database.connection().set_trace_callback(lambda statement: run.append(statement) if statement.startswith("VACUUM") else None)
    return run


def _a_library_of_200_of_which_a_prune_removes_100(library_path: Path) -> Retention:
    body = (Block("paragraph", "Een alinea die ruimte inneemt. " * 100),)
    library = Library(library_path)
    library.add([(article(f"Bericht {n}", url=f"https://nieuws.example/{n}", published=CAPTURED - timedelta(days=n), body=body), CAPTURED) for n in range(200)])
    library.close()
    return Retention(keep_days=(datetime.now(AMSTERDAM) - CAPTURED).days + 100, prune_unread=True)


def test_space_given_back_already_is_not_made_anew_for_again_and_its_note_goes(library_path):
    """A VACUUM whose note another writer kept from going (or `check --repair`'s VACUUM) left the note: the next prune
    said the space stayed in the file while it was given back, and made the whole file anew again, and so did each
    fetch after it."""
    Library(library_path).add([(article("Bericht"), CAPTURED)])
    with closing(sqlite3.connect(Library(library_path).file)) as database, database:
        database.execute("INSERT INTO meta (key, value) VALUES ('space to give back', 1)")
    library = Library(library_path)
    vacuums = _vacuums(library)
    assert library.give_back_space() is None
    assert vacuums == [] and _space_to_give_back(library_path) == []


def test_a_disk_without_room_to_give_the_space_back_is_not_filled_by_trying(library_path, monkeypatch):
    """On a nearly full disk the VACUUM of each fetch filled it with its log, and the app's marks could not be written."""
    import shutil

    retention = _a_library_of_200_of_which_a_prune_removes_100(library_path)
    monkeypatch.setattr(shutil, "disk_usage", lambda path: shutil._ntuple_diskusage(10**9, 10**9 - 2**20, 2**20))  # type: ignore[attr-defined]
    library = Library(library_path)
    vacuums = _vacuums(library)
    kept: list[str] = []
    assert library.prune(retention, space_kept=kept.append) == 100
    assert vacuums == [] and _free_pages(library_path) > 0 and _space_to_give_back(library_path) == [("space to give back",)]
    assert len(kept) == 1 and "the disk has not the " in kept[0] and "MB free it takes to give it back" in kept[0], kept
    monkeypatch.undo()
    assert Library(library_path).give_back_space() is None
    assert _free_pages(library_path) == 0 and _space_to_give_back(library_path) == []


def _page_size(library_path: Path) -> int:
    with closing(sqlite3.connect(Library(library_path).file)) as database:
        return int(database.execute("PRAGMA page_size").fetchone()[0])


def _free_pages(library_path: Path) -> int:
    with closing(sqlite3.connect(Library(library_path).file)) as database:
        return int(database.execute("PRAGMA freelist_count").fetchone()[0])


def test_a_library_pruned_of_most_of_its_articles_gives_the_disk_back_their_space(library_path):
    """92,692 of 123,000 articles pruned left 532 MB of file and 375 MB of log for 30,325 articles (114 MB made anew):
    the search index kept what it was told was gone, the file its free pages, and the log its size, as long as the app
    had the library open. The app reads on while a prune runs, a reading of its own going on all through it."""
    words = "Een alinea met woorden die de zoekindex vullen: {n} gemeente{n} haven{n}x provincie{n} raad{n} dijk{n}. " * 6
    library = Library(library_path)
    library.add([(article(f"Bericht {n}", url=f"https://nieuws.example/{n}", lead=f"Aanhef {n}.", published=CAPTURED - timedelta(days=n),
                          body=(Block("paragraph", words.format(n=n)),) * 3), CAPTURED) for n in range(2000)])  # fmt: skip
    library.index_search()
    library.close()
    database = library.file
    before = _on_disk(database)

    def older_than(days: int) -> Retention:
        return Retention(keep_days=(datetime.now(AMSTERDAM) - CAPTURED).days + days, prune_unread=True)

    app = Library(library_path)
    assert len(app.entries()) == 2000
    with closing(sqlite3.connect(database, isolation_level=None)) as reading:
        reading.execute("BEGIN")
        assert reading.execute("SELECT count(*) FROM articles").fetchone() == (2000,)
        first = Library(library_path).prune(older_than(1000))  # (a day more or less, as the clock stands)
        assert reading.execute("SELECT count(*) FROM articles").fetchone() == (2000,)  # its snapshot, as it began
        reading.execute("COMMIT")
    assert app.pick_up_changes() is True and len(app.entries()) == 2000 - first and first >= 999
    second = Library(library_path).prune(older_than(100))  # the app still open, between two readings
    assert _on_disk(database) < before / 5, (before, _on_disk(database))
    assert app.pick_up_changes() is True and len(app.entries()) == 2000 - first - second <= 101
    assert app.search("haven7x") == {article("Bericht 7", url="https://nieuws.example/7").id} and app.search("haven700x") == set()
    assert Library(library_path).check().problems == []


def test_keep_days_0_keeps_every_article_as_newsboats_keep_articles_days_0_does(library_path):
    # A read article pruned is kept away for good, though its feed still lists it: 0 must not mean "prune all read".
    old = CAPTURED - timedelta(days=3650)
    kept = article("Van een bron die alles houdt", published=old, source="https://example.org/alles.xml")
    other = article("Van een bron zonder eigen keep-days", published=old, source="https://example.org/ander.xml")
    library = Library(library_path)
    library.add([(kept, old), (other, old)])
    sources = [Source("https://example.org/alles.xml", keep_days=0), Source("https://example.org/ander.xml")]
    assert not Config(sources[1:], keep_days=0, prune_unread=True).retention().active
    assert library.expired(Config(sources, keep_days=30, prune_unread=True).retention(), now=CAPTURED) == [other.id]


def test_articles_of_one_date_or_of_none_are_listed_in_the_order_their_feed_gave_them(library_path):
    # newsboat keeps a feed's order; by id these came as 6, 1, 5, 3, 7, 8, 4, 2.
    undated = "".join(f"<item><title>Stap {n} van 8</title><link>http://example.org/stap{n}</link></item>" for n in range(1, 9))
    dated = "".join(
        f"<item><title>Regel {n}</title><link>http://example.org/regel{n}</link><pubDate>Mon, 02 Mar 2026 10:00:00 +0100</pubDate></item>"
        for n in range(1, 9)
    )
    feed = f"<rss version='2.0'><channel><title>t</title>{undated}{dated}</channel></rss>".encode()
    records = [r for share in range(3) for r in share_records(feed, share, 3, None, "http://example.org/feed", "http://example.org/feed", CAPTURED).records]
    library = Library(library_path)
    library.entries()
    with library.writing() as writer:
        writer.add_records(records[::-1])  # as stored in another order than the feed's: the shares of workers come as they finish
    in_feed_order = [f"Stap {n} van 8" for n in range(1, 9)] + [f"Regel {n}" for n in range(1, 9)]
    assert [e.article.title for e in library.entries()] == in_feed_order  # as the app holds them once written
    assert [e.article.title for e in Library(library.path).entries()] == in_feed_order  # as the store lists them
    assert [h.title for h in Library(library.path).headlines()] == in_feed_order


def test_articles_without_a_section_are_chosen_by_the_name_lists_show_in_either_language(library_path):
    library = Library(library_path)
    library.add([(article("Zonder rubriek", section=None), CAPTURED), (article("Met rubriek", section="Sport"), CAPTURED)])
    assert library.section_names(["Other", "overig", "sport"]) == (None, None, "Sport")
    with pytest.raises(UnknownSection, match=r"no section 'Nope' in the library \(sections: Other, Sport\)"):
        library.section_names(["Nope"])

# -- files that are not what they should be ---------------------------------------------------


def test_a_garbage_database_is_an_error_naming_it_and_is_left_untouched(seeded_library, seed_paths):
    database = seeded_library.files.database
    database.write_bytes(b"this is no SQLite database at all " * 200)
    before = database.read_bytes()
    # The log beside it is whole, and SQLite reads the first page from it: damaged. (Its first bytes are read by SQLite
    # only: a file of our own on a library this process has open lets go of its locks; refuse_no_library.)
    with pytest.raises(StorageError, match=r"library\.sqlite: damaged"):
        import_paths(Library(seeded_library.path), seed_paths, CAPTURED)
    assert database.read_bytes() == before


def test_a_library_of_an_unknown_version_is_refused(seeded_library):
    with sqlite3.connect(seeded_library.files.database) as database:
        database.execute("UPDATE meta SET value = 99 WHERE key = 'version'")
    with pytest.raises(StorageError, match="version 99"):
        Library(seeded_library.path)


def test_an_sqlite_file_of_another_program_is_refused(library_path):
    other = library_path.with_suffix(".sqlite")
    with sqlite3.connect(other) as database:
        database.execute("CREATE TABLE notes (text TEXT)")
    with pytest.raises(StorageError, match="not a nieuws-tui library"):
        Library(other)


def test_a_corrupt_state_shard_is_named_and_never_overwritten(seeded_library):
    entry = seeded_library.entries()[0]
    seeded_library.set_state([entry.id], starred=True)
    shard = seeded_library.state.shard_path(shard_of(entry.id))
    shard.write_text("{broken", encoding="utf-8")
    with pytest.raises(StorageError, match=r"marks-..\.json"):
        Library(seeded_library.path).set_state([entry.id], read=True)
    assert shard.read_text(encoding="utf-8") == "{broken"


# -- several processes --------------------------------------------------------------------------

_WRITER = """
import sys
from feeds.library import Library
library = Library(sys.argv[1])
for article_id in sys.argv[3:]:
    library.set_state([article_id], **{sys.argv[2]: True})
"""


def _python(code: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code, *args], cwd=ROOT)


def test_two_processes_writing_at_once_both_keep_their_changes(seeded_library):
    ids = [e.id for e in seeded_library.entries()]
    readers = _python(_WRITER, str(seeded_library.path), "read", *ids[:8])
    starrers = _python(_WRITER, str(seeded_library.path), "starred", *ids)
    assert readers.wait(60) == 0 and starrers.wait(60) == 0
    entries = {e.id: e for e in Library(seeded_library.path).entries()}
    assert all(entries[i].read for i in ids[:8])
    assert not any(entries[i].read for i in ids[8:])
    assert all(entries[i].starred for i in ids)


@pytest.mark.parametrize("reader", ["opened", "picking_up"])
def test_marks_set_together_are_seen_by_another_reader_all_or_none(seeded_library, monkeypatch, reader):
    """M marks a view read in one call, which writes each shard of marks in turn: another app picking up changes, or
    `nieuws-tui list` opening the library, between two of those writes counted half of them read."""
    import threading

    ids = [e.id for e in seeded_library.entries()]
    assert len({shard_of(i) for i in ids}) > 1
    seeded_library.set_state(ids, starred=True)  # their shards made and listed: a new one is listed once all are written
    looking = Library(seeded_library.path)
    looking.entries()
    seen: list[int] = []

    def look() -> None:
        library = Library(seeded_library.path) if reader == "opened" else looking
        if reader == "picking_up":
            library.pick_up_changes()
        seen.append(sum(e.read for e in library.entries()))

    replace, readers = os.replace, []

    def and_a_reader_looks_after_the_first(*args):
        replace(*args)
        if not readers and Path(args[1]).name.startswith("marks-"):  # another process: on a thread of its own, for as long as it takes
            readers.append(threading.Thread(target=look))
            readers[0].start()
            readers[0].join(0.5)

    monkeypatch.setattr(os, "replace", and_a_reader_looks_after_the_first)  # a shard replaced, the others still to be
    seeded_library.set_state(ids, read=True)
    readers[0].join(10)
    assert seen == [len(ids)]


def in_time(task, seconds: float = 10):
    """What `task` returned, or the StorageError it raised, run on a thread of its own; a test that it hangs fails instead of hanging the suite."""
    import threading

    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(task())
        except StorageError as error:  # (a reader that gave up)
            outcome.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert outcome, f"still running after {seconds} s"
    return outcome[0]


_LIST_AND_MARK = """
import sys
from feeds.errors import StorageError
from feeds.library import Library
library = Library(sys.argv[1])
print(len(library.entries()))
try:
    library.set_state([library.entries()[0].id], read=True)
except StorageError as error:
    print(error)
"""


def test_a_lock_file_that_is_a_fifo_holds_up_neither_reading_nor_marking(seeded_library):
    """Opening a FIFO named lock waited for a writer to the FIFO, for ever: `list` and `mark read` hung. A reader reads
    without it; a writer refuses in one line that names it. (In a process of its own: one that hangs is ended.)"""
    lock = seeded_library.state.lock_path
    lock.unlink(missing_ok=True)
    os.mkfifo(lock)
    done = subprocess.run([sys.executable, "-c", _LIST_AND_MARK, str(seeded_library.path)], cwd=ROOT, capture_output=True, text=True, timeout=20)
    assert done.stdout.splitlines() == [str(len(seeded_library.entries())), f"{lock}: cannot take the lock (not a regular file (a FIFO))"]
    assert not any(e.read for e in Library(seeded_library.path).entries())


def test_a_process_stuck_holding_the_marks_lock_holds_a_reader_up_only_a_moment(seeded_library):
    """A writer holds the lock for milliseconds; a reader waited 30 s for a stuck one, then failed with no hint."""
    import fcntl

    article_id = seeded_library.entries()[0].id
    seeded_library.set_state([article_id], read=True)  # the lock file made
    stuck = os.open(seeded_library.state.lock_path, os.O_RDWR)
    fcntl.flock(stuck, fcntl.LOCK_EX)
    try:
        started = time.monotonic()
        read = in_time(lambda: Library(seeded_library.path).entry(article_id))
        assert time.monotonic() - started < 5 and not isinstance(read, Exception) and read.read
    finally:
        os.close(stuck)


def test_marks_a_migration_carried_over_and_set_together_are_seen_by_another_reader_all_or_none(tmp_path, monkeypatch):
    """The marks folder a migration made had no lock file until the first mark made one: a reader, which holds it only
    where it is there, that began before the first M after the migration read it half written."""
    import threading

    from test_store import v1_library

    import feeds.store.state as state

    library = Library(v1_library(tmp_path))  # two read, two starred: the marks carried over
    ids = [e.id for e in library.entries()]
    before = sum(e.read for e in library.entries())
    read, load, writers, seen = state._read, state.StateStore.load, [], []

    def and_the_first_m_comes_as_a_reader_begins(path):
        if not writers:  # another process: on a thread of its own, for as long as it takes
            writers.append(threading.Thread(target=lambda: library.set_state(ids, read=True)))
            writers[0].start()
            writers[0].join(0.5)
        return read(path)

    def counted(store, read_only=False):
        marks = load(store, read_only)
        seen.append(sum(marks.get(i).read for i in ids))
        return marks

    monkeypatch.setattr(state, "_read", and_the_first_m_comes_as_a_reader_begins)
    monkeypatch.setattr(state.StateStore, "load", counted)
    Library(library.path)
    writers[0].join(10)
    assert seen[0] in (before, len(ids)) and sum(e.read for e in Library(library.path).entries()) == len(ids)


_IMPORTER = """
import sys
from pathlib import Path
from feeds.imports import import_paths
from feeds.library import Library
import_paths(Library(sys.argv[1]), [Path(sys.argv[2])])
"""


def test_an_import_and_state_changes_running_at_once_lose_nothing(seeded_library, tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    for number in range(40):
        title = f"Verhaal nummer {number} over de Zeeuwse kust"
        (pages / f"{number}.txt").write_text(FULL_PAGE.replace(TEASER_TITLE, title), encoding="utf-8")
    ids = [e.id for e in seeded_library.entries()]
    importer = _python(_IMPORTER, str(seeded_library.path), str(pages))
    marker = _python(_WRITER, str(seeded_library.path), "read", *ids)
    assert importer.wait(60) == 0 and marker.wait(60) == 0
    entries = {e.id: e for e in Library(seeded_library.path).entries()}
    assert len(entries) == 16 + 40
    assert all(entries[i].read for i in ids)


_FOREVER = """
import sys
from feeds.library import Library
library = Library(sys.argv[1])
ids = [e.id for e in library.entries()]
print("ready", flush=True)
flag = True
while True:
    library.set_state(ids, read=flag, starred=not flag)
    flag = not flag
"""


def test_a_writer_killed_mid_write_leaves_a_library_that_opens(seeded_library):
    ids = {e.id for e in seeded_library.entries()}
    for attempt in range(6):
        writer = subprocess.Popen([sys.executable, "-c", _FOREVER, str(seeded_library.path)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
        assert writer.stdout.readline().strip() == "ready"
        time.sleep(0.05 + attempt * 0.037)
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
        library = Library(seeded_library.path)
        entries = library.entries()
        assert {e.id for e in entries} == ids
        # Every state shard holds the old or the new state of a whole write: per shard, all
        # articles agree (read and starred are always opposite in the writer's loop).
        for state_file in seeded_library.files.state.glob("marks-*.json"):
            states = json.loads(state_file.read_text(encoding="utf-8"))["state"].values()
            assert all(s["read"] != s["starred"] for s in states)
        library.set_state(list(ids), read=False, starred=False)  # the lock was freed by the kill
    leftovers = [p.name for p in seeded_library.files.state.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


# -- stories first seen without a title ---------------------------------------------------------

COMPACT_PAGE = """Kim Jong-un biedt Rusland zijn 'volledige steun' aan
PYONGYANG (ANP/AFP) - De Noord-Koreaanse leider Kim Jong-un biedt zijn "volledige steun en solidariteit" aan zijn Russische ambtgenoot Vladimir Poetin.
Meer uit Buitenland
WASHINGTON (ANP) - De voorraden van de hoogwaardigste Amerikaanse munitie zijn niet op peil, erkent de Amerikaanse president Donald Trump.
25 minuten geledenMOSKOU (ANP/AFP/RTR) - Het Kremlin verwacht niet dat er op korte termijn nieuwe onderhandelingen met Oekraïne zullen plaatsvinden.
27 minuten geleden"""


def test_the_full_page_of_an_untitled_teaser_takes_its_place_with_state_kept(library_path, tmp_path):
    library = Library(library_path)
    _import_text(library, tmp_path, COMPACT_PAGE, "compact.txt")
    untitled = next(e for e in library.entries() if e.article.place == "WASHINGTON")
    assert untitled.article.title_from_lead
    library.set_state([untitled.id], starred=True)

    report = _import_text(Library(library_path), tmp_path, FULL_PAGE, "full.txt")

    assert (report.new, report.updated) == (0, 1)
    reopened = Library(library_path)
    [entry] = [e for e in reopened.entries() if e.article.place == "WASHINGTON"]
    assert entry.article.title == TEASER_TITLE
    assert entry.article.kind == "full"
    assert entry.starred
    assert entry.article.age == "25 minuten geleden"
    assert len(reopened.entries()) == 3
    assert reopened.entry(untitled.id) is None


def test_an_untitled_teaser_of_a_stored_story_joins_it(library_path, tmp_path):
    library = Library(library_path)
    _import_text(library, tmp_path, FULL_PAGE, "full.txt")
    report = _import_text(library, tmp_path, COMPACT_PAGE, "compact.txt")
    assert report.new == 2  # the page's own story and the Kremlin teaser
    titles = sorted(e.article.title for e in Library(library_path).entries())
    assert TEASER_TITLE in titles and len(titles) == 3


@pytest.mark.parametrize("pages", [("full.txt", "compact.txt"), ("compact.txt", "full.txt")])
def test_a_pruned_story_stays_away_when_its_other_rendering_comes_again_known_by_its_lead(library_path, tmp_path, pages):
    """`r` imports every imported file again: a story pruned by the id of its full page came back, unread, from the
    compact rendering that gives it no title, under an id made up from its lead (and one stored untitled, by the
    id of its full page)."""
    texts = {"full.txt": FULL_PAGE, "compact.txt": COMPACT_PAGE}
    for name in pages:
        _import_text(Library(library_path), tmp_path, texts[name], name)
    assert Library(library_path).prune(Retention(keep_days=1, prune_unread=True)) == 3

    again = import_paths(Library(library_path), [tmp_path / name for name in pages], CAPTURED)

    assert (again.new, again.updated) == (0, 0)
    assert Library(library_path).entries() == []


def test_a_page_and_its_text_rendering_imported_again_after_a_prune_count_their_stories_pruned_once(library_path, tmp_path):
    """The page's stories are kept away by their ids, the text rendering's, under other ids, by their leads: each was
    counted twice (3 stories pruned, "6 pruned articles stay away")."""
    pages = tmp_path / "paar"
    pages.mkdir()
    for suffix in (".html", ".txt"):
        shutil.copy(ROOT / "tests" / "pages" / f"regional-local-only{suffix}", pages)
    stored = import_paths(Library(library_path), [pages], CAPTURED)
    assert Library(library_path).prune(Retention(keep_days=1, prune_unread=True)) == stored.new > 1
    again = import_paths(Library(library_path), [pages], CAPTURED)
    assert (again.new, again.updated, again.unchanged, again.pruned) == (0, 0, 0, stored.new)


@pytest.mark.parametrize("order", [("compact.txt", "full.txt"), ("full.txt", "compact.txt")])
def test_a_story_imported_untitled_and_then_titled_in_one_import_counts_new_once(library_path, tmp_path, order):
    """The compact rendering stored first, under an id made up of its lead, is renamed by its page in the same
    import: "2 new, 1 updated" for 3 articles, as the files happened to come."""
    texts = {"full.txt": FULL_PAGE, "compact.txt": COMPACT_PAGE}
    for name in order:
        (tmp_path / name).write_text(texts[name], encoding="utf-8")
    report = import_paths(Library(library_path), [tmp_path / name for name in order], CAPTURED)
    assert (report.new, report.updated) == (len(Library(library_path).entries()), 0)


def test_a_pruned_story_seen_again_in_two_batches_of_an_import_counts_once(library_path, tmp_path, monkeypatch):
    """A page and its text rendering 500 files apart (the import hands them to the library 500 at a time, as `r`
    does with everything imported) were two."""
    from feeds import imports

    for name, text in (("full.txt", FULL_PAGE), ("compact.txt", COMPACT_PAGE)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    paths = [tmp_path / "full.txt", tmp_path / "compact.txt"]
    import_paths(Library(library_path), paths, CAPTURED)
    pruned = Library(library_path).prune(Retention(keep_days=1, prune_unread=True))
    monkeypatch.setattr(imports, "BATCH_PAGES", 1)
    assert import_paths(Library(library_path), paths, CAPTURED).pruned == pruned


def test_a_pruned_story_seen_again_in_two_sightings_of_other_leads_counts_once(library_path):
    """A feed's item and the page of the same story share their id, not their lead: counted by their leads, they
    were two."""
    page = article("Dijk versterkt", lead="De dijk bij Vlissingen wordt de komende twee jaar versterkt, meldt het waterschap.")
    item = page.with_changes(kind="teaser", body=(), lead="Het waterschap versterkt de dijk bij Vlissingen, in twee jaar tijd.")
    Library(library_path).add([(page, CAPTURED)])
    assert Library(library_path).prune(Retention(keep_days=1, prune_unread=True)) == 1
    assert Library(library_path).add([(page, CAPTURED), (item, CAPTURED)]).pruned == 1


# -- ticker lines seen with and without their links -----------------------------------------------

TICKER_PAGES = [ROOT / "tests" / "pages" / f"regional-ticker-only{suffix}" for suffix in (".html", ".txt")]
# The lines whose link is not the one url_for_title makes of their titles, as the HTML page links them.
TICKER_LINKS = {
    "Wegwerkzaamheden op de Westhavendijk duren langer": "https://www.zeelandnet.nl/nieuws/regio/goes/wegwerkzaamheden-westhavendijk",
    "Zeeuwse roeiers winnen goud op de Westerschelde": "https://www.zeelandnet.nl/nieuws/zeeuwse-roeiers-winnen-goud",
    "Vestingstad krijgt nieuwe fietsbrug over de gracht": "https://www.zeelandnet.nl/nieuws/regio/hulst/nieuwe-fietsbrug",
}


@pytest.mark.parametrize("together", [True, False], ids=["one import", "two imports"])
@pytest.mark.parametrize("html_first", [True, False], ids=["html first", "text first"])
def test_a_ticker_line_and_its_text_rendering_without_its_link_are_one_story_under_the_link(library_path, html_first, together):
    """A text rendering's ticker line has no link, and its id was made up from its title: every line whose link is
    another was there twice, and no lead (a ticker line has none) joined them. The page's link wins, and the marks
    made on whichever came first stay."""
    first, second = TICKER_PAGES if html_first else TICKER_PAGES[::-1]
    if together:
        import_paths(Library(library_path), [first, second], CAPTURED)
    else:
        import_paths(Library(library_path), [first], CAPTURED)
        library = Library(library_path)
        marked = [e.id for e in library.entries() if e.article.title in TICKER_LINKS]
        library.set_state(marked, read=True, starred=True)
        again = import_paths(Library(library_path), [second], CAPTURED)
        assert again.new == 0

    entries = Library(library_path).entries()
    assert len(entries) == 4
    assert {e.article.title: e.article.url for e in entries if e.article.title in TICKER_LINKS} == TICKER_LINKS
    assert all(e.id == article_id(e.article.url) and not e.article.title_from_lead for e in entries)
    if not together:
        assert all(e.read and e.starred for e in entries if e.article.title in TICKER_LINKS)


def test_ticker_lines_stored_before_format_15_get_their_key_and_meet_their_text_rendering(library_path):
    """A library's ticker lines stored before they had a key kept none: the text rendering imported after the upgrade
    was each line again, and `check --repair` took such a row for damaged."""
    from feeds.store.database import VERSION

    import_paths(Library(library_path), TICKER_PAGES[:1], CAPTURED)
    database_path = Library(library_path).file
    with closing(sqlite3.connect(database_path)) as database, database:
        keys = database.execute("SELECT seq, lead_key FROM articles ORDER BY seq").fetchall()
        database.execute("UPDATE articles SET lead_key = NULL")
        database.execute("UPDATE meta SET value = 14 WHERE key = 'version'")  # as an older nieuws-tui left it
    assert Library(library_path).entries()  # opened, and so brought up to date
    with closing(sqlite3.connect(database_path)) as database:
        assert database.execute("SELECT seq, lead_key FROM articles ORDER BY seq").fetchall() == keys
        assert database.execute("SELECT value FROM meta WHERE key = 'version'").fetchone() == (VERSION,)
    assert import_paths(Library(library_path), TICKER_PAGES[1:], CAPTURED).new == 0
    assert Library(library_path).check().problems == []


@pytest.mark.parametrize("html_first", [True, False], ids=["html first", "text first"])
def test_a_pruned_ticker_line_stays_away_when_its_other_rendering_comes(library_path, html_first):
    pages = TICKER_PAGES if html_first else TICKER_PAGES[::-1]
    import_paths(Library(library_path), pages[:1], CAPTURED)
    assert Library(library_path).prune(Retention(keep_days=0, prune_unread=True)) == 4
    again = import_paths(Library(library_path), pages, CAPTURED)
    assert (again.new, again.pruned) == (0, 4)
    assert Library(library_path).entries() == []


def test_ticker_lines_of_one_title_each_with_a_link_of_its_own_stay_two_stories(library_path):
    """A ticker key joins a line without a link to one with; two the site linked apart it leaves as they are."""
    lines = [
        article("Veerdienst vaart weer", kind="teaser", lead="", body=(), place=None, agencies=(), section="Noord-Beveland", url=url)
        for url in ("https://www.zeelandnet.nl/nieuws/regio/noord-beveland/veerdienst", "https://www.zeelandnet.nl/nieuws/veerdienst-na-storing")
    ]
    assert Library(library_path).add([(line, CAPTURED) for line in lines]).new == 2


def _middelburg_pages(folder: Path, arnemuiden_dated: bool) -> dict[str, Path]:
    """regional-middelburg.html and .txt in `folder`; with `arnemuiden_dated`, the page's `2 weken geleden` of the
    Arnemuiden story dated by its markup, as the site's <time> does: 11 February, where the age gives 17 February at
    CAPTURED (two weeks are 14 to 20 days)."""
    folder.mkdir()
    pages = {}
    for suffix in ("html", "txt"):
        text = (ROOT / "tests" / "pages" / f"regional-middelburg.{suffix}").read_text(encoding="utf-8")
        if arnemuiden_dated:
            text = text.replace("<time>2 weken geleden</time>", '<time datetime="2026-02-11T10:00:00+01:00">2 weken geleden</time>')
        pages[suffix] = folder / f"regional-middelburg.{suffix}"
        pages[suffix].write_text(text, encoding="utf-8")
    return pages


@pytest.mark.parametrize("stored", [("html", "txt"), ("txt", "html"), ("html",), ("txt",)])
def test_a_pruned_story_stays_away_when_its_other_rendering_gives_its_date_only_as_an_age(library_path, tmp_path, stored):
    """The page dates the story 11 February, its text rendering only says `2 weken geleden` (17 February at the
    latest): six days apart, more than the days a lead's mark allowed, and the story came back new and unread."""
    pages = _middelburg_pages(tmp_path / "p", arnemuiden_dated=True)
    import_paths(Library(library_path), [pages[name] for name in stored], CAPTURED)
    assert Library(library_path).prune(Retention(keep_days=1, prune_unread=True)) > 0

    again = import_paths(Library(library_path), [pages["html"], pages["txt"]], CAPTURED)

    assert (again.new, again.updated) == (0, 0)
    assert Library(library_path).entries() == []


@pytest.mark.parametrize("stored", [("html", "txt"), ("txt", "html")])
def test_a_pruned_story_stays_away_when_its_page_was_saved_long_after_the_dates_its_markup_gives(library_path, tmp_path, stored):
    """Saved files without --captured are captured when last changed: the page's `1 week geleden` of the parkeergarage
    says 24 February in its markup, and 1 week before the capture, months later, in its text rendering."""
    pages = _middelburg_pages(tmp_path / "p", arnemuiden_dated=False)
    saved = CAPTURED + timedelta(days=120)
    import_paths(Library(library_path), [pages[name] for name in stored], saved)
    assert Library(library_path).prune(Retention(keep_days=1, prune_unread=True)) > 0

    again = import_paths(Library(library_path), [pages[name] for name in stored], saved)

    assert (again.new, again.updated) == (0, 0)
    assert Library(library_path).entries() == []


@pytest.mark.parametrize("untitled", [False, True])
def test_whether_a_prune_kept_lead_marks_is_one_look_that_sees_either_kind_and_no_id(untitled):
    """A sighting's lead marks are made only where a prune kept some (they were a tenth of storing 10,000 new
    stories): the look along the pruned table's key must find a mark of either kind, and take no id for one."""
    from feeds.store.writer import _keeps_lead_marks, _lead_mark

    with closing(sqlite3.connect(":memory:")) as database:
        database.execute("CREATE TABLE pruned (id TEXT PRIMARY KEY, pruned_at TEXT NOT NULL) WITHOUT ROWID")
        database.executemany("INSERT INTO pruned VALUES (?, '')", [("0" * 16,), ("f" * 16,)])
        assert not _keeps_lead_marks(database)
        database.execute("INSERT INTO pruned VALUES (?, '')", (_lead_mark("de lead", untitled, CAPTURED.date()),))
        assert _keeps_lead_marks(database)


def test_a_titled_story_that_shares_its_lead_with_a_pruned_one_is_a_story_of_its_own(library_path):
    lead = "De voorraden van de hoogwaardigste munitie zijn niet op peil, erkent de president."
    library = Library(library_path)
    library.add([(article("Munitie raakt op", lead=lead, published=CAPTURED - timedelta(days=3650)), CAPTURED)])
    assert library.prune(Retention(keep_days=1, prune_unread=True)) == 1
    assert Library(library_path).add([(article("Krapte aan munitie", lead=lead), CAPTURED)]).new == 1


@pytest.mark.parametrize("titled", [False, True])
def test_a_new_story_that_repeats_a_pruned_untitled_ones_lead_is_a_story_of_its_own(library_path, titled):
    """A post repeated word for word at a new URL, a templated lead, a rerun a year later: only the pruned story's
    other rendering, which carries its date, stays away by its lead."""
    lead = "Het weerbericht voor vandaag: droog en zonnig, in de middag tot twintig graden."
    library = Library(library_path)
    old = article(lead[:40], lead=lead, title_from_lead=True, url="https://bot.example/posts/1", published=CAPTURED - timedelta(days=400))
    library.add([(old, CAPTURED - timedelta(days=400))])
    assert library.prune(Retention(keep_days=30, prune_unread=True)) == 1

    again = article("Zonnige dag" if titled else lead[:40], lead=lead, title_from_lead=not titled, url="https://bot.example/posts/999")
    assert Library(library_path).add([(again, CAPTURED)]).new == 1


def test_a_library_sqlite_cannot_open_is_asked_about_without_a_descriptor_of_its_own(seeded_library, monkeypatch):
    """Why SQLite could not open the file was asked of the system by opening it: closing that descriptor let go of
    every lock this process holds on a library it has open (POSIX), and another process's SQLite then deleted the WAL
    from under its connection (refuse_no_library). A regular file is asked about by its permissions."""
    import os

    from feeds.store.database import describe

    cannot_open = sqlite3.OperationalError("unable to open database file")
    cannot_open.sqlite_errorcode = sqlite3.SQLITE_CANTOPEN
    opened = []
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda path, *args, **kwargs: opened.append(path) or real_open(path, *args, **kwargs))
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    assert describe(cannot_open, seeded_library.files.database) == "Permission denied"
    read_only = os.statvfs_result((4096,) * 8 + (os.ST_RDONLY, 255))
    monkeypatch.setattr(os, "statvfs", lambda path: read_only)  # a disk remounted read-only after errors: not a matter of permissions
    assert describe(cannot_open, seeded_library.files.database) == "Read-only file system"
    assert describe(cannot_open, seeded_library.files.database.with_name("nergens.sqlite")) == "No such file or directory"
    assert opened == [seeded_library.files.database.with_name("nergens.sqlite")]


def test_a_library_whose_table_of_renamed_articles_is_lost_is_checked_listed_and_repaired(cli, seeded_library, seed_paths):
    """Every opening read which articles were renamed, to move their marks: with that table lost from the schema, every
    command, check too, stopped on SQLite's `no such table: renamed`. It holds only the marks still to move (most often
    none): check says so, and check --repair makes it anew, after which articles are stored again."""
    with closing(sqlite3.connect(seeded_library.files.database)) as database:
        database.execute("DROP TABLE renamed")
        database.commit()
    db = str(seeded_library.path)
    checked = cli("--db", db, "check")
    assert checked.returncode == 1 and "the list of renamed articles (whose read/starred marks are still to move to their new ids) is damaged" in checked.stderr
    listed = cli("--db", db, "list")
    assert (listed.returncode, listed.stderr) == (0, "") and len(listed.stdout.splitlines()) == len(seeded_library.entries())
    assert cli("--db", db, "check", "--repair").returncode == 0
    assert cli("--db", db, "import", *map(str, seed_paths)).returncode == 0 and cli("--db", db, "check").returncode == 0


def test_check_repair_and_an_opening_look_once_for_a_file_that_cannot_be_a_library(seeded_library, monkeypatch):
    """check --repair's marks looked whether the file can be a library at all before anything is made for it, and then
    again as it checked the library's format: each look at a file shorter than a page reads it."""
    from feeds import library as library_module
    from feeds.library import repair_marks
    from feeds.store import database as database_module

    looks: list[Path] = []
    look = database_module.refuse_no_library
    for module in (library_module, database_module):
        monkeypatch.setattr(module, "refuse_no_library", lambda path: looks.append(path) or look(path))
    seeded_library.close()
    assert repair_marks(seeded_library.path) == []
    assert looks == [seeded_library.files.database]
    Library(seeded_library.path)
    assert looks == [seeded_library.files.database] * 2


def test_a_library_written_over_while_open_is_not_opened_apart_to_tell_what_it_is(seeded_library, monkeypatch):
    """A connection that read no database in a library this process has open (its first page written over since)
    had the file's first bytes read, to tell a foreign file from a damaged library: closing that descriptor lets go
    of every lock this process holds on the file (POSIX), and another process then took the open connection's for
    gone (and its log with them). Where a connection of ours is open on it, it is a library that is damaged."""
    from feeds.store.database import Database, NotALibrary

    assert seeded_library.entries()  # the library's connection is open, and read it
    seeded_library.database.connection().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with seeded_library.files.database.open("r+b") as file:  # (before the watch below)
        file.write(b"max-size = 5\n\n\n\n")
    opened: list[Path] = []
    monkeypatch.setattr(Path, "open", lambda path, *args, **kwargs: opened.append(path) or pytest.fail(f"{path} opened"))
    apart = Database(seeded_library.files.database, read_only=True)
    with pytest.raises(StorageError) as refused:
        apart.connection()
    assert not isinstance(refused.value, NotALibrary) and "not a library database, or damaged from its first page on" in str(refused.value)
    assert opened == []
    seeded_library.close()
    monkeypatch.undo()
    with pytest.raises(NotALibrary):  # none open on it: it is told by its first bytes again
        Database(seeded_library.files.database, read_only=True).connection()


def test_a_refresh_forgets_a_page_gone_from_a_folder_there_that_may_not_be_listed(tmp_path, monkeypatch):
    """A folder that cannot be listed was taken for an empty mount point (a share not mounted): the page removed from
    it failed at every refresh, said to be in a folder gone or empty, which it is not."""
    import feeds.imports

    folder = tmp_path / "pagina's"
    folder.mkdir()
    page = folder / "middelburg.html"
    page.write_bytes((ROOT / "tests" / "pages" / "regional-middelburg.html").read_bytes())
    library = Library(tmp_path / "library.sqlite")
    import_paths(library, [page], CAPTURED)
    page.unlink()
    real_scandir = os.scandir

    def scandir(path: object) -> object:
        if Path(str(path)) == folder:
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(feeds.imports.os, "scandir", scandir)
    report = import_paths(library, library.imported_paths(), CAPTURED, again=True)
    assert (report.forgotten, report.failed) == ([str(page)], [])
    assert library.imported_paths() == []


def test_a_search_leaves_out_the_articles_with_a_word_typed_after_a_minus(seeded_library):
    """`-economie`, typed by habit from web searches, found the articles with "economie"."""
    every = {e.id for e in seeded_library.entries()}
    maduro, trump = seeded_library.search("maduro"), seeded_library.search("trump")
    assert maduro & trump and maduro - trump  # (a search that shows the difference)
    assert seeded_library.search("maduro -trump") == maduro - trump
    assert seeded_library.search("-trump") == every - trump
    assert seeded_library.search("-trump -maduro") == every - trump - maduro


def test_a_search_takes_and_in_capitals_for_what_it_does_anyway_and_other_words_as_words(seeded_library):
    """`brug AND` found nothing: AND was a word every article found had to have. Every word is asked for already."""
    maduro = seeded_library.search("maduro")
    assert seeded_library.search("maduro AND") == seeded_library.search("AND maduro AND") == maduro
    assert seeded_library.search("AND") == set()
    assert seeded_library.search("maduro OR trump") == seeded_library.search("maduro or trump")  # OR is a word, as `or`
