"""Failed sign-ins slow the next attempts down, counted two ways so that nobody can lock
another user out:

- per client and name: after FREE_ATTEMPTS failures for one name from one address within
  FAILURE_WINDOW_SECONDS, each further attempt waits twice as long as the one before, up
  to MAX_WAIT_SECONDS. Someone guessing a colleague's password from elsewhere slows only
  themselves.
- per client, across names: after CLIENT_FREE_ATTEMPTS failures from one address, the
  same doubling wait, so trying many names (or one password against many) is stopped.

An attempt counts as a failure from the moment it is let through, before its password is
checked, and is forgotten if the password is right: if the counter cannot be written
(a full disk), the password is never checked and the limit cannot be got round.
"""

from __future__ import annotations

import sqlite3

FREE_ATTEMPTS = 5
# A shared office address (NAT) may hold a few colleagues mistyping at once; twenty
# names in two seconds is not that.
CLIENT_FREE_ATTEMPTS = 10
FAILURE_WINDOW_SECONDS = 15 * 60
FIRST_WAIT_SECONDS = 2
MAX_WAIT_SECONDS = 5 * 60

SCHEMA = """
DROP TABLE IF EXISTS failed_sign_ins;  -- counted by name alone, before clients were
CREATE TABLE IF NOT EXISTS sign_in_failures (
    client TEXT NOT NULL,
    username TEXT NOT NULL,
    at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS sign_in_failures_by_client ON sign_in_failures (client, username, at);
"""


class TooManyAttempts(Exception):
    def __init__(self, wait_seconds: int, sentence: str):
        super().__init__(f"{sentence} Try again in {wait_seconds} seconds.")
        self.wait_seconds = wait_seconds


def wait_before_next_attempt(failures: list[float], now: float, free_attempts: int = FREE_ATTEMPTS) -> int:
    """Seconds still to wait, given the times of recent failures (oldest first)."""
    recent = [at for at in failures if now - at < FAILURE_WINDOW_SECONDS]
    if len(recent) < free_attempts:
        return 0
    wait = min(FIRST_WAIT_SECONDS * 2 ** (len(recent) - free_attempts), MAX_WAIT_SECONDS)
    return max(0, int(round(recent[-1] + wait - now)))


def let_through(connection: sqlite3.Connection, client: str, username: str, now: float) -> None:
    """Count this attempt, or raise TooManyAttempts (and count nothing) while it must wait.
    Runs inside the caller's transaction, which the first DELETE makes a writing one, so
    two attempts at once cannot both read the count before either adds to it."""
    connection.execute("DELETE FROM sign_in_failures WHERE at < ?", (now - FAILURE_WINDOW_SECONDS,))
    from_client = connection.execute(
        "SELECT at, username FROM sign_in_failures WHERE client = ? ORDER BY at", (client,)).fetchall()
    for_name = [at for at, name in from_client if name == username]
    wait = wait_before_next_attempt(for_name, now)
    if wait:
        raise TooManyAttempts(wait, "Too many failed sign-ins to this account from your address.")
    wait = wait_before_next_attempt([at for at, _name in from_client], now, CLIENT_FREE_ATTEMPTS)
    if wait:
        raise TooManyAttempts(wait, "Too many failed sign-ins from your address.")
    connection.execute("INSERT INTO sign_in_failures VALUES (?, ?, ?)", (client, username, now))


def forget(connection: sqlite3.Connection, username: str, client: str | None = None) -> None:
    """A right password (from `client`), a new password or a removed account: the name's
    failures no longer count. A client's failures for other names still do."""
    connection.execute(
        "DELETE FROM sign_in_failures WHERE username = :username AND (:client IS NULL OR client = :client)",
        {"username": username, "client": client})
