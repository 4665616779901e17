"""The London hate crime borough dashboard.

    python app.py            # serves http://127.0.0.1:8050 on the configured store

Configuration (environment variables):
    HATE_CRIME_STORE   path of the DuckDB store (default: data/hate_crime.duckdb)
    DASHBOARD_HOST     interface to listen on (default: 127.0.0.1)
    DASHBOARD_PORT     port (default: 8050)
"""

import logging
import os
from pathlib import Path

import dash
import dash_bootstrap_components as dbc
import flask
from dash import dcc, html
from werkzeug.exceptions import HTTPException

from components import ids
from components.filter_bar import filter_bar
from components.navbar import navbar
from components.page_shell import INDEX_STRING, main_landmark, shell_stores
from geodata import BOUNDARIES_URL
from geodata import DEFAULT_PATH as BOUNDARIES_PATH
from queries.store import ReadOnlyStore, configured_store_path

STORE_EXTENSION = "hate_crime_store"
BOUNDARIES_CACHE_SECONDS = 24 * 60 * 60  # boundaries change only when the app is upgraded
log = logging.getLogger(__name__)


def create_app(store_path: Path | str | None = None) -> dash.Dash:
    """The Dash app reading the store at `store_path` (default: the configured store)."""
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
    app.server.extensions[STORE_EXTENSION] = ReadOnlyStore(store_path or configured_store_path())
    app.layout = _shell
    _serve_boundaries(app.server)
    _handle_errors_without_traces(app.server)
    import callbacks  # noqa: F401  (registers every dash.callback)
    from exports import routes as export_routes

    export_routes.register(app.server)  # /export/briefing-pack.pdf and .zip
    return app


def _shell():
    return html.Div([
        dcc.Location(id=ids.URL, refresh=False),
        dcc.Location(id=ids.NAVIGATE, refresh="callback-nav"),
        dcc.Store(id=ids.FILTER_STATE),
        *shell_stores(),
        navbar(),
        main_landmark(dbc.Container([
            html.Div(id=ids.DATA_NOTICE),
            filter_bar(),
            dash.page_container,
        ], fluid=True, className="pb-4")),
    ], id=ids.PAGE_SHELL)


def _serve_boundaries(server):
    @server.route(BOUNDARIES_URL)
    def _borough_boundaries():
        return flask.send_file(BOUNDARIES_PATH, mimetype="application/geo+json", max_age=BOUNDARIES_CACHE_SECONDS)


def _handle_errors_without_traces(server):
    """A crafted or broken request gets a short message, never a stack trace or SQL."""

    @server.errorhandler(Exception)
    def _unexpected(error):
        if isinstance(error, HTTPException):
            return {"error": error.description or error.name}, error.code
        log.exception("Unhandled error serving a request")
        return {"error": "The dashboard could not answer that request."}, 500


def main():
    logging.basicConfig(level=logging.INFO)
    app = create_app()
    host = os.environ.get("DASHBOARD_HOST", "127.0.0.1")
    port = int(os.environ.get("DASHBOARD_PORT", "8050"))
    print(f"Dashboard on http://{host}:{port}  (store: {app.server.extensions[STORE_EXTENSION].path})")
    app.run(host=host, port=port, debug=False)


if __name__ == "__main__":
    main()
