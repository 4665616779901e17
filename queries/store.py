"""The one place that opens the DuckDB store.

The web app opens it read-only, once per process, and gives every request its own
cursor (DuckDB cursors are cheap and not shared between threads). Loaders open it for
writing through `open_for_writing`.

A load never writes the live file: it writes a copy beside it and renames the copy over
the live path when it commits (loaders/store_writes.py). The web app checks the path's
file identity at most every `STORE_CHECK_INTERVAL_SECONDS` and, when it has changed,
opens the new file for the requests that follow; requests already running keep their
cursors on the old file, which the operating system keeps readable until the last one
is closed.
"""

import functools
import json
import logging
import os
import threading
import time
from pathlib import Path

import duckdb
import pandas as pd

from queries.shared_results import SharedResults

log = logging.getLogger(__name__)

STORE_PATH_VARIABLE = "HATE_CRIME_STORE"
# Where the app factory keeps the open store on the Flask app (app.extensions).
STORE_EXTENSION = "hate_crime_store"
DEFAULT_STORE_PATH = Path(__file__).resolve().parent.parent / "data" / "hate_crime.duckdb"
# A stat() costs microseconds, but a request needs no fresher answer than this: the
# issue's target is new data served within 5 s of a swap.
STORE_CHECK_INTERVAL_SECONDS = 0.5
# The store is attached under this name in a private in-memory DuckDB, and every cursor
# selects it, so queries keep their unqualified table names.
ATTACHED_NAME = "store"
# A DuckDB file is three 4 kB headers, then its blocks: a whole file is at least that
# long. (Every test that opens a store checks this still holds after a DuckDB upgrade.)
HEADER_BYTES = 3 * 4096


# What a client is told when the store cannot answer: never the server's path or the
# reason, which are the operator's and go to the log.
UNAVAILABLE = ("The dashboard's data is not available just now. The people who run it have been told; "
               "please try again in a few minutes.")


class StoreError(Exception):
    """The store cannot answer: a sentence for the client (UNAVAILABLE by default)."""

    def __init__(self, sentence: str = UNAVAILABLE):
        super().__init__(sentence)


class UnreadableStore(Exception):
    """A file at the store's path that is not a whole, readable dashboard store."""


def configured_store_path() -> Path:
    return Path(os.environ.get(STORE_PATH_VARIABLE) or DEFAULT_STORE_PATH)


