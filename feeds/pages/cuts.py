"""Where a text too long for a block (MAX_BLOCK_CHARS) is cut, or a name too long for its bound shortened: at a
sentence's end or a space, outside a link's words, never inside a character as a reader sees it.

HTML pages and feeds (html.py), text renderings (blocks.py) and the stories' titles, sections and authors
(stories.py, syndication.py) cut here, alike.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right

from feeds.pages.bounds import MAX_BLOCK_CHARS

CLOSING = "\"'”’»)]"  # what may close a sentence after its full stop (`"We gaan door."`, `(tot vrijdag.)`)
# Where a paragraph or line too long for a block (MAX_BLOCK_CHARS) with no cell, image or line to cut it at is cut
# (cut_places), the text read backwards: after a sentence's end, else after a space, the white space after either with
# the block before it (the next starts with a word, a listing's line without an indentation it never had). A sentence's
# end only where it leaves the block before at least half as long as a block may be: else a space near the end of one
# cuts fewer blocks. A sentence's end read backwards: the white space from its end (possessive, and tried only there: a
# run of 50,000 spaces is looked through once, not once from each of them), what closes the sentence, its stop.
_SENTENCE_END = re.compile(rf"(?<!\s)\s++[{re.escape(CLOSING)}]*+[.!?…]")
_SPACE = re.compile(r"\s")
_JOINERS = frozenset("\u200c\u200d")  # a character joined to the one before or after it, as a combining mark is to its letter
_REGIONAL = "".join(map(chr, range(0x1F1E6, 0x1F200)))  # a flag is two of them: which two, only counting from a run's start tells
# The spaces after a cut, which go with it: the next block started with them, a listing's line with an indentation it never had.
_SPACES_AFTER = re.compile(r"[^\S\n\r]*+")
_WHITE = re.compile(r"\s*+")


def cut_places(raw: str, start: int, end: int, linked: list[tuple[int, int]], most: int = MAX_BLOCK_CHARS) -> list[tuple[int, int]]:
    """Where `raw[start:end]`, a stretch of a block with no other place to cut it at, is cut into pieces of at most
    `most` characters (MAX_BLOCK_CHARS): each as late as fits after a sentence's end (_SENTENCE_END), else after a space, outside the
    words of the links `linked` (their (start, end), in order), which keep their place; else where a link starts,
    else after a space in one; else (a word longer than a block) anywhere but inside a character (_joined). Each cut
    is (where the piece before it ends, where the next starts): the spaces after it go (_SPACES_AFTER). Each piece
    is looked through from its end back, once for each kind of place: linear in the stretch, and in no more memory
    than a piece (a list of every space of 8 MB of hostile text took 200 MB)."""
    starts = [link_start for link_start, _link_end in linked]
    places: list[tuple[int, int]] = []
    place = start
    while end - place > most:
        limit = place + most
        backwards = raw[place:limit][::-1]  # the character at index i is the one before `limit - i`
        at = bisect_right(starts, limit) - 1
        cut = (
            _last(raw, place, backwards, _SENTENCE_END, most // 2, limit, linked, starts)
            or _last(raw, place, backwards, _SPACE, most, limit, linked, starts)
            or (starts[at] if at >= 0 and starts[at] > place and _whole(raw, place, starts[at]) else None)
            or _last(raw, place, backwards, _SPACE, most, limit, [], [])
            or _joined(raw, place, limit)
        )
        place = _after_spaces(raw, cut, end)
        places.append((cut, place))
    return places


def pieces(line: str) -> list[str]:
    """A cleaned `line` (a text rendering's) too long for a block as the blocks it is cut into (cut_places), as HTML
    cuts a paragraph: a law pasted as one line of 120,000 characters left its story out."""
    cuts = cut_places(line, 0, len(line), [])
    starts = [0, *(after for _cut, after in cuts)]
    ends = [*(cut for cut, _after in cuts), len(line)]
    return [line[start:end].strip() for start, end in zip(starts, ends, strict=True)]


def shortened(name: str, most: int = MAX_BLOCK_CHARS) -> str:
    """A title, section or author longer than `most` characters cut at a word (cut_places), `…` after it: over the
    bound, the story was left out (counted by `import` as such), where a reader wants it with its title cut. Only the
    first cut is looked for, in twice the bound: the cuts of all of a title of 3 MB took seconds."""
    if len(name) <= most:
        return name
    cut, _after = cut_places(name, 0, min(len(name), 2 * most), [], most - 1)[0]
    return name[:cut].rstrip().rstrip(",;:-–") + "…"


def _after_spaces(raw: str, cut: int, end: int) -> int:
    """Where the piece after a `cut` starts: after the spaces there (_SPACES_AFTER), but for one that a mark of it needs."""
    after = _SPACES_AFTER.match(raw, cut, end)
    return cut if after is None or not _whole(raw, cut, after.end()) else after.end()


def _last(
    raw: str, piece: int, backwards: str, pattern: re.Pattern[str], reach: int, limit: int, linked: list[tuple[int, int]], starts: list[int]
) -> int | None:
    """The last place before `limit` that `pattern` finds in the text before it read `backwards` (that of `raw` from
    `piece` on), no further back than `reach` characters, outside the words of the links `linked` (their (start, end),
    in order, and their `starts`), and inside no character as a reader sees it (_whole)."""
    searched = 0
    while (match := pattern.search(backwards, searched, reach)) is not None:
        place = limit - match.start()
        at = bisect_left(starts, place) - 1  # the last link that starts before it
        if at >= 0 and linked[at][1] > place:
            searched = limit - starts[at]  # on from that link's start
        elif not _whole(raw, piece, place):
            searched = match.start() + 1
        elif _bares_a_mark(raw, place):
            searched = match.start() + max(_white_run(backwards, match.start()), 1)  # on before that white space
        else:
            return place
    return None


def _joined(raw: str, place: int, limit: int) -> int:
    """Where a word from `place` on longer than a block is cut, at `limit` or before: inside no character as a reader
    sees it (_whole); at `limit` where the word is nothing else."""
    at = limit
    while at > place + 1 and (not _whole(raw, place, at) or _bares_a_mark(raw, at)):
        at -= 1
        while at > place + 1 and raw[at].isspace() and raw[at - 1].isspace():
            at -= 1  # white space that a mark after it belongs to, passed at once: from no place in it may a piece start
    return at if at > place + 1 else limit


def _bares_a_mark(raw: str, place: int) -> bool:
    """Whether the piece from `place` on starts with white space that a mark after it belongs to (` ́`): stripped, as
    a block's text is, the piece started with the mark, torn from its space."""
    return raw[place : place + 1].isspace() and not _whole(raw, place, place + _white_run(raw, place))


def _white_run(text: str, at: int) -> int:
    """How long the white space in `text` from `at` on is."""
    run = _WHITE.match(text, at)
    return run.end() - at if run else 0


def _whole(raw: str, piece: int, at: int) -> bool:
    """Whether a cut at `at` leaves whole each character as a reader sees it (a grapheme cluster), by the characters
    around it: not before a combining mark, a joiner (_JOINERS), an emoji's skin tone or a tag, nor after a joiner;
    not inside CR LF, a Hangul syllable written in its letters, or a flag's pair of regional indicators, counted from
    `piece` (a place that is no cut inside one). Cut otherwise, a flag after the cut paired wrongly (🇱🇳)."""
    if at <= piece or at >= len(raw):
        return True
    before, after = raw[at - 1], raw[at]
    if unicodedata.category(after)[0] == "M" or after in _JOINERS or before in _JOINERS or before + after == "\r\n":
        return False
    if "\U0001f3fb" <= after <= "\U0001f3ff" or "\U000e0020" <= after <= "\U000e007f":
        return False
    if after in _REGIONAL and before in _REGIONAL:
        run = raw[piece:at]
        return (len(run) - len(run.rstrip(_REGIONAL))) % 2 == 0
    return (_hangul(before), _hangul(after)) not in _HANGUL_JOINED


def _hangul(character: str) -> str:
    """A Hangul letter's or syllable's kind: a leading consonant (L), a vowel (V), a trailing consonant (T), a syllable
    with no trailing one (LV) or with one (LVT); "" for any other character."""
    code = ord(character)
    if 0x1100 <= code <= 0x115F or 0xA960 <= code <= 0xA97C:
        return "L"
    if 0x1160 <= code <= 0x11A7 or 0xD7B0 <= code <= 0xD7C6:
        return "V"
    if 0x11A8 <= code <= 0x11FF or 0xD7CB <= code <= 0xD7FB:
        return "T"
    if 0xAC00 <= code <= 0xD7A3:
        return "LV" if (code - 0xAC00) % 28 == 0 else "LVT"
    return ""


# The Hangul kinds (_hangul) that make one syllable, the one before and the one after.
_HANGUL_JOINED = frozenset({("L", "L"), ("L", "V"), ("L", "LV"), ("L", "LVT"), ("LV", "V"), ("V", "V"), ("LV", "T"), ("V", "T"), ("LVT", "T"), ("T", "T")})
