"""What the incident data shows (issue 14) on the borough profile, on Trends and in the
briefing pack, on the known store (tests/store_fixtures.py): in 2025 Camden has 4
offences, 3 race only and 1 race + religion + islamophobic (race + faith), the 3 near
Camden Town and the 1 in Hampstead; London has 10, 2 of them with two or more strands.
A published dataset gets the sentence saying why these views need incident data."""

import datetime as dt
import io
import json
import urllib.parse
import zipfile

import duckdb
import pandas as pd
import pytest
from pypdf import PdfReader

from callbacks.incident_views import HIDDEN, PUBLISHED_SENTENCE, profile_incident_views, trends_incident_views
from charts.context import context_for_state, viewer_facts
from charts.registry import PACK_OFFENCE_TYPES
from components import ids
from components.url_state import FilterState
from exports import rendering
from exports.briefing_pack import build_briefing_pack, pack_context, render_pack_images
from exports.pack_documents import pack_pdf, pack_zip
from tests.drawn_numbers import built_figure, figure_table
from geodata.hex_grid import borough_hex_cells, hex_cell_ids, hex_cells_url
from queries.disclosure import DISCLOSURE_THRESHOLD_VARIABLE
from queries.incident_detail import needs_incident_data_sentence
from tests.dash_requests import (call_callback, component_text, csv_link_of,
                                  open_chart_table, plotly_values, table_records)
from tests.load_fixtures import run_cli, write_wide
from tests.store_fixtures import CAMDEN, CAMDEN_TOWN, CAMDEN_TOWN_WARD, HAMPSTEAD, HAMPSTEAD_WARD
from tests.test_exports import export_payload, post_export

FILTERS_2025 = {"dataset_id": 1, "start": "2025-01", "end": "2025-12", "strand": "all", "boroughs": []}
STATE_2025 = FilterState(1, dt.date(2025, 1, 1), dt.date(2025, 12, 1), "all", ())
TODAY = dt.date(2026, 1, 5)
CAMDEN_TOWN_CELL, HAMPSTEAD_CELL = hex_cell_ids([CAMDEN_TOWN[0], HAMPSTEAD[0]], [CAMDEN_TOWN[1], HAMPSTEAD[1]])
INCIDENT_CHARTS = [ids.PROFILE_COMBINATIONS, ids.PROFILE_OVERLAP, ids.PROFILE_MULTI_TREND, ids.PROFILE_OFFENCE_TYPES,
                   ids.PROFILE_OUTCOMES, ids.PROFILE_HEX_MAP, ids.TRENDS_COMBINATIONS, ids.TRENDS_MULTI_TREND,
                   PACK_OFFENCE_TYPES]
VIEW_OF_CHART = {ids.PROFILE_OFFENCE_TYPES: "offence_types", PACK_OFFENCE_TYPES: "offence_types",
                 ids.PROFILE_OUTCOMES: "outcomes", ids.PROFILE_HEX_MAP: "locations"}


def profile_section(client, filters=FILTERS_2025, slug="camden") -> dict:
    status, body = call_callback(client, ids.PROFILE_COMBINATIONS, {
        f"{ids.FILTER_STATE}.data": filters, f"{ids.PROFILE_SLUG}.data": slug})
    assert status == 200, str(body)[:500]
    return body["response"]


def trends_section(client, filters=FILTERS_2025) -> dict:
    status, body = call_callback(client, ids.TRENDS_COMBINATIONS, {f"{ids.FILTER_STATE}.data": filters})
    assert status == 200, str(body)[:500]
    return body["response"]


def bars(figure: dict) -> dict:
    trace = next(t for t in figure["data"] if t["type"] == "bar")
    return dict(zip(plotly_values(trace["x"]), plotly_values(trace["y"])))


def maps(figure: dict) -> list[dict]:
    return [trace for trace in figure["data"] if trace["type"] == "choropleth"]


# ---- the borough profile --------------------------------------------------------------

