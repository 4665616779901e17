"""What stands out, on every page: each change between two periods carries its verdict
(words and a marker shape, with the test named), the overview counts the boroughs above
their expected range, the monthly single-series trends draw the expected band, the
/stands-out page's charts are registry charts, and the briefing pack has its page.

The store, counted by hand (offences on the 15th of each month):

    Camden       faith + islamophobic  10 a month, 2016-01 to 2019-12; June 2019: 40
    Hackney      race                   5 a month in 2018, 15 a month in 2019
    Westminster  sexual orientation    20 a month in 2018,  8 a month in 2019
    Barnet       disability             1, in March 2019

So 2019 against 2018: race 180 against 60 (+200.0%, a significant rise: p about 1e-14),
sexual orientation 96 against 240 (-60.0%, a significant fall), faith 150 against 120
(+25.0%, p about 0.07: within normal variation), disability 1 against 0 (too few), and
all hate crime 427 against 420 (+1.7%, within normal variation).
"""

import datetime as dt
import io

import flask
import pandas as pd
import plotly.graph_objects as go
import pytest
from pypdf import PdfReader

from app import STORE_EXTENSION
from callbacks.borough_profile import update_borough_profile
from callbacks.compare import update_compare_table
from callbacks.overview import update_overview, update_stands_out_link
from callbacks.stands_out import update_stands_out
from charts.context import page_context, store_cursor
from security.bad_request import BadRequest
from charts.registry import chart_answer, checked_options
from charts.table_registry import table_answer
from components import ids
from tests.drawn_numbers import decode_values
from components.url_state import FilterState
from exports import rendering
from exports.briefing_pack import PDF_PAGES, build_briefing_pack, pack_context, render_pack_images
from exports.pack_documents import pack_pdf, pack_zip
from figures.expected_band import ABOVE_NAME, BAND_NAME
from figures.tables import table_csv
from tests.drawn_numbers import built_figure, figure_table
from queries.store import ReadOnlyStore, open_for_writing
from queries.strands import CORE_STRANDS
from stands_out.change_test import CHANGE_TEST_SENTENCE
from stands_out.expected_range import METHOD_SENTENCE
from tests.store_fixtures import BARNET, CAMDEN, HACKNEY, WESTMINSTER, write_incident_dataset

YEAR_2019 = {"dataset_id": 1, "start": "2019-01", "end": "2019-12", "strand": "all", "boroughs": []}
SPIKE = dt.date(2019, 6, 1)


def _incidents() -> pd.DataFrame:
    rows = []

    def add(month, code, count, strands):
        for _ in range(count):
            rows.append({"incident_id": f"V{len(rows):05d}", "offence_date": (month + pd.Timedelta(days=14)).date(),
                         "gss_code": code, "offence_type": "Public order",
                         **{f"is_{key}": key in strands for key in CORE_STRANDS}})

    for month in pd.date_range("2016-01-01", "2019-12-01", freq="MS"):
        add(month, CAMDEN, 40 if month.date() == SPIKE else 10, {"religion", "islamophobic"})
        if month.year == 2018:
            add(month, HACKNEY, 5, {"race"})
            add(month, WESTMINSTER, 20, {"sexual_orientation"})
        if month.year == 2019:
            add(month, HACKNEY, 15, {"race"})
            add(month, WESTMINSTER, 8, {"sexual_orientation"})
    add(pd.Timestamp("2019-03-01"), BARNET, 1, {"disability"})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    path = tmp_path_factory.mktemp("verdicts") / "verdicts.duckdb"
    con = open_for_writing(path)
    assert write_incident_dataset(con, _incidents(), name="Rises and falls", is_synthetic=True) == 1
    con.close()
    app = flask.Flask(__name__)
    app.extensions[STORE_EXTENSION] = ReadOnlyStore(path)
    yield app
    app.extensions[STORE_EXTENSION].close()


@pytest.fixture
def request_context(server):
    with server.test_request_context():
        yield server.extensions[STORE_EXTENSION].cursor()


