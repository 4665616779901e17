"""Accounts for sign-in: user names and password hashes in a small SQLite file, shared
by every server process (and so by every Gunicorn worker).

Passwords are hashed with werkzeug's scrypt; the file never holds a password. Failed
sign-ins are recorded per user name and slow the next attempts down: after
FREE_ATTEMPTS failures within FAILURE_WINDOW_SECONDS, each further attempt must wait
twice as long as the one before, up to MAX_WAIT_SECONDS.
"""

from __future__ import annotations

import re
import sqlite3
import time
from contextlib import closing
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

HASH_METHOD = "scrypt"
MIN_PASSWORD_CHARACTERS = 12   # NCSC: length over complexity rules
MAX_PASSWORD_CHARACTERS = 200  # scrypt of a huge password would be a cheap way to load the server
USERNAME_PATTERN = re.compile(r"^[A-Za-z0-9._@-]{1,64}$")
FREE_ATTEMPTS = 5
FAILURE_WINDOW_SECONDS = 15 * 60
FIRST_WAIT_SECONDS = 2
MAX_WAIT_SECONDS = 5 * 60

SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (
    username TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    created_at REAL NOT NULL,
    password_changed_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS failed_sign_ins (
    username TEXT NOT NULL,
    at REAL NOT NULL
);
"""
# A hash to check against when the user does not exist, so a wrong name takes as long
# as a wrong password and does not reveal which accounts exist.
_DECOY_HASH = generate_password_hash("not a real password, never matches", method=HASH_METHOD)


class AccountError(Exception):
    """A sentence for the person at the command line or the sign-in form."""


class TooManyAttempts(AccountError):
    def __init__(self, wait_seconds: int):
        super().__init__(f"Too many failed sign-ins for this account. Try again in {wait_seconds} seconds.")
        self.wait_seconds = wait_seconds


def _connect(path: Path) -> sqlite3.Connection:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(str(path), timeout=10)
    connection.executescript(SCHEMA)
    return connection


def check_username(username: str) -> str:
    if not isinstance(username, str) or not USERNAME_PATTERN.match(username):
        raise AccountError("A user name is 1 to 64 letters, digits or the characters . _ @ -")
    return username


def check_new_password(password: str) -> str:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_CHARACTERS:
        raise AccountError(f"A password needs at least {MIN_PASSWORD_CHARACTERS} characters.")
    if len(password) > MAX_PASSWORD_CHARACTERS:
        raise AccountError(f"A password can have at most {MAX_PASSWORD_CHARACTERS} characters.")
    return password


def add_user(path: Path, username: str, password: str) -> None:
    check_username(username)
    check_new_password(password)
    now = time.time()
    with closing(_connect(path)) as connection, connection:
        if connection.execute("SELECT 1 FROM accounts WHERE username = ?", (username,)).fetchone():
            raise AccountError(f"There is already an account called '{username}'; use set-password to change "
                               "its password.")
        connection.execute("INSERT INTO accounts VALUES (?, ?, ?, ?)",
                           (username, generate_password_hash(password, method=HASH_METHOD), now, now))


def set_password(path: Path, username: str, password: str) -> None:
    check_username(username)
    check_new_password(password)
    with closing(_connect(path)) as connection, connection:
        changed = connection.execute(
            "UPDATE accounts SET password_hash = ?, password_changed_at = ? WHERE username = ?",
            (generate_password_hash(password, method=HASH_METHOD), time.time(), username)).rowcount
        if not changed:
            raise AccountError(f"There is no account called '{username}'.")
        connection.execute("DELETE FROM failed_sign_ins WHERE username = ?", (username,))


def remove_user(path: Path, username: str) -> None:
    check_username(username)
    with closing(_connect(path)) as connection, connection:
        if not connection.execute("DELETE FROM accounts WHERE username = ?", (username,)).rowcount:
            raise AccountError(f"There is no account called '{username}'.")
        connection.execute("DELETE FROM failed_sign_ins WHERE username = ?", (username,))


def list_users(path: Path) -> list[str]:
    if not Path(path).exists():
        return []
    with closing(_connect(path)) as connection:
        return [row[0] for row in connection.execute("SELECT username FROM accounts ORDER BY username")]


def account_exists(path: Path, username: str) -> bool:
    """For every signed-in request: an account removed stops working at once."""
    if not Path(path).exists():
        return False
    with closing(_connect(path)) as connection:
        return connection.execute("SELECT 1 FROM accounts WHERE username = ?", (username,)).fetchone() is not None


def wait_before_next_attempt(failures: list[float], now: float) -> int:
    """Seconds still to wait, given the times of recent failures (oldest first)."""
    recent = [at for at in failures if now - at < FAILURE_WINDOW_SECONDS]
    if len(recent) < FREE_ATTEMPTS:
        return 0
    wait = min(FIRST_WAIT_SECONDS * 2 ** (len(recent) - FREE_ATTEMPTS), MAX_WAIT_SECONDS)
    return max(0, int(round(recent[-1] + wait - now)))


def verify(path: Path, username: str, password: str, *, now: float | None = None) -> bool:
    """True if the password is the account's. Raises TooManyAttempts while the account
    must wait; a failure is recorded (for a name that exists or not alike)."""
    now = time.time() if now is None else now
    if not isinstance(username, str) or not isinstance(password, str) or len(password) > MAX_PASSWORD_CHARACTERS \
            or not USERNAME_PATTERN.match(username):
        return False
    with closing(_connect(path)) as connection, connection:
        connection.execute("DELETE FROM failed_sign_ins WHERE at < ?", (now - FAILURE_WINDOW_SECONDS,))
        failures = [row[0] for row in connection.execute(
            "SELECT at FROM failed_sign_ins WHERE username = ? ORDER BY at", (username,))]
        wait = wait_before_next_attempt(failures, now)
        if wait:
            raise TooManyAttempts(wait)
        row = connection.execute("SELECT password_hash FROM accounts WHERE username = ?", (username,)).fetchone()
        matches = check_password_hash(row[0] if row else _DECOY_HASH, password) and row is not None
        if matches:
            connection.execute("DELETE FROM failed_sign_ins WHERE username = ?", (username,))
        else:
            connection.execute("INSERT INTO failed_sign_ins VALUES (?, ?)", (username, now))
        return matches
