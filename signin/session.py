"""Who is looking at this request: from the signed session cookie (accounts) or from the
reverse proxy's header (proxy), never from anything else the client sends.

A cookie signs in while three things hold: it names an account, it carries that
account's current session key (signing out, a new password or removing the account
changes it), and it was issued less than DASHBOARD_SESSION_HOURS ago. The time is
checked here, not left to the browser, because a copied cookie has no expiry of its own."""

from __future__ import annotations

import secrets
import time

import flask

from settings import Settings
from signin import accounts
from signin.visibility import ANONYMOUS, Viewer

SESSION_USER = "user"
SESSION_KEY = "session_key"
SESSION_SIGNED_IN_AT = "signed_in_at"
SETTINGS_EXTENSION = "dashboard_settings"
CLOCK_SKEW_SECONDS = 60  # servers behind one load balancer may disagree on the time a little


def app_settings() -> Settings:
    """The running app's settings (create_app stores them); defaults outside a request."""
    if flask.has_app_context():
        return flask.current_app.extensions.get(SETTINGS_EXTENSION) or Settings()
    return Settings()


def start_session(username: str, session_key: str) -> None:
    flask.session.clear()  # a fresh session: no fixation
    flask.session.update({SESSION_USER: username, SESSION_KEY: session_key, SESSION_SIGNED_IN_AT: time.time()})
    flask.session.permanent = False


def _signed_in_name(settings: Settings) -> str | None:
    name, key, signed_in_at = (flask.session.get(item) for item in (SESSION_USER, SESSION_KEY, SESSION_SIGNED_IN_AT))
    if not (isinstance(name, str) and isinstance(key, str) and isinstance(signed_in_at, (int, float))):
        return None
    if not -CLOCK_SKEW_SECONDS <= time.time() - signed_in_at < settings.session_hours * 60 * 60:
        return None
    current = accounts.session_key(settings.accounts_path, name)
    return name if current is not None and secrets.compare_digest(current.encode(), key.encode()) else None


def current_viewer() -> Viewer:
    if not flask.has_request_context():
        return ANONYMOUS
    if "viewer" in flask.g:
        return flask.g.viewer
    settings = app_settings()
    viewer = ANONYMOUS
    if settings.sign_in == "proxy":
        name = flask.request.headers.get(settings.trusted_user_header, "").strip()
        if name and accounts.USERNAME_PATTERN.match(name):
            viewer = Viewer(name)
    elif settings.sign_in == "accounts":
        name = _signed_in_name(settings)
        if name is not None:
            viewer = Viewer(name)
    flask.g.viewer = viewer
    return viewer
