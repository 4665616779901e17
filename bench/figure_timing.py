"""How long every registry chart takes: its queries, its figure builder, and each renderer.

    .venv/bin/python -m bench.figure_timing --store /tmp/bench-stores/1M.duckdb [--repeats 20]

For every chart of charts/registry.py (What stands out's small trends once), for London
and for Camden over the store's last 12 months, prints the median milliseconds of:
- build: the chart definition, whole (its queries and its figure builder);
- figure: the part of that spent in the `figures.*` builder it calls (plain dicts);
- page: rendering the answer for the page (figures/page_figure.py), and for the projector;
- export: rendering it for a PNG/SVG (exports/figure_for_export.py), maps with boundaries;
- json: Dash's JSON encoding of the page figure.
The target (issue "Chart answers as data") is every figure built in under 5 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import statistics
import time

import duckdb
from plotly.io.json import to_json_plotly

from bench.figure_builders import wrap_figure_builders
from charts import registry
from charts.context import context_for_state, viewer_facts
from charts.options import borough_option, optional_borough_option
from components import ids
from components.url_state import FilterState
from exports.chart_files import export_context
from exports.figure_for_export import figure_for_export
from figures.page_figure import page_figure

FIGURE_TARGET_MS = 5.0


class BuilderClock:
    """Seconds spent in the `figures.*` functions the chart definitions call."""

    def __init__(self):
        self.seconds = 0.0

    def wrap_builders(self):
        wrap_figure_builders(("charts.",), self._timed)

    def _timed(self, function):
        @functools.wraps(function)
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started
        return timed


def last_year_state(facts, boroughs: tuple[str, ...] = ()) -> FilterState:
    """The default dataset's last 12 months (or all it has), its distinct total or first
    strand, for London or `boroughs`: the view every chart is timed (and tested) on."""
    dataset_id = facts.choices.default_dataset_id
    coverage = facts.choices.coverage[dataset_id]
    end = coverage.last_month
    start = max(coverage.first_month, dt.date(end.year - 1, end.month, 1))
    strand = "all" if "all" in coverage.strands else coverage.strands[0]
    return FilterState(dataset_id, start, end, strand, tuple(boroughs))


def median_ms(function, repeats: int) -> float:
    function()  # the first call pays for imports and caches
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def chart_options(chart_id: str, context) -> dict | None:
    definition = registry.CHARTS[chart_id]
    if definition.check_options in (borough_option, optional_borough_option):
        return {"borough": "camden"}
    if chart_id in ids.STANDS_OUT_ITEM_CHARTS:
        return {"area": "camden", "strand": context.state.strand, "month": f"{context.state.end:%Y-%m}"}
    return None


def time_charts(store: str, repeats: int) -> list[dict]:
    clock = BuilderClock()
    clock.wrap_builders()
    con = duckdb.connect(store, read_only=True)
    cursor = con.cursor()
    facts = viewer_facts(cursor)
    rows = []
    for area, boroughs in (("London", ()), ("Camden", ("camden",))):
        context = context_for_state(facts, last_year_state(facts, boroughs))
        for chart_id in registry.CHARTS:
            if chart_id in ids.STANDS_OUT_ITEM_CHARTS[1:]:
                continue
            definition = registry.CHARTS[chart_id]
            options = definition.check_options(chart_options(chart_id, context), context)
            build = functools.partial(definition.build, cursor, context, options)
            answer = build()
            clock.seconds = 0.0
            build_ms = median_ms(build, repeats)
            figure_ms = 1000 * clock.seconds / (repeats + 1)
            export = export_context(context, area)
            page = page_figure(answer)
            rows.append({
                "chart": chart_id, "area": area, "build": build_ms, "figure": figure_ms,
                "page": median_ms(lambda: page_figure(answer), repeats),
                "projector": median_ms(lambda: page_figure(answer, projector=True), repeats),
                "export": median_ms(lambda: figure_for_export(answer, export), repeats),
                "json": median_ms(lambda: to_json_plotly(page), repeats),
                "message": answer.message is not None})
    con.close()
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.figure_timing", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", required=True, help="a store made by `python -m loaders build-demo`")
    parser.add_argument("--repeats", type=int, default=20, help="timed runs of each step (default: 20)")
    args = parser.parse_args(argv)
    rows = time_charts(args.store, args.repeats)
    print("| chart | area | build (ms) | figure builder (ms) | page | projector | export | JSON |")
    print("|---|---|---|---|---|---|---|---|")
    for row in rows:
        note = " (a sentence: nothing to draw)" if row["message"] else ""
        print(f"| {row['chart']}{note} | {row['area']} | {row['build']:.1f} | {row['figure']:.2f} | "
              f"{row['page']:.2f} | {row['projector']:.2f} | {row['export']:.1f} | {row['json']:.2f} |")
    slowest = max(rows, key=lambda row: row["figure"])
    over = [row for row in rows if row["figure"] >= FIGURE_TARGET_MS]
    print(f"\nSlowest figure builder: {slowest['chart']} ({slowest['area']}), {slowest['figure']:.2f} ms; "
          f"{len(over)} of {len(rows)} at or over the {FIGURE_TARGET_MS:.0f} ms target.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
