"""Nothing a page, feed, file name or hand-edited library holds may drive the reader's terminal.

At ingest only http(s) links are stored, with controls and spaces percent-encoded;
at output every string passes the one terminal sanitiser.
"""

from __future__ import annotations

import json
import os
import re
import time
import unicodedata
from pathlib import Path

import pytest
from conftest import CAPTURED
from feedkit import article, feed_articles
from hypothesis import given, settings
from hypothesis import strategies as st
from pagekit import ArticlePage

from feeds.clean import TERMINAL_UNSAFE, clean_line, clean_text, terminal_safe
from feeds.imports import import_paths
from feeds.library import Library
from tui.app import NieuwsApp
from tui.preferences import Preferences
from tui.widgets.article_list import row_parts
from tui.widgets.reader import article_content

# The attack of the issue: retitle the terminal, then put `rm -rf ~/*` on the clipboard (OSC 52), then clear the screen.
ESCAPES = "\x1b]0;PWNED\x07\x1b]52;c;cm0gLXJmIH4vKgo=\x07\x1b[2J"
# Everything a terminal acts on: escape and CSI (7- and 8-bit), bell, DEL, a bidi override, a line separator.
UNSAFE = ("\x1b", "\x9b", "\x07", "\x7f", "\u202e", "\u2028")


def assert_harmless(text: str) -> None:
    for char in UNSAFE:
        assert char not in text, f"{char!r} in {text[:200]!r}"


def hostile_page(tmp_path: Path) -> Path:
    html = ArticlePage(
        "Dijk bij Vlissingen versterkt", [("p", "VLISSINGEN (ANP) - De dijk wordt dit jaar versterkt, meldt het waterschap.")], section="Zeeland"
    ).html(canonical="https://www.zeelandnet.nl/nieuws/x&#x1b;]0;PWNED&#x07;&#x1b;]52;c;cm0gLXJmIH4vKgo=&#x07;&#x1b;[2J")
    path = tmp_path / "dijk.html"
    path.write_text(html, encoding="utf-8")
    return path


# -- the one URL check ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "stored"),
    [
        ("https://www.zeelandnet.nl/nieuws/x" + ESCAPES, "https://www.zeelandnet.nl/nieuws/x%1B]0;PWNED%07%1B]52;c;cm0gLXJmIH4vKgo=%07%1B[2J"),
        ("https://www.zeelandnet.nl/nieuws/dijk bij goes", "https://www.zeelandnet.nl/nieuws/dijk%20bij%20goes"),
        ("https://example.org/\u202eexe.txt", "https://example.org/%E2%80%AEexe.txt"),
        ("https://example.org/a\u3164b\U0001d173", "https://example.org/a%E3%85%A4b%F0%9D%85%B3"),  # fillers and format characters too
        ("  HTTP://Example.org/a\n", "HTTP://Example.org/a"),
        ("https://café.nl/één", "https://café.nl/één"),
        ("https://[::1]:8080/feed", "https://[::1]:8080/feed"),
    ],
)
def test_web_links_are_stored_with_controls_and_spaces_percent_encoded(url, stored):
    from feeds.urls import web_url

    assert web_url(url) == stored


@pytest.mark.parametrize(
    "url",
    ids=lambda url: repr(url)[:40],
    argvalues=["javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\nscript:alert(1)", "file:///etc/passwd", "data:text/html,<script>x</script>",
     "vbscript:x", "mailto:a@b.nl", "//www.zeelandnet.nl/nieuws", "nieuws/x", "https://", "https://ex\x1bample.org/",
     "https://[::1/", "http://x:99999/", "https://x.nl/" + "a" * 9000, ""],
)  # fmt: skip
def test_other_schemes_and_broken_urls_are_never_links(url):
    from feeds.urls import web_url

    assert web_url(url) is None


def test_a_canonical_link_with_escapes_is_stored_percent_encoded(tmp_path, library_path):
    library = Library(library_path)
    report = import_paths(library, [hostile_page(tmp_path)], CAPTURED)
    assert report.new == 1 and not report.failed
    [entry] = Library(library_path).entries()
    assert entry.article.url.startswith("https://www.zeelandnet.nl/nieuws/x%1B]0;PWNED%07")
    assert_harmless(entry.article.url)


