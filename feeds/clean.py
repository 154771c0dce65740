"""Text hygiene: what comes from a page is made safe to store, to show in a terminal and to write as XML."""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from json.encoder import encode_basestring_ascii

# ANSI/VT escape sequences, removed whole from what is stored, so that a page can never move the cursor or retitle
# the terminal of whoever reads it, nor leave the body of one behind as text once its ESC is deleted ('Evil [31mFeed').
# As a terminal reads them: a CSI (`ESC [`, parameters, intermediates, a final byte), an OSC to its BEL or ST, and the
# short ones (`ESC c`, `ESC 7`, `ESC ( B`). Each run of bytes is bounded, as terminals bound what they keep of one: a
# text of `ESC [` and a megabyte of digits costs one pass (the rest of the digits stay text), and a CSI the text cuts
# off goes as far as it came. An OSC with no BEL or ST within OSC_MOST is no more than its introducer and parameter
# (`ESC ] 0 ;`, for a link `ESC ] 8 ; params ; URI`): the words after it are text ("Hallo \x1b]0;gehackt wereld" had
# lost all but "Hallo"). The control strings (DCS, SOS, PM, APC: a sixel or kitty image) go as an OSC does, to their ST
# or BEL, or to an ESC, which ends one on a terminal too and starts a sequence of its own: without them, only their
# introducer went, and the payload stayed as text ('Nieuws Gf=100,a=T;iVBORw0KGgo vandaag'). Not their 8-bit forms:
# U+0090, U+0098, U+009E, U+009F and the 8-bit ST U+009C are Windows-1252's ˜, ž, Ÿ and œ a writer meant, as UTF-8 a CMS
# made of them read as Latin-1, and all between an Ÿ and a cœur would go (as for the 8-bit CSI below); the table
# deletes each alone.
SEQUENCE_MOST = 64
OSC_MOST = 2048  # a link's URI and its parameters, as long as terminals keep
# The ESC and BEL of a feed's text (xml_repair.xml_readable): XML has no room for them, so they come through the parser
# as these noncharacters, which Unicode keeps for a program's own use, and go here with their sequence (escapes_removed).
ESCAPE_MARK = "\ufdd0"
BELL_MARK = "\ufdd1"
# The marks as a text may write them itself: the noncharacters, raw or as a reference (in a feed's text, or in HTML
# it holds, where `&amp;#xFDD0;` is one). No text needs them, and read as marks they ate the letter after them
# (`Ga \ufdd0Zeeland` stored `Ga eeland`): they are deleted where text comes in, before any mark is set, so that a mark
# always means an ESC or a BEL. A pattern of text, and, encoded, of a feed's bytes in UTF-8 (xml_repair.xml_readable).
FORGED_MARK_REFERENCE = r"&(?:amp;)?\#(?:[xX]0*[fF][dD][dD][01](?![0-9a-fA-F])|0*6497[67](?![0-9]));?"
FORGED_MARKS = f"{ESCAPE_MARK}|{BELL_MARK}|{FORGED_MARK_REFERENCE}"
_FORGED_MARKS = re.compile(FORGED_MARKS)


def marks_unforged(text: str) -> str:
    """A page's `text` without the marks it writes itself (FORGED_MARKS). (Scans in C tell most texts have none.)"""
    return _FORGED_MARKS.sub("", text) if ESCAPE_MARK in text or BELL_MARK in text or "#" in text else text