def _text(component) -> str:
    """Every word a component shows, whitespace collapsed."""
    def words(node):
        if node is None:
            return ""
        if isinstance(node, (str, int, float)):
            return str(node)
        if isinstance(node, (list, tuple)):
            return " ".join(words(child) for child in node)
        return words(getattr(node, "children", None))
    return " ".join(words(component).split())


def _find_all(component, match) -> list:
    found = [component] if hasattr(component, "to_plotly_json") and match(component) else []
    children = component if isinstance(component, (list, tuple)) else getattr(component, "children", None)
    for child in children if isinstance(children, (list, tuple)) else [children]:
        if child is not None and not isinstance(child, (str, int, float)):
            found += _find_all(child, match)
    return found


def _table_rows(table) -> list[list[str]]:
    """A keyboard table's body rows, each as its cells' words."""
    return [[_text(cell) for cell in row.children]
            for body in _find_all(table, lambda c: c.__class__.__name__ == "Tbody") for row in body.children]


def _csv(table, filter_state) -> str:
    """The CSV the table's "Download data (CSV)" button gives: its definition's, rebuilt
    from the filters and the options the table carries (as callbacks/exports.py does)."""
    button = _find_all(table, lambda c: getattr(c, "id", {}) and isinstance(c.id, dict)
                       and c.id.get("type") == ids.TABLE_EXPORT)[0]
    options = _find_all(table, lambda c: getattr(c, "id", None) == {"type": ids.TABLE_OPTIONS,
                                                                      "table": button.id["table"]})[0].data
    cursor = store_cursor()
    return table_csv(table_answer(cursor, page_context(cursor, filter_state), button.id["table"], options).csv_frame())


# ---- cards -----------------------------------------------------------------------------

def test_overview_cards_carry_each_changes_verdict_in_words_beside_its_marker_and_name_the_test(request_context):
    cards = _text(update_overview(YEAR_2019)[1])
    assert "Jan 2019 to Dec 2019 427 ● +1.7%, within normal variation vs 420 in the previous 12 months" in cards
    assert "Race 180 ▲ +200.0%, significant rise vs 60 in the 12 months before" in cards
    assert "Sexual orientation 96 ▼ -60.0%, significant fall vs 240" in cards
    assert "Faith 150 ● +25.0%, within normal variation vs 120" in cards
    assert "Disability 1 – no earlier figure, too few offences to compare vs 0" in cards
    assert CHANGE_TEST_SENTENCE in cards


def test_the_overview_heading_names_the_boroughs_its_figures_are_for(request_context):
    assert update_overview(YEAR_2019)[0] == "London overview"
    chosen = update_overview({**YEAR_2019, "boroughs": ["camden", "hackney"]})
    assert chosen[0] == "Overview: Camden and Hackney together"
    assert "Camden and Hackney" in _text(chosen[1]) and update_overview({**YEAR_2019, "boroughs": ["camden"]})[0] == \
        "Overview: Camden"


def test_the_marker_is_a_shape_beside_the_words_and_hidden_from_screen_readers(request_context):
    markers = _find_all(update_overview(YEAR_2019)[1], lambda c: getattr(c, "className", "") == "verdict-marker")
    assert [marker.children for marker in markers][:2] == ["●", "●"]
    assert all(getattr(marker, "aria-hidden") == "true" for marker in markers)


def test_profile_card_carries_the_verdict_of_its_rolling_12_months(request_context):
    assert "180 ▲ +200.0%, significant rise vs 60 in the 12 months before" in \
        _text(update_borough_profile(YEAR_2019, "hackney")[2])
    camden = _text(update_borough_profile(YEAR_2019, "camden")[2])
    assert "150 ● +25.0%, within normal variation vs 120" in camden and CHANGE_TEST_SENTENCE in camden


# ---- the overview's link to What stands out ----------------------------------------------

