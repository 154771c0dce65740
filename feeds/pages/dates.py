"""The moment a feed dates an entry, read the same whichever parser reads the feed.

fastfeedparser and feedparser each read dates their own way, and differed: CET
without seconds, MET and MEST were UTC to the one, `GMT+1` or `+01:00` nothing or
UTC to one of them, month 13 was January to feedparser and no date to the other.
A story then moved an hour or two, or a year, with the parser its feed went to.
So the engine reads the two forms feeds use, RFC 822 and ISO 8601, and a few
others that fastfeedparser guessed wrong, itself, for both parsers; a date in
none of them is left to fastfeedparser's own guess, for both parsers too
(feeds/pages/syndication.py), unless it names no day to guess from.
(fastfeedparser's native core still reads the plainest dates, such as
`Wed, 02 Dec 2026 14:05:00 +0100`, before the engine sees them: the rules below
agree with it there, and tests/test_feed_dates.py holds them to that.)

The rules, where the standards leave room:
- A date without a zone is UTC. Feeds are written by servers, whose clocks and
  formatters mostly run in UTC and forget to say so; a feed from abroad read in
  Amsterdam time would be an hour or two off, and the machine's own zone says
  nothing about the site's. Both parsers read most such dates as UTC already.
  But one in Dutch words (`maandag 30 november 2026 om 09.15 uur`) was written
  for Dutch readers by a Dutch formatter, on the clock of the Netherlands and
  Belgium: it is Amsterdam time.
- A zone name not known, and military letters other than Z, are UTC too, as
  RFC 5322 §4.3 says (RFC 822 got the letters' signs backwards, so none can be
  trusted). `GMT+1` is an hour east of Greenwich, as people write it (not POSIX).
- CST is RFC 822's, America's Central time, as feedparser and newsboat read it,
  except in the form of Java's Date.toString (`Wed Dec 02 14:05:00 CST 2026`):
  a server in China writes China's CST so, 14 hours later, and the date is none.
  IST is India's time, as fastfeedparser's native core reads it in RFC 822 before
  the engine sees it (Ireland's summer time and Israel's share the name; feeds
  in RSS that write it are mostly India's; feedparser made UTC of it, newsboat
  the moment it fetched the story).
- A date in numbers only is read only when one order of day, month and year makes
  a day of it: `25/12/2026` and `12/25/2026` are 25 December, `12/02/2026` is no
  date (2 December in America, 12 February here; fastfeedparser took the first,
  newsboat made 1 January 2012 of it), nor is `26-12-02` (2 December 2026 to
  feedparser and newsboat, 26 December 2002 to fastfeedparser). Written with `-`
  or `.` and the year in four digits last, it is day first, as Dutch sites write it.
- An ordinal day (`2nd December 2026`) is that day, an ISO week date
  (`2026-W49-3`) the day it names (newsboat: 1 January 2002, and 2026).
- Two-digit years are 1950-2049 and three-digit ones 1900 on (RFC 5322 §4.3).
- A weekday, right or wrong, in English or Dutch, is ignored: the date says which day.
- Hour 24:00:00 is midnight at the end of the day (ISO 8601); second 60, a leap
  second, is the second before it. Any other date or time that does not exist
  (month 13, day 32, 29 February 2026, year 99999, offset +2500) is no date at all:
  not next January or 1 March, as feedparser made of some. Nor is a year before the
  common era (`-5000-01-01`, `01 Jan -5000`): read without its sign, it was one far ahead.
  A year far ahead given as such (`5000-01-01`) is a date, as one a day ahead is: the
  list puts its story when it was first seen (feeds.model.Entry.sort_time).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from enum import Enum
from functools import lru_cache
from typing import Final, Literal

from feeds.model import AMSTERDAM


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
# A minus before a year: ISO 8601's expanded years write one before the common era, which no story is dated in.
# (fastfeedparser's own reader dropped it: `-5000-01-01` was a date thousands of years ahead.)
_ERA = r"(?P<era>-)"
_CLOCK = r"(?P<hour>\d\d?)[:.](?P<minute>\d\d?)(?::(?P<second>\d\d?)" + _FRACTION + r")?(?:\s*(?P<half>[AaPp])\.?[Mm]\.?)?" + _ZONE
# Its time may be left out, and Dutch sites write it after a comma or a dash, with `om` before it, a dot in it
# and `uur` after it (`maandag 30 november 2026 - 09.15 uur`; `uur` reads as a zone not known: UTC, as none).
_RFC822 = re.compile(
    r"(?:[A-Za-z]+\.?\s*,?\s*)?(?P<day>\d\d?)(?:st|nd|rd|th)?[\s-]+(?P<month>[A-Za-z]+)\.?(?:[\s-]+?" + _ERA + r"|[\s-]+)(?P<year>\d+)"
    r"(?:(?:\s*,\s*|\s+[-\u2013]\s+|\s+)(?:(?:om|at)\s+)?" + _CLOCK + ")?"
)
# ISO 8601 with its separators (a digit of month, day or time may be missing: no moment then, or the one it means;
# a year of two digits first is one of the dates in numbers below, whose order is not known), and without
# (`20261202T140500Z`, or `20261202140500` as databases write it), which needs every digit to be read at all.
_ISO8601 = re.compile(_ERA + r"?(?P<year>\d{3,})-(?P<month>\d\d?)-(?P<day>\d\d?)(?:(?:[Tt]|\s+)" + _CLOCK + ")?")
_ISO8601_BASIC = re.compile(
    _ERA + r"?(?P<year>\d{4})(?P<month>\d\d)(?P<day>\d\d)(?:[Tt]?(?P<hour>\d\d)(?P<minute>\d\d)(?:(?P<second>\d\d)" + _FRACTION + ")?" + _ZONE + ")?"
)
# ISO 8601's week date, with the day of the week (`2026-W49-3`, `2026W493`): without one it names no day.
_ISO_WEEK = re.compile(_ERA + r"?(?P<year>\d{4})-?[Ww](?P<week>\d\d)-?(?P<weekday>[1-7])(?:(?:[Tt]|\s+)" + _CLOCK + ")?")
# Forms of neither standard that feeds still use, whose parts fastfeedparser's own reader guesses wrong: a date day
# first as Dutch sites write it (`02-12-2026 14:05`, 12 February to it), `December 2, 2026 2:05 PM CET` (02:05 UTC
# to it), and Java's and C's `Wed Dec 02 14:05:00 CET 2026` (CET lost). And the dates in numbers whose order
# their writer's country decides (`12/02/2026`, `02.12.26`): read only when one order makes a day of them.
_DAY_FIRST = re.compile(r"(?P<day>\d\d?)(?P<separator>[.-])(?P<month>\d\d?)(?P=separator)" + _ERA + r"?(?P<year>\d{4})(?:(?:\s*,\s*|\s+)" + _CLOCK + ")?")
_NUMBERS = re.compile(
    r"(?P<first>\d\d?)(?P<separator>[/.-])(?P<middle>\d\d?)(?P=separator)(?P<last>\d\d(?:\d\d)?)(?:(?:\s*,\s*|\s+)" + _CLOCK + ")?"
)
_MONTH_FIRST = re.compile(
    r"(?:[A-Za-z]+\.?,?\s+)?(?P<month>[A-Za-z]+)\.?\s+(?P<day>\d\d?)(?:st|nd|rd|th)?,?\s+" + _ERA + r"?(?P<year>\d{4})(?:(?:\s*[,@-]\s*|\s+at\s+|\s+)" + _CLOCK + ")?"
)
_CTIME = re.compile(r"(?:[A-Za-z]+\s+)?(?P<month>[A-Za-z]+)\s+(?P<day>\d\d?)\s+" + _CLOCK + r"\s+" + _ERA + r"?(?P<year>\d{4})")
_FORMS = (_ISO8601, _ISO8601_BASIC, _ISO_WEEK, _RFC822, _DAY_FIRST, _NUMBERS, _MONTH_FIRST, _CTIME)
# What fastfeedparser's own reader may guess at: a year and another number, or a date in numbers. It reads `Wed,`,
# `14:05`, `December` or `2026` as a day near today, which the feed did not say.
# Words of a date only Dutch writes: months, weekdays (whole and short), `om` before the time and `uur` after it.
_DUTCH = re.compile(
    r"\b(?:januari|februari|maart|mrt|mei|juni|juli|augustus|okt|oktober|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag"
    r"|zondag|ma|di|wo|do|vr|za|zo|om|uur)\b",
    re.IGNORECASE,
)
_DATED = re.compile(r"\d{4}\D+\d|\d\D+\d{4}|\d+[/.-]\d+[/.-]\d+")
# ISO 8601's month of a year (`2026-12`) or week (`2026-W49`): no day, as `Dec 2026` names none (not today's day of it).
_MONTH_OF_A_YEAR = re.compile(r"\d{4}-(?:\d\d|[Ww]\d\d)")


def feed_date(text: str) -> datetime | None | Literal[Form.UNKNOWN]:
    """The moment a feed's date names, in UTC; None if it names none; UNKNOWN_FORM if it is in no form read here."""
    return _read(_without_comment(text.strip()))


