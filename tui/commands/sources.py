"""`nieuws-tui sources [list [--imported]|add URL [--section S]|remove URL|--samples|import-opml FILE|import-newsboat [FILE]|export-opml]`"""

from __future__ import annotations

import argparse
import dataclasses
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from feeds import (
    MAX_CONFIG_BYTES,
    Library,
    NieuwsError,
    NoLibrary,
    NoSuchHome,
    NotUrlsFile,
    OpmlError,
    Source,
    SourcesError,
    StorageError,
    add_keys,
    add_settings,
    add_source,
    cache_file_from_config,
    chosen_config_path,
    chosen_path,
    config_path,
    config_with_includes,
    editing_sources,
    find_source,
    grouped,
    imported_again,
    is_sample,
    key_bindings,
    load_config,
    newsboat_files,
    ngettext,
    open_library,
    own_files,
    read_file,
    remove_samples,
    remove_source,
    sample_sources,
    save_sources,
    settings_from_config,
    settings_not_read,
    shown_account,
    shown_path,
    shown_sources,
    shown_url,
    source_url,
    sources_from_opml,
    sources_from_urls_file,
    sources_to_opml,
    terminal_safe,
    there,
    web_url,
    web_url_refusal,
    why,
    with_imported,
    without_credentials,
    without_password,
    without_secrets,
    write_chosen,
)
from feeds import gettext as _

from ..console import as_written, fail, note, say, write_out
from .common import Terminated, command, command_library, db_option, read_config, readable, say_if_started

if TYPE_CHECKING:
    from ..newsboat_keys import TakenKeys


def register(subparsers: object) -> None:
    parser = command(
        subparsers, "sources", run_list,
        help=_("list and change the sources that fetch refreshes"),
        description=_("The sources list lives in {config} (or $NIEUWS_TUI_CONFIG). Without an action, list it.").format(config=config_path()),
    )  # fmt: skip
    actions = parser.add_subparsers(dest="action", metavar=_("ACTION"), help=_("what to do with the sources (default: list)"))
    shown = actions.add_parser(
        "list", parents=[db_option()],
        help=_("show the sources (the default)"),
        description=_("Show the sources that fetch refreshes, one a line: its address (without a password), then its "
                      "[section] and title where config.toml gives them. The files and folders imported, which the app's "
                      "r imports again, are counted on standard error; --imported shows them instead."),
    )  # fmt: skip
    shown.add_argument(
        "--imported",
        action="store_true",
        help=_("show instead the files and folders imported, which r imports again, one a line as `sources remove` takes them "
               "(a name with characters a terminal could act on is shown escaped)"),
    )  # fmt: skip
    shown.set_defaults(run=run_list)
    # --db after the action too, where the library is used: `add --section` files its stored articles anew,
    # and `export-opml -o` never writes over the library's files.
    add = actions.add_parser(
        "add", parents=[db_option()],
        help=_("add a source, or change the section or title of one"),
        description=_("Add a page or feed to the sources list in config.toml, or give a source listed another section or "
                      "title. A new section files the articles already stored from it anew as well."),
    )  # fmt: skip
    add.add_argument("url", metavar="URL", help=_("the address of the page or feed (http or https; a user name and password in it go only to its own server)"))
    add.add_argument("--section", type=readable, metavar="S", help=_("file this source's articles under section S, those already stored too"))
    add.add_argument("--title", type=readable, metavar="T", help=_("a name for the source"))
    add.set_defaults(run=run_add)
    remove = actions.add_parser(
        "remove", parents=[db_option()],
        help=_("remove a source, or forget a file or folder imported: r imports it again no more; or remove the sample articles"),
        description=_("Remove a source from the sources list, with the comment lines just above it; the library forgets "
                      "what its address answered. Or forget a file or folder imported (as `sources list --imported` "
                      "shows it): the app's r imports it again no more. Their articles stay. --samples removes the "
                      "sample articles a new library starts with, all but the starred ones."),
    )  # fmt: skip
    remove.add_argument("url", nargs="?", metavar="URL|" + _("PATH"), help=_("the address of a source (with its user name where several accounts read it), or the path of a file or folder imported"))
    remove.add_argument("--samples", action="store_true", help=_("remove the sample articles (not the starred ones), forget their pages and remove the sources a first start listed for them, unless changed since; instead of a source"))
    remove.set_defaults(run=run_remove)
    opml_in = actions.add_parser(
        "import-opml",
        help=_("add the feeds of an OPML file (from newsboat and other readers)"),
        description=_("Add the feeds of an OPML file, as newsboat (`newsboat -e`) and other readers export them, to the "
                      "sources list: each feed's title as its title, and its category or the folder it is in as its "
                      "section. A source already listed stays as it is; outlines without a feed address, and addresses "
                      "that are no http(s), are named and left out."),
    )  # fmt: skip
    opml_in.add_argument("file", type=Path, metavar=_("FILE"), help=_("the OPML file"))
    opml_in.set_defaults(run=run_import_opml)
    urls_in = actions.add_parser(
        "import-newsboat",
        parents=[db_option()],
        help=_("add the feeds of newsboat's urls file (where newsboat keeps it, or FILE): a feed's first tag becomes its section, its ~tag its title; "
        "and the settings of its config and the articles of its cache, read or not"),
        description=_("Bring along what newsboat has: the web feeds of its urls file as sources in config.toml (a feed's first tag "
                      "as its section, its ~tag as its title; query:, exec: and filter: lines are named and left out, never run); "
                      "from its config, the settings config.toml has too and does not set yet (browser, reload-time, "
                      "refresh-on-startup, keep-articles-days) and its bind-key lines, into config.toml's [keys]; and from its "
                      "cache (cache.db) the articles, read where they were read in newsboat and starred where they have a flag. "
                      "Importing again adds what is new there, and newsboat's read marks and flags since; what the library "
                      "and config.toml have stays as it is."),
    )  # fmt: skip
    urls_in.add_argument(
        "file", type=Path, nargs="?", metavar=_("FILE"),
        help=_("newsboat's urls file (default: ~/.newsboat/urls, else ~/.config/newsboat/urls); its config is read beside it, "
               "and its cache where that config names it, else beside it"),
    )  # fmt: skip
    urls_in.set_defaults(run=run_import_newsboat)
    opml_out = actions.add_parser(
        "export-opml", parents=[db_option()],
        help=_("write the sources as OPML 2.0 (standard output, or -o FILE)"),
        description=_("Write the sources list as an OPML 2.0 file, which other readers import (newsboat: `newsboat -i FILE`), "
                      "each source with its section and title (config.toml's, else the one its feed gave itself), its address without a user name or password."),
    )  # fmt: skip
    opml_out.add_argument("-o", "--output", default="-", metavar=_("FILE"), help=_("where to write it, whole or not at all (default: - for standard output)"))
    opml_out.set_defaults(run=run_export_opml)


