"""The same questions answered the common way: every incident in a pandas DataFrame,
boolean masks and groupby per request, against the app's queries on its aggregates.

The DataFrame is loaded once (not timed per question; its load time and memory are
reported). Each question is asked with the same varied filters of both ways, the
answers are checked to be equal, and each way's median time is compared.
"""

import datetime as dt
import gc
import random
import time

import duckdb
import numpy as np
import pandas as pd

from bench.stats import median
from queries.borough_summary import borough_period_summary, borough_strand_rates
from queries.periods import Period, add_months, months_between
from queries.rates import annual_rate_per_1000
from queries.strand_summary import strand_period_comparison
from queries.strands import CORE_STRANDS
from queries.time_series import daily_offences, monthly_offences

ALL_STRANDS = ["all", *CORE_STRANDS, "lgbt", "race_religion"]
PERIOD_LENGTHS_MONTHS = [1, 3, 6, 12, 12, 24, 36]
DAILY_DAYS = 731  # the trends page's longest daily series


# -- the pandas way ------------------------------------------------------------------------

def load_incidents(path) -> tuple[pd.DataFrame, pd.DataFrame, float]:
    started = time.perf_counter()
    con = duckdb.connect(str(path), read_only=True)
    try:
        frame = con.execute("SELECT * FROM incidents").df()
        boroughs = con.execute("SELECT * FROM boroughs").df()
    finally:
        con.close()
    frame["offence_date"] = pd.to_datetime(frame["offence_date"])
    frame["month"] = frame["offence_date"].dt.to_period("M").dt.to_timestamp()
    return frame, boroughs, time.perf_counter() - started


def strand_mask(frame: pd.DataFrame, strand: str) -> pd.Series:
    if strand == "all":
        return pd.Series(True, index=frame.index)
    if strand == "lgbt":
        return frame["is_sexual_orientation"] | frame["is_transgender"]
    if strand == "race_religion":
        return frame["is_race"] | frame["is_religion"]
    return frame[f"is_{strand}"]


def _between(column: pd.Series, start: dt.date, end: dt.date) -> pd.Series:
    return (column >= pd.Timestamp(start)) & (column <= pd.Timestamp(end))


def _area_mask(frame, gss_codes):
    return frame["gss_code"].isin(gss_codes) if gss_codes else pd.Series(True, index=frame.index)


def pandas_borough_summary(frame, boroughs, *, period: Period, strand: str) -> pd.DataFrame:
    previous = period.previous()
    rows = frame.loc[_between(frame["month"], previous.start, period.end) & strand_mask(frame, strand),
                     ["gss_code", "month"]]
    current = rows[rows["month"] >= pd.Timestamp(period.start)].groupby("gss_code").size()
    before = rows[rows["month"] <= pd.Timestamp(previous.end)].groupby("gss_code").size()
    out = boroughs[boroughs["policed_by_met"]].set_index("gss_code")[["name", "population_mid2021"]].copy()
    out["offences"] = current.reindex(out.index, fill_value=0)
    out["previous_offences"] = before.reindex(out.index, fill_value=0)
    out["change_pct"] = (100.0 * (out.offences - out.previous_offences) / out.previous_offences.where(
        out.previous_offences > 0)).round(1)
    # The benchmark's extracts cover every month of the period.
    out["rate_per_1000_per_year"] = annual_rate_per_1000(out.offences, out.population_mid2021, period.months).round(2)
    out["rank_by_rate"] = (out.offences / out.population_mid2021).rank(method="min", ascending=False).astype(int)
    return out.reset_index().sort_values("name")


def pandas_strand_comparison(frame, *, period: Period, strands, gss_codes) -> pd.DataFrame:
    previous = period.previous()
    area = _area_mask(frame, gss_codes)
    in_current, in_previous = _between(frame["month"], period.start, period.end) & area, \
        _between(frame["month"], previous.start, previous.end) & area
    rows = []
    for strand in strands:
        mask = strand_mask(frame, strand)
        rows.append({"strand": strand, "offences": int((in_current & mask).sum()),
                     "previous_offences": int((in_previous & mask).sum())})
    return pd.DataFrame(rows)


def pandas_monthly(frame, *, period: Period, strands, gss_codes) -> pd.DataFrame:
    base = _between(frame["month"], period.start, period.end) & _area_mask(frame, gss_codes)
    months = pd.date_range(period.start, period.end, freq="MS")
    parts = []
    for strand in strands:
        counts = frame.loc[base & strand_mask(frame, strand)].groupby("month").size().reindex(months, fill_value=0)
        parts.append(pd.DataFrame({"month": months, "strand": strand, "offences": counts.to_numpy()}))
    return pd.concat(parts, ignore_index=True)


def pandas_daily(frame, *, start: dt.date, end: dt.date, strands, gss_codes) -> pd.DataFrame:
    base = _between(frame["offence_date"], start, end) & _area_mask(frame, gss_codes)
    days = pd.date_range(start, end, freq="D")
    parts = []
    for strand in strands:
        counts = frame.loc[base & strand_mask(frame, strand)].groupby("offence_date").size().reindex(days, fill_value=0)
        parts.append(pd.DataFrame({"day": days, "strand": strand, "offences": counts.to_numpy()}))
    return pd.concat(parts, ignore_index=True)


def pandas_borough_strand_rates(frame, boroughs, *, period: Period, strands) -> pd.DataFrame:
    base = _between(frame["month"], period.start, period.end)
    codes = boroughs[boroughs["policed_by_met"]]["gss_code"]
    parts = []
    for strand in strands:
        counts = frame.loc[base & strand_mask(frame, strand)].groupby("gss_code").size().reindex(codes, fill_value=0)
        parts.append(pd.DataFrame({"gss_code": codes.to_numpy(), "strand": strand, "offences": counts.to_numpy()}))
    return pd.concat(parts, ignore_index=True)


