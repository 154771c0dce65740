"""`nieuws-tui sources list|add URL [--section S]|remove URL|import-opml FILE|export-opml`"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from feeds import config as sources_file
from feeds.files import read_file
from feeds.opml import OpmlError
from feeds.config import Source, SourcesError
from feeds.urls import web_url

from ..console import fail, note, say


def register(subparsers, db_option: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "sources",
        help="list and change the sources that fetch refreshes",
        description=f"The sources list lives in {sources_file.config_path()} (or $NIEUWS_TUI_CONFIG).",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("list", help="show the sources").set_defaults(run=run_list)
    add = actions.add_parser("add", help="add a source (or change its section)")
    add.add_argument("url", metavar="URL")
    add.add_argument("--section", metavar="S", help="file this source's articles under section S")
    add.add_argument("--title", metavar="T", help="a name for the source")
    add.set_defaults(run=run_add)
    remove = actions.add_parser("remove", help="remove a source")
    remove.add_argument("url", metavar="URL")
    remove.set_defaults(run=run_remove)
    opml_in = actions.add_parser("import-opml", help="add the feeds of an OPML file (from newsboat and other readers)")
    opml_in.add_argument("file", type=Path, metavar="FILE")
    opml_in.set_defaults(run=run_import_opml)
    opml_out = actions.add_parser("export-opml", help="write the sources as OPML 2.0 (standard output, or -o FILE)")
    opml_out.add_argument("-o", "--output", default="-", metavar="FILE")
    opml_out.set_defaults(run=run_export_opml)


def _guarded(action):
    def run(args: argparse.Namespace) -> int:
        try:
            return action(args)
        except SourcesError as error:
            fail(str(error))
            return 2

    return run


@_guarded
def run_list(args: argparse.Namespace) -> int:
    for source in sources_file.load():
        extra = "  ".join(part for part in (f"[{source.section}]" if source.section else "", source.title or "") if part)
        say(f"{source.url}  {extra}".rstrip())
    return 0


@_guarded
def run_add(args: argparse.Namespace) -> int:
    url = web_url(args.url)
    if url is None:
        fail(f"{args.url}: not an http(s) URL")
        return 2
    sources_file.save(sources_file.add(sources_file.load(), Source(url, args.section, args.title)))
    note(f"added {url}")
    return 0


@_guarded
def run_remove(args: argparse.Namespace) -> int:
    before = sources_file.load()
    after = sources_file.remove(before, args.url)
    if len(after) == len(before):
        fail(f"{args.url}: not in the sources list")
        return 1
    sources_file.save(after)
    note(f"removed {args.url}")
    return 0


@_guarded
def run_import_opml(args: argparse.Namespace) -> int:
    try:
        imported = sources_file.from_opml(read_file(args.file, sources_file.MAX_CONFIG_BYTES)[0])
    except OSError as error:
        fail(f"{args.file}: cannot read ({error.strerror or error})")
        return 2
    except OpmlError as error:
        fail(f"{args.file}: {error}")
        return 2
    sources = sources_file.load()
    for source in imported:  # an OPML file from anywhere: only its web links become sources
        if (url := web_url(source.url)) is not None:
            sources = sources_file.add(sources, dataclasses.replace(source, url=url))
    sources_file.save(sources)
    note(f"imported {len(imported)} sources from {args.file}")
    return 0


@_guarded
def run_export_opml(args: argparse.Namespace) -> int:
    data = sources_file.to_opml(sources_file.load())
    if args.output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        from feeds.files import atomic_write

        atomic_write(Path(args.output), data)
    return 0
