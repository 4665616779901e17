"""What stands out's options travel in its address: written when changed, kept when a
filter changes, read when the page is drawn (a copied link, the back button), and a
crafted value gets a sentence and the default, never an error page."""

import json

import dash
import pytest

from components import ids
from components.stands_out_address import options_from_query, with_options
from tests.dash_requests import call_callback, component_text, output_of

FILTERS = "?dataset=1&from=2025-01&to=2025-12&strand=all"


@pytest.fixture
def layout(app):
    """pages/stands_out.layout, once the app has registered its pages."""
    return dash.page_registry["pages.stands_out"]["layout"]


def _control(page, component_id):
    found = []

    def walk(component):
        if getattr(component, "id", None) == component_id:
            found.append(component)
        children = getattr(component, "children", None)
        for child in children if isinstance(children, (list, tuple)) else [children]:
            if hasattr(child, "to_plotly_json"):
                walk(child)
    walk(page)
    return found[0]


def _written(client, when, every_strand, search=FILTERS):
    status, body = call_callback(client, ids.URL, {f"{ids.STANDS_OUT_WHEN}.value": when,
                                                   f"{ids.STANDS_OUT_STRANDS}.value": every_strand},
                                 state={f"{ids.URL}.search": search})
    return status, body


def test_stands_out_options_travel_in_the_address(client, layout):
    # Written when changed, after the filters, which stay as they were.
    status, body = _written(client, "period", False)
    assert status == 200 and output_of(body, ids.URL, "search") == FILTERS + "&when=period&every_strand=off"
    # Back to the defaults: the plain address again.
    status, body = _written(client, "last-month", True, FILTERS + "&when=period&every_strand=off")
    assert output_of(body, ids.URL, "search") == FILTERS
    # Read when the page is drawn from the address.
    page = layout(dataset="1", when="period", every_strand="off")
    assert _control(page, ids.STANDS_OUT_WHEN).value == "period"
    assert _control(page, ids.STANDS_OUT_STRANDS).value is False
    assert _control(layout(), ids.STANDS_OUT_WHEN).value == "last-month"
    assert _control(layout(), ids.STANDS_OUT_STRANDS).value is True


def test_an_unchanged_option_writes_no_second_history_entry(client):
    status, body = _written(client, "period", True, FILTERS + "&when=period")
    assert status == 204 or ids.URL not in json.dumps(body.get("response", {}))


def test_choosing_a_filter_keeps_the_pages_options_in_the_address(client):
    status, body = call_callback(client, ids.DATA_NOTICE, {
        f"{ids.URL}.search": FILTERS + "&when=period&every_strand=off", f"{ids.DATASET}.value": 1,
        f"{ids.PERIOD_START}.value": "2025-01", f"{ids.PERIOD_END}.value": "2025-12",
        f"{ids.STRAND}.value": "race", f"{ids.BOROUGHS}.value": []}, changed=[f"{ids.STRAND}.value"])
    assert status == 200, body
    assert output_of(body, ids.URL, "search") == (
        "?dataset=1&from=2025-01&to=2025-12&strand=race&when=period&every_strand=off")


@pytest.mark.parametrize("query, sentence", [
    ({"when": "<script>"}, "There is no choice '<script>' for the months to look at (it is last-month or "
                           "period); showing the last month of the period."),
    ({"when": ["period", "last-month"]}, "There is no choice '['period', 'last-month']' for the months"),
    ({"every_strand": "maybe"}, "'every_strand' is on or off, not 'maybe'; showing every strand."),
    ({"every_strand": "\ud800"}, "'every_strand' is on or off, not '?'; showing every strand."),
])
def test_a_crafted_option_in_the_address_gets_a_sentence_and_the_default(layout, query, sentence):
    page = layout(**query)
    assert sentence in component_text(page)
    assert _control(page, ids.STANDS_OUT_WHEN).value == "last-month"
    assert _control(page, ids.STANDS_OUT_STRANDS).value is True


def test_a_crafted_option_in_the_address_is_answered_not_an_error_page(client):
    status, body = call_callback(client, "_pages_content", {
        "_pages_location.pathname": "/stands-out", "_pages_location.search": "?when=%00&every_strand=1e308"})
    assert status == 200
    assert "for the months to look at" in json.dumps(body)


def test_the_options_codec_round_trips():
    for when in ("last-month", "period"):
        for every_strand in (True, False):
            search = with_options(FILTERS, options_from_query({"when": when,
                                                               "every_strand": "on" if every_strand else "off"})[0])
            options, problems = options_from_query(dict(part.split("=") for part in search[1:].split("&")))
            assert (options.when, options.every_strand, problems) == (when, every_strand, [])
