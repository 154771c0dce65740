"""What the system, SQLite, the network and the parsers give as the reason of an error is said in the
interface's language, inside the one line that names the file or URL; in English, as well as before."""

from __future__ import annotations

import ctypes
import errno
import os
import socket
import sqlite3
import ssl
import subprocess
import threading
from pathlib import Path

import pytest
from conftest import nieuws_tui_command, speaking
from feedkit import run_fetch

from feeds.config import Settings, Source, SourcesError, load_config
from feeds.errors import StorageError, why
from feeds.files import read_json
from feeds.language import choose_language
from feeds.library import Library
from feeds.opml import OpmlError, read_opml
from feeds.web.network import Network

DUTCH, ENGLISH = speaking(LANG="nl_NL.UTF-8"), speaking(LANG="en_US.UTF-8")

# prctl(2) and capabilities(7): what root gives up to be held to a file's permissions like anyone else
PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 24, 1, 2


def as_anyone() -> None:
    """In the command's process, before it starts: root, who reads and writes past permissions, gives that up
    (a capability dropped from the bounding set is gone after exec), so a file made unreadable is unreadable to it too."""
    if os.geteuid() == 0:
        libc = ctypes.CDLL(None, use_errno=True)
        for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
            if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
                raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def nieuws_tui(*args: str, env: dict[str, str], **options) -> subprocess.CompletedProcess:
    return subprocess.run([*nieuws_tui_command(), *args], env={**os.environ, **env}, text=True, timeout=60, **{"capture_output": True, **options})


def said(result: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in result.stderr
    return result.stderr


# -- the system ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "dutch", "english"),
    [
        (lambda library: library.files.database, "{path}: toegang geweigerd", "{path}: Permission denied"),
        (lambda library: library.state.index_path, "{path}: kan niet lezen (toegang geweigerd)", "{path}: cannot read (Permission denied)"),
    ],
    ids=["database", "marks"],
)
def test_a_library_file_the_user_may_not_read_is_said_in_the_interfaces_language(seeded_library, file, dutch, english):
    path = file(seeded_library)
    seeded_library.close()
    path.chmod(0)
    for environment, line, error in ((DUTCH, dutch, "fout"), (ENGLISH, english, "error")):
        result = nieuws_tui("--db", str(seeded_library.path), "list", env=environment, preexec_fn=as_anyone)
        assert (result.returncode, said(result)) == (2, f"nieuws-tui: {error}: {line.format(path=path)}\n")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full, the disk that is always full")
def test_a_full_disk_is_said_in_the_interfaces_language(seeded_library):
    seeded_library.close()
    db = ["--db", str(seeded_library.path)]
    with open("/dev/full", "w") as full:
        listed = nieuws_tui(*db, "list", env=DUTCH, stdout=full, stderr=subprocess.PIPE, capture_output=False)
    assert said(listed) == "nieuws-tui: fout: kan niet naar standaarduitvoer schrijven (geen ruimte meer op de schijf)\n"
    exported = nieuws_tui(*db, "export", "-o", "/dev/full", env=DUTCH)
    assert said(exported) == "nieuws-tui: fout: /dev/full: kan niet schrijven (geen ruimte meer op de schijf)\n"
    assert said(nieuws_tui(*db, "export", "-o", "/dev/full", env=ENGLISH)) == "nieuws-tui: error: /dev/full: cannot write (No space left on device)\n"


@pytest.mark.parametrize(
    ("number", "dutch", "english"),
    [
        (errno.EROFS, "alleen-lezen bestandssysteem", "Read-only file system"),
        (errno.ENOENT, "bestand of map bestaat niet", "No such file or directory"),
        (errno.EISDIR, "is een map", "Is a directory"),
        (errno.EDQUOT, "schijfquotum overschreden", "Disk quota exceeded"),
        (errno.EADDRINUSE, "adres is al in gebruik", "Address already in use"),
    ],
)
def test_the_systems_common_errors_are_said_by_their_number(number, dutch, english):
    error = OSError(number, os.strerror(number), "/home/lezer/nieuws")
    assert why(error) == english
    choose_language(DUTCH)
    assert why(error) == dutch


