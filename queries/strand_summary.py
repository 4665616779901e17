"""How many offences each strand had in an area: a period against the one before it.

Strand rows overlap (one offence can carry several strands); "all" is the count of
distinct offences and is never the sum of the strand rows.
"""

import pandas as pd

from queries.periods import Period
from queries.rates import annual_rate_per_1000, months_with_data
from queries.store import fetch_df


def strand_period_comparison(cursor, *, dataset_id: int, current: Period, previous: Period,
                             strands: list[str], gss_codes: list[str] | None = None) -> pd.DataFrame:
    """Per strand: offences in `current` and in `previous`, and the % change.

    `gss_codes` None means all of London (the 32 Met boroughs).
    """
    return fetch_df(cursor, """
        WITH counts AS (
            SELECT strand,
                   sum(offences) FILTER (WHERE month BETWEEN $start AND $end) AS offences,
                   sum(offences) FILTER (WHERE month BETWEEN $previous_start AND $previous_end) AS previous_offences
            FROM monthly_counts
            WHERE dataset_id = $dataset_id
              AND list_contains($strands, strand)
              AND ($gss_codes IS NULL OR list_contains($gss_codes, gss_code))
              AND (month BETWEEN $start AND $end OR month BETWEEN $previous_start AND $previous_end)
            GROUP BY strand
        )
        SELECT s.strand, s.position,
               coalesce(c.offences, 0)::BIGINT AS offences,
               coalesce(c.previous_offences, 0)::BIGINT AS previous_offences,
               CASE WHEN c.previous_offences > 0
                    THEN round(100.0 * (c.offences - c.previous_offences) / c.previous_offences, 1)
               END AS change_pct
        FROM (SELECT unnest($strands) AS strand, generate_subscripts($strands, 1) AS position) s
        LEFT JOIN counts c USING (strand)
        ORDER BY s.position
    """, {"dataset_id": dataset_id, "strands": strands, "gss_codes": gss_codes,
          "start": current.start, "end": current.end,
          "previous_start": previous.start, "previous_end": previous.end}).drop(columns="position")


def area_strand_rates(cursor, *, dataset_id: int, period: Period, strands: list[str],
                      gss_code: str, group_codes: list[str] | None = None) -> pd.DataFrame:
    """Per strand: rate per 1,000 residents per year in the borough, its comparison group
    (`group_codes`, by default its inner/outer London) and London (32 Met boroughs), for
    the profile's "against London" comparison. Each area's rate is its own offences over
    its own residents."""
    frame = fetch_df(cursor, """
        WITH place AS (
            SELECT london_group FROM boroughs WHERE gss_code = $gss_code
        ), areas AS (
            SELECT 'borough' AS area, gss_code FROM boroughs WHERE gss_code = $gss_code
            UNION ALL
            SELECT 'group', gss_code FROM boroughs
            WHERE policed_by_met AND CASE WHEN $group_codes IS NULL THEN london_group = (SELECT london_group FROM place)
                                          ELSE list_contains($group_codes, gss_code) END
            UNION ALL
            SELECT 'london', gss_code FROM boroughs WHERE policed_by_met
        ), population AS (
            SELECT area, sum(b.population_mid2021) AS population
            FROM areas JOIN boroughs b USING (gss_code) GROUP BY area
        ), counts AS (
            SELECT a.area, m.strand, sum(m.offences) AS offences
            FROM monthly_counts m JOIN areas a USING (gss_code)
            WHERE m.dataset_id = $dataset_id AND m.month BETWEEN $start AND $end
              AND list_contains($strands, m.strand)
            GROUP BY ALL
        )
        SELECT p.area, s.strand, coalesce(c.offences, 0)::BIGINT AS offences, p.population
        FROM population p
        CROSS JOIN (SELECT unnest($strands) AS strand, generate_subscripts($strands, 1) AS position) s
        LEFT JOIN counts c ON c.area = p.area AND c.strand = s.strand
        ORDER BY s.position, CASE p.area WHEN 'borough' THEN 1 WHEN 'group' THEN 2 ELSE 3 END
    """, {"dataset_id": dataset_id, "strands": strands, "gss_code": gss_code, "group_codes": group_codes,
          "start": period.start, "end": period.end})
    months = frame.strand.map(months_with_data(cursor, dataset_id=dataset_id, period=period, strands=strands))
    frame["rate_per_1000_per_year"] = annual_rate_per_1000(frame.offences.astype(float), frame.population, months)
    frame["months_of_data"] = months.astype(int)
    return frame
