"""A newsboat user's subscriptions come along: `sources import-newsboat` reads newsboat's urls file."""

from __future__ import annotations

import subprocess

import pytest
from conftest import require_tool
from hypothesis import given
from hypothesis import strategies as st

from feeds import config as sources
from feeds.config import Source
from feeds.newsboat import settings_from_config, sources_from_urls_file, words

URLS = (
    "# mijn feeds\n"
    'https://nos.nl/rss "Binnenland" "~NOS Nieuws" tech\n'
    '"query:Ongelezen:unread = \\"yes\\""\n'
    "exec:~/bin/feed.sh\n"
    "\n"
    'http://x.example/feed   "!"  "~Verborgen"  Sport # een commentaar\n'
    'https://a.example/f#deel "met \\"aanhalingstekens\\""\r\n'
    "filter:~/bin/schoon.sh:https://b.example/f\n"
)


def test_a_feeds_first_tag_is_its_section_and_its_tilde_tag_its_title():
    imported, not_feeds = sources_from_urls_file(URLS.encode("utf-8"))
    assert imported == [
        Source("https://nos.nl/rss", "Binnenland", "NOS Nieuws"),
        Source("http://x.example/feed", "Sport", "Verborgen"),  # `!` only hides it in newsboat's list
        Source("https://a.example/f#deel", 'met "aanhalingstekens"'),  # a `#` inside a word starts no comment
    ]
    assert not_feeds == ['query:Ongelezen:unread = "yes"', "exec:~/bin/feed.sh", "filter:~/bin/schoon.sh:https://b.example/f"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("a b\tc", ["a", "b", "c"]),
        ('a "b c" d', ["a", "b c", "d"]),
        ('"\\n\\t\\\\\\"\\x"', ["\n\t\\\"\\x"]),  # newsboat's escapes; any other keeps its backslash
        ('a "open to the end', ["a", "open to the end"]),
        ('"" a', ["", "a"]),
        ("# all comment", []),
        ('a "# no comment" #comment', ["a", "# no comment"]),
        ("   ", []),
    ],
)
def test_words_are_read_as_newsboat_reads_them(line, expected):
    assert words(line) == expected


def test_newsboat_reads_the_same_addresses_and_titles_from_the_same_file(tmp_path):
    newsboat = require_tool("newsboat")
    urls = tmp_path / "urls"
    urls.write_text(URLS, encoding="utf-8")
    exported = subprocess.run(
        [newsboat, "-u", str(urls), "-c", str(tmp_path / "cache.db"), "-C", str(tmp_path / "config"), "-e"],
        capture_output=True, timeout=60, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
    )  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    theirs = [(source.url, source.title) for source in sources.sources_from_opml(exported.stdout)[0]]
    assert theirs == [(source.url, source.title) for source in sources_from_urls_file(URLS.encode("utf-8"))[0]]


@given(st.text())
def test_any_line_is_read_without_failing(line):
    assert all(isinstance(word, str) for word in words(line))


def test_the_lines_that_are_no_feed_are_named_by_program_and_addresses_without_passwords():
    urls = (
        b'"filter:~/bin/schoon.sh --sleutel 8f3a:https://anna:geheim@b.example/f"\n"exec:curl -s https://anna:geheim@c.example/f"\n'
        b'"exec:curl -u anna:geheim -H \'Authorization: Bearer 8f3a\' \'https://d.example/f\'"\n"exec:"\n'
        b'"filter:schoon -u anna:geheim:https://e.example/f"\n'
    )
    assert sources_from_urls_file(urls) == (
        [],
        ["filter:~/bin/schoon.sh:https://b.example/f", "exec:curl https://c.example/f", "exec:curl https://d.example/f", "exec:", "filter:schoon:https://e.example/f"],
    )


def test_a_command_is_named_by_its_program_not_by_the_variables_set_before_it():
    """exec: lines run in a shell, where `TOKEN=8f3a ~/bin/feed.sh` gives the program a secret as an option would:
    the secret was named as the program."""
    urls = b'"exec:GITHUB_TOKEN=ghp_8f3a ~/bin/gh-feed --user anna"\n"filter:SLEUTEL=8f3a A=b ~/bin/schoon.sh:https://b.example/f"\n"exec:TOKEN=8f3a"\n'
    assert sources_from_urls_file(urls) == ([], ["exec:~/bin/gh-feed", "filter:~/bin/schoon.sh:https://b.example/f", "exec:"])