# -- the comparison ----------------------------------------------------------------------

def _same_counts(app: pd.DataFrame, ours: pd.DataFrame, keys: list[str]) -> bool:
    left = app[keys + ["offences"]].copy()
    right = ours[keys + ["offences"]].copy()
    for frame in (left, right):
        for key in keys:
            if "month" in key or "day" in key:
                frame[key] = pd.to_datetime(frame[key])
            else:
                frame[key] = frame[key].astype(str)
        frame["offences"] = frame["offences"].astype("int64")
    merged = left.merge(right, on=keys, how="outer", suffixes=("_app", "_pandas"))
    return bool(len(merged) == len(left) == len(right)
                and (merged.offences_app == merged.offences_pandas).all())


def _timed(function):
    started = time.perf_counter()
    result = function()
    return result, (time.perf_counter() - started) * 1000


def compare_with_pandas(path, *, variants: int, seed: int) -> dict:
    frame, boroughs, load_seconds = load_incidents(path)
    frame_mb = frame.memory_usage(deep=True).sum() / 1024 / 1024
    con = duckdb.connect(str(path), read_only=True)
    cursor = con.cursor()
    try:
        dataset_id, first, last = con.execute(
            "SELECT dataset_id, min(month), max(month) FROM monthly_counts GROUP BY dataset_id").fetchone()
        first, last = pd.Timestamp(first).date(), pd.Timestamp(last).date()
        rng = random.Random(seed)
        codes = boroughs[boroughs["policed_by_met"]]["gss_code"].tolist()

        def random_period():
            length = rng.choice(PERIOD_LENGTHS_MONTHS)
            end = add_months(first, rng.randrange(min(length - 1, months_between(first, last) - 1),
                                                  months_between(first, last)))
            return Period(max(first, add_months(end, -(length - 1))), end)

        questions = {
            "borough summary (map, compare)": [],
            "strand comparison (headline cards, strand bars)": [],
            "monthly series by strand (trend)": [],
            "borough x strand rates (profile ranks)": [],
            "daily series, 2 years (trends, daily)": [],
        }
        identical = True
        for variant in range(variants + 1):  # the first is a warm-up, not recorded
            period, strand = random_period(), rng.choice(ALL_STRANDS)
            chosen = rng.sample(codes, rng.choice([0, 0, 1, 3])) or None
            strands = ALL_STRANDS if rng.random() < 0.5 else rng.sample(ALL_STRANDS, 3)
            day_end = pd.Timestamp(period.end_exclusive).date() - dt.timedelta(days=1)
            day_start = max(first, day_end - dt.timedelta(days=DAILY_DAYS - 1))
            pairs = {
                "borough summary (map, compare)": (
                    lambda: borough_period_summary(cursor, dataset_id=dataset_id, period=period, strand=strand),
                    lambda: pandas_borough_summary(frame, boroughs, period=period, strand=strand), ["gss_code"]),
                "strand comparison (headline cards, strand bars)": (
                    lambda: strand_period_comparison(cursor, dataset_id=dataset_id, current=period,
                                                     previous=period.previous(), strands=strands, gss_codes=chosen),
                    lambda: pandas_strand_comparison(frame, period=period, strands=strands, gss_codes=chosen),
                    ["strand"]),
                "monthly series by strand (trend)": (
                    lambda: monthly_offences(cursor, dataset_id=dataset_id, period=period, strands=strands,
                                             gss_codes=chosen),
                    lambda: pandas_monthly(frame, period=period, strands=strands, gss_codes=chosen),
                    ["month", "strand"]),
                "borough x strand rates (profile ranks)": (
                    lambda: borough_strand_rates(cursor, dataset_id=dataset_id, period=period, strands=strands),
                    lambda: pandas_borough_strand_rates(frame, boroughs, period=period, strands=strands),
                    ["gss_code", "strand"]),
                "daily series, 2 years (trends, daily)": (
                    lambda: daily_offences(cursor, dataset_id=dataset_id, start=day_start, end=day_end,
                                           strands=strands[:3], gss_codes=chosen),
                    lambda: pandas_daily(frame, start=day_start, end=day_end, strands=strands[:3], gss_codes=chosen),
                    ["day", "strand"]),
            }
            for name, (app_way, pandas_way, keys) in pairs.items():
                app_answer, app_ms = _timed(app_way)
                pandas_answer, pandas_ms = _timed(pandas_way)
                identical = identical and _same_counts(app_answer, pandas_answer, keys)
                if variant:
                    questions[name].append((app_ms, pandas_ms))
    finally:
        con.close()
        del frame
        gc.collect()

    results = {}
    for name, samples in questions.items():
        app_median, pandas_median = median(a for a, _ in samples), median(p for _, p in samples)
        results[name] = {"app_ms": app_median, "pandas_ms": pandas_median,
                         "ratio": pandas_median / app_median if app_median else None, "samples": len(samples)}
    app_total = sum(r["app_ms"] for r in results.values())
    pandas_total = sum(r["pandas_ms"] for r in results.values())
    return {"load_seconds": load_seconds, "frame_mb": float(frame_mb), "questions": results,
            "app_total_ms": app_total, "pandas_total_ms": pandas_total,
            "ratio_of_totals": pandas_total / app_total if app_total else None,
            "smallest_ratio": min(r["ratio"] for r in results.values()),
            "answers_identical": identical}
