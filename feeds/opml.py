"""OPML 2.0: lists of feeds, written for RSS readers and read from them (subscriptions)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import format_datetime

from feeds.errors import NieuwsError, why
from feeds.language import gettext as _
from feeds.urls import WHITE_SPACE

# The section of an outline whose category would not read back as it (one that starts with a slash, which OPML reads
# as a folder path: `/r/x` as `x`): nieuws-tui's own attribute, which other readers pass over, says it exactly.
NAMESPACE = "urn:nieuws-tui:opml"
SECTION = f"{{{NAMESPACE}}}section"


class OpmlError(NieuwsError, ValueError):
    """The document is not OPML this program can read."""


@dataclass(frozen=True, slots=True)
class Outline:
    title: str
    xml_url: str
    html_url: str | None = None
    category: str | None = None  # a section to file the feed's articles under


def write_opml(title: str, outlines: list[Outline], dated: bool = True) -> bytes:
    """`dated`: with a dateCreated of now. Not for one whose ETag is its hash (serve): made anew a second later, it would
    be another body, which every client downloads again."""
    from lxml import etree  # loaded only for OPML

    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = title
    if dated:
        etree.SubElement(head, "dateCreated").text = format_datetime(datetime.now(timezone.utc))
    body = etree.SubElement(root, "body")
    for outline in outlines:
        attributes = {"type": "rss", "text": outline.title, "title": outline.title, "xmlUrl": outline.xml_url}
        if outline.html_url:
            attributes["htmlUrl"] = outline.html_url
        if outline.category:
            attributes["category"] = outline.category
        if outline.category and _section_of(outline.category) != outline.category:
            attributes[SECTION] = outline.category
            etree.SubElement(body, "outline", attributes, nsmap={"nieuws-tui": NAMESPACE})
        else:
            etree.SubElement(body, "outline", attributes)
    document: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return document


def read_opml(data: bytes) -> tuple[list[Outline], list[str]]:
    """Every feed in an OPML document, also those inside folders (a folder's name becomes the category);
    then the names of the outlines that are neither a feed (they have no xmlUrl) nor a folder of feeds."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise OpmlError(_("not valid XML ({reason})").format(reason=why(error))) from None
    if root.tag != "opml" or root.find("body") is None:
        raise OpmlError(_("not an OPML document (no <opml> with a <body>)"))
    outlines, without_url = [], []
    for element in root.find("body").iter("outline"):
        xml_url = (element.get("xmlUrl") or element.get("xmlurl") or "").strip(WHITE_SPACE)
        if not xml_url:
            if element.find("outline") is None:
                without_url.append(element.get("title") or element.get("text") or element.get("htmlUrl") or "<outline/>")
            continue
        parent = element.getparent()
        folder = parent.get("text") or parent.get("title") if parent is not None and parent.tag == "outline" else None
        category = element.get(SECTION) or _section_of(element.get("category") or "") or folder
        title = element.get("title") or element.get("text") or xml_url
        outlines.append(Outline(title=title, xml_url=xml_url, html_url=element.get("htmlUrl") or None, category=category or None))
    return outlines, without_url


def _section_of(category: str) -> str | None:
    """The section an outline's category names. OPML 2.0's is comma-separated, slash-delimited paths
    ("/Harvard/Berkman,/Politics"): its first path's last name, as a feed in nested folders is filed under the one it
    is in. One without the leading slash is a name as `export-opml` writes it, commas and all."""
    if not category.startswith("/"):
        return category or None
    first = category.split(",", 1)[0]
    names = [name.strip(WHITE_SPACE) for name in first.split("/")]
    return next((name for name in reversed(names) if name), None)
