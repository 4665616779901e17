"""The meeting case: when many people ask the same chart of the same store, it is built
once and shared (answers_cache/); a different question, or a new store, builds again."""

import dataclasses
import shutil

from charts import registry
from charts.context import page_context, store_cursor
from components import ids
from queries.store import STORE_EXTENSION, ReadOnlyStore
from tests.dash_requests import call_callback, output_of

FILTERS = {"dataset_id": 1, "start": "2025-01", "end": "2025-06", "strand": "race", "boroughs": []}


def counting_builds(monkeypatch, chart_id):
    calls = []
    definition = registry.CHARTS[chart_id]

    def build(cursor, context, options):
        calls.append(options)
        return definition.build(cursor, context, options)

    monkeypatch.setitem(registry.CHARTS, chart_id, dataclasses.replace(definition, build=build))
    return calls


def ask_for_the_map(client, metric="count"):
    status, body = call_callback(client, ids.OVERVIEW_MAP, {
        f"{ids.FILTER_STATE}.data": FILTERS, f"{ids.OVERVIEW_MAP_METRIC}.value": metric})
    assert status == 200
    return output_of(body, ids.OVERVIEW_MAP, "figure")


def test_twenty_people_asking_the_same_map_build_it_once(client, monkeypatch):
    calls = counting_builds(monkeypatch, ids.OVERVIEW_MAP)
    answers = [ask_for_the_map(client) for _ in range(20)]
    assert len(calls) == 1
    assert all(answer == answers[0] for answer in answers)
    ask_for_the_map(client, metric="rate")
    assert len(calls) == 2


def test_a_new_store_is_never_answered_from_the_old_one(app, client, known_store_path, tmp_path, monkeypatch):
    calls = counting_builds(monkeypatch, ids.OVERVIEW_MAP)
    ask_for_the_map(client, metric="change")
    copy = tmp_path / "swapped.duckdb"
    shutil.copy(known_store_path, copy)
    monkeypatch.setitem(app.server.extensions, STORE_EXTENSION, ReadOnlyStore(copy))
    ask_for_the_map(client, metric="change")
    assert len(calls) == 2
    app.server.extensions[STORE_EXTENSION].close()


def test_a_small_trend_of_what_stands_out_is_built_once_whatever_the_pages_filters_and_place(app, monkeypatch):
    # It is drawn from its own options (area, strand, month) and the dataset alone.
    first, second = ids.STANDS_OUT_ITEM_CHARTS[:2]
    calls = counting_builds(monkeypatch, first)
    monkeypatch.setitem(registry.CHARTS, second, dataclasses.replace(registry.CHARTS[second],
                                                                     build=registry.CHARTS[first].build))
    options = {"area": "camden", "strand": "race", "month": "2025-06"}
    with app.server.test_request_context():
        cursor = store_cursor()
        for chart_id, filters in [(first, FILTERS), (first, {**FILTERS, "strand": "all", "start": "2024-01"}),
                                  (second, {**FILTERS, "boroughs": ["hackney"]})]:
            registry.chart_answer(cursor, page_context(cursor, filters), chart_id, options)
        assert len(calls) == 1
        registry.chart_answer(cursor, page_context(cursor, FILTERS), first, {**options, "strand": "all"})
        assert len(calls) == 2
