"""Articles as JSON: the documents the library stores, and the public `list --json` format.

The public format is a contract with scripts: field names and meanings stay.
"""

from __future__ import annotations

from datetime import datetime

from .model import AMSTERDAM, Article, Block, Entry


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(AMSTERDAM).isoformat() if moment else None


def summary_document(entry: Entry) -> dict:
    """What the library lists: everything but the body and the reader's state."""
    article = entry.article
    return {
        "id": article.id,
        "url": article.url,
        "title": article.title,
        "section": article.section,
        "place": article.place,
        "agencies": list(article.agencies),
        "lead": article.lead,
        "published": _iso(article.published),
        "age": article.age,
        "kind": article.kind,
        "rubric": article.rubric,
        "title_from_lead": article.title_from_lead,
        "first_seen": _iso(entry.first_seen),
    }


def body_document(article: Article) -> dict:
    return {"body": [block.to_json() for block in article.body]}


def entry_from_documents(summary: dict, state: dict | None, body: dict | None = None) -> Entry:
    # Positional arguments and direct lookups: this runs once per article when a library opens.
    # Stored times already carry Amsterdam's offset; converting them to the zone object costs
    # more than the rest of loading, and they compare and format the same.
    published, first_seen = summary["published"], summary["first_seen"]
    article = Article(
        summary["id"],
        summary["url"],
        summary["title"],
        summary["section"],
        summary["place"],
        tuple(summary["agencies"]),
        summary["lead"],
        tuple(Block.from_json(b) for b in body["body"]) if body else (),
        datetime.fromisoformat(published) if published else None,
        summary["age"],
        summary["kind"],
        summary["rubric"],
        summary["title_from_lead"],
    )
    if state:
        return Entry(article, state["read"], state["starred"], datetime.fromisoformat(first_seen))
    return Entry(article, False, False, datetime.fromisoformat(first_seen))


def public_json(entry: Entry) -> dict:
    """One article of `nieuws-tui list --json`: the stored fields, the body and the reader's state."""
    return {
        **summary_document(entry),
        "body": [block.to_json() for block in entry.article.body],
        "read": entry.read,
        "starred": entry.starred,
    }
