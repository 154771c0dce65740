"""Ages (`25 minuten geleden`, `gisteren`, or a date: `12 maart`) and page dates (`maandag 3 november 2025`).

The site rounds ages down, so an age says the story is at least that old.
A resolved age is therefore the latest moment the story can have appeared:
capture time minus the age. It is never later than the capture itself.
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date, datetime, time, timedelta, timezone

from feeds.model import AMSTERDAM

_UNITS = {
    "seconde": "seconds",
    "seconden": "seconds",
    "minuut": "minutes",
    "minuten": "minutes",
    "min.": "minutes",
    "min": "minutes",
    "uur": "hours",
    "dag": "days",
    "dagen": "days",
    "week": "weeks",
    "weken": "weeks",
    "maand": "months",
    "maanden": "months",
    "jaar": "years",
}
_WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december")

# Any count: a line of an age's shape is where the page put an age and ends a teaser, even one the site never writes
# (`12345 minuten geleden`); that dates nothing (_MAX_COUNT_DIGITS).
_COUNT = r"(?P<count>\d+|een|één)"
_MAX_COUNT_DIGITS = 4
# An age the site writes as a date (`12 maart`, `12-03-2026`), for an item older than its ages go: read as no age, it
# ended no item, and the next one's lead became the first's. Never a digit after it: `3 november2025` is no age glued.
_DATE = rf"(?P<day>\d{{1,2}})(?:\s+(?P<month>{'|'.join(_MONTHS)})(?:\s+(?P<year>\d{{4}}))?|-(?P<month_number>\d{{1,2}})-(?P<numbered_year>\d{{4}}))(?!\d)"
_UNIT = "|".join(re.escape(unit) for unit in sorted(_UNITS, key=len, reverse=True))
# A day with the time of day (`Gisteren, 14:05`, `vandaag 09:30`): today's only with its time, alone it is a heading.
_DAY = r"(?P<word>zojuist|gisteren|eergisteren|vandaag(?=,?\s+\d))(?:,?\s+(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?!\d))?"
_AGE_CORE = rf"(?:{_COUNT}\s+(?P<unit>{_UNIT})\s+geleden|{_DAY}|{_DATE})"
AGE = re.compile(rf"^{_AGE_CORE}$", re.IGNORECASE)
# An age glued to whatever follows it (compact renderings): `1 uur geledenAMSTERDAM (ANP) - ...`
AGE_PREFIX = re.compile(rf"^(?P<age>{_AGE_CORE})(?=\S)", re.IGNORECASE)
PAGE_DATE = re.compile(
    rf"^(?:(?:{'|'.join(_WEEKDAYS)})\s+)?(?P<day>\d{{1,2}})\s+(?P<month>{'|'.join(_MONTHS)})\s+(?P<year>\d{{4}})$",
    re.IGNORECASE,
)


def is_age(line: str) -> bool:
    return AGE.match(line.strip()) is not None


def is_written_date(line: str) -> bool:
    """Whether an age is a date (`12 maart`), as a story's timeline heads its parts too: not one that says a list."""
    match = AGE.match(line.strip())
    return match is not None and match["day"] is not None


def split_glued_age(line: str) -> tuple[str, str] | None:
    """`1 uur geledenAMSTERDAM (ANP) - ...` → (`1 uur geleden`, `AMSTERDAM (ANP) - ...`)."""
    match = AGE_PREFIX.match(line)
    if not match:
        return None
    rest = line[match.end():]
    # Only a capital (a dateline or a title) starts a new block; `1 uur geledenheid` is no age.
    if not (rest[0].isupper() or rest[0].isdigit() or rest[0] in "'\"‘“("):
        return None
    return match["age"], rest


def parse_page_date(line: str) -> date | None:
    match = PAGE_DATE.match(line.strip())
    if not match:
        return None
    try:
        return date(int(match["year"]), _month(match["month"]), int(match["day"]))
    except ValueError:
        return None


def _month(name: str) -> int:
    return _MONTHS.index(name.lower()) + 1


def capture_time(page_date: date | None, fallback: datetime) -> datetime:
    """When the page was captured: its own date line wins, the fallback gives the time of day.

    `fallback` (an explicit capture time, the file's mtime or the HTTP Date) is
    moved into the page's day when it falls outside it, at the latest moment
    the day allows, so resolved ages stay upper bounds.
    """
    fallback = fallback.astimezone(AMSTERDAM)
    if page_date is None:
        return fallback
    start = datetime.combine(page_date, time.min, AMSTERDAM)
    end = datetime.combine(page_date, time(23, 59, 59), AMSTERDAM)
    return min(max(fallback, start), end)


def _minus_months(moment: datetime, months: int) -> datetime:
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def resolve_age(age: str, captured: datetime) -> datetime | None:
    """The latest moment a story of this age can have appeared, seen at `captured`."""
    match = AGE.match(age.strip())
    if not match:
        return None
    captured = captured.astimezone(AMSTERDAM)
    word = (match["word"] or "").lower()
    if word == "zojuist":
        return captured
    if word:
        return _of_day(captured, ("vandaag", "gisteren", "eergisteren").index(word), match["hour"], match["minute"])
    if match["day"]:
        return _dated(match, captured)
    count_text = match["count"].lower()
    if len(count_text) > _MAX_COUNT_DIGITS:
        return None
    count = 1 if count_text in ("een", "één") else int(count_text)
    unit = _UNITS[match["unit"].lower()]
    try:
        if unit == "months":
            return _minus_months(captured, count)
        if unit == "years":
            return _minus_months(captured, 12 * count)
        # Subtract in UTC: 'N hours ago' is elapsed time, also across a DST change.
        elapsed = timedelta(**{unit: count})
        return (captured.astimezone(timezone.utc) - elapsed).astimezone(AMSTERDAM)
    except (OverflowError, ValueError):
        return None


def _end_of(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59), AMSTERDAM)


def _of_day(captured: datetime, days_back: int, hour: str | None, minute: str | None) -> datetime | None:
    """A day counted back from the capture: at its time of day where the page gives one, else at its end; never later
    than the capture."""
    day = captured.date() - timedelta(days=days_back)
    if hour is None or minute is None:
        return min(_end_of(day), captured)
    try:
        return min(datetime.combine(day, time(int(hour), int(minute)), AMSTERDAM), captured)
    except ValueError:  # no such time: 25:70
        return None


def _dated(match: re.Match[str], captured: datetime) -> datetime | None:
    """An age written as a date: the end of that day, never later than the capture; without a year, of the last such
    day up to the capture (`12 maart` seen on 3 March is of the year before)."""
    month, day_of_month = _month(match["month"]) if match["month"] else int(match["month_number"]), int(match["day"])
    year = match["year"] or match["numbered_year"]
    # The years it can be of, latest first: its own, else the capture's and back (29 February comes round in 8).
    for candidate in [int(year)] if year else range(captured.year, captured.year - 9, -1):
        try:
            day = date(candidate, month, day_of_month)
        except ValueError:  # no such day: 31 April, 29 February of a common year
            continue
        if year or day <= captured.date():
            return min(_end_of(day), captured)
    return None