def _listed(*, or_empty: bool = False) -> list[Source]:
    return read_config(or_empty=or_empty).sources


def _save(sources: list[Source]) -> None:
    """Write the sources list."""
    with _starting(_("new config at {path}")):
        for warning in save_sources(sources):
            note(_("warning: {message}").format(message=warning))


@contextmanager
def _starting(said: str) -> Iterator[None]:
    """A config what is written inside starts is said by its path (`said`, {path}), as a new library is: a typo in
    it shows."""
    new = not config_path().exists()
    yield
    if new and config_path().exists():
        note(said.format(path=shown_path(config_path())))


def run_list(args: argparse.Namespace) -> int:
    if getattr(args, "imported", False):  # (`sources` without an action has no --imported)
        for path in _imported(args):
            say(terminal_safe(path))  # whole, as `sources remove` takes it
        return 0
    listed = _listed()
    names = shown_sources(listed)
    for source in listed:
        extra = "  ".join(part for part in (f"[{source.section}]" if source.section else "", source.title or "") if part)
        say(f"{names[source.url]}  {extra}".rstrip())
    # Standard output stays the sources alone, a line each beginning with its address, without a password;
    # the imports are counted aside.
    try:
        imported = len(_imported(args))
    except NieuwsError as error:
        note(_("warning: {message}").format(message=error))
        return 0
    if imported:
        told = ngettext(
            "{count} file or folder imported, which r imports again: `nieuws-tui sources list --imported` shows it",
            "{count} files and folders imported, which r imports again: `nieuws-tui sources list --imported` shows them",
            imported,
        )
        note(told.format(count=grouped(imported)))
    return 0