def file_identity(path: Path) -> str | None:
    """Device, inode, modification time and size: changes whenever a load swaps a new file in."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return f"{st.st_dev:x}-{st.st_ino:x}-{st.st_mtime_ns:x}-{st.st_size:x}"


class _Opened:
    """One opened file: its connection, its version and the facts remembered from it."""

    def __init__(self, path: Path, version: str):
        # `duckdb.connect(path)` would hand back the instance already open on the same
        # path (DuckDB caches instances by path), i.e. the old file after a swap. A
        # private in-memory instance that ATTACHes the path opens what the path names now.
        self.connection = duckdb.connect(":memory:")
        self.version = version
        self.remembered = {}
        self.results = SharedResults()
        try:
            self.connection.execute(f"ATTACH ? AS {ATTACHED_NAME} (READ_ONLY)", [str(path)])
            _check_whole(self.connection, path)
        except (duckdb.Error, UnreadableStore) as error:
            self.connection.close()
            raise UnreadableStore(str(error)) from error


def _check_whole(connection, path: Path) -> None:
    """Refuse a file swapped in by hand that DuckDB can attach but not answer from: an
    empty database, another program's, or one cut short (its blocks past the end)."""
    size = connection.execute(f"SELECT {HEADER_BYTES} + block_size * total_blocks FROM pragma_database_size() "
                              "WHERE database_name = ?", [ATTACHED_NAME]).fetchone()
    if size is not None and os.path.getsize(path) < size[0]:
        raise UnreadableStore(f"it is {os.path.getsize(path):,} bytes where its blocks need {size[0]:,}: "
                              "cut short (a copy that did not finish?)")
    tables = {row[0] for row in connection.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = ?", [ATTACHED_NAME]).fetchall()}
    if "store_info" not in tables:
        raise UnreadableStore("it is a DuckDB database but not a dashboard store (no store_info table)")
    connection.execute(f"SELECT schema_version FROM {ATTACHED_NAME}.store_info").fetchall()


class ReadOnlyStore:
    """A read-only connection to the store, opened on first use and reopened when a
    load swaps a new file in."""

    def __init__(self, path: Path | str, *, check_interval: float = STORE_CHECK_INTERVAL_SECONDS):
        self.path = Path(path)
        self.check_interval = check_interval
        self._opened: _Opened | None = None
        self._checked_at = float("-inf")
        self._refused: str | None = None  # the identity of a file refused, tried again once it changes
        self._lock = threading.Lock()
        # The file this thread's request is reading: a swap during a request must not
        # mix facts or cache keys of two files.
        self._request = threading.local()

    def _current(self) -> _Opened:
        now = time.monotonic()
        with self._lock:
            if self._opened is not None and now - self._checked_at < self.check_interval:
                return self._opened
            self._checked_at = now
            identity = file_identity(self.path)
            if identity is None:
                if self._opened is not None:
                    return self._opened  # the file is being replaced or was moved: keep answering
                if self._refused != "missing":
                    self._refused = "missing"
                    log.error("No store at %s. Build the demo store with `python -m loaders build-demo`, "
                              "or set %s.", self.path, STORE_PATH_VARIABLE)
                raise StoreError()
            if self._opened is None or identity != self._opened.version:
                return self._swap(identity)
            return self._opened

    def _swap(self, identity: str) -> _Opened:
        """The file now at the path, opened, or the last good one when it cannot be read."""
        if identity != self._refused:
            try:
                opened = _Opened(self.path, identity)
            except UnreadableStore as error:
                self._refused = identity
                log.error("The store file %s cannot be read (%s). %s", self.path, error,
                          "Still answering from the last good file until a readable one replaces it."
                          if self._opened is not None else "The dashboard answers 503 until a readable store "
                          "is there.")
            else:
                if self._opened is not None:
                    log.info("The store %s was replaced by a load: reading the new file", self.path)
                # The old connection is not closed: cursors of requests in flight keep it
                # alive and finish on the old file; it is freed with the last of them.
                self._opened, self._refused = opened, None
                return opened
        if self._opened is None:
            raise StoreError()
        return self._opened

    @property
    def refused_newer_file(self) -> bool:
        """A file now at the path was refused and the last good one is still answering."""
        return self._refused is not None and self._opened is not None

    def cursor(self) -> duckdb.DuckDBPyConnection:
        opened = self._current()
        self._request.opened = opened
        cursor = opened.connection.cursor()
        cursor.execute(f"USE {ATTACHED_NAME}")
        return cursor

    @property
    def version(self) -> str:
        """The version of the store file this request reads (for cache keys)."""
        opened = getattr(self._request, "opened", None) or self._current()
        return opened.version

    @property
    def results(self) -> SharedResults:
        """The query answers kept for the file this request reads (queries/shared_results.py)."""
        opened = getattr(self._request, "opened", None) or self._current()
        return opened.results

    def remember(self, key: str, compute):
        """`compute()` once per opened store file, then the same answer for every request.

        For facts every callback needs (which datasets, months, strands and boroughs
        there are). It is safe because no program writes a file the app has open: a
        load writes a new file and swaps it in, and the facts of the old file are
        dropped with it. The facts are the same for every user: no user state is kept here.
        """
        opened = getattr(self._request, "opened", None) or self._current()
        with self._lock:
            if key in opened.remembered:
                return opened.remembered[key]
        value = compute()  # outside the lock: a slow first query must not block other requests
        with self._lock:
            return opened.remembered.setdefault(key, value)

    def close(self):
        with self._lock:
            if self._opened is not None:
                self._opened.connection.close()
                self._opened = None
            self._checked_at = float("-inf")


class RequestCursor:
    """One web request's cursor (charts.context.store_cursor): it reads as the DuckDB
    cursor it wraps, and fetch_df runs a query once per request however many of the
    page's charts, tables and headlines ask it with the same parameters (a profile's
    rates feed its headline, its chart against London and its rank table)."""

    def __init__(self, cursor: duckdb.DuckDBPyConnection, remember=None, shared_results: SharedResults | None = None):
        self._cursor = cursor
        self.query_memo: dict[tuple[str, str], pd.DataFrame] = {}
        self.remember = remember  # the store's remember(key, compute): facts of the opened file
        self.shared_results = shared_results  # answers other requests got from the same file

    def __getattr__(self, name):
        return getattr(self._cursor, name)


def fetch_df(cursor: duckdb.DuckDBPyConnection, sql: str, params: dict | list | None = None) -> pd.DataFrame:
    """Run one query with bound parameters; log the SQL and parameters if it fails. On a
    RequestCursor, the same query and parameters answer from the request's memo, or from
    what another request got from the same file (queries/shared_results.py); always a
    copy, since callers may change what they get."""
    def run() -> pd.DataFrame:
        try:
            return cursor.execute(sql, params or {}).df()
        except duckdb.Error:
            log.exception("Query failed: %s with parameters %r", sql, params)
            raise

    return _answered_once(cursor, sql, params, run)


def answered_once(function):
    """For a function that works a frame out in Python from the store's tables
    (queries/monthly_cube.py) rather than asking DuckDB: its answer kept as fetch_df keeps
    a query's, once per request and for other requests on the same file. It is called
    with the cursor and keyword arguments only, which must be all the answer depends on
    besides the file."""
    question = ("computed", f"{function.__module__}.{function.__qualname__}")

    @functools.wraps(function)
    def once(cursor, **arguments) -> pd.DataFrame:
        return _answered_once(cursor, question, arguments, lambda: function(cursor, **arguments))

    return once


def _answered_once(cursor, question, params, produce) -> pd.DataFrame:
    memo = getattr(cursor, "query_memo", None)
    if memo is None:
        return produce()
    key = (question, json.dumps(params, default=str, sort_keys=True))
    if key in memo:
        return memo[key].copy()
    shared = getattr(cursor, "shared_results", None)
    frame = shared.get(key) if shared is not None else None
    if frame is None:
        frame = produce()
        if shared is not None:
            shared.put(key, frame)
    memo[key] = frame
    return frame.copy()


def fetch_store_fact(cursor: duckdb.DuckDBPyConnection, sql: str, params: dict | list | None = None) -> pd.DataFrame:
    """A query whose answer cannot change while the file is open (which tables it has,
    whether a dataset recorded wards, how many residents an area has): asked once per
    opened store file and shared by every request after (ReadOnlyStore.remember), since a
    load writes a new file rather than change this one. Callers get a copy."""
    remember = getattr(cursor, "remember", None)
    if remember is None:
        return fetch_df(cursor, sql, params)
    key = ("store fact", sql, json.dumps(params, default=str, sort_keys=True))
    return remember(key, lambda: fetch_df(cursor, sql, params)).copy()


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
