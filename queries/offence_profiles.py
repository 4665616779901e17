"""The offence-profile aggregate: offences per month and borough by the exact set of
strand flags they carry, their offence type and their outcome.

Kept at load time for incident-level datasets, so the compound discrimination, offence
type and outcome views read a table of a few hundred rows per borough and month instead
of scanning every offence. Published datasets have none: their categories overlap and
do not say which offences are the same, so they cannot say which flags go together.
"""

import duckdb

from queries.strands import INCIDENT_FLAG_COLUMNS

FLAG_COLUMNS = list(INCIDENT_FLAG_COLUMNS.values())


def rebuild_offence_profiles(con: duckdb.DuckDBPyConnection, dataset_id: int) -> None:
    """Replace the offence profiles of one incident-level dataset."""
    flags = ", ".join(FLAG_COLUMNS)  # fixed column names from the strand allow-list
    params = {"dataset_id": dataset_id}
    con.execute("DELETE FROM monthly_offence_profiles WHERE dataset_id = $dataset_id", params)
    con.execute(f"""
        INSERT INTO monthly_offence_profiles
            (dataset_id, month, gss_code, {flags}, offence_type, outcome, offences)
        SELECT dataset_id, date_trunc('month', offence_date)::DATE, gss_code, {flags},
               offence_type, outcome, count(*)::INTEGER
        FROM incidents
        WHERE dataset_id = $dataset_id
        GROUP BY ALL
    """, params)


def backfill_offence_profiles(con: duckdb.DuckDBPyConnection) -> None:
    """Build the profiles of incident datasets loaded before the table existed."""
    missing = con.execute("""
        SELECT dataset_id FROM datasets d
        WHERE kind = 'incidents'
          AND NOT EXISTS (SELECT 1 FROM monthly_offence_profiles p WHERE p.dataset_id = d.dataset_id)
    """).fetchall()
    for (dataset_id,) in missing:
        rebuild_offence_profiles(con, dataset_id)