def test_overview_links_to_what_stands_out_with_the_count_of_boroughs_above_range(request_context):
    june = dict(YEAR_2019, end="2019-06")
    link = update_stands_out_link(june)
    assert _text(link) == "2 boroughs above their expected range in June 2019. See what stands out"
    assert link.children[1].href == "/stands-out?dataset=1&from=2019-01&to=2019-06&strand=all"
    # Camden's spike and Hackney's rise; with only Westminster chosen, none.
    assert _text(update_stands_out_link(dict(june, boroughs=["hackney"]))).startswith(
        "1 borough above its expected range in June 2019.")
    assert _text(update_stands_out_link(dict(june, boroughs=["westminster"]))).startswith(
        "No borough above its expected range in June 2019.")
    assert _text(update_stands_out_link(dict(june, start="2016-01", end="2016-06"))).startswith(
        "June 2016 cannot be judged against an expected range yet.")


# ---- Compare ----------------------------------------------------------------------------

def test_compare_table_has_a_sortable_verdict_column_and_its_csv_carries_it(request_context):
    race = dict(YEAR_2019, strand="race")
    table, heading = update_compare_table(race, "all")
    assert heading.endswith("180 offences. 1 borough with a significant rise, 0 boroughs with a significant fall.")
    rows = {row[0]: row for row in _table_rows(table)}
    assert len(rows) == 32
    assert rows["Hackney"][4:7] == ["60", "+200.0", "▲ significant rise"]
    assert rows["Camden"][6] == "– too few offences to compare"
    verdict_button = _find_all(table, lambda c: getattr(c, "id", None) == {
        "type": ids.TABLE_SORT, "table": ids.COMPARE_DATATABLE, "column": "Verdict"})
    assert verdict_button  # sortable like every column, by verdict (rises, falls, within, too few)
    cells = _find_all(table, lambda c: "verdict" in (getattr(c, "className", None) or "").split())
    assert {_text(cell): getattr(cell, "data-sort") for cell in cells} == {
        "▲ significant rise": 0, "– too few offences to compare": 3}
    csv = pd.read_csv(io.StringIO(_csv(table, race)), dtype=str)
    assert list(csv.columns[5:7]) == ["Change (%)", "Verdict"]
    assert csv[csv.Borough == "Hackney"].iloc[0, 5:7].tolist() == ["200.0", "▲ significant rise"]


def test_compare_filters_by_verdict(request_context):
    rises, _ = update_compare_table(dict(YEAR_2019, strand="race"), "rises")
    assert [row[0] for row in _table_rows(rises)] == ["Hackney"]
    assert _csv(rises, dict(YEAR_2019, strand="race")).splitlines()[1].startswith(
        "Hackney,E09000012,Inner,180,60,200.0,▲ significant rise")
    falls, _ = update_compare_table(dict(YEAR_2019, strand="sexual_orientation"), "falls")
    assert [row[0] for row in _table_rows(falls)] == ["Westminster"]
    none, _ = update_compare_table(dict(YEAR_2019, strand="race"), "falls")
    assert _text(none) == "No borough had a significant fall in Jan 2019 to Dec 2019 against the previous 12 months."


@pytest.mark.parametrize("bad", ["rising", 1, True, ["rises"], {"value": "rises"}])
def test_compare_refuses_a_verdict_filter_the_page_never_sends(request_context, bad):
    with pytest.raises(BadRequest, match="The verdict filter must be one of all, rises, falls."):
        update_compare_table(YEAR_2019, bad)


# ---- expected bands ---------------------------------------------------------------------

