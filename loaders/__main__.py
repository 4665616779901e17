"""Command line for writing to the store, and for the accounts that may sign in:
`python -m loaders --help`.

Exit codes: 0 done; 2 a problem with the input (nothing was changed); 3 the store
cannot be written (locked by the dashboard, say); 130 interrupted (nothing was changed).
"""

import argparse
import datetime as dt
import sys
from pathlib import Path

from queries.store import STORE_PATH_VARIABLE, configured_store_path
from meetings.digest import add_digest_command, run_digest
from meetings.feed import FEED_COMMANDS, add_feed_commands, run_feed_command
from signin.commands import ACCOUNT_COMMANDS, add_account_commands, run_account_command

EXIT_BAD_INPUT = 2
EXIT_STORE_UNAVAILABLE = 3
EXIT_INTERRUPTED = 130
EXIT_FAILED = 1

LOCK_NOTE = ("Loads write a copy of the store and swap it in when they commit, so the dashboard can keep "
             "running; one load at a time. build-demo on an existing store writes in place: stop the "
             "dashboard for it.")


def _month(text: str) -> dt.date:
    try:
        return dt.datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a month like 2024-06")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2024-07-30")


def _strand_list(text: str) -> list[str]:
    return [key.strip() for key in text.split(",") if key.strip()]