def test_a_rare_system_error_is_said_in_the_systems_own_words():
    error = OSError(errno.ENOTSUP, "Operation not supported", "/home/lezer/nieuws")
    choose_language(DUTCH)
    assert why(error) == "Operation not supported"  # not "[Errno 95] Operation not supported: '/home/lezer/nieuws'"


def test_a_name_a_server_cannot_listen_on_is_said_in_the_interfaces_language():
    """socket.create_server says a host it cannot look up as a plain OSError of the lookup's code, whose
    words were the system's English in a Dutch error line."""
    error = OSError(socket.EAI_NONAME, "while attempting to bind on address ('nergens.invalid', 8080): Name or service not known")  # as it raises it
    choose_language(DUTCH)
    assert why(error) == "host niet gevonden (DNS)"


# -- SQLite ----------------------------------------------------------------------------------------


def test_a_file_that_is_no_database_is_said_in_the_interfaces_language(tmp_path):
    db = tmp_path / "library.sqlite"
    db.write_bytes(b"garbage " * 4000)
    result = nieuws_tui("--db", str(db), "list", env=DUTCH)
    assert said(result) == (
        f"nieuws-tui: fout: {db}: geen database van een bibliotheek, of beschadigd vanaf de eerste pagina (het bestand is geen database); "
        "niet aangeraakt — zet een reservekopie terug, of zet het bestand opzij om een nieuwe bibliotheek te beginnen\n"
    )
    assert f"{db}: not a library database, or damaged from its first page on (file is not a database); left untouched" in said(nieuws_tui("--db", str(db), "list", env=ENGLISH))


def test_a_damaged_database_is_said_in_the_interfaces_language(seeded_library):
    db = seeded_library.files.database
    seeded_library.close()
    assert not db.with_name(db.name + "-wal").exists()  # all of it in the file, to be damaged
    with db.open("r+b") as file:  # the first page (the header and the schema) stays; the tables' pages are garbage
        page_size = int.from_bytes(file.read(18)[16:18], "big")
        file.seek(page_size)
        file.write(b"\xa5" * (db.stat().st_size - page_size))
    for environment, line in (
        (DUTCH, f"nieuws-tui: fout: {db}: beschadigd (het databasebestand is misvormd); niet aangeraakt — `nieuws-tui check` zegt welk "
         "deel, en of `check --repair` het opnieuw kan maken; zet anders een reservekopie terug\n"),
        (ENGLISH, f"nieuws-tui: error: {db}: damaged (database disk image is malformed); left untouched — `nieuws-tui check` says which "
         "part, and whether `check --repair` can make it anew; else restore it from a backup\n"),
    ):
        result = nieuws_tui("--db", str(seeded_library.path), "list", env=environment)
        assert (result.returncode, said(result)) == (2, line)