@contextmanager
def _looking(args: argparse.Namespace) -> Iterator[Library | None]:
    """The library, read only: a command that looks neither brings it up to date nor writes it. None where no library
    is started yet."""
    try:
        library = open_library(getattr(args, "db", None), read_only=True, unwritable_ok=True)
    except NoLibrary:
        yield None
        return
    try:
        yield library if library.exists else None
    finally:
        library.close()


def _imported(args: argparse.Namespace) -> list[str]:
    """The files and folders imported into the library that the app's r imports again: not the sample pages."""
    with _looking(args) as library:
        return [str(path) for path in imported_again(library)] if library else []


def run_add(args: argparse.Namespace) -> int:
    url = source_url(args.url)
    if url is None:
        fail(_("{url}: {reason}").format(url=shown_url(without_credentials(args.url)), reason=web_url_refusal(args.url)))
        return 2
    # Before any change: a library in a folder that is not there is said first. One not made yet has nothing to refile.
    library = command_library(args, samples=False, new=True) if args.section else None
    with editing_sources():
        sources = _listed(or_empty=True)  # a config it starts lists only this source
        known = find_source(sources, url)
        typed = url
        if known is not None and url == without_password(url):
            url = known.url  # the spelling listed (the one its stored articles name as their source), and its password if it has one
        wanted = Source(url, args.section or (known.section if known else None), args.title or (known.title if known else None), known.keep_days if known else None)
        if known is not None and known == wanted:
            listed = shown_url(shown_account(sources, wanted.url))
            if without_credentials(typed) == without_credentials(known.url):
                fail(_("{url}: already in the sources list").format(url=listed))
            else:  # one source in the list for each feed, however its URL is spelled (a / at its end, capitals in its host)
                fail(_("{url}: already in the sources list as {listed}").format(url=shown_url(without_credentials(typed)), listed=listed))
            return 1
        sources = add_source(sources, wanted)
        _save(sources)
    if library is not None and wanted.section and (known is None or known.section != wanted.section):
        refiled = library.refile((known or wanted).public_url, wanted.section)
        if refiled:
            filed = ngettext("filed {count} stored article of {url} under {section}", "filed {count} stored articles of {url} under {section}", refiled)
            note(filed.format(count=grouped(refiled), url=shown_url(wanted.public_url), section=wanted.section))
    note((_("changed {url}") if known else _("added {url}")).format(url=shown_url(shown_account(sources, wanted.url))))  # the account, as remove names it
    return 0


def run_remove(args: argparse.Namespace) -> int:
    if args.samples == (args.url is not None):
        fail(_("sources remove: give a URL or PATH, or --samples"))
        return 2
    if args.samples:
        return _remove_samples(args)
    # As it is typed first, as a config.toml edited by hand may hold it (`lezer\x7f@`, `a\tb`: web_url would read
    # another address, or another source's); then as `sources add` and `fetch` read it (a space pasted from newsboat's
    # urls file is %20 in the list).
    url = web_url(args.url)
    if url is None and not config_path().exists():
        return _forget_imported(args)  # no sources list to look in: a file or folder imported is there without one
    with editing_sources():
        before = _listed()
        gone = find_source(before, args.url) or (find_source(before, url) if url else None)
        if gone is not None:
            listed = remove_source(before, gone.url)
            save_sources(listed)
    if gone is None:
        return _forget_imported(args)
    named = shown_url(shown_account(before, gone.url))  # the account, where several may read one address
    note(_("removed {url}").format(url=named))
    try:
        library = command_library(args, samples=False)
        if not library.forget_removed(gone.url, [source.url for source in listed], wait=0):
            kept = _("warning: {path}: the validators are damaged, and what {url} answered stays in them; `nieuws-tui check --repair` empties them")
            note(kept.format(path=shown_path(library.file), url=named))
    except NieuwsError:
        pass  # (no library there, or another process writing it): the title names nothing, and goes at a later prune;
        # what the address answered stays, a row
    return 0


def _remove_samples(args: argparse.Namespace) -> int:
    library = command_library(args, samples=False, new=True)  # (started without them: see remove_samples)
    existed = library.exists
    removed = remove_samples(library)
    if not existed:
        note(_("new library at {path}, without the samples").format(path=shown_path(library.path)))
    else:
        said = ngettext("removed {count} sample article", "removed {count} sample articles", removed.articles).format(count=grouped(removed.articles))
        if removed.starred:
            kept = ngettext(
                "kept {count} starred (unstar it and remove the samples again to remove it too)",
                "kept {count} starred (unstar them and remove the samples again to remove them too)",
                removed.starred,
            )
            said += "; " + kept.format(count=grouped(removed.starred))
        if removed.refetch:
            said += "; " + _("the next fetch reads each feed whole once, to bring back a story of your own feeds that a sample held")
        note(said)
    _remove_sample_sources(library)
    return 0


