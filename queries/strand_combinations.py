"""Compound discrimination: offences aimed at more than one identity at once.

Counted over five strands: race, faith, sexual orientation, transgender identity and
disability. Antisemitic and islamophobic are sub-strands of faith, so an offence flagged
faith and antisemitic carries one strand, not two. Every offence belongs to exactly one
combination (the set of strands it carries), so combination counts add up to the
distinct-offence total, unlike strand counts, which overlap.

All of this needs incident-level data: see queries/incident_detail.py.
"""

import pandas as pd

from queries.periods import Period
from queries.store import fetch_df
from queries.strands import CORE_STRANDS, STRANDS

# The strands whose combinations are counted, and how each is read from the flags
# (fixed SQL over fixed column names). Faith includes its sub-strands, in case an
# extract sets a sub-strand without the faith umbrella.
COMBINATION_STRANDS = {
    "race": "is_race",
    "religion": "(is_religion OR is_antisemitic OR is_islamophobic)",
    "sexual_orientation": "is_sexual_orientation",
    "transgender": "is_transgender",
    "disability": "is_disability",
}
# Which combination strand each monitored strand belongs to.
COMBINATION_STRAND_OF = {"race": "race", "religion": "religion", "antisemitic": "religion",
                         "islamophobic": "religion", "sexual_orientation": "sexual_orientation",
                         "transgender": "transgender", "disability": "disability"}
COMBINATION_SEPARATOR = "+"

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


def strand_combinations(cursor, *, dataset_id: int, period: Period,
                        gss_codes: list[str] | None = None) -> pd.DataFrame:
    """One row per combination of strands that occurs: combination (key), label,
    strand_count, one boolean column per combination strand, and offences; most offences
    first. Each offence is in exactly one row, so `offences` sums to the distinct total.
    `gss_codes` None means all of London."""
    flags = ",\n".join(f"{expression} AS {key}" for key, expression in COMBINATION_STRANDS.items())
    frame = fetch_df(cursor, f"""
        SELECT {flags}, sum(offences)::BIGINT AS offences
        FROM monthly_offence_profiles
        WHERE {_AREA_AND_PERIOD}
        GROUP BY ALL
    """, _params(dataset_id, period, gss_codes))
    columns = ["combination", "label", "strand_count", *COMBINATION_STRANDS, "offences"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    keys = list(COMBINATION_STRANDS)
    frame["combination"] = [combination_key([k for k in keys if row[k]]) for _, row in frame.iterrows()]
    frame = frame[frame.combination != ""]  # an extract row with no flag cannot load; kept safe anyway
    frame["strand_count"] = frame[keys].sum(axis=1).astype(int)
    frame["label"] = frame.combination.map(combination_label)
    frame = frame.sort_values(["offences", "strand_count", "combination"], ascending=[False, True, True],
                              kind="stable")
    return frame[columns].reset_index(drop=True)


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
    counts = ",\n".join(
        f"sum(offences) FILTER (WHERE {STRANDS[key].incident_column}) AS \"{key}\",\n"
        f"sum(offences) FILTER (WHERE {STRANDS[key].incident_column} AND strand_count >= 2) AS \"{key}__multi\""
        for key in strands)
    row = fetch_df(cursor, f"""
        WITH profiles AS (
            SELECT *, {_strand_count_sql()} AS strand_count
            FROM monthly_offence_profiles
            WHERE {_AREA_AND_PERIOD}
        )
        SELECT {counts} FROM profiles
    """, _params(dataset_id, period, gss_codes)).iloc[0]
    records = []
    for key in strands:
        offences = 0 if pd.isna(row[key]) else int(row[key])
        multi = 0 if pd.isna(row[f"{key}__multi"]) else int(row[f"{key}__multi"])
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
