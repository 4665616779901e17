"""Every line can be told apart without colour: by its dash and its marker, the same
for a strand or a borough on every chart (figures/series_styles.py)."""

import itertools

import pandas as pd

from figures.series_styles import STRAND_STYLES, area_style
from tests.drawn_numbers import drawn
from figures.trend import trend_figure
from queries.strands import STRANDS


def test_every_strand_differs_from_every_other_in_dash_and_in_marker():
    assert set(STRAND_STYLES) == set(STRANDS)
    for (a, first), (b, second) in itertools.combinations(STRAND_STYLES.items(), 2):
        assert first.dash != second.dash, f"{a} and {b} share the dash {first.dash}"
        assert first.marker != second.marker, f"{a} and {b} share the marker {first.marker}"


def test_all_32_boroughs_on_one_chart_differ_without_colour():
    patterns = {(area_style(i).dash, area_style(i).marker) for i in range(32)}
    assert len(patterns) == 32


def test_overview_trend_lines_for_all_race_faith_and_disability_differ_in_greyscale():
    months = pd.date_range("2025-01-01", periods=3, freq="MS")
    strands = ["all", "race", "religion", "disability"]
    series = pd.DataFrame([{"month": m, "strand": s, "area": "london", "offences": 5} for s in strands for m in months])
    figure = trend_figure(series, time_column="month", title="t", subtitle=("s",), source="src")
    figure = drawn(figure)
    looks = {trace.name: (trace.line.dash, trace.marker.symbol) for trace in figure.data}
    assert looks == {"All hate crime": ("solid", "circle"), "Race": ("dash", "square"),
                     "Faith": ("dot", "diamond"), "Disability": ("12px,4px,2px,4px,2px,4px", "star")}
    assert all(trace.mode == "lines+markers" for trace in figure.data)


def test_boroughs_on_the_trends_page_keep_their_pattern_with_a_rolling_average():
    months = pd.date_range("2025-01-01", periods=4, freq="MS")
    series = pd.DataFrame([{"month": m, "strand": "race", "area": code, "offences": 3}
                           for code in ("E09000007", "E09000012") for m in months])
    figure = trend_figure(series, time_column="month", title="t", subtitle=("s",), source="src", rolling_window=2,
                          rolling_label="2-month average", area_names={"E09000007": "Camden", "E09000012": "Hackney"})
    figure = drawn(figure)
    dashes = {trace.name: trace.line.dash for trace in figure.data}
    assert dashes == {"Camden": "solid", "Camden, 2-month average": "solid",
                      "Hackney": "dash", "Hackney, 2-month average": "dash"}
