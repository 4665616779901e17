"""Incident extracts: one row per offence, CSV or Parquet, in the documented schema
(see loaders/incident_columns.py and docs/LOADING.md).

From these the store derives exact strand counts, distinct-offence totals and daily
series. Rows for Aviation Security or the City of London are left out and counted.
"""

import datetime as dt
import io
import re

import numpy as np
import pandas as pd
import pyarrow
import pyarrow.parquet as pq

from loaders.borough_names import CITY_OF_LONDON, BoroughMatcher, is_aviation_security, is_totals_label
from loaders.cell_values import parse_date, parse_flag
from loaders.incident_columns import resolve_columns
from loaders.incident_locations import (check_points_in_recorded_boroughs, location_columns, place_points,
                                        read_point)
from loaders.prepared_load import LeftOut, PreparedLoad, count_of
from loaders.problems import LoadRefused, Problems
from loaders.read_text import CsvTable, SourceFile, read_csv_table
from queries.strands import CORE_STRANDS

WARD_CODE = re.compile(r"^E05\d{6}$")
PARQUET_MAGIC = b"PAR1"
SOURCE = "Incident extract"
DEFAULT_NAME = "Incident extract ({file})"


def prepare_incidents(source: SourceFile, *, renamed: dict[str, str] | None = None,
                      matcher: BoroughMatcher | None = None, attribution: str | None = None,
                      progress=lambda message: None, today: dt.date | None = None) -> PreparedLoad:
    """Read and check the whole extract; raise LoadRefused listing every problem."""
    matcher = matcher or BoroughMatcher.from_reference()
    today = today or dt.date.today()
    progress(f"Reading {source.name} ...")
    table = _read_parquet(source) if source.data.startswith(PARQUET_MAGIC) else read_csv_table(source, progress)
    problems = table.problems
    at = resolve_columns(table.header, renamed or {}, problems)

    out = {column: [] for column in ("incident_id", "offence_date", "gss_code", "offence_type",
                                     *[f"is_{key}" for key in CORE_STRANDS], "ward_code", "outcome")}
    first_line_of = {}
    header_of = {field: table.header[position] for field, position in at.items()}
    points, point_lines = [], []
    aviation_rows, city_rows = 0, 0
    progress_every = max(len(table.rows) // 10, 100_000)

    for index, (record, line) in enumerate(zip(table.rows, table.lines), start=1):
        if index % progress_every == 0:
            progress(f"  checked {index:,} of {count_of(len(table.rows), 'row')}")
        value = {field: record[position].strip() for field, position in at.items()}
        if is_totals_label(value["incident_id"]) or is_totals_label(value["borough"]):
            problems.add(line, "incident_id", value["incident_id"] or value["borough"],
                         "this looks like a totals row, not an offence; delete it and load the file again.")
            continue
        before = problems.count
        incident_id = value["incident_id"]
        if not incident_id:
            problems.add(line, "incident_id", incident_id, "the incident id is empty.")
        elif incident_id in first_line_of:
            problems.add(line, "incident_id", incident_id,
                         f"this incident id is already used on {table.problems.unit} "
                         f"{first_line_of[incident_id]:,}; ids must be unique.")
        else:
            first_line_of[incident_id] = line
        day, message = parse_date(value["offence_date"])
        if message:
            problems.add(line, "offence_date", value["offence_date"], message)
        elif day > today:
            problems.add(line, "offence_date", value["offence_date"], "this date is in the future.")
        if not value["offence_type"]:
            problems.add(line, "offence_type", "", "the offence type is empty.")
        flags = {}
        for key in CORE_STRANDS:
            flags[key], message = parse_flag(value[key])
            if message:
                problems.add(line, table.header[at[key]], value[key], message)
        if all(flag is False for flag in flags.values()):
            problems.add(line, None, None, "no strand is flagged; every offence in an extract needs at "
                                           "least one (race, religion, ..., disability).")
        ward = value.get("ward_code", "")
        if ward and not WARD_CODE.match(ward):
            problems.add(line, "ward_code", ward, "not a ward GSS code (E05 and six digits).")
        point = read_point(value, header_of, line, problems)

        if is_aviation_security(value["borough"]):
            aviation_rows += 1
            continue
        borough = matcher.match(value["borough"]) if value["borough"] else None
        if borough is None:
            problems.add(line, table.header[at["borough"]], value["borough"],
                         matcher.unknown_message(value["borough"]) if value["borough"] else "the borough is empty.")
            continue
        if borough.gss_code == CITY_OF_LONDON:
            city_rows += 1
            continue
        if problems.count > before:
            continue
        out["incident_id"].append(incident_id)
        out["offence_date"].append(day)
        out["gss_code"].append(borough.gss_code)
        out["offence_type"].append(value["offence_type"])
        for key in CORE_STRANDS:
            out[f"is_{key}"].append(flags[key])
        out["ward_code"].append(ward or None)
        out["outcome"].append(value.get("outcome") or None)
        points.append(point)
        point_lines.append(line)

    easting, northing = place_points(points)
    if any(point is not None for point in points):
        progress("Checking each offence's location against the borough boundaries ...")
        point_columns = [header_of["easting"] if point is not None and point.system == "grid"
                         else header_of.get("latitude") for point in points]
        check_points_in_recorded_boroughs(easting, northing, out["gss_code"], out["incident_id"], point_lines,
                                          point_columns, matcher, problems)
    problems.raise_if_any()
    if not out["incident_id"]:
        raise LoadRefused.single(source.name, "no offences in London boroughs were found, so nothing would load.")
    progress(f"Checked {count_of(table.rows_read, 'row')}.")
    rows = pd.DataFrame(out)
    rows["offence_date"] = pd.to_datetime(rows["offence_date"])
    rows["ward_code"] = rows["ward_code"].astype("object")
    rows["outcome"] = rows["outcome"].astype("object")
    for column, values in location_columns(easting, northing).items():
        rows[column] = values
    located = int((~np.isnan(easting)).sum())
    ignored = [name for position, name in enumerate(table.header) if position not in set(at.values())]
    details = [f"Read as {table.encoding}.",
               f"Offence dates: {rows.offence_date.min():%d %B %Y} to {rows.offence_date.max():%d %B %Y}."]
    if located:
        details.append(f"Locations: {located:,} of {count_of(len(rows), 'offence')} have a point; "
                       f"{len(rows) - located:,} have none and are left off maps.")
    if ignored:
        details.append("Columns not in the schema, ignored: " + ", ".join(ignored) + ".")
    return PreparedLoad(
        kind="incidents",
        default_name=DEFAULT_NAME.format(file=source.name),
        source=f"{attribution or SOURCE}, {source.name}",
        location=source.location,
        licence=None,
        checksum_sha256=source.sha256,
        rows_read=table.rows_read,
        rows_loaded=len(rows),
        rows=rows,
        left_out=[
            LeftOut(aviation_rows, f"{count_of(aviation_rows, 'offence')} recorded under Aviation Security(SO18), "
                                   "airport policing, which is not a borough."),
            LeftOut(city_rows, f"{count_of(city_rows, 'offence')} in the City of London, which has its own police "
                               "force; the pages show it as no data."),
        ],
        details=details,
    )


def _read_parquet(source: SourceFile) -> CsvTable:
    """A Parquet extract as text cells, so one set of checks serves both formats."""
    problems = Problems(source.name, unit="row")
    try:
        table = pq.read_table(io.BytesIO(source.data))
    except (pyarrow.ArrowException, OSError) as error:
        raise LoadRefused.single(source.name, f"the Parquet file cannot be read ({error}); "
                                              "it may be cut short.") from None
    if table.num_rows == 0:
        raise LoadRefused.single(source.name, "the file has columns but no rows.")
    columns = [[_cell_text(item) for item in table.column(name).to_pylist()] for name in table.column_names]
    rows = [list(row) for row in zip(*columns)]
    return CsvTable(source.name, list(table.column_names), rows, list(range(1, len(rows) + 1)),
                    "Parquet", problems)


def _cell_text(item) -> str:
    if item is None:
        return ""
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, float) and item.is_integer():
        return str(int(item))
    if isinstance(item, (dt.date, dt.datetime)):
        return item.isoformat()
    return str(item)
