"""HTML pages → blocks, with selectolax (lexbor).

The walk keeps what a reader sees as the page's text, one block per block-level
element, and leaves out everything that is never content: scripts, styles,
navigation, forms, ads, cookie and webmail dialogs.
"""

from __future__ import annotations

import json
import re
import unicodedata
from bisect import bisect_left
from collections import deque
from collections.abc import Collection, Iterator
from datetime import datetime
from html import unescape
from itertools import accumulate, chain, islice, pairwise
from typing import Any
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from feeds.clean import clean_line, clean_lines
from feeds.link_places import IN_THE_TEXT, LINK_NUMBER, UNPLACED_LINKS
from feeds.model import (
    BULLET,
    CELL_SEPARATOR,
    HANGING_SPACE,
    LINE_BREAK,
    MAX_LINKS,
    MAX_MARKED_DEPTH,
    NOT_IN_TEXT,
    QUOTE_MARK,
    Link,
    as_written,
    hanging_width,
    item_markers,
    parse_time,
)
from feeds.pages.blocks import HEADINGS, PageBlock, PageBlocks
from feeds.pages.bounds import (
    MAX_BLOCK_CHARS,
    MAX_JSON_LD_CHARS,
    check_block,
    check_blocks,
    check_markup,
)
from feeds.pages.cuts import CLOSING, cut_places
from feeds.urls import normalize_url, web_url

NEVER_CONTENT = frozenset(
    {
        "head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object",
        "embed", "canvas", "video", "audio", "nav", "form", "button", "select", "textarea",
        "input", "dialog", "menu", "img", "picture", "map",
    }
)  # fmt: skip
PAGE_CHROME = frozenset({"header", "footer"})  # skipped unless inside the article itself
_CONTAINERS = frozenset({"article", "main"})
# Frameworks put state classes such as `modal-open` on these; they are never chrome themselves.
_NEVER_CHROME = frozenset({"html", "body", "main", "article"})
_BLOCK = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "dd", "details", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "header", "hr", "li", "main", "ol", "p",
        "pre", "section", "summary", "table", "tbody", "td", "th", "thead", "tr", "ul", "time",
        "br", "html", *HEADINGS,
    }
)  # fmt: skip
# Class/id words that mark chrome: the webmail chooser, cookie walls, ads, sharing.
_CHROME_WORDS = re.compile(
    r"(?:^|[-_ ])(?:cookie|cookies|consent|gdpr|webmail|advert|advertentie|advertisement|ads?|adsense|"
    r"banner|modal|popup|overlay|share|sharing|social|newsletter|nieuwsbrief|navbar|menu|navigation|"
    r"breadcrumbs?|sidebar-ad|sponsored|promo)(?:$|[-_ ])",
    re.IGNORECASE,
)
# Inline elements whose own text is a date or age, shown as a line of its own.
_DATE_CLASS = re.compile(r"date|time|age|ago|datum|tijd|timestamp|meta", re.IGNORECASE)
_DATE_HOLDERS = frozenset({"span", "small", "em", "div", "p"})
_STRONG = frozenset({"strong", "b"})
# What a feed entry's HTML holds besides text, read as feed readers show it (_Walk.structured): a list's items (bullets or
# numbers before them), a table's rows (each a line of its cells) and its images. Page walks read none of them so: the
# ZeelandNet pages' own layout (stories.py) takes a list item or a table cell for a line of its own.
_CELLS = frozenset({"td", "th"})
_STRUCTURED_BLOCK = _BLOCK - _CELLS
_STRUCTURED_NEVER_CONTENT = NEVER_CONTENT - {"img", "picture"}
_LISTS = frozenset({"ul", "ol"})
_PIXEL = frozenset({"0", "1", "0px", "1px"})
_PIXEL_STYLE = re.compile(r"(?:^|[;\s])(?:width|height)\s*:\s*[01](?:px)?\s*(?:!important\s*)?(?:;|$)", re.IGNORECASE)
# WordPress writes each emoji of a post as an image of it (`wp-smiley`, from s.w.org): a character of the text.
_EMOJI_CLASS = re.compile(r"(?:^|\s)(?:wp-smiley|emoji)(?:\s|$)")
_EMOJI_IMAGES = "//s.w.org/images/core/emoji/"
# Where a lazily loaded image keeps its address until a script puts it in `src` (which holds a placeholder till then).
_LAZY_SOURCES = ("data-src", "data-lazy-src", "data-original", "src")
_SOURCE_SETS = ("srcset", "data-srcset")
# A table whose cells hold these lays out a page (a newsletter's logo beside its text, a table in a table): read as
# the text in it. A table's own parts, a line break and a time are found in cells of data as well.
_LAYOUT_BLOCKS = (_STRUCTURED_BLOCK | {"table"}) - {"tbody", "thead", "tr", "br", "time"}
_ROW_GROUPS = frozenset({"thead", "tbody", "tfoot"})
# What the walk's stack holds to leave a block read in its row's line (a paragraph in a cell of data): a space after it.
_SPACE_AFTER: tuple[Any, ...] = ("tr", None, None, False, False, 0, "", "")
# Printable symbols (a clean keeps them, and takes no slower way for them) that no text needs: one that a block
# does not hold marks where its links' words end, as its text is cleaned (_Walk.place_links), or its own bars (_as_written).
_LINK_END_MARKS = ("\u2402", "\u2403", "\u2404")
# A line break (`<br>`, a page's too) among the parts of a block: a NUL, which a parser leaves in no text. Its block keeps
# its lines (LINE_BREAK), as newsboat shows a poem, an address or a signature: read each as a paragraph, they fell apart.
_BREAK = "\x00"
# A link's words' breaks and white space between two of its lines: a whole run, matched from its start only (the
# look-behind), else each of its characters started a try to its end, quadratic (a link of 45 000 spaces took 2 s).
_BREAK_GAP = re.compile(rf"(?<![{_BREAK}\s])[{_BREAK}\s]*{_BREAK}[{_BREAK}\s]*")
_ANY_GAP = re.compile(rf"[{_BREAK}\s]*")  # what the walk reads of such a gap (_words_end)
# The longest bold first line before a `<br>` that is a paragraph's heading (_Walk._bold_heading): a longer one is its opening.
_BOLD_HEADING_CHARS = 80
# Where a paragraph of a list's item ends and another of it starts (structured, _Walk.paragraph_end: `<li><p>…</p><p>…`,
# `<li>…<br><br>…`): two breaks with no line between, which a `<br>` never leaves (line_break). Its item keeps them one
# block, apart by a blank line: each a paragraph of its own, the second was drawn outside the list, and exported after it.
_PARAGRAPH = _BREAK * 2
# The blocks that are paragraphs of a list's item they stand in (paragraph_end): an editor's <div> for each line of one too.
_PARAGRAPHS = frozenset({"p", "div"})
_MOST_NFC_GROWTH = 3  # NFC writes a character as three at most (U+FB2C): a text a third of a block long may grow past one
_LINES = re.compile(r"[^\n]*\n|[^\n]+")  # each with its line break (str.splitlines breaks at more than a listing does)
ZEELANDNET = "https://www.zeelandnet.nl/"  # what relative links are read against when a page has no address


def _as_written(parts: list[str], separators: list[int], raw: str, text: str) -> str:
    """A block's `text` (made of `raw`, the `parts` read) as written (as_written), the parts at `separators` its row's own
    (CELL_SEPARATOR): the page's bars in it are told from them as the text is made again with a mark for each
    (_LINK_END_MARKS, one that the block does not hold). Where none is free, or the marks change how the text is
    cleaned, they are left as they are."""
    if not separators:
        return as_written(text)
    mark = next((mark for mark in _LINK_END_MARKS if mark not in raw), None)
    if mark is None or raw.count("|") == len(separators):
        return as_written(text, None)
    own = set(separators)
    marked = _cleaned("".join(part if at in own else part.replace("|", mark) for at, part in enumerate(parts)), False)
    if marked.replace(mark, "|") != text:
        return as_written(text, None)
    return as_written(marked, mark).replace(mark, "|")


def _is_chrome(attributes: dict[str, str | None]) -> bool:
    if "hidden" in attributes or attributes.get("aria-hidden") == "true" or attributes.get("role") in ("dialog", "navigation", "banner"):
        return True
    words = f"{attributes.get('class') or ''} {attributes.get('id') or ''}"
    return bool(words.strip()) and _CHROME_WORDS.search(words) is not None


# What holds a newsletter's button (Substack's `Subscribe now`, `Share`): in a feed entry, a paragraph of nothing but
# its links of class `button` to the platform's addresses is the platform's, no text of the post (_only_buttons). The
# author makes buttons too (`Lees het rapport (PDF)`): one to elsewhere is a paragraph of the post, with its link.
_BUTTON_HOLDER = re.compile(r"(?:^|\s)(?:button-wrapper|subscription-widget[\w-]*)(?:\s|$)")
# A holder of the platform's buttons is a paragraph of one or two: one of more nodes holds more than buttons. Looked
# at no further, nested holders cost no more than one: each looked through all under it, half a minute for a feed item.
_BUTTON_HOLDER_NODES = 24
# The platform's buttons by their address: to subscribe (`/subscribe?…`), to share (`?…&action=share`), to comment on
# the post (`/p/brug/comments`, or its own address and `/comments`); on the publication's own host or the platform's
# (`substack.com/@blog?…&utm_content=share`). On any other they are the author's: a button to the government's
# `/subscribe`, to share a petition, or to subscribe to another Substack the author recommends is a paragraph of the post.
_PLATFORM_HOST = "substack.com"
_SUBSCRIBE_PATH = re.compile(r".*/subscribe/?")
_SHARE_QUERY = re.compile(r"(?:^|&)(?:action|utm_content)=share(?:&|$)")
_POST_COMMENTS_PATH = re.compile(r"/p/[^/]+/comments/?")


