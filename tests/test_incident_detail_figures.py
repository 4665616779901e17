"""The compound discrimination, offence type and outcome charts, built from the
hand-counted store, and the numbers their CSV download carries."""

import datetime as dt

from tests.drawn_numbers import drawn
from figures.strand_breakdowns import offence_types_figure, outcomes_figure
from figures.strand_combinations import combination_upset, multi_strand_trend_figure, strand_overlap_bars
from queries.offence_types import offence_types_by_strand
from queries.outcome_breakdown import outcomes_by_strand
from queries.periods import Period
from queries.strand_combinations import multi_strand_trend, strand_combinations, strand_overlap_shares
from tests.incident_detail_fixtures import CAMDEN, compound  # noqa: F401 - a fixture

JAN_FEB_2025 = Period(dt.date(2025, 1, 1), dt.date(2025, 2, 1))
SOURCE = "Source: test."


def test_upset_has_one_bar_per_combination_and_the_three_strand_offence_in_one_bar_only(compound):
    cursor, dataset_id = compound
    combinations = strand_combinations(cursor, dataset_id=dataset_id, period=JAN_FEB_2025, gss_codes=[CAMDEN])
    answer = combination_upset(combinations, area_name="Camden", period_label="Jan 2025 to Feb 2025",
                               source=SOURCE)
    figure = drawn(answer)
    bars = [trace for trace in figure.data if trace.type == "bar"]
    assert len(bars) == 1 and bars[0].type == "bar"
    assert dict(zip(bars[0].x, bars[0].y)) == {
        "Race + Faith": 2, "Race + Faith + Disability": 1, "Sexual orientation + Transgender identity": 1,
        "Sexual orientation + Disability": 1}
    assert "5 of 9 offences (55.6%) carried two or more strands" in figure.layout.title.text
    # The dot matrix: the three-strand bar has exactly its three strands filled.
    three = list(bars[0].x).index("Race + Faith + Disability")
    filled = {trace.y[0]: trace.marker.color[three] for trace in figure.data
              if trace.type == "scatter" and trace.mode == "markers"}
    assert {name for name, colour in filled.items() if colour == "#1a1a1a"} == {"Race", "Faith", "Disability"}
    table = answer.table  # what "Download data (CSV)" gives: the bars, not the dot matrix
    assert [tuple(row) for row in table.itertuples(index=False)] == [
        ("Race + Faith", 2), ("Sexual orientation + Disability", 1),
        ("Sexual orientation + Transgender identity", 1), ("Race + Faith + Disability", 1)]
    assert list(table.columns) == ["Combination of strands (dots: the strands it has)",
                                       "Offences: Offences (count)"]


def test_upset_can_show_single_strand_combinations_too(compound):
    cursor, dataset_id = compound
    combinations = strand_combinations(cursor, dataset_id=dataset_id, period=JAN_FEB_2025)
    figure = combination_upset(combinations, area_name="London", period_label="p", source=SOURCE,
                               multi_strand_only=False)
    figure = drawn(figure)
    assert sum(figure.data[0].y) == 12


def test_overlap_bars_and_trend_draw_the_queried_numbers(compound):
    cursor, dataset_id = compound
    shares = strand_overlap_shares(cursor, dataset_id=dataset_id, period=JAN_FEB_2025)
    figure = strand_overlap_bars(shares, area_name="London", period_label="p", source=SOURCE)
    figure = drawn(figure)
    assert list(figure.data[0].x) == [62.5, 83.3, 0.0, 100.0, 100.0, 100.0, 66.7]
    assert figure.data[0].orientation == "h"
    trend = multi_strand_trend(cursor, dataset_id=dataset_id, period=JAN_FEB_2025)
    figure = multi_strand_trend_figure(trend, area_name="London", period_label="p", source=SOURCE)
    figure = drawn(figure)
    assert list(figure.data[0].y) == [4, 3]


def test_offence_types_are_grouped_side_by_side_never_stacked(compound):
    cursor, dataset_id = compound
    types = offence_types_by_strand(cursor, dataset_id=dataset_id, period=JAN_FEB_2025,
                                    strands=["all", "race", "disability"])
    figure = offence_types_figure(types, area_name="London", period_label="p", source=SOURCE, measure="count")
    figure = drawn(figure)
    assert figure.layout.barmode == "group"
    assert {trace.name: list(trace.y) for trace in figure.data} == {
        "Public order": [7, 6, 1], "Violence against the person": [3, 2, 1], "Criminal damage": [2, 0, 1]}
    assert figure.layout.yaxis.title.text == "Offences (count)"


def test_outcome_shares_within_each_strand(compound):
    cursor, dataset_id = compound
    outcomes = outcomes_by_strand(cursor, dataset_id=dataset_id, period=JAN_FEB_2025, strands=["all", "race"])
    figure = outcomes_figure(outcomes, area_name="London", period_label="p", source=SOURCE)
    figure = drawn(figure)
    assert {trace.name: list(trace.y) for trace in figure.data} == {
        "Charged": [41.7, 37.5], "No outcome recorded": [33.3, 25.0], "Community resolution": [16.7, 25.0],
        "Caution": [8.3, 12.5]}
    assert figure.layout.yaxis.title.text == "% of the strand's offences"