def test_profile_section_says_one_of_camdens_four_offences_carried_two_strands(client):
    response = profile_section(client)
    note = component_text(response[ids.PROFILE_INCIDENT_NOTE]["children"])
    assert "In Camden, Jan 2025 to Dec 2025, 1 of 4 offences (25.0%) carried two or more strands." in note
    assert response[ids.PROFILE_INCIDENT_CHARTS]["style"] == {}


def test_profile_combinations_chart_has_one_bar_race_and_faith_of_one_offence(client):
    figure = profile_section(client)[ids.PROFILE_COMBINATIONS]["figure"]
    assert bars(figure) == {"Race + Faith": 1}
    assert "1 of 4 offences (25.0%) carried two or more strands." in figure["layout"]["title"]["text"]
    assert "Offences aimed at more than one identity, Camden,<br>Jan 2025 to Dec 2025" in figure["layout"]["title"]["text"]


def test_profile_overlap_shares_give_race_25_percent_and_faith_and_islamophobic_100(client):
    figure = profile_section(client)[ids.PROFILE_OVERLAP]["figure"]
    trace = figure["data"][0]
    assert dict(zip(plotly_values(trace["y"]), plotly_values(trace["x"]))) == {
        "Race": 25.0, "Faith": 100.0, "Islamophobic": 100.0}
    assert list(trace["text"]) == ["25% (1 of 4)", "100% (1 of 1)", "100% (1 of 1)"]


def test_profile_multi_strand_trend_has_one_offence_in_june_and_none_in_the_other_months(client):
    figure = profile_section(client)[ids.PROFILE_MULTI_TREND]["figure"]
    table = figure_table(figure)
    assert len(table) == 12
    assert dict(zip(table["Month"], table["Two or more strands: Offences per month"]))["2025-06-01"] == 1
    assert int(table["Two or more strands: Offences per month"].sum()) == 1


def test_profile_offence_types_and_outcomes_are_per_strand_and_never_summed(client):
    response = profile_section(client)
    types = figure_table(response[ids.PROFILE_OFFENCE_TYPES]["figure"])
    assert types.to_dict("list") == {"Strand": ["All hate crime", "Race", "Faith", "Islamophobic"],
                                     "Public order: % of the strand's offences": [100.0] * 4}
    outcomes = figure_table(response[ids.PROFILE_OUTCOMES]["figure"])
    assert outcomes.columns.tolist() == ["Strand", "No outcome recorded: % of the strand's offences"]
    for chart_id in (ids.PROFILE_OFFENCE_TYPES, ids.PROFILE_OUTCOMES):
        assert response[chart_id]["figure"]["layout"].get("barmode") == "group"
        assert response[json.dumps({"chart": chart_id, "type": ids.CHART_OPTIONS}, separators=(",", ":"))][
            "data"] == {"borough": "camden"}


def test_profile_hexagon_map_draws_camdens_cells_of_3_and_1_only_as_fewer_than_5(client):
    response = profile_section(client)
    figure = response[ids.PROFILE_HEX_MAP]["figure"]
    [small] = maps(figure)  # no cell reaches 5: there is no trace of numbers at all
    assert small["showscale"] is False and {CAMDEN_TOWN_CELL, HAMPSTEAD_CELL} <= set(small["locations"])
    assert set(plotly_values(small["z"])) == {0}
    assert "disclosure threshold 5" in figure["layout"]["title"]["text"].replace("<br>", " ")
    assert response[ids.PROFILE_DISCLOSURE_NOTE]["children"] == (
        "Disclosure control: a hexagon cell or ward with fewer than 5 offences is shown as 'fewer than 5', never as "
        "its number, here and in every download (threshold 5, set by the partnership; the README says how).")