def build_parser() -> argparse.ArgumentParser:
    from loaders.synthetic import DEFAULT_SEED

    parser = argparse.ArgumentParser(
        prog="python -m loaders",
        description="Load data into the hate crime store, list and remove datasets, add local events. "
                    f"The store is --store, else ${STORE_PATH_VARIABLE}, else data/hate_crime.duckdb. "
                    "See docs/LOADING.md.",
        epilog=LOCK_NOTE)
    store_help = f"store file (default: ${STORE_PATH_VARIABLE} or data/hate_crime.duckdb)"
    parser.add_argument("--store", type=str, default=None, help=store_help)
    # --store also works after the subcommand; SUPPRESS keeps a subcommand from resetting it.
    store_option = argparse.ArgumentParser(add_help=False)
    store_option.add_argument("--store", type=str, default=argparse.SUPPRESS, help=store_help)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add_command(name, **options):
        return commands.add_parser(name, parents=[store_option], **options)

    wide = add_command(
        "load-mps-wide", help="load the MPS published borough file (wide: one column per month)",
        description="Load the Met's published borough file: Borough,MajorText,MinorText, then one YYYYMM "
                    "column per month. The seven hate crime categories load; domestic abuse and Special "
                    "rows are left out; Aviation Security(SO18) is kept out of borough views and its "
                    "offences are reported. Loading the same file again replaces the dataset.",
        epilog=LOCK_NOTE)
    wide.add_argument("source", metavar="PATH_OR_URL", help="CSV file path, or an http(s) URL")
    _dataset_options(wide)

    long = add_command(
        "load-mps-long", help="load MPS Monthly Crime Dashboard Data (long: one row per month and category)",
        description="Load the Met's long-format data (Month_Year, Area Type, Borough_SNT, Area name, Area code, "
                    "Offence Group, Offence Subgroup, Measure, Financial Year, FY_FYIndex, Count, Refresh Date). "
                    "Borough rows in categories the mapping gives a strand load, Offences and Positive "
                    "Outcomes; every category the mapping does not cover is reported by name and count.",
        epilog=LOCK_NOTE)
    long.add_argument("source", metavar="PATH_OR_URL", help="CSV file path, or an http(s) URL")
    long.add_argument("--mapping", metavar="FILE",
                      help="CSV offence_group,offence_subgroup,strand extending reference/mps_long_mapping.csv")
    _dataset_options(long)

    incidents = add_command(
        "load-incidents", help="load an incident extract (CSV or Parquet, one row per offence)",
        description="Load an incident extract: incident_id, offence_date, borough, offence_type, one column per "
                    "strand (race, religion, antisemitic, islamophobic, sexual_orientation, transgender, "
                    "disability: 1/0, true/false, Y/N or yes/no), optional ward_code and outcome. Map "
                    "differently named columns with --columns FILE or --column FIELD=COLUMN.",
        epilog=LOCK_NOTE)
    incidents.add_argument("source", metavar="PATH_OR_URL", help="CSV or Parquet file path, or an http(s) URL")
    incidents.add_argument("--columns", metavar="FILE", help="CSV field,column naming the file's columns")
    incidents.add_argument("--column", metavar="FIELD=COLUMN", action="append", default=[],
                           help="the file's column for one field, e.g. incident_id=\"CRIS Ref\" (repeatable)")
    _dataset_options(incidents)

    boundaries = add_command(
        "load-boundaries", help="load other boundaries (wards, ...): GeoPackage, shapefile or GeoJSON",
        description="Check and keep a boundary file in any coordinate system: every feature needs a GSS code "
                    "(found in a column ending CD or code, or named with --code-column), a valid polygon, and "
                    "must lie inside London. Kept in the store in longitude/latitude for maps and ward tables; "
                    "loading the same name again replaces the set.",
        epilog=LOCK_NOTE)
    boundaries.add_argument("source", metavar="FILE", help="a .gpkg, .shp (with its .dbf, .shx, .prj) or .geojson")
    boundaries.add_argument("--name", help="name of the boundary set (default: the file name)")
    boundaries.add_argument("--code-column", help="the column holding each boundary's GSS code")
    boundaries.add_argument("--name-column", help="the column holding each boundary's name")

    partner = add_command(
        "load-partner-reports", help="load partner and third-party reports (CSV or XLSX, aggregates only)",
        description="Load a partner's counts (CST, Tell MAMA, Galop, a council's incident log, ...): one row per "
                    "source, series, measure, period, area, strand, category and setting, with count, "
                    "includes_police_reports, coverage_note, definition_url and published (see docs/LOADING.md "
                    "and reference/partner_reports_template.csv). They are shown beside the police figures, "
                    "never added to them. Loading the same file again replaces its rows.",
        epilog=LOCK_NOTE)
    partner.add_argument("source", metavar="FILE", help="CSV or XLSX file path")
    partner.add_argument("--name", help="name of the file in the store (default: the file name); loading again "
                                        "under the same name replaces its rows")
    partner.add_argument("--licence", help="the licence the partner gives its figures under (shown on About)")
    partner.add_argument("--restricted", action="store_true",
                         help="show these reports only to signed-in users")
    partner.add_argument("--strands", metavar="FILE",
                         help="CSV written,strand extending reference/partner_strands.csv")
    add_command("list-partner-reports", help="list the partner report files in the store",
                description="List every partner report file: its series, periods, rows and whether it is "
                            "restricted.")
    remove_partner = add_command("remove-partner-reports", help="remove a partner report file and its rows",
                                 description="Remove one partner report file, in one transaction.", epilog=LOCK_NOTE)
    remove_partner.add_argument("name", metavar="NAME", help="its name, as list-partner-reports shows it")

    add_command("list", help="list the datasets in the store",
                        description="List every dataset: kind, months, rows read, loaded and left out, "
                                    "when it was loaded, its source and checksum. Works while the dashboard runs.")

    remove = add_command("remove", help="remove a dataset and everything loaded for it",
                                 description="Remove one dataset, in one transaction.", epilog=LOCK_NOTE)
    remove.add_argument("name", metavar="NAME", help="the dataset's name, as `list` shows it")

    demo = add_command(
        "build-demo", help="build (or rebuild) the synthetic demo dataset",
        description="Generate deterministic synthetic incidents, 2016-01 to the last full "
                    "month, labelled as synthetic on every page.", epilog=LOCK_NOTE)
    demo.add_argument("--end-month", type=_month, default=None,
                      help="last month to generate, YYYY-MM (default: the last full month)")
    demo.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default: %(default)s)")
    demo.add_argument("--scale", type=float, default=1.0,
                      help="volume multiple, e.g. 40 for ~10 million offences (default: 1)")
    demo.add_argument("--if-missing", action="store_true",
                      help="do nothing if the store already exists")

    event = add_command(
        "add-event", help="add a local event to mark on trend charts",
        description="Add an event (a local incident, a vigil, a match) that trend charts mark.",
        epilog=LOCK_NOTE)
    event.add_argument("start", type=_date, metavar="DATE", help="the day it happened, YYYY-MM-DD")
    event.add_argument("label", metavar="LABEL", help="what to call it on charts")
    event.add_argument("--end-date", type=_date, default=None, help="last day, for events over several days")
    event.add_argument("--strands", type=_strand_list, default=None,
                       help="strands it affected, comma-separated, e.g. religion,islamophobic")

    add_command("list-events", help="list the events trend charts mark",
                        description="List reference and locally added events with their ids.")
    remove_event = add_command("remove-event", help="remove a locally added event",
                                       description="Remove an event added with add-event.", epilog=LOCK_NOTE)
    remove_event.add_argument("event_id", type=int, metavar="EVENT_ID", help="its id, as list-events shows it")
    groups = add_command(
        "load-comparison-groups", help="replace the comparison groups offered beside inner and outer London",
        description="Replace the store's comparison groups with a CSV file of group,gss_code lines (one per "
                    "member borough), such as reference/comparison_groups.csv.", epilog=LOCK_NOTE)
    groups.add_argument("source", metavar="FILE", help="the groups file, group,gss_code")
    add_account_commands(add_command)
    add_digest_command(add_command)
    add_feed_commands(add_command)
    return parser


