"""An Atom feed of new signals for chosen boroughs and strands, behind a link made for
one user (`python -m loaders feed-link NAME --borough camden --strand race`).

The link carries a random token; the reviews file keeps only its SHA-256, with the user,
boroughs and strands it was made for, so a copied reviews file opens no feed. A link
stops working when it is revoked (`revoke-feed-links NAME`) or its account is removed.
Feed readers cannot sign in, which is why the link itself is the key: treat it as a
password."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from pathlib import Path
from xml.sax.saxutils import escape

import flask

from charts.context import context_for_state, store_cursor, viewer_facts
from components.url_state import validate_filters
from meetings.agenda import meeting_agenda
from reviews import database
from reviews.access import ReviewAccess
from reviews.database import reviews_path
from security.bad_request import BadRequest
from signin import accounts
from signin.session import app_settings
from signin.visibility import Viewer
from signals.identity import parse_signal_id

FEED_PATH = "/feeds/signals.atom"
FEED_DAYS = 90  # a reader polls often; three months of new signals is plenty to catch up on
TOKEN_BYTES = 32


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def make_feed_link(accounts_file: Path, username: str, *, boroughs: list[str], strands: list[str]) -> str:
    """A new link's path and token, for an existing account."""
    if accounts.session_key(accounts_file, username) is None:
        raise accounts.AccountError(f"There is no account called '{username}'.")
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with database._transaction(reviews_path(accounts_file)) as connection:
        connection.execute("INSERT INTO feed_links VALUES (?, ?, ?, ?, ?, NULL)",
                           (_hash(token), username, ",".join(boroughs), ",".join(strands), database.now_text()))
    return f"{FEED_PATH}?token={token}"


def revoke_feed_links(accounts_file: Path, username: str) -> int:
    with database._transaction(reviews_path(accounts_file)) as connection:
        return connection.execute("UPDATE feed_links SET revoked_at = ? WHERE username = ? AND revoked_at IS NULL",
                                  (database.now_text(), username)).rowcount


def _link(accounts_file: Path, token) -> dict | None:
    if not isinstance(token, str) or not 20 <= len(token) <= 100:
        return None
    path = reviews_path(accounts_file)
    if not path.exists():
        return None
    with database._reading(path) as connection:
        row = connection.execute("SELECT username, boroughs, strands FROM feed_links WHERE token_hash = ? "
                                 "AND revoked_at IS NULL", (_hash(token),)).fetchone()
    if row is None or accounts.session_key(accounts_file, row[0]) is None:
        return None
    return {"username": row[0], "boroughs": [b for b in row[1].split(",") if b],
            "strands": [s for s in row[2].split(",") if s]}


def register(server: flask.Flask) -> None:
    server.add_url_rule(FEED_PATH, endpoint="signals_feed", view_func=signals_feed, methods=["GET"])


def signals_feed():
    settings = app_settings()
    link = _link(settings.accounts_path, flask.request.args.get("token"))
    if link is None:
        return flask.Response("This feed link is not valid: it was revoked, or its account removed. Ask for a new "
                              "one.\n", status=403, mimetype="text/plain")
    cursor = store_cursor()
    viewer = Viewer(link["username"])
    facts = viewer_facts(cursor, viewer)
    parsed = validate_filters({"borough": ",".join(link["boroughs"])}, facts.choices)
    if facts.choices.default_dataset_id is None:
        return flask.Response("The store holds no data yet.\n", status=503, mimetype="text/plain")
    context = context_for_state(facts, parsed.state)
    access = ReviewAccess(link["username"], None, reviews_path(settings.accounts_path))
    agenda = meeting_agenda(cursor, context, access, dt.date.today() - dt.timedelta(days=FEED_DAYS))
    rows = [row for row in agenda.new.itertuples()
            if not link["strands"] or parse_signal_id(row.signal_id).strand in link["strands"]]
    return flask.Response(atom(agenda.title, rows, flask.request.host_url.rstrip("/")),
                          mimetype="application/atom+xml")


def atom(title: str, rows, base: str) -> str:
    updated = max((f"{row[2]:%Y-%m-%d}" for row in rows), default=f"{dt.date.today():%Y-%m-%d}")
    entries = "".join(
        f"<entry><id>tag:hate-crime-dashboard,2026:{escape(row.signal_id)}</id><title>{escape(row.Signal)}</title>"
        f"<updated>{row[2]:%Y-%m-%d}T00:00:00Z</updated>"
        f'<link href="{escape(base)}/signals/review?signal={escape(row.signal_id)}"/>'
        f"<summary>{escape(f'{row.Status}; {row.Offences} offences')}</summary></entry>" for row in rows)
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<id>tag:hate-crime-dashboard,2026:signals</id><title>{escape(title)}</title>"
            f"<updated>{updated}T00:00:00Z</updated><author><name>London hate crime dashboard</name></author>"
            f"{entries}</feed>\n")


def check_feed_choices(boroughs, strands) -> None:
    for value in [*boroughs, *strands]:
        if not value.replace("-", "").replace("_", "").isalnum():
            raise BadRequest(f"'{value[:40]}' is not a borough's or a strand's name.")


FEED_COMMANDS = ("feed-link", "revoke-feed-links")


def add_feed_commands(add_command) -> None:
    made = add_command("feed-link", help="make a user's link to an Atom feed of new signals",
                       description="Prints the path of a new feed link for NAME (append it to the dashboard's "
                                   "address). Treat it as a password; revoke-feed-links ends it.")
    made.add_argument("username", metavar="NAME")
    made.add_argument("--borough", action="append", default=[], help="a borough (camden); repeat; none: all")
    made.add_argument("--strand", action="append", default=[], help="a strand (race); repeat; none: all")
    revoked = add_command("revoke-feed-links", help="end every feed link of a user")
    revoked.add_argument("username", metavar="NAME")
    for command in (made, revoked):
        command.add_argument("--accounts", default=None, help="accounts file (default: $DASHBOARD_ACCOUNTS or "
                                                              "data/accounts.sqlite)")


def run_feed_command(args) -> int:
    import os
    import sys

    from settings import DEFAULTS, project_path

    accounts_file = project_path(args.accounts or os.environ.get("DASHBOARD_ACCOUNTS") or DEFAULTS["DASHBOARD_ACCOUNTS"])
    try:
        if args.command == "feed-link":
            check_feed_choices(args.borough, args.strand)
            print(make_feed_link(accounts_file, args.username, boroughs=args.borough, strands=args.strand))
        else:
            print(f"Revoked {revoke_feed_links(accounts_file, args.username)} feed link(s) of '{args.username}'.")
    except (accounts.AccountError, BadRequest) as problem:
        print(str(problem), file=sys.stderr)
        return 2
    return 0
