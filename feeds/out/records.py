"""Articles as the public JSON of `nieuws-tui list --json`.

The format is a contract with scripts: field names and meanings stay.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from feeds.model import AMSTERDAM, Entry, as_read


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(AMSTERDAM).isoformat() if moment else None


def public_json(entry: Entry) -> dict[str, Any]:
    """One article: its fields, the body and the reader's state."""
    article = entry.article
    return {
        "id": article.id,
        "url": article.url,
        "title": as_read(article.title),
        "section": article.section,
        "place": article.place,
        "agencies": list(article.agencies),
        "lead": as_read(article.lead),
        "published": _iso(article.published),
        "age": article.age,
        "kind": article.kind,
        "rubric": article.rubric,
        "title_from_lead": article.title_from_lead,
        "first_seen": _iso(entry.first_seen),
        "source": article.source,
        "text_source": article.text_source,
        "author": article.author,
        "body": [block.to_json() for block in article.body],
        "links": [{"url": link.url, "text": link.text} for link in article.listed_links],
        "enclosures": [{"url": enclosure.url, "type": enclosure.type, "length": enclosure.length} for enclosure in article.enclosures],
        "read": entry.read,
        "starred": entry.starred,
    }