def _dataset_options(parser):
    parser.add_argument("--name", help="dataset name shown in the dashboard (default: from the file name); "
                                       "loading again under the same name replaces the dataset")
    parser.add_argument("--source-text", metavar="TEXT",
                        help="attribution charts show as 'Source: ...' (default: the publisher, or "
                             "'Incident extract' and the file name)")


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run(args) -> int:
    from loaders import commands

    if args.command in ACCOUNT_COMMANDS:
        return run_account_command(args)
    if args.command in FEED_COMMANDS:
        return run_feed_command(args)
    store = Path(args.store or configured_store_path())
    if args.command == "digest":
        _require_store(store)
        return run_digest(args, store)
    if args.command in ("load-mps-wide", "load-mps-long", "load-incidents"):
        prepared = _prepare(args)
        return commands.load_prepared(store, prepared, name=args.name, progress=_progress)
    if args.command == "load-boundaries":
        from loaders.boundary_files import prepare_boundaries

        prepared = prepare_boundaries(args.source, name=args.name, code_column=args.code_column,
                                      name_column=args.name_column, progress=_progress)
        return commands.load_boundaries(store, prepared)
    if args.command == "load-partner-reports":
        from loaders.partner_reports import prepare_partner_reports
        from loaders.partner_strands import load_strand_mapping
        from loaders.read_text import fetch

        prepared = prepare_partner_reports(fetch(args.source, _progress), name=args.name, licence=args.licence,
                                           restricted=args.restricted, strands=load_strand_mapping(args.strands),
                                           progress=_progress)
        return commands.load_partner_reports(store, prepared)
    if args.command == "list-partner-reports":
        return commands.list_partner_reports(store)
    if args.command == "remove-partner-reports":
        _require_store(store)
        return commands.remove_partner_reports(store, args.name)
    if args.command == "list":
        return commands.list_datasets(store)
    if args.command == "remove":
        _require_store(store)
        return commands.remove_dataset(store, args.name)
    if args.command == "add-event":
        return commands.add_event(store, start=args.start, label=args.label, end=args.end_date,
                                  strands=args.strands)
    if args.command == "load-comparison-groups":
        return commands.load_comparison_groups(store, args.source)
    if args.command == "list-events":
        return commands.list_events(store)
    if args.command == "remove-event":
        _require_store(store)
        return commands.remove_event(store, args.event_id)
    if args.command == "build-demo":
        from loaders.demo_store import build_demo_store

        if args.if_missing and store.exists():
            print(f"Store already at {store}; leaving it as it is.")
            return 0
        build_demo_store(store, end_month=args.end_month, seed=args.seed, scale=args.scale)
        return 0
    raise AssertionError(args.command)


def _require_store(store: Path) -> None:
    from loaders.store_writes import StoreUnavailable

    if not store.exists():
        raise StoreUnavailable(f"There is no store at {store}.")


def _prepare(args):
    """Read and check the whole file before the store is opened."""
    from loaders.read_text import fetch

    source = fetch(args.source, _progress)
    if args.command == "load-mps-wide":
        from loaders.mps_wide import prepare_mps_wide

        return prepare_mps_wide(source, attribution=args.source_text, progress=_progress)
    if args.command == "load-mps-long":
        from loaders.long_mapping import load_mapping
        from loaders.mps_long import prepare_mps_long

        return prepare_mps_long(source, mapping=load_mapping(args.mapping), attribution=args.source_text,
                                progress=_progress)
    from loaders.incident_columns import parse_column_options, read_column_mapping
    from loaders.incident_extract import prepare_incidents

    renamed = read_column_mapping(args.columns) if args.columns else {}
    renamed.update(parse_column_options(args.column))
    return prepare_incidents(source, renamed=renamed, attribution=args.source_text, progress=_progress)


def main(argv=None) -> int:
    import duckdb

    from loaders.problems import LoadRefused, report
    from loaders.store_writes import StoreUnavailable

    args = build_parser().parse_args(argv)
    try:
        return run(args)
    except LoadRefused as refused:
        print(report(refused), file=sys.stderr)
        return EXIT_BAD_INPUT
    except StoreUnavailable as error:
        print(f"{error} Nothing was changed.", file=sys.stderr)
        return EXIT_STORE_UNAVAILABLE
    except KeyboardInterrupt:
        print("Interrupted. Nothing was changed in the store.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except (duckdb.Error, OSError) as error:
        print(f"The command failed: {error}. Nothing was changed in the store.", file=sys.stderr)
        return EXIT_FAILED
    except Exception as error:  # noqa: BLE001 - users get a sentence, not a traceback
        print(f"The command failed unexpectedly ({type(error).__name__}: {error}). Nothing was changed "
              "in the store. Please report this with the command you ran.", file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
