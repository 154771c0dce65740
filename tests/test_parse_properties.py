"""Properties that hold for any input: the parser never crashes, slugs are clean and stable."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CAPTURED
from feeds.clean import clean_text
from feeds.encoding import NotText, decode_page
from feeds.parse import NotANewsPage, PageTooComplex, parse_page
from feeds.urls import slugify

SLUG = re.compile(r"^(?:[a-z0-9]+(?:-[a-z0-9]+)*)?$")
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text made of the pieces pages are made of, so the parser's paths are all taken.
_PIECES = st.sampled_from([
    "Webmail", "Meer uit Buitenland", "Meer uit ", "25 minuten geleden", "1 uur ge", "gisteren", "maandag 3 november 2025",
    "Editie: NL & Wereld | Zeeland", "ANP Kabinet valt", "MOSKOU (ANP/RTR) - De trein is aangekomen.", "GOES - ",
    "Onderhandelingen", "Een lange zin met een punt aan het eind, zoals een alinea.", "(", " - ", "\u202e", "\x1b[2J", "",
])  # fmt: skip
_PAGE_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=80)), max_size=40).map(
    lambda parts: "\n".join(parts)
)
_TAGS = st.sampled_from(["p", "div", "h1", "h2", "h3", "li", "ul", "a", "span", "time", "article", "main", "aside", "script", "nav", "b"])


@st.composite
def _html(draw) -> str:
    out = []
    for _ in range(draw(st.integers(0, 30))):
        tag = draw(_TAGS)
        out.append(f"<{tag}>{draw(st.one_of(_PIECES, st.text(max_size=40)))}")
        if draw(st.booleans()):
            out.append(f"</{tag}>")
    return "<html><body>" + "".join(out)


def _parses_or_says_why(content: str, html: bool) -> None:
    try:
        page = parse_page(content, CAPTURED, html=html)
    except (NotANewsPage, PageTooComplex):
        return
    for article in page.articles:
        assert article.title and article.id and article.url.startswith("http")
        for text in (article.title, article.lead, *(b.text for b in article.body)):
            assert "\x1b" not in text and "\u202e" not in text


@FAST
@given(_PAGE_TEXT)
def test_the_parser_never_raises_on_arbitrary_text(content):
    _parses_or_says_why(content, html=False)


@FAST
@given(_html())
def test_the_parser_never_raises_on_arbitrary_html(content):
    _parses_or_says_why(content, html=True)


def test_the_parser_survives_html_nested_far_deeper_than_recursion_allows():
    _parses_or_says_why("<div>" * 20_000 + "<h1>Titel</h1><p>GOES - Er is iets gebeurd in Goes vandaag, zegt de gemeente.</p>", html=True)


@FAST
@given(st.binary(max_size=2000))
def test_decoding_never_raises_anything_but_not_text(raw):
    try:
        text = decode_page(raw)
    except NotText:
        return
    assert isinstance(text, str)


@FAST
@given(st.text())
def test_slugs_are_url_safe(title):
    assert SLUG.match(slugify(title))


@FAST
@given(st.text())
def test_slugs_are_stable(title):
    slug = slugify(title)
    assert slugify(title) == slug
    assert slugify(slug) == slug


def test_slugs_fold_accents_and_follow_the_site():
    assert slugify("Eén op de vijf Zeeuwen: ‘geen’ café!") == "een-op-de-vijf-zeeuwen-geen-cafe"
    assert slugify("Burgemeester Apeldoorn over explosie: had anders kunnen aflopen") == (
        "burgemeester-apeldoorn-over-explosie-had-anders-kunnen-aflopen"
    )
    assert slugify("NOC*NSF -- 51e persconferentie  ") == "noc-nsf-51e-persconferentie"


@FAST
@given(st.text())
def test_cleaning_removes_every_control_character_but_newlines(text):
    cleaned = clean_text(text)
    assert not any((ord(c) < 32 and c != "\n") or 0x7F <= ord(c) < 0xA0 for c in cleaned)
    assert clean_text(cleaned) == cleaned
