"""Offences over time: monthly from the monthly aggregates, daily and weekly from the
daily ones (incident-level datasets only). Months and days with no offences are zeros."""

import datetime as dt

import pandas as pd

from queries.periods import Period
from queries.store import fetch_df

_BY_BOROUGH_OR_LONDON = "CASE WHEN $split_boroughs THEN gss_code ELSE 'london' END"


def monthly_offences(cursor, *, dataset_id: int, period: Period, strands: list[str],
                     gss_codes: list[str] | None = None, split_boroughs: bool = False) -> pd.DataFrame:
    """month, strand, area, offences: one row per month and strand, per borough if
    `split_boroughs`, else summed over `gss_codes` (all 32 Met boroughs when None)."""
    return fetch_df(cursor, f"""
        WITH months AS (
            SELECT unnest(generate_series($start, $end, INTERVAL 1 MONTH))::DATE AS month
        ), areas AS (
            SELECT DISTINCT {_BY_BOROUGH_OR_LONDON} AS area FROM boroughs
            WHERE policed_by_met AND ($gss_codes IS NULL OR list_contains($gss_codes, gss_code))
        ), strands AS (
            SELECT unnest($strands) AS strand
        ), counts AS (
            SELECT month, strand, {_BY_BOROUGH_OR_LONDON} AS area, sum(offences) AS offences
            FROM monthly_counts
            WHERE dataset_id = $dataset_id AND month BETWEEN $start AND $end
              AND list_contains($strands, strand)
              AND ($gss_codes IS NULL OR list_contains($gss_codes, gss_code))
            GROUP BY ALL
        )
        SELECT m.month, s.strand, a.area, coalesce(c.offences, 0)::BIGINT AS offences
        FROM months m CROSS JOIN strands s CROSS JOIN areas a
        LEFT JOIN counts c USING (month, strand, area)
        ORDER BY a.area, s.strand, m.month
    """, {"dataset_id": dataset_id, "strands": strands, "gss_codes": gss_codes,
          "split_boroughs": split_boroughs, "start": period.start, "end": period.end})


def daily_offences(cursor, *, dataset_id: int, start: dt.date, end: dt.date, strands: list[str],
                   gss_codes: list[str] | None = None, split_boroughs: bool = False) -> pd.DataFrame:
    """day, strand, area, offences for every day from `start` to `end` inclusive."""
    return fetch_df(cursor, f"""
        WITH days AS (
            SELECT unnest(generate_series($start, $end, INTERVAL 1 DAY))::DATE AS day
        ), areas AS (
            SELECT DISTINCT {_BY_BOROUGH_OR_LONDON} AS area FROM boroughs
            WHERE policed_by_met AND ($gss_codes IS NULL OR list_contains($gss_codes, gss_code))
        ), strands AS (
            SELECT unnest($strands) AS strand
        ), counts AS (
            SELECT day, strand, {_BY_BOROUGH_OR_LONDON} AS area, sum(offences) AS offences
            FROM daily_counts
            WHERE dataset_id = $dataset_id AND day BETWEEN $start AND $end
              AND list_contains($strands, strand)
              AND ($gss_codes IS NULL OR list_contains($gss_codes, gss_code))
            GROUP BY ALL
        )
        SELECT d.day, s.strand, a.area, coalesce(c.offences, 0)::BIGINT AS offences
        FROM days d CROSS JOIN strands s CROSS JOIN areas a
        LEFT JOIN counts c USING (day, strand, area)
        ORDER BY a.area, s.strand, d.day
    """, {"dataset_id": dataset_id, "strands": strands, "gss_codes": gss_codes,
          "split_boroughs": split_boroughs, "start": start, "end": end})


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
