"""Hand-written variants of the seed pages, each read in text, compact and HTML form."""

from __future__ import annotations

from datetime import datetime, timedelta
from html import escape

import pytest
from conftest import CAPTURED, ROOT
from pagekit import ArticlePage, IndexPage, Teaser, cut_after, page_articles, page_html

from feeds.model import AMSTERDAM, LINE_BREAK, Block
from feeds.pages.html import fragment_blocks
from feeds.pages.page import NotANewsPage, parse_page

PAGES = ROOT / "tests" / "pages"

LEAD = (
    "MOSKOU (ANP/RTR) - De zwaar gepantserde trein waarin de Noord-Koreaanse leider Kim Jong-un pleegt te reizen "
    "is al in Rusland aangekomen, meldt het Russische staatspersbureau RIA."
)
PARAGRAPH = "Ook Poetin wordt dinsdag in Vladivostok verwacht. Hij woont er de hoofdsessie van het forum bij."
TEASERS = [
    Teaser("Trump erkent krapte in Amerikaanse munitievoorraden",
           "WASHINGTON (ANP) - De voorraden van de hoogwaardigste Amerikaanse munitie zijn niet op peil.", "25 minuten geleden"),
    Teaser("Kremlin verwacht door Iran-oorlog geen gesprekken in Abu Dhabi",
           "MOSKOU (ANP/AFP/RTR) - Het Kremlin verwacht niet dat er op korte termijn nieuwe onderhandelingen plaatsvinden.",
           "1 uur geleden"),
]  # fmt: skip
FORMS = ("text", "compact", "html")


def read(page: ArticlePage | IndexPage, form: str, captured: datetime = CAPTURED):
    content = page.compact() if form == "compact" else page.html() if form == "html" else page.text()
    return parse_page(content, captured, html=form == "html")


def story_page(*story: tuple[str, str], title: str = "Koreaanse leider Kim al in Rusland", teasers=TEASERS, section="Buitenland"):
    return ArticlePage(title=title, story=list(story), section=section, teasers=list(teasers))


# -- the shapes ----------------------------------------------------------------------------------


@pytest.mark.parametrize("form", FORMS)
def test_an_article_page_gives_its_story_and_every_teaser(form):
    page = story_page(("p", LEAD), ("p", PARAGRAPH), ("h", "Onderhandelingen"), ("p", PARAGRAPH))
    result = read(page, form)
    assert (result.kind, result.section) == ("article", "Buitenland")
    story, *teasers = result.articles
    assert (story.title, story.kind, story.place, story.agencies) == ("Koreaanse leider Kim al in Rusland", "full", "MOSKOU", ("ANP", "RTR"))
    assert story.lead.startswith("De zwaar gepantserde trein")
    assert story.body == (Block("paragraph", PARAGRAPH), Block("subheading", "Onderhandelingen"), Block("paragraph", PARAGRAPH))
    assert [t.title for t in teasers] == [t.title for t in TEASERS]
    assert [t.age for t in teasers] == ["25 minuten geleden", "1 uur geleden"]
    assert [t.published for t in teasers] == [CAPTURED - timedelta(minutes=25), CAPTURED - timedelta(hours=1)]
    assert [t.place for t in teasers] == ["WASHINGTON", "MOSKOU"]
    assert teasers[1].agencies == ("ANP", "AFP", "RTR")
    assert all(t.kind == "teaser" and t.section == "Buitenland" and t.body == () for t in teasers)


def test_compact_rendering_glues_each_age_to_the_next_teaser_and_drops_titles():
    untitled = [Teaser(None, t.lead, t.age) for t in TEASERS] + [
        Teaser(None, "AMSTERDAM (ANP) - De gemeente Amsterdam gaat de grachten opnieuw laten baggeren. Dat kost miljoenen.", "2 uur geleden"),
    ]
    page = story_page(("p", LEAD), ("p", PARAGRAPH), teasers=untitled)
    compact = page.compact()
    assert "25 minuten geledenMOSKOU (ANP/AFP/RTR) - " in compact and "1 uur geledenAMSTERDAM (ANP) - " in compact
    story, *teasers = parse_page(compact, CAPTURED).articles
    assert story.title == "Koreaanse leider Kim al in Rusland" and story.body == (Block("paragraph", PARAGRAPH),)
    assert [t.place for t in teasers] == ["WASHINGTON", "MOSKOU", "AMSTERDAM"]
    assert [t.age for t in teasers] == ["25 minuten geleden", "1 uur geleden", "2 uur geleden"]
    # A teaser that shows no title gets one from its lead's first sentence.
    assert [t.title for t in teasers] == [
        "De voorraden van de hoogwaardigste Amerikaanse munitie zijn niet op peil",
        "Het Kremlin verwacht niet dat er op korte termijn nieuwe onderhandelingen plaatsvinden",
        "De gemeente Amsterdam gaat de grachten opnieuw laten baggeren",
    ]
    assert all(t.title_from_lead for t in teasers)
    assert teasers[2].url == "https://www.zeelandnet.nl/nieuws/de-gemeente-amsterdam-gaat-de-grachten-opnieuw-laten-baggeren"


