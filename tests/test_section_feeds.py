"""Section feeds agree with each other (issue 12 §5): one slug names a section in `export`'s
self link, on `serve` and in `--section`; a section that is not ZeelandNet's links to its source."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
from conftest import CAPTURED
from feedkit import article, atom_schema, feed_articles, request, running_server
from test_feed_items import ITEMS

from feeds.library import Library, UnknownSection
from feeds.out.export import FeedInfo, build_feed, feed_path
from feeds.urls import section_slug, section_slugs

FEED = "https://nieuws.example/feed.rss"


def feed_library(path: Path, section: str = "Eén Tech") -> Library:
    library = Library(path)
    library.add([(a, CAPTURED) for a in feed_articles(ITEMS, section=section, url=FEED, source=FEED)])
    return library


def test_a_sections_slug_ignores_case_and_accents_and_is_never_empty():
    assert section_slug("Eén Tech") == section_slug("een tech") == section_slug("EEN  TECH!") == "een-tech"
    assert section_slug("日本") and section_slug("日本") != section_slug("中国")
    assert feed_path("een-tech") == "/sections/een-tech" and feed_path(None) == "/feed"


def test_sections_are_chosen_by_any_spelling_of_their_slug(tmp_path):
    library = feed_library(tmp_path / "library.sqlite")
    assert library.section_names(["een tech", "EÉN-TECH"]) == ("Eén Tech", "Eén Tech")
    with pytest.raises(UnknownSection, match=r"no section 'Sport' in the library \(sections: Eén Tech\)"):
        library.section_names(["Sport"])


def test_the_self_link_of_an_exported_section_is_what_serve_answers(cli, tmp_path):
    library = feed_library(tmp_path / "library.sqlite")
    exported = cli("export", "--section", "een tech", env={"NIEUWS_TUI_DB": str(library.path)})
    assert exported.returncode == 0, exported.stderr
    feed = feedparser.parse(exported.stdout)
    links = {link.rel: link.href for link in feed.feed.links}
    assert links["self"] == "http://127.0.0.1:8080/sections/een-tech.atom"
    assert links["alternate"] == FEED  # not ZeelandNet's: the section stands for its source
    with running_server(library) as server:
        status, _, body = request(server, "GET", "/sections/een-tech.atom")
        assert status == 200
        served = feedparser.parse(body)
        assert {link.rel: link.href for link in served.feed.links}["alternate"] == FEED
        assert len(served.entries) == 3


def test_a_zeelandnet_section_still_points_to_zeelandnet(seeded_library):
    info = FeedInfo.for_library(seeded_library, "http://x/sections/buitenland.atom", "Buitenland")
    assert info.alternate_url == "https://www.zeelandnet.nl/nieuws/buitenland"


def test_a_section_from_files_of_another_site_points_to_its_own_feed(tmp_path):
    library = Library(tmp_path / "library.sqlite")
    library.add([(a, CAPTURED) for a in feed_articles(ITEMS, section="Lokaal", url=FEED, source=str(tmp_path / "feed.rss"))])
    assert FeedInfo.for_library(library, "http://x/sections/lokaal.atom", "Lokaal").alternate_url == "http://x/sections/lokaal.atom"


ONE_SLUG = ["A B", "A-B", "a_b", "Een Tech", "Eén Tech"]


def test_sections_whose_names_make_one_slug_each_get_their_own_and_the_first_by_name_keeps_it():
    slugs = section_slugs(["Sport", *ONE_SLUG])
    assert slugs["Sport"] == "sport" and slugs["A B"] == "a-b" and slugs["Een Tech"] == "een-tech"
    assert len(set(slugs.values())) == len(slugs)
    assert all(slugs[name].startswith(section_slug(name) + "-") for name in ("A-B", "a_b", "Eén Tech"))
    assert section_slugs(["A-B", "a_b"])["a_b"] == slugs["a_b"]  # a name's own slug does not hang on the others
    assert section_slugs(["A-B", "a_b"])["A-B"] == "a-b"


def test_a_sections_address_does_not_move_with_the_order_of_the_librarys_articles(tmp_path):
    """The first section the library had kept the plain address: a prune of its oldest article, or a feed that
    rewrote that article, gave it to another section, whose feed readers subscribed to the first one then got."""
    assert section_slugs(reversed(ONE_SLUG)) == section_slugs(ONE_SLUG)
    library = Library(tmp_path / "library.sqlite")
    library.add([(article("Eerst", section="a_b"), CAPTURED)])
    library.add([(article("Later", section="A B"), CAPTURED)])
    before = library.section_slugs()
    library.add([(article("Eerst", section="a_b", lead="Bijgewerkt."), CAPTURED)])  # the row is written anew
    assert library.section_slugs() == before == {"A B": "a-b", "a_b": section_slugs(ONE_SLUG)["a_b"]}


def test_serve_and_export_give_each_section_whose_name_makes_one_slug_its_own_feed(cli, tmp_path):
    library = Library(tmp_path / "library.sqlite")
    for number, section in enumerate(ONE_SLUG):
        library.add([(article(f"Bericht {number} uit {section}", section=section), CAPTURED)])
    slugs = library.section_slugs()
    assert sorted(slugs) == sorted(ONE_SLUG) and slugs["A B"] == "a-b" and slugs["Een Tech"] == "een-tech"
    assert library.section_names(ONE_SLUG) == tuple(ONE_SLUG)  # each by its own name, not another of its slug
    assert library.section_names(["a b", slugs["a_b"]]) == ("A B", "a_b")
    with running_server(library) as server:
        _, _, index = request(server, "GET", "/")
        for section in ONE_SLUG:
            path = f"/sections/{slugs[section]}.atom"
            assert f'href="{path}"'.encode() in index
            status, _, body = request(server, "GET", path)
            assert status == 200 and [e.title for e in feedparser.parse(body).entries] == [f"Bericht {ONE_SLUG.index(section)} uit {section}"]
            exported = cli("export", "--section", section, env={"NIEUWS_TUI_DB": str(library.path)})
            feed = feedparser.parse(exported.stdout)
            assert {link.rel: link.href for link in feed.feed.links}["self"] == f"http://127.0.0.1:8080{path}"
            assert [e.title for e in feed.entries] == [f"Bericht {ONE_SLUG.index(section)} uit {section}"]


def test_sections_whose_names_make_one_slug_are_feeds_of_their_own_ids(tmp_path):
    """Their paths differed, their ids not: a feed reader took the feed of `a_b` for that of `A B`."""
    library = Library(tmp_path / "library.sqlite")
    for number, section in enumerate(ONE_SLUG):
        library.add([(article(f"Bericht {number}", section=section), CAPTURED)])
    ids = {section: FeedInfo.for_library(library, "http://x/", section).feed_id for section in ONE_SLUG}
    assert len(set(ids.values())) == len(ONE_SLUG)
    (tmp_path / "alleen").mkdir()
    alone = Library(tmp_path / "alleen" / "library.sqlite")
    alone.add([(article("Bericht", section="A B"), CAPTURED)])
    assert FeedInfo.for_library(alone, "http://x/", "A B").feed_id == FeedInfo.for_view(alone.name, "http://x/", "A B").feed_id  # as it was


def test_serve_finds_the_slugs_of_the_sections_once_for_a_section_feed(tmp_path, monkeypatch):
    """Each look reads every section of the library: it looked twice, to find the section and again for its feed's id."""
    from feeds.out.site import FeedSite

    site = FeedSite(feed_library(tmp_path / "library.sqlite"), "http://127.0.0.1:8080")
    looks = []
    section_slugs = site.open_library().section_slugs
    monkeypatch.setattr(site.open_library(), "section_slugs", lambda: looks.append(1) or section_slugs())
    answer = site.answer("/sections/een-tech.atom")
    assert answer is not None and feedparser.parse(answer.body).feed.title == "nieuws-tui — Eén Tech" and len(looks) == 1


