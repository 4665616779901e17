"""A crafted request gets an error response or a validated answer: never a stack trace or SQL."""

import io
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
    {"dataset_id": 1, "start": "2020-13", "end": "2025-12", "strand": "all", "boroughs": ["../../etc"]},
])
def test_crafted_filter_values_are_validated_not_trusted(client, crafted_state):
    status, body = call_callback(client, ids.OVERVIEW_MAP, {
        f"{ids.FILTER_STATE}.data": crafted_state, f"{ids.OVERVIEW_MAP_METRIC}.value": "count"})
    assert status == 200
    assert_no_leak(json.dumps(body))
    figure = output_of(body, ids.OVERVIEW_MAP, "figure")
    assert figure["data"], "a validated default view is drawn"


@pytest.mark.parametrize("crafted_state, sentence", [
    ({"dataset_id": 1, "start": "2025-01", "end": "2025-12", "strand": "all", "boroughs": "camden"},
     "The boroughs in this request are not a list of borough names."),
    ({"dataset_id": 1, "start": "2025-01", "end": "2025-12", "strand": "all", "boroughs": [{"x": 1}]},
     "The boroughs in this request are not a list of borough names."),
    ({"unexpected": True}, "The filters in this request have a field the dashboard does not use."),
    ({"dataset_id": 1, "start": "2025-01", "end": "2025-12", "strand": ["all"], "boroughs": []},
     "The 'strand' filter in this request is not text."),
    ({"dataset_id": 1.5e300, "start": "2025-01", "end": "2025-12", "strand": "all", "boroughs": []},
     "The dataset in this request is not a dataset number."),
    ("not a dict", "The filters in this request are not a set of named values."),
])
def test_filter_state_of_the_wrong_types_gets_400_and_a_sentence(client, crafted_state, sentence):
    status, body = call_callback(client, ids.OVERVIEW_MAP, {
        f"{ids.FILTER_STATE}.data": crafted_state, f"{ids.OVERVIEW_MAP_METRIC}.value": "count"})
    assert status == 400 and body == {"error": sentence}


def test_an_unknown_map_metric_gets_400_and_a_sentence(client):
    state = {"dataset_id": 1, "start": "2025-01", "end": "2025-12", "strand": "all", "boroughs": []}
    status, body = call_callback(client, ids.OVERVIEW_MAP, {
        f"{ids.FILTER_STATE}.data": state, f"{ids.OVERVIEW_MAP_METRIC}.value": "rate_per_1000_per_year); DROP"})
    assert status == 400 and body == {"error": "'metric' must be one of count, rate, change, outcome_rate."}


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


def _page_router_request(client, **pathname):
    router = next(d for d in client.get("/_dash-dependencies").get_json() if "_pages_content.children" in d["output"])
    outputs = [{"id": part.rsplit(".", 1)[0], "property": part.rsplit(".", 1)[1]}
               for part in router["output"][2:-2].split("...")]
    inputs = [{"id": spec["id"], "property": spec["property"], **({"value": "?"} if spec["property"] == "search" else
                                                                  pathname)} for spec in router["inputs"]]
    return {"output": router["output"], "outputs": outputs, "inputs": inputs,
            "state": [{"id": spec["id"], "property": spec["property"]} for spec in router["state"]],
            "changedPropIds": []}


def test_a_page_routing_input_without_a_value_gets_400_and_a_sentence(client):
    response = client.post("/_dash-update-component", json=_page_router_request(client))
    assert response.status_code == 400
    assert response.get_json() == {"error": "The request's pathname is not an address part the browser sends."}
    assert client.post("/_dash-update-component", json=_page_router_request(client, value="/")).status_code == 200


def _chunked(client, body: bytes):
    return client.post("/_dash-update-component", input_stream=io.BytesIO(body),
                       headers={"Transfer-Encoding": "chunked", "Content-Type": "application/json"},
                       environ_overrides={"wsgi.input_terminated": True})


def test_a_chunked_body_over_the_limit_gets_413_not_400(client, app):
    limit = app.server.config["MAX_CONTENT_LENGTH"]
    response = _chunked(client, json.dumps({"output": "x" * limit}).encode())
    assert response.status_code == 413
    assert response.get_json() == {"error": f"A request to the dashboard can be at most {limit:,} bytes."}


def test_a_chunked_body_within_the_limit_is_answered(client):
    response = _chunked(client, json.dumps(_page_router_request(client, value="/")).encode())
    assert response.status_code == 200
