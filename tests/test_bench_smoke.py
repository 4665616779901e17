"""The benchmark's quick mode runs end to end and reports every section.

No timing thresholds here: timings depend on the machine and on what else runs on it.
BENCHMARKS.md holds the measured numbers; this only checks the benchmark still works.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.browser_timing import chromium_available

pytestmark = pytest.mark.slow  # a whole benchmark run on a small store: left out of ./test.sh --quick

REPO_ROOT = Path(__file__).resolve().parent.parent
SMOKE_TIMEOUT_SECONDS = 300


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory):
    directory = tmp_path_factory.mktemp("bench")
    command = [sys.executable, "-m", "bench", "--quick", "--store-dir", str(directory / "stores"),
               "--out", str(directory / "BENCHMARKS.md"), "--json", str(directory / "BENCHMARKS.json")]
    if not chromium_available():
        command.append("--no-browser")
    finished = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True,
                              timeout=SMOKE_TIMEOUT_SECONDS)
    assert finished.returncode == 0, finished.stderr[-3000:]
    return {"report": (directory / "BENCHMARKS.md").read_text(encoding="utf-8"),
            "results": json.loads((directory / "BENCHMARKS.json").read_text(encoding="utf-8")),
            "store_dir": directory / "stores"}


def test_quick_benchmark_report_has_every_section(quick_run):
    for heading in ["## How to run it", "## Machine", "## Stores", "## Targets", "## Analysis",
                    "## Interactions replayed through HTTP", "## Against pandas", "## Cold start and memory",
                    "## The overview in headless Chromium"]:
        assert heading in quick_run["report"], heading


def test_quick_benchmark_builds_its_store_outside_the_repository(quick_run):
    size = quick_run["results"]["sizes"][0]
    assert Path(size["store"]["path"]).parent == quick_run["store_dir"]
    assert size["store"]["rows"]["incidents"] > 0 and size["store"]["file_bytes"] > 0
    assert size["store"]["build_seconds"] > 0


def test_quick_benchmark_replays_every_page_through_http_with_positive_times(quick_run):
    replay = quick_run["results"]["sizes"][0]["replay"]
    pages = {name.split(":")[0] for name in replay["interactions"]}
    assert pages == {"overview", "borough profile", "trends", "compare", "what stands out", "about"}
    for name, interaction in replay["interactions"].items():
        assert interaction["variants"] == quick_run["results"]["options"]["requests"], name
        for measure in ("server_ms", "round_trip_ms", "bytes"):
            assert interaction[measure]["p50"] > 0 and interaction[measure]["max"] >= interaction[measure]["p95"], name


def test_quick_benchmark_compares_with_pandas_and_gets_the_same_answers(quick_run):
    pandas = quick_run["results"]["sizes"][0]["pandas"]
    assert pandas["answers_identical"]
    assert all(q["app_ms"] > 0 and q["pandas_ms"] > 0 for q in pandas["questions"].values())


def test_quick_benchmark_measures_cold_start_and_server_memory(quick_run):
    size = quick_run["results"]["sizes"][0]
    assert size["cold_start"]["first_page_s"]["median"] > 0
    assert size["server_memory"]["VmHWM"] > 0


@pytest.mark.skipif(not chromium_available(), reason="no Chromium at /usr/bin/chromium")
def test_quick_benchmark_times_the_overview_in_chromium(quick_run):
    browser = quick_run["results"]["sizes"][0]["browser"]
    assert browser["cold_drawn_ms"]["median"] > 0
    assert browser["cold_page"]["transferred_bytes"] > 0


@pytest.mark.skipif(not chromium_available(), reason="no Chromium at /usr/bin/chromium")
@pytest.mark.parametrize("click", ["overview_filter_change", "profile_filter_change", "map_click_to_profile"])
def test_quick_benchmark_times_each_click_in_chromium_and_counts_every_run(quick_run, click):
    measured = quick_run["results"]["sizes"][0]["browser"][click]
    assert measured["runs"] == quick_run["results"]["options"]["browser_runs"] == len(measured["samples"])
    assert measured["drawn"] + measured["timed_out"] + measured["failed"] == measured["runs"]
    for sample in measured["samples"]:
        if "drawn_ms" in sample:
            assert sample["drawn_ms"] > 0 and sample["graphs"], sample
    assert "### Filter changes and map clicks" in quick_run["report"]
