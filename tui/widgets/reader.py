"""The reader: one article, its meta line, lead, body with sub-headings, and its URL."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import datetime
from functools import partial
from itertools import accumulate
from pathlib import Path
from typing import ClassVar

from rich._wrap import divide_line  # as Textual's Content cuts its lines
from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip
from textual.style import Style
from textual.widgets import Static

from feeds import (
    CELL_BOUNDARY,
    CELL_SEPARATOR,
    EMPTY_CELLS,
    ITEM_MARKERS,
    LINE_BREAK,
    MAX_LINKS,
    N_,
    NOT_IN_TEXT,
    QUOTE_MARK,
    Article,
    Enclosure,
    Entry,
    Link,
    file_size,
    grouped,
    hanging_width,
    is_row,
    item_markers,
    link_marks,
    of_one_list,
    page_url,
    terminal_safe,
    web_url,
)
from feeds import gettext as _

from ..formatting import when
from ..keys import SpeaksTheLanguage, with_keys
from .article_list import STAR_MARK
from .at_once import ScrollAtOnce

PartStyle = Callable[[str], Style | str]  # a part of an article (title, meta, …) → its style

# Each with the key it names as config.toml maps it, and in words for where that binding has no key (with_keys).
TEASER_NOTE = (
    N_("This is a teaser: the full text is not in the library yet. Press {refresh} to fetch your sources, or import the article's page with `nieuws-tui import PAGE`."),
    N_("This is a teaser: the full text is not in the library yet. Refresh your sources from the command palette (^p), or import the article's page with `nieuws-tui import PAGE`."),
)
# A feed item of another site: no fetch or import of ours will bring more of it.
SUMMARY_NOTE = (
    N_("Summary only: the feed carries no more of this article. Press {open_in_browser} to read it in your browser."),
    N_("Summary only: the feed carries no more of this article. Open it in your browser from the command palette (^p)."),
)
# A feed item whose story is its file (a podcast's episode): it is opened by its number under Links, not in a browser.
SUMMARY_OF_FILE_NOTE = (
    N_("Summary only: the feed brings this item as its attachment. Press {open_in_browser} {number} to open it."),
    N_("Summary only: the feed brings this item as its attachment, [{number}] under Links."),
)
# Under the links of an article whose text had more than one keeps: those after them were left out when it was read.
LINKS_CUT_NOTE = N_("An article keeps its first {count} links only: any after these are not listed.")
# What the list knows of an article is shown at once, its text once read: a teaser's note would say too soon that there is no more.
READING_NOTE = N_("Reading the article's text…")


def meta_line(article: Article, entry: Entry, now: datetime) -> str:
    """`PLACE · ANP/RTR · Jan Jansen · 25 min geleden (1 jun 14:30) · Buitenland`"""
    parts = [article.place, "/".join(article.agencies), article.author, when(entry, now), article.section]
    return terminal_safe(" · ".join(p for p in parts if p))


def links_list(article: Article) -> list[str]:
    """The links of the text as newsboat lists them, then its item's files (opened_links), numbered for `o N`:
    `[1] het rapport: https://…`, `[2] Bijlage: audio/mpeg, 23,4 MB: https://…`; a link whose words are its address
    (plain text's) once: `[3] https://…`."""
    return [
        terminal_safe(f"[{number}] {link.text + ': ' if link.text and link.text != link.url else ''}{link.url}") for number, link in enumerate(opened_links(article), 1)
    ]


def opened_links(article: Article) -> tuple[Link, ...]:
    """What `o N` opens: the links of the text, then the files its feed item brought (a podcast's episode), each
    named by what it is, but a picture among those links already (Article.listed_enclosures)."""
    return article.listed_links + tuple(Link(enclosure.url, enclosure_name(enclosure), NOT_IN_TEXT) for enclosure in article.listed_enclosures)


def enclosure_name(enclosure: Enclosure) -> str:
    """`Attachment: audio/mpeg, 23.4 MB`, of what the feed says of the file."""
    details = [detail for detail in (enclosure.type, file_size(enclosure.length) if enclosure.length is not None else None) if detail]
    return _("Attachment: {details}").format(details=", ".join(details)) if details else _("Attachment")


# Where a line of a block ends: a listing's (feeds.clean_lines), or a paragraph's its author broke (feeds.LINE_BREAK).
_LINE_ENDS = re.compile(f"([\n{LINE_BREAK}])")


def shown_lines(text: str) -> str:
    """A block of the text as shown: its lines apart (_LINE_ENDS, kept as they are for laid_out), each through the
    sanitiser, which shows a line break as an escape."""
    if "\n" not in text and LINE_BREAK not in text:
        return terminal_safe(text)
    return "".join(piece if at % 2 else terminal_safe(piece) for at, piece in enumerate(_LINE_ENDS.split(text)))


def marked(
    text: str, marks: list[tuple[int, int]], text_style: Style | str | None, mark_style: Style | str, images: Collection[int] = ()
) -> list[str | tuple[str, Style | str]]:
    """A text (in `text_style`; None: unstyled) with its links' `[n]` put in, `[image n]` for those of `images` (link_mark)."""

    def piece(start: int, end: int) -> str | tuple[str, Style | str]:
        return text[start:end] if text_style is None else (text[start:end], text_style)

    parts: list[str | tuple[str, Style | str]] = []
    start = 0
    for at, number in marks:
        parts += [piece(start, at), (link_mark(text, at, number, images), mark_style)]
        start = at
    return [*parts, piece(start, len(text))]


def link_mark(text: str, at: int, number: int, images: Collection[int]) -> str:
    """The mark of the `number`-th link at `at` in `text`: `[n]` after its words, or where it is one of `images`, an
    image without words (link_marks), `[image n]`, a word of its own beside those around it (newsboat's): a bare `[n]`
    there marked nothing the reader could see."""
    if number not in images:
        return f"[{number}]"
    before = " " if at and not text[at - 1].isspace() else ""
    after = " " if text[at : at + 1].isalnum() or text.startswith("|", at) else ""  # (`|`: one alone in a row's first cell)
    return before + _("[image {number}]").format(number=number) + after


def unstyled(part: str) -> str:
    return ""


# The marks of the quotations a paragraph stands in (feeds.QUOTE_MARK), before its item's markers: `> • een`.
_QUOTE_MARKS = re.compile(f"(?:{re.escape(QUOTE_MARK)})*")

Marks = list[tuple[int, int]]  # the places of a text's links' `[n]` in it (link_marks)


def laid_out(blocks: Sequence[tuple[str, bool, Marks]], width: int, images: Collection[int] = ()) -> list[tuple[str, Marks, str]]:
    """The text's blocks (each with whether it is a paragraph, and its links' marks) as the reader shows them, each
    with its marks where they are in it then, and what goes after it: list items and table rows are stored as
    paragraphs, and a blank line between each spread a list of ten over twenty lines and a table over twice its
    rows, its columns unaligned. A run of items or of rows is shown line by line, nested items indented by their
    depth, and the rows of a run with as many cells aligned in columns where they fit `width` (0: not known, as
    stored); the marks move with their words, and count in their cells' widths (those of `images`: link_mark). A nested item shows its own marker
    only, under its parent's words (its parents' markers, stored before it, read as stray bullets), and two lists in
    a row apart (of_one_list); the blank line between two paragraphs of a quotation is marked as quoted too, or they
    read as two quotations. The lines of an item after its first (feeds.LINE_BREAK) hang under its words, and so do
    those of an item's paragraph after a list in it (feeds.HANGING_SPACE); those of a paragraph are lines ("\n") as shown."""
    # (A listing, lines and all, is neither: `cat x | grep y` is no table's row. An item's lines its author broke are its own.)
    markers = [item_markers(text, _quoted(text)) if paragraph and "\n" not in text else [] for text, paragraph, _marks in blocks]  # `• • ` → ["• ", "• "]
    kinds = [
        ("item" if item else "row" if is_row(text) else None) if paragraph and "\n" not in text else None
        for (text, paragraph, _marks), item in zip(blocks, markers, strict=True)
    ]
    shown: list[tuple[str, Marks, str]] = []
    steps: dict[int, int] = {}  # the run's numbered lists, by depth: whether they count up or down
    for at, ((text, paragraph, marks), kind) in enumerate(zip(blocks, kinds, strict=True)):
        following = at + 1 < len(kinds) and kinds[at + 1] == kind
        if kind == "item":
            following = following and of_one_list(markers[at], markers[at + 1], steps)
            if not following:
                steps = {}
            parents = len("".join(markers[at][:-1]))  # as wide in spaces: the marks' places stay
            text = text[: (quoted := _quoted(text))] + " " * parents + text[quoted + parents :]
            if LINE_BREAK in text:
                text, marks = _hanging_lines(text, marks, parents + len(markers[at][-1]))
        elif LINE_BREAK in text and paragraph and (hang := hanging_width(text, _quoted(text))):  # (an item's paragraph after a list in it)
            text, marks = _hanging_lines(text, marks, hang)
        if following and kind is not None:
            after = "\n"
        elif at + 1 < len(blocks) and (quoted := min(_quoted(text.rsplit("\n", 1)[-1]), _quoted(blocks[at + 1][0]))):
            after = f"\n{(QUOTE_MARK * (quoted // len(QUOTE_MARK))).rstrip()}\n"  # (the marks of the quotations both stand in)
        else:
            after = "\n\n"
        shown.append((text.replace(LINE_BREAK, "\n"), marks, after))
    start = 0
    while start < len(blocks):  # each run of rows of as many cells
        end = start + 1
        if kinds[start] == "row":
            rows = [_cells(*shown[start][:2], images)]
            cells = len(rows[0]) - 1  # (separators)
            while end < len(blocks) and kinds[end] == "row" and len(next_row := _cells(*shown[end][:2], images)) == cells + 1:
                rows.append(next_row)
                end += 1
            widths = [max(row[column][2] for row in rows) for column in range(cells + 1)]
            if end - start > 1 and sum(widths) + len(CELL_SEPARATOR) * cells <= width:
                for row, row_cells in zip(range(start, end), rows, strict=True):
                    text, marks = "", []
                    for column, (cell, cell_marks, cell_width) in enumerate(row_cells):
                        marks += [(len(text) + at, number) for at, number in cell_marks]
                        text += cell if column == cells else cell + " " * (widths[column] - cell_width) + CELL_SEPARATOR
                    shown[row] = (text, marks, shown[row][2])
        start = end
    return shown


def _hanging_lines(text: str, marks: Marks, indent: int) -> tuple[str, Marks]:
    """An item's text with its lines after its first `indent` further in, after their quotation marks: under its words
    and not at the edge, where they read as a paragraph of their own; its marks moved with their words. A blank line
    between its paragraphs stays empty."""
    lines = text.split(LINE_BREAK)
    starts = list(accumulate((len(line) + 1 for line in lines[:-1]), initial=0))  # where each line starts in `text`
    hanging = [bool(number and line[_quoted(line) :]) for number, line in enumerate(lines)]
    hung = [line[: (quoted := _quoted(line))] + " " * indent + line[quoted:] if hangs else line for line, hangs in zip(lines, hanging, strict=True)]
    places = [start + _quoted(line) for start, line, hangs in zip(starts, lines, hanging, strict=True) if hangs]  # where its spaces go
    return LINE_BREAK.join(hung), [(at + indent * bisect_left(places, at), number) for at, number in marks]


def _quoted(text: str) -> int:
    """Where a paragraph's text starts after the marks of the quotations it stands in."""
    match = _QUOTE_MARKS.match(text)
    return match.end() if match else 0


def _cells(row: str, marks: Marks, images: Collection[int]) -> list[tuple[str, Marks, int]]:
    """A table's row cut into its cells, each with its links' marks (their places in it) and its width on screen, marks and all;
    the empty ones it starts with (EMPTY_CELLS) too."""
    empty = EMPTY_CELLS.match(row)
    start = empty.end() if empty else 0
    # Each empty one starts at its separator: an image alone in the first is marked there, at the row's start.
    cells: list[tuple[str, Marks, int]] = []
    for bar in (at for at in range(start) if row[at] == "|"):
        inside = [(0, number) for at, number in marks if at == bar]
        cells.append(("", inside, sum(cell_len(link_mark("", 0, number, images)) for _at, number in inside)))
    # Each cell ends where a separator starts, the next begins after it; an empty cell between two shares their space
    # (`10 | | 2`): split at the separator it was `10 | 2`, one cell short, and the table out of line.
    ends = [(found.start(), found.end() + 1) for found in CELL_BOUNDARY.finditer(row, start)]
    for end, after in [*ends, (len(row), len(row) + len(CELL_SEPARATOR))]:
        cell = row[start:max(start, end)]
        # (A mark is after its link's words: one in the separator, after the cell's; at a cell's start, an image's.)
        inside = [(min(at - start, len(cell)), number) for at, number in marks if start < at < after or at == start]
        cells.append((cell, inside, cell_len(cell) + sum(cell_len(link_mark(cell, at, number, images)) for at, number in inside)))
        start = after
    return cells


def article_content(
    article: Article,
    entry: Entry,
    now: datetime,
    source_title: str | None = None,
    style: PartStyle = unstyled,
    reading: bool = False,
    keys: Mapping[str, str] | None = None,
    text_source_title: str | None = None,
    width: int = 0,
) -> Content:
    """The article as the reader shows it; every stored string passes the terminal sanitiser on its way.
    `source_title`: what the sidebar by source names its source by, where that is a title; `text_source_title`: so
    the source whose text it shows, where that is another (a fuller text a second feed carries: merge).
    `style`: how each part is drawn (ArticleReader.part_style). `reading`: its text is on its way.
    `keys`: the keys its notes name, as the app maps them (SpeaksTheLanguage.keys_named); none, without one.
    `width`: the reader's, which its tables' columns are aligned in where they fit (laid_out)."""
    keys = keys or {}
    parts: list[str | tuple[str, Style | str]] = [
        (terminal_safe(article.title), style("title")),
        "\n",
        (meta_line(article, entry, now) + (f"  {STAR_MARK}" if entry.starred else ""), style("meta")),
        "\n\n",
    ]
    if article.rubric:
        parts += [(terminal_safe(article.rubric), style("rubric")), "\n"]
    # The text's blocks, each with its style: the lead bold only above a body, which it leads into; a lead alone is the text.
    # The lead is one where there is none, as the links' places in the text count it (Link.end), but not shown.
    blocks: list[tuple[str, Style | str | None]] = [(shown_lines(article.lead), style("lead") if article.body else None)]
    blocks += [(shown_lines(block.text), style("subheading") if block.kind == "subheading" else None) for block in article.body]
    shown_links = [link._replace(text=terminal_safe(link.text)) for link in article.listed_links]
    marks = link_marks([text for text, _style in blocks], shown_links)
    images = {number for number, link in enumerate(shown_links, 1) if not link.text}  # (marked only where they stood)
    lines = laid_out([(text, text_style is None, text_marks) for (text, text_style), text_marks in zip(blocks, marks, strict=True)], width, images)
    for (_text, text_style), (text, text_marks, after) in list(zip(blocks, lines, strict=True))[0 if article.lead else 1 :]:
        parts += [*marked(text, text_marks, text_style, style("note"), images), after]
    if article.links or article.enclosures:
        parts += [(_("Links"), style("subheading")), "\n", *(part for line in links_list(article) for part in (line, "\n")), "\n"]
        if article.links_cut:
            parts += [(_(LINKS_CUT_NOTE).format(count=grouped(MAX_LINKS)), style("note")), "\n\n"]
    if reading:
        parts += [(_(READING_NOTE), style("note")), "\n\n"]
    elif article.is_zeelandnet_teaser:
        parts += [(with_keys(_(TEASER_NOTE[0]), keys, _(TEASER_NOTE[1])), style("note")), "\n\n"]
    elif article.is_teaser and article.is_its_file:
        number = len(article.listed_links) + 1  # its first file's, after the links of its text (opened_links)
        parts += [(with_keys(_(SUMMARY_OF_FILE_NOTE[0]), keys, _(SUMMARY_OF_FILE_NOTE[1]), number=number), style("note")), "\n\n"]
    elif article.is_teaser:
        parts += [(with_keys(_(SUMMARY_NOTE[0]), keys, _(SUMMARY_NOTE[1])), style("note")), "\n\n"]
    parts.append((terminal_safe(page_url(article.url)), style("url")))
    if article.source:
        parts += ["\n", (source_line(article.source, source_title), style("meta"))]
    if article.text_source:
        parts += ["\n", (source_line(article.text_source, text_source_title, of_its_text=True), style("meta"))]
    return Content.assemble(*parts)


def source_line(source: str, title: str | None = None, of_its_text: bool = False) -> str:
    """Where the article came from: a feed or page by its whole address, an imported file by its name
    (`list --json` has the whole path); after the source's title, where it has one, whole as the sidebar
    by source may have no room for it, and the address with it: the title names, the address tells where.
    `of_its_text`: where its text came from, a source other than the one it is filed by."""
    if web_url(source):
        if of_its_text:
            line = _("Text from {title} ({source})").format(title=title, source=source) if title else _("Text from {source}").format(source=source)
        else:
            line = _("From {title} ({source})").format(title=title, source=source) if title else _("From {source}").format(source=source)
    else:
        name = Path(source).name
        if of_its_text:
            line = _("Text imported from {title} ({file})").format(title=title, file=name) if title else _("Text imported from {file}").format(file=name)
        else:
            line = _("Imported from {title} ({file})").format(title=title, file=name) if title else _("Imported from {file}").format(file=name)
    return terminal_safe(line)


# Dragging a window's edge goes back and forth over a few widths; each kept holds where every line is cut.
WIDTHS_KEPT = 4
# Characters of text above which it is made, and a width not cut before is cut, off the app's thread: some 6 ms of
# making (its links' marks, its styled parts put together) and 25 ms of cutting at 80 columns. Shorter texts are
# made and cut at once, on it, as a text is at its first width.
CUT_ASIDE = 100_000

# The lines on screen at a width: (line of the text, itself, start, end, the width of the marks it hangs under: hung).
Cut = list[tuple[int, Content, int, int, int]]

# The marks a line of a quotation or a list's item starts with (laid_out: a nested item's parents' as spaces), which its
# lines on screen after its first hang under: `> > `, `• `, `>     2. `.
_HANGING = re.compile(f"{_QUOTE_MARKS.pattern}(?: *{ITEM_MARKERS.pattern})?")


def cut(text_lines: list[Content], width: int) -> Cut:
    """Where each line of the text is cut into lines on screen at `width`; those of a quotation or an item after its
    first under its marks (hung), which read as the writer's own words at the edge, where they leave half the width."""
    width = max(width, 1)  # (a pane squeezed to nothing)
    lines: Cut = []
    for number, line in enumerate(text_lines):
        plain = line.plain
        cuts = [0, *divide_line(plain, width, fold=True), len(plain)]
        hang = cell_len(marks.group()) if len(cuts) > 2 and (marks := _HANGING.match(plain)) else 0
        if 0 < 2 * hang <= width:
            cuts = [0, *(cuts[1] + at for at in [0, *divide_line(plain[cuts[1] :], width - hang, fold=True)]), len(plain)]
        else:
            hang = 0
        lines += [(number, line, start, end, hang if start else 0) for start, end in zip(cuts, cuts[1:], strict=False)]
    return lines


def hung(line: Content, hang: int) -> Content:
    """What a line on screen of a line of the text hangs under, `hang` wide (cut): the quotation marks the line starts
    with, as styled there, and under its item's marker blanks."""
    quoted = min(_quoted(line.plain), hang)
    return line[:quoted] + " " * (hang - quoted)


Styles = dict[str, Style | str]  # the style of each part of a text, as it was made with them


def made_with(text: Callable[[PartStyle], Content], style: Callable[[str], Style | str]) -> tuple[Styles, Content]:
    """A text, made with the style of each of its parts as `style` gives it, and the styles it asked for."""
    styles: Styles = {}

    def asked(part: str) -> Style | str:
        if part not in styles:
            styles[part] = style(part)
        return styles[part]

    content = text(asked)
    return styles, content


class TextMade(Message):
    """A long text made off the app's thread, its lines, and its lines on screen at the width it was made for (none
    for a reader not laid out yet)."""

    def __init__(
        self, text: Callable[[PartStyle], Content], length: int, styles: Styles, content: Content, lines: list[Content], width: int, cut: Cut | None
    ) -> None:
        super().__init__()
        self.text, self.length, self.styles, self.content, self.lines = text, length, styles, content, lines
        self.width, self.cut = width, cut


class LinesCut(Message):
    """A text's lines on screen at a width, cut off the app's thread."""

    def __init__(self, content: Content, width: int, lines: Cut) -> None:
        super().__init__()
        self.content, self.width, self.lines = content, width, lines


class ArticleText(Static):
    """The reader's text, styled anew when a style of its parts changed since it was made: a theme chosen while it
    is shown reaches it. Not made anew at each drawing (the reader's focus, a resize): an article of thousands of
    paragraphs takes seconds to make. Cut into lines once per width, and only the lines on screen drawn: Static draws
    all of it at each drawing, so that a few resizes in a row with such an article open froze the app for seconds.
    A long text (CUT_ASIDE) is made off the app's thread: a feed item of 10 MB held every key up for a second or two."""

    def __init__(self, style: PartStyle, *, parts: Collection[str] = (), id: str | None = None) -> None:
        """`parts`: those `style` styles, each asked for on the app's thread for a text made off it."""
        super().__init__(id=id)
        self.part_style, self.parts = style, parts
        self.text: Callable[[PartStyle], Content] = lambda style: Content()
        self._length = 0  # the characters of its article's text, as show was given them
        self._made: tuple[Callable[[PartStyle], Content], Styles, Content] | None = None  # with the styles it was made with
        # The long text being made off the app's thread, to be shown once made (the text before it stays until then:
        # never half of it); None when another was shown since, and its making is left to come to nothing.
        self._coming: Callable[[PartStyle], Content] | None = None
        # its lines, by width where each line on screen starts and ends in them (the latest few widths only), and the
        # widths being cut off the app's thread (lines): kept with the text, so that a cut of the text before, made
        # after another came, leaves the new one's alone
        self._wrapped: tuple[Content, list[Content], dict[int, Cut], set[int]] | None = None

    def show(self, text: Callable[[PartStyle], Content], length: int = 0) -> None:
        """Show a text, at once where it is short; `length`: the characters of the article's text it holds, above
        CUT_ASIDE made off the app's thread, and shown once made: until then the text shown before stays."""
        if length > CUT_ASIDE:
            self._make_aside(text, length)
            return
        self.text, self._length, self._coming = text, length, None
        self.refresh(layout=True)

    def render(self) -> Content:
        if self._made is not None:
            text, styles, content = self._made
            if text is self.text:
                if all(self.part_style(part) == style for part, style in styles.items()):
                    return content
                if self._length > CUT_ASIDE:  # a theme chosen: shown in the styles before until made in its own
                    if self._coming is None:  # (nor made again in place of another text on its way)
                        self._make_aside(text, self._length)
                    return content
        styles, content = made_with(self.text, self.part_style)
        self._made = (self.text, styles, content)
        return content

    @property
    def making(self) -> bool:
        return self._coming is not None

    def _make_aside(self, text: Callable[[PartStyle], Content], length: int) -> None:
        self._coming = text
        # The styles and the width as the app's thread has them: a widget's are not to be read from another thread.
        self._make_off_thread(text, length, {part: self.part_style(part) for part in self.parts}, self.size.width)

    @work(thread=True, group="make")
    def _make_off_thread(self, text: Callable[[PartStyle], Content], length: int, styles: Styles, width: int) -> None:
        """Made, and cut into lines at the reader's width: cut on the app's thread, 10 MB held every key up for over a second."""
        used, content = made_with(text, styles.__getitem__)
        lines = content.split(allow_blank=True)
        self.post_message(TextMade(text, length, used, content, lines, width, cut(lines, width) if width else None))

    @on(TextMade)
    def _text_made(self, made: TextMade) -> None:
        if made.text is not self._coming:
            return  # another text was shown meanwhile (the user moved on): this one is not
        self.text, self._length, self._coming = made.text, made.length, None
        self._made = (made.text, made.styles, made.content)
        self._wrapped = (made.content, made.lines, {made.width: made.cut} if made.cut is not None else {}, set())
        self.refresh(layout=True)

    def lines(self, width: int) -> Cut:
        """The text's lines on screen at a width: each a line of the text (its number, itself) and where in it the
        line on screen starts and ends; only cut there, the line on screen is made as it is drawn. A long text
        (CUT_ASIDE) shown before is cut at a new width off the app's thread: a resize of the terminal with an
        article of 10,000 paragraphs open held every key up for most of a second. Until then it shows its lines at
        the width it was last shown at."""
        content = self.render()
        if self._wrapped is None or self._wrapped[0] is not content:
            self._wrapped = (content, content.split(allow_blank=True), {}, set())
        _, text_lines, widths, cutting = self._wrapped
        if width in widths:
            widths[width] = widths.pop(width)  # the latest asked for last
            return widths[width]
        if widths and len(content) > CUT_ASIDE:
            if width not in cutting:
                cutting.add(width)
                self._cut_aside(content, text_lines, width)
            return widths[next(reversed(widths))]
        self._keep(width, cut(text_lines, width))
        return widths[width]

    def _keep(self, width: int, lines: Cut) -> None:
        assert self._wrapped is not None
        widths = self._wrapped[2]
        if len(widths) == WIDTHS_KEPT:
            del widths[next(iter(widths))]  # the least recently asked for: each holds a cut of every line
        widths[width] = lines

    @work(thread=True, group="cut")
    def _cut_aside(self, content: Content, text_lines: list[Content], width: int) -> None:
        self.post_message(LinesCut(content, width, cut(text_lines, width)))

    @on(LinesCut)
    def _lines_cut(self, made: LinesCut) -> None:
        if self._wrapped is None or self._wrapped[0] is not made.content:
            return  # another text came meanwhile
        _, _, widths, cutting = self._wrapped
        cutting.discard(made.width)
        if made.width not in widths:
            self._keep(made.width, made.lines)
            self.refresh(layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render_line(self, y: int) -> Strip:
        """A line on screen, with where it is in the text for the mouse's selection, as Static draws its lines."""
        width = self.size.width
        lines = self.lines(width)
        if y >= len(lines):
            return Strip.blank(width, self.visual_style.rich_style)
        number, line, start, end, hang = lines[y]
        style, segments = self.visual_style, []
        if hang:  # (its marks no place in the text: a selection's own lines have them)
            segments = [Segment(text, (style + text_style).rich_style) for text, text_style in hung(line, hang).render(style, end="")]
        if (selection := self.text_selection) is not None and (span := selection.get_span(number)) is not None:
            first, last = span
            chosen = Style.from_styles(self.screen.get_component_styles("screen--selection"))
            line = line.stylize(chosen, first, len(line.plain) if last == -1 else last)
        x = start
        for text, text_style in line[start:end].rstrip().render(style, end=""):
            segments.append(Segment(text, (style + text_style).rich_style_with_offset(x, number)))
            x += len(text)
        return Strip(segments).crop(0, width)  # (the lines of a wider width, while its own are being cut)


class ArticleReader(SpeaksTheLanguage, ScrollAtOnce, can_focus=True):
    DEFAULT_CSS = Path(__file__).with_name("reader.tcss").read_text(encoding="utf-8")
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "reader--title", "reader--meta", "reader--rubric", "reader--lead", "reader--subheading", "reader--note", "reader--url", "reader--message",
    }  # fmt: skip
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_down", N_("Scroll down"), show=False, id="reader.down"),
        Binding("k,up", "scroll_up", N_("Scroll up"), show=False, id="reader.up"),
        # space pages down everywhere (the app's page_or_next_unread); b is the app's by source, here too
        Binding("pagedown", "page_down", N_("Page down"), show=False, id="reader.page_down"),
        Binding("shift+space,pageup", "page_up", N_("Page up"), show=False, id="reader.page_up"),
        Binding("g,home", "scroll_home", N_("Top"), show=False, id="reader.top"),
        Binding("G,end", "scroll_end", N_("Bottom"), show=False, id="reader.bottom"),
        Binding("q", "app.reader_back", N_("Back"), tooltip=N_("Back to the list (as in newsboat; {quit} in the list quits)"), id="reader.back"),
    ]

    article: Article | None = None  # the one shown, with its text
    _shown_width = 0
    _again: Callable[[], None] | None = None

    def allow_focus(self) -> bool:
        """Only with an article shown: beside the list with none (q, wide), tab or a click gave it the keys, and its
        s, m and o acted on the list's cursor article, unseen, and its q quit."""
        return self.article is not None

    def compose(self) -> ComposeResult:
        yield ArticleText(self.part_style, parts=[name.removeprefix("reader--") for name in self.COMPONENT_CLASSES], id="reader-text")

    def part_style(self, part: str) -> Style:
        """A part of the article as reader.tcss styles it, its colours blended against the reader's background
        as the lists' are (`auto` and translucent colours, such as $text-muted, need that to be seen at all);
        without the background itself, which the reader paints and tints while it has the keys."""
        rich = self.get_component_rich_style(f"reader--{part}")
        return Style.from_rich_style(RichStyle(color=rich.color, bold=rich.bold, italic=rich.italic, underline=rich.underline))

    def show(
        self,
        article: Article,
        entry: Entry,
        now: datetime,
        source_title: str | None = None,
        keep_scroll: bool = False,
        reading: bool = False,
        text_source_title: str | None = None,
    ) -> None:
        """Show an article from its top; with `keep_scroll`, the same one again where the reader is. `reading`: its text is on its way."""
        self.article = article
        text = self.query_one(ArticleText)
        length = len(article.lead) + sum(len(block.text) for block in article.body)
        keys, from_text = self.keys_named, text_source_title
        width = self._shown_width = self.scrollable_content_region.width
        # Shown again at another width where that may align its tables' columns otherwise (laid_out).
        self._again = partial(self.show, article, entry, now, source_title, True, reading, text_source_title)
        if not keep_scroll:
            if length > CUT_ASIDE:  # made off the app's thread: meanwhile what the list knows of it, not the article before
                listed = article.with_changes(lead="", body=(), links=(), enclosures=())
                text.show(partial(article_content, listed, entry, now, source_title, reading=True, keys=keys, text_source_title=from_text))
            self.scroll_home(animate=False)
        text.show(partial(article_content, article, entry, now, source_title, reading=reading, keys=keys, text_source_title=from_text, width=width), length)

    def on_resize(self) -> None:
        if self.article is not None and self.scrollable_content_region.width != self._shown_width and self._again is not None:
            if any(is_row(block.text) for block in self.article.body):
                self._again()

    def show_message(self, message: str) -> None:
        self.article, self._again = None, None
        self.query_one(ArticleText).show(lambda style: Content.assemble((message, style("message"))))
        self.scroll_home(animate=False)

    @property
    def at_end(self) -> bool:
        return self.scroll_y >= self.max_scroll_y

    @property
    def making(self) -> bool:
        """Whether a long text is being made off the app's thread: what is shown meanwhile is not the article's end."""
        return self.query_one(ArticleText).making
