"""A feed's dates are read the same, and right, whichever parser reads the feed: the fast one
(fastfeedparser, with its native core) or the tolerant one (feedparser) it falls back to."""

from __future__ import annotations

from contextlib import suppress
from datetime import date, datetime, timedelta, timezone
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from feeds.model import AMSTERDAM
from feeds.pages.dates import feed_date
from feeds.pages.syndication import _fast, _tolerant

UTC = timezone.utc
FAST, TOLERANT = "fast", "tolerant"


def _rss(written: str) -> bytes:
    return f"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://nieuws.example/</link><description>d</description>
<item><title>Een</title><link>https://nieuws.example/een</link><description>D.</description><pubDate>{escape(written)}</pubDate></item></channel></rss>""".encode()


def _atom(written: str) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>urn:t</id>
<entry><title>Een</title><id>urn:een</id><link href="https://nieuws.example/een"/><published>{escape(written)}</published><summary>D.</summary></entry></feed>""".encode()


def _published(parser: str, feed: bytes) -> datetime | None:
    entries = (_fast(feed) if parser == FAST else _tolerant(feed, None)).entries
    assert len(entries) == 1
    # in UTC: an hour that comes twice in Amsterdam compares unequal to any other zone's (PEP 495)
    return entries[0].published.astimezone(UTC) if entries[0].published else None


@pytest.mark.parametrize("parser", [FAST, TOLERANT])
@pytest.mark.parametrize(
    ("written", "amsterdam"),
    [
        ("Tue, 01 Dec 2026 10:00:00 CET", datetime(2026, 12, 1, 10, 0)),
        ("Wed, 01 Jul 2026 10:00:00 CEST", datetime(2026, 7, 1, 10, 0)),
        ("Wed, 01 Jul 2026 10:00:00 WEST", datetime(2026, 7, 1, 11, 0)),
        ("Wed, 01 Jul 2026 10:00:00 EEST", datetime(2026, 7, 1, 9, 0)),
        ("Wed, 02 Dec 2026 14:05 CET", datetime(2026, 12, 2, 14, 5)),
        ("Wed, 01 Jul 2026 14:05 CEST", datetime(2026, 7, 1, 14, 5)),
        ("Wed, 02 Dec 2026 14:05 MET", datetime(2026, 12, 2, 14, 5)),
        ("Wed, 01 Jul 2026 14:05 MEST", datetime(2026, 7, 1, 14, 5)),
        ("Wed, 02 Dec 2026 14:05:00 MET", datetime(2026, 12, 2, 14, 5)),
        ("Wed, 01 Jul 2026 14:05:00 MEST", datetime(2026, 7, 1, 14, 5)),
    ],
)
def test_a_time_in_a_european_zone_by_name_is_read_in_that_zone_by_either_parser(parser, written, amsterdam):
    """feedparser knew no CET or CEST, and fastfeedparser no MET or MEST, nor CET or CEST in a time
    without seconds: each read those as UTC, and a Dutch feed's story came an hour late, two in summer."""
    assert _published(parser, _rss(written)) == amsterdam.replace(tzinfo=AMSTERDAM)


@pytest.mark.parametrize("parser", [FAST, TOLERANT])
@pytest.mark.parametrize("written", ["Wed, 02 Dec 2026 14:05:00", "Wed, 02 Dec 2026 14:05", "2026-12-02T14:05:00", "2026-12-02 14:05"])
def test_a_date_without_a_zone_is_utc_to_either_parser(parser, written):
    """feedparser gave an RFC 822 date without a zone no date at all, fastfeedparser UTC."""
    assert _published(parser, _rss(written)) == datetime(2026, 12, 2, 14, 5, tzinfo=UTC)