def test_a_variable_whose_quoted_value_holds_a_space_is_not_named_as_the_program():
    """The shell reads `AUTH='Bearer 8f3a' ~/bin/feed.sh` as one variable set for ~/bin/feed.sh: split at every space,
    the token after `Bearer` was named as the program, in clear. A value whose quote is not closed names none."""
    urls = b'"exec:AUTH=\'Bearer 8f3a\' ~/bin/feed.sh"\n"exec:AUTH=\\"Bearer 8f3a\\" ~/bin/feed.sh"\n"filter:AUTH=\'Basic anna:geheim\' ~/bin/schoon.sh:https://b.example/f"\n'
    assert sources_from_urls_file(urls) == ([], ["exec:~/bin/feed.sh", "exec:~/bin/feed.sh", "filter::https://b.example/f"])


def test_titles_and_sections_from_the_file_are_clean_lines():
    imported, _ = sources_from_urls_file('https://a.example/f "Re\x1b[2Jgio" "~Ti\u202etel"\n'.encode())
    assert imported == [Source("https://a.example/f", "Regio", "Titel")]


@pytest.fixture
def config(tmp_path, monkeypatch):
    path = tmp_path / "config" / "config.toml"
    monkeypatch.setenv("NIEUWS_TUI_CONFIG", str(path))
    sources.save_sources([])
    return path


