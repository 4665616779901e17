"""Every chart's "Show as table" is filled when it is opened (callbacks/chart_tables.py):
a page's answer carries no table, an opened table lists what its chart draws, read from
the same shared answer, and a crafted request gets 400 and a sentence."""

import json

import pytest

from callbacks.chart_tables import NOTHING_DRAWN
from components import ids
from tests.dash_requests import call_callback, component_text, open_chart_table, output_of
from tests.test_charts_are_built_once_per_question import counting_builds

# Filters no other test asks for: answers are shared between tests through the app's cache.
FILTERS = {"dataset_id": 1, "start": "2025-01", "end": "2025-11", "strand": "all", "boroughs": []}


def draw_the_map(client, metric="count"):
    status, body = call_callback(client, ids.OVERVIEW_MAP, {
        f"{ids.FILTER_STATE}.data": FILTERS, f"{ids.OVERVIEW_MAP_METRIC}.value": metric})
    assert status == 200
    return body["response"]


def test_a_pages_answer_carries_the_chart_and_its_options_but_no_table(client):
    response = draw_the_map(client)
    table = json.dumps({"chart": ids.OVERVIEW_MAP, "type": ids.CHART_TABLE}, separators=(",", ":"))
    options = json.dumps({"chart": ids.OVERVIEW_MAP, "type": ids.CHART_OPTIONS}, separators=(",", ":"))
    assert table not in response
    assert response[options]["data"] == {"metric": "count"}


def test_an_opened_table_lists_every_borough_the_map_draws_without_building_the_map_again(client, monkeypatch):
    calls = counting_builds(monkeypatch, ids.OVERVIEW_MAP)
    draw_the_map(client, metric="rate")
    status, table = open_chart_table(client, ids.OVERVIEW_MAP, {"metric": "rate"}, FILTERS)
    assert status == 200, table
    text = component_text(table)
    assert "Camden" in text and "Westminster" in text and "City of London" in text
    assert len(calls) == 1  # the table read the answer the page drew


def test_a_table_follows_the_options_the_chart_was_redrawn_with(client):
    _, by_count = open_chart_table(client, ids.OVERVIEW_MAP, {"metric": "count"}, FILTERS)
    _, by_rate = open_chart_table(client, ids.OVERVIEW_MAP, {"metric": "rate"}, FILTERS, opened=3)
    assert component_text(by_count) != component_text(by_rate)


def test_a_profile_chart_with_no_borough_chosen_says_it_has_nothing_to_list(client):
    assert open_chart_table(client, ids.PROFILE_TREND, None, FILTERS) == (
        200, {"props": {"children": NOTHING_DRAWN, "className": "small text-muted"}, "type": "P",
              "namespace": "dash_html_components"})


@pytest.mark.parametrize("chart_id, wanted, sentence", [
    ("no-such-chart", 1, "There is no such chart in the dashboard."),
    (ids.OVERVIEW_MAP, True, "How often the table was opened must be a whole number."),
    (ids.OVERVIEW_MAP, -1, "How often the table was opened must be a whole number."),
])
def test_a_crafted_table_request_gets_400_and_a_sentence(client, chart_id, wanted, sentence):
    status, body = open_chart_table(client, chart_id, {"metric": "count"}, FILTERS, opened=wanted)
    assert status == 400 and sentence in str(body)


def test_a_table_request_with_options_the_chart_does_not_take_gets_400(client):
    status, body = open_chart_table(client, ids.OVERVIEW_MAP, {"metric": "count", "figure": {"data": []}}, FILTERS)
    assert status == 400 and "This chart does not take an option called 'figure'." in str(body)


def test_show_as_table_right_aligns_numbers_and_keeps_codes_and_months_whole():
    import pandas as pd

    from components.charts import numbers_table
    from figures.answer import ChartAnswer, ChartText

    table = pd.DataFrame({"Borough": ["Camden", "Hackney"], "GSS code": ["E09000007", "E09000012"],
                          "Month": ["2025-01", "2025-02"], "Offences (count)": [1377, 12],
                          "Rate per 1,000 residents": [6.544987879652075, float("nan")]})
    answer = ChartAnswer(ChartText("Camden and Hackney"), table=table, figure={"data": [], "layout": {}})
    rendered = numbers_table(answer).children[0]
    head, body = rendered.children[1], rendered.children[2]
    assert [cell.className for cell in head.children.children] == [None, None, None, "number", "number"]
    first = body.children[0].children
    assert [(cell.children, cell.className) for cell in first] == [
        ("Camden", None), ("E09000007", "code"), ("2025-01", "code"), ("1,377", "number"), ("6.54", "number")]
    assert (body.children[1].children[4].children, body.children[1].children[4].className) == ("", None)
