"""Figure builders are pure: their answers' traces, values, words and tables, checked
without a browser (through Plotly's schema: tests/drawn_numbers.drawn)."""

import datetime as dt
import re

import pandas as pd
import pytest

from figures.borough_map import borough_choropleth
from figures.answer import message_answer
from figures.common import SYNTHETIC_LABEL, source_line
from figures.page_figure import LEGEND_ROW_PIXELS, PROJECTOR_MIN_FONT, PROJECTOR_SCALE, legend_rows, page_figure
from figures.strand_bars import area_rate_bars, strand_comparison_bars
from figures.trend import EVENT_NAME, EVENT_ROW_HEIGHT, trend_figure
from geodata import load_borough_boundaries
from tests.drawn_numbers import drawn, figure_table, source_of

CITY = pd.DataFrame({"gss_code": ["E09000001"], "name": ["City of London"]})


def summary_frame():
    return pd.DataFrame({
        "gss_code": ["E09000007", "E09000012"], "name": ["Camden", "Hackney"], "slug": ["camden", "hackney"],
        "offences": [4, 2], "previous_offences": [2, 0], "change_pct": [100.0, float("nan")],
        "rate_per_1000_per_year": [0.02, 0.01], "rank_by_rate": [1, 2],
    })


def test_map_draws_the_city_of_london_as_no_data_never_zero():
    answer = borough_choropleth(summary_frame(), load_borough_boundaries(), metric="count", title="T",
                                subtitle=("S",), source="Source: test.", no_data=CITY)
    figure = drawn(answer)
    values, no_data = figure.data[0], figure.data[1]
    assert "E09000001" not in list(values.locations)
    assert list(values.z) == [4, 2]
    assert list(no_data.locations) == ["E09000001"]
    assert no_data.name == "No data (City of London Police)"
    assert no_data.showscale is False
    assert "No data (City of London Police)" in no_data.hovertemplate
    table = answer.table.set_index("GSS code")
    assert pd.isna(table.loc["E09000001", "Offences"]) and table.loc["E09000001", "Note"] == no_data.name
    assert table.loc["E09000007", "Offences"] == 4


def test_map_metric_rate_uses_rates_and_change_is_centred_on_zero():
    rate = drawn(borough_choropleth(summary_frame(), load_borough_boundaries(), metric="rate", title="T",
                              subtitle=("S",), source="x", no_data=CITY))
    assert list(rate.data[0].z) == [0.02, 0.01]
    change = drawn(borough_choropleth(summary_frame(), load_borough_boundaries(), metric="change", title="T",
                                subtitle=("S",), source="x", no_data=CITY))
    assert change.data[0].zmid == 0
    assert "n/a" in change.data[0].text[1]


def test_map_needs_no_basemap_layers():
    figure = drawn(borough_choropleth(summary_frame(), load_borough_boundaries(), metric="count", title="T",
                                      subtitle=("S",), source="x", no_data=CITY))
    assert figure.layout.geo.visible is False
    assert figure.layout.geo.fitbounds == "locations"


def test_strand_bars_are_grouped_side_by_side_never_stacked():
    comparison = pd.DataFrame({"strand": ["race", "religion"], "offences": [4, 2],
                               "previous_offences": [2, 0], "change_pct": [100.0, float("nan")]})
    answer = strand_comparison_bars(comparison, title="Offences by strand, Camden, Jan 2025 to Dec 2025",
                                    subtitle=("s",), source="Source: test.", current_label="2025",
                                    previous_label="2024")
    figure = drawn(answer)
    assert figure.layout.barmode == "group"
    assert [trace.type for trace in figure.data] == ["bar", "bar"]
    assert list(figure.data[1].y) == [4, 2]
    assert list(figure.data[1].x) == ["Race", "Faith"]
    # As read: the title's lines joined, whatever the wrapping.
    assert "do not add up" in " ".join(re.sub(r"<[^>]+>", " ", figure.layout.title.text).split())
    assert "Camden" in figure.layout.title.text and "Dec 2025" in figure.layout.title.text
    assert figure.layout.yaxis.title.text == "Offences (count)"
    assert answer.table["2025: % change shown on the bar"].tolist()[0] == 100.0
    assert "do not add up" in answer.text.notes[0]