@pytest.mark.parametrize("form", ("text", "html"))
def test_a_section_index_page_gives_its_items_dated_from_its_date_line(form):
    items = [
        Teaser("Kabinet wil snellere asielprocedure", "DEN HAAG (ANP) - Het kabinet wil dat asielaanvragen sneller worden behandeld.", "1 maand geleden"),
        Teaser("Kamer stemt in met woningwet", "DEN HAAG (ANP) - De Tweede Kamer heeft ingestemd met de nieuwe woningwet.", "1 jaar geleden"),
        Teaser("Minister bezoekt Zeeland", "MIDDELBURG (ANP) - De minister van Infrastructuur bezocht dinsdag de Zeeuwse kust.", "gisteren"),
    ]
    # The file was saved weeks later; the page's own date line says when it was captured.
    result = read(IndexPage("Politiek", items), form, captured=datetime(2025, 12, 20, 9, 0, tzinfo=AMSTERDAM))
    assert (result.kind, result.section) == ("index", "Politiek")
    assert [a.title for a in result.articles] == [i.title for i in items]  # the ANP badge is not part of the title
    assert all(a.kind == "teaser" and a.section == "Politiek" for a in result.articles)
    end_of_day = datetime(2025, 11, 3, 23, 59, 59, tzinfo=AMSTERDAM)
    assert [a.published for a in result.articles] == [
        datetime(2025, 10, 3, 23, 59, 59, tzinfo=AMSTERDAM),
        datetime(2024, 11, 3, 23, 59, 59, tzinfo=AMSTERDAM),
        datetime(2025, 11, 2, 23, 59, 59, tzinfo=AMSTERDAM),
    ]
    assert result.captured == end_of_day
    assert [a.place for a in result.articles] == ["DEN HAAG", "DEN HAAG", "MIDDELBURG"]


def test_an_index_page_saved_on_its_own_day_counts_ages_from_the_save_time():
    items = [Teaser("Kabinet wil snellere asielprocedure", "DEN HAAG (ANP) - Het kabinet wil dat asielaanvragen sneller gaan.", "3 uur geleden")]
    saved = datetime(2025, 11, 3, 14, 20, tzinfo=AMSTERDAM)
    [item] = read(IndexPage("Politiek", items), "text", captured=saved).articles
    assert item.published == datetime(2025, 11, 3, 11, 20, tzinfo=AMSTERDAM)


# -- datelines ------------------------------------------------------------------------------------

DATELINES = [
    ("GOES - De gemeente Goes opent een nieuw zwembad aan de rand van de stad.", "GOES", (), None),
    ("DEN HAAG/BRUSSEL (ANP) - Het kabinet en de Europese Commissie zijn het eens over de regels.", "DEN HAAG/BRUSSEL", ("ANP",), None),
    ("CAPELLE AAN DEN IJSSEL (ANP) - Een man is gewond geraakt bij een steekpartij in een woning.", "CAPELLE AAN DEN IJSSEL", ("ANP",), None),
    ("GAZA-STAD (ANP/AFP) - Bij een aanval op een school zijn volgens hulpverleners doden gevallen.", "GAZA-STAD", ("ANP", "AFP"), None),
    ("BERLIJN (ANP/AFP/DPA) - De Duitse regering heeft een nieuw klimaatplan gepresenteerd.", "BERLIJN", ("ANP", "AFP", "DPA"), None),
    ("BRUSSEL (Belga/anp) - De Belgische regering heeft een akkoord bereikt over de begroting.", "BRUSSEL", ("Belga", "ANP"), None),
    ("ANTWERPEN (anp/belga) - De haven van Antwerpen heeft een recordjaar achter de rug.", "ANTWERPEN", ("ANP", "Belga"), None),
    ("EREDIVISIEALKMAAR (ANP) - AZ heeft zondag met ruime cijfers gewonnen van FC Utrecht.", "ALKMAAR", ("ANP",), "EREDIVISIE"),
    ("HONKBALHAARLEM (ANP) - De honkballers van Haarlem hebben de eerste wedstrijd gewonnen.", "HAARLEM", ("ANP",), "HONKBAL"),
    ("'S-HERTOGENBOSCH (ANP) - De rechtbank heeft een man veroordeeld tot een celstraf van drie jaar.", "'S-HERTOGENBOSCH", ("ANP",), None),
]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize(("lead", "place", "agencies", "rubric"), DATELINES, ids=[d[1] for d in DATELINES])
def test_datelines_give_place_agencies_and_rubric(form, lead, place, agencies, rubric):
    teaser = Teaser("Een bericht met een bijzondere dateline", lead, "5 minuten geleden")
    story, read_teaser = read(story_page(("p", lead), teasers=[teaser]), form).articles
    for article in (story, read_teaser):
        assert (article.place, article.agencies, article.rubric) == (place, agencies, rubric)
        assert article.lead == lead.split(" - ", 1)[1]


