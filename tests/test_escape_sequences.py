"""Terminal escape sequences in what is stored: removed whole, never their body left behind as text ("Evil [31mFeed")."""

from __future__ import annotations

import html
import time

import pytest
from feedkit import RSS2
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from test_fetch import fetch
from werkzeug import Response

from feeds.clean import OSC_MOST, clean_line, clean_lines, clean_text, escapes_removed
from feeds.library import Library
from feeds.pages.syndication import entry_article, read_feed
from feeds.pages.xml_repair import xml_readable

FAST = settings(max_examples=200, deadline=None)

# Text around a sequence: letters, digits, spaces and the brackets a sequence's body is made of, but no control.
_TEXT = st.text(st.sampled_from([*"ab [];?m0123 ", "é", "ë", "›"]), max_size=12)
_CSI = st.builds(
    lambda params, middle, final: f"[{params}{middle}{final}",
    st.text(st.sampled_from("0123456789:;<=>?"), max_size=20),
    st.text(st.sampled_from(" !\"#$%&'()*+,-./"), max_size=2),
    st.sampled_from([chr(c) for c in range(0x40, 0x7F)]),
)
_OSC = st.builds(lambda body, end: f"]{body}{end}", st.text(st.sampled_from([*"08;:/.x ", "é"]), max_size=20), st.sampled_from(["\x07", "\x1b\\"]))
_SHORT = st.builds(lambda middle, final: middle + final, st.text(st.sampled_from(" #()%"), max_size=2), st.sampled_from([chr(c) for c in range(0x30, 0x7F) if chr(c) not in "[]"]))
_SEQUENCE = st.builds("\x1b{}".format, st.one_of(_CSI, _OSC, _SHORT))


@FAST
@given(_TEXT, _SEQUENCE, _TEXT)
def test_an_escape_sequence_in_text_is_removed_whole(before, sequence, after):
    assert clean_line(before + sequence + after) == clean_line(before + after)
    assert clean_lines(before + sequence + after) == clean_lines(before + after)


@FAST
@given(st.lists(st.one_of(_TEXT, _SEQUENCE, st.sampled_from(["\x1b", "\x9b", "\x1b[", "\x1b]", "[31m"]), st.characters()), max_size=12).map("".join))
def test_cleaned_text_holds_no_escape_and_no_c1_control(text):
    for clean in (clean_line, clean_lines, clean_text):
        cleaned = clean(text)
        assert "\x1b" not in cleaned and not any(0x80 <= ord(c) <= 0x9F for c in cleaned)
        assert clean(cleaned) == cleaned


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        ("Evil \x1b[31mFeed", "Evil Feed"),
        ("Evil \x1b[38;2;255;0;0mrood\x1b[0m", "Evil rood"),
        # The 8-bit CSI is Windows-1252's › a writer meant, read as Latin-1 or as `&#155;`: deleted alone, no sequence.
        ("\u009b100m finale", "100m finale"),
        ("\u009b4K tv", "4K tv"),
        ("Evil \x9b31mFeed", "Evil 31mFeed"),
        ("Kaai \u203a100m \u203a4K", "Kaai \u203a100m \u203a4K"),
        ("\x1b]0;gehackt\x07Titel", "Titel"),
        ("\x1b]8;;https://e.nl/\x1b\\link\x1b]8;;\x1b\\ hier", "link hier"),
        ("Reset\x1bc en opslaan\x1b7 klaar\x1b(B", "Reset en opslaan klaar"),
        ("Kaai\x9b open", "Kaai open"),  # Windows-1252's › read as Latin-1: no sequence, no letter lost
        ("Code [31m zonder escape", "Code [31m zonder escape"),
    ],
)
def test_escape_sequences_are_removed_and_text_like_their_body_is_kept(text, cleaned):
    assert clean_line(text) == cleaned


def test_an_osc_whose_end_is_further_than_any_terminal_keeps_its_text():
    words = "woord " * 1000
    assert clean_line(f"Hallo \x1b]2;{words}\x07wereld") == f"Hallo {words}wereld"


def test_a_sequence_that_never_ends_costs_no_time_and_leaves_no_escape():
    text = "\x1b[" + "1" * 1_000_000
    started = time.perf_counter()
    cleaned = clean_line(text * 2)
    assert time.perf_counter() - started < 1
    assert "\x1b" not in cleaned