def test_an_export_of_several_sections_is_a_feed_of_its_own_whatever_their_order(cli, tmp_path):
    """It carried the whole library's id and title: a feed reader took its few articles for all of the library's."""
    library = Library(tmp_path / "library.sqlite")
    for section in ("Buitenland", "Sport", "Zeeland"):
        library.add([(article(f"Bericht uit {section}", section=section), CAPTURED)])
    env = {"NIEUWS_TUI_DB": str(library.path)}

    def exported(*sections: str) -> feedparser.FeedParserDict:
        result = cli("export", *(f"--section={section}" for section in sections), env=env)
        assert result.returncode == 0, result.stderr
        return feedparser.parse(result.stdout).feed

    whole, both, turned, once = exported(), exported("Sport", "Zeeland"), exported("zeeland", "SPORT"), exported("Sport", "sport")
    assert both.id != whole.id and both.title != whole.title and "Sport" in both.title and "Zeeland" in both.title
    assert (turned.id, turned.title) == (both.id, both.title)
    assert (once.id, once.title) == (exported("Sport").id, "nieuws-tui — Sport")  # one section named twice is that section
    assert exported("Sport", "Buitenland").id not in (both.id, whole.id)


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_an_export_to_standard_output_links_to_itself_only_where_serve_answers_the_same_feed(cli, tmp_path, fmt):
    """The starred articles, those without a section and several sections named the whole library's feed as their own."""
    library = Library(tmp_path / "library.sqlite")
    library.add([(article("Bericht uit Sport", section="Sport"), CAPTURED), (article("Bericht zonder sectie", section=None), CAPTURED)])
    library.set_state([library.entries()[0].id], starred=True)
    env = {"NIEUWS_TUI_DB": str(library.path)}

    def links(*options: str) -> dict[str, str]:
        result = cli("export", "--format", fmt, *options, env=env)
        assert result.returncode == 0, result.stderr
        feed = feedparser.parse(result.stdout)
        assert feed.entries and not feed.bozo, feed.get("bozo_exception")
        return {link.rel: link.href for link in feed.feed.links}

    assert links()["self"] == f"http://127.0.0.1:8080/feed.{fmt}"
    assert links("--section", "sport")["self"] == f"http://127.0.0.1:8080/sections/sport.{fmt}"
    assert links("--unread")["self"] == f"http://127.0.0.1:8080/feed.{fmt}"  # less of the same feed
    for shelf in (["--starred"], ["--section", "Other"], ["--section", "Sport", "--section", "Other"]):
        assert "self" not in links(*shelf), shelf


