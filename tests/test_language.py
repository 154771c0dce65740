"""One language: the locale chooses Dutch or English, and everything the program says follows it; the news stays as published."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import polib
import pytest
from conftest import CAPTURED, ROOT, SEEDS, speaking
from feedkit import article
from lxml import etree

from feeds.config import Source, sources_to_opml
from feeds.errors import StorageError
from feeds.files import read_json
from feeds.language import choose_language, grouped, language, megabytes, ngettext, pgettext
from feeds.language import gettext as _
from feeds.library import Library, UnknownSection
from feeds.model import AMSTERDAM, Entry
from feeds.out.export import FeedInfo, article_html
from feeds.out.site import FeedSite
from tui.formatting import age, date, short_when, when


def _catalogs():
    """tools/catalogs.py, fresh (a script, not a package): what a test changes in it stays in that test."""
    spec = importlib.util.spec_from_file_location("catalogs", ROOT / "tools" / "catalogs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks itself up there
    spec.loader.exec_module(module)
    return module


# -- which language -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "environment",
    [{"LANG": "nl_NL.UTF-8"}, {"LANG": "nl_BE.UTF-8"}, {"LANG": "nl_NL"}, {"LANG": "nl"}, {"LC_ALL": "nl_NL.UTF-8"}, {"LC_MESSAGES": "nl_BE"}],
)
def test_a_dutch_locale_speaks_dutch(environment):
    assert choose_language(environment) == "nl"


@pytest.mark.parametrize(
    "environment", [{"LANG": "en_US.UTF-8"}, {"LANG": "en_GB"}, {"LANG": "de_DE.UTF-8"}, {"LANG": "fr_BE"}, {"LANG": "C"}, {"LANG": "POSIX"}, {}]
)
def test_any_other_locale_speaks_english(environment):
    assert choose_language(environment) == "en"


@pytest.mark.parametrize("value", ["xx_YY.UTF-8", "@@@", "nl_XX.bogus-charset", ":::", "../../etc/passwd"])
def test_an_unknown_or_malformed_locale_falls_back_to_english_or_its_language(value):
    assert choose_language({"LANG": value}) == ("nl" if value.startswith("nl") else "en")


def test_the_variables_are_read_in_gettexts_order_language_first():
    assert choose_language({"LANGUAGE": "nl", "LC_ALL": "en_US.UTF-8", "LANG": "en_US.UTF-8"}) == "nl"
    assert choose_language({"LANGUAGE": "en", "LC_ALL": "nl_NL.UTF-8"}) == "en"
    assert choose_language({"LC_ALL": "nl_NL.UTF-8", "LC_MESSAGES": "en_US", "LANG": "en_US"}) == "nl"
    assert choose_language({"LC_MESSAGES": "nl_NL", "LANG": "en_US"}) == "nl"
    assert choose_language({"LANGUAGE": "", "LANG": "nl_NL.UTF-8"}) == "nl"  # set but empty counts as unset


def test_language_lists_preferences_and_english_is_one_of_them():
    assert choose_language({"LANGUAGE": "fr:nl", "LANG": "en_US.UTF-8"}) == "nl"  # no French: the next one
    assert choose_language({"LANGUAGE": "en_GB:nl", "LANG": "nl_NL.UTF-8"}) == "en"  # English first: English


def test_english_first_says_every_message_in_english_never_in_the_next_language():
    # gettext falls back from one catalog to the next: English must not leave a message to Dutch.
    choose_language({"LANGUAGE": "en_GB:nl"})
    assert (_("Other"), ngettext("{count} hour ago", "{count} hours ago", 2), pgettext("thousands separator", ",")) == ("Other", "{count} hours ago", ",")


# -- dates and ages -------------------------------------------------------------------------------

NOW = CAPTURED  # 3 March 2026, 12:00 in Amsterdam

AGES = [
    (timedelta(seconds=30), "just now", "zojuist"),
    (timedelta(minutes=25), "25 min ago", "25 min geleden"),
    (timedelta(hours=1), "1 hour ago", "1 uur geleden"),
    (timedelta(hours=3), "3 hours ago", "3 uur geleden"),
    (timedelta(days=1), "yesterday", "gisteren"),
    (timedelta(days=6), "6 days ago", "6 dagen geleden"),
    (timedelta(days=10), "21 Feb", "21 feb"),
    (timedelta(days=300), "7 May 2025", "7 mei 2025"),
]


@pytest.mark.parametrize(("ago", "english", "dutch"), AGES)
def test_ages_and_dates_speak_the_interfaces_language(ago, english, dutch):
    assert age(NOW - ago, NOW) == english
    choose_language(speaking(LANG="nl_NL.UTF-8"))
    assert age(NOW - ago, NOW) == dutch


@pytest.mark.parametrize(("ago", "said"), [(timedelta(hours=43), "2 days ago"), (timedelta(hours=47), "2 days ago"), (timedelta(hours=70), "3 days ago")])
def test_an_age_in_days_counts_the_days_of_the_calendar_as_the_date_beside_it_does(ago, said):
    """At 01:39, a story of 05:00 two days before was "yesterday (4 Dec 05:00)": its days were its hours by 24; the
    list's column said `1 d`."""
    now = datetime(2026, 12, 6, 1, 39, tzinfo=AMSTERDAM)
    assert age(now - ago, now) == said
    assert short_when(Entry(article("Oud", published=now - ago), first_seen=now), now) == said.replace(" days ago", " d")