def _only_buttons(node: LexborNode, attributes: dict[str, str | None], base_url: str) -> bool:
    """Whether an element of a feed entry, the text of the item at `base_url`, is a holder of buttons (_BUTTON_HOLDER)
    with no words but its buttons', each a button of the platform's (_platform_button)."""
    if _BUTTON_HOLDER.search(attributes.get("class") or "") is None:
        return False
    if next(islice(node.traverse(include_text=True), _BUTTON_HOLDER_NODES, None), None) is not None:
        return False
    buttons = node.css("a.button")
    words = " ".join(button.text(deep=True) for button in buttons)
    return (
        bool(words.strip())
        and words.split() == node.text(deep=True).split()
        and all(_platform_button(button.attributes.get("href"), base_url) for button in buttons)
    )


def _platform_button(href: str | None, base_url: str) -> bool:
    """Whether a button's link, of a feed entry of the item at `base_url`, is to the platform's own pages (_SUBSCRIBE_PATH,
    _SHARE_QUERY, _POST_COMMENTS_PATH) on its host or the platform's (_PLATFORM_HOST), not to somewhere the author
    points at."""
    url = web_url(href, base_url or None)
    if url is None:
        return False
    parts = urlsplit(url)
    if parts.hostname not in (urlsplit(base_url).hostname, _PLATFORM_HOST):
        return False
    return (
        _SUBSCRIBE_PATH.fullmatch(parts.path) is not None
        or _SHARE_QUERY.search(parts.query) is not None
        or _POST_COMMENTS_PATH.fullmatch(parts.path) is not None
        or _page_of(url) == f"{_page_of(base_url)}/comments"
    )


# Substack's subscription widget (`SubscribeWidgetToDOM`): a caption (`Thanks for reading …! Subscribe for free …`) above
# the form to sign up with. Whatever words the writer gave the caption, the widget is the platform's (_signup_widget).
_SIGNUP_HOLDER = re.compile(r"(?:^|\s)subscription-widget[\w-]*(?:\s|$)")
# The elements of a widget its form is among: a caption's and the form's few. Looked for no further, nested holders
# cost no more than one (_BUTTON_HOLDER_NODES).
_SIGNUP_ELEMENTS = 64


def _signup_widget(node: LexborNode, attributes: dict[str, str | None]) -> bool:
    """Whether an element of a feed entry is a newsletter's subscription widget (_SIGNUP_HOLDER) around its form."""
    if _SIGNUP_HOLDER.search(attributes.get("class") or "") is None:
        return False
    return any(element.tag == "form" for element in islice(node.traverse(), _SIGNUP_ELEMENTS))


# The links of a footnote (feed entries), as the known generators mark them: its mark in the text (Substack's
# `footnote-anchor` to `#footnote-1`, Markdown's `footnote-ref` to `#fn:1` or `#fn1`, WordPress's in a <sup class="fn">),
# the number its note starts with (Substack's `footnote-number`), and the link back from the note to its mark
# (`footnote-backref`, kramdown's `reversefootnote`, pandoc's `footnote-back`: a `↩`). Each points within the post (its
# href starts with `#`, or with the post's address before it: _Walk.place_in_post). Read as words, the number was glued
# to the word before it (`treinen1`) and each note ended in a `↩`. Not every link within the post of a number is one
# (`In <a href="#2023">2023</a>`, a score, a ranking's), nor one to another address, whatever its class.
_NOTE_LINK_CLASS = re.compile(
    r"(?:^|\s)(?:footnote(?:-(?:anchor|ref|reference|number|link|backref|back|return))?|footnoteref|fn|fnref|reversefootnote)(?:\s|$)"
)
_NOTE_BACK_CLASS = re.compile(r"(?:^|\s)(?:footnote-(?:backref|back|return)|reversefootnote)(?:\s|$)")
_NOTE_LINK_ROLES = ("doc-noteref", "doc-backlink")
# Where a footnote's link points (after the `#`) or its own id: `fn:1`, `fnref:a`, `fn1`, `footnote-1`,
# `footnote-anchor-1`, a word processor's `_ftn1`, Wikipedia's `cite_note-1`.
_NOTE_PLACE = re.compile(r"(?:fn(?:ref)?|_?ftn(?:ref)?)(?::|[_-]?[0-9])|footnote-|cite_(?:note|ref)-", re.IGNORECASE)
# The container of a post's notes, or a note (Substack's `footnote`, Markdown's `footnotes`): a number starting a note
# is its number only there; elsewhere a marked link starting a paragraph is a mark (`¹ staat vooraan`).
_NOTES_CLASS = re.compile(r"(?:^|\s)(?:footnotes?|wp-block-footnotes)(?:\s|$)")
_NOTES_ROLES = ("doc-endnotes", "doc-footnote", "doc-endnote")
_NOTES_DEPTH = 3  # how many elements up from a note's number its note or the notes are looked for (a fixed few)
_NOTE_NUMBER = re.compile(r"\[?([0-9]{1,4})\]?")
_BACK_ARROWS = frozenset("↩↑⤴")  # a link back's words (an emoji's style selector after them aside)
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")  # a mark that stays plain text, unlike `[1]`, which reads as a link's number


def _marked_note(link: LexborNode, attributes: dict[str, str | None], place: str) -> bool:
    """Whether a link within the post (pointing at `place`) is marked as a footnote's (_NOTE_LINK_CLASS, _NOTE_PLACE)."""
    parent, child = link.parent, link.child
    return (
        (parent is not None and parent.tag == "sup")
        or (child is not None and child.tag == "sup" and child.next is None)
        or attributes.get("role") in _NOTE_LINK_ROLES
        or _NOTE_LINK_CLASS.search(attributes.get("class") or "") is not None
        or _NOTE_PLACE.match(place) is not None
        or _NOTE_PLACE.match(attributes.get("id") or "") is not None
    )


def _in_notes(link: LexborNode) -> bool:
    """Whether a link stands in a post's notes (_NOTES_CLASS), a few elements deep at most."""
    node = link.parent
    for _level in range(_NOTES_DEPTH):
        if node is None:
            return False
        attributes = node.attributes
        if attributes and (attributes.get("role") in _NOTES_ROLES or _NOTES_CLASS.search(attributes.get("class") or "")):
            return True
        node = node.parent
    return False


def _blank(node: LexborNode) -> bool:
    """White space between elements."""
    return node.is_text_node and not (node.text_content or "").strip()


def parse_datetime(value: str | None) -> datetime | None:
    """An ISO 8601 date from a page, in Amsterdam time (see parse_time); None when there is none."""
    if not value:
        return None
    try:
        return parse_time(value)
    except (ValueError, OverflowError):
        return None


def _page_of(url: str) -> str:
    """The page an address is, however spelled: a footnote's link gives its post's address without the item link's
    tracking query (`?utm_source=rss`), or with the '/' its path ends in."""
    return normalize_url(url).partition("?")[0]


