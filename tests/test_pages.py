"""Every page is served with its components, and its callbacks answer with the right numbers."""

import dash
import pytest

from components import ids
from tests.dash_requests import call_callback, output_of, plotly_values, table_records, table_spec

FILTERS_2025 = {"dataset_id": 1, "start": "2025-01", "end": "2025-12", "strand": "all", "boroughs": []}


def all_ids(component, found):
    component_id = getattr(component, "id", None)
    if component_id is not None:
        found.append(str(component_id))
    children = getattr(component, "children", None)
    for child in children if isinstance(children, (list, tuple)) else [children]:
        if hasattr(child, "to_plotly_json"):
            all_ids(child, found)
    return found


@pytest.mark.parametrize("path", ["/", "/borough/camden", "/trends", "/compare", "/stands-out", "/about",
                                  "/since-last-meeting", "/borough/nowhere"])
def test_every_page_is_served(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert b"_dash-app-content" in response.data or b"react-entry-point" in response.data


def test_every_page_layout_has_its_components_and_ids_are_unique_across_the_app(app, client):
    client.get("/")  # the first request sets up the page registry's validation layout
    expected = {
        "pages.overview": {ids.OVERVIEW_CARDS, ids.OVERVIEW_MAP, ids.OVERVIEW_STRANDS, ids.OVERVIEW_TREND},
        "pages.borough_profile": {ids.PROFILE_TREND, ids.PROFILE_AGAINST_LONDON, ids.PROFILE_STRANDS,
                                  ids.PROFILE_RANKS, ids.PROFILE_TABLE},
        "pages.trends": {ids.TRENDS_CHART, ids.TRENDS_GRANULARITY, ids.TRENDS_ROLLING, ids.TRENDS_SCALE},
        "pages.compare": {ids.COMPARE_TABLE},
        "pages.stands_out": {ids.STANDS_OUT_SUMMARY, ids.STANDS_OUT_LIST, ids.STANDS_OUT_CHANGES},
        "pages.about": {ids.ABOUT_DATASETS},
        "pages.since_last_meeting": {ids.MEETING_SINCE, ids.MEETING_CONTENT},
    }
    every_id = all_ids(app.layout(), [])
    for module, page in dash.page_registry.items():
        page_ids = all_ids(page["layout"](), [])
        assert expected[module] <= set(page_ids), module
        every_id += page_ids
    assert len(every_id) == len(set(every_id)), sorted(i for i in every_id if every_id.count(i) > 1)


def test_filter_bar_reads_the_url_and_reports_bad_values(client):
    status, body = call_callback(client, ids.FILTER_STATE, {
        "url.search": "?from=2025-01&to=2025-12&strand=race&borough=camden,atlantis"})
    assert status == 200
    state = output_of(body, ids.FILTER_STATE, "data")
    assert state == {"dataset_id": 1, "start": "2025-01", "end": "2025-12", "strand": "race", "boroughs": ["camden"]}
    assert "atlantis" in str(output_of(body, ids.FILTER_MESSAGE, "children"))
    assert "Synthetic demo data, not real figures" in str(output_of(body, ids.DATA_NOTICE, "children"))


def test_changing_a_control_writes_the_url(client):
    controls = {"url.search": "?from=2025-01&to=2025-12", f"{ids.DATASET}.value": 1,
                f"{ids.PERIOD_START}.value": "2025-01", f"{ids.PERIOD_END}.value": "2025-12",
                f"{ids.STRAND}.value": "religion", f"{ids.BOROUGHS}.value": ["hackney"]}
    status, body = call_callback(client, ids.FILTER_STATE, controls, changed=[f"{ids.STRAND}.value"])
    assert status == 200
    assert output_of(body, "url", "search") == "?dataset=1&from=2025-01&to=2025-12&strand=religion&borough=hackney"


def test_reading_the_url_does_not_rewrite_it(client):
    # Rewriting the address it just read would add a history entry and trap the back button.
    status, body = call_callback(client, ids.FILTER_STATE, {"url.search": "?strand=race"},
                                changed=["url.search"])
    assert status == 200
    assert "url" not in body["response"]


def test_overview_headline_and_strand_bars_give_exact_figures(client):
    status, body = call_callback(client, ids.OVERVIEW_STRANDS, {f"{ids.FILTER_STATE}.data": FILTERS_2025})
    assert status == 200
    figure = output_of(body, ids.OVERVIEW_STRANDS, "figure")
    current = figure["data"][1]
    assert plotly_values(current["x"])[:2] == ["Race", "Faith"]
    assert plotly_values(current["y"])[:2] == [4, 2]
    assert figure["layout"]["barmode"] == "group"
    cards = str(output_of(body, ids.OVERVIEW_CARDS, "children"))
    assert "'10'" in cards and "233.3" in cards  # 10 distinct offences, +233.3% on 3


def test_overview_map_counts_per_borough(client):
    status, body = call_callback(client, ids.OVERVIEW_MAP, {
        f"{ids.FILTER_STATE}.data": FILTERS_2025, f"{ids.OVERVIEW_MAP_METRIC}.value": "count"})
    assert status == 200
    figure = output_of(body, ids.OVERVIEW_MAP, "figure")
    counts = dict(zip(plotly_values(figure["data"][0]["locations"]), plotly_values(figure["data"][0]["z"])))
    assert counts["E09000007"] == 4 and counts["E09000033"] == 4 and counts["E09000003"] == 0
    assert "E09000001" not in counts
    assert plotly_values(figure["data"][1]["locations"]) == ["E09000001"]


def test_map_click_opens_the_borough_profile(client):
    status, body = call_callback(client, ids.NAVIGATE, {
        f"{ids.OVERVIEW_MAP}.clickData": {"points": [{"location": "E09000007"}]}},
        state={f"{ids.FILTER_STATE}.data": FILTERS_2025})
    assert status == 200
    assert output_of(body, ids.NAVIGATE, "href") == \
        "/borough/camden?dataset=1&from=2025-01&to=2025-12&strand=all&borough=camden"


def test_filter_that_leaves_no_data_shows_a_sentence(client):
    empty_period = dict(FILTERS_2025, start="2025-07", end="2025-11")
    status, body = call_callback(client, ids.OVERVIEW_STRANDS, {f"{ids.FILTER_STATE}.data": empty_period})
    assert status == 200
    figure = output_of(body, ids.OVERVIEW_STRANDS, "figure")
    assert figure["layout"]["annotations"][0]["text"] == "No offences recorded for London in Jul 2025 to Nov 2025."


def test_borough_profile_ranks_and_table(client):
    status, body = call_callback(client, ids.PROFILE_TREND, {
        f"{ids.FILTER_STATE}.data": FILTERS_2025, f"{ids.PROFILE_SLUG}.data": "camden"})
    assert status == 200
    assert output_of(body, ids.PROFILE_HEADING, "children") == "Camden: borough profile"
    assert "2 of 32" in str(output_of(body, ids.PROFILE_CARDS, "children"))
    months = table_records(output_of(body, ids.PROFILE_TABLE, "children"))
    assert [row["All hate crime (offences):sort"] for row in months if row["Month"] == "Jun 2025"] == [4]


def test_unknown_borough_profile_explains_and_offers_the_list(client):
    status, body = call_callback(client, ids.PROFILE_TREND, {
        f"{ids.FILTER_STATE}.data": FILTERS_2025, f"{ids.PROFILE_SLUG}.data": "atlantis"})
    assert status == 200
    assert "no London borough with Met data called 'atlantis'" in str(output_of(body, ids.PROFILE_MESSAGE, "children"))


def test_compare_table_lists_32_boroughs_ranked_by_rate(client):
    status, body = call_callback(client, ids.COMPARE_TABLE, {f"{ids.FILTER_STATE}.data": FILTERS_2025})
    assert status == 200
    spec = table_spec(output_of(body, ids.COMPARE_TABLE, "children"))
    rows = table_records(output_of(body, ids.COMPARE_TABLE, "children"))
    rank = "Rank by rate (1 = highest)"
    assert spec["sort"] == {"column": rank, "direction": "ascending"}
    assert [row[f"{rank}:sort"] for row in rows] == sorted(row[f"{rank}:sort"] for row in rows)
    assert len(rows) == 32
    assert rows[0]["Borough"] == "Westminster" and rows[0][rank] == "1"
    assert rows[0]["Borough:href"] == \
        "/borough/westminster?dataset=1&from=2025-01&to=2025-12&strand=all&borough=westminster"
    assert sum(row["Offences, Jan 2025 to Dec 2025 (count):sort"] for row in rows) == 10


def test_trends_daily_series_for_an_incident_dataset(client):
    status, body = call_callback(client, ids.TRENDS_CHART, {
        f"{ids.FILTER_STATE}.data": dict(FILTERS_2025, start="2025-06", end="2025-06"),
        f"{ids.TRENDS_GRANULARITY}.value": "day", f"{ids.TRENDS_ROLLING}.value": "off",
        f"{ids.TRENDS_SCALE}.value": "linear", f"{ids.TRENDS_EVENTS}.value": True,
        f"{ids.TRENDS_STRANDS}.value": ["all"]})
    assert status == 200
    line = output_of(body, ids.TRENDS_CHART, "figure")["data"][0]
    assert len(plotly_values(line["x"])) == 30
    assert sum(plotly_values(line["y"])) == 4


def test_changing_a_control_in_the_projector_view_keeps_the_view_in_the_url(client):
    controls = {"url.search": "?from=2025-01&to=2025-12&view=present", f"{ids.DATASET}.value": 1,
                f"{ids.PERIOD_START}.value": "2025-01", f"{ids.PERIOD_END}.value": "2025-12",
                f"{ids.STRAND}.value": "race", f"{ids.BOROUGHS}.value": []}
    status, body = call_callback(client, ids.FILTER_STATE, controls, changed=[f"{ids.STRAND}.value"])
    assert status == 200
    assert output_of(body, "url", "search") == "?dataset=1&from=2025-01&to=2025-12&strand=race&view=present"
    assert output_of(body, ids.FILTER_STATE, "data")["view"] == "present"
