"""How many threads DuckDB should give one query when the web server answers several
requests at once. Measured, not assumed:

    .venv/bin/python -m bench.duckdb_threads --store /tmp/bench-stores/bench-1M.duckdb

For each DuckDB `threads` setting, the work of one profile click (its headlines, its
three charts and its two tables, straight from their definitions, no answers cache) is
run by 1 and by 4 Python threads at once, each with its own cursor on one connection, as
one Gunicorn worker with 4 threads does. DuckDB releases the GIL while a query runs, so
the threads overlap as they do in the server. Reports each setting's time per click
(median and 95th percentile) and clicks answered per second.
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time

import duckdb

from bench.figure_timing import last_year_state
from charts.context import context_for_state, viewer_facts
from charts.headlines import borough_headlines
from charts.registry import chart_answer
from charts.table_registry import table_answer
from components import ids
from queries.store import ATTACHED_NAME

BOROUGHS = ("camden", "hackney", "westminster", "barnet", "croydon", "newham", "sutton", "ealing")
PROFILE_CHARTS = (ids.PROFILE_TREND, ids.PROFILE_AGAINST_LONDON, ids.PROFILE_STRANDS)
PROFILE_TABLES = (ids.PROFILE_RANKS_TABLE, ids.PROFILE_MONTHS_TABLE)


def profile_click(cursor, facts, slug: str) -> None:
    context = context_for_state(facts, last_year_state(facts, (slug,)))
    options = {"borough": slug}
    borough_headlines(cursor, context, slug, keys=("rolling", "period", "rate", "rank"))  # what the page shows
    for chart_id in PROFILE_CHARTS:
        chart_answer(cursor, context, chart_id, options)
    for table_id in PROFILE_TABLES:
        table_answer(cursor, context, table_id, options)


def open_store(path: str, threads: int) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(":memory:", config={"threads": threads})
    connection.execute(f"ATTACH ? AS {ATTACHED_NAME} (READ_ONLY)", [path])
    return connection


def run(path: str, threads: int, workers: int, clicks_each: int) -> dict:
    connection = open_store(path, threads)
    warm = connection.cursor()
    warm.execute(f"USE {ATTACHED_NAME}")
    facts = viewer_facts(warm)
    profile_click(warm, facts, BOROUGHS[0])  # imports, first reads of the file
    times: list[float] = []
    lock = threading.Lock()

    def worker(number: int) -> None:
        cursor = connection.cursor()
        cursor.execute(f"USE {ATTACHED_NAME}")
        for click in range(clicks_each):
            started = time.perf_counter()
            profile_click(cursor, facts, BOROUGHS[(number + click) % len(BOROUGHS)])
            with lock:
                times.append(time.perf_counter() - started)

    started = time.perf_counter()
    pool = [threading.Thread(target=worker, args=(number,)) for number in range(workers)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - started
    connection.close()
    ordered = sorted(times)
    return {"threads": threads, "workers": workers, "clicks": len(times),
            "median_ms": 1000 * statistics.median(ordered),
            "p95_ms": 1000 * ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))],
            "clicks_per_s": len(times) / elapsed}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.duckdb_threads", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", required=True, help="a store built by python -m bench (or any store)")
    parser.add_argument("--threads", default="1,2", help="DuckDB thread settings to compare (default: 1,2)")
    parser.add_argument("--clicks", type=int, default=48, help="profile clicks per setting and load (default: 48)")
    parser.add_argument("--rounds", type=int, default=2,
                        help="times each setting is run, the settings taking turns, so a slow spell of the "
                             "machine does not fall on one setting (default: 2)")
    args = parser.parse_args(argv)
    print("| DuckDB threads | requests at once | round | clicks | median ms | p95 ms | clicks/s |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for workers in (1, 4):
        for round_number in range(1, args.rounds + 1):
            for threads in (int(part) for part in args.threads.split(",")):
                result = run(args.store, threads, workers, max(args.clicks // workers, 1))
                print(f"| {result['threads']} | {result['workers']} | {round_number} | {result['clicks']} | "
                      f"{result['median_ms']:.0f} | {result['p95_ms']:.0f} | {result['clicks_per_s']:.1f} |",
                      flush=True)


if __name__ == "__main__":
    main()
