"""BENCHMARKS.md from a run's results.

Everything in the file is generated from the results of one run, except the block
between the ANALYSIS markers, which a person writes after reading the numbers and which
a new run keeps (it is marked with the date of the run it was written for).
"""

import re

ANALYSIS_START = "<!-- BEGIN hand-written analysis: kept when the benchmark rewrites this file -->"
ANALYSIS_END = "<!-- END hand-written analysis -->"

P95_TARGETS_MS = {"1M": 50, "10M": 100}
PANDAS_RATIO_TARGET = 10
FILTER_CHANGE_BYTES_TARGET = 100 * 1024
OVERVIEW_DRAWN_TARGET_MS = 1500
OVERVIEW_DRAWN_TARGET = "overview drawn cold within 1.5 s of navigation (median)"
# The clicks timed in Chromium (bench/browser_clicks.py): results key, what, target (median).
CLICK_TARGETS = [
    ("overview_filter_change", "a filter change on the overview", 500),
    ("profile_filter_change", "a filter change on a borough profile", 500),
    ("map_click_to_profile", "a map click to its profile", 1000),
]
COLD_START_TARGET_S = 5
FILTER_CHANGE_INTERACTIONS = ("change period", "change strand", "change boroughs", "change period or strand",
                              "change period or boroughs", "change period, strand or boroughs")


def _ms(value) -> str:
    return "n/a" if value is None else (f"{value:,.0f}" if value >= 100 else f"{value:.1f}")


def _kb(value) -> str:
    return "n/a" if value is None else f"{value / 1024:,.1f} KB"


def _mb(value) -> str:
    return "n/a" if value is None else f"{value / 1024 / 1024:,.1f} MB"


def _table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def existing_analysis(text: str | None) -> str | None:
    if not text:
        return None
    match = re.search(re.escape(ANALYSIS_START) + r"\n(.*?)\n" + re.escape(ANALYSIS_END), text, re.S)
    return match.group(1) if match else None


# -- targets --------------------------------------------------------------------------------

