"""The gazetteer: the places datelines name, shipped as data in `data/places.txt`.

It tells whether a word in dateline capitals is a known place, whether a word
is the way known place names begin or end (compound names such as OOSTKAPELLE
and GROESBEEK are made of parts that are places or look like rubrics), and how
a region that a URL names only by its slug is spelled.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from feeds.urls import slugify

# Words that stay in lower case inside a Dutch place name: Bergen op Zoom,
# Capelle aan den IJssel, Wijk bij Duurstede, Nieuw- en Sint Joosland.
_LOWER_WORDS = frozenset({"aan", "bij", "de", "den", "der", "en", "het", "in", "la", "of", "op", "over", "ten", "ter", "van"})


def fold(name: str) -> str:
    """Accents and curly apostrophes folded, one character for one: BOGOTÁ → BOGOTA, ’S- → 'S-."""
    return "".join("'" if c == "’" else unicodedata.normalize("NFKD", c)[0] for c in name)


def glue_points(name: str) -> list[int]:
    """Where a letter or digit meets the next one (or the apostrophe of 'S-): where a rubric can be glued to a name."""
    return [at for at in range(1, len(name)) if name[at - 1].isalnum() and (name[at].isalnum() or name[at] in "'’")]


def spelled(capitals: str) -> str:
    """A name in capitals as running text writes it: 'S-HERTOGENBOSCH → 's-Hertogenbosch."""
    words = []
    for position, word in enumerate(capitals.lower().split()):
        if position and word in _LOWER_WORDS:
            words.append(word)
            continue
        parts = []
        for part in word.split("-"):
            if part in ("'s", "'t"):
                parts.append(part)
            elif part.startswith("ij"):
                parts.append("IJ" + part[2:])
            else:
                parts.append(part[:1].upper() + part[1:])
        words.append("-".join(parts))
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class Gazetteer:
    places: frozenset[str]  # folded capitals
    beginnings: frozenset[str]  # every start of a known name that ends where two letters meet
    endings: frozenset[str]  # known places that end another known name where two letters meet
    by_slug: dict[str, str]  # URL slug → the name in capitals

    @classmethod
    def from_lines(cls, lines: list[str]) -> Gazetteer:
        names = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
        places = frozenset(fold(name) for name in names)
        beginnings = {name[:at] for name in places for at in glue_points(name)}
        endings = {name[at:] for name in places for at in glue_points(name) if name[at:] in places}
        return cls(places, frozenset(beginnings), frozenset(endings), {slugify(name): name for name in names})

    def is_place(self, name: str) -> bool:
        return fold(name) in self.places

    def begins_a_place(self, prefix: str) -> bool:
        """True for OOST (OOSTKAPELLE) or MOLEN (MOLENLANDEN): a beginning known names are made with."""
        return fold(prefix) in self.beginnings

    def ends_a_place(self, name: str) -> bool:
        """True for BEEK (GROESBEEK) or KAPELLE (WESTKAPELLE): a place that also ends other names."""
        return fold(name) in self.endings

    def place_named_by(self, text: str) -> str | None:
        """The known place that the last words of a heading name (`Nieuws uit Goes` → GOES), if any."""
        words = text.split()
        for first in range(max(0, len(words) - 4), len(words)):
            name = " ".join(words[first:]).upper()
            if self.is_place(name):
                return name
        return None

    def region(self, slug: str) -> str:
        """The region a URL slug names, spelled out: noord-beveland → Noord-Beveland."""
        return spelled(self.by_slug.get(slug) or slug)


@cache
def gazetteer() -> Gazetteer:
    """The shipped gazetteer, read once."""
    text = files("feeds.pages").joinpath("data", "places.txt").read_text(encoding="utf-8")
    return Gazetteer.from_lines(text.splitlines())
