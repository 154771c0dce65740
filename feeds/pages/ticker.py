"""The portal's `Net binnen` ticker: its newest headlines, one a line, newest first.

A text rendering shows a line as `- Binnenland 11:52 Kabinet valt`: a bullet,
the section as printed (a national section or a municipality), the time of
day and the title. HTML splits the same line into blocks (the section, a
`<time>` element, the title, all in one link), which are joined here first.
A line without its title is where the page was cut off, and is dropped; a stray
block among the lines is dropped too, unless it is a line without its bullet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from feeds.model import AMSTERDAM
from feeds.pages.blocks import PageBlock

_HEADING = re.compile(r"^net binnen:?$", re.IGNORECASE)
_BULLET = re.compile(r"^[-–•*](?:\s|$)")
_CLOCK = r"(?P<hour>[01]?\d|2[0-3])[:.](?P<minute>[0-5]\d)"
_CLOCK_ONLY = re.compile(rf"^{_CLOCK}$")
# The section: up to four capitalised words (`Show & Media`, `Noord-Beveland`), never a lone dash.
_SECTION = r"[A-Z\u00c0-\u00de][\w'’&-]*(?:\s(?:&|[\w'’][\w'’-]*)){0,3}"
_SECTION_ONLY = re.compile(rf"^{_SECTION}$")
_LINE = re.compile(rf"^(?:[-–•*]\s+)?(?P<section>{_SECTION})\s+{_CLOCK}\s+(?P<title>\S.*)$")


@dataclass(frozen=True, slots=True)
class TickerLine:
    section: str
    title: str
    clock: time  # the time of day the line shows
    href: str | None = None  # HTML: the link of the line
    moment: datetime | None = None  # HTML: its <time datetime="..."> value


@dataclass(slots=True)
class Ticker:
    lines: list[TickerLine]  # the complete lines, in page order
    before: list[PageBlock]  # the page above the ticker
    after: list[PageBlock]  # the page below it


def _blocks_of_line(blocks: list[PageBlock], at: int, html: bool) -> int:
    """How many blocks from `at` make one ticker line; 0 when the ticker has ended. A stray block (a word of chrome, a
    line without its bullet) with a whole line after it is one of the ticker's, read as a line if it is one: it ended
    the ticker, whose lines below it were read as the page's items, most of them none, and the page lost its items."""
    taken = _blocks_of_whole_line(blocks, at, html)
    if taken or at + 1 >= len(blocks):
        return taken
    after = _blocks_of_whole_line(blocks, at + 1, html)
    return 1 if after and _line(blocks[at + 1:at + 1 + after]) is not None else 0


def _blocks_of_whole_line(blocks: list[PageBlock], at: int, html: bool) -> int:
    """How many blocks from `at` make one ticker line as the site writes it; 0 when none starts there."""
    text = blocks[at].text
    if _BULLET.match(text) or (html and _LINE.match(text)):
        return 1
    if html and at + 1 == len(blocks) and not blocks[at].is_heading and _SECTION_ONLY.match(text):
        return 1  # the page ends after a line's section
    if not html or at + 1 >= len(blocks) or not _CLOCK_ONLY.match(blocks[at + 1].text):
        return 0
    # Section and time; the title follows unless the page ends or the next line's time does.
    if at + 2 >= len(blocks) or (at + 3 < len(blocks) and _CLOCK_ONLY.match(blocks[at + 3].text)):
        return 2
    return 3


def _line(blocks: list[PageBlock]) -> TickerLine | None:
    match = _LINE.match(" ".join(b.text for b in blocks))
    if not match:
        return None
    return TickerLine(
        section=match["section"],
        title=match["title"],
        clock=time(int(match["hour"]), int(match["minute"])),
        href=next((b.href for b in blocks if b.href), None),
        moment=next((b.time for b in blocks if b.time), None),
    )


def find_ticker(blocks: list[PageBlock], html: bool) -> Ticker | None:
    """The ticker under the page's `Net binnen` heading, or None when the page has no such heading."""
    start = next((i for i, b in enumerate(blocks) if _HEADING.match(b.text)), None)
    if start is None:
        return None
    lines: list[TickerLine] = []
    end = start + 1
    while end < len(blocks) and (taken := _blocks_of_line(blocks, end, html)):
        line = _line(blocks[end:end + taken])
        if line is not None:
            lines.append(line)
        end += taken
    return Ticker(lines, before=blocks[:start], after=blocks[end:])


def published_at(clock: time, captured: datetime) -> datetime:
    """A ticker time on the capture day; a time later than the capture is of the day before."""
    captured = captured.astimezone(AMSTERDAM)
    moment = datetime.combine(captured.date(), clock, AMSTERDAM)
    if moment > captured:
        moment = datetime.combine(captured.date() - timedelta(days=1), clock, AMSTERDAM)
    return moment