def _remove_sample_sources(library: Library) -> None:
    """The ZeelandNet sources a first start listed for the samples go with them: else the next fetch brought ZeelandNet
    back from the web. Only those still as it wrote them: one the user changed since was kept on purpose."""
    if chosen_config_path() is not None and not config_path().exists():
        return  # no first start lists sources in a config named: a typo's path stays free
    started = _("new config at {path}, without the sample sources: add your own with `nieuws-tui sources add URL`")
    with editing_sources(), _starting(started):
        # None listed yet, where only the library was started: a config without them, else the next command's first
        # start listed them and fetch brought them back.
        before = _listed(or_empty=True)
        gone, changed = sample_sources(before)
        listed = [source for source in before if source not in gone]
        if gone or not config_path().exists():
            save_sources(listed)
    if gone:
        said = ngettext(
            "removed {count} sample source from the sources list, which the first start listed; what it fetched stays",
            "removed {count} sample sources from the sources list, which the first start listed; what they fetched stays",
            len(gone),
        )
        note(said.format(count=grouped(len(gone))))
    if changed:
        kept = ngettext("kept {count} sample source that you changed: {names}", "kept {count} sample sources that you changed: {names}", len(changed))
        note(kept.format(count=grouped(len(changed)), names=_some([source.url for source in changed])))
    try:
        for source in gone:
            library.forget_removed(source.url, [other.url for other in listed], wait=0)
    except NieuwsError:
        pass  # (another process writing the library): what their addresses answered stays, rows, as `sources remove URL` leaves it


def _library_there(args: argparse.Namespace) -> Library | None:
    """The library, for the files and folders imported into it; None at a path named where none is started yet."""
    try:
        return command_library(args, samples=False)
    except NoLibrary:
        return None


def _forget_imported(args: argparse.Namespace) -> int:
    """`sources remove PATH` of a file or folder imported, which `r` imports again (`sources list` shows them): the
    library forgets it, as a refresh does one that is gone. Named as the list shows it, or by any path to it."""
    library = _library_there(args)
    forgotten = library.forget_imported([args.url, os.path.realpath(args.url)]) if library else []  # (kept by their real paths)
    if library is not None and library.exists and not forgotten:
        # Or by the name the list shows, escaped where a terminal would be driven by it (`\u202e`) or where standard
        # output cannot spell it: of one file alone (`\u202e` may be those six characters in another file's name).
        shown = [path for path in library.imported_paths() if args.url in (terminal_safe(path), as_written(terminal_safe(path)))]
        forgotten = library.forget_imported(shown) if len(shown) == 1 else []
    if not forgotten:
        fail(_("{url}: not in the sources list, nor a file or folder imported").format(url=shown_url(without_credentials(args.url))))
        return 1
    note(_("forgot {path}: an imported file or folder, which r imports again no more; its articles stay").format(path=shown_path(forgotten[0])))
    if is_sample(forgotten[0]):
        note(_("the sample articles and their pages go with `nieuws-tui sources remove --samples`"))
    return 0


def run_import_opml(args: argparse.Namespace) -> int:
    try:
        imported, without_url = sources_from_opml(_read(args.file))
    except OSError as error:
        fail(_("{file}: cannot read ({reason})").format(file=shown_path(args.file), reason=why(error)))
        return 2
    except OpmlError as error:
        fail(f"{shown_path(args.file)}: {error}")
        return 2
    left_out = ngettext("left out {count} outline without a feed address (xmlUrl): {names}", "left out {count} outlines without a feed address (xmlUrl): {names}", len(without_url))
    return _import(args.file, imported, left_out, without_url)


