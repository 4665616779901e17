"""Writing checked partner reports inside the load's one transaction (store_writes.one_transaction).

A file is known by its name (the file name unless --name says otherwise) and its checksum:
loading it again, or the same bytes under another name, replaces its rows whole. A series
another file already holds for overlapping periods is refused, naming that file.
"""

from loaders.partner_reports import REPORT_COLUMNS, PreparedPartnerReports, overlaps_in_store


def write_partner_reports(con, prepared: PreparedPartnerReports, *, is_synthetic: bool = False) -> list[str]:
    """Record the file and write its rows; returns the names of the files it replaced.
    Raises LoadRefused (the caller's transaction then leaves the store as it was)."""
    replaced = con.execute(
        "SELECT file_id, name FROM partner_files WHERE name = ? OR (checksum_sha256 = ? AND NOT is_synthetic)",
        [prepared.name, prepared.checksum_sha256]).fetchall()
    clash = overlaps_in_store(con, prepared, replacing=[file_id for file_id, _ in replaced])
    if clash is not None:
        raise clash
    for file_id, _ in replaced:
        remove_partner_file_rows(con, file_id)
    file_id = con.execute("""
        INSERT INTO partner_files (name, location, checksum_sha256, licence, is_synthetic, is_restricted,
                                   rows_read, rows_loaded, notes)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING file_id
    """, [prepared.name, prepared.location, prepared.checksum_sha256, prepared.licence, is_synthetic,
          prepared.is_restricted, prepared.rows_read, len(prepared.rows), prepared.notes()]).fetchone()[0]
    con.register("prepared_partner_rows", prepared.rows)
    try:
        con.execute(f"""
            INSERT INTO partner_reports (file_id, {", ".join(REPORT_COLUMNS)})
            SELECT ?, {", ".join(REPORT_COLUMNS)} FROM prepared_partner_rows
        """, [file_id])
    finally:
        con.unregister("prepared_partner_rows")
    return [name for _, name in replaced]


def remove_partner_file_rows(con, file_id: int) -> None:
    con.execute("DELETE FROM partner_reports WHERE file_id = ?", [file_id])
    con.execute("DELETE FROM partner_files WHERE file_id = ?", [file_id])


def remove_partner_file(con, name: str) -> bool:
    row = con.execute("SELECT file_id FROM partner_files WHERE name = ?", [name]).fetchone()
    if row is None:
        return False
    remove_partner_file_rows(con, row[0])
    return True
