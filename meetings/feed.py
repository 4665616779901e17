"""An Atom feed of new signals for chosen boroughs and strands, behind a link made for
one user (`python -m loaders feed-link NAME --borough camden --strand race`).

The link is signed with the app's secret (DASHBOARD_SECRET_KEY, itsdangerous): it carries
the user, the boroughs, the strands and the user's feed generation, so a link changed in
any way is refused, and the reviews file holds no key to any feed. `revoke-feed-links
NAME` moves the user's generation on, and every link signed before stops working; so
does removing the account. Feed readers cannot sign in, which is why the link itself is
the key: treat it as a password."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from xml.sax.saxutils import escape

import flask
from itsdangerous import BadSignature, URLSafeSerializer

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
SALT = "signals-feed"  # a feed link's signature is good for nothing else signed with the key
MIN_SECRET_CHARACTERS = 16  # as sign-in asks of DASHBOARD_SECRET_KEY (settings)
MAX_TOKEN_CHARACTERS = 2000  # all 32 boroughs and every strand fit in well under half of this
NO_SECRET = ("Feed links are signed with DASHBOARD_SECRET_KEY: set it to the dashboard's own key (at least "
             f"{MIN_SECRET_CHARACTERS} characters) and try again.")


class FeedLinkError(Exception):
    """A feed link cannot be made: the sentence says why."""


def _signer(secret_key: str) -> URLSafeSerializer:
    if not isinstance(secret_key, str) or len(secret_key) < MIN_SECRET_CHARACTERS:
        raise FeedLinkError(NO_SECRET)
    return URLSafeSerializer(secret_key, salt=SALT)


def make_feed_link(accounts_file: Path, secret_key: str, username: str, *, boroughs: list[str],
                   strands: list[str]) -> str:
    """A new link's path and signed token, for an existing account."""
    signer = _signer(secret_key)
    if accounts.session_key(accounts_file, username) is None:
        raise accounts.AccountError(f"There is no account called '{username}'.")
    generation = database.add_feed_link(reviews_path(accounts_file), username, boroughs=boroughs, strands=strands)
    token = signer.dumps({"user": username, "boroughs": list(boroughs), "strands": list(strands),
                          "generation": generation})
    return f"{FEED_PATH}?token={token}"


def revoke_feed_links(accounts_file: Path, username: str) -> int:
    return database.revoke_feed_links(reviews_path(accounts_file), username)


def _names(value) -> list[str] | None:
    return value if isinstance(value, list) and all(isinstance(item, str) for item in value) else None


def _link(accounts_file: Path, secret_key: str, token) -> dict | None:
    """What a link is for, if its signature holds, its generation is the user's current
    one and the account still exists; None otherwise."""
    if not isinstance(token, str) or not 0 < len(token) <= MAX_TOKEN_CHARACTERS:
        return None
    try:
        payload = _signer(secret_key).loads(token)
    except (BadSignature, FeedLinkError):
        return None
    if not isinstance(payload, dict):
        return None
    username, generation = payload.get("user"), payload.get("generation")
    boroughs, strands = _names(payload.get("boroughs")), _names(payload.get("strands"))
    if not isinstance(username, str) or type(generation) is not int or boroughs is None or strands is None:
        return None
    if accounts.session_key(accounts_file, username) is None:
        return None
    if database.feed_generation(reviews_path(accounts_file), username) != generation:
        return None
    return {"username": username, "boroughs": boroughs, "strands": strands}


def register(server: flask.Flask) -> None:
    server.add_url_rule(FEED_PATH, endpoint="signals_feed", view_func=signals_feed, methods=["GET"])


def signals_feed():
    settings = app_settings()
    link = _link(settings.accounts_path, settings.secret_key, flask.request.args.get("token"))
    if link is None:
        return flask.Response("This feed link is not valid: it was changed, revoked, or its account removed. Ask "
                              "for a new one.\n", status=403, mimetype="text/plain")
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
                                   "address), signed with DASHBOARD_SECRET_KEY (set it as the dashboard's). "
                                   "Treat it as a password; revoke-feed-links ends it.")
    made.add_argument("username", metavar="NAME")
    made.add_argument("--borough", action="append", default=[], help="a borough (camden); repeat; none: all")
    made.add_argument("--strand", action="append", default=[], help="a strand (race); repeat; none: all")
    revoked = add_command("revoke-feed-links", help="end every feed link of a user (each link made before stops "
                                                     "working)")
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
            secret_key = os.environ.get("DASHBOARD_SECRET_KEY", DEFAULTS["DASHBOARD_SECRET_KEY"]).strip()
            print(make_feed_link(accounts_file, secret_key, args.username, boroughs=args.borough,
                                 strands=args.strand))
        else:
            print(f"Revoked {revoke_feed_links(accounts_file, args.username)} feed link(s) of '{args.username}'.")
    except (accounts.AccountError, BadRequest, FeedLinkError) as problem:
        print(str(problem), file=sys.stderr)
        return 2
    return 0
