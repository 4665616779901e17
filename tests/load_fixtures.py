"""Small files the loader tests write themselves, and a way to compare a whole store.

Each writer returns the path it wrote. Counts are chosen so sums are easy to check by
hand: see the docstring of each writer.
"""

import csv
import io
from pathlib import Path

import duckdb

from loaders.__main__ import main

REAL_MPS_FILE = (Path(__file__).resolve().parents[2] / "shared" / "data" / "mps"
                 / "Monthly Crime Other Crime Borough Level Off Type.csv")
# The Met's current release, where a copy is kept beside the older file (the shared data's
# README says which files are there); tests that read it skip without it.
REAL_CURRENT_RELEASE_FILE = REAL_MPS_FILE.parent / "M1045_MonthlyCrimeDashboard_OtherCrimeData.csv"
STORE_TABLES = ("store_info", "boroughs", "datasets", "incidents", "published_counts",
                "monthly_counts", "daily_counts", "events", "monthly_outcomes", "published_categories",
                "published_releases", "series_sources", "release_revisions", "revisions",
                "monthly_offence_profiles", "boundary_sets", "boundary_features", "partner_files",
                "partner_reports")

WIDE_HEADER = ["Borough", "MajorText", "MinorText", "202101", "202102", "202103"]
# Camden and Hackney, three months; each borough row's counts are (n, n+1, n+2).
WIDE_ROWS = [
    ["Camden", "Hate", "Racist and Religious Hate Crime", "40", "41", "42"],
    ["Camden", "Hate", "Islamophobic", "3", "4", "5"],
    ["Camden", "Hate", "Domestic Abuse", "90", "91", "92"],
    ["Camden", "Special", "Knife Crime", "20", "21", "22"],
    ["Hackney", "Hate", "Racist and Religious Hate Crime", "30", "31", "32"],
    ["Hackney", "Hate", "Islamophobic", "1", "2", "3"],
    ["Hackney", "Hate", "Domestic Abuse", "80", "81", "82"],
    ["Hackney", "Special", "Knife Crime", "10", "11", "12"],
    ["Aviation Security(SO18)", "Hate", "Racist and Religious Hate Crime", "2", "0", "1"],
    ["Aviation Security(SO18)", "Hate", "Islamophobic", "1", "0", "0"],
]

LONG_HEADER = ["Month_Year", "Area Type", "Borough_SNT", "Area name", "Area code", "Offence Group",
               "Offence Subgroup", "Measure", "Financial Year", "FY_FYIndex", "Count", "Refresh Date"]

INCIDENT_HEADER = ["incident_id", "offence_date", "borough", "offence_type", "race", "religion",
                   "antisemitic", "islamophobic", "sexual_orientation", "transgender", "disability",
                   "ward_code", "outcome"]
# Four offences: Camden 2 (one race only, one race + religion + islamophobic), Hackney 1
# (sexual orientation + transgender), Westminster 1 (disability). Flags spelt four ways.
INCIDENT_ROWS = [
    ["A1", "2024-06-10", "Camden", "Public order", "1", "0", "0", "0", "0", "0", "0", "E05013660", ""],
    ["A2", "15/06/2024", "E09000007", "Violence against the person", "Y", "Y", "N", "Y", "N", "N", "N", "", "Charged"],
    ["A3", "2024-07-01 13:45", "hackney", "Public order", "no", "no", "no", "no", "yes", "yes", "no", "", ""],
    ["A4", "2024-07-02", "City of Westminster", "Criminal damage", "false", "false", "false", "false", "false",
     "false", "true", "", ""],
]


def csv_text(header, rows, *, line_end="\r\n") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=line_end)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def write_wide(path: Path, rows=None, header=None, **options) -> Path:
    path.write_text(csv_text(header or WIDE_HEADER, WIDE_ROWS if rows is None else rows, **options),
                    encoding="utf-8", newline="")
    return path


def long_row(month, borough, code, subgroup, measure, count, *, area_type="Borough",
             group="Hate Crime") -> list[str]:
    return [month, area_type, borough, borough, code, group, subgroup, measure, "fy20-21", "20-21_10",
            str(count), "05.06.21"]


def write_long(path: Path, rows, header=None, encoding="utf-8") -> Path:
    path.write_bytes(csv_text(header or LONG_HEADER, rows).encode(encoding))
    return path


def write_incidents(path: Path, rows=None, header=None, encoding="utf-8") -> Path:
    path.write_bytes(csv_text(header or INCIDENT_HEADER, INCIDENT_ROWS if rows is None else rows).encode(encoding))
    return path


def run_cli(store: Path, *args: str) -> int:
    return main(["--store", str(store), *args])


def store_state(path: Path) -> dict | None:
    """Every row of every table, sorted, so two states compare equal only if the store
    holds exactly the same data. None if there is no store."""
    if not path.exists():
        return None
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {table: con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall() for table in STORE_TABLES}
    finally:
        con.close()


def monthly(path: Path, *, dataset_name: str) -> dict:
    """{(month 'YYYY-MM', gss_code, strand): offences} of one dataset."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        rows = con.execute("""
            SELECT strftime(m.month, '%Y-%m'), m.gss_code, m.strand, m.offences
            FROM monthly_counts m JOIN datasets d USING (dataset_id) WHERE d.name = ?
        """, [dataset_name]).fetchall()
    finally:
        con.close()
    return {(month, code, strand): offences for month, code, strand, offences in rows}


def dataset_row(path: Path, name: str) -> dict | None:
    con = duckdb.connect(str(path), read_only=True)
    try:
        cursor = con.execute("SELECT * FROM datasets WHERE name = ?", [name])
        row = cursor.fetchone()
        return dict(zip([d[0] for d in cursor.description], row)) if row else None
    finally:
        con.close()


# The Met's current release, M1045_MonthlyCrimeDashboard_OtherCrimeData: the same columns as
# LONG_HEADER, with its current subgroup names and its XLSX twin.
def current_row(month, area, code, subgroup, measure, count, *, area_type="Borough", group="Hate Crime",
                refresh="05.02.25", snt=None) -> list[str]:
    return [month, area_type, snt or area, area, code, group, subgroup, measure, "FY24-25", "24-25_10",
            str(count), refresh]


def write_current_xlsx(path: Path, rows, header=None) -> Path:
    """The rows as an Excel workbook: months and refresh dates as date cells, counts as numbers,
    under a title row, as the Met's workbook has them."""
    import datetime as dt

    import openpyxl

    def cell(column, text):
        if column in ("Month_Year", "Refresh Date"):
            return dt.datetime.strptime(text, "%d.%m.%y")
        if column == "Count":
            return int(text)
        return text

    header = header or LONG_HEADER
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "OtherCrimeData"
    sheet.append(["MPS Monthly Crime Dashboard: other crime data"])
    sheet.append(header)
    for row in rows:
        sheet.append([cell(column, text) for column, text in zip(header, row)])
    workbook.save(path)
    return path
