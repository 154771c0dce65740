"""What the app's lists show of a library's entries, made in memory from the entries read once: the shelves
(All, Starred, each section or each source) with their counts, and the listing of a view, searched as it is typed.

Each keystroke must be shown within 50 ms at 100,000 articles: a view is a list of positions in an index of the
entries, made once per list of entries, and the counts follow each change instead of being counted again.
"""

from __future__ import annotations

import hashlib
import operator
from bisect import bisect_left
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import compress, islice
from typing import overload

from feeds.config import SourceLabel, source_labels
from feeds.language import N_
from feeds.language import gettext as _
from feeds.library import Library, Selection, count_sections, narrows, search_terms
from feeds.model import OTHER_SECTION, Entry
from feeds.urls import slugify

# Shelves are known by names that do not depend on the language: the app remembers the shelf it was
# on, and must find it again in any language. `Shelf.shown` is what the sidebar says.
ALL = N_("All")
STARRED = N_("Starred")
UNSECTIONED = ""  # articles whose page named no section
NO_SOURCE = ""  # articles stored before sources were recorded
SHORT_QUERY = 3  # shorter searches look in titles only: in running text they match nearly everything
LONGEST_STEM = 60  # characters of a shelf's name in the file name offered for its export


@dataclass(frozen=True, slots=True)
class Shelf:
    """A choice in the sections list: All, Starred, or one section (or source)."""

    name: str
    unread: int
    total: int
    by_source: bool = False  # a source, not a section
    label: str = ""  # a source's name in the sidebar: source_labels tells it apart from the others
    tail: str = ""  # the end of `label` that does (SourceLabel.tail): kept where the sidebar cuts the name to fit
    counted: bool = True  # False: the counts are of the first screenful only, the library's are being counted
    unknown: bool = False  # the library could not be read whole: its counts will not come
    failed: bool = False  # a source that failed at the app's last refresh (E says why)

    @property
    def shown(self) -> str:
        """How the sidebar names it, in the interface's language."""
        if self.name in (ALL, STARRED):
            return _(self.name)  # the messages "All" and "Starred"
        if self.by_source:
            return self.label if self.name != NO_SOURCE else _("Unknown source")
        return self.name if self.name != UNSECTIONED else _(OTHER_SECTION)

    @property
    def empty(self) -> bool:
        """A source with no articles (config.toml lists it, its feed never gave one): nothing to read there."""
        return self.by_source and self.counted and not self.total


@dataclass(frozen=True, slots=True)
class View:
    """What the article list shows; `by_source`: the shelves are sources, not sections."""

    shelf: str = ALL
    unread_only: bool = False
    query: str = ""
    by_source: bool = False

    @property
    def source(self) -> str | None:
        """The source whose articles it shows, if its shelf is one."""
        return self.shelf if self.by_source and self.shelf not in (ALL, STARRED) else None

    def shelf_of(self, entry: Entry) -> str:
        """The shelf of its sidebar, by source or by section, that lists `entry`."""
        return source_of(entry) if self.by_source else section_of(entry)

    def selection(self) -> Selection:
        """The library's choice of the articles it shows, but for the search and a source (`source`)."""
        section = None if self.shelf == UNSECTIONED else self.shelf
        sections = None if self.shelf in (ALL, STARRED) or self.source is not None else (section,)
        return Selection(sections, self.unread_only, self.shelf == STARRED)


def section_of(entry: Entry) -> str:
    return entry.article.section or UNSECTIONED


def source_of(entry: Entry) -> str:
    return entry.article.source or NO_SOURCE


class EntriesAt(Sequence[Entry]):
    """The entries at some positions of a list, in their order, read when asked for: a search that finds
    85,000 articles is shown without copying them out (the list reads the few rows on screen)."""

    __slots__ = ("_entries", "_positions")

    def __init__(self, entries: list[Entry], positions: Sequence[int]) -> None:
        self._entries, self._positions = entries, positions

    def __len__(self) -> int:
        return len(self._positions)

    @overload
    def __getitem__(self, at: int) -> Entry: ...
    @overload
    def __getitem__(self, at: slice) -> list[Entry]: ...
    def __getitem__(self, at: int | slice) -> Entry | list[Entry]:
        if isinstance(at, slice):
            return [self._entries[p] for p in self._positions[at]]
        return self._entries[self._positions[at]]

    def __iter__(self) -> Iterator[Entry]:
        return map(self._entries.__getitem__, self._positions)

    def __reversed__(self) -> Iterator[Entry]:
        return map(self._entries.__getitem__, reversed(self._positions))