def run_import_newsboat(args: argparse.Namespace) -> int:
    files = newsboat_files(args.file)
    file = files.urls
    try:
        imported, not_feeds, hidden, unreadable = sources_from_urls_file(_read(file))
    except FileNotFoundError:
        fail(_("{file}: no such file (give the path of newsboat's urls file)").format(file=shown_path(file)))
        return 2
    except OSError as error:
        fail(_("{file}: cannot read ({reason})").format(file=shown_path(file), reason=why(error)))
        return 2
    except NotUrlsFile as error:
        fail(f"{shown_path(file)}: {error}")
        return 2
    settings = files.config
    try:
        config = _newsboat_config(settings)
    except NieuwsError as error:  # (before anything is imported: newsboat would not start)
        fail(str(error))
        return 2
    left_out = ngettext(
        "left out {count} line that is no feed (query:, exec:, filter:): {names}", "left out {count} lines that are no feed (query:, exec:, filter:): {names}", len(not_feeds)
    )
    status = _import(file, imported, left_out, not_feeds)
    if shown_hidden := [without_secrets(address) for address in hidden if source_url(address) is not None]:
        said = ngettext(
            "{count} feed hidden in newsboat (a tag that starts with !) is listed with the others: {names}",
            "{count} feeds hidden in newsboat (a tag that starts with !) are listed with the others: {names}",
            len(shown_hidden),
        )
        note(said.format(count=grouped(len(shown_hidden)), names=_some(shown_hidden)))
    if shown_unreadable := [without_secrets(address) for address in unreadable if source_url(address) is not None]:
        said = ngettext(
            "left out the tags of {count} feed that are bytes that are no UTF-8: {names}",
            "left out the tags of {count} feeds that are bytes that are no UTF-8: {names}",
            len(shown_unreadable),
        )
        note(said.format(count=grouped(len(shown_unreadable)), names=_some(shown_unreadable)))
    data = None
    if config is not None:
        data, where, includes_left_out = config
        for line in includes_left_out:
            note(line)
        _import_newsboat_settings(data, where)
    named = cache_file_from_config(data) if data is not None else None
    try:
        cache = newsboat_files(args.file, named).cache
    except NoSuchHome as error:
        note(_("{file}: cache-file {reason}; its articles are left out").format(file=shown_path(settings), reason=error))
        return status
    if there(cache):
        _import_newsboat_cache(args, cache)
    elif named and not cache.is_absolute():  # as newsboat 2.21 reads it: in the folder it is started in, not the config's
        missing = _("{file}: no newsboat cache-file {cache} in this folder ({folder}), where newsboat reads it too when started here; "
                    "its articles are left out: run the import in the folder you start newsboat in")
        note(missing.format(file=shown_path(settings), cache=named, folder=shown_path(Path.cwd())))
    elif named:
        note(_("{file}: no newsboat cache-file {cache}; its articles are left out").format(file=shown_path(settings), cache=cache))
    return status


def _import_newsboat_cache(args: argparse.Namespace, cache: Path) -> None:
    """The articles of newsboat's cache, read where they were read in newsboat, filed under the sources they
    came from as they are listed now (a source already listed keeps the section the user gave it)."""
    from feeds import import_newsboat_cache

    listed = _listed(or_empty=True)  # (none, where the urls file had no web feed)

    def source_of(url: str) -> Source | None:
        try:
            return find_source(listed, url)
        except SourcesError:  # listed for several accounts: which one read it, newsboat's cache does not say
            return None

    library = command_library(args, samples=False, new=True)
    existed = library.exists
    try:
        report = import_newsboat_cache(library, cache, source_of)
    except (KeyboardInterrupt, Terminated):  # said as an interrupted import says it: the cache is stored whole or not at all
        say_if_started(library, existed)
        note(_("interrupted: no article of {file} is stored").format(file=shown_path(cache)))
        raise
    say_if_started(library, existed)
    added = report.added
    # Read, not imported: a story the library has already is left as it is (only_new), and counted apart, else
    # importing again said all of them imported, and none new.
    articles = ngettext(
        "read {count} article from {file}: {new} new, {updated} updated, {known} already in the library; {read} marked read as in newsboat",
        "read {count} articles from {file}: {new} new, {updated} updated, {known} already in the library; {read} marked read as in newsboat",
        added.new + added.updated + added.unchanged,
    )
    counts = {"new": added.new, "updated": added.updated, "known": added.unchanged, "read": report.read}
    note(articles.format(count=grouped(added.new + added.updated + added.unchanged), file=shown_path(cache), **{name: grouped(n) for name, n in counts.items()}))
    if report.starred:
        starred = ngettext("starred {count} article flagged in newsboat", "starred {count} articles flagged in newsboat", report.starred)
        note(starred.format(count=grouped(report.starred)))
    if report.deleted:
        gone = ngettext("{count} article deleted in newsboat stays away", "{count} articles deleted in newsboat stay away", report.deleted)
        note(gone.format(count=grouped(report.deleted)))
    if added.pruned:  # as import says them: the counts above leave them out
        note(ngettext("{count} pruned article stays away", "{count} pruned articles stay away", added.pruned).format(count=grouped(added.pruned)))
    if report.left_out:
        left = ngettext(
            "left out {count} item of a feed that is no web address, or that is no article",
            "left out {count} items of feeds that are no web address, or that are no article",
            report.left_out,
        )
        note(left.format(count=grouped(report.left_out)))