@pytest.mark.parametrize("parser", [FAST, TOLERANT])
@pytest.mark.parametrize(
    ("written", "utc"),
    [
        ("Wed, 02 Dec 2026 14:05:00 GMT+1", datetime(2026, 12, 2, 13, 5)),  # feedparser: no date; fastfeedparser: UTC
        ("Wed, 02 Dec 2026 14:05:00 +01:00", datetime(2026, 12, 2, 13, 5)),  # fastfeedparser: UTC
        ("Wed, 02 Dec 2026 14:05:00 A", datetime(2026, 12, 2, 14, 5)),  # RFC 822's letters had their signs backwards: RFC 5322 §4.3
        ("wo, 02 dec 2026 14:05:00 +0100", datetime(2026, 12, 2, 13, 5)),  # a Dutch weekday, to feedparser no date
        ("Wed, 02 Dec 70 14:05:00 +0000", datetime(1970, 12, 2, 14, 5)),  # 2070 to feedparser
        ("2026-12-02T14:05:00 CET", datetime(2026, 12, 2, 13, 5)),  # UTC to feedparser
        ("20261202T140500Z", datetime(2026, 12, 2, 14, 5)),  # midnight to feedparser
        ("20261202140500", datetime(2026, 12, 2, 14, 5)),  # as databases write it: no date to either
        ("Wed, 02 Dec 2026 14:05:00 CET+0100", datetime(2026, 12, 2, 13, 5)),  # a name and its offset: fastfeedparser read it
        ("2026-12-02T14:05:00.250Z", datetime(2026, 12, 2, 14, 5, 0, 250000)),  # whole seconds to feedparser
    ],
)
def test_dates_the_parsers_read_differently_are_read_alike_and_right(parser, written, utc):
    assert _published(parser, _rss(written)) == utc.replace(tzinfo=UTC)


@pytest.mark.parametrize("parser", [FAST, TOLERANT])
@pytest.mark.parametrize(
    "written",
    [
        "2026-13-02T14:05:00Z",  # next January to feedparser
        "2026-12-32T14:05:00Z",
        "2026-02-29T14:05:00Z",  # 28 February to fastfeedparser, 1 March to feedparser
        "99999-12-02T14:05:00Z",  # 9999 to feedparser
        "Wed, 02 Dec 2026 14:05:00 +2500",  # a day earlier to feedparser
        "Wed, 32 Dec 2026 14:05:00 +0100",
        "Wed, 02 Dec 2026 25:05:00 +0100",
        "9999-12-31T23:59:59Z",  # in Amsterdam, year 10000
        "0001-01-01T00:30:00+01:00",  # in UTC, year 0
    ],
)
def test_a_date_that_does_not_exist_is_no_date_to_either_parser(parser, written):
    assert _published(parser, _rss(written)) is None


@pytest.mark.parametrize("parser", [FAST, TOLERANT])
@pytest.mark.parametrize(
    ("written", "utc"),
    [
        ("02-12-2026 14:05", datetime(2026, 12, 2, 14, 5)),  # 12 February to fastfeedparser's own reader
        ("02.12.2026", datetime(2026, 12, 2)),
        ("Dec 2, 2026 2:05 PM CET", datetime(2026, 12, 2, 13, 5)),  # 02:05 UTC to it
        ("Wednesday, December 2, 2026 - 14:05", datetime(2026, 12, 2, 14, 5)),
        ("Wed Dec 02 14:05:00 CET 2026", datetime(2026, 12, 2, 13, 5)),  # Java's Date: CET was lost
        ("12/25/2026 14:05", datetime(2026, 12, 25, 14, 5)),  # slashes: month first, as in America, where no day first can be
        ("25/12/2026 14:05", datetime(2026, 12, 25, 14, 5)),  # and day first, where no month first can be
        ("31-12-99", datetime(1999, 12, 31)),  # a year of two digits, where no other order makes a day
        ("2nd December 2026 14:05", datetime(2026, 12, 2, 14, 5)),  # an ordinal: 1 January 2002 to newsboat, no date to feedparser
        ("Wed, 2nd Dec 2026 14:05:00 +0100", datetime(2026, 12, 2, 13, 5)),
        ("2026-W49-3", datetime(2026, 12, 2)),  # ISO 8601's week date: 1 December to feedparser, 1 January to newsboat
        ("2026-W49-3T14:05:00Z", datetime(2026, 12, 2, 14, 5)),
        ("Wed, 02 Dec 2026 14:05:00 CST", datetime(2026, 12, 2, 20, 5)),  # RFC 822's CST, America's, as newsboat reads it
        ("2 december 2026 om 14:05", datetime(2026, 12, 2, 13, 5)),  # in Dutch words: Amsterdam time
        # JavaScript's Date.toString(), the zone's name after it: feedparser read it right; then neither parser did
        ("Wed Dec 02 2026 14:05:00 GMT+0100 (Central European Standard Time)", datetime(2026, 12, 2, 13, 5)),
        ("Tue Dec 01 2026 23:30:00 GMT-0800 (Pacific Standard Time)", datetime(2026, 12, 2, 7, 30)),
        ("Wed, 02 Dec 2026 14:05:00 GMT+0100 (Midden-Europese standaardtijd)", datetime(2026, 12, 2, 13, 5)),
        ("2026-12-02T14:05+01:00[Europe/Amsterdam]", datetime(2026, 12, 2, 13, 5)),  # Java's ZonedDateTime, RFC 9557
        # Java's `HH:mm a`: a 24-hour clock with AM or PM after it, read as its hour says by both parsers before
        ("Wed, 02 Dec 2026 13:30 PM +0100", datetime(2026, 12, 2, 12, 30)),
        ("Wed, 02 Dec 2026 00:30 AM", datetime(2026, 12, 2, 0, 30)),
    ],
)
def test_a_date_in_a_form_of_neither_standard_is_read_as_its_writer_meant(parser, written, utc):
    assert _published(parser, _rss(written)) == utc.replace(tzinfo=UTC)


