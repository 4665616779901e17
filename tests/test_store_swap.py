"""The dashboard keeps serving while a load swaps a new store in: requests that started
on the old file finish on it, the next ones read the new file, and facts remembered
from the old file are dropped with it."""

import datetime as dt
import logging
import os

import duckdb
import pytest

from queries.expected_counts import expected_band
from queries.periods import Period
from queries.store import UNAVAILABLE, ReadOnlyStore, StoreError
from tests.load_fixtures import run_cli, write_wide
from tests.store_fixtures import build_known_store

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


def _swap_in(path, contents: bytes, tmp_path):
    """A file put in place by rename, as an operator or a copy gone wrong would."""
    incoming = tmp_path / "incoming.duckdb"
    incoming.write_bytes(contents)
    os.replace(incoming, path)


def _empty_duckdb(tmp_path) -> bytes:
    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).close()
    return other.read_bytes()


@pytest.mark.parametrize("bad", ["truncated", "cut at its last block", "garbage", "zero bytes", "another database"])
def test_a_store_file_that_cannot_be_read_is_refused_at_the_swap_and_the_last_good_one_answers(
        tmp_path, bad, caplog):
    path = tmp_path / "store.duckdb"
    build_known_store(path)
    good = path.read_bytes()
    contents = {"truncated": good[: len(good) // 3], "cut at its last block": good[:-4096],
                "garbage": os.urandom(50_000), "zero bytes": b"", "another database": _empty_duckdb(tmp_path)}[bad]
    store = ReadOnlyStore(path, check_interval=NEVER_WAIT)
    try:
        version = (store.cursor(), store.version)[1]
        _swap_in(path, contents, tmp_path)
        with caplog.at_level(logging.ERROR):
            for _ in range(3):
                assert _names(store.cursor()) == ["Known incidents"]
                assert store.version == version
        refusals = [record.getMessage() for record in caplog.records if "cannot be read" in record.getMessage()]
        assert len(refusals) == 1 and "Still answering from the last good file" in refusals[0]
        assert store.refused_newer_file
        _swap_in(path, good, tmp_path)  # a readable file again: read at once
        assert _names(store.cursor()) == ["Known incidents"] and store.version != version
        assert not store.refused_newer_file
    finally:
        store.close()


def test_with_no_good_file_yet_the_store_says_a_sentence_without_the_path(tmp_path):
    path = tmp_path / "secret-place" / "store.duckdb"
    path.parent.mkdir()
    path.write_bytes(b"garbage" * 100)
    store = ReadOnlyStore(path, check_interval=NEVER_WAIT)
    with pytest.raises(StoreError) as refused:
        store.cursor()
    assert str(refused.value) == UNAVAILABLE and "secret-place" not in str(refused.value)
    path.unlink()
    with pytest.raises(StoreError, match="not available just now"):
        store.cursor()


def test_a_store_built_before_expected_ranges_kept_their_no_trend_reason_still_answers(tmp_path):
    path = tmp_path / "store.duckdb"
    build_known_store(path)
    con = duckdb.connect(str(path))
    con.execute("ALTER TABLE expected_counts DROP COLUMN no_trend_reason")
    con.close()
    store = ReadOnlyStore(path, check_interval=NEVER_WAIT)
    try:
        band = expected_band(store.cursor(), dataset_id=1, area="E09000007", strand="all",
                             period=Period(dt.date(2025, 1, 1), dt.date(2025, 12, 1)))
        assert "no_trend_reason" in band.columns and band.no_trend_reason.isna().all()
    finally:
        store.close()