def test_javascript_and_file_links_on_a_page_are_not_stored(tmp_path, library_path):
    html = ArticlePage("Brug dicht", [("p", "ZIERIKZEE (ANP) - De brug is de hele week dicht voor groot onderhoud.")], section="Zeeland").html(
        canonical="javascript:alert(document.cookie)"
    )
    page = tmp_path / "brug.html"
    page.write_text(html, encoding="utf-8")
    import_paths(Library(library_path), [page], CAPTURED)
    [entry] = Library(library_path).entries()
    assert entry.article.url.startswith("https://www.zeelandnet.nl/nieuws/")


def test_a_feed_entry_link_with_escapes_is_stored_without_them_and_a_javascript_one_not_at_all():
    """XML has no room for a reference to ESC or BEL: the escape sequences they spell are dropped whole as the feed is read."""
    referenced = ESCAPES.replace("\x1b", "&#x1b;").replace("\x07", "&#x7;")
    feed = f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>T</title>
    <item><title>Escapes</title><link>https://example.org/a{referenced}</link></item>
    <item><title>Script</title><link>javascript:alert(1)</link></item>
    <item><title>Bestand</title><link>file:///etc/passwd</link><guid>file:///etc/shadow</guid></item>
    </channel></rss>""".encode()
    articles = feed_articles(feed)
    assert [a.title for a in articles] == ["Escapes"]
    assert articles[0].url == "https://example.org/a"


# -- the one sanitiser, at every output ------------------------------------------------------


def test_the_sanitiser_shows_what_a_terminal_would_act_on_as_visible_escapes():
    assert terminal_safe("a" + ESCAPES + "\u202eb\ud800") == "a\\x1b]0;PWNED\\x07\\x1b]52;c;cm0gLXJmIH4vKgo=\\x07\\x1b[2J\\u202eb\\ud800"
    assert terminal_safe("Eén café in Goes — 3 °C") == "Eén café in Goes — 3 °C"
    assert terminal_safe("Nieuws\u3164\uffa0\U0001d173") == "Nieuws\\u3164\\uffa0\\U0001d173"
    england = "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"  # a flag spelled with tag characters
    assert terminal_safe(f"{england} Engeland wint") == f"{england} Engeland wint"


@pytest.mark.parametrize("text", ["Kaai\x9b open", "Kaai\x9bopen", "Sec\x9b 2J", "\x9b\x9b[31mKaai\x9b"])
def test_an_8_bit_csi_in_text_costs_no_character_after_it_and_reaches_no_terminal(text):
    """U+009B in text is Windows-1252's › read as Latin-1, or a `&#155;`. Cleaned as the start of an escape
    sequence, it took the text after it along up to a letter (any letter ends one): 'Kaai\x9b open' became
    'Kaaipen'. The control alone is deleted (an escape that starts with ESC still as a whole, and one of U+009B that
    is parameters and a final byte, test_escape_sequences); shown, it is an escape."""
    kept = text.replace("\x9b", "")
    assert clean_text(text) == kept and clean_line(text) == " ".join(kept.split())
    assert clean_text(text + "\x1b[31m open") == kept + " open"
    assert terminal_safe(text) == text.replace("\x9b", "\\x9b")
    title = text.replace("\x9b", "&#155;")
    feed = f"<rss><channel><title>T</title><item><title>{title}</title><link>https://example.org/a</link></item></channel></rss>"
    assert [article.title for article in feed_articles(feed.encode())] == [" ".join(kept.split())]


def test_a_joiner_between_two_letters_or_emoji_reaches_the_terminal_and_any_other_is_shown_escaped():
    assert terminal_safe("👩\u200d💻 en می\u200cخواهم") == "👩\u200d💻 en می\u200cخواهم"
    assert terminal_safe("\u200d\x1b[2J \u200da \u200cb\u200d\u200d") == "\\u200d\\x1b[2J \\u200da \\u200cb\\u200d\\u200d"


def test_a_soft_hyphen_is_left_out_of_a_feeds_text_and_of_what_the_terminal_is_shown_but_kept_in_json(cli, library_path):
    """Dutch web text is full of `&shy;`: it was shown as the four characters `\\xad` in a title or a paragraph."""
    feed = (
        "<rss version='2.0'><channel><title>Omroep&shy;Zeeland</title><item><title>Zero width\u2060title\u00ad soft Zee&shy;land</title>"
        "<link>https://example.org/a</link><description>&lt;p&gt;Het water&amp;shy;schap\u00ad meldt&lt;/p&gt;&lt;p&gt;Ver&amp;shy;der&lt;/p&gt;</description></item></channel></rss>"
    )
    (read,) = feed_articles(feed.encode())
    assert (read.title, read.lead, [block.text for block in read.body], read.section) == ("Zero widthtitle soft Zeeland", "Het waterschap meldt", ["Verder"], "OmroepZeeland")
    assert terminal_safe("Zee\u00adland \u00ad\u200d\U0001f4bb a\u00ad\u200db") == "Zeeland \\u200d\U0001f4bb a\u200db"  # a joiner beside it is judged as if it were not there
    Library(library_path).add([(article("Dijk\u00adwerk", section="Zee\u00adland", lead="Water\u00adschap"), CAPTURED)])  # stored before they were deleted
    env = {"NIEUWS_TUI_DB": str(library_path)}
    assert "Dijkwerk" in cli("list", env=env).stdout and "Zeeland" in cli("sections", env=env).stdout
    [listed] = json.loads(cli("list", "--json", env=env).stdout)
    assert (listed["title"], listed["lead"]) == ("Dijk\u00adwerk", "Water\u00adschap")
    [entry] = Library(library_path).entries()
    assert "Waterschap" in article_content(Library(library_path).article(entry.id), entry, CAPTURED).plain


@settings(max_examples=300, deadline=None)
@given(st.text(st.one_of(st.characters(), st.sampled_from(["\x1b", "\x9b", "\u200d", "\u200c", "\u202e", "a", "👩"]))))
def test_nothing_the_sanitiser_lets_through_can_start_an_escape_sequence(text):
    shown = terminal_safe(text)
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in shown)
    assert all(c in "\u200c\u200d" for c in re.findall(f"[{TERMINAL_UNSAFE}]", shown))


def test_json_escapes_read_back_as_the_same_text():
    import json

    title = "Muziek\U0001d173 \x1b[2J en \u202e"
    assert json.loads(terminal_safe(json.dumps(title, ensure_ascii=False), json=True)) == title


_JOINED = {"Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "So"}
# A subdivision flag: the black flag, the tags of a code, CANCEL TAG.
_FLAG = "\U0001f3f4[\U000e0030-\U000e0039\U000e0061-\U000e007a]{3,7}\U000e007f"


def _joins(char: str) -> bool:
    code = ord(char)
    return (code < 0x40000 or 0xE0000 <= code < 0xE1000) and (unicodedata.category(char) in _JOINED or 0x1F3FB <= code <= 0x1F3FF)


def _shown_one_by_one(text: str, as_json: bool) -> str:
    """What terminal_safe shows, spelled out a character at a time."""
    shown = []
    if not as_json:
        text = text.replace("\xad", "")
    of_flags = {at for flag in re.finditer(_FLAG, text) for at in range(*flag.span())}
    for at, char in enumerate(text):
        code = ord(char)
        joining = char in "\u200c\u200d" and 0 < at < len(text) - 1 and _joins(text[at - 1]) and _joins(text[at + 1])
        if not re.fullmatch(f"[{TERMINAL_UNSAFE}]", char) or joining or at in of_flags or (as_json and char == "\n"):
            shown.append(char)
        elif as_json:
            shown.append(json.dumps(char)[1:-1] if code > 0xFFFF else f"\\u{code:04x}")
        elif 0xDCA0 <= code <= 0xDCFF:  # a byte of a file name that is no UTF-8 (surrogateescape), shown as the byte
            shown.append(f"\\x{code - 0xDC00:02x}")
        else:
            shown.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    return "".join(shown)


@settings(max_examples=300, deadline=None)
@given(st.text(st.one_of(st.characters(), st.sampled_from(["\x1b", "\n", "\t", "\r", "\x08", "\x0c", "\u200d", "\u200c", "\u3164", "\xad", "a", "👩", "\U000e0067", " ", "\\", "\U0001f3f4", "\U000e007f", "\U000e0041", "\u0600"]))), st.booleans())
def test_the_sanitiser_escapes_each_character_a_terminal_could_act_on_as_if_one_by_one(text, as_json):
    assert terminal_safe(text, json=as_json) == _shown_one_by_one(text, as_json)


# Five million characters each: with a call of Python for each escape, these took 3–4 s (15 MB of UTF-8 for the
# last two); now some 0.2 s.
_MANY = 5_000_000


@pytest.mark.parametrize("text", ["\x1b" * _MANY, "\u202e" * _MANY, "\ud800" * _MANY], ids=["escapes", "bidi-overrides", "surrogates"])
@pytest.mark.parametrize("as_json", [False, True], ids=["shown", "json"])
def test_millions_of_characters_a_terminal_could_act_on_are_escaped_in_well_under_a_second(text, as_json):
    started = time.process_time()
    terminal_safe(text, json=as_json)
    assert time.process_time() - started < 1


def hand_edited(library_path: Path) -> Library:
    """A library file edited by hand: no ingest check ran on what it holds."""
    library = Library(library_path)
    library.add([(article("Titel" + ESCAPES, url="https://x.nl/" + ESCAPES, section="Sec\x9b2J", place="GOES\x1b[5m", lead="Aanhef\u202e."), CAPTURED)])
    return library


def test_list_and_sections_never_print_escapes_even_from_a_hand_edited_library(cli, library_path):
    hand_edited(library_path)
    env = {"NIEUWS_TUI_DB": str(library_path)}
    for command in (["list"], ["sections"]):
        result = cli(*command, env=env)
        assert result.returncode == 0
        assert_harmless(result.stdout)
    assert "Titel\\x1b]0;PWNED\\x07" in cli("list", env=env).stdout


def test_list_json_keeps_the_data_and_escapes_it_for_the_terminal(cli, library_path):
    hand_edited(library_path)
    result = cli("list", "--json", env={"NIEUWS_TUI_DB": str(library_path)})
    assert_harmless(result.stdout)
    [listed] = json.loads(result.stdout)
    assert listed["title"] == "Titel" + ESCAPES and listed["section"] == "Sec\x9b2J" and listed["lead"] == "Aanhef\u202e."


def test_error_lines_show_hostile_file_names_escaped(cli, tmp_path, library_path):
    page = tmp_path / f"pagina{ESCAPES}.txt"
    page.write_bytes(b"\x00\x01\x02binary" * 100)
    result = cli("import", str(page), env={"NIEUWS_TUI_DB": str(library_path)})
    assert result.returncode == 1
    assert_harmless(result.stderr)
    assert "pagina\\x1b]0;PWNED\\x07" in result.stderr


def test_the_reader_and_the_list_rows_show_escapes_harmlessly(library_path):
    [entry] = hand_edited(library_path).entries()
    full = Library(library_path).article(entry.id)
    shown = article_content(full, entry, CAPTURED).plain
    assert_harmless(shown)
    assert "https://x.nl/\\x1b]0;PWNED" in shown
    for width in (40, 80, 160):
        assert_harmless("".join(row_parts(entry, width, CAPTURED)))


async def test_opening_a_hostile_article_in_the_app_writes_no_escapes_and_o_opens_only_web_links(library_path, browser):
    library = hand_edited(library_path)
    library.add([(article("Script", url="javascript:alert(1)"), CAPTURED)])
    app = NieuwsApp(Library(library_path), now=lambda: CAPTURED, preferences=Preferences())
    async with app.run_test(size=(120, 40)) as pilot:
        for title in ("Script", "Titel" + ESCAPES):
            app.articles.focus()  # (the reader has the keys once an article is open)
            app.articles.move_to(next(i for i, e in enumerate(app.articles.items) if e.article.title == title))
            await pilot.press("enter")
            await pilot.press("o")
            await pilot.pause(0.2)
            screen = "\n".join(line.text for line in app.screen._compositor.render_strips())
            assert_harmless(screen)
            assert_harmless("".join(str(n.message) for n in app._notifications))
    assert browser.opened == ["https://x.nl/%1B]0;PWNED%07%1B]52;c;cm0gLXJmIH4vKgo=%07%1B[2J"]


_URL_PIECES = st.sampled_from(["http://", "https://", "HTTP://", "javascript:", "//", "", "www.example.org", "a.b", "-", ".", ":8080", ":99999",
                               "@", "user@", "/", "/nieuws/x", "?", "?q=1", ";", ";p", "#f", "%20", " ", "\x1b", "\u202e", "é", "..", "_", "~"])  # fmt: skip


@given(st.lists(_URL_PIECES, max_size=8).map("".join), st.sampled_from([None, "https://www.zeelandnet.nl/nieuws/", "http://127.0.0.1:8080/a/b"]))
def test_the_quick_way_through_the_url_check_agrees_with_every_step_taken(url, base):
    from feeds.urls import checked_web_url, web_url

    assert web_url(url, base) == checked_web_url(url, base)


@given(st.lists(_URL_PIECES, max_size=8).map("".join), st.sampled_from(["", "/", "//", "/?q=1"]))
def test_a_link_keeps_the_slash_its_path_ends_in_and_its_id_is_the_one_made_without_it(url, end):
    """A link was stored without the '/' its path ends in, which a server that does not redirect `/post` to `/post/`
    answers 404. Kept now, it makes the id it made without it: another would orphan the read marks of a library."""
    from urllib.parse import urlsplit

    from feeds.urls import article_id, link_url, normalize_url, web_url

    linked = web_url(url + end)
    if linked is not None:
        assert normalize_url(link_url(linked)) == normalize_url(linked) and article_id(link_url(linked)) == article_id(linked)
        assert urlsplit(link_url(linked)).path == (urlsplit(linked).path or "/")


_C0_OR_SPACE = [chr(code) for code in range(0x21)]


@pytest.mark.parametrize("character", _C0_OR_SPACE)
def test_a_link_with_a_c0_control_or_space_at_either_end_is_read_as_browsers_read_it(character):
    """A page link ending in \\x1f was stored as `…%1F`, and one starting with it was no link at all: browsers
    trim C0 controls and spaces from both ends (WHATWG URL standard), and so does every reading of an address."""
    from feeds.urls import address_key, normalize_url, web_url

    assert web_url("https://x.nl/a" + character) == web_url(character + "https://x.nl/a") == "https://x.nl/a"
    assert normalize_url("https://x.nl/a" + character) == normalize_url(character + "https://x.nl/a") == "https://x.nl/a"
    assert address_key("https://x.nl/a" + character) == address_key(character + "https://x.nl/a") == "https://x.nl/a"


@pytest.mark.parametrize("character", ["\x85", "\xa0", "\u2028", "\u2029", "\u3000"])
def test_unicode_white_space_at_the_end_of_a_link_is_no_part_of_it_and_its_stored_storys_id_stays(character):
    """str.strip() took these off a link's ends for its id before; taken as part of it, a story stored then came back
    under another id, a duplicate, at its next fetch, and its link opened as …%C2%A0, which no site has. (A source's
    address holding one is refused before it is read: sources add, and config.toml's at each fetch.)"""
    from feeds.urls import address_key, article_id, normalize_url, web_url

    assert normalize_url("https://x.nl/a" + character) == "https://x.nl/a"
    assert article_id("https://x.nl/a" + character) == article_id("https://x.nl/a")
    assert web_url("https://x.nl/a" + character) == "https://x.nl/a"
    assert address_key("https://x.nl/a" + character) == address_key("https://x.nl/a")


def test_a_locale_that_cannot_spell_a_title_or_an_address_is_written_escapes_and_the_fetch_is_done(tmp_path, httpserver):
    """In a Latin-1 or ASCII locale a Chinese title or address (or a `€`) ended `list`, `sections` and `fetch` in a
    traceback: the fetch stopped at the first such line, its articles unstored."""
    import subprocess

    from conftest import nieuws_tui_command

    title = "世界新闻 € 🌍"
    feed = f"<rss version='2.0'><channel><title>Wereld</title><item><title>{title}</title><link>https://nieuws.example/wereld</link>"
    httpserver.expect_request("/feed.xml").respond_with_data(feed + "<category>国际</category></item></channel></rss>", content_type="application/rss+xml")
    environment = {**os.environ, "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite"), "NIEUWS_TUI_CONFIG": str(tmp_path / "config.toml")}

    def run(*args: str, encoding: str = "ascii") -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([*nieuws_tui_command(), *args], env={**environment, "PYTHONIOENCODING": encoding}, capture_output=True, timeout=60)

    for url in ("http://127.0.0.1:1/世界/feed.xml", httpserver.url_for("/feed.xml")):
        assert run("sources", "add", url).returncode == 0
    fetched = run("fetch")
    assert b"Traceback" not in fetched.stderr and b"failed http://127.0.0.1:1/\\u4e16\\u754c" in fetched.stdout, fetched.stderr
    for encoding in ("ascii", "iso8859-1"):
        listed, sections = run("list", encoding=encoding), run("sections", encoding=encoding)
        assert (listed.returncode, sections.returncode) == (0, 0), (listed.stderr, sections.stderr)
        assert b"\\u4e16\\u754c" in listed.stdout and b"\\u56fd\\u9645" in sections.stdout
        assert json.loads(run("list", "--json", encoding=encoding).stdout)[0]["title"] == title  # the same data, in escapes
    assert json.loads(run("list", "--json", encoding="utf-8").stdout.decode())[0]["title"] == title