@pytest.mark.parametrize("parser", [FAST, TOLERANT])
@pytest.mark.parametrize(
    ("written", "utc"),
    [
        ("maandag 30 november 2026 - 09:15", datetime(2026, 11, 30, 8, 15)),  # no date to either parser before
        ("30 november 2026 om 09.15 uur", datetime(2026, 11, 30, 8, 15)),
        ("zondag 29 november 2026, 09:15", datetime(2026, 11, 29, 8, 15)),
        ("do 2 juli 2026 14:05", datetime(2026, 7, 2, 12, 5)),  # summer time
        ("wo, 02 dec 2026 14:05:00", datetime(2026, 12, 2, 13, 5)),
        ("wo, 02 dec 2026 14:05:00 +0000", datetime(2026, 12, 2, 14, 5)),  # a zone it names is its zone
        ("30 November 2026 09:15", datetime(2026, 11, 30, 9, 15)),  # English as much as Dutch: UTC, as any date without a zone
        ("30 november 2026", datetime(2026, 11, 30)),
    ],
)
def test_a_date_in_dutch_words_without_a_zone_is_amsterdam_time(parser, written, utc):
    assert _published(parser, _rss(written)) == utc.replace(tzinfo=UTC)


@pytest.mark.parametrize("parser", [FAST, TOLERANT])
@pytest.mark.parametrize(
    "written",
    [
        "Wed,", "14:05", "December", "2026", "Dec 2026", "2026-12", "2026-W49", "vandaag",
        # A day in more than one order: 2 December in America, 12 February here (fastfeedparser's reader took the first)
        "12/02/2026", "12/02/2026 14:05", "26-12-02", "02.12.26", "2025-W53-1",
        # Java's Date in China writes China's CST (America's to both parsers, 14 hours off)
        "Wed Dec 02 14:05:00 CST 2026",
    ],
)  # fmt: skip
def test_a_text_that_names_no_day_is_no_date_and_not_a_day_near_today(parser, written):
    """fastfeedparser's own reader filled in what such a text lacks from the clock: `Wed,` was next Wednesday."""
    assert _published(parser, _rss(written)) is None


@pytest.mark.parametrize("parser", [FAST, TOLERANT])
@pytest.mark.parametrize(
    ("guid", "other", "utc"),
    [
        ("Wed, 02 Dec 2026 14:05:00 +0100", "", datetime(2026, 12, 2, 13, 5, tzinfo=UTC)),
        ("2026-12-02T14:05:00Z", "<lastBuildDate>Tue, 01 Dec 2026 10:00:00 GMT</lastBuildDate>", datetime(2026, 12, 2, 14, 5, tzinfo=UTC)),
        ("2026-12-02T14:05:00Z", "<pubDate>Tue, 01 Dec 2026 10:00:00 GMT</pubDate>", datetime(2026, 12, 1, 10, 0, tzinfo=UTC)),
        ("https://nieuws.example/2026-12-02T14:05:00Z", "", None),
    ],
)
def test_an_rss_item_without_a_pubdate_is_dated_by_a_guid_that_is_a_date_by_either_parser(parser, guid, other, utc):
    """fastfeedparser did so, feedparser not: such an item was dated or not with the parser its feed went to."""
    rss = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://nieuws.example/</link><description>d</description>
