"""What the library keeps when a story it has is seen again."""

from __future__ import annotations

import re

from feeds.model import Article, Link
from feeds.pages.syndication import excerpt_end
from feeds.urls import normalize_url


def merge(
    old: Article | None, new: Article, outranks: bool = False, moved: bool = False, text_source_gone: bool = False, outranks_text: bool = False
) -> Article:
    """The stored story after seeing `new`; `old` is what the library had. `outranks`: `new` comes from a source that
    files a story two sources carry before the one `old` is filed by (Writer.filing). `moved`: `new` is the story
    at another link, known by its feed's guid (Writer._known_by_guid). `text_source_gone`: the source whose text `old`
    shows is no longer one of config.toml's (Writer._text_source_gone). `outranks_text`: `new` comes from a source
    that files a story before the one whose text `old` shows would (Writer.filing; any of them, before one that is
    gone or no source of config.toml).

    - Full text is never replaced by a teaser of the same story, but a teaser
      may tell what the full page did not (its section, its date). Nor is a
      full text with paragraphs after its lead replaced by one of the lead alone
      (a feed's content of one paragraph, of a story whose page the library has);
      nor one of several paragraphs by its opening far shorter (_cut_short: its
      first words, perhaps ending in `[…]` or `Lees verder`, a feed switched to
      summary mode): the story keeps its text, dateline and links, and takes
      the new title and date, as of a teaser cut short below. A shorter text
      of other words, or without paragraphs of its middle, is an editor's: taken.
      Nor is a summary of several paragraphs replaced by a full text that tells
      less (_cut_short: its opening, a feed's content:encoded of the first
      paragraph of its description, or one far shorter): the story keeps the
      summary, a teaser still, and takes the new title and date. A full text
      that tells as much, the whole article after its summary, is taken.
    - Every resolved age is an upper bound (the site rounds ages down), so the
      earliest `published` seen is the closest to the truth; its age text goes with it.
      But one earlier only within the second of the date known (a feed's `updated`
      to the millisecond, edited) leaves that date: every date is shown, exported
      and served in whole seconds, so nothing seen would change, and the story
      would be counted updated and written again for nothing.
    - A title made up from the lead never replaces one the site gave.
    - A teaser without a lead (a ticker line) never erases the lead, and the
      dateline that goes with it, that another page showed; the links of that
      text go with it too. Nor does a teaser without a body that has no lead or
      repeats the lead of another teaser of the story (a section page's teaser of a feed's
      summary of several paragraphs, another source's, one not known) erase that summary's body; its dateline
      and links go with it. A teaser with a lead of its own is the story's
      text now, as a feed's corrected summary is, shorter or not, its links
      taken out too: where it is the source whose text the story shows. So
      is that source's teaser of the summary's lead alone: its editor took
      the paragraphs after it out (a name, for privacy), as from a full text.
      But not one far shorter (_cut_short: under a quarter of the text) than
      a stored teaser of several paragraphs: that is a feed that cut its item
      to an excerpt (the whole article in its description, taken for a
      summary, then a line of it), and the story keeps its text, dateline
      and links, and takes only the new title and date. A summary edited to
      about its length is taken still.
    - The story shows one source's text (text_source; where none is named,
      that of the source it is filed by). A sighting of that source gives it
      its text by the rules above; so does one of an unknown source (a file
      whose name the library cannot store; a story stored before sources
      were recorded). One of another source gives it its text where that
      is fuller, or as full and of a source that outranks the one whose
      text it shows (outranks_text): the text a fetch of several leaves is
      then the fullest, of the first of them in config.toml's order among
      those as full, whichever answered first; and no two take it back in
      turn. Where the source whose text it
      shows is no longer among those of config.toml, the source it is filed
      by corrects it again, by these rules (a teaser never replaces a full
      text): else it would take its own source's corrections no more. Its
      text stays that of the source it came from until it changes. Either of
      two accounts of one address is that one source: their stories are
      stored without the user name. A sighting of another source gives it
      its text only where that is fuller (_fuller: a full text over a teaser
      but one cut short of it, else one of more paragraphs, as a summary of several over one of its
      lead alone); else it only tells what the story lacks: a lead where it
      has none and its text does not hold it already (one that opens with a
      heading holds the lead another reading took: entry_article), with its
      dateline and links; the links of the same text
      where it has none (stored before links were kept); and, by the rules
      here, a dateline, an earlier date, an author, the files of its item (enclosures), a title, a section. Else
      the story would show the text of whichever saw it last, counted
      updated at every fetch of the two. Whichever source's text the story
      takes is the one it shows from then on. A titled sighting of the
      story's untitled rendering (another id: Writer._identify) gives it its
      text, with its id and link.
    - A sighting without a dateline (a feed that leaves it out of the text)
      never erases the place, agencies and rubric another gave the same lead.
    - An author, once known, stays known.
    - A story stays filed where its source filed it: in the section it has,
      and known to come from that source, whichever sighting's text is kept.
      A sighting of the same source that tells a section files it anew (the
      site refiled it). One of another source (a second feed carrying the
      story, a page imported from a file) leaves it: else the story would
      go to the section, and the source, of whichever saw it last, and be
      counted updated at every fetch of the two. Except by a source that
      outranks its own: a source of config.toml with a section of its own
      before one without, else the one listed first (Writer.filing), so that
      where the story is filed depends on neither which source stored it first
      nor which answered first in a fetch of both. A story filed under no
      section is filed by the first sighting that tells one (a teaser may
      tell what the full page did not), source and all; and so is one stored
      before sources were recorded.
    - A story that moved to another link is at that link now, and stays
      filed where it was (a newsboat import files a story by its feed's
      title where a fetch filed it by its category). It keeps the link it
      was first stored at (first_url), which exports know it by; none once
      it is back there. Only a move takes it elsewhere: a sighting at its
      first link known by its id alone (another source of it without the
      guid) leaves it where it moved, else the two sources would move it
      back and forth at every fetch, counted updated each time.
    - A sighting at the story's link with the '/' its path ends in gives
      it that link (_slash_kept): stories were stored without it. Exports
      know it by the one it was stored at (first_url).
    - A sighting that differs from the story only in the query strings of
      its links' addresses (the same words, at the same places, to the same
      paths) leaves it as it was: image servers sign their addresses, or bust
      caches, with a query string made anew at every fetch (`?itok=…`,
      `?w=…&sig=…`), and each story with a picture was counted updated, and
      written again, every time. The path names the picture: a new path, or
      new words, is another link. A sighting that changes anything else takes
      the new addresses along with it (the stored ones may expire).
    """
    if old is None:
        return new
    text = old.text_source or old.source  # whose text the story shows
    shown = old.source if text_source_gone else text  # whose sightings correct it
    # (Another id: a titled sighting of the story's untitled rendering, whose id the story takes, text and all.)
    another = old.id == new.id and None not in (shown, new.source) and new.source != shown
    less = new.kind == "teaser" or (not new.body and bool(old.body))
    keeps_text = another and not (_fuller(new, old) or (outranks_text and not _fuller(old, new)))
    base, other = (old, new) if keeps_text or (old.kind == "full" and less) else (new, old)
    # (A teaser of the lead alone of the source whose text the story shows is its correction: a summary's paragraphs taken out.)
    corrects = base is new and new.source is not None and new.source == text
    longer_text = (base is new and _cut_short(new, old)) or (
        base.is_teaser and bool(other.body) and not base.body and (not base.lead or (base.lead == other.lead and not corrects))
    )
    if longer_text or (not base.lead and other.lead and not any(block.text.endswith(other.lead) for block in base.body)):
        base = base.with_changes(
            lead=other.lead,
            body=other.body if longer_text else base.body,
            place=other.place,
            agencies=other.agencies,
            rubric=other.rubric,
            links=other.links,
            kind=other.kind if longer_text else base.kind,  # (a summary kept over a full text of its opening is one still)
        )
    if not base.place and other.place and base.lead == other.lead:
        base = base.with_changes(place=other.place, agencies=other.agencies, rubric=other.rubric)
    if keeps_text and not base.links and (base.lead, base.body) == (new.lead, new.body):
        base = base.with_changes(links=new.links)
    refiles = bool(new.section) and (not old.section or (not moved and (old.source in (None, new.source) or outranks)))
    filed = new if refiles else old
    published, age = base.published, base.age
    if other.published and (published is None or other.published < published):
        published, age = other.published, other.age
    if old.published and published and old.published.replace(microsecond=0) == published.replace(microsecond=0):
        published, age = old.published, old.age
    title, derived = base.title, base.title_from_lead
    if derived and not other.title_from_lead:
        title, derived = other.title, False
    text_source = text if (base.lead, base.body) == (old.lead, old.body) else new.source
    url = new.url if moved else old.url if old.first_url is not None else base.url
    if _slash_kept(url, new.url):
        url = new.url
    # (Exports know a story by the link it was first stored at: one that took its slash is no new item to their readers.)
    first_url = (old.first_url or old.url) if moved or _slash_kept(old.url, url) else old.first_url
    merged = base.with_changes(
        url=url,
        first_url=first_url if first_url != url else None,
        published=published,
        age=age,
        section=filed.section,
        source=filed.source,
        text_source=text_source if text_source != filed.source else None,
        author=base.author or other.author,
        enclosures=base.enclosures or other.enclosures,  # (a sighting from a source without them, or of before them, loses none)
        title=title,
        title_from_lead=derived,
    )
    if merged.links != old.links and _alike_but_queries(merged.links, old.links) and merged.with_changes(links=old.links) == old:
        return old
    return merged


