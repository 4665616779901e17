"""Every response carries the security headers; no version banner; request bodies are
limited; unknown static paths are 404, not 500; every setting is documented."""

import base64
import hashlib
import json
import re
from pathlib import Path

import pytest

from app import _NoBannerHandler
from settings import DECLARED

REPO = Path(__file__).resolve().parent.parent
EVERY_KIND_OF_RESPONSE = [
    ("GET", "/", None),                                                        # a page
    ("GET", "/assets/00-bootstrap.min.css", None),                                # a static asset
    ("GET", "/geodata/london_boroughs.geojson", None),                         # the boundaries
    ("GET", "/_dash-dependencies", None),                                      # Dash's own JSON
    ("POST", "/_dash-update-component", b"not json"),                          # a 400
    ("GET", "/_dash-component-suites/dash/../../../app.py", None),            # a 404
    ("GET", "/export/briefing-pack.pdf?area=nowhere", None),                   # a pack refused
]


@pytest.mark.parametrize("method, path, body", EVERY_KIND_OF_RESPONSE)
def test_every_response_carries_the_security_headers(client, method, path, body):
    response = client.open(path, method=method, data=body, content_type="application/json")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'self'" in policy and "object-src 'none'" in policy
    script_sources = next(part for part in policy.split("; ") if part.startswith("script-src")).split()
    assert script_sources[1] == "'self'" and all(source.startswith("'sha256-") for source in script_sources[2:])
    assert "unsafe-eval" not in policy and "http:" not in policy and "https:" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "Server" not in response.headers


@pytest.mark.parametrize("path", ["/_dash-component-suites/dash/../../../app.py", "/_dash-component-suites/os/path.py",
                                  "/_dash-component-suites/dash/dash-renderer/../../../../etc/passwd"])
def test_unknown_static_paths_are_404_with_a_sentence(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.get_json() == {"error": "There is no such file."}


def test_a_callback_body_over_the_limit_gets_413(client, app):
    limit = app.server.config["MAX_CONTENT_LENGTH"]
    response = client.post("/_dash-update-component", data=b" " * (limit + 1), content_type="application/json")
    assert response.status_code == 413
    assert "at most" in response.get_json()["error"]


def test_json_nested_a_hundred_thousand_deep_gets_400_not_500(client):
    response = client.post("/_dash-update-component", data=b"[" * 100_000 + b"]" * 100_000,
                           content_type="application/json")
    assert response.status_code == 400 and response.get_json()["error"].endswith(".")


@pytest.mark.parametrize("body, sentence", [
    ({"output": "nonexistent.children"}, "The request names no output of the dashboard."),
    ({"output": "about-datasets.children", "outputs": {"id": "about-datasets", "property": "children"},
      "inputs": []}, "The request's inputs do not match the callback."),
    ({"output": "about-datasets.children", "outputs": {"id": "about-datasets", "property": "children"},
      "inputs": [{"id": "filter-state", "property": "data", "value": None}], "changedPropIds": {"a": 1}},
     "The request's changedPropIds are not a list of names."),
    ({"output": "about-datasets.children", "outputs": {"id": "about-datasets", "property": "children"},
      "inputs": [{"id": "filter-state", "property": "data", "value": "\ud800"}]},
     "The request holds text that is not valid Unicode."),
])
def test_payloads_dash_cannot_parse_get_400_and_a_sentence(client, body, sentence):
    response = client.post("/_dash-update-component", data=json.dumps(body), content_type="application/json")
    assert response.status_code == 400 and response.get_json() == {"error": sentence}


def test_the_json_token_infinity_is_refused(client):
    body = b'{"output": "about-datasets.children", "inputs": [{"id": "filter-state", "property": "data", ' \
           b'"value": Infinity}]}'
    response = client.post("/_dash-update-component", data=body, content_type="application/json")
    assert response.status_code == 400 and "not JSON" in response.get_json()["error"]


def test_the_development_server_announces_no_version():
    assert "Werkzeug" not in _NoBannerHandler.version_string(object.__new__(_NoBannerHandler))


def test_every_setting_is_documented():
    documented = (REPO / "README.md").read_text() + (REPO / "docs" / "SECURITY.md").read_text()
    missing = [setting.variable for setting in DECLARED if f"`{setting.variable}`" not in documented]
    assert missing == []


def test_every_inline_script_of_the_page_is_allowed_by_its_hash(client):
    """Dash's start-up and clientside callbacks are inline scripts: the policy names each
    one's hash, so the page runs with no 'unsafe-inline' for scripts."""
    response = client.get("/")
    page, policy = response.get_data(as_text=True), response.headers["Content-Security-Policy"]
    inline = [body for attributes, body in re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", page, re.S)
              if "application/json" not in attributes]
    assert len(inline) >= 2
    for body in inline:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy, body[:120]