<item><title>Een</title><link>https://nieuws.example/een</link><description>D.</description><guid isPermaLink="false">{guid}</guid>{other}</item></channel></rss>"""
    assert _published(parser, rss.encode()) == utc


# Zones whose names feeds write, and the zones those names are taken from: the right moment is computed by zoneinfo.
_NAMED_ZONES = {
    "Europe/Amsterdam": {"CET", "CEST"},
    "MET": {"MET", "MEST"},
    "Europe/London": {"GMT", "BST"},
    "Europe/Lisbon": {"WET", "WEST"},
    "Europe/Helsinki": {"EET", "EEST"},
    "America/New_York": {"EST", "EDT"},
    "America/Chicago": {"CST", "CDT"},
    "America/Denver": {"MST", "MDT"},
    "America/Los_Angeles": {"PST", "PDT"},
    "Asia/Tokyo": {"JST"},
    "Australia/Sydney": {"AEST", "AEDT"},
    "Pacific/Auckland": {"NZST", "NZDT"},
    "UTC": {"UTC"},
}
_OFFSET_ZONES = ["Asia/Kolkata", "Asia/Kathmandu", "America/St_Johns", "Pacific/Kiritimati", "Pacific/Pago_Pago", "America/Sao_Paulo"]
_MILITARY = "ABCDEFGHIKLMNOPQRSTUVWXY"  # all but Z: UTC, as RFC 5322 §4.3 says
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
_WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def _offset(local: datetime, colon: bool, short: bool) -> str:
    minutes = int(local.utcoffset().total_seconds()) // 60  # type: ignore[union-attr]
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    if short and not minutes:
        return f"{sign}{hours:02d}"
    return f"{sign}{hours:02d}{':' if colon else ''}{minutes:02d}"


