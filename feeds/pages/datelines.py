"""Datelines: the `MOSKOU (ANP/RTR) - ` that opens a wire story's first paragraph."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from feeds.model import QUOTE_MARK
from feeds.pages.gazetteer import gazetteer, glue_points

# Rubrics the site prints in capitals right before the place, with no space:
# `EREDIVISIEALKMAAR (ANP) - ` is rubric EREDIVISIE, place ALKMAAR. The
# gazetteer splits rubrics never seen (`HONKBALHAARLEM`); this list adds the
# places the gazetteer lacks (`WIELRENNENBLOCKHAUS`) and vouches for splits
# the gazetteer alone would doubt (`EREDIVISIEBERGEN`). Two-letter rubrics
# (WK, EK) are left to the gazetteer: glued to a place it lacks they read as
# the start of a name (EKEREN).
RUBRICS = (
    "KEUKEN KAMPIOEN DIVISIE",
    "CHAMPIONS LEAGUE",
    "CONFERENCE LEAGUE",
    "EUROPA LEAGUE",
    "NATIONS LEAGUE",
    "EERSTE DIVISIE",
    "EREDIVISIE",
    "KNVB-BEKER",
    "BEKER",
    "FORMULE 1",
    "WIELRENNEN",
    "SCHAATSEN",
    "VOETBAL",
    "TENNIS",
    "DARTS",
    "HOCKEY",
    "ATLETIEK",
    "ZWEMMEN",
    "VOLLEYBAL",
    "BASKETBAL",
    "HANDBAL",
    "KORFBAL",
    "GOLF",
    "MOTORSPORT",
    "OLYMPISCHE SPELEN",
    "PARALYMPISCHE SPELEN",
)

# Known agencies in the spelling the wire uses; others are kept as written.
_AGENCIES = {a.lower(): a for a in ("ANP", "AFP", "RTR", "DPA", "AP", "Belga", "Reuters", "EFE", "ANSA", "BNO", "Bloomberg", "KNA", "Novum", "Xinhua", "TASS")}

_DASH = r"[-\u2013\u2014]"
# The place: capitals (accented too), digits, spaces, and the punctuation of
# names such as 'S-HERTOGENBOSCH, GAZA-STAD, DEN HAAG/BRUSSEL, ST. LOUIS.
# Every part has a length limit, so that a paragraph shaped like an endless dateline
# (`MOSKOU (ANP/ANP/ANP/…`) costs a few steps, not a backtracking stack as long as itself.
_PLACE = r"[A-Z0-9À-ÖØ-Þ'’][A-Z0-9À-ÖØ-Þ'’./\- ]{0,59}?"
_AGENCY = r"[A-Za-z][A-Za-z.]{0,19}"
_AGENCY_LIST = rf"{_AGENCY}(?:\s{{0,3}}/\s{{0,3}}{_AGENCY}){{0,7}}"
_DATELINE = re.compile(rf"(?P<place>{_PLACE})\s{{0,3}}(?:\((?P<agencies>{_AGENCY_LIST})\)\s{{0,3}})?{_DASH}\s+(?=\S)")
# A dateline is short: looking further than this into a paragraph only costs time.
_HEAD = 200
_NOT_LETTERS = re.compile(r"[\W\d_]+")
# The marks of the quotations a paragraph stands in (QUOTE_MARK): a lead quoted whole (a ZeelandNet page's, a feed
# entry's <blockquote>) has its dateline after them, and keeps them without it.
_QUOTED = re.compile(f"(?:{re.escape(QUOTE_MARK)})*+")


@dataclass(frozen=True, slots=True)
class Dateline:
    place: str | None
    agencies: tuple[str, ...]
    rubric: str | None
    text: str  # the paragraph without its dateline


def _canonical_agency(name: str) -> str:
    return _AGENCIES.get(name.lower(), name)


@lru_cache(maxsize=4096)  # places repeat from story to story
def _split_rubric(place: str) -> tuple[str | None, str]:
    """`KORFBALAMSTERDAM` → (KORFBAL, AMSTERDAM); the whole word when no split is sure.

    A split is sure when what follows the rubric is a known place and neither
    part is how place names are compounded: OOST|KAPELLE and MOLEN|BEEK are
    one place each, not a rubric and a place, unless the rubric is a known one.
    Only the first of several places (`KORFBALDEN HAAG/BRUSSEL`) can carry a rubric.
    """
    first, slash, others = place.partition("/")
    places = gazetteer()
    if places.is_place(first):
        return None, place
    for at in glue_points(first):
        rubric, rest = first[:at], first[at:]
        if not rubric[0].isalpha() or sum(c.isalpha() for c in rubric) < 2 or not places.is_place(rest):
            continue
        if rubric in RUBRICS or not (places.begins_a_place(rubric) or places.ends_a_place(rest)):
            return rubric, rest + slash + others
    for rubric in RUBRICS:
        if place.startswith(rubric) and len(place) > len(rubric):
            rest = place[len(rubric):].lstrip(" :")
            if rest[:1].isalpha():
                return rubric, rest
    return None, place


@lru_cache(maxsize=4096)  # a page asks about the same blocks several times while it is read
def parse_dateline(paragraph: str) -> Dateline | None:
    """The dateline of a paragraph, or None when it does not start with one.

    A place without agency (`GOES - `) counts only when it is written in capitals
    and is at least three letters long, so that `FC Utrecht - AZ` or `AZ - Ajax`
    in prose are not mistaken for one.
    """
    marks = _marks(paragraph)
    match = _DATELINE.match(paragraph, marks, marks + _HEAD)
    if not match:
        return None
    place = match["place"].strip()
    letters = len(_NOT_LETTERS.sub("", place))
    if not letters or place != place.upper():  # a place is written in capitals
        return None
    agencies = match["agencies"]
    if agencies is None and letters < 3:
        return None
    if len(place) > 60:
        return None
    rubric, place = _split_rubric(place)
    names = tuple(_canonical_agency(a.strip()) for a in agencies.split("/")) if agencies else ()
    return Dateline(place=place, agencies=names, rubric=rubric, text=paragraph[:marks] + paragraph[match.end():].strip())


def _marks(paragraph: str) -> int:
    """How many characters of quotation marks (_QUOTED) a paragraph starts with."""
    if not paragraph.startswith(QUOTE_MARK):  # (most: no pattern tried for each lead an export writes, nor each read)
        return 0
    found = _QUOTED.match(paragraph)
    return found.end() if found else 0


def with_dateline(lead: str, place: str | None, agencies: Sequence[str], rubric: str | None) -> str:
    """A `lead` with its dateline (written_dateline) where parse_dateline reads it: after the marks of the quotations
    the lead stands in. Before them, an export wrote `GOES - > De gemeente…`, which no reader reads as either."""
    marks = _marks(lead)
    return lead[:marks] + written_dateline(place, agencies, rubric) + lead[marks:]


def written_dateline(place: str | None, agencies: Sequence[str], rubric: str | None) -> str:
    """The dateline that parse_dateline reads as these, as the site prints it: `EREDIVISIEALKMAAR (ANP/AFP) - `,
    the rubric glued to the place; none without a place, which every dateline has.

    Where the glued form reads back otherwise (`EREDIVISIEEDE` is rubric EREDIVISI and place EEDE) the rubric is
    written apart from the place, which parse_dateline also reads; if that too reads back otherwise, the place alone.
    """
    if not place:
        return ""
    named = f" ({'/'.join(agencies)})" if agencies else ""
    if not rubric:
        return f"{place}{named} - "
    for head in (f"{rubric}{place}", f"{rubric} {place}"):
        read = parse_dateline(f"{head}{named} - .")
        if read is not None and (read.rubric, read.place) == (rubric, place):
            return f"{head}{named} - "
    return f"{place}{named} - "