def evaluate_targets(results: dict) -> list[dict]:
    sizes = {size["store"]["label"]: size for size in results["sizes"]}
    targets = []
    for label, limit in P95_TARGETS_MS.items():
        size = sizes.get(label)
        if not size:
            targets.append({"target": f"p95 server time < {limit} ms for every interaction at {label} rows",
                            "status": "not measured", "detail": f"no {label} store in this run"})
            continue
        worst = max(size["replay"]["interactions"].items(), key=lambda item: item[1]["server_ms"]["p95"])
        over = {name: v["server_ms"]["p95"] for name, v in size["replay"]["interactions"].items()
                if v["server_ms"]["p95"] >= limit}
        cpu_over = [name for name, v in size["replay"]["interactions"].items()
                    if v["cpu_ms"]["p95"] is not None and v["cpu_ms"]["p95"] >= limit]
        detail = (f"worst: {worst[0]}, p95 {_ms(worst[1]['server_ms']['p95'])} ms "
                  f"({worst[1]['server_ms']['p95'] / limit:.1f}x the target; server CPU p95 "
                  f"{_ms(worst[1]['cpu_ms']['p95'])} ms); "
                  f"{len(over)} of {len(size['replay']['interactions'])} interactions at or over {limit} ms "
                  f"({len(cpu_over)} counting server CPU time only)")
        targets.append({"target": f"p95 server time < {limit} ms for every interaction at {label} rows",
                        "status": "met" if not over else "missed", "detail": detail})

    labels = [s["store"]["label"] for s in results["sizes"]]
    if len(labels) >= 2:
        small, large = results["sizes"][0], results["sizes"][-1]
        rows_ratio = large["store"]["rows"]["incidents"] / small["store"]["rows"]["incidents"]
        growth = []
        for name, stats in large["replay"]["interactions"].items():
            base = small["replay"]["interactions"].get(name)
            if base and base["server_ms"]["p50"]:
                growth.append(stats["server_ms"]["p50"] / base["server_ms"]["p50"])
        worst_growth = max(growth) if growth else None
        targets.append({
            "target": "server time grows far slower than the row count",
            "status": "met" if worst_growth is not None and worst_growth < rows_ratio ** 0.5 else "missed",
            "detail": f"{small['store']['label']} to {large['store']['label']}: rows x{rows_ratio:,.0f}, "
                      f"p50 server time per interaction x{min(growth):.2f} to x{worst_growth:.2f} "
                      "(met if under the square root of the row growth)"})

    size = sizes.get("10M") or results["sizes"][-1]
    pandas = size.get("pandas")
    if pandas:
        targets.append({
            "target": f"at least {PANDAS_RATIO_TARGET}x faster than pandas at 10M rows",
            "status": ("met" if pandas["smallest_ratio"] >= PANDAS_RATIO_TARGET else "missed")
            if size["store"]["label"] == "10M" else "not measured at 10M",
            "detail": f"at {size['store']['label']}: slowest question {pandas['smallest_ratio']:.1f}x, "
                      f"all questions together {pandas['ratio_of_totals']:.1f}x "
                      f"({_ms(pandas['pandas_total_ms'])} ms against {_ms(pandas['app_total_ms'])} ms); "
                      f"answers identical: {'yes' if pandas['answers_identical'] else 'NO'}"})

    worst_bytes = []
    for size in results["sizes"]:
        for name, stats in size["replay"]["interactions"].items():
            if name.split(": ", 1)[1] in FILTER_CHANGE_INTERACTIONS:
                worst_bytes.append((stats["bytes"]["max"], name, size["store"]["label"], stats["gzip_bytes"]["max"]))
    if worst_bytes:
        biggest = max(worst_bytes)
        over = sorted({name for b, name, _, _ in worst_bytes if b >= FILTER_CHANGE_BYTES_TARGET})
        targets.append({
            "target": "a filter change sends under 100 KB to the browser",
            "status": "met" if not over else "missed",
            "detail": f"largest: {biggest[1]} at {biggest[2]}, {_kb(biggest[0])} "
                      f"({biggest[0] / FILTER_CHANGE_BYTES_TARGET:.1f}x the target; gzip would send {_kb(biggest[3])})"
                      + (f"; over 100 KB: {', '.join(over)}" if over else "")})

    targets += browser_targets(results)

    starts = [(s["cold_start"]["first_page_s"]["max"], s["store"]["label"]) for s in results["sizes"]
              if s.get("cold_start")]
    if starts:
        worst = max(starts)
        targets.append({
            "target": "cold start under 5 s",
            "status": "met" if worst[0] < COLD_START_TARGET_S else "missed",
            "detail": "process start to first page served, slowest run: "
                      + ", ".join(f"{label} {seconds:.2f} s" for seconds, label in starts)})
    return targets


def _seconds_text(ms: float) -> str:
    return f"{ms / 1000:g} s" if ms >= 1000 else f"{ms:g} ms"


def _click_target(what: str, limit_ms: float) -> str:
    return f"{what} drawn within {_seconds_text(limit_ms)} of the click (median)"


def _click_met(measured: dict, limit_ms: float) -> bool:
    """Every run drawn, and their median under the target."""
    return measured["drawn"] == measured["runs"] and measured["drawn_ms"]["median"] < limit_ms


def _not_drawn_reasons(measured: dict) -> list[tuple[str, str]]:
    """Why runs were not drawn: results key, and the words for it."""
    return [("timed_out", f"timed out after {measured['timeout_ms'] / 1000:.0f} s"), ("failed", "failed"),
            ("change_lost", "drawn with the filter bar gone back to the old choice")]


def _click_numbers(label: str, measured: dict) -> str:
    """'1M: median 812 ms, max 1,020 ms, 3 of 3 runs drawn (1 timed out after 30 s)'"""
    drawn = measured["drawn_ms"]
    numbers = (f"median {_ms(drawn['median'])} ms, max {_ms(drawn['max'])} ms, " if measured["drawn"] else "")
    not_drawn = [f"{measured[key]} {words}" for key, words in _not_drawn_reasons(measured) if measured.get(key)]
    return (f"{label}: {numbers}{measured['drawn']} of {measured['runs']} runs drawn"
            + (f" ({', '.join(not_drawn)})" if not_drawn else ""))


