"""Talk to a running dashboard the way the browser does.

Payloads follow what Chromium sent to `/_dash-update-component` when driven by hand
with Playwright (Dash 4.4.1): `output` is the dependency's output string, `outputs` an
object for one output and a list for several (or for a pattern-matching output),
`inputs` and `state` in the dependency's order with a `value` key only when the
property has a value, and `changedPropIds` naming what triggered the call. The
callbacks are looked up in `/_dash-dependencies`, so a renamed or rewired callback
stops the benchmark with a message instead of measuring something else.
"""

import gzip
import http.client
import json
import time
from dataclasses import dataclass
from urllib.parse import urlparse

UPDATE_PATH = "/_dash-update-component"
GZIP_LEVEL = 6  # what flask-compress and most proxies use by default


@dataclass
class Answer:
    status: int
    body: bytes
    round_trip_ms: float
    server_ms: float | None
    cpu_ms: float | None
    db_ms: float | None
    db_queries: int | None
    fig_ms: float | None = None
    json_ms: float | None = None

    def json(self) -> dict:
        return json.loads(self.body) if self.body else {}

    def output(self, component_id: str, prop: str):
        return self.json()["response"][component_id][prop]

    @property
    def gzip_bytes(self) -> int:
        return len(gzip.compress(self.body, GZIP_LEVEL)) if self.body else 0


def parse_server_timing(header: str | None) -> dict:
    """`app;dur=1.2, db;desc="3 queries";dur=0.5` -> {"app": (1.2, None), "db": (0.5, "3 queries")}"""
    metrics = {}
    for part in (header or "").split(","):
        fields = [f.strip() for f in part.split(";") if f.strip()]
        if not fields:
            continue
        name, duration, description = fields[0], None, None
        for field in fields[1:]:
            key, _, value = field.partition("=")
            if key == "dur":
                duration = float(value)
            elif key == "desc":
                description = value.strip('"')
        metrics[name] = (duration, description)
    return metrics


def split_outputs(output: str) -> list[tuple[str, str]]:
    """Dash's output string (`..a.children...b.figure..` or `a.figure`) as (id, property) pairs."""
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    return [tuple(part.rsplit(".", 1)) for part in parts]


def _component_id(text: str):
    return json.loads(text) if text.startswith("{") else text


class DashClient:
    """One keep-alive HTTP connection to a dashboard, with its callback map."""

    def __init__(self, base_url: str):
        parsed = urlparse(base_url)
        self.host, self.port = parsed.hostname, parsed.port
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
        self.dependencies = {dep["output"]: dep for dep in json.loads(self.get("/_dash-dependencies")[1])}
        self.layout = json.loads(self.get("/_dash-layout")[1])

    def get(self, path: str) -> tuple[int, bytes]:
        return self._request("GET", path, None)[:2]

    def _request(self, method, path, body):
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body=body, headers={"Content-Type": "application/json",
                                                                         "Accept": "application/json"})
                response = self.connection.getresponse()
                return response.status, response.read(), response.getheader("Server-Timing")
            except (http.client.HTTPException, ConnectionError):
                self.connection.close()
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
                if attempt == 2:
                    raise

    def dependency(self, output: str) -> dict:
        try:
            return self.dependencies[output]
        except KeyError:
            raise RuntimeError(f"The app has no callback with output {output}; the benchmark's "
                               "interactions need updating to match the app.") from None

    def payload(self, output: str, values: dict, changed: list[str], outputs=None) -> dict:
        """The browser's request body for the callback with `output`.

        `values` maps "id.property" (id as Dash writes it) to the property's value; a
        property missing from `values` is sent without a value, as the browser does
        for a control that has none yet. `outputs` overrides the concrete outputs
        (needed for pattern-matching outputs).
        """
        dep = self.dependency(output)

        def item(spec):
            entry = {"id": _component_id(spec["id"]), "property": spec["property"]}
            key = f"{spec['id']}.{spec['property']}"
            if key in values:
                entry["value"] = values[key]
            return entry

        if outputs is None:
            pairs = [{"id": _component_id(i), "property": p} for i, p in split_outputs(output)]
            outputs = pairs if output.startswith("..") else pairs[0]
        body = {"output": output, "outputs": outputs,
                "inputs": [item(spec) for spec in dep["inputs"]],
                "changedPropIds": changed, "parsedChangedPropsIds": changed}
        if dep["state"]:
            # A pattern-matching state (ALL) is a list of entries, given whole in `values`.
            body["state"] = [values[f"{spec['id']}.{spec['property']}"] if '"ALL"' in spec["id"] else item(spec)
                             for spec in dep["state"]]
        return body

    def post(self, body: dict) -> Answer:
        data = json.dumps(body, separators=(",", ":")).encode()
        started = time.perf_counter()
        status, content, timing_header = self._request("POST", UPDATE_PATH, data)
        round_trip_ms = (time.perf_counter() - started) * 1000
        timing = parse_server_timing(timing_header)
        app_ms = timing.get("app", (None, None))[0]
        cpu_ms = timing.get("cpu", (None, None))[0]
        db_ms, db_desc = timing.get("db", (None, None))
        queries = int(db_desc.split()[0]) if db_desc else None
        if status >= 400:
            raise RuntimeError(f"The app answered {status} to {body['output']}: {content[:300]!r}")
        return Answer(status, content, round_trip_ms, app_ms, cpu_ms, db_ms, queries,
                      timing.get("fig", (None, None))[0], timing.get("json", (None, None))[0])

    def component_ids(self, component_type: str) -> list:
        """Ids of a pattern-matching `type` found in the app's layout (e.g. the nav links)."""
        found = []

        def walk(node):
            if isinstance(node, dict):
                props = node.get("props")
                if isinstance(props, dict):
                    if isinstance(props.get("id"), dict) and props["id"].get("type") == component_type:
                        found.append(props["id"])
                    for value in props.values():
                        walk(value)
                else:
                    for value in node.values():
                        walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        walk(self.layout)
        return found

    def close(self):
        self.connection.close()