_OPENING = {")": "(", "]": "["}


def _without_comment(text: str) -> str:
    """The date without the comment after it, which says nothing the date and its offset do not: the zone's name
    as mail writes it (`+0100 (CET)`), as JavaScript's Date does (`GMT+0100 (Central European Standard Time)`), or as
    Java's ZonedDateTime and RFC 9557 do (`2026-12-02T14:05+01:00[Europe/Amsterdam]`). Found without a regex,
    whose blanks before `(` would be tried from every blank of a hostile run of them."""
    opening = _OPENING.get(text[-1:])
    if opening is None or (start := text.rfind(opening)) < 0:
        return text
    return text[:start].rstrip()


@lru_cache(maxsize=8192)  # a feed dates its entries alike, and a library's feeds are read again and again
def _read(text: str) -> datetime | None | Literal[Form.UNKNOWN]:
    if len(text) > 64:  # longer is no date of these forms; the regexes need not look
        return UNKNOWN_FORM
    match = next(filter(None, (form.fullmatch(text) for form in _FORMS)), None)
    if match is None or (day := _day(match)) is UNKNOWN_FORM:
        return UNKNOWN_FORM if _DATED.search(text) and not _MONTH_OF_A_YEAR.fullmatch(text) else None
    offset = _offset(match)
    if offset is None or day is None:
        return None
    try:
        zone = AMSTERDAM if _in_dutch_without_zone(match) else timezone(timedelta(minutes=offset))
        moment = datetime(*day, tzinfo=zone)
        hour, minute, second = _hour(match), int(match["minute"] or 0), int(match["second"] or 0)
        if hour == 24 and minute == second == 0:
            hour, moment = 0, moment + timedelta(days=1)
        moment = moment.replace(hour=hour, minute=minute, second=min(second, 59), microsecond=int((match["fraction"] or "0")[:6].ljust(6, "0")))
        return moment.astimezone(timezone.utc)
    except (ValueError, OverflowError):
        return None


