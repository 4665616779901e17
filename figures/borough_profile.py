"""The borough profile's own charts, shared by the page and its briefing pack so the two
always draw the same thing."""

import pandas as pd

from figures.answer import ChartAnswer
from figures.strand_bars import area_rate_bars
from figures.trend import trend_figure
from queries.periods import ROLLING_MONTHS, Period
from queries.rates import RATE_LABEL

ROLLING_LABEL = "12-month rolling average"


def borough_monthly_trend(series: pd.DataFrame, *, strand_label: str, borough_name: str, period: Period,
                          source: str, events: pd.DataFrame | None,
                          expected_band: pd.DataFrame | None = None) -> ChartAnswer:
    """`series` starts 11 months before `period` so the rolling line is whole from its first
    month; the axis (and the table) shows only the period. `expected_band` (queries.
    expected_counts.expected_band over the period) shades the expected range and marks
    months above it."""
    banded = expected_band is not None and not expected_band.empty
    return trend_figure(
        series, time_column="month", rolling_window=ROLLING_MONTHS, rolling_label=ROLLING_LABEL,
        title=f"{strand_label}, monthly offences, {borough_name}, {period.label}",
        subtitle=("Thin line: each month. Thick line: average of the 12 months to that month.",
                  *(("Shaded: the expected range; triangles: months above it.",) if banded else ())),
        source=source, events=events, expected_band=expected_band, visible=(period.start, period.end))


def borough_against_london(rates: pd.DataFrame, *, borough_name: str, group_name: str, period: Period,
                           source: str, finding: str | None = None) -> ChartAnswer:
    """`rates`: area_strand_rates for the borough, its comparison group and London.
    `finding`, if given, leads the title (the descriptive title becomes the subtitle)."""
    title = f"{RATE_LABEL}: {borough_name} against London, {period.label}"
    subtitle = f"{group_name}: its boroughs' offences over their residents, as London's"
    return area_rate_bars(
        rates, area_names={"borough": borough_name, "group": group_name, "london": "London"},
        title=finding or title, subtitle=(f"{title}. {subtitle}" if finding else subtitle,), source=source)