def browser_targets(results: dict) -> list[dict]:
    """The issue's Chromium targets: the overview drawn cold, and each click drawn again
    (median of the runs drawn; a run that timed out or failed misses the target)."""
    browsed = [s for s in results["sizes"] if s.get("browser")]
    if not browsed:
        return [{"target": OVERVIEW_DRAWN_TARGET, "status": "not measured", "detail": "no browser timing in this run"}] + [
            {"target": _click_target(what, limit), "status": "not measured",
             "detail": "no browser timing in this run"} for _, what, limit in CLICK_TARGETS]
    worst = max(s["browser"]["cold_drawn_ms"]["median"] for s in browsed)
    targets = [{
        "target": OVERVIEW_DRAWN_TARGET,
        "status": "met" if worst < OVERVIEW_DRAWN_TARGET_MS else "missed",
        "detail": "cold cache, median: " + ", ".join(
            f"{s['store']['label']} {_ms(s['browser']['cold_drawn_ms']['median'])} ms" for s in browsed)
                  + "; warm cache, median: " + ", ".join(
            f"{s['store']['label']} {_ms(s['browser']['warm_drawn_ms']['median'])} ms" for s in browsed)}]
    for key, what, limit in CLICK_TARGETS:
        target = _click_target(what, limit)
        measured = [(s["store"]["label"], s["browser"][key]) for s in browsed if s["browser"].get(key)]
        if not measured:
            targets.append({"target": target, "status": "not measured", "detail": "not timed in this run"})
            continue
        met = all(_click_met(m, limit) for _, m in measured)
        worst = max((m["drawn_ms"]["median"] for _, m in measured if m["drawn"]), default=None)
        detail = "; ".join(_click_numbers(label, m) for label, m in measured)
        if not met and worst is not None and worst >= limit:
            detail += f"; slowest median {worst / limit:.1f}x the target"
        targets.append({"target": target, "status": "met" if met else "missed", "detail": detail})
    return targets


# -- the document ---------------------------------------------------------------------------

def machine_section(results: dict) -> list[str]:
    machine = results["machine"]
    return ["## Machine", "", _table(["", ""], [
        ["CPU", f"{machine['cpu_model']}, {machine['nproc']} cores (nproc)"],
        ["Memory", f"{machine['memory_gib']} GiB"],
        ["OS", machine["os"]],
        ["Python", machine["python"]],
        ["Packages", ", ".join(f"{k} {v}" for k, v in machine["packages"].items())],
        ["Browser", machine["chromium"] or "no Chromium"],
        ["Code measured", machine.get("code", "not recorded")],
        ["Load average (1 min) when each phase began",
         ", ".join(f"{p['phase']} {p['load_1min']:.1f}" for p in results["load_averages"])],
    ]), "",
        "The machine is shared: other people's tests and servers ran during the run, and the load "
        "averages above show how busy the two cores were. Wall-clock times include that contention; the "
        "server's CPU time per request (from `Server-Timing`) does not.", ""]


def clicks_section(browsed: list[dict]) -> list[str]:
    """The clicks timed in Chromium: a row per size and click."""
    rows = []
    for size in browsed:
        for key, what, limit in CLICK_TARGETS:
            m = size["browser"].get(key)
            if not m:
                continue
            rows.append([size["store"]["label"], what, m["runs"],
                         f"{m['drawn']} ({m['timed_out']} timed out, {m['failed']} failed, "
                         f"{m.get('change_lost', 0)} change lost)",
                         f"{_ms(m['drawn_ms']['median'])} / {_ms(m['drawn_ms']['max'])} ms",
                         f"{_seconds_text(limit)}: **{'met' if _click_met(m, limit) else 'missed'}**",
                         m["graphs"], f"{m['change_shown']} of {m['drawn']}", f"{m['load_1min_at_start']:.1f}"])
    if not rows:
        return ["Filter changes and map clicks were not timed in this run.", ""]
    return ["### Filter changes and map clicks", "",
            _table(["size", "click", "runs", "drawn", "click to drawn (median / max)", "target (median)",
                    "graphs waited for (most)", "change shown", "load (1 min) at start"], rows), "",
            "Clicked as a user clicks, in one browser context with the app's scripts cached: a seeded starting "
            "view (period and strand, in the address), then one control changed in the filter bar (the "
            "strand, or the period's start: a period of another usual length), on the overview and on "
            "borough profiles (Camden first, then seeded boroughs); or a seeded borough clicked with the mouse "
            "inside its shape on the overview's map. The time runs from the click's `pointerup` to the last "
            "graph drawn again with the new figure, with no callback pending: dcc.Graph takes the class "
            "`dash-graph--pending` off a plot once `Plotly.react` has drawn its figure, and Dash's renderer "
            "removes its `_dash-loading-callback` element when no callback is waiting or running; both are "
            "stamped as they happen by a MutationObserver. Every graph the page displays counts (its own "
            "charts, the incident section's and the partner panels), each holding a figure it did not hold "
            "before the click. *Change shown*: runs where a chart title named the new strand or period and "
            "had not before (or, for a map click, the profile's heading and trend named the borough), checked "
            "on every run. A run not drawn within its time-out is counted as timed out, and a run whose page "
            "settled with the filter bar and address back at the old choice as *change lost*: neither is "
            "left out, and either misses the target. Each run opens its page in a new tab.", ""]


