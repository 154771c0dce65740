"""The search index's options, measured: FTS5 prefix indexes against the table as it is. Prints its figures.

    .venv/bin/python bench/bench_search_index.py            # 100,000 full articles
    .venv/bin/python bench/bench_search_index.py --count N

The app searches as the reader types: from the third letter on, every letter is
a prefix query (`"min"*`, `"mini"*`, …) that, without a prefix index, merges
the documents of every word of the index that starts with those letters. A
prefix index of a length answers a query of exactly that length from one list.
Each variant of the `search` table is built as the library builds it (1,000
articles per transaction), in a file of its own; then the app's query
(SELECT json_group_array(rowid) … MATCH) is timed round-robin across the
variants, so that the shared machine's load falls on all of them alike.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from synthetic import articles

from feeds.store.rows import key_of, search_text

TOKENIZER = "tokenize='unicode61 remove_diacritics 2'"
VARIANTS = {  # the options that follow content='' in the table's definition
    "now": "detail=none",
    "prefix='3'": "detail=none, prefix='3'",
    "prefix='3 4'": "detail=none, prefix='3 4'",
    "prefix='3 4 5 6 7 8'": "detail=none, prefix='3 4 5 6 7 8'",
}
QUERIES = [*(f'"{"minister"[:n]}"*' for n in range(3, 9)), '"het"*', '"een"*', '"over"*', '"zeeland"* AND "minister"*']
ROUNDS = 15
BATCH = 1000


def build(path: Path, options: str, texts: list[tuple[int, str, str]]) -> tuple[float, float]:
    """The table with these options, filled a batch per transaction; (wall, CPU) seconds."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    connection.execute(f"CREATE VIRTUAL TABLE search USING fts5 (title, text, content='', {options}, {TOKENIZER})")
    wall, cpu = time.perf_counter(), time.process_time()
    for start in range(0, len(texts), BATCH):
        connection.execute("BEGIN IMMEDIATE")
        connection.executemany("INSERT INTO search (rowid, title, text) VALUES (?, ?, ?)", texts[start:start + BATCH])
        connection.execute("COMMIT")
    figures = time.perf_counter() - wall, time.process_time() - cpu
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=100_000, help="articles (default 100,000)")
    args = parser.parse_args()
    # In the order the library stores them, and so indexes them: not in key order, which FTS5 appends cheaply.
    texts = list({key_of(article.id): (key_of(article.id), *search_text(article)) for article, _ in articles(args.count)}.values())
    with tempfile.TemporaryDirectory() as scratch:
        connections = {}
        for name, options in VARIANTS.items():
            path = Path(scratch) / f"{len(connections)}.sqlite"
            wall, cpu = build(path, options, texts)
            print(f"{name:<22} built in {wall:5.1f} s ({cpu:5.1f} s CPU), {path.stat().st_size / 1e6:4.0f} MB", flush=True)
            connections[name] = sqlite3.connect(path)
            connections[name].execute("PRAGMA cache_size = -16000")  # as the library's connections
        times: dict[tuple[str, str], list[float]] = {(name, query): [] for name in VARIANTS for query in QUERIES}
        hits = {}
        for _ in range(ROUNDS):
            for query in QUERIES:
                for name, connection in connections.items():
                    started = time.perf_counter()
                    [(found,)] = connection.execute("SELECT json_group_array(rowid) FROM search WHERE search MATCH ?", (query,)).fetchall()
                    times[name, query].append((time.perf_counter() - started) * 1000)
                    hits[query] = 0 if found == "[]" else found.count(",") + 1
        print(f"\nquery, ms (median of {ROUNDS}){'':12}" + "".join(f"{name:>22}" for name in VARIANTS))
        for query in QUERIES:
            label = f"{query} ({hits[query]:,} hits)"
            print(f"{label:<40}" + "".join(f"{statistics.median(times[name, query]):>22.1f}" for name in VARIANTS))
        for connection in connections.values():
            connection.close()


if __name__ == "__main__":
    main()