class _Walk:
    """Collects blocks in document order with an explicit stack (pages can nest deeply)."""

    def __init__(self, base_url: str, links: list[Link] | None = None, structured: bool = False) -> None:
        self.base_url = base_url
        self.links = links  # where to collect the links of the text, if wanted
        self.structured = structured  # lists, tables and images read as feed readers show them (_CELLS)
        # What goes before the text of a list item or a table cell (structured): by the node's mem_id, set as its list
        # or row is entered, which knows its items in order (an item finding its number among those before it would
        # look through thousands of them, for each of thousands).
        self.markers: dict[int, str] = {}
        # How many markers the block being read starts with (more than one: an item whose text starts with a list's item).
        # Alone, they wait for the text of a block inside their items.
        self.held = 0
        # A paragraph of the item being read ended (paragraph_end): its next words start another, after a blank line.
        self.paragraphed = False
        # The markers of the item the block being read stands in after that item's first block (structured: its
        # paragraph after a list in it), as its words' context says; "" in none, or in a quotation or table in it.
        self.hang = ""
        self.layout: set[int] = set()  # the rows and cells of layout tables (structured: _LAYOUT_BLOCKS), by mem_id
        self.title_rows: set[int] = set()  # a data table's row of one header cell across its columns (mark_layout), by mem_id
        # An image read without an address (a lazy one's placeholder): where its words stand, for a <noscript> copy after it.
        self.addressless: tuple[int, str] | None = None
        # The part of an image's alt text with the space after it (Walk.image) where it is the last taken: the space goes
        # where no word follows.
        self.spaced_image: str | None = None
        # The links opened in the block being read: (index in `links`, how many of its parts came before, the link's
        # text as the page has it); and where the words of each end in the blocks (Link.end), where that is known.
        self.opened: list[tuple[int, int, str]] = []
        self.waiting = 0  # how many of those first in `opened` are images without words waiting for a block's words (wait_for_words)
        # Where the block being read may be cut, if it is too long for one (structured: _Walk.cut): before each cell after
        # the first of a row and each image, as (the part that the block before the cut ends before, the part the next starts at).
        self.cuts: list[tuple[int, int]] = []
        # The parts of the block being read that are its row's own separators (CELL_SEPARATOR), by index: told from
        # the page's bars in its text (as_written).
        self.separators: list[int] = []
        self.ends: dict[int, tuple[int, int]] = {}
        # The images among `links` without words in the text (no alt text, no caption), by index: placed where they
        # stand (_image_end), for the reader's mark of one there.
        self.wordless: set[int] = set()
        self.numbered: dict[int, int] = {}  # the number the export's list gives a link (by index in `links`)
        # The caption a picture inside each element finds (_Walk.caption), by the element's mem_id, once looked for.
        self.captions: dict[int, str] = {}
        self.blocks: list[PageBlock] = []
        self.parts: list[str] = []
        self.strong_parts: list[str] = []
        self.linked_parts: list[str] = []
        self.link: str | None = None

    def flush(self, tag: str | None, href: str | None, moment: datetime | None, quoted: int = 0) -> None:
        """The block being read, ended; `quoted`: in how many quotations it stands (QUOTE_MARK)."""
        if 0 < self.held == len(self.parts):  # nothing but markers yet
            if tag is None:
                self.parts.clear()  # the text's end
            elif tag in _LISTS:  # an item without text, at its list's end or the next item's start: its marker goes
                self.parts.pop()
            if self.parts:  # `<li><p>een</p></li>`: `• een`, not a bullet on a line of its own
                self.held = len(self.parts)
                return
        hang = "" if self.held else self.hang
        held = self.held
        self.held = 0
        self.paragraphed = False
        self.hang = ""
        if self.parts:
            if tag == "pre":
                self.expand_tabs()
            raw = "".join(self.parts)
            if len(raw) > MAX_BLOCK_CHARS // _MOST_NFC_GROWTH and not unicodedata.is_normalized("NFC", raw):
                self.normalize()
                raw = "".join(self.parts)
            count = len(self.blocks)
            if len(raw) > MAX_BLOCK_CHARS:
                self.cut_in_words(raw)
                # Each piece sits in the link the block sits in: a teaser's lead of megabytes in its link lost it, and
                # the teaser its URL.
                for number, (parts, opened, separators) in enumerate(self.cut(tag == "pre")):
                    self.add(parts, opened, separators, 0 if number else held, tag, href, moment, quoted, hang, whole=False, continued=number > 0)
            else:
                self.add(self.parts, self.opened, self.separators, held, tag, href, moment, quoted, hang, whole=True)
            if len(self.blocks) == count:
                self.wait_for_words()
            else:
                self.opened.clear()
                self.waiting = 0
            self.parts.clear()
            self.strong_parts.clear()
            self.linked_parts.clear()
            self.link = None
            self.cuts.clear()
            self.separators.clear()
        self.addressless = None

    def wait_for_words(self) -> None:
        """The images without words opened in a block of nothing but them (a figure, `<p> <img> </p>`), which is none,
        left to wait for the words of the next block, as they do where no white space stands around them: dropped with
        the block, they were listed under Links and marked nowhere. Those waiting from before it are not gone over again:
        each of thousands of such blocks going over all the images before it was quadratic."""
        self.waiting = min(self.waiting, len(self.opened))  # (a footnote's number may have taken them: footnote_link)
        self.opened[self.waiting :] = [(index, 0, words) for index, _part, words in self.opened[self.waiting :] if index in self.wordless]
        self.waiting = len(self.opened)

    def place_last_images(self) -> None:
        """The images without words still waiting at the text's end (flush: no words came after them), placed after the
        words of its last block, where they stood: listed under Links, they were marked nowhere."""
        if self.blocks:
            last = (len(self.blocks) - 1, len(self.blocks[-1].text))
            self.ends.update((index, last) for index, _part, _words in self.opened if index in self.wordless)
        self.opened.clear()
        self.waiting = 0

    def paragraph_end(self, tag: str | None, href: str | None, moment: datetime | None, quoted: int) -> None:
        """The end of a paragraph (structured: a `<p>`'s or `<div>`'s start or end, two `<br>`): of a list's item with words read
        (`held`), one of its paragraphs, the item's block going on (go_on) if more of its words follow; else the block's end."""
        if self.held and self.worded():
            self.paragraphed = True
        else:
            self.flush(tag, href, moment, quoted)

    def go_on(self) -> None:
        """Words of the block being read about to be taken: after a paragraph of its item (paragraph_end), the start of its
        next, where the block may be cut (an item of many paragraphs is read as several blocks, not the story refused)."""
        if self.paragraphed:
            self.paragraphed = False
            self.cuts.append((len(self.parts), len(self.parts) + 1))
            self.parts.append(_PARAGRAPH)

    def add(
        self,
        parts: list[str],
        opened: list[tuple[int, int, str]],
        separators: list[int],
        held: int,
        tag: str | None,
        href: str | None,
        moment: datetime | None,
        quoted: int,
        hang: str,
        whole: bool,
        continued: bool = False,
    ) -> None:
        """A block of the text made of `parts` (the first `held` its item's markers), the links `opened` in it placed
        (by their place among those parts), its words as written (as_written: the parts that are its row's `separators` the only marks), each of its lines
        marked as `quoted` (QUOTE_MARK, no deeper than MAX_MARKED_DEPTH), hung under the words of the item whose markers
        are `hang` where it stands after a list in that item (_hanging). Only a `whole` one (all the block read, not a
        piece of one cut) may be all strong or all one link's; a `continued` one is such a piece after the first."""
        raw = "".join(parts)
        check_block(raw)
        text = _cleaned(raw, tag == "pre")
        if not text or (tag == "tr" and not text.replace(CELL_SEPARATOR.strip(), "").strip()):
            return  # (a row of empty cells: its separators alone, mark_items)
        check_blocks(self.blocks)
        mark = QUOTE_MARK * min(quoted, MAX_MARKED_DEPTH)
        hanging = self.hanging(hang, mark, tag)
        if opened:
            self.place_links(parts, opened, separators, held, raw, text, len(mark) + len(hanging), len(mark), tag == "pre")
        strong = whole and bool(self.strong_parts) and clean_line("".join(self.strong_parts)) == text
        # A link around all of the text is the block's link, also when the link
        # stands after a block of its own (`<li>… <time>11:20</time> <a>Title</a></li>`).
        if whole and href is None and self.link and clean_line("".join(self.linked_parts)) == text:
            href = self.link
        text = hanging + _as_written(parts, separators, raw, text)
        if mark:
            text = mark + text.replace("\n", "\n" + mark).replace(LINE_BREAK, LINE_BREAK + mark)
        self.blocks.append(PageBlock(text, tag, href, moment, strong, continued))

    def hanging(self, hang: str, mark: str, tag: str | None) -> str:
        """What a paragraph of an item after its first block (`hang`: the item's markers) starts with (HANGING_SPACE,
        one for each character of them), where it stands after a list in that item: after one of its items, or after
        a paragraph hung so, in as many quotations (`mark`). None elsewhere: a heading or a listing is a block of its
        own, and one after a quotation in the item stays one after it (an export writes the quotation after the list)."""
        if not hang or tag in HEADINGS or tag == "pre" or not self.blocks:
            return ""
        before = self.blocks[-1].text
        if not before.startswith(mark) or before.startswith(QUOTE_MARK, len(mark)):
            return ""
        deeper = len("".join(item_markers(before, len(mark)))) > len(hang) and before.startswith(hang, len(mark))
        return HANGING_SPACE * len(hang) if deeper or hanging_width(before, len(mark)) == len(hang) else ""

    def cut(self, listing: bool) -> Iterator[tuple[list[str], list[tuple[int, int, str]], list[int]]]:
        """The block being read, too long for one (MAX_BLOCK_CHARS), as the blocks it is cut into where a cell or an image
        starts (`cuts`), each as long as fits, with the links opened and the separators in each: a data table's row of thousands of cells or a
        paragraph of thousands of images is read as several, not the whole story refused (a cell too long alone still is).
        A cell's separator at a cut goes. A `listing` (`<pre>`) is cut where a line starts, one of its text nodes only
        where a line is too long for a block alone: `<a>lnk1161</a> text` was torn in two at the link's end."""
        offsets = list(accumulate(map(len, self.parts), initial=0))
        bounds = [*self.cuts, (len(self.parts), len(self.parts))]
        spans: list[tuple[int, int]] = []
        start, fit, line_fit, index = 0, None, None, 0  # fits by their index in `bounds`
        while index < len(bounds):
            end = bounds[index][0]
            if fit is not None and offsets[end] - offsets[start] > MAX_BLOCK_CHARS:
                at = fit if line_fit is None else line_fit
                spans.append((start, bounds[at][0]))
                # Read again what came after the cut, if it was at a line's start before the last fit.
                start, fit, line_fit, index = bounds[at][1], None, None, at + 1
                continue
            fit = index
            if listing and self.parts[end - 1].endswith("\n"):
                line_fit = index
            index += 1
        spans.append((start, len(self.parts)))
        places = [part for _index, part, _words in self.opened]  # in the order of the parts, as they were read
        for start, end in spans:
            opened = self.opened[bisect_left(places, start) : bisect_left(places, end)]
            separators = [part - start for part in self.separators if start <= part < end]
            yield self.parts[start:end], [(index, part - start, words) for index, part, words in opened], separators

    def expand_tabs(self) -> None:
        """The parts of a listing being read with its tabs as the spaces they are stored as (clean_lines), and its links'
        words alike: measured with its tabs, a block of `kolom\\t` 12,000 times was stored as 66,661 characters, over the
        bound, and cut again where its export was read back (the text changed on a round trip)."""
        if not any("\t" in part for part in self.parts):
            return
        columns: list[int] = []  # where each part starts in its line, as a tab stop of eight sees it
        column = 0
        for at, part in enumerate(self.parts):
            columns.append(column)
            if "\t" in part:
                self.parts[at] = part = (" " * column + part.replace(_BREAK, "\n")).expandtabs(8)[column:]
            line_end = max(part.rfind("\n"), part.rfind("\r"), part.rfind(_BREAK))
            column = (len(part) - line_end - 1 if line_end >= 0 else column + len(part)) % 8
        self.opened = [(index, part, (" " * columns[part] + words).expandtabs(8)[columns[part] :] if part < len(columns) else words) for index, part, words in self.opened]

    def normalize(self) -> None:
        """The parts of the block being read in NFC, and its links' words alike, as its text is stored (clean_line): measured
        as read, 48,000 characters of U+FB2C (three in NFC) and spaces were one block of 128,000, past the bound. Each
        part on its own: the text of them all, normalised again as it is cleaned, is no longer."""
        self.parts[:] = [unicodedata.normalize("NFC", part) for part in self.parts]
        self.opened = [(index, part, unicodedata.normalize("NFC", words)) for index, part, words in self.opened]

    def cut_in_words(self, raw: str) -> None:
        """Where the block being read (`raw`, too long for one) may be cut besides its cells, images and lines (`cuts`):
        inside each stretch between those too long for a block alone, at the places cut_places finds, the parts split
        there. A paragraph of 120,000 characters (a law pasted without line breaks), a table cell or a listing's line as
        long, had nothing to be cut at, and the whole story was left out."""
        offsets = list(accumulate(map(len, self.parts), initial=0))
        starts = [0, *(offsets[after] for _before, after in self.cuts)]
        ends = [*(offsets[before] for before, _after in self.cuts), len(raw)]
        linked = sorted((offsets[part], offsets[part] + len(words)) for _index, part, words in self.opened if raw.startswith(words, offsets[part]))
        places = [place for start, end in zip(starts, ends, strict=True) if end - start > MAX_BLOCK_CHARS for place in cut_places(raw, start, end, linked)]
        if not places:
            return
        parts: list[str] = []
        first: list[int] = []  # the index among `parts` of each part's first piece, and of the end
        pieces: dict[int, int] = {}  # the index among `parts` of the piece that starts at each place
        waiting = iter(sorted({place for cut in places for place in cut}))
        place = next(waiting, None)
        for part, start in zip(self.parts, offsets, strict=False):
            first.append(len(parts))
            piece = start
            while place is not None and place < start + len(part):
                if place > piece:
                    parts.append(part[piece - start : place - start])
                    piece = place
                pieces[place] = len(parts)
                place = next(waiting, None)
            parts.append(part[piece - start :])
        first.append(len(parts))
        while place is not None:
            pieces[place] = len(parts)
            place = next(waiting, None)
        added = [(pieces[before], pieces[after]) for before, after in places]
        self.parts[:] = parts
        self.cuts = sorted([*((first[before], first[after]) for before, after in self.cuts), *added])
        self.opened = [(index, first[part], words) for index, part, words in self.opened]
        self.separators = [first[part] for part in self.separators]

    def place_links(
        self,
        parts: list[str],
        opened: list[tuple[int, int, str]],
        separators: list[int],
        held: int,
        raw: str,
        text: str,
        shift: int,
        marked: int,
        listing: bool,
    ) -> None:
        """Where the words of the links `opened` in a block end in its text (`text`, made of `raw`, the `parts` read (the
        first `held` its item's markers, those at `separators` its row's), after
        `shift` characters of quotation marks and hanging spaces, and `marked` of quotation marks on each line after its
        first: LINE_BREAK, or a `listing`'s line end), where
        it holds them whole: not a link whose text the walk left out in part (a script, an image) or that a block
        inside it cut. The text is made again with a mark after each link's words (right after a character that is
        no white space, so that the collapse of white space goes round it): one clean of a block for all its links (and
        one more without its images without words, where their marks change it)."""
        offsets = list(accumulate(map(len, parts), initial=0))
        ends: dict[int, int] = {}
        image: tuple[int, int | None] = (0, None)  # the last image without words placed: where it stood, and its place
        # Where an item's markers and each cell's separator end, the space after them left out (as an image goes back over it).
        markers = {len(raw[: offsets[held]].rstrip()), *(offsets[at] + len(parts[at].rstrip()) for at in separators)} if held or separators else set()
        for index, part, words in opened:
            if index in self.wordless:
                start = offsets[max(part, held)]  # (one waiting from before the block's markers (flush) stands after them)
                ends[index] = _image_end(raw, start, *image, markers)
                image = (start, ends[index])
            elif (end := _words_end(raw, offsets[part], words)) is not None:
                ends[index] = end
        mark = next((mark for mark in _LINK_END_MARKS if mark not in raw), None)
        if mark is None:
            return
        cleaned = _marked(raw, text, set(ends.values()), mark, listing)
        if cleaned is None and self.wordless.intersection(ends):
            # Again without the images: one that cannot be placed cost every link of its paragraph its place, and the
            # reader marked the wrong `hier` of two.
            ends = {index: end for index, end in ends.items() if index not in self.wordless}
            cleaned = _marked(raw, text, set(ends.values()), mark, listing)
        if cleaned is None:
            return
        block = len(self.blocks)
        line_end = "\n" if listing else LINE_BREAK
        for index, end in ends.items():
            self.ends[index] = (block, shift + cleaned[end] + (marked * text.count(line_end, 0, cleaned[end]) if marked else 0))

    def unplaced_links(self, node: LexborNode) -> bool:
        """The links of the list nieuws-tui's export writes after the text (UNPLACED_LINKS): links of the text,
        but none of its words, standing nowhere in it (NOT_IN_TEXT) but those marked as standing in it (IN_THE_TEXT),
        whose words the reader looks for; one written with its address for words (it had none) has none again. Only a list as the export writes it counts (`li > a`, words only inside the links; the
        caller sees that it is an `ol` right in the body): anything else with the class is read as text, as other
        readers show it. False then."""
        anchors = []
        for item in node.iter(include_text=True):
            if _blank(item):
                continue
            if item.tag != "li":
                return False
            inside = [child for child in item.iter(include_text=True) if not _blank(child)]
            if len(inside) != 1 or inside[0].tag != "a" or "href" not in inside[0].attributes:
                return False
            if any(not child.is_text_node for child in inside[0].iter(include_text=True)):
                return False
            if not _is_chrome(item.attributes) and not _is_chrome(inside[0].attributes):  # skipped as elsewhere
                anchors.append((inside[0], item.attributes.get("class") == IN_THE_TEXT, item.attributes.get("value")))
        for anchor, in_the_text, number in anchors:
            href = anchor.attributes.get("href") or ""
            if self.links is not None and (url := web_url(href, self.base_url)):
                words = anchor.text(deep=True, separator="", strip=False)
                if not in_the_text:  # the export placed every link it could: the reader marks no words of these
                    self.ends[len(self.links)] = NOT_IN_TEXT
                self.number(number)
                self.links.append(Link(url, "" if words.strip() == href.strip() else words))
        return True

    def number(self, number: str | None) -> None:
        """The number the export gave the link about to be collected (LINK_NUMBER, `<li value="n">`), if any: a number as
        HTML reads one, not one of any length."""
        if number and number.isascii() and number.isdecimal() and len(number) < 5 and self.links is not None:
            self.numbered[len(self.links)] = int(number)

    def link_order(self) -> list[int]:
        """The indices of `links` in their order: each that the export numbered (LINK_NUMBER) at its number, where
        that is free, and the others in the order of the text around them. An export writes the links it could
        place around their words, in the order of the text, and lists the others after it: without the numbers, a
        story whose image link came first, or whose links stood in the text in another order than their numbers,
        had them renumbered by a round trip, and `o 1` opened another."""
        count = len(self.links or ())
        slots: list[int | None] = [None] * count
        for index, number in self.numbered.items():
            if 1 <= number <= count and slots[number - 1] is None:
                slots[number - 1] = index
        taken = {index for index in slots if index is not None}  # (a number out of range, or taken before, places none)
        rest = iter(index for index in range(count) if index not in taken)
        return [index if index is not None else next(rest) for index in slots]

    def mark_items(self, node: LexborNode, around: str = "") -> None:
        """The markers of the items of a list or the cells of a row (structured) about to be read: `• `, `1. `, `2. `, …
        before items, the separator between cells. Items and cells a parser put elsewhere get none. The items of a list
        in an item (whose markers are `around`) start with that item's markers, one more list deep (`• • appel`,
        `1. 2. b`), as the reader indents them, down to MAX_MARKED_DEPTH, below which they are the markers of the item
        at that depth; but the first, where the item has no text before the list: the item's markers wait before it
        (`held`)."""
        if node.tag == "tr":
            if node.mem_id not in self.layout:
                cells = [child for child in node.iter() if child.tag in _CELLS]
                self.markers.update((cell.mem_id, CELL_SEPARATOR) for cell in cells[1:])
        elif node.tag == "ol":
            items = [child for child in node.iter() if child.tag == "li"]
            down = "reversed" in node.attributes
            number = _list_number(node.attributes.get("start"))
            if number is None:
                number = len(items) if down else 1
            step = -1 if down else 1
            for item in items:  # an item's `value` numbers it, and those after it from it
                if (value := _list_number(item.attributes.get("value"))) is not None:
                    number = value
                self.markers[item.mem_id] = f"{number}. "
                number += step
        else:
            self.markers.update((child.mem_id, BULLET) for child in node.iter() if child.tag == "li")
        if around and node.tag != "tr":
            waiting = 0 < self.held == len(self.parts)
            deepest = _marked_depth(around) >= MAX_MARKED_DEPTH
            for item in node.iter():
                if item.mem_id in self.markers:
                    if not waiting:
                        self.markers[item.mem_id] = around if deepest else around + self.markers[item.mem_id]
                    waiting = False

    def mark_layout(self, table: LexborNode) -> None:
        """A table (structured) that lays out a page rather than holds data: one of a single column, one holding a table,
        or one at least half of whose rows or cells hold blocks (_LAYOUT_BLOCKS: paragraphs, lists, headings). Its cells
        are then blocks, as a page's are, without separators: `[Logo] |` and a stray `| B` were no row of anything. A
        paragraph in a cell or two of a grid of short cells (WordPress wraps cell text in one) leaves it a table of data:
        one such cell made each cell of thousands of rows a paragraph, and the story was refused for its count of them.
        At half, a layout (a logo and a title above a story's paragraphs) is read as one rather than its paragraphs
        run together in a row's line; a small table of data read so loses only its separators.
        The look stops at the first table inside, before anything in it: no part of a page is looked through by more
        than one table."""
        rows = [row for part in table.iter() for row in (part.iter() if part.tag in _ROW_GROUPS else (part,)) if row.tag == "tr"]
        cells = [[cell for cell in row.iter() if cell.tag in _CELLS] for row in rows]
        layout = all(len(row) < 2 for row in cells)
        row_of = {cell.mem_id: index for index, row in enumerate(cells) for cell in row} if not layout else {}
        prose: dict[int, int] = {}  # the cells holding blocks, by mem_id: the index of their row
        current: int | None = None  # the cell being looked through (nodes come in document order, a cell's after it)
        for node in table.traverse() if not layout else ():
            if node.mem_id in row_of:
                current = node.mem_id
            elif node.tag == "table" and node.mem_id != table.mem_id:
                layout = True
                break
            elif current is not None and node.tag in _LAYOUT_BLOCKS:
                prose[current] = row_of[current]
        if layout or 2 * len(set(prose.values())) >= len(rows) or 2 * len(prose) >= len(row_of):
            self.layout.update(node.mem_id for node in rows)
            self.layout.update(cell.mem_id for row in cells for cell in row)
        elif len(cells[0]) == 1 and cells[0][0].tag == "th" and _spans_columns(cells[0][0]):
            # A title above the column headers (`<th colspan=3>Inwoners</th>`): a heading, as the walk reads a bold
            # line, not a line of data (nor a story's lead, where the table opens it).
            self.title_rows.add(rows[0].mem_id)

    def image(self, image: LexborNode, strong: bool, href: str | None) -> None:
        """An image (structured): its words (_image_words) and, but inside a link (which `o` opens: a picture links its
        large version), its address among the links, with those words. Not an image of a pixel: a feed's counter
        of its readers (Feedburner's), which shows nothing and would be a link in every story; nor an emoji's,
        whose character is its text."""
        attributes = image.attributes
        words = _image_words(attributes)
        if words is None:
            return
        emoji = _is_emoji(attributes)
        url = _image_url(image, self.base_url) if href is None and not emoji else None
        if words:
            self.go_on()  # (before its link is opened: its words' place is after the blank line)
        # Alt text in brackets stands apart from the words around it, as an image without it is marked (`[image 1] De`):
        # `[Foto 0]De gemeenteraad` read as one word. An emoji is a character among the words.
        spaced = bool(words) and not emoji
        if spaced and self.parts and self.parts[-1][-1:].isalnum():
            self.take(" ", False, None)
        self.addressless = (len(self.parts), words) if href is None and url is None and words else None
        if url and self.links is not None:
            self.opened.append((len(self.links), len(self.parts), words))
            # One without alt text has no words in the text: its caption's mark it (a news photo's), not none at all,
            # which listed it under Links by its address alone and numbered the text's first mark after it. One
            # without a caption too is marked where it stands.
            linked = words or self.caption(image)
            if not linked:
                self.wordless.add(len(self.links))
            self.number(attributes.get(LINK_NUMBER))  # (as the export writes such an image: article_html)
            self.links.append(Link(url, linked))
        if words:
            self.cuts.append((len(self.parts), len(self.parts)))
            self.take(f"{words} " if spaced else words, strong, href)
            self.spaced_image = self.parts[-1] if spaced else None

    def picture_words(self, link: LexborNode) -> str:
        """The words of a link around a picture without words of its own: the picture's (_image_words), or the caption of
        the figure it stands in (a Substack post's pictures link their large versions, without alt text)."""
        image = link.css_first("img")
        if image is not None and (words := _image_words(image.attributes)):
            return words
        return self.caption(link)

    def caption(self, picture: LexborNode) -> str:
        """The caption of the figure a picture (an image, or a link around one) stands in, if any. Each element on the way
        up keeps what it found, so that no picture looks again where one before it did: a figure of 40,000 pictures
        without alt text, each looking through all of it, took 107 s, and inside 500 nested blocks, each going up
        through all of them, 10 s."""
        passed: list[int] = []
        node = picture.parent
        while node is not None and node.mem_id not in self.captions and node.tag in ("a", "picture", "div", "span"):
            passed.append(node.mem_id)
            node = node.parent
        if node is None:
            caption = ""
        elif (known := self.captions.get(node.mem_id)) is not None:
            caption = known
        else:
            found = node.css_first("figcaption") if node.tag == "figure" else None
            caption = found.text(deep=True, separator=" ", strip=True)[:MAX_LINK_TEXT] if found is not None else ""
            passed.append(node.mem_id)
        self.captions.update(dict.fromkeys(passed, caption))
        return caption

    def noscript(self, node: LexborNode, strong: bool, href: str | None) -> None:
        """The images of a <noscript> (structured), the copy a lazily loaded image keeps for readers without scripts: the
        address of the image before it, read without one (its placeholder's), or the images themselves where none
        stands before it. Nothing else of it is text."""
        images = [image for image in node.traverse() if image.tag == "img"]
        before = node.prev
        while before is not None and _blank(before):
            before = before.prev
        if before is None or before.tag != "img":
            for image in images:
                self.image(image, strong, href)
            return
        if self.addressless and images and self.links is not None and (url := _image_url(images[0], self.base_url)):
            part, words = self.addressless
            self.opened.append((len(self.links), part, words))
            self.links.append(Link(url, words))
        self.addressless = None

    def place_in_post(self, href: str | None) -> str | None:
        """Where a link within the post points (after its `#`; the post's address may stand before it); None for a link
        to another address."""
        address, hashed, place = (href or "").strip().partition("#")
        if not hashed:
            return None
        if address and ((url := web_url(address, self.base_url)) is None or _page_of(url) != _page_of(self.base_url)):
            return None
        return place

    def footnote_link(self, link: LexborNode, attributes: dict[str, str | None], strong: bool, href: str | None) -> bool:
        """Whether a link (structured) is a footnote's, read as such: its mark as a superscript number (`treinen¹`); the
        number a note starts with in the post's notes (_in_notes), the note's first text (`1. De bron …`), as a list
        item's marker is (`held`) where the note's text follows it in blocks of its own; a link back, of an arrow or
        so marked, as nothing. Any other is read as a link."""
        place = self.place_in_post(attributes.get("href"))
        if place is None:
            return False
        words = link.text(deep=True).strip()
        number = _NOTE_NUMBER.fullmatch(words)
        if number is None:
            return (
                attributes.get("role") == "doc-backlink"
                or _NOTE_BACK_CLASS.search(attributes.get("class") or "") is not None
                or words.rstrip("\ufe0e\ufe0f") in _BACK_ARROWS
            )
        if not _marked_note(link, attributes, place):
            return False
        if self.worded() or not _in_notes(link):
            self.take(number[1].translate(_SUPERSCRIPT), strong, href)
            return True
        del self.parts[self.held :]  # (white space)
        self.opened = [opened for opened in self.opened if opened[1] < self.held]
        after = link.next
        while after is not None and _blank(after):
            after = after.next
        if after is not None:  # else a note of a number alone, not to be the start of the block after it
            self.held += 1
        self.take(f"{number[1]}. ", False, None)
        return True

    def worded(self) -> bool:
        """Whether the block being read has words after its held markers. Looked for from its end back to the last part
        with any: a footnote's link takes one after it, or takes away those looked through (footnote_link), so none is
        looked through twice; looking through all, each of 40,000 marks in a paragraph took 4.6 s."""
        return any(part and not part.isspace() for part in islice(reversed(self.parts), len(self.parts) - self.held))

    def take(self, text: str, strong: bool, href: str | None) -> None:
        """Text that belongs to the block being read. Not white space right after an item's markers (`held`): pretty-printed
        HTML has it before an item's paragraph or list, and it would end the item as one without text, its number alone."""
        if self.held and self.held == len(self.parts) and not text.strip():
            return
        if self.parts and self.parts[-1] is self.spaced_image and not text[:1].isalnum():
            self.parts[-1] = self.parts[-1][:-1]  # (`[De dijk], meer`: its space is for words only)
        if self.paragraphed:
            if not text.strip():
                return  # (between an item's paragraphs, where their blank line stands: kept, each end looked back over all)
            self.go_on()
        self.parts.append(text)
        if strong:
            self.strong_parts.append(text)
        if href:
            self.linked_parts.append(text)
            self.link = self.link or href

    def line_break(self, tag: str | None, href: str | None, moment: datetime | None, quoted: int) -> None:
        """A `<br>` in the block being read: the end of one of its lines (_BREAK); after another, with no words between,
        the end of the block (a blank line between paragraphs); after a first line all in bold, the end of that heading
        (_bold_heading). Before any words, or its item's, it breaks none. A page's as a feed entry's: read as blocks of
        their own, its lines were a subheading each, a sentence broken in two."""
        last = next((at for at in range(len(self.parts) - 1, self.held - 1, -1) if self.parts[at].strip()), None)
        if last is None:
            return
        if self.parts[last] != _BREAK and not self._bold_heading():
            self.take(_BREAK, False, None)
            self.cuts.append((len(self.parts) - 1, len(self.parts)))  # (a paragraph of long lines is cut at one, not refused)
            return
        # The links opened after the block's last words (`Zie:<br><a><br>de kaart</a>`, `Zie:<a><br><br>de kaart</a>`): their
        # words stand after this end.
        after = last if self.parts[last] == _BREAK else last + 1
        waiting = [opened for opened in self.opened if opened[1] >= after]
        self.opened = [opened for opened in self.opened if opened[1] < after]
        going_on = self.going_on(after)
        if self.parts[last] == _BREAK:
            del self.parts[last:]  # (the break before, and white space)
            self.paragraph_end(tag, href, moment, quoted)
        else:
            self.flush(tag, href, moment, quoted)
        if not self.paragraphed:  # (else the block goes on, its links' words with it)
            waiting = going_on + waiting
        if any(words.replace(_BREAK, " ").strip() for _index, _part, words in waiting):
            self.go_on()  # (after the blank line, as a link's words are: they are its next paragraph's)
        self.opened += [(index, len(self.parts), words) for index, _part, words in waiting]

    def going_on(self, end: int) -> list[tuple[int, int, str]]:
        """The links opened in the block being read whose words go on past its end, before its part `end` (a `<br>`
        ending it: `<a>de<br><br>kaart</a>`, `<a><b>Kop</b><br>tekst</a>`), each with the rest of its words: where those
        end in the next block is its place (Link.end), which a link's words in no one block did not have, and the
        reader marked the same words elsewhere, or none."""
        if not any(_BREAK in words for _index, _part, words in self.opened):
            return []
        raw = "".join(self.parts[:end])
        offsets = list(accumulate(map(len, self.parts[:end]), initial=0))
        going_on = []
        for index, part, words in self.opened:
            if index not in self.wordless and _BREAK in words:
                at, read = _words_read(raw, offsets[part], words)
                if 0 < read < len(words) and (space := _ANY_GAP.match(raw, at)) and space.end() == len(raw):
                    going_on.append((index, part, words[read:]))  # (from the break: the next block may start with white space)
        return going_on

    def _bold_heading(self) -> bool:
        """Whether the block read so far, before a `<br>`, is a first line all in bold outside a list: WordPress's and news
        feeds' heading of a paragraph (`<p><strong>Bereikbaarheid</strong><br>De binnenstad…`), a subheading of its own.
        Not a bold sentence (a news item's opening, `…bekendgemaakt dat … lekkage.`): the lead, which a heading left empty."""
        if self.held or not self.strong_parts or _BREAK in self.parts:
            return False
        line = clean_line("".join(self.parts))
        ends = line.rstrip(CLOSING)
        return len(line) <= _BOLD_HEADING_CHARS and not ends.endswith((".", "!", "…")) and clean_line("".join(self.strong_parts)) == line

    def take_lines(self, text: str, strong: bool, href: str | None) -> None:
        """Text of preformatted lines (a listing in `<pre>`), which the block may be cut before each of, if it
        is too long for one (_Walk.cut: inside a line, where markup starts a text node, only if the line alone is): a
        listing of thousands of lines is read as several blocks, not the story refused."""
        for line in _LINES.findall(text):
            if self.parts:
                self.cuts.append((len(self.parts), len(self.parts)))
            self.take(line, strong, href)

    def run(self, root: LexborNode) -> list[PageBlock]:
        # Stack items: (node, context) to enter, or (None, context) to leave a block.
        # context = (block tag, href, time, inside article, inside strong, quotations it is in, markers of the item it is in,
        # markers of the item its blocks after that item's first hang under: Walk.hang)
        # This loop runs for every node of every page and feed entry: an element whose
        # only child is text (most paragraphs) is read without going through the stack,
        # attributes are looked at only when an element has some, text is cleaned once a block.
        stack: list[tuple[LexborNode | None, tuple[Any, ...]]] = [(root, ("body", None, None, False, False, 0, "", ""))]
        pop, push, take = stack.pop, stack.append, self.take
        never, blocks, structured = (_STRUCTURED_NEVER_CONTENT, _STRUCTURED_BLOCK, True) if self.structured else (NEVER_CONTENT, _BLOCK, False)
        while stack:
            node, context = pop()
            if node is None:
                if context is _SPACE_AFTER:
                    take(" ", False, None)
                else:
                    (self.paragraph_end if structured and context[0] in _PARAGRAPHS else self.flush)(context[0], context[1], context[2], context[5])
                continue
            if node.is_text_node:
                text = node.text_content
                if text:
                    self.hang = context[7]
                    (self.take_lines if context[0] == "pre" else take)(text, context[4], context[1])
                continue
            if not node.is_element_node:
                continue
            name = node.tag
            tag, href, moment, in_article, in_strong, quoted, item, hang = context
            if name in never:
                if name == "noscript" and structured:
                    self.noscript(node, in_strong, href)
                continue
            if name in PAGE_CHROME and not in_article:
                continue
            attributes = node.attributes
            if attributes and name not in _NEVER_CHROME and (_is_chrome(attributes) or (structured and (_only_buttons(node, attributes, self.base_url) or _signup_widget(node, attributes)))):
                continue
            if name == "img":  # (structured: others never get here)
                self.image(node, in_strong, href)
                continue
            if name == "ol" and attributes.get("class") == UNPLACED_LINKS and node.parent == root and self.unplaced_links(node):
                continue
            if name == "a" and structured and self.footnote_link(node, attributes, in_strong, href):
                continue
            child_href, child_tag, child_moment = href, tag, moment
            if name == "a" and attributes.get("href"):
                child_href = web_url(attributes["href"], self.base_url)
                if child_href and self.links is not None:
                    words = _broken_words(node, tag) if structured and node.css_first("br") is not None else node.text(deep=True, separator="", strip=False)
                    if structured and not words.strip():
                        words = self.picture_words(node)
                    spoken = words.replace(_BREAK, " ")  # (a link's words are one line)
                    if spoken.strip():
                        self.go_on()
                    self.opened.append((len(self.links), len(self.parts), words))
                    self.number(attributes.get(LINK_NUMBER))
                    self.links.append(Link(child_href, spoken))
            is_block = (
                name in blocks
                or (structured and name in _CELLS and node.mem_id in self.layout)
                or (name in _DATE_HOLDERS and _DATE_CLASS.search(attributes.get("class") or "") is not None)
            )
            # A line break, a paragraph, a list or a time in a cell of data (the text in a row of one is a row's, not a
            # block's): its row stays one line, the block's text between spaces.
            spaced = is_block and structured and tag == "tr" and name not in _CELLS
            if spaced:
                take(" ", in_strong, href)
                is_block = False
            if name == "br" and is_block:
                if tag in HEADINGS:  # (a heading broken to fit its column: one heading, not two)
                    take(" ", in_strong, href)
                else:
                    self.line_break(tag, href, moment, quoted)
                continue
            if name == "time":
                child_moment = parse_datetime(attributes.get("datetime")) or moment
            if is_block:
                # An item whose text starts with a list keeps its marker before that list's first item's (`1. 1. a`, as
                # feed readers show it): the list's start is no end of an item without text.
                if name in _PARAGRAPHS and structured:
                    self.paragraph_end(tag, href, moment, quoted)
                elif not (0 < self.held == len(self.parts) and node.mem_id in self.markers and _first_item(node)):
                    self.flush(tag, href, moment, quoted)
                child_tag = name
            child_quoted, child_item, child_hang = quoted, item, hang
            if name == "blockquote":  # (a page's as a feed entry's: its paragraphs are no words of the story's own)
                child_quoted += 1
                child_hang = ""
            if structured:
                if name == "table":
                    self.mark_layout(node)
                    child_item = child_hang = ""  # a list in a table's cell is no deeper for the item the table stands in
                elif name in ("ul", "ol", "tr"):
                    self.mark_items(node, item)
                if marker := self.markers.pop(node.mem_id, None):
                    if marker != CELL_SEPARATOR:  # an item's (a block, where no text stands before it, but in a cell of data)
                        if is_block:
                            if 0 < self.held == len(self.parts) and _marked_depth(item) >= MAX_MARKED_DEPTH:
                                # Held below those of the item at the deepest level marked: its part is empty, there
                                # for the end of an item without text to take away (flush), as it takes a marker.
                                marker = ""
                            self.held += 1
                        take(marker, False, None)
                        child_item = "".join(self.parts[: self.held]) if is_block else marker
                        child_hang = child_item if is_block else hang
                    # A cell's, after text of its row (a cut is after some: it is looked for once a row, not once a cell).
                    elif self.cuts or any(part.strip() for part in self.parts[self.held :]):
                        self.cuts.append((len(self.parts), len(self.parts) + 1))
                        self.separators.append(len(self.parts))
                        take(marker, False, None)
                    else:  # the row's first cells are empty (a table's corner): kept, empty, so that its other cells stand
                        # over their columns (`| 2024 | 2025` over `Goes | 1 | 2`); a row of nothing but them is none (add)
                        del self.parts[self.held :]  # (white space, and links without words: none read again)
                        # An image without words stays, placed in its empty cell: dropped, the reader showed the cell empty.
                        self.opened = [(index, min(part, self.held), words) for index, part, words in self.opened if part < self.held or index in self.wordless]
                        self.separators.append(len(self.parts))
                        take(marker, False, None)
            strong = in_strong or name in _STRONG or node.mem_id in self.title_rows
            children = list(node.iter(include_text=True))
            if len(children) == 1 and children[0].is_text_node:  # a paragraph of plain text
                text = children[0].text_content
                if text:
                    self.hang = child_hang
                    (self.take_lines if child_tag == "pre" else take)(text, strong, child_href)
                if is_block:
                    (self.paragraph_end if structured and child_tag in _PARAGRAPHS else self.flush)(child_tag, child_href, child_moment, child_quoted)
                elif spaced:
                    take(" ", strong, child_href)
                continue
            child_context = (child_tag, child_href, child_moment, in_article or name in _CONTAINERS, strong, child_quoted, child_item, child_hang)
            if is_block:
                push((None, child_context))
            elif spaced:
                push((None, _SPACE_AFTER))
            children.reverse()
            stack.extend([(child, child_context) for child in children])
        self.flush(None, None, None)
        self.place_last_images()
        return self.blocks


