"""The Met's current release on the pages, exports and pack: the notice follows the
dataset's strands, the LGBT+ view says why published data cannot give it, the source line
names which release gave which months, comparisons across March 2024 say they are not
directly comparable, About lists sources and revisions, positive outcomes reach the
profile, Compare, the map and the pack, and empty months stay empty.

The store joins the small wide file (Jan to Mar 2021) and a current release (Feb and Mar
2024) of tests/test_mps_current_release.py; every figure is counted by hand from them."""

import datetime as dt
import io
import json
import textwrap
import zipfile
from urllib.parse import unquote

import duckdb
import pandas as pd
import pytest

from charts.context import period_source_months
from components import ids
from components.notices import published_counts_text
from components.url_state import FilterState
from exports.briefing_pack import PackImages, build_briefing_pack, pack_context
from exports.pack_documents import pack_zip
from exports.figure_for_export import ExportContext, figure_for_export
from figures.answer import ChartAnswer, ChartText
from figures.page_figure import page_figure
from figures.connect_break import BREAK_NAME, COMPARISON_SUBTITLE
from figures.expected_band import expected_band_figure
from figures.trend import trend_figure
from queries.connect_break import STRADDLES_SENTENCE
from queries.datasets import loaded_datasets
from queries.periods import Period
from queries.positive_outcomes import NO_OUTCOMES_SENTENCE, POSITIVE_OUTCOME_CAVEAT
from queries.store import STORE_EXTENSION, ReadOnlyStore
from queries.strand_availability import LGBT_FROM_PUBLISHED
from tests.drawn_numbers import drawn, source_of
from tests.dash_requests import call_callback, output_of, plotly_values, table_download, table_records
from tests.load_fixtures import run_cli, write_long, write_wide
from tests.test_mps_current_release import REVISED, release_rows

WIDE = "MPS published hate crime (wide.csv)"
CURRENT = "MPS crime dashboard hate crime (current.csv)"
COMBINED = "MPS published hate crime, releases combined"
BOTH_SOURCES = (f"Jan 2021 to Mar 2021 from {WIDE}; Feb 2024 to Mar 2024 from {CURRENT}.")
CAMDEN, HACKNEY, SUTTON, CITY = "E09000007", "E09000012", "E09000029", "E09000001"


@pytest.fixture(scope="module")
def joined_store(tmp_path_factory):
    """The wide file and a current release, joined into one series; ids by name."""
    folder = tmp_path_factory.mktemp("current-pages")
    store = folder / "store.duckdb"
    assert run_cli(store, "load-mps-wide", str(write_wide(folder / "wide.csv"))) == 0
    assert run_cli(store, "load-mps-long", str(write_long(folder / "current.csv", release_rows()))) == 0
    con = duckdb.connect(str(store), read_only=True)
    names = dict(zip(loaded_datasets(con).name, loaded_datasets(con).dataset_id.astype(int)))
    con.close()
    return store, names


@pytest.fixture
def joined_client(app, joined_store, monkeypatch):
    store, names = joined_store
    monkeypatch.setitem(app.server.extensions, STORE_EXTENSION, ReadOnlyStore(store))
    yield app.server.test_client(), names
    app.server.extensions[STORE_EXTENSION].close()


def filters(dataset_id, start, end, strand="all", boroughs=()):
    return {"dataset_id": dataset_id, "start": start, "end": end, "strand": strand, "boroughs": list(boroughs)}


def call(client, output, inputs, changed=None):
    status, body = call_callback(client, output, inputs, changed=changed)
    assert status == 200, body
    return body


# ---- notices --------------------------------------------------------------------------

def test_published_note_follows_the_strands_the_dataset_has():
    current = published_counts_text(["all", "race", "religion"])
    older = published_counts_text(["race_religion", "religion"])
    assert "'All hate crime' is the Met's count of distinct hate offences" in current
    assert "no 'all hate crime' total" not in current and "Race alone is not published" not in current
    assert "no 'all hate crime' total is shown" in older and "Race alone is not published separately" in older
    assert "There is no LGBT+ view" in current and "There is no LGBT+ view" in older
    partial = published_counts_text(["all", "race", "religion"], {"race": (pd.Timestamp("2022-04-01"),
                                                                           pd.Timestamp("2025-03-01"))})
    assert "Race has figures only for Apr 2022 to Mar 2025 (the releases that publish it)" in partial


