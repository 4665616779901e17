"""Writing a checked file to the store in one transaction.

A failure, Ctrl-C or a killed process leaves the store as it was: everything a load
writes happens between one BEGIN and one COMMIT, and DuckDB keeps nothing of a
transaction that did not commit. A store that does not exist yet is built beside its
final path and renamed into place, so an interrupted first load leaves no store at all
rather than an empty one.
"""

import os
import re
from contextlib import contextmanager
from pathlib import Path

import duckdb

from loaders.dataset_records import record_dataset, remove_dataset_rows
from loaders.prepared_load import PreparedLoad
from queries.aggregates import rebuild_incident_aggregates, rebuild_published_aggregates
from queries.store import open_for_writing

INCIDENT_COLUMNS = ["incident_id", "offence_date", "gss_code", "offence_type", "is_race", "is_religion",
                    "is_antisemitic", "is_islamophobic", "is_sexual_orientation", "is_transgender",
                    "is_disability", "ward_code", "outcome", "easting", "northing", "hex_cell"]
PUBLISHED_COLUMNS = ["month", "gss_code", "category", "measure", "count"]


class StoreUnavailable(Exception):
    """The store cannot be opened for writing: a sentence the user can act on."""


def _holder(message: str) -> str:
    match = re.search(r"held in (.+?) \(PID (\d+)\)", message)
    return f" (process {match.group(2)}, {Path(match.group(1)).name})" if match else ""


def connect_for_writing(path: Path) -> duckdb.DuckDBPyConnection:
    try:
        return open_for_writing(path)
    except duckdb.IOException as error:
        if "lock" in str(error).lower():
            raise StoreUnavailable(
                f"The store {path} is in use by another program{_holder(str(error))}, probably the "
                "dashboard. DuckDB lets only one program write to a store, and not while others "
                "have it open. Stop the dashboard, load again, then start the dashboard.") from None
        raise StoreUnavailable(f"The store {path} cannot be opened: {error}") from None


def connect_for_reading(path: Path) -> duckdb.DuckDBPyConnection:
    if not path.exists():
        raise StoreUnavailable(f"There is no store at {path} yet. Load a dataset, or build the demo "
                               "with `python -m loaders build-demo`.")
    try:
        return duckdb.connect(str(path), read_only=True)
    except duckdb.IOException as error:
        if "lock" in str(error).lower():
            raise StoreUnavailable(f"The store {path} is being written by another program"
                                   f"{_holder(str(error))}: try again when it has finished.") from None
        raise StoreUnavailable(f"The store {path} cannot be opened: {error}") from None


@contextmanager
def one_transaction(store_path: Path | str):
    """A connection inside BEGIN ... COMMIT; any exception, KeyboardInterrupt included,
    rolls everything back."""
    path = Path(store_path)
    building_new = not path.exists()
    target = path.with_name(path.name + ".loading") if building_new else path
    if building_new:
        _remove_store_files(target)  # left by a first load that was killed
    con = connect_for_writing(target)
    try:
        con.execute("BEGIN TRANSACTION")
        yield con
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
    except BaseException:
        try:
            con.execute("ROLLBACK")
        except duckdb.Error:
            pass  # the transaction was already aborted; closing discards it either way
        con.close()
        if building_new:
            _remove_store_files(target)
        raise
    con.close()
    if building_new:
        os.replace(target, path)


def _remove_store_files(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + ".wal")):
        if leftover.exists():
            leftover.unlink()


def write_dataset(con: duckdb.DuckDBPyConnection, prepared: PreparedLoad, *, name: str,
                  progress=lambda message: None) -> tuple[int, list[str]]:
    """Record the dataset, replacing one of the same name or loaded from the same file,
    write its rows and aggregates. Returns the new id and the names replaced."""
    replaced = [row[0] for row in con.execute(
        "SELECT name FROM datasets WHERE name = ? OR (checksum_sha256 = ? AND NOT is_synthetic)",
        [name, prepared.checksum_sha256]).fetchall()]
    for old_name in replaced:
        remove_dataset_rows(con, old_name)
    dataset_id = record_dataset(
        con, name=name, kind=prepared.kind, is_synthetic=False, source=prepared.source,
        licence=prepared.licence, checksum_sha256=prepared.checksum_sha256,
        rows_read=prepared.rows_read, rows_loaded=prepared.rows_loaded,
        rows_left_out=prepared.rows_left_out, notes=prepared.notes())
    con.register("prepared_rows", prepared.rows)
    try:
        if prepared.kind == "published":
            progress(f"Writing {len(prepared.rows):,} published counts and their monthly aggregates...")
            con.execute(f"""
                INSERT INTO published_counts (dataset_id, {", ".join(PUBLISHED_COLUMNS)})
                SELECT ?, {", ".join(PUBLISHED_COLUMNS)} FROM prepared_rows
            """, [dataset_id])
            rebuild_published_aggregates(con, dataset_id, prepared.category_strands)
        else:
            progress(f"Writing {len(prepared.rows):,} offences and their monthly and daily aggregates...")
            con.execute(f"""
                INSERT INTO incidents (dataset_id, {", ".join(INCIDENT_COLUMNS)})
                SELECT ?, {", ".join(INCIDENT_COLUMNS)} FROM prepared_rows
            """, [dataset_id])
            rebuild_incident_aggregates(con, dataset_id)
    finally:
        con.unregister("prepared_rows")
    return dataset_id, replaced
