"""What the library keeps when a story it has is seen again: the merge rules."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

import pytest
from conftest import CAPTURED
from feedkit import article, run_fetch
from pagekit import IndexPage, RegionalPage, Teaser, TickerLine
from werkzeug import Response

from feeds.config import Settings, Source
from feeds.library import Library
from feeds.model import Article, Block, Link
from feeds.pages.page import parse_page
from feeds.store.merge import merge
from feeds.urls import article_id

FAST = Settings(connect_timeout=1, read_timeout=0.5, attempts=1, host_delay=0)

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


# -- where a story is filed ----------------------------------------------------------------------

WORLD, ABROAD = "https://nieuws.example/wereld.rss", "https://nieuws.example/alles.rss"


def test_a_story_another_source_carries_stays_in_the_section_and_with_the_source_it_was_filed_by():
    filed = article("Storm op Sicilië", section="Wereld", source=WORLD)
    carried = filed.with_changes(section="Buitenland", source=ABROAD)
    merged = merge(filed, carried)
    assert (merged.section, merged.source) == ("Wereld", WORLD)
    assert merge(merged, carried) == merged == merge(merged, filed)  # seen again by either: nothing changed
    longer = carried.with_changes(body=(*carried.body, Block("paragraph", "Een tweede alinea.")))
    assert (merge(filed, longer).body, merge(filed, longer).section, merge(filed, longer).source) == (longer.body, "Wereld", WORLD)


def test_a_source_that_outranks_the_one_a_story_is_filed_by_files_it_anew():
    stored = article("Storm op Sicilië", section="Buitenland", source=ABROAD)
    merged = merge(stored, stored.with_changes(section="Wereld", source=WORLD), outranks=True)
    assert (merged.section, merged.source) == ("Wereld", WORLD)


def test_a_story_its_own_source_files_under_another_section_moves_there():
    filed = article("Storm op Sicilië", section="Wereld", source=WORLD)
    refiled = merge(filed, filed.with_changes(section="Europa", kind="teaser", body=()))
    assert (refiled.section, refiled.source, refiled.body) == ("Europa", WORLD, filed.body)  # the site refiled it; the text stays
    assert merge(filed, filed.with_changes(section=None)).section == "Wereld"  # a sighting that tells no section leaves it


def test_a_story_without_a_section_is_filed_by_the_first_sighting_that_tells_one():
    page = article("Storm op Sicilië", section=None, source="/home/anna/storm.html")
    teaser = page.with_changes(section="Buitenland", source=ABROAD, kind="teaser", body=())
    merged = merge(page, teaser)
    assert (merged.section, merged.source, merged.body) == ("Buitenland", ABROAD, page.body)
    assert merge(merged, page.with_changes(section="Wereld")).section == "Buitenland"  # then as any filed story


def test_a_story_stored_before_sources_were_recorded_is_filed_by_the_first_source_that_sees_it():
    stored = article("Storm op Sicilië", section="Buitenland", source=None)
    merged = merge(stored, stored.with_changes(section="Wereld", source=WORLD))
    assert (merged.section, merged.source) == ("Wereld", WORLD)



# -- whose text a story shows --------------------------------------------------------------------

ZEELAND, PZC = "https://nieuws.example/zeeland.rss", "https://pzc.example/nieuws.rss"
SUMMARY = "De Zeelandbrug is sinds vanochtend dicht voor al het verkeer: bij een inspectie bleken scheuren in een van de pijlers."
BRIDGE = (Link("https://www.zeeland.nl/zeelandbrug", "de Zeelandbrug", (0, 17)),)


def _summary(source: str | None, lead: str = SUMMARY, **fields) -> Article:
    """A feed's summary of the story (a teaser of its lead alone, without a dateline), filed under Zeeland."""
    values = {"section": "Zeeland", "source": source, "kind": "teaser", "body": (), "place": None, "agencies": (), "lead": lead, **fields}
    return article("Zeelandbrug dicht", **values)


def test_a_shorter_summary_of_another_source_leaves_the_text_the_story_shows():
    """The lead became "Zeelandbrug dicht." at every fetch of the second feed, and the first's summary again at every
    fetch of the first: both counted updated each time."""
    shown = _summary(ZEELAND)
    assert merge(shown, _summary(PZC, "Zeelandbrug dicht.")) == shown
    assert merge(shown, _summary("/home/anna/brug.html", "Zeelandbrug dicht.")) == shown  # a file imported is another source too