def test_combined_series_notice_says_which_strands_start_with_the_current_release(joined_client):
    client, names = joined_client
    body = call(client, ids.FILTER_STATE, {"url.search": f"?dataset={names[COMBINED]}"}, changed=["url.search"])
    notice = json.dumps(output_of(body, ids.DATA_NOTICE, "children"))
    assert "'All hate crime' is the Met's count of distinct hate offences" in notice
    assert ("All hate crime (distinct offences), Race, Faith, Antisemitic (faith), Sexual orientation, "
            "Transgender identity and Disability have figures only for Feb 2024 to Mar 2024 (the releases that "
            "publish them); other months are empty, not zero.") in notice
    older = call(client, ids.FILTER_STATE, {"url.search": f"?dataset={names[WIDE]}"}, changed=["url.search"])
    assert "no 'all hate crime' total is shown" in json.dumps(output_of(older, ids.DATA_NOTICE, "children"))


def test_asking_for_the_lgbt_view_of_published_data_says_why_it_cannot_be_counted(joined_client):
    client, names = joined_client
    body = call(client, ids.FILTER_STATE, {"url.search": f"?dataset={names[COMBINED]}&strand=lgbt"},
                changed=["url.search"])
    message = json.dumps(output_of(body, ids.FILTER_MESSAGE, "children"))
    assert "no separate figures for LGBT+ (sexual orientation or transgender); showing All hate crime" in message
    assert json.dumps(LGBT_FROM_PUBLISHED)[1:-1] in message
    assert output_of(body, ids.STRAND, "value") == "all"


# ---- which months came from which release -------------------------------------------------

def test_source_months_are_clipped_to_the_period_shown():
    sources = pd.DataFrame({"source_name": ["Old file", "New release"],
                            "first_month": pd.to_datetime(["2010-04-01", "2024-02-01"]),
                            "last_month": pd.to_datetime(["2021-05-01", "2024-12-01"])})
    assert period_source_months(sources, Period(dt.date(2020, 1, 1), dt.date(2024, 6, 1))) == (
        "Jan 2020 to May 2021 from Old file; Feb 2024 to Jun 2024 from New release.")
    assert period_source_months(sources, Period(dt.date(2024, 3, 1), dt.date(2024, 6, 1))) == (
        "Mar 2024 to Jun 2024 from New release.")
    assert period_source_months(sources, Period(dt.date(2022, 1, 1), dt.date(2023, 1, 1))) == ""
    assert period_source_months(None, Period(dt.date(2022, 1, 1), dt.date(2023, 1, 1))) == ""


def test_chart_source_line_names_the_release_of_each_stretch_of_months(joined_client):
    client, names = joined_client
    body = call(client, ids.OVERVIEW_TREND, {f"{ids.FILTER_STATE}.data": filters(names[COMBINED], "2021-01", "2024-03")})
    figure = output_of(body, ids.OVERVIEW_TREND, "figure")
    assert source_of(figure).endswith(BOTH_SOURCES)
    assert [shape.get("name") for shape in figure["layout"]["shapes"]].count(BREAK_NAME) == 1
    recent = call(client, ids.OVERVIEW_TREND, {f"{ids.FILTER_STATE}.data": filters(names[COMBINED], "2024-02", "2024-03")})
    assert source_of(output_of(recent, ids.OVERVIEW_TREND, "figure")).endswith(
        f"Data to March 2024. Feb 2024 to Mar 2024 from {CURRENT}.")
    single = call(client, ids.OVERVIEW_TREND, {f"{ids.FILTER_STATE}.data": filters(names[CURRENT], "2024-02", "2024-03")})
    assert source_of(output_of(single, ids.OVERVIEW_TREND, "figure")).endswith("Data to March 2024.")


