"""Replay every page's interactions against a running server, as the browser sends them.

An interaction is what a user does (change the strand on the overview, click a borough
on the map); it is answered by a chain of callback requests, each chained from the
previous answer as Dash's renderer does: the filter bar's callback first, then every
callback that reads the filter state it returned. Requests are sent one at a time on
one keep-alive connection, so each server time is that request's alone.

Per request the replay keeps the round trip seen by the client on loopback, the
server's own time and its parts: database, figure building and JSON encoding (from
the `Server-Timing` header of bench/timed_server.py), and the bytes of the answer
(as sent: the app does not compress; the gzip size is computed for comparison).
"""

import csv
import json
import random
from dataclasses import dataclass, field
from urllib.parse import urlparse

from bench.dash_client import Answer, DashClient, split_outputs
from bench.stats import summary
from components import ids
from queries.schema import BOROUGHS_CSV
from stands_out.months_looked_at import CHOSEN_PERIOD, LAST_MONTH

PERIOD_LENGTHS_MONTHS = [1, 3, 6, 12, 12, 24, 36]   # 12 twice: the period people use most
MAP_METRICS = ["rate", "count", "change"]
TREND_GRANULARITIES = ["month", "week", "day"]
TREND_ROLLING = ["off", "short", "long"]
TREND_SCALES = ["linear", "log"]
STANDS_OUT_MONTHS = [LAST_MONTH, CHOSEN_PERIOD]
WARM_UP_VARIANTS = 2  # per interaction, not recorded: the first answers open the store and warm caches

# The callbacks, found by one output each (robust to the order of a callback's outputs).
CALLBACKS = {
    "filter bar": (ids.FILTER_STATE, "data"),
    "page content": ("_pages_content", "children"),
    "overview cards+charts": (ids.OVERVIEW_CARDS, "children"),
    "overview map": (ids.OVERVIEW_MAP, "figure"),
    "map click": (ids.NAVIGATE, "href"),
    "borough profile": (ids.PROFILE_HEADING, "children"),
    "profile incident views": (ids.PROFILE_INCIDENT_NOTE, "children"),
    "trend strands": (ids.TRENDS_STRANDS, "options"),
    "trend chart": (ids.TRENDS_CHART, "figure"),
    "trends incident views": (ids.TRENDS_INCIDENT_NOTE, "children"),
    "compare table": (ids.COMPARE_TABLE, "children"),
    "what stands out": (ids.STANDS_OUT_SUMMARY, "children"),
    "after an event: controls": (ids.EVENT_AFTER_NOTE, "children"),
    "after an event: table": (ids.EVENT_AFTER_RESULT, "children"),
    "about datasets": (ids.ABOUT_DATASETS, "children"),
}
FILTER_CONTROLS = [ids.DATASET, ids.PERIOD_START, ids.PERIOD_END, ids.STRAND, ids.BOROUGHS]


def _names(output_id: str, component: str) -> bool:
    """An output id is the component's own id, or a pattern id of that type."""
    return output_id == component or (output_id.startswith("{") and f'"{component}"' in output_id)


def _find_outputs(client: DashClient) -> dict:
    found = {}
    for name, (component, prop) in CALLBACKS.items():
        matches = [output for output in client.dependencies
                   if any(_names(cid, component) and p == prop for cid, p in split_outputs(output))]
        if len(matches) != 1:
            raise RuntimeError(f"Expected one callback with output {component}.{prop}, found {len(matches)}; "
                               "update bench/callback_replay.py to match the app.")
        found[name] = matches[0]
    return found


def _geojson_bytes(node) -> int:
    """Bytes of every `geojson` value in an answer: the borough boundaries a map resends."""
    total = 0
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "geojson":
                total += len(json.dumps(value, separators=(",", ":")))
            else:
                total += _geojson_bytes(value)
    elif isinstance(node, list):
        for value in node:
            total += _geojson_bytes(value)
    return total


@dataclass
class Session:
    """What one browser tab holds between requests."""

    search: str = ""
    controls: dict = field(default_factory=dict)   # "id.value" -> value
    filter_state: dict | None = None
    metric: str = "rate"
    slug: str | None = None
    trend_options: dict = field(default_factory=lambda: {"granularity": "month", "rolling": "off",
                                                         "scale": "linear", "events": True})
    trend_strands: list = field(default_factory=list)
    event_date: str | None = None     # What stands out's "After an event" date box
    event_options: list = field(default_factory=list)


