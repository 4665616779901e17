"""The answers cache is an optimisation: a cache that is damaged, deleted, unreadable or
on a full disk never fails a page, is logged once, and recovers by itself."""

import logging
import sqlite3
import stat

from answers_cache import ANSWERS_EXTENSION, AnswersCache, CacheSettings
from answers_cache.disk_answers import DATABASE
from components import ids
from tests.computations import Computations
from tests.dash_requests import call_callback, output_of

FILTERS = {"dataset_id": 1, "start": "2025-01", "end": "2025-06", "strand": "race", "boroughs": []}


def _cache(directory, retry_seconds=0.0):
    return AnswersCache(CacheSettings(directory=directory, size_mb=8, retry_seconds=retry_seconds))


def _garble(directory):
    for path in directory.rglob("*"):
        if path.is_file():
            path.write_bytes(b"not a cache at all " * 200)


def test_garbage_written_into_the_cache_while_serving_is_computed_around_and_recovers(tmp_path, caplog):
    cache = _cache(tmp_path / "answers")
    compute = Computations()
    assert cache.cached("v", "map", {}, compute) == {"answer": 1}
    _garble(tmp_path / "answers")
    with caplog.at_level(logging.WARNING):
        first = cache.cached("v", "map", {}, compute)
        second = cache.cached("v", "map", {}, compute)
    assert first == {"answer": 2}
    # Opened again: the damaged database set aside, a new one made, and answers kept again.
    assert second == {"answer": 3} and cache.cached("v", "map", {}, compute) == {"answer": 3}
    assert any(path.name.startswith(DATABASE + ".damaged-") for path in (tmp_path / "answers").iterdir())
    assert sum("could not" in record.getMessage() for record in caplog.records) <= 2
    cache.close()


def test_a_damaged_cache_database_does_not_stop_the_server_starting(tmp_path):
    directory = tmp_path / "answers"
    directory.mkdir()
    (directory / DATABASE).write_bytes(b"garbage" * 1000)
    cache = _cache(directory)
    compute = Computations()
    assert cache.cached("v", "trend", {}, compute) == cache.cached("v", "trend", {}, compute) == {"answer": 1}
    cache.close()


def test_a_deleted_cache_directory_is_computed_around_and_made_again(tmp_path):
    directory = tmp_path / "answers"
    cache = _cache(directory, retry_seconds=0.0)
    compute = Computations()
    cache.cached("v", "map", {}, compute)
    # A worker forked after the deletion has no open database to fall back on.
    import shutil
    shutil.rmtree(directory)
    cache._backend._cache.close()
    assert cache.cached("v", "map", {"other": 1}, compute) == {"answer": 2}
    assert cache.cached("v", "map", {"other": 1}, compute) == {"answer": 3}
    assert cache.cached("v", "map", {"other": 1}, compute) == {"answer": 3}
    assert directory.is_dir()
    cache.close()


def test_a_cache_directory_that_cannot_be_made_is_computed_around(tmp_path):
    # A file where the directory should be fails for root too (chmod 000 would not).
    (tmp_path / "answers").write_text("in the way")
    cache = _cache(tmp_path / "answers")
    compute = Computations()
    assert cache.cached("v", "map", {}, compute) == {"answer": 1}
    assert cache.cached("v", "map", {}, compute) == {"answer": 2}


def test_an_unopenable_cache_is_computed_around_then_used_when_it_opens(tmp_path):
    attempts = []

    def opener(settings):
        attempts.append(1)
        if len(attempts) == 1:
            raise sqlite3.OperationalError("unable to open database file")
        from answers_cache.shared_answers import open_backend
        return open_backend(settings)

    cache = AnswersCache(CacheSettings(directory=tmp_path / "answers", size_mb=8, retry_seconds=0.0), opener)
    assert attempts == [1]  # at start, before the workers fork
    compute = Computations()
    assert cache.cached("v", "map", {}, compute) == {"answer": 1}
    assert cache.cached("v", "map", {}, compute) == {"answer": 1}
    assert attempts == [1, 1]
    cache.close()


