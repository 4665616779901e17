"""/sign-in and /sign-out: a plain server-rendered form (no script), with a token
against cross-site posts, for DASHBOARD_SIGN_IN=accounts."""

from __future__ import annotations

import logging
import secrets
from urllib.parse import urlsplit

import flask
from markupsafe import escape

from signin import accounts, attempts, audit
from signin.client_address import client_address
from signin.session import app_settings, current_viewer, start_session

SIGN_IN_PATH = "/sign-in"
SIGN_OUT_PATH = "/sign-out"
FORM_TOKEN = "form_token"
MAX_FIELD_CHARACTERS = 256
log = logging.getLogger(__name__)

PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} - London hate crime by borough</title>
<link rel="stylesheet" href="/assets/00-bootstrap.min.css"></head>
<body><main class="container py-4 sign-in-page">
<h1 class="h3">{title}</h1>
{body}
</main></body></html>"""


def register(server: flask.Flask) -> None:
    server.add_url_rule(SIGN_IN_PATH, endpoint="sign_in", view_func=sign_in, methods=["GET", "POST"])
    server.add_url_rule(SIGN_OUT_PATH, endpoint="sign_out", view_func=sign_out, methods=["GET", "POST"])


def form_token() -> str:
    token = flask.session.get(FORM_TOKEN)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(24)
        flask.session[FORM_TOKEN] = token
    return token


def token_matches() -> bool:
    sent = flask.request.form.get(FORM_TOKEN, "")
    expected = flask.session.get(FORM_TOKEN)
    return isinstance(expected, str) and secrets.compare_digest(sent.encode(), expected.encode())


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never an address elsewhere (no open redirect)."""
    target = str(target or "/")[:MAX_FIELD_CHARACTERS]
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def page(title: str, body: str, status: int = 200) -> flask.Response:
    response = flask.Response(PAGE.format(title=escape(title), body=body), status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response


def _form(message: str = "", next_path: str = "/") -> str:
    alert = f'<div class="alert alert-danger" role="alert">{escape(message)}</div>' if message else ""
    return f"""{alert}
<p>Incident-level data is shown only to people who have signed in.</p>
<form method="post" action="{SIGN_IN_PATH}">
<input type="hidden" name="{FORM_TOKEN}" value="{escape(form_token())}">
<input type="hidden" name="next" value="{escape(next_path)}">
<div class="mb-3"><label class="form-label" for="username">User name</label>
<input class="form-control" id="username" name="username" autocomplete="username" required maxlength="64"></div>
<div class="mb-3"><label class="form-label" for="password">Password</label>
<input class="form-control" id="password" name="password" type="password" autocomplete="current-password"
 required maxlength="200"></div>
<button class="btn btn-primary" type="submit">Sign in</button>
<a class="btn btn-link" href="/">Back to the dashboard</a>
</form>"""


def sign_in():
    settings = app_settings()
    if settings.sign_in != "accounts":
        how = ("Your organisation's single sign-on signs you in." if settings.sign_in == "proxy"
               else "Sign-in is not switched on for this dashboard (see docs/SECURITY.md).")
        return page("Sign in", f'<p>{escape(how)}</p><p><a href="/">Back to the dashboard</a></p>', 404)
    if flask.request.method == "GET":
        return page("Sign in", _form(next_path=_safe_next(flask.request.args.get("next"))))
    next_path = _safe_next(flask.request.form.get("next"))
    if not token_matches():
        return page("Sign in", _form("The form had expired. Please sign in again.", next_path), 400)
    username = flask.request.form.get("username", "")[:MAX_FIELD_CHARACTERS].strip()
    password = flask.request.form.get("password", "")[:MAX_FIELD_CHARACTERS]
    try:
        session_key = accounts.verify(settings.accounts_path, username, password, client=client_address())
    except attempts.TooManyAttempts as wait:
        _audit("sign-in refused (too many attempts)", username[:64])
        response = page("Sign in", _form(str(wait), next_path), 429)
        response.headers["Retry-After"] = str(wait.wait_seconds)
        return response
    except accounts.AccountsUnavailable as problem:
        _log_unwritable(problem)
        return page("Sign in", _form(str(problem), next_path), 503)
    if session_key is None:
        _audit("sign-in failed", username[:64])
        return page("Sign in", _form("That user name and password do not match an account.", next_path), 401)
    start_session(username, session_key)
    _audit("signed in", username)
    return flask.redirect(next_path, code=303)


def sign_out():
    settings = app_settings()
    viewer = current_viewer()
    if flask.request.method == "GET":
        if not viewer.signed_in:
            return flask.redirect("/", code=303)
        return page("Sign out", f"""<p>Signed in as {escape(viewer.username)}.</p>
<form method="post" action="{SIGN_OUT_PATH}"><input type="hidden" name="{FORM_TOKEN}" value="{escape(form_token())}">
<button class="btn btn-primary" type="submit">Sign out</button> <a class="btn btn-link" href="/">Back</a></form>""")
    if not token_matches():
        return page("Sign out", "<p>The form had expired. <a href=\"/sign-out\">Try again</a>.</p>", 400)
    flask.session.clear()
    if viewer.signed_in:
        _audit("signed out", viewer.username)
        try:
            accounts.end_sessions(settings.accounts_path, viewer.username)
        except accounts.AccountsUnavailable as problem:
            _log_unwritable(problem)
            return page("Sign out", "<p>You are signed out in this browser, but the server could not end your "
                                     "sessions elsewhere: its accounts file could not be written (its disk may be "
                                     "full). Tell the dashboard's administrator.</p><p><a href=\"/\">Back to the "
                                     "dashboard</a></p>", 503)
    return flask.redirect("/", code=303)


def _audit(event: str, user: str) -> None:
    audit.record(app_settings().audit_log_path, event, user=user, remote=client_address())


def _log_unwritable(problem: accounts.AccountsUnavailable) -> None:
    log.error("Could not write the accounts file %s: %s", app_settings().accounts_path, problem.__cause__)
