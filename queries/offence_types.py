"""Which offences each strand's hate crimes are (public order, violence against the
person, criminal damage, ...), from incident-level data.

One row per strand and offence type. A strand's rows add up to that strand's offences;
rows of different strands overlap (one offence can carry several strands), so they are
compared side by side and never added into a total across strands.
"""

import numpy as np
import pandas as pd

from queries.periods import Period
from queries.store import fetch_df
from queries.strands import INCIDENT_STRAND_EXPRESSIONS

DEFAULT_STRANDS = ["all", "race", "religion", "antisemitic", "islamophobic",
                   "sexual_orientation", "transgender", "disability"]


def strand_columns_sql(strands: list[str]) -> str:
    """`sum(offences) FILTER (...) AS "race", ...` for the offence-profile table; strand
    keys are checked against the allow-list before they become SQL."""
    unknown = [key for key in strands if key not in INCIDENT_STRAND_EXPRESSIONS]
    if unknown:
        raise ValueError(f"not strands: {', '.join(unknown)}")
    return ",\n".join(f"sum(offences) FILTER (WHERE {INCIDENT_STRAND_EXPRESSIONS[key]}) AS \"{key}\""
                      for key in strands)


def long_by_strand(wide: pd.DataFrame, *, by: str, strands: list[str]) -> pd.DataFrame:
    """Wide counts (one column per strand) as rows of strand, `by`, offences and the
    share of the strand's offences, in the order of `strands`, most offences first;
    empty pairs left out. Plain lists: the frame is a few dozen cells, and melting,
    grouping and sorting it in pandas took 15 ms where this takes one."""
    columns = ["strand", by, "offences", "share_of_strand_pct"]
    if wide.empty:
        return pd.DataFrame(columns=columns)
    keys = wide[by].tolist()
    strand_column, key_column, offences, shares = [], [], [], []
    for strand in strands:
        counts = wide[strand].fillna(0).astype("int64").tolist()
        pairs = sorted(((count, key) for key, count in zip(keys, counts) if count > 0),
                       key=lambda pair: (-pair[0], pair[1]))
        if not pairs:
            continue
        strand_offences = np.array([count for count, _ in pairs], dtype="int64")
        strand_column += [strand] * len(pairs)
        key_column += [key for _, key in pairs]
        offences.append(strand_offences)
        shares.append((100.0 * strand_offences / strand_offences.sum()).round(1))
    if not offences:
        return pd.DataFrame({"strand": pd.Series([], dtype="str"), by: wide[by].iloc[:0].reset_index(drop=True),
                             "offences": pd.Series([], dtype="int64"),
                             "share_of_strand_pct": pd.Series([], dtype="float64")})
    return pd.DataFrame({"strand": pd.array(strand_column, dtype="str"),
                         by: pd.Series(key_column, dtype=wide[by].dtype),
                         "offences": np.concatenate(offences), "share_of_strand_pct": np.concatenate(shares)})


def strand_breakdown(cursor, *, by: str, by_sql: str, dataset_id: int, period: Period,
                     gss_codes: list[str] | None, strands: list[str] | None, params: dict | None = None
                     ) -> pd.DataFrame:
    """strand, `by`, offences, share_of_strand_pct: each strand's offences in the period
    split by `by_sql` (a column expression of monthly_offence_profiles written in this
    package, never from a request), as long_by_strand gives them."""
    strands = list(strands or DEFAULT_STRANDS)
    wide = fetch_df(cursor, f"""
        SELECT {by_sql} AS {by}, {strand_columns_sql(strands)}
        FROM monthly_offence_profiles
        WHERE dataset_id = $dataset_id AND month BETWEEN $start AND $end
          AND ($gss_codes IS NULL OR list_contains($gss_codes, gss_code))
        GROUP BY ALL
    """, {"dataset_id": dataset_id, "start": period.start, "end": period.end,
          "gss_codes": list(gss_codes) if gss_codes else None, **(params or {})})
    return long_by_strand(wide, by=by, strands=strands)


def offence_types_by_strand(cursor, *, dataset_id: int, period: Period, gss_codes: list[str] | None = None,
                            strands: list[str] | None = None) -> pd.DataFrame:
    """strand, offence_type, offences, share_of_strand_pct. `strands` default: all hate
    crime (distinct offences) and the seven monitored strands. `gss_codes` None: London."""
    return strand_breakdown(cursor, by="offence_type", by_sql="offence_type", dataset_id=dataset_id, period=period,
                            gss_codes=gss_codes, strands=strands)
