"""Beyond police data: each partner source's panel and the same-period table, on a copy
of the demo store with the partner fixture file (tests/partner_fixtures.py) loaded too."""

import datetime as dt
import shutil

import duckdb
import plotly.graph_objects as go
import pytest

from callbacks.partners import beyond_police_data
from charts import partners
from charts.context import context_for_state, viewer_facts
from charts.partners import Area
from components.url_state import FilterState
from figures.page_figure import page_figure
from tests.load_fixtures import run_cli
from tests.partner_fixtures import GOOD_ROWS, demo_store_with_partners, write_partner_csv

LONDON = Area("london", "london", "London")
BARNET = Area("barnet", "E09000003", "Barnet")
HACKNEY = Area("hackney", "E09000012", "Hackney")


@pytest.fixture(scope="module")
def partner_store(demo_store_path, tmp_path_factory):
    folder = tmp_path_factory.mktemp("partners")
    store = demo_store_with_partners(demo_store_path, folder)
    assert run_cli(store, "load-partner-reports", str(write_partner_csv(folder / "secret.csv", [
        ["Restricted log", "Shared log", "reports_received", "2024-01-01", "2024-03-31", "London", "race", "", "unknown",
         "77", "unknown", "", "", "2024-05-01"]])), "--restricted") == 0
    return store


@pytest.fixture()
def reading(partner_store):
    con = duckdb.connect(str(partner_store), read_only=True)
    cursor = con.cursor()
    facts = viewer_facts(cursor)
    dataset_id = facts.choices.default_dataset_id
    state = FilterState(dataset_id, dt.date(2022, 1, 1), dt.date(2025, 12, 1), "all")
    yield cursor, context_for_state(facts, state)
    con.close()


def panel(cursor, context, source, area="london", audience="public"):
    return partners.partner_panel(cursor, context, {"source": source, "area": area, "audience": audience})


def test_a_half_year_count_is_drawn_across_its_six_months_not_spread_over_them(reading):
    cursor, context = reading
    answer = panel(cursor, context, "CST")
    go.Figure(page_figure(answer))
    [trace] = answer.figure["data"]
    assert trace["x"] == ["2023-01-01", "2023-07-01", "2023-07-01", "2023-07-01", "2024-01-01", "2024-01-01"]
    assert trace["y"] == [300, 300, None, 320, 320, None]
    assert answer.text.title == ("Antisemitic incidents verified by CST, London: not police-recorded crime; "
                                 "not added to it")
    assert answer.text.subtitle[0].startswith("Includes reports the police also hold.")


def test_the_panel_draws_and_its_table_holds_exactly_the_files_counts(reading):
    cursor, context = reading
    answer = panel(cursor, context, "Tell MAMA")
    drawn = sorted(y for trace in answer.figure["data"] for y in trace["y"][::3])
    in_file = sorted(int(row[9]) for row in GOOD_ROWS if row[0] == "Tell MAMA")
    assert drawn == in_file == sorted(answer.table["Count (as the partner published it)"].tolist())
    assert {trace["name"] for trace in answer.figure["data"]} == {
        "Islamophobic (faith)", "Islamophobic (faith), online", "Islamophobic (faith), offline"}


def test_a_suppressed_count_is_a_grey_band_and_an_empty_cell_never_a_zero(reading):
    cursor, context = reading
    answer = panel(cursor, context, "CST", area="barnet")
    assert [y for trace in answer.figure["data"] for y in trace["y"] if y is not None] == [40, 40]
    [band] = [shape for shape in answer.figure["layout"]["shapes"] if shape["type"] == "rect"]
    assert (band["x0"], band["x1"]) == ("2023-07-01", "2024-01-01")
    table = answer.table.set_index("Period start")
    assert table.loc["2023-07-01", "Suppressed by the partner"] == "yes"
    assert table["Count (as the partner published it)"].isna().sum() == 1
    assert "not zero" in " ".join(answer.text.notes)


def test_a_borough_a_partner_does_not_report_for_is_not_covered_never_zero(reading):
    cursor, context = reading
    answer = panel(cursor, context, "CST", area="hackney")
    assert answer.message.startswith("CST does not report for Hackney: not covered (it reports for Barnet, London, UK)")
    assert answer.figure["data"] == []
    section = str(beyond_police_data(cursor, context, HACKNEY))
    assert "CST: reports for Barnet, London, UK only." in section


