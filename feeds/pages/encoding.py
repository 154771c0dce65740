"""Bytes → text for pages from files and from the web, Dutch accents intact."""

from __future__ import annotations

import codecs
import functools
import re

from feeds.errors import UnreadableDocument
from feeds.language import gettext as _

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_WIDE = ("utf-16", "utf-32")  # Python's names of them start so: encodings that spell ASCII with NULs


class NotText(UnreadableDocument):
    """The bytes are no text page (binary data)."""


# Python's codecs that decode no page: a web page may name them all the same ("undefined" raises on any text).
_NO_PAGE_CODECS = frozenset({"undefined", "punycode", "idna", "unicode-escape", "raw-unicode-escape"})


def _codec(name: str | None) -> str | None:
    """The Python codec of a charset a document or server names; None for one that reads no page."""
    if not name:
        return None
    try:
        info = codecs.lookup(name.strip().strip("\"'"))
    except LookupError:
        return None
    codec = info.name
    if codec in _NO_PAGE_CODECS or not getattr(info, "_is_text_encoding", True):  # base64, zlib, rot13: bytes to bytes
        return None
    # Browsers read pages labelled Latin-1 as Windows-1252, and so does the site's CMS.
    return "cp1252" if codec in ("latin_1", "iso8859-1", "ascii") else codec


_MARKUP = b'<?xml version="1.0" encoding="x"?><meta charset="x">'


@functools.cache
def _spells_markup(codec: str) -> bool:
    """Whether `codec` spells markup in the ASCII bytes it was found in (UTF-7 and ISO-2022 do; UTF-16,
    UTF-32 and EBCDIC do not)."""
    try:
        return _MARKUP.decode(codec) == _MARKUP.decode("ascii")
    except (UnicodeError, LookupError):
        return False


def _self_declared(match: re.Match[bytes] | None) -> str | None:
    """The codec a document names in its own markup. Markup found as ASCII bytes is in no codec that
    spells it otherwise (UTF-16 and UTF-32 with NULs, EBCDIC with other bytes): naming one is a mistake,
    read as UTF-8, as the HTML standard reads such a meta and XML parsers such a declaration (decoded as
    it said, a page came out as CJK, and a feed's `<` became a control)."""
    codec = _codec(match.group(1).decode("ascii", "ignore")) if match else None
    return codec if codec is None or _spells_markup(codec) else "utf-8"


def document_charset(raw: bytes) -> str | None:
    """The charset a document declares about itself (HTML meta or XML declaration)."""
    head = raw[:4096]
    return _self_declared(_META_CHARSET.search(head) or _XML_ENCODING.search(head))


def _decode(raw: bytes, codec: str) -> str | None:
    try:
        return raw.decode(codec)
    except (UnicodeError, LookupError):
        return None


def _utf16_without_bom(head: bytes) -> str | None:
    """The UTF-16 byte order of text saved without a BOM: mostly Latin letters, so every other byte is NUL."""
    pairs = len(head) // 2
    if pairs < 8:
        return None
    even, odd = head[0 : 2 * pairs : 2].count(0), head[1 : 2 * pairs : 2].count(0)
    if odd > pairs * 0.6 and even < pairs * 0.02:
        return "utf-16-le"
    if even > pairs * 0.6 and odd < pairs * 0.02:
        return "utf-16-be"
    return None


def _by_bom_or_nuls(head: bytes) -> str | None:
    """The codec a document's first bytes tell: a BOM, or UTF-16 by its NULs."""
    return next((name for bom, name in _BOMS if head.startswith(bom)), None) or _utf16_without_bom(head)


def xml_encoding(raw: bytes) -> str:
    """The codec an XML parser reads `raw` in: by its BOM, by its NULs (UTF-16 without one), by its declaration, else UTF-8."""
    head = raw[:4096]
    codec = _by_bom_or_nuls(head)
    if codec is not None:
        return codec
    return _self_declared(_XML_ENCODING.search(head)) or "utf-8"


@functools.cache
def ascii_compatible(codec: str) -> bool:
    """Whether every byte below 0x80 is the ASCII character in `codec`, wherever it stands: then
    markup can be repaired in the bytes themselves. Not so in UTF-16, EBCDIC, UTF-7, and
    ISO-2022, whose escapes switch to sets that spell other characters with ASCII bytes."""
    ascii = bytes(range(0x80))
    try:
        return ascii.decode(codec) == ascii.decode("ascii") and not codecs.lookup(codec).name.startswith("iso2022")
    except (UnicodeError, LookupError):
        return False


def head_text(raw: bytes, size: int = 4096) -> str:
    """The start of a document, decoded well enough to recognise its markup (ASCII), whatever its encoding."""
    head = raw[:size]
    codec = _by_bom_or_nuls(head)
    if codec is not None and codec.startswith("utf-16"):
        return head[: len(head) // 2 * 2].decode(codec, "replace")
    return head.decode("latin-1")


def decode_page(raw: bytes, declared: str | None = None) -> str:
    """Decode with the BOM, then the declared charset (HTTP), then the document's own, then by trying.

    Trying means UTF-8 first (strict), then Windows-1252, the usual encoding of
    Dutch pages that are not UTF-8; Latin-1 text decodes the same way. UTF-16
    saved without a BOM is recognised by its NUL bytes, before they are taken for binary data.
    """
    head = raw[:8192]
    candidates: list[str] = []
    for bom, name in _BOMS:
        if raw.startswith(bom):
            candidates.append(name)
            break
    else:
        utf16 = _utf16_without_bom(head)
        if utf16 is not None:
            if _decode(raw, utf16) is None:
                raise NotText(_("looks like {encoding} text without a byte order mark, but does not decode as it").format(encoding=utf16.upper()))
            candidates.append(utf16)
    # A stray NUL in a text page is cleaned away later; many of them mean binary data.
    if not candidates and head.count(b"\x00") > len(head) // 100:
        raise NotText(_("binary data, not a text or HTML page"))
    served = _codec(declared)
    if served and served.startswith(_WIDE) and b"\x00" not in head:
        served = None  # a server's mistake, as a document's own (_self_declared): no UTF-16 without a NUL
    for charset in (served, document_charset(raw), "utf-8", "cp1252", "latin-1"):
        if charset and charset not in candidates:
            candidates.append(charset)
    # latin-1 decodes any bytes, so one candidate always succeeds.
    text = next(decoded for name in candidates if (decoded := _decode(raw, name)) is not None)
    sample = text[:8192]
    controls = sum(1 for c in sample if (ord(c) < 32 and c not in "\n\r\t\f") or 0x7F <= ord(c) < 0xA0)
    if sample and controls / len(sample) > 0.05:
        raise NotText(_("binary data, not a text or HTML page"))
    return text