class Replay:
    def __init__(self, client: DashClient, seed: int):
        self.client = client
        self.rng = random.Random(seed)
        self.outputs = _find_outputs(client)
        self.records: list[dict] = []
        self.recording = False
        with open(BOROUGHS_CSV, newline="", encoding="utf-8") as f:
            rows = [r for r in csv.DictReader(f) if r["policed_by_met"] == "true"]
        self.borough_codes = {r["slug"]: r["gss_code"] for r in rows}
        self.session = Session()
        first = self.sync_from_address("setup", self.session, "")
        response = first.json()["response"]
        self.months = sorted(option["value"] for option in response[ids.PERIOD_START]["options"])
        self.strands = [option["value"] for option in response[ids.STRAND]["options"]]
        self.slugs = [option["value"] for option in response[ids.BOROUGHS]["options"]]

    # -- one request -------------------------------------------------------------------

    def call(self, interaction: str, name: str, values: dict, changed: list[str], outputs=None) -> Answer:
        answer = self.client.post(self.client.payload(self.outputs[name], values, changed, outputs))
        if self.recording:
            body = answer.json() if answer.body else {}
            self.records.append({
                "interaction": interaction, "callback": name, "status": answer.status,
                "round_trip_ms": answer.round_trip_ms, "server_ms": answer.server_ms, "cpu_ms": answer.cpu_ms,
                "db_ms": answer.db_ms, "db_queries": answer.db_queries,
                "fig_ms": answer.fig_ms, "json_ms": answer.json_ms,
                "bytes": len(answer.body), "gzip_bytes": answer.gzip_bytes,
                "geojson_bytes": _geojson_bytes(body),
            })
        return answer

    # -- the filter bar ----------------------------------------------------------------

    def _take_filter_answer(self, session: Session, answer: Answer):
        response = answer.json().get("response", {})
        if ids.URL in response:
            session.search = response[ids.URL]["search"]
        for control in FILTER_CONTROLS:
            if control in response and "value" in response[control]:
                session.controls[f"{control}.value"] = response[control]["value"]
        # The browser keeps which choices its dropdowns hold and sends it back, as here.
        if "data" in response.get(ids.FILTER_OPTIONS_SENT, {}):
            session.controls[f"{ids.FILTER_OPTIONS_SENT}.data"] = response[ids.FILTER_OPTIONS_SENT]["data"]
        session.filter_state = response[ids.FILTER_STATE]["data"]

    def sync_from_address(self, interaction: str, session: Session, search: str) -> Answer:
        session.search = search
        values = {f"{ids.URL}.search": search}
        values.update({key: value for key, value in session.controls.items()})
        answer = self.call(interaction, "filter bar", values, [f"{ids.URL}.search"])
        self._take_filter_answer(session, answer)
        return answer

    def sync_from_controls(self, interaction: str, session: Session, trigger: str, **changes) -> Answer:
        controls = dict(session.controls)
        for control, value in changes.items():
            controls[f"{control}.value"] = value
        values = {f"{ids.URL}.search": session.search, **controls}
        answer = self.call(interaction, "filter bar", values, [f"{trigger}.value"])
        self._take_filter_answer(session, answer)
        return answer

    # -- what reads the filter state -----------------------------------------------------

    def page_content(self, interaction: str, path: str, search: str):
        self.call(interaction, "page content",
                  {"_pages_location.pathname": path, "_pages_location.search": search},
                  ["_pages_location.pathname", "_pages_location.search"])

    def overview(self, interaction: str, session: Session, changed=f"{ids.FILTER_STATE}.data"):
        state = {f"{ids.FILTER_STATE}.data": session.filter_state}
        if changed == f"{ids.FILTER_STATE}.data":
            self.call(interaction, "overview cards+charts", state, [changed])
        self.call(interaction, "overview map", {**state, f"{ids.OVERVIEW_MAP_METRIC}.value": session.metric},
                  [changed])

    def profile(self, interaction: str, session: Session):
        self.call(interaction, "borough profile",
                  {f"{ids.FILTER_STATE}.data": session.filter_state, f"{ids.PROFILE_SLUG}.data": session.slug},
                  [f"{ids.FILTER_STATE}.data"])
        self.profile_incident_views(interaction, session)

    def profile_incident_views(self, interaction: str, session: Session):
        """The profile's second callback (what the incident data shows), fired by the same filters."""
        self.call(interaction, "profile incident views",
                  {f"{ids.FILTER_STATE}.data": session.filter_state, f"{ids.PROFILE_SLUG}.data": session.slug},
                  [f"{ids.FILTER_STATE}.data"])

    def trends_incident_views(self, interaction: str, session: Session):
        self.call(interaction, "trends incident views", {f"{ids.FILTER_STATE}.data": session.filter_state},
                  [f"{ids.FILTER_STATE}.data"])

    def trend_chart(self, interaction: str, session: Session, changed: str):
        options = session.trend_options
        self.call(interaction, "trend chart", {
            f"{ids.FILTER_STATE}.data": session.filter_state,
            f"{ids.TRENDS_GRANULARITY}.value": options["granularity"],
            f"{ids.TRENDS_ROLLING}.value": options["rolling"],
            f"{ids.TRENDS_SCALE}.value": options["scale"],
            f"{ids.TRENDS_EVENTS}.value": options["events"],
            f"{ids.TRENDS_STRANDS}.value": session.trend_strands,
        }, [changed])

    def trend_strands(self, interaction: str, session: Session):
        answer = self.call(interaction, "trend strands", {f"{ids.FILTER_STATE}.data": session.filter_state},
                           [f"{ids.FILTER_STATE}.data"])
        session.trend_strands = answer.output(ids.TRENDS_STRANDS, "value")

    # -- varied choices ---------------------------------------------------------------------

    def random_period(self) -> tuple[str, str]:
        length = self.rng.choice(PERIOD_LENGTHS_MONTHS)
        end_index = self.rng.randrange(min(length - 1, len(self.months) - 1), len(self.months))
        return self.months[max(0, end_index - length + 1)], self.months[end_index]

    def random_boroughs(self) -> list[str]:
        return self.rng.sample(self.slugs, self.rng.choice([0, 1, 1, 2, 3]))

    # -- filter changes, as the filter bar sends them ----------------------------------------

    def change_period(self, name: str, session: Session, trigger: str = ids.PERIOD_START):
        start, end = self.random_period()
        self.sync_from_controls(name, session, trigger, **{ids.PERIOD_START: start, ids.PERIOD_END: end})

    def change_strand(self, name: str, session: Session):
        self.sync_from_controls(name, session, ids.STRAND, **{ids.STRAND: self.rng.choice(self.strands)})

    def change_boroughs(self, name: str, session: Session):
        self.sync_from_controls(name, session, ids.BOROUGHS, **{ids.BOROUGHS: self.random_boroughs()})

    def change_period_strand_or_boroughs(self, name: str, session: Session):
        pick = self.rng.random()
        if pick < 0.4:
            self.change_period(name, session)
        elif pick < 0.8:
            self.change_strand(name, session)
        else:
            self.change_boroughs(name, session)

    # -- the interactions -------------------------------------------------------------------

    def overview_change_period(self, name):
        self.change_period(name, self.session)
        self.overview(name, self.session)

    def overview_change_strand(self, name):
        self.change_strand(name, self.session)
        self.overview(name, self.session)

    def overview_change_boroughs(self, name):
        self.change_boroughs(name, self.session)
        self.overview(name, self.session)

    def overview_change_map_metric(self, name):
        self.session.metric = self.rng.choice([m for m in MAP_METRICS if m != self.session.metric])
        self.overview(name, self.session, changed=f"{ids.OVERVIEW_MAP_METRIC}.value")

    def profile_open_from_map(self, name):
        slug = self.rng.choice(self.slugs)
        click = {"points": [{"curveNumber": 0, "pointNumber": self.slugs.index(slug),
                             "pointIndex": self.slugs.index(slug), "location": self.borough_codes[slug]}]}
        answer = self.call(name, "map click", {f"{ids.OVERVIEW_MAP}.clickData": click,
                                               f"{ids.FILTER_STATE}.data": self.session.filter_state},
                           [f"{ids.OVERVIEW_MAP}.clickData"])
        href = urlparse(answer.output(ids.NAVIGATE, "href"))
        search = f"?{href.query}" if href.query else ""
        self.page_content(name, href.path, search)
        session = Session(controls=dict(self.session.controls), slug=href.path.rsplit("/", 1)[-1])
        self.sync_from_address(name, session, search)
        self.profile(name, session)

    def profile_change_filters(self, name):
        session = self.session
        session.slug = self.rng.choice(self.slugs)
        if self.rng.random() < 0.5:
            self.change_period(name, session, trigger=ids.PERIOD_END)
        else:
            self.change_strand(name, session)
        self.profile(name, session)

    def trends_change_options(self, name):
        session = self.session
        option = self.rng.choice(["granularity", "rolling", "scale", "events", "strands"])
        choices = {"granularity": TREND_GRANULARITIES, "rolling": TREND_ROLLING, "scale": TREND_SCALES,
                   "events": [True, False]}
        if option == "strands":
            session.trend_strands = self.rng.sample(self.strands, self.rng.randint(1, 4))
            changed = f"{ids.TRENDS_STRANDS}.value"
        else:
            session.trend_options[option] = self.rng.choice(choices[option])
            changed = f"{_TREND_IDS[option]}.value"
        self.trend_chart(name, session, changed)

    def trends_change_filters(self, name):
        session = self.session
        session.trend_options["granularity"] = self.rng.choice(TREND_GRANULARITIES)
        if self.rng.random() < 0.5:
            self.change_period(name, session)
        else:
            self.change_boroughs(name, session)
        self.trend_strands(name, session)
        self.trend_chart(name, session, f"{ids.TRENDS_STRANDS}.value")
        self.trends_incident_views(name, session)

    def profile_incident_change_filters(self, name):
        """A new period, strand or borough, answered by the profile's incident-data section
        alone (the profile interactions above time both of the profile's callbacks)."""
        session = self.session
        session.slug = self.rng.choice(self.slugs)
        if self.rng.random() < 0.5:
            self.change_period(name, session, trigger=ids.PERIOD_END)
        else:
            self.change_strand(name, session)
        self.profile_incident_views(name, session)

    def trends_incident_change_filters(self, name):
        """A new period or boroughs, answered by Trends' compound-discrimination section alone."""
        session = self.session
        if self.rng.random() < 0.5:
            self.change_period(name, session)
        else:
            self.change_boroughs(name, session)
        self.trends_incident_views(name, session)

    def compare_change_filters(self, name):
        session = self.session
        self.change_period_strand_or_boroughs(name, session)
        self.call(name, "compare table", {f"{ids.FILTER_STATE}.data": session.filter_state},
                  [f"{ids.FILTER_STATE}.data"])

    def stands_out_change_filters(self, name):
        session = self.session
        self.change_period_strand_or_boroughs(name, session)
        every_strand = self.rng.random() < 0.7
        self.call(name, "what stands out", {f"{ids.FILTER_STATE}.data": session.filter_state,
                                            f"{ids.STANDS_OUT_WHEN}.value": self.rng.choice(STANDS_OUT_MONTHS),
                                            f"{ids.STANDS_OUT_STRANDS}.value": every_strand},
                  [f"{ids.FILTER_STATE}.data"])
        # The "After an event" section reads the same filters: its controls, then its table.
        self.event_controls(name, session, f"{ids.FILTER_STATE}.data")
        self.event_table(name, session, every_strand, f"{ids.FILTER_STATE}.data")

    def stands_out_choose_event(self, name):
        """Choose a recorded event (or type a date): the controls answer, then the table."""
        session = self.session
        if session.event_options and self.rng.random() < 0.7:
            choice = self.rng.choice(session.event_options)["value"]
            self.event_controls(name, session, f"{ids.EVENT_AFTER_CHOICE}.value", choice=choice)
        else:
            session.event_date = f"{self.rng.choice(self.months)}-{self.rng.randint(1, 28):02d}"
        self.event_table(name, session, self.rng.random() < 0.7, f"{ids.EVENT_AFTER_DATE}.value")

    def event_controls(self, interaction: str, session: Session, changed: str, choice=None):
        answer = self.call(interaction, "after an event: controls", {
            f"{ids.FILTER_STATE}.data": session.filter_state, f"{ids.EVENT_AFTER_CHOICE}.value": choice,
            f"{ids.EVENT_AFTER_DATE}.value": session.event_date}, [changed])
        response = answer.json().get("response", {}) if answer.body else {}
        session.event_date = response.get(ids.EVENT_AFTER_DATE, {}).get("value", session.event_date)
        session.event_options = response.get(ids.EVENT_AFTER_CHOICE, {}).get("options", session.event_options)

    def event_table(self, interaction: str, session: Session, every_strand: bool, changed: str):
        self.call(interaction, "after an event: table", {
            f"{ids.FILTER_STATE}.data": session.filter_state, f"{ids.EVENT_AFTER_DATE}.value": session.event_date,
            f"{ids.STANDS_OUT_STRANDS}.value": every_strand}, [changed])

    def about_open(self, name):
        self.page_content(name, "/about", self.session.search)
        self.call(name, "about datasets", {f"{ids.FILTER_STATE}.data": self.session.filter_state},
                  [f"{ids.FILTER_STATE}.data"])


