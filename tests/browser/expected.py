"""What the charts should show: the app's own queries, called in the test process on
the same store file the app serves. The browser tests compare the page against these."""

import datetime as dt

import pandas as pd

from queries.borough_summary import borough_period_summary
from queries.datasets import dataset_coverage, default_dataset_id, loaded_datasets
from queries.periods import Period, add_months, rolling_12_months
from queries.strand_summary import area_strand_rates, strand_period_comparison
from queries.strands import CORE_STRANDS, STRANDS
from queries.time_series import monthly_offences
from tests.conftest import DEMO_END_MONTH

DEFAULT_PERIOD = rolling_12_months(DEMO_END_MONTH)  # what a page shows with no period in its address
CAMDEN, HACKNEY = "E09000007", "E09000012"
PROFILE_HISTORY_MONTHS = 11  # the profile trend starts 11 months early, for its 12-month rolling line


def month(text: str) -> dt.date:
    return dt.date.fromisoformat(text + "-01")


def period(start: str, end: str) -> Period:
    return Period(month(start), month(end))


def demo_dataset_id(cursor) -> int:
    return int(default_dataset_id(loaded_datasets(cursor)))


def available_strands(cursor) -> list[str]:
    coverage = dataset_coverage(cursor).set_index("dataset_id")
    strands = set(coverage.loc[demo_dataset_id(cursor), "strands"])
    return [key for key in STRANDS if key in strands]


def breakdown_strands(cursor) -> list[str]:
    """The strands the strand bars draw, in order."""
    available = available_strands(cursor)
    return [key for key in CORE_STRANDS if key in available] or available


def strand_bars(cursor, *, current: Period, gss_codes=None, strands=None) -> pd.DataFrame:
    """strand, offences, previous_offences for the bar charts (this period and the one before)."""
    return strand_period_comparison(cursor, dataset_id=demo_dataset_id(cursor), current=current,
                                    previous=current.previous(), strands=strands or breakdown_strands(cursor),
                                    gss_codes=gss_codes)


def bar_labels(strands) -> list[str]:
    return [STRANDS[key].short_label for key in strands]


def monthly_lines(cursor, *, in_period: Period, strands: list[str], gss_codes=None) -> dict[str, list[int]]:
    """Line name (the strand's short label) -> offences per month, as the trend charts draw them."""
    series = monthly_offences(cursor, dataset_id=demo_dataset_id(cursor), period=in_period,
                              strands=strands, gss_codes=gss_codes)
    return {STRANDS[strand].short_label: [int(v) for v in frame.sort_values("month").offences]
            for strand, frame in series.groupby("strand", sort=False)}


def overview_trend_strands(cursor, strand: str) -> list[str]:
    """London overview's trend: the chosen strand, or 'all' and every breakdown strand."""
    if strand != "all":
        return [strand]
    available = available_strands(cursor)
    return (["all"] if "all" in available else []) + breakdown_strands(cursor)


def borough_summary(cursor, *, in_period: Period, strand: str) -> pd.DataFrame:
    return borough_period_summary(cursor, dataset_id=demo_dataset_id(cursor), period=in_period, strand=strand)


def map_column(cursor, *, in_period: Period, strand: str, column: str) -> dict[str, float]:
    summary = borough_summary(cursor, in_period=in_period, strand=strand)
    return dict(zip(summary.gss_code, summary[column].astype(float)))


def profile_history(in_period: Period) -> Period:
    return Period(add_months(in_period.start, -PROFILE_HISTORY_MONTHS), in_period.end)


def rates_against_london(cursor, *, in_period: Period, gss_code: str) -> dict[str, list[float]]:
    """area ('borough', 'group', 'london') -> rate per 1,000 residents per year for the profile strands, in order."""
    available = available_strands(cursor)
    headline = "all" if "all" in available else None
    strands = ([headline] if headline else []) + breakdown_strands(cursor)
    rates = area_strand_rates(cursor, dataset_id=demo_dataset_id(cursor), period=in_period,
                              strands=strands, gss_code=gss_code)
    return {area: [float(v) for v in frame.rate_per_1000_per_year] for area, frame in rates.groupby("area", sort=False)}


def compare_columns(period: Period) -> dict[str, str]:
    """Compare's column headings (charts/borough_comparison.py), which are also the keys of
    its rows as read_table gives them, by what they hold."""
    return {"borough": "Borough", "offences": f"Offences, {period.label} (count)",
            "previous_offences": f"Offences, {period.previous().label} (count)",
            "rate_per_1000_per_year": "Rate per 1,000 residents per year", "rank_by_rate": "Rank by rate (1 = highest)"}