def test_import_newsboat_reads_newsboats_own_file_and_says_what_it_imported_and_left_out(cli, config, tmp_path):
    (tmp_path / ".newsboat").mkdir()
    (tmp_path / ".newsboat" / "urls").write_text(URLS + "file:///etc/passwd\nhttps://nos.nl/rss andere\n", encoding="utf-8")
    result = cli("sources", "import-newsboat", env={"NIEUWS_TUI_CONFIG": str(config), "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"nieuws-tui: imported 3 sources from {tmp_path}/.newsboat/urls; 1 repeat left out",
        "nieuws-tui: left out 1 that is no http(s) address: file:///etc/passwd",
        'nieuws-tui: left out 3 lines that are no feed (query:, exec:, filter:): query:Ongelezen:unread = "yes", exec:~/bin/feed.sh, '
        "filter:~/bin/schoon.sh:https://b.example/f",
    ]
    assert sources.load_config().sources == sources_from_urls_file(URLS.encode("utf-8"))[0]


def test_import_newsboat_looks_in_the_config_folder_without_a_dot_newsboat_folder(cli, config, tmp_path):
    (tmp_path / "xdg" / "newsboat").mkdir(parents=True)
    (tmp_path / "xdg" / "newsboat" / "urls").write_text("https://nos.nl/rss\n", encoding="utf-8")
    result = cli("sources", "import-newsboat", env={"NIEUWS_TUI_CONFIG": str(config), "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "xdg")})
    assert result.stderr == f"nieuws-tui: imported 1 source from {tmp_path}/xdg/newsboat/urls\n"


def test_import_newsboat_without_a_urls_file_says_where_it_looked_in_one_line(cli, config, tmp_path):
    result = cli("sources", "import-newsboat", str(tmp_path / "urls"), env={"NIEUWS_TUI_CONFIG": str(config)})
    assert result.returncode == 2
    assert result.stderr == f"nieuws-tui: error: {tmp_path}/urls: no such file (give the path of newsboat's urls file)\n"
    assert sources.load_config().sources == []


NEWSBOAT_CONFIG = (
    "# mijn instellingen\n"
    'browser "w3m -o confirm_qq=false %u"\n'
    "auto-reload yes\n"
    "reload-time 20\n"
    "reload-time 30  # the last one holds, as in newsboat\n"
    "refresh-on-startup yes\n"
    "keep-articles-days 14\n"
    'bind-key j down\n'
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (NEWSBOAT_CONFIG, {"browser": "w3m -o confirm_qq=false %u", "refresh-minutes": 30, "refresh-on-start": True, "keep-days": 14}),
        ("auto-reload yes\n", {"refresh-minutes": 60}),  # newsboat's own reload-time
        ("reload-time 30\nauto-reload no\nrefresh-on-startup no\nkeep-articles-days 0\n", {}),  # 0: newsboat keeps all
        ("browser lynx\n", {"browser": "lynx"}),
        ("browser w3m %u\nkeep-articles-days zeven\n", {"keep-days": "zeven"}),  # a browser of two words is none of newsboat's; a wrong number is said later
    ],
)
def test_newsboats_settings_that_config_toml_has_too_are_read_by_its_names(text, expected):
    assert settings_from_config(text.encode("utf-8")) == expected


def test_import_newsboat_takes_the_settings_config_toml_does_not_set_yet_above_its_sources(cli, config, tmp_path):
    """A newsboat user's `browser` and auto-reload come along: o opened the desktop's browser, and the app never refreshed."""
    (tmp_path / ".newsboat").mkdir()
    (tmp_path / ".newsboat" / "urls").write_text("https://nos.nl/rss\n", encoding="utf-8")
    (tmp_path / ".newsboat" / "config").write_text(NEWSBOAT_CONFIG.replace("14", "99999999"), encoding="utf-8")
    config.write_text("# mijn bronnen\nrefresh-minutes = 5\n\n[keys]\nquit = \"Q\"\n", encoding="utf-8")
    result = cli("sources", "import-newsboat", env={"NIEUWS_TUI_CONFIG": str(config), "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[1:] == [
        f"nieuws-tui: took newsboat's settings from {tmp_path}/.newsboat/config: browser, refresh-on-start",
        f"nieuws-tui: left out of newsboat's settings: {tmp_path}/.newsboat/config: keep-days must be a number from 0 to 36500, not 99999999",
    ]
    assert config.read_text(encoding="utf-8") == (
        "# mijn bronnen\nrefresh-minutes = 5\n"
        'browser = "w3m -o confirm_qq=false %u"\nrefresh-on-start = true\n'  # below the user's own, which stays
        '\n[keys]\nquit = "Q"\n'
        '\n[[source]]\nurl = "https://nos.nl/rss"\n'
    )
    loaded = sources.load_config()
    assert (loaded.browser, loaded.refresh_minutes, loaded.refresh_on_start, loaded.keep_days) == ("w3m -o confirm_qq=false %u", 5, True, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", 'keep-days = 14\n'),
        ("# kop\n", '# kop\n\nkeep-days = 14\n'),
        ("# kop", '# kop\n\nkeep-days = 14'),  # a last line without its end stays so
        ('# kop\n[[source]]\nurl = "https://a.example/f"\n', 'keep-days = 14\n\n# kop\n[[source]]\nurl = "https://a.example/f"\n'),  # the comment is the source's
        ("max-size = 5\r\n\r\n[keys]\r\n", "max-size = 5\r\nkeep-days = 14\r\n\r\n[keys]\r\n"),  # CRLF lines get CRLF lines
    ],
)
def test_settings_are_added_where_the_file_keeps_its_settings_and_nothing_else_changes(config, tmp_path, text, expected):
    config.write_text(text, encoding="utf-8", newline="")
    assert sources.add_settings({"keep-days": 14}, tmp_path / "newsboat-config") == (["keep-days"], [])
    assert config.read_bytes().decode("utf-8") == expected


def test_a_browser_of_newsboats_with_a_control_in_it_is_left_out_without_reaching_the_terminal(cli, config, tmp_path):
    (tmp_path / ".newsboat").mkdir()
    (tmp_path / ".newsboat" / "urls").write_text("https://nos.nl/rss\n", encoding="utf-8")
    (tmp_path / ".newsboat" / "config").write_text('browser "w3m \x1b]0;pwned\x07 %u"\n', encoding="utf-8")
    result = cli("sources", "import-newsboat", env={"NIEUWS_TUI_CONFIG": str(config), "HOME": str(tmp_path)})
    assert result.returncode == 0 and "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "left out of newsboat's settings" in result.stderr and "browser must be a command line" in result.stderr
    assert sources.load_config().browser is None