def _page_and_generator(data: bytes, fmt: str) -> tuple[str | None, str | None, str | None]:
    """The page a feed names as its own (Atom's alternate link, RSS's <link>), its generator and the generator's version."""
    from lxml import etree

    root = etree.fromstring(data)
    if fmt == "rss":
        return root.findtext("channel/link"), root.findtext("channel/generator"), None
    atom = "{http://www.w3.org/2005/Atom}"
    generator = root.find(f"{atom}generator")
    return root.find(f"{atom}link[@rel='alternate']").get("href"), generator.text, generator.get("version")


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_the_whole_library_of_another_site_names_no_zeelandnet_page_and_nieuws_tui_as_its_generator(cli, tmp_path, seeded_library, fmt):
    """The whole library's feed linked to zeelandnet.nl and named it as its generator's page though it held no
    ZeelandNet article: it links to the page it is served at, else to where `serve` shows it (never to its file); its generator is nieuws-tui, versioned.
    That of ZeelandNet's articles alone still stands for ZeelandNet's news."""
    from feeds import __version__

    library = feed_library(tmp_path / "other.sqlite")  # (seeded_library's is library.sqlite)
    env = {"NIEUWS_TUI_DB": str(library.path)}
    written = tmp_path / f"feed.{fmt}"
    assert cli("export", "--format", fmt, "-o", str(written), env=env).returncode == 0
    exported = cli("export", "--format", fmt, env=env)
    assert exported.returncode == 0, exported.stderr
    with running_server(library) as server:
        served = request(server, "GET", f"/feed.{fmt}")[2]
        address = server.url
    for data, page in ((written.read_bytes(), "http://127.0.0.1:8080/"), (exported.stdout.encode(), "http://127.0.0.1:8080/"), (served, address + "/")):
        assert b"zeelandnet" not in data
        assert _page_and_generator(data, fmt) == ((page, "nieuws-tui", __version__) if fmt == "atom" else (page, f"nieuws-tui {__version__}", None))
    assert _page_and_generator(build_feed([], fmt, FeedInfo.for_library(seeded_library, f"http://x/feed.{fmt}")), fmt)[0] == "https://www.zeelandnet.nl/nieuws"


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_a_feed_with_articles_of_another_site_claims_no_language_it_does_not_know(cli, tmp_path, seeded_library, fmt):
    """Every feed was written `xml:lang="nl"`, a library of English feeds too: only ZeelandNet's articles are known to
    be Dutch, and a feed with another's says no language rather than a wrong one."""
    from lxml import etree

    seeded_library.add([(a, CAPTURED) for a in feed_articles(ITEMS, section="Tech", url=FEED, source=FEED)])
    for section, language in ((["--section", "Buitenland"], "nl"), (["--section", "Tech"], None), ([], None)):
        exported = cli("export", "--format", fmt, *section, env={"NIEUWS_TUI_DB": str(seeded_library.path)})
        assert exported.returncode == 0, exported.stderr
        root = etree.fromstring(exported.stdout.encode())
        if fmt == "atom":
            assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == language
            assert atom_schema().validate(root), atom_schema().error_log
        else:
            assert root.findtext("channel/language") == language


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_a_shelf_exported_to_standard_output_names_zeelandnet_as_its_page_only_when_it_holds_zeelandnets_articles_alone(cli, tmp_path, seeded_library, fmt):
    """The starred articles, those without a section and several sections, written to standard output, named
    zeelandnet.nl as their page though they held no ZeelandNet article: they name the page `serve` shows its feeds on,
    as the whole library's feed does."""
    library = feed_library(tmp_path / "other.sqlite")
    library.add([(article("Zonder sectie", url="https://ander.example/2", section=None, source="https://ander.example/feed.rss"), CAPTURED)])
    library.set_state([library.entries()[0].id], starred=True)
    seeded_library.set_state([seeded_library.entries()[0].id], starred=True)
    for shelf in (["--starred"], ["--section", "Other"], ["--section", "Eén Tech", "--section", "Other"]):
        exported = cli("export", "--format", fmt, *shelf, env={"NIEUWS_TUI_DB": str(library.path)})
        assert exported.returncode == 0, exported.stderr
        assert b"zeelandnet" not in exported.stdout.encode(), shelf
        assert _page_and_generator(exported.stdout.encode(), fmt)[0] == "http://127.0.0.1:8080/", shelf
    zeelandnets = cli("export", "--format", fmt, "--starred", env={"NIEUWS_TUI_DB": str(seeded_library.path)})
    assert _page_and_generator(zeelandnets.stdout.encode(), fmt)[0] == "https://www.zeelandnet.nl/nieuws"