def test_no_two_periods_are_joined_into_one_line(reading):
    cursor, context = reading
    answer = panel(cursor, context, "Synthetic anti-Muslim reporting service")
    # Each period is its own line; no line runs from one period into the next.
    for trace in answer.figure["data"]:
        assert trace["y"][2::3] == [None] * (len(trace["y"]) // 3)


def test_the_same_period_table_keeps_police_and_partner_counts_apart_with_no_total(reading):
    cursor, context = reading
    table = partners.same_period_table(cursor, context, {"area": "barnet", "audience": "public"})
    assert list(table.frame.columns) == ["Period", "Strand", "Police-recorded offences (count)", "Partner",
                                         "Partner's series", "What the partner counted",
                                         "Partner's figure, as published (count)", "Includes police reports"]
    cst = table.frame[table.frame.Partner == "CST"].set_index("Period")
    first_half = cst.loc["Jan to Jun 2023 (half-year)"]
    assert first_half["Partner's figure, as published (count)"] == 40
    assert first_half["Police-recorded offences (count)"] == police_offences(cursor, context, "E09000003",
                                                                             "antisemitic", "2023-01-01", "2023-06-01")
    assert "Direction matters more than level" in table.note
    assert not any("total" in str(column).lower() for column in table.frame.columns)


def police_offences(cursor, context, code, strand, first, last) -> int:
    return int(cursor.execute(
        "SELECT sum(offences) FROM monthly_counts WHERE dataset_id = ? AND gss_code = ? AND strand = ? "
        "AND month BETWEEN ? AND ?", [context.state.dataset_id, code, strand, first, last]).fetchall()[0][0])


def test_restricted_partner_files_are_shown_only_to_signed_in_viewers(reading):
    cursor, context = reading
    public = panel(cursor, context, "Restricted log")
    assert public.message is not None and "does not report for London" in public.message
    signed_in = panel(cursor, context, "Restricted log", audience="signed-in")
    assert signed_in.message is None and signed_in.figure["data"][0]["y"][0] == 77
    assert "1 restricted partner file(s) are shown only to signed-in users." in str(
        beyond_police_data(cursor, context, LONDON))


def test_the_audience_comes_from_the_request_never_from_the_client(reading):
    _cursor, context = reading
    assert partners.panel_options({"source": "CST", "audience": "signed-in"}, context)["audience"] == "public"


def test_a_store_from_before_partner_reports_says_none_are_loaded(reading, partner_store, tmp_path):
    old = tmp_path / "old.duckdb"
    shutil.copyfile(partner_store, old)
    con = duckdb.connect(str(old))
    con.execute("DROP TABLE partner_reports")
    con.execute("DROP TABLE partner_files")
    con.close()
    con = duckdb.connect(str(old), read_only=True)
    try:
        cursor = con.cursor()
        context = reading[1]
        answer = panel(cursor, context, None)
        assert answer.message.startswith("No partner reports loaded.")
        assert "No partner reports loaded." in str(beyond_police_data(cursor, context, LONDON))
        assert partners.same_period_table(cursor, context, {"area": "london", "audience": "public"}).message
    finally:
        con.close()


def test_a_series_of_two_years_under_one_definition_gets_a_chance_verdict_named_in_words(reading):
    cursor, context = reading
    answer = panel(cursor, context, "Synthetic Jewish community monitor")
    [verdict] = [note for note in answer.text.notes if "a year earlier:" in note]
    latest, earlier = answer.table.iloc[-1], answer.table[answer.table["Period start"] == "2024-07-01"].iloc[0]
    count, before = latest["Count (as the partner published it)"], earlier["Count (as the partner published it)"]
    assert verdict.startswith(f"Jul to Dec 2025 (half-year) against a year earlier: {count:,} against {before:,}: ")
    assert "score test for two Poisson counts at the 1% level" in verdict


def test_a_series_shorter_than_two_years_gets_no_verdict_and_says_why(reading):
    cursor, context = reading
    answer = panel(cursor, context, "Camden Council", area="camden")
    assert "No verdict on chance for Hate incident log: less than two years under one definition." in answer.text.notes
    assert not any("a year earlier:" in note for note in answer.text.notes)


def test_a_signed_in_viewer_is_the_signed_in_audience_of_a_request(app, reading):
    import flask

    from signin.visibility import Viewer

    context = reading[1]
    with app.server.test_request_context():
        assert partners.panel_options({"area": "london"}, context)["audience"] == "public"
    with app.server.test_request_context():
        flask.g.viewer = Viewer("analyst")
        assert partners.panel_options({"area": "london", "audience": "public"}, context)["audience"] == "signed-in"
        assert partners.area_options(None, context) == {"area": "london", "audience": "signed-in"}


def test_a_panel_of_several_lines_spells_out_only_the_changes_beyond_chance(reading):
    cursor, context = reading
    answer = panel(cursor, context, "Synthetic council hate incident log (Camden)", area="camden")
    [verdict] = [note for note in answer.text.notes if "a year earlier:" in note]
    assert verdict.startswith("Oct to Dec 2025 (quarter) against a year earlier: ")
    spelt_out = verdict.count("significant rise") + verdict.count("significant fall")
    assert verdict.count(" against ") == 1 + spelt_out  # the heading's, and one per change beyond chance
    assert "none of the 4 changes is beyond chance" in verdict or "within normal variation" in verdict \
        or spelt_out == 4


def test_trends_shows_the_partner_series_for_the_one_borough_chosen_else_for_london(reading):
    import dataclasses

    from callbacks.partners import SEVERAL_BOROUGHS, trends_partners
    from tests.dash_requests import component_text

    cursor, context = reading
    facts = viewer_facts(cursor)

    def section(*boroughs):
        state = dataclasses.replace(context.state, boroughs=boroughs)
        return component_text(trends_partners(cursor, context_for_state(facts, state)))

    london = section()
    assert "not police-recorded crime" in london and SEVERAL_BOROUGHS not in london
    assert section("camden") == component_text(beyond_police_data(cursor, context, Area("camden", "E09000007",
                                                                                        "Camden")))
    # Several boroughs: London's figures, said so; partner counts are never added across boroughs.
    several = section("camden", "hackney")
    assert several.startswith(SEVERAL_BOROUGHS) and several[len(SEVERAL_BOROUGHS):].strip() == london.strip()
