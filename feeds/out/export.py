"""The library as RSS 2.0 and Atom 1.0 feeds (feedgen), valid whatever the stored text holds."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple

from feeds import __version__
from feeds.clean import is_listing, xml_text
from feeds.cycles import without_cycle_collection
from feeds.errors import why
from feeds.language import gettext as _
from feeds.link_places import IN_THE_TEXT, LINK_NUMBER, UNPLACED_LINKS, link_marks, words_before
from feeds.model import (
    AMSTERDAM,
    BULLET,
    CELL_BOUNDARY,
    EMPTY_CELLS,
    GENERATOR,
    HANGING_SPACE,
    LINE_BREAK,
    MAX_MARKED_DEPTH,
    OTHER_SECTION,
    QUOTE_MARK,
    UNDATED,
    Article,
    BlockKind,
    Entry,
    Link,
    as_read,
    hanging_width,
    is_row,
    item_markers,
    of_one_list,
)
from feeds.pages.datelines import with_dateline
from feeds.urls import is_zeelandnet, section_slug, web_url

if TYPE_CHECKING:
    from feedgen.feed import FeedGenerator

    from feeds.library import Library, Selection

Format = Literal["atom", "rss"]
FORMATS: tuple[Format, ...] = ("atom", "rss")
# The language of ZeelandNet's articles, the one the library knows: a feed says it only when they are all it carries,
# since the library keeps no article's language, and a feed of other sites' (English ones) said Dutch.
DUTCH = "nl"
HOME_PAGE = "https://www.zeelandnet.nl/nieuws"
# Articles a served feed carries, the newest: a reader subscribed to it misses none while the library gains fewer
# in the time between two of its polls, a day of dozens of busy feeds. About 3 MB of Atom at the ~3 kB a full
# article takes (a tenth of the 10 MB fetch and most readers take), rendered in a fraction of a second.
SERVED_ARTICLES = 1000
# Characters of entries a feed made as it is written gives at once (feed_pieces): few writes, little held.
PIECE = 1 << 16


@dataclass(frozen=True, slots=True)
class FeedInfo:
    """What a feed says about itself."""

    title: str
    subtitle: str
    self_url: str | None  # None: the feed is at no address of its own (written to standard output, and not served)
    alternate_url: str
    feed_id: str

    @classmethod
    def for_view(cls, library_name: Path, self_url: str, section: str | None = None, home: str | None = None, slug: str | None = None) -> FeedInfo:
        """A feed of the whole library or of one section; its id stays the same across exports.

        `home`: the web page the feed stands for (Library.section_home, the page `serve` shows its feeds on);
        without one, the feed's own address is the best page there is to point to. `slug`: the section's own
        in the library (Library.section_slugs), which tells apart sections whose names make one.
        """
        if section:
            feed_id = _feed_id(library_name, f"section:{slug or section_slug(section)}")
            return cls(feed_title(section), _("News of the section {section}, from the nieuws-tui library").format(section=section), self_url, home or self_url, feed_id)
        return cls(feed_title(None), _("All articles of the nieuws-tui library"), self_url, home or self_url, _feed_id(library_name, "all"))

    @classmethod
    def for_shelf(cls, library_name: Path, self_url: str | None, name: str, scope: str, home: str) -> FeedInfo:
        """A feed of a shelf of the app that is no section: the starred articles, those of one source, those
        without a section. `name` is the shelf as the reader sees it, in the interface's language; `scope`
        says what it holds in no language, so that its id stays the same whatever language exported it.
        `home`: the web page it stands for (_library_home): not its own address, which may be a file's."""
        summary = _("{name}, from the nieuws-tui library").format(name=name)
        return cls(f"nieuws-tui — {name}", summary, self_url, home, _feed_id(library_name, scope))

    @classmethod
    def for_library(cls, library: Library, self_url: str, section: str | None = None, slug: str | None = None, page: str | None = None) -> FeedInfo:
        """The feed of the whole library, or of a section; `slug`: the section's own (Library.section_slugs), when the caller found it already.
        `page`: where `serve` shows its feeds, the page of one that stands for no web page of its own: the whole
        library's stands for ZeelandNet's news only when it holds ZeelandNet's articles alone."""
        if not section:
            return cls.for_view(library.name, self_url, home=_library_home(library, page or self_url))
        return cls.for_view(library.name, self_url, section, library.section_home(section) or page, slug or library.section_slugs().get(section))

    @classmethod
    def for_selection(cls, library: Library, self_url: str, selection: Selection, page: str, source: str | None = None, source_name: str = "") -> FeedInfo:
        """The feed of a selection, the same whether the app or the command line exports it: a feed reader that
        gets both must not see one id with two contents. A selection is known by the shelf it narrows (_shelf), else
        by its one section, else it is the whole library; unread only and a limit show less of the same feed.
        `page`: where `serve` shows its feeds, the web page of one that stands for none of its own: a feed written to
        a file named the file (`file:///tmp/x.rss`) as its web site."""
        shelf = _shelf(selection, source, source_name)
        if shelf is not None:
            return cls.for_shelf(library.name, self_url, *shelf, home=_library_home(library, page))
        return cls.for_library(library, self_url, selection.sections[0] if selection.sections else None, page=page)

    @classmethod
    def as_served(cls, library: Library, selection: Selection, fmt: Format, base_url: str) -> FeedInfo:
        """The feed of a selection written to no file (standard output), as for_selection knows it, with the self link
        of the same feed as `serve` at `base_url` answers it: the whole library's, or one section's. A shelf (_shelf)
        gets none: serve answers no feed of it, and the whole library's beside the shelf's id would be a lie."""
        shelf = _shelf(selection, None, "")
        if shelf is not None:
            return cls.for_shelf(library.name, None, *shelf, home=_library_home(library, f"{base_url}/"))
        section = selection.sections[0] if selection.sections else None
        slug = library.section_slugs()[section] if section else None
        return cls.for_library(library, f"{base_url}{feed_path(slug)}.{fmt}", section, slug, f"{base_url}/")


