"""The digest: the new signals since a date for chosen boroughs, as text and HTML for a
council's own mailer, and sent by SMTP when a relay is configured.

`python -m loaders digest --since 2026-11-04 --borough camden --borough hackney` writes
digest-since-DATE.txt and .html into --out; with DASHBOARD_SMTP_HOST set and --to given
it also sends them, as one message with a plain and an HTML part. The relay is the
council's own (no login is attempted: relays inside a network take mail from known hosts);
DASHBOARD_SMTP_PORT (default 25) and DASHBOARD_SMTP_FROM name the rest."""

from __future__ import annotations

import argparse
import html
import os
import smtplib
import sys
from email.message import EmailMessage
from pathlib import Path

import duckdb

from charts.context import context_for_state, viewer_facts
from components.url_state import validate_filters
from meetings.address import parse_since
from meetings.agenda import Agenda, meeting_agenda
from reviews.access import ReviewAccess
from reviews.database import reviews_path
from security.bad_request import BadRequest
from settings import DEFAULTS, project_path
from signin.visibility import Viewer

DIGEST_USER = "digest"  # who reads the reviews for the digest; it writes nothing to the reviews file
SMTP_TIMEOUT_SECONDS = 30


def digest_text(agenda: Agenda) -> str:
    lines = [agenda.title, "", agenda.reviewed_sentence, "", f"New since then ({len(agenda.new)}):"]
    lines += [f"- {row.Signal} ({'' if row.Offences is None else f'{int(row.Offences):,} offences; '}{row.Status})"
              for row in agenda.new.itertuples()] or ["- none"]
    lines += ["", f"Open ({len(agenda.open)}):"]
    lines += [f"- {row.Signal}: {row.Status}, owner {row.Owner}" for row in agenda.open.itertuples()] or ["- none"]
    lines += ["", agenda.source]
    return "\n".join(lines) + "\n"


def digest_html(agenda: Agenda) -> str:
    def items(rows):
        return "".join(f"<li>{html.escape(row)}</li>" for row in rows) or "<li>none</li>"

    new = [f"{row.Signal} ({row.Status})" for row in agenda.new.itertuples()]
    still_open = [f"{row.Signal}: {row.Status}, owner {row.Owner}" for row in agenda.open.itertuples()]
    return (f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{html.escape(agenda.title)}'
            f"</title></head><body><h1>{html.escape(agenda.title)}</h1><p>{html.escape(agenda.reviewed_sentence)}"
            f"</p><h2>New since then ({len(agenda.new)})</h2><ul>{items(new)}</ul><h2>Open ({len(agenda.open)})</h2>"
            f"<ul>{items(still_open)}</ul><p><small>{html.escape(agenda.source)}</small></p></body></html>\n")


def build_digest(store: Path, accounts_file: Path, *, since, boroughs: list[str]) -> Agenda:
    with duckdb.connect(str(store), read_only=True) as cursor:
        viewer = Viewer(DIGEST_USER)
        facts = viewer_facts(cursor, viewer)
        parsed = validate_filters({"borough": ",".join(boroughs)}, facts.choices)
        if parsed.problems:
            raise BadRequest(" ".join(parsed.problems))
        context = context_for_state(facts, parsed.state)
        access = ReviewAccess(DIGEST_USER, None, reviews_path(accounts_file))
        return meeting_agenda(cursor, context, access, since)


def send_digest(agenda: Agenda, text: str, page: str, *, to: list[str], environ=None) -> bool:
    """True when sent; False when no relay is configured (DASHBOARD_SMTP_HOST empty)."""
    environ = os.environ if environ is None else environ
    host = environ.get("DASHBOARD_SMTP_HOST", "").strip()
    if not host or not to:
        return False
    message = EmailMessage()
    message["Subject"] = agenda.title
    message["From"] = environ.get("DASHBOARD_SMTP_FROM", "").strip() or DEFAULTS["DASHBOARD_SMTP_FROM"]
    message["To"] = ", ".join(to)
    message.set_content(text)
    message.add_alternative(page, subtype="html")
    with smtplib.SMTP(host, int(environ.get("DASHBOARD_SMTP_PORT", "") or DEFAULTS["DASHBOARD_SMTP_PORT"]),
                      timeout=SMTP_TIMEOUT_SECONDS) as relay:
        relay.send_message(message)
    return True


def add_digest_command(add_command) -> None:
    command = add_command("digest", help="write the digest of new signals since a date (text and HTML), and send it",
                          description="The signals first seen since --since for the boroughs given (none: London "
                                      "and all 32), with what meetings decided; sent by SMTP with --to when "
                                      "DASHBOARD_SMTP_HOST names a relay.")
    command.add_argument("--since", required=True, help="the date, YYYY-MM-DD")
    command.add_argument("--borough", action="append", default=[], help="a borough's name in the address "
                                                                        "(camden); repeat for more")
    command.add_argument("--out", default=".", help="folder for digest-since-DATE.txt and .html (default: here)")
    command.add_argument("--to", action="append", default=[], help="an address to send it to; repeat for more")
    command.add_argument("--accounts", default=None, help="accounts file, beside which the reviews are "
                                                          "(default: $DASHBOARD_ACCOUNTS or data/accounts.sqlite)")


def run_digest(args: argparse.Namespace, store: Path) -> int:
    try:
        since = parse_since(args.since)
        accounts_file = project_path(args.accounts or os.environ.get("DASHBOARD_ACCOUNTS")
                                     or DEFAULTS["DASHBOARD_ACCOUNTS"])
        agenda = build_digest(store, accounts_file, since=since, boroughs=args.borough)
    except BadRequest as problem:
        print(str(problem), file=sys.stderr)
        return 2
    text, page = digest_text(agenda), digest_html(agenda)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for extension, body in (("txt", text), ("html", page)):
        (out / f"digest-since-{since.isoformat()}.{extension}").write_text(body, encoding="utf-8")
    print(f"Wrote {out / f'digest-since-{since.isoformat()}'}.txt and .html.")
    try:
        if send_digest(agenda, text, page, to=args.to):
            print(f"Sent to {', '.join(args.to)}.")
    except (OSError, smtplib.SMTPException) as problem:
        print(f"The digest was written but not sent: the relay refused or could not be reached ({problem}).",
              file=sys.stderr)
        return 1
    return 0
