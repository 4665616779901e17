"""Calling the app's callbacks over HTTP with the payloads the browser sends."""

import json

from components import ids


def _component(spec: str) -> dict:
    """{"id", "property"} from 'id.prop'; a pattern id (JSON) as the dict the browser sends."""
    component, prop = spec.rsplit(".", 1)
    return {"id": json.loads(component) if component.startswith("{") else component, "property": prop}


def _parse_output(output: str):
    if output.startswith(".."):
        return [_component(part) for part in output[2:-2].split("...")], True
    # An output shared with another callback (allow_duplicate) keeps its "@<hash>" in the
    # property, as the browser sends it; the response names the plain property.
    return _component(output), False


def find_callback(client, output_id: str, input_keys=()) -> dict:
    """The callback that outputs `output_id` and takes every 'id.prop' in `input_keys`."""
    dependencies = client.get("/_dash-dependencies").get_json()
    for dependency in dependencies:
        takes = {f"{spec['id']}.{spec['property']}" for spec in dependency["inputs"]}
        if (f"{output_id}." in dependency["output"] and not dependency.get("clientside_function")
                and set(input_keys) <= takes):
            return dependency
    raise LookupError(f"no callback outputs {output_id} from {sorted(input_keys)}")


def call_callback(client, output_id: str, inputs: dict, state: dict | None = None,
                  changed: list[str] | None = None):
    """POST the callback that outputs `output_id`; `inputs`/`state` map 'id.prop' to values;
    `changed` names the inputs that changed (default: all). Returns (status, JSON or text)."""
    dependency = find_callback(client, output_id, inputs)
    outputs, _multi = _parse_output(dependency["output"])

    def values(specs, given):
        result = []
        for spec in specs:
            key = f"{spec['id']}.{spec['property']}"
            result.append({"id": spec["id"], "property": spec["property"], "value": given.get(key)})
        return result

    payload = {
        "output": dependency["output"],
        "outputs": outputs,
        "inputs": values(dependency["inputs"], inputs),
        "state": values(dependency["state"], state or {}),
        "changedPropIds": changed if changed is not None else list(inputs),
    }
    response = client.post("/_dash-update-component", data=json.dumps(payload),
                           content_type="application/json")
    try:
        body = response.get_json()
    except Exception:  # noqa: BLE001 - a non-JSON body is what some failures send
        body = None
    return response.status_code, body if body is not None else response.get_data(as_text=True)


def output_of(body: dict, component_id: str, prop: str):
    return body["response"][component_id][prop]


def plotly_values(value) -> list:
    """Plotly sends numeric arrays as base64 typed arrays ({"dtype", "bdata"}); decode them."""
    if isinstance(value, dict) and "bdata" in value:
        import base64

        import numpy as np

        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).tolist()
    return list(value)


def find_component(component, match) -> dict | None:
    """The first component (as JSON) in a callback output for which `match(json)` holds."""
    if isinstance(component, list):
        return next((found for child in component if (found := find_component(child, match))), None)
    if not isinstance(component, dict) or "props" not in component:
        return None
    if match(component):
        return component
    return find_component(component["props"].get("children"), match)


def table_spec(component, type_name: str = "table-spec") -> dict:
    """The rows, columns and sort of a components/tables.data_table in a callback output."""
    store = find_component(component, lambda c: isinstance(c["props"].get("id"), dict)
                           and c["props"]["id"].get("type") == type_name)
    assert store is not None, f"no keyboard table in {str(component)[:300]}"
    return store["props"]["data"]


def table_records(component, table_type: str = "table-body") -> list[dict]:
    """The rows of a components/tables.data_table as rendered, in order: for each column
    key, the text shown, and under "<key>:sort" the raw value the row sorts by (and
    "<key>:href" for a link)."""
    body = find_component(component, lambda c: isinstance(c["props"].get("id"), dict)
                          and c["props"]["id"].get("type") == table_type)
    assert body is not None, f"no keyboard table in {str(component)[:300]}"
    table = body["props"]["id"]["table"]
    spec = find_component(component, lambda c: c["props"].get("id") == {"type": ids.TABLE_SPEC, "table": table})
    keys = [column["key"] for column in spec["props"]["data"]["columns"]]  # cells are in the columns' order
    records = []
    for row in body["props"]["children"]:
        record = {}
        for key, cell in zip(keys, row["props"]["children"], strict=True):
            content = cell["props"]["children"]
            if isinstance(content, dict):  # a link
                record[f"{key}:href"] = content["props"]["href"]
                content = content["props"]["children"]
            # A cell that sorts by its own text carries no data-sort (assets/keyboard_tables.js).
            record[key] = content
            record[f"{key}:sort"] = cell["props"].get("data-sort", content.lower() if isinstance(content, str) else None)
        records.append(record)
    return records