def test_the_source_whose_text_the_story_shows_corrects_it_though_its_correction_is_shorter_and_so_does_an_unknown_one():
    corrected = merge(_summary(ZEELAND), _summary(ZEELAND, "Zeelandbrug dicht."))
    assert (corrected.lead, corrected.source) == ("Zeelandbrug dicht.", ZEELAND)
    # Of a story filed by one source and showing another's text, the other corrects it, and the one it is filed by does not.
    full = _summary(PZC, "Zeelandbrug dicht.", kind="full", body=(Block("paragraph", "Scheuren in een pijler."),))
    shows_pzc = merge(_summary(ZEELAND), full)
    assert merge(shows_pzc, _summary(ZEELAND)) == shows_pzc
    assert merge(shows_pzc, full.with_changes(lead="Zeelandbrug weer open.")).lead == "Zeelandbrug weer open."
    # So does a source not known (a file whose name the library cannot store), and any of a story stored before sources were.
    assert merge(_summary(ZEELAND), _summary(None, "Zeelandbrug dicht.")).lead == "Zeelandbrug dicht."
    assert merge(_summary(None), _summary(PZC, "Zeelandbrug dicht.")).lead == "Zeelandbrug dicht."


def test_the_source_whose_text_the_story_shows_takes_paragraphs_out_of_its_summary_but_a_teaser_of_its_lead_alone_of_another_does_not():
    """A summary-only feed's item lost its second paragraph (an editor took a name out), and the story kept it for
    good, listed, exported and served: the feed's own summary of its lead alone was taken for a section page's teaser."""
    named = (Block("paragraph", "Het gaat om Jan de V. uit Sluiskil."),)
    stored = _summary(ZEELAND, body=named)
    corrected = merge(stored, _summary(ZEELAND))
    assert (corrected.lead, corrected.body, corrected.kind, corrected.text_source) == (SUMMARY, (), "teaser", None)
    assert merge(corrected, _summary(ZEELAND)) == corrected  # seen again: nothing changes
    several = _summary(ZEELAND, body=_STORY[:3])  # a summary of several paragraphs too, whichever it keeps
    for body in ((), _STORY[:1], _STORY[:2]):
        assert merge(several, _summary(ZEELAND, body=body)).body == body
    # A teaser of the lead alone of another source, or of one not known, or one without a lead (a ticker line) leaves it.
    for teaser in (_summary(PZC), _summary(None), _summary(ZEELAND, "")):
        assert (merge(stored, teaser).lead, merge(stored, teaser).body) == (SUMMARY, named)
    shows_pzc = merge(_summary(ZEELAND), _summary(PZC, body=named))  # the story shows another source's summary
    assert merge(shows_pzc, _summary(ZEELAND)).body == named


_STORY = tuple(Block("paragraph", f"De brug blijft dicht tot de pijler is hersteld; de omleiding loopt via Goes ({n}).") for n in range(2, 21))


def test_a_teaser_far_shorter_than_the_stored_summary_of_paragraphs_keeps_that_text_and_gives_its_title_and_date():
    """A feed's description of the whole story (20 paragraphs), taken for a summary, was stored; the feed then cut its
    item to a line of excerpt and the stored body went from 20 paragraphs to none, of a starred story too."""
    stored = _summary(ZEELAND, body=_STORY, links=BRIDGE, place="ZIERIKZEE", agencies=("ANP",))
    earlier = CAPTURED.replace(hour=6)
    cut = _summary(ZEELAND, "De Zeelandbrug is dicht [...]", published=earlier).with_changes(title="Zeelandbrug nog weken dicht")
    merged = merge(stored, cut)
    assert (merged.lead, merged.body, merged.links, merged.place, merged.agencies) == (SUMMARY, _STORY, BRIDGE, "ZIERIKZEE", ("ANP",))
    assert (merged.title, merged.published, merged.kind, merged.source, merged.text_source) == ("Zeelandbrug nog weken dicht", earlier, "teaser", ZEELAND, None)
    assert merge(merged, cut) == merged  # seen again: nothing changes
    assert merge(stored, _summary(None, "De Zeelandbrug is dicht [...]")).body == _STORY  # nor does a source not known take it
    # Nor does a lead and a line after it (`Lees verder »`).
    lead_and_line = _summary(ZEELAND, "De Zeelandbrug is dicht.", body=(Block("paragraph", "Lees verder »"),))
    assert merge(stored, lead_and_line).body == _STORY
    # A feed's edit of its summary, of about its length, is still taken; so is a lead alone over two paragraphs.
    stored = _summary(ZEELAND, body=_STORY[:3])
    edited = _summary(ZEELAND, "CORRECTIE: de Zeelandbrug is sinds vanochtend dicht, niet sinds gisteren.", body=_STORY[:1])
    merged = merge(stored, edited)
    assert (merged.lead, merged.body) == (edited.lead, edited.body)
    two = _summary(ZEELAND, body=_STORY[:1])  # two paragraphs are no text of several: a lead alone replaces them
    assert merge(two, _summary(ZEELAND, "Zeelandbrug dicht.")).body == ()