def _library_home(library: Library, page: str) -> str:
    """The page a feed of the library's articles (all of them, or a shelf of them) stands for: ZeelandNet's news where
    the library holds ZeelandNet's articles alone, else `page` (where `serve` shows its feeds): a feed's page is one
    its articles come from, or the program's own, never a news site's its articles are not from."""
    return HOME_PAGE if library.is_zeelandnets() else page


def _shelf(selection: Selection, source: str | None, source_name: str) -> tuple[str, str] | None:
    """The shelf a selection narrows, as FeedInfo.for_shelf takes it (its name, its scope): one `source` (named to the
    reader as `source_name`), the articles without a section, several sections, the starred articles; None for the
    whole library and for one section."""
    if source is not None:
        return source_name, f"source:{source}"
    sections = set(selection.sections or ())
    if len(sections) > 1:
        # Known by which sections, in whatever order they were named: not by the whole library's id, which feed
        # readers hold with all of its articles. A name has no line end, and only none (no section) is empty.
        named = sorted(section for section in sections if section is not None)
        shown = [*named, _(OTHER_SECTION)] if None in sections else named
        return ", ".join(shown), "sections:" + "\n".join(named + [""] * (None in sections))
    if sections == {None}:
        return _(OTHER_SECTION), "no-section"
    if not sections and selection.starred:
        return _("Starred"), "starred"
    return None


def _feed_id(library_name: Path, scope: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"nieuws-tui:{library_name.resolve()}:{scope}").urn


def feed_title(section: str | None) -> str:
    """The title of the feed of the whole library, or of a section: as the feed says it, and as `serve`'s /opml names it
    (which wrote "All news" where the feed says "all news")."""
    return f"nieuws-tui — {section}" if section else _("nieuws-tui — all news")


def feed_path(slug: str | None) -> str:
    """Where `serve` answers the feed of the section of this slug (Library.section_slugs), or of everything, without
    the format's suffix; exported feeds name the same address as their own."""
    return f"/sections/{slug}" if slug else "/feed"


