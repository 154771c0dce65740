"""Any feed up to the size cap is read in ≤ 2 s and ≤ 200 MB, or refused with a one-line reason.

Feeds the fast parser cannot read (ill-formed XML, older kinds of feed) go to
feedparser, which is pure Python: it is given only what it reads in 0.75 s
and in 2 MB, measured in the text as it reads it. What made it slow or
exhaust memory, each a class here: tags, attributes, references and lines by
the hundred thousand; a tag that never ends (its pattern for a tag keeps some
150 bytes a character); entities the feed declares, used by the thousand;
markup hidden by an encoding such as UTF-7. The fast parser and the articles
made of its entries have bounds of their own: the tags, attributes and
references of a feed (the fast parser keeps memory for each element it
collects and each one open, and caps no nesting; lxml, repairing a feed, for
each attribute and undefined entity), its entries, and the tags in their text
all together. Each pathological feed is read in a process of its own, which
gives its CPU time and peak memory.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from feedkit import ATOM, RSS2, feed_articles

from feeds.pages.bounds import (
    FEED_BOUNDS_SIZE,
    MAX_ALL_ATTRIBUTES,
    MAX_ENTITY_TEXT,
    MAX_FEED_ENTRIES,
    MAX_FEED_REFERENCES,
    MAX_FEED_TAGS,
    MAX_TAG_CHARS,
    MAX_TAGS,
    MAX_TOLERANT_BYTES,
    MAX_TOLERANT_TAGS,
    feed_bound,
)
from feeds.pages.syndication import FeedBeyondTheCap, NotAFeed, read_feed

SECONDS, MEGABYTES = 2.0, 200  # the bound, as for pages
# Atom without its namespace: well-formed XML that only feedparser reads. A bare `&` in its
# title makes it ill-formed too, for feedparser's loose parser.
UNKNOWN_ATOM = ATOM.replace(b' xmlns="http://www.w3.org/2005/Atom"', b"")
ILL_FORMED = UNKNOWN_ATOM.replace(b"<title>Atom Nieuws</title>", b"<title>Atom & Nieuws</title>")
ENTITY = b'<?xml version="1.0"?>\n<!DOCTYPE feed [\n<!ENTITY zee "%s">\n]>\n'
# Each entity ten of the one before: the last, named once in the feed, is 10**9 of the first.
_LAUGHS = b"".join(b'<!ENTITY lol%d "%s">' % (n, b"&lol%d;" % (n - 1) * 10 if n else b"lol") for n in range(10))
BILLION_LAUGHS = b'<?xml version="1.0"?>\n<!DOCTYPE feed [' + _LAUGHS + b"]>\n" + ATOM.split(b"?>", 1)[1].replace(b"onderhoud", b"&lol9;" * 1000)

# The peak is the process's high-water mark (VmHWM): ru_maxrss would carry over, through exec,
# that of the test process it was forked from.
_READ = """
import json, re, sys, time
from feeds.pages.syndication import NotAFeed, entry_articles, read_feed
data = sys.stdin.buffer.read()
started = time.process_time()
try:
    feed = read_feed(data, cap=int(sys.argv[1]))
    outcome = f"{len(entry_articles(feed.entries, feed.title, None, None, None).articles)} articles"
except NotAFeed as error:
    outcome = f"refused: {error}"
seconds = time.process_time() - started
with open("/proc/self/status") as status:
    peak = int(re.search(r"VmHWM:\\s*(\\d+) kB", status.read())[1]) / 1024
