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


_PIECE = 1024 * 1024  # bytes decoded at a time to see whether a document decodes: no copy of all of it


def decodes(data: bytes, codec: str) -> bool:
    """Whether `data` is text in `codec`, every byte of it (some 0.2 ms a MB for UTF-8)."""
    decoder = codecs.getincrementaldecoder(codec)()
    view = memoryview(data)
    try:
        for start in range(0, len(data), _PIECE):
            decoder.decode(view[start : start + _PIECE])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


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


# Markup as ASCII bytes spell it: the start of a tag, comment or declaration.
_ASCII_MARKUP = re.compile(rb"<[A-Za-z!?/]")
# The controls no text holds (but its tab, line ends and form feed): many of them in a sample mean binary data.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _as_text(sample: str) -> int:
    """How well `sample` reads as text: words and lines, so spaces and line ends, and no controls (nor
    U+FFFD, a byte its codec could not read)."""
    spacing = sample.count(" ") + sample.count("\n") + sample.count("\r") + sample.count("\t")
    return spacing - len(_CONTROL.findall(sample)) - sample.count("\ufffd")


def _fits(codec: str, head: bytes) -> bool:
    """Whether a document that starts with `head` can be in `codec`, which its server or the document itself names.

    One that spells ASCII as ASCII does, in markup (UTF-8, Windows-1252, Shift-JIS, UTF-7), can be. One
    that spells it otherwise (UTF-16 and UTF-32 with NULs, EBCDIC with other bytes) is no codec of
    markup seen in ASCII bytes, and a document's naming of it always is (the HTML standard reads such
    a meta, and XML parsers such a declaration, as UTF-8). Decoded as named, a page came out as CJK or
    as "binary data", and a feed's `<` became a control. A text rendering has no markup to go by: it is
    in such a codec when that reads it as text better than ASCII does. A text in EBCDIC reads so, its
    spaces being 0x40; read as ASCII, that is '@' and its letters controls. ASCII text reads in EBCDIC
    with controls for its spaces and line ends, in UTF-16 as CJK without any.
    """
    if _spells_markup(codec):
        return True
    if _ASCII_MARKUP.search(head):
        return False
    return _as_text(head.decode(codec, "replace")) > _as_text(head.decode("latin-1"))


def _self_declared(match: re.Match[bytes] | None, head: bytes) -> str | None:
    """The codec a document names in its own markup, found in `head`; UTF-8 when it cannot be its own (_fits)."""
    codec = _codec(match.group(1).decode("ascii", "ignore")) if match else None
    return codec if codec is None or _fits(codec, head) else "utf-8"


def document_charset(raw: bytes) -> str | None:
    """The charset a document declares about itself (HTML meta or XML declaration)."""
    head = raw[:4096]
    return _self_declared(_META_CHARSET.search(head) or _XML_ENCODING.search(head), head)


# Text meant as UTF-8 with a few bytes of Windows-1252 in it (a lone 0xE9 for é, 0x93 0x94 for
# curly quotes, 0x85 for an ellipsis), as old CMSes paste them into pages and feeds. Read as
# browsers and feed readers show them: what is valid UTF-8 as UTF-8, each other byte as
# Windows-1252 (U+FFFD for the five it leaves undefined). Decoded strictly, a page became
# Windows-1252 throughout (every é of its UTF-8 an Ã©), and a feed sent the XML parser's
# recovery off the rails: the HTML of every later entry came out as text. (Windows-1252 that
# happens to be valid UTF-8 as well reads as UTF-8: "é”…" is E9 94 85, 锅. Rare in text.)
STRAY_AS_CP1252 = "nieuws-tui-stray-as-cp1252"  # an error handler for decoding UTF-8
UTF8 = ("utf-8", "utf-8-sig")  # Python's names of UTF-8, without a BOM and with one
_ESCAPED_AS_CP1252 = {0xDC00 + byte: bytes([byte]).decode("cp1252", "replace") for byte in range(0x80, 0x100)}
_ASCII_BYTE = re.compile(rb"[\x00-\x7f]")
# The decoder calls the handler for each run of stray bytes, at some 2 µs a call: a text of stray bytes
# between ASCII ones would take seconds a MB. So each call reads on to an ASCII byte (no UTF-8 sequence
# goes past one) at least this far, with C decoders: some 0.1 µs a byte, wherever bytes stray.
_STRAY_STRETCH = 256


def _stray_as_cp1252(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError) or error.encoding != "utf-8":
        raise error
    data = error.object
    ascii = _ASCII_BYTE.search(data, max(error.end, error.start + _STRAY_STRETCH))
    end = ascii.start() if ascii else len(data)
    stretch = data[error.start : end]
    text = stretch.decode("utf-8", "surrogateescape")  # each stray byte as a lone surrogate of its own
    if len(text) == len(stretch):  # no UTF-8 of more than one byte in it: a stretch of Windows-1252 all through
        return stretch.decode("cp1252", "replace"), end
    return text.translate(_ESCAPED_AS_CP1252), end


codecs.register_error(STRAY_AS_CP1252, _stray_as_cp1252)

