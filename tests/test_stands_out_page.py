"""The "What stands out" page on a small store whose answers are known.

Camden: 10 offences flagged faith + islamophobic on the 15th of every month from January
2016 to December 2019, except June 2019: 40. No other borough has offences. So in June
2019 Camden (and London, which is Camden here) is above its expected range for
islamophobic, faith, race-and-faith and all hate crime: a constant history expects 10,
with no over-dispersion the upper bound is Poisson's 99th percentile of 10, which is 18.
"""

import datetime as dt

import flask
import pandas as pd
import pytest

from app import STORE_EXTENSION
from callbacks.stands_out import update_stands_out
from components import ids
from tests.drawn_numbers import decode_values
from queries.expected_counts import boroughs_above_range, exceptional_months
from queries.periods import Period
from queries.store import ReadOnlyStore, open_for_writing
from queries.strands import CORE_STRANDS
from tests.dash_requests import component_text
from tests.store_fixtures import CAMDEN, serving_incidents, write_incident_dataset

SPIKE_MONTH = dt.date(2019, 6, 1)


def _incidents():
    rows = []
    for month in pd.date_range("2016-01-01", "2019-12-01", freq="MS"):
        for _ in range(40 if month.date() == SPIKE_MONTH else 10):
            rows.append({"incident_id": f"S{len(rows):05d}", "offence_date": (month + pd.Timedelta(days=14)).date(),
                         "gss_code": CAMDEN, "offence_type": "Public order",
                         **{f"is_{key}": key in ("religion", "islamophobic") for key in CORE_STRANDS}})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def spike_store(tmp_path_factory):
    with serving_incidents(tmp_path_factory.mktemp("stands-out") / "spike.duckdb", _incidents(), name="Islamophobic spike") as served:
        yield served


def _page(spike_store, *, start="2019-06", end="2019-06", strand="islamophobic", boroughs=(), when="last-month",
          every_strand=False):
    server, dataset_id = spike_store
    with server.test_request_context():
        state = {"dataset_id": dataset_id, "start": start, "end": end, "strand": strand, "boroughs": list(boroughs)}
        return update_stands_out(state, when, every_strand)


def _find(component, match):
    """The first component under `component` (itself included) for which `match` holds."""
    if match(component):
        return component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, (list, tuple)) else [children]:
        if hasattr(child, "to_plotly_json") and (found := _find(child, match)) is not None:
            return found
    return None


def _sentences(items) -> list[str]:
    """The sentence of every item, drawn with a small trend or listed after them."""
    lists = [part for part in items.children if part.__class__.__name__ == "Ol"]
    return [component_text(item.children[0].children[0] if isinstance(item.children, list) else item.children.children[0])
            for ordered in lists for item in ordered.children]


def test_the_spike_month_gives_the_sentence_with_expected_count_upper_bound_and_record(spike_store):
    summary, items, _ = _page(spike_store)
    assert component_text(summary.children[0]) == ("2 combinations of place, strand and month above the expected range in Jun 2019 "
                              "(1 borough and London as a whole), most exceptional first.")
    assert _sentences(items) == [
        "Islamophobic offences in Camden in June 2019: 40, against an expected 10 (upper bound 18), "
        "the highest of any month since records began (January 2016).",
        "Islamophobic offences in London in June 2019: 40, against an expected 10 (upper bound 18), "
        "the highest of any month since records began (January 2016).",
    ]
    first = items.children[0].children[0]
    camden_link = first.children[0].children[2]
    assert camden_link.href.startswith("/borough/camden?")
    graph = _find(first.children[1], lambda component: component.__class__.__name__ == "Graph")
    assert graph.id == ids.STANDS_OUT_ITEM_CHARTS[0]  # a registry chart, with PNG/SVG/CSV like every chart
    assert [trace["name"] for trace in graph.figure["data"]][-1] == "Above expected range"
    assert decode_values(graph.figure["data"][-1]["y"]) == [40]
    options = _find(first.children[1], lambda component: getattr(component, "id", None) == {
        "type": ids.CHART_OPTIONS, "chart": ids.STANDS_OUT_ITEM_CHARTS[0]})
    assert options.data == {"area": "camden", "strand": "islamophobic", "month": "2019-06"}


def test_every_strand_lists_each_strand_the_spike_carries(spike_store):
    _, items, _ = _page(spike_store, every_strand=True)
    sentences = _sentences(items)
    assert len(sentences) == 8  # Camden and London x all, faith, islamophobic, race and faith
    assert sum(sentence.startswith("Faith hate offences in ") for sentence in sentences) == 2