def test_a_section_is_padded_as_each_standard_output_spells_it(tmp_path, monkeypatch):
    """A program that runs the command line twice in its own process, the second time with another standard output,
    got the first one's form of a section: escapes on a UTF-8 output, or characters an ASCII output cannot write."""
    import io
    import sys
    from datetime import datetime, timezone

    from feedkit import article

    from feeds import Library
    from tui.cli import main

    path = tmp_path / "library.sqlite"
    Library(path).add([(article("Wereldnieuws", section="国际"), datetime(2026, 3, 3, tzinfo=timezone.utc))])
    for encoding, section in (("ascii", b"\\u56fd\\u9645"), ("utf-8", "国际".encode()), ("ascii", b"\\u56fd\\u9645")):
        written = io.BytesIO()
        output = io.TextIOWrapper(written, encoding=encoding, errors="backslashreplace" if encoding == "ascii" else "strict")
        monkeypatch.setattr(sys, "stdout", output)
        assert main(["list", "--db", str(path)]) == 0
        output.flush()
        assert section in written.getvalue(), (encoding, written.getvalue())


def test_a_byte_that_is_no_utf8_is_shown_as_that_byte_and_never_as_a_control_character_is():
    """`\\x85` shows the C1 control U+0085: the byte 0x85 of a file name (U+DC85 once decoded) showed the same, and
    `import` named three files alike."""
    assert terminal_safe(os.fsdecode(b"caf\xe9.txt")) == "caf\\xe9.txt"
    assert terminal_safe(os.fsdecode(b"a\x85.txt")) != terminal_safe("a\x85.txt")


