"""Work that makes many objects at once, none of them in a reference cycle, done without the cycle collector.

The collector runs every few hundred new container objects and walks every one still young, and now and then all
of them: a fetch run's records, the entries of an export or a served feed and the feed made of them hold no cycles
and are freed by their counts, but collecting walked them again and again (a third of an export of 10,000 articles
with their links). What the work leaves in cycles, if anything, is collected after it.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Held by threads at once (a server renders feeds in several): the first to come disables the collector, the last to
# go enables it again if it was, so that none leaves it off for good.
_lock = threading.Lock()
_holders = 0
_was_enabled = False


@contextmanager
def without_cycle_collection() -> Iterator[None]:
    global _holders, _was_enabled
    with _lock:
        if _holders == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _was_enabled:
                gc.enable()