@st.composite
def _written_dates(draw: st.DrawFn) -> tuple[str, datetime]:
    """A date as some feed writes it, and the moment it names."""
    seconds = draw(st.booleans())
    fraction = draw(st.sampled_from(["", ".5", ".123", ".123456", ".123456789"])) if seconds else ""
    instant = draw(st.datetimes(datetime(1980, 1, 1), datetime(2037, 12, 31), timezones=st.just(UTC)))
    instant = instant.replace(second=instant.second if seconds else 0, microsecond=int(fraction[1:7].ljust(6, "0")) if fraction else 0)
    zone = draw(st.sampled_from(["named", "offset", "greenwich", "military", "none"]))
    if zone == "named":
        local = instant.astimezone(ZoneInfo(draw(st.sampled_from(sorted(_NAMED_ZONES)))))
        assume(local.tzname() in set().union(*_NAMED_ZONES.values()))  # a zone that had another name then is a zone of another name
        written_zone = local.tzname() or ""
    elif zone == "offset":
        local = instant.astimezone(ZoneInfo(draw(st.sampled_from(_OFFSET_ZONES + sorted(_NAMED_ZONES)))))
        written_zone = _offset(local, colon=draw(st.booleans()), short=draw(st.booleans()))
    elif zone == "greenwich":
        local = instant.astimezone(timezone(timedelta(hours=draw(st.integers(-11, 14)))))
        hours = int(local.utcoffset().total_seconds()) // 3600  # type: ignore[union-attr]
        written_zone = draw(st.sampled_from(["GMT", "UTC"])) + (f"{hours:+d}" if hours else draw(st.sampled_from(["", "+0", "-0"])))
    else:
        local = instant
        written_zone = draw(st.sampled_from(_MILITARY)) if zone == "military" else ""
    clock = f"{local:%H:%M}" + (f":{local:%S}" if seconds else "")
    if draw(st.booleans()):
        clock = f"{(local.hour - 1) % 12 + 1}:{local:%M}" + (f":{local:%S}" if seconds else "") + " " + draw(st.sampled_from(["AM", "am", "a.m."]) if local.hour < 12 else st.sampled_from(["PM", "pm", "p.m."]))
    zoned = f"{clock}{' ' + written_zone if written_zone else ''}"
    day = draw(st.sampled_from([f"{local.day:02d}", f"{local.day}"]))
    month = _MONTHS[local.month - 1]
    month = draw(st.sampled_from([month[:3], month[:3].lower(), month[:3].upper(), month]))
    weekday = draw(st.sampled_from(["", _WEEKDAYS[local.weekday()], _WEEKDAYS[(local.weekday() + 1) % 7], _WEEKDAYS[local.weekday()].lower()]))
    form = draw(st.sampled_from(["ISO 8601", "RFC 822", "day first", "month first", "ctime"]))
    if form == "ISO 8601":
        clock = f"{local:%H:%M}" + (f":{local:%S}{fraction}" if seconds else "")
        separator = draw(st.sampled_from(["T", "t", " "]))
        if zone == "none" or written_zone == "UTC" and draw(st.booleans()):
            written_zone = draw(st.sampled_from(["", "Z", "z"])) if zone != "none" else ""
        elif written_zone[0] not in "+-":
            written_zone = " " + written_zone
        return f"{local:%Y-%m-%d}{separator}{clock}{written_zone}", instant
    instant = instant.replace(microsecond=0)
    if form == "day first":  # as Dutch sites write it
        separator = draw(st.sampled_from("-."))
        return f"{day}{separator}{local:%m}{separator}{local:%Y} {zoned}", instant
    if form == "month first":  # as American sites write it
        return f"{weekday + ', ' if weekday else ''}{month} {day}, {local:%Y}{draw(st.sampled_from([' ', ' - ', ', ', ' at ']))}{zoned}", instant
    if form == "ctime":  # as Java and C write it
        assume(written_zone != "CST")  # America's or China's: no date (test_a_text_that_names_no_day...)
        return f"{weekday + ' ' if weekday else ''}{month} {day} {zoned} {local:%Y}", instant
    year = draw(st.sampled_from([f"{local:%Y}", f"{local:%y}"])) if 1950 <= local.year < 2050 else f"{local:%Y}"
    return f"{weekday + ', ' if weekday else ''}{day} {month} {year} {zoned}", instant


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(_written_dates(), st.sampled_from([_rss, _atom]))
def test_a_date_in_any_zone_and_layout_is_the_same_right_moment_to_either_parser(written, feed):
    text, moment = written
    data = feed(text)
    assert (_published(FAST, data), _published(TOLERANT, data)) == (moment, moment), text


_NUMBER = st.integers(0, 99999).map(str) | st.sampled_from(["00", "13", "24", "29", "31", "32", "60", "61", "99"])


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["{d} Dec {y} {h}:{m}:{s} +0100", "Wed, {d} Feb {y} {h}:{m} CET", "{y}-{mo}-{d}T{h}:{m}:{s}Z", "{y}-{mo}-{d} {h}:{m}+{h}:{m}"]),
    st.fixed_dictionaries({key: _NUMBER for key in ("d", "y", "h", "m", "s", "mo")}),
)
def test_a_date_out_of_range_never_raises_and_either_parser_reads_it_alike(template, numbers):
    data = _rss(template.format(**numbers))
    assert _published(FAST, data) == _published(TOLERANT, data)


@pytest.mark.parametrize("parser", [FAST, TOLERANT])
@pytest.mark.parametrize(
    "written",
    ["0001-01-01T00:00:00Z", "Mon, 01 Jan 0001 00:00:00 +0000", "1970-01-01T00:00:00Z", "Thu, 01 Jan 1970 01:00:00 +0100", "1800-06-01T12:00:00Z"],
)
def test_a_placeholder_for_a_date_leaves_the_entry_undated(parser, written):
    """Go's zero time or a Unix time of 0, written by a feed that had no date: read as a date, the story was
    shown as of the year 1, in Amsterdam's offset of then (+00:19:32), which no Atom feed can carry."""
    assert _published(parser, _rss(written)) is None
    assert _published(parser, _atom(written)) is None