@pytest.mark.parametrize("name", ["article-glued-rubrics.txt", "article-glued-rubrics.html"])
def test_rubrics_never_seen_are_split_from_the_places_they_are_glued_to(name):
    story, *teasers = parse_page((PAGES / name).read_text(encoding="utf-8"), CAPTURED).articles
    assert (story.rubric, story.place, story.agencies) == ("HONKBAL", "HAARLEM", ("ANP",))
    assert story.lead.startswith("De honkballers van Haarlem")
    assert [(t.rubric, t.place) for t in teasers] == [
        ("WATERPOLO", "UTRECHT"),
        ("ZEILEN", "MEDEMBLIK"),
        (None, "BOBSLEEST. MORITZ"),  # no known place after the rubric: not split
        (None, "MOLENBEEK"),  # a compound of place-name parts, not a rubric and a place
        (None, "OOSTKAPELLE"),
    ]


@pytest.mark.parametrize("form", FORMS)
def test_a_story_without_dateline_keeps_its_whole_first_paragraph_as_lead(form):
    lead = "De gemeente Vlissingen krijgt een nieuw havenkantoor. Het gebouw moet in 2027 klaar zijn."
    story = read(story_page(("p", lead), ("p", PARAGRAPH)), form).articles[0]
    assert (story.place, story.agencies, story.lead) == (None, (), lead)


# -- prose that looks like structure -------------------------------------------------------------


@pytest.mark.parametrize("form", FORMS)
def test_dashes_parentheses_and_age_words_inside_prose_stay_prose(form):
    lead = "UTRECHT (ANP) - (KOZP) Kick Out Zwarte Piet demonstreert zaterdag - zoals vorig jaar - in Utrecht."
    paragraph = "Het is precies een jaar geleden dat de wedstrijd FC Utrecht - AZ werd gestaakt. Dat was 2 uur geleden nog onbekend."
    teasers = [
        Teaser("FC Utrecht - AZ eindigt in gelijkspel", "UTRECHT (ANP) - FC Utrecht - AZ is zondag geëindigd in 1-1, een jaar geleden dat het zo eindigde.", "1 uur geleden"),
    ]
    story, teaser = read(story_page(("p", lead), ("p", paragraph), title="Actie tegen Zwarte Piet - opnieuw in Utrecht", teasers=teasers), form).articles
    assert story.title == "Actie tegen Zwarte Piet - opnieuw in Utrecht"
    assert (story.place, story.lead) == ("UTRECHT", "(KOZP) Kick Out Zwarte Piet demonstreert zaterdag - zoals vorig jaar - in Utrecht.")
    assert story.body == (Block("paragraph", paragraph),)
    assert teaser.title == "FC Utrecht - AZ eindigt in gelijkspel"
    assert teaser.lead.startswith("FC Utrecht - AZ is zondag") and teaser.age == "1 uur geleden"


@pytest.mark.parametrize("form", FORMS)
def test_a_teaser_title_starting_with_meer_right_under_the_list_heading_is_a_title(form):
    teasers = [Teaser("Meer geld voor defensie in nieuwe begroting", "DEN HAAG (ANP) - Het kabinet trekt extra geld uit voor defensie.", "10 minuten geleden")] + TEASERS
    _, *read_teasers = read(story_page(("p", LEAD), teasers=teasers), form).articles
    assert [t.title for t in read_teasers][:1] == ["Meer geld voor defensie in nieuwe begroting"]
    assert len(read_teasers) == 3