_READ = operator.attrgetter("read")


def unread_position(entries: Sequence[Entry], start: int, step: int) -> int | None:
    """Where the first unread entry is from `start` on, forwards (step 1) or backwards (-1). At C speed:
    `n` and `p` pass over tens of thousands of read articles, on the UI thread."""
    if not 0 <= start < len(entries):
        return None
    if step > 0:
        order, walk = range(start, len(entries)), islice(iter(entries), start, None)
    else:
        order, walk = range(start, -1, -1), islice(reversed(entries), len(entries) - 1 - start, None)
    return next(compress(order, map(operator.not_, map(_READ, walk))), None)


@dataclass(frozen=True, slots=True)
class Listing:
    """What the article list shows of a view: its entries, and what the list's columns need to know of them."""

    entries: Sequence[Entry]
    widest_place: int  # characters of the longest dateline place among them
    teasers: bool  # any of them is a teaser
    index: Index  # where they come from
    positions: Sequence[int]  # where they are in it, in ascending order

    def position(self, entry: Entry) -> int | None:
        """Where an article is in the listing, if it is there; found by its key at C speed, without reading any entry."""
        key, keys, positions = int(entry.id, 16), self.index.keys, self.positions
        try:
            if 3 * len(positions) < len(keys):  # a few: their own keys, looked through
                return operator.indexOf(map(keys.__getitem__, positions), key)
            at = keys.index(key)  # many: its place among all the keys, then among theirs
        except ValueError:
            return None
        found = bisect_left(positions, at)
        return found if found < len(positions) and positions[found] == at else None

    def place_for(self, entry: Entry) -> int | None:
        """Where the cursor that was on `entry` goes: to it, or, when this listing leaves it out (read, in
        unread-only), to the article after it, as it was the next one down; None when the library no
        longer has it."""
        found = self.position(entry)
        if found is not None or not self.positions:
            return found
        try:
            at = self.index.keys.index(int(entry.id, 16))
        except ValueError:
            return None
        return min(bisect_left(self.positions, at), len(self.positions) - 1)


class Index:
    """What views and searches read of every entry, in list order; made once per list of entries. A view is a
    list of positions in it: a keystroke that finds 40,000 articles then never reads them one by one (touching
    that many entries costs more than the search itself)."""

    __slots__ = ("entries", "keys", "titles", "places", "teasers", "_shelves")

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self.keys = [int(e.id, 16) for e in entries]  # the search index's form of the ids
        self.titles = [e.article.title.casefold() for e in entries]  # what a short search looks in
        self.places = bytes(min(len(e.article.place or ""), 255) for e in entries)
        self.teasers = bytes(e.article.is_teaser for e in entries)
        self._shelves: dict[tuple[bool, str], list[int]] = {}  # (by source, name) → positions

    def shelf(self, name: str, by_source: bool) -> list[int]:
        """The positions of a section's (or a source's) entries: looked for once, when first shown
        (20 ms at 100,000), so that going back to a section takes no time."""
        found = self._shelves.get((by_source, name))
        if found is None:
            shelf_of = source_of if by_source else section_of
            found = self._shelves[(by_source, name)] = [p for p, entry in enumerate(self.entries) if shelf_of(entry) == name]
        return found

    def listing(self, positions: Sequence[int]) -> Listing:
        """The entries at these positions (in ascending order), and their columns at C speed: one getter of
        them all, applied to each column (half the time of a map; it matters at a keystroke that finds 85,000)."""
        if len(positions) == len(self.entries):  # every entry
            return Listing(self.entries, max(self.places, default=0), any(self.teasers), self, positions)
        entries = EntriesAt(self.entries, positions)
        if len(positions) < 2:  # a getter of one item gives that item, not a tuple of it
            return Listing(entries, max((self.places[p] for p in positions), default=0), any(self.teasers[p] for p in positions), self, positions)
        at = operator.itemgetter(*positions)
        return Listing(entries, max(at(self.places)), any(at(self.teasers)), self, positions)


