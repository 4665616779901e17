"""The dashboard's benchmark, one command:

    .venv/bin/python -m bench                 # 100k, 1M and 10M rows; writes BENCHMARKS.md
    .venv/bin/python -m bench --quick --out /tmp/bench.md   # smoke run on a tiny store

For each size: build a synthetic store (timed), replay every page's interactions
through the app's HTTP callback endpoint, answer the same questions with pandas,
time cold starts, and time the overview in headless Chromium: loaded, its filters
changed, a borough clicked on its map, and a profile's filters changed. Results go to a
Markdown report and a JSON file.
"""

import argparse
import datetime as dt
import json
import os
import shlex
import shutil
import sys
import time
from pathlib import Path

from bench import build_stores, concurrent_users
from bench.concurrency_report import render_concurrency
from bench.machine import describe_machine
from bench.report import render, render_browser_only
from bench.server import REPO_ROOT, Server

DEFAULT_SIZES = "100k,1M,10M"
DEFAULT_STORE_DIR = "/tmp/bench-stores"
QUICK_STORE_DIR = "/tmp/bench-stores-quick"
QUICK = {"sizes": "10k", "requests": 2, "pandas_variants": 2, "cold_starts": 1, "browser_runs": 1, "warm_ups": 1,
         "users": "2,5", "users_seconds": 5.0, "meeting_users": 5, "swap_users": 3, "memory_requests": "100,300",
         "pack_users": 2, "packs": 3}
FULL = {"sizes": DEFAULT_SIZES, "requests": 30, "pandas_variants": 10, "cold_starts": 3, "browser_runs": 3,
        "warm_ups": 2, "users": "10,25,50", "users_seconds": 60.0, "meeting_users": 50, "swap_users": 25,
        "memory_requests": "1000,10000", "pack_users": 10, "packs": 10}
BROWSER_ONLY_REPORT = "BENCHMARKS-browser.md"
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
                        help="Chromium page loads per size, each cold then warm, and as many of each click: "
                             "overview filter change, profile filter change, map click (default: 3)")
    parser.add_argument("--warm-ups", type=int, default=None,
                        help="unrecorded runs of each interaction before the recorded ones (default: 2)")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium timing")
    parser.add_argument("--browser-only", action="store_true",
                        help="only the Chromium timing (no replay, pandas, cold starts or concurrency), on the "
                             "stores already in --store-dir where they exist (as --reuse-stores); the report "
                             f"defaults to <store-dir>/{BROWSER_ONLY_REPORT}")
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
    parser.add_argument("--concurrency", action="store_true",
                        help="also run many users at once against Gunicorn: --users, the meeting case, a load "
                             "and swap under --swap-users, and memory after --memory-requests")
    parser.add_argument("--concurrency-only", action="store_true",
                        help="only the --concurrency runs (no replay, pandas, cold starts or browser)")
    parser.add_argument("--users", default=None, help="concurrent users per run, comma-separated (default: 10,25,50)")
    parser.add_argument("--users-seconds", type=float, default=None, help="seconds per concurrent run (default: 60)")
    parser.add_argument("--meeting-users", type=int, default=None, help="users on one view (default: 50)")
    parser.add_argument("--swap-users", type=int, default=None, help="users during the load and swap (default: 25)")
    parser.add_argument("--packs", type=int, default=None, help="briefing packs asked at once (default: 10)")
    parser.add_argument("--pack-users", type=int, default=None, help="users browsing meanwhile (default: 10)")
    parser.add_argument("--memory-requests", default=None,
                        help="requests after which server memory is read, comma-separated (default: 1000,10000)")
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
    if args.browser_only and (args.no_browser or args.concurrency or args.concurrency_only):
        raise SystemExit("--browser-only goes with neither --no-browser nor --concurrency.")
    args.reuse_stores = args.reuse_stores or args.browser_only
    args.out = Path(args.out) if args.out else (
        args.store_dir / BROWSER_ONLY_REPORT if args.browser_only else
        args.store_dir / "BENCHMARKS-quick.md" if args.quick else REPO_ROOT / "BENCHMARKS.md")
    # The JSON goes beside the stores, not into the repository.
    args.json = Path(args.json) if args.json else args.store_dir / (args.out.stem + ".json")
    args.concurrency = args.concurrency or args.concurrency_only
    args.user_counts = [int(part) for part in args.users.split(",") if part.strip()]
    args.memory_checkpoints = tuple(int(part) for part in args.memory_requests.split(",") if part.strip())
    args.size_rows = [build_stores.parse_size(part) for part in args.sizes.split(",") if part.strip()]
    return args


