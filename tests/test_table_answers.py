"""Every registry table answers with data, and the page, its CSV and the briefing pack
render that one answer: the numbers cannot drift between them.

For each kind of dataset (an incident extract, the Met's published counts), every table
of charts/table_registry.py answers with a heading, units in its column names and
formats only for its own columns; building twice gives equal answers; its CSV is made by
the server when the button is pressed (never carried in the page) and holds exactly the
answer's rows; a crafted request for a table gets 400 and a sentence."""

import datetime as dt
import io
import json

import duckdb
import pandas as pd
import pytest

from bench.figure_timing import last_year_state
from callbacks.stands_out import MAX_CHANGES_LISTED
from charts import table_registry
from charts.context import context_for_state, viewer_facts
from charts.headlines import borough_headlines
from components import ids
from components.url_state import FilterState
from exports.briefing_pack import build_briefing_pack, pack_context, pack_headline
from figures.tables import table_csv
from queries.rates import RATE_UNIT
from tests.rate_units import rate_columns
from tests.dash_requests import (call_callback, find_component, output_of, table_download, table_download_payload,
                                  table_records)

UNIT_WORDS = ("(count)", "(offences)", "(%)", "per 1,000 residents per year", "(1 = highest)", "p-value", "(mid-2021)")


@pytest.fixture(scope="module", params=["incidents", "published"])
def dataset(request, demo_store_path, small_published_store_path):
    path = demo_store_path if request.param == "incidents" else small_published_store_path
    con = duckdb.connect(str(path), read_only=True)
    cursor = con.cursor()
    facts = viewer_facts(cursor)
    yield cursor, facts
    con.close()


def options_for(table_id: str) -> list:
    if table_id == ids.STANDS_OUT_CHANGES_TABLE:
        return [{"every_strand": True}, {"every_strand": False}]
    if table_id == ids.COMPARE_DATATABLE:
        return [{"verdict": verdict} for verdict in ("all", "rises", "falls")]
    if table_id == ids.PROFILE_OUTCOMES_TABLE:
        return [{"borough": "camden"}, {}]
    if table_id == ids.PARTNERS_TABLE:
        return [{"area": "camden"}, {}]
    return [{"borough": "camden"}]


@pytest.mark.parametrize("table_id", list(table_registry.TABLES))
def test_every_table_answers_with_a_heading_units_and_its_own_formats(dataset, table_id):
    cursor, facts = dataset
    definition = table_registry.TABLES[table_id]
    for boroughs in ((), ("camden",)):
        context = context_for_state(facts, last_year_state(facts, boroughs))
        for raw in options_for(table_id):
            options = definition.check_options(raw, context)
            answer = definition.build(cursor, context, options)
            again = definition.build(cursor, context, options)
            assert answer.heading and answer.name and answer.heading == again.heading
            if answer.message is not None:
                assert answer.frame.empty and answer.message == again.message
                continue
            assert answer.frame.equals(again.frame)
            numeric = [column for column in answer.frame.columns
                       if pd.api.types.is_numeric_dtype(answer.frame[column])]
            assert all(any(word in column for word in UNIT_WORDS) for column in numeric), numeric
            assert set(answer.links) | set(answer.sort_keys) <= set(answer.frame.columns)
            if answer.extra is not None:
                assert len(answer.extra) == len(answer.frame)
                assert set(answer.links.values()) | set(answer.sort_keys.values()) <= set(answer.extra.columns)
            csv = pd.read_csv(io.StringIO(table_csv(answer.csv_frame())))
            assert list(csv.columns[:len(answer.frame.columns)]) == list(answer.frame.columns)
            assert len(csv) == len(answer.frame)
            if answer.note:
                assert set(csv.Note) == {answer.note}


@pytest.mark.parametrize("table_id", list(table_registry.TABLES))
def test_every_rate_column_of_every_table_is_per_1000_residents_per_year(dataset, table_id):
    cursor, facts = dataset
    definition = table_registry.TABLES[table_id]
    shown = []
    for boroughs in ((), ("camden",)):
        context = context_for_state(facts, last_year_state(facts, boroughs))
        for raw in options_for(table_id):
            answer = definition.build(cursor, context, definition.check_options(raw, context))
            columns = rate_columns(answer.frame.columns)
            assert all(RATE_UNIT in column for column in columns), (table_id, list(answer.frame.columns))
            assert answer.heading.count("per 1,000") == answer.heading.count(RATE_UNIT), answer.heading
            shown += columns
    if table_id in (ids.COMPARE_DATATABLE, ids.PROFILE_RANKS_TABLE):
        assert shown, f"{table_id} shows rates: the check above must have found them"