def article_html(article: Article) -> str:
    """The article as HTML built from escaped text: no markup from any source passes through.

    Each link is written around its words where they stand in the text (link_marks: where it was read, else where
    the reader marks it), an image (without words, or of its alt text) as the image where it stood; those that stand nowhere (no words
    nor place, words not in the text) follow in a list that
    nieuws-tui reads back as links only (UNPLACED_LINKS): a feed reader shows them, and a round trip adds no text.
    `xml_text` goes over the whole once, not over each piece: escaping neither
    makes nor takes away a character that XML refuses, and the tags have none.
    A teaser's is its text alone, in no language of ours: its entry, a summary without content, says
    what it is; a note in it would be read back as the story's text, by nieuws-tui too.
    """
    links = [link if url == link.url else link._replace(url=url) for link in article.listed_links if (url := web_url(link.url))]
    marks = link_marks([article.lead, *(block.text for block in article.body)], links)
    placed: set[int] = set()
    lead = opening(article)
    dateline = len(lead) - len(article.lead)  # the links' places in the lead are after it
    blocks: list[tuple[str, BlockKind, list[tuple[int, int]]]] = [(lead, "paragraph", [(end + dateline, n) for end, n in marks[0]])] if article.lead else []
    blocks += [(block.text, block.kind, block_marks) for block, block_marks in zip(article.body, marks[1:], strict=True)]
    parts = _blocks_html([_piece(*block) for block in blocks], links, placed)
    if unplaced := [(number, link) for number, link in enumerate(links, 1) if number not in placed]:
        marked = {number for block_marks in marks for _end, number in block_marks}  # and kept out by another link
        in_the_text = f' class="{IN_THE_TEXT}"'
        # Each item with its link's number (an ordinal HTML gives the item, which readers show): nieuws-tui puts it
        # back there among the links of the text, so that a round trip keeps every link's [n].
        items = "".join(
            f'<li{in_the_text if number in marked else ""} value="{number}"><a href="{escape(link.url)}">{escape(link.text or link.url)}</a></li>'
            for number, link in unplaced
        )
        parts.append(f'<ol class="{UNPLACED_LINKS}">{items}</ol>')
    # (as read: a written `>` or bar is the author's with a space, which nieuws-tui reads back as written again)
    return as_read(xml_text("\n".join(parts)))


# Where a line of a block ends: a listing's, or a paragraph's its author broke (LINE_BREAK).
_LINE_ENDS = re.compile(f"([\n{LINE_BREAK}])")
# The quotation marks a line of a block starts with (QUOTE_MARK), however many.
_QUOTE_MARKS = re.compile(f"\\A(?:{re.escape(QUOTE_MARK)})+")


class _Piece(NamedTuple):
    """A block of the text as _blocks_html writes it: in how many quotations it stands (its marks taken off `text`, and
    its links' `marks` moved with it), and what it is as the reader draws it: a table's row, a list's item (its
    `markers`, its parents' first), a paragraph of an item after a list in it (`hung`, as many columns in as its
    item's markers are wide: HANGING_SPACE), or a block of its own (`tag`)."""

    depth: int
    tag: Literal["h3", "pre", "p", "row", "item", "hung"]
    text: str
    marks: list[tuple[int, int]]
    markers: list[str] = []
    cells: int = 0  # a row's
    hang: int = 0  # a hung one's


def _piece(text: str, kind: BlockKind, marks: list[tuple[int, int]]) -> _Piece:
    """A block of the text without the marks of the quotations it stands in (those whose QUOTE_MARK each of its lines
    starts with), known as the reader knows it (is_row, item_markers): an item only where its markers are those the walk
    writes (a number as HTML reads one back, no deeper than MAX_MARKED_DEPTH), which read back the same; `01. ` does not."""
    # (A quotation's every line starts with its mark, its first too: most blocks, of none, are known at their first.)
    depth = 0
    if text.startswith(QUOTE_MARK):
        lines = _LINE_ENDS.split(text)  # (and the ends between them)
        depth = min(len(line) - len(_QUOTE_MARKS.sub("", line)) for line in lines[::2]) // len(QUOTE_MARK)
    if depth:
        cut = len(QUOTE_MARK) * depth
        marks = [(end - cut * (len(_LINE_ENDS.findall(text, 0, end)) + 1), number) for end, number in marks]
        text = "".join(piece if at % 2 else piece[cut:] for at, piece in enumerate(lines))
    if kind == "subheading":
        return _Piece(depth, "h3", text, marks)
    if is_listing(text):
        return _Piece(depth, "pre", text, marks)
    first = text[:1]  # (what an item, a hung paragraph and a row may start with, or hold: a look before each match)
    markers = item_markers(text)[:MAX_MARKED_DEPTH] if first in _ITEM_STARTS else []
    if markers and all(map(_read_back, markers)):
        return _Piece(depth, "item", text, marks, markers)
    if first == HANGING_SPACE and (hang := hanging_width(text)):
        return _Piece(depth, "hung", text, marks, hang=hang)
    if "|" in text and is_row(text) and text.strip("| "):
        return _Piece(depth, "row", text, marks, cells=len(_cell_spans(text)))
    return _Piece(depth, "p", text, marks)


_ITEM_STARTS = frozenset(BULLET[0] + "-0123456789")  # (ITEM_MARKERS' first characters)


