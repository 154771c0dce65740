"""Text hygiene: what comes from a page is made safe to store and to show in a terminal."""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata
from collections.abc import Callable
from html.entities import html5
from json.encoder import encode_basestring_ascii

from feeds.pages.bounds import MAX_ATTRIBUTES

# ANSI/VT escape sequences (CSI, OSC, and two-character escapes), so that a page
# can never move the cursor or retitle the terminal of whoever reads it. Not the
# 8-bit CSI (U+009B): in text it is Windows-1252's › read as Latin-1, or a `&#155;`,
# and any letter ends a sequence, so the text after it lost a letter or two
# ('Kaai\x9b open' became 'Kaaipen'). The table deletes the control alone; a
# terminal is never handed one (terminal_safe).
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI ... final byte
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC ... BEL or ST
    r"|\x1b[@-Z\\-_]"  # other two-byte escapes
)
# One translation table: every C0/C1 control character except newline, bidi controls and marks
# (which can reorder what a terminal shows), invisible format characters (they hide a difference
# between two texts that look the same) and lone surrogates (no UTF-8 can hold one, so a text with
# one could not be stored) are deleted; odd spaces become plain spaces, and the line and paragraph
# separators of Unicode newlines (deleted, they ran the words on either side into one: CMSes paste
# them in from word processors). The joiners are not in it: _not_joining decides on them.
_DELETED = [*range(0x0A), *range(0x0B, 0x20), *range(0x7F, 0xA0), 0x061C, 0x180E, 0x200B, 0x200E, 0x200F,
            *range(0x202A, 0x202F), *range(0x2060, 0x2065), *range(0x2066, 0x2070), 0xFEFF, 0xFFFE, 0xFFFF,
            *range(0xD800, 0xE000)]  # fmt: skip