def _day(match: re.Match[str]) -> tuple[int, int, int] | None | Literal[Form.UNKNOWN]:
    """The year, month and day a date names; None when it names none, or one in more than one order; UNKNOWN_FORM
    when its month is no name of a month."""
    if match.groupdict().get("era"):
        return None
    if match.re is _ISO_WEEK:
        try:
            day = date.fromisocalendar(int(match["year"]), int(match["week"]), int(match["weekday"]))
        except ValueError:
            return None
        return day.year, day.month, day.day
    if match.re is _NUMBERS:
        return _one_reading(match["first"], match["middle"], match["last"], match["separator"])
    month = int(match["month"]) if match["month"].isdigit() else _MONTHS.get(match["month"].lower())
    if month is None:
        return UNKNOWN_FORM
    if len(match["year"]) == 1 or (len(match["year"]) < 4 and match["month"].isdigit()):
        return None  # a year of one digit is none, and ISO 8601 writes all four
    return _year(match["year"]), month, int(match["day"])


def _one_reading(first: str, middle: str, last: str, separator: str) -> tuple[int, int, int] | None:
    """The day that numbers in an order not written down name, if only one order makes a day of them: day, month and
    year, or month, day and year; or, with a year of two digits between dashes, year, month and day too (as ISO
    8601 orders them). A date between dots or slashes is never year first: `31.12.26` is a Dutch or German date."""
    readings = {(_year(last), int(middle), int(first)), (_year(last), int(first), int(middle))}
    if separator == "-" and len(first) == len(last) == 2:
        readings.add((_year(first), int(middle), int(last)))
    days = {reading for reading in readings if _exists(*reading)}
    return days.pop() if len(days) == 1 else None


def _exists(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _in_dutch_without_zone(match: re.Match[str]) -> bool:
    """Whether the date names no zone (`uur` reads as a name not known) and is written in Dutch words."""
    return match["sign"] is None and (match["name"] or "").lower() not in _ZONES and _DUTCH.search(match.string) is not None


def _hour(match: re.Match[str]) -> int:
    """The hour of the day; 12 AM is midnight, 12 PM noon. An hour of a 24-hour clock (0, 13 and on) is the hour it
    says, whatever follows it: Java's `HH:mm a` writes `13:30 PM` and `00:30 AM`, which both parsers read so before."""
    hour, half = int(match["hour"] or 0), match.groupdict().get("half")  # ISO 8601's basic form has no half
    if half is None or not 1 <= hour <= 12:
        return hour
    return hour % 12 + (12 if half in "Pp" else 0)


def _year(digits: str) -> int:
    year = int(digits)
    if len(digits) == 2:
        return year + (2000 if year < 50 else 1900)
    return year + 1900 if len(digits) == 3 else year


def _offset(match: re.Match[str]) -> int | None:
    """The zone's offset in minutes; UTC when it has none or one not known; None when it is no offset, or Java's CST."""
    name = (match["name"] or "").lower()
    if name == "cst" and match.re is _CTIME:
        return None
    if match["sign"] is None:
        return _ZONES.get(name, 0)
    # A name with an offset (`GMT+1`, `CET+0100`): the offset says where, the name only repeats it.
    # Minutes past 59 count as written (+0190 is 2½ hours east): fastfeedparser's native core reads them so,
    # before the engine sees the date. An offset of a day or more is none.
    offset = int(match["hours"]) * 60 + int(match["minutes"] or 0)
    return (-offset if match["sign"] == "-" else offset) if offset < 24 * 60 else None
