"""Offences over time: monthly from the monthly aggregates, daily and weekly from the
daily ones (incident-level datasets only). Months and days with no offences are zeros.

A published dataset gives a figure for every month it covers, so a month with no figure
for a strand is a month no release covered (a gap between the Met's older file and its
current releases, or a category only newer releases have): it is empty, never zero."""

import datetime as dt

import pandas as pd

from queries.periods import Period
from queries.store import fetch_df

_BY_BOROUGH_OR_LONDON = "CASE WHEN $split_boroughs THEN gss_code ELSE 'london' END"

# Time step -> (aggregate table, its time column, generate_series step): a fixed list, so
# no table or column name ever comes from input.
_STEPS = {
    "month": ("monthly_counts", "month", "INTERVAL 1 MONTH"),
    "day": ("daily_counts", "day", "INTERVAL 1 DAY"),
}

# Which months have figures at all: every month for incidents (no row means no offences),
# only months with rows for published data (no row means nobody published that month).
_COVERED = {
    "month": """
        SELECT DISTINCT month, strand FROM monthly_counts
        WHERE dataset_id = $dataset_id AND month BETWEEN $start AND $end AND list_contains($strands, strand)
        UNION
        SELECT t.month, s.strand FROM steps t, strands s
        WHERE (SELECT kind FROM datasets WHERE dataset_id = $dataset_id) <> 'published'
    """,
    "day": "SELECT t.day, s.strand FROM steps t, strands s",
}


def _series(cursor, step: str, *, dataset_id, start, end, strands, gss_codes, split_boroughs) -> pd.DataFrame:
    table, column, interval = _STEPS[step]
    return fetch_df(cursor, f"""
        WITH steps AS (
            SELECT unnest(generate_series($start, $end, {interval}))::DATE AS {column}
        ), areas AS (
            SELECT DISTINCT {_BY_BOROUGH_OR_LONDON} AS area FROM boroughs
            WHERE policed_by_met AND ($gss_codes IS NULL OR list_contains($gss_codes, gss_code))
        ), strands AS (
            SELECT unnest($strands) AS strand
        ), counts AS (
            SELECT {column}, strand, {_BY_BOROUGH_OR_LONDON} AS area, sum(offences) AS offences
            FROM {table}
            WHERE dataset_id = $dataset_id AND {column} BETWEEN $start AND $end
              AND list_contains($strands, strand)
              AND ($gss_codes IS NULL OR list_contains($gss_codes, gss_code))
            GROUP BY ALL
        ), covered AS ({_COVERED[step]})
        SELECT t.{column}, s.strand, a.area,
               CASE WHEN v.strand IS NOT NULL THEN coalesce(c.offences, 0) END::BIGINT AS offences
        FROM steps t CROSS JOIN strands s CROSS JOIN areas a
        LEFT JOIN covered v ON v.{column} = t.{column} AND v.strand = s.strand
        LEFT JOIN counts c ON c.{column} = t.{column} AND c.strand = s.strand AND c.area = a.area
        ORDER BY a.area, s.strand, t.{column}
    """, {"dataset_id": dataset_id, "strands": strands, "gss_codes": gss_codes,
          "split_boroughs": split_boroughs, "start": start, "end": end})


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
