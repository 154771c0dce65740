"""File names, special files, odd encodings and odd settings give a clear line, never a traceback or a hang."""

from __future__ import annotations

import os
import re
import tempfile
import threading
from pathlib import Path

import pytest
from conftest import CAPTURED
from feedkit import RSS2, feed_articles
from pagekit import ArticlePage

from feeds.errors import StorageError
from feeds.files import read_json
from feeds.imports import import_paths
from feeds.library import Library
from tui.app import NieuwsApp
from tui.preferences import Preferences

PAGE = ArticlePage("Nieuw zwembad in Goes", [("p", "GOES (ANP) - De gemeente Goes opent volgend jaar een nieuw zwembad, het grootste van Zeeland.")], section="Zeeland")


def write_page(path: Path) -> Path:
    path.write_text(PAGE.text(), encoding="utf-8")
    return path


def db(library_path: Path) -> dict[str, str]:
    return {"NIEUWS_TUI_DB": str(library_path)}


def test_a_file_name_that_is_not_utf8_imports_every_time_and_says_it_is_not_remembered(cli, tmp_path, library_path):
    page = write_page(Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9.txt")))
    for _ in range(2):
        result = cli("import", os.fsdecode(bytes(page)), env=db(library_path))
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        assert "caf\\xe9.txt: imported, but not re-imported by r: its name is not UTF-8" in result.stderr
    assert [e.article.title for e in Library(library_path).entries()] == ["Nieuw zwembad in Goes"]
    assert Library(library_path).imported_paths() == []


def test_a_failing_file_whose_name_is_not_utf8_is_named_with_its_byte_escaped(cli, tmp_path, library_path):
    page = Path(os.fsdecode(bytes(tmp_path) + b"/kapot\xff.txt"))
    page.write_bytes(b"\x00\x01\x02\x03" * 100)
    result = cli("import", os.fsdecode(bytes(page)), env=db(library_path))
    assert result.returncode == 1
    assert "kapot\\xff.txt: binary data, not a text or HTML page" in result.stderr


def test_a_fifo_given_directly_or_in_a_folder_is_refused_without_blocking(cli, tmp_path, library_path):
    folder = tmp_path / "pagina's"
    folder.mkdir()
    write_page(folder / "goes.txt")
    os.mkfifo(folder / "page.txt")
    os.mkfifo(tmp_path / "direct.txt")
    result = cli("import", str(folder), str(tmp_path / "direct.txt"), env=db(library_path), timeout=30)
    assert result.returncode == 1
    assert f"{folder / 'page.txt'}: not a regular file (a FIFO)" in result.stderr
    assert f"{tmp_path / 'direct.txt'}: not a regular file (a FIFO)" in result.stderr
    assert "1 file imported: 1 new" in result.stdout


def test_json_read_under_a_size_limit_refuses_a_larger_file_or_a_fifo_naming_it_without_blocking(tmp_path):
    """serve read its record of the dates it gave out by a copy of read_json of its own, for read_json had no bound."""
    record = tmp_path / "record.json"
    record.write_bytes(b'{"since": "' + b"x" * 100 + b'"}')
    assert read_json(record, 200) == {"since": "x" * 100}
    with pytest.raises(StorageError, match=rf"^{re.escape(str(record))}: cannot read \(too large \("):
        read_json(record, 50)
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    with pytest.raises(StorageError, match=rf"^{re.escape(str(fifo))}: cannot read \(not a regular file \(a FIFO\)\)$"):
        read_json(fifo, 50)


def test_a_folder_that_links_back_to_itself_is_walked_once(tmp_path, library_path):
    folder = tmp_path / "nieuws"
    (folder / "sub").mkdir(parents=True)
    write_page(folder / "sub" / "goes.txt")
    (folder / "sub" / "terug").symlink_to(folder, target_is_directory=True)
    report = import_paths(Library(library_path), [folder], CAPTURED)
    assert (report.pages, report.new, report.failed) == (1, 1, [])



def test_a_folder_with_more_in_it_than_is_looked_at_imports_the_pages_found_before_and_says_to_name_a_smaller_one(tmp_path, library_path, monkeypatch):
    """`import /` walked the whole disk. The walk stops at a bound of files and folders looked at (4 here)."""
    monkeypatch.setattr("feeds.imports.MAX_LOOKED_AT", 4)
    folder = tmp_path / "nieuws"
    (folder / "a").mkdir(parents=True)
    for name in ("a/1.txt", "a/2.txt", "b.txt", "c.txt"):
        write_page(folder / name)
    report = import_paths(Library(library_path), [folder], CAPTURED)
    assert report.pages == 3  # a, a/1.txt, a/2.txt, b.txt looked at; not c.txt
    assert report.failed == [(str(folder), "stopped after looking at 4 files and folders in it; the pages found before are imported: name a smaller folder")]


def test_a_folder_whose_walk_stopped_before_any_page_is_not_said_to_hold_none(tmp_path, library_path, monkeypatch):
    """The stop was said, and then that the folder holds no page or feed, though most of it was never looked at."""
    monkeypatch.setattr("feeds.imports.MAX_LOOKED_AT", 2)
    folder = tmp_path / "nieuws"
    for name in ("a", "b", "c"):
        (folder / name).mkdir(parents=True)
    write_page(folder / "d.txt")
    report = import_paths(Library(library_path), [folder], CAPTURED)
    assert report.pages == 0 and report.notes == []
    assert report.failed == [(str(folder), "stopped after looking at 2 files and folders in it; the pages found before are imported: name a smaller folder")]


def test_a_folder_with_a_part_that_cannot_be_read_is_not_said_to_hold_no_page(tmp_path, library_path):
    """A link in it that loops was said, and then that the folder holds no page or feed, though part of it was not read."""
    folder = tmp_path / "nieuws"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "rond").symlink_to("rond")
    report = import_paths(Library(library_path), [folder], CAPTURED)
    assert [name for name, _reason in report.failed] == [str(folder / "sub" / "rond")] and report.notes == []


