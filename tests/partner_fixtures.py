"""Partner report files the tests write in the format of docs/LOADING.md.

The good file, by series (counts chosen so each can be checked by eye):
- CST 'Antisemitic incidents (CST method)': UK by month, Jan-Mar 2024 (150, 160, 170);
  London by half-year, H1 and H2 2023 (300, 320); Barnet H1 2023 (40) and H2 2023 suppressed
  (blank); includes_police_reports=yes.
- Tell MAMA 'Anti-Muslim reports 2019-2024' (a series break follows): London by year,
  2022 (120) and 2023 (140), online and offline separately for 2023 (90 online, 50 offline).
- British Muslim Trust 'Anti-Muslim monitor' (a new series, not a continuation): London,
  Oct-Dec 2025 quarter (33).
- Camden Council 'Hate incident log': Camden by quarter, 2024 Q1 to Q2 (12, 9), partly
  including police reports, the strand written 'LGBT+'.
"""

import csv
import io
import shutil
from pathlib import Path

HEADER = ["source", "series", "measure", "period_start", "period_end", "area", "strand", "category", "setting",
          "count", "includes_police_reports", "coverage_note", "definition_url", "published"]
CST = ("CST", "Antisemitic incidents (CST method)", "incidents_verified")
CST_NOTE = "CST exchanges anonymised records with the Met and removes duplicates."
CST_URL = "https://cst.org.uk/data"


def row(source, series, measure, start, end, area, strand, count, *, category="", setting="unknown",
        includes="yes", note="", url="", published="2024-08-01"):
    return [source, series, measure, start, end, area, strand, category, setting, count, includes, note, url,
            published]


GOOD_ROWS = [
    row(*CST, "2024-01-01", "2024-01-31", "UK", "antisemitic", "150", note=CST_NOTE, url=CST_URL),
    row(*CST, "2024-02-01", "2024-02-29", "UK", "antisemitic", "160", note=CST_NOTE, url=CST_URL),
    row(*CST, "2024-03-01", "2024-03-31", "UK", "antisemitic", "170", note=CST_NOTE, url=CST_URL),
    row(*CST, "2023-01-01", "2023-06-30", "London", "antisemitic", "300", note=CST_NOTE, url=CST_URL),
    row(*CST, "2023-07-01", "2023-12-31", "Greater London", "antisemitic", "320", note=CST_NOTE, url=CST_URL),
    row(*CST, "2023-01-01", "2023-06-30", "Barnet", "antisemitic", "40", note=CST_NOTE, url=CST_URL),
    row(*CST, "2023-07-01", "2023-12-31", "E09000003", "antisemitic", "", note=CST_NOTE, url=CST_URL),
    row("Tell MAMA", "Anti-Muslim reports 2019-2024", "reports_received", "2022-01-01", "2022-12-31", "London",
        "anti-Muslim", "120", includes="partly"),
    row("Tell MAMA", "Anti-Muslim reports 2019-2024", "reports_received", "2023-01-01", "2023-12-31", "London",
        "anti-Muslim", "90", setting="online", includes="partly"),
    row("Tell MAMA", "Anti-Muslim reports 2019-2024", "reports_received", "2023-01-01", "2023-12-31", "London",
        "anti-Muslim", "50", setting="offline", includes="partly"),
    row("British Muslim Trust", "Anti-Muslim monitor", "reports_received", "2025-10-01", "2025-12-31", "London",
        "islamophobic", "33", includes="unknown", published="2026-02-01"),
    row("Camden Council", "Hate incident log", "reports_received", "2024-01-01", "2024-03-31", "Camden", "LGBT+",
        "12", category="Homophobic or transphobic incident", includes="partly"),
    row("Camden Council", "Hate incident log", "reports_received", "2024-04-01", "2024-06-30", "camden", "LGBT+",
        "9", category="Homophobic or transphobic incident", includes="partly"),
]


def text(rows, header=None) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header or HEADER)
    writer.writerows(rows)
    return buffer.getvalue()


def write_partner_csv(path: Path, rows=None, header=None) -> Path:
    path.write_text(text(GOOD_ROWS if rows is None else rows, header), encoding="utf-8", newline="")
    return path


def write_partner_xlsx(path: Path, rows=None) -> Path:
    """The same rows as a workbook: dates as date cells, counts as numbers, a title row above."""
    import datetime as dt

    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Partner reports for the hate crime dashboard"])
    sheet.append(HEADER)
    for values in GOOD_ROWS if rows is None else rows:
        cells = list(values)
        for position in (3, 4, 13):
            cells[position] = dt.date.fromisoformat(cells[position])
        cells[9] = int(cells[9]) if cells[9] else None
        sheet.append(cells)
    workbook.save(path)
    return path


def demo_store_with_partners(demo_store_path: Path, folder: Path) -> Path:
    """A copy of the demo store in `folder` with the good partner file loaded."""
    from tests.load_fixtures import run_cli

    store = folder / "store.duckdb"
    shutil.copyfile(demo_store_path, store)
    assert run_cli(store, "load-partner-reports", str(write_partner_csv(folder / "partners.csv"))) == 0
    return store