def utf8_readable(data: bytes) -> bytes:
    """An XML document meant as UTF-8 as valid UTF-8, named so: its stray bytes as the Windows-1252 they are
    (STRAY_AS_CP1252). A valid one is handed back as it is, after a look at its bytes (3–10 ms for 23 MB)."""
    if data.isascii() or decodes(data, "utf-8"):
        return _named_utf8(data)
    return _named_utf8(data.decode("utf-8", STRAY_AS_CP1252).encode())


def _named_utf8(data: bytes) -> bytes:
    """An XML document in UTF-8 without a BOM, its declaration naming UTF-8: the parsers read what a declaration
    names, past a BOM that says otherwise ("Één" of UTF-8 with a BOM named Latin-1 was stored as "ÃÃ©n")."""
    data = data.removeprefix(codecs.BOM_UTF8)
    match = _XML_ENCODING.search(data[:4096])
    return data if match is None or _codec(match.group(1).decode("ascii")) in UTF8 else data[: match.start(1)] + b"utf-8" + data[match.end(1) :]


def cp1252_readable(data: bytes) -> bytes:
    """An XML document in Windows-1252, or named Latin-1 (xml_encoding reads it as Windows-1252, as browsers do),
    as every XML parser reads it: in UTF-8 and named so, without the five bytes Windows-1252 leaves undefined.

    Read as Latin-1, its curly quotes and ellipses (0x80–0x9F) were C1 controls, and 0x9B, an escape of the
    terminal, took the text after it along when it was deleted ('Kaai› open' became 'Kaaipen'). An undefined
    byte made the fast parser fail, and feedparser read the feed in another encoding ('Geënquęteerd').
    They would be deleted as controls anyway. Named windows-1252, the feed was read the same, but slower:
    libxml2 decodes that through iconv, and the fast parser's native reader takes UTF-8 only (some 15 ms a
    MB; in UTF-8, decoded in C here, 9).

    One whose bytes beyond ASCII are all valid UTF-8 is UTF-8 named otherwise, as CMSes often name it, where its text
    tells: Windows-1252 that is valid UTF-8 by chance is one pair of letters such as "É’" ("CAFÉ’S" is C9 92, ɒ), or
    "Â€" (C2 80, a C1 control), however often it is repeated, in a feed that has no other letter beyond ASCII; one that
    makes a letter of Latin-1 or a character of three bytes of them is "Ã©" or "â€™", unheard of (_ONLY_UTF8). So UTF-8
    holds such a character (and maybe a C1 control, an apostrophe pasted through Windows-1252 twice), or three
    different characters of two bytes and no C1 (a Russian or Greek feed); a feed of one or two others ("CAFÉ’S", a
    guilder sign, "Erdoğan" alone) is read as it is named."""
    if not data.isascii():
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        if text is not None and (_ONLY_UTF8.search(text) or (_different_beyond_ascii(text, 3) and not _C1.search(text))):
            return _named_utf8(data)
    return _named_utf8(data.decode("cp1252", "ignore").encode())


# What UTF-8 makes of text and Windows-1252 of no text: a letter of Latin-1 (é is C3 A9, "Ã©" in Windows-1252), or a
# character of three or four bytes (’ is E2 80 99, "â€™").
_ONLY_UTF8 = re.compile("[\u00a0-\u00ff]|[^\x00-\u07ff]")  # (the second as a negated class: a range up to U+10FFFF took 3 ms to compile)
_C1 = re.compile("[\x80-\x9f]")
_BEYOND_ASCII = re.compile("[^\x00-\x7f]")


def _different_beyond_ascii(text: str, most: int) -> bool:
    """Whether `text` holds `most` different characters beyond ASCII: looked for until found (a feed of Cyrillic at
    once), not counted through 23 MB."""
    seen: set[str] = set()
    for character in _BEYOND_ASCII.finditer(text):
        seen.add(character.group())
        if len(seen) >= most:
            return True
    return False


# The start of a tag in the low bytes of UTF-16 (every other byte): its `<` and the first character of its name.
_TAG_START = re.compile(rb"<[A-Za-z_:/!?]")
# Tags read out of step, at most, each a call of Python of some 2 µs: a feed of nothing but those costs no more
# than 0.05 s. Beyond them, the rest of the feed is left as it is.
MAX_REALIGNED = 20_000