_TREND_IDS = {"granularity": ids.TRENDS_GRANULARITY, "rolling": ids.TRENDS_ROLLING,
              "scale": ids.TRENDS_SCALE, "events": ids.TRENDS_EVENTS}

# (page, what the user does, method): every page's real interactions.
INTERACTIONS = [
    ("overview", "change period", Replay.overview_change_period),
    ("overview", "change strand", Replay.overview_change_strand),
    ("overview", "change boroughs", Replay.overview_change_boroughs),
    ("overview", "change map metric", Replay.overview_change_map_metric),
    ("borough profile", "open from a map click", Replay.profile_open_from_map),
    ("borough profile", "change period or strand", Replay.profile_change_filters),
    ("trends", "change chart options", Replay.trends_change_options),
    ("trends", "change period or boroughs", Replay.trends_change_filters),
    ("borough profile", "incident data: change period, strand or borough", Replay.profile_incident_change_filters),
    ("trends", "incident data: change period or boroughs", Replay.trends_incident_change_filters),
    ("compare", "change period, strand or boroughs", Replay.compare_change_filters),
    ("what stands out", "change period, strand or boroughs", Replay.stands_out_change_filters),
    ("what stands out", "after an event: choose an event or type a date", Replay.stands_out_choose_event),
    ("about", "open the page", Replay.about_open),
]


