"""/signals/review: one signal, its figures as each release gave them, every change to
its review, and (for reviewers) the form that appends the next one.

A plain server-rendered page and form, as /sign-in is (signin/routes.py): the form
carries the session's token against cross-site posts, every field is checked
(reviews/form.py), and every text a person wrote is escaped, so a note is shown as the
words typed, never as markup. Signed out: 403, and nothing of any review is shown."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

import flask
from markupsafe import escape

from charts.context import store_cursor
from queries.boroughs import borough_reference
from reviews import database
from reviews.access import review_access
from reviews.form import MAX_NOTE_CHARACTERS, MAX_OWNER_CHARACTERS, review_change
from reviews.statuses import ALLOWED_STEPS, EXPLANATIONS, NEW, NotAllowedStep
from security.bad_request import BadRequest
from signin import audit
from signin.client_address import client_address
from signin.routes import FORM_TOKEN, SIGN_IN_PATH, form_token, page, token_matches
from signin.session import app_settings
from signals.found import note_signals_for_review
from signals.identity import Signal, parse_signal_id
from signals.words import signal_title

REVIEW_PATH = "/signals/review"
SYNTHETIC_NOTE = "Synthetic data: these are not real offences."
log = logging.getLogger(__name__)


def register(server: flask.Flask) -> None:
    server.add_url_rule(REVIEW_PATH, endpoint="signal_review", view_func=signal_review, methods=["GET", "POST"])


def review_href(signal_id: str) -> str:
    return f"{REVIEW_PATH}?{urlencode({'signal': signal_id})}"


def area_names() -> dict[str, str]:
    frame = borough_reference(store_cursor())
    return dict(zip(frame.gss_code, frame["name"]))


def signal_review():
    access = review_access()
    if not access.may_read:
        return page("Review of a signal", f'<p>Reviews of signals are shown only to people who have signed in. '
                                          f'<a href="{SIGN_IN_PATH}">Sign in</a>.</p>', 403)
    raw = flask.request.values.get("signal") if flask.request.method == "GET" else flask.request.form.get("signal")
    try:
        signal = parse_signal_id(raw)
    except BadRequest as problem:
        return page("Review of a signal", f"<p>{escape(str(problem))}</p>", 400)
    if flask.request.method == "GET":
        return _review_page(access, signal)
    if not access.may_change:
        _audit("review change refused (not a reviewer)", access.username, signal)
        return _review_page(access, signal, "Your account can read reviews but not change them: ask the "
                                             "dashboard's administrator for the reviewer role.", 403)
    if not token_matches():
        return _review_page(access, signal, "The form had expired. Please make the change again.", 400)
    try:
        change = review_change(flask.request.form)
        # The one moment the reviews file is written: the signals the data shows are noted
        # with it (a page that is only looked at writes nothing).
        first_seen = note_signals_for_review(store_cursor(), access.reviews_file, signal)
        saved = database.record_change(access.reviews_file, signal, change, user=access.username,
                                       first_seen_at=first_seen)
    except (BadRequest, NotAllowedStep) as problem:
        return _review_page(access, signal, str(problem), 400)
    except database.ReviewsUnavailable as problem:
        log.error("Could not write the reviews file %s: %s", access.reviews_file, problem.__cause__)
        return _review_page(access, signal, str(problem), 503)
    _audit("review changed", access.username, signal, status=saved["status"], explanation=saved["explanation"],
           owner=saved["owner"], review_date=saved["review_date"])
    return flask.redirect(review_href(signal.signal_id), code=303)


def _audit(event: str, user: str, signal: Signal, **details) -> None:
    audit.record(app_settings().audit_log_path, event, user=user, remote=client_address(),
                 signal=signal.signal_id, **details)


def _review_page(access, signal: Signal, message: str = "", status: int = 200) -> flask.Response:
    try:
        changes = database.history(access.reviews_file, signal.signal_id)
        figures = database.figures(access.reviews_file, signal.signal_id)
    except database.ReviewsUnavailable as problem:
        return page("Review of a signal", f"<p>{escape(str(problem))}</p>", 503)
    current = changes[-1]["status"] if changes else NEW
    alert = f'<div class="alert alert-danger" role="alert">{escape(message)}</div>' if message else ""
    synthetic = f'<p class="badge text-bg-warning">{SYNTHETIC_NOTE}</p>' if signal.basis == "synthetic" else ""
    body = f"""{alert}{synthetic}
