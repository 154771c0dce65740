"""The sources list: made on first use, changed from the command line, moved in and out as OPML."""

from __future__ import annotations

import codecs
import json
import re
import sqlite3
import subprocess
import sys
import tomllib
from contextlib import closing
from xml.sax.saxutils import escape

import pytest
from conftest import SEEDS, require_tool, speaking
from hypothesis import example, given, settings
from hypothesis import strategies as st
from werkzeug import Response

from feeds import config as sources
from feeds.config import Source, SourcesError
from feeds.library import Library


@pytest.fixture
def config(tmp_path, monkeypatch):
    path = tmp_path / "config" / "config.toml"
    monkeypatch.setenv("NIEUWS_TUI_CONFIG", str(path))
    return path


def test_reading_the_sources_list_leaves_the_library_unloaded():
    # The app and every command read config.toml first: loading the store for it would only slow them down.
    loaded = "import sys, feeds.config; print(sorted(m for m in ('feeds.library', 'sqlite3') if m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", loaded], capture_output=True, text=True, check=True).stdout == "[]\n"


def test_first_use_creates_a_commented_list_of_zeelandnet_sections(monkeypatch, tmp_path):
    monkeypatch.delenv("NIEUWS_TUI_CONFIG")  # at the default path: the first run
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    config = sources.config_path()
    loaded = sources.load_config().sources
    text = config.read_text(encoding="utf-8")
    assert text.startswith("# nieuws-tui sources")
    assert {s.section for s in loaded} >= {"Binnenland", "Buitenland", "Politiek", "Financieel", "Sport", "Voetbal", "Zeeland"}
    assert Source("https://www.zeelandnet.nl/nieuws/soccer", "Voetbal", "ZeelandNet Voetbal") in loaded
    assert all(s.url.startswith("https://www.zeelandnet.nl/nieuws/") for s in loaded)


def test_add_replaces_the_same_url_and_remove_takes_it_out(config):
    base = [Source("https://example.org/a.xml")]
    added = sources.add_source(base, Source("https://example.org/b.xml", "Sport"))
    assert [s.url for s in added] == ["https://example.org/a.xml", "https://example.org/b.xml"]
    changed = sources.add_source(added, Source("https://EXAMPLE.org/a.xml/", "Regio"))
    assert [(s.url, s.section) for s in changed] == [("https://EXAMPLE.org/a.xml/", "Regio"), ("https://example.org/b.xml", "Sport")]
    assert sources.remove_source(changed, "https://example.org/b.xml") == changed[:1]


def test_the_list_survives_a_save_and_load_with_odd_characters(config):
    odd = [Source('https://example.org/feed?q="x"&y=1', 'Sport "live"', "Eén \\ feed"), Source("https://example.org/2")]
    sources.save_sources(odd)
    assert sources.load_config().sources == odd


@given(st.text())
@example("\x7f")
@example('\x00\t\n\x1f"\\\u2028\U0010ffff')
def test_any_text_written_as_a_toml_string_reads_back_as_it_was(text):
    assert tomllib.loads(f"value = {sources._toml_string(text)}") == {"value": text}


def test_a_source_whose_url_holds_a_control_character_toml_forbids_is_saved_escaped(config):
    listed = [Source("https://example.org/a\x7fb\x00.xml")]  # as the API takes it (the command line refuses it)
    sources.save_sources(listed)
    assert sources.load_config().sources == listed
    assert "\\u007F" in config.read_text(encoding="utf-8")


def test_a_broken_sources_file_is_named_in_the_error(config):
    config.parent.mkdir(parents=True)
    config.write_text("[[source]\nurl = ", encoding="utf-8")
    with pytest.raises(SourcesError, match="config.toml: not valid TOML"):
        sources.load_config()


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("keep-days = 1000000", "keep-days must be a number from 0 to 36,500, not 1000000"),  # "keep for ever": past the year 1 as a date
        ("keep-days = nan", "keep-days must be a number from 0 to 36,500, not nan"),
        ("max-size = inf", "max-size must be a number of MB from 0.001 to 1,024, not inf"),
        ("max-size = 0", "max-size must be a number of MB from 0.001 to 1,024, not 0"),  # every response would be too large
        ("max-size = 0.000001", "max-size must be a number of MB from 0.001 to 1,024, not 1e-06"),  # a cap of 1 byte: so would it
        ("run-deadline = 1e10", "run-deadline must be a number of seconds above 0 and up to 86,400"),  # past the end of time_t
        ("deadline = 0", "deadline must be a number of seconds above 0 and up to 86,400, not 0"),  # as fetch --deadline 0 is refused
        ("run-deadline = 0.0", "run-deadline must be a number of seconds above 0 and up to 86,400, not 0"),  # (TOML as config.toml is written: 7, not 7.0)
        ('[[source]]\nurl = "https://example.org/a"\nkeep-days = -1', "source 1: keep-days must be a number from 0 to 36,500, not -1"),
        ("refresh-minutes = 20000", "refresh-minutes must be a number from 0 to 10,080, not 20000"),
        ("refresh-minutes = 0.02", "refresh-minutes must be 0 (off) or from 1 to 10,080, not 0.02"),
        ('refresh-on-start = "yes"', 'refresh-on-start must be true or false, not "yes"'),
        ("keep-days = true", "keep-days must be a number from 0 to 36,500, not true"),  # as TOML says it: not Python's True
        ('browser = ["a"]', 'browser must be text in quotes, not ["a"]'),
        ("refresh-on-start = {a=1, b.c=[2024-05-01, 1.5]}", "refresh-on-start must be true or false, not {a = 1, b = {c = [2024-05-01, 1.5]}}"),
        ("prune-unread = 1", "prune-unread must be true or false, not 1"),
        ("a = " + "[" * 5000 + "]" * 5000, "nested thousands deep"),
        ("[keys]\n" + ".".join(["a"] * 5000) + ' = "n"', "nested thousands deep"),
    ],
)
def test_a_setting_beyond_what_it_may_be_is_named_in_the_error(config, text, error):
    config.parent.mkdir(parents=True)
    config.write_text(text + "\n", encoding="utf-8")
    with pytest.raises(SourcesError, match="config.toml: " + re.escape(error)):
        sources.load_config()


@pytest.mark.parametrize(("text", "minutes", "on_start"), [("", None, False), ("refresh-minutes = 0", None, False), ("refresh-minutes = 30\nrefresh-on-start = true", 30, True)])
def test_the_app_refreshes_as_config_toml_says_and_by_default_only_on_r(config, text, minutes, on_start):
    config.parent.mkdir(parents=True)
    config.write_text(text + "\n", encoding="utf-8")
    loaded = sources.load_config()
    assert (loaded.refresh_minutes, loaded.refresh_on_start, loaded.warnings) == (minutes, on_start, ())


def test_config_toml_names_the_browser_as_a_command_line(config):
    config.parent.mkdir(parents=True)
    config.write_text('browser = "w3m -o confirm_qq=false %u"  # newsboat\'s own line, in TOML\'s quotes\n', encoding="utf-8")
    loaded = sources.load_config()
    assert (loaded.browser, loaded.warnings) == ("w3m -o confirm_qq=false %u", ())


@pytest.mark.parametrize("value", ['"w3m \'%u"', '"&"', '"   "', '"w3m\t%u"', '"' + "w" * 1001 + '"'], ids=["unclosed-quote", "no-program", "blank", "tab", "too-long"])
def test_a_browser_that_is_no_command_line_is_named_in_the_error(config, value):
    config.parent.mkdir(parents=True)
    config.write_text(f"browser = {value}\n", encoding="utf-8")
    with pytest.raises(SourcesError, match=r"config.toml: browser must be a command line, like \"w3m %u\""):
        sources.load_config()


@pytest.mark.parametrize("value", ["xdg-open %u > /dev/null &", "echo %u | xclip", "$BROWSER %u", "w3m %u; clear", "firefox `cat tab` %u", "w3m %u && clear"])
def test_a_browser_that_only_a_shell_could_run_is_named_in_the_error(config, value):
    """newsboat runs its browser with a shell, and a newsboat user's line may ask one for more than the command (a
    redirection, a pipe): the app starts the browser itself, which opened `>/dev/null` and `2>&1` as pages."""
    config.parent.mkdir(parents=True)
    config.write_text(f"browser = {value!r}\n".replace("'", '"'), encoding="utf-8")
    with pytest.raises(SourcesError, match=r"config.toml: browser is started without a shell: leave out what only a shell reads"):
        sources.load_config()


@pytest.mark.parametrize("key", sorted(sources.MOST))
@pytest.mark.parametrize("text", ["-1", "0", "0.5", "1", "1024", "86401", "nan", "inf", "seven"])
def test_an_option_takes_the_numbers_config_toml_takes_and_refuses_the_others_for_the_same_reason(config, key, text):
    """The command line checked the bounds again on its own, in its own words, and without the least a setting
    that 0 turns off may otherwise be (refresh-minutes = 0.5)."""
    import argparse

    from tui.commands.common import amount

    config.parent.mkdir(parents=True)
    config.write_text(f"{key} = {text if text != 'seven' else repr(text)}\n".replace("'", '"'), encoding="utf-8")
    try:
        sources.load_config()
        refused = None
    except SourcesError as error:
        refused = str(error).rsplit(" must be ", 1)[1].rsplit(", not ", 1)[0]
    try:
        amount(key)(text)
        refused_here = None
    except argparse.ArgumentTypeError as error:
        refused_here = str(error).removeprefix("must be ").rsplit(": ", 1)[0]
    assert refused_here == refused


@pytest.mark.parametrize("arguments", [["fetch", "--max-size", "1e308"], ["fetch", "--run-deadline", "1e10"], ["fetch", "--host-delay", "nan"], ["prune", "--older-than", "99999999"]])
def test_a_number_beyond_what_an_option_may_be_is_refused_in_one_line(cli, config, arguments):
    result = cli(*arguments, env={"NIEUWS_TUI_CONFIG": str(config)})
    last = result.stderr.splitlines()[-1]  # after argparse's usage
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"error: argument {arguments[1]}:" in last and ("from 0" in last or "up to" in last)  # what it may be, 0 or 0.001 the least


def test_the_keys_table_rebinds_by_name_in_either_toml_form_and_survives_saving(config):
    config.parent.mkdir(parents=True)
    config.write_text(
        'max-size = 5\n\n[keys]\nnext_unread = "n, J"\nlist.down = "j,ctrl+n"\nsearch = ""\n\n[keys.reader]\ntop = "g,home"\n\n[[source]]\nurl = "https://example.org/a.xml"\n',
        encoding="utf-8",
    )
    expected = {"next_unread": "n,J", "list.down": "j,ctrl+n", "search": "", "reader.top": "g,home"}  # "": no key, on purpose
    assert sources.load_config().keys == expected
    sources.save_sources(sources.add_source(sources.load_config().sources, Source("https://example.org/b.xml")))
    assert sources.load_config().keys == expected


@pytest.mark.parametrize("table", ['keys = "n"', '[keys]\nnext_unread = 3', '[keys]\nnext_unread = "n,,J"', '[keys]\nnext_unread = "\\u001b"'])
def test_a_keys_table_that_is_no_list_of_keys_is_named_in_the_error(config, table):
    config.parent.mkdir(parents=True)
    config.write_text(table + "\n", encoding="utf-8")
    with pytest.raises(SourcesError, match=r"config.toml: keys"):
        sources.load_config()


def test_names_of_sources_are_clean_lines_from_the_command_line_config_and_opml_alike(cli, config):
    hostile = Source("https://example.org/a.xml", "Sec\x9b\x1b[2J\u202eX", "My\x1b[31mFeed\x85")
    assert (hostile.section, hostile.title) == ("SecX", "MyFeed")  # an 8-bit CSI is deleted alone, a 7-bit one whole (clean.py)
    opml = b'<opml version="2.0"><body><outline text="x" title="T&#x9b;itel&#x202e;" category="Re&#x9d;gio" xmlUrl="https://example.org/b"/></body></opml>'
    assert [(s.section, s.title) for s in sources.sources_from_opml(opml)[0]] == [("Regio", "Titel")]
    env = {"NIEUWS_TUI_CONFIG": str(config)}
    sources.save_sources([])
    assert cli("sources", "add", "https://example.org/c.xml", "--section", "Zee\x9b", "--title", "My\x1b[31mFeed", env=env).returncode == 0
    exported = cli("sources", "export-opml", env=env)
    assert exported.returncode == 0 and 'title="MyFeed"' in exported.stdout and 'category="Zee"' in exported.stdout


def test_sources_added_by_many_commands_at_once_are_all_kept(cli, config):
    import os
    import subprocess

    from conftest import nieuws_tui_command

    sources.save_sources([])
    env = {**os.environ, "NIEUWS_TUI_CONFIG": str(config)}
    adding = [subprocess.Popen([*nieuws_tui_command(), "sources", "add", f"https://s{n}.example/feed"], env=env, stderr=subprocess.PIPE) for n in range(8)]
    assert [process.wait(60) for process in adding] == [0] * 8
    assert sorted(s.url for s in sources.load_config().sources) == sorted(f"https://s{n}.example/feed" for n in range(8))


