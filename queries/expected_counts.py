"""What stands out: months above their expected range, the expected band of one series,
and the rolling 12 months against the previous 12 for every area and strand.

All read `expected_counts`, kept at load time (queries/aggregates.py), where `area` is a
borough's GSS code or 'london' for the 32 Met boroughs together.
"""

import datetime as dt

import pandas as pd

from queries.aggregates import LONDON_AREA
from queries.periods import Period, rolling_12_months
from queries.store import fetch_df, fetch_store_fact


def has_expected_counts(cursor, *, dataset_id: int) -> bool:
    """False for a dataset loaded before expected ranges were kept (load it again)."""
    tables = fetch_store_fact(cursor, "SELECT 1 FROM information_schema.tables WHERE table_name = 'expected_counts'")
    if tables.empty:
        return False
    found = fetch_store_fact(cursor, "SELECT 1 FROM expected_counts WHERE dataset_id = $dataset_id LIMIT 1",
                     {"dataset_id": dataset_id})
    return not found.empty


def exceptional_months(cursor, *, dataset_id: int, period: Period, strands: list[str] | None = None,
                       areas: list[str] | None = None) -> pd.DataFrame:
    """Every area, strand and month in `period` above its expected range, most exceptional
    first (by how far above: 1 is the upper bound, see stands_out/expected_range.py).

    With the record each month sets: `previous_same_month_high` (the highest count for
    that calendar month in earlier years, NULL if it is the first), `earlier_same_months`,
    `previous_high` (the highest of any earlier month), and `records_began` (the
    dataset's first month). `strands` / `areas` None mean all; 'london' is an area.
    """
    return fetch_df(cursor, """
        WITH flagged_series AS (
            SELECT DISTINCT area, strand FROM expected_counts
            WHERE dataset_id = $dataset_id AND is_above AND month BETWEEN $start AND $end
              AND ($strands IS NULL OR list_contains($strands, strand))
              AND ($areas IS NULL OR list_contains($areas, area))
        ), history AS (
            SELECT e.*,
                   max(e.offences) OVER same_month AS previous_same_month_high,
                   count(*) OVER same_month AS earlier_same_months,
                   max(e.offences) OVER (PARTITION BY e.area, e.strand ORDER BY e.month
                                         ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS previous_high
            FROM expected_counts e SEMI JOIN flagged_series f ON e.area = f.area AND e.strand = f.strand
            WHERE e.dataset_id = $dataset_id AND e.month <= $end
            WINDOW same_month AS (PARTITION BY e.area, e.strand, month(e.month) ORDER BY e.month
                                  ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
        )
        SELECT h.area, h.strand, h.month, h.offences, h.expected, h.lower_bound, h.upper_bound,
               h.exceedance, h.previous_same_month_high, h.earlier_same_months::INTEGER AS earlier_same_months,
               h.previous_high, d.first_month AS records_began,
               CASE WHEN h.area = $london THEN 'London' ELSE b.name END AS area_name, b.slug
        FROM history h
        JOIN datasets d ON d.dataset_id = $dataset_id
        LEFT JOIN boroughs b ON b.gss_code = h.area
        WHERE h.is_above AND h.month BETWEEN $start AND $end
        ORDER BY h.exceedance DESC, h.offences - h.upper_bound DESC, h.month DESC, area_name, h.strand
    """, {"dataset_id": dataset_id, "start": period.start, "end": period.end, "strands": strands,
          "areas": areas, "london": LONDON_AREA})


BAND_COLUMNS = ["month", "offences", "expected", "lower_bound", "upper_bound", "is_above", "no_verdict_reason",
                "no_trend_reason"]


def expected_band(cursor, *, dataset_id: int, area: str, strand: str, period: Period) -> pd.DataFrame:
    """month, offences, expected, lower_bound, upper_bound, is_above, no_verdict_reason
    and no_trend_reason for one series (none in a store built before it was kept)."""
    # Every column, then the ones wanted: a store built before no_trend_reason was kept
    # answers with it empty, without a catalogue lookup on every small trend.
    frame = fetch_df(cursor, """
        SELECT * FROM expected_counts
        WHERE dataset_id = $dataset_id AND area = $area AND strand = $strand
          AND month BETWEEN $start AND $end
        ORDER BY month
    """, {"dataset_id": dataset_id, "area": area, "strand": strand, "start": period.start, "end": period.end})
    return frame.reindex(columns=BAND_COLUMNS)