def test_the_hexagon_cells_come_by_url_once_and_the_answer_carries_only_ids_and_counts(client):
    figure = profile_section(client)[ids.PROFILE_HEX_MAP]["figure"]
    url = hex_cells_url(CAMDEN)
    assert [trace["geojson"] for trace in maps(figure)] == [url]
    assert "coordinates" not in json.dumps(figure)  # no cell shape in the answer
    served = client.get(url)
    assert served.status_code == 200 and served.mimetype == "application/geo+json"
    assert "max-age=86400" in served.headers["Cache-Control"]
    assert [feature["id"] for feature in served.get_json()["features"]] == [
        feature["id"] for feature in borough_hex_cells(CAMDEN)["features"]]
    assert len(figure_table(figure)) == len(borough_hex_cells(CAMDEN)["features"]) == 195  # every cell listed


@pytest.mark.parametrize("path", ["/geodata/hex/E09000099.geojson", "/geodata/hex/camden.geojson",
                                  "/geodata/hex/E09000007%20.geojson"])
def test_cells_of_anything_but_a_borough_of_the_boundary_file_are_not_found(client, path):
    assert client.get(path).status_code == 404


def test_profile_ward_table_shows_both_camden_wards_as_fewer_than_5(client):
    wards = profile_section(client)[ids.PROFILE_WARDS]["children"]
    rows = table_records(wards)
    assert [(row["ward_code"], row["offences_shown"]) for row in rows] == [
        (CAMDEN_TOWN_WARD, "fewer than 5"), (HAMPSTEAD_WARD, "fewer than 5")]
    assert [row["offences_shown:sort"] for row in rows] == [None, None]
    link = csv_link_of(wards)
    assert link["download"] == "hate-crime_camden_all-strands_2025-01_to_2025-12_offences-by-ward.csv"
    csv = pd.read_csv(io.StringIO(urllib.parse.unquote(link["href"].split(",", 1)[1])), dtype=str)
    assert csv.to_dict("list") == {"Ward (GSS code)": [CAMDEN_TOWN_WARD, HAMPSTEAD_WARD],
                                   "Offences (count, or 'fewer than 5')": ["fewer than 5", "fewer than 5"]}


def test_a_lower_threshold_shows_the_cell_and_ward_of_3_but_never_the_1(client, monkeypatch):
    monkeypatch.setenv(DISCLOSURE_THRESHOLD_VARIABLE, "2")
    response = profile_section(client)
    shown = next(trace for trace in maps(response[ids.PROFILE_HEX_MAP]["figure"]) if trace.get("showscale") is not False)
    assert dict(zip(shown["locations"], plotly_values(shown["z"]))) == {CAMDEN_TOWN_CELL: 3}
    rows = table_records(response[ids.PROFILE_WARDS]["children"])
    assert [(row["ward_code"], row["offences_shown"]) for row in rows] == [
        (CAMDEN_TOWN_WARD, "3"), (HAMPSTEAD_WARD, "fewer than 2")]


def test_a_borough_with_no_located_offences_says_so_instead_of_a_map(client):
    figure = profile_section(client, slug="hackney")[ids.PROFILE_HEX_MAP]["figure"]
    assert not maps(figure)
    assert figure_table(figure)["Message"].tolist() == [
        "None of the 2 offences in this period has a location, so none can be mapped."]


# ---- the exported CSV of the hexagon map ----------------------------------------------

def exported_map_csv(client) -> pd.DataFrame:
    status, body = post_export(client, export_payload(client, ids.PROFILE_HEX_MAP, "csv", {"borough": "camden"}))
    assert status == 200, str(body)[:500]
    data = next(value["data"] for key, value in body["response"].items()
                if json.loads(key)["type"] == ids.CHART_DOWNLOAD)
    assert data["filename"] == "hate-crime_camden_all-strands_2025-01_to_2025-12_hexagon-map.csv"
    return pd.read_csv(io.StringIO(data["content"]), dtype=str)


