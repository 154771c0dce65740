"""A real RSS reader subscribes: newsboat reloads the served feeds into its cache.

newsboat 2.21 exits 0 and prints nothing even when a fetch or parse failed
(failures go only to its `error-log` file), repairs malformed XML silently,
keeps GUIDs global across its cache and stores Last-Modified only from its
second fetch on. So each feed gets its own cache, the error log is read, and
the cache is compared row by row with the export.
"""

from __future__ import annotations

import sqlite3
import subprocess

import feedparser
import pytest
from conftest import require_tool
from feedkit import HOSTILE, hostile_library, running_server

from feeds.library import Library


def _reload(newsboat: str, url: str, folder) -> list[tuple[str, str]]:
    folder.mkdir(exist_ok=True)
    urls, cache, config, errors = (folder / name for name in ("urls", "cache.db", "config", "error.log"))
    urls.write_text(url + "\n")
    config.write_text(f'error-log "{errors}"\n')
    result = subprocess.run(
        [newsboat, "-u", str(urls), "-c", str(cache), "-C", str(config), "-x", "reload"],
        capture_output=True, text=True, timeout=60, env={"HOME": str(folder), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert not errors.exists() or errors.read_text().strip() == "", errors.read_text()
    with sqlite3.connect(cache) as database:
        return sorted(database.execute("SELECT guid, title FROM rss_item WHERE feedurl = ?", (url,)).fetchall())


@pytest.mark.parametrize("path", ["/feed.atom", "/feed.rss"])
def test_newsboat_holds_exactly_the_exported_entries_and_adds_no_duplicates(seeded_library, tmp_path, path):
    newsboat = require_tool("newsboat")
    with running_server(seeded_library) as server:
        url = server.url + path
        exported = feedparser.parse(server.site.answer(path).body)
        expected = sorted((entry.id, entry.title) for entry in exported.entries)
        assert len(expected) == 16
        first = _reload(newsboat, url, tmp_path / "newsboat")
        assert first == expected
        second = _reload(newsboat, url, tmp_path / "newsboat")
        assert second == expected


@pytest.mark.parametrize("path", ["/feed.atom", "/feed.rss"])
def test_newsboat_reads_hostile_text_without_errors(tmp_path, path):
    newsboat = require_tool("newsboat")
    library = hostile_library(tmp_path / "library.json")
    with running_server(Library(library.path)) as server:
        rows = _reload(newsboat, server.url + path, tmp_path / "newsboat")
        assert len(rows) == len(HOSTILE)
        assert any(title.startswith("CDATA-einde ]]> en & en <script>") for _, title in rows)
