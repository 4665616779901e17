"""Chart exports: file names, the image a report gets (PNG at 2x, SVG with its title and
source), and the CSV of exactly the numbers drawn, equal to the query behind the chart.

Figures come from the app's own callbacks on the known store, as the browser holds them
(numbers as plotly's base64 arrays), so the export path is the one users take."""

import base64
import datetime as dt
import io
import json
import urllib.parse

import pandas as pd
import pytest
from PIL import Image, ImageStat

from components import ids
from components.charts import EXPORT_BUTTONS, chart
from exports import rendering
from figures.tables import table_csv
from tests.drawn_numbers import figure_table
from exports.figure_for_export import (EXPORT_WIDTH, MAP_EXPORT_WIDTH, PNG_SCALE, ExportContext, export_size,
                                       figure_for_export)
from exports.filenames import area_slug, export_filename, slugify
from exports.rendering import ImageRequest, RenderingUnavailable, render_images
from queries.borough_summary import borough_period_summary
from queries.periods import Period
from queries.strand_summary import strand_period_comparison
from queries.time_series import monthly_offences
from tests.dash_requests import call_callback, output_of, table_download
from tests.store_fixtures import CAMDEN

FILTERS_2025 = {"dataset_id": 1, "start": "2025-01", "end": "2025-12", "strand": "all", "boroughs": []}
YEAR_2025 = Period(dt.date(2025, 1, 1), dt.date(2025, 12, 1))
SYNTHETIC = "Synthetic demo data, not real figures"
CONTEXT = ExportContext(dataset_name="Known incidents", is_synthetic=True, period_label=YEAR_2025.label,
                        strand_label="All hate crime (distinct offences)", area_label="Camden",
                        source=f"{SYNTHETIC}. Data to December 2025.", data_date="December 2025",
                        exported_on=dt.date(2026, 1, 5))
MIN_GREY_LEVEL_SPREAD = 10  # standard deviation of the greyscale pixels: a blank image has 0

needs_chromium = pytest.mark.skipif(
    rendering.find_chromium() is None,
    reason="no Chromium at /usr/bin/chromium or BROWSER_PATH (apt-get install chromium)")


# ---- figures as the browser holds them, and the answers they are drawn from -----------

def answer_of(app, chart_id: str, options=None, filters=FILTERS_2025):
    """The chart's answer, as the export and page callbacks get it (charts/registry.py)."""
    from charts.context import page_context, store_cursor
    from charts.registry import chart_answer

    with app.server.test_request_context():
        cursor = store_cursor()
        return chart_answer(cursor, page_context(cursor, filters), chart_id, options)


def trend_answer(app):
    return answer_of(app, ids.PROFILE_TREND, {"borough": "camden"})


def map_answer(app, metric="count"):
    return answer_of(app, ids.OVERVIEW_MAP, {"metric": metric})


def profile_trend(client) -> dict:
    status, body = call_callback(client, ids.PROFILE_TREND, {
        f"{ids.FILTER_STATE}.data": FILTERS_2025, f"{ids.PROFILE_SLUG}.data": "camden"})
    assert status == 200
    return output_of(body, ids.PROFILE_TREND, "figure")


def overview_strands(client) -> dict:
    status, body = call_callback(client, ids.OVERVIEW_STRANDS, {f"{ids.FILTER_STATE}.data": FILTERS_2025})
    assert status == 200
    return output_of(body, ids.OVERVIEW_STRANDS, "figure")


def overview_map(client, metric="count") -> dict:
    status, body = call_callback(client, ids.OVERVIEW_MAP, {
        f"{ids.FILTER_STATE}.data": FILTERS_2025, f"{ids.OVERVIEW_MAP_METRIC}.value": metric})
    assert status == 200
    return output_of(body, ids.OVERVIEW_MAP, "figure")