def _alike_but_queries(links: tuple[Link, ...], than: tuple[Link, ...]) -> bool:
    """Whether two stories' links are the same but for the query strings of their pictures' addresses, or for the
    signatures, expiry times and cache-busters in another's (`?sig=…&expires=…`, Amazon's and Google's signed
    addresses). Not the rest of another link's query string: it may be what the link points to (`watch?v=…`,
    `artikel.php?id=…`), and a corrected one is taken."""
    return len(links) == len(than) and all(
        link == other
        or ((link.text, link.end, link.url.partition("?")[0]) == (other.text, other.end, other.url.partition("?")[0]) and (_picture(link) or _lasting(link.url) == _lasting(other.url)))
        for link, other in zip(links, than, strict=True)
    )


# The query parameters a server makes anew at each request of a feed: a signature, its time and expiry, a cache-buster.
_VOLATILE = re.compile(r"(?i)(?:sig|signature|token|expires?|exp|itok|hmac|policy|key-pair-id|cb|cachebuster|_|x-(?:amz|goog)-[\w-]+)")


def _lasting(url: str) -> list[str]:
    """The parameters of an address's query string but those a server makes anew at each request (_VOLATILE)."""
    return [parameter for parameter in url.partition("?")[2].split("&") if not _VOLATILE.fullmatch(parameter.partition("=")[0])]


