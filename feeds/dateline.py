"""Datelines: the `MOSKOU (ANP/RTR) - ` that opens a wire story's first paragraph."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Rubrics the site prints in capitals right before the place, with no space:
# `EREDIVISIEALKMAAR (ANP) - ` is rubric EREDIVISIE, place ALKMAAR.
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
    "WK",
    "EK",
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
_DATELINE = re.compile(
    rf"^(?P<place>{_PLACE})\s{{0,3}}(?:\((?P<agencies>{_AGENCY_LIST})\)\s{{0,3}})?{_DASH}\s+(?P<rest>\S.*)$",
    re.DOTALL,
)


@dataclass(frozen=True, slots=True)
class Dateline:
    place: str | None
    agencies: tuple[str, ...]
    rubric: str | None
    text: str  # the paragraph without its dateline


def _canonical_agency(name: str) -> str:
    return _AGENCIES.get(name.lower(), name)


def _split_rubric(place: str) -> tuple[str | None, str]:
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
    match = _DATELINE.match(paragraph)
    if not match:
        return None
    place = match["place"].strip()
    letters = [c for c in place if c.isalpha()]
    if not letters or any(c.islower() for c in place):
        return None
    agencies = match["agencies"]
    if agencies is None and len(letters) < 3:
        return None
    if len(place) > 60:
        return None
    rubric, place = _split_rubric(place)
    names = tuple(_canonical_agency(a.strip()) for a in agencies.split("/")) if agencies else ()
    return Dateline(place=place, agencies=names, rubric=rubric, text=match["rest"].strip())
