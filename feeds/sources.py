"""The sources list: the pages and feeds that fetching refreshes, in the user's config file.

The file is TOML, commented, made on first use with ZeelandNet's main news
sections, and meant to be edited by hand as well as by `nieuws-tui sources`.
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_config_path

from .files import read_file
from .opml import Outline, read_opml, write_opml
from .storage import atomic_write
from .urls import normalize_url

ENV_VAR = "NIEUWS_TUI_CONFIG"
MAX_CONFIG_BYTES = 1024 * 1024  # a list of sources, also OPML files of them
ZEELANDNET_SECTIONS = (
    ("Binnenland", "binnenland"),
    ("Buitenland", "buitenland"),
    ("Politiek", "politiek"),
    ("Financieel", "financieel"),
    ("Sport", "sport"),
    ("Voetbal", "soccer"),
    ("Zeeland", "zeeland"),
)
HEADER = """\
# nieuws-tui sources: the pages and feeds that `nieuws-tui fetch` (and `r` in the
# app) refresh. Each [[source]] has a `url` and may have a `section` under which
# its articles are filed, and a `title`. A source can be a ZeelandNet section or
# article page, any RSS or Atom feed, or a page that links to a feed.
#
# Edit this file by hand or with: nieuws-tui sources add URL [--section S],
# nieuws-tui sources remove URL, nieuws-tui sources import-opml FILE.
"""


class SourcesError(ValueError):
    """The sources file cannot be read; the message names it."""


@dataclass(frozen=True, slots=True)
class Source:
    url: str
    section: str | None = None
    title: str | None = None


def config_path() -> Path:
    """`$NIEUWS_TUI_CONFIG`, else the user config dir (XDG: ~/.config/nieuws-tui/config.toml)."""
    override = os.environ.get(ENV_VAR)
    return Path(override).expanduser() if override else user_config_path("nieuws-tui", appauthor=False) / "config.toml"


def default_sources() -> list[Source]:
    return [Source(f"https://www.zeelandnet.nl/nieuws/{slug}", name, f"ZeelandNet {name}") for name, slug in ZEELANDNET_SECTIONS]


def _toml_string(text: str) -> str:
    # A JSON string is a valid TOML basic string (same escapes).
    return json.dumps(text, ensure_ascii=False)


def render(sources: list[Source]) -> str:
    parts = [HEADER]
    for source in sources:
        lines = ["[[source]]", f"url = {_toml_string(source.url)}"]
        if source.section:
            lines.append(f"section = {_toml_string(source.section)}")
        if source.title:
            lines.append(f"title = {_toml_string(source.title)}")
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)


def load(path: Path | None = None) -> list[Source]:
    """The sources; a missing file is created with the default sources first."""
    path = path or config_path()
    if not path.exists():
        save(default_sources(), path)
    try:
        data = tomllib.loads(read_file(path, MAX_CONFIG_BYTES)[0].decode("utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise SourcesError(f"{path}: cannot read ({error})") from None
    except tomllib.TOMLDecodeError as error:
        raise SourcesError(f"{path}: not valid TOML ({error}); fix or remove it") from None
    sources = []
    for number, item in enumerate(data.get("source", []), 1):
        if not isinstance(item, dict) or not isinstance(item.get("url"), str) or not item["url"].strip():
            raise SourcesError(f"{path}: source {number} has no url")
        section, title = item.get("section"), item.get("title")
        sources.append(Source(item["url"].strip(), section if isinstance(section, str) and section else None, title if isinstance(title, str) and title else None))
    return sources


def save(sources: list[Source], path: Path | None = None) -> None:
    atomic_write(path or config_path(), render(sources).encode("utf-8"))


def _same(a: str, b: str) -> bool:
    return normalize_url(a) == normalize_url(b)


def add(sources: list[Source], source: Source) -> list[Source]:
    """The list with `source` added, or replacing the entry for the same URL."""
    kept = [s for s in sources if not _same(s.url, source.url)]
    position = next((i for i, s in enumerate(sources) if _same(s.url, source.url)), len(kept))
    return kept[:position] + [source] + kept[position:]


def remove(sources: list[Source], url: str) -> list[Source]:
    return [s for s in sources if not _same(s.url, url)]


def to_opml(sources: list[Source]) -> bytes:
    outlines = [Outline(s.title or s.url, s.url, None, s.section) for s in sources]
    return write_opml("nieuws-tui sources", outlines)


def from_opml(data: bytes) -> list[Source]:
    return [Source(o.xml_url, o.category, o.title if o.title != o.xml_url else None) for o in read_opml(data)]