def test_a_folder_tree_a_thousand_folders_deep_is_walked_to_its_page(tmp_path, library_path):
    """Each folder was a recursion of the walk: RecursionError, a traceback."""
    top = deepest = tmp_path / "diep"
    for _ in range(1100):  # made and removed a folder at a time: mkdir's parents=True and rmtree are recursions too
        deepest.mkdir()
        deepest /= "a"
    deepest.mkdir()
    write_page(deepest / "goes.txt")
    try:
        report = import_paths(Library(library_path), [top], CAPTURED)
        assert (report.pages, report.failed) == (1, [])
    finally:
        (deepest / "goes.txt").unlink()
        while deepest != tmp_path:
            deepest.rmdir()
            deepest = deepest.parent


def test_a_folder_on_another_filesystem_is_not_walked_into_and_is_said(tmp_path, library_path):
    """`import /` walked /proc, /sys and every disk mounted: as `find -xdev`, the walk stays on the named folder's."""
    if not os.path.isdir("/dev/shm") or os.stat("/dev/shm").st_dev == os.stat(tmp_path).st_dev:
        pytest.skip("no other filesystem to link to")
    folder = tmp_path / "nieuws"
    folder.mkdir()
    write_page(folder / "goes.txt")
    with tempfile.TemporaryDirectory(dir="/dev/shm") as elsewhere:
        write_page(Path(elsewhere) / "elders.txt")
        (folder / "schijf").symlink_to(elsewhere, target_is_directory=True)
        report = import_paths(Library(library_path), [folder], CAPTURED)
    assert (report.pages, report.failed) == (1, [])
    assert report.notes == [(str(folder), f"left out 1 folder on another filesystem ({folder / 'schijf'}); name it to import from it")]

def test_only_paths_that_brought_a_page_are_remembered_for_refresh(tmp_path, library_path):
    good = write_page(tmp_path / "goed.txt")
    broken = tmp_path / "kapot.txt"
    broken.write_bytes(b"\x00" * 1000)
    empty_folder = tmp_path / "leeg"
    empty_folder.mkdir()
    (empty_folder / "ook-kapot.html").write_bytes(b"\x00" * 1000)
    folder = tmp_path / "map"
    folder.mkdir()
    write_page(folder / "goes.txt")
    import_paths(Library(library_path), [good, broken, empty_folder, folder], CAPTURED)
    assert sorted(Library(library_path).imported_paths()) == sorted([str(good.resolve()), str(folder.resolve())])


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read(tmp_path, library_path, encoding):
    page = tmp_path / "utf16.txt"
    page.write_bytes(PAGE.text().replace("Goes", "Goes é").encode(encoding))
    report = import_paths(Library(library_path), [page], CAPTURED)
    assert report.failed == [] and report.new == 1
    library = Library(library_path)
    assert library.article(library.entries()[0].id).lead.startswith("De gemeente Goes é opent")


def test_utf16_without_a_byte_order_mark_that_does_not_decode_says_so(tmp_path, library_path):
    page = tmp_path / "half.txt"
    page.write_bytes(PAGE.text().encode("utf-16-le")[:-2] + b"\x00\xdc")  # a lone low surrogate at the end
    report = import_paths(Library(library_path), [page], CAPTURED)
    assert report.failed == [(str(page), "looks like UTF-16-LE text without a byte order mark, but does not decode as it")]


@pytest.mark.parametrize("reference", ["&#xD800;", "&#55296;", "&#xDFFF", "&#x110000;", "&#99999999999999;"])
def test_a_reference_to_no_character_in_one_feed_title_keeps_the_other_entries(reference):
    feed = RSS2.replace(b"<title>Dijk bij Vlissingen versterkt</title>", f"<title>Dijk {reference} versterkt</title>".encode())
    titles = [a.title for a in feed_articles(feed)]
    assert titles == ["Dijk \ufffd versterkt", "Veerboot vaart weer"]


