"""Articles as rows of the article store, and the text the search index holds for them."""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from typing import Any, NamedTuple

import orjson

from feeds import urls
from feeds.clean import clean_line
from feeds.model import AMSTERDAM, Article, Block, Enclosure, Entry, Link

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
SUMMARY = "key, id, url, title, section, place, agencies, lead, published, age, kind, rubric, title_from_lead, first_seen, source, author, text_source"
# What a list of articles holds of each: everything but its text (the lead and author are read with the body).
LISTED = SUMMARY.replace(", lead,", ", '' AS lead,").replace(", author", ", NULL AS author")
COLUMNS = SUMMARY + ", sort_time, lead_key, seq"
# Ties in the order the articles came (records_in_order), then in id order, backwards: the key is the id as a number.
# The index serves sort_time; the few ties are put in order apart (100,000 articles, bench/bench_app.py).
NEWEST_FIRST = "ORDER BY sort_time DESC, first_seen DESC, key DESC"
PLACEHOLDERS = ", ".join("?" * len(COLUMNS.split(", ")))
# The text in the bodies table: a JSON list of [kind, text] blocks (p, h), then an
# [a, url, text] item for each link in it, with the two numbers of Link.end after these where it is known (NOT_IN_TEXT
# too; texts stored before it was kept have none). Code of before it (63d1715) raises on such an item, but as a
# version of format 12 it refuses to open a library of format 13. Version 2 stored blocks only, in the same form.
# Then an [e, url, type, length] item for each of its enclosures (type and length null where unknown), from format 20
# on: code of format 19 would raise on one, and refuses to open the library.
_KINDS = {"paragraph": "p", "subheading": "h"}
_BLOCKS = {"p": "paragraph", "h": "subheading"}
_LINK = "a"
_ENCLOSURE = "e"

Row = tuple[Any, ...]  # as sqlite3 gives it


class Record(NamedTuple):
    """An article as the store writes it, made where the article was read.

    Plain values only: a record is cheap to make, to hand from one process to
    another, and to write; the store builds articles from records only when it
    must merge one with a story it knows.
    """

    id: str
    url: str
    title: str
    section: str | None
    place: str | None
    agencies: str  # JSON list
    lead: str
    published: str | None  # ISO 8601
    age: str | None
    kind: str
    rubric: str | None
    title_from_lead: int
    first_seen: str  # ISO 8601
    source: str | None
    author: str | None
    text_source: str | None  # Article.text_source
    sort_time: int  # micros(): the publication, else when first seen
    lead_key: str | None
    body: str | None  # encode_text() of a full article's blocks and the links of its text
    guid: str | None = None  # Article.guid: kept apart (Writer), not in the article's row


def micros(moment: datetime) -> int:
    """A moment as whole microseconds since 1970: exact, and ordered as time is."""
    since = moment - EPOCH  # (its parts added up: dividing by a timedelta takes longer)
    return (since.days * 86_400 + since.seconds) * 1_000_000 + since.microseconds


def from_micros(value: int) -> datetime:
    try:
        return (EPOCH + timedelta(microseconds=value)).astimezone(AMSTERDAM)
    except OverflowError:  # a moment at an end of the calendar (a library of an earlier version may hold one): that end
        return (datetime.min if value < 0 else datetime.max).replace(tzinfo=AMSTERDAM)


def lead_key(article: Article) -> str | None:
    """What recognises one story seen with and without its title: its lead (when long enough to be unique),
    case folded, as a clean line (its whitespace runs one space). Stored keys are compared with new ones: the key of
    a lead never changes. A soft hyphen, which a lead stored before clean_text deleted it may hold, is no part of it
    (clean_line deletes it): such a row, written again from what is stored, gets the key its lead has now.

    A teaser without a lead (a `Net binnen` ticker line) is recognised by its section, title and minute instead
    (ticker_key): a text rendering's line has no link, and its id is made up from its title."""
    lead = clean_line(article.lead)  # leads are clean: most are a scan in C
    if not lead:
        return ticker_key(article)
    text = lead.lower() if lead.isascii() else lead.casefold()  # the same for ASCII, and lower() is quicker at it
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12] if len(text) >= 40 else None


# What begins a ticker_key: no lead's key (hexadecimal digits alone) begins so.
TICKER_KEY = "ticker "


def ticker_key(article: Article) -> str | None:
    """The key of a teaser without a lead: its section, title and minute of publication, as a ticker line prints
    them, which its page and that page's text rendering both show. None for one without a section or a date."""
    if article.kind != "teaser" or not article.section or article.published is None:
        return None
    text = f"{clean_line(article.section)}\n{clean_line(article.title)}\n{int(article.published.timestamp()) // 60}".casefold()
    return TICKER_KEY + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


# The last first-seen moment written out: a page's or a feed's articles are all first seen at once.
_SEEN: tuple[datetime | None, str] = (None, "")
# Agencies as stored, by their tuple: a handful of combinations make up every dateline.
_AGENCIES_JSON: dict[tuple[str, ...], str] = {}


def records_in_order(articles: Iterable[Article], captured: datetime, first: int = 0) -> list[Record]:
    """A page's or a feed's articles as stored, from its `first`th on: first seen when captured (never later than
    now), each a microsecond before the one it came after. Newest first then lists articles of one date, or of
    none, in the order the feed gave them, as newsboat does, rather than by the hashes of their ids."""
    seen = min(captured, datetime.now(AMSTERDAM)) - timedelta(microseconds=first)
    return [record(Entry(article, first_seen=seen - timedelta(microseconds=number))) for number, article in enumerate(articles)]