def export_payload(client, graph_id: str, file_format: str, options, filters=FILTERS_2025) -> dict:
    """The chart export callback as the browser posts it after a click on one button: the
    chart's id (in the button's id), its options and the filters. Never a figure."""
    dependency = next(d for d in client.get("/_dash-dependencies").get_json()
                      if f'"type":"{ids.CHART_DOWNLOAD}"' in d["output"])
    button = lambda fmt: {"chart": graph_id, "format": fmt, "type": ids.CHART_EXPORT}  # noqa: E731
    return {
        "output": dependency["output"],
        "outputs": [{"id": {"chart": graph_id, "type": ids.CHART_DOWNLOAD}, "property": "data"},
                    {"id": {"chart": graph_id, "type": ids.CHART_EXPORT_MESSAGE}, "property": "children"}],
        "inputs": [[{"id": button(fmt), "property": "n_clicks", "value": int(fmt == file_format)}
                    for fmt, _text, _description in EXPORT_BUTTONS]],
        "state": [{"id": {"chart": graph_id, "type": ids.CHART_OPTIONS}, "property": "data", "value": options},
                  {"id": ids.FILTER_STATE, "property": "data", "value": filters}],
        "changedPropIds": [json.dumps(button(file_format), sort_keys=True, separators=(",", ":")) + ".n_clicks"],
    }


def post_export(client, payload: dict):
    response = client.post("/_dash-update-component", data=json.dumps(payload), content_type="application/json")
    return response.status_code, response.get_json(silent=True) or response.get_data(as_text=True)


def click_export(client, graph_id: str, file_format: str, options=None):
    """(file, message) after a click on one export button of a Camden profile chart."""
    status, body = post_export(client, export_payload(client, graph_id, file_format,
                                                      {"borough": "camden"} if options is None else options))
    assert status == 200, str(body)[:500]
    outputs = {json.loads(key)["type"]: value for key, value in body["response"].items()}
    return outputs.get(ids.CHART_DOWNLOAD, {}).get("data"), outputs.get(ids.CHART_EXPORT_MESSAGE, {}).get("children")


def png_is_not_blank(png: bytes) -> bool:
    with Image.open(io.BytesIO(png)) as image:
        grey = image.convert("L")
        return ImageStat.Stat(grey).stddev[0] > MIN_GREY_LEVEL_SPREAD


# ---- file names -----------------------------------------------------------------------

def test_file_names_say_area_strand_period_and_chart():
    assert export_filename(area="camden", strand="all", period=Period(dt.date(2024, 1, 1), dt.date(2024, 12, 1)),
                           name="monthly-trend", extension="png") == \
        "hate-crime_camden_all-strands_2024-01_to_2024-12_monthly-trend.png"
    assert export_filename(area="london", strand="sexual_orientation", period=YEAR_2025, name="Borough map",
                           extension="csv") == "hate-crime_london_sexual-orientation_2025-01_to_2025-12_borough-map.csv"


def test_area_slugs_name_london_one_to_three_boroughs_or_a_count():
    assert area_slug(()) == "london"
    assert area_slug(("camden", "hackney")) == "camden-hackney"
    assert area_slug(("a", "b", "c", "d", "e")) == "5-boroughs"
    assert slugify("Hammersmith & Fulham") == "hammersmith-fulham"
    assert slugify("../../etc/passwd") == "etc-passwd"


def test_an_unknown_extension_is_refused():
    with pytest.raises(ValueError):
        export_filename(area="camden", strand="all", period=YEAR_2025, name="x", extension="exe")


# ---- CSV: exactly the numbers drawn, equal to the query -------------------------------

def test_trend_csv_equals_the_monthly_query_for_the_same_filters(app, known_cursor):
    table = trend_answer(app).table
    expected = monthly_offences(known_cursor, dataset_id=1, period=YEAR_2025, strands=["all"], gss_codes=[CAMDEN])
    assert list(table.Month) == [f"{month:%Y-%m-%d}" for month in pd.to_datetime(expected.month)]
    assert table["All hate crime: Offences per month"].tolist() == expected.offences.tolist()
    assert table["All hate crime, 12-month rolling average: Offences per month"].notna().all()


def test_strand_bars_csv_equals_the_period_comparison(app, known_cursor):
    table = answer_of(app, ids.OVERVIEW_STRANDS).table
    expected = strand_period_comparison(known_cursor, dataset_id=1, current=YEAR_2025, previous=YEAR_2025.previous(),
                                        strands=["race", "religion", "antisemitic", "islamophobic",
                                                 "sexual_orientation", "transgender", "disability"])
    assert table.Strand.tolist() == ["Race", "Faith", "Antisemitic", "Islamophobic", "Sexual orientation",
                                     "Transgender identity", "Disability"]
    assert table["Jan 2025 to Dec 2025: Offences (count)"].tolist() == expected.offences.tolist()
    assert table["Jan 2024 to Dec 2024: Offences (count)"].tolist() == expected.previous_offences.tolist()
    shown = table["Jan 2025 to Dec 2025: % change shown on the bar"]
    assert [None if pd.isna(v) else v for v in shown] == [None if pd.isna(v) else v for v in expected.change_pct]


