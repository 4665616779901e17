"""Partner and third-party reports (CST, Tell MAMA, Galop, a council's incident log, ...):
aggregates only, long format, one row per source, series, period, area, strand and measure.
The columns are documented in docs/LOADING.md; reference/partner_reports_template.csv is a
file a partner can fill in.

What partners count is not police-recorded crime: the measures are reports, verified
incidents, cases, helpline contacts and referrals, never "crimes", and they are kept in
tables of their own (`partner_files`, `partner_reports`) that no police query reads, so
nothing can add them to the Met's figures.

Every cell is checked before the store is opened. A series is one definition and method:
within it, for one measure, area, strand, category and setting, no two periods may
overlap (a half-year and a month inside it would be the same reports twice).
"""

import datetime as dt
import difflib
import re
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from functools import partial

import pandas as pd

from loaders.borough_names import BoroughMatcher, normalise
from loaders.cell_values import parse_count
from loaders.partner_strands import PartnerStrandMapping, load_strand_mapping
from loaders.prepared_load import count_of
from loaders.problems import LoadRefused
from loaders.read_text import SourceFile, read_csv_table
from loaders.read_xlsx import is_workbook, read_xlsx_table
from queries.partner_reports import (AREA_LONDON, AREA_UK, INCLUDES_POLICE_REPORTS, MEASURES, REGIONS,
                                     SETTINGS, period_words)

COLUMNS = ("source", "series", "measure", "period_start", "period_end", "area", "strand", "category",
           "setting", "count", "includes_police_reports", "coverage_note", "definition_url", "published")
OPTIONAL_COLUMNS = ("category", "coverage_note", "definition_url")
REPORT_COLUMNS = ["line", "source", "series", "measure", "period_start", "period_end", "months", "area_type",
                  "area_code", "area_name", "strand", "strand_written", "category", "setting", "count",
                  "includes_police_reports", "coverage_note", "definition_url", "published"]
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Long enough for a sentence of coverage or a partner's category name; a cell longer than
# this is a paste gone wrong.
LONGEST_TEXT = 500
DEFAULT_LICENCE = "not stated by the partner"


@dataclass
class PreparedPartnerReports:
    name: str
    location: str
    checksum_sha256: str
    licence: str
    is_restricted: bool
    rows_read: int
    rows: pd.DataFrame
    details: list[str] = field(default_factory=list)

    def notes(self) -> str:
        return "\n".join([f"Loaded from {self.location}.", *self.details])

    def summary_lines(self) -> list[str]:
        return [f"  Source file: {self.location}", f"  SHA-256: {self.checksum_sha256}",
                *[f"  {detail}" for detail in self.details]]


def prepare_partner_reports(source: SourceFile, *, name: str | None = None, licence: str | None = None,
                            restricted: bool = False, strands: PartnerStrandMapping | None = None,
                            matcher: BoroughMatcher | None = None,
                            progress=lambda message: None) -> PreparedPartnerReports:
    """Read and check the whole file; raise LoadRefused listing every problem."""
    strands = strands or load_strand_mapping()
    matcher = matcher or BoroughMatcher.from_reference()
    progress(f"Reading {source.name} ...")
    reader = partial(read_xlsx_table, header_column="period_start") if is_workbook(source) else read_csv_table
    table = reader(source, progress=progress)
    problems = table.problems
    at = _column_positions(table)
    out = defaultdict(list)
    periods = defaultdict(list)  # one series' cells: (start, end, line)
    for record, line in zip(table.rows, table.lines):
        value = {column: record[position].strip() for column, position in at.items()}
        for column in OPTIONAL_COLUMNS:
            value.setdefault(column, "")
        row = _checked_row(value, line, problems, strands, matcher)
        if row is None:
            continue
        key = tuple(row[column] for column in ("source", "series", "measure", "area_code", "strand", "category",
                                               "setting"))
        periods[key].append((row["period_start"], row["period_end"], line))
        for column in REPORT_COLUMNS:
            out[column].append(row[column])
    for key, spans in periods.items():
        _check_no_overlap(key, spans, problems)
    problems.raise_if_any()
    rows = pd.DataFrame(out, columns=REPORT_COLUMNS)
    rows["count"] = rows["count"].astype("Int64")
    progress(f"Checked {count_of(table.rows_read, 'row')}.")
    return PreparedPartnerReports(
        name=name or source.name, location=source.location, checksum_sha256=source.sha256,
        licence=licence or DEFAULT_LICENCE, is_restricted=restricted, rows_read=table.rows_read, rows=rows,
        details=_details(rows, table.encoding, restricted))


