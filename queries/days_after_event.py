"""Daily offences for "the days after an event" (incident-level datasets only): the days
an extract covers, and the offences on the first days from an event's date and on the
same days of earlier years (shifted by whole weeks, stands_out/days_after_event.py)."""

import datetime as dt

import pandas as pd

from queries.aggregates import LONDON_AREA
from queries.store import fetch_df


def daily_span(cursor, *, dataset_id: int) -> tuple[dt.date, dt.date] | None:
    """The first and last days with any offence in the dataset's daily counts: the days the
    extract covers, as far as the store knows (an extract that ends on the 15th must not
    have the rest of its last month read as days without offences). None without daily
    counts (a published dataset)."""
    frame = fetch_df(cursor, """
        SELECT min(day) AS first_day, max(day) AS last_day FROM daily_counts WHERE dataset_id = $dataset_id
    """, {"dataset_id": dataset_id})
    if frame.empty or pd.isna(frame.first_day.iloc[0]):
        return None
    return pd.Timestamp(frame.first_day.iloc[0]).date(), pd.Timestamp(frame.last_day.iloc[0]).date()


def offences_on_days_after(cursor, *, dataset_id: int, event_date: dt.date, days: int, years_back: int,
                           shift_days: int, strands: list[str], gss_codes: list[str] | None,
                           first_day: dt.date, last_day: dt.date) -> pd.DataFrame:
    """day, strand, area, offences (0 on days without any) for the `days` days from
    `event_date` and from each of `years_back` earlier dates `shift_days` apart, keeping
    only days between `first_day` and `last_day`. One query for every strand and area:
    each chosen borough on its own (area = GSS code), or London (area = 'london') when
    `gss_codes` is None."""
    return fetch_df(cursor, """
        WITH steps AS (
            SELECT DISTINCT $event_date::DATE - ($shift_days * years.k)::INTEGER + offsets.d::INTEGER AS day
            FROM range(0, $years_back + 1) years(k), range(0, $days) offsets(d)
        ), wanted AS (
            SELECT day FROM steps WHERE day BETWEEN $first_day AND $last_day
        ), areas AS (
            SELECT DISTINCT CASE WHEN $gss_codes IS NULL THEN $london ELSE gss_code END AS area FROM boroughs
            WHERE policed_by_met AND ($gss_codes IS NULL OR list_contains($gss_codes, gss_code))
        ), chosen_strands AS (
            SELECT unnest($strands) AS strand
        ), counts AS (
            SELECT c.day, c.strand, CASE WHEN $gss_codes IS NULL THEN $london ELSE c.gss_code END AS area,
                   sum(c.offences) AS offences
            FROM daily_counts c JOIN wanted w ON w.day = c.day
            WHERE c.dataset_id = $dataset_id AND list_contains($strands, c.strand)
              AND ($gss_codes IS NULL OR list_contains($gss_codes, c.gss_code))
            GROUP BY ALL
        )
        SELECT w.day, s.strand, a.area, coalesce(c.offences, 0)::BIGINT AS offences
        FROM wanted w CROSS JOIN chosen_strands s CROSS JOIN areas a
        LEFT JOIN counts c ON c.day = w.day AND c.strand = s.strand AND c.area = a.area
        ORDER BY a.area, s.strand, w.day
    """, {"dataset_id": dataset_id, "event_date": event_date, "days": days, "years_back": years_back,
          "shift_days": shift_days, "strands": strands, "gss_codes": gss_codes, "london": LONDON_AREA,
          "first_day": first_day, "last_day": last_day})