def test_profile_trend_shades_the_expected_band_and_marks_the_month_above_it(request_context):
    figure = go.Figure(update_borough_profile(YEAR_2019, "camden")[3])
    assert [trace.name for trace in figure.data] == [
        "Upper bound", BAND_NAME, "Expected", "All hate crime", "All hate crime, 12-month rolling average", ABOVE_NAME]
    band = {trace.name: trace for trace in figure.data}
    # January 2019 has fewer than three earlier years around it (the data start in January 2016).
    assert [f"{pd.Timestamp(month):%b %Y}" for month in band[BAND_NAME].x][:2] == ["Feb 2019", "Mar 2019"]
    assert band[BAND_NAME].fill == "tonexty"
    assert decode_values(band["Upper bound"].y) == [18] * 11  # Poisson's 99th percentile of a steady 10
    assert [pd.Timestamp(month).date() for month in band[ABOVE_NAME].x] == [SPIKE]
    assert decode_values(band[ABOVE_NAME].y) == [40]
    assert "Shaded: the expected range; triangles: months above it." in figure.layout.title.text


def test_profile_trend_of_a_month_too_early_to_judge_has_no_band(request_context):
    figure = go.Figure(update_borough_profile(dict(YEAR_2019, start="2017-01", end="2017-12"), "camden")[3])
    assert BAND_NAME not in [trace.name for trace in figure.data]


def _trend(cursor, filters, **options):
    return go.Figure(built_figure(cursor, page_context(cursor, filters), ids.TRENDS_CHART, options))


def test_trends_draws_the_band_only_for_one_monthly_line(request_context):
    cursor = request_context
    london = _trend(cursor, YEAR_2019, strands=["islamophobic"])
    assert [trace.name for trace in london.data] == ["Upper bound", BAND_NAME, "Expected", "Islamophobic", ABOVE_NAME]
    hackney = _trend(cursor, dict(YEAR_2019, strand="race", boroughs=["hackney"]))
    above = [trace for trace in hackney.data if trace.name == ABOVE_NAME][0]
    assert [f"{pd.Timestamp(month):%b}" for month in above.x] == [
        "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct"]
    for many_lines in (_trend(cursor, YEAR_2019, strands=["islamophobic", "race"]),
                       _trend(cursor, dict(YEAR_2019, strand="race", boroughs=["hackney", "camden"])),
                       _trend(cursor, YEAR_2019, strands=["islamophobic"], granularity="week")):
        assert BAND_NAME not in [trace.name for trace in many_lines.data]


# ---- the /stands-out page ---------------------------------------------------------------

def test_stands_out_small_trend_is_a_registry_chart_whose_csv_holds_the_band(request_context):
    cursor = request_context
    context = page_context(cursor, YEAR_2019)
    options = {"area": "camden", "strand": "islamophobic", "month": "2019-06"}
    figure = go.Figure(built_figure(cursor, context, ids.STANDS_OUT_ITEM_CHARTS[0], options))
    assert figure.layout.title.text.startswith("<b>Islamophobic offences, Camden, Jun 2017 to Jun 2019</b>")
    table = figure_table(figure)
    june = table[table.iloc[:, 0].astype(str).str.startswith("2019-06")].iloc[0]
    assert june["Above expected range: Offences per month"] == 40 and june["Expected: Offences per month"] == 10
    assert checked_options(ids.STANDS_OUT_ITEM_CHARTS[4], {"area": "London", "strand": "race", "month": "2018-01"},
                           context) == {"area": "london", "strand": "race", "month": "2018-01"}


@pytest.mark.parametrize(("options", "sentence"), [
    ({"area": 7, "strand": "race", "month": "2019-06"}, "Say which area this chart is for"),
    ({"area": "atlantis", "strand": "race", "month": "2019-06"}, "no London borough with Met data called 'atlantis'"),
    ({"area": "camden", "strand": "astrology", "month": "2019-06"}, "Say which strand this chart is for"),
    ({"area": "camden", "strand": ["race"], "month": "2019-06"}, "Say which strand this chart is for"),
    ({"area": "camden", "strand": "race", "month": "2019-13"}, "'month' must be a month from 2016-01 to 2019-12"),
    ({"area": "camden", "strand": "race", "month": "2015-12"}, "'month' must be a month from 2016-01 to 2019-12"),
    ({"area": "camden", "strand": "race", "month": 201906}, "'month' must be a month"),
    ({"area": "camden", "strand": "race", "month": "2019-06", "figure": {}}, "does not take an option called 'figure'"),
    ("camden", "not a set of named values"),
])
def test_stands_out_chart_refuses_options_the_page_never_sends(request_context, options, sentence):
    context = page_context(request_context, YEAR_2019)
    with pytest.raises(BadRequest, match=sentence):
        chart_answer(request_context, context, ids.STANDS_OUT_ITEM_CHARTS[0], options)


