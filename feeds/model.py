"""The domain model: articles and the blocks of their text.

Everything here is plain data. Parsing produces it, the library stores it,
export and the app read it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Literal, NamedTuple
from zoneinfo import ZoneInfo

from feeds.language import N_
from feeds.urls import is_zeelandnet, link_url, normalize_url, picture_key

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def parse_time(text: str) -> datetime:
    """An ISO 8601 moment in Amsterdam time; one without a zone is Amsterdam's. ValueError if it is none."""
    moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    return moment.replace(tzinfo=AMSTERDAM) if moment.tzinfo is None else moment.astimezone(AMSTERDAM)

OTHER_SECTION = N_("Other")  # what lists and feeds call the section of an article whose page named none; translated where shown

MAX_LINKS = 200  # links an article keeps of its text: a news item has a handful, a hostile one may have thousands
MAX_ENCLOSURES = 5  # files a feed item brings (a podcast's episode): one, a few in other formats; a hostile one, thousands

BlockKind = Literal["paragraph", "subheading"]
# What each line of a paragraph of a quotation (a feed entry's `<blockquote>`: a quoted tweet or passage) starts with,
# once for each quotation it stands in, as plain-text mail marks one: a mark in its text, not a kind of block of its own
# (a change of the library's format, and of every reader of it), which search finds the words after, and export writes
# back as a <blockquote>.
QUOTE_MARK = "> "
# What ends a line of a paragraph whose author broke its lines (a feed entry's `<br>`: a poem, an address, a signature),
# as HTML keeps them one paragraph: Unicode's line separator, which a clean line never holds (clean_line reads it as a
# space). A line break ("\n") is a listing's (clean_lines), whose spaces are its own, and exported as a <pre>.
LINE_BREAK = "\u2028"
# The marker a list's item (a feed entry's `<li>`) is stored with, one per list it opens, as the walk writes them
# (feeds/pages/html.py _Walk.mark_items): `• a`, `• • sub a`; a numbered one's is its number, `1. 2. b`.
BULLET = "• "
_ITEM_MARKER = re.compile(rf"{re.escape(BULLET)}|-?[0-9]+\. ")
ITEM_MARKERS = re.compile(rf"(?:{_ITEM_MARKER.pattern})+")
# What stands between the cells of a table's row (a feed entry's `<tr>`), each row a paragraph: `Datum | Uitslag`.
CELL_SEPARATOR = " | "
# The empty cells a row starts with (its corner, above a column of names), as stored: `| 2024 | 2025`, `| | 2025`.
EMPTY_CELLS = re.compile(r"(?:\|(?: |$))+")
# Where a cell ends: CELL_SEPARATOR's space and bar, before its space or the row's end.
CELL_BOUNDARY = re.compile(r" \|(?= |$)")
# Text that would read as one of those marks is stored with the mark's space as this (as_written): it looks the same,
# search splits words at it as at a space, and an export writes it as it stands; no reader of the marks takes it for one.
_MARK_SPACE = "\u00a0"
_LITERAL_QUOTE_MARKS = re.compile(f"(?:^|(?<={LINE_BREAK})){re.escape(QUOTE_MARK)}", re.MULTILINE)  # (a line of a listing or one broken by <br>)
# How many lists or quotations deep an item's markers or a paragraph's quotation marks go: an article never nests deeper,
# and marking each level of hostile HTML nested a thousand deep made each of its thousand blocks a thousand marks long
# (a feed of 9 KB items, a library of 97 MB). Deeper ones are marked as one at this depth.
MAX_MARKED_DEPTH = 8
ArticleKind = Literal["full", "teaser"]
# What our feeds say the library stores that the feed cannot, each in an element of MARKS_NAMESPACE of an entry (its
# name here): a teaser (KIND_MARK), a story in no section (NO_SECTION; its feed's title would file it), the date of a
# story the feed dates otherwise (UNDATED: none, for which the feed gives when it was first seen; one ahead of the
# feed's time, which it gives instead). Read back from a feed of GENERATOR's, nieuws-tui stores what was stored: an
# export imported into its library changes nothing. Older versions wrote them as categories of these schemes, which
# other readers showed as tags on every item (`none`, `teaser`, a date): those are still read, never written.
MARKS_NAMESPACE = "urn:nieuws-tui:marks"
KIND_MARK, SECTION_MARK, STORED_DATE_MARK = "kind", "section", "stored-date"  # (no name fastfeedparser reads, as `published`)
KIND_SCHEME = "urn:nieuws-tui:kind"
SECTION_SCHEME = "urn:nieuws-tui:section"
PUBLISHED_SCHEME = "urn:nieuws-tui:published"
NO_SECTION = UNDATED = "none"
TEASER = "teaser"
GENERATOR = "nieuws-tui"  # how our feeds name their generator (RSS's with the version after a space)


