"""The language nieuws-tui speaks to its user: Dutch for a Dutch locale, English otherwise.

Messages are written in English in the code, marked `_("...")` (and `ngettext`
for counts), and looked up in the catalog of the interface's language: the
compiled `locale/<language>/LC_MESSAGES/nieuws-tui.mo` beside this module,
made from the `.po` next to it by `tools/catalogs.py`. English has a catalog of
its own, in which every message says itself: gettext falls back from one catalog
to the next in the list of preferences, and `LANGUAGE=en:nl` must give English.

The language is decided once, on first use, from the environment the way
gettext reads it: the first of LANGUAGE, LC_ALL, LC_MESSAGES and LANG that is
set, a colon-separated list of preferences in LANGUAGE, each tried as
`nl_BE.UTF-8`, `nl_BE`, `nl.UTF-8`, `nl`. A locale with no catalog (C,
de_DE) gets English.

What is translated is what the program says. What it stores and passes on is
never translated: article text, titles and sections from pages and feeds, JSON
fields, and the machine-readable words of command output.
"""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path

DOMAIN = "nieuws-tui"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
ENGLISH = "en"

_catalog: _gettext.NullTranslations | None = None


def requested_languages(environ: Mapping[str, str]) -> list[str]:
    """The languages an environment asks for, most wanted first, read as gettext reads them."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        if value := environ.get(variable):
            return value.split(":")
    return []


def choose_language(environ: Mapping[str, str]) -> str:
    """Speak the language this environment asks for from now on; which one that is ('nl' or 'en').

    Called on first use with the process's environment.
    """
    global _catalog
    _catalog = _gettext.translation(DOMAIN, LOCALE_DIR, requested_languages(environ), fallback=True)
    return language()


def _current() -> _gettext.NullTranslations:
    if _catalog is None:
        choose_language(os.environ)
    assert _catalog is not None
    return _catalog


def language() -> str:
    """The interface's language as a code: 'nl' or 'en'."""
    return _current().info().get("language", ENGLISH)


def every_translation(message: str) -> set[str]:
    """The message as each language with a catalog says it: a name the interface shows may be typed back in either."""
    return {_gettext.translation(DOMAIN, LOCALE_DIR, [folder.name], fallback=True).gettext(message) for folder in LOCALE_DIR.iterdir()}


def gettext(message: str) -> str:
    """The message in the interface's language (imported as `_`)."""
    return _current().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural message for `count`, in the interface's language."""
    return _current().ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """A message that needs a context to be translated right (a month's short name, a separator)."""
    return _current().pgettext(context, message)


def set_default_domain() -> None:
    """Make these catalogs gettext's default domain, which the standard library translates through.

    argparse words its usage, headings and errors with `gettext.gettext`; the
    catalogs hold those messages too. gettext reads the same environment for
    them, so they come in the language chosen here. For the program's entry
    point only: the default domain is the whole process's.
    """
    _gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    _gettext.textdomain(DOMAIN)


def N_(message: str) -> str:
    """Marks a message for the catalog where it is defined; it is translated with `_` where it is used."""
    return message


def megabytes(size: float) -> str:
    """A size in bytes as the megabytes (of 2**20 bytes, as --max-size takes them) a message says, written as the
    language writes them: 10, 2.5 or 2,5, 0.001; never in exponents, never a 0 for what is more than nothing."""
    value = size / 2**20
    text = f"{value:.1f}".removesuffix(".0") if value >= 0.1 else format(Decimal(f"{value:.2g}"), "f")  # two digits that count
    return text.replace(".", pgettext("decimal mark", "."))


def file_size(size: int) -> str:
    """A file's size in bytes as a reader is told it, in the largest unit it makes one of (of 2**10 bytes each), written
    as the language writes numbers: 23.4 MB or 23,4 MB, 812 kB, 500 bytes."""
    for unit, power in (("TB", 40), ("GB", 30), ("MB", 20), ("kB", 10)):
        if size >= 2**power:
            return f"{size / 2**power:.1f}".removesuffix(".0").replace(".", pgettext("decimal mark", ".")) + " " + unit
    return ngettext("{count} byte", "{count} bytes", size).format(count=grouped(size))


def grouped(number: int) -> str:
    """A whole number with its thousands grouped as the language writes them: 200,000 or 200.000."""
    return f"{number:,}".replace(",", pgettext("thousands separator", ","))