def browser_section(results: dict) -> list[str]:
    browsed = [s for s in results["sizes"] if s.get("browser")]
    out = ["## The overview in headless Chromium", ""]
    if browsed:
        out += [_table(["size", "drawn, cold cache (median / max)", "drawn, warm cache (median)",
                        "DOMContentLoaded", "requests", "transferred, cold", "transferred, warm",
                        "compressed responses", "if gzipped"],
                       [[s["store"]["label"],
                         f"{_ms(s['browser']['cold_drawn_ms']['median'])} / {_ms(s['browser']['cold_drawn_ms']['max'])} ms",
                         f"{_ms(s['browser']['warm_drawn_ms']['median'])} ms",
                         f"{_ms(s['browser']['dom_content_loaded_ms'])} ms", s["browser"]["cold_page"]["requests"],
                         _kb(s["browser"]["cold_page"]["transferred_bytes"]), _kb(s["browser"]["warm_transferred_bytes"]),
                         s["browser"]["cold_page"]["compressed_responses"],
                         _kb(s["browser"]["cold_page"]["gzip_bytes_if_compressed"])] for s in browsed]), "",
                "Cold-cache page weight by kind (" + browsed[-1]["store"]["label"] + "):", "",
                _table(["kind", "requests", "transferred"],
                       [[kind, v["requests"], _kb(v["transferred"])]
                        for kind, v in browsed[-1]["browser"]["cold_page"]["by_kind"].items()]), "",
                f"{browsed[-1]['browser']['runs']} runs per size, each in a fresh browser context (cold cache) "
                "and then reloaded (warm cache), viewport 1366x900, served by `python app.py`. *Drawn* is "
                "`performance.now()` (from the start of navigation) when all three overview graphs hold "
                "data and have a trace in their SVG. *Transferred* is what Chromium received, headers "
                "included (DevTools `Network.loadingFinished`); *if gzipped* is the bodies compressed "
                "with gzip level 6 by the benchmark, for comparison. The server's answers cache starts "
                "empty for each size.", ""]
        out += clicks_section(browsed)
    else:
        out += ["Not measured in this run (no Chromium, or `--no-browser`).", ""]
    return out


def render_browser_only(results: dict) -> str:
    """The report of a `--browser-only` run: the Chromium targets and timings alone."""
    out = ["# Benchmark: in headless Chromium only", "",
           f"Measured {results['machine']['date']} by `{results['command']}` "
           f"(the whole run took {results['total_seconds'] / 60:.1f} minutes). Only the browser was timed: "
           "see BENCHMARKS.md for the rest.", ""]
    out += machine_section(results)
    out += ["## Stores", "", ", ".join(f"{s['store']['label']}: {s['store']['rows']['incidents']:,} incident rows "
                                       f"({s['store']['path']})" for s in results["sizes"]), ""]
    out += ["## Targets", "", _table(["target", "result", "numbers"],
                                      [[t["target"], f"**{t['status']}**", t["detail"]]
                                       for t in browser_targets(results)]), ""]
    out += browser_section(results)
    return "\n".join(out).rstrip() + "\n"