def test_about_lists_which_months_came_from_which_release(joined_client):
    client, names = joined_client
    body = call(client, ids.ABOUT_SOURCES, {f"{ids.FILTER_STATE}.data": None})
    rows = table_records(output_of(body, ids.ABOUT_SOURCES, "children"))
    assert [(row["Release"], row["From"], row["To"], row["Months"]) for row in rows] == [
        (WIDE, "Jan 2021", "Mar 2021", "3"), (CURRENT, "Feb 2024", "Mar 2024", "2")]
    assert rows[0]["Strands"] == "Islamophobic, Race and faith"
    text = json.dumps(output_of(body, ids.ABOUT_SOURCES, "children"))
    assert "Only part of the series has: All hate crime (distinct offences) (Feb 2024 to Mar 2024)" in text


def test_about_says_when_no_release_revised_figures(joined_client):
    client, _names = joined_client
    body = call(client, ids.ABOUT_REVISIONS, {f"{ids.FILTER_STATE}.data": None})
    assert "No release loaded so far has changed figures" in json.dumps(output_of(body, ids.ABOUT_REVISIONS, "children"))


def test_about_lists_a_releases_revisions_and_its_largest(app, tmp_path, monkeypatch):
    store = tmp_path / "store.duckdb"
    assert run_cli(store, "load-mps-long", str(write_long(tmp_path / "a.csv", release_rows(refresh="05.04.24")))) == 0
    assert run_cli(store, "load-mps-long", str(write_long(tmp_path / "b.csv", release_rows(REVISED,
                                                                                          refresh="05.05.24")))) == 0
    monkeypatch.setitem(app.server.extensions, STORE_EXTENSION, ReadOnlyStore(store))
    try:
        body = call(app.server.test_client(), ids.ABOUT_REVISIONS, {f"{ids.FILTER_STATE}.data": None})
    finally:
        app.server.extensions[STORE_EXTENSION].close()
    children = output_of(body, ids.ABOUT_REVISIONS, "children")
    releases = table_records(children)
    assert [(row["Release"], row["Figures compared"], row["Figures changed"]) for row in releases] == [
        ("MPS crime dashboard hate crime (b.csv)", "18", "2")]
    largest = table_records(children[2])
    assert [(row["Borough"], row["Month"], row["Category"], row["Previous"], row["New"], row["Change"])
            for row in largest] == [("Camden", "Mar 2024", "Hate Crime / Hate Crime", "30", "33", "+3"),
                                    ("Hackney", "Mar 2024", "Hate Crime / Racist Crime", "9", "7", "-2")]


# ---- the CONNECT break -----------------------------------------------------------------

def test_overview_cards_across_march_2024_say_the_figures_are_not_comparable(joined_client):
    client, names = joined_client
    body = call(client, ids.OVERVIEW_CARDS, {f"{ids.FILTER_STATE}.data": filters(names[COMBINED], "2024-03", "2024-03")})
    cards = json.dumps(output_of(body, ids.OVERVIEW_CARDS, "children"))
    assert '"46"' in cards and "vs 30 in the previous 1 months" in cards and "+53.3%" in cards
    assert STRADDLES_SENTENCE in cards
    breakdown = output_of(body, ids.OVERVIEW_STRANDS, "figure")
    assert COMPARISON_SUBTITLE in breakdown["layout"]["title"]["text"].replace("<br>", " ")
    older = call(client, ids.OVERVIEW_CARDS, {f"{ids.FILTER_STATE}.data": filters(names[WIDE], "2021-01", "2021-03",
                                                                                  "race_religion")})
    assert STRADDLES_SENTENCE not in json.dumps(output_of(older, ids.OVERVIEW_CARDS, "children"))


def test_profile_cards_across_march_2024_say_the_figures_are_not_comparable(joined_client):
    client, names = joined_client
    body = call(client, ids.PROFILE_CARDS, {f"{ids.FILTER_STATE}.data": filters(names[COMBINED], "2023-04", "2024-03"),
                                            f"{ids.PROFILE_SLUG}.data": "camden"})
    cards = json.dumps(output_of(body, ids.PROFILE_CARDS, "children"))
    assert STRADDLES_SENTENCE in cards and '"50"' in cards  # Camden: 20 + 30 distinct offences