def _read_back(marker: str) -> bool:
    """Whether an item's marker is one the walk writes of an item: a bullet, or a number as HTML's `value` gives it
    back (_list_number: `12. `, not `012. ` nor one of ten digits)."""
    number = marker[:-2]
    return marker == BULLET or (len(number.removeprefix("-")) < 10 and str(int(number)) == number)


# The blank line between an item's paragraphs (html's walk stores them so): an item alone of them is a list's, or its
# paragraphs, written apart by <br><br> in a paragraph, were read back as two blocks.
_PARAGRAPHS = LINE_BREAK * 2


def _blocks_html(pieces: list[_Piece], links: list[Link], placed: set[int]) -> list[str]:
    """The blocks of the text as HTML, as the reader draws them: the paragraphs of a quotation in one <blockquote>, a
    deeper one inside it; a run of rows of as many cells one <table>; the items of one list (of_one_list) one <ul> or
    <ol>, those of a list in an item inside its <li>, without their parents' markers. nieuws-tui reads each back as the
    same text: the marks are those its walk writes of them. A numbered item alone at the top of no list (`1. Eerst dit`,
    `2024. Dat jaar`, in prose as often as a list's) stays a paragraph, as it reads and reads back the same; so does a
    row alone, which the reader draws as the line it is: a library stored before a written bar was told from a cell's
    (as_written) holds photo credits (`Foto: ANP | Tekst: redactie`) and signatures spelled as rows, and an export
    made a one-row table of each. (A real table of one row reads back as the same words, its separators written bars:
    the story counts unchanged, Writer's _only_spelled_anew.)"""
    runs: list[list[_Piece]] = []
    steps: dict[int, int] = {}
    levels: list[str] = []  # the markers of the items open in a run of a list's, one a list deep (_list_html)
    for piece in pieces:
        if runs and (last := runs[-1][-1]).depth == piece.depth:
            if piece.tag == "row" and last.tag == "row" and last.cells == piece.cells:
                runs[-1].append(piece)
                continue
            if runs[-1][0].tag == "item" and piece.tag == "item" and of_one_list(levels, piece.markers, steps):
                runs[-1].append(piece)
                levels = piece.markers
                continue
            if runs[-1][0].tag == "item" and piece.tag == "hung" and (kept := _hung_in(levels, piece.hang)):
                runs[-1].append(piece)
                levels = levels[:kept]
                continue
        steps = {}
        levels = piece.markers
        runs.append([piece])
    parts: list[str] = []
    depth = 0
    for run in runs:
        first = run[0]
        if first.depth < depth:  # (a quotation's tags beside the blocks they hold, as a block's own tags are)
            parts[-1] += "</blockquote>" * (depth - first.depth)
        opening, start = "<blockquote>" * (first.depth - depth), len(parts)
        depth = first.depth
        if first.tag == "row" and len(run) > 1:
            parts.append(f"<table>{''.join(_row_html(row.text, row.marks, links, placed) for row in run)}</table>")
        elif first.tag == "item" and (len(run) > 1 or first.markers[0] == BULLET or len(first.markers) > 1 or _PARAGRAPHS in first.text):
            parts.append(_list_html(run, links, placed))
        else:
            for piece in run:
                tag = "p" if piece.tag in ("item", "row", "hung") else piece.tag
                parts.append(f"<{tag}>{_lines_html(piece.text, piece.marks, links, placed)}</{tag}>")
        parts[start] = opening + parts[start]
    if depth:
        parts[-1] += "</blockquote>" * depth
    return parts


def _lines_html(text: str, marks: list[tuple[int, int]], links: list[Link], placed: set[int]) -> str:
    """A text with its links (_linked), the lines of a paragraph its author broke (LINE_BREAK) apart by <br>."""
    html = _linked(text, marks, links, placed)
    return html.replace(LINE_BREAK, "<br>") if LINE_BREAK in text else html  # (no address holds one: web_url writes it as `%E2%80%A8`)