@dataclass(frozen=True, slots=True)
class _Search:
    """The last search, for the next keystroke to look among its result."""

    among: tuple[Index, int, str, bool, bool, bool]  # what it searched: entries, index state, shelf, unread only, by source, short
    query: str
    positions: list[int]  # what it found, in the index
    listing: Listing


class Listings:
    """The listings and shelves of a library's entries as last read. The entries are taken in (`take`) and
    the counts changed (`recount`) on one thread, while listings are made on others: each reads the index
    once, and goes on with that one."""

    def __init__(self, library: Library, entries: list[Entry]) -> None:
        self.library = library
        self.entries = entries
        self._index = Index(entries)
        self._count()
        self._indexed = 0  # batches the search index has caught up
        self._last_search: _Search | None = None
        self._labels: dict[str, SourceLabel] = {}  # source → its name in the sidebar, for the sources in _source_totals
        self._labelled_with: Mapping[str, str] | None = None  # the titles _labels were made with

    def take(self, entries: list[Entry]) -> None:
        """The library's entries as now read: counted anew, and indexed anew unless they are the same list."""
        if entries is not self._index.entries:
            self._index = Index(entries)  # here, rather than at a keystroke
        self.entries = entries
        self._count()
        self._last_search = None

    def search_caught_up(self) -> None:
        """The search index caught up a batch: a search that extends the last one may find more now, and searches anew."""
        self._indexed += 1

    # -- counts ------------------------------------------------------------------------------

    def _count(self) -> None:
        """Totals per section (the engine's count_sections), kept up to date by every change so no keypress recounts them."""
        counted = count_sections((e.article.section, e.read) for e in self.entries)
        self._totals = {c.name or UNSECTIONED: [c.unread, c.total] for c in counted}  # section → [unread, total]
        by_source = count_sections((e.article.source, e.read) for e in self.entries)
        self._source_totals = {c.name or NO_SOURCE: [c.unread, c.total] for c in by_source}  # source → [unread, total]
        starred = [e for e in self.entries if e.starred]
        self._starred = [sum(not e.read for e in starred), len(starred)]  # [unread, total]

    def recount(self, entry: Entry, was_read: bool, was_starred: bool) -> None:
        """One entry's flags changed from (was_read, was_starred): the counts follow."""
        unread_now, unread_before = not entry.read, not was_read
        self._totals.setdefault(section_of(entry), [0, 0])[0] += unread_now - unread_before
        self._source_totals.setdefault(source_of(entry), [0, 0])[0] += unread_now - unread_before
        self._starred[0] += (entry.starred and unread_now) - (was_starred and unread_before)
        self._starred[1] += entry.starred - was_starred

    @property
    def unread(self) -> int:
        return sum(unread for unread, _ in self._totals.values())

    def shelves(
        self, by_source: bool, titles: Mapping[str, str], counted: bool = True, unknown: bool = False, listed: Iterable[str] = (), failed: Collection[str] = ()
    ) -> list[Shelf]:
        """All, Starred, then each section (or each source, by its label, which `titles` gives where a source
        has one), 'none' last. `counted` and `unknown`: as Shelf has them. `listed`: the sources config.toml lists,
        each a shelf of its own by source, with 0 where it has no articles (a feed that fails from the start), as
        newsboat lists every feed: it was only under E. `failed`: the sources that failed at the last refresh."""
        starred_unread, starred_total = self._starred
        fixed = [Shelf(ALL, self.unread, len(self.entries), counted=counted, unknown=unknown), Shelf(STARRED, starred_unread, starred_total, counted=counted, unknown=unknown)]
        if by_source:
            totals = {**{source: [0, 0] for source in listed}, **self._source_totals}
            if self._labels.keys() != totals.keys() or self._labelled_with is not titles:  # the sources came or went, or were named anew
                self._labels, self._labelled_with = source_labels(totals, titles), titles
            labels = self._labels
            sources = sorted(totals.items(), key=lambda i: (i[0] == NO_SOURCE, labels[i[0]].casefold()))
            return fixed + [
                Shelf(name, unread, total, by_source=True, label=labels[name], tail=labels[name].tail, counted=counted, unknown=unknown, failed=name in failed)
                for name, (unread, total) in sources
            ]
        named = sorted(self._totals.items(), key=lambda i: (i[0] == UNSECTIONED, i[0].lower()))
        return fixed + [Shelf(name, unread, total, counted=counted, unknown=unknown) for name, (unread, total) in named]

    def has_shelf(self, by_source: bool, shelf: str, listed: Collection[str] = ()) -> bool:
        """`shelf` is one of `shelves(by_source, …, listed)`, found without making them (the sources' labels)."""
        return shelf in (ALL, STARRED) or shelf in (self._source_totals if by_source else self._totals) or (by_source and shelf in listed)

    def export_stem(self, view: View, titles: Mapping[str, str]) -> str:
        """The file name, without its extension, offered for exporting a view: its shelf as the sidebar names it, as
        a slug. Where that slug is empty, or another shelf's too (`a/feed.xml`, `a-feed.xml`), a short hash of the
        shelf follows it, so that exporting one shelf after another offers a file of its own for each."""
        slugs = {shelf.name: slugify(shelf.shown)[:LONGEST_STEM].strip("-") for shelf in self.shelves(view.by_source, titles)}
        slug = slugs.pop(view.shelf, None)
        if slug is None:  # (a shelf no longer there: a section remembered from last time)
            slug = slugify(view.shelf)[:LONGEST_STEM].strip("-")
        if slug and slug not in slugs.values():
            return slug
        digest = hashlib.sha1(view.shelf.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        return f"{slug}-{digest}" if slug else digest

    # -- listings ----------------------------------------------------------------------------

    def select(self, view: View) -> Listing:
        """What the list shows of a view, newest first.

        Short searches look in titles; from SHORT_QUERY letters on, the library's search index
        finds every word (as the start of a word) in titles and text. A search of no word the index
        knows (`[/]`, punctuation only) looks in titles too: the index would find nothing. A search
        that extends the last one (as typing does) looks among its result only.
        """
        index = self._index  # once: another thread may put a new one in place meanwhile
        everything = range(len(index.entries))
        typed = view.query.strip()
        query = typed.casefold()
        if not query:
            return index.listing(self._shelf(view, index, everything))
        short = len(query) < SHORT_QUERY or not any(search_terms(typed))
        among = (index, self._indexed, view.shelf, view.unread_only, view.by_source, short)
        # A short one as titles are searched; a longer one as typed, for the index's search_terms (`AND` is not `and`).
        query = query if short else typed
        last = self._last_search
        if last is None or last.among != among or not (query.startswith(last.query) if short else narrows(query, last.query)):
            last = None
        if short:  # (a comprehension's `in`: half the time of mapping str.__contains__ over them)
            positions = last.positions if last is not None else self._shelf(view, index, everything)
            titles = index.titles
            if positions is everything:
                found = [p for p, title in enumerate(titles) if query in title]
            else:
                found = [p for p in positions if query in titles[p]]
        elif last is not None and self.library.same_search(query, last.query):
            return last.listing  # the letter typed leaves the search standing for the same words of the index
        else:
            hits = self.library.search_keys(query, catch_up=False)
            if last is None and view.shelf in (ALL, STARRED):  # the hits out of every entry at C speed, then the shelf among the hits only
                found = list(self._shelf(view, index, list(compress(everything, map(hits.__contains__, index.keys)))))
            else:  # among fewer: the last result, or a section's entries, known once it has been shown
                positions = last.positions if last is not None else self._shelf(view, index, everything)
                found = list(compress(positions, map(hits.__contains__, map(index.keys.__getitem__, positions))))
        listing = index.listing(found)
        self._last_search = _Search(among, query, found, listing)
        return listing

    def _shelf(self, view: View, index: Index, positions: Sequence[int]) -> Sequence[int]:
        """Those of these positions in `index` that the view's shelf holds."""
        entries = index.entries
        if view.shelf == STARRED:
            positions = [p for p in positions if entries[p].starred]
        elif view.shelf != ALL and len(positions) == len(entries):  # every entry: the shelf's own
            positions = index.shelf(view.shelf, view.by_source)
        elif view.shelf != ALL:
            shelf_of = source_of if view.by_source else section_of
            positions = [p for p in positions if shelf_of(entries[p]) == view.shelf]
        return [p for p in positions if not entries[p].read] if view.unread_only else positions
