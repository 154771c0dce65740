"""Pages in old encodings keep their Dutch accents; binary data is refused."""

from __future__ import annotations

import pytest

from feeds.pages.encoding import NotText, decode_page

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


def test_binary_data_is_refused():
    with pytest.raises(NotText):
        decode_page(b"\x89PNG\r\n\x1a\n" + bytes(1000))


@pytest.mark.parametrize("charset", ["undefined", "punycode", "idna", "unicode_escape", "rot13", "base64", "zlib"])
def test_a_charset_that_reads_no_page_is_passed_over(charset):
    """Python has codecs by these names, but none reads a web page ("undefined" raises on any text)."""
    assert decode_page("café".encode(), declared=charset) == "café"
    html = f'<html><head><meta charset="{charset}"></head><body>café</body></html>'.encode("cp1252")
    assert "café" in decode_page(html)
