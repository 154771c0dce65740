"""Blocks: a page reduced to its visible lines, in order, whatever form it came in.

Text renderings and HTML pages both become `PageBlocks`; `articles.py` reads
articles out of them without knowing which form the page had. HTML adds hints
(the tag a line came from, the link it sits in, machine-readable dates) that
make the reading surer, but it never depends on them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from feeds.clean import clean_text
from feeds.model import as_written
from feeds.pages.bounds import MAX_BLOCK_CHARS, check_blocks, check_lines
from feeds.pages.cuts import pieces

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


class PageBlock(NamedTuple):  # a tuple: pages make tens of thousands of these, quickly
    text: str
    tag: str | None = None  # the HTML element the text came from; None in text renderings
    href: str | None = None  # the link the text sits in, resolved to an absolute URL
    time: datetime | None = None  # an HTML <time datetime="..."> value
    strong: bool = False  # HTML: the whole block is bold (<p><strong>Kop</strong></p>)
    continued: bool = False  # a piece of a text too long for one block (cuts.py), after its first: a teaser is its first

    @property
    def is_heading(self) -> bool:
        return self.tag in HEADINGS or self.strong


@dataclass(slots=True)
class PageBlocks:
    blocks: list[PageBlock]
    # What an HTML page says about itself; all None for text renderings.
    url: str | None = None
    title: str | None = None
    published: datetime | None = None
    section: str | None = None
    is_html: bool = False
    feeds: list[str] = field(default_factory=list)  # advertised RSS/Atom feeds


def text_blocks(text: str) -> PageBlocks:
    """A text rendering: every non-empty line is a block, as written (as_written), one too long for a block cut into several
    (pieces). PageTooComplex beyond the bounds of a page."""
    check_lines(text)
    # Cut after the clean: normalised, a line may grow (NFC writes some characters as three), and a block must fit as stored.
    lines = [
        (piece, number > 0)
        for line in clean_text(text).split("\n") if (stripped := line.strip())
        for number, piece in enumerate(pieces(stripped) if len(stripped) > MAX_BLOCK_CHARS else [stripped])
    ]  # fmt: skip
    check_blocks(lines)
    return PageBlocks(blocks=[PageBlock(as_written(line), continued=continued) for line, continued in lines])
