"""Crafted callback requests, as an attacker on the same network would send them: built
from the app's own /_dash-dependencies, then bent. Used by the property-based test
(tests/test_every_callback_answers_crafted_requests.py, driven by Hypothesis) and by the
soak run against a served app (`python -m tests.soak_crafted_requests`).

Each payload draws from a random.Random, so a seed replays it exactly.
"""

from __future__ import annotations

import copy
import json
import random

from components import ids

GOOD_FILTERS = {"dataset_id": 1, "start": "2025-01", "end": "2025-12", "strand": "all", "boroughs": []}
CHART_IDS = [ids.OVERVIEW_MAP, ids.OVERVIEW_STRANDS, ids.OVERVIEW_TREND, ids.PROFILE_TREND,
             ids.PROFILE_AGAINST_LONDON, ids.PROFILE_STRANDS, ids.TRENDS_CHART, ids.STANDS_OUT_ITEM_CHARTS[0],
             "no-such-chart",
             # What the incident data shows (issue 14): the profile's section and Trends' charts.
             ids.PROFILE_COMBINATIONS, ids.PROFILE_OVERLAP, ids.PROFILE_MULTI_TREND, ids.PROFILE_OFFENCE_TYPES,
             ids.PROFILE_OUTCOMES, ids.PROFILE_HEX_MAP, ids.TRENDS_COMBINATIONS, ids.TRENDS_MULTI_TREND,
             # Beyond police data (issue 20): a partner panel.
             ids.PARTNER_PANEL_CHARTS[0]]
# Values the issue saw break callbacks, and their kin.
NASTY_SCALARS = [None, True, False, 0, -1, 1, 2 ** 31, 10 ** 30, -10 ** 30, 1.5, 1e308, -0.0, "", " ", "\ud800",
                 "2020-13", "9999-99", "1; DROP TABLE incidents", "../../app.py", "<script>alert(1)</script>",
                 "camden", "rate", "count", "change", "all", "race", "month", "week", "day", "log", "short",
                 "x" * 5000, "\u0000", "Infinity", "NaN", "{}", "[]", "/borough/<slug>", "london"]