def utf16_realigned(data: bytes, codec: str) -> bytes:
    """A feed in UTF-16 (`codec`) without the bytes that put its characters out of step.

    A byte too many (or too few) made every character after it one of two halves: markup and Latin text
    read as CJK (`<` as U+3C00), and every entry after it was lost, or the feed. Markup is ASCII, characters
    with a NUL for their high byte, so a tag out of step shows as a `<` and a letter among the bytes that are
    high bytes in step, each with a NUL for its other byte. The byte dropped is the one after the last
    character in step before that tag that is ASCII too (a NUL where high bytes are; the NUL itself when it
    makes a U+0000, no character of XML); when there is none since the last tag in step, the first byte
    after that. Each is found by a search in C in every other byte of the feed, from where the last one
    ended: linear, whatever the feed holds."""
    if codec == "utf-16":
        big, start = data.startswith(codecs.BOM_UTF16_BE), 2
    elif codec in ("utf-16-le", "utf-16-be"):
        big, start = codec == "utf-16-be", 0
    else:
        return data
    halves = [b"", b""]  # the byte at `at` is halves[at % 2][at // 2]: each sliced when first searched (0.3 ms a MB)
    low = 1 if big else 0  # where a character's low byte is, in its two
    step = start % 2  # where characters start, in step
    pieces = []
    kept = 0  # what is kept of the feed up to here
    since = start  # where the feed was last known to be in step
    searched = start  # where the search for a tag out of step goes on
    for _tried in range(MAX_REALIGNED):
        # The low bytes of characters out of step are the high bytes of those in step: one half holds both.
        half = (step + 1 - low) % 2
        in_half = halves[half] = halves[half] or data[half::2]
        tag = _TAG_START.search(in_half, (searched - half + 1) // 2)
        if tag is None:
            break
        character = 2 * tag.start() + half - low  # the `<`, out of step
        searched = character + 2
        high = character + 1 - low
        if data[high : high + 1] != b"\x00" or data[high + 2 : high + 3] != b"\x00":
            continue  # two halves of characters that are no ASCII: no tag
        ascii = in_half.rfind(b"\x00", (since - half + 1) // 2, tag.start())
        if ascii < 0:
            drop = since
        else:
            first = 2 * ascii + half - (1 - low)  # that character's first byte
            drop = first if data[first : first + 2] == b"\x00\x00" else min(first + 2, character)
        pieces.append(data[kept:drop])
        kept = drop + 1
        step = character % 2
        since = searched = character + 4
    if not pieces:
        return data  # in step throughout, as nearly every feed is: no copy
    pieces.append(data[kept:])
    return b"".join(pieces)


def _decode(raw: bytes, codec: str, stray_as_cp1252: bool = False) -> str | None:
    try:
        return raw.decode(codec, STRAY_AS_CP1252 if stray_as_cp1252 and codec in UTF8 else "strict")
    except (UnicodeError, LookupError):
        return None


def _utf16_without_bom(head: bytes) -> str | None:
    """The UTF-16 byte order of text saved without a BOM: mostly Latin letters, so every other byte is NUL, from its
    first character on (`<`, a declaration, a page's first words). Not a UTF-8 feed whose item holds NULs in its first
    kilobytes: read as UTF-16, its other items were lost (r71)."""
    pairs = len(head) // 2
    if pairs < 8:
        return None
    even, odd = head[0 : 2 * pairs : 2].count(0), head[1 : 2 * pairs : 2].count(0)
    if odd > pairs * 0.6 and even < pairs * 0.02 and head[1:16:2].count(0) == 8:
        return "utf-16-le"
    if even > pairs * 0.6 and odd < pairs * 0.02 and head[0:16:2].count(0) == 8:
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
    return _self_declared(_XML_ENCODING.search(head), head) or "utf-8"


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


@functools.cache
def _ends_lines_with_nel(codec: str) -> bool:
    """Whether `codec` has a line end of its own, NEL (EBCDIC's 0x15), which Python decodes to the control U+0085."""
    try:
        return b"\x15".decode(codec) == "\x85"
    except (UnicodeError, LookupError):
        return False


def decode_page(raw: bytes, declared: str | None = None) -> str:
    """Decode with the BOM, then the declared charset (HTTP), then the document's own, then by trying.

    Trying means UTF-8, its stray bytes read as Windows-1252 (STRAY_AS_CP1252), the usual
    encoding of Dutch pages that are not UTF-8: a page in it, or in Latin-1, reads as it
    would decoded so throughout, without the UTF-8 that may be mixed in coming out garbled. UTF-16
    saved without a BOM is recognised by its NUL bytes, before they are taken for binary data.
    """
    head = raw[:8192]
    candidates: list[str] = []
    for bom, name in _BOMS:
        if raw.startswith(bom):
            if (text := _decode(raw, name, stray_as_cp1252=True)) is not None:  # a BOM says what the text is
                return _checked(text, name)
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
    if served and not _fits(served, head):
        served = None  # a server's mistake, as a document's own can be
    for charset in (served, document_charset(raw), "utf-8"):
        if charset and charset not in candidates:
            candidates.append(charset)
    # Strictly, so that a page a server calls UTF-8 (as many are told to call every page) is read in the
    # codec its own meta names. Last, UTF-8 with stray bytes as Windows-1252, which decodes any bytes.
    for name in candidates:
        if (text := _decode(raw, name)) is not None:
            return _checked(text, name)
    return _checked(raw.decode("utf-8", STRAY_AS_CP1252), "utf-8")


def _checked(text: str, codec: str) -> str:
    """A page's text as decoded in `codec`, its line ends read; NotText when it is binary data after all."""
    if _ends_lines_with_nel(codec):
        text = text.replace("\x85", "\n")  # NEL, a control that would be deleted and join the lines it ends
    sample = text[:8192]
    if sample and len(_CONTROL.findall(sample)) / len(sample) > 0.05:
        raise NotText(_("binary data, not a text or HTML page"))
    return text