_ESC = f"[\x1b{ESCAPE_MARK}]"
_BEL = f"[\x07{BELL_MARK}]"
_NOT_OSC_END = f"[^\x07\x1b{ESCAPE_MARK}{BELL_MARK}]"
# No 8-bit CSI (U+009B): in a feed it is Windows-1252's › its writer meant, as UTF-8 a CMS made of it read as Latin-1
# or as a `&#155;` (a feed named Latin-1 is read as Windows-1252, encoding._codec, as browsers read it), and the
# parameters and final byte after it are words: `\x9b100m finale`, `\x9b4K tv` lost `100m` and `4K`. The table deletes
# it alone; no terminal is handed one (terminal_safe).
_ESCAPES = re.compile(
    rf"{_ESC}\[[0-?]{{0,{SEQUENCE_MOST}}}[ -/]{{0,{SEQUENCE_MOST}}}[@-~]?"  # CSI ... final byte
    rf"|{_ESC}\]{_NOT_OSC_END}{{0,{OSC_MOST}}}(?:{_BEL}|{_ESC}\\)"  # OSC ... BEL or ST
    rf"|{_ESC}\](?:8;[^;\s\x07\x1b{ESCAPE_MARK}{BELL_MARK}]{{0,{OSC_MOST}}};[^\s\x07\x1b{ESCAPE_MARK}{BELL_MARK}]{{0,{OSC_MOST}}}|[0-9]{{0,{SEQUENCE_MOST}}};?)"
    rf"|{_ESC}[PX^_]{_NOT_OSC_END}{{0,{OSC_MOST}}}(?:{_BEL}|{_ESC}\\|(?={_ESC}))"  # DCS ... ST
    rf"|{_ESC}[ -/]{{0,{SEQUENCE_MOST}}}[0-~]"  # the short ones: intermediates, final byte
)
_MARKS = {ord(ESCAPE_MARK): None, ord(BELL_MARK): None}


def escapes_removed(text: str) -> str:
    """`text` without its escape sequences, nor the marks of a feed's ESC and BEL."""
    unmarked = "\x1b" not in text and ESCAPE_MARK not in text and BELL_MARK not in text
    return text if unmarked else _ESCAPES.sub("", text).translate(_MARKS)


# One translation table: every C0/C1 control character except newline, bidi controls and marks
# (which can reorder what a terminal shows), invisible format characters (they hide a difference
# between two texts that look the same) and lone surrogates (no UTF-8 can hold one, so a text with
# one could not be stored) are deleted; odd spaces become plain spaces, as do the controls that
# str.split() takes for white space, as it takes a tab (a vertical tab, a form feed, the information
# separators, NEL: deleted, they ran the words on either side into one, `and\vvt` into `andvt`); and
# the line and paragraph separators, Unicode's newlines, become newlines (deleted, they ran the words on
# either side into one: CMSes paste them in from word processors). The soft hyphen goes too: a hint where
# a word may break, which Dutch web text (`&shy;`) is full of; no terminal breaks a line at it, and it hid a word from a search for it. The joiners are not
# in it: _not_joining decides on them; nor the tag characters, which spell a hidden text as well as the flags of
# England, Scotland and Wales: _FLAG_TAG decides on them. The other format characters (category Cf) go too: the
# Arabic, Syriac and Kaithi marks that a number or a verse number is written under (U+0600-U+0605, U+06DD, U+070F,
# U+0890-U+0891, U+08E2, U+110BD, U+110CD) no terminal draws so, they show as nothing there or a mark beside the
# digits, which stay; and the controls of interlinear notes, Egyptian hieroglyphs, shorthand and musical notation
# only lay out what a terminal cannot, which leaves them invisible.
_DELETED = [*range(0x09), *range(0x0D, 0x1C), *range(0x7F, 0x85), *range(0x86, 0xA0), 0xAD, *range(0x0600, 0x0606), 0x061C, 0x06DD,
            0x070F, 0x0890, 0x0891, 0x08E2, 0x180E, 0x200B, 0x200E, 0x200F, *range(0x202A, 0x202F),
            *range(0x2060, 0x2065), *range(0x2066, 0x2070), 0xFEFF, *range(0xFFF9, 0xFFFC), 0xFFFE, 0xFFFF,
            *range(0xD800, 0xE000), 0x110BD, 0x110CD, *range(0x13430, 0x13440), *range(0x1BCA0, 0x1BCA4),
            *range(0x1D173, 0x1D17B)]  # fmt: skip