def test_on_the_day_the_clocks_go_back_a_story_of_that_morning_is_no_story_of_yesterday():
    now = datetime(2026, 10, 25, 23, 50, tzinfo=AMSTERDAM)
    moment = datetime(2026, 10, 24, 22, 10, tzinfo=timezone.utc)  # 00:10 that day, 24 h 40 min before
    assert (age(moment, now), short_when(Entry(article("Vroeg", published=moment), first_seen=now), now)) == ("24 hours ago", "24 h")


def test_a_date_of_last_year_says_its_year_once_the_year_has_turned_in_the_users_zone(monkeypatch):
    """At 00:30 on New Year's Day in Tokyo, still 2026 in Amsterdam, a story of 5 January 2026 read `5 Jan` (r89)."""
    import tui.formatting

    monkeypatch.setattr(tui.formatting, "local_zone", lambda: ZoneInfo("Asia/Tokyo"))
    now = datetime(2026, 12, 31, 16, 30, tzinfo=AMSTERDAM)  # 00:30 on 1 January 2027 in Tokyo
    assert date(datetime(2026, 1, 5, 12, tzinfo=AMSTERDAM), now) == "5 Jan 2026"


def test_every_month_has_its_short_name_in_both_languages():
    firsts = [NOW.replace(month=m, day=1) for m in range(1, 13)]
    assert [date(d, NOW) for d in firsts] == [f"1 {m}" for m in "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()]
    choose_language({"LANG": "nl_NL.UTF-8"})
    assert [date(d, NOW) for d in firsts] == [f"1 {m}" for m in "jan feb mrt apr mei jun jul aug sep okt nov dec".split()]


def test_an_undated_article_says_when_it_was_seen_and_the_list_column_stays_short():
    undated = Entry(article("Zonder datum", published=None), first_seen=NOW - timedelta(hours=2))
    assert (when(undated, NOW), short_when(undated, NOW)) == ("seen 2 hours ago", "2 h")
    choose_language({"LANG": "nl_NL.UTF-8"})
    assert (when(undated, NOW), short_when(undated, NOW)) == ("gezien 2 uur geleden", "2 uur")


def test_an_article_dated_in_the_future_shows_its_date_and_the_list_column_when_it_was_first_seen():
    # Not "just now" for ever: the reader shows the date the feed gave, the list the moment it is in order of.
    pinned = Entry(article("Altijd bovenaan", published=NOW.replace(year=2099)), first_seen=NOW - timedelta(hours=3))
    assert (when(pinned, NOW), short_when(pinned, NOW)) == ("3 Mar 2099 12:00", "3 h")


def test_big_numbers_are_grouped_as_the_language_writes_them():
    assert grouped(200_000) == "200,000"
    choose_language({"LANG": "nl_NL.UTF-8"})
    assert grouped(200_000) == "200.000"  # never `200,000`: that reads as two hundred in Dutch


def test_sizes_are_said_in_megabytes_as_the_language_writes_them_never_in_exponents():
    sizes = [10 * 2**20, int(2.5 * 2**20), 2**20 // 1000, 10, 0]
    assert [megabytes(size) for size in sizes] == ["10", "2.5", "0.001", "0.0000095", "0"]  # 1,048 bytes: 0.0009995 MB
    choose_language({"LANG": "nl_NL.UTF-8"})
    assert [megabytes(size) for size in sizes] == ["10", "2,5", "0,001", "0,0000095", "0"]


# -- what the engine says -------------------------------------------------------------------------


def test_the_engines_errors_speak_the_interfaces_language(seeded_library, tmp_path):
    choose_language({"LANG": "nl_NL.UTF-8"})
    with pytest.raises(UnknownSection, match=r"^geen sectie 'Nope' in de bibliotheek \(secties: Buitenland\)$"):
        seeded_library.section_names(["Nope"])
    with pytest.raises(StorageError, match=r": is een map, geen bestand van een bibliotheek$"):
        read_json(tmp_path)


def test_the_serve_index_is_in_one_language(seeded_library):
    english = FeedSite(seeded_library, "http://127.0.0.1:8080").answer("/").body.decode()
    assert '<html lang="en">' in english and "All news" in english and "Subscribe in your RSS reader" in english
    assert "Al het nieuws" not in english
    choose_language({"LANG": "nl_NL.UTF-8"})
    dutch = FeedSite(seeded_library, "http://127.0.0.1:8080").answer("/").body.decode()
    assert '<html lang="nl">' in dutch and "Al het nieuws" in dutch and '<a href="/opml">ze allemaal als OPML</a>' in dutch
    assert "Subscribe" not in dutch and "All news" not in dutch
    assert "Buitenland" in english and "Buitenland" in dutch  # a section's name is the page's, in either language


def test_exported_feeds_title_themselves_in_the_interfaces_language(tmp_path):
    name = tmp_path / "library.sqlite"
    assert FeedInfo.for_view(name, "http://x/feed.atom").title == "nieuws-tui — all news"
    assert FeedInfo.for_view(name, "http://x/s.atom", "Sport").subtitle == "News of the section Sport, from the nieuws-tui library"
    choose_language({"LANG": "nl_NL.UTF-8"})
    assert FeedInfo.for_view(name, "http://x/feed.atom").title == "nieuws-tui — al het nieuws"
    assert FeedInfo.for_view(name, "http://x/feed.atom").subtitle == "Alle artikelen uit de bibliotheek van nieuws-tui"
    assert FeedInfo.for_view(name, "http://x/s.atom", "Sport").subtitle == "Nieuws uit de sectie Sport, uit de bibliotheek van nieuws-tui"


def test_the_sources_opml_titles_itself_in_the_interfaces_language():
    listed = [Source("https://example.org/feed.xml")]
    assert etree.fromstring(sources_to_opml(listed)).findtext("head/title") == "nieuws-tui sources"
    choose_language({"LANG": "nl_NL.UTF-8"})
    assert etree.fromstring(sources_to_opml(listed)).findtext("head/title") == "bronnen van nieuws-tui"


def test_an_exported_teaser_is_its_own_text_whatever_the_language_it_is_exported_in():
    teaser = article("Dijk versterkt", place="VLISSINGEN", agencies=(), lead="De dijk wordt versterkt.", body=(), kind="teaser")
    english = article_html(teaser)
    choose_language({"LANG": "nl_NL.UTF-8"})
    assert article_html(teaser) == english == "<p>VLISSINGEN - De dijk wordt versterkt.</p>"  # its entry, a summary alone, says it is a teaser


# -- the command line -----------------------------------------------------------------------------


def test_help_is_dutch_under_a_dutch_locale_argparses_own_words_included(cli):
    result = cli("--help", env=speaking(LANG="nl_NL.UTF-8"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("gebruik: nieuws-tui ")
    for dutch in ("Een nieuwslezer voor de terminal", "opties:", "toon deze hulp en stop", "toon de versie en stop", "OPDRACHT"):
        assert dutch in result.stdout
    assert "usage" not in result.stdout and "show this help" not in result.stdout
    assert "--older-than DAGEN" in cli("prune", "--help", env=speaking(LANG="nl_NL.UTF-8")).stdout
    served = cli("serve", "--help", env=speaking(LANG="nl_NL.UTF-8")).stdout
    assert "[--host ADRES] [--port POORT] [--allow-host NAAM]" in " ".join(served.split()), served  # (they stayed HOST, PORT, NAME)
    removing = cli("sources", "remove", "--help", env=speaking(LANG="nl_NL.UTF-8")).stdout
    assert "[URL|PAD]" in removing and "PATH" not in removing, removing  # (the one that stayed PATH)
    assert "geef een URL of PAD, of --samples" in cli("sources", "remove", env=speaking(LANG="nl_NL.UTF-8")).stderr


def test_help_is_english_otherwise(cli):
    for environment in (speaking(LANG="C"), speaking(LANG="en_US.UTF-8"), speaking(LANG="de_DE.UTF-8"), speaking(LANG="xx_YY"), speaking()):
        result = cli("--help", env=environment)
        assert result.stdout.startswith("usage: nieuws-tui ") and "show this help message and exit" in result.stdout, environment


def test_language_wins_over_lang_on_the_command_line_too(cli):
    assert cli("--help", env=speaking(LANGUAGE="en", LANG="nl_NL.UTF-8")).stdout.startswith("usage: ")
    english_first = cli("--help", env=speaking(LANGUAGE="en_US:nl", LANG="nl_NL.UTF-8")).stdout
    assert english_first.startswith("usage: ") and "show the version and exit" in english_first
    assert cli("--help", env=speaking(LANGUAGE="nl", LANG="en_US.UTF-8")).stdout.startswith("gebruik: ")


def test_command_line_errors_are_dutch_under_a_dutch_locale(cli, tmp_path):
    dutch = {**speaking(LANG="nl_NL.UTF-8"), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")}
    assert cli("import", "--captured", "2026-03-03T12:00", str(SEEDS), env=dutch).returncode == 0
    unknown = cli("list", "--section", "Nope", env=dutch)
    assert (unknown.returncode, unknown.stderr) == (2, "nieuws-tui: fout: geen sectie 'Nope' in de bibliotheek (secties: Buitenland)\n")
    limit = cli("export", "--limit", "x", env=dutch)
    assert limit.returncode == 2 and limit.stderr.endswith("nieuws-tui export: fout: argument --limit: geen positief getal: 'x'\n")
    choice = cli("mark", "gelezen", "abc", env=dutch)
    assert "fout: argument {read,unread,star,unstar}: ongeldige keuze: 'gelezen' (kies uit 'read', 'unread', 'star', 'unstar')" in choice.stderr
    missing = cli("mark", "read", "ffffffffffff", env=dutch)
    assert missing.stderr == "nieuws-tui: fout: ffffffffffff: geen artikel heeft dit id\n"
    sections = cli("sections", env=dutch)
    assert sections.stdout.split() == ["Buitenland", "16", "totaal", "16", "ongelezen"]


def test_command_line_errors_are_english_under_the_c_locale(cli, tmp_path):
    english = {**speaking(LANG="C"), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")}
    assert cli("import", "--captured", "2026-03-03T12:00", str(SEEDS), env=english).returncode == 0
    unknown = cli("list", "--section", "Nope", env=english)
    assert (unknown.returncode, unknown.stderr) == (2, "nieuws-tui: error: no section 'Nope' in the library (sections: Buitenland)\n")
    assert cli("mark", "read", "ffffffffffff", env=english).stderr == "nieuws-tui: error: ffffffffffff: no article has this id\n"
    assert cli("sections", env=english).stdout.split() == ["Buitenland", "16", "total", "16", "unread"]


def test_the_section_of_an_article_without_one_is_named_in_the_interfaces_language(cli, tmp_path):
    path = tmp_path / "library.sqlite"
    Library(path).add([(article("Zonder sectie", section=None), CAPTURED), (article("Met sectie"), CAPTURED)])
    for environment, other in ((speaking(LANG="nl_NL.UTF-8"), "Overig"), (speaking(LANG="en_US.UTF-8"), "Other")):
        lines = cli("sections", "--db", str(path), env=environment).stdout.splitlines()
        assert sorted(line.split()[0] for line in lines) == ["Binnenland", other]
        listed = cli("list", "--db", str(path), env=environment).stdout
        assert f"  {other}  " in listed and "Zonder sectie" in listed
    assert [s["name"] for s in json.loads(cli("sections", "--json", "--db", str(path)).stdout)].count(None) == 1  # JSON: no name, in any language


def test_machine_readable_output_is_the_same_in_every_language(cli, tmp_path):
    dutch = {**speaking(LANG="nl_NL.UTF-8"), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")}
    english = {**speaking(LANG="en_US.UTF-8"), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")}
    cli("import", "--captured", "2026-03-03T12:00", str(SEEDS), env=english)
    assert cli("list", "--json", env=dutch).stdout == cli("list", "--json", env=english).stdout
    assert cli("list", env=dutch).stdout == cli("list", env=english).stdout  # ids, flags, times, sections, titles
    assert cli("export", env=dutch).stdout != cli("export", env=english).stdout  # only the feed's own title and subtitle differ


# -- the catalogs ---------------------------------------------------------------------------------


def test_the_catalogs_are_in_step_with_the_code_and_every_mo_with_its_po():
    assert _catalogs().check() == []


@pytest.fixture
def catalogs(tmp_path, monkeypatch):
    """tools/catalogs.py working on a copy of the catalogs, to break."""
    module = _catalogs()
    copy = tmp_path / "feeds" / "locale"
    shutil.copytree(module.LOCALE, copy)
    monkeypatch.setattr(module, "LOCALE", copy)
    return module


def _edit_dutch(catalogs, change):
    path = catalogs.po_path("nl")
    po = polib.pofile(str(path), wrapwidth=0)
    change(po)
    po.save(str(path))


def test_a_po_changed_without_building_its_mo_is_caught(catalogs):
    _edit_dutch(catalogs, lambda po: setattr(po.find("Other"), "msgstr", "Anders"))
    assert catalogs.check() == ["feeds/locale/nl/LC_MESSAGES/nieuws-tui.mo: out of date with its .po: run tools/catalogs.py build"]
    catalogs.build()
    assert catalogs.check() == []


def test_an_untranslated_message_or_one_with_other_placeholders_is_caught(catalogs):
    def change(po):
        po.find("Other").msgstr = ""
        po.find("seen {age}").msgstr = "gezien {leeftijd}"
        po.find("{count} day ago").flags.append("fuzzy")

    _edit_dutch(catalogs, change)
    catalogs.build()
    problems = catalogs.check()
    assert "feeds/locale/nl/LC_MESSAGES/nieuws-tui.po: 'Other' is not translated" in problems
    assert "feeds/locale/nl/LC_MESSAGES/nieuws-tui.po: '{count} day ago' is not translated (fuzzy)" in problems
    assert "feeds/locale/nl/LC_MESSAGES/nieuws-tui.po: 'seen {age}': the translation 'gezien {leeftijd}' has other placeholders" in problems


def test_an_english_message_that_says_something_else_than_the_code_is_caught(catalogs):
    path = catalogs.po_path("en")
    po = polib.pofile(str(path), wrapwidth=0)
    po.find("Other").msgstr = "Overig"
    po.save(str(path))
    catalogs.build()
    assert catalogs.check() == ["feeds/locale/en/LC_MESSAGES/nieuws-tui.po: 'Other' must be said as it is written: run tools/catalogs.py update"]
    catalogs.update()
    catalogs.build()
    assert catalogs.check() == []


def test_a_message_missing_from_the_catalog_is_caught(catalogs):
    _edit_dutch(catalogs, lambda po: po.remove(po.find("Other")))
    assert "feeds/locale/nl/LC_MESSAGES/nieuws-tui.po: 'Other' (feeds/model.py) is missing: run tools/catalogs.py update" in catalogs.check()


def test_a_catalog_out_of_the_codes_order_is_caught(catalogs):
    """Branches merged one after another each leave their messages where they were added: every message is there, but the
    next update reorders the catalog, a diff of hundreds of lines in someone else's change."""

    def move_first_to_end(po):
        first = po[0]
        po.remove(first)
        po.append(first)

    _edit_dutch(catalogs, move_first_to_end)
    catalogs.build()
    assert catalogs.check() == ["feeds/locale/nl/LC_MESSAGES/nieuws-tui.po: its messages are not in the code's order: run tools/catalogs.py update"]
    catalogs.update()
    catalogs.build()
    assert catalogs.check() == []


def test_the_interface_language_is_reported_as_its_code():
    assert language() == "en"
    choose_language({"LANG": "nl_NL.UTF-8"})
    assert language() == "nl"


def test_articles_without_a_section_are_listed_in_the_language_chosen_after_the_engine_was_loaded():
    """"Other" was translated once, when feeds.model was imported: a language chosen after that was not spoken there."""
    from feeds.library import Headline
    from tui.commands.listing import _line

    choose_language(speaking(LANG="nl_NL.UTF-8"))
    line = _line(Headline("0" * 12, False, False, "full", CAPTURED, None, "Zonder sectie"))
    assert "  Overig  " in line
