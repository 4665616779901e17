"""Security headers on every response, and no version banner.

The Content-Security-Policy allows only the app's own origin. Dash's inline scripts
(its renderer start-up and config) are allowed by their hashes, which Dash computes
(`Dash.csp_hashes`); styles allow 'unsafe-inline' because Plotly and Dash's loading
spinners set styles at run time, which CSP cannot tell from an attack, and a style
cannot run code.
"""

from __future__ import annotations

import dash
import flask

from settings import Settings

STATIC_POLICY = {
    "default-src": "'self'",
    "connect-src": "'self'",
    "img-src": "'self' data: blob:",
    "font-src": "'self' data:",
    "style-src": "'self' 'unsafe-inline'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "worker-src": "'self' blob:",
}


def content_security_policy(script_hashes: list[str], frame_ancestors: str) -> str:
    policy = dict(STATIC_POLICY)
    policy["script-src"] = " ".join(["'self'", *script_hashes])
    policy["frame-ancestors"] = frame_ancestors
    return "; ".join(f"{directive} {value}" for directive, value in policy.items())


POLICY_EXTENSION = "content_security_policy"


def install(app: dash.Dash, settings: Settings) -> None:
    server = app.server

    @server.after_request
    def _secure(response: flask.Response) -> flask.Response:
        # Made on the first response, once Dash has set itself up: page modules are
        # imported then, and their clientside callbacks are inline scripts to allow.
        if POLICY_EXTENSION not in server.extensions:
            server.extensions[POLICY_EXTENSION] = content_security_policy(list(app.csp_hashes()),
                                                                          settings.frame_ancestors)
        headers = response.headers
        headers["Content-Security-Policy"] = server.extensions[POLICY_EXTENSION]
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "no-referrer"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()"
        if settings.frame_ancestors.strip() == "'self'":
            headers["X-Frame-Options"] = "SAMEORIGIN"  # for browsers that predate frame-ancestors
        headers.pop("Server", None)
        return response