def _cleaned(raw: str, listing: bool) -> str:
    """A block's text as read (`raw`), cleaned: a `listing`'s lines with their spaces (clean_lines); else each line that a
    line break ends (_BREAK) as a clean line, those without words left out, apart by LINE_BREAK; an item's paragraphs
    (_PARAGRAPH) apart by a blank line. A mail signature's separator keeps its space (`-- `), as mail readers tell one by."""
    if listing:
        return clean_lines(raw.replace(_BREAK, "\n"))
    if _BREAK not in raw:
        return clean_line(raw)
    if _PARAGRAPH in raw:  # (a paragraph of an item without words leaves no blank line)
        return (LINE_BREAK * 2).join(text for piece in raw.split(_PARAGRAPH) if (text := _cleaned(piece, False)))
    *broken, last = raw.split(_BREAK)
    lines = ["-- " if line == "--" and piece[-1:].isspace() else line for piece in broken if (line := clean_line(piece))]
    return LINE_BREAK.join([*lines, line] if (line := clean_line(last)) else lines)


def _marked(raw: str, text: str, points: set[int], mark: str, listing: bool) -> dict[int, int] | None:
    """Where each of the `points` of a block's text as read (`raw`) is in its text cleaned (`text`, _cleaned): found by
    cleaning it once with a `mark` at each. None where the marks changed how it is cleaned (a combining accent after a
    link's words, a mark before the white space that starts a block)."""
    if not points:
        return None
    ordered = sorted(points)
    pieces = _cleaned(mark.join(raw[start:end] for start, end in pairwise([0, *ordered, len(raw)])), listing).split(mark)
    if len(pieces) != len(ordered) + 1 or "".join(pieces) != text:
        return None
    return dict(zip(ordered, accumulate(map(len, pieces[:-1])), strict=True))