def record(entry: Entry) -> Record:
    global _SEEN
    article = entry.article
    seen = _SEEN  # one read: another thread may replace it meanwhile
    if seen[0] is not entry.first_seen:
        seen = _SEEN = (entry.first_seen, entry.first_seen.isoformat())
    agencies = _AGENCIES_JSON.get(article.agencies)
    if agencies is None:
        agencies = orjson.dumps(article.agencies).decode()
        if len(_AGENCIES_JSON) < 1000:
            _AGENCIES_JSON[article.agencies] = agencies
    return Record(
        article.id,
        article.url,
        article.title,
        article.section,
        article.place,
        agencies,
        article.lead,
        article.published.isoformat() if article.published else None,
        article.age,
        article.kind,
        article.rubric,
        int(article.title_from_lead),
        seen[1],
        article.source,
        article.author,
        article.text_source,
        micros(entry.sort_time),
        lead_key(article),
        encode_text(article.body, article.links, article.enclosures) if article.body or article.links or article.enclosures else None,
        article.guid,
    )


def key_of(article_id: str) -> int:
    """The store's key of an article: its id (hexadecimal) read as a number."""
    return int(article_id, 16)


def present_key(article_id: str, url: str) -> int | None:
    """The key of the address a story that moved is at now (`first_links`), where that is not the key of its id, which
    is its first link's: an item at that address, of another source, file or copy, is the story. None where it is its
    id's, or its link is one told apart by a fragment (urls.item_link), whose address is that of other stories too; or
    no parser reads it (only damage stores one)."""
    if "#" in url:
        return None
    try:
        present = urls.article_id(url)
    except ValueError:
        return None
    return key_of(present) if present != article_id else None


def article_row(record: Record, seq: int) -> Row:
    """The articles table's row of a record (its body goes to the bodies table)."""
    return (key_of(record.id), *record[:18], seq)


def entry_from_record(record: Record) -> Entry:
    body, links, enclosures = decode_text(record.body) if record.body else ((), (), ())
    return entry_from_row((None, *record[:16]), body=body, links=links, enclosures=enclosures)


def encode_text(body: tuple[Block, ...], links: tuple[Link, ...], enclosures: tuple[Enclosure, ...] = ()) -> str:
    items: list[tuple[str | int | None, ...]] = [(_KINDS[block.kind], block.text) for block in body]
    items += [(_LINK, link.url, link.text) if link.end is None else (_LINK, link.url, link.text, *link.end) for link in links]
    items += [(_ENCLOSURE, *enclosure) for enclosure in enclosures]
    return orjson.dumps(items).decode()


class StoredText(NamedTuple):
    blocks: tuple[Block, ...]
    links: tuple[Link, ...]
    enclosures: tuple[Enclosure, ...]


def decode_text(text: str) -> StoredText:
    """The blocks, links and enclosures of a stored text; ValueError, TypeError or KeyError when it is damaged."""
    blocks, links, enclosures = [], [], []
    for item in orjson.loads(text):
        if len(item) == 2:  # [kind, text]; unpacking says what else an item is not
            kind, block_text = item
            blocks.append(Block(_BLOCKS[kind], block_text if type(block_text) is str else str(block_text)))  # type: ignore[arg-type]
        elif item[0] == _ENCLOSURE:
            _tag, url, kind, length = item
            enclosures.append(Enclosure(str(url), None if kind is None else str(kind), _stored_length(length)))
        else:
            tag, url, link_text, *end = item
            if tag != _LINK:
                raise KeyError(tag)
            links.append(Link(str(url), str(link_text), _link_end(*end) if end else None))
    return StoredText(tuple(blocks), tuple(links), tuple(enclosures))


def _stored_length(length: object) -> int | None:
    if length is not None and type(length) is not int:  # a damaged text, as decode_text tells it
        raise TypeError("an enclosure's length is no number")
    return length


def _link_end(block: object, at: object) -> tuple[int, int]:
    if type(block) is not int or type(at) is not int:  # a damaged text, as decode_text tells it
        raise TypeError("a link's end is no two numbers")
    return block, at


_AGENCIES: dict[str, tuple[str, ...]] = {}


def _shared(text: str | None) -> str | None:
    return sys.intern(text) if text is not None else None


def entry_from_row(
    row: Row,
    read: bool = False,
    starred: bool = False,
    body: tuple[Block, ...] = (),
    links: tuple[Link, ...] = (),
    enclosures: tuple[Enclosure, ...] = (),
    first_url: str | None = None,
) -> Entry:
    # Positional arguments: this runs once per article when a library is listed. Values that
    # repeat across articles (section, place, kind, source, agencies) are shared, not copied:
    # at 100,000 articles that is tens of megabytes.
    (_, article_id, url, title, section, place, agencies, lead, published, age, kind, rubric, derived, first_seen, source, author, text_source) = row[:17]
    shared_agencies = _AGENCIES.get(agencies)
    if shared_agencies is None:
        shared_agencies = _AGENCIES.setdefault(agencies, tuple(sys.intern(a) for a in orjson.loads(agencies)))
    article = Article(
        article_id,
        url,
        title,
        _shared(section),
        _shared(place),
        shared_agencies,
        lead,
        body,
        datetime.fromisoformat(published) if published else None,
        _shared(age),
        "teaser" if kind == "teaser" else "full",
        _shared(rubric),
        bool(derived),
        _shared(source),
        author,
        links,
        first_url=first_url,
        text_source=_shared(text_source),
        enclosures=enclosures,
    )
    return Entry(article, read, starred, datetime.fromisoformat(first_seen))


def search_text(article: Article) -> tuple[str, str]:
    """(title, text) as the search index holds them; deterministic, since removing a row needs the same text."""
    parts = [article.place or "", article.lead, *(block.text for block in article.body)]
    return article.title, "\n".join(part for part in parts if part)