def _list_html(items: list[_Piece], links: list[Link], placed: set[int]) -> str:
    """The items of one list (of_one_list) as nested lists, each item's words in the <li> of its own marker: an item
    that opens more than one list at once opens the lists above its own with an item without words, `<ul><li><ul><li>`,
    which the walk reads back as `• • a`, as it wrote it. A paragraph hung under an item (`hung`) is a <p> in its <li>,
    after the lists in it."""
    parts: list[str] = []
    levels: list[str] = []  # the markers of the items open, one a list deep: the item before's
    for item in items:
        if item.tag == "hung":  # in the item it hangs under, after the lists in it
            kept = _hung_in(levels, item.hang)
            parts += [_list_end(marker) for marker in reversed(levels[kept:])]
            levels = levels[:kept]
            text = _lines_html(item.text[item.hang :], [(end - item.hang, number) for end, number in item.marks], links, placed)
            parts.append(f"<p>{text}</p>")
            continue
        markers = item.markers
        opened = 0  # the lists open that the item stands in
        if levels:
            depth = min(len(levels), len(markers)) - 1
            if len(markers) > len(levels) and markers[depth] == levels[depth]:  # of a list in the item before (of_one_list)
                opened = len(levels)
            else:  # the next of a list open
                parts += [_list_end(marker) for marker in reversed(levels[depth + 1 :])]
                parts.append("</li>" + _item_start(markers[depth], levels[depth]))
                opened = depth + 1
        parts += [("<ul>" if marker == BULLET else "<ol>") + _item_start(marker, None) for marker in markers[opened:]]
        levels = markers
        cut = len("".join(markers))
        parts.append(_lines_html(item.text[cut:], [(end - cut, number) for end, number in item.marks], links, placed))
    parts += [_list_end(marker) for marker in reversed(levels)]
    return "".join(parts)


def _hung_in(levels: list[str], hang: int) -> int:
    """How many of the items open (`levels`, the markers of each, one a list deep) a paragraph hung `hang` columns in
    stands in: those whose markers, their parents' first, are as wide; 0 where none is."""
    width = 0
    for kept, marker in enumerate(levels, 1):
        width += len(marker)
        if width == hang:
            return kept
    return 0


def _item_start(marker: str, before: str | None) -> str:
    """An item's <li>, with its number as `value` where its list would count another: on from the item `before` it, or 1."""
    if marker == BULLET or int(marker[:-2]) == (1 if before is None else int(before[:-2]) + 1):
        return "<li>"
    return f'<li value="{marker[:-2]}">'


def _list_end(marker: str) -> str:
    return "</li></ul>" if marker == BULLET else "</li></ol>"


def _cell_spans(row: str) -> list[tuple[int, int]]:
    """Where each cell of a table's row starts and ends (as the reader cuts them, _cells), the empty ones it starts with
    (EMPTY_CELLS) too."""
    empty = EMPTY_CELLS.match(row)
    start = empty.end() if empty else 0
    spans = [(at, at) for at in range(start) if row[at] == "|"]  # (each empty one at its separator: an image alone in it, _row_html)
    for found in CELL_BOUNDARY.finditer(row, start):
        spans.append((start, max(start, found.start())))
        start = found.end() + 1
    return [*spans, (start, max(start, len(row)))]


def _row_html(row: str, marks: list[tuple[int, int]], links: list[Link], placed: set[int]) -> str:
    """A table's row (_cell_spans) as a <tr> of its cells, each cell's links around their words: written as a
    paragraph, its separators were read back as the text's own bars (as_written), which are no row's."""
    cells = []
    for start, end in _cell_spans(row):
        inside = [(at - start, number) for at, number in marks if start <= at <= end]  # (at its start: an image's, _linked)
        cells.append(f"<td>{_linked(row[start:end], inside, links, placed)}</td>")
    return f"<tr>{''.join(cells)}</tr>"


def _linked(text: str, marks: list[tuple[int, int]], links: list[Link], placed: set[int]) -> str:
    """A text, escaped, with each link of `marks` ((where its words end, its number), in order) around its words, or
    as the image it is where it has none or they are its alt text (Link.alt_text);
    those placed noted in `placed`. One whose words overlap those of a link placed before it is not: the words of a
    link without a place are looked for from the top (`rapport` inside the `het rapport` of another link, placed
    where it was read), and a place may be edited by hand.

    Most texts have nothing to escape (quotes need none outside attributes): they are cut as they are, not escaped
    piece by piece, which was a third of an export of articles with links."""
    whole = escape(text, quote=False)
    if not marks:
        return whole
    same = len(whole) == len(text)  # escaping only ever lengthens a text
    parts, at = [], 0
    for end, number in marks:
        link = links[number - 1]
        start = words_before(text, link.text, end)  # (not end less their length: across a listing's indented line)
        if start < at:
            continue
        before, words = text[at:start], text[start:end]  # (its words stand there: link_marks found them there)
        if not same:
            before, words = escape(before, quote=False), escape(words, quote=False)
        # Its number, where the links written before it would not give it that one (LINK_NUMBER).
        numbered = f' {LINK_NUMBER}="{number}"' if number != len(placed) + 1 else ""
        # An image, where it stood (the reader's `[image n]`, or its alt text's `[Foto]`): read back, it stands there
        # again, and a feed reader shows the picture, not a link of its words. Of its alt text only at an image file's
        # address: words in brackets are also a footnote's (`[1]`) or a file's (`[PDF]`), which an <img> shows broken.
        alt = link.alt_text if text[start:end] == link.text and link.picture_file else None
        if link.text and alt is None:
            parts += [before, '<a href="', escape(link.url), '"', numbered, ">", words, "</a>"]
        else:
            parts += [before, '<img src="', escape(link.url), '" alt="', escape(alt or ""), '"', numbered, ">"]
        at = end
        placed.add(number)
    parts.append(text[at:] if same else escape(text[at:], quote=False))
    return "".join(parts)