def _words_end(raw: str, start: int, words: str) -> int | None:
    """Where the words of a link (`words`, as _broken_words reads them) end in the text of its block (`raw`), read from
    `start`; None where it does not hold them whole. Without a `<br>`, they stand there as they are (_words_read)."""
    if not words.replace(_BREAK, " ").strip():
        return None
    if _BREAK not in words:
        return start + len(words.rstrip()) if raw.startswith(words, start) else None
    at, read = _words_read(raw, start, words)
    return start + len(raw[start:at].replace(_BREAK, " ").rstrip()) if read == len(words) else None


def _words_read(raw: str, start: int, words: str) -> tuple[int, int]:
    """How much of the words of a link (`words`, as _broken_words reads them) the text of its block (`raw`) holds, read
    from `start`, line by line: (where those lines end in `raw`, and in `words`: len(words) where it holds them whole, 0
    where none). A `<br>` in them is read as the walk reads it where it stands: a line's end, a space (in a row of a
    table: `<td><a>de<br>kaart</a></td>`), or nothing (before any words of its block, or after a blank line:
    `<p><a><br>de kaart</a></p>`)."""
    at, read, line = start, 0, 0  # (each break with the white space around it one gap, matched in place: no pattern made for each link)
    for gap in chain(_BREAK_GAP.finditer(words), (None,)):  # (lazily: a block reads the few lines it holds, not every gap)
        line_end = len(words) if gap is None else gap.start()
        place = at
        if line and (space := _ANY_GAP.match(raw, at)):
            place = space.end()
        if not raw.startswith(words[line:line_end], place):
            return at, read
        at, read = place + line_end - line, line_end
        line = len(words) if gap is None else gap.end()
    return at, read


