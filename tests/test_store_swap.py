"""The dashboard keeps serving while a load swaps a new store in: requests that started
on the old file finish on it, the next ones read the new file, and facts remembered
from the old file are dropped with it."""

from tests.load_fixtures import run_cli, write_wide
from tests.store_fixtures import build_known_store
from queries.store import ReadOnlyStore

DATASETS = "SELECT name FROM datasets ORDER BY name"
NEVER_WAIT = 0.0  # check the file on every cursor, so the test needs no sleeping


def _names(cursor):
    return [row[0] for row in cursor.execute(DATASETS).fetchall()]


def test_a_swapped_in_store_is_read_by_the_next_request_and_the_running_one_finishes_on_the_old(tmp_path):
    path = tmp_path / "store.duckdb"
    build_known_store(path)
    store = ReadOnlyStore(path, check_interval=NEVER_WAIT)
    try:
        in_flight = store.cursor()
        old_version = store.version
        assert _names(in_flight) == ["Known incidents"]
        assert run_cli(path, "load-mps-wide", str(write_wide(tmp_path / "wide.csv")), "--name", "Published") == 0
        assert _names(in_flight) == ["Known incidents"]
        assert _names(store.cursor()) == ["Known incidents", "Published"]
        assert store.version != old_version
    finally:
        store.close()


def test_remembered_facts_are_dropped_with_the_old_file(tmp_path):
    path = tmp_path / "store.duckdb"
    build_known_store(path)
    store = ReadOnlyStore(path, check_interval=NEVER_WAIT)
    try:
        cursor = store.cursor()
        assert store.remember("datasets", lambda: _names(cursor)) == ["Known incidents"]
        assert run_cli(path, "load-mps-wide", str(write_wide(tmp_path / "wide.csv")), "--name", "Published") == 0
        cursor = store.cursor()
        assert store.remember("datasets", lambda: _names(cursor)) == ["Known incidents", "Published"]
    finally:
        store.close()


def test_the_file_is_checked_at_most_once_per_interval(tmp_path):
    path = tmp_path / "store.duckdb"
    build_known_store(path)
    store = ReadOnlyStore(path, check_interval=3600)
    try:
        version = (store.cursor(), store.version)[1]
        assert run_cli(path, "load-mps-wide", str(write_wide(tmp_path / "wide.csv")), "--name", "Published") == 0
        assert _names(store.cursor()) == ["Known incidents"]
        assert store.version == version
    finally:
        store.close()