<p class="lead">{escape(signal_title(signal, area_names()))}.</p>
<p>Status: <strong>{escape(current)}</strong>.</p>
{_figures_table(figures)}
{_form(signal, current) if access.may_change else
 '<p>Your account can read reviews but not change them.</p>'}
<h2 class="h5 mt-4">Every change, oldest first</h2>
{_history_table(changes)}
<p class="mt-3"><a href="/stands-out">Back to What stands out</a> · <a href="/since-last-meeting">Since the last
meeting</a></p>"""
    return page("Review of a signal", body, status)


def _figures_table(figures: list[dict]) -> str:
    if not figures:
        return "<p>No release has been checked for this signal's figure yet.</p>"
    rows = "".join(f"<tr><td>{escape(row['seen_at'][:10])}</td><td>{escape(row['dataset'])}</td>"
                   f"<td class=\"text-end\">{_count(row['offences'])}</td>"
                   f"<td class=\"text-end\">{_count(row['upper_bound'])}</td>"
                   f"<td>{'yes' if row['stands_out'] else 'no'}</td></tr>" for row in figures)
    last = figures[-1]
    revised = "" if last["stands_out"] else (
        '<p class="fw-semibold">The current figures no longer put this month above its range; its review is kept.</p>')
    return f"""<h2 class="h5 mt-3">Its figure in each release</h2>{revised}
<table class="table table-sm w-auto"><thead><tr><th scope="col">Loaded</th><th scope="col">Dataset</th>
<th scope="col">Offences</th><th scope="col">Upper bound</th><th scope="col">Above its range</th></tr></thead>
<tbody>{rows}</tbody></table>"""


def _count(value) -> str:
    return "" if value is None else f"{value:,.0f}"


def _options(values, chosen=None, blank: str | None = None) -> str:
    options = [f'<option value="">{escape(blank)}</option>'] if blank is not None else []
    options += [f'<option value="{escape(value)}"{" selected" if value == chosen else ""}>{escape(value)}</option>'
                for value in values]
    return "".join(options)


def _form(signal: Signal, current: str) -> str:
    return f"""<h2 class="h5 mt-4">Record the meeting's decision</h2>
<form method="post" action="{REVIEW_PATH}" class="review-form">
<input type="hidden" name="{FORM_TOKEN}" value="{escape(form_token())}">
<input type="hidden" name="signal" value="{escape(signal.signal_id)}">
<div class="mb-2"><label class="form-label" for="status">Status</label>
<select class="form-select" id="status" name="status">{_options(ALLOWED_STEPS[current], current)}</select></div>
<div class="mb-2"><label class="form-label" for="explanation">Explanation (needed when explained or closed)</label>
<select class="form-select" id="explanation" name="explanation">{_options(EXPLANATIONS, blank="none")}</select></div>
<div class="mb-2"><label class="form-label" for="owner">Owner</label>
<input class="form-control" id="owner" name="owner" maxlength="{MAX_OWNER_CHARACTERS}" autocomplete="off"></div>
<div class="mb-2"><label class="form-label" for="review_date">Review date (YYYY-MM-DD)</label>
<input class="form-control" id="review_date" name="review_date" type="date"></div>
<div class="mb-2"><label class="form-label" for="note">Note</label>
<textarea class="form-control" id="note" name="note" rows="3" maxlength="{MAX_NOTE_CHARACTERS}"></textarea></div>
<button class="btn btn-primary" type="submit">Save</button>
</form>"""


def _history_table(changes: list[dict]) -> str:
    if not changes:
        return "<p>Not reviewed yet.</p>"
    cells = ("changed_at", "changed_by", "status", "explanation", "owner", "review_date", "note")
    rows = "".join("<tr>" + "".join(f"<td>{escape(row[cell] or '')}</td>" for cell in cells) + "</tr>"
                   for row in changes)
    headings = ("When (UTC)", "Who", "Status", "Explanation", "Owner", "Review date", "Note")
    return ('<div class="table-responsive"><table class="table table-sm"><thead><tr>'
            + "".join(f'<th scope="col">{heading}</th>' for heading in headings)
            + f"</tr></thead><tbody>{rows}</tbody></table></div>")
