"""The benchmark report renders the Chromium targets and timings from a run's results:
a small made-up results dict, no browser and no server. Nothing here is a timing
threshold: the numbers are invented, and only how they are reported is checked."""

import pytest

from bench.report import browser_targets, render, render_browser_only

MACHINE = {"date": "2026-12-02 18:00", "cpu_model": "Test CPU", "nproc": 2, "memory_gib": 8.0, "os": "Linux",
           "python": "3.11", "packages": {"dash": "4.4.1"}, "chromium": "Chromium 142", "code": "commit abc1234"}
STATS = {"p50": 10.0, "p95": 20.0, "max": 30.0}


def clicks(medians_ms: list[float | None], *, timed_out: int = 0, failed: int = 0, lost: int = 0) -> dict:
    drawn = [ms for ms in medians_ms if ms is not None]
    return {"runs": len(medians_ms) + timed_out + failed + lost, "drawn": len(drawn), "timed_out": timed_out,
            "failed": failed, "change_lost": lost, "change_shown": len(drawn), "timeout_ms": 30_000, "graphs": 12,
            "load_1min_at_start": 2.5,
            "drawn_ms": {"median": sorted(drawn)[len(drawn) // 2] if drawn else None,
                         "max": max(drawn) if drawn else None},
            "samples": []}


def browser(cold_ms: float, **measured) -> dict:
    return {"runs": 3, "cold_drawn_ms": {"median": cold_ms, "max": cold_ms + 100},
            "warm_drawn_ms": {"median": cold_ms / 2, "max": cold_ms / 2}, "dom_content_loaded_ms": 300.0,
            "cold_page": {"requests": 20, "transferred_bytes": 2_000_000, "compressed_responses": 15,
                          "body_bytes": 6_000_000, "gzip_bytes_if_compressed": 1_900_000,
                          "by_kind": {"scripts": {"requests": 10, "transferred": 1_800_000}}},
            "warm_transferred_bytes": 40_000, "server_peak_rss_mb": 300.0, **measured}


def size(label: str, browsed: dict | None, *, replay: bool = True) -> dict:
    result = {"store": {"label": label, "path": f"/tmp/bench-{label}.duckdb", "scale": 1.0, "reused": True,
                        "file_bytes": 10_000_000,
                        "rows": {"incidents": 1_000_000, "monthly_counts": 10, "daily_counts": 20}}}
    if replay:
        interaction = {"requests_per_variant": 3, "variants": 2, **{key: dict(STATS) for key in (
            "server_ms", "db_ms", "fig_ms", "json_ms", "cpu_ms", "round_trip_ms", "bytes", "gzip_bytes",
            "geojson_bytes")}}
        callback = {"requests": 6, "db_queries": dict(STATS), **{key: dict(STATS) for key in (
            "server_ms", "db_ms", "fig_ms", "json_ms", "cpu_ms", "bytes")}}
        result.update(replay={"interactions": {"overview: change strand": interaction},
                              "callbacks": {"overview map": callback}},
                      server_memory={"VmHWM": 300.0, "VmRSS": 250.0})
    if browsed is not None:
        result["browser"] = browsed
    return result


def results(*sizes, browser_only: bool = False) -> dict:
    return {"command": ".venv/bin/python -m bench", "machine": MACHINE, "rows_at_scale_1": 100,
            "options": {"requests": 2, "warm_ups": 1, "cold_starts": 1, "browser_runs": 3,
                        "store_dir": "/tmp/stores", "end_month": "2026-10", "seed": 1, "browser_only": browser_only},
            "sizes": list(sizes), "load_averages": [{"phase": "1M: Chromium", "load_1min": 2.5}],
            "total_seconds": 60.0}


def by_target(targets: list[dict]) -> dict:
    return {t["target"]: t for t in targets}


MEASURED = {"overview_filter_change": clicks([300.0, 400.0, 450.0]),
            "profile_filter_change": clicks([600.0, 900.0, 700.0]),
            "map_click_to_profile": clicks([800.0, 900.0], timed_out=1)}


def test_each_chromium_target_has_a_row_saying_met_or_missed_with_the_numbers():
    rows = by_target(browser_targets(results(size("1M", browser(1200.0, **MEASURED)))))
    overview = rows["overview drawn cold within 1.5 s of navigation (median)"]
    assert overview["status"] == "met" and "1M 1,200 ms" in overview["detail"]

    change = rows["a filter change on the overview drawn within 500 ms of the click (median)"]
    assert change["status"] == "met"
    assert change["detail"] == "1M: median 400 ms, max 450 ms, 3 of 3 runs drawn"

    profile = rows["a filter change on a borough profile drawn within 500 ms of the click (median)"]
    assert profile["status"] == "missed" and "median 700 ms" in profile["detail"] and "1.4x the target" in profile["detail"]


def test_a_run_that_timed_out_misses_the_target_and_is_counted():
    rows = by_target(browser_targets(results(size("1M", browser(1200.0, **MEASURED)))))
    click = rows["a map click to its profile drawn within 1 s of the click (median)"]
    # Both runs drawn were under 1 s; the one that timed out still misses the target.
    assert click["status"] == "missed"
    assert "2 of 3 runs drawn (1 timed out after 30 s)" in click["detail"]


def test_a_change_the_filter_bar_lost_misses_the_target_and_is_counted():
    measured = dict(MEASURED, overview_filter_change=clicks([300.0, 400.0], lost=1))
    rows = by_target(browser_targets(results(size("1M", browser(1200.0, **measured)))))
    change = rows["a filter change on the overview drawn within 500 ms of the click (median)"]
    assert change["status"] == "missed"
    assert "2 of 3 runs drawn (1 drawn with the filter bar gone back to the old choice)" in change["detail"]


def test_the_cold_overview_target_is_the_issues_1_5_seconds():
    rows = by_target(browser_targets(results(size("1M", browser(1600.0, **MEASURED)))))
    assert rows["overview drawn cold within 1.5 s of navigation (median)"]["status"] == "missed"
    assert not any("2 s" in target for target in rows)


def test_without_a_browser_every_chromium_target_is_not_measured():
    rows = browser_targets(results(size("1M", None)))
    assert len(rows) == 4 and {row["status"] for row in rows} == {"not measured"}


def test_results_from_before_the_clicks_were_timed_still_render():
    rows = by_target(browser_targets(results(size("1M", browser(1200.0)))))
    assert rows["a filter change on the overview drawn within 500 ms of the click (median)"]["status"] == "not measured"
    assert "Filter changes and map clicks were not timed" in render(results(size("1M", browser(1200.0))))


@pytest.mark.parametrize("browser_only", [False, True])
def test_the_report_has_the_target_rows_and_the_chromium_table(browser_only):
    run = results(size("1M", browser(1200.0, **MEASURED), replay=not browser_only), browser_only=browser_only)
    text = render_browser_only(run) if browser_only else render(run)
    assert "| overview drawn cold within 1.5 s of navigation (median) | **met** |" in text
    assert "| a map click to its profile drawn within 1 s of the click (median) | **missed** |" in text
    assert "## The overview in headless Chromium" in text and "### Filter changes and map clicks" in text
    assert ("| 1M | a filter change on a borough profile | 3 | 3 (0 timed out, 0 failed, 0 change lost) | 700 / 900 ms | "
            "500 ms: **missed** | 12 | 3 of 3 | 2.5 |") in text
    assert "| 1M | a map click to its profile | 3 | 2 (1 timed out, 0 failed, 0 change lost) | " in text


@pytest.mark.parametrize("old, new, before, after, shown", [
    ("Islamophobic", "Race", "Islamophobic (faith), monthly offences", "Race, monthly offences", True),
    # One month: its label was already in the old period's, which the title no longer names.
    ("Mar 2018 to Aug 2018", "Aug 2018", "Brent, Mar 2018 to Aug 2018", "Brent, Aug 2018", True),
    ("Race", "Religion", "Race was the most recorded strand", "Race was the most recorded strand", False),
])
def test_a_run_counts_as_showing_the_change_only_where_a_title_names_the_new_choice(old, new, before, after, shown):
    from bench.browser_clicks import _change_shown

    run = {"titles_before": {"chart": before}, "titles": {"chart": after}}
    assert bool(_change_shown(run, old, new)) is shown