def nasty_value(rng: random.Random, depth: int = 0):
    """Any JSON value, weighted towards the shapes the app's callbacks take."""
    roll = rng.random()
    if depth > 3 or roll < 0.45:
        return rng.choice(NASTY_SCALARS)
    if roll < 0.6:
        return [nasty_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    if roll < 0.75:
        keys = rng.sample(["dataset_id", "start", "end", "strand", "boroughs", "metric", "borough", "granularity",
                           "rolling", "scale", "events", "strands", "points", "location", "props", "figure", "x",
                           "area", "month", "source", "audience"],
                          rng.randint(0, 5))
        return {key: nasty_value(rng, depth + 1) for key in keys}
    if roll < 0.9:
        filters = dict(GOOD_FILTERS)
        if rng.random() < 0.8:
            filters[rng.choice(list(filters))] = nasty_value(rng, depth + 1)
        return filters
    return {"points": [{"location": nasty_value(rng, depth + 1)}]}


# What the page itself would send for each input, so that most payloads get past the
# request checks and into the callbacks, where one value is then made nasty.
PLAUSIBLE = {
    "filter-state.data": [GOOD_FILTERS, {**GOOD_FILTERS, "boroughs": ["camden"]}, None,
                          {**GOOD_FILTERS, "boroughs": ["camden"], "group": "outer"},
                          {**GOOD_FILTERS, "strand": "islamophobic", "boroughs": ["camden", "hackney"]}],
    "url.search": ["", "?dataset=1&from=2025-01&to=2025-12&strand=all", "?strand=race&borough=camden,hackney",
                   "?from=2020-13", "?dataset=Infinity", "?borough=%ED%A0%80",
                   # What stands out's own options (components/stands_out_address.py), good and crafted.
                   "?strand=race&when=period&every_strand=off", "?when=%3Cscript%3E&every_strand=maybe",
                   "?when=period&when=last-month",
                   # Trends' measure and the comparison group, good and crafted.
                   "?borough=camden&group=inner&measure=rate", "?group=%3Cb%3E&measure=1e308"],
    "url.pathname": ["/", "/trends", "/compare", "/about", "/borough/camden", "/borough/choose"],
    "_pages_location.pathname": ["/", "/trends", "/borough/camden", "/borough/\ud800", "/nowhere"],
    "_pages_location.search": ["", "?slug=x", "?view=present", "?a=1&a=2", "?when=period&every_strand=off",
                               "?when=%00&every_strand=1e308", "?every_strand=on&every_strand=off"],
    "overview-map-metric.value": ["rate", "count", "change", "outcome_rate"],
    # Read by the profile's callback and by its incident-data section (callbacks/incident_views.py);
    # "hackney" has offences with no place, "westminster" none in the profile's period.
    "profile-borough-slug.data": ["camden", "choose", None, "CAMDEN", "hackney", "westminster", "city-of-london"],
    "trends-granularity.value": ["month", "week", "day"],
    "trends-rolling-average.value": ["off", "short", "long"],
    "trends-scale.value": ["linear", "log"],
    "trends-show-events.value": [True, False],
    "trends-strands.value": [["race"], [], ["all", "race"], ["lgbt"]],
    "trends-measure.value": ["count", "rate", None],
    "filter-comparison-group.value": ["own", "inner", "outer", "example-group-edit-me", None],
    "filter-dataset.value": [1, "1", None],
    "filter-period-start.value": ["2025-01", "2016-01", None],
    "filter-period-end.value": ["2025-12", None],
    "filter-strand.value": ["all", "race", None],
    "filter-boroughs.value": [[], ["camden"], None],
    "stands-out-when.value": ["last-month", "period", None],
    "stands-out-every-strand.value": [True, False, None],
    "compare-verdict-filter.value": ["all", "rises", "falls", None],
    # What stands out, after an event: the date picker's date and a recorded event's date.
    "event-after-date.value": ["2025-06-15", "2024-06-10", "2025-12-20", "2019-01-01", "15/06/2025", "June", None],
    "meeting-since.value": ["2025-06-15", "2024-11-04", "2026-13-01", "yesterday", None],
    "event-after-choice.value": ["2024-07-30", "2023-10-07", "2025-06-15", None],
    # A chart's options as an export sends them back (here those of What stands out's small trends).
    '{"chart":["MATCH"],"type":"chart-options"}.data': [
        {"area": "camden", "strand": "all", "month": "2025-06"}, {"area": "london", "strand": "race", "month": "2025-12"},
        {"area": "E09000007", "strand": "islamophobic", "month": "2025-13"}],
    # What a chart's "Show as table" sends when opened (assets/chart_tables.js): its options.
    '{"chart":["MATCH"],"type":"chart-table-wanted"}.data': [
        {"opened": 1, "options": None}, {"opened": 3, "options": {"borough": "camden"}},
        {"opened": 1, "options": {"metric": "rate"}}, {"opened": 1, "options": {"area": "london", "strand": "race",
                                                                              "month": "2025-06"}},
        {"opened": True, "options": None}, {"opened": 1}],
    "overview-borough-map.clickData": [{"points": [{"location": "E09000007"}]}, {"points": [{"location": "E09000001"}]},
                                       None],
}
NO_VALUE_SHARE = 0.05  # of inputs and states sent without a "value" key
NASTY_SHARE = 0.35  # of values made nasty in a payload that is otherwise what the page sends


def _plausible_value(rng: random.Random, key: str, spec_property: str):
    if rng.random() < NASTY_SHARE:
        return nasty_value(rng)
    if key in PLAUSIBLE:
        return copy.deepcopy(rng.choice(PLAUSIBLE[key]))
    if spec_property == "n_clicks":
        return rng.choice([0, 1, 2, None])
    if spec_property == "id":
        return None  # filled in below with the component's own id
    return nasty_value(rng)


class _Wildcards:
    """One payload's choices for wildcards, kept the same wherever the pattern appears, as
    the browser does (a crafted request may still break that: see bent_payload)."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.match: dict[str, object] = {}
        self.all: dict[str, list] = {}

    def fill(self, spec_id: dict) -> dict:
        concrete = {}
        for key, value in spec_id.items():
            if value == ["MATCH"]:
                if key not in self.match:
                    self.match[key] = self.rng.choice(CHART_IDS + ["overview", "borough", "camden", 7])
                concrete[key] = self.match[key]
            elif isinstance(value, list):
                concrete[key] = self.rng.choice(["pdf", "zip", "png", "svg", "csv", "/", "/trends", -1, "\ud800"])
            else:
                concrete[key] = value
        return concrete

    def components(self, spec_id_text: str, multiple: bool) -> list:
        if not spec_id_text.startswith("{"):
            return [spec_id_text]
        spec_id = json.loads(spec_id_text)
        if not multiple:
            return [self.fill(spec_id)]
        pattern = json.dumps({key: value for key, value in spec_id.items() if value != ["MATCH"]}, sort_keys=True)
        if pattern not in self.all:
            self.all[pattern] = [self.fill(spec_id) for _ in range(self.rng.randint(0, 4))]
        match_part = {key: self.match.get(key) for key, value in spec_id.items() if value == ["MATCH"]}
        return [{**component, **{k: v for k, v in match_part.items() if v is not None}}
                for component in self.all[pattern]]


def _components(rng: random.Random, wildcards: _Wildcards, spec: dict, *, with_value: bool):
    multiple = '["ALL"]' in spec["id"] or '["ALLSMALLER"]' in spec["id"]
    key = f"{spec['id']}.{spec['property']}"
    built = []
    for component_id in wildcards.components(spec["id"], multiple):
        item = {"id": component_id, "property": spec["property"]}
        # A renderer leaves "value" out for a property never set: so do some payloads.
        if with_value and rng.random() >= NO_VALUE_SHARE:
            value = _plausible_value(rng, key, spec["property"])
            item["value"] = component_id if spec["property"] == "id" and value is None else value
        built.append(item)
    return built if multiple else built[0]


def _outputs(rng: random.Random, wildcards: _Wildcards, output: str):
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    built = []
    for part in parts:
        component, prop = part.rsplit(".", 1)
        built.append(_components(rng, wildcards, {"id": component, "property": prop}, with_value=False))
    return built if output.startswith("..") else built[0]


def well_shaped_payload(rng: random.Random, dependency: dict) -> dict:
    """The shape the renderer sends, values mostly what the page sends, some anything at all."""
    wildcards = _Wildcards(rng)
    outputs = _outputs(rng, wildcards, dependency["output"])
    inputs = [_components(rng, wildcards, spec, with_value=True) for spec in dependency["inputs"]]
    changed = []
    for item in inputs:
        for component in (item if isinstance(item, list) else [item]):
            component_id = component["id"]
            text = json.dumps(component_id, sort_keys=True, separators=(",", ":")) \
                if isinstance(component_id, dict) else component_id
            changed.append(f"{text}.{component['property']}")
    return {"output": dependency["output"], "outputs": outputs, "inputs": inputs,
            "state": [_components(rng, wildcards, spec, with_value=True) for spec in dependency["state"]],
            "changedPropIds": rng.sample(changed, rng.randint(min(1, len(changed)), len(changed)))}


def bent_payload(rng: random.Random, dependency: dict) -> dict:
    """A well-shaped payload with its structure broken in one or two places."""
    payload = well_shaped_payload(rng, dependency)
    for _ in range(rng.randint(1, 2)):
        key = rng.choice(["output", "outputs", "inputs", "state", "changedPropIds"])
        action = rng.random()
        if action < 0.3:
            payload.pop(key, None)
        elif action < 0.6:
            payload[key] = nasty_value(rng)
        elif action < 0.8 and isinstance(payload.get(key), list) and payload[key]:
            payload[key] = copy.deepcopy(payload[key][:-1] if rng.random() < 0.5 else payload[key] + payload[key][:1])
        else:
            payload[key] = rng.choice(["nonexistent.children", {"id": {"type": "x"}}, [], 7,
                                       "..a.b...c.d..", [[{"id": "x", "property": "y"}]]])
    return payload


def crafted_payload(rng: random.Random, dependencies: list[dict]) -> dict:
    dependency = rng.choice([d for d in dependencies if not d.get("clientside_function")])
    return well_shaped_payload(rng, dependency) if rng.random() < 0.7 else bent_payload(rng, dependency)


def crafted_body(rng: random.Random, dependencies: list[dict]) -> bytes:
    """Usually a crafted payload as JSON; now and then bytes no JSON reader takes."""
    roll = rng.random()
    if roll < 0.02:
        return b"[" * 100_000
    if roll < 0.04:
        return rng.choice([b"not json", b"", b"\xff\xfe", b'{"output": NaN}', b"{" * 50 + b"}" * 50])
    return json.dumps(crafted_payload(rng, dependencies)).encode()
