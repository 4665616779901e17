"""Compound discrimination: offences aimed at more than one identity at once.

Counted over five strands: race, faith, sexual orientation, transgender identity and
disability. Antisemitic and islamophobic are sub-strands of faith, so an offence flagged
faith and antisemitic carries one strand, not two. Every offence belongs to exactly one
combination (the set of strands it carries), so combination counts add up to the
distinct-offence total, unlike strand counts, which overlap.

All of this needs incident-level data: see queries/incident_detail.py.
"""

import numpy as np
import pandas as pd

from queries.offence_profile_slice import combination_column, offence_profile_slice, strand_column
from queries.periods import Period
from queries.store import answered_once, fetch_df
from queries.strands import (COMBINATION_SEPARATOR, COMBINATION_STRAND_OF, COMBINATION_STRANDS, CORE_STRANDS,
                             STRANDS)


_AREA_AND_PERIOD = """
    dataset_id = $dataset_id AND month BETWEEN $start AND $end
    AND ($gss_codes IS NULL OR list_contains($gss_codes, gss_code))
"""


def _params(dataset_id: int, period: Period, gss_codes: list[str] | None) -> dict:
    return {"dataset_id": dataset_id, "start": period.start, "end": period.end,
            "gss_codes": list(gss_codes) if gss_codes else None}


def combination_key(strands: list[str]) -> str:
    """'race+religion': the strands in the fixed order of COMBINATION_STRANDS."""
    return COMBINATION_SEPARATOR.join(key for key in COMBINATION_STRANDS if key in strands)


def combination_label(key: str) -> str:
    """'Race + Faith' for 'race+religion'."""
    return " + ".join(STRANDS[part].short_label for part in key.split(COMBINATION_SEPARATOR))


@answered_once
def strand_combinations(cursor, *, dataset_id: int, period: Period,
                        gss_codes: list[str] | None = None) -> pd.DataFrame:
    """One row per combination of strands that occurs: combination (key), label,
    strand_count, one boolean column per combination strand, and offences; most offences
    first. Each offence is in exactly one row, so `offences` sums to the distinct total.
    `gss_codes` None means all of London."""
    profiles = offence_profile_slice(cursor, dataset_id=dataset_id, period=period, gss_codes=gss_codes)
    keys = list(COMBINATION_STRANDS)
    columns = ["combination", "label", "strand_count", *keys, "offences"]
    if profiles.empty:
        return pd.DataFrame(columns=columns)
    # Each row's set of strands as the bits of a number, so the sums are one bincount.
    carried = np.column_stack([profiles[combination_column(key)].to_numpy(dtype=bool) for key in keys])
    sets = carried.astype("int64") @ (1 << np.arange(len(keys)))
    totals = np.bincount(sets, weights=profiles.offences.to_numpy(dtype="int64"), minlength=1 << len(keys))
    present = [int(number) for number in np.unique(sets) if number]  # no strand at all cannot load; kept safe
    rows = []
    for number in present:
        strands = [key for bit, key in enumerate(keys) if number >> bit & 1]
        rows.append((combination_key(strands), strands, int(totals[number])))
    rows.sort(key=lambda row: (-row[2], len(row[1]), row[0]))
    return pd.DataFrame({
        "combination": pd.array([row[0] for row in rows], dtype="str"),
        "label": pd.array([combination_label(row[0]) for row in rows], dtype="str"),
        "strand_count": np.array([len(row[1]) for row in rows], dtype="int64"),
        **{key: np.array([key in row[1] for row in rows], dtype=bool) for key in keys},
        "offences": np.array([row[2] for row in rows], dtype="int64"),
    })


def multi_strand_summary(cursor, *, dataset_id: int, period: Period,
                         gss_codes: list[str] | None = None) -> dict:
    """Distinct offences in the area and period, how many carry two or more strands,
    and that share in per cent (None when there are no offences)."""
    combinations = strand_combinations(cursor, dataset_id=dataset_id, period=period, gss_codes=gss_codes)
    offences = int(combinations.offences.sum())
    multi = int(combinations.offences[combinations.strand_count >= 2].sum())
    return {"offences": offences, "multi_strand_offences": multi,
            "multi_strand_pct": round(100.0 * multi / offences, 1) if offences else None}


def _strand_count_sql() -> str:
    return " + ".join(f"({expression})::INTEGER" for expression in COMBINATION_STRANDS.values())


def strand_overlap_shares(cursor, *, dataset_id: int, period: Period, gss_codes: list[str] | None = None,
                          strands: list[str] | None = None) -> pd.DataFrame:
    """Per monitored strand: its offences, how many of them also carry another strand
    (a sub-strand of faith does not count as another strand beside faith), and that share
    in per cent. Rows follow `strands` (default: the seven monitored strands)."""
    strands = list(strands or CORE_STRANDS)
    unknown = [key for key in strands if key not in COMBINATION_STRAND_OF]
    if unknown:
        raise ValueError(f"not monitored strands: {', '.join(unknown)}")
    profiles = offence_profile_slice(cursor, dataset_id=dataset_id, period=period, gss_codes=gss_codes)
    counts = profiles.offences.to_numpy(dtype="int64")
    several = sum(profiles[combination_column(key)].to_numpy(dtype="int64") for key in COMBINATION_STRANDS) >= 2
    records = []
    for key in strands:
        carries = profiles[strand_column(key)].to_numpy(dtype=bool)
        offences, multi = int(counts[carries].sum()), int(counts[carries & several].sum())
        records.append({"strand": key, "offences": offences, "with_another_strand": multi,
                        "with_another_strand_pct": round(100.0 * multi / offences, 1) if offences else None})
    return pd.DataFrame(records, columns=["strand", "offences", "with_another_strand", "with_another_strand_pct"])


def multi_strand_trend(cursor, *, dataset_id: int, period: Period,
                       gss_codes: list[str] | None = None) -> pd.DataFrame:
    """Per month of the period (months with none included, as 0): distinct offences,
    offences carrying two or more strands, and their share in per cent."""
    return fetch_df(cursor, f"""
        WITH months AS (
            SELECT unnest(generate_series($start::DATE, $end::DATE, INTERVAL 1 MONTH))::DATE AS month
        ), counts AS (
            SELECT month, sum(offences) AS offences,
                   sum(offences) FILTER (WHERE {_strand_count_sql()} >= 2) AS multi_strand_offences
            FROM monthly_offence_profiles
            WHERE {_AREA_AND_PERIOD}
            GROUP BY month
        )
        SELECT m.month, coalesce(c.offences, 0)::BIGINT AS offences,
               coalesce(c.multi_strand_offences, 0)::BIGINT AS multi_strand_offences,
               CASE WHEN c.offences > 0
                    THEN round(100.0 * coalesce(c.multi_strand_offences, 0) / c.offences, 1) END
                   AS multi_strand_pct
        FROM months m LEFT JOIN counts c USING (month)
        ORDER BY m.month
    """, _params(dataset_id, period, gss_codes))
