"""RSS and Atom entries → articles.

Feeds are read by fastfeedparser (lxml with a native core), some fifty times
faster than feedparser on the same feeds (bench/README.md). Whatever it
refuses — broken XML it cannot repair, RSS 0.9x oddities, unusual encodings —
goes to feedparser, which reads every RSS version and Atom and repairs what it
can, but is pure Python: it gets only what it reads in 0.75 s and in 2 MB
(feeds/pages/bounds.py). Both become the same `FeedEntry`, so there is one
way from an entry to an article. An entry that cannot be read is left out; the
others are kept.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import textwrap
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cache, lru_cache
from html import escape, unescape
from io import BytesIO
from types import MappingProxyType
from typing import Any, NamedTuple
from urllib.parse import urljoin

from feeds.clean import BELL_MARK, ESCAPE_MARK, clean_line, escapes_removed
from feeds.errors import UnreadableDocument
from feeds.language import gettext as _
from feeds.language import grouped, ngettext
from feeds.model import (
    AMSTERDAM,
    GENERATOR,
    KIND_MARK,
    KIND_SCHEME,
    MARKS_NAMESPACE,
    MAX_ENCLOSURES,
    NO_SECTION,
    NOT_IN_TEXT,
    PUBLISHED_SCHEME,
    SECTION_MARK,
    SECTION_SCHEME,
    STORED_DATE_MARK,
    UNDATED,
    Article,
    Block,
    Enclosure,
    Link,
)
from feeds.pages.blocks import PageBlock
from feeds.pages.bounds import (
    FEED_BOUNDS_SIZE,
    MAX_TAGS,
    BeyondTheCap,
    PageTooComplex,
    check_entries_markup,
    check_feed_markup,
    check_tolerant_feed,
    check_tolerant_size,
)
from feeds.pages.cuts import shortened
from feeds.pages.datelines import parse_dateline
from feeds.pages.dates import UNKNOWN_FORM, feed_date
from feeds.pages.encoding import UTF8, ascii_compatible, cp1252_readable, utf8_readable, utf16_realigned, xml_encoding
from feeds.pages.html import NEVER_CONTENT, PAGE_CHROME, blocks_linking_to, fragment_blocks, fragment_text, linked_ends, unlinked_text
from feeds.pages.stories import title_from_lead
from feeds.pages.xml_repair import MAX_PROLOGUE, MAX_PROLOGUE_READ, declaration_start, tags_repaired, xml_readable
from feeds.urls import address_key, article_id, guid_link, item_link, link_url, normalize_url, page_url, web_url, without_credentials

_MARKUP = re.compile(r"<[a-zA-Z/!]|&[#a-zA-Z0-9]+;")
# HTML's elements, and the obsolete ones feeds still write: a text with one of them as a tag, a comment or a
# reference in it is HTML; a tag of any other name (`<alinea>`) is the text of someone who meant the characters.
_HTML_ELEMENTS = frozenset(
    "a abbr acronym address area article aside audio b bdi bdo big blockquote body br button caption center cite code col"
    " colgroup data dd del details dfn div dl dt em embed figcaption figure font footer h1 h2 h3 h4 h5 h6 head header hr html"
    " i iframe img input ins kbd label li link main mark meta nav noscript object ol p picture pre q s samp script section"
    " small source span strike strong style sub summary sup svg table tbody td tfoot th thead time tr tt u ul var video wbr".split()
)
_REFERENCE = r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);"
# A tag (its name), a comment, or a reference.
_HTML_SIGN = re.compile(rf"<(?:/?([A-Za-z][A-Za-z0-9]*)(?=[\s/>])|!--)|{_REFERENCE}")
_PLAIN_TYPES = frozenset({"text", "text/plain"})
# HTML's elements that hold nothing, and have no end tag.
_EMPTY = frozenset("area br col embed hr img input link meta source wbr".split())
_ATTRIBUTES_FOLLOW = re.compile(r"\s+[^\s/>]")  # after a tag's name: an attribute follows
# A title is a line of text, where markup is rare and `<video>` or `a<b of b>a` written as text are common: of a title
# that looks like HTML, a tag of an element of HTML's is markup only where reading it so costs no text but the tag. That
# is an element the reader keeps the text of (no `<script>`, no `<video>`), closed in the title (the reader takes an
# unclosed one to run on to the end), or one that holds no text (`<br>`) and has a place in a line.
_IN_A_LINE = _HTML_ELEMENTS - NEVER_CONTENT - PAGE_CHROME - _EMPTY
_EMPTY_IN_A_LINE = frozenset({"br", "wbr", "img"})
_HTMLS = _HTML_ELEMENTS | NEVER_CONTENT
# A whole tag: its name, and the `/` of one that says it closes itself.
_TAG = re.compile(r"""</?([A-Za-z][A-Za-z0-9]*)(?:\s+[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>=`]+))?)*\s*(/?)>""")
_A_REFERENCE = re.compile(_REFERENCE)


class NotAFeed(UnreadableDocument):
    """The document is no RSS or Atom feed, or one beyond the bounds of one."""


class NoElement(NotAFeed):
    """The document has no element where a feed's first is: of one ended by its server's Content-Length, all that was
    read of a longer answer (Fetched.stated_length)."""


class FeedBeyondTheCap(NotAFeed):
    """A feed beyond a bound that grows with the size cap (bounds.BeyondTheCap): under a bigger cap, it is read."""


def _refused(error: PageTooComplex) -> NotAFeed:
    return (FeedBeyondTheCap if isinstance(error, BeyondTheCap) else NotAFeed)(str(error))


class FeedEntry(NamedTuple):  # a tuple: cheap to hand to a worker process
    """One item of a feed, whichever parser read it. Its title, content and summary are HTML: a field of plain
    text is escaped as it is read (html_field), so that its `<` stays a character."""

    link: str | None
    guid: str | None
    title: str
    content: str | None  # the full text, when the feed carries it
    summary: str | None
    published: datetime | None
    author: str | None
    category: str | None
    enclosures: tuple[Enclosure, ...] = ()  # their URLs as the feed wrote them: cleaned as the article is made (entry_article)
    unfiled: bool = False  # in no section, as our own feeds say (SECTION_SCHEME): not filed under the feed's title


@dataclass(frozen=True, slots=True)
class Feed:
    title: str | None
    entries: list[FeedEntry]
    broken_off: bool = False  # its root is never closed: its end is missing (_broken_off)
    link: str | None = None  # its own page, as the feed gives it: where an item without a link is (entry_article)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value and not value.isspace() else None  # isspace: strip would copy a long text


def _guid(value: Any) -> str | None:
    """An entry's guid as the feed's ESCs deleted alone left it, before they were marked (xml_readable): it is the
    entry's identity in the library, which a sequence's body in it is as much part of as any text."""
    guid = _text(value)
    return guid.replace(ESCAPE_MARK, "").replace(BELL_MARK, "") if guid is not None and (ESCAPE_MARK in guid or BELL_MARK in guid) else guid


def _iso(value: Any) -> datetime | None:
    """A date as fastfeedparser gives it: ISO 8601, in UTC (_fastfeedparser)."""
    try:
        return _amsterdam(datetime.fromisoformat(value)) if isinstance(value, str) else None
    except ValueError:
        return None


def _author(item: Any) -> str | None:
    """The entry's author as the feed gives it; the names of all, when an Atom entry has several.
    (The parsers' own split of an RSS author into name and address is not to be trusted.)"""
    authors = item.get("authors") or []
    names = list(dict.fromkeys(name for detail in authors if isinstance(detail, dict) and (name := _text(detail.get("name")))))
    if len(names) > 1:
        return ", ".join(names)
    return _text(item.get("author")) or (names[0] if names else None)


# An entry dated before this gave a placeholder, not a date: Go's zero time (0001-01-01), .NET's
# DateTime.MinValue, a Unix time of 0 in any zone. It is undated, as one without a date is.
_PLACEHOLDER_BEFORE = datetime(1970, 1, 2, tzinfo=timezone.utc)


def _entry(item: Any, content: str | None, summary: str | None, published: datetime | None, link: str | None, marks: Mapping[str, str] | None) -> FeedEntry:
    """An entry as either parser gives it (a dict): what they agree on is read here, the rest by the caller. `marks`:
    those of our own feed's entry (_marks), by their names; None for another's, whose marks are not honoured."""
    tags = [tag for tag in item.get("tags") or () if isinstance(tag, dict)]
    ours = {mark: term for tag in tags if (mark := _SCHEME_MARKS.get(tag.get("scheme") or "")) and (term := _text(tag.get("term")))}
    tags = [tag for tag in tags if tag.get("scheme") not in _SCHEME_MARKS]  # (another's too: they name no section)
    ours = {**ours, **marks} if marks is not None else {}
    if STORED_DATE_MARK in ours:
        published = _stored_date(ours[STORED_DATE_MARK], published)
    if published is not None and published < _PLACEHOLDER_BEFORE:
        published = None
    return FeedEntry(
        link=link,
        guid=_guid(item.get("id")),
        title=item.get("title") or "",
        content=content,
        summary=summary,
        published=published,
        author=_author(item),
        category=_text(tags[0].get("term")) if tags else None,
        enclosures=_enclosures(item),
        unfiled=ours.get(SECTION_MARK) == NO_SECTION,
    )


# The schemes of the categories older versions said what nieuws-tui stores of a story with (or what it is), with the
# mark each is now: they name no section.
_SCHEME_MARKS = MappingProxyType({KIND_SCHEME: KIND_MARK, SECTION_SCHEME: SECTION_MARK, PUBLISHED_SCHEME: STORED_DATE_MARK})
_NAMESPACE = MARKS_NAMESPACE.encode()
# The prefix a feed binds to MARKS_NAMESPACE.
_MARKS_PREFIX = re.compile(rb"""xmlns:([A-Za-z_][\w.-]*)\s*=\s*["']""" + re.escape(_NAMESPACE) + rb"""["']""")
# The longest text a mark has: a date in ISO 8601 (`2026-06-01T12:00:00+02:00`) with room to spare.
_MARK_TEXT = 64


def _is_ours(generator: Any) -> bool:
    """Whether a feed's generator is nieuws-tui (`nieuws-tui`, RSS's `nieuws-tui 1.2`): only its marks are honoured.
    Any feed may name it, so what a mark says is bounded all the same (_stored_date)."""
    return isinstance(generator, str) and (generator == GENERATOR or generator.startswith(GENERATOR + " "))


def _marks(data: bytes, generator: Any, count: int) -> list[dict[str, str]] | None:
    """The marks (feeds.model.MARKS_NAMESPACE) of each of our own feed's `count` entries, by their names, read from the
    bytes, which neither parser gives them of: no entry has any where the feed binds no prefix to the namespace. None
    for a feed of another generator (_is_ours), whose marks are not honoured; none of an entry where the markup's
    entries are not the parser's one for one (a mark of the wrong entry would date or file another story)."""
    if not _is_ours(generator):
        return None
    bound = _MARKS_PREFIX.search(data) if _NAMESPACE in data else None
    if bound is None:
        return [{} for _each in range(count)]
    prefix = re.escape(bound[1])
    names = b"|".join(re.escape(name.encode()) for name in (KIND_MARK, SECTION_MARK, STORED_DATE_MARK))
    found = re.compile(rb"<(?:(?:entry|item)(?=[\s>/])|" + prefix + rb":(" + names + rb")>([^<]{0,%d})<)" % _MARK_TEXT)
    marks: list[dict[str, str]] = []
    for match in found.finditer(data):
        if match[1] is None:
            marks.append({})
        elif marks:
            marks[-1].setdefault(match[1].decode(), unescape(match[2].decode("utf-8", "replace")).strip())
    return marks if len(marks) == count else [{} for _each in range(count)]


def _stored_date(term: str | None, written: datetime | None) -> datetime | None:
    """The date of our own feed's entry that says which is stored (STORED_DATE_MARK): none, or one ahead of the feed's
    time, which the entry gives as the feed's time; a term that is neither, or a date no feed's is (before
    _PLACEHOLDER_BEFORE), leaves the entry as `written` dates it."""
    if term == UNDATED:
        return None
    try:
        stored = datetime.fromisoformat(term) if term else None
    except ValueError:
        return written
    if stored is None or stored.tzinfo is None or stored < _PLACEHOLDER_BEFORE:
        return written
    return _amsterdam(stored) or written


# A MIME type as RFC 6838 spells one (`audio/mpeg`), without its parameters: any other text of a feed's is no type.
_MIME_TYPE = re.compile(r"[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}")
_SIZE = re.compile(r"\s*[0-9]{1,15}\s*")  # bytes, as a feed writes them: longer numbers are past MAX_LENGTH anyway
MAX_LENGTH = 2**40  # a size beyond this (a terabyte) is no file's a feed item brings, but a wrong or hostile number


# An address a relative one is read against to tell whether it may be a link: read against its feed's own address
# (or its xml:base) later, one that this base makes no link of is none either (`javascript:`, `file:`, `http://[x`).
_ANY_WEB_BASE = "https://feed.invalid/"


def _enclosures(item: Any) -> tuple[Enclosure, ...]:
    """The files an entry brings along, MAX_ENCLOSURES at most, with the URLs as written: RSS's <enclosure>, which
    fastfeedparser gives as `enclosures`, and Atom's rel="enclosure" links (feedparser gives RSS's so too). dict.get:
    feedparser's own get makes `enclosures` of those links, which would give each twice. Only one that may be a
    link takes a place (web_url), and one file takes one, however written: told apart as cleaned (_clean_enclosures),
    not as written, one written with a password and without took two places and lost a file after them. Each is
    looked at until five are found, of an item of thousands too."""
    found: dict[str, Enclosure] = {}
    given = [*(dict.get(item, "enclosures") or ()), *(each for each in dict.get(item, "links") or () if isinstance(each, dict) and each.get("rel") == "enclosure")]
    for each in given:
        url = _text(each.get("url") or each.get("href")) if isinstance(each, dict) else None
        key = web_url(url, _ANY_WEB_BASE) if url is not None else None
        if url is not None and key is not None and (key := without_credentials(key)) not in found:
            found[key] = feed_enclosure(url, each.get("type"), each.get("length"))
            if len(found) == MAX_ENCLOSURES:
                break
    return tuple(found.values())


def feed_enclosure(url: str, kind: Any, length: Any = None) -> Enclosure:
    """A file at `url` (as written: cleaned as the article is made, entry_article), of the type and size a feed, or a
    copy of its item, gives: none where it gives no MIME type, or no size. A type's parameters (`audio/mpeg; charset=x`)
    are left out: the type is what tells a file, and one given with them was kept as none."""
    kind = kind.partition(";")[0].strip() if isinstance(kind, str) else None
    kind = kind.lower() if kind and _MIME_TYPE.fullmatch(kind) else None
    return Enclosure(url, kind, _size(length))


def _size(value: Any) -> int | None:
    """A file's size as a feed gives it (a number, or its digits): None for none, 0 (as RSS writes an unknown one), or
    one past MAX_LENGTH."""
    if isinstance(value, str) and _SIZE.fullmatch(value):
        value = int(value)
    return value if type(value) is int and 0 < value <= MAX_LENGTH else None


def html_field(text: str, declared: str | None = None, *, title: bool = False) -> str:
    """A title, summary or content of a feed, or of newsboat's cache, as HTML: plain text escaped.

    `declared` is the type an Atom element says it has (`text`, `html`, `xhtml`, a MIME type). A field that says
    none (RSS's, an Atom element without a type, newsboat's cache, which keeps plain text as it came) is HTML when
    a tag of HTML's, a comment or a reference is in it, as feedparser guesses an RSS title: `<p>Eerste</p>` and
    `Q&amp;A` are HTML, `Eerste <alinea>.` is text, as newsboat shows it (HTML would drop the unknown tag).
    Of a `title` that says none, only its markup that costs no text is read as HTML (_title_html). A summary or
    content of text keeps its paragraphs (_text_html)."""
    if "<" not in text and "&" not in text:  # (scans in C: most texts of most feeds have neither)
        return text if title else _text_html(text)
    if declared is not None:
        plain = declared in _PLAIN_TYPES
    elif _MARKUP.search(text) is None:
        return text if title else _text_html(text)  # neither a tag nor a reference: text and HTML alike, but for its paragraphs
    elif title:
        return _title_html(text)
    else:
        plain = _written_as_text(text)
    if not plain:
        return text
    return escape(text, quote=False) if title else _text_html(text)


# What ends a paragraph of plain text: a blank line (of spaces at most).
_BLANK_LINE = re.compile(r"\n\s*\n")
# A line of plain text that is an item of a list, as text is written: a dash, a star or a bullet, and a space.
_TEXT_ITEM = re.compile(r"[-*•][ \t]+(?=\S)")
# A web address in plain text, to the white space, quote or angle bracket after it; what _bare_url takes off its end
# closes the sentence or the brackets it stands in.
_BARE_URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
_AFTER_URL = ".,;:!?)]}"


def _text_html(text: str) -> str:
    """A summary or content of plain text as HTML: escaped, each paragraph a blank line ends a `<p>` of its own, as
    newsboat shows it, its lines one text, a run of lines that start with a dash, a star or a bullet a list
    (_paragraph_html), and a run of lines quoted as mail quotes (`> `, `>> `) a `<blockquote>`, as deep as quoted
    (_quoted_runs): the one quotation of HTML's (QUOTE_MARK), where its lines ran into one text with the marks in the
    middle (`… schreef Jan: > we moeten …`), and a Python session (`>>> import sys`) a listing. Read as HTML, its paragraphs ran into one: a whole article of them stayed a summary
    (_whole_article), where the same text in `<p>` tags was a full one. A web address in it is a link, as in HTML."""
    # Its escape sequences go first, payload and all: a terminal hyperlink's hidden address (`ESC]8;;http://x/ESC\\`)
    # was made a link of the words after it, a link the text never showed.
    text = escapes_removed(text)
    if "\n" not in text and "\r" not in text and "://" not in text:
        return escape(text, quote=False)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.count("\n") + text.count("://") + text.count(">") > MAX_TAGS:
        # Its lines, web addresses and quotation marks are what making HTML of it costs, and most make a tag or two (a
        # `<br>`, an item's `<li>`, a `<p>`, an `<a>`, a `<blockquote>`): HTML of more than MAX_TAGS is refused
        # (check_markup). As one text, it is refused for its length (check_block) at the cost of its size, where a list
        # of millions of lines took seconds and half a gigabyte to be refused.
        return escape(text, quote=False)
    blocks: list[_HtmlBlock] = []
    depth = 0
    for quoted, run, session in _quoted_runs(_without_margin(text)):
        if session:
            run_blocks = [_listing_html(run.split("\n"))]
        else:
            run_blocks = [block for paragraph in _BLANK_LINE.split(run) if paragraph and not paragraph.isspace() for block in _paragraph_html(paragraph)]
        if run_blocks:  # (blank lines between quoted ones end a paragraph, not the quotation)
            blocks += [_HtmlBlock("<blockquote>", text=False)] * (quoted - depth) + [_HtmlBlock("</blockquote>", text=False)] * (depth - quoted)
            blocks += run_blocks
            depth = quoted
    blocks += [_HtmlBlock("</blockquote>", text=False)] * depth
    if not blocks:
        return escape(text, quote=False)
    if len(blocks) == 1 and blocks[0].text:
        return blocks[0].html
    # (A list or a listing is a block of its own: in a `<p>`, it is invalid HTML.)
    return "".join(f"<p>{block.html}</p>" if block.text else block.html for block in blocks)


def _without_margin(text: str) -> str:
    """Plain text without the indentation all its lines have (textwrap.dedent): the layout of the XML around it,
    where a feed indents its description's text with its tags. Its first line, which the parsers take the white space
    before off (and which may follow the tag itself), has no say when it has none: then the indentation the others
    share is the layout's only where a paragraph of prose has it on each of its lines (_laid_out), and else a
    listing's own (`Voorbeeld:` and an indented `def` under it), which taken off left its lines text."""
    first, newline, rest = text.partition("\n")
    if first[:1] in (" ", "\t"):
        return textwrap.dedent(text)
    dedented = textwrap.dedent(rest)
    if not any(_laid_out(paragraph) for paragraph in _BLANK_LINE.split(dedented)):
        return text
    return first + newline + dedented


def _laid_out(paragraph: str) -> bool:
    """Whether a paragraph without the margin of the text around it reads as prose that margin indented: no line of
    it indented further (a listing's lines vary, or stand deeper than the text's), its first as long as a wrapped one
    and its short lines after its long ones (wrapped prose's last, a greeting and a name under it): a listing's short
    line (`[[sources]]`) ended by its writer before a long one (`url = …`) is no prose. Lengths cannot tell a config's
    long line and short ones after it (`url = …`, `every = 30`) from a letter's: lines all like code are no prose."""
    lines = [line for line in paragraph.split("\n") if line.strip()]
    wrapped = [len(line) >= _WRAPPED for line in lines]
    return (
        bool(lines)
        and not any(line[:1].isspace() for line in lines)
        and wrapped[0]
        and wrapped == sorted(wrapped, reverse=True)
        and not all(_CODE_LINE.search(line) for line in lines)
    )


# A line of a config's or code's, as no line of prose is: `key = value`, `key: value` (a key of one word, its value
# no sentence), a section (`[sources]`, `[[sources]]`), a brace or `;` at its end, a call (`print(x)`), a shell's prompt.
_CODE_LINE = re.compile(
    r"^\s*[\w.-]+\s*=\s*\S|^\s*[a-z_][\w.-]*:\s+\S.*(?<![.!?])$|^\s*\[\[?[\w. \"'-]+\]\]?\s*$|[{};]\s*$|^\s*[\w.]+\(.*\)\s*$|^\s*\$ \S"
)


# The quotation marks plain text's quoted lines start with, as mail writes them (`> `, `>> `, `> > `, a `>` alone): a `>`
# before a space, another `>` or the line's end, and one after a `>` (`>>x`, as `>> x`); `>50 mensen` is text. Marks beyond the first _MAX_QUOTED are left in
# the line's text: nested deeper than pages are (MAX_DEPTH), the item was refused.
_MAX_QUOTED = 32
_QUOTE_MARKS = re.compile(f"(?:>(?: |(?=>)|$)|(?<=>)>){{1,{_MAX_QUOTED}}}")


def _quoted_runs(text: str) -> Iterator[tuple[int, str, bool]]:
    """Plain text as its runs of lines quoted as deep (0: not quoted), each without its quotation marks: a reply's
    own words, the lines it quotes (_QUOTE_MARKS) and those they quote. A line that starts with one among paragraphs
    of text is a quotation too, as mail and Markdown read it (its text the same: QUOTE_MARK is mail's mark). A Python
    session's lines (_session_lines) are a run of their own, as written (True)."""
    lines = text.split("\n")
    sessions = _session_lines(lines)
    run: list[str] = []
    depth = 0
    in_session = False
    for number, line in enumerate(lines):
        session = number in sessions
        marks = None if session else _QUOTE_MARKS.match(line)
        quoted = marks[0].count(">") if marks else 0
        if (quoted, session) != (depth, in_session) and run:
            yield depth, "\n".join(run), in_session
            run.clear()
        depth, in_session = quoted, session
        run.append(line[marks.end() :] if marks else line)
    if run:
        yield depth, "\n".join(run), in_session


# The Python interpreter's prompt and its continuation's (`>>> import sys`, `...     print(x)`).
_PROMPT = re.compile(r">>>(?: |$)")
_CONTINUATION = re.compile(r"\.\.\.(?: |$)")


def _session_lines(lines: list[str]) -> set[int]:
    """The numbers of the lines of Python sessions in plain text: a prompt of code (`>>> import sys`) and the
    prompts, continuations and output after it, to a blank or a quoted line or one of prose. Mail quoting three deep
    writes the same mark, but before words (`>>> Kunnen we …?`) or between lines quoted less deep (`>> `, `> `): a
    run of prompts of code with none of those next to it, or continued with code (`...     print(x)`), is the
    interpreter's, which a quotation three deep made `> > > import sys`, its output apart."""
    sessions: set[int] = set()
    before = ""  # the last line with text before the run
    number = 0
    while number < len(lines):
        if not _PROMPT.match(lines[number]):
            before = lines[number] if lines[number].strip() else before
            number += 1
            continue
        end = number + 1
        while end < len(lines) and lines[end].strip() and (_PROMPT.match(lines[end]) or _CONTINUATION.match(lines[end]) or not (_QUOTE_MARKS.match(lines[end]) or _prose(lines[end]))):
            end += 1
        after = next((lines[later] for later in range(end, len(lines)) if lines[later].strip()), "")
        run = lines[number:end]
        typed = [line[marks.end() :] for line in run if (marks := _PROMPT.match(line) or _CONTINUATION.match(line)) and line[marks.end() :].strip()]
        continued = any(_CONTINUATION.match(line) and line[3:].strip() for line in run)
        if typed and all(_python(code) for code in typed) and (
            continued or not any(_QUOTE_MARKS.match(line) and not _PROMPT.match(line) for line in (before, after))
        ):
            sessions.update(range(number, end))
        before = run[-1]
        number = end
    return sessions


# What Python is written with and words of prose are not (_python): brackets, `=`, a name's attribute (`sys.path`), an
# operator between spaces, a digit, and the statements (`import sys`, `for x in …:`) that begin with words.
_PYTHON_SIGN = re.compile(r"[()\[\]{}=]|\w\.[^\W\d]|\s[-+*/%<>]\s|\*\*|//|\d")
_STATEMENT = re.compile(r"\s*(?:import|from|def|for|class|return|if|elif|else|while|with|try|except|lambda|del|raise|print)\b")
# A word of prose, with the punctuation around it (`hoor,`, `dag…`, `(zie`): no name's attribute, call or operator.
_CLOSING = "\"'’”»)"
_WORD = re.compile(rf"[(\"'‘“«]*[^\W_][\w'’-]*[.,;:!?…]*[{_CLOSING}]*")
_PROSE_ENDS = (".", "!", "?", "…")


def _python(code: str) -> bool:
    """Whether the text after a prompt (`>>> `, `... `) is code: written with Python's signs (_PYTHON_SIGN), and no
    words of prose (`Kunnen we om 10 uur afspreken?`), which only a statement begins (`import sys`) and none ends as
    a sentence."""
    words = code.split()
    if len(words) > 1 and all(_WORD.fullmatch(word) for word in words):
        return bool(_STATEMENT.match(code)) and not code.rstrip(_CLOSING + " ").endswith(_PROSE_ENDS)
    return _PYTHON_SIGN.search(code) is not None


def _prose(line: str) -> bool:
    """Whether a line is prose, no session's output: several words (_WORD), a sentence's end after them."""
    words = line.split()
    return len(words) > 2 and all(_WORD.fullmatch(word) for word in words) and line.rstrip(_CLOSING + " ").endswith(_PROSE_ENDS)


class _HtmlBlock(NamedTuple):
    """A block of HTML that plain text becomes (_paragraph_html)."""

    html: str
    text: bool  # lines of text (a paragraph's), not a list or a listing


def _paragraph_html(paragraph: str) -> list[_HtmlBlock]:
    """A paragraph of plain text as HTML blocks (_text_html), read as plain text is written (and Markdown reads it):
    lines wrapped where the writer's editor wrapped them one text (kept apart, a feed's text wrapped at 72 columns was
    a paragraph a line, and a title half a sentence), short ones (a signature, an address) each a line; a line that
    starts with a dash, a star or a bullet an item of a list, an indented line after it more of that item; lines all
    indented (more than the text around them: _without_margin) a listing (code), as they are, and so a table's rows
    (_table_runs); its web addresses links."""
    lines = [line for line in paragraph.split("\n") if line.strip()]
    if all(line.startswith(("    ", "\t")) for line in lines):
        return [_listing_html(lines)]
    blocks: list[_HtmlBlock] = []
    for table, run in _table_runs(lines):
        blocks += [_listing_html(run)] if table else _text_blocks(run)
    return blocks


def _listing_html(lines: list[str]) -> _HtmlBlock:
    return _HtmlBlock(f"<pre>{escape(textwrap.dedent(chr(10).join(lines)), quote=False)}</pre>", text=False)


# A row of a table in plain text: cells between pipes (`| a | b |`, `|---|---|`), a rule of a grid's (`+----+----+`),
# or columns aligned by spaces or a tab (`VVD     24`), where two spaces after a sentence's end are a typist's habit,
# its closing quotes and brackets too (`afsluiten."  Dat`, `maand.)  De`), where a column's own (`Goes (Z)  38`) is not.
# (A cell's first letter is found without going back: `|` and 100 kB of letters with no pipe after took 11 s.)
_CLOSERS = "\"'’”»)\\]"
_TABLE_ROW = re.compile(
    rf"\|[ \t]*[^\s|][^|\n]*\||^\s*\+[-=+]+\+\s*$|"
    rf"\S(?<![.!?:])(?<![.!?:][{_CLOSERS}])(?<![.!?:][{_CLOSERS}]{{2}})(?: {{2,}}|\t)\S"
)


def _table_runs(lines: list[str]) -> Iterator[tuple[bool, list[str]]]:
    """Lines of a paragraph as its runs of text and of a table's rows (two or more rows: _TABLE_ROW, one is a line of
    text), which keep their columns aligned only as they are written: read as text, their spaces ran into one."""
    text: list[str] = []
    for table, grouped_lines in itertools.groupby(lines, key=lambda line: _TABLE_ROW.search(line) is not None):
        run = list(grouped_lines)
        if table and len(run) > 1:
            if text:
                yield False, text
                text = []
            yield True, run
        else:
            text += run
    if text:
        yield False, text


def _text_blocks(lines: list[str]) -> list[_HtmlBlock]:
    """Lines of text as paragraphs' and lists' blocks (_paragraph_html)."""
    blocks: list[_HtmlBlock] = []
    text: list[str] = []
    items: list[list[str]] = []
    for line in lines:
        if item := _TEXT_ITEM.match(line.lstrip()):
            if text:
                blocks.append(_HtmlBlock(_lines_html(text), text=True))
                text.clear()
            items.append([line.lstrip()[item.end() :].strip()])
        elif items and line[:1].isspace():
            items[-1].append(line.strip())
        else:
            if items:
                blocks.append(_HtmlBlock(_list_html(items), text=False))
                items.clear()
            stripped = line.strip()
            # A mail signature's separator keeps its space (`-- `), as the walk keeps it where a line breaks (_cleaned).
            text.append(line.lstrip() if stripped == "--" else stripped)
    if text:
        blocks.append(_HtmlBlock(_lines_html(text), text=True))
    if items:
        blocks.append(_HtmlBlock(_list_html(items), text=False))
    return blocks


# A line of plain text at least this long, followed by another, was wrapped by its writer's editor (at 72 columns, or
# 80: its lines 50 or more long); shorter ones were ended by the writer (a signature's, an address's, a poem's).
_WRAPPED = 40
# What ends a sentence at a line's end (_lines_html).
_SENTENCE_ENDS = (".", "!", "?", ":")


def _lines_html(lines: list[str]) -> str:
    """Lines of text, each wrapped one run into the next, each short one ended: decided a line at a time, as a reply
    wrapped at 72 columns and signed under it (`Groet,`) had every one of its lines shown apart. Short lines in a row
    (a greeting and a name, a signature, an address) are one paragraph, its lines broken as written: each a paragraph
    of its own, blank lines stood between them."""
    # A long line that ends a sentence went on in the next only if that one is long too: a short one after it (a
    # greeting, a name) was ended by its writer, and read as a paragraph of its own (the walk reads two breaks so:
    # one keeps its lines one paragraph, as HTML's author broke them). A short line a long one went on in is the last
    # of wrapped prose (`datum.` after `…tot de volgende`): short lines after it (`Groeten,`, `Kees`) are another.
    ends: list[str] = []
    for line, after in zip(lines, lines[1:], strict=False):
        if len(line) >= _WRAPPED and (not line.endswith(_SENTENCE_ENDS) or len(after) >= _WRAPPED):
            ends.append(" ")
        elif len(line) < _WRAPPED and len(after) < _WRAPPED and ends[-1:] != [" "]:
            ends.append("<br>")
        else:
            ends.append("<br><br>")
    ends.append("")
    return "".join(_linked_text(line) + end for line, end in zip(lines, ends, strict=True))


def _list_html(items: list[list[str]]) -> str:
    return "<ul>" + "".join(f"<li>{_linked_text(' '.join(lines))}</li>" for lines in items) + "</ul>"


def _linked_text(text: str) -> str:
    """Plain text, escaped, with each web address in it a link to it (cleaned as every link is, by the walk)."""
    parts: list[str] = []
    done = 0
    for found in _BARE_URL.finditer(text):
        url = _bare_url(found[0])
        parts += (escape(text[done : found.start()], quote=False), f'<a href="{escape(url)}">{escape(url, quote=False)}</a>')
        done = found.start() + len(url)
    parts.append(escape(text[done:], quote=False))
    return "".join(parts)


def _bare_url(found: str) -> str:
    """A web address found in plain text without the punctuation after it: a closing bracket only where the address
    opened none (`(zie https://x.nl/a)`, but `https://x.nl/a_(b)`)."""
    brackets = {bracket: found.count(bracket) for bracket in "()[]{}"}  # counted once: a run of `)))…` took quadratic time
    end = len(found)
    while end and found[end - 1] in _AFTER_URL:
        closing = found[end - 1]
        opening = _OPENING.get(closing)
        if opening is not None and brackets[opening] >= brackets[closing]:
            break
        if closing in brackets:
            brackets[closing] -= 1
        end -= 1
    return found[:end]


_OPENING = {")": "(", "]": "[", "}": "{"}


def _written_as_text(text: str) -> bool:
    """Whether a field that says no type and has a `<` or a reference is text: where no sign of HTML's is in it, and
    where its only signs are bare start tags and one of them opens an element whose text is never shown and never
    closes it (`Browsers steunen <video>-tag nu overal`, `Gebruik <script> niet`): read as HTML, all after it would be
    lost. A start tag of another element (an unclosed `<p>`, a summary cut short) is HTML's, as newsboat reads it, as
    is one with attributes (`<iframe src=…>`): no one writes those as text."""
    opened: set[str] = set()
    for sign in _HTML_SIGN.finditer(text):
        name = sign[1]
        if name is None:
            return False  # a reference or a comment
        name = name.lower()
        if name not in _HTML_ELEMENTS:
            continue
        if sign[0][1] == "/" or name in _EMPTY or _ATTRIBUTES_FOLLOW.match(text, sign.end()):
            return False  # an end tag, an empty element, attributes: markup
        opened.add(name)
    if not opened:
        return True
    lowered = text.lower()  # (each name sought once: a field's time stays linear)
    return any(name in NEVER_CONTENT and f"</{name}" not in lowered for name in opened)


def _title_html(text: str) -> str:
    """A title that declares no type as HTML: a `<` that opens no markup a line may hold (_IN_A_LINE) escaped,
    a tag of a name not HTML's too (`<p>Eerste <alinea>.</p>` is `Eerste <alinea>.`); all of
    it escaped where none of it is markup: `Browsers steunen <video>-tag`, `Gebruik <script> niet` and `a<b of b>a`
    are text, `<b>Vet</b>`, `Q&amp;A <br>` and `AT&amp;T steunt <video>-tag` (as `AT&T steunt <video>-tag`) HTML."""
    characters: list[int] = []  # where a `<` is a character
    opened: list[tuple[str, int]] = []  # the elements opened and not closed yet, and where
    open_names = Counter[str]()  # their names (an end tag of none of them is sought no further: a line's time stays linear)
    marked = _A_REFERENCE.search(text) is not None
    last_comment_end = text.rfind("-->")
    at = text.find("<")
    while at >= 0:
        end = at + 1
        tag = _TAG.match(text, at)
        if text.startswith("<!--", at) and at + 4 <= last_comment_end:
            marked, end = True, text.find("-->", at + 4) + 3
        elif tag is None:
            characters.append(at)
        elif (name := tag[1].lower()) in _HTMLS:
            end = tag.end()
            if name in _EMPTY_IN_A_LINE:
                marked = True
            elif name not in _IN_A_LINE or tag[2]:
                characters.append(at)
            elif text[at + 1] != "/":
                opened.append((name, at))
                open_names[name] += 1
            elif open_names[name] == 0:
                characters.append(at)
            else:
                marked = True
                while (inner := opened.pop())[0] != name:  # the last element opened of its name is closed
                    characters.append(inner[1])  # with those opened inside it, left unclosed
                    open_names[inner[0]] -= 1
                open_names[name] -= 1
        else:
            characters.append(at)  # `<geen commentaar>`, `<Brexit>`: newsboat shows a title's every character
        at = text.find("<", end)
    if not marked:
        return escape(text, quote=False)
    characters.extend(start for _, start in opened)
    if not characters:
        return text
    pieces: list[str] = []
    done = 0
    for at in sorted(characters):
        pieces += (text[done:at], "&lt;")
        done = at + 1
    return "".join(pieces) + text[done:]


def _padded(text: str, inner: str) -> bool:
    """Whether `text` is `inner` with white space around it, found without a copy of all of it
    (a long text with one astral character is 4 bytes a character)."""
    start = text.find(inner)
    return start >= 0 and not text[:start].strip() and not text[start + len(inner) :].strip()


@cache
def _fastfeedparser() -> tuple[Any, Callable[[str], str | None]]:
    """fastfeedparser, loaded when a feed first needs it, and the one date reader of both parsers.

    fastfeedparser has no hook for dates: its reader, which its native core and its lxml path are
    handed at each parse, is replaced by feed_date's reading, in the ISO 8601 form in UTC it gives.
    A date in neither form feed_date knows is left to fastfeedparser's own reader, feedparser's
    dates too (_tolerant_date), so that the parsers agree on those as well.
    (tests/test_feed_dates.py fails, should a later version read its dates elsewhere.)"""
    import fastfeedparser
    import fastfeedparser.main

    guess: Callable[[str], str | None] = fastfeedparser.main._parse_date

    @lru_cache(maxsize=8192)
    def read_date(text: str) -> str | None:
        text = escapes_removed(text)  # a sequence in a date goes whole, as in text: the story was left undated
        moment = feed_date(text)
        if moment is UNKNOWN_FORM:
            return guess(text)
        return moment.isoformat() if moment else None

    fastfeedparser.main._parse_date = read_date
    return fastfeedparser, read_date


def _fast(data: bytes) -> Feed:
    """fastfeedparser (lxml): some seventy times feedparser's speed (bench/bench_feed_parsers.py)."""
    parsed = _fastfeedparser()[0].parse(data)
    entries = []
    items = parsed.get("entries") or []
    marks = _marks(data, parsed.get("feed", {}).get("generator"), len(items))
    for at, item in enumerate(items):
        summary = _text(item.get("description"))
        contents = item.get("content") or []
        content = _text(contents[0].get("value")) if contents and isinstance(contents[0], dict) else None
        if content is not None and summary is not None and _padded(content, summary):
            content = None  # an RSS description, given as content too (unstripped): a summary all the same
        entries.append(_entry(item, content, summary, _iso(item.get("published")) or _iso(item.get("updated")), _page_link(item), marks[at] if marks is not None else None))
    if any(enclosure.length is None for entry in entries for enclosure in entry.enclosures) and _ENCLOSURE_LINK.search(data):
        entries = _sized(entries, data)  # (by the addresses as written: before xml:base is read)
    if any(not _ABSOLUTE.match(url) for entry in entries for url in _urls(entry)) and _XML_BASE in data:  # (a scan of the whole feed, for a relative one only)
        entries = _based(entries, data)
    return Feed(_text(parsed.get("feed", {}).get("title")), entries, link=_text(parsed.get("feed", {}).get("link")))


# An Atom link's start tag (of any prefix), and an attribute of one.
_ENCLOSURE_LINK = re.compile(rb"""\brel\s*=\s*["']enclosure["']""")
_LINK_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?link\s([^>]*)")
_ATTRIBUTE = re.compile(rb"""([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _link_tags(data: bytes) -> Iterator[dict[bytes, bytes]]:
    """The attributes of each Atom link tag in `data`, by their names. (findall gives the quotes a value was not in
    as empty: a value in single quotes was read as empty.)"""
    for tag in _LINK_TAG.finditer(data):
        yield {name: double or single for name, double, single in _ATTRIBUTE.findall(tag[1])}


def _sized(entries: list[FeedEntry], data: bytes) -> list[FeedEntry]:
    """The entries with the lengths of their Atom enclosures, which fastfeedparser leaves out of an Atom link: read from
    the feed's link tags, by their address (one the feed gives two lengths keeps the first)."""
    lengths: dict[str, int | None] = {}
    for attributes in _link_tags(data):
        if attributes.get(b"rel", b"").strip() == b"enclosure" and b"href" in attributes and b"length" in attributes:
            href = unescape(attributes[b"href"].decode("utf-8", "replace"))
            lengths.setdefault(href, _size(attributes[b"length"].decode("ascii", "replace")))
    return [
        entry._replace(enclosures=tuple(e._replace(length=lengths.get(e.url)) if e.length is None else e for e in entry.enclosures)) if entry.enclosures else entry
        for entry in entries
    ]


_XML_BASE = b"xml:base"
_ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def _urls(entry: FeedEntry) -> list[str]:
    """The addresses an entry gives that xml:base bears on: its link and its enclosures'."""
    return [*([entry.link] if entry.link else []), *(enclosure.url for enclosure in entry.enclosures)]


def _based(entries: list[FeedEntry], data: bytes) -> list[FeedEntry]:
    """The entries with their relative links and enclosures read against the xml:base around each, as feedparser does:
    fastfeedparser leaves them as written, to be read against the feed's address, which the feed's
    xml:base overrides (a base itself relative is still read against that address, later).

    The bases are read by lxml, which knows how xml:base nests, from a tree of the entries' elements
    in document order; were they not the parser's entries one for one, the feed's own base stands for all.
    """
    from lxml import etree

    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=True, collect_ids=False)
    try:
        root = etree.parse(BytesIO(data), parser).getroot()
    except etree.XMLSyntaxError:
        return entries
    if root is None:
        return entries
    bases = [_web_base(element) for element in root.iter("{*}entry", "{*}item")]
    if len(bases) != len(entries):
        bases = [root.base] * len(entries)
    return [
        entry._replace(link=entry.link and _joined(base, entry.link), enclosures=tuple(e._replace(url=_joined(base, e.url)) for e in entry.enclosures)) if base else entry
        for entry, base in zip(entries, bases, strict=True)
    ]


def _web_base(element: Any) -> str | None:
    """The xml:base an element's addresses are read against: that around it where its own is no web address
    (`file:///tmp/`, `javascript:`), which would make its links and files no links, and cost an episode alone."""
    while element is not None:
        base: str | None = element.base
        if not base or not _ABSOLUTE.match(base) or web_url(base) is not None:
            return base
        element = element.getparent()
    return None


def _joined(base: str, url: str) -> str:
    """`url` read against `base`; as written where it is no URL (`http://[x`), which is then left out as any (web_url)."""
    try:
        return urljoin(base, url)
    except ValueError:
        return url


# The start tag of an Atom entry, and of a field of one that may declare its type (`<summary type="text">`).
_TYPED_TAG = re.compile(rb"<(entry|title|summary|content)(?=[\s>/])([^>]*)")  # (a `>` consumed took the next tag with it)
_TYPE = re.compile(rb"""\btype\s*=\s*["']\s*([^"'\s]*)""")
_DECLARED_TEXT = re.compile(rb"""type=["']text""")  # (one scan, not one for each quote)


def _in_html(entries: list[FeedEntry], data: bytes) -> list[FeedEntry]:
    """The entries with their title, summary and content as HTML (html_field): as the Atom feed declares each, when
    that matters, else as their text looks. Neither parser says which type an Atom title or summary declares, and
    feedparser's content does not say whether its type was declared; so the types are read from the feed's start
    tags, only when a field with markup in it may be text where it looks like HTML, or the other way round."""
    guessed = {at: _as_html(entry, {}) for at, entry in enumerate(entries) if _has_markup(entry)}
    if not guessed:
        return entries
    read = list(entries)
    # The entries first: a scan of the whole feed for a declared type cost each worker of a big one 30 ms.
    may_differ = any(entry is not entries[at] for at, entry in guessed.items()) or _DECLARED_TEXT.search(data) is not None
    declared = _declared_types(data, len(entries)) if may_differ and b"<entry" in data else None
    for at, entry in guessed.items():
        read[at] = _as_html(entries[at], declared[at]) if declared else entry
    return read


def _has_markup(entry: FeedEntry) -> bool:
    """Whether html_field may read a field of the entry otherwise than as it is: one with markup, or a summary or
    content of plain text of lines or with a web address (_text_html)."""
    return any(text and ("<" in text or "&" in text) for text in (entry.title, entry.summary, entry.content)) or any(
        text and ("\n" in text or "\r" in text or "://" in text) for text in (entry.summary, entry.content)
    )


def _as_html(entry: FeedEntry, declared: dict[str, str | None]) -> FeedEntry:
    """The entry with its fields as HTML (html_field) of the types `declared`; the entry itself when none changes."""
    title = html_field(entry.title, declared.get("title"), title=True)
    summary = html_field(entry.summary, declared.get("summary")) if entry.summary else None
    content = html_field(entry.content, declared.get("content")) if entry.content else None
    if title is entry.title and summary is entry.summary and content is entry.content:
        return entry
    return entry._replace(title=title, summary=summary, content=content)


def _declared_types(data: bytes, count: int) -> list[dict[str, str | None]] | None:
    """The type that each of an Atom feed's `count` entries declares for its title, summary and content (None: none),
    by their start tags; None when the markup's entries are not the parser's one for one (each field is guessed)."""
    types: list[dict[str, str | None]] = []
    for match in _TYPED_TAG.finditer(data):
        name = match[1].decode()
        if name == "entry":
            types.append({})
        elif types and name not in types[-1]:  # the entry's own field, not one of a <source> after it
            types[-1][name] = _declared_type(match)
    return types if len(types) == count else None


def _declared_type(tag: re.Match[bytes]) -> str | None:
    """The type a start tag _TYPED_TAG found declares (None: none)."""
    kind = _TYPE.search(tag[2])
    return kind[1].decode("ascii", "replace").lower() if kind else None


def _own_title(title: str | None, data: bytes, url: str | None) -> str | None:
    """The feed's own title as text, made so as its entries' titles are: HTML as it declares its type, or looks
    (html_field), then text (_plain). `<title type="html">&lt;b&gt;Nieuws&lt;/b&gt;</title>` is Nieuws."""
    if title is None or ("<" not in title and "&" not in title and ESCAPE_MARK not in title):  # an ESC's sequence goes too
        return title
    declared = None
    for match in _TYPED_TAG.finditer(data):  # the feed's own title comes before its first entry
        if match[1] == b"entry":
            break
        if match[1] == b"title":
            declared = _declared_type(match)
            break
    return _plain(html_field(title, declared, title=True), url or "") or None


def _page_link(item: Any) -> str | None:
    """The link to an entry's page as fastfeedparser gives it, unless that is a link of another kind (an
    enclosure, a related page): fastfeedparser takes the first link when none says rel="alternate", though
    a link without rel is the alternate one too. Then the first such link, else none (the id may be the
    page's address), as feedparser has it."""
    link = _text(item.get("link"))
    links = [each for each in item.get("links") or [] if isinstance(each, dict) and _text(each.get("href"))]
    if link is not None and not any(each["href"] == link and each.get("rel") not in (None, "alternate") for each in links):
        return link
    return next((each["href"] for each in links if each.get("rel") in (None, "alternate")), None)


def _tolerant_date(item: Any, rss: bool) -> datetime | None:
    """The date of feedparser's entry, read as the fast parser reads it (_fastfeedparser), not as feedparser does.

    fastfeedparser dates an RSS item that has no pubDate by its guid, when that is a date and no address;
    feedparser did not, so that such a feed's items were dated or not with the parser it went to.
    dict.get: feedparser's own get maps a missing `updated` to `published`, with a warning."""
    guid = dict.get(item, "id") if rss else None
    for written in (dict.get(item, "published"), guid if isinstance(guid, str) and not guid.startswith(("http://", "https://")) else None, dict.get(item, "updated")):
        if isinstance(written, str) and (moment := _iso(_fastfeedparser()[1](written))):
            return moment
    return None


def _amsterdam(moment: datetime | None) -> datetime | None:
    try:
        return moment.astimezone(AMSTERDAM) if moment else None
    except (OverflowError, ValueError):
        return None  # the last hours of year 9999, in UTC, are the first of 10000 in Amsterdam


def _without_an_entry() -> NotAFeed:
    """A feed broken off before its first entry ended: none came whole, and no feed is read without entries."""
    return NotAFeed(_("not well-formed, and without an entry that can be read"))


def _tolerant(data: bytes, url: str | None) -> Feed:
    """feedparser, for what the fast parser cannot read: pure Python, so held to bounds of its own.

    Its passes that sanitise and resolve the links of HTML fields are left out: they read
    every HTML field twice more, and the HTML of an entry is read by fragment_text, with
    its bounds, against the entry's address, as for the fast parser's entries.
    """
    import feedparser
    from feedparser.encodings import convert_to_utf8

    headers = {"content-location": url} if url else {}
    try:
        check_tolerant_size(data)
        data = convert_to_utf8(headers, data, {})  # as feedparser converts it, to be measured as it will read it
        check_tolerant_feed(data)
        parsed = feedparser.parse(data, response_headers=headers, resolve_relative_uris=False, sanitize_html=False)
    except PageTooComplex as error:
        raise NotAFeed(_("not readable by the fast parser, and too big for the tolerant one: {reason}").format(reason=error)) from None
    except Exception as error:  # noqa: BLE001 - feedparser has more ways to fail on hostile bytes than it documents
        raise NotAFeed(_("not a feed that can be read ({reason})").format(reason=type(error).__name__)) from None
    not_a_feed = NotAFeed(_("not an RSS or Atom feed"))
    if not parsed.get("version"):
        # (feedparser's bozo_exception would say why in English, and says a feed read without a Content-Type is one too)
        raise not_a_feed
    if not parsed.entries:
        outline = _outline(data)
        if not outline.closed and not _root_end_tag(data, outline):
            # A feed broken off (a download cut short) before its first entry: no feed without entries. One whole but
            # damaged (an undeclared prefix, a `<br>`, bytes after its end) is a feed with none. (Where the parser
            # stopped is not said: its lines are those of the feed as _for_parser readied it.)
            raise _without_an_entry()
        if not outline.is_feed():
            raise not_a_feed
    entries = []
    rss = str(parsed.get("version", "")).startswith("rss")
    marks = _marks(data, parsed.feed.get("generator"), len(parsed.entries))
    for at, item in enumerate(parsed.entries):
        contents = item.get("content") or []
        published = _tolerant_date(item, rss)
        entries.append(_entry(item, _text(contents[0].get("value")) if contents else None, _text(item.get("summary")), published, _text(item.get("link")), marks[at] if marks is not None else None))
    return Feed(_text(parsed.feed.get("title")), entries, link=_text(parsed.feed.get("link")))


_ATOM_ROOTS = frozenset({"{http://www.w3.org/2005/Atom}feed", "{http://purl.org/atom/ns#}feed"})  # Atom 1.0, and 0.3 as feedparser reads it
_RDF_ROOT = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}RDF"
_RDF_CHANNELS = frozenset({"{http://purl.org/rss/1.0/}channel", "{http://my.netscape.com/rdf/simple/0.9/}channel"})  # RSS 1.0, 0.90


class _Outline:
    """The root element of a document, the names of its children, and whether it was closed, as lxml's parser
    meets them (a parser target)."""

    def __init__(self) -> None:
        self.root: str | None = None
        self.children: set[str] = set()
        self.depth = 0
        self.closed = False
        self.declared: list[tuple[str, str]] = []  # the root's namespaces: prefix ('' for the default one) and name
        self.end_tags: list[str] = []  # the root's end tag as it may be written: `</feed>`, `</atom:feed>`

    def start_ns(self, prefix: str, uri: str) -> None:
        if self.root is None:
            self.declared.append((prefix, uri))

    def start(self, tag: str, attrib: object) -> None:
        if self.root is None:
            self.root = tag
            namespace, _brace, name = tag[1:].rpartition("}") if tag.startswith("{") else ("", "", tag)
            prefixes = [prefix for prefix, uri in self.declared if uri == namespace] if namespace else [""]
            self.end_tags = [f"</{prefix}:{name}" if prefix else f"</{name}" for prefix in prefixes]
        elif self.depth == 1:
            self.children.add(tag)
        self.depth += 1

    def end(self, tag: str) -> None:
        self.depth -= 1
        self.closed = self.closed or self.depth == 0

    def close(self) -> None:
        return None

    def is_feed(self) -> bool:
        """Whether the root is a feed's: RSS 0.9x/2.0 with a channel, RDF with an RSS 1.0 (0.90) channel, or Atom's feed
        in Atom's namespace. feedparser gives a version to any root named `rss` or `feed`, so an API's error answer
        (`<feed><error>rate limit exceeded</error></feed>`) was a feed that had no entries at the time."""
        if self.root == "rss":
            return any(child.lower() == "channel" for child in self.children)  # (feedparser reads names in any case)
        if self.root == _RDF_ROOT:
            return not self.children.isdisjoint(_RDF_CHANNELS)
        return self.root in _ATOM_ROOTS


def _outline(data: bytes) -> _Outline:
    """The document's outline as feedparser read it (`data` has the XML declaration feedparser puts at its start),
    read from the feed's own declaration where something came before it (the warnings PHP prints ahead of a feed:
    xml_repair.declaration_start; not a declaration quoted in the feed's text). Read with lxml's recovery: a damaged
    feed has one all the same."""
    from lxml import etree

    outline = _Outline()
    parser = etree.XMLParser(target=outline, recover=True, resolve_entities=False, no_network=True, huge_tree=True)
    try:
        etree.fromstring(data[declaration_start(data, 1) :], parser)
    except etree.XMLSyntaxError:
        pass  # nothing lxml could read: an outline without a root
    return outline


def _root_end_tag(data: bytes, outline: _Outline) -> bool:
    """Whether the feed's root is closed in its text by its own end tag (with a prefix the root gives its namespace, or
    none where that is the default one), outside a comment or CDATA section: where damage inside it (an unclosed
    `<br>`) took the root's end tag for another's, lxml's parser never closes the root. `data` is in UTF-8, as
    feedparser reads it; a prefix may be a name of any letters (`<ñ:feed>`)."""
    if not outline.end_tags:
        return False
    text = data.decode("utf-8", "replace")
    end_tag = re.compile("(?:" + "|".join(map(re.escape, outline.end_tags)) + r")\s*>")
    last = deque(end_tag.finditer(text), maxlen=1)
    if not last:
        return False
    at = last[0].start()
    return text.rfind("<!--", 0, at) <= text.rfind("-->", 0, at) and text.rfind("<![CDATA[", 0, at) <= text.rfind("]]>", 0, at)


# The first element's start tag, in UTF-8 or UTF-16 of either byte order.
_FIRST_ELEMENT = re.compile(rb"\x00?<\x00?[A-Za-z_]")
_DECLARATION_END = re.compile(rb"\?>")


def _for_parser(data: bytes) -> bytes:
    """The feed as both parsers can read it: without losing text at references, raising, or backtracking for ever.

    feedparser runs regexes with `^\\s*` over all that comes before the first element,
    and one over the whole first line: a feed that opens with a megabyte of blank
    lines, or a minified one with many `encoding=` on its first line, would take
    hours. The first element must start within 8 kB, once the comments and the document
    type's declarations are out of the way (xml_readable), and an XML declaration gets
    a line of its own (whitespace between it and the root changes nothing). Controls
    XML has no room for are deleted and references made XML's own (xml_readable), and
    the stray bytes of a feed in UTF-8 read as the Windows-1252 they are (utf8_readable), and a
    feed named Latin-1 read as Windows-1252 too, and handed on in UTF-8 (cp1252_readable). Those
    repairs work on the bytes: a feed in an encoding whose ASCII bytes can be part of
    other characters (UTF-16) is repaired as UTF-8 and handed on in its own encoding,
    as its declaration says.
    """
    codec = xml_encoding(data)
    if ascii_compatible(codec):
        data = xml_readable(data, codec)  # before utf8_readable: it sees stray bytes in tags as they came
        data = utf8_readable(data) if codec in UTF8 else cp1252_readable(data) if codec == "cp1252" else data
    else:
        # What is no character in its codec (a lone surrogate of UTF-16, a byte too many) made every entry unreadable:
        # deleted, as in a feed in UTF-8 a control is; a byte that put the characters after it out of step, dropped.
        text = utf16_realigned(data, codec).decode(codec, "ignore")
        data = xml_readable(text.encode(), codec).decode().encode(codec)
    first = _FIRST_ELEMENT.search(data, 0, MAX_PROLOGUE + 2)
    if first is None:
        if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):  # a JSON Feed, where a feed was listed
            raise NotAFeed(_("JSON, not RSS or Atom: nieuws-tui reads no JSON Feed"))
        raise NoElement(_("no element in the first {size} kB").format(size=MAX_PROLOGUE // 1024))
    if data.startswith(b"<?") and b"\x00" not in data[:64] and (end := _DECLARATION_END.search(data, 0, first.start())):
        data = b"".join((data[: end.end()], b"\n", memoryview(data)[end.end() :]))  # (one copy of a big feed, not two)
    return data


def read_feed(data: bytes, url: str | None = None, cap: int = FEED_BOUNDS_SIZE) -> Feed:
    """The entries of an RSS or Atom document read under a size cap of `cap` bytes, none if it has none (a new feed,
    or one whose items have all expired); NotAFeed when it is neither, or is beyond the bounds of one
    (FeedBeyondTheCap: of one that grows with the cap)."""
    size = max(cap, len(data))  # a feed bigger than the cap was read without one: its own size is its cap
    try:
        check_feed_markup(data, size)
        data = _for_parser(data)
        feed = _fast(data)
        if _fast_parser_erred() and (repaired := _without_letters_in_tags(data)) is not None:
            data = repaired
            feed = _fast(data)
    except PageTooComplex as error:
        raise _refused(error) from None
    except NotAFeed:
        raise
    except Exception:  # noqa: BLE001 - anything the fast parser refuses, the tolerant one gets a go at
        feed = None
    if feed is None or not feed.entries:
        feed = _tolerant(data, url)
    elif feed.entries[-1].link is None and _entries_marked(data) > len(feed.entries):
        feed = _read_on(feed, data, url, _linked)
    elif any(not entry.title or not (entry.content or entry.summary) for entry in feed.entries) and _XHTML_TEXT.search(data):
        feed = _read_on(feed, data, url, _with_text)
    try:
        title = _own_title(feed.title, data, url)  # read as HTML, bounded as any: markup nested thousands deep is none
        title = shortened(title) if title else title  # it names a section: a line, not a book
    except PageTooComplex as error:
        raise NotAFeed(_("its title: {reason}").format(reason=error)) from None
    entries = _in_html(feed.entries, data)
    tags = _tags_in_ascii(data)
    broken_off = _broken_off(tags)
    if broken_off:
        # The entry the break cut through came as the parsers recover it: a date cut short or none, its text cut short.
        # Entries are in document order, so the whole ones are the first as many as end tags came.
        whole = _entries_ended(tags)
        if entries and not whole:
            raise _without_an_entry()
        entries = entries[:whole]
    feed = Feed(title, entries, broken_off, feed.link)
    try:
        # The summary too beside a content: an entry's text is its summary when its content has none (entry_article).
        check_entries_markup((text or "" for entry in feed.entries for text in (entry.title, entry.content, entry.summary, entry.author)), size)
    except PageTooComplex as error:
        raise _refused(error) from None
    return feed


# The start tag of a feed's root (RSS's, RDF's, Atom's), with the name as it is written, a prefix too (`rdf:RDF`):
# its end tag must write it alike. Looked for in the first MAX_PROLOGUE_READ bytes, past a script's warnings printed
# ahead of it (`<br />`), which are no root.
_ROOT_START = re.compile(rb"<((?:[A-Za-z_][\w.-]*:)?(?i:rss|feed|rdf))[\s/>]")
_TAG_END = re.compile(rb"\s*>")
# What may stand before the root and mention one (`<!-- was <rss version="0.91"> -->`), and where it ends: a comment,
# a processing instruction, a document type (its internal subset first, in brackets).
_PASSED_OVER = ((b"<!--", (b"-->",)), (b"<?", (b"?>",)), (b"<!", (b"]", b">")))


def _root_start(data: bytes) -> re.Match[bytes] | None:
    """The root's start tag in the first MAX_PROLOGUE_READ bytes, past what stands before it; each byte looked at once
    (a regular expression tried at each of ten thousand unclosed `<!--` took seconds)."""
    at = 0
    while (at := data.find(b"<", at, MAX_PROLOGUE_READ)) >= 0:
        opening = next(((start, ends) for start, ends in _PASSED_OVER if data.startswith(start, at)), None)
        if opening is None:
            if root := _ROOT_START.match(data, at):
                return root
            at += 1
            continue
        start, ends = opening
        at += len(start)
        if ends[0] == b"]" and (bracket := data.find(b"[", at, MAX_PROLOGUE_READ)) >= 0 and bracket < data.find(b">", at, MAX_PROLOGUE_READ):
            at = data.find(b"]", bracket, MAX_PROLOGUE_READ)
        if at < 0 or (at := data.find(ends[-1], at, MAX_PROLOGUE_READ)) < 0:
            return None
        at += len(ends[-1])
    return None


def _broken_off(data: bytes) -> bool:
    """Whether the feed, its tags in ASCII bytes (_tags_in_ascii), breaks off: its root's end tag (`</rss>`) is nowhere
    after its start, as when the server cut a download short. The parsers' recovery reads the entries that came as a whole feed, and say nothing of the rest.
    Searches in C from the end; what a script printed after the end tag is no matter, nor is an end tag that is text in
    a CDATA section or comment (`<code></rss></code>` in an item's HTML) before the break (_root_end). A feed in UTF-16
    or 32 is looked into in UTF-8: its tags are no such bytes, and characters of its text may be (`爼獳‾` is `<rss>` in
    UTF-16-LE)."""
    root = _root_start(data)
    if root is None:
        return False
    opened = data.find(b">", root.end() - 1)
    if opened > 0 and data[opened - 1 : opened] == b"/":  # a root with nothing in it (`<feed xmlns="…"/>`)
        return False
    end = _root_end(data, b"</" + root[1], root.end())
    return end < 0 or _TAG_END.match(data, end + 2 + len(root[1])) is None


# Where a feed's text stands as it is, tags in it text: a CDATA section and a comment, each to its first end.
_UNPARSED = ((b"<![CDATA[", b"]]>"), (b"<!--", b"-->"))
# The root's end tag as a whole feed ends: after it only whitespace, comments (a cache plugin's `<!-- Performance
# optimized by W3 Total Cache -->`) and processing instructions.
_LAST_TAG_END = re.compile(rb"\s*>(?:\s|<!--(?:(?!-->).)*-->|<\?(?:(?!\?>).)*\?>)*\Z", re.DOTALL)


def _root_end(data: bytes, end_tag: bytes, start: int) -> int:
    """Where the root's end tag is last in the feed past `start`, outside CDATA sections and comments; -1 where it is
    nowhere. The last one with nothing but whitespace, comments and instructions after it, as a whole feed ends, is
    taken as it is: to know it is outside takes a search through all the feed (some 10 ms in 25 MB, 3% of reading it),
    and a feed cut short inside a CDATA section right after a `</rss>` in it is rare. Else one is inside a section where the first start
    after the last end before it comes before it; the next one looked at is before that start, and what is known of
    the sections before it is kept: each byte is searched through a few times at most, however many sections. (A
    comment's start in a CDATA section, or the reverse, counts as one: the feed is said to break off, and keeps each
    entry that ended.)"""
    end = data.rfind(end_tag, start)
    if end < 0 or _LAST_TAG_END.match(data, end + len(end_tag)):
        return end
    ended: list[int | None] = [None] * len(_UNPARSED)  # of each kind, where its last end before `end` is: -1 none
    while end >= 0:
        inside = []
        for kind, (opening, closing) in enumerate(_UNPARSED):
            last = ended[kind]
            if last is not None and last + len(closing) <= end:
                continue  # no start after it but the one passed over, if any
            last = ended[kind] = data.rfind(closing, 0, end)
            if (opened := data.find(opening, last + len(closing) if last >= 0 else 0, end)) >= 0:
                inside.append(opened)
        if not inside:
            return end
        end = data.rfind(end_tag, start, min(inside))
    return end


def _tags_in_ascii(data: bytes) -> bytes:
    """The feed with its tags in ASCII bytes, to be looked into without a parser: one in UTF-16 or 32 in UTF-8."""
    codec = xml_encoding(data)
    return data if ascii_compatible(codec) else data.decode(codec, "ignore").encode()


# The start tag of a feed's first entry, which tells how its entries are written: `item` or `entry`, with a prefix or
# without (`<rss:item>` in an RDF feed that binds RSS 1.0 to one, `<atom:entry>` where Atom is embedded under one).
_FIRST_ENTRY = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?(item|entry)[\s/>]")


@lru_cache(maxsize=16)
def _entry_end_or_text(tag: bytes) -> re.Pattern[bytes]:
    """The end tag of an entry written as `tag` (`item`, `rss:item`, `atom:entry`), or one closed in its start tag
    (`<item/>`, which the parsers read as an entry too: not counted, it cost the whole entry after it), or the start
    of a comment or CDATA section, where a tag is text. Of that one spelling only: RSS 1.0's mod_content puts a
    `<content:item>` in each of its items, which counted each twice and kept the one the break cut through. An Atom
    entry with any prefix: no module has an `entry` of its own. (An extension element spelled as the entries are,
    inside one, would count one too many, and keep the entry the break cut through, as every entry was kept before:
    a rare cost, against a parse.)"""
    name = rb"(?:[A-Za-z_][\w.-]*:)?entry" if tag.rpartition(b":")[2] == b"entry" else re.escape(tag)
    return re.compile(rb"<(?:(!--)|(!\[CDATA\[)|/" + name + rb"\s*>|" + name + rb"(?:\s[^<>]*)?/>)")


def _entries_ended(data: bytes) -> int:
    """How many entries of a feed that breaks off, its tags in ASCII bytes (_tags_in_ascii), ended with their end tag:
    those that came whole. A comment or CDATA section is passed over in one find in C (a regular expression read them
    a byte at a time: five times as long)."""
    first = _FIRST_ENTRY.search(data)
    if first is None:
        return 0
    entry_end_or_text = _entry_end_or_text(first[0][1:-1])  # (its name, without `<` and what ends the name)
    ended, at = 0, first.start()
    while tag := entry_end_or_text.search(data, at):
        if tag[1] or tag[2]:
            at = data.find(b"-->" if tag[1] else b"]]>", tag.end())
            if at < 0:  # the break came inside it
                break
        else:
            ended += 1
            at = tag.end()
    return ended


def _fast_parser_erred() -> bool:
    """Whether libxml2 met an error in the fast parser's last reading in this thread: it recovers, and says so in
    its log only. (fastfeedparser's native reader takes well-formed feeds only, and hands the others to this
    thread's recover parser. A thread whose parse went to its shared parsers, for the trees of other threads in
    flight, reads another parse's log: a feed read once more, or left as it was read.)"""
    return bool(_fastfeedparser()[0].main._THREAD_XML_PARSERS.recover.error_log)


def _without_letters_in_tags(data: bytes) -> bytes | None:
    """A feed in UTF-8 without the letters beyond ASCII inside its tags; None when it is in another encoding or has none.

    A letter there (`<titleé>`, `<link é>`, `</tiétle>`) made another element, and its entry lost its title,
    link or text. Stray bytes there are deleted as any feed is readied (xml_readable), but to find a letter
    every tag must be read: some 2 ms a MB more for each feed in valid UTF-8 with letters in its text, where
    a feed with a letter in a tag is not well-formed. So it is looked for only when the parser met an error."""
    if data.isascii() or xml_encoding(data) not in UTF8:
        return None
    repaired = tags_repaired(data)
    return None if repaired == data else repaired


# Start tags of entries as feeds write them (`<item` alone would count RSS 1.0's `<items>` too).
_ENTRY_TAGS = (b"<item>", b"<item ", b"<entry>", b"<entry ")


def _entries_marked(data: bytes) -> int:
    """How many entries a feed's markup starts, counted without a parser (some 2.5 ms a MB; namespaced tags are not)."""
    return sum(data.count(tag) for tag in _ENTRY_TAGS)


def _read_on(fast: Feed, data: bytes, url: str | None, measure: Callable[[Feed], int]) -> Feed:
    """The fast parser's feed, or the tolerant one's if that has more of what `measure` counts.

    Markup broken badly enough (`<%/title>`) makes the fast parser's recovery take the rest of
    the document for one last entry without a link: every later entry was lost. The tolerant
    parser loses the broken entry only. It is asked only when the fast reading ends so and the
    markup starts more entries than it found: a feed whose entries lack links anyway is read once.
    And fastfeedparser gives an Atom title or summary of type xhtml as empty, which feedparser reads:
    it is asked when an entry lacks either and the feed has XHTML text."""
    try:
        tolerant = _tolerant(data, url)
    except NotAFeed:
        return fast
    return tolerant if measure(tolerant) > measure(fast) else fast


def _linked(feed: Feed) -> int:
    """Entries that link to anything: a page, or a file (a podcast's episode of a file alone is known by it: entry_article)."""
    return sum(1 for entry in feed.entries if entry.link is not None or entry.enclosures)


_XHTML_TEXT = re.compile(rb"""type\s*=\s*["']xhtml["']""")


def _with_text(feed: Feed) -> int:
    """Titles and texts the feed's entries have."""
    return sum(bool(entry.title) + bool(entry.content or entry.summary) for entry in feed.entries)


def _plain(text: str, base_url: str) -> str:
    """A title or name as text: feeds put markup and entities in titles too. One line, without the store's spelling of
    a text's marks (a `<br>`'s line separator, a written `>`'s no-break space: clean_line makes them spaces)."""
    if _MARKUP.search(text):
        return clean_line(" ".join(block.text for block in fragment_blocks(text, base_url)))
    return clean_line(text)


# An author with an e-mail address: RSS 2.0 puts the name in brackets (`jan@example.org (Jan Jansen)`),
# feedparser the address (`Jan Jansen (jan@example.org)`).
_ADDRESS = r"[^\s()]+@[^\s()]+"
_NAMED_ADDRESS = re.compile(rf"{_ADDRESS}\s*\((?P<name>[^()]+)\)|(?P<named>[^()]+?)\s*\({_ADDRESS}\)")


def _author_name(author: str | None, base_url: str) -> str | None:
    """The author as a name to show: text, without the e-mail address that may come with it."""
    if not author:
        return None
    name = _plain(author, base_url)
    if addressed := _NAMED_ADDRESS.fullmatch(name):
        name = (addressed["name"] or addressed["named"]).strip()
    return name or None


# What a content that only points at the story says besides its link, without the signs around it (`…`, `»`, `→`,
# `[…]`): nothing (a bare link, `<a>Lees meer</a>`); a "read more" in Dutch or English (in any case), with the site it is
# on (_SITE), or none (`Lees meer op <a>NU.nl</a>`: the site is the link); a bare `meer` or `more`, with nothing after it
# (`Meer op komst.`, `More at 11.` are news); an address. Whole sentences only, and short ones (_POINTER_CHARS): a story
# that begins `Lees meer over…` is none.
_POINTER = re.compile(
    r"(?:(?i:lees (?:hier )?(?:meer|verder)|(?:hier )?verder lezen|meer lezen"
    r"|(?:lees|bekijk) (?:het|dit) (?:hele |volledige |complete )?(?:artikel|bericht|verhaal|stuk)"
    r"|klik hier(?: om verder te lezen| voor meer| voor het (?:hele |volledige )?(?:artikel|bericht|verhaal))?"
    r"|read (?:more|on)|(?:continue|keep) reading|read the rest(?: of (?:this|the) (?:article|story|post|entry))?"
    r"|read (?:the |this )?(?:full |whole |entire )?(?:article|story|post|entry)|(?:the )?full (?:article|story)"
    r"|view (?:the )?(?:full )?(?:article|story|post)|click here(?: to (?:read|read more|continue reading))?"
    r")(?: (?i:op|bij|via|on|at)(?: (?P<site>[^:]{1,80}))?)?|(?i:meer|more)|(?i:https?)://\S+)?"
)
# A site as a pointer names it: a host name (`nu.nl`), or a name as sites write theirs, an article before it at most
# (`de Volkskrant`, `the Guardian`, `The New York Times`, `1Limburg`, `Één`): words that begin with a capital or a
# digit, a full stop in the last one only — `climate: floods`, `Reuters. Trump wins` are news.
_HOST = re.compile(r"[^\s.:]+(?:\.[^\s.:]+)+")
_ARTICLES = frozenset({"the", "de", "het", "een"})
_SITE_WORDS = 5


def _a_site(name: str) -> bool:
    words = name.split()
    if words and words[0].casefold() in _ARTICLES:
        words = words[1:]
    if len(words) == 1 and _HOST.fullmatch(words[0]):
        return True
    return 0 < len(words) <= _SITE_WORDS and all(word[0].isupper() or word[0].isdigit() for word in words) and "." not in "".join(words[:-1])
_SIGNS_AROUND = re.compile(r"^\W+|\W+$")
_POINTER_CHARS = 200  # of a content's text, links and all: a pointer is a line
_POINTER_HTML = 4096  # of its HTML (a link's address, an image beside it), read again for the words outside its links


def _points_on(content: str, blocks: list[PageBlock], base_url: str) -> bool:
    """Whether an entry's content, read as `blocks`, only points at the story: its words outside its links (_POINTER)."""
    if len(content) > _POINTER_HTML or _length(blocks) > _POINTER_CHARS:
        return False
    pointer = _POINTER.fullmatch(_SIGNS_AROUND.sub("", unlinked_text(content, base_url)))
    return pointer is not None and (pointer["site"] is None or _a_site(pointer["site"]))


def _length(blocks: list[PageBlock]) -> int:
    return sum(len(block.text) for block in blocks)


# A summary of this many paragraphs, of this much text, is the article itself: many feeds give their whole story in
# <description>, without content:encoded. A feed's teaser is a paragraph (however long: an excerpt cut at a number
# of words), or a few short ones: an introduction, `Lees verder`, a list of links, `The post … appeared first on`.
_WHOLE_PARAGRAPHS = 3
_WHOLE_CHARS = 1000


# How an excerpt ends: WordPress's line under it (Yoast's, in English and Dutch), its `[…]`, or a pointer at the story
# after its last words (`Slotzin. Lees verder »`, `Continue reading “Dijk”`).
_APPEARED_FIRST = r"(?:the post .{1,500} appeared first on |het bericht .{1,500} verscheen eerst op )"
_READ_ON_WORDS = r"(?:lees (?:hier )?(?:meer|verder)|(?:hier )?verder lezen|continue reading|keep reading|read more|read the rest)\b"
_READ_ON = rf"{_READ_ON_WORDS}[^.!?]{{0,120}}"
_EXCERPT_START = re.compile(rf"(?i){_APPEARED_FIRST}")
_EXCERPT_END = re.compile(
    r"(?i)(?:[(\[]\s*(?:…|\.\.\.)\s*[)\]]$"
    r"|(?:…|\.\.\.)[\"'”’)]?$"  # cut off in a sentence
    rf"|[(\[]?{_READ_ON}$)"  # (its bracket too: `[Lees verder]` ends where the bracket opens)
)
# The last characters of a paragraph, which hold any end _EXCERPT_END finds (a pointer, and 120 characters after it at
# most): searched there only. Every full text's last paragraph is asked (_without_boilerplate), and a search of the whole
# of it cost an ingest of 10,000 stories a seventh of its time.
_EXCERPT_TAIL = 256
# What every end _EXCERPT_END finds holds, in lower case: looked for first (in C), the search is made in few paragraphs.
_EXCERPT_SIGNS = ("…", "...", "lees", "lezen", "continue reading", "keep reading", "read more", "read the rest")
# WordPress's line under a post, whole, as its text reads: the blog's name after it, a short one, and a full stop. Its
# words are an author's too (`Het bericht van de burgemeester verscheen eerst op Twitter, …`): only with the post's
# title and the blog's name as links, as WordPress writes them, is it the platform's (_wordpress_line).
_APPEARED_FIRST_LINE = re.compile(rf"(?i){_APPEARED_FIRST}.{{1,200}}\.")
_APPEARED_OPENING = re.compile(r"(?i)the post |het bericht ")
_APPEARED_MIDDLE = re.compile(r"(?i) appeared first on | verscheen eerst op ")
# The words of a link that only points on to the story (`Lees verder »`, `Continue reading “Dijk”`), the signs around them aside.
_READ_ON_LINK = re.compile(rf"(?i){_READ_ON}")
# What is left at a paragraph's end of a read-on link around it, once the link's words are gone (`Zin. [`, `Zin. »`).
_READ_ON_SIGNS = " »›→([|-–—"
# The same words as text, no link, that end a teaser's last paragraph (`Zin. Lees verder »`, `Zin. (Read more…)`): at
# its start or after a sentence, nothing but signs after them.
_READ_ON_TEXT = re.compile(rf"(?i)(?:^|(?<=[.!?…\"”’)]))\s*[(\[]?{_READ_ON_WORDS}\W*$")

# Of such an end, one that names the story's topics (`Lees meer over: Zeeland, Verkeer`, `Read more about: …`) or points
# at an archive (`Read more about the bridge in our archive`): no pointer at the story, and a whole article may end so.
_TOPICS_OR_ARCHIVE = re.compile(r"(?i)^[(\[]?(?:lees (?:hier )?meer|read more) (?:over|about|on)\s*:|\b(?:archief|archive)\b")


def excerpt_end(line: str) -> int | None:
    """Where a summary's last paragraph, `line`, ends as an excerpt ends (_EXCERPT_START, _EXCERPT_END), not as a whole article may
    (_TOPICS_OR_ARCHIVE): None where it does not."""
    tail = max(0, len(line) - _EXCERPT_TAIL)
    lowered = line[tail:].lower()
    signed = any(sign in lowered for sign in _EXCERPT_SIGNS)
    end = _EXCERPT_START.match(line) or (_EXCERPT_END.search(line, tail) if signed else None)
    return end.start() if end is not None and _TOPICS_OR_ARCHIVE.search(end[0]) is None else None


# Words of a line that points at the story elsewhere, in a link to it or beside one (`Het volledige verhaal staat op
# onze site`, `Dit artikel verscheen eerder op Trouw`, `Brug dicht verscheen eerst op Regio`).
_ONWARD = re.compile(
    r"(?i)\b(?:lees|lezen|leest|verder|meer|hele|volledige?|artikel|verhaal|bericht|verscheen"
    r"|read|more|full|whole|article|story|post|appeared)\b"
)


def _whole_article(blocks: list[PageBlock], html: str, url: str) -> bool:
    """Whether a summary, read as `blocks` of `html`, the text of the item at `url`, is a whole article rather than a
    teaser of one (_WHOLE_PARAGRAPHS): not one that ends as an excerpt does (`Lees verder`, `[…]`, `The post …
    appeared first on …`: excerpt_end), however long its opening; nor one whose last paragraph is a line
    (_POINTER_CHARS) that points at the item's own link with words that say so (_ONWARD: `Read the full story at
    <a>Reuters</a>`), in other words than a site's own pointer: a link to the item itself is nothing a whole
    article has, but where the rest of it is."""
    paragraphs = [(at, block) for at, block in enumerate(blocks) if not block.is_heading]
    if len(paragraphs) < _WHOLE_PARAGRAPHS or _length([block for _, block in paragraphs]) < _WHOLE_CHARS:
        return False
    last_at, last = paragraphs[-1][0], paragraphs[-1][1].text.strip()
    if _POINTER.fullmatch(_SIGNS_AROUND.sub("", last)) is not None or excerpt_end(last) is not None:
        return False
    return len(last) > _POINTER_CHARS or _ONWARD.search(last) is None or last_at not in blocks_linking_to(html, url)


def _own_addresses(url: str, guid: str | None) -> frozenset[str]:
    """The addresses of the item at `url` itself, normalized: its link's, and its guid's where that is its permalink
    (the link may be a redirect, a feed service's)."""
    permalink = guid_link(guid) if guid is not None else None
    return frozenset({normalize_url(url), permalink} if permalink is not None else {normalize_url(url)})


def _without_boilerplate(
    blocks: list[PageBlock], links: tuple[Link, ...], html: str, url: str, own: Set[str], teaser: bool
) -> tuple[list[PageBlock], tuple[Link, ...]]:
    """A feed entry's `blocks` of `html`, the text of the item at `url` (at `own` addresses: _own_addresses), and their
    `links`, without what the publisher puts under each item, none of the story's text: WordPress's line naming the
    post and the blog where it is the last paragraph (_wordpress_line), and a read-on link to the item ending the last
    paragraph (_read_on_at), or, of a `teaser`, the same words without a link (_READ_ON_TEXT: in a whole text they may
    be the author's); the links whose words stood there go with them. A text that is nothing else is left as it is:
    the story would be lost without a word."""
    if not blocks or blocks[-1].is_heading:
        return blocks, links
    last, text = len(blocks) - 1, blocks[-1].text
    appeared, excerpt = _APPEARED_FIRST_LINE.fullmatch(text) is not None, excerpt_end(text) is not None
    ends = _linked_at(text, last, html, url) if appeared or excerpt else {}
    cut: int | None = None
    if appeared and _wordpress_line(text, ends, own):
        cut = 0
    elif excerpt:
        cut = _read_on_at(text, ends, own)
        if cut is None and teaser and (words := _READ_ON_TEXT.search(text)):
            cut = words.start()
    if cut is None:
        return blocks, links
    kept = text[:cut].rstrip(_READ_ON_SIGNS)
    if not kept and sum(not block.is_heading for block in blocks) == 1:
        return blocks, links
    # An image without words placed in what goes (before the read-on link, or after it at the text's end) stays, after
    # what stays: it went with the link's words, or pointed into a block gone, and was marked nowhere.
    stays = (last, len(kept)) if kept else (last - 1, len(blocks[last - 1].text))
    staying = []
    for link in links:
        if link.end is not None and link.end[0] == last and (link.end[1] > len(kept) or not kept):
            if link.text:
                continue
            link = link._replace(end=stays)
        staying.append(link)
    return (blocks[:last] + [blocks[last]._replace(text=kept)] if kept else blocks[:last]), tuple(staying)


def _linked_at(text: str, at: int, html: str, url: str) -> dict[int, Link]:
    """The links whose words stand in the paragraph `text`, the block `at` of a feed entry's `html`, by where they start."""
    found: dict[int, Link] = {}
    for link in linked_ends(html, url):
        if link.end is not None and link.end[0] == at:
            start = link.end[1] - len(link.text)
            if start >= 0 and text[start : link.end[1]] == link.text:
                found.setdefault(start, link)
    return found


def _wordpress_line(text: str, ends: dict[int, Link], own: Set[str]) -> bool:
    """Whether the paragraph `text` (_APPEARED_FIRST_LINE), its links by where they start (`ends`), is WordPress's line
    under a post: the post's title a link, to the item itself (`own`), or the blog's name a link too, which the
    line's full stop follows."""
    opening = _APPEARED_OPENING.match(text)
    title = ends.get(opening.end()) if opening is not None else None
    if title is None or title.end is None or (middle := _APPEARED_MIDDLE.match(text, title.end[1])) is None:
        return False
    if normalize_url(title.url) in own:
        return True
    blog = ends.get(middle.end())
    return blog is not None and blog.end is not None and blog.end[1] == len(text) - 1


def _read_on_at(text: str, ends: dict[int, Link], own: Set[str]) -> int | None:
    """Where a link that only points on to the story (_READ_ON_LINK) starts, whose words end the paragraph `text` (but
    for signs around them: `Zin. <a>Lees verder</a> »`), its links by where they start (`ends`); to the item itself
    (`own`): a link elsewhere (`Lees verder over de brug`, `lees verder in het rapport`) is the author's."""
    # Where the signs after the last word start, found once: looked for after each link, a paragraph of thousands of
    # links took seconds.
    signs = next((at + 1 for at in range(len(text) - 1, -1, -1) if text[at].isalnum()), 0)
    for start, link in ends.items():
        words = _SIGNS_AROUND.sub("", link.text)
        if (
            link.end is not None
            and link.end[1] >= signs
            and normalize_url(link.url) in own
            and _READ_ON_LINK.fullmatch(words)
            and _TOPICS_OR_ARCHIVE.search(words) is None
        ):
            return start
    return None


def entry_article(
    entry: FeedEntry,
    section: str | None,
    base_url: str,
    source: str | None = None,
    feed_title: str | None = None,
    by_guid: bool = True,
    shared_addresses: Mapping[str, Mapping[str, str]] = MappingProxyType({}),
    untold: Mapping[str, Set[str]] = MappingProxyType({}),
    home: str | None = None,
    unlinked: Set[str] = frozenset(),
) -> Article | None:
    """An entry as an article; None when it links to nothing and its feed has no page (an article is known by its URL).

    Filed under `section`, else the entry's category, else `feed_title` (made one clean line: a feed's, or a cache's, text).
    Known by its guid too (Article.guid) unless `by_guid` is false: a guid that other entries of its feed share.
    At one of `shared_addresses`, it is known by its guid there (item_link), a build of a story there by the guid of
    the story's first build; without a guid of its own, at one of `untold` (untold_addresses), by its title there.
    Without a link or file of its own (a status feed's notice), but with a guid or text, it is at `home`, its feed's page
    (feed_page), known there by its guid, else by its title (_title_key, `unlinked` the titles that repeat among such),
    of its feed's: its `source`'s, else the feed's address, `base_url`.
    """
    enclosures = _clean_enclosures(entry.enclosures, base_url)
    url = _address(entry, base_url, enclosures)
    if url is not None:
        guid = _other_than_link(entry.guid, url) if by_guid else None
        # Shared addresses are normalized, one however its path ends; item_link keeps the link's spelling, its id theirs.
        address = normalize_url(url)
        if guid is not None and _told_apart(guid, address):
            url, id_ = item_link(url, guid)
        elif guid is not None and (builds := shared_addresses.get(address)) is not None:
            url, id_ = item_link(url, builds.get(guid, guid))
        elif guid is None and (repeated := untold.get(address)) is not None:
            url, id_ = item_link(url, _title_key(entry, repeated))
        else:
            id_ = article_id(url)
    elif home is not None and (entry.guid is not None or entry.content or entry.summary):
        # (Not one of a title alone, nor an empty one: what a parser recovers of an item whose markup is broken.)
        # Always by its guid or title, alone at the page too: its id stays as other such items come and go, and is
        # never the page's, which an item that links to the page is known by.
        guid = entry.guid if by_guid else None
        # Of its source, as the user gave it, not the address the feed was last fetched at: a redirect moves that, and
        # its id would go with it.
        url, id_ = item_link(home, guid if guid is not None else _title_key(entry, unlinked), _feed_key(source or base_url))
    else:
        return None
    # An entry's content is its text, however short, as feed readers show it (newsboat among them): a summary beside it
    # is mostly the opening of that text again, and has no place in the model, whose lead is the text's first paragraph.
    # The summary is the text only of an entry without a paragraph of content: then what the feed gave is a summary,
    # unless it is plainly the whole article (_whole_article): the reader said the feed carried no more of it. And of one whose content only points at the story (_points_on) where the summary says more: the reader showed
    # `Lees meer` as the whole article, and the story was lost.
    text = entry.content or ""
    blocks, links = fragment_text(text, url) if text else ([], ())
    full = any(not block.is_heading for block in blocks)
    if entry.summary and (not full or _points_on(text, blocks, url)):
        summary, summary_links = fragment_text(entry.summary, url)
        if not full or (any(not block.is_heading for block in summary) and _length(summary) > _length(blocks)):
            blocks, links, full, text = summary, summary_links, _whole_article(summary, entry.summary, url), entry.summary
    # Its kind is told by the publisher's lines too (`Lees verder`: a teaser); then they go.
    blocks, links = _without_boilerplate(blocks, links, text, url, _own_addresses(url, entry.guid), teaser=not full)
    # The first block is the lead, where it is a paragraph; what follows it is the body, of a summary too. A text that
    # opens with a heading (a release's `What's Changed` above its list) has no lead: the reader and exports show the
    # lead above the body, and the heading before it was lost. Nor is the heading the lead: every release would have
    # the same one, and be matched to the others by it (lead_key).
    first = next((block.text for block in blocks if not block.is_heading), "")
    opens_with_heading = bool(blocks) and blocks[0].is_heading
    lead = "" if opens_with_heading else first
    lead_at = -1 if opens_with_heading else 0  # where the lead is, as the links' places count it: before the body
    body = tuple(Block("subheading" if b.is_heading else "paragraph", b.text) for b in blocks[lead_at + 1:])
    dateline = parse_dateline(lead) if lead else None
    links = _ends_in_text(links, lead_at, len(lead) - len(dateline.text) if dateline else 0)
    title = _plain(entry.title, url)
    derived = not title
    if derived:
        title = title_from_lead(dateline.text if dateline else lead or first) or url
    author = _author_name(entry.author, url)
    if dateline and author == "/".join(dateline.agencies):
        author = None  # the dateline's agencies as the writer (our own export names them so): they are no writer
    section = section or (clean_line(entry.category) if entry.category else None) or (clean_line(feed_title) if feed_title and not entry.unfiled else None) or None
    return Article(
        id=id_,
        url=url,
        title=shortened(title),  # a title is a line, not a book: the bounds of a page hold for entries too
        section=shortened(section) if section else None,
        place=dateline.place if dateline else None,
        agencies=dateline.agencies if dateline else (),
        lead=dateline.text if dateline else lead,
        body=body,
        published=entry.published,
        age=None,
        kind="full" if full else "teaser",
        rubric=dateline.rubric if dateline else None,
        title_from_lead=derived,
        source=source,
        author=shortened(author) if author else None,
        links=links,
        guid=guid,
        enclosures=enclosures,
    )


def _address(entry: FeedEntry, base_url: str, enclosures: tuple[Enclosure, ...]) -> str | None:
    """The address an entry is at, as stored (link_url's spelling, without a user name and password): its link; else its
    guid, if that is an http(s) URL; else, for an item of a file alone (a podcast's episode), its first file's."""
    url = web_url(entry.link, base_url or None) or web_url(entry.guid) or (enclosures[0].url if enclosures else None)
    return link_url(without_credentials(url)) if url is not None else None


def _clean_enclosures(enclosures: tuple[Enclosure, ...], base_url: str) -> tuple[Enclosure, ...]:
    """An entry's enclosures as an article keeps them: those at an http(s) URL (read against the feed's address), without
    the user name and password the URL may carry, once each."""
    cleaned: dict[str, Enclosure] = {}
    for enclosure in enclosures:
        url = web_url(enclosure.url, base_url or None)
        if url is not None:
            url = without_credentials(url)
            cleaned.setdefault(url, enclosure._replace(url=url))
    return tuple(cleaned.values())


def _told_apart(guid: str, address: str) -> bool:
    """Whether `guid` is `address` with a fragment item_link made (page_url), as our own export names an item it told
    apart at its page (a status feed's notice): the item is known by it, as it was. Taken for one story's builds
    (shared_addresses), two sources' same notice were merged into one; one alone went to the page's own id."""
    return guid_link(guid) == address and page_url(guid) != guid


def _other_than_link(guid: str | None, url: str) -> str | None:
    """An entry's guid as the library knows the story by it besides its link: none where it is the link itself (as
    for most feeds), which knows the story already; the library then finds the story at the link the guid names. Not
    the link with a fragment (`https://status.example/#a1`): that tells apart items at one link (item_link), as our
    own export writes them."""
    return None if guid is None or guid == url or (guid_link(guid) == normalize_url(url) and "#" not in guid) else guid


def shared_guids(entries: list[FeedEntry]) -> set[str]:
    """The guids that more than one entry of a feed gives (a feed that gives each its site's address, or one
    number): they know no story, and would make every entry that gives one the same story."""
    seen: set[str] = set()
    shared: set[str] = set()
    for entry in entries:
        if entry.guid is not None:
            (shared if entry.guid in seen else seen).add(entry.guid)
    return shared


def addressed(entries: Iterable[tuple[FeedEntry, str]]) -> list[tuple[FeedEntry, str]]:
    """Each entry with the address (_address) items at one link are compared by (normalized: one address however its
    path ends, as entry_article compares it), of each entry with the address its links are read against: its feed's,
    or the base newsboat's cache kept of its item. An unreadable entry, or one of no address, is none (entry_articles)."""
    found = []
    for entry, base_url in entries:
        try:
            address = _address(entry, base_url, _clean_enclosures(entry.enclosures, base_url))
        except (ValueError, UnicodeError):
            continue
        if address is not None:
            found.append((entry, normalize_url(address)))
    return found


def shared_addresses(entries: list[tuple[FeedEntry, str]], guids: Set[str]) -> dict[str, dict[str, str]]:
    """The addresses that entries (addressed) of other guids of a feed are at, a guid of `guids` (shared_guids) none,
    telling other stories (_story): a status feed's items that each link to the site's home page, episodes whose only
    address is one trailer's file. Known by their address alone, they would be one story, the others lost without a
    word; each is known by its guid there (item_link), as newsboat knows them. An entry without a guid of its own keeps
    the address. Not one story's builds, each given a guid anew with the same title, date, files and text (newsboat's
    cache keeps them all): those are one story, as they are one to the reader. Each address with those builds' guids,
    each with the guid of the story's first build there, which knows the story: beside another story at the address,
    each build was a story of its own, listed twice."""
    at: dict[str, list[tuple[FeedEntry, str | None]]] = {}
    for entry, address in entries:
        at.setdefault(address, []).append((entry, _other_than_link(entry.guid, address) if entry.guid not in guids else None))
    # Two guids and two stories at an address are two entries that differ in both, whichever they are. (The stories
    # are asked only where there are two guids: a digest of every text cost an ingest a tenth of its time.)
    shared: dict[str, dict[str, str]] = {}
    for address, each in at.items():
        if len(each) > 1 and len({own for _entry, own in each}) > 1:
            stories = [(_story(entry), own) for entry, own in each]
            if len({story for story, _own in stories}) > 1:
                first: dict[bytes, str] = {}
                shared[address] = {own: known for story, own in stories if own is not None and (known := first.setdefault(story, own)) != own}
    return shared


def _story(entry: FeedEntry) -> bytes:
    """What an entry tells, as a digest of a bounded size: its title, date, files and text. Not its title and text
    alone: two toots `Goedemorgen!` of two days, two episodes `Zeeland Vandaag` of two files, are two stories."""
    published = entry.published.timestamp() if entry.published is not None else ""
    files = " ".join(enclosure.url for enclosure in entry.enclosures)
    text = f"{_title(entry)}\n{published}\n{files}\n{entry.content or entry.summary or ''}"
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def untold_addresses(entries: list[tuple[FeedEntry, str]], guids: Set[str]) -> dict[str, frozenset[str]]:
    """The addresses that several entries (addressed) of a feed are at without a guid of their own (_other_than_link),
    each with the titles that repeat among those entries: a town hall's items that each give its news page as link and
    guid. Known by the address alone, they were one story, and a new one at the top never appeared; each is known by
    its title there (_title_key). An entry alone at its address keeps it, and the id it ever had. The titles that
    repeat are given with the titles and dates (_dated) that repeat too."""
    at: dict[str, list[FeedEntry]] = {}
    for entry, address in entries:
        if entry.guid in guids or _other_than_link(entry.guid, address) is None:
            at.setdefault(address, []).append(entry)
    return {address: _repeated(each) for address, each in at.items() if len(each) > 1}


def _repeated(entries: list[FeedEntry]) -> frozenset[str]:
    titles = {title for title, n in Counter(_title(entry) for entry in entries).items() if n > 1}
    dated = Counter(_dated(entry) for entry in entries if _title(entry) in titles)
    return frozenset(titles | {key for key, n in dated.items() if n > 1})


def _title(entry: FeedEntry) -> str:
    return " ".join(entry.title.split())


def _dated(entry: FeedEntry) -> str:
    """An entry's title with its date (a title is one line: the two are never another title)."""
    return f"{_title(entry)}\n{entry.published.timestamp() if entry.published else ''}"


def _title_key(entry: FeedEntry, repeated: Set[str]) -> str:
    """What tells an item apart at an address other items without a guid of their own are at (untold_addresses): a
    digest of its title, and of its date where another of them has that title too (a weekly `Nieuwsbrief`), and of
    its story (_story) where another has that date too: two press releases of one day, both `Persbericht`, were one
    story, the other lost without a word. A digest, not the title: a title may be a web address, which item_link takes
    for the item's permalink."""
    title = _title(entry)
    key = title
    if title in repeated:
        key = _dated(entry)
        if key in repeated:
            key = f"{key}\n{_story(entry).hex()}"
    return hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()


class Shared(NamedTuple):
    """What several entries of a whole feed give, where these are a share of it (entry_articles)."""

    guids: set[str]  # shared_guids
    addresses: Mapping[str, Mapping[str, str]]  # shared_addresses
    untold: Mapping[str, Set[str]] = MappingProxyType({})  # untold_addresses
    unlinked: Set[str] = frozenset()  # the titles that repeat among entries of no address and no guid (_repeated)


def feed_shared(entries: list[FeedEntry], base_url: str | None) -> Shared:
    guids = shared_guids(entries)
    at = addressed((entry, base_url or "") for entry in entries)
    known = {id(entry) for entry, _address in at}
    unlinked = [entry for entry in entries if id(entry) not in known and (entry.guid is None or entry.guid in guids)]
    return Shared(guids, shared_addresses(at, guids), untold_addresses(at, guids), _repeated(unlinked))


def _feed_key(address: str | None) -> str | None:
    """What a feed's items without a link are known by besides their guid (item_link's `feed`): its source's address
    as a server reads it alike (address_key), without its scheme and `www.`: a source given anew at https, or at
    www., came with every notice again, unread."""
    if not address:
        return None
    try:
        key = address_key(address)
    except ValueError:
        return address
    return _SCHEME_AND_WWW.sub("", key)


_SCHEME_AND_WWW = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://(?:www\.)?")


def feed_page(link: str | None, url: str | None) -> str | None:
    """Where a feed's items without a link of their own are (entry_article): its page, `link` (Feed.link, read against
    `url`, the feed's address), else the feed's address without its query, which may be a secret (`?private_token=`):
    the link is shown, exported and served. None for a feed of neither (a file). As stored: link_url's spelling,
    without a user name and password."""
    page = web_url(link, url) or web_url(url and url.partition("#")[0].partition("?")[0])
    return link_url(without_credentials(page)) if page is not None else None


def _ends_in_text(links: tuple[Link, ...], lead_at: int, cut: int) -> tuple[Link, ...]:
    """The links of an entry's blocks with where their words end (Link.end) in the article's text: its lead the block
    at `lead_at` (-1: a text without one, whose body is all its blocks), less its first `cut` characters (a dateline:
    the article keeps it apart), its body the blocks after. NOT_IN_TEXT in its dateline, or starting in a block before
    the lead: with None, the reader looked for its words in the text, and marked them where they stand unlinked; an
    image without words placed there (before it) at the lead's start, before its words, as it stood. Those ending in
    the body may start in a block before (`<a>de<br><br>kaart</a>`: link_marks)."""

    def end(link: Link) -> tuple[int, int] | None:
        if link.end is None:
            return None
        if link.end[0] < lead_at:
            return NOT_IN_TEXT
        block, at = link.end[0] - lead_at, link.end[1] - (cut if link.end[0] == lead_at else 0)
        if not link.text:
            return (block, max(at, 0))
        return (block, at) if at >= len(link.text) or link.end[0] > lead_at else NOT_IN_TEXT

    return tuple(link._replace(end=end(link)) for link in links)


# Why an entry of a feed without a page (a file's) is no article: it has no link of its own (left_out_reason).
UNFILED = "\0unfiled"


def left_out_reason(left_out: Sequence[str]) -> str:
    """What a reader is told of a feed's entries that are no article (entry_articles): that they are not stored, and
    why; those beyond a bound with the bound, as a feed beyond one is refused with it."""
    bounds = sorted({reason for reason in left_out if reason and reason != UNFILED})
    unfiled = left_out.count(UNFILED)
    if unfiled:
        # (A feed file's: it has no page. They were said unreadable, or of nothing to know them by, which they are not.)
        text = ngettext("{count} feed item left out: it has no link, and its feed no page to file it at", "{count} feed items left out: they have no link, and their feed no page to file them at", unfiled)
        rest = [reason for reason in left_out if reason != UNFILED]
        return text.format(count=grouped(unfiled)) + (f"; {left_out_reason(rest)}" if rest else "")
    unlinked = len(left_out) - sum(1 for reason in left_out if reason)
    if not bounds:
        text = ngettext(
            "{count} feed item left out: it cannot be read, or has no link and nothing else to know it by",
            "{count} feed items left out: they cannot be read, or have no link and nothing else to know them by",
            unlinked,
        )
        return text.format(count=grouped(unlinked))
    beyond = ngettext("{count} feed item left out, beyond what any news item is: {bounds}", "{count} feed items left out, beyond what any news item is: {bounds}", len(left_out) - unlinked)
    text = beyond.format(count=grouped(len(left_out) - unlinked), bounds="; ".join(bounds))
    if unlinked:
        text += ngettext("; {count} more unreadable, or without a link and anything else to know it by", "; {count} more unreadable, or without a link and anything else to know them by", unlinked).format(count=grouped(unlinked))
    return text


def broken_off_reason(kept: int | None = None) -> str:
    """What a reader is told of a feed that breaks off (Feed.broken_off): its items that came are kept, as whole ones;
    how many, where no other line says it (`import`'s files, counted together, against fetch's `ok … new=`)."""
    if kept is None:
        return _("the feed breaks off: its end is missing (the server may have cut it short); the items before are kept")
    text = ngettext(
        "the feed breaks off: its end is missing (the server may have cut it short); the {count} item before it is kept",
        "the feed breaks off: its end is missing (the server may have cut it short); the {count} items before it are kept",
        kept,
    )
    return text.format(count=grouped(kept))


class FeedArticles(NamedTuple):
    articles: list[Article]
    left_out: tuple[str, ...]  # why each entry that is no article is none: a bound it passes, UNFILED, or "" (left_out_reason)


def entry_articles(
    entries: list[FeedEntry], feed_title: str | None, section: str | None, url: str | None, source: str | None, shared: Shared | None = None, home: str | None = None
) -> FeedArticles:
    """Articles of these entries of a feed, from `source`, and how many of the entries are none. `section`
    files them all; else each entry's category, else the feed's title. `shared`: what several entries of the whole
    feed give (feed_shared), where these are a share of it; else these entries' own. `home`: the feed's page as it
    gives it (Feed.link), where its items without a link are (feed_page)."""
    shared = feed_shared(entries, url) if shared is None else shared
    page = feed_page(home, url)
    articles, left_out = [], []
    for entry in entries:
        try:
            article = entry_article(
                entry, section or None, url or "", source, feed_title, entry.guid not in shared.guids, shared.addresses, shared.untold, page, shared.unlinked
            )
        except PageTooComplex as error:
            left_out.append(str(error))
            continue
        except (ValueError, UnicodeError):
            left_out.append("")  # one unreadable entry does not cost the feed its other entries
            continue
        if article is not None:
            articles.append(article)
        else:
            left_out.append("" if page is not None else UNFILED)
    return FeedArticles(articles, tuple(left_out))

