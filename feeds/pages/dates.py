"""The moment a feed dates an entry, read the same whichever parser reads the feed.

fastfeedparser and feedparser each read dates their own way, and differed: CET
without seconds, MET and MEST were UTC to the one, `GMT+1` or `+01:00` nothing or
UTC to one of them, month 13 was January to feedparser and no date to the other.
A story then moved an hour or two, or a year, with the parser its feed went to.
So the engine reads the two forms feeds use, RFC 822 and ISO 8601, itself, for
both parsers; a date in neither form is left to fastfeedparser's own guess, for
both parsers too (feeds/pages/syndication.py).
(fastfeedparser's native core still reads the plainest dates, such as
`Wed, 02 Dec 2026 14:05:00 +0100`, before the engine sees them: the rules below
agree with it there, and tests/test_feed_dates.py holds them to that.)

The rules, where the standards leave room:
- A date without a zone is UTC. Feeds are written by servers, whose clocks and
  formatters mostly run in UTC and forget to say so; a feed from abroad read in
  Amsterdam time would be an hour or two off, and the machine's own zone says
  nothing about the site's. Both parsers read most such dates as UTC already.
- A zone name not known, and military letters other than Z, are UTC too, as
  RFC 5322 §4.3 says (RFC 822 got the letters' signs backwards, so none can be
  trusted). `GMT+1` is an hour east of Greenwich, as people write it (not POSIX).
- Two-digit years are 1950-2049 and three-digit ones 1900 on (RFC 5322 §4.3).
- A weekday, right or wrong, in English or Dutch, is ignored: the date says which day.
- Hour 24:00:00 is midnight at the end of the day (ISO 8601); second 60, a leap
  second, is the second before it. Any other date or time that does not exist
  (month 13, day 32, 29 February 2026, year 99999, offset +2500) is no date at all:
  not next January or 1 March, as feedparser made of some.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from enum import Enum
from functools import lru_cache
from typing import Final, Literal


class Form(Enum):
    UNKNOWN = "unknown"  # neither RFC 822 nor ISO 8601: for the parser to guess at


UNKNOWN_FORM: Final = Form.UNKNOWN

# Zones by name, in minutes east of UTC: RFC 822's, Europe's (Dutch feeds write CET, CEST and the
# older MET, MEST), and those fastfeedparser knew, that a feed read by either parser keeps its time.
_ZONES: Final = {
    "ut": 0, "utc": 0, "gmt": 0, "z": 0,
    "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420, "mdt": -360, "pst": -480, "pdt": -420,
    "akst": -540, "akdt": -480, "hst": -600, "hast": -600, "hadt": -540,
    "wet": 0, "west": 60, "bst": 60, "cet": 60, "cest": 120, "met": 60, "mest": 120, "eet": 120, "eest": 180, "msk": 180,
    "ist": 330, "sgt": 480, "awst": 480, "jst": 540, "kst": 540, "acst": 570, "acdt": 630, "aest": 600, "aedt": 660, "nzst": 720, "nzdt": 780,
}  # fmt: skip
_GREENWICH: Final = frozenset(("ut", "utc", "gmt", "z"))

_MONTHS: Final = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january", "januari"),
            ("feb", "february", "februari"),
            ("mar", "march", "mrt", "maart"),
            ("apr", "april"),
            ("may", "mei"),
            ("jun", "june", "juni"),
            ("jul", "july", "juli"),
            ("aug", "august", "augustus"),
            ("sep", "sept", "september"),
            ("oct", "october", "okt", "oktober"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}

# A zone name, an offset, or a name of Greenwich with an offset (`GMT+1`): the three are told apart in _offset.
_ZONE = r"\s*(?P<name>[A-Za-z]{1,5})?(?:(?P<sign>[+-])(?P<hours>\d\d?)(?::?(?P<minutes>\d\d))?)?"
_FRACTION = r"(?:[.,](?P<fraction>\d+))?"
_CLOCK = r"(?P<hour>\d\d?):(?P<minute>\d\d?)(?::(?P<second>\d\d?)" + _FRACTION + ")?" + _ZONE
_RFC822 = re.compile(
    r"(?:[A-Za-z]+\.?\s*,?\s*)?(?P<day>\d\d?)[\s-]+(?P<month>[A-Za-z]+)\.?[\s-]+(?P<year>\d+)\s+" + _CLOCK + r"(?:\s*\([^()]*\))?",  # (a comment, in mail)
)
# ISO 8601 with its separators (a digit of month, day or time may be missing: no moment then, or the one it means),
# and without (`20261202T140500Z`), which needs every digit to be read at all.
_ISO8601 = re.compile(r"(?P<year>\d+)-(?P<month>\d\d?)-(?P<day>\d\d?)(?:(?:[Tt]|\s+)" + _CLOCK + ")?")
_ISO8601_BASIC = re.compile(
    r"(?P<year>\d{4})(?P<month>\d\d)(?P<day>\d\d)(?:[Tt](?P<hour>\d\d)(?P<minute>\d\d)(?:(?P<second>\d\d)" + _FRACTION + ")?" + _ZONE + ")?"
)


def feed_date(text: str) -> datetime | None | Literal[Form.UNKNOWN]:
    """The moment a feed's date names, in UTC; None if it names none; UNKNOWN_FORM if it is no RFC 822 or ISO 8601 date."""
    return _read(text.strip())


@lru_cache(maxsize=8192)  # a feed dates its entries alike, and a library's feeds are read again and again
def _read(text: str) -> datetime | None | Literal[Form.UNKNOWN]:
    if len(text) > 64:  # longer is no date of either form; the regexes need not look
        return UNKNOWN_FORM
    match = _ISO8601.fullmatch(text) or _ISO8601_BASIC.fullmatch(text) or _RFC822.fullmatch(text)
    if match is None:
        return UNKNOWN_FORM
    month = int(match["month"]) if match["month"].isdigit() else _MONTHS.get(match["month"].lower())
    if month is None:
        return UNKNOWN_FORM
    offset = _offset(match)
    if offset is None or len(match["year"]) == 1 or (len(match["year"]) < 4 and match["month"].isdigit()):
        return None  # a year of one digit is none, and ISO 8601 writes all four
    try:
        moment = datetime(_year(match["year"]), month, int(match["day"]), tzinfo=timezone(timedelta(minutes=offset)))
        hour, minute, second = int(match["hour"] or 0), int(match["minute"] or 0), int(match["second"] or 0)
        if hour == 24 and minute == second == 0:
            hour, moment = 0, moment + timedelta(days=1)
        moment = moment.replace(hour=hour, minute=minute, second=min(second, 59), microsecond=int((match["fraction"] or "0")[:6].ljust(6, "0")))
        return moment.astimezone(timezone.utc)
    except (ValueError, OverflowError):
        return None


def _year(digits: str) -> int:
    year = int(digits)
    if len(digits) == 2:
        return year + (2000 if year < 50 else 1900)
    return year + 1900 if len(digits) == 3 else year


def _offset(match: re.Match[str]) -> int | None:
    """The zone's offset in minutes; UTC when it has none or one not known; None when it is no offset."""
    name = (match["name"] or "").lower()
    if match["sign"] is None:
        return _ZONES.get(name, 0)
    if name and name not in _GREENWICH:
        return None
    # Minutes past 59 count as written (+0190 is 2½ hours east): fastfeedparser's native core reads them so,
    # before the engine sees the date. An offset of a day or more is none.
    offset = int(match["hours"]) * 60 + int(match["minutes"] or 0)
    return (-offset if match["sign"] == "-" else offset) if offset < 24 * 60 else None
