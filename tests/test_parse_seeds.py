"""The two real sample pages, read field by field as a person reads them."""

from __future__ import annotations

from datetime import datetime

import pytest
from conftest import CAPTURED, SEEDS

from feeds.imports import import_paths
from feeds.library import Library
from feeds.model import AMSTERDAM, Block
from feeds.pages.page import parse_page
from feeds.urls import article_id

NEWS = "https://www.zeelandnet.nl/nieuws/"


def _at(hour: int, minute: int) -> datetime:
    return datetime(2026, 3, 3, hour, minute, tzinfo=AMSTERDAM)


# (title, slug, place, agencies, lead start, lead end, age, published)
KIM_IN_RUSSIA_TEASERS = [
    ("Trump erkent krapte in Amerikaanse munitievoorraden", "trump-erkent-krapte-in-amerikaanse-munitievoorraden",
     "WASHINGTON", ("ANP",), "De voorraden van de hoogwaardigste", "meldden Amerikaanse media eerder.", "25 minuten geleden", _at(11, 35)),
    ("Kremlin verwacht door Iran-oorlog geen gesprekken in Abu Dhabi", "kremlin-verwacht-door-iran-oorlog-geen-gesprekken-in-abu-dhabi",
     "MOSKOU", ("ANP", "AFP", "RTR"), "Het Kremlin verwacht niet", "momenteel moeilijk te plannen.", "27 minuten geleden", _at(11, 33)),
    ("Israël meldt grote aanval op hoofdkwartier Iraans regime", "israel-meldt-grote-aanval-op-hoofdkwartier-iraans-regime",
     "JERUZALEM", ("ANP",), "Israël zegt een nachtelijke aanval", "schrijft nieuwssite Times of Israel.", "48 minuten geleden", _at(11, 12)),
    ("VS trekken overheidspersoneel in Bahrein, Irak en Jordanië terug", "vs-trekken-overheidspersoneel-in-bahrein-irak-en-jordanie-terug",
     "WASHINGTON", ("ANP", "RTR"), "Het Amerikaanse ministerie", "vanwege de oorlog met Iran.", "1 uur geleden", _at(11, 0)),
    ("Iran claimt zware Amerikaanse verliezen", "iran-claimt-zware-amerikaanse-verliezen",
     "TEHERAN", ("ANP",), "De Iraanse Revolutionaire Garde", "gedood of verwond.", "1 uur geleden", _at(11, 0)),
    ("Rode Halve Maan: 787 doden gemeld in Iran sinds begin oorlog", "rode-halve-maan-787-doden-gemeld-in-iran-sinds-begin-oorlog",
     "TEHERAN", ("ANP", "RTR", "AFP"), "Het dodental door de Amerikaans-Israëlische", "aanvallen in 153 steden.", "1 uur geleden", _at(11, 0)),
    ("Brandstofopslag in haven Oman geraakt door drones", "brandstofopslag-in-haven-oman-geraakt-door-drones",
     "DUQM", ("ANP", "RTR"), "Een brandstofopslag in een van de belangrijkste", "zijn er geen gewonden.", "2 uur geleden", _at(10, 0)),
]  # fmt: skip

KIM_SUPPORT_TEASERS = [
    ("Trump zegt dat vicepresident van Venezuela bereid is samen te werken", "trump-zegt-dat-vicepresident-van-venezuela-bereid-is-samen-te-werken",
     "CARACAS", ("ANP",), "De Amerikaanse president Donald Trump denkt", "gevangengenomen door de Verenigde Staten.", "33 minuten geleden", _at(11, 27)),
    ("Trump: Venezuela heeft onze olie gestolen", "trump-venezuela-heeft-onze-olie-gestolen",
     "PALM BEACH", ("ANP",), "De Amerikaanse president Donald Trump zei", "maar we hebben er iets aan gedaan.\"", "34 minuten geleden", _at(11, 26)),
    ("Topmilitair VS: 150 vliegtuigen ingezet bij operatie", "topmilitair-vs-150-vliegtuigen-ingezet-bij-operatie",
     "PALM BEACH", ("ANP",), "De Verenigde Staten hebben meer dan 150", "bommenwerpers en verkenningstoestellen.", "45 minuten geleden", _at(11, 15)),
    ("Trump verklaart dat Monroe-doctrine in Latijns-Amerika terug is", "trump-verklaart-dat-monroe-doctrine-in-latijns-amerika-terug-is",
     "MAR-A-LAGO", ("ANP",), "De Amerikaanse president Donald Trump verklaart", "dominantie in Latijns-Amerika.", "1 uur geleden", _at(11, 0)),
    ("Trump na aanval Venezuela: wij gaan land voorlopig besturen", "trump-na-aanval-venezuela-wij-gaan-land-voorlopig-besturen",
     "PALM BEACH", ("ANP",), "De Amerikaanse president Donald Trump heeft gezegd", "volk handelt.", "1 uur geleden", _at(11, 0)),
    ("Trump deelt foto van Maduro aan boord van oorlogsschip", "trump-deelt-foto-van-maduro-aan-boord-van-oorlogsschip",
     "WASHINGTON", ("ANP",), "De Amerikaanse president Donald Trump heeft op Truth Social", "of hij handboeien draagt.", "1 uur geleden", _at(11, 0)),
    ("Ook zoon Maduro aangeklaagd in New York", "ook-zoon-maduro-aangeklaagd-in-new-york",
     "NEW YORK", ("ANP", "RTR"), "Niet alleen de Venezolaanse president Nicolás Maduro", "drugssmokkel en wapenbezit.", "2 uur geleden", _at(10, 0)),
]  # fmt: skip