def replay_interactions(base_url: str, *, requests_per_interaction: int, seed: int,
                        warm_ups: int = WARM_UP_VARIANTS) -> dict:
    """Run every interaction `requests_per_interaction` times (after `warm_ups`) and summarise."""
    client = DashClient(base_url)
    try:
        replay = Replay(client, seed)
        for _, _, method in INTERACTIONS:
            for _ in range(warm_ups):
                method(replay, "warm-up")
        replay.session = Session(controls=dict(replay.session.controls), search=replay.session.search,
                                 filter_state=replay.session.filter_state)
        replay.recording = True
        for page, action, method in INTERACTIONS:
            name = f"{page}: {action}"
            for variant in range(requests_per_interaction):
                before = len(replay.records)
                method(replay, name)
                for record in replay.records[before:]:
                    record["variant"] = variant
        return {**summarise(replay.records), "warm_ups": warm_ups}
    finally:
        client.close()


def _total(records: list[dict], key: str):
    """The sum of one measure over an interaction's requests; None if any is missing."""
    values = [r[key] for r in records]
    return None if any(value is None for value in values) else sum(values)


def summarise(records: list[dict]) -> dict:
    interactions, callbacks = {}, {}
    for name in dict.fromkeys(r["interaction"] for r in records):
        rows = [r for r in records if r["interaction"] == name]
        variants = {}
        for r in rows:
            variants.setdefault(r["variant"], []).append(r)
        totals = list(variants.values())
        interactions[name] = {
            "variants": len(totals),
            "requests_per_variant": round(len(rows) / len(totals), 2),
            "callbacks": list(dict.fromkeys(r["callback"] for r in rows)),
            "server_ms": summary(_total(v, "server_ms") for v in totals),
            "cpu_ms": summary(_total(v, "cpu_ms") for v in totals),
            "db_ms": summary(_total(v, "db_ms") for v in totals),
            "fig_ms": summary(_total(v, "fig_ms") for v in totals),
            "json_ms": summary(_total(v, "json_ms") for v in totals),
            "round_trip_ms": summary(_total(v, "round_trip_ms") for v in totals),
            "bytes": summary(_total(v, "bytes") for v in totals),
            "gzip_bytes": summary(_total(v, "gzip_bytes") for v in totals),
            "geojson_bytes": summary(_total(v, "geojson_bytes") for v in totals),
        }
    for name in dict.fromkeys(r["callback"] for r in records):
        rows = [r for r in records if r["callback"] == name]
        callbacks[name] = {
            "requests": len(rows),
            "server_ms": summary(r["server_ms"] for r in rows),
            "cpu_ms": summary(r["cpu_ms"] for r in rows),
            "db_ms": summary(r["db_ms"] for r in rows),
            "fig_ms": summary(r["fig_ms"] for r in rows),
            "json_ms": summary(r["json_ms"] for r in rows),
            "db_queries": summary(r["db_queries"] for r in rows),
            "round_trip_ms": summary(r["round_trip_ms"] for r in rows),
            "bytes": summary(r["bytes"] for r in rows),
            "gzip_bytes": summary(r["gzip_bytes"] for r in rows),
            "geojson_bytes": summary(r["geojson_bytes"] for r in rows),
        }
    return {"interactions": interactions, "callbacks": callbacks, "requests": len(records)}
