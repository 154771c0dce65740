"""The helper process that worker processes need, started before an app takes the process's stderr.

Once a process runs threads, a fetch's worker processes (workers.py) are started by multiprocessing's fork
server, which starts its resource tracker first and hands it the process's stderr to keep. Textual replaces
stderr by one whose file descriptor is -1: the tracker could not start then ("bad value(s) in fds_to_keep"),
nor could the pool, and the app read every feed in its run's own thread, slower than `nieuws-tui fetch` reads
them; unless something had made a pool earlier in the process. Started before the app runs, the tracker is
there for every pool it makes. (Apart from workers.py, which loads the feed reader: the app starts sooner so.)
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from contextlib import contextmanager


def start_process_helpers() -> None:
    """Start the resource tracker, if the worker processes of a fetch started later would need it: a few
    milliseconds (it loads in a process of its own). Where it cannot start, the pool fails as it would have."""
    if (os.cpu_count() or 1) < 2 or "forkserver" not in multiprocessing.get_all_start_methods():
        return  # no pool (Workers), or none started by the fork server
    from multiprocessing import resource_tracker

    try:
        with _errors_nowhere():
            resource_tracker.ensure_running()
    except (OSError, ValueError):
        pass  # no processes to be had: the work is done in the run's threads (Workers)


@contextmanager
def _errors_nowhere() -> Iterator[None]:
    """Standard error (the descriptor, which a process started now keeps) to nowhere meanwhile: the tracker outlives an
    app killed with -9, and warned of the pool's leaked semaphores on the terminal the app had drawn on. Only a
    terminal: another standard error (a log) keeps what it is told."""
    if not os.isatty(2):
        yield
        return
    kept = os.dup(2)
    nowhere = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(nowhere, 2)
        yield
    finally:
        os.dup2(kept, 2)
        os.close(kept)
        os.close(nowhere)