def test_every_chart_carries_its_source_line():
    source = source_line("Metropolitan Police Service", True, "December 2025")
    assert source.startswith(SYNTHETIC_LABEL)
    rates = pd.DataFrame({"area": ["borough", "group", "london"], "strand": ["all"] * 3,
                          "rate_per_1000_per_year": [1.0, 0.8, 0.5]})
    figure = drawn(area_rate_bars(rates, area_names={"borough": "Camden", "group": "Inner", "london": "London"},
                                  title="Rate per 1,000 residents per year", subtitle=("s",), source=source))
    assert source_of(figure) == source
    assert figure.layout.barmode == "group"
    assert figure.layout.yaxis.title.text == "Offences per 1,000 residents per year"
    assert source_line("Metropolitan Police Service", False) == "Source: Metropolitan Police Service."


def test_trend_marks_events_and_draws_a_rolling_line():
    months = pd.date_range("2024-01-01", periods=24, freq="MS")
    series = pd.DataFrame({"month": months, "strand": "race", "area": "london", "offences": range(24)})
    events = pd.DataFrame({"start_date": [pd.Timestamp("2024-07-30")], "end_date": [pd.Timestamp("2024-08-07")],
                           "label": ["Riots in England after the Southport attack"]})
    answer = trend_figure(series, time_column="month", title="Race, London", subtitle=("s",), source="x",
                          events=events, rolling_window=12, rolling_label="12-month rolling average")
    figure = drawn(answer)
    assert answer.table.columns.tolist() == ["Month", "Race: Offences per month",
                                             "Race, 12-month rolling average: Offences per month"]
    assert len(figure.data) == 2
    rolling = list(figure.data[1].y)
    assert pd.isna(rolling[10]) and rolling[11] == pytest.approx(5.5)
    assert [a.hovertext for a in figure.layout.annotations if a.name == EVENT_NAME] == [
        "Riots in England after the Southport attack, 30 Jul 2024"]
    assert "1 Riots in England after the Southport attack (30 Jul 2024)" in answer.text.subtitle[-1]
    assert figure.layout.xaxis.title.text == "Month"
    assert figure.layout.yaxis.title.text == "Offences per month"


def test_trend_log_scale():
    series = pd.DataFrame({"day": pd.date_range("2024-01-01", periods=3), "strand": "all", "area": "london",
                           "offences": [1, 10, 100]})
    figure = drawn(trend_figure(series, time_column="day", title="t", subtitle=("s",), source="x", log_scale=True))
    assert figure.layout.yaxis.type == "log"
    assert "log scale" in figure.layout.yaxis.title.text


def test_empty_filter_gives_a_sentence_not_an_empty_axis():
    answer = message_answer("No offences recorded for Sutton in Jan 2025.")
    figure = drawn(answer)
    assert figure.data == ()
    assert figure.layout.annotations[0].text == "No offences recorded for Sutton in Jan 2025."
    assert figure.layout.xaxis.visible is False
    assert answer.table["Message"].tolist() == ["No offences recorded for Sutton in Jan 2025."]


def test_the_projector_view_scales_every_font_and_the_answer_stays_as_it_was():
    comparison = pd.DataFrame({"strand": ["race"], "offences": [4], "previous_offences": [2], "change_pct": [100.0]})
    answer = strand_comparison_bars(comparison, title="T", subtitle=("s",), source="source", current_label="2025",
                                    previous_label="2024")
    plain, bigger = page_figure(answer), page_figure(answer, projector=True)
    assert bigger["layout"]["font"]["size"] == round(14 * PROJECTOR_SCALE) >= 24  # ticks inherit it
    assert bigger["layout"]["legend"]["font"]["size"] == max(24, round(13 * PROJECTOR_SCALE))
    # The 11 px source line is set at the slide's smallest size, not scaled to 19 px.
    assert bigger["layout"]["annotations"][-1]["font"]["size"] == PROJECTOR_MIN_FONT
    assert f"font-size:{PROJECTOR_MIN_FONT}px" in bigger["layout"]["title"]["text"]
    assert "height" not in bigger["layout"] and plain["layout"]["height"] >= answer.frame.height
    assert plain["layout"]["font"]["size"] == 14 and page_figure(answer) == plain
    # A larger title gets more padding above it, or Plotly cuts its first line's tops.
    assert bigger["layout"]["title"]["pad"]["t"] > plain["layout"]["title"]["pad"]["t"] == 14
    # The source line moves down with the larger axis title, and the margin makes room for it.
    assert bigger["layout"]["annotations"][-1]["yshift"] < plain["layout"]["annotations"][-1]["yshift"]


def test_words_are_never_read_as_markup():
    answer = message_answer("x", title="<img src=x> & more")
    assert "<img" not in page_figure(answer)["layout"]["title"]["text"]
    assert figure_table(page_figure(answer))["Message"].tolist() == ["x"]