@pytest.mark.parametrize("escape", [b"&#x1b;", b"&#27;", b"&#x001B;", b"\x1b"])
def test_a_feed_holding_an_escape_sequence_has_it_removed_whole_from_every_field(escape):
    evil = b"Evil " + escape + b"[31mFeed"
    data = (
        b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>' + evil + b"</title><link>https://e.nl/</link>"
        b"<item><title>" + evil + b"</title><link>https://e.nl/a</link><author>" + evil + b"</author><description>" + evil + b" is de tekst</description></item>"
        b"</channel></rss>"
    )
    feed = read_feed(data, "https://e.nl/feed")
    article = entry_article(feed.entries[0], None, "https://e.nl/feed")
    assert article is not None
    assert feed.title == "Evil Feed" and article.title == "Evil Feed" and article.author == "Evil Feed" and article.lead == "Evil Feed is de tekst"


def test_a_white_space_control_in_a_title_or_text_is_a_space_as_a_tab_is():
    """A vertical tab or form feed was deleted, running the words on either side into one (`andvtff`), where a tab
    became a space; so were the information separators and NEL, which str.split() takes for white space too. (Written
    as they are or as references: XML has no room for the C0 controls but the tab, yet a feed's text is read all the same.)"""
    controls = ["\t", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x1f", "\x85", "\u2028", "\u2029"]
    title = "".join(f"w{at}&#{ord(control)};" for at, control in enumerate(controls)) + "eind"
    data = RSS2.replace(b"<title>Dijk bij", b"<title>tab\there\tand\vvt\fff " + title.encode() + b" Dijk bij", 1)
    article = entry_article(read_feed(data, "https://e.nl/feed").entries[0], None, "https://e.nl/feed")
    assert article is not None
    assert article.title.startswith("tab here and vt ff w0 w1 w2 w3 w4 w5 w6 w7 w8 w9 eind Dijk bij")
    for control in controls:
        assert clean_line(f"a{control}b") == "a b"
        assert clean_text(f"a{control}b") in ("a b", "a\nb"), repr(control)


def test_an_escape_in_a_tag_costs_no_entry_and_no_letter_of_the_tag():
    data = RSS2.replace(b"<title>Dijk", b"<tit\x1ble>Dijk", 1).replace(b"</title></item>", b"</title\x1b></item>", 1)
    titles = [entry.title for entry in read_feed(data).entries]
    assert titles == [entry.title for entry in read_feed(RSS2).entries]


def test_a_feed_read_twice_stores_the_same_text(httpserver, tmp_path):
    library = Library(tmp_path / "library.sqlite")
    data = RSS2.replace(b"<title>Dijk bij", b"<title>Dijk &#x1b;[1mbij\x1b[0m")
    httpserver.expect_request("/rss").respond_with_handler(lambda request: Response(data, content_type="application/rss+xml"))
    [first] = fetch(library, httpserver.url_for("/rss")).results
    [again] = fetch(Library(library.path), httpserver.url_for("/rss")).results
    assert not first.error and (again.new, again.updated) == (0, 0)
    assert "Dijk bij Vlissingen versterkt" in [headline.title for headline in Library(library.path).headlines()]


def _feed(title: bytes, description: bytes = b"tekst") -> bytes:
    return (
        b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>F</title><link>https://e.nl/</link>'
        b"<item><title>" + title + b"</title><link>https://e.nl/a</link><description>" + description + b"</description></item>"
        b"</channel></rss>"
    )


def _read(data: bytes) -> tuple[str, str]:
    article = entry_article(read_feed(data, "https://e.nl/feed").entries[0], None, "https://e.nl/feed")
    assert article is not None
    return article.title, article.lead


@pytest.mark.parametrize("escape", [b"\x1b", b"&#x1b;", b"&#27;"])
@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (b"<![CDATA[Evil ESC[31mFeed]]>", "Evil Feed"),
        (b"Evil ESC[31mFeed -&gt; meer", "Evil Feed -> meer"),
        (b"Evil ESC[31mFeed -> meer", "Evil Feed -> meer"),
        (b"Evil Feed ESC[>", "Evil Feed"),
    ],
)
def test_a_sequence_before_a_greater_than_or_in_cdata_is_removed_whole(escape, title, expected):
    if escape != b"\x1b" and b"CDATA" in title:
        pytest.skip("a reference in a CDATA section is text")
    assert _read(_feed(title.replace(b"ESC", escape)))[0] == expected


@pytest.mark.parametrize("escape", [b"\x1b", b"&#x1b;"])
def test_an_escape_in_a_cdata_section_of_html_is_removed_with_its_sequence(escape):
    assert _read(_feed(b"T", b"<![CDATA[<p>Hallo " + escape + b"[31mrood</p>]]>"))[1] == "Hallo rood"


