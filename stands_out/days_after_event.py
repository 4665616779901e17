"""The days after an event against the same days of earlier years (incident-level data).

For the first 7 and 28 days from an event's date, the offences are set against the same
stretch of days in each earlier year, shifted by whole weeks (52 weeks = 364 days) so
each year's stretch holds the same weekdays: weekends carry more offences than weekdays.
The earlier years' totals give a quasi-Poisson expected count (statsmodels GLM with an
intercept only: their mean, with their own over-dispersion) and an expected range from
the same negative binomial quantiles as the monthly ranges.
"""

import datetime as dt

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats

from stands_out.expected_range import FALSE_ALARM_RATE, MIN_OFFENCES_TO_FLAG

DAYS_AFTER_EVENT = (7, 28)
DAYS_IN_A_YEAR_OF_WEEKS = 364
MAX_YEARS_BACK = 5
MIN_EARLIER_YEARS = 2  # one earlier year gives a mean but no idea of how much years vary

COLUMNS = ["days", "first_day", "last_day", "offences", "expected", "lower_bound", "upper_bound",
           "is_above", "earlier_years", "no_verdict_reason"]


def days_after_event(daily: pd.DataFrame, *, event_date: dt.date,
                     windows: tuple[int, ...] = DAYS_AFTER_EVENT) -> pd.DataFrame:
    """`daily`: one series' day and offences (days without a row count as zero, inside
    the span the frame covers). One row per window in `windows`."""
    days = pd.to_datetime(daily["day"]).dt.date
    counts = dict(zip(days, daily["offences"].astype(int)))
    first_day, last_day = (min(counts), max(counts)) if counts else (None, None)
    rows = []
    for window in windows:
        end = event_date + dt.timedelta(days=window - 1)
        row = {"days": window, "first_day": event_date, "last_day": end, "offences": None,
               "expected": np.nan, "lower_bound": np.nan, "upper_bound": np.nan, "is_above": False,
               "earlier_years": 0, "no_verdict_reason": None}
        if first_day is None or event_date < first_day or end > last_day:
            row["no_verdict_reason"] = f"the data do not cover all {window} days from {event_date:%d %b %Y}"
            rows.append(row)
            continue
        row["offences"] = _total(counts, event_date, window)
        earlier = []
        for years_back in range(1, MAX_YEARS_BACK + 1):
            start = event_date - dt.timedelta(days=DAYS_IN_A_YEAR_OF_WEEKS * years_back)
            if start < first_day:
                break
            earlier.append(_total(counts, start, window))
        row["earlier_years"] = len(earlier)
        if len(earlier) < MIN_EARLIER_YEARS:
            row["no_verdict_reason"] = f"fewer than {MIN_EARLIER_YEARS} earlier years of daily data"
        else:
            row.update(_expected_range(np.array(earlier, dtype=float)))
            row["is_above"] = bool(row["offences"] > row["upper_bound"] and row["offences"] >= MIN_OFFENCES_TO_FLAG)
        rows.append(row)
    return pd.DataFrame(rows, columns=COLUMNS)


def _total(counts: dict, start: dt.date, days: int) -> int:
    return sum(counts.get(start + dt.timedelta(days=offset), 0) for offset in range(days))


def _expected_range(earlier: np.ndarray) -> dict:
    if earlier.sum() == 0:
        return {"expected": 0.0, "lower_bound": 0.0, "upper_bound": 0.0}
    if np.all(earlier == earlier[0]):
        # Identical years fit perfectly: statsmodels stops on the zero deviance, and the
        # answer is plain (their mean, no over-dispersion).
        expected, dispersion = float(earlier[0]), 1.0
    else:
        fit = sm.GLM(earlier, np.ones((len(earlier), 1)), family=sm.families.Poisson()).fit(scale="X2")
        expected, dispersion = float(np.exp(fit.params[0])), max(1.0, float(fit.scale))
    if dispersion > 1:
        size = expected / (dispersion - 1)
        distribution = stats.nbinom(size, size / (size + expected))
    else:
        distribution = stats.poisson(expected)
    return {"expected": expected, "lower_bound": float(distribution.ppf(FALSE_ALARM_RATE)),
            "upper_bound": float(distribution.ppf(1 - FALSE_ALARM_RATE))}


METHOD_SENTENCE = (
    f"The days after an event are set against the same days of up to {MAX_YEARS_BACK} earlier years, "
    f"shifted by whole weeks ({DAYS_IN_A_YEAR_OF_WEEKS // 7} weeks) so each stretch has the same weekdays: "
    "a quasi-Poisson model (statsmodels) of those years gives the expected count and a range whose upper "
    f"bound is its {100 * (1 - FALSE_ALARM_RATE):g}th percentile, so where nothing unusual is going on "
    f"about 1 in {round(1 / FALSE_ALARM_RATE)} is above its range by chance (a "
    f"{100 * FALSE_ALARM_RATE:g}% false alarm rate). A verdict needs {MIN_EARLIER_YEARS} earlier years "
    f"and at least {MIN_OFFENCES_TO_FLAG} offences.")

SERIES_KEYS = ["area", "strand"]


def days_after_event_by_series(daily: pd.DataFrame, *, event_date: dt.date,
                               windows: tuple[int, ...] = DAYS_AFTER_EVENT) -> pd.DataFrame:
    """`daily`: day, strand, area, offences for several series (every series holding the
    same days). One row per series and window: area, strand, then days_after_event's
    columns."""
    parts = []
    for (area, strand), series in daily.groupby(SERIES_KEYS, sort=False):
        result = days_after_event(series, event_date=event_date, windows=windows)
        parts.append(result.assign(area=area, strand=strand))
    if not parts:
        return pd.DataFrame(columns=SERIES_KEYS + COLUMNS)
    result = pd.concat(parts, ignore_index=True)[SERIES_KEYS + COLUMNS]
    # Judged windows have no reason: keep None (concat can make it NaN, which reads as true).
    result["no_verdict_reason"] = result.no_verdict_reason.astype(object).where(result.no_verdict_reason.notna(), None)
    return result