_SPACES = [0x09, 0x0B, 0x0C, *range(0x1C, 0x20), 0x85, 0xA0, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000]
_TABLE = {**dict.fromkeys(_DELETED), **dict.fromkeys(_SPACES, " "), 0x2028: "\n", 0x2029: "\n"}
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
# The tag characters, and the one use Unicode has for them: a subdivision flag, the black flag 🏴 then the tags of a
# subdivision's code (a region's two letters or three digits, then up to four letters or digits: 'gbsct') and CANCEL
# TAG. Anywhere else, and in a longer run, they spell a text no one sees ("IGNORE PREVIOUS…" behind a title).
_TAGS = "\U000e0000-\U000e007f"
_CODE_TAG = "[\U000e0030-\U000e0039\U000e0061-\U000e007a]"  # a tag digit or small letter
# Asked just past a tag character: whether it is one of a flag, as the one at each place of the code, or the CANCEL
# TAG after a code of each length (a look-behind has one length).
_FLAG_TAG = "|".join(
    [
        *(f"(?<=\U0001f3f4{_CODE_TAG}{{{at}}})(?={_CODE_TAG}{{{max(0, 3 - at)},{7 - at}}}\U000e007f)" for at in range(1, 8)),
        *(f"(?<=\U0001f3f4{_CODE_TAG}{{{length}}}\U000e007f)" for length in range(3, 8)),
    ]
)
_STRAY_TAGS = re.compile(f"[{_TAGS}](?!{_FLAG_TAG})")
# Translating is slow on long text; most pages have nothing to translate, nor a tag to delete, which one search tells.
_NEEDS_TABLE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_TABLE)) + f"{_TAGS}]")
_JOINERS_OR_TAGS = re.compile(f"[\u200c\u200d{_TAGS}]")


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
    that are no joiners between two such, nor the tags of a flag (for re.split): made when first needed, from
    Unicode's data (some 50 ms).
    Decided in the regex engine, a text of joiners costs no call of a function for each (10 MB of them took seconds)."""
    joined = _joined_class()
    # Asked just past a character: whether it is a joiner between two it joins. Each pattern starts with a class of
    # characters (_TERMINAL_UNSAFE_RUNS): tried at each character instead, 10 MB of letters and joiners took seconds.
    joined_next = f"(?<={joined}[\u200c\u200d])(?={joined})"
    unsafe = f"[{TERMINAL_UNSAFE}](?!{joined_next})(?!{_FLAG_TAG})"
    return re.compile(f"[\u200c\u200d](?!{joined_next})"), re.compile(f"({unsafe}(?:{unsafe})*)")


_SPACE_RUNS = re.compile(r" {2,}")


def clean_text(text: str) -> str:
    """Strip escapes and control characters; keep newlines; unify spaces (NFC)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = escapes_removed(text)
    if _NEEDS_TABLE.search(text):  # (one search for both: the tags' own took a twentieth of the time of a clean)
        text = _STRAY_TAGS.sub("", text.translate(_TABLE))
    if _JOINERS.search(text):  # after the table and the tags: what they delete no longer stands between two letters
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
        if not line.isprintable():
            return " ".join(clean_text(text).split())
    return line if unicodedata.is_normalized("NFC", line) else unicodedata.normalize("NFC", line)