def _seconds(data: bytes) -> float:
    started = time.perf_counter()
    xml_readable(data)
    return time.perf_counter() - started


@pytest.mark.parametrize("repeated", [b"&#27;c", b"&#27;[1m", b"\x1b[1m", b"\x1bcx", b"&#27;]x", b"&#27[1m", b'<a href="x\x1b[1m" t=\'&#27;\'>', b'<a t="x&#27;'])
def test_escape_references_cost_time_in_proportion_to_the_feed(repeated):
    def feed(count: int) -> bytes:
        return b"<rss><title>" + repeated * count + b"></title></rss>"

    once, four_times = (min(_seconds(feed(count)) for _ in range(3)) for count in (20_000, 80_000))
    assert four_times < 10 * max(once, 0.02)  # quadratic, it took 16 times as long: 9.7 s for 20,000
    assert four_times < 2


@pytest.mark.parametrize("escape", [b"\x1b", b"&#x1b;", b"&#27;"])
def test_an_osc_never_ended_keeps_the_words_after_it(escape):
    assert _read(_feed(b"Hallo " + escape + b"]0;gehackt wereld"))[0] == "Hallo gehackt wereld"
    lead = _read(_feed(b"T", b"Hallo " + escape + b"]8;;https://x.nl/ link. Tweede zin van het verhaal.\nDerde regel."))[1]
    assert lead.startswith("Hallo link. Tweede zin van het verhaal.")


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        ("Hallo \x1b]0;gehackt wereld", "Hallo gehackt wereld"),
        ("Hallo \x1b]8;;https://x.nl/ link. Tweede zin", "Hallo link. Tweede zin"),
        ("Voetbal \x9b2e helft", "Voetbal 2e helft"),
        ("Sport \x9b1e klasse", "Sport 1e klasse"),
    ],
)
def test_text_after_an_unended_osc_or_a_windows_1252_quote_is_kept(text, cleaned):
    assert clean_line(text) == cleaned


@pytest.mark.parametrize("codec", [b"iso-8859-1", b"windows-1252"])
def test_an_8_bit_csi_spelled_as_a_windows_1252_quote_loses_no_word(codec):
    data = (
        b'<?xml version="1.0" encoding="' + codec + b'"?><rss version="2.0"><channel><title>F</title><item><title>Sport \x9b1e klasse'
        b"</title><link>https://e.nl/a</link><description>Voetbal &#155;2e helft</description></item></channel></rss>"
    )
    title, lead = _read(data)
    assert (title, lead) == ("Sport ›1e klasse", "Voetbal 2e helft")


def test_a_guid_holding_an_escape_is_the_same_identity_as_before_escapes_were_marked():
    data = _feed(b"T").replace(b"<link>https://e.nl/a</link>", b"<link>https://e.nl/a</link><guid isPermaLink=\"false\">id-\x1b[1m-&#7;7</guid>")
    [entry] = read_feed(data, "https://e.nl/feed").entries
    assert entry.guid == "id-[1m-7"


@pytest.mark.parametrize("forged", ["\ufdd0".encode(), "\ufdd1".encode(), b"&#xFDD0;", b"&#64976;", b"&#xfdd1", b"<![CDATA[\xef\xb7\x90]]>"])
def test_a_noncharacter_written_in_a_feed_is_no_escape_and_eats_no_letter(forged):
    # A BEL's mark would end the OSC before it: a sequence that never ends keeps the words after its introducer.
    title, lead = _read(_feed(b"Ga " + forged + b"Zeeland", b"Hallo &#x1b;]0;gehackt " + forged + b"wereld"))
    assert (title, lead) == ("Ga Zeeland", "Hallo gehackt wereld")


@pytest.mark.parametrize("named", ["iso-8859-1", "windows-1252"])
def test_a_noncharacter_in_a_feed_in_utf8_named_latin_1_eats_no_letter_either(named):
    """Named Latin-1, only the references were deleted; its bytes then read as the UTF-8 they are ('Ga eeland café')."""
    feed = _feed("Ga \ufdd0Zeeland café".encode(), "Hallo \ufdd1wereld".encode()).replace(b'encoding="utf-8"', f'encoding="{named}"'.encode())
    assert _read(feed) == ("Ga Zeeland café", "Hallo wereld")


@pytest.mark.parametrize("escape", [b"&#x1b", b"&#27", b"&#x001B"])
def test_an_escape_reference_without_its_semicolon_is_removed_with_its_sequence(escape):
    title, lead = _read(_feed(b"Evil " + escape + b"[2JFeed", b"Evil " + escape + b"[31mrood &#271; &#x1b3"))
    assert (title, lead) == ("Evil Feed", "Evil rood \u010f \u01b3")