def test_a_trend_says_dotted_lines_mark_events_only_when_it_draws_one():
    months = pd.date_range("2024-01-01", periods=12, freq="MS")
    series = pd.DataFrame({"month": months, "strand": "race", "area": "london", "offences": range(12)})
    july = pd.DataFrame({"start_date": [pd.Timestamp("2024-07-30")], "end_date": [pd.NaT], "label": ["Riots"]})

    def subtitle(events, visible=None):
        return trend_figure(series, time_column="month", title="t", subtitle=("s",), source="x", events=events,
                            visible=visible).text.subtitle

    assert "Dotted red lines mark events: 1 Riots (30 Jul 2024)." in subtitle(july)
    assert not any("Dotted red lines" in line for line in subtitle(None) + subtitle(july.iloc[:0]))
    # An event before the axis (fetched for a rolling line's lead-in) is not drawn, nor said.
    assert not any("Dotted red lines" in line
                   for line in subtitle(july, visible=(dt.date(2024, 8, 1), dt.date(2024, 12, 1))))


def test_event_numbers_sit_in_a_strip_above_every_point_drawn_and_never_on_each_other():
    """June 2017 on the real file: three events in three weeks, and Camden's July above its
    range. Numbers that would touch go on a lower row; the axis keeps the strip clear."""
    months = pd.date_range("2017-01-01", periods=12, freq="MS")
    series = pd.DataFrame({"month": months, "strand": "all", "area": "camden",
                           "offences": [60, 62, 58, 61, 70, 75, 105, 66, 64, 63, 59, 60]})
    events = pd.DataFrame({"start_date": pd.to_datetime(["2017-06-14", "2017-06-03", "2017-06-19", "2017-03-22"]),
                           "end_date": pd.NaT, "label": ["Grenfell Tower fire", "London Bridge attack",
                                                         "Finsbury Park attack", "Westminster attack"]})
    answer = trend_figure(series, time_column="month", title="t", subtitle=("s",), source="x", events=events)
    numbers = [a for a in answer.figure["layout"]["annotations"] if a["name"] == EVENT_NAME]
    # Numbered in date order, the key in the same order.
    assert [a["text"] for a in numbers] == ["1", "2", "3", "4"]
    assert [a["hovertext"].split(",")[0] for a in numbers] == ["Westminster attack", "London Bridge attack",
                                                              "Grenfell Tower fire", "Finsbury Park attack"]
    assert answer.text.subtitle[-1].startswith("Dotted red lines mark events: 1 Westminster attack (22 Mar 2017); "
                                               "2 London Bridge attack (3 Jun 2017)")
    # The June numbers are 11 and 5 days apart: each on its own row; March's shares the first.
    rows = {a["text"]: round((1 - a["y"]) / EVENT_ROW_HEIGHT) for a in numbers}
    assert rows["1"] == rows["2"] == 0 and len({rows["2"], rows["3"], rows["4"]}) == 3
    # Nothing is drawn in the rows' strip: the highest value sits under the lowest row's foot.
    top = answer.figure["layout"]["yaxis"]["range"][1]
    lowest_foot = 1 - EVENT_ROW_HEIGHT * (max(rows.values()) + 1)
    assert max(series.offences) / top < lowest_foot


def test_a_legend_that_wraps_gets_room_of_its_own_and_the_plot_keeps_its_height():
    """On a half-width profile trend with a rolling line and an expected range the legend
    takes three rows; Plotly grows a wrapped horizontal legend upwards, over the subtitle."""
    months = pd.date_range("2024-01-01", periods=12, freq="MS")
    series = pd.DataFrame({"month": months, "strand": "race", "area": "camden", "offences": range(12)})
    one = trend_figure(series, time_column="month", title="t", subtitle=("s",), source="x")
    many = trend_figure(pd.concat([series, series.assign(strand="religion"), series.assign(strand="disability")]),
                        time_column="month", title="t", subtitle=("s",), source="x",
                        rolling_window=3, rolling_label="3-month rolling average")
    assert legend_rows(one, title_wrap=52) == 1 and legend_rows(many, title_wrap=52) >= 3
    plain, crowded = page_figure(one)["layout"], page_figure(many)["layout"]
    extra = crowded["margin"]["t"] - plain["margin"]["t"]
    assert extra >= 2 * LEGEND_ROW_PIXELS
    assert crowded["height"] - crowded["margin"]["t"] == plain["height"] - plain["margin"]["t"]
