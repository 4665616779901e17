"""A query's answer, or one worked out in Python (queries.store.answered_once), is shared
by every request on the same open store file (queries/shared_results.py): a repeat runs
no query, a new file or other parameters do, callers cannot change what others get, and
the memory it takes is bounded."""

import datetime as dt

import pandas as pd
import pandas.testing as pt
import pytest

from queries.offence_types import offence_types_by_strand
from queries.outcome_breakdown import outcomes_by_strand
from queries.periods import Period
from queries.shared_results import SharedResults
from queries.store import ReadOnlyStore, RequestCursor, answered_once, fetch_df, fetch_store_fact
from queries.strand_combinations import strand_combinations, strand_overlap_shares
from queries.time_series import monthly_offences
from tests.load_fixtures import run_cli, write_wide
from tests.store_fixtures import build_known_store

NEVER_WAIT = 0.0
COUNT_SQL = "SELECT count(*)::BIGINT AS n FROM incidents WHERE dataset_id = $dataset_id"


class CountingCursor:
    """A cursor that counts the queries DuckDB is asked to run."""

    def __init__(self, cursor):
        self.cursor, self.executed = cursor, []

    def execute(self, sql, params=None):
        self.executed.append(sql)
        return self.cursor.execute(sql, params)


@pytest.fixture
def store(tmp_path):
    """A store that checks its file once an hour: every request reads the same file."""
    path = tmp_path / "store.duckdb"
    build_known_store(path)
    opened = ReadOnlyStore(path, check_interval=3600)
    yield opened
    opened.close()


def _request(store: ReadOnlyStore) -> tuple[RequestCursor, CountingCursor]:
    counting = CountingCursor(store.cursor())
    return RequestCursor(counting, remember=store.remember, shared_results=store.results), counting


def test_a_second_request_asking_the_same_query_runs_nothing_and_gets_the_same_frame(store):
    first, first_counted = _request(store)
    answer = fetch_df(first, COUNT_SQL, {"dataset_id": 1})
    second, second_counted = _request(store)
    again = fetch_df(second, COUNT_SQL, {"dataset_id": 1})
    other = fetch_df(second, COUNT_SQL, {"dataset_id": 2})
    assert len(first_counted.executed) == 1
    assert len(second_counted.executed) == 1  # only the query with other parameters
    pt.assert_frame_equal(answer, again)
    assert int(other.n.iloc[0]) == 0


def test_what_a_caller_changes_is_its_own(store):
    first, _ = _request(store)
    fetch_df(first, COUNT_SQL, {"dataset_id": 1}).loc[0, "n"] = -1
    second, _ = _request(store)
    assert int(fetch_df(second, COUNT_SQL, {"dataset_id": 1}).n.iloc[0]) > 0


def test_a_swapped_in_file_answers_afresh(tmp_path):
    path = tmp_path / "store.duckdb"
    build_known_store(path)
    store = ReadOnlyStore(path, check_interval=NEVER_WAIT)
    names = "SELECT name FROM datasets ORDER BY name"
    try:
        before, _ = _request(store)
        assert fetch_df(before, names).name.tolist() == ["Known incidents"]
        assert fetch_store_fact(before, names).name.tolist() == ["Known incidents"]
        assert run_cli(path, "load-mps-wide", str(write_wide(tmp_path / "wide.csv")), "--name", "Published") == 0
        after, counted = _request(store)
        assert fetch_df(after, names).name.tolist() == ["Known incidents", "Published"]
        assert fetch_store_fact(after, names).name.tolist() == ["Known incidents", "Published"]
        assert len(counted.executed) == 1  # the new file asked once; the fact is the same question
    finally:
        store.close()


def test_the_series_with_shared_answers_is_the_series_without(store):
    period = Period(dt.date(2024, 1, 1), dt.date(2024, 12, 1))
    query = dict(dataset_id=1, period=period, strands=["race", "all"], split_boroughs=True)
    plain = monthly_offences(store.cursor(), **query)
    for _ in range(2):  # the second answers from what the first left
        cursor, _ = _request(store)
        pt.assert_frame_equal(monthly_offences(cursor, **query), plain)


def test_the_least_recently_used_answers_go_first_when_the_bound_is_reached():
    frame = pd.DataFrame({"n": range(10)})
    results = SharedResults(max_bytes=8 * 1024 * 8)  # room for about twenty small frames
    for n in range(100):
        results.put(("sql", str(n)), frame)
        results.get(("sql", "0"))  # kept in use
    assert results.get(("sql", "0")) is not None
    assert results.get(("sql", "1")) is None
    assert results.get(("sql", "99")) is not None


def test_an_answer_too_large_to_share_is_not_kept():
    results = SharedResults(max_bytes=64 * 1024)
    results.put(("big",), pd.DataFrame({"n": range(10_000)}))
    assert results.get(("big",)) is None


def test_the_incident_breakdowns_of_one_area_and_period_read_the_store_once(store):
    period = Period(dt.date(2024, 1, 1), dt.date(2024, 12, 1))
    plain = store.cursor()
    cursor, counted = _request(store)
    answers = [(breakdown(cursor, dataset_id=1, period=period), breakdown(plain, dataset_id=1, period=period))
               for breakdown in (offence_types_by_strand, outcomes_by_strand, strand_combinations,
                                 strand_overlap_shares)]
    assert len(counted.executed) == 1  # one read of the offence profiles answers all four
    for shared, own in answers:
        pt.assert_frame_equal(shared, own)
    assert int(answers[2][0].offences.sum()) > 0


def test_a_computed_answer_is_worked_out_once_per_question_and_callers_keep_their_changes(store):
    calls = []

    @answered_once
    def doubled(cursor, *, n):
        calls.append(n)
        return pd.DataFrame({"n": [2 * n]})

    first, _ = _request(store)
    doubled(first, n=1).loc[0, "n"] = -1
    second, _ = _request(store)
    assert doubled(second, n=1).n.tolist() == [2]
    assert doubled(second, n=3).n.tolist() == [6]
    assert calls == [1, 3]