_SPACES = [0x09, 0xA0, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000]
_TABLE = {**dict.fromkeys(_DELETED), **dict.fromkeys(_SPACES, " "), 0x2028: "\n", 0x2029: "\n"}
# Translating is slow on long text; most pages have nothing to translate, which one search tells.
_NEEDS_TABLE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_TABLE)) + "]")
# The zero width non-joiner and joiner. Between two letters or emoji they are part of the text: they
# choose how the two are drawn (👩‍💻 is one emoji with a joiner, 👩💻 without one), and Persian and the
# scripts of India spell words with them. Anywhere else they only hide a difference between two texts.
_JOINERS = re.compile("[\u200c\u200d]")
# What a joiner joins: letters, their marks (a virama, the variation selector of an emoji), symbols
# (emoji), and the skin tones, which are modifier symbols.
_JOINED = frozenset({"Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "So"})
_SKIN_TONES = range(0x1F3FB, 0x1F400)
# Where Unicode has the characters a joiner joins: the planes of letters and symbols, and plane 14's
# variation selectors. (The rest holds no character yet, or ones for private use.)
_JOINED_PLANES = (range(0x40000), range(0xE0000, 0xE1000))


def _block(code: int) -> tuple[int, int]:
    """The first and last character of the block a character beyond U+FFFF is looked up in: 4,096 characters of
    plane 1, which holds most of their ranges; a whole plane beyond it (ideographs, variation selectors)."""
    size = 0x1000 if code < 0x20000 else 0x10000
    first = code - code % size
    return first, first + size - 1


def _joined_class() -> str:
    """What a joiner joins, as a regex alternative of one character: a character class of those up to U+FFFF, and
    one for each block beyond (_block), looked at only for a character in it (_looked_up). The regex engine looks characters
    beyond U+FFFF up one range after another: in one class, hundreds of ranges for each."""
    ranges: dict[tuple[int, int], list[list[int]]] = {}  # a block ((0, 0xFFFF) for all up to U+FFFF) → its ranges
    for plane in _JOINED_PLANES:
        for code in plane:
            if unicodedata.category(chr(code)) in _JOINED or code in _SKIN_TONES:
                block = ranges.setdefault(_block(code) if code > 0xFFFF else (0, 0xFFFF), [])
                if block and block[-1][1] == code - 1:
                    block[-1][1] = code
                else:
                    block.append([code, code])
    classes = {block: "".join(f"{re.escape(chr(first))}-{re.escape(chr(last))}" for first, last in found) for block, found in ranges.items()}
    return f"(?:[{classes[0, 0xFFFF]}]|{_looked_up([(block, inside) for block, inside in classes.items() if block[0]])})"


def _looked_up(blocks: list[tuple[tuple[int, int], str]]) -> str:
    """The classes of these blocks, in order, as a tree of alternatives: a character is looked for in the half of
    them whose range holds it, and so on, in five ranges or so rather than in one block's after another (a text of
    emoji and joiners took 1.6 times as long)."""
    (first, _), (_, last) = blocks[0][0], blocks[-1][0]
    if len(blocks) == 1:
        inside = f"[{blocks[0][1]}]"
    else:
        half = len(blocks) // 2
        inside = f"(?:{_looked_up(blocks[:half])}|{_looked_up(blocks[half:])})"
    return f"(?=[{re.escape(chr(first))}-{re.escape(chr(last))}]){inside}"


@functools.cache
def _not_joining() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A joiner that does not stand between two characters it joins, and a run of characters a terminal could act on
    that are no joiners between two such (for re.split): made when first needed, from Unicode's data (some 50 ms).
    Decided in the regex engine, a text of joiners costs no call of a function for each (10 MB of them took seconds)."""
    joined = _joined_class()
    # Asked just past a character: whether it is a joiner between two it joins. Each pattern starts with a class of
    # characters (_TERMINAL_UNSAFE_RUNS): tried at each character instead, 10 MB of letters and joiners took seconds.
    joined_next = f"(?<={joined}[\u200c\u200d])(?={joined})"
    unsafe = f"[{TERMINAL_UNSAFE}](?!{joined_next})"
    return re.compile(f"[\u200c\u200d](?!{joined_next})"), re.compile(f"({unsafe}(?:{unsafe})*)")


_SPACE_RUNS = re.compile(r" {2,}")
# What str.split() takes for whitespace but clean_text deletes: lines holding one need the full clean.
_DELETED_WHITESPACE = re.compile("[\x0b\x0c\x1c-\x1f\x85]")


def clean_text(text: str) -> str:
    """Strip escapes and control characters; keep newlines; unify spaces (NFC)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x1b" in text:
        text = _ESCAPES.sub("", text)
    if _NEEDS_TABLE.search(text):
        text = text.translate(_TABLE)
    if _JOINERS.search(text):  # after the table: what it deletes no longer stands between two letters
        text = _not_joining()[0].sub("", text)
    if "  " in text:
        text = _SPACE_RUNS.sub(" ", text)
    return unicodedata.normalize("NFC", text)


def clean_line(text: str) -> str:
    """One line of text: cleaned, whitespace collapsed, trimmed."""
    # Most lines hold nothing to clean; scans in C tell, and spare them the full clean.
    if text.isprintable():  # no control, escape, odd space or line break at all
        line = text if "  " not in text and text[:1] != " " and text[-1:] != " " else " ".join(text.split())
    else:
        line = " ".join(text.split())
        if not line.isprintable() or _DELETED_WHITESPACE.search(text) is not None:
            return " ".join(clean_text(text).split())
    return line if unicodedata.is_normalized("NFC", line) else unicodedata.normalize("NFC", line)


def clean_name(text: str | None) -> str | None:
    """A name (a section, a source's title) as a clean line; None when there is none or nothing of it is left."""
    return (clean_line(text) or None) if text else None


# What must never reach a terminal as it is, whatever a string has been through: C0 and C1
# controls (every escape sequence starts with one), DEL, line and paragraph separators, bidi
# controls and invisible format characters (they make a terminal show other text than is
# there), fillers that take no width for the layout but some on a terminal (a row's columns
# slide off the screen), lone surrogates (they cannot even be written out as UTF-8) and
# noncharacters. Not the tag characters: invisible too, but the flags of England, Scotland
# and Wales are spelled with them.
TERMINAL_UNSAFE = (
    "\x00-\x1f\x7f-\x9f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb"
    r"\ud800-\udfff"  # as the regex's escapes: mypyc compiles no string with a lone surrogate (bench/bench_compiled.py)
    "\ufffe\uffff\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
)  # the inside of a regex character class: links are kept free of the same (urls.py)
_TERMINAL_UNSAFE = re.compile(f"[{TERMINAL_UNSAFE}]")


# A run of such characters, which is escaped (_escapes): a text is split apart at them by the regex engine, which
# looks in C for the class a pattern starts with (not for a repeat of it).
_TERMINAL_UNSAFE_RUNS = re.compile(f"([{TERMINAL_UNSAFE}][{TERMINAL_UNSAFE}]*)")
# What a C encoder of escapes writes short, as terminal_safe writes it: Python's `unicode_escape` (the escapes
# of terminal_safe for all else) and JSON's (those of terminal_safe's `json`, but for line breaks, which JSON
# text holds as they are).
_VISIBLE_SHORT = (("\\t", "\\x09"), ("\\n", "\\x0a"), ("\\r", "\\x0d"))
_JSON_SHORT = (("\\b", "\\u0008"), ("\\t", "\\u0009"), ("\\f", "\\u000c"), ("\\r", "\\u000d"), ("\\n", "\n"))


def _escapes(runs: list[str], json: bool) -> list[str]:
    """Each run as escapes: `\\x1b`, `\\u202e`, `\\U0001d173`, or JSON's own (`\\u001b`, a character beyond U+FFFF
    as its UTF-16 surrogate pair). All runs in one call of a C encoder, joined by a space, which is in no run
    and in no escape: a text of 10 MB of escapes took seconds with a call of Python for each."""
    joined = " ".join(runs)
    escaped = encode_basestring_ascii(joined)[1:-1] if json else joined.encode("unicode_escape").decode("ascii")
    for short, long in _JSON_SHORT if json else _VISIBLE_SHORT:
        escaped = escaped.replace(short, long)
    return escaped.split(" ")


def terminal_safe(text: str, *, json: bool = False) -> str:
    """`text` with every character a terminal could act on shown as a visible escape (`\\x1b`, `\\u202e`).

    The one sanitiser for everything shown on a terminal: the app, `list`, error lines and logs.
    With `json`, the escapes are JSON's own (`\\u001b`), for JSON text that is already encoded,
    so that the data a script reads stays the same. A joiner between two characters it joins is
    shown as it is (clean_text keeps those): no terminal acts on it but to draw the two as one.
    """
    if not _TERMINAL_UNSAFE.search(text):
        return text
    parts = (_not_joining()[1] if _JOINERS.search(text) else _TERMINAL_UNSAFE_RUNS).split(text)
    if len(parts) == 1:  # its only such characters are joiners between two characters they join
        return text
    parts[1::2] = _escapes(parts[1::2], json)
    return "".join(parts)


# A reference an XML parser without a DTD cannot read as it is: a numeric one (it may name no
# character, or lack its `;`), a named one but XML's five, or a bare `&`.
_XML_REFERENCE = re.compile(rb"&(?!(?:amp|lt|gt|quot|apos);)(?:#(?:[xX]([0-9a-fA-F]{1,16})|([0-9]{1,24}))(;?)|([A-Za-z][A-Za-z0-9]{0,31});)?")
_CDATA_START, _CDATA_END = b"<![CDATA[", b"]]>"
_DECLARED_ENTITY = re.compile(rb"<!ENTITY\s+([A-Za-z][A-Za-z0-9]{0,31})\s")


# The characters XML 1.0 has no room for below U+0020, which one byte spells in UTF-8 (and in every
# ASCII-compatible encoding): the C0 controls but tab and the line ends.
XML_FORBIDDEN_BYTES = bytes(c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D))


def _xml_reference(declared: frozenset[bytes], match: re.Match[bytes]) -> bytes:
    if number := match[1] or match[2]:
        code = int(number, 16) if match[1] else int(number)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            return b"&#xFFFD;"
        if (code < 0x20 and code in XML_FORBIDDEN_BYTES) or code in (0xFFFE, 0xFFFF):
            # A character XML 1.0 has no room for: the fast parser, "recovering", mangled every entry's
            # HTML after it. It would be deleted as a control anyway.
            return b""
        return match[0] if match[3] else match[0] + b";"
    if name := match[4]:
        if name in declared:
            return match[0]
        if chars := html5.get(name.decode("ascii") + ";"):
            return b"".join(b"&#%d;" % ord(char) for char in chars)
    return b"&amp;" + match[0][1:]  # text, as an HTML parser shows an `&` that starts no reference


# A tag with a byte in it, outside its quoted values, that is no ASCII or is DEL: from its `<` to its end. Such
# bytes right after the `<` (or its `/`) too: `<\xffitem>` was no tag at all, and the parsers' recovery read the
# HTML of the entries after it as text.
# Possessive, each alternative starting with a byte of its own: one pass, whatever the tag holds. The stretches
# between its values and the values themselves are counted, on either side of the first such byte, up to as many
# as an element may have (bounds.MAX_ATTRIBUTES, each `name=` and its value): sre steps from one to the next at
# some 50 ns, and a tag of 10 MB of `""` took seconds. Beyond that it is no tag of a feed's: it stays as it is.
_TAG_PARTS = 2 * MAX_ATTRIBUTES + 1
_TAG_WITH_STRAYS = re.compile(
    rb"<(?:[/?]?[A-Za-z_:](?:[^<>\"'\x7f-\xff]++|\"[^\"]*+\"|'[^']*+'){0,%d}+[\x7f-\xff]|(?=[/?]?[\x7f-\xff])[\x7f-\xff]*+[/?]?[\x7f-\xff]*+[A-Za-z_:])"
    rb"(?:[^<>\"']++|\"[^\"]*+\"|'[^']*+'){0,%d}+" % (_TAG_PARTS, _TAG_PARTS)
)
# What no tag holds outside its quoted values: every byte but ASCII's, and DEL. The names of RSS, Atom and their
# extensions are ASCII; a character beyond it between them is damage, in whatever encoding.
_STRAYS = bytes(range(0x7F, 0x100))
# In such a tag, from where a quoted value ended: what comes before the next value with a byte beyond ASCII in it
# (the stretch to delete the strays from), and that value (kept as it is). In a tag _TAG_WITH_STRAYS found, every
# quote is one of a pair.
_TO_VALUE_WITH_STRAYS = re.compile(rb"""((?:[^"']++|"[^"\x7f-\xff]*+"|'[^'\x7f-\xff]*+')*+)("[^"]*+"|'[^']*+')?""")
# Tags repaired in a feed, at most, and values with bytes beyond ASCII kept in them: each a call of Python of some
# 2 µs, so that a feed made of nothing but those costs no more than 0.1 s. Two an entry, for the most entries a feed
# of 10 MB may have (bounds.MAX_FEED_ENTRIES); beyond them, the damage is left to the parsers.
MAX_TAGS_REPAIRED = 20_000


class _TagRepair:
    """Deletes the strays (_STRAYS) from the tags it is handed, but in their quoted values, which are text. Each
    tag costs a call, and each value with a byte beyond ASCII one more; once MAX_TAGS_REPAIRED of those are
    kept, a value loses its strays too (no feed has that many), so that the cost stays a deletion in C."""

    def __init__(self) -> None:
        self.values_left = MAX_TAGS_REPAIRED

    def __call__(self, match: re.Match[bytes]) -> bytes:
        tag = match[0]
        if b'"' not in tag and b"'" not in tag:
            return tag.translate(None, _STRAYS)
        pieces = []
        position = 0
        while self.values_left > 0:
            found = _TO_VALUE_WITH_STRAYS.match(tag, position)
            assert found is not None  # the pattern matches anywhere, if only nothing
            pieces.append(found[1].translate(None, _STRAYS))
            if found[2] is None:
                return b"".join(pieces)
            pieces.append(found[2])
            self.values_left -= 1
            position = found.end()
        pieces.append(tag[position:].translate(None, _STRAYS))
        return b"".join(pieces)


def _strays(data: bytes, codec: str) -> bool:
    """Whether `data` may hold a byte beyond ASCII inside a tag: in UTF-8 only one that is no character of it, DEL or
    a C1 control (two bytes of its own) can be such damage, which a look in C tells (some 1 ms a MB, where reading
    every tag costs a feed with letters beyond ASCII in its text 3); in another encoding, any byte beyond ASCII can."""
    return codec not in _UTF8 or b"\x7f" in data or _UTF8_C1.search(data) is not None or not decodes(data, codec)


_UTF8 = ("utf-8", "utf-8-sig")
_UTF8_C1 = re.compile(rb"\xc2[\x80-\x9f]")  # a literal first byte: the search runs in C at some 2 ms a MB
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


def xml_readable(data: bytes, codec: str = "utf-8") -> bytes:
    """A feed in `codec`, an ASCII-compatible encoding, as every XML parser reads it: without the control characters
    XML 1.0 has no room for, with nothing but ASCII inside its tags (but in their quoted values), and with
    references XML's own (xml_references).

    A raw control made the fast parser recover, and a recovering libxml2 drops every reference after
    its first error: the HTML of each later entry read as text ('pGewone btekst/b'), a CDATA section
    ended at the control, and a link holding one got a U+FFFD. They would be deleted as controls
    anyway; deleted here, every entry reads as if they were never there. One pass in C over the
    bytes, under 1 ms a MB.

    A byte beyond ASCII inside a tag (`<item\xff>`, `<title\xc2\x85>`, `<link \xff href="…">`) made it
    another element, or no tag at all, and its entry was lost, or the rest of the feed: whether it is
    no character in the feed's encoding, a control, or a letter such as ÿ of Latin-1, it is damage, and
    deleted (in a feed in UTF-8, whose tags are read here only when it has such damage: _strays; a letter
    there is left to syndication.read_feed, should the parser meet an error). This comes before stray bytes
    in text are read as Windows-1252 (encoding.utf8_readable), which must see them as they came; inside a
    CDATA section, where a `<` starts no tag, nothing changes.
    """
    data = data.translate(None, XML_FORBIDDEN_BYTES)
    if (not data.isascii() or b"\x7f" in data) and _strays(data, codec):
        data = tags_repaired(data)
    return xml_references(data)


def tags_repaired(data: bytes) -> bytes:
    """A feed in an ASCII-compatible encoding with nothing but ASCII inside its tags (but in their quoted values)."""
    return _outside_cdata(data, _TAG_WITH_STRAYS, _TagRepair(), MAX_TAGS_REPAIRED)


def xml_references(data: bytes) -> bytes:
    """A feed's references as every XML parser reads them, whatever its writer took for XML.

    Feeds are written by hand and by HTML templates: `&nbsp;`, `&eacute;` and a bare `&`
    (`Dijk & Zee`, `?a=1&b=2`) are common, and are no XML without a DTD. The fast parser's
    repair loses the rest of the text at each (`Caf&eacute; open` became "Caf"). HTML's
    named references become numeric ones, an `&` that starts none becomes `&amp;`, and a
    reference to what is no character (a surrogate, beyond U+10FFFF) becomes U+FFFD, which
    feedparser would raise on, losing every entry of a feed for one `&#xD800;` in a title.
    Inside CDATA sections, where an `&` is text already, nothing changes, nor does a
    reference to an entity the feed declares itself (feedparser reads those).
    """
    if _XML_REFERENCE.search(data) is None:
        return data
    declared = frozenset(_DECLARED_ENTITY.findall(data)) if b"<!ENTITY" in data else frozenset()
    return _outside_cdata(data, _XML_REFERENCE, functools.partial(_xml_reference, declared))


def _outside_cdata(data: bytes, pattern: re.Pattern[bytes], repair: Callable[[re.Match[bytes]], bytes], most: int = 0) -> bytes:
    """`data` with what `pattern` finds repaired, `most` times at most (0: every time), but inside its CDATA
    sections, whose text is as it stands."""
    parts = []
    position = 0
    left = most
    while True:
        start = data.find(_CDATA_START, position)
        text_end = len(data) if start < 0 else start
        repaired, count = pattern.subn(repair, data[position:text_end], left if most else 0)
        parts.append(repaired)
        left -= count
        if start < 0 or (most and left <= 0):
            parts.append(data[text_end:])
            return b"".join(parts)
        end = data.find(_CDATA_END, start + len(_CDATA_START))
        position = len(data) if end < 0 else end + len(_CDATA_END)
        parts.append(data[start:position])
