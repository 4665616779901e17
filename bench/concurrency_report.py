"""The concurrency section of the benchmark report (bench/concurrent_users.py)."""

from bench.report import _ms, _table

TARGET_THROUGHPUT_RPS = 4 * 16.7  # 4x the development server's 16.7 requests/s (issue 13)
TARGET_REQUEST_P95_MS = 1000
TARGET_MEETING_P95_MS = 150
TARGET_SWAP_SECONDS = 5
TARGET_MEMORY_GROWTH_PCT = 20


def render_concurrency(results: dict) -> str:
    sized = [s for s in results["sizes"] if s.get("concurrency")]
    if not sized:
        return ""
    out = ["## Many users at once (Gunicorn, as ./run.sh serves)", "",
           "Closed loop: each user is a thread with its own connection that sends its next request as soon "
           "as the last is answered, replaying every page's interactions with varied filters "
           "(bench/concurrent_users.py). The users run on the same machine as the server. Targets (issue 13): "
           f"50 users with 0 errors, at least {TARGET_THROUGHPUT_RPS:.0f} requests/s and request p95 under "
           f"{TARGET_REQUEST_P95_MS} ms; the meeting case (everyone on one view) p95 under "
           f"{TARGET_MEETING_P95_MS} ms; a swap under 25 users with 0 failed requests and new data within "
           f"{TARGET_SWAP_SECONDS} s; memory after 10,000 requests within {TARGET_MEMORY_GROWTH_PCT}% of "
           "memory after 1,000.", ""]
    for size in sized:
        c = size["concurrency"]
        rows = [[f"{run['users']} users, varied filters", run["requests"], run["errors"],
                 f"{run['requests_per_second']:.1f}",
                 f"{_ms(run['request_ms']['p50'])} / {_ms(run['request_ms']['p95'])}",
                 f"{_ms(run['interaction_ms']['p50'])} / {_ms(run['interaction_ms']['p95'])}"]
                for run in c.get("users", [])]
        if c.get("meeting"):
            run = c["meeting"]
            rows.append([f"meeting: {run['users']} users on one view", run["requests"], run["errors"],
                         f"{run['requests_per_second']:.1f}",
                         f"{_ms(run['request_ms']['p50'])} / {_ms(run['request_ms']['p95'])}",
                         f"{_ms(run['interaction_ms']['p50'])} / {_ms(run['interaction_ms']['p95'])}"])
        if c.get("swap"):
            run = c["swap"]
            rows.append([f"swap during {run['users']} users", run["requests"], run["errors"],
                         f"{run['requests_per_second']:.1f}",
                         f"{_ms(run['request_ms']['p50'])} / {_ms(run['request_ms']['p95'])}",
                         f"{_ms(run['interaction_ms']['p50'])} / {_ms(run['interaction_ms']['p95'])}"])
        if c.get("packs"):
            run = c["packs"]
            rows.append([f"{run['packs']} briefing packs during {run['users']} users", run["requests"],
                         run["errors"], f"{run['requests_per_second']:.1f}",
                         f"{_ms(run['request_ms']['p50'])} / {_ms(run['request_ms']['p95'])}",
                         f"{_ms(run['interaction_ms']['p50'])} / {_ms(run['interaction_ms']['p95'])}"])
        out += [f"### {size['store']['label']} rows", "",
                _table(["run", "requests", "errors", "requests/s", "request p50 / p95 (ms)",
                        "interaction p50 / p95 (ms)"], rows), ""]
        if c.get("swap"):
            run = c["swap"]
            seen = run["new_data_served_after_seconds"]
            out += [f"Swap: the load (`loaders add-event`, copy, write, swap) took {run['load_seconds']:.1f} s "
                    f"(exit code {run['load_exit_code']}); the new data was served "
                    + (f"{seen:.2f} s after it finished" if seen is not None else "**not within the run**")
                    + f"; {run['errors']} requests failed.", ""]
        if c.get("packs"):
            run = c["packs"]
            out += [f"Briefing packs: {run['packs']} asked at once, {run['packs_ok']} made, all within "
                    f"{run['packs_seconds']:.0f} s (each {run['pack_seconds']['p50'] / 1000:.1f} s median, "
                    f"{run['pack_seconds']['max'] / 1000:.1f} s longest, waits included); told to wait "
                    f"{run['told_to_wait']} times (503, Retry-After). Server memory "
                    f"{run['memory_before_mb'] or 0:,.0f} MB before, {run['memory_peak_mb']:,.0f} MB at its peak.", ""]
        if c.get("memory"):
            readings = c["memory"]["readings"]
            out += ["Server memory, all Gunicorn processes (VmRSS): "
                    + "; ".join(f"after {int(k):,} requests {v['VmRSS_total']:,.0f} MB ({v['processes']} processes)"
                                for k, v in readings.items())
                    + (f"; growth {c['memory']['growth_pct']:+.1f}%." if c["memory"]["growth_pct"] is not None
                       else "."), ""]
        if c.get("workers") is not None:
            out += [f"Gunicorn: {c['workers']} workers x {c['threads']} threads.", ""]
    return "\n".join(out)
