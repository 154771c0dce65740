"""Datelines with a rubric glued to the place, split on what the gazetteer knows about places."""

from __future__ import annotations

import pytest
from conftest import ROOT

from feeds.pages.datelines import parse_dateline, written_dateline
from feeds.pages.gazetteer import Gazetteer, gazetteer, spelled

# (dateline, rubric, place): rubrics the code has no list of, glued to places it knows.
UNSEEN_RUBRICS = [
    ("HONKBALHAARLEM (ANP) - ", "HONKBAL", "HAARLEM"),
    ("WATERPOLOUTRECHT (ANP) - ", "WATERPOLO", "UTRECHT"),
    ("ZEILENMEDEMBLIK (ANP) - ", "ZEILEN", "MEDEMBLIK"),
    ("PADELDEN HAAG (ANP) - ", "PADEL", "DEN HAAG"),
    ("ROEIENBOGOTÁ (ANP/AFP) - ", "ROEIEN", "BOGOTÁ"),
    ("ROEIENBOGOTA (ANP/AFP) - ", "ROEIEN", "BOGOTA"),
    ("BADMINTON'S-HERTOGENBOSCH (ANP) - ", "BADMINTON", "'S-HERTOGENBOSCH"),
    ("SNOOKERNEW YORK (ANP/RTR) - ", "SNOOKER", "NEW YORK"),
    ("JUDOCAPELLE AAN DEN IJSSEL (ANP) - ", "JUDO", "CAPELLE AAN DEN IJSSEL"),
    ("BOKSENSÃO PAULO (ANP) - ", "BOKSEN", "SÃO PAULO"),
    ("WKDOHA (ANP) - ", "WK", "DOHA"),
    ("RUGBYCARDIFF/LONDEN (ANP) - ", "RUGBY", "CARDIFF/LONDEN"),
]


@pytest.mark.parametrize(("dateline", "rubric", "place"), UNSEEN_RUBRICS, ids=[r[0].split(" (")[0] for r in UNSEEN_RUBRICS])
def test_a_rubric_never_seen_is_split_from_a_known_place(dateline, rubric, place):
    read = parse_dateline(dateline + "De wedstrijd werd zondag gespeeld.")
    assert read is not None
    assert (read.rubric, read.place, read.text) == (rubric, place, "De wedstrijd werd zondag gespeeld.")


# Names that end in a known place, or begin the way known names do, are one place each.
WHOLE_PLACES = [
    "OOSTKAPELLE",  # a village: OOST + KAPELLE would be a compass word and a municipality
    "WESTKAPELLE",
    "MOLENBEEK",  # MOLEN begins MOLENLANDEN, BEEK ends GROESBEEK: place names are made so
    "ZUIDLAREN",
    "NOORDLAREN",  # not in the gazetteer, but NOORD begins NOORDWIJK and LAREN ends ZUIDLAREN
    "HOOGKERK",
    "EKEREN",  # no known place after EK, and EK is no longer a rubric on its own
    "DUQM",
    "MAR-A-LAGO",
    "GAZA-STAD",
    "PALM BEACH",
    "BOBSLEEST. MORITZ",  # the place after the rubric is unknown: the whole word stays the place
    "DEN HAAG/BRUSSEL",
    "'S-HERTOGENBOSCH",
]


@pytest.mark.parametrize("place", WHOLE_PLACES)
def test_when_no_split_is_sure_the_whole_word_is_the_place(place):
    read = parse_dateline(f"{place} (ANP) - Er is iets gebeurd, meldt de politie.")
    assert read is not None and (read.rubric, read.place) == (None, place)


@pytest.mark.parametrize(
    ("dateline", "rubric", "place"),
    [
        ("EREDIVISIEALKMAAR (ANP) - ", "EREDIVISIE", "ALKMAAR"),
        ("EREDIVISIEBERGEN (ANP) - ", "EREDIVISIE", "BERGEN"),  # BERGEN ends STEENBERGEN; the known rubric vouches
        ("WIELRENNENBLOCKHAUS (ANP) - ", "WIELRENNEN", "BLOCKHAUS"),  # a place the gazetteer lacks
        ("CHAMPIONS LEAGUEMANCHESTER (ANP) - ", "CHAMPIONS LEAGUE", "MANCHESTER"),
    ],
)
def test_the_known_rubrics_still_split(dateline, rubric, place):
    read = parse_dateline(dateline + "Het duel eindigde in 2-2.")
    assert read is not None and (read.rubric, read.place) == (rubric, place)


def test_a_place_without_rubric_or_agency_is_read_as_written():
    read = parse_dateline("SINT-MAARTENSDIJK - De molen draait weer, meldt de molenaar.")
    assert read is not None and (read.rubric, read.place, read.agencies) == (None, "SINT-MAARTENSDIJK", ())


