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
    "a quasi-Poisson model of those years gives the expected count and a range whose upper "
    f"bound is its {100 * (1 - FALSE_ALARM_RATE):g}th percentile, so where nothing unusual is going on "
    f"about 1 in {round(1 / FALSE_ALARM_RATE)} is above its range by chance (a "
    f"{100 * FALSE_ALARM_RATE:g}% false alarm rate). A verdict needs {MIN_EARLIER_YEARS} earlier years "
    f"and at least {MIN_OFFENCES_TO_FLAG} offences.")

METHOD_LIBRARY = ("statsmodels' quasi-Poisson GLM (family Poisson, scale \"X2\"), fitted for every series at "
                  "once with the same algorithm and checked against statsmodels in the tests; the range's bounds "
                  "from SciPy (scipy.stats.poisson and scipy.stats.nbinom, ppf)")

SERIES_KEYS = ["area", "strand"]


def days_after_event_by_series(daily: pd.DataFrame, *, event_date: dt.date,
                               windows: tuple[int, ...] = DAYS_AFTER_EVENT) -> pd.DataFrame:
    """`daily`: day, strand, area, offences for several series (every series holding the
    same days). One row per series and window: area, strand, then days_after_event's
    columns, the same answer as days_after_event series by series (tests check it against
    statsmodels' GLM), worked out for every series at once: every borough and strand is
    over 600 fits, which one at a time took seconds.

    The quasi-Poisson model of the earlier years has an intercept only, so its fit is
    closed: the expected count is their mean (the Poisson maximum likelihood) and the
    over-dispersion is Pearson's chi-squared over n - 1 (statsmodels' scale="X2")."""
    if daily.empty:
        return pd.DataFrame(columns=SERIES_KEYS + COLUMNS)
    keys = daily[SERIES_KEYS].drop_duplicates(ignore_index=True)
    series = daily.groupby(SERIES_KEYS, sort=False).ngroup().to_numpy()  # numbered as `keys` lists them
    offset = (pd.to_datetime(daily["day"]).to_numpy().astype("datetime64[D]")
              - np.datetime64(event_date, "D")).astype(np.int64)
    offences = daily["offences"].to_numpy(dtype=float)
    first, last = int(offset.min()), int(offset.max())
    parts = []
    for window in windows:
        part = keys.assign(series=np.arange(len(keys)), days=window, first_day=event_date, last_day=event_date + dt.timedelta(days=window - 1),
                           offences=None, expected=np.nan, lower_bound=np.nan, upper_bound=np.nan, is_above=False,
                           earlier_years=0, no_verdict_reason=None)
        if first > 0 or window - 1 > last:
            part["no_verdict_reason"] = f"the data do not cover all {window} days from {event_date:%d %b %Y}"
            parts.append(part)
            continue
        totals = [_totals(series, offset, offences, 0, window, len(keys))]
        for years_back in range(1, MAX_YEARS_BACK + 1):
            start = -DAYS_IN_A_YEAR_OF_WEEKS * years_back
            if start < first:
                break
            totals.append(_totals(series, offset, offences, start, window, len(keys)))
        part["offences"] = totals[0].astype(int)
        earlier = np.column_stack(totals[1:]) if len(totals) > 1 else np.empty((len(keys), 0))
        part["earlier_years"] = earlier.shape[1]
        if earlier.shape[1] < MIN_EARLIER_YEARS:
            part["no_verdict_reason"] = f"fewer than {MIN_EARLIER_YEARS} earlier years of daily data"
        else:
            expected, lower, upper = _expected_ranges(earlier)
            part["expected"], part["lower_bound"], part["upper_bound"] = expected, lower, upper
            part["is_above"] = (totals[0] > upper) & (totals[0] >= MIN_OFFENCES_TO_FLAG)
        parts.append(part)
    # Series by series, each one's stretches of days in order, as days_after_event gives them.
    result = pd.concat(parts, ignore_index=True).sort_values(["series", "days"], kind="stable", ignore_index=True)
    result["is_above"] = result.is_above.astype(bool)
    result["offences"] = result.offences.astype(object).where(result.offences.notna(), None)
    return result[SERIES_KEYS + COLUMNS]


def _totals(series: np.ndarray, offset: np.ndarray, offences: np.ndarray, start: int, window: int,
            count: int) -> np.ndarray:
    inside = (offset >= start) & (offset < start + window)
    return np.bincount(series[inside], weights=offences[inside], minlength=count)


def _expected_ranges(earlier: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(expected, lower, upper) for each row of earlier years' totals, as _expected_range."""
    expected = earlier.mean(axis=1)
    safe = np.where(expected > 0, expected, 1.0)
    pearson = ((earlier - expected[:, None]) ** 2 / safe[:, None]).sum(axis=1) / (earlier.shape[1] - 1)
    dispersion = np.maximum(1.0, np.where(expected > 0, pearson, 1.0))
    over = dispersion > 1
    size = np.where(over, safe / np.where(over, dispersion - 1, 1.0), 1.0)
    probability = size / (size + safe)
    lower = np.where(over, stats.nbinom.ppf(FALSE_ALARM_RATE, size, probability),
                     stats.poisson.ppf(FALSE_ALARM_RATE, safe))
    upper = np.where(over, stats.nbinom.ppf(1 - FALSE_ALARM_RATE, size, probability),
                     stats.poisson.ppf(1 - FALSE_ALARM_RATE, safe))
    none = expected == 0
    return expected, np.where(none, 0.0, lower), np.where(none, 0.0, upper)
