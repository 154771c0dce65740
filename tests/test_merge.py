"""What the library keeps when a story it has is seen again: the merge rules."""

from __future__ import annotations

from conftest import CAPTURED
from pagekit import IndexPage, RegionalPage, Teaser, TickerLine

from feeds.pages.page import parse_page
from feeds.store.merge import merge

TITLE = "Kabinet wil snellere asielprocedure"
SECTION_TEASER = parse_page(
    IndexPage("Binnenland", [Teaser(TITLE, "DEN HAAG (ANP) - Het kabinet wil dat asielaanvragen sneller gaan.", "25 minuten geleden")], date_line=None).text(),
    CAPTURED,
).articles[0]
TICKER_LINE = parse_page(RegionalPage(ticker=[TickerLine("Binnenland", "11:20", TITLE)]).text(), CAPTURED).articles[0]


def test_a_ticker_line_and_a_section_teaser_of_one_story_are_one_article():
    assert TICKER_LINE.id == SECTION_TEASER.id


def test_a_ticker_line_seen_later_keeps_the_lead_and_dateline_the_teaser_showed():
    merged = merge(SECTION_TEASER, TICKER_LINE)
    assert (merged.lead, merged.place, merged.agencies) == ("Het kabinet wil dat asielaanvragen sneller gaan.", "DEN HAAG", ("ANP",))


def test_a_teaser_seen_after_a_ticker_line_brings_its_lead():
    merged = merge(TICKER_LINE, SECTION_TEASER)
    assert (merged.lead, merged.place) == ("Het kabinet wil dat asielaanvragen sneller gaan.", "DEN HAAG")


def test_the_earliest_time_either_shows_is_kept():
    # The ticker's 11:20 is earlier than `25 minuten geleden` (at most 11:35).
    assert merge(SECTION_TEASER, TICKER_LINE).published == TICKER_LINE.published
    assert merge(TICKER_LINE, SECTION_TEASER).published == TICKER_LINE.published
