"""Callback requests checked before Dash reads them.

Dash trusts the shape of what the browser posts to /_dash-update-component: a payload
it cannot parse (an unknown output, missing inputs, ids of the wrong shape, JSON nested
thousands deep) raises deep inside it. Every request is checked here against the
callbacks the app registered; one that does not fit gets 400 and a sentence. The values
inside a well-formed request are each callback's to check (charts/context.py,
charts/options.py).
"""

from __future__ import annotations

import io
import json
import math

import dash
import flask
from dash._utils import stringify_id
from werkzeug.exceptions import RequestEntityTooLarge

from security.bad_request import BadRequest

CALLBACK_PATH = "/_dash-update-component"
MAX_JSON_DEPTH = 40          # the deepest real payload (a layout subtree in a callback's state) is under 20
MAX_CHANGED_PROPS = 64
MAX_ID_TEXT = 200            # a component id or property name
WILDCARDS = {"MATCH", "ALL", "ALLSMALLER"}
MULTIPLE_WILDCARDS = {"ALL", "ALLSMALLER"}  # such a spec stands for a list of components
MAX_MATCHED_COMPONENTS = 100


MAX_ADDRESS_TEXT = 2000


def _is_path(value) -> bool:
    return isinstance(value, str) and value.startswith("/") and len(value) <= MAX_ADDRESS_TEXT


def _is_search(value) -> bool:
    return value is None or (isinstance(value, str) and (value == "" or value.startswith("?"))
                             and len(value) <= MAX_ADDRESS_TEXT)


# dcc.Location's parts as a browser sends them. Dash's own page routing callback reads
# them and fails on anything else, so they are checked here for every callback.
ADDRESS_PROPERTIES = {"pathname": _is_path, "search": _is_search}


class ChunkedBodyLength:
    """A body sent chunked has no Content-Length, and Werkzeug cuts one over the limit
    short without a word (Dash then reads broken JSON: a 400 where 413 is the truth).
    This reads at most one byte past the limit and gives the request the length it has,
    so the size check below answers 413 for it as for any other."""

    def __init__(self, wsgi_app, max_request_bytes: int):
        self.wsgi_app = wsgi_app
        self.max_request_bytes = max_request_bytes

    def __call__(self, environ, start_response):
        # Chunked wins over any Content-Length sent beside it (RFC 9112 6.3), as in Werkzeug.
        if "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
            body = environ["wsgi.input"].read(self.max_request_bytes + 1)
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
            environ.pop("HTTP_TRANSFER_ENCODING", None)
            environ.pop("wsgi.input_terminated", None)
        return self.wsgi_app(environ, start_response)


def install(app: dash.Dash, max_request_bytes: int) -> None:
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = max_request_bytes
    server.wsgi_app = ChunkedBodyLength(server.wsgi_app, max_request_bytes)

    @server.before_request
    def _check_callback_request():
        request = flask.request
        if request.content_length is not None and request.content_length > max_request_bytes:
            raise RequestEntityTooLarge(f"A request to the dashboard can be at most {max_request_bytes:,} bytes.")
        if request.path != CALLBACK_PATH or request.method != "POST":
            return None
        check_callback_body(app, read_json(request.get_data(cache=True)))
        return None


def read_json(data: bytes):
    try:
        body = json.loads(data.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BadRequest("The request is not JSON the dashboard can read.") from None
    if _depth(body) > MAX_JSON_DEPTH:
        raise BadRequest("The request is nested too deeply to be one the dashboard made.")
    if not _text_is_unicode(body):
        raise BadRequest("The request holds text that is not valid Unicode.")
    return body


def _no_constant(name):
    """NaN and Infinity are not JSON; Python's reader would accept them."""
    raise ValueError(f"{name} is not allowed")


def _depth(value) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_JSON_DEPTH:
            return depth
        if isinstance(item, dict):
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)
    return deepest