def test_compare_heading_and_csv_carry_the_connect_caveat(joined_client):
    client, names = joined_client
    state = filters(names[COMBINED], "2024-03", "2024-03")
    body = call(client, ids.COMPARE_TABLE, {f"{ids.FILTER_STATE}.data": state})
    assert output_of(body, ids.COMPARE_HEADING, "children").endswith(STRADDLES_SENTENCE)
    csv = table_download(client, output_of(body, ids.COMPARE_TABLE, "children"), state)["csv"]
    frame = pd.read_csv(io.StringIO(csv))
    assert frame.columns[-1] == "Note" and set(frame.Note) == {STRADDLES_SENTENCE}
    camden = frame[frame.Borough == "Camden"].iloc[0]
    assert (camden["Offences, Mar 2024 (count)"], camden["Offences, Feb 2024 (count)"], camden["Change (%)"]) == \
        (30, 20, 50.0)
    older_state = filters(names[WIDE], "2021-02", "2021-03", "race_religion")
    older = call(client, ids.COMPARE_TABLE, {f"{ids.FILTER_STATE}.data": older_state})
    assert STRADDLES_SENTENCE not in output_of(older, ids.COMPARE_HEADING, "children")
    older_csv = table_download(client, output_of(older, ids.COMPARE_TABLE, "children"), older_state)["csv"]
    assert "Note" not in older_csv.splitlines()[0]


def test_stands_out_small_trends_mark_the_connect_break():
    band = pd.DataFrame({"month": pd.date_range("2024-01-01", periods=4, freq="MS"), "offences": [5, 6, 7, 8],
                         "expected": [5.0] * 4, "lower_bound": [2.0] * 4, "upper_bound": [9.0] * 4,
                         "is_above": [False] * 4})
    figure = drawn(expected_band_figure(band, title="t", subtitle=(), source="Source: x"))
    assert [shape.name for shape in figure.layout.shapes] == [BREAK_NAME]


# ---- positive outcomes -------------------------------------------------------------------

def test_compare_shows_each_boroughs_positive_outcome_rate(joined_client):
    client, names = joined_client
    state = {f"{ids.FILTER_STATE}.data": filters(names[COMBINED], "2024-02", "2024-03")}
    body = call(client, ids.COMPARE_TABLE, state)
    rows = {row["Borough"]: row for row in table_records(output_of(body, ids.COMPARE_TABLE, "children"))}
    rate = "Positive outcome rate (%)"
    assert (rows["Camden"][rate], rows["Hackney"][rate], rows["Sutton"][rate]) == ("20.0", "11.5", "n/a")
    assert len(rows) == 32
    assert call(client, ids.COMPARE_OUTCOMES_NOTE, state)["response"][ids.COMPARE_OUTCOMES_NOTE]["children"] == \
        POSITIVE_OUTCOME_CAVEAT
    faith = call(client, ids.COMPARE_OUTCOMES_NOTE, {f"{ids.FILTER_STATE}.data": filters(
        names[COMBINED], "2024-02", "2024-03", "religion")})
    assert output_of(faith, ids.COMPARE_OUTCOMES_NOTE, "children") == \
        "No outcome figures are published for Faith in Feb 2024 to Mar 2024."
    no_column = call(client, ids.COMPARE_TABLE, {f"{ids.FILTER_STATE}.data": filters(
        names[COMBINED], "2024-02", "2024-03", "religion")})
    assert "Positive outcome rate (%)" not in table_records(output_of(no_column, ids.COMPARE_TABLE, "children"))[0]
    wide = call(client, ids.COMPARE_OUTCOMES_NOTE, {f"{ids.FILTER_STATE}.data": filters(
        names[WIDE], "2021-01", "2021-03", "race_religion")})
    assert output_of(wide, ids.COMPARE_OUTCOMES_NOTE, "children") == NO_OUTCOMES_SENTENCE