def opening(article: Article) -> str:
    """The lead as the story opens, with its dateline (`PYONGYANG (ANP/AFP) - `) as the site prints it: the
    article keeps place, agencies and rubric apart, but a feed has no room of its own for them. So every feed
    reader shows them, and nieuws-tui reads them back from it (parse_dateline); "" without a lead."""
    return with_dateline(article.lead, article.place, article.agencies, article.rubric) if article.lead else ""


def _entry_dates(published_at: datetime | None, first_seen: datetime, now: datetime) -> tuple[datetime, datetime]:
    """(published, updated): the publication time, else when the library first saw it, as `list` orders it
    (Entry.sort_time); never in the future. A publication after the library first saw it is a wrong date (a site that
    writes its CET times as UTC): clamped to the feed's time instead, it changed with each export, and a served feed
    with every change of the library, body and date."""
    published = feed_time(min(published_at or first_seen, first_seen, now))
    updated = feed_time(min(first_seen, now))
    return published, updated


# An article's link, publication time and first-seen time (Library.dates): what dates its entry, and leaves it out
# of its feed when it cannot be.
Dates = tuple[str, datetime | None, datetime]


def _written(dates: Dates, now: datetime) -> tuple[str, datetime, datetime]:
    """The entry's link, published and updated times. ValueError when they cannot be written."""
    link, published_at, first_seen = dates
    url = web_url(link)
    if url is None:
        raise ValueError(_("its link is not an http(s) URL: {url!r}").format(url=link[:100]))
    try:
        return url, *_entry_dates(published_at, first_seen, now)
    except TypeError:  # a hand-edited library: a time without zone cannot be compared
        raise ValueError(_("a date without time zone")) from None


def _newest(dates: Iterable[Dates], now: datetime) -> tuple[int, datetime | None, str | None]:
    """How many articles these are, and the latest time one of them that can be written was updated: the feed's own
    date, which comes before its entries (the first of several as late, as the entries' order gives it); and the
    language the feed says they are in (DUTCH), or None. An article is left out of its feed for its link or its dates
    (_written), read here, or for its text, which cannot fail (every value is escaped; only a `]]>` would, in RSS's
    CDATA, and escaping leaves none)."""
    count, newest, dutch = 0, None, True
    for dated in dates:
        count += 1
        try:
            url, _published, updated = _written(dated, now)
        except ValueError:
            continue
        newest = max(newest, updated) if newest else updated
        dutch = dutch and is_zeelandnet(url)
    return count, newest, DUTCH if dutch else None


def feed_time(moment: datetime) -> datetime:
    """A time as a feed can carry it: in whole seconds, at an offset of whole minutes.

    newsboat 2.21 read `02:02:41.703103+01:00` as 02:02:41 UTC, an hour off: it drops the offset after a
    fraction. And neither RFC 3339 nor RFC 822 writes an offset with seconds, as Amsterdam's was before
    1937 (`+00:19:32`): the Atom feed of such a time did not validate, so it is written in UTC."""
    moment = moment.replace(microsecond=0)
    offset = moment.utcoffset()
    return moment.astimezone(timezone.utc) if offset is not None and offset.seconds % 60 else moment


Shape = tuple[bool, bool | None, bool, int, bool | None, bool | None, tuple[tuple[bool, bool], ...], bool]
# The type an RSS enclosure is written with where its feed gave none: RSS requires one, and this one says only "a file".
UNKNOWN_TYPE = "application/octet-stream"


class WrittenEnclosure(NamedTuple):
    """An enclosure as an entry writes it, every text through `xml_text` already; None: left out (Atom's are optional)."""

    url: str
    type: str | None
    length: str | None


