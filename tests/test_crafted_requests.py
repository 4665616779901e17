"""A crafted request gets an error response or a validated answer: never a stack trace or SQL."""

import json

import pytest

from components import ids
from tests.dash_requests import call_callback, output_of

LEAKS = ("Traceback", "duckdb", "SELECT", "File \"", "Binder Error")


def assert_no_leak(text: str):
    for leak in LEAKS:
        assert leak not in text, f"response leaks {leak!r}: {text[:300]}"


@pytest.mark.parametrize("body", [b"not json", b"{}", b'{"output": "nonexistent.children"}',
                                  json.dumps({"output": f"{ids.OVERVIEW_MAP}.figure", "inputs": "x"}).encode()])
def test_malformed_callback_requests_get_a_short_error(client, body):
    response = client.post("/_dash-update-component", data=body, content_type="application/json")
    assert 400 <= response.status_code < 600
    assert_no_leak(response.get_data(as_text=True))


@pytest.mark.parametrize("crafted_state", [
    {"dataset_id": "1; DROP TABLE incidents", "start": "2025-01", "end": "2025-12", "strand": "all", "boroughs": []},
    {"dataset_id": 1, "start": "'; SELECT 1 --", "end": "2025-12", "strand": "all", "boroughs": []},
    {"dataset_id": 1, "start": "2025-01", "end": "2025-12", "strand": "is_race OR 1=1", "boroughs": []},
    {"dataset_id": 1, "start": "2025-01", "end": "2025-12", "strand": "all", "boroughs": "camden"},
    {"dataset_id": 1, "start": "2025-01", "end": "2025-12", "strand": "all", "boroughs": [{"x": 1}]},
    {"unexpected": True},
])
def test_crafted_filter_state_is_validated_not_trusted(client, crafted_state):
    status, body = call_callback(client, ids.OVERVIEW_MAP, {
        f"{ids.FILTER_STATE}.data": crafted_state, f"{ids.OVERVIEW_MAP_METRIC}.value": "count"})
    assert status == 200
    assert_no_leak(json.dumps(body))
    figure = output_of(body, ids.OVERVIEW_MAP, "figure")
    assert figure["data"], "a validated default view is drawn"


def test_unknown_map_metric_falls_back_to_the_rate(client):
    state = {"dataset_id": 1, "start": "2025-01", "end": "2025-12", "strand": "all", "boroughs": []}
    status, body = call_callback(client, ids.OVERVIEW_MAP, {
        f"{ids.FILTER_STATE}.data": state, f"{ids.OVERVIEW_MAP_METRIC}.value": "rate_per_1000); DROP"})
    assert status == 200
    assert "rate per 1,000 residents" in output_of(body, ids.OVERVIEW_MAP, "figure")["layout"]["title"]["text"]


def test_crafted_url_gets_sentences(client):
    status, body = call_callback(client, ids.FILTER_STATE, {
        "url.search": "?dataset=abc&from=9999-99&to=x&strand=<script>&borough=../../etc"},
        changed=["url.search"])
    assert status == 200
    message = json.dumps(output_of(body, ids.FILTER_MESSAGE, "children"))
    assert "no dataset 'abc'" in message and "is not a month" in message
    assert_no_leak(message)


def test_unknown_page_is_a_plain_not_found(client):
    response = client.get("/no-such-page")
    assert response.status_code in (200, 404)
    assert_no_leak(response.get_data(as_text=True))
