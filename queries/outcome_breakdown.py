"""How offences ended, by outcome type, from the outcome column of incident extracts.

The outcome is what the extract says about each offence at the time it was taken: an
outcome can come months after the offence, so recent months show more offences with
no outcome yet. Offences with no outcome recorded are counted under NO_OUTCOME, never
dropped. Which outcome types are positive (Home Office types 1-8) is decided elsewhere
(reference/positive_outcome_types.csv, issue 10); this module only breaks counts down.
"""

import pandas as pd

from queries.offence_profile_slice import NO_OUTCOME
from queries.offence_types import strand_breakdown
from queries.periods import Period
from queries.store import fetch_df
from queries.strands import INCIDENT_STRAND_EXPRESSIONS


def outcomes_by_strand(cursor, *, dataset_id: int, period: Period, gss_codes: list[str] | None = None,
                       strands: list[str] | None = None) -> pd.DataFrame:
    """strand, outcome, offences, share_of_strand_pct, for offences in the period."""
    return strand_breakdown(cursor, by="outcome", dataset_id=dataset_id, period=period, gss_codes=gss_codes,
                            strands=strands)


def outcomes_by_borough(cursor, *, dataset_id: int, period: Period, strand: str = "all",
                        gss_codes: list[str] | None = None) -> pd.DataFrame:
    """gss_code, borough, outcome, offences, share_of_borough_pct: one strand's offences
    in each Met borough (or the chosen ones), by outcome; boroughs A to Z."""
    if strand not in INCIDENT_STRAND_EXPRESSIONS:
        raise ValueError(f"not a strand: {strand}")
    return fetch_df(cursor, f"""
        WITH counts AS (
            SELECT gss_code, coalesce(outcome, $no_outcome) AS outcome, sum(offences)::BIGINT AS offences
            FROM monthly_offence_profiles
            WHERE dataset_id = $dataset_id AND month BETWEEN $start AND $end
              AND ($gss_codes IS NULL OR list_contains($gss_codes, gss_code))
              AND ({INCIDENT_STRAND_EXPRESSIONS[strand]})
            GROUP BY ALL
        )
        SELECT c.gss_code, b.name AS borough, c.outcome, c.offences,
               round(100.0 * c.offences / sum(c.offences) OVER (PARTITION BY c.gss_code), 1)
                   AS share_of_borough_pct
        FROM counts c JOIN boroughs b USING (gss_code)
        ORDER BY b.name, c.offences DESC, c.outcome
    """, {"dataset_id": dataset_id, "start": period.start, "end": period.end, "no_outcome": NO_OUTCOME,
          "gss_codes": list(gss_codes) if gss_codes else None})
