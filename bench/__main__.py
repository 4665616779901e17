"""The dashboard's benchmark, one command:

    .venv/bin/python -m bench                 # 100k, 1M and 10M rows; writes BENCHMARKS.md
    .venv/bin/python -m bench --quick --out /tmp/bench.md   # smoke run on a tiny store

For each size: build a synthetic store (timed), replay every page's interactions
through the app's HTTP callback endpoint, answer the same questions with pandas,
time cold starts, and time the overview in headless Chromium. Results go to a
Markdown report and a JSON file.
"""

import argparse
import datetime as dt
import json
import os
import shlex
import sys
import time
from pathlib import Path

from bench import build_stores
from bench.machine import describe_machine
from bench.report import render
from bench.server import REPO_ROOT, Server

DEFAULT_SIZES = "100k,1M,10M"
DEFAULT_STORE_DIR = "/tmp/bench-stores"
QUICK_STORE_DIR = "/tmp/bench-stores-quick"
QUICK = {"sizes": "10k", "requests": 2, "pandas_variants": 2, "cold_starts": 1, "browser_runs": 1, "warm_ups": 1}
FULL = {"sizes": DEFAULT_SIZES, "requests": 30, "pandas_variants": 10, "cold_starts": 3, "browser_runs": 3,
        "warm_ups": 2}
DEFAULT_END_MONTH = "2026-10"  # fixed, so every run builds the same stores


def _month(text: str) -> dt.date:
    try:
        return dt.datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a month like 2026-10")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=None,
                        help=f"incident rows per store, comma-separated (default: {DEFAULT_SIZES})")
    parser.add_argument("--requests", type=int, default=None,
                        help="varied requests per interaction (default: 30; at least 30 for a real run)")
    parser.add_argument("--pandas-variants", type=int, default=None,
                        help="varied filters per question in the pandas comparison (default: 10)")
    parser.add_argument("--cold-starts", type=int, default=None, help="cold starts per size (default: 3)")
    parser.add_argument("--browser-runs", type=int, default=None,
                        help="Chromium page loads per size, each cold then warm (default: 3)")
    parser.add_argument("--warm-ups", type=int, default=None,
                        help="unrecorded runs of each interaction before the recorded ones (default: 2)")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium timing")
    parser.add_argument("--out", default=None,
                        help="Markdown report (default: BENCHMARKS.md in the repository; "
                             f"with --quick, {QUICK_STORE_DIR}/BENCHMARKS-quick.md)")
    parser.add_argument("--json", default=None,
                        help="results as JSON (default: <store-dir>/<name of --out>.json)")
    parser.add_argument("--store-dir", default=None,
                        help=f"where stores are built (default: {DEFAULT_STORE_DIR}; never the repository)")
    parser.add_argument("--reuse-stores", action="store_true",
                        help="use stores already built in --store-dir instead of rebuilding them")
    parser.add_argument("--end-month", type=_month, default=_month(DEFAULT_END_MONTH),
                        help=f"last month of the synthetic data (default: {DEFAULT_END_MONTH})")
    parser.add_argument("--seed", type=int, default=20160101, help="generator and replay seed (default: %(default)s)")
    parser.add_argument("--render-only", metavar="JSON", default=None,
                        help="measure nothing: rewrite --out from a run's JSON (to add the hand-written "
                             "analysis to the numbers of that run)")
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: one store of 10k rows, 2 requests per interaction, one of everything")
    return parser


def resolve(args) -> argparse.Namespace:
    for key, value in (QUICK if args.quick else FULL).items():
        if getattr(args, key, None) is None:
            setattr(args, key, value)
    args.store_dir = Path(args.store_dir or (QUICK_STORE_DIR if args.quick else DEFAULT_STORE_DIR))
    if REPO_ROOT in [args.store_dir.resolve(), *args.store_dir.resolve().parents]:
        raise SystemExit("Build stores outside the repository (--store-dir), e.g. under /tmp.")
    args.out = Path(args.out) if args.out else (
        args.store_dir / "BENCHMARKS-quick.md" if args.quick else REPO_ROOT / "BENCHMARKS.md")
    # The JSON goes beside the stores, not into the repository.
    args.json = Path(args.json) if args.json else args.store_dir / (args.out.stem + ".json")
    args.size_rows = [build_stores.parse_size(part) for part in args.sizes.split(",") if part.strip()]
    return args


