"""The expected band on a small trend and on the trend chart."""

import datetime as dt

import numpy as np
import pandas as pd

from charts.stands_out import no_trend_notes
from figures.expected_band import ABOVE_NAME, ABOVE_SYMBOL, BAND_NAME, expected_band_figure
from tests.drawn_numbers import drawn
from figures.trend import trend_figure
from stands_out.expected_range import TREND_NOT_CONVERGED

MONTHS = [dt.date(2017, m, 1) for m in range(1, 7)]


def _band():
    return pd.DataFrame({"month": MONTHS, "offences": [80, 95, 150, 90, 160, 210],
                         "expected": [np.nan, 90.0, 88.0, 91.0, 89.0, 92.0],
                         "lower_bound": [np.nan, 70, 68, 71, 69, 72],
                         "upper_bound": [np.nan, 112, 110, 113, 111, 114],
                         "is_above": [False, False, True, False, True, True]})


def test_band_figure_shades_the_range_and_marks_months_above_it_with_their_counts():
    figure = expected_band_figure(_band(), title="Islamophobic offences, London", subtitle=None, source="Test")
    figure = drawn(figure)
    traces = {trace.name: trace for trace in figure.data}
    assert list(traces) == ["Upper bound", BAND_NAME, "Expected", "Offences", ABOVE_NAME]
    assert traces[BAND_NAME].fill == "tonexty"
    assert list(traces[BAND_NAME].y) == [70, 68, 71, 69, 72]  # the month without history has no band
    assert list(traces["Upper bound"].y) == [112, 110, 113, 111, 114]
    above = traces[ABOVE_NAME]
    assert [str(x)[:10] for x in above.x] == ["2017-03-01", "2017-05-01", "2017-06-01"]
    assert list(above.y) == [150, 160, 210] and list(above.text) == ["150", "160", "210"]
    assert above.marker.symbol == ABOVE_SYMBOL


def test_trend_chart_draws_no_band_unless_asked_and_the_band_under_the_line_when_asked():
    series = pd.DataFrame({"month": MONTHS, "strand": "islamophobic", "area": "london",
                           "offences": _band().offences})
    plain = trend_figure(series, time_column="month", title="t", subtitle=("s",), source="Test")
    plain = drawn(plain)
    assert [trace.name for trace in plain.data] == ["Islamophobic"]
    banded = trend_figure(series, time_column="month", title="t", subtitle=("s",), source="Test",
                          expected_band=_band())
    banded = drawn(banded)
    assert [trace.name for trace in banded.data] == ["Upper bound", BAND_NAME, "Expected", "Islamophobic", ABOVE_NAME]
    assert list(banded.data[-1].y) == [150, 160, 210]


def test_the_bands_table_and_csv_name_its_lower_and_upper_bounds_not_the_legends_shading():
    table = expected_band_figure(_band(), title="t", subtitle=None, source="Test").table
    assert list(table.columns[1:4]) == ["Expected range, upper bound: Offences per month",
                                        "Expected range, lower bound: Offences per month",
                                        "Expected: Offences per month"]
    assert table["Expected range, lower bound: Offences per month"].dropna().tolist() == [70, 68, 71, 69, 72]


def test_the_small_trend_says_which_months_have_no_trend_because_the_trend_model_did_not_converge():
    band = _band().assign(no_trend_reason=[None, TREND_NOT_CONVERGED, None, TREND_NOT_CONVERGED, None, None])
    assert no_trend_notes(band) == ("No trend fitted for Feb 2017, Apr 2017: the model with a trend did not converge.",)
    assert no_trend_notes(_band().assign(no_trend_reason=None)) == ()
