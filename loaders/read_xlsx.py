"""Reading an Excel workbook (.xlsx) as rows of text cells, so one set of checks serves
a CSV file and the same data saved as XLSX (the Met publishes its monthly crime
dashboard data as both). Problems name the worksheet row, as Excel numbers it.
"""

import datetime as dt
import io
import zipfile

import openpyxl

from loaders.problems import LoadRefused, Problems
from loaders.read_text import CsvTable, SourceFile

ZIP_MAGIC = b"PK\x03\x04"  # an .xlsx file is a zip archive
# The header is looked for in the first rows of each sheet: publishers put a title above it.
HEADER_SEARCH_ROWS = 10


def is_workbook(source: SourceFile) -> bool:
    return source.data.startswith(ZIP_MAGIC)


def read_xlsx_table(source: SourceFile, *, header_column: str,
                    progress=lambda message: None) -> CsvTable:
    """The first worksheet whose header row (within the first rows) has `header_column`,
    as text cells; refuses when no sheet has it."""
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(source.data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise LoadRefused.single(source.name, f"this looks like an Excel workbook but cannot be read ({error}); "
                                              "it may be cut short, or be an older .xls file: save it as .xlsx "
                                              "or as 'CSV UTF-8' and load it again.") from None
    try:
        for sheet in workbook.worksheets:
            table = _sheet_table(source, sheet, header_column, progress)
            if table is not None:
                return table
    finally:
        workbook.close()
    raise LoadRefused.single(source.name, f"no worksheet has a header row with the column '{header_column}'. "
                                          "Is this the right workbook?")


def _sheet_table(source, sheet, header_column, progress) -> CsvTable | None:
    problems = Problems(f"{source.name} (sheet '{sheet.title}')", unit="row")
    header, rows, lines = None, [], []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = [cell_text(value) for value in values]
        if not any(cells):
            continue
        if header is None:
            if header_column.casefold() in {cell.strip().casefold() for cell in cells}:
                header = [cell.strip() for cell in cells]
                width = len(header)
            elif number >= HEADER_SEARCH_ROWS:
                return None
            continue
        if any(cells[width:]):
            problems.add(number, None, ",".join(cells), f"this row has values beyond the header's {width} columns.")
            continue
        # Sheets store no trailing empty cells, so a short row is a row with empty cells at its end.
        rows.append((cells + [""] * width)[:width])
        lines.append(number)
        if len(rows) % 200_000 == 0:
            progress(f"  read {len(rows):,} rows")
    if header is None:
        return None
    if not rows and not problems:
        raise LoadRefused.single(problems.file, "the sheet has a header but no data rows.")
    return CsvTable(problems.file, header, rows, lines, f"Excel workbook, sheet '{sheet.title}'", problems)


def cell_text(value) -> str:
    """A cell as the text a CSV would hold: whole-number floats without '.0', dates ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