@pytest.mark.parametrize("escape", [b"\x1b", b"&#x1b;", b"&#27"])
def test_a_sequence_in_an_attribute_or_a_date_is_removed_whole(escape):
    data = _feed(b"T", b"&lt;p&gt;Hallo &lt;img src='https://e.nl/i.jpg' alt='a" + escape + b"[2Jb'&gt;&lt;/p&gt;").replace(
        b"<link>https://e.nl/a</link>",
        b'<link>https://e.nl/a</link><enclosure url="https://e.nl/x' + escape + b'[2J.mp3" type="audio/mpeg" length="1"/>'
        b"<pubDate>Mon, 01 Dec 2026 " + escape + b"[0m10:00:00 GMT</pubDate>",
    )
    [entry] = read_feed(data, "https://e.nl/feed").entries
    article = entry_article(entry, None, "https://e.nl/feed")
    assert article is not None and article.published is not None
    assert [enclosure.url for enclosure in article.enclosures] == ["https://e.nl/x.mp3"]
    assert "[2J" not in article.lead and "ab" in article.lead


def test_an_8_bit_csi_in_a_feed_in_utf_8_is_deleted_alone_and_a_real_quote_kept():
    title, lead = _read(_feed("\u009b100m finale \u203a4K".encode(), b"&#155;4K tv"))
    assert (title, lead) == ("100m finale \u203a4K", "4K tv")


_CONTROLS = "\x1b\x07\ufdd0\ufdd1" + "".join(map(chr, range(0x80, 0xA0)))


@FAST
@given(st.text(st.characters(blacklist_characters=_CONTROLS)))
def test_text_without_an_escape_a_bell_or_a_c1_control_is_kept_byte_identical(text):
    assert escapes_removed(text) == text


# Words a feed's title may hold, with what a sequence's body is made of, but no XML markup.
_WORD = st.text(st.sampled_from([*"ab[];?m0123", "é", "›", "\ufdd2"]), min_size=1, max_size=6)
_WORDS = st.lists(_WORD, min_size=1, max_size=4).map(" ".join)
_FEED_ESCAPE = st.sampled_from([b"\x1b", b"&#x1b;", b"&#27", b"&#x1B"])


@settings(max_examples=60, deadline=None)
@given(_WORDS, _FEED_ESCAPE, st.one_of(_CSI, _SHORT), st.sampled_from(["", "\u009b", "\ufdd0", "\ufdd1"]), _WORDS)
def test_a_feed_stores_its_words_without_a_sequence_or_a_control_and_every_letter_outside_them(before, escape, sequence, control, after):
    assume(escape.endswith((b";", b"\x1b")) or sequence[0] not in "0123456789abcdefABCDEF")  # else one reference: `&#270`
    title = before.encode() + escape + html.escape(sequence, quote=False).encode() + b" " + control.encode() + after.encode()
    stored, _ = _read(_feed(title))
    assert "\x1b" not in stored and not any(0x80 <= ord(c) <= 0x9F for c in stored)
    assert stored == clean_line(f"{before} {after}")


# The control strings: DCS (sixel), SOS, PM and APC (kitty graphics), ended by ST or a BEL.
_STRING_STARTS = ["\x1bP", "\x1bX", "\x1b^", "\x1b_"]
_STRING_ENDS = ["\x1b\\", "\x07"]
_STRING = st.builds(
    lambda start, body, end: start + body + end,
    st.sampled_from(_STRING_STARTS),
    st.text(st.sampled_from([*"Gqf=100,a;T#0~-$ab/+", "é"]), max_size=20),
    st.sampled_from(_STRING_ENDS),
)


@pytest.mark.parametrize("start", _STRING_STARTS)
@pytest.mark.parametrize("end", _STRING_ENDS)
def test_a_control_string_is_removed_whole_with_its_payload(start, end):
    assert clean_line(f"Nieuws {start}Gf=100,a=T;iVBORw0KGgoAAAANSUhEUg{end} vandaag") == "Nieuws vandaag"
    assert clean_text(f"Beeld:\n{start}q#0;2;0;0;0#1;2;100;100;0#1~~@@vv@@~~${end}\nklaar") == "Beeld:\n\nklaar"