def test_a_section_of_one_sites_articles_with_and_without_www_names_its_feed_as_its_page(tmp_path):
    """`www.` is the same site: a section of its two feeds, one naming its articles with `www.`, is still that site's."""
    library = feed_library(tmp_path / "library.sqlite", section="Gemengd")
    home = library.section_home("Gemengd")
    assert home is not None
    site = home.split("/")[2].removeprefix("www.")
    library.add([(article("Ook van hen", url=f"https://www.{site}/1", section="Gemengd", source=f"https://www.{site}/ander.rss"), CAPTURED)])
    assert library.section_home("Gemengd") is not None


def test_a_section_of_articles_from_several_sites_names_none_of_their_feeds_as_its_page(cli, tmp_path):
    """`export --section` of a section mixing sources linked to the feed of the one with the most articles, as though
    the section were that site's: it names the page `serve` shows its feeds on, as a feed of no one site's."""
    library = feed_library(tmp_path / "library.sqlite", section="Gemengd")
    other = "https://ander.example/feed.rss"
    library.add([(article("Van elders", url="https://ander.example/1", section="Gemengd", source=other), CAPTURED)])
    exported = cli("export", "--section", "Gemengd", env={"NIEUWS_TUI_DB": str(library.path)})
    assert exported.returncode == 0, exported.stderr
    links = {link.rel: link.href for link in feedparser.parse(exported.stdout).feed.links}
    assert links["alternate"] == "http://127.0.0.1:8080/"
    assert FeedInfo.for_library(library, "http://x/sections/gemengd.atom", "Gemengd").alternate_url == "http://x/sections/gemengd.atom"