@pytest.mark.parametrize("form", FORMS)
def test_two_teasers_with_the_same_title_are_both_read(form):
    twins = [
        Teaser("Liveblog oorlog in Oekraïne", "KIEV (ANP) - Oekraïne meldt nieuwe aanvallen op het oosten van het land.", "5 minuten geleden"),
        Teaser("Liveblog oorlog in Oekraïne", "MOSKOU (ANP) - Rusland zegt drones boven de grens te hebben neergeschoten.", "3 uur geleden"),
    ]
    _, first, second = read(story_page(("p", LEAD), teasers=twins), form).articles
    assert first.title == second.title and first.url == second.url  # the site names both the same
    assert (first.place, second.place) == ("KIEV", "MOSKOU")


# -- sub-headings ------------------------------------------------------------------------------


@pytest.mark.parametrize("form", FORMS)
def test_short_lines_between_paragraphs_are_subheadings(form):
    story = story_page(("p", LEAD), ("h", "VVD"), ("p", PARAGRAPH), ("h", "51e persconferentie"), ("p", PARAGRAPH), ("h", "Reactie"), ("p", PARAGRAPH))
    body = read(story, form).articles[0].body
    assert [(b.kind, b.text) for b in body if b.kind == "subheading"] == [("subheading", "VVD"), ("subheading", "51e persconferentie"), ("subheading", "Reactie")]
    assert len(body) == 6


def test_a_subheading_followed_by_a_single_newline_is_still_one():
    text = story_page(("p", LEAD), ("p", PARAGRAPH), ("h", "Onderhandelingen"), ("p", PARAGRAPH)).text()
    text = text.replace("Onderhandelingen\n\n", "Onderhandelingen\n")
    body = parse_page(text, CAPTURED).articles[0].body
    assert body[1] == Block("subheading", "Onderhandelingen") and body[2].kind == "paragraph"


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("subheading", ["Gisteren", "Zojuist", "Eergisteren", "1 uur geleden", "12 maart", "3 november 2025"])
def test_a_subheading_that_reads_like_an_age_stays_in_the_story_and_dates_nothing(form, subheading):
    story = read(story_page(("p", LEAD), ("p", PARAGRAPH), ("h", subheading), ("p", PARAGRAPH)), form).articles[0]
    assert story.body == (Block("paragraph", PARAGRAPH), Block("subheading", subheading), Block("paragraph", PARAGRAPH))
    assert (story.age, story.published) == (None, None)


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize(("teasers", "section"), [(TEASERS, "Buitenland"), ((), None)], ids=["with-its-list", "alone"])
def test_a_timeline_headed_by_dates_is_one_story_with_its_subheadings(form, teasers, section):
    """Its dates, read as the ages of a list (they are ages where a list writes one as a date), made the story's
    parts three teasers (alone on its page) or were taken out of its text and dated it a year back."""
    parts = [part for day in ("10 maart", "12 maart", "14 maart") for part in (("h", day), ("p", PARAGRAPH))]
    story = read(story_page(("p", LEAD), ("p", PARAGRAPH), *parts, teasers=teasers, section=section), form).articles[0]
    assert [b.text for b in story.body if b.kind == "subheading"] == ["10 maart", "12 maart", "14 maart"]
    assert (story.age, story.published) == (None, None)


@pytest.mark.parametrize("form", ["text", "html"])
def test_a_list_of_older_items_each_dated_by_a_date_is_a_list(form):
    """A timeline's dates (above) are no list's ages; read as such, a section page of older items, which the site dates
    so, became one story named after the section, its items its body (r95)."""
    items = [Teaser(f"Kamer stemt over wet {n}", f"DEN HAAG (ANP) - De Tweede Kamer stemt over wet {n}.", f"{n} oktober") for n in (3, 2, 1)]
    result = read(IndexPage("Politiek", items), form)
    assert (result.kind, [a.title for a in result.articles]) == ("index", [i.title for i in items])
    assert [a.published.day for a in result.articles] == [3, 2, 1]


@pytest.mark.parametrize("form", ["text", "compact"])
def test_an_age_on_its_own_line_above_the_lead_dates_the_story(form):
    page = story_page(("p", LEAD), ("p", PARAGRAPH), ("h", "Gisteren"), ("p", PARAGRAPH))
    content = (page.compact() if form == "compact" else page.text()).replace(LEAD, "1 uur geleden\n" + LEAD, 1)
    story = parse_page(content, CAPTURED).articles[0]
    assert (story.age, story.published, story.place) == ("1 uur geleden", CAPTURED - timedelta(hours=1), "MOSKOU")
    assert story.body == (Block("paragraph", PARAGRAPH), Block("subheading", "Gisteren"), Block("paragraph", PARAGRAPH))