def as_written(text: str, bar: str | None = CELL_SEPARATOR.strip()) -> str:
    """A block's text, cleaned, with none of its words read as a mark: `> 50 doden` (more than fifty) at a line's start
    was a quotation, `Foto: ANP | Tekst: redactie` a table's row, a cell's `Goes | Middelburg` two cells. A line's `> `
    is stored `>` and a no-break space (_MARK_SPACE); a `bar` between two spaces, or between one and the text's start or
    end, with one of them so: the one after it, but where that is the space of a row's own separator (CELL_SEPARATOR: a
    `|` beside it, where the text of a row stands for its literal bars by another `bar`, _Walk.add) or there is none,
    the one before it. A bar alone between two separators (a cell of nothing else) is left as it is. `bar` None: the
    text holds no literal bars (those of a row's separators alone)."""
    if ">" not in text and (bar is None or bar not in text):
        return text  # (most blocks: every one of every entry is asked, and the scans below cost an ingest some 3%)
    if text.startswith(QUOTE_MARK) or "\n" + QUOTE_MARK in text or LINE_BREAK + QUOTE_MARK in text:
        text = _LITERAL_QUOTE_MARKS.sub(QUOTE_MARK.rstrip() + _MARK_SPACE, text)
    if bar is None or bar not in text or "\n" in text:  # (a listing's lines are never read as a row: `cat x | grep y`)
        return text
    separator = CELL_SEPARATOR.strip()
    chars = list(text)
    end = len(chars) - 1
    at = text.find(bar)
    while at >= 0:
        # (A space before it made a no-break one, as the bar before it was written: it reads as no mark already.)
        if (at == 0 or chars[at - 1] == " ") and (at == end or chars[at + 1] == " "):
            if at < end and chars[at + 2 : at + 3] != [separator]:
                chars[at + 1] = _MARK_SPACE
            elif at and chars[at - 2 : at - 1] != [separator]:
                chars[at - 1] = _MARK_SPACE
        at = text.find(bar, at + 1)
    return "".join(chars)


def as_read(text: str) -> str:
    """Stored text as a reader outside nieuws-tui reads it (`list --json`, an exported summary): the no-break spaces
    that tell a written `>` or bar from a mark (as_written) plain ones again, and the lines its author broke (LINE_BREAK)
    apart by line breaks. A script found `>\u00a050 doden` and `\u2028` in the text, and no grep of what it saw."""
    return text.replace(_MARK_SPACE, " ").replace(LINE_BREAK, "\n")


# What a paragraph of a list's item after a list in it (`<li><p>A</p><ul><li>a</li></ul><p>A3</p></li>`) starts with,
# once for each character of its item's markers: a paragraph of the item without a marker of its own, which the reader
# hangs under the item's words and the export writes back in its <li>. Stored as a paragraph of no list, it was drawn
# flush left and exported after the list. A clean line never starts with one, nor does a listing's.
HANGING_SPACE = "\u00a0"
_HANGING = re.compile(f"{HANGING_SPACE}*")


def hanging_width(text: str, start: int = 0) -> int:
    """How many columns a paragraph (after its quotation marks, from `start`) hangs under its item's words (HANGING_SPACE)."""
    match = _HANGING.match(text, start)
    return match.end() - start if match else 0


