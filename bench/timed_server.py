"""The dashboard as `python app.py` runs it, plus a `Server-Timing` header on every answer.

    HATE_CRIME_STORE=... DASHBOARD_PORT=8071 python -m bench.timed_server

Only the benchmark uses this. The app, its store and its server (Flask's, through
`app.run`, exactly as app.py's `main`) are unchanged; a WSGI middleware around the app
and timers around three kinds of work add
`Server-Timing: app;dur=<ms>, cpu;dur=<ms>, db;desc="<n> queries";dur=<ms>, fig;dur=<ms>, json;dur=<ms>`:

- app: from the request reaching the WSGI app to the response headers being sent,
  which is after the callback ran and its JSON was encoded;
- cpu: CPU time of the thread that answered, over the same span: unlike wall time, it
  does not grow when other processes compete for the cores (DuckDB's own worker
  threads are not in it);
- db: time inside `queries.store.fetch_df` (DuckDB, plus turning results into DataFrames);
- fig: time inside the figure builders the chart definitions and callbacks call (the
  functions of `figures.*`);
- json: time Dash spends encoding the callback's answer as JSON (`to_json`).
"""

import functools
import logging
import os
import sys
import threading
import time

import dash._callback

import queries.store
from bench.figure_builders import wrap_figure_builders
from app import STORE_EXTENSION, create_app, finish_setting_up

_request = threading.local()  # the Werkzeug server answers each request on its own thread
MEASURES = ("db", "fig", "json")


def _timed(function, measure: str):
    @functools.wraps(function)
    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            seconds = getattr(_request, "seconds", None)
            if seconds is not None:
                seconds[measure] += time.perf_counter() - started
                if measure == "db":
                    _request.db_queries += 1
    return timed


def time_the_work():
    """Wrap what is measured where the app looks it up: `fetch_df` in every module that
    imported it by name, the `figures.*` builders in the callback and chart modules, and Dash's
    JSON encoder in the module that answers callbacks."""
    original = queries.store.fetch_df
    timed_fetch = _timed(original, "db")
    for module in list(sys.modules.values()):
        if getattr(module, "fetch_df", None) is original:
            module.fetch_df = timed_fetch
    # The chart definitions (charts.*) call the figure builders; the callbacks call the
    # renderers and the rest (tables, sentences). Both are where a click's figure time goes.
    wrap_figure_builders(("callbacks.", "charts."), lambda function: _timed(function, "fig"))
    dash._callback.to_json = _timed(dash._callback.to_json, "json")


class ServerTiming:
    """WSGI middleware adding the Server-Timing header."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        started, cpu_started = time.perf_counter(), time.thread_time()
        _request.seconds = dict.fromkeys(MEASURES, 0.0)
        _request.db_queries = 0

        def start_response_with_timing(status, headers, exc_info=None):
            app_ms = (time.perf_counter() - started) * 1000
            cpu_ms = (time.thread_time() - cpu_started) * 1000
            ms = {measure: seconds * 1000 for measure, seconds in _request.seconds.items()}
            timing = (f"app;dur={app_ms:.3f}, cpu;dur={cpu_ms:.3f}, "
                      f"db;desc=\"{_request.db_queries} queries\";dur={ms['db']:.3f}, "
                      f"fig;dur={ms['fig']:.3f}, json;dur={ms['json']:.3f}")
            return start_response(status, list(headers) + [("Server-Timing", timing)], exc_info)

        return self.wsgi_app(environ, start_response_with_timing)


def main():
    logging.basicConfig(level=logging.INFO)  # as app.py: the server logs a line per request
    app = create_app()
    finish_setting_up(app, cells_in_background=True)  # as app.py's main
    time_the_work()
    app.server.wsgi_app = ServerTiming(app.server.wsgi_app)
    host = os.environ.get("DASHBOARD_HOST", "127.0.0.1")
    port = int(os.environ["DASHBOARD_PORT"])
    print(f"Timed dashboard on http://{host}:{port}  (store: {app.server.extensions[STORE_EXTENSION].path})",
          flush=True)
    app.run(host=host, port=port, debug=False)


if __name__ == "__main__":
    main()