def _column_positions(table) -> dict[str, int]:
    found = {name.strip().casefold(): position for position, name in enumerate(table.header)}
    positions, missing = {}, False
    for column in COLUMNS:
        if column in found:
            positions[column] = found[column]
        elif column not in OPTIONAL_COLUMNS:
            close = difflib.get_close_matches(column, list(found), n=1, cutoff=0.6)
            hint = f" Is '{close[0]}' it, renamed? Rename it back to '{column}'." if close else ""
            table.problems.add(1, column, None, f"the column '{column}' is missing.{hint}")
            missing = True
    if missing:
        table.problems.raise_if_any()
    return positions


def _checked_row(value: dict, line: int, problems, strands: PartnerStrandMapping,
                 matcher: BoroughMatcher) -> dict | None:
    """The row ready to write, or None after adding each of its problems."""
    before = problems.count
    row = {"line": line}
    for column in ("source", "series"):
        if not value[column]:
            problems.add(line, column, value[column], f"the {column} is empty: name the organisation and the "
                         "series (a new series whenever the definition or method changes).")
        row[column] = value[column]
    for column, text in value.items():
        if len(text) > LONGEST_TEXT:
            problems.add(line, column, text, f"this is {len(text):,} characters long; the most a cell may hold "
                                             f"is {LONGEST_TEXT}.")
    measure = value["measure"].casefold().replace(" ", "_")
    if measure not in MEASURES:
        message = "not a measure. Use one of " + ", ".join(MEASURES) + "."
        if "crime" in measure:
            message = ("partners' counts are not police-recorded crimes: use one of " + ", ".join(MEASURES) + ".")
        problems.add(line, "measure", value["measure"], message)
    row["measure"] = measure
    start, end = _period(value, line, problems)
    row.update(period_start=start, period_end=end)
    if start is not None and end is not None:
        row["months"] = (end.year - start.year) * 12 + end.month - start.month + 1
    row.update(_area(value["area"], line, problems, matcher))
    strand = strands.strand(value["strand"]) if value["strand"] else None
    if strand is None:
        problems.add(line, "strand", value["strand"],
                     "the strand is empty." if not value["strand"] else
                     "this strand is not in the partner strand mapping: use a strand key, 'other' or "
                     "'multiple', or add a line for this word to reference/partner_strands.csv (or to your own "
                     "file, loaded with --strands FILE).")
    row.update(strand=strand, strand_written=value["strand"], category=value["category"])
    setting = value["setting"].casefold()
    if setting not in SETTINGS:
        problems.add(line, "setting", value["setting"], "the setting must be one of " + ", ".join(SETTINGS) + ".")
    row["setting"] = setting
    if value["count"] == "":
        row["count"] = None  # the partner suppressed it: shown as suppressed, never as zero
    else:
        count, message = parse_count(value["count"])
        if message:
            problems.add(line, "count", value["count"], message.replace(
                "the count is not a whole number.", "the count is not a whole number; leave it blank where the "
                "partner suppressed it."))
        row["count"] = count
    includes = value["includes_police_reports"].casefold()
    if includes not in INCLUDES_POLICE_REPORTS:
        problems.add(line, "includes_police_reports", value["includes_police_reports"],
                     "say whether these counts include reports the police also hold: "
                     + ", ".join(INCLUDES_POLICE_REPORTS) + ".")
    row["includes_police_reports"] = includes
    row["coverage_note"] = value["coverage_note"]
    url = value["definition_url"]
    if url and urllib.parse.urlparse(url).scheme not in ("http", "https"):
        problems.add(line, "definition_url", url, "the definition link must start with http:// or https://.")
    row["definition_url"] = url
    row["published"] = _iso_date(value["published"], line, "published", problems)
    return row if problems.count == before else None


