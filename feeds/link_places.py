"""Where a link's words stand in an article's text: for the reader's `[n]` after them, and for the export's
`<a>` around them. Pure text, no terminal or markup: each caller makes the texts and words as it shows them."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate

from feeds.model import LINE_BREAK, MAX_LINKS, MAX_MARKED_DEPTH, NOT_IN_TEXT, QUOTE_MARK, Link

# The class of the list an export writes the links that stand nowhere in the text in (feeds.out.export): text to
# any other feed reader, and links but no text to nieuws-tui (feeds.pages.html), which would else read it back as
# paragraphs of the story, once more at each round trip.
UNPLACED_LINKS = "nieuws-tui-links"
# The class of an item of that list whose words do stand in the text, where only another link's kept it out (its words
# inside that link's): read back, the reader looks for its words. The others stand nowhere in the text (NOT_IN_TEXT).
IN_THE_TEXT = "in-the-text"
# The attribute of a link the export writes in the text with its number, where the links before it in the export do
# not give it that number (one that stands before a link numbered before it): read back, each link keeps its number.
# Those of the list carry theirs as HTML's ordinal of an item (`<li value="n">`), which other readers show.
LINK_NUMBER = "data-nieuws-tui-link"

_WORD = re.compile(r"\w")


def _words_start(text: str, words: str, start: int = 0, before: int | None = None) -> int:
    """Where a link's words first stand in `text` from `start` (and before `before`, if given) where they end a word
    (`hier` not in `hierover`), or -1. By str.find, most often at once; a regex, whose making costs a millisecond for
    words of 500 characters, only past words that go on into a word. Where they start is not looked at: a pattern
    starting with a look-behind is tried at every character (a millisecond per 100 kB, per link)."""
    end = len(text) if before is None else before + len(words) - 1  # (an end to str.find holds all of the words)
    at = text.find(words, start, end)
    if at < 0 or not _WORD.match(words[-1]) or not _WORD.match(text, at + len(words)):
        return at
    # Up to `end` and the character after it, which tells whether words ending there end a word.
    found = re.compile(re.escape(words) + r"(?!\w)").search(text, at + 1, min(end + 1, len(text)))
    return found.start() if found and (before is None or found.start() < before) else -1


# A space of a link's words as the text may hold it where they do not stand there as they are (words_before): a run of
# a listing's spaces, a line's end, the end of a block (the texts are looked through joined by line ends), and the
# quotation marks after those (a written `> ` is stored otherwise: as_written).
_SPACES = f"(?: |[\n{LINE_BREAK}](?:{re.escape(QUOTE_MARK)})*)+"


def _words_span(text: str, words: str, start: int = 0, before: int | None = None) -> tuple[int, int, int]:
    """Where a link's words first stand in `text` (as _words_start looks for them) and end, or (-1, -1), with how many
    characters were looked through (_LOOKED_THROUGH_…); where they do not stand there as they are, with each space of
    them as the text may hold it (_SPACES): across two paragraphs (`<a>de<br><br>kaart</a>`), the export lists a link
    after the text, and read back its words were found nowhere. A pattern made of the words only then: it starts with
    their first word, which the regex looks for as str.find does."""
    at = _words_start(text, words, start, before)
    looked = (len(text) if before is None else before) - start if at < 0 else at + len(words) - start
    split = [word for word in words.split(" ") if word]  # (a run of spaces one: no pattern that backtracks)
    # Each word looked for first, at C speed: the pattern goes through a text of its first word's thousands for each
    # link (0.02 -> 0.9 s for 200 links in 9 MB), where its last is nowhere.
    if at >= 0 or len(split) < 2 or not all(word in text for word in reversed(split)):
        return at, at + len(words), looked
    pattern = _SPACES.join(map(re.escape, split)) + (r"(?!\w)" if _WORD.match(words[-1]) else "")
    found = re.compile(pattern).search(text, start)
    looked += (found.end() if found else len(text)) - start
    return (*found.span(), looked) if found and (before is None or found.start() < before) else (-1, -1, looked)


# The characters link_marks may look through for an article's links, in all: twice its text, and enough for
# each link of a long article (50 kB) to be looked for all through it, as one not found or out of order is. Words that
# stand only inside longer ones (`a` in `banaan`) are looked for by a regex over the whole text, and 200 links of such
# words in a feed item of 10 MB froze the app for 10 s; past the budget, the links left are listed but not marked.
_LOOKED_THROUGH_PER_CHARACTER = 2
_LOOKED_THROUGH_AT_LEAST = MAX_LINKS * 50_000


_LINE_ENDS = ("\n", LINE_BREAK)  # a listing's line end, and one its author broke (<br>)


def words_before(text: str, words: str, end: int, block: int = 0) -> int:
    """Where a link's words start in `text`, standing there up to `end`, or -1: a space of them read as the walk writes
    a line's end there too (`<a>de<br>kaart</a>`: `de⏎kaart`), with the quotation marks each line of the text starts
    with (`> de⏎> kaart`), a listing's indentation of the next line and blank lines between (_line_start), or as a
    listing keeps a run of spaces or a tab (`de  kaart`, its link's words kept as one line: `de kaart`). A quoted link
    across a `<br>` was marked by the walk (Link.end), but drawn without its `[n]` and exported after the text; one of
    a listing's spaces was not marked at all. `text` may be blocks joined by line ends, `end` in the one starting at
    `block`, whose quotation marks are those looked for. Walked
    back from `end`, each character of the words and the text once: a pattern made of the words, tried at each place
    of a window, took a second at each draw for 200 long links, and words of `>` every way of reading each `> ` for ever."""
    at = end - len(words)
    if at >= 0 and text.startswith(words, at):
        return at
    if " " not in words or (LINE_BREAK not in text and "\n" not in text and "  " not in text):
        return -1
    mark = _marks(text, block)
    place = end
    spaces = (end, end)  # the run of spaces last gone back over (start, end): a run is gone back over once
    for char in reversed(words):
        if char == " ":
            if not spaces[0] < place <= spaces[1]:
                start = place
                while start and text[start - 1] == " ":
                    start -= 1
                spaces = (start, place)
            if (line := _line_start(text, spaces[0], place, mark)) >= 0:
                place = line
                continue
            if spaces[0] < place:  # (the run of spaces, at once: its first space for the words' one is no word's start)
                place = spaces[0]
                continue
        if not place or text[place - 1] != char:
            return -1
        place -= 1
    return place


def _marks(text: str, block: int) -> str:
    """The quotation marks the text of a block (starting at `block` in `text`) starts with, which the walk writes at the
    start of each of its lines: no more than it writes (MAX_MARKED_DEPTH), so a text of marks is not gone through for
    each link. A written `> ` at a line's start is stored otherwise (as_written), so none of its words are taken for one."""
    depth = 0
    while depth < MAX_MARKED_DEPTH and text.startswith(QUOTE_MARK, block + depth * len(QUOTE_MARK)):
        depth += 1
    return QUOTE_MARK * depth


def _line_start(text: str, spaces: int, place: int, mark: str) -> int:
    """Where the line's end before `place` is, where the text before it is one as the walk writes it (`spaces` the start
    of the spaces right before `place`): a line's end, `mark` and the spaces a listing's line is indented by; before it
    the blank lines (a line's end and `mark`, whose space a line of words has after it); -1 where it is none."""
    head = spaces + len(mark[-1:])  # (a mark ends in a space, gone back over with the indentation)
    if head > place or not text.startswith(mark, head - len(mark)):
        return -1
    line = head - len(mark) - 1
    if line < 0 or text[line] not in _LINE_ENDS:
        return -1
    while line > len(mark) and text[line - len(mark) - 1] in _LINE_ENDS and text.startswith(mark, line - len(mark)):
        line -= len(mark) + 1
    return line


def link_marks(texts: Sequence[str], links: Sequence[Link]) -> list[list[tuple[int, int]]]:
    """Where each link's words end in each of `texts` (as the caller shows them: the lead, "" where there is none,
    then the body's blocks; the links with their words as shown): (the place after them, n) for the n-th link, where
    the text had them (Link.end), else after their first occurrence, looked for after the place of the link before
    where they are there (a link's words, such as `hier`, may come more than once), else from the top; one without
    words (an image's without alt text) only where it stood (Link.end: none kept before, marked nowhere); a link whose
    words are not found, or that stood outside the text (NOT_IN_TEXT: in a dateline, a heading above the lead), is
    left out, and so are the links left to look for once the text has been looked through as
    often as its budget says (_LOOKED_THROUGH_…). Looked for in the texts joined by line ends, which no link's words
    hold (words that do, from a hand-edited library, are left out): one search per link, not per paragraph."""
    marks: list[list[tuple[int, int]]] = [[] for text in texts]
    if not links or not texts:
        return marks
    starts = list(accumulate((len(text) + 1 for text in texts[:-1]), initial=0))
    joined = ""  # made for the first link looked for by its words: most have their place (Link.end)
    budget = _LOOKED_THROUGH_PER_CHARACTER * (starts[-1] + len(texts[-1])) + _LOOKED_THROUGH_AT_LEAST
    # Each link's words that were not found from some place on, with the first such place: they are not found
    # after any later one either, and nowhere when it is 0. Links often repeat their words (`hier`, `meer`).
    missing_from: dict[str, int] = {}
    place = 0
    for number, link in enumerate(links, 1):
        end = link.end
        words = link.text
        if end == NOT_IN_TEXT or "\n" in words:
            continue
        # Where it was read, if its words stand there still: a text merged with another's, or cleaned since, may
        # have them elsewhere.
        if end is not None and 0 <= end[0] < len(texts) and 0 <= end[1] <= len(texts[end[0]]):
            # Its words may start in a block before (`<a>de<br><br>kaart</a>`): looked for there only where they do not stand in its own.
            if words_before(texts[end[0]], words, end[1]) >= 0 or (
                end[0] and " " in words and words_before(joined := joined or "\n".join(texts), words, starts[end[0]] + end[1], starts[end[0]]) >= 0
            ):
                marks[end[0]].append((end[1], number))
                place = starts[end[0]] + end[1]
                continue
        if not words or budget <= 0 or missing_from.get(words) == 0:
            continue
        joined = joined or "\n".join(texts)
        at = -1
        if missing_from.get(words, len(joined) + 1) > place:
            at, found, looked = _words_span(joined, words, place)
            budget -= looked
            if at >= 0:
                place = found
            else:
                missing_from[words] = place
        if at < 0:  # not after it: the text before it only
            at, found, looked = _words_span(joined, words, before=place)
            budget -= looked
            if at < 0:
                missing_from[words] = 0
                continue
        block = bisect_right(starts, found) - 1
        marks[block].append((found - starts[block], number))
    for text_marks in marks:
        text_marks.sort()
    return marks