_FULL = _summary(ZEELAND, kind="full", body=_STORY, links=BRIDGE, place="ZIERIKZEE", agencies=("ANP",))


_CUT_ENDS = [
    "De brug blijft dicht tot de pijler […]",  # WordPress's summary mode
    "De brug blijft dicht tot de pij…",  # cut within a word
    "De brug blijft dicht tot de pijler… Lees verder »",  # and the theme's pointer after it
    _STORY[0].text,  # the first paragraphs, whole, and no more
    "De brug blijft dicht tot de pijler [Lees verder]",  # a theme's pointer in brackets, its link elsewhere or none
    "De brug blijft dicht tot de pij [Read more]",
    "De brug blijft dicht tot de pijler… (Lees verder »)",
    "De brug blijft dicht tot de pijler [ … ]",
    "De brug blijft dicht tot de pijler (...)",
]


def test_a_full_text_cut_to_its_opening_keeps_the_stored_text_and_takes_its_title_and_date_but_an_editor_s_shorter_text_is_taken():
    """A feed's content:encoded of 20 paragraphs was stored; the publisher switched the feed to summary mode (or its
    CMS cut the content short) and the next fetch left the story its lead and a line: 19 paragraphs lost, of a starred
    story too."""
    earlier = CAPTURED.replace(hour=6)
    for end in _CUT_ENDS:
        cut = _summary(ZEELAND, kind="full", body=(Block("paragraph", end),), published=earlier).with_changes(title="Zeelandbrug nog weken dicht")
        merged = merge(_FULL, cut)
        assert (merged.lead, merged.body, merged.links, merged.place, merged.agencies) == (SUMMARY, _STORY, BRIDGE, "ZIERIKZEE", ("ANP",)), end
        assert (merged.title, merged.published, merged.kind, merged.source, merged.text_source) == ("Zeelandbrug nog weken dicht", earlier, "full", ZEELAND, None)
        assert merge(merged, cut) == merged  # seen again: nothing changes
    # Not the opening of the stored text, an editor's shorter text is taken: paragraphs taken out, a lead rewritten,
    # words after the opening the stored text does not have; and so is one of over a quarter of it.
    for lead, body in [
        (SUMMARY, (_STORY[0], _STORY[-1])),
        ("De Zeelandbrug gaat open.", _STORY[:2]),
        (SUMMARY, (*_STORY[:2], Block("paragraph", "De brug gaat dicht […]"))),
        (SUMMARY, _STORY[:12]),
    ]:
        merged = merge(_FULL, _summary(ZEELAND, lead, kind="full", body=body))
        assert (merged.lead, merged.body) == (lead, body)


_SUMMARY_OF_PARAGRAPHS = _summary(ZEELAND, body=_STORY[:3], links=BRIDGE, place="ZIERIKZEE", agencies=("ANP",))


def test_a_full_text_of_a_stored_summary_s_opening_keeps_the_summary_of_paragraphs_and_takes_its_title_and_date():
    """A feed that gave a description of four paragraphs added a content:encoded of its first one: the full text
    replaced the summary, and the user lost three paragraphs. So did another feed's content of the lead alone."""
    earlier = CAPTURED.replace(hour=6)
    for lead, body in [(SUMMARY, ()), (SUMMARY, (Block("paragraph", "De brug blijft dicht tot de pijler [Lees verder]"),)), (SUMMARY[:40], ())]:
        opening = _summary(ZEELAND, lead, kind="full", body=body, published=earlier).with_changes(title="Zeelandbrug nog weken dicht")
        merged = merge(_SUMMARY_OF_PARAGRAPHS, opening)
        assert (merged.lead, merged.body, merged.links, merged.place, merged.kind) == (SUMMARY, _STORY[:3], BRIDGE, "ZIERIKZEE", "teaser"), lead
        assert (merged.title, merged.published, merged.text_source) == ("Zeelandbrug nog weken dicht", earlier, None)
        assert merge(merged, opening) == merged  # seen again: nothing changes
    # Another source's, whether it outranks the one whose text the story shows or not, leaves the story as it was
    # (but for the date): else the two feeds would give it their titles in turn, counted updated at every fetch.
    lead_alone = _summary(PZC, kind="full").with_changes(title="Brug dicht")
    for outranks_text in (False, True):
        merged = merge(_SUMMARY_OF_PARAGRAPHS, lead_alone, outranks_text=outranks_text)
        assert merged == _SUMMARY_OF_PARAGRAPHS, outranks_text
        assert merge(merge(merged, _SUMMARY_OF_PARAGRAPHS), lead_alone, outranks_text=outranks_text) == merged
    # A full text far shorter than the summary, of other words, tells less than it too.
    assert merge(_SUMMARY_OF_PARAGRAPHS, _summary(ZEELAND, "Brug dicht.", kind="full")).body == _STORY[:3]