# -- quotes and odd characters -----------------------------------------------------------------


@pytest.mark.parametrize("form", FORMS)
def test_quotes_of_every_kind_and_odd_names_are_kept_as_written(form):
    title = "Eén op de vijf ‘twijfelt’ aan “NOC*NSF” en 'sportbeleid\""
    paragraph = "Dat zei “de voorzitter’ van NOC*NSF: 'we moeten verder\". Eén ding is zeker."
    story = read(story_page(("p", LEAD), ("p", paragraph), title=title), form).articles[0]
    assert story.title == title
    assert story.body == (Block("paragraph", paragraph),)
    assert story.url == "https://www.zeelandnet.nl/nieuws/een-op-de-vijf-twijfelt-aan-noc-nsf-en-sportbeleid"


@pytest.mark.parametrize("form", FORMS)
def test_a_noncharacter_a_page_writes_is_no_escape_and_eats_no_letter(form):
    paragraph = "Ga \ufdd0Zeeland in en \ufdd1]0;kijk \x1b[1mrond. Eén ding is zeker, dat zei de voorzitter."
    story = read(story_page(("p", LEAD), ("p", paragraph), title="Ga \ufdd0Zeeland in"), form).articles[0]
    assert story.title == "Ga Zeeland in"
    assert story.body == (Block("paragraph", "Ga Zeeland in en ]0;kijk rond. Eén ding is zeker, dat zei de voorzitter."),)


def test_a_leading_space_on_the_title_line_is_not_part_of_the_title():
    text = story_page(("p", LEAD), ("p", PARAGRAPH)).text().replace("Koreaanse leider", " Koreaanse leider")
    assert parse_page(text, CAPTURED).articles[0].title == "Koreaanse leider Kim al in Rusland"


# -- pages cut off anywhere --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("where", "keep_teasers"),
    [("mid-title", 1), ("mid-dateline", 1), ("mid-lead", 1), ("mid-age", 1), ("after-age", 2)],
)
def test_a_cut_page_keeps_every_complete_item_and_drops_the_cut_one(where, keep_teasers):
    text = story_page(("p", LEAD), ("p", PARAGRAPH)).text()
    cuts = {
        "mid-title": cut_after(text, "Kremlin verwacht door", 10),
        "mid-dateline": cut_after(text, "MOSKOU (ANP/AFP", 9),
        "mid-lead": cut_after(text, "Het Kremlin verwacht", 12),
        "mid-age": cut_after(text, "1 uur geleden", 8),
        "after-age": text,
    }
    _, *teasers = parse_page(cuts[where], CAPTURED).articles
    assert [t.title for t in teasers] == [t.title for t in TEASERS][:keep_teasers]
    assert all(t.age for t in teasers)


def test_a_page_cut_inside_the_story_keeps_the_complete_blocks_only():
    text = story_page(("p", LEAD), ("p", PARAGRAPH), ("h", "Onderhandelingen"), ("p", PARAGRAPH)).text()
    story = parse_page(cut_after(text, "Ook Poetin wordt", 30), CAPTURED).articles[0]
    assert story.body == (Block("paragraph", PARAGRAPH), Block("subheading", "Onderhandelingen"))
    cut_in_heading = parse_page(cut_after(text, "Onderhandel", 11), CAPTURED).articles[0]
    assert cut_in_heading.body == (Block("paragraph", PARAGRAPH),)


# A sub-heading right above the paragraph the page ends in is whole; the cut paragraph never is.
SUBHEADINGS = ["GL", "D66", "Onderhandelingen", "Kritiek van de oppositie op de plannen voor woningbouw in de Randstad en daarbuiten"]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("subheading", SUBHEADINGS)
@pytest.mark.parametrize("cut_at", [12, 40, len(PARAGRAPH) - 1], ids=["a-few-words", "mid-sentence", "before-its-full-stop"])
def test_a_subheading_above_the_paragraph_the_page_is_cut_in_is_kept(form, subheading, cut_at):
    page = story_page(("p", LEAD), ("p", PARAGRAPH), ("h", subheading), ("p", PARAGRAPH), section=None, teasers=[])
    content = page.compact() if form == "compact" else page.html() if form == "html" else page.text()
    cut = cut_after(content, PARAGRAPH, cut_at)
    story = parse_page(cut, CAPTURED, html=form == "html").articles[0]
    assert story.body == (Block("paragraph", PARAGRAPH), Block("subheading", subheading))