def write_report(results: dict, out: Path):
    previous = out.read_text(encoding="utf-8") if out.exists() else None
    if all(size.get("replay") for size in results["sizes"]):
        text = render(results, previous) + "\n" + render_concurrency(results)
    elif results["options"].get("browser_only"):
        text = render_browser_only(results)
    else:  # --concurrency-only
        text = f"# Benchmark: many users at once\n\n`{results['command']}`\n\n" + render_concurrency(results)
    out.write_text(text.rstrip() + "\n", encoding="utf-8")


def measure_concurrency(path: Path, args, log) -> dict:
    """Every concurrency run against Gunicorn on the store at `path` (the swap on a copy,
    so the store stays as built). A fresh server per run, and the answers cache in a
    fresh directory, so no run inherits another's warm caches."""

    def server(store, run_name):
        cache_dir = args.store_dir / f"answers-cache-{run_name}"
        shutil.rmtree(cache_dir, ignore_errors=True)
        return Server(store, gunicorn=True, extra_env={"ANSWERS_CACHE_DIR": str(cache_dir)})

    result = {"workers": int(os.environ.get("DASHBOARD_WORKERS") or os.cpu_count() or 1),
              "threads": int(os.environ.get("DASHBOARD_THREADS") or 4), "users": []}
    for users in args.user_counts:
        log(f"  {users} users, varied filters, {args.users_seconds:.0f} s")
        with server(path, f"users-{users}") as running:
            result["users"].append(concurrent_users.users_run(running.base_url, users=users,
                                                               seconds=args.users_seconds, seed=args.seed))
    log(f"  meeting: {args.meeting_users} users on one view")
    with server(path, "meeting") as running:
        result["meeting"] = concurrent_users.meeting_run(running.base_url, users=args.meeting_users,
                                                         seconds=args.users_seconds, seed=args.seed)
    log(f"  a load and swap during {args.swap_users} users")
    swap_store = path.with_name(path.stem + "-swap.duckdb")
    shutil.copyfile(path, swap_store)
    with server(swap_store, "swap") as running:
        result["swap"] = concurrent_users.swap_run(running.base_url, swap_store, users=args.swap_users,
                                                   seconds=args.users_seconds, seed=args.seed)
    swap_store.unlink(missing_ok=True)
    log(f"  {args.packs} briefing packs at once while {args.pack_users} users browse")
    with server(path, "packs") as running:
        result["packs"] = concurrent_users.packs_run(running.base_url, running, users=args.pack_users,
                                                     packs=args.packs, seconds=args.users_seconds, seed=args.seed)
    log(f"  memory after {', '.join(f'{n:,}' for n in args.memory_checkpoints)} requests")
    with server(path, "memory") as running:
        result["memory"] = concurrent_users.memory_run(running.base_url, running,
                                                       checkpoints=args.memory_checkpoints, seed=args.seed)
    return result


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

    from bench.browser_timing import chromium_available, measure_in_browser
    from bench.callback_replay import replay_interactions
    from bench.cold_start import measure_cold_start
    from bench.pandas_baseline import compare_with_pandas

    def in_browser(label, path):
        phase(f"{label}: Chromium: the overview, filter changes and map clicks")
        return measure_in_browser(path, runs=args.browser_runs, seed=args.seed)

    browser = not args.no_browser and chromium_available()
    if not args.no_browser and not browser:
        if args.browser_only:
            raise SystemExit("--browser-only: no Chromium at /usr/bin/chromium.")
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
        if args.concurrency:
            phase(f"{label}: many users at once (Gunicorn)")
            result["concurrency"] = measure_concurrency(path, args, log)
        if args.concurrency_only:
            sizes.append(result)
            continue
        if args.browser_only:
            result["browser"] = in_browser(label, path)
            sizes.append(result)
            continue

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
            result["browser"] = in_browser(label, path)
        sizes.append(result)

    command = ".venv/bin/python -m bench" + ("" if argv is None and len(sys.argv) <= 1 else
                                             " " + shlex.join(argv if argv is not None else sys.argv[1:]))
    results = {"command": command, "machine": machine, "rows_at_scale_1": per_scale_1,
               "options": {"sizes": args.sizes, "requests": args.requests, "pandas_variants": args.pandas_variants,
                           "cold_starts": args.cold_starts, "browser_runs": args.browser_runs, "warm_ups": args.warm_ups,
                           "store_dir": str(args.store_dir), "end_month": f"{args.end_month:%Y-%m}",
                           "seed": args.seed, "quick": args.quick, "concurrency": args.concurrency,
                           "browser_only": args.browser_only,
                           "users": args.users, "users_seconds": args.users_seconds,
                           "meeting_users": args.meeting_users, "swap_users": args.swap_users,
                           "memory_requests": args.memory_requests, "packs": args.packs,
                           "pack_users": args.pack_users},
               "sizes": sizes, "load_averages": load_averages,
               "total_seconds": time.perf_counter() - started}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    write_report(results, args.out)
    log(f"wrote {args.out} and {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