def test_a_sources_list_that_is_a_link_stays_one_and_its_file_is_changed(cli, config, tmp_path):
    real = tmp_path / "dotfiles" / "config.toml"
    real.parent.mkdir()
    sources.save_sources([], real)
    config.parent.mkdir(parents=True)
    config.symlink_to(real)
    assert cli("sources", "add", "https://example.org/a.xml", env={"NIEUWS_TUI_CONFIG": str(config)}).returncode == 0
    assert config.is_symlink() and [s.url for s in sources.load_config(real).sources] == ["https://example.org/a.xml"]


def test_import_opml_counts_what_it_imported_and_names_what_it_left_out(cli, config, tmp_path):
    sources.save_sources([])
    opml = tmp_path / "subs.opml"
    urls = ("https://a.example/f", "javascript:alert(1)", "file:///etc/passwd", "https://b.example/f", "ftp://x\u202e.example/" + "x" * 100)
    outlines = "".join(f'<outline text="x" xmlUrl="{url}"/>' for url in urls)
    folders = '<outline text="Nieuws"><outline text="c" xmlUrl="https://c.example/f"/><outline text="Geen feed"/></outline><outline title="Leeg"/>'
    opml.write_text(f'<opml version="2.0"><body>{outlines}{folders}</body></opml>', encoding="utf-8")
    result = cli("sources", "import-opml", str(opml), env={"NIEUWS_TUI_CONFIG": str(config)})
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        f"nieuws-tui: imported 3 sources from {opml}",
        "nieuws-tui: left out 3 that are no http(s) address: javascript:alert(1), file:///etc/passwd, ftp://x\\u202e.example/" + "x" * 37 + "…",
        "nieuws-tui: left out 2 outlines without a feed address (xmlUrl): Geen feed, Leeg",  # the folder Nieuws is none
    ]
    assert [s.url for s in sources.load_config().sources] == ["https://a.example/f", "https://b.example/f", "https://c.example/f"]


@pytest.mark.parametrize(("written", "shown"), [("&#127;", "\\x7f"), ("&#9;", "\\x09"), ("&#133;", "\\x85"), ("&#x2028;", "\\u2028")])
def test_import_opml_leaves_out_a_feed_whose_address_holds_a_control_character_as_sources_add_refuses_it(cli, config, tmp_path, written, shown):
    """An OPML file's `o&#127;b` was imported percent-encoded (o%7Fb), an address nobody meant, and its `&#9;` dropped
    unsaid, where `sources add` refuses both."""
    sources.save_sources([])
    opml = tmp_path / "subs.opml"
    urls = (f"https://h.example/o{written}b", "https://a.example/f")
    opml.write_text('<opml version="2.0"><body>' + "".join(f'<outline text="x" xmlUrl="{url}"/>' for url in urls) + "</body></opml>", encoding="utf-8")
    result = cli("sources", "import-opml", str(opml), env={"NIEUWS_TUI_CONFIG": str(config)})
    assert result.returncode == 0
    assert result.stderr.splitlines() == [f"nieuws-tui: imported 1 source from {opml}", f"nieuws-tui: left out 1 that is no http(s) address: https://h.example/o{shown}b"]
    assert [s.url for s in sources.load_config().sources] == ["https://a.example/f"]


@pytest.mark.parametrize(("written", "shown"), [("&#133;", "\\x85"), ("&#x2028;", "\\u2028"), ("&#x2029;", "\\u2029")])
@pytest.mark.parametrize("where", ["before", "after"])
def test_import_opml_leaves_out_a_feed_whose_address_has_a_control_character_around_it_that_str_strip_strips(cli, config, tmp_path, written, shown, where):
    """An OPML file's `https://h.example/f&#133;` was imported as `https://h.example/f`: the address was read with
    str.strip(), which takes U+0085 and U+2028 for white space, where `sources add` refuses them (XML has no \\x1c-\\x1f)."""
    sources.save_sources([])
    opml = tmp_path / "subs.opml"
    urls = ("https://h.example/f" + written if where == "after" else written + "https://h.example/f", " https://a.example/f&#9;")
    opml.write_text('<opml version="2.0"><body>' + "".join(f'<outline text="x" xmlUrl="{url}"/>' for url in urls) + "</body></opml>", encoding="utf-8")
    result = cli("sources", "import-opml", str(opml), env={"NIEUWS_TUI_CONFIG": str(config)})
    assert result.returncode == 0
    left_out = "https://h.example/f" + shown if where == "after" else shown + "https://h.example/f"
    assert result.stderr.splitlines() == [f"nieuws-tui: imported 1 source from {opml}", f"nieuws-tui: left out 1 that is no http(s) address: {left_out}"]
    assert [s.url for s in sources.load_config().sources] == ["https://a.example/f"]  # ASCII's white space around it is no part of it


def test_import_opml_names_what_it_left_out_without_the_passwords_and_tokens_in_it(cli, config, tmp_path):
    """An OPML file comes from anywhere: the password and the query of an address it left out were printed."""
    sources.save_sources([])
    opml = tmp_path / "subs.opml"
    urls = ("ftp://anna:geheim@x.example/f?token=8f3a", "mailto:anna:geheim@x.example?subject=8f3a", "https://a.example/f?token=9e")
    opml.write_text('<opml version="2.0"><body>' + "".join(f'<outline text="x" xmlUrl="{url}"/>' for url in urls) + "</body></opml>", encoding="utf-8")
    result = cli("sources", "import-opml", str(opml), env={"NIEUWS_TUI_CONFIG": str(config)})
    assert result.stderr.splitlines() == [
        f"nieuws-tui: imported 1 source from {opml}",
        "nieuws-tui: left out 2 that are no http(s) address: ftp://x.example/f?…, mailto:…@x.example?…",
    ]
    assert [s.url for s in sources.load_config().sources] == ["https://a.example/f?token=9e"]  # a source keeps its address whole


def test_import_opml_names_a_few_of_many_it_left_out(cli, config, tmp_path):
    sources.save_sources([])
    opml = tmp_path / "subs.opml"
    opml.write_text('<opml version="2.0"><body>' + '<outline text="x"/>' * 1000 + "</body></opml>", encoding="utf-8")
    result = cli("sources", "import-opml", str(opml), env={"NIEUWS_TUI_CONFIG": str(config)})
    assert result.stderr.splitlines()[-1] == "nieuws-tui: left out 1,000 outlines without a feed address (xmlUrl): x, x, x, x, x and 995 more"


def test_import_opml_leaves_the_sources_already_listed_as_they_are_and_counts_them_and_the_repeats(cli, config, tmp_path):
    config.parent.mkdir(parents=True)
    config.write_text(
        '[[source]]\nurl = "http://127.0.0.1:8765/rss.xml"\nsection = "Binnenland"\ntitle = "Test RSS"\nkeep-days = 7  # een week\n', encoding="utf-8"
    )
    opml = tmp_path / "newsboat.opml"
    outlines = "".join(f'<outline type="rss" text="{name}" xmlUrl="{url}"/>' for name, url in (
        ("Other name", "HTTP://127.0.0.1:8765/rss.xml"), ("Nieuw", "https://a.example/f"), ("Nieuw", "https://a.example/f"), ("B", "https://b.example/f"),
    ))  # fmt: skip
    opml.write_text(f'<opml version="2.0"><body>{outlines}</body></opml>', encoding="utf-8")
    result = cli("sources", "import-opml", str(opml), env={"NIEUWS_TUI_CONFIG": str(config)})
    assert result.returncode == 0 and result.stderr == f"nieuws-tui: imported 2 sources from {opml}; 1 already present; 1 repeat left out\n"
    assert sources.load_config().sources == [
        Source("http://127.0.0.1:8765/rss.xml", "Binnenland", "Test RSS", 7),
        Source("https://a.example/f", None, "Nieuw"),
        Source("https://b.example/f", None, "B"),
    ]
    again = cli("sources", "import-opml", str(opml), env={"NIEUWS_TUI_CONFIG": str(config)})
    assert again.stderr == f"nieuws-tui: imported 0 sources from {opml}; 3 already present; 1 repeat left out\n"  # a repeat, present or not


def test_opml_export_then_import_gives_the_same_list(config):
    listed = [Source("https://example.org/a.xml", "Sport", "A"), Source("https://example.org/b.xml"), Source("https://example.org/c", "Regio")]
    assert sources.sources_from_opml(sources.sources_to_opml(listed)) == (listed, [])


def test_export_opml_names_each_feed_by_its_title_as_the_sidebar_does_its_hostile_text_escaped(cli, config, tmp_path):
    """Every feed was named by its address (`text=`, `title=`), though config.toml or the feed itself gave it a title,
    which newsboat's `-e` writes: config.toml's title, else the one the feed gave itself, else its address (here, as
    the sidebar names it)."""
    from feeds.opml import read_opml

    library = tmp_path / "library.sqlite"
    with Library(library).writing() as writer:  # as the last fetch or import noted them
        writer.note_source_titles({"https://a.example/f": "Niet deze", "https://b.example/f": 'Omroep <B> & "Co"', "https://c.example/f": "Om\x1b[2Jroep\u202e C"})
    listed = [Source("https://a.example/f", None, "Eigen naam"), Source("https://b.example/f", "Regio"), Source("https://c.example/f"), Source("https://d.example/f")]
    sources.save_sources(listed)
    exported = cli("sources", "export-opml", env={"NIEUWS_TUI_CONFIG": str(config), "NIEUWS_TUI_DB": str(library)})
    assert exported.returncode == 0, exported.stderr
    assert "\x1b" not in exported.stdout and "&amp;" in exported.stdout
    outlines, _ = read_opml(exported.stdout.encode())
    assert [(o.title, o.xml_url, o.category) for o in outlines] == [
        ("Eigen naam", "https://a.example/f", None),
        ('Omroep <B> & "Co"', "https://b.example/f", "Regio"),
        ("Omroep C", "https://c.example/f", None),
        ("d.example", "https://d.example/f", None),  # as the sidebar names an untitled source
    ]
    assert cli("sources", "export-opml", env={"NIEUWS_TUI_CONFIG": str(config), "NIEUWS_TUI_DB": str(tmp_path / "nieuw.sqlite")}).returncode == 0
    assert not (tmp_path / "nieuw.sqlite").exists()  # a command that only looks starts no library