def clean_lines(text: str) -> str:
    """Preformatted text (a listing): each line cleaned as clean_line cleans one, but its spaces kept (its indentation,
    the columns it aligns), a tab as the spaces to the next stop of eight; the blank lines at its start and end, and
    the spaces at the end of each line, left out. Lines are apart by "\\n"."""
    lines = [_clean_spaced(line.expandtabs(8)) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    start = next((at for at, line in enumerate(lines) if line), len(lines))
    return "\n".join(lines[start:])


def is_listing(text: str) -> bool:
    """Whether a block's text is preformatted (clean_lines): lines, or spaces that a clean line never has."""
    return "\n" in text or text[:1] == " " or "  " in text


def _clean_spaced(line: str) -> str:
    """A line cleaned as clean_line cleans one, but for its spaces, which stay as they are (clean_lines)."""
    if line.isprintable() and unicodedata.is_normalized("NFC", line):  # a scan in C: most lines of a listing
        return line.rstrip(" ")
    line = escapes_removed(line)  # a sequence's spaces are its own, not the listing's: it goes whole first
    return " ".join(clean_line(piece) for piece in line.split(" ")).rstrip(" ")


def clean_name(text: str | None) -> str | None:
    """A name (a section, a source's title) as a clean line; None when there is none or nothing of it is left."""
    return (clean_line(text) or None) if text else None


# What must never reach a terminal as it is, whatever a string has been through: C0 and C1
# controls (every escape sequence starts with one), DEL, line and paragraph separators, bidi
# controls and invisible format characters (they make a terminal show other text than is
# there), fillers that take no width for the layout but some on a terminal (a row's columns
# slide off the screen), lone surrogates (they cannot even be written out as UTF-8) and
# noncharacters. The tag characters too, but for those of a flag (_FLAG_TAG).
_UNSAFE_IN_BMP = (
    "\x00-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160\u180e\u200b-\u200f"
    "\u2028-\u202e\u2060-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb"
    r"\ud800-\udfff"  # as the regex's escapes: mypyc compiles no string with a lone surrogate (bench/bench_compiled.py)
    "\ufffe\uffff"
)
TERMINAL_UNSAFE = (
    _UNSAFE_IN_BMP + "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e007f"
)  # the inside of a regex character class: links are kept free of the same (urls.py)
# Looked for in two steps: a class with ranges beyond the BMP is tried range by range at each character, and took
# terminal_safe from 0.09 to 0.16 s for `list` of 100,000; most text has no character beyond the BMP, which one
# range of its own tells at once.
_TERMINAL_UNSAFE_IN_BMP = re.compile(f"[{_UNSAFE_IN_BMP}]")
_BEYOND_BMP = re.compile("[^\x00-\uffff]")
_TERMINAL_UNSAFE = re.compile(f"[{TERMINAL_UNSAFE}]")


# A run of such characters, which is escaped (_escapes): a text is split apart at them by the regex engine, which
# looks in C for the class a pattern starts with (not for a repeat of it).
_TERMINAL_UNSAFE_RUNS = re.compile(f"([{TERMINAL_UNSAFE}][{TERMINAL_UNSAFE}]*)")
# What a C encoder of escapes writes short, as terminal_safe writes it: Python's `unicode_escape` (the escapes
# of terminal_safe for all else) and JSON's (those of terminal_safe's `json`, but for line breaks, which JSON
# text holds as they are).
_VISIBLE_SHORT = (("\\t", "\\x09"), ("\\n", "\\x0a"), ("\\r", "\\x0d"))
_JSON_SHORT = (("\\b", "\\u0008"), ("\\t", "\\u0009"), ("\\f", "\\u000c"), ("\\r", "\\u000d"), ("\\n", "\n"))


# A byte of a file name or argument that is not UTF-8, as os.fsdecode keeps it (surrogateescape: 0xe9 is U+DCE9): shown
# as the byte (`\xe9`), which the user's `ls` and shell name, not as `\udce9`, a character no file name holds. Not a
# byte below 0xa0: `\x85` is how the C1 control U+0085 is shown, and the two names would be one (`\udc85` stays).
_UNDECODED_BYTE = re.compile(r"\\udc([a-f][0-9a-f])")


def _escapes(runs: list[str], json: bool) -> list[str]:
    """Each run as escapes: `\\x1b`, `\\u202e`, `\\U0001d173`, or JSON's own (`\\u001b`, a character beyond U+FFFF
    as its UTF-16 surrogate pair). All runs in one call of a C encoder, joined by a space, which is in no run
    and in no escape: a text of 10 MB of escapes took seconds with a call of Python for each."""
    joined = " ".join(runs)
    escaped = encode_basestring_ascii(joined)[1:-1] if json else joined.encode("unicode_escape").decode("ascii")
    for short, long in _JSON_SHORT if json else _VISIBLE_SHORT:
        escaped = escaped.replace(short, long)
    if not json and "\\udc" in escaped:
        escaped = _UNDECODED_BYTE.sub(r"\\x\1", escaped)
    return escaped.split(" ")


def terminal_safe(text: str, *, json: bool = False) -> str:
    """`text` with every character a terminal could act on shown as a visible escape (`\\x1b`, `\\u202e`).

    The one sanitiser for everything shown on a terminal: the app, `list`, error lines and logs.
    With `json`, the escapes are JSON's own (`\\u001b`), for JSON text that is already encoded,
    so that the data a script reads stays the same. A joiner between two characters it joins is
    shown as it is (clean_text keeps those): no terminal acts on it but to draw the two as one.
    A soft hyphen, which text stored before clean_text deleted it may hold, is left out of what is
    shown: an escape in the middle of a word, where it hides nothing.
    """
    if not json and "\xad" in text:
        text = text.replace("\xad", "")
    if not _TERMINAL_UNSAFE_IN_BMP.search(text) and not (_BEYOND_BMP.search(text) and _TERMINAL_UNSAFE.search(text)):
        return text
    parts = (_not_joining()[1] if _JOINERS_OR_TAGS.search(text) else _TERMINAL_UNSAFE_RUNS).split(text)
    if len(parts) == 1:  # its only such characters are joiners between two characters they join, or a flag's tags
        return text
    parts[1::2] = _escapes(parts[1::2], json)
    return "".join(parts)



SHOWN_PATH_LENGTH = 160  # characters of a path a one-line message says: deep folders fit, a path of thousands does not


def shown_path(path: str | os.PathLike[str], most: int = SHOWN_PATH_LENGTH) -> str:
    """A file's or folder's path as a message names it: shown as terminal_safe shows it, and one of more than `most`
    characters cut in its middle, an ellipsis for what is left out. Its start says where, its end which file. An error
    that echoed a `--db` of 4,000 characters was one line many screens long. Cut after the escaping: an escape is ten
    characters of the line."""
    shown = terminal_safe(os.fspath(path))
    if len(shown) <= most:
        return shown
    end = (most - 1) // 2
    return shown[: most - 1 - end] + "…" + shown[len(shown) - end :]


# The characters XML 1.0 has no room for below U+0020, which one byte spells in UTF-8 (and in every
# ASCII-compatible encoding): the C0 controls but tab and the line ends.
XML_FORBIDDEN_BYTES = bytes(c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D))
# Those of them that clean_text makes spaces of, as str.split() takes them for white space (_SPACES): a vertical tab,
# a form feed, the information separators. A feed keeps them as tabs, which XML has room for (xml_repair.xml_readable).
XML_SPACING_BYTES = bytes(c for c in XML_FORBIDDEN_BYTES if _TABLE.get(c) == " ")
# Characters XML 1.0 does not allow, even escaped; lxml refuses them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str | None) -> str:
    """The text without the characters XML does not allow.

    Most text has none, and a look in C says so three times as fast as the
    regular expression (an export passes 20 MB): no refused control among its
    UTF-8 bytes, no lone surrogate (which does not encode), no U+FFFE or U+FFFF.
    """
    if not text:
        return ""
    try:
        data = text.encode()
    except UnicodeEncodeError:
        return _NOT_XML.sub("", text)
    if len(data.translate(None, XML_FORBIDDEN_BYTES)) == len(data) and "\ufffe" not in text and "\uffff" not in text:
        return text
    return _NOT_XML.sub("", text)