def test_a_full_text_that_tells_as_much_as_a_stored_summary_replaces_it_and_an_editor_s_shorter_text_is_taken():
    """The other side of a full text cut to its summary's opening: the page a feed's summary points to, the whole
    article of its content:encoded, is the story's text; so is a text of other words, shortened by an editor."""
    for lead, body in [
        (SUMMARY, _STORY),  # the whole article, the summary its opening
        (SUMMARY, _STORY[:3]),  # the summary's words, all of them
        ("De Zeelandbrug is dicht: een pijler scheurde.", _STORY[3:7]),  # other words, as long
    ]:
        for source in (ZEELAND, PZC):
            merged = merge(_SUMMARY_OF_PARAGRAPHS, _summary(source, lead, kind="full", body=body))
            assert (merged.lead, merged.body, merged.kind) == (lead, body, "full"), (lead, source)
    # A full text of other words shortened by an editor, or whose pointer in brackets ends other words, is taken.
    for lead, body in [
        ("De Zeelandbrug gaat open.", _STORY[:2]),
        (SUMMARY, (*_STORY[:2], Block("paragraph", "De brug gaat dicht [Lees verder]"))),
    ]:
        merged = merge(_FULL, _summary(ZEELAND, lead, kind="full", body=body))
        assert (merged.lead, merged.body) == (lead, body)


def test_a_link_the_source_whose_text_the_story_shows_took_out_goes():
    linked = _summary(ZEELAND, links=BRIDGE)
    assert merge(linked, _summary(ZEELAND)).links == ()
    assert merge(linked, _summary(PZC)).links == BRIDGE  # another source's text without it says nothing of it


def test_another_source_s_fuller_text_is_taken_and_that_source_s_from_then_on():
    shown = _summary(ZEELAND)
    several = _summary(PZC, "Zeelandbrug dicht.", body=(Block("paragraph", "Scheuren in een pijler."),))
    page = several.with_changes(kind="full")
    for fuller in (several, page):  # a summary of paragraphs over one of its lead alone; a full text over a teaser
        merged = merge(shown, fuller)
        assert (merged.lead, merged.body, merged.kind, merged.section, merged.source, merged.text_source) == (
            "Zeelandbrug dicht.", fuller.body, fuller.kind, "Zeeland", ZEELAND, PZC)  # fmt: skip
        assert merge(merged, shown) == merged == merge(merged, fuller)  # seen again by either: nothing changed
    # Fuller in one way and less in another (a full text of its lead alone, a summary of paragraphs): the full text is
    # the fuller, whichever came first, and stays so.
    lead_alone = _summary(ZEELAND, kind="full")
    for first, second in ((several, lead_alone), (lead_alone, several)):
        merged = merge(first, second)
        assert (merged.kind, merged.lead, merged.body) == ("full", SUMMARY, ())
        assert merge(merge(merged, several), lead_alone) == merged


def test_another_source_tells_only_what_the_story_lacks():
    bare = _summary(ZEELAND, "", published=None, age=None)
    told = merge(bare, _summary(PZC, "Zeelandbrug dicht.", author="Anna de Vries", place="MIDDELBURG", agencies=("ANP",)))
    assert (told.lead, told.place, told.published, told.author, told.source) == ("Zeelandbrug dicht.", "MIDDELBURG", CAPTURED, "Anna de Vries", ZEELAND)
    earlier = CAPTURED.replace(hour=6)
    assert merge(_summary(ZEELAND), _summary(PZC, "Zeelandbrug dicht.", published=earlier)) == _summary(ZEELAND, published=earlier, age="1 uur geleden")
    assert merge(_summary(ZEELAND), _summary(PZC, "Zeelandbrug dicht.").with_changes(title="Brug dicht")).title == "Zeelandbrug dicht"