def item_markers(text: str, start: int = 0) -> list[str]:
    """The markers a paragraph's text (after its quotation marks, from `start`) starts with as a list's item, its
    parents' first (`• • a` → ["• ", "• "]); none for a paragraph of no list."""
    match = ITEM_MARKERS.match(text, start)
    return _ITEM_MARKER.findall(match.group()) if match else []


def of_one_list(markers: list[str], following: list[str], steps: dict[int, int]) -> bool:
    """Whether an item (by its markers and its parents') is of the list, or of a list in an item, of the item before it:
    stored as paragraphs, a <ul> and an <ol> after it ran together as one. The next of a list is a bullet after a
    bullet (two lists of bullets in a row are not told apart) or the number after it, counting as the list counted
    (`steps`, learnt as it goes: a reversed list counts down); the first of a list in it has its markers, the first
    of the list in the next item without words of its own the next item's."""
    depth = min(len(markers), len(following)) - 1
    if following[:depth] != markers[:depth]:
        return False
    for key in [key for key in steps if key > depth]:
        del steps[key]  # (the lists in the items before: a list in the next starts its own count)
    if len(following) > len(markers) and following[depth] == markers[depth]:
        return True
    if markers[depth] == BULLET or following[depth] == BULLET:
        return markers[depth] == following[depth]
    step = int(following[depth][:-2]) - int(markers[depth][:-2])
    return abs(step) == 1 and step == steps.setdefault(depth, step)


def is_row(text: str) -> bool:
    """Whether a paragraph's text is a table's row: a separator between its cells (CELL_BOUNDARY, also before an empty
    last cell: `Vlissingen |`), or empty cells it starts with; never one whose lines its author broke."""
    return LINE_BREAK not in text and (CELL_BOUNDARY.search(text) is not None or EMPTY_CELLS.match(text) is not None)


class Block(NamedTuple):  # a tuple: a library of full articles holds millions, made and read quickly
    """One block of an article's body after its lead."""

    kind: BlockKind
    text: str

    def to_json(self) -> dict[str, Any]:
        """As `list --json` gives it: its text as read (as_read)."""
        return {"kind": self.kind, "text": as_read(self.text)}


class Link(NamedTuple):
    """A link inside an article's text: where it goes (an http(s) URL) and the words that carried it."""

    url: str
    text: str
    # Where its words end in the article's text, as read: (0 the lead, n the n-th block of the body; the character
    # after them). None where that is not known (stored before it was kept): the reader then looks for the words.
    # NOT_IN_TEXT where they stand in none of the text the article keeps (its dateline, a heading above its lead).
    end: tuple[int, int] | None = None

    @property
    def alt_text(self) -> str | None:
        """The alt text of the image this link is, read as its words in brackets (`[De brug]`, as html.py reads an
        image); None for a link of other words, or none."""
        return self.text[1:-1] if len(self.text) > 2 and (self.text[0], self.text[-1]) == ("[", "]") else None

    @property
    def picture_file(self) -> bool:
        """Whether its address is an image file's (`.jpg`, `.png`…)."""
        return self.url.partition("?")[0].partition("#")[0].lower().endswith(_PICTURE_SUFFIXES)


_PICTURE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg")


class Enclosure(NamedTuple):
    """A file a feed item brings along (RSS's <enclosure>, Atom's rel="enclosure" link): a podcast's episode."""

    url: str  # an http(s) URL without a user name and password, as an article's own link
    type: str | None  # its MIME type (`audio/mpeg`), where the feed gives one that is one
    length: int | None  # its size in bytes, where the feed gives one that may be one (more than 0, not absurd)


# Link.end of a link known to stand outside the article's text: the reader marks no other words that are the same
# (`Het ANP[1] meldt` for the ANP linked in the dateline), and lists it under the text.
NOT_IN_TEXT = (-1, 0)


