"""Who is looking at this request: from the signed session cookie (accounts) or from the
reverse proxy's header (proxy), never from anything else the client sends."""

from __future__ import annotations

import flask

from settings import Settings
from signin import accounts
from signin.visibility import ANONYMOUS, Viewer

SESSION_USER = "user"
SETTINGS_EXTENSION = "dashboard_settings"


def app_settings() -> Settings:
    """The running app's settings (create_app stores them); defaults outside a request."""
    if flask.has_app_context():
        return flask.current_app.extensions.get(SETTINGS_EXTENSION) or Settings()
    return Settings()


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
        name = flask.session.get(SESSION_USER)
        if isinstance(name, str) and accounts.account_exists(settings.accounts_path, name):
            viewer = Viewer(name)
    flask.g.viewer = viewer
    return viewer