@dataclass(slots=True)  # not frozen: one is made per article, and a frozen one is made slowly
class Item:
    """What one article says in its feed entry, every text through `xml_text` already."""

    url: str
    # The link the story was first stored at, where it moved since (Article.first_url): the entry's id (Atom) and guid
    # (RSS), which its subscribers know it by; None: its link is both, as it was before it could move.
    first_url: str | None
    title: str
    published: datetime
    updated: datetime
    section: str | None
    teaser: bool
    creators: tuple[str, ...]  # the writer, the agencies of the dateline: those there are
    lead: str | None  # the summary, as the format shows it: RSS's <description> is HTML, Atom's a teaser's only
    content: str | None  # HTML; none for a teaser, whose whole text is its summary
    enclosures: tuple[WrittenEnclosure, ...] = ()  # RSS's one (the first), Atom's all
    # The date stored where `published` is another (STORED_DATE_MARK): UNDATED, or one ahead of the feed's time.
    stored_date: str | None = None

    @property
    def shape(self) -> Shape:
        """What decides which elements the entry has, and which of them are empty (feedgen writes those its own way)."""
        files = tuple((enclosure.type is not None, enclosure.length is not None) for enclosure in self.enclosures)
        return (self.first_url is not None, _filled(self.section), self.teaser, len(self.creators), _filled(self.lead), _filled(self.content), files, self.stored_date is not None)


def _filled(text: str | None) -> bool | None:
    return None if text is None else bool(text)


def item_of(entry: Entry, fmt: Format, now: datetime) -> Item:
    """What the article says in its entry. ValueError when it cannot be written."""
    article = entry.article
    url, published, updated = _written(_dates_of(entry), now)
    first_url = web_url(article.first_url) if article.first_url is not None else None  # (a stored link: one of a feed's)
    creators = tuple(c for c in (xml_text(article.author), xml_text("/".join(article.agencies))) if c)
    # A teaser's whole text is a summary, as it came (a feed's description of several paragraphs): it reads
    # back as one, and readers show it as they show a summary. A full article's summary is its lead, as it opens;
    # RSS readers read <description> as HTML, so the lead is escaped to show as the text it is. A text without a lead
    # (one that opens with a heading) is summed up by its first paragraph: in RSS, an item without a description had
    # its content written as one (feedgen), and read back as a summary.
    if article.is_teaser:
        lead, content = article_html(article) or None, None
    else:
        text = xml_text(as_read(opening(article) or next((block.text for block in article.body if block.kind == "paragraph"), "")))
        lead = (escape(text) if fmt == "rss" else text) if text else None
        content = article_html(article)
    return Item(
        url=xml_text(url),
        first_url=xml_text(first_url) if first_url not in (None, url) else None,
        title=xml_text(article.title) or _("(untitled)"),
        published=published,
        updated=updated,
        section=xml_text(article.section) if article.section else None,
        teaser=article.is_teaser,
        creators=creators,
        lead=lead,
        content=content,
        enclosures=_written_enclosures(article, fmt),
        stored_date=_stored_date(article.published, min(entry.first_seen, now)),
    )


def _stored_date(stored: datetime | None, latest: datetime) -> str | None:
    """The date an entry's STORED_DATE_MARK says is stored, where the entry gives another (_entry_dates): UNDATED for
    none, the stored one where it is ahead of the `latest` an entry is dated (when first seen, or the feed's time);
    None where the entry gives it. (Told by the time alone: its date written again for each entry was a hundredth of
    an export.)"""
    if stored is None:
        return UNDATED
    return None if stored <= latest else feed_time(stored).isoformat()


def _written_enclosures(article: Article, fmt: Format) -> tuple[WrittenEnclosure, ...]:
    """An article's enclosures as its entry writes them: Atom's each as it is known, RSS's first (an item has room for
    one) with the type and length RSS requires, `0` for a length unknown, as RSS feeds write it."""
    written = tuple(
        WrittenEnclosure(xml_text(url), enclosure.type and xml_text(enclosure.type), None if enclosure.length is None else str(enclosure.length))
        for enclosure in article.enclosures
        if (url := web_url(enclosure.url))  # (a stored link: one of a feed's)
    )
    if fmt == "atom":
        return written
    return tuple(enclosure._replace(type=enclosure.type or UNKNOWN_TYPE, length=enclosure.length or "0") for enclosure in written[:1])


