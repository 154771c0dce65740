"""Pages in old encodings keep their Dutch accents; binary data is refused."""

from __future__ import annotations

import codecs

import pytest
from conftest import CAPTURED, ROOT, SEEDS

from feeds.pages.encoding import NotText, decode_page
from feeds.pages.page import read_document

DUTCH = "Eén café in Zeeland: ‘geënquêteerd’ — €5, naïef, Oekraïne"


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252", "utf-8-sig", "utf-16"])
def test_text_in_each_encoding_is_read_back_exactly(encoding):
    assert decode_page(DUTCH.encode(encoding)) == DUTCH


def test_latin1_text_comes_out_right():
    text = "Eén café, naïef en geënquêteerd in Oekraïne"
    assert decode_page(text.encode("latin-1")) == text


def test_the_declared_charset_wins_over_guessing():
    assert decode_page("café".encode("cp1252"), declared="windows-1252") == "café"
    assert decode_page("café".encode(), declared="iso-8859-1") == "cafÃ©"  # what the server said


def test_an_html_meta_charset_is_honoured():
    html = '<html><head><meta charset="windows-1252"></head><body>café</body></html>'.encode("cp1252")
    assert "café" in decode_page(html)


@pytest.mark.parametrize(("charset", "text"), [("koi8-r", "Привет мир, новости"), ("iso-8859-15", "prijs 5 € per stuk"), ("shift_jis", "日本語のニュース")])
def test_a_page_a_server_calls_utf8_that_is_not_reads_in_the_charset_its_meta_names(charset, text):
    """Servers are told to call every page UTF-8; a page that is none reads as its own meta says, not as UTF-8 with stray bytes."""
    page = f'<html><head><meta charset="{charset}"></head><body><p>{text}</p></body></html>'.encode(charset)
    assert text in decode_page(page, "utf-8") and text in decode_page(page)


def test_a_bom_says_what_a_page_is_whatever_else_does_and_its_stray_bytes_read_as_windows_1252():
    page = codecs.BOM_UTF8 + '<html><head><meta charset="koi8-r"></head><body><p>één “'.encode() + b"\x93quote\x94</p></body></html>"
    assert "één ““quote”" in decode_page(page, "koi8-r")


def test_stray_windows_1252_bytes_in_utf8_read_as_windows_1252_and_the_utf8_as_utf8():
    """Decoded as Windows-1252 all through, the UTF-8 of such a page came out as 'Ã©Ã©n'."""
    assert decode_page("Eén “café”, naïef…".encode("cp1252") + " — één".encode()) == "Eén “café”, naïef… — één"
    assert decode_page(b"Caf\xe9 \xc3\xa9\xe9n", declared="utf-8") == "Café één"  # as a server names it, or the page itself
    assert decode_page("één \x81\x8d\x8f\x90\x9d".encode("latin-1")) == "één " + "\ufffd" * 5  # the bytes Windows-1252 leaves undefined


def test_binary_data_is_refused():
    with pytest.raises(NotText):
        decode_page(b"\x89PNG\r\n\x1a\n" + bytes(1000))


@pytest.mark.parametrize("charset", ["undefined", "punycode", "idna", "unicode_escape", "rot13", "base64", "zlib"])
def test_a_charset_that_reads_no_page_is_passed_over(charset):
    """Python has codecs by these names, but none reads a web page ("undefined" raises on any text)."""
    assert decode_page("café".encode(), declared=charset) == "café"
    html = f'<html><head><meta charset="{charset}"></head><body>café</body></html>'.encode("cp1252")
    assert "café" in decode_page(html)


# A real page as the site serves it: UTF-8, with Dutch accents in its teasers (waterpoloërs, bobsleeërs).
PAGE = (ROOT / "tests" / "pages" / "article-glued-rubrics.html").read_bytes()
META = b'<meta charset="utf-8">'


def _read(raw: bytes, charset: str | None = None) -> list[tuple[str, str]]:
    return [(a.title, a.lead) for a in read_document(raw, CAPTURED, content_type="text/html", charset=charset).articles]


def _stories(raw: bytes) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(a.title, a.lead, tuple(block.text for block in a.body)) for a in read_document(raw, CAPTURED).articles]