def _page(name: str):
    return parse_page((SEEDS / name).read_text(encoding="utf-8"), CAPTURED)


@pytest.mark.parametrize(
    ("name", "expected"),
    [("000_a5cab632ecde00b7.txt", KIM_IN_RUSSIA_TEASERS), ("004_588482ef9224b657.txt", KIM_SUPPORT_TEASERS)],
)
def test_every_teaser_of_a_seed_is_read_exactly(name, expected):
    page = _page(name)
    teasers = page.articles[1:]
    assert len(teasers) == len(expected)
    for teaser, (title, slug, place, agencies, lead_start, lead_end, age, published) in zip(teasers, expected):
        assert teaser.title == title
        assert teaser.url == NEWS + slug
        assert teaser.id == article_id(NEWS + slug)
        assert teaser.section == "Buitenland"
        assert teaser.place == place
        assert teaser.agencies == agencies
        assert teaser.lead.startswith(lead_start) and teaser.lead.endswith(lead_end)
        assert teaser.body == ()
        assert teaser.age == age
        assert teaser.published == published
        assert teaser.kind == "teaser"
        assert teaser.rubric is None and not teaser.title_from_lead


def test_the_main_story_of_the_first_seed_is_read_exactly():
    page = _page("000_a5cab632ecde00b7.txt")
    assert (page.kind, page.section) == ("article", "Buitenland")
    story = page.articles[0]
    assert story.title == "Koreaanse leider Kim al in Rusland voor ontmoeting met Poetin"
    assert story.url == NEWS + "koreaanse-leider-kim-al-in-rusland-voor-ontmoeting-met-poetin"
    assert story.id == article_id(story.url)
    assert (story.section, story.place, story.agencies, story.kind) == ("Buitenland", "MOSKOU", ("ANP", "RTR"), "full")
    assert story.lead == (
        "De zwaar gepantserde trein waarin de Noord-Koreaanse leider Kim Jong-un pleegt te reizen is al in Rusland "
        "aangekomen, meldt het Russische staatspersbureau RIA. Maandag bevestigde het Kremlin al dat Kim Rusland zou "
        "bezoeken op uitnodiging van de Russische president Vladimir Poetin en dat de twee leiders elkaar zullen "
        "ontmoeten in de oostelijke stad Vladivostok."
    )
    assert [b.kind for b in story.body] == ["paragraph", "paragraph", "subheading", "paragraph", "paragraph", "paragraph"]
    assert story.body[0].text.startswith('"Het wordt een volwaardig bezoek", zei Kremlin-woordvoerder Dmitri Peskov.')
    assert story.body[0].text.endswith("hun communicatie één-op-één voortzetten.\"")
    assert story.body[2] == Block("subheading", "Onderhandelingen")
    assert story.body[3].text.startswith("Volgens Amerikaanse functionarissen wil Poetin wapens kopen")
    assert "onderzeeërs" in story.body[3].text and "Oekraïne" in story.body[3].text
    assert story.body[5].text.endswith("voor een gesprek met Poetin.")
    # The page shows no date or age for its main story: nothing is guessed.
    assert (story.published, story.age) == (None, None)


def test_the_main_story_of_the_second_seed_is_read_exactly():
    story = _page("004_588482ef9224b657.txt").articles[0]
    assert story.title == "Kim Jong-un biedt Rusland zijn 'volledige steun' aan"
    assert story.url == NEWS + "kim-jong-un-biedt-rusland-zijn-volledige-steun-aan"
    assert (story.section, story.place, story.agencies, story.kind) == ("Buitenland", "PYONGYANG", ("ANP", "AFP"), "full")
    assert story.lead == (
        'De Noord-Koreaanse leider Kim Jong-un biedt zijn "volledige steun en solidariteit" aan zijn Russische '
        "ambtgenoot Vladimir Poetin. Dat meldden de staatsmedia van Noord-Korea maandag."
    )
    assert [(b.kind, b.text[:30]) for b in story.body] == [
        ("paragraph", "Kim stuurde Moskou een felicit"),
        ("paragraph", "De videoboodschap benoemt niet"),
        ("subheading", "Wapens geleverd"),
        ("paragraph", 'Het Noord-Koreaanse volk biedt'),
        ("paragraph", "Eind vorig jaar beschuldigden "),
        ("paragraph", 'Noord-Korea omschreef het conf'),
    ]
    assert (story.published, story.age) == (None, None)