def test_the_exported_map_csv_never_holds_a_count_below_the_threshold(client):
    csv = exported_map_csv(client)
    assert csv.columns.tolist() == ["Hexagon cell", "Offences", "Disclosure control"]
    values = dict(zip(csv["Hexagon cell"], csv["Offences"]))
    assert values[CAMDEN_TOWN_CELL] == values[HAMPSTEAD_CELL] == "fewer than 5"
    assert set(csv["Offences"]) == {"fewer than 5"}
    assert set(csv["Disclosure control"]) == {"counts below 5 shown as 'fewer than 5'"}


def test_the_exported_map_csv_with_a_threshold_of_2_gives_3_and_never_1(client, monkeypatch):
    monkeypatch.setenv(DISCLOSURE_THRESHOLD_VARIABLE, "2")
    csv = exported_map_csv(client)
    values = dict(zip(csv["Hexagon cell"], csv["Offences"]))
    assert values[CAMDEN_TOWN_CELL] == "3" and values[HAMPSTEAD_CELL] == "fewer than 2"
    assert set(csv["Offences"]) == {"3", "fewer than 2"}


@pytest.mark.parametrize("options, sentence", [
    (None, "Say which borough this chart is for."),
    ({"borough": "city-of-london"}, "There is no London borough with Met data called 'city-of-london'."),
    ({"borough": "camden", "threshold": 1}, "This chart does not take an option called 'threshold'."),
])
def test_a_hexagon_map_export_without_a_met_borough_or_with_a_threshold_gets_400(client, options, sentence):
    status, body = post_export(client, export_payload(client, ids.PROFILE_HEX_MAP, "csv", options))
    assert status == 400 and body == {"error": sentence}


def test_a_profile_section_request_whose_borough_is_not_text_gets_400(client):
    status, body = call_callback(client, ids.PROFILE_COMBINATIONS, {
        f"{ids.FILTER_STATE}.data": FILTERS_2025, f"{ids.PROFILE_SLUG}.data": ["camden"]})
    assert status == 400 and "not a name" in str(body)


# ---- Trends ---------------------------------------------------------------------------

def test_trends_section_for_london_gives_2_of_10_offences_and_two_combination_bars(client):
    response = trends_section(client)
    assert "In London, Jan 2025 to Dec 2025, 2 of 10 offences (20.0%) carried two or more strands." in component_text(
        response[ids.TRENDS_INCIDENT_NOTE]["children"])
    assert bars(response[ids.TRENDS_COMBINATIONS]["figure"]) == {"Race + Faith": 1, "Sexual orientation + Transgender identity": 1}
    trend = figure_table(response[ids.TRENDS_MULTI_TREND]["figure"])
    by_month = dict(zip(trend["Month"], trend["Two or more strands: Offences per month"]))
    assert by_month["2025-03-01"] == 1 and by_month["2025-06-01"] == 1 and sum(by_month.values()) == 2


def test_trends_section_follows_the_chosen_boroughs(client):
    response = trends_section(client, {**FILTERS_2025, "boroughs": ["hackney"]})
    assert bars(response[ids.TRENDS_COMBINATIONS]["figure"]) == {"Sexual orientation + Transgender identity": 1}
    assert "In Hackney, Jan 2025 to Dec 2025, 1 of 2 offences (50.0%)" in component_text(
        response[ids.TRENDS_INCIDENT_NOTE]["children"])


# ---- published datasets ---------------------------------------------------------------

@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """(cursor, context) of a store holding only the published wide file of tests/load_fixtures.py."""
    folder = tmp_path_factory.mktemp("published")
    store = folder / "published.duckdb"
    assert run_cli(store, "load-mps-wide", str(write_wide(folder / "wide.csv"))) == 0
    con = duckdb.connect(str(store), read_only=True)
    cursor = con.cursor()
    state = FilterState(1, dt.date(2021, 1, 1), dt.date(2021, 3, 1), "race_religion", ())
    yield cursor, context_for_state(viewer_facts(cursor), state)
    con.close()


