"""Partner and third-party reports (loaders/partner_reports.py): what partners count, kept
apart from every police table. No query here reads a police table and no police query
reads these: the two are shown beside each other, never added, stacked or subtracted.

Stores built before partner reports existed have no `partner_reports` table; every query
then answers with no rows, and pages say "no partner reports loaded".
"""

import datetime as dt

import pandas as pd

from queries.store import fetch_df, table_exists
from queries.strands import STRANDS

# What partners count: never "crimes" (loaders refuse the word).
MEASURES = {
    "reports_received": "reports received",
    "incidents_verified": "incidents verified",
    "cases_opened": "cases opened",
    "helpline_contacts": "helpline contacts",
    "referrals": "referrals",
}
# The dashboard's strands, and two only partners have.
PARTNER_ONLY_STRANDS = {"other": "Other characteristics", "multiple": "More than one strand"}
PARTNER_STRANDS = [*STRANDS, *PARTNER_ONLY_STRANDS]
SETTINGS = ("online", "offline", "unknown")
INCLUDES_POLICE_REPORTS = ("yes", "no", "partly", "unknown")
AREA_LONDON = "london"
AREA_UK = "uk"
# ONS regions and the nations; London is an area of its own.
REGIONS = ("North East", "North West", "Yorkshire and The Humber", "East Midlands", "West Midlands",
           "East of England", "South East", "South West", "England", "Wales", "Scotland", "Northern Ireland",
           "England and Wales", "Great Britain")

OVERLAP_WORDS = {
    "yes": "Includes reports the police also hold",
    "partly": "Partly includes reports the police also hold",
    "no": "Does not include police reports",
    "unknown": "Not known whether it includes police reports",
}
PERIOD_NAMES = {1: "month", 3: "quarter", 6: "half-year", 12: "year"}

PARTNER_TABLES = ("partner_files", "partner_reports")


def strand_label(key: str) -> str:
    return PARTNER_ONLY_STRANDS.get(key) or STRANDS[key].label


def period_words(start: dt.date | None, end: dt.date | None, *, months: int | None = None) -> str:
    """'Jan to Jun 2024 (half-year)', or for a length alone 'half-years'."""
    if start is None:
        name = PERIOD_NAMES.get(months)
        return f"{name}s" if name else f"periods of {months} months"
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    name = PERIOD_NAMES.get(months, f"{months} months")
    if months == 1:
        return f"{start:%B %Y} (month)"
    span = f"{start:%b} to {end:%b %Y}" if start.year == end.year else f"{start:%b %Y} to {end:%b %Y}"
    return f"{span} ({name})"


def partner_reports_loaded(cursor, *, signed_in: bool) -> bool:
    if not table_exists(cursor, "partner_reports"):
        return False
    return bool(cursor.execute(
        "SELECT count(*) FROM partner_reports r JOIN partner_files f USING (file_id) "
        "WHERE f.is_synthetic OR NOT f.is_restricted OR ?", [signed_in]).fetchall()[0][0])


def hidden_partner_files(cursor, *, signed_in: bool) -> int:
    """How many restricted partner files this viewer cannot see (never what they hold)."""
    if signed_in or not table_exists(cursor, "partner_files"):
        return 0
    return int(cursor.execute("SELECT count(*) FROM partner_files WHERE is_restricted AND NOT is_synthetic")
               .fetchall()[0][0])


VISIBLE = "(f.is_synthetic OR NOT f.is_restricted OR $signed_in)"