def test_stands_out_changes_table_is_a_keyboard_table_with_verdicts(request_context):
    _, _, changes = update_stands_out(YEAR_2019, "period", True)
    assert ("5 had a significant rise and 5 a significant fall; 7 were within normal variation and 3 had too few "
            "offences to compare. At the test's 1-in-100 significance level, fewer than 1 of the 17 compared") \
        in _text(changes[0])
    table = changes[1]
    assert not _find_all(table, lambda c: c.__class__.__module__.startswith("dash.dash_table"))
    rows = _table_rows(table)
    assert ["Hackney", "Race", "180", "60", "+200.0", "▲ significant rise", "< 0.001"] in rows
    assert ["Westminster", "Sexual orientation", "96", "240", "-60.0", "▼ significant fall", "< 0.001"] in rows
    links = _find_all(table, lambda c: str(getattr(c, "href", "")).startswith("/borough/hackney?"))
    assert links and _text(links[0]) == "Hackney"


@pytest.mark.parametrize(("when", "every_strand", "sentence"), [
    ("yesterday", True, "Which months to look at must be one of last-month, period."),
    (["period"], True, "Which months to look at"),
    ("period", "yes", "The 'every strand' switch must be true or false."),
    ("period", 1, "The 'every strand' switch must be true or false."),
])
def test_stands_out_refuses_inputs_the_page_never_sends(request_context, when, every_strand, sentence):
    with pytest.raises(BadRequest, match=sentence):
        update_stands_out(YEAR_2019, when, every_strand)


# ---- the briefing pack ------------------------------------------------------------------

def _pack(server, area, monkeypatch):
    monkeypatch.setenv(rendering.BROWSER_PATH_VARIABLE, "/nonexistent/chromium")  # fast: no images
    with server.test_request_context():
        cursor = server.extensions[STORE_EXTENSION].cursor()
        state = FilterState(1, dt.date(2019, 1, 1), dt.date(2019, 12, 1), "all", ())
        pack = build_briefing_pack(cursor, pack_context(cursor, state), area, today=dt.date(2020, 1, 6))
    images = render_pack_images(pack)
    pdf = pack_pdf(pack, images)
    pages = [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages]
    return pack, pages, pack_zip(pack, images, pdf)


def test_pack_headlines_and_rolling_table_carry_verdicts(server, monkeypatch):
    pack, pages, _ = _pack(server, "hackney", monkeypatch)
    assert len(pages) == len(PDF_PAGES) == 9
    assert "180 offences 60 in the 12 months before: +200.0% (▲ significant rise)" in pages[1]
    assert "Race 180 60 +200.0 ▲ significant rise" in pages[1]
    assert "Faith 0 0 – too few offences to compare" in pages[1]
    assert CHANGE_TEST_SENTENCE[:80] in pages[1]
    assert pack.rolling.frame.Verdict.tolist()[:2] == ["▲ significant rise", "▲ significant rise"]


def test_pack_has_a_what_stands_out_page_naming_its_methods(server, monkeypatch):
    _, pages, _ = _pack(server, "hackney", monkeypatch)
    page = pages[PDF_PAGES.index("What stands out")]
    # The footer (drawn after the page's content, outside its reading order) names the pack.
    assert "Hate crime briefing pack: Hackney, Jan 2019 to Dec 2019." in page and page.endswith("Page 6 of 9")
    assert ("1. Hate crime offences in Hackney in April 2019: 15, against an expected 1.7 (upper bound 11), "
            "the highest for April since records began (January 2016).") in page
    assert "And 17 more, less far above their range: the ZIP's 'months-above-expected-range' CSV lists them all." \
        in page
    assert ("of 3 combinations of area and strand with offences, 3 had a significant rise and 0 a significant fall"
            in page)
    assert "Hackney Race 180 60 +200.0 ▲ significant rise < 0.001" in page
    assert METHOD_SENTENCE[:60] in page and "about 1 month in 100 per series is flagged by chance" in page
    assert "about 1 comparison in 100 would still be called significant by chance" in page