@pytest.mark.parametrize("port", ["70000", "-1", "http"])
def test_serve_on_a_port_that_does_not_exist_is_a_clear_error(cli, library_path, port):
    result = cli("serve", "--port", port, env=db(library_path))
    assert result.returncode == 2
    assert f"not a port number (0 to 65535): '{port}'" in result.stderr and "Traceback" not in result.stderr


async def test_quitting_when_the_state_file_cannot_be_written_says_so_and_exits_cleanly(seeded_library, tmp_path, monkeypatch):
    blocker = tmp_path / "geen-map"
    blocker.write_text("a file where the state folder should be")
    monkeypatch.setenv("NIEUWS_TUI_STATE", str(blocker / "app.json"))
    app = NieuwsApp(Library(seeded_library.path), now=lambda: CAPTURED, preferences=Preferences())
    said: list[str] = []
    exit_app = app.exit
    monkeypatch.setattr(app, "exit", lambda *args, **kwargs: (said.append(str(kwargs.get("message"))), exit_app(*args, **kwargs)))
    async with app.run_test() as pilot:
        await pilot.press("q")
    assert app.return_code == 0
    assert said == [f"nieuws-tui: could not remember where you were: {blocker / 'app.json'}: cannot write (File exists)"]


async def test_a_library_path_that_is_not_utf8_does_not_stop_the_app_from_quitting(tmp_path, monkeypatch):
    monkeypatch.setenv("NIEUWS_TUI_STATE", str(tmp_path / "app.json"))
    library = Library(Path(os.fsdecode(bytes(tmp_path) + b"/bib\xe9.json")))
    app = NieuwsApp(library, now=lambda: CAPTURED, preferences=Preferences())
    async with app.run_test() as pilot:
        await pilot.press("q")
    assert app.return_code == 0


async def test_the_place_is_saved_off_the_screens_thread_at_quit(seeded_library, tmp_path, monkeypatch):
    """Saving the preferences writes and fsyncs a file: a slow disk must not hold the screen as the app goes."""
    monkeypatch.setenv("NIEUWS_TUI_STATE", str(tmp_path / "app.json"))
    saved_on: list[threading.Thread] = []
    save = Preferences.save
    monkeypatch.setattr(Preferences, "save", lambda preferences, path=None: (saved_on.append(threading.current_thread()), save(preferences, path))[1])
    app = NieuwsApp(Library(seeded_library.path), now=lambda: CAPTURED, preferences=Preferences())
    async with app.run_test() as pilot:
        screen_thread = threading.current_thread()
        await pilot.press("u", "b", "q")  # a place changed just before q: what is saved is the place as q found it
    assert app.return_code == 0 and (tmp_path / "app.json").is_file()
    assert saved_on and screen_thread not in saved_on
    place = Preferences.load().place(seeded_library.name)
    assert place.unread_only and place.by_source


def test_the_librarys_own_database_is_neither_a_page_nor_newsboats_cache_and_is_not_read_as_one(tmp_path, library_path):
    """Read as a file while the library is open, its descriptor's closing let go of SQLite's locks (POSIX), and another
    process deleted the WAL from under the library's connection (refuse_no_library)."""
    from feeds.imports import UnreadableCache, import_newsboat_cache

    library = Library(library_path)
    import_paths(library, [write_page(tmp_path / "goes.txt")], CAPTURED)
    database = library.files.database
    linked = tmp_path / "ook.txt"
    linked.symlink_to(database)
    report = import_paths(library, [database, linked], CAPTURED)
    assert report.failed == [(str(path), "the library's own database, not a page or feed") for path in (database, linked)]
    with pytest.raises(UnreadableCache, match="the library's own database, not newsboat's cache"):
        import_newsboat_cache(library, database, lambda url: None)


def test_a_link_to_nothing_and_a_socket_in_a_folder_are_said_for_what_they_are(library_path):
    """A link to a file not there was a file that "vanished before it could be read", a socket one that "cannot read
    (No such device or address)": each is said for what it is."""
    import socket

    with tempfile.TemporaryDirectory(dir="/tmp") as top:  # a socket's path fits in 108 bytes
        folder = Path(top)
        write_page(folder / "goes.txt")
        (folder / "weg.html").symlink_to("nergens.html")
        listening = socket.socket(socket.AF_UNIX)
        try:
            listening.bind(str(folder / "sok.html"))
            report = import_paths(Library(library_path), [folder], CAPTURED)
        finally:
            listening.close()
    assert report.pages == 1
    assert sorted(report.failed) == [
        (str(folder / "sok.html"), "not a regular file (a socket)"),
        (str(folder / "weg.html"), "a link to a file that does not exist (nergens.html)"),
    ]
