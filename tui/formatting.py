"""How times read on screen: ages as the site words them, dates in Dutch."""

from __future__ import annotations

from datetime import datetime, timedelta

from feeds import AMSTERDAM, Entry

_MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def age(moment: datetime, now: datetime) -> str:
    """`25 min geleden`, `3 uur geleden`, `2 dagen geleden`, or a date for older news."""
    seconds = (now - moment).total_seconds()
    if seconds < 60:
        return "zojuist"
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{minutes} min geleden"
    hours = minutes // 60
    if hours < 24:
        return f"{hours} uur geleden"
    days = hours // 24
    if days < 7:
        return "gisteren" if days == 1 else f"{days} dagen geleden"
    return date(moment, now)


def date(moment: datetime, now: datetime) -> str:
    local = moment.astimezone(AMSTERDAM)
    text = f"{local.day} {_MONTHS[local.month - 1]}"
    return text if local.year == now.year else f"{text} {local.year}"


def date_and_time(moment: datetime, now: datetime) -> str:
    """`1 jun 14:30`, `1 jun 2025 14:30`: the date with the time of day."""
    local = moment.astimezone(AMSTERDAM)
    return f"{date(local, now)} {local.hour:02d}:{local.minute:02d}"


def when(entry: Entry, now: datetime) -> str:
    """Age of a dated article, and the moment itself once the age alone no longer tells it;
    for an undated one, when the library first saw it."""
    published = entry.article.published
    if published is None:
        return f"gezien {age(entry.first_seen, now)}"
    text = age(published, now)
    return text if now - published < timedelta(hours=1) else f"{text} ({date_and_time(published, now)})"


def short_when(entry: Entry, now: datetime) -> str:
    """The same, short enough for a list column; older news by date and time of day, so that
    the items of a busy feed do not all read `1 jun 2025`."""
    moment = entry.article.published or entry.first_seen
    minutes = int((now - moment).total_seconds() // 60)
    if minutes < 60:
        return f"{max(minutes, 0)} min"
    if minutes < 24 * 60:
        return f"{minutes // 60} uur"
    if minutes < 7 * 24 * 60:
        return f"{minutes // (24 * 60)} d"
    return date_and_time(moment, now)
