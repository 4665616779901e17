"""Offences over time: monthly from the monthly aggregates, daily and weekly from the
daily ones (incident-level datasets only). Months and days with no offences are zeros.

A published dataset gives a figure for every month it covers, so a month with no figure
for a strand is a month no release covered (a gap between the Met's older file and its
current releases, or a category only newer releases have): it is empty, never zero."""

import datetime as dt

import numpy as np
import pandas as pd

from queries.periods import Period
from queries.store import fetch_df, fetch_store_fact

LONDON = "london"  # all chosen boroughs together
_BY_BOROUGH_OR_LONDON = f"CASE WHEN $split_boroughs THEN gss_code ELSE '{LONDON}' END"

# Time step -> (aggregate table, its time column): a fixed list, so
# no table or column name ever comes from input.
_STEPS = {"month": ("monthly_counts", "month"), "day": ("daily_counts", "day")}

def _areas(cursor, gss_codes, split_boroughs: bool) -> list[str]:
    codes = fetch_store_fact(cursor, "SELECT gss_code FROM boroughs WHERE policed_by_met ORDER BY gss_code").gss_code
    chosen = [code for code in codes if gss_codes is None or code in set(gss_codes)]
    return chosen if split_boroughs else [LONDON] * bool(chosen)


def _steps(step: str, start, end) -> np.ndarray:
    """Every day or month from start to end, as generate_series gives them."""
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    if step == "day":
        return np.arange(start.to_datetime64(), end.to_datetime64() + np.timedelta64(1, "D"),
                         np.timedelta64(1, "D")).astype("datetime64[us]")
    if start.day == 1:
        months = np.arange(np.datetime64(start, "M"), np.datetime64(end, "M") + 1).astype("datetime64[us]")
        return months[months <= end.to_datetime64()]
    return np.array([start + pd.DateOffset(months=n) for n in range((end.year - start.year) * 12 + 13)
                     if start + pd.DateOffset(months=n) <= end], dtype="datetime64[us]")


def _covered(cursor, step: str, dataset_id) -> set | None:
    """None when every step has figures (an incident extract: no row means no offences),
    else the (step, strand) pairs with rows (published data: no row means nobody published
    that month). A dataset that is not there has no figures at all."""
    kind = fetch_store_fact(cursor, "SELECT kind FROM datasets WHERE dataset_id = $dataset_id",
                            {"dataset_id": dataset_id}).kind
    if step == "day" or (not kind.empty and kind.iloc[0] != "published"):
        return None
    if kind.empty:
        return set()
    pairs = fetch_store_fact(cursor, "SELECT DISTINCT month, strand FROM monthly_counts "
                                     "WHERE dataset_id = $dataset_id", {"dataset_id": dataset_id})
    return set(zip(pairs.month.to_numpy(dtype="datetime64[us]").view("int64").tolist(), pairs.strand))


def _series(cursor, step: str, *, dataset_id, start, end, strands, gss_codes, split_boroughs) -> pd.DataFrame:
    """One row per area, strand and step, in that order. The grid of areas, strands and
    steps is filled here from facts of the store rather than in SQL: DuckDB took four
    times as long to plan and run the grid as CTEs (8 ms against 2 at 1M rows), and
    pandas indexes on frames this small cost as much again, so it is plain numpy."""
    table, column = _STEPS[step]
    counts = fetch_df(cursor, f"""
        SELECT {column}, strand, {_BY_BOROUGH_OR_LONDON} AS area, sum(offences)::BIGINT AS offences
        FROM {table}
        WHERE dataset_id = $dataset_id AND {column} BETWEEN $start AND $end
          AND list_contains($strands, strand)
          AND ($gss_codes IS NULL OR list_contains($gss_codes, gss_code))
        GROUP BY ALL
    """, {"dataset_id": dataset_id, "strands": strands, "gss_codes": gss_codes,
          "split_boroughs": split_boroughs, "start": start, "end": end})
    areas, strands = _areas(cursor, gss_codes, split_boroughs), sorted(strands)
    steps = _steps(step, start, end)
    ticks = steps.view("int64").tolist()
    n_strands, n_steps = len(strands), len(steps)
    size = len(areas) * n_strands * n_steps
    offences = np.zeros(size, dtype="int64")
    if size and not counts.empty:
        # A strand asked twice is drawn twice, as the CTE's cross join gave it.
        area_at = {area: n for n, area in enumerate(areas)}
        strand_at: dict[str, list[int]] = {}
        for n, strand in enumerate(strands):
            strand_at.setdefault(strand, []).append(n)
        step_at = {tick: n for n, tick in enumerate(ticks)}
        for area, strand, tick, count in zip(counts.area, counts.strand,
                                             counts[column].to_numpy(dtype="datetime64[us]").view("int64").tolist(),
                                             counts.offences.tolist()):
            if area not in area_at:  # a place outside the Met's 32, as the grid's join left it out
                continue
            for s in strand_at[strand]:
                offences[(area_at[area] * n_strands + s) * n_steps + step_at[tick]] = count
    frame = pd.DataFrame({
        column: np.tile(steps, len(areas) * n_strands),
        "strand": pd.array(np.tile(np.repeat(np.array(strands, dtype=object), n_steps), len(areas)),
                           dtype="str" if size else object),
        "area": pd.array(np.repeat(np.array(areas, dtype=object), n_strands * n_steps),
                         dtype="str" if size else object),
        "offences": offences,
    })
    covered = _covered(cursor, step, dataset_id)
    if covered is not None:
        has_figures = np.tile([(tick, strand) in covered for strand in strands for tick in ticks], len(areas))
        if not has_figures.all():
            frame["offences"] = frame.offences.astype("Int64").where(has_figures)
    return frame


def monthly_offences(cursor, *, dataset_id: int, period: Period, strands: list[str],
                     gss_codes: list[str] | None = None, split_boroughs: bool = False) -> pd.DataFrame:
    """month, strand, area, offences: one row per month and strand, per borough if
    `split_boroughs`, else summed over `gss_codes` (all 32 Met boroughs when None)."""
    return _series(cursor, "month", dataset_id=dataset_id, start=period.start, end=period.end, strands=strands,
                   gss_codes=gss_codes, split_boroughs=split_boroughs)


def daily_offences(cursor, *, dataset_id: int, start: dt.date, end: dt.date, strands: list[str],
                   gss_codes: list[str] | None = None, split_boroughs: bool = False) -> pd.DataFrame:
    """day, strand, area, offences for every day from `start` to `end` inclusive."""
    return _series(cursor, "day", dataset_id=dataset_id, start=start, end=end, strands=strands,
                   gss_codes=gss_codes, split_boroughs=split_boroughs)


def weekly_offences(cursor, *, dataset_id: int, start: dt.date, end: dt.date, strands: list[str],
                    gss_codes: list[str] | None = None, split_boroughs: bool = False) -> pd.DataFrame:
    """week (the Monday it starts), strand, area, offences; weeks cut by the period's
    ends hold only the days inside it."""
    daily = daily_offences(cursor, dataset_id=dataset_id, start=start, end=end, strands=strands,
                           gss_codes=gss_codes, split_boroughs=split_boroughs)
    if daily.empty:
        return daily.rename(columns={"day": "week"})
    days = pd.to_datetime(daily["day"])
    daily["week"] = days - pd.to_timedelta(days.dt.day_of_week, unit="D")
    return (daily.groupby(["week", "strand", "area"], as_index=False, sort=True)["offences"].sum()
            [["week", "strand", "area", "offences"]])