def csv_link_of(component) -> dict:
    """The props of the "Download data (CSV)" link in a callback output."""
    link = find_component(component, lambda c: str(c["props"].get("href", "")).startswith("data:text/csv"))
    assert link is not None, f"no CSV link in {str(component)[:300]}"
    return link["props"]


def open_chart_table(client, chart_id: str, options, filter_state, opened: int = 1):
    """What the browser sends when a chart's "Show as table" is opened (assets/chart_tables.js):
    the chart's options as drawn. Returns (status, the table's children or the body)."""
    table = {"chart": chart_id, "type": "chart-table"}
    payload = {
        "output": '{"chart":["MATCH"],"type":"chart-table"}.children',
        "outputs": {"id": table, "property": "children"},
        "inputs": [{"id": {"chart": chart_id, "type": "chart-table-wanted"}, "property": "data",
                    "value": {"opened": opened, "options": options}}],
        "state": [{"id": "filter-state", "property": "data", "value": filter_state}],
        "changedPropIds": [json.dumps({"chart": chart_id, "type": "chart-table-wanted"}, separators=(",", ":"))
                           + ".data"],
    }
    response = client.post("/_dash-update-component", data=json.dumps(payload), content_type="application/json")
    body = response.get_json(silent=True)
    if response.status_code == 200 and body:
        return 200, body["response"][json.dumps(table, separators=(",", ":"))]["children"]
    return response.status_code, body if body is not None else response.get_data(as_text=True)


def component_text(component) -> str:
    """Every string in a component, as built in Python or as JSON from a callback, joined by spaces."""
    if component is None:
        return ""
    if isinstance(component, str):
        return component
    if isinstance(component, (list, tuple)):
        return " ".join(component_text(child) for child in component)
    if isinstance(component, dict):
        return component_text(component.get("props", {}).get("children"))
    return component_text(getattr(component, "children", None))


def table_download_payload(table, options, filter_state) -> dict:
    """What the browser sends when a registry table's CSV button is pressed: the table's
    id (any value: a crafted request may send anything), its options and the filters."""
    def pattern(kind: str) -> dict:
        return {"table": table, "type": kind}

    return {
        "output": '..{"table":["MATCH"],"type":"table-download"}.data...'
                  '{"table":["MATCH"],"type":"table-export-message"}.children..',
        "outputs": [{"id": pattern("table-download"), "property": "data"},
                    {"id": pattern("table-export-message"), "property": "children"}],
        "inputs": [{"id": pattern("table-export"), "property": "n_clicks", "value": 1}],
        "state": [{"id": pattern("table-options"), "property": "data", "value": options},
                  {"id": "filter-state", "property": "data", "value": filter_state}],
        "changedPropIds": [json.dumps(pattern("table-export"), separators=(",", ":")) + ".n_clicks"],
    }


def table_download(client, component, filter_state) -> dict:
    """Press a registry table's "Download data (CSV)" button in a callback output, as the
    browser would (callbacks/exports.download_table). Returns {"download": file name,
    "aria-label": the button's name, "csv": the file's text}."""
    button = find_component(component, lambda c: isinstance(c["props"].get("id"), dict)
                            and c["props"]["id"].get("type") == "table-export")
    assert button is not None, f"no table CSV button in {str(component)[:300]}"
    table = button["props"]["id"]["table"]
    store = find_component(component, lambda c: c["props"].get("id") == {"type": "table-options", "table": table})
    payload = table_download_payload(table, store["props"].get("data") if store else None, filter_state)
    response = client.post("/_dash-update-component", data=json.dumps(payload), content_type="application/json")
    assert response.status_code == 200, response.get_data(as_text=True)
    sent = response.get_json()["response"][json.dumps({"table": table, "type": "table-download"},
                                                      separators=(",", ":"))]["data"]
    return {"download": sent["filename"], "aria-label": button["props"]["aria-label"], "csv": sent["content"]}
