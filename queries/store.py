"""The one place that opens the DuckDB store.

The web app opens it read-only, once per process, and gives every request its own
cursor (DuckDB cursors are cheap and not shared between threads). Loaders open it for
writing through `open_for_writing`.
"""

import logging
import os
import threading
from pathlib import Path

import duckdb
import pandas as pd

log = logging.getLogger(__name__)

STORE_PATH_VARIABLE = "HATE_CRIME_STORE"
DEFAULT_STORE_PATH = Path(__file__).resolve().parent.parent / "data" / "hate_crime.duckdb"


class StoreError(Exception):
    """The store cannot answer: a sentence a user can act on."""


def configured_store_path() -> Path:
    return Path(os.environ.get(STORE_PATH_VARIABLE) or DEFAULT_STORE_PATH)


class ReadOnlyStore:
    """A read-only connection to the store, opened on first use."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._connection = None
        self._lock = threading.Lock()
        self._remembered = {}

    def cursor(self) -> duckdb.DuckDBPyConnection:
        with self._lock:
            if self._connection is None:
                if not self.path.exists():
                    raise StoreError(
                        f"No store at {self.path}. Build the demo store with "
                        f"`python -m loaders build-demo`, or set {STORE_PATH_VARIABLE}.")
                self._connection = duckdb.connect(str(self.path), read_only=True)
            return self._connection.cursor()

    def remember(self, key: str, compute):
        """`compute()` once per open connection, then the same answer for every request.

        For facts every callback needs (which datasets, months, strands and boroughs
        there are). It is safe because this connection is read-only and DuckDB lets no
        program write the file while it is open, so what was read stays true until
        `close()`. The facts are the same for every user: no user state is kept here.
        """
        with self._lock:
            if key in self._remembered:
                return self._remembered[key]
        value = compute()  # outside the lock: a slow first query must not block other requests
        with self._lock:
            return self._remembered.setdefault(key, value)

    def close(self):
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None
            self._remembered.clear()


def fetch_df(cursor: duckdb.DuckDBPyConnection, sql: str, params: dict | list | None = None) -> pd.DataFrame:
    """Run one query with bound parameters; log the SQL and parameters if it fails."""
    try:
        return cursor.execute(sql, params or {}).df()
    except duckdb.Error:
        log.exception("Query failed: %s with parameters %r", sql, params)
        raise


def table_exists(cursor: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Stores built before a table was added lack it until the next load; queries of such a
    table answer 'nothing' rather than fail."""
    return bool(cursor.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [name]).fetchall()[0][0])


def open_for_writing(path: Path | str) -> duckdb.DuckDBPyConnection:
    from queries.schema import create_schema

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    create_schema(con)
    return con
