"""Offences over time: monthly from the monthly aggregates, daily and weekly from the
daily ones (incident-level datasets only). Months and days with no offences are zeros.

A published dataset gives a figure for every month it covers, so a month with no figure
for a strand is a month no release covered (a gap between the Met's older file and its
current releases, or a category only newer releases have): it is empty, never zero."""

import datetime as dt

import numpy as np
import pandas as pd

from queries.monthly_cube import dataset_kind, monthly_cube
from queries.periods import Period
from queries.store import fetch_df, fetch_store_fact

LONDON = "london"  # all chosen boroughs together
_BY_BOROUGH_OR_LONDON = f"CASE WHEN $split_boroughs THEN gss_code ELSE '{LONDON}' END"


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


def _monthly_cells(cursor, dataset_id, areas, strands, ticks: np.ndarray, gss_codes, split_boroughs, start, end):
    """The offences of every area, strand and month (an array of that shape) from the
    dataset's monthly counts (queries/monthly_cube.py), and which strand and month have
    figures: every one for an incident extract (no row means no offences), only those
    with rows for published data (no row means nobody published that month), none for a
    dataset that is not there."""
    cube = monthly_cube(cursor, dataset_id)
    kind = dataset_kind(cursor, dataset_id)
    offences = np.zeros((len(areas), len(strands), len(ticks)), dtype="int64")
    covered = np.full((len(strands), len(ticks)), kind is not None and kind != "published")
    for position, strand in enumerate(strands):  # a strand asked twice is drawn twice
        counts = cube.strand(strand)
        in_period = counts.in_period(start, end)
        if kind == "published":
            covered[position] = np.isin(ticks, counts.month[in_period])
        chosen = in_period & counts.in_areas(gss_codes)
        months = counts.month[chosen]
        steps = np.minimum(np.searchsorted(ticks, months), max(len(ticks) - 1, 0))
        # Boroughs outside the chosen areas (the City of London) are left out, as a join would.
        where = counts.places(areas)[chosen] if split_boroughs else np.zeros(len(months), dtype="int64")
        keep = (where >= 0) & (where < len(areas)) & (ticks[steps] == months if len(ticks) else False)
        np.add.at(offences[:, position, :], (where[keep], steps[keep]), counts.offences[chosen][keep])
    return offences.ravel(), covered


def _daily_cells(cursor, dataset_id, areas, strands, ticks: np.ndarray, gss_codes, split_boroughs, start, end):
    """The offences of every area, strand and day from the daily counts: too many rows to
    keep in memory, so asked of DuckDB (the grid is filled here, see _series)."""
    counts = fetch_df(cursor, f"""
        SELECT day, strand, {_BY_BOROUGH_OR_LONDON} AS area, sum(offences)::BIGINT AS offences
        FROM daily_counts
        WHERE dataset_id = $dataset_id AND day BETWEEN $start AND $end
          AND list_contains($strands, strand)
          AND ($gss_codes IS NULL OR list_contains($gss_codes, gss_code))
        GROUP BY ALL
    """, {"dataset_id": dataset_id, "strands": strands, "gss_codes": gss_codes,
          "split_boroughs": split_boroughs, "start": start, "end": end})
    n_strands, n_steps = len(strands), len(ticks)
    offences = np.zeros(len(areas) * n_strands * n_steps, dtype="int64")
    if offences.size and not counts.empty:
        area_at = {area: n for n, area in enumerate(areas)}
        strand_at: dict[str, list[int]] = {}
        for n, strand in enumerate(strands):
            strand_at.setdefault(strand, []).append(n)
        step_at = {tick: n for n, tick in enumerate(ticks.tolist())}
        for area, strand, tick, count in zip(counts.area, counts.strand,
                                             counts.day.to_numpy(dtype="datetime64[us]").view("int64").tolist(),
                                             counts.offences.tolist()):
            if area not in area_at:  # a place outside the Met's 32, as a join would leave out
                continue
            for position in strand_at[strand]:
                offences[(area_at[area] * n_strands + position) * n_steps + step_at[tick]] = count
    return offences


def _series(cursor, step: str, *, dataset_id, start, end, strands, gss_codes, split_boroughs) -> pd.DataFrame:
    """One row per area, strand and step, in that order: a strand's figures are zeros
    where nothing was recorded and empty where nothing was published. The grid is filled
    in numpy: as SQL CTEs it took DuckDB four times as long to plan and run (8 ms against
    2 at 1M rows), and pandas indexes on frames this small cost as much again."""
    areas, strands = _areas(cursor, gss_codes, split_boroughs), sorted(strands)
    steps = _steps(step, start, end)
    ticks = steps.view("int64")
    if step == "month":
        offences, covered = _monthly_cells(cursor, dataset_id, areas, strands, ticks, gss_codes, split_boroughs,
                                           start, end)
    else:
        offences = _daily_cells(cursor, dataset_id, areas, strands, ticks, gss_codes, split_boroughs, start, end)
        covered = None
    size = offences.size
    frame = pd.DataFrame({
        step: np.tile(steps, len(areas) * len(strands)),
        "strand": pd.array(np.tile(np.repeat(np.array(strands, dtype=object), len(steps)), len(areas)),
                           dtype="str" if size else object),
        "area": pd.array(np.repeat(np.array(areas, dtype=object), len(strands) * len(steps)),
                         dtype="str" if size else object),
        "offences": offences,
    })
    if covered is not None and size and not covered.all():
        frame["offences"] = frame.offences.astype("Int64").where(np.tile(covered.ravel(), len(areas)))
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
