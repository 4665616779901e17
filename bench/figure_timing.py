"""How long the figure builders take, and Dash's JSON encoding of what they return.

    .venv/bin/python -m bench.figure_timing [--repeats 30]

Builds each chart of the overview at its usual size (a 10-year monthly trend of three
strands with six events and a rolling line; the borough map; the strand bars) and
prints the median milliseconds per build and per encoding. For comparing changes to
figures/: run before and after on the same quiet machine.
"""

import argparse
import statistics
import time

import numpy as np
import pandas as pd
from plotly.io.json import to_json_plotly

from figures.borough_map import borough_choropleth
from figures.strand_bars import strand_comparison_bars
from figures.trend import trend_figure
from geodata import BOUNDARIES_URL
from queries.schema import BOROUGHS_CSV

CITY_OF_LONDON = "E09000001"
TREND_MONTHS = 120
EVENT_DATES = ["2016-06-23", "2017-03-22", "2017-05-22", "2017-06-03", "2019-03-15", "2020-03-23"]
STRANDS = ["all", "race", "religion", "antisemitic", "islamophobic", "sexual_orientation", "transgender",
           "disability"]


def example_builds() -> dict:
    boroughs = pd.read_csv(BOROUGHS_CSV)
    met = boroughs[boroughs.gss_code != CITY_OF_LONDON]
    count = len(met)
    summary = pd.DataFrame({
        "gss_code": met.gss_code.to_numpy(), "name": met.gss_code.to_numpy(), "slug": "borough",
        "offences": np.arange(count), "previous_offences": np.arange(count) + 3, "change_pct": 1.5,
        "rate_per_1000": np.linspace(0.1, 2.0, count), "rank_by_rate": np.arange(1, count + 1)})
    city = pd.DataFrame({"gss_code": [CITY_OF_LONDON], "name": ["City of London"]})
    months = pd.date_range("2016-01-01", periods=TREND_MONTHS, freq="MS")
    series = pd.concat([pd.DataFrame({"month": months, "strand": strand, "area": "london",
                                      "offences": np.arange(TREND_MONTHS) + index})
                        for index, strand in enumerate(["all", "race", "religion"])])
    events = pd.DataFrame({"start_date": pd.to_datetime(EVENT_DATES), "end_date": [pd.NaT] * len(EVENT_DATES),
                           "label": [f"Event {number}" for number in range(len(EVENT_DATES))]})
    comparison = pd.DataFrame({"strand": STRANDS, "offences": range(8), "previous_offences": range(1, 9),
                               "change_pct": 1.0})
    return {
        "trend (3 strands x 120 months, 6 events, rolling)": lambda: trend_figure(
            series, time_column="month", title="Trend", subtitle="s", source="Source", events=events,
            rolling_window=12, rolling_label="12-month rolling average"),
        "borough map": lambda: borough_choropleth(
            summary, BOUNDARIES_URL, metric="count", title="Map", subtitle="s", source="Source", no_data=city),
        "strand bars": lambda: strand_comparison_bars(
            comparison, title="Bars", subtitle="s", source="Source", current_label="2025", previous_label="2024"),
    }


def median_ms(function, repeats: int) -> float:
    function()  # first call pays for imports and caches
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.figure_timing", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=30, help="builds per chart (default: 30)")
    args = parser.parse_args(argv)
    for name, build in example_builds().items():
        figure = build()
        answer = {"multi": True, "response": {"chart": {"figure": figure}}}  # as Dash encodes a callback's answer
        print(f"{name}: build {median_ms(build, args.repeats):.1f} ms, "
              f"Dash JSON {median_ms(lambda: to_json_plotly(answer), args.repeats):.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