def _iso_date(text: str, line: int, column: str, problems) -> dt.date | None:
    if not text:
        problems.add(line, column, text, "the date is empty; write it as an ISO date, like 2024-06-30.")
        return None
    # A workbook's date cell arrives as '2024-06-30' (read_xlsx.cell_text); a time of day is not a date.
    if ISO_DATE.match(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    problems.add(line, column, text, "this is not an ISO date like 2024-06-30.")
    return None


def _period(value: dict, line: int, problems) -> tuple[dt.date | None, dt.date | None]:
    start = _iso_date(value["period_start"], line, "period_start", problems)
    end = _iso_date(value["period_end"], line, "period_end", problems)
    if start is not None and start.day != 1:
        problems.add(line, "period_start", value["period_start"],
                     "a period starts on the first day of a month (periods are whole months).")
        start = None
    if end is not None and (end + dt.timedelta(days=1)).day != 1:
        problems.add(line, "period_end", value["period_end"],
                     "a period ends on the last day of a month (periods are whole months), like 2024-06-30.")
        end = None
    if start is not None and end is not None and end < start:
        problems.add(line, "period_end", value["period_end"], f"the period ends before it starts ({start}).")
        return None, None
    return start, end


def _area(text: str, line: int, problems, matcher: BoroughMatcher) -> dict:
    key = normalise(text)
    if key in ("london", "greater london"):
        return {"area_type": "london", "area_code": AREA_LONDON, "area_name": "London"}
    if key in ("uk", "united kingdom"):
        return {"area_type": "uk", "area_code": AREA_UK, "area_name": "UK"}
    regions = {normalise(region): region for region in REGIONS}
    if key in regions:
        return {"area_type": "region", "area_code": regions[key], "area_name": regions[key]}
    borough = matcher.match(text) if text else None
    if borough is None:
        problems.add(line, "area", text, "the area is empty: write a borough name or GSS code, London, a region "
                                         "or UK." if not text else
                     matcher.unknown_message(text).rstrip(".") + "; an area is a borough name or GSS code, "
                     "London, a region (" + ", ".join(REGIONS) + ") or UK.")
        return {"area_type": None, "area_code": None, "area_name": None}
    return {"area_type": "borough", "area_code": borough.gss_code, "area_name": borough.name}


def _check_no_overlap(key: tuple, spans: list, problems) -> None:
    source, series, measure, area, strand, category, setting = key
    spans = sorted(spans)
    latest_end, latest_line, latest_start = None, None, None
    for start, end, line in spans:
        if latest_end is not None and start <= latest_end:
            problems.add(line, "period_start", start.isoformat(),
                         f"in the series '{series}' of {source} ({measure}, {strand}"
                         + (f", '{category}'" if category else "") + f", {setting}), this period "
                         f"({period_words(start, end)}) overlaps {period_words(latest_start, latest_end)} on line "
                         f"{latest_line:,}: one series counts each report once. Drop one, or make a new series "
                         "if the definition changed.")
        if latest_end is None or end > latest_end:
            latest_end, latest_line, latest_start = end, line, start


def _details(rows: pd.DataFrame, encoding: str, restricted: bool) -> list[str]:
    lengths = sorted(set(rows["months"]))
    details = [f"Read as {encoding}.",
               f"Periods: {rows.period_start.min():%B %Y} to {rows.period_end.max():%B %Y}; lengths "
               + ", ".join(period_words(None, None, months=m) for m in lengths) + ".",
               f"Series: " + "; ".join(f"{source}: {series}" for source, series in
                                       sorted(set(zip(rows.source, rows.series)))) + ".",
               f"Rows: {len(rows):,}, of which {int(rows['count'].isna().sum()):,} suppressed by the partner."]
    if restricted:
        details.append("Restricted: shown only to signed-in users.")
    return details


def overlaps_in_store(con, prepared: PreparedPartnerReports, *, replacing: list[int]) -> LoadRefused | None:
    """A series loaded from another file whose periods overlap this file's: the same
    reports would be shown twice. Checked inside the load's transaction."""
    con.register("new_partner_rows", prepared.rows)
    try:
        clashes = con.execute("""
            SELECT n.line, n.series, n.source, n.period_start, n.period_end, f.name
            FROM new_partner_rows n
            JOIN partner_reports r USING (source, series, measure, area_code, strand, category, setting)
            JOIN partner_files f ON f.file_id = r.file_id
            WHERE NOT list_contains(?::INTEGER[], r.file_id)
              AND n.period_start <= r.period_end AND r.period_start <= n.period_end
            ORDER BY n.line LIMIT 20
        """, [replacing]).fetchall()
    finally:
        con.unregister("new_partner_rows")
    if not clashes:
        return None
    from loaders.problems import Problem

    file = prepared.location.rsplit("/", 1)[-1]
    return LoadRefused(file, [Problem(file, line, "period_start", f"{start}",
                                      f"the series '{series}' of {source} already has reports for "
                                      f"{period_words(start, end)} from the file '{other}' loaded earlier: remove "
                                      "that file (python -m loaders remove-partner-reports NAME) or load this one "
                                      "under its name to replace it.")
                              for line, series, source, start, end, other in clashes])