def test_a_filter_that_leaves_nothing_above_range_says_so_plainly(spike_store):
    summary, items, _ = _page(spike_store, boroughs=("hackney",))
    assert component_text(summary) == ("Nothing stands out: islamophobic offences in Hackney stayed within their "
                              "expected range in Jun 2019.")
    assert items is None
    summary, _, _ = _page(spike_store, start="2019-01", end="2019-05", when="period", every_strand=True)
    assert component_text(summary) == ("Nothing stands out: no strand in London or any of its 32 boroughs was above "
                              "its expected range in Jan 2019 to May 2019.")


def test_months_without_three_earlier_years_say_they_cannot_be_judged(spike_store):
    summary, _, _ = _page(spike_store, start="2017-01", end="2017-01")
    assert component_text(summary) == ("No month in Jan 2017 can be judged yet: each needs 3 earlier years of data, "
                              "and this dataset starts in January 2016.")


def test_rolling_12_months_changes_carry_their_verdicts(spike_store):
    _, _, changes = _page(spike_store)
    # Camden and London: 150 offences against 120, a rise of 25% that chance alone can make.
    assert component_text(changes[0]).startswith(
        "Jul 2018 to Jun 2019 against Jul 2017 to Jun 2018: of 2 combinations of area and strand with offences, "
        "0 had a significant rise and 0 a significant fall; 2 were within normal variation and 0 had too few "
        "offences to compare.")
    assert component_text(changes[1]) == "No change over the rolling 12 months is beyond chance."


def test_overview_count_of_boroughs_above_range(spike_store):
    server, dataset_id = spike_store
    cursor = server.extensions[STORE_EXTENSION].cursor()
    assert boroughs_above_range(cursor, dataset_id=dataset_id, month=SPIKE_MONTH) == 1
    assert boroughs_above_range(cursor, dataset_id=dataset_id, month=dt.date(2019, 5, 1)) == 0
    flagged = exceptional_months(cursor, dataset_id=dataset_id, period=Period(SPIKE_MONTH, SPIKE_MONTH),
                                 strands=["islamophobic"])
    assert flagged[["area", "offences", "upper_bound", "previous_same_month_high", "earlier_same_months"]].values.tolist() \
        == [[CAMDEN, 40, 18, 10, 3], ["london", 40, 18, 10, 3]]


def test_a_store_loaded_before_expected_ranges_were_kept_says_to_load_again(tmp_path):
    path = tmp_path / "old.duckdb"
    con = open_for_writing(path)
    write_incident_dataset(con, _incidents().head(30), name="Old load", is_synthetic=True)
    con.execute("DROP TABLE expected_counts")  # as a store made before this table existed
    con.close()
    server = flask.Flask(__name__)
    server.extensions[STORE_EXTENSION] = ReadOnlyStore(path)
    try:
        summary, items, changes = _page((server, 1))
    finally:
        server.extensions[STORE_EXTENSION].close()
    assert component_text(summary).startswith("Expected ranges have not been worked out for this dataset")
    assert (items, changes) == (None, None)


def test_stands_out_says_how_many_would_be_above_by_chance_alone(spike_store):
    """Every strand over 2019: Camden and London x 4 strands with offences, judged in
    February to December (January 2019 has only 2 earlier years): 88 series-months, of
    which 1 in 100 is about 1; the month looked at alone, 8 of them."""
    summary, _, _ = _page(spike_store, start="2019-01", end="2019-12", when="period", every_strand=True)
    assert component_text(summary.children[1]) == (
        "At this method's 1-in-100 false-alarm rate, about 1 of the 88 combinations judged would be above their "
        "range by chance alone, so look at how far above each is and whether it repeats.")
    summary, _, _ = _page(spike_store, every_strand=True)
    assert component_text(summary.children[1]).startswith(
        "At this method's 1-in-100 false-alarm rate, fewer than 1 of the 8 combinations judged would be")
    # Only the series in view count: the islamophobic strand of Camden alone, 11 months.
    summary, _, _ = _page(spike_store, start="2019-01", end="2019-12", when="period", boroughs=("camden",))
    assert "fewer than 1 of the 11 combinations judged" in component_text(summary.children[1])


def test_changes_beyond_chance_say_how_many_chance_alone_would_call_significant(spike_store):
    _, _, changes = _page(spike_store, every_strand=True)
    assert component_text(changes[0]).endswith(
        "At the test's 1-in-100 significance level, fewer than 1 of the 8 compared would be called significant by "
        "chance alone, even where nothing had changed.")