def _image_end(raw: str, start: int, before: int, placed: int | None, markers: Collection[int]) -> int:
    """Where an image without words that stood at `start` in its block's text (`raw`) is placed: after the text before
    it, the white space and line breaks between left out (a mark in them would change how the text is cleaned); where
    that is the block's start, an item's markers or a cell's separator (ending at one of `markers`), before the words
    after it instead: placed in the bullet (`•[image 1] een`), the export had no place to write it in its item, and
    listed it after the text; placed before the white space a paragraph starts with, it was no place at all. Gone
    back no further than the image before it (at `before`, `placed` there; None for none, `before` the block's start):
    each of thousands of images in a row going back over all of the gap before the first was quadratic (and going on,
    only from a marker, over a gap that no other image goes over)."""
    at = start
    while at > before and (raw[at - 1] == _BREAK or raw[at - 1].isspace()):
        at -= 1
    if at == before and placed is not None:
        return placed
    if at == 0 or at in markers:
        after = start
        while after < len(raw) and (raw[after] == _BREAK or raw[after].isspace()):
            after += 1
        if after < len(raw):  # (else nothing follows to stand before)
            return after
    return at


def _broken_words(link: LexborNode, tag: str | None) -> str:
    """The words of a link (structured) that a `<br>` breaks, as the walk reads them in a block of `tag` (line_break): the
    break a line's end (_BREAK), a space in a heading. Read as its text alone, they were glued (`<a>de<br>kaart</a>`:
    `dekaart`) and found nowhere in the block."""
    broken = " " if tag in HEADINGS else _BREAK
    return "".join(
        node.text_content or "" if node.is_text_node else broken for node in link.traverse(include_text=True) if node.is_text_node or node.tag == "br"
    )