def test_check_says_what_a_failed_integrity_check_means_in_the_interfaces_language_before_sqlites_own_line(seeded_library):
    db = seeded_library.files.database
    seeded_library.close()
    with sqlite3.connect(db) as database:  # an index that no longer matches its table: the library opens, SQLite's check fails
        database.execute("PRAGMA writable_schema = ON")
        database.execute("UPDATE sqlite_master SET sql = 'CREATE INDEX articles_by_time ON articles (key, sort_time)' WHERE name = 'articles_by_time'")
    database.close()
    sqlites = "SQLite's check says: row 1 missing from index articles_by_time; row 2 missing from index articles_by_time;"
    for environment, line in (
        (DUTCH, f"nieuws-tui: fout: {db}: de artikeldatabase is beschadigd, artikelen erin kunnen ontbreken of onjuist zijn; zet een "
         "reservekopie terug (`nieuws-tui check --repair` herstelt alleen de gelezen-/stermarkeringen, de indexen (zoeken, "
         "volgorde van de lijst), de validators, de titels van de bronnen, de guids van de items van de feeds, de eerste adressen van verplaatste berichten en de lijst van hernoemde artikelen). De controle van SQLite meldt: row 1 missing"),
        (ENGLISH, f"nieuws-tui: error: {db}: the article database is damaged, articles in it may be lost or wrong; restore it from a "
         f"backup (`nieuws-tui check --repair` mends only the read/starred marks, the indexes (search, list order), the fetch validators, the sources' titles, the guids of the feeds' items, the first links of moved stories and the list of renamed articles). {sqlites}"),
    ):
        result = nieuws_tui("--db", str(seeded_library.path), "check", env=environment)
        assert result.returncode == 1 and said(result).startswith(line), said(result)


def test_sqlites_errors_are_said_by_their_code_not_by_their_english_words():
    busy = sqlite3.OperationalError("database is locked")
    busy.sqlite_errorcode, busy.sqlite_errorname = 5, "SQLITE_BUSY"
    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorcode, full.sqlite_errorname = 13, "SQLITE_FULL"
    io = sqlite3.OperationalError("disk I/O error")
    io.sqlite_errorcode, io.sqlite_errorname = 10 | (4 << 8), "SQLITE_IOERR_READ"  # an extended code
    assert [why(e) for e in (busy, full, io)] == ["database is locked", "database or disk is full", "disk I/O error"]
    choose_language(DUTCH)
    assert [why(e) for e in (busy, full, io)] == ["database is vergrendeld", "database of schijf is vol", "invoer-/uitvoerfout van de schijf"]


def test_an_sqlite_error_of_no_known_kind_is_said_by_its_code_name_not_by_its_english_words():
    mismatch = sqlite3.IntegrityError("datatype mismatch")
    mismatch.sqlite_errorcode, mismatch.sqlite_errorname = 20, "SQLITE_MISMATCH"
    unique = sqlite3.IntegrityError("UNIQUE constraint failed: articles.id")
    unique.sqlite_errorcode, unique.sqlite_errorname = 19 | (8 << 8), "SQLITE_CONSTRAINT_UNIQUE"  # an extended code, named as such
    choose_language(DUTCH)
    assert [why(e) for e in (mismatch, unique)] == ["SQLITE_MISMATCH", "SQLITE_CONSTRAINT_UNIQUE: articles.id"]


def _raised(database: sqlite3.Connection, kind: type[sqlite3.Error], *queries: str) -> list[sqlite3.Error]:
    """The error each query raises, of `kind`; the database closed after."""
    errors = []
    for query in queries:
        with pytest.raises(kind) as raised:
            database.execute(query)
        errors.append(raised.value)
    database.close()
    return errors


def test_a_failed_constraint_names_its_table_and_column_as_sqlite_does(tmp_path):
    """A library altered elsewhere failed `NOT NULL constraint failed: t.a`: said by its name alone, where it failed was lost."""
    database = sqlite3.connect(tmp_path / "other.db")
    database.execute("CREATE TABLE t (a NOT NULL, b, c, UNIQUE (b, c))")
    database.execute("INSERT INTO t VALUES (1, 2, 3)")
    errors = _raised(database, sqlite3.IntegrityError, "INSERT INTO t VALUES (NULL, 0, 0)", "INSERT INTO t VALUES (1, 2, 3)")
    choose_language(DUTCH)
    assert [why(e) for e in errors] == ["SQLITE_CONSTRAINT_NOTNULL: t.a", "SQLITE_CONSTRAINT_UNIQUE: t.b, t.c"]