def test_map_csv_gives_every_borough_and_the_city_of_london_as_no_data_never_zero(app, known_cursor):
    table = map_answer(app, "count").table
    summary = borough_period_summary(known_cursor, dataset_id=1, period=YEAR_2025, strand="all")
    by_code = table.set_index("GSS code")
    assert len(table) == 33
    assert by_code.loc[summary.gss_code, "Offences"].tolist() == summary.offences.tolist()
    assert by_code.loc[CAMDEN, "Borough"] == "Camden" and by_code.loc[CAMDEN, "Offences"] == 4
    assert pd.isna(by_code.loc["E09000001", "Offences"])
    assert by_code.loc["E09000001", "Note"] == "No data (City of London Police)"


def test_csv_text_has_a_header_of_named_columns_and_no_index(app):
    text = table_csv(trend_answer(app).table)
    header, first = text.splitlines()[:2]
    assert header == ('Month,All hate crime: Offences per month,'
                      '"All hate crime, 12-month rolling average: Offences per month"')
    assert first.startswith("2025-01-01,0,")


def test_csv_download_button_returns_the_named_file(client):
    data, message = click_export(client, ids.PROFILE_TREND, "csv")
    assert message is None
    assert data["filename"] == "hate-crime_camden_all-strands_2025-01_to_2025-12_monthly-trend.csv"
    assert data["content"].splitlines()[6].startswith("2025-06-01,4,")


def test_the_exported_csv_is_the_table_of_the_answer_the_page_drew(app, client):
    data, _message = click_export(client, ids.PROFILE_TREND, "csv")
    answer = trend_answer(app)
    assert data["content"] == table_csv(answer.table)
    drawn = figure_table(profile_trend(client))
    assert drawn.columns.tolist() == answer.table.columns.tolist()
    assert drawn.astype(str).values.tolist() == answer.table.astype(str).values.tolist()


def test_the_map_exports_with_the_metric_its_options_name(client):
    data, _message = click_export(client, ids.OVERVIEW_MAP, "csv", {"metric": "count"})
    assert data["filename"] == "hate-crime_london_all-strands_2025-01_to_2025-12_borough-map.csv"
    assert "Offences" in data["content"].splitlines()[0]


# The export hole this closes: a client-written figure whose image source makes the
# server's Chromium read a local file or fetch an address on the network.
CRAFTED_FIGURE = {"data": [], "layout": {"images": [{"source": "file:///etc/passwd", "x": 0, "y": 1,
                                                      "sizex": 1, "sizey": 1, "xref": "paper", "yref": "paper"}]}}


def test_an_export_request_carrying_a_figure_gets_400_and_is_never_drawn(client):
    payload = export_payload(client, ids.PROFILE_TREND, "png", {"borough": "camden"})
    payload["state"][0] = {"id": {"chart": ids.PROFILE_TREND, "type": ids.CHART_BOX}, "property": "children",
                           "value": {"props": {"id": ids.PROFILE_TREND, "figure": CRAFTED_FIGURE}}}
    status, body = post_export(client, payload)
    assert status == 400 and "component" in body["error"]
    payload = export_payload(client, ids.PROFILE_TREND, "svg", {"borough": "camden", "figure": CRAFTED_FIGURE})
    status, body = post_export(client, payload)
    assert status == 400 and body == {"error": "This chart does not take an option called 'figure'."}


@pytest.mark.parametrize("options, sentence", [
    (None, "Say which borough this chart is for."),
    ({"borough": "../../etc"}, "There is no London borough with Met data called '../../etc'."),
    ({"borough": ["camden"]}, "Say which borough this chart is for."),
    ("camden", "This chart's options are not a set of named values."),
])
def test_a_profile_chart_export_without_a_known_borough_gets_400(client, options, sentence):
    status, body = post_export(client, export_payload(client, ids.PROFILE_TREND, "csv", options))
    assert status == 400 and body == {"error": sentence}