def test_map_draws_the_positive_outcome_rate_and_keeps_the_city_as_no_data(joined_client):
    client, names = joined_client
    body = call(client, ids.OVERVIEW_MAP, {f"{ids.FILTER_STATE}.data": filters(names[COMBINED], "2024-02", "2024-03"),
                                           f"{ids.OVERVIEW_MAP_METRIC}.value": "outcome_rate"})
    figure = output_of(body, ids.OVERVIEW_MAP, "figure")
    rates = dict(zip(plotly_values(figure["data"][0]["locations"]), plotly_values(figure["data"][0]["z"])))
    assert (rates[CAMDEN], rates[HACKNEY]) == (20.0, 11.5) and pd.isna(rates[SUTTON])
    assert CITY not in rates and plotly_values(figure["data"][1]["locations"]) == [CITY]
    assert "Positive outcomes: 10 (rate 20.0%)" in json.dumps(figure["data"][0]["text"])
    assert figure["data"][0]["colorbar"]["title"]["text"] == "% positive outcomes"
    wide = call(client, ids.OVERVIEW_MAP, {f"{ids.FILTER_STATE}.data": filters(names[WIDE], "2021-01", "2021-03",
                                                                              "race_religion"),
                                           f"{ids.OVERVIEW_MAP_METRIC}.value": "outcome_rate"})
    assert NO_OUTCOMES_SENTENCE in json.dumps(output_of(wide, ids.OVERVIEW_MAP, "figure")).replace("<br>", " ")


def test_profile_lists_positive_outcomes_per_strand_against_london(joined_client):
    client, names = joined_client
    body = call(client, ids.PROFILE_POSITIVE_OUTCOMES, {f"{ids.FILTER_STATE}.data": filters(names[COMBINED], "2024-02", "2024-03"),
                                               f"{ids.PROFILE_SLUG}.data": "camden"})
    children = output_of(body, ids.PROFILE_POSITIVE_OUTCOMES, "children")
    rows = table_records(children)
    # Camden: all 20 + 30 offences, 4 + 6 outcomes; race 12 + 18 offences, 3 + 4 outcomes.
    # London: all 76 offences, 13 outcomes; race 45 offences, 9 outcomes.
    assert [[row[key] for key in list(row)[::2]] for row in rows] == [
        ["All hate crime (distinct offences)", "50", "10", "20.0", "17.1", "2 of 2"],
        ["Race", "30", "7", "23.3", "20.0", "2 of 2"]]
    text = json.dumps(children)
    assert json.dumps(POSITIVE_OUTCOME_CAVEAT)[1:-1] in text
    assert "No outcome figures are published for Faith, Antisemitic (faith)" in text
    wide = call(client, ids.PROFILE_POSITIVE_OUTCOMES, {f"{ids.FILTER_STATE}.data": filters(names[WIDE], "2021-01", "2021-03",
                                                                                  "race_religion"),
                                               f"{ids.PROFILE_SLUG}.data": "camden"})
    assert NO_OUTCOMES_SENTENCE in json.dumps(output_of(wide, ids.PROFILE_POSITIVE_OUTCOMES, "children"))


def test_pack_has_the_outcome_rate_headline_and_the_connect_caveat(joined_store):
    store, names = joined_store
    con = duckdb.connect(str(store), read_only=True)
    cursor = con.cursor()
    state = FilterState(names[COMBINED], dt.date(2024, 2, 1), dt.date(2024, 3, 1), "all", ())
    pack = build_briefing_pack(cursor, pack_context(cursor, state), "camden", today=dt.date(2024, 5, 1))
    london = build_briefing_pack(cursor, pack_context(cursor, state), "london", today=dt.date(2024, 5, 1))
    con.close()
    outcome = pack.headlines[-1]
    assert (outcome.figure, outcome.compared_with) == ("20.0%", "10 positive outcomes on 50 offences; London 17.1%. "
                                                                "Outcomes can come months after the offence, so recent "
                                                                "months look low.")
    assert london.headlines[-1].figure == "17.1%"
    assert pack.headlines[0].compared_with.endswith(STRADDLES_SENTENCE)  # rolling 12 months to Mar 2024
    assert pack.rolling.note == STRADDLES_SENTENCE
    outcomes = next(table for table in pack.tables if table.name == "positive-outcomes")
    assert outcomes.frame["Positive outcome rate (%)"].tolist() == [20.0, 23.3]
    assert outcomes.note.startswith(POSITIVE_OUTCOME_CAVEAT)
    archive = zipfile.ZipFile(io.BytesIO(pack_zip(pack, PackImages(problem="not drawn in this test"), b"%PDF")))
    rolling_csv = next(name for name in archive.namelist() if name.endswith("rolling-12-months-by-strand.csv"))
    frame = pd.read_csv(archive.open(rolling_csv))
    assert frame.columns[-1] == "Note" and set(frame.Note) == {STRADDLES_SENTENCE}