def _newsboat_config(file: Path) -> tuple[bytes, list[str], list[str]] | None:
    """newsboat's config beside its urls file, with the files it includes (config_with_includes: NewsboatRefuses one
    newsboat refuses); None where there is none (newsboat runs without one too) or it cannot be read."""
    try:
        return config_with_includes(file, _read(file))
    except FileNotFoundError:
        return None
    except OSError as error:
        note(_("{file}: cannot read ({reason}); its settings are left out").format(file=shown_path(file), reason=why(error)))
        return None


def _import_newsboat_settings(data: bytes, where: list[str]) -> None:
    """The settings of newsboat's config (`data`, whose lines are where `where` says, `FILE:NUMBER`: it includes
    others) that config.toml has too and does not set yet (browser, reload-time, …): a newsboat user's app opens
    pages and refreshes as newsboat did. Those config.toml sets stay. Those taken are said by the file each was in."""
    settings, names, lines = settings_from_config(data)
    # Started by the settings, where the urls file had no web feed: a config that lists no source, not even the
    # samples a first run lists, which fetch then says it has none of.
    started = _("new config at {path}, with newsboat's settings and no source; add one with `nieuws-tui sources add URL`")
    with editing_sources(), _starting(started):
        added, refused = add_settings(settings, {key: where[line] for key, line in lines.items()})
        now = load_config(reader="command", or_empty=True)
        keys = _take_newsboat_keys(data, now.keys)
    taken: dict[str, list[str]] = {}
    for key in added:
        taken.setdefault(where[lines[key]].rpartition(":")[0], []).append(_newsboats(key, names[key]))
    for file, named in taken.items():
        note(_("took newsboat's settings from {file}: {settings}").format(file=file, settings=", ".join(named)))
    for key, reason in refused.items():
        note(_("left out newsboat's {setting}: {reason}").format(setting=names[key], reason=reason))
    # Said, where config.toml's other own settings are not: newsboat's drops unread articles too, and never fetches
    # them again; its user would count on that. Not where config.toml has what it gives (an import before took it).
    differs = (now.keep_days, now.prune_unread) != (settings.get("keep-days"), settings.get("prune-unread"))
    if "keep-days" in settings and "keep-days" not in added and "keep-days" not in refused and differs:
        kept = _("kept config.toml's keep-days; newsboat's {setting} {days} ({where}) is left out, with its prune-unread")
        note(kept.format(setting=names["keep-days"], days=settings["keep-days"], where=where[lines["keep-days"]]))
    if keys is not None:
        _say_newsboat_keys(keys, where)
    _say_not_read(settings_not_read(data), where)


def _take_newsboat_keys(data: bytes, chosen: Mapping[str, str]) -> TakenKeys | None:
    """The key bindings of newsboat's config (`data`) that the app can take, taken into config.toml's [keys] (`chosen`
    now: tui.newsboat_keys): a newsboat user's fingers keep their keys. None where it has none, or where config.toml
    cannot take them (said). Held by editing_sources."""
    from ..newsboat_keys import taken_keys  # (the app's bindings: Textual, which no other command of these needs)

    lines = key_bindings(data)
    if not lines:
        return None
    found = taken_keys(lines, chosen)
    try:
        if found.keys:
            add_keys(found.keys)
    except (SourcesError, StorageError) as error:
        # Nothing was written: a line said to give way, or to take a key, would read as done.
        note(_("{reason}; newsboat's key bindings are left out").format(reason=error))
        return None
    return found