@pytest.mark.parametrize("form", FORMS)
def test_the_only_subheading_above_a_cut_paragraph_is_the_body(form):
    page = story_page(("p", LEAD), ("h", "VVD"), ("p", PARAGRAPH), section=None, teasers=[])
    content = page.compact() if form == "compact" else page.html() if form == "html" else page.text()
    story = parse_page(cut_after(content, PARAGRAPH, 25), CAPTURED, html=form == "html").articles[0]
    assert story.lead == LEAD.split(" - ", 1)[1] and story.body == (Block("subheading", "VVD"),)


ELECTION_PARAGRAPH = 'De minister zei dat gemeenten sneller vergunningen moeten verlenen. "Er ligt genoeg grond klaar, het gaat om de regels", aldus de bewindsman.'


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("article-subheading-before-cut.txt", [("paragraph", ELECTION_PARAGRAPH), ("subheading", "VVD"),
         ("paragraph", 'De VVD steunt het plan, maar wil dat er ook meer middenhuur komt. Kamerlid De Groot noemde het "een goede eerste stap".'),
         ("subheading", "GL")]),
        ("article-subheading-before-cut.html", [("paragraph", ELECTION_PARAGRAPH), ("subheading", "GL")]),
        ("article-subheading-before-cut-compact.txt",
         [("paragraph", ELECTION_PARAGRAPH), ("subheading", "Kritiek van de oppositie op de plannen voor woningbouw in de Randstad en daarbuiten")]),
        ("article-only-subheading-before-cut.txt", [("subheading", "D66")]),
    ],
)  # fmt: skip
def test_saved_pages_that_end_mid_paragraph_keep_the_subheading_above_it(name, body):
    story = parse_page((PAGES / name).read_text(encoding="utf-8"), CAPTURED).articles[0]
    assert story.place == "DEN HAAG" and story.lead.endswith(".")
    assert [(b.kind, b.text) for b in story.body] == body


def test_a_page_cut_in_its_title_or_lead_has_no_article():
    text = story_page(("p", LEAD), ("p", PARAGRAPH)).text()
    for cut in (cut_after(text, "Koreaanse leider Kim al", 12), cut_after(text, "MOSKOU (ANP/RTR) - De zwaar", 20)):
        with pytest.raises(NotANewsPage):
            parse_page(cut, CAPTURED)


@pytest.mark.parametrize("form", FORMS)
def test_a_page_without_its_more_from_list_is_just_the_story(form):
    result = read(story_page(("p", LEAD), ("p", PARAGRAPH), section=None, teasers=[]), form)
    [story] = result.articles
    assert story.body == (Block("paragraph", PARAGRAPH),) and story.section is None


# -- ages and sections ---------------------------------------------------------------------------

AGES = [
    ("1 minuut geleden", timedelta(minutes=1)),
    ("59 minuten geleden", timedelta(minutes=59)),
    ("1 uur geleden", timedelta(hours=1)),
    ("23 uur geleden", timedelta(hours=23)),
    ("1 dag geleden", timedelta(days=1)),
    ("6 dagen geleden", timedelta(days=6)),
    ("1 week geleden", timedelta(weeks=1)),
    ("3 weken geleden", timedelta(weeks=3)),
]


@pytest.mark.parametrize(("age", "elapsed"), AGES, ids=[a for a, _ in AGES])
def test_ages_are_resolved_to_the_latest_moment_they_allow(age, elapsed):
    teaser = Teaser("Een bericht", "GOES (ANP) - Er is iets gebeurd in de gemeente Goes vandaag.", age)
    [_, item] = read(story_page(("p", LEAD), teasers=[teaser]), "text").articles
    assert (item.age, item.published) == (age, CAPTURED - elapsed)


@pytest.mark.parametrize(
    ("age", "published"),
    [
        ("1 maand geleden", datetime(2026, 2, 3, 12, 0, tzinfo=AMSTERDAM)),
        ("5 maanden geleden", datetime(2025, 10, 3, 12, 0, tzinfo=AMSTERDAM)),
        ("2 jaar geleden", datetime(2024, 3, 3, 12, 0, tzinfo=AMSTERDAM)),
        ("gisteren", datetime(2026, 3, 2, 23, 59, 59, tzinfo=AMSTERDAM)),
    ],
)
def test_months_years_and_yesterday_follow_the_calendar(age, published):
    teaser = Teaser("Een bericht", "GOES (ANP) - Er is iets gebeurd in de gemeente Goes vandaag.", age)
    [_, item] = read(story_page(("p", LEAD), teasers=[teaser]), "text").articles
    assert item.published == published