def test_a_source_that_outranks_the_one_a_story_is_filed_by_files_it_and_gives_it_its_text_only_where_as_full():
    """A fetch of both left the outranking source's shorter text where the other had answered first, and the
    other's fuller text where it had answered last: the story's text hung on which feed answered first."""
    short, several = _summary(ZEELAND, "Zeelandbrug dicht."), _summary(PZC, body=(Block("paragraph", "Scheuren in een pijler."),))
    merged = merge(_summary(PZC), short, outranks=True, outranks_text=True)
    assert (merged.lead, merged.source, merged.text_source) == ("Zeelandbrug dicht.", ZEELAND, None)
    assert merge(short, _summary(PZC)) == merged  # the other order: the same story
    fuller_first = merge(several, short, outranks=True, outranks_text=True)
    assert (fuller_first.lead, fuller_first.body, fuller_first.source, fuller_first.text_source) == (SUMMARY, several.body, ZEELAND, PZC)
    assert merge(short, several) == fuller_first  # the other order


def test_of_three_feeds_the_text_left_is_the_fullest_of_the_first_listed_whichever_answered_first():
    """Zeeland (a section of its own, a line) outranks PZC and Omroep (none, two paragraphs each): the text left was
    PZC's or Omroep's, whichever of them answered first."""
    omroep = "https://omroep.example/zeeland.rss"
    ranks = {ZEELAND: 0, PZC: 1, omroep: 2}
    sightings = {
        ZEELAND: _summary(ZEELAND, "Zeelandbrug dicht."),
        PZC: _summary(PZC, "PZC: brug dicht.", section=None, body=(Block("paragraph", "Scheuren."),)),
        omroep: _summary(omroep, "Omroep: brug dicht.", section=None, body=(Block("paragraph", "Omleiding."),)),
    }

    def fetched(order: list[str]) -> Article:
        story: Article | None = None
        for source in order:
            filing = story.source if story else None
            shown = (story.text_source or story.source) if story else None
            rank = ranks[source]
            story = merge(story, sightings[source], rank < ranks.get(filing, 9), outranks_text=rank < ranks.get(shown, 9))
        assert story is not None
        return story

    orders = [[PZC, ZEELAND, omroep], [omroep, ZEELAND, PZC], [ZEELAND, omroep, PZC], [omroep, PZC, ZEELAND]]
    assert {(s.lead, s.source, s.text_source) for s in map(fetched, orders)} == {("PZC: brug dicht.", ZEELAND, PZC)}


def test_sources_that_outrank_the_one_a_story_is_filed_by_but_tell_no_section_give_it_no_shorter_text():
    """Feeds without a title file nothing: two listed before the one that filed the story each took the text back in
    turn, counted updated at every fetch, as a story shown by neither would not be."""
    filed = _summary("https://c.example/feed", section=None)
    for outranking in ("https://a.example/feed", "https://b.example/feed"):
        assert merge(filed, _summary(outranking, "Zeelandbrug dicht.", section=None), outranks=True) == filed


def test_once_the_source_whose_text_a_story_shows_is_gone_its_own_source_corrects_it_and_the_text_keeps_its_credit():
    """The story, reset to its own source's, went on showing the removed feed's full text, said to be its own
    source's, which never sent it."""
    several = _summary(PZC, "Zeelandbrug dicht.", body=(Block("paragraph", "Scheuren in een pijler."),))
    shows_pzc = merge(_summary(ZEELAND), several)
    corrected = merge(shows_pzc, _summary(ZEELAND, "CORRECTIE: de brug is open."), text_source_gone=True)
    assert (corrected.lead, corrected.body, corrected.text_source) == ("CORRECTIE: de brug is open.", (), None)
    page = merge(_summary(ZEELAND), several.with_changes(kind="full"))
    kept = merge(page, _summary(ZEELAND, "CORRECTIE: de brug is open."), text_source_gone=True)  # a teaser, over a full text
    assert (kept.lead, kept.text_source) == ("Zeelandbrug dicht.", PZC)  # still that source's text, said so


