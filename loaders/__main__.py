"""Command line for writing to the store: `python -m loaders --help`."""

import argparse
import datetime as dt
import sys

from loaders.demo_store import build_demo_store
from loaders.synthetic import DEFAULT_SEED
from queries.store import STORE_PATH_VARIABLE, configured_store_path


def _month(text: str) -> dt.date:
    try:
        return dt.datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a month like 2024-06")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m loaders",
        description="Load data into the hate crime store. The store is "
                    f"${STORE_PATH_VARIABLE}, or data/hate_crime.duckdb.")
    parser.add_argument("--store", type=str, default=None,
                        help=f"store file (default: ${STORE_PATH_VARIABLE} or data/hate_crime.duckdb)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = commands.add_parser(
        "build-demo", help="build (or rebuild) the synthetic demo dataset",
        description="Generate deterministic synthetic incidents, 2016-01 to the last full "
                    "month, labelled as synthetic on every page.")
    demo.add_argument("--end-month", type=_month, default=None,
                      help="last month to generate, YYYY-MM (default: the last full month)")
    demo.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default: %(default)s)")
    demo.add_argument("--scale", type=float, default=1.0,
                      help="volume multiple, e.g. 40 for ~10 million offences (default: 1)")
    demo.add_argument("--if-missing", action="store_true",
                      help="do nothing if the store already exists")
    return parser


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    store = args.store or configured_store_path()
    if args.command == "build-demo":
        from pathlib import Path
        if args.if_missing and Path(store).exists():
            print(f"Store already at {store}; leaving it as it is.")
            return 0
        build_demo_store(store, end_month=args.end_month, seed=args.seed, scale=args.scale)
    return 0


if __name__ == "__main__":
    sys.exit(main())