def partner_sources(cursor, *, signed_in: bool) -> pd.DataFrame:
    """One row per source and series the viewer may see: what it counts, its periods,
    areas, definition link, licence, overlap with police reports and coverage notes."""
    if not table_exists(cursor, "partner_reports"):
        return pd.DataFrame(columns=["source", "series", "measures", "first_period_start", "last_period_end",
                                     "period_months", "area_names", "definition_urls", "licence",
                                     "includes_police_reports", "coverage_notes", "is_synthetic", "is_restricted",
                                     "file_name", "rows"])
    return fetch_df(cursor, f"""
        SELECT r.source, r.series, list(DISTINCT r.measure ORDER BY r.measure) AS measures,
               min(r.period_start) AS first_period_start, max(r.period_end) AS last_period_end,
               list(DISTINCT r.months ORDER BY r.months) AS period_months,
               list(DISTINCT r.area_name ORDER BY r.area_name) AS area_names,
               coalesce(list(DISTINCT r.definition_url ORDER BY r.definition_url)
                        FILTER (WHERE r.definition_url <> ''), []::VARCHAR[]) AS definition_urls,
               any_value(f.licence) AS licence,
               list(DISTINCT r.includes_police_reports ORDER BY r.includes_police_reports)
                   AS includes_police_reports,
               coalesce(list(DISTINCT r.coverage_note ORDER BY r.coverage_note)
                        FILTER (WHERE r.coverage_note <> ''), []::VARCHAR[]) AS coverage_notes,
               bool_or(f.is_synthetic) AS is_synthetic, bool_or(f.is_restricted) AS is_restricted,
               any_value(f.name) AS file_name, count(*) AS rows
        FROM partner_reports r JOIN partner_files f USING (file_id)
        WHERE {VISIBLE}
        GROUP BY r.source, r.series
        ORDER BY r.source, min(r.period_start), r.series
    """, {"signed_in": signed_in})


REPORT_FIELDS = """r.source, r.series, r.measure, r.period_start, r.period_end, r.months, r.area_type,
               r.area_code, r.area_name, r.strand, r.strand_written, r.category, r.setting, r.count,
               r.includes_police_reports, r.coverage_note, r.definition_url, r.published, f.is_synthetic,
               f.licence"""


def partner_reports_for_area(cursor, *, area_code: str, signed_in: bool, start: dt.date | None = None,
                             end: dt.date | None = None) -> pd.DataFrame:
    """Every visible partner count for one area (a borough's GSS code, 'london', 'uk' or
    a region), one row per period as the partner published it, periods that touch
    [start, end] when given. A suppressed count is NA, never 0."""
    if not table_exists(cursor, "partner_reports"):
        return pd.DataFrame(columns=[name.strip().split(".")[-1] for name in REPORT_FIELDS.split(",")])
    return fetch_df(cursor, f"""
        SELECT {REPORT_FIELDS}
        FROM partner_reports r JOIN partner_files f USING (file_id)
        WHERE {VISIBLE} AND r.area_code = $area_code
          AND ($start IS NULL OR r.period_end >= $start) AND ($end IS NULL OR r.period_start <= $end)
        ORDER BY r.source, r.series, r.measure, r.strand, r.category, r.setting, r.period_start
    """, {"signed_in": signed_in, "area_code": area_code, "start": start, "end": end})


def partner_areas(cursor, *, signed_in: bool) -> pd.DataFrame:
    """Which areas each visible source reports for: a source with no row for a borough
    does not cover it (shown as 'not covered', never as zero)."""
    if not table_exists(cursor, "partner_reports"):
        return pd.DataFrame(columns=["source", "area_type", "area_code", "area_name"])
    return fetch_df(cursor, f"""
        SELECT DISTINCT r.source, r.area_type, r.area_code, r.area_name
        FROM partner_reports r JOIN partner_files f USING (file_id)
        WHERE {VISIBLE}
        ORDER BY r.source, r.area_type, r.area_name
    """, {"signed_in": signed_in})


def partner_files(cursor) -> pd.DataFrame:
    """Every partner file loaded (for `list-partner-reports` and About's list of loads)."""
    if not table_exists(cursor, "partner_files"):
        return pd.DataFrame(columns=["file_id", "name", "location", "checksum_sha256", "licence", "is_synthetic",
                                     "is_restricted", "rows_read", "rows_loaded", "loaded_at", "notes"])
    return fetch_df(cursor, "SELECT * FROM partner_files ORDER BY loaded_at, file_id")