def render(results: dict, previous_text: str | None = None) -> str:
    machine, options = results["machine"], results["options"]
    out = ["# Benchmarks", "",
           f"Measured {machine['date']} by `{results['command']}` "
           f"(the whole run took {results['total_seconds'] / 60:.1f} minutes). "
           "Every number below comes from that run; the benchmark rewrites this file, "
           "keeping only the hand-written analysis.", ""]

    out += ["## How to run it", "", "```", "cd /work/main   # the repository",
            ".venv/bin/python -m bench                       # 100k, 1M and 10M rows; writes BENCHMARKS.md",
            ".venv/bin/python -m bench --quick               # smoke run on a 10k-row store; writes under /tmp",
            ".venv/bin/python -m bench --browser-only --sizes 1M   # Chromium alone, on the store already built",
            ".venv/bin/python -m bench --help", "```", "",
            "Stores are built under `" + options["store_dir"] + "`, never in the repository. "
            "Servers run as subprocesses on ports 8071-8079.", ""]

    out += machine_section(results)

    out += ["## Stores", "", _table(
        ["size", "incident rows", "generator scale", "build time", "build peak memory", "file size",
         "monthly_counts rows", "daily_counts rows"],
        [[s["store"]["label"], f"{s['store']['rows']['incidents']:,}", f"{s['store']['scale']:.3f}",
          "reused" if s["store"].get("reused") else f"{s['store']['build_seconds']:.1f} s",
          "reused" if s["store"].get("reused") else f"{s['store']['build_peak_rss_mb']:,.0f} MB",
          _mb(s["store"]["file_bytes"]), f"{s['store']['rows']['monthly_counts']:,}",
          f"{s['store']['rows']['daily_counts']:,}"] for s in results["sizes"]]), "",
        f"Built with `python -m loaders --store <path> build-demo --end-month {options['end_month']} "
        f"--seed {options['seed']} --scale <scale>`; scale 1 makes {results['rows_at_scale_1']:,} rows "
        f"for 2016-01 to {options['end_month']}.", ""]

    out += ["## Targets", "", _table(["target", "result", "numbers"],
                                      [[t["target"], f"**{t['status']}**", t["detail"]]
                                       for t in evaluate_targets(results)]), ""]

    analysis = existing_analysis(previous_text)
    out += ["## Analysis", "", ANALYSIS_START,
            analysis if analysis is not None else
            "_Not written yet for this run: say here why each missed target was missed and what would close it._",
            ANALYSIS_END, ""]

    out += ["## Interactions replayed through HTTP", "",
            f"Each interaction was replayed {options['requests']} times with varied filters (after "
            f"{options['warm_ups']} unrecorded warm-up runs), through `POST /_dash-update-component` with the payloads "
            "Chromium sends, one request at a time. An interaction's time is the sum of its requests' "
            "times: the filter bar's callback, then every callback that reads the new filter state "
            "(requests per interaction in the second column). *server* is the `Server-Timing` of "
            "bench/timed_server.py; *db*, *figures* and *json* are the parts of it spent in the app's "
            "queries, in the `figures.*` builders and in Dash encoding the answer; *cpu* is the server "
            "thread's CPU time; *round trip* is the client's time on loopback. Bytes are the bodies as "
            "sent (the app does not compress); *gzip* is what the same bytes would be compressed; "
            "*boundaries* is the part of the bytes that is borough GeoJSON.", ""]
    for size in results["sizes"]:
        replay = size["replay"]
        out += [f"### {size['store']['label']} rows ({size['store']['rows']['incidents']:,} incidents)", "",
                _table(["interaction", "req.", "server p50 / p95 / max (ms)", "db p50", "figures p50", "json p50",
                        "cpu p50", "round trip p50 / p95", "bytes p50 / max", "gzip p50", "boundaries p50"],
                       [[name, v["requests_per_variant"],
                         f"{_ms(v['server_ms']['p50'])} / {_ms(v['server_ms']['p95'])} / {_ms(v['server_ms']['max'])}",
                         _ms(v["db_ms"]["p50"]), _ms(v["fig_ms"]["p50"]), _ms(v["json_ms"]["p50"]),
                         _ms(v["cpu_ms"]["p50"]),
                         f"{_ms(v['round_trip_ms']['p50'])} / {_ms(v['round_trip_ms']['p95'])}",
                         f"{_kb(v['bytes']['p50'])} / {_kb(v['bytes']['max'])}", _kb(v["gzip_bytes"]["p50"]),
                         _kb(v["geojson_bytes"]["p50"])]
                        for name, v in replay["interactions"].items()]), "",
                "Per callback request:", "",
                _table(["callback", "requests", "server p50 / p95 / max (ms)", "db p50 (queries)", "figures p50",
                        "json p50", "cpu p50", "bytes p50 / max"],
                       [[name, v["requests"],
                         f"{_ms(v['server_ms']['p50'])} / {_ms(v['server_ms']['p95'])} / {_ms(v['server_ms']['max'])}",
                         f"{_ms(v['db_ms']['p50'])} ({v['db_queries']['p50']:.0f})", _ms(v["fig_ms"]["p50"]),
                         _ms(v["json_ms"]["p50"]), _ms(v["cpu_ms"]["p50"]),
                         f"{_kb(v['bytes']['p50'])} / {_kb(v['bytes']['max'])}"]
                        for name, v in replay["callbacks"].items()]), "",
                f"Server memory after the replay: peak (VmHWM) {size['server_memory'].get('VmHWM', 0):,.0f} MB, "
                f"resident (VmRSS) {size['server_memory'].get('VmRSS', 0):,.0f} MB.", ""]

    if len(results["sizes"]) > 1:
        names = list(results["sizes"][0]["replay"]["interactions"])
        out += ["### How server time grows with rows", "",
                _table(["interaction"] + [f"p50 / p95 at {s['store']['label']}" for s in results["sizes"]],
                       [[name] + [f"{_ms(s['replay']['interactions'][name]['server_ms']['p50'])} / "
                                  f"{_ms(s['replay']['interactions'][name]['server_ms']['p95'])}"
                                  for s in results["sizes"]] for name in names]), ""]

    out += ["## Against pandas", "",
            "The same questions, with the same varied filters, answered by the app's queries (DuckDB on "
            "the aggregates kept at load time) and the common way: all incidents in a pandas DataFrame, "
            "loaded once, boolean masks and groupby per request. Both run in the benchmark's process; "
            "medians of the recorded variants, after one warm-up. The answers were compared and must "
            "be equal.", ""]
    for size in results["sizes"]:
        pandas = size.get("pandas")
        if not pandas:
            continue
        out += [f"### {size['store']['label']} rows", "",
                _table(["question", "app (ms)", "pandas (ms)", "pandas / app"],
                       [[name, _ms(q["app_ms"]), _ms(q["pandas_ms"]), f"{q['ratio']:.1f}x"]
                        for name, q in pandas["questions"].items()]
                       + [["**all together**", _ms(pandas["app_total_ms"]), _ms(pandas["pandas_total_ms"]),
                           f"**{pandas['ratio_of_totals']:.1f}x**"]]), "",
                f"DataFrame: {pandas['frame_mb']:,.0f} MB in memory, {pandas['load_seconds']:.1f} s to load "
                f"from the store. Answers identical: {'yes' if pandas['answers_identical'] else 'NO'}. "
                f"{next(iter(pandas['questions'].values()))['samples']} variants per question.", ""]

    out += ["## Cold start and memory", "",
            _table(["size", "first page served (median / max)", "overview's callbacks answered (median / max)",
                    "server peak memory after the replay (VmHWM)"],
                   [[s["store"]["label"],
                     f"{s['cold_start']['first_page_s']['median']:.2f} s / {s['cold_start']['first_page_s']['max']:.2f} s",
                     f"{s['cold_start']['overview_answered_s']['median']:.2f} s / "
                     f"{s['cold_start']['overview_answered_s']['max']:.2f} s",
                     f"{s['server_memory'].get('VmHWM', 0):,.0f} MB"]
                    for s in results["sizes"] if s.get("cold_start")]), "",
            f"Cold start runs `python app.py` ({options['cold_starts']} runs per size) and times from "
            "process start to `GET /` answering 200, then to the filter bar's, the overview's and the "
            "map's first answers. Peak memory is VmHWM from /proc/<pid>/status of the server process.", ""]

    out += browser_section(results)
    return "\n".join(out).rstrip() + "\n"
