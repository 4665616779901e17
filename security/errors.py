"""Errors as sentences: a crafted or broken request gets a short message and a 4xx, never
a stack trace, SQL or a path; a fault of the dashboard's own is logged and gets 500."""

from __future__ import annotations

import logging

import flask
from dash.exceptions import DependencyException
from werkzeug.exceptions import HTTPException

from security.bad_request import BadRequest
from queries.store import StoreError

log = logging.getLogger(__name__)


def install(server: flask.Flask) -> None:
    @server.errorhandler(BadRequest)
    def _bad_chart_request(error):
        return {"error": str(error)}, 400

    @server.errorhandler(DependencyException)
    def _unknown_static_file(_error):
        # /_dash-component-suites/<package>/<path> for a file Dash does not serve.
        return {"error": "There is no such file."}, 404

    @server.errorhandler(StoreError)
    def _store_unavailable(error):
        return {"error": str(error)}, 503

    @server.errorhandler(Exception)
    def _unexpected(error):
        if isinstance(error, HTTPException):
            return {"error": error.description or error.name}, error.code
        log.exception("Unhandled error serving %s %s", flask.request.method, flask.request.path)
        return {"error": "The dashboard could not answer that request."}, 500