@dataclass(slots=True)
class Article:
    """A news story as a page shows it: a full article or a teaser of one.

    Treated as a value: changed only through `with_changes`, which makes a new one.
    (Not frozen: a frozen dataclass takes twice as long to make, and a library
    makes one per stored article whenever it is listed.)
    """

    id: str
    url: str
    title: str
    section: str | None
    place: str | None
    agencies: tuple[str, ...]
    lead: str
    body: tuple[Block, ...]
    published: datetime | None
    age: str | None
    kind: ArticleKind
    rubric: str | None = None
    # The page showed no title (compact renderings), so `title` was made from the lead.
    title_from_lead: bool = False
    # Where the library got it: the feed or page URL of its source, or the file imported.
    source: str | None = None
    # Who wrote it, as its feed names them (the agencies of a dateline are in `agencies`).
    author: str | None = None
    # The links inside its text, in the order the text has them (feed entries): MAX_LINKS at most, and one more where
    # the text had more, so that an article whose links were cut is told from one with MAX_LINKS (links_cut). Stored
    # as they are; shown, numbered and written out as `listed_links`.
    links: tuple[Link, ...] = ()
    # What its feed knows it by besides its link (a feed entry's guid, unique in the feed, that is not the link
    # itself), for the library to know it again at another link (Writer). Not stored with the article, and no part
    # of what it is: a stored story read back has none, and is the same story.
    guid: str | None = field(default=None, compare=False)
    # The link it was first stored at, where a move by its guid (Writer._known_by_guid) took it to `url` since; None:
    # `url` is still its first. What exports and served feeds know it by (their entry's id and guid), as their
    # subscribers do. Kept with the story (the `first_links` table).
    first_url: str | None = None
    # The source whose text (lead, body, dateline, links) it shows, where that is not the one it is filed by (`source`):
    # a fuller text another source brought (merge). None: its text is its `source`'s.
    text_source: str | None = None
    # The files its feed item brings along (Enclosure), MAX_ENCLOSURES at most; stored with its text, as its links.
    enclosures: tuple[Enclosure, ...] = ()

    @property
    def listed_links(self) -> tuple[Link, ...]:
        """The links the reader lists and numbers, `o N` opens, and exports and `list --json` write."""
        return self.links[:MAX_LINKS]

    @property
    def listed_enclosures(self) -> tuple[Enclosure, ...]:
        """The files the reader lists and numbers after the links of its text, and `o N` opens: not a picture among those
        links already (picture_key: Substack's feed encloses a post's cover at another size than its text shows it)."""
        shown = {picture_key(link.url) for link in self.listed_links}
        return tuple(file for file in self.enclosures if not (file.type or "").startswith("image/") or picture_key(file.url) not in shown)

    @property
    def links_cut(self) -> bool:
        """Whether its text had more links than it lists."""
        return len(self.links) > MAX_LINKS

    @property
    def is_teaser(self) -> bool:
        return self.kind == "teaser"

    @property
    def is_its_file(self) -> bool:
        """Whether its address is its first file's (an episode of a podcast, known by its audio): its story is the file.
        Not a news item with a picture attached, which is known by its page."""
        # (Stored as link_url spells it; one stored before, as normalize_url did.)
        return bool(self.enclosures) and self.url in (link_url(self.enclosures[0].url), normalize_url(self.enclosures[0].url))

    @property
    def is_zeelandnet_teaser(self) -> bool:
        """A teaser whose full text the library can still get: ZeelandNet's article pages are read in full;
        a feed item of another site without its text is a summary, and stays one."""
        return self.kind == "teaser" and is_zeelandnet(self.url)

    def with_changes(self, **changes: Any) -> Article:
        return replace(self, **changes)


@dataclass(slots=True)
class Entry:
    """An article as the library keeps it: the story plus what the reader did with it.

    In a list of entries, `article.lead`, `body`, `links` and `author` are empty
    until the library is asked for the text (`Library.article`, `Library.full_entries`),
    so that listing a big library stays light.
    """

    article: Article
    read: bool = False
    starred: bool = False
    first_seen: datetime = field(default_factory=lambda: datetime.now(AMSTERDAM))

    @property
    def id(self) -> str:
        return self.article.id

    @property
    def sort_time(self) -> datetime:
        """What 'newest first' means: the publication time, else when it was first seen. A publication
        after that is no news from the future but a wrong date (or one that pins its item to the top
        of every list, and keeps it from being pruned): when first seen stands for it."""
        published = self.article.published
        return published if published is not None and published <= self.first_seen else self.first_seen
