"""Work that makes many objects without cycles is done without the cycle collector, which is as it was after it."""

from __future__ import annotations

import gc
import threading

import pytest
from conftest import CAPTURED
from feedkit import article

from feeds.cycles import without_cycle_collection
from feeds.library import Library
from feeds.out.export import FeedInfo, build_feed


def test_the_collector_is_as_it_was_after_the_work_an_error_in_it_and_work_nested_in_it():
    assert gc.isenabled()
    with pytest.raises(RuntimeError), without_cycle_collection():
        with without_cycle_collection():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer work still goes on
        raise RuntimeError
    assert gc.isenabled()
    gc.disable()
    try:
        with without_cycle_collection():
            pass
        assert not gc.isenabled()  # off before, off after
    finally:
        gc.enable()


def test_threads_doing_such_work_at_once_never_leave_the_collector_off():
    """Each looked whether it was on, and turned it on again after if it was: one that looked while another had it
    off, as that one turned it on again, left it off for good."""
    start = threading.Barrier(8)

    def work() -> None:
        start.wait()
        for _ in range(2000):
            with without_cycle_collection():
                pass

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert gc.isenabled()


def test_reading_and_exporting_thousands_of_articles_collects_no_cycles_on_the_way(tmp_path):
    """Collecting walked the entries and the feed made of them again and again: a third of an export of 10,000."""
    library = Library(tmp_path / "library.sqlite")
    library.add([(article(f"Bericht {number}", lead=f"Tekst van bericht {number}."), CAPTURED) for number in range(2000)])
    collections: list[str] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(phase)

    info = FeedInfo.for_view(library.path, "http://127.0.0.1:8080/feed.atom")
    build_feed(library.select(text=True)[:1], "atom", info)  # feedgen and lxml loaded, as a server has them
    gc.collect()
    gc.callbacks.append(count)
    try:
        entries = library.select(text=True)
        build_feed(entries, "atom", info)
    finally:
        gc.callbacks.remove(count)
    assert len(entries) == 2000 and len(collections) <= 2  # once after each piece of work, for what it left
