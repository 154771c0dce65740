"""Feed bytes made readable to every XML parser before parsing: without the controls XML 1.0 has no room for, with
nothing but ASCII inside tags, and with references XML's own (xml_readable)."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.entities import html5

from feeds.clean import BELL_MARK, ESCAPE_MARK, FORGED_MARK_REFERENCE, FORGED_MARKS, XML_FORBIDDEN_BYTES, XML_SPACING_BYTES
from feeds.language import gettext as _
from feeds.language import megabytes
from feeds.pages.bounds import MAX_ATTRIBUTES, MAX_DECLARED_ENTITIES, MAX_ENTITY_TEXT, PageTooComplex
from feeds.pages.encoding import ascii_compatible, decodes

# A reference an XML parser without a DTD cannot read as it is: a numeric one (it may name no
# character, or lack its `;`), a named one but XML's five, or a bare `&`.
_XML_REFERENCE = re.compile(rb"&(?!(?:amp|lt|gt|quot|apos);)(?:#(?:[xX]([0-9a-fA-F]{1,16})|([0-9]{1,24}))(;?)|([A-Za-z_][A-Za-z0-9_.-]{0,31});)?")
# Where the text of a feed is as it stands, no reference in it one: a CDATA section, and a comment, each to its end
# (or the feed's), the first of them found by _UNPARSED_START.
_UNPARSED_START = re.compile(rb"<!\[CDATA\[|<!--")
# A comment and a processing instruction, each as a unit, to their end or (never closed) the end of the data: a quote or
# `]` in them is text. Possessive: one that is never closed is read once, not again from each `<!--` in it.
# (A run of `-` or `?`, and one of them with the text after it, is a step: `-x-x…` is no step for each byte.)
_COMMENT = rb"<!--(?:-?+[^-]++|--++(?!>))*+(?:-{2,}+>|-?+\Z)"
_INSTRUCTION = rb"<\?(?:(?:\?(?!>))?+[^?]++|\?{2,}+(?!>))*+(?:\?++>|\?*+\Z)"
_CDATA = rb"<!\[CDATA\[(?:[^\]]++|\](?!\]>))*+(?:\]\]>|\Z)"  # as a comment is: to its first `]]>`, or the data's end
# The internal subset of a document type declaration (`<!DOCTYPE rss [ … ]>`): its declarations, comments, processing
# instructions and quoted values, up to its `]`; an element's tag first, and it was never closed (possessive: one pass).
_SUBSET = rb"""\[(?:[^<\]"']++|%s|%s|<!|"[^"]*+"|'[^']*+')*+\]\s*+""" % (_COMMENT, _INSTRUCTION)
# A feed's prologue is all before its first element: a byte order mark, then white space, comments and processing
# instructions (its XML declaration among them), and its document type declaration, with or without an internal
# subset; the keyword of that in any case, as the parsers read it (`<!doctype rss>`, written as HTML's is).
_BOM = rb"(?:\xef\xbb\xbf)?+"
_PROLOGUE_PART = rb"\s++|%s|%s" % (_COMMENT, _INSTRUCTION)
_DOCTYPE = rb"<!(?i:DOCTYPE)\s[^\[>]*+"
# What a server's script printed ahead of a feed's XML declaration, which fastfeedparser reads the feed from: a warning
# of PHP, in text or in HTML (`<br />\n<b>Warning</b>: … on line <b>3</b><br />\n`; WordPress's notices with their
# `<strong>` and `<code>`, its database errors in a `<div>`; xdebug's tables), a byte order mark too many (one of each
# file it put together). Any tag but what starts a document (`<!doctype`, `<!--`, `<html>`, `<head>`, `<body>`, …)
# or a feed's root, each element closed before the declaration (_all_closed): a declaration inside an element, or
# after a page's own start, is quoted (a page's sample feed in a `<script>` or `<pre>`, was read as that feed).
# Possessive: one pass.
_AHEAD_OF_DECLARATION = re.compile(
    rb"(?:[^<]++|<(?![!?]|/?+(?i:html|head|body|script|style|title|meta|link|rss|feed|rdf:rdf)[\s/>]))*+(?=<\?xml\s)"
)
_TAG = re.compile(rb"<(/?)([A-Za-z][A-Za-z0-9]*+)[^<>]*+>")  # no `<` in a tag: a tag never closed is passed at its next one
_TAG_LEFT_OPEN = re.compile(rb"<[A-Za-z][^<>]*+\Z")  # (a `<` of a warning's text, `x < y`, starts none)
_VOID = frozenset(b"area base br col embed hr img input link meta param source track wbr".split())
# The internal subset of the document type where the parsers find it: the first such declaration in the prologue, read
# in its parts as the prologue reader (_PROLOGUE) reads them, not one named in a comment before it; from where the
# declaration starts past what a script printed ahead of it (declaration_start), else (a feed without one, or a
# declaration in a comment at its start) past any text before it that holds no markup. Possessive: one pass.
_INTERNAL_SUBSET = re.compile(rb"[^<]*+(?:%s)*+%s(%s)>" % (_PROLOGUE_PART, _DOCTYPE, _SUBSET))
# In it, a general entity's declaration, with its value when it is an internal one (a parameter entity is no match);
# and, each as a unit to be passed over, what holds no declaration however it reads: a comment, a processing
# instruction and a quoted value of another declaration (`<!-- <!ENTITY ent "old"> -->` declares nothing).
_ENTITY_DECLARATION = re.compile(
    rb"""<!ENTITY\s+([A-Za-z_][A-Za-z0-9_.-]{0,31})\s+(?:"([^"]*)"|'([^']*)')?|%s|%s|"[^"]*+"|'[^']*+'""" % (_COMMENT, _INSTRUCTION)
)
_NAMED_REFERENCE = re.compile(rb"&([A-Za-z_][A-Za-z0-9_.-]*);")
# An ESC in a feed, raw or a reference (`&#x1b;[31m`): XML has no room for one, and deleted alone it left the body of
# its sequence as text ("Evil [31mFeed"). In text it becomes clean.ESCAPE_MARK, which the parsers pass on and the
# cleaner removes with the sequence, once the text is text (in markup a sequence's end cannot be told: `-> meer`, a
# CDATA section's `]]>`); a BEL, which ends an OSC, becomes clean.BELL_MARK. Inside a tag they are damage
# (`<tit\x1ble>`), deleted with the other controls.
# With its `;` or without, as HTML reads one (`&#x1b[2J` left `[2J`), not a reference to another character (`&#271;`).
_ESCAPE_REFERENCE = rb"&\#(?:[xX]0*1[bB](?![0-9a-fA-F])|0*27(?![0-9]));?"
_BELL_REFERENCE = rb"&\#(?:[xX]0*7(?![0-9a-fA-F])|0*7(?![0-9]));?"
# Feeds hold none, and most hold references: a search for its literal `&#` in C tells at some 5 ms a MB.
_ANY_ESCAPE_REFERENCE = re.compile(_ESCAPE_REFERENCE)
# What tells a feed has an ESC's reference, or a mark it writes itself (clean.FORGED_MARKS), each a search for a
# literal start: the marks' own pattern, of several first bytes, is tried at every byte (4-5 times as long).
_ANY_MARKED = (
    re.compile(rb"&\#(?:[xX]0*(?:1[bB]|[fF][dD][dD][01])|0*(?:27|6497[67]))"),
    re.compile(rb"&amp;\#(?:[xX]0*[fF][dD][dD][01]|0*6497[67])"),
    re.compile(rb"\xef\xb7[\x90\x91]"),  # U+FDD0, U+FDD1 in UTF-8
)
# What comes before the next ESC or BEL in text or in a CDATA section (group 1), in one run of the regex engine: text,
# tags, comments and processing instructions, an `&` of another reference, CDATA sections without either (possessive:
# one pass, and a section with one is read once more); then that section (group 2), that ESC (3) or that BEL (4).
# A tag is passed as a unit up to a quoted value with either in it, which is text (an enclosure's URL, an image's alt):
# from its quote on, it is read as text is, and its ESC marked.
_UNMARKED_VALUE = rb"(?:[^%%s<\x1b\x07&]++|(?!%s|%s)&)*+" % (_ESCAPE_REFERENCE, _BELL_REFERENCE)
_TO_ESCAPE = re.compile(
    rb"((?:[^<&\x1b\x07]++|%s|%s|<!\[CDATA\[(?:[^\]\x1b\x07]++|\](?!\]>))*+(?:\]\]>|\Z)"
    rb"|<(?!!\[CDATA\[)(?:[^<>\"']++|\"%s\"|'%s')*+>?+"
    rb"|(?!%s|%s)&)*+)(?:(%s)|(\x1b|%s)|(\x07|%s))?+"
    % (_COMMENT, _INSTRUCTION, _UNMARKED_VALUE % b'"', _UNMARKED_VALUE % b"'", _ESCAPE_REFERENCE, _BELL_REFERENCE, _CDATA, _ESCAPE_REFERENCE, _BELL_REFERENCE)
)
# The marks a feed writes itself (clean.FORGED_MARKS): in UTF-8, or as references only in another encoding, whose bytes
# of a noncharacter in UTF-8 are other characters.
_FORGED_MARKS = re.compile(FORGED_MARKS.encode())
_FORGED_MARK_REFERENCES = re.compile(FORGED_MARK_REFERENCE.encode())
_ESCAPE_MARKED = b"&#x%X;" % ord(ESCAPE_MARK)
_BELL_MARKED = b"&#x%X;" % ord(BELL_MARK)


def _escapes_marked(data: bytes) -> bytes:
    """`data` with each ESC and BEL in its text and CDATA sections as their marks: one pass, a round of Python each."""
    parts = []
    position = 0
    while position < len(data):
        found = _TO_ESCAPE.match(data, position)
        assert found is not None  # it matches anywhere, if only nothing
        parts.append(found[1])
        if found[2] is not None:
            # No reference is read in a CDATA section: it is closed around a mark (the feed's codec may have no bytes
            # for one).
            marked = found[2].replace(b"\x1b", b"]]>" + _ESCAPE_MARKED + b"<![CDATA[")
            parts.append(marked.replace(b"\x07", b"]]>" + _BELL_MARKED + b"<![CDATA["))
        elif found[3] is not None:
            parts.append(_ESCAPE_MARKED)
        elif found[4] is not None:
            parts.append(_BELL_MARKED)
        position = found.end()
    return b"".join(parts)


class _References:
    """Makes each reference it is handed one every XML parser reads (xml_references): a reference to an entity the
    feed declares becomes the entity's text, `remaining` bytes of that at most in all."""

    def __init__(self, entities: dict[bytes, bytes | None]) -> None:
        self.entities = entities
        self.remaining = MAX_ENTITY_TEXT

    def __call__(self, match: re.Match[bytes]) -> bytes:
        if number := match[1] or match[2]:
            code = int(number, 16) if match[1] else int(number)
            if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
                return b"&#xFFFD;"
            if (code < 0x20 and code in XML_FORBIDDEN_BYTES) or code in (0xFFFE, 0xFFFF):
                # A character XML 1.0 has no room for: the fast parser, "recovering", mangled every entry's
                # HTML after it. It would be deleted as a control anyway; one that is white space, a tab.
                return b"&#9;" if code < 0x20 and code in XML_SPACING_BYTES else b""
            return match[0] if match[3] else match[0] + b";"
        if name := match[4]:
            if name in self.entities:
                return self._expanded(self.entities[name])
            if chars := html5.get(name.decode("ascii") + ";"):
                return b"".join(b"&#%d;" % ord(char) for char in chars)
        return b"&amp;" + match[0][1:]  # text, as an HTML parser shows an `&` that starts no reference

    def _expanded(self, text: bytes | None) -> bytes:
        """A declared entity's text; nothing for one whose text is not to be read (_declared_entities). A parser
        left the reference in, and lost the text after it; and the text of each reference to a long entity is
        as much more to hold (a feed of 80 kB that said 80 MB): past MAX_ENTITY_TEXT in all, the feed is refused."""
        if not text:
            return b""
        self.remaining -= len(text)
        if self.remaining < 0:
            raise PageTooComplex(_("its entities come to more than {size} MB of text").format(size=megabytes(MAX_ENTITY_TEXT)))
        return text


def _declared_entities(subset: bytes) -> dict[bytes, bytes | None]:
    """The general entities an internal subset declares, each with its text as every XML parser reads it in the
    feed's text and values, or None when it is not to be read: an external one (its text would be a file or an
    address: never read), one with markup or a reference to another declared entity in it (nested ones are how a
    feed of a kilobyte says a gigabyte), or one beyond the first MAX_DECLARED_ENTITIES. The first declaration of a
    name holds, as in XML."""
    entities: dict[bytes, bytes | None] = {}
    values: dict[bytes, bytes | None] = {}
    for declaration in _ENTITY_DECLARATION.finditer(subset):
        if declaration[1] is None:
            continue  # a comment, an instruction or a value: no declaration
        value = declaration[2] if declaration[2] is not None else declaration[3]
        values.setdefault(declaration[1], value if len(values) < MAX_DECLARED_ENTITIES else None)
    for name, value in values.items():
        if value is None or b"<" in value or b"%" in value or any(other in values for other in _NAMED_REFERENCE.findall(value)):
            entities[name] = None
        else:
            plain = _outside_unparsed(value, _XML_REFERENCE, _References({}))
            entities[name] = plain.replace(b'"', b"&quot;").replace(b"'", b"&apos;")  # it may stand in a quoted value
    return entities


# A tag with a byte in it, outside its quoted values, that is no ASCII, is DEL or is a control XML has no room for that
# is a space in text (XML_SPACING_BYTES: `<ti\vtle>` is no tag name either): from its `<` to its end. Such
# bytes right after the `<` (or its `/`) too: `<\xffitem>` was no tag at all, and the parsers' recovery read the
# HTML of the entries after it as text.
# Possessive, each alternative starting with a byte of its own: one pass, whatever the tag holds. The stretches
# between its values and the values themselves are counted, on either side of the first such byte, up to as many
# as an element may have (bounds.MAX_ATTRIBUTES, each `name=` and its value): sre steps from one to the next at
# some 50 ns, and a tag of 10 MB of `""` took seconds. Beyond that it is no tag of a feed's: it stays as it is.
_TAG_PARTS = 2 * MAX_ATTRIBUTES + 1
# What no tag holds outside its quoted values: every byte but ASCII's, DEL, and the controls that are spaces in text.
# The names of RSS, Atom and their extensions are ASCII; a character beyond it between them is damage, in whatever
# encoding. (As a regex's class, without its brackets.)
_STRAYS = XML_SPACING_BYTES + bytes(range(0x7F, 0x100))
_STRAY = XML_SPACING_BYTES + rb"\x7f-\xff"
_TAG_WITH_STRAYS = re.compile(
    rb"<(?:[/?]?[A-Za-z_:](?:[^<>\"'%(s)s]++|\"[^\"]*+\"|'[^']*+'){0,%(n)d}+[%(s)s]|(?=[/?]?[%(s)s])[%(s)s]*+[/?]?[%(s)s]*+[A-Za-z_:])"
    rb"(?:[^<>\"']++|\"[^\"]*+\"|'[^']*+'){0,%(n)d}+" % {b"s": _STRAY, b"n": _TAG_PARTS}
)
# In such a tag, from where a quoted value ended: what comes before the next value with a byte beyond ASCII in it
# (the stretch to delete the strays from), and that value (kept as it is). In a tag _TAG_WITH_STRAYS found, every
# quote is one of a pair.
_TO_VALUE_WITH_STRAYS = re.compile(rb"""((?:[^"']++|"[^"%s]*+"|'[^'%s]*+')*+)("[^"]*+"|'[^']*+')?""" % (_STRAY, _STRAY))
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
def xml_readable(data: bytes, codec: str = "utf-8") -> bytes:
    """A feed in `codec`, an ASCII-compatible encoding, as every XML parser reads it: without the control characters
    XML 1.0 has no room for, with nothing but ASCII inside its tags (but in their quoted values), with
    references XML's own (xml_references), and with no more of a long prologue than the parsers read (prologue_read).

    A raw control made the fast parser recover, and a recovering libxml2 drops every reference after
    its first error: the HTML of each later entry read as text ('pGewone btekst/b'), a CDATA section
    ended at the control, and a link holding one got a U+FFFD. They would be deleted as controls
    anyway; deleted here, every entry reads as if they were never there. One pass in C over the
    bytes, under 1 ms a MB. But a vertical tab, a form feed or an information separator is white
    space (XML_SPACING_BYTES): deleted, it ran two words into one (`and\vvt`, `andvt`); it reads as
    a tab, the white space XML has room for, that text makes a space of and a link drops. Inside a
    tag it is deleted, as a stray byte there is.

    A byte beyond ASCII inside a tag (`<item\xff>`, `<title\xc2\x85>`, `<link \xff href="…">`) made it
    another element, or no tag at all, and its entry was lost, or the rest of the feed: whether it is
    no character in the feed's encoding, a control, or a letter such as ÿ of Latin-1, it is damage, and
    deleted (in a feed in UTF-8, whose tags are read here only when it has such damage: _strays; a letter
    there is left to syndication.read_feed, should the parser meet an error). This comes before stray bytes
    in text are read as Windows-1252 (encoding.utf8_readable), which must see them as they came; inside a
    CDATA section, where a `<` starts no tag, nothing changes.
    """
    if b"\x1b" in data or any(marked.search(data) for marked in _ANY_MARKED):
        # (A feed named Windows-1252 may be UTF-8 named otherwise, read as such after this: encoding.cp1252_readable.)
        raw = codec in _UTF8 or codec == "cp1252" or not ascii_compatible(codec)
        data = (_FORGED_MARKS if raw else _FORGED_MARK_REFERENCES).sub(b"", data)
        if b"\x1b" in data or _ANY_ESCAPE_REFERENCE.search(data):
            data = _escapes_marked(data)
    data = data.translate(None, _DELETED_BYTES)
    spacing = _SPACING.search(data) is not None
    if spacing or ((not data.isascii() or b"\x7f" in data) and _strays(data, codec)):
        data = tags_repaired(data)
    if spacing:
        data = data.translate(_AS_TABS)
    return prologue_read(xml_references(data))


# The controls XML has no room for: deleted, but those that are white space (XML_SPACING_BYTES), which become tabs
# once no tag holds one (tags_repaired).
_DELETED_BYTES = bytes(set(XML_FORBIDDEN_BYTES) - set(XML_SPACING_BYTES))
_SPACING = re.compile(b"[%s]" % XML_SPACING_BYTES)
_AS_TABS = bytes.maketrans(XML_SPACING_BYTES, b"\t" * len(XML_SPACING_BYTES))


def tags_repaired(data: bytes) -> bytes:
    """A feed in an ASCII-compatible encoding with nothing but ASCII inside its tags (but in their quoted values)."""
    return _outside_unparsed(data, _TAG_WITH_STRAYS, _TagRepair(), MAX_TAGS_REPAIRED)


def xml_references(data: bytes) -> bytes:
    """A feed's references as every XML parser reads them, whatever its writer took for XML.

    Feeds are written by hand and by HTML templates: `&nbsp;`, `&eacute;` and a bare `&`
    (`Dijk & Zee`, `?a=1&b=2`) are common, and are no XML without a DTD. The fast parser's
    repair loses the rest of the text at each (`Caf&eacute; open` became "Caf"). HTML's
    named references become numeric ones, an `&` that starts none becomes `&amp;`, and a
    reference to what is no character (a surrogate, beyond U+10FFFF) becomes U+FFFD, which
    feedparser would raise on, losing every entry of a feed for one `&#xD800;` in a title.
    Inside CDATA sections, where an `&` is text already, nothing changes.

    A reference to an entity the feed declares in its document type (`<!DOCTYPE rss [<!ENTITY ent "ENT">]>`)
    becomes that entity's text, and the declarations go: the fast parser kept only the text before such a
    reference. An entity whose text is not to be read (_declared_entities) costs its references, no more;
    entities that come to more than MAX_ENTITY_TEXT bytes in all are refused (PageTooComplex).
    """
    if _XML_REFERENCE.search(data) is None:
        return data
    entities: dict[bytes, bytes | None] = {}
    if subset := _INTERNAL_SUBSET.match(data, declaration_start(data), MAX_PROLOGUE_READ):
        entities = _declared_entities(subset[1])
        data = data[: subset.start(1)] + data[subset.end(1) :]
    return _outside_unparsed(data, _XML_REFERENCE, _References(entities))


# A feed's prologue, up to its first element (_PROLOGUE_PART, _DOCTYPE). Possessive: one pass.
_PROLOGUE = re.compile(rb"%s(?:%s|%s(?:%s)?+>)*+(?=<[^!?/])" % (_BOM, _PROLOGUE_PART, _DOCTYPE, _SUBSET))
# In it, what no parser reads in a feed: a comment, a processing instruction but the XML declaration, and the
# internal subset of the document type (group 1: the declaration without it).
_UNREAD_IN_PROLOGUE = re.compile(rb"(%s)%s>|(?!<\?xml\s)%s|%s" % (_DOCTYPE, _SUBSET, _INSTRUCTION, _COMMENT))
# The longest prologue that is made shorter, and the longest left as it is: feedparser reads what comes before the first
# element with regexes that can take as long as the square of its length, and syndication._for_parser refuses a feed
# whose first element starts later.
MAX_PROLOGUE_READ = 256 * 1024  # HTML's three sets of entities, each with its comment, come to some 60 kB
MAX_PROLOGUE = 8192


def prologue_read(data: bytes) -> bytes:
    """`data`, with a prologue of more than MAX_PROLOGUE bytes without what no parser reads in it (_UNREAD_IN_PROLOGUE):
    a licence or a generator's note in a comment, and a document type with an internal subset of a few hundred
    entities (HTML's, declared for a feed's `&eacute;`; xml_references has read them) made a feed's first element start
    after 8 kB, and it was refused. Its white space stays: no feed has a megabyte of blank lines, but hostile ones.
    A prologue of more than MAX_PROLOGUE_READ bytes stays as it is: each part of it costs a call of Python."""
    end = first_element(data)
    if end is None or end <= MAX_PROLOGUE:
        return data
    shorter = _UNREAD_IN_PROLOGUE.sub(lambda unread: unread[1] + b">" if unread[1] else b"", data[:end])
    return shorter + data[end:]


def declaration_start(data: bytes, start: int = 0) -> int:
    """Where a document's XML declaration starts, past what a server's script printed ahead of it (_AHEAD_OF_DECLARATION)
    from `start` on, within the first MAX_PROLOGUE_READ bytes; 0 when nothing came before it, or it has none."""
    ahead = _AHEAD_OF_DECLARATION.match(data, start, MAX_PROLOGUE_READ)
    return 0 if ahead is None or not _all_closed(ahead[0]) else ahead.end()


def _all_closed(printed: bytes) -> bool:
    """Whether every element opened in `printed` is closed in it, and its last tag too, as a message printed whole closes
    its own (elements that take no end tag, `<br>`, aside; `<p/>` is an open `<p>` in HTML). A declaration after a tag
    left open is quoted in an attribute. Counted by name, not nested: a message's markup is no tree to check, and a
    count costs one step a tag however deep the tags go."""
    if _TAG_LEFT_OPEN.search(printed):
        return False
    left: dict[bytes, int] = {}
    for closing, name in _TAG.findall(printed):
        name = name.lower()
        if closing:
            if left.get(name):
                left[name] -= 1
        elif name not in _VOID:
            left[name] = left.get(name, 0) + 1
    return not any(left.values())


def first_element(data: bytes) -> int | None:
    """Where the first element of a document in an ASCII-compatible encoding starts, past a prologue (_PROLOGUE) of at
    most MAX_PROLOGUE_READ bytes; None when no element comes after one. Under 1 ms for a prologue of blank lines or of
    one comment that fills all of those bytes, under 10 for one of the shortest parts over and over (`<?a?>`)."""
    prologue = _PROLOGUE.match(data, 0, MAX_PROLOGUE_READ)
    return None if prologue is None else prologue.end()


# Comments, CDATA sections and text in which no repair of _outside_unparsed starts (each one's matches start at a `<`
# or an `&`), passed over in one run of the regex engine: a feed of 4 MB of `<!-- -->` cost a round of Python each.
_PASSED_OVER = re.compile(rb"(?:[^<&]++|%s|%s)*+" % (_COMMENT, _CDATA))


def _outside_unparsed(data: bytes, pattern: re.Pattern[bytes], repair: Callable[[re.Match[bytes]], bytes], most: int = 0) -> bytes:
    """`data` with what `pattern` finds repaired, `most` times at most (0: every time), but inside its CDATA
    sections and comments, whose text is as it stands: XML reads no reference in them (a declared entity whose text
    holds `-->` ended a comment, and the markup commented out was read). Each match of `pattern` starts at a `<` or
    an `&`: what holds neither is passed over with the sections around it (_PASSED_OVER)."""
    parts: list[bytes] = []
    position = 0
    left = most
    while True:
        passed = _PASSED_OVER.match(data, position)
        assert passed is not None  # it matches anywhere, if only nothing
        start = _UNPARSED_START.search(data, passed.end())
        text_end = len(data) if start is None else start.start()
        repaired, count = pattern.subn(repair, data[passed.end() : text_end], left if most else 0)
        parts += (passed[0], repaired)
        left -= count
        if start is None or (most and left <= 0):
            parts.append(data[text_end:])
            return b"".join(parts)
        position = text_end
