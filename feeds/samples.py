"""The sample library: the real pages bundled in `seeds/`, imported into a new library."""

from __future__ import annotations

from functools import cache
from pathlib import Path, PurePath

from feeds.imports import DOCUMENT_SUFFIXES, ImportReport, import_paths
from feeds.library import Library, Removed


def seed_folder() -> Path:
    """Where the bundled sample pages are: in the installed package, else in the checkout."""
    engine = Path(__file__).resolve().parent
    installed = engine / "seeds"  # pyproject maps the project's seeds/ to feeds/seeds
    return installed if installed.is_dir() else engine.parent / "seeds"


def seed_pages() -> list[Path]:
    return sorted(p for p in seed_folder().iterdir() if p.suffix.lower() in DOCUMENT_SUFFIXES)


def import_samples_if_new(library: Library) -> ImportReport | None:
    """Fill a library that does not exist yet with the sample pages; None when it exists."""
    if library.exists:
        return None
    return import_paths(library, seed_pages())


def imported_again(library: Library) -> list[Path]:
    """The files and folders the app's refresh imports again: those the library was imported from, but the sample pages.
    They never change, and once nieuws-tui is installed anew elsewhere (a new venv, a Python upgrade) they are not where
    they were: each refresh said every one was gone."""
    return [Path(path) for path in library.imported_paths() if not is_sample(path)]


def holds_only_samples(library: Library) -> bool:
    """Whether the library holds the sample articles and nothing the user read into it: the app then says how to.
    The samples are known by their pages' names, not their paths: an article's source is its page's path where
    nieuws-tui was installed when the library was made (another prefix, a wheel's site-packages, a venv since gone)."""
    if not library.exists:
        return False
    samples = [path for path in library.imported_paths() if is_sample(path)]
    return bool(samples) and library.only_from(samples)


def remove_samples(library: Library) -> Removed:
    """Remove the sample articles but the starred ones, and forget the sample pages as imported: a user reading their
    own feeds has no more use for them. Known by their pages' names, as holds_only_samples knows them, and by their
    articles too: a page forgotten already (`sources remove PATH`) left its articles behind. A library not made yet
    is made without them: else its first start (the next `list`, the app) imported them, and the removal did not stick."""
    library.create()
    return library.remove_from(path for path in [*library.imported_paths(), *library.article_sources()] if is_sample(path))


def is_sample(path: str) -> bool:
    """Whether an imported path is a sample page's, wherever nieuws-tui was installed when it was imported: by its name."""
    return PurePath(path).name in _sample_names()


@cache
def _sample_names() -> frozenset[str]:
    return frozenset(page.name for page in seed_pages())