def write_report(results: dict, out: Path):
    previous = out.read_text(encoding="utf-8") if out.exists() else None
    out.write_text(render(results, previous), encoding="utf-8")


def main(argv=None) -> int:
    args = resolve(build_parser().parse_args(argv))
    if args.render_only:
        write_report(json.loads(Path(args.render_only).read_text(encoding="utf-8")), args.out)
        print(f"wrote {args.out} from {args.render_only}", file=sys.stderr)
        return 0
    started = time.perf_counter()
    log = lambda message: print(f"[bench {time.perf_counter() - started:6.0f} s] {message}", file=sys.stderr,
                                flush=True)
    load_averages = []

    def phase(name):
        load_averages.append({"phase": name, "load_1min": os.getloadavg()[0]})
        log(name)

    from bench.browser_timing import chromium_available, measure_overview_in_browser
    from bench.callback_replay import replay_interactions
    from bench.cold_start import measure_cold_start
    from bench.pandas_baseline import compare_with_pandas

    browser = not args.no_browser and chromium_available()
    if not args.no_browser and not browser:
        log("No Chromium at /usr/bin/chromium: skipping the browser timing.")
    args.store_dir.mkdir(parents=True, exist_ok=True)
    machine = describe_machine()
    per_scale_1 = build_stores.rows_at_scale_1(args.end_month, args.seed)
    sizes = []
    for rows in args.size_rows:
        label = build_stores.size_label(rows)
        path = args.store_dir / f"bench-{label}.duckdb"
        phase(f"{label}: building the store")
        store = build_stores.build_store(path, target_rows=rows, per_scale_1=per_scale_1,
                                         end_month=args.end_month, seed=args.seed, reuse=args.reuse_stores, log=log)
        log(f"{label}: {store['rows']['incidents']:,} rows, {store['file_bytes'] / 1e6:.1f} MB")
        result = {"store": store}

        phase(f"{label}: replaying interactions")
        with Server(path, timed=True) as server:
            result["replay"] = replay_interactions(server.base_url, requests_per_interaction=args.requests,
                                                   seed=args.seed, warm_ups=args.warm_ups)
            result["server_memory"] = server.memory()

        phase(f"{label}: the same questions with pandas")
        result["pandas"] = compare_with_pandas(path, variants=args.pandas_variants, seed=args.seed)

        phase(f"{label}: cold starts")
        result["cold_start"] = measure_cold_start(path, runs=args.cold_starts, seed=args.seed)

        if browser:
            phase(f"{label}: the overview in Chromium")
            result["browser"] = measure_overview_in_browser(path, runs=args.browser_runs)
        sizes.append(result)

    command = ".venv/bin/python -m bench" + ("" if argv is None and len(sys.argv) <= 1 else
                                             " " + shlex.join(argv if argv is not None else sys.argv[1:]))
    results = {"command": command, "machine": machine, "rows_at_scale_1": per_scale_1,
               "options": {"sizes": args.sizes, "requests": args.requests, "pandas_variants": args.pandas_variants,
                           "cold_starts": args.cold_starts, "browser_runs": args.browser_runs, "warm_ups": args.warm_ups,
                           "store_dir": str(args.store_dir), "end_month": f"{args.end_month:%Y-%m}",
                           "seed": args.seed, "quick": args.quick},
               "sizes": sizes, "load_averages": load_averages,
               "total_seconds": time.perf_counter() - started}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    write_report(results, args.out)
    log(f"wrote {args.out} and {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
