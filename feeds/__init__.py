"""nieuws-tui's engine: news pages and feeds in, a library of articles, feeds out.

The one front door for the app and the command line; nothing else of `feeds`
is theirs to import. The flow behind it, one package per stage:

    pages/   text and HTML pages → blocks → articles; RSS and Atom entries → articles
    store/   the library's files: articles in SQLite, read and starred marks in TinyDB
    web/     fetching sources: the guarded network, the fetch run, worker processes
    out/     export as Atom and RSS, serving the feeds, the public JSON of an article

Names are looked up when first used, so that `nieuws-tui list` does not load
the HTTP client, and `fetch` does not load the feed writer.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_PUBLIC = {
    # the library: open, choose, search, mark, keep
    "Library": "feeds.library",
    "FOUND_AT_MOST": "feeds.library",
    "open_library": "feeds.library",
    "own_files": "feeds.library",
    "repair_derived": "feeds.library",
    "repair_marks": "feeds.library",
    "repair_v1": "feeds.library",
    "Selection": "feeds.library",
    "Headline": "feeds.library",
    "SectionCount": "feeds.library",
    "Retention": "feeds.config",
    "CheckReport": "feeds.library",
    "count_sections": "feeds.library",
    # what the app's lists show of the library's entries, and the counts of its shelves
    "Listings": "feeds.listing",
    "Listing": "feeds.listing",
    "View": "feeds.listing",
    "Shelf": "feeds.listing",
    "ALL": "feeds.listing",
    "STARRED": "feeds.listing",
    "unread_position": "feeds.listing",
    # the public types
    "Article": "feeds.model",
    "Block": "feeds.model",
    "Link": "feeds.model",
    "Enclosure": "feeds.model",
    "MAX_LINKS": "feeds.model",
    "NOT_IN_TEXT": "feeds.model",
    "Entry": "feeds.model",
    "OTHER_SECTION": "feeds.model",
    "AMSTERDAM": "feeds.model",
    "parse_time": "feeds.model",
    # import
    "import_paths": "feeds.imports",
    "import_newsboat_cache": "feeds.imports",
    "UnreadableCache": "feeds.imports",
    "ImportReport": "feeds.imports",
    "import_samples_if_new": "feeds.samples",
    "holds_only_samples": "feeds.samples",
    "imported_again": "feeds.samples",
    "remove_samples": "feeds.samples",
    "is_sample": "feeds.samples",
    # fetch and the sources list
    "FetchRun": "feeds.web.fetch",
    "FetchReport": "feeds.web.fetch",
    "RefreshRun": "feeds.web.refresh",
    "Finishing": "feeds.web.refresh",
    "Progress": "feeds.web.fetch",
    "SourceResult": "feeds.web.fetch",
    "Workers": "feeds.web.workers",
    "Config": "feeds.config",
    "Source": "feeds.config",
    "distinct_sources": "feeds.config",
    "Settings": "feeds.config",
    "load_config": "feeds.config",
    "save_sources": "feeds.config",
    "editing_sources": "feeds.config",
    "add_source": "feeds.config",
    "with_imported": "feeds.config",
    "find_source": "feeds.config",
    "shown_account": "feeds.config",
    "shown_sources": "feeds.config",
    "source_labels": "feeds.config",
    "SourceLabel": "feeds.config",
    "remove_source": "feeds.config",
    "sample_sources": "feeds.config",
    "sources_to_opml": "feeds.config",
    "sources_from_opml": "feeds.config",
    "sources_from_urls_file": "feeds.newsboat",
    "NotUrlsFile": "feeds.newsboat",
    "settings_from_config": "feeds.newsboat",
    "settings_not_read": "feeds.newsboat",
    "key_bindings": "feeds.newsboat",
    "KeyBinding": "feeds.newsboat",
    "cache_file_from_config": "feeds.newsboat",
    "config_with_includes": "feeds.newsboat",
    "add_settings": "feeds.config",
    "add_keys": "feeds.config",
    "browser_words": "feeds.config",
    "settings_for": "feeds.config",
    "MAX_CONFIG_BYTES": "feeds.config",
    "checked_setting": "feeds.config",
    "setting_range": "feeds.config",
    # export and serve
    "FORMATS": "feeds.out.export",
    "SERVED_ARTICLES": "feeds.out.export",
    "Format": "feeds.out.export",
    "FeedInfo": "feeds.out.export",
    "ChosenFeed": "feeds.out.export",
    "build_feed": "feeds.out.export",
    "feed_path": "feeds.out.export",
    "FeedServer": "feeds.out.http_server",
    "public_json": "feeds.out.records",
    # where things are, files, text that came from outside
    "library_path": "feeds.paths",
    "expanded": "feeds.paths",
    "resolved": "feeds.paths",
    "NoSuchHome": "feeds.paths",
    "config_path": "feeds.paths",
    "chosen_config_path": "feeds.paths",
    "newsboat_files": "feeds.paths",
    "NewsboatFiles": "feeds.paths",
    "there": "feeds.paths",
    "state_path": "feeds.paths",
    "read_file": "feeds.files",
    "write_chosen": "feeds.files",
    "names_standard_output": "feeds.files",
    "write_whole": "feeds.files",
    "chosen_path": "feeds.files",
    "load_document": "feeds.files",
    "save_document": "feeds.files",
    "update_document": "feeds.files",
    "terminal_safe": "feeds.clean",
    "shown_path": "feeds.clean",
    "link_marks": "feeds.link_places",
    "BULLET": "feeds.model",
    "item_markers": "feeds.model",
    "HANGING_SPACE": "feeds.model",
    "hanging_width": "feeds.model",
    "ITEM_MARKERS": "feeds.model",
    "of_one_list": "feeds.model",
    "is_row": "feeds.model",
    "CELL_BOUNDARY": "feeds.model",
    "CELL_SEPARATOR": "feeds.model",
    "EMPTY_CELLS": "feeds.model",
    "QUOTE_MARK": "feeds.model",
    "LINE_BREAK": "feeds.model",
    "web_url": "feeds.urls",
    "page_url": "feeds.urls",
    "web_url_refusal": "feeds.urls",
    "source_url": "feeds.urls",
    "without_credentials": "feeds.urls",
    "shown_url": "feeds.urls",
    "without_password": "feeds.urls",
    "without_secrets": "feeds.urls",
    "slugify": "feeds.urls",
    "is_loopback_host": "feeds.urls",
    # the language of what the program says (not of the news it reads)
    "gettext": "feeds.language",
    "ngettext": "feeds.language",
    "pgettext": "feeds.language",
    "N_": "feeds.language",
    "grouped": "feeds.language",
    "file_size": "feeds.language",
    "language": "feeds.language",
    "choose_language": "feeds.language",
    "set_default_domain": "feeds.language",
    # errors: every one the user is told about is a NieuwsError; why says an outside error's reason in the user's language
    "NieuwsError": "feeds.errors",
    "StorageError": "feeds.errors",
    "why": "feeds.errors",
    "LibraryBusy": "feeds.store.database",
    "NotALibrary": "feeds.store.database",
    "UnwritableLibrary": "feeds.store.database",
    "SourcesError": "feeds.config",
    "UnknownSection": "feeds.library",
    "NoLibrary": "feeds.library",
    "OpmlError": "feeds.opml",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'feeds' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # looked up once
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:  # what type checkers see: the same names, imported at once
    from feeds.clean import shown_path, terminal_safe
    from feeds.config import (
        MAX_CONFIG_BYTES,
        Config,
        Retention,
        Settings,
        Source,
        SourceLabel,
        SourcesError,
        add_keys,
        add_settings,
        add_source,
        browser_words,
        checked_setting,
        distinct_sources,
        editing_sources,
        find_source,
        load_config,
        remove_source,
        sample_sources,
        save_sources,
        setting_range,
        settings_for,
        shown_account,
        shown_sources,
        source_labels,
        sources_from_opml,
        sources_to_opml,
        with_imported,
    )
    from feeds.errors import NieuwsError, StorageError, why
    from feeds.files import chosen_path, load_document, names_standard_output, read_file, save_document, update_document, write_chosen, write_whole
    from feeds.imports import ImportReport, UnreadableCache, import_newsboat_cache, import_paths
    from feeds.language import N_, choose_language, file_size, gettext, grouped, language, ngettext, pgettext, set_default_domain
    from feeds.library import (
        FOUND_AT_MOST,
        CheckReport,
        Headline,
        Library,
        NoLibrary,
        SectionCount,
        Selection,
        UnknownSection,
        count_sections,
        open_library,
        own_files,
        repair_derived,
        repair_marks,
        repair_v1,
    )
    from feeds.link_places import link_marks
    from feeds.listing import ALL, STARRED, Listing, Listings, Shelf, View, unread_position
    from feeds.model import (
        AMSTERDAM,
        BULLET,
        CELL_BOUNDARY,
        CELL_SEPARATOR,
        EMPTY_CELLS,
        HANGING_SPACE,
        ITEM_MARKERS,
        LINE_BREAK,
        MAX_LINKS,
        NOT_IN_TEXT,
        OTHER_SECTION,
        QUOTE_MARK,
        Article,
        Block,
        Enclosure,
        Entry,
        Link,
        hanging_width,
        is_row,
        item_markers,
        of_one_list,
        parse_time,
    )
    from feeds.newsboat import (
        KeyBinding,
        NotUrlsFile,
        cache_file_from_config,
        config_with_includes,
        key_bindings,
        settings_from_config,
        settings_not_read,
        sources_from_urls_file,
    )
    from feeds.opml import OpmlError
    from feeds.out.export import FORMATS, SERVED_ARTICLES, ChosenFeed, FeedInfo, Format, build_feed, feed_path
    from feeds.out.http_server import FeedServer
    from feeds.out.records import public_json
    from feeds.paths import NewsboatFiles, NoSuchHome, chosen_config_path, config_path, expanded, library_path, newsboat_files, resolved, state_path, there
    from feeds.samples import holds_only_samples, import_samples_if_new, imported_again, is_sample, remove_samples
    from feeds.store.database import LibraryBusy, NotALibrary, UnwritableLibrary
    from feeds.urls import (
        is_loopback_host,
        page_url,
        shown_url,
        slugify,
        source_url,
        web_url,
        web_url_refusal,
        without_credentials,
        without_password,
        without_secrets,
    )
    from feeds.web.fetch import FetchReport, FetchRun, Progress, SourceResult
    from feeds.web.refresh import Finishing, RefreshRun
    from feeds.web.workers import Workers
