"""Writing a checked file to the store in one transaction, without stopping the dashboard.

A load never writes the live store. It copies it to `<store>.loading` beside it, writes
there between one BEGIN and one COMMIT, checkpoints, and renames the copy over the live
path (`os.replace`, atomic on one file system). Dashboards that have the old file open
keep reading it until they notice the new one (queries/store.py); DuckDB's lock is on
the copy, which nobody else has open, so a load works while the dashboard runs.

A failure, Ctrl-C or a killed process leaves the live store as it was: the rename is the
last step and happens only after the commit. A store that does not exist yet is built
the same way, so an interrupted first load leaves no store at all rather than an empty
one. One load at a time: a second is refused while `<store>.lock` is held.

Every failure, a full disk included, removes the copy (a partial copy left behind would
keep the disk full), and a full disk is said in words. The new file keeps the live
file's mode and owner (an operator's `chmod 600` survives loads); a first store is
created private to the user running the load.
"""

import errno
import fcntl
import os
import re
import shutil
from contextlib import contextmanager
from pathlib import Path

import duckdb

from loaders.dataset_records import record_dataset, remove_dataset_rows
from loaders.prepared_load import PreparedLoad
from loaders.outcome_types import positive_outcome_keys
from queries.aggregates import rebuild_incident_aggregates, rebuild_incident_outcomes, rebuild_published_aggregates
from queries.store import open_for_writing
from security.private_files import PRIVATE_FILE

INCIDENT_COLUMNS = ["incident_id", "offence_date", "gss_code", "offence_type", "is_race", "is_religion",
                    "is_antisemitic", "is_islamophobic", "is_sexual_orientation", "is_transgender",
                    "is_disability", "ward_code", "outcome", "easting", "northing", "hex_cell"]
PUBLISHED_COLUMNS = ["month", "gss_code", "category", "measure", "count"]


class StoreUnavailable(Exception):
    """The store cannot be opened for writing: a sentence the user can act on."""


# A load needs room for a copy of the store and what it adds; below this much free space
# after a failure, the failure was the disk filling up, whatever DuckDB called it.
NEARLY_FULL_BYTES = 16 * 1024 * 1024
DISK_FULL_WORDS = re.compile(r"no space left|not enough space|disk (is )?full|quota exceeded", re.IGNORECASE)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):,.1f} MB"


def _disk_full(error: BaseException, directory: Path) -> bool:
    for cause in (error, error.__cause__, error.__context__):
        if isinstance(cause, OSError) and cause.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        if cause is not None and DISK_FULL_WORDS.search(str(cause)):
            return True
    return isinstance(error, (OSError, duckdb.Error)) and shutil.disk_usage(directory).free < NEARLY_FULL_BYTES


def _disk_full_sentence(live: Path) -> str:
    size = live.stat().st_size if live.exists() else 0
    return (f"The disk holding {live.parent} is full: a load needs room for a copy of the store "
            f"({_megabytes(size)}) and what it adds, and {_megabytes(shutil.disk_usage(live.parent).free)} is "
            "free. The partial copy was removed. Free some space, or put the store on a larger disk "
            "(HATE_CRIME_STORE), and load again.")


def _room_for_a_copy(live: Path) -> None:
    if live.exists() and shutil.disk_usage(live.parent).free < live.stat().st_size + NEARLY_FULL_BYTES:
        raise StoreUnavailable(_disk_full_sentence(live).replace(" The partial copy was removed.", ""))


def _keep_mode_and_owner(live: Path, new: Path) -> None:
    if not live.exists():
        os.chmod(new, PRIVATE_FILE)
        return
    status = live.stat()
    os.chmod(new, status.st_mode & 0o7777)
    if (status.st_uid, status.st_gid) != (os.getuid(), os.getgid()):
        try:
            os.chown(new, status.st_uid, status.st_gid)
        except PermissionError:
            pass  # only root gives files away; a load as the service's user keeps it anyway


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
def one_load_at_a_time(path: Path):
    """Hold `<store>.lock` for the whole load; refuse if another load holds it.

    flock is released by the kernel when its holder dies, so a killed load never
    leaves the store locked.
    """
    lock_path = path.with_name(path.name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            holder = lock.read().strip()
            raise StoreUnavailable(
                f"Another load into {path} is running" + (f" (process {holder})" if holder else "")
                + ": wait for it to finish, then load again.") from None
        lock.seek(0)
        lock.truncate()
        lock.write(str(os.getpid()))
        lock.flush()
        try:
            yield
        finally:
            lock.seek(0)
            lock.truncate()
            fcntl.flock(lock, fcntl.LOCK_UN)


@contextmanager
def one_transaction(store_path: Path | str):
    """A connection to a copy of the store inside BEGIN ... COMMIT; on success the copy
    replaces the live store, and any exception, KeyboardInterrupt included, discards it."""
    path = Path(store_path)
    target = path.with_name(path.name + ".loading")
    with one_load_at_a_time(path):
        _remove_store_files(target)  # left by a load that was killed
        _room_for_a_copy(path)
        con = None
        try:
            if path.exists():
                _copy_store(path, target)
            con = connect_for_writing(target)
            con.execute("BEGIN TRANSACTION")
            yield con
            con.execute("COMMIT")
            con.execute("CHECKPOINT")  # everything into the file itself: no WAL travels with the rename
            con.close()
            _keep_mode_and_owner(path, target)
            _swap_in(target, path)
        except BaseException as error:
            disk_full = _disk_full(error, path.parent)
            if con is not None:
                try:
                    con.execute("ROLLBACK")
                except duckdb.Error:
                    pass  # the transaction was already aborted; closing discards it either way
                con.close()
            _remove_store_files(target)
            if disk_full:
                raise StoreUnavailable(_disk_full_sentence(path)) from error
            raise


def _copy_store(live: Path, copy: Path) -> None:
    shutil.copyfile(live, copy)
    # A WAL beside the live file holds committed work not yet in it (a store written by
    # an older version of the loaders that was killed after committing): it goes too.
    live_wal = live.with_name(live.name + ".wal")
    if live_wal.exists():
        shutil.copyfile(live_wal, copy.with_name(copy.name + ".wal"))


def _swap_in(new: Path, live: Path) -> None:
    """Make the new file durable, then atomically put it where the dashboard looks."""
    with open(new, "rb") as f:
        os.fsync(f.fileno())
    # The checkpoint merged any old WAL into the copy; left beside the live path it would
    # be replayed into the new file.
    live_wal = live.with_name(live.name + ".wal")
    if live_wal.exists():
        live_wal.unlink()
    os.replace(new, live)
    directory = os.open(live.parent, os.O_RDONLY)
    try:
        os.fsync(directory)  # the rename itself survives a power cut
    finally:
        os.close(directory)


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
            if prepared.release_format:
                con.execute("INSERT INTO published_releases VALUES (?, ?, ?)",
                            [dataset_id, prepared.release_format, prepared.refresh_date])
        else:
            progress(f"Writing {len(prepared.rows):,} offences and their monthly and daily aggregates...")
            con.execute(f"""
                INSERT INTO incidents (dataset_id, {", ".join(INCIDENT_COLUMNS)})
                SELECT ?, {", ".join(INCIDENT_COLUMNS)} FROM prepared_rows
            """, [dataset_id])
            rebuild_incident_aggregates(con, dataset_id)
            rebuild_incident_outcomes(con, dataset_id, positive_outcome_keys())
    finally:
        con.unregister("prepared_rows")
    return dataset_id, replaced