def test_a_utf8_page_with_stray_windows_1252_bytes_keeps_its_accents_and_reads_them_as_windows_1252():
    """An HTML page and a text rendering, UTF-8 but for a few curly quotes and an é pasted in as single bytes."""
    stray = PAGE.replace(b"De honkballers van Haarlem", "De “honkballers” van Haarlem…".encode("cp1252"))
    assert _read(stray)[0][1] == "De “honkballers” van Haarlem… hebben de eerste wedstrijd van de Holland Series gewonnen. Tegen Amsterdam werd het 5-3."
    assert _read(stray)[1:] == _read(PAGE)[1:]  # "De waterpoloërs ...": UTF-8 as before
    text = SEEDS / "000_a5cab632ecde00b7.txt"
    quoted = '"Het wordt een volwaardig bezoek"'
    curly = text.read_bytes().replace(quoted.encode(), "“Het wordt een volwaardig bezoek”".encode("cp1252"), 1)
    assert _stories(curly) == [
        (title, lead, tuple(block.replace(quoted, "“Het wordt een volwaardig bezoek”", 1) for block in body)) for title, lead, body in _stories(text.read_bytes())
    ]
    assert "hun communicatie één-op-één voortzetten" in "".join(_stories(curly)[0][2])


@pytest.mark.parametrize("padding", [b"", b"\n"], ids=["even", "odd"])
@pytest.mark.parametrize("charset", ["utf-16", "UTF-16LE", "utf-16be", "IBM037", "cp500", "cp1140"])
def test_a_page_that_names_utf16_or_ebcdic_but_is_not_reads_as_utf8_as_a_browser_reads_it(charset, padding):
    """Decoded as the meta said, a page of an even number of bytes came out as CJK and held no article;
    decoded as EBCDIC, a server named, it was refused as binary data."""
    page = PAGE + padding
    assert _read(page)[1] == ("Utrecht verliest in verlenging van Den Haag", "De waterpoloërs van Utrecht hebben in de verlenging verloren van Den Haag.")
    meta = page.replace(META, f'<meta charset="{charset}">'.encode())
    http_equiv = page.replace(META, f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'.encode())
    assert _read(meta) == _read(http_equiv) == _read(page)
    assert _read(page, charset=charset) == _read(page)  # a server that says so is as wrong: its bytes hold no NUL


def test_a_byte_order_mark_wins_over_what_server_and_page_say_and_a_real_utf16_page_still_reads():
    assert _read(codecs.BOM_UTF8 + PAGE.replace(META, b'<meta charset="windows-1252">'), charset="utf-16") == _read(PAGE)
    as_utf16 = PAGE.replace(META, b'<meta charset="utf-16">').decode().encode("utf-16-le")  # no BOM: known by its NULs
    assert _read(as_utf16, charset="utf-16le") == _read(as_utf16) == _read(PAGE)


def _text_stories(raw: bytes, charset: str | None = None) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(a.title, a.lead, tuple(block.text for block in a.body)) for a in read_document(raw, CAPTURED, content_type="text/plain", charset=charset).articles]


@pytest.mark.parametrize("charset", ["IBM037", "cp500", "cp1140"])
def test_a_text_rendering_in_ebcdic_reads_as_its_server_says_and_one_in_ascii_bytes_as_utf8_whatever_it_says(charset):
    """No markup to tell by: EBCDIC read as ASCII has no spaces ('@') and controls for letters, ASCII read
    as EBCDIC controls for its spaces and line ends, and one reading reads as text where the other does not."""
    text = SEEDS / "000_a5cab632ecde00b7.txt"
    stories = _text_stories(text.read_bytes())
    assert len(stories) == 8
    assert _text_stories(text.read_text().encode(charset), charset=charset) == stories
    assert _text_stories(text.read_bytes(), charset=charset) == stories
    assert _text_stories(text.read_bytes(), charset="utf-16") == stories  # no NUL, and CJK without a space


@pytest.mark.parametrize("charset", ["IBM037", "cp500", "cp1140"])
def test_a_text_rendering_in_ebcdic_with_its_own_line_ends_keeps_its_lines(charset):
    """EBCDIC ends lines with NEL (0x15), which decodes to a control: deleted, it ran every line into the next."""
    text = SEEDS / "000_a5cab632ecde00b7.txt"
    ebcdic = text.read_text().encode(charset).replace("\n".encode(charset), b"\x15")
    assert _text_stories(ebcdic, charset=charset) == _text_stories(text.read_bytes())