def test_the_webmail_chooser_never_becomes_content():
    for name in ("000_a5cab632ecde00b7.txt", "004_588482ef9224b657.txt"):
        articles = _page(name).articles
        assert len(articles) == 8, name
        for article in articles:
            text = " ".join([article.title, article.lead, *(b.text for b in article.body)])
            assert "webmail" not in text.lower()


REGION = NEWS + "regio/middelburg"
TICKER = "Net binnen\n\n- Goes 11:30 Markt verhuist naar de Singelstraat\n\n"
_WEBMAIL_END = "voorkeur op te geven.\n\n"


@pytest.mark.parametrize(
    ("variant", "url"),
    [
        ("as saved", None),
        ("on a region's address", REGION),
        ("without its `Meer uit` line", None),
        ("without its `Meer uit` line, on a region's address", REGION),
        ("without its `Meer uit` line, opened by the ticker", None),
    ],
)
def test_no_seed_is_read_as_a_regional_or_index_page_however_it_is_saved(seed_paths, variant, url):
    """A story's paragraphs are no item of a list, nor odd items a regional page leaves out: the page a seed is stays
    an article page, its story whole, whatever says it may be regional."""
    for path in seed_paths:
        text = path.read_text(encoding="utf-8")
        story = parse_page(text, CAPTURED).articles[0]
        if "Meer uit" in variant:
            text = text.replace("Meer uit Buitenland\n", "")
        if "ticker" in variant:
            text = text.replace(_WEBMAIL_END, _WEBMAIL_END + TICKER, 1)
        page = parse_page(text, CAPTURED, url=url)
        assert page.kind == "article", path.name
        read = page.articles[0]
        # (without its `Meer uit` line nothing tells the teasers under the story from more of its paragraphs)
        assert (read.kind, read.title, read.lead, read.body[: len(story.body)]) == ("full", story.title, story.lead, story.body), path.name


# -- a teaser whose age line is missing or unreadable ------------------------------------------------

KIM_IN_RUSSIA = "000_a5cab632ecde00b7.txt"
TRUMP_AGE = "25 minuten geleden\n"  # the first teaser's age line, between its lead and the Kremlin teaser's title


def _teasers_with_trumps_age(line: str):
    text = (SEEDS / KIM_IN_RUSSIA).read_text(encoding="utf-8").replace(TRUMP_AGE, line, 1)
    return parse_page(text, CAPTURED).articles[1:]


@pytest.mark.parametrize("line", ["", "12345 minuten geleden\n", "vijfentwintig minuten geleden\n"], ids=["missing", "absurd", "in-words"])
def test_a_teaser_without_a_readable_age_is_kept_undated_and_the_next_keeps_its_own(line):
    teasers = _teasers_with_trumps_age(line)
    assert [(t.title, t.place, t.age, t.published) for t in teasers[:2]] == [
        ("Trump erkent krapte in Amerikaanse munitievoorraden", "WASHINGTON", None, None),
        ("Kremlin verwacht door Iran-oorlog geen gesprekken in Abu Dhabi", "MOSKOU", "27 minuten geleden", _at(11, 33)),
    ]
    assert [t.title for t in teasers] == [title for title, *_ in KIM_IN_RUSSIA_TEASERS]
    assert teasers[0].lead.endswith("meldden Amerikaanse media eerder.")


@pytest.mark.parametrize(
    ("line", "published"),
    [("Gisteren, 14:05\n", datetime(2026, 3, 2, 14, 5, tzinfo=AMSTERDAM)), ("25 min. geleden\n", _at(11, 35))],
)
def test_the_other_spellings_of_a_teasers_age_date_it(line, published):
    trump, kremlin, *_ = _teasers_with_trumps_age(line)
    assert (trump.age, trump.published) == (line.strip(), published)
    assert (kremlin.age, kremlin.published) == ("27 minuten geleden", _at(11, 33))


def test_a_teaser_seen_again_without_its_age_keeps_the_date_stored(tmp_path):
    library = Library(tmp_path / "library.sqlite")
    import_paths(library, [SEEDS / KIM_IN_RUSSIA], CAPTURED)
    ageless = tmp_path / "ageless.txt"
    ageless.write_text((SEEDS / KIM_IN_RUSSIA).read_text(encoding="utf-8").replace(TRUMP_AGE, "", 1), encoding="utf-8")
    report = import_paths(library, [ageless], CAPTURED)
    assert (report.new, report.updated, report.unchanged) == (0, 0, 8)
    stored = {e.article.title: e.article.published for e in Library(library.path).entries()}
    assert stored["Trump erkent krapte in Amerikaanse munitievoorraden"] == _at(11, 35)
