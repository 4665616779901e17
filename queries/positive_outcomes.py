"""Positive outcomes and the positive outcome rate, per strand, for boroughs and London.

The rate is the Met's: positive outcomes recorded in a period over offences recorded in
the same period. An outcome can come months after its offence, so recent months look low,
and it is not the share of the period's offences that ended in a positive outcome. From
incident extracts the positive outcomes are the period's offences whose outcome column
holds a positive outcome type (reference/positive_outcome_types.csv).

Only months with outcome figures count on both sides of the rate: a combined series
whose older release has no outcomes does not dilute the rate with offences that could
never have one.
"""

import pandas as pd

from queries.periods import Period
from queries.store import fetch_df

POSITIVE_OUTCOME_CAVEAT = (
    "Positive outcome rate: positive outcomes (charge or summons, caution, offences taken into consideration, "
    "penalty notice, cannabis or khat warning, community resolution) recorded in the period, over offences "
    "recorded in the same period, as the Met publishes it. An outcome can come months after the offence, so "
    "recent months look low, and it is not the share of these offences that ended in a positive outcome.")
NO_OUTCOMES_SENTENCE = "This dataset has no outcome figures, so positive outcomes cannot be shown."

# Strand-months with outcome figures, and the figures over those months only.
_OUTCOME_MONTHS_SQL = """
    outcome_months AS (
        SELECT DISTINCT strand, month FROM monthly_outcomes
        WHERE dataset_id = $dataset_id AND month BETWEEN $start AND $end AND list_contains($strands, strand)
    ), offences AS (
        SELECT m.strand, m.gss_code, sum(m.offences) AS offences, count(DISTINCT m.month) AS months
        FROM monthly_counts m JOIN outcome_months USING (strand, month)
        WHERE m.dataset_id = $dataset_id
        GROUP BY ALL
    ), outcomes AS (
        SELECT strand, gss_code, sum(positive_outcomes) AS positive_outcomes
        FROM monthly_outcomes
        WHERE dataset_id = $dataset_id AND month BETWEEN $start AND $end AND list_contains($strands, strand)
        GROUP BY ALL
    )
"""


def has_positive_outcomes(cursor, *, dataset_id: int) -> bool:
    """Whether the dataset has any outcome figures (published, or from an extract's outcomes)."""
    frame = fetch_df(cursor, "SELECT count(*) > 0 AS has FROM monthly_outcomes WHERE dataset_id = $dataset_id",
                     {"dataset_id": dataset_id})
    return bool(frame.has.iloc[0])


def positive_outcomes_by_strand(cursor, *, dataset_id: int, period: Period, strands: list[str],
                                gss_codes: list[str] | None = None) -> pd.DataFrame:
    """Per strand, for the chosen boroughs together (all 32 Met boroughs when None):
    offences and positive outcomes over the months with outcome figures, the rate in %,
    and how many of the period's months had outcome figures."""
    return fetch_df(cursor, f"""
        WITH {_OUTCOME_MONTHS_SQL},
        met AS (SELECT gss_code FROM boroughs WHERE policed_by_met
                AND ($gss_codes IS NULL OR list_contains($gss_codes, gss_code))),
        months AS (SELECT strand, count(*) AS months_with_outcomes FROM outcome_months GROUP BY strand),
        totals AS (
            SELECT s.strand,
                   (SELECT sum(o.offences) FROM offences o JOIN met USING (gss_code) WHERE o.strand = s.strand)
                       AS offences,
                   (SELECT sum(p.positive_outcomes) FROM outcomes p JOIN met USING (gss_code)
                    WHERE p.strand = s.strand) AS positive_outcomes
            FROM (SELECT unnest($strands) AS strand, generate_subscripts($strands, 1) AS position) s
        )
        SELECT t.strand, coalesce(t.offences, 0)::BIGINT AS offences,
               coalesce(t.positive_outcomes, 0)::BIGINT AS positive_outcomes,
               CASE WHEN t.offences > 0 THEN round(100.0 * coalesce(t.positive_outcomes, 0) / t.offences, 1)
               END AS positive_outcome_rate_pct,
               coalesce(m.months_with_outcomes, 0)::INTEGER AS months_with_outcomes,
               $period_months::INTEGER AS period_months
        FROM totals t LEFT JOIN months m USING (strand)
        ORDER BY list_position($strands, t.strand)
    """, {"dataset_id": dataset_id, "strands": strands, "gss_codes": gss_codes, "start": period.start,
          "end": period.end, "period_months": period.months})


def borough_positive_outcomes(cursor, *, dataset_id: int, period: Period, strand: str) -> pd.DataFrame:
    """One row per Met borough (the City of London has no Met data and is left out):
    offences, positive outcomes and the rate in %, for the map and the Compare table.
    The rate is empty where there were no offences or no outcome figures."""
    return fetch_df(cursor, f"""
        WITH {_OUTCOME_MONTHS_SQL}
        SELECT b.gss_code, b.name, b.slug, coalesce(o.offences, 0)::BIGINT AS offences,
               coalesce(p.positive_outcomes, 0)::BIGINT AS positive_outcomes,
               CASE WHEN o.offences > 0 THEN round(100.0 * coalesce(p.positive_outcomes, 0) / o.offences, 1)
               END AS positive_outcome_rate_pct
        FROM boroughs b
        LEFT JOIN offences o ON o.gss_code = b.gss_code
        LEFT JOIN outcomes p ON p.gss_code = b.gss_code
        WHERE b.policed_by_met
        ORDER BY b.name
    """, {"dataset_id": dataset_id, "strands": [strand], "start": period.start, "end": period.end})