def test_london_pack_lists_the_boroughs_that_stand_out_and_the_changes_beyond_chance(server, monkeypatch):
    pack, pages, archive = _pack(server, "london", monkeypatch)
    page = pages[PDF_PAGES.index("What stands out")]
    assert ("1. Racist and religious hate offences in London in June 2019: 55, against an expected 12 "
            "(upper bound 20), the highest of any month since records began (January 2016).") in page
    assert "2. Hate crime offences in Camden in June 2019: 40, against an expected 10 (upper bound 18)" in page
    assert "5 had a significant rise and 5 a significant fall" in page
    assert "Westminster Sexual orientation 96 240 -60.0 ▼ significant fall < 0.001" in page
    import zipfile

    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        prefix = "data/hate-crime_london_all-strands_2019-01_to_2019-12_"
        months = pd.read_csv(opened.open(f"{prefix}months-above-expected-range.csv"))
        changes = pd.read_csv(opened.open(f"{prefix}changes-beyond-chance.csv"))
        boroughs = pd.read_csv(opened.open(f"{prefix}compare-boroughs.csv"))
    assert len(months) == 48 and months.Sentence.iloc[0].startswith("Racist and religious hate offences in London")
    assert len(changes) == 10 and set(changes.Verdict) == {"▲ significant rise", "▼ significant fall"}
    assert boroughs.set_index("Borough").Verdict.to_dict()["Westminster"] == "▼ significant fall"


def test_a_change_that_rounds_to_nothing_reads_zero_not_minus_zero():
    from components.verdicts import change_words

    assert [change_words(value) for value in (-0.0, -0.04, 0.04, 3.25, -60.0, float("nan"))] == [
        "0.0%", "0.0%", "0.0%", "+3.2%", "-60.0%", "no earlier figure"]


def test_a_stands_out_trend_exports_as_csv_named_by_its_own_area_strand_and_two_years(client):
    # On the known store (data from June 2024): the chart of Camden's race offences to June 2025.
    from tests.test_exports import click_export, export_payload, post_export

    file, message = click_export(client, ids.STANDS_OUT_ITEM_CHARTS[2], "csv",
                                 {"area": "camden", "strand": "race", "month": "2025-06"})
    assert message is None
    assert file["filename"] == "hate-crime_camden_race_2024-06_to_2025-06_expected-range.csv"
    # Too little history for a band here, and the CSV says so rather than holding nothing.
    assert file["content"].startswith("Message")
    status, body = post_export(client, export_payload(client, ids.STANDS_OUT_ITEM_CHARTS[2], "csv",
                                                      {"area": "camden", "strand": "race", "month": "2031-06"}))
    assert (status, body) == (400, {"error": "'month' must be a month from 2024-06 to 2025-12, written YYYY-MM."})


@pytest.mark.parametrize("strand, words", [("all", "all hate crime rate"), ("race", "race rate")])
def test_the_profiles_against_london_chart_leads_with_the_chosen_strand(request_context, strand, words):
    """One strand rule: with race chosen, the chart's finding is about race, as the card is."""
    context = page_context(request_context, {**YEAR_2019, "strand": strand})
    answer = chart_answer(request_context, context, ids.PROFILE_AGAINST_LONDON, {"borough": "camden"})
    assert answer.text.title.startswith(f"Camden's {words}")
    assert answer.table.iloc[0, 0] == ("All hate crime" if strand == "all" else "Race")
