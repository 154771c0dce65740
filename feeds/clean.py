"""Text hygiene: what comes from a page is made safe to store and to show in a terminal."""

from __future__ import annotations

import re
import unicodedata

# ANSI/VT escape sequences (CSI, OSC, and two-character escapes), so that a page
# can never move the cursor or retitle the terminal of whoever reads it.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI ... final byte
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC ... BEL or ST
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|\x1b[@-Z\\-_]"  # other two-byte escapes
)
_ESCAPE_STARTS = ("\x1b", "\x9b")
# One translation table: every C0/C1 control character except newline, the Unicode
# line/paragraph separators and bidi overrides (which can reorder what a terminal
# shows) and zero-width characters are deleted; odd spaces become plain spaces.
_DELETED = [*range(0x00, 0x0A), *range(0x0B, 0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, *range(0x202A, 0x202F),
            *range(0x2066, 0x206A), 0xFEFF, 0xFFFE, 0xFFFF, *range(0x200B, 0x200E), 0x2060]  # fmt: skip
_SPACES = [0x09, 0xA0, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000]
_TABLE = {**dict.fromkeys(_DELETED), **dict.fromkeys(_SPACES, " ")}
# Translating is slow on long text; most pages have nothing to translate, which one search tells.
_NEEDS_TABLE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_TABLE)) + "]")
_SPACE_RUNS = re.compile(r" {2,}")
# What str.split() takes for whitespace but clean_text deletes: lines holding one need the full clean.
_DELETED_WHITESPACE = re.compile("[\x0b\x0c\x1c-\x1f\x85\u2028\u2029]")


def clean_text(text: str) -> str:
    """Strip escapes and control characters; keep newlines; unify spaces (NFC)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if any(start in text for start in _ESCAPE_STARTS):
        text = _ESCAPES.sub("", text)
    if _NEEDS_TABLE.search(text):
        text = text.translate(_TABLE)
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