def _list_number(value: str | None) -> int | None:
    """The number `<ol start>` gives its first item or `<li value>` its item, as HTML reads one (not one of any length);
    None where there is none."""
    digits = (value or "").strip().removeprefix("-")
    if not (digits.isascii() and digits.isdecimal() and len(digits) < 10):
        return None
    return int(value or "")


def _spans_columns(cell: LexborNode) -> bool:
    """Whether a table's cell spans more than one column (`colspan`, as HTML reads a number)."""
    span = (cell.attributes.get("colspan") or "").strip()
    return span.isascii() and span.isdecimal() and len(span) < 5 and int(span) > 1


def _marked_depth(markers: str) -> int:
    """How many lists deep an item's markers (`• `, `1. `, `• 2. `) mark it: each ends in the one space it holds."""
    return markers.count(" ")


def _first_item(item: LexborNode) -> bool:
    """Whether no item of its list stands before a list's item."""
    before = item.prev
    while before is not None and before.tag != "li":
        before = before.prev
    return before is None


def _is_emoji(attributes: dict[str, str | None]) -> bool:
    return _EMOJI_CLASS.search(attributes.get("class") or "") is not None or _EMOJI_IMAGES in (attributes.get("src") or "")


def _image_words(attributes: dict[str, str | None]) -> str | None:
    """What an image reads as (structured): an emoji's character (its alt text); else its alt text in brackets, a mark
    no language owns (the text is stored as read and shown in any language), or nothing. None for an image of a pixel,
    by its attributes or its style."""
    if attributes.get("width") in _PIXEL or attributes.get("height") in _PIXEL or _PIXEL_STYLE.search(attributes.get("style") or ""):
        return None
    alt = clean_line((attributes.get("alt") or "")[:MAX_LINK_TEXT])
    return alt if _is_emoji(attributes) else f"[{alt}]" if alt else ""


def _image_url(image: LexborNode, base_url: str) -> str | None:
    """An image's web address: where a lazily loaded one keeps it, else its `src`, else the first of its source set, else
    that of the first <source> before it in its <picture> that has one (a picture may give its addresses there alone)."""
    attributes = image.attributes
    for name in _LAZY_SOURCES:
        if url := web_url(attributes.get(name), base_url):
            return url
    if url := _source_set_url(attributes, base_url):
        return url
    source = image.prev if image.parent is not None and image.parent.tag == "picture" else None
    sources = []
    while source is not None and source.tag != "img":  # the sources of an image before it are not its
        if source.tag == "source":
            sources.append(source)
        source = source.prev
    return next((url for source in reversed(sources) if (url := _source_set_url(source.attributes, base_url))), None)


def _source_set_url(attributes: dict[str, str | None], base_url: str) -> str | None:
    """The web address of the first image of a source set (`srcset`, or where a lazily loaded one keeps it)."""
    for name in _SOURCE_SETS:
        candidates = (attributes.get(name) or "").split()
        if candidates and (url := web_url(candidates[0].rstrip(","), base_url)):
            return url
    return None


def _meta(tree: LexborHTMLParser, *selectors: str) -> str | None:
    for selector in selectors:
        node = tree.css_first(selector)
        if node is not None:
            value = node.attributes.get("content") or node.attributes.get("href")
            if value and value.strip():
                return value.strip()
    return None


def _json_ld(tree: LexborHTMLParser) -> dict[str, Any]:
    """The first Article-like object of the page's JSON-LD, if any."""
    for script in tree.css('script[type="application/ld+json"]'):
        text = script.text(deep=True) or ""
        if len(text) > MAX_JSON_LD_CHARS:
            continue
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            continue
        pending = deque([data])
        while pending:
            item = pending.popleft()
            if isinstance(item, list):
                pending.extend(item)
            elif isinstance(item, dict):
                kinds = item.get("@type")
                kinds = kinds if isinstance(kinds, list) else [kinds]
                if any(isinstance(k, str) and k.endswith("Article") for k in kinds):
                    return item
                pending.extend(v for k, v in item.items() if k == "@graph")
    return {}


def _text(value: object) -> str | None:
    """A line the page says about itself (title, section); one beyond the bound of a block is shortened with its story
    (stories.py), not the page refused."""
    if not isinstance(value, str):
        return None
    return clean_line(value) or None


SHORT_FRAGMENT = 16_384  # characters: a few thousand tags at most, which any parser reads at once

# Blocks that an HTML parser puts in the body as they are, wherever they stand (unlike the parts
# of a table, which it moves or drops outside one), and that nothing but chrome in its
# attributes could make the walk treat otherwise. Not `li`: a feed entry's walk puts its bullet before it (_Walk.structured).
_RUN_BLOCKS = "p|h[1-6]|div|blockquote|ul|ol|dl|dd|dt|section|aside|address|figure|figcaption|pre"
# A plain run: blocks of text only, without attributes, each closed, with text between them.
# Possessive: a text never gives back its characters, so a fragment that is none fails at once.
_PLAIN_RUN = re.compile(rf"(?:[^<]*+<({_RUN_BLOCKS})>[^<]*+</\1>)*+[^<]*+")
# A block of the run. Searched for, so it starts at its `<`: a pattern starting with the text before
# it would be tried from every character of a long text without tags, to its end each time.
_RUN_BLOCK = re.compile(rf"<({_RUN_BLOCKS})>([^<]*+)</\1>")


