"""Every callback's answer is something React can render: components only where children
go, and never a list inside a list of children (Dash does not turn components nested that
way into elements: the page then fails with React error #31)."""

import json

from tests.crafted_payloads import GOOD_FILTERS, PLAUSIBLE
from tests.dash_requests import call_callback

ONE_BOROUGH = {**GOOD_FILTERS, "boroughs": ["camden"]}


def _problems(node, path="") -> list[str]:
    found = []
    if isinstance(node, dict):
        if "namespace" in node and "props" in node:
            for key, value in node["props"].items():
                if key == "children":
                    items = value if isinstance(value, list) else [value]
                    for index, item in enumerate(items):
                        if isinstance(item, list):
                            found.append(f"{path}/{node['type']}: a list inside its children")
                        found += _problems(item, f"{path}/{node['type']}[{index}]")
                elif key != "figure" and '"namespace"' in json.dumps(value):
                    found.append(f"{path}/{node['type']}.{key}: a component outside children")
        else:  # a callback's response: {component id: {property: value}}
            for key, value in node.items():
                if key == "children" and isinstance(value, list) and any(isinstance(item, list) for item in value):
                    found.append(f"{path}.children: a list inside the children")
                if key not in ("figure", "data"):
                    found += _problems(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            found += _problems(item, f"{path}[{index}]")
    return found


def test_no_page_callback_answers_with_children_react_cannot_render(client):
    problems = []
    answered = 0
    for dependency in client.get("/_dash-dependencies").get_json():
        if dependency.get("clientside_function") or "ALL" in json.dumps(dependency["inputs"]) \
                or "MATCH" in json.dumps(dependency["inputs"]):
            continue
        inputs = {}
        for spec in dependency["inputs"]:
            key = f"{spec['id']}.{spec['property']}"
            inputs[key] = ONE_BOROUGH if key == "filter-state.data" else (PLAUSIBLE.get(key) or [None])[0]
        output = dependency["output"].strip(".").split("...")[0].rsplit(".", 1)[0]
        status, body = call_callback(client, output, inputs)
        if status == 200:
            answered += 1
            problems += _problems(body["response"], dependency["output"][:40])
    assert answered >= 10
    assert problems == []