@pytest.mark.parametrize(
    "dateline",
    [d for d, _r, _p in UNSEEN_RUBRICS] + [f"{place} (ANP) - " for place in WHOLE_PLACES]
    + ["EREDIVISIEBERGEN (ANP) - ", "WIELRENNENBLOCKHAUS (ANP) - ", "CHAMPIONS LEAGUE MANCHESTER (ANP / rtr) - ", "SINT-MAARTENSDIJK - "]
    + ["EREDIVISIE EDE (ANP) - ", "CHAMPIONS LEAGUE EDE (ANP) - "],  # glued, EDE would read back as EEDE
)  # fmt: skip
def test_a_dateline_written_from_what_was_read_of_it_reads_back_the_same(dateline):
    """An export writes the dateline of a story into its text, for a reader of the feed to read it back."""
    read = parse_dateline(dateline + "Er is iets gebeurd.")
    assert read is not None
    again = parse_dateline(written_dateline(read.place, read.agencies, read.rubric) + read.text)
    assert again == read


# -- the gazetteer --------------------------------------------------------------------------


def test_the_gazetteer_knows_every_dutch_municipality_and_the_worlds_capitals():
    places = gazetteer()
    for name in ("MIDDELBURG", "NOORD-BEVELAND", "SCHOUWEN-DUIVELAND", "SÚDWEST-FRYSLÂN", "'S-GRAVENHAGE", "DEN HAAG",
                 "BERGEN OP ZOOM", "VOORNE AAN ZEE", "EEMSDELTA", "MOSKOU", "WASHINGTON", "PEKING", "KYIV", "CANBERRA"):  # fmt: skip
        assert places.is_place(name), name

def test_the_gazetteer_lists_all_342_municipalities_by_province():
    text = (ROOT / "feeds" / "pages" / "data" / "places.txt").read_text(encoding="utf-8")
    section = text.split("# -- Nederland: the municipalities", 1)[1].split("\n# --", 1)[0]
    names = [line for line in section.splitlines()[1:] if line.strip() and not line.startswith("#")]
    assert len(names) == len(set(names)) == 342 - 1  # Bergen (L) and Bergen (NH) are both BERGEN
    assert sum(line.startswith("# ") for line in section.splitlines()) == 12  # the provinces


def test_accents_and_curly_apostrophes_do_not_matter_in_lookups():
    places = gazetteer()
    assert places.is_place("CAIRO") and places.is_place("CAÏRO")
    assert places.is_place("’S-HERTOGENBOSCH")


@pytest.mark.parametrize(
    ("slug", "region"),
    [
        ("middelburg", "Middelburg"),
        ("noord-beveland", "Noord-Beveland"),
        ("schouwen-duiveland", "Schouwen-Duiveland"),
        ("s-hertogenbosch", "'s-Hertogenbosch"),
        ("capelle-aan-den-ijssel", "Capelle aan den IJssel"),
        ("sudwest-fryslan", "Súdwest-Fryslân"),
        ("bergen-op-zoom", "Bergen op Zoom"),
        ("s-heer-arendskerke", "'s-Heer Arendskerke"),
        ("zeeuws-vlaanderen", "Zeeuws-Vlaanderen"),
        ("sas-van-gent", "Sas van Gent"),
        ("oostkapelle", "Oostkapelle"),
        ("onbekend-dorp", "Onbekend-Dorp"),  # not in the gazetteer: capitalised on its hyphens
    ],
)
def test_a_region_slug_is_spelled_as_the_region_is_named(slug, region):
    assert gazetteer().region(slug) == region


def test_names_in_capitals_are_spelled_as_running_text_writes_them():
    assert spelled("HENDRIK-IDO-AMBACHT") == "Hendrik-Ido-Ambacht"
    assert spelled("REUSEL-DE MIERDEN") == "Reusel-De Mierden"
    assert spelled("WIJK BIJ DUURSTEDE") == "Wijk bij Duurstede"
    assert spelled("DE BILT") == "De Bilt"
    assert spelled("IJZENDIJKE") == "IJzendijke"


def test_the_last_words_of_a_heading_name_its_place():
    places = gazetteer()
    assert places.place_named_by("Nieuws uit Noord-Beveland") == "NOORD-BEVELAND"
    assert places.place_named_by("Regio Den Haag") == "DEN HAAG"
    assert places.place_named_by("Goes") == "GOES"
    assert places.place_named_by("Net binnen") is None


def test_how_names_are_compounded_is_learnt_from_the_names_themselves():
    places = Gazetteer.from_lines(["# a comment", "GROESBEEK", "BEEK", "OOSTERHOUT", "", "AMSTERDAM"])
    assert places.ends_a_place("BEEK") and not places.ends_a_place("AMSTERDAM")
    assert places.begins_a_place("OOSTER") and places.begins_a_place("GROES") and not places.begins_a_place("KORFBAL")
    assert not places.is_place("# a comment")