@pytest.mark.parametrize("table_id, options", [
    (ids.PROFILE_RANKS_TABLE, {"borough": "atlantis"}),
    (ids.PROFILE_RANKS_TABLE, {"borough": "camden", "extra": 1}),
    (ids.COMPARE_DATATABLE, {"verdict": "rising"}),
    (ids.STANDS_OUT_CHANGES_TABLE, {"every_strand": "yes"}),
    ("no-such-table", None),
    (["a", "list"], None),
])
def test_a_crafted_table_download_gets_400_and_a_sentence(client, table_id, options):
    filters = {"dataset_id": 1, "start": "2025-01", "end": "2025-12", "strand": "all", "boroughs": []}
    payload = table_download_payload(table_id, options, filters)
    response = client.post("/_dash-update-component", data=json.dumps(payload), content_type="application/json")
    assert response.status_code == 400
    sentence = response.get_json()["error"]
    assert sentence.endswith(".") and "Traceback" not in sentence and "SELECT" not in sentence


def test_registry_tables_carry_no_csv_in_the_page(client):
    filters = {"dataset_id": 1, "start": "2025-01", "end": "2025-12", "strand": "all", "boroughs": []}
    status, body = call_callback(client, ids.PROFILE_TREND, {f"{ids.FILTER_STATE}.data": filters,
                                                             f"{ids.PROFILE_SLUG}.data": "camden"})
    assert status == 200 and "data:text/csv" not in json.dumps(body)
    status, body = call_callback(client, ids.COMPARE_TABLE, {f"{ids.FILTER_STATE}.data": filters})
    assert status == 200 and "data:text/csv" not in json.dumps(body)


def test_a_long_table_lists_its_first_rows_and_its_csv_has_them_all(app, demo_store_path, monkeypatch):
    """Every area and strand of the demo store over 2025: more changes beyond chance than
    the page lists."""
    from queries.store import STORE_EXTENSION, ReadOnlyStore

    server = app.server
    monkeypatch.setitem(server.extensions, STORE_EXTENSION, ReadOnlyStore(demo_store_path))
    client = server.test_client()
    filters = {"dataset_id": 1, "start": "2025-01", "end": "2025-12", "strand": "all", "boroughs": []}
    status, body = call_callback(client, ids.STANDS_OUT_CHANGES, {
        f"{ids.FILTER_STATE}.data": filters, f"{ids.STANDS_OUT_WHEN}.value": "period",
        f"{ids.STANDS_OUT_STRANDS}.value": True})
    assert status == 200
    changes = output_of(body, ids.STANDS_OUT_CHANGES, "children")
    rows = table_records(changes)
    csv = pd.read_csv(io.StringIO(table_download(client, changes, filters)["csv"]))
    assert len(rows) == min(len(csv), MAX_CHANGES_LISTED)
    if len(csv) > MAX_CHANGES_LISTED:
        note = find_component(changes, lambda c: "rows are listed" in str(c["props"].get("children", "")))
        assert note is not None
    assert [row["Area"] for row in rows] == csv.Area.head(len(rows)).tolist()


def test_the_pack_and_the_profile_show_the_same_headlines_and_rank_table(known_cursor):
    state = FilterState(1, dt.date(2025, 1, 1), dt.date(2025, 12, 1), "all", ())
    context = pack_context(known_cursor, state)
    pack = build_briefing_pack(known_cursor, context, "camden", today=dt.date(2026, 1, 1))
    headlines = borough_headlines(known_cursor, context, "camden")
    assert pack.headlines == [pack_headline(item) for item in headlines]
    assert [item.figure for item in headlines[:2]] == ["4", "4"]  # Camden's 2025: 4 distinct offences
    page_table = table_registry.table_answer(known_cursor, context, ids.PROFILE_RANKS_TABLE, {"borough": "camden"})
    assert pack.tables[0].frame.equals(page_table.frame)
