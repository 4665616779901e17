"""Aggregates kept up to date at load time.

Every strand is counted from the incident flags in one pass; "all" counts each offence
once, however many flags it carries, so it is a true distinct-offence total.
"""

import duckdb

from queries.strands import INCIDENT_STRAND_EXPRESSIONS


def _strand_counts_sql(period_expression: str, period_column: str) -> str:
    # Column names and expressions come from the fixed allow-list, never from input.
    counts = ",\n".join(
        f"count(*) FILTER (WHERE {expression}) AS \"{key}\""
        for key, expression in INCIDENT_STRAND_EXPRESSIONS.items()
    )
    strand_columns = ", ".join(f'"{key}"' for key in INCIDENT_STRAND_EXPRESSIONS)
    return f"""
        WITH wide AS (
            SELECT dataset_id, {period_expression} AS {period_column}, gss_code, {counts}
            FROM incidents
            WHERE dataset_id = $dataset_id
            GROUP BY ALL
        )
        SELECT dataset_id, {period_column}, gss_code, strand, offences::INTEGER AS offences
        FROM (UNPIVOT wide ON {strand_columns} INTO NAME strand VALUE offences)
        WHERE offences > 0
    """


def rebuild_incident_aggregates(con: duckdb.DuckDBPyConnection, dataset_id: int) -> None:
    """Replace the monthly and daily aggregates of one incident-level dataset."""
    params = {"dataset_id": dataset_id}
    con.execute("DELETE FROM monthly_counts WHERE dataset_id = $dataset_id", params)
    con.execute("DELETE FROM daily_counts WHERE dataset_id = $dataset_id", params)
    con.execute(
        "INSERT INTO monthly_counts "
        + _strand_counts_sql("date_trunc('month', offence_date)::DATE", "month"), params)
    con.execute("INSERT INTO daily_counts " + _strand_counts_sql("offence_date", "day"), params)
    con.execute(
        """
        UPDATE datasets SET
            first_month = (SELECT min(month) FROM monthly_counts WHERE dataset_id = $dataset_id),
            last_month = (SELECT max(month) FROM monthly_counts WHERE dataset_id = $dataset_id)
        WHERE dataset_id = $dataset_id
        """, params)