def _say_newsboat_keys(found: TakenKeys, where: list[str]) -> None:
    """The key bindings of newsboat's config taken (`found`), by the file each was in, as the settings are; those left
    out by their lines, with why (`where`: the places of the config's lines)."""
    taken: dict[str, list[str]] = {}
    for line, names in found.taken:
        # One for a dialog whose binding acts everywhere has its key everywhere: said, as newsboat's has it there alone.
        said = _("{key} as {names} everywhere, not in {dialog} alone") if line in found.everywhere else _("{key} as {names}")
        taken.setdefault(where[line.at].rpartition(":")[0], []).append(said.format(key=shown_url(line.key, LONGEST_NAME), names=", ".join(names), dialog=line.dialog))
    for file, keys in taken.items():
        note(_("took newsboat's key bindings from {file}: {keys}").format(file=file, keys=_and_more(keys[:MOST_SETTINGS], len(keys), "; ")))
    # The app's own bindings a line took its key from, as newsboat's bind-key does: a key they no longer answer to.
    lost: dict[str, list[str]] = {}
    for line, names, only in found.lost:
        file, _colon, number = where[line.at].rpartition(":")
        said = _("{names} lost {key} to line {number}, its only key") if only else _("{names} lost {key} to line {number}")
        lost.setdefault(file, []).append(said.format(names=", ".join(names), key=shown_url(line.key, LONGEST_NAME), number=number))
    for file, named in lost.items():
        note(_("{file}: nieuws-tui's key bindings that lost a key to newsboat's: {lost}").format(file=file, lost=_and_more(named[:MOST_SETTINGS], len(named), "; ")))
    # A line whose key a later one binds again is named by it: in the same file by its number, in another by its place.
    # One that keeps its key outside the dialog the later binds it in (`bind-key x up` then `bind-key x up article`) is
    # named with that dialog.
    gave_way, gave_way_in = _("{key} gave way to line {later}, as in newsboat"), _("{key} gave way to line {later} in {dialog}, as in newsboat")
    reasons = [
        *found.left_out,
        *((line, (gave_way_in if later.dialog else gave_way).format(key=shown_url(line.key, LONGEST_NAME), later=_line_of(where, later.at, line.at), dialog=later.dialog))
          for line, later in found.given_way),
    ]  # fmt: skip
    left: dict[str, list[str]] = {}
    for line, reason in sorted(reasons, key=lambda each: each[0].at):
        file, _colon, number = where[line.at].rpartition(":")
        left.setdefault(file, []).append(_("line {number} ({reason})").format(number=number, reason=reason))
    for file, named in left.items():
        note(_("{file}: left out newsboat's key bindings: {bindings}").format(file=file, bindings=_and_more(named[:MOST_SETTINGS], len(named))))


def _line_of(where: list[str], at: int, beside: int) -> str:
    """The number of the config's line `at`, where it is in the file of the line `beside`; else its place."""
    file, _colon, number = where[at].rpartition(":")
    return number if file == where[beside].rpartition(":")[0] else where[at]


MOST_SETTINGS = 30  # names of settings said in a line: a real config has a dozen or two; a hostile one, thousands


def _say_not_read(not_read: list[tuple[str, int]], where: list[str]) -> None:
    """The settings of newsboat's config (`not_read`: their names and lines, whose places `where` says) that are not
    read, a line for each file: each setting once, by its lines (a config has dozens of colour lines), in their order."""
    by_file: dict[str, dict[str, list[int]]] = {}
    for name, at in not_read:
        file, _colon, number = where[at].rpartition(":")
        by_file.setdefault(file, {}).setdefault(name, []).append(int(number))
    for file, settings in by_file.items():
        named = [_at_lines(name, numbers) for name, numbers in list(settings.items())[:MOST_SETTINGS]]
        note(_("{file}: left out newsboat's settings that nieuws-tui does not have: {settings}").format(file=file, settings=_and_more(named, len(settings))))


def _at_lines(name: str, numbers: list[int]) -> str:
    """A setting by its name and its lines, those in a row as one stretch (`color (lines 3–40, 52)`)."""
    stretches: list[list[int]] = []
    for number in numbers:
        if stretches and number == stretches[-1][-1] + 1:
            stretches[-1].append(number)
        else:
            stretches.append([number])
    shown = [f"{stretch[0]}–{stretch[-1]}" if len(stretch) > 1 else str(stretch[0]) for stretch in stretches[:MOST_NAMED]]
    if len(stretches) > MOST_NAMED:
        shown.append("…")
    said = ngettext("{setting} (line {lines})", "{setting} (lines {lines})", len(numbers))
    return said.format(setting=shown_url(name, LONGEST_NAME), lines=", ".join(shown))


