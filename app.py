"""The London hate crime borough dashboard.

    python app.py            # development server on http://127.0.0.1:8050

Settings come from environment variables (settings/__init__.py; README "Configuration"
and docs/SECURITY.md).
"""

import json
import logging
import os
import threading
from pathlib import Path

import dash
import dash_bootstrap_components as dbc
import flask
from dash import dcc, html
from werkzeug.serving import WSGIRequestHandler

import callbacks  # noqa: F401  (registers every dash.callback)
import health
from answers_cache.shared_answers import AnswersCache
from answers_cache import ANSWERS_EXTENSION
from charts.context import close_store_request
from components import ids
from components.account_status import account_status
from components.filter_bar import filter_bar
from components.navbar import navbar
from exports import routes as export_routes
from exports.export_slots import SLOTS_EXTENSION, ExportSlots
from components.page_shell import INDEX_STRING, main_landmark, shell_stores
from geodata import BOUNDARIES_URL
from geodata import DEFAULT_PATH as BOUNDARIES_PATH
from geodata.hex_grid import HEX_CELLS_URL_PREFIX, HEX_CELLS_URL_SUFFIX, hex_cells_at, hex_cells_url, warm_hex_cells
from meetings import feed, routes as meeting_routes
from reviews import routes as review_routes
from queries.store import STORE_EXTENSION, ReadOnlyStore, configured_store_path
from security import callback_requests, errors, headers
from settings import Settings
from signin import routes as signin_routes
from signin.client_address import behind_trusted_proxies
from signin.session import SETTINGS_EXTENSION, app_settings, current_viewer

BOUNDARIES_CACHE_SECONDS = 24 * 60 * 60  # boundaries change only when the app is upgraded
log = logging.getLogger(__name__)


def create_app(store_path: Path | str | None = None, settings: Settings | None = None,
               answers: AnswersCache | None = None) -> dash.Dash:
    """The Dash app reading the store at `store_path` (default: the configured store),
    with `settings` (default: from the environment; raises ConfigurationError if wrong)
    and the answers cache shared between workers (default: ANSWERS_CACHE_DIR)."""
    settings = settings or Settings.from_environment()
    app = dash.Dash(
        __name__,
        use_pages=True,
        title="London hate crime by borough",
        # Everything is served by the app itself: police and council networks block CDNs.
        serve_locally=True,
        compress=True,  # gzip: the first visit's scripts shrink from ~7 MB to ~2 MB
        external_stylesheets=[],
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
        index_string=INDEX_STRING,  # lang="en-GB" and the skip link (components/page_shell.py)
        update_title=None,  # "Updating..." in the tab would hide the title that names the view
    )
    server = app.server
    server.extensions[STORE_EXTENSION] = ReadOnlyStore(store_path or configured_store_path())
    server.extensions[SETTINGS_EXTENSION] = settings
    server.extensions[ANSWERS_EXTENSION] = answers or AnswersCache.from_environment()
    server.extensions[SLOTS_EXTENSION] = ExportSlots(settings.export_slots_dir, settings.exports_at_once)
    server.teardown_appcontext(close_store_request)
    server.config.update(
        SECRET_KEY=settings.secret_key or None,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
    )
    # The client's address from X-Forwarded-For, for the audit log and sign-in limits.
    server.wsgi_app = behind_trusted_proxies(server.wsgi_app, settings.trusted_proxies)
    app.layout = _shell
    _serve_boundaries(server)
    errors.install(server)
    callback_requests.install(app, settings.max_request_bytes)
    export_routes.register(server)  # /export/briefing-pack.pdf and .zip
    signin_routes.register(server)  # /sign-in, /sign-out
    review_routes.register(server)  # /signals/review
    meeting_routes.register(server)  # /export/agenda.pdf and .pptx, /export/meeting-record.csv
    feed.register(server)  # /feeds/signals.atom?token=...
    health.register(server)  # /healthz
    headers.install(app, settings)
    return app


def _shell():
    return html.Div([
        dcc.Location(id=ids.URL, refresh=False),
        dcc.Location(id=ids.NAVIGATE, refresh="callback-nav"),
        dcc.Store(id=ids.FILTER_STATE),
        dcc.Store(id=ids.FILTER_OPTIONS_SENT),
        *shell_stores(),
        navbar(),
        main_landmark(dbc.Container([
            account_status(app_settings(), current_viewer()),
            html.Div(id=ids.DATA_NOTICE),
            filter_bar(),
            dash.page_container,
        ], fluid=True, className="pb-4")),
    ], id=ids.PAGE_SHELL)


def _serve_boundaries(server):
    @server.route(BOUNDARIES_URL)
    def _borough_boundaries():
        return flask.send_file(BOUNDARIES_PATH, mimetype="application/geo+json", max_age=BOUNDARIES_CACHE_SECONDS)

    @server.route(f"{HEX_CELLS_URL_PREFIX}<gss_code>{HEX_CELLS_URL_SUFFIX}")
    def _borough_hex_cells(gss_code):
        # Only a borough of the shipped boundary file: the code picks one of those, and
        # nothing the client wrote is opened or read.
        cells = hex_cells_at(hex_cells_url(gss_code))
        if cells is None:
            flask.abort(404)
        response = flask.Response(json.dumps(cells, separators=(",", ":")), mimetype="application/geo+json")
        response.cache_control.public = True
        response.cache_control.max_age = BOUNDARIES_CACHE_SECONDS
        response.add_etag()
        return response.make_conditional(flask.request)


def finish_setting_up(app: dash.Dash, *, cells_in_background: bool = False) -> None:
    """Have Dash finish setting itself up now, before the server takes requests.

    Dash does it on its first request, and marks it done before it is: a request that
    arrives on another thread meanwhile is answered with part of the callbacks (the
    benchmark's users saw `/_dash-dependencies` without the filter bar's), and the
    security headers, made on the first response, would allow only the inline scripts
    registered by then. One request of the app's own, on one thread, closes that window.
    It opens no store, so it is safe before Gunicorn forks its workers (wsgi.py). The
    boroughs' hexagon cells are cut here too (about a second): in Gunicorn's master, once
    for every worker; for the development server, which forks nothing, in the background
    so that it starts serving at once."""
    with app.server.test_client() as client:
        client.get("/_dash-dependencies")
    if cells_in_background:
        threading.Thread(target=warm_hex_cells, name="hexagon cells", daemon=True).start()
    else:
        warm_hex_cells()


class _NoBannerHandler(WSGIRequestHandler):
    """The development server without its `Server: Werkzeug/... Python/...` banner."""

    def version_string(self) -> str:
        return "dashboard"


def main():
    logging.basicConfig(level=logging.INFO)
    app = create_app()
    finish_setting_up(app, cells_in_background=True)
    host = os.environ.get("DASHBOARD_HOST", "127.0.0.1")
    port = int(os.environ.get("DASHBOARD_PORT", "8050"))
    print(f"Dashboard on http://{host}:{port}  (store: {app.server.extensions[STORE_EXTENSION].path})")
    app.run(host=host, port=port, debug=False, request_handler=_NoBannerHandler)


if __name__ == "__main__":
    main()