@pytest.mark.parametrize("section", ["Binnenland", "Politiek", "Financieel", "Sport", "Voetbal", "Zeeland", "Show & Media"])
@pytest.mark.parametrize("form", FORMS)
def test_every_section_name_is_read_from_the_more_from_heading(section, form):
    result = read(story_page(("p", LEAD), section=section), form)
    assert result.section == section
    assert {a.section for a in result.articles} == {section}


# -- HTML specifics ------------------------------------------------------------------------------


def test_html_canonical_link_and_published_time_win():
    page = story_page(("p", LEAD), ("p", PARAGRAPH))
    html = page.html(canonical="https://www.zeelandnet.nl/nieuws/kim-in-rusland-12345", published="2026-03-03T08:15:00+00:00")
    story, teaser, _ = parse_page(html, CAPTURED, html=True).articles
    assert story.url == "https://www.zeelandnet.nl/nieuws/kim-in-rusland-12345"
    assert story.published == datetime(2026, 3, 3, 9, 15, tzinfo=AMSTERDAM)
    assert teaser.url == "https://www.zeelandnet.nl/nieuws/trump-erkent-krapte-in-amerikaanse-munitievoorraden"


def test_html_json_ld_dates_and_time_elements_are_used():
    html = story_page(("p", LEAD), ("p", PARAGRAPH)).html().replace(
        "</head>",
        '<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage"},'
        '{"@type":"NewsArticle","headline":"Kim in Rusland","datePublished":"2026-03-03T07:00:00+01:00"}]}</script></head>',
    ).replace('<time datetime="">25 minuten geleden', '<time datetime="2026-03-03T11:31:00+01:00">25 minuten geleden', 1)
    story, teaser, _ = parse_page(html, CAPTURED, html=True).articles
    assert story.published == datetime(2026, 3, 3, 7, 0, tzinfo=AMSTERDAM)
    assert teaser.published == datetime(2026, 3, 3, 11, 31, tzinfo=AMSTERDAM)
    assert teaser.age == "25 minuten geleden"


def test_html_chrome_never_becomes_content():
    html = story_page(("p", LEAD), ("p", PARAGRAPH)).html()
    articles = parse_page(html, CAPTURED, html=True).articles
    assert len(articles) == 3  # the story and the two teasers beside it
    for article in articles:
        text = " ".join([article.title, article.lead, *(b.text for b in article.body)]).lower()
        for chrome in ("webmail", "cookies", "advertentie", "javascript", "rechten voorbehouden", "editie", "datalayer"):
            assert chrome not in text


QUOTATION = (
    "<p>Peskov zei het volgende over het bezoek:</p><blockquote><p>Het wordt een volwaardig bezoek.</p>"
    "<p>Er zullen onderhandelingen plaatsvinden.</p><blockquote>Kort citaat</blockquote></blockquote><p>Ook Poetin wordt verwacht.</p>"
)


def quotation_page() -> str:
    story = f"<p>{escape(LEAD)}</p>{QUOTATION}"
    return page_html("Kim in Rusland", "", f'<article class="article"><h1>Kim in Rusland</h1><div class="article-body">{story}</div></article>')


def test_a_quotation_on_an_html_page_is_marked_as_a_feed_entrys_is(tmp_path):
    """A page's <blockquote> (a ZeelandNet article, a web page imported) was read as the story's own paragraphs, a short
    quoted line as a subheading: a feed entry's is a quotation (QUOTE_MARK), drawn with a bar and exported as one."""
    quoted = [
        Block("paragraph", "Peskov zei het volgende over het bezoek:"),
        Block("paragraph", "> Het wordt een volwaardig bezoek."),
        Block("paragraph", "> Er zullen onderhandelingen plaatsvinden."),
        Block("paragraph", "> > Kort citaat"),
        Block("paragraph", "Ook Poetin wordt verwacht."),
    ]
    [story] = parse_page(quotation_page(), CAPTURED, html=True).articles
    assert list(story.body) == quoted
    assert [block.text for block in quoted] == [block.text for block in fragment_blocks(QUOTATION, "https://x.example/")]
    (tmp_path / "pagina.html").write_text(quotation_page(), encoding="utf-8")
    [imported], _captured = page_articles(tmp_path / "pagina.html", CAPTURED)
    assert imported == story == parse_page(quotation_page(), CAPTURED, html=True).articles[0]