print(json.dumps([outcome, seconds, peak]))
"""


def read_alone(feed: bytes, cap: int = FEED_BOUNDS_SIZE) -> tuple[str, float, float]:
    """The outcome of reading `feed` (fetched under a size cap of `cap` bytes) in a process of its own, its CPU seconds and its peak memory in MB."""
    done = subprocess.run([sys.executable, "-c", _READ, str(cap)], input=feed, capture_output=True, check=True, timeout=60)
    outcome, seconds, megabytes = json.loads(done.stdout)
    return outcome, seconds, megabytes


def entry_holding(feed: bytes, text: bytes) -> bytes:
    return feed.replace(b"De brug is dicht voor onderhoud.", text)


@pytest.mark.parametrize(
    "feed",
    [
        UNKNOWN_ATOM,
        ILL_FORMED,
        UNKNOWN_ATOM.replace(b'encoding="utf-8"', b'encoding="utf-16"').decode().encode("utf-16"),
        b"""<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/">
<channel><title>Oud</title><link>http://example.org/</link><description>x</description></channel>
<item><title>Brug bij Zierikzee dicht</title><link>http://example.org/brug</link></item></rdf:RDF>""",
        (ENTITY % b"Zierikzee") + UNKNOWN_ATOM.split(b"?>", 1)[1].replace(b"Zierikzee", b"&zee;", 1),
    ],
    ids=["atom-without-namespace", "ill-formed", "utf-16", "rss-0.90", "declared-entity"],
)
def test_feeds_only_the_tolerant_parser_reads_are_read_as_before(feed):
    [article] = feed_articles(feed)
    assert article.title == "Brug bij Zierikzee dicht" and article.url == "http://example.org/brug"


def test_a_feed_of_many_entries_is_read_with_the_tolerant_parser_too():
    entry = ATOM.split(b"<entry>")[1].split(b"</entry>")[0]
    entries = b"".join(b"<entry>" + entry.replace(b"/brug", b"/brug/%d" % n) + b"</entry>" for n in range(500))
    assert len(read_feed(ILL_FORMED.replace(b"</feed>", entries + b"</feed>")).entries) == 501


@pytest.mark.parametrize(
    ("feed", "reason"),
    [
        (entry_holding(ILL_FORMED, b"<p>x</p>" * 20_000), f"more than {MAX_TOLERANT_TAGS:,} tags"),
        (entry_holding(ILL_FORMED, b"<p>x" * 20_000 + b"&amp;" * 60_000), "20,020 tags, 2 attributes, 60,013 references and 5 lines in 0.4 MB: more than 0.75 s of work"),
        (entry_holding(ILL_FORMED, b"<a " + b"y" * 1_000_000), f"a tag of more than {MAX_TAG_CHARS:,} characters"),
        (entry_holding(UNKNOWN_ATOM, b"&amp;" * 2_000_000), f"more than {MAX_TOLERANT_BYTES // 2**20} MB of text, entities expanded"),
        (entry_holding(ILL_FORMED, b"+ADw-p+AD4-x" * 100_000).replace(b'encoding="utf-8"', b'encoding="utf-7"'), f"more than {MAX_TOLERANT_TAGS:,} tags"),
    ],
    ids=["tags", "tags-and-references", "endless-tag", "10-mb-of-references", "tags-in-utf-7"],
)  # fmt: skip
def test_a_feed_beyond_what_the_tolerant_parser_reads_in_time_is_refused_saying_why(feed, reason):
    with pytest.raises(NotAFeed, match=f"^not readable by the fast parser, and too big for the tolerant one: {reason}$"):
        read_feed(feed)


