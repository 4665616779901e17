"""The reviews file: signals seen, their figures as each release gave them, and every
change to a review, one row each, appended and never edited.

SQLite in WAL mode with each save one transaction: a process killed mid-save leaves the
file as it was before that save (SQLite rolls the unfinished transaction back on the next
open). Triggers refuse UPDATE and DELETE on the history, so "nothing edited in place is
lost" holds whatever code runs against the file. Created private (security/private_files).
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from reviews.statuses import NEEDS_EXPLANATION, NEW, check_step, NotAllowedStep
from security.private_files import make_private, open_private
from signals.identity import Signal

REVIEWS_FILE_NAME = "reviews.sqlite"  # beside the accounts file (settings.accounts_path)
BUSY_TIMEOUT_SECONDS = 10

SCHEMA = """
CREATE TABLE IF NOT EXISTS signals (
    signal_id TEXT PRIMARY KEY,
    basis TEXT NOT NULL, area TEXT NOT NULL, strand TEXT NOT NULL, period TEXT NOT NULL, method TEXT NOT NULL,
    first_seen_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS signal_figures (
    signal_id TEXT NOT NULL REFERENCES signals (signal_id),
    seen_at TEXT NOT NULL,
    dataset TEXT NOT NULL,
    offences INTEGER,
    upper_bound REAL,
    stands_out INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS signal_figures_by_signal ON signal_figures (signal_id, seen_at);
CREATE TABLE IF NOT EXISTS reviews (
    review_id INTEGER PRIMARY KEY AUTOINCREMENT,
    signal_id TEXT NOT NULL REFERENCES signals (signal_id),
    status TEXT NOT NULL,
    explanation TEXT,
    owner TEXT,
    review_date TEXT,
    note TEXT,
    changed_by TEXT NOT NULL,
    changed_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS reviews_by_signal ON reviews (signal_id, review_id);
CREATE INDEX IF NOT EXISTS reviews_by_time ON reviews (changed_at);
CREATE TRIGGER IF NOT EXISTS reviews_are_never_edited BEFORE UPDATE ON reviews
BEGIN SELECT RAISE(ABORT, 'reviews are appended, never edited'); END;
CREATE TRIGGER IF NOT EXISTS reviews_are_never_deleted BEFORE DELETE ON reviews
BEGIN SELECT RAISE(ABORT, 'reviews are appended, never deleted'); END;
-- Feed links are signed with the app's secret and carry the user's generation: revoking
-- a user's links moves it on, and every link signed with an earlier one stops opening.
CREATE TABLE IF NOT EXISTS feed_generations (
    username TEXT PRIMARY KEY,
    generation INTEGER NOT NULL
);
-- Each link made, for the record (a link opens by its signature, never by this table).
CREATE TABLE IF NOT EXISTS feed_links_made (
    username TEXT NOT NULL,
    generation INTEGER NOT NULL,
    boroughs TEXT NOT NULL,
    strands TEXT NOT NULL,
    made_at TEXT NOT NULL
);
"""


class ReviewsUnavailable(Exception):
    """The reviews file cannot be read or written; the sentence names no path."""

    def __init__(self):
        super().__init__("Reviews are not available just now: the server could not use its reviews file (its disk "
                         "may be full). Nothing was changed. Try again, and if it goes on, tell the administrator.")


@dataclass(frozen=True)
class ReviewChange:
    status: str
    explanation: str | None = None
    owner: str | None = None
    review_date: dt.date | None = None
    note: str | None = None


def reviews_path(accounts_path: Path) -> Path:
    return Path(accounts_path).with_name(REVIEWS_FILE_NAME)


def now_text(now: dt.datetime | None = None) -> str:
    return (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).isoformat(timespec="seconds")


def _connect(path: Path) -> sqlite3.Connection:
    path = Path(path)
    if not path.exists():
        os.close(open_private(path, os.O_WRONLY))
    make_private(path)
    # isolation_level=None: transactions are begun here, explicitly (BEGIN IMMEDIATE).
    connection = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute("PRAGMA foreign_keys=ON")
    connection.executescript(SCHEMA)
    for sidecar in ("-wal", "-shm"):
        make_private(path.with_name(path.name + sidecar))
    return connection


@contextmanager
def _transaction(path: Path):
    """One write transaction, taken before anything is read, so two reviewers saving the
    same signal at once are served one after the other and both steps are checked."""
    try:
        with closing(_connect(path)) as connection:
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
    except sqlite3.Error as problem:
        raise ReviewsUnavailable() from problem
    except OSError as problem:
        raise ReviewsUnavailable() from problem


@contextmanager
def _reading(path: Path):
    try:
        with closing(_connect(path)) as connection:
            yield connection
    except (sqlite3.Error, OSError) as problem:
        raise ReviewsUnavailable() from problem


def note_signals(path: Path, found, *, dataset: str, seen_at: str) -> None:
    """Remember signals the current figures show (`found`: (Signal, offences, upper_bound,
    stands_out, first_seen_at) tuples; `seen_at`: when these figures were loaded). A
    signal seen before keeps its first sighting; a figure is added to its history only
    when it differs from the last one kept, so a reload of the same data adds nothing and
    a revision adds one row."""
    with _transaction(path) as connection:
        for signal, offences, upper_bound, stands_out, first_seen_at in found:
            connection.execute("INSERT OR IGNORE INTO signals VALUES (?, ?, ?, ?, ?, ?, ?)",
                               (signal.signal_id, signal.basis, signal.area, signal.strand, signal.period,
                                signal.method, first_seen_at))
            last = connection.execute(
                "SELECT offences, upper_bound, stands_out FROM signal_figures WHERE signal_id = ? "
                "ORDER BY seen_at DESC, rowid DESC LIMIT 1", (signal.signal_id,)).fetchone()
            figure = (None if offences is None else int(offences),
                      None if upper_bound is None else float(upper_bound), int(bool(stands_out)))
            if last != figure:
                connection.execute("INSERT INTO signal_figures VALUES (?, ?, ?, ?, ?, ?)",
                                   (signal.signal_id, seen_at, dataset, *figure))


def record_change(path: Path, signal: Signal, change: ReviewChange, *, user: str,
                  at: str | None = None, first_seen_at: str | None = None) -> dict:
    """Append `change` to the signal's review, checked against its current status. A
    signal not noted before is first seen at `first_seen_at` (when the data first showed
    it: signals/found.py), else at the change."""
    if change.status in NEEDS_EXPLANATION and not change.explanation:
        raise NotAllowedStep(f"Say what explains the signal before marking it {change.status}.")
    at = at or now_text()
    with _transaction(path) as connection:
        connection.execute("INSERT OR IGNORE INTO signals VALUES (?, ?, ?, ?, ?, ?, ?)",
                           (signal.signal_id, signal.basis, signal.area, signal.strand, signal.period,
                            signal.method, first_seen_at or at))
        row = connection.execute("SELECT status FROM reviews WHERE signal_id = ? ORDER BY review_id DESC LIMIT 1",
                                 (signal.signal_id,)).fetchone()
        check_step(row[0] if row else NEW, change.status)
        values = (signal.signal_id, change.status, change.explanation, change.owner,
                  None if change.review_date is None else change.review_date.isoformat(), change.note, user, at)
        connection.execute("INSERT INTO reviews (signal_id, status, explanation, owner, review_date, note, "
                           "changed_by, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", values)
    return dict(zip(("signal_id", "status", "explanation", "owner", "review_date", "note", "changed_by",
                     "changed_at"), values))


REVIEW_COLUMNS = "r.review_id, r.signal_id, r.status, r.explanation, r.owner, r.review_date, r.note, " \
                 "r.changed_by, r.changed_at"


def _rows(connection, sql, parameters=()) -> list[dict]:
    cursor = connection.execute(sql, parameters)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def latest_reviews(path: Path, signal_ids=None) -> dict[str, dict]:
    """Each signal's current review (its last change), by signal id; `signal_ids` None: all."""
    if not Path(path).exists():
        return {}
    with _reading(path) as connection:
        rows = _rows(connection, f"""
            SELECT {REVIEW_COLUMNS}, s.first_seen_at,
                   (SELECT min(first.changed_at) FROM reviews first WHERE first.signal_id = r.signal_id)
                       AS first_reviewed_at
            FROM reviews r JOIN signals s USING (signal_id)
            WHERE r.review_id = (SELECT max(review_id) FROM reviews last WHERE last.signal_id = r.signal_id)""")
    wanted = None if signal_ids is None else set(signal_ids)
    return {row["signal_id"]: row for row in rows if wanted is None or row["signal_id"] in wanted}


def history(path: Path, signal_id: str) -> list[dict]:
    """Every change to one signal's review, oldest first."""
    if not Path(path).exists():
        return []
    with _reading(path) as connection:
        return _rows(connection, f"SELECT {REVIEW_COLUMNS} FROM reviews r WHERE r.signal_id = ? ORDER BY r.review_id",
                     (signal_id,))


def figures(path: Path, signal_id: str) -> list[dict]:
    """The signal's figure as each release gave it, oldest first."""
    if not Path(path).exists():
        return []
    with _reading(path) as connection:
        return _rows(connection, "SELECT seen_at, dataset, offences, upper_bound, stands_out FROM signal_figures "
                                 "WHERE signal_id = ? ORDER BY seen_at, rowid", (signal_id,))


def known_signals(path: Path) -> list[dict]:
    if not Path(path).exists():
        return []
    with _reading(path) as connection:
        return _rows(connection, "SELECT * FROM signals ORDER BY first_seen_at, signal_id")


def changes_between(path: Path, start: str, end: str) -> list[dict]:
    """What changed and who changed it from `start` to `end` (ISO times, UTC): the
    meeting's record."""
    if not Path(path).exists():
        return []
    with _reading(path) as connection:
        return _rows(connection, f"SELECT {REVIEW_COLUMNS} FROM reviews r WHERE r.changed_at >= ? "
                                 "AND r.changed_at <= ? ORDER BY r.review_id", (start, end))


def _generation(connection, username: str) -> int:
    row = connection.execute("SELECT generation FROM feed_generations WHERE username = ?", (username,)).fetchone()
    return 0 if row is None else int(row[0])


def add_feed_link(path: Path, username: str, *, boroughs: list[str], strands: list[str]) -> int:
    """Record a feed link made for `username` and return the generation it is signed with."""
    with _transaction(path) as connection:
        generation = _generation(connection, username)
        connection.execute("INSERT INTO feed_links_made VALUES (?, ?, ?, ?, ?)",
                           (username, generation, ",".join(boroughs), ",".join(strands), now_text()))
    return generation


def revoke_feed_links(path: Path, username: str) -> int:
    """End every feed link of `username` by moving its generation on; returns how many
    links made since the last revocation that ends."""
    with _transaction(path) as connection:
        generation = _generation(connection, username)
        ended = connection.execute("SELECT count(*) FROM feed_links_made WHERE username = ? AND generation = ?",
                                   (username, generation)).fetchone()[0]
        connection.execute("INSERT INTO feed_generations VALUES (?, ?) ON CONFLICT (username) "
                           "DO UPDATE SET generation = excluded.generation", (username, generation + 1))
    return int(ended)


def feed_generation(path: Path, username: str) -> int:
    """The generation a link of `username` must carry to open (0 until one is revoked)."""
    if not Path(path).exists():
        return 0
    with _reading(path) as connection:
        return _generation(connection, username)