def boroughs_above_range(cursor, *, dataset_id: int, month: dt.date, strands: list[str] | None = None,
                         areas: list[str] | None = None) -> int:
    """How many boroughs have at least one strand above its expected range in `month`
    (for the overview's "3 boroughs above their expected range in June"); `areas` (GSS
    codes) None means all 32."""
    frame = fetch_df(cursor, """
        SELECT count(DISTINCT area) AS boroughs FROM expected_counts
        WHERE dataset_id = $dataset_id AND month = $month AND is_above AND area <> $london
          AND ($strands IS NULL OR list_contains($strands, strand))
          AND ($areas IS NULL OR list_contains($areas, area))
    """, {"dataset_id": dataset_id, "month": month, "strands": strands, "areas": areas, "london": LONDON_AREA})
    return int(frame.boroughs.iloc[0])


def rolling_changes(cursor, *, dataset_id: int, end: dt.date, strands: list[str] | None = None,
                    areas: list[str] | None = None) -> pd.DataFrame:
    """Per area and strand: offences in the 12 months to `end` and in the 12 before, and
    the change in % (missing where the 12 before had none). Areas with no offences in
    either are left out."""
    current = rolling_12_months(end)
    previous = current.previous()
    return fetch_df(cursor, """
        WITH sums AS (
            SELECT e.area, e.strand,
                   CASE WHEN e.area = $london THEN 'London' ELSE b.name END AS area_name, b.slug,
                   sum(e.offences) FILTER (WHERE e.month BETWEEN $start AND $end)::BIGINT AS offences,
                   sum(e.offences) FILTER (WHERE e.month < $start)::BIGINT AS previous_offences
            FROM expected_counts e LEFT JOIN boroughs b ON b.gss_code = e.area
            WHERE e.dataset_id = $dataset_id AND e.month BETWEEN $previous_start AND $end
              AND ($strands IS NULL OR list_contains($strands, e.strand))
              AND ($areas IS NULL OR list_contains($areas, e.area))
            GROUP BY e.area, e.strand, area_name, b.slug
            HAVING sum(e.offences) > 0
        )
        SELECT *, CASE WHEN previous_offences > 0
                       THEN round(100.0 * (offences - previous_offences) / previous_offences, 1) END AS change_pct
        FROM sums
        ORDER BY (area = $london) DESC, area_name, strand
    """, {"dataset_id": dataset_id, "start": current.start, "end": current.end, "previous_start": previous.start,
          "strands": strands, "areas": areas, "london": LONDON_AREA})


def months_judged(cursor, *, dataset_id: int, period: Period, strands: list[str] | None = None,
                  areas: list[str] | None = None) -> int:
    """How many series-months in `period` had enough history for an expected range: the
    verdicts exceptional_months picks its flags from, with the same `strands` / `areas`."""
    frame = fetch_df(cursor, """
        SELECT count(*) AS judged FROM expected_counts
        WHERE dataset_id = $dataset_id AND month BETWEEN $start AND $end AND expected IS NOT NULL
          AND ($strands IS NULL OR list_contains($strands, strand))
          AND ($areas IS NULL OR list_contains($areas, area))
    """, {"dataset_id": dataset_id, "start": period.start, "end": period.end, "strands": strands, "areas": areas})
    return int(frame.judged.iloc[0])


def series_months(cursor, *, dataset_id: int, areas: list[str], strands: list[str], months: list[dt.date]
                  ) -> pd.DataFrame:
    """area, strand, month, offences, expected, upper_bound, is_above for every stored
    series-month whose area, strand and month are among those given (the caller picks
    its own combinations out of them): the current figures of signals already known."""
    return fetch_df(cursor, """
        SELECT area, strand, month, offences, expected, upper_bound, is_above FROM expected_counts
        WHERE dataset_id = $dataset_id AND list_contains($areas, area) AND list_contains($strands, strand)
          AND list_contains($months, month)
    """, {"dataset_id": dataset_id, "areas": areas, "strands": strands, "months": months})


def first_loaded_above(cursor, *, kind: str | None, is_synthetic: bool, areas: list[str], strands: list[str],
                       months: list[dt.date]) -> pd.DataFrame:
    """area, strand, month, first_loaded_at: for each series-month among those given (the
    caller picks its combinations out of them) that a dataset in the store puts above
    its expected range, the load time of the earliest such dataset, among synthetic ones
    (`is_synthetic`) or real ones of `kind`: when the data first showed it."""
    return fetch_df(cursor, """
        SELECT e.area, e.strand, e.month, min(d.loaded_at) AS first_loaded_at
        FROM expected_counts e JOIN datasets d USING (dataset_id)
        WHERE e.is_above AND d.is_synthetic = $is_synthetic AND ($kind IS NULL OR d.kind = $kind)
          AND list_contains($areas, e.area) AND list_contains($strands, e.strand)
          AND list_contains($months, e.month)
        GROUP BY ALL
    """, {"kind": kind, "is_synthetic": is_synthetic, "areas": areas, "strands": strands, "months": months})