def test_an_export_of_a_chart_that_does_not_exist_gets_400(client):
    payload = export_payload(client, "no-such-chart", "csv", {})
    status, body = post_export(client, payload)
    assert status == 400 and body == {"error": "There is no such chart in the dashboard."}


# ---- the image stands on its own ------------------------------------------------------

def test_exported_figure_says_filters_source_and_data_date_and_keeps_the_answer(app):
    answer = trend_answer(app)
    before = json.dumps(answer.figure, sort_keys=True)
    ready = figure_for_export(answer, CONTEXT)
    assert json.dumps(answer.figure, sort_keys=True) == before
    footer = [a["text"] for a in ready["layout"]["annotations"] if a.get("name") == "source"]
    assert len(footer) == 1
    text = footer[0].replace("<br>", " ")
    assert SYNTHETIC in text and "Data to December 2025" in text
    assert "Filters: dataset Known incidents (synthetic); period Jan 2025 to Dec 2025" in text
    assert "strand All hate crime (distinct offences); area Camden" in text


def test_exported_footer_fits_inside_the_image(app):
    for answer in (trend_answer(app), map_answer(app)):
        ready = figure_for_export(answer, CONTEXT)
        footer = next(a for a in ready["layout"]["annotations"] if a.get("name") == "source")
        lines = footer["text"].count("<br>") + 1
        assert -footer["yshift"] + 17 * lines <= ready["layout"]["margin"]["b"]


def test_exported_map_drops_the_click_hint_and_prints_each_boroughs_value(app, client):
    assert "Click a borough" in overview_map(client, "change")["layout"]["title"]["text"].replace("<br>", " ")
    ready = figure_for_export(map_answer(app, "change"), CONTEXT)
    assert "Click" not in ready["layout"]["title"]["text"]
    labels = [trace for trace in ready["data"] if trace.get("name") == "Values"]
    assert len(labels) == 1 and "+" in "".join(labels[0]["text"])
    assert ready["layout"]["width"] == MAP_EXPORT_WIDTH
    assert len(figure_table(ready)) == 33  # the printed values add no rows to the CSV


def test_many_lines_get_marker_shapes_for_greyscale_print():
    from figures.trend import trend_figure

    series = pd.DataFrame([{"month": m, "strand": s, "area": "london", "offences": i}
                           for i, s in enumerate(["all", "race", "religion", "disability"])
                           for m in pd.date_range("2025-01-01", periods=3, freq="MS")])
    ready = figure_for_export(trend_figure(series, time_column="month", title="t", subtitle=("s",), source="src"),
                              CONTEXT)
    symbols = [trace["marker"]["symbol"] for trace in ready["data"]]
    assert len(set(symbols)) == 4 and all("markers" in trace["mode"] for trace in ready["data"])


@needs_chromium
def test_png_is_twice_the_export_size_and_not_blank(app):
    ready = figure_for_export(trend_answer(app), CONTEXT)
    width, height = export_size(ready)
    png = render_images([ImageRequest(ready, "png", width, height, PNG_SCALE)])[0]
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG"
        assert image.size == (EXPORT_WIDTH * PNG_SCALE, height * PNG_SCALE)
    assert png_is_not_blank(png)


@needs_chromium
def test_svg_holds_the_title_source_and_filters_as_text(app):
    ready = figure_for_export(answer_of(app, ids.OVERVIEW_STRANDS), CONTEXT)
    width, height = export_size(ready)
    svg = render_images([ImageRequest(ready, "svg", width, height)])[0].decode("utf-8")
    assert svg.lstrip().startswith("<svg")
    assert "Hate crime offences by strand, London, Jan 2025 to Dec 2025" in svg
    assert f"{SYNTHETIC}. Data to December 2025." in svg
    assert "Filters: dataset Known incidents (synthetic)" in svg


@needs_chromium
def test_map_png_draws_offline_from_the_apps_own_topojson(app):
    ready = figure_for_export(map_answer(app, "rate"), CONTEXT)
    width, height = export_size(ready)
    png = render_images([ImageRequest(ready, "png", width, height, PNG_SCALE)])[0]
    with Image.open(io.BytesIO(png)) as image:
        assert image.size == (MAP_EXPORT_WIDTH * PNG_SCALE, height * PNG_SCALE)
    assert png_is_not_blank(png)


