"""The address of the client a request came from, through the reverse proxies the
operator trusts (DASHBOARD_TRUSTED_PROXIES). The audit log records it and sign-in limits
attempts by it.

Behind nginx every request comes from 127.0.0.1: the proxy names the client in
X-Forwarded-For. Only the last N entries of that header were written by proxies of ours;
anything to their left was written by the client and is not believed."""

from __future__ import annotations

import flask
from werkzeug.middleware.proxy_fix import ProxyFix

UNKNOWN_CLIENT = "unknown"


def behind_trusted_proxies(wsgi_app, proxies: int):
    """The WSGI app seeing the client's address, given `proxies` trusted proxies in front."""
    return ProxyFix(wsgi_app, x_for=proxies) if proxies > 0 else wsgi_app


def client_address() -> str:
    return (flask.request.remote_addr if flask.has_request_context() else None) or UNKNOWN_CLIENT