def feed_generator(fmt: Format, info: FeedInfo, language: str | None = DUTCH) -> FeedGenerator:
    """feedgen, told what the feed says about itself; `language`: that of its articles (_newest), None: none said."""
    from feedgen.feed import FeedGenerator

    from feeds.out.entries import Marks, MarksNamespace

    generator = FeedGenerator()
    if fmt == "rss":
        generator.load_extension("dc")  # only RSS needs it (dc:creator)
    generator.register_extension("marks", MarksNamespace, Marks)
    generator.id(xml_text(info.feed_id))
    generator.title(xml_text(info.title))
    generator.subtitle(xml_text(info.subtitle))
    if info.self_url is not None:
        generator.link(href=xml_text(info.self_url), rel="self")
    generator.link(href=xml_text(info.alternate_url), rel="alternate")
    if language is not None:
        generator.language(language)
    # RSS's generator is a text alone, Atom's has room for the version
    generator.generator(f"{GENERATOR} {__version__}" if fmt == "rss" else GENERATOR, version=__version__)
    if fmt == "atom":
        # RFC 4287 asks an author of each entry, or of the feed for those that name none (an article without an
        # author or agency): the program that gathered them. (RSS names none: its authors are e-mail addresses.)
        generator.author(name=GENERATOR)
    return generator


def _dates_of(entry: Entry) -> Dates:
    return entry.article.url, entry.article.published, entry.first_seen


def feed_now(now: datetime | None = None) -> datetime:
    """The moment a feed is made at (now, unless told), as it writes it: no entry is dated after it."""
    return feed_time((now or datetime.now(AMSTERDAM)).astimezone(AMSTERDAM))


def feed_pieces(
    entries: Iterable[Entry],
    fmt: Format,
    info: FeedInfo,
    newest: datetime | None,
    now: datetime,
    warn: Callable[[str], None] | None = None,
    language: str | None = DUTCH,
) -> Iterator[bytes]:
    """The feed of these entries (newest first; bodies loaded for full content) in pieces, as it is made: feedgen's
    text before the entries, dated `newest` and in `language` (their _newest; `now` for none), then their entries, some at a time, then
    feedgen's text after them. What writes the pieces as they come holds some entries, not all of them and the feed.

    Every string passes `xml_text` on its way in, links `web_url` too. An article
    that still cannot be written is left out and `warn` says which and why: one
    article never takes the feed down with it.
    """
    from feeds.out.entries import Templates, feed_ends  # lxml and feedgen load only when a feed is made

    generator = feed_generator(fmt, info, language)
    generator.updated(newest or now)
    generator.lastBuildDate(newest or now)
    before, after = feed_ends(generator, fmt)
    yield before.encode()
    templates = Templates(generator, fmt)
    texts: list[str] = []
    size = 0
    with without_cycle_collection():
        for entry in entries:
            try:
                text = templates.entry(item_of(entry, fmt, now))
            except ValueError as error:
                if warn:
                    warn(_("article {id} left out of the feed: {reason}").format(id=entry.id, reason=why(error)))
                continue
            texts.append(text)
            size += len(text)
            if size >= PIECE:
                yield "".join(texts).encode()
                texts, size = [], 0
    yield ("".join(texts) + after).encode()


def build_feed(entries: Sequence[Entry], fmt: Format, info: FeedInfo, now: datetime | None = None, warn: Callable[[str], None] | None = None) -> bytes:
    """A feed of these entries, whole (feed_pieces)."""
    now = feed_now(now)
    _count, newest, language = _newest(map(_dates_of, entries), now)
    return b"".join(feed_pieces(entries, fmt, info, newest, now, warn, language))


@dataclass(slots=True)
class ChosenFeed:
    """The feed of the articles a selection of the library chooses, or of those `ids` names, made as it is written
    (feed_pieces): their dates are read first, without their text, for the feed's own date that comes before its
    entries; then each article with its text as its entry is made, in the same snapshot of the library. `export` of
    100,000 articles held them all and their feed (1.4 GB), and so did the app's."""

    library: Library
    selection: Selection
    fmt: Format
    info: FeedInfo
    warn: Callable[[str], None] | None = None
    count: int = 0  # the articles chosen (those that cannot be written among them), once the feed is made
    ids: Sequence[str] | None = None  # these articles in this order, not the selection's: those the app's list shows (its search, a source)

    def pieces(self) -> Iterator[bytes]:
        now = feed_now()
        with self.library.snapshot():
            if self.ids is None:
                dates, entries = self.library.dates(self.selection), self.library.whole(self.selection)
            else:
                dates, entries = self.library.dates_of(self.ids), self.library.whole_of(self.ids)
            self.count, newest, language = _newest(dates, now)
            yield from feed_pieces(entries, self.fmt, self.info, newest, now, self.warn, language)