# Lines a `<br>` breaks, as pages and feed entries write them: a paragraph's, a bold heading's, a heading's own, two paragraphs'.
BROKEN_LINES = (
    "<p>Daarna volgde een debat<br>in de Staten.</p><p><strong>Bereikbaarheid</strong><br>De binnenstad blijft bereikbaar.</p>"
    "<p>Vet <b>midden</b><br>in een regel.</p><h2>Extra<br>voorstelling</h2><p>Eerste alinea.<br><br>Tweede alinea.</p>"
)


def test_lines_broken_by_br_on_an_html_page_are_read_as_a_feed_entrys_are(tmp_path):
    """`<p>Daarna volgde een debat<br>in de Staten.</p>` on a page imported was stored as a subheading `Daarna volgde
    een debat` and a paragraph `in de Staten.`: a feed entry's is one paragraph of two lines (LINE_BREAK), and only a
    short bold first line before a `<br>` is a subheading of its own."""
    broken = [
        Block("paragraph", f"Daarna volgde een debat{LINE_BREAK}in de Staten."),
        Block("subheading", "Bereikbaarheid"),
        Block("paragraph", "De binnenstad blijft bereikbaar."),
        Block("paragraph", f"Vet midden{LINE_BREAK}in een regel."),
        Block("subheading", "Extra voorstelling"),
        Block("paragraph", "Eerste alinea."),
        Block("paragraph", "Tweede alinea."),
    ]
    story = f"<p>{escape(LEAD)}</p>{BROKEN_LINES}"
    html = page_html("Kim in Rusland", "", f'<article class="article"><h1>Kim in Rusland</h1><div class="article-body">{story}</div></article>')
    (tmp_path / "pagina.html").write_text(html, encoding="utf-8")
    [imported], _captured = page_articles(tmp_path / "pagina.html", CAPTURED)
    assert list(imported.body) == broken
    assert [block.text for block in broken] == [block.text for block in fragment_blocks(BROKEN_LINES, "https://x.example/")]


def test_a_pages_lead_in_a_quotation_keeps_its_dateline():
    """A ZeelandNet or imported page whose lead stands in a <blockquote> lost its dateline once quotations were marked:
    place None and lead `> GOES - De gemeente…` (r74). The dateline is read under the marks, as a feed entry's is."""
    lead = "GOES - De gemeente Goes heeft dinsdag besloten om de markt te verplaatsen naar het havengebied."
    body = f"<blockquote><p>{lead}</p></blockquote><p>De markt verhuist in mei. Dat meldt de gemeente.</p><p>Meer volgt later vandaag.</p>"
    html = page_html("Markt verhuist", "", f'<article class="article"><h1>Markt verhuist</h1><div class="article-body">{body}</div></article>')
    [story] = parse_page(html, CAPTURED, html=True).articles
    assert (story.place, story.lead) == ("GOES", "> De gemeente Goes heeft dinsdag besloten om de markt te verplaatsen naar het havengebied.")


def test_an_html_page_that_is_no_news_page_is_an_error():
    html = "<html><head><title>Contact</title></head><body><nav><a href='/'>Home</a></nav><form><input name=q></form><p>Bel ons op werkdagen.</p></body></html>"
    with pytest.raises(NotANewsPage):
        parse_page(html, CAPTURED)


# -- other page shapes ---------------------------------------------------------------------------


def test_lines_of_times_and_titles_without_the_net_binnen_ticker_are_no_news_page():
    ticker = "Regio ticker\n\n10:32 Brand in Goes\n\n10:15 File op de A58\n\n09:58 Veerboot vertraagd\n\n09:40 Markt in Middelburg\n"
    with pytest.raises(NotANewsPage, match="not a ZeelandNet"):
        parse_page(ticker, CAPTURED)


def test_a_search_page_gives_the_articles_it_clearly_lists():
    search = (
        "Zoekresultaten voor 'Goes'\n\n"
        "Nieuw zwembad in Goes\n\nGOES (ANP) - De gemeente Goes opent een nieuw zwembad aan de rand van de stad.\n\n3 dagen geleden\n\n"
        "Markt in Goes verhuist\n\nGOES (ANP) - De weekmarkt verhuist tijdelijk naar de Singelstraat.\n\n1 week geleden\n"
    )
    result = parse_page(search, CAPTURED)
    assert [a.title for a in result.articles] == ["Nieuw zwembad in Goes", "Markt in Goes verhuist"]
    assert all(a.kind == "teaser" for a in result.articles)