def _newsboats(key: str, newsboat: str) -> str:
    """config.toml's setting `key`, named by the one of newsboat's it was read from too where that is named otherwise."""
    return key if newsboat == key else _("{newsboat} as {ours}").format(newsboat=newsboat, ours=key)


def _read(file: Path) -> bytes:
    return read_file(file, MAX_CONFIG_BYTES)[0]


def _import(file: Path, imported: list[Source], left_out: str, not_imported: list[str]) -> int:
    """Adds the web addresses among `imported` from `file` to the sources list, and says what it added, what was
    there already and what it left out: the addresses that are no web address, and `not_imported` (said by `left_out`)."""
    web = [dataclasses.replace(source, url=url) for source in imported if (url := source_url(source.url)) is not None]
    no_web = [without_secrets(source.url) for source in imported if source_url(source.url) is None]  # (a file from anywhere)
    with editing_sources():
        listed = _listed(or_empty=True)  # a config it starts lists only the imported sources
        # A source already listed stays as the user made it: an OPML file (newsboat's export holds every feed
        # one reads) names it by the feed's own title and knows nothing of its section, keep-days or comments.
        # Filling in only its empty fields would not do either: a section that arrives this way files the new
        # articles apart from the stored ones, where `sources add URL --section S` moves those too.
        sources, present, repeated = with_imported(listed, web)  # a file from anywhere: only its web links become sources
        if len(sources) > len(listed):
            _save(sources)
    added = len(sources) - len(listed)
    message = ngettext("imported {count} source from {file}", "imported {count} sources from {file}", added).format(count=grouped(added), file=shown_path(file))
    if present:
        message += "; " + ngettext("{count} already present", "{count} already present", present).format(count=grouped(present))
    if repeated:
        message += "; " + ngettext("{count} repeat left out", "{count} repeats left out", repeated).format(count=grouped(repeated))
    note(message)
    if no_web:
        left = ngettext("left out {count} that is no http(s) address: {names}", "left out {count} that are no http(s) address: {names}", len(no_web))
        note(left.format(count=grouped(len(no_web)), names=_some(no_web)))
    if not_imported:
        note(left_out.format(count=grouped(len(not_imported)), names=_some(not_imported)))
    if added and (samples := sample_sources(listed)[0]):
        # (an import after the app's first start: every fetch tried them too, and without the portal said they failed)
        also = ngettext(
            "the sources list also holds {count} ZeelandNet source the first start listed for the samples: `nieuws-tui sources remove --samples` removes it along with the samples",
            "the sources list also holds {count} ZeelandNet sources the first start listed for the samples: `nieuws-tui sources remove --samples` removes them along with the samples",
            len(samples),
        )
        note(also.format(count=grouped(len(samples))))
    return 0


MOST_NAMED, LONGEST_NAME = 5, 60  # an OPML file may hold thousands, each as long as it likes


def _some(names: list[str]) -> str:
    """The first few of `names`, each shortened to a part of a line, fit to show on a terminal."""
    return _and_more([terminal_safe(shown_url(name, LONGEST_NAME)) for name in names[:MOST_NAMED]], len(names))


def _and_more(shown: list[str], count: int, between: str = ", ") -> str:
    """`shown`, the first of `count` things said, separated by commas (or `between`), and how many more there are."""
    more = count - len(shown)
    return between.join(shown) + (" " + ngettext("and {count} more", "and {count} more", more).format(count=grouped(more)) if more else "")


def _source_titles(args: argparse.Namespace) -> dict[str, str]:
    """What the sources call themselves, as the app's sidebar names them by (Library.source_titles). Those are a
    convenience, as there: where they cannot be read, the sources go by their addresses, and why is said."""
    try:
        with _looking(args) as library:
            return library.source_titles() if library else {}
    except NieuwsError as error:
        note(_("warning: {message}").format(message=error))
        return {}


def run_export_opml(args: argparse.Namespace) -> int:
    data = sources_to_opml(_listed(), _source_titles(args))
    if args.output == "-":
        write_out(data)
    else:
        write_chosen(chosen_path(args.output), data, own_files(getattr(args, "db", None)))
    return 0
