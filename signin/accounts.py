"""Accounts for sign-in: user names, password hashes and session keys in a small SQLite
file, shared by every server process (and so by every Gunicorn worker).

Passwords are hashed with werkzeug's scrypt; the file never holds a password. Each
account has a random session key, put in the signed cookie at sign-in and checked on
every request: signing out, a new password or removing the account draws a new one (or
none), which ends every session the account had. A name removed and added again gets a
fresh key, so no old cookie comes back to life. Failed sign-ins are counted in the same
file (signin/attempts.py).
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import sqlite3
import time
from contextlib import closing, contextmanager
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

from signin import attempts
from security.private_files import open_private

HASH_METHOD = "scrypt"
MIN_PASSWORD_CHARACTERS = 12   # NCSC: length over complexity rules
MAX_PASSWORD_CHARACTERS = 200  # scrypt of a huge password would be a cheap way to load the server
USERNAME_PATTERN = re.compile(r"^[A-Za-z0-9._@-]{1,64}$")
SESSION_KEY_BYTES = 16
# What an account may do beyond seeing restricted data: a viewer reads reviews of
# signals, a reviewer also changes them, an administrator also manages them for others.
VIEWER, REVIEWER, ADMINISTRATOR = "viewer", "reviewer", "administrator"
ROLES = (VIEWER, REVIEWER, ADMINISTRATOR)
# An account from before roles (and a name the proxy signs in without an account here)
# is a viewer: nobody gains the right to change the meeting's record by an upgrade.
DEFAULT_ROLE = VIEWER

SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (
    username TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    created_at REAL NOT NULL,
    password_changed_at REAL NOT NULL,
    session_key TEXT,
    role TEXT NOT NULL DEFAULT 'viewer'
);
""" + attempts.SCHEMA
# A hash to check against when the user does not exist, so a wrong name takes as long
# as a wrong password and does not reveal which accounts exist.
_DECOY_HASH = generate_password_hash("not a real password, never matches", method=HASH_METHOD)
log = logging.getLogger(__name__)


class AccountError(Exception):
    """A sentence for the person at the command line or the sign-in form."""


class AccountsUnavailable(AccountError):
    """The accounts file cannot be written (a full disk, a read-only folder). The sentence
    names no path, for the sign-in page; the cause (`__cause__`) says what went wrong."""

    def __init__(self):
        super().__init__("Sign-in is not available just now: the server could not write to its accounts file "
                         "(its disk may be full). Try again in a few minutes; if it goes on, tell the "
                         "dashboard's administrator.")


def _new_session_key() -> str:
    return secrets.token_urlsafe(SESSION_KEY_BYTES)


def _connect(path: Path) -> sqlite3.Connection:
    path = Path(path)
    if not path.exists():
        # Created here, before SQLite would create it with the umask's mode (0644).
        os.close(open_private(path, os.O_WRONLY))
    connection = sqlite3.connect(str(path), timeout=10)
    connection.executescript(SCHEMA)
    if "session_key" not in {row[1] for row in connection.execute("PRAGMA table_info(accounts)")}:
        connection.execute("ALTER TABLE accounts ADD COLUMN session_key TEXT")  # a file from before session keys
    if "role" not in {row[1] for row in connection.execute("PRAGMA table_info(accounts)")}:
        # A file from before roles: every account it holds becomes a viewer (DEFAULT_ROLE).
        connection.execute(f"ALTER TABLE accounts ADD COLUMN role TEXT NOT NULL DEFAULT '{DEFAULT_ROLE}'")
    # Accounts from before session keys: their old cookies carry no key and stay signed out.
    for (username,) in connection.execute("SELECT username FROM accounts WHERE session_key IS NULL").fetchall():
        connection.execute("UPDATE accounts SET session_key = ? WHERE username = ?", (_new_session_key(), username))
    connection.commit()
    return connection


@contextmanager
def _writing(path: Path):
    """One transaction on the accounts file; a disk that refuses it becomes a sentence."""
    try:
        with closing(_connect(path)) as connection, connection:
            yield connection
    except (sqlite3.Error, OSError) as problem:
        raise AccountsUnavailable() from problem


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


def check_role(role: str) -> str:
    if role not in ROLES:
        raise AccountError(f"A role is one of {', '.join(ROLES)}.")
    return role