def _text_is_unicode(value) -> bool:
    """False if any text (value or key) holds a lone surrogate such as \\ud800: JSON can
    carry one, but it is not text, and it breaks whatever tries to encode it later."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return False
    return True


def _fail(sentence: str):
    raise BadRequest(sentence)


def check_callback_body(app: dash.Dash, body) -> None:
    if not isinstance(body, dict):
        _fail("The request is not a callback request.")
    output = body.get("output")
    if not isinstance(output, str) or output not in app.callback_map:
        _fail("The request names no output of the dashboard.")
    callback = app.callback_map[output]
    matched = {}  # pattern id -> the components it matched, which must agree wherever it is used
    _check_outputs(output, body.get("outputs"), matched)
    inputs = _check_values(callback.get("inputs", []), body.get("inputs"), "inputs", matched)
    _check_values(callback.get("state", []), body.get("state", []), "state", matched)
    _check_wildcards_agree(matched)
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or len(changed) > MAX_CHANGED_PROPS or \
            not all(isinstance(prop_id, str) for prop_id in changed):
        _fail("The request's changedPropIds are not a list of names.")
    if not set(changed) <= inputs:
        _fail("The request says an input changed that it does not send.")


def _output_specs(output: str) -> list[str]:
    """'id.prop' of each output, from the callback map's key."""
    if output.startswith("..") and output.endswith(".."):
        return output[2:-2].split("...")
    return [output]


def _check_outputs(output: str, outputs, matched: dict) -> None:
    specs = _output_specs(output)
    given = outputs if output.startswith("..") else [outputs]
    if not isinstance(given, list) or len(given) != len(specs):
        _fail("The request's outputs do not match the callback.")
    for spec, item in zip(specs, given):
        spec_id, _, spec_property = spec.rpartition(".")
        _check_component(_spec_id(spec_id), spec_property, item, with_value=False, matched=matched)


def _check_values(specs: list[dict], given, where: str, matched: dict) -> set[str]:
    """Check each input or state against the callback's spec; return the 'id.prop' names sent."""
    if not isinstance(given, list) or len(given) != len(specs):
        _fail(f"The request's {where} do not match the callback.")
    names = set()
    for spec, item in zip(specs, given):
        names |= _check_component(_spec_id(spec["id"]), spec["property"], item, with_value=True, matched=matched)
    return names


def _spec_id(text: str):
    return json.loads(text) if text.startswith("{") else text


def _check_component(spec_id, spec_property: str, item, *, with_value: bool, matched: dict) -> set[str]:
    multiple = isinstance(spec_id, dict) and any(
        isinstance(value, list) and value and value[0] in MULTIPLE_WILDCARDS for value in spec_id.values())
    items = item if multiple else [item]
    if not isinstance(items, list) or len(items) > MAX_MATCHED_COMPONENTS:
        _fail("The request's components do not match the callback.")
    names = set()
    for one in items:
        if not isinstance(one, dict) or one.get("property") != spec_property or "id" not in one:
            _fail("The request's components do not match the callback.")
        if not _id_matches(spec_id, one["id"]):
            _fail("The request names a component the callback does not use.")
        if with_value:
            if "value" in one and _depth(one["value"]) > MAX_JSON_DEPTH:
                _fail("The request is nested too deeply to be one the dashboard made.")
            # Without a "value", Dash hands the callback None: for an address part that is
            # not one the browser sends either (Dash's page router fails on it).
            rule = ADDRESS_PROPERTIES.get(spec_property)
            if rule and not rule(one.get("value")):
                _fail(f"The request's {spec_property} is not an address part the browser sends.")
        names.add(f"{stringify_id(one['id'])}.{spec_property}")
    if isinstance(spec_id, dict):
        matched.setdefault(stringify_id(spec_id), []).append([stringify_id(one["id"]) for one in items])
        for one in items:
            for key, expected in spec_id.items():
                if expected == ["MATCH"]:
                    matched.setdefault("MATCH " + key, []).append([stringify_id(one["id"][key])])
    return names


def _check_wildcards_agree(matched: dict) -> None:
    """As the browser sends them: a pattern matches the same components in every place the
    callback uses it, and MATCH stands for one value throughout."""
    for lists in matched.values():
        if any(found != lists[0] for found in lists[1:]):
            _fail("The request's components do not agree with each other.")


def _id_matches(spec_id, given_id) -> bool:
    if isinstance(spec_id, str):
        return given_id == spec_id
    if not isinstance(given_id, dict) or set(given_id) != set(spec_id):
        return False
    for key, expected in spec_id.items():
        value = given_id[key]
        if isinstance(expected, list) and expected and expected[0] in WILDCARDS:
            if not _is_id_scalar(value):
                return False
        elif value != expected:
            return False
    return True


def _is_id_scalar(value) -> bool:
    if isinstance(value, str):
        return len(value) <= MAX_ID_TEXT
    if isinstance(value, bool):
        return True
    if isinstance(value, (int, float)):
        return math.isfinite(value) and abs(value) < 2 ** 53
    return False