def test_pack_of_a_dataset_without_outcomes_says_so(joined_store):
    store, names = joined_store
    con = duckdb.connect(str(store), read_only=True)
    cursor = con.cursor()
    state = FilterState(names[WIDE], dt.date(2021, 1, 1), dt.date(2021, 3, 1), "race_religion", ())
    pack = build_briefing_pack(cursor, pack_context(cursor, state), "camden", today=dt.date(2024, 5, 1))
    con.close()
    assert (pack.headlines[-1].figure, pack.headlines[-1].compared_with) == ("not available", NO_OUTCOMES_SENTENCE)
    assert not pack.rolling.note


# ---- empty months ----------------------------------------------------------------------

def test_profile_table_of_the_last_12_months_keeps_months_no_release_covers_empty(joined_client):
    client, names = joined_client
    state = filters(names[COMBINED], "2021-01", "2024-03")
    body = call(client, ids.PROFILE_TABLE, {f"{ids.FILTER_STATE}.data": state, f"{ids.PROFILE_SLUG}.data": "camden"})
    rows = table_records(output_of(body, ids.PROFILE_TABLE, "children"))
    assert [row["Month"] for row in rows][0] == "Apr 2023" and len(rows) == 12
    assert [row["All hate crime (offences)"] for row in rows] == ["n/a"] * 10 + ["20", "30"]
    csv = table_download(client, output_of(body, ids.PROFILE_TABLE, "children"), state)["csv"]
    assert csv.splitlines()[1].startswith("Apr 2023,,") and csv.splitlines()[-1].startswith("Mar 2024,30,")


def test_a_source_line_naming_several_releases_gets_a_deeper_bottom_margin():
    def framed(source):
        return page_figure(ChartAnswer(ChartText("t", source=source), table=pd.DataFrame(),
                                       figure={"data": [], "layout": {}}))
    long_source = "Source: x. Data to March 2025. " + BOTH_SOURCES + " " + BOTH_SOURCES
    short, long = framed("Source: one file. Data to March 2025."), framed(long_source)
    assert short["layout"]["margin"]["b"] == 100
    # Every line past the first gets room: a wrapped "Data to ..." was clipped at the foot.
    assert long["layout"]["margin"]["b"] == 100 + 20 * (len(textwrap.wrap(long_source, 85)) - 1) > 100
    two_lines = framed("Source: Metropolitan Police Service, hate crime dashboard data (London Datastore). "
                       "Data to May 2021.")
    assert two_lines["layout"]["margin"]["b"] == 120


def test_an_exported_chart_rewraps_a_long_source_line_and_leaves_room_for_every_line():
    source = "Source: Metropolitan Police Service (London Datastore), releases combined. Data to March 2024. " + \
        BOTH_SOURCES
    series = pd.DataFrame({"month": pd.date_range("2024-01-01", periods=3, freq="MS"), "strand": "all",
                           "area": "london", "offences": [5, 6, 7]})
    figure = trend_figure(series, time_column="month", title="t", subtitle=("s",), source=source)
    context = ExportContext(dataset_name="Combined", is_synthetic=False, period_label="Jan 2024 to Mar 2024",
                            strand_label="All hate crime (distinct offences)", area_label="all of London",
                            source=source, data_date="March 2024")
    exported = figure_for_export(figure, context)
    footer = next(annotation for annotation in exported["layout"]["annotations"] if annotation.get("name") == "source")
    lines = footer["text"].split("<br>")
    assert " ".join(lines).startswith(source)  # the whole sentence, wrapped afresh
    assert exported["layout"]["margin"]["b"] >= -footer["yshift"] + 17 * len(lines)
