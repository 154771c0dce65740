"""What the library keeps when a story it has is seen again: the merge rules."""

from __future__ import annotations

from conftest import CAPTURED
from feedkit import article
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


def test_a_later_sighting_of_a_full_story_without_its_dateline_keeps_the_one_seen():
    page = article("Duel", place="ALKMAAR", agencies=("ANP", "AFP"), rubric="EREDIVISIE", lead="Het duel eindigde in 2-2.")
    undated = page.with_changes(place=None, agencies=(), rubric=None, published=CAPTURED.replace(hour=9))  # a feed without the dateline
    for merged in (merge(page, undated), merge(undated, page)):
        assert (merged.place, merged.agencies, merged.rubric) == ("ALKMAAR", ("ANP", "AFP"), "EREDIVISIE")
    assert merge(page, undated).published == undated.published  # what it tells more, it still adds
    corrected = undated.with_changes(lead="Het duel eindigde in 3-2.")  # another text: its own opening, without a dateline
    assert (merge(page, corrected).place, merge(page, corrected).agencies) == (None, ())