MAX_LINK_TEXT = 500  # characters of the words of a link: a label, not a paragraph


def fragment_blocks(html: str, base_url: str) -> list[PageBlock]:
    """The blocks of a piece of HTML without a page around it (a feed entry's content)."""
    return fragment_text(html, base_url)[0]


def fragment_text(html: str, base_url: str) -> tuple[list[PageBlock], tuple[Link, ...]]:
    """The blocks of a piece of HTML without a page around it, and the http(s) links in them.

    Links are in the order of the text (but those an export numbered, at their numbers:
    _Walk.link_order), each address once (with the words of its first link in the text),
    at most MAX_LINKS and one more where there are more (Article.links);
    links to anything but the web, and to `base_url` itself (the article the fragment
    is the text of: `o` opens it), are left out, before the count: the reader's note
    that links were cut goes by it. Each with where its words end in the blocks
    (Link.end: the index of one of them), where the walk can tell.
    PageTooComplex, as for pages; a fragment too short to hold the tags that make
    a parser slow is not measured first (most feed entries are a few kB).
    """
    if len(html) > SHORT_FRAGMENT:
        check_markup(html)
    plain = _plain_run(html)  # no element inside its blocks: no links either
    if plain is not None:
        return plain, ()
    body = LexborHTMLParser(html).body
    if body is None:
        return [], ()
    found: list[Link] = []
    walk = _Walk(base_url, found, structured=True)
    blocks = walk.run(body)
    links: dict[str, Link] = {}
    own = normalize_url(base_url)
    first = {link.url: index for index, link in reversed(list(enumerate(found)))}  # the first link of each address in the text
    for index in walk.link_order():
        link = found[index]
        if first[link.url] == index and normalize_url(link.url) != own:
            end = walk.ends.get(index)
            if end != NOT_IN_TEXT and len(link.text) > MAX_LINK_TEXT:
                end = None  # a cut one's words end sooner
            links[link.url] = Link(link.url, clean_line(link.text[:MAX_LINK_TEXT]), end)
            if len(links) > MAX_LINKS:
                break
    return blocks, tuple(links.values())


def blocks_linking_to(html: str, url: str) -> set[int]:
    """The blocks of a piece of HTML, by their index in fragment_text's, in which the words of a link to `url` end: the
    article the fragment is the text of, whose link fragment_text leaves out of those of its text."""
    own = normalize_url(url)
    return {link.end[0] for link in linked_ends(html, url) if link.end is not None and normalize_url(link.url) == own}


def linked_ends(html: str, url: str) -> list[Link]:
    """The links of a piece of HTML whose words' end in fragment_text's blocks the walk can tell (Link.end), those to
    `url` too (the article the fragment is the text of, which fragment_text leaves out), each with its words as read."""
    body = LexborHTMLParser(html).body
    if body is None:
        return []
    found: list[Link] = []
    walk = _Walk(url, found, structured=True)
    walk.run(body)
    # (not an image without words: nothing of the text is linked there)
    return [Link(link.url, clean_line(link.text), walk.ends[index]) for index, link in enumerate(found) if index in walk.ends and index not in walk.wordless]


def unlinked_text(html: str, base_url: str) -> str:
    """The text of a piece of HTML without a page around it, as fragment_text reads it, but for the words of its links:
    what a feed entry's content says besides pointing at the story."""
    tree = LexborHTMLParser(html)
    for link in tree.css("a[href]"):  # one link never holds another: a parser ends the first at the second
        link.decompose()
    body = tree.body
    return " ".join(block.text.replace(LINE_BREAK, " ") for block in _Walk(base_url).run(body)) if body is not None else ""  # (one line)


# html.unescape reads a reference in Python (0.4 µs, 3 µs for an `&` before a long word, whose
# every start it looks up), a parser in C: a fragment with more than a few, and more than one in
# this many characters (news text has one in hundreds; a hostile feed may be nothing else), is
# left to the parser, so that no feed costs much more than its parse.
FEW_REFERENCES = 8
REFERENCE_SPACING = 256
# A numeric reference; html.unescape drops those to controls but white space, to DEL and to
# noncharacters, which an HTML parser keeps (and clean_line then deals with).
_NUMERIC_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+))")
_KEPT_CONTROLS = frozenset({0x00, 0x09, 0x0A, 0x0C, 0x0D})  # read alike (NUL as U+FFFD by both)


def _references_read_alike(html: str) -> bool:
    """Whether html.unescape reads the numeric references of `html` as an HTML parser does."""
    for hexadecimal, decimal in _NUMERIC_REFERENCE.findall(html):
        if len(hexadecimal or decimal) > 8:
            return False  # html.unescape refuses a number of more than 4,300 digits (ValueError)
        code = int(hexadecimal or decimal, 16 if hexadecimal else 10)
        if (code < 0x20 and code not in _KEPT_CONTROLS) or code == 0x7F or 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE == 0xFFFE and code <= 0x10FFFF):
            return False
    return True


def _plain_run(html: str) -> list[PageBlock] | None:
    """The blocks of a fragment that is a plain run of paragraphs and headings, read without a parser.

    Most feed entries are: `<p>…</p><h2>…</h2><p>…</p>` with nothing inside the
    blocks but text. For those the walk's answer is known (each block its text,
    its references read as an HTML parser reads them; loose text around them a
    block of `body`) at a fraction of the work: a regex tells a plain run at C
    speed, and no tree is built. Anything else — a nested element, an attribute,
    a comment, an unclosed or upper-case tag, a NUL, a reference that
    html.unescape reads otherwise, references thicker than news text has them,
    a text longer than a block may be as sent or stored — is left to the walk (None).
    Tests hold the two to the same answers.
    """
    references = html.count("&")
    thick = references > FEW_REFERENCES and references * REFERENCE_SPACING > len(html)
    # A parser drops a NUL from text; left in, it would keep an escape sequence around it from being seen as one.
    if thick or "\x00" in html or _PLAIN_RUN.fullmatch(html) is None or ("&#" in html and not _references_read_alike(html)):
        return None
    texts: list[tuple[str, str]] = []  # (tag, text), loose text as a block of `body`
    read = 0
    for block in _RUN_BLOCK.finditer(html):
        texts += (("body", html[read : block.start()]), (block[1], block[2]))
        read = block.end()
    texts.append(("body", html[read:]))
    blocks: list[PageBlock] = []
    for tag, text in texts:
        if len(text) > MAX_BLOCK_CHARS or (tag == "pre" and "\t" in text):
            # A parser reads `\r\n` as one character, and a reference as its own; a listing's tab is stored as up to
            # eight spaces (_Walk.expand_tabs): the walk measures what it stores.
            return None
        if "&" in text:
            text = unescape(text)
        if text := clean_lines(text) if tag == "pre" else clean_line(text):  # as the walk reads a listing (_Walk.take_lines)
            if len(text) > MAX_BLOCK_CHARS:
                return None  # grown past a block as it was normalised (NFC): the walk cuts it as it will be stored
            check_blocks(blocks)
            text = as_written(text)
            blocks.append(PageBlock(QUOTE_MARK + text if tag == "blockquote" else text, tag))
    return blocks


# Markup that the end of a document cuts short, which an HTML parser reads as text: `<` and `</`
# as they are, a character reference without its `;` as whatever its digits so far make
# (`&#82` of `&#8217;` is `R`). A tag cut later than its `<` is dropped by the parser itself.
_CUT_MARKUP = re.compile(r"</?\Z|&(?:#[xX][0-9a-fA-F]*|#[0-9]*|[A-Za-z0-9]*)\Z")


def _before_cut_markup(html: str) -> str:
    """A page saved or fetched only in part ends where its last whole markup ends, not in text made of a cut tag or reference."""
    tag = html.rfind("<")
    start = max(tag, html.rfind("&", tag + 1))  # a reference at the end holds no `<`: it starts after the last one
    return html[:start] if start >= 0 and _CUT_MARKUP.match(html, start) else html


def html_blocks(html: str, url: str | None = None) -> PageBlocks:
    """The blocks of an HTML page. PageTooComplex, before parsing, for a page beyond the bounds of one."""
    check_markup(html)
    tree = LexborHTMLParser(_before_cut_markup(html))
    ld = _json_ld(tree)
    page_url = web_url(url)
    canonical = web_url(_meta(tree, 'link[rel="canonical"]', 'meta[property="og:url"]') or _text(ld.get("url")), page_url or ZEELANDNET)
    base_url = canonical or page_url or ZEELANDNET
    title = _text(_meta(tree, 'meta[property="og:title"]', 'meta[name="twitter:title"]')) or _text(ld.get("headline"))
    published = parse_datetime(
        _meta(tree, 'meta[property="article:published_time"]', 'meta[itemprop="datePublished"]', 'meta[name="date"]')
    ) or parse_datetime(ld.get("datePublished") if isinstance(ld.get("datePublished"), str) else None)
    section = _text(_meta(tree, 'meta[property="article:section"]')) or _text(ld.get("articleSection"))
    feeds = [
        feed
        for node in tree.css('link[rel="alternate"]')
        if (node.attributes.get("type") or "").lower() in ("application/rss+xml", "application/atom+xml")
        and (feed := web_url(node.attributes.get("href"), base_url))
    ]
    body = tree.body
    blocks = _Walk(base_url).run(body) if body is not None else []
    return PageBlocks(
        blocks=blocks,
        url=canonical or page_url,
        title=title,
        published=published,
        section=section,
        is_html=True,
        feeds=feeds,
    )
