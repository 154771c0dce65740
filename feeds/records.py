"""Articles as JSON: the documents the library stores, and the public `list --json` format.

The public format is a contract with scripts: field names and meanings stay.
"""

from __future__ import annotations

from datetime import datetime

from .model import AMSTERDAM, Article, Block, Entry


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(AMSTERDAM).isoformat() if moment else None


def _parse_iso(text: str | None) -> datetime | None:
    # Stored times carry Amsterdam's offset already; converting 100,000 of them to the
    # zone object on every start costs more than the rest of loading.
    return datetime.fromisoformat(text) if text else None


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
    article = Article(
        id=summary["id"],
        url=summary["url"],
        title=summary["title"],
        section=summary.get("section"),
        place=summary.get("place"),
        agencies=tuple(summary.get("agencies") or ()),
        lead=summary.get("lead") or "",
        body=tuple(Block.from_json(b) for b in body["body"]) if body else (),
        published=_parse_iso(summary.get("published")),
        age=summary.get("age"),
        kind=summary.get("kind", "teaser"),
        rubric=summary.get("rubric"),
        title_from_lead=bool(summary.get("title_from_lead")),
    )
    first_seen = _parse_iso(summary.get("first_seen")) or datetime.now(AMSTERDAM)
    state = state or {}
    return Entry(article, read=bool(state.get("read")), starred=bool(state.get("starred")), first_seen=first_seen)


def public_json(entry: Entry) -> dict:
    """One article of `nieuws-tui list --json`."""
    article = entry.article
    return {
        "id": article.id,
        "url": article.url,
        "title": article.title,
        "section": article.section,
        "place": article.place,
        "agencies": list(article.agencies),
        "lead": article.lead,
        "body": [block.to_json() for block in article.body],
        "published": _iso(article.published),
        "age": article.age,
        "kind": article.kind,
        "read": entry.read,
        "starred": entry.starred,
        "rubric": article.rubric,
        "first_seen": _iso(entry.first_seen),
    }