def add_user(path: Path, username: str, password: str, role: str = DEFAULT_ROLE) -> None:
    check_username(username)
    check_new_password(password)
    check_role(role)
    now = time.time()
    with _writing(path) as connection:
        if connection.execute("SELECT 1 FROM accounts WHERE username = ?", (username,)).fetchone():
            raise AccountError(f"There is already an account called '{username}'; use set-password to change "
                               "its password.")
        connection.execute(
            "INSERT INTO accounts (username, password_hash, created_at, password_changed_at, session_key, role) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (username, generate_password_hash(password, method=HASH_METHOD), now, now, _new_session_key(), role))


def set_role(path: Path, username: str, role: str) -> None:
    """A new role takes effect at the account's next request (it is read on each)."""
    check_username(username)
    check_role(role)
    with _writing(path) as connection:
        if not connection.execute("UPDATE accounts SET role = ? WHERE username = ?", (role, username)).rowcount:
            raise AccountError(f"There is no account called '{username}'.")


def set_password(path: Path, username: str, password: str) -> None:
    """A new password, and a new session key: whoever knew the old password is signed out."""
    check_username(username)
    check_new_password(password)
    with _writing(path) as connection:
        changed = connection.execute(
            "UPDATE accounts SET password_hash = ?, password_changed_at = ?, session_key = ? WHERE username = ?",
            (generate_password_hash(password, method=HASH_METHOD), time.time(), _new_session_key(),
             username)).rowcount
        if not changed:
            raise AccountError(f"There is no account called '{username}'.")
        attempts.forget(connection, username)


def end_sessions(path: Path, username: str) -> None:
    """Sign-out: every cookie of this account, on any browser, stops working."""
    with _writing(path) as connection:
        connection.execute("UPDATE accounts SET session_key = ? WHERE username = ?", (_new_session_key(), username))


def remove_user(path: Path, username: str) -> None:
    check_username(username)
    with _writing(path) as connection:
        if not connection.execute("DELETE FROM accounts WHERE username = ?", (username,)).rowcount:
            raise AccountError(f"There is no account called '{username}'.")
        attempts.forget(connection, username)


def list_users(path: Path) -> list[str]:
    return [username for username, _role in list_roles(path)]


def list_roles(path: Path) -> list[tuple[str, str]]:
    if not Path(path).exists():
        return []
    with closing(_connect(path)) as connection:
        return connection.execute("SELECT username, role FROM accounts ORDER BY username").fetchall()


def role_of(path: Path, username: str | None) -> str | None:
    """The account's role, read on every request that asks (nothing written); None when
    nobody is signed in, DEFAULT_ROLE for a name with no account here (a proxy's user)
    or a file that cannot be read."""
    if username is None:
        return None
    path = Path(path)
    if not path.exists():
        return DEFAULT_ROLE
    try:
        with closing(sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=10)) as connection:
            columns = {row[1] for row in connection.execute("PRAGMA table_info(accounts)")}
            if "role" not in columns:
                return DEFAULT_ROLE
            row = connection.execute("SELECT role FROM accounts WHERE username = ?", (username,)).fetchone()
    except sqlite3.Error as problem:
        log.error("Could not read the accounts file %s (%s): %s is treated as a viewer", path, problem, username)
        return DEFAULT_ROLE
    return row[0] if row and row[0] in ROLES else DEFAULT_ROLE


def session_key(path: Path, username: str) -> str | None:
    """For every signed-in request, so one read by the primary key and nothing written:
    the account's current session key, or None (no such account, or a file that cannot
    be read, when nobody is signed in rather than everybody)."""
    path = Path(path)
    if not path.exists():
        return None
    try:
        with closing(sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=10)) as connection:
            row = connection.execute("SELECT session_key FROM accounts WHERE username = ?", (username,)).fetchone()
    except sqlite3.Error as problem:
        log.error("Could not read the accounts file %s (%s): signed-in users are shown as signed out", path, problem)
        return None
    return row[0] if row else None


def verify(path: Path, username: str, password: str, *, client: str, now: float | None = None) -> str | None:
    """The account's session key if the password is right, else None. Raises
    attempts.TooManyAttempts while `client` must wait, AccountsUnavailable if the
    attempt cannot be counted. A failure counts for a name that exists or not alike."""
    now = time.time() if now is None else now
    if not isinstance(username, str) or not isinstance(password, str) or len(password) > MAX_PASSWORD_CHARACTERS \
            or not USERNAME_PATTERN.match(username):
        return None
    with _writing(path) as connection:
        attempts.let_through(connection, client, username, now)
        row = connection.execute("SELECT password_hash, session_key FROM accounts WHERE username = ?",
                                 (username,)).fetchone()
    # Checked after the count is committed: scrypt's tenth of a second holds no lock.
    if not check_password_hash(row[0] if row else _DECOY_HASH, password) or row is None:
        return None
    with _writing(path) as connection:
        attempts.forget(connection, username, client)
    return row[1]