def test_a_missing_table_or_column_is_said_in_our_words_not_sqlites(tmp_path):
    """A cache.db of another program said `geen cache van newsboat, of beschadigd (no such table: rss_item)` in Dutch."""
    database = sqlite3.connect(tmp_path / "other.db")
    database.execute("CREATE TABLE notes (text)")
    errors = _raised(database, sqlite3.OperationalError, "SELECT * FROM rss_item", "SELECT feedurl FROM notes")
    assert [why(e) for e in errors] == ["it has no table rss_item", "a table has no column feedurl"]
    choose_language(DUTCH)
    assert [why(e) for e in errors] == ["er is geen tabel rss_item", "een tabel heeft geen kolom feedurl"]


# -- the network -----------------------------------------------------------------------------------

QUICK = Settings(host_delay=0, deadline=10, run_deadline=20, attempts=1)


def port_nobody_listens_on() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_refused_connection_is_said_in_the_interfaces_language(library_path):
    url = f"http://127.0.0.1:{port_nobody_listens_on()}/feed.xml"
    choose_language(DUTCH)
    [result] = run_fetch(Library(library_path), [Source(url)], settings=QUICK).results
    assert result.summary == "mislukt: verbinding geweigerd"


def test_a_url_with_a_character_no_url_may_hold_is_said_in_the_interfaces_language(library_path):
    # A hand-edited config.toml can list one; httpx refuses it in English (e9c8c80: refused before it is asked).
    url = f"http://127.0.0.1:{port_nobody_listens_on()}/feed\x1b.xml"
    choose_language(DUTCH)
    [result] = run_fetch(Library(library_path), [Source(url)], settings=QUICK).results
    assert result.summary == "mislukt: er staat een stuurteken in"