@pytest.mark.parametrize("chart_id", INCIDENT_CHARTS)
def test_every_incident_chart_of_a_published_dataset_draws_the_sentence_saying_why(published, chart_id):
    cursor, context = published
    options = {"borough": "camden"} if chart_id.startswith("profile-") else None
    figure = built_figure(cursor, context, chart_id, options)
    [message] = figure_table(figure)["Message"].tolist()
    assert message.replace("<br>", " ") == needs_incident_data_sentence(VIEW_OF_CHART.get(chart_id, "combinations"))


def test_the_profile_and_trends_sections_of_a_published_dataset_say_why_and_hide_their_charts(published):
    cursor, context = published
    profile = profile_incident_views(cursor, context, "camden")
    assert component_text(profile[0]) == PUBLISHED_SENTENCE and profile[1] == HIDDEN
    assert PUBLISHED_SENTENCE.startswith("These views need incident-level data (one row per offence), because "
                                         "they show which strands each offence carries together, the offence type "
                                         "of each hate crime, how each offence ended and where in the borough")
    trends = trends_incident_views(cursor, context)
    assert component_text(trends[0]) == needs_incident_data_sentence("combinations") and trends[1] == HIDDEN


def test_the_pack_of_a_published_dataset_says_why_it_has_no_incident_charts(published, monkeypatch):
    monkeypatch.setenv(rendering.BROWSER_PATH_VARIABLE, "/nonexistent/chromium")  # fast: no images
    cursor, context = published
    pack = build_briefing_pack(cursor, context, "camden", today=TODAY)
    assert "combinations" not in pack.charts and "offence_types" not in pack.charts
    page = " ".join((PdfReader(io.BytesIO(pack_pdf(pack, render_pack_images(pack)))).pages[6].extract_text()
                     or "").split())
    assert "What the incident data shows: Camden" in page
    assert "These views need incident-level data (one row per offence), because they show which strands each " \
           "offence carries together and the offence type of each hate crime." in page


# ---- the briefing pack of incident data -----------------------------------------------

def test_the_london_pack_page_gives_the_combinations_and_offence_types_of_london(known_store_path, monkeypatch):
    monkeypatch.setenv(rendering.BROWSER_PATH_VARIABLE, "/nonexistent/chromium")  # the page then tables the numbers
    con = duckdb.connect(str(known_store_path), read_only=True)
    cursor = con.cursor()
    pack = build_briefing_pack(cursor, pack_context(cursor, STATE_2025), "london", today=TODAY)
    images = render_pack_images(pack)
    pdf = pack_pdf(pack, images)
    archive = pack_zip(pack, images, pdf)
    con.close()
    assert bars(json.loads(json.dumps(pack.charts["combinations"].answer.figure))) == {
        "Race + Faith": 1, "Sexual orientation + Transgender identity": 1}
    page = " ".join((PdfReader(io.BytesIO(pdf)).pages[6].extract_text() or "").split())
    assert "Offences aimed at more than one identity: London, Jan 2025 to Dec 2025" in page
    assert "Offence types within each strand: London, Jan 2025 to Dec 2025" in page
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        combinations = pd.read_csv(opened.open(
            "data/hate-crime_london_all-strands_2025-01_to_2025-12_strand-combinations.csv"))
    assert combinations.iloc[:, 1].tolist() == [1, 1]
    assert combinations.iloc[:, 0].tolist() == ["Race + Faith", "Sexual orientation + Transgender identity"]


def test_the_maps_show_as_table_lists_only_shown_cells_and_counts_the_rest(client, monkeypatch):
    monkeypatch.setenv(DISCLOSURE_THRESHOLD_VARIABLE, "2")
    profile_section(client)
    status, table = open_chart_table(client, ids.PROFILE_HEX_MAP, {"borough": "camden"}, FILTERS_2025)
    assert status == 200, table
    text = component_text(table)
    assert f"{CAMDEN_TOWN_CELL} 3" in text and HAMPSTEAD_CELL not in text
    assert "of 195 cells have fewer than 2 offences (including none) and are not listed; the CSV download lists " \
           "every cell." in text
    assert "194 of 195 cells" in text
