"""Choosing articles from the library: by section, unread, starred, newest first."""

from __future__ import annotations

from collections.abc import Iterable

from .model import Entry


def select(
    entries: Iterable[Entry],
    sections: Iterable[str] | None = None,
    unread: bool = False,
    starred: bool = False,
    limit: int | None = None,
) -> list[Entry]:
    """The entries (already newest first) of these sections (any case), unread and/or starred, the newest `limit`."""
    wanted = {s.casefold() for s in sections} if sections else None
    chosen = [
        e
        for e in entries
        if (wanted is None or (e.article.section or "").casefold() in wanted)
        and (not unread or not e.read)
        and (not starred or e.starred)
    ]
    return chosen[:limit] if limit is not None else chosen