@pytest.mark.parametrize("parser", [FAST, TOLERANT])
@pytest.mark.parametrize(
    "written",
    [
        "-5000-01-01T00:00:00Z",  # ISO 8601's expanded year: 5000 to fastfeedparser's own reader, which drops the sign
        "-0001-01-01",
        "-20261202T140500Z",
        "-2026-W49-3",
        "Mon, 01 Jan -5000 00:00:00 +0000",
        "01-Jan--2026",
        "02-12--2026 14:05",
        "December 2, -2026",
        "Wed Dec 02 14:05:00 CET -2026",
    ],
)
def test_a_year_before_the_common_era_leaves_the_entry_undated(parser, written):
    """Read without its sign, it dated the story thousands of years ahead: the list showed that date, and an
    export dated the story anew each time, at the moment it was written."""
    assert _published(parser, _rss(written)) is None
    assert _published(parser, _atom(written)) is None


@pytest.mark.parametrize("parser", [FAST, TOLERANT])
def test_a_date_far_ahead_is_kept_as_the_feed_gives_it(parser):
    """A real date however wrong, as one ahead by a day is: the reader shows it, the list and an export put the
    story at the moment it was first seen (Entry.sort_time)."""
    assert _published(parser, _atom("5000-01-01T00:00:00Z")) == datetime(5000, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize("parser", [FAST, TOLERANT])
def test_a_date_after_the_first_day_of_unix_time_is_a_date(parser):
    assert _published(parser, _atom("1970-01-02T00:00:00Z")) == datetime(1970, 1, 2, tzinfo=UTC)


# -- the date parser itself, a pure function ------------------------------------------------------------------------

_DAYS = st.dates(date(1950, 1, 1), date(2049, 12, 31))


@given(_DAYS, st.sampled_from("/.-"), st.booleans(), st.booleans())
def test_a_date_in_numbers_is_its_day_when_no_other_order_makes_one_and_else_no_date(day, separator, month_first, short_year):
    """Never a wrong day: `12/02/2026` is 2 December in America and 12 February here."""
    assume(separator == "/" or short_year)  # four digits after `-` or `.`: day first, as Dutch sites write it
    first, middle = (day.month, day.day) if month_first else (day.day, day.month)
    year = f"{day:%y}" if short_year else f"{day:%Y}"
    read = feed_date(f"{first:02d}{separator}{middle:02d}{separator}{year}")
    others = {(day.year, day.month, day.day)}
    year_first = [(_two_digit_year(first), middle, int(year))] if short_year and separator == "-" else []  # between dashes, as ISO 8601
    for y, m, d in [(day.year, middle, first), (day.year, first, middle), *year_first]:
        with suppress(ValueError):
            others.add(date(y, m, d).timetuple()[:3])
    assert read == (datetime(day.year, day.month, day.day, tzinfo=UTC) if len(others) == 1 else None)


@pytest.mark.parametrize(
    ("written", "day"),
    [("31.12.26", date(2026, 12, 31)), ("15/03/26", date(2026, 3, 15)), ("26-12-02", None), ("31-12-99", date(1999, 12, 31)), ("05/11/26", None)],
)
def test_a_date_of_two_digit_years_between_dots_or_slashes_is_day_first_and_between_dashes_may_be_year_first(written, day):
    """`31.12.26` was no date: read year first too, it was also 26 December 2031."""
    assert feed_date(written) == (datetime(day.year, day.month, day.day, tzinfo=UTC) if day else None)


def _two_digit_year(digits: int) -> int:
    return digits + (2000 if digits < 50 else 1900)


@given(_DAYS, st.sampled_from(["st", "nd", "rd", "th"]))
def test_an_ordinal_day_is_that_day(day, suffix):
    assert feed_date(f"{day.day}{suffix} {_MONTHS[day.month - 1]} {day:%Y}") == datetime(day.year, day.month, day.day, tzinfo=UTC)


@given(_DAYS, st.booleans())
def test_an_iso_week_date_is_the_day_it_names(day, basic):
    year, week, weekday = day.isocalendar()
    written = f"{year}W{week:02d}{weekday}" if basic else f"{year}-W{week:02d}-{weekday}"
    assert feed_date(written) == datetime(day.year, day.month, day.day, tzinfo=UTC)