@pytest.mark.parametrize("start", ["\u0090", "\u0098", "\u009e", "\u009f"])
def test_the_8_bit_forms_of_a_control_string_are_the_windows_1252_letters_a_writer_meant_and_go_alone(start):
    """Ÿ, ž, ˜ and œ of Windows-1252 made C1 controls by a CMS that read them as Latin-1: all between one and an œ went."""
    assert clean_line(f"Nieuws {start}Het hart, de c\u009cur van Zeeland") == "Nieuws Het hart, de cur van Zeeland"


@FAST
@given(_TEXT, _STRING, _TEXT)
def test_a_control_string_in_text_is_removed_whole(before, string, after):
    assert clean_line(before + string + after) == clean_line(before + after)
    assert clean_lines(before + string + after) == clean_lines(before + after)


@pytest.mark.parametrize("start", _STRING_STARTS)
def test_a_control_string_ended_within_the_bound_goes_whole_and_an_unended_one_keeps_its_text(start):
    within = "x" * (OSC_MOST - 1)
    assert clean_line(f"Hallo {start}{within}\x1b\\wereld") == "Hallo wereld"
    # No end within what a terminal keeps of one, or none at all: only its start goes (as an OSC's), the words stay.
    beyond = "woord " * 1000
    assert clean_line(f"Hallo {start}{beyond}\x1b\\wereld") == f"Hallo {beyond}wereld"
    assert clean_line(f"Hallo {start}gehackt wereld") == "Hallo gehackt wereld"


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        # An ESC ends a control string as a terminal ends it, and starts its own sequence: neither is left as text.
        ("Nieuws \x1b_Gf=100;iVBOR\x1b[31mrood\x1b\\ vandaag", "Nieuws rood vandaag"),
        ("Nieuws \x1bPtmux;\x1b\x1b]0;gehackt\x07\x1b\\ vandaag", "Nieuws vandaag"),
    ],
)
def test_an_escape_inside_a_control_string_leaves_neither_as_text(text, cleaned):
    assert clean_line(text) == cleaned


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (b"\x1b_", b"\x1b\\"), (b"&#x1b;P", b"&#x1b;\\"), (b"&#27;^", b"\x07"), (b"\x1bX", b"&#7;"),
    ],
)  # fmt: skip
def test_a_feed_stores_titles_and_texts_without_a_control_string(start, end):
    string = start + b"Gf=100,a=T;iVBORw0KGgo" + end
    title, lead = _read(_feed(b"Nieuws " + string + b" vandaag", b"&lt;p&gt;Beeld " + string + b"hier&lt;/p&gt;"))
    assert (title, lead) == ("Nieuws vandaag", "Beeld hier")


@pytest.mark.parametrize(
    "repeated",
    ["\x1bPa", "\u0090a", "\u009e", "\x1b_" + "a" * 100, "\x1bP" + "a" * 3000 + "\x1b\\", "\u009fa\x1b[1m", "\x1b_a\x07"],
    ids=["dcs", "8-bit-dcs", "8-bit-pm", "apc-100", "dcs-beyond-bound", "8-bit-apc-csi", "apc-bel"],
)
def test_control_strings_cost_time_in_proportion_to_the_text(repeated):
    def seconds(count: int) -> float:
        text = repeated * count
        started = time.perf_counter()
        escapes_removed(text)
        return time.perf_counter() - started

    once, four_times = (min(seconds(count) for _ in range(5)) for count in (500_000 // len(repeated) + 1, 2_000_000 // len(repeated) + 4))
    assert four_times < 10 * max(once, 0.05)  # quadratic, 16 times as long
    assert four_times < 2


@pytest.mark.parametrize("escape", [b"&#x1b;", b"&#27;", b"\x1b"])
@pytest.mark.parametrize("end", [b"\\", b"&#7;"])
def test_the_hidden_address_of_a_terminal_hyperlink_in_plain_text_is_no_link_of_the_story(escape, end):
    """`Body ESC]8;;http://evil/ESC\\klik ESC]8;;ESC\\ hier` showed `Body klik hier` without a `[1]`, but the link list
    (and `o 1`, and `list --json`) had `http://evil/klik`: its plain text's addresses were made links before the
    sequence, payload and all, was removed."""
    link = escape + b"]8;;http://evil/" + escape + end
    data = (
        b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Regio</title><link>https://e.nl/</link>'
        b"<item><title>Brug</title><link>https://e.nl/a</link><description>Body " + link + b"klik" + escape + b"]8;;" + escape + end
        + b" hier</description></item></channel></rss>"
    )
    feed = read_feed(data, "https://e.nl/feed")
    article = entry_article(feed.entries[0], None, "https://e.nl/feed")
    assert article is not None
    assert (article.lead, article.links) == ("Body klik hier", ())
