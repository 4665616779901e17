"""Where in a borough offences happened: counts per hexagon cell and per ward, for one
strand and period, from incident extracts that carry a location or a ward code.

Cell and ward counts are small-area counts: pass them through disclosure control
(queries/disclosure.py) before they are drawn or written; `offences_by_ward` does so itself.
"""

import pandas as pd

from queries.disclosure import suppress_small_counts
from queries.periods import Period
from queries.store import fetch_df, fetch_store_fact
from queries.strands import INCIDENT_STRAND_EXPRESSIONS

NO_WARD = "No ward recorded"


def _strand_sql(strand: str) -> str:
    if strand not in INCIDENT_STRAND_EXPRESSIONS:
        raise ValueError(f"not a strand: {strand}")
    return INCIDENT_STRAND_EXPRESSIONS[strand]


def _params(dataset_id, period, gss_code):
    return {"dataset_id": dataset_id, "gss_code": gss_code, "start": period.start, "end_exclusive": period.end_exclusive}


def hex_cell_counts(cursor, *, dataset_id: int, period: Period, gss_code: str, strand: str = "all") -> pd.DataFrame:
    """hex_cell, offences: one strand's offences with a location in the borough, per
    cell. Raw counts: suppress before showing them."""
    return fetch_df(cursor, f"""
        SELECT hex_cell, count(*)::BIGINT AS offences
        FROM incidents
        WHERE dataset_id = $dataset_id AND gss_code = $gss_code
          AND offence_date >= $start AND offence_date < $end_exclusive
          AND hex_cell IS NOT NULL AND ({_strand_sql(strand)})
        GROUP BY hex_cell
        ORDER BY hex_cell
    """, _params(dataset_id, period, gss_code))


def located_offence_totals(cursor, *, dataset_id: int, period: Period, gss_code: str,
                           strand: str = "all") -> dict:
    """{"offences": n, "located": m}: the strand's offences in the borough and period,
    and how many of them have a location (the rest cannot be put on a map)."""
    row = fetch_df(cursor, f"""
        SELECT count(*)::BIGINT AS offences, count(hex_cell)::BIGINT AS located
        FROM incidents
        WHERE dataset_id = $dataset_id AND gss_code = $gss_code
          AND offence_date >= $start AND offence_date < $end_exclusive
          AND ({_strand_sql(strand)})
    """, _params(dataset_id, period, gss_code)).iloc[0]
    return {"offences": int(row.offences), "located": int(row.located)}


def has_ward_codes(cursor, *, dataset_id: int) -> bool:
    """Whether the dataset recorded any ward code (the ward table is offered only then)."""
    return bool(fetch_store_fact(cursor, "SELECT count(ward_code) > 0 AS any FROM incidents "
                                         "WHERE dataset_id = $dataset_id",
                                 {"dataset_id": dataset_id}).iloc[0]["any"])


def offences_by_ward(cursor, *, dataset_id: int, period: Period, gss_code: str, strand: str = "all",
                     threshold: int) -> pd.DataFrame:
    """ward_code, offences (missing where suppressed), offences_shown, suppressed: one
    strand's offences per ward of the borough, most first, then the suppressed wards by
    code (so their order does not rank them); offences with no ward code in one row at the
    end. Wards below `threshold` show "fewer than N", never the number."""
    counts = fetch_df(cursor, f"""
        SELECT coalesce(ward_code, $no_ward) AS ward_code, count(*)::BIGINT AS offences
        FROM incidents
        WHERE dataset_id = $dataset_id AND gss_code = $gss_code
          AND offence_date >= $start AND offence_date < $end_exclusive
          AND ({_strand_sql(strand)})
        GROUP BY ALL
    """, {**_params(dataset_id, period, gss_code), "no_ward": NO_WARD})
    shown = suppress_small_counts(counts, threshold=threshold)
    shown["_no_ward"] = shown.ward_code == NO_WARD
    shown["_rank"] = shown.offences.fillna(0).astype("int64") * -1
    shown = shown.sort_values(["_no_ward", "suppressed", "_rank", "ward_code"], kind="stable")
    return shown.drop(columns=["_no_ward", "_rank"]).reset_index(drop=True)