@pytest.mark.parametrize("atom", [ATOM, UNKNOWN_ATOM], ids=["fast-parser", "tolerant-parser"])
def test_entities_a_feed_declares_are_read_up_to_a_bound_on_their_text_and_refused_beyond_it(atom):
    def with_entity(value: bytes, references: int) -> bytes:
        return (ENTITY % value) + atom.split(b"?>", 1)[1].replace(b"onderhoud", b"&zee;" * references)

    (entry,) = read_feed(with_entity(b"x" * 4000, MAX_ENTITY_TEXT // 4000)).entries
    assert (entry.content or "").count("x" * 4000) == MAX_ENTITY_TEXT // 4000
    with pytest.raises(NotAFeed, match=f"^its entities come to more than {MAX_ENTITY_TEXT // 2**20} MB of text$"):
        read_feed(with_entity(b"x" * 4000, MAX_ENTITY_TEXT // 4000 + 1))


def test_the_text_of_a_feeds_entries_holds_no_more_tags_than_a_page():
    items = b"".join(b"<item><title>%d</title><link>http://example.org/%d</link><description>&lt;b&gt;x&lt;/b&gt;</description></item>" % (n, n) for n in range(MAX_FEED_ENTRIES - 2))
    assert len(read_feed(RSS2.replace(b"</channel>", items + b"</channel>")).entries) == MAX_FEED_ENTRIES  # 20,000 tags in their text
    with pytest.raises(NotAFeed, match=f"^more than {MAX_TAGS:,} tags in the text of its entries$"):
        read_feed(RSS2.replace(b"</channel>", items.replace(b"&lt;b&gt;x&lt;/b&gt;", b"&lt;b&gt;x&lt;/b&gt;" * 6) + b"</channel>"))


def test_the_summaries_read_for_contents_without_text_count_too():
    """An entry whose content has no text is read from its summary, whose tags were not counted."""
    summary = b"&lt;b&gt;x&lt;/b&gt;" * 6
    item = b"<item><title>%d</title><link>http://example.org/%d</link><description>" + summary + b"</description><content:encoded>&lt;p&gt;&lt;/p&gt;</content:encoded></item>"
    rss = RSS2.replace(b"<rss ", b'<rss xmlns:content="http://purl.org/rss/1.0/modules/content/" ').replace(b"</channel>", b"".join(item % (n, n) for n in range(MAX_FEED_ENTRIES - 2)) + b"</channel>")
    with pytest.raises(NotAFeed, match=f"^more than {MAX_TAGS:,} tags in the text of its entries$"):
        read_feed(rss)


def test_a_feed_bigger_than_the_default_size_cap_may_hold_as_much_more_as_it_is_bigger():
    # A cap raised with --max-size reads feeds of more entries: 10,000 full articles are 25 MB.
    count = MAX_FEED_ENTRIES * 11 // 10
    item = b"<item><title>%d</title><link>http://example.org/%d</link><description>&lt;p&gt;" + b"x" * 1000 + b"&lt;/p&gt;&lt;h2&gt;y&lt;/h2&gt;</description></item>"
    items = b"".join(item % (n, n) for n in range(count))
    big = RSS2.replace(b"</channel>", items + b"</channel>")
    assert len(big) > FEED_BOUNDS_SIZE * 1.1
    assert len(read_feed(big).entries) == count + 2
    small = RSS2.replace(b"</channel>", items.replace(b"x" * 1000, b"x") + b"</channel>")
    with pytest.raises(NotAFeed, match=f"^more than {MAX_FEED_ENTRIES:,} entries$"):
        read_feed(small)


def test_a_big_feed_of_short_entries_is_read_under_a_cap_raised_for_it_and_refused_under_the_default_one():
    """20,000 items of 14 tags in 12 MB: more tags for their size than the bounds of the default cap allow."""
    item = (
        b"<item><title>Bericht %d over de brug bij Zierikzee</title><link>https://example.org/nieuws/%d</link><guid>https://example.org/nieuws/%d</guid>"
        b"<pubDate>Mon, 01 Jun 2026 12:00:00 +0200</pubDate><category>Zeeland</category><description>ZIERIKZEE - " + b"Kort nieuws. " * 26 + b"</description></item>"
    )
    items = b"".join(item % (n, n, n) for n in range(MAX_FEED_ENTRIES * 2 - 2))
    feed = RSS2.replace(b"</channel>", items + b"</channel>")
    assert 12e6 < len(feed) < 13e6 and feed.count(b"<") > feed_bound(MAX_FEED_TAGS, len(feed))
    with pytest.raises(FeedBeyondTheCap, match="^more than [0-9,]+ tags$"):
        read_feed(feed)
    assert len(read_feed(feed, cap=20 * 1024 * 1024).entries) == MAX_FEED_ENTRIES * 2


def test_the_bounds_of_a_feed_grow_in_proportion_to_a_raised_cap():
    tags = b"<x/>" * (MAX_FEED_TAGS + 1)  # 0.8 MB
    for cap in (FEED_BOUNDS_SIZE // 10, FEED_BOUNDS_SIZE):
        with pytest.raises(FeedBeyondTheCap, match=f"^more than {MAX_FEED_TAGS:,} tags$"):
            read_feed(ATOM.replace(b"</entry>", tags + b"</entry>"), cap=cap)
    assert len(read_feed(ATOM.replace(b"</entry>", tags + b"</entry>"), cap=FEED_BOUNDS_SIZE * 11 // 10).entries) == 1
    with pytest.raises(FeedBeyondTheCap, match=f"^more than {MAX_FEED_TAGS * 3:,} tags$"):
        read_feed(ATOM.replace(b"</entry>", tags * 3 + b"</entry>"), cap=FEED_BOUNDS_SIZE * 3)


def test_a_feed_with_more_elements_than_the_fast_parser_keeps_in_memory_is_refused_however_they_nest():
    links = b'<link href="http://example.org/a"/>' * MAX_FEED_TAGS
    for kept in (links, b"<td>" * MAX_FEED_TAGS):
        with pytest.raises(NotAFeed, match=f"^more than {MAX_FEED_TAGS:,} tags$"):
            read_feed(ATOM.replace(b"</entry>", kept + b"</entry>"))


def test_a_feed_with_more_attributes_than_a_page_is_refused_before_the_fast_parser_repairs_it():
    attributes = b"<img " + b" ".join(b"a%d='1'" % n for n in range(100)) + b"/>"
    repaired = ATOM.replace(b"Atom Nieuws", b"Atom & Nieuws")  # ill-formed: lxml builds every attribute
    assert len(read_feed(repaired.replace(b"</entry>", attributes * (MAX_ALL_ATTRIBUTES // 100 - 10) + b"</entry>")).entries) == 1
    with pytest.raises(NotAFeed, match=f"^more than {MAX_ALL_ATTRIBUTES:,} attributes$"):
        read_feed(repaired.replace(b"</entry>", attributes * (MAX_ALL_ATTRIBUTES // 100 + 1) + b"</entry>"))


def test_character_and_entity_references_beyond_the_bound_are_refused_but_escaped_text_is_not_counted():
    escaped = RSS2.replace(b"De veerboot vaart weer volgens schema.", b"&lt;b&gt;&quot;x&quot;&amp;&apos;&lt;/b&gt; " * MAX_FEED_REFERENCES)
    assert len(read_feed(escaped).entries) == 2
    for reference in (b"&#233;", b"&nbsp;"):
        with pytest.raises(NotAFeed, match=f"^more than {MAX_FEED_REFERENCES:,} character or entity references$"):
            read_feed(RSS2.replace(b"De veerboot vaart weer volgens schema.", reference * (MAX_FEED_REFERENCES + 1)))


def test_one_entry_beyond_the_bounds_of_a_page_costs_only_that_entry_not_the_feed():
    flood = RSS2.replace(b"De veerboot vaart weer volgens schema.", b"&lt;b&gt;x&lt;/b&gt;" * MAX_TAGS)
    assert [a.title for a in feed_articles(flood)] == ["Dijk bij Vlissingen versterkt"]


_ATTRIBUTES = b"<x " + b" ".join(b'a%d=""' % n for n in range(120)) + b"/>"
_MINIMAL_ITEMS = RSS2.replace(b"</channel>", b"".join(b"<item><link>http://x.nl/%d</link></item>" % n for n in range(240_000)) + b"</channel>")


@pytest.mark.parametrize(
    ("feed", "outcome"),
    [
        (_MINIMAL_ITEMS, "refused: "),  # 10 MB: 4 s and 250 MB before
        (_MINIMAL_ITEMS.decode().encode("utf-16"), "refused: "),
        (entry_holding(ATOM, b"<td>" * 990_000), "refused: "),  # 370 MB before: the fast parser keeps ~300 bytes a level
        (entry_holding(ATOM, b"<td>" * (MAX_FEED_TAGS - 20)), "1 articles"),
        (ATOM.replace(b"</entry>", b'<link href="http://example.org/a"/>' * (MAX_FEED_TAGS - 20) + b"</entry>"), "1 articles"),
        (ATOM.replace(b"Atom Nieuws", b"Atom & Nieuws").replace(b"</entry>", _ATTRIBUTES * 12_000 + b"</entry>"), "refused: "),  # 390 MB before
        (entry_holding(ATOM.replace(b"Atom Nieuws", b"Atom & Nieuws"), b"&x;" * 2_500_000), "refused: "),  # 607 MB before
        (entry_holding(ATOM, b"&#233;" * 1_700_000), "refused: "),  # 1.6 s and 320 MB before
        (entry_holding(ILL_FORMED, b"<a " + b"y" * 4_000_000), "refused: "),  # feedparser: 700 MB for this one tag before
        ((ENTITY % (b"x" * 4000)) + UNKNOWN_ATOM.split(b"?>", 1)[1].replace(b"onderhoud", b"&zee;" * 20_000), "refused: "),  # 80 kB: 3.6 s and 450 MB before
        ((ENTITY % (b"x" * 4000)) + ATOM.split(b"?>", 1)[1].replace(b"onderhoud", b"&zee;" * 20_000), "refused: "),
        (BILLION_LAUGHS, "1 articles"),
        (entry_holding(UNKNOWN_ATOM, b"&amp;" * 2_000_000), "refused: "),  # 6 s before
        (entry_holding(ILL_FORMED, b"<a href=x>" * 10_000), "1 articles"),  # within feedparser's bounds: read
    ],
    ids=["240,000-entries", "240,000-entries-in-utf-16", "990,000-deep", "199,980-deep", "199,980-links", "1,440,000-attributes", "2,500,000-undefined-entities", "1,700,000-character-references", "endless-tag", "declared-entities", "declared-entities-fast", "billion-laughs", "10-mb-of-references", "10,000-links"],
)  # fmt: skip
def test_a_pathological_feed_is_read_or_refused_within_two_seconds_and_200_mb(feed, outcome):
    result, seconds, megabytes = read_alone(feed)
    assert result.startswith(outcome) and "\n" not in result
    assert seconds <= SECONDS and megabytes <= MEGABYTES, (result, seconds, megabytes)


@pytest.mark.parametrize(
    ("feed", "outcome"),
    [
        (_MINIMAL_ITEMS, "refused: more than 400,000 tags"),
        (entry_holding(ATOM, b"<td>" * 990_000), "refused: more than 400,000 tags"),
        (entry_holding(ATOM, b"<td>" * (2 * MAX_FEED_TAGS - 20)), "1 articles"),
        (ATOM.replace(b"</entry>", b'<link href="http://example.org/a"/>' * (2 * MAX_FEED_TAGS - 20) + b"</entry>"), "1 articles"),
        (entry_holding(ATOM, b"&#233;" * 1_700_000), "refused: more than 400,000 character or entity references"),
    ],
    ids=["240,000-entries", "990,000-deep", "399,980-deep", "399,980-links", "1,700,000-character-references"],
)  # fmt: skip
def test_under_a_cap_twice_the_default_a_pathological_feed_costs_at_most_twice_as_much(feed, outcome):
    """The bounds follow the cap the user chose (fetch --max-size 20), and so does what a hostile feed within it may cost."""
    result, seconds, megabytes = read_alone(feed, cap=2 * FEED_BOUNDS_SIZE)
    assert result.startswith(outcome) and "\n" not in result
    assert seconds <= 2 * SECONDS and megabytes <= 2 * MEGABYTES, (result, seconds, megabytes)
