"""GET /healthz for load balancers and monitoring: 200 when this server can answer
from its store, 503 when it cannot. It names no path and no reason (those are in the
server's log), so it is safe to leave reachable."""

from __future__ import annotations

import flask

from answers_cache import ANSWERS_EXTENSION, AnswersCache
from queries.store import STORE_EXTENSION, UNAVAILABLE, ReadOnlyStore

HEALTH_PATH = "/healthz"


def register(server: flask.Flask) -> None:
    server.add_url_rule(HEALTH_PATH, endpoint="healthz", view_func=healthz, methods=["GET", "HEAD"])


def healthz() -> flask.Response:
    store: ReadOnlyStore = flask.current_app.extensions[STORE_EXTENSION]
    answers = flask.current_app.extensions.get(ANSWERS_EXTENSION)
    try:
        cursor = store.cursor()
        try:
            cursor.execute("SELECT count(*) FROM datasets").fetchone()
        finally:
            cursor.close()
    except Exception:  # noqa: BLE001 (StoreError or DuckDB's: either way it cannot answer)
        body, status = {"status": "unavailable", "message": UNAVAILABLE}, 503
    else:
        body, status = {"status": "ok"}, 200
        if store.refused_newer_file:
            body["store"] = "answering from the last good file: a newer file could not be read"
    if isinstance(answers, AnswersCache):
        body["answers_cache"] = answers.state
    response = flask.jsonify(body)
    response.status_code = status
    response.cache_control.no_store = True
    return response
