"""The offence profiles of one area and period, summed over its months and boroughs:
one row per mix of strands, offence type and outcome, with its offences.

The incident section of a page draws four breakdowns of the same offences (offence
types, outcomes, combinations of strands, overlap of each strand with others). Each was
a query of monthly_offence_profiles of its own, and most of a query's time here is
DuckDB planning it, not reading rows; this slice is asked once per request
(queries.store.fetch_df keeps it) and each breakdown sums the rows it needs. The sums are
of integers, so each is exactly what its own query gave.
"""

from __future__ import annotations

import pandas as pd

from queries.periods import Period
from queries.store import fetch_df
from queries.strands import COMBINATION_STRANDS, INCIDENT_STRAND_EXPRESSIONS

NO_OUTCOME = "No outcome recorded"


def strand_column(strand: str) -> str:
    """The slice's column that is true where its offences carry `strand`."""
    return f"in {strand}"


def combination_column(strand: str) -> str:
    """The slice's column that is true where its offences carry a combination strand."""
    return f"combination {strand}"


# Fixed SQL over fixed column names: nothing here comes from a request.
_SLICE_SQL = f"""
    SELECT offence_type, coalesce(outcome, $no_outcome) AS outcome,
           {", ".join(f'{expression} AS "{strand_column(key)}"' for key, expression in INCIDENT_STRAND_EXPRESSIONS.items())},
           {", ".join(f'{expression} AS "{combination_column(key)}"' for key, expression in COMBINATION_STRANDS.items())},
           sum(offences)::BIGINT AS offences
    FROM monthly_offence_profiles
    WHERE dataset_id = $dataset_id AND month BETWEEN $start AND $end
      AND ($gss_codes IS NULL OR list_contains($gss_codes, gss_code))
    GROUP BY ALL
"""


def offence_profile_slice(cursor, *, dataset_id: int, period: Period, gss_codes: list[str] | None) -> pd.DataFrame:
    """offence_type, outcome (NO_OUTCOME where none is recorded), one boolean column per
    strand (strand_column) and per combination strand (combination_column), offences.
    `gss_codes` None or empty means all of London."""
    return fetch_df(cursor, _SLICE_SQL, {"dataset_id": dataset_id, "start": period.start, "end": period.end,
                                         "gss_codes": list(gss_codes) if gss_codes else None,
                                         "no_outcome": NO_OUTCOME})