def test_a_story_another_source_moved_shows_the_text_it_showed_at_its_new_link():
    shown = _summary(ZEELAND)
    moved = _summary(PZC, "Zeelandbrug dicht.", url=shown.url.replace("https://", "http://"), id=shown.id)  # (known by its guid: Writer._known_by_guid)
    merged = merge(shown, moved, moved=True)
    assert (merged.url, merged.first_url, merged.lead, merged.source) == (moved.url, shown.url, SUMMARY, ZEELAND)


def _feed(*guids: str) -> bytes:
    """A feed of these items (guid and link alike), each in the feed's category Buitenland."""
    items = "".join(
        f"<item><title>Verhaal {guid[-1]}</title><link>{guid}</link><guid>{guid}</guid><category>Buitenland</category>"
        f"<description>ROME (ANP) - Verhaal {guid[-1]} over Italië.</description><pubDate>Tue, 03 Mar 2026 10:00:00 +0100</pubDate></item>"
        for guid in guids
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Nieuws</title><link>https://example.com/</link>{items}</channel></rss>'.encode()


def _wordpress_feed(title: str, content: str) -> bytes:
    """A blog's feed of one post, its text in content:encoded."""
    return (
        '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Blog</title>'
        f"<link>https://blog.example/</link><description>x</description><item><title>{title}</title><link>https://blog.example/brug</link>"
        f"<content:encoded>{escape(content)}</content:encoded></item></channel></rss>"
    ).encode()


def test_a_feed_switched_to_summary_mode_leaves_the_stored_full_text_and_gives_its_new_title(httpserver, tmp_path):
    paragraphs = [f"De brug blijft dicht tot de pijler is hersteld; de omleiding loopt via Goes ({n})." for n in range(1, 21)]
    served = {"feed": _wordpress_feed("Brug dicht", "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs))}
    httpserver.expect_request("/feed").respond_with_handler(lambda request: Response(served["feed"], content_type="application/rss+xml"))
    library, source = Library(tmp_path / "library.sqlite"), Source(httpserver.url_for("/feed"))
    run_fetch(library, [source], settings=FAST)
    stored = Library(library.path).article(article_id("https://blog.example/brug"))
    assert stored is not None and len(stored.body) == 19
    served["feed"] = _wordpress_feed("Brug nog weken dicht", f"<p>{paragraphs[0]}</p><p>De brug blijft dicht tot de pijler [&#8230;]</p>")
    run_fetch(library, [source], settings=FAST)
    story = Library(library.path).article(stored.id)
    assert story is not None and (story.lead, story.body, story.title) == (stored.lead, stored.body, "Brug nog weken dicht")


def test_a_feed_that_adds_a_content_of_its_summary_s_first_paragraph_leaves_the_stored_summary(httpserver, tmp_path):
    """A feed gave its description of four paragraphs; then content:encoded of the first one too: the full text of one
    paragraph replaced the summary at the next fetch."""
    paragraphs = [f"<p>De brug blijft dicht tot de pijler is hersteld; de omleiding loopt via Goes ({n}).</p>" for n in range(1, 5)]
    item = "<item><title>Brug dicht</title><link>https://blog.example/brug</link><description>{}</description>{}</item>"
    channel = '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Blog</title><link>https://blog.example/</link>{}</channel></rss>'
    served = {"feed": channel.format(item.format(escape("".join(paragraphs)), "")).encode()}
    httpserver.expect_request("/feed").respond_with_handler(lambda request: Response(served["feed"], content_type="application/rss+xml"))
    library, source = Library(tmp_path / "library.sqlite"), Source(httpserver.url_for("/feed"))
    run_fetch(library, [source], settings=FAST)
    stored = Library(library.path).article(article_id("https://blog.example/brug"))
    assert stored is not None and (stored.kind, len(stored.body)) == ("teaser", 3)
    content = f"<content:encoded>{escape(paragraphs[0])}</content:encoded>"
    served["feed"] = channel.format(item.format(escape("".join(paragraphs)), content)).encode()
    counts = [(r.new, r.updated) for fetch in range(2) for r in run_fetch(library, [source], settings=FAST).results]
    story = Library(library.path).article(stored.id)
    assert story is not None and (story.lead, story.body, story.kind) == (stored.lead, stored.body, "teaser")
    assert counts == [(0, 0), (0, 0)]


def test_a_summary_only_feed_that_takes_a_paragraph_out_of_an_item_corrects_the_story(httpserver, tmp_path):
    """An editor took a name out of a summary-only feed's item, its second paragraph: the fetch said `new=0 updated=0`
    and the story kept the name for good."""
    channel = '<?xml version="1.0"?><rss version="2.0"><channel><title>Nieuws</title><link>https://nieuws.example/</link>{}</channel></rss>'
    item = "<item><title>Verdachte aangehouden</title><link>https://nieuws.example/verdachte</link><description>{}</description></item>"
    paragraphs = ["<p>De politie heeft een verdachte aangehouden…</p>", "<p>Het gaat om Jan de V. uit Sluiskil.</p>"]
    served = {"feed": channel.format(item.format(escape("".join(paragraphs)))).encode(), "modified": "Tue, 03 Mar 2026 09:00:00 GMT"}
    httpserver.expect_request("/feed").respond_with_handler(
        lambda request: Response(served["feed"], content_type="application/rss+xml", headers={"Last-Modified": served["modified"]})
    )
    library, source = Library(tmp_path / "library.sqlite"), Source(httpserver.url_for("/feed"))
    run_fetch(library, [source], settings=FAST)
    stored = Library(library.path).article(article_id("https://nieuws.example/verdachte"))
    assert stored is not None and (stored.kind, stored.body) == ("teaser", (Block("paragraph", "Het gaat om Jan de V. uit Sluiskil."),))
    served.update(feed=channel.format(item.format(escape(paragraphs[0]))).encode(), modified="Tue, 03 Mar 2026 10:00:00 GMT")
    counts = [(r.new, r.updated) for fetch in range(2) for r in run_fetch(library, [source], settings=FAST).results]
    story = Library(library.path).article(stored.id)
    assert story is not None and (story.lead, story.body, story.kind) == ("De politie heeft een verdachte aangehouden…", (), "teaser")
    assert counts == [(0, 1), (0, 0)]


def _two_feeds(httpserver, served: dict[str, bytes], world_section: str | None) -> tuple[Source, Source]:
    httpserver.expect_request(re.compile(r"/(sec|all)\.rss")).respond_with_handler(lambda request: Response(served[request.path], content_type="application/rss+xml"))
    return Source(httpserver.url_for("/sec.rss"), world_section), Source(httpserver.url_for("/all.rss"))


@pytest.mark.parametrize("stored_first", ["world", "everything"])
@pytest.mark.parametrize("listed_first", ["world", "everything"])
def test_a_story_two_feeds_carry_is_filed_by_the_one_given_a_section_whichever_stores_it_first(httpserver, tmp_path, stored_first, listed_first):
    """It went to whichever feed changed last, counted updated each time, and out of the section chosen with
    `sources add --section` (which `list --section` then no longer knew); and then to whichever stored it first, which
    in one fetch of both is whichever answers first."""
    shared, more = "https://example.com/a/1", "https://example.com/a/2"
    served = {"/sec.rss": _feed(shared), "/all.rss": _feed(shared)}
    world, everything = _two_feeds(httpserver, served, "Wereld")
    by_name = {"world": world, "everything": everything}
    listed = [by_name[listed_first], *(source for name, source in by_name.items() if name != listed_first)]
    library = Library(tmp_path / "library.sqlite")
    run_fetch(library, [by_name[stored_first]], settings=FAST, listed=listed)
    counts = []
    # The second feed changes. (It gains its item after the story: a story a place further down a feed is first seen a
    # microsecond sooner, and two fetches within one second of the server's clock would count it updated.)
    for in_all in [(shared,), (shared, more), (shared, more)]:
        served["/all.rss"] = _feed(*in_all)
        counts.append({r.source.url: (r.new, r.updated) for r in run_fetch(library, listed, settings=FAST).results})
        story = Library(library.path).article(article_id(shared))
        assert (story.section, story.source) == ("Wereld", world.url)
    refiled = int(stored_first == "everything")  # once, by the feed given a section
    assert counts == [{world.url: (0, refiled), everything.url: (0, 0)}, {world.url: (0, 0), everything.url: (1, 0)}, {world.url: (0, 0), everything.url: (0, 0)}]


def test_a_story_two_feeds_bring_in_one_fetch_counts_new_once_and_never_updated(httpserver, tmp_path):
    """The feed given a section files it anew when the other stored it first in the same run: "5 new, 5 updated
    articles" for 5 articles."""
    shared = "https://example.com/a/1"
    world, everything = _two_feeds(httpserver, {"/sec.rss": _feed(shared), "/all.rss": _feed(shared)}, "Wereld")
    for run in range(5):  # (either may answer first)
        library = Library(tmp_path / f"library-{run}.sqlite")
        results = run_fetch(library, [everything, world], settings=FAST).results
        assert (sum(r.new for r in results), sum(r.updated for r in results)) == (1, 0)
        assert Library(library.path).article(article_id(shared)).section == "Wereld"


@pytest.mark.parametrize("stored_first", ["sec", "all"])
def test_a_story_two_feeds_without_a_section_of_their_own_carry_is_filed_by_the_first_listed(httpserver, tmp_path, stored_first):
    shared = "https://example.com/a/1"
    served = {"/sec.rss": _feed(shared).replace(b"Buitenland", b"Wereld"), "/all.rss": _feed(shared)}
    other, everything = _two_feeds(httpserver, served, None)
    library = Library(tmp_path / "library.sqlite")
    run_fetch(library, [other if stored_first == "sec" else everything], settings=FAST, listed=[everything, other])
    for _fetch in range(2):
        run_fetch(library, [everything, other], settings=FAST)
        story = Library(library.path).article(article_id(shared))
        assert (story.section, story.source) == ("Buitenland", everything.url)


# -- the addresses of a story's images --------------------------------------------------------------------------

PICTURE = Link("https://cdn.example/styles/large/brug.jpg?itok=Ab12", "[De brug]", (0, 9))


def test_a_new_query_string_of_a_link_alone_is_no_update_of_the_story(tmp_path):
    """A feed whose image addresses carry a new signature at every fetch (`?itok=…`, `?w=…&sig=…`) had its stories
    counted updated, and written again, at every fetch."""
    stored = _summary(ZEELAND, links=(PICTURE, *BRIDGE))
    resigned = _summary(ZEELAND, links=(PICTURE._replace(url="https://cdn.example/styles/large/brug.jpg?itok=Zz99"), *BRIDGE))
    assert merge(stored, resigned) == stored
    library = Library(tmp_path / "library.sqlite")
    assert library.add([(stored, CAPTURED)]).new == 1
    assert library.add([(resigned, CAPTURED)]).unchanged == 1
    # Another picture, other words, or a change of anything else is an update still, with the new addresses.
    other = PICTURE._replace(url="https://cdn.example/styles/large/sluis.jpg?itok=Zz99")
    assert merge(stored, _summary(ZEELAND, links=(other, *BRIDGE))).links == (other, *BRIDGE)
    assert merge(stored, _summary(ZEELAND, links=(PICTURE._replace(url=resigned.links[0].url, text="[De sluis]"), *BRIDGE))) != stored
    edited = merge(stored, resigned.with_changes(lead="Zeelandbrug weer open."))
    assert (edited.lead, edited.links) == ("Zeelandbrug weer open.", resigned.links)


def test_a_new_signature_or_expiry_alone_in_a_links_query_string_is_no_update_of_the_story():
    """A signed video link (`?v=1&sig=…&expires=…`, `X-Amz-Signature=…`) made anew at each fetch counted its story
    updated every time, since only a picture's query string was let be."""
    for before, after in (
        ("https://x.example/video?v=1&sig=AAA&expires=100", "https://x.example/video?v=1&sig=BBB&expires=200"),
        ("https://s3.example/a.mp4?X-Amz-Date=1&X-Amz-Signature=aa", "https://s3.example/a.mp4?X-Amz-Date=2&X-Amz-Signature=bb"),
    ):
        stored = _summary(ZEELAND, links=(Link(before, "de video"),))
        assert merge(stored, _summary(ZEELAND, links=(Link(after, "de video"),))) == stored
    stored = _summary(ZEELAND, links=(Link("https://x.example/video?v=1&sig=AAA", "de video"),))
    assert merge(stored, _summary(ZEELAND, links=(Link("https://x.example/video?v=2&sig=BBB", "de video"),))) != stored  # another video


def test_a_corrected_query_string_of_a_link_that_is_no_picture_is_taken():
    """A story whose only change was a fixed link (`watch?v=AAA` → `?v=BBB`, `artikel.php?id=1001` → `2002`) kept the
    wrong one for good: the query string of a link that is no picture is what it points to."""
    for wrong, right in (("https://www.youtube.com/watch?v=AAA", "https://www.youtube.com/watch?v=BBB"), ("https://x.nl/artikel.php?id=1001", "https://x.nl/artikel.php?id=2002")):
        stored = _summary(ZEELAND, links=(Link(wrong, "de video"),))
        assert merge(stored, _summary(ZEELAND, links=(Link(right, "de video"),))).links == (Link(right, "de video"),)
