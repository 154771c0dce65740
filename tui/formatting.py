"""How times read on screen: ages and dates in the interface's language."""

from __future__ import annotations

import functools
import os
from datetime import datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from feeds import N_, Entry, ngettext
from feeds import gettext as _

AGES_FOR = timedelta(days=7)  # news younger than this goes by its age; older news by its date

_MONTHS = (N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"), N_("Jul"), N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec"))


@functools.cache
def local_zone() -> tzinfo | None:
    """The zone the user's clock is in, which times are shown in, as newsboat shows them: TZ's (`:Europe/Amsterdam`
    as POSIX writes it too, or a file's path), else the system's. None where TZ names no zone tzdata knows (a POSIX rule
    as `CET-1CEST,M3.5.0,M10.5.0/3`): then the C library's local time, which reads such a rule (shown_time). Times were
    Amsterdam's whatever TZ said: 22:00 in New York for a story of 16:00 there."""
    named = os.environ.get("TZ", "").removeprefix(":")
    # A file by the name its link gives, where it has one: Amsterdam's is the library's own zone then, and a moment in
    # it is shown as it is (a conversion to a zone read from the file took 0.1 s for `list` of 100,000).
    path = os.path.realpath(named or "/etc/localtime") if not named or named.startswith("/") else None
    try:
        if path is None:
            return ZoneInfo(named)
        if "/zoneinfo/" in path:
            return ZoneInfo(path.partition("/zoneinfo/")[2])
        with open(path, "rb") as written:
            return ZoneInfo.from_file(written)
    except (OSError, ValueError, KeyError):  # (a zone tzdata does not know: ZoneInfoNotFoundError, a KeyError)
        return None


def shown_time(moment: datetime) -> datetime:
    """`moment` in the zone the user's clock is in (local_zone)."""
    zone = local_zone()
    return moment.astimezone(zone) if zone is not None else moment.astimezone()


def age(moment: datetime, now: datetime) -> str:
    """`25 min ago`, `3 hours ago`, `2 days ago`, or a date for older news."""
    seconds = (now - moment).total_seconds()
    if seconds < 60:
        return _("just now")
    minutes = int(seconds // 60)
    if minutes < 60:
        return _("{count} min ago").format(count=minutes)
    hours = minutes // 60
    if hours < 24 or (now - moment < AGES_FOR and _days(moment, now) < 1):
        return ngettext("{count} hour ago", "{count} hours ago", hours).format(count=hours)
    if now - moment < AGES_FOR:
        days = _days(moment, now)
        return _("yesterday") if days == 1 else ngettext("{count} day ago", "{count} days ago", days).format(count=days)
    return date(moment, now)


def _days(moment: datetime, now: datetime) -> int:
    """The days of the calendar from `moment` to `now`, as the date beside an age counts them: by its hours, a story of
    05:00 two days before was "yesterday (4 Dec 05:00)" at 01:39. (None, after 24 hours, on the day the clocks go back.)"""
    return (shown_time(now).date() - shown_time(moment).date()).days


def date(moment: datetime, now: datetime) -> str:
    """`31 May`, or `31 May 2025` in another year than now's (both in the user's zone: Amsterdam's year ends later than
    Tokyo's)."""
    local = shown_time(moment)
    month = _(_MONTHS[local.month - 1])
    return f"{local.day} {month}" if local.year == shown_time(now).year else f"{local.day} {month} {local.year}"


def date_and_time(moment: datetime, now: datetime) -> str:
    """`1 Jun 14:30`, `1 Jun 2025 14:30`: the date with the time of day."""
    local = shown_time(moment)
    return f"{date(local, now)} {local.hour:02d}:{local.minute:02d}"


def when(entry: Entry, now: datetime) -> str:
    """Age of a dated article, and the moment itself once the age alone no longer tells it;
    for an undated one, when the library first saw it."""
    published = entry.article.published
    if published is None:
        return _("seen {age}").format(age=age(entry.first_seen, now))
    if now - published >= AGES_FOR or published > now:
        return date_and_time(published, now)  # the age is a date by now: no need to say it twice (nor "just now" for ever)
    text = age(published, now)
    return text if now - published < timedelta(hours=1) else f"{text} ({date_and_time(published, now)})"


def short_when(entry: Entry, now: datetime) -> str:
    """The same, short enough for a list column; older news by date and time of day, so that
    the items of a busy feed do not all read `1 Jun 2025`. Of the moment the list is in order of."""
    moment = entry.sort_time
    minutes = int((now - moment).total_seconds() // 60)
    if minutes < 60:
        return _("{count} min").format(count=max(minutes, 0))
    if minutes < 24 * 60 or (now - moment < AGES_FOR and _days(moment, now) < 1):
        return _("{count} h").format(count=minutes // 60)
    if now - moment < AGES_FOR:
        return _("{count} d").format(count=_days(moment, now))
    return date_and_time(moment, now)