def _full_disk(*args, **kwargs):
    raise sqlite3.OperationalError("database or disk is full")


def test_on_a_full_disk_stored_answers_are_still_read_and_new_ones_computed(tmp_path, monkeypatch, caplog):
    cache = _cache(tmp_path / "answers", retry_seconds=60)
    compute = Computations()
    assert cache.cached("v", "stored before", {}, compute) == {"answer": 1}
    backend = cache._backend
    monkeypatch.setattr(backend._cache, "set", _full_disk)
    monkeypatch.setattr(backend._cache, "add", _full_disk)
    with caplog.at_level(logging.WARNING):
        assert cache.cached("v", "new", {}, compute) == {"answer": 2}
        assert cache.cached("v", "new", {}, compute) == {"answer": 3}
    assert cache.cached("v", "stored before", {}, compute) == {"answer": 1}
    assert cache._backend is backend
    assert [record.getMessage() for record in caplog.records if "could not" in record.getMessage()] == [
        "The answers cache (the directory %s) could not take a lock (OperationalError: database or disk is "
        "full). Stored answers are still read; new ones are computed and not stored, and storing is tried "
        "again every 60 s." % (tmp_path / "answers")]
    cache.close()


def test_reading_an_answer_writes_nothing(tmp_path, monkeypatch):
    cache = _cache(tmp_path / "answers")
    compute = Computations()
    cache.cached("v", "map", {}, compute)
    connection = cache._backend._cache._con
    statements = []
    connection.set_trace_callback(statements.append)
    assert cache.cached("v", "map", {}, compute) == {"answer": 1}
    assert statements and all(statement.lstrip().upper().startswith("SELECT") for statement in statements)
    cache.close()


def test_a_damaged_answer_file_is_one_miss_not_a_broken_cache(tmp_path):
    cache = _cache(tmp_path / "answers")
    compute = Computations()
    # Large answers are pickled into files of their own, beside the database.
    cache.cached("v", "big", {}, lambda: {"figure": "x" * 100_000})
    cache.cached("v", "small", {}, compute)
    for path in (tmp_path / "answers").rglob("*.val"):
        path.write_bytes(b"\x80\x04garbage")
    assert cache.cached("v", "big", {}, lambda: "recomputed") == "recomputed"
    assert cache.cached("v", "big", {}, lambda: "again") == "recomputed"
    assert cache.cached("v", "small", {}, compute) == {"answer": 1}
    cache.close()


def test_the_cache_directory_and_database_are_private_to_the_service_user(tmp_path):
    directory = tmp_path / "answers"
    directory.mkdir(mode=0o755)
    directory.chmod(0o755)
    cache = _cache(directory)
    cache.cached("v", "map", {}, Computations())
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    assert stat.S_IMODE((directory / DATABASE).stat().st_mode) & 0o077 == 0
    cache.close()


def test_a_page_still_answers_when_its_cache_is_garbage(app, client, monkeypatch, tmp_path):
    directory = tmp_path / "answers"
    # Dash takes its callbacks once per process: the test app, given this cache.
    monkeypatch.setitem(app.server.extensions, ANSWERS_EXTENSION, _cache(directory, 60))
    inputs = {f"{ids.FILTER_STATE}.data": FILTERS, f"{ids.OVERVIEW_MAP_METRIC}.value": "count"}
    status, body = call_callback(client, ids.OVERVIEW_MAP, inputs)
    assert status == 200
    drawn = output_of(body, ids.OVERVIEW_MAP, "figure")
    _garble(directory)
    for metric in ("count", "rate", "count"):
        status, body = call_callback(client, ids.OVERVIEW_MAP, {**inputs, f"{ids.OVERVIEW_MAP_METRIC}.value": metric})
        assert status == 200
    assert output_of(body, ids.OVERVIEW_MAP, "figure") == drawn
    app.server.extensions[ANSWERS_EXTENSION].close()