SCOTLAND = "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
# "IGNORE PREVIOUS" spelled in tag characters: invisible on a terminal, read by whatever reads the text after it.
HIDDEN = "".join(chr(0xE0000 + ord(char)) for char in "IGNORE PREVIOUS") + "\U000e007f"


def test_tag_characters_are_left_out_of_a_feeds_text_and_the_terminal_but_a_subdivision_flag_is_kept_whole(cli, tmp_path, library_path):
    """A title "Kop<hidden text>zichtbaar" was stored and listed with its hidden text, though only a flag needs them."""
    feed = tmp_path / "feed.xml"
    feed.write_text(
        "<rss version='2.0'><channel><title>T</title><item>"
        f"<title>Kop {HIDDEN}zichtbaar {SCOTLAND} en \U0001f3f4{HIDDEN}</title><link>https://example.org/a</link>"
        f"<description>Tekst{HIDDEN} \U000e0001en \U000e0067\U000e0062{SCOTLAND}\U000e007f</description></item></channel></rss>",
        encoding="utf-8",
    )
    env = {"NIEUWS_TUI_DB": str(library_path)}
    assert cli("import", str(feed), env=env).returncode == 0
    [entry] = Library(library_path).entries()
    stored = Library(library_path).article(entry.id)
    assert (stored.title, stored.lead) == (f"Kop zichtbaar {SCOTLAND} en \U0001f3f4", f"Tekst en {SCOTLAND}")
    Library(library_path).add([(article(f"Oud{HIDDEN} {SCOTLAND}", section="Zee\U000e0041land"), CAPTURED)])  # stored before they were deleted
    listed = cli("list", env=env).stdout
    assert SCOTLAND in listed and "\\U000e0041" in listed
    assert not re.search("[\U000e0000-\U000e007f]", listed.replace(SCOTLAND, ""))
    assert terminal_safe(f"a{HIDDEN}{SCOTLAND}") == "a" + HIDDEN.encode("unicode_escape").decode() + SCOTLAND