def test_a_host_not_found_and_a_failed_tls_handshake_are_said_in_the_interfaces_language(library_path, httpserver):
    def not_found(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    httpserver.expect_request("/feed.xml").respond_with_data("plain HTTP, no TLS")
    plain = httpserver.url_for("/feed.xml").replace("http://", "https://")  # a TLS client hello to a plain HTTP server
    for environment, missing, handshake in (
        (ENGLISH, "failed: host not found (DNS)", "failed: the server does not answer in TLS there (is the address http:// rather than https://?)"),
        (DUTCH, "mislukt: host niet gevonden (DNS)", "mislukt: de server antwoordt daar niet in TLS (is het adres http:// in plaats van https://?)"),
    ):
        choose_language(environment)
        [result] = run_fetch(Library(library_path), [Source("http://nieuws.example/feed.xml")], settings=QUICK, network=Network(resolve=not_found)).results
        assert result.summary == missing
        [result] = run_fetch(Library(library_path), [Source(plain)], settings=QUICK).results
        assert result.summary == handshake  # not OpenSSL's WRONG_VERSION_NUMBER


def tls_error(reason: str) -> ssl.SSLError:
    """The error OpenSSL gives for `reason`, as the ssl module makes it."""
    error = ssl.SSLError(1, f"[SSL: {reason}] {reason.lower().replace('_', ' ')} (_ssl.c:1006)")
    error.reason, error.library = reason, "SSL"
    return error


@pytest.mark.parametrize(
    ("reason", "dutch"),
    [
        ("CERTIFICATE_VERIFY_FAILED", "het certificaat van de site kan niet gecontroleerd worden"),
        ("WRONG_VERSION_NUMBER", "de server antwoordt daar niet in TLS (is het adres http:// in plaats van https://?)"),
        ("SSLV3_ALERT_HANDSHAKE_FAILURE", "de server en dit programma komen geen manier overeen om de verbinding te beveiligen"),
        ("UNSUPPORTED_PROTOCOL", "de server spreekt alleen een TLS-versie die niet aanvaard wordt (een oude)"),
        ("TLSV1_ALERT_PROTOCOL_VERSION", "de server spreekt alleen een TLS-versie die niet aanvaard wordt (een oude)"),
        ("UNEXPECTED_EOF_WHILE_READING", "de server brak de beveiligde verbinding af"),
        ("BAD_KEY_SHARE", "de beveiligde verbinding (TLS) mislukte (BAD_KEY_SHARE)"),  # a rare one: OpenSSL's name, to look up
    ],
)
def test_the_common_reasons_a_secure_connection_fails_are_said_in_the_interfaces_language(reason, dutch):
    choose_language(DUTCH)
    assert why(tls_error(reason)) == dutch


# -- the parsers -----------------------------------------------------------------------------------


def test_a_config_that_is_no_toml_says_where_in_the_interfaces_language(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[[source]]\nurl = "https://nieuws.example/feed"\nsection = Sport\n', encoding="utf-8")
    with pytest.raises(SourcesError) as english:
        load_config(config)
    assert str(english.value) == f"{config}: not valid TOML (Invalid value (at line 3, column 11)); fix or remove it"  # TOML's own words, as before
    choose_language(DUTCH)
    with pytest.raises(SourcesError) as dutch:
        load_config(config)
    assert str(dutch.value) == f"{config}: geen geldige TOML (regel 3, kolom 11); herstel of verwijder het bestand"


def test_a_config_that_is_no_utf8_says_where_in_the_interfaces_language(tmp_path):
    config = tmp_path / "config.toml"
    config.write_bytes(b'# Nieuws uit Zeeland\n[[source]]\nurl = "https://nieuws.example/\xe9"\n')
    with pytest.raises(SourcesError, match=r"config.toml: cannot read \(no UTF-8 text on line 3\)$"):
        load_config(config)
    choose_language(DUTCH)
    with pytest.raises(SourcesError, match=r"config.toml: kan niet lezen \(geen UTF-8-tekst op regel 3\)$"):
        load_config(config)


def test_an_opml_file_that_is_no_xml_says_where_in_the_interfaces_language():
    broken = b'<?xml version="1.0"?>\n<opml version="2.0"><body>\n<outline text="Nieuws" xmlUrl="https://nieuws.example/feed">\n</body></opml>\n'
    with pytest.raises(OpmlError, match=r"^not valid XML \(Opening and ending tag mismatch: outline line 3 and body"):
        read_opml(broken)
    choose_language(DUTCH)
    with pytest.raises(OpmlError) as dutch:
        read_opml(broken)
    assert str(dutch.value) == "geen geldige XML (regel 4, kolom 8)"


def test_a_damaged_marks_file_says_where_in_the_interfaces_language(tmp_path):
    marks = tmp_path / "shards.json"
    marks.write_bytes(b'{"state": {"1": {"read": true,\n  "starred": tru}}}')
    choose_language(DUTCH)
    with pytest.raises(StorageError) as dutch:
        read_json(marks)
    assert str(dutch.value) == f"{marks}: beschadigd bestand van de bibliotheek (regel 2, kolom 14); niet aangeraakt"


def test_preferences_that_json_cannot_hold_are_said_in_the_interfaces_language(tmp_path):
    from feeds.files import save_document

    preferences = tmp_path / "state.json"
    library = "/home/lezer/nieuws-\udce9.sqlite"  # a path that is no UTF-8, as os.fsdecode gives it
    with pytest.raises(StorageError) as english:
        save_document(preferences, {"places": {library: {}}})
    assert str(english.value) == f"{preferences}: cannot write (a character that cannot be written in UTF-8)"
    choose_language(DUTCH)
    for document, reason in (({"places": {library: {}}}, "een teken dat niet in UTF-8 te schrijven is"), ({"theme": 2**70}, "een waarde die JSON niet kan bevatten")):
        with pytest.raises(StorageError) as dutch:
            save_document(preferences, document)
        assert str(dutch.value) == f"{preferences}: kan niet schrijven ({reason})"
    assert not preferences.exists()


# -- export ----------------------------------------------------------------------------------------


def left_out(library_path: Path) -> list[str]:
    """The warnings of a feed made of one article, which cannot be written."""
    from conftest import CAPTURED
    from feedkit import article

    from feeds.out.export import FeedInfo, build_feed

    library = Library(library_path)
    library.add([(article("Kan niet geschreven worden"), CAPTURED)])
    warnings: list[str] = []
    build_feed(library.full_entries(library.entries()), "rss", FeedInfo.for_view(library_path, "http://127.0.0.1:8080/feed.rss"), now=CAPTURED, warn=warnings.append)
    return [warning.split(": ", 1)[1] for warning in warnings]


def test_an_article_the_feed_cannot_hold_is_left_out_in_the_interfaces_language(library_path, monkeypatch):
    import feeds.out.export

    monkeypatch.setattr(feeds.out.export, "article_html", lambda article: "<p>]]></p>")  # CDATA cannot hold its end
    assert left_out(library_path) == ["']]>' not allowed inside CDATA"]
    choose_language(DUTCH)
    assert left_out(library_path.with_name("nl.json")) == ["']]>' mag niet binnen CDATA staan"]


def test_what_lxml_will_not_write_is_said_in_the_interfaces_language(library_path, monkeypatch):
    import feeds.out.entries

    monkeypatch.setattr(feeds.out.entries, "_mark", lambda field: f"\x00{field}")  # lxml refuses the entry feedgen makes
    assert left_out(library_path) == ["a text with a character that XML does not allow (a control character or NUL)"]
    choose_language(DUTCH)
    assert left_out(library_path.with_name("nl.json")) == ["een tekst met een teken dat XML niet toestaat (een stuurteken of NUL)"]


def test_a_character_lxml_cannot_encode_is_said_in_the_interfaces_language():
    from lxml import etree

    with pytest.raises(UnicodeEncodeError) as refused:
        etree.Element("e").text = "half \ud800"  # a lone surrogate, which no UTF-8 text holds
    assert why(refused.value) == "a character that cannot be written in UTF-8"
    choose_language(DUTCH)
    assert why(refused.value) == "een teken dat niet in UTF-8 te schrijven is"


def answering_once(answer: bytes) -> str:
    """The URL of a server on this machine that answers its first request with `answer`, whatever it was, and stops."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(20)  # stops by itself when no request comes

    def answer_once() -> None:
        with listener:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            with client:
                client.recv(65536)
                try:
                    client.sendall(answer)
                except OSError:
                    pass  # the client stopped reading: what it read was enough to refuse

    threading.Thread(target=answer_once, daemon=True).start()
    return f"http://127.0.0.1:{listener.getsockname()[1]}/feed.xml"


@pytest.mark.parametrize(
    ("answer", "english", "dutch"),
    [
        (b"HTTP/1.1 200 OK\r\nX-Groot: " + b"a" * 2_000_000 + b"\r\n\r\n", "the server's headers are too large", "de headers van de server zijn te groot"),
        (b"HTTP/1.1 200 OK\r\n" + b"X: y\r\n" * 200_000 + b"\r\n", "the server's headers are too large", "de headers van de server zijn te groot"),
        (b"HTTP/1.1 200 OK\r\ngeen dubbelepunt\r\n\r\n", "the server sent a header that is no HTTP header", "de server stuurde een header die geen HTTP-header is"),
        (b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nkort", "the server broke off its answer, or it is no HTTP", "de server brak zijn antwoord af, of het is geen HTTP"),
    ],
    ids=["a header of megabytes", "headers by the hundred thousand", "a header line without a colon", "a body cut short"],
)
def test_a_broken_answer_is_said_by_what_is_wrong_with_it(library_path, answer, english, dutch):
    """Headers of megabytes were said as an answer broken off: the user looked for a fault of the network."""
    for language, said in ((ENGLISH, f"failed: {english}"), (DUTCH, f"mislukt: {dutch}")):
        choose_language(language)
        [result] = run_fetch(Library(library_path), [Source(answering_once(answer))], settings=QUICK).results
        assert result.summary == said
