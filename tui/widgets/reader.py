"""The reader: one article, its meta line, lead, body with sub-headings, and its URL."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from feeds import N_, Article, Entry, terminal_safe, web_url
from feeds import gettext as _

from ..formatting import when
from ..keys import SpeaksTheLanguage

TEASER_NOTE = N_("This is a teaser: the full text is not in the library yet. Press r to fetch your sources, or import the article's page with `nieuws-tui import PAGE`.")
# A feed item of another site: no fetch or import of ours will bring more of it.
SUMMARY_NOTE = N_("Summary only: the feed carries no more of this article. Press o to read it in your browser.")


def meta_line(article: Article, entry: Entry, now: datetime) -> str:
    """`PLACE · ANP/RTR · Jan Jansen · 25 min geleden (1 jun 14:30) · Buitenland`"""
    parts = [article.place, "/".join(article.agencies), article.author, when(entry, now), article.section]
    return terminal_safe(" · ".join(p for p in parts if p))


def links_list(article: Article) -> list[str]:
    """The links of the text as newsboat lists them, numbered for `o N`: `[1] het rapport: https://…`"""
    return [terminal_safe(f"[{number}] {link.text + ': ' if link.text else ''}{link.url}") for number, link in enumerate(article.links, 1)]


def article_content(article: Article, entry: Entry, now: datetime, source_title: str | None = None) -> Content:
    """The article as the reader shows it; every stored string passes the terminal sanitiser on its way.
    `source_title`: what the sidebar by source names its source by, where that is a title."""
    parts: list[str | tuple[str, str]] = [
        (terminal_safe(article.title), "bold $text"),
        "\n",
        (meta_line(article, entry, now) + ("  ★" if entry.starred else ""), "$text-muted"),
        "\n\n",
    ]
    if article.rubric:
        parts += [(terminal_safe(article.rubric), "bold $secondary"), "\n"]
    if article.lead:
        parts += [(terminal_safe(article.lead), "bold" if article.body else ""), "\n\n"]
    for block in article.body:
        text = terminal_safe(block.text)
        parts += [(text, "bold $accent") if block.kind == "subheading" else text, "\n\n"]
    if article.links:
        parts += [(_("Links"), "bold $accent"), "\n", *(part for line in links_list(article) for part in (line, "\n")), "\n"]
    if article.is_zeelandnet_teaser:
        parts += [(_(TEASER_NOTE), "italic $warning"), "\n\n"]
    elif article.is_teaser:
        parts += [(_(SUMMARY_NOTE), "italic $warning"), "\n\n"]
    parts.append((terminal_safe(article.url), "underline $text-muted"))
    if article.source:
        parts += ["\n", (source_line(article.source, source_title), "$text-muted")]
    return Content.assemble(*parts)


def source_line(source: str, title: str | None = None) -> str:
    """Where the article came from: a feed or page by its whole address, an imported file by its name
    (`list --json` has the whole path); after the source's title, where it has one, whole as the sidebar
    by source may have no room for it, and the address with it: the title names, the address tells where."""
    if web_url(source):
        line = _("From {title} ({source})").format(title=title, source=source) if title else _("From {source}").format(source=source)
    else:
        name = Path(source).name
        line = _("Imported from {title} ({file})").format(title=title, file=name) if title else _("Imported from {file}").format(file=name)
    return terminal_safe(line)


class ArticleReader(SpeaksTheLanguage, VerticalScroll, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_down", N_("Scroll down"), show=False, id="reader.down"),
        Binding("k,up", "scroll_up", N_("Scroll up"), show=False, id="reader.up"),
        Binding("g,home", "scroll_home", N_("Top"), show=False, id="reader.top"),
        Binding("G,end", "scroll_end", N_("Bottom"), show=False, id="reader.bottom"),
        Binding("q", "app.go_back", N_("Back"), tooltip=N_("Back to the list (as in newsboat; q in the list quits)"), id="reader.back"),
    ]

    article: Article | None = None  # the one shown, with its text

    def compose(self) -> ComposeResult:
        yield Static(id="reader-text")

    def show(self, article: Article, entry: Entry, now: datetime, source_title: str | None = None, keep_scroll: bool = False) -> None:
        """Show an article from its top; with `keep_scroll`, the same one again where the reader is."""
        self.article = article
        self.query_one("#reader-text", Static).update(article_content(article, entry, now, source_title))
        if not keep_scroll:
            self.scroll_home(animate=False)

    def show_message(self, message: str) -> None:
        self.article = None
        self.query_one("#reader-text", Static).update(Content.assemble((message, "$text-muted")))
        self.scroll_home(animate=False)

    @property
    def at_end(self) -> bool:
        return self.scroll_y >= self.max_scroll_y

    def page_down(self) -> None:
        self.scroll_page_down(animate=False)
