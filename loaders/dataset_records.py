"""Recording datasets in the store. Callers run these inside one transaction."""

import duckdb

DATA_TABLES = ("incidents", "published_counts", "monthly_counts", "daily_counts", "monthly_outcomes",
               "published_categories", "published_releases", "series_sources", "release_revisions", "revisions",
               "monthly_offence_profiles", "expected_counts")


def remove_dataset_rows(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Delete a dataset and everything loaded for it; True if there was one."""
    row = con.execute("SELECT dataset_id FROM datasets WHERE name = ?", [name]).fetchone()
    if row is None:
        return False
    for table in DATA_TABLES:
        con.execute(f"DELETE FROM {table} WHERE dataset_id = ?", [row[0]])
    con.execute("DELETE FROM datasets WHERE dataset_id = ?", [row[0]])
    return True


def record_dataset(con: duckdb.DuckDBPyConnection, *, name: str, kind: str, is_synthetic: bool,
                   source: str, licence: str | None, checksum_sha256: str | None,
                   rows_read: int, rows_loaded: int, rows_left_out: int,
                   notes: str | None = None) -> int:
    """Insert the record of a dataset (replacing one of the same name) and return its id."""
    remove_dataset_rows(con, name)
    return con.execute(
        """
        INSERT INTO datasets (name, kind, is_synthetic, source, licence, checksum_sha256,
                              rows_read, rows_loaded, rows_left_out, notes)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        RETURNING dataset_id
        """,
        [name, kind, is_synthetic, source, licence, checksum_sha256,
         rows_read, rows_loaded, rows_left_out, notes],
    ).fetchone()[0]