def _picture(link: Link) -> bool:
    """Whether a link is a picture's: named by its words in brackets (`[De brug]`), or none, as a feed entry's images are
    (html.py), or at the address of an image file."""
    return not link.text or link.alt_text is not None or link.picture_file


# A stored text of this many paragraphs is more than a feed's lead and a line after it (`Lees verder`); a later one of
# under a quarter of its characters is no edit of it, but the item cut to an excerpt.
_SEVERAL_PARAGRAPHS = 3
_CUT_SHORT = 4


def _cut_short(text: Article, than: Article) -> bool:
    """Whether a text is far shorter than another of its kind of several paragraphs: the same story cut to an excerpt.
    A teaser is, whatever its words (a feed's summary cut to a line of it). A full text only where it is the other's
    opening (_opening_of: a feed switched to WordPress's summary mode, a CMS that cut its content short): one of
    other words, or without paragraphs the other has, is an editor's shorter text, taken as a correction. A full text
    is, of a teaser of several paragraphs, where it is far shorter, or shorter and its opening (a feed's content:encoded
    of the first paragraph of its description of four): it tells less than that summary, whatever its kind."""
    if text.kind not in (than.kind, "full") or 1 + len(than.body) < _SEVERAL_PARAGRAPHS:
        return False
    chars, than_chars = _chars(text), _chars(than)
    if text.kind != than.kind:
        return chars < than_chars and (_CUT_SHORT * chars < than_chars or _opening_of(text, than))
    return _CUT_SHORT * chars < than_chars and (text.is_teaser or _opening_of(text, than))


def _chars(text: Article) -> int:
    return len(text.lead) + sum(len(block.text) for block in text.body)


def _opening_of(text: Article, than: Article) -> bool:
    """Whether a text's words are the first words of another's, but for the end that marks it an excerpt (`[…]`, `…`,
    `Lees verder »`, or an ellipsis and a pointer: excerpt_end); of one that ends so, the last word may be cut off."""
    *paragraphs, last = (text.lead, *(block.text for block in text.body))
    excerpt = False
    for _end in range(2):  # an ellipsis, and a pointer after it; no more (a line of ellipses is no search for each)
        if (end := excerpt_end(last)) is not None:
            last, excerpt = last[:end].rstrip(), True
    words = " ".join((*paragraphs, last)).split()
    opening = " ".join((than.lead, *(block.text for block in than.body))).split()[: len(words)]
    return (
        bool(words)
        and len(opening) == len(words)
        and words[:-1] == opening[:-1]
        and (opening[-1] == words[-1] or (excerpt and opening[-1].startswith(words[-1])))
    )


def _fuller(text: Article, than: Article) -> bool:
    """Whether a text tells more of the story than another: a full text more than a teaser, but for one cut short of
    it (_cut_short: a summary of paragraphs tells more than a full text of its opening), then more paragraphs."""
    if _cut_short(text, than) or _cut_short(than, text):
        return _cut_short(than, text)
    return (text.kind == "full", len(text.body)) > (than.kind == "full", len(than.body))


def _slash_kept(url: str, seen: str) -> bool:
    """Whether a sighting's link `seen` is the story's `url` with the '/' its path ends in, which links were stored
    without until link_url: a server that does not redirect `/post` to `/post/` answers 404 at the stored one. So too
    an item's link told apart by its guid (urls.item_link), the fragment the same. Taken only that way, else two
    sources of the two spellings would change the link at every fetch of them."""
    address, fragment = url.partition("#")[::2]
    seen_address, seen_fragment = seen.partition("#")[::2]
    return (seen_fragment, "#" in seen) == (fragment, "#" in url) and len(seen_address) > len(address) and normalize_url(seen_address) == normalize_url(address)