def test_export_opml_names_an_untitled_source_as_the_sidebar_does_not_by_its_whole_address(cli, config, tmp_path):
    """An untitled source was exported as its whole address (`https://www.nu.nl/rss/Sport`), while the sidebar,
    which README says export-opml names them as, shows its host and as much of its path as tells it apart."""
    from feeds.opml import read_opml

    listed = [
        Source("https://www.nu.nl/rss/Sport"),
        Source("https://www.nu.nl/rss/Economie", "Economie"),
        Source("https://feeds.nos.nl/nosnieuwsalgemeen", None, "NOS"),
        Source("https://lezer:geheim@example.org/feed.xml?token=abc"),
    ]
    sources.save_sources(listed)
    exported = cli("sources", "export-opml", env={"NIEUWS_TUI_CONFIG": str(config), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")})
    assert exported.returncode == 0, exported.stderr
    outlines, _ = read_opml(exported.stdout.encode())
    assert [(o.title, o.xml_url) for o in outlines] == [
        ("nu.nl/…/Sport", "https://www.nu.nl/rss/Sport"),
        ("nu.nl/…/Economie", "https://www.nu.nl/rss/Economie"),
        ("NOS", "https://feeds.nos.nl/nosnieuwsalgemeen"),
        ("example.org", "https://example.org/feed.xml?token=abc"),
    ]
    sidebar = sources.source_labels([s.public_url for s in listed], {"https://feeds.nos.nl/nosnieuwsalgemeen": "NOS"})
    assert [o.title for o in outlines] == list(sidebar.values())
    assert "geheim" not in exported.stdout and "lezer" not in exported.stdout


@pytest.mark.parametrize("name", ["nu.nl", "nu.nl/…/Sport", "nu.nl/rss/Sport"])
def test_import_opml_takes_no_title_from_an_outline_named_by_its_address_as_the_sidebar_names_it(config, name):
    """export-opml names an untitled source as the sidebar does (`nu.nl/…/Sport`): read back as its title, that name
    would be written into config.toml, and stay there when the source's own title or a neighbour's address changed."""
    opml = f'<opml version="2.0"><body><outline text="{name}" xmlUrl="https://www.nu.nl/rss/Sport"/><outline text="NU Sport" xmlUrl="https://nu.nl/sport"/></body></opml>'
    imported, _ = sources.sources_from_opml(opml.encode())
    assert [(s.url, s.title) for s in imported] == [("https://www.nu.nl/rss/Sport", None), ("https://nu.nl/sport", "NU Sport")]


def test_export_opml_then_import_opml_into_a_new_list_gives_the_same_config(cli, config, tmp_path):
    """The sidebar's short names in the export (`nu.nl/…/Sport`) are no titles: imported, the list is as it was."""
    listed = [Source("https://www.nu.nl/rss/Sport", "Sport"), Source("https://www.nu.nl/rss/Economie"), Source("https://www.nu.nl/rss/Sport/extra", None, "Extra")]
    sources.save_sources(listed)
    opml = tmp_path / "bron.opml"
    exported = cli("sources", "export-opml", "-o", str(opml), env={"NIEUWS_TUI_CONFIG": str(config), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")})
    assert exported.returncode == 0, exported.stderr
    assert 'text="nu.nl/…/Economie"' in opml.read_text(encoding="utf-8")
    other = tmp_path / "ander.toml"
    imported = cli("sources", "import-opml", str(opml), env={"NIEUWS_TUI_CONFIG": str(other)})
    assert imported.returncode == 0, imported.stderr
    assert sources.load_config(other).sources == listed


@pytest.mark.parametrize(
    ("category", "section"),
    [("/Sport", "Sport"), ("/Sport,/Voetbal", "Sport"), ("/Nieuws/Regio", "Regio"), ("/Nieuws/Regio/, /Tech", "Regio"), ("Kunst, cultuur", "Kunst, cultuur"), ("/", None)],
)
def test_an_opml_2_category_path_files_the_feed_under_its_first_categorys_name(config, category, section):
    """OPML 2.0's category is comma-separated, slash-delimited paths ("/Harvard/Berkman,/Politics"): a feed reader's
    export filed its feed under a section named "/Sport,/Voetbal". Its first path's last name is the section, as a
    feed in nested folders is filed under the folder it is in; a name without the leading slash (ours) is kept whole."""
    opml = f'<opml version="2.0"><body><outline text="A" xmlUrl="https://a.example/f" category="{category}"/></body></opml>'
    assert sources.sources_from_opml(opml.encode()) == ([Source("https://a.example/f", section, "A")], [])


@pytest.mark.parametrize("declaration", ['<?xml version="1.0" encoding="UTF-8"?>', ""])
def test_an_opml_file_saved_with_a_byte_order_mark_imports(config, declaration):
    """As a Windows feed reader may export it."""
    opml = f'{declaration}<opml version="2.0"><body><outline text="Eén" xmlUrl="https://a.example/f"/></body></opml>'
    assert sources.sources_from_opml(codecs.BOM_UTF8 + opml.encode("utf-8")) == ([Source("https://a.example/f", None, "Eén")], [])


def test_newsboats_own_opml_export_imports(config, tmp_path):
    newsboat = require_tool("newsboat")
    urls = tmp_path / "urls"
    urls.write_text("https://example.org/one.xml\nhttps://example.org/two.rss\n")
    exported = subprocess.run(
        [newsboat, "-u", str(urls), "-c", str(tmp_path / "cache.db"), "-C", str(tmp_path / "config"), "-e"],
        capture_output=True, timeout=60, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
    )  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    imported, without_url = sources.sources_from_opml(exported.stdout)
    assert without_url == []
    assert [s.url for s in imported] == ["https://example.org/one.xml", "https://example.org/two.rss"]


def test_sources_commands(cli, config, tmp_path):
    env = {"NIEUWS_TUI_CONFIG": str(config)}
    sources.save_sources([])
    assert cli("sources", "add", "https://example.org/feed.xml", "--section", "Regio", env=env).returncode == 0
    assert cli("sources", "list", env=env).stdout == "https://example.org/feed.xml  [Regio]\n"
    opml = tmp_path / "subs.opml"
    assert cli("sources", "export-opml", "-o", str(opml), env=env).returncode == 0
    assert cli("sources", "remove", "https://example.org/feed.xml", env=env).returncode == 0
    assert cli("sources", "list", env=env).stdout == ""
    assert cli("sources", "import-opml", str(opml), env=env).returncode == 0
    assert cli("sources", "list", env=env).stdout == "https://example.org/feed.xml  [Regio]\n"
    missing = cli("sources", "remove", "https://nowhere.example/", env=env)
    assert missing.returncode == 1 and "not in the sources list" in missing.stderr
    bad = cli("sources", "add", "ftp://x", env=env)
    assert bad.returncode == 2 and "not an http(s) URL" in bad.stderr
    broken = tmp_path / "broken.opml"
    broken.write_text("<opml><body><outline")
    result = cli("sources", "import-opml", str(broken), env=env)
    assert result.returncode == 2 and result.stderr.startswith(f"nieuws-tui: error: {broken}: not valid XML")


def test_a_long_url_is_said_cut_short_in_its_one_line_error(cli, config):
    """A URL of 9,000 characters was echoed whole: a screenful for one line."""
    from feeds.urls import SHOWN_URL_LENGTH

    env = {"NIEUWS_TUI_CONFIG": str(config)}
    sources.save_sources([])
    for command in (["sources", "add"], ["sources", "remove"], ["fetch"]):
        long = "https://example.org/" + "a" * 9000
        result = cli(*command, long, env=env)
        assert result.returncode != 0, command
        [line] = result.stderr.splitlines()
        assert line.startswith("nieuws-tui: error: https://example.org/aaa") and f"{long[: SHOWN_URL_LENGTH - 1]}…: " in line, command
        assert len(line) < SHOWN_URL_LENGTH + 80, command


def test_sources_list_shows_the_files_imported_and_remove_forgets_one_keeping_its_articles(cli, config, tmp_path):
    """An imported file that was gone failed every refresh, and `sources remove PATH` said it was "not in the sources
    list": nothing could clear it. It is forgotten by the path the list shows, or by any other way to name it."""
    sources.save_sources([])
    env = {"NIEUWS_TUI_CONFIG": str(config), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")}
    page, folder = tmp_path / "pagina.txt", tmp_path / "map"
    page.write_bytes((SEEDS / "000_a5cab632ecde00b7.txt").read_bytes())
    folder.mkdir()
    (folder / "ook.txt").write_bytes((SEEDS / "004_588482ef9224b657.txt").read_bytes())
    assert cli("import", str(page), str(folder), env=env).returncode == 0
    articles = len(Library(tmp_path / "library.sqlite").entries())
    listed = cli("sources", "list", "--imported", env=env).stdout
    assert listed == f"{folder.resolve()}\n{page.resolve()}\n"
    page.unlink()

    removed = cli("sources", "remove", str(page.resolve()), env=env)
    assert (removed.returncode, removed.stderr) == (0, f"nieuws-tui: forgot {page.resolve()}: an imported file or folder, which r imports again no more; its articles stay\n")
    assert cli("sources", "remove", "map/", env=env).returncode == 0  # (named from the folder it is in)
    assert cli("sources", "list", "--imported", env=env).stdout == ""
    assert len(Library(tmp_path / "library.sqlite").entries()) == articles
    again = cli("sources", "remove", str(page), env=env)
    assert again.returncode == 1 and again.stderr.endswith(f"{page}: not in the sources list, nor a file or folder imported\n")


def test_sources_list_leaves_out_the_sample_pages_which_r_does_not_import_again(cli, config, tmp_path):
    """A new library's sample pages were listed by `sources list --imported` and counted as "imported, which r imports
    again", while r skips them (they never change, and move with every install)."""
    sources.save_sources([])
    env = {"NIEUWS_TUI_CONFIG": str(config), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")}
    assert cli("list", env=env).returncode == 0  # the first start: the samples
    assert Library(tmp_path / "library.sqlite").imported_paths()
    assert cli("sources", "list", "--imported", env=env).stdout == ""
    assert "r imports again" not in cli("sources", "list", env=env).stderr
    page = tmp_path / "pagina.txt"
    page.write_bytes((SEEDS / "000_a5cab632ecde00b7.txt").read_bytes())
    assert cli("import", str(page), env=env).returncode == 0
    assert cli("sources", "list", "--imported", env=env).stdout == f"{page.resolve()}\n"


def test_sources_remove_samples_takes_the_sample_articles_away_but_a_starred_one_and_ones_own(cli, config, tmp_path):
    """A user with feeds of their own could not get rid of the samples: `sources remove` of a sample page forgot it and
    kept its articles, and nothing else took them. `--samples` removes them, a starred one kept and said."""
    sources.save_sources([Source("https://example.org/feed")])
    env = {"NIEUWS_TUI_CONFIG": str(config), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")}
    assert cli("list", env=env).returncode == 0  # a first start: the samples
    feed = tmp_path / "eigen.rss"
    feed.write_text("<rss version='2.0'><channel><title>T</title><item><title>Eigen</title><link>https://nieuws.example/a</link></item></channel></rss>")
    assert cli("import", str(feed), env=env).returncode == 0
    library = Library(tmp_path / "library.sqlite")
    samples = [path for path in library.imported_paths() if path != str(feed.resolve())]
    starred = next(entry for entry in library.entries() if entry.article.source == samples[0])
    assert cli("mark", "star", starred.id, env=env).returncode == 0

    forgot = cli("sources", "remove", samples[0], env=env)  # what the user tried first: the articles stay, and it says how else
    assert forgot.returncode == 0 and "`nieuws-tui sources remove --samples`" in forgot.stderr
    removed = cli("sources", "remove", "--samples", env=env)
    assert (removed.returncode, removed.stderr) == (0, "nieuws-tui: removed 15 sample articles; kept 1 starred (unstar it and remove the samples again to remove it too)\n")
    library = Library(tmp_path / "library.sqlite")
    assert sorted(entry.article.title for entry in library.entries()) == sorted(["Eigen", starred.article.title])
    assert library.imported_paths() == [str(feed.resolve())]
    assert cli("sources", "list", env=env).stdout == "https://example.org/feed\n"  # the sources list is left as it was
    again = cli("sources", "remove", "--samples", env=env)
    assert (again.returncode, again.stderr) == (0, "nieuws-tui: removed 0 sample articles; kept 1 starred (unstar it and remove the samples again to remove it too)\n")


def test_sources_remove_samples_takes_the_sources_the_first_start_listed_but_one_changed_since(cli, config, tmp_path):
    """`--samples` took the sample articles but left the seven ZeelandNet sources the first start lists for them, and the
    next fetch brought ZeelandNet back from the web. Those still as the first start wrote them go too; one the user
    changed (its keep-days) is theirs, stays and is named; their own feed stays."""
    first = sources.default_sources()
    changed = Source(first[4].url, first[4].section, first[4].title, 3)
    sources.save_sources([*first[:4], changed, *first[5:], Source("https://example.org/feed")])
    env = {"NIEUWS_TUI_CONFIG": str(config), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")}
    assert cli("list", env=env).returncode == 0  # a first start: the samples
    removed = cli("sources", "remove", "--samples", env=env)
    assert removed.returncode == 0
    assert removed.stderr == (
        "nieuws-tui: removed 16 sample articles\n"
        "nieuws-tui: removed 6 sample sources from the sources list, which the first start listed; what they fetched stays\n"
        f"nieuws-tui: kept 1 sample source that you changed: {first[4].url}\n"
    )
    assert cli("sources", "list", env=env).stdout == f"{first[4].url}  [Sport]  ZeelandNet Sport\nhttps://example.org/feed\n"
    again = cli("sources", "remove", "--samples", env=env)
    assert (again.returncode, again.stderr) == (0, f"nieuws-tui: removed 0 sample articles\nnieuws-tui: kept 1 sample source that you changed: {first[4].url}\n")


def test_sources_remove_samples_before_any_config_keeps_the_first_start_from_listing_their_sources_after(cli, monkeypatch, tmp_path):
    """Where `list` or the app made the library and no config.toml was written yet, `--samples` took the articles, and
    the next `fetch`, a first start of the config, listed the ZeelandNet sources and brought them back from the web."""
    monkeypatch.delenv("NIEUWS_TUI_CONFIG", raising=False)  # at the default path: the first run
    env = {"XDG_CONFIG_HOME": str(tmp_path / "config"), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")}
    assert cli("list", env=env).returncode == 0  # a first start: the samples, and no config.toml yet
    removed = cli("sources", "remove", "--samples", env=env)
    config = tmp_path / "config" / "nieuws-tui" / "config.toml"
    assert removed.returncode == 0
    assert removed.stderr.endswith(f"new config at {config}, without the sample sources: add your own with `nieuws-tui sources add URL`\n")
    assert cli("sources", "list", env=env).stdout == ""


def test_sources_remove_samples_before_any_library_starts_one_without_them_for_good(cli, config, tmp_path):
    """Run before the library was made, `--samples` said `removed 0 sample articles`, and the next `list` (or the app)
    started the library with the 16 samples: the removal did not stick. It starts the library without them, and says so."""
    sources.save_sources([Source("https://example.org/feed")])
    env = {"NIEUWS_TUI_CONFIG": str(config), "XDG_DATA_HOME": str(tmp_path / "data")}  # at the default path: made folders and all
    removed = cli("sources", "remove", "--samples", env=env)
    library = tmp_path / "data" / "nieuws-tui" / "library.sqlite"
    assert (removed.returncode, removed.stderr) == (0, f"nieuws-tui: new library at {library}, without the samples\n")
    listed = cli("list", env=env)
    assert (listed.returncode, listed.stdout, listed.stderr) == (0, "", "")
    assert Library(library).entries() == []
    again = cli("sources", "remove", "--samples", env=env)
    assert (again.returncode, again.stderr) == (0, "nieuws-tui: removed 0 sample articles\n")


def test_sources_remove_samples_at_a_db_named_starts_it_without_them_where_its_folder_is(cli, config, tmp_path):
    """Before the library named by --db was made, `--samples` failed as a command that finds none there, and the next
    `list` at it started it with the samples. It starts it without them, in a folder that is there; at a path whose
    folder is not (a typo), it starts none, in one line naming it."""
    env = {"NIEUWS_TUI_CONFIG": str(config)}
    missing = tmp_path / "nergens" / "library.sqlite"
    refused = cli("sources", "remove", "--samples", "--db", str(missing), env=env)
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1 and str(missing) in refused.stderr and "Traceback" not in refused.stderr
    assert not missing.parent.exists()
    named = tmp_path / "eigen.sqlite"
    removed = cli("sources", "remove", "--samples", "--db", str(named), env=env)
    assert (removed.returncode, removed.stderr) == (0, f"nieuws-tui: new library at {named}, without the samples\n")
    listed = cli("list", "--db", str(named), env=env)
    assert (listed.returncode, listed.stdout, listed.stderr) == (0, "", "")


def test_sources_remove_takes_a_url_or_samples_not_both_nor_neither(cli, config, tmp_path):
    env = {"NIEUWS_TUI_CONFIG": str(config), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")}
    for args in ((), ("--samples", "https://example.org/feed")):
        refused = cli("sources", "remove", *args, env=env)
        assert refused.returncode == 2 and "--samples" in refused.stderr and "Traceback" not in refused.stderr, args


def test_sources_remove_forgets_an_imported_file_by_the_escaped_name_the_list_shows(cli, config, tmp_path):
    """A file whose name has a character the terminal would act on is listed escaped (`\\u202e`), and removing it by
    that name said it was not imported."""
    env = {"NIEUWS_TUI_CONFIG": str(config), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")}
    page = tmp_path / "\u202egnp.txt"
    page.write_bytes((SEEDS / "000_a5cab632ecde00b7.txt").read_bytes())
    assert cli("import", str(page), env=env).returncode == 0
    [shown] = cli("sources", "list", "--imported", env=env).stdout.splitlines()
    assert "\\u202e" in shown
    removed = cli("sources", "remove", shown, env=env)
    assert removed.returncode == 0, removed.stderr
    assert Library(tmp_path / "library.sqlite").imported_paths() == []


def test_sources_remove_by_a_name_two_files_show_forgets_the_one_named_so(cli, config, tmp_path):
    """A file named with the six characters `\\u202e` shows as one with the character itself does: removing by that
    name forgot both, naming one. The file of that very name goes; then, the name the other's alone, that one."""
    env = {"NIEUWS_TUI_CONFIG": str(config), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")}
    real, literal = tmp_path / "\u202egnp.txt", tmp_path / "\\u202egnp.txt"
    for page, seed in ((real, "000_a5cab632ecde00b7.txt"), (literal, "004_588482ef9224b657.txt")):
        page.write_bytes((SEEDS / seed).read_bytes())
    assert cli("import", str(real), str(literal), env=env).returncode == 0
    assert cli("sources", "list", "--imported", env=env).stdout.splitlines() == [str(literal.resolve())] * 2
    assert cli("sources", "remove", str(literal.resolve()), env=env).returncode == 0
    assert Library(tmp_path / "library.sqlite").imported_paths() == [str(real.resolve())]
    assert cli("sources", "remove", str(literal.resolve()), env=env).returncode == 0
    assert Library(tmp_path / "library.sqlite").imported_paths() == []


def test_sources_remove_takes_the_name_the_list_wrote_where_the_output_cannot_spell_it(cli, config, tmp_path):
    env = {"NIEUWS_TUI_CONFIG": str(config), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite"), "PYTHONIOENCODING": "latin-1"}
    page = tmp_path / "世界.txt"
    page.write_bytes((SEEDS / "000_a5cab632ecde00b7.txt").read_bytes())
    assert cli("import", str(page), env=env).returncode == 0
    [shown] = cli("sources", "list", "--imported", env=env).stdout.splitlines()
    assert shown.endswith("\\u4e16\\u754c.txt")
    assert cli("sources", "remove", shown, env=env).returncode == 0
    assert Library(tmp_path / "library.sqlite").imported_paths() == []


def test_sources_list_prints_the_sources_alone_and_reads_the_library_without_writing_it(cli, config, tmp_path):
    """`sources list | xargs nieuws-tui fetch` took the imported paths for URLs: they are counted on stderr, and listed
    with --imported. The list brought an older library up to date in place, and ended in an error (exit 2), its sources
    printed, with a library it could not read: a warning now."""
    sources.save_sources([Source("https://example.org/feed")])
    env = {"NIEUWS_TUI_CONFIG": str(config), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")}
    page = tmp_path / "pagina.txt"
    page.write_bytes((SEEDS / "000_a5cab632ecde00b7.txt").read_bytes())
    assert cli("import", str(page), env=env).returncode == 0
    listed = cli("sources", "list", env=env)
    assert (listed.returncode, listed.stdout) == (0, "https://example.org/feed\n")
    assert listed.stderr == "nieuws-tui: 1 file or folder imported, which r imports again: `nieuws-tui sources list --imported` shows it\n"
    assert cli("sources", "list", "--imported", env=env).stdout == f"{page.resolve()}\n"

    with closing(sqlite3.connect(tmp_path / "library.sqlite")) as database, database:
        database.execute("UPDATE meta SET value = 12 WHERE key = 'version'")  # as an older nieuws-tui left it
    older = cli("sources", "list", env=env)
    assert (older.returncode, older.stdout) == (0, "https://example.org/feed\n")
    assert older.stderr.startswith("nieuws-tui: warning: ") and "format version 12" in older.stderr
    with closing(sqlite3.connect(tmp_path / "library.sqlite")) as database:
        assert database.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()[0] == 12

    (tmp_path / "other.sqlite").write_bytes(b"not a library at all\n" * 100)
    foreign = cli("sources", "list", env={**env, "NIEUWS_TUI_DB": str(tmp_path / "other.sqlite")})
    assert (foreign.returncode, foreign.stdout) == (0, "https://example.org/feed\n")
    assert foreign.stderr.startswith("nieuws-tui: warning: ") and foreign.stderr.count("\n") == 1


def test_sources_remove_path_forgets_a_file_imported_without_a_config(cli, config, tmp_path):
    """It failed with "no config there" before looking at the library's imports."""
    env = {"NIEUWS_TUI_CONFIG": str(config), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")}
    page = tmp_path / "pagina.txt"
    page.write_bytes((SEEDS / "000_a5cab632ecde00b7.txt").read_bytes())
    assert cli("import", str(page), env=env).returncode == 0 and not config.exists()

    removed = cli("sources", "remove", str(page), env=env)
    assert (removed.returncode, removed.stderr) == (0, f"nieuws-tui: forgot {page.resolve()}: an imported file or folder, which r imports again no more; its articles stay\n")
    assert Library(tmp_path / "library.sqlite").imported_paths() == [] and not config.exists()
    unknown = cli("sources", "remove", "https://example.org/feed", env=env)  # a source: the config it is listed in is needed
    assert unknown.returncode == 2 and str(config) in unknown.stderr


def test_adding_a_url_already_listed_says_so_and_fails_in_any_spelling(cli, config):
    env = {"NIEUWS_TUI_CONFIG": str(config)}
    sources.save_sources([])
    assert cli("sources", "add", "https://example.org/feed.xml", env=env).returncode == 0
    again = cli("sources", "add", "https://example.org/feed.xml", env=env)
    assert (again.returncode, again.stderr) == (1, "nieuws-tui: error: https://example.org/feed.xml: already in the sources list\n")
    # Another spelling of it is said with the source it is taken for: `…/feed.xml/`, said to be listed, was not.
    for spelling in ("HTTPS://Example.org/feed.xml/", "https://example.org/feed.xml/"):
        again = cli("sources", "add", spelling, env=env)
        assert again.returncode == 1, spelling
        assert again.stderr == f"nieuws-tui: error: {spelling}: already in the sources list as https://example.org/feed.xml\n"
    assert cli("sources", env=env).stdout == "https://example.org/feed.xml\n"  # no action: the list, like `git remote`


@pytest.mark.parametrize("spelling", ["https://example.org/./feed.xml", "https://example.org/x/../feed.xml", "https://example.org:443/feed.xml",
                                      "https://example.org:0443/feed.xml", "https://example.org/nieuws/../x/./../feed.xml",
                                      "https://example.org/x/%2E%2E/feed.xml", "https://example.org/%2e/f%65ed.xml"])
def test_adding_a_url_already_listed_in_a_spelling_with_dot_segments_or_its_default_port_fails(cli, config, spelling):
    """A server reads `/./feed.xml`, `/x/../feed.xml` and `:443` of https as `/feed.xml`: each was added beside it and fetched again."""
    env = {"NIEUWS_TUI_CONFIG": str(config)}
    sources.save_sources([Source("https://example.org/feed.xml")])
    again = cli("sources", "add", spelling, env=env)
    assert (again.returncode, again.stderr) == (1, f"nieuws-tui: error: {spelling}: already in the sources list as https://example.org/feed.xml\n")
    assert cli("sources", env=env).stdout == "https://example.org/feed.xml\n"


def test_percent_encodings_of_unreserved_characters_are_those_characters_to_a_sources_address_and_others_are_kept():
    """`/x/%2E%2E/feed` was another source than `/feed`, which a server reads it as (RFC 3986 6.2.2.2): the dots of
    `%2E`, `~` of `%7e` and letters of `%41` are read before dot segments are; `%2f` is `%2F`, but no `/`."""
    from feeds.urls import address_key

    assert address_key("https://example.org/x/%2E%2E/feed") == address_key("https://example.org/feed")
    assert address_key("https://example.org/%7eanna/%41-%5F.xml?q=%7E%2e") == address_key("https://example.org/~anna/A-_.xml?q=~.")
    assert address_key("https://example.org/a%2fb?q=%c3%a9") == address_key("https://example.org/a%2Fb?q=%C3%A9") != address_key("https://example.org/a/b?q=%C3%A9")


def test_a_non_ascii_path_and_its_percent_encoding_are_one_sources_address_as_httpx_requests_them():
    """`/café` and `/caf%C3%A9` were two sources, though httpx asks the server for `/caf%C3%A9` for both: what httpx
    percent-encodes in the path and query (UTF-8, upper-case hex) is encoded in the key too, and what it keeps is kept."""
    import httpx

    from feeds.urls import address_key

    assert address_key("https://h.example/café?q=é") == address_key("https://h.example/caf%C3%A9?q=%c3%a9")
    # Every printable ASCII character and a few others, in the path and in the query, as httpx sends them.
    for char in [chr(code) for code in range(0x21, 0x7F) if chr(code) not in "#?/."] + ["é", "€", "😀"]:
        url = f"https://h.example/a{char}b?q={char}"
        assert address_key(url) == f"https://h.example{httpx.URL(url).raw_path.decode('ascii')}", char


def test_an_internationalised_host_and_its_punycode_are_one_sources_address():
    """`https://bücher.example/feed` and `https://xn--bcher-kva.example/feed` were two sources: httpx asks the one
    server for both (IDNA). A host IDNA refuses is kept as it is, and no address's key raises for it."""
    from feeds.urls import address_key

    assert address_key("https://BÜCHER.example/feed") == address_key("https://xn--bcher-kva.example/feed") == "https://xn--bcher-kva.example/feed"
    for refused in ["https://xn--a.example/feed", "https://ü..b/feed", f"https://{'ü' * 300}.example/feed"]:
        assert address_key(refused) == refused


def test_sources_add_refuses_the_punycode_of_a_source_and_takes_a_host_idna_refuses_in_one_line(cli, config):
    """The punycode of a source's host was added as another source. A host that IDNA refuses (an empty or too long
    label, an `xn--` label that is no punycode) and an address of thousands of non-ASCII characters are no traceback."""
    env = {"NIEUWS_TUI_CONFIG": str(config)}
    sources.save_sources([Source("https://bücher.example/café")])
    again = cli("sources", "add", "https://xn--bcher-kva.example/caf%C3%A9", env=env)
    assert (again.returncode, again.stderr) == (
        1,
        "nieuws-tui: error: https://xn--bcher-kva.example/caf%C3%A9: already in the sources list as https://bücher.example/café\n",
    )
    for url in ["https://xn--a.example/", "https://a..b/", f"https://{'ü' * 300}.example/feed", f"https://h.example/{'é' * 8000}"]:
        added = cli("sources", "add", url, env=env)
        assert "Traceback" not in added.stderr and len(added.stderr.splitlines()) <= 1, url


def test_a_source_listed_in_two_spellings_is_removed_by_the_spelling_named(cli, config):
    """A config.toml of before the spellings were known to be one holds both: `sources remove` of the second
    removed the first, with another section, and kept the one named."""
    env = {"NIEUWS_TUI_CONFIG": str(config)}
    sources.save_sources([Source("https://example.org/sport", "Sport"), Source("https://example.org/x/../sport", "Politiek")])
    removed = cli("sources", "remove", "https://example.org/x/../sport", env=env)
    assert removed.returncode == 0, removed.stderr
    assert [(s.url, s.section) for s in sources.load_config().sources] == [("https://example.org/sport", "Sport")]


def test_a_section_given_to_a_source_files_its_stored_articles_there_too(cli, config, httpserver, tmp_path):
    from feedkit import RSS2

    env = {"NIEUWS_TUI_CONFIG": str(config), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")}
    sources.save_sources([])
    url = httpserver.url_for("/omroep.rss")
    httpserver.expect_request("/omroep.rss").respond_with_data(RSS2, content_type="application/rss+xml")
    assert cli("sources", "add", url, env=env).returncode == 0
    assert cli("fetch", env=env).returncode == 0
    assert cli("list", "--section", "Zeeland", env=env).stdout.count("\n") == 1  # the item's own category
    moved = cli("sources", "add", url, "--section", "Regio", env=env)
    assert moved.returncode == 0
    assert moved.stderr == f"nieuws-tui: filed 2 stored articles of {url} under Regio\nnieuws-tui: changed {url}\n"
    assert cli("list", "--section", "Regio", env=env).stdout.count("\n") == 2
    assert "Zeeland" not in cli("sections", env=env).stdout

HAND_WRITTEN = """\
# mijn bronnen
max-size = 5

[[source]]
url = "http://127.0.0.1:8765/rss.xml"
section = "Binnenland"
title = "Test RSS"
# mijn notitie
keep-days = 7  # een week

# Sport
[[source]]
url = "https://example.org/b.xml"

[keys]
next_unread = "n"
"""


def test_commands_change_only_what_they_change_in_a_hand_written_config_byte_for_byte(cli, config, tmp_path):
    config.parent.mkdir(parents=True)
    config.write_text(HAND_WRITTEN, encoding="utf-8")
    env = {"NIEUWS_TUI_CONFIG": str(config)}
    for _round in range(3):
        assert cli("sources", "add", "https://c.example/x", env=env).returncode == 0
        assert cli("sources", "remove", "https://c.example/x", env=env).returncode == 0
    assert config.read_text(encoding="utf-8") == HAND_WRITTEN
    opml = tmp_path / "subs.opml"
    opml.write_text('<opml version="2.0"><body><outline text="Nieuw" xmlUrl="https://new.example/f"/></body></opml>', encoding="utf-8")
    assert cli("sources", "import-opml", str(opml), env=env).returncode == 0
    after_sources = HAND_WRITTEN.index("\n[keys]")
    added = '\n[[source]]\nurl = "https://new.example/f"\ntitle = "Nieuw"\n'
    assert config.read_text(encoding="utf-8") == HAND_WRITTEN[:after_sources] + added + HAND_WRITTEN[after_sources:]
    assert cli("sources", "add", "http://127.0.0.1:8765/rss.xml", "--title", "Mijn RSS", env=env).returncode == 0
    assert 'title = "Mijn RSS"\n# mijn notitie\nkeep-days = 7  # een week\n' in config.read_text(encoding="utf-8")
    assert cli("sources", "remove", "https://example.org/b.xml", env=env).returncode == 0
    assert "https://example.org/b.xml" not in config.read_text(encoding="utf-8")
    assert cli("sources", "add", "https://example.org/b.xml", "--section", "Sport", env=env).returncode == 0
    assert config.read_text(encoding="utf-8").endswith('[keys]\nnext_unread = "n"\n')


def test_a_source_written_as_an_inline_array_is_read_but_not_rewritten(config):
    config.parent.mkdir(parents=True)
    config.write_text('source = [{url = "https://example.org/a.xml"}]\n', encoding="utf-8")
    assert sources.load_config().sources == [Source("https://example.org/a.xml")]
    with pytest.raises(SourcesError, match=r"config.toml: cannot update: write each source as a \[\[source\]\] table"):
        sources.save_sources([])
    assert config.read_text(encoding="utf-8") == 'source = [{url = "https://example.org/a.xml"}]\n'


# Hand-written configs: settings, comments and blank lines anywhere, a [keys] table before, between or after the sources,
# headers, quoting and number styles, a multi-line string holding what looks like a table, CRLF line ends, no last line end.
_gap = st.sampled_from(["", "\n", "\n\n", "# een notitie\n", "\n# boven\n", "\n\n# a\n# b\n", "\n# apart\n\n"])
_header = st.sampled_from(["[[source]]\n", "[[source]]  # x\n", "[[ source ]]\n", '[["source"]]\n', "[[ 'source' ]]  # x\n"])
_fields = st.tuples(
    st.sampled_from(["", 'section = "Sport"\n', "section = 'Regio'  # c\n"]),
    st.sampled_from(["", 'title = "Eén \\"x\\""\n', "'title' = 'T'\n", 'title = """\n[[source]]\nurl = "https://fake.example/"\n"""\n']),
    st.sampled_from(["", "keep-days = 7\n", "keep-days=7.50 # dagen\n"]),
    st.sampled_from(["", "# tussen\n", "\n", "extra = [\n  [1, 2],\n  3,\n]\n"]),
)


@st.composite
def hand_written(draw):
    text = draw(st.sampled_from(["", "# kop\n", "max-size = 5\n", "# kop\nkeep-days = 30\n\n"]))
    count = draw(st.integers(0, 4))
    keys_at = draw(st.integers(0, count))  # before, between or after the [[source]] tables
    for number in range(count + 1):
        if number == keys_at:
            text += draw(_gap) + '[keys]\nnext_unread = "n"\n'
        if number < count:
            url = f'url = "https://s{number}.example/feed"' + draw(st.sampled_from(["", "  # de bron"])) + "\n"
            text += draw(_gap) + draw(_header) + url + "".join(draw(st.permutations(draw(_fields))))
    text += draw(st.sampled_from(["", "\n", "\n\n"]))
    if draw(st.booleans()):
        text = text.rstrip("\n")
    return text.replace("\n", "\r\n") if draw(st.booleans()) else text


def _one_change(before: str, after: str) -> str:
    """What took the place of the one stretch of `before` that `after` changed (all of it: between the first
    and the last character that differ)."""
    head = next((i for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b), min(len(before), len(after)))
    tail = 0
    while tail < min(len(before), len(after)) - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    return after[head : len(after) - tail]


@given(hand_written(), st.data())
@settings(max_examples=200, deadline=None)
def test_saving_the_sources_changes_only_the_table_it_changes(tmp_path_factory, text, data):
    path = tmp_path_factory.mktemp("config") / "config.toml"
    path.write_bytes(text.encode("utf-8"))
    listed = sources.load_config(path).sources
    assert [s.url for s in listed] == [f"https://s{n}.example/feed" for n in range(len(listed))]

    def saved(changed: list[Source]) -> str:
        path.write_bytes(text.encode("utf-8"))
        sources.save_sources(changed, path)
        assert sources.load_config(path).sources == changed
        return path.read_bytes().decode("utf-8")

    assert saved(listed) == text  # nothing changed, nothing written differently
    new = Source("https://new.example/f", "Regio", "Nieuw", 3)
    added = saved([*listed, new])
    assert len(added) - len(text) == len(_one_change(text, added))  # one stretch put in, everything else as it was
    above = added.replace("\r\n", "\n").split('[[source]]\nurl = "https://new.example/f"')[0]
    assert above == "" or (above.endswith("\n\n") and not above.endswith("\n\n\n"))  # one blank line above it
    path.write_bytes(added.encode("utf-8"))
    sources.save_sources(listed, path)
    assert path.read_bytes().decode("utf-8") == text  # byte for byte, the last line's end (or its lack) included
    if listed:
        chosen = data.draw(st.sampled_from(listed))
        changed = Source(chosen.url, data.draw(st.sampled_from([None, "Zee"])), data.draw(st.sampled_from([None, "Titel"])), 12)
        assert "url =" not in _one_change(text, saved(sources.add_source(listed, changed)))  # only the lines of what changed
        left = saved(sources.remove_source(listed, chosen.url))
        assert _one_change(text, left) == ""  # one stretch taken out, nothing else changed
        assert [left.count(s.url) for s in listed] == [0 if s == chosen else text.count(s.url) for s in listed]


def test_a_config_that_cannot_be_read_is_said_in_one_line_and_leaves_no_lock_beside_it(cli, config, tmp_path):
    folder = tmp_path / "nob"
    folder.mkdir()
    for action in (["sources"], ["sources", "add", "https://example.org/a.xml"]):
        result = cli(*action, env={"NIEUWS_TUI_CONFIG": str(folder)})
        assert result.returncode == 2 and result.stderr == f"nieuws-tui: error: {folder}: cannot read (Is a directory)\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nob"]


def test_a_config_not_allowed_to_be_read_names_it_once(config, monkeypatch):
    def refuse(path, limit):
        raise PermissionError(13, "Permission denied", str(path))

    sources.save_sources([])
    monkeypatch.setattr(sources, "read_file", refuse)
    with pytest.raises(SourcesError) as refused:
        sources.load_config()
    assert str(refused.value) == f"{config}: cannot read (Permission denied)"


@pytest.mark.parametrize("text", ['[source]\nurl = "https://example.org/a"', 'source = "https://example.org/a"', 'source = ["https://example.org/a"]'])
def test_a_source_not_written_as_a_double_bracket_table_is_told_how_to_write_it(config, text):
    config.parent.mkdir(parents=True)
    config.write_text(text + "\n", encoding="utf-8")
    with pytest.raises(SourcesError, match=r"config.toml: each source must be a table headed \[\[source\]\], with two brackets"):
        sources.load_config()


@pytest.mark.parametrize(("text", "error"), [("section = 5", "source 1: section must be text in quotes, not 5"), ("title = true", "source 1: title must be text in quotes, not true")])
def test_a_source_field_of_the_wrong_type_is_an_error_as_a_wrong_number_is(config, text, error):
    config.parent.mkdir(parents=True)
    config.write_text(f'[[source]]\nurl = "https://example.org/a"\n{text}\n', encoding="utf-8")
    with pytest.raises(SourcesError, match=f"config.toml: {error}$"):
        sources.load_config()


_HOSTILE = "\\u001b[2J\\u001b]0;titel\\u0007\\u202e" + "x" * 5000
_SHOWN = (r'"\u001B[2J\u001B]0;titel\u0007\u202e' + "x" * 5000)[:119] + "…"  # 120 characters, as shown_url cuts an address
_SHOWN_KEY = (r"'\x1b[2J\x1b]0;titel\x07\u202e" + "x" * 5000)[:119] + "…"


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (f'max-size = "{_HOSTILE}"', f"max-size must be a number of MB from 0.001 to 1,024, not {_SHOWN}"),
        ("max-size = [" + "1, " * 5000 + "]", "max-size must be a number of MB from 0.001 to 1,024, not [" + "1, " * 39 + "1…"),
        (f'prune-unread = "{_HOSTILE}"', f"prune-unread must be true or false, not {_SHOWN}"),
        (f'[[source]]\nurl = "https://example.org/a"\nsection = ["{_HOSTILE}"]', f"source 1: section must be text in quotes, not [{_SHOWN[:-2]}…"),
        (f'"{_HOSTILE}" = 1', f"unknown key {_SHOWN_KEY}, ignored"),
        (f'browser = "{_HOSTILE}"', f'browser must be a command line, like "w3m %u" or "firefox %u", of at most 1000 characters; not {_SHOWN}'),
        (f'[keys]\nnext_unread = "{_HOSTILE}"', f'keys.next_unread must be keys separated by commas, like "n" or "ctrl+n,down", or "" for no key; not {_SHOWN}'),
    ],
    ids=["text-for-a-number", "an-array-of-thousands", "text-for-a-flag", "an-array-for-text", "a-key", "a-browser", "a-key-of-the-app"],
)
def test_a_hostile_value_in_config_toml_is_echoed_escaped_and_cut_short(cli, config, text, said):
    """A wrong value was echoed whole: thousands of characters (but the browser's, cut at 1,000), and an array of
    thousands of numbers, filled the terminal with one line."""
    config.parent.mkdir(parents=True)
    config.write_text(text + "\n", encoding="utf-8")
    listed = cli("sources", env={"NIEUWS_TUI_CONFIG": str(config)})
    first = listed.stderr.splitlines()[0]
    assert first.split(": ", 1)[1] in (f"error: {config}: {said}", f"warning: {config}: {said}", f"warning: {config}: {said} (only the app reads this setting)")
    assert "\x1b" not in listed.stderr and "\u202e" not in listed.stderr


def test_a_setting_of_the_whole_file_written_under_a_source_is_said_to_move_above_the_first_source(config):
    """`max-size = 5` after a [[source]] header is that source's key to TOML: it said only "unknown key 'max-size'"."""
    config.parent.mkdir(parents=True)
    config.write_text('[[source]]\nurl = "https://example.org/a"\nmax-size = 5\nkeep-days = 3\n', encoding="utf-8")
    loaded = sources.load_config()
    assert loaded.warnings == (f"{config}: source 1: max-size is a setting of the whole file, ignored here: move it above the first [[source]]",)
    assert loaded.sources[0].keep_days == 3  # a key of either stays the source's


def test_keys_nothing_reads_are_warned_of_with_the_file_and_the_key(cli, config):
    config.parent.mkdir(parents=True)
    config.write_text('keep_days = 3\nmaxsize = 10\n\n[[source]]\nurl = "https://example.org/a"\ntitel = "x"\nkleur = "rood"\n', encoding="utf-8")
    assert sources.load_config().warnings == (
        f"{config}: unknown key 'keep_days', ignored; did you mean 'keep-days'?",
        f"{config}: unknown key 'maxsize', ignored; did you mean 'max-size'?",
        f"{config}: source 1: unknown key 'titel', ignored; did you mean 'title'?",
        f"{config}: source 1: unknown key 'kleur', ignored",
    )
    listed = cli("sources", env={"NIEUWS_TUI_CONFIG": str(config)})
    assert listed.returncode == 0 and listed.stdout == "https://example.org/a\n"
    assert listed.stderr.splitlines()[0] == f"nieuws-tui: warning: {config}: unknown key 'keep_days', ignored; did you mean 'keep-days'?"
    env = {"NIEUWS_TUI_CONFIG": str(config), "NIEUWS_TUI_DB": str(config.parent / "library.sqlite")}
    for command in (["prune", "--older-than", "30", "--dry-run"], ["fetch", "--run-deadline", "1", "http://127.0.0.1:9/feed"]):
        assert f"warning: {config}: unknown key 'keep_days'" in cli(*command, env=env).stderr, command  # every command that reads it says so
    config.write_text(HAND_WRITTEN, encoding="utf-8")
    assert sources.load_config().warnings == ()



def test_a_source_listed_again_is_fetched_once_as_its_first_table_says_and_warned_of(cli, config, httpserver):
    feed = "<rss version='2.0'><channel><title>t</title><item><title>Een</title><link>http://example.org/een</link></item></channel></rss>"
    httpserver.expect_request("/feed.xml").respond_with_data(feed, content_type="application/rss+xml")
    url = httpserver.url_for("/feed.xml")
    config.parent.mkdir(parents=True)
    config.write_text(f'[[source]]\nurl = "{url}"\nsection = "Eerst"\n\n[[source]]\nurl = "{url.replace("http:", "HTTP:")}#x"\nsection = "Dup"\n', encoding="utf-8")
    warning = f"{config}: source 2 is source 1 again ({url.replace('http:', 'HTTP:')}#x): fetched once, as source 1 says"
    assert sources.load_config().warnings == (warning,)
    fetched = cli("fetch", env={"NIEUWS_TUI_CONFIG": str(config), "NIEUWS_TUI_DB": str(config.parent / "library.sqlite")})
    assert fetched.returncode == 0 and f"nieuws-tui: warning: {warning}" in fetched.stderr.splitlines()
    assert len(httpserver.log) == 1 and fetched.stdout.count(url) == 1
    listed = cli("list", "--json", env={"NIEUWS_TUI_CONFIG": str(config), "NIEUWS_TUI_DB": str(config.parent / "library.sqlite")})
    assert [a["section"] for a in json.loads(listed.stdout)] == ["Eerst"]


def test_a_source_listed_again_with_dot_segments_or_a_port_spelled_otherwise_is_fetched_once_and_warned_of(cli, config, httpserver):
    """Each spelling was fetched as a source of its own: GET /ok.rss once per spelling, and no warning."""
    feed = "<rss version='2.0'><channel><title>t</title><item><title>Een</title><link>http://example.org/een</link></item></channel></rss>"
    httpserver.expect_request("/ok.rss").respond_with_data(feed, content_type="application/rss+xml")
    url = httpserver.url_for("/ok.rss")
    port = httpserver.port
    spellings = [url.replace("/ok.rss", "/./ok.rss"), url.replace(f":{port}/", f":0{port}/"), url.replace("/ok.rss", "/x/../ok.rss"), url.replace("/ok.rss", "/x/%2e%2E/ok.rss")]
    config.parent.mkdir(parents=True)
    config.write_text("".join(f'[[source]]\nurl = "{u}"\n\n' for u in [url, *spellings]), encoding="utf-8")
    warnings = [f"{config}: source {n} is source 1 again ({u}): fetched once, as source 1 says" for n, u in enumerate(spellings, 2)]
    assert list(sources.load_config().warnings) == warnings
    fetched = cli("fetch", env={"NIEUWS_TUI_CONFIG": str(config), "NIEUWS_TUI_DB": str(config.parent / "library.sqlite")})
    assert fetched.returncode == 0 and fetched.stdout.splitlines() == [f"ok {url} new=1 updated=0"]
    assert len(httpserver.log) == 1
    assert config.read_text(encoding="utf-8").count("[[source]]") == 1 + len(spellings)  # what the user wrote stays as it is


def test_a_source_listed_again_keeps_its_articles_as_long_as_its_first_table_says(config):
    """The repeat's keep-days won, and every fetch pruned what the first table keeps a year after a day."""
    config.parent.mkdir(parents=True)
    config.write_text('[[source]]\nurl = "https://example.org/feed"\nkeep-days = 365\n\n[[source]]\nurl = "https://example.org/feed"\nkeep-days = 1\n', encoding="utf-8")
    assert sources.load_config().retention().days_for("https://example.org/feed") == 365


def test_every_wrong_setting_only_the_app_reads_is_warned_of_not_only_the_first(config):
    config.parent.mkdir(parents=True)
    config.write_text('refresh-minutes = "x"\nbrowser = 5\n\n[keys]\nquit = 5\n', encoding="utf-8")
    warnings = sources.load_config(reader="command").warnings
    assert len(warnings) == 3 and all(warning.endswith("(only the app reads this setting)") for warning in warnings)


@pytest.mark.parametrize("setting", ["[keys]\nnext_unread = 5", 'refresh-minutes = "x"', "browser = 5"])
def test_a_wrong_value_of_a_setting_only_the_app_reads_is_a_warning_to_fetch_which_goes_on(cli, config, httpserver, setting):
    feed = "<rss version='2.0'><channel><title>t</title><item><title>Een</title><link>http://example.org/een</link></item></channel></rss>"
    httpserver.expect_request("/feed.xml").respond_with_data(feed, content_type="application/rss+xml")
    config.parent.mkdir(parents=True)
    config.write_text(f'{setting}\n\n[[source]]\nurl = "{httpserver.url_for("/feed.xml")}"\n', encoding="utf-8")
    with pytest.raises(SourcesError):
        sources.load_config()  # the app says so as it opens
    fetched = cli("fetch", "-q", env={"NIEUWS_TUI_CONFIG": str(config), "NIEUWS_TUI_DB": str(config.parent / "library.sqlite")})
    assert fetched.returncode == 0 and len(httpserver.log) == 1
    warning, started = fetched.stderr.splitlines()
    assert started == f"nieuws-tui: new library at {config.parent / 'library.sqlite'}"
    assert warning.startswith(f"nieuws-tui: warning: {config}: ") and warning.endswith(" (only the app reads this setting)")

NEW = '[[source]]\nurl = "https://new.example/feed"\n'


HAND_ADDED = {  # a config, and the same with https://new.example/feed added
    "settings": ("# mijn bronnen\nmax-size = 5\n", "# mijn bronnen\nmax-size = 5\n\n" + NEW),
    "comment on the url": ('[[source]]\nurl = "https://a.example/"  # de eerste\n', '[[source]]\nurl = "https://a.example/"  # de eerste\n\n' + NEW),
    "comment last": ('[[source]]\nurl = "https://a.example/"\n# nog te lezen\n', '[[source]]\nurl = "https://a.example/"\n# nog te lezen\n\n' + NEW),
    "blank lines at the end": ('[[source]]\nurl = "https://a.example/"\n\n\n', '[[source]]\nurl = "https://a.example/"\n\n' + NEW + "\n\n"),
    "keys after": ('[[source]]\nurl = "https://a.example/"\n\n[keys]\nnext_unread = "n"\n', '[[source]]\nurl = "https://a.example/"\n\n' + NEW + '\n[keys]\nnext_unread = "n"\n'),
    "keys only": ('max-size = 5\n\n[keys]\nnext_unread = "n"  # n\n', 'max-size = 5\n\n[keys]\nnext_unread = "n"  # n\n\n' + NEW),
    "empty": ("", NEW),
}  # fmt: skip


@pytest.mark.parametrize(
    ("before", "after", "end"),
    [pytest.param(*case, end, id=f"{name}, {end!r}") for name, case in HAND_ADDED.items() for end in ("\n", "\r\n") if case[0] or end == "\n"],
)
def test_a_new_source_stands_after_one_blank_line_and_taking_it_out_gives_the_file_back(capsys, config, before, after, end):
    from tui.cli import main

    config.parent.mkdir(parents=True)
    config.write_bytes(before.replace("\n", end).encode("utf-8"))
    assert main(["sources", "add", "https://new.example/feed"]) == 0
    assert config.read_bytes().decode("utf-8") == after.replace("\n", end)
    assert main(["sources", "remove", "https://new.example/feed"]) == 0
    assert config.read_bytes().decode("utf-8") == before.replace("\n", end)


def sources_command(*arguments: str) -> None:
    from tui.cli import main

    assert main(["sources", *arguments]) == 0


A = '[[source]]\nurl = "https://a.example/"\n'


@pytest.mark.parametrize(
    "before",
    [
        "", "\n", "\n\n", "# kop", "# kop\n", "max-size = 5", "max-size = 5\n\n", sources.header(), sources.header() + "\n",
        A, A.rstrip("\n"), A + "\n", A + "# nog te lezen", '[keys]\nnext_unread = "n"', '[keys]\nnext_unread = "n"\n\n\n',
        A + '\n[keys]\nnext_unread = "n"', A + '# over keys\n[keys]\nnext_unread = "n"\n',
    ],
)  # fmt: skip
@pytest.mark.parametrize("end", ["\n", "\r\n"])
def test_adding_a_source_and_removing_it_gives_the_file_back_byte_for_byte(config, before, end):
    """Also with no source before, when the one added is the only one, and when the last line has no end."""
    config.parent.mkdir(parents=True)
    config.write_bytes(before.replace("\n", end).encode("utf-8"))
    sources_command("add", "https://new.example/feed", "--section", "Regio")
    added = config.read_bytes().decode("utf-8")
    assert added.endswith(end) or not before.endswith("\n")  # a file whose last line has no end keeps it so
    sources_command("remove", "https://new.example/feed")
    assert config.read_bytes().decode("utf-8") == before.replace("\n", end)


def test_removing_the_only_source_leaves_the_file_as_it_was_before_it_was_added(config):
    sources.save_sources([])  # the file of the first use, every source taken out
    before = config.read_text(encoding="utf-8")
    sources_command("add", "https://new.example/feed")
    sources_command("remove", "https://new.example/feed")
    assert config.read_text(encoding="utf-8") == before
    sources.save_sources([Source("https://new.example/feed")])
    assert config.read_text(encoding="utf-8") == before + "\n" + NEW


BETWEEN = """\
# mijn bronnen
[[ source ]]
url = "https://a.example/"

[keys]
next_unread = "n"

[["source"]]  # de tweede
url = "https://b.example/"
"""


def test_a_table_between_the_sources_stays_where_it_is_and_each_header_keeps_its_spelling(config):
    config.parent.mkdir(parents=True)
    config.write_text(BETWEEN, encoding="utf-8")
    sources_command("add", "https://c.example/")
    assert config.read_text(encoding="utf-8") == BETWEEN + '\n[[source]]\nurl = "https://c.example/"\n'
    sources_command("remove", "https://c.example/")
    sources_command("add", "https://b.example/", "--title", "Twee")
    assert config.read_text(encoding="utf-8") == BETWEEN.replace('b.example/"\n', 'b.example/"\ntitle = "Twee"\n')
    sources_command("remove", "https://b.example/")
    assert config.read_text(encoding="utf-8") == BETWEEN.split('\n[["source"]]')[0]
    sources_command("add", "https://a.example/", "--section", "Regio")
    assert config.read_text(encoding="utf-8").startswith('# mijn bronnen\n[[ source ]]\nurl = "https://a.example/"\nsection = "Regio"\n\n[keys]\n')


COMMENTED = """\
max-size = 5

# Regio: wat dichtbij gebeurt
[[source]]
url = "https://a.example/"

# bronnen van buiten

# Sport
# (de uitslagen)
[[source]]
url = "https://b.example/"
# over de toetsen
[keys]
next_unread = "n"
"""


def test_the_comment_lines_directly_above_a_source_go_with_it_and_no_others(config):
    config.parent.mkdir(parents=True)
    config.write_text(COMMENTED, encoding="utf-8")
    sources_command("remove", "https://b.example/")
    assert config.read_text(encoding="utf-8") == COMMENTED.replace('# Sport\n# (de uitslagen)\n[[source]]\nurl = "https://b.example/"\n', "")
    sources_command("remove", "https://a.example/")
    assert config.read_text(encoding="utf-8") == 'max-size = 5\n\n# bronnen van buiten\n\n# over de toetsen\n[keys]\nnext_unread = "n"\n'


def test_a_new_source_comes_before_the_comment_of_the_table_after_it_not_between_them(config):
    config.parent.mkdir(parents=True)
    config.write_text(COMMENTED, encoding="utf-8")
    sources_command("add", "https://c.example/")
    new = '\n[[source]]\nurl = "https://c.example/"\n'
    assert config.read_text(encoding="utf-8") == COMMENTED.replace('b.example/"\n', 'b.example/"\n' + new)  # `# over de toetsen` stays on [keys]
    sources_command("remove", "https://c.example/")
    assert config.read_text(encoding="utf-8") == COMMENTED


def test_a_source_added_to_a_file_of_crlf_lines_is_written_in_crlf_lines_too(config):
    config.parent.mkdir(parents=True)
    config.write_bytes(b'# mijn bronnen\r\n[[source]]\r\nurl = "https://example.org/a.xml"\r\n')
    sources.save_sources([Source("https://example.org/a.xml"), Source("https://example.org/b.xml", "Sport")])
    written = config.read_bytes()
    assert written.count(b"\n") == written.count(b"\r\n") and b'url = "https://example.org/b.xml"\r\nsection = "Sport"\r\n' in written


@pytest.mark.parametrize("before", ["", "max-size = 5\r\n", '# mijn bronnen\r\n[[source]]\r\nurl = "https://example.org/a.xml"\r\n'])
def test_a_config_saved_with_a_byte_order_mark_is_read_and_keeps_it_when_sources_change(config, before):
    """Windows Notepad begins a UTF-8 file with one."""
    saved = codecs.BOM_UTF8 + before.encode("utf-8")
    config.parent.mkdir(parents=True)
    config.write_bytes(saved)
    assert [s.url for s in sources.load_config().sources] == ["https://example.org/a.xml"] * ("[[source]]" in before)
    sources_command("add", "https://new.example/feed", "--section", "Regio")
    added = config.read_bytes()
    assert added.startswith(saved) and added.count(codecs.BOM_UTF8) == 1
    assert sources.load_config().sources[-1] == Source("https://new.example/feed", "Regio")
    sources_command("remove", "https://new.example/feed")
    assert config.read_bytes() == saved


def test_the_sources_actions_that_use_the_library_take_db_after_the_action_as_every_command_does(cli, config, tmp_path):
    config.parent.mkdir()
    env = {"NIEUWS_TUI_CONFIG": str(config)}
    library = tmp_path / "elders" / "library.sqlite"
    library.parent.mkdir()
    assert "--db PATH" in cli("sources", "add", "--help", env=env).stdout
    assert cli("sources", "add", "https://example.org/a.xml", "--section", "Regio", "--db", str(library), env=env).returncode == 0
    refused = cli("sources", "export-opml", "-o", str(library), "--db", str(library), env=env)
    assert refused.returncode == 2 and "nieuws-tui's own" in refused.stderr  # the library named after the action is protected


def test_a_named_config_that_is_not_there_is_said_and_nothing_is_made(cli, tmp_path):
    """A typo in a cron job's NIEUWS_TUI_CONFIG: said by its path, not filled with the sample sources and fetched."""
    typo = tmp_path / "conifg.toml"
    for command in (["fetch", "-q"], ["sources", "list"]):
        result = cli(*command, env={"NIEUWS_TUI_CONFIG": str(typo)})
        assert (result.returncode, result.stdout) == (2, "")
        assert result.stderr == f"nieuws-tui: error: {typo}: no config there; check NIEUWS_TUI_CONFIG, or start one with `nieuws-tui sources add URL`\n"
    with pytest.raises(SourcesError, match="no config there"):
        sources.load_config(typo)
    assert list(tmp_path.iterdir()) == []


def test_adding_to_a_named_config_that_is_not_there_starts_it_with_that_source_only(cli, tmp_path):
    config = tmp_path / "config.toml"
    result = cli("sources", "add", "https://nos.nl/rss", env={"NIEUWS_TUI_CONFIG": str(config)})
    assert result.stderr == f"nieuws-tui: new config at {config}\nnieuws-tui: added https://nos.nl/rss\n"
    assert sources.load_config(config).sources == [Source("https://nos.nl/rss")]


def test_no_folder_is_made_for_a_named_config(cli, tmp_path):
    config = tmp_path / "nodir" / "sub" / "config.toml"
    result = cli("sources", "add", "https://nos.nl/rss", env={"NIEUWS_TUI_CONFIG": str(config)})
    assert (result.returncode, result.stderr) == (2, f"nieuws-tui: error: {config}: cannot write (no folder {config.parent})\n")
    assert list(tmp_path.iterdir()) == []


def test_fetching_the_urls_given_reads_only_the_settings_of_a_config_that_is_not_there(cli, tmp_path):
    config = tmp_path / "config.toml"
    result = cli("fetch", "http://127.0.0.1:9/feed", "--deadline", "1", env={"NIEUWS_TUI_CONFIG": str(config), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")})
    assert result.stdout.startswith("failed http://127.0.0.1:9/feed") and not config.exists()


def test_pruning_older_than_given_days_reads_only_the_settings_of_a_config_that_is_not_there(cli, tmp_path):
    config, library = tmp_path / "config.toml", tmp_path / "library.sqlite"
    Library(library).add([])
    result = cli("prune", "--older-than", "30", env={"NIEUWS_TUI_CONFIG": str(config), "NIEUWS_TUI_DB": str(library)})
    assert (result.returncode, result.stdout) == (0, "pruned 0 articles (starred and unread kept)\n") and not config.exists()


@pytest.mark.parametrize("typed", ["http://127.0.0.1:8701/x y", "http://127.0.0.1:8701/x\u202ey", " https://nieuws.example/feed\n"])  # (an escape character is refused)
def test_remove_takes_a_source_by_the_url_it_was_added_with(cli, tmp_path, typed):
    env = {"NIEUWS_TUI_CONFIG": str(tmp_path / "config.toml")}
    assert cli("sources", "add", typed, env=env).returncode == 0
    removed = cli("sources", "remove", typed, env=env)
    assert removed.returncode == 0, removed.stderr
    assert sources.load_config(tmp_path / "config.toml").sources == []


def test_the_settings_the_new_config_lists_are_those_in_force_without_them(tmp_path):
    """Its comment listed `keep-days = 30` among the defaults, where none prunes: uncommented, they change nothing."""
    listed = re.findall(r"^#   ((?:max-size|host-delay|deadline|run-deadline|keep-days|prune-unread) = \S+)", sources.header(), re.MULTILINE)
    assert len(listed) == 6
    (tmp_path / "listed.toml").write_text("\n".join(listed) + "\n", encoding="utf-8")
    (tmp_path / "none.toml").write_text("", encoding="utf-8")
    written, default = sources.load_config(tmp_path / "listed.toml"), sources.load_config(tmp_path / "none.toml")
    assert sources.settings_for(written) == sources.settings_for(default)
    assert written.retention() == default.retention()


def test_a_new_config_toml_is_commented_in_the_interfaces_language_its_settings_as_toml_reads_them(cli, tmp_path):
    """Its comments were in English whatever the language the interface speaks. The settings they list stay TOML's:
    uncommented, the Dutch ones are the English ones."""
    made = {}
    for language in ("nl_NL.UTF-8", "en_US.UTF-8"):
        path = tmp_path / f"{language}.toml"
        added = cli("sources", "add", "https://nieuws.example/feed", env={**speaking(LANG=language), "NIEUWS_TUI_CONFIG": str(path)})
        assert added.returncode == 0, added.stderr
        made[language] = path.read_text(encoding="utf-8")
        assert sources.load_config(path).sources == [Source("https://nieuws.example/feed")]
        comments, _blank, rest = made[language].partition("\n\n[[source]]")
        assert all(line.startswith("#") for line in comments.splitlines()) and rest
    assert made["nl_NL.UTF-8"].startswith("# Bronnen van nieuws-tui: de pagina's en feeds die `nieuws-tui fetch`")
    assert made["en_US.UTF-8"].startswith("# nieuws-tui sources: the pages and feeds that `nieuws-tui fetch`")
    settings = {language: re.findall(r"^#   ([\w-]+ = \S+)", text, re.MULTILINE) for language, text in made.items()}
    assert settings["nl_NL.UTF-8"] == settings["en_US.UTF-8"] and len(settings["en_US.UTF-8"]) == 9


def test_a_translation_of_config_tomls_comment_that_toml_would_not_read_gives_the_english_one(monkeypatch):
    english = sources.header()
    monkeypatch.setattr(sources, "_", lambda message: "Bronnen\x0cvan nieuws-tui")  # a control character, in a comment
    assert sources.header() == english


@pytest.mark.parametrize("command", [["sources", "add"], ["fetch"]])
def test_a_url_with_a_port_no_tcp_has_is_said_so_not_as_no_http_url(cli, command, tmp_path):
    result = cli(*command, "http://127.0.0.1:99999/feed", env={"NIEUWS_TUI_CONFIG": str(tmp_path / "config.toml"), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")})
    assert (result.returncode, result.stderr) == (2, "nieuws-tui: error: http://127.0.0.1:99999/feed: its port is no number from 0 to 65535\n")


@pytest.mark.parametrize("command", [["sources", "add"], ["fetch"]])
@pytest.mark.parametrize(("character", "shown"), [("\x7f", "\\x7f"), ("\x01", "\\x01"), ("\x1b", "\\x1b"), ("\x85", "\\x85"), ("\x9b", "\\x9b"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")])
def test_a_url_holding_an_ascii_control_character_is_refused_in_one_line_that_shows_it_escaped(cli, command, character, shown, tmp_path):
    """`sources add "$(printf 'https://h.example/a\\x7fb')"`: a paste's stray DEL was taken, percent-encoded into an
    address nobody meant (a%7Fb); `fetch URL` requested it."""
    env = {"NIEUWS_TUI_CONFIG": str(tmp_path / "config.toml"), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")}
    result = cli(*command, f"http://127.0.0.1:9/a{character}b", env=env)
    assert (result.returncode, result.stderr) == (2, f"nieuws-tui: error: http://127.0.0.1:9/a{shown}b: it holds a control character\n")
    assert not (tmp_path / "config.toml").exists()


@pytest.mark.parametrize("command", [["sources", "add"], ["fetch"]])
@pytest.mark.parametrize(("character", "shown"), [("\x1c", "\\x1c"), ("\x1f", "\\x1f"), ("\x85", "\\x85"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")])
@pytest.mark.parametrize("where", ["before", "after"])
def test_a_control_character_str_strip_takes_for_white_space_around_a_url_is_refused_too(cli, command, character, shown, where, tmp_path):
    """`sources add "https://h.example.nl/feed$(printf '\\x1f')"` said `added https://h.example.nl/feed%1F`: the check
    for control characters looked past what str.strip() strips (\\x1c-\\x1f, U+0085, U+2028, U+2029), and web_url kept it."""
    env = {"NIEUWS_TUI_CONFIG": str(tmp_path / "config.toml"), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")}
    url, shown_url = ("http://127.0.0.1:9/feed" + character, "http://127.0.0.1:9/feed" + shown) if where == "after" else (character + "http://127.0.0.1:9/feed", shown + "http://127.0.0.1:9/feed")
    result = cli(*command, url, env=env)
    assert (result.returncode, result.stderr) == (2, f"nieuws-tui: error: {shown_url}: it holds a control character\n")
    assert not (tmp_path / "config.toml").exists()


@pytest.mark.parametrize("character", ["\u00a0", "\u2009", "\u202f", "\u3000", "\ufeff", "\u200b"])
def test_a_unicode_space_pasted_around_a_url_is_no_part_of_it(cli, character, tmp_path):
    """An address copied from a web page brings its no-break space along: `sources add` kept it, and each fetch
    requested …/feed%C2%A0, which no site has; shown, it looked like a plain space after the address."""
    config = tmp_path / "config.toml"
    result = cli("sources", "add", f"{character}http://127.0.0.1:9/feed{character}", env={"NIEUWS_TUI_CONFIG": str(config)})
    assert (result.returncode, result.stderr.splitlines()[-1]) == (0, "nieuws-tui: added http://127.0.0.1:9/feed")
    assert 'url = "http://127.0.0.1:9/feed"\n' in config.read_text(encoding="utf-8")


def test_a_no_break_space_after_an_address_in_config_toml_is_no_part_of_it_for_fetch_and_sources_remove(cli, tmp_path, httpserver):
    """A config.toml edited with an address pasted from a page: each fetch requested …/feed%C2%A0 (a 404), and
    `sources remove` of the same pasted text said it was not listed."""
    from feedkit import RSS2

    httpserver.expect_request("/feed").respond_with_data(RSS2, content_type="application/rss+xml")
    config = tmp_path / "config.toml"
    config.write_text(f'[[source]]\nurl = "{httpserver.url_for("/feed")}\u00a0"\n', encoding="utf-8")
    env = {"NIEUWS_TUI_CONFIG": str(config), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")}
    fetched = cli("fetch", env=env)
    assert fetched.stdout == f"ok {httpserver.url_for('/feed')} new=2 updated=0\n", fetched.stderr
    removed = cli("sources", "remove", httpserver.url_for("/feed") + "\u00a0", env=env)
    assert removed.returncode == 0, removed.stderr
    assert "[[source]]" not in config.read_text(encoding="utf-8")


def test_a_url_holding_a_control_character_written_into_config_toml_fails_its_source_as_sources_add_says_it(cli, tmp_path):
    """TOML's \\u007f in a url written by hand: each fetch requested it, and httpx refused it ("invalid URL")."""
    config = tmp_path / "config.toml"
    config.write_text('[[source]]\nurl = "http://127.0.0.1:9/a\\u007fb"\n', encoding="utf-8")
    result = cli("fetch", env={"NIEUWS_TUI_CONFIG": str(config), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")})
    assert result.stdout == "failed http://127.0.0.1:9/a\\x7fb it holds a control character\n"
    assert result.stderr.splitlines()[-1] == "1 source: 0 new, 0 updated articles; 1 failed; 0 requests"  # never requested


def test_sources_remove_forgets_what_the_source_answered_and_keeps_what_the_others_did(tmp_path, cli):
    """What each fetched address answered (its ETag, to fetch only what changed) was kept for good, of a source
    removed too: a row for every source ever fetched. Another account of the same address is another source."""
    from feeds.store.writer import Validator

    library = Library(tmp_path / "library.sqlite")
    kept = {"https://b.example/rss": Validator('"b"', None), "https://lezer@a.example/rss": Validator('"a-lezer"', None)}
    fetched = {"https://a.example/rss": Validator('"a"', None), **kept}
    with library.writing() as writer:  # as fetches left them
        writer.note_validators(fetched)
    before = library.validators()
    env = {"NIEUWS_TUI_DB": str(library.path), "NIEUWS_TUI_CONFIG": str(tmp_path / "config.toml")}
    sources.save_sources([Source(url) for url in fetched], tmp_path / "config.toml")
    assert cli("sources", "remove", "https://a.example/rss", env=env).returncode == 0
    assert Library(library.path).validators() == {key: value for key, value in before.items() if value in kept.values()}


@pytest.mark.parametrize(
    ("written", "typed"),
    [("http://lezer\\u007f@127.0.0.1:9/feed", "http://lezer\x7f@127.0.0.1:9/feed"), ("http://127.0.0.1:9/feed\\u001f", "http://127.0.0.1:9/feed\x1f")],
)
def test_sources_remove_takes_a_source_written_into_config_toml_with_a_control_character_as_it_is_written(cli, tmp_path, written, typed):
    """`sources remove "$(printf 'http://lezer\\x7f@…')"` of a source written so by hand said it was not in the list:
    the typed address was read as web_url reads a link (lezer%7F, feed%1F), which no source listed is."""
    config = tmp_path / "config.toml"
    config.write_text(f'[[source]]\nurl = "{written}"\n', encoding="utf-8")
    removed = cli("sources", "remove", typed, env={"NIEUWS_TUI_CONFIG": str(config), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")})
    assert removed.returncode == 0, removed.stderr
    assert sources.load_config(config).sources == []


def test_sources_remove_of_an_address_written_with_a_tab_removes_that_source_not_the_one_without(cli, tmp_path):
    """Of `a\\tb` and `ab` in a config.toml, `sources remove` of the first removed the second: web_url drops a tab."""
    config = tmp_path / "config.toml"
    config.write_text('[[source]]\nurl = "http://127.0.0.1:9/a\\tb"\n\n[[source]]\nurl = "http://127.0.0.1:9/ab"\n', encoding="utf-8")
    removed = cli("sources", "remove", "http://127.0.0.1:9/a\tb", env={"NIEUWS_TUI_CONFIG": str(config), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")})
    assert removed.returncode == 0, removed.stderr
    assert [s.url for s in sources.load_config(config).sources] == ["http://127.0.0.1:9/ab"]


def test_sources_remove_samples_keeps_no_story_away_that_ones_own_feed_lists(cli, config, tmp_path):
    """A feed of one's own with an item at a sample article's link is merged into that story, filed by the sample page:
    `--samples` removed it as a prune does, kept away, and importing the feed again said `1 pruned article stays
    away`: the story was gone for good. Removed, it comes again with the feed."""
    env = {"NIEUWS_TUI_CONFIG": str(config), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")}
    assert cli("list", env=env).returncode == 0  # a first start: the samples
    sample = Library(tmp_path / "library.sqlite").entries()[0].article
    feed = tmp_path / "eigen.rss"
    feed.write_text(f"<rss version='2.0'><channel><title>T</title><item><title>{escape(sample.title)}</title><link>{escape(sample.url)}</link></item></channel></rss>")
    assert cli("import", str(feed), env=env).returncode == 0
    assert cli("sources", "remove", "--samples", env=env).returncode == 0
    again = cli("import", str(feed), env=env)
    assert again.returncode == 0 and "stays away" not in again.stderr + again.stdout
    assert [entry.article.url for entry in Library(tmp_path / "library.sqlite").entries()] == [sample.url]


def test_sources_remove_samples_leaves_a_story_that_ones_own_feed_brings_again_read(cli, config, tmp_path):
    """A sample story one's own feed lists too, read there, came again with the feed unread after `--samples`: its
    read mark went with the sample. Kept, as any mark of an article not in the library is, it is read again."""
    env = {"NIEUWS_TUI_CONFIG": str(config), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")}
    assert cli("list", env=env).returncode == 0  # a first start: the samples
    sample = Library(tmp_path / "library.sqlite").entries()[0]
    feed = tmp_path / "eigen.rss"
    feed.write_text(f"<rss version='2.0'><channel><title>T</title><item><title>{escape(sample.article.title)}</title><link>{escape(sample.article.url)}</link></item></channel></rss>")
    assert cli("import", str(feed), env=env).returncode == 0
    assert cli("mark", "read", sample.id, env=env).returncode == 0
    assert cli("sources", "remove", "--samples", env=env).returncode == 0
    assert cli("import", str(feed), env=env).returncode == 0
    assert [(entry.id, entry.read) for entry in Library(tmp_path / "library.sqlite").entries()] == [(sample.id, True)]


def test_sources_remove_samples_has_the_next_fetch_bring_back_a_story_of_ones_own_feed_though_it_answers_304(cli, config, httpserver, tmp_path):
    """A sample story one's own feed lists too is filed by the sample page (the feed's item tells no section): `--samples`
    removed it for the feed's next fetch to bring it again, but the feed's Last-Modified was kept, the server answered 304, the fetch said
    `unchanged`, and the story was gone until the feed changed (for good once its item had left it). What the feeds
    answered is forgotten with the samples, and it says so: the next fetch reads each whole once."""
    env = {"NIEUWS_TUI_CONFIG": str(config), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")}
    assert cli("list", env=env).returncode == 0  # a first start: the samples
    sample = Library(tmp_path / "library.sqlite").entries()[0]
    body = (f"<rss version='2.0'><channel><item><title>{escape(sample.article.title)}</title><link>{escape(sample.article.url)}</link></item>"
            "<item><title>Eigen</title><link>https://nieuws.example/eigen</link></item></channel></rss>")
    modified = "Tue, 03 Mar 2026 09:00:00 GMT"

    def conditional(request):
        if request.headers.get("If-Modified-Since") == modified:
            return Response(status=304, headers={"Last-Modified": modified})
        return Response(body, content_type="application/rss+xml", headers={"Last-Modified": modified})

    httpserver.expect_request("/eigen.rss").respond_with_handler(conditional)
    sources.save_sources([Source(httpserver.url_for("/eigen.rss"))])
    assert cli("fetch", env=env).returncode == 0
    assert cli("mark", "read", sample.id, env=env).returncode == 0
    removed = cli("sources", "remove", "--samples", env=env)
    assert removed.returncode == 0 and "the next fetch reads each feed whole once" in removed.stderr
    fetched = cli("fetch", env=env)
    assert fetched.returncode == 0, fetched.stderr
    stories = {entry.article.url: entry.read for entry in Library(tmp_path / "library.sqlite").entries()}
    assert stories == {sample.article.url: True, "https://nieuws.example/eigen": False}


@pytest.mark.parametrize("section", ["/r/x", "r/x", "/", "//", "/Harvard/Berkman,/Politics", "Sport, Regio"])
def test_opml_export_then_import_keeps_a_section_name_with_slashes_exactly(config, section):
    """A section named `/r/x` came back as `x`: a category that starts with a slash is read as OPML's folder path."""
    listed = [Source("https://example.org/a.xml", section, "A")]
    assert sources.sources_from_opml(sources.sources_to_opml(listed)) == (listed, [])


def test_an_import_into_a_sources_list_the_first_start_wrote_names_the_sample_sources_and_how_they_go(cli, config, tmp_path):
    """An import after the app's first start added the user's feeds beside the seven ZeelandNet sources listed for the
    samples, and said nothing of them: every fetch tried all nine, and offline said seven failed."""
    sources.save_sources(sources.default_sources())
    urls = tmp_path / "urls"
    urls.write_text("https://example.org/feed\n")
    imported = cli("sources", "import-newsboat", str(urls), env={"NIEUWS_TUI_CONFIG": str(config), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")})
    assert imported.returncode == 0
    assert imported.stderr.endswith(
        "nieuws-tui: the sources list also holds 7 ZeelandNet sources the first start listed for the samples: "
        "`nieuws-tui sources remove --samples` removes them along with the samples\n"
    )
    again = cli("sources", "import-newsboat", str(urls), env={"NIEUWS_TUI_CONFIG": str(config), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")})
    assert "ZeelandNet" not in again.stderr  # (said once, as the import adds a source)


def test_import_opml_of_a_file_just_over_the_limit_says_sizes_that_differ(cli, config, tmp_path):
    """A file of 1,052,917 bytes was "too large (1 MB; at most 1 MB)": both rounded to the same megabyte."""
    opml = tmp_path / "subs.opml"
    opml.write_bytes(b'<opml version="2.0"><body>' + b" " * (1_052_917 - 40) + b"</body></opml>")
    assert opml.stat().st_size == 1_052_917
    result = cli("sources", "import-opml", str(opml), env={"NIEUWS_TUI_CONFIG": str(config)})
    assert result.returncode != 0
    assert "too large (1,052,917 bytes; at most 1,048,576 bytes)" in result.stderr


def test_a_section_or_title_too_long_from_opml_is_cut_at_a_word_and_said_naming_the_file_and_the_source(cli, config, tmp_path):
    """An OPML file's section of 500 KB went whole into config.toml: every `list` line was 500 KB wide after a fetch,
    and serve linked a section feed whose address it answered itself with 414."""
    sources.save_sources([])
    opml = tmp_path / "subs.opml"
    long = "Regio " * 30_000
    opml.write_text(f'<opml version="2.0"><body><outline text="x" title="{long}" category="{long}" xmlUrl="https://a.example/f"/></body></opml>', encoding="utf-8")
    result = cli("sources", "import-opml", str(opml), env={"NIEUWS_TUI_CONFIG": str(config)})
    assert result.returncode == 0
    assert config.stat().st_size < 4000  # the header comment, and the source
    (source,) = sources.load_config().sources
    assert source.section == source.title == ("Regio " * 33).rstrip() + "…"
    said = [line for line in result.stderr.splitlines() if "https://a.example/f" in line]
    assert said == [f"nieuws-tui: warning: {config}: source https://a.example/f: section and title longer than 200 characters, cut at a word"]


def test_a_section_too_long_from_the_command_line_is_cut_and_said(cli, config):
    sources.save_sources([])
    result = cli("sources", "add", "https://a.example/f", "--section", "x" * 300, env={"NIEUWS_TUI_CONFIG": str(config)})
    assert result.returncode == 0
    assert sources.load_config().sources[0].section == "x" * 199 + "…"
    assert f"nieuws-tui: warning: {config}: source https://a.example/f: section longer than 200 characters, cut at a word" in result.stderr.splitlines()


def test_a_title_too_long_in_config_toml_written_by_hand_reads_cut_and_said_and_stays_in_the_file(config):
    config.parent.mkdir(parents=True)
    written = f'[[source]]\nurl = "https://a.example/f"\ntitle = "{"Nieuws " * 1000}"\n'
    config.write_text(written, encoding="utf-8")
    read = sources.load_config()
    assert read.sources[0].title == ("Nieuws " * 28).rstrip() + "…"
    assert read.warnings == (f"{config}: source https://a.example/f: title longer than 200 characters, cut at a word",)
    sources.save_sources([*read.sources, Source("https://b.example/f")])
    assert config.read_text(encoding="utf-8").startswith(written)  # the user's own text is not cut behind their back