@needs_chromium
def test_png_button_returns_a_named_2x_png_with_the_chart(client):
    data, message = click_export(client, ids.PROFILE_TREND, "png")
    assert message is None
    assert data["filename"] == "hate-crime_camden_all-strands_2025-01_to_2025-12_monthly-trend.png"
    png = base64.b64decode(data["content"])
    with Image.open(io.BytesIO(png)) as image:
        assert image.size[0] == EXPORT_WIDTH * PNG_SCALE
    assert png_is_not_blank(png)


def test_the_rendering_page_loads_nothing_from_another_host():
    page = rendering.rendering_page()
    assert "http://" not in page and "https://" not in page
    assert rendering.PLOTLY_JS.is_file()
    assert (rendering.TOPOJSON_DIR / "world_110m.json").is_file()


def test_without_chromium_images_are_refused_with_a_sentence_on_how_to_install_it(monkeypatch, client):
    monkeypatch.setenv(rendering.BROWSER_PATH_VARIABLE, "/nonexistent/chromium")
    with pytest.raises(RenderingUnavailable, match="apt-get install chromium"):
        render_images([ImageRequest({"data": [], "layout": {}}, "png", 100, 100)])
    data, message = click_export(client, ids.PROFILE_TREND, "png")
    assert data is None and "no Chromium was found" in message
    data, message = click_export(client, ids.PROFILE_TREND, "csv")
    assert data["filename"].endswith(".csv") and message is None  # the data still downloads


# ---- controls on every chart and table ------------------------------------------------

def components_in(component):
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, (list, tuple)) else [children]:
        if hasattr(child, "to_plotly_json"):
            yield from components_in(child)


def test_every_chart_gets_png_svg_and_csv_buttons_and_a_download():
    parts = list(components_in(chart("some-graph")))
    buttons = {part.id["format"]: part.children for part in parts
               if isinstance(getattr(part, "id", None), dict) and part.id["type"] == ids.CHART_EXPORT}
    assert buttons == {"png": "PNG", "svg": "SVG", "csv": "Download data (CSV)"}
    assert any(getattr(part, "id", None) == {"type": ids.CHART_DOWNLOAD, "chart": "some-graph"} for part in parts)
    assert any(getattr(part, "id", None) == "some-graph" for part in parts)


def test_profile_tables_offer_csv_with_units_in_the_column_names(client):
    status, body = call_callback(client, ids.PROFILE_TREND, {
        f"{ids.FILTER_STATE}.data": FILTERS_2025, f"{ids.PROFILE_SLUG}.data": "camden"})
    assert status == 200
    names = {ids.PROFILE_RANKS: "ranks-by-rate", ids.PROFILE_TABLE: "last-12-months"}
    for output, name in names.items():
        link = table_download(client, output_of(body, output, "children"), FILTERS_2025)
        assert link["download"] == f"hate-crime_camden_all-strands_2025-01_to_2025-12_{name}.csv"
        assert link["aria-label"].startswith("Download data (CSV): ")
        header = link["csv"].splitlines()[0]
        assert "(count)" in header or "(offences)" in header, header


def test_compare_csv_link_has_plain_borough_names_and_the_querys_numbers(client, known_cursor):
    status, body = call_callback(client, ids.COMPARE_TABLE, {f"{ids.FILTER_STATE}.data": FILTERS_2025})
    assert status == 200
    link = table_download(client, output_of(body, ids.COMPARE_TABLE, "children"), FILTERS_2025)
    assert link["download"] == "hate-crime_london_all-strands_2025-01_to_2025-12_compare-boroughs.csv"
    table = pd.read_csv(io.StringIO(link["csv"]))
    summary = borough_period_summary(known_cursor, dataset_id=1, period=YEAR_2025, strand="all")
    assert "[" not in "".join(table.Borough) and len(table) == 32
    assert dict(zip(table.Borough, table["Offences, Jan 2025 to Dec 2025 (count)"])) == dict(zip(summary.name, summary.offences))
    assert table["Rank by rate (1 = highest)"].is_monotonic_increasing

